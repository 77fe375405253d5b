"""Plain-language findings about frames: which outlets put the story in which frame."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from framing.findings import MAX_NAMED, Finding

__all__ = [
    "FRAME_PHRASES",
    "frame_finding_objects",
    "frame_findings",
    "frame_phrase",
    "leading_frames",
]

#: How a sentence says "frames it in …"; other frames read "in terms of <frame>".
FRAME_PHRASES = {
    "Economic": "in economic terms",
    "Political": "in political terms",
    "Morality": "in moral terms",
    "Moral": "in moral terms",
    "Human interest": "in human-interest terms",
    "Conflict": "as a conflict",
    "Resolution": "around a resolution",
    "Crime and punishment": "in terms of crime and punishment",
    "Security and defense": "in terms of security and defense",
}
_MAX_FINDINGS = 3


def frame_phrase(frame: str) -> str:
    """``"in economic terms"``, ``"in terms of quality of life"``.

    Examples
    --------
    >>> frame_phrase("Economic"), frame_phrase("Quality of life")
    ('in economic terms', 'in terms of quality of life')
    """
    return FRAME_PHRASES.get(frame, f"in terms of {frame[:1].lower()}{frame[1:]}")


def _by_label(frames: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    df = frames.assign(label=frames["article_id"].map(lambda a: labels.get(a, str(a))))
    return df.groupby(["scheme", "frame", "label"], sort=False).agg(
        predicted=("predicted", "any"), score=("score", "max")
    )


def leading_frames(frames: pd.DataFrame, *, k: int = 2) -> dict[str, list[str]]:
    """Per article: its ``k`` predicted frames with the highest scores (policy first).

    Examples
    --------
    >>> f = pd.DataFrame({"article_id": ["a"] * 3, "scheme": ["policy"] * 3,
    ...     "frame": ["Political", "Economic", "Morality"], "score": [0.9, 0.7, 0.2],
    ...     "predicted": [True, True, False]})
    >>> leading_frames(f)
    {'a': ['Political', 'Economic']}
    """
    if frames is None or not len(frames):
        return {}
    df = frames[frames["predicted"].astype(bool)].copy()
    df["_order"] = (df["scheme"] != "policy").astype(int)
    df = df.sort_values(["article_id", "_order", "score"], ascending=[True, True, False])
    out: dict[str, list[str]] = {}
    for aid, part in df.groupby("article_id", sort=False):
        names: list[str] = []
        for frame in part["frame"]:
            if frame not in names:
                names.append(frame)
        out[str(aid)] = names[:k]
    return out


def _names(labels: list[str]) -> str:
    quoted = [f"“{x}”" for x in labels]
    if len(quoted) <= MAX_NAMED:
        return ", ".join(quoted)
    rest = len(quoted) - MAX_NAMED
    return ", ".join(quoted[:MAX_NAMED]) + f" and {rest} other{'s' * (rest != 1)}"


def frame_findings(frames: pd.DataFrame, labels: Mapping[str, str]) -> list[str]:
    """Findings such as "Only 2 of 12 outlets frame it in economic terms (“A”, “B”)."

    Parameters
    ----------
    frames
        The frames table (``FRAME_COLUMNS``).
    labels
        ``article_id`` → the outlet's label as shown elsewhere; articles with one label
        count as one outlet (it frames the story so when any of its articles does).

    Returns
    -------
    list of str
        At most three, the frames taken up by the fewest outlets first, then the clearest
        splits (the gap between the lowest score of the outlets that use the frame and the
        highest of those that do not); a frame no outlet uses, or every outlet uses, is not a
        finding. Plain text: the caller escapes it.

    Examples
    --------
    >>> f = pd.DataFrame({"article_id": ["a", "b", "c"], "scheme": ["policy"] * 3,
    ...     "frame": ["Economic"] * 3, "score": [0.8, 0.2, 0.1],
    ...     "predicted": [True, False, False]})
    >>> frame_findings(f, {"a": "A", "b": "B", "c": "C"})
    ['Only 1 of 3 outlets frames it in economic terms (“A”).']
    """
    return [f.text for f in frame_finding_objects(frames, labels)]


def frame_finding_objects(frames: pd.DataFrame, labels: Mapping[str, str]) -> list[Finding]:
    """:func:`frame_findings` as :class:`framing.findings.Finding` objects, to rank with the
    others (``kind="frames"``, a description without a test; ``effect`` = the share of outlets
    on the other side of the split, so "only 1 of 12" ranks above "only 4 of 12")."""
    if frames is None or not len(frames):
        return []
    table = _by_label(frames, labels).reset_index()
    n = table["label"].nunique()
    if n < 2:
        return []
    candidates = []
    for (_, frame), part in table.groupby(["scheme", "frame"], sort=False):
        yes = part[part["predicted"]].sort_values("score", ascending=False)
        no = part[~part["predicted"]]
        k = len(yes)
        if k == 0 or k == n:
            continue
        if n == 2:
            text = f"“{yes['label'].iloc[0]}” frames it {frame_phrase(frame)}; “{no['label'].iloc[0]}” does not."
            outlets = tuple(yes["label"])
        elif k <= n / 3:
            verb = "frames" if k == 1 else "frame"
            names = _names(list(yes["label"]))
            text = f"Only {k} of {n} outlets {verb} it {frame_phrase(frame)} ({names})."
            outlets = tuple(yes["label"])
        elif k == n - 1:
            text = f"All outlets but “{no['label'].iloc[0]}” frame it {frame_phrase(frame)}."
            outlets = tuple(no["label"])
        else:
            continue
        effect = 1 - min(k, n - k) / n
        gap = float(yes["score"].min()) - float(no["score"].max())  # how clear the split is
        candidates.append((min(k, n - k), -gap, Finding(text, effect, None, "frames", outlets)))
    candidates.sort(key=lambda c: (c[0], c[1]))
    out: list[Finding] = []
    for _, _, finding in candidates:  # the two schemes' Economic (Moral) read the same
        if finding.text not in {f.text for f in out}:
            out.append(finding)
    return out[:_MAX_FINDINGS]

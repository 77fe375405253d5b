"""Plain-language findings computed from the tables (never canned text).

Each finding compares outlets on one measure and says whether the difference is reliable:
the standard error of each value is read off its 95% bootstrap interval (``*_lo``/``*_hi``,
``se = (hi - lo) / 3.92``) and the difference is *reliable* when its own 95% interval,
``diff ± 1.96 · sqrt(se_a² + se_b²)``, excludes zero. (Asking that the two intervals do not
overlap is a much stricter test than a 95% one; Schenker & Gentleman 2001.) Nothing is claimed
when an interval is missing. Ratios are only
given when both values are above zero (no division by zero); with a zero, the finding says
"none at all" instead. Output is plain text: the caller escapes it.

Order: :func:`ranked_findings` returns :class:`Finding` objects ranked by importance:
reliable differences first, largest effect first; then descriptions that need no test
(quotation shares, omissions); then differences that are not reliable or cannot be judged.
The effect is scale-free so measures compare: for a rate, ``(high − low) / high`` (1 = one
outlet uses none); for tone and stance, the difference over the scale's width (2). A
finding names at most three outlets ("“A”, “B”, “C” and 12 others").

Set-aside articles (not English, very short, near-duplicates, over the time budget) never
appear: pass the tables of the restricted analysis
(:func:`framing.comparison.restrict`), as the dashboard and the reports do.

Examples
--------
>>> import pandas as pd
>>> arts = pd.DataFrame({"outlet": ["A", "B"], "hedge_rate": [1.0, 3.0],
...     "hedge_rate_lo": [0.5, 2.0], "hedge_rate_hi": [1.5, 4.0]})
>>> findings(arts)[0]
'“A” uses 3.0× fewer hedges per 100 words than “B” (1.00 vs 3.00); the difference is reliable (its 95% interval excludes zero).'
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from framing.comparison import row_labels
from framing.models import BALANCED

__all__ = ["MAX_NAMED", "RATE_PHRASES", "Finding", "findings", "ranked_findings", "reliability"]

# rate column -> what one unit of it is, in a sentence
RATE_PHRASES: dict[str, str] = {
    "hedge_rate": "hedges",
    "intensity_rate": "loaded/intense words",
    "loaded_verb_rate": "loaded reporting verbs",
}
_MAX_OMISSIONS = 3
#: Outlets a finding names at most; the rest are counted ("and 12 others").
MAX_NAMED = 3


@dataclass(frozen=True)
class Finding:
    """One finding: its text, its scale-free effect size, and how sure it is.

    ``reliable`` is True/False for a tested difference, None for a description without a
    test (or a difference without intervals: then ``tested`` is False too).
    """

    text: str
    effect: float = 0.0
    reliable: bool | None = None
    kind: str = ""
    outlets: tuple[str, ...] = field(default=())
    tested: bool = False

    @property
    def rank_group(self) -> int:
        """0: reliable difference; 1: description without a test; 2: not reliable or
        not judged."""
        if self.reliable:
            return 0
        return 2 if self.tested or self.kind in _DIFFERENCES else 1


_DIFFERENCES = {"rate", "tone", "stance"}


def _names(labels: list[str], limit: int = MAX_NAMED) -> str:
    """“A”, “B” and “C”; or “A”, “B”, “C” and 12 others.

    >>> _names(["A"]), _names(["A", "B"]), _names(list("ABCDE"))
    ('“A”', '“A” and “B”', '“A”, “B”, “C” and 2 others')
    """
    quoted = [f"“{x}”" for x in labels]
    if len(quoted) <= 1:
        return "".join(quoted)
    if len(quoted) <= limit:
        return ", ".join(quoted[:-1]) + f" and {quoted[-1]}"
    rest = len(quoted) - limit
    return ", ".join(quoted[:limit]) + f" and {rest} other{'s' if rest != 1 else ''}"


_STANCE_MIN = BALANCED  # |position| below this reads as "balanced"


def _num(value: object) -> float:
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan
    return v


def _signed(v: float, digits: int = 1) -> str:
    text = f"{v:+.{digits}f}"
    if float(text) == 0:
        return f"{0:.{digits}f}"
    return text.replace("-", "−")


def reliability(
    lo_a: float,
    hi_a: float,
    lo_b: float,
    hi_b: float,
    *,
    a: float | None = None,
    b: float | None = None,
) -> str | None:
    """Is the difference between two estimates with 95% intervals reliable?

    ``"reliable"`` when the 95% interval of the difference excludes zero, ``"not reliable"``
    when it does not, ``None`` when any bound is missing (NaN): then no claim is made. The
    standard error of each estimate is read off its interval (width / 3.92); ``a`` and ``b``
    are the estimates (default: the interval midpoints).

    Examples
    --------
    >>> reliability(0, 1, 2, 3), reliability(0, 2, 1, 3), reliability(0, float("nan"), 1, 2)
    ('reliable', 'not reliable', None)
    >>> reliability(0, 1, 0.9, 1.9)  # the intervals overlap, yet the difference is reliable
    'reliable'
    """
    bounds = [_num(x) for x in (lo_a, hi_a, lo_b, hi_b)]
    if any(math.isnan(v) for v in bounds):
        return None
    lo_a, hi_a, lo_b, hi_b = bounds
    est_a = _num(a) if a is not None else (lo_a + hi_a) / 2
    est_b = _num(b) if b is not None else (lo_b + hi_b) / 2
    if math.isnan(est_a) or math.isnan(est_b):
        return None
    se = math.hypot((hi_a - lo_a) / 3.92, (hi_b - lo_b) / 3.92)
    diff = abs(est_a - est_b)
    if se == 0:
        return "reliable" if diff > 0 else "not reliable"
    return "reliable" if diff > 1.96 * se else "not reliable"


def _verdict(rel: str | None) -> str:
    if rel == "reliable":
        return "; the difference is reliable (its 95% interval excludes zero)."
    if rel == "not reliable":
        return (
            "; the difference is not reliable (its 95% interval includes zero: it could be chance)."
        )
    return " (no interval available to judge the difference)."


def _labels(articles: pd.DataFrame) -> pd.Series:
    """Outlet names, or "outlet · date · short headline" where one outlet has several."""
    outlet = articles["outlet"].astype(str)
    if not outlet.duplicated().any():
        return outlet
    title = articles["title"].astype(str) if "title" in articles else [""] * len(outlet)
    date = articles["published"].astype(str) if "published" in articles else [""] * len(outlet)
    return pd.Series(row_labels(list(outlet), list(title), list(date)), index=articles.index)


def _tested(rel: str | None) -> tuple[bool | None, bool]:
    return (None, False) if rel is None else (rel == "reliable", True)


def _rate_finding(df: pd.DataFrame, col: str, phrase: str) -> Finding | None:
    vals = df[col].map(_num)
    ok = vals.notna() & np.isfinite(vals.astype(float))
    if ok.sum() < 2:
        return None
    sub = df[ok].assign(_v=vals[ok].astype(float))
    hi_row = sub.loc[sub["_v"].idxmax()]
    lo_row = sub.loc[sub["_v"].idxmin()]
    v_hi, v_lo = float(hi_row["_v"]), float(lo_row["_v"])
    if v_hi == v_lo:
        return Finding(
            f"All outlets use the same rate of {phrase} ({v_hi:.2f} per 100 words).", kind="rate"
        )
    rel = reliability(
        lo_row.get(f"{col}_lo"), lo_row.get(f"{col}_hi"),
        hi_row.get(f"{col}_lo"), hi_row.get(f"{col}_hi"),
        a=v_lo, b=v_hi,
    )  # fmt: skip
    high = f"“{hi_row['_label']}”"
    lows = list(sub.loc[sub["_v"] == v_lo, "_label"].astype(str))
    if v_lo <= 0:
        verb = "uses" if len(lows) == 1 else "use"
        text = (
            f"{_names(lows, MAX_NAMED - 1)} {verb} no {phrase} at all, while {high} uses "
            f"{v_hi:.2f} per 100 words"
        )
    else:
        text = (
            f"“{lo_row['_label']}” uses {v_hi / v_lo:.1f}× fewer {phrase} per 100 words than "
            f"{high} ({v_lo:.2f} vs {v_hi:.2f})"
        )
    reliable, tested = _tested(rel)
    return Finding(
        text + _verdict(rel),
        effect=(v_hi - v_lo) / v_hi if v_hi > 0 else 0.0,
        reliable=reliable,
        kind="rate",
        outlets=(str(lo_row["_label"]), str(hi_row["_label"])),
        tested=tested,
    )


def _sentiment_finding(df: pd.DataFrame) -> Finding | None:
    col = "sentiment_mean"
    vals = df[col].map(_num)
    ok = vals.notna()
    if ok.sum() < 2:
        return None
    sub = df[ok].assign(_v=vals[ok].astype(float))
    neg = sub.loc[sub["_v"].idxmin()]
    pos = sub.loc[sub["_v"].idxmax()]
    if neg["_v"] == pos["_v"]:
        return None
    rel = reliability(
        neg.get(f"{col}_lo"), neg.get(f"{col}_hi"), pos.get(f"{col}_lo"), pos.get(f"{col}_hi"),
        a=neg["_v"], b=pos["_v"],
    )  # fmt: skip
    if len(sub) == 2:
        text = (
            f"“{neg['_label']}” is more negative in tone (mean VADER {_signed(neg['_v'], 2)}) "
            f"than “{pos['_label']}” ({_signed(pos['_v'], 2)})"
        )
    else:
        text = (
            f"“{neg['_label']}” is the most negative in tone (mean VADER "
            f"{_signed(neg['_v'], 2)}) and “{pos['_label']}” the least ({_signed(pos['_v'], 2)})"
        )
    reliable, tested = _tested(rel)
    return Finding(
        text + _verdict(rel),
        effect=abs(float(pos["_v"]) - float(neg["_v"])) / 2,
        reliable=reliable,
        kind="tone",
        outlets=(str(neg["_label"]), str(pos["_label"])),
        tested=tested,
    )


def _quote_finding(df: pd.DataFrame) -> Finding | None:
    if "quote_share" not in df:
        return None
    vals = df["quote_share"].map(_num)
    ok = vals.notna()
    if ok.sum() < 2:
        return None
    sub = df[ok].assign(_v=vals[ok].astype(float)).sort_values("_v", ascending=False)
    top, rest = sub.iloc[0], sub.iloc[1:]
    if top["_v"] <= 0:
        return Finding("No outlet quotes anyone directly.", kind="quotes")
    if len(rest) <= 2:
        others = ", ".join(f"{r['_v']:.0%} for “{r['_label']}”" for _, r in rest.iterrows())
    else:
        none = int((rest["_v"] <= 0).sum())
        others = f"a median of {float(rest['_v'].median()):.0%} for the other {len(rest)}"
        if none:
            others += f"; {none} quote no one directly"
    return Finding(
        f"“{top['_label']}” gives the most room to direct quotes: {top['_v']:.0%} of its words "
        f"are inside quotation marks (vs {others}).",
        effect=float(top["_v"] - rest["_v"].median()),
        kind="quotes",
        outlets=(str(top["_label"]),),
    )


def _lean(value: float, left_label: str, right_label: str) -> str:
    v = float(value)
    if abs(v) < _STANCE_MIN:
        return f"stays near the middle ({_signed(v)})"
    return f"leans toward {right_label if v > 0 else left_label} ({_signed(v)})"


def _stance_findings(stance: pd.DataFrame) -> list[Finding]:
    out: list[Finding] = []
    need = {"axis", "outlet", "position"}
    if stance is None or stance.empty or not need <= set(stance.columns):
        return out
    for axis, g in stance.groupby("axis", sort=False):
        g = g.assign(_v=g["position"].map(_num)).dropna(subset=["_v"])
        if {"n_left", "n_right"} <= set(g.columns):  # no term of the axis: no position
            g = g[(g["n_left"].map(_num).fillna(0) + g["n_right"].map(_num).fillna(0)) > 0]
        if len(g) < 2:
            continue
        right = g.loc[g["_v"].idxmax()]
        left = g.loc[g["_v"].idxmin()]
        if right["_v"] == left["_v"]:
            continue
        rel = reliability(
            left.get("position_lo"), left.get("position_hi"),
            right.get("position_lo"), right.get("position_hi"),
            a=left["_v"], b=right["_v"],
        )  # fmt: skip
        r_label = str(right.get("right_label", "") or "the right pole")
        l_label = str(left.get("left_label", "") or "the left pole")
        v_r, v_l = float(right["_v"]), float(left["_v"])
        if min(v_r, v_l) >= _STANCE_MIN or max(v_r, v_l) <= -_STANCE_MIN:
            strong, weak = (right, left) if v_r > 0 else (left, right)
            pole = r_label if v_r > 0 else l_label
            text = (
                f"On the “{axis}” axis, both “{strong['outlet']}” and “{weak['outlet']}” lean "
                f"toward {pole}, “{strong['outlet']}” more strongly "
                f"({_signed(strong['_v'])} vs {_signed(weak['_v'])})"
            )
        elif max(abs(v_r), abs(v_l)) < _STANCE_MIN:
            text = (
                f"On the “{axis}” axis, “{right['outlet']}” and “{left['outlet']}” both stay "
                f"near the middle ({_signed(v_r)}, {_signed(v_l)})"
            )
        else:
            text = (
                f"On the “{axis}” axis, “{right['outlet']}” {_lean(v_r, l_label, r_label)} "
                f"while “{left['outlet']}” {_lean(v_l, l_label, r_label)}"
            )
        reliable, tested = _tested(rel)
        out.append(
            Finding(
                text + _verdict(rel),
                effect=(v_r - v_l) / 2,
                reliable=reliable,
                kind="stance",
                outlets=(str(right["outlet"]), str(left["outlet"])),
                tested=tested,
            )
        )
    return out


def _omission_findings(coverage: pd.DataFrame) -> list[Finding]:
    out: list[Finding] = []
    need = {"outlet", "cluster", "omitted"}
    if coverage is None or coverage.empty or not need <= set(coverage.columns):
        return out
    n_outlets = coverage["outlet"].nunique()
    if n_outlets < 2:
        return out
    df = coverage.assign(_om=coverage["omitted"].fillna(False).astype(bool))
    if "label" not in df:
        df["label"] = df["cluster"].astype(str)
    sentences = df["sentences"] if "sentences" in df else pd.Series(1, index=df.index)
    df = df.assign(_n=sentences.map(_num).fillna(0))
    rows = []
    for cluster, g in df.groupby("cluster", sort=True):
        if not g["_om"].any():
            continue
        covering = g[~g["_om"]]
        if covering.empty:
            continue
        rows.append((float(covering["_n"].sum()), cluster, g, covering))
    rows.sort(key=lambda r: (-r[0], str(r[1])))
    for n, _cluster, g, covering in rows[:_MAX_OMISSIONS]:
        label = str(g["label"].iloc[0])
        sent = f" ({int(n)} sentence{'s' if int(n) != 1 else ''})" if n else ""
        share = len(covering) / n_outlets
        if len(covering) == 1:
            only = str(covering["outlet"].iloc[0])
            text = f"Only “{only}” covers the cluster ‘{label}’{sent}."
            named: tuple[str, ...] = (only,)
        else:
            missing = list(g.loc[g["_om"], "outlet"].astype(str))
            text = (
                f"{_names(missing)} leave{'s' if len(missing) == 1 else ''} out the cluster "
                f"‘{label}’, which {len(covering)} other outlets cover{sent}."
            )
            named = tuple(missing[:MAX_NAMED])
        out.append(Finding(text, effect=share, kind="omission", outlets=named))
    return out


def ranked_findings(
    articles: pd.DataFrame,
    stance: pd.DataFrame | None = None,
    coverage: pd.DataFrame | None = None,
    frames: pd.DataFrame | None = None,
) -> list[Finding]:
    """The findings as :class:`Finding` objects, most important first (see the module notes).

    Parameters are as for :func:`findings`; pass the restricted analysis' tables so
    set-aside articles never appear.
    """
    if articles is None or articles.empty or "outlet" not in articles:
        return [Finding("No articles loaded yet.")]
    df = articles.reset_index(drop=True)
    df = df.assign(_label=_labels(df))
    if df["outlet"].nunique() < 2 and len(df) < 2:
        return [
            Finding(
                f"Only one article (“{df['_label'].iloc[0]}”) is loaded: add another outlet's "
                "article on the same story to compare framing."
            )
        ]
    out: list[Finding] = []
    for col, phrase in RATE_PHRASES.items():
        if col in df:
            found = _rate_finding(df, col, phrase)
            if found:
                out.append(found)
    if "sentiment_mean" in df:
        found = _sentiment_finding(df)
        if found:
            out.append(found)
    found = _quote_finding(df)
    if found:
        out.append(found)
    out.extend(_stance_findings(stance) if stance is not None else [])
    out.extend(_omission_findings(coverage) if coverage is not None else [])
    if frames is not None and len(frames):
        from framing.frames.findings import frame_finding_objects  # it imports Finding

        out.extend(
            frame_finding_objects(frames, dict(zip(df["article_id"], df["_label"], strict=True)))
        )
    order = sorted(range(len(out)), key=lambda i: (out[i].rank_group, -out[i].effect, i))
    return [out[i] for i in order]


def findings(
    articles: pd.DataFrame,
    stance: pd.DataFrame | None = None,
    coverage: pd.DataFrame | None = None,
    frames: pd.DataFrame | None = None,
) -> list[str]:
    """Plain-language findings computed from the analysis tables, most important first.

    Parameters
    ----------
    articles : DataFrame
        ``models.ARTICLE_COLUMNS`` (uses outlet, title, the rate/sentiment columns with
        their ``_lo``/``_hi`` bounds, quote_share). Pass the comparison set only
        (:func:`framing.comparison.restrict`): set-aside articles must not appear.
    stance : DataFrame, optional
        ``models.STANCE_COLUMNS``.
    coverage : DataFrame, optional
        ``models.COVERAGE_COLUMNS`` (uses outlet, cluster, label, sentences, omitted).
    frames : DataFrame, optional
        ``models.FRAME_COLUMNS``: frames that only some outlets use ("Only 2 of 12 outlets
        frame it in economic terms"), ranked with the rest.

    Returns
    -------
    list of str
        The texts of :func:`ranked_findings`, in its order. With one outlet, a single
        finding says that a comparison needs two.
    """
    return [f.text for f in ranked_findings(articles, stance, coverage, frames)]

"""Stance axes: where an article sits between two poles ("distance" ↔ "support", …).

An axis is a list of terms for its left pole (``pole=-1``) and its right pole (``pole=+1``),
kept in ``data/stance_axes.csv`` (``axis,pole,pole_label,term,source``). The terms are
matched by the same :class:`framing.lexicon.Matcher` as every other cue (lexicon
``"stance"``, category ``"<axis>:<pole_label>"``, weight = pole), so they are phrases with
word boundaries, inflections and negation.

Position of an article on an axis::

    position = (R - L) / (R + L + STANCE_PRIOR)

where ``L``/``R`` count the hits on the left/right pole. A negated hit ("did not pledge")
counts for the other pole. ``STANCE_PRIOR`` (1.0) is a pseudo-count split evenly between the
poles: it pulls thin evidence toward 0 (one hit gives ±0.5, not ±1; ten hits on one side
give ±0.91) and makes an article with no hits sit at exactly 0. The 95% interval comes from
a bootstrap over the article's sentences (:func:`framing.scores.bootstrap_indices`).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from framing.models import LEXICON_COLUMNS, STANCE_COLUMNS, AxisTerm, ReadError
from framing.scores import resample_counts

__all__ = [
    "AXES_CSV",
    "STANCE_PRIOR",
    "axis_entries",
    "axis_poles",
    "default_axes",
    "position",
    "read_axes_csv",
    "stance_rows",
    "stance_table",
]

AXES_CSV = Path(__file__).resolve().parent.parent / "data" / "stance_axes.csv"
#: Pseudo-count (split evenly between the poles) that pulls positions toward 0.
STANCE_PRIOR = 1.0


def read_axes_csv(
    data: str | bytes | Path, *, name: str = "stance_axes.csv"
) -> tuple[AxisTerm, ...]:
    """Axis terms from CSV text, bytes or a path (``axis,pole,pole_label,term[,source]``).

    Raises
    ------
    ReadError
        On a missing column, a pole other than -1/+1, or an axis with only one pole.

    Examples
    --------
    >>> terms = read_axes_csv("axis,pole,pole_label,term\\nx,-1,calm,calm\\nx,1,alarm,panic\\n")
    >>> [(t.pole, t.term) for t in terms]
    [(-1, 'calm'), (1, 'panic')]
    """
    if isinstance(data, Path):
        name = data.name
        data = data.read_bytes()
    if isinstance(data, bytes):
        data = data.decode("utf-8-sig", errors="replace")
    reader = csv.DictReader(io.StringIO(data))
    fields = {f.strip().lower() for f in (reader.fieldnames or [])}
    missing = {"axis", "pole", "pole_label", "term"} - fields
    if missing:
        raise ReadError(name, f"a stance-axes file needs the columns {', '.join(sorted(missing))}")
    out: list[AxisTerm] = []
    for line, row in enumerate(reader, start=2):
        row = {str(k).strip().lower(): (v or "").strip() for k, v in row.items() if k}
        if not any(row.values()):
            continue
        try:
            pole = int(float(row["pole"]))
        except ValueError:
            raise ReadError(
                name, f"row {line}: pole must be -1 or 1, not {row['pole']!r}"
            ) from None
        if pole not in (-1, 1) or not row["axis"] or not row["term"] or not row["pole_label"]:
            raise ReadError(name, f"row {line}: needs axis, pole (-1 or 1), pole_label and term")
        out.append(
            AxisTerm(row["axis"], pole, row["pole_label"], row["term"], row.get("source", ""))
        )
    poles: dict[str, set[int]] = {}
    for t in out:
        poles.setdefault(t.axis, set()).add(t.pole)
    one_sided = sorted(a for a, p in poles.items() if len(p) < 2)
    if one_sided:
        raise ReadError(name, f"axis {one_sided[0]!r} needs terms for both poles (-1 and 1)")
    return tuple(out)


@lru_cache(maxsize=1)
def default_axes() -> tuple[AxisTerm, ...]:
    """The bundled axes (``data/stance_axes.csv``)."""
    return read_axes_csv(AXES_CSV)


def axis_poles(axes: Iterable[AxisTerm]) -> dict[str, tuple[str, str]]:
    """Axis -> (left label, right label), in first-seen order."""
    out: dict[str, list[str]] = {}
    for t in axes:
        labels = out.setdefault(t.axis, ["", ""])
        labels[0 if t.pole < 0 else 1] = labels[0 if t.pole < 0 else 1] or t.pole_label
    return {a: (v[0], v[1]) for a, v in out.items()}


def axis_entries(axes: Iterable[AxisTerm]) -> pd.DataFrame:
    """Matcher rows for the axes (``LEXICON_COLUMNS``; lexicon ``"stance"``).

    Examples
    --------
    >>> axis_entries([AxisTerm("x", -1, "calm", "calm")])[["term", "category", "lexicon"]].iloc[0].tolist()
    ['calm', 'x:calm', 'stance']
    """
    rows = [(t.term, f"{t.axis}:{t.pole_label}", float(t.pole), t.source, "stance") for t in axes]
    return pd.DataFrame(rows, columns=LEXICON_COLUMNS).drop_duplicates(["term", "category"])


def position(left: np.ndarray | float, right: np.ndarray | float) -> np.ndarray | float:
    """``(right - left) / (right + left + STANCE_PRIOR)``, elementwise.

    >>> position(0, 0), position(0, 1), round(position(3, 1), 3)
    (0.0, 0.5, -0.4)
    """
    r, lt = np.asarray(right, dtype=float), np.asarray(left, dtype=float)
    out = (r - lt) / (r + lt + STANCE_PRIOR)
    return float(out) if out.ndim == 0 else out


def stance_rows(
    hits: Iterable[tuple[int, str, str, float, bool]],
    *,
    n_sentences: int,
    axes: Sequence[AxisTerm],
    article_id: str = "",
    outlet: str = "",
    boot_idx: np.ndarray | None = None,
) -> list[tuple]:
    """Rows of :func:`stance_table` from plain ``(sent_id, term, category, weight, negated)``
    stance hits (the fast core; no DataFrame)."""
    poles = axis_poles(axes)
    size = max(n_sentences, 1)
    counts = {axis: (np.zeros(size), np.zeros(size), Counter()) for axis in poles}
    for sent_id, term, category, weight, negated in hits:
        axis = str(category).rsplit(":", 1)[0]
        if axis not in counts:
            continue
        left, right, terms = counts[axis]
        pole = float(weight) * (-1.0 if negated else 1.0)
        sid = int(sent_id) if 0 <= int(sent_id) < size else 0
        if pole < 0:
            left[sid] += 1
        else:
            right[sid] += 1
        terms[("+" if pole > 0 else "-") + str(term) + (" (negated)" if negated else "")] += 1
    rows = []
    drawn: np.ndarray | None = None  # resample_counts(boot_idx), made when first needed
    for axis, (left_label, right_label) in poles.items():
        left, right, terms = counts[axis]
        n_left, n_right = int(left.sum()), int(right.sum())
        pos = float(position(n_left, n_right))
        lo = hi = float("nan")
        if boot_idx is not None and boot_idx.size and n_sentences > 0:
            if n_left + n_right == 0:
                lo = hi = 0.0
            else:
                if drawn is None:
                    drawn = resample_counts(boot_idx)
                pb = position(drawn @ left, drawn @ right)  # counts: exact sums
                lo, hi = (float(v) for v in np.percentile(pb, [2.5, 97.5]))
        label = "; ".join(
            t if k == 1 else f"{t} ×{k}"
            for t, k in sorted(terms.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        rows.append(
            (article_id, outlet, axis, left_label, right_label, pos, lo, hi, n_left, n_right, label)
        )
    return rows


def stance_table(
    cues: pd.DataFrame,
    *,
    n_sentences: int,
    axes: Sequence[AxisTerm],
    article_id: str = "",
    outlet: str = "",
    boot_idx: np.ndarray | None = None,
) -> pd.DataFrame:
    """Position of one article on every axis (``STANCE_COLUMNS``), one row per axis.

    Parameters
    ----------
    cues
        The article's cues (columns ``sent_id, term, category, weight, negated`` and, if
        present, ``lexicon``: only ``"stance"`` rows count).
    n_sentences
        Sentences in the article (sentences without hits count in the bootstrap).
    axes
        The axis terms in force (every axis gets a row, hits or not).
    boot_idx
        ``(B, n_sentences)`` resampled sentence indices; ``None`` gives no interval (NaN).
    """
    if "lexicon" in cues.columns:
        cues = cues[cues["lexicon"] == "stance"]
    hits = (
        zip(
            cues["sent_id"],
            cues["term"],
            cues["category"],
            cues["weight"],
            cues["negated"].astype(bool),
            strict=True,
        )
        if len(cues)
        else ()
    )
    rows = stance_rows(
        hits,
        n_sentences=n_sentences,
        axes=axes,
        article_id=article_id,
        outlet=outlet,
        boot_idx=boot_idx,
    )
    return pd.DataFrame(rows, columns=STANCE_COLUMNS)

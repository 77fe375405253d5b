"""The comparison set of a story: which articles are compared, under which row label, at which grain.

A story holds every article loaded; the *comparison set* is the part that findings, charts,
clusters and exports compare. :func:`comparison_set` decides it from the quality flags
(:mod:`framing.quality`) and the articles set aside for time (:attr:`Analysis.set_aside`);
:func:`restrict` cuts an :class:`~framing.models.Analysis` down to it; :func:`by_outlet` pools
the articles of each outlet into one unit; :func:`focus_colors` colours up to five focus rows
and greys the rest. Nothing is deleted: the full analysis stays with the caller.

Rules (plain, so the banner can say them):

* An article flagged ``non_english`` is set aside ("not English"): the word lists and VADER
  are English-only, so its numbers mean nothing.
* An article flagged ``very_short`` is set aside ("very short"): rates per 100 words of a
  few sentences swing wildly.
* Near-duplicates (``near_duplicate:<id>`` flags, e.g. one wire story under two outlet names)
  form groups; one copy of each group stays in: the **earliest** published (an ISO date sorts
  as text), then the **longest** (most words) when dates tie or are unknown, then the first in
  the table; a copy that is set aside anyway (not English, very short) is kept only when all
  are. The others are set aside as "near-duplicate of <label of the kept copy>".
* Articles set aside for time keep their own reason (e.g. "took too long to analyse").

Examples
--------
>>> import pandas as pd
>>> arts = pd.DataFrame({"article_id": ["a", "b", "c"], "outlet": ["X", "Y", "Y"],
...     "title": ["One", "Two words here", "Three"], "published": ["2024-01-02", "2024-01-01", ""],
...     "n_words": [300, 200, 50], "flags": ["", "", "very_short"]})
>>> comparison_set(arts)[["label", "included", "reason"]].values.tolist()
[['X', True, ''], ['Y · 2024-01-01 · Two words here', True, ''], ['Y · Three', False, 'very short']]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from framing.grain import pool_outlets
from framing.models import Analysis, FromSentences, SetAside, Settings

__all__ = [
    "ALL_COLOURED",
    "COMPARISON_COLUMNS",
    "FOCUS_COLORS",
    "GREY",
    "MAX_FOCUS",
    "by_outlet",
    "comparison_set",
    "focus_colors",
    "restrict",
    "row_labels",
    "set_aside_lines",
]

#: Columns of :func:`comparison_set`. ``flag_reason`` is the reason an article *would* be set
#: aside even when ``include_flagged`` keeps it in (so a banner can still name it).
COMPARISON_COLUMNS = ["article_id", "outlet", "label", "included", "reason", "flag_reason"]

#: Focus outlets a reader can pick; more would need a legend again.
MAX_FOCUS = 5
#: With this many rows or fewer every row gets a colour (no focus needed).
ALL_COLOURED = 8
#: Okabe & Ito (2008) colour-blind-safe palette without black (ink) and yellow (too light
#: on white for a dot): the five focus colours, in the order focus outlets are given.
FOCUS_COLORS: tuple[str, ...] = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00")
#: Eight colours for small stories (≤ :data:`ALL_COLOURED` rows): Okabe & Ito plus two of
#: Paul Tol's muted colours.
_SMALL_COLORS: tuple[str, ...] = (
    *FOCUS_COLORS,
    "#56B4E9",
    "#882255",
    "#999933",
)
#: The colour of every row that is not in focus.
GREY = "#B4B4B4"

_REASONS = {"non_english": "not English", "very_short": "very short"}
_HEADLINE_CHARS = 28


def _text(series: pd.Series | None, n: int) -> list[str]:
    if series is None:
        return [""] * n
    return ["" if pd.isna(v) else str(v).strip() for v in series]


def _short_headline(title: str, n: int = _HEADLINE_CHARS) -> str:
    words, out = " ".join(title.split()).split(" "), ""
    for w in words:
        nxt = f"{out} {w}".strip()
        if len(nxt) > n:
            return (out or w[: n - 1]) + "…"
        out = nxt
    return out


def row_labels(
    outlets: Sequence[str], titles: Sequence[str] = (), published: Sequence[str] = ()
) -> list[str]:
    """One unique, short, stable label per row: the outlet alone when it is unique, else
    ``"outlet · date · short headline"`` (date and headline left out when empty).

    Labels that would still collide get `` (2)``, `` (3)``… in row order.

    >>> row_labels(["A", "B", "B"], ["x", "A long headline that goes on and on", "y"],
    ...            ["", "2024-05-01T10:00", ""])
    ['A', 'B · 2024-05-01 · A long headline that goes on…', 'B · y']
    """
    n = len(outlets)
    titles = list(titles) or [""] * n
    published = list(published) or [""] * n
    counts: dict[str, int] = {}
    for o in outlets:
        counts[o] = counts.get(o, 0) + 1
    labels = []
    for o, t, p in zip(outlets, titles, published, strict=True):
        if counts[o] == 1:
            labels.append(o)
            continue
        parts = [o, str(p)[:10], _short_headline(str(t))]
        labels.append(" · ".join(x for x in parts if x))
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out


def comparison_set(
    articles: pd.DataFrame,
    *,
    include_flagged: bool = False,
    set_aside: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Which articles of a story are compared, under which label, and why the others are not.

    Parameters
    ----------
    articles : DataFrame
        The articles table (``ARTICLE_COLUMNS``; needs ``article_id, outlet``, uses ``title,
        published, n_words, flags``).
    include_flagged : bool
        Keep flagged articles (not English, very short, near-duplicates) in the set; they
        still carry their ``flag_reason``. Articles set aside for time stay out regardless.
    set_aside : DataFrame, optional
        :meth:`Analysis.set_aside_table` (``article_id, outlet, title, source, reason``):
        articles not in the tables; they get rows with ``included=False`` and their reason.

    Returns
    -------
    DataFrame
        :data:`COMPARISON_COLUMNS`, one row per article (the table's order, then the set
        aside ones). ``reason`` is "" when included.
    """
    arts = articles.reset_index(drop=True)
    n = len(arts)
    ids = _text(arts.get("article_id"), n)
    outlets = [o or "(unnamed)" for o in _text(arts.get("outlet"), n)]
    titles = _text(arts.get("title"), n)
    dates = _text(arts.get("published"), n)
    flags = _text(arts.get("flags"), n)
    words = (
        pd.to_numeric(arts["n_words"], errors="coerce").fillna(0).to_numpy()
        if "n_words" in arts
        else np.zeros(n)
    )
    aside = set_aside.reset_index(drop=True) if set_aside is not None else pd.DataFrame()
    m = len(aside)
    a_ids = _text(aside.get("article_id"), m)
    a_outlets = [o or "(unnamed)" for o in _text(aside.get("outlet"), m)]
    a_titles = _text(aside.get("title"), m)
    a_reasons = _text(aside.get("reason"), m)
    labels = row_labels([*outlets, *a_outlets], [*titles, *a_titles], [*dates, *[""] * m])
    label_of = dict(zip(ids, labels, strict=False))

    codes = [[c.strip() for c in f.split(";") if c.strip()] for f in flags]
    reasons = [""] * n
    for i, cs in enumerate(codes):
        found = [_REASONS[c] for c in cs if c in _REASONS]
        reasons[i] = "; ".join(dict.fromkeys(found))
    # near-duplicate groups (union-find over the flag links), one kept copy each
    index = {a: i for i, a in enumerate(ids)}
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, cs in enumerate(codes):
        for c in cs:
            base, _, other = c.partition(":")
            if base == "near_duplicate" and other in index:
                parent[find(i)] = find(index[other])
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    for members in groups.values():
        if len(members) < 2:
            continue
        # a copy set aside anyway (not English, very short) is not the one to keep
        clean = [i for i in members if not reasons[i]] or members
        dated = [i for i in clean if dates[i]]
        earliest = min(dates[i] for i in dated) if dated else ""
        pool = [i for i in clean if dates[i] == earliest] if dated else clean
        keep = max(pool, key=lambda i: (words[i], -i))
        for i in members:
            if i != keep:
                dup = f"near-duplicate of {label_of[ids[keep]]}"
                reasons[i] = "; ".join(x for x in (reasons[i], dup) if x)
    rows = []
    for i in range(n):
        included = include_flagged or not reasons[i]
        rows.append(
            [ids[i], outlets[i], labels[i], included, "" if included else reasons[i], reasons[i]]
        )
    for j in range(m):
        reason = a_reasons[j] or "set aside"
        rows.append([a_ids[j], a_outlets[j], labels[n + j], False, reason, reason])
    out = pd.DataFrame(rows, columns=COMPARISON_COLUMNS)
    out["included"] = out["included"].astype(bool)
    return out


def set_aside_lines(comparison: pd.DataFrame, *, flagged: bool = False) -> list[str]:
    """One plain line per article left out, for a banner or a report: ``"label: reason"``.

    With ``flagged=True`` the lines name the flagged articles even when they are included
    (``include_flagged``), so a banner can still say which ones they are.

    >>> cs = pd.DataFrame({"label": ["A", "B"], "included": [True, False],
    ...     "reason": ["", "not English"], "flag_reason": ["", "not English"]})
    >>> set_aside_lines(cs)
    ['B: not English']
    """
    if comparison is None or comparison.empty:
        return []
    column = "flag_reason" if flagged else "reason"
    rows = comparison if flagged else comparison[~comparison["included"].astype(bool)]
    return [f"{lab}: {why}" for lab, why in zip(rows["label"], rows[column], strict=True) if why]


_OUTLET_TABLES = (
    "articles", "sentences", "cues", "quotes", "mentions", "actors", "stance", "frames",
    "frame_cues",
)  # fmt: skip


def restrict(
    analysis: Analysis,
    article_ids: Iterable[str],
    *,
    comparison: pd.DataFrame | None = None,
    relabel: bool = True,
) -> Analysis:
    """The analysis limited to ``article_ids`` (every table), rows named by unique labels.

    Where one outlet has several of the kept articles, the ``outlet`` column of every table
    holds the article's label (:func:`row_labels`: ``"outlet · date · short headline"``), so
    charts, findings and clusters show one row per article. Unique outlets keep their name.

    Parameters
    ----------
    analysis : Analysis
        The full analysis (left unchanged).
    article_ids : iterable of str
        The articles to keep (e.g. the ``included`` rows of :func:`comparison_set`).
    comparison : DataFrame, optional
        :func:`comparison_set`'s table: its ``label`` column names the rows, and the articles
        it leaves out are added to :attr:`Analysis.set_aside` with their reason (so a report
        of the restricted analysis can list them).
    relabel : bool
        Replace the outlet of an outlet's several articles by their labels (default). Pass
        False before :func:`by_outlet`, which pools by the plain outlet name.

    Returns
    -------
    Analysis
        A new analysis; ``lexicon`` and ``settings`` are shared.
    """
    keep = list(dict.fromkeys(str(a) for a in article_ids))
    keep_set = set(keep)
    arts = analysis.articles
    mask = arts["article_id"].astype(str).isin(keep_set)
    kept = arts[mask].reset_index(drop=True)
    if comparison is not None and "label" in comparison:
        label_of = dict(
            zip(comparison["article_id"].astype(str), comparison["label"], strict=False)
        )
    else:
        label_of = {}
    # labels among the kept articles only: an outlet whose second article is set aside is
    # unique again and keeps its plain name
    fresh = row_labels(
        _text(kept.get("outlet"), len(kept)),
        _text(kept.get("title"), len(kept)),
        _text(kept.get("published"), len(kept)),
    )
    outlets = _text(kept.get("outlet"), len(kept))
    rename: dict[str, str] = {}
    for aid, outlet, label in zip(kept["article_id"].astype(str), outlets, fresh, strict=True):
        if relabel and label != outlet:
            rename[aid] = label_of.get(aid, label)
    tables: dict[str, pd.DataFrame] = {}
    for name in _OUTLET_TABLES:
        if name == "frame_cues" and isinstance(analysis.raw_frame_cues(), FromSentences):
            # built when read, from the kept sentences (which carry the new labels)
            tables[name] = analysis.raw_frame_cues()
            continue
        t = getattr(analysis, name)
        if t is None or "article_id" not in t:
            tables[name] = t
            continue
        sub = t[t["article_id"].astype(str).isin(keep_set)].reset_index(drop=True)
        if rename and "outlet" in sub:
            aid = sub["article_id"].astype(str)
            sub = sub.assign(outlet=aid.map(rename).fillna(sub["outlet"]).to_numpy())
        tables[name] = sub
    set_aside = tuple(s for s in analysis.set_aside if s.article_id not in keep_set)
    if comparison is not None and len(comparison):
        known = {s.article_id for s in set_aside}
        by_id = arts.set_index(arts["article_id"].astype(str))
        for rec in comparison.itertuples(index=False):
            aid = str(rec.article_id)
            if aid in keep_set or aid in known or aid not in by_id.index:
                continue
            row = by_id.loc[aid]
            set_aside += (
                SetAside(
                    article_id=aid,
                    outlet=str(row.get("outlet", "")),
                    title=str(row.get("title", "")),
                    source=str(row.get("source", "")),
                    reason=str(rec.reason or "set aside"),
                ),
            )
    return dataclasses.replace(analysis, **tables, set_aside=set_aside, extra=dict(analysis.extra))


def by_outlet(analysis: Analysis, *, settings: Settings) -> Analysis:
    """The analysis at outlet grain: each outlet's articles pooled into one unit.

    Rates and their 95% bootstrap intervals are recomputed from the outlet's pooled
    sentences with :func:`framing.scores.article_measures` (sentences resampled across the
    outlet's articles); stance positions likewise with :func:`framing.stance.stance_table`.
    An outlet with one article gets the same numbers as its article (same seed rule aside).
    The unit's ``article_id`` is ``"outlet:<outlet>"``; ``title`` lists the headlines.

    Parameters
    ----------
    analysis : Analysis
        Usually the restricted analysis with plain outlet names:
        ``by_outlet(restrict(full, ids, comparison=cs, relabel=False), settings=s)``.
    settings : Settings
        ``bootstrap`` and ``random_state`` for the intervals, ``axes`` for stance.

    Returns
    -------
    Analysis
    """
    return pool_outlets(analysis, settings=settings)


def focus_colors(labels: Sequence[str], focus: Sequence[str] = ()) -> dict[str, str]:
    """Colours for chart rows: focus rows coloured, the rest :data:`GREY`.

    Rules (no hashing, so a colour never depends on the Python process):

    * With at most :data:`ALL_COLOURED` distinct labels every label gets a colour, in the
      **sorted** order of the labels (the same story always gives the same colours), focus
      or not.
    * Otherwise the first :data:`MAX_FOCUS` focus labels (in the order given, unknown ones
      ignored) get :data:`FOCUS_COLORS` in that order; every other label is grey. A focus
      outlet keeps its colour in every chart and export because every builder takes this one
      mapping.

    >>> focus_colors(["b", "a"])
    {'a': '#0072B2', 'b': '#D55E00'}
    >>> c = focus_colors([f"o{i}" for i in range(12)], ["o7", "o3"])
    >>> c["o7"], c["o3"], c["o0"]
    ('#0072B2', '#D55E00', '#B4B4B4')
    """
    names = sorted({str(x) for x in labels})
    if len(names) <= ALL_COLOURED:
        return {name: _SMALL_COLORS[i] for i, name in enumerate(names)}
    chosen = [f for f in dict.fromkeys(str(x) for x in focus) if f in set(names)][:MAX_FOCUS]
    colors = dict.fromkeys(names, GREY)
    for i, name in enumerate(chosen):
        colors[name] = FOCUS_COLORS[i]
    return colors


def _focus_of(colors: Mapping[str, str] | None) -> list[str]:
    """Labels drawn in colour (not grey), for legends and captions."""
    return [k for k, v in (colors or {}).items() if v != GREY]

"""Tables the views derive from an analysis: pure functions, DataFrames in, DataFrames out.

The dashboard, the reports and the exports lay these out; none of them computes a number
itself, so every number on a screen exists in one of these tables (or in
:class:`~framing.models.Analysis`).

* :func:`stance_word`, :func:`axis_order`, :func:`summary_table`: the Overview's words and
  its one-row-per-article table;
* :func:`omissions`: which outlet leaves out which cluster the others cover;
* :func:`top_sentences`: each outlet's most intense / most hedged sentences;
* :func:`lexicon_hits`: every lexicon entry in force with its hits in the story;
* :func:`speakers`: who quoted whom (outlet × speaker: quotations, words, verbs, share).

Examples
--------
>>> stance_word(0.5, "DISTANCE", "SUPPORT"), stance_word(0.1, "DISTANCE", "SUPPORT")
('SUPPORT', 'balanced')
"""

from __future__ import annotations

import math

import pandas as pd

from framing.models import BALANCED, METRICS

__all__ = [
    "SPEAKER_COLUMNS",
    "axis_order",
    "format_value",
    "lexicon_hits",
    "omissions",
    "speakers",
    "stance_word",
    "summary_table",
    "top_sentences",
]

#: Columns of :func:`speakers`.
SPEAKER_COLUMNS = ["outlet", "speaker", "quotes", "words", "share", "verbs", "loaded"]


def format_value(value: object, unit: str) -> str:
    """A measure as shown to a reader: shares as percentages, tone signed, rates to 2 places.

    >>> format_value(0.25, "share"), format_value(-0.1, "-1 … 1"), format_value(None, "")
    ('25%', '-0.10', '–')
    """
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "–"
    if math.isnan(v):
        return "–"
    if unit == "share":
        return f"{v:.0%}"
    if unit.startswith("-1"):
        return f"{v:+.2f}"
    return f"{v:.2f}"


def stance_word(position: float, left: str, right: str, *, n_cues: float | None = None) -> str:
    """The pole an article leans to, in words: ``right`` at or above :data:`BALANCED`,
    ``left`` at or below its negative, ``"balanced"`` between, ``"no cues"`` when no stance
    term was found (``n_cues`` of 0) or the position is missing.

    >>> stance_word(-0.6, "DISTANCE", "SUPPORT"), stance_word(0.0, "a", "b", n_cues=0)
    ('DISTANCE', 'no cues')
    """
    if pd.isna(position) or (n_cues is not None and not pd.isna(n_cues) and n_cues <= 0):
        return "no cues"
    if position >= BALANCED:
        return right
    if position <= -BALANCED:
        return left
    return "balanced"


def axis_order(stance: pd.DataFrame) -> list[str]:
    """Stance axes, the one that tells the outlets apart most (widest spread) first."""
    if stance is None or stance.empty:
        return []
    pos = pd.to_numeric(stance["position"], errors="coerce")
    spread = pos.groupby(stance["axis"], sort=False).agg(lambda p: p.max() - p.min())
    return list(spread.fillna(-1).sort_values(ascending=False, kind="stable").index)


def _n_cues(s: pd.Series) -> float:
    return pd.to_numeric(s.get("n_left"), errors="coerce") + pd.to_numeric(
        s.get("n_right"), errors="coerce"
    )


def summary_table(
    articles: pd.DataFrame, stance: pd.DataFrame, axes: list[str] | None = None
) -> pd.DataFrame:
    """One row per article: outlet, headline, words, stance on the main axis, the measures
    with their 95% intervals as text (for stories too big for cards).

    Parameters
    ----------
    articles, stance : DataFrame
        ``Analysis.articles`` and ``Analysis.stance``.
    axes : list of str, optional
        Stance axes in order (default :func:`axis_order`); the first is shown.
    """
    axes = axis_order(stance) if axes is None else axes
    out = pd.DataFrame(
        {
            "outlet": articles["outlet"],
            "headline": articles["title"],
            "words": articles["n_words"],
        }
    )
    if axes and stance is not None and not stance.empty:
        main = stance[stance["axis"] == axes[0]].set_index("article_id")
        words = {
            aid: stance_word(
                r["position"], str(r["left_label"]), str(r["right_label"]), n_cues=_n_cues(r)
            )
            for aid, r in main.iterrows()
        }
        out[f"stance: {axes[0]}"] = [
            f"{words[a]} ({main.loc[a, 'position']:+.2f})"
            if a in words and words[a] != "no cues"
            else "–"
            for a in articles["article_id"]
        ]
    for metric in METRICS.values():
        col = metric.column
        if col not in articles:
            continue
        cells = []
        for _, r in articles.iterrows():
            text = format_value(r[col], metric.unit)
            if f"{col}_lo" in r and not pd.isna(r[f"{col}_lo"]):
                lo = format_value(r[f"{col}_lo"], metric.unit)
                hi = format_value(r[f"{col}_hi"], metric.unit)
                text += f" [{lo}, {hi}]"
            cells.append(text)
        out[metric.label] = cells
    return out.reset_index(drop=True)


def omissions(coverage: pd.DataFrame) -> list[tuple[str, str]]:
    """``(outlet, cluster label)`` for every cluster an outlet leaves out that others cover.

    >>> cov = pd.DataFrame({"outlet": ["A", "B"], "label": ["x", "x"], "omitted": [True, False]})
    >>> omissions(cov)
    [('A', 'x')]
    """
    if coverage is None or coverage.empty:
        return []
    rows = coverage[coverage["omitted"].astype(bool)]
    return [(str(o), str(lab)) for o, lab in zip(rows["outlet"], rows["label"], strict=True)]


def top_sentences(sentences: pd.DataFrame, column: str, *, n: int = 3) -> pd.DataFrame:
    """Each outlet's ``n`` sentences with the highest ``column`` (> 0), best first."""
    if sentences is None or sentences.empty or column not in sentences:
        return sentences.head(0) if sentences is not None else pd.DataFrame()
    scored = sentences[pd.to_numeric(sentences[column], errors="coerce").fillna(0) > 0]
    return (
        scored.sort_values(["outlet", column, "sent_id"], ascending=[True, False, True])
        .groupby("outlet", sort=False)
        .head(n)
    )


def lexicon_hits(lexicon: pd.DataFrame, cues: pd.DataFrame) -> pd.DataFrame:
    """Each lexicon entry in force with its number of hits in this story.

    Returns
    -------
    DataFrame
        ``lexicon, term, category, weight, hits, source``, by lexicon, most hits first.
    """
    if cues is None or cues.empty:
        table = lexicon.assign(hits=0)
    else:
        hits = cues.groupby(["lexicon", "term"]).size().rename("hits")
        table = lexicon.merge(hits.reset_index(), on=["lexicon", "term"], how="left")
    table["hits"] = table["hits"].fillna(0).astype(int)
    return table[["lexicon", "term", "category", "weight", "hits", "source"]].sort_values(
        ["lexicon", "hits", "term"], ascending=[True, False, True]
    )


def speakers(quotes: pd.DataFrame) -> pd.DataFrame:
    """Who quoted whom: one row per outlet and speaker of its direct quotations.

    Scare quotes (``kind == "scare"``) are not quotations of a speaker and are left out.
    The speaker is the matched actor when there is one, else the speaker as written, else
    ``"(unattributed)"``.

    Returns
    -------
    DataFrame
        :data:`SPEAKER_COLUMNS`: ``quotes`` (quotations), ``words`` (quoted words),
        ``share`` (this speaker's share of the outlet's quoted words, 0–1), ``verbs`` (the
        reporting verbs, ", "-joined, "–" when none), ``loaded`` (quotations introduced by a
        loaded verb). Ordered by outlet, then most quotations first.

    Examples
    --------
    >>> q = pd.DataFrame({"outlet": ["A", "A", "A"], "quote_id": [0, 1, 2],
    ...     "speaker": ["Ann", "Ann", "Bo"], "actor": ["", "", ""], "verb": ["said", "claimed", ""],
    ...     "verb_kind": ["neutral", "loaded", ""], "n_words": [10, 20, 10],
    ...     "kind": ["quotation"] * 3})
    >>> speakers(q)[["speaker", "quotes", "share", "verbs", "loaded"]].values.tolist()
    [['Ann', 2, 0.75, 'said, claimed', 1], ['Bo', 1, 0.25, '–', 0]]
    """
    if quotes is None or quotes.empty or "outlet" not in quotes:
        return pd.DataFrame(columns=SPEAKER_COLUMNS)
    q = quotes
    if "kind" in q:
        q = q[q["kind"].fillna("quotation").astype(str) != "scare"]
    if q.empty:
        return pd.DataFrame(columns=SPEAKER_COLUMNS)

    def col(name: str) -> pd.Series:
        return q[name].fillna("").astype(str).str.strip() if name in q else pd.Series("", q.index)

    actor, speaker = col("actor"), col("speaker")
    who = actor.where(actor != "", speaker)
    who = who.where(who != "", "(unattributed)")
    words = pd.to_numeric(q["n_words"], errors="coerce").fillna(0) if "n_words" in q else 0
    t = pd.DataFrame(
        {
            "outlet": q["outlet"].astype(str),
            "speaker": who,
            "words": words,
            "verb": col("verb"),
            "loaded": col("verb_kind") == "loaded",
        }
    )
    table = (
        t.groupby(["outlet", "speaker"], sort=False)
        .agg(
            quotes=("speaker", "size"),
            words=("words", "sum"),
            verbs=("verb", lambda v: ", ".join(dict.fromkeys(x for x in v if x)) or "–"),
            loaded=("loaded", "sum"),
        )
        .reset_index()
    )
    total = table.groupby("outlet")["words"].transform("sum")
    table["share"] = (table["words"] / total.where(total > 0)).fillna(0.0)
    table["words"] = table["words"].astype(int)
    table["loaded"] = table["loaded"].astype(int)
    table = table.sort_values(
        ["outlet", "quotes", "words", "speaker"], ascending=[True, False, False, True]
    )
    return table[SPEAKER_COLUMNS].reset_index(drop=True)

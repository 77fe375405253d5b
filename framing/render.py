"""HTML renderers: article text with highlighted cues and quotes, as escaped HTML strings.

Every piece of user text (article text, titles, outlet names, terms) goes through
:func:`html.escape` with ``quote=True``; class names come from the fixed :data:`CLASSES`
table, never from data. So a ``<script>`` inside an uploaded article shows as text.

Overlapping highlights (a cue inside a quote, two cues overlapping) are rendered with a
boundary sweep: all span starts and ends cut the text into segments, and each segment is
wrapped in the stack of spans active over it, closing and reopening tags where spans cross.
The tags are always properly nested and the text is never duplicated or lost: stripping the
tags (and ``<br>``) from the output and unescaping gives back the input exactly.

Examples
--------
>>> import pandas as pd
>>> cues = pd.DataFrame({"start": [0], "end": [10], "lexicon": ["hedging"],
...     "category": ["adverb"], "text": ["Reportedly"]})
>>> highlight_html("Reportedly <b>", cues, None, categories=["hedging"])
'<div class="article"><mark class="cue cue-hedging" title="hedging · adverb: Reportedly">Reportedly</mark> &lt;b&gt;</div>'
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Collection, Iterable
from typing import NamedTuple

import pandas as pd

__all__ = [
    "CATEGORIES",
    "CLASSES",
    "CSS",
    "HighlightSpan",
    "alignment_pairs_html",
    "highlight_html",
    "legend_html",
    "pair_html",
    "sentence_card_html",
    "spans_from_tables",
    "spans_html",
]

# category -> (css class, legend label, legend help). The only class names ever emitted.
CLASSES: dict[str, tuple[str, str, str]] = {
    "hedging": ("cue-hedging", "Hedging", "reportedly, may, appears, sources said…"),
    "intensity": ("cue-intensity", "Intensity", "boosters, intensifiers, loaded/emotive words"),
    "reporting": ("cue-reporting", "Reporting verb", "said, told… (neutral)"),
    "reporting_loaded": (
        "cue-reporting-loaded",
        "Loaded reporting verb",
        "claimed, admitted, slammed…",
    ),
    "stance": (
        "cue-stance",
        "Stance term",
        "a term that places an actor toward one pole of an axis",
    ),
    "quote": ("cue-quote", "Direct quote", "words inside quotation marks"),
    "frames": ("cue-frames", "Frame cue", "words that put the story in a frame (hover: which)"),
    "other": ("cue-other", "Your lexicon", "a hit from a lexicon you added"),
}
# Categories a caller can switch on (``reporting`` covers both neutral and loaded verbs).
CATEGORIES: tuple[str, ...] = (
    "hedging", "intensity", "reporting", "stance", "quote", "frames", "other",
)  # fmt: skip

CSS = """
.article { line-height: 1.65; font-size: 1rem; white-space: normal; overflow-wrap: anywhere; }
.cue-legend { display: flex; flex-wrap: wrap; gap: .4rem .9rem; font-size: .9rem; margin: .3rem 0 .6rem; }
.cue-legend .cue-help { color: #555; font-size: .8rem; }
mark.cue { color: inherit; padding: 0 .08em; border-radius: 2px; background: transparent; }
/* Okabe-Ito tints + a distinct underline style per category, so colour is never the only cue */
mark.cue-hedging { background: #D6ECF9; border-bottom: 2px dotted #0072B2; }
mark.cue-intensity { background: #FBE3B5; border-bottom: 3px solid #E69F00; }
mark.cue-reporting { background: #EEEEEE; border-bottom: 2px dashed #666666; }
mark.cue-reporting-loaded { background: #F6D3E5; border-bottom: 3px double #CC79A7; font-weight: 600; }
mark.cue-stance { background: #CDEFE3; text-decoration: underline wavy #009E73; text-underline-offset: 3px; }
mark.cue-other { background: #F9F3B5; outline: 1px solid #B8A800; }
mark.cue-frames { background: #E6E0F3; border-bottom: 2px solid #56B4E9; }
mark.cue-quote { background: transparent; font-style: italic; box-shadow: inset 3px 0 0 #999999; padding-left: .25em; }
mark.cue-quote mark.cue-quote { box-shadow: none; padding-left: 0; }
.sentence-card { margin: .4rem 0; padding: .5rem .8rem; border-left: 4px solid #bbbbbb; background: #fafafa; }
.sentence-card blockquote { margin: 0; }
.sentence-card figcaption { font-size: .8rem; color: #555; margin-top: .3rem; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: .8rem; margin: .6rem 0; }
.pair .similarity { grid-column: 1 / span 2; font-size: .8rem; color: #555; }
@media print { mark.cue { -webkit-print-color-adjust: exact; print-color-adjust: exact; } }
"""


class HighlightSpan(NamedTuple):
    """One highlight over ``text[start:end]``; ``category`` is a key of :data:`CLASSES`."""

    start: int
    end: int
    category: str
    title: str


def _cue_category(lexicon: str, category: str) -> str:
    lexicon = str(lexicon)
    if lexicon == "reporting":
        return "reporting_loaded" if str(category) == "loaded" else "reporting"
    if lexicon in {"hedging", "intensity", "stance", "frames"}:
        return lexicon
    return "other"


def _switch(cat: str) -> str:
    """The user-facing category that switches ``cat`` on."""
    return "reporting" if cat == "reporting_loaded" else cat


def spans_from_tables(
    cues: pd.DataFrame | None,
    quotes: pd.DataFrame | None = None,
    *,
    categories: Collection[str] = CATEGORIES,
    offset: int = 0,
    length: int | None = None,
) -> list[HighlightSpan]:
    """Highlight spans from a cues table (and a quotes table), shifted by ``-offset``.

    Parameters
    ----------
    cues : DataFrame or None
        ``models.CUE_COLUMNS`` (needs start, end, lexicon; uses category, text/term, negated).
    quotes : DataFrame or None
        ``models.QUOTE_COLUMNS`` (needs start, end; uses speaker, verb).
    categories : collection of str
        Which of :data:`CATEGORIES` to show.
    offset : int
        Subtracted from every start/end (to highlight one sentence of an article).
    length : int, optional
        Clip spans to ``[0, length)``.
    """
    wanted = set(categories)
    out: list[HighlightSpan] = []
    if quotes is not None and not quotes.empty and "quote" in wanted:
        for row in quotes.itertuples(index=False):
            speaker = str(getattr(row, "speaker", "") or "").strip() or "unattributed"
            verb = str(getattr(row, "verb", "") or "").strip()
            title = f"quote · {speaker}" + (f" ({verb})" if verb else "")
            out.append(
                HighlightSpan(int(row.start) - offset, int(row.end) - offset, "quote", title)
            )
    if cues is not None and not cues.empty:
        for row in cues.itertuples(index=False):
            cat = _cue_category(row.lexicon, getattr(row, "category", ""))
            if _switch(cat) not in wanted:
                continue
            word = getattr(row, "text", None)
            if word is None or (isinstance(word, float) and pd.isna(word)):
                word = getattr(row, "term", "")
            negated = bool(getattr(row, "negated", False) is True)
            title = f"{row.lexicon} · {getattr(row, 'category', '')}: {word}"
            if cat == "frames":  # "frame · Security and defense (policy): troops +0.31"
                scheme, _, frame = str(getattr(row, "category", "")).partition(":")
                title = f"frame · {frame} ({scheme}): {word} {float(row.weight):+.2f}"
            title += " (negated)" if negated else ""
            out.append(HighlightSpan(int(row.start) - offset, int(row.end) - offset, cat, title))
    if length is not None:
        out = [
            s._replace(start=max(s.start, 0), end=min(s.end, length))
            for s in out
            if s.end > 0 and s.start < length
        ]
    return out


def _text_html(segment: str) -> str:
    return html.escape(segment, quote=True).replace("\n", "<br>\n")


def _open(span: HighlightSpan) -> str:
    cls = CLASSES.get(span.category, CLASSES["other"])[0]
    return f'<mark class="cue {cls}" title="{html.escape(span.title, quote=True)}">'


def spans_html(text: str, spans: Iterable[HighlightSpan]) -> str:
    """Escape ``text`` and wrap each span in a ``<mark>``, nesting correctly over overlaps.

    Boundary sweep: every span start/end cuts the text; each segment sits inside the spans
    that cover it, ordered outermost first (earlier start, then longer, then input order).
    Between segments only the tags that change are closed and reopened.

    Parameters
    ----------
    text : str
        The full text (never truncated).
    spans : iterable of HighlightSpan
        Offsets into ``text``; empty or out-of-range parts are ignored.

    Returns
    -------
    str
        HTML; newlines become ``<br>`` followed by the newline.
    """
    n = len(text)
    valid = [
        (i, s._replace(start=max(0, s.start), end=min(n, s.end)))
        for i, s in enumerate(spans)
        if min(n, s.end) > max(0, s.start)
    ]
    key = {i: (s.start, -s.end, i) for i, s in valid}
    starts: dict[int, list[int]] = {}
    ends: dict[int, list[int]] = {}
    for i, s in valid:
        starts.setdefault(s.start, []).append(i)
        ends.setdefault(s.end, []).append(i)
    cuts = sorted({0, n, *starts, *ends})
    by_id = dict(valid)
    parts: list[str] = []
    stack: list[int] = []  # open spans, outermost first
    live: set[int] = set()
    for a, b in itertools.pairwise(cuts):
        live.difference_update(ends.get(a, ()))
        live.update(starts.get(a, ()))
        active = sorted(live, key=key.__getitem__)
        common = 0
        while common < min(len(stack), len(active)) and stack[common] == active[common]:
            common += 1
        parts.append("</mark>" * (len(stack) - common))
        parts.extend(_open(by_id[i]) for i in active[common:])
        stack = active
        parts.append(_text_html(text[a:b]))
    parts.append("</mark>" * len(stack))
    return "".join(parts)


def highlight_html(
    text: str,
    cues: pd.DataFrame | None,
    quotes: pd.DataFrame | None = None,
    *,
    categories: Collection[str] = CATEGORIES,
    article_id: str | None = None,
) -> str:
    """The full article as escaped HTML with its cues and direct quotes highlighted.

    Parameters
    ----------
    text : str
        The article text (``Article.text``); cue offsets index into it.
    cues : DataFrame or None
        ``models.CUE_COLUMNS`` rows of this article (or all rows with ``article_id=``).
    quotes : DataFrame or None
        ``models.QUOTE_COLUMNS`` rows of this article.
    categories : collection of str
        Which of :data:`CATEGORIES` to highlight.
    article_id : str, optional
        Keep only cue/quote rows of this article.

    Returns
    -------
    str
        ``<div class="article">…</div>``; paragraph breaks kept as ``<br>``.
    """
    if article_id is not None:
        cues = _only(cues, article_id)
        quotes = _only(quotes, article_id)
    spans = spans_from_tables(cues, quotes, categories=categories, length=len(text))
    return f'<div class="article">{spans_html(text, spans)}</div>'


def _only(df: pd.DataFrame | None, article_id: str) -> pd.DataFrame | None:
    if df is None or df.empty or "article_id" not in df:
        return df
    return df[df["article_id"].astype(str) == str(article_id)]


def legend_html(categories: Collection[str] = CATEGORIES) -> str:
    """A legend of the highlight styles for ``categories`` (same classes as the text)."""
    keys: list[str] = []
    for cat in CATEGORIES:
        if cat in categories:
            keys.extend(["reporting", "reporting_loaded"] if cat == "reporting" else [cat])
    items = []
    for key in keys:
        cls, label, help_text = CLASSES[key]
        items.append(
            f'<span><mark class="cue {cls}">{html.escape(label)}</mark> '
            f'<span class="cue-help">{html.escape(help_text)}</span></span>'
        )
    return f'<div class="cue-legend">{"".join(items)}</div>'


def sentence_card_html(
    sentence: str,
    cues: pd.DataFrame | None = None,
    *,
    offset: int = 0,
    quotes: pd.DataFrame | None = None,
    outlet: str = "",
    caption: str = "",
    categories: Collection[str] = CATEGORIES,
) -> str:
    """One quoted sentence with its highlights, captioned with its outlet.

    Parameters
    ----------
    sentence : str
        The sentence text (``sentences.text``).
    cues, quotes : DataFrame or None
        Rows whose offsets index the article; ``offset`` (the sentence ``start``) shifts them.
    offset : int
        Where the sentence starts in the article text.
    outlet, caption : str
        Shown under the sentence (escaped).
    categories : collection of str
        Which highlights to show.
    """
    spans = spans_from_tables(
        cues, quotes, categories=categories, offset=offset, length=len(sentence)
    )
    cap = " · ".join(html.escape(str(p), quote=True) for p in (outlet, caption) if str(p))
    figcaption = f"<figcaption>{cap}</figcaption>" if cap else ""
    return (
        f'<figure class="sentence-card"><blockquote>{spans_html(sentence, spans)}'
        f"</blockquote>{figcaption}</figure>"
    )


def pair_html(left: str, right: str, *, note: str = "") -> str:
    """Two sentence cards side by side (HTML from :func:`sentence_card_html`); note escaped."""
    note_html = f'<div class="similarity">{html.escape(note, quote=True)}</div>' if note else ""
    return f'<div class="pair">{left}{right}{note_html}</div>'


def _card_for(
    sentences: pd.DataFrame, cues: pd.DataFrame | None, article: str, sent: object, outlet: str
) -> str:
    if pd.isna(sent) or not str(article):
        return f'<figure class="sentence-card"><figcaption>{html.escape(outlet)} · no matching sentence</figcaption></figure>'
    row = sentences[
        (sentences["article_id"].astype(str) == str(article)) & (sentences["sent_id"] == sent)
    ]
    if row.empty:
        return (
            f'<figure class="sentence-card"><figcaption>{html.escape(outlet)}</figcaption></figure>'
        )
    r = row.iloc[0]
    return sentence_card_html(
        str(r["text"]), _only(cues, str(article)), offset=int(r["start"]), outlet=outlet
    )


def alignment_pairs_html(
    alignments: pd.DataFrame,
    sentences: pd.DataFrame,
    cues: pd.DataFrame | None,
    *,
    limit: int = 5,
) -> list[str]:
    """Side-by-side cards for the best-matched sentence pairs whose cues differ most.

    Parameters
    ----------
    alignments : DataFrame
        ``models.ALIGNMENT_COLUMNS``.
    sentences : DataFrame
        ``models.SENTENCE_COLUMNS`` (text and start of each sentence).
    cues : DataFrame or None
        ``models.CUE_COLUMNS``.
    limit : int
        How many pairs.
    """
    if alignments is None or alignments.empty:
        return []
    df = alignments[alignments["similarity"].notna()].copy()

    def n_terms(v: object) -> int:
        return len([t for t in str(v or "").split(";") if t.strip()]) if not pd.isna(v) else 0

    df["_diff"] = df["cues_only_a"].map(n_terms) + df["cues_only_b"].map(n_terms)
    df = df.sort_values(["_diff", "similarity"], ascending=[False, False]).head(limit)
    out = []
    for r in df.itertuples(index=False):
        left = _card_for(sentences, cues, r.article_a, r.sent_a, str(r.outlet_a))
        right = _card_for(sentences, cues, r.article_b, r.sent_b, str(r.outlet_b))
        out.append(pair_html(left, right, note=f"similarity {float(r.similarity):.2f}"))
    return out

"""The named stages of scoring one article, each reading the one before by name.

:class:`Sentences` (the article cut into sentences) → :func:`cue_rows` (one matcher pass) →
:func:`quote_rows` → :func:`sentence_rows` (measures and VADER) → :func:`mention_rows` (actors
and their tone) → :func:`actor_rows`. Rows are the named tuples of :mod:`framing.rows`;
:func:`framing.pipeline.analyze_article` chains the stages and adds the article's rates.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np

from framing.context import Context
from framing.models import Article
from framing.quotes import Quote, find_quotes
from framing.rows import ActorRow, CueRow, MentionRow, QuoteRow, SentenceRow
from framing.scores import MEASURE_COLUMNS, sentence_sums
from framing.sentences import Span, count_words, split_sentences
from framing.sentiment import polarity_rows
from framing.tone import target_tone

__all__ = [
    "Sentences",
    "actor_rows",
    "cue_rows",
    "mention_rows",
    "quote_rows",
    "sentence_rows",
]

#: Sentences scored by VADER between two budget checks (a few milliseconds of work).
_VADER_CHUNK = 500
#: Actor mentions toned between two budget checks.
_MENTION_CHUNK = 200


class Sentences(NamedTuple):
    """An article cut into sentences: what every later stage reads."""

    article: Article
    spans: list[Span]
    starts: list[int]
    texts: list[str]
    words: list[int]
    headings: list[bool]

    @classmethod
    def of(cls, article: Article) -> Sentences:
        """Split ``article`` (:func:`framing.sentences.split_sentences`)."""
        text = article.text
        spans = split_sentences(text)
        texts = [text[s.start : s.end] for s in spans]
        return cls(
            article=article,
            spans=spans,
            starts=[s.start for s in spans],
            texts=texts,
            words=[count_words(t) for t in texts],
            headings=[bool(s.is_heading) for s in spans],
        )

    def sent_of(self, pos: int) -> int:
        """The sentence holding character ``pos`` (0 when there is none)."""
        return max(0, bisect.bisect_right(self.starts, pos) - 1) if self.spans else 0


def cue_rows(sents: Sentences, ctx: Context) -> tuple[list[CueRow], list[Any]]:
    """One matcher pass over the article: its cues, and the reporting-verb matches (for quotes)."""
    a = sents.article
    cues: list[CueRow] = []
    reporting = []
    for m in ctx.matcher.find(a.text):
        lex = "stance" if m.lexicon.startswith("stance\x1f") else m.lexicon
        if lex == "reporting":
            reporting.append(m)
        cues.append(
            CueRow(
                a.id, a.outlet, sents.sent_of(m.start), m.start, m.end, m.text, m.term, lex,
                m.category, float(m.weight), bool(m.negated),
            )
        )  # fmt: skip
    return cues, reporting


def quote_rows(
    sents: Sentences, ctx: Context, reporting: list[Any]
) -> tuple[list[Quote], list[QuoteRow]]:
    """Direct quotations and scare quotes, with speakers and verbs (:mod:`framing.quotes`)."""
    a = sents.article
    found = find_quotes(
        a.text,
        sents.spans,
        reporting=reporting,
        resolve=ctx.index.resolve,
        verb_kinds=ctx.verb_kinds,
    )
    rows = [
        QuoteRow(
            a.id, a.outlet, i, q.start, q.end, q.text, q.n_words, q.speaker, q.actor, q.verb,
            q.verb_kind, "; ".join(map(str, q.sent_ids)), q.kind,
        )
        for i, q in enumerate(found)
    ]  # fmt: skip
    return found, rows


def sentence_rows(
    sents: Sentences,
    cues: Sequence[CueRow],
    shares: Sequence[float],
    *,
    check: Callable[[str], None],
) -> tuple[list[SentenceRow], dict[str, np.ndarray]]:
    """Per-sentence cue sums and VADER scores; also the sums by measure (for the intervals)."""
    a, n = sents.article, len(sents.spans)
    sums = sentence_sums(
        np.fromiter((c.sent_id for c in cues), dtype=np.int64, count=len(cues)),
        np.array([c.lexicon for c in cues], dtype=object),
        np.array([c.category for c in cues], dtype=object),
        np.fromiter((c.weight for c in cues), dtype=float, count=len(cues)),
        np.fromiter((c.negated for c in cues), dtype=bool, count=len(cues)),
        n,
    )
    vader: list = []
    for lo in range(0, n, _VADER_CHUNK):
        vader.extend(polarity_rows(sents.texts[lo : lo + _VADER_CHUNK]))
        check("scoring sentiment")
    m = {c: sums[c].tolist() for c in MEASURE_COLUMNS}
    spans, texts, words, headings = sents.spans, sents.texts, sents.words, sents.headings
    rows = [
        SentenceRow(
            a.id, a.story, a.outlet, i, spans[i].start, spans[i].end, texts[i], words[i],
            headings[i], shares[i] >= 0.5, shares[i],
            m["hedge"][i], int(m["hedge_n"][i]), m["intensity"][i], int(m["intensity_n"][i]),
            int(m["reporting_neutral_n"][i]), int(m["reporting_loaded_n"][i]), *vader[i],
        )
        for i in range(n)
    ]  # fmt: skip
    return rows, sums


def mention_rows(
    sents: Sentences,
    ctx: Context,
    quote_spans: Sequence[tuple[int, int]],
    *,
    check: Callable[[str], None],
) -> list[MentionRow]:
    """Actor mentions, whether inside a quotation, and the tone of the words around each."""
    a, text, spans = sents.article, sents.article.text, sents.spans
    rows: list[MentionRow] = []
    qstarts = [s for s, _ in quote_spans]
    for j, m in enumerate(ctx.index.find(text), start=1):
        if j % _MENTION_CHUNK == 0:
            check("finding actors")
        sid = sents.sent_of(m.start)
        k = bisect.bisect_right(qstarts, m.start) - 1
        in_quote = k >= 0 and m.start < quote_spans[k][1]
        if spans:
            s0, s1 = spans[sid].start, spans[sid].end
            tone = target_tone(text[s0:s1], max(0, m.start - s0), max(0, min(m.end, s1) - s0))
        else:
            tone = 0.0
        rows.append(
            MentionRow(a.id, a.outlet, sid, m.start, m.end, m.actor, m.alias, bool(in_quote), tone)
        )
    return rows


def actor_rows(mentions: Sequence[MentionRow], ctx: Context, n: int) -> list[ActorRow]:
    """Per actor: mentions, share of sentences, and mean tone in the reporter's words and in
    quotations (NaN where there is none)."""
    groups: dict[str, list[MentionRow]] = {}
    for m in mentions:
        groups.setdefault(m.actor, []).append(m)
    rows = []
    for name, ms in groups.items():
        own = [m.tone for m in ms if not m.in_quote]
        quoted = [m.tone for m in ms if m.in_quote]
        actor = ctx.index.by_name.get(name)
        rows.append(
            ActorRow(
                ms[0].article_id,
                ms[0].outlet,
                name,
                actor.kind if actor else "",
                bool(actor.auto) if actor else False,
                len(ms),
                len({m.sent_id for m in ms}) / n if n else 0.0,
                float(np.mean(own)) if own else float("nan"),
                len(own),
                float(np.mean(quoted)) if quoted else float("nan"),
                len(quoted),
            )
        )
    rows.sort(key=lambda r: (-r.mentions, r.actor))
    return rows

"""The scoring pipeline: articles in, tidy tables out.

:func:`analyze` builds one :class:`Context` for the settings (lexicon entries + stance terms in
one :class:`framing.lexicon.Matcher`, cached by content hash; actors; axes), scores every
article on its own with the pure function :func:`analyze_article`, then stacks the per-article
tables and adds what needs the whole set (quality flags). An app can cache
:func:`analyze_article` per ``(article, context.key)``.

Per article: sentences (:func:`framing.sentences.split_sentences`) → one matcher pass over
the article text (cues, mapped to sentences) → direct quotes → per-sentence measures →
VADER per sentence → actor mentions and tone → stance → article rates with bootstrap
intervals.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from framing.actors import ActorIndex, default_actors, suggest_actors, target_tone
from framing.lexicon import Matcher, lexicon_hash, load_lexicons
from framing.models import (
    ACTOR_COLUMNS,
    ARTICLE_COLUMNS,
    CUE_COLUMNS,
    LEXICON_COLUMNS,
    MENTION_COLUMNS,
    QUOTE_COLUMNS,
    SENTENCE_COLUMNS,
    STANCE_COLUMNS,
    Actor,
    Analysis,
    Article,
    AxisTerm,
    Settings,
)
from framing.quotes import find_quotes, quote_shares
from framing.scores import NEGATED_FACTOR, article_measures, category_rates, lede, sentence_measures
from framing.sentences import count_words, split_sentences
from framing.sentiment import score_texts
from framing.stance import axis_entries, default_axes, stance_table

__all__ = [
    "DEFAULT_SETTINGS",
    "ArticleResult",
    "Context",
    "analyze",
    "analyze_article",
    "analyze_sentences",
    "build_context",
    "empty_analysis",
    "get_matcher",
]

#: The default settings (frozen, so one shared instance is safe as a default argument).
DEFAULT_SETTINGS = Settings()
_MATCHERS: dict[str, Matcher] = {}
_MATCHER_CACHE_SIZE = 8


def get_matcher(entries: pd.DataFrame) -> Matcher:
    """A :class:`Matcher` for ``entries``, cached by :func:`lexicon_hash` (a few kept)."""
    key = lexicon_hash(entries)
    matcher = _MATCHERS.get(key)
    if matcher is None:
        if len(_MATCHERS) >= _MATCHER_CACHE_SIZE:
            _MATCHERS.pop(next(iter(_MATCHERS)))
        matcher = _MATCHERS[key] = Matcher(entries)
    return matcher


@dataclass(frozen=True)
class Context:
    """Everything an article is scored against; ``key`` names it for caches."""

    settings: Settings
    lexicon: pd.DataFrame  # entries in force, stance rows included (LEXICON_COLUMNS)
    matcher: Matcher
    actors: tuple[Actor, ...]
    index: ActorIndex
    axes: tuple[AxisTerm, ...]
    verb_kinds: dict[str, str]
    key: str


def _matcher_entries(lexicon: pd.DataFrame) -> pd.DataFrame:
    # Each stance axis is its own matcher lexicon ("stance\x1f<axis>") so that a term shared by
    # two axes, or overlapping phrases of two axes, hit both; cues are relabelled "stance".
    stance = lexicon["lexicon"] == "stance"
    if not stance.any():
        return lexicon
    out = lexicon.copy()
    axis = out.loc[stance, "category"].astype(str).str.rsplit(":", n=1).str[0]
    out.loc[stance, "lexicon"] = "stance\x1f" + axis
    return out


def build_context(
    settings: Settings = DEFAULT_SETTINGS, articles: Sequence[Article] = ()
) -> Context:
    """The scoring context for ``settings`` (and, for suggested actors, ``articles``).

    Raises
    ------
    ReadError
        When a user lexicon in ``settings`` is invalid.
    """
    axes = tuple(default_axes() if settings.axes is None else settings.axes)
    base = load_lexicons(settings)
    lexicon = (
        pd.concat([base, axis_entries(axes)], ignore_index=True)[LEXICON_COLUMNS] if axes else base
    )
    matcher = get_matcher(_matcher_entries(lexicon))
    actors = tuple(default_actors() if settings.actors is None else settings.actors)
    if settings.auto_actors and articles:
        known = {a.name for a in actors}
        actors += tuple(a for a in suggest_actors(articles, actors) if a.name not in known)
    rep = lexicon[lexicon["lexicon"] == "reporting"]
    verb_kinds = {
        str(t).lower(): str(c) for t, c in zip(rep["term"], rep["category"], strict=False)
    }
    digest = hashlib.sha1()
    digest.update(lexicon_hash(lexicon).encode())
    digest.update(repr(actors).encode("utf-8", "surrogatepass"))
    digest.update(repr((settings.bootstrap, settings.random_state)).encode())
    return Context(
        settings=settings,
        lexicon=lexicon,
        matcher=matcher,
        actors=actors,
        index=ActorIndex(actors),
        axes=axes,
        verb_kinds=verb_kinds,
        key=digest.hexdigest()[:16],
    )


@dataclass
class ArticleResult:
    """The tables of one article (plus its article-table row, without quality flags)."""

    row: dict[str, Any]
    sentences: pd.DataFrame
    cues: pd.DataFrame
    quotes: pd.DataFrame
    mentions: pd.DataFrame
    actors: pd.DataFrame
    stance: pd.DataFrame
    extra: dict[str, Any] = field(default_factory=dict)


def _frame(rows: list[Any], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns) if rows else pd.DataFrame(columns=columns)


def _seed(random_state: int, article_id: str) -> int:
    # one stream per article, stable across runs and independent of the other articles
    return (int(random_state) * 1_000_003 + int(article_id[:8] or "0", 16)) % (2**32)


def analyze_article(article: Article, ctx: Context) -> ArticleResult:
    """Score one article (pure: the same article and context give the same tables).

    Parameters
    ----------
    article
        The article.
    ctx
        From :func:`build_context`.

    Returns
    -------
    ArticleResult
        ``sentences``, ``cues``, ``quotes``, ``mentions``, ``actors``, ``stance`` tables with
        the ``models`` columns, and ``row`` (the ``ARTICLE_COLUMNS`` values, ``flags`` empty).
    """
    text = article.text
    aid, outlet, story = article.id, article.outlet, article.story
    spans = split_sentences(text)
    n = len(spans)
    starts = [s.start for s in spans]
    texts = [text[s.start : s.end] for s in spans]
    words = [count_words(t) for t in texts]

    def sent_of(pos: int) -> int:
        return max(0, bisect.bisect_right(starts, pos) - 1) if n else 0

    # cues: one matcher pass over the whole article
    cue_rows = []
    reporting = []
    for m in ctx.matcher.find(text):
        lex = "stance" if m.lexicon.startswith("stance\x1f") else m.lexicon
        if lex == "reporting":
            reporting.append(m)
        cue_rows.append(
            (
                aid,
                outlet,
                sent_of(m.start),
                m.start,
                m.end,
                m.text,
                m.term,
                lex,
                m.category,
                float(m.weight),
                bool(m.negated),
            )
        )
    cues = _frame(cue_rows, CUE_COLUMNS)

    # quotes
    quotes = find_quotes(
        text, spans, reporting=reporting, resolve=ctx.index.resolve, verb_kinds=ctx.verb_kinds
    )
    qspans = [(q.start, q.end) for q in quotes]
    shares = quote_shares(spans, qspans)
    quote_rows = [
        (
            aid,
            outlet,
            i,
            q.start,
            q.end,
            q.text,
            q.n_words,
            q.speaker,
            q.actor,
            q.verb,
            q.verb_kind,
            "; ".join(map(str, q.sent_ids)),
        )
        for i, q in enumerate(quotes)
    ]

    # sentences
    measures = sentence_measures(cues, n)
    vader = score_texts(texts)
    sentences = pd.DataFrame(
        {
            "article_id": aid,
            "story": story,
            "outlet": outlet,
            "sent_id": np.arange(n, dtype=int),
            "start": starts,
            "end": [s.end for s in spans],
            "text": texts,
            "n_words": np.asarray(words, dtype=int),
            "is_heading": [bool(s.is_heading) for s in spans],
            "is_quote": [sh >= 0.5 for sh in shares],
            "quote_share": np.asarray(shares, dtype=float),
        },
        index=pd.RangeIndex(n),
    )
    sentences = (
        pd.concat([sentences, measures, vader], axis=1)[SENTENCE_COLUMNS]
        if n
        else pd.DataFrame(columns=SENTENCE_COLUMNS)
    )

    # actors
    mention_rows = []
    qstarts = [s for s, _ in qspans]
    for m in ctx.index.find(text):
        sid = sent_of(m.start)
        k = bisect.bisect_right(qstarts, m.start) - 1
        in_quote = k >= 0 and m.start < qspans[k][1]
        if n:
            s0, s1 = spans[sid].start, spans[sid].end
            tone = target_tone(text[s0:s1], max(0, m.start - s0), max(0, min(m.end, s1) - s0))
        else:
            tone = 0.0
        mention_rows.append(
            (aid, outlet, sid, m.start, m.end, m.actor, m.alias, bool(in_quote), tone)
        )
    mentions = _frame(mention_rows, MENTION_COLUMNS)
    actors = _actor_table(mentions, ctx, n, aid, outlet)

    # article row
    quoted_words = sum(q.n_words for q in quotes)
    values, boot_idx = article_measures(
        sentences if n else pd.DataFrame(columns=SENTENCE_COLUMNS),
        iterations=ctx.settings.bootstrap,
        random_state=_seed(ctx.settings.random_state, aid),
        quoted_words=quoted_words,
    )
    stance = stance_table(
        cues, n_sentences=n, axes=ctx.axes, article_id=aid, outlet=outlet, boot_idx=boot_idx
    )
    row = {
        "article_id": aid,
        "story": story,
        "outlet": outlet,
        "title": article.title,
        "url": article.url,
        "published": article.published,
        "source": article.source,
        "n_words": int(sum(words)),
        "n_sentences": n,
        "lede": lede(texts, [s.is_heading for s in spans]),
        **values,
        "n_quotes": len(quotes),
        "flags": "",
        "notes": "; ".join(article.notes),
    }
    return ArticleResult(
        row=row,
        sentences=sentences,
        cues=cues,
        quotes=_frame(quote_rows, QUOTE_COLUMNS),
        mentions=mentions,
        actors=actors,
        stance=stance,
    )


def _actor_table(
    mentions: pd.DataFrame, ctx: Context, n: int, aid: str, outlet: str
) -> pd.DataFrame:
    if mentions.empty:
        return pd.DataFrame(columns=ACTOR_COLUMNS)
    rows = []
    by_name = ctx.index.by_name
    for actor, g in mentions.groupby("actor", sort=True):
        own = g.loc[~g["in_quote"].astype(bool), "tone"].astype(float)
        quoted = g.loc[g["in_quote"].astype(bool), "tone"].astype(float)
        a = by_name.get(str(actor))
        rows.append(
            (
                aid,
                outlet,
                actor,
                a.kind if a else "",
                bool(a.auto) if a else False,
                len(g),
                g["sent_id"].nunique() / n if n else 0.0,
                float(own.mean()) if len(own) else float("nan"),
                len(own),
                float(quoted.mean()) if len(quoted) else float("nan"),
                len(quoted),
            )
        )
    out = pd.DataFrame(rows, columns=ACTOR_COLUMNS)
    return out.sort_values(
        ["mentions", "actor"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)


def _concat(frames: Iterable[pd.DataFrame], columns: list[str]) -> pd.DataFrame:
    frames = [f for f in frames if len(f)]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]


def _quality_flags(articles: Sequence[Article]) -> dict[str, list[str]]:
    try:
        from framing.quality import quality_flags
    except ImportError:  # pragma: no cover - quality is an optional stage
        return {}
    return quality_flags(articles)


def empty_analysis(settings: Settings = DEFAULT_SETTINGS) -> Analysis:
    """An :class:`Analysis` with every table empty (columns kept)."""
    return Analysis(
        articles=pd.DataFrame(columns=ARTICLE_COLUMNS),
        sentences=pd.DataFrame(columns=SENTENCE_COLUMNS),
        cues=pd.DataFrame(columns=CUE_COLUMNS),
        quotes=pd.DataFrame(columns=QUOTE_COLUMNS),
        mentions=pd.DataFrame(columns=MENTION_COLUMNS),
        actors=pd.DataFrame(columns=ACTOR_COLUMNS),
        stance=pd.DataFrame(columns=STANCE_COLUMNS),
        lexicon=pd.DataFrame(columns=LEXICON_COLUMNS),
        settings=settings,
    )


def analyze(
    articles: Sequence[Article],
    settings: Settings = DEFAULT_SETTINGS,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> Analysis:
    """Score articles: every table of :class:`framing.models.Analysis`.

    Parameters
    ----------
    articles
        The articles (an article id seen twice is scored once).
    settings
        Lexicons, actors, axes, bootstrap draws and seed.
    progress
        Called as ``progress(done, total)`` after each article.

    Returns
    -------
    Analysis
        ``extra`` holds ``category_rates`` (per article, lexicon and category: count,
        weight, rate per 100 words), ``context_key`` and ``actors`` (the actors in force,
        auto-suggested included).

    Examples
    --------
    >>> from framing.models import Article
    >>> a = analyze([Article("Daily", "t", "Officials reportedly said it may rain.")])
    >>> round(float(a.articles.loc[0, "hedge_rate"]), 1) > 0
    True
    """
    seen: set[str] = set()
    unique = []
    for a in articles:
        if a.id not in seen:
            seen.add(a.id)
            unique.append(a)
    ctx = build_context(settings, unique)
    results = []
    for i, article in enumerate(unique, start=1):
        results.append(analyze_article(article, ctx))
        if progress is not None:
            progress(i, len(unique))
    return assemble(unique, results, ctx)


def assemble(
    articles: Sequence[Article], results: Sequence[ArticleResult], ctx: Context
) -> Analysis:
    """Stack per-article results into an :class:`Analysis` (adds the quality flags)."""
    flags = _quality_flags(articles) if articles else {}
    rows = []
    for r in results:
        row = dict(r.row)
        row["flags"] = "; ".join(flags.get(row["article_id"], []))
        rows.append(row)
    arts = _frame([[row[c] for c in ARTICLE_COLUMNS] for row in rows], ARTICLE_COLUMNS)
    cues = _concat((r.cues for r in results), CUE_COLUMNS)
    extra: dict[str, Any] = {
        "context_key": ctx.key,
        "actors": ctx.actors,
        "category_rates": category_rates(
            cues,
            {r.row["article_id"]: r.row["n_words"] for r in results},
            {r.row["article_id"]: r.row["outlet"] for r in results},
        ),
    }
    return Analysis(
        articles=arts,
        sentences=_concat((r.sentences for r in results), SENTENCE_COLUMNS),
        cues=cues,
        quotes=_concat((r.quotes for r in results), QUOTE_COLUMNS),
        mentions=_concat((r.mentions for r in results), MENTION_COLUMNS),
        actors=_concat((r.actors for r in results), ACTOR_COLUMNS),
        stance=_concat((r.stance for r in results), STANCE_COLUMNS),
        lexicon=ctx.lexicon,
        settings=ctx.settings,
        extra=extra,
    )


# ---- sentences one by one (the CLI's `sentences` command) ------------------------------------


def _find_target(text: str, record: Mapping[str, Any]) -> tuple[int, int] | None:
    target = str(record.get("target") or "")
    start, end = record.get("start"), record.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
        return start, end
    if not target:
        return None
    k = text.find(target)
    if k < 0:
        k = text.lower().find(target.lower())
    return (k, k + len(target)) if k >= 0 else None


def analyze_sentences(
    records: Iterable[Mapping[str, Any]],
    settings: Settings = DEFAULT_SETTINGS,
    *,
    batch_size: int = 512,
) -> Iterator[dict[str, Any]]:
    """Score free-standing sentences (dicts with ``text`` and optional ``target``).

    Yields each input dict plus ``hedge`` (weighted sum, 0.0 when none), ``hedge_cues``
    (matched words), ``intensity``, ``intensity_cues``, ``sentiment`` (VADER compound) and,
    when ``target`` is given, ``target_tone`` (the tone of the words around the target, see
    :func:`framing.actors.target_tone`; integer ``start``/``end`` in the record, if valid,
    locate the target, else its first occurrence; a target not in the text gets the tone of
    the whole text). Records are processed in batches of ``batch_size`` and yielded in order.

    Raises
    ------
    TypeError
        When a record is not a mapping or its ``text`` is not a string.

    Examples
    --------
    >>> out = next(analyze_sentences([{"text": "It may well be a disaster."}]))
    >>> out["hedge"] > 0, out["sentiment"] < 0
    (True, True)
    """
    ctx = build_context(settings)
    batch: list[Mapping[str, Any]] = []
    for record in records:
        batch.append(record)
        if len(batch) >= batch_size:
            yield from _score_batch(batch, ctx)
            batch = []
    if batch:
        yield from _score_batch(batch, ctx)


def _score_batch(batch: Sequence[Mapping[str, Any]], ctx: Context) -> Iterator[dict[str, Any]]:
    for record in batch:
        if not isinstance(record, Mapping):
            raise TypeError("each record must be a JSON object")
        text = record.get("text")
        if not isinstance(text, str):
            raise TypeError("each record needs a 'text' string")
    vader = score_texts([str(r["text"]) for r in batch])["compound"].tolist()
    for record, compound in zip(batch, vader, strict=True):
        text = str(record["text"])
        out = dict(record)
        sums = {"hedging": 0.0, "intensity": 0.0}
        found: dict[str, list[str]] = {"hedging": [], "intensity": []}
        for m in ctx.matcher.find(text):
            if m.lexicon in sums:
                sums[m.lexicon] += float(m.weight) * (NEGATED_FACTOR if m.negated else 1.0)
                found[m.lexicon].append(m.text)
        out["hedge"] = sums["hedging"]
        out["hedge_cues"] = found["hedging"]
        out["intensity"] = sums["intensity"]
        out["intensity_cues"] = found["intensity"]
        out["sentiment"] = float(compound)
        if record.get("target") not in (None, ""):
            span = _find_target(text, record)
            out["target_tone"] = target_tone(text, *span) if span else float(compound)
        yield out

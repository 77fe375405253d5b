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
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import pandas as pd

from framing.actors import ActorIndex, default_actors, suggest_actors, target_tone
from framing.budget import Deadline, TooSlow
from framing.frames import score_frames, text_frames
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
    SetAside,
    Settings,
)
from framing.quality import quality_flags
from framing.quotes import find_quotes, quote_shares
from framing.scores import (
    MEASURE_COLUMNS,
    NEGATED_FACTOR,
    article_measures,
    category_rates,
    lede,
    sentence_sums,
)
from framing.sentences import count_words, split_sentences
from framing.sentiment import polarity_rows, score_texts
from framing.stance import axis_entries, default_axes, stance_rows

__all__ = [
    "DEFAULT_SETTINGS",
    "ArticleResult",
    "Context",
    "Memo",
    "analyze",
    "analyze_article",
    "analyze_sentences",
    "assemble",
    "build_context",
    "empty_analysis",
    "get_matcher",
    "score_article",
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
    digest.update(repr((settings.bootstrap, settings.random_state, settings.time_budget)).encode())
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
    """The tables of one article as row tuples (column order as in ``models``), plus its
    article-table row (``flags`` empty: quality flags need the whole set).

    Plain tuples keep per-article scoring free of DataFrame overhead; :meth:`frames` or
    :func:`assemble` turn them into tables.
    """

    row: dict[str, Any]
    sentences: list[tuple]
    cues: list[tuple]
    quotes: list[tuple]
    mentions: list[tuple]
    actors: list[tuple]
    stance: list[tuple]

    def frames(self) -> dict[str, pd.DataFrame]:
        """This article's tables as DataFrames (``articles`` holds its one row)."""
        return {
            "articles": _frame([[self.row[c] for c in ARTICLE_COLUMNS]], ARTICLE_COLUMNS),
            **{name: _frame(getattr(self, name), columns) for name, columns in _TABLES.items()},
        }


_TABLES = {
    "sentences": SENTENCE_COLUMNS,
    "cues": CUE_COLUMNS,
    "quotes": QUOTE_COLUMNS,
    "mentions": MENTION_COLUMNS,
    "actors": ACTOR_COLUMNS,
    "stance": STANCE_COLUMNS,
}


def _frame(rows: list[Any], columns: list[str]) -> pd.DataFrame:
    if not rows:
        return pd.DataFrame(columns=columns)
    return pd.DataFrame.from_records(rows, columns=columns)


def _seed(random_state: int, article_id: str) -> int:
    # one stream per article, stable across runs and independent of the other articles
    return (int(random_state) * 1_000_003 + int(article_id[:8] or "0", 16)) % (2**32)


#: Sentences scored by VADER between two budget checks (a few milliseconds of work).
_VADER_CHUNK = 500
#: Actor mentions toned between two budget checks.
_MENTION_CHUNK = 200


def analyze_article(
    article: Article, ctx: Context, *, deadline: Deadline | None = None
) -> ArticleResult:
    """Score one article (pure: the same article and context give the same tables).

    Parameters
    ----------
    article
        The article.
    ctx
        From :func:`build_context`.
    deadline
        Checked between stages and inside the per-sentence loops; raises
        :class:`framing.budget.TooSlow` once spent (``None``: no limit). See
        :func:`score_article`.

    Returns
    -------
    ArticleResult
        Row tuples for the ``sentences``, ``cues``, ``quotes``, ``mentions``, ``actors`` and
        ``stance`` tables (``models`` column order) and ``row`` (the ``ARTICLE_COLUMNS``
        values, ``flags`` empty).
    """
    check = (deadline or Deadline(None)).check
    text = article.text
    aid, outlet, story = article.id, article.outlet, article.story
    spans = split_sentences(text)
    check("splitting sentences")
    n = len(spans)
    starts = [s.start for s in spans]
    texts = [text[s.start : s.end] for s in spans]
    words = [count_words(t) for t in texts]
    headings = [bool(s.is_heading) for s in spans]

    def sent_of(pos: int) -> int:
        return max(0, bisect.bisect_right(starts, pos) - 1) if n else 0

    # cues: one matcher pass over the whole article
    cues: list[tuple] = []
    reporting = []
    for m in ctx.matcher.find(text):
        lex = "stance" if m.lexicon.startswith("stance\x1f") else m.lexicon
        if lex == "reporting":
            reporting.append(m)
        cues.append(
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

    check("matching the lexicons")

    # quotes
    found = find_quotes(
        text, spans, reporting=reporting, resolve=ctx.index.resolve, verb_kinds=ctx.verb_kinds
    )
    qspans = [(q.start, q.end) for q in found]
    shares = quote_shares(spans, qspans)
    quotes = [
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
            q.kind,
        )
        for i, q in enumerate(found)
    ]

    check("finding quotations")

    # sentences
    sums = sentence_sums(
        np.fromiter((c[2] for c in cues), dtype=np.int64, count=len(cues)),
        np.array([c[7] for c in cues], dtype=object),
        np.array([c[8] for c in cues], dtype=object),
        np.fromiter((c[9] for c in cues), dtype=float, count=len(cues)),
        np.fromiter((c[10] for c in cues), dtype=bool, count=len(cues)),
        n,
    )
    vader: list = []
    for lo in range(0, n, _VADER_CHUNK):
        vader.extend(polarity_rows(texts[lo : lo + _VADER_CHUNK]))
        check("scoring sentiment")
    measure_lists = [sums[c].tolist() for c in MEASURE_COLUMNS]
    sentences = [
        (aid, story, outlet, i, spans[i].start, spans[i].end, texts[i], words[i], headings[i], shares[i] >= 0.5, shares[i],
         measure_lists[0][i], int(measure_lists[1][i]), measure_lists[2][i], int(measure_lists[3][i]),
         int(measure_lists[4][i]), int(measure_lists[5][i]), *vader[i])
        for i in range(n)
    ]  # fmt: skip

    # actors
    mentions: list[tuple] = []
    qstarts = [s for s, _ in qspans]
    for j, m in enumerate(ctx.index.find(text), start=1):
        if j % _MENTION_CHUNK == 0:
            check("finding actors")
        sid = sent_of(m.start)
        k = bisect.bisect_right(qstarts, m.start) - 1
        in_quote = k >= 0 and m.start < qspans[k][1]
        if n:
            s0, s1 = spans[sid].start, spans[sid].end
            tone = target_tone(text[s0:s1], max(0, m.start - s0), max(0, min(m.end, s1) - s0))
        else:
            tone = 0.0
        mentions.append((aid, outlet, sid, m.start, m.end, m.actor, m.alias, bool(in_quote), tone))
    actors = _actor_rows(mentions, ctx, n, aid, outlet)
    check("finding actors")

    # article row and stance (sharing one bootstrap index matrix)
    values, boot_idx = article_measures(
        {
            "n_words": words,
            "is_heading": headings,
            "hedge": sums["hedge"],
            "intensity": sums["intensity"],
            "reporting_loaded_n": sums["reporting_loaded_n"],
            "compound": [v[3] for v in vader],
        },
        iterations=ctx.settings.bootstrap,
        random_state=_seed(ctx.settings.random_state, aid),
        quoted_words=sum(q.n_words for q in found),
    )
    stance = stance_rows(
        ((c[2], c[6], c[8], c[9], c[10]) for c in cues if c[7] == "stance"),
        n_sentences=n,
        axes=ctx.axes,
        article_id=aid,
        outlet=outlet,
        boot_idx=boot_idx,
    )
    check("computing intervals")
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
        "lede": lede(texts, headings),
        **values,
        "n_quotes": sum(q.kind == "quotation" for q in found),
        "n_scare_quotes": sum(q.kind == "scare" for q in found),
        "flags": "",
        "notes": "; ".join(article.notes),
    }
    return ArticleResult(
        row=row,
        sentences=sentences,
        cues=cues,
        quotes=quotes,
        mentions=mentions,
        actors=actors,
        stance=stance,
    )


def score_article(article: Article, ctx: Context) -> ArticleResult | SetAside:
    """:func:`analyze_article` within the settings' time budget.

    Returns the article's tables, or a :class:`framing.models.SetAside` saying it took too
    long to analyse (``ctx.settings.time_budget`` seconds; ``None``: no limit). Both are
    plain values, so an app may cache either.

    Examples
    --------
    >>> from framing.models import Article, Settings
    >>> ctx = build_context(Settings(time_budget=1e-9, auto_actors=False))
    >>> score_article(Article("Daily", "t", "It may rain. " * 50), ctx).reason
    'took too long to analyse (over 1e-09 s, stopped while splitting sentences); set aside'
    """
    budget = ctx.settings.time_budget
    try:
        return analyze_article(article, ctx, deadline=Deadline(budget))
    except TooSlow as err:
        return SetAside(
            article_id=article.id,
            outlet=article.outlet,
            title=article.title,
            source=article.source,
            reason=f"took too long to analyse (over {err.budget:g} s, stopped while "
            f"{err.stage}); set aside",
        )


def _actor_rows(mentions: list[tuple], ctx: Context, n: int, aid: str, outlet: str) -> list[tuple]:
    groups: dict[str, list[tuple]] = {}
    for m in mentions:
        groups.setdefault(m[5], []).append(m)
    rows = []
    for actor, ms in groups.items():
        own = [m[8] for m in ms if not m[7]]
        quoted = [m[8] for m in ms if m[7]]
        a = ctx.index.by_name.get(actor)
        rows.append(
            (
                aid,
                outlet,
                actor,
                a.kind if a else "",
                bool(a.auto) if a else False,
                len(ms),
                len({m[2] for m in ms}) / n if n else 0.0,
                float(np.mean(own)) if own else float("nan"),
                len(own),
                float(np.mean(quoted)) if quoted else float("nan"),
                len(quoted),
            )
        )
    rows.sort(key=lambda r: (-r[5], r[2]))
    return rows


def _quality_flags(articles: Sequence[Article]) -> dict[str, list[str]]:
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


class Memo(Protocol):
    """Where :func:`analyze` may keep and find its intermediate results (an app's cache).

    ``get(key)`` returns what ``put(key, value)`` stored, or ``None``. Keys are hashable
    tuples naming every input: ``("context", articles, settings, lexicon hash)`` and
    ``("article", article, context key)``. Values are never mutated after ``put``.
    """

    def get(self, key: Hashable) -> Any | None: ...

    def put(self, key: Hashable, value: Any) -> None: ...


def _context_for(articles: Sequence[Article], settings: Settings, memo: Memo | None) -> Context:
    if memo is None:
        return build_context(settings, articles)
    # suggested actors depend on the articles; without them the context is the settings'
    story = tuple(articles) if settings.auto_actors else ()
    key = ("context", story, settings, lexicon_hash(load_lexicons(settings)))
    ctx = memo.get(key)
    if ctx is None:
        ctx = build_context(settings, articles)
        memo.put(key, ctx)
    return ctx


def _scored(article: Article, ctx: Context, memo: Memo | None) -> ArticleResult | SetAside:
    if memo is None:
        return score_article(article, ctx)
    key = ("article", article, ctx.key)
    result = memo.get(key)
    if result is None:
        result = score_article(article, ctx)
        memo.put(key, result)
    return result


def analyze(
    articles: Sequence[Article],
    settings: Settings = DEFAULT_SETTINGS,
    *,
    progress: Callable[[int, int], None] | None = None,
    memo: Memo | None = None,
) -> Analysis:
    """Score articles: every table of :class:`framing.models.Analysis`.

    The one front door for scoring: the command line, the partitioned engine and the
    dashboard all call it (the dashboard with a ``memo``, so adding an article to a story
    scores only that article).

    Parameters
    ----------
    articles
        The articles (an article id seen twice is scored once).
    settings
        Lexicons, actors, axes, bootstrap draws, seed and the per-article time budget.
    progress
        Called as ``progress(done, total)`` after each article.
    memo
        Keeps the scoring context and each article's result between calls (see :class:`Memo`).

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
    ctx = _context_for(unique, settings, memo)
    results = []
    for i, article in enumerate(unique, start=1):
        results.append(_scored(article, ctx, memo))
        if progress is not None:
            progress(i, len(unique))
    return assemble(unique, results, ctx)


def assemble(
    articles: Sequence[Article], results: Sequence[ArticleResult | SetAside], ctx: Context
) -> Analysis:
    """Stack per-article results into an :class:`Analysis` (adds the quality flags).

    ``results`` pairs with ``articles``; a :class:`framing.models.SetAside` leaves its article
    out of every table and goes to ``Analysis.set_aside``.
    """
    set_aside = tuple(r for r in results if isinstance(r, SetAside))
    if set_aside:
        gone = {s.article_id for s in set_aside}
        articles = [a for a in articles if a.id not in gone]
        results = [r for r in results if not isinstance(r, SetAside)]
    flags = _quality_flags(articles) if articles else {}
    rows = []
    for r in results:
        row = dict(r.row)
        row["flags"] = "; ".join(flags.get(row["article_id"], []))
        rows.append([row[c] for c in ARTICLE_COLUMNS])
    tables = {
        name: _frame([t for r in results for t in getattr(r, name)], columns)
        for name, columns in _TABLES.items()
    }
    extra: dict[str, Any] = {
        "context_key": ctx.key,
        "actors": ctx.actors,
        "category_rates": category_rates(
            tables["cues"],
            {r.row["article_id"]: r.row["n_words"] for r in results},
            {r.row["article_id"]: r.row["outlet"] for r in results},
        ),
    }
    frames, frame_cues = score_frames(tables["sentences"])  # framing.frames
    return Analysis(
        articles=_frame(rows, ARTICLE_COLUMNS),
        frames=frames,
        frame_cues=frame_cues,
        lexicon=ctx.lexicon,
        settings=ctx.settings,
        extra=extra,
        set_aside=set_aside,
        **tables,
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
    frames = text_frames([str(r["text"]) for r in batch])
    for record, compound, labels in zip(batch, vader, frames, strict=True):
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
        out["frames"] = labels
        if record.get("target") not in (None, ""):
            span = _find_target(text, record)
            out["target_tone"] = target_tone(text, *span) if span else float(compound)
        yield out

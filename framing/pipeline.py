"""The scoring pipeline: articles in, tidy tables out.

:func:`analyze` builds one :class:`framing.context.Context` for the settings (lexicon entries +
stance terms in one :class:`framing.lexicon.Matcher`, cached by content hash; actors; axes),
scores every article on its own with the pure function :func:`analyze_article`, then stacks the
per-article tables and adds what needs the whole set (quality flags). An app can cache
:func:`analyze_article` per ``(article, context.key)`` (see :class:`Memo`).

Per article, one named stage after another, each reading the one before by name
(:mod:`framing.rows`): sentences (:func:`framing.sentences.split_sentences`) →
:func:`cue_rows` (one matcher pass over the article text) → :func:`quote_rows` →
:func:`sentence_rows` (measures and VADER) → :func:`mention_rows` (actors and their tone) →
:func:`actor_rows` → stance and article rates with bootstrap intervals.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import pandas as pd

from framing.budget import Deadline, TooSlow
from framing.context import DEFAULT_SETTINGS, Context, build_context, get_matcher
from framing.frames import frame_cue_table, frame_table, scorers_for
from framing.lexicon import lexicon_hash, load_lexicons
from framing.models import (
    ACTOR_COLUMNS,
    ARTICLE_COLUMNS,
    CUE_COLUMNS,
    FRAME_COLUMNS,
    LEXICON_COLUMNS,
    MENTION_COLUMNS,
    QUOTE_COLUMNS,
    SENTENCE_COLUMNS,
    STANCE_COLUMNS,
    Analysis,
    Article,
    FromSentences,
    SetAside,
    Settings,
)
from framing.quality import quality_flags
from framing.quotes import quote_shares
from framing.rows import ActorRow, CueRow, MentionRow, QuoteRow, SentenceRow
from framing.scores import article_measures, category_rates, lede
from framing.sentence_scores import analyze_sentences
from framing.stages import (
    Sentences,
    actor_rows,
    cue_rows,
    mention_rows,
    quote_rows,
    sentence_rows,
)
from framing.stance import stance_rows
from framing.workers import MIN_PER_JOB, can_fork, score_in_processes

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


@dataclass
class ArticleResult:
    """The tables of one article as named row tuples (:mod:`framing.rows`), plus its
    article-table row (``flags`` empty: quality flags need the whole set).

    Plain tuples keep per-article scoring free of DataFrame overhead; :meth:`frames` or
    :func:`assemble` turn them into tables.
    """

    row: dict[str, Any]
    sentences: list[SentenceRow]
    cues: list[CueRow]
    quotes: list[QuoteRow]
    mentions: list[MentionRow]
    actors: list[ActorRow]
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
        Named rows for the ``sentences``, ``cues``, ``quotes``, ``mentions``, ``actors`` and
        ``stance`` tables and ``row`` (the ``ARTICLE_COLUMNS`` values, ``flags`` empty).
    """
    check = (deadline or Deadline(None)).check
    sents = Sentences.of(article)
    check("splitting sentences")
    cues, reporting = cue_rows(sents, ctx)
    check("matching the lexicons")
    found, quotes = quote_rows(sents, ctx, reporting)
    quote_spans = [(q.start, q.end) for q in found]
    check("finding quotations")
    shares = quote_shares(sents.spans, quote_spans)
    sentences, sums = sentence_rows(sents, cues, shares, check=check)
    mentions = mention_rows(sents, ctx, quote_spans, check=check)
    n = len(sents.spans)
    actors = actor_rows(mentions, ctx, n)
    check("finding actors")

    # article row and stance (sharing one bootstrap index matrix)
    values, boot_idx = article_measures(
        {
            "n_words": sents.words,
            "is_heading": sents.headings,
            "hedge": sums["hedge"],
            "intensity": sums["intensity"],
            "reporting_loaded_n": sums["reporting_loaded_n"],
            "compound": [s.compound for s in sentences],
        },
        iterations=ctx.settings.bootstrap,
        random_state=_seed(ctx.settings.random_state, article.id),
        quoted_words=sum(q.n_words for q in found),
    )
    stance = stance_rows(
        (
            (c.sent_id, c.term, c.category, c.weight, c.negated)
            for c in cues
            if c.lexicon == "stance"
        ),
        n_sentences=n,
        axes=ctx.axes,
        article_id=article.id,
        outlet=article.outlet,
        boot_idx=boot_idx,
    )
    check("computing intervals")
    row = {
        "article_id": article.id,
        "story": article.story,
        "outlet": article.outlet,
        "title": article.title,
        "url": article.url,
        "published": article.published,
        "source": article.source,
        "n_words": int(sum(sents.words)),
        "n_sentences": n,
        "lede": lede(sents.texts, sents.headings),
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
    jobs: int = 1,
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
    jobs
        Worker processes for the per-article scoring (:mod:`framing.workers`; the same
        tables). Used without a ``memo``, where ``fork`` exists and the batch has at least
        :data:`framing.workers.MIN_PER_JOB` articles per worker; otherwise one process.

    Returns
    -------
    Analysis
        With ``category_rates`` (per article, lexicon and category: count, weight, rate per
        100 words), ``actors_in_force`` (auto-suggested included) and ``context_key``.

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
    jobs = min(jobs, len(unique) // MIN_PER_JOB)
    if jobs > 1 and memo is None and can_fork():
        # the quality flags (over all articles) are made here while the workers score
        results, frames, flags = score_in_processes(
            unique, ctx, jobs, progress, meanwhile=lambda: quality_flags(unique)
        )
        return assemble(unique, results, ctx, frames=frames, flags=flags)
    results = []
    for i, article in enumerate(unique, start=1):
        results.append(_scored(article, ctx, memo))
        if progress is not None:
            progress(i, len(unique))
    return assemble(unique, results, ctx)


def assemble(
    articles: Sequence[Article],
    results: Sequence[ArticleResult | SetAside],
    ctx: Context,
    *,
    frames: Sequence[tuple] | None = None,
    flags: dict[str, list[str]] | None = None,
) -> Analysis:
    """Stack per-article results into an :class:`Analysis` (adds the quality flags).

    ``results`` pairs with ``articles``; a :class:`framing.models.SetAside` leaves its article
    out of every table and goes to ``Analysis.set_aside``. ``frames``: the frames rows when
    already made (by :func:`framing.workers.score_in_processes`), else they are made here.
    ``flags``: :func:`framing.quality.quality_flags` of ``articles``, when already made (used
    only when no article is set aside: near-duplicate flags pair the articles kept).
    """
    set_aside = tuple(r for r in results if isinstance(r, SetAside))
    if set_aside:
        gone = {s.article_id for s in set_aside}
        articles = [a for a in articles if a.id not in gone]
        results = [r for r in results if not isinstance(r, SetAside)]
    if flags is None or set_aside:
        flags = quality_flags(articles) if articles else {}
    rows = []
    for r in results:
        row = dict(r.row)
        row["flags"] = "; ".join(flags.get(row["article_id"], []))
        rows.append([row[c] for c in ARTICLE_COLUMNS])
    tables = {
        name: _frame([t for r in results for t in getattr(r, name)], columns)
        for name, columns in _TABLES.items()
    }
    # frames of the articles the non_english flag does not set aside; their cue rows (one per
    # place and frame: ~300 per article) are built only when read
    skip = frozenset(aid for aid, codes in flags.items() if "non_english" in codes)
    if frames is None:
        frame_rows = frame_table(tables["sentences"], scorers=scorers_for(ctx.lexicon), skip=skip)
    else:
        frame_rows = pd.DataFrame(list(frames), columns=FRAME_COLUMNS)
    frame_cues = FromSentences(frame_cue_table, (("lexicon", ctx.lexicon), ("skip", skip)))
    return Analysis(
        articles=_frame(rows, ARTICLE_COLUMNS),
        frames=frame_rows,
        frame_cues=frame_cues,
        lexicon=ctx.lexicon,
        settings=ctx.settings,
        set_aside=set_aside,
        category_rates=category_rates(
            tables["cues"],
            {r.row["article_id"]: r.row["n_words"] for r in results},
            {r.row["article_id"]: r.row["outlet"] for r in results},
        ),
        actors_in_force=ctx.actors,
        context_key=ctx.key,
        **tables,
    )

"""Cached calls into the library: the only place the app decides what to compute again.

Grain (every cache bounded with ``max_entries``)
-----------------------------------------------
- :func:`get_store` – one :class:`framing.store.Store` per database path (a resource).
- :func:`lexicon_key` – content hash of the lexicons in force (bundled files + the user's),
  recomputed when a bundled file changes on disk. Part of every scoring key, so editing a
  lexicon never serves stale scores.
- ``_context`` – the scoring context (matcher, actors, axes) per (articles, settings,
  lexicon hash): a resource, because the matcher is a compiled automaton.
- ``_article`` – **one article's** tables per (article, context key): adding an article to a
  story scores only that article (unless the new article changes the auto-suggested actors,
  which changes the context key).
- ``_assembled`` – the story's :class:`Analysis` per (articles, settings, lexicon hash).
- ``_clusters`` – the clustering per (articles, settings, lexicon hash, k, threshold), kept
  apart from scoring so moving a clustering control never re-scores.

``st.cache_data`` returns a fresh copy on every hit, so a view can never corrupt a cache.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import TypeVar

import streamlit as st

from framing.models import Analysis, Article, Settings
from framing.store import Store

__all__ = [
    "analysis",
    "clusters",
    "get_store",
    "lexicon_key",
    "memo_chart",
    "story_key",
]

T = TypeVar("T")
MAX_STORIES = 8  # scored stories kept in memory
MAX_ARTICLES = 600  # scored articles kept in memory (~0.1–0.3 MB each)
MAX_CHARTS = 64  # built figures kept in memory


@st.cache_resource(show_spinner=False)
def get_store(path: str) -> Store:
    """The workspace at ``path`` (seeded with the sample story on first open)."""
    return Store(path)


def _bundled_signature() -> tuple[tuple[str, int, int], ...]:
    """Name, size and mtime of each bundled lexicon file: cheap change detection (the
    library re-reads a file whose size or mtime changed, so the hash follows the edit)."""
    from framing import lexicon

    folder = lexicon.LEXICON_DIR
    if not folder.is_dir():
        return ()
    return tuple(
        (p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in sorted(folder.glob("*.csv"))
    )


@st.cache_data(max_entries=32, show_spinner=False)
def _lexicon_key(settings: Settings, signature: tuple[tuple[str, int, int], ...]) -> str:
    from framing.lexicon import lexicon_hash, load_lexicons

    return lexicon_hash(load_lexicons(settings))


def lexicon_key(settings: Settings) -> str:
    """Content hash of the lexicons ``settings`` puts in force."""
    return _lexicon_key(settings, _bundled_signature())


@st.cache_resource(max_entries=MAX_STORIES, show_spinner=False)
def _context(articles: tuple[Article, ...], settings: Settings, lex: str):  # -> pipeline.Context
    from framing.pipeline import build_context

    return build_context(settings, articles)


@st.cache_data(max_entries=MAX_ARTICLES, show_spinner=False)
def _article(article: Article, context_key: str, _ctx):  # -> ArticleResult | SetAside
    from framing.pipeline import score_article

    # an article over the time budget comes back as a SetAside, cached like a result, so a
    # rerun does not spend the budget again
    return score_article(article, _ctx)


@st.cache_data(max_entries=MAX_STORIES, show_spinner=False)
def _assembled(articles: tuple[Article, ...], settings: Settings, lex: str) -> Analysis:
    from framing.pipeline import assemble

    ctx = _context(articles, settings, lex)
    return assemble(articles, [_article(a, ctx.key, ctx) for a in articles], ctx)


@st.cache_resource(show_spinner=False)
def _scored_keys() -> tuple[OrderedDict[str, None], threading.Lock]:
    """Keys of stories already assembled (to skip the progress bar on a cache hit)."""
    return OrderedDict(), threading.Lock()


def _story_key(articles: Sequence[Article], settings: Settings, lex: str) -> str:
    digest = hashlib.sha1(repr((settings, lex)).encode("utf-8", "surrogatepass"))
    for a in articles:
        digest.update(
            repr((a.id, a.outlet, a.title, a.url, a.published, a.source, a.notes)).encode(
                "utf-8", "surrogatepass"
            )
        )
    return digest.hexdigest()


def story_key(articles: Sequence[Article], settings: Settings) -> str:
    """A short key naming one scored story (articles + settings + lexicon content)."""
    return _story_key(articles, settings, lexicon_key(settings))[:20]


@st.cache_resource(show_spinner=False)
def _chart_memo() -> tuple[OrderedDict[tuple, object], threading.Lock]:
    return OrderedDict(), threading.Lock()


def memo_chart(key: tuple, build: Callable[[], T]) -> T:
    """A built chart, reused across reruns and sessions while ``key`` is unchanged.

    Building a plotly figure costs 0.1–0.3 s (validation), more than the rest of a rerun, so
    built charts are kept (bounded LRU, no copy: callers must not mutate them). ``key`` must
    name every input of ``build``: the story key plus the chart's own parameters.
    """
    memo, lock = _chart_memo()
    with lock:
        if key in memo:
            memo.move_to_end(key)
            return memo[key]  # type: ignore[return-value]
    value = build()
    with lock:
        memo[key] = value
        while len(memo) > MAX_CHARTS:
            memo.popitem(last=False)
    return value


def analysis(
    articles: Sequence[Article],
    settings: Settings,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> Analysis:
    """Scores for a story; per-article results are cached, so only new articles are scored.

    ``progress(done, total)`` is called while articles are scored (not on a cache hit).

    Raises
    ------
    framing.models.ReadError
        When a user lexicon in ``settings`` is invalid.
    """
    articles = tuple(articles)
    lex = lexicon_key(settings)
    key = _story_key(articles, settings, lex)
    seen, lock = _scored_keys()
    if key not in seen and progress is not None:
        ctx = _context(articles, settings, lex)
        for i, a in enumerate(articles, start=1):
            _article(a, ctx.key, ctx)  # warms the per-article cache
            progress(i, len(articles))
    result = _assembled(articles, settings, lex)
    with lock:
        seen[key] = None
        seen.move_to_end(key)
        while len(seen) > 4 * MAX_STORIES:
            seen.popitem(last=False)
    return result


@st.cache_data(max_entries=MAX_STORIES * 4, show_spinner=False)
def _clusters(
    articles: tuple[Article, ...],
    settings: Settings,
    lex: str,
    n_clusters: int | None,
    threshold: float | None,
):  # -> framing.clusters.StoryClusters
    from framing.clusters import cluster_story

    result = _assembled(articles, settings, lex)
    return cluster_story(
        result.sentences,
        result.cues,
        n_clusters=n_clusters,
        threshold=threshold,
        random_state=settings.random_state,
    )


def clusters(
    articles: Sequence[Article],
    settings: Settings,
    *,
    n_clusters: int | None = None,
    threshold: float | None = None,
):
    """Sentence clusters of a story (cached apart from scoring)."""
    return _clusters(tuple(articles), settings, lexicon_key(settings), n_clusters, threshold)

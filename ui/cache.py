"""Cached calls into the library: the only place the app decides what to compute again.

Grain (every cache bounded with ``max_entries``)
-----------------------------------------------
- :func:`get_store` – one :class:`framing.store.Store` per database path (a resource).
- :func:`lexicon_key` – content hash of the lexicons in force (bundled files + the user's),
  recomputed when a bundled file changes on disk. Part of every scoring key, so editing a
  lexicon never serves stale scores.
- ``_memo`` – the ``memo`` handed to :func:`framing.pipeline.analyze`, the one front door for
  scoring: the scoring context (matcher, actors, axes) per (articles, settings, lexicon
  hash), and **one article's** result per (article, context key), so adding an article to a
  story scores only that article (unless it changes the auto-suggested actors, which changes
  the context key). Bounded LRU, shared by all sessions.
- ``_assembled`` – the story's :class:`Analysis` per (articles, settings, lexicon hash).
- :func:`memo` – derived values of one scored story, keyed by :func:`key`: the comparison set
  (which articles are compared, which are set aside and why), the analysis limited to it (at
  article or outlet grain), its clustering (kept apart from scoring, so moving a clustering
  control never re-scores), built charts. Bounded LRU per kind, no copy (the
  values are never mutated).

Every key comes from :func:`key`: story content (article ids, outlets, titles, sources…),
scoring settings, the lexicon content hash, then what the screen adds (the "Include
set-aside articles" switch, the grain, the clustering settings, a chart's name and
parameters). Nothing is cached under a key that does not name all of its inputs.

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
    "export_key",
    "get_store",
    "key",
    "lexicon_key",
    "memo",
    "memo_chart",
    "story_key",
]

T = TypeVar("T")
MAX_STORIES = 8  # scored stories kept in memory
MAX_ARTICLES = 600  # scored articles kept in memory (~0.1–0.3 MB each)
MAX_CHARTS = 64  # built figures kept in memory
MAX_DERIVED = {
    "comparison": 16,
    "compared": 8,
    "clusters": 16,
    "chart": MAX_CHARTS,
    "chart_context": 16,
}


@st.cache_resource(show_spinner=False)
def get_store(path: str) -> Store:
    """The workspace at ``path`` (seeded with the sample story on first open).

    Nothing is imported ahead in a background thread: importing scikit-learn beside the first
    run held the interpreter lock and the import locks against it, and the first page took
    ~0.6 s longer (cold server, 3.4 s without, 4.0 s with; four alternating runs each).
    """
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


class _Memo:
    """A bounded, thread-safe LRU store for :func:`framing.pipeline.analyze`'s ``memo``: the
    scoring contexts (compiled matchers) and every article's result, shared by all sessions.
    Values are never mutated (the library's contract), so no copy is made."""

    def __init__(self, max_articles: int, max_contexts: int) -> None:
        self._limits = {"article": max_articles, "context": max_contexts, "analysis": 2}
        self._items: dict[str, OrderedDict] = {k: OrderedDict() for k in self._limits}
        self._lock = threading.Lock()

    def get(self, key: tuple):
        items = self._items[key[0]]
        with self._lock:
            if key in items:
                items.move_to_end(key)
                return items[key]
        return None

    def put(self, key: tuple, value: object) -> None:
        items = self._items[key[0]]
        with self._lock:
            items[key] = value
            items.move_to_end(key)
            while len(items) > self._limits[key[0]]:
                items.popitem(last=False)

    def pop(self, key: tuple):
        with self._lock:
            return self._items[key[0]].pop(key, None)


@st.cache_resource(show_spinner=False)
def _memo() -> _Memo:
    return _Memo(MAX_ARTICLES, MAX_STORIES)


@st.cache_data(max_entries=MAX_STORIES, show_spinner=False)
def _assembled(articles: tuple[Article, ...], settings: Settings, lex: str) -> Analysis:
    from framing.pipeline import analyze

    # the run that showed progress left its result here; otherwise score (from the memo)
    warm = _memo().pop(("analysis", articles, settings, lex))
    return warm if warm is not None else analyze(articles, settings, memo=_memo())


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


def key(articles: Sequence[Article], settings: Settings, *parts: object) -> str:
    """The one cache key helper: a short key naming the story content, the scoring settings,
    the lexicon content in force and ``parts`` (what the screen adds on top: the comparison
    switch, the grain, the clustering settings…; each must have a stable ``repr``).

    Examples
    --------
    ``key(arts, settings)`` names the scored story; ``key(arts, settings, "compared", False,
    "articles")`` the comparison on screen; adding the clustering settings names its clusters.
    """
    base = _story_key(articles, settings, lexicon_key(settings))
    if not parts:
        return base[:20]
    return hashlib.sha1(repr((base, parts)).encode("utf-8", "surrogatepass")).hexdigest()[:20]


def story_key(articles: Sequence[Article], settings: Settings) -> str:
    """A short key naming one scored story (articles + settings + lexicon content)."""
    return key(articles, settings)


@st.cache_resource(show_spinner=False)
def _derived() -> tuple[dict[str, OrderedDict[object, object]], threading.Lock]:
    return {kind: OrderedDict() for kind in MAX_DERIVED}, threading.Lock()


def memo(kind: str, name: object, build: Callable[[], T]) -> T:
    """A value derived from a scored story, reused across reruns and sessions while ``name``
    (a :func:`key`, or a tuple starting with one) is unchanged.

    ``kind`` is one of ``comparison``, ``compared``, ``clusters``, ``chart``; each kind is a
    bounded LRU (:data:`MAX_DERIVED`). No copy is made: callers must not mutate the value.
    """
    stores, lock = _derived()
    items = stores[kind]
    with lock:
        if name in items:
            items.move_to_end(name)
            return items[name]  # type: ignore[return-value]
    value = build()
    with lock:
        items[name] = value
        while len(items) > MAX_DERIVED[kind]:
            items.popitem(last=False)
    return value


def memo_chart(name: tuple, build: Callable[[], T]) -> T:
    """A built chart, reused across reruns and sessions while ``name`` is unchanged.

    Building a plotly figure costs 0.1–0.3 s (validation), more than the rest of a rerun, so
    built charts are kept (bounded LRU, no copy: callers must not mutate them). ``name`` must
    name every input of ``build``: the :func:`key` of the analysis plus the chart's own
    parameters (colours included).
    """
    return memo("chart", name, build)


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
        from framing.pipeline import analyze

        # scored here (with progress) through the one front door; _assembled takes it over
        warm = analyze(articles, settings, memo=_memo(), progress=progress)
        _memo().put(("analysis", articles, settings, lex), warm)
    result = _assembled(articles, settings, lex)
    with lock:
        seen[key] = None
        seen.move_to_end(key)
        while len(seen) > 4 * MAX_STORIES:
            seen.popitem(last=False)
    return result


def export_key(
    story: str | None,
    *,
    clustering: object,
    comparison: Sequence[str] = (),
    focus: Sequence[str] = (),
    name: str = "exports",
) -> tuple:
    """The one cache key of everything exported for a screen: the story key (articles'
    content, settings, lexicon hash), the clustering settings, the comparison set (article
    ids compared) and the focus outlets. Any of them moving gives a new key, so no export
    can be stale."""
    return (story, name, repr(clustering), tuple(comparison), tuple(focus))

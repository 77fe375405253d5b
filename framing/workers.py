"""Per-article scoring in worker processes, for :func:`framing.analyze` with ``jobs > 1``.

Scoring an article reads only the article and the scoring context, so the articles can be
scored in several processes and the results put back in input order: the tables are the same
as in one process (tested). Workers are forked from the calling process, so they start with
its imports and its context (lexicons, matchers, actors) already built; only the articles'
positions go to them, and their results come back pickled.

Used where a batch is large and nothing else runs in the process (the command line); the
dashboard scores in its own process, with a memo, and never forks. On a platform without
``fork`` or where forking is not safe (Windows, macOS) scoring stays in one process.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING, TypeVar

from framing.models import Article, SetAside

if TYPE_CHECKING:
    from framing.context import Context
    from framing.rows import ArticleResult

T = TypeVar("T")

__all__ = ["MIN_PER_JOB", "can_fork", "default_jobs", "score_in_processes"]

#: Fewer articles than this per worker are scored in one process: forking, pickling the
#: results back and the lost caches cost more than they save on a small batch.
MIN_PER_JOB = 100
_CHUNKS_PER_JOB = 6  # work handed out in this many pieces per worker (keeps both busy)

# What the forked workers read: set just before the pool starts, cleared after.
_ARTICLES: Sequence[Article] = ()
_CONTEXT: Context | None = None


def default_jobs() -> int:
    """Worker processes for a large batch: the cores this process may use, at most 4."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


def can_fork() -> bool:
    """Whether worker processes are forked here: on Linux only (macOS lists ``fork`` but its
    system libraries are not safe to use in a forked child)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def _score(start: int, stop: int) -> list[tuple[ArticleResult | SetAside, list[tuple]]]:
    """Score articles ``start:stop``, each with its frames rows (as the frames stage makes
    them for the articles the ``non_english`` flag does not set aside)."""
    from framing.frames.scoring import score_article as frame_rows
    from framing.frames.stage import scorers_for
    from framing.pipeline import score_article
    from framing.quality import non_english

    assert _CONTEXT is not None
    scorers = scorers_for(_CONTEXT.lexicon)
    out = []
    for article in _ARTICLES[start:stop]:
        result = score_article(article, _CONTEXT)
        frames: list[tuple] = []
        if not isinstance(result, SetAside) and result.sentences and not non_english(article.text):
            rows = result.sentences
            for f_rows, _ in frame_rows(
                article.id, article.outlet, [r.sent_id for r in rows], [r.start for r in rows],
                [r.text for r in rows], scorers, cues=False,
            ):  # fmt: skip
                frames.extend(f_rows)
        out.append((result, frames))
    return out


def score_in_processes(
    articles: Sequence[Article],
    ctx: Context,
    jobs: int,
    progress: Callable[[int, int], None] | None = None,
    meanwhile: Callable[[], T] | None = None,
) -> tuple[list[ArticleResult | SetAside], list[tuple], T | None]:
    """:func:`framing.pipeline.score_article` of every article, in ``jobs`` forked processes,
    and the frames rows of the scored articles (``FRAME_COLUMNS`` tuples, as
    :func:`framing.frames.frame_table` gives them with the ``non_english`` articles skipped).

    Results are in the order of ``articles``. ``progress(done, total)`` is called as pieces
    finish (in order). ``meanwhile()`` runs in this process while the workers score (this
    process would only wait); its value is returned third.
    """
    from framing.frames.stage import scorers_for

    global _ARTICLES, _CONTEXT
    n = len(articles)
    size = max(1, -(-n // (jobs * _CHUNKS_PER_JOB)))
    pieces = [(i, min(i + size, n)) for i in range(0, n, size)]
    scorers_for(ctx.lexicon)  # built (and cached) once, before the workers are forked
    _ARTICLES, _CONTEXT = articles, ctx
    results: list[ArticleResult | SetAside] = []
    frames: list[tuple] = []
    try:
        with ProcessPoolExecutor(
            max_workers=jobs, mp_context=multiprocessing.get_context("fork")
        ) as pool:
            futures = [pool.submit(_score, start, stop) for start, stop in pieces]
            extra = meanwhile() if meanwhile is not None else None
            for future in futures:
                for result, rows in future.result():
                    results.append(result)
                    frames.extend(rows)
                if progress is not None:
                    progress(len(results), n)
    finally:
        _ARTICLES, _CONTEXT = (), None
    return results, frames, extra

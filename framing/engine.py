"""Analyse corpora larger than one process comfortably holds: partitions, optionally on Dask.

:func:`analyze_partitioned` reads many input files (JSON lines, CSV, Parquet, or anything
:func:`framing.ingest.read_file` reads; planned and read by :mod:`framing.chunks`), cuts the
articles into partitions of ``partition_size``, scores each partition with
:func:`framing.pipeline.analyze` and writes the tidy tables as Parquet files, sorted so that
the output does not depend on how the work was split or where it ran.

Per-article scoring is independent of the other articles, with three exceptions that need
the whole corpus; each is handled once, globally, so partitioned output equals the
single-process output:

* duplicate ids (``analyze`` scores an id seen twice once): the ids of every chunk come back
  to the client, which keeps the first occurrence (:func:`first_occurrences`);
* quality flags (``near_duplicate:<id>`` compares every article with every other one):
  :func:`framing.quality.quality_flags` runs over all articles as one task and its result
  replaces the ``flags`` column;
* automatically suggested actors (``Settings.auto_actors``: names that recur across the
  corpus): :func:`framing.pipeline.build_context` suggests them from all articles in one
  task and they are passed to every partition as fixed actors.

Two engines:

``"local"``
    partitions analysed one after another in this process (no Dask needed);
``"dask"``
    partitions analysed by the workers of a ``dask.distributed`` cluster: an existing
    scheduler when ``scheduler`` is an address (``"tcp://host:8786"``), else a
    :class:`distributed.LocalCluster` of two single-threaded worker processes bound to
    127.0.0.1. Files are planned and read on the workers (input paths must be readable
    there, e.g. a shared file system), articles stay there, and only the result tables come
    back to this process, which sorts and writes them (so ``out_dir`` only has to exist
    here, not on the workers).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from framing.chunks import (
    CHUNK_BYTES,
    CHUNK_ROWS,
    Chunk,
    expand_inputs,
    plan_chunks,
    read_chunk,
    read_input,
)
from framing.models import Analysis, Article, Settings

__all__ = [
    "CHUNK_BYTES",
    "CHUNK_ROWS",
    "ENGINES",
    "FORMATS",
    "SORT_KEYS",
    "TABLES",
    "Chunk",
    "analyze_partitioned",
    "expand_inputs",
    "first_occurrences",
    "partition_bounds",
    "plan_chunks",
    "read_chunk",
    "read_input",
    "sort_table",
]

ENGINES = ("local", "dask")
FORMATS = ("parquet", "csv")
TABLES = ("articles", "sentences", "cues", "quotes", "actors", "mentions", "stance", "frames")
#: Articles over the time budget (framing.budget): written only when there are any.
SET_ASIDE = "set_aside"
# Deterministic order of each written table. The sort is stable, and partitions are
# concatenated in input order, so rows that tie keep the single-process order.
SORT_KEYS: dict[str, list[str]] = {
    "articles": ["article_id"],
    "sentences": ["article_id", "sent_id"],
    "cues": ["article_id", "start", "end"],
    "quotes": ["article_id", "quote_id"],
    "actors": ["article_id", "actor"],
    "mentions": ["article_id", "start", "end"],
    "stance": ["article_id", "axis"],
    "frames": ["article_id", "scheme"],  # frames keep their codebook order within a scheme
    SET_ASIDE: ["article_id"],
}


def partition_bounds(n: int, size: int) -> list[tuple[int, int]]:
    """``[start, stop)`` bounds cutting ``n`` items into runs of at most ``size``.

    Examples
    --------
    >>> partition_bounds(5, 2)
    [(0, 2), (2, 4), (4, 5)]
    >>> partition_bounds(0, 2)
    []
    """
    if size < 1:
        raise ValueError("partition_size must be at least 1")
    return [(start, min(start + size, n)) for start in range(0, n, size)]


def first_occurrences(ids_per_chunk: Sequence[Sequence[str]]) -> list[list[int]]:
    """Per chunk, the positions of articles whose id was not seen before (in input order).

    ``framing.pipeline.analyze`` scores an id seen twice once; this is the same rule across
    chunks.

    Examples
    --------
    >>> first_occurrences([["a", "b", "a"], ["b", "c"]])
    [[0, 1], [1]]
    """
    seen: set[str] = set()
    keep = []
    for ids in ids_per_chunk:
        mine = []
        for i, article_id in enumerate(ids):
            if article_id not in seen:
                seen.add(article_id)
                mine.append(i)
        keep.append(mine)
    return keep


# ---- per-partition work (runs on the workers) ---------------------------------------------------
def _ids(articles: Sequence[Article]) -> list[str]:
    return [a.id for a in articles]


def _unique(keep: Sequence[Sequence[int]], parts: Sequence[Sequence[Article]]) -> list[Article]:
    return [part[i] for idx, part in zip(keep, parts, strict=True) for i in idx]


def _analyze_part(articles: Sequence[Article], settings: Settings) -> dict[str, pd.DataFrame]:
    from framing.pipeline import analyze

    analysis: Analysis = analyze(articles, settings)
    tables = {name: table.reset_index(drop=True) for name, table in analysis.tables().items()}
    tables[SET_ASIDE] = analysis.set_aside_table()
    return tables


def _analyze_picked(
    articles: Sequence[Article], picked: Sequence[int], settings: Settings
) -> dict[str, pd.DataFrame]:
    return _analyze_part([articles[i] for i in picked], settings)


def _global_flags(keep: Sequence[Sequence[int]], *parts: Sequence[Article]) -> dict[str, list[str]]:
    """Quality flags over the whole corpus (``near_duplicate`` compares all articles)."""
    from framing.quality import quality_flags

    return quality_flags(_unique(keep, parts))


def _global_settings(
    settings: Settings, keep: Sequence[Sequence[int]], *parts: Sequence[Article]
) -> Settings:
    """Settings for every partition: the corpus-wide suggested actors, fixed once."""
    if not settings.auto_actors:
        return settings
    from framing.pipeline import build_context

    actors = build_context(settings, _unique(keep, parts)).actors
    return dataclasses.replace(settings, actors=actors, auto_actors=False)


# ---- assembling the output ----------------------------------------------------------------------
def sort_table(name: str, table: pd.DataFrame) -> pd.DataFrame:
    """A table in its deterministic order (stable sort on :data:`SORT_KEYS`), fresh index."""
    keys = [key for key in SORT_KEYS.get(name, []) if key in table.columns]
    if keys and len(table):
        table = table.sort_values(keys, kind="stable")
    return table.reset_index(drop=True)


def _apply_flags(articles: pd.DataFrame, flags: dict[str, list[str]]) -> pd.DataFrame:
    if "flags" not in articles.columns or not len(articles):
        return articles
    articles = articles.copy()
    articles["flags"] = [
        "; ".join(flags.get(article_id, [])) for article_id in articles["article_id"]
    ]
    return articles


def _combine(
    parts: Iterable[dict[str, pd.DataFrame]], flags: dict[str, list[str]] | None
) -> dict[str, pd.DataFrame]:
    collected: dict[str, list[pd.DataFrame]] = {name: [] for name in (*TABLES, SET_ASIDE)}
    for part in parts:
        for name in collected:
            collected[name].append(part[name])
    tables = {}
    for name, frames in collected.items():
        non_empty = [f for f in frames if len(f)]
        table = pd.concat(non_empty, ignore_index=True) if non_empty else frames[0]
        if name == "articles" and flags is not None:
            table = _apply_flags(table, flags)
        tables[name] = sort_table(name, table)
    return tables


def _write(tables: dict[str, pd.DataFrame], out_dir: Path, fmt: str) -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for name, table in tables.items():
        if name == SET_ASIDE and not len(table):
            continue
        path = out_dir / f"{name}.{fmt}"
        if fmt == "parquet":
            table.to_parquet(path, index=False)
        else:
            table.to_csv(path, index=False)
        written[name] = path
    return written


# ---- engines ---------------------------------------------------------------------------------
def _tasks(keep: Sequence[Sequence[int]], partition_size: int) -> list[tuple[int, list[int]]]:
    """(chunk number, positions in the chunk) for every partition, in input order."""
    return [
        (c, list(idx[start:stop]))
        for c, idx in enumerate(keep)
        for start, stop in partition_bounds(len(idx), partition_size)
    ]


def _run_local(
    files: Sequence[Path], settings: Settings, partition_size: int, story: str
) -> tuple[list[dict[str, pd.DataFrame]], dict[str, list[str]]]:
    chunks = [chunk for path in files for chunk in plan_chunks(path)]
    per_chunk = [read_chunk(chunk, story=story) for chunk in chunks]
    keep = first_occurrences([_ids(articles) for articles in per_chunk])
    settings = _global_settings(settings, keep, *per_chunk)
    flags = _global_flags(keep, *per_chunk)
    parts = [
        _analyze_picked(per_chunk[c], picked, settings)
        for c, picked in _tasks(keep, partition_size)
    ]
    return parts, flags


def _open_client(scheduler: str | None) -> tuple[Any, Callable[[], None]]:
    from distributed import Client, LocalCluster

    if scheduler:
        client = Client(scheduler)
        return client, client.close

    cluster = LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    )
    client = Client(cluster)

    def close() -> None:
        client.close()
        cluster.close()

    return client, close


def _run_dask(
    files: Sequence[Path],
    settings: Settings,
    partition_size: int,
    story: str,
    scheduler: str | None,
) -> tuple[list[dict[str, pd.DataFrame]], dict[str, list[str]]]:
    client, close = _open_client(scheduler)
    try:
        # Plan and read on the workers; the articles stay on the cluster.
        plans = client.gather(client.map(plan_chunks, [str(p) for p in files], pure=False))
        chunks = [chunk for plan in plans for chunk in plan]
        read = client.map(read_chunk, chunks, story=story, pure=False)
        keep = first_occurrences(client.gather(client.map(_ids, read, pure=False)))
        # Corpus-wide steps, one task each over all articles (small results come back).
        settings_f = client.submit(_global_settings, settings, keep, *read, pure=False)
        flags_f = client.submit(_global_flags, keep, *read, pure=False)
        parts = [
            client.submit(_analyze_picked, read[c], picked, settings_f, pure=False)
            for c, picked in _tasks(keep, partition_size)
        ]
        # Gathered in partition order: rows that tie in the sort keep the input order.
        results = client.gather(parts)
        flags = flags_f.result()
        del read, parts, settings_f, flags_f
        return results, flags
    finally:
        close()


def analyze_partitioned(
    paths_or_globs: Sequence[str | Path],
    out_dir: str | Path,
    *,
    engine: str = "local",
    scheduler: str | None = None,
    settings: Settings = Settings(),  # noqa: B008 (frozen, hashable)
    partition_size: int = 500,
    story: str = "",
    format: str = "parquet",
) -> dict[str, Path]:
    """Analyse many input files partition by partition and write the tables as Parquet.

    Parameters
    ----------
    paths_or_globs
        Input files, directories or glob patterns (``"data/*.jsonl"``). JSON lines, CSV,
        XLSX and single documents are read by :func:`framing.ingest.read_file`; Parquet
        files need ``outlet`` and ``text`` columns and may have ``title, url, published,
        story`` (the bundle rules of :mod:`framing.ingest.bundles`).
    out_dir
        Directory for ``articles.parquet, sentences.parquet, cues.parquet, quotes.parquet,
        actors.parquet, mentions.parquet, stance.parquet`` (created if missing).
    engine
        ``"local"`` (this process) or ``"dask"`` (a dask.distributed cluster).
    scheduler
        With ``engine="dask"``: a scheduler address such as ``"tcp://10.0.0.5:8786"``;
        ``None`` starts a local two-worker cluster for the run.
    settings
        The analysis settings, as for :func:`framing.pipeline.analyze`.
    partition_size
        Articles per task. Each partition is one call of ``analyze``.
    story
        Story name for articles whose input gives none.
    format
        ``"parquet"`` (default) or ``"csv"`` for the written tables.

    Returns
    -------
    dict
        Table name -> path of the written Parquet file.

    Notes
    -----
    Output rows are sorted by :data:`SORT_KEYS` and equal, table by table, to a
    single :func:`framing.pipeline.analyze` call over all the articles sorted the same way.

    Examples
    --------
    >>> paths = analyze_partitioned(["corpus/*.jsonl"], "out", engine="dask")  # doctest: +SKIP
    >>> pd.read_parquet(paths["articles"]).shape  # doctest: +SKIP
    """
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, not {engine!r}")
    if scheduler and engine != "dask":
        raise ValueError("a scheduler address needs engine='dask'")
    if partition_size < 1:
        raise ValueError("partition_size must be at least 1")
    if format not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
    files = expand_inputs(paths_or_globs)
    if engine == "local":
        parts, flags = _run_local(files, settings, partition_size, story)
    else:
        parts, flags = _run_dask(files, settings, partition_size, story, scheduler)
    if not parts:  # no articles at all: one empty analysis gives the empty tables
        parts = [_analyze_part([], settings)]
    return _write(_combine(parts, flags), Path(out_dir), format)

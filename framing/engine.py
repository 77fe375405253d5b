"""Analyse corpora larger than one process comfortably holds: partitions, optionally on Dask.

:func:`analyze_partitioned` reads many input files (JSON lines, CSV, Parquet, or anything
:func:`framing.ingest.read_file` reads), cuts the articles into partitions of
``partition_size``, scores each partition with :func:`framing.pipeline.analyze` and writes
the tidy tables as Parquet files, sorted so that the output does not depend on how the work
was split or where it ran.

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
import glob
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

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
TABLES = ("articles", "sentences", "cues", "quotes", "actors", "mentions", "stance")
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
    SET_ASIDE: ["article_id"],
}
_PARQUET_SUFFIXES = (".parquet", ".pq")
_JSONL_SUFFIXES = (".jsonl", ".ndjson")
#: JSON-lines files above this size are read in pieces of about this size (cut at line ends).
CHUNK_BYTES = 8 * 1024 * 1024
#: Parquet files are read in runs of row groups of about this many rows.
CHUNK_ROWS = 5000


# ---- inputs ---------------------------------------------------------------------------------
def expand_inputs(paths_or_globs: Sequence[str | Path]) -> list[Path]:
    """Files named by paths, directories and glob patterns, in order, without repeats.

    A directory stands for the files directly inside it (sorted; its ``manifest.csv`` is not
    an input but names the outlets, see :func:`framing.ingest.read_listed_file`); a pattern with ``*``,
    ``?`` or ``[`` is expanded and sorted.

    Raises
    ------
    FileNotFoundError
        When an entry matches no file.

    Examples
    --------
    >>> expand_inputs([__file__]) == [Path(__file__)]
    True
    """
    seen: dict[Path, None] = {}
    for item in paths_or_globs:
        text = str(item)
        if any(ch in text for ch in "*?["):
            found = [Path(p) for p in sorted(glob.glob(text, recursive=True))]
            found = [p for p in found if p.is_file()]
        elif Path(text).is_dir():
            found = sorted(
                p for p in Path(text).iterdir() if p.is_file() and p.name != "manifest.csv"
            )
        elif Path(text).is_file():
            found = [Path(text)]
        else:
            found = []
        if not found:
            raise FileNotFoundError(f"{text}: no such file (or the pattern matches nothing)")
        for path in found:
            seen.setdefault(path, None)
    return list(seen)


@dataclass(frozen=True)
class Chunk:
    """A piece of one input file that one task reads.

    ``kind`` is ``"file"`` (the whole file, read by :func:`framing.ingest.read_file`),
    ``"jsonl"`` (bytes ``start:stop`` of a JSON-lines file, cut at line ends) or
    ``"parquet"`` (row groups ``start:stop``). ``first`` is the 1-based number of the chunk's
    first line or row in the file, so article ``source`` labels (``"name#line"``) are the
    ones a whole-file read gives.
    """

    path: str
    kind: str = "file"
    start: int = 0
    stop: int = 0
    first: int = 1


def _jsonl_chunks(path: Path, chunk_bytes: int) -> list[Chunk]:
    size = path.stat().st_size
    if size <= chunk_bytes:
        return [Chunk(str(path))]
    chunks, pos, line = [], 0, 1
    with open(path, "rb") as fh:
        while pos < size:
            fh.seek(min(pos + chunk_bytes, size))
            fh.readline()  # finish the line the cut fell into
            stop = min(fh.tell(), size)
            fh.seek(pos)
            n_lines = fh.read(stop - pos).count(b"\n")
            chunks.append(Chunk(str(path), "jsonl", pos, stop, line))
            pos, line = stop, line + n_lines
    return chunks


def _parquet_chunks(path: Path, chunk_rows: int) -> list[Chunk]:
    import pyarrow.parquet as pq

    meta = pq.ParquetFile(path).metadata
    chunks, group, row = [], 0, 1
    while group < meta.num_row_groups:
        stop, rows = group, 0
        while stop < meta.num_row_groups and (rows == 0 or rows < chunk_rows):
            rows += meta.row_group(stop).num_rows
            stop += 1
        chunks.append(Chunk(str(path), "parquet", group, stop, row))
        group, row = stop, row + rows
    return chunks or [Chunk(str(path), "parquet", 0, 0, 1)]


def plan_chunks(
    path: str | Path, *, chunk_bytes: int = CHUNK_BYTES, chunk_rows: int = CHUNK_ROWS
) -> list[Chunk]:
    """How one input file is read: JSON lines above ``chunk_bytes`` and Parquet files are cut.

    Other formats are read whole (and are limited to :data:`framing.ingest.MAX_BYTES`).

    Examples
    --------
    >>> plan_chunks(__file__)[0].kind
    'file'
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in _PARQUET_SUFFIXES:
        return _parquet_chunks(path, chunk_rows)
    if suffix in _JSONL_SUFFIXES:
        return _jsonl_chunks(path, chunk_bytes)
    return [Chunk(str(path))]


def _renumber(articles: list[Article], name: str, first: int) -> list[Article]:
    """Source labels ``name#k`` of a chunk read alone -> the file's own line/row numbers."""
    out = []
    for article in articles:
        label = article.source.rpartition("#")[2]
        number = int(label) + first - 1 if label.isdigit() else label
        out.append(dataclasses.replace(article, source=f"{name}#{number}"))
    return out


def _parquet_bytes(frame: pd.DataFrame) -> bytes:
    """Parquet rows as JSON lines, so framing.ingest applies its bundle rules to them."""
    lines = []
    for record in frame.to_dict("records"):
        clean = {
            str(k): (None if not isinstance(v, str) and pd.isna(v) else v)
            for k, v in record.items()
            if not isinstance(v, list | dict)
        }
        lines.append(json.dumps(clean, ensure_ascii=False, default=str))
    return ("\n".join(lines) + "\n").encode("utf-8")


def read_chunk(chunk: Chunk, *, story: str = "") -> list[Article]:
    """The articles of one chunk, as a whole-file read would give them."""
    from framing.ingest import read_bytes, read_listed_file, safe_name

    path = Path(chunk.path)
    if chunk.kind == "file":  # a manifest.csv beside it names its outlet, title, story
        return read_listed_file(path, story=story)
    name = safe_name(path.name)
    if chunk.kind == "jsonl":
        with open(path, "rb") as fh:
            fh.seek(chunk.start)
            data = fh.read(chunk.stop - chunk.start)
        return _renumber(read_bytes(data, name, story=story), name, chunk.first)
    import pyarrow.parquet as pq

    table = pq.ParquetFile(path).read_row_groups(list(range(chunk.start, chunk.stop)))
    data = _parquet_bytes(table.to_pandas())
    return _renumber(read_bytes(data, f"{path.stem}.jsonl", story=story), name, chunk.first)


def read_input(path: str | Path, *, story: str = "") -> list[Article]:
    """All articles of one input file (any format framing.ingest reads, or Parquet)."""
    return [a for chunk in plan_chunks(path) for a in read_chunk(chunk, story=story)]


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
        files need a ``text`` column and may have ``outlet, title, url, published, story``.
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

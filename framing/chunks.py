"""The engine's inputs: files named by paths, folders and globs, cut into chunks one task reads.

A JSON-lines file above :data:`CHUNK_BYTES` is cut at line ends and a Parquet file into runs
of row groups (:func:`plan_chunks`); every other file is one chunk read whole by
:mod:`framing.ingest`. :func:`read_chunk` gives a chunk's articles exactly as a whole-file
read would (same ``source`` labels). :mod:`framing.engine` plans and reads with these, in
this process or on Dask workers; the names stay importable from there.

Examples
--------
>>> [chunk.kind for chunk in plan_chunks(__file__)]
['file']
"""

from __future__ import annotations

import dataclasses
import glob
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from framing.models import Article

__all__ = [
    "CHUNK_BYTES",
    "CHUNK_ROWS",
    "Chunk",
    "expand_inputs",
    "plan_chunks",
    "read_chunk",
    "read_input",
]

_PARQUET_SUFFIXES = (".parquet", ".pq")
_JSONL_SUFFIXES = (".jsonl", ".ndjson")
#: JSON-lines files above this size are read in pieces of about this size (cut at line ends).
CHUNK_BYTES = 8 * 1024 * 1024
#: Parquet files are read in runs of row groups of about this many rows.
CHUNK_ROWS = 5000


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

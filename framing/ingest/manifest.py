"""Files and folders on disk with a ``manifest.csv`` beside them (file → outlet, title,
story, note), and the bundled sample story read that way.

Examples
--------
>>> sorted(read_manifest(SAMPLE_DIR))
['000-russia-steps-in.txt', '003-russia-keeps-its-distance.txt']
"""

from __future__ import annotations

import csv
import dataclasses
import io
from collections.abc import Iterable, Mapping
from os import PathLike
from pathlib import Path

from framing.ingest.read import load_articles, read_file
from framing.ingest.sniff import CSV_EXT, HTML_EXT, JSONL_EXT, MD_EXT, XLSX_EXT
from framing.models import Article, ReadError

__all__ = [
    "MANIFEST_NAME",
    "READABLE_EXT",
    "SAMPLE_DIR",
    "expand_folders",
    "load_paths",
    "load_sample",
    "read_listed_file",
    "read_manifest",
]

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "data" / "sample"


MANIFEST_NAME = "manifest.csv"
#: File name endings read when a folder is given (``manifest.csv`` itself is not an article).
READABLE_EXT = frozenset(
    {".txt", ".text", ".pdf", ".docx", ".json"} | MD_EXT | HTML_EXT | CSV_EXT | JSONL_EXT | XLSX_EXT
)


def read_manifest(folder: str | PathLike[str]) -> dict[str, dict[str, str]]:
    """``file name -> {outlet, title, story, notes}`` from ``folder/manifest.csv`` ({} if none).

    Empty cells are left out, so a manifest may set only some fields.

    Examples
    --------
    >>> read_manifest(SAMPLE_DIR)["000-russia-steps-in.txt"]["outlet"]
    '000 · Steps In'
    """
    path = Path(folder) / MANIFEST_NAME
    if not path.is_file():
        return {}
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    out: dict[str, dict[str, str]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        name = (row.get("file") or "").strip()
        if name:
            fields = ("outlet", "title", "story", "notes")
            out[name] = {k: str(row[k]).strip() for k in fields if (row.get(k) or "").strip()}
    return out


def _with_manifest(article: Article, row: Mapping[str, str]) -> Article:
    note = row.get("notes", "")
    return dataclasses.replace(
        article,
        title=row.get("title") or article.title,
        notes=((note,) if note else ()) + article.notes,
    )


def expand_folders(paths: Iterable[str | PathLike[str]]) -> list[Path]:
    """Paths with each folder replaced by the readable files under it (recursively, sorted;
    hidden files and ``manifest.csv`` left out). Files named directly are kept as they are.

    Examples
    --------
    >>> [p.name for p in expand_folders([SAMPLE_DIR])]
    ['000-russia-steps-in.txt', '003-russia-keeps-its-distance.txt']
    """
    out: list[Path] = []
    for item in paths:
        path = Path(item)
        if not path.is_dir():
            out.append(path)
            continue
        for found in sorted(path.rglob("*")):
            rel = found.relative_to(path).parts
            if (
                found.is_file()
                and found.suffix.lower() in READABLE_EXT
                and found.name != MANIFEST_NAME
                and not any(part.startswith(".") for part in rel)
            ):
                out.append(found)
    return out


def read_listed_file(
    path: str | PathLike[str],
    *,
    story: str = "",
    manifest: Mapping[str, Mapping[str, str]] | None = None,
) -> list[Article]:
    """:func:`read_file`, with the outlet, title, story and note of the file's row in the
    ``manifest.csv`` of its folder (``manifest``: that folder's rows, when already read).

    Raises
    ------
    ReadError
        As :func:`read_file`.
    """
    path = Path(path)
    rows = read_manifest(path.parent) if manifest is None else manifest
    row = rows.get(path.name)
    if row is None:
        return read_file(path, story=story)
    found = read_file(path, outlet=row.get("outlet"), story=row.get("story") or story)
    return [_with_manifest(a, row) for a in found]


def load_paths(
    paths: Iterable[str | PathLike[str]], *, story: str = ""
) -> tuple[list[Article], list[ReadError]]:
    """:func:`load_articles` for files and folders on disk, honouring ``manifest.csv``.

    A folder stands for the readable files under it (:func:`expand_folders`). A file listed in
    the ``manifest.csv`` of its own folder takes the outlet, title, story and note from it,
    exactly as the dashboard's sample does; the rest are read as usual (``story`` labels the
    ones with none).

    Examples
    --------
    >>> arts, errs = load_paths([SAMPLE_DIR])
    >>> [a.outlet for a in arts] == [a.outlet for a in load_sample()], errs
    (True, [])
    """
    files = expand_folders(paths)
    manifests: dict[Path, dict[str, dict[str, str]]] = {}
    articles: list[Article] = []
    errors: list[ReadError] = []
    seen: set[str] = set()
    plain: list[Path] = []
    for path in files:
        folder = path.parent
        if folder not in manifests:
            try:
                manifests[folder] = read_manifest(folder)
            except (OSError, csv.Error) as exc:
                errors.append(ReadError(MANIFEST_NAME, f"the manifest could not be read ({exc})"))
                manifests[folder] = {}
        if path.name not in manifests[folder]:
            plain.append(path)
            continue
        try:
            found = read_listed_file(path, story=story, manifest=manifests[folder])
        except ReadError as err:
            errors.append(err)
            continue
        for art in found:
            if art.id not in seen:
                seen.add(art.id)
                articles.append(art)
    more, more_errors = load_articles(plain, story=story)
    articles += [a for a in more if a.id not in seen]
    return articles, errors + more_errors


def load_sample() -> list[Article]:
    """The bundled sample story: two articles with opposite framing (data/sample/manifest.csv).

    Outlet, title and story come from the manifest; notes hold the manifest note followed by
    what ingestion repaired.

    Examples
    --------
    >>> [a.outlet for a in load_sample()]
    ['000 · Steps In', '003 · Keeps Distance']
    """
    manifest = read_manifest(SAMPLE_DIR)
    articles = []
    for name, row in manifest.items():
        (art,) = read_file(SAMPLE_DIR / name, outlet=row.get("outlet"), story=row.get("story", ""))
        articles.append(_with_manifest(art, row))
    return articles

"""The entry points: bytes, a file, or a batch of uploads to articles, with one message per
file that failed or had skipped rows.

Examples
--------
>>> [a.title for a in read_bytes(b"Big News Today\\nIt happened.", "paper.txt")]
['Big News Today']
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from os import PathLike
from pathlib import Path
from typing import Any

from framing.ingest.bundles import BUNDLE_READERS, read_bundle
from framing.ingest.clean import clean_text, strip_furniture
from framing.ingest.documents import READERS
from framing.ingest.metadata import finish_article
from framing.ingest.names import MAX_BYTES, safe_name, too_big
from framing.ingest.sniff import sniff_kind
from framing.models import Article, ReadError

__all__ = ["Upload", "load_articles", "read_bytes", "read_bytes_report", "read_file"]

log = logging.getLogger(__name__)


def _single_article(
    kind: str, data: bytes, name: str, *, outlet: str | None, story: str
) -> Article:
    doc = READERS[kind](data, name)
    text, notes = clean_text(doc.text)
    if not text:
        raise ReadError(name, "the file has no text (only whitespace)")
    if not re.search(r"[^\W_]", text):
        raise ReadError(name, "the file has no words (only punctuation or symbols)")
    text, furniture = strip_furniture(text)
    return finish_article(
        text,
        doc.notes + notes + furniture,
        name=name,
        source=name,
        outlet=outlet or doc.outlet,
        title=doc.title,
        url=doc.url,
        published=doc.published,
        story=story,
    )


def read_bytes_report(
    data: bytes, name: str, *, outlet: str | None = None, story: str = ""
) -> tuple[list[Article], list[ReadError]]:
    """Read one file's bytes into articles, and report rows that were skipped.

    Parameters
    ----------
    data : bytes
        File content (at most :data:`MAX_BYTES`).
    name : str
        File name as uploaded; its extension chooses the reader (content wins for PDF and
        zip-based formats). Sanitised with :func:`safe_name` for messages and ``source``.
    outlet : str, optional
        Outlet for every article, overriding the bundle column, HTML site name or file name.
    story : str
        Story label for every article (a bundle's ``story`` column wins).

    Returns
    -------
    articles : list of Article
        At least one article.
    warnings : list of ReadError
        At most one, summarising skipped bundle rows/lines.

    Raises
    ------
    ReadError
        When nothing could be read; the message starts with the file name.

    Examples
    --------
    >>> rows = b'{"outlet": "A", "title": "T", "text": "Some text."}\\n{bad\\n'
    >>> arts, warns = read_bytes_report(rows, "b.jsonl")
    >>> len(arts), str(warns[0])
    (1, 'b.jsonl: line 2 is not valid JSON (skipped; 1 other article loaded)')
    """
    name = safe_name(name)
    data = bytes(data)
    if len(data) > MAX_BYTES:
        raise too_big(name, len(data))
    if not data:
        raise ReadError(name, "the file is empty")
    try:
        kind = sniff_kind(data, name)
        if kind in BUNDLE_READERS:
            return read_bundle(kind, data, name, outlet=outlet, story=story)
        return [_single_article(kind, data, name, outlet=outlet, story=story)], []
    except ReadError as err:
        if err.source != name:
            raise ReadError(name, err.problem) from None
        raise
    except (RecursionError, MemoryError):
        raise ReadError(name, "the file is too deeply nested or too large to read") from None
    except Exception as exc:  # last line of defence: never a traceback
        log.debug("unexpected failure reading %s", name, exc_info=True)
        raise ReadError(name, f"the file could not be read ({type(exc).__name__})") from None


def read_bytes(
    data: bytes, name: str, *, outlet: str | None = None, story: str = ""
) -> list[Article]:
    """Read one file's bytes into articles (bundles give many); see :func:`read_bytes_report`.

    Skipped bundle rows are dropped silently here; use :func:`read_bytes_report` or
    :func:`load_articles` to hear about them.

    Examples
    --------
    >>> read_bytes(b"Hello world, this is text.", "my_paper.txt")[0].outlet
    'my paper'
    """
    return read_bytes_report(data, name, outlet=outlet, story=story)[0]


def _read_path(path: str | PathLike[str]) -> tuple[str, bytes]:
    p = Path(path)
    name = safe_name(p.name)
    try:
        size = p.stat().st_size
        if p.is_dir():
            raise ReadError(name, "this is a folder, not a file")
        if not p.is_file():  # a pipe or device would block or never end
            raise ReadError(name, "not a regular file")
        if size > MAX_BYTES:
            raise too_big(name, size)
        return name, p.read_bytes()
    except FileNotFoundError:
        raise ReadError(name, "file not found") from None
    except PermissionError:
        raise ReadError(name, "permission denied") from None
    except OSError as exc:
        raise ReadError(
            name, f"the file could not be opened ({exc.strerror or type(exc).__name__})"
        ) from None


def read_file(
    path: str | PathLike[str], *, outlet: str | None = None, story: str = ""
) -> list[Article]:
    """Read a file from disk; the size is checked before anything is read.

    Examples
    --------
    >>> from framing.ingest import SAMPLE_DIR
    >>> arts = read_file(SAMPLE_DIR / "003-russia-keeps-its-distance.txt")
    >>> arts[0].source
    '003-russia-keeps-its-distance.txt'
    """
    name, data = _read_path(path)
    return read_bytes(data, name, outlet=outlet, story=story)


Upload = str | PathLike[str] | tuple[str, bytes] | Any


def _item_bytes(item: Upload) -> tuple[str, bytes]:
    """(name, bytes) from a path, a (name, bytes) pair or an upload object (name + getvalue)."""
    if isinstance(item, str | PathLike):
        return _read_path(item)
    if isinstance(item, tuple) and len(item) == 2:
        name, data = item
        name = safe_name(name)
        if not isinstance(data, bytes | bytearray | memoryview):
            raise ReadError(name, "no file content was given")
        if len(data) > MAX_BYTES:
            raise too_big(name, len(data))
        return name, bytes(data)
    name = safe_name(getattr(item, "name", "") or "")
    getter = getattr(item, "getvalue", None) or getattr(item, "read", None)
    if getter is None:
        raise ReadError(name, "not a file path or a (name, bytes) pair")
    size = getattr(item, "size", None)
    if isinstance(size, int) and size > MAX_BYTES:
        raise too_big(name, size)
    data = getter()
    if not isinstance(data, bytes | bytearray):
        raise ReadError(name, "no file content was given")
    return name, bytes(data)


def load_articles(
    items: Iterable[Upload], *, story: str = ""
) -> tuple[list[Article], list[ReadError]]:
    """Read many files at once; a broken file gives one error and the others still load.

    Parameters
    ----------
    items : iterable
        Paths, ``(name, bytes)`` pairs, or upload objects with ``name`` and ``getvalue()``.
    story : str
        Story label for every article (a bundle's ``story`` column wins).

    Returns
    -------
    articles : list of Article
        Every article read, in input order; an article read twice (same id) is kept once.
    errors : list of ReadError
        One per file that failed or had skipped rows (``str(err)`` is the message).

    Examples
    --------
    >>> arts, errs = load_articles([("a.txt", b"Some text here."), ("b.txt", b"")])
    >>> len(arts), [str(e) for e in errs]
    (1, ['b.txt: the file is empty'])
    """
    articles: list[Article] = []
    errors: list[ReadError] = []
    seen: dict[str, str] = {}
    for item in items:
        name = "unnamed file"
        try:
            name, data = _item_bytes(item)
            found, warned = read_bytes_report(data, name, story=story)
        except ReadError as err:
            errors.append(err)
            continue
        except Exception as exc:  # never let one item stop the batch
            log.debug("unexpected failure loading %s", name, exc_info=True)
            errors.append(ReadError(name, f"the file could not be read ({type(exc).__name__})"))
            continue
        problems = [w.problem for w in warned]
        duplicates = []
        for art in found:
            if art.id in seen:
                duplicates.append(seen[art.id])
                continue
            seen[art.id] = art.source
            articles.append(art)
        if duplicates and len(found) == 1:
            problems.append(
                f"the same article as {duplicates[0]} (same outlet and text); loaded once"
            )
        elif duplicates:
            problems.append(
                f"{len(duplicates):,} article(s) already loaded from another file"
                f" (first: {duplicates[0]}); loaded once"
            )
        if problems:  # one message per file
            errors.append(ReadError(name, "; ".join(problems)))
    return articles, errors

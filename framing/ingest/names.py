"""File names and the size limit: what every reader checks first.

Examples
--------
>>> safe_name("../notes.txt"), outlet_from_name("bbc-news_2024.html")
('notes.txt', 'bbc-news 2024')
"""

from __future__ import annotations

import re
from os import PathLike
from pathlib import Path

from framing.models import ReadError

__all__ = ["MAX_BYTES", "MB", "outlet_from_name", "safe_name", "size_text", "too_big"]

MB = 1024 * 1024
MAX_BYTES = 25 * 1024 * 1024
"""Largest file accepted (25 MB), checked before anything is decoded."""


_NAME_JUNK = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def safe_name(name: str | PathLike[str] | None) -> str:
    """A file name safe to show in messages: no directories, ``..``, or control characters.

    Parameters
    ----------
    name : str or path-like or None
        The name as uploaded or found on disk.

    Returns
    -------
    str
        The base name, at most ~120 characters (the extension is kept), or ``"unnamed file"``.

    Examples
    --------
    >>> safe_name("../../etc/pass\\x00wd.txt")
    'passwd.txt'
    >>> safe_name("C:\\\\Users\\\\me\\\\report.pdf")
    'report.pdf'
    """
    text = _NAME_JUNK.sub("", str(name or ""))
    text = text.replace("\\", "/").rstrip("/ ").rsplit("/", 1)[-1]
    text = re.sub(r"\.{2,}", ".", text).strip(" .")
    text = re.sub(r"\s+", " ", text)
    if len(text) > 120:
        suffix = Path(text).suffix if len(Path(text).suffix) <= 10 else ""
        text = text[: 110 - len(suffix)].rstrip() + "…" + suffix
    return text or "unnamed file"


def outlet_from_name(name: str) -> str:
    """Outlet label from a file name: the stem with underscores as spaces.

    Hyphens and digits are kept, so ``bbc-news_2024.html`` gives ``"bbc-news 2024"``.

    Examples
    --------
    >>> outlet_from_name("bbc-news_2024.html")
    'bbc-news 2024'
    >>> outlet_from_name("")
    'Unknown outlet'
    """
    stem = safe_name(name)
    stem = stem.rsplit(".", 1)[0] if "." in stem else stem
    stem = re.sub(r"[\s_]+", " ", stem).strip(" -")
    return stem if stem and stem != "unnamed file" else "Unknown outlet"


def size_text(n: int) -> str:
    """A byte count in megabytes for messages (``"50.0 MB"``)."""
    return f"{n / MB:.1f} MB"


def too_big(name: str, size: int) -> ReadError:
    """The error for a file over :data:`MAX_BYTES`, naming its size and the limit."""
    return ReadError(name, f"the file is {size_text(size)}; the limit is {MAX_BYTES // MB} MB")

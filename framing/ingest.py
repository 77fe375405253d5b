"""Read articles from the files people have: text, Markdown, HTML, PDF, Word, and bundles.

One file gives one :class:`~framing.models.Article`, except bundles (``.csv``, ``.tsv``,
``.xlsx``, ``.jsonl``, ``.json``) which give one article per row. Text is decoded from any
common encoding, mojibake is repaired (ftfy plus a context rule for a ``β`` that stands for a
dash or an apostrophe), and every repair or doubt is written into ``Article.notes`` as a
sentence a reporter understands.

A file that cannot be read raises :class:`~framing.models.ReadError` whose message starts with
the (sanitised) file name, e.g. ``"report.pdf: the PDF is encrypted (password protected)"``.
Nothing else escapes: unexpected failures inside a parser become a ``ReadError`` too.

Examples
--------
>>> from framing.ingest import read_bytes
>>> [a.title for a in read_bytes(b"Big News Today\\nIt happened.", "paper.txt")]
['Big News Today']
"""

from __future__ import annotations

import codecs
import csv
import dataclasses
import datetime as dt
import html.parser
import io
import json
import logging
import re
import time
import unicodedata
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from os import PathLike
from pathlib import Path
from typing import Any

from framing.models import Article, ReadError

__all__ = [
    "MANIFEST_NAME",
    "MAX_BYTES",
    "MAX_PDF_PAGES",
    "MAX_UNZIPPED_BYTES",
    "READABLE_EXT",
    "REPAIR_NOTE_PREFIX",
    "SAMPLE_DIR",
    "clean_text",
    "decode_bytes",
    "expand_folders",
    "guess_title",
    "load_articles",
    "load_paths",
    "load_sample",
    "outlet_from_name",
    "read_bytes",
    "read_bytes_report",
    "read_file",
    "read_listed_file",
    "read_manifest",
    "repair_beta",
    "safe_name",
]

log = logging.getLogger(__name__)
for _noisy in ("trafilatura", "htmldate", "courlan", "pypdf", "charset_normalizer"):
    logging.getLogger(_noisy).addHandler(logging.NullHandler())

MAX_BYTES = 25 * 1024 * 1024
"""Largest file accepted (25 MB), checked before anything is decoded."""
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
"""Largest total unpacked size of a .docx/.xlsx (zip) checked before it is opened."""
MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_RATIO = 1_000
"""A zip member larger than 1 MB that unpacks to more than this many times its packed size is refused."""
MAX_PDF_PAGES = 500
"""Pages read from one PDF; the rest are skipped with a note."""
MAX_PDF_SECONDS = 30.0
"""Seconds one PDF may take to read (checked between pages); past it the file is refused
with a message and the rest of the batch loads."""
REPAIR_NOTE_PREFIX = "Repaired"
"""Every note that reports a change to the characters of the text starts with this word."""
SAMPLE_DIR = Path(__file__).resolve().parent.parent / "data" / "sample"

_MB = 1024 * 1024
_TEXT_EXT = {".txt", ".text", ""}
_MD_EXT = {".md", ".markdown"}
_HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}
_CSV_EXT = {".csv", ".tsv"}
_JSONL_EXT = {".jsonl", ".ndjson"}
_XLSX_EXT = {".xlsx", ".xlsm"}
_OLD_OFFICE = {".doc": "an old Word .doc file", ".xls": "an old Excel .xls file"}

# ---- names ----------------------------------------------------------------------------------

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


def _size_text(n: int) -> str:
    return f"{n / _MB:.1f} MB"


def _too_big(name: str, size: int) -> ReadError:
    return ReadError(name, f"the file is {_size_text(size)}; the limit is {MAX_BYTES // _MB} MB")


# ---- decoding -------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8-sig", ""),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)


def _utf16_without_bom(data: bytes) -> str | None:
    """``"utf-16-le"``/``"utf-16-be"`` when NUL bytes sit at every other position, else None."""
    head = data[:4096]
    half = len(head) // 2
    if half < 2:
        return None
    even = head[0::2].count(0) / half
    odd = head[1::2].count(0) / half
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _mostly_non_latin(text: str) -> bool:
    letters = [c for c in text[:200_000] if c.isalpha() and ord(c) > 127]
    if not letters:
        return False
    return sum(ord(c) >= 0x370 for c in letters) > 0.6 * len(letters)


def decode_bytes(data: bytes, *, declared: str | None = None) -> tuple[str, list[str]]:
    """Decode bytes in any common encoding; say in notes what was guessed.

    Order: byte-order mark (UTF-8/16/32), strict UTF-8, a declared encoding (HTML ``<meta
    charset>``), UTF-16 without BOM (NULs at every other byte), then charset-normalizer. A guess
    that reads as Latin script is decoded as cp1252 (latin-1 when a byte is undefined in cp1252):
    charset-normalizer often names a neighbour (cp1250, cp850) for Western European text.

    Parameters
    ----------
    data : bytes
        Raw file content.
    declared : str, optional
        An encoding the file declares about itself, tried after UTF-8.

    Returns
    -------
    text : str
        The decoded text (undecodable bytes become U+FFFD).
    notes : list of str
        Human-readable notes on the encoding, empty for plain UTF-8.

    Examples
    --------
    >>> decode_bytes("café".encode("cp1252"))
    ('café', ['Encoding detected as latin-1 (no UTF-8); check accented letters'])
    """
    for bom, codec, label in _BOMS:
        if data.startswith(bom):
            text = data.decode(codec, errors="replace")
            notes = [f"Encoding detected as {label} (with byte-order mark)"] if label else []
            return text, notes + _replacement_note(text)
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    if declared:
        try:
            codec = codecs.lookup(declared).name
            if codec not in {"utf-8", "utf-16", "utf-32"}:
                return data.decode(codec), [f"Encoding {codec} (as the page declares)"]
        except (LookupError, UnicodeDecodeError):
            pass
    utf16 = _utf16_without_bom(data)
    if utf16:
        text = data[: len(data) // 2 * 2].decode(utf16, errors="replace")
        return text, ["Encoding detected as UTF-16 (no byte-order mark)", *_replacement_note(text)]
    guess = _charset_guess(data) if len(data) >= 64 else None  # short input: guesses are noise
    if guess and not guess.startswith(("utf_16", "utf_32")):
        try:
            text = data.decode(guess)
        except (LookupError, UnicodeDecodeError):
            text = ""
        if text and _mostly_non_latin(text):
            return text, [f"Encoding detected as {guess}; check the text reads correctly"]
    try:
        text = data.decode("cp1252")
        label = "cp1252" if re.search(rb"[\x80-\x9f]", data) else "latin-1"
    except UnicodeDecodeError:
        text, label = data.decode("latin-1"), "latin-1"
    return text, [f"Encoding detected as {label} (no UTF-8); check accented letters"]


def _charset_guess(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data[: 2 * _MB]).best()
    except Exception:  # the detector must never stop a read
        log.debug("charset detection failed", exc_info=True)
        return None
    return best.encoding if best is not None else None


def _replacement_note(text: str) -> list[str]:
    n = text.count("\ufffd")
    return [f"{n} undecodable byte(s) shown as �"] if n else []


# ---- cleaning -------------------------------------------------------------------------------

_NEWLINES = re.compile(r"\r\n?|[\x0b\x0c\x85\u2028\u2029]")
_C0_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_C1_CONTROL = re.compile(r"[\x80-\x9f]")
_TERMINAL_ESCAPE = re.compile(r"\x1b\[[0-9;?]{0,32}[A-Za-z]")
_BIDI = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
_INVISIBLE = re.compile(r"[\u00ad\u200b\ufeff]")
_SPACES = re.compile(r"[ \t]+")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")
_LEADING_SPACE = re.compile(r"\n[ \t]+")
_BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
_GREEK_NOT_BETA = re.compile(r"[\u0370-\u03b1\u03b3-\u03ff\u1f00-\u1fff]")
_BETA_IN_WORD = re.compile(r"(?<=[^\W\d_])β(?=[^\W\d_])")
_BETA_SPACED = re.compile(r"(?<= )β(?= )")
# UTF-8 read as cp1252/latin-1 leaves a lead byte (Â…ô) before a continuation byte (U+0080–
# U+00BF or a cp1252 special): only then is the (slower) full ftfy run needed.
_MOJIBAKE_HINT = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030"
    "\u2039\u203a\u20ac\u2122]"
)
_FTFY_STEPS = {"encode", "decode", "transcode"}


def repair_beta(text: str) -> tuple[str, int, int]:
    """Undo the damage where an em dash and a curly apostrophe both became ``β``.

    Applied only when the text has no other Greek letter: ``β`` between letters becomes
    ``’`` (``nationβs`` → ``nation’s``), ``β`` between spaces becomes an em dash.

    Returns
    -------
    text : str
        The repaired text.
    repaired : int
        Characters replaced.
    left : int
        ``β`` characters left as they were (other Greek present, or no rule applied).

    Examples
    --------
    >>> repair_beta("a nationβs war β and peace")
    ('a nation’s war — and peace', 2, 0)
    >>> repair_beta("α and β")[1]
    0
    """
    if "β" not in text:
        return text, 0, 0
    if _GREEK_NOT_BETA.search(text):
        return text, 0, text.count("β")
    text, n_apostrophe = _BETA_IN_WORD.subn("’", text)
    text, n_dash = _BETA_SPACED.subn("—", text)
    return text, n_apostrophe + n_dash, text.count("β")


def _ftfy(text: str) -> tuple[str, list[str]]:
    """Run ftfy (quotes kept curly, HTML entities kept literal); note real repairs only."""
    if text.isascii():
        return text, []
    import ftfy
    from ftfy import fixes

    if not _MOJIBAKE_HINT.search(text) and not _C1_CONTROL.search(text):  # fast path
        text = fixes.fix_character_width(fixes.fix_latin_ligatures(text))
        return unicodedata.normalize("NFC", text), []

    config = ftfy.TextFixerConfig(uncurl_quotes=False, unescape_html=False, explain=True)
    try:
        fixed = ftfy.fix_and_explain(text, config)
    except Exception:  # pragma: no cover - ftfy is robust; never let it stop a read
        log.debug("ftfy failed", exc_info=True)
        return text, ["Could not check the text for damaged characters"]
    steps = fixed.explanation or []
    if any(step[0] in _FTFY_STEPS for step in steps):
        return fixed.text, [
            f"{REPAIR_NOTE_PREFIX} garbled characters (mojibake from a wrong encoding)"
        ]
    return fixed.text, []


def clean_text(text: str) -> tuple[str, list[str]]:
    """Normalise text and repair damage; return the text and notes on what changed.

    Line endings become ``\\n``; NULs and control characters are removed; mojibake is repaired
    with ftfy (curly quotes kept) and the ``β`` rule (:func:`repair_beta`); spaces are collapsed,
    trailing spaces dropped, runs of blank lines reduced to one (paragraph breaks are kept).

    Examples
    --------
    >>> clean_text("Line one\\r\\n\\r\\n\\r\\nLine\\x00 two  ")
    ('Line one\\n\\nLine two', ['Removed 1 control character(s)'])
    """
    notes: list[str] = []
    text = _NEWLINES.sub("\n", text)
    text = _INVISIBLE.sub("", text)
    text, n_escape = _TERMINAL_ESCAPE.subn("", text)
    text, n_control = _C0_CONTROL.subn("", text)
    text, n_bidi = _BIDI.subn("", text)
    text, ftfy_notes = _ftfy(text)  # before removing C1 controls: they can be part of mojibake
    text, n_c1 = _C1_CONTROL.subn("", text)
    n_control += n_escape + n_c1
    notes += ftfy_notes
    text, repaired, left = repair_beta(text)
    if repaired:
        notes.append(f"{REPAIR_NOTE_PREFIX} {repaired} characters of damaged encoding (β → — or ’)")
    if left:
        notes.append(f"Left {left} 'β' unchanged (could be a damaged dash or apostrophe)")
    if n_control:
        notes.insert(0, f"Removed {n_control} control character(s)")
    if n_bidi:
        notes.append(f"Removed {n_bidi} invisible text-direction control(s)")
    text = _SPACES.sub(" ", text)
    text = _TRAILING_SPACE.sub("\n", text)
    text = _LEADING_SPACE.sub("\n", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip(), notes


_FURNITURE = {
    "leave a reply",
    "leave a comment",
    "share this",
    "share this:",
    "share this article",
    "related posts",
    "related articles",
    "advertisement",
    "read more",
    "comments",
}


def _strip_furniture(text: str) -> tuple[str, list[str]]:
    """Drop trailing page furniture lines such as "Leave a Reply" (note each one)."""
    lines = text.split("\n")
    dropped: list[str] = []
    while len(lines) > 1 and lines[-1].strip().lower().rstrip(" .") in _FURNITURE | {""}:
        line = lines.pop().strip()
        if line:
            dropped.append(line)
    if not dropped:
        return text, []
    quoted = ", ".join(f"'{d}'" for d in reversed(dropped))
    return "\n".join(lines).rstrip(), [f"Removed page furniture at the end: {quoted}"]


def guess_title(text: str) -> str:
    """The first non-empty line when it looks like a headline, else ``""``.

    A headline has 1–20 words, at most 200 characters, at least one letter, and does not end
    in ``. , ; :`` or ``…`` (a question mark is allowed).

    Examples
    --------
    >>> guess_title("\\n  Russia Keeps Its Distance\\nText.")
    'Russia Keeps Its Distance'
    >>> guess_title("Putin said on Monday that talks would go on.")
    ''
    """
    for line in text.split("\n"):
        line = line.strip().lstrip("#").strip()
        if not line:
            continue
        words = line.split()
        if (
            len(words) <= 20
            and len(line) <= 200
            and any(c.isalpha() for c in line)
            and line[-1] not in ".,;:…"
        ):
            return line
        return ""
    return ""


# ---- sniffing -------------------------------------------------------------------------------

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "an image (PNG)"),
    (b"\xff\xd8\xff", "an image (JPEG)"),
    (b"GIF87a", "an image (GIF)"),
    (b"GIF89a", "an image (GIF)"),
    (b"II*\x00", "an image (TIFF)"),
    (b"MM\x00*", "an image (TIFF)"),
    (b"\x1f\x8b", "a compressed archive (gzip)"),
    (b"7z\xbc\xaf\x27\x1c", "a compressed archive (7-Zip)"),
    (b"Rar!\x1a\x07", "a compressed archive (RAR)"),
    (b"BZh", "a compressed archive (bzip2)"),
    (b"\x7fELF", "a program, not a document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file (.doc/.xls)"),
    (b"{\\rtf", "an RTF document"),
    (b"ID3", "an audio file (MP3)"),
    (b"OggS", "an audio file (Ogg)"),
    (b"fLaC", "an audio file (FLAC)"),
    (b"SQLite format 3\x00", "a database file (SQLite)"),
)


def _sniff_binary(data: bytes) -> str | None:
    """What a binary file looks like (``"an image (PNG)"``), or None."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    if data[:4] == b"RIFF" and data[8:12] in {b"WEBP", b"WAVE", b"AVI "}:
        return {b"WEBP": "an image (WebP)", b"WAVE": "an audio file (WAV)"}.get(
            data[8:12], "a video file (AVI)"
        )
    if data[4:8] == b"ftyp":
        return "a video or audio file (MP4)"
    if data[:2] == b"MZ" and b"\x00" in data[2:64]:
        return "a program, not a document"
    return None


def _kind(data: bytes, name: str) -> str:
    """Choose a reader by content first (PDF, zip), then by extension."""
    ext = Path(name).suffix.lower()
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        members = _check_zip(data, name, _zip_label(ext))
        if "word/document.xml" in members:
            return "docx"
        if "xl/workbook.xml" in members:
            return "xlsx"
        if ext in {".docx", ".xlsx", ".xlsm"}:
            raise ReadError(name, f"not a valid {_zip_label(ext)} (required parts are missing)")
        raise ReadError(
            name, "this is a ZIP archive, not a document; unpack it and add the files inside"
        )
    what = _sniff_binary(data)
    if ext in _OLD_OFFICE:
        raise ReadError(name, f"{_OLD_OFFICE[ext]} cannot be read; save it as .docx/.xlsx or .txt")
    if what:
        expected = {".pdf": "a PDF", ".docx": "a Word document", ".xlsx": "an Excel workbook"}
        raise ReadError(name, f"this looks like {what}, not {expected.get(ext, 'text')}")
    if ext == ".pdf":
        raise ReadError(name, "not a valid PDF (the file does not start like a PDF)")
    if ext in {".docx", ".xlsx", ".xlsm"}:
        raise ReadError(name, f"not a valid {_zip_label(ext)}")
    for kind, exts in (
        ("html", _HTML_EXT),
        ("md", _MD_EXT),
        ("csv", _CSV_EXT),
        ("jsonl", _JSONL_EXT),
        ("json", {".json"}),
    ):
        if ext in exts:
            return kind
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "txt"


def _zip_label(ext: str) -> str:
    return {".docx": "Word document", ".xlsx": "Excel workbook", ".xlsm": "Excel workbook"}.get(
        ext, "Word or Excel file"
    )


def _check_zip(data: bytes, name: str, what: str) -> set[str]:
    """Member names of a zip, refusing zip bombs BEFORE anything is unpacked.

    Python's zipfile never returns more than a member's declared size, so checking the
    declared sizes bounds what python-docx and openpyxl will unpack.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise ReadError(name, f"not a valid {what} (the file is damaged)") from None
    if len(infos) > MAX_ZIP_MEMBERS:
        raise ReadError(name, f"the {what} has {len(infos):,} parts; refusing to unpack it")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNZIPPED_BYTES:
        raise ReadError(
            name,
            f"the {what} would unpack to {_size_text(total)} (limit {MAX_UNZIPPED_BYTES // _MB} MB);"
            " refusing to open it (zip bomb?)",
        )
    for i in infos:
        if i.file_size > _MB and i.file_size > MAX_ZIP_RATIO * max(i.compress_size, 1):
            raise ReadError(
                name, f"the {what} contains a suspiciously compressed part; refusing to open it"
            )
    return {i.filename for i in infos}


# ---- readers for single documents -----------------------------------------------------------


@dataclasses.dataclass
class _Doc:
    """What a single-document reader found, before cleaning."""

    text: str
    title: str = ""
    outlet: str = ""
    url: str = ""
    published: str = ""
    notes: list[str] = dataclasses.field(default_factory=list)


def _check_texty(text: str, name: str) -> None:
    """Refuse decoded text that is really binary data."""
    head = text[:100_000]
    if not head:
        return
    bad = sum(
        1
        for c in head
        if c == "\ufffd" or (unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v")
    )
    if bad > 0.05 * len(head):
        raise ReadError(name, "this looks like binary data, not text")


def _read_txt(data: bytes, name: str) -> _Doc:
    text, notes = decode_bytes(data)
    _check_texty(text, name)
    return _Doc(text=text, notes=notes)


_MD_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^ {0,3}(?:```|~~~).*$", re.M), ""),
    (re.compile(r"^ {0,3}(?:[-*_][ \t]*){3,}$", re.M), ""),
    (re.compile(r"^ {0,3}#{1,6}[ \t]+", re.M), ""),
    (re.compile(r"[ \t]+#+[ \t]*$", re.M), ""),
    (re.compile(r"^ {0,3}>[ \t]?", re.M), ""),
    (re.compile(r"!\[([^\]\n]{0,300})\]\([^)\n]{0,2000}\)"), ""),
    (re.compile(r"\[([^\]\n]{0,500})\]\([^)\n]{0,2000}\)"), r"\1"),
    (re.compile(r"\*\*|__"), ""),
)


def _strip_markdown(text: str) -> str:
    """Remove the commonest Markdown markup (headings, links, emphasis); linear-time rules."""
    for pattern, repl in _MD_RULES:
        text = pattern.sub(repl, text)
    return text


_FRONT_MATTER = re.compile(r"\A\ufeff?---[ \t]*\n(.{0,8000}?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FRONT_KEYS = {
    "title": "title",
    "outlet": "outlet",
    "source": "outlet",
    "publication": "outlet",
    "publisher": "outlet",
    "site": "outlet",
    "date": "published",
    "published": "published",
    "url": "url",
    "link": "url",
    "canonical": "url",
}


def _read_md(data: bytes, name: str) -> _Doc:
    doc = _read_txt(data, name)
    text = _NEWLINES.sub("\n", doc.text)
    match = _FRONT_MATTER.match(text)
    if match:  # YAML front matter: simple "key: value" lines give metadata
        for line in match.group(1).split("\n"):
            key, sep, value = line.partition(":")
            field = _FRONT_KEYS.get(key.strip().lower())
            if sep and field and not getattr(doc, field):
                setattr(doc, field, value.strip().strip("\"'").strip())
        text = text[match.end() :]
    doc.text = _strip_markdown(text)
    return doc


_META_CHARSET = re.compile(
    rb"<meta[^>]{0,300}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-:.]{1,40})", re.I
)


class _ParagraphText(html.parser.HTMLParser):
    """Fallback extractor: text of <p> and heading elements outside navigation/scripts.

    Streaming and without a depth limit, for pages lxml cannot parse (e.g. nesting deeper
    than libxml2 allows).
    """

    _BLOCKS = frozenset({"p", "h1", "h2", "h3", "h4", "blockquote"})
    _SKIP = frozenset({"script", "style", "nav", "header", "footer", "aside", "form", "noscript"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.current: list[str] | None = None
        self.skip = 0
        self.title: list[str] = []
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skip += 1
        elif tag == "title":
            self.in_title = True
        elif tag in self._BLOCKS and not self.skip:
            self._flush()
            self.current = []

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag == "title":
            self.in_title = False
        elif tag in self._BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        elif self.current is not None and not self.skip:
            self.current.append(data)

    def _flush(self) -> None:
        if self.current:
            line = " ".join("".join(self.current).split())
            if line:
                self.parts.append(line)
        self.current = None


def _fallback_html(text: str) -> tuple[str, str]:
    parser = _ParagraphText()
    try:
        parser.feed(text)
        parser.close()
    except Exception:  # html.parser is lenient; be safe anyway
        log.debug("fallback HTML parse failed", exc_info=True)
    parser._flush()
    return "\n".join(parser.parts), " ".join("".join(parser.title).split())


def _looks_like_prose(text: str) -> bool:
    """True when the text has sentences, not just menu items: ≥ 20 words in lines of ≥ 8 words."""
    words = 0
    for line in text.split("\n"):
        n = len(line.split())
        if n >= 8:
            words += n
            if words >= 20:
                return True
    return False


def _read_html(data: bytes, name: str) -> _Doc:
    match = _META_CHARSET.search(data[:4096])
    text, notes = decode_bytes(data, declared=match.group(1).decode("ascii") if match else None)
    _check_texty(text, name)
    body, title, outlet, url, published = "", "", "", "", ""
    try:
        import trafilatura

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            result = trafilatura.bare_extraction(
                text,
                with_metadata=True,
                include_comments=False,
                include_tables=False,
                include_images=False,
                include_links=False,
            )
    except Exception:  # trafilatura/lxml on hostile markup: fall back below
        log.debug("trafilatura failed", exc_info=True)
        result = None
    if result is not None:
        body = getattr(result, "text", "") or ""
        title = getattr(result, "title", "") or ""
        outlet = getattr(result, "sitename", "") or getattr(result, "hostname", "") or ""
        url = getattr(result, "url", "") or ""
        published = getattr(result, "date", "") or ""
    if not _looks_like_prose(body):
        fallback, fallback_title = _fallback_html(text)
        if _looks_like_prose(fallback):
            body, title = fallback, title or fallback_title
            notes.append(
                "Article text taken from the page's paragraphs (the page could not be parsed fully)"
            )
        else:
            raise ReadError(name, "HTML page with no article text (only menus, links or scripts?)")
    return _Doc(text=body, title=title, outlet=outlet, url=url, published=published, notes=notes)


_SENTENCE_END = '.!?:;"”’)]»'


def _reflow(page: str) -> str:
    """Join the hard-wrapped lines of PDF text into paragraphs; undo end-of-line hyphenation."""
    out: list[str] = []
    for raw in page.split("\n"):
        line = raw.strip()
        if not line:
            if out and out[-1]:
                out.append("")
            continue
        if out and out[-1]:
            prev = out[-1]
            if prev.endswith("-") and line[:1].islower() and prev[-2:-1].isalpha():
                out[-1] = prev[:-1] + line
                continue
            if prev[-1] not in _SENTENCE_END and (line[:1].islower() or len(prev.split()) >= 8):
                out[-1] = prev + " " + line
                continue
        out.append(line)
    return "\n".join(out)


class _TooSlowToRead(Exception):
    def __init__(self, page: int, total: int) -> None:
        self.page, self.total = page, total


def _page_text(page: Any) -> str:
    """One PDF page's text (a seam for tests that make a page slow)."""
    return page.extract_text() or ""


def _read_pdf(data: bytes, name: str) -> _Doc:
    from pypdf import PdfReader

    notes: list[str] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            encrypted = reader.is_encrypted
        except Exception:
            raise ReadError(name, "not a valid PDF (the file is damaged)") from None
        if encrypted:  # RC4 and AES (the cryptography package) without a user password
            try:
                opened = bool(reader.decrypt(""))
            except Exception:
                opened = False
            if not opened:
                raise ReadError(
                    name, "the PDF is encrypted (password protected); save an unprotected copy"
                )
            notes.append("The PDF was encrypted without a password; opened it")
        pages: list[str] = []
        started = time.monotonic()
        try:
            n_pages = len(reader.pages)
            for i in range(min(n_pages, MAX_PDF_PAGES)):
                if time.monotonic() - started > MAX_PDF_SECONDS:
                    raise _TooSlowToRead(i, n_pages)
                pages.append(_page_text(reader.pages[i]))
        except _TooSlowToRead as slow:
            raise ReadError(
                name,
                f"reading the PDF took too long (over {MAX_PDF_SECONDS:g} s, stopped at page "
                f"{slow.page + 1} of {slow.total}); the file is skipped",
            ) from None
        except Exception:
            if not pages:
                raise ReadError(name, "not a valid PDF (its pages cannot be read)") from None
            notes.append(f"Read {len(pages)} pages; the rest of the PDF is damaged")
            n_pages = len(pages)
        if n_pages > MAX_PDF_PAGES:
            notes.append(f"Read the first {MAX_PDF_PAGES} of {n_pages} pages")
        title = ""
        try:
            meta = reader.metadata
            title = str(meta.title or "") if meta is not None else ""
        except Exception:
            title = ""
    text = "\n\n".join(_reflow(p) for p in pages)
    if not re.search(r"\w", text):
        raise ReadError(
            name, "the PDF has no text layer (scanned image?); run OCR or paste the text"
        )
    if title.lower().startswith(("microsoft word", "untitled")) or len(title) > 200:
        title = ""
    return _Doc(text=text, title=title.strip(), notes=notes)


def _read_docx(data: bytes, name: str) -> _Doc:
    _check_zip(data, name, "Word document")
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
        paragraphs = [
            (p.text, (p.style.name if p.style is not None else "") or "")
            for p in document.paragraphs
        ]
        core_title = document.core_properties.title or ""
        n_tables = len(document.tables)
    except ReadError:
        raise
    except Exception:
        raise ReadError(name, "not a valid Word document") from None
    title = core_title.strip()
    if not title:
        title = next(
            (t.strip() for t, style in paragraphs if style in {"Title", "Heading 1"} and t.strip()),
            "",
        )
    notes = [f"Skipped {n_tables} table(s) in the document"] if n_tables else []
    return _Doc(text="\n".join(t for t, _ in paragraphs), title=title, notes=notes)


# ---- bundles --------------------------------------------------------------------------------

_FIELDS: dict[str, tuple[str, ...]] = {
    "outlet": ("outlet", "source", "publication", "publisher", "site", "site_name", "sitename"),
    "title": ("title", "headline"),
    "text": ("text", "body", "content", "article_text"),
    "url": ("url", "link"),
    "published": ("published", "date", "published_at", "publish_date", "pubdate"),
    "story": ("story",),
}
_REQUIRED = ("outlet", "title", "text")

_Record = tuple[str, "Mapping[str, Any] | None", str]  # (label, fields or None, problem)


def _map_header(header: Sequence[Any]) -> dict[str, int]:
    """Field -> column index; exact names win over aliases; case-insensitive."""
    names = [
        str(h if h is not None else "").strip().lstrip("\ufeff").strip().lower() for h in header
    ]
    found: dict[str, int] = {}
    for field, aliases in _FIELDS.items():
        for alias in aliases:
            if alias in names:
                found[field] = names.index(alias)
                break
    return found


def _missing_columns(name: str, found: Mapping[str, int], header: Sequence[Any]) -> ReadError:
    missing = [f for f in _REQUIRED if f not in found]
    cols = ", ".join(str(h) for h in header if h not in (None, ""))[:200] or "none"
    plural = "s" if len(missing) > 1 else ""
    listed = ", ".join(f"'{m}'" for m in missing)
    return ReadError(name, f"missing column{plural} {listed} (found columns: {cols})")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _iso_date(value: str) -> tuple[str, str]:
    """(ISO date, note) from a date string; ("", note) when it cannot be read."""
    value = value.strip()
    if not value:
        return "", ""
    for parse in (dt.date.fromisoformat, dt.datetime.fromisoformat):
        try:
            return parse(value.replace("Z", "+00:00")).isoformat(), ""
        except ValueError:
            pass
    for fmt in ("%d %B %Y", "%B %d, %Y", "%d %b %Y", "%b %d, %Y", "%Y/%m/%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date().isoformat(), ""
        except ValueError:
            continue
    return "", f"Could not read the date {value[:40]!r}"


def _rows_from_table(
    rows: Iterator[Sequence[Any]], name: str, *, first_row: int = 1
) -> Iterator[_Record]:
    """Records from header + rows (CSV or a sheet); raises on a missing required column."""
    header: Sequence[Any] | None = None
    for number, row in enumerate(rows, start=first_row):
        if header is None:
            if not any(_cell(c).strip() for c in row):
                continue
            header = row
            found = _map_header(header)
            if any(f not in found for f in _REQUIRED):
                raise _missing_columns(name, found, header)
            continue
        fields = {f: _cell(row[i]) if i < len(row) else "" for f, i in found.items()}
        yield f"row {number}", fields, ""
    if header is None:
        raise ReadError(name, "the file has no header row (expected columns outlet, title, text)")


def _records_csv(data: bytes, name: str) -> tuple[Iterator[_Record], list[str]]:
    text, notes = decode_bytes(data)
    _check_texty(text, name)
    text = text.replace("\x00", "")
    first_line = text[: text.find("\n") if "\n" in text[:65536] else 65536]
    if name.lower().endswith(".tsv"):
        delimiter = "\t"
    else:
        counts = {d: first_line.count(d) for d in (",", ";", "\t", "|")}
        delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    if csv.field_size_limit() < MAX_BYTES:
        csv.field_size_limit(MAX_BYTES)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def rows() -> Iterator[Sequence[Any]]:
        while True:
            try:
                yield next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise ReadError(
                    name, f"the CSV is malformed near line {reader.line_num} ({exc})"
                ) from None

    return _rows_from_table(rows(), name), notes


def _first_row(sheet: Any, *, look: int = 50) -> Sequence[Any] | None:
    """The first non-empty row among the first ``look`` rows of a worksheet."""
    for number, row in enumerate(sheet.iter_rows(values_only=True)):
        if any(_cell(c).strip() for c in row):
            return row
        if number >= look:
            break
    return None


def _records_xlsx(data: bytes, name: str) -> tuple[Iterator[_Record], list[str]]:
    _check_zip(data, name, "Excel workbook")
    try:
        import openpyxl

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            sheets = list(book.worksheets)
            chosen = next(
                (
                    ws
                    for ws in sheets
                    if (head := _first_row(ws)) is not None
                    and all(f in _map_header(head) for f in _REQUIRED)
                ),
                sheets[0] if sheets else None,
            )
    except Exception:
        raise ReadError(name, "not a valid Excel workbook (.xlsx)") from None
    if chosen is None:
        book.close()
        raise ReadError(name, "the workbook has no sheets")

    def rows() -> Iterator[Sequence[Any]]:  # streamed: a big sheet is never held in memory
        try:
            yield from chosen.iter_rows(values_only=True)
        except Exception:
            raise ReadError(name, "not a valid Excel workbook (a sheet is damaged)") from None
        finally:
            book.close()

    notes = [f"Read sheet '{chosen.title}'"] if len(sheets) > 1 else []
    return _rows_from_table(rows(), name), notes


def _json_record(label: str, obj: Any) -> _Record:
    if not isinstance(obj, dict):
        return label, None, f"{label} is not a JSON object"
    lowered = {str(k).strip().lower(): v for k, v in obj.items()}
    fields = {}
    for field, aliases in _FIELDS.items():
        key = next((a for a in aliases if a in lowered), None)
        if key is not None:
            fields[field] = _cell(lowered[key])
    missing = [f for f in _REQUIRED if f not in fields]
    if missing and any(_cell(v).strip() for v in lowered.values()):
        return label, None, f"{label} lacks field(s) {', '.join(repr(m) for m in missing)}"
    return label, fields, ""


def _records_jsonl(data: bytes, name: str) -> tuple[Iterator[_Record], list[str]]:
    text, notes = decode_bytes(data)
    _check_texty(text, name)

    def records() -> Iterator[_Record]:
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            label = f"line {number}"
            try:
                obj = json.loads(line)
            except (ValueError, RecursionError):
                yield label, None, f"{label} is not valid JSON"
                continue
            yield _json_record(label, obj)

    return records(), notes


def _records_json(data: bytes, name: str) -> tuple[Iterator[_Record], list[str]]:
    text, notes = decode_bytes(data)
    try:
        obj = json.loads(text)
    except (ValueError, RecursionError):
        if "\n" in text.strip():  # JSON lines saved as .json
            return _records_jsonl(data, name)
        raise ReadError(name, "not valid JSON") from None
    if isinstance(obj, dict):
        obj = obj.get("articles", [obj])
    if not isinstance(obj, list):
        raise ReadError(name, "expected a list of articles (objects with outlet, title, text)")
    return (_json_record(f"item {i}", o) for i, o in enumerate(obj, start=1)), notes


_BUNDLES: dict[str, Callable[[bytes, str], tuple[Iterator[_Record], list[str]]]] = {
    "csv": _records_csv,
    "xlsx": _records_xlsx,
    "jsonl": _records_jsonl,
    "json": _records_json,
}


class _Problems:
    """Skipped-row reasons: the first few kept verbatim, the rest only counted (bounded memory)."""

    SHOWN = 5

    def __init__(self) -> None:
        self.first: list[str] = []
        self.total = 0

    def add(self, problem: str) -> None:
        self.total += 1
        if len(self.first) < self.SHOWN:
            self.first.append(problem)

    def __bool__(self) -> bool:
        return self.total > 0

    def text(self) -> str:
        more = self.total - len(self.first)
        return "; ".join(self.first) + (f"; and {more:,} more" if more else "")


def _read_bundle(
    kind: str, data: bytes, name: str, *, outlet: str | None, story: str
) -> tuple[list[Article], list[ReadError]]:
    records, file_notes = _BUNDLES[kind](data, name)
    articles: list[Article] = []
    seen: dict[str, str] = {}
    problems = _Problems()
    blank_pending = 0  # blank rows are reported only when more rows follow them
    blank_total = 0
    for label, fields, problem in records:
        if problem:
            problems.add(problem)
            continue
        assert fields is not None
        if not any(v.strip() for v in fields.values()):
            blank_pending += 1
            blank_total += 1
            continue
        if blank_pending:
            problems.add(f"{blank_pending:,} empty row(s) before {label}")
            blank_pending = 0
        text, notes = clean_text(fields.get("text", ""))
        if not re.search(r"\w", text):
            problems.add(f"{label} has no text")
            continue
        row_outlet = outlet or fields.get("outlet", "")
        if not row_outlet.strip():
            notes.append("No outlet given in this row; used the file name")
        art = _finish(
            text,
            file_notes + notes,
            name=name,
            source=f"{name}#{label.split()[-1]}",
            outlet=row_outlet,
            title=fields.get("title", ""),
            url=fields.get("url", ""),
            published=fields.get("published", ""),
            story=fields.get("story", "").strip() or story,
        )
        if art.id in seen:
            problems.add(f"{label} repeats {seen[art.id]} (same outlet and text)")
            continue
        seen[art.id] = label
        articles.append(art)
    if not articles:
        if problems:
            raise ReadError(name, "no article could be read: " + problems.text())
        if blank_total:
            raise ReadError(name, f"no articles: all {blank_total:,} rows are empty")
        raise ReadError(name, "no articles: the file has a header but no rows")
    if not problems:
        return articles, []
    loaded = len(articles)
    summary = (
        f"{problems.text()} (skipped; {loaded:,} other article{'s' if loaded != 1 else ''} loaded)"
    )
    return articles, [ReadError(name, summary)]


# ---- entry points ---------------------------------------------------------------------------

_SINGLE: dict[str, Callable[[bytes, str], _Doc]] = {
    "txt": _read_txt,
    "md": _read_md,
    "html": _read_html,
    "pdf": _read_pdf,
    "docx": _read_docx,
}


_LIMITS = {"outlet": 80, "title": 300, "story": 200}


def _one_line(value: str, *, field: str, notes: list[str]) -> str:
    """A cleaned single-line metadata value, shortened (with a note) past its limit."""
    text = " ".join(clean_text(value)[0].split()) if value else ""
    limit = _LIMITS[field]
    if len(text) > limit:
        notes.append(f"Shortened the {field} to {limit} characters")
        text = text[: limit - 1].rstrip() + "…"
    return text


def _safe_url(value: str, notes: list[str]) -> str:
    """Keep http(s) links only: a ``javascript:`` or ``data:`` link must never become a link."""
    url = "".join(value.split())
    if not url:
        return ""
    if re.match(r"(?i)https?://[^\s]{1,2000}\Z", url):
        return url
    notes.append(f"Ignored the link {url[:40]!r}: only http and https links are kept")
    return ""


def _finish(
    text: str,
    notes: list[str],
    *,
    name: str,
    source: str,
    outlet: str,
    title: str,
    url: str,
    published: str,
    story: str,
) -> Article:
    """Build the Article: metadata cleaned, limited and checked; notes collected."""
    published, date_note = _iso_date(published)
    if date_note:
        notes.append(date_note)
    outlet = _one_line(outlet, field="outlet", notes=notes)
    if not outlet:
        outlet = outlet_from_name(name)
    return Article(
        outlet=outlet,
        title=_one_line(title, field="title", notes=notes) or guess_title(text),
        text=text,
        url=_safe_url(url, notes),
        published=published,
        story=_one_line(story, field="story", notes=notes),
        source=source,
        notes=tuple(notes),
    )


def _single_article(
    kind: str, data: bytes, name: str, *, outlet: str | None, story: str
) -> Article:
    doc = _SINGLE[kind](data, name)
    text, notes = clean_text(doc.text)
    if not text:
        raise ReadError(name, "the file has no text (only whitespace)")
    if not re.search(r"[^\W_]", text):
        raise ReadError(name, "the file has no words (only punctuation or symbols)")
    text, furniture = _strip_furniture(text)
    return _finish(
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
        raise _too_big(name, len(data))
    if not data:
        raise ReadError(name, "the file is empty")
    try:
        kind = _kind(data, name)
        if kind in _BUNDLES:
            return _read_bundle(kind, data, name, outlet=outlet, story=story)
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
            raise _too_big(name, size)
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
            raise _too_big(name, len(data))
        return name, bytes(data)
    name = safe_name(getattr(item, "name", "") or "")
    getter = getattr(item, "getvalue", None) or getattr(item, "read", None)
    if getter is None:
        raise ReadError(name, "not a file path or a (name, bytes) pair")
    size = getattr(item, "size", None)
    if isinstance(size, int) and size > MAX_BYTES:
        raise _too_big(name, size)
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


#: A CSV beside article files naming each file's outlet, title and story (all optional but
#: ``file``); the sample story has one (``data/sample/manifest.csv``).
MANIFEST_NAME = "manifest.csv"
#: File name endings read when a folder is given (``manifest.csv`` itself is not an article).
READABLE_EXT = frozenset(
    {".txt", ".text", ".pdf", ".docx", ".json"}
    | _MD_EXT
    | _HTML_EXT
    | _CSV_EXT
    | _JSONL_EXT
    | _XLSX_EXT
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

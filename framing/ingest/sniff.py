"""Which reader a file needs: by content first (PDF, zip), then by extension; binary files
(images, archives, programs) and zip bombs refused with a message that says what they are.

Examples
--------
>>> sniff_kind(b"%PDF-1.7 ...", "report.txt"), sniff_kind(b"Hello", "notes.md")
('pdf', 'md')
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from framing.ingest.names import MB, size_text
from framing.models import ReadError

__all__ = [
    "CSV_EXT",
    "HTML_EXT",
    "JSONL_EXT",
    "MAX_UNZIPPED_BYTES",
    "MAX_ZIP_MEMBERS",
    "MAX_ZIP_RATIO",
    "MD_EXT",
    "XLSX_EXT",
    "check_zip",
    "sniff_kind",
]

MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
"""Largest total unpacked size of a .docx/.xlsx (zip) checked before it is opened."""
MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_RATIO = 1_000
"""A zip member larger than 1 MB that unpacks to more than this many times its packed size is refused."""

MD_EXT = {".md", ".markdown"}
HTML_EXT = {".html", ".htm", ".xhtml", ".shtml"}
CSV_EXT = {".csv", ".tsv"}
JSONL_EXT = {".jsonl", ".ndjson"}
XLSX_EXT = {".xlsx", ".xlsm"}
OLD_OFFICE = {".doc": "an old Word .doc file", ".xls": "an old Excel .xls file"}


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


def sniff_kind(data: bytes, name: str) -> str:
    """Choose a reader by content first (PDF, zip), then by extension."""
    ext = Path(name).suffix.lower()
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        members = check_zip(data, name, _zip_label(ext))
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
    if ext in OLD_OFFICE:
        raise ReadError(name, f"{OLD_OFFICE[ext]} cannot be read; save it as .docx/.xlsx or .txt")
    if what:
        expected = {".pdf": "a PDF", ".docx": "a Word document", ".xlsx": "an Excel workbook"}
        raise ReadError(name, f"this looks like {what}, not {expected.get(ext, 'text')}")
    if ext == ".pdf":
        raise ReadError(name, "not a valid PDF (the file does not start like a PDF)")
    if ext in {".docx", ".xlsx", ".xlsm"}:
        raise ReadError(name, f"not a valid {_zip_label(ext)}")
    for kind, exts in (
        ("html", HTML_EXT),
        ("md", MD_EXT),
        ("csv", CSV_EXT),
        ("jsonl", JSONL_EXT),
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


def check_zip(data: bytes, name: str, what: str) -> set[str]:
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
            f"the {what} would unpack to {size_text(total)} (limit {MAX_UNZIPPED_BYTES // MB} MB);"
            " refusing to open it (zip bomb?)",
        )
    for i in infos:
        if i.file_size > MB and i.file_size > MAX_ZIP_RATIO * max(i.compress_size, 1):
            raise ReadError(
                name, f"the {what} contains a suspiciously compressed part; refusing to open it"
            )
    return {i.filename for i in infos}

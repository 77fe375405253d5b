"""Hostile and awkward input files, generated at test time (no binaries in the repository).

Use from any test::

    from tests.hostile import generate, uploads, EXPECTED_PROBLEM
    expected = generate(tmp_path)            # file name -> "ok" | "error" | "partial"
    pairs = uploads(tmp_path, expected)      # (upload name, bytes), some names hostile

Kinds: ``"ok"`` loads with no error; ``"error"`` gives exactly one ReadError and no article;
``"partial"`` gives articles and exactly one ReadError summarising what was skipped.

The module also offers small builders for real documents (``make_pdf``, ``make_docx``,
``make_xlsx``, ``make_zip_bomb``) so format tests need no committed fixtures.
"""

from __future__ import annotations

import functools
import io
import json
import struct
import zlib
from collections.abc import Sequence
from pathlib import Path

__all__ = [
    "EXPECTED_PROBLEM",
    "GERMAN",
    "UPLOAD_NAMES",
    "XSS",
    "generate",
    "make_blank_pdf",
    "make_docx",
    "make_encrypted_pdf",
    "make_pdf",
    "make_xlsx",
    "make_zip_bomb",
    "uploads",
]

GERMAN = (
    "Der russische Präsident hat am Montag die Angriffe auf den Iran verurteilt, aber keine "
    "konkrete Unterstützung angeboten. Nach Angaben des Kremls wurde das Gespräch mit dem "
    "iranischen Außenminister in einer ruhigen und sachlichen Atmosphäre geführt. Beobachter "
    "in Moskau und Teheran gehen davon aus, dass sich an der Haltung Russlands in den nächsten "
    "Wochen wenig ändern wird, obwohl die Lage in der Region weiterhin sehr angespannt bleibt."
)

XSS = {
    "outlet": 'Evil <img src=x onerror="alert(1)"> News',
    "title": "<script>alert('title')</script> Headline",
    "text": (
        "Officials said <script>alert('xss')</script> the plan was <b>final</b>. "
        '<a href="javascript:alert(1)">Click here</a> and <style>body{display:none}</style> '
        '=HYPERLINK("http://evil.example","cell") was in the text too.'
    ),
}

# Words that the ReadError message for each "error"/"partial" file must contain.
EXPECTED_PROBLEM: dict[str, str] = {
    "empty.txt": "empty",
    "whitespace.txt": "no text",
    "photo.txt": "image (PNG)",
    "huge.txt": "limit is 25 MB",
    "bomb.docx": "zip bomb",
    "bomb.xlsx": "zip bomb",
    "corrupt.pdf": "not a valid PDF",
    "encrypted.pdf": "encrypted",
    "blank.pdf": "no text layer",
    "corrupt.xlsx": "not a valid Excel workbook",
    "fake.docx": "not a valid Word document",
    "truncated.docx": "not a valid Word document",
    "no-text-column.csv": "missing column 'text'",
    "empty-rows.csv": "100,000 rows are empty",
    "one-bad-line.jsonl": "line 3 is not valid JSON",
    "deep-json.jsonl": "line 2 is not valid JSON",
    "nav-only.html": "no article text",
    "quotes.txt": "no words",
    "old.doc": ".doc",
    "random.txt": "binary",
}

UPLOAD_NAMES: dict[str, str] = {
    "sneaky-name.txt": "../../etc/..\\windows\\sneaky..name.txt",
    "control-name.txt": "bad\x1b[31mname\x00.txt",
}
"""On-disk name -> a hostile name to use when the file is uploaded as (name, bytes)."""

_ARTICLE = (
    "The minister said on Monday that the talks would continue next week. "
    "Officials in both capitals described the meeting as constructive, "
    "although no agreement was signed. Analysts expect further rounds of negotiation."
)


# ---- document builders ----------------------------------------------------------------------


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def make_pdf(lines: Sequence[str], *, title: str | None = None) -> bytes:
    """A minimal one-page PDF with a text layer (Helvetica, one line per item)."""
    ops = [b"BT /F1 11 Tf 14 TL 72 770 Td"]
    for line in lines:
        ops.append(_pdf_string(line) + b" Tj T*")
    ops.append(b"ET")
    stream = b"\n".join(ops)
    info = b"<< /Title " + _pdf_string(title) + b" >>" if title else b"<< >>"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        info,
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R /Info 6 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def make_blank_pdf() -> bytes:
    """A valid PDF whose only page has no text (like a scan without OCR)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=612, height=792)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_encrypted_pdf(lines: Sequence[str] = ("Secret text.",)) -> bytes:
    """A PDF with text, encrypted with a user password (RC4, no extra crypto package needed)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf(lines))))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_docx(
    paragraphs: Sequence[str], *, title: str | None = None, heading: str | None = None
) -> bytes:
    """A Word document: optional core-properties title, optional Title-style heading, paragraphs."""
    import docx

    document = docx.Document()
    if title is not None:
        document.core_properties.title = title
    if heading is not None:
        document.add_heading(heading, level=0)
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def make_xlsx(rows: Sequence[Sequence[object]], *, sheets_before: int = 0) -> bytes:
    """An Excel workbook whose (last) sheet holds ``rows``; ``sheets_before`` unrelated sheets first."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for i in range(sheets_before):
        sheet.title = f"Notes {i}"
        sheet.append(["nothing", "here"])
        sheet = book.create_sheet(f"Sheet {i + 2}")
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@functools.cache
def _zeros_crc(size: int) -> int:
    block = 1 << 20
    chunk = b"\0" * block
    crc = 0
    for _ in range(size // block):
        crc = zlib.crc32(chunk, crc)
    return zlib.crc32(b"\0" * (size % block), crc)


def make_zip_bomb(member: str = "word/document.xml", *, size: int = 2 * 1024**3) -> bytes:
    """A small zip (~1 KB per MB declared) whose ``member`` unpacks to ``size`` zero bytes.

    The deflate stream is built from one compressed 1 MB block repeated (full flushes make
    the blocks identical), so no gigabytes are ever compressed. The CRC is correct.
    """
    block = 1 << 20
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    chunk = b"\0" * block
    unit = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    count, rest = divmod(size, block)
    tail = compressor.compress(b"\0" * rest) + compressor.flush()
    crc = _zeros_crc(size)
    data = unit * count + tail
    types = (
        b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'content-types"></Types>'
    )
    entries = [
        ("[Content_Types].xml", 0, types, zlib.crc32(types), len(types)),
        (member, 8, data, crc, size),
    ]
    out = io.BytesIO()
    central = io.BytesIO()
    for name, method, payload, checksum, full in entries:
        raw_name = name.encode()
        offset = out.tell()
        out.write(
            struct.pack(
                "<IHHHHHIIIHH",
                0x04034B50,
                20,
                0,
                method,
                0,
                0x21,
                checksum,
                len(payload),
                full,
                len(raw_name),
                0,
            )
        )
        out.write(raw_name + payload)
        fields = (
            0x02014B50,
            20,
            20,
            0,
            method,
            0,
            0x21,
            checksum,
            len(payload),
            full,
            len(raw_name),
        )
        central.write(struct.pack("<IHHHHHHIIIHHHHHII", *fields, 0, 0, 0, 0, 0, offset) + raw_name)
    start = out.tell()
    directory = central.getvalue()
    out.write(directory)
    out.write(
        struct.pack(
            "<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(directory), start, 0
        )
    )
    return out.getvalue()


# ---- the hostile set ------------------------------------------------------------------------


def _csv_line(values: Sequence[str]) -> str:
    return ",".join('"' + v.replace('"', '""') + '"' for v in values) + "\r\n"


def _write_sparse(path: Path, size: int) -> None:
    with path.open("wb") as handle:
        handle.write(b"This file is far too large. " * 4)
        handle.truncate(size)


def generate(directory: Path) -> dict[str, str]:
    """Write the hostile files into ``directory``; return file name -> expected kind.

    Kinds: ``"ok"`` (loads cleanly), ``"error"`` (one ReadError, no article) and ``"partial"``
    (articles plus one ReadError summarising skipped lines). :data:`EXPECTED_PROBLEM` gives a
    fragment of each error message. Takes well under a second (the 50 MB file is sparse).
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    expected: dict[str, str] = {}

    def put(name: str, data: bytes | str, kind: str) -> None:
        (directory / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        expected[name] = kind

    good_row = {"outlet": "Wire", "title": "Talks continue", "text": _ARTICLE}
    put("empty.txt", b"", "error")
    put("whitespace.txt", " \n\t\r\n   \n\u00a0\n", "error")
    put("photo.txt", b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "error")
    _write_sparse(directory / "huge.txt", 50 * 1024 * 1024)
    expected["huge.txt"] = "error"
    put(
        "utf16-bom.txt",
        ("UTF-16 Überschrift\n" + _ARTICLE + " Café “déjà”.").encode("utf-16"),
        "ok",
    )
    put(
        "utf16-nobom.txt",
        ("No BOM Headline\n" + _ARTICLE + " Naïve señor.").encode("utf-16-le"),
        "ok",
    )
    put(
        "cp1252.txt",
        ("Windows Headline\n" + _ARTICLE + " “Café” — déjà vu, 5 €.").encode("cp1252"),
        "ok",
    )
    put(
        "latin1.txt",
        ("Latin Headline\n" + _ARTICLE + " Smörgåsbord für Ärzte, señor.").encode("latin-1"),
        "ok",
    )
    put(
        "beta-mojibake.txt",
        "A Headline\nThe nationβs leader spoke β briefly β to reporters. " + _ARTICLE,
        "ok",
    )
    put("bomb.docx", make_zip_bomb("word/document.xml"), "error")
    put("bomb.xlsx", make_zip_bomb("xl/worksheets/sheet1.xml"), "error")
    put(
        "corrupt.pdf",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> garbage \x00\xff" * 3,
        "error",
    )
    put("encrypted.pdf", make_encrypted_pdf([_ARTICLE]), "error")
    put("blank.pdf", make_blank_pdf(), "error")
    put(
        "corrupt.xlsx",
        b"PK\x03\x04" + b"\x14\x00" + b"\x00" * 20 + b"not really a workbook",
        "error",
    )
    put("fake.docx", "This is plain text with a .docx name.", "error")
    put("truncated.docx", make_docx([_ARTICLE])[:1500], "error")
    put(
        "no-text-column.csv",
        _csv_line(["outlet", "title", "body_text"]) + _csv_line(["A", "B", "C"]),
        "error",
    )
    put("empty-rows.csv", "outlet,title,text\r\n" + ",,\r\n" * 100_000, "error")
    lines = [
        json.dumps({**good_row, "title": f"Talks {i}", "text": f"{_ARTICLE} Item {i}."})
        for i in range(4)
    ]
    put(
        "one-bad-line.jsonl",
        "\n".join([*lines[:2], '{"outlet": "Broken", "title": ', *lines[2:]]) + "\n",
        "partial",
    )
    put(
        "deep-json.jsonl",
        lines[0].replace("Item 0", "Deep item") + "\n" + "[" * 100_000 + "]" * 100_000 + "\n",
        "partial",
    )
    nav = "".join(f'<li><a href="/section/{i}">Section {i}</a></li>' for i in range(60))
    put(
        "nav-only.html",
        f"<!doctype html><html><head><title>Home</title><script>var x = 1;</script></head>"
        f"<body><header><nav><ul>{nav}</ul></nav></header><footer>© 2024 Example</footer></body></html>",
        "error",
    )
    put("one-line.txt", " ".join(["word"] * 200_000), "ok")
    put("quotes.txt", '"' * 100_000, "error")
    put(
        "nested.html",
        "<html><body>"
        + "<div>" * 5000
        + f"<p>{_ARTICLE}</p><p>{_ARTICLE}</p>"
        + "</div>" * 5000
        + "</body></html>",
        "ok",
    )
    put("sneaky-name.txt", "Sneaky Headline\n" + _ARTICLE, "ok")
    put("control-name.txt", "Control Headline\n" + _ARTICLE, "ok")
    put("german.txt", "Russland hält Abstand\n" + GERMAN, "ok")
    put(
        "xss.csv",
        _csv_line(["Outlet", "Title", "Text", "extra"])
        + _csv_line([XSS["outlet"], XSS["title"], XSS["text"], "x"]),
        "ok",
    )
    put(
        "xss.html",
        "<html><head><title>&lt;script&gt;alert(1)&lt;/script&gt; Page</title>"
        "<script>alert('run')</script><style>p{color:red}</style></head><body><article>"
        f"<h1>Headline</h1><p>{_ARTICLE} &lt;script&gt;alert(2)&lt;/script&gt; stays as text.</p>"
        f'<p><img src="x" onerror="alert(3)">{_ARTICLE}</p></article></body></html>',
        "ok",
    )
    put("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "error")
    put("nuls.txt", "NUL Headline\n" + "\x00".join(_ARTICLE.split(" ", 5)) + "\x07\x1b[31m", "ok")
    put("random.txt", bytes((i * 7919 + 13) % 256 for i in range(4096)), "error")
    put(
        "big-field.csv",
        _csv_line(["outlet", "title", "text"])
        + _csv_line(["Wire", "Long", (_ARTICLE + " ") * 20_000]),
        "ok",
    )
    put("bidi.txt", "Bidi Headline\n" + _ARTICLE + " \u202etxt.exe\u202c done.", "ok")
    put(
        "Zürich – Bericht (final).md",
        "# Zürich Headline\n\n" + _ARTICLE + " [a link](http://example.com).",
        "ok",
    )
    # backtracking bait (issue 10): an all-caps wire paragraph beside a quotation, and the
    # worst members of the adversarial family, each a plain article that must simply load
    from adversarial import REPRODUCER, article_bytes

    put("wire-caps.txt", f"Wire Headline\n\n{REPRODUCER} “We will not stop,” he said.", "ok")
    for family, k in (("caps run", 200), ("quote storm", 40), ("punctuation run", 40)):
        put(*article_bytes(family, k), "ok")
    return expected


def uploads(directory: Path, expected: dict[str, str]) -> list[tuple[str, bytes]]:
    """The generated files as (upload name, bytes) pairs, with the hostile upload names.

    The 50 MB file is included as bytes too, so an upload path must also refuse it by size.
    """
    directory = Path(directory)
    return [(UPLOAD_NAMES.get(name, name), (directory / name).read_bytes()) for name in expected]

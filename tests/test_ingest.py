"""framing.ingest: formats, encodings, repairs, outlet inference, errors, bundles, batches."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest
from hostile import (
    make_blank_pdf,
    make_docx,
    make_encrypted_pdf,
    make_pdf,
    make_xlsx,
    make_zip_bomb,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.ingest import (
    MAX_BYTES,
    clean_text,
    decode_bytes,
    documents,
    guess_title,
    load_articles,
    load_sample,
    outlet_from_name,
    read_bytes,
    read_bytes_report,
    read_file,
    repair_beta,
    safe_name,
)
from framing.models import Article, ReadError

BODY = (
    "The minister said on Monday that the talks would continue next week. "
    "Officials described the meeting as constructive."
)
PAGE = (
    "<html><head><title>Ignored - Example Times</title>"
    '<meta property="og:site_name" content="Example Times">'
    '<meta name="date" content="2024-05-01">'
    '<link rel="canonical" href="https://example.com/a"></head><body>'
    '<nav><a href="/">Home</a><a href="/w">World</a></nav><article><h1>Talks Go On</h1>'
    f"<p>{BODY} More words follow here to make a paragraph.</p><p>{BODY}</p>"
    "</article><footer>Copyright Example Times</footer></body></html>"
)


def _csv(*rows: list[str]) -> bytes:
    out = io.StringIO()
    import csv

    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def _jsonl(*objs: object) -> bytes:
    return "\n".join(json.dumps(o) for o in objs).encode()


# ---- every format ---------------------------------------------------------------------------

FORMATS = [
    # name, bytes, outlet, title, fragment of text
    (
        "bbc_2024.txt",
        f"Talks Go On\n{BODY}".encode(),
        "bbc 2024",
        "Talks Go On",
        "Talks Go On\nThe minister",
    ),
    (
        "note.md",
        f"# Talks Go On\n\n**{BODY}** See [the report](http://x.example).".encode(),
        "note",
        "Talks Go On",
        "constructive. See the report.",
    ),
    ("page.html", PAGE.encode(), "Example Times", "Talks Go On", "The minister said"),
    ("page.htm", PAGE.encode("utf-16"), "Example Times", "Talks Go On", "Officials described"),
    (
        "paper.pdf",
        make_pdf(["Talks Go On", *BODY.split(" Off")]),
        "paper",
        "Talks Go On",
        "would continue next week.\nicials described",
    ),
    (
        "word.docx",
        make_docx([BODY], heading="Talks Go On"),
        "word",
        "Talks Go On",
        "Talks Go On\nThe minister",
    ),
    (
        "b.csv",
        _csv(["outlet", "title", "text"], ["Wire", "Talks Go On", BODY]),
        "Wire",
        "Talks Go On",
        BODY,
    ),
    (
        "b.tsv",
        f"Outlet\tTitle\tText\nWire\tTalks Go On\t{BODY}\n".encode(),
        "Wire",
        "Talks Go On",
        BODY,
    ),
    (
        "b.xlsx",
        make_xlsx([["outlet", "title", "text"], ["Wire", "Talks Go On", BODY]]),
        "Wire",
        "Talks Go On",
        BODY,
    ),
    (
        "b.jsonl",
        _jsonl({"outlet": "Wire", "title": "Talks Go On", "text": BODY}),
        "Wire",
        "Talks Go On",
        BODY,
    ),
    (
        "b.json",
        json.dumps([{"outlet": "Wire", "title": "Talks Go On", "text": BODY}]).encode(),
        "Wire",
        "Talks Go On",
        BODY,
    ),
    ("noext", f"Talks Go On\n{BODY}".encode(), "noext", "Talks Go On", "The minister"),
]


@pytest.mark.parametrize(
    ("name", "data", "outlet", "title", "fragment"), FORMATS, ids=[f[0] for f in FORMATS]
)
def test_every_format(name: str, data: bytes, outlet: str, title: str, fragment: str) -> None:
    (art,) = read_bytes(data, name, story="S")
    assert (art.outlet, art.title, art.story) == (outlet, title, "S")
    assert fragment in art.text
    assert art.source.split("#")[0] == name
    assert art.id and isinstance(art, Article)


def test_html_metadata() -> None:
    (art,) = read_bytes(PAGE.encode(), "page.html")
    assert (art.url, art.published) == ("https://example.com/a", "2024-05-01")
    assert "Home" not in art.text and "Copyright" not in art.text


@pytest.mark.parametrize(
    ("data", "title"),
    [
        (make_docx([BODY], title="Core Title", heading="Heading"), "Core Title"),
        (make_docx([BODY], heading="Heading Only"), "Heading Only"),
        (make_docx(["Short Lead Line", BODY]), "Short Lead Line"),
        (make_pdf([BODY], title="Pdf Meta Title"), "Pdf Meta Title"),
        (make_pdf([BODY], title="Microsoft Word - draft.docx"), ""),
    ],
)
def test_document_titles(data: bytes, title: str) -> None:
    ext = ".pdf" if data.startswith(b"%PDF") else ".docx"
    assert read_bytes(data, "doc" + ext)[0].title == title


def test_pdf_reflow_joins_wrapped_lines() -> None:
    lines = [
        "A Heading",
        "The minister said on Monday that the talks would",
        "continue next week, and that a deal was near-",
        "ly done.",
        "Short line.",
    ]
    (art,) = read_bytes(make_pdf(lines), "x.pdf")
    assert (
        art.text
        == "A Heading\nThe minister said on Monday that the talks would continue next week, and that a deal was nearly done.\nShort line."
    )


def test_xlsx_picks_sheet_with_columns_and_reads_dates() -> None:
    rows = [
        ["Outlet", "TITLE", "text", "Published", "extra"],
        ["A", "T1", BODY, dt.datetime(2024, 5, 1, 12, 0), 1],
    ]
    (art,) = read_bytes(make_xlsx(rows, sheets_before=2), "b.xlsx")
    assert (art.outlet, art.published) == ("A", "2024-05-01T12:00:00")
    assert "Read sheet 'Sheet 3'" in art.notes


# ---- encodings and repairs ------------------------------------------------------------------

TEXT = "Le café “déjà vu” — naïve señor. Straße über Ölfeld, une phrase assez longue."
LATIN = TEXT.replace("“", '"').replace("”", '"').replace("—", "-")
CYRILLIC = "Путин встретился с министром иностранных дел Ирана в понедельник вечером."

ENCODINGS = [
    ("utf-8", TEXT, None),
    ("utf-8-sig", TEXT, None),
    ("utf-16", TEXT, "UTF-16 (with byte-order mark)"),
    ("utf-16-le", TEXT, "UTF-16 (no byte-order mark)"),
    ("utf-16-be", TEXT, "UTF-16 (no byte-order mark)"),
    ("utf-32", TEXT, "UTF-32"),
    ("cp1252", TEXT, "cp1252"),
    ("latin-1", LATIN, "latin-1"),
    ("cp1251", CYRILLIC, "cp1251"),
]


@pytest.mark.parametrize(("encoding", "text", "note"), ENCODINGS, ids=[e[0] for e in ENCODINGS])
def test_encodings(encoding: str, text: str, note: str | None) -> None:
    (art,) = read_bytes(text.encode(encoding), "x.txt")
    assert art.text == text
    if note is None:
        assert not art.notes
    else:
        assert any(note in n for n in art.notes), art.notes


@pytest.mark.parametrize(
    ("raw", "fixed", "note"),
    [
        ("The cafÃ© was â€œopenâ€\x9d.", "The café was “open”.", "Repaired garbled characters"),
        (
            "a nationβs war β and peace",
            "a nation’s war — and peace",
            "Repaired 2 characters of damaged encoding (β → — or ’)",
        ),
        (
            "β-blockers and α waves: nationβs",
            "β-blockers and α waves: nationβs",
            "Left 2 'β' unchanged",
        ),
        (
            "Line\r\nbreaks\rand\x00 NULs\x07",
            "Line\nbreaks\nand NULs",
            "Removed 2 control character(s)",
        ),
        ("Para one.\n\n\n\n  Para   two.  ", "Para one.\n\nPara two.", None),
        ("\x1b[31mRed\x1b[0m text", "Red text", "Removed 2 control character(s)"),
        ("Tricky \u202etxt.exe", "Tricky txt.exe", "Removed 1 invisible text-direction control(s)"),
        (
            "Curly ‘quotes’ “stay” &amp; entities too",
            "Curly ‘quotes’ “stay” &amp; entities too",
            None,
        ),
    ],
)
def test_clean_text(raw: str, fixed: str, note: str | None) -> None:
    text, notes = clean_text(raw)
    assert text == fixed
    assert (note is None and notes == []) or any(n.startswith(note or "") for n in notes)


def test_repair_beta_only_without_other_greek() -> None:
    assert repair_beta("one β two") == ("one — two", 1, 0)
    assert repair_beta("Ελλάδα β two") == ("Ελλάδα β two", 0, 1)


def test_sample_story_is_repaired() -> None:
    seed, other = load_sample()
    assert "nation’s" in seed.text and " — " in seed.text and "β" not in seed.text
    assert seed.notes[0].startswith("Seed article 000")
    assert any(n.startswith("Repaired 6 characters") for n in seed.notes)
    assert (seed.outlet, seed.story) == (
        "000 · Steps In",
        "Putin meets Iran's foreign minister after US strikes",
    )
    assert seed.title == "Iran Seeks Putin's Help Amidst US Aggression, Russia Steps In"
    assert seed.text.startswith(seed.title)  # the headline stays in the text
    assert other.title == "Russia Keeps Its Distance" and not other.text.endswith("Leave a Reply")
    assert seed.source == "000-russia-steps-in.txt"


def test_decode_prefers_declared_html_charset() -> None:
    page = '<html><head><meta charset="windows-1252"></head><body><p>Caf\xe9 “x”</p></body></html>'
    text, notes = decode_bytes(page.encode("cp1252"), declared="windows-1252")
    assert "Café “x”" in text and "cp1252" in notes[0]


# ---- names, titles, outlets -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("report.pdf", "report.pdf"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\..\\story.docx", "story.docx"),
        ("..hidden..name.txt", "hidden.name.txt"),
        ("bad\x1b[31m\x00name.txt", "bad[31mname.txt"),
        ("", "unnamed file"),
        ("/", "unnamed file"),
        ("x" * 300 + ".html", "x" * 105 + "….html"),
        ("Zürich – Bericht.md", "Zürich – Bericht.md"),
    ],
)
def test_safe_name(raw: str, safe: str) -> None:
    assert safe_name(raw) == safe


@pytest.mark.parametrize(
    ("name", "outlet"),
    [
        ("bbc-news_2024.html", "bbc-news 2024"),
        ("The_Guardian.txt", "The Guardian"),
        ("a.b.c.txt", "a.b.c"),
        ("__.txt", "Unknown outlet"),
    ],
)
def test_outlet_from_name(name: str, outlet: str) -> None:
    assert outlet_from_name(name) == outlet


@pytest.mark.parametrize(
    ("name", "data", "override", "outlet"),
    [
        ("bbc-news_2024.txt", BODY.encode(), None, "bbc-news 2024"),
        ("page.html", PAGE.encode(), None, "Example Times"),
        ("page.html", PAGE.encode(), "Mine", "Mine"),
        ("b.csv", _csv(["outlet", "title", "text"], ["Wire", "T", BODY]), "Mine", "Mine"),
        ("my_bundle.csv", _csv(["outlet", "title", "text"], ["", "T", BODY]), None, "my bundle"),
    ],
)
def test_outlet_inference(name: str, data: bytes, override: str | None, outlet: str) -> None:
    assert read_bytes(data, name, outlet=override)[0].outlet == outlet


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Russia Keeps Its Distance\nBody.", "Russia Keeps Its Distance"),
        ("\n\n  # Markdown Heading  \nBody.", "Markdown Heading"),
        ("Is this the end?\nBody.", "Is this the end?"),
        ("Putin said on Monday that talks would go on.\nMore.", ""),
        ("Dateline, Moscow:\nBody.", ""),
        (" ".join(["word"] * 25), ""),
        ("12345\nBody.", ""),
        ("", ""),
    ],
)
def test_guess_title(text: str, title: str) -> None:
    assert guess_title(text) == title


# ---- errors ---------------------------------------------------------------------------------

ERRORS = [
    ("empty.txt", b"", "empty.txt: the file is empty"),
    ("blank.txt", b"  \n\t\n", "blank.txt: the file has no text (only whitespace)"),
    (
        "photo.txt",
        b"\x89PNG\r\n\x1a\n\x00\x00",
        "photo.txt: this looks like an image (PNG), not text",
    ),
    (
        "photo.pdf",
        b"\xff\xd8\xff\xe0\x00\x10JFIF",
        "photo.pdf: this looks like an image (JPEG), not a PDF",
    ),
    ("bad.pdf", b"hello", "bad.pdf: not a valid PDF (the file does not start like a PDF)"),
    ("broken.pdf", b"%PDF-1.7\n\x00\x01garbage", "broken.pdf: not a valid PDF"),
    ("locked.pdf", make_encrypted_pdf(), "locked.pdf: the PDF is encrypted"),
    ("scan.pdf", make_blank_pdf(), "scan.pdf: the PDF has no text layer (scanned image?)"),
    ("x.docx", b"plain words", "x.docx: not a valid Word document"),
    ("x.xlsx", b"plain words", "x.xlsx: not a valid Excel workbook"),
    (
        "bomb.docx",
        make_zip_bomb(size=300 * 1024 * 1024),
        "bomb.docx: the Word document would unpack to 300.0 MB",
    ),
    (
        "old.doc",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100),
        "old.doc: an old Word .doc file cannot be read",
    ),
    ("a.zip.txt", b"PK\x03\x04" + bytes(30), "a.zip.txt: not a valid Word or Excel file"),
    (
        "bundle.csv",
        _csv(["outlet", "title", "words"], ["a", "b", "c"]),
        "bundle.csv: missing column 'text'",
    ),
    (
        "bundle2.csv",
        _csv(["name", "text"], ["a", "b"]),
        "bundle2.csv: missing column 'outlet' (found columns: name, text)",
    ),
    (
        "bundle3.csv",
        _csv(["name", "body_text"], ["a", "b"]),
        "bundle3.csv: missing columns 'outlet', 'text' (found columns: name, body_text)",
    ),
    (
        "rows.csv",
        b"outlet,title,text\n" + b",,\n" * 1000,
        "rows.csv: no articles: all 1,000 rows are empty",
    ),
    (
        "head.csv",
        b"outlet,title,text\n",
        "head.csv: no articles: the file has a header but no rows",
    ),
    ("none.csv", b"\n\n,,\n", "none.csv: the file has no header row"),
    (
        "bad.jsonl",
        b"{nope\n[1, 2]\n",
        "bad.jsonl: no article could be read: line 1 is not valid JSON; line 2 is not a JSON object",
    ),
    ("bad.json", b"{nope", "bad.json: not valid JSON"),
    (
        "nav.html",
        b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
        "nav.html: HTML page with no article text",
    ),
    ("sym.txt", "«»—!?".encode() * 50, "sym.txt: the file has no words"),
    ("bin.txt", bytes(range(256)) * 20, "bin.txt: this looks like binary data, not text"),
]


@pytest.mark.parametrize(("name", "data", "message"), ERRORS, ids=[e[0] for e in ERRORS])
def test_errors(name: str, data: bytes, message: str) -> None:
    with pytest.raises(ReadError) as info:
        read_bytes(data, name)
    assert str(info.value).startswith(message)
    assert info.value.source == name


def test_too_big_bytes_and_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=r"^big\.txt: the file is 25\.0 MB; the limit is 25 MB$"):
        read_bytes(b"a" * (MAX_BYTES + 1), "big.txt")
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(ReadError, match=r"^big\.txt: the file is 50\.0 MB; the limit is 25 MB$"):
        read_file(path)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing.txt", "missing.txt: file not found"),
        (lambda p: p, "is a folder, not a file"),
    ],
)
def test_read_file_errors(tmp_path: Path, make, message: str) -> None:
    with pytest.raises(ReadError, match=message):
        read_file(make(tmp_path))


def test_zip_member_ratio_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("word/document.xml", b"\0" * (20 * 1024 * 1024))
    with pytest.raises(ReadError, match="suspiciously compressed"):
        read_bytes(out.getvalue(), "x.docx")


def test_unexpected_parser_failure_becomes_read_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(data: bytes, name: str):
        raise KeyError("boom")

    monkeypatch.setitem(documents.READERS, "txt", broken)
    with pytest.raises(ReadError, match=r"^x\.txt: the file could not be read \(KeyError\)$"):
        read_bytes(b"text", "x.txt")


# ---- bundles --------------------------------------------------------------------------------


def test_bundle_rows_columns_and_warnings() -> None:
    data = _csv(
        ["Headline", "OUTLET", "Body", "Story", "Date", "Link", "extra"],
        ["T1", "A", BODY, "", "2024-05-01", "http://a", "x"],
        ["", "", "", "", "", "", ""],
        ["T2", "B", "", "", "", "", "y"],
        ["", "C", "Short Head\n" + BODY, "Own story", "1 May 2024", "", ""],
        ["T4", "D", BODY + " Four.", "", "not a date", "", ""],
    )
    arts, warns = read_bytes_report(data, "rows.csv", story="Default")
    assert [a.outlet for a in arts] == ["A", "C", "D"]
    assert [a.source for a in arts] == ["rows.csv#2", "rows.csv#5", "rows.csv#6"]
    assert [a.story for a in arts] == ["Default", "Own story", "Default"]
    assert [a.published for a in arts] == ["2024-05-01", "2024-05-01", ""]
    assert arts[0].url == "http://a" and arts[1].title == "Short Head"
    assert "Could not read the date 'not a date'" in arts[2].notes
    (warn,) = warns
    assert str(warn) == (
        "rows.csv: 1 empty row(s) before row 4; row 4 has no text (skipped; 3 other articles loaded)"
    )


def test_jsonl_bad_lines_are_skipped_and_counted() -> None:
    good = [{"outlet": "W", "title": f"T{i}", "text": f"{BODY} {i}"} for i in range(12)]
    lines = [json.dumps(o) for o in good]
    data = "\n".join([*lines[:2], "{broken", *lines[2:], ""]).encode()
    arts, warns = read_bytes_report(data, "bundle.jsonl")
    assert len(arts) == 12
    assert [str(w) for w in warns] == [
        "bundle.jsonl: line 3 is not valid JSON (skipped; 12 other articles loaded)"
    ]
    assert read_bytes(data, "bundle.jsonl") == arts


def test_bundle_cells_are_repaired_and_kept_literal() -> None:
    data = _csv(
        ["outlet", "title", "text"],
        ["Wire", "A nationβs <b>title</b>", "It β as they say β is <script>x</script>."],
    )
    (art,) = read_bytes(data, "b.csv")
    assert art.title == "A nation’s <b>title</b>"
    assert art.text == "It — as they say — is <script>x</script>."
    assert any(n.startswith("Repaired 2 characters") for n in art.notes)


# ---- batches --------------------------------------------------------------------------------


class _Upload:
    def __init__(self, name: str, data: bytes) -> None:
        self.name, self._data, self.size = name, data, len(data)

    def getvalue(self) -> bytes:
        return self._data


def test_load_articles_mixed_batch(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("One Headline\n" + BODY, encoding="utf-8")
    items = [
        tmp_path / "one.txt",
        str(tmp_path / "missing.txt"),
        ("two.txt", b"Two Headline\n" + BODY.encode()),
        ("bad.docx", b"nope"),
        _Upload("three.html", PAGE.encode()),
        ("again.txt", b"Two Headline\n" + BODY.encode()),  # same text, other file -> other outlet
        ("two.txt", b"Two Headline\n" + BODY.encode()),  # exact repeat
        12345,
    ]
    arts, errs = load_articles(items, story="S")
    assert [a.source for a in arts] == ["one.txt", "two.txt", "three.html", "again.txt"]
    assert all(a.story == "S" for a in arts)
    assert [str(e) for e in errs] == [
        "missing.txt: file not found",
        "bad.docx: not a valid Word document",
        "two.txt: the same article as two.txt (same outlet and text); loaded once",
        "unnamed file: not a file path or a (name, bytes) pair",
    ]


# ---- properties -----------------------------------------------------------------------------

NAMES = st.sampled_from(
    ["x.txt", "x.md", "x.html", "x.pdf", "x.docx", "x.xlsx", "x.csv", "x.jsonl", "x.json", "x"]
)
PREFIXES = st.sampled_from(
    [
        b"",
        b"%PDF-1.4\n",
        b"PK\x03\x04",
        b"\xff\xfe",
        b"\xef\xbb\xbf",
        b"outlet,title,text\n",
        b"<html>",
    ]
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=PREFIXES, data=st.binary(max_size=600), name=NAMES)
def test_arbitrary_bytes_give_articles_or_read_error(prefix: bytes, data: bytes, name: str) -> None:
    try:
        articles, warns = read_bytes_report(prefix + data, name)
    except ReadError as err:
        assert str(err).startswith(f"{name}: ")
        return
    assert articles and all(isinstance(a, Article) and a.text.strip() for a in articles)
    assert all(isinstance(w, ReadError) for w in warns)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_clean_text_invariants(raw: str) -> None:
    text, notes = clean_text(raw)
    assert "\r" not in text and "\x00" not in text
    assert not any(ord(c) < 32 and c not in "\n\t" for c in text)
    assert text == text.strip() and "\n\n\n" not in text
    assert all(isinstance(n, str) and n for n in notes)


def test_bundle_repeated_rows_and_many_bad_lines() -> None:
    row = {"outlet": "W", "title": "T", "text": BODY}
    arts, warns = read_bytes_report(_jsonl(row, row, {**row, "outlet": "X"}), "rep.jsonl")
    assert [a.outlet for a in arts] == ["W", "X"]
    assert (
        str(warns[0])
        == "rep.jsonl: line 2 repeats line 1 (same outlet and text) (skipped; 2 other articles loaded)"
    )
    many = b"\n".join([json.dumps(row).encode()] + [b"{bad"] * 20_000)
    arts, warns = read_bytes_report(many, "many.jsonl")
    assert len(arts) == 1
    assert warns[0].problem.endswith(
        "line 6 is not valid JSON; and 19,995 more (skipped; 1 other article loaded)"
    )


def test_bundle_overlapping_another_file() -> None:
    rows = [_jsonl({"outlet": "W", "title": "T", "text": f"{BODY} {i}"}) for i in range(3)]
    arts, errs = load_articles([("a.jsonl", b"\n".join(rows[:2])), ("b.jsonl", b"\n".join(rows))])
    assert [a.source for a in arts] == ["a.jsonl#1", "a.jsonl#2", "b.jsonl#3"]
    assert [str(e) for e in errs] == [
        "b.jsonl: 2 article(s) already loaded from another file (first: a.jsonl#1); loaded once"
    ]


DOCUMENTS = {
    "m.pdf": make_pdf([BODY], title="T"),
    "m.docx": make_docx([BODY], heading="H"),
    "m.xlsx": make_xlsx([["outlet", "title", "text"], ["A", "T", BODY]]),
    "m.html": PAGE.encode(),
}


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(sorted(DOCUMENTS)),
    edits=st.lists(
        st.tuples(
            st.floats(0, 1, exclude_max=True), st.integers(0, 255), st.sampled_from("set cut ins")
        ),
        min_size=1,
        max_size=6,
    ),
)
def test_damaged_documents_give_articles_or_read_error(
    name: str, edits: list[tuple[float, int, str]]
) -> None:
    data = bytearray(DOCUMENTS[name])
    for where, value, how in edits:
        pos = int(where * len(data))
        if how == "set":
            data[pos] = value
        elif how == "cut":
            del data[pos : pos + value]
        else:
            data[pos:pos] = bytes([value]) * 8
        if not data:
            data = bytearray(b"x")
    try:
        articles, _ = read_bytes_report(bytes(data), name)
    except ReadError as err:
        assert err.source == name and err.problem
    else:
        assert articles and all(a.text for a in articles)


def test_markdown_front_matter() -> None:
    data = f'---\ntitle: "Front Title"\nsource: The Daily\ndate: 2024-05-01\nurl: https://d.example/a\nlayout: post\n---\n# Heading\n\n{BODY}'
    (art,) = read_bytes(data.encode(), "post.md")
    assert (art.title, art.outlet, art.published, art.url) == (
        "Front Title",
        "The Daily",
        "2024-05-01",
        "https://d.example/a",
    )
    assert art.text.startswith("Heading\n\nThe minister") and "layout" not in art.text


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://example.com/a?b=1", "https://example.com/a?b=1"),
        (" HTTP://EXAMPLE.COM ", "HTTP://EXAMPLE.COM"),
        ("javascript:alert(1)", ""),
        ("data:text/html,<script>x</script>", ""),
        ("java\nscript:alert(1)", ""),
        ("", ""),
    ],
)
def test_only_http_links_are_kept(url: str, kept: str) -> None:
    (art,) = read_bytes(_csv(["outlet", "title", "text", "url"], ["W", "T", BODY, url]), "u.csv")
    assert art.url == kept
    assert any(n.startswith("Ignored the link") for n in art.notes) is bool(
        url.strip() and not kept
    )


def test_long_metadata_is_shortened() -> None:
    data = _csv(
        ["outlet", "title", "text", "story"], ["O" * 500, "T\x00" + "Title " * 100, BODY, "S" * 300]
    )
    (art,) = read_bytes(data, "long.csv")
    assert (len(art.outlet), len(art.title), len(art.story)) == (80, 300, 200)
    assert art.outlet.endswith("…") and "\x00" not in art.title
    assert "Shortened the outlet to 80 characters" in art.notes


def test_special_files_are_refused(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(ReadError, match=r"^pipe\.txt: not a regular file$"):
        read_file(fifo)

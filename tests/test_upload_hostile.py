"""The hostile corpus through the app's own upload path, in ONE batch with good files.

Every file of :func:`hostile.generate` (40 cases, including the 50 MB file, the zip bombs and
the hostile upload names) goes through the sidebar uploader of the real app script under
Streamlit's AppTest, together with two good files. Nothing may raise, no traceback may show,
each bad file gives exactly one message naming its (sanitised) file and the problem, every
good file loads (its outlet is offered in the app), and the XSS payloads only ever reach the
page escaped.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from hostile import EXPECTED_PROBLEM, UPLOAD_NAMES, XSS, generate, uploads
from streamlit.testing.v1 import AppTest

from framing.ingest import MAX_BYTES, safe_name
from framing.store import DB_NAME, ENV_HOME, Store
from ui.upload import UPLOAD_TYPES, ingest_uploads

APP = Path(__file__).resolve().parents[1] / "app.py"
STORY = "Hostile batch"
GOOD = {
    "good-one.txt": b"Good Headline One\nThe minister said the talks went well. "
    b"Both sides agreed to meet again.\n",
    "good-two.md": b"# Good Headline Two\n\nOfficials described the meeting as constructive "
    b"and calm, a spokesman said.\n",
}
MIME = {
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".html": "text/html",
    ".pdf": "application/pdf",
    ".csv": "text/csv",
    ".jsonl": "application/jsonl",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".doc": "application/msword",
}
_MD_ESCAPE = re.compile(r"\\(.)")
# raw markup that must never reach the page unescaped
RAW_PAYLOADS = ("<script", "<img", 'onerror="', "<style>body", 'href="javascript:')


def _plain(shown: str) -> str:
    """Undo ui.text.md's backslash escapes, to compare a message with its source."""
    return _MD_ESCAPE.sub(r"\1", shown)


def _all_text(at: AppTest) -> str:
    kinds = ("markdown", "text", "caption", "subheader", "header", "title", "error")
    kinds += ("warning", "success", "info", "exception", "code")
    parts = [str(e.value) for kind in kinds for e in at.get(kind)]
    parts += [h.proto.body for h in at.get("html")]
    return "\n".join(parts)


def _browser_can_send(name: str) -> bool:
    """A browser never sends a NUL in a file name, nor a type the uploader does not accept.

    Streamlit's server refuses both itself (``StreamlitAPIException``) before the app sees
    them, so those files go through the same handler directly
    (:func:`test_whole_corpus_through_the_handler`).
    """
    return "\x00" not in name and Path(name).suffix.lower().lstrip(".") in UPLOAD_TYPES


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], list[tuple]]:
    """(file name -> expected kind, upload triples (name, bytes, mime)), good files included."""
    directory = tmp_path_factory.mktemp("hostile-upload")
    expected = generate(directory)
    files = [
        (name, data, MIME.get(Path(name).suffix.lower(), "application/octet-stream"))
        for name, data in uploads(directory, expected)
    ]
    for name, data in GOOD.items():
        files.append((name, data, MIME[Path(name).suffix]))
        expected[name] = "ok"
    return expected, files


@pytest.fixture(scope="module")
def uploaded(
    corpus: tuple[dict[str, str], list[tuple]],
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[AppTest, Path]]:
    """The app after one click on "Add N files" with the whole corpus into a new story."""
    expected, files = corpus
    files = [f for f in files if _browser_can_send(f[0])]
    assert len(files) >= len(expected) - 2
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as mp:  # for the whole module: every run reads it
        mp.setenv(ENV_HOME, str(home))
        at = AppTest.from_file(str(APP), default_timeout=180)
        at.run()
        assert not at.exception, [e.message for e in at.exception]
        at.file_uploader[0].set_value(files).run()
        at.radio(key="upload_target").set_value("A new story").run()
        at.text_input(key="new_story_name").input(STORY).run()
        assert at.button(key="upload_button").label == f"Add {len(files)} files"
        at.button(key="upload_button").click().run()
        yield at, home


def _shown_name(name: str) -> str:
    return safe_name(UPLOAD_NAMES.get(name, name))


def _sent(expected: dict[str, str]) -> dict[str, str]:
    """The cases that went through the uploader (file name -> expected kind)."""
    return {n: k for n, k in expected.items() if _browser_can_send(UPLOAD_NAMES.get(n, n))}


@pytest.mark.slow  # one upload of the whole corpus, then scoring it: ~1.5 min
def test_no_exception_and_no_traceback(uploaded) -> None:
    at, _ = uploaded
    assert not at.exception, [e.message for e in at.exception]
    text = _all_text(at)
    assert "Traceback" not in text
    assert 'File "' not in text  # a stack frame line
    assert at.selectbox(key="story").value == STORY


@pytest.mark.slow  # one upload of the whole corpus, then scoring it: ~1.5 min
def test_each_bad_file_gives_exactly_one_message(uploaded, corpus) -> None:
    at, _ = uploaded
    expected = _sent(corpus[0])
    errors = [_plain(e.value) for e in at.error]
    warnings = [_plain(w.value) for w in at.warning]
    shown = {_shown_name(n): n for n in expected}
    assert len(shown) == len(expected), "two files must not share a shown name"
    for message in errors + warnings:
        assert message.split(": ")[0] in shown, message  # every message names one file
        assert "\x00" not in message and "\x1b" not in message
    for name, kind in expected.items():
        prefix = f"{_shown_name(name)}: "
        errs = [e for e in errors if e.startswith(prefix)]
        warns = [w for w in warnings if w.startswith(prefix)]
        if kind == "ok":
            assert not errs and not warns, (name, errs, warns)
        elif kind == "error":
            assert len(errs) == 1 and not warns, (name, errs, warns)
            assert EXPECTED_PROBLEM[name] in errs[0], errs[0]
        else:  # partial: the file loaded, one warning says what was skipped
            assert len(warns) == 1 and not errs, (name, errs, warns)
            assert EXPECTED_PROBLEM[name] in warns[0], warns[0]
    n_bad = sum(kind == "error" for kind in expected.values())
    n_partial = sum(kind == "partial" for kind in expected.values())
    assert len(errors) == n_bad and len(warnings) == n_partial


@pytest.mark.slow  # one upload of the whole corpus, then scoring it: ~1.5 min
def test_every_good_file_loads_and_its_outlet_appears(uploaded, corpus) -> None:
    at, home = uploaded
    expected = _sent(corpus[0])
    stored = Store(home / DB_NAME, seed=False).articles(STORY)
    by_file: dict[str, list] = {}
    for art in stored:
        by_file.setdefault(art.source.split("#")[0], []).append(art)
    offered = set(at.selectbox(key="rename_old").options)  # outlets the app offers to rename
    for name, kind in expected.items():
        got = by_file.get(_shown_name(name), [])
        assert bool(got) == (kind != "error"), (name, kind)
        for art in got:
            assert art.outlet in offered, (name, art.outlet)
    success = [_plain(s.value) for s in at.success]
    assert len(success) == 1 and f"Added {len(stored)} articles" in success[0]


@pytest.mark.slow  # one upload of the whole corpus, then scoring it: ~1.5 min
def test_xss_payloads_reach_the_page_only_escaped(uploaded) -> None:
    at, home = uploaded
    stored = Store(home / DB_NAME, seed=False).articles(STORY)
    (xss_id,) = [a.id for a in stored if a.outlet == XSS["outlet"]]
    for view in ("Overview", "Side by side", "Quotes and sources", "Data"):
        at.segmented_control(key="view").set_value(view).run()
        if view == "Side by side":
            at.multiselect(key="sbs_articles").set_value([xss_id]).run()
        assert not at.exception, (view, [e.message for e in at.exception])
        bodies = [h.proto.body for h in at.get("html")]
        for body in bodies:
            for raw in RAW_PAYLOADS:
                assert raw not in body, (view, raw, body[:300])
        for element in at.get("markdown"):
            if any(raw in str(element.value) for raw in RAW_PAYLOADS):
                assert not element.proto.allow_html, (view, element.value)
        if view == "Side by side":
            article = "".join(b for b in bodies if 'class="article"' in b)
            assert article
            assert "&lt;script&gt;alert(&#x27;xss&#x27;)&lt;/script&gt;" in article
            # with our tags taken out, the reader sees the article text exactly
            assert XSS["text"] in html.unescape(re.sub(r"<[^>]*>", "", article))


def test_the_size_refusal_holds_on_the_handler(tmp_path: Path) -> None:
    """The 50 MB file is refused by size through the same handler the sidebar calls."""
    store = Store(tmp_path / DB_NAME, seed=False)
    big = b"x" * (MAX_BYTES + 1)
    out = ingest_uploads(store, "S", [("big.txt", big), ("ok.txt", GOOD["good-one.txt"])])
    assert len(out.errors) == 1 and out.errors[0].startswith("big.txt: ")
    assert "the limit is 25 MB" in out.errors[0]
    assert out.added == 1


def test_whole_corpus_through_the_handler(corpus, tmp_path: Path) -> None:
    """All files, the two a browser cannot send included, through the sidebar's handler."""
    expected, files = corpus
    store = Store(tmp_path / DB_NAME, seed=False)
    out = ingest_uploads(store, STORY, [(name, data) for name, data, _ in files])
    for name, kind in expected.items():
        prefix = f"{_shown_name(name)}: "
        errs = [e for e in out.errors if e.startswith(prefix)]
        warns = [w for w in out.warnings if w.startswith(prefix)]
        assert (len(errs), len(warns)) == {"ok": (0, 0), "error": (1, 0), "partial": (0, 1)}[kind]
        for message in errs + warns:
            assert EXPECTED_PROBLEM[name] in message, message
            assert "\x00" not in message and "\x1b" not in message
    assert len(out.errors) + len(out.warnings) == sum(k != "ok" for k in expected.values())
    sources = {a.source.split("#")[0] for a in store.articles(STORY)}
    assert sources == {_shown_name(n) for n, k in expected.items() if k != "error"}


# ---- exports of hostile uploads, end to end -------------------------------------------------
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_BUNDLE = (
    "outlet,title,text,url\r\n"
    '"=cmd|\' /C calc\'!A0","+SUM(1,2) headline","=HYPERLINK(""http://evil.example"",""x"") '
    "Officials reportedly said the talks may resume. The brutal raid may end.\n"
    '-2+3 critics slammed it.\n@SUM(A1) was typed too.",http://example.com/a\r\n'
    '"@Outlet","-1-1 title","+1+1 The minister said ""=1+1"" and claimed victory.\n'
    '\t=TAB cell said the spokesman.",\r\n'
    f'"{XSS["outlet"]}","{XSS["title"]}","{XSS["text"].replace(chr(34), chr(34) * 2)}",\r\n'
)


@pytest.fixture(scope="module")
def hostile_analysis():
    from framing import analyze
    from framing.clusters import cluster_story
    from framing.ingest import read_bytes_report
    from framing.models import Settings

    articles, warnings = read_bytes_report(FORMULA_BUNDLE.encode(), "=evil.csv")
    assert len(articles) == 3 and not warnings
    result = analyze(articles, Settings(bootstrap=20))
    clusters = cluster_story(result.sentences, result.cues)
    return articles, result, clusters


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_csv_exports_of_hostile_uploads_start_no_formula(hostile_analysis) -> None:
    import csv
    import io

    from framing.report import to_csv_bytes

    _, result, clusters = hostile_analysis
    tables = {**result.tables(), "alignments": clusters.alignments}
    texts = 0
    for name, df in tables.items():
        rows = list(csv.reader(io.StringIO(to_csv_bytes(df).decode("utf-8-sig"), newline="")))
        assert len(rows) == len(df) + 1, name  # a CR or LF inside a cell never splits a row
        for row in rows:
            for cell in row:
                if cell.startswith(DANGEROUS) and not _is_number(cell):
                    pytest.fail(f"{name}: live formula cell {cell[:40]!r}")
                texts += cell.startswith("'") and cell[1:2] in "=+-@\t\r"
    assert texts >= 6, "the hostile cells did reach the tables (else this proves nothing)"


def test_xlsx_export_of_hostile_uploads_has_no_formula(hostile_analysis) -> None:
    import io

    import openpyxl

    from framing.report import to_xlsx_bytes

    _, result, clusters = hostile_analysis
    tables = {**result.tables(), "alignments": clusters.alignments}
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(tables)))
    neutralised = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(DANGEROUS), (sheet.title, cell.value)
                    neutralised += cell.value.startswith(("'=", "'+", "'-", "'@"))
    assert neutralised >= 6


def test_xlsx_control_character_cannot_unmask_a_formula() -> None:
    """Regression: illegal XML characters were dropped AFTER neutralising, so
    ``"\\x01=1+1"`` became the live formula ``=1+1`` in the workbook."""
    import io

    import openpyxl
    import pandas as pd

    from framing.report import EXCEL_CELL_LIMIT, to_xlsx_bytes

    cells = ["\x01=1+1", "\x0b@SUM(A1)", "\x1f-1+2", "=" + "x" * 40_000]
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes({"t": pd.DataFrame({"a": cells})})))
    values = [c.value for c in book["t"]["A"][1:]]
    assert [c.data_type for c in book["t"]["A"][1:]] == ["s"] * len(cells)
    assert values[:3] == ["'=1+1", "'@SUM(A1)", "'-1+2"]
    assert len(values[3]) <= EXCEL_CELL_LIMIT and values[3].startswith("'=")


def test_html_report_escapes_every_hostile_text(hostile_analysis) -> None:
    from html.parser import HTMLParser

    from framing.findings import findings
    from framing.render import alignment_pairs_html
    from framing.report import html_report

    articles, result, clusters = hostile_analysis
    story = XSS["title"]
    passages = alignment_pairs_html(clusters.alignments, result.sentences, result.cues)
    pairs = [(a.text, a.title) for a in articles]
    page = html_report(
        story=story,
        articles=result.articles,
        charts=[],
        passages=[*passages, *pairs],
        findings=[*findings(result.articles, result.stance, clusters.coverage), XSS["text"]],
    )
    for raw in RAW_PAYLOADS:
        assert raw not in page, raw

    class Elements(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.tags: set[str] = set()
            self.data: list[str] = []

        def handle_starttag(self, tag, attrs):
            self.tags.add(tag)
            if tag == "a":  # the article list links each article's own http(s) address
                assert dict(attrs).get("href", "").startswith(("http://", "https://")), attrs
            for name, value in attrs:
                assert not name.startswith("on"), (tag, name)
                assert "javascript:" not in (value or ""), (tag, name, value)

        def handle_data(self, data):
            self.data.append(data)

    parsed = Elements()
    parsed.feed(page)
    assert "img" not in parsed.tags and "script" not in parsed.tags
    text = "".join(parsed.data)
    for art in articles:  # shown literally: outlet, title and the text itself
        assert art.outlet in text and art.title in text
    assert XSS["text"] in text and story in text


HOSTILE_NAMES = [
    *UPLOAD_NAMES.values(),
    XSS["outlet"],
    XSS["title"],
    "=cmd|' /C calc'!A0",
    "CON",
    "aux.txt",
    "..",
    "\u202etxt.exe",
    'a/../../b\\c:d*e?f"g<h>i|j',
    " . ",
    "x" * 500,
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
@pytest.mark.parametrize("suffix", ["-report", "-tables", ""])
def test_download_names_from_hostile_names_are_safe(name: str, suffix: str) -> None:
    from framing.report import safe_filename

    out = safe_filename(f"{name[:60]}{suffix}", "html")  # as ui.downloads builds them
    stem = out.removesuffix(".html")
    assert out.endswith(".html") and stem
    assert not set(out) & set('/\\<>:"|?*') and ".." not in out
    assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in out)
    assert "\u202e" not in out and not out.startswith(".")
    assert stem.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL"}
    assert len(out) <= 110


def test_no_network_while_reading_scoring_and_exporting(
    corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hostile HTML carries remote images, links and scripts: nothing may reach the network."""
    import socket

    from framing import analyze
    from framing.ingest import load_articles
    from framing.models import Settings
    from framing.report import html_report, to_csv_bytes

    calls: list[str] = []

    def refuse(*args, **kwargs):
        calls.append(repr(args)[:80])
        raise OSError("network access in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    _, files = corpus
    small = [(n, d) for n, d, _ in files if len(d) < 200_000]  # the big ones add only time
    articles, _ = load_articles(small)
    result = analyze(articles[:12], Settings(bootstrap=5))
    html_report(story="s", articles=result.articles, charts=[], passages=[], findings=[])
    to_csv_bytes(result.sentences)
    assert calls == []

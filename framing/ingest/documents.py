"""Single documents: one file, one article. Plain text, Markdown (with YAML front matter),
HTML (trafilatura, with a streaming fallback), PDF (pypdf, reflowed, time-limited) and Word.

Each reader takes ``(data, name)`` and returns a :class:`Doc` (text and metadata before
cleaning); :data:`READERS` maps a kind from :func:`framing.ingest.sniff.sniff_kind` to its
reader.

Examples
--------
>>> READERS["md"](b"---\\ntitle: Talks\\n---\\n# Talks go on\\nThey met.", "a.md").title
'Talks'
"""

from __future__ import annotations

import dataclasses
import html.parser
import io
import logging
import re
import time
import warnings
from collections.abc import Callable
from typing import Any

from framing.ingest.clean import NEWLINES
from framing.ingest.decode import check_texty, decode_bytes
from framing.ingest.sniff import check_zip
from framing.models import ReadError

__all__ = ["MAX_PDF_PAGES", "MAX_PDF_SECONDS", "READERS", "Doc"]

log = logging.getLogger(__name__)

MAX_PDF_PAGES = 500
"""Pages read from one PDF; the rest are skipped with a note."""
MAX_PDF_SECONDS = 30.0
"""Seconds one PDF may take to read (checked between pages); past it the file is refused
with a message and the rest of the batch loads."""


@dataclasses.dataclass
class Doc:
    """What a single-document reader found, before cleaning."""

    text: str
    title: str = ""
    outlet: str = ""
    url: str = ""
    published: str = ""
    notes: list[str] = dataclasses.field(default_factory=list)


def _read_txt(data: bytes, name: str) -> Doc:
    text, notes = decode_bytes(data)
    check_texty(text, name)
    return Doc(text=text, notes=notes)


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


def _read_md(data: bytes, name: str) -> Doc:
    doc = _read_txt(data, name)
    text = NEWLINES.sub("\n", doc.text)
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


def _read_html(data: bytes, name: str) -> Doc:
    match = _META_CHARSET.search(data[:4096])
    text, notes = decode_bytes(data, declared=match.group(1).decode("ascii") if match else None)
    check_texty(text, name)
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
    return Doc(text=body, title=title, outlet=outlet, url=url, published=published, notes=notes)


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


def _read_pdf(data: bytes, name: str) -> Doc:
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
    return Doc(text=text, title=title.strip(), notes=notes)


def _read_docx(data: bytes, name: str) -> Doc:
    check_zip(data, name, "Word document")
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
    return Doc(text="\n".join(t for t, _ in paragraphs), title=title, notes=notes)


READERS: dict[str, Callable[[bytes, str], Doc]] = {
    "txt": _read_txt,
    "md": _read_md,
    "html": _read_html,
    "pdf": _read_pdf,
    "docx": _read_docx,
}

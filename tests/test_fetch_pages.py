"""Saved news pages, fetched by link from a local HTTP server on 127.0.0.1.

Four full pages as news sites serve them (``tests/fixtures/pages``: head metadata, JSON-LD,
scripts, navigation, cookie banner, related links, comments, footer) around fictional
articles about one story. Each is fetched through :func:`framing.fetch.load_links`, the
function behind the sidebar's link box and ``framing analyze URL``, under made-up ``.test``
host names that resolve to the local server (the loopback address is allowed by the
test-only setting). The expected paragraphs of each page are in ``<page>.expected.txt``.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from test_fetch import LOCAL, _Handler

from framing.fetch import load_links
from framing.models import Article

PAGES = Path(__file__).parent / "fixtures" / "pages"


@dataclass(frozen=True)
class Page:
    file: str
    host: str  # served under http://<host>:<port><path>; <host> resolves to 127.0.0.1
    path: str
    content_type: str  # as the server sends it (the windows-1252 page: no charset)
    site_name: str  # og:site_name
    title: str
    published: str
    boilerplate: tuple[str, ...]  # page furniture that must not reach the article text

    @property
    def paragraphs(self) -> list[str]:
        text = (PAGES / self.file).with_suffix(".expected.txt").read_text(encoding="utf-8")
        return [_words(line) for line in text.splitlines() if line.strip()]


HTML_UTF8 = "text/html; charset=utf-8"
TABLE = [
    Page(
        file="harbour-gazette.html",
        host="www.harbour-gazette.test",
        path="/news/local/2026/03/14/council-approves-old-harbour-bridge-toll",
        content_type=HTML_UTF8,
        site_name="The Harbour Gazette",
        title="Council approves toll on Old Harbour Bridge to pay for repairs",
        published="2026-03-14",
        boilerplate=(
            "Weather & Traffic",  # navigation
            "Family notices",
            "143 partners use cookies",  # cookie banner
            "Accept all",
            "Ferry timetable changes",  # related links
            "Family bakery closes",  # most read
            "never listens to the people",  # comments
            "Comments are moderated",
            "Share on Facebook",
            "morning briefing",  # newsletter box
            "Harbour Gazette Media Ltd",  # footer
            "Privacy settings",
        ),
    ),
    Page(
        file="lakeside-courier.html",
        host="lakeside-courier.test",
        path="/2026/03/14/commuters-face-bridge-toll/",
        content_type="text/html",  # the charset is declared only in <meta charset>
        site_name="Lakeside Courier",
        title="Commuters face bridge toll as council pushes charge through",
        published="2026-03-14",
        boilerplate=(
            "Farming & rural life",  # navigation
            "Support independent journalism",
            "uses cookies to give you the best",  # cookie banner
            "Lake levels rise",  # previous/next and recent posts
            "Sheepdog trials",
            "delivery van over that bridge",  # comments
            "Leave a Reply",
            "thoughts on",
            "funded by our readers",  # sidebar widget
            "Proudly powered by WordPress",  # footer
        ),
    ),
    Page(
        file="metro-daily.html",
        host="metro-daily.test",
        path="/news/portavel-bridge-toll-vote-repairs-a1b2c3",
        content_type=HTML_UTF8,
        site_name="Metro Daily",
        title="Bridge saved: toll vote ends years of uncertainty for Portavel crossing",
        published="2026-03-14",
        boilerplate=(
            "Puzzles & games",  # navigation
            "Your privacy matters",  # cookie banner
            "advertising partners store cookies",
            "Advertisement",  # ad slots between paragraphs
            "Inspectors found rust",  # figure captions between paragraphs
            "went on for almost four hours before",
            "READ MORE",  # inline promo between paragraphs
            "lorry drivers caught",
            "Morning Brew",  # newsletter box between paragraphs
            "Watch: what the toll means",  # video embed
            "Quiz show host",  # trending
            "Promoted stories",
            "Finally some common sense",  # comments
            "Share this article",
            "Publishing Group",  # footer
            "Got a story?",  # the newsroom's call for tips under every article
        ),
    ),
    Page(
        file="coastline-news-amp.html",
        host="amp.coastline-news.test",
        path="/portavel/bridge-toll-approved-after-four-hour-debate-1187342",
        content_type=HTML_UTF8,
        site_name="Coastline News",
        title="Bridge toll approved after four-hour debate",
        published="2026-03-13",  # 22:05 UTC the evening before the others
        boilerplate=(
            "Tide tables",  # amp-sidebar navigation
            "Open menu",
            "personalise content and adverts",  # amp-consent banner
            "Advertisement",  # amp-ad fallbacks
            "Ferry operator confirms",  # related articles
            "View the full version",  # footer
            "Coastline Newspapers Group",
        ),
    ),
]
BY_PATH = {page.path: page for page in TABLE}
IDS = [page.file.removesuffix(".html") for page in TABLE]


def _words(text: str) -> str:
    return " ".join(text.split())


class _Pages(_Handler):
    """The saved pages by path (and the other routes of ``test_fetch``'s handler)."""

    def do_GET(self) -> None:
        page = BY_PATH.get(self.path)
        if page is None:
            return super().do_GET()
        return self._send(
            200, (PAGES / page.file).read_bytes(), {"Content-Type": page.content_type}
        )


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def test_hosts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Host names ending in ``.test`` resolve to 127.0.0.1 (other names as usual)."""
    real = socket.getaddrinfo

    def resolve(host, port, *args, **kwargs):
        if isinstance(host, str) and host.endswith(".test"):
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolve)


def _url(page: Page, port: int) -> str:
    return f"http://{page.host}:{port}{page.path}"


def _fetch(page: Page, port: int) -> Article:
    articles, errors = load_links([_url(page, port)], allow=LOCAL, story="Bridge toll")
    assert errors == []
    (article,) = articles
    return article


@pytest.mark.parametrize("page", TABLE, ids=IDS)
def test_title_and_date(page: Page, port: int, test_hosts: None) -> None:
    article = _fetch(page, port)
    assert article.title == page.title
    assert article.published[:10] == page.published
    assert article.story == "Bridge toll"


@pytest.mark.parametrize("page", TABLE, ids=IDS)
def test_the_address_is_the_one_fetched(page: Page, port: int, test_hosts: None) -> None:
    # load_links' contract (and test_fetch): ``url`` is the final address after redirects
    assert _fetch(page, port).url == _url(page, port)


@pytest.mark.parametrize("page", TABLE, ids=IDS)
def test_the_paragraphs_arrive_whole_and_in_order(page: Page, port: int, test_hosts: None) -> None:
    text = _words(_fetch(page, port).text)
    at = -1
    for paragraph in page.paragraphs:
        found = text.find(paragraph, at + 1)
        assert found > at, f"missing or out of order: {paragraph[:60]!r}"
        at = found


@pytest.mark.parametrize("page", TABLE, ids=IDS)
def test_no_page_furniture_reaches_the_text(page: Page, port: int, test_hosts: None) -> None:
    text = _fetch(page, port).text
    found = [b for b in page.boilerplate if b.lower() in text.lower()]
    assert found == []


@pytest.mark.parametrize("page", TABLE, ids=IDS)
def test_the_outlet_is_the_sites_own_name(page: Page, port: int, test_hosts: None) -> None:
    assert _fetch(page, port).outlet == page.site_name


@pytest.mark.parametrize("page", TABLE, ids=IDS)
def test_the_windows_1252_page_and_the_others_decode_cleanly(
    page: Page, port: int, test_hosts: None
) -> None:
    article = _fetch(page, port)
    assert "\ufffd" not in article.text and "â€" not in article.text  # no mojibake
    declared = (
        "charset" not in page.content_type
        and b"windows-1252" in (PAGES / page.file).read_bytes()[:200]
    )
    assert any("cp1252" in note for note in article.notes) == declared

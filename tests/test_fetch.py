"""Articles by link, against a local HTTP server on 127.0.0.1 (allowed by a test-only
setting): saved pages, redirects, a slow and a huge response, redirects to private addresses,
and the address rules without any server."""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from framing import fetch
from framing.fetch import fetch_url, load_links
from framing.models import ReadError

LOCAL = (ipaddress.ip_network("127.0.0.1/32"),)  # the test server, and nothing else
PAGE = b"""<!doctype html><html><head><title>Talks resume in Geneva | Daily Wire</title>
<meta property="og:title" content="Talks resume in Geneva"></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Talks resume in Geneva</h1>
<p>Officials said on Monday that the talks may resume next week, after a pause of a month.</p>
<p>Critics slammed the plan as reckless, and a spokesman for the ministry declined to comment
on what the two sides had agreed so far.</p>
<p>\xe2\x80\x9cWe will not stop now,\xe2\x80\x9d the envoy told reporters outside the hall.</p>
</article><footer>Copyright Daily Wire</footer></body></html>"""


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes = b"", headers: dict | None = None) -> None:
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if "Content-Length" not in (headers or {}):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            with contextlib.suppress(OSError):  # the client gave up (the slow page): expected
                self.wfile.write(body)

    def do_GET(self) -> None:
        port = self.server.server_address[1]
        routes = {
            "/story.html": lambda: self._send(
                200, PAGE, {"Content-Type": "text/html; charset=utf-8"}
            ),
            "/redirect": lambda: self._send(302, headers={"Location": "/story.html"}),
            "/redirect-absolute": lambda: self._send(
                301, headers={"Location": f"http://127.0.0.1:{port}/story.html"}
            ),
            "/redirect-private": lambda: self._send(302, headers={"Location": "http://10.0.0.1/x"}),
            "/redirect-metadata": lambda: self._send(
                302, headers={"Location": "http://169.254.169.254/latest/meta-data/"}
            ),
            "/redirect-ftp": lambda: self._send(302, headers={"Location": "ftp://127.0.0.1/x"}),
            "/loop": lambda: self._send(302, headers={"Location": "/loop"}),
            "/missing": lambda: self._send(404, b"not here"),
            "/huge-declared": lambda: self._send(200, b"", {"Content-Length": str(50 * 1024**2)}),
        }
        if self.path == "/slow":
            time.sleep(1.5)
            return self._send(200, PAGE)
        if self.path == "/huge":  # no length given: streamed until the reader stops
            self.send_response(200)
            self.end_headers()
            try:
                for _ in range(400):
                    self.wfile.write(b"<p>" + b"x" * 4096 + b"</p>")
            except OSError:
                pass
            return None
        return routes.get(self.path, lambda: self._send(404))()


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


# ---- the local server ----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/story.html", "/redirect", "/redirect-absolute"])
def test_a_saved_page_is_fetched_and_read_as_an_article(server: str, path: str) -> None:
    articles, errors = load_links([server + path], allow=LOCAL, story="Geneva")
    assert errors == []
    (article,) = articles
    assert article.outlet == "127.0.0.1"
    assert article.url == f"{server}/story.html"  # the final address after redirects
    assert "talks may resume next week" in article.text
    assert "Copyright" not in article.text and "Home" not in article.text  # page furniture gone
    assert "Talks resume in Geneva" in article.title
    assert article.story == "Geneva"


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("/redirect-private", "the link points to a private network address (10.0.0.1), which is not fetched"),
        ("/redirect-metadata", "the link points to the cloud metadata address (169.254.169.254), which is not fetched"),
        ("/redirect-ftp", "only http:// and https:// links can be fetched"),
        ("/loop", "too many redirects (more than 5)"),
        ("/missing", "the server answered HTTP 404 Not Found"),
        ("/huge-declared", "the page is larger than 10 MB"),
    ],
)  # fmt: skip
def test_each_refusal_is_one_clear_message(server: str, path: str, problem: str) -> None:
    with pytest.raises(ReadError) as err:
        fetch_url(server + path, allow=LOCAL)
    assert str(err.value) == f"{server}{path}: {problem}"


def test_a_slow_page_hits_the_deadline(server: str) -> None:
    start = time.monotonic()
    with pytest.raises(ReadError, match=r"the page took too long \(over 0.5 s\)"):
        fetch_url(server + "/slow", allow=LOCAL, timeout=0.5)
    assert time.monotonic() - start < 1.4  # it did not wait for the server


def test_a_huge_page_is_cut_off_at_the_size_limit(server: str) -> None:
    with pytest.raises(ReadError, match="the page is larger than"):
        fetch_url(server + "/huge", allow=LOCAL, max_bytes=256 * 1024)


def test_one_bad_link_in_a_batch_gives_one_message_and_the_rest_load(server: str) -> None:
    links = [
        f"{server}/story.html",
        f"{server}/redirect-private",
        f"{server}/missing",
        "not a link",
    ]
    articles, errors = load_links(links, allow=LOCAL)
    assert len(articles) == 1
    assert [e.source for e in errors] == links[1:]


def test_the_local_server_is_refused_without_the_test_setting(server: str) -> None:
    with pytest.raises(ReadError, match="loopback address"):
        fetch_url(server + "/story.html", allow=())


# ---- the address rules, without a server --------------------------------------------------


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("http://localhost/", "loopback address"),
        ("http://127.0.0.2:8080/", "loopback address"),
        ("http://[::1]/", "loopback address"),
        ("http://10.1.2.3/", "private network address"),
        ("http://192.168.0.1/admin", "private network address"),
        ("http://172.16.5.4/", "private network address"),
        ("http://169.254.169.254/latest/meta-data/", "cloud metadata address"),
        ("http://169.254.10.10/", "link-local address"),
        ("http://[fe80::1]/", "link-local address"),
        ("http://0.0.0.0/", "unspecified address"),
        ("http://[::ffff:10.0.0.1]/", "private network address"),  # IPv4-mapped IPv6
        ("http://224.0.0.1/", "multicast address"),
    ],
)
def test_internal_addresses_are_refused_before_any_connection(
    url: str, why: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_connect(*args, **kwargs):  # pragma: no cover - reaching it is the failure
        raise AssertionError("a connection was attempted")

    monkeypatch.setattr(socket, "create_connection", no_connect)
    with pytest.raises(ReadError, match=why):
        fetch_url(url, allow=())


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("file:///etc/passwd", "only http:// and https:// links can be fetched"),
        ("gopher://example.com/", "only http:// and https:// links can be fetched"),
        ("http://user:secret@example.com/", "links with a user name or password are not fetched"),
        ("http:///nohost", "the link has no host name"),
        ("http://example.com:99999/", "the link has an invalid port"),
    ],
)
def test_malformed_or_unsafe_links(url: str, problem: str) -> None:
    with pytest.raises(ReadError) as err:
        fetch_url(url, allow=())
    assert err.value.problem == problem


def test_every_dns_answer_is_checked_and_the_checked_one_is_used(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # DNS rebinding: one public and one private answer -> refused, no connection
    answers = [
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", 80)),
        (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.5", 80)),
    ]
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: answers)
    with pytest.raises(ReadError, match=r"private network address \(10.0.0.5\)"):
        fetch_url("http://rebind.example/", allow=())
    # a public answer: the connection goes to exactly that address (never resolved again)
    seen: list[tuple] = []

    def record(address, timeout=None, *args, **kwargs):
        seen.append(address)
        raise ConnectionRefusedError

    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: answers[:1])
    monkeypatch.setattr(socket, "create_connection", record)
    with pytest.raises(ReadError, match="could not be fetched"):
        fetch_url("http://public.example/", allow=())
    assert seen == [("93.184.215.14", 80)]


def test_the_operator_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(fetch.ALLOW_ENV, "10.1.0.0/16,bogus")
    assert [str(n) for n in fetch.allowed_networks()] == ["10.1.0.0/16"]
    monkeypatch.delenv(fetch.ALLOW_ENV)
    assert fetch.allowed_networks() == ()


# ---- the command line and the dashboard ---------------------------------------------------


def test_cli_analyze_takes_links(
    server: str, tmp_path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    import pandas as pd

    from framing.cli import main

    monkeypatch.setenv(fetch.ALLOW_ENV, "127.0.0.1/32")
    out = tmp_path / "out"
    code = main(["analyze", f"{server}/story.html", f"{server}/redirect-private",
                 "--out", str(out), "--no-clusters", "--quiet", "--bootstrap", "50"])  # fmt: skip
    assert code == 0
    arts = pd.read_csv(out / "articles.csv")
    assert list(arts["url"]) == [f"{server}/story.html"]
    err = capsys.readouterr().err
    assert err.count("error:") == 1 and "private network address" in err


def test_dashboard_adds_articles_by_link(
    server: str, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pathlib import Path

    from streamlit.testing.v1 import AppTest

    from framing.store import DB_NAME, ENV_HOME, Store

    monkeypatch.setenv(fetch.ALLOW_ENV, "127.0.0.1/32")
    monkeypatch.setenv(ENV_HOME, str(tmp_path))
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / "app.py"), default_timeout=120)
    at.run()
    (area,) = [t for t in at.text_area if t.label.startswith("Or paste links")]
    area.input(f"{server}/story.html\n{server}/redirect-private\n{server}/missing").run()
    at.radio(key="upload_target").set_value("A new story").run()
    at.text_input(key="new_story_name").input("By link").run()
    assert at.button(key="upload_button").label == "Add 3 links"
    at.button(key="upload_button").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("from 1 link to" in s.value for s in at.success)
    errors = [e.value for e in at.error]
    assert len(errors) == 2
    assert any("private network address" in e for e in errors)
    assert any("HTTP 404" in e for e in errors)
    (article,) = Store(tmp_path / DB_NAME, seed=False).articles("By link")
    assert article.url == f"{server}/story.html" and "talks may resume" in article.text

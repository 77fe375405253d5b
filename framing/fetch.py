"""Articles by link: fetch a web page a user names, safely, for :mod:`framing.ingest`.

The dashboard may run on a shared server, so a link box must never become a way into the
operator's network or a way to tie the server up. Every fetch follows these rules
(``docs/security.md``, "Links"):

- only ``http`` and ``https``; no user name or password in the link;
- the host name is resolved once, **every** address it resolves to must be public (not
  loopback, private, link-local, multicast, reserved or unspecified; not the cloud metadata
  address), and the connection goes to that checked address, so a second DNS answer cannot
  swap in an internal one (DNS rebinding);
- redirects are followed by hand, at most :data:`MAX_REDIRECTS`, and each hop is checked by
  the same rules (a public page redirecting to ``http://10.0.0.1/`` is refused);
- at most :data:`MAX_FETCH_BYTES` are read, and the whole fetch (every hop) has a deadline of
  :data:`FETCH_SECONDS`;
- the operator may allow some networks anyway with ``$FRAMING_URL_ALLOW`` (comma-separated
  CIDR networks such as ``10.1.0.0/16``); the tests allow ``127.0.0.1/32`` for their local
  server.

Every failure is a :class:`framing.models.ReadError` naming the link and the problem.
Nothing here runs unless a user asks for a link.

Examples
--------
>>> fetch_url("ftp://example.com/a")
Traceback (most recent call last):
...
framing.models.ReadError: ftp://example.com/a: only http:// and https:// links can be fetched
>>> fetch_url("http://127.0.0.1:9/", allow=())
Traceback (most recent call last):
...
framing.models.ReadError: http://127.0.0.1:9/: the link points to a loopback address (127.0.0.1), which is not fetched
"""

from __future__ import annotations

import dataclasses
import http.client
import ipaddress
import os
import socket
import ssl
import time
import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass

from framing.models import ReadError

__all__ = [
    "ALLOW_ENV",
    "FETCH_SECONDS",
    "MAX_FETCH_BYTES",
    "MAX_REDIRECTS",
    "Fetched",
    "allowed_networks",
    "fetch_url",
    "is_url",
    "load_links",
]

MAX_FETCH_BYTES = 10 * 1024 * 1024
"""Largest response read (10 MB): a page bigger than that is refused."""
FETCH_SECONDS = 15.0
"""Deadline for one link, all redirects included."""
MAX_REDIRECTS = 5
ALLOW_ENV = "FRAMING_URL_ALLOW"
"""Environment variable: CIDR networks the operator allows although they are not public."""
_METADATA = {ipaddress.ip_address("169.254.169.254"), ipaddress.ip_address("fd00:ec2::254")}
_USER_AGENT = "framing/0.2 (news framing dashboard; fetches one page a user asked for)"


@dataclass(frozen=True)
class Fetched:
    """A fetched page: the final URL (after redirects), its bytes and a file-like name."""

    url: str
    data: bytes
    name: str  # e.g. "example.com-news-story.html", for ingest's messages and ``source``
    content_type: str


def is_url(text: str) -> bool:
    """Whether ``text`` looks like a web link (``http://`` or ``https://``).

    >>> is_url("https://example.com/a"), is_url("story.txt")
    (True, False)
    """
    return text.strip().lower().startswith(("http://", "https://"))


def allowed_networks(raw: str | None = None) -> tuple[ipaddress._BaseNetwork, ...]:
    """The operator's allowed networks (``$FRAMING_URL_ALLOW``; malformed entries ignored).

    >>> [str(n) for n in allowed_networks("127.0.0.1/32, nonsense, 10.0.0.0/8")]
    ['127.0.0.1/32', '10.0.0.0/8']
    """
    raw = os.environ.get(ALLOW_ENV, "") if raw is None else raw
    out = []
    for part in raw.split(","):
        try:
            out.append(ipaddress.ip_network(part.strip(), strict=False))
        except ValueError:
            continue
    return tuple(out)


def _refusal(ip: ipaddress._BaseAddress) -> str | None:
    """Why ``ip`` may not be fetched, or None when it is public."""
    if ip in _METADATA:
        return "the cloud metadata address"
    for attr, label in (
        ("is_loopback", "a loopback address"),
        ("is_link_local", "a link-local address"),
        ("is_multicast", "a multicast address"),
        ("is_unspecified", "an unspecified address"),
        ("is_reserved", "a reserved address"),
        ("is_private", "a private network address"),
    ):
        if getattr(ip, attr):
            return label
    if not ip.is_global:
        return "a non-public address"
    return None


def _check_address(url: str, host: str, port: int, allow: Sequence) -> str:
    """Resolve ``host`` and return the one address to connect to; every answer is checked."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise ReadError(url, f"the host {host!r} could not be found") from None
    addresses = []
    for info in infos:
        ip = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            ip = ip.ipv4_mapped
        why = _refusal(ip)
        if why and not any(ip in net for net in allow):
            raise ReadError(url, f"the link points to {why} ({ip}), which is not fetched")
        addresses.append(str(ip))
    if not addresses:
        raise ReadError(url, f"the host {host!r} could not be found")
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, host: str, port: int, ip: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._ip = ip

    def connect(self) -> None:
        self.sock = socket.create_connection((self._ip, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, ip: str, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._ip = ip

    def connect(self) -> None:
        sock = socket.create_connection((self._ip, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _name(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    path = parts.path.strip("/").replace("/", "-") or "index"
    stem = f"{parts.hostname or 'page'}-{path}"[:120]
    return stem if stem.lower().endswith((".html", ".htm")) else f"{stem}.html"


def fetch_url(
    url: str,
    *,
    allow: Sequence | None = None,
    timeout: float = FETCH_SECONDS,
    max_bytes: int = MAX_FETCH_BYTES,
) -> Fetched:
    """Fetch one web page under the rules of this module.

    Parameters
    ----------
    url
        An ``http://`` or ``https://`` link.
    allow
        Networks allowed although not public (default: :func:`allowed_networks`).
    timeout, max_bytes
        The deadline for the whole fetch and the largest response read.

    Raises
    ------
    ReadError
        Whenever the page cannot be fetched; the message names the link and the reason.
    """
    original = url.strip()
    allow = allowed_networks() if allow is None else tuple(allow)
    deadline = time.monotonic() + timeout
    current = original
    for _hop in range(MAX_REDIRECTS + 1):
        parts = urllib.parse.urlsplit(current)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise ReadError(original, "only http:// and https:// links can be fetched")
        if parts.username or parts.password:
            raise ReadError(original, "links with a user name or password are not fetched")
        host = parts.hostname
        if not host:
            raise ReadError(original, "the link has no host name")
        try:
            port = parts.port or (443 if scheme == "https" else 80)
        except ValueError:
            raise ReadError(original, "the link has an invalid port") from None
        ip = _check_address(original, host, port, allow)
        left = deadline - time.monotonic()
        if left <= 0:
            raise ReadError(original, f"the page took too long (over {timeout:g} s)")
        conn_type = _PinnedHTTPSConnection if scheme == "https" else _PinnedHTTPConnection
        conn = conn_type(host, port, ip, timeout=left)
        target = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
        try:
            conn.request(
                "GET", target, headers={"User-Agent": _USER_AGENT, "Accept": "text/html,*/*"}
            )
            sock = conn.sock  # kept: http.client detaches it from conn after the response
            resp = conn.getresponse()
            if resp.status in (301, 302, 303, 307, 308):
                location = resp.getheader("Location") or ""
                if not location:
                    raise ReadError(
                        original, f"the server redirected (HTTP {resp.status}) to nowhere"
                    )
                current = urllib.parse.urljoin(current, location)
                continue
            if resp.status != 200:
                raise ReadError(original, f"the server answered HTTP {resp.status} {resp.reason}")
            declared = resp.getheader("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise ReadError(
                    original, f"the page is larger than {max_bytes // (1024 * 1024)} MB"
                )
            chunks, size = [], 0
            while True:
                if time.monotonic() > deadline:
                    raise ReadError(original, f"the page took too long (over {timeout:g} s)")
                if sock is not None:  # no single read may outlast the deadline
                    sock.settimeout(max(0.01, deadline - time.monotonic()))
                chunk = resp.read1(65536) if hasattr(resp, "read1") else resp.read(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise ReadError(
                        original, f"the page is larger than {max_bytes // (1024 * 1024)} MB"
                    )
                chunks.append(chunk)
            return Fetched(
                url=current,
                data=b"".join(chunks),
                name=_name(current),
                content_type=resp.getheader("Content-Type") or "",
            )
        except ReadError:
            raise
        except TimeoutError:
            raise ReadError(original, f"the page took too long (over {timeout:g} s)") from None
        except ssl.SSLError as exc:
            raise ReadError(
                original, f"the secure connection failed ({exc.reason or exc})"
            ) from None
        except (OSError, http.client.HTTPException) as exc:
            raise ReadError(
                original, f"the page could not be fetched ({type(exc).__name__})"
            ) from None
        finally:
            conn.close()
    raise ReadError(original, f"too many redirects (more than {MAX_REDIRECTS})")


def _outlet(url: str) -> str:
    host = (urllib.parse.urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.") or "web page"


def _not_a_site_name(outlet: str, fallback: str) -> bool:
    """True when ``outlet`` is no name the page gave its site: empty, the file-name fallback,
    or a bare host name (which may come from a link the page claims)."""
    name = outlet.strip()
    return not name or name == fallback or (" " not in name and "." in name)


def load_links(
    urls: Sequence[str], *, story: str = "", allow: Sequence | None = None
) -> tuple[list, list[ReadError]]:
    """Fetch each link and read it as an article; a link that fails gives one error and the
    others still load.

    The outlet is the name the page gives its site (``og:site_name``, as for an uploaded
    file), else the host name it was fetched from; ``url`` is always the final address it was
    fetched from (never the canonical link the page claims, so no page can pose as another
    site).

    Returns ``(articles, errors)`` like :func:`framing.ingest.load_articles`.
    """
    from framing.ingest import outlet_from_name, read_bytes

    articles, errors, seen = [], [], set()
    for raw in urls:
        url = raw.strip()
        if not url or url in seen:
            continue
        seen.add(url)
        try:
            page = fetch_url(url, allow=allow)
            found = read_bytes(page.data, page.name, story=story)
        except ReadError as err:
            errors.append(err if err.source == url else ReadError(url, err.problem))
            continue
        except Exception as exc:  # never let one link stop the others
            errors.append(ReadError(url, f"the page could not be read ({type(exc).__name__})"))
            continue
        host, fallback = _outlet(page.url), outlet_from_name(page.name)
        articles.extend(
            dataclasses.replace(
                a,
                url=page.url,
                outlet=host if _not_a_site_name(a.outlet, fallback) else a.outlet,
            )
            for a in found
        )
    return articles, errors

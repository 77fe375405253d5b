"""What the real-browser tests share: the browser check, a running server, waiting for it.

Without ``/usr/bin/chromium`` the tests skip with the reason, unless ``FRAMING_CI=1``, where a
missing browser (or playwright) is a failure.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _missing(reason: str) -> None:
    if os.environ.get("FRAMING_CI") == "1":
        pytest.fail(reason + " (FRAMING_CI=1: a missing browser is a failure)")
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with code {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("the server did not become healthy in time")


@pytest.fixture(scope="module")
def browser_path() -> Path:
    """Debian's Chromium, or a skip (a failure in CI)."""
    if not CHROMIUM.exists():
        _missing(f"{CHROMIUM} not found: the real-browser test needs Debian's chromium")
    return CHROMIUM


@pytest.fixture(scope="module")
def playwright_api(browser_path: Path):  # type: ignore[no-untyped-def]
    """The playwright sync API module, or a skip (a failure in CI)."""
    try:
        import playwright.sync_api as api
    except ImportError as exc:  # pragma: no cover - playwright is a dev requirement
        _missing(f"playwright is not installed: {exc}")
    return api


@pytest.fixture(scope="module")
def framing_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The server's workspace folder (``FRAMING_HOME``): a test may add stories to it through
    :class:`framing.store.Store`, as an upload would, while the server runs."""
    return tmp_path_factory.mktemp("framing-home")


@pytest.fixture(scope="module")
def server(
    tmp_path_factory: pytest.TempPathFactory, browser_path: Path, framing_home: Path
) -> Iterator[str]:
    """``streamlit run app.py`` on 127.0.0.1 and a free port, with a fresh workspace."""
    home = framing_home
    port = _free_port()
    env = {**os.environ, "FRAMING_HOME": str(home), "BROWSER_PATH": str(browser_path)}
    log = (tmp_path_factory.mktemp("log") / "server.log").open("wb")
    proc = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
            "--server.address", "127.0.0.1", "--server.headless", "true",
            "--server.port", str(port), "--server.runOnSave", "false",
            "--browser.gatherUsageStats", "false",
        ],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def wait_idle(page, timeout_ms: int = 45_000) -> None:  # type: ignore[no-untyped-def]
    """Wait until the script run is over (Streamlit's script state) and nothing is pending."""
    page.wait_for_timeout(300)
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            return app && app.getAttribute('data-test-script-state') === 'notRunning'
                && !document.querySelector('[data-testid="stSkeleton"]');
        }""",
        timeout=timeout_ms,
    )


@pytest.fixture
def idle():  # type: ignore[no-untyped-def]
    """:func:`wait_idle`, for tests (fixtures keep the tests free of conftest imports)."""
    return wait_idle


@pytest.fixture(scope="module")
def launch(playwright_api, browser_path: Path):  # type: ignore[no-untyped-def]
    """``launch(p)`` starts headless Chromium from a ``sync_playwright()`` handle ``p``."""

    def _launch(p):  # type: ignore[no-untyped-def]
        return p.chromium.launch(executable_path=str(browser_path), args=CHROMIUM_ARGS)

    return _launch

"""Drive the dashboard in headless Chromium: start a server, wait for a full render.

A *full render* is: Streamlit's script state went to ``running`` after the action and is
back to ``notRunning``, no skeleton placeholder is left, and the expected elements (e.g.
``.js-plotly-plot .main-svg``: a drawn plotly chart) are present. The script state is the
``data-test-script-state`` attribute of the ``stApp`` element; an init script records every
change with ``performance.now()`` so a fast rerun is not missed between two polls.

Only the installed Debian Chromium is used (``/usr/bin/chromium``); the server binds to
127.0.0.1 on a free port and keeps its workspace in a temporary ``FRAMING_HOME``.
"""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from common import PYTHON, ROOT

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "PLOT",
    "RECORDER",
    "app_server",
    "free_port",
    "mark",
    "wait_render",
]

CHROMIUM = os.environ.get("FRAMING_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PLOT = ".js-plotly-plot .main-svg"

# Records every change of the script state with a page timestamp.
RECORDER = """
window.__stStates = [];
(function watch() {
  let last = null;
  const seen = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    const v = app ? app.getAttribute('data-test-script-state') : null;
    if (v !== last) { last = v; window.__stStates.push([performance.now(), v]); }
  };
  const start = () => {
    seen();
    new MutationObserver(seen).observe(document.documentElement,
      {attributes: true, subtree: true, childList: true,
       attributeFilter: ['data-test-script-state']});
  };
  if (document.documentElement) start(); else document.addEventListener('DOMContentLoaded', start);
})();
"""

# Truthy (ms since t0) once a rerun that started after t0 has finished and the page is whole.
_DONE = """
([t0, selectors, minPlots, texts]) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || !window.__stStates) return false;
  if (!window.__stStates.some(([t, v]) => t >= t0 && v === 'running')) return false;
  if (app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (document.querySelector('[data-testid="stSkeleton"]')) return false;
  for (const s of selectors) if (!document.querySelector(s)) return false;
  if (document.querySelectorAll('.js-plotly-plot .main-svg').length < minPlots) return false;
  if (texts && texts.length) {
    const body = document.body.innerText;
    for (const t of texts) if (!body.includes(t)) return false;
  }
  return performance.now() - t0;
}
"""


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def app_server(
    *,
    home: Path | None = None,
    timeout: float = 60,
    script: Path = ROOT / "app.py",
    env: dict[str, str] | None = None,
) -> Iterator[str]:
    """Run ``streamlit run <script>`` on 127.0.0.1 with a temporary workspace; yield its URL.

    ``script`` defaults to the app; ``env`` adds environment variables for the server.
    """
    port = free_port()
    with contextlib.ExitStack() as stack:
        if home is None:
            home = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="framing-home-")))
        server_env = dict(os.environ, FRAMING_HOME=str(home), PYTHONPATH=str(ROOT), **(env or {}))
        server_env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
        log = stack.enter_context(open(home / "server.log", "wb"))
        proc = subprocess.Popen(
            [
                PYTHON,
                "-m",
                "streamlit",
                "run",
                str(script),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--server.port",
                str(port),
                "--browser.gatherUsageStats",
                "false",
                "--server.fileWatcherType",
                "none",
            ],
            cwd=ROOT,
            env=server_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + timeout
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(
                        f"streamlit exited: {(home / 'server.log').read_text()[-2000:]}"
                    )
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                        if r.status == 200:
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise TimeoutError("streamlit did not become healthy")
                time.sleep(0.2)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def mark(page) -> float:
    """The page clock now (``performance.now()``), to pass to :func:`wait_render`."""
    return float(page.evaluate("performance.now()"))


def wait_render(
    page,
    t0: float,
    *,
    selectors: tuple[str, ...] = (),
    min_plots: int = 0,
    texts: tuple[str, ...] = (),
    timeout: float = 60,
) -> float:
    """Seconds from page time ``t0`` until a rerun begun after it has fully rendered.

    ``selectors`` must match, at least ``min_plots`` plotly charts must be drawn and every
    string of ``texts`` must be in the page text (e.g. the new story's article count).
    """
    handle = page.wait_for_function(
        _DONE,
        arg=[t0, list(selectors), min_plots, list(texts)],
        polling="raf",
        timeout=timeout * 1000,
    )
    return float(handle.json_value()) / 1000

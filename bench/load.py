"""Bounded load test: several headless browser sessions switching views on the dashboard.

Starts ``streamlit run app.py`` on 127.0.0.1 (a free port, a temporary workspace) unless
``--url`` names a running one (only ``http://127.0.0.1``/``localhost`` are accepted), opens
``--sessions`` browser sessions (separate contexts: separate Streamlit sessions) at once and,
once all have rendered, for ``--seconds`` (default 60, at most 600) has each session click
views in a seeded random order. It then stops by itself and prints: view switches done,
errors (a timeout, an exception box or a lost connection in a page; target 0) and p50/p95
seconds for a view to update.

Usage: ``python bench/load.py [--sessions 4] [--seconds 60] [--url http://127.0.0.1:8501]``
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import time
from urllib.parse import urlparse

from browser import _DONE, CHROMIUM, CHROMIUM_ARGS, RECORDER, app_server
from common import Row, format_table

__all__ = ["MAX_SECONDS", "percentile", "run_load"]

VIEWS = ("Overview", "Side by side", "Quotes and sources", "Clusters", "Actors and stance", "Data")
VIEW_BUTTON = '[data-testid="stButtonGroup"] button'
ERROR_BOX = '[data-testid="stException"], [data-testid="stAlertContentError"]'
MAX_SECONDS = 600  # hard bound whatever the caller asks
STEP_TIMEOUT_S = 30


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0..1) by linear interpolation; NaN when empty.

    Examples
    --------
    >>> percentile([1.0, 2.0, 3.0, 4.0], 0.5)
    2.5
    """
    if not values:
        return float("nan")
    ordered = sorted(values)
    pos = q * (len(ordered) - 1)
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


async def _open(browser, url: str):
    """A new browser session (context) on the dashboard, first render done."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})
    await context.add_init_script(RECORDER)
    page = await context.new_page()
    await page.goto(url)
    await page.wait_for_function(
        _DONE, arg=[0.0, [VIEW_BUTTON], 0, []], polling="raf", timeout=300_000
    )
    return context, page


async def _switching(page, deadline: float, seed: int) -> tuple[list[float], list[str]]:
    """Click views in a seeded random order until ``deadline``; times and errors."""
    times: list[float] = []
    errors: list[str] = []
    rng = random.Random(seed)
    current = "Overview"
    while time.monotonic() < deadline:
        view = rng.choice([v for v in VIEWS if v != current])
        try:
            t0 = await page.evaluate("performance.now()")
            await page.get_by_role("radio", name=view).click(timeout=10_000)
            handle = await page.wait_for_function(
                _DONE, arg=[t0, [], 0, []], polling="raf", timeout=STEP_TIMEOUT_S * 1000
            )
            times.append(float(await handle.json_value()) / 1000)
            current = view
            if await page.locator(ERROR_BOX).count():
                errors.append(f"{view}: error shown")
            state = await page.get_attribute('[data-testid="stApp"]', "data-test-connection-state")
            if state and state.upper() not in ("CONNECTED", "STATIC_CONNECTED"):
                errors.append(f"{view}: connection {state}")
        except Exception as exc:
            errors.append(f"{view}: {type(exc).__name__}: {str(exc)[:80]}")
    return times, errors


async def _run(url: str, sessions: int, seconds: float) -> tuple[list[float], list[str], float]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        try:
            # Open every session first (the first render is not part of the load figure).
            t = time.monotonic()
            opened = await asyncio.gather(
                *(_open(browser, url) for _ in range(sessions)), return_exceptions=True
            )
            startup = time.monotonic() - t
            errors = [f"start: {o!r}"[:120] for o in opened if isinstance(o, BaseException)]
            pages = [o[1] for o in opened if not isinstance(o, BaseException)]
            deadline = time.monotonic() + seconds
            results = await asyncio.gather(
                *(_switching(page, deadline, seed) for seed, page in enumerate(pages))
            )
        finally:
            await browser.close()
    times = [t for ts, _ in results for t in ts]
    errors += [e for _, es in results for e in es]
    return times, errors, startup


def _check_local(url: str) -> str:
    parsed = urlparse(url)
    if parsed.scheme != "http" or parsed.hostname not in ("127.0.0.1", "localhost"):
        raise SystemExit("load.py only drives a dashboard on this machine (http://127.0.0.1:PORT)")
    return url.rstrip("/")


def run_load(*, sessions: int = 4, seconds: float = 60, url: str | None = None) -> list[Row]:
    """Run the load test and return result rows (errors, switches, p50, p95)."""
    seconds = min(max(seconds, 1), MAX_SECONDS)
    if url:
        times, errors, startup = asyncio.run(_run(_check_local(url), sessions, seconds))
    else:
        with app_server() as own:
            times, errors, startup = asyncio.run(_run(own, sessions, seconds))
    sec = "load"
    rows = [
        Row(sec, "browser sessions", str(sessions)),
        Row(sec, "sessions opened together (first render)", startup, "s"),
        Row(sec, "switching time (bounded)", seconds, "s"),
        Row(sec, "view switches completed", f"{len(times):,}"),
        Row(sec, "errors", f"{len(errors)}", "", "0", not errors),
        Row(sec, "view update p50", percentile(times, 0.5), "s"),
        Row(sec, "view update p95", percentile(times, 0.95), "s"),
    ]
    for error in sorted(set(errors))[:10]:
        rows.append(Row(sec, "error", error))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=60, help=f"at most {MAX_SECONDS}")
    parser.add_argument("--url", help="a dashboard already running on 127.0.0.1")
    args = parser.parse_args(argv)
    rows = run_load(sessions=args.sessions, seconds=args.seconds, url=args.url)
    print(format_table(rows))
    return 0 if all(r.ok is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())

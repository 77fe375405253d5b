"""Dashboard latency (section 6): first render, widget changes, an upload, in headless Chromium.

Each figure is the time from the action until the rerun it caused has fully rendered
(:func:`browser.wait_render`: script state back to ``notRunning``, no skeleton, the expected
elements drawn). The server runs ``app.py`` on 127.0.0.1 with a fresh temporary workspace,
so the first render includes seeding the sample story and scoring it with empty caches.

Figures
-------
- first render of the sample story (cold caches), and a reload (new session, warm caches);
- widget changes: view switch (Overview → Side by side), a highlight toggle, a clustering
  control (re-cluster, no re-scoring);
- an upload of a JSONL bundle of ``n`` BBC articles from the evaluation data (if present):
  read + store + score the new articles + draw.

Also, without a browser: script-only timings through Streamlit's AppTest.

Run: ``python bench/bench_app.py [--quick]`` or through ``bench/run_all.py --only 6``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from common import BBC, EVAL_DATA, ROOT, Row, format_table

__all__ = ["bench_app", "bench_apptest"]

APP = ROOT / "app.py"
SECTION = "6"


def _bundle(data: Path, n: int) -> bytes | None:
    path = data / BBC
    if not path.exists():
        return None
    lines = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            lines.append(json.dumps({k: rec[k] for k in ("outlet", "title", "text")}))
            if len(lines) == n:
                break
    return ("\n".join(lines) + "\n").encode("utf-8")


def bench_apptest() -> list[Row]:
    """Script-only timings through AppTest (no browser, no network, no drawing)."""
    from streamlit.testing.v1 import AppTest

    os.environ["FRAMING_HOME"] = tempfile.mkdtemp(prefix="framing-bench-")
    at = AppTest.from_file(str(APP), default_timeout=300)
    rows: list[Row] = []

    def timed(metric: str, fn) -> None:  # type: ignore[no-untyped-def]
        t0 = time.perf_counter()
        fn()
        rows.append(Row(SECTION, f"AppTest: {metric}", time.perf_counter() - t0, "s"))

    timed("first run, sample story, cold caches", at.run)
    timed("rerun, everything cached", at.run)
    timed(
        "switch view to Side by side",
        at.segmented_control(key="view").set_value("Side by side").run,
    )
    timed("toggle a highlight category", at.toggle(key="sbs_cat_hedging").set_value(False).run)
    at.segmented_control(key="view").set_value("Clusters").run()
    timed(
        "change the number of clusters (re-cluster)",
        at.select_slider(key="clusters_k").set_value(4).run,
    )
    return rows


def bench_app(data: Path = EVAL_DATA, *, quick: bool = False) -> list[Row]:
    """Browser timings (skipped with a row saying why when Chromium is missing)."""
    from browser import CHROMIUM, CHROMIUM_ARGS, PLOT, RECORDER, app_server, mark, wait_render

    if not Path(CHROMIUM).exists():
        return [Row(SECTION, "dashboard latency", f"skipped: {CHROMIUM} not found")]
    from playwright.sync_api import sync_playwright

    rows: list[Row] = []
    n_upload = 5 if quick else 20
    with app_server() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.add_init_script(RECORDER)
            t0 = time.perf_counter()
            page.goto(url)
            page.locator(PLOT).nth(1).wait_for(timeout=180_000)
            page.wait_for_function(
                "() => document.querySelector('[data-testid=\"stApp\"]')"
                "?.getAttribute('data-test-script-state') === 'notRunning'",
                timeout=180_000,
            )
            rows.append(
                Row(
                    SECTION,
                    "first render, sample story (cold caches)",
                    time.perf_counter() - t0,
                    "s",
                )
            )

            t1 = time.perf_counter()
            page.reload()  # a new document: its page clock starts again at 0
            wait_render(page, 0.0, min_plots=2)
            rows.append(
                Row(SECTION, "reload: new session, warm caches", time.perf_counter() - t1, "s")
            )

            t = mark(page)
            page.get_by_role("radio", name="Side by side").click()
            rows.append(
                Row(
                    SECTION,
                    "widget: switch view to Side by side",
                    wait_render(page, t, selectors=("mark.cue",)),
                    "s",
                )
            )

            t = mark(page)
            page.get_by_text("Hedging", exact=True).first.click()
            rows.append(
                Row(SECTION, "widget: toggle a highlight category", wait_render(page, t), "s")
            )

            t = mark(page)
            page.get_by_role("radio", name="Clusters").click()
            rows.append(
                Row(
                    SECTION,
                    "widget: switch view to Clusters",
                    wait_render(page, t, min_plots=2),
                    "s",
                )
            )

            bundle = _bundle(data, n_upload)
            if bundle is None:
                rows.append(Row(SECTION, "upload", f"skipped: {data / BBC} not found"))
            else:
                page.get_by_role("radio", name="Overview").click()
                page.wait_for_timeout(500)
                page.locator("[data-testid='stSidebar'] input[type='file']").set_input_files(
                    [{"name": "bundle.jsonl", "mimeType": "application/json", "buffer": bundle}]
                )
                page.get_by_role("button", name="Add 1 file").click()
                t = mark(page)
                page.get_by_text("Added", exact=False).first.wait_for(timeout=300_000)
                rows.append(
                    Row(
                        SECTION,
                        f"upload a bundle of {n_upload} articles → overview drawn",
                        wait_render(page, t, min_plots=2, timeout=300),
                        "s",
                    )
                )
        finally:
            browser.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=EVAL_DATA)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--no-apptest", action="store_true", help="browser timings only")
    args = parser.parse_args(argv)
    rows = [] if args.no_apptest else bench_apptest()
    rows += bench_app(args.data, quick=args.quick)
    print(format_table(rows))
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())

"""Dashboard latency in a real browser: the brief's scenarios, repeated for medians.

Headless Chromium drives ``streamlit run app.py`` (127.0.0.1, a free port, a temporary
``FRAMING_HOME``). Each figure runs from the action to the full render (see
:func:`browser.wait_render`: the rerun started, ended, no skeleton left, charts drawn):

* **first render** of the sample story: a fresh server (cold caches) and a new browser
  session; then a second new session on the now warm server;
* **upload of 40 articles** (40 ``.txt`` files written from the BBC corpus) into a new
  story, from the click on "Add 40 files" to the story's overview with its charts;
* **widget change** on the analysed story: every view of the view switcher, visited once
  (first visit: clustering etc. may compute) and then again (timed);
* **one more article** added to the scored story ("This story"), to compare with the bulk
  upload: does the app score only the new article?
* **forty outlets** (the many-outlet story of ``tests/story40.py``: 40 articles, 39 outlets,
  three of them set aside) uploaded as one CSV bundle, from the click to the overview drawn;
  then every view visited twice (the second visit timed: a view switch on a cached analysis).

Rounds (a fresh server each) give medians. ``bench/bench_app.py`` (the app's own script)
measures further widgets and AppTest timings.

Run alone: ``python bench/bench_dashboard.py [--data DIR] [--quick]``.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from browser import CHROMIUM, CHROMIUM_ARGS, RECORDER, app_server, mark, wait_render
from common import BBC, EVAL_DATA, Row, format_table, median

COUNTING_APP = Path(__file__).resolve().parent / "counting_app.py"

__all__ = ["VIEWS", "bench_dashboard", "switch_view", "upload", "write_articles"]

FIRST_TARGET_S = 4.0
UPLOAD_TARGET_S = 10.0
WIDGET_TARGET_S = 0.5
UPLOAD_INPUT = "[data-testid='stSidebar'] input[type='file']"
VIEWS = ("Side by side", "Quotes and sources", "Clusters", "Actors and stance", "Data", "Overview")


def write_articles(data: Path, out: Path, n: int, *, skip: int = 0) -> list[Path]:
    """``n`` BBC articles as ``.txt`` files (title line, blank line, body) in ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    with open(data / BBC, encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i < skip:
                continue
            if len(paths) == n:
                break
            record = json.loads(line)
            path = out / f"{record.get('id', i)}.txt"
            path.write_text(f"{record['title']}\n\n{record['text']}\n", encoding="utf-8")
            paths.append(path)
    return paths


def write_story40(out: Path) -> Path | None:
    """The 40-article many-outlet story as one CSV bundle (``None`` without the data)."""
    import csv

    from tests.story40 import eval_data, story40

    if eval_data() is None:
        return None
    out.mkdir(parents=True, exist_ok=True)
    path = out / "story40.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["outlet", "title", "text", "url", "published"])
        for a in story40(40):
            writer.writerow([a.outlet, a.title, a.text, a.url, a.published])
    return path


def switch_view(page, name: str, *, timeout: float = 120) -> float:
    """Click a view in the view switcher; seconds until it has rendered."""
    t0 = mark(page)
    page.get_by_role("radio", name=name).click()
    try:
        return wait_render(page, t0, timeout=timeout)
    except Exception:
        shot = Path(tempfile.gettempdir()) / "framing-bench-failure.png"
        page.screenshot(path=str(shot), full_page=True)
        states = page.evaluate("window.__stStates.slice(-6)")
        print(f"view {name!r} did not render; states {states}; screenshot {shot}", file=sys.stderr)
        raise


def _settle(page, *, pause_ms: int = 300) -> None:
    """Let a rerun an input may have started begin and finish (not timed)."""
    page.wait_for_timeout(pause_ms)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')"
        "?.getAttribute('data-test-script-state') === 'notRunning'",
        timeout=120_000,
    )


def upload(
    page, files: list[Path], *, story: str | None, expect: int, timeout: float = 300
) -> float:
    """Upload ``files`` into a new story named ``story`` (or this story); seconds to render.

    Timed from the click on "Add N files" to the story's overview drawn (charts included)
    with the story's caption counting ``expect`` articles.
    """
    if story is not None:
        page.get_by_text("A new story", exact=True).click()
        field = page.get_by_label("New story name")
        field.wait_for(timeout=30_000)
        field.fill(story)
        field.press("Enter")  # commits the text input (a rerun)
        _settle(page)
    else:
        page.get_by_text("This story", exact=True).click()
        _settle(page)
    page.locator(UPLOAD_INPUT).set_input_files([str(p) for p in files])
    label = f"Add {len(files)} file{'s' * (len(files) != 1)}"
    add = page.get_by_role("button", name=label, exact=True)
    add.wait_for(timeout=60_000)
    _settle(page)
    t0 = mark(page)
    add.click()
    return wait_render(page, t0, min_plots=1, texts=(f"{expect} articles from",), timeout=timeout)


def _new_page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(RECORDER)
    return context, context.new_page()


def _first_render(browser, url: str) -> float:
    context, page = _new_page(browser)
    t = time.perf_counter()
    page.goto(url)
    wait_render(page, 0.0, min_plots=1, timeout=300)
    seconds = time.perf_counter() - t
    context.close()
    return seconds


def bench_dashboard(data: Path, *, quick: bool = False) -> list[Row]:
    """All scenarios; rows of medians over rounds (a fresh server per round)."""
    if not Path(CHROMIUM).exists():
        return [Row("6 dashboard", "browser scenarios", f"skipped: {CHROMIUM} not found")]
    from playwright.sync_api import sync_playwright

    rounds = 1 if quick else 3
    n_upload = 10 if quick else 40
    cold, warm, uploads, adds, many = [], [], [], [], []
    many_switches: list[float] = []
    scored_bulk, scored_one = [], []
    switches: dict[str, list[float]] = {v: [] for v in VIEWS}
    first_visit: dict[str, list[float]] = {v: [] for v in VIEWS}
    with sync_playwright() as pw, tempfile.TemporaryDirectory(prefix="framing-up-") as tmp:
        files = write_articles(data, Path(tmp) / "many", n_upload)
        extra = write_articles(data, Path(tmp) / "one", rounds, skip=n_upload)
        bundle = write_story40(Path(tmp) / "story40")
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            for r in range(rounds):
                counts = Path(tmp) / f"counts-{r}.txt"

                def scored(counts: Path = counts) -> int:
                    return int(counts.read_text() or 0) if counts.exists() else 0

                with app_server(
                    script=COUNTING_APP, env={"FRAMING_BENCH_COUNTS": str(counts)}
                ) as url:
                    cold.append(_first_render(browser, url))
                    warm.append(_first_render(browser, url))
                    context, page = _new_page(browser)
                    page.goto(url)
                    wait_render(page, 0.0, min_plots=1, timeout=300)
                    before = scored()
                    uploads.append(upload(page, files, story=f"Bulk {r}", expect=n_upload))
                    scored_bulk.append(scored() - before)
                    for view in VIEWS:
                        first_visit[view].append(switch_view(page, view))
                    for view in VIEWS:
                        switches[view].append(switch_view(page, view))
                    before = scored()
                    adds.append(upload(page, [extra[r]], story=None, expect=n_upload + 1))
                    scored_one.append(scored() - before)
                    if bundle is not None:
                        many.append(upload(page, [bundle], story=f"Forty {r}", expect=40))
                        for view in VIEWS:
                            switch_view(page, view)
                        for view in VIEWS:
                            many_switches.append(switch_view(page, view))
                    context.close()
        finally:
            browser.close()
    sec = "6 dashboard"
    all_switches = [t for ts in switches.values() for t in ts]
    rows = [
        Row(
            sec,
            "first render of the sample story, cold server",
            median(cold),
            "s",
            f"<= {FIRST_TARGET_S:.0f} s",
            median(cold) <= FIRST_TARGET_S,
        ),
        Row(sec, "first render, new session on a warm server", median(warm), "s"),
        Row(
            sec,
            f"upload {n_upload} .txt articles -> new story drawn",
            median(uploads),
            "s",
            f"<= {UPLOAD_TARGET_S:.0f} s",
            median(uploads) <= UPLOAD_TARGET_S,
        ),
        Row(
            sec,
            "view switch on the analysed story (median, all views)",
            median(all_switches),
            "s",
            f"<= {WIDGET_TARGET_S} s",
            median(all_switches) <= WIDGET_TARGET_S,
        ),
    ]
    for view in VIEWS:
        rows.append(
            Row(
                sec,
                f"  {view}: first visit / again",
                f"{median(first_visit[view]):.2f} / {median(switches[view]):.2f}",
                "s",
            )
        )
    rows.append(
        Row(
            sec,
            f"add 1 article to the scored {n_upload}-article story",
            median(adds),
            "s",
        )
    )
    rows.append(
        Row(sec, "  one-article add / bulk upload time", median(adds) / median(uploads), "x")
    )
    rows.append(
        Row(
            sec,
            "  articles scored (analyze_article calls): bulk upload / one-article add",
            f"{max(scored_bulk)} / {max(scored_one)}",
            "",
            "n / 1",
            max(scored_one) == 1,
        )
    )
    if many:
        rows += [
            Row(
                sec,
                "upload the 40-article, 39-outlet story (one CSV bundle) -> drawn",
                median(many),
                "s",
                f"<= {UPLOAD_TARGET_S:.0f} s",
                median(many) <= UPLOAD_TARGET_S,
            ),
            Row(
                sec,
                "  view switch on it, cached (median, all views)",
                median(many_switches),
                "s",
                f"<= {WIDGET_TARGET_S} s",
                median(many_switches) <= WIDGET_TARGET_S,
            ),
        ]
    else:
        rows.append(Row(sec, "40-outlet story", "skipped: development data not found"))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=EVAL_DATA)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    print(format_table(bench_dashboard(args.data, quick=args.quick)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

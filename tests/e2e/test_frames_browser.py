"""End to end: the Frames view in a real headless Chromium with 40 outlets in one story.

Uploads a CSV bundle of 40 articles (the two sample texts, each outlet adding its own closing
paragraph), opens the Frames view and checks that the chart has one labelled row per outlet,
tall enough to read, and that the sentences behind a frame are highlighted. Skips without
``/usr/bin/chromium`` (fails when ``FRAMING_CI=1``).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
N = 40
CLOSINGS = (
    "Markets fell as traders weighed the cost of sanctions and the price of oil.",
    "Lawmakers in Congress demanded a vote before the election.",
    "Families in Tehran said daily life had become a struggle.",
    "The court ruled that the order was unlawful.",
)


def _bundle() -> bytes:
    texts = [
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "data" / "sample").glob("*.txt"))
    ]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["outlet", "title", "text"])
    writer.writeheader()
    for i in range(N):
        writer.writerow(
            {
                "outlet": f"Outlet {i:02d}",
                "title": f"Report {i}",
                "text": texts[i % len(texts)] + f"\n\n{CLOSINGS[i % len(CLOSINGS)]} (Outlet {i})",
            }
        )
    return out.getvalue().encode("utf-8")


@pytest.mark.timeout(240)
def test_frames_view_at_40_outlets(server: str, playwright_api, launch, idle) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as p:
        browser = launch(p)
        try:
            page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
            page.goto(server)
            page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
            idle(page)
            uploader = page.locator("[data-testid='stSidebar'] input[type='file']")
            uploader.set_input_files(
                [{"name": "forty.csv", "mimeType": "text/csv", "buffer": _bundle()}]
            )
            add = page.get_by_role("button", name="Add 1 file")
            add.wait_for(timeout=20_000)
            add.click()
            page.get_by_text(f"Added {N} articles", exact=False).wait_for(timeout=120_000)
            idle(page, timeout_ms=120_000)
            # copies of the two sample texts are near-duplicates: set aside by default
            page.get_by_text("Include set-aside articles").click()
            idle(page, timeout_ms=120_000)

            page.get_by_role("radio", name="Frames").click()
            chart = page.locator(".js-plotly-plot").first
            chart.wait_for(timeout=120_000)
            idle(page, timeout_ms=120_000)
            labels = chart.locator(".ytick text").all_text_contents()
            for i in range(N):
                assert f"Outlet {i:02d}" in labels, i
            box = chart.bounding_box()
            assert box is not None and box["height"] >= N * 20  # a readable row per outlet
            assert page.locator("[data-testid='stAlertContentError']").count() == 0
            page.locator("mark.cue-frames").first.wait_for(timeout=30_000)
            page.screenshot(path=str(ARTIFACTS / "frames-40.png"), full_page=True)
        finally:
            browser.close()

"""End to end: the real server in a real headless Chromium, used as a reporter would.

Starts ``streamlit run app.py`` on a free port with a fresh workspace, waits for the sample
story, uploads an HTML page, a PDF and a CSV bundle (made here), checks the new outlets,
downloads a chart PNG and the CSV of its data, and saves screenshots in
``tests/e2e/artifacts/``. Without ``/usr/bin/chromium`` the test skips, unless
``FRAMING_CI=1``, where a missing browser fails.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SAMPLE_OUTLETS = ("000 · Steps In", "003 · Keeps Distance")
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

HTML_PAGE = b"""<!doctype html><html><head><meta charset="utf-8">
<title>Talks resume in Geneva | Harbour Herald</title>
<meta property="og:site_name" content="Harbour Herald"></head>
<body><nav>Home | World | Sport</nav><article><h1>Talks resume in Geneva</h1>
<p>Diplomats reportedly returned to Geneva on Tuesday, and officials said the talks may
continue for several days. The foreign minister described the atmosphere as constructive.</p>
<p>Critics slammed the slow pace, calling the delays a devastating blow to the region.
A spokesman said both sides appear willing to compromise on the key questions.</p>
<p>Observers cautioned that any agreement could still collapse, and analysts suggested the
coming week would be decisive for the negotiations.</p></article>
<footer>Copyright Harbour Herald</footer></body></html>"""

PDF_TEXT = (
    "Geneva talks stall again. Negotiators allegedly walked out on Wednesday after a bitter "
    "dispute, sources said. The minister claimed the other side had deliberately sabotaged "
    "the process, while observers warned the collapse could be catastrophic for the region. "
    "Officials appear to be preparing for another round next month."
)

BUNDLE_ROWS = [
    {
        "outlet": "Bundle Daily",
        "title": "Progress in Geneva",
        "text": "Delegates said on Thursday that progress had been made. The talks may resume "
        "next week, officials reportedly said, and both sides welcomed the calm tone.",
    },
    {
        "outlet": "Bundle Post",
        "title": "Geneva farce continues",
        "text": "The shambolic talks lurched from one disaster to the next. Furious critics "
        "slammed the negotiators, who admitted that nothing had been achieved.",
    },
]


def _bundle_csv() -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["outlet", "title", "text"])
    writer.writeheader()
    writer.writerows(BUNDLE_ROWS)
    return out.getvalue().encode("utf-8")


@pytest.mark.timeout(120)
def test_reporter_session(server: str, playwright_api, launch, idle) -> None:  # type: ignore[no-untyped-def]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as p:
        browser = launch(p)
        try:
            ctx = browser.new_context(
                viewport={"width": 1400, "height": 1000}, accept_downloads=True
            )
            page = ctx.new_page()

            # 1. the sample story shows at once
            page.goto(server)
            page.get_by_text("Stance on", exact=False).first.wait_for(timeout=60_000)
            page.locator(".js-plotly-plot").nth(1).wait_for(timeout=60_000)
            idle(page)
            main = page.locator("[data-testid='stMain']")
            for outlet in SAMPLE_OUTLETS:
                assert main.get_by_text(outlet, exact=True).count() >= 1
            assert page.locator(".js-plotly-plot").count() >= 2
            page.screenshot(path=str(ARTIFACTS / "overview.png"))

            # 2. upload an HTML page, a PDF and a CSV bundle
            pdf_page = ctx.new_page()
            pdf_page.set_content(
                f"<title>Geneva talks stall</title><h1>Geneva talks stall</h1><p>{PDF_TEXT}</p>"
            )
            pdf = pdf_page.pdf()
            pdf_page.close()
            assert pdf.startswith(b"%PDF")
            uploader = page.locator("[data-testid='stSidebar'] input[type='file']")
            uploader.set_input_files(
                [
                    {"name": "harbour-herald.html", "mimeType": "text/html", "buffer": HTML_PAGE},
                    {"name": "valley-courier.pdf", "mimeType": "application/pdf", "buffer": pdf},
                    {"name": "bundle.csv", "mimeType": "text/csv", "buffer": _bundle_csv()},
                ]
            )
            add = page.get_by_role("button", name="Add 3 files")
            add.wait_for(timeout=20_000)
            add.click()
            page.get_by_text("Added 4 articles", exact=False).wait_for(timeout=60_000)
            idle(page)
            errors = page.locator("[data-testid='stAlertContentError']")
            assert errors.count() == 0, errors.all_inner_texts()
            text = main.inner_text()
            for outlet in ("Bundle Daily", "Bundle Post", "valley-courier"):
                assert outlet in text, outlet
            assert "Harbour Herald" in text or "harbour-herald" in text
            page.screenshot(path=str(ARTIFACTS / "after-upload.png"))
            # the short uploads are set aside (named in the banner); one switch compares them
            banner = page.locator("[data-testid='stAlert']").filter(has_text="set aside").first
            assert "Bundle Daily" in banner.inner_text()
            page.get_by_text("Include set-aside articles", exact=True).click()
            idle(page)

            # 3. download the first chart as PNG (server-side, 2x) and the CSV of its data
            page.locator("[data-testid='stPopoverButton']").first.click()
            csv_button = page.get_by_role("button", name="Data plotted (CSV)")
            csv_button.wait_for(timeout=10_000)
            with page.expect_download(timeout=30_000) as dl:
                csv_button.click()
            rows = list(csv.DictReader(io.StringIO(Path(dl.value.path()).read_text("utf-8-sig"))))
            assert rows and {"Outlet", "Value"} <= set(rows[0])  # readable headers
            assert {r["Outlet"] for r in rows} >= {*SAMPLE_OUTLETS, "Bundle Daily"}
            png_button = page.get_by_role("button", name="Image (PNG, 2×)")
            with page.expect_download(timeout=60_000) as dl:
                png_button.click()
            png = Path(dl.value.path()).read_bytes()
            assert png.startswith(PNG_MAGIC)
            assert dl.value.suggested_filename.endswith(".png")
            page.keyboard.press("Escape")

            # 4. the side-by-side view highlights cues
            page.get_by_role("radio", name="Side by side").click()
            page.locator("mark.cue").first.wait_for(timeout=30_000)
            idle(page)
            page.screenshot(path=str(ARTIFACTS / "side-by-side.png"))
        finally:
            browser.close()

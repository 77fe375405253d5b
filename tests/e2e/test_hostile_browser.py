"""End to end: script-injection payloads in uploads never run in a real browser.

Starts the app on a free port with a fresh workspace, uploads a CSV bundle and a text file
whose article text, title and outlet name carry ``<script>``, ``<img onerror>``,
``javascript:`` links and ``<style>`` payloads that would set ``window.__xss`` or hide the
page, then checks the side-by-side view, the quotes view, the highlight tooltips and the
exported HTML report (downloaded and opened from a ``file://`` URL): no dialog opens,
``window.__xss`` stays undefined, no injected element exists, and the payload text is shown
literally. Without ``/usr/bin/chromium`` the test skips, unless ``FRAMING_CI=1``.
"""

from __future__ import annotations

import csv
import io

import pytest

pytestmark = pytest.mark.e2e

SCRIPT = "<script>window.__xss=1</script>"
IMG = '<img src=x onerror="window.__xss=1">'
LINK = '<a href="javascript:window.__xss=1">link</a>'
STYLE = "<style>body{display:none}</style>"
PAYLOADS = (SCRIPT, IMG, LINK, STYLE)
EVIL_OUTLET = f"Evil {IMG} News"
ROWS = [
    {
        "outlet": EVIL_OUTLET,
        "title": f"{SCRIPT} Talks collapse {STYLE}",
        "text": (
            f"Officials reportedly said {LINK} the talks may fail on Monday. "
            f"Critics slammed the brutal delay {IMG} in Geneva. "
            f'"We may walk out {SCRIPT} tonight," the minister said. '
            f"Observers warned {STYLE} that the collapse could be devastating."
        ),
    },
    {
        "outlet": "Calm Courier",
        "title": f"Talks continue {LINK}",
        "text": "Delegates said on Thursday that progress had been made. The talks may "
        "resume next week, officials reportedly said, and both sides welcomed the calm tone.",
    },
]
TXT = (
    f"{SCRIPT} Harbour headline\n"
    f"Diplomats reportedly returned {IMG} to Geneva. A spokesman said {LINK} the talks may "
    f"continue {STYLE} for several days, and critics slammed the slow pace."
).encode()
# elements an injected payload would create inside our rendered HTML
INJECTED = "script:not([src]), img, a[href^='javascript'], style"


def _bundle() -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["outlet", "title", "text"])
    writer.writeheader()
    writer.writerows(ROWS)
    return out.getvalue().encode("utf-8")


def _assert_clean(page, where: str) -> None:  # type: ignore[no-untyped-def]
    assert page.evaluate("typeof window.__xss") == "undefined", f"{where}: a payload ran"
    display = page.evaluate("getComputedStyle(document.body).display")
    assert display != "none", f"{where}: a <style> payload hid the page"


@pytest.mark.timeout(180)
def test_payloads_show_as_text_and_never_run(
    server: str, playwright_api, launch, idle, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    dialogs: list[str] = []
    with playwright_api.sync_playwright() as p:
        browser = launch(p)
        try:
            ctx = browser.new_context(
                viewport={"width": 1400, "height": 1000}, accept_downloads=True
            )
            ctx.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page = ctx.new_page()
            page.goto(server)
            page.get_by_text("Stance on", exact=False).first.wait_for(timeout=60_000)
            idle(page)

            # 1. upload the payloads into a new story
            uploader = page.locator("[data-testid='stSidebar'] input[type='file']")
            uploader.set_input_files(
                [
                    {"name": "evil.csv", "mimeType": "text/csv", "buffer": _bundle()},
                    {"name": "harbour.txt", "mimeType": "text/plain", "buffer": TXT},
                ]
            )
            page.get_by_role("button", name="Add 2 files").wait_for(timeout=20_000)
            page.get_by_text("A new story").click()
            page.get_by_label("New story name").fill("Hostile")
            page.get_by_label("New story name").press("Enter")
            page.get_by_role("button", name="Add 2 files").click()
            page.get_by_text("Added 3 articles", exact=False).wait_for(timeout=60_000)
            idle(page)
            _assert_clean(page, "overview")
            main = page.locator("[data-testid='stMain']")
            assert EVIL_OUTLET in main.inner_text()  # the outlet name, literally
            # the payload articles are short (set aside by default): compare them all
            page.get_by_text("Include set-aside articles", exact=True).click()
            idle(page)
            _assert_clean(page, "overview, all articles")

            # 2. side by side: literal text, no injected element, literal tooltips
            page.get_by_role("radio", name="Side by side").click()
            page.locator(".article mark.cue").first.wait_for(timeout=30_000)
            idle(page)
            _assert_clean(page, "side by side")
            articles = page.locator(".article")
            shown = "\n".join(articles.all_inner_texts())
            for payload in PAYLOADS:
                assert payload in shown, payload
            assert page.locator(f".article :is({INJECTED})").count() == 0
            titles = [
                m.get_attribute("title") or "" for m in page.locator(".article mark.cue").all()
            ]
            assert titles and all(t for t in titles)
            assert any(t.startswith("quote · ") for t in titles)
            # a quote highlight spans the script payload: its text is inside the <mark>, literally
            quote_text = page.locator("mark.cue-quote").filter(has_text=SCRIPT)
            assert quote_text.count() >= 1
            heads = main.inner_text()
            assert f"{SCRIPT} Talks collapse {STYLE}" in heads  # the title, literally

            # 3. quotes view: highlighted sentence cards show the text literally
            page.get_by_role("radio", name="Quotes and sources").click()
            page.get_by_text("Highlighted sentences").wait_for(timeout=30_000)
            idle(page)
            _assert_clean(page, "quotes")
            cards = "\n".join(page.locator(".sentence-card").all_inner_texts())
            assert SCRIPT in cards or IMG in cards, cards[:500]
            assert page.locator(f".sentence-card :is({INJECTED})").count() == 0

            # 4. the exported HTML report, opened from disk
            page.get_by_role("radio", name="Data").click()
            button = page.get_by_role("button", name="Self-contained HTML report")
            button.wait_for(timeout=60_000)
            idle(page)
            with page.expect_download(timeout=60_000) as dl:
                button.click()
            assert dl.value.suggested_filename == "Hostile-report.html"
            report = tmp_path / "report.html"
            dl.value.save_as(report)
            source = report.read_text("utf-8")
            for payload in PAYLOADS:
                assert payload not in source, payload  # only escaped in the file
            doc = ctx.new_page()
            doc.goto(report.as_uri())
            doc.wait_for_load_state("load")
            _assert_clean(doc, "report")
            body = doc.locator("body").inner_text()
            assert EVIL_OUTLET in body and f"{SCRIPT} Talks collapse {STYLE}" in body
            # plotly's own scripts live in the report; nothing else may
            assert doc.locator("body :is(img, a[href^='javascript'])").count() == 0
            injected = doc.evaluate(
                """() => [
                    ...[...document.querySelectorAll('style')]
                        .filter(e => e.textContent.includes('body{display:none}')),
                    ...[...document.querySelectorAll('script')]  // chart data is JSON-escaped
                        .filter(e => /<script>window|onerror="window|href="javascript:window/
                            .test(e.textContent)),
                ].map(e => e.tagName)"""
            )
            assert injected == []
            assert not dialogs, dialogs
        finally:
            browser.close()

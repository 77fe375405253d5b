"""The PDF report: the HTML report with static chart images, printed on A4 by the same
Chromium the image export uses (headless, DevTools ``Page.printToPDF`` through
``choreographer``, which kaleido already depends on), with page numbers at the foot.
"""

from __future__ import annotations

import asyncio
import base64
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from framing.report.context import ChartContext
from framing.report.html import html_report
from framing.report.images import chart_image, find_browser, kaleido_available

__all__ = ["PDF_TIMEOUT", "html_to_pdf", "pdf_report"]

PDF_TIMEOUT = 120.0  # seconds for the browser to start, load the page and print it
_FOOTER = (
    '<div style="font-size:8px;width:100%;padding:0 14mm;color:#555;'
    'font-family:system-ui,sans-serif;display:flex;justify-content:space-between">'
    '<span class="title"></span>'
    '<span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>'
)


async def _print(path: Path, browser: str, timeout: float) -> bytes:
    import choreographer

    async def run() -> bytes:
        async with choreographer.Browser(path=browser, headless=True) as chrome:
            tab = await chrome.create_tab("")
            await tab.send_command("Page.enable")
            loaded = tab.subscribe_once("Page.loadEventFired")
            await tab.send_command("Page.navigate", params={"url": path.as_uri()})
            await loaded
            reply = await tab.send_command(
                "Page.printToPDF",
                params={
                    "printBackground": True,
                    "preferCSSPageSize": True,
                    "displayHeaderFooter": True,
                    "headerTemplate": "<span></span>",
                    "footerTemplate": _FOOTER,
                },
            )
            if "error" in reply:
                raise RuntimeError(f"the browser could not print: {reply['error']}")
            return base64.b64decode(reply["result"]["data"])

    return await asyncio.wait_for(run(), timeout)


def html_to_pdf(document: str, *, timeout: float = PDF_TIMEOUT) -> bytes:
    """Print an HTML document to PDF (A4, page numbers) in headless Chromium.

    Raises
    ------
    RuntimeError
        No browser (the image export's message), or the browser failed or passed ``timeout``.
    """
    ok, reason = kaleido_available()
    browser = find_browser() if ok else None
    if not browser:
        raise RuntimeError(reason)
    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="framing-pdf-") as folder:
        page = Path(folder) / "report.html"
        page.write_text(document, encoding="utf-8")

        def work() -> None:  # a thread of its own: the caller may already run an event loop
            try:
                result["pdf"] = asyncio.run(_print(page, browser, timeout))
            except BaseException as err:  # handed to the caller below
                result["error"] = err

        worker = threading.Thread(target=work, daemon=True, name="framing-pdf")
        started = time.monotonic()
        worker.start()
        worker.join(timeout + 15)
        if worker.is_alive():
            raise RuntimeError(f"no PDF after {timeout:.0f} s")
    if "error" in result:
        err = result["error"]
        # a time-out while the browser starts surfaces as the driver's own error
        if isinstance(err, TimeoutError) or time.monotonic() - started >= timeout:
            raise RuntimeError(f"no PDF after {timeout:.0f} s") from err
        raise RuntimeError(f"the PDF could not be printed: {err}") from err
    return result["pdf"]


def pdf_report(*, timeout: float = PDF_TIMEOUT, **kwargs: Any) -> bytes:
    """The report as a PDF: same content as :func:`framing.report.html_report` (same
    keyword arguments), charts as static PNGs with their context, A4 with page numbers.

    Raises
    ------
    RuntimeError
        Chromium missing or failing (the same message as the image export), or too slow.
    """
    ok, reason = kaleido_available()
    if not ok:
        raise RuntimeError(reason)
    ctx = kwargs.get("context") or ChartContext(story=str(kwargs.get("story", "")))
    charts = list(kwargs.get("charts", ()))
    images = {i: chart_image(c, "png", context=ctx) for i, c in enumerate(charts)}
    document = html_report(**{**kwargs, "images": images})
    return html_to_pdf(document, timeout=timeout)

"""Forty articles on one story in a real browser: every view stays readable and honest.

The story comes from the development data (:func:`tests.story40.story40`: 36 AllSides
excerpts, one outlet twice, a Portuguese and a Spanish article, one wire story under two
outlet names). It is added to the running server's workspace through the store, as an upload
would, and opened by its address (``?story=…&view=…&focus=…``). In every view: no exception, no
chart taller than 1,600 px, no text column narrower than 140 px; the set-aside articles are
named in the banner and absent from the findings. Skips when the development data is absent
(it is present in CI).
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pandas as pd
import pytest

from framing.comparison import comparison_set
from framing.quality import quality_flags
from framing.sentences import count_words
from framing.store import DB_NAME, Store
from tests.story40 import STORY, require_story40, story40

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

VIEWS = ["Overview", "Side by side", "Quotes and sources", "Clusters", "Actors and stance", "Data"]
MAX_CHART_PX = 1600
MIN_TEXT_COLUMN_PX = 140
VIEWPORT = {"width": 1400, "height": 1000}

CHART_HEIGHTS = """() => [...document.querySelectorAll('.js-plotly-plot')]
    .map(e => Math.round(e.getBoundingClientRect().height))"""
# layout columns and the panels of an HTML grid that hold text, with their widths
TEXT_COLUMNS = """() => {
    const cells = [...document.querySelectorAll('[data-testid="stColumn"]')];
    for (const g of document.querySelectorAll('[data-testid="stHtml"] div')) {
        if (getComputedStyle(g).display === 'grid') cells.push(...g.children);
    }
    return cells.filter(e => e.innerText.trim().length > 0 && e.offsetParent !== null)
        .map(e => [Math.round(e.getBoundingClientRect().width), e.innerText.trim().slice(0, 40)]);
}"""
FINDINGS = """() => {
    const h = [...document.querySelectorAll('h3')].find(e => e.textContent.includes('What stands out'));
    const block = h && h.closest('[data-testid="stVerticalBlock"]');
    return block ? block.textContent : null;
}"""
BANNER = """() => [...document.querySelectorAll('[data-testid="stAlert"]')]
    .map(e => e.textContent).filter(t => t.includes('set aside')).join('\\n')"""


def _set_aside(articles) -> list[str]:  # type: ignore[no-untyped-def]
    """Labels the comparison set leaves out (from the quality flags alone: no scoring)."""
    flags = quality_flags(articles)
    table = pd.DataFrame(
        {
            "article_id": [a.id for a in articles],
            "outlet": [a.outlet for a in articles],
            "title": [a.title for a in articles],
            "published": [a.published for a in articles],
            "n_words": [count_words(a.text) for a in articles],
            "flags": [";".join(flags.get(a.id, [])) for a in articles],
        }
    )
    cs = comparison_set(table)
    return list(cs.loc[~cs["included"].astype(bool), "label"])


@pytest.mark.timeout(900)
def test_forty_outlets_every_view(  # type: ignore[no-untyped-def]
    server: str, framing_home: Path, playwright_api, launch, idle
) -> None:
    require_story40()
    articles = story40(40)
    aside = _set_aside(articles)
    assert len(aside) >= 3  # two not English, one copy of the wire story
    Store(framing_home / DB_NAME).add_articles(STORY, articles)
    kept = [a.outlet for a in articles if a.outlet not in {x.split(" · ")[0] for x in aside}]
    focus = kept[:2]
    with playwright_api.sync_playwright() as p:
        browser = launch(p)
        try:
            page = browser.new_page(viewport=VIEWPORT)
            for view in VIEWS:
                query = urllib.parse.urlencode(
                    {"story": STORY, "view": view, "focus": focus}, doseq=True
                )
                page.goto(f"{server}/?{query}")
                idle(page, timeout_ms=600_000)
                assert page.locator('[data-testid="stException"]').count() == 0, view
                heights = page.evaluate(CHART_HEIGHTS)
                assert all(h <= MAX_CHART_PX for h in heights), (view, heights)
                narrow = [c for c in page.evaluate(TEXT_COLUMNS) if c[0] < MIN_TEXT_COLUMN_PX]
                assert not narrow, (view, narrow)
                banner = page.evaluate(BANNER)
                for label in aside:  # named in the banner on every view
                    assert label in banner, (view, label, banner)
                if view == "Overview":
                    assert page.evaluate(CHART_HEIGHTS), "the overview draws its charts"
                    findings = page.evaluate(FINDINGS)
                    assert findings, "the overview lists findings"
                    for label in aside:
                        assert label not in findings, (label, findings)
                    # the focus outlets come back from the address
                    for outlet in focus:
                        assert page.get_by_text(outlet, exact=True).count() > 0
            # a story picked in the sidebar goes into the address: a reload keeps it
            page.goto(server)
            idle(page, timeout_ms=600_000)
            page.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']").first.click()
            page.get_by_role("option", name=STORY, exact=False).first.click()
            idle(page, timeout_ms=600_000)
            assert urllib.parse.quote_plus(STORY)[:20] in page.url.replace("%20", "+")
            page.reload()
            idle(page, timeout_ms=600_000)
            heading = page.locator("[data-testid='stMain'] h2").first.inner_text()
            assert heading.startswith(STORY[:20]), heading

            # the outlet grain from the address: one row per outlet, the same checks
            query = urllib.parse.urlencode({"story": STORY, "view": "Overview", "grain": "outlets"})
            page.goto(f"{server}/?{query}")
            idle(page, timeout_ms=600_000)
            assert page.locator('[data-testid="stException"]').count() == 0
            heights = page.evaluate(CHART_HEIGHTS)
            assert heights and all(h <= MAX_CHART_PX for h in heights), heights
            grain = page.locator("[data-testid='stButtonGroup']").filter(has_text="outlets")
            assert grain.get_by_role("radio", name="outlets").is_checked()
        finally:
            browser.close()

"""Every export opened and read back: charts with their context (PNG size, SVG text), the HTML
report parsed, the PDF (pypdf), the Word report (python-docx) and the workbook (openpyxl), on
the sample story and on a synthetic 40-article story built here (no external data)."""

from __future__ import annotations

import io
import os
import re
import zipfile
from html.parser import HTMLParser

import numpy as np
import openpyxl
import pandas as pd
import pytest

from framing import charts, report
from framing.models import (
    ACTOR_COLUMNS,
    ARTICLE_COLUMNS,
    COVERAGE_COLUMNS,
    QUOTE_COLUMNS,
    SENTENCE_COLUMNS,
    STANCE_COLUMNS,
    ClusterSettings,
    Settings,
)

STORY = "Floods in the valley"


# ---- the two stories ----------------------------------------------------------------------


def story_40() -> dict[str, pd.DataFrame]:
    """A 40-article story as tables (outlet 7 has two articles; dates over a week)."""
    rng = np.random.default_rng(7)
    rows, stance, cov, actors, quotes, sents = [], [], [], [], [], []
    for i in range(40):
        outlet = f"Outlet {min(i, 38):02d} News"
        aid = f"a{i:02d}"
        row = dict.fromkeys(ARTICLE_COLUMNS, "")
        row.update(
            article_id=aid,
            story=STORY,
            outlet=outlet,
            title=f"Headline number {i} about the floods",
            url=f"https://news{i}.example.org/floods/{i}",
            published=f"2026-03-{3 + i % 7:02d}",
            n_words=int(rng.integers(200, 2000)),
            n_sentences=20,
            quote_share=float(rng.random() / 3),
            n_quotes=3,
            n_scare_quotes=1,
            flags="",
        )
        for m in ("hedge_rate", "intensity_rate", "loaded_verb_rate"):
            v = float(rng.random() * 4)
            row.update({m: v, f"{m}_lo": v * 0.6, f"{m}_hi": v * 1.4})
        s = float(rng.uniform(-0.5, 0.3))
        row.update(sentiment_mean=s, sentiment_mean_lo=s - 0.1, sentiment_mean_hi=s + 0.1)
        rows.append(row)
        p = float(rng.uniform(-1, 1))
        stance.append(
            [aid, outlet, "aid", "distance", "support", p, p - 0.2, p + 0.2, 2, 3, "help"]
        )
        for c in range(6):
            share = float(rng.random() / 3)
            cov.append(
                [
                    outlet,
                    c,
                    f"cluster {c} words",
                    3,
                    40,
                    share,
                    0.16,
                    share / 0.16,
                    share < 0.03,
                    0.1,
                    0.5,
                    0.0,
                ]
            )
        actors.append([aid, outlet, "Mayor", "person", False, 3, 0.2, 0.1, 2, 0.0, 1])
        quotes.append(
            [
                aid,
                outlet,
                f"q{i}",
                0,
                10,
                "We are safe",
                3,
                "the mayor",
                "Mayor",
                "said",
                "neutral",
                "0",
                "quotation",
            ]
        )
        for j in range(3):
            srow = dict.fromkeys(SENTENCE_COLUMNS, 0)
            srow.update(
                article_id=aid,
                story=STORY,
                outlet=outlet,
                sent_id=j,
                start=0,
                end=10,
                text=f"Sentence {j}.",
                n_words=2,
                is_heading=False,
                is_quote=False,
                hedge=float(j % 2),
                intensity=float(j),
            )
            sents.append(srow)
    return {
        "articles": pd.DataFrame(rows, columns=ARTICLE_COLUMNS),
        "stance": pd.DataFrame(stance, columns=STANCE_COLUMNS),
        "coverage": pd.DataFrame(cov, columns=COVERAGE_COLUMNS),
        "actors": pd.DataFrame(actors, columns=ACTOR_COLUMNS),
        "quotes": pd.DataFrame(quotes, columns=QUOTE_COLUMNS),
        "sentences": pd.DataFrame(sents, columns=SENTENCE_COLUMNS),
    }  # fmt: skip


@pytest.fixture(scope="module")
def sample():
    from framing.clusters import cluster
    from framing.ingest import load_sample
    from framing.pipeline import analyze

    articles = load_sample()
    result = analyze(articles, Settings(bootstrap=200))
    sc = cluster(result, ClusterSettings())
    return articles[0].story or "Sample", result, sc


def _sample_charts(sample) -> tuple[list, report.ChartContext]:
    story, r, sc = sample
    items = charts.all_charts(articles=r.articles, stance=r.stance, coverage=sc.coverage,
                              actors=r.actors, quotes=r.quotes, sentences=r.sentences)  # fmt: skip
    return items, report.chart_context(
        r.articles, story=story, set_aside=["Wire copy (near-duplicate)"]
    )


def _charts_40() -> tuple[list, report.ChartContext]:
    t = story_40()
    return charts.all_charts(**t), report.chart_context(t["articles"], story=STORY)


def _report_args(sample) -> dict:
    from framing.findings import findings

    story, r, sc = sample
    items, ctx = _sample_charts(sample)
    aside = pd.DataFrame([{"outlet": "Wire copy", "title": "Floods", "reason": "near-duplicate",
                           "url": "https://wire.example.org/x"}])  # fmt: skip
    arts = r.articles.assign(url=["https://one.example.org/a?b=1&c=2", "javascript:alert(1)"])
    return {"story": story, "articles": arts, "charts": items, "context": ctx,
            "findings": findings(r.articles, r.stance, sc.coverage), "set_aside": aside,
            "alignments": sc.alignments, "sentences": r.sentences, "cues": r.cues}  # fmt: skip


def _need_browser() -> None:
    ok, reason = report.kaleido_available()
    if not ok:
        if os.environ.get("FRAMING_CI"):
            pytest.fail(reason)
        pytest.skip(f"server-side export unavailable: {reason}")


# ---- chart context (no browser) -----------------------------------------------------------


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        (["2026-03-03", "2026-03-05"], "3–5 Mar 2026"),
        (["2026-03-03", "2026-03-03T10:00:00Z"], "3 Mar 2026"),
        (["2026-02-27", "2026-03-02"], "27 Feb – 2 Mar 2026"),
        (["2025-12-30", "2026-01-02"], "30 Dec 2025 – 2 Jan 2026"),
        (["", "not a date"], ""),
    ],
)
def test_chart_context_date_range(published, expected):
    arts = pd.DataFrame({"outlet": ["A", "B"], "published": published})
    assert report.chart_context(arts, story="S").date_range == expected


def test_chart_context_names_the_comparison_and_provenance():
    aside = pd.DataFrame({"outlet": ["C", "D"], "reason": ["not English", "very short"]})
    ctx = report.chart_context(story_40()["articles"], story=STORY, set_aside=aside)
    assert ctx.compared() == "40 articles from 39 outlets"
    assert ctx.set_aside == ("C (not English)", "D (very short)")
    assert "set aside: C (not English); D (very short)" in ctx.subtitle()
    assert re.fullmatch(
        r"framing \S+ · analysed \d{4}-\d\d-\d\d · 95% bootstrap intervals · "
        r"how it is measured: docs/measures.md",
        ctx.source_line(),
    )
    many = report.chart_context(
        None, story="S", set_aside=[f"Outlet {i} (duplicate)" for i in range(9)]
    )
    assert "9 articles set aside" in many.subtitle()


def _fonts(node, out: list) -> list:
    if isinstance(node, dict):
        for k, v in node.items():
            if (
                k.endswith("font")
                and isinstance(v, dict)
                and isinstance(v.get("size"), int | float)
            ):
                out.append(v["size"])
            _fonts(v, out)
    elif isinstance(node, list):
        for v in node:
            _fonts(v, out)
    return out


@pytest.mark.parametrize("which", ["sample", "forty"])
def test_with_context_titles_every_chart_and_reads_at_11_pt(which, sample):
    items, ctx = _sample_charts(sample) if which == "sample" else _charts_40()
    for chart in items:
        before = chart.figure.to_json()
        for export in (False, True):
            out = report.with_context(chart, ctx, export=export)
            fig = out.figure
            assert out.name == chart.name and out.data is chart.data
            title = fig.layout.title.text.replace("<br>", " ")
            assert ctx.story.replace("'", "&#x27;")[:20] in title or ctx.story[:20] in title
            assert ctx.compared() in fig.layout.title.subtitle.text
            (source,) = [a for a in fig.layout.annotations if a.name == "source-line"]
            assert "docs/measures.md" in source.text and source.y < 0
            assert fig.layout.margin.b > (chart.figure.layout.margin.b or 0)
            assert fig.layout.height > (chart.figure.layout.height or 0)
            if export:
                assert fig.layout.width == report.EXPORT_WIDTH
                # a 720 px chart placed at 16 cm: every font at least 11 pt
                assert min(_fonts(fig.to_dict(), [])) * 453.5 / report.EXPORT_WIDTH >= 11
        assert chart.figure.to_json() == before  # the cached chart is left alone


def test_chart_csv_is_the_data_plotted_with_readable_headers(sample):
    items, _ = _sample_charts(sample)
    for chart in items:
        back = pd.read_csv(io.BytesIO(report.chart_csv(chart)), encoding="utf-8-sig")
        assert len(back) == len(chart.data)
        assert list(back.columns) == list(report.readable(chart.data, table=chart.name).columns)
        assert not any("_" in c for c in back.columns), list(back.columns)
    profile = next(c for c in items if c.name == "profile")
    back = pd.read_csv(io.BytesIO(report.chart_csv(profile)), encoding="utf-8-sig")
    assert {"Measure", "Unit", "Value", "95% low", "95% high"} <= set(back.columns)
    assert back["Value"].tolist() == pytest.approx(profile.data["value"].tolist(), nan_ok=True)


# ---- HTML ---------------------------------------------------------------------------------


class _Doc(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict]] = []
        self.tables: list[tuple[dict, list[str]]] = []  # attrs, enclosing classes
        self.links: list[str] = []
        self.ids: list[str] = []
        self.styles: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self.tables.append((a, [s[1].get("class", "") for s in self.stack]))
        if tag == "a":
            self.links.append(a.get("href", ""))
        if a.get("id"):
            self.ids.append(a["id"])
        if a.get("style"):
            self.styles.append(a["style"])
        if tag not in {"br", "img", "meta", "input", "hr", "link"}:
            self.stack.append((tag, a))

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop()[0] != tag:
            pass


def test_html_report_lists_articles_with_links_methods_and_fits_the_page(sample):
    args = _report_args(sample)
    out = report.html_report(**args)
    doc = _Doc()
    doc.feed(out)
    assert {"findings", "articles", "profiles", "charts", "passages", "methods"} <= set(doc.ids)
    assert "https://one.example.org/a?b=1&c=2" in doc.links
    assert "https://wire.example.org/x" in doc.links  # set-aside articles are listed too
    assert not any(link.startswith("javascript") for link in doc.links)
    assert "no: near-duplicate" in out
    for attrs, parents in doc.tables:  # every table wraps, inside a box that scrolls
        assert "scroll" in parents[-1] and "width" not in attrs
    assert not [s for s in doc.styles if re.search(r"width:\s*\d{4,}px", s)]
    assert not re.search(r"table[^{]*\{[^}]*\bwidth:\s*\d+px", report.html.REPORT_CSS)
    assert "@page { size: A4" in out and "@media print" in out
    assert "Agreement with people" in out and "0.58" in out  # the README's hedging F1
    assert "tell the same part of the story" in out
    assert not re.search(r">similarity \d\.\d\d<", out)
    assert out.count("Plotly.newPlot") == len(args["charts"])
    assert "docs/measures.md" in out  # every chart carries its source line


# ---- images, PDF, DOCX (need Chromium) ----------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("which", ["sample", "forty"])
def test_exported_images_carry_context_and_stay_under_3000_px(which, sample):
    _need_browser()
    items, ctx = _sample_charts(sample) if which == "sample" else _charts_40()
    data = report.figures_zip(items, context=ctx)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for chart in items:
            png = zf.read(report.safe_filename(chart.name, "png"))
            width, height = (int.from_bytes(png[i : i + 4], "big") for i in (16, 20))
            assert png.startswith(b"\x89PNG")
            assert width >= report.EXPORT_WIDTH  # never below 1 px per layout px: legible
            if (chart.figure.layout.height or 0) <= 1600:  # the charts' own height limit
                assert height <= report.MAX_EXPORT_PX, (chart.name, height)
            svg = zf.read(report.safe_filename(chart.name, "svg")).decode("utf-8")
            assert "docs/measures.md" in svg and "bootstrap intervals" in svg
            assert ctx.compared() in svg


@pytest.mark.slow
def test_pdf_report_has_pages_numbers_and_content(sample):
    _need_browser()
    from pypdf import PdfReader

    args = _report_args(sample)
    pdf = report.pdf_report(**args)
    reader = PdfReader(io.BytesIO(pdf))
    n = len(reader.pages)
    assert n >= 3
    text = "\n".join(p.extract_text() for p in reader.pages)
    for needle in ("Findings", "Articles", "Methods", "Agreement with people", f"page 1 of {n}"):
        assert needle in text, needle
    assert args["story"][:20] in text
    box = reader.pages[0].mediabox  # A4 in points
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    images = sum(len(p.images) for p in reader.pages)
    assert images >= len(args["charts"])


def test_pdf_report_without_a_browser_says_what_the_image_export_says(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    with pytest.raises(RuntimeError, match="camera button"):
        report.pdf_report(story="S", articles=pd.DataFrame(), charts=[], findings=[])


@pytest.mark.slow
def test_docx_report_has_headings_images_and_the_article_table(sample):
    _need_browser()
    import docx

    args = _report_args(sample)
    document = docx.Document(io.BytesIO(report.docx_report(**args)))
    headings = [
        p.text for p in document.paragraphs if p.style.name.startswith(("Heading", "Title"))
    ]
    for h in ("Findings", "Articles", "Outlet profiles", "Charts", "Side by side", "Methods"):
        assert h in headings
    assert len(document.inline_shapes) == len(args["charts"])
    assert all(s.width.cm == pytest.approx(16.0, abs=0.1) for s in document.inline_shapes)
    first = document.tables[0]
    assert [c.text for c in first.rows[0].cells] == list(report.content.ARTICLE_LIST)
    assert "https://one.example.org/a?b=1&c=2" in [c.text for c in first.rows[1].cells]
    assert any("near-duplicate" in c.text for c in first.rows[-1].cells)
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7


def test_docx_report_without_images_still_has_everything_else(sample):
    import docx

    args = _report_args(sample)
    document = docx.Document(io.BytesIO(report.docx_report(**args, images=False)))
    assert len(document.inline_shapes) == 0
    assert any("Chart images could not be drawn" in p.text for p in document.paragraphs)
    assert len(document.tables) >= 3


# ---- XLSX ---------------------------------------------------------------------------------


def test_xlsx_explains_itself(sample):
    story, r, sc = sample
    arts = r.articles.assign(url=["https://one.example.org/a", '=HYPERLINK("x")'])
    tables = {"articles": arts, "coverage": sc.coverage, "stance": r.stance}
    ctx = report.chart_context(arts, story=story)
    book = openpyxl.load_workbook(io.BytesIO(report.to_xlsx_bytes(tables, context=ctx)))
    assert book.sheetnames == ["About", "articles", "coverage", "stance"]
    about = [[c.value for c in row] for row in book["About"].iter_rows()]
    flat = [str(v) for row in about for v in row if v is not None]
    assert story in flat and ctx.analysed in flat and any(ctx.version in v for v in flat)
    assert "Hedging per 100 words (95% CI low)" in flat and "hedge_rate_lo" in flat
    ws = book["articles"]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref.startswith("A1:")
    head = [c.value for c in ws[1]]
    col = {h: i + 1 for i, h in enumerate(head)}
    cell = ws.cell(row=2, column=col["Hedging per 100 words"])
    assert cell.number_format == "0.00"
    assert cell.value == pytest.approx(float(arts["hedge_rate"].iloc[0]))  # not a rounded copy
    assert ws.cell(row=2, column=col["Quoted words (%)"]).number_format == "0%"
    assert ws.cell(row=2, column=col["Tone (VADER)"]).number_format.startswith("+0.00")
    url = ws.cell(row=2, column=col["URL"])
    assert url.hyperlink is not None and url.hyperlink.target == "https://one.example.org/a"
    bad = ws.cell(row=3, column=col["URL"])
    assert bad.value.startswith("'=") and bad.hyperlink is None and bad.data_type == "s"
    assert ws.column_dimensions["D"].width >= 8
    cov = book["coverage"]
    assert "Share of the outlet's sentences (%)" in [c.value for c in cov[1]]


@pytest.mark.slow
def test_pdf_printing_has_a_time_limit():
    _need_browser()
    with pytest.raises(RuntimeError, match="no PDF after"):
        report.html_to_pdf("<html><body><p>x</p></body></html>", timeout=0.01)
    # and the next report still prints (nothing left half-open)
    pdf = report.html_to_pdf("<html><body><p>after</p></body></html>")
    assert pdf.startswith(b"%PDF")

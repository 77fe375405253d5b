"""The Word report (.docx, python-docx): headings, findings, charts as PNG images, the article
list, the outlet profiles, aligned passages and the methods, on A4.

Charts need the server-side image export (Chromium); without it the document says so where the
charts would be and keeps everything else.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import pandas as pd

from framing.models import METRICS
from framing.report.content import ARTICLE_LIST, article_rows, fmt_value, passage_label, passages
from framing.report.context import ChartContext
from framing.report.images import chart_image, kaleido_available
from framing.report.methods import INTERVALS, LIMITS, MEASURES
from framing.report.tables import _XML_ILLEGAL

__all__ = ["docx_report"]

_WIDTH_CM = 16.0  # text width of A4 with 2.5 cm margins


def _t(value: Any) -> str:
    """Text python-docx can store (XML-illegal control characters dropped)."""
    return _XML_ILLEGAL.sub("", "" if value is None else str(value))


def _table(
    doc: Any,
    head: Sequence[str],
    rows: Sequence[Sequence[str]],
    *,
    size: float = 8,
    widths: Sequence[float] | None = None,
) -> None:
    from docx.shared import Cm, Pt

    table = doc.add_table(rows=1, cols=len(head))
    table.style = "Table Grid"
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(_t(text))
        run.bold = True
        run.font.size = Pt(size)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(_t(text)).font.size = Pt(size)
    from docx.oxml import OxmlElement

    for i, row in enumerate(table.rows):  # no row split over two pages; header repeats
        props = row._tr.get_or_add_trPr()
        props.append(OxmlElement("w:cantSplit"))
        if i == 0:
            props.append(OxmlElement("w:tblHeader"))
    cms = list(widths or [_WIDTH_CM / len(head)] * len(head))
    scale = _WIDTH_CM / sum(cms)
    for column, cm in zip(table.columns, cms, strict=True):
        column.width = Cm(cm * scale)
        for cell in column.cells:  # Word reads the cell widths, LibreOffice the column's
            cell.width = Cm(cm * scale)


def docx_report(
    *,
    story: str,
    articles: pd.DataFrame,
    charts: Sequence[Any],
    findings: Sequence[str],
    context: ChartContext | None = None,
    set_aside: pd.DataFrame | None = None,
    alignments: pd.DataFrame | None = None,
    sentences: pd.DataFrame | None = None,
    images: bool = True,
    **_: Any,
) -> bytes:
    """The report as a Word document (same content as the HTML report, charts as PNGs).

    Parameters are those of :func:`framing.report.html_report`; ``images=False`` leaves
    the charts out (they are also left out, with a note, when no browser can draw them).

    Returns
    -------
    bytes
        The ``.docx`` file (opens in Word and LibreOffice).
    """
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    ctx = context or ChartContext(story=story, n_articles=0 if articles is None else len(articles))
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
    section.top_margin = section.bottom_margin = Cm(2.0)
    doc.styles["Normal"].font.size = Pt(10.5)
    doc.core_properties.title = _t(story or "Framing report")

    doc.add_heading(_t(story or "Framing report"), level=0)
    doc.add_paragraph(
        _t(f"{ctx.subtitle()}\nFraming report · {ctx.analysed} · framing {ctx.version}")
    )

    doc.add_heading("Findings", level=1)
    for f in findings or ["No findings."]:
        doc.add_paragraph(_t(f), style="List Bullet")

    doc.add_heading("Articles", level=1)
    rows = article_rows(articles, set_aside)
    _table(
        doc,
        ARTICLE_LIST,
        [[r[h] for h in ARTICLE_LIST] for r in rows],
        size=7.5,
        widths=(2.0, 3.4, 1.9, 2.6, 1.4, 3.1, 1.6),
    )

    doc.add_heading("Outlet profiles", level=1)
    if articles is not None and not articles.empty:
        metrics = [m for m in METRICS.values() if m.column in articles.columns]
        body = []
        for rec in articles.to_dict("records"):
            cells = [_t(rec.get("outlet", ""))]
            for m in metrics:
                value = fmt_value(rec.get(m.column), m.unit)
                lo = fmt_value(rec.get(f"{m.column}_lo"), m.unit)
                hi = fmt_value(rec.get(f"{m.column}_hi"), m.unit)
                cells.append(f"{value}\n({lo} … {hi})" if lo not in {"", "–"} else value)
            body.append(cells)
        _table(
            doc,
            ["Outlet", *(f"{m.label} ({m.unit})" for m in metrics)],
            body,
            widths=(3.0, *[2.6] * len(metrics)),
        )
        doc.add_paragraph("Rates per 100 words; in brackets the 95% bootstrap interval.")

    doc.add_heading("Charts", level=1)
    ok, why = kaleido_available() if images else (False, "Charts were left out.")
    if not ok:
        doc.add_paragraph(_t(f"Chart images could not be drawn on the server: {why}"))
    else:
        for chart in charts:
            png = chart_image(chart, "png", context=ctx)
            doc.add_picture(io.BytesIO(png), width=Cm(16.0))

    doc.add_heading("Side by side", level=1)
    found = passages(alignments, sentences)
    if not found:
        doc.add_paragraph("No matched passages.")
    for i, p in enumerate(found, start=1):
        doc.add_paragraph(_t(passage_label(p, i)))
        _table(doc, [p.outlet_a, p.outlet_b], [[p.text_a, p.text_b]], size=9)

    doc.add_heading("Methods", level=1)
    for m in MEASURES:
        doc.add_heading(_t(m.name), level=2)
        doc.add_paragraph(_t(f"Counts: {m.counts}"))
        doc.add_paragraph(_t(f"Agreement with people: {m.agreement}"))
        doc.add_paragraph(_t(f"Limits: {m.limits}"))
    doc.add_paragraph(INTERVALS)
    doc.add_paragraph(LIMITS)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()

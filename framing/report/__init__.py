"""Exports: safe file names, CSV/XLSX bytes, chart images and their zip, and reports in HTML,
PDF and Word, each standing on its own in a report.

Everything returns bytes or a string; nothing is written to disk, so the app hands the result
straight to a download button.

Modules: :mod:`~framing.report.columns` (what each column means), :mod:`~framing.report.tables`
(file names, CSV, the workbook), :mod:`~framing.report.context` (title, subtitle and source line
of every chart), :mod:`~framing.report.images` (kaleido + Chromium), :mod:`~framing.report.html`,
:mod:`~framing.report.pdf`, :mod:`~framing.report.word`, and :mod:`~framing.report.content` /
:mod:`~framing.report.methods` (what every report holds).
"""

from __future__ import annotations

from framing.report.columns import COLUMNS, Column, column, header, readable
from framing.report.content import Passage, article_rows, passage_label, passages, safe_url
from framing.report.context import (
    EXPORT_WIDTH,
    MAX_EXPORT_PX,
    ChartContext,
    chart_context,
    export_scale,
    framing_version,
    min_font_px,
    with_context,
)
from framing.report.html import html_report
from framing.report.images import (
    IMAGE_SCALE,
    IMAGE_WIDTH,
    NO_BROWSER,
    chart_csv,
    chart_image,
    figures_zip,
    kaleido_available,
    render_image,
)
from framing.report.pdf import html_to_pdf, pdf_report
from framing.report.tables import (
    EXCEL_CELL_LIMIT,
    SHEET_NOTES,
    neutralise,
    safe_filename,
    to_csv_bytes,
    to_xlsx_bytes,
)
from framing.report.word import docx_report

__all__ = [
    "COLUMNS",
    "EXCEL_CELL_LIMIT",
    "EXPORT_WIDTH",
    "IMAGE_SCALE",
    "IMAGE_WIDTH",
    "MAX_EXPORT_PX",
    "NO_BROWSER",
    "SHEET_NOTES",
    "ChartContext",
    "Column",
    "Passage",
    "article_rows",
    "chart_context",
    "chart_csv",
    "chart_image",
    "column",
    "docx_report",
    "export_scale",
    "figures_zip",
    "framing_version",
    "header",
    "html_report",
    "html_to_pdf",
    "kaleido_available",
    "min_font_px",
    "neutralise",
    "passage_label",
    "passages",
    "pdf_report",
    "readable",
    "render_image",
    "safe_filename",
    "safe_url",
    "to_csv_bytes",
    "to_xlsx_bytes",
    "with_context",
]

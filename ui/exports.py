"""Chart display with its exports, and table downloads.

Every chart gets the modebar camera button (PNG at 2×, in the browser) and a "Download"
popover with the CSV of exactly the data plotted (readable headers and units) and, when a
browser is available on the server, PNG and SVG drawn by kaleido. With a ``context``
(:func:`framing.report.chart_context`) the chart names the story, the articles compared and its
source on screen and in every file. Every file is made only when its button is clicked
(deferred download), so showing a chart or a table costs nothing extra on a rerun.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import pandas as pd
import streamlit as st

from framing import report
from framing.charts import Chart, modebar_config
from framing.report import ChartContext

__all__ = [
    "contextual",
    "csv_bytes",
    "image_export",
    "screen_context",
    "show_chart",
    "table_download",
]

# (id(figure), context) -> (figure, chart with context); the figure is kept so its id cannot
# be reused by another figure while the entry lives (plotly figures are not hashable)
_SHOWN: OrderedDict[tuple[int, ChartContext], tuple[object, Chart]] = OrderedDict()
_SHOWN_LOCK = threading.Lock()
_SHOWN_MAX = 128


def csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV with BOM, cells a spreadsheet would run neutralised (framing.report)."""
    return report.to_csv_bytes(df)


@st.cache_data(ttl=60, show_spinner=False)
def image_export() -> tuple[bool, str]:
    """Whether the server can draw chart images, and why not (re-checked every minute)."""
    return report.kaleido_available()


def contextual(chart: Chart, context: ChartContext | None) -> Chart:
    """``chart`` with its title, subtitle and source line (built once per chart and context:
    charts come from the chart cache and are never mutated)."""
    if context is None:
        return chart
    key = (id(chart.figure), context)
    with _SHOWN_LOCK:
        known = _SHOWN.get(key)
        if known is not None and known[0] is chart.figure:
            _SHOWN.move_to_end(key)
            return known[1]
    out = report.with_context(chart, context)
    with _SHOWN_LOCK:
        _SHOWN[key] = (chart.figure, out)
        while len(_SHOWN) > _SHOWN_MAX:
            _SHOWN.popitem(last=False)
    return out


def show_chart(chart: Chart, *, key: str, context: ChartContext | None = None) -> None:
    """Draw a chart (with its context, if given) and a download popover below it."""
    shown = contextual(chart, context)
    st.plotly_chart(shown.figure, config=modebar_config(chart.name), key=key, width="stretch")
    with st.popover("Download", icon=":material/download:", width="content"):
        if not chart.data.empty:
            st.download_button(
                "Data plotted (CSV)",
                data=lambda: report.chart_csv(chart),
                file_name=report.safe_filename(chart.name, "csv"),
                mime="text/csv",
                key=f"{key}_csv",
                on_click="ignore",
            )
        ok, why = image_export()
        if ok:
            st.download_button(
                "Image (PNG, 2×)",
                data=lambda: report.chart_image(chart, "png", context=context),
                file_name=report.safe_filename(chart.name, "png"),
                mime="image/png",
                key=f"{key}_png",
                on_click="ignore",
            )
            st.download_button(
                "Vector image (SVG)",
                data=lambda: report.chart_image(chart, "svg", context=context),
                file_name=report.safe_filename(chart.name, "svg"),
                mime="image/svg+xml",
                key=f"{key}_svg",
                on_click="ignore",
            )
        else:
            st.caption(f"{why} The camera icon above the chart still saves a PNG.")


def table_download(df: pd.DataFrame, *, name: str, key: str, label: str | None = None) -> None:
    """A CSV download button for one table (neutralised for spreadsheets), made on click."""
    st.download_button(
        label or f"{name}.csv",
        data=lambda: csv_bytes(df),
        file_name=report.safe_filename(name, "csv"),
        mime="text/csv",
        key=key,
        on_click="ignore",
        icon=":material/download:",
    )


def screen_context(
    story: str, articles: pd.DataFrame, set_aside: pd.DataFrame | None = None
) -> ChartContext:
    """The context every chart of a screen shows (pass it to :func:`show_chart`):
    ``articles`` is the comparison set on screen, ``set_aside`` the articles left out with
    their ``reason``."""
    return report.chart_context(articles, story=story, set_aside=set_aside)

"""Chart display with its exports, and table downloads.

Every chart gets the modebar camera button (PNG at 2×, in the browser) and a "Download"
popover with the CSV of exactly the data plotted and, when a browser is available on the
server, PNG (2×) and SVG drawn by kaleido. Every file, CSVs included, is made only when its
button is clicked (deferred download), so showing a chart or a table costs nothing extra on a
rerun: an eager CSV is encoded, neutralised and stored on every rerun, which on a 40-article
story cost most of the Data view's time.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from framing import report
from framing.charts import Chart, modebar_config

__all__ = ["csv_bytes", "image_export", "show_chart", "table_download"]


def csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV with BOM, cells a spreadsheet would run neutralised (framing.report)."""
    return report.to_csv_bytes(df)


@st.cache_data(ttl=60, show_spinner=False)
def image_export() -> tuple[bool, str]:
    """Whether the server can draw chart images, and why not (re-checked every minute)."""
    return report.kaleido_available()


def show_chart(chart: Chart, *, key: str) -> None:
    """Draw a chart with the modebar image button and a download popover below it."""
    st.plotly_chart(chart.figure, config=modebar_config(chart.name), key=key, width="stretch")
    with st.popover("Download", icon=":material/download:", width="content"):
        if not chart.data.empty:
            data = chart.data
            st.download_button(
                "Data plotted (CSV)",
                data=lambda: csv_bytes(data),
                file_name=report.safe_filename(chart.name, "csv"),
                mime="text/csv",
                key=f"{key}_csv",
                on_click="ignore",
            )
        ok, why = image_export()
        if ok:
            fig = chart.figure
            st.download_button(
                "Image (PNG, 2×)",
                data=lambda: report.render_image(fig, "png"),
                file_name=report.safe_filename(chart.name, "png"),
                mime="image/png",
                key=f"{key}_png",
                on_click="ignore",
            )
            st.download_button(
                "Vector image (SVG)",
                data=lambda: report.render_image(fig, "svg"),
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

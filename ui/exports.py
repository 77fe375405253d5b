"""Chart display with its exports: modebar PNG (2×), a CSV of exactly the data plotted."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from framing.charts import Chart, modebar_config

__all__ = ["csv_bytes", "show_chart", "table_download"]


def csv_bytes(df: pd.DataFrame) -> bytes:
    """UTF-8 CSV (with BOM so spreadsheet programs read accents right) of a table."""
    return df.to_csv(index=False).encode("utf-8-sig")


def show_chart(chart: Chart, *, key: str) -> None:
    """Draw a chart with the modebar image button and a CSV of its data below."""
    st.plotly_chart(chart.figure, config=modebar_config(chart.name), key=key, width="stretch")
    if not chart.data.empty:
        st.download_button(
            f"Data as CSV ({chart.name}.csv)",
            data=csv_bytes(chart.data),
            file_name=f"{chart.name}.csv",
            mime="text/csv",
            key=f"{key}_csv",
            on_click="ignore",
            icon=":material/download:",
            type="tertiary",
        )


def table_download(df: pd.DataFrame, *, name: str, key: str, label: str | None = None) -> None:
    """A CSV download button for one table."""
    st.download_button(
        label or f"{name}.csv",
        data=csv_bytes(df),
        file_name=f"{name}.csv",
        mime="text/csv",
        key=key,
        on_click="ignore",
        icon=":material/download:",
    )

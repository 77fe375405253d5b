"""Downloads: every table as CSV, one XLSX workbook, all charts as a zip, the HTML report."""

from __future__ import annotations

import streamlit as st

from framing.models import Analysis
from ui.exports import table_download
from ui.state import Context

__all__ = ["render"]


def render(ctx: Context, result: Analysis) -> None:
    """Draw the download buttons for the story on screen."""
    tables = result.tables()
    cols = st.columns(4)
    for i, (name, df) in enumerate(tables.items()):
        with cols[i % 4]:
            table_download(df, name=name, key=f"dl_{name}", label=f"{name}.csv")

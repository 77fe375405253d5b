"""Downloads: every table as CSV, one XLSX workbook, all charts as a zip, the HTML report.

Heavy files are generated only when their button is clicked (deferred downloads).
"""

from __future__ import annotations

import io
import zipfile

import streamlit as st

from framing import charts, report
from framing import render as fr
from framing.findings import findings
from framing.models import Analysis
from ui import clusters as clusters_view
from ui import page
from ui.exports import image_export, table_download
from ui.state import Context

__all__ = ["all_charts_zip", "chart_items", "render"]


def all_charts_zip(items: list[charts.Chart]) -> bytes:
    """Every chart as PNG (2×) + SVG + CSV; CSV only, with a note, if images cannot be drawn."""
    try:
        return report.figures_zip(items, images=True)
    except RuntimeError as err:
        data = report.figures_zip(items, images=False)
        buffer = io.BytesIO(data)
        with zipfile.ZipFile(buffer, "a") as zf:
            zf.writestr("README.txt", f"Chart images could not be drawn on the server: {err}\n")
        return buffer.getvalue()


def chart_items(result: Analysis, coverage, controls: dict) -> list[charts.Chart]:
    """Every chart of the story for the zip and the report, kept while the story, the scoring
    settings and the clustering controls (``controls``, part of the key) stay the same."""
    return page.chart(
        result,
        "all_charts",
        lambda: charts.all_charts(
            articles=result.articles,
            stance=result.stance,
            coverage=coverage,
            actors=result.actors,
            quotes=result.quotes,
            sentences=result.sentences,
        ),
        tuple(sorted(controls.items())),
    )


def render(ctx: Context, result: Analysis) -> None:
    """Draw the download section for the story on screen."""
    story = ctx.story[:60]
    controls = clusters_view.current_controls()
    try:  # the clustering on screen (same cache entry as the Overview and Clusters views)
        sc = page.story_clusters(ctx, **controls)
    except Exception:  # pragma: no cover - the Clusters view reports it
        sc = None
    coverage = sc.coverage if sc is not None and sc.k else None

    def items() -> list[charts.Chart]:  # built on click only: ~2 s on a 40-article story
        return chart_items(result, coverage, controls)

    if sc is not None and sc.k:
        k = controls["n_clusters"]
        st.caption(
            f"Exports use the clustering set in the Clusters view: {sc.k} clusters"
            f"{' (chosen automatically)' if k is None else ''}, alignment threshold "
            f"{float(controls['threshold']):.2f}."
        )

    tables = result.tables()
    if sc is not None and sc.k:
        tables = {
            **tables,
            "clusters": sc.clusters,
            "coverage": sc.coverage,
            "alignments": sc.alignments,
        }

    st.markdown("**Report**")
    st.download_button(
        "Self-contained HTML report",
        data=lambda: report.html_report(
            story=ctx.story,
            articles=result.articles,
            charts=items(),
            passages=(
                fr.alignment_pairs_html(sc.alignments, result.sentences, result.cues) if sc else []
            ),
            findings=findings(result.articles, result.stance, coverage),
        ),
        file_name=report.safe_filename(f"{story}-report", "html"),
        mime="text/html",
        key="dl_report",
        on_click="ignore",
        icon=":material/description:",
        help="One HTML file with the profiles, findings, interactive charts and passages; opens offline.",
    )

    st.markdown("**Charts**")
    ok, why = image_export()
    if not ok:
        st.info(f"Chart images cannot be drawn on this server: {why} The zip holds the CSVs only.")
    st.download_button(
        "All charts (zip: PNG 2×, SVG, CSV)" if ok else "All chart data (zip of CSVs)",
        data=(lambda: all_charts_zip(items()))
        if ok
        else (lambda: report.figures_zip(items(), images=False)),
        file_name=report.safe_filename(f"{story}-charts", "zip"),
        mime="application/zip",
        key="dl_charts_zip",
        on_click="ignore",
        icon=":material/folder_zip:",
        help="Drawing the images takes a few seconds.",
    )

    st.markdown("**Tables**")
    st.download_button(
        "All tables (XLSX workbook)",
        data=lambda: report.to_xlsx_bytes(tables),
        file_name=report.safe_filename(f"{story}-tables", "xlsx"),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="dl_xlsx",
        on_click="ignore",
        icon=":material/table_view:",
    )
    cols = st.columns(4)
    for i, (tname, df) in enumerate(tables.items()):
        with cols[i % 4]:
            table_download(df, name=f"{story}-{tname}", key=f"dl_{tname}", label=f"{tname}.csv")

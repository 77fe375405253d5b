"""Downloads: the reports (HTML, PDF, Word), all charts as a zip, every table as CSV and one
XLSX workbook that explains itself.

Exports follow the screen: they take the tables of the comparison set on screen, the focus
outlets and their colours, and the clustering in force; the chart set is cached under one key
(:func:`ui.cache.export_key`) naming all of them. Heavy files are made only when their button
is clicked (deferred downloads).
"""

from __future__ import annotations

import inspect
import io
import zipfile
from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st

from framing import charts, report
from framing.findings import findings
from framing.models import Analysis
from ui import cache, page
from ui import clusters as clusters_view
from ui.exports import image_export, table_download
from ui.state import Context

__all__ = ["all_charts_zip", "chart_items", "export_context", "render", "report_args"]


def all_charts_zip(
    items: list[charts.Chart], *, context: report.ChartContext | None = None
) -> bytes:
    """Every chart as PNG + SVG (with context) + CSV; CSV only, with a note, if images cannot
    be drawn."""
    try:
        return report.figures_zip(items, images=True, context=context)
    except RuntimeError as err:
        data = report.figures_zip(items, images=False)
        buffer = io.BytesIO(data)
        with zipfile.ZipFile(buffer, "a") as zf:
            zf.writestr("README.txt", f"Chart images could not be drawn on the server: {err}\n")
        return buffer.getvalue()


def chart_items(
    result: Analysis,
    coverage,
    controls: Mapping[str, object],
    *,
    articles: pd.DataFrame | None = None,
    colors: Mapping[str, str] | None = None,
    focus: Sequence[str] = (),
) -> list[charts.Chart]:
    """Every chart of the comparison set for the zip and the reports, cached under
    :func:`ui.cache.export_key` (story, scoring settings, clustering ``controls``, the
    articles compared and the focus)."""
    arts = result.articles if articles is None else articles
    ids = tuple(arts["article_id"].astype(str)) if "article_id" in arts else ()
    kept = set(ids)

    def only(df: pd.DataFrame | None) -> pd.DataFrame | None:
        if df is None or articles is None or "article_id" not in df:
            return df
        return df[df["article_id"].astype(str).isin(kept)]

    def build() -> list[charts.Chart]:
        kwargs: dict[str, object] = {
            "articles": arts,
            "stance": only(result.stance),
            "coverage": coverage,
            "actors": only(result.actors),
            "quotes": only(result.quotes),
            "sentences": only(result.sentences),
        }
        params = _params(charts.all_charts)
        if colors is not None and (params is None or "colors" in params):
            kwargs["colors"] = dict(colors)
        if focus and (params is None or "focus" in params):
            kwargs["focus"] = tuple(focus)
        out = charts.all_charts(**kwargs)
        frames = only(result.frames)
        if frames is not None and len(frames):  # the frames heat tables, one per scheme
            from framing.frames.chart import frames_chart

            labels = dict(
                zip(arts["article_id"].astype(str), arts["outlet"].astype(str), strict=True)
            )
            out += [
                frames_chart(frames, labels, scheme=scheme)
                for scheme in ("policy", "generic")
                if (frames["scheme"] == scheme).any()
            ]
        return out

    key = cache.export_key(
        result.extra.get("story_key"),
        clustering=tuple(sorted(controls.items())),
        comparison=ids,
        focus=tuple(focus) + tuple(sorted((colors or {}).items())),
        name="all_charts",
    )
    return cache.memo_chart(key, build)


def _params(func) -> set[str] | None:
    try:
        sig = inspect.signature(func)
    except (TypeError, ValueError):  # pragma: no cover
        return None
    if any(p.kind is p.VAR_KEYWORD for p in sig.parameters.values()):
        return None
    return set(sig.parameters)


def export_context(
    story: str, articles: pd.DataFrame, set_aside: pd.DataFrame | None
) -> report.ChartContext:
    """Title, subtitle and source line of every chart exported for this screen."""
    return report.chart_context(articles, story=story, set_aside=set_aside)


def report_args(
    story: str,
    result: Analysis,
    *,
    items: list[charts.Chart],
    articles: pd.DataFrame,
    set_aside: pd.DataFrame | None,
    sc,
    context: report.ChartContext,
) -> dict:
    """The keyword arguments every report (HTML, PDF, Word) takes for this screen."""
    coverage = sc.coverage if sc is not None and sc.k else None
    kept = set(articles["article_id"].astype(str)) if "article_id" in articles else set()
    stance = result.stance[result.stance["article_id"].astype(str).isin(kept)]
    frames = result.frames[result.frames["article_id"].astype(str).isin(kept)]
    return {
        "story": story,
        "articles": articles,
        "charts": items,
        "findings": findings(articles, stance, coverage, frames),
        "context": context,
        "set_aside": set_aside,
        "alignments": sc.alignments if sc is not None and sc.k else None,
        "sentences": result.sentences,
        "cues": result.cues,
    }


def render(
    ctx: Context,
    result: Analysis,
    *,
    articles: pd.DataFrame | None = None,
    set_aside: pd.DataFrame | None = None,
    colors: Mapping[str, str] | None = None,
    focus: Sequence[str] = (),
) -> None:
    """Draw the download section for the story on screen.

    ``articles`` is the comparison set on screen (default: every article analysed),
    ``set_aside`` the articles left out with their ``reason`` (default: those the analysis set
    aside), ``colors``/``focus`` the outlet colours and focus outlets of the charts.
    """
    story = ctx.story[:60]
    arts = result.articles if articles is None else articles
    aside = result.set_aside_table() if set_aside is None else set_aside
    controls = clusters_view.current_controls()
    try:  # the clustering on screen (same cache entry as the Overview and Clusters views)
        sc = page.story_clusters(ctx, **controls)
    except Exception:  # pragma: no cover - the Clusters view reports it
        sc = None
    coverage = sc.coverage if sc is not None and sc.k else None
    # the same context as the charts on screen (one per comparison), unless told otherwise
    context = (
        page.chart_context(ctx, result)
        if articles is None
        else export_context(ctx.story, arts, aside)
    )

    def items() -> list[charts.Chart]:  # built on click only: ~2 s on a 40-article story
        return chart_items(
            result, coverage, controls, articles=articles, colors=colors, focus=focus
        )

    def args() -> dict:
        return report_args(
            ctx.story, result, items=items(), articles=arts, set_aside=aside, sc=sc, context=context
        )

    if sc is not None and sc.k:
        k = controls["n_clusters"]
        st.caption(
            f"Exports use the clustering set in the Clusters view: {sc.k} clusters"
            f"{' (chosen automatically)' if k is None else ''}, alignment threshold "
            f"{float(controls['threshold']):.2f}."
        )

    tables = dict(result.tables())
    if articles is not None:
        tables["articles"] = arts
    if sc is not None and sc.k:
        tables.update(clusters=sc.clusters, coverage=sc.coverage, alignments=sc.alignments)
    if aside is not None and not aside.empty:
        tables["set_aside"] = aside

    ok, why = image_export()
    st.markdown("**Reports**")
    cols = st.columns(3)
    with cols[0]:
        st.download_button(
            "Self-contained HTML report",
            data=lambda: report.html_report(**args()),
            file_name=report.safe_filename(f"{story}-report", "html"),
            mime="text/html",
            key="dl_report",
            on_click="ignore",
            icon=":material/description:",
            help="One file: findings, articles with links, interactive charts, passages and "
            "methods; opens offline; prints on A4.",
        )
    with cols[1]:
        if ok:
            st.download_button(
                "PDF report",
                data=lambda: report.pdf_report(**args()),
                file_name=report.safe_filename(f"{story}-report", "pdf"),
                mime="application/pdf",
                key="dl_report_pdf",
                on_click="ignore",
                icon=":material/picture_as_pdf:",
                help="The same report on A4 with page numbers (takes a few seconds).",
            )
    with cols[2]:
        st.download_button(
            "Word report (.docx)",
            data=lambda: report.docx_report(**args(), images=ok),
            file_name=report.safe_filename(f"{story}-report", "docx"),
            mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            key="dl_report_docx",
            on_click="ignore",
            icon=":material/article:",
            help="Headings, findings, charts as images, the article table and the methods.",
        )

    st.markdown("**Charts**")
    if not ok:
        st.info(
            f"Chart images cannot be drawn on this server: {why} The zip holds the CSVs only, "
            "and the PDF report is not available; the HTML report has every chart."
        )
    st.download_button(
        "All charts (zip: PNG, SVG, CSV)" if ok else "All chart data (zip of CSVs)",
        data=(lambda: all_charts_zip(items(), context=context))
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
        "All tables (XLSX workbook, with an About sheet)",
        data=lambda: report.to_xlsx_bytes(tables, context=context),
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

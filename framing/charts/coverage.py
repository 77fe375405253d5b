"""Coverage: which sentence clusters each outlet covers, and how much it dwells on them.

Rows are outlets (every row labelled, also at 40 rows); columns or panels are clusters, the
largest (by pooled share) first. When cells are small the heatmap writes no text into them:
an omission is then a mark (✕), not words.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from framing.charts.base import (
    INK,
    Chart,
    clean,
    colors_for,
    empty,
    esc,
    layout,
    rows_height,
    rows_yaxis,
    select_rows,
    short,
    tick_label,
    wrap,
    wrap_title,
)

__all__ = ["coverage_heatmap", "emphasis_chart"]

#: Cell text (percentages, "✕ omitted") only up to this many rows and columns.
TEXT_ROWS, TEXT_COLS = 12, 10
_OMITTED = "✕ omitted"
_OMIT_COLOR = "#C0504D"


def _coverage_frame(coverage: pd.DataFrame) -> pd.DataFrame:
    df = clean(coverage, text=("outlet", "label"), numbers=("share", "emphasis"))
    df = df[df["cluster"].notna()].reset_index(drop=True)
    if "label" not in df:
        df["label"] = df["cluster"].astype(str)
    df["label"] = df["label"].astype(str)
    # two clusters may share a label: keep them apart
    per_cluster = df.groupby("cluster")["label"].first()
    dup = per_cluster.duplicated(keep=False)
    names = {c: (f"{lab} ({c})" if dup[c] else lab) for c, lab in per_cluster.items()}
    df["cluster_label"] = df["cluster"].map(names)
    df["omitted"] = df.get("omitted", False)
    df["omitted"] = df["omitted"].fillna(False).astype(bool)
    return df


def coverage_heatmap(
    coverage: pd.DataFrame,
    *,
    colors: Mapping[str, str] | None = None,
    top: int = 20,
    max_rows: int | None = None,
) -> Chart:
    """Outlet × sentence cluster: the share of each outlet's sentences in each cluster.

    One row per outlet (all labelled; focus rows in bold), one column per cluster, largest
    first. Omitted clusters (covered by others, not by this outlet) are blank cells with a ✕;
    cells carry their percentage as text only while they are big enough (at most 12 rows
    and 10 columns).

    Parameters
    ----------
    coverage : DataFrame
        ``models.COVERAGE_COLUMNS``: outlet, cluster, label, share, sentences, omitted.
    colors : mapping, optional
        Row label → colour (only focus rows are marked: bold labels).
    top : int
        Show the ``top`` clusters by pooled share.
    max_rows : int, optional
        Keep this many rows (the first in label order).

    Returns
    -------
    Chart
        ``data`` columns: cluster, cluster label, row, share of its sentences, sentences,
        omitted (one row per cell drawn).
    """
    name, title = "coverage", "What each outlet covers"
    if coverage is None or coverage.empty or not {"outlet", "cluster", "share"} <= set(coverage):
        return empty(name, title, "No sentence clusters yet.")
    df = _coverage_frame(coverage)
    if df.empty:
        return empty(name, title, "No sentence clusters yet.")
    size = df.groupby("cluster_label")["share"].sum().sort_values(ascending=False, kind="stable")
    labels = list(size.index[:top])
    outlets, note = select_rows(sorted(set(df["outlet"])), max_rows)
    cmap = colors_for(outlets, colors)
    df = df[df["cluster_label"].isin(labels) & df["outlet"].isin(outlets)]
    share = df.pivot_table(index="outlet", columns="cluster_label", values="share", aggfunc="sum")
    share = share.reindex(index=outlets, columns=labels).fillna(0.0)
    omitted = df.pivot_table(
        index="outlet", columns="cluster_label", values="omitted", aggfunc="max"
    )
    omitted = omitted.reindex(index=outlets, columns=labels).fillna(False).astype(bool)
    n, k = len(outlets), len(labels)
    with_text = n <= TEXT_ROWS and k <= TEXT_COLS
    values = share.to_numpy()
    z = np.where(values > 0, values, np.nan)  # not covered: a white cell
    zmax = max(float(np.nan_to_num(z).max()), 1e-9)
    ys = [esc(o) for o in outlets]
    xs = [esc(lab) for lab in labels]  # whole names: unique, and shown whole on hover
    plot_h = max(rows_height(outlets), 20 * n)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=xs,
            y=ys,
            colorscale="Blues",
            zmin=0,
            zmax=zmax,
            colorbar={
                "title": {"text": "Share"},
                "tickformat": ".0%",
                "nticks": 5 if plot_h >= 150 else 3,
                "lenmode": "pixels",
                "len": max(90, min(260, plot_h)),
                "thickness": 14,
            },
            xgap=1,
            ygap=1,
            hovertemplate="%{y}<br>%{x}: %{z:.1%} of its sentences<extra></extra>",
        )
    )
    if with_text:  # a text layer, dark on light cells and white on dark ones
        texts = np.where(
            omitted.to_numpy(),
            _OMITTED,
            np.vectorize(lambda v: f"{v:.0%}" if v > 0 else "–", otypes=[object])(values),
        )
        r, c = np.indices(values.shape)
        fig.add_trace(
            go.Scatter(
                x=[xs[j] for j in c.ravel()],
                y=[ys[i] for i in r.ravel()],
                mode="text",
                text=list(texts.ravel()),
                textfont={
                    "size": 12,
                    "color": ["#FFFFFF" if v > 0.55 * zmax else INK for v in values.ravel()],
                },
                showlegend=False,
                hoverinfo="skip",
            )
        )
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=list(reversed(ys)),
        tickvals=ys,
        ticktext=[tick_label(o, cmap[o]) for o in outlets],
        tickfont={"size": 12 if n <= 24 else 11},
        range=[-0.5, n - 0.5],
        title_text="Outlet",
        automargin=True,
    )
    fig.update_xaxes(
        categoryorder="array",
        categoryarray=xs,
        tickvals=xs,
        ticktext=[wrap(lab, width=22, max_lines=2) for lab in labels],  # whole words
        range=[-0.5, k - 0.5],
        title_text="Sentence cluster (largest first)",
        side="bottom",
        tickangle=-60 if k > 4 else 0,  # steep: two-line names stay apart
        automargin=True,
        showgrid=False,
    )
    subtitle = "Share of each outlet's sentences in each cluster · white: not covered"
    if with_text:
        subtitle += " (✕ omitted: others cover it)"
    if note:
        subtitle += f" · {note}"
    bottom = 150 if k > 4 else 70
    layout(fig, title=title, subtitle=subtitle, height=max(300, plot_h + 140), bottom=bottom)
    sentences = (
        pd.to_numeric(df["sentences"], errors="coerce")
        if "sentences" in df
        else pd.Series(0.0, index=df.index)
    )
    n_sent = (
        df.assign(_n=sentences)
        .pivot_table(index="outlet", columns="cluster_label", values="_n", aggfunc="sum")
        .reindex(index=outlets, columns=labels)
        .fillna(0.0)
    )
    cluster_of = df.groupby("cluster_label")["cluster"].first()
    data = pd.DataFrame(
        {
            "cluster": np.tile(cluster_of.reindex(labels).to_numpy(), n),
            "cluster label": np.tile(labels, n),
            "row": np.repeat(outlets, k),
            "share of its sentences": values.ravel().astype(float),
            "sentences": n_sent.to_numpy().ravel().astype(float),
            "omitted": omitted.to_numpy().ravel().astype(bool),
        }
    )
    return Chart(fig, data, name)


def emphasis_chart(
    coverage: pd.DataFrame,
    *,
    colors: Mapping[str, str] | None = None,
    top: int = 5,
    max_rows: int | None = None,
) -> Chart:
    """How much each outlet dwells on the largest clusters, against the story as a whole.

    One panel per cluster (the ``top`` largest), one row per outlet, a dot at the outlet's
    emphasis (its share ÷ the pooled share: 1 = as much as the story overall, 2 = twice);
    ✕ at 0 marks an omission. All panels share one scale and one row order.

    Returns
    -------
    Chart
        ``data`` columns: cluster, cluster label, row, emphasis (share ÷ pooled share),
        share of its sentences, pooled share, omitted.
    """
    name, title = "emphasis", "What each outlet dwells on"
    if coverage is None or coverage.empty or not {"outlet", "cluster", "emphasis"} <= set(coverage):
        return empty(name, title, "No sentence clusters yet.")
    df = _coverage_frame(coverage)
    if df.empty:
        return empty(name, title, "No sentence clusters yet.")
    if "pooled_share" not in df:
        df["pooled_share"] = df.groupby("cluster")["share"].transform("mean")
    df["pooled_share"] = pd.to_numeric(df["pooled_share"], errors="coerce")
    size = (
        df.groupby("cluster_label")["pooled_share"]
        .first()
        .sort_values(ascending=False, kind="stable")
    )
    keep = list(size.index[:top])
    outlets, note = select_rows(sorted(set(df["outlet"])), max_rows)
    cmap = colors_for(outlets, colors)
    df = df[df["cluster_label"].isin(keep) & df["outlet"].isin(outlets)].copy()
    df["emphasis"] = pd.to_numeric(df["emphasis"], errors="coerce").fillna(0.0)
    df.loc[df["omitted"], "emphasis"] = 0.0
    n = len(outlets)
    fig = make_subplots(
        rows=1,
        cols=len(keep),
        shared_yaxes=True,
        shared_xaxes=False,
        horizontal_spacing=0.02,
        subplot_titles=[wrap_title(lab, 20) for lab in keep],
    )
    top_x = max(2.0, float(df["emphasis"].max()) * 1.08) if len(df) else 2.0
    ys = {o: esc(o) for o in outlets}
    for c, lab in enumerate(keep, start=1):
        part = df[df["cluster_label"] == lab]
        for omitted, symbol in ((False, "circle"), (True, "x-thin")):
            sub = part[part["omitted"] == omitted]
            if sub.empty:
                continue
            colours = [cmap[o] for o in sub["outlet"]]
            fig.add_trace(
                go.Scatter(
                    x=sub["emphasis"],
                    y=[ys[o] for o in sub["outlet"]],
                    mode="markers",
                    name="omitted" if omitted else "emphasis",
                    showlegend=False,
                    marker={
                        "symbol": symbol,
                        "size": (6 if omitted else 9) if n > 12 else (8 if omitted else 11),
                        "color": _OMIT_COLOR if omitted else colours,
                        "line": {"color": _OMIT_COLOR if omitted else INK, "width": 1.2},
                    },
                    customdata=sub["share"],
                    hovertemplate="%{y}: ×%{x:.2f} (%{customdata:.0%} of its sentences)"
                    f"<extra>{esc(short(lab, 40))}</extra>",
                ),
                row=1,
                col=c,
            )
        fig.add_vline(x=1, line={"color": "#888888", "width": 1, "dash": "dot"}, row=1, col=c)
        fig.update_xaxes(range=[-0.08 * top_x - 0.3, top_x], nticks=4, row=1, col=c)
    fig.update_xaxes(title={"text": "× the story's share", "font": {"size": 11}}, row=1, col=1)
    ordered = list(outlets)
    rows_yaxis(fig, ordered, cmap)
    subtitle = (
        f"The {len(keep)} largest clusters · dot: outlet's share ÷ the story's share "
        "(dotted: 1 = as much as the story overall) · ✕: omitted"
    )
    if note:
        subtitle += f" · {note}"
    layout(fig, title=title, subtitle=subtitle, height=rows_height(outlets) + 170)
    fig.update_annotations(font_size=12)
    data = (
        df[["cluster", "cluster_label", "outlet", "emphasis", "share", "pooled_share", "omitted"]]
        .rename(
            columns={
                "cluster_label": "cluster label",
                "outlet": "row",
                "emphasis": "emphasis (share ÷ pooled share)",
                "share": "share of its sentences",
                "pooled_share": "pooled share",
            }
        )
        .sort_values(["cluster", "row"])
        .reset_index(drop=True)
    )
    return Chart(fig, data, name)

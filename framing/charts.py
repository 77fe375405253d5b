"""Chart builders: tidy tables in, :class:`Chart` (plotly figure + the data plotted + a name) out.

Every builder takes one table with the columns listed in :mod:`framing.models` and returns a
:class:`Chart`. ``chart.figure`` is a ``go.Figure`` with a title, axis titles and a legend (or
colour bar) baked in, so a saved image explains itself; ``chart.data`` is exactly the data
plotted (one row per mark), ready for a CSV download; ``chart.name`` is a file-name stem.

Colours: :func:`outlet_colors` gives each outlet one colour from a colour-blind-safe palette.
Pass the same mapping (built from *all* outlets of the story) to every builder with
``colors=`` so an outlet keeps its colour even in a chart where some outlets are missing.

User text (outlet names, actor names, cluster labels, sentences) is HTML-escaped before it
goes into a figure, because plotly interprets a small set of tags in labels and hover text.
``chart.data`` keeps the raw text.

The builders never call scorers; they only read tables.

Examples
--------
>>> import pandas as pd
>>> from framing.charts import profile_chart
>>> articles = pd.DataFrame({"outlet": ["A", "B"], "title": ["a", "b"],
...     "hedge_rate": [1.0, 2.0], "hedge_rate_lo": [0.5, 1.5], "hedge_rate_hi": [1.5, 2.5]})
>>> chart = profile_chart(articles)
>>> chart.name, len(chart.figure.data), list(chart.data.columns)[:3]
('profile', 2, ['metric', 'label', 'unit'])
"""

from __future__ import annotations

import html
import math
import textwrap
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from framing.models import METRICS

__all__ = [
    "OKABE_ITO",
    "TEMPLATE",
    "TOL_MUTED",
    "VERB_KIND_STYLE",
    "Chart",
    "actor_tone_chart",
    "all_charts",
    "coverage_heatmap",
    "emphasis_chart",
    "modebar_config",
    "outlet_colors",
    "profile_chart",
    "quotes_chart",
    "sentence_map",
    "stance_chart",
]

TEMPLATE = "plotly_white"

# Okabe & Ito (2008) colour-blind-safe palette, in its usual order with black moved last
# (black reads as axis/text ink, so it is the least distinctive mark colour).
OKABE_ITO: tuple[str, ...] = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#F0E442",  # yellow
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#000000",  # black
)
# Paul Tol's "muted" qualitative palette (also colour-blind safe), for outlets 9 and up.
TOL_MUTED: tuple[str, ...] = (
    "#CC6677",
    "#332288",
    "#DDCC77",
    "#117733",
    "#88CCEE",
    "#882255",
    "#44AA99",
    "#999933",
    "#AA4499",
)
# Reporting-verb kinds: told apart by lightness AND pattern, so not by hue alone, and kept off
# the outlet palette so they are never mistaken for an outlet.
VERB_KIND_STYLE: dict[str, tuple[str, str, str]] = {
    # kind: (label, colour, bar pattern)
    "loaded": ("loaded verb (claimed, admitted…)", "#3B3B3B", "/"),
    "neutral": ("neutral verb (said, told…)", "#9E9E9E", ""),
    "": ("no reporting verb found", "#DCDCDC", "."),
}

_LEGEND_TOP = {
    "orientation": "h",
    "yanchor": "bottom",
    "y": 1.02,
    "xanchor": "left",
    "x": 0.0,
    "title": {"text": "Outlet"},
}
_MAX_LABEL = 40


class Chart(NamedTuple):
    """A built chart: the figure, exactly the data plotted, and a file-name stem."""

    figure: go.Figure
    data: pd.DataFrame
    name: str


def outlet_colors(outlets: Sequence[str]) -> dict[str, str]:
    """One colour per outlet, stable and colour-blind safe.

    Outlet names are de-duplicated and sorted; the first eight get the Okabe–Ito palette,
    the rest cycle through Paul Tol's muted palette.

    Parameters
    ----------
    outlets : sequence of str
        Outlet names (duplicates allowed); pass all outlets of the story.

    Returns
    -------
    dict
        Outlet name to ``"#RRGGBB"``.

    Examples
    --------
    >>> outlet_colors(["b", "a", "b"])
    {'a': '#E69F00', 'b': '#56B4E9'}
    """
    names = sorted({str(o) for o in outlets})
    colors: dict[str, str] = {}
    for i, name in enumerate(names):
        if i < len(OKABE_ITO):
            colors[name] = OKABE_ITO[i]
        else:
            colors[name] = TOL_MUTED[(i - len(OKABE_ITO)) % len(TOL_MUTED)]
    return colors


def modebar_config(name: str, *, image_format: str = "png") -> dict:
    """``config=`` for ``st.plotly_chart``: the camera button saves ``<name>.<format>`` at 2×.

    Plotly's modebar has a single image button; pass ``image_format="svg"`` for a second
    chart config that saves SVG in the browser (no server needed). Server-side PNG and SVG
    of every chart are in :func:`framing.report.figures_zip`.

    Parameters
    ----------
    name : str
        File-name stem (made safe here: path separators and odd characters are dropped).
    image_format : {"png", "svg", "jpeg", "webp"}
        What the camera button saves.

    Examples
    --------
    >>> modebar_config("profile")["toImageButtonOptions"]["filename"]
    'profile'
    """
    if image_format not in {"png", "svg", "jpeg", "webp"}:
        raise ValueError(f"image_format must be png, svg, jpeg or webp, not {image_format!r}")
    stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in str(name)).strip("._")
    return {
        "displaylogo": False,
        "toImageButtonOptions": {
            "format": image_format,
            "filename": stem or "chart",
            "scale": 2,
        },
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


# ---- helpers ------------------------------------------------------------------------------


def _esc(value: object) -> str:
    """Escape user text for plotly labels (plotly renders a few tags and decodes entities)."""
    return html.escape(str(value), quote=False)


def _short(value: object, n: int = _MAX_LABEL) -> str:
    text = " ".join(str(value).split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def _wrap(value: object, width: int = 60, max_lines: int = 8) -> str:
    lines = textwrap.wrap(" ".join(str(value).split()), width=width) or [""]
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], lines[max_lines - 1] + " …"]
    return "<br>".join(_esc(line) for line in lines)


def _colors_for(outlets: Sequence[str], colors: Mapping[str, str] | None) -> dict[str, str]:
    base = outlet_colors(outlets)
    if colors:
        base.update({k: v for k, v in colors.items() if k in base})
    return base


def _outlet_order(outlets: Sequence[str]) -> list[str]:
    return sorted({str(o) for o in outlets})


def _legend_rows(fig: go.Figure, width: int = 700) -> int:
    """Rough number of rows a horizontal legend needs at ``width`` px (for the top margin)."""
    names = [t.name for t in fig.data if t.name and t.showlegend is not False]
    if not names:
        return 0
    widths = [44 + 6.5 * len(html.unescape(str(n))) for n in names]
    rows, used = 1, 60  # the legend title
    for w in widths:
        if used + w > width:
            rows, used = rows + 1, 0
        used += w
    return rows


def _layout(fig: go.Figure, *, title: str, subtitle: str = "", height: int = 420) -> go.Figure:
    """Title, subtitle and legend stacked above the plot, placed in pixels so they never overlap."""
    rows = _legend_rows(fig)
    legend_top = 66  # px from the top of the figure
    plot_top = legend_top + 24 * rows + (30 if rows else 4)
    has_subplot_titles = any(
        a.yref == "paper" and a.y is not None and a.y >= 1 for a in fig.layout.annotations
    )
    plot_top += 24 if has_subplot_titles else 0
    height = int(height + plot_top - 120)
    fig.update_layout(
        template=TEMPLATE,
        title={
            "text": title,
            "subtitle": {"text": subtitle, "font": {"size": 12, "color": "#555555"}},
            "x": 0.0,
            "xanchor": "left",
            "xref": "container",
            "y": 1 - 8 / height,
            "yanchor": "top",
            "yref": "container",
            "pad": {"l": 10},
        },
        legend={**_LEGEND_TOP, "yref": "container", "y": 1 - legend_top / height, "yanchor": "top"},
        height=height,
        margin={"t": plot_top, "l": 10, "r": 20, "b": 60},
        font={"size": 13},
    )
    return fig


def _empty(name: str, title: str, message: str) -> Chart:
    fig = go.Figure()
    _layout(fig, title=title, subtitle=message, height=260)
    fig.add_annotation(
        text=_esc(message), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper"
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return Chart(fig, pd.DataFrame(), name)


def _clean(df: pd.DataFrame, text: Sequence[str] = (), numbers: Sequence[str] = ()) -> pd.DataFrame:
    """A copy with missing text as "" (outlet: "(unnamed)") and numbers coerced (NaN if bad)."""
    out = df.reset_index(drop=True).copy()
    for col in text:
        if col in out:
            fill = "(unnamed)" if col == "outlet" else ""
            out[col] = out[col].astype(object).where(out[col].notna(), fill).astype(str)
    for col in numbers:
        if col in out:
            out[col] = pd.to_numeric(out[col], errors="coerce")
    return out


def _num(series: pd.Series) -> np.ndarray:
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float)


def _row_labels(df: pd.DataFrame) -> pd.Series:
    """Outlet name per row; with several articles from one outlet, add the short title."""
    outlet = df["outlet"].astype(str)
    dup = outlet.duplicated(keep=False)
    if not dup.any():
        return outlet
    title = df["title"].astype(str) if "title" in df else df.index.astype(str)
    return outlet.where(~dup, outlet + " · " + title.map(lambda t: _short(t, 24)))


# ---- builders -----------------------------------------------------------------------------


def profile_chart(
    articles: pd.DataFrame,
    *,
    metrics: Sequence[str] | None = None,
    colors: Mapping[str, str] | None = None,
) -> Chart:
    """Outlet profiles: one small panel per measure, one bar per article, 95% CI whiskers.

    Parameters
    ----------
    articles : DataFrame
        Needs ``outlet`` and the metric columns (``models.METRICS``); uses ``*_lo``/``*_hi``
        for whiskers where present, and ``title`` to tell apart two articles of one outlet.
    metrics : sequence of str, optional
        Metric columns to show, in order (default: every ``METRICS`` column present).
    colors : mapping, optional
        Outlet colours (default :func:`outlet_colors` of the table's outlets).

    Returns
    -------
    Chart
        ``data`` columns: metric, label, unit, outlet, article, value, lo, hi.
    """
    name, title = "profile", "Outlet profiles"
    wanted = list(metrics) if metrics is not None else list(METRICS)
    present = [m for m in wanted if m in articles.columns]
    if articles.empty or not present:
        return _empty(name, title, "No articles to compare yet.")
    articles = _clean(articles, text=("outlet", "title"))
    labels = _row_labels(articles)
    rows = []
    for col in present:
        meta = METRICS.get(col)
        for i, rec in articles.reset_index(drop=True).iterrows():
            rows.append(
                {
                    "metric": col,
                    "label": meta.label if meta else col,
                    "unit": meta.unit if meta else "",
                    "outlet": str(rec["outlet"]),
                    "article": labels[i],
                    "value": _num(pd.Series([rec[col]]))[0],
                    "lo": _num(pd.Series([rec.get(f"{col}_lo", np.nan)]))[0],
                    "hi": _num(pd.Series([rec.get(f"{col}_hi", np.nan)]))[0],
                }
            )
    data = pd.DataFrame(rows)
    outlets = _outlet_order(data["outlet"])
    cmap = _colors_for(outlets, colors)
    n_rows = len(present)
    n_bars = data["article"].nunique()
    gap = 64  # px between panels: room for the unit and the next panel's title
    plot_h = n_rows * (24 * n_bars + 16) + (n_rows - 1) * gap
    fig = make_subplots(
        rows=n_rows,
        cols=1,
        subplot_titles=[_esc(METRICS[c].label if c in METRICS else c) for c in present],
        vertical_spacing=gap / plot_h,
    )
    order = [_esc(a) for a in sorted(data["article"].unique(), reverse=True)]
    for r, col in enumerate(present, start=1):
        part = data[data["metric"] == col]
        for outlet in outlets:
            sub = part[part["outlet"] == outlet]
            if sub.empty:
                continue
            val = sub["value"].to_numpy(dtype=float)
            lo = sub["lo"].to_numpy(dtype=float)
            hi = sub["hi"].to_numpy(dtype=float)
            has_ci = bool(np.isfinite(lo).any() or np.isfinite(hi).any())
            fig.add_trace(
                go.Bar(
                    x=val,
                    y=[_esc(a) for a in sub["article"]],
                    orientation="h",
                    name=_esc(outlet),
                    legendgroup=_esc(outlet),
                    showlegend=r == 1,
                    marker={"color": cmap[outlet], "line": {"color": "#333333", "width": 0.5}},
                    error_x={
                        "type": "data",
                        "array": np.nan_to_num(hi - val, nan=0.0).clip(min=0),
                        "arrayminus": np.nan_to_num(val - lo, nan=0.0).clip(min=0),
                        "color": "#333333",
                        "thickness": 1.5,
                        "visible": has_ci,
                    },
                    hovertemplate="%{y}: %{x:.3g}<extra>" + _esc(col) + "</extra>",
                ),
                row=r,
                col=1,
            )
        unit = METRICS[col].unit if col in METRICS else ""
        fig.update_xaxes(
            title={"text": _esc(unit), "font": {"size": 11}, "standoff": 2},
            zeroline=True,
            row=r,
            col=1,
        )
        fig.update_yaxes(categoryorder="array", categoryarray=order, row=r, col=1)
    height = plot_h + 60 + 120
    _layout(
        fig,
        title=title,
        subtitle="Bars: value per article · whiskers: 95% bootstrap interval (sentences resampled)",
        height=height,
    )
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text="Outlet", row=(n_rows + 1) // 2, col=1)
    fig.update_annotations(font_size=13)
    return Chart(fig, data, name)


def stance_chart(stance: pd.DataFrame, *, colors: Mapping[str, str] | None = None) -> Chart:
    """Stance positions: one row per axis, one dot per article in [-1, 1], 95% CI whiskers.

    Parameters
    ----------
    stance : DataFrame
        ``models.STANCE_COLUMNS``: outlet, axis, left_label, right_label, position,
        position_lo, position_hi (n_left/n_right go into the hover and the data).
    colors : mapping, optional
        Outlet colours.

    Returns
    -------
    Chart
        ``data`` columns: axis, left_label, right_label, outlet, position, lo, hi,
        n_left, n_right, y (the plotted row position).
    """
    name, title = "stance", "Stance on each axis"
    need = {"outlet", "axis", "position"}
    if stance is None or stance.empty or not need <= set(stance.columns):
        return _empty(name, title, "No stance axis terms found in these articles.")
    df = _clean(stance, text=("outlet", "axis", "left_label", "right_label"))
    for col in ("left_label", "right_label"):
        if col not in df:
            df[col] = ""
    for col in ("position_lo", "position_hi", "n_left", "n_right"):
        if col not in df:
            df[col] = np.nan
    # an article with no term of an axis has no position on it (not a neutral 0)
    n_terms = _num(df["n_left"]) + _num(df["n_right"])
    df = df[~(n_terms == 0) & np.isfinite(_num(df["position"]))].reset_index(drop=True)
    if df.empty:
        return _empty(name, title, "No stance axis terms found in these articles.")
    axes = list(dict.fromkeys(df["axis"].astype(str)))
    outlets = _outlet_order(df["outlet"])
    cmap = _colors_for(outlets, colors)
    n_out = len(outlets)
    offsets = {
        o: (i - (n_out - 1) / 2) * min(0.5 / max(n_out, 1), 0.15) for i, o in enumerate(outlets)
    }
    axis_y = {a: float(len(axes) - 1 - i) for i, a in enumerate(axes)}  # first axis on top
    df["y"] = [
        axis_y[str(a)] + offsets[str(o)] for a, o in zip(df["axis"], df["outlet"], strict=True)
    ]
    data = pd.DataFrame(
        {
            "axis": df["axis"].astype(str),
            "left_label": df["left_label"].astype(str),
            "right_label": df["right_label"].astype(str),
            "outlet": df["outlet"].astype(str),
            "position": _num(df["position"]),
            "lo": _num(df["position_lo"]),
            "hi": _num(df["position_hi"]),
            "n_left": _num(df["n_left"]),
            "n_right": _num(df["n_right"]),
            "y": df["y"],
        }
    )
    fig = go.Figure()
    fig.add_vline(x=0, line={"color": "#888888", "width": 1, "dash": "dot"})
    for outlet in outlets:
        sub = data[data["outlet"] == outlet]
        pos, lo, hi = sub["position"].to_numpy(), sub["lo"].to_numpy(), sub["hi"].to_numpy()
        fig.add_trace(
            go.Scatter(
                x=pos,
                y=sub["y"],
                mode="markers",
                name=_esc(outlet),
                marker={
                    "color": cmap[outlet],
                    "size": 13,
                    "line": {"color": "#222222", "width": 1},
                },
                error_x={
                    "type": "data",
                    "array": np.nan_to_num(hi - pos, nan=0.0).clip(min=0),
                    "arrayminus": np.nan_to_num(pos - lo, nan=0.0).clip(min=0),
                    "color": cmap[outlet],
                    "thickness": 2,
                    "width": 4,
                },
                customdata=np.column_stack(
                    [
                        [_esc(a) for a in sub["axis"]],
                        sub["lo"],
                        sub["hi"],
                        sub["n_left"],
                        sub["n_right"],
                    ]
                ),
                hovertemplate=(
                    "%{customdata[0]}<br>position %{x:+.2f} (95%: %{customdata[1]:+.2f} … "
                    "%{customdata[2]:+.2f})<br>terms: %{customdata[3]} left · %{customdata[4]} right"
                    "<extra>" + _esc(outlet) + "</extra>"
                ),
            )
        )
    for axis in axes:
        row = df[df["axis"].astype(str) == axis].iloc[0]
        y = axis_y[axis]
        for x, text, anchor in (
            (-1.0, f"← {_short(row['left_label'], 28)}", "left"),
            (1.0, f"{_short(row['right_label'], 28)} →", "right"),
        ):
            fig.add_annotation(
                x=x,
                y=y + 0.38,
                text=_esc(text),
                showarrow=False,
                xanchor=anchor,
                font={"size": 12, "color": "#444444"},
            )
    fig.update_xaxes(
        range=[-1.08, 1.08],
        title_text="Position (−1 = left pole, +1 = right pole)",
        zeroline=False,
        tickvals=[-1, -0.5, 0, 0.5, 1],
    )
    fig.update_yaxes(
        tickvals=[axis_y[a] for a in axes],
        ticktext=[_esc(_short(a, 28)) for a in axes],
        range=[-0.6, len(axes) - 0.4 + 0.1],
        title_text="Stance axis",
        showgrid=False,
    )
    _layout(
        fig,
        title=title,
        subtitle="Dot: mean pole of stance terms (−1…+1) · whiskers: 95% bootstrap interval · no dot: no term of that axis",
        height=170 + 110 * len(axes),
    )
    return Chart(fig, data, name)


def _coverage_frame(coverage: pd.DataFrame) -> pd.DataFrame:
    df = _clean(coverage, text=("outlet", "label"), numbers=("share", "emphasis"))
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


def coverage_heatmap(coverage: pd.DataFrame) -> Chart:
    """Outlet × sentence cluster: share of each outlet's sentences; omissions marked ✕.

    Parameters
    ----------
    coverage : DataFrame
        ``models.COVERAGE_COLUMNS``: outlet, cluster, label, share, omitted.

    Returns
    -------
    Chart
        ``data`` columns: cluster, label, outlet, share, sentences, omitted.
    """
    name, title = "coverage", "What each outlet covers"
    if coverage is None or coverage.empty or not {"outlet", "cluster", "share"} <= set(coverage):
        return _empty(name, title, "No sentence clusters yet.")
    df = _coverage_frame(coverage)
    if df.empty:
        return _empty(name, title, "No sentence clusters yet.")
    outlets = _outlet_order(df["outlet"])
    # clusters ordered by pooled size (largest first, top row)
    size = df.groupby("cluster_label")["share"].sum().sort_values(ascending=False)
    labels = list(size.index)
    share = df.pivot_table(index="cluster_label", columns="outlet", values="share", aggfunc="sum")
    share = share.reindex(index=labels, columns=outlets).fillna(0.0)
    omitted = df.pivot_table(
        index="cluster_label", columns="outlet", values="omitted", aggfunc="max"
    )
    omitted = omitted.reindex(index=labels, columns=outlets).fillna(False).astype(bool)
    text = np.where(
        omitted.to_numpy(),
        "✕ omitted",
        np.vectorize(lambda v: f"{v:.0%}" if v > 0 else "–", otypes=[object])(share.to_numpy()),
    )
    fig = go.Figure(
        go.Heatmap(
            z=np.where(omitted.to_numpy(), np.nan, share.to_numpy()),
            x=[_esc(_short(o, 24)) for o in outlets],
            y=[_esc(_short(lab)) for lab in labels],
            text=text,
            texttemplate="%{text}",
            textfont={"size": 12},
            colorscale="Cividis",
            zmin=0,
            zmax=max(float(share.to_numpy().max()), 1e-9),
            colorbar={"title": {"text": "Share"}, "tickformat": ".0%", "nticks": 5},
            xgap=2,
            ygap=2,
            hovertemplate="%{y}<br>%{x}: %{z:.1%} of its sentences<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", title_text="Cluster")
    fig.update_xaxes(title_text="Outlet", side="bottom")
    _layout(
        fig,
        title=title,
        subtitle="Cell: share of the outlet's sentences in the cluster · ✕ omitted: others cover it, this outlet does not",
        height=max(330, 180 + 32 * len(labels)),
    )
    data = (
        df[["cluster", "label", "outlet", "share", "omitted"]]
        .assign(sentences=df.get("sentences", np.nan))
        .sort_values(["cluster", "outlet"])
        .reset_index(drop=True)
    )
    return Chart(fig, data, name)


def emphasis_chart(
    coverage: pd.DataFrame, *, colors: Mapping[str, str] | None = None, top: int = 15
) -> Chart:
    """Emphasis per cluster and outlet: share ÷ pooled share (1 = as much as everyone).

    Parameters
    ----------
    coverage : DataFrame
        ``models.COVERAGE_COLUMNS``: outlet, cluster, label, emphasis, share, pooled_share.
    colors : mapping, optional
        Outlet colours.
    top : int
        Show the ``top`` clusters with the largest pooled share.

    Returns
    -------
    Chart
        ``data`` columns: cluster, label, outlet, emphasis, share, pooled_share, omitted.
    """
    name, title = "emphasis", "Emphasis: which outlet dwells on which part of the story"
    if coverage is None or coverage.empty or not {"outlet", "cluster", "emphasis"} <= set(coverage):
        return _empty(name, title, "No sentence clusters yet.")
    df = _coverage_frame(coverage)
    if df.empty:
        return _empty(name, title, "No sentence clusters yet.")
    for col in ("share", "pooled_share"):
        if col not in df:
            df[col] = np.nan
    pooled = (
        df.groupby("cluster_label")["pooled_share"].max().fillna(0).sort_values(ascending=False)
    )
    keep = list(pooled.index[:top])
    df = df[df["cluster_label"].isin(keep)]
    outlets = _outlet_order(df["outlet"])
    cmap = _colors_for(outlets, colors)
    df = df.assign(emphasis=_num(df["emphasis"]))
    fig = go.Figure()
    fig.add_vline(x=1, line={"color": "#888888", "width": 1, "dash": "dot"})
    ylabels = {lab: _esc(_short(lab)) for lab in keep}
    for outlet in outlets:
        sub = (
            df[df["outlet"] == outlet]
            .groupby("cluster_label")
            .agg(emphasis=("emphasis", "mean"), omitted=("omitted", "max"))
            .reindex(keep)
        )
        fig.add_trace(
            go.Bar(
                x=sub["emphasis"].to_numpy(dtype=float),
                y=[ylabels[k] for k in keep],
                orientation="h",
                name=_esc(outlet),
                text=np.where(sub["omitted"].fillna(False).astype(bool), "✕ omitted", ""),
                textposition="outside",
                cliponaxis=False,
                marker={"color": cmap[outlet], "line": {"color": "#333333", "width": 0.5}},
                hovertemplate="%{y}<br>emphasis %{x:.2f}<extra>" + _esc(outlet) + "</extra>",
            )
        )
    fig.update_yaxes(
        categoryorder="array",
        categoryarray=[ylabels[k] for k in keep],
        autorange="reversed",
        title_text="Sentence cluster",
    )
    fig.update_xaxes(title_text="Emphasis (outlet share ÷ pooled share; 1 = average, 0 = omitted)")
    _layout(
        fig,
        title=title,
        subtitle=f"Largest {len(keep)} clusters by pooled share · dotted line: equal emphasis",
        height=170 + len(keep) * (10 + 14 * len(outlets)),
    )
    fig.update_layout(barmode="group")
    data = (
        df[["cluster", "label", "outlet", "emphasis", "share", "pooled_share", "omitted"]]
        .sort_values(["cluster", "outlet"])
        .reset_index(drop=True)
    )
    return Chart(fig, data, name)


def actor_tone_chart(
    actors: pd.DataFrame, *, colors: Mapping[str, str] | None = None, top: int = 12
) -> Chart:
    """Actor tone per outlet, in the outlet's own words vs inside quotes; dot size = mentions.

    Parameters
    ----------
    actors : DataFrame
        ``models.ACTOR_COLUMNS``: outlet, actor, mentions, tone_own, n_own, tone_quoted,
        n_quoted. Several articles of one outlet are pooled (tone weighted by n).
    colors : mapping, optional
        Outlet colours.
    top : int
        Show the ``top`` actors by total mentions.

    Returns
    -------
    Chart
        ``data`` columns: actor, outlet, where ("own words" | "quoted"), tone, n, mentions.
    """
    name, title = "actor_tone", "How each outlet speaks about the actors"
    need = {"outlet", "actor", "mentions", "tone_own", "tone_quoted"}
    if actors is None or actors.empty or not need <= set(actors.columns):
        return _empty(name, title, "No actor mentions found.")
    df = _clean(actors, text=("outlet", "actor"), numbers=("mentions",))
    df["mentions"] = df["mentions"].fillna(0)
    for col in ("n_own", "n_quoted"):
        if col not in df:
            df[col] = 1
    rows = []
    for (actor, outlet), g in df.groupby(["actor", "outlet"], sort=True):
        mentions = float(_num(g["mentions"]).sum())
        for where, tone_col, n_col in (
            ("own words", "tone_own", "n_own"),
            ("quoted", "tone_quoted", "n_quoted"),
        ):
            tone, n = _num(g[tone_col]), np.nan_to_num(_num(g[n_col]))
            ok = np.isfinite(tone) & (n > 0)
            value = float(np.average(tone[ok], weights=n[ok])) if ok.any() else np.nan
            rows.append(
                {
                    "actor": str(actor),
                    "outlet": str(outlet),
                    "where": where,
                    "tone": value,
                    "n": float(n[ok].sum()),
                    "mentions": mentions,
                }
            )
    data = pd.DataFrame(rows)
    ranking = data.drop_duplicates(["actor", "outlet"]).groupby("actor")["mentions"].sum()
    keep = list(ranking.sort_values(ascending=False, kind="stable").index[:top])
    data = data[data["actor"].isin(keep) & data["tone"].notna()].reset_index(drop=True)
    if data.empty:
        return _empty(name, title, "No tone could be measured around the actors.")
    outlets = _outlet_order(data["outlet"])
    cmap = _colors_for(outlets, colors)
    n_out = len(outlets)
    offsets = {
        o: (i - (n_out - 1) / 2) * min(0.6 / max(n_out, 1), 0.18) for i, o in enumerate(outlets)
    }
    ypos = {a: float(len(keep) - 1 - i) for i, a in enumerate(keep)}
    data["y"] = [ypos[a] + offsets[o] for a, o in zip(data["actor"], data["outlet"], strict=True)]
    max_m = max(float(data["mentions"].max()), 1.0)
    fig = make_subplots(
        rows=1,
        cols=2,
        shared_yaxes=True,
        horizontal_spacing=0.04,
        subplot_titles=["In the outlet's own words", "Inside quotations"],
    )
    shown: set[str] = set()
    for c, where in enumerate(("own words", "quoted"), start=1):
        part = data[data["where"] == where]
        for outlet in outlets:
            sub = part[part["outlet"] == outlet]
            if sub.empty:
                continue
            first = outlet not in shown
            shown.add(outlet)
            fig.add_trace(
                go.Scatter(
                    x=sub["tone"],
                    y=sub["y"],
                    mode="markers",
                    name=_esc(outlet),
                    legendgroup=_esc(outlet),
                    showlegend=first,
                    marker={
                        "color": cmap[outlet],
                        "size": (7 + 18 * np.sqrt(sub["mentions"] / max_m)).round(1),
                        "line": {"color": "#222222", "width": 1},
                    },
                    customdata=np.column_stack(
                        [[_esc(a) for a in sub["actor"]], sub["n"], sub["mentions"]]
                    ),
                    hovertemplate=(
                        "%{customdata[0]}: tone %{x:+.2f} over %{customdata[1]} mentions "
                        f"({where})<br>%{{customdata[2]}} mentions in all<extra>{_esc(outlet)}</extra>"
                    ),
                ),
                row=1,
                col=c,
            )
        fig.add_vline(x=0, line={"color": "#888888", "width": 1, "dash": "dot"}, row=1, col=c)
        fig.update_xaxes(range=[-1.05, 1.05], title_text="Tone (VADER, −1 … +1)", row=1, col=c)
    fig.update_yaxes(
        tickvals=[ypos[a] for a in keep],
        ticktext=[_esc(_short(a, 24)) for a in keep],
        range=[-0.7, len(keep) - 0.3],
        showgrid=False,
        row=1,
        col=1,
    )
    fig.update_yaxes(title_text="Actor", row=1, col=1)
    _layout(
        fig,
        title=title,
        subtitle="Dot: mean VADER tone of the sentences that mention the actor · dot size: mentions",
        height=190 + 40 * len(keep),
    )
    return Chart(fig, data, name)


def quotes_chart(quotes: pd.DataFrame, *, top: int = 10) -> Chart:
    """Who is quoted how often, one panel per outlet, bars split by reporting-verb kind.

    Parameters
    ----------
    quotes : DataFrame
        ``models.QUOTE_COLUMNS``: outlet, speaker, actor, verb_kind, n_words.
    top : int
        Show the ``top`` speakers (by quotes, over all outlets); the rest become "others".

    Returns
    -------
    Chart
        ``data`` columns: outlet, speaker, verb_kind, quotes, words.
    """
    name, title = "quotes", "Who gets quoted, and with which verbs"
    if quotes is None or quotes.empty or "outlet" not in quotes:
        return _empty(name, title, "No direct quotations found.")
    df = _clean(quotes, text=("outlet",))
    actor = df["actor"].fillna("").astype(str).str.strip() if "actor" in df else ""
    speaker = df["speaker"].fillna("").astype(str).str.strip() if "speaker" in df else ""
    who = pd.Series(np.where(actor != "", actor, speaker), index=df.index)
    df["who"] = who.where(who != "", "(unattributed)")
    kind = (
        df["verb_kind"].fillna("").astype(str)
        if "verb_kind" in df
        else pd.Series("", index=df.index)
    )
    df["kind"] = kind.where(kind.isin(list(VERB_KIND_STYLE)), "")
    df["words"] = _num(df["n_words"]) if "n_words" in df else np.nan
    ranking = df["who"].value_counts(sort=False).sort_index()
    ranking = ranking.sort_values(ascending=False, kind="stable")
    keep = set(ranking.index[:top])
    df["who"] = df["who"].where(df["who"].isin(keep), "(others)")
    data = (
        df.groupby(["outlet", "who", "kind"], sort=True)
        .agg(quotes=("who", "size"), words=("words", "sum"))
        .reset_index()
        .rename(columns={"who": "speaker", "kind": "verb_kind"})
    )
    outlets = _outlet_order(data["outlet"])
    speakers = [s for s in ranking.index if s in keep] + (
        ["(others)"] if (data["speaker"] == "(others)").any() else []
    )
    n_out = len(outlets)
    cols = min(n_out, 3)
    rows_n = math.ceil(n_out / cols)
    fig = make_subplots(
        rows=rows_n,
        cols=cols,
        shared_yaxes=True,
        subplot_titles=[_esc(_short(o, 30)) for o in outlets],
        horizontal_spacing=0.05,
        # plotly refuses a spacing above 1 / (rows - 1): shrink it as panels are added
        vertical_spacing=min(0.12, 0.5 / (rows_n - 1)) if rows_n > 1 else 0.0,
    )
    ylab = {s: _esc(_short(s, 26)) for s in speakers}
    for i, outlet in enumerate(outlets):
        r, c = divmod(i, cols)
        for kind_key, (label, color, pattern) in VERB_KIND_STYLE.items():
            sub = data[(data["outlet"] == outlet) & (data["verb_kind"] == kind_key)]
            if sub.empty:
                continue
            fig.add_trace(
                go.Bar(
                    x=sub["quotes"],
                    y=[ylab[s] for s in sub["speaker"]],
                    orientation="h",
                    name=label,
                    legendgroup=kind_key or "none",
                    showlegend=not any(t.legendgroup == (kind_key or "none") for t in fig.data),
                    marker={
                        "color": color,
                        "pattern": {"shape": pattern, "fgcolor": "#FFFFFF"},
                        "line": {"color": "#333333", "width": 0.5},
                    },
                    customdata=sub["words"],
                    hovertemplate="%{y}: %{x} quotes, %{customdata} words<extra>"
                    + _esc(outlet)
                    + "</extra>",
                ),
                row=r + 1,
                col=c + 1,
            )
        fig.update_xaxes(title_text="Quotations", row=r + 1, col=c + 1)
    for r in range(1, rows_n + 1):
        fig.update_yaxes(
            categoryorder="array",
            categoryarray=[ylab[s] for s in speakers],
            autorange="reversed",
            row=r,
            col=1,
        )
    fig.update_yaxes(title_text="Speaker", col=1)
    _layout(
        fig,
        title=title,
        subtitle="Bars: direct quotations per speaker · shade and pattern: the reporting verb used",
        height=150 + rows_n * (60 + 24 * len(speakers)),
    )
    fig.update_layout(barmode="stack", legend_title_text="Reporting verb")
    return Chart(fig, data, name)


def sentence_map(sentences: pd.DataFrame, *, colors: Mapping[str, str] | None = None) -> Chart:
    """Every sentence: where it sits in its article (x) and how intense it is (y).

    Hedged sentences are drawn as open diamonds, the others as dots; hover shows the text.

    Parameters
    ----------
    sentences : DataFrame
        ``models.SENTENCE_COLUMNS``: article_id, outlet, sent_id, text, intensity, hedge.
    colors : mapping, optional
        Outlet colours.

    Returns
    -------
    Chart
        ``data`` columns: article_id, outlet, sent_id, position, intensity, hedge, hedged, text.
    """
    name, title = "sentence_map", "Sentence map: where the intense sentences are"
    need = {"article_id", "outlet", "sent_id", "intensity"}
    if sentences is None or sentences.empty or not need <= set(sentences.columns):
        return _empty(name, title, "No sentences yet.")
    df = _clean(sentences, text=("outlet", "article_id"), numbers=("sent_id",))
    if "is_heading" in df:
        df = df[~df["is_heading"].fillna(False).astype(bool)]
    df = df.sort_values(["article_id", "sent_id"], kind="stable")
    n = df.groupby("article_id")["sent_id"].transform("count")
    rank = df.groupby("article_id").cumcount()
    df["position"] = np.where(n > 1, rank / (n - 1).clip(lower=1), 0.0)
    df["hedge"] = _num(df["hedge"]) if "hedge" in df else 0.0
    df["hedged"] = np.nan_to_num(df["hedge"]) > 0
    df["intensity"] = _num(df["intensity"])
    df["text"] = df["text"].astype(str) if "text" in df else ""
    data = df[
        ["article_id", "outlet", "sent_id", "position", "intensity", "hedge", "hedged", "text"]
    ]
    data = data.reset_index(drop=True)
    outlets = _outlet_order(data["outlet"])
    cmap = _colors_for(outlets, colors)
    fig = go.Figure()
    for outlet in outlets:
        for hedged in (False, True):
            sub = data[(data["outlet"] == outlet) & (data["hedged"] == hedged)]
            if sub.empty:
                continue
            fig.add_trace(
                go.Scatter(
                    x=sub["position"],
                    y=sub["intensity"],
                    mode="markers",
                    name=_esc(outlet) + (" (hedged)" if hedged else ""),
                    legendgroup=_esc(outlet),
                    marker={
                        "color": cmap[outlet],
                        "size": 11 if hedged else 10,
                        "symbol": "diamond-open" if hedged else "circle",
                        "line": {"color": cmap[outlet], "width": 2},
                        "opacity": 0.85,
                    },
                    text=[_wrap(t) for t in sub["text"]],
                    customdata=np.column_stack([sub["sent_id"], sub["hedge"].fillna(0)]),
                    hovertemplate=(
                        "sentence %{customdata[0]} · intensity %{y:.2f} · hedge %{customdata[1]:.2f}"
                        "<br>%{text}<extra>" + _esc(outlet) + "</extra>"
                    ),
                )
            )
    top = float(np.nanmax(data["intensity"])) if data["intensity"].notna().any() else 1.0
    top = top if top > 0 else 1.0
    fig.update_xaxes(
        title_text="Position in the article (0 = first sentence, 1 = last)", range=[-0.03, 1.03]
    )
    fig.update_yaxes(
        title_text="Intensity (weighted cues in the sentence)", range=[-0.06 * top, 1.08 * top]
    )
    _layout(
        fig,
        title=title,
        subtitle="One mark per sentence · ● no hedge · ◇ contains a hedge · hover for the text",
        height=440,
    )
    return Chart(fig, data, name)


def all_charts(
    *,
    articles: pd.DataFrame | None = None,
    stance: pd.DataFrame | None = None,
    coverage: pd.DataFrame | None = None,
    actors: pd.DataFrame | None = None,
    quotes: pd.DataFrame | None = None,
    sentences: pd.DataFrame | None = None,
) -> list[Chart]:
    """Every chart the tables allow, with one colour mapping for all (for exports).

    Tables passed as ``None`` or empty are skipped.
    """
    outlets: list[str] = []
    for t in (articles, stance, coverage, actors, quotes, sentences):
        if t is not None and not t.empty and "outlet" in t:
            outlets.extend(t["outlet"].astype(str))
    cmap = outlet_colors(outlets)
    out: list[Chart] = []
    if articles is not None and not articles.empty:
        out.append(profile_chart(articles, colors=cmap))
    if stance is not None and not stance.empty:
        out.append(stance_chart(stance, colors=cmap))
    if coverage is not None and not coverage.empty:
        out.append(coverage_heatmap(coverage))
        out.append(emphasis_chart(coverage, colors=cmap))
    if actors is not None and not actors.empty:
        out.append(actor_tone_chart(actors, colors=cmap))
    if quotes is not None and not quotes.empty:
        out.append(quotes_chart(quotes))
    if sentences is not None and not sentences.empty:
        out.append(sentence_map(sentences, colors=cmap))
    return out

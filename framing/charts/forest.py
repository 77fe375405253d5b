"""Forest plots: one row per article, a dot with its 95% interval, small multiples per measure.

:func:`profile_chart` draws the five measures side by side, every panel with the same row
order (sorted by one measure) and its own scale, with a dashed line at the story as a whole
(all articles pooled). :func:`stance_chart` draws one panel per stance axis the same way, with
the balanced band shaded, so rows never stack on each other.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from framing.charts.base import (
    GREY_LINE,
    INK,
    Chart,
    article_rows,
    clean,
    colors_for,
    empty,
    esc,
    is_grey,
    layout,
    num,
    rows_height,
    rows_yaxis,
    select_rows,
    short,
)
from framing.models import BALANCED, METRICS

__all__ = ["pooled_value", "profile_chart", "stance_chart"]

_MARGINS = 150  # px of a forest plot outside its rows (axis titles, panel titles, foot)


def pooled_value(articles: pd.DataFrame, column: str) -> float:
    """The story as a whole on one measure: rates and shares weighted by words (exactly the
    pooled rate), the tone mean weighted by sentences.

    >>> arts = pd.DataFrame({"hedge_rate": [1.0, 4.0], "n_words": [300, 100]})
    >>> pooled_value(arts, "hedge_rate")
    1.75
    """
    if column not in articles:
        return float("nan")
    values = num(articles[column])
    weight_col = "n_sentences" if column == "sentiment_mean" else "n_words"
    weights = num(articles[weight_col]) if weight_col in articles else np.ones(len(values))
    ok = np.isfinite(values) & np.isfinite(weights) & (weights > 0)
    if not ok.any():
        return float("nan")
    return float(np.average(values[ok], weights=weights[ok]))


def _unit_word(df: pd.DataFrame) -> str:
    """ "outlet" at outlet grain (pooled units), else "article"."""
    ids = df["article_id"].astype(str) if "article_id" in df else pd.Series([], dtype=str)
    return "outlet" if len(ids) and ids.str.startswith("outlet:").all() else "article"


def _dot_traces(
    fig: go.Figure,
    part: pd.DataFrame,
    cmap: Mapping[str, str],
    *,
    col: int,
    hover: str,
    size: int = 10,
    text: Sequence[str] | None = None,
) -> None:
    """Grey rows first (one trace), then each coloured row (one trace each, on top)."""
    grey = [r for r in part["row"] if is_grey(cmap[r])]
    groups = [("others", grey)] + [(r, [r]) for r in part["row"] if not is_grey(cmap[r])]
    for name, rows in groups:
        sub = part[part["row"].isin(rows)]
        if sub.empty:
            continue
        color = cmap[rows[0]] if name != "others" else cmap[grey[0]]
        val, lo, hi = (sub[c].to_numpy(dtype=float) for c in ("value", "lo", "hi"))
        has_ci = bool(np.isfinite(lo).any() or np.isfinite(hi).any())
        fig.add_trace(
            go.Scatter(
                x=val,
                y=[esc(r) for r in sub["row"]],
                mode="markers+text" if text is not None else "markers",
                text=None if text is None else [text[i] for i in sub.index],
                textposition=[
                    "top left" if v > 0.5 else "top right" if v < -0.5 else "top center"
                    for v in sub["value"]
                ],
                textfont={"size": 12, "color": INK},
                name=esc(name),
                showlegend=False,
                marker={"color": color, "size": size, "line": {"color": INK, "width": 0.8}},
                error_x={
                    "type": "data",
                    "array": np.nan_to_num(hi - val, nan=0.0).clip(min=0),
                    "arrayminus": np.nan_to_num(val - lo, nan=0.0).clip(min=0),
                    "color": GREY_LINE if name == "others" else color,
                    "thickness": 2,
                    "width": 0,
                    "visible": has_ci,
                },
                hovertemplate=hover,
            ),
            row=1,
            col=col,
        )


def profile_chart(
    articles: pd.DataFrame,
    *,
    metrics: Sequence[str] | None = None,
    colors: Mapping[str, str] | None = None,
    sort_by: str | None = None,
    max_rows: int | None = None,
    pooled: Mapping[str, float] | None = None,
) -> Chart:
    """Outlet profiles as a forest plot: one row per article, one panel per measure.

    Every panel shares one row order (highest ``sort_by`` on top) and has its own scale;
    a dot is the article's value, its line the 95% bootstrap interval, the dashed line the
    story as a whole. Rows are labelled, so there is no legend; focus rows are coloured
    (``colors`` from :func:`framing.comparison.focus_colors`), the others grey.

    Parameters
    ----------
    articles : DataFrame
        Needs ``outlet`` and the metric columns (``models.METRICS``); uses ``*_lo``/``*_hi``
        for intervals, ``n_words``/``n_sentences`` for the pooled line, ``title`` and
        ``published`` to tell apart two articles of one outlet.
    metrics : sequence of str, optional
        Metric columns to show, in order (default: every ``METRICS`` column present).
    colors : mapping, optional
        Row label → colour.
    sort_by : str, optional
        The measure that orders the rows (default the first shown).
    max_rows : int, optional
        Keep the top and bottom rows only (the subtitle says so).
    pooled : mapping, optional
        Metric → the story's pooled value, when the caller has it from the sentences;
        default :func:`pooled_value`.

    Returns
    -------
    Chart
        ``data`` columns: measure, unit, row, outlet, value, 95% low, 95% high,
        story as a whole (one row per dot).
    """
    name, title = "profile", "Outlet profiles"
    wanted = list(metrics) if metrics is not None else list(METRICS)
    present = [m for m in wanted if m in articles.columns]
    if articles.empty or not present:
        return empty(name, title, "No articles to compare yet.")
    arts = clean(articles, text=("outlet", "title", "published"))
    arts["row"] = article_rows(arts).to_numpy()
    key = sort_by if sort_by in present else present[0]
    order = list(
        arts.assign(_v=num(arts[key])).sort_values("_v", ascending=False, na_position="last")["row"]
    )
    order, note = select_rows(order, max_rows)
    arts = arts[arts["row"].isin(order)]
    cmap = colors_for(order, colors)
    parts = []
    for col in present:
        meta = METRICS.get(col)
        lo_col, hi_col = f"{col}_lo", f"{col}_hi"
        parts.append(
            pd.DataFrame(
                {
                    "measure": meta.label if meta else col,
                    "unit": meta.unit if meta else "",
                    "row": arts["row"].to_numpy(),
                    "outlet": arts["outlet"].to_numpy(),
                    "value": num(arts[col]),
                    "lo": num(arts[lo_col]) if lo_col in arts else np.nan,
                    "hi": num(arts[hi_col]) if hi_col in arts else np.nan,
                    "story as a whole": (pooled or {}).get(col, pooled_value(articles, col)),
                    "metric": col,
                }
            )
        )
    data = pd.concat(parts, ignore_index=True)
    n = len(order)
    fig = make_subplots(
        rows=1,
        cols=len(present),
        shared_yaxes=True,
        horizontal_spacing=0.025 if len(present) > 3 else 0.05,
        subplot_titles=[esc(METRICS[c].label if c in METRICS else c) for c in present],
    )
    for c, col in enumerate(present, start=1):
        part = data[data["metric"] == col]
        unit = METRICS[col].unit if col in METRICS else ""
        fmt = ".0%" if unit == "share" else ".2f"
        _dot_traces(
            fig,
            part,
            cmap,
            col=c,
            hover=f"%{{y}}: %{{x:{fmt}}}<extra>{esc(part['measure'].iloc[0])}</extra>",
            size=11 if n <= 12 else 9,
        )
        whole = float(part["story as a whole"].iloc[0])
        if np.isfinite(whole):
            fig.add_vline(
                x=whole, line={"color": "#666666", "width": 1.2, "dash": "dash"}, row=1, col=c
            )
        fig.update_xaxes(
            title={"text": esc(unit), "font": {"size": 11}, "standoff": 4},
            tickformat=".0%" if unit == "share" else None,
            nticks=4,
            zeroline=True,
            zerolinecolor="#DDDDDD",
            row=1,
            col=c,
        )
    rows_yaxis(fig, order, cmap)
    unit_word = _unit_word(arts)
    subtitle = (
        f"Dot: value per {unit_word} · line: 95% bootstrap interval · dashed: the story as a "
        f"whole · sorted by {METRICS[key].label if key in METRICS else key}"
    )
    if note:
        subtitle += f" · {note}"
    layout(fig, title=title, subtitle=subtitle, height=rows_height(order) + _MARGINS)
    fig.update_annotations(font_size=13)
    out = data.drop(columns=["metric"]).rename(columns={"lo": "95% low", "hi": "95% high"})
    return Chart(fig, out.reset_index(drop=True), name)


def stance_chart(
    stance: pd.DataFrame,
    *,
    colors: Mapping[str, str] | None = None,
    axes: Sequence[str] | None = None,
    max_rows: int | None = None,
) -> Chart:
    """Stance as a forest plot: one panel per axis, one row per article, dot and interval.

    Rows are sorted by the first axis (the one that tells the outlets apart most, from
    :func:`framing.tables.axis_order`, unless ``axes`` gives the order). The shaded band is
    "balanced" (``|position| < models.BALANCED``); an article without a term of an axis has
    no dot on it (not a neutral 0). With eight rows or fewer each dot is labelled with the
    pole it leans to.

    Parameters
    ----------
    stance : DataFrame
        ``models.STANCE_COLUMNS``.
    colors : mapping, optional
        Row label → colour.
    axes : sequence of str, optional
        Axes to show, in order.
    max_rows : int, optional
        Keep the top and bottom rows only.

    Returns
    -------
    Chart
        ``data`` columns: axis, row, outlet, position (−1 … +1), 95% low, 95% high,
        reads as, left pole, right pole, left-pole terms, right-pole terms.
    """
    from framing.tables import axis_order, stance_word

    name, title = "stance", "Stance on each axis"
    need = {"outlet", "axis", "position"}
    if stance is None or stance.empty or not need <= set(stance.columns):
        return empty(name, title, "No stance axis terms found in these articles.")
    df = clean(stance, text=("outlet", "axis", "left_label", "right_label", "title"))
    for col in ("left_label", "right_label"):
        if col not in df:
            df[col] = ""
    for col in ("position_lo", "position_hi", "n_left", "n_right"):
        if col not in df:
            df[col] = np.nan
    df["row"] = article_rows(df).to_numpy()
    n_terms = num(df["n_left"]) + num(df["n_right"])
    all_rows = df["row"].nunique()
    df = df[~(n_terms == 0) & np.isfinite(num(df["position"]))].reset_index(drop=True)
    if df.empty:
        return empty(name, title, "No stance axis terms found in these articles.")
    shown = [a for a in (axes or axis_order(df)) if a in set(df["axis"])]
    df = df[df["axis"].isin(shown)].reset_index(drop=True)
    main = df[df["axis"] == shown[0]].groupby("row")["position"].mean().to_dict()
    rows_all = list(dict.fromkeys(df["row"]))
    order = sorted(rows_all, key=lambda r: (-main.get(r, -9.0), r))
    order, note = select_rows(order, max_rows)
    df = df[df["row"].isin(order)].reset_index(drop=True)
    cmap = colors_for(order, colors)
    words = [
        stance_word(p, lt, rt)
        for p, lt, rt in zip(df["position"], df["left_label"], df["right_label"], strict=True)
    ]
    data = pd.DataFrame(
        {
            "axis": df["axis"],
            "row": df["row"],
            "outlet": df["outlet"],
            "value": num(df["position"]),
            "lo": num(df["position_lo"]),
            "hi": num(df["position_hi"]),
            "reads as": words,
            "left pole": df["left_label"],
            "right pole": df["right_label"],
            "left-pole terms": num(df["n_left"]),
            "right-pole terms": num(df["n_right"]),
        }
    )
    n = len(order)
    fig = make_subplots(
        rows=1,
        cols=len(shown),
        shared_yaxes=True,
        horizontal_spacing=0.06,
        subplot_titles=[esc(short(a, 30)) for a in shown],
    )
    for c, axis in enumerate(shown, start=1):
        part = data[data["axis"] == axis]
        labels = None
        if n <= 8:
            labels = [esc(w.upper() if w not in ("balanced", "no cues") else w) for w in words]
        _dot_traces(
            fig,
            part,
            cmap,
            col=c,
            hover="%{y}: %{x:+.2f}<extra>" + esc(axis) + "</extra>",
            size=14 if n <= 8 else 9,
            text=labels,
        )
        fig.add_vrect(
            x0=-BALANCED, x1=BALANCED, fillcolor="#EEEEEE", line_width=0, layer="below",
            row=1, col=c,
        )  # fmt: skip
        fig.add_vline(x=0, line={"color": "#999999", "width": 1, "dash": "dot"}, row=1, col=c)
        first = part.iloc[0] if len(part) else df[df["axis"] == axis].iloc[0]
        left = esc(short(first["left pole"], 18))
        right = esc(short(first["right pole"], 18))
        fig.update_xaxes(
            range=[-1.1, 1.1],
            tickvals=[-1, 0, 1],
            ticktext=["−1", "0", "+1"],
            title={"text": f"← {left} · {right} →", "font": {"size": 12}, "standoff": 2},
            zeroline=False,
            row=1,
            col=c,
        )
    rows_yaxis(fig, order, cmap)
    if n <= 8:  # room above the top dot for its pole word
        fig.update_yaxes(range=[-0.6, n - 0.2])
    subtitle = (
        "Dot: balance of stance terms (−1 … +1) · line: 95% bootstrap interval · "
        f"shaded: balanced (|x| < {BALANCED:g}) · no dot: no term of that axis"
    )
    if len(rows_all) < all_rows:
        subtitle += (
            f"<br>{len(rows_all)} of {all_rows} {_unit_word(df)}s use stance terms; "
            "the others have no row"
        )
    if note:
        subtitle += f" · {note}"
    layout(
        fig,
        title=title,
        subtitle=subtitle,
        height=rows_height(order) + (10 * n if n <= 8 else 0) + _MARGINS + 10,
    )
    fig.update_annotations(font_size=13)
    out = data.rename(columns={"value": "position (−1 … +1)", "lo": "95% low", "hi": "95% high"})
    return Chart(fig, out, name)

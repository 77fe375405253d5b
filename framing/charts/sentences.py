"""The sentence map (every sentence: where it sits, how intense it is) and :func:`all_charts`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from framing.charts.base import Chart, clean, colors_for, empty, esc, is_grey, layout, num, wrap
from framing.charts.coverage import coverage_heatmap, emphasis_chart
from framing.charts.forest import profile_chart, stance_chart
from framing.charts.people import actor_tone_chart, quotes_chart
from framing.comparison import focus_colors

__all__ = ["all_charts", "sentence_map"]


def sentence_map(sentences: pd.DataFrame, *, colors: Mapping[str, str] | None = None) -> Chart:
    """Every sentence: where it sits in its article (x) and how intense it is (y).

    Hedged sentences are open diamonds, the others dots; hover shows the text. Rows in focus
    (coloured in ``colors``) are drawn on top of the grey ones and named in the legend.

    Parameters
    ----------
    sentences : DataFrame
        ``models.SENTENCE_COLUMNS``: article_id, outlet, sent_id, text, intensity, hedge.
    colors : mapping, optional
        Row label → colour.

    Returns
    -------
    Chart
        ``data`` columns: article_id, row, sentence, position (0 = first, 1 = last),
        intensity, hedge, hedged, text.
    """
    name, title = "sentence_map", "Sentence map: where the intense sentences are"
    need = {"article_id", "outlet", "sent_id", "intensity"}
    if sentences is None or sentences.empty or not need <= set(sentences.columns):
        return empty(name, title, "No sentences yet.")
    df = clean(sentences, text=("outlet", "article_id"), numbers=("sent_id",))
    if "is_heading" in df:
        df = df[~df["is_heading"].fillna(False).astype(bool)]
    df = df.sort_values(["article_id", "sent_id"], kind="stable")
    n = df.groupby("article_id")["sent_id"].transform("count")
    rank = df.groupby("article_id").cumcount()
    df["position"] = np.where(n > 1, rank / (n - 1).clip(lower=1), 0.0)
    df["hedge"] = num(df["hedge"]) if "hedge" in df else 0.0
    df["hedged"] = np.nan_to_num(df["hedge"]) > 0
    df["intensity"] = num(df["intensity"])
    df["text"] = df["text"].astype(str) if "text" in df else ""
    data = df[
        ["article_id", "outlet", "sent_id", "position", "intensity", "hedge", "hedged", "text"]
    ].reset_index(drop=True)
    outlets = sorted(set(data["outlet"]))
    cmap = colors_for(outlets, colors)
    grey = [o for o in outlets if is_grey(cmap[o])]
    groups = ([("other outlets", grey)] if grey else []) + [
        (o, [o]) for o in outlets if not is_grey(cmap[o])
    ]
    fig = go.Figure()
    for label, members in groups:
        color = cmap[members[0]]
        for hedged in (False, True):
            sub = data[data["outlet"].isin(members) & (data["hedged"] == hedged)]
            if sub.empty:
                continue
            fig.add_trace(
                go.Scatter(
                    x=sub["position"],
                    y=sub["intensity"],
                    mode="markers",
                    name=esc(label) + (" (hedged)" if hedged else ""),
                    legendgroup=esc(label),
                    marker={
                        "color": color,
                        "size": 11 if hedged else 10,
                        "symbol": "diamond-open" if hedged else "circle",
                        "line": {"color": color, "width": 2},
                        "opacity": 0.6 if label == "other outlets" else 0.9,
                    },
                    text=[wrap(t) for t in sub["text"]],
                    customdata=np.column_stack(
                        [sub["sent_id"], sub["hedge"].fillna(0), [esc(o) for o in sub["outlet"]]]
                    ),
                    hovertemplate=(
                        "%{customdata[2]} · sentence %{customdata[0]} · intensity %{y:.2f} · "
                        "hedge %{customdata[1]:.2f}<br>%{text}<extra></extra>"
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
    layout(
        fig,
        title=title,
        subtitle="One mark per sentence · ● no hedge · ◇ contains a hedge · hover for the text",
        height=440,
        legend_title="Outlet",
    )
    out = data.rename(
        columns={
            "outlet": "row",
            "sent_id": "sentence",
            "position": "position (0 = first, 1 = last)",
        }
    )
    return Chart(fig, out, name)


def all_charts(
    *,
    articles: pd.DataFrame | None = None,
    stance: pd.DataFrame | None = None,
    coverage: pd.DataFrame | None = None,
    actors: pd.DataFrame | None = None,
    quotes: pd.DataFrame | None = None,
    sentences: pd.DataFrame | None = None,
    colors: Mapping[str, str] | None = None,
    focus: Sequence[str] = (),
    max_rows: int | None = None,
) -> list[Chart]:
    """Every chart the tables allow, with one colour mapping for all (for exports).

    Tables passed as ``None`` or empty are skipped. ``colors`` defaults to
    :func:`framing.comparison.focus_colors` of every row label with ``focus``.
    """
    labels: list[str] = []
    for t in (articles, stance, coverage, actors, quotes, sentences):
        if t is not None and not t.empty and "outlet" in t:
            labels.extend(t["outlet"].astype(str))
    cmap = dict(colors) if colors is not None else focus_colors(labels, focus)
    out: list[Chart] = []
    if articles is not None and not articles.empty:
        out.append(profile_chart(articles, colors=cmap, max_rows=max_rows))
    if stance is not None and not stance.empty:
        out.append(stance_chart(stance, colors=cmap, max_rows=max_rows))
    if coverage is not None and not coverage.empty:
        out.append(coverage_heatmap(coverage, colors=cmap, max_rows=max_rows))
        out.append(emphasis_chart(coverage, colors=cmap, max_rows=max_rows))
    if actors is not None and not actors.empty:
        out.append(actor_tone_chart(actors, colors=cmap, max_rows=max_rows))
    if quotes is not None and not quotes.empty:
        out.append(quotes_chart(quotes, colors=cmap, max_rows=max_rows))
    if sentences is not None and not sentences.empty:
        out.append(sentence_map(sentences, colors=cmap))
    return out

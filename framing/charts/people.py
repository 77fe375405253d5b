"""People in the story: how each outlet speaks about the actors, and whom it quotes.

Both charts are small multiples with one row per outlet (labelled, alphabetical, shared by
every panel) and one panel per actor or speaker, all panels on one scale, so 14 quotations
and 3 never draw bars of the same length.
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
    is_grey,
    layout,
    num,
    rows_height,
    rows_yaxis,
    select_rows,
    short,
    wrap_title,
)

__all__ = ["VERB_KIND_STYLE", "actor_tone_chart", "quotes_chart"]

#: Panels side by side before they wrap to a new row.
_PANELS_PER_ROW = 5

# Reporting-verb kinds: told apart by lightness AND pattern, so not by hue alone, and kept off
# the outlet palette so they are never mistaken for an outlet.
VERB_KIND_STYLE: dict[str, tuple[str, str, str]] = {
    # kind: (label, colour, bar pattern)
    "loaded": ("loaded verb (claimed, admitted…)", "#3B3B3B", "/"),
    "neutral": ("neutral verb (said, told…)", "#9E9E9E", ""),
    "": ("no reporting verb found", "#DCDCDC", "."),
}


def actor_tone_chart(
    actors: pd.DataFrame,
    *,
    colors: Mapping[str, str] | None = None,
    top: int | None = None,
    max_rows: int | None = None,
) -> Chart:
    """Actor tone per outlet: a panel per actor (the ``top`` most mentioned), a row per
    outlet; ● tone in the outlet's own words, ◇ tone inside quotations.

    Several articles of one row are pooled (tone weighted by the mentions it rests on).

    Parameters
    ----------
    actors : DataFrame
        ``models.ACTOR_COLUMNS``: outlet, actor, mentions, tone_own, n_own, tone_quoted,
        n_quoted.
    colors : mapping, optional
        Row label → colour.
    top : int, optional
        Actors shown (by total mentions); default 10 with up to 12 rows, else 5. Panels
        wrap five to a row.
    max_rows : int, optional
        Keep this many rows (label order).

    Returns
    -------
    Chart
        ``data`` columns: actor, row, where ("own words" | "quoted"), tone (VADER −1 … +1),
        mentions measured, mentions in all.
    """
    name, title = "actor_tone", "How each outlet speaks about the actors"
    need = {"outlet", "actor", "mentions", "tone_own", "tone_quoted"}
    if actors is None or actors.empty or not need <= set(actors.columns):
        return empty(name, title, "No actor mentions found.")
    df = clean(actors, text=("outlet", "actor"), numbers=("mentions",))
    df["mentions"] = df["mentions"].fillna(0)
    for col in ("n_own", "n_quoted"):
        if col not in df:
            df[col] = 1
    rows = []
    for (actor, outlet), g in df.groupby(["actor", "outlet"], sort=True):
        mentions = float(num(g["mentions"]).sum())
        for where, tone_col, n_col in (
            ("own words", "tone_own", "n_own"),
            ("quoted", "tone_quoted", "n_quoted"),
        ):
            tone, n = num(g[tone_col]), np.nan_to_num(num(g[n_col]))
            ok = np.isfinite(tone) & (n > 0)
            value = float(np.average(tone[ok], weights=n[ok])) if ok.any() else np.nan
            rows.append(
                {
                    "actor": str(actor),
                    "row": str(outlet),
                    "where": where,
                    "tone": value,
                    "n": float(n[ok].sum()),
                    "mentions": mentions,
                }
            )
    data = pd.DataFrame(rows)
    ranking = data.drop_duplicates(["actor", "row"]).groupby("actor")["mentions"].sum()
    if top is None:
        top = 10 if data["row"].nunique() <= 12 else 5
    keep = list(ranking.sort_values(ascending=False, kind="stable").index[:top])
    data = data[data["actor"].isin(keep) & data["tone"].notna()].reset_index(drop=True)
    if data.empty:
        return empty(name, title, "No tone could be measured around the actors.")
    keep = [a for a in keep if a in set(data["actor"])]
    outlets, note = select_rows(sorted(set(data["row"])), max_rows)
    data = data[data["row"].isin(outlets)].reset_index(drop=True)
    cmap = colors_for(outlets, colors)
    n_rows = len(outlets)
    cols = min(len(keep), _PANELS_PER_ROW)
    grid = -(-len(keep) // cols)
    block = rows_height(outlets)
    gap = 90  # px between rows of panels: axis ticks and the next panel titles
    fig = make_subplots(
        rows=grid,
        cols=cols,
        shared_yaxes=True,
        horizontal_spacing=0.02,
        vertical_spacing=gap / (grid * block + (grid - 1) * gap) if grid > 1 else 0.0,
        subplot_titles=[wrap_title(a, 18) for a in keep],
    )
    for i, actor in enumerate(keep):
        g_row, c = divmod(i, cols)
        g_row, c = g_row + 1, c + 1
        part = data[data["actor"] == actor]
        for where, symbol in (("own words", "circle"), ("quoted", "diamond-open")):
            sub = part[part["where"] == where]
            if sub.empty:
                continue
            colours = [cmap[r] for r in sub["row"]]
            fig.add_trace(
                go.Scatter(
                    x=sub["tone"],
                    y=[esc(r) for r in sub["row"]],
                    mode="markers",
                    name=where,
                    legendgroup=where,
                    showlegend=False,
                    marker={
                        "symbol": symbol,
                        "size": 10 if n_rows > 12 else 12,
                        "color": colours,
                        "line": {
                            "color": [INK if not is_grey(x) else "#777777" for x in colours]
                            if where == "own words"
                            else colours,
                            "width": 1 if where == "own words" else 2,
                        },
                    },
                    customdata=np.column_stack([sub["n"], sub["mentions"]]),
                    hovertemplate=(
                        f"%{{y}}: tone %{{x:+.2f}} over %{{customdata[0]}} mentions ({where})"
                        f"<br>%{{customdata[1]}} mentions in all<extra>{esc(short(actor, 30))}</extra>"
                    ),
                ),
                row=g_row,
                col=c,
            )
        fig.add_vline(x=0, line={"color": "#999999", "width": 1, "dash": "dot"}, row=g_row, col=c)
        fig.update_xaxes(
            range=[-1.1, 1.1], tickvals=[-1, 0, 1], ticktext=["−1", "0", "+1"], row=g_row, col=c
        )
    for where, symbol in (("own words", "circle"), ("quoted", "diamond-open")):  # the key
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=where,
                legendgroup=where,
                marker={"symbol": symbol, "size": 11, "color": "#666666"},
                showlegend=True,
                hoverinfo="skip",
            ),
            row=1,
            col=1,
        )
    fig.update_xaxes(title={"text": "tone (VADER)", "font": {"size": 11}}, row=1, col=1)
    rows_yaxis(fig, outlets, cmap, panel_rows=grid)
    subtitle = (
        "● tone of the sentences that mention the actor, in the outlet's own words · "
        "◇ inside quotations · −1 negative … +1 positive"
    )
    if note:
        subtitle += f" · {note}"
    layout(fig, title=title, subtitle=subtitle, height=grid * block + (grid - 1) * gap + 160)
    fig.update_annotations(font_size=12)
    out = data.rename(
        columns={
            "tone": "tone (VADER −1 … +1)",
            "n": "mentions measured",
            "mentions": "mentions in all",
        }
    )
    return Chart(fig, out, name)


def quotes_chart(
    quotes: pd.DataFrame,
    *,
    colors: Mapping[str, str] | None = None,
    top: int = 5,
    max_rows: int | None = None,
) -> Chart:
    """Who is quoted how often by whom: a panel per speaker (the ``top`` most quoted, then
    "(others)"), a row per outlet, bars split by reporting-verb kind, one shared scale.

    Scare quotes (``kind == "scare"``) quote no speaker and are left out.

    Parameters
    ----------
    quotes : DataFrame
        ``models.QUOTE_COLUMNS``: outlet, speaker, actor, verb_kind, n_words, kind.
    colors : mapping, optional
        Row label → colour (focus rows get bold labels; bar shades mean the verb kind).
    top : int
        Speakers with their own panel.
    max_rows : int, optional
        Keep this many rows (label order).

    Returns
    -------
    Chart
        ``data`` columns: row, speaker, verb kind, quotations, quoted words.
    """
    name, title = "quotes", "Who gets quoted, and with which verbs"
    if quotes is None or quotes.empty or "outlet" not in quotes:
        return empty(name, title, "No direct quotations found.")
    df = clean(quotes, text=("outlet",))
    if "kind" in df:
        df = df[df["kind"].fillna("quotation").astype(str) != "scare"]
    if df.empty:
        return empty(name, title, "No direct quotations found.")
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
    df["words"] = num(df["n_words"]) if "n_words" in df else np.nan
    ranking = df["who"].value_counts(sort=False).sort_index()
    ranking = ranking.sort_values(ascending=False, kind="stable")
    keep = list(ranking.index[:top])
    df["who"] = df["who"].where(df["who"].isin(keep), "(others)")
    data = (
        df.groupby(["outlet", "who", "kind"], sort=True)
        .agg(quotes=("who", "size"), words=("words", "sum"))
        .reset_index()
    )
    speakers = keep + (["(others)"] if (data["who"] == "(others)").any() else [])
    outlets, note = select_rows(sorted(set(data["outlet"])), max_rows)
    data = data[data["outlet"].isin(outlets)].reset_index(drop=True)
    cmap = colors_for(outlets, colors)
    fig = make_subplots(
        rows=1,
        cols=len(speakers),
        shared_yaxes=True,
        shared_xaxes="all",
        horizontal_spacing=0.02,
        subplot_titles=[wrap_title(s, 18) for s in speakers],
    )
    for c, who_name in enumerate(speakers, start=1):
        for kind_key, (label, color, pattern) in VERB_KIND_STYLE.items():
            sub = data[(data["who"] == who_name) & (data["kind"] == kind_key)]
            if sub.empty:
                continue
            fig.add_trace(
                go.Bar(
                    x=sub["quotes"],
                    y=[esc(o) for o in sub["outlet"]],
                    orientation="h",
                    name=label,
                    legendgroup=kind_key or "none",
                    showlegend=not any(t.legendgroup == (kind_key or "none") for t in fig.data),
                    marker={
                        "color": color,
                        "pattern": {"shape": pattern, "fgcolor": "#FFFFFF"},
                        "line": {"color": INK, "width": 0.5},
                    },
                    customdata=sub["words"],
                    hovertemplate="%{y}: %{x} quotations, %{customdata} words<extra>"
                    + esc(short(who_name, 30))
                    + "</extra>",
                ),
                row=1,
                col=c,
            )
    most = float(data.groupby(["outlet", "who"])["quotes"].sum().max()) if len(data) else 1.0
    fig.update_xaxes(range=[0, most * 1.1], nticks=4, rangemode="tozero")
    fig.update_xaxes(title={"text": "quotations", "font": {"size": 11}}, row=1, col=1)
    rows_yaxis(fig, outlets, cmap)
    subtitle = "Bars: direct quotations per speaker · one scale for every panel"
    if note:
        subtitle += f" · {note}"
    layout(
        fig,
        title=title,
        subtitle=subtitle,
        height=rows_height(outlets) + 170,
        legend_title="Reporting verb",
    )
    fig.update_layout(barmode="stack", bargap=0.25)
    fig.update_annotations(font_size=12)
    out = data.rename(
        columns={
            "outlet": "row",
            "who": "speaker",
            "kind": "verb kind",
            "quotes": "quotations",
            "words": "quoted words",
        }
    )
    return Chart(fig, out, name)

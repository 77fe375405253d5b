"""Overview: one card per article (outlet, headline, lede, profile numbers, stance), the
profile and stance charts, and plain-language findings."""

from __future__ import annotations

import logging

import pandas as pd
import streamlit as st

from framing import charts
from framing.comparison import GREY
from framing.findings import findings
from framing.frames import leading_frames
from framing.models import METRICS, Analysis
from framing.tables import axis_order, format_value, stance_word, summary_table
from ui import clusters as clusters_view
from ui import page
from ui.exports import show_chart
from ui.state import Context
from ui.text import md

__all__ = ["render", "sortable_summary"]

INTRO = "One card per article: its stance on the axis where the outlets differ most, then how much it hedges, how intense its wording is and how often it uses loaded reporting verbs (per 100 words), its tone and its share of quoted words, each with a 95% interval. Hover the ? icons for what a number means."

log = logging.getLogger(__name__)

PER_ROW = 3  # article cards per row (each at least ~330 px wide on a laptop screen)
MAX_CARDS = 8  # above this many articles: cards for the focus outlets and a table of all
FINDINGS_SHOWN = 5  # the most important findings; the rest in "Show all findings"


def _interval(row: pd.Series, col: str, unit: str) -> str:
    lo, hi = row.get(f"{col}_lo"), row.get(f"{col}_hi")
    if lo is None or hi is None or pd.isna(lo) or pd.isna(hi):
        return ""
    return f"95% interval {format_value(lo, unit)} to {format_value(hi, unit)}"


def _n_cues(s: pd.Series) -> float:
    return pd.to_numeric(s.get("n_left"), errors="coerce") + pd.to_numeric(
        s.get("n_right"), errors="coerce"
    )


def _stance_line(s: pd.Series) -> str:
    word = stance_word(
        s["position"], str(s["left_label"]), str(s["right_label"]), n_cues=_n_cues(s)
    )
    if word == "no cues":
        return f"{s['axis']}: no stance cues"
    return f"{s['axis']}: {word} ({s['position']:+.2f})"


def _measure_table(row: pd.Series) -> str:
    """The measures of one article as a markdown table: measure, value, 95% interval."""
    lines = ["| measure | value | 95% interval |", "|---|--:|--:|"]
    for metric in METRICS.values():
        if metric.column not in row:
            continue
        ci = _interval(row, metric.column, metric.unit).replace("95% interval ", "")
        value = format_value(row[metric.column], metric.unit)
        lines.append(f"| {md(metric.label)} | **{value}** | {ci.replace(' to ', '–')} |")
    return "\n".join(lines)


def _card(
    row: pd.Series,
    stance: pd.DataFrame,
    axes: list[str],
    *,
    compact: bool = False,
    color: str | None = None,
) -> None:
    with st.container(border=True):
        if color:  # the row's colour in every chart, as a bar on top of its card
            st.html(f'<div style="height:6px;border-radius:3px;background:{color}"></div>')
        st.subheader(md(row["outlet"]), anchor=False)
        st.markdown(f"**{md(row.get('title') or '(no headline)')}**")
        lede = str(row.get("lede") or "")
        if lede:
            st.text(lede if len(lede) <= 320 else lede[:320].rstrip() + "…")
        st.caption(
            f"{int(row.get('n_words') or 0):,} words · {int(row.get('n_sentences') or 0)} sentences"
        )
        if row.get("frames"):
            st.caption(f"Frames: {md(row['frames'])}", help="Its leading frames (Frames view)")
        by_axis = {str(r["axis"]): r for _, r in stance.iterrows()}
        if axes and axes[0] in by_axis:
            s = by_axis[axes[0]]
            word = stance_word(
                s["position"], str(s["left_label"]), str(s["right_label"]), n_cues=_n_cues(s)
            )
            ci = ""
            if not pd.isna(s.get("position_lo")) and not pd.isna(s.get("position_hi")):
                ci = f"95% interval {s['position_lo']:+.2f} to {s['position_hi']:+.2f}"
            st.metric(
                f"Stance on {md(s['axis'])}",
                {"no cues": "–", "balanced": "balanced"}.get(word, word.upper()),
                help=f"Position on a scale from −1 ({s['left_label']}) to +1 ({s['right_label']}), "
                f"from the stance terms found: {s.get('terms') or 'none'}. The axis where the "
                "outlets differ most is shown first.",
            )
            if word == "no cues":
                st.caption("No stance term of this axis found in the article.")
            else:
                st.caption(
                    f"{s['position']:+.2f} on −1 ({s['left_label']}) … +1 ({s['right_label']}) · {ci}"
                )
        others = [_stance_line(by_axis[a]) for a in axes[1:] if a in by_axis]
        if others:
            st.caption(md("Other axes: " + " · ".join(others)))
        if compact:  # a narrow card: the measures as one small table, not 2 metric columns
            st.markdown(_measure_table(row))
            return
        a, b = st.columns(2)
        for i, metric in enumerate(METRICS.values()):
            if metric.column not in row:
                continue
            with a if i % 2 == 0 else b:
                ci = _interval(row, metric.column, metric.unit)
                st.metric(
                    metric.label,
                    format_value(row[metric.column], metric.unit),
                    help=f"{metric.help} ({metric.unit}). {ci}",
                )
                if ci:
                    st.caption(ci.replace("95% interval ", "95%: "))


def sortable_summary(articles: pd.DataFrame, stance: pd.DataFrame, axes: list[str]):
    """:func:`framing.tables.summary_table` as a table that sorts by the numbers: each measure
    cell holds the value and shows it with its 95% interval (``0.45 [0.30, 0.60]``). The
    stance column stays text ("reassurance (+0.50)"): it sorts by pole."""
    text = summary_table(articles, stance, axes)
    values = text.copy()
    numeric: list[str] = []
    for metric in METRICS.values():
        if metric.label in values and metric.column in articles:
            values[metric.label] = pd.to_numeric(
                articles[metric.column], errors="coerce"
            ).to_numpy()
            numeric.append(metric.label)
    styler = values.style
    for i in range(len(values)):
        styler = styler.format(
            {c: (lambda _v, shown=text.at[i, c]: shown) for c in numeric},
            subset=pd.IndexSlice[[i], numeric],
            na_rep="–",
        )
    return styler


def _findings(result: Analysis, coverage: pd.DataFrame | None) -> None:
    items = findings(result.articles, result.stance, coverage, result.frames)
    if not items:
        return
    st.subheader("What stands out", anchor=False)
    st.markdown("\n".join(f"- {md(item)}" for item in items[:FINDINGS_SHOWN]))
    if len(items) > FINDINGS_SHOWN:
        with st.expander(f"Show all findings ({len(items) - FINDINGS_SHOWN} more)"):
            st.markdown("\n".join(f"- {md(item)}" for item in items[FINDINGS_SHOWN:]))


def _cards(result: Analysis, rows: pd.DataFrame, axes: list[str], colors: dict[str, str]) -> None:
    """Cards in a grid of at most :data:`PER_ROW` per row."""
    leads = leading_frames(result.frames)
    rows = rows.assign(frames=[" · ".join(leads.get(a, [])) for a in rows["article_id"]])
    per_row = 2 if len(rows) in (2, 4) else min(PER_ROW, max(len(rows), 2))  # 2×2 for four
    for start in range(0, len(rows), per_row):
        chunk = rows.iloc[start : start + per_row]
        for col, (_, row) in zip(st.columns(per_row), chunk.iterrows(), strict=False):
            with col:
                stance = result.stance[result.stance["article_id"] == row["article_id"]]
                color = colors.get(str(row["outlet"]))
                _card(
                    row,
                    stance,
                    axes,
                    compact=per_row > 2,
                    color=None if color is None or color == GREY else color,
                )


def _articles(
    result: Analysis,
    axes: list[str],
    focus: tuple[str, ...],
    colors: dict[str, str],
    *,
    unit: str = "article",
) -> None:
    """One card per article; for a big story the focus outlets' cards and a sortable table
    of every article (all cards on request)."""
    arts = result.articles
    if len(arts) <= MAX_CARDS:
        _cards(result, arts, axes, colors)
        return
    picked = arts[arts["outlet"].isin(focus)]
    if not picked.empty:
        order = {label: i for i, label in enumerate(focus)}
        _cards(result, picked.sort_values("outlet", key=lambda o: o.map(order)), axes, colors)
    else:
        st.caption(
            f"Pick focus outlets above to see their cards here; every {unit} is in the table."
        )
    st.caption(f"Every {unit} compared: click a column header to sort by it.")
    st.dataframe(
        sortable_summary(arts, result.stance, axes),
        hide_index=True,
        width="stretch",
        height=min(35 * (len(arts) + 1) + 3, 600),
        column_config={
            "outlet": st.column_config.TextColumn(width="medium", pinned=True),
            "headline": st.column_config.TextColumn(width="large"),
        },
    )
    if st.toggle(f"Show all {len(arts)} {unit} cards", value=False, key="overview_cards"):
        _cards(result, arts, axes, colors)


def render(ctx: Context) -> None:
    """Draw the overview of the story on screen."""
    pooled = "One card per outlet (its articles pooled)"
    st.caption(INTRO if ctx.grain == "articles" else INTRO.replace("One card per article", pooled))
    result = page.analysis(ctx)
    if result is None:
        return
    arts = result.articles
    axes = axis_order(result.stance)
    # Page order: cards, findings, charts. Sending order: charts first (the browser loads its
    # plotting code while the cards are sent), cards, then findings (after clustering).
    cards_area = st.container()
    slot = st.container()
    cmap = page.colors(ctx, result)
    tag = tuple(sorted(cmap.items()))
    # one chart under the other, each at full width: a panel per measure needs the room
    left, right = st.container(), st.container()
    with left:
        show_chart(
            page.chart(result, "profile", lambda: charts.profile_chart(arts, colors=cmap), tag),
            key="overview_profile",
            context=page.chart_context(ctx, result),
        )
    with right:
        if not result.stance.empty:
            show_chart(
                page.chart(
                    result, "stance", lambda: charts.stance_chart(result.stance, colors=cmap), tag
                ),
                key="overview_stance",
                context=page.chart_context(ctx, result),
            )
    with cards_area:
        _articles(result, axes, ctx.focus, cmap, unit=ctx.grain[:-1])
    # Clustering (for the omission findings) runs last: the browser draws the charts while
    # the server groups sentences (on a cold server that includes importing scikit-learn).
    try:  # omissions are one finding among several: never let clustering block the overview
        sc = page.story_clusters(ctx, **clusters_view.current_controls())
        coverage = sc.coverage if sc.k else None
    except Exception:  # pragma: no cover - reported in the log, the Clusters view shows it
        log.exception("clustering failed; overview findings without omissions")
        coverage = None
    with slot:
        _findings(result, coverage)

"""Overview: one card per article (outlet, headline, lede, profile numbers, stance), the
profile and stance charts, and plain-language findings."""

from __future__ import annotations

import logging
import math

import pandas as pd
import streamlit as st

from framing import charts
from framing.findings import findings
from framing.frames import leading_frames
from framing.models import BALANCED, METRICS, Analysis
from ui import clusters as clusters_view
from ui import page
from ui.exports import show_chart
from ui.state import Context
from ui.text import md

__all__ = ["axis_order", "render", "stance_word", "summary_table"]

INTRO = "One card per article: its stance on the axis where the outlets differ most, then how much it hedges, how intense its wording is and how often it uses loaded reporting verbs (per 100 words), its tone and its share of quoted words, each with a 95% interval. Hover the ? icons for what a number means."

log = logging.getLogger(__name__)

PER_ROW = 4  # article cards per row
MAX_CARDS = 8  # above this many articles the overview starts with a table
NEUTRAL_BAND = BALANCED  # |position| below this reads as "balanced" (framing.stance)


def _fmt(value: object, unit: str) -> str:
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "–"
    if math.isnan(v):
        return "–"
    if unit == "share":
        return f"{v:.0%}"
    if unit.startswith("-1"):
        return f"{v:+.2f}"
    return f"{v:.2f}"


def _interval(row: pd.Series, col: str, unit: str) -> str:
    lo, hi = row.get(f"{col}_lo"), row.get(f"{col}_hi")
    if lo is None or hi is None or pd.isna(lo) or pd.isna(hi):
        return ""
    return f"95% interval {_fmt(lo, unit)} to {_fmt(hi, unit)}"


def stance_word(position: float, left: str, right: str, *, n_cues: float | None = None) -> str:
    """The pole an article leans to, in words (``"balanced"`` near zero, ``"no cues"``
    when no stance term was found)."""
    if pd.isna(position) or (n_cues is not None and not pd.isna(n_cues) and n_cues <= 0):
        return "no cues"
    if position >= NEUTRAL_BAND:
        return right
    if position <= -NEUTRAL_BAND:
        return left
    return "balanced"


def axis_order(stance: pd.DataFrame) -> list[str]:
    """Stance axes, the one that tells the outlets apart most (widest spread) first."""
    if stance.empty:
        return []
    pos = pd.to_numeric(stance["position"], errors="coerce")
    spread = pos.groupby(stance["axis"], sort=False).agg(lambda p: p.max() - p.min())
    return list(spread.fillna(-1).sort_values(ascending=False, kind="stable").index)


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


def _card(row: pd.Series, stance: pd.DataFrame, axes: list[str]) -> None:
    with st.container(border=True):
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
        a, b = st.columns(2)
        for i, metric in enumerate(METRICS.values()):
            if metric.column not in row:
                continue
            with a if i % 2 == 0 else b:
                ci = _interval(row, metric.column, metric.unit)
                st.metric(
                    metric.label,
                    _fmt(row[metric.column], metric.unit),
                    help=f"{metric.help} ({metric.unit}). {ci}",
                )
                if ci:
                    st.caption(ci.replace("95% interval ", "95%: "))


def summary_table(articles: pd.DataFrame, stance: pd.DataFrame, axes: list[str]) -> pd.DataFrame:
    """One row per article: outlet, headline, words, stance on the main axis, the measures
    with their 95% intervals (for stories too big for cards)."""
    out = pd.DataFrame(
        {
            "outlet": articles["outlet"],
            "headline": articles["title"],
            "words": articles["n_words"],
        }
    )
    if axes:
        main = stance[stance["axis"] == axes[0]].set_index("article_id")
        words = {
            aid: stance_word(
                r["position"], str(r["left_label"]), str(r["right_label"]), n_cues=_n_cues(r)
            )
            for aid, r in main.iterrows()
        }
        out[f"stance: {axes[0]}"] = [
            f"{words[a]} ({main.loc[a, 'position']:+.2f})"
            if a in words and words[a] != "no cues"
            else "–"
            for a in articles["article_id"]
        ]
    for metric in METRICS.values():
        if metric.column in articles:
            out[metric.label] = [
                f"{_fmt(r[metric.column], metric.unit)}"
                + (
                    f" [{_fmt(r[metric.column + '_lo'], metric.unit)}, {_fmt(r[metric.column + '_hi'], metric.unit)}]"
                    if f"{metric.column}_lo" in r and not pd.isna(r[f"{metric.column}_lo"])
                    else ""
                )
                for _, r in articles.iterrows()
            ]
    return out.reset_index(drop=True)


def _findings(result: Analysis, coverage: pd.DataFrame | None) -> None:
    items = findings(result.articles, result.stance, coverage)
    if not items:
        return
    st.subheader("What stands out", anchor=False)
    st.markdown("\n".join(f"- {md(item)}" for item in items))


def _articles(result: Analysis, axes: list[str]) -> None:
    """One card per article, or a table (cards on request) for a big story."""
    arts = result.articles
    cards = len(arts) <= MAX_CARDS or st.toggle(
        f"Show all {len(arts)} article cards", value=False, key="overview_cards"
    )
    if not cards:
        st.dataframe(
            summary_table(arts, result.stance, axes),
            hide_index=True,
            width="stretch",
            height=min(38 * (len(arts) + 1), 600),
        )
        return
    leads = leading_frames(result.frames)
    arts = arts.assign(frames=[" · ".join(leads.get(a, [])) for a in arts["article_id"]])
    for start in range(0, len(arts), PER_ROW):
        chunk = arts.iloc[start : start + PER_ROW]
        cols = st.columns(min(len(arts), PER_ROW))
        for col, (_, row) in zip(cols, chunk.iterrows(), strict=False):
            with col:
                stance = result.stance[result.stance["article_id"] == row["article_id"]]
                _card(row, stance, axes)


def render(ctx: Context) -> None:
    """Draw the overview of the story on screen."""
    st.caption(INTRO)
    result = page.analysis(ctx)
    if result is None:
        return
    arts = result.articles
    axes = axis_order(result.stance)
    # Page order: cards, findings, charts. Sending order: charts first (the browser loads its
    # plotting code while the cards are sent), cards, then findings (after clustering).
    cards_area = st.container()
    slot = st.container()
    cmap = charts.outlet_colors(list(arts["outlet"]))
    left, right = st.columns(2)
    with left:
        show_chart(
            page.chart(result, "profile", lambda: charts.profile_chart(arts, colors=cmap)),
            key="overview_profile",
        )
    with right:
        if not result.stance.empty:
            show_chart(
                page.chart(
                    result, "stance", lambda: charts.stance_chart(result.stance, colors=cmap)
                ),
                key="overview_stance",
            )
    with cards_area:
        _articles(result, axes)
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

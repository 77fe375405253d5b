"""Page furniture shared by the views: the context, the header, the scored analysis."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import pandas as pd
import streamlit as st

from framing import comparison as fc
from framing import render as fr
from framing.charts import Chart
from framing.models import Analysis, ReadError
from framing.store import Store
from ui import cache, results, state
from ui.state import Context
from ui.text import md

__all__ = [
    "Compared",
    "analysis",
    "banner",
    "chart",
    "colors",
    "compared",
    "comparison",
    "context",
    "empty_workspace",
    "full_analysis",
    "header",
    "story_clusters",
]

SET_ASIDE_SHOWN = 5  # more set-aside articles are listed in an expander
OUTLETS_NAMED = 8  # the header names this many outlets, then "and N more"
FOCUS_KEY = "focus_pick"  # the focus multiselect (its value is copied to state.FOCUS)


@dataclass(frozen=True)
class Compared:
    """What the views draw: the analysis limited to the comparison set (at article or outlet
    grain), the comparison-set table it was cut by, and the key naming both."""

    analysis: Analysis
    table: pd.DataFrame  # article_id, outlet, label, included, reason
    key: str


def context(store: Store, story: str) -> Context:
    """The story on screen with the settings in force for it."""
    return Context(
        store=store,
        story=story,
        articles=store.articles(story),
        settings=state.scoring_settings(store, story),
    )


def empty_workspace() -> None:
    """What the main area shows when there is no story at all."""
    st.header("No story yet")
    st.write(
        "Upload two or more articles about the same event in the sidebar (“Add articles”) "
        "to compare how the outlets frame it."
    )


def header(ctx: Context) -> None:
    """Story title and counts; also injects the highlight CSS once per run."""
    st.html(f"<style>{fr.CSS}</style>")
    if getattr(ctx.store, "read_only", False):  # a folder of analysed tables
        results.banner(ctx.store)
    outlets = list(dict.fromkeys(a.outlet for a in ctx.articles))
    st.header(md(ctx.story), anchor=False)
    n = len(ctx.articles)
    named = ", ".join(outlets[:OUTLETS_NAMED])
    if len(outlets) > OUTLETS_NAMED:
        named += f" and {len(outlets) - OUTLETS_NAMED} more (all in the Data view)"
    st.caption(
        f"{n} article{'s' * (n != 1)} from {len(outlets)} outlet{'s' * (len(outlets) != 1)}: "
        + md(named)
    )


def full_analysis(ctx: Context, *, quiet: bool = False) -> Analysis | None:
    """Every scored article of the story (cached); ``None`` with a message (none when
    ``quiet``) when there is nothing to score. The Data view shows this; every other view
    :func:`analysis`."""
    if not ctx.articles:
        if not quiet:
            st.info("This story has no articles yet: add some in the sidebar.")
        return None
    if getattr(ctx.store, "read_only", False):  # analysed tables, read as they are
        return results.analysis(ctx)  # its set-aside table feeds the comparison banner
    bar = st.empty()

    def progress(done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=f"Scoring articles: {done} of {total}")

    try:
        with st.spinner("Preparing the lexicons…"):
            return cache.analysis(ctx.articles, ctx.settings, progress=progress)
    except ReadError as err:
        if not quiet:
            st.error(
                f"{md(err)} — fix or remove this lexicon in the Data view (“Add your own lexicon”)."
            )
        return None
    finally:
        bar.empty()


def compared(ctx: Context, full: Analysis) -> Compared:
    """The comparison on screen: ``full`` limited to the comparison set (the switch in
    ``ctx``), at the grain in ``ctx``; computed once per story, switch and grain (cached)."""
    cs_key = cache.key(ctx.articles, ctx.settings, "comparison", ctx.include_set_aside)
    table = cache.memo(
        "comparison",
        cs_key,
        lambda: fc.comparison_set(
            full.articles,
            include_flagged=ctx.include_set_aside,
            set_aside=full.set_aside_table(),
        ),
    )
    k = cache.key(ctx.articles, ctx.settings, "compared", ctx.include_set_aside, ctx.grain)

    def build() -> Analysis:
        ids = list(table.loc[table["included"].astype(bool), "article_id"])
        if ctx.grain == "outlets":  # pooled by plain outlet name
            out = fc.by_outlet(fc.restrict(full, ids, relabel=False), settings=ctx.settings)
        else:  # two articles of one outlet told apart by their labels
            out = fc.restrict(full, ids, comparison=table)
        out.extra["story_key"] = k  # names this analysis for the chart cache (and exports)
        return out

    return Compared(analysis=cache.memo("compared", k, build), table=table, key=k)


def analysis(ctx: Context) -> Analysis | None:
    """The analysis the views draw: the comparison set at the chosen grain (cached);
    ``None`` with a message when there is nothing to score."""
    full = full_analysis(ctx)
    if full is None:
        return None
    result = compared(ctx, full).analysis
    if result.articles.empty:
        st.info(
            "Every article of this story is set aside (see the message above): switch on "
            "“Include set-aside articles” to compare them anyway, or add more articles."
        )
        return None
    return result


def colors(ctx: Context, result: Analysis) -> dict[str, str]:
    """One colour per label of ``result``: the focus outlets coloured, the rest grey (all
    coloured at eight rows or fewer); the same label keeps its colour in every chart."""
    labels = list(dict.fromkeys(result.articles["outlet"]))
    return fc.focus_colors(labels, list(ctx.focus))


def chart_context(ctx: Context, result: Analysis):  # -> framing.report.ChartContext
    """What every chart of this screen states about itself (story, articles and outlets
    compared, dates, what was set aside and why): the same on screen and in every export."""
    from ui.exports import screen_context

    def build():
        full = full_analysis(ctx, quiet=True)
        if full is None:
            return screen_context(ctx.story, result.articles)
        table = compared(ctx, full).table
        kept = table["included"].astype(bool)
        left = table[~kept]
        out = pd.DataFrame({"outlet": left["label"], "reason": left["reason"]})
        # rows are labels ("outlet · date · headline" where an outlet has two) or, at the
        # outlet grain, outlets: count articles and outlets from the comparison set itself
        return replace(
            screen_context(ctx.story, result.articles, out),
            n_articles=int(kept.sum()),
            n_outlets=int(table.loc[kept, "outlet"].nunique()),
        )

    return cache.memo("chart_context", (result.extra.get("story_key"), ctx.story), build)


def comparison(ctx: Context) -> Context:
    """Above the views: the banner naming the set-aside articles with the switch to include
    them, the focus outlets (when there are more than eight rows) and the grain switch (when
    an outlet has several articles). Returns ``ctx`` with their values."""
    if not ctx.articles:
        return ctx
    include = bool(st.session_state.get(state.INCLUDE_SET_ASIDE, False))
    grain = st.session_state.get(state.GRAIN) or st.query_params.get(state.GRAIN)
    grain = grain if grain in state.GRAINS else state.GRAINS[0]
    ctx = replace(ctx, include_set_aside=include, grain=grain)
    full = full_analysis(ctx, quiet=True)  # the view says what is wrong
    if full is None:
        return ctx
    cmp = compared(ctx, full)
    banner(cmp.table, include=include)
    kept = cmp.table[cmp.table["included"].astype(bool)]
    several = bool(kept["outlet"].duplicated().any())  # an outlet with two articles or more
    n_rows = len(kept) if ctx.grain == "articles" else kept["outlet"].nunique()
    if not several and n_rows <= fc.ALL_COLOURED:
        return replace(ctx, grain=state.GRAINS[0])  # nothing to choose: all rows coloured
    left, right = st.columns([4, 1], vertical_alignment="bottom")
    if several:
        with right:
            chosen = st.segmented_control(
                "Compare",
                list(state.GRAINS),
                default=state.GRAINS[0],
                required=True,
                key=state.GRAIN,
                bind="query-params",
                help="articles: one row per article (two articles of one outlet told apart). "
                "outlets: each outlet's sentences pooled into one row, its intervals "
                "recomputed from them.",
            )
        if chosen != ctx.grain:  # the switch moved in this run: compare at the new grain
            ctx = replace(ctx, grain=chosen)
            cmp = compared(ctx, full)
    else:
        ctx = replace(ctx, grain=state.GRAINS[0])
    labels = list(dict.fromkeys(cmp.analysis.articles["outlet"]))
    if len(labels) <= fc.ALL_COLOURED:
        return ctx
    focus = state.focus(labels)
    if st.session_state.get(FOCUS_KEY) != focus:
        st.session_state[FOCUS_KEY] = focus
    with left:
        st.multiselect(
            f"Focus outlets: up to {fc.MAX_FOCUS} drawn in colour in every chart, the others "
            "in grey",
            labels,
            key=FOCUS_KEY,
            max_selections=fc.MAX_FOCUS,
            on_change=lambda: state.set_focus(st.session_state.get(FOCUS_KEY, [])),
            placeholder="Pick outlets to follow through every chart",
        )
    return replace(ctx, focus=tuple(focus))


def _named(rows: pd.DataFrame, column: str) -> str:
    return " · ".join(f"**{md(r['label'])}** ({md(r[column])})" for _, r in rows.iterrows())


def banner(table: pd.DataFrame, *, include: bool = False) -> None:
    """One message naming each set-aside article and why (the list folded when long), and
    the switch that brings the flagged ones into the comparison (then a note names them)."""
    out = table[~table["included"].astype(bool)]
    flagged = table[
        table["included"].astype(bool) & (table["flag_reason"].fillna("").astype(str) != "")
    ]
    if out.empty and flagged.empty:
        return
    if not out.empty:
        n, kept = len(out), int(table["included"].astype(bool).sum())
        head = (
            f"{n} article{'s' * (n != 1)} set aside; the other {kept} "
            f"{'are' if kept != 1 else 'is'} compared below. Nothing is deleted: the Data "
            "view lists them all."
        )
        if n <= SET_ASIDE_SHOWN:  # one paragraph: the banner sits above every view
            st.warning(f"{head} Set aside: {_named(out, 'reason')}.", icon=":material/filter_alt:")
        else:
            st.warning(head, icon=":material/filter_alt:")
            with st.expander(f"The {n} articles set aside, and why"):
                st.markdown(
                    "\n".join(
                        f"- **{md(r['label'])}**: {md(r['reason'])}" for _, r in out.iterrows()
                    )
                )
    if not flagged.empty:  # the switch is on: name what is compared although flagged
        n = len(flagged)
        head = (
            f"{n} flagged article{'s' * (n != 1)} {'are' if n != 1 else 'is'} compared with "
            "the others (switch off to set them aside)"
        )
        if n <= SET_ASIDE_SHOWN:
            st.info(f"{head}: {_named(flagged, 'flag_reason')}.", icon=":material/info:")
        else:
            st.info(head + ".", icon=":material/info:")
            with st.expander(f"The {n} flagged articles compared"):
                st.markdown(
                    "\n".join(
                        f"- **{md(r['label'])}**: {md(r['flag_reason'])}"
                        for _, r in flagged.iterrows()
                    )
                )
    if include or (out["flag_reason"].fillna("").astype(str) != "").any():
        st.toggle(
            "Include set-aside articles",
            key=state.INCLUDE_SET_ASIDE,
            help="Compare the flagged articles (not English, very short, near-duplicate) too. "
            "Articles that took too long to analyse cannot be included.",
        )


def chart(result: Analysis, name: str, build: Callable[[], Chart], *params: object) -> Chart:
    """A chart of ``result`` built once and reused while the story, settings, comparison and
    ``params`` (colours included) stay the same (see :func:`ui.cache.memo_chart`)."""
    return cache.memo_chart((result.extra.get("story_key"), name, *params), build)


def story_clusters(ctx: Context, *, n_clusters: int | None = None, threshold: float | None = None):
    """The sentence clusters of the comparison on screen (cached apart from scoring)."""
    if getattr(ctx.store, "read_only", False):
        return results.clusters(ctx, n_clusters=n_clusters, threshold=threshold)
    from framing.models import ClusterSettings

    full = cache.analysis(ctx.articles, ctx.settings)
    cmp = compared(ctx, full)
    cs = ClusterSettings(n_clusters=n_clusters, threshold=threshold)
    k = cache.key(
        ctx.articles, ctx.settings, "clusters", ctx.include_set_aside, ctx.grain, repr(cs)
    )

    def build():  # -> framing.clusters.StoryClusters
        from framing.clusters import cluster

        return cluster(cmp.analysis, cs)

    with st.spinner("Grouping sentences…"):
        return cache.memo("clusters", k, build)

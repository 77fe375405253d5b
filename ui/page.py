"""Page furniture shared by the views: the context, the header, the scored analysis."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from framing import render as fr
from framing.charts import Chart
from framing.models import Analysis, ReadError
from framing.store import Store
from ui import cache, results, state
from ui.state import Context
from ui.text import md

__all__ = [
    "analysis",
    "chart",
    "context",
    "empty_workspace",
    "header",
    "set_aside",
    "story_clusters",
]

SET_ASIDE_SHOWN = 3  # more set-aside articles are listed in an expander


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
    st.caption(
        f"{n} article{'s' * (n != 1)} from {len(outlets)} outlet{'s' * (len(outlets) != 1)}: "
        + md(", ".join(outlets))
    )


def analysis(ctx: Context) -> Analysis | None:
    """The scored story (cached); ``None`` with a message when there is nothing to score."""
    if not ctx.articles:
        st.info("This story has no articles yet: add some in the sidebar.")
        return None
    if getattr(ctx.store, "read_only", False):  # analysed tables, read as they are
        result = results.analysis(ctx)
        if result is not None:
            set_aside(result)
        return result
    bar = st.empty()

    def progress(done: int, total: int) -> None:
        bar.progress(done / max(total, 1), text=f"Scoring articles: {done} of {total}")

    try:
        with st.spinner("Preparing the lexicons…"):
            result = cache.analysis(ctx.articles, ctx.settings, progress=progress)
    except ReadError as err:
        st.error(
            f"{md(err)} — fix or remove this lexicon in the Data view (“Add your own lexicon”)."
        )
        return None
    finally:
        bar.empty()
    set_aside(result)
    result.extra["story_key"] = cache.story_key(ctx.articles, ctx.settings)  # our own copy
    return result


def set_aside(result: Analysis) -> None:
    """One message for the articles left out of the analysis (e.g. over the time budget):
    each named with its reason, the list folded away when it is long."""
    if not result.set_aside:
        return
    n, kept = len(result.set_aside), len(result.articles)
    lines = [f"- {md(s.message)}" for s in result.set_aside]
    head = (
        f"{n} article{'s' * (n != 1)} set aside; the other {kept} "
        f"{'are' if kept != 1 else 'is'} analysed below. They stay in the story (listed in the "
        "Data view)."
    )
    if n <= SET_ASIDE_SHOWN:
        st.warning(head + "\n\n" + "\n".join(lines), icon=":material/timer:")
        return
    st.warning(head, icon=":material/timer:")
    with st.expander(f"The {n} articles set aside, and why"):
        st.markdown("\n".join(lines))


def chart(result: Analysis, name: str, build: Callable[[], Chart], *params: object) -> Chart:
    """A chart of ``result`` built once and reused while the story, settings and ``params``
    stay the same (see :func:`ui.cache.memo_chart`)."""
    return cache.memo_chart((result.extra.get("story_key"), name, *params), build)


def story_clusters(ctx: Context, *, n_clusters: int | None = None, threshold: float | None = None):
    """The story's sentence clusters (cached apart from scoring)."""
    if getattr(ctx.store, "read_only", False):
        return results.clusters(ctx, n_clusters=n_clusters, threshold=threshold)
    with st.spinner("Grouping sentences…"):
        return cache.clusters(
            ctx.articles, ctx.settings, n_clusters=n_clusters, threshold=threshold
        )

"""Clusters: which parts of the story each outlet covers (and skips), the sentences of one
cluster side by side, and the aligned sentence pairs of two outlets with their differing cues."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from framing import charts
from framing import render as fr
from framing.models import ClusterSettings
from framing.tables import omissions
from ui import page, state
from ui.exports import show_chart, table_download
from ui.state import Context
from ui.text import md

__all__ = [
    "cluster_panels_html",
    "current_controls",
    "default_threshold",
    "omissions_by_cluster",
    "render",
]

INTRO = "Sentences of all outlets grouped by what they are about: what each outlet dwells on, what it leaves out, and how it words the same point."

AUTO = "Automatic"
K_KEY = "clusters_k"  # widget keys of the two clustering controls
THRESHOLD_KEY = "clusters_threshold"
PAIR_CARDS = 5  # highlighted pairs shown above the full table
CLUSTER_PANEL_PX = 420  # a long cluster scrolls inside its panel
PANELS_PER_ROW = 4  # outlet panels side by side in "Sentences of one cluster"
OMISSIONS_SHOWN = 10  # more omissions go into an expander


def default_threshold() -> float:
    """The clustering library's default alignment threshold.

    Imported here, not at module level: :mod:`framing.clusters` pulls in scikit-learn and
    SciPy (about a second), which only the views that cluster need.
    """
    from framing.clusters import DEFAULT_THRESHOLD

    return float(DEFAULT_THRESHOLD)


def omissions_by_cluster(coverage: pd.DataFrame) -> pd.DataFrame:
    """One row per cluster some outlet leaves out: how many outlets cover it, how many leave
    it out, and which (for a story with many outlets, where one line per omission would
    run to hundreds)."""
    missing = omissions(coverage)
    if not missing:
        return pd.DataFrame(
            columns=["cluster", "covered by", "left out by", "outlets leaving it out"]
        )
    gone = pd.DataFrame(missing, columns=["outlet", "cluster"])
    covered = coverage[pd.to_numeric(coverage["sentences"], errors="coerce").fillna(0) > 0]
    n_cover = covered.groupby("label")["outlet"].nunique()
    table = (
        gone.groupby("cluster", sort=False)["outlet"]
        .agg(lambda o: ", ".join(o))
        .rename("outlets leaving it out")
        .reset_index()
    )
    table.insert(1, "covered by", table["cluster"].map(n_cover).fillna(0).astype(int))
    table.insert(2, "left out by", gone.groupby("cluster", sort=False).size().to_numpy())
    return table.sort_values(["covered by", "left out by"], ascending=[False, True]).reset_index(
        drop=True
    )


def _omissions(coverage: pd.DataFrame, outlets: list[str]) -> None:
    missing = omissions(coverage)
    if not missing:
        return
    st.subheader("Omissions", anchor=False)
    if len(outlets) > OMISSIONS_SHOWN:  # many outlets: one row per cluster
        st.caption(
            "Clusters that some outlets leave out while others cover them (most covered first)."
        )
        st.dataframe(
            omissions_by_cluster(coverage),
            hide_index=True,
            width="stretch",
            column_config={
                "cluster": st.column_config.TextColumn(width="medium"),
                "outlets leaving it out": st.column_config.TextColumn(width="large"),
            },
        )
        return
    lines = [f"- **{md(outlet)}** has nothing on *{md(label)}*" for outlet, label in missing]
    st.markdown("\n".join(lines[:OMISSIONS_SHOWN]))
    if len(lines) > OMISSIONS_SHOWN:
        with st.expander(f"All {len(lines)} omissions"):
            st.markdown("\n".join(lines[OMISSIONS_SHOWN:]))


def current_controls() -> dict[str, int | float | None]:
    """The clustering in force, as ``story_clusters`` keywords (see :func:`ui.state.clustering`)."""
    cs = state.clustering(default_threshold())
    return {"n_clusters": cs.n_clusters, "threshold": cs.threshold}


def _remember() -> None:
    # the widgets' values outlive the view: Streamlit forgets a widget's key when the widget
    # is not drawn, so the Overview and Data views read this copy instead
    k = st.session_state.get(K_KEY, AUTO)
    state.set_clustering(
        ClusterSettings(
            n_clusters=None if k == AUTO else int(k),
            threshold=float(st.session_state.get(THRESHOLD_KEY, default_threshold())),
        )
    )


def _controls() -> tuple[int | None, float]:
    cs = state.clustering(default_threshold())
    if K_KEY not in st.session_state:  # coming back to the view: show the settings in force
        st.session_state[K_KEY] = AUTO if cs.n_clusters is None else cs.n_clusters
    if THRESHOLD_KEY not in st.session_state:
        st.session_state[THRESHOLD_KEY] = cs.threshold
    left, right = st.columns(2)
    with left:
        k = st.select_slider(
            "Number of clusters",
            options=[AUTO, *range(2, 21)],
            key=K_KEY,
            on_change=_remember,
            help="Automatic picks the number with the best silhouette score.",
        )
    with right:
        threshold = st.slider(
            "Alignment threshold",
            min_value=0.1,
            max_value=0.95,
            step=0.05,
            key=THRESHOLD_KEY,
            on_change=_remember,
            help="How similar two sentences must be to count as the same point. Higher: fewer, closer pairs.",
        )
    return (None if k == AUTO else int(k)), float(threshold)


def _cluster_sentences(result, sc, outlets: list[str]) -> None:
    clusters = sc.clusters
    if clusters.empty:
        return
    st.subheader("Sentences of one cluster", anchor=False)
    options = list(clusters["cluster"])
    labels = dict(zip(clusters["cluster"], clusters["label"], strict=True))
    sizes = dict(zip(clusters["cluster"], clusters["n_sentences"], strict=True))
    pick = st.selectbox(
        "Cluster",
        options,
        format_func=lambda c: f"{c}: {labels[c]} ({sizes[c]} sentences)",
        key="clusters_pick",
    )
    assigned = sc.assignments[sc.assignments["cluster"] == pick][["article_id", "sent_id"]]
    sents = result.sentences.merge(assigned, on=["article_id", "sent_id"])
    by_outlet = {o: sub.sort_values("sent_id") for o, sub in sents.groupby("outlet", sort=False)}
    present = [o for o in outlets if o in by_outlet]
    absent = [o for o in outlets if o not in by_outlet]
    head = (
        f"{len(sents)} sentence{'s' * (len(sents) != 1)} · {len(present)} of {len(outlets)} "
        f"outlet{'s' * (len(outlets) != 1)}"
    )
    if absent and len(absent) <= OMISSIONS_SHOWN:
        head += f" · nothing in this cluster (omitted): {md(', '.join(absent))}"
    st.markdown(head)
    if len(absent) > OMISSIONS_SHOWN:
        with st.expander(f"The {len(absent)} outlets with nothing in this cluster"):
            st.markdown(md(", ".join(absent)))
    st.html(cluster_panels_html({o: list(by_outlet[o]["text"]) for o in present}))


def cluster_panels_html(
    sentences: dict[str, list[str]],
    *,
    per_row: int = PANELS_PER_ROW,
    height: int = CLUSTER_PANEL_PX,
) -> str:
    """Each outlet's sentences in one panel, ``per_row`` panels side by side, as one HTML block.

    One element instead of one per sentence: a cluster of a 40-outlet story used to send
    hundreds of small elements. Outlet names and sentences are escaped.
    """
    panels = []
    for outlet, texts in sentences.items():
        n = len(texts)
        head = f"<strong>{html.escape(outlet, quote=True)}</strong> · {n} sentence{'s' * (n != 1)}"
        body = "".join(f"<p>{html.escape(t, quote=True)}</p>" for t in texts)
        panels.append(
            '<div style="border:1px solid rgba(49,51,63,0.2);border-radius:0.5rem;'
            f'padding:0.5rem 0.75rem;max-height:{height}px;overflow-y:auto">'
            f'<div style="margin-bottom:0.4rem">{head}</div>{body}</div>'
        )
    return (
        '<div style="display:grid;gap:0.75rem;'
        f'grid-template-columns:repeat({max(1, min(per_row, len(panels)))},minmax(0,1fr))">'
        + "".join(panels)
        + "</div>"
    )


def _pairs(sc, outlets: list[str], sentences: pd.DataFrame, cues: pd.DataFrame) -> None:
    al = sc.alignments
    if len(outlets) < 2:
        return
    st.subheader("Aligned sentences of two outlets", anchor=False)
    st.caption(
        "Sentences matched one-to-one across the two articles; the cue columns list the "
        "framing words one side uses and the other does not."
    )
    a_col, b_col = st.columns(2)
    a = a_col.selectbox("Outlet A", outlets, index=0, key="pair_a")
    b = b_col.selectbox("Outlet B", [o for o in outlets if o != a], index=0, key="pair_b")
    fwd = al[(al["outlet_a"] == a) & (al["outlet_b"] == b)]
    rev = al[(al["outlet_a"] == b) & (al["outlet_b"] == a)].rename(
        columns={
            "outlet_a": "outlet_b", "outlet_b": "outlet_a", "article_a": "article_b",
            "article_b": "article_a", "sent_a": "sent_b", "sent_b": "sent_a", "text_a": "text_b",
            "text_b": "text_a", "cues_only_a": "cues_only_b", "cues_only_b": "cues_only_a",
        }
    )  # fmt: skip
    pairs = pd.concat([fwd, rev], ignore_index=True)
    fwd_and_rev = al[
        ((al["outlet_a"] == a) & (al["outlet_b"] == b))
        | ((al["outlet_a"] == b) & (al["outlet_b"] == a))
    ]
    matched = pairs[pairs["similarity"].notna()].sort_values("similarity", ascending=False)
    only_a = pairs[pairs["similarity"].isna() & (pairs["text_a"].fillna("") != "")]
    only_b = pairs[pairs["similarity"].isna() & (pairs["text_b"].fillna("") != "")]
    st.caption(
        f"{len(matched)} matched pairs · {len(only_a)} sentences only in {md(a)} · "
        f"{len(only_b)} only in {md(b)}"
    )
    cards = fr.alignment_pairs_html(fwd_and_rev, sentences, cues, limit=PAIR_CARDS)
    if cards:
        st.markdown("**The matched pairs whose framing cues differ most**")
        st.html(fr.legend_html() + "".join(cards))
        st.caption("All matched pairs:")
    view = matched[["text_a", "text_b", "similarity", "cues_only_a", "cues_only_b"]].rename(
        columns={
            "text_a": f"{a}", "text_b": f"{b}", "similarity": "similarity",
            "cues_only_a": f"cues only in {a}", "cues_only_b": f"cues only in {b}",
        }
    )  # fmt: skip
    st.dataframe(
        view,
        hide_index=True,
        width="stretch",
        column_config={
            "similarity": st.column_config.ProgressColumn(min_value=0, max_value=1, format="%.2f")
        },
    )
    table_download(pairs, name="aligned_pairs", key="pairs_csv", label="Pairs as CSV")


def render(ctx: Context) -> None:
    """Draw the clusters view."""
    st.caption(INTRO)
    result = page.analysis(ctx)
    if result is None:
        return
    k, threshold = _controls()
    sc = page.story_clusters(ctx, n_clusters=k, threshold=threshold)
    outlets = list(dict.fromkeys(result.articles["outlet"]))
    if sc.k == 0 or sc.coverage.empty:
        st.info("Too few sentences to group into clusters.")
        return
    st.caption(f"{sc.k} clusters of similar sentences across all outlets.")
    cmap = page.colors(ctx, result)
    tag = tuple(sorted(cmap.items()))
    show_chart(
        page.chart(
            result,
            "coverage",
            lambda: charts.coverage_heatmap(sc.coverage, colors=cmap),
            k,
            threshold,
            tag,
        ),
        key="clusters_heatmap",
        context=page.chart_context(ctx, result),
    )
    show_chart(
        page.chart(
            result,
            "emphasis",
            lambda: charts.emphasis_chart(sc.coverage, colors=cmap),
            k,
            threshold,
            tag,
        ),
        key="clusters_emphasis",
        context=page.chart_context(ctx, result),
    )
    _omissions(sc.coverage, outlets)
    _cluster_sentences(result, sc, outlets)
    _pairs(sc, outlets, result.sentences, result.cues)

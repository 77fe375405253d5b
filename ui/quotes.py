"""Quotes and sources: who each outlet quotes, with which reporting verbs, and each outlet's
most intense and most hedged sentences side by side."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from framing import charts
from framing import render as fr
from framing.models import Analysis
from framing.tables import speakers, top_sentences
from ui import page
from ui.exports import show_chart, table_download
from ui.state import Context
from ui.text import md

__all__ = ["render"]

INTRO = "Who each outlet lets speak, with which reporting verbs, and its most intense and most hedged sentences."

SIDE_BY_SIDE = 4  # up to this many outlets' sentences side by side; above, one outlet at a time


def _sentence_cards(
    result: Analysis, top: pd.DataFrame, outlet: str, column: str, measure: str
) -> None:
    rows = top[top["outlet"] == outlet]
    if rows.empty:
        st.caption(f"{md(outlet)}: no {measure} cue found.")
        return
    cues = result.cues
    st.html(
        "".join(
            fr.sentence_card_html(
                str(r["text"]),
                cues[cues["article_id"] == r["article_id"]],
                offset=int(r["start"]),
                outlet=outlet,
                caption=f"{measure} score {float(r[column]):.2f}",
            )
            for _, r in rows.iterrows()
        )
    )


MEASURES = (("intensity", "Most intense", "intensity"), ("hedge", "Most hedged", "hedging"))


def _highlighted(result: Analysis, outlets: list[str], focus: tuple[str, ...]) -> None:
    st.subheader("Highlighted sentences", anchor=False)
    st.caption(
        "The most intense sentences (boosters, loaded words) and the most hedged ones "
        "(reportedly, may, appears…), ranked by weighted cue score, with their cues highlighted."
    )
    sentences = result.sentences
    tops = {column: top_sentences(sentences, column) for column, _, _ in MEASURES}
    if len(outlets) <= SIDE_BY_SIDE:  # a few outlets: one column each
        for column, label, measure in MEASURES:
            st.markdown(f"**{label}**")
            for col, outlet in zip(st.columns(len(outlets)), outlets, strict=True):
                with col:
                    _sentence_cards(result, tops[column], outlet, column, measure)
        return
    # many outlets: one outlet at a time, its intense and hedged sentences side by side
    # first a focus outlet with such sentences, else the outlet of the most intense sentence
    strongest = tops["intensity"].sort_values("intensity", ascending=False)["outlet"]
    with_cues = set(tops["intensity"]["outlet"]) | set(tops["hedge"]["outlet"])
    first = next((f for f in focus if f in outlets and f in with_cues), None) or next(
        (o for o in strongest if o in outlets), outlets[0]
    )
    outlet = st.selectbox("Outlet", outlets, index=outlets.index(first), key="quotes_outlet")
    for col, (column, label, measure) in zip(st.columns(2), MEASURES, strict=True):
        with col:
            st.markdown(f"**{label}**")
            _sentence_cards(result, tops[column], outlet, column, measure)


def _scare_counts(counts: pd.Series, outlets: list[str]) -> str:
    """``"A: 3 · B: 1 (the other 38 outlets: none)"``: only the outlets that use them, most
    first, so the line reads at 2 outlets and at 40."""
    using = sorted((o for o in outlets if counts.get(o, 0)), key=lambda o: (-counts[o], o))
    text = " · ".join(f"{o}: {int(counts[o])}" for o in using)
    rest = len(outlets) - len(using)
    if rest:
        text += f" (the other {rest} outlet{'s' * (rest != 1)}: none)"
    return md(text)


def render(ctx: Context) -> None:
    """Draw the quotes view."""
    st.caption(INTRO)
    result = page.analysis(ctx)
    if result is None:
        return
    everything = result.quotes
    cmap = page.colors(ctx, result)
    tag = tuple(sorted(cmap.items()))
    outlets = list(dict.fromkeys(result.articles["outlet"]))
    # scare quotes (a short phrase in quotation marks, nobody said to speak it) are the
    # writer's distancing, not a source: counted apart, never as "who is quoted"
    scare = everything[everything["kind"] == "scare"]
    quotes = everything[everything["kind"] != "scare"]
    if quotes.empty:
        st.info("No direct quotations found in this story.")
    else:
        show_chart(
            page.chart(result, "quotes", lambda: charts.quotes_chart(quotes, colors=cmap), tag),
            key="quotes_chart",
            context=page.chart_context(ctx, result),
        )
        who = speakers(quotes)
        st.subheader("Who is quoted", anchor=False)
        st.caption(
            "One row per outlet and speaker; click a column header to sort (e.g. by quotes "
            "to see who is quoted most, anywhere)."
        )
        st.dataframe(
            who.assign(share=pd.to_numeric(who["share"], errors="coerce") * 100),
            hide_index=True,
            width="stretch",
            height=min(35 * (len(who) + 1) + 3, 480),
            column_config={
                "outlet": st.column_config.TextColumn(width="medium"),
                "speaker": st.column_config.TextColumn(width="medium"),
                "share": st.column_config.NumberColumn(
                    "quoted share",
                    format="%.0f%%",
                    help="The speaker's share of the outlet's quoted words",
                ),
                "verbs": st.column_config.TextColumn(width="medium"),
                "loaded": st.column_config.NumberColumn(
                    help="Quotations introduced by a loaded verb (claimed, admitted…)"
                ),
            },
        )
        table_download(
            who,
            name="quoted_sources",
            key="quotes_speakers_csv",
            label="Quoted sources as CSV",
        )
        with st.expander(f"All {len(quotes)} quotations", expanded=False):
            st.dataframe(
                quotes[["outlet", "speaker", "actor", "verb", "verb_kind", "text"]],
                hide_index=True,
                width="stretch",
                column_config={"text": st.column_config.TextColumn(width="large")},
            )
            table_download(
                everything,
                name="quotes",
                key="quotes_all_csv",
                label="All quotations and scare quotes as CSV",
            )
    if not scare.empty:
        counts = scare["outlet"].value_counts()
        st.subheader("Scare quotes", anchor=False)
        st.caption(
            "A word or short phrase in quotation marks that nobody is said to have spoken "
            "(“aggressors”, “step in”): the writer keeping a distance from the word. "
            + _scare_counts(counts, outlets)
        )
        with st.expander(f"All {len(scare)} scare quotes", expanded=False):
            st.dataframe(scare[["outlet", "text"]], hide_index=True, width="stretch")
    _highlighted(result, outlets, ctx.focus)

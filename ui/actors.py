"""Actors and stance: tone toward each actor per outlet (own words vs quoted), mentions,
stance positions with intervals, and editors for the actor list and the stance axes."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from framing import charts
from framing.models import Actor, AxisTerm
from ui import page
from ui.exports import show_chart, table_download
from ui.state import Context

__all__ = ["actors_frame", "axes_frame", "frame_to_actors", "frame_to_axes", "render"]

INTRO = "Where each outlet places the actors on each stance axis, and the tone of the sentences that mention them. Edit the actors and axes at the bottom."

KINDS = ["person", "country", "organisation", "group", "other"]


def actors_frame(actors: tuple[Actor, ...]) -> pd.DataFrame:
    """Actors as an editable table (aliases joined by ``|`` as in actors.csv)."""
    return pd.DataFrame(
        {
            "name": [a.name for a in actors],
            "aliases": ["|".join(a.aliases) for a in actors],
            "kind": [a.kind or "other" for a in actors],
        },
        columns=["name", "aliases", "kind"],
    )


def frame_to_actors(df: pd.DataFrame) -> tuple[Actor, ...]:
    """Rows of an edited actor table back to actors (blank names dropped)."""
    out = []
    for r in df.fillna("").itertuples(index=False):
        name = str(r.name).strip()
        if not name:
            continue
        aliases = tuple(dict.fromkeys(a.strip() for a in str(r.aliases).split("|") if a.strip()))
        out.append(Actor(name=name, aliases=aliases or (name,), kind=str(r.kind or "other")))
    return tuple(out)


def axes_frame(axes: tuple[AxisTerm, ...]) -> pd.DataFrame:
    """Stance axis terms as an editable table (the columns of stance_axes.csv)."""
    return pd.DataFrame(
        [(t.axis, t.pole, t.pole_label, t.term, t.source) for t in axes],
        columns=["axis", "pole", "pole_label", "term", "source"],
    )


def frame_to_axes(df: pd.DataFrame) -> tuple[AxisTerm, ...]:
    """Rows of an edited axis table back to terms (incomplete rows dropped)."""
    out = []
    for r in df.itertuples(index=False):
        vals = [("" if pd.isna(v) else v) for v in (r.axis, r.pole, r.pole_label, r.term, r.source)]
        axis, pole, label, term, source = vals
        if not str(axis).strip() or not str(term).strip() or str(pole) == "":
            continue
        pole_i = 1 if int(pole) > 0 else -1
        out.append(
            AxisTerm(str(axis).strip(), pole_i, str(label).strip(), str(term).strip(), str(source))
        )
    return tuple(out)


def _editors(ctx: Context) -> None:
    from framing.actors import default_actors
    from framing.stance import default_axes

    store, story = ctx.store, ctx.story
    nonce = st.session_state.setdefault("editor_nonce", 0)

    def saved() -> None:
        st.session_state["editor_nonce"] = nonce + 1  # fresh editors over the saved data
        st.rerun()

    actors = store.get_actors(story)
    axes = store.get_axes(story)
    with st.expander("Edit actors", expanded=False):
        st.caption(
            "One row per actor; aliases separated by |, matched as whole words (case-sensitive). "
            "Saved for this story; the story is re-scored at once."
        )
        edited = st.data_editor(
            actors_frame(actors if actors is not None else default_actors()),
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            key=f"actors_editor_{story}_{nonce}",
            column_config={
                "name": st.column_config.TextColumn("Name", required=True),
                "aliases": st.column_config.TextColumn("Aliases (a|b|c)"),
                "kind": st.column_config.SelectboxColumn("Kind", options=KINDS),
            },
        )
        c1, c2 = st.columns(2)
        if c1.button("Save actors", key="actors_save", type="primary"):
            store.set_actors(story, frame_to_actors(edited))
            saved()
        if c2.button("Reset to the bundled list", key="actors_reset", disabled=actors is None):
            store.set_actors(story, None)
            saved()
    with st.expander("Edit stance axes", expanded=False):
        st.caption(
            "Each term places an actor toward one pole of an axis: pole −1 is the left label, "
            "+1 the right. Saved for this story; the story is re-scored at once."
        )
        edited_axes = st.data_editor(
            axes_frame(axes if axes is not None else default_axes()),
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            key=f"axes_editor_{story}_{nonce}",
            column_config={
                "axis": st.column_config.TextColumn("Axis", required=True),
                "pole": st.column_config.SelectboxColumn("Pole", options=[-1, 1], required=True),
                "pole_label": st.column_config.TextColumn("Pole label"),
                "term": st.column_config.TextColumn("Term", required=True),
                "source": st.column_config.TextColumn("Source"),
            },
        )
        c1, c2 = st.columns(2)
        if c1.button("Save axes", key="axes_save", type="primary"):
            store.set_axes(story, frame_to_axes(edited_axes))
            saved()
        if c2.button("Reset to the bundled axes", key="axes_reset", disabled=axes is None):
            store.set_axes(story, None)
            saved()


def render(ctx: Context) -> None:
    """Draw the actors and stance view."""
    st.caption(INTRO)
    result = page.analysis(ctx)
    if result is None:
        return
    cmap = page.colors(ctx, result)
    tag = tuple(sorted(cmap.items()))
    st.subheader("Stance", anchor=False)
    if result.stance.empty:
        st.info("No stance terms found in this story (edit the axes below).")
    else:
        show_chart(
            page.chart(
                result, "stance", lambda: charts.stance_chart(result.stance, colors=cmap), tag
            ),
            key="actors_stance",
            context=page.chart_context(ctx, result),
        )
    st.subheader("Tone toward each actor", anchor=False)
    if result.actors.empty:
        st.info("None of the actors is mentioned (edit the actor list below).")
    else:
        show_chart(
            page.chart(
                result,
                "actor_tone",
                lambda: charts.actor_tone_chart(result.actors, colors=cmap),
                tag,
            ),
            key="actors_tone",
            context=page.chart_context(ctx, result),
        )
        # outlets as rows (there may be forty), actors as columns, most mentioned first
        mentions = result.actors.pivot_table(
            index="outlet", columns="actor", values="mentions", aggfunc="sum", fill_value=0
        )
        mentions = mentions[mentions.sum().sort_values(ascending=False).index].reset_index()
        st.caption("Mentions per outlet (click a column header to sort)")
        st.dataframe(
            mentions,
            hide_index=True,
            width="stretch",
            column_config={"outlet": st.column_config.TextColumn(width="medium", pinned=True)},
        )
        table_download(result.actors, name="actors", key="actors_csv", label="Actor table as CSV")
    _editors(ctx)

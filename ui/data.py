"""Data: per-article notes and quality flags, the lexicons in force with their hit counts,
custom lexicon upload, and every download (tables, workbook, charts, report)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from framing.models import Analysis, ReadError
from framing.tables import lexicon_hits
from ui import page
from ui.exports import table_download
from ui.state import Context
from ui.text import md

__all__ = ["article_notes", "render"]

CUSTOM_SCOPE = {"This story only": "story", "All stories": "global"}


def _flag_labels() -> dict[str, str]:
    from framing.quality import FLAG_LABELS

    return dict(FLAG_LABELS)


def article_notes(articles: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """One row per article: outlet, title, source, words, quality flags in words, notes.

    A ``near_duplicate:<id>`` flag names the other article by outlet and title.
    """
    names = {
        str(r["article_id"]): f"{r['outlet']} – {r['title']}"
        for _, r in articles.iterrows()
        if "article_id" in articles
    }

    def words(flags: object) -> str:
        out = []
        for code in str(flags or "").split(";"):
            code = code.strip()
            if not code:
                continue
            base, _, other = code.partition(":")
            text = labels.get(base, labels.get(code, base.replace("_", " ")))
            out.append(f"{text}: {names.get(other, other)}" if other else text)
        return "; ".join(out)

    return pd.DataFrame(
        {
            "outlet": articles["outlet"],
            "title": articles["title"],
            "source": articles["source"],
            "words": articles["n_words"],
            "quality flags": articles["flags"].map(words),
            "notes": articles["notes"].fillna(""),
        }
    )


def _lexicons_in_use(result: Analysis) -> None:
    st.subheader("Lexicons in use", anchor=False)
    table = lexicon_hits(result.lexicon, result.cues)
    summary = (
        table.groupby("lexicon").agg(terms=("term", "count"), hits=("hits", "sum")).reset_index()
    )
    st.dataframe(summary, hide_index=True, width="stretch")
    names = list(summary["lexicon"])
    pick = st.selectbox("Show the terms of", names, key="data_lexicon_pick") if names else None
    if pick is not None:
        only_hits = st.toggle("Only terms found in this story", value=True, key="data_only_hits")
        sub = table[table["lexicon"] == pick]
        if only_hits:
            sub = sub[sub["hits"] > 0]
        st.dataframe(sub, hide_index=True, width="stretch", height=300)
    table_download(
        table, name="lexicon_hits", key="data_lexicon_csv", label="Lexicon terms and hits as CSV"
    )


def _custom_lexicons(ctx: Context) -> None:
    st.subheader("Add your own lexicon", anchor=False)
    st.caption(
        "A CSV with columns term,category,weight,source (weight: how strongly a hit counts). "
        "Its hits are highlighted as “Your lexicon” and listed here; the story is re-scored."
    )
    nonce = st.session_state.setdefault("lexicon_nonce", 0)
    up = st.file_uploader("Lexicon CSV", type=["csv"], key=f"lexicon_upload_{nonce}")
    scope = st.radio("Use it for", list(CUSTOM_SCOPE), horizontal=True, key="lexicon_scope")
    if up is not None and st.button("Add lexicon", key="lexicon_add", type="primary"):
        from framing.lexicon import read_lexicon_csv

        name = up.name.rsplit(".", 1)[0].strip() or "custom"
        data = up.getvalue()
        try:
            read_lexicon_csv(data, name=name)  # validate before saving
            text = data.decode("utf-8-sig")
        except (ReadError, UnicodeDecodeError, ValueError) as err:
            st.error(md(err if isinstance(err, ReadError) else f"{up.name}: {err}"))
        else:
            story = ctx.story if CUSTOM_SCOPE[scope] == "story" else ""
            ctx.store.add_lexicon(name, text, story=story)
            st.session_state["lexicon_nonce"] = nonce + 1
            st.rerun()
    custom = ctx.store.lexicons(ctx.story)
    if custom:
        st.caption(md("Your lexicons: " + ", ".join(n for n, _ in custom)))
        drop = st.selectbox("Remove a lexicon", [n for n, _ in custom], key="lexicon_drop")
        if st.button("Remove", key="lexicon_remove"):
            if not ctx.store.remove_lexicon(drop, story=ctx.story):
                ctx.store.remove_lexicon(drop)
            st.rerun()


def _downloads(ctx: Context, result: Analysis) -> None:
    from ui import downloads

    st.subheader("Downloads", anchor=False)
    downloads.render(ctx, result, colors=page.colors(ctx, result), focus=ctx.focus)


def render(ctx: Context) -> None:
    """Draw the data view."""
    full = page.full_analysis(ctx)
    if full is not None:
        cmp = page.compared(ctx, full)
        result = cmp.analysis
        _downloads(ctx, result)  # the exports hold the comparison on screen
        st.subheader("Articles", anchor=False)
        st.caption(
            "Every article of the story, set-aside ones included: “compared” says whether it "
            "is in the comparison the other views draw, or why not."
        )
        notes = article_notes(full.articles, _flag_labels())
        status = cmp.table.set_index("article_id")
        # the row label tells two articles of one outlet apart (outlet · date · headline)
        notes["outlet"] = [
            status.loc[aid, "label"] if aid in status.index else outlet
            for aid, outlet in zip(full.articles["article_id"], notes["outlet"], strict=True)
        ]
        notes.insert(
            1,
            "compared",
            [
                "yes"
                if aid in status.index and bool(status.loc[aid, "included"])
                else f"set aside: {status.loc[aid, 'reason']}"
                if aid in status.index
                else "set aside"
                for aid in full.articles["article_id"]
            ],
        )
        if full.set_aside:  # not scored (over the time budget): listed too, with the reason
            unscored = pd.DataFrame(
                {
                    "outlet": [s.outlet for s in full.set_aside],
                    "compared": [f"set aside: {s.reason}" for s in full.set_aside],
                    "title": [s.title for s in full.set_aside],
                    "source": [s.source for s in full.set_aside],
                }
            )
            notes = pd.concat([notes, unscored], ignore_index=True)
        st.dataframe(
            notes,
            hide_index=True,
            width="stretch",
            column_config={
                "outlet": st.column_config.TextColumn(width="medium", pinned=True),
                "compared": st.column_config.TextColumn(width="medium"),
                "title": st.column_config.TextColumn(width="medium"),
                "quality flags": st.column_config.TextColumn(
                    width="large", help="What the quality checks doubt about the article"
                ),
                "notes": st.column_config.TextColumn(
                    width="large", help="What ingestion repaired or doubted"
                ),
            },
        )
        table_download(
            notes, name="article_notes", key="data_notes_csv", label="Notes and flags as CSV"
        )
        if full.set_aside:
            st.subheader("Not analysed", anchor=False)
            st.caption(
                "In the story but not scored, with the reason. Remove them in the sidebar, or "
                "ask the operator for a longer time budget."
            )
            st.dataframe(full.set_aside_table(), hide_index=True, width="stretch")
        _lexicons_in_use(full)
    _custom_lexicons(ctx)  # also when a bad lexicon stops scoring: it can be removed here

"""Side by side: 2–4 outlets' full articles in columns, with highlighted cues and quotes."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from framing import render as fr
from framing.frames import highlight_cues
from ui import page
from ui.state import Context
from ui.text import md, unique_labels

__all__ = ["render"]

INTRO = "Read the articles next to each other with the words behind every score highlighted."

MAX_COLUMNS = 4


def _category_toggles(*, custom: bool) -> list[str]:
    st.caption("Highlight:")
    offered = [c for c in fr.CATEGORIES if custom or c != "other"]
    cols = st.columns(len(offered))
    chosen = []
    for col, cat in zip(cols, offered, strict=True):
        label = fr.CLASSES[cat][1]
        help_text = fr.CLASSES[cat][2]
        if cat == "reporting":
            label, help_text = (
                "Reporting verbs",
                "said, told (neutral) and claimed, admitted… (loaded)",
            )
        with col:
            if st.toggle(label, value=True, key=f"sbs_cat_{cat}", help=help_text):
                chosen.append(cat)
    return chosen


def render(ctx: Context) -> None:
    """Draw the side-by-side reading view."""
    st.caption(INTRO)
    # whole articles are read here, so always at article grain (the comparison set still holds)
    result = page.analysis(replace(ctx, grain="articles"))
    if result is None:
        return
    arts = result.articles
    labels = unique_labels({r.article_id: str(r.outlet) for r in arts.itertuples()})
    ids = list(labels)
    # the focus outlets' articles first (a story of many outlets), else the first ones
    focused = [  # an outlet in focus at outlet grain brings each of its articles
        i for i in ids if any(labels[i] == f or labels[i].startswith(f"{f} · ") for f in ctx.focus)
    ]
    if len(focused) >= 2:
        default = focused[:MAX_COLUMNS]
    else:
        default = ids[:MAX_COLUMNS] if len(ids) <= MAX_COLUMNS else ids[:2]
    picked = st.multiselect(
        f"Articles to compare (2 to {MAX_COLUMNS})",
        ids,
        default=default,
        format_func=lambda i: labels.get(i, i),
        max_selections=MAX_COLUMNS,
        key="sbs_articles",
    )
    if len(picked) < 1:
        st.info("Pick at least one article (two or more to compare).")
        return
    categories = _category_toggles(custom=bool(ctx.settings.lexicons))
    st.html(fr.legend_html(categories))
    st.caption("Hover over a highlight to see the lexicon, category and term behind it.")
    texts = {a.id: a for a in ctx.articles}
    for col, aid in zip(st.columns(len(picked)), picked, strict=True):
        row = arts[arts["article_id"] == aid].iloc[0]
        with col, st.container(border=True):
            st.markdown(f"#### {md(row['outlet'])}")
            st.markdown(f"**{md(row['title'] or '(no headline)')}**")
            st.caption(f"{int(row['n_words']):,} words · {md(row['source'] or '')}")
            article = texts.get(aid)
            if article is None:
                st.warning("This article was removed; reload the page.")
                continue
            st.html(
                fr.highlight_html(
                    article.text,
                    pd.concat([result.cues, highlight_cues(result.frame_cues, scheme="policy")]),
                    result.quotes,
                    categories=categories,
                    article_id=aid,
                )
            )

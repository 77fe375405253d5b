"""Frames: which frames each outlet puts the story in, and the sentences and words behind them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from framing import render as fr
from framing.frames import SCHEMES, frame_findings, highlight_cues, leading_frames
from framing.frames.chart import frames_chart
from ui import page
from ui.exports import show_chart, table_download
from ui.state import Context
from ui.text import md, unique_labels

__all__ = ["SCHEME_LABELS", "article_labels", "render", "top_frame_sentences"]

INTRO = (
    "Which frames each outlet puts the story in (policy frames of the Policy Frames Codebook; "
    "generic news frames), with the sentences and words that put it there."
)
SCHEME_LABELS = {"policy": "Policy frames (14)", "generic": "Generic frames (5)"}
TOP_SENTENCES = 5


def article_labels(articles: pd.DataFrame) -> dict[str, str]:
    """``article_id`` → outlet, with the title added where an outlet has several articles."""
    return unique_labels(
        {
            r.article_id: (
                r.outlet
                if (articles["outlet"] == r.outlet).sum() == 1
                else f"{r.outlet} · {r.title}"
            )
            for r in articles.itertuples()
        }
    )


def top_frame_sentences(
    frame_cues: pd.DataFrame, *, article_id: str, category: str, n: int = TOP_SENTENCES
) -> pd.Series:
    """The ``n`` sentences of an article that push ``category`` up most (sum of weights > 0)."""
    if frame_cues is None or frame_cues.empty:
        return pd.Series(dtype=float)
    mine = frame_cues[
        (frame_cues["article_id"] == article_id) & (frame_cues["category"] == category)
    ]
    sums = mine.groupby("sent_id")["weight"].sum()
    return sums[sums > 0].sort_values(ascending=False, kind="stable").head(n)


def _sentences_behind(result, frames: pd.DataFrame, labels: dict[str, str], scheme: str) -> None:
    st.subheader("The sentences behind a frame", anchor=False)
    st.caption(
        "Pick an outlet and a frame: its sentences that push that frame up most, with the "
        "words that do it highlighted (hover a word for its contribution)."
    )
    ids = [a for a in labels if a in set(frames["article_id"])]
    if not ids:
        return
    left, right = st.columns(2)
    with left:
        aid = st.selectbox(
            "Outlet", ids, format_func=lambda i: labels.get(i, i), key="frames_article"
        )
    mine = frames[(frames["article_id"] == aid) & (frames["scheme"] == scheme)]
    mine = mine.sort_values("score", ascending=False)
    with right:
        frame = st.selectbox(
            "Frame",
            list(mine["frame"]),
            format_func=lambda f: f"{f} ({float(mine.set_index('frame').loc[f, 'score']):.2f})",
            key=f"frames_frame_{scheme}",
        )
    if frame is None:
        return
    row = mine.set_index("frame").loc[frame]
    verdict = "frames the story so" if bool(row["predicted"]) else "does not frame the story so"
    st.markdown(
        f"**{md(labels.get(aid, aid))}** {verdict}: score {float(row['score']):.2f} "
        f"(0.5 is the threshold). Words that count most: {md(row['top_cues'] or 'none')}."
    )
    category = f"{scheme}:{frame}"
    top = top_frame_sentences(result.frame_cues, article_id=aid, category=category)
    if top.empty:
        st.caption("No sentence of this article pushes this frame up.")
        return
    sents = result.sentences[result.sentences["article_id"] == aid].set_index("sent_id")
    cues = highlight_cues(result.frame_cues[result.frame_cues["article_id"] == aid], frame=category)
    cards = []
    for sid, weight in top.items():
        if sid not in sents.index:
            continue
        s = sents.loc[sid]
        cards.append(
            fr.sentence_card_html(
                str(s["text"]),
                cues,
                offset=int(s["start"]),
                outlet=labels.get(aid, aid),
                caption=f"sentence {int(sid) + 1} · adds {weight:.2f} to {frame}",
                categories=("frames",),
            )
        )
    st.html("".join(cards))


def render(ctx: Context) -> None:
    """Draw the frames view."""
    st.caption(INTRO)
    result = page.analysis(ctx)
    if result is None:
        return
    frames = result.frames
    labels = article_labels(result.articles)
    unscored = [a for a in labels if a not in set(frames["article_id"])]
    if unscored:
        st.info(
            f"{len(unscored)} article{'s' * (len(unscored) != 1)} not scored for frames: the "
            "frames model is English-only, and these do not look like English ("
            + md(", ".join(labels[a] for a in unscored[:5]))
            + (", …" if len(unscored) > 5 else "")
            + ")."
        )
    if frames.empty:
        return
    scheme = st.segmented_control(
        "Frame scheme",
        list(SCHEMES),
        default="policy",
        required=True,
        format_func=lambda s: SCHEME_LABELS.get(s, s),
        key="frames_scheme",
    )
    chart = page.chart(
        result, "frames", lambda: frames_chart(frames, labels, scheme=scheme), scheme
    )
    show_chart(chart, key="frames_chart", context=page.chart_context(ctx, result))
    lines = frame_findings(frames, labels)
    if lines:
        st.markdown("\n".join(f"- {md(t)}" for t in lines))
    leads = leading_frames(frames[frames["scheme"] == scheme])
    with st.expander("Leading frames per outlet", expanded=False):
        st.dataframe(
            pd.DataFrame(
                {
                    "outlet": [labels.get(a, a) for a in leads],
                    "leading frames": [" · ".join(v) or "none" for v in leads.values()],
                }
            ),
            hide_index=True,
            width="stretch",
        )
    _sentences_behind(result, frames, labels, scheme)
    table_download(frames, name="frames", key="frames_csv", label="Frames as CSV")
    st.caption(
        "How it is measured and how well it agrees with annotators: docs/frames.md. "
        "Scores are article-level; trained on English news."
    )

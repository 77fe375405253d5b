"""The sidebar: story picker, uploads, outlet rename, article removal, story deletion."""

from __future__ import annotations

import streamlit as st

from framing.store import Store
from ui import state
from ui.text import md, unique_labels
from ui.upload import UPLOAD_TYPES, ingest_links, ingest_uploads, parse_links

__all__ = ["render"]

PENDING_STORY = "_pending_story"  # set by an action, applied before the picker is drawn
NEW_STORY = "A new story"
THIS_STORY = "This story"


def _apply_pending() -> None:
    pending = st.session_state.pop(PENDING_STORY, None)
    if pending:
        st.session_state[state.STORY] = pending


def _show_messages() -> None:
    for level, text in state.messages():
        getattr(st, level)(md(text))


def _upload_section(store: Store, story: str | None) -> None:
    st.subheader("Add articles")
    nonce = st.session_state[state.UPLOAD_NONCE]
    files = st.file_uploader(
        "Articles (txt, md, html, pdf, docx) or bundles (csv, xlsx, jsonl)",
        type=UPLOAD_TYPES,
        accept_multiple_files=True,
        key=f"uploader_{nonce}",
        help="Each file becomes one article; a bundle (csv/xlsx/jsonl with outlet and text "
        "columns; title, url, published optional, any case; headline, body, source… work too) "
        "gives one article per row. The outlet is guessed from the file; rename it below.",
    )
    links = parse_links(
        st.text_area(
            "Or paste links (one per line)",
            key=f"links_{nonce}",
            height=80,
            placeholder="https://www.example.com/news/story",
            help="Each page is fetched from the web and read like an uploaded HTML file "
            "(public sites only; up to 10 MB and 15 s per page).",
        )
    )
    targets = [THIS_STORY, NEW_STORY] if story else [NEW_STORY]
    target = st.radio("Add to", targets, horizontal=True, key="upload_target")
    new_name = ""
    if target == NEW_STORY:
        new_name = st.text_input(
            "New story name", key="new_story_name", placeholder="e.g. Budget 2026"
        )
    n, n_links = len(files or []), len(links)
    parts = [f"{n} file{'s' * (n != 1)}"] * bool(n) + [
        f"{n_links} link{'s' * (n_links != 1)}"
    ] * bool(n_links)
    clicked = st.button(
        f"Add {' and '.join(parts)}" if parts else "Add files",
        key="upload_button",
        type="primary",
        disabled=not (n or n_links),
        width="stretch",
    )
    if not clicked:
        return
    dest = story if target == THIS_STORY else new_name.strip()
    if not dest:
        st.session_state[state.MESSAGES] = [("error", "Give the new story a name first.")]
        st.rerun()
    bar = st.progress(0.0, text="Reading files…")

    def progress(i: int, total: int, name: str) -> None:
        bar.progress(
            i / max(total, 1), text=f"Reading {name} ({i + 1} of {total})" if name else "Saving…"
        )

    outcome = ingest_uploads(
        store, dest, [(f.name, f.getvalue()) for f in files or []], progress=progress
    )
    if links:
        outcome.merge(ingest_links(store, dest, links, progress=progress))
    bar.empty()
    msgs: list[tuple[str, str]] = []
    if outcome.read:
        msgs.append(("success", outcome.summary()))
    msgs.extend(("error", e) for e in outcome.errors)
    msgs.extend(("warning", w) for w in outcome.warnings)
    st.session_state[state.MESSAGES] = msgs
    st.session_state[state.UPLOAD_NONCE] = nonce + 1  # clears the uploader
    if outcome.read:
        st.session_state[PENDING_STORY] = dest
    st.rerun()


def _outlet_section(store: Store, story: str) -> None:
    articles = store.articles(story)
    if not articles:
        return
    outlets = list(dict.fromkeys(a.outlet for a in articles))
    with (
        st.expander("Rename an outlet", expanded=False),
        st.form("rename_form", clear_on_submit=True, border=False),
    ):
        st.caption("Outlet names are guessed from each file; correct them here.")
        old = st.selectbox("Outlet", outlets, key="rename_old")
        new = st.text_input("New name", key="rename_new", placeholder="e.g. The Daily Planet")
        if st.form_submit_button("Rename"):
            if not new.strip():
                st.session_state[state.MESSAGES] = [("error", "Type the new outlet name first.")]
            else:
                n = store.rename_outlet(story, old, new)
                st.session_state[state.MESSAGES] = [
                    (
                        "success",
                        f"Renamed “{old}” to “{new.strip()}” ({n} article{'s' * (n != 1)}).",
                    )
                ]
            st.rerun()
    by_id = {a.id: a for a in articles}
    names = unique_labels({i: f"{a.outlet} — {a.title or a.source or i}" for i, a in by_id.items()})
    with st.expander("Remove an article", expanded=False), st.form("remove_form", border=False):
        pick = st.selectbox(
            "Article",
            list(by_id),
            format_func=lambda i: names[i],
            key="remove_pick",
        )
        if st.form_submit_button("Remove article"):
            gone = by_id[pick]
            store.remove_article(story, pick)
            st.session_state[state.MESSAGES] = [
                ("success", f"Removed “{gone.title or gone.source}” ({gone.outlet}).")
            ]
            st.rerun()
    with (
        st.expander("Delete this story", expanded=False),
        st.form("delete_form", clear_on_submit=True, border=False),
    ):
        sure = st.checkbox(
            f"Yes, delete “{story}” and its {len(articles)} articles", key="delete_sure"
        )
        if st.form_submit_button("Delete story"):
            if sure:
                store.delete_story(story)
                st.session_state[state.MESSAGES] = [("success", f"Deleted the story “{story}”.")]
                st.session_state[PENDING_STORY] = ""
            else:
                st.session_state[state.MESSAGES] = [
                    ("warning", "Tick the box to confirm the deletion.")
                ]
            st.rerun()


def render(store: Store) -> str | None:
    """Draw the sidebar; return the story on screen (``None`` if the workspace is empty)."""
    _apply_pending()
    state.init(store)
    with st.sidebar:
        st.title("Framing")
        st.caption("How different outlets frame the same story.")
        info = {i.name: i for i in store.story_info()}
        story = None
        if info:
            story = st.selectbox(
                "Story",
                list(info),
                key=state.STORY,
                format_func=lambda s: (
                    f"{s}  ({info[s].n_articles} articles, {info[s].n_outlets} outlets)"
                    if s in info
                    else s
                ),
            )
        else:
            st.info("No story yet: upload articles below.")
        _show_messages()
        _upload_section(store, story)
        if story:
            _outlet_section(store, story)
    return story

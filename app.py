"""The framing dashboard: ``streamlit run app.py --server.address 127.0.0.1``.

Wiring only: page config, the workspace, the sidebar, the view switcher. The views live in
``ui/``; the analysis in ``framing/``.
"""

from __future__ import annotations

import streamlit as st

import ui.frames
import ui.results
from framing.store import default_path
from ui import actors, cache, clusters, data, overview, page, quotes, side_by_side, sidebar, state
from ui.state import skip_repl_check

skip_repl_check()
st.set_page_config(page_title="Framing · how outlets frame a story", page_icon="📰", layout="wide")

VIEWS = {
    "Overview": overview.render,
    "Side by side": side_by_side.render,
    "Quotes and sources": quotes.render,
    "Clusters": clusters.render,
    "Actors and stance": actors.render,
    "Frames": ui.frames.render,
    "Data": data.render,
}

store = cache.get_store(str(default_path()))
store, story = ui.results.pick(store, sidebar.render)  # or analysed tables, read-only
if story is None:
    page.empty_workspace()
    st.stop()
ctx = page.context(store, story)
page.header(ctx)
ctx = page.comparison(ctx)  # set-aside banner, focus outlets, grain: every view follows them
view = st.segmented_control(
    "View",
    list(VIEWS),
    default="Overview",
    required=True,
    key=state.VIEW,
    bind="query-params",
    label_visibility="collapsed",
)
ui.results.run(VIEWS[view], ctx)  # only the chosen view runs

"""Browse a folder of analysed tables (``python -m framing analyze --out DIR``) read-only.

Which folders may be opened is the operator's choice, never the visitor's: folders under
``$FRAMING_RESULTS_DIR`` (several separated by ``:``), and the folder given as
``streamlit run app.py -- --results DIR`` (opened at start). With neither, the sidebar's
"Open analysed tables" section only says how to enable it: on a shared server a free path box
would let anyone read the server's files.

While a folder is open the sidebar lists its stories instead of the workspace's; the story on
screen is a :class:`framing.results.ResultsFolder` story: every view renders from its tables
(through :func:`analysis` and :func:`clusters`, which :mod:`ui.page` calls for a read-only
store), nothing can be added, renamed or removed, and "Back to my workspace" closes it.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import streamlit as st

from framing.models import Analysis, ClusterSettings
from framing.results import (
    ReadOnlyError,
    ResultsError,
    ResultsFolder,
    allowed_folder,
    find_folders,
)
from framing.store import Store
from ui.state import Context
from ui.text import md

__all__ = [
    "ARG",
    "ROOT_ENV",
    "analysis",
    "banner",
    "cli_folder",
    "clusters",
    "open_section",
    "opened",
    "pick",
    "roots",
    "run",
    "sidebar",
]

ROOT_ENV = "FRAMING_RESULTS_DIR"
ARG = "--results"
OPEN = "results_dir"  # the open folder (a resolved path) or "" once closed
STORY = "results_story"  # the story picked in it
ERROR = "results_error"  # the last refusal, shown in the open section
PATH_BOX = "results_path"
PICK = "results_pick"
MAX_STORIES = 8  # loaded stories kept in memory


def cli_folder(argv: Sequence[str] | None = None) -> str | None:
    """The folder after ``--results`` (``streamlit run app.py -- --results DIR``), if any."""
    args = list(sys.argv[1:] if argv is None else argv)
    for i, arg in enumerate(args):
        if arg == ARG and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith(ARG + "="):
            return arg.split("=", 1)[1]
    return None


def roots() -> list[Path]:
    """The folders the operator allowed: ``$FRAMING_RESULTS_DIR`` entries and ``--results``."""
    out = [Path(p) for p in os.environ.get(ROOT_ENV, "").split(os.pathsep) if p.strip()]
    given = cli_folder()
    if given:
        out.append(Path(given))
    return [p.expanduser().resolve() for p in out]


def _signature(path: str) -> tuple[tuple[str, int, int], ...]:
    """Name, size, mtime of the folder's entries: reopen when the tables are rewritten."""
    folder = Path(path)
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return ()
    out = []
    for p in entries:
        try:
            s = p.stat()
        except OSError:
            continue
        out.append((p.name, s.st_size, s.st_mtime_ns))
    return tuple(out)


@st.cache_resource(max_entries=4, show_spinner=False)
def _folder(path: str, signature: tuple) -> ResultsFolder:
    return ResultsFolder(path)


def _load(path: str) -> ResultsFolder:
    return _folder(path, _signature(path))


def _open(path: str) -> None:
    """Validate and open ``path`` (a callback: runs before the rerun draws anything)."""
    try:
        folder = allowed_folder(path, roots=roots())
        _load(str(folder))
    except ResultsError as err:
        st.session_state[ERROR] = str(err)
        return
    st.session_state[OPEN] = str(folder)
    st.session_state.pop(STORY, None)
    st.session_state.pop(ERROR, None)


def _close() -> None:
    st.session_state[OPEN] = ""
    st.session_state.pop(STORY, None)


def opened() -> ResultsFolder | None:
    """The open folder of analysed tables, or ``None`` (the workspace is on screen).

    The ``--results`` folder opens by itself on a session's first run. A folder that can no
    longer be read closes, its reason shown in the open section.
    """
    if OPEN not in st.session_state:
        given = cli_folder()
        st.session_state[OPEN] = ""
        if given:
            _open(given)
    path = st.session_state.get(OPEN) or ""
    if not path:
        return None
    try:
        return _load(path)
    except ResultsError as err:
        st.session_state[ERROR] = str(err)
        st.session_state[OPEN] = ""
        return None


@st.cache_data(ttl=30, max_entries=4, show_spinner=False)
def _found(allowed: tuple[str, ...]) -> list[str]:
    """Folders of tables under the roots (rescanned at most every 30 s)."""
    return [str(p) for r in allowed for p in find_folders(r)]


def open_section() -> None:
    """The sidebar's "Open analysed tables" section (drawn below the workspace controls)."""
    allowed = roots()
    with (
        st.sidebar,
        st.expander("Open analysed tables", expanded=bool(st.session_state.get(ERROR))),
    ):
        if st.session_state.get(ERROR):
            st.error(md(st.session_state[ERROR]))
        if not allowed:
            st.caption(
                "Browse the tables `python -m framing analyze --out DIR` wrote (CSV or Parquet, "
                f"e.g. a corpus analysed with `--engine dask`). The operator enables this with "
                f"`{ROOT_ENV}=/path/to/results` or `streamlit run app.py -- {ARG} DIR`; only "
                "folders there can be opened."
            )
            return
        st.caption(
            "Read-only stories from the tables `python -m framing analyze --out DIR` wrote. "
            "Only folders under " + ", ".join(f"`{md(str(r))}`" for r in allowed) + " can be "
            "opened."
        )
        found = _found(tuple(str(r) for r in allowed))
        if found:
            pick = st.selectbox("Folder", found, key=PICK)
            st.button("Open", key="results_open_pick", on_click=_open, args=(pick,))
        path = st.text_input(
            "Or a folder path",
            key=PATH_BOX,
            placeholder=str(allowed[0] / "my-run"),
            help="Absolute, or relative to the first allowed folder.",
        )
        st.button(
            "Open this folder",
            key="results_open_path",
            disabled=not path.strip(),
            on_click=_open,
            args=(path,),
        )


def sidebar(folder: ResultsFolder) -> str | None:
    """The sidebar while a folder is open: its stories, the read-only label, the way back."""
    info = {i.name: i for i in folder.story_info()}
    with st.sidebar:
        st.title("Framing")
        st.caption(md(folder.label))
        story = None
        if info:
            if st.session_state.get(STORY) not in info:
                st.session_state[STORY] = next(iter(info))
            story = st.selectbox(
                "Story",
                list(info),
                key=STORY,
                format_func=lambda s: (
                    f"{s}  ({info[s].n_articles} articles, {info[s].n_outlets} outlets)"
                    if s in info
                    else s
                ),
            )
        else:
            st.info("These tables hold no article.")
        aside = folder.set_aside_table()
        if len(aside):
            st.caption(
                f"{len(aside)} article{'s' * (len(aside) != 1)} were set aside when the tables "
                "were made (set_aside table)."
            )
        st.button("Back to my workspace", key="results_close", on_click=_close, width="stretch")
    return story


def pick(
    workspace: Store, workspace_sidebar: Callable[[Store], str | None]
) -> tuple[Store | ResultsFolder, str | None]:
    """The store and story on screen: the open folder of analysed tables with its sidebar, or
    the workspace with ``workspace_sidebar`` and the "Open analysed tables" section below it."""
    folder = opened()
    if folder is not None:
        story = sidebar(folder)
        try:
            if story is not None:
                folder.articles(story)  # a damaged table: back to the workspace, one message
        except ResultsError as err:
            _close()
            st.session_state[ERROR] = str(err)
            st.rerun()
        return folder, story
    story = workspace_sidebar(workspace)
    open_section()
    return workspace, story


def run(view: Callable[[Context], object], ctx: Context) -> None:
    """Draw ``view``; an edit it asks of a read-only story becomes one message."""
    try:
        view(ctx)
    except ReadOnlyError as err:
        st.warning(md(err))


def banner(folder: ResultsFolder) -> None:
    """The label above a read-only story."""
    st.info(
        f"{md(folder.label[:1].upper() + folder.label[1:])}. The scores are read from the tables; clusters are recomputed "
        "from the sentences. Nothing can be added, renamed or removed here.",
        icon=":material/lock:",
    )


def _key(folder: ResultsFolder, story: str) -> str:
    digest = hashlib.sha1(repr((str(folder.folder), folder.fingerprint(), story)).encode())
    return "tables:" + digest.hexdigest()[:20]


@st.cache_data(max_entries=MAX_STORIES, show_spinner=False)
def _analysis(path: str, signature: tuple, story: str) -> Analysis:
    return _folder(path, signature).analysis(story)


def analysis(ctx: Context) -> Analysis | None:
    """The story's tables as an :class:`Analysis` (only its rows read; cached); ``None``
    with one message when a table cannot be read."""
    folder: ResultsFolder = ctx.store  # type: ignore[assignment]
    path = str(folder.folder)
    try:
        with st.spinner("Reading the story's tables…"):
            result = _analysis(path, _signature(path), ctx.story)
    except ResultsError as err:
        st.error(md(err))
        return None
    result.extra["story_key"] = _key(folder, ctx.story)
    return result


@st.cache_data(max_entries=MAX_STORIES * 4, show_spinner=False)
def _clusters(path: str, signature: tuple, story: str, n_clusters, threshold):
    from framing.clusters import cluster

    scored = _folder(path, signature).analysis(story)
    return cluster(scored, ClusterSettings(n_clusters=n_clusters, threshold=threshold))


def clusters(ctx: Context, *, n_clusters: int | None = None, threshold: float | None = None):
    """The story's sentence clusters, recomputed from its tables (cached)."""
    folder: ResultsFolder = ctx.store  # type: ignore[assignment]
    path = str(folder.folder)
    with st.spinner("Grouping sentences…"):
        return _clusters(path, _signature(path), ctx.story, n_clusters, threshold)

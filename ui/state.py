"""Session state: the chosen story, the view, upload messages, and the settings in force.

Everything the app keeps between reruns lives under the keys named here, so a view never
invents its own global names.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from framing.comparison import MAX_FOCUS  # focus outlets in colour; the rest are grey
from framing.models import Article, ClusterSettings, Settings
from framing.store import Store

__all__ = [
    "CLUSTERING",
    "FOCUS",
    "GRAIN",
    "GRAINS",
    "INCLUDE_SET_ASIDE",
    "MAX_FOCUS",
    "MESSAGES",
    "STORY",
    "UPLOAD_NONCE",
    "VIEW",
    "Context",
    "add_message",
    "clustering",
    "focus",
    "init",
    "messages",
    "remember_story",
    "scoring_settings",
    "select_story",
    "set_clustering",
    "set_focus",
    "skip_repl_check",
]

STORY = "story"  # selected story name
VIEW = "view"  # selected view label
UPLOAD_NONCE = "upload_nonce"  # bumping it gives the uploader a new key (clears it)
MESSAGES = "messages"  # [(level, text)] shown in the sidebar after an action
CLUSTERING = "clustering"  # the ClusterSettings in force (one for every view and export)
INCLUDE_SET_ASIDE = "include_set_aside"  # the banner's switch: flagged articles compared too
FOCUS = "focus"  # the focus outlets (labels), also in the address: ?focus=A&focus=B
GRAIN = "grain"  # "articles" or "outlets" (the "Compare" switch), also in the address
GRAINS = ("articles", "outlets")


@dataclass(frozen=True)
class Context:
    """What every view receives: the workspace and the story on screen."""

    store: Store
    story: str
    articles: tuple[Article, ...]
    settings: Settings
    include_set_aside: bool = False  # the banner's switch
    grain: str = "articles"  # compare articles, or outlets (sentences pooled)
    focus: tuple[str, ...] = ()  # focus labels (drawn in colour)


def init(store: Store) -> None:
    """Fill missing session keys; keep the chosen story valid.

    On the first run of a session the story comes from the address (``?story=…``), so a
    reload or a shared link opens the same story; an unknown name falls back to the first.
    """
    st.session_state.setdefault(UPLOAD_NONCE, 0)
    st.session_state.setdefault(MESSAGES, [])
    stories = store.stories()
    if STORY not in st.session_state:
        wanted = st.query_params.get(STORY)
        if wanted in stories:
            st.session_state[STORY] = wanted
    if st.session_state.get(STORY) not in stories:
        if stories:
            st.session_state[STORY] = stories[0]
        else:
            st.session_state.pop(STORY, None)


def remember_story(story: str | None) -> None:
    """Write the story on screen into the address (``?story=…``); a new story drops the
    focus of the previous one."""
    if story is None:
        st.query_params.pop(STORY, None)
        return
    if st.query_params.get(STORY) != story:
        if st.query_params.get(STORY) is not None:
            st.session_state.pop(FOCUS, None)
            st.query_params.pop(FOCUS, None)
        st.query_params[STORY] = story


def focus(labels: list[str]) -> list[str]:
    """The focus outlets in force, among ``labels`` (from the session, else the address)."""
    if FOCUS in st.session_state:
        chosen = list(st.session_state[FOCUS])
    else:
        chosen = st.query_params.get_all(FOCUS)
    known = set(labels)
    return [c for c in dict.fromkeys(chosen) if c in known][:MAX_FOCUS]


def set_focus(chosen: list[str]) -> None:
    """Put ``chosen`` in force and into the address (``?focus=A&focus=B``)."""
    chosen = list(dict.fromkeys(chosen))[:MAX_FOCUS]
    st.session_state[FOCUS] = chosen
    if chosen:
        st.query_params[FOCUS] = chosen
    else:
        st.query_params.pop(FOCUS, None)


def select_story(name: str) -> None:
    """Make ``name`` the story on screen (call before the story picker is drawn)."""
    st.session_state[STORY] = name


def add_message(level: str, text: str) -> None:
    """Queue a message (``"success" | "info" | "warning" | "error"``) for the sidebar."""
    st.session_state.setdefault(MESSAGES, []).append((level, text))


def messages() -> list[tuple[str, str]]:
    """The queued messages (kept until the next action replaces them)."""
    return list(st.session_state.get(MESSAGES, []))


def scoring_settings(store: Store, story: str) -> Settings:
    """The settings that change scores for ``story``: its lexicons, actors and axes, and the
    per-article time budget (``$FRAMING_TIME_BUDGET``, else 30 s).

    Clustering controls are deliberately not part of it (they have their own cache).
    """
    from framing.budget import default_budget

    return Settings(
        lexicons=store.lexicons(story),
        actors=store.get_actors(story),
        axes=store.get_axes(story),
        time_budget=default_budget(),
    )


def clustering(default_threshold: float) -> ClusterSettings:
    """The clustering in force for every view and export (threshold resolved to a number)."""
    cs = st.session_state.get(CLUSTERING) or ClusterSettings()
    if cs.threshold is None:
        cs = ClusterSettings(n_clusters=cs.n_clusters, threshold=float(default_threshold))
    return cs


def set_clustering(cs: ClusterSettings) -> None:
    """Put ``cs`` in force (the Clusters view's controls call this when they move)."""
    st.session_state[CLUSTERING] = cs


def skip_repl_check() -> None:
    """Spare the first render Streamlit's once-per-process "are we in a REPL?" check.

    On the first element a process draws, Streamlit calls ``inspect.stack()`` to decide
    whether to print "use streamlit run": that reads the source of every frame and resolves
    the path of every loaded module (≈ 20,000 ``lstat`` calls), 0.5–0.9 s of the first page a
    visitor waits for. The app always runs under ``streamlit run`` (or AppTest), where the
    warning is never printed, so the check is marked done. The flag is private to Streamlit
    (pinned in ``constraints.txt``); ``tests/test_app.py`` fails if it disappears.
    """
    import streamlit.delta_generator as dg

    dg._use_warning_has_been_displayed = True

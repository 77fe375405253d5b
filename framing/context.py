"""The scoring context: everything an article is scored against, built once per settings.

:func:`build_context` loads the lexicons in force (the bundled ones and the user's, plus the
stance-axis terms) into one :class:`framing.lexicon.Matcher` (cached by content hash), the actors
(bundled, given, or suggested from the articles) and the verbs of saying with their kinds.
``Context.key`` names all of it for caches.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from framing.actors import ActorIndex, default_actors, suggest_actors
from framing.lexicon import Matcher, lexicon_hash, load_lexicons
from framing.models import LEXICON_COLUMNS, Actor, Article, AxisTerm, Settings
from framing.stance import axis_entries, default_axes

__all__ = ["DEFAULT_SETTINGS", "Context", "build_context", "get_matcher"]

#: The default settings (frozen, so one shared instance is safe as a default argument).
DEFAULT_SETTINGS = Settings()
_MATCHERS: dict[str, Matcher] = {}
_MATCHER_CACHE_SIZE = 8


def get_matcher(entries: pd.DataFrame) -> Matcher:
    """A :class:`Matcher` for ``entries``, cached by :func:`lexicon_hash` (a few kept)."""
    key = lexicon_hash(entries)
    matcher = _MATCHERS.get(key)
    if matcher is None:
        if len(_MATCHERS) >= _MATCHER_CACHE_SIZE:
            _MATCHERS.pop(next(iter(_MATCHERS)))
        matcher = _MATCHERS[key] = Matcher(entries)
    return matcher


@dataclass(frozen=True)
class Context:
    """Everything an article is scored against; ``key`` names it for caches."""

    settings: Settings
    lexicon: pd.DataFrame  # entries in force, stance rows included (LEXICON_COLUMNS)
    matcher: Matcher
    actors: tuple[Actor, ...]
    index: ActorIndex
    axes: tuple[AxisTerm, ...]
    verb_kinds: dict[str, str]
    key: str


def _matcher_entries(lexicon: pd.DataFrame) -> pd.DataFrame:
    # Each stance axis is its own matcher lexicon ("stance\x1f<axis>") so that a term shared by
    # two axes, or overlapping phrases of two axes, hit both; cues are relabelled "stance".
    stance = lexicon["lexicon"] == "stance"
    if not stance.any():
        return lexicon
    out = lexicon.copy()
    axis = out.loc[stance, "category"].astype(str).str.rsplit(":", n=1).str[0]
    out.loc[stance, "lexicon"] = "stance\x1f" + axis
    return out


def build_context(
    settings: Settings = DEFAULT_SETTINGS, articles: Sequence[Article] = ()
) -> Context:
    """The scoring context for ``settings`` (and, for suggested actors, ``articles``).

    Raises
    ------
    ReadError
        When a user lexicon in ``settings`` is invalid.
    """
    axes = tuple(default_axes() if settings.axes is None else settings.axes)
    base = load_lexicons(settings)
    lexicon = (
        pd.concat([base, axis_entries(axes)], ignore_index=True)[LEXICON_COLUMNS] if axes else base
    )
    matcher = get_matcher(_matcher_entries(lexicon))
    actors = tuple(default_actors() if settings.actors is None else settings.actors)
    if settings.auto_actors and articles:
        known = {a.name for a in actors}
        actors += tuple(a for a in suggest_actors(articles, actors) if a.name not in known)
    rep = lexicon[lexicon["lexicon"] == "reporting"]
    verb_kinds = {
        str(t).lower(): str(c) for t, c in zip(rep["term"], rep["category"], strict=False)
    }
    digest = hashlib.sha1()
    digest.update(lexicon_hash(lexicon).encode())
    digest.update(repr(actors).encode("utf-8", "surrogatepass"))
    digest.update(repr((settings.bootstrap, settings.random_state, settings.time_budget)).encode())
    return Context(
        settings=settings,
        lexicon=lexicon,
        matcher=matcher,
        actors=actors,
        index=ActorIndex(actors),
        axes=axes,
        verb_kinds=verb_kinds,
        key=digest.hexdigest()[:16],
    )

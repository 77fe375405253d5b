"""framing: how different news outlets frame the same story.

Public API (imported lazily so that ``import framing`` stays cheap)::

    from framing import load_articles, analyze, cluster_story, Settings
    articles, errors = load_articles(["a.html", "b.pdf"])
    result = analyze(articles, Settings())
"""

from __future__ import annotations

import importlib
from typing import Any

from framing.models import Actor, Analysis, Article, AxisTerm, ReadError, Settings

__version__ = "0.1.0"

_LAZY = {
    "load_articles": "framing.ingest",
    "read_file": "framing.ingest",
    "read_bytes": "framing.ingest",
    "read_bytes_report": "framing.ingest",
    "load_sample": "framing.ingest",
    "quality_flags": "framing.quality",
    "FLAG_LABELS": "framing.quality",
    "split_sentences": "framing.sentences",
    "load_lexicons": "framing.lexicon",
    "Matcher": "framing.lexicon",
    "analyze": "framing.pipeline",
    "analyze_sentences": "framing.pipeline",
    "cluster": "framing.clusters",
    "default_actors": "framing.actors",
    "default_axes": "framing.stance",
    "cluster_story": "framing.clusters",
    "similarity": "framing.clusters",
}

__all__ = ["Actor", "Analysis", "Article", "AxisTerm", "ReadError", "Settings", *_LAZY]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'framing' has no attribute {name!r}")

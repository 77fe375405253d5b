"""Row types of the per-article tables: one named tuple per table, fields = its columns.

Per-article scoring builds rows as these named tuples (cheap as plain tuples, read by name),
and :func:`framing.pipeline.assemble` stacks them into DataFrames. Each type's fields are the
table's column list in :mod:`framing.models`, checked when this module is imported, so a new
column cannot silently shift the others.

Examples
--------
>>> CueRow._fields[:3]
('article_id', 'outlet', 'sent_id')
"""

from __future__ import annotations

from typing import NamedTuple

from framing.models import (
    ACTOR_COLUMNS,
    CUE_COLUMNS,
    MENTION_COLUMNS,
    QUOTE_COLUMNS,
    SENTENCE_COLUMNS,
)

__all__ = ["ActorRow", "CueRow", "MentionRow", "QuoteRow", "SentenceRow"]


class CueRow(NamedTuple):
    """One lexicon hit (``CUE_COLUMNS``)."""

    article_id: str
    outlet: str
    sent_id: int
    start: int
    end: int
    text: str
    term: str
    lexicon: str
    category: str
    weight: float
    negated: bool


class QuoteRow(NamedTuple):
    """One quotation or scare quote (``QUOTE_COLUMNS``)."""

    article_id: str
    outlet: str
    quote_id: int
    start: int
    end: int
    text: str
    n_words: int
    speaker: str
    actor: str
    verb: str
    verb_kind: str
    sent_ids: str
    kind: str


class SentenceRow(NamedTuple):
    """One sentence with its measures (``SENTENCE_COLUMNS``)."""

    article_id: str
    story: str
    outlet: str
    sent_id: int
    start: int
    end: int
    text: str
    n_words: int
    is_heading: bool
    is_quote: bool
    quote_share: float
    hedge: float
    hedge_n: int
    intensity: float
    intensity_n: int
    reporting_neutral_n: int
    reporting_loaded_n: int
    neg: float
    neu: float
    pos: float
    compound: float


class MentionRow(NamedTuple):
    """One actor mention (``MENTION_COLUMNS``)."""

    article_id: str
    outlet: str
    sent_id: int
    start: int
    end: int
    actor: str
    alias: str
    in_quote: bool
    tone: float


class ActorRow(NamedTuple):
    """One actor in one article (``ACTOR_COLUMNS``)."""

    article_id: str
    outlet: str
    actor: str
    kind: str
    auto: bool
    mentions: int
    sentence_share: float
    tone_own: float
    n_own: int
    tone_quoted: float
    n_quoted: int


for _row, _columns in (
    (CueRow, CUE_COLUMNS),
    (QuoteRow, QUOTE_COLUMNS),
    (SentenceRow, SENTENCE_COLUMNS),
    (MentionRow, MENTION_COLUMNS),
    (ActorRow, ACTOR_COLUMNS),
):
    if list(_row._fields) != list(_columns):  # pragma: no cover - a programming error
        raise ImportError(f"{_row.__name__} fields differ from the table's columns")

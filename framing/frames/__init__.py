"""Frames: which frames an article puts the story in, and the words that put it there.

See :mod:`framing.frames.stage` for the stage, :mod:`framing.frames.schemes` for the two
schemes and the lexicon, :mod:`framing.frames.model` for the learned step and
:mod:`framing.frames.findings` for the plain-language findings.
"""

from __future__ import annotations

from framing.frames.features import article_features, sentence_occurrences, sentence_table
from framing.frames.findings import (
    frame_finding_objects,
    frame_findings,
    frame_phrase,
    leading_frames,
)
from framing.frames.schemes import SCHEMES, frame_label, read_frames_csv, read_model_csv
from framing.frames.stage import (
    FRAME_COLUMNS,
    FRAME_CUE_COLUMNS,
    frame_cue_table,
    frame_table,
    highlight_cues,
    is_english,
    load_scorer,
    score_frames,
    scorers_for,
    sentence_frames,
    text_frames,
    user_frame_terms,
)

__all__ = [
    "FRAME_COLUMNS",
    "FRAME_CUE_COLUMNS",
    "SCHEMES",
    "FrameModel",
    "article_features",
    "frame_cue_table",
    "frame_finding_objects",
    "frame_findings",
    "frame_label",
    "frame_phrase",
    "frame_table",
    "highlight_cues",
    "is_english",
    "leading_frames",
    "load_scorer",
    "model_table",
    "read_frames_csv",
    "read_model_csv",
    "score_frames",
    "scorers_for",
    "sentence_frames",
    "sentence_occurrences",
    "sentence_table",
    "text_frames",
    "user_frame_terms",
]


def __getattr__(name: str) -> object:
    """``FrameModel`` and ``model_table`` load scikit-learn: imported on first use only."""
    if name in {"FrameModel", "model_table"}:
        from framing.frames import model

        return getattr(model, name)
    raise AttributeError(f"module 'framing.frames' has no attribute {name!r}")

"""Frames: which frames an article puts the story in, and the words that put it there.

See :mod:`framing.frames.stage` for the stage, :mod:`framing.frames.schemes` for the two
schemes and the lexicon, :mod:`framing.frames.model` for the learned step.
"""

from __future__ import annotations

from framing.frames.features import article_features, sentence_occurrences, sentence_table
from framing.frames.model import FrameModel, model_table, read_model_csv
from framing.frames.schemes import SCHEMES, frame_label, read_frames_csv

__all__ = [
    "SCHEMES",
    "FrameModel",
    "article_features",
    "frame_label",
    "model_table",
    "read_frames_csv",
    "read_model_csv",
    "sentence_occurrences",
    "sentence_table",
]

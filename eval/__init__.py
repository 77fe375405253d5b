"""Evaluation harness: the framing measures checked against public human-annotated data.

``python -m eval DATA_DIR`` prints the results table (see :mod:`eval.run`);
``python -m eval.audit DATA_DIR --out docs/audit`` measures every lexicon term
(see :mod:`eval.audit`). The data sets are read from ``DATA_DIR`` and never copied.
"""

from __future__ import annotations

from eval.metrics import (
    accuracy_at,
    band_weighted_auc,
    best_threshold_accuracy,
    jaccard,
    macro_f1,
    pairwise_agreement,
    pearson_r,
    polarity,
    precision_recall_f1,
    roc_auc,
)

__all__ = [
    "accuracy_at",
    "band_weighted_auc",
    "best_threshold_accuracy",
    "jaccard",
    "macro_f1",
    "pairwise_agreement",
    "pearson_r",
    "polarity",
    "precision_recall_f1",
    "roc_auc",
]

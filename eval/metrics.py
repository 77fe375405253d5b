"""Plain metric functions used by the evaluation harness (no I/O, no framing imports).

Every function takes plain sequences (lists, arrays, Series) and returns a float, so each
can be checked by hand on a few numbers. ``nan`` means "undefined on this input" (for example
an AUC when only one class is present), never an error.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

__all__ = [
    "accuracy_at",
    "band_weighted_auc",
    "best_threshold_accuracy",
    "bootstrap_ci",
    "jaccard",
    "macro_f1",
    "pairwise_agreement",
    "pearson_r",
    "polarity",
    "precision_recall_f1",
    "roc_auc",
]

_WORD = re.compile(r"\w+", re.UNICODE)


def precision_recall_f1(
    gold: Sequence[bool], predicted: Sequence[bool]
) -> tuple[float, float, float]:
    """Precision, recall and F1 of the positive class.

    Examples
    --------
    >>> precision_recall_f1([True, True, False, False], [True, False, True, False])
    (0.5, 0.5, 0.5)
    """
    g = np.asarray(gold, dtype=bool)
    p = np.asarray(predicted, dtype=bool)
    tp = float(np.sum(g & p))
    fp = float(np.sum(~g & p))
    fn = float(np.sum(g & ~p))
    precision = tp / (tp + fp) if tp + fp else math.nan
    recall = tp / (tp + fn) if tp + fn else math.nan
    if tp == 0:
        f1 = 0.0 if (tp + fp + fn) else math.nan
    else:
        f1 = 2 * precision * recall / (precision + recall)
    return precision, recall, f1


def roc_auc(gold: Sequence[bool], score: Sequence[float]) -> float:
    """Area under the ROC curve: the chance a random positive outscores a random negative.

    Ties count one half (Mann-Whitney U with average ranks). ``nan`` when a class is missing.

    Examples
    --------
    >>> roc_auc([False, False, True, True], [0.1, 0.4, 0.35, 0.8])
    0.75
    """
    g = np.asarray(gold, dtype=bool)
    s = np.asarray(score, dtype=float)
    n_pos = int(g.sum())
    n_neg = int(g.size - n_pos)
    if n_pos == 0 or n_neg == 0:
        return math.nan
    ranks = pd.Series(s).rank(method="average").to_numpy()
    u = ranks[g].sum() - n_pos * (n_pos + 1) / 2
    return float(u / (n_pos * n_neg))


def band_weighted_auc(
    gold: Sequence[bool], score: Sequence[float], length: Sequence[float], *, bands: int = 4
) -> tuple[float, list[tuple[str, int, float]]]:
    """AUC within bands of ``length`` (quantiles), averaged weighted by band size.

    Controls for a confound: when longer sentences are both more often positive and score
    higher, the overall AUC rewards length. Bands are quantiles of ``length`` (ties kept
    together, so there may be fewer than ``bands``); bands with one class only are skipped
    and do not count in the weights.

    Returns
    -------
    (weighted mean AUC, [(band label, n, auc), ...])

    Examples
    --------
    >>> auc, per_band = band_weighted_auc([0, 1, 0, 1], [0, 1, 0, 1], [1, 1, 9, 9], bands=2)
    >>> auc, [n for _, n, _ in per_band]
    (1.0, [2, 2])
    """
    frame = pd.DataFrame(
        {
            "gold": np.asarray(gold, dtype=bool),
            "score": np.asarray(score, dtype=float),
            "length": np.asarray(length, dtype=float),
        }
    )
    if frame.empty:
        return math.nan, []
    frame["band"] = pd.qcut(frame["length"], q=bands, duplicates="drop")
    rows: list[tuple[str, int, float]] = []
    for band, part in frame.groupby("band", observed=True, sort=True):
        rows.append((str(band), len(part), roc_auc(part["gold"], part["score"])))
    valid = [(n, auc) for _, n, auc in rows if not math.isnan(auc)]
    if not valid:
        return math.nan, rows
    total = sum(n for n, _ in valid)
    return sum(n * auc for n, auc in valid) / total, rows


def polarity(score: Sequence[float], *, margin: float = 0.05) -> list[str]:
    """Map scores to ``negative`` (<= -margin), ``positive`` (>= margin) or ``neutral``.

    VADER's own convention: compound >= 0.05 positive, <= -0.05 negative.

    Examples
    --------
    >>> polarity([-0.5, 0.0, 0.05])
    ['negative', 'neutral', 'positive']
    """
    out = []
    for value in np.asarray(score, dtype=float):
        if value >= margin:
            out.append("positive")
        elif value <= -margin:
            out.append("negative")
        else:
            out.append("neutral")
    return out


def macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Unweighted mean of per-class F1 over the classes present in ``gold``.

    Examples
    --------
    >>> macro_f1(["a", "b", "b"], ["a", "b", "a"])
    0.6666666666666666
    """
    g = np.asarray(gold, dtype=object)
    p = np.asarray(predicted, dtype=object)
    scores = []
    for label in sorted(set(g.tolist())):
        scores.append(precision_recall_f1(g == label, p == label)[2])
    return float(np.mean(scores)) if scores else math.nan


def pearson_r(x: Sequence[float], y: Sequence[float]) -> float:
    """Pearson correlation; ``nan`` when either side is constant or has < 2 values.

    Examples
    --------
    >>> round(pearson_r([1, 2, 3], [2, 4, 7]), 4)
    0.9934
    """
    a = np.asarray(x, dtype=float)
    b = np.asarray(y, dtype=float)
    if a.size < 2 or np.std(a) == 0 or np.std(b) == 0:
        return math.nan
    return float(np.corrcoef(a, b)[0, 1])


def accuracy_at(gold: Sequence[int], score: Sequence[float], threshold: float) -> float:
    """Accuracy of ``score >= threshold`` as the positive prediction.

    Examples
    --------
    >>> accuracy_at([1, 0, 1], [0.9, 0.2, 0.4], 0.5)
    0.6666666666666666
    """
    g = np.asarray(gold, dtype=bool)
    s = np.asarray(score, dtype=float)
    if g.size == 0:
        return math.nan
    return float(np.mean((s >= threshold) == g))


def best_threshold_accuracy(gold: Sequence[int], score: Sequence[float]) -> tuple[float, float]:
    """The threshold with the highest accuracy of ``score >= t`` and that accuracy.

    Fitted on the data it is scored on, so optimistic: use it for a baseline or to suggest a
    threshold, not as a held-out figure. Among equally good thresholds the lowest is returned.

    Examples
    --------
    >>> best_threshold_accuracy([0, 0, 1, 1], [0.1, 0.3, 0.6, 0.9])
    (0.6, 1.0)
    """
    g = np.asarray(gold, dtype=bool)
    s = np.asarray(score, dtype=float)
    if g.size == 0:
        return math.nan, math.nan
    order = np.argsort(s, kind="mergesort")
    s_sorted = s[order]
    g_sorted = g[order]
    # predicting positive for indices >= i: correct = negatives below i + positives from i.
    neg_below = np.concatenate([[0], np.cumsum(~g_sorted)])
    pos_from = np.concatenate([np.cumsum(g_sorted[::-1])[::-1], [0]])
    correct = neg_below + pos_from
    # only cut where the score changes (ties must fall on one side)
    valid = np.ones(correct.size, dtype=bool)
    valid[1:-1] = s_sorted[1:] != s_sorted[:-1]
    best = int(np.argmax(np.where(valid, correct, -1)))
    threshold = float(s_sorted[best]) if best < s_sorted.size else math.inf
    return threshold, float(correct[best] / g.size)


def jaccard(a: str, b: str) -> float:
    """Jaccard overlap of lower-cased word sets (1.0 for two empty strings).

    Examples
    --------
    >>> jaccard("The cat sat", "the cat ran")
    0.5
    """
    wa = set(_WORD.findall(a.lower()))
    wb = set(_WORD.findall(b.lower()))
    if not wa and not wb:
        return 1.0
    return len(wa & wb) / len(wa | wb)


def pairwise_agreement(
    groups: Sequence[str], measure: Sequence[float], reference: Sequence[float]
) -> tuple[float, int, int]:
    """Within each group, over all pairs of items, how often ``measure`` orders like ``reference``.

    Pairs with equal ``reference`` are skipped (no claim to check). A pair with a tie in
    ``measure`` counts one half. Returns (agreement, n_pairs counted, n_pairs skipped).

    Examples
    --------
    >>> pairwise_agreement(["e", "e", "e"], [1.0, 2.0, 3.0], [0.1, 0.3, 0.2])
    (0.6666666666666666, 3, 0)
    """
    frame = pd.DataFrame(
        {
            "group": list(groups),
            "m": np.asarray(measure, dtype=float),
            "r": np.asarray(reference, dtype=float),
        }
    )
    score = 0.0
    counted = skipped = 0
    for _, part in frame.groupby("group", sort=False):
        m = part["m"].to_numpy()
        r = part["r"].to_numpy()
        for i in range(len(part)):
            for j in range(i + 1, len(part)):
                if r[i] == r[j] or math.isnan(r[i]) or math.isnan(r[j]):
                    skipped += 1
                    continue
                counted += 1
                if m[i] == m[j]:
                    score += 0.5
                elif (m[i] > m[j]) == (r[i] > r[j]):
                    score += 1.0
    return (score / counted if counted else math.nan), counted, skipped


def bootstrap_ci(
    statistic: Callable[..., float],
    *columns: Sequence,
    groups: Sequence | None = None,
    n_boot: int = 200,
    level: float = 0.95,
    random_state: int = 0,
) -> tuple[float, float]:
    """Percentile bootstrap interval of ``statistic(*columns)``.

    Items are resampled with replacement; with ``groups``, whole groups are resampled (for
    example all outlet pairs of one news event together, since they are not independent).
    Resamples where the statistic is undefined (nan) are dropped. Deterministic for a given
    ``random_state``.

    Examples
    --------
    >>> lo, hi = bootstrap_ci(lambda x: float(np.mean(x)), [0, 1] * 50)
    >>> bool(0.38 < lo < 0.5 < hi < 0.62)
    True
    """
    arrays = [np.asarray(c) for c in columns]
    n = len(arrays[0]) if arrays else 0
    if n == 0:
        return math.nan, math.nan
    rng = np.random.default_rng(random_state)
    if groups is None:
        draws = (rng.integers(0, n, size=n) for _ in range(n_boot))
    else:
        labels = pd.Series(list(groups))
        members = [np.asarray(ix) for ix in labels.groupby(labels, sort=False).indices.values()]
        k = len(members)
        draws = (
            np.concatenate([members[j] for j in rng.integers(0, k, size=k)]) for _ in range(n_boot)
        )
    values = []
    for idx in draws:
        value = statistic(*(a[idx] for a in arrays))
        if not (isinstance(value, float) and math.isnan(value)):
            values.append(value)
    if not values:
        return math.nan, math.nan
    tail = (1 - level) / 2 * 100
    lo, hi = np.percentile(values, [tail, 100 - tail])
    return float(lo), float(hi)

"""Per-sentence and per-article measures, rates per 100 words, bootstrap confidence intervals.

Every number here is a sum over cue rows (``models.CUE_COLUMNS``), so each can be traced to
the words behind it:

* ``hedge`` / ``intensity`` of a sentence: the sum of the weights of its ``hedging`` /
  ``intensity`` cues; a negated cue (``negated=True``, "not very", "no doubt") counts
  :data:`NEGATED_FACTOR` of its weight: the word is still in front of the reader, but the
  negator takes part of its force away. ``hedge_n``/``intensity_n`` count the cues.
* ``reporting_neutral_n`` / ``reporting_loaded_n``: reporting-verb cues by category.
* article rates: ``100 × Σ sentence score / Σ sentence words`` (``hedge_rate``,
  ``intensity_rate``, and ``loaded_verb_rate`` from ``reporting_loaded_n``), so short and long
  articles compare. ``sentiment_mean`` is the mean VADER compound over non-heading sentences.
* 95% intervals: a percentile bootstrap that resamples the article's sentences with
  replacement (``Settings.bootstrap`` draws, seeded by ``Settings.random_state``), computed
  with one ``(B, n)`` index matrix per article shared by all measures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "CATEGORY_COLUMNS",
    "MEASURE_COLUMNS",
    "NEGATED_FACTOR",
    "article_measures",
    "bootstrap_indices",
    "bootstrap_mean",
    "bootstrap_ratio",
    "bootstrap_ratios",
    "category_rates",
    "lede",
    "rate",
    "resample_counts",
    "sentence_measures",
    "sentence_sums",
]

#: Share of a cue's weight that counts when a negator governs it.
NEGATED_FACTOR = 0.5
MEASURE_COLUMNS = [
    "hedge", "hedge_n", "intensity", "intensity_n", "reporting_neutral_n", "reporting_loaded_n",
]  # fmt: skip
CATEGORY_COLUMNS = ["article_id", "outlet", "lexicon", "category", "n", "weight", "n_words", "rate"]


def sentence_sums(
    sent_ids: np.ndarray,
    lexicons: np.ndarray,
    categories: np.ndarray,
    weights: np.ndarray,
    negated: np.ndarray,
    n_sentences: int,
) -> dict[str, np.ndarray]:
    """Per-sentence cue sums from cue arrays (the fast core of :func:`sentence_measures`).

    Returns a dict with the :data:`MEASURE_COLUMNS` as float arrays of length ``n_sentences``.
    """
    out = {c: np.zeros(n_sentences) for c in MEASURE_COLUMNS}
    if n_sentences == 0 or len(sent_ids) == 0:
        return out
    sid = np.asarray(sent_ids, dtype=np.int64)
    lex = np.asarray(lexicons, dtype=object)
    cat = np.asarray(categories, dtype=object)
    w = np.asarray(weights, dtype=float) * np.where(
        np.asarray(negated, dtype=bool), NEGATED_FACTOR, 1.0
    )
    ok = (sid >= 0) & (sid < n_sentences)
    ones = np.ones(len(sid))
    hedge, intensity, reporting = lex == "hedging", lex == "intensity", lex == "reporting"
    for column, mask, values in (
        ("hedge", hedge, w),
        ("hedge_n", hedge, ones),
        ("intensity", intensity, w),
        ("intensity_n", intensity, ones),
        ("reporting_neutral_n", reporting & (cat == "neutral"), ones),
        ("reporting_loaded_n", reporting & (cat == "loaded"), ones),
    ):
        m = mask & ok
        if m.any():
            out[column] = np.bincount(sid[m], weights=values[m], minlength=n_sentences)[
                :n_sentences
            ]
    return out


def sentence_measures(cues: pd.DataFrame, n_sentences: int) -> pd.DataFrame:
    """Per-sentence cue sums for one article, indexed ``0 … n_sentences-1``.

    Parameters
    ----------
    cues
        Cue rows with ``sent_id, lexicon, category, weight, negated``.
    n_sentences
        Number of sentences (sentences without cues get zeros).

    Returns
    -------
    DataFrame
        Columns ``hedge, hedge_n, intensity, intensity_n, reporting_neutral_n,
        reporting_loaded_n``.

    Examples
    --------
    >>> cues = pd.DataFrame({"sent_id": [0, 0, 1], "lexicon": ["hedging", "hedging", "intensity"],
    ...     "category": ["", "", ""], "weight": [1.0, 0.5, 2.0], "negated": [False, True, False]})
    >>> sentence_measures(cues, 2)[["hedge", "hedge_n", "intensity"]].values.tolist()
    [[1.25, 2.0, 0.0], [0.0, 0.0, 2.0]]
    """
    if cues is None or len(cues) == 0:
        sums = sentence_sums(
            np.zeros(0), np.zeros(0), np.zeros(0), np.zeros(0), np.zeros(0), n_sentences
        )
    else:
        sums = sentence_sums(
            cues["sent_id"].to_numpy(),
            cues["lexicon"].astype(str).to_numpy(),
            cues["category"].astype(str).to_numpy(),
            cues["weight"].to_numpy(dtype=float),
            cues["negated"].to_numpy(dtype=bool),
            n_sentences,
        )
    return pd.DataFrame(sums, index=pd.RangeIndex(n_sentences), columns=MEASURE_COLUMNS)


def rate(values: np.ndarray, words: np.ndarray) -> float:
    """``100 × Σ values / Σ words`` (NaN when there are no words).

    >>> rate(np.array([1.0, 2.0]), np.array([50, 50]))
    3.0
    """
    total = float(np.sum(words))
    return float(100.0 * np.sum(values) / total) if total > 0 else float("nan")


def bootstrap_indices(n: int, *, iterations: int, random_state: int) -> np.ndarray:
    """``(iterations, n)`` indices drawn with replacement (empty when n or iterations is 0)."""
    if n <= 0 or iterations <= 0:
        return np.zeros((0, max(n, 0)), dtype=np.int64)
    rng = np.random.default_rng(random_state)
    return rng.integers(0, n, size=(iterations, n))


def resample_counts(idx: np.ndarray) -> np.ndarray:
    """``(iterations, n)``: how many times each of ``n`` rows is drawn in each resample of
    :func:`bootstrap_indices` (so ``resample_counts(idx) @ v`` is ``v[idx].sum(axis=1)``).

    >>> resample_counts(np.array([[0, 0, 2], [1, 2, 1]]))
    array([[2., 0., 1.],
           [0., 2., 1.]])
    """
    b, n = idx.shape
    flat = (idx + (np.arange(b) * n)[:, None]).ravel()
    return np.bincount(flat, minlength=b * n).reshape(b, n).astype(float)


def bootstrap_ratio(values: np.ndarray, words: np.ndarray, idx: np.ndarray) -> tuple[float, float]:
    """95% percentile interval of ``100 × Σ values / Σ words`` over resampled sentences.

    >>> idx = bootstrap_indices(3, iterations=200, random_state=0)
    >>> lo, hi = bootstrap_ratio(np.array([0.0, 1.0, 2.0]), np.array([10, 10, 10]), idx)
    >>> 0 <= lo <= 10 <= hi <= 20
    True
    """
    if idx.size == 0:
        return float("nan"), float("nan")
    den = np.asarray(words, dtype=float)[idx].sum(axis=1)
    num = np.asarray(values, dtype=float)[idx].sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.where(den > 0, 100.0 * num / np.where(den > 0, den, 1.0), np.nan)
    r = r[~np.isnan(r)]
    if r.size == 0:
        return float("nan"), float("nan")
    lo, hi = np.percentile(r, [2.5, 97.5])
    return float(lo), float(hi)


def bootstrap_ratios(
    values: np.ndarray, words: np.ndarray, idx: np.ndarray
) -> list[tuple[float, float]]:
    """:func:`bootstrap_ratio` for several measures at once (``values`` is ``(k, n)``),
    sharing the resampled word totals and one percentile call."""
    values = np.atleast_2d(np.asarray(values, dtype=float))
    k = values.shape[0]
    if idx.size == 0 or values.shape[1] == 0:
        return [(float("nan"), float("nan"))] * k
    den = np.asarray(words, dtype=float)[idx].sum(axis=1)
    keep = den > 0
    if not keep.any():
        return [(float("nan"), float("nan"))] * k
    num = values[:, idx].sum(axis=2)[:, keep]  # (k, B')
    r = 100.0 * num / den[keep]
    q = np.percentile(r, [2.5, 97.5], axis=1)
    return [(float(q[0, j]), float(q[1, j])) for j in range(k)]


def bootstrap_mean(values: np.ndarray, idx: np.ndarray) -> tuple[float, float]:
    """95% percentile interval of the mean of ``values`` over resampled rows."""
    values = np.asarray(values, dtype=float)
    if idx.size == 0 or values.size == 0:
        return float("nan"), float("nan")
    if idx.shape[1] != values.size:
        return float("nan"), float("nan")
    means = values[idx].mean(axis=1)
    lo, hi = np.percentile(means, [2.5, 97.5])
    return float(lo), float(hi)


def category_rates(
    cues: pd.DataFrame, n_words: dict[str, int], outlets: dict[str, str]
) -> pd.DataFrame:
    """Long table: per article, lexicon and category, the cue count, weight sum and rate.

    Parameters
    ----------
    cues
        Cue rows (``CUE_COLUMNS``).
    n_words, outlets
        Article id -> word count / outlet.

    Returns
    -------
    DataFrame
        ``CATEGORY_COLUMNS``; ``rate`` = 100 × weight sum / words (negated cues at
        :data:`NEGATED_FACTOR`).
    """
    if cues is None or len(cues) == 0:
        return pd.DataFrame(columns=CATEGORY_COLUMNS)
    c = cues.assign(
        w=cues["weight"].astype(float) * np.where(cues["negated"].astype(bool), NEGATED_FACTOR, 1.0)
    )
    g = (
        c.groupby(["article_id", "lexicon", "category"], sort=True)
        .agg(n=("w", "size"), weight=("w", "sum"))
        .reset_index()
    )
    g["outlet"] = g["article_id"].map(outlets).fillna("")
    g["n_words"] = g["article_id"].map(n_words).fillna(0).astype(int)
    g["rate"] = np.where(g["n_words"] > 0, 100.0 * g["weight"] / g["n_words"].clip(lower=1), np.nan)
    return g[CATEGORY_COLUMNS]


def article_measures(
    sentences: pd.DataFrame | Mapping[str, Any],
    *,
    iterations: int,
    random_state: int,
    quoted_words: int = 0,
) -> tuple[dict[str, float], np.ndarray]:
    """Rates, means and intervals of one article from its sentence columns.

    Parameters
    ----------
    sentences
        The article's sentence table, or a mapping of column arrays; needs ``n_words,
        is_heading, hedge, intensity, reporting_loaded_n, compound``.
    iterations, random_state
        Bootstrap draws and seed.
    quoted_words
        Words inside direct quotes (for ``quote_share``).

    Returns
    -------
    (dict, ndarray)
        The measures (keys as in ``ARTICLE_COLUMNS``) and the bootstrap index matrix
        (reused for the stance intervals).
    """

    def col(name: str, dtype: type = float) -> np.ndarray:
        return (
            np.asarray(sentences[name], dtype=dtype)
            if name in sentences
            else np.zeros(0, dtype=dtype)
        )

    words = col("n_words")
    n = words.size
    idx = bootstrap_indices(n, iterations=iterations, random_state=random_state)
    out: dict[str, float] = {}
    names = (
        ("hedge_rate", "hedge"),
        ("intensity_rate", "intensity"),
        ("loaded_verb_rate", "reporting_loaded_n"),
    )
    values = np.vstack([col(source) for _, source in names]) if n else np.zeros((len(names), 0))
    comp = col("compound") if n else np.zeros(0)
    body = ~col("is_heading", bool) if n else np.zeros(0, dtype=bool)
    if n and body.any():
        comp = comp[body]
    body_idx = (
        idx
        if comp.size == n
        else bootstrap_indices(comp.size, iterations=iterations, random_state=random_state)
    )
    intervals = _ratio_and_mean_intervals(values, words, idx, comp, body_idx)
    if intervals is None:  # some resample has no words, or no body sentences: one by one
        intervals = [*bootstrap_ratios(values, words, idx), bootstrap_mean(comp, body_idx)]
    for k, (column, _) in enumerate(names):
        out[column] = rate(values[k], words)
        out[f"{column}_lo"], out[f"{column}_hi"] = intervals[k]
    out["sentiment_mean"] = float(comp.mean()) if comp.size else float("nan")
    out["sentiment_mean_lo"], out["sentiment_mean_hi"] = intervals[-1]
    total = float(words.sum())
    out["quote_share"] = min(1.0, quoted_words / total) if total > 0 else 0.0
    return out, idx


def _ratio_and_mean_intervals(
    values: np.ndarray, words: np.ndarray, idx: np.ndarray, comp: np.ndarray, body_idx: np.ndarray
) -> list[tuple[float, float]] | None:
    """:func:`bootstrap_ratios` of ``values`` and :func:`bootstrap_mean` of ``comp`` in one
    gather and one percentile call, with the same numbers; None when that cannot hold (a
    resample without words drops out of the ratios only, or ``comp`` is empty)."""
    if idx.size == 0 or values.shape[1] == 0 or comp.size == 0 or body_idx.shape != idx.shape:
        return None
    if body_idx.shape[1] != comp.size:
        return None
    # (k+1, B): each resample's sums as (times each sentence was drawn) @ (the sentence's
    # values), three times faster than adding the drawn rows; word totals and counts are
    # exact, fractional weights agree with row-by-row sums to ~1e-15
    table = np.vstack([values, np.asarray(words, dtype=float)]).T
    sums = (resample_counts(idx) @ table).T
    den = sums[-1]
    if not (den > 0).all():
        return None
    k = values.shape[0]
    stats = np.empty((k + 1, idx.shape[0]))
    stats[:k] = 100.0 * sums[:k] / den
    stats[k] = comp[body_idx].mean(axis=1)
    q = np.percentile(stats, [2.5, 97.5], axis=1)
    return [(float(q[0, j]), float(q[1, j])) for j in range(k + 1)]


def lede(texts: Sequence[str], headings: Sequence[bool]) -> str:
    """The first non-heading sentence ("" when there is none)."""
    for text, heading in zip(texts, headings, strict=False):
        if not heading and text.strip():
            return text
    return ""

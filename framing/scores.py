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

from collections.abc import Sequence

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
    "category_rates",
    "lede",
    "rate",
    "sentence_measures",
]

#: Share of a cue's weight that counts when a negator governs it.
NEGATED_FACTOR = 0.5
MEASURE_COLUMNS = [
    "hedge", "hedge_n", "intensity", "intensity_n", "reporting_neutral_n", "reporting_loaded_n",
]  # fmt: skip
CATEGORY_COLUMNS = ["article_id", "outlet", "lexicon", "category", "n", "weight", "n_words", "rate"]


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
    out = pd.DataFrame(0.0, index=pd.RangeIndex(n_sentences), columns=MEASURE_COLUMNS)
    if n_sentences == 0 or cues is None or len(cues) == 0:
        return out
    sid = cues["sent_id"].to_numpy(dtype=int)
    lex = cues["lexicon"].astype(str).to_numpy()
    cat = cues["category"].astype(str).to_numpy()
    w = cues["weight"].to_numpy(dtype=float) * np.where(
        cues["negated"].to_numpy(dtype=bool), NEGATED_FACTOR, 1.0
    )
    ok = (sid >= 0) & (sid < n_sentences)

    def add(mask: np.ndarray, values: np.ndarray, column: str) -> None:
        m = mask & ok
        out[column] = np.bincount(sid[m], weights=values[m], minlength=n_sentences)[:n_sentences]

    ones = np.ones(len(sid))
    add(lex == "hedging", w, "hedge")
    add(lex == "hedging", ones, "hedge_n")
    add(lex == "intensity", w, "intensity")
    add(lex == "intensity", ones, "intensity_n")
    add((lex == "reporting") & (cat == "neutral"), ones, "reporting_neutral_n")
    add((lex == "reporting") & (cat == "loaded"), ones, "reporting_loaded_n")
    return out


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
    sentences: pd.DataFrame,
    *,
    iterations: int,
    random_state: int,
    quoted_words: int = 0,
) -> tuple[dict[str, float], np.ndarray]:
    """Rates, means and intervals of one article from its sentence table.

    Parameters
    ----------
    sentences
        The article's rows (``SENTENCE_COLUMNS``: needs ``n_words, is_heading, hedge,
        intensity, reporting_loaded_n, compound``).
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
    n = len(sentences)
    words = sentences["n_words"].to_numpy(dtype=float) if n else np.zeros(0)
    idx = bootstrap_indices(n, iterations=iterations, random_state=random_state)
    out: dict[str, float] = {}
    for column, source in (
        ("hedge_rate", "hedge"),
        ("intensity_rate", "intensity"),
        ("loaded_verb_rate", "reporting_loaded_n"),
    ):
        values = sentences[source].to_numpy(dtype=float) if n else np.zeros(0)
        out[column] = rate(values, words)
        out[f"{column}_lo"], out[f"{column}_hi"] = bootstrap_ratio(values, words, idx)
    body = sentences[~sentences["is_heading"].astype(bool)] if n else sentences
    if n and len(body) == 0:
        body = sentences
    comp = body["compound"].to_numpy(dtype=float) if len(body) else np.zeros(0)
    out["sentiment_mean"] = float(comp.mean()) if comp.size else float("nan")
    body_idx = bootstrap_indices(comp.size, iterations=iterations, random_state=random_state)
    out["sentiment_mean_lo"], out["sentiment_mean_hi"] = bootstrap_mean(comp, body_idx)
    total = float(words.sum())
    out["quote_share"] = min(1.0, quoted_words / total) if total > 0 else 0.0
    return out, idx


def lede(texts: Sequence[str], headings: Sequence[bool]) -> str:
    """The first non-heading sentence ("" when there is none)."""
    for text, heading in zip(texts, headings, strict=False):
        if not heading and text.strip():
            return text
    return ""

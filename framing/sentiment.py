"""VADER sentiment, one analyzer per process, fed sentences (not whole articles).

VADER is a lexicon and rule-based scorer (Hutto & Gilbert, 2014). It is tuned on short texts:
fed a whole article it is about ten times slower and its compound score saturates, so every
caller here passes sentences or short windows.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

__all__ = ["SENTIMENT_COLUMNS", "analyzer", "compound", "score_texts"]

SENTIMENT_COLUMNS = ["neg", "neu", "pos", "compound"]

_ANALYZER: SentimentIntensityAnalyzer | None = None


def analyzer() -> SentimentIntensityAnalyzer:
    """The process-wide VADER analyzer (built on first use; loading its lexicon takes ~50 ms)."""
    global _ANALYZER
    if _ANALYZER is None:
        _ANALYZER = SentimentIntensityAnalyzer()
    return _ANALYZER


def compound(text: str) -> float:
    """VADER compound score of one short text, in [-1, 1]; 0.0 for blank text.

    Examples
    --------
    >>> compound("A good, honest deal.") > 0
    True
    """
    if not text or not text.strip():
        return 0.0
    return float(analyzer().polarity_scores(text)["compound"])


def score_texts(texts: Iterable[str]) -> pd.DataFrame:
    """VADER scores for each text (one row per text, in order).

    Parameters
    ----------
    texts
        Sentences or short passages.

    Returns
    -------
    DataFrame
        Columns ``neg, neu, pos, compound`` (floats). Blank texts score neutral
        (``neu`` = 1, the rest 0). An empty input gives an empty frame with the columns.

    Examples
    --------
    >>> score_texts(["Terrible news.", ""])["compound"].tolist()[1]
    0.0
    """
    sia = analyzer()
    rows = []
    for text in texts:
        if not text or not text.strip():
            rows.append((0.0, 1.0, 0.0, 0.0))
            continue
        s = sia.polarity_scores(text)
        rows.append((s["neg"], s["neu"], s["pos"], s["compound"]))
    return pd.DataFrame(rows, columns=SENTIMENT_COLUMNS, dtype=float)

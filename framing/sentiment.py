"""VADER sentiment, one analyzer per process, fed sentences (not whole articles).

VADER is a lexicon and rule-based scorer (Hutto & Gilbert, 2014). It is tuned on short texts:
fed a whole article it is about ten times slower and its compound score saturates, so every
caller here passes sentences or short windows.

:func:`polarity` gives exactly VADER's ``polarity_scores`` at a lower cost: a text with no
emoji skips VADER's character-by-character emoji pass, and a text none of whose tokens is in
the lexicon is neutral (VADER gives such a text ``neu`` = 1 and zeros) without scoring it.
"""

from __future__ import annotations

import copy
import string
from collections.abc import Iterable

import pandas as pd
from vaderSentiment.vaderSentiment import (
    BOOSTER_DICT,
    N_SCALAR,
    NEGATE,
    SPECIAL_CASES,
    SentimentIntensityAnalyzer,
    SentiText,
    allcap_differential,
)

from framing.vocabulary import news_tone

__all__ = [
    "NEWS_TONE",
    "NEWS_TONE_NEUTRAL",
    "SENTIMENT_COLUMNS",
    "analyzer",
    "compound",
    "polarity",
    "polarity_rows",
    "score_texts",
    "tone_analyzer",
]

SENTIMENT_COLUMNS = ["neg", "neu", "pos", "compound"]

_ANALYZER: SentimentIntensityAnalyzer | None = None
_TONE_ANALYZER: SentimentIntensityAnalyzer | None = None
#: Per analyzer (by id, the analyzer kept alive): its emoji characters and lexicon words.
_KEYS: dict[int, tuple[SentimentIntensityAnalyzer, frozenset[str], frozenset[str]]] = {}
_NEUTRAL = {"neg": 0.0, "neu": 1.0, "pos": 0.0, "compound": 0.0}
_EMPTY = {"neg": 0.0, "neu": 0.0, "pos": 0.0, "compound": 0.0}

#: The news adjustment of VADER for tone toward actors (``data/news_tone.csv``, a source per
#: row): blame and praise vocabulary VADER lacks or underrates, with a valence on VADER's
#: -4..4 scale (``NEWS_TONE``), and words VADER scores that in news about politics and conflict
#: name a topic or an institution rather than judge anyone ("Security Council", "health care",
#: "the war"), taken out of the lexicon (``NEWS_TONE_NEUTRAL``).
NEWS_TONE, NEWS_TONE_NEUTRAL = news_tone()


_NEGATE = frozenset(NEGATE)


def _negated_word(word: str) -> bool:
    # vaderSentiment's negated([word]) for one word
    low = str(word).lower()
    return low in _NEGATE or "n't" in low


class _Vader(SentimentIntensityAnalyzer):
    """VADER whose negation and idiom checks reuse the lowercased tokens that :func:`polarity`
    made once per text, instead of lowercasing every token again for every lexicon word.

    The two checks below are vaderSentiment 3.3.2's, unchanged but for where the lowercased
    tokens come from (and ``negated([w])`` written for its one word). vaderSentiment is
    Copyright (c) 2016 C.J. Hutto, MIT licence (see the README's licence section).
    """

    _lower: tuple[list[str], list[str]] | None = None

    def _lowered(self, words: list[str]) -> list[str]:
        cached = self._lower  # read once: another thread may replace it (then: recompute)
        if cached is not None and cached[0] is words:
            return cached[1]
        return [str(w).lower() for w in words]

    def _negation_check(  # type: ignore[override]
        self, valence: float, words_and_emoticons: list[str], start_i: int, i: int
    ) -> float:
        low = self._lowered(words_and_emoticons)
        if start_i == 0 and _negated_word(low[i - 1]):
            valence = valence * N_SCALAR
        if start_i == 1:
            if low[i - 2] == "never" and (low[i - 1] == "so" or low[i - 1] == "this"):
                valence = valence * 1.25
            elif low[i - 2] == "without" and low[i - 1] == "doubt":
                pass
            elif _negated_word(low[i - 2]):
                valence = valence * N_SCALAR
        if start_i == 2:
            if (low[i - 3] == "never" and (low[i - 2] == "so" or low[i - 2] == "this")) or (
                low[i - 1] == "so" or low[i - 1] == "this"
            ):
                valence = valence * 1.25
            elif low[i - 3] == "without" and (low[i - 2] == "doubt" or low[i - 1] == "doubt"):
                pass
            elif _negated_word(low[i - 3]):
                valence = valence * N_SCALAR
        return valence

    def _special_idioms_check(  # type: ignore[override]
        self, valence: float, words_and_emoticons: list[str], i: int
    ) -> float:
        low = self._lowered(words_and_emoticons)
        onezero = f"{low[i - 1]} {low[i]}"
        twoonezero = f"{low[i - 2]} {low[i - 1]} {low[i]}"
        twoone = f"{low[i - 2]} {low[i - 1]}"
        threetwoone = f"{low[i - 3]} {low[i - 2]} {low[i - 1]}"
        threetwo = f"{low[i - 3]} {low[i - 2]}"
        for seq in (onezero, twoonezero, twoone, threetwoone, threetwo):
            if seq in SPECIAL_CASES:
                valence = SPECIAL_CASES[seq]
                break
        if len(low) - 1 > i:
            zeroone = f"{low[i]} {low[i + 1]}"
            if zeroone in SPECIAL_CASES:
                valence = SPECIAL_CASES[zeroone]
        if len(low) - 1 > i + 1:
            zeroonetwo = f"{low[i]} {low[i + 1]} {low[i + 2]}"
            if zeroonetwo in SPECIAL_CASES:
                valence = SPECIAL_CASES[zeroonetwo]
        for n_gram in (threetwoone, threetwo, twoone):
            if n_gram in BOOSTER_DICT:
                valence = valence + BOOSTER_DICT[n_gram]
        return valence


def analyzer() -> SentimentIntensityAnalyzer:
    """The process-wide VADER analyzer (built on first use; loading its lexicon takes ~50 ms)."""
    global _ANALYZER
    if _ANALYZER is None:
        _ANALYZER = _Vader()
    return _ANALYZER


def tone_analyzer() -> SentimentIntensityAnalyzer:
    """VADER with the news adjustments (:data:`NEWS_TONE`, :data:`NEWS_TONE_NEUTRAL`), for
    tone toward an actor; built once per process from the plain analyzer's lexicon.
    Sentence sentiment (``compound`` columns) stays plain VADER."""
    global _TONE_ANALYZER
    if _TONE_ANALYZER is None:
        tone = copy.copy(analyzer())
        lexicon = {w: v for w, v in analyzer().lexicon.items() if w not in NEWS_TONE_NEUTRAL}
        lexicon.update(NEWS_TONE)
        tone.lexicon = lexicon
        _TONE_ANALYZER = tone
    return _TONE_ANALYZER


def _keys(sia: SentimentIntensityAnalyzer) -> tuple[frozenset[str], frozenset[str]]:
    entry = _KEYS.get(id(sia))
    if entry is None or entry[0] is not sia:
        entry = _KEYS[id(sia)] = (sia, frozenset(sia.emojis), frozenset(sia.lexicon))
    return entry[1], entry[2]


def polarity(text: str, sia: SentimentIntensityAnalyzer | None = None) -> dict[str, float]:
    """``sia.polarity_scores(text)`` (default: :func:`analyzer`), the same numbers, faster.

    VADER first rewrites emoji as words, one character at a time; a text without emoji skips
    that pass. A text none of whose tokens (lowercased, with or without the punctuation VADER
    strips) is a lexicon word gets no valence from any rule, so VADER's answer is known:
    ``neu`` = 1, the rest 0. Otherwise the rest of VADER's ``polarity_scores`` runs as is.
    The analyzer's lexicon and emoji table must not change after its first use here.

    Examples
    --------
    >>> polarity("The committee met on Tuesday.")
    {'neg': 0.0, 'neu': 1.0, 'pos': 0.0, 'compound': 0.0}
    >>> polarity("A good, honest deal.") == analyzer().polarity_scores("A good, honest deal.")
    True
    """
    sia = analyzer() if sia is None else sia
    emojis, lexicon = _keys(sia)
    if not emojis.isdisjoint(text):
        return sia.polarity_scores(text)
    text = text.strip()
    split = text.split()
    words = set(map(str.lower, split))
    if not words:
        return dict(_EMPTY)
    if lexicon.isdisjoint(words) and lexicon.isdisjoint(
        {w.strip(string.punctuation) for w in words}
    ):
        return dict(_NEUTRAL)
    # the rest of vaderSentiment 3.3.2's polarity_scores, unchanged
    # (a token outside the lexicon gets valence 0 from sentiment_valence: not called for it)
    sentitext = _sentitext(text, split)
    sentiments: list[float] = []
    tokens = sentitext.words_and_emoticons
    lowered = [str(w).lower() for w in tokens]
    if isinstance(sia, _Vader):
        sia._lower = (tokens, lowered)
    lex = sia.lexicon
    for i, item in enumerate(tokens):
        low = lowered[i]
        if (
            low in BOOSTER_DICT
            or low not in lex
            or (i < len(tokens) - 1 and low == "kind" and tokens[i + 1].lower() == "of")
        ):
            sentiments.append(0)
            continue
        sentiments = sia.sentiment_valence(0, sentitext, item, i, sentiments)
    sentiments = sia._but_check(tokens, sentiments)
    return sia.score_valence(sentiments, text)


def _sentitext(text: str, split: list[str]) -> SentiText:
    """``SentiText(text)`` given ``text.split()``: the same tokens, without a method call per
    token (vaderSentiment 3.3.2's ``_strip_punc_if_word`` inlined)."""
    out = SentiText.__new__(SentiText)
    out.text = text
    punct = string.punctuation
    out.words_and_emoticons = [
        stripped if len(stripped := token.strip(punct)) > 2 else token for token in split
    ]
    out.is_cap_diff = allcap_differential(out.words_and_emoticons)
    return out


def compound(text: str) -> float:
    """VADER compound score of one short text, in [-1, 1]; 0.0 for blank text.

    Examples
    --------
    >>> compound("A good, honest deal.") > 0
    True
    """
    if not text or not text.strip():
        return 0.0
    return float(polarity(text)["compound"])


def polarity_rows(texts: Iterable[str]) -> list[tuple[float, float, float, float]]:
    """``(neg, neu, pos, compound)`` per text, as plain tuples (no DataFrame overhead).

    Blank texts score neutral ``(0, 1, 0, 0)``.
    """
    sia = analyzer()
    rows = []
    for text in texts:
        if not text or not text.strip():
            rows.append((0.0, 1.0, 0.0, 0.0))
            continue
        s = polarity(text, sia)
        rows.append((s["neg"], s["neu"], s["pos"], s["compound"]))
    return rows


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
    return pd.DataFrame(polarity_rows(texts), columns=SENTIMENT_COLUMNS, dtype=float)

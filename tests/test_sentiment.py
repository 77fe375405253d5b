"""VADER wrapper: signs on hand-checked sentences, blanks, one analyzer per process."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from framing.sentiment import (
    NEWS_TONE,
    NEWS_TONE_NEUTRAL,
    SENTIMENT_COLUMNS,
    analyzer,
    compound,
    polarity,
    score_texts,
    tone_analyzer,
)


@pytest.mark.parametrize(
    ("text", "sign"),
    [
        ("The talks were a great success and everyone was happy.", 1),
        ("The strikes were a cynical murder and a grave crime.", -1),
        ("The meeting took place on Monday in Moscow.", 0),
        ("This is not a good deal.", -1),
        ("", 0),
        ("   \n ", 0),
    ],
)
def test_compound_sign(text: str, sign: int) -> None:
    value = compound(text)
    assert -1.0 <= value <= 1.0
    if sign > 0:
        assert value >= 0.05
    elif sign < 0:
        assert value <= -0.05
    else:
        assert abs(value) < 0.05


def test_score_texts_rows_in_order_and_blank_is_neutral() -> None:
    df = score_texts(["Terrible, awful news.", "", "Wonderful!"])
    assert list(df.columns) == SENTIMENT_COLUMNS
    assert len(df) == 3
    assert df.loc[0, "compound"] < 0 < df.loc[2, "compound"]
    assert df.loc[1].tolist() == [0.0, 1.0, 0.0, 0.0]


def test_score_texts_empty_keeps_columns() -> None:
    df = score_texts([])
    assert df.empty and list(df.columns) == SENTIMENT_COLUMNS


def test_one_analyzer_per_process() -> None:
    assert analyzer() is analyzer()


def test_matches_vader_directly() -> None:
    text = "Russia condemned the unprovoked aggression."
    assert compound(text) == analyzer().polarity_scores(text)["compound"]


@pytest.mark.parametrize(
    ("text", "plain", "tone"),
    [
        ("The party met the security council.", 1, 0),  # institutions are not praise
        ("He was investigated over the allegations.", 0, -1),  # blame VADER does not know
        ("He was indicted.", 0, -1),
        ("She was hailed as a champion.", 1, 1),
    ],
)
def test_tone_analyzer_adjusts_only_tone(text: str, plain: int, tone: int) -> None:
    def sign(x: float) -> int:
        return 1 if x >= 0.05 else -1 if x <= -0.05 else 0

    assert sign(analyzer().polarity_scores(text)["compound"]) == plain
    assert sign(tone_analyzer().polarity_scores(text)["compound"]) == tone
    assert tone_analyzer() is tone_analyzer() and tone_analyzer() is not analyzer()


def test_tone_lexicon_is_disjoint_and_on_vader_scale() -> None:
    assert not set(NEWS_TONE) & NEWS_TONE_NEUTRAL
    assert all(-4 <= v <= 4 for v in NEWS_TONE.values())
    assert "party" in analyzer().lexicon and "party" not in tone_analyzer().lexicon


# ---- polarity(): VADER's numbers through the shortcuts -------------------------------------

_PIECES = [
    "good", "GOOD", "bad", "not", "no", "but", "kind", "of", "very", "least", "at", "the",
    "shit", "'great'", "(awful)", ":)", ":-(", "😀", "❤️", "!!", "??", "İyi", "said", "Tuesday",
    "deal.", "praised", "war", "support", "x", ",", "\n", "never", "so", "this", "without",
    "doubt", "isn't", "wouldn't've", "NOT", "bomb", "sort", "nor", "or", "extremely", "hardly",
]  # fmt: skip


def _stock_pair() -> tuple[SentimentIntensityAnalyzer, SentimentIntensityAnalyzer]:
    """Unmodified vaderSentiment analyzers with the plain and the tone lexicon."""
    plain, tone = SentimentIntensityAnalyzer(), SentimentIntensityAnalyzer()
    tone.lexicon = dict(tone_analyzer().lexicon)
    return plain, tone


_STOCK = _stock_pair()


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  \n ",
        "The committee met on Tuesday.",
        "kind of good",
        "It was no good, but fine!!!",
        "It is NOT GOOD at all??",
        "I ❤️ it 😀",
        ":) ok",
        "at least good",
        "The talks were a great success and everyone was happy.",
        "It was never so good, without doubt the best, and this isn't bad",
        "They wouldn't've liked it; so good it shan'tt fail",
        "the bomb was the shit, sort of nice",
    ],
)
def test_polarity_is_vader(text: str) -> None:
    for stock, ours in zip(_STOCK, (analyzer(), tone_analyzer()), strict=True):
        assert type(stock) is SentimentIntensityAnalyzer
        assert polarity(text, ours) == stock.polarity_scores(text)
        assert ours.polarity_scores(text) == stock.polarity_scores(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=6), max_size=25))
def test_polarity_equals_vader_on_any_text(pieces: list[str]) -> None:
    text = " ".join(pieces)
    for stock, ours in zip(_STOCK, (analyzer(), tone_analyzer()), strict=True):
        assert polarity(text, ours) == stock.polarity_scores(text)
        assert polarity(text, stock) == stock.polarity_scores(text)

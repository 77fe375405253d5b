"""VADER wrapper: signs on hand-checked sentences, blanks, one analyzer per process."""

from __future__ import annotations

import pytest

from framing.sentiment import SENTIMENT_COLUMNS, analyzer, compound, score_texts


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

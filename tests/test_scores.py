"""Per-sentence sums, rates per 100 words, bootstrap intervals, the category table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.scores import (
    CATEGORY_COLUMNS,
    NEGATED_FACTOR,
    article_measures,
    bootstrap_indices,
    bootstrap_mean,
    bootstrap_ratio,
    bootstrap_ratios,
    category_rates,
    lede,
    rate,
    sentence_measures,
)


def cues(rows: list[tuple[int, str, str, float, bool]]) -> pd.DataFrame:
    return pd.DataFrame(
        rows, columns=["sent_id", "lexicon", "category", "weight", "negated"]
    ).assign(article_id="a", term="t")


@pytest.mark.parametrize(
    ("rows", "n", "expected"),
    [
        # (sent, lexicon, category, weight, negated) -> per sentence [hedge, hedge_n, intensity, intensity_n, neutral, loaded]
        ([], 2, [[0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]]),
        (
            [(0, "hedging", "modal", 1.0, False), (0, "hedging", "modal", 0.5, False)],
            1,
            [[1.5, 2, 0, 0, 0, 0]],
        ),
        ([(0, "hedging", "modal", 1.0, True)], 1, [[NEGATED_FACTOR, 1, 0, 0, 0, 0]]),
        (
            [(1, "intensity", "booster", 2.0, False), (1, "intensity", "emotive", 1.0, True)],
            2,
            [[0, 0, 0, 0, 0, 0], [0, 0, 2.0 + NEGATED_FACTOR, 2, 0, 0]],
        ),
        (
            [
                (0, "reporting", "neutral", 1.0, False),
                (0, "reporting", "loaded", 1.0, False),
                (0, "reporting", "loaded", 1.0, True),
            ],
            1,
            [[0, 0, 0, 0, 1, 2]],
        ),
        (
            [(0, "stance", "x:l", -1.0, False), (0, "mine", "c", 3.0, False)],
            1,
            [[0, 0, 0, 0, 0, 0]],
        ),
        (
            [(5, "hedging", "modal", 1.0, False)],
            2,
            [[0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]],
        ),  # out of range ignored
    ],
)
def test_sentence_measures(rows: list, n: int, expected: list[list[float]]) -> None:
    got = sentence_measures(cues(rows), n)
    assert np.allclose(got.to_numpy(dtype=float), np.asarray(expected, dtype=float))


@pytest.mark.parametrize(
    ("values", "words", "expected"),
    [
        ([1.0, 2.0], [50, 50], 3.0),
        ([0.0], [10], 0.0),
        ([1.0], [0], float("nan")),
        ([], [], float("nan")),
    ],
)
def test_rate(values: list[float], words: list[int], expected: float) -> None:
    assert rate(np.array(values), np.array(words)) == pytest.approx(expected, nan_ok=True)


def test_bootstrap_is_seeded_and_brackets_estimate() -> None:
    rng = np.random.default_rng(1)
    values = rng.poisson(1.0, 40).astype(float)
    words = rng.integers(10, 30, 40)
    idx = bootstrap_indices(40, iterations=1000, random_state=7)
    assert idx.shape == (1000, 40)
    assert np.array_equal(idx, bootstrap_indices(40, iterations=1000, random_state=7))
    lo, hi = bootstrap_ratio(values, words, idx)
    assert lo < rate(values, words) < hi
    m_lo, m_hi = bootstrap_mean(values, idx)
    assert m_lo < values.mean() < m_hi


def test_bootstrap_degenerate() -> None:
    empty = bootstrap_indices(0, iterations=100, random_state=0)
    assert empty.size == 0
    assert np.isnan(bootstrap_ratio(np.array([]), np.array([]), empty)).all()
    assert np.isnan(bootstrap_mean(np.array([]), empty)).all()
    assert bootstrap_indices(5, iterations=0, random_state=0).size == 0
    one = bootstrap_indices(1, iterations=50, random_state=0)
    assert bootstrap_ratio(np.array([2.0]), np.array([10]), one) == (20.0, 20.0)


def test_article_measures_trace_to_sentences() -> None:
    s = pd.DataFrame(
        {
            "n_words": [5, 20, 30],
            "is_heading": [True, False, False],
            "hedge": [0.0, 1.0, 2.0],
            "intensity": [1.0, 0.0, 0.0],
            "reporting_loaded_n": [0, 1, 0],
            "compound": [0.9, -0.5, 0.1],
        }
    )
    values, idx = article_measures(s, iterations=200, random_state=0, quoted_words=11)
    assert values["hedge_rate"] == pytest.approx(100 * 3 / 55)
    assert values["intensity_rate"] == pytest.approx(100 * 1 / 55)
    assert values["loaded_verb_rate"] == pytest.approx(100 * 1 / 55)
    assert values["sentiment_mean"] == pytest.approx(-0.2)  # headings left out
    assert values["quote_share"] == pytest.approx(0.2)
    assert values["hedge_rate_lo"] <= values["hedge_rate"] <= values["hedge_rate_hi"]
    assert idx.shape == (200, 3)


def test_category_rates() -> None:
    c = cues(
        [
            (0, "hedging", "modal", 1.0, False),
            (1, "hedging", "modal", 1.0, True),
            (1, "intensity", "emotive", 2.0, False),
        ]
    )
    df = category_rates(c, {"a": 50}, {"a": "Daily"})
    assert list(df.columns) == CATEGORY_COLUMNS
    modal = df[df["category"] == "modal"].iloc[0]
    assert (modal["n"], modal["weight"], modal["rate"]) == (
        2,
        1.0 + NEGATED_FACTOR,
        pytest.approx(100 * 1.5 / 50),
    )
    assert df["outlet"].unique().tolist() == ["Daily"]
    assert category_rates(c.iloc[0:0], {}, {}).columns.tolist() == CATEGORY_COLUMNS


@pytest.mark.parametrize(
    ("texts", "headings", "expected"),
    [
        (["Title", "First.", "Second."], [True, False, False], "First."),
        (["Only a title"], [True], ""),
        ([], [], ""),
    ],
)
def test_lede(texts: list[str], headings: list[bool], expected: str) -> None:
    assert lede(texts, headings) == expected


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 30),  # words (0: a sentence without words)
            st.booleans(),  # heading
            st.sampled_from([0.0, 0.5, 1.0, 1.75, 0.3]),  # hedge
            st.floats(-1, 1, allow_nan=False),  # compound
        ),
        max_size=45,
    ),
    st.integers(0, 2**31),
)
def test_article_intervals_equal_the_one_by_one_bootstrap(rows: list[tuple], seed: int) -> None:
    words = np.array([r[0] for r in rows], dtype=float)
    heading = np.array([r[1] for r in rows], dtype=bool)
    hedge = np.array([r[2] for r in rows])
    comp = np.array([r[3] for r in rows])
    cols = {"n_words": words, "is_heading": heading, "hedge": hedge, "intensity": hedge / 3,
            "reporting_loaded_n": np.round(hedge), "compound": comp}  # fmt: skip
    out, idx = article_measures(cols, iterations=150, random_state=seed)
    values = np.vstack([hedge, hedge / 3, np.round(hedge)])
    expected = bootstrap_ratios(values, words, idx)
    for k, name in enumerate(["hedge_rate", "intensity_rate", "loaded_verb_rate"]):
        # resample sums come from a counts @ values product: equal up to float rounding
        assert (out[f"{name}_lo"], out[f"{name}_hi"]) == pytest.approx(
            expected[k], nan_ok=True, rel=1e-12, abs=1e-12
        )
    body = comp[~heading] if heading.any() and not heading.all() else comp
    if heading.any() and not heading.all():
        body_idx = bootstrap_indices(body.size, iterations=150, random_state=seed)
    else:
        body_idx = idx
    expected_mean = bootstrap_mean(body, body_idx)
    got = (out["sentiment_mean_lo"], out["sentiment_mean_hi"])
    assert got == pytest.approx(expected_mean, nan_ok=True, rel=0, abs=0)

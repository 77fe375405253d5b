"""The evaluation harness's metric functions, checked on hand-computed cases."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import f1_score, roc_auc_score

from eval.metrics import (
    accuracy_at,
    band_weighted_auc,
    best_threshold_accuracy,
    bootstrap_ci,
    jaccard,
    macro_f1,
    pairwise_agreement,
    pearson_r,
    polarity,
    precision_recall_f1,
    roc_auc,
)


@pytest.mark.parametrize(
    ("gold", "pred", "expected"),
    [
        ([1, 1, 0, 0], [1, 0, 1, 0], (0.5, 0.5, 0.5)),
        ([1, 1, 0, 0], [1, 1, 0, 0], (1.0, 1.0, 1.0)),
        ([1, 1, 1, 0], [1, 0, 0, 0], (1.0, 1 / 3, 0.5)),
        ([1, 0], [0, 0], (math.nan, 0.0, 0.0)),
        ([0, 0], [0, 0], (math.nan, math.nan, math.nan)),
    ],
)
def test_precision_recall_f1(gold, pred, expected) -> None:
    got = precision_recall_f1(gold, pred)
    for g, e in zip(got, expected, strict=True):
        assert (math.isnan(g) and math.isnan(e)) or g == pytest.approx(e)


@pytest.mark.parametrize(
    ("gold", "score", "expected"),
    [
        ([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], 0.75),
        ([0, 1], [0.0, 1.0], 1.0),
        ([0, 1], [1.0, 0.0], 0.0),
        ([0, 1], [0.5, 0.5], 0.5),
        ([1, 1], [0.5, 0.7], math.nan),
    ],
)
def test_roc_auc_cases(gold, score, expected) -> None:
    got = roc_auc(gold, score)
    assert (math.isnan(got) and math.isnan(expected)) or got == pytest.approx(expected)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.booleans(), st.integers(min_value=0, max_value=5)), min_size=2, max_size=40
    )
)
def test_roc_auc_matches_sklearn(pairs) -> None:
    gold = [g for g, _ in pairs]
    score = [s for _, s in pairs]
    if len(set(gold)) < 2:
        assert math.isnan(roc_auc(gold, score))
    else:
        assert roc_auc(gold, score) == pytest.approx(roc_auc_score(gold, score))


def test_band_weighted_auc_removes_a_length_confound() -> None:
    # Positives are mostly the long sentences and the score is just the length: overall AUC
    # 0.75, but within each length band the score says nothing (0.5).
    length = [5, 5, 5, 5, 30, 30, 30, 30]
    gold = [0, 0, 0, 1, 0, 1, 1, 1]
    score = length
    assert roc_auc(gold, score) == pytest.approx(0.75)
    auc, bands = band_weighted_auc(gold, score, length, bands=2)
    assert auc == pytest.approx(0.5)
    assert [n for _, n, _ in bands] == [4, 4]


def test_band_weighted_auc_weights_by_size_and_skips_one_class_bands() -> None:
    length = [1, 1, 1, 1, 1, 1, 9, 9, 20, 20]
    gold = [0, 1, 0, 1, 0, 1, 0, 1, 1, 1]  # last band has positives only
    score = [0, 1, 0, 1, 1, 0, 1, 0, 0, 0]
    auc, bands = band_weighted_auc(gold, score, length, bands=3)
    # band 1 (n=6): 2 of 3 positives above negatives -> AUC 2/3; band 2 (n=2): 0.0
    assert auc == pytest.approx((6 * (6 / 9) + 2 * 0.0) / 8)
    assert math.isnan(bands[-1][2])


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        (
            [-0.05, -0.049, 0.0, 0.049, 0.05],
            ["negative", "neutral", "neutral", "neutral", "positive"],
        ),
        ([], []),
    ],
)
def test_polarity(scores, expected) -> None:
    assert polarity(scores) == expected


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from("npu"), st.sampled_from("npu")), min_size=1, max_size=30))
def test_macro_f1_matches_sklearn(pairs) -> None:
    gold = [g for g, _ in pairs]
    pred = [p for _, p in pairs]
    expected = f1_score(gold, pred, labels=sorted(set(gold)), average="macro", zero_division=0)
    assert macro_f1(gold, pred) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("x", "y", "expected"),
    [
        ([1, 2, 3], [2, 4, 6], 1.0),
        ([1, 2, 3], [3, 2, 1], -1.0),
        ([1, 1, 1], [1, 2, 3], math.nan),
        ([1], [1], math.nan),
    ],
)
def test_pearson_r(x, y, expected) -> None:
    got = pearson_r(x, y)
    assert (math.isnan(got) and math.isnan(expected)) or got == pytest.approx(expected)


@pytest.mark.parametrize(
    ("gold", "score", "threshold", "expected"),
    [
        ([1, 0, 1], [0.9, 0.2, 0.4], 0.5, 2 / 3),
        ([1, 0, 1], [0.9, 0.2, 0.4], 0.4, 1.0),
        ([0, 0], [0.5, 0.5], 0.5, 0.0),
    ],
)
def test_accuracy_at(gold, score, threshold, expected) -> None:
    assert accuracy_at(gold, score, threshold) == pytest.approx(expected)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.booleans(), st.integers(min_value=0, max_value=6)), min_size=1, max_size=30
    )
)
def test_best_threshold_is_the_best_of_all_cuts(pairs) -> None:
    gold = np.array([g for g, _ in pairs])
    score = np.array([s for _, s in pairs], dtype=float)
    threshold, acc = best_threshold_accuracy(gold, score)
    brute = max(accuracy_at(gold, score, t) for t in [*score.tolist(), math.inf])
    assert acc == pytest.approx(brute)
    assert accuracy_at(gold, score, threshold) == pytest.approx(acc)


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("The cat sat", "the cat ran", 0.5),
        ("", "", 1.0),
        ("a b", "c d", 0.0),
        ("Same, same.", "same", 1.0),
    ],
)
def test_jaccard(a, b, expected) -> None:
    assert jaccard(a, b) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("groups", "measure", "reference", "expected"),
    [
        # one event, three outlets: pairs (0,1) agree, (0,2) agree, (1,2) disagree
        (["e", "e", "e"], [1.0, 2.0, 3.0], [0.1, 0.3, 0.2], (2 / 3, 3, 0)),
        # ties in the reference are skipped; a tie in the measure scores one half
        (["e", "e", "e"], [1.0, 1.0, 3.0], [0.1, 0.2, 0.2], (0.75, 2, 1)),
        # pairs never cross events
        (["a", "b"], [1.0, 2.0], [0.2, 0.1], (math.nan, 0, 0)),
    ],
)
def test_pairwise_agreement(groups, measure, reference, expected) -> None:
    got = pairwise_agreement(groups, measure, reference)
    assert got[1:] == expected[1:]
    assert (math.isnan(got[0]) and math.isnan(expected[0])) or got[0] == pytest.approx(expected[0])


def test_bootstrap_ci_brackets_the_statistic_and_is_deterministic() -> None:
    x = np.arange(100.0)
    lo, hi = bootstrap_ci(lambda a: float(a.mean()), x)
    assert lo < 49.5 < hi
    assert (lo, hi) == bootstrap_ci(lambda a: float(a.mean()), x)
    assert (lo, hi) != bootstrap_ci(lambda a: float(a.mean()), x, random_state=1)


def test_bootstrap_ci_resamples_whole_groups() -> None:
    # two groups with constant values: any group resample has a mean of 0, 1 or 0.5-ish,
    # and never mixes items within a group, so the interval spans the group means
    values = [0.0] * 10 + [1.0] * 10
    groups = ["a"] * 10 + ["b"] * 10
    lo, hi = bootstrap_ci(lambda a: float(a.mean()), values, groups=groups, n_boot=400)
    assert (lo, hi) == (0.0, 1.0)


@pytest.mark.parametrize("columns", [([],), ([1.0, 1.0, 1.0],)])
def test_bootstrap_ci_undefined(columns) -> None:
    lo, hi = bootstrap_ci(lambda a: pearson_r(a, a), *columns)
    assert math.isnan(lo) and math.isnan(hi)

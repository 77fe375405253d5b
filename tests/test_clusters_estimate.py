"""Tests of the exact shortcuts and the large-story estimates of SentenceClusterer."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer

from framing.clusters import SentenceClusterer, clustering
from framing.clusters.clustering import K_STEP, _Counts

WORDS = {
    "oil": "oil prices traders tanker hormuz barrel crude market fears rose",
    "nuclear": "enrichment fordow natanz bunker bombs sites uranium strike inspectors",
    "talks": "putin araghchi talks moscow aggression condemned envoy kremlin summit",
    "embassy": "embassy citizens tehran leave buildings warned consulate travel advice",
    "weather": "storm rain flooding river warnings coast winds homes evacuated",
}


def synthetic_story(n: int, *, seed: int = 0) -> list[str]:
    """``n`` sentences of 8 words, each drawn from one of five topics' word lists."""
    rng = np.random.default_rng(seed)
    topics = [w.split() for w in WORDS.values()]
    return [
        " ".join(rng.choice(topics[i % len(topics)], size=8)).capitalize() + "." for i in range(n)
    ]


TEXTS = [
    "Oil prices rose again.",
    "Oil prices fell sharply.",
    "The embassy closed.",
    "The embassy reopened today.",
    "Oil prices rose again.",
    "A one-off sentence with rare words.",
    "Embassy staff said oil prices rose.",
]


@pytest.mark.parametrize("min_df", [1, 2, 3])
@pytest.mark.parametrize("max_features", [None, 4, 2**17])
def test_pruned_counts_equal_scikit_learns(min_df: int, max_features: int | None) -> None:
    texts = TEXTS + synthetic_story(40)
    kw = dict(ngram_range=(1, 2), stop_words="english", min_df=min_df, dtype=np.float32)
    ours = _Counts(max_features=max_features, **kw)
    theirs = CountVectorizer(max_features=max_features, **kw)
    a, b = ours.fit_transform(texts), theirs.fit_transform(texts)
    assert ours.vocabulary_ == theirs.vocabulary_
    assert np.array_equal(a.indptr, b.indptr)
    assert np.array_equal(a.indices, b.indices)
    assert np.array_equal(a.data, b.data)


def test_pruning_everything_is_the_same_error() -> None:
    with pytest.raises(ValueError, match="no terms remain"):
        _Counts(min_df=2).fit_transform(["alpha beta", "gamma delta"])


@pytest.mark.parametrize(
    ("lo", "hi", "n", "expected"),
    [
        (2, 20, 100, list(range(2, 21))),  # a story under the threshold: every k
        (2, 20, 10_000, [2, 5, 8, 11, 14, 17, 20]),
        (2, 19, 10_000, [2, 5, 8, 11, 14, 17, 19]),  # the top of the range is always tried
        (2, 6, 10_000, [2, 3, 4, 5, 6]),  # too narrow to be coarse
    ],
)
def test_candidate_k(lo: int, hi: int, n: int, expected: list[int]) -> None:
    assert SentenceClusterer()._candidates(lo, hi, n) == expected


def test_stories_under_the_threshold_are_not_estimated() -> None:
    texts = synthetic_story(300)
    default = SentenceClusterer().fit(texts)
    exact = SentenceClusterer(estimate_above=None).fit(texts)
    assert np.array_equal(default.labels_, exact.labels_)
    assert np.array_equal(default.embedding_, exact.embedding_)
    assert default.scores_ == exact.scores_
    assert sorted(default.scores_) == list(range(2, 21))


@pytest.fixture
def small_sample(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clustering, "SVD_SAMPLE", 120)


@pytest.mark.usefixtures("small_sample")
def test_estimated_clustering_is_deterministic_and_searches_coarse_to_fine() -> None:
    texts = synthetic_story(400)
    runs = [SentenceClusterer(estimate_above=200).fit(texts) for _ in range(2)]
    assert np.array_equal(runs[0].labels_, runs[1].labels_)
    assert runs[0].scores_ == runs[1].scores_
    model = runs[0]
    coarse = [2, 5, 8, 11, 14, 17, 20]
    assert set(coarse) <= set(model.scores_) < set(range(2, 21))
    best = max(model.scores_, key=lambda k: (model.scores_[k], -k))
    near = set(range(max(2, best - K_STEP + 1), min(20, best + K_STEP - 1) + 1))
    assert set(model.scores_) == set(coarse) | near
    assert model.k_ == best


@pytest.mark.usefixtures("small_sample")
def test_estimated_clustering_finds_the_topics() -> None:
    texts = synthetic_story(400)
    model = SentenceClusterer(n_clusters=5, estimate_above=200).fit(texts)
    topic = np.arange(len(texts)) % 5
    # every topic's sentences share one cluster, and the five clusters differ
    per_topic = [np.bincount(model.labels_[topic == t]).argmax() for t in range(5)]
    assert len(set(per_topic)) == 5
    agree = np.mean([model.labels_[i] == per_topic[topic[i]] for i in range(len(texts))])
    assert agree > 0.95
    assert (model.predict(texts) == model.labels_).all()  # the sampled SVD spans every term

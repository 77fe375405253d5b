"""Sentence clustering: TF-IDF on words and bigrams → truncated SVD → unit length → k-means."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from itertools import pairwise
from numbers import Integral

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.metrics import silhouette_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import Normalizer, normalize
from sklearn.utils._sparse import _align_api_if_sparse  # private: the pinned version's own
from threadpoolctl import threadpool_limits

__all__ = ["MIN_WORDS", "SHORT_CLUSTER", "SHORT_LABEL", "SentenceClusterer"]

MIN_WORDS = 5  # sentences with fewer words (and headings) are not clustered
SHORT_CLUSTER = -1
SHORT_LABEL = "(headings and short lines)"

K_MIN = 2  # automatic k is searched in K_MIN .. min(K_MAX, n // SENTENCES_PER_CLUSTER)
K_MAX = 20
SENTENCES_PER_CLUSTER = 3
SVD_COMPONENTS = 100  # at most; a story of n sentences gets max(SVD_MIN, n // SVD_PER_DIMENSION)
SVD_MIN = 5
SVD_PER_DIMENSION = 15
SELECTION_SAMPLE = 2000  # k is chosen on at most this many sentences (silhouette on all of them)
# Large stories (more than ESTIMATE_ABOVE sentences; no real story comes near) take two
# estimates: the SVD is fitted on a fixed-seed sample of SVD_SAMPLE sentences (then applied to
# all), and k is searched coarse to fine (every K_STEP-th k, then the neighbours of the best).
ESTIMATE_ABOVE = 5_000
SVD_SAMPLE = 5_000
SVD_SAMPLE_ITERATIONS = 2  # power iterations of that SVD (scikit-learn's default: 5)
K_STEP = 3
MAX_VOCABULARY = 2**17  # most frequent words and bigrams kept (memory and SVD time)
MINIBATCH_ABOVE = 20_000  # above this many sentences the final fit uses MiniBatchKMeans
SINGLE_THREAD_UP_TO = 10**9  # inputs up to this size run k-means and SVD on one thread


class _Counts(CountVectorizer):
    """``CountVectorizer`` that drops words and bigrams rarer than ``min_df`` before sorting.

    scikit-learn sorts the whole vocabulary, a million one-off bigrams in a large story, before
    ``min_df`` prunes it; pruning first gives the same vocabulary and the same matrix.
    """

    def _count_vocab(self, raw_documents, fixed_vocab):
        """scikit-learn's counting for words and bigrams, faster: the features of every text
        are listed once and numbered in one pass (``pandas.factorize``: numbers in order of
        first appearance, as scikit-learn's vocabulary gives them), then counted as a sparse
        matrix (duplicates summed, indices sorted): the same vocabulary and the same matrix.
        """
        plain = (
            self.analyzer == "word"
            and self.ngram_range == (1, 2)
            and self.tokenizer is None
            and self.preprocessor is None
            and self.input == "content"
        )
        if fixed_vocab or not plain:
            return super()._count_vocab(raw_documents, fixed_vocab)
        decode, preprocess, tokenize = (
            self.decode, self.build_preprocessor(), self.build_tokenizer()
        )  # fmt: skip
        stop = self.get_stop_words() or frozenset()
        features: list[str] = []
        lengths: list[int] = []
        for doc in raw_documents:
            words = [w for w in tokenize(preprocess(decode(doc))) if w not in stop]
            before = len(features)
            features.extend(words)  # the words, then the bigrams: scikit-learn's _word_ngrams
            features.extend(map(" ".join, pairwise(words)))
            lengths.append(len(features) - before)
        if not features:
            raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
        codes, names = pd.factorize(np.asarray(features, dtype=object))
        rows = np.repeat(np.arange(len(lengths)), lengths)
        X = sparse.csr_array(
            (np.ones(len(codes), dtype=np.intc), (rows, codes)),
            shape=(len(lengths), len(names)),
        )  # COO to CSR sums the duplicates
        X.sort_indices()
        X = X.astype(self.dtype)
        vocabulary = dict(zip(names.tolist(), range(len(names)), strict=True))
        return vocabulary, _align_api_if_sparse(X)

    def _sort_features(self, X, vocabulary):
        low = self.min_df
        if isinstance(low, Integral) and low > 1 and X.shape[1] == len(vocabulary):
            kept = np.flatnonzero(np.bincount(X.indices, minlength=X.shape[1]) >= low)
            if len(kept) < X.shape[1]:
                terms = list(vocabulary)  # insertion order is column order
                vocabulary.clear()
                vocabulary.update(zip((terms[i] for i in kept), range(len(kept)), strict=True))
                X = X[:, kept]
        return super()._sort_features(X, vocabulary)


# ---- clustering ---------------------------------------------------------------------------
class SentenceClusterer(ClusterMixin, BaseEstimator):
    """Cluster short texts: TF-IDF (words + bigrams) → truncated SVD → unit length → k-means.

    k is chosen by silhouette (cosine) on a sample unless ``n_clusters`` is given; it is
    clamped to what the data allow (never more clusters than distinct texts).

    Parameters
    ----------
    n_clusters : int or None
        Fixed number of clusters; None chooses it in ``k_min .. min(k_max, n // per_cluster)``.
    k_min, k_max : int
        Bounds of the automatic search.
    per_cluster : int
        Automatic k never exceeds ``n // per_cluster``.
    n_components : int or None
        SVD dimensions; None: ``max(SVD_MIN, n // SVD_PER_DIMENSION)`` up to ``SVD_COMPONENTS``
        (a small story has few topics; many dimensions make silhouette meaningless).
    random_state : int
        Seed for SVD, k-means and samples.
    estimate_above : int or None
        Stories of more sentences fit the SVD on a fixed-seed sample of :data:`SVD_SAMPLE`
        sentences with :data:`SVD_SAMPLE_ITERATIONS` power iterations and search k coarse to
        fine (every :data:`K_STEP`-th k, then the best one's neighbours); None: never.

    Attributes
    ----------
    pipeline_ : sklearn.pipeline.Pipeline
        The fitted steps (``counts``, ``tfidf``, ``svd``, ``norm``, ``kmeans``); absent when k is 1.
    labels_ : ndarray of int
    cluster_centers_ : ndarray, unit-length rows in the embedding space
    embedding_ : ndarray, unit-length rows, one per text
    counts_ : sparse matrix of word/bigram counts (rows: texts)
    vocabulary_ : ndarray of str, the count columns
    label_map_ : ndarray of int, k-means id -> cluster id (clusters are numbered by size)
    k_ : int
    scores_ : dict[int, float], silhouette per tried k (empty if k was given)

    Examples
    --------
    >>> texts = ["Oil prices rose again.", "Oil prices fell sharply.", "The embassy closed.",
    ...          "The embassy reopened today."]
    >>> model = SentenceClusterer(n_clusters=2).fit(texts)
    >>> model.k_, bool(model.labels_[0] == model.labels_[1] != model.labels_[2])
    (2, True)
    """

    def __init__(
        self,
        n_clusters: int | None = None,
        *,
        k_min: int = K_MIN,
        k_max: int = K_MAX,
        per_cluster: int = SENTENCES_PER_CLUSTER,
        n_components: int | None = None,
        random_state: int = 0,
        estimate_above: int | None = ESTIMATE_ABOVE,
    ) -> None:
        self.n_clusters = n_clusters
        self.k_min = k_min
        self.k_max = k_max
        self.per_cluster = per_cluster
        self.n_components = n_components
        self.random_state = random_state
        self.estimate_above = estimate_above

    def _steps(self, n: int) -> Pipeline:
        return Pipeline(
            [
                (
                    "counts",
                    _Counts(
                        ngram_range=(1, 2),
                        stop_words="english",
                        min_df=2 if n >= 1000 else 1,
                        max_features=MAX_VOCABULARY,
                        dtype=np.float32,
                    ),
                ),
                ("tfidf", TfidfTransformer(sublinear_tf=True)),
                ("svd", TruncatedSVD(random_state=self.random_state)),
                ("norm", Normalizer(copy=False)),
                ("kmeans", KMeans(random_state=self.random_state)),
            ]
        )

    def fit(self, X: Sequence[str], y: None = None) -> SentenceClusterer:
        """Fit on texts ``X`` (a sequence of str); returns self."""
        texts = [str(t) for t in X]
        # One thread: on a small or shared machine OpenMP threads mostly wait for each other.
        with (
            threadpool_limits(limits=1 if len(texts) <= SINGLE_THREAD_UP_TO else None),
            warnings.catch_warnings(),
        ):
            # Repeated sentences can leave k-means with fewer distinct clusters than asked;
            # the empty ones are dropped (see `k_`), so the warning says nothing to the user.
            warnings.simplefilter("ignore", ConvergenceWarning)
            return self._fit(texts)

    def _fit(self, texts: list[str]) -> SentenceClusterer:
        n = len(texts)
        if n == 0:
            raise ValueError("SentenceClusterer needs at least one text")
        pipe = self._steps(n)
        self.scores_: dict[int, float] = {}
        try:
            counts = pipe["counts"].fit_transform(texts)
        except ValueError:  # no word left after stop words: one cluster
            counts = None
        distinct = len(set(texts))
        if counts is not None:
            self.counts_ = counts.tocsr()
            self.vocabulary_ = pipe["counts"].get_feature_names_out()
            wanted = self.n_components or min(SVD_COMPONENTS, max(SVD_MIN, n // SVD_PER_DIMENSION))
            dims = min(wanted, counts.shape[1] - 1, n - 1)
        else:
            self.counts_ = sparse.csr_matrix((n, 0), dtype=np.float32)
            self.vocabulary_ = np.array([], dtype=object)
            dims = 0
        if counts is not None:
            if dims >= SVD_MIN:
                pipe.set_params(svd__n_components=dims)
            else:  # a handful of sentences or words: cluster the TF-IDF rows themselves
                pipe.set_params(svd="passthrough")
            if self._large(n) and dims >= SVD_MIN:
                emb = self._sampled_embedding(pipe, counts)
            else:
                emb = pipe[1:4].fit_transform(counts)
            emb = (emb.toarray() if sparse.issparse(emb) else emb).astype(np.float32)
            distinct = min(distinct, len(np.unique(np.round(emb, 6), axis=0)))
        else:
            emb = np.ones((n, 1), dtype=np.float32)
            distinct = 1
        self.embedding_ = emb
        k = self._choose_k(emb, distinct)
        self.k_ = k
        if k == 1:
            self.labels_ = np.zeros(n, dtype=int)
            center = emb.mean(axis=0, keepdims=True)
            self.cluster_centers_ = normalize(center) if np.any(center) else center
            return self
        if n > MINIBATCH_ABOVE:
            km = MiniBatchKMeans(
                n_clusters=k, random_state=self.random_state, n_init=3, batch_size=4096
            )
            pipe.steps[-1] = ("kmeans", km)
        else:
            pipe.set_params(kmeans__n_clusters=k, kmeans__n_init=3)
        pipe["kmeans"].fit(emb)
        self.pipeline_ = pipe
        self.label_map_ = _relabel(pipe["kmeans"].labels_, k)
        self.labels_ = self.label_map_[pipe["kmeans"].labels_]
        self.k_ = int(self.labels_.max()) + 1
        self.cluster_centers_ = _centers(emb, self.labels_, self.k_)
        return self

    def _large(self, n: int) -> bool:
        return self.estimate_above is not None and n > self.estimate_above

    def _sampled_embedding(self, pipe: Pipeline, counts: sparse.csr_matrix) -> np.ndarray:
        """TF-IDF on all rows; the SVD fitted on a fixed-seed sample of them, applied to all.

        The SVD sees only the terms present in the sample (the others would get zero weight
        in every component anyway); that keeps its cost to the sample's vocabulary.
        """
        weights = pipe["tfidf"].fit_transform(counts)
        rng = np.random.default_rng(self.random_state)
        n, n_terms = weights.shape
        sample = weights[np.sort(rng.choice(n, min(SVD_SAMPLE, n), replace=False))]
        present = np.flatnonzero(sample.getnnz(axis=0))
        svd = pipe["svd"].set_params(n_iter=SVD_SAMPLE_ITERATIONS).fit(sample[:, present])
        components = np.zeros((svd.components_.shape[0], n_terms), dtype=svd.components_.dtype)
        components[:, present] = svd.components_
        svd.components_, svd.n_features_in_ = components, n_terms
        return pipe["norm"].fit_transform(svd.transform(weights))

    def _candidates(self, lo: int, hi: int, n: int) -> list[int]:
        """Every k in ``lo .. hi``; for a large story every K_STEP-th k first (coarse)."""
        if not self._large(n) or hi - lo < 2 * K_STEP:
            return list(range(lo, hi + 1))
        coarse = list(range(lo, hi + 1, K_STEP))
        return coarse if coarse[-1] == hi else [*coarse, hi]

    def _choose_k(self, emb: np.ndarray, distinct: int) -> int:
        n = len(emb)
        if self.n_clusters is not None:
            return int(max(1, min(int(self.n_clusters), distinct, n)))
        hi = min(self.k_max, n // max(1, self.per_cluster), distinct)
        lo = max(2, self.k_min)
        if hi < lo:
            return 1
        rng = np.random.default_rng(self.random_state)
        sample = (
            emb if n <= SELECTION_SAMPLE else emb[rng.choice(n, SELECTION_SAMPLE, replace=False)]
        )
        candidates = self._candidates(lo, hi, n)
        self._score(sample, candidates)
        if len(candidates) < hi - lo + 1 and self.scores_:  # fine: the neighbours of the best
            best = max(self.scores_, key=lambda k: (self.scores_[k], -k))
            near = range(max(lo, best - K_STEP + 1), min(hi, best + K_STEP - 1) + 1)
            self._score(sample, [k for k in near if k not in self.scores_])
        if not self.scores_:
            return 1
        return max(sorted(self.scores_), key=lambda k: self.scores_[k])  # ties: smallest k

    def _score(self, sample: np.ndarray, ks: Sequence[int]) -> None:
        """Silhouette (cosine) of a one-start k-means on ``sample`` for each k, into scores_."""
        for k in ks:
            labels = KMeans(
                n_clusters=k, n_init=1, max_iter=100, random_state=self.random_state
            ).fit_predict(sample)
            if len(np.unique(labels)) < 2:
                continue
            self.scores_[k] = float(
                silhouette_score(sample, labels, metric="cosine", random_state=self.random_state)
            )

    def predict(self, X: Sequence[str]) -> np.ndarray:
        """Nearest cluster of each text (the headings path uses this)."""
        if self.k_ == 1:
            return np.zeros(len(X), dtype=int)
        return self.label_map_[self.pipeline_.predict([str(t) for t in X])]


def _relabel(labels: np.ndarray, k: int) -> np.ndarray:
    """Map k-means ids to ids by size, largest first (ties: first appearance)."""
    ids, first, counts = np.unique(labels, return_index=True, return_counts=True)
    order = sorted(range(len(ids)), key=lambda i: (-counts[i], first[i]))
    mapping = np.arange(k)
    taken = [int(ids[i]) for i in order]
    rest = [c for c in range(k) if c not in set(taken)]
    for new, old in enumerate(taken + rest):
        mapping[old] = new
    return mapping


def _centers(emb: np.ndarray, labels: np.ndarray, k: int) -> np.ndarray:
    member = sparse.csr_matrix(
        (np.ones(len(labels)), (labels, np.arange(len(labels)))), shape=(k, len(labels))
    )
    return normalize(np.asarray(member @ emb, dtype=np.float64))

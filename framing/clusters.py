"""Sentence clusters, coverage and cross-outlet alignment for one story.

Three questions a reader asks of several articles on the same story, each answered by a table:

* **What does each outlet talk about?** Every sentence of every article is clustered (TF-IDF on
  words and bigrams → truncated SVD → unit length → k-means), so sentences about the same
  sub-topic share a cluster with a readable label (``"fordow · natanz · bunker buster"``).
* **What does each outlet emphasise or leave out?** :func:`coverage_table` gives, per outlet and
  cluster, the outlet's share of words, the share across outlets, their ratio (``emphasis``) and
  whether the outlet omits a cluster that another outlet covers.
* **How does each outlet word the same fact?** :func:`align_outlets` matches sentences one to one
  between every pair of outlets (:func:`alignment_score`: the paraphrase score
  :func:`similarity` of the sentences or of their best pair of clauses) and lists the lexicon
  cues found on one side only (``condemned`` vs ``lambasted``).

Headings and sentences shorter than :data:`MIN_WORDS` words are kept out of the clustering
(cluster ``-1``, label :data:`SHORT_LABEL`): they would otherwise form junk clusters of
sub-heads and pull centroids towards a handful of words. They are also left out of coverage and
alignment, whose shares are over clustered sentences.

Examples
--------
>>> import pandas as pd
>>> from framing.clusters import cluster_story
>>> sents = pd.DataFrame({
...     "article_id": ["a1", "a1", "b1", "b1"], "outlet": ["A", "A", "B", "B"],
...     "sent_id": [0, 1, 0, 1],
...     "text": ["Putin condemned the strikes on Iran as unprovoked aggression.",
...              "Oil prices rose sharply on Monday after the weekend attacks.",
...              "Putin called the attacks on Iran unprovoked aggression on Monday.",
...              "The central bank kept interest rates unchanged this week."]})
>>> result = cluster_story(sents, pd.DataFrame())
>>> len(result.alignments[result.alignments.similarity.notna()])
1
"""

from __future__ import annotations

import itertools
import math
import re
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from sklearn.base import BaseEstimator, ClusterMixin
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import (
    ENGLISH_STOP_WORDS,
    CountVectorizer,
    HashingVectorizer,
    TfidfTransformer,
)
from sklearn.metrics import silhouette_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import Normalizer, normalize
from threadpoolctl import threadpool_limits

from framing.models import (
    ALIGNMENT_COLUMNS,
    CLUSTER_COLUMNS,
    COVERAGE_COLUMNS,
    Analysis,
    ClusterSettings,
)

__all__ = [
    "ASSIGNMENT_COLUMNS",
    "DEFAULT_THRESHOLD",
    "FEATURE_NAMES",
    "MIN_WORDS",
    "PARAPHRASE_THRESHOLD",
    "SHORT_CLUSTER",
    "SHORT_LABEL",
    "SentenceClusterer",
    "StoryClusters",
    "align_outlets",
    "alignment_score",
    "cluster",
    "cluster_labels",
    "cluster_story",
    "coverage_table",
    "pair_features",
    "similarity",
]

# ---- named constants ----------------------------------------------------------------------
MIN_WORDS = 5  # sentences with fewer words (and headings) are not clustered
SHORT_CLUSTER = -1
SHORT_LABEL = "(headings and short lines)"
ASSIGNMENT_COLUMNS = ["article_id", "sent_id", "cluster", "label"]

K_MIN = 2  # automatic k is searched in K_MIN .. min(K_MAX, n // SENTENCES_PER_CLUSTER)
K_MAX = 20
SENTENCES_PER_CLUSTER = 3
SVD_COMPONENTS = 100  # at most; a story of n sentences gets max(SVD_MIN, n // SVD_PER_DIMENSION)
SVD_MIN = 5
SVD_PER_DIMENSION = 15
SELECTION_SAMPLE = 2000  # k is chosen on at most this many sentences (silhouette on all of them)
MAX_VOCABULARY = 2**17  # most frequent words and bigrams kept (memory and SVD time)
MINIBATCH_ABOVE = 20_000
SINGLE_THREAD_UP_TO = (
    10**9
)  # inputs up to this size run k-means and SVD on one thread  # above this many sentences the final fit uses MiniBatchKMeans
LABEL_TERMS = 3

# Alignment: candidates are pairs whose character n-gram cosine reaches CANDIDATE_FLOOR (each
# sentence's CANDIDATE_TOP best, from either side); every candidate is scored with
# `alignment_score`. Outlets whose sizes multiply to at most DENSE_LIMIT are matched with the
# Hungarian method, larger ones greedily.
CANDIDATE_FLOOR = 0.15
CANDIDATE_TOP = 5
CLAUSE_MIN_WORDS = 4  # clauses shorter than this are not compared on their own
DENSE_LIMIT = 4_000_000
CHAR_CHUNK = 2_000  # sentences hashed at a time
PAIR_CHUNK = 20_000  # pairs whose features are held at a time
ALIGN_BLOCK = 4_000  # sentences of one outlet aligned at a time (bounds memory)
COMMON_MIN = 200  # candidate search ignores character n-grams found in more sentences than
COMMON_SHARE = 0.01  # max(COMMON_MIN, COMMON_SHARE * n)
BLOCK_CELLS = 2_000_000  # rows x columns of one block of the candidate product

# ---- paraphrase score ---------------------------------------------------------------------
# A logistic regression over the features of `pair_features`, fitted offline by
# bench/fit_similarity.py on a 70 % split of the MSRP training pairs (see docs/clusters.md);
# the scaler is folded into the coefficients, so score = sigmoid(features @ _COEF + _INTERCEPT).
FEATURE_NAMES = (
    "char_cosine",
    "content_over_max",
    "content_over_min",
    "numbers_differ",
    "names_jaccard",
    "unigram_over_min",
    "bigram_over_min",
    "trigram_over_min",
    "fourgram_over_min",
    "idf_cosine",
    "idf_over_max",
    "idf_over_min",
)
_COEF = np.array(
    [
        2.727079,  # char_cosine
        -1.151943,  # content_over_max
        -0.524106,  # content_over_min
        -0.358926,  # numbers_differ
        -0.199327,  # names_jaccard
        1.726797,  # unigram_over_min
        -0.236173,  # bigram_over_min
        -1.429061,  # trigram_over_min
        -0.989574,  # fourgram_over_min
        -1.089088,  # idf_cosine
        9.356940,  # idf_over_max
        -0.112644,  # idf_over_min
    ]
)
_INTERCEPT = -4.641184
PARAPHRASE_THRESHOLD: float = 0.562
"""`similarity` at or above which two whole sentences are paraphrases (accuracy-optimal on the
MSRP training split; held-out accuracy in docs/clusters.md)."""
DEFAULT_THRESHOLD: float = 0.15
"""`alignment_score` at or above which two sentences of different outlets are matched as the same
fact. Lower than PARAPHRASE_THRESHOLD on purpose: outlets share a fact inside longer, differently
framed sentences, which MSRP's near-duplicate pairs do not teach. Chosen with
bench/tune_alignment.py on hand-matched pairs of the sample story (docs/clusters.md)."""

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?|\d+(?:[.,:]\d+)*", re.UNICODE)
_STEM = 5  # words are compared by their first five letters: a cheap, language-blind stemmer
_STOP = frozenset(ENGLISH_STOP_WORDS)
_CHAR_VECTORIZER = HashingVectorizer(
    analyzer="char_wb",
    ngram_range=(3, 5),
    n_features=2**20,
    alternate_sign=False,
    norm=None,
    dtype=np.float32,
)


@dataclass(frozen=True)
class _Profile:
    """What the pair features need of one sentence, computed once.

    ``grams`` hold hashes of the word 1- to 4-grams (compared within one process only), which
    keeps a profile a few kilobytes.
    """

    stems: frozenset[str]
    content: frozenset[str]
    numbers: frozenset[str]
    names: frozenset[str]
    grams: tuple[frozenset[int], ...]


def _stems(text: str) -> frozenset[str]:
    return frozenset(t.lower().replace("’", "'")[:_STEM] for t in _WORD.findall(text))


def _profile(text: str) -> _Profile:
    tokens = _WORD.findall(text)
    words = tuple(t.lower().replace("’", "'") for t in tokens)
    stems = frozenset(w[:_STEM] for w in words)
    content = frozenset(w[:_STEM] for w in words if w not in _STOP)
    numbers = frozenset(w.replace(",", "") for w in words if w[0].isdigit())
    names = frozenset(
        t.lower()
        for i, t in enumerate(tokens)
        if i > 0 and t[0].isupper() and t.lower() not in _STOP
    )
    grams = tuple(
        frozenset(map(hash, zip(*(words[i:] for i in range(n)), strict=False)))
        for n in (1, 2, 3, 4)
    )
    return _Profile(stems, content, numbers, names, grams)


def _char_counts(texts: Sequence[str]) -> sparse.csr_matrix:
    """Character 3–5-gram counts within words, hashed (no vocabulary to fit).

    Transformed in chunks: the vectorizer builds Python lists of every n-gram first.
    """
    texts = list(texts)
    chunks = [
        _CHAR_VECTORIZER.transform(texts[i : i + CHAR_CHUNK])
        for i in range(0, len(texts), CHAR_CHUNK)
    ]
    if not chunks:
        return sparse.csr_matrix((0, _CHAR_VECTORIZER.n_features), dtype=np.float32)
    return sparse.vstack(chunks, format="csr")


def _char_weights(counts: sparse.csr_matrix) -> TfidfTransformer:
    """IDF of the character n-grams over a batch (the story, or the pairs being scored)."""
    return TfidfTransformer(sublinear_tf=True).fit(counts)


def _idf(stems: Iterable[frozenset[str]]) -> dict[str, float]:
    """Smoothed inverse document frequency of word stems over a batch (a story or a pair list)."""
    df: Counter[str] = Counter()
    n = 0
    for st in stems:
        df.update(st)
        n += 1
    return {w: math.log((n + 1) / (c + 1)) + 1.0 for w, c in df.items()}


def _ratio(num: float, den: float) -> float:
    return num / den if den > 0 else 0.0


def _features(a: _Profile, b: _Profile, char_cos: float, idf: dict[str, float]) -> list[float]:
    """The :data:`FEATURE_NAMES` of one pair: overlaps relative to the shorter or the longer."""
    inter = len(a.content & b.content)
    na, nb = len(a.content), len(b.content)
    f = [
        char_cos,
        _ratio(inter, max(na, nb)),
        _ratio(inter, min(na, nb)),
        float(a.numbers != b.numbers),
        _ratio(len(a.names & b.names), len(a.names | b.names)) if a.names or b.names else 1.0,
    ]
    f += [
        _ratio(len(ga & gb), min(len(ga), len(gb))) for ga, gb in zip(a.grams, b.grams, strict=True)
    ]
    wa = [idf.get(w, 1.0) for w in a.stems]
    wb = [idf.get(w, 1.0) for w in b.stems]
    ws = [idf.get(w, 1.0) for w in a.stems & b.stems]
    sa, sb, ss = sum(wa), sum(wb), sum(ws)
    norm = math.sqrt(sum(w * w for w in wa) * sum(w * w for w in wb))
    f += [_ratio(sum(w * w for w in ws), norm), _ratio(ss, max(sa, sb)), _ratio(ss, min(sa, sb))]
    return f


def _score(features: np.ndarray) -> np.ndarray:
    if len(features) == 0:
        return np.zeros(0)
    z = features @ _COEF + _INTERCEPT
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))


def pair_features(a: Sequence[str], b: Sequence[str]) -> np.ndarray:
    """Features of each pair ``(a[i], b[i])``, one row per pair, columns :data:`FEATURE_NAMES`.

    Word weights (IDF) come from the batch itself, ``a`` and ``b`` together: nothing is fitted
    in advance. Every feature is symmetric in the two sentences.

    Parameters
    ----------
    a, b : sequence of str
        Sentences, the same length.

    Returns
    -------
    numpy.ndarray
        Shape ``(len(a), len(FEATURE_NAMES))``.
    """
    if len(a) != len(b):
        raise ValueError(f"a and b differ in length: {len(a)} vs {len(b)}")
    n = len(a)
    scorer = _PairScorer([*a, *b], clauses=False)
    return scorer.features(np.arange(n), np.arange(n, 2 * n))


def similarity(a: Sequence[str], b: Sequence[str]) -> np.ndarray:
    """Paraphrase score of ``a[i]`` vs ``b[i]`` in [0, 1] (whole sentences).

    A logistic model over character n-gram cosine, word and n-gram overlap, unmatched
    (IDF-weighted) words, numbers and names, and length (:func:`pair_features`), with
    coefficients fitted offline. :data:`PARAPHRASE_THRESHOLD` separates paraphrases; the
    alignment uses :func:`alignment_score` (the best of this over clauses and quoted
    stretches) with :data:`DEFAULT_THRESHOLD`.

    Parameters
    ----------
    a, b : sequence of str
        Sentences, the same length.

    Returns
    -------
    numpy.ndarray
        Float scores, shape ``(len(a),)``; 0 where either sentence has no word.

    Examples
    --------
    >>> s = similarity(["Putin condemned the strikes."], ["Putin denounced the strikes."])
    >>> bool(0 <= s[0] <= 1)
    True
    """
    if len(a) != len(b):
        raise ValueError(f"a and b differ in length: {len(a)} vs {len(b)}")
    n = len(a)
    scorer = _PairScorer([*a, *b], clauses=False)
    return scorer.whole(np.arange(n), np.arange(n, 2 * n))


_CLAUSE_SPLIT = re.compile(r"\s*(?:[,;:()\[\]{}—–]|\s-\s)\s*")
_QUOTE_SPLIT = re.compile(r"\s*[\"“”]\s*")


def _clauses(text: str) -> list[str]:
    """Pieces of a sentence compared on their own: its clauses (split at commas, semicolons,
    colons, dashes and brackets, a piece shorter than :data:`CLAUSE_MIN_WORDS` words joined
    to the one before it) and its quoted and unquoted stretches of at least
    :data:`CLAUSE_MIN_WORDS` words. The sentence itself when that leaves fewer than two."""
    parts: list[str] = []
    for piece in _CLAUSE_SPLIT.split(text):
        n = len(_WORD.findall(piece))
        if n == 0:
            continue
        if parts and (n < CLAUSE_MIN_WORDS or len(_WORD.findall(parts[-1])) < CLAUSE_MIN_WORDS):
            parts[-1] = f"{parts[-1]} {piece}"
        else:
            parts.append(piece)
    quoted = [p for p in _QUOTE_SPLIT.split(text) if len(_WORD.findall(p)) >= CLAUSE_MIN_WORDS]
    if _QUOTE_SPLIT.search(text):
        parts += [q for q in quoted if q not in parts and q != text]
    return parts if len(parts) > 1 else [text]


def _rowwise_cosine(
    x: sparse.csr_matrix, rows: np.ndarray, y: sparse.csr_matrix, cols: np.ndarray
) -> np.ndarray:
    out = np.empty(len(rows))
    step = 10_000
    for lo in range(0, len(rows), step):
        a, b = x[rows[lo : lo + step]], y[cols[lo : lo + step]]
        out[lo : lo + step] = np.asarray(a.multiply(b).sum(axis=1)).ravel()
    return out


class _PairScorer:
    """Word weights and character vectors of a batch of sentences; profiles and clauses on demand.

    ``whole(i, j)`` is :func:`similarity` of sentences ``i[k]`` and ``j[k]``; ``aligned(i, j)``
    also scores every pair of their clauses and keeps the best: two sentences report the same
    fact when they, or one clause of each, are paraphrases. Profiles and clauses are built only
    for sentences that are scored, so memory follows the candidates, not the story.
    """

    def __init__(self, texts: Sequence[str], *, clauses: bool = True) -> None:
        self.texts = list(texts)
        self.use_clauses = clauses
        self.idf = _idf(_stems(t) for t in self.texts)
        self.has_words = np.array([bool(_WORD.search(t)) for t in self.texts], dtype=bool)
        counts = _char_counts(self.texts)
        self.weights = _char_weights(counts) if self.texts else None
        self.chars = (
            self.weights.transform(counts).astype(np.float32).tocsr() if self.weights else counts
        )
        self._profiles: dict[int, _Profile] = {}
        self._span: dict[int, tuple[int, int]] = {}  # sentence -> its rows among the clauses
        self._clause_profiles: list[_Profile] = []
        self._clause_blocks: list[sparse.csr_matrix] = []

    def forget(self) -> None:
        """Drop the profiles and clauses built so far (they are rebuilt on demand)."""
        self._profiles.clear()
        self._span.clear()
        self._clause_profiles = []
        self._clause_blocks = []

    def _profile(self, i: int) -> _Profile:
        p = self._profiles.get(i)
        if p is None:
            p = self._profiles[i] = _profile(self.texts[i])
        return p

    def _add_clauses(self, sentences: np.ndarray) -> sparse.csr_matrix:
        new = [int(i) for i in sentences if int(i) not in self._span]
        flat: list[str] = []
        start = len(self._clause_profiles)
        for i in new:
            pieces = _clauses(self.texts[i]) if self.use_clauses else [self.texts[i]]
            self._span[i] = (start + len(flat), start + len(flat) + len(pieces))
            flat += pieces
        if flat and self.weights is not None:
            self._clause_profiles += [_profile(c) for c in flat]
            chars = self.weights.transform(_char_counts(flat)).astype(np.float32).tocsr()
            self._clause_blocks.append(chars)
        if not self._clause_blocks:
            return sparse.csr_matrix((0, 1))
        return sparse.vstack(self._clause_blocks, format="csr")

    def _features(
        self,
        profiles: Callable[[int], _Profile],
        chars: sparse.csr_matrix,
        i: np.ndarray,
        j: np.ndarray,
    ) -> np.ndarray:
        if len(i) == 0:
            return np.zeros((0, len(FEATURE_NAMES)))
        cos = _rowwise_cosine(chars, i, chars, j)
        return np.array(
            [
                _features(profiles(a), profiles(b), float(c), self.idf)
                for a, b, c in zip(i, j, cos, strict=True)
            ],
            dtype=float,
        )

    def features(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        """:data:`FEATURE_NAMES` of sentence pairs ``(i[k], j[k])``."""
        return self._features(self._profile, self.chars, i, j)

    def _chunked_scores(
        self,
        profiles: Callable[[int], _Profile],
        chars: sparse.csr_matrix,
        i: np.ndarray,
        j: np.ndarray,
    ) -> np.ndarray:
        """Scores of many pairs, a chunk at a time (features are built as Python lists)."""
        if len(i) == 0:
            return np.zeros(0)
        return np.concatenate(
            [
                _score(
                    self._features(
                        profiles, chars, i[lo : lo + PAIR_CHUNK], j[lo : lo + PAIR_CHUNK]
                    )
                )
                for lo in range(0, len(i), PAIR_CHUNK)
            ]
        )

    def whole(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        scores = self._chunked_scores(self._profile, self.chars, i, j)
        if len(scores):
            scores[~(self.has_words[i] & self.has_words[j])] = 0.0
        return scores

    def aligned(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        best = self.whole(i, j)
        if len(i) == 0 or not self.use_clauses:
            return best
        chars = self._add_clauses(np.unique(np.concatenate([i, j])))
        for lo in range(0, len(i), PAIR_CHUNK // 8):  # about 8 clause pairs per sentence pair
            ci: list[int] = []
            cj: list[int] = []
            group: list[int] = []
            for k in range(lo, min(lo + PAIR_CHUNK // 8, len(i))):
                a, b = int(i[k]), int(j[k])
                ra = range(*self._span[a])
                rb = range(*self._span[b])
                if len(ra) * len(rb) <= 1 or not (self.has_words[a] and self.has_words[b]):
                    continue  # a single clause on each side is the whole pair, already scored
                for x in ra:
                    ci.extend([x] * len(rb))
                    cj.extend(rb)
                    group.extend([k] * len(rb))
            if ci:
                part = self._chunked_scores(
                    self._clause_profiles.__getitem__, chars, np.array(ci), np.array(cj)
                )
                np.maximum.at(best, np.array(group), part)
        return best


def alignment_score(a: Sequence[str], b: Sequence[str]) -> np.ndarray:
    """The score alignment uses: the best :func:`similarity` over the pair and its clauses.

    News outlets seldom paraphrase a whole sentence; they share a fact inside longer sentences
    (``“making efforts to help the Iranian people,” but stopped short of…``). Each sentence is
    cut into clauses (at commas, colons, dashes, brackets and quote marks; at least
    :data:`CLAUSE_MIN_WORDS` words) and the best-scoring pair of clauses (or the whole pair)
    counts. Word weights come from ``a`` and ``b`` together.

    Parameters
    ----------
    a, b : sequence of str
        Sentences, the same length.

    Returns
    -------
    numpy.ndarray
        Scores in [0, 1], at least :func:`similarity` of the same pair.
    """
    if len(a) != len(b):
        raise ValueError(f"a and b differ in length: {len(a)} vs {len(b)}")
    scorer = _PairScorer([*a, *b])
    n = len(a)
    return scorer.aligned(np.arange(n), np.arange(n, 2 * n))


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
    ) -> None:
        self.n_clusters = n_clusters
        self.k_min = k_min
        self.k_max = k_max
        self.per_cluster = per_cluster
        self.n_components = n_components
        self.random_state = random_state

    def _steps(self, n: int) -> Pipeline:
        return Pipeline(
            [
                (
                    "counts",
                    CountVectorizer(
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
        best_k, best = 1, -np.inf
        for k in range(lo, hi + 1):
            labels = KMeans(
                n_clusters=k, n_init=1, max_iter=100, random_state=self.random_state
            ).fit_predict(sample)
            if len(np.unique(labels)) < 2:
                continue
            score = float(
                silhouette_score(
                    sample,
                    labels,
                    metric="cosine",
                    random_state=self.random_state,
                )
            )
            self.scores_[k] = score
            if score > best:
                best_k, best = k, score
        return best_k

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


def cluster_labels(
    counts: sparse.spmatrix,
    labels: np.ndarray,
    vocabulary: Sequence[str],
    *,
    n_terms: int = LABEL_TERMS,
) -> list[str]:
    """Label each cluster by its most distinctive terms (a class-based TF-IDF).

    Term weight in cluster c: ``share(t, c) * log(1 + tf(t, c))`` where ``tf(t, c)`` counts the
    term in the cluster's sentences and ``share(t, c) = tf(t, c) / tf(t)`` is the part of all its
    occurrences that fall in c (the "inverse class frequency"). The usual c-TF-IDF
    (``tf/words * log(1 + A/tf(t))``) let the story's own words (``putin · iran``) lead every
    label; the share keeps them out unless they belong to one cluster. Terms made of digits
    only are skipped, and so is a term sharing a word with one already chosen.

    Returns
    -------
    list of str
        ``" · "``-joined terms per cluster ``0 .. max(labels)``; ``"cluster <i>"`` if none.
    """
    k = int(labels.max()) + 1 if len(labels) else 0
    if counts.shape[1] == 0 or k == 0:
        return [f"cluster {c}" for c in range(k)]
    member = sparse.csr_matrix(
        (np.ones(len(labels), dtype=np.float32), (labels, np.arange(len(labels)))),
        shape=(k, len(labels)),
    )
    per_class = (member @ counts).tocsr()
    total = np.asarray(per_class.sum(axis=0)).ravel()
    out: list[str] = []
    seen: set[str] = set()
    for c in range(k):
        row = per_class.getrow(c)
        idx, tf = row.indices, row.data
        weight = tf / np.maximum(total[idx], 1.0) * np.log1p(tf)
        chosen: list[str] = []
        used: set[str] = set()
        n_words = np.array([str(vocabulary[i]).count(" ") + 1 for i in idx])
        for j in np.lexsort((idx, -n_words, -np.round(weight, 9))):
            term = str(vocabulary[idx[j]])
            parts = term.split()
            if all(p.isdigit() for p in parts) or used & set(parts):
                continue
            chosen.append(term)
            used.update(parts)
            if len(chosen) == n_terms:
                break
        label = " · ".join(chosen) or f"cluster {c}"
        if label in seen:
            label = f"{label} ({c})"
        seen.add(label)
        out.append(label)
    return out


# ---- the story ----------------------------------------------------------------------------
@dataclass
class StoryClusters:
    """What :func:`cluster_story` returns.

    Attributes
    ----------
    assignments : DataFrame
        ``article_id, sent_id, cluster, label`` for every sentence (``-1`` = not clustered).
    clusters : DataFrame
        :data:`framing.models.CLUSTER_COLUMNS`, one row per cluster ``0 .. k-1``.
    coverage : DataFrame
        :data:`framing.models.COVERAGE_COLUMNS`, outlet × cluster.
    alignments : DataFrame
        :data:`framing.models.ALIGNMENT_COLUMNS`.
    k : int
        Number of clusters (0 for an empty story).
    scores : dict
        Silhouette per k tried (empty when k was given or the story is tiny).
    """

    assignments: pd.DataFrame
    clusters: pd.DataFrame
    coverage: pd.DataFrame
    alignments: pd.DataFrame
    k: int
    scores: dict[int, float] = field(default_factory=dict)


_NEEDED = ("article_id", "outlet", "sent_id", "text")


def _prepare(sentences: pd.DataFrame) -> pd.DataFrame:
    missing = [c for c in _NEEDED if c not in sentences.columns]
    if missing:
        raise ValueError(f"sentences lack columns: {', '.join(missing)}")
    df = sentences.copy()
    df["text"] = df["text"].fillna("").astype(str)
    df["outlet"] = df["outlet"].fillna("").astype(str)
    df["article_id"] = df["article_id"].astype(str)
    if "n_words" not in df.columns:
        df["n_words"] = [len(_WORD.findall(t)) for t in df["text"]]
    if "is_heading" not in df.columns:
        df["is_heading"] = False
    for col in ("hedge", "intensity", "compound"):
        if col not in df.columns:
            df[col] = np.nan
    df["is_heading"] = df["is_heading"].fillna(False).astype(bool)
    df["n_words"] = pd.to_numeric(df["n_words"], errors="coerce").fillna(0).astype(int)
    df = df.sort_values(["outlet", "article_id", "sent_id"], kind="stable").reset_index(drop=True)
    df["clustered"] = (~df["is_heading"]) & (df["n_words"] >= MIN_WORDS)
    return df


def _empty(columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


def cluster_story(
    sentences: pd.DataFrame,
    cues: pd.DataFrame,
    *,
    n_clusters: int | None = None,
    threshold: float | None = None,
    random_state: int = 0,
) -> StoryClusters:
    """Cluster a story's sentences, measure coverage per outlet and align outlets' sentences.

    Parameters
    ----------
    sentences : DataFrame
        Needs ``article_id, outlet, sent_id, text``; uses ``n_words, is_heading, hedge,
        intensity, compound`` when present (:data:`framing.models.SENTENCE_COLUMNS`).
    cues : DataFrame
        :data:`framing.models.CUE_COLUMNS` (``article_id, sent_id, term`` used; ``negated``
        marks a term as ``"not <term>"``). May be empty.
    n_clusters : int or None
        Fixed k (clamped to 1 .. distinct sentences); None chooses k by silhouette.
    threshold : float or None
        Alignment score cut-off; None means :data:`DEFAULT_THRESHOLD`.
    random_state : int
        Seed: same input and seed, same tables.

    Returns
    -------
    StoryClusters

    Examples
    --------
    >>> import pandas as pd
    >>> r = cluster_story(pd.DataFrame(columns=["article_id", "outlet", "sent_id", "text"]), pd.DataFrame())
    >>> r.k, list(r.clusters.columns) == CLUSTER_COLUMNS
    (0, True)
    """
    df = _prepare(sentences)
    thr = DEFAULT_THRESHOLD if threshold is None else float(threshold)
    df["cluster"] = SHORT_CLUSTER
    df["label"] = SHORT_LABEL
    body = df[df["clustered"]]
    if body.empty:
        assignments = df[ASSIGNMENT_COLUMNS].reset_index(drop=True)
        return StoryClusters(
            assignments,
            _empty(CLUSTER_COLUMNS),
            _empty(COVERAGE_COLUMNS),
            _empty(ALIGNMENT_COLUMNS),
            0,
        )
    model = SentenceClusterer(n_clusters=n_clusters, random_state=random_state).fit(
        body["text"].tolist()
    )
    labels = cluster_labels(model.counts_, model.labels_, model.vocabulary_)
    df.loc[body.index, "cluster"] = model.labels_
    df.loc[body.index, "label"] = [labels[c] for c in model.labels_]
    body = df[df["clustered"]]

    reps = []
    for c in range(model.k_):
        rows = np.flatnonzero(model.labels_ == c)
        best = rows[int(np.argmax(model.embedding_[rows] @ model.cluster_centers_[c]))]
        reps.append(body["text"].iloc[best])
    per = body.groupby("cluster")
    clusters = pd.DataFrame(
        {
            "cluster": np.arange(model.k_),
            "label": labels,
            "representative": reps,
            "n_sentences": per.size().reindex(range(model.k_), fill_value=0).to_numpy(),
            "n_outlets": per["outlet"].nunique().reindex(range(model.k_), fill_value=0).to_numpy(),
        }
    )[CLUSTER_COLUMNS]
    return StoryClusters(
        assignments=df[ASSIGNMENT_COLUMNS].reset_index(drop=True),
        clusters=clusters,
        coverage=coverage_table(body, clusters),
        alignments=align_outlets(body, cues, threshold=thr),
        k=model.k_,
        scores=dict(model.scores_),
    )


def coverage_table(sentences: pd.DataFrame, clusters: pd.DataFrame) -> pd.DataFrame:
    """Outlet × cluster coverage (:data:`framing.models.COVERAGE_COLUMNS`).

    ``share`` is the outlet's share of its clustered words in the cluster (sums to 1 per
    outlet); ``pooled_share`` the mean of that share over outlets (each outlet weighs the same,
    so a long article does not set the norm); ``emphasis = share / pooled_share``; ``omitted``
    is True where the outlet has no sentence in a cluster another outlet covers. Means of
    ``hedge``, ``intensity`` and ``compound`` are per sentence, NaN where there is none.

    Parameters
    ----------
    sentences : DataFrame
        Clustered sentences with ``outlet, cluster, n_words, hedge, intensity, compound``.
    clusters : DataFrame
        ``cluster, label``.
    """
    outlets = sorted(sentences["outlet"].unique())
    ids = clusters["cluster"].tolist()
    grid = pd.MultiIndex.from_product([outlets, ids], names=["outlet", "cluster"])
    g = sentences.groupby(["outlet", "cluster"])
    cov = pd.DataFrame(
        {
            "sentences": g.size(),
            "words": g["n_words"].sum(),
            "hedge_mean": g["hedge"].mean(),
            "intensity_mean": g["intensity"].mean(),
            "sentiment_mean": g["compound"].mean(),
        }
    ).reindex(grid)
    cov[["sentences", "words"]] = cov[["sentences", "words"]].fillna(0).astype(int)
    cov = cov.reset_index()
    totals = cov.groupby("outlet")["words"].transform("sum")
    # an outlet whose clustered sentences have no counted word falls back to sentence shares
    sent_totals = cov.groupby("outlet")["sentences"].transform("sum")
    cov["share"] = np.where(
        totals > 0, cov["words"] / totals.where(totals > 0, 1), cov["sentences"] / sent_totals
    )
    cov["pooled_share"] = cov.groupby("cluster")["share"].transform("mean")
    cov["emphasis"] = np.where(
        cov["pooled_share"] > 0,
        cov["share"] / cov["pooled_share"].where(cov["pooled_share"] > 0, 1),
        np.nan,
    )
    covered_by = cov.groupby("cluster")["sentences"].transform(lambda s: (s > 0).sum())
    cov["omitted"] = (cov["sentences"] == 0) & (covered_by > 0)
    cov["label"] = cov["cluster"].map(
        dict(zip(clusters["cluster"], clusters["label"], strict=True))
    )
    return cov[COVERAGE_COLUMNS]


# ---- alignment ----------------------------------------------------------------------------
def _cue_terms(cues: pd.DataFrame | None) -> dict[tuple[str, int], dict[str, str]]:
    """Per sentence: normalised cue term -> the words as written (``"not "`` when negated).

    Terms are compared without the lexicon's exact-form marker (``=lambasted`` is
    ``lambasted``) and in lower case, so ``condemned``/``condemns`` (term ``condemn``) do not
    differ; the words shown are the sentence's own.
    """
    if cues is None or cues.empty or not {"article_id", "sent_id", "term"} <= set(cues.columns):
        return {}
    terms = cues["term"].fillna("").astype(str).str.lstrip("=").str.lower()
    shown = cues["text"].fillna("").astype(str).str.lower() if "text" in cues.columns else terms
    shown = shown.where(shown.str.len() > 0, terms)
    if "negated" in cues.columns:
        neg = cues["negated"].fillna(False).astype(bool).to_numpy()
        terms = terms.where(~neg, "not " + terms)
        shown = shown.where(~neg, "not " + shown)
    out: dict[tuple[str, int], dict[str, str]] = {}
    for art, sid, term, text in zip(
        cues["article_id"].astype(str), cues["sent_id"], terms, shown, strict=True
    ):
        if term:
            out.setdefault((art, int(sid)), {}).setdefault(term, text)
    return out


def _only(mine: dict[str, str], other: dict[str, str]) -> str:
    return "; ".join(sorted({text for term, text in mine.items() if term not in other}))


def _search_vectors(chars: sparse.csr_matrix) -> sparse.csr_matrix:
    """Character vectors without the n-grams found in many sentences, rows re-normalised.

    A gram in more than ``max(COMMON_MIN, COMMON_SHARE * n)`` sentences (``" th"``, ``"the"``)
    links almost every pair and carries little weight; dropping it keeps the candidate product
    sparse, so its cost grows with the matches rather than with n x m.
    """
    n = chars.shape[0]
    df = np.bincount(chars.indices, minlength=chars.shape[1])
    common = df > max(COMMON_MIN, COMMON_SHARE * n)
    if not common.any():
        return chars
    pruned = chars.copy()
    pruned.data[common[pruned.indices]] = 0
    pruned.eliminate_zeros()
    return normalize(pruned, copy=False)


def _candidates(xa: sparse.csr_matrix, xb: sparse.csr_matrix) -> tuple[np.ndarray, np.ndarray]:
    """Row/column pairs whose char cosine reaches the floor, at most CANDIDATE_TOP per row."""
    rows: list[np.ndarray] = []
    cols: list[np.ndarray] = []
    xbt = xb.T.tocsc()
    step = max(1, BLOCK_CELLS // max(1, xb.shape[0]))
    for start in range(0, xa.shape[0], step):
        block = (xa[start : start + step] @ xbt).tocsr()
        block.data[block.data < CANDIDATE_FLOOR] = 0
        block.eliminate_zeros()
        for r in range(block.shape[0]):
            lo, hi = block.indptr[r], block.indptr[r + 1]
            if lo == hi:
                continue
            idx, val = block.indices[lo:hi], block.data[lo:hi]
            if len(idx) > CANDIDATE_TOP:
                keep = np.argsort(-val, kind="stable")[:CANDIDATE_TOP]
                idx = idx[keep]
            rows.append(np.full(len(idx), start + r))
            cols.append(idx)
    if not rows:
        return np.zeros(0, dtype=int), np.zeros(0, dtype=int)
    return np.concatenate(rows), np.concatenate(cols)


def _score_pair(
    scorer: _PairScorer, search: sparse.csr_matrix, A: np.ndarray, B: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Candidate pairs of two outlets (row in A, row in B) and their alignment scores.

    Candidates are scored for :data:`ALIGN_BLOCK` sentences of A at a time; the scorer forgets
    its profiles after each block, so memory follows the block, not the outlet.
    """
    ra, cb = _mutual_candidates(search[A], search[B])  # sorted by ra
    scores = np.zeros(len(ra))
    bounds = np.searchsorted(ra, np.arange(0, len(A) + ALIGN_BLOCK, ALIGN_BLOCK))
    for lo, hi in itertools.pairwise(bounds):
        if hi > lo:
            scores[lo:hi] = scorer.aligned(A[ra[lo:hi]], B[cb[lo:hi]])
            scorer.forget()
    return ra, cb, scores


def _mutual_candidates(
    xa: sparse.csr_matrix, xb: sparse.csr_matrix
) -> tuple[np.ndarray, np.ndarray]:
    """Candidates of A's sentences among B's and of B's among A's (each side's top few)."""
    r1, c1 = _candidates(xa, xb)
    c2, r2 = _candidates(xb, xa)
    pairs = np.unique(
        np.stack([np.concatenate([r1, r2]), np.concatenate([c1, c2])], axis=1), axis=0
    )
    return pairs[:, 0].astype(int), pairs[:, 1].astype(int)


def _match(
    ra: np.ndarray, cb: np.ndarray, score: np.ndarray, na: int, nb: int, thr: float
) -> list[tuple[int, int, float]]:
    """One-to-one matching maximising total score among pairs at or above ``thr``."""
    ok = score >= thr
    ra, cb, score = ra[ok], cb[ok], score[ok]
    if len(score) == 0:
        return []
    if na * nb <= DENSE_LIMIT:
        # Hungarian on the (small) block of rows and columns that have a candidate.
        ur, ri = np.unique(ra, return_inverse=True)
        uc, ci = np.unique(cb, return_inverse=True)
        w = np.zeros((len(ur), len(uc)))
        w[ri, ci] = score
        r, c = linear_sum_assignment(w, maximize=True)
        keep = w[r, c] >= thr
        return sorted(
            (int(ur[i]), int(uc[j]), float(w[i, j])) for i, j in zip(r[keep], c[keep], strict=True)
        )
    order = np.lexsort((cb, ra, -score))
    used_a: set[int] = set()
    used_b: set[int] = set()
    out = []
    for i in order:
        a, b = int(ra[i]), int(cb[i])
        if a in used_a or b in used_b:
            continue
        used_a.add(a)
        used_b.add(b)
        out.append((a, b, float(score[i])))
    return sorted(out)


def align_outlets(
    sentences: pd.DataFrame, cues: pd.DataFrame, *, threshold: float = DEFAULT_THRESHOLD
) -> pd.DataFrame:
    """Match sentences one to one between every pair of outlets (:data:`ALIGNMENT_COLUMNS`).

    For each pair of outlets (sorted by name, ``outlet_a < outlet_b``) the matched sentences
    come first (by ``article_a, sent_a``), then the sentences of A with no counterpart, then
    those of B (the other side empty, ``similarity`` NaN). ``cues_only_a``/``cues_only_b`` hold
    the cue terms (from ``cues``) found in one sentence and not the other; ``cluster`` is the
    cluster of the A sentence (of the B sentence for B's unique rows).

    Candidates are pairs whose character n-gram cosine (IDF from these sentences) reaches
    :data:`CANDIDATE_FLOOR`, each sentence's :data:`CANDIDATE_TOP` best, found block by block
    without a dense n x m matrix; each is scored with :func:`alignment_score`, and the pairs at
    or above ``threshold`` are matched one to one (Hungarian method on blocks up to
    :data:`DENSE_LIMIT` cells, greedy by score above).

    Parameters
    ----------
    sentences : DataFrame
        ``article_id, outlet, sent_id, text`` and ``cluster`` (0 used if absent).
    cues : DataFrame
        :data:`framing.models.CUE_COLUMNS`; may be empty.
    threshold : float
        Minimum :func:`alignment_score` of a match.

    Returns
    -------
    DataFrame
        :data:`framing.models.ALIGNMENT_COLUMNS`; empty (with those columns) for fewer than two
        outlets.
    """
    df = sentences.reset_index(drop=True)
    if "cluster" not in df.columns:
        df = df.assign(cluster=0)
    outlets = sorted(df["outlet"].unique())
    if len(outlets) < 2:
        return _empty(ALIGNMENT_COLUMNS)
    texts = df["text"].tolist()
    scorer = _PairScorer(texts)
    search = _search_vectors(scorer.chars)
    terms = _cue_terms(cues)
    key = list(zip(df["article_id"].astype(str), df["sent_id"].astype(int), strict=True))
    cue_sets = [terms.get(k, {}) for k in key]
    by_outlet = {o: np.flatnonzero(df["outlet"].to_numpy() == o) for o in outlets}
    records: list[dict[str, object]] = []

    def side(i: int, suffix: str) -> dict[str, object]:
        return {
            f"article_{suffix}": key[i][0],
            f"sent_{suffix}": key[i][1],
            f"text_{suffix}": texts[i],
        }

    blank = {"article": "", "sent": pd.NA, "text": ""}
    for ia, oa in enumerate(outlets):
        for ob in outlets[ia + 1 :]:
            A, B = by_outlet[oa], by_outlet[ob]
            ra, cb, score = _score_pair(scorer, search, A, B)
            matches = _match(ra, cb, score, len(A), len(B), threshold)
            base = {"outlet_a": oa, "outlet_b": ob}
            for r, c, s in matches:
                i, j = int(A[r]), int(B[c])
                records.append(
                    base
                    | side(i, "a")
                    | side(j, "b")
                    | {
                        "similarity": s,
                        "cues_only_a": _only(cue_sets[i], cue_sets[j]),
                        "cues_only_b": _only(cue_sets[j], cue_sets[i]),
                        "cluster": int(df.at[i, "cluster"]),
                    }
                )
            matched_a = {r for r, _, _ in matches}
            matched_b = {c for _, c, _ in matches}
            for r, i in enumerate(A):
                if r not in matched_a:
                    records.append(
                        base
                        | side(int(i), "a")
                        | {f"{k}_b": v for k, v in blank.items()}
                        | {
                            "similarity": np.nan,
                            "cues_only_a": _only(cue_sets[i], {}),
                            "cues_only_b": "",
                            "cluster": int(df.at[i, "cluster"]),
                        }
                    )
            for c, j in enumerate(B):
                if c not in matched_b:
                    records.append(
                        base
                        | {f"{k}_a": v for k, v in blank.items()}
                        | side(int(j), "b")
                        | {
                            "similarity": np.nan,
                            "cues_only_a": "",
                            "cues_only_b": _only(cue_sets[j], {}),
                            "cluster": int(df.at[j, "cluster"]),
                        }
                    )
    out = pd.DataFrame.from_records(records, columns=ALIGNMENT_COLUMNS)
    out["sent_a"] = out["sent_a"].astype("Int64")
    out["sent_b"] = out["sent_b"].astype("Int64")
    out["similarity"] = out["similarity"].astype(float)
    out["cluster"] = out["cluster"].astype(int)
    return out


def cluster(analysis: Analysis, settings: ClusterSettings | None = None) -> StoryClusters:
    """The one front door for clustering a scored story (see :func:`cluster_story`).

    Parameters
    ----------
    analysis
        From :func:`framing.analyze` (one story).
    settings
        Number of clusters and alignment threshold (default: both automatic / documented).

    Examples
    --------
    >>> from framing import analyze
    >>> from framing.models import Article
    >>> a = analyze([Article("A", "t", "Talks resumed in Geneva. Both sides met."),
    ...              Article("B", "t", "Talks resumed in Geneva on Monday. Rain fell.")])
    >>> sc = cluster(a, ClusterSettings(threshold=0.9))
    >>> sorted(sc.assignments.columns) == sorted(ASSIGNMENT_COLUMNS)
    True
    """
    settings = settings or ClusterSettings()
    return cluster_story(
        analysis.sentences,
        analysis.cues,
        n_clusters=settings.n_clusters,
        threshold=settings.threshold,
        random_state=analysis.settings.random_state,
    )

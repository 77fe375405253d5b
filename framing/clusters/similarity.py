"""The paraphrase score: how alike two sentences are, whole or clause by clause.

:func:`similarity` scores whole sentences (a logistic model over :func:`pair_features`, fitted
offline on MSRP); :func:`alignment_score` keeps the best score over the pair and their clauses,
which is what alignment across outlets uses.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import (
    ENGLISH_STOP_WORDS,
    HashingVectorizer,
    TfidfTransformer,
)

__all__ = [
    "CLAUSE_MIN_WORDS",
    "DEFAULT_THRESHOLD",
    "FEATURE_NAMES",
    "PARAPHRASE_THRESHOLD",
    "alignment_score",
    "pair_features",
    "similarity",
]

CLAUSE_MIN_WORDS = 4  # clauses shorter than this are not compared on their own
CHAR_CHUNK = 2_000  # sentences hashed at a time
PAIR_CHUNK = 20_000  # pairs whose features are held at a time

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

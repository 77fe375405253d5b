"""The learned frames step: one linear model per frame, small enough to read.

:class:`FrameModel` follows scikit-learn's estimator contract (parameters in ``__init__``,
``fit`` returns ``self``, fitted attributes end in ``_``). Each frame gets an L2 logistic
regression (classes balanced, so rare frames are not ignored) over binary word n-grams and
the frames-lexicon features (:mod:`framing.frames.features`); only its ``top_k`` largest
coefficients are kept and refitted; the decision threshold is the one with the best F1 on
out-of-fold scores of the training articles. A frame's logit is therefore
``intercept + sum of the coefficients of what is present``, which is what the stage
computes from the shipped CSV (:func:`model_table` / :func:`read_model_csv`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.stats import binom
from sklearn.base import BaseEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import KFold

from framing.frames.features import Occurrence, article_features
from framing.frames.schemes import MODEL_COLUMNS, read_model_csv

__all__ = [
    "MODEL_COLUMNS",
    "FrameModel",
    "best_f1_threshold",
    "micro_thresholds",
    "model_table",
    "read_model_csv",
]

_DECIMALS = 6


def _cuts(scores: np.ndarray) -> np.ndarray:
    s = np.unique(scores)
    return np.r_[s[0] - 1.0, (s[1:] + s[:-1]) / 2, s[-1] + 1.0]


def micro_thresholds(
    scores: np.ndarray,
    gold: np.ndarray,
    start: Sequence[float],
    *,
    macro_weight: float = 0.0,
    rounds: int = 2,
) -> np.ndarray:
    """Per-frame cuts maximising micro-F1 (plus ``macro_weight`` × macro-F1) over all frames,
    by coordinate ascent from ``start``.

    Examples
    --------
    >>> s = np.array([[0.9, 0.2], [0.4, 0.8], [0.1, 0.7]])
    >>> g = np.array([[1, 0], [0, 1], [0, 1]], dtype=bool)
    >>> micro_thresholds(s, g, [0.0, 0.0]).round(2).tolist()
    [0.65, 0.45]
    """
    gold = np.asarray(gold, dtype=bool)
    cuts = np.array(start, dtype=float)
    n_frames = gold.shape[1]

    def f1(a: int, b: int, c: int) -> float:
        return 2 * a / (2 * a + b + c) if a + b + c else 0.0

    for _ in range(rounds):
        for f in range(n_frames):
            pred = scores >= cuts
            per = [
                f1(
                    int((pred[:, k] & gold[:, k]).sum()),
                    int((pred[:, k] & ~gold[:, k]).sum()),
                    int((~pred[:, k] & gold[:, k]).sum()),
                )
                for k in range(n_frames)
            ]
            others = (sum(per) - per[f]) / n_frames
            pred[:, f] = False
            tp = int((pred & gold).sum())
            fp = int((pred & ~gold).sum())
            fn = int((~pred & gold).sum()) - int(gold[:, f].sum())
            best, best_cut = -1.0, cuts[f]
            for cut in _cuts(scores[:, f]):
                p = scores[:, f] >= cut
                a = int((p & gold[:, f]).sum())
                b = int((p & ~gold[:, f]).sum())
                c = int((~p & gold[:, f]).sum())
                value = f1(tp + a, fp + b, fn + c) + macro_weight * (
                    others + f1(a, b, c) / n_frames
                )
                if value > best + 1e-12:
                    best, best_cut = value, float(cut)
            cuts[f] = best_cut
    return cuts


def best_f1_threshold(scores: np.ndarray, gold: np.ndarray) -> float:
    """The cut (``score >= cut`` is positive) with the best F1, midway between two scores.

    Examples
    --------
    >>> best_f1_threshold(np.array([0.9, 0.8, 0.3, 0.1]), np.array([1, 1, 0, 0]))
    0.55
    """
    scores = np.asarray(scores, dtype=float)
    gold = np.asarray(gold, dtype=bool)
    if not gold.any():
        return float(scores.max(initial=0.0)) + 1.0
    order = np.argsort(-scores, kind="stable")
    s, g = scores[order], gold[order]
    tp = np.cumsum(g)
    k = np.arange(1, len(s) + 1)
    f1 = 2 * tp / (k + g.sum())
    distinct = np.r_[s[1:] != s[:-1], True]  # cut only between different scores
    f1 = np.where(distinct, f1, -1.0)
    best = int(np.argmax(f1))
    below = s[best + 1] if best + 1 < len(s) else s[best] - 1.0
    return float(round((s[best] + below) / 2, 12))


class FrameModel(BaseEstimator):
    """One-vs-rest logistic regression per frame, pruned to ``top_k`` terms per frame.

    Parameters
    ----------
    C : float
        Inverse L2 strength of each logistic regression.
    top_k : int
        Coefficients kept per frame (largest absolute values of a first fit, then refitted).
    min_df : int
        An n-gram is a candidate when at least this many training articles contain it.
    inner_folds : int
        Folds of the training articles whose out-of-fold logits set the thresholds.
    ngrams : bool
        Use word n-grams; ``False`` keeps only the frames-lexicon features.
    objective : {"micro+macro", "micro", "frame"}
        ``"frame"``: each frame's threshold maximises that frame's F1; ``"micro"``: starting
        there, thresholds are moved one frame at a time to maximise micro-F1 over all frames;
        ``"micro+macro"``: the sum of micro- and macro-F1 (:func:`micro_thresholds`).
    prune : bool
        Tune the lexicon on the training articles: a term of frame F is dropped when at least
        ``min_df`` training articles contain it and F is significantly rarer among them than
        among all training articles (binomial lower tail below ``prune_p``): the term speaks
        against its own frame in these data. Needs ``frames`` in :meth:`fit`.
    prune_p : float
        Significance level of that test.
    random_state : int
        Seed of the inner folds and the solver.

    With ``frames`` given to :meth:`fit`, a frame's own lexicon feature is left out of its
    model when its coefficient comes out negative (a frame's own words never count against
    it, so the highlighted words always read the right way).

    Attributes
    ----------
    dropped_ : frozenset of (frame, term)
        Lexicon terms pruned (their hits are ignored).
    coef_, intercept_, threshold_ : ndarray
        Per frame (rows of ``coef_``) over ``features_``; thresholds are on the logit.

    Examples
    --------
    >>> from framing.frames.features import Occurrence
    >>> war, tax = [Occurrence(0, 0, 3, "war", "w:war", 1.0)], [Occurrence(0, 0, 3, "tax", "w:tax", 1.0)]
    >>> X, Y = [war, war, tax, tax] * 3, np.array([[1, 0], [1, 0], [0, 1], [0, 1]] * 3)
    >>> m = FrameModel(min_df=1, inner_folds=2).fit(X, Y)
    >>> m.predict([war]).tolist()
    [[True, False]]
    """

    def __init__(
        self,
        *,
        C: float = 0.5,
        top_k: int = 60,
        min_df: int = 3,
        inner_folds: int = 3,
        ngrams: bool = True,
        objective: str = "micro+macro",
        prune: bool = True,
        prune_p: float = 0.05,
        random_state: int = 0,
    ) -> None:
        self.C = C
        self.top_k = top_k
        self.min_df = min_df
        self.inner_folds = inner_folds
        self.ngrams = ngrams
        self.objective = objective
        self.prune = prune
        self.prune_p = prune_p
        self.random_state = random_state

    def _values(self, occurrences: Sequence[Occurrence]) -> dict[str, float]:
        dropped = self.dropped_
        return article_features(
            o
            for o in occurrences
            if not (dropped and o.feature.startswith("lex:") and (o.feature[4:], o.term) in dropped)
        )

    def _matrix(self, X: Sequence[Sequence[Occurrence]]) -> sparse.csr_matrix:
        index = self.vocabulary_
        rows, cols, vals = [], [], []
        for i, occurrences in enumerate(X):
            for feature, value in self._values(occurrences).items():
                j = index.get(feature)
                if j is not None:
                    rows.append(i)
                    cols.append(j)
                    vals.append(value)
        return sparse.csr_matrix((vals, (rows, cols)), shape=(len(X), len(index)))

    def _fit_one(
        self, M: sparse.csr_matrix, y: np.ndarray, own: int | None = None
    ) -> tuple[np.ndarray, float]:
        coef = np.zeros(M.shape[1])
        if y.all() or not y.any():
            return coef, 10.0 if y.all() else -10.0

        def lr() -> LogisticRegression:
            return LogisticRegression(
                C=self.C,
                class_weight="balanced",
                solver="liblinear",
                random_state=self.random_state,
                max_iter=1000,
            )

        first = lr().fit(M, y)
        weights = first.coef_[0]
        keep = np.argsort(-np.abs(weights), kind="stable")[: self.top_k]
        keep = np.sort(keep[weights[keep] != 0])
        if not len(keep):
            return coef, float(first.intercept_[0])
        second = lr().fit(M[:, keep], y)
        if own is not None and own in keep and second.coef_[0][np.searchsorted(keep, own)] < 0:
            keep = keep[keep != own]  # a frame's own lexicon never counts against it
            if not len(keep):
                return coef, float(first.intercept_[0])
            second = lr().fit(M[:, keep], y)
        coef[keep] = np.round(second.coef_[0], _DECIMALS)
        return coef, float(np.round(second.intercept_[0], _DECIMALS))

    def _prune(
        self, X: Sequence[Sequence[Occurrence]], Y: np.ndarray, frames: Sequence[str]
    ) -> frozenset[tuple[str, str]]:
        column = {f: i for i, f in enumerate(frames)}
        seen: dict[tuple[str, str], set[int]] = {}
        for i, occurrences in enumerate(X):
            for o in occurrences:
                if o.feature.startswith("lex:"):
                    seen.setdefault((o.feature[4:], o.term), set()).add(i)
        base = Y.mean(axis=0)
        dropped = set()
        for (frame, term), docs in seen.items():
            f = column.get(frame)
            if f is None or len(docs) < self.min_df:
                continue
            k = int(Y[sorted(docs), f].sum())
            if k < base[f] * len(docs) and binom.cdf(k, len(docs), base[f]) < self.prune_p:
                dropped.add((frame, term))
        return frozenset(dropped)

    def fit(
        self,
        X: Sequence[Sequence[Occurrence]],
        Y: np.ndarray,
        *,
        frames: Sequence[str] | None = None,
    ) -> FrameModel:
        """Fit on each article's occurrences ``X`` and the 0/1 matrix ``Y`` (articles × frames).

        ``frames`` names ``Y``'s columns (the frames of ``lex:<frame>`` features), needed to
        prune the lexicon.
        """
        Y = np.asarray(Y, dtype=bool)
        self.dropped_ = frozenset()
        if self.prune and frames is not None:
            self.dropped_ = self._prune(X, Y, frames)
        df: dict[str, int] = {}
        for occurrences in X:
            for feature in self._values(occurrences):
                df[feature] = df.get(feature, 0) + 1
        names = sorted(
            f for f, n in df.items() if f.startswith("lex:") or (self.ngrams and n >= self.min_df)
        )
        self.vocabulary_ = {f: j for j, f in enumerate(names)}
        self.features_ = names
        M = self._matrix(X)
        n_frames = Y.shape[1]
        self.coef_ = np.zeros((n_frames, len(names)))
        self.intercept_ = np.zeros(n_frames)
        folds = list(KFold(self.inner_folds, shuffle=True, random_state=self.random_state).split(M))
        oof = np.zeros(Y.shape)
        for f in range(n_frames):
            y = Y[:, f]
            own = self.vocabulary_.get(f"lex:{frames[f]}") if frames is not None else None
            self.coef_[f], self.intercept_[f] = self._fit_one(M, y, own)
            for train, test in folds:
                c, b = self._fit_one(M[train], y[train], own)
                oof[test, f] = M[test] @ c + b
        start = [best_f1_threshold(oof[:, f], Y[:, f]) for f in range(n_frames)]
        if self.objective == "frame":
            cuts = start
        else:
            weight = {"micro": 0.0, "micro+macro": 1.0}[self.objective]
            cuts = micro_thresholds(oof, Y, start, macro_weight=weight)
        self.threshold_ = np.round(np.asarray(cuts, dtype=float), _DECIMALS)
        return self

    def decision_function(self, X: Sequence[Sequence[Occurrence]]) -> np.ndarray:
        """Logits, articles × frames."""
        return np.asarray(self._matrix(X) @ self.coef_.T) + self.intercept_

    def predict(self, X: Sequence[Sequence[Occurrence]]) -> np.ndarray:
        """Frames present (logit at or above each frame's threshold), articles × frames."""
        return self.decision_function(X) >= self.threshold_


def model_table(model: FrameModel, *, scheme: str, frames: Sequence[str]) -> pd.DataFrame:
    """A fitted model as rows ``scheme, frame, kind, term, coefficient`` (the shipped CSV).

    ``kind`` is ``intercept``, ``threshold`` (on the logit), ``ngram``, ``lexicon`` (term =
    the frame whose lexicon hits feed the feature) or ``dropped`` (a lexicon term of this
    frame pruned on the development data; coefficient 0).
    """
    rows = []
    for frame, term in sorted(model.dropped_):
        rows.append((scheme, frame, "dropped", term, 0.0))
    for f, frame in enumerate(frames):
        rows.append((scheme, frame, "intercept", "", float(model.intercept_[f])))
        rows.append((scheme, frame, "threshold", "", float(model.threshold_[f])))
        coef = model.coef_[f]
        for j in np.flatnonzero(coef):
            feature = model.features_[j]
            kind = "lexicon" if feature.startswith("lex:") else "ngram"
            rows.append((scheme, frame, kind, feature.split(":", 1)[1], float(coef[j])))
    return pd.DataFrame(rows, columns=MODEL_COLUMNS)

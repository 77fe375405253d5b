"""Frames: article-level micro- and macro-F1 by cross-validation on the development data.

Two data sets (see the data README, "Frames"): SemEval-2023 Task 3 subtask 2 English
(``policy`` scheme, 14 frames) and Frermann et al.'s narrative framing set (``generic``, 5
frames). Every system is fitted on the training folds only (thresholds included: chosen on
the training folds, or on out-of-fold scores inside them) and predicts the held-out fold;
the pooled held-out predictions give micro- and macro-F1, with 95% bootstrap intervals
(articles resampled). Systems, all measured in the same run on the same folds:

``most_frequent``
    the k commonest training frames for every article (k chosen on the training folds).
``tfidf_lr``
    TF-IDF of word 1–2 grams + one-vs-rest logistic regression, one threshold chosen on
    out-of-fold probabilities within the training folds.
``lexicon``
    the frames lexicon alone: weighted hits per 1,000 words, one threshold per frame chosen
    on the training folds.
``model``
    :class:`framing.frames.model.FrameModel` over lexicon features and word n-grams (what
    ships in ``data/frames_model_*.csv``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import KFold
from sklearn.multiclass import OneVsRestClassifier

from eval import datasets
from eval.metrics import bootstrap_ci
from framing.frames.features import article_features, sentence_occurrences, sentence_table
from framing.frames.model import FrameModel, best_f1_threshold
from framing.frames.schemes import SCHEMES, frame_label, matcher_entries, read_frames_csv
from framing.lexicon import Matcher
from framing.sentences import count_words

__all__ = [
    "DATASETS",
    "FOLDS",
    "SEED",
    "SYSTEMS",
    "Corpus",
    "cross_validate",
    "load_corpus",
    "scores",
    "section_frames",
]

FOLDS = 5
SEED = 0
#: data set name -> (file, scheme)
DATASETS = {
    "semeval2023_en": ("frames/semeval2023_en_dev.jsonl", "policy"),
    "narrative_framing": ("frames/narrative_framing_dev.jsonl", "generic"),
}
#: Parameters of the shipped model, per scheme (``eval/fit_frames.py`` uses them too).
MODEL_PARAMS: dict[str, dict] = {
    "policy": {"C": 1.0, "top_k": 100, "min_df": 3, "inner_folds": 3, "random_state": SEED},
    "generic": {"C": 1.0, "top_k": 100, "min_df": 3, "inner_folds": 3, "random_state": SEED},
}


class Corpus:
    """Articles of one data set read through the stage's features."""

    def __init__(
        self, *, ids: list[str], texts: list[str], Y: np.ndarray, scheme: str, langs: list[str]
    ) -> None:
        self.ids, self.texts, self.Y, self.scheme, self.langs = ids, texts, Y, scheme, langs
        self.frames = list(SCHEMES[scheme])
        matcher = Matcher(matcher_entries(read_frames_csv(), scheme=scheme))
        sents = sentence_table(dict(zip(ids, texts, strict=True)))
        by_article: dict[str, list] = {i: [] for i in ids}
        for row in sents.itertuples(index=False):
            by_article[row.article_id].extend(
                sentence_occurrences(row.sent_id, row.start, row.text, matcher=matcher)
            )
        self.features = [article_features(by_article[i]) for i in ids]
        words = np.array([max(count_words(t), 1) for t in texts], dtype=float)
        lex = np.zeros((len(ids), len(self.frames)))
        for a, aid in enumerate(ids):
            for o in by_article[aid]:
                if o.feature.startswith("lex:"):
                    lex[a, self.frames.index(o.feature[4:])] += o.weight
        self.lexicon_rate = 1000 * lex / words[:, None]


def load_corpus(data_dir: Path, *, relative: str, scheme: str, lang: str | None = None) -> Corpus:
    """Read a frames JSON-lines file (``id, text, frames[, lang]``) into a :class:`Corpus`."""
    path = Path(data_dir) / relative
    if not path.is_file():
        raise datasets.DatasetMissing(f"{path}: not found")
    records = [
        r for r in datasets.read_jsonl(path) if lang is None or r.get("lang", "en") == lang
    ]
    frames = list(SCHEMES[scheme])
    Y = np.zeros((len(records), len(frames)), dtype=bool)
    for i, r in enumerate(records):
        for raw in r["frames"]:
            Y[i, frames.index(frame_label(raw))] = True
    return Corpus(
        ids=[str(r["id"]) for r in records],
        texts=[str(r["text"]) for r in records],
        Y=Y,
        scheme=scheme,
        langs=[str(r.get("lang", "en")) for r in records],
    )


# ---- systems: fit on training rows, predict test rows (bool articles x frames) -----------------


def _most_frequent(c: Corpus, train: np.ndarray, test: np.ndarray) -> np.ndarray:
    Y = c.Y[train]
    order = np.argsort(-Y.sum(axis=0), kind="stable")
    best_k, best = 1, -1.0
    for k in range(1, len(order) + 1):
        pred = np.zeros_like(Y)
        pred[:, order[:k]] = True
        f = f1_score(Y, pred, average="micro", zero_division=0)
        if f > best:
            best_k, best = k, f
    out = np.zeros((len(test), Y.shape[1]), dtype=bool)
    out[:, order[:best_k]] = True
    return out


def _tfidf_lr_scores(texts: list[str], Y: np.ndarray, texts_out: list[str]) -> np.ndarray:
    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    X = vec.fit_transform(texts)
    keep = Y.any(axis=0) & ~Y.all(axis=0)
    out = np.zeros((len(texts_out), Y.shape[1]))
    if keep.any():
        clf = OneVsRestClassifier(LogisticRegression(solver="liblinear", max_iter=1000))
        clf.fit(X, Y[:, keep])
        out[:, keep] = clf.predict_proba(vec.transform(texts_out))
    out[:, Y.all(axis=0)] = 1.0
    return out


def _tfidf_lr(c: Corpus, train: np.ndarray, test: np.ndarray) -> np.ndarray:
    texts = [c.texts[i] for i in train]
    Y = c.Y[train]
    oof = np.zeros(Y.shape)
    for tr, te in KFold(3, shuffle=True, random_state=SEED).split(train):
        oof[te] = _tfidf_lr_scores([texts[i] for i in tr], Y[tr], [texts[i] for i in te])
    grid = np.linspace(0.05, 0.95, 91)
    micro = [f1_score(Y, oof >= t, average="micro", zero_division=0) for t in grid]
    threshold = grid[int(np.argmax(micro))]
    return _tfidf_lr_scores(texts, Y, [c.texts[i] for i in test]) >= threshold


def _lexicon(c: Corpus, train: np.ndarray, test: np.ndarray) -> np.ndarray:
    cuts = [best_f1_threshold(c.lexicon_rate[train, f], c.Y[train, f]) for f in range(len(c.frames))]
    return c.lexicon_rate[test] >= np.array(cuts)


def _model(c: Corpus, train: np.ndarray, test: np.ndarray) -> np.ndarray:
    model = FrameModel(**MODEL_PARAMS[c.scheme]).fit([c.features[i] for i in train], c.Y[train])
    return model.predict([c.features[i] for i in test])


SYSTEMS: dict[str, Callable[[Corpus, np.ndarray, np.ndarray], np.ndarray]] = {
    "most_frequent": _most_frequent,
    "tfidf_lr": _tfidf_lr,
    "lexicon": _lexicon,
    "model": _model,
}


def cross_validate(
    corpus: Corpus, *, systems: Sequence[str] = tuple(SYSTEMS), folds: int = FOLDS
) -> dict[str, np.ndarray]:
    """Pooled held-out predictions (articles × frames) of each system, fixed folds."""
    out = {name: np.zeros(corpus.Y.shape, dtype=bool) for name in systems}
    for train, test in KFold(folds, shuffle=True, random_state=SEED).split(corpus.Y):
        for name in systems:
            out[name][test] = SYSTEMS[name](corpus, train, test)
    return out


def scores(gold: np.ndarray, pred: np.ndarray, *, n_boot: int = 1000) -> dict:
    """Micro/macro F1 with 95% bootstrap intervals over articles, and F1 per frame."""
    idx = np.arange(len(gold))

    def micro(i: np.ndarray) -> float:
        return float(f1_score(gold[i], pred[i], average="micro", zero_division=0))

    def macro(i: np.ndarray) -> float:
        return float(f1_score(gold[i], pred[i], average="macro", zero_division=0))

    return {
        "micro": micro(idx),
        "micro_ci": bootstrap_ci(micro, idx, n_boot=n_boot),
        "macro": macro(idx),
        "macro_ci": bootstrap_ci(macro, idx, n_boot=n_boot),
        "per_frame": f1_score(gold, pred, average=None, zero_division=0).tolist(),
    }


def evaluate(data_dir: Path, name: str, *, limit: int | None = None) -> tuple[Corpus, dict]:
    """Cross-validated scores of every system on one data set of :data:`DATASETS`."""
    relative, scheme = DATASETS[name]
    corpus = load_corpus(data_dir, relative=relative, scheme=scheme)
    if limit is not None and limit < len(corpus.ids):
        keep = np.array(datasets.spread(list(range(len(corpus.ids))), limit))
        corpus.ids = [corpus.ids[i] for i in keep]
        corpus.texts = [corpus.texts[i] for i in keep]
        corpus.features = [corpus.features[i] for i in keep]
        corpus.Y, corpus.lexicon_rate = corpus.Y[keep], corpus.lexicon_rate[keep]
    preds = cross_validate(corpus)
    return corpus, {k: scores(corpus.Y, p) for k, p in preds.items()}


def _ci(s: dict, key: str) -> tuple[float, float]:
    lo, hi = s[key + "_ci"]
    return (lo, hi) if not (math.isnan(lo) or math.isnan(hi)) else (math.nan, math.nan)


def section_frames(data_dir: Path, *, limit: int | None, via: str = "cli") -> list:
    """Rows for ``python -m eval``: micro- and macro-F1 of the shipped frames model by CV."""
    from eval.run import Row

    rows = []
    for name, (_, scheme) in DATASETS.items():
        corpus, result = evaluate(data_dir, name, limit=limit)
        model, mf, tf, lex = (result[k] for k in ("model", "most_frequent", "tfidf_lr", "lexicon"))
        for avg in ("micro", "macro"):
            rows.append(
                Row(
                    "frames",
                    f"{avg}-F1 of {scheme} frames, {FOLDS}-fold CV, article level",
                    name,
                    len(corpus.ids),
                    model[avg],
                    tf[avg],
                    "TF-IDF 1-2 grams + OvR logistic regression",
                    "run",
                    None,
                    f"most frequent frames {mf[avg]:.3f}; lexicon alone {lex[avg]:.3f} "
                    f"[{lex[avg + '_ci'][0]:.2f}, {lex[avg + '_ci'][1]:.2f}]; "
                    f"TF-IDF [{tf[avg + '_ci'][0]:.2f}, {tf[avg + '_ci'][1]:.2f}]",
                    _ci(model, avg),
                )
            )
    return rows


def per_frame_table(corpus: Corpus, result: dict) -> pd.DataFrame:
    """F1 per frame and system (for the docs), with each frame's number of articles."""
    table = pd.DataFrame({k: v["per_frame"] for k, v in result.items()}, index=corpus.frames)
    table.insert(0, "articles", corpus.Y.sum(axis=0))
    return table

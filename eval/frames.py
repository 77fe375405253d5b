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
    :class:`framing.frames.model.FrameModel` with the shipped parameters (what ships in
    ``data/frames_model_*.csv``).
``model_other``
    the same with word n-grams switched the other way (on for policy, off for generic): the
    comparison that decided whether n-grams are used.
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
from framing.frames.features import sentence_occurrences, sentence_table
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
    "evaluate",
    "evaluate_languages",
    "load_corpus",
    "per_frame_table",
    "scores",
    "section_frames",
    "shipped_predictions",
]

FOLDS = 5
SEED = 0
#: data set name -> (file, scheme)
DATASETS = {
    "semeval2023_en": ("frames/semeval2023_en_dev.jsonl", "policy"),
    "narrative_framing": ("frames/narrative_framing_dev.jsonl", "generic"),
}
_COMMON = {"C": 1.0, "top_k": 100, "min_df": 3, "inner_folds": 3, "random_state": SEED}
#: Parameters of the shipped model, per scheme (``eval/fit_frames.py`` uses them too). Word
#: n-grams are used where they beat the lexicon features alone in cross-validation
#: (micro/macro-F1): for the generic frames (0.684/0.601 with n-grams against 0.658/0.575
#: without), not for the policy frames (0.629/0.508 against 0.634/0.503: no gain).
MODEL_PARAMS: dict[str, dict] = {
    "policy": {**_COMMON, "ngrams": False, "prune": True, "objective": "micro+macro"},
    "generic": {**_COMMON, "ngrams": True, "prune": True, "objective": "micro+macro"},
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
        self.occurrences = [by_article[i] for i in ids]
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
    records = [r for r in datasets.read_jsonl(path) if lang is None or r.get("lang", "en") == lang]
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
    cuts = [
        best_f1_threshold(c.lexicon_rate[train, f], c.Y[train, f]) for f in range(len(c.frames))
    ]
    return c.lexicon_rate[test] >= np.array(cuts)


def _model(c: Corpus, train: np.ndarray, test: np.ndarray) -> np.ndarray:
    model = FrameModel(**MODEL_PARAMS[c.scheme])
    model.fit([c.occurrences[i] for i in train], c.Y[train], frames=c.frames)
    return model.predict([c.occurrences[i] for i in test])


def _model_other(c: Corpus, train: np.ndarray, test: np.ndarray) -> np.ndarray:
    params = {**MODEL_PARAMS[c.scheme], "ngrams": not MODEL_PARAMS[c.scheme]["ngrams"]}
    model = FrameModel(**params).fit([c.occurrences[i] for i in train], c.Y[train], frames=c.frames)
    return model.predict([c.occurrences[i] for i in test])


SYSTEMS: dict[str, Callable[[Corpus, np.ndarray, np.ndarray], np.ndarray]] = {
    "most_frequent": _most_frequent,
    "tfidf_lr": _tfidf_lr,
    "lexicon": _lexicon,
    "model": _model,
    "model_other": _model_other,
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


def _f1(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> tuple[float, float]:
    """Micro- and macro-F1 from per-frame counts (a frame with no gold and no prediction
    counts 0, as scikit-learn's ``zero_division=0``)."""
    t, f_p, f_n = tp.sum(), fp.sum(), fn.sum()
    micro = 2 * t / (2 * t + f_p + f_n) if t + f_p + f_n else 0.0
    denom = 2 * tp + fp + fn
    per = np.divide(2 * tp, denom, out=np.zeros(len(tp)), where=denom > 0)
    return float(micro), float(per.mean())


def scores(gold: np.ndarray, pred: np.ndarray, *, n_boot: int = 1000) -> dict:
    """Micro/macro F1 with 95% bootstrap intervals over articles, and F1 per frame.

    Examples
    --------
    >>> g = np.array([[1, 0], [0, 1], [1, 1]], dtype=bool)
    >>> s = scores(g, g.copy(), n_boot=10)
    >>> s["micro"], s["macro"], s["per_frame"]
    (1.0, 1.0, [1.0, 1.0])
    """
    gold, pred = np.asarray(gold, dtype=bool), np.asarray(pred, dtype=bool)
    tp, fp, fn = (gold & pred).astype(int), (~gold & pred).astype(int), (gold & ~pred).astype(int)
    micro, macro = _f1(tp.sum(0), fp.sum(0), fn.sum(0))
    rng = np.random.default_rng(SEED)
    draws = np.array(
        [
            _f1(tp[i].sum(0), fp[i].sum(0), fn[i].sum(0))
            for i in (rng.integers(0, len(gold), size=len(gold)) for _ in range(n_boot))
        ]
    )
    lo, hi = np.percentile(draws, [2.5, 97.5], axis=0) if len(draws) else ([np.nan] * 2,) * 2
    denom = 2 * tp.sum(0) + fp.sum(0) + fn.sum(0)
    per = np.divide(2 * tp.sum(0), denom, out=np.zeros(gold.shape[1]), where=denom > 0)
    return {
        "micro": micro,
        "micro_ci": (float(lo[0]), float(hi[0])),
        "macro": macro,
        "macro_ci": (float(lo[1]), float(hi[1])),
        "per_frame": per.tolist(),
    }


def evaluate(data_dir: Path, name: str, *, limit: int | None = None) -> tuple[Corpus, dict]:
    """Cross-validated scores of every system on one data set of :data:`DATASETS`."""
    relative, scheme = DATASETS[name]
    corpus = load_corpus(data_dir, relative=relative, scheme=scheme)
    if limit is not None and limit < len(corpus.ids):
        keep = np.array(datasets.spread(list(range(len(corpus.ids))), limit))
        corpus.ids = [corpus.ids[i] for i in keep]
        corpus.texts = [corpus.texts[i] for i in keep]
        corpus.occurrences = [corpus.occurrences[i] for i in keep]
        corpus.Y, corpus.lexicon_rate = corpus.Y[keep], corpus.lexicon_rate[keep]
    preds = cross_validate(corpus)
    return corpus, {k: scores(corpus.Y, p) for k, p in preds.items()}


def _ci(s: dict, key: str) -> tuple[float, float]:
    lo, hi = s[key + "_ci"]
    return (lo, hi) if not (math.isnan(lo) or math.isnan(hi)) else (math.nan, math.nan)


def section_frames(data_dir: Path, *, limit: int | None, via: str = "cli") -> list:
    """Rows for ``python -m eval``: micro- and macro-F1 of the shipped frames model by CV,
    and what the English model would give on the other SemEval-2023 languages.

    ``via`` is accepted for the harness's signature; the stage is scored in-process (the
    cross-validation refits the model on each training fold, which the CLI cannot do).
    """
    from eval.run import Row

    rows = []
    for name, (_, scheme) in DATASETS.items():
        corpus, result = evaluate(data_dir, name, limit=limit)
        model, mf, tf, lex = (result[k] for k in ("model", "most_frequent", "tfidf_lr", "lexicon"))
        other = result["model_other"]
        switched = "with" if not MODEL_PARAMS[scheme]["ngrams"] else "without"
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
                    f"most frequent frames {mf[avg]:.3f} {_fmt_ci(mf, avg)}; "
                    f"TF-IDF {_fmt_ci(tf, avg)}; lexicon alone {lex[avg]:.3f} {_fmt_ci(lex, avg)}; "
                    f"model {switched} n-grams {other[avg]:.3f}",
                    _ci(model, avg),
                )
            )
    try:
        languages = evaluate_languages(data_dir, limit=limit)
    except datasets.DatasetMissing:
        return rows
    for lang, r in languages.items():
        rows.append(
            Row(
                "frames",
                "micro-F1 of policy frames, English model on another language (set aside)",
                f"semeval2023_{lang}",
                r["n"],
                r["model"]["micro"],
                r["most_frequent_en"]["micro"],
                "6 commonest English frames",
                "run",
                None,
                f"macro {r['model']['macro']:.3f} (baseline {r['most_frequent_en']['macro']:.3f}); "
                f"flagged non_english {r['flagged_non_english']:.0%}, so not scored",
                _ci(r["model"], "micro"),
            )
        )
    return rows


def _fmt_ci(s: dict, avg: str) -> str:
    lo, hi = s[avg + "_ci"]
    return f"[{lo:.2f}, {hi:.2f}]"


def per_frame_table(corpus: Corpus, result: dict) -> pd.DataFrame:
    """F1 per frame and system (for the docs), with each frame's number of articles."""
    table = pd.DataFrame({k: v["per_frame"] for k, v in result.items()}, index=corpus.frames)
    table.insert(0, "articles", corpus.Y.sum(axis=0))
    return table


def shipped_predictions(corpus: Corpus, *, english_only: bool = True) -> np.ndarray:
    """What the stage (shipped model) predicts for each article, articles × frames."""
    from framing.frames.stage import score_frames

    sents = sentence_table(dict(zip(corpus.ids, corpus.texts, strict=True)))
    frames, _ = score_frames(sents, schemes=[corpus.scheme], english_only=english_only)
    if not len(frames):
        return np.zeros(corpus.Y.shape, dtype=bool)
    table = frames.pivot(index="article_id", columns="frame", values="predicted")
    table = table.reindex(index=corpus.ids, columns=corpus.frames)
    return table.fillna(False).to_numpy(dtype=bool)


MULTI = "frames/semeval2023_multi_dev.jsonl"
LANGUAGES = ("fr", "ge", "it", "po", "ru")


def evaluate_languages(data_dir: Path, *, limit: int | None = None) -> dict[str, dict]:
    """The shipped policy model on the other languages of SemEval-2023 (no refit).

    Also measures the flag the stage relies on to set such articles aside
    (``framing.quality.english_ratio`` below its cut-off) and the most-frequent baseline
    (the English training frames, top 6).
    """
    from framing.quality import ENGLISH_MIN_RATIO, english_ratio

    out = {}
    for lang in LANGUAGES:
        corpus = load_corpus(data_dir, relative=MULTI, scheme="policy", lang=lang)
        if limit is not None:
            keep = datasets.spread(list(range(len(corpus.ids))), limit)
            corpus.ids = [corpus.ids[i] for i in keep]
            corpus.texts = [corpus.texts[i] for i in keep]
            corpus.Y = corpus.Y[keep]
        pred = shipped_predictions(corpus, english_only=False)
        common = np.zeros_like(pred)
        english_top = ["Crime and punishment", "Political", "Morality",
                       "Legality, constitutionality and jurisprudence", "Security and defense",
                       "External regulation and reputation"]  # fmt: skip
        common[:, [corpus.frames.index(f) for f in english_top]] = True
        ratio = np.array([english_ratio(t) for t in corpus.texts])
        out[lang] = {
            "n": len(corpus.ids),
            "model": scores(corpus.Y, pred, n_boot=200),
            "most_frequent_en": scores(corpus.Y, common, n_boot=200),
            "flagged_non_english": float((ratio < ENGLISH_MIN_RATIO).mean()),
            "predicted_per_article": float(pred.sum(axis=1).mean()),
        }
    return out

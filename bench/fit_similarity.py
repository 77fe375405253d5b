"""Fit the paraphrase score of framing.clusters.similarity and print its constants.

Usage::

    python bench/fit_similarity.py [path/to/msrp_train.jsonl]

Reads sentence pairs (``s1``, ``s2``, ``label``) from the MSRP training file, splits them 70/30
with a fixed seed, computes :func:`framing.clusters.pair_features` on each split separately (as
at run time, word weights come from the batch itself), fits a standardised logistic regression
on the 70 % split (C chosen by 5-fold cross-validation there), picks the threshold that
maximises accuracy on the 70 % split, and reports accuracy on the held-out 30 % next to word
Jaccard and TF-IDF cosine baselines (their thresholds also chosen on the 70 % split).

It prints ``_COEF``/``_INTERCEPT``/``DEFAULT_THRESHOLD`` with the scaler folded in, ready to
paste into framing/clusters/similarity.py. The data stay outside the repository.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import cross_val_score
from sklearn.preprocessing import StandardScaler

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from framing import clusters  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "eval-data" / "paraphrase" / "msrp_train.jsonl"
SEED = 0
WORDS = re.compile(r"\w+")
TRAIN_SHARE = 0.7


def best_threshold(scores: np.ndarray, labels: np.ndarray) -> tuple[float, float]:
    """Cut-off (a midpoint between observed scores) maximising accuracy, and that accuracy."""
    values = np.unique(scores)
    cuts = np.concatenate([[values[0] - 1e-9], (values[1:] + values[:-1]) / 2])
    accs = np.array([((scores >= t) == labels).mean() for t in cuts])
    i = int(np.argmax(accs))
    return float(cuts[i]), float(accs[i])


def jaccard(a: list[str], b: list[str]) -> np.ndarray:
    """Jaccard overlap of the sets of lower-cased words (runs of letters or digits)."""
    out = []
    for x, y in zip(a, b, strict=True):
        p, q = set(WORDS.findall(x.lower())), set(WORDS.findall(y.lower()))
        out.append(len(p & q) / max(1, len(p | q)))
    return np.array(out)


def tfidf_cosine(a: list[str], b: list[str]) -> np.ndarray:
    vec = TfidfVectorizer().fit(a + b)
    xa, xb = vec.transform(a), vec.transform(b)
    return np.asarray(xa.multiply(xb).sum(axis=1)).ravel()


def main(path: Path = DEFAULT_DATA) -> None:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    order = np.random.default_rng(SEED).permutation(len(rows))
    cut = int(TRAIN_SHARE * len(rows))
    split = {"train": order[:cut], "held-out": order[cut:]}
    data = {}
    for name, idx in split.items():
        a = [rows[i]["s1"] for i in idx]
        b = [rows[i]["s2"] for i in idx]
        y = np.array([rows[i]["label"] for i in idx])
        data[name] = (a, b, y, clusters.pair_features(a, b))
    a, b, y, x = data["train"]
    scaler = StandardScaler().fit(x)
    xs = scaler.transform(x)
    best_c, best_cv = 1.0, -1.0
    for c in (0.01, 0.03, 0.1, 0.3, 1.0, 3.0):
        cv = cross_val_score(LogisticRegression(C=c, max_iter=5000), xs, y, cv=5).mean()
        print(f"C={c:<5} 5-fold CV accuracy on train {cv:.4f}")
        if cv > best_cv:
            best_c, best_cv = c, cv
    model = LogisticRegression(C=best_c, max_iter=5000).fit(xs, y)
    coef = model.coef_.ravel() / scaler.scale_
    intercept = float(
        model.intercept_[0] - np.sum(model.coef_.ravel() * scaler.mean_ / scaler.scale_)
    )

    def score(feats: np.ndarray) -> np.ndarray:
        return 1 / (1 + np.exp(-(feats @ coef + intercept)))

    thr, train_acc = best_threshold(score(x), y)
    ha, hb, hy, hx = data["held-out"]
    held = ((score(hx) >= thr) == hy).mean()
    print(f"\npairs: train {len(y)}, held-out {len(hy)}; positives held-out {hy.mean():.3f}")
    print(
        f"logistic (C={best_c}): threshold {thr:.3f}, train acc {train_acc:.4f}, held-out acc {held:.4f}"
    )
    print(f"  held-out acc at 0.5: {((score(hx) >= 0.5) == hy).mean():.4f}")
    for name, fn in (("word Jaccard", jaccard), ("TF-IDF cosine", tfidf_cosine)):
        t, _ = best_threshold(fn(a, b), y)
        print(f"{name}: threshold {t:.3f}, held-out acc {((fn(ha, hb) >= t) == hy).mean():.4f}")
    aligned = clusters.alignment_score(a, b)
    t_al, _ = best_threshold(aligned, y)
    held_al = ((clusters.alignment_score(ha, hb) >= t_al) == hy).mean()
    print(f"alignment_score (best clause pair): threshold {t_al:.3f}, held-out acc {held_al:.4f}")
    all_x = np.vstack([x, hx])
    all_y = np.concatenate([y, hy])
    cv = cross_val_score(
        LogisticRegression(C=best_c, max_iter=5000),
        StandardScaler().fit_transform(all_x),
        all_y,
        cv=10,
    )
    print(f"10-fold CV accuracy on all pairs (cut 0.5): {cv.mean():.4f} ± {cv.std():.4f}")
    for name, idx in (("train", x), ("held-out", hx)):
        passed = score(idx) >= thr
        print(
            f"min char cosine among {name} pairs at or above threshold: {idx[passed, 0].min():.3f}"
        )
    print("\n# constants for framing/clusters/similarity.py")
    print("_COEF = np.array([")
    for n, c in zip(clusters.FEATURE_NAMES, coef, strict=True):
        print(f"    {c:.6f},  # {n}")
    print("])")
    print(f"_INTERCEPT = {intercept:.6f}")
    print(f"PARAPHRASE_THRESHOLD: float = {round(thr, 3)}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_DATA)

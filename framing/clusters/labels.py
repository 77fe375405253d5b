"""Cluster names a reader can read."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

__all__ = ["LABEL_TERMS", "cluster_labels"]

LABEL_TERMS = 3


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

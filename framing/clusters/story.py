"""One story clustered: assignments, clusters, coverage and alignments in one call."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from framing.clusters.alignment import align_outlets
from framing.clusters.clustering import MIN_WORDS, SHORT_CLUSTER, SHORT_LABEL, SentenceClusterer
from framing.clusters.coverage import coverage_table
from framing.clusters.labels import cluster_labels
from framing.clusters.similarity import _WORD, DEFAULT_THRESHOLD
from framing.models import ALIGNMENT_COLUMNS, CLUSTER_COLUMNS, COVERAGE_COLUMNS

__all__ = ["ASSIGNMENT_COLUMNS", "StoryClusters", "cluster_story"]

ASSIGNMENT_COLUMNS = ["article_id", "sent_id", "cluster", "label"]


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
    labels = cluster_labels(
        model.counts_, model.labels_, model.vocabulary_, texts=body["text"].tolist()
    )
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

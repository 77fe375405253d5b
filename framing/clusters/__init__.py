"""Sentence clusters, coverage and cross-outlet alignment for one story (a package).

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


One module per concept: :mod:`~framing.clusters.similarity` (the paraphrase score),
:mod:`~framing.clusters.clustering` (:class:`SentenceClusterer`),
:mod:`~framing.clusters.labels` (cluster names), :mod:`~framing.clusters.coverage`,
:mod:`~framing.clusters.alignment` and :mod:`~framing.clusters.story` (:func:`cluster_story`,
all of it for one story). :func:`cluster` is the front door for a scored story.

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

from collections.abc import Iterable

from framing.clusters.alignment import align_outlets
from framing.clusters.clustering import MIN_WORDS, SHORT_CLUSTER, SHORT_LABEL, SentenceClusterer
from framing.clusters.coverage import coverage_table
from framing.clusters.labels import cluster_labels
from framing.clusters.similarity import (
    DEFAULT_THRESHOLD,
    FEATURE_NAMES,
    PARAPHRASE_THRESHOLD,
    alignment_score,
    pair_features,
    similarity,
)
from framing.clusters.story import ASSIGNMENT_COLUMNS, StoryClusters, cluster_story
from framing.models import Analysis, ClusterSettings

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


def cluster(
    analysis: Analysis,
    settings: ClusterSettings | None = None,
    *,
    article_ids: Iterable[str] | None = None,
) -> StoryClusters:
    """The one front door for clustering a scored story (see :func:`cluster_story`).

    Parameters
    ----------
    analysis
        From :func:`framing.analyze` (one story).
    settings
        Number of clusters and alignment threshold (default: both automatic / documented).
    article_ids
        Cluster only these articles (e.g. the comparison set, without the articles set aside);
        ``None``: every article of ``analysis``. Clusters, coverage and alignments then hold
        only them, as if the others had never been loaded.

    Examples
    --------
    >>> from framing import analyze
    >>> from framing.models import Article
    >>> a = analyze([Article("A", "t", "Talks resumed in Geneva. Both sides met."),
    ...              Article("B", "t", "Talks resumed in Geneva on Monday. Rain fell.")])
    >>> sc = cluster(a, ClusterSettings(threshold=0.9))
    >>> sorted(sc.assignments.columns) == sorted(ASSIGNMENT_COLUMNS)
    True
    >>> only_a = cluster(a, article_ids=[a.articles.loc[0, "article_id"]])
    >>> sorted(only_a.assignments["article_id"].unique()) == [a.articles.loc[0, "article_id"]]
    True
    """
    settings = settings or ClusterSettings()
    sentences, cues = analysis.sentences, analysis.cues
    if article_ids is not None:
        keep = {str(i) for i in article_ids}
        sentences = sentences[sentences["article_id"].astype(str).isin(keep)]
        cues = cues[cues["article_id"].astype(str).isin(keep)]
    return cluster_story(
        sentences,
        cues,
        n_clusters=settings.n_clusters,
        threshold=settings.threshold,
        random_state=analysis.settings.random_state,
    )

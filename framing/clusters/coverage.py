"""Coverage: what share of each outlet's words each cluster holds, and what it leaves out."""

from __future__ import annotations

import numpy as np
import pandas as pd

from framing.models import COVERAGE_COLUMNS

__all__ = ["coverage_table"]


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

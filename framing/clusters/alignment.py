"""Cross-outlet alignment: the same fact in two outlets' words, matched one to one."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from sklearn.preprocessing import normalize

from framing.clusters.similarity import DEFAULT_THRESHOLD, _PairScorer
from framing.models import ALIGNMENT_COLUMNS

__all__ = ["align_outlets"]


# Alignment: candidates are pairs whose character n-gram cosine reaches CANDIDATE_FLOOR (each
# sentence's CANDIDATE_TOP best, from either side); every candidate is scored with
# `alignment_score`. Outlets whose sizes multiply to at most DENSE_LIMIT are matched with the
# Hungarian method, larger ones greedily.
CANDIDATE_FLOOR = 0.15
CANDIDATE_TOP = 5
DENSE_LIMIT = 4_000_000
ALIGN_BLOCK = 4_000  # sentences of one outlet aligned at a time (bounds memory)
COMMON_MIN = 200  # candidate search ignores character n-grams found in more sentences than
COMMON_SHARE = 0.01  # max(COMMON_MIN, COMMON_SHARE * n)
BLOCK_CELLS = 2_000_000  # rows x columns of one block of the candidate product


def _empty(columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in columns})


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

"""Outlet grain: an outlet's articles pooled into one unit (see :func:`framing.comparison.by_outlet`).

The measures are not averaged over articles: the outlet's sentences are stacked and the
rates, means and 95% intervals are recomputed from them with the same functions that score
one article (:func:`framing.scores.article_measures`, :func:`framing.stance.stance_table`),
so an outlet with one long and one short article weighs every sentence once.
"""

from __future__ import annotations

import dataclasses
import zlib

import numpy as np
import pandas as pd

from framing.models import (
    ACTOR_COLUMNS,
    ARTICLE_COLUMNS,
    STANCE_COLUMNS,
    Analysis,
    FromSentences,
    Settings,
)
from framing.scores import article_measures
from framing.stance import default_axes, stance_table

__all__ = ["pool_outlets", "unit_id"]


def unit_id(outlet: str) -> str:
    """The ``article_id`` of an outlet's pooled unit.

    >>> unit_id("Reuters")
    'outlet:Reuters'
    """
    return f"outlet:{outlet}"


def _seed(random_state: int, uid: str) -> int:
    return (int(random_state) * 1_000_003 + zlib.crc32(uid.encode("utf-8"))) % (2**32)


def _join(values: pd.Series) -> str:
    parts: list[str] = []
    for v in values:
        for p in str(v).split(";"):
            p = p.strip()
            if p and p != "nan" and p not in parts:
                parts.append(p)
    return "; ".join(parts)


def pool_outlets(analysis: Analysis, *, settings: Settings) -> Analysis:
    """One unit per outlet (see :func:`framing.comparison.by_outlet`)."""
    arts = analysis.articles.reset_index(drop=True)
    if arts.empty:
        return analysis
    outlet_of = dict(zip(arts["article_id"].astype(str), arts["outlet"].astype(str), strict=True))
    unit_of = {a: unit_id(o) for a, o in outlet_of.items()}
    order = {a: i for i, a in enumerate(arts["article_id"].astype(str))}

    sents = analysis.sentences.copy()
    sents["_order"] = sents["article_id"].astype(str).map(order)
    sents = sents.sort_values(["_order", "sent_id"], kind="stable").reset_index(drop=True)
    sents["_unit"] = sents["article_id"].astype(str).map(unit_of)
    new_sid = sents.groupby("_unit", sort=False).cumcount()
    sid_map = {
        (a, int(s)): int(n)
        for a, s, n in zip(sents["article_id"].astype(str), sents["sent_id"], new_sid, strict=True)
    }

    def remap(t: pd.DataFrame, *, sent: bool) -> pd.DataFrame:
        if t is None or t.empty or "article_id" not in t:
            return t
        t = t.copy()
        aid = t["article_id"].astype(str)
        if sent and "sent_id" in t:
            t["sent_id"] = [
                sid_map.get((a, int(s)), int(s)) for a, s in zip(aid, t["sent_id"], strict=True)
            ]
        t["article_id"] = aid.map(unit_of).fillna(aid)
        return t

    cues = remap(analysis.cues, sent=True)
    mentions = remap(analysis.mentions, sent=True)
    quotes = remap(analysis.quotes, sent=False)
    sentences = sents.assign(sent_id=new_sid, article_id=sents["_unit"]).drop(
        columns=["_order", "_unit"]
    )
    axes = tuple(settings.axes) if settings.axes is not None else default_axes()

    rows, stance_parts = [], []
    for outlet, g in arts.groupby(arts["outlet"].astype(str), sort=False):
        uid = unit_id(outlet)
        s = sentences[sentences["article_id"] == uid]
        words = pd.to_numeric(g["n_words"], errors="coerce").fillna(0)
        share = pd.to_numeric(g.get("quote_share", 0), errors="coerce").fillna(0)
        quoted = round(float((share * words).sum()))
        values, idx = article_measures(
            s,
            iterations=settings.bootstrap,
            random_state=_seed(settings.random_state, uid),
            quoted_words=quoted,
        )
        row = {c: "" for c in ARTICLE_COLUMNS}
        dates = sorted(str(d) for d in g.get("published", pd.Series(dtype=str)) if str(d).strip())
        row.update(
            article_id=uid,
            story=str(g["story"].iloc[0]) if "story" in g else "",
            outlet=outlet,
            title=_join(g["title"]) if "title" in g else "",
            url=str(g["url"].iloc[0]) if "url" in g else "",
            published=dates[0] if dates else "",
            source=_join(g["source"]) if "source" in g else "",
            n_words=int(words.sum()),
            n_sentences=len(s),
            lede=str(g["lede"].iloc[0]) if "lede" in g else "",
            n_quotes=int(pd.to_numeric(g.get("n_quotes", 0), errors="coerce").fillna(0).sum()),
            n_scare_quotes=int(
                pd.to_numeric(g.get("n_scare_quotes", 0), errors="coerce").fillna(0).sum()
            ),
            flags=_join(g["flags"]) if "flags" in g else "",
            notes=_join(g["notes"]) if "notes" in g else "",
            **values,
        )
        rows.append(row)
        unit_cues = cues[cues["article_id"] == uid] if cues is not None and len(cues) else cues
        if unit_cues is not None and len(unit_cues) and "lexicon" in unit_cues:
            stance_parts.append(
                stance_table(
                    unit_cues,
                    n_sentences=len(s),
                    axes=axes,
                    article_id=uid,
                    outlet=outlet,
                    boot_idx=idx,
                )
            )
    articles = pd.DataFrame(rows, columns=ARTICLE_COLUMNS)
    stance = (
        pd.concat(stance_parts, ignore_index=True)
        if stance_parts
        else pd.DataFrame(columns=STANCE_COLUMNS)
    )
    actors = _pool_actors(remap(analysis.actors, sent=False), mentions, articles)
    frame_cues = analysis.raw_frame_cues()  # per article, like the frames table: not built here
    if isinstance(frame_cues, FromSentences):
        frame_cues = frame_cues.bound(analysis.sentences)
    return dataclasses.replace(
        analysis,
        frame_cues=frame_cues,
        articles=articles,
        sentences=sentences,
        cues=cues,
        quotes=quotes,
        mentions=mentions,
        actors=actors,
        stance=stance,
        extra=dict(analysis.extra),
    )


def _pool_actors(actors: pd.DataFrame, mentions: pd.DataFrame, units: pd.DataFrame) -> pd.DataFrame:
    if actors is None or actors.empty:
        return actors
    n_sent = dict(zip(units["article_id"], units["n_sentences"], strict=True))
    rows = []
    for (uid, actor), g in actors.groupby(["article_id", "actor"], sort=False):
        own_n = pd.to_numeric(g["n_own"], errors="coerce").fillna(0).to_numpy()
        q_n = pd.to_numeric(g["n_quoted"], errors="coerce").fillna(0).to_numpy()
        own_t = pd.to_numeric(g["tone_own"], errors="coerce").to_numpy()
        q_t = pd.to_numeric(g["tone_quoted"], errors="coerce").to_numpy()
        if mentions is not None and len(mentions):
            m = mentions[(mentions["article_id"] == uid) & (mentions["actor"] == actor)]
            sents = m["sent_id"].nunique()
        else:
            sents = 0
        n = n_sent.get(uid, 0)
        rows.append(
            {
                "article_id": uid,
                "outlet": str(g["outlet"].iloc[0]),
                "actor": actor,
                "kind": str(g["kind"].iloc[0]),
                "auto": bool(g["auto"].iloc[0]),
                "mentions": int(pd.to_numeric(g["mentions"], errors="coerce").fillna(0).sum()),
                "sentence_share": sents / n if n else 0.0,
                "tone_own": _wmean(own_t, own_n),
                "n_own": int(own_n.sum()),
                "tone_quoted": _wmean(q_t, q_n),
                "n_quoted": int(q_n.sum()),
            }
        )
    out = pd.DataFrame(rows, columns=ACTOR_COLUMNS)
    return out.sort_values(["article_id", "mentions", "actor"], ascending=[True, False, True])


def _wmean(values: np.ndarray, weights: np.ndarray) -> float:
    ok = np.isfinite(values) & (weights > 0)
    return float(np.average(values[ok], weights=weights[ok])) if ok.any() else float("nan")

"""What every report holds, as plain data: the article list and the aligned passages.

The HTML, PDF and Word reports lay these out; nothing here is HTML.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

__all__ = [
    "ARTICLE_LIST",
    "Passage",
    "article_rows",
    "flags_text",
    "fmt_value",
    "passage_label",
    "passages",
    "safe_url",
]

#: Columns of the article list in every report.
ARTICLE_LIST = ("Outlet", "Headline", "Published", "URL", "Words", "Flags", "Compared")
_HTTP = re.compile(r"https?://[^\s\"'<>]{1,2000}\Z", re.IGNORECASE)


def safe_url(value: Any) -> str:
    """``value`` if it is an http(s) address that can be a link, else ``""``.

    >>> safe_url("https://example.org/a?b=1"), safe_url("javascript:alert(1)")
    ('https://example.org/a?b=1', '')
    """
    text = str(value or "").strip()
    return text if _HTTP.match(text) else ""


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value)


def fmt_value(value: Any, unit: str) -> str:
    """A measure for a reader: shares as %, −1…1 signed, rates with two decimals."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return ""
    if not np.isfinite(v):
        return "–"
    if unit == "share":
        return f"{v:.0%}"
    return f"{v:+.2f}".replace("-", "−") if unit.startswith("-1") else f"{v:.2f}"


def flags_text(value: Any) -> str:
    """Quality flag codes in short plain words ("very_short" → "Very short").

    >>> flags_text("repaired_encoding; near_duplicate:abc")
    'Damaged characters were repaired on reading; Nearly the same text as another loaded article'
    """
    from framing.quality import FLAG_LABELS

    out = []
    for code in (c.strip() for c in _text(value).split(";")):
        if not code:
            continue
        label = FLAG_LABELS.get(code.split(":")[0])
        out.append(label.split(":")[0].split(" (")[0] if label else code)
    return "; ".join(out)


def _date(value: Any) -> str:
    text = _text(value)
    stamp = pd.to_datetime(text, errors="coerce", utc=True, format="mixed") if text else pd.NaT
    return text if pd.isna(stamp) else f"{stamp:%Y-%m-%d}"


def article_rows(
    articles: pd.DataFrame | None, set_aside: pd.DataFrame | None = None
) -> list[dict[str, str]]:
    """One row per article (compared first, then set aside), keyed by :data:`ARTICLE_LIST`.

    ``set_aside`` rows need ``outlet`` and ``reason`` (``title``, ``url``, ``published``,
    ``n_words``, ``flags`` when known).
    """
    rows: list[dict[str, str]] = []
    for frame, status in ((articles, "yes"), (set_aside, None)):
        if frame is None or frame.empty:
            continue
        for rec in frame.to_dict("records"):
            words = rec.get("n_words")
            rows.append(
                {
                    "Outlet": _text(rec.get("outlet")),
                    "Headline": _text(rec.get("title")),
                    "Published": _date(rec.get("published")),
                    "URL": _text(rec.get("url")),
                    "Words": "" if words is None or pd.isna(words) else f"{int(words):,}",
                    "Flags": flags_text(rec.get("flags")),
                    "Compared": status or f"no: {_text(rec.get('reason')) or 'set aside'}",
                }
            )
    return rows


class Passage(NamedTuple):
    """Two sentences from two outlets that tell the same part of the story."""

    outlet_a: str
    outlet_b: str
    text_a: str
    text_b: str
    similarity: float
    only_a: str
    only_b: str
    article_a: str
    article_b: str
    sent_a: Any
    sent_b: Any


def _terms(value: Any) -> list[str]:
    return [t.strip() for t in _text(value).split(";") if t.strip()]


def passages(
    alignments: pd.DataFrame | None, sentences: pd.DataFrame | None, *, limit: int = 5
) -> list[Passage]:
    """The matched pairs whose cue words differ most (ties: the closest match first)."""
    if alignments is None or alignments.empty or sentences is None:
        return []
    df = alignments[alignments["similarity"].notna()].copy()
    if df.empty:
        return []
    df["_diff"] = df["cues_only_a"].map(lambda v: len(_terms(v))) + df["cues_only_b"].map(
        lambda v: len(_terms(v))
    )
    df = df.sort_values(["_diff", "similarity"], ascending=[False, False]).head(limit)
    text = {
        (str(a), s): t
        for a, s, t in zip(
            sentences["article_id"], sentences["sent_id"], sentences["text"], strict=True
        )
    }
    out = []
    for r in df.itertuples(index=False):
        out.append(
            Passage(
                outlet_a=_text(r.outlet_a),
                outlet_b=_text(r.outlet_b),
                text_a=_text(text.get((str(r.article_a), r.sent_a), "")),
                text_b=_text(text.get((str(r.article_b), r.sent_b), "")),
                similarity=float(r.similarity),
                only_a=", ".join(_terms(r.cues_only_a)),
                only_b=", ".join(_terms(r.cues_only_b)),
                article_a=str(r.article_a),
                article_b=str(r.article_b),
                sent_a=r.sent_a,
                sent_b=r.sent_b,
            )
        )
    return out


def passage_label(p: Passage, i: int) -> str:
    """A plain label for one matched pair (no bare "similarity 0.xx").

    >>> p = Passage("A", "B", "x", "y", 0.62, "claimed", "", "a", "b", 1, 2)
    >>> passage_label(p, 1)
    'Passage 1: A and B tell the same part of the story (similarity 0.62 on a 0–1 scale; 1 = the same words). Only A uses: claimed.'
    """
    only = []
    if p.only_a:
        only.append(f"Only {p.outlet_a} uses: {p.only_a}.")
    if p.only_b:
        only.append(f"Only {p.outlet_b} uses: {p.only_b}.")
    head = (
        f"Passage {i}: {p.outlet_a} and {p.outlet_b} tell the same part of the story "
        f"(similarity {p.similarity:.2f} on a 0–1 scale; 1 = the same words)."
    )
    return " ".join([head, *only])

"""Hand-built tables with the column contracts of framing.models, for presentation tests.

Two outlets with clearly different profiles ("A · Steps In" loud, "B · Distance" calm), plus a
hostile third outlet name for escaping tests. Nothing here calls a scorer.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from framing.models import (
    ACTOR_COLUMNS,
    ARTICLE_COLUMNS,
    COVERAGE_COLUMNS,
    CUE_COLUMNS,
    QUOTE_COLUMNS,
    SENTENCE_COLUMNS,
    STANCE_COLUMNS,
)

A, B = "A · Steps In", "B · Distance"
HOSTILE = '<script>alert("x")</script> & Co'

TEXT_A = (
    'Russia reportedly stepped in. "We will never abandon Iran," the minister claimed.\n\n'
    "The brutal strikes devastated the region."
)
TEXT_B = "Moscow said it may offer talks. Officials appear cautious."


def _article(aid, outlet, title, text, **rates) -> dict:
    row = dict.fromkeys(ARTICLE_COLUMNS, "")
    row.update(
        article_id=aid,
        story="s",
        outlet=outlet,
        title=title,
        n_words=len(text.split()),
        n_sentences=3,
        lede=text[:40],
        n_quotes=1,
        n_scare_quotes=0,
        quote_share=rates.pop("quote_share", 0.2),
    )
    for key, (v, lo, hi) in rates.items():
        row[key], row[f"{key}_lo"], row[f"{key}_hi"] = v, lo, hi
    return row


def articles_table(*, overlap: bool = False, hostile: bool = False) -> pd.DataFrame:
    """Two articles; with ``overlap`` the intensity difference is within chance."""
    b_int = (2.8, 1.0, 5.0) if overlap else (1.5, 0.8, 2.2)
    rows = [
        _article("a1", A, "Russia Steps In", TEXT_A,
                 hedge_rate=(1.0, 0.2, 1.8), intensity_rate=(4.65, 3.5, 6.0),
                 loaded_verb_rate=(2.0, 1.0, 3.0), sentiment_mean=(-0.4, -0.6, -0.2),
                 quote_share=0.35),
        _article("b1", B, "Russia keeps distance", TEXT_B,
                 hedge_rate=(3.0, 2.0, 4.0), intensity_rate=b_int,
                 loaded_verb_rate=(0.0, 0.0, 0.0), sentiment_mean=(0.1, -0.1, 0.3),
                 quote_share=0.05),
    ]  # fmt: skip
    if hostile:
        rows.append(
            _article("h1", HOSTILE, '<img src=x onerror="alert(1)">', "<script>alert(1)</script>",
                     hedge_rate=(0.5, 0.1, 0.9), intensity_rate=(1.0, 0.5, 1.5),
                     loaded_verb_rate=(0.0, 0.0, 0.0), sentiment_mean=(0.0, -0.1, 0.1))
        )  # fmt: skip
    return pd.DataFrame(rows, columns=ARTICLE_COLUMNS)


def stance_table() -> pd.DataFrame:
    rows = [
        ["a1", A, "Russia", "distance", "support", 0.6, 0.3, 0.9, 1, 4, "stepped in; ally"],
        ["b1", B, "Russia", "distance", "support", -0.7, -1.0, -0.4, 5, 1, "distance; cautious"],
        ["a1", A, "US", "restraint", "aggression", 0.8, 0.5, 1.0, 0, 3, "aggression"],
        ["b1", B, "US", "restraint", "aggression", 0.0, -0.5, 0.5, 1, 1, "strikes"],
    ]
    return pd.DataFrame(rows, columns=STANCE_COLUMNS)


def coverage_table() -> pd.DataFrame:
    rows = [
        [A, 0, "strikes · region", 3, 40, 0.6, 0.5, 1.2, False, 0.1, 2.0, -0.3],
        [B, 0, "strikes · region", 2, 20, 0.4, 0.5, 0.8, False, 0.5, 0.5, 0.0],
        [A, 1, "embassy · citizens", 2, 25, 0.4, 0.3, 1.33, False, 0.0, 1.0, 0.1],
        [B, 1, "embassy · citizens", 0, 0, 0.0, 0.3, 0.0, True, np.nan, np.nan, np.nan],
        [A, 2, "talks · moscow", 0, 0, 0.0, 0.2, 0.0, True, np.nan, np.nan, np.nan],
        [B, 2, "talks · moscow", 3, 30, 0.6, 0.2, 3.0, False, 0.8, 0.2, 0.2],
    ]
    return pd.DataFrame(rows, columns=COVERAGE_COLUMNS)


def actors_table() -> pd.DataFrame:
    rows = [
        ["a1", A, "Russia", "country", False, 5, 0.6, 0.4, 3, 0.2, 2],
        ["b1", B, "Russia", "country", False, 3, 0.4, -0.1, 3, np.nan, 0],
        ["a1", A, "Putin", "person", False, 2, 0.3, 0.1, 2, 0.5, 1],
        ["b1", B, "United States", "country", False, 1, 0.1, -0.5, 1, np.nan, 0],
    ]
    return pd.DataFrame(rows, columns=ACTOR_COLUMNS)


def quotes_table() -> pd.DataFrame:
    rows = [
        ["a1", A, "q1", 29, 59, "We will never abandon Iran,", 5, "the minister", "Lavrov", "claimed", "loaded", "1", "quotation"],
        ["a1", A, "q2", 0, 5, "xx", 3, "", "", "", "", "2", "scare"],
        ["b1", B, "q3", 0, 5, "talks", 4, "a spokesman", "", "said", "neutral", "0", "quotation"],
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=QUOTE_COLUMNS)


def sentences_table() -> pd.DataFrame:
    rows = []
    for aid, outlet, text in (("a1", A, TEXT_A), ("b1", B, TEXT_B)):
        pos = 0
        for i, sent in enumerate(s for s in text.replace("\n\n", " ").split(". ") if s):
            start = text.find(sent, pos)
            end = start + len(sent)
            pos = end
            row = dict.fromkeys(SENTENCE_COLUMNS, 0)
            row.update(
                article_id=aid,
                story="s",
                outlet=outlet,
                sent_id=i,
                start=start,
                end=end,
                text=sent,
                n_words=len(sent.split()),
                is_heading=False,
                is_quote=False,
                hedge=1.0 if ("may" in sent or "reportedly" in sent) else 0.0,
                intensity=2.0 if "brutal" in sent else 0.5 * i,
                compound=0.0,
            )
            rows.append(row)
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)


def cues_table() -> pd.DataFrame:
    """Cues in TEXT_A, found by position (so offsets are right by construction)."""
    specs = [
        ("reportedly", "hedging", "adverb"),
        ("never", "intensity", "booster"),
        ("claimed", "reporting", "loaded"),
        ("brutal", "intensity", "loaded"),
        ("devastated", "intensity", "loaded"),
        ("stepped in", "stance", "Russia:support"),
    ]
    rows = []
    for term, lexicon, category in specs:
        start = TEXT_A.index(term)
        rows.append(
            ["a1", A, 0, start, start + len(term), term, term, lexicon, category, 1.0, False]
        )
    return pd.DataFrame(rows, columns=CUE_COLUMNS)

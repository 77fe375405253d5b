"""framing.tables: the tables views derive (pure builders)."""

from __future__ import annotations

import functools

import pandas as pd
import pytest

from framing import Settings, analyze
from framing.ingest import load_sample
from framing.models import BALANCED
from framing.tables import (
    SPEAKER_COLUMNS,
    axis_order,
    lexicon_hits,
    omissions,
    speakers,
    stance_word,
    summary_table,
    top_sentences,
)


@functools.lru_cache(maxsize=1)
def _sample():
    return analyze(load_sample(), Settings(bootstrap=200))


@pytest.mark.parametrize(
    ("position", "n_cues", "word"),
    [
        (0.5, None, "R"),
        (BALANCED, 3, "R"),
        (BALANCED - 0.01, 3, "balanced"),
        (0.17, 3, "balanced"),  # one band everywhere (models.BALANCED)
        (-BALANCED, 3, "L"),
        (-0.9, 2, "L"),
        (0.9, 0, "no cues"),
        (float("nan"), None, "no cues"),
    ],
)
def test_stance_word(position, n_cues, word):
    assert stance_word(position, "L", "R", n_cues=n_cues) == word


def test_summary_table_on_the_sample_shows_support_and_distance():
    a = _sample()
    table = summary_table(a.articles, a.stance)
    axes = axis_order(a.stance)
    assert len(table) == len(a.articles)
    column = f"stance: {axes[0]}"
    words = {cell.split(" (")[0].upper() for cell in table[column]}
    assert words == {"SUPPORT", "DISTANCE"}
    assert table["Hedging"].str.contains(r"\[").all()  # intervals shown


def test_summary_table_without_stance():
    a = _sample()
    table = summary_table(a.articles, a.stance.head(0))
    assert not any(c.startswith("stance") for c in table.columns)


def test_omissions():
    cov = pd.DataFrame(
        {"outlet": ["A", "B", "A"], "label": ["x", "x", "y"], "omitted": [True, False, 0]}
    )
    assert omissions(cov) == [("A", "x")]
    assert omissions(cov.head(0)) == []


def test_top_sentences_per_outlet_best_first():
    s = pd.DataFrame(
        {
            "outlet": ["A"] * 4 + ["B"] * 2,
            "sent_id": [0, 1, 2, 3, 0, 1],
            "intensity": [1.0, 3.0, 0.0, 2.0, 0.0, 0.5],
        }
    )
    top = top_sentences(s, "intensity", n=2)
    assert top[["outlet", "sent_id"]].values.tolist() == [["A", 1], ["A", 3], ["B", 1]]
    assert top_sentences(s, "missing").empty


def test_lexicon_hits_counts_each_term():
    a = _sample()
    table = lexicon_hits(a.lexicon, a.cues)
    assert len(table) == len(a.lexicon)
    per_term = table.drop_duplicates(["lexicon", "term"])  # a term of two categories: once
    counted = a.cues[
        a.cues.set_index(["lexicon", "term"]).index.isin(
            per_term.set_index(["lexicon", "term"]).index
        )
    ]
    assert per_term["hits"].sum() == len(counted) > 0
    assert (lexicon_hits(a.lexicon, a.cues.head(0))["hits"] == 0).all()


def test_speakers_table_on_the_sample():
    a = _sample()
    table = speakers(a.quotes)
    assert list(table.columns) == SPEAKER_COLUMNS
    quotations = a.quotes[a.quotes["kind"] != "scare"]
    assert table["quotes"].sum() == len(quotations)
    share = table.groupby("outlet")["share"].sum()
    assert share.round(9).eq(1.0).all()
    assert set(table["outlet"]) == set(quotations["outlet"])


def test_speakers_leaves_scare_quotes_out():
    q = pd.DataFrame(
        {
            "outlet": ["A", "A"],
            "speaker": ["", "Ann"],
            "actor": ["", ""],
            "verb": ["", "said"],
            "verb_kind": ["", "neutral"],
            "n_words": [1, 12],
            "kind": ["scare", "quotation"],
        }
    )
    assert speakers(q)[["speaker", "quotes", "words"]].values.tolist() == [["Ann", 1, 12]]
    assert speakers(q.head(0)).empty

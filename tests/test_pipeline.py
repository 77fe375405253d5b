"""The pipeline: table contracts, invariants, traceability, the sample story, empty inputs."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.ingest import load_sample
from framing.models import (
    ACTOR_COLUMNS,
    ARTICLE_COLUMNS,
    CUE_COLUMNS,
    FRAME_COLUMNS,
    MENTION_COLUMNS,
    QUOTE_COLUMNS,
    SENTENCE_COLUMNS,
    STANCE_COLUMNS,
    Article,
    Settings,
)
from framing.pipeline import analyze, analyze_article, analyze_sentences, build_context

COLUMNS = {
    "articles": ARTICLE_COLUMNS,
    "sentences": SENTENCE_COLUMNS,
    "cues": CUE_COLUMNS,
    "quotes": QUOTE_COLUMNS,
    "mentions": MENTION_COLUMNS,
    "actors": ACTOR_COLUMNS,
    "stance": STANCE_COLUMNS,
    "frames": FRAME_COLUMNS,
}
FAST = Settings(bootstrap=200)


@pytest.fixture(scope="module")
def sample():
    arts = load_sample()
    return arts, analyze(arts, FAST)


def test_tables_have_the_contract_columns(sample) -> None:
    _, result = sample
    for name, table in result.tables().items():
        assert list(table.columns) == COLUMNS[name], name
        assert len(table) > 0, name


@pytest.mark.parametrize(
    "articles", [[], [Article("Empty", "t", "")], [Article("Blank", "t", "  \n\n ")]]
)
def test_empty_inputs_keep_columns(articles: list[Article]) -> None:
    result = analyze(articles, FAST)
    for name, table in result.tables().items():
        assert list(table.columns) == COLUMNS[name], name
    assert len(result.sentences) == 0 and len(result.cues) == 0
    assert len(result.articles) == len(articles)
    if articles:
        row = result.articles.iloc[0]
        assert row["n_words"] == 0 and row["n_sentences"] == 0 and np.isnan(row["hedge_rate"])


def test_sentence_offsets_invariant(sample) -> None:
    arts, result = sample
    texts = {a.id: a.text for a in arts}
    for row in result.sentences.itertuples():
        assert texts[row.article_id][row.start : row.end] == row.text
    for row in result.cues.itertuples():
        assert texts[row.article_id][row.start : row.end] == row.text
    for row in result.quotes.itertuples():
        assert texts[row.article_id][row.start : row.end] == row.text


def test_every_number_traces_to_cues(sample) -> None:
    _, result = sample
    factor = np.where(result.cues["negated"].astype(bool), 0.5, 1.0)
    w = result.cues.assign(w=result.cues["weight"].astype(float) * factor)
    for art in result.articles.itertuples():
        mine = w[w["article_id"] == art.article_id]
        hedges = mine.loc[mine["lexicon"] == "hedging", "w"].sum()
        assert art.hedge_rate == pytest.approx(100 * hedges / art.n_words)
        loaded = ((mine["lexicon"] == "reporting") & (mine["category"] == "loaded")).sum()
        assert art.loaded_verb_rate == pytest.approx(100 * loaded / art.n_words)
        sents = result.sentences[result.sentences["article_id"] == art.article_id]
        assert sents["n_words"].sum() == art.n_words
        assert sents["intensity"].sum() == pytest.approx(
            mine.loc[mine["lexicon"] == "intensity", "w"].sum()
        )
        for col in ("hedge_rate", "intensity_rate", "sentiment_mean"):
            assert getattr(art, f"{col}_lo") <= getattr(art, col) <= getattr(art, f"{col}_hi")


def test_sample_story_contrast(sample) -> None:
    arts, result = sample
    a = result.articles.set_index("outlet")
    steps_in, distance = a.loc[arts[0].outlet], a.loc[arts[1].outlet]
    assert steps_in["intensity_rate"] > 1.4 * distance["intensity_rate"]
    assert distance["n_quotes"] >= 5 and steps_in["n_quotes"] >= 5
    support = result.stance[result.stance["axis"] == "support ↔ distance"].set_index("outlet")
    assert support.loc[arts[0].outlet, "position"] > 0 > support.loc[arts[1].outlet, "position"]
    q = result.quotes[result.quotes["article_id"] == arts[1].id]
    assert {"Dmitry Peskov", "Vladimir Putin", "Abbas Araghchi"} <= set(q["actor"])
    assert set(q["verb_kind"]) <= {"neutral", "loaded", ""}
    assert steps_in["lede"].startswith("The volatile geopolitical landscape")


def test_is_quote_and_quote_share(sample) -> None:
    _, result = sample
    s = result.sentences
    assert ((s["quote_share"] >= 0) & (s["quote_share"] <= 1)).all()
    assert (s["is_quote"] == (s["quote_share"] >= 0.5)).all()
    assert s["is_quote"].any()


def test_deterministic_and_article_independent(sample) -> None:
    arts, result = sample
    again = analyze(arts, FAST)
    pd.testing.assert_frame_equal(result.articles, again.articles)
    alone = analyze([arts[1]], Settings(bootstrap=200, auto_actors=False))
    with_auto_off = analyze(arts, Settings(bootstrap=200, auto_actors=False))
    row = with_auto_off.articles.set_index("article_id").loc[arts[1].id]
    assert alone.articles.iloc[0]["hedge_rate_lo"] == row["hedge_rate_lo"]


def test_analyze_article_is_the_unit_of_caching(sample) -> None:
    arts, result = sample
    ctx = build_context(FAST, arts)
    one = analyze_article(arts[0], ctx)
    mine = result.sentences[result.sentences["article_id"] == arts[0].id].reset_index(drop=True)
    pd.testing.assert_frame_equal(one.frames()["sentences"], mine, check_dtype=False)
    assert ctx.key == build_context(FAST, arts).key
    assert ctx.key != build_context(Settings(bootstrap=10), arts).key


def test_progress_and_duplicates() -> None:
    art = Article("Daily", "t", "Officials reportedly said it may rain. It was a disaster.")
    calls = []
    result = analyze([art, art], FAST, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(1, 1)]
    assert len(result.articles) == 1
    assert result.articles.iloc[0]["hedge_rate"] > 0


def test_user_lexicon_and_category_table() -> None:
    art = Article("Daily", "t", "The zorblax was seen. A zorblax again.")
    s = Settings(
        lexicons=(("mine", "term,category,weight,source\nzorblax,odd,2,me\n"),), bootstrap=10
    )
    result = analyze([art], s)
    assert (result.cues["lexicon"] == "mine").sum() == 2
    cat = result.category_rates
    row = cat[cat["lexicon"] == "mine"].iloc[0]
    assert (row["n"], row["weight"]) == (2, 4.0)


@pytest.mark.parametrize(
    ("record", "checks"),
    [
        ({"text": "It may well be a disaster."}, {"hedge": ">0", "sentiment": "<0"}),
        ({"text": "The meeting was on Monday."}, {"hedge": "=0", "intensity": "=0"}),
        (
            {"text": "Critics said Smith ruined everything.", "target": "Smith"},
            {"target_tone": "<0"},
        ),
        ({"text": "Smith gave a wonderful speech.", "target": "smith"}, {"target_tone": ">0"}),
        ({"text": "Nobody here.", "target": "Smith", "id": 7}, {"target_tone": "=0"}),
    ],
)
def test_analyze_sentences(record: dict, checks: dict[str, str]) -> None:
    (out,) = list(analyze_sentences([record]))
    assert {k: v for k, v in out.items() if k in record} == record
    assert isinstance(out["hedge_cues"], list) and isinstance(out["intensity_cues"], list)
    assert ("target_tone" in out) == ("target" in record)
    for key, check in checks.items():
        value = out[key]
        assert {">0": value > 0, "<0": value < 0, "=0": value == 0}[check], (key, value)


def test_analyze_sentences_batches_keep_order() -> None:
    records = [{"text": f"Sentence {i} may be fine.", "i": i} for i in range(23)]
    out = list(analyze_sentences(records, batch_size=5))
    assert [o["i"] for o in out] == list(range(23))
    with pytest.raises(TypeError):
        list(analyze_sentences([{"text": 3}]))


TEXTS = st.text(
    alphabet=st.sampled_from(list("ab Putin Russia said may very \"“”'.,:!?\n-—")), max_size=400
)


@settings(max_examples=40, deadline=None)
@given(TEXTS)
def test_offsets_and_ranges_hold_on_any_text(text: str) -> None:
    art = Article("Any", "t", text)
    result = analyze([art], Settings(bootstrap=5, auto_actors=False))
    for name in ("sentences", "cues", "quotes"):
        for row in result.tables()[name].itertuples():
            assert text[row.start : row.end] == row.text
    for row in result.mentions.itertuples():
        assert text[row.start : row.end] == row.alias
        assert -1.0 <= row.tone <= 1.0
    s = result.sentences
    assert ((s["quote_share"] >= 0) & (s["quote_share"] <= 1)).all()
    st_ = result.stance
    assert ((st_["position"] >= -1) & (st_["position"] <= 1)).all()

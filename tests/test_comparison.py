"""framing.comparison: the comparison set, labels, restrict, outlet grain, focus colours."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import pytest
from story40 import require_story40, story40

from framing import Settings, analyze
from framing.comparison import (
    ALL_COLOURED,
    COMPARISON_COLUMNS,
    FOCUS_COLORS,
    GREY,
    by_outlet,
    comparison_set,
    focus_colors,
    restrict,
    row_labels,
)


@functools.lru_cache(maxsize=4)
def _story(n: int):
    return analyze(story40(n), Settings(bootstrap=200))


def _arts(rows):
    cols = ["article_id", "outlet", "title", "published", "n_words", "flags"]
    return pd.DataFrame(rows, columns=cols)


@pytest.mark.parametrize(
    ("flags", "include_flagged", "included", "reason"),
    [
        ("", False, True, ""),
        ("very_short", False, False, "very short"),
        ("non_english", False, False, "not English"),
        ("non_english; very_short", False, False, "not English; very short"),
        ("repaired_encoding; keyword_stuffing", False, True, ""),
        ("very_short", True, True, ""),
    ],
)
def test_flag_rules(flags, include_flagged, included, reason):
    arts = _arts([["a", "X", "t", "2024-01-01", 300, flags], ["b", "Y", "u", "", 300, ""]])
    cs = comparison_set(arts, include_flagged=include_flagged)
    assert list(cs.columns) == COMPARISON_COLUMNS
    assert bool(cs.loc[0, "included"]) is included
    assert cs.loc[0, "reason"] == reason
    if include_flagged and flags:
        assert cs.loc[0, "flag_reason"] == "very short"


@pytest.mark.parametrize(
    ("dates", "words", "kept"),
    [
        (("2024-01-02", "2024-01-01"), (300, 300), "b"),  # earliest
        (("2024-01-01", "2024-01-01"), (200, 300), "b"),  # same day: longest
        (("", ""), (300, 200), "a"),  # no dates: longest
        (("", "2024-01-05"), (900, 100), "b"),  # a dated copy beats an undated one
        (("", ""), (300, 300), "a"),  # full tie: the first in the table
    ],
)
def test_one_copy_of_each_wire_story(dates, words, kept):
    arts = _arts(
        [
            ["a", "Wire A", "t", dates[0], words[0], "near_duplicate:b"],
            ["b", "Wire B", "t", dates[1], words[1], "near_duplicate:a"],
            ["c", "Other", "u", "", 300, ""],
        ]
    )
    cs = comparison_set(arts).set_index("article_id")
    other = "a" if kept == "b" else "b"
    assert cs.loc[kept, "included"] and cs.loc["c", "included"]
    assert not cs.loc[other, "included"]
    assert cs.loc[other, "reason"] == f"near-duplicate of {cs.loc[kept, 'label']}"


def test_the_kept_copy_is_one_not_set_aside_for_another_reason():
    arts = _arts(
        [
            ["a", "A", "t", "2024-01-01", 60, "near_duplicate:b; very_short"],
            ["b", "B", "t", "2024-01-02", 300, "near_duplicate:a"],
        ]
    )
    cs = comparison_set(arts)
    assert cs["included"].tolist() == [False, True]
    assert cs.loc[0, "reason"] == "very short; near-duplicate of B"


def test_three_copies_keep_one():
    arts = _arts(
        [
            ["a", "A", "t", "2024-01-03", 300, "near_duplicate:b"],
            ["b", "B", "t", "2024-01-02", 300, "near_duplicate:a; near_duplicate:c"],
            ["c", "C", "t", "2024-01-01", 300, "near_duplicate:b"],
        ]
    )
    cs = comparison_set(arts)
    assert cs["included"].tolist() == [False, False, True]
    assert set(cs["reason"][:2]) == {"near-duplicate of C"}


def test_set_aside_for_time_are_listed_and_never_included():
    arts = _arts([["a", "X", "t", "", 300, ""]])
    aside = pd.DataFrame(
        [["z", "Slow", "Big", "big.txt", "took too long to analyse; set aside"]],
        columns=["article_id", "outlet", "title", "source", "reason"],
    )
    for include in (False, True):
        cs = comparison_set(arts, set_aside=aside, include_flagged=include)
        assert cs["article_id"].tolist() == ["a", "z"]
        assert cs.loc[1, "reason"] == "took too long to analyse; set aside"
        assert not cs.loc[1, "included"]


@pytest.mark.parametrize(
    ("outlets", "titles", "dates", "expected"),
    [
        (["A", "B"], ["x", "y"], ["", ""], ["A", "B"]),
        (["A", "A"], ["x", "y"], ["2024-01-01", "2024-01-02"],
         ["A · 2024-01-01 · x", "A · 2024-01-02 · y"]),
        (["A", "A"], ["same", "same"], ["", ""], ["A · same", "A · same (2)"]),
        (["A", "A"], ["", ""], ["", ""], ["A", "A (2)"]),
    ],
)  # fmt: skip
def test_row_labels(outlets, titles, dates, expected):
    assert row_labels(outlets, titles, dates) == expected


def test_labels_unique_short_and_stable_on_the_40_article_story():
    require_story40()
    a = _story(40)
    cs = comparison_set(a.articles, set_aside=a.set_aside_table())
    assert cs["label"].is_unique
    assert cs["label"].str.len().max() <= 80
    again = comparison_set(a.articles.iloc[::-1], set_aside=a.set_aside_table())
    assert dict(zip(cs.article_id, cs.label, strict=True)) == dict(
        zip(again.article_id, again.label, strict=True)
    )
    aside = cs[~cs["included"]]
    reasons = set(aside["reason"])
    assert {"not English", "very short"} <= reasons
    assert any(r.startswith("near-duplicate of ") for r in reasons)
    assert len(cs) == 40 and cs["included"].sum() == 36


def test_restrict_filters_every_table_and_tells_two_articles_apart():
    require_story40()
    a = _story(40)
    cs = comparison_set(a.articles, set_aside=a.set_aside_table())
    keep = cs.loc[cs["included"], "article_id"]
    r = restrict(a, keep, comparison=cs)
    for name in ("articles", "sentences", "cues", "quotes", "mentions", "actors", "stance"):
        t = getattr(r, name)
        assert set(t["article_id"]) <= set(keep), name
    assert len(r.articles) == 36 and r.articles["outlet"].is_unique
    label = dict(zip(cs.article_id, cs.label, strict=True))
    for aid, outlet in zip(r.articles.article_id, r.articles.outlet, strict=True):
        assert outlet == label[aid]
    assert {s.reason for s in r.set_aside} == set(cs.loc[~cs["included"], "reason"])
    assert len(a.articles) == 40  # the full analysis is untouched
    plain = restrict(a, keep, relabel=False)
    assert plain.articles["outlet"].nunique() == 35


def test_frame_cues_built_on_first_read_match_the_eager_table():
    """analyze leaves the frame cue rows to be built when read; restrict passes that on, and
    what is built equals the eager table (filtered and relabelled as restrict does)."""
    import pickle

    from framing.frames import score_frames, scorers_for
    from framing.models import FromSentences

    require_story40()
    a = analyze(story40(12), Settings(bootstrap=50))
    assert isinstance(a.raw_frame_cues(), FromSentences)
    flagged = set(a.articles.loc[a.articles["flags"].str.contains("non_english"), "article_id"])
    assert flagged  # the story holds non-English articles: they get no frames
    frames, eager = score_frames(a.sentences, scorers=scorers_for(a.lexicon))
    pd.testing.assert_frame_equal(a.frames, frames)
    assert not set(eager["article_id"]) & flagged
    cs = comparison_set(a.articles, set_aside=a.set_aside_table())
    keep = cs.loc[cs["included"], "article_id"]
    r = restrict(a, keep, comparison=cs)
    assert isinstance(r.raw_frame_cues(), FromSentences)  # restricting built nothing
    copy = pickle.loads(pickle.dumps(r))  # an app cache pickles it unbuilt
    plain = restrict(a, keep, comparison=cs, relabel=False)
    pooled = by_outlet(plain, settings=Settings(bootstrap=50))
    assert isinstance(pooled.raw_frame_cues(), FromSentences)  # pooling built nothing
    pd.testing.assert_frame_equal(a.frame_cues, eager)
    assert isinstance(a.raw_frame_cues(), pd.DataFrame)  # built once, then kept
    label = dict(zip(r.articles["article_id"], r.articles["outlet"], strict=True))
    expected = eager[eager["article_id"].isin(set(keep))].reset_index(drop=True)
    expected["outlet"] = expected["article_id"].map(label)
    for got in (r.frame_cues, copy.frame_cues):
        pd.testing.assert_frame_equal(got, expected)
    # outlet grain pools the sentences; the frame cue rows stay per article
    pd.testing.assert_frame_equal(pooled.frame_cues, plain.frame_cues)
    assert not pooled.frame_cues["article_id"].str.startswith("outlet:").any()


def test_by_outlet_pools_sentences_and_recomputes_intervals():
    require_story40()
    a = _story(12)
    plain = restrict(a, a.articles["article_id"], relabel=False)
    o = by_outlet(plain, settings=a.settings)
    assert o.articles["outlet"].is_unique and len(o.articles) == 11
    twice = a.articles["outlet"].value_counts().idxmax()
    parts = a.sentences[a.sentences["outlet"] == twice]
    unit = o.articles.set_index("outlet").loc[twice]
    expected = 100 * parts["hedge"].sum() / parts["n_words"].sum()
    assert unit["hedge_rate"] == pytest.approx(expected)
    assert unit["n_sentences"] == len(parts)
    assert unit["hedge_rate_lo"] <= unit["hedge_rate"] <= unit["hedge_rate_hi"]
    # sentence ids are unique within a unit, and cues point at the right sentence text
    s = o.sentences[o.sentences["outlet"] == twice]
    assert s["sent_id"].is_unique
    c = o.cues[o.cues["outlet"] == twice]
    if len(c):
        by_sid = s.set_index("sent_id")["text"]
        assert all(
            t.lower() in by_sid[sid].lower() for sid, t in zip(c.sent_id, c.text, strict=True)
        )
    # an outlet with one article keeps its article's rates
    single = a.articles[a.articles["outlet"] != twice].iloc[0]
    same = o.articles.set_index("outlet").loc[single["outlet"]]
    for col in ("hedge_rate", "intensity_rate", "sentiment_mean", "quote_share"):
        assert same[col] == pytest.approx(single[col], nan_ok=True), col
    assert set(o.stance["article_id"]) <= set(o.articles["article_id"])


@pytest.mark.parametrize("n", [2, 5, ALL_COLOURED])
def test_focus_colors_small_stories_all_coloured(n):
    labels = [f"outlet {i}" for i in range(n)]
    colors = focus_colors(labels, [])
    assert GREY not in colors.values() and len(set(colors.values())) == n
    assert colors == focus_colors(list(reversed(labels)), ["outlet 1"])  # order-free


def test_focus_colors_many_rows_grey_except_focus():
    labels = [f"o{i:02d}" for i in range(40)]
    colors = focus_colors(labels, ["o05", "nope", "o30", "o05", "o01", "o02", "o03", "o04"])
    coloured = {k: v for k, v in colors.items() if v != GREY}
    assert set(coloured) == {"o05", "o30", "o01", "o02", "o03"}  # the first five known
    assert colors["o05"] == FOCUS_COLORS[0] and colors["o30"] == FOCUS_COLORS[1]
    assert np.sum([v == GREY for v in colors.values()]) == 35


@pytest.mark.parametrize(("include", "flagged", "lines"), [
    (False, False, ["Y: very short"]),
    (True, False, []),
    (True, True, ["Y: very short"]),
])  # fmt: skip
def test_set_aside_lines_for_the_banner(include, flagged, lines):
    from framing.comparison import set_aside_lines

    arts = _arts([["a", "X", "t", "", 300, ""], ["b", "Y", "u", "", 50, "very_short"]])
    cs = comparison_set(arts, include_flagged=include)
    assert set_aside_lines(cs, flagged=flagged) == lines

"""Findings are computed from the tables: ratios, reliability from intervals, edge cases."""

from __future__ import annotations

import pandas as pd
import pytest

from framing.findings import findings, reliability

try:
    from tests import fixtures_tables as F
except ImportError:  # tests/ is not a package: pytest puts it on sys.path
    import fixtures_tables as F

NAN = float("nan")


def _arts(**cols) -> pd.DataFrame:
    base = {"outlet": ["X", "Y"], "title": ["x", "y"]}
    base.update(cols)
    return pd.DataFrame(base)


def _about(out: list[str], word: str) -> list[str]:
    return [f for f in out if word in f]


@pytest.mark.parametrize(
    ("bounds", "expected"),
    [
        ((0, 1, 2, 3), "reliable"),
        ((2, 3, 0, 1), "reliable"),
        ((0, 2, 1, 3), "not reliable"),
        ((0, 1, 1, 2), "reliable"),  # touching intervals: the difference is still reliable
        ((0, 1, 0.9, 1.9), "reliable"),  # overlapping intervals can differ reliably
        ((0, 4, 1, 5), "not reliable"),
        ((0, NAN, 1, 2), None),
        ((None, 1, 1, 2), None),
    ],
)
def test_reliability(bounds, expected):
    assert reliability(*bounds) == expected


def test_fixture_story_findings():
    out = findings(F.articles_table(), F.stance_table(), F.coverage_table())
    assert out[1] == (
        "“B · Distance” uses 3.1× fewer loaded/intense words per 100 words than “A · Steps In” "
        "(1.50 vs 4.65); the difference is reliable (its 95% interval excludes zero)."
    )
    assert (
        "On the “Russia” axis, “A · Steps In” leans toward support (+0.6) while "
        "“B · Distance” leans toward distance (−0.7); the difference is reliable "
        "(its 95% interval excludes zero)."
    ) in out
    assert "Only “A · Steps In” covers the cluster ‘embassy · citizens’ (2 sentences)." in out
    assert "Only “B · Distance” covers the cluster ‘talks · moscow’ (3 sentences)." in out
    assert any(
        f.startswith("“A · Steps In” gives the most room to direct quotes: 35%") for f in out
    )


def test_overlapping_intervals_are_not_reliable():
    out = _about(findings(F.articles_table(overlap=True)), "loaded/intense")
    assert out == [
        "“B · Distance” uses 1.7× fewer loaded/intense words per 100 words than “A · Steps In” "
        "(2.80 vs 4.65); the difference is not reliable (its 95% interval includes zero: "
        "it could be chance)."
    ]


def test_ratio_follows_the_data():
    arts = _arts(hedge_rate=[2.0, 10.0], hedge_rate_lo=[1.0, 9.0], hedge_rate_hi=[3.0, 11.0])
    assert _about(findings(arts), "hedges")[0].startswith("“X” uses 5.0× fewer hedges")
    arts["hedge_rate"] = [10.0, 2.0]
    assert _about(findings(arts), "hedges")[0].startswith("“Y” uses 5.0× fewer hedges")


@pytest.mark.parametrize(
    ("values", "expected_start"),
    [
        ([0.0, 2.0], "“X” uses no hedges at all, while “Y” uses 2.00 per 100 words"),
        ([0.0, 0.0], "All outlets use the same rate of hedges (0.00 per 100 words)."),
        ([1.5, 1.5], "All outlets use the same rate of hedges (1.50 per 100 words)."),
    ],
)
def test_zeros_never_divide(values, expected_start):
    arts = _arts(hedge_rate=values, hedge_rate_lo=[0.0, 0.0], hedge_rate_hi=[0.5, 3.0])
    (text,) = _about(findings(arts), "hedges")
    assert text.startswith(expected_start)
    assert "inf" not in text and "nan" not in text


def test_missing_interval_makes_no_claim():
    arts = _arts(hedge_rate=[1.0, 2.0], hedge_rate_lo=[NAN, 1.5], hedge_rate_hi=[1.2, 2.5])
    (text,) = _about(findings(arts), "hedges")
    assert text.endswith("(no interval available to judge the difference).")


def test_nan_values_are_skipped():
    arts = _arts(hedge_rate=[NAN, 2.0], intensity_rate=[NAN, NAN], sentiment_mean=[NAN, 0.1])
    out = findings(arts)
    assert not _about(out, "hedges") and not _about(out, "intense") and not _about(out, "tone")
    assert all("nan" not in f.lower() for f in out)


def test_one_outlet_only():
    arts = F.articles_table().iloc[:1]
    assert findings(arts, F.stance_table().iloc[:1], F.coverage_table().iloc[:1]) == [
        "Only one article (“A · Steps In”) is loaded: add another outlet's article on the "
        "same story to compare framing."
    ]


def test_no_articles():
    assert findings(pd.DataFrame()) == ["No articles loaded yet."]


def test_sentiment_contrast_and_quotes():
    arts = _arts(
        sentiment_mean=[-0.5, 0.2], sentiment_mean_lo=[-0.6, -0.7], sentiment_mean_hi=[-0.4, 0.9],
        quote_share=[0.0, 0.0],
    )  # fmt: skip
    out = findings(arts)
    assert (
        "“X” is more negative in tone (mean VADER −0.50) than “Y” (+0.20); "
        "the difference is not reliable (its 95% interval includes zero: it could be chance)."
    ) in out
    assert "No outlet quotes anyone directly." in out


def test_stance_near_middle_and_single_outlet_axis():
    stance = F.stance_table()
    stance = pd.concat(
        [stance, pd.DataFrame([{**stance.iloc[0].to_dict(), "axis": "Solo", "outlet": "A"}])]
    )
    out = [f for f in findings(F.articles_table(), stance) if f.startswith("On the")]
    assert len(out) == 2  # the one-outlet axis is skipped
    assert "“B · Distance” stays near the middle (0.0)" in out[1]


def test_omission_with_three_outlets():
    cov = pd.DataFrame(
        {
            "outlet": ["A", "B", "C"], "cluster": [0, 0, 0], "label": ["talks"] * 3,
            "sentences": [2, 0, 3], "omitted": [False, True, False],
        }
    )  # fmt: skip
    out = findings(F.articles_table(), coverage=cov)
    assert "“B” leaves out the cluster ‘talks’, which 2 other outlets cover (5 sentences)." in out


def test_findings_are_plain_text_not_html():
    arts = F.articles_table(hostile=True)
    out = findings(arts)
    assert any(F.HOSTILE in f for f in out)  # raw: the UI escapes it


@pytest.mark.parametrize(
    ("positions", "n_terms", "expected"),
    [
        (
            (-0.8, -0.5),
            (3, 3),
            "both “A” and “B” lean toward left, “A” more strongly (−0.8 vs −0.5)",
        ),
        ((0.1, -0.1), (3, 3), "“A” and “B” both stay near the middle (+0.1, −0.1)"),
        ((0.9, 0.0), (3, 0), None),  # B has no term of the axis: no comparison
    ],
)
def test_stance_wording(positions, n_terms, expected):
    stance = pd.DataFrame(
        {
            "outlet": ["A", "B"], "axis": ["ax", "ax"], "left_label": ["left"] * 2,
            "right_label": ["right"] * 2, "position": list(positions),
            "position_lo": [p - 0.5 for p in positions], "position_hi": [p + 0.5 for p in positions],
            "n_left": list(n_terms), "n_right": [0, 0],
        }
    )  # fmt: skip
    out = [f for f in findings(_arts(), stance) if f.startswith("On the")]
    if expected is None:
        assert out == []
    else:
        assert len(out) == 1 and expected in out[0]


def test_docstring_examples_run():
    import doctest

    import framing.findings

    result = doctest.testmod(framing.findings)
    assert result.attempted > 0 and result.failed == 0


# ---- ranking and many outlets -------------------------------------------------------------


def test_ranked_reliable_first_then_descriptions_then_the_rest():
    from framing.findings import ranked_findings

    out = ranked_findings(F.articles_table(), F.stance_table(), F.coverage_table())
    groups = [f.rank_group for f in out]
    assert groups == sorted(groups)
    reliable = [f for f in out if f.rank_group == 0]
    assert [f.effect for f in reliable] == sorted((f.effect for f in reliable), reverse=True)
    assert all(f.reliable for f in reliable)
    assert findings(F.articles_table(), F.stance_table(), F.coverage_table()) == [
        f.text for f in out
    ]


@pytest.mark.parametrize(
    ("n_zero", "named"),
    [(1, "“O00” uses no hedges"), (2, "“O00” and “O01” use no hedges"),
     (3, "“O00”, “O01” and 1 other use no hedges"),
     (15, "“O00”, “O01” and 13 others use no hedges")],
)  # fmt: skip
def test_a_finding_names_at_most_three_outlets(n_zero, named):
    n = 20
    rates = [0.0] * n_zero + [1.0 + i for i in range(n - n_zero)]
    arts = pd.DataFrame(
        {
            "outlet": [f"O{i:02d}" for i in range(n)],
            "hedge_rate": rates,
            "hedge_rate_lo": [max(0.0, r - 0.5) for r in rates],
            "hedge_rate_hi": [r + 0.5 for r in rates],
            "quote_share": [0.0] * 10 + [0.1 * i for i in range(10)],
        }
    )
    out = findings(arts)
    hedges = _about(out, "hedges")[0]
    assert hedges.startswith(named)
    for text in out:
        assert sum(f"“O{i:02d}”" in text for i in range(n)) <= 3, text
    quotes = _about(out, "direct quotes")[0]
    assert "median" in quotes and "quote no one directly" in quotes


@pytest.mark.parametrize(
    ("n_missing", "start"),
    [(3, "“O09”, “O10” and “O11” leave out the cluster ‘c’, which 9 other outlets cover"),
     (5, "“O07”, “O08”, “O09” and 2 others leave out the cluster ‘c’, which 7 other")],
)  # fmt: skip
def test_omissions_name_at_most_three(n_missing, start):
    rows = []
    for i in range(12):
        missing = i >= 12 - n_missing
        rows.append([f"O{i:02d}", 0, "c", 0 if missing else 2, missing])
        rows.append([f"O{i:02d}", 1, "d", 1, False])
    cov = pd.DataFrame(rows, columns=["outlet", "cluster", "label", "sentences", "omitted"])
    text = _about(findings(F.articles_table(), None, cov), "leave out")[0]
    assert text.startswith(start)


def test_the_sample_story_leads_with_the_stance_contrast():
    from framing import Settings, analyze
    from framing.ingest import load_sample

    a = analyze(load_sample(), Settings(bootstrap=200))
    first = findings(a.articles, a.stance)[0]
    assert first.startswith("On the “support ↔ distance” axis")
    assert "support" in first and "distance" in first and "is reliable" in first


def test_set_aside_articles_never_appear_in_the_findings_of_the_restricted_story():
    from story40 import require_story40, story40

    from framing import Settings, analyze
    from framing.comparison import comparison_set, restrict

    require_story40()
    a = analyze(story40(40), Settings(bootstrap=200))
    cs = comparison_set(a.articles, set_aside=a.set_aside_table())
    r = restrict(a, cs.loc[cs["included"], "article_id"], comparison=cs)
    text = " ".join(findings(r.articles, r.stance))
    aside = list(cs.loc[~cs["included"], "outlet"])
    assert len(aside) == 4
    for outlet in aside:
        assert f"“{outlet}”" not in text

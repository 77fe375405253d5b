"""Chart builders: titles, axis titles, one legend entry per outlet, consistent colours, data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from framing import charts
from framing.charts import OKABE_ITO, TOL_MUTED, Chart, modebar_config, outlet_colors

try:
    from tests import fixtures_tables as F
except ImportError:  # tests/ is not a package: pytest puts it on sys.path
    import fixtures_tables as F


def _builders():
    return {
        "profile": lambda c: charts.profile_chart(F.articles_table(), colors=c),
        "stance": lambda c: charts.stance_chart(F.stance_table(), colors=c),
        "emphasis": lambda c: charts.emphasis_chart(F.coverage_table(), colors=c),
        "actor_tone": lambda c: charts.actor_tone_chart(F.actors_table(), colors=c),
        "sentence_map": lambda c: charts.sentence_map(F.sentences_table(), colors=c),
    }


OUTLET_BUILDERS = list(_builders())
ALL_BUILDERS = {
    **_builders(),
    "coverage": lambda c: charts.coverage_heatmap(F.coverage_table()),
    "quotes": lambda c: charts.quotes_chart(F.quotes_table()),
}


def _legend_names(fig: go.Figure) -> list[str]:
    return [t.name for t in fig.data if t.showlegend is not False]


# ---- colours ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outlets", "expected"),
    [
        (["b", "a", "b"], {"a": OKABE_ITO[0], "b": OKABE_ITO[1]}),
        (["z"], {"z": OKABE_ITO[0]}),
        ([], {}),
        ([f"o{i:02d}" for i in range(10)], {"o08": TOL_MUTED[0], "o09": TOL_MUTED[1]}),
    ],
)
def test_outlet_colors_stable_sorted_and_cycling(outlets, expected):
    colors = outlet_colors(outlets)
    assert {k: colors[k] for k in expected} == expected
    assert outlet_colors(list(reversed(outlets))) == colors


def test_outlet_colors_cycle_beyond_both_palettes():
    names = [f"o{i:02d}" for i in range(len(OKABE_ITO) + len(TOL_MUTED) + 2)]
    colors = outlet_colors(names)
    assert len(colors) == len(names)
    assert len(set(list(colors.values())[: len(OKABE_ITO) + len(TOL_MUTED)])) == 17
    assert colors[names[-1]] == TOL_MUTED[1]


# ---- every builder ------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(ALL_BUILDERS))
def test_builder_returns_chart_with_title_axes_and_data(name):
    chart = ALL_BUILDERS[name](None)
    assert isinstance(chart, Chart)
    assert chart.name == name
    layout = chart.figure.to_dict()["layout"]
    assert layout["title"]["text"]
    assert chart.figure.layout.template.layout.plot_bgcolor == "white"  # plotly_white
    x_titles = [
        v["title"]["text"] for k, v in layout.items() if k.startswith("xaxis") and v.get("title")
    ]
    y_titles = [
        v["title"]["text"] for k, v in layout.items() if k.startswith("yaxis") and v.get("title")
    ]
    assert x_titles, "an x axis title"
    assert y_titles, "a y axis title"
    assert isinstance(chart.data, pd.DataFrame) and not chart.data.empty
    assert len(chart.figure.data) >= 1


@pytest.mark.parametrize("name", OUTLET_BUILDERS)
def test_one_legend_entry_per_outlet_with_shared_colours(name):
    cmap = outlet_colors([F.A, F.B, "C · unused"])
    chart = _builders()[name](cmap)
    legend = _legend_names(chart.figure)
    outlet_entries = [n for n in legend if not n.endswith("(hedged)")]
    assert sorted(outlet_entries) == sorted([F.A, F.B])
    for trace in chart.figure.data:
        outlet = trace.legendgroup or trace.name
        outlet = outlet.removesuffix(" (hedged)")
        assert trace.marker.color == cmap[outlet], (name, outlet)


def test_colours_consistent_across_builders_without_explicit_mapping():
    seen: dict[str, set[str]] = {}
    for name in OUTLET_BUILDERS:
        for trace in _builders()[name](None).figure.data:
            seen.setdefault(trace.legendgroup or trace.name, set()).add(trace.marker.color)
    assert seen[F.A] == {outlet_colors([F.A, F.B])[F.A]}
    assert seen[F.B] == {outlet_colors([F.A, F.B])[F.B]}


@pytest.mark.parametrize(
    "build",
    [
        charts.profile_chart,
        charts.stance_chart,
        charts.coverage_heatmap,
        charts.emphasis_chart,
        charts.actor_tone_chart,
        charts.quotes_chart,
        charts.sentence_map,
    ],
)
def test_empty_table_gives_titled_placeholder(build):
    chart = build(pd.DataFrame())
    assert chart.figure.layout.title.text
    assert chart.data.empty
    assert len(chart.figure.layout.annotations) == 1


# ---- specific content ---------------------------------------------------------------------


def test_profile_has_one_panel_per_metric_and_ci_whiskers():
    chart = charts.profile_chart(F.articles_table())
    titles = [a.text for a in chart.figure.layout.annotations]
    assert titles[:2] == ["Hedging", "Intensity"]
    assert chart.figure.layout.xaxis.title.text == "per 100 words"
    assert chart.figure.layout.xaxis4.title.text == "-1 … 1"
    assert len(titles) == 5
    hedge_a = next(t for t in chart.figure.data if t.name == F.A and t.xaxis == "x")
    # A: 1.0 with interval 0.2 … 1.8
    assert np.allclose(hedge_a.error_x.array, [0.8]) and np.allclose(
        hedge_a.error_x.arrayminus, [0.8]
    )
    quote_trace = next(t for t in chart.figure.data if t.name == F.A and t.xaxis == "x5")
    assert quote_trace.error_x.visible is False  # quote_share has no interval
    assert set(chart.data["metric"]) == {"hedge_rate", "intensity_rate", "loaded_verb_rate",
                                         "sentiment_mean", "quote_share"}  # fmt: skip
    assert len(chart.data) == 10


def test_profile_keeps_two_articles_of_one_outlet_apart():
    arts = F.articles_table()
    arts.loc[1, "outlet"] = F.A
    chart = charts.profile_chart(arts, metrics=["hedge_rate"])
    assert chart.data["article"].nunique() == 2
    assert len(_legend_names(chart.figure)) == 1


def test_stance_dots_whiskers_and_pole_labels():
    chart = charts.stance_chart(F.stance_table())
    texts = {a.text for a in chart.figure.layout.annotations}
    assert {"← distance", "support →", "← restraint", "aggression →"} <= texts
    b = next(t for t in chart.figure.data if t.name == F.B)
    assert np.allclose(b.x, [-0.7, 0.0])
    assert np.allclose(b.error_x.arrayminus, [0.3, 0.5])
    assert list(chart.figure.layout.xaxis.range) == [-1.08, 1.08]
    assert list(chart.figure.layout.yaxis.ticktext) == ["Russia", "US"]


def test_coverage_marks_omissions_in_cell_text():
    chart = charts.coverage_heatmap(F.coverage_table())
    heat = chart.figure.data[0]
    text = np.asarray(heat.text)
    assert (text == "✕ omitted").sum() == 2
    assert list(heat.x) == [F.A, F.B]
    assert chart.data["omitted"].sum() == 2


def test_emphasis_bars_and_reference_line():
    chart = charts.emphasis_chart(F.coverage_table())
    b = next(t for t in chart.figure.data if t.name == F.B)
    assert dict(zip(b.y, b.x, strict=True))["talks · moscow"] == 3.0
    assert any(s.x0 == 1 for s in chart.figure.layout.shapes)


def test_actor_tone_two_panels_sized_by_mentions():
    chart = charts.actor_tone_chart(F.actors_table())
    assert {a.text for a in chart.figure.layout.annotations} >= {
        "In the outlet's own words", "Inside quotations"
    }  # fmt: skip
    own_a = next(t for t in chart.figure.data if t.name == F.A and t.xaxis == "x")
    sizes = dict(zip(own_a.customdata[:, 0], own_a.marker.size, strict=True))
    assert sizes["Russia"] > sizes["Putin"]
    # B never quoted Russia: no "quoted" point for it
    quoted = chart.data[chart.data["where"] == "quoted"]
    assert not ((quoted["outlet"] == F.B) & (quoted["actor"] == "Russia")).any()


def test_actor_tone_pools_two_articles_weighted_by_n():
    actors = pd.concat([F.actors_table().iloc[:1], F.actors_table().iloc[:1]])
    actors.iloc[1, actors.columns.get_loc("tone_own")] = 1.0
    actors.iloc[1, actors.columns.get_loc("n_own")] = 1
    chart = charts.actor_tone_chart(actors)
    own = chart.data[(chart.data["where"] == "own words")].iloc[0]
    assert own["tone"] == pytest.approx((0.4 * 3 + 1.0 * 1) / 4)


def test_quotes_coloured_by_verb_kind_not_outlet():
    chart = charts.quotes_chart(F.quotes_table())
    legend = _legend_names(chart.figure)
    assert sorted(legend) == sorted(label for label, _, _ in charts.VERB_KIND_STYLE.values())
    assert {a.text for a in chart.figure.layout.annotations} >= {F.A, F.B}
    row = chart.data[(chart.data["speaker"] == "Lavrov")].iloc[0]
    assert (row["verb_kind"], row["quotes"], row["words"]) == ("loaded", 1, 5)
    assert "(unattributed)" in set(chart.data["speaker"])


def test_sentence_map_hover_text_and_hedge_symbols():
    chart = charts.sentence_map(F.sentences_table())
    hedged = [t for t in chart.figure.data if t.name.endswith("(hedged)")]
    assert hedged and all(t.marker.symbol == "diamond-open" for t in hedged)
    assert all(t.showlegend is not False for t in hedged)
    texts = [x for t in chart.figure.data for x in t.text]
    assert any("reportedly" in x for x in texts)
    assert chart.data["position"].between(0, 1).all()


def test_user_text_is_escaped_in_figures_but_raw_in_data():
    arts = F.articles_table(hostile=True)
    chart = charts.profile_chart(arts)
    names = set(_legend_names(chart.figure))
    assert '&lt;script&gt;alert("x")&lt;/script&gt; &amp; Co' in names
    assert not any("<script" in n for n in names)
    assert F.HOSTILE in set(chart.data["outlet"])


def test_all_charts_shares_one_palette():
    out = charts.all_charts(
        articles=F.articles_table(), stance=F.stance_table(), coverage=F.coverage_table(),
        actors=F.actors_table(), quotes=F.quotes_table(), sentences=F.sentences_table(),
    )  # fmt: skip
    assert [c.name for c in out] == [
        "profile", "stance", "coverage", "emphasis", "actor_tone", "quotes", "sentence_map"
    ]  # fmt: skip
    assert charts.all_charts() == []


@pytest.mark.parametrize(
    ("name", "fmt", "stem"),
    [("profile", "png", "profile"), ("a/b c", "svg", "a_b_c"), ("", "png", "chart")],
)
def test_modebar_config(name, fmt, stem):
    cfg = modebar_config(name, image_format=fmt)
    assert cfg["toImageButtonOptions"] == {"format": fmt, "filename": stem, "scale": 2}
    assert cfg["displaylogo"] is False


def test_modebar_config_rejects_unknown_format():
    with pytest.raises(ValueError, match="image_format"):
        modebar_config("x", image_format="gif")


def test_stance_drops_articles_without_axis_terms():
    stance = F.stance_table()
    stance.loc[3, ["n_left", "n_right", "position"]] = [0, 0, 0.0]
    chart = charts.stance_chart(stance)
    b = next(t for t in chart.figure.data if t.name == F.B)
    assert np.allclose(b.x, [-0.7])
    assert len(chart.data) == 3


def test_emphasis_labels_omitted_bars():
    chart = charts.emphasis_chart(F.coverage_table())
    b = next(t for t in chart.figure.data if t.name == F.B)
    labels = dict(zip(b.y, b.text, strict=True))
    assert labels["embassy · citizens"] == "✕ omitted" and labels["talks · moscow"] == ""


def test_coverage_leaves_omitted_cells_blank():
    heat = charts.coverage_heatmap(F.coverage_table()).figure.data[0]
    z, text = np.asarray(heat.z, dtype=float), np.asarray(heat.text)
    assert np.isnan(z[text == "✕ omitted"]).all()
    assert not np.isnan(z[text != "✕ omitted"]).any()


FUZZ = {
    "profile": (charts.profile_chart, F.articles_table),
    "stance": (charts.stance_chart, F.stance_table),
    "coverage": (charts.coverage_heatmap, F.coverage_table),
    "emphasis": (charts.emphasis_chart, F.coverage_table),
    "actor_tone": (charts.actor_tone_chart, F.actors_table),
    "quotes": (charts.quotes_chart, F.quotes_table),
    "sentence_map": (charts.sentence_map, F.sentences_table),
}


@pytest.mark.parametrize("name", list(FUZZ))
@pytest.mark.parametrize("seed", range(4))
def test_builders_survive_missing_values(name, seed):
    """Random None/NaN holes in any column: a titled figure, never an exception."""
    build, table = FUZZ[name]
    rng = np.random.default_rng(seed)
    df = table().astype(object)
    for col in df.columns:
        if rng.random() < 0.4:
            df.loc[rng.random(len(df)) < 0.5, col] = None if rng.random() < 0.5 else np.nan
    chart = build(df)
    assert chart.figure.layout.title.text and chart.name == name


@pytest.mark.parametrize("n_outlets", [1, 4, 11, 40])
def test_quotes_chart_grows_with_many_quoted_outlets(n_outlets: int) -> None:
    """Panels wrap in rows; plotly's spacing limit must never be hit (it broke at 10+)."""
    base = F.quotes_table().iloc[[0]]
    quotes = pd.concat(
        [base.assign(outlet=f"Outlet {i:02d}", article_id=f"a{i}") for i in range(n_outlets)],
        ignore_index=True,
    )
    chart = charts.quotes_chart(quotes)
    assert len(chart.figure.data) == n_outlets  # one bar trace per outlet panel
    assert set(chart.data["outlet"]) == {f"Outlet {i:02d}" for i in range(n_outlets)}

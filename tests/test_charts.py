"""Chart builders: titles, labelled rows, focus colours, data plotted, heights at 2-40 rows."""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from framing import charts
from framing.charts import (
    MAX_HEIGHT,
    OKABE_ITO,
    TOL_MUTED,
    Chart,
    modebar_config,
    outlet_colors,
)
from framing.comparison import GREY, focus_colors

try:
    from tests import fixtures_tables as F
except ImportError:  # tests/ is not a package: pytest puts it on sys.path
    import fixtures_tables as F


ALL_BUILDERS = {
    "profile": lambda c: charts.profile_chart(F.articles_table(), colors=c),
    "stance": lambda c: charts.stance_chart(F.stance_table(), colors=c),
    "coverage": lambda c: charts.coverage_heatmap(F.coverage_table(), colors=c),
    "emphasis": lambda c: charts.emphasis_chart(F.coverage_table(), colors=c),
    "actor_tone": lambda c: charts.actor_tone_chart(F.actors_table(), colors=c),
    "quotes": lambda c: charts.quotes_chart(F.quotes_table(), colors=c),
    "sentence_map": lambda c: charts.sentence_map(F.sentences_table(), colors=c),
}
ROW_BUILDERS = ["profile", "stance", "coverage", "emphasis", "actor_tone", "quotes"]


def _ticks(fig: go.Figure) -> list[str]:
    return list(fig.layout.yaxis.ticktext or [])


def _marker_colors(fig: go.Figure) -> set[str]:
    out: set[str] = set()
    for t in fig.data:
        if getattr(t, "marker", None) is None or t.marker.color is None:
            continue
        if t.x is not None and list(t.x) == [None]:  # a legend key, no data
            continue
        c = t.marker.color
        out.update([c] if isinstance(c, str) else list(c))
    return out


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


# ---- every builder ------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(ALL_BUILDERS))
def test_builder_returns_chart_with_title_axes_and_data(name):
    chart = ALL_BUILDERS[name](None)
    assert isinstance(chart, Chart)
    assert chart.name == name
    layout = chart.figure.to_dict()["layout"]
    assert layout["title"]["text"] and layout["title"]["subtitle"]["text"]
    assert chart.figure.layout.template.layout.plot_bgcolor == "white"  # plotly_white
    x_titles = [
        v["title"]["text"] for k, v in layout.items() if k.startswith("xaxis") and v.get("title")
    ]
    assert x_titles, "an x axis title (unit)"
    assert isinstance(chart.data, pd.DataFrame) and not chart.data.empty
    assert len(chart.figure.data) >= 1


@pytest.mark.parametrize("name", ROW_BUILDERS)
def test_rows_are_labelled_and_no_outlet_legend(name):
    chart = ALL_BUILDERS[name](None)
    ticks = [t.replace("<b>", "").replace("</b>", "") for t in _ticks(chart.figure)]
    assert set(ticks) >= {F.A, F.B}
    legend = {t.name for t in chart.figure.data if t.showlegend}
    assert not legend & {F.A, F.B}


@pytest.mark.parametrize("name", ["profile", "stance", "emphasis", "actor_tone"])
def test_rows_take_the_colours_given_and_grey_for_the_rest(name):
    cmap = {F.A: "#0072B2", F.B: GREY}
    colors = _marker_colors(ALL_BUILDERS[name](cmap).figure)
    assert "#0072B2" in colors and GREY in colors
    assert colors <= {"#0072B2", GREY, "#C0504D"}  # (emphasis: the omission mark)


def test_sentence_map_names_focus_outlets_and_pools_the_grey_ones():
    cmap = {F.A: "#0072B2", F.B: GREY}
    fig = charts.sentence_map(F.sentences_table(), colors=cmap).figure
    names = {t.name.removesuffix(" (hedged)") for t in fig.data}
    assert names == {"other outlets", F.A}
    assert fig.data[0].name.startswith("other outlets")  # grey drawn first, under the focus


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


def test_profile_is_a_forest_plot_with_pooled_line():
    chart = charts.profile_chart(F.articles_table())
    fig = chart.figure
    titles = [a.text for a in fig.layout.annotations]
    assert titles == ["Hedging", "Intensity", "Loaded reporting verbs", "Sentiment (VADER)",
                      "Quoted words"]  # fmt: skip
    assert fig.layout.xaxis.title.text == "per 100 words"
    assert fig.layout.xaxis4.title.text == "-1 … 1"
    # sorted by hedging, highest on top: B (3.0) above A (1.0)
    assert [t.replace("<b>", "").replace("</b>", "") for t in _ticks(fig)] == [F.B, F.A]
    hedge_a = next(t for t in fig.data if t.name == F.A and t.xaxis == "x")
    assert np.allclose(hedge_a.error_x.array, [0.8]) and np.allclose(
        hedge_a.error_x.arrayminus, [0.8]
    )
    quote_a = next(t for t in fig.data if t.name == F.A and t.xaxis == "x5")
    assert quote_a.error_x.visible is False  # quote_share has no interval
    pooled = [s for s in fig.layout.shapes if s.type == "line" and s.line.dash == "dash"]
    assert len(pooled) == 5
    data = chart.data
    assert list(data.columns) == ["measure", "unit", "row", "outlet", "value", "95% low",
                                  "95% high", "story as a whole"]  # fmt: skip
    assert len(data) == 10
    words = F.articles_table()["n_words"].to_numpy(dtype=float)
    expected = np.average([1.0, 3.0], weights=words)
    hedge = data[data["measure"] == "Hedging"]["story as a whole"].unique()
    assert hedge == pytest.approx([expected])
    assert pooled[0].x0 == pytest.approx(expected)


def test_profile_keeps_two_articles_of_one_outlet_apart():
    arts = F.articles_table()
    arts.loc[1, "outlet"] = F.A
    arts["published"] = ["2024-01-01", "2024-01-02"]
    chart = charts.profile_chart(arts, metrics=["hedge_rate"])
    assert chart.data["row"].nunique() == 2
    assert all(" · 2024-01-0" in r for r in chart.data["row"])
    assert len(_ticks(chart.figure)) == 2


def test_stance_rows_apart_pole_words_and_balanced_band():
    chart = charts.stance_chart(F.stance_table())
    fig = chart.figure
    assert [a.text for a in fig.layout.annotations] == ["Russia", "US"]
    assert fig.layout.xaxis.title.text == "← distance · support →"
    a = next(t for t in fig.data if t.name == F.A and t.xaxis == "x")
    b = next(t for t in fig.data if t.name == F.B and t.xaxis == "x")
    assert list(a.text) == ["SUPPORT"] and list(b.text) == ["DISTANCE"]
    assert a.y[0] != b.y[0]  # one row each, never stacked
    assert np.allclose(b.error_x.arrayminus, [0.3])
    band = [s for s in fig.layout.shapes if s.type == "rect"]
    assert band and band[0].x0 == pytest.approx(-0.2)
    assert set(chart.data["reads as"]) == {"support", "distance", "aggression", "balanced"}


def test_stance_drops_articles_without_axis_terms():
    stance = F.stance_table()
    stance.loc[3, ["n_left", "n_right", "position"]] = [0, 0, 0.0]
    chart = charts.stance_chart(stance)
    assert len(chart.data) == 3
    assert not ((chart.data["axis"] == "US") & (chart.data["row"] == F.B)).any()


def test_coverage_rows_are_outlets_and_omissions_marked():
    chart = charts.coverage_heatmap(F.coverage_table())
    heat = chart.figure.data[0]
    assert list(heat.y) == [F.A, F.B]
    z = np.asarray(heat.z, dtype=float)
    assert np.isnan(z).sum() == 2  # the two omissions are white cells
    text = chart.figure.data[1]
    assert list(text.text).count("✕ omitted") == 2
    assert chart.data["omitted"].sum() == 2
    assert set(chart.data.columns) >= {"row", "cluster label", "share of its sentences"}


def test_coverage_at_40_rows_labels_every_row_and_writes_no_cell_text():
    cov = pd.concat(
        [F.coverage_table().assign(outlet=lambda d, i=i: d["outlet"] + f" {i:02d}")
         for i in range(20)],
        ignore_index=True,
    )  # fmt: skip
    chart = charts.coverage_heatmap(cov)
    fig = chart.figure
    assert len(fig.layout.yaxis.tickvals) == 40
    assert all(t.type == "heatmap" for t in fig.data)  # no text layer over small cells
    assert fig.layout.height <= MAX_HEIGHT


def test_emphasis_small_multiples_with_reference_line():
    chart = charts.emphasis_chart(F.coverage_table())
    fig = chart.figure
    assert len(fig.layout.annotations) == 3  # one panel per cluster
    dots = [t for t in fig.data if t.name == "emphasis"]
    values = {(y, x) for t in dots for y, x in zip(t.y, t.x, strict=True)}
    assert (F.B, 3.0) in values
    omitted = [t for t in fig.data if t.name == "omitted"]
    assert sum(len(t.x) for t in omitted) == 2 and all(x == 0 for t in omitted for x in t.x)
    assert sum(1 for s in fig.layout.shapes if s.x0 == 1) == 3


def test_actor_tone_panels_per_actor_own_and_quoted():
    chart = charts.actor_tone_chart(F.actors_table())
    titles = {a.text for a in chart.figure.layout.annotations}
    assert {"Russia", "Putin"} <= titles
    quoted = chart.data[chart.data["where"] == "quoted"]
    assert not ((quoted["row"] == F.B) & (quoted["actor"] == "Russia")).any()
    legend = {t.name for t in chart.figure.data if t.showlegend}
    assert legend == {"own words", "quoted"}


def test_actor_tone_pools_two_articles_weighted_by_n():
    actors = pd.concat([F.actors_table().iloc[:1], F.actors_table().iloc[:1]])
    actors.iloc[1, actors.columns.get_loc("tone_own")] = 1.0
    actors.iloc[1, actors.columns.get_loc("n_own")] = 1
    chart = charts.actor_tone_chart(actors)
    own = chart.data[(chart.data["where"] == "own words")].iloc[0]
    assert own["tone (VADER −1 … +1)"] == pytest.approx((0.4 * 3 + 1.0 * 1) / 4)


def test_quotes_share_one_scale_and_leave_scare_quotes_out():
    chart = charts.quotes_chart(F.quotes_table())
    fig = chart.figure
    legend = {t.name for t in fig.data if t.showlegend}
    assert legend <= {label for label, _, _ in charts.VERB_KIND_STYLE.values()}
    ranges = {tuple(v["range"]) for k, v in fig.layout.to_plotly_json().items()
              if k.startswith("xaxis") and v.get("range")}  # fmt: skip
    assert len(ranges) == 1  # every panel on one scale
    row = chart.data[chart.data["speaker"] == "Lavrov"].iloc[0]
    assert (row["verb kind"], row["quotations"], row["quoted words"]) == ("loaded", 1, 5)
    assert chart.data["quotations"].sum() == 2  # the scare quote is not a quotation


def test_sentence_map_hover_text_and_hedge_symbols():
    chart = charts.sentence_map(F.sentences_table())
    hedged = [t for t in chart.figure.data if t.name.endswith("(hedged)")]
    assert hedged and all(t.marker.symbol == "diamond-open" for t in hedged)
    texts = [x for t in chart.figure.data for x in t.text]
    assert any("reportedly" in x for x in texts)
    assert chart.data["position (0 = first, 1 = last)"].between(0, 1).all()


def test_user_text_is_escaped_in_figures_but_raw_in_data():
    arts = F.articles_table(hostile=True)
    chart = charts.profile_chart(arts)
    ticks = _ticks(chart.figure)
    assert any("&lt;script&gt;" in t for t in ticks)
    assert not any("<script" in t for t in ticks)
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
    a_colors = set()
    for c in out:
        for t in c.figure.data:
            if t.name == F.A:
                a_colors.add(t.marker.color)
    assert a_colors == {focus_colors([F.A, F.B])[F.A]}


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


# ---- many rows ----------------------------------------------------------------------------


def _many(table: pd.DataFrame, n: int) -> pd.DataFrame:
    """``n`` outlets' worth of rows, from the two-outlet fixture."""
    parts = []
    for i in range(n):
        src = table[table["outlet"] == (F.A if i % 2 == 0 else F.B)].copy()
        src["outlet"] = f"Outlet {i:02d}"
        if "article_id" in src:
            src["article_id"] = f"id{i:02d}"
        parts.append(src)
    return pd.concat(parts, ignore_index=True)


MANY = {
    "profile": (charts.profile_chart, F.articles_table),
    "stance": (charts.stance_chart, F.stance_table),
    "coverage": (charts.coverage_heatmap, F.coverage_table),
    "emphasis": (charts.emphasis_chart, F.coverage_table),
    "actor_tone": (charts.actor_tone_chart, F.actors_table),
    "quotes": (charts.quotes_chart, F.quotes_table),
}


@pytest.mark.parametrize("name", list(MANY))
@pytest.mark.parametrize("n", [2, 5, 12, 40])
def test_one_labelled_row_per_outlet_and_bounded_height(name, n):
    build, table = MANY[name]
    rows = _many(table(), n)
    focus = [f"Outlet {i:02d}" for i in (0, 3)]
    cmap = focus_colors(sorted(set(rows["outlet"])), focus)
    chart = build(rows, colors=cmap)
    fig = chart.figure
    spec = fig.to_dict()["layout"]
    ticks = [t.replace("<b>", "").replace("</b>", "") for t in spec["yaxis"]["ticktext"]]
    expected = sorted(set(chart.data["row"]))
    assert sorted(ticks) == expected and len(ticks) == len(set(ticks))
    assert fig.layout.height <= MAX_HEIGHT
    if n > 8:  # focus rows bold, the rest plain; no outlet in any legend
        bold = {t.replace("<b>", "").replace("</b>", "") for t in spec["yaxis"]["ticktext"]
                if t.startswith("<b>")}  # fmt: skip
        assert bold <= set(focus)
    assert not {t.name for t in fig.data if t.showlegend} & set(rows["outlet"])


@pytest.mark.parametrize("n", [60, 90])
def test_max_rows_keeps_top_and_bottom(n):
    arts = _many(F.articles_table(), n)
    arts["hedge_rate"] = np.arange(n, dtype=float)
    chart = charts.profile_chart(arts, max_rows=20)
    assert chart.data["row"].nunique() == 20
    assert "highest" in chart.figure.layout.title.subtitle.text
    kept = set(chart.data["row"])
    assert f"Outlet {n - 1:02d}" in kept and "Outlet 00" in kept
    assert charts.profile_chart(arts).figure.layout.height <= MAX_HEIGHT


# ---- the 40-article story -----------------------------------------------------------------


@functools.lru_cache(maxsize=4)
def _restricted(n: int):
    from story40 import story40

    from framing import Settings, analyze
    from framing.comparison import comparison_set, restrict

    a = analyze(story40(n), Settings(bootstrap=200))
    cs = comparison_set(a.articles, set_aside=a.set_aside_table())
    return restrict(a, cs.loc[cs["included"], "article_id"], comparison=cs)


@pytest.mark.parametrize("n", [2, 5, 12, 40])
def test_story_charts_every_row_once_and_no_chart_too_tall(n):
    from story40 import require_story40

    require_story40()
    r = _restricted(n)
    cmap = focus_colors(list(r.articles["outlet"]), list(r.articles["outlet"][:2]))
    out = charts.all_charts(
        articles=r.articles, stance=r.stance, actors=r.actors, quotes=r.quotes,
        sentences=r.sentences, colors=cmap,
    )  # fmt: skip
    for chart in out:
        assert chart.figure.layout.height <= MAX_HEIGHT, chart.name
    profile = out[0]
    assert profile.data["row"].nunique() == len(r.articles)
    assert len(profile.figure.layout.yaxis.ticktext) == len(r.articles)


def test_the_sample_still_shows_support_against_distance():
    from framing import Settings, analyze
    from framing.ingest import load_sample

    a = analyze(load_sample(), Settings(bootstrap=200))
    chart = charts.stance_chart(a.stance)
    first = chart.figure.layout.annotations[0].text
    assert "support" in first.lower()
    words = {str(x) for t in chart.figure.data if t.xaxis == "x" for x in t.text}
    assert words == {"SUPPORT", "DISTANCE"}
    colors = {t.marker.color for t in chart.figure.data if t.xaxis == "x"}
    assert len(colors) == 2 and GREY not in colors


def test_outlet_grain_profile_has_one_row_per_outlet():
    from story40 import require_story40, story40

    from framing import Settings, analyze
    from framing.comparison import by_outlet, restrict

    require_story40()
    a = analyze(story40(12), Settings(bootstrap=200))
    pooled = by_outlet(restrict(a, a.articles["article_id"], relabel=False), settings=a.settings)
    chart = charts.profile_chart(pooled.articles)
    assert "per outlet" in chart.figure.layout.title.subtitle.text
    assert chart.data["row"].nunique() == a.articles["outlet"].nunique() == 11
    stance = charts.stance_chart(pooled.stance)
    assert not stance.data.duplicated(["axis", "row"]).any()

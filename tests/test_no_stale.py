"""No stale screen: what is on screen and every export follow the settings in force.

- The clustering controls outlive the Clusters view: the Data view's exports use the
  clustering set there (Streamlit forgets a widget's value once the widget is not drawn), and
  the chart set of the zip and report is keyed on it.
- Editing a bundled lexicon file reaches a running app: the scores change on the next run.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from framing.store import ENV_HOME

APP = Path(__file__).resolve().parents[1] / "app.py"


@pytest.fixture
def at(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv(ENV_HOME, str(tmp_path / "home"))
    app = AppTest.from_file(str(APP), default_timeout=120)
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def _export_caption(at: AppTest) -> str:
    (caption,) = [c.value for c in at.caption if c.value.startswith("Exports use")]
    return caption


def test_exports_follow_the_clustering_controls_after_leaving_the_view(at: AppTest) -> None:
    at.segmented_control(key="view").set_value("Data").run()
    assert "(chosen automatically)" in _export_caption(at)
    at.segmented_control(key="view").set_value("Clusters").run()
    at.select_slider(key="clusters_k").set_value(3).run()
    at.slider(key="clusters_threshold").set_value(0.7).run()
    assert not at.exception
    at.segmented_control(key="view").set_value("Data").run()
    assert not at.exception
    assert _export_caption(at) == (
        "Exports use the clustering set in the Clusters view: 3 clusters, alignment threshold 0.70."
    )
    # and back in the Clusters view the controls show what is in force
    at.segmented_control(key="view").set_value("Clusters").run()
    assert at.select_slider(key="clusters_k").value == 3
    assert at.slider(key="clusters_threshold").value == pytest.approx(0.7)


def test_the_chart_set_of_the_zip_and_report_is_keyed_on_the_clustering(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from framing import charts
    from framing.models import Analysis
    from tests.fixtures_tables import articles_table
    from ui import downloads

    built: list[object] = []
    monkeypatch.setattr(charts, "all_charts", lambda **kw: built.append(kw["coverage"]) or [])
    result = Analysis(*(articles_table() for _ in range(8)))
    result.extra["story_key"] = "story-under-test"
    for coverage, controls in (("auto", {"n_clusters": None, "threshold": 0.5}),
                               ("three", {"n_clusters": 3, "threshold": 0.5}),
                               ("three", {"n_clusters": 3, "threshold": 0.5}),  # a cache hit
                               ("strict", {"n_clusters": 3, "threshold": 0.7})):  # fmt: skip
        downloads.chart_items(result, coverage, controls)
    assert built == ["auto", "three", "strict"]


def test_editing_a_bundled_lexicon_changes_the_scores_in_a_running_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from framing import lexicon

    folder = tmp_path / "lexicons"
    shutil.copytree(lexicon.LEXICON_DIR, folder)
    monkeypatch.setattr(lexicon, "LEXICON_DIR", folder)
    monkeypatch.setenv(ENV_HOME, str(tmp_path / "home"))
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.segmented_control(key="view").set_value("Data").run()

    def hedging() -> tuple[int, int]:
        (table,) = [
            d.value
            for d in at.dataframe
            if list(d.value.columns)[:3] == ["lexicon", "terms", "hits"]
        ]
        row = table.set_index("lexicon").loc["hedging"]
        return int(row["terms"]), int(row["hits"])

    terms, hits = hedging()
    with open(folder / "hedging.csv", "a", encoding="utf-8") as fh:
        fh.write("kremlin,test,1.0,test term (not a hedge)\n")  # "Kremlin" is in the sample
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    new_terms, new_hits = hedging()
    assert new_terms == terms + 1
    assert new_hits > hits


def test_the_chart_set_is_keyed_on_the_comparison_set_and_focus(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from framing import charts
    from framing.models import Analysis
    from tests.fixtures_tables import articles_table
    from ui import downloads

    built: list[tuple] = []

    def fake(**kw):
        built.append((tuple(kw["articles"]["article_id"]), tuple(kw.get("focus", ()))))
        return []

    monkeypatch.setattr(charts, "all_charts", fake)
    result = Analysis(*(articles_table() for _ in range(8)))
    result.extra["story_key"] = "story-keyed-on-comparison"
    controls = {"n_clusters": None, "threshold": 0.5}
    both, one = result.articles, result.articles.iloc[:1]
    for arts, focus in ((both, ()), (one, ()), (one, ()), (one, ("A · Steps In",))):
        downloads.chart_items(result, None, controls, articles=arts, focus=focus)
    assert built == [(("a1", "b1"), ()), (("a1",), ()), (("a1",), ("A · Steps In",))]


def test_after_moving_the_clustering_controls_the_exported_charts_and_report_follow(
    at: AppTest,
) -> None:
    """Move the controls in the running app, then build the exports from what is in force:
    the coverage chart of the zip and the report holds the new clusters, not the old ones."""
    import json

    from framing import report
    from framing.clusters import cluster
    from framing.ingest import load_sample
    from framing.models import Settings
    from framing.pipeline import analyze
    from ui import downloads, state

    at.segmented_control(key="view").set_value("Clusters").run()
    at.select_slider(key="clusters_k").set_value(3).run()
    at.slider(key="clusters_threshold").set_value(0.7).run()
    assert not at.exception
    cs = at.session_state[state.CLUSTERING]
    assert (cs.n_clusters, cs.threshold) == (3, pytest.approx(0.7))

    result = analyze(load_sample(), Settings(bootstrap=100))
    result.extra["story_key"] = "sample-no-stale"
    seen = []
    for settings in (type(cs)(), cs):  # automatic first, then what the controls set
        sc = cluster(result, settings)
        controls = {"n_clusters": settings.n_clusters, "threshold": settings.threshold}
        items = downloads.chart_items(result, sc.coverage, controls)
        (coverage,) = [c for c in items if c.name == "coverage"]
        seen.append(coverage.data["cluster"].nunique())
        ctx = report.chart_context(result.articles, story="Sample")
        args = downloads.report_args(
            "Sample", result, items=items, articles=result.articles, set_aside=None, sc=sc,
            context=ctx,
        )  # fmt: skip
        html = report.html_report(**args)
        for label in sc.clusters["label"]:
            assert json.dumps(str(label))[1:16] in html  # in the coverage chart's data
    assert seen[1] == 3 and seen[0] != seen[1]

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

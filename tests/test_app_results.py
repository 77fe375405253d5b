"""The dashboard on a folder of analysed tables (AppTest): opened read-only, every view drawn.

The folder is what ``python -m framing analyze --engine local --format parquet`` writes for the
sample (no clusters table: the Clusters view recomputes them). Only folders under the
operator's ``FRAMING_RESULTS_DIR`` (or ``--results``) open; anything else is refused.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from framing.cli import main
from framing.results import ResultsFolder
from ui.results import ROOT_ENV, cli_folder

APP = Path(__file__).resolve().parents[1] / "app.py"
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
VIEWS = ["Overview", "Side by side", "Quotes and sources", "Clusters", "Actors and stance", "Data"]


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An allowed root holding one engine output folder (Parquet) and one partial folder."""
    base = tmp_path_factory.mktemp("results-root")
    run = base / "dask-run"
    args = ["analyze", str(SAMPLE), "--out", str(run), "--bootstrap", "50", "--quiet"]
    assert main([*args, "--engine", "local", "--partition-size", "1", "--format", "parquet"]) == 0
    partial = base / "partial-run"
    shutil.copytree(run, partial)
    (partial / "stance.parquet").unlink()
    assert main([*args[:3], str(base / "csv-run"), *args[4:], "--format", "csv"]) == 0
    for name in ("cues", "sentences"):  # one damaged row in an otherwise good table
        damaged = base / f"damaged-{name}"
        shutil.copytree(base / "csv-run", damaged)
        with open(damaged / f"{name}.csv", "a", encoding="utf-8") as fh:
            fh.write("x" + "," * 60 + "\n")
    return base


def _app() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _texts(at: AppTest) -> str:
    kinds = ("markdown", "text", "caption", "subheader", "info", "warning", "error", "header")
    return "\n".join(str(e.value) for kind in kinds for e in at.get(kind)).replace("\\", "")


def _click(at: AppTest, label: str) -> None:
    (button,) = [b for b in at.button if b.label == label]
    button.click().run()
    assert not at.exception, [e.message for e in at.exception]


def _open(at: AppTest, folder: Path) -> None:
    at.selectbox(key="results_pick").select(str(folder)).run()
    _click(at, "Open")


@pytest.mark.parametrize("run", ["dask-run", "csv-run"])
def test_engine_folder_opens_read_only_and_every_view_renders(
    root: Path, monkeypatch, run: str
) -> None:
    """``dask-run``: the engine's Parquet tables; ``csv-run``: plain ``analyze`` CSV tables."""
    monkeypatch.setenv(ROOT_ENV, str(root))
    at = _app()
    assert at.selectbox(key="story").value  # the workspace first
    assert str(root / run) in at.selectbox(key="results_pick").options
    _open(at, root / run)
    (story,) = ResultsFolder(root / run).stories()
    assert at.selectbox(key="results_story").value == story
    texts = _texts(at)
    assert f"read-only: analysed tables from {root / run}" in texts
    assert story in [h.value for h in at.header]
    # nothing to add, rename or remove into these stories
    assert not at.get("file_uploader")
    labels = {b.label for b in at.button}
    assert not labels & {"Rename", "Remove article", "Delete story"}
    assert "Back to my workspace" in labels
    # the Overview of the tables shows what the scored sample shows
    stance = {m.value for m in at.metric if m.label.startswith("Stance on")}
    assert stance == {"SUPPORT", "DISTANCE"}
    assert len(at.get("plotly_chart")) >= 2
    for view in VIEWS[1:]:
        at.segmented_control(key="view").set_value(view).run()
        assert not at.exception, (view, [e.message for e in at.exception])
        assert not at.error, (view, [e.value for e in at.error])
        assert f"read-only: analysed tables from {root / run}" in _texts(at), view
    at.segmented_control(key="view").set_value("Clusters").run()
    assert len(at.get("plotly_chart")) >= 2  # recomputed from the sentences
    # an edit asked of a read-only story is refused with a message, nothing saved or crashed
    at.segmented_control(key="view").set_value("Actors and stance").run()
    save = [b for b in at.button if b.label.startswith("Save")]
    assert save
    save[0].click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert any("nothing can be added, renamed or removed" in w.value for w in at.warning)
    _click(at, "Back to my workspace")
    assert "read-only: analysed tables" not in _texts(at)
    assert at.get("file_uploader")


@pytest.mark.parametrize("path", ["/etc", "../", "dask-run/../../", str(SAMPLE)])
def test_path_outside_the_root_is_refused(root: Path, monkeypatch, path: str) -> None:
    monkeypatch.setenv(ROOT_ENV, str(root / "dask-run"))
    at = _app()
    at.text_input(key="results_path").input(path).run()
    _click(at, "Open this folder")
    assert "not inside a folder the operator allowed" in _texts(at)
    assert "read-only: analysed tables" not in _texts(at)
    assert at.get("file_uploader")  # still the workspace


def test_relative_path_under_the_root_opens(root: Path, monkeypatch) -> None:
    monkeypatch.setenv(ROOT_ENV, str(root))
    at = _app()
    at.text_input(key="results_path").input("dask-run").run()
    _click(at, "Open this folder")
    assert f"read-only: analysed tables from {root / 'dask-run'}" in _texts(at)


def test_partial_folder_gives_one_message(root: Path, monkeypatch) -> None:
    monkeypatch.setenv(ROOT_ENV, str(root))
    at = _app()
    _open(at, root / "partial-run")
    errors = [e.value for e in at.error]
    assert any("missing stance.csv or stance.parquet" in e for e in errors), errors
    assert at.get("file_uploader")


@pytest.mark.parametrize("table", ["cues", "sentences"])
def test_damaged_table_gives_one_message_and_nothing_crashes(
    root: Path, monkeypatch, table: str
) -> None:
    """The story list reads, the story's rows do not: back to the workspace, one message."""
    monkeypatch.setenv(ROOT_ENV, str(root))
    at = _app()
    _open(at, root / f"damaged-{table}")
    assert not at.exception, [e.message for e in at.exception]
    assert "read-only: analysed tables" not in _texts(at)
    errors = [e.value.replace("\\", "") for e in at.error]
    assert len(errors) == 1 and f"damaged-{table}/{table}: cannot be read" in errors[0], errors
    assert at.get("file_uploader")


def test_without_a_root_nothing_can_be_opened(monkeypatch) -> None:
    monkeypatch.delenv(ROOT_ENV, raising=False)
    at = _app()
    assert ROOT_ENV in _texts(at)  # says how the operator enables it
    assert not [t for t in at.text_input if t.key == "results_path"]


def test_results_argument_opens_the_folder_at_start(root: Path, monkeypatch) -> None:
    monkeypatch.delenv(ROOT_ENV, raising=False)
    monkeypatch.setattr(sys, "argv", ["app.py", "--results", str(root / "dask-run")])
    assert cli_folder() == str(root / "dask-run")
    at = _app()
    assert f"read-only: analysed tables from {root / 'dask-run'}" in _texts(at)
    assert at.selectbox(key="results_story").value


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["app.py"], None),
        (["app.py", "--results", "/x"], "/x"),
        (["app.py", "--results=/y"], "/y"),
        (["app.py", "--results"], None),
    ],
)
def test_cli_folder(argv: list[str], expected: str | None) -> None:
    assert cli_folder(argv[1:]) == expected


def test_analysis_of_a_damaged_story_is_one_message(root: Path) -> None:
    """Should a story's rows fail after the texts were read, the view gets None and a message."""

    def script(path: str) -> None:
        import streamlit as st

        from framing.models import Settings
        from framing.results import ResultsFolder
        from ui import results
        from ui.state import Context

        folder = ResultsFolder(path)
        ctx = Context(store=folder, story=folder.stories()[0], articles=(), settings=Settings())
        st.write(f"result: {results.analysis(ctx)}")

    at = AppTest.from_function(script, args=(str(root / "damaged-cues"),)).run()
    assert not at.exception, [e.message for e in at.exception]
    assert "result: None" in [m.value for m in at.markdown]
    (error,) = [e.value.replace("\\", "") for e in at.error]
    assert "damaged-cues/cues: cannot be read" in error

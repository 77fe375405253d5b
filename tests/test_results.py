"""framing.results: an analyze output folder read back story by story, equal to the analysis.

The folders are written by the command line itself (``framing.cli.main``): plain, Parquet,
and partitioned by the local engine; tables are compared with a direct
:func:`framing.pipeline.analyze` of the same articles.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from framing.cli import main
from framing.clusters import cluster
from framing.engine import sort_table
from framing.ingest import load_paths
from framing.models import ClusterSettings, Settings
from framing.pipeline import analyze
from framing.results import (
    NO_STORY,
    OPTIONAL,
    REQUIRED,
    ReadOnlyError,
    ResultsError,
    ResultsFolder,
    allowed_folder,
    find_folders,
    is_results_folder,
    rebuild_text,
)

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"
BOOTSTRAP = "50"
RUNS = {
    # name: extra arguments of `python -m framing analyze`
    "csv": ["--format", "csv"],
    "parquet": ["--format", "parquet"],
    "engine-parquet": ["--format", "parquet", "--engine", "local", "--partition-size", "1"],
    "engine-csv": ["--format", "csv", "--engine", "local", "--partition-size", "1"],
}


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("results")
    out = {}
    for name, extra in RUNS.items():
        out[name] = root / name
        args = ["analyze", str(SAMPLE), "--out", str(out[name]), "--bootstrap", BOOTSTRAP]
        assert main([*args, *extra, "--quiet"]) == 0
    return out


@pytest.fixture(scope="module")
def expected():
    articles, errors = load_paths([str(SAMPLE)])
    assert not errors
    return articles, analyze(articles, Settings(bootstrap=int(BOOTSTRAP)))


@pytest.mark.parametrize("run", list(RUNS))
def test_tables_round_trip(folders: dict[str, Path], expected, run: str) -> None:
    articles, reference = expected
    folder = ResultsFolder(folders[run])
    (story,) = folder.stories()
    assert story == articles[0].story
    got = folder.analysis(story)
    for name, table in reference.tables().items():
        pd.testing.assert_frame_equal(
            sort_table(name, got.tables()[name]),
            sort_table(name, table.reset_index(drop=True)),
            check_dtype=False,
            obj=f"{run}/{name}",
        )


@pytest.mark.parametrize("run", list(RUNS))
def test_articles_rebuilt_with_every_offset_in_place(folders: dict[str, Path], expected, run):
    articles, reference = expected
    folder = ResultsFolder(folders[run])
    got = {a.id: a for a in folder.articles(folder.stories()[0])}
    assert set(got) == {a.id for a in articles}
    for a in articles:
        b = got[a.id]
        assert (b.outlet, b.title, b.url, b.published, b.story, b.source, "; ".join(b.notes)) == (
            a.outlet, a.title, a.url, a.published, a.story, a.source, "; ".join(a.notes),
        )  # fmt: skip
        assert len(b.text) == len(a.text)
        assert b.text.split() == a.text.split()  # only the white space may differ
    for table in ("sentences", "cues", "quotes"):
        for row in reference.tables()[table].itertuples():
            assert got[row.article_id].text[row.start : row.end] == row.text, (table, row)


def test_story_info_and_read_only(folders: dict[str, Path]) -> None:
    folder = ResultsFolder(folders["parquet"])
    (info,) = folder.story_info()
    assert (info.n_articles, info.n_outlets) == (2, 2)
    assert folder.read_only and str(folders["parquet"]) in folder.label
    assert folder.lexicons(info.name) == () and folder.get_actors(info.name) is None
    for call in (
        lambda: folder.add_articles(info.name, []),
        lambda: folder.rename_outlet(info.name, "a", "b"),
        lambda: folder.remove_article(info.name, "x"),
        lambda: folder.set_actors(info.name, None),
        lambda: folder.add_lexicon("x", "term,category,weight,source\n"),
        lambda: folder.delete_story(info.name),
    ):
        with pytest.raises(ReadOnlyError, match="read-only"):
            call()
    with pytest.raises(KeyError):
        folder.analysis("no such story")


def test_reclustering_gives_the_written_clusters(folders: dict[str, Path]) -> None:
    """Clusters are recomputed from the tables: the same as clusters.csv (deterministic)."""
    folder = ResultsFolder(folders["csv"])
    (story,) = folder.stories()
    sc = cluster(folder.analysis(story), ClusterSettings())
    written = pd.read_csv(folders["csv"] / "clusters.csv", dtype={"article_id": str})
    got = sc.assignments.merge(written, on=["article_id", "sent_id"], suffixes=("", "_csv"))
    assert len(got) == len(written) > 0
    assert (got["cluster"] == got["cluster_csv"]).all()


def test_lexicon_holds_the_entries_hit(folders: dict[str, Path], expected) -> None:
    _, reference = expected
    folder = ResultsFolder(folders["parquet"])
    lex = folder.analysis(folder.stories()[0]).lexicon
    hit = set(zip(reference.cues["lexicon"], reference.cues["term"], strict=True))
    assert set(zip(lex["lexicon"], lex["term"], strict=True)) == hit


def test_partitioned_tables_and_empty_story(folders: dict[str, Path], tmp_path: Path) -> None:
    """Tables as folders of parts (Dask/Spark style); an empty story name gets a label."""
    dest = tmp_path / "parts"
    dest.mkdir()
    for name in (*REQUIRED, *OPTIONAL):
        table = pd.read_parquet(folders["engine-parquet"] / f"{name}.parquet")
        if "story" in table.columns:
            table["story"] = ""
        (dest / f"{name}.parquet").mkdir()
        half = len(table) // 2
        table.iloc[:half].to_parquet(dest / f"{name}.parquet" / "part.0.parquet", index=False)
        table.iloc[half:].to_parquet(dest / f"{name}.parquet" / "part.1.parquet", index=False)
    folder = ResultsFolder(dest)
    assert folder.stories() == [NO_STORY]
    got = folder.analysis(NO_STORY)
    whole = ResultsFolder(folders["engine-parquet"])
    ref = whole.analysis(whole.stories()[0])
    for name, table in ref.tables().items():
        if "story" in table.columns:
            table = table.assign(story="")
        pd.testing.assert_frame_equal(sort_table(name, got.tables()[name]), table, obj=name)


@pytest.mark.parametrize(
    ("remove", "message"),
    [
        (["stance"], "missing stance.csv or stance.parquet"),
        (["cues", "quotes"], "missing cues.csv or cues.parquet, quotes.csv or quotes.parquet"),
        (["articles"], "missing articles.csv or articles.parquet"),
    ],
)
def test_partial_folder_names_what_is_missing(folders, tmp_path: Path, remove, message) -> None:
    dest = tmp_path / "partial"
    shutil.copytree(folders["csv"], dest)
    for name in remove:
        (dest / f"{name}.csv").unlink()
    with pytest.raises(ResultsError, match=message.replace(".", r"\.")):
        ResultsFolder(dest)


def test_table_of_another_shape_and_unreadable_table(folders, tmp_path: Path) -> None:
    dest = tmp_path / "shape"
    shutil.copytree(folders["csv"], dest)
    pd.read_csv(dest / "stance.csv").drop(columns=["position"]).to_csv(
        dest / "stance.csv", index=False
    )
    with pytest.raises(ResultsError, match="stance lacks position"):
        ResultsFolder(dest)
    (dest / "stance.csv").unlink()
    (dest / "stance.parquet").write_bytes(b"not parquet at all")
    with pytest.raises(ResultsError, match=r"stance\.parquet: cannot be read"):
        ResultsFolder(dest)
    with pytest.raises(ResultsError, match="no such folder"):
        ResultsFolder(tmp_path / "absent")


@pytest.mark.parametrize(("table", "when"), [("cues", "analysis"), ("sentences", "articles")])
def test_damaged_rows_give_one_message_naming_the_table(folders, tmp_path, table, when) -> None:
    dest = tmp_path / "damaged"
    shutil.copytree(folders["csv"], dest)
    with open(dest / f"{table}.csv", "a", encoding="utf-8") as fh:
        fh.write("x" + "," * 60 + "\n")  # a row with far too many fields
    folder = ResultsFolder(dest)  # the header is fine: the folder opens
    (story,) = folder.stories()
    with pytest.raises(ResultsError, match=f"damaged/{table}: cannot be read"):
        getattr(folder, when)(story)


def test_allowed_folder_keeps_paths_under_the_roots(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "run").mkdir(parents=True)
    outside = tmp_path / "secret"
    outside.mkdir()
    (root / "link").symlink_to(outside)
    assert allowed_folder("run", roots=[root]) == (root / "run").resolve()
    assert allowed_folder(str(root / "run"), roots=[root]) == (root / "run").resolve()
    assert allowed_folder(str(root), roots=[root]) == root.resolve()
    for bad in [str(outside), "../secret", "run/../../secret", "link", "/etc", "~"]:
        with pytest.raises(ResultsError, match="not inside a folder the operator allowed"):
            allowed_folder(bad, roots=[root])
    with pytest.raises(ResultsError, match="no folder of analysed tables is allowed"):
        allowed_folder("run", roots=[])


def test_find_folders(folders: dict[str, Path]) -> None:
    root = folders["csv"].parent
    assert find_folders(root) == sorted(folders.values())
    assert is_results_folder(folders["csv"]) and not is_results_folder(root)


def test_rebuild_text_keeps_offsets() -> None:
    s = pd.DataFrame(
        {
            "start": [2, 12, 20],
            "end": [10, 18, 25],
            "text": ["Heading.", "First.", "Next."],
            "is_heading": [True, False, False],
        }
    )
    text = rebuild_text(s)
    assert [text[a:b] for a, b in zip(s["start"], s["end"], strict=True)] == list(s["text"])
    assert text == "\n\nHeading.\n\nFirst.  Next."


@pytest.mark.slow
def test_dask_output_reads_like_the_local_one(folders: dict[str, Path], tmp_path: Path) -> None:
    """A folder written on a dask.distributed cluster (two worker processes) reads the same."""
    out = tmp_path / "dask"
    args = ["analyze", str(SAMPLE), "--out", str(out), "--bootstrap", BOOTSTRAP, "--quiet"]
    assert main([*args, "--engine", "dask", "--format", "parquet", "--partition-size", "1"]) == 0
    got, local = ResultsFolder(out), ResultsFolder(folders["engine-parquet"])
    assert got.story_info() == local.story_info()
    (story,) = got.stories()
    for name, table in local.analysis(story).tables().items():
        pd.testing.assert_frame_equal(got.analysis(story).tables()[name], table, obj=name)


def test_set_aside_table_is_read(folders: dict[str, Path], tmp_path: Path) -> None:
    """Articles set aside when the tables were made (time budget) come back with their reason;
    they name no story, so they join the analysis only when the folder holds one story."""
    dest = tmp_path / "aside"
    shutil.copytree(folders["csv"], dest)
    row = {"article_id": "0123456789ab", "outlet": "Slow Times", "title": "The slow one",
           "source": "slow.txt", "reason": "took too long to analyse; set aside"}  # fmt: skip
    pd.DataFrame([row]).to_csv(dest / "set_aside.csv", index=False)
    folder = ResultsFolder(dest)
    assert folder.set_aside_table().to_dict("records") == [row]
    (aside,) = folder.analysis(folder.stories()[0]).set_aside
    assert aside.message == "Slow Times · The slow one (slow.txt): " + row["reason"]

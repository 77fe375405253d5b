"""The command line end to end (subprocess), on small fixtures written to a temp folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from framing.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "sample"


def run(
    *args: str, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "framing", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd or ROOT,
        timeout=120,
        check=False,
    )


def test_analyze_writes_tables_and_reports_bad_inputs(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    for name in ("000-russia-steps-in.txt", "003-russia-keeps-its-distance.txt"):
        (tmp_path / name).write_bytes((SAMPLE / name).read_bytes())  # no manifest here
    out = tmp_path / "out"
    proc = run(
        "analyze",
        str(tmp_path / "000-russia-steps-in.txt"),
        str(tmp_path / "003-russia-keeps-its-distance.txt"),
        str(tmp_path / "empty.txt"),
        str(tmp_path / "missing.txt"),
        "--out",
        str(out),
        "--story",
        "Putin and Iran",
        "--bootstrap",
        "50",
        "--clusters",
        "4",
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert any("empty.txt" in e for e in errors) and any("missing.txt" in e for e in errors)
    for name in (
        "articles",
        "sentences",
        "cues",
        "quotes",
        "actors",
        "mentions",
        "stance",
        "clusters",
        "alignments",
    ):
        assert (out / f"{name}.csv").exists(), name
    arts = pd.read_csv(out / "articles.csv")
    assert len(arts) == 2 and set(arts["story"]) == {"Putin and Iran"}
    assert {
        "article_id",
        "story",
        "outlet",
        "title",
        "n_words",
        "hedge_rate",
        "intensity_rate",
        "sentiment_mean",
    } <= set(arts.columns)
    clusters = pd.read_csv(out / "clusters.csv")
    assert {"article_id", "sent_id", "outlet", "cluster", "label", "text"} <= set(clusters.columns)


def test_analyze_bundle_with_user_lexicon_no_clusters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = tmp_path / "bundle.jsonl"
    rows = [
        {
            "outlet": "A",
            "title": "One",
            "text": "The zorblax reportedly returned. It may be a disaster.",
            "story": "s1",
        },
        {"outlet": "B", "title": "Two", "text": "The zorblax came back on Monday.", "story": "s2"},
    ]
    bundle.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    lex = tmp_path / "odd.csv"
    lex.write_text("term,category,weight,source\nzorblax,thing,1,me\n")
    out = tmp_path / "out"
    code = main(
        [
            "analyze",
            str(bundle),
            "--out",
            str(out),
            "--lexicon",
            str(lex),
            "--no-clusters",
            "--quiet",
        ]
    )
    assert code == 0
    assert capsys.readouterr().err == ""
    assert not (out / "clusters.csv").exists()
    cues = pd.read_csv(out / "cues.csv")
    assert (cues["lexicon"] == "odd").sum() == 2


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ([], 2),
        (["analyze"], 2),
        (["frobnicate"], 2),
        (["analyze", "nope.txt", "--out", "{tmp}/o"], 1),
        (
            [
                "analyze",
                str(SAMPLE / "000-russia-steps-in.txt"),
                "--out",
                "{tmp}/o",
                "--scheduler",
                "tcp://127.0.0.1:1",
            ],
            2,
        ),  # --scheduler needs --engine dask
        (
            [
                "analyze",
                str(SAMPLE / "003-russia-keeps-its-distance.txt"),
                "--out",
                "{tmp}/o",
                "--lexicon",
                "{tmp}/bad.csv",
            ],
            2,
        ),
    ],
)
def test_exit_codes(tmp_path: Path, args: list[str], code: int) -> None:
    (tmp_path / "bad.csv").write_text("no,such,columns\n1,2,3\n")
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    assert main(args) == code


def test_sentences_streams_and_reports_malformed_line(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {"text": "Officials reportedly said it may be a catastrophic failure.", "id": 1}
        ),
        "{not json",
        json.dumps({"text": "Critics said Smith ruined everything.", "target": "Smith", "id": 3}),
        "",
        json.dumps({"txt": "no text field"}),
        json.dumps({"text": "The meeting was on Monday.", "id": 6}),
    ]
    proc = run("sentences", stdin="\n".join(lines) + "\n")
    assert proc.returncode == 1
    assert "line 2" in proc.stderr and "line 5" in proc.stderr
    out = [json.loads(x) for x in proc.stdout.splitlines()]
    assert [o["id"] for o in out] == [1, 3, 6]
    first, second, third = out
    assert first["hedge"] > 0 and "reportedly" in [c.lower() for c in first["hedge_cues"]]
    assert first["intensity"] > 0 and first["sentiment"] < 0
    assert second["target_tone"] < 0 and "target_tone" not in first
    assert third["hedge"] == 0 and third["hedge_cues"] == [] and third["intensity"] == 0


def test_sentences_files_and_empty_input(tmp_path: Path) -> None:
    src, dst = tmp_path / "in.jsonl", tmp_path / "sub" / "out.jsonl"
    src.write_text(json.dumps({"text": "It may rain."}) + "\n")
    assert main(["sentences", str(src), "--out", str(dst)]) == 0
    assert json.loads(dst.read_text())["hedge"] > 0
    (tmp_path / "empty.jsonl").write_text("")
    assert (
        main(["sentences", str(tmp_path / "empty.jsonl"), "--out", str(tmp_path / "e.jsonl")]) == 0
    )
    assert (tmp_path / "e.jsonl").read_text() == ""
    assert main(["sentences", str(tmp_path / "missing.jsonl")]) == 2


def test_pairs(tmp_path: Path) -> None:
    lines = [
        json.dumps(
            {
                "s1": "Putin met Araghchi in Moscow on Monday.",
                "s2": "On Monday Putin met Araghchi in Moscow.",
            }
        ),
        "[1, 2]",
        json.dumps(
            {"s1": "Putin met Araghchi in Moscow on Monday.", "s2": "Shares fell sharply in Tokyo."}
        ),
    ]
    proc = run("pairs", stdin="\n".join(lines) + "\n")
    assert proc.returncode == 1 and "line 2" in proc.stderr
    same, other = (json.loads(x)["similarity"] for x in proc.stdout.splitlines())
    assert 0 <= other < same <= 1


def test_partitioned_engine_writes_the_same_tables_as_parquet(tmp_path: Path) -> None:
    """--engine local --format parquet gives the tables of the in-memory run."""
    glob = str(SAMPLE / "*.txt")
    assert main(["analyze", glob, "--engine", "local", "--format", "parquet",
                 "--out", str(tmp_path / "p"), "--quiet"]) == 0  # fmt: skip
    assert main(["analyze", *sorted(str(p) for p in SAMPLE.glob("*.txt")), "--no-clusters",
                 "--out", str(tmp_path / "c"), "--quiet"]) == 0  # fmt: skip
    parquet = pd.read_parquet(tmp_path / "p" / "articles.parquet")
    csv = pd.read_csv(tmp_path / "c" / "articles.csv")
    cols = ["article_id", "outlet", "n_words", "hedge_rate", "intensity_rate"]
    pd.testing.assert_frame_equal(
        parquet[cols].sort_values("article_id").reset_index(drop=True),
        csv[cols].sort_values("article_id").reset_index(drop=True),
        check_dtype=False,
    )


def test_the_sample_folder_gives_the_dashboards_outlets_titles_and_story(tmp_path: Path) -> None:
    from framing.ingest import load_sample

    for inputs in ([str(SAMPLE)], [str(p) for p in sorted(SAMPLE.glob("*.txt"))]):
        out = tmp_path / f"out{len(inputs)}"
        proc = run("analyze", *inputs, "--out", str(out), "--bootstrap", "50", "--no-clusters")
        assert proc.returncode == 0, proc.stderr
        arts = pd.read_csv(out / "articles.csv", keep_default_na=False)
        sample = load_sample()
        assert list(arts["article_id"]) == [a.id for a in sample]
        assert list(arts["outlet"]) == [a.outlet for a in sample]
        assert list(arts["title"]) == [a.title for a in sample]
        assert set(arts["story"]) == {sample[0].story} and sample[0].story


def test_folders_are_read_recursively_with_their_manifests(tmp_path: Path) -> None:
    story = tmp_path / "story"
    (story / "wires" / ".hidden").mkdir(parents=True)
    (story / "a.txt").write_text("Headline A\n\nOfficials said talks may resume.\n")
    (story / "wires" / "b.md").write_text("# Headline B\n\nCritics slammed the plan.\n")
    (story / "wires" / "c.txt").write_text("")  # broken: one error, the others load
    (story / "wires" / ".hidden" / "d.txt").write_text("Hidden\n\nNot an article.\n")
    (story / "wires" / "notes.png").write_bytes(b"\x89PNG")  # not a readable format: skipped
    (story / "wires" / "manifest.csv").write_text(
        "file,outlet,title,story\nb.md,Wire Service,,Budget row\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    proc = run("analyze", str(story), "--out", str(out), "--story", "Default", "--no-clusters")
    assert proc.returncode == 0, proc.stderr
    errors = [line for line in proc.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "c.txt" in errors[0]
    arts = pd.read_csv(out / "articles.csv", keep_default_na=False).set_index("title")
    assert sorted(arts.index) == ["Headline A", "Headline B"]
    assert arts.loc["Headline B", ["outlet", "story"]].tolist() == ["Wire Service", "Budget row"]
    assert arts.loc["Headline A", "story"] == "Default"

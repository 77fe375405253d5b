"""framing.engine: partitioned (and Dask) analysis writes the single-process tables."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from framing.engine import (
    SORT_KEYS,
    TABLES,
    analyze_partitioned,
    expand_inputs,
    first_occurrences,
    partition_bounds,
    plan_chunks,
    read_chunk,
    read_input,
    sort_table,
)
from framing.ingest import read_file
from framing.models import Settings

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


def _paragraphs() -> list[str]:
    paras = []
    for path in sorted(SAMPLE.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        paras += [p.strip() for p in text.splitlines() if len(p.split()) > 8]
    return paras


def _records(n: int = 20) -> list[dict[str, str]]:
    """``n`` articles from the sample paragraphs, then a near copy of the third and an exact
    copy of the first (same id: scored once)."""
    paras = _paragraphs()
    records = []
    for i in range(n - 1):
        chosen = [paras[(i * 3 + j) % len(paras)] for j in range(2 + i % 3)]
        records.append(
            {"outlet": f"Outlet {i % 4}", "title": f"Story part {i}", "text": "\n\n".join(chosen)}
        )
    twin = dict(records[2], outlet="Outlet 9", title="Copied")
    twin["text"] = twin["text"].replace(" the ", " a ", 1)
    records.append(twin)
    records.append(dict(records[0]))
    return records


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Twenty-one articles in two JSON-lines files (both copies span the two files)."""
    root = tmp_path_factory.mktemp("corpus")
    records = _records()
    paths = [root / "part-1.jsonl", root / "part-2.jsonl"]
    for path, chunk in zip(paths, (records[:11], records[11:]), strict=True):
        path.write_text("".join(json.dumps(r) + "\n" for r in chunk), encoding="utf-8")
    return paths


@pytest.fixture(scope="module")
def reference(corpus: list[Path]) -> dict[str, pd.DataFrame]:
    """One analyze() call over all articles: the single-process truth."""
    from framing.pipeline import analyze

    articles = [a for path in corpus for a in read_input(path)]
    return {name: sort_table(name, t) for name, t in analyze(articles).tables().items()}


def _assert_same(paths: dict[str, Path], reference: dict[str, pd.DataFrame]) -> None:
    assert set(paths) == set(TABLES)
    for name in TABLES:
        got = pd.read_parquet(paths[name])
        want = reference[name]
        # Parquet keeps values; compare after the same deterministic sort.
        want = sort_table(name, pd.DataFrame(want).reset_index(drop=True))
        pd.testing.assert_frame_equal(
            got, want.astype(got.dtypes.to_dict()) if len(want) else want, check_dtype=False
        )


def test_reference_has_rows_in_every_main_table(reference: dict[str, pd.DataFrame]) -> None:
    # The generated corpus must exercise the tables the engine assembles.
    for name in ("articles", "sentences", "cues", "quotes", "mentions"):
        assert len(reference[name]) > 0, name
    assert len(reference["articles"]) == 20  # the exact copy is scored once
    assert reference["articles"]["flags"].str.contains("near_duplicate").any()
    # An actor suggested only from the whole corpus: partitions must not suggest their own.
    assert reference["actors"]["auto"].astype(bool).any()


@pytest.mark.parametrize("partition_size", [3, 7, 500])
def test_local_engine_equals_single_process(
    corpus: list[Path], reference: dict[str, pd.DataFrame], tmp_path: Path, partition_size: int
) -> None:
    paths = analyze_partitioned(
        [str(p) for p in corpus], tmp_path, engine="local", partition_size=partition_size
    )
    _assert_same(paths, reference)


@pytest.mark.slow
def test_dask_engine_equals_single_process(
    corpus: list[Path], reference: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    # Two single-threaded worker processes on 127.0.0.1; a glob over both files.
    pattern = str(corpus[0].parent / "part-*.jsonl")
    paths = analyze_partitioned([pattern], tmp_path, engine="dask", partition_size=4)
    _assert_same(paths, reference)


def _fields(articles: list) -> list[tuple]:
    return [(a.id, a.outlet, a.title, a.text, a.story, a.notes) for a in articles]


@pytest.mark.parametrize("chunk_bytes", [1, 500, 4000, 10**9])
def test_jsonl_chunks_read_like_the_whole_file(corpus: list[Path], chunk_bytes: int) -> None:
    whole = read_file(corpus[0])
    chunks = plan_chunks(corpus[0], chunk_bytes=chunk_bytes)
    got = [a for chunk in chunks for a in read_chunk(chunk)]
    assert [(a.id, a.source) for a in got] == [(a.id, a.source) for a in whole]
    assert (len(chunks) > 1) == (chunk_bytes < corpus[0].stat().st_size)


def test_csv_format_writes_the_same_tables(corpus: list[Path], tmp_path: Path) -> None:
    paths = analyze_partitioned([str(corpus[1])], tmp_path, format="csv")
    assert {p.suffix for p in paths.values()} == {".csv"}
    parquet = analyze_partitioned([str(corpus[1])], tmp_path / "pq")
    got = pd.read_csv(paths["articles"], keep_default_na=False)
    want = pd.read_parquet(parquet["articles"])
    assert got["article_id"].tolist() == want["article_id"].tolist()
    assert got["hedge_rate"].tolist() == pytest.approx(want["hedge_rate"].tolist())


@pytest.mark.parametrize(("group_rows", "chunk_rows"), [(3, 1), (3, 5), (100, 5000)])
def test_parquet_input_reads_like_jsonl(
    corpus: list[Path], tmp_path: Path, group_rows: int, chunk_rows: int
) -> None:
    records = [json.loads(line) for line in corpus[0].read_text().splitlines()]
    path = tmp_path / "in.parquet"
    pd.DataFrame(records).to_parquet(path, row_group_size=group_rows)
    chunks = plan_chunks(path, chunk_rows=chunk_rows)
    got = [a for chunk in chunks for a in read_chunk(chunk)]
    want = read_file(corpus[0])
    assert _fields(got) == _fields(want)
    assert [a.source for a in got] == [f"in.parquet#{i}" for i in range(1, len(want) + 1)]
    assert read_input(path) == got


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"engine": "spark"}, "engine must be one of"),
        ({"engine": "local", "scheduler": "tcp://127.0.0.1:8786"}, "needs engine='dask'"),
        ({"partition_size": 0}, "at least 1"),
        ({"format": "xlsx"}, "format must be one of"),
    ],
)
def test_bad_arguments_are_refused(
    corpus: list[Path], tmp_path: Path, kwargs: dict, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        analyze_partitioned([str(corpus[0])], tmp_path, **kwargs)


def test_expand_inputs_globs_directories_and_dedupes(corpus: list[Path]) -> None:
    root = corpus[0].parent
    got = expand_inputs([str(root / "part-2.jsonl"), str(root / "*.jsonl"), root])
    assert got == [root / "part-2.jsonl", root / "part-1.jsonl"]


@pytest.mark.parametrize("item", ["/nonexistent/x.jsonl", "/nonexistent/*.jsonl"])
def test_expand_inputs_refuses_missing(item: str) -> None:
    with pytest.raises(FileNotFoundError, match="no such file"):
        expand_inputs([item])


@given(n=st.integers(0, 2000), size=st.integers(1, 600))
def test_partition_bounds_cover_every_item_once(n: int, size: int) -> None:
    bounds = partition_bounds(n, size)
    covered = [i for start, stop in bounds for i in range(start, stop)]
    assert covered == list(range(n))
    assert all(0 < stop - start <= size for start, stop in bounds)


@pytest.mark.parametrize(
    ("ids", "want"),
    [
        ([["a", "b", "a"], ["b", "c"]], [[0, 1], [1]]),
        ([[], ["x", "x"]], [[], [0]]),
        ([["a"], ["a"], ["a"]], [[0], [], []]),
    ],
)
def test_first_occurrences_keep_the_first_copy(ids: list, want: list) -> None:
    assert first_occurrences(ids) == want


def test_sort_table_is_stable_on_ties() -> None:
    table = pd.DataFrame({"article_id": ["b", "a", "b", "a"], "actor": ["x", "y", "x", "z"]})
    table["order"] = range(4)
    got = sort_table("actors", table)
    assert got["order"].tolist() == [1, 3, 0, 2]
    assert SORT_KEYS["actors"] == ["article_id", "actor"]


def test_settings_are_hashable_for_workers() -> None:
    # Settings travel to the workers and key caches there.
    assert hash(Settings()) == hash(Settings())

"""Opening a large folder of analysed tables, and reading one story of it (framing.results).

Usage::

    python bench/bench_results.py [--stories 2000] [--runs 3]

The sample is analysed once with ``python -m framing analyze --engine local --format
parquet``; its tables are copied ``--stories`` times under new ids and story names (two
articles per story: 2,000 stories give 4,000 articles, 196,000 sentences, 664,000 cues) and
written as Parquet (row groups of 20,000 rows, sorted by ``article_id`` like the engine's
output) and as CSV. For each format: seconds to open the folder (story list), and the median
seconds to read one story's tables into an ``Analysis``. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from framing.cli import main  # noqa: E402
from framing.results import REQUIRED, ResultsFolder  # noqa: E402


def _grow(src: Path, dest: Path, n: int) -> dict[str, int]:
    rows = {}
    for fmt in ("parquet", "csv"):
        (dest / fmt).mkdir(parents=True)
    for name in REQUIRED:
        table = pd.read_parquet(src / f"{name}.parquet")
        copies = []
        for i in range(n):
            c = table.assign(article_id=table["article_id"].str[:6] + f"{i:06d}")
            if "story" in c.columns:
                c["story"] = f"story {i:05d}"
            copies.append(c)
        big = pd.concat(copies, ignore_index=True).sort_values("article_id", kind="stable")
        big.to_parquet(dest / "parquet" / f"{name}.parquet", index=False, row_group_size=20000)
        big.to_csv(dest / "csv" / f"{name}.csv", index=False)
        rows[name] = len(big)
    return rows


def run(stories: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        args = ["analyze", str(ROOT / "data" / "sample"), "--out", str(base / "one")]
        assert main([*args, "--engine", "local", "--format", "parquet", "--quiet"]) == 0
        rows = _grow(base / "one", base / "big", stories)
        print(", ".join(f"{k} {v:,}" for k, v in rows.items()))
        for fmt in ("parquet", "csv"):
            t0 = time.perf_counter()
            folder = ResultsFolder(base / "big" / fmt)
            names = folder.stories()
            opened = time.perf_counter() - t0
            times = []
            for k in range(runs):
                t0 = time.perf_counter()
                folder.analysis(names[(k * 997) % len(names)])
                times.append(time.perf_counter() - t0)
            print(
                f"{fmt:8s} {len(names)} stories: open {opened:.2f} s, "
                f"one story {statistics.median(times):.2f} s (median of {runs})"
            )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    a = parser.parse_args()
    run(a.stories, a.runs)

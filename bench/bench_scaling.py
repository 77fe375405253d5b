"""Clustering time and peak memory at 10k / 30k / 100k sentences, a fresh process per size.

Delegates to helper script ``bench/bench_clusters.py`` (its ``run(kind, n, data)`` starts one
child process per measurement and reads back seconds, baseline and peak RSS):

* ``cluster``: :func:`framing.clusters.cluster_story` on 10k / 30k / 100k BBC sentences;
* ``align``: :func:`framing.clusters.align_outlets` between two outlets at 2k / 6k / 20k.

Run alone: ``python bench/bench_scaling.py [--data DIR] [--quick]``.
"""

from __future__ import annotations

import argparse
import itertools
import math
import sys
from pathlib import Path

from common import BBC, EVAL_DATA, Row, format_table, run_child

__all__ = ["ALIGN_SIZES", "QUICK_SIZES", "SIZES", "bench_clusters"]

SIZES = (10_000, 30_000, 100_000)
ALIGN_SIZES = (2_000, 6_000, 20_000)
QUICK_SIZES = (2_000, 5_000)
TIME_TARGET_S = 60.0
MEMORY_TARGET_MB = 3 * 1024


_RUN = """
import json, sys
sys.path.insert(0, {bench!r})
from bench_clusters import run
print(json.dumps(run({kind!r}, {n!r}, __import__("pathlib").Path({path!r}))))
"""


def run(kind: str, n: int, path: Path) -> dict:
    """bench_clusters.run from a small intermediate process.

    Its child measures ``ru_maxrss``, which on Linux survives ``exec``: started straight
    from this (large) process it would report at least this process's size.
    """
    code = _RUN.format(bench=str(Path(__file__).parent), kind=kind, n=n, path=str(path))
    return run_child(code, timeout=1800)


def _rows(kind: str, sizes: tuple[int, ...], data: Path, *, targets: bool) -> list[Row]:
    sec = "4 clustering"
    results, rows = [], []
    for n in sizes:
        r = run(kind, n, data / BBC)
        results.append(r)
        big = targets and n == max(sizes)
        name = "cluster_story" if kind == "cluster" else "align_outlets"
        rows.append(
            Row(
                sec,
                f"{name} {n:,} sentences ({r.get('extra', '')})",
                r["seconds"],
                "s",
                f"<= {TIME_TARGET_S:.0f} s" if big else "",
                r["seconds"] <= TIME_TARGET_S if big else None,
            )
        )
        rows.append(
            Row(
                sec,
                f"  peak RSS (baseline with input {r['base_mb']:.0f} MB)",
                r["peak_mb"],
                "MB",
                f"<= {MEMORY_TARGET_MB} MB" if big else "",
                r["peak_mb"] <= MEMORY_TARGET_MB if big else None,
            )
        )
    for a, b in itertools.pairwise(results):
        exponent = math.log(b["seconds"] / a["seconds"]) / math.log(b["n"] / a["n"])
        rows.append(
            Row(
                sec, f"  time growth exponent {a['n']:,} -> {b['n']:,}", exponent, "", "~1 = linear"
            )
        )
    return rows


def bench_clusters(data: Path, *, quick: bool = False) -> list[Row]:
    """Rows: seconds and peak MB per size, and the growth exponent between sizes."""
    if quick:
        return _rows("cluster", QUICK_SIZES, data, targets=False) + _rows(
            "align", QUICK_SIZES, data, targets=False
        )
    return _rows("cluster", SIZES, data, targets=True) + _rows(
        "align", ALIGN_SIZES, data, targets=False
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=EVAL_DATA)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    print(format_table(bench_clusters(args.data, quick=args.quick)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

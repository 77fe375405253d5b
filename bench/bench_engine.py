"""The partitioned engine on the BBC corpus: in-process vs a two-worker Dask cluster.

Writes the corpus as four JSON-lines files in a temporary folder, then runs
:func:`framing.engine.analyze_partitioned` with ``engine="local"`` and ``engine="dask"``
(a :class:`distributed.LocalCluster` of two single-threaded workers on 127.0.0.1, its start-up
included), alternating, and checks that both wrote the same tables.

Run alone: ``python bench/bench_engine.py [--data DIR] [--quick]``.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from common import BBC, EVAL_DATA, Row, alternate, format_table, median

__all__ = ["bench_engine"]


def _split(data: Path, out: Path, *, parts: int, limit: int | None) -> list[Path]:
    lines = (data / BBC).read_text(encoding="utf-8").splitlines()[:limit]
    size = -(-len(lines) // parts)
    paths = []
    for i in range(parts):
        path = out / f"part-{i}.jsonl"
        path.write_text("\n".join(lines[i * size : (i + 1) * size]) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def bench_engine(data: Path, *, quick: bool = False) -> list[Row]:
    """Seconds for local vs dask, and whether their tables are equal."""
    import pandas as pd

    from framing.engine import TABLES, analyze_partitioned

    limit = 200 if quick else None
    with tempfile.TemporaryDirectory(prefix="framing-engine-") as tmp:
        root = Path(tmp)
        paths = [str(p) for p in _split(data, root, parts=4, limit=limit)]
        n = sum(
            sum(1 for line in Path(p).read_text(encoding="utf-8").splitlines() if line.strip())
            for p in paths
        )
        size = 100 if quick else 250
        runs = {
            "local": lambda: analyze_partitioned(
                paths, root / "local", engine="local", partition_size=size
            ),
            "dask": lambda: analyze_partitioned(
                paths, root / "dask", engine="dask", partition_size=size
            ),
        }
        times = alternate(runs, 1, warmup=False)
        same = all(
            pd.read_parquet(root / "local" / f"{t}.parquet").equals(
                pd.read_parquet(root / "dask" / f"{t}.parquet")
            )
            for t in TABLES
        )
    sec = "7 engine"
    t_local, t_dask = median(times["local"]), median(times["dask"])
    return [
        Row(sec, f"local engine, {n:,} input rows (articles) in 4 files", t_local, "s"),
        Row(sec, "dask engine, LocalCluster 2 workers x 1 thread", t_dask, "s"),
        Row(sec, "dask / local time", t_dask / t_local, "x"),
        Row(sec, "tables identical (local vs dask)", "yes" if same else "NO", "", "yes", same),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=EVAL_DATA)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    print(format_table(bench_engine(args.data, quick=args.quick)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

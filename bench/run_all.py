"""Run every benchmark and print one table (medians; ratios measured side by side).

Usage::

    python bench/run_all.py [--data DATA_DIR] [--quick] [--only 1,2,...]
                            [--profile] [--markdown results.md]

Sections: 1 analysis throughput vs VADER alone; 2 lexicon matching vs a per-term regex
loop; 3 sentence splitting; 4 clustering scaling (a process per size); 5 peak memory of the
whole corpus (a fresh process); 6 dashboard latency in headless Chromium; 7 the partitioned
engine, in-process vs a two-worker Dask cluster. ``--quick`` uses
small sizes for a smoke run. A section that cannot run (a missing piece, no browser) prints
its error as a row and the others go on.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shlex
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from common import EVAL_DATA, Row, format_table, machine

__all__ = ["SECTIONS", "main"]


def _throughput(data: Path, quick: bool) -> list[Row]:
    from bench_analysis import bench_throughput

    return bench_throughput(data, quick=quick)


def _lexicon(data: Path, quick: bool) -> list[Row]:
    from bench_analysis import bench_lexicon

    return bench_lexicon(data, quick=quick)


def _clusters(data: Path, quick: bool) -> list[Row]:
    from bench_scaling import bench_clusters

    return bench_clusters(data, quick=quick)


def _memory(data: Path, quick: bool) -> list[Row]:
    from bench_analysis import bench_memory

    return bench_memory(data, quick=quick)


def _app(data: Path, quick: bool) -> list[Row]:
    from bench_dashboard import bench_dashboard

    rows = bench_dashboard(data, quick=quick)
    try:  # the app's own script-level timings (bench/bench_app.py), when present
        from bench_app import bench_apptest
    except ImportError:
        return rows
    return rows + bench_apptest()


def _engine(data: Path, quick: bool) -> list[Row]:
    from bench_engine import bench_engine

    return bench_engine(data, quick=quick)


# Section number(s) -> runner. Throughput also gives section 3 (splitting share).
SECTIONS: dict[str, Callable[[Path, bool], list[Row]]] = {
    "1": _throughput,
    "2": _lexicon,
    "4": _clusters,
    "5": _memory,
    "6": _app,
    "7": _engine,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=EVAL_DATA, help="evaluation data folder")
    parser.add_argument("--quick", action="store_true", help="small sizes, a smoke run")
    parser.add_argument("--only", default="", help="comma-separated sections, e.g. 1,5")
    parser.add_argument("--profile", action="store_true", help="also print a cProfile summary")
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown here")
    args = parser.parse_args(argv)

    wanted = [s.strip() for s in args.only.split(",") if s.strip()] or list(SECTIONS)
    wanted = ["1" if s == "3" else s for s in wanted]
    rows: list[Row] = []
    started = time.perf_counter()
    for key in dict.fromkeys(wanted):
        runner = SECTIONS.get(key)
        if runner is None:
            parser.error(f"unknown section {key!r}; choose among {', '.join(SECTIONS)}")
        t = time.perf_counter()
        try:
            got = runner(args.data, args.quick)
        except Exception as exc:
            traceback.print_exc(file=sys.stderr)
            got = [Row(key, "could not run", f"{type(exc).__name__}: {exc}"[:120])]
        rows += got
        print(f"[section {key} done in {time.perf_counter() - t:.0f} s]", file=sys.stderr)

    command = "python bench/run_all.py " + " ".join(shlex.quote(a) for a in (argv or sys.argv[1:]))
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    info = machine()
    print(format_table(rows))
    print()
    print(f"{when}; {command.strip()}; {time.perf_counter() - started:.0f} s in all")
    print("; ".join(f"{k}: {v}" for k, v in info.items()))
    if args.profile:
        from bench_analysis import profile_analysis

        print()
        print(profile_analysis(args.data, quick=args.quick))
    if args.markdown:
        text = [
            f"Measured {when} with `{command.strip()}`.",
            "",
            "Machine: " + "; ".join(f"{k}: {v}" for k, v in info.items()) + ".",
            "",
            format_table(rows, markdown=True),
            "",
        ]
        args.markdown.write_text("\n".join(text), encoding="utf-8")
    failed = [r for r in rows if r.ok is False]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

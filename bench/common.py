"""Shared helpers for the benchmark scripts: timing, side-by-side runs, peak memory, tables.

Timings are medians of several runs. Ratios are measured side by side in the same run,
alternating the two contenders (A B A B ...), because a shared machine is noisy and drifts.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "BBC",
    "EVAL_DATA",
    "PYTHON",
    "ROOT",
    "Row",
    "alternate",
    "format_table",
    "machine",
    "median",
    "peak_rss_mb",
    "run_child",
    "timed",
]

ROOT = Path(__file__).resolve().parents[1]
# the annotated data and news corpus are not in the repository (licences): give --data or
# FRAMING_EVAL_DATA; by default a checkout of the data beside this repository
EVAL_DATA = Path(os.environ.get("FRAMING_EVAL_DATA", ROOT.parent / "shared" / "eval-data"))
BBC = "corpus/bbc_articles.jsonl"
PYTHON = sys.executable

if str(ROOT) not in sys.path:  # the scripts run as `python bench/x.py` from anywhere
    sys.path.insert(0, str(ROOT))


@dataclass
class Row:
    """One line of the results table."""

    section: str
    metric: str
    value: float | str
    unit: str = ""
    target: str = ""
    ok: bool | None = None  # None: no target
    extra: dict[str, Any] = field(default_factory=dict)


def median(values: list[float]) -> float:
    """Median of timings (NaN when empty)."""
    return statistics.median(values) if values else float("nan")


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """Wall time of one call (``perf_counter``) and its result."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def alternate(
    contenders: dict[str, Callable[[], Any]], rounds: int, *, warmup: bool = True
) -> dict[str, list[float]]:
    """Run the contenders in turn, ``rounds`` times each (A B A B ...), and return the times.

    With ``warmup``, one untimed call of each precedes the timed rounds (imports, caches,
    lexicon loading); callers with long contenders warm up on a small input instead.
    """
    if warmup:
        for fn in contenders.values():
            fn()
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, fn in contenders.items():
            seconds, _ = timed(fn)
            times[name].append(seconds)
    return times


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB.

    ``VmHWM`` from ``/proc/self/status`` where available: on Linux ``ru_maxrss`` survives
    ``exec``, so a child started from a big parent reports at least the parent's size at
    fork. Elsewhere ``ru_maxrss`` (KiB on Linux, bytes on macOS).
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    scale = 1024 * 1024 if sys.platform == "darwin" else 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / scale


def run_child(code: str, *, timeout: float = 900) -> dict[str, Any]:
    """Run ``code`` in a fresh Python process and return the JSON it prints last.

    The child gets the project on its path; it should ``print(json.dumps({...}))`` as its
    final line. Used to measure peak memory per workload (``ru_maxrss`` of the child).
    """
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [PYTHON, "-c", code],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env=env,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"child failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    last = [line for line in proc.stdout.splitlines() if line.strip()][-1]
    return json.loads(last)


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor()
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB"
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores (nproc)": str(os.cpu_count()),
        "memory": mem,
        "python": platform.python_version(),
        "load average (1 min) now": f"{os.getloadavg()[0]:.1f}",
        "os": platform.platform(),
    }


def _fmt(value: float | str) -> str:
    if isinstance(value, str):
        return value
    if value != value:  # NaN
        return "n/a"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def format_table(rows: list[Row], *, markdown: bool = False) -> str:
    """The rows as an aligned text table, or a Markdown table."""
    header = ["section", "metric", "value", "unit", "target", "ok"]
    body = [
        [
            r.section,
            r.metric,
            _fmt(r.value),
            r.unit,
            r.target,
            "" if r.ok is None else ("yes" if r.ok else "NO"),
        ]
        for r in rows
    ]
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        lines += ["| " + " | ".join(cells) + " |" for cells in body]
        return "\n".join(lines)
    widths = [max(len(str(c)) for c in col) for col in zip(header, *body, strict=False)]
    out = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))]
    out.append("  ".join("-" * w for w in widths))
    out += ["  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) for cells in body]
    return "\n".join(out)

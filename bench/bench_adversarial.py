"""Adversarial texts through every stage, the command line and the dashboard's uploader.

Usage::

    python bench/bench_adversarial.py [--scale 100] [--runs 3] [--no-app]

The family of ``tests/adversarial.py`` (all-caps runs, capitalised names, comma chains,
quote storms, unbalanced quotation marks, long lines, mixed scripts, punctuation runs …) is
built at ``--scale`` (about 100 kB per text at 100; runs that grow inside one sentence are
built at their largest test size). For each text and stage the script prints the median
seconds over ``--runs`` and the seconds per 10 kB; then the whole family (plus issue 10's
reproducer) as files through ``python -m framing analyze`` in a fresh process, and through
the app's uploader (Streamlit's AppTest, one batch, click to the rendered Overview).
Nothing is asserted: ``tests/test_linear_time.py`` checks the growth ratios.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from adversarial import FAMILY, MAX_SCALE, REPRODUCER, STAGES, stage_call  # noqa: E402

from framing.models import Settings  # noqa: E402

GROWING = {"caps run", "capitalised names", "comma chain"}
SETTINGS = Settings(bootstrap=200, time_budget=None)


def _median(call, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _texts(scale: int) -> dict[str, str]:
    return {name: build(MAX_SCALE if name in GROWING else scale) for name, build in FAMILY.items()}


def stages(scale: int, runs: int) -> None:
    texts = _texts(scale)
    print(f"{'text':28s} {'kB':>6s}  " + "  ".join(f"{s[:12]:>12s}" for s in STAGES))
    worst = (0.0, "", "")
    for name, text in texts.items():
        kb = len(text.encode()) / 1000
        cells = []
        for stage in STAGES:
            if stage == "clusters" and kb > 60:
                cells.append(f"{'-':>12s}")  # clustering is per sentence: timed on the smaller
                continue
            seconds = _median(stage_call(stage, SETTINGS)(text), runs)
            per10 = seconds / max(kb, 0.001) * 10
            worst = max(worst, (per10, name, stage))
            cells.append(f"{per10:12.4f}")
        print(f"{name:28s} {kb:6.1f}  " + "  ".join(cells), flush=True)
    print(f"(seconds per 10 kB, median of {runs}; worst: {worst[0]:.4f} s/10 kB, "
          f"{worst[2]} on {worst[1]!r})")  # fmt: skip


def _files(folder: Path, scale: int) -> list[Path]:
    paths = []
    for name, text in _texts(scale).items():
        path = folder / f"{name.replace(' ', '-').replace(',', '')}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    repro = folder / "reproducer.txt"
    repro.write_text(f"Wire\n\n{REPRODUCER} “We will not stop,” he said.\n", encoding="utf-8")
    return [*paths, repro]


def cli(scale: int, runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = _files(folder, scale)
        size = sum(p.stat().st_size for p in paths) / 1000
        cmd = [sys.executable, "-m", "framing", "analyze", *map(str, paths),
               "--out", str(folder / "out"), "--quiet"]  # fmt: skip
        seconds = _median(lambda: subprocess.run(cmd, check=True, cwd=ROOT), runs)
        print(f"command line, {len(paths)} files ({size:.0f} kB), whole process with "
              f"clustering: {seconds:.2f} s median of {runs} ({seconds / size * 10:.3f} s/10 kB)")  # fmt: skip


def app(scale: int) -> None:
    from streamlit.testing.v1 import AppTest

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["FRAMING_HOME"] = str(folder / "home")
        files = [(p.name, p.read_bytes(), "text/plain") for p in _files(folder, scale)]
        size = sum(len(f[1]) for f in files) / 1000
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        at.run()
        at.file_uploader[0].set_value(files).run()
        at.radio(key="upload_target").set_value("A new story").run()
        at.text_input(key="new_story_name").input("Adversarial").run()
        start = time.perf_counter()
        at.button(key="upload_button").click().run()
        seconds = time.perf_counter() - start
        problems = [e.message for e in at.exception] + [e.value for e in at.error]
        print(f"dashboard uploader, {len(files)} files ({size:.0f} kB), click to rendered "
              f"Overview: {seconds:.2f} s ({seconds / size * 10:.3f} s/10 kB); "
              f"errors: {problems or 'none'}")  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=100, help="family scale (~1 kB per unit)")
    parser.add_argument("--runs", type=int, default=3, help="median of this many runs")
    parser.add_argument("--no-app", action="store_true", help="skip the dashboard run")
    args = parser.parse_args(argv)
    stages(args.scale, args.runs)
    cli(args.scale, args.runs)
    if not args.no_app:
        app(args.scale)


if __name__ == "__main__":
    main()

"""The dashboard with a call counter: ``streamlit run bench/counting_app.py``.

Counts calls of :func:`framing.pipeline.analyze_article` (one per article scored) in the
server process and writes the running total to the file named by ``$FRAMING_BENCH_COUNTS``,
then runs ``app.py`` unchanged. Benchmarks read the file before and after an action to tell
how many articles that action scored.
"""

from __future__ import annotations

import os
import runpy
import threading
from pathlib import Path

import framing.pipeline as pipeline

APP = Path(__file__).resolve().parents[1] / "app.py"
_LOCK = threading.Lock()

if not getattr(pipeline.analyze_article, "_counted", False):
    _original = pipeline.analyze_article

    def _counting(article, ctx, **kwargs):  # type: ignore[no-untyped-def]
        target = os.environ.get("FRAMING_BENCH_COUNTS")
        if target:  # the total lives in the file: it survives a module reload
            with _LOCK:
                path = Path(target)
                done = int(path.read_text() or 0) if path.exists() else 0
                path.write_text(str(done + 1))
        return _original(article, ctx, **kwargs)

    _counting._counted = True  # type: ignore[attr-defined]
    pipeline.analyze_article = _counting

runpy.run_path(str(APP), run_name="__main__")

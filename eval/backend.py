"""Run the project's public command line (``python -m framing …``) on evaluation inputs.

The harness measures what a user gets: it writes the inputs to a temporary directory, runs
the CLI in a subprocess (same interpreter, repository on ``PYTHONPATH``, working directory
the repository root resolved from this file, never the caller's) and reads the outputs back.

Every function also takes ``via="api"``: the same computation in-process through the public
Python API (:func:`framing.analyze_sentences`, :func:`framing.similarity`,
:func:`framing.analyze`), for a cross-check of the CLI or a run without it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

import pandas as pd

__all__ = [
    "REPO_ROOT",
    "VIAS",
    "CliError",
    "analyze_articles",
    "run_cli",
    "score_pairs",
    "score_sentences",
]

REPO_ROOT = Path(__file__).resolve().parents[1]
VIAS = ("cli", "api")


class CliError(RuntimeError):
    """The CLI exited with an error; the message carries the command and its stderr tail."""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    parts = [str(REPO_ROOT), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
    env["PYTHONPATH"] = os.pathsep.join(parts)
    env.setdefault("PYTHONHASHSEED", "0")
    return env


def run_cli(args: Sequence[str], *, timeout: float = 1800.0) -> subprocess.CompletedProcess[str]:
    """Run ``python -m framing *args`` from the repository root; raise :class:`CliError` on failure."""
    command = [sys.executable, "-m", "framing", *args]
    done = subprocess.run(
        command,
        cwd=REPO_ROOT,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        raise CliError(f"`python -m framing {' '.join(args)}` exited {done.returncode}:\n{tail}")
    return done


def _write_jsonl(path: Path, records: Iterable[dict]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")


def _read_jsonl(path: Path) -> pd.DataFrame:
    with path.open(encoding="utf-8") as handle:
        return pd.DataFrame([json.loads(line) for line in handle if line.strip()])


def _check_via(via: str) -> None:
    if via not in VIAS:
        raise ValueError(f"via must be one of {VIAS}, not {via!r}")


def score_sentences(records: Sequence[dict], *, via: str = "cli") -> pd.DataFrame:
    """``python -m framing sentences IN.jsonl --out OUT.jsonl`` on ``records``.

    Each record needs ``text`` (and optionally ``target``, ``start``, ``end``). Returns the
    output rows in input order (the CLI adds hedge, hedge_cues, intensity, intensity_cues,
    sentiment and, with a target, target_tone).
    """
    _check_via(via)
    if via == "api":
        from framing import analyze_sentences

        return pd.DataFrame(list(analyze_sentences([dict(r) for r in records])))
    with tempfile.TemporaryDirectory(prefix="framing-eval-") as tmp:
        source = Path(tmp) / "in.jsonl"
        target = Path(tmp) / "out.jsonl"
        _write_jsonl(source, ({**r, "eval_row": i} for i, r in enumerate(records)))
        run_cli(["sentences", str(source), "--out", str(target)])
        out = _read_jsonl(target)
    if len(out) != len(records):
        raise CliError(f"sentences: {len(records)} records in, {len(out)} out")
    if "eval_row" in out.columns:
        out = out.sort_values("eval_row", kind="mergesort").reset_index(drop=True)
    return out


def score_pairs(a: Sequence[str], b: Sequence[str], *, via: str = "cli") -> pd.DataFrame:
    """``python -m framing pairs IN.jsonl --out OUT.jsonl`` on sentence pairs (adds similarity)."""
    _check_via(via)
    if len(a) != len(b):
        raise ValueError("a and b differ in length")
    if via == "api":
        from framing import similarity

        return pd.DataFrame({"s1": list(a), "s2": list(b), "similarity": similarity(a, b)})
    with tempfile.TemporaryDirectory(prefix="framing-eval-") as tmp:
        source = Path(tmp) / "in.jsonl"
        target = Path(tmp) / "out.jsonl"
        _write_jsonl(
            source,
            ({"s1": x, "s2": y, "eval_row": i} for i, (x, y) in enumerate(zip(a, b, strict=True))),
        )
        run_cli(["pairs", str(source), "--out", str(target)])
        out = _read_jsonl(target)
    if len(out) != len(a):
        raise CliError(f"pairs: {len(a)} pairs in, {len(out)} out")
    if "eval_row" in out.columns:
        out = out.sort_values("eval_row", kind="mergesort").reset_index(drop=True)
    return out


def analyze_articles(
    articles: pd.DataFrame, *, via: str = "cli", bootstrap: int = 200
) -> pd.DataFrame:
    """``python -m framing analyze BUNDLE.jsonl --out DIR`` and return its ``articles.csv``.

    ``articles`` needs ``outlet``, ``title``, ``text`` and ``story``; ``url`` and
    ``published`` are passed on when present. ``bootstrap`` draws only set the width of
    the confidence intervals, never the rates compared here.
    """
    _check_via(via)
    columns = [c for c in ("outlet", "title", "text", "story", "url", "published") if c in articles]
    if via == "api":
        from framing import analyze
        from framing.models import Article, Settings

        items = [Article(**{c: str(row[c]) for c in columns}) for _, row in articles.iterrows()]
        return analyze(items, Settings(bootstrap=bootstrap, auto_actors=False)).articles
    with tempfile.TemporaryDirectory(prefix="framing-eval-") as tmp:
        bundle = Path(tmp) / "bundle.jsonl"
        out_dir = Path(tmp) / "out"
        _write_jsonl(bundle, articles[columns].to_dict(orient="records"))
        # clustering and actor suggestions do not change articles.csv's rates: skip them
        run_cli(
            [
                *("analyze", str(bundle), "--out", str(out_dir)),
                *("--no-clusters", "--no-auto-actors", "--quiet"),
                *("--bootstrap", str(bootstrap)),
            ]
        )
        return pd.read_csv(out_dir / "articles.csv", keep_default_na=False, na_values=[""])

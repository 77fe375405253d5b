"""Refit the shipped frames model from the development data.

Usage::

    python -m eval.fit_frames DATA_DIR [--out data] [--check]

Fits :class:`framing.frames.model.FrameModel` (parameters :data:`eval.frames.MODEL_PARAMS`)
on all articles of each development set of :data:`eval.frames.DATASETS` and writes
``frames_model_<scheme>.csv`` (coefficients, intercepts, thresholds) and
``frames_model.json`` (provenance: data files and their SHA-256, parameters, library
versions, date). ``--check`` writes nothing and exits 1 when the refit differs from the
shipped files. The fit is deterministic: the same data and versions give the same file.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import sklearn

from eval.frames import DATASETS, MODEL_PARAMS, load_corpus
from framing.frames.model import FrameModel, model_table, read_model_csv
from framing.frames.schemes import FRAMES_LEXICON

__all__ = ["DATA_OUT", "fit_all", "main", "same_model"]

DATA_OUT = Path(__file__).resolve().parent.parent / "data"


def fit_all(data_dir: Path) -> tuple[dict[str, pd.DataFrame], dict]:
    """Fit each scheme's model on its development set; return tables and provenance."""
    tables: dict[str, pd.DataFrame] = {}
    provenance: dict = {
        "what": "frames model: one L2 logistic regression per frame, top_k terms kept",
        "date": datetime.now(UTC).strftime("%Y-%m-%d"),
        "scikit_learn": sklearn.__version__,
        "lexicon_sha256": hashlib.sha256(FRAMES_LEXICON.read_bytes()).hexdigest(),
        "schemes": {},
    }
    for relative, scheme in DATASETS.values():
        corpus = load_corpus(data_dir, relative=relative, scheme=scheme)
        model = FrameModel(**MODEL_PARAMS[scheme])
        model.fit(corpus.occurrences, corpus.Y, frames=corpus.frames)
        tables[scheme] = model_table(model, scheme=scheme, frames=corpus.frames)
        provenance["schemes"][scheme] = {
            "data": relative,
            "data_sha256": hashlib.sha256((Path(data_dir) / relative).read_bytes()).hexdigest(),
            "articles": len(corpus.ids),
            "articles_per_frame": dict(
                zip(corpus.frames, corpus.Y.sum(axis=0).astype(int).tolist(), strict=True)
            ),
            "parameters": MODEL_PARAMS[scheme],
            "file": f"frames_model_{scheme}.csv",
        }
    return tables, provenance


def same_model(a: pd.DataFrame, b: pd.DataFrame, *, atol: float = 1e-6) -> bool:
    """Whether two model tables hold the same rows and coefficients (within ``atol``)."""
    key = ["scheme", "frame", "kind", "term"]
    if len(a) != len(b):
        return False
    left = a.sort_values(key).reset_index(drop=True)
    right = b.sort_values(key).reset_index(drop=True)
    if not left[key].astype(str).equals(right[key].astype(str)):
        return False
    return bool(np.allclose(left["coefficient"], right["coefficient"], atol=atol, rtol=0))


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(prog="python -m eval.fit_frames", description=__doc__)
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--out", type=Path, default=DATA_OUT)
    parser.add_argument("--check", action="store_true", help="compare with the files in --out")
    args = parser.parse_args(argv)
    tables, provenance = fit_all(args.data_dir)
    if args.check:
        differs = [
            s
            for s, t in tables.items()
            if not same_model(t, read_model_csv(args.out / f"frames_model_{s}.csv"))
        ]
        print("refit differs: " + ", ".join(differs) if differs else "refit reproduces the files")
        return 1 if differs else 0
    args.out.mkdir(parents=True, exist_ok=True)
    for scheme, table in tables.items():
        table.to_csv(args.out / f"frames_model_{scheme}.csv", index=False, float_format="%.6f")
    (args.out / "frames_model.json").write_text(
        json.dumps(provenance, indent=2) + "\n", encoding="utf-8"
    )
    print(f"wrote {', '.join(f'frames_model_{s}.csv' for s in tables)} and frames_model.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())

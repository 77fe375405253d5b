"""The evaluation harness: how well the dashboard's measures agree with human annotations.

Usage::

    python -m eval DATA_DIR [--limit N] [--out DIR] [--only hedging,intensity,...] [--via cli|api]

Each section scores one public, human-annotated data set through the project's command line
(``python -m framing sentences|pairs|analyze``) and reports one or more rows: measure,
data set, n, figure, a baseline measured in the same run (or a published reference, marked
``ref``) and the target. The table is printed and, with ``--out``, written as ``eval.md`` and
``eval.json``. Nothing is fetched from the network and nothing is resolved from the cwd.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from eval import backend, datasets
from eval.frames import section_frames
from eval.metrics import (
    accuracy_at,
    band_weighted_auc,
    best_threshold_accuracy,
    bootstrap_ci,
    jaccard,
    macro_f1,
    pairwise_agreement,
    pearson_r,
    polarity,
    precision_recall_f1,
    roc_auc,
)

__all__ = ["SECTIONS", "Row", "format_markdown", "main", "n_words", "run"]

_WORD = re.compile(r"\w+(?:[-'’]\w+)*", re.UNICODE)


@dataclass
class Row:
    """One line of the results table.

    ``baseline_kind`` is ``"run"`` when the baseline was measured in the same run on the same
    items, ``"ref"`` when it is a published or previously measured reference figure. ``ci`` is
    a 95% percentile-bootstrap interval of the figure (items resampled; events for BASIL).
    """

    section: str
    measure: str
    dataset: str
    n: int
    figure: float
    baseline: float | None = None
    baseline_name: str = ""
    baseline_kind: str = "run"
    target: float | None = None
    note: str = ""
    ci: tuple[float, float] | None = None

    @property
    def met(self) -> str:
        """``yes``/``no`` against the target, ``""`` when there is none or no figure."""
        if self.target is None or math.isnan(self.figure):
            return ""
        return "yes" if self.figure >= self.target else "no"


# ---- helpers --------------------------------------------------------------------------------


def n_words(texts: Sequence[str]) -> np.ndarray:
    """Word counts with the project's counter when it is there (a regex otherwise)."""
    try:
        from framing.sentences import count_words
    except ImportError:  # pragma: no cover - only before framing.sentences exists

        def count_words(text: str) -> int:
            return len(_WORD.findall(text))

    return np.array([count_words(str(t)) for t in texts], dtype=float)


def _column(frame: pd.DataFrame, name: str) -> np.ndarray:
    if name not in frame.columns:
        raise backend.CliError(f"the CLI output has no {name!r} column (has {list(frame.columns)})")
    return pd.to_numeric(frame[name], errors="coerce").fillna(0.0).to_numpy(dtype=float)


def _rate(scored: pd.DataFrame, column: str, texts: Sequence[str]) -> np.ndarray:
    words = (
        pd.to_numeric(scored["n_words"], errors="coerce").fillna(0).to_numpy(dtype=float)
        if "n_words" in scored.columns
        else n_words(texts)
    )
    return _column(scored, column) / np.maximum(words, 1.0)


# ---- sections ---------------------------------------------------------------------------------


def section_hedging(data_dir: Path, *, limit: int | None, via: str = "cli") -> list[Row]:
    """Sentence flagged uncertain when hedge > 0: CoNLL-2010 Wikipedia (tuning side), BioScope."""
    sets = [("conll2010_wiki_train", datasets.conll_wiki(data_dir, limit=limit), 0.65)]
    for part in ("abstracts", "full_papers"):
        sets.append((f"bioscope_{part}", datasets.bioscope(data_dir, part, limit=limit), None))
    records = [{"text": t} for _, frame, _ in sets for t in frame["text"]]
    scored = backend.score_sentences(records, via=via)
    hedge = _column(scored, "hedge")
    rows: list[Row] = []
    offset = 0
    for name, frame, target in sets:
        flagged = hedge[offset : offset + len(frame)] > 0
        offset += len(frame)
        gold = frame["uncertain"].to_numpy(dtype=bool)
        p, r, f1 = precision_recall_f1(gold, flagged)
        ci = bootstrap_ci(lambda g, f: precision_recall_f1(g, f)[2], gold, flagged)
        conll = name.startswith("conll")
        rows.append(
            Row(
                "hedging",
                "F1, uncertain if hedge > 0",
                name,
                len(frame),
                f1,
                0.53 if conll else None,
                "39-word hedge list" if conll else "",
                "ref",
                target,
                f"P {p:.2f} R {r:.2f}; base rate {frame['uncertain'].mean():.2f}"
                + ("" if conll else "; out of domain (biomedical)"),
                ci,
            )
        )
    return rows


def section_intensity(data_dir: Path, *, limit: int | None, via: str = "cli") -> list[Row]:
    """ROC AUC of intensity (per word and raw) for biased / loaded-language sentences."""
    babe = datasets.babe(data_dir, limit=limit)
    _, basil_sents, _ = datasets.basil(data_dir, limit=limit)
    ptc = datasets.ptc(data_dir, limit=limit)
    parts = [
        ("babe_sg2", babe["text"].tolist(), babe["biased"].to_numpy(), 0.75),
        (
            "basil_sentences",
            basil_sents["text"].tolist(),
            basil_sents["lexical_bias"].to_numpy(),
            0.72,
        ),
    ]
    records = [{"text": t} for _, texts, _, _ in parts for t in texts]
    records += [{"text": t} for t in ptc["text"]]
    scored = backend.score_sentences(records, via=via)
    texts_all = [r["text"] for r in records]
    raw = _column(scored, "intensity")
    rate = _rate(scored, "intensity", texts_all)
    vader = np.abs(_column(scored, "sentiment"))
    words = n_words(texts_all)
    rows: list[Row] = []
    offset = 0
    for name, texts, gold, target in parts:
        sl = slice(offset, offset + len(texts))
        offset += len(texts)
        gold = np.asarray(gold, dtype=bool)
        label = "biased" if name == "babe_sg2" else "lexical_bias"
        rows.append(
            Row(
                "intensity",
                f"AUC intensity per word vs {label}",
                name,
                len(texts),
                roc_auc(gold, rate[sl]),
                roc_auc(gold, vader[sl]),
                "absolute VADER compound",
                "run",
                target,
                f"raw score AUC {roc_auc(gold, raw[sl]):.3f}; length AUC {roc_auc(gold, words[sl]):.3f}; "
                f"base rate {gold.mean():.2f}",
                bootstrap_ci(roc_auc, gold, rate[sl]),
            )
        )
    sl = slice(offset, offset + len(ptc))
    gold = ptc["loaded_language"].to_numpy(dtype=bool)
    banded_rate, bands = band_weighted_auc(gold, rate[sl], words[sl])
    banded_raw, _ = band_weighted_auc(gold, raw[sl], words[sl])
    banded_vader, _ = band_weighted_auc(gold, vader[sl], words[sl])
    per_band = ", ".join(f"{auc:.2f}" for _, _, auc in bands)
    rows.append(
        Row(
            "intensity",
            "AUC intensity per word vs loaded_language, within length quartiles",
            "ptc2020_train",
            len(ptc),
            banded_rate,
            banded_vader,
            "absolute VADER compound, same bands",
            "run",
            0.72,
            f"raw score {banded_raw:.3f} (overall {roc_auc(gold, raw[sl]):.3f}); per band {per_band}; "
            f"length alone overall {roc_auc(gold, words[sl]):.3f}",
            bootstrap_ci(lambda g, r, w: band_weighted_auc(g, r, w)[0], gold, rate[sl], words[sl]),
        )
    )
    return rows


def _basil_reference(
    articles: pd.DataFrame, sentences: pd.DataFrame, spans: pd.DataFrame
) -> pd.DataFrame:
    """Per article: share of sentences flagged lexical_bias, lexical spans per 100 words."""
    share = sentences.groupby("article_id")["lexical_bias"].mean().rename("lex_sentence_share")
    lex = spans[spans["bias"].astype(str).str.lower().str.startswith("lex")]
    counts = lex.groupby("article_id").size().rename("lex_spans")
    out = articles[["id", "event_id", "outlet", "text"]].copy()
    out = out.join(share, on="id").join(counts, on="id")
    out["lex_spans"] = out["lex_spans"].fillna(0)
    out["words"] = n_words(out["text"].tolist())
    out["lex_spans_per_100w"] = 100 * out["lex_spans"] / out["words"].clip(lower=1)
    return out.drop(columns="text")


def section_basil(data_dir: Path, *, limit: int | None, via: str = "cli") -> list[Row]:
    """Per event and outlet pair: does higher intensity_rate go with more lexical bias?"""
    articles, sentences, spans = datasets.basil(data_dir, limit=limit)
    bundle = articles.rename(columns={"event_id": "story", "date": "published"})
    result = backend.analyze_articles(bundle, via=via)
    result = result[["story", "outlet", "intensity_rate", "sentiment_mean"]]
    ref = _basil_reference(articles, sentences, spans)
    merged = ref.merge(
        result, left_on=["event_id", "outlet"], right_on=["story", "outlet"], how="left"
    )
    if merged["intensity_rate"].isna().any():
        missing = int(merged["intensity_rate"].isna().sum())
        raise backend.CliError(f"analyze: {missing} BASIL articles missing from articles.csv")
    rows = []
    for reference, target, label in (
        ("lex_sentence_share", 0.70, "share of sentences with lexical bias"),
        ("lex_spans_per_100w", None, "lexical-bias spans per 100 words"),
    ):
        agree, counted, skipped = pairwise_agreement(
            merged["event_id"], merged["intensity_rate"], merged[reference]
        )
        base, _, _ = pairwise_agreement(
            merged["event_id"], -merged["sentiment_mean"], merged[reference]
        )
        per_event = [
            pairwise_agreement(part["event_id"], part["intensity_rate"], part[reference])
            for _, part in merged.groupby("event_id", sort=False)
        ]
        scores = np.array([0.0 if c == 0 else a * c for a, c, _ in per_event])
        counts = np.array([c for _, c, _ in per_event], dtype=float)
        ci = bootstrap_ci(
            lambda sc, co: float(sc.sum() / co.sum()) if co.sum() else math.nan,
            scores,
            counts,
            n_boot=1000,
        )
        rows.append(
            Row(
                "basil",
                f"pairwise agreement, intensity_rate vs {label}",
                "basil_dev (outlet pairs within events)",
                counted,
                agree,
                base,
                "more negative sentiment_mean",
                "run",
                target,
                f"{merged['event_id'].nunique()} events; {skipped} tied pairs skipped; chance 0.50",
                ci,
            )
        )
    return rows


def section_tone(data_dir: Path, *, limit: int | None, via: str = "cli") -> list[Row]:
    """Macro-F1 of target_tone (±0.05) toward the NewsMTSC target vs whole-sentence VADER."""
    frame = datasets.newsmtsc(data_dir, limit=limit)
    records = frame[["text", "target", "start", "end"]].to_dict(orient="records")
    scored = backend.score_sentences(records, via=via)
    gold = frame["polarity"].astype(str).to_numpy()
    predicted = np.array(polarity(_column(scored, "target_tone")), dtype=object)
    tone = macro_f1(gold, predicted)
    whole = macro_f1(gold, polarity(_column(scored, "sentiment")))
    return [
        Row(
            "tone",
            "macro-F1 of target_tone (neg/neu/pos at ±0.05)",
            "newsmtsc_train",
            len(frame),
            tone,
            whole,
            "whole-sentence VADER",
            "run",
            0.60,
            "published fine-tuned models ≈ 0.83",
            bootstrap_ci(macro_f1, gold, predicted),
        )
    ]


def section_paraphrase(data_dir: Path, *, limit: int | None, via: str = "cli") -> list[Row]:
    """Accuracy of ``similarity >= DEFAULT_THRESHOLD`` on MSRP; word Jaccard as the baseline.

    When :mod:`framing.clusters` also defines ``PARAPHRASE_THRESHOLD`` (the cut-off for "same
    fact", as opposed to the looser alignment default), a second row reports accuracy there.
    """
    from framing import clusters

    frame = datasets.msrp(data_dir, limit=limit)
    scored = backend.score_pairs(frame["s1"].tolist(), frame["s2"].tolist(), via=via)
    sim = _column(scored, "similarity")
    gold = frame["label"].to_numpy()
    jac = np.array([jaccard(a, b) for a, b in zip(frame["s1"], frame["s2"], strict=True)])
    jac_t, jac_acc = best_threshold_accuracy(gold, jac)
    best_t, best_acc = best_threshold_accuracy(gold, sim)
    thresholds = [("DEFAULT_THRESHOLD", float(clusters.DEFAULT_THRESHOLD))]
    if hasattr(clusters, "PARAPHRASE_THRESHOLD"):
        thresholds.append(("PARAPHRASE_THRESHOLD", float(clusters.PARAPHRASE_THRESHOLD)))
    return [
        Row(
            "paraphrase",
            f"accuracy of similarity >= {name} ({value:g})",
            "msrp_train",
            len(frame),
            accuracy_at(gold, sim, value),
            jac_acc,
            f"word Jaccard, best threshold {jac_t:.2f}",
            "run",
            None,
            f"similarity at its best threshold {best_t:.2f}: {best_acc:.3f}; "
            f"AUC {roc_auc(gold, sim):.3f}; all-paraphrase {gold.mean():.3f}; "
            "TF-IDF cosine ref 0.71",
            bootstrap_ci(lambda g, x, t=value: accuracy_at(g, x, t), gold, sim),
        )
        for name, value in thresholds
    ]


def section_vader(data_dir: Path, *, limit: int | None, via: str = "cli") -> list[Row]:
    """Pearson r of sentence sentiment vs mean human rating on NYT editorial snippets."""
    frame = datasets.vader_nyt(data_dir, limit=limit)
    scored = backend.score_sentences([{"text": t} for t in frame["text"]], via=via)
    sentiment = _column(scored, "sentiment")
    gold = frame["gold_mean"].astype(float).to_numpy()
    r = pearson_r(sentiment, gold)
    return [
        Row(
            "vader",
            "Pearson r, sentiment vs mean human rating",
            "vader_nyt_editorials",
            len(frame),
            r,
            0.492,
            "VADER paper",
            "ref",
            None,
            "sanity check that VADER is called as published",
            bootstrap_ci(pearson_r, sentiment, gold),
        )
    ]


SECTIONS: dict[str, Callable[..., list[Row]]] = {
    "hedging": section_hedging,
    "intensity": section_intensity,
    "basil": section_basil,
    "tone": section_tone,
    "paraphrase": section_paraphrase,
    "vader": section_vader,
    "frames": section_frames,
}


# ---- running and formatting -----------------------------------------------------------------


def _fmt_figure(row: Row) -> str:
    if row.ci is None or any(math.isnan(x) for x in row.ci):
        return _fmt(row.figure)
    return f"{_fmt(row.figure)} [{row.ci[0]:.2f}, {row.ci[1]:.2f}]"


def _fmt(value: float | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, float) and math.isnan(value):
        return "n/a"
    return f"{value:.3f}"


def _jsonable(record: dict) -> dict:
    """NaN becomes null so the file is strict JSON."""

    def clean(value: object) -> object:
        if isinstance(value, float) and math.isnan(value):
            return None
        if isinstance(value, (list, tuple)):
            return [clean(v) for v in value]
        return value

    return {k: clean(v) for k, v in record.items()}


def format_markdown(rows: Sequence[Row]) -> str:
    """The results as a markdown table (one line per row)."""
    lines = [
        "| Measure | Data set | n | Figure [95% CI] | Baseline | Target | Met | Notes |",
        "|---|---|---:|---:|---|---:|:---:|---|",
    ]
    for row in rows:
        baseline = "—"
        if row.baseline is not None:
            kind = " (ref)" if row.baseline_kind == "ref" else ""
            baseline = f"{_fmt(row.baseline)} {row.baseline_name}{kind}"
        lines.append(
            f"| {row.measure} | {row.dataset} | {row.n} | {_fmt_figure(row)} | {baseline} | "
            f"{_fmt(row.target) if row.target is not None else '—'} | {row.met or '—'} | {row.note} |"
        )
    return "\n".join(lines)


def run(
    data_dir: Path,
    *,
    limit: int | None = None,
    only: Sequence[str] | None = None,
    via: str = "cli",
    log: Callable[[str], None] = print,
) -> tuple[list[Row], dict[str, float], dict[str, str]]:
    """Run the chosen sections; return (rows, seconds per section, errors per section).

    A section whose data file is missing or whose CLI call fails is reported in ``errors``
    and skipped; the others still run.
    """
    names = list(only) if only else list(SECTIONS)
    unknown = [n for n in names if n not in SECTIONS]
    if unknown:
        raise ValueError(f"unknown section(s) {unknown}; choose from {list(SECTIONS)}")
    rows: list[Row] = []
    timings: dict[str, float] = {}
    errors: dict[str, str] = {}
    for name in names:
        started = time.perf_counter()
        try:
            rows.extend(SECTIONS[name](Path(data_dir), limit=limit, via=via))
        except (datasets.DatasetMissing, backend.CliError, ImportError) as err:
            errors[name] = str(err)
        timings[name] = time.perf_counter() - started
        status = "failed: " + errors[name].splitlines()[0] if name in errors else "ok"
        log(f"[{name}] {timings[name]:.1f} s, {status}")
    return rows, timings, errors


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m eval",
        description="Check the framing measures against public human-annotated data.",
    )
    parser.add_argument("data_dir", type=Path, help="directory with the evaluation data sets")
    parser.add_argument(
        "--limit", type=int, default=None, help="N items per data set, evenly spread over each file"
    )
    parser.add_argument("--out", type=Path, default=None, help="write eval.md and eval.json here")
    parser.add_argument(
        "--via",
        choices=backend.VIAS,
        default="cli",
        help="score through the command line (default) or the Python API in-process",
    )
    parser.add_argument(
        "--only", default="", help=f"comma-separated sections among {','.join(SECTIONS)}"
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point; returns the exit status (1 when a section failed)."""
    args = _parse(argv)
    if not args.data_dir.is_dir():
        print(f"{args.data_dir}: not a directory", file=sys.stderr)
        return 2
    only = [s.strip() for s in args.only.split(",") if s.strip()]
    started = time.perf_counter()
    try:
        rows, timings, errors = run(
            args.data_dir, limit=args.limit, only=only or None, via=args.via
        )
    except ValueError as err:
        print(str(err), file=sys.stderr)
        return 2
    total = time.perf_counter() - started
    table = format_markdown(rows)
    print()
    print(table)
    print(f"\ntotal {total:.1f} s" + (f"; limit {args.limit} per data set" if args.limit else ""))
    for name, message in errors.items():
        print(f"\n[{name}] not measured:\n{message}", file=sys.stderr)
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        meta = {
            "date": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "limit": args.limit,
            "via": args.via,
            "python": platform.python_version(),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores",
            "seconds": {k: round(v, 2) for k, v in timings.items()},
            "total_seconds": round(total, 2),
            "errors": errors,
        }
        (args.out / "eval.md").write_text(
            f"{table}\n\nMeasured {meta['date']} on {meta['machine']}, total {total:.0f} s.\n",
            encoding="utf-8",
        )
        payload = {"meta": meta, "rows": [_jsonable({**asdict(r), "met": r.met}) for r in rows]}
        (args.out / "eval.json").write_text(json.dumps(payload, indent=2), encoding="utf-8")
    return 1 if errors else 0

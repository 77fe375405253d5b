"""Lexicon audit: how often each term fires on annotated sentences and how often it is right.

Usage::

    python -m eval.audit DATA_DIR --out docs/audit [--candidates DIR] [--limit N]

For every term of the bundled hedging, intensity and reporting lexicons (matched with the
project's own :class:`framing.lexicon.Matcher`, so inflections, phrases and word boundaries
are exactly the dashboard's) it counts the sentences it fires in on each annotated set and the
share of those the annotators marked positive:

========== ======================================== ===========================================
set        positive label                           extra agreement column
========== ======================================== ===========================================
conll      CoNLL-2010 Wikipedia ``uncertain``       —
bioscope   BioScope (abstracts + full papers)        ``cue_bioscope``: share of hits inside an
           ``uncertain``                             annotated speculation cue span
babe       BABE ``biased``                           ``inword_babe``: share of hits on a word the
                                                     annotators listed in ``biased_words``
ptc        PTC ``loaded_language``                   —
basil      BASIL sentence ``lexical_bias``           —
========== ======================================== ===========================================

``precision_<set>`` is to be read against the set's base rate (printed, and in
``base_rates.csv``): a term whose precision is at or below the base rate carries no signal.
The CSVs hold only our own terms and counts, never data text, so they can be committed.
``--candidates DIR`` also writes frequent annotated cues that no lexicon term covers
(CoNLL weasel cues, BABE biased words) with their hits and precision; those lists contain
words from the data sets and stay outside the repository.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from eval import datasets
from framing.models import Settings

__all__ = [
    "AUDIT_LEXICONS",
    "SETS",
    "audit_terms",
    "base_rates",
    "main",
    "missing_babe_words",
    "missing_weasel_cues",
    "term_table",
    "weakest_terms",
]

AUDIT_LEXICONS = ("hedging", "intensity", "reporting")
SETS = ("conll", "bioscope", "babe", "ptc", "basil")
_WORD = re.compile(r"\w+(?:['’]\w+)?", re.UNICODE)


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def term_table(
    matches: Sequence[Sequence[Any]],
    gold: Sequence[bool],
    *,
    name: str,
    agree: Sequence[Callable[[Any], bool] | None] | None = None,
    agree_name: str = "",
) -> pd.DataFrame:
    """Per (lexicon, term): sentences hit, share of them positive, and optional hit agreement.

    Parameters
    ----------
    matches
        One list of matches per sentence (objects with ``lexicon`` and ``term``).
    gold
        The sentence labels, aligned with ``matches``.
    name
        Set name, the column suffix (``hits_<name>``, ``precision_<name>``).
    agree
        Optional, one predicate per sentence saying whether a match agrees with the
        annotation inside that sentence (a cue span, a listed word); gives column
        ``<agree_name>_<name>``: the share of a term's matches that agree.

    Examples
    --------
    >>> from types import SimpleNamespace as M
    >>> m = [[M(lexicon="h", term="may")], [M(lexicon="h", term="may")], []]
    >>> term_table(m, [True, False, True], name="x").to_dict("records")
    [{'lexicon': 'h', 'term': 'may', 'hits_x': 2, 'precision_x': 0.5}]
    """
    hits: dict[tuple[str, str], int] = defaultdict(int)
    positives: dict[tuple[str, str], int] = defaultdict(int)
    agree_n: dict[tuple[str, str], int] = defaultdict(int)
    total_n: dict[tuple[str, str], int] = defaultdict(int)
    for i, (found, label) in enumerate(zip(matches, gold, strict=True)):
        keys = {(m.lexicon, m.term) for m in found}
        for key in keys:
            hits[key] += 1
            positives[key] += bool(label)
        check = agree[i] if agree is not None else None
        if check is not None:
            for m in found:
                total_n[(m.lexicon, m.term)] += 1
                agree_n[(m.lexicon, m.term)] += bool(check(m))
    rows = []
    for key in sorted(hits):
        row = {
            "lexicon": key[0],
            "term": key[1],
            f"hits_{name}": hits[key],
            f"precision_{name}": positives[key] / hits[key],
        }
        if agree is not None:
            row[f"{agree_name}_{name}"] = agree_n[key] / total_n[key] if total_n[key] else np.nan
        rows.append(row)
    columns = ["lexicon", "term", f"hits_{name}", f"precision_{name}"]
    if agree is not None:
        columns.append(f"{agree_name}_{name}")
    return pd.DataFrame(rows, columns=columns)


def _overlaps(spans: Sequence[tuple[int, int]]) -> Callable[[Any], bool]:
    return lambda m: any(m.start < end and start < m.end for start, end in spans)


def _in_words(words: set[str]) -> Callable[[Any], bool]:
    return lambda m: bool(_words(m.text) & words)


def _load_sets(data_dir: Path, limit: int | None) -> dict[str, dict[str, Any]]:
    """Texts, gold labels and agreement predicates per set (missing files are skipped)."""
    loaded: dict[str, dict[str, Any]] = {}
    readers: dict[str, Callable[[], dict[str, Any]]] = {}

    def conll() -> dict[str, Any]:
        f = datasets.conll_wiki(data_dir, limit=limit)
        return {"texts": f["text"].tolist(), "gold": f["uncertain"].tolist()}

    def bioscope() -> dict[str, Any]:
        f = pd.concat(
            [datasets.bioscope(data_dir, p, limit=limit) for p in ("abstracts", "full_papers")],
            ignore_index=True,
        )
        return {
            "texts": f["text"].tolist(),
            "gold": f["uncertain"].tolist(),
            "agree": [_overlaps(s) for s in f["cue_spans"]],
            "agree_name": "cue",
        }

    def babe() -> dict[str, Any]:
        f = datasets.babe(data_dir, limit=limit)
        return {
            "texts": f["text"].tolist(),
            "gold": f["biased"].tolist(),
            "agree": [_in_words({w for x in ws for w in _words(x)}) for ws in f["biased_words"]],
            "agree_name": "inword",
        }

    def ptc() -> dict[str, Any]:
        f = datasets.ptc(data_dir, limit=limit)
        return {"texts": f["text"].tolist(), "gold": f["loaded_language"].tolist()}

    def basil() -> dict[str, Any]:
        _, f, _ = datasets.basil(data_dir, limit=limit)
        return {"texts": f["text"].tolist(), "gold": f["lexical_bias"].tolist()}

    readers = {"conll": conll, "bioscope": bioscope, "babe": babe, "ptc": ptc, "basil": basil}
    for name, read in readers.items():
        try:
            loaded[name] = read()
        except datasets.DatasetMissing as err:
            print(f"[audit] skipping {name}: {err}", file=sys.stderr)
    return loaded


def base_rates(sets: dict[str, dict[str, Any]]) -> pd.DataFrame:
    """Per set: sentences and share positive (what a term's precision must beat)."""
    return pd.DataFrame(
        [
            {"set": name, "sentences": len(s["gold"]), "base_rate": float(np.mean(s["gold"]))}
            for name, s in sets.items()
        ],
        columns=["set", "sentences", "base_rate"],
    )


def audit_terms(
    entries: pd.DataFrame, matcher: Any, sets: dict[str, dict[str, Any]]
) -> pd.DataFrame:
    """One row per lexicon entry with hits/precision (and agreement) on every loaded set.

    ``entries`` are the lexicon rows (``LEXICON_COLUMNS``); terms that never fire get 0 hits
    and an empty precision, so unused terms are visible too.
    """
    table = entries[["term", "lexicon", "category", "weight"]].copy()
    table["term"] = table["term"].astype(str)
    for name, data in sets.items():
        found = [matcher.find(text) for text in data["texts"]]
        part = term_table(
            found,
            data["gold"],
            name=name,
            agree=data.get("agree"),
            agree_name=data.get("agree_name", ""),
        )
        table = table.merge(part, on=["lexicon", "term"], how="left")
        table[f"hits_{name}"] = table[f"hits_{name}"].fillna(0).astype(int)
    return table.sort_values(["lexicon", "category", "term"], kind="mergesort").reset_index(
        drop=True
    )


def _base(rates: pd.DataFrame, set_name: str) -> float:
    return float(rates.loc[rates["set"] == set_name, "base_rate"].iloc[0])


def weakest_terms(
    table: pd.DataFrame, rates: pd.DataFrame, *, set_name: str, min_hits: int = 10
) -> pd.DataFrame:
    """Terms with at least ``min_hits`` on ``set_name`` whose precision is below 1.2 × base rate.

    Sorted by the number of false hits (hits × (1 − precision)), the most harmful first.
    """
    base = _base(rates, set_name)
    hits, precision = f"hits_{set_name}", f"precision_{set_name}"
    weak = table[(table[hits] >= min_hits) & (table[precision] < 1.2 * base)].copy()
    weak["false_hits"] = (weak[hits] * (1 - weak[precision])).round().astype(int)
    weak["lift"] = weak[precision] / base
    return weak.sort_values("false_hits", ascending=False)[
        ["lexicon", "term", "category", "weight", hits, precision, "lift", "false_hits"]
    ]


def _covered(matcher: Any, phrase: str, lexicon: str) -> bool:
    """Whether a lexicon term matches the whole phrase (or a word of a one-word phrase)."""
    found = [m for m in matcher.find(phrase) if m.lexicon == lexicon]
    if not found:
        return False
    covered = sum(m.end - m.start for m in found)
    return covered >= len(phrase.strip()) * 0.6


def _phrase_precision(phrase: str, texts: Sequence[str], gold: Sequence[bool]) -> tuple[int, float]:
    pattern = re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", re.IGNORECASE)
    labels = [g for t, g in zip(texts, gold, strict=True) if pattern.search(t)]
    return len(labels), (float(np.mean(labels)) if labels else np.nan)


def _covering(matcher: Any, phrase: str) -> str:
    """The lexicons (``;``-joined) with a term that matches somewhere in ``phrase``."""
    return ";".join(sorted({m.lexicon for m in matcher.find(phrase)}))


def missing_weasel_cues(
    cues: pd.DataFrame,
    matcher: Any,
    conll: dict[str, Any],
    *,
    min_count: int = 3,
    min_precision: float = 0.0,
) -> pd.DataFrame:
    """Annotated CoNLL weasel/hedge cues that no hedging term covers.

    Keeps cues annotated at least ``min_count`` times whose sentences (every occurrence,
    not only the annotated ones) are uncertain with a precision of at least ``min_precision``.
    """
    rows = []
    for cue, count in zip(cues["cue"], cues["count"], strict=True):
        if count < min_count or not cue or _covered(matcher, cue, "hedging"):
            continue
        hits, precision = _phrase_precision(cue, conll["texts"], conll["gold"])
        if not hits or precision < min_precision:
            continue
        rows.append(
            {
                "cue": cue,
                "cue_count": int(count),
                "hits_conll": hits,
                "precision_conll": precision,
                "in_lexicons": _covering(matcher, cue),
            }
        )
    return pd.DataFrame(
        rows, columns=["cue", "cue_count", "hits_conll", "precision_conll", "in_lexicons"]
    )


def missing_babe_words(
    frame: pd.DataFrame, matcher: Any, *, min_count: int = 3, min_precision: float = 0.0
) -> pd.DataFrame:
    """BABE ``biased_words`` listed in ≥ ``min_count`` sentences that no intensity term covers.

    ``precision_babe`` is the share of all sentences containing the word that are labelled
    biased; words below ``min_precision`` (function words, topic words) are left out.
    ``in_lexicons`` names the lexicons that do match it (e.g. a loaded reporting verb).
    """
    counts: dict[str, int] = defaultdict(int)
    for words in frame["biased_words"]:
        for word in {w.strip().lower() for w in words if w.strip()}:
            counts[word] += 1
    texts = frame["text"].tolist()
    gold = frame["biased"].tolist()
    rows = []
    for word, count in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        if count < min_count or _covered(matcher, word, "intensity"):
            continue
        hits, precision = _phrase_precision(word, texts, gold)
        if not hits or precision < min_precision:
            continue
        rows.append(
            {
                "word": word,
                "listed": count,
                "hits_babe": hits,
                "precision_babe": precision,
                "in_lexicons": _covering(matcher, word),
            }
        )
    return pd.DataFrame(
        rows, columns=["word", "listed", "hits_babe", "precision_babe", "in_lexicons"]
    )


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m eval.audit", description="Hits and precision of every lexicon term."
    )
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--out", type=Path, required=True, help="where <lexicon>_audit.csv go")
    parser.add_argument(
        "--candidates", type=Path, default=None, help="also write missing-cue lists here"
    )
    parser.add_argument("--limit", type=int, default=None, help="first N items per data set")
    parser.add_argument("--top", type=int, default=15, help="how many terms to print per list")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    from framing.lexicon import Matcher, load_lexicons

    args = _parse(argv)
    if not args.data_dir.is_dir():
        print(f"{args.data_dir}: not a directory", file=sys.stderr)
        return 2
    started = time.perf_counter()
    entries = load_lexicons(Settings())
    entries = entries[entries["lexicon"].isin(AUDIT_LEXICONS)].reset_index(drop=True)
    matcher = Matcher(entries)
    # blockers ("!term": a context in which a term is not a cue) never match themselves;
    # they act through the terms they block, whose hits are counted with them in force
    entries = entries[~entries["term"].astype(str).str.startswith("!")].reset_index(drop=True)
    sets = _load_sets(args.data_dir, args.limit)
    rates = base_rates(sets)
    table = audit_terms(entries, matcher, sets)
    args.out.mkdir(parents=True, exist_ok=True)
    float_cols = [c for c in table.columns if c.startswith(("precision_", "cue_", "inword_"))]
    table[float_cols] = table[float_cols].round(3)
    for lexicon in AUDIT_LEXICONS:
        part = table[table["lexicon"] == lexicon]
        part.to_csv(args.out / f"{lexicon}_audit.csv", index=False)
    rates.round(4).to_csv(args.out / "base_rates.csv", index=False)
    pd.set_option("display.width", 160)
    print(rates.to_string(index=False))
    for lexicon, set_name in (("hedging", "conll"), ("intensity", "babe"), ("intensity", "ptc")):
        if set_name not in sets:
            continue
        weak = weakest_terms(table[table["lexicon"] == lexicon], rates, set_name=set_name)
        print(f"\nweakest {lexicon} terms on {set_name} (precision < 1.2 x base rate):")
        print(weak.head(args.top).to_string(index=False) if len(weak) else "  none")
    candidates = {}
    if "conll" in sets:
        try:
            cues = datasets.weasel_cue_counts(args.data_dir)
            candidates["hedging"] = missing_weasel_cues(
                cues, matcher, sets["conll"], min_precision=1.2 * _base(rates, "conll")
            )
        except datasets.DatasetMissing as err:
            print(f"[audit] {err}", file=sys.stderr)
    if "babe" in sets:
        candidates["intensity"] = missing_babe_words(
            datasets.babe(args.data_dir, limit=args.limit),
            matcher,
            min_precision=1.2 * _base(rates, "babe"),
        )
    for lexicon, frame in candidates.items():
        print(
            f"\nfrequent annotated cues not covered by the {lexicon} lexicon "
            "(precision >= 1.2 x base rate):"
        )
        print(frame.head(args.top).round(3).to_string(index=False) if len(frame) else "  none")
        if args.candidates is not None:
            args.candidates.mkdir(parents=True, exist_ok=True)
            frame.round(3).to_csv(args.candidates / f"candidates_{lexicon}.csv", index=False)
    print(f"\naudit took {time.perf_counter() - started:.1f} s; CSVs in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

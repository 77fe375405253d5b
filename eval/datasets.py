"""Readers for the annotated evaluation sets (read-only, from a data directory given by the user).

Each reader returns a DataFrame with the few columns the harness needs. With ``limit`` it
keeps ``limit`` usable items spread evenly over the file (some files are sorted by label, so
the first N would be one class); the choice is deterministic. Nothing here
is ever written into the repository: the data are licensed for research use only.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd

__all__ = [
    "DatasetMissing",
    "babe",
    "basil",
    "bioscope",
    "conll_wiki",
    "msrp",
    "newsmtsc",
    "ptc",
    "read_jsonl",
    "spread",
    "vader_nyt",
    "weasel_cue_counts",
]


class DatasetMissing(FileNotFoundError):
    """An evaluation file is not in the data directory (the section is skipped, not failed)."""


def _path(data_dir: Path, relative: str) -> Path:
    path = Path(data_dir) / relative
    if not path.is_file():
        raise DatasetMissing(f"{path}: not found")
    return path


def read_jsonl(path: Path, *, limit: int | None = None) -> Iterator[dict]:
    """Yield the JSON objects of a JSON-lines file (blank lines skipped), at most ``limit``."""
    n = 0
    with Path(path).open(encoding="utf-8") as handle:
        for line in handle:
            if not line.strip():
                continue
            if limit is not None and n >= limit:
                return
            n += 1
            yield json.loads(line)


def spread(items: list, limit: int | None) -> list:
    """``limit`` items at evenly spaced positions (all of them when ``limit`` is None or larger).

    Examples
    --------
    >>> spread(list(range(10)), 3)
    [0, 4, 9]
    """
    if limit is None or limit >= len(items):
        return list(items)
    if limit <= 0:
        return []
    positions = np.linspace(0, len(items) - 1, num=limit).round().astype(int)
    return [items[i] for i in positions]


def _frame(
    rows: Iterator[dict] | list[dict], columns: list[str], limit: int | None = None
) -> pd.DataFrame:
    picked = spread([{c: row.get(c) for c in columns} for row in rows], limit)
    return pd.DataFrame(picked, columns=columns)


def conll_wiki(data_dir: Path, *, limit: int | None = None) -> pd.DataFrame:
    """CoNLL-2010 Wikipedia weasel/hedge sentences: ``text``, ``uncertain`` (bool)."""
    path = _path(data_dir, "hedging/conll2010_wiki_train.jsonl")
    frame = _frame(read_jsonl(path), ["text", "uncertain"], limit)
    frame["uncertain"] = frame["uncertain"].astype(bool)
    return frame


def bioscope(data_dir: Path, part: str, *, limit: int | None = None) -> pd.DataFrame:
    """BioScope sentences (``part`` is ``abstracts`` or ``full_papers``).

    Columns: ``text``, ``uncertain`` (bool), ``cue_spans`` (list of (start, end)).
    """
    path = _path(data_dir, f"hedging/bioscope_{part}.jsonl")
    rows = []
    for row in read_jsonl(path):
        spans = [(int(s["start"]), int(s["end"])) for s in row.get("cue_spans") or []]
        rows.append({"text": row["text"], "uncertain": bool(row["uncertain"]), "cue_spans": spans})
    return pd.DataFrame(spread(rows, limit), columns=["text", "uncertain", "cue_spans"])


def babe(data_dir: Path, *, limit: int | None = None) -> pd.DataFrame:
    """BABE (SG2) sentences with an expert bias label; items with no label are dropped.

    Columns: ``text``, ``biased`` (bool), ``biased_words`` (list of str), ``outlet``.
    """
    path = _path(data_dir, "bias/babe_sg2.jsonl")
    rows = []
    for row in read_jsonl(path):
        if row.get("biased") is None:
            continue
        rows.append(
            {
                "text": row["text"],
                "biased": bool(row["biased"]),
                "biased_words": list(row.get("biased_words") or []),
                "outlet": row.get("outlet") or "",
            }
        )
    return pd.DataFrame(spread(rows, limit), columns=["text", "biased", "biased_words", "outlet"])


def ptc(data_dir: Path, *, limit: int | None = None) -> pd.DataFrame:
    """PTC (SemEval-2020 task 11) sentences: ``text``, ``loaded_language`` (bool).

    Empty lines of the source articles are dropped.
    """
    path = _path(data_dir, "bias/ptc2020_train_sentences.jsonl")
    rows = []
    for row in read_jsonl(path):
        if not str(row.get("text") or "").strip():
            continue
        rows.append({"text": row["text"], "loaded_language": bool(row["loaded_language"])})
    return pd.DataFrame(spread(rows, limit), columns=["text", "loaded_language"])


def basil(
    data_dir: Path, *, limit: int | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """BASIL articles, sentences and bias spans, for whole events only.

    ``limit`` caps the number of articles, rounded up to whole events (an event with one
    outlet has no pair to compare).

    Returns
    -------
    (articles[id, event_id, event, outlet, title, date, url, text],
     sentences[article_id, event_id, outlet, sent_index, text, lexical_bias, informational_bias],
     spans[article_id, bias, start, end])
    """
    articles = _frame(
        read_jsonl(_path(data_dir, "basil_dev/articles.jsonl")),
        ["id", "event_id", "event", "outlet", "title", "date", "url", "text"],
    )
    if limit is not None:
        events: list[str] = []
        count = 0
        for event_id, part in articles.groupby("event_id", sort=False):
            if count >= limit:
                break
            events.append(str(event_id))
            count += len(part)
        articles = articles[articles["event_id"].isin(events)].reset_index(drop=True)
    sentences = _frame(
        read_jsonl(_path(data_dir, "basil_dev/sentences.jsonl")),
        [
            "article_id",
            "event_id",
            "outlet",
            "sent_index",
            "text",
            "lexical_bias",
            "informational_bias",
        ],
    )
    sentences = sentences[sentences["article_id"].isin(articles["id"])].reset_index(drop=True)
    sentences["lexical_bias"] = sentences["lexical_bias"].astype(bool)
    spans = _frame(
        read_jsonl(_path(data_dir, "basil_dev/bias_spans.jsonl")),
        ["article_id", "bias", "start", "end"],
    )
    spans = spans[spans["article_id"].isin(articles["id"])].reset_index(drop=True)
    return articles, sentences, spans


def newsmtsc(data_dir: Path, *, limit: int | None = None) -> pd.DataFrame:
    """NewsMTSC targets: ``text``, ``target``, ``start``, ``end``, ``polarity``."""
    path = _path(data_dir, "newsmtsc/train.jsonl")
    return _frame(read_jsonl(path), ["text", "target", "start", "end", "polarity"], limit)


def msrp(data_dir: Path, *, limit: int | None = None) -> pd.DataFrame:
    """MSRP sentence pairs: ``s1``, ``s2``, ``label`` (1 paraphrase, 0 not)."""
    path = _path(data_dir, "paraphrase/msrp_train.jsonl")
    frame = _frame(read_jsonl(path), ["s1", "s2", "label"], limit)
    frame["label"] = frame["label"].astype(int)
    return frame


def vader_nyt(data_dir: Path, *, limit: int | None = None) -> pd.DataFrame:
    """VADER's NYT editorial snippets: ``text``, ``gold_mean`` (-4 … 4)."""
    path = _path(data_dir, "sentiment/vader_nyt_editorials.jsonl")
    return _frame(read_jsonl(path), ["text", "gold_mean"], limit)


def weasel_cue_counts(data_dir: Path) -> pd.DataFrame:
    """Cue phrases and their counts in the CoNLL-2010 Wikipedia training annotations."""
    path = _path(data_dir, "hedging/weasel_cues_train_counts.tsv")
    frame = pd.read_csv(path, sep="\t", keep_default_na=False, dtype={"cue": str})
    frame["cue"] = frame["cue"].str.strip().str.lower()
    return frame[["cue", "count"]]

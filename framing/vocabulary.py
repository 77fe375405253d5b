"""Domain vocabulary read from data files with a source per row: each rule lives once.

* ``data/speech_verbs.csv`` (``form,roles,source``): the verbs of saying (and of thinking)
  and which rules use each form (:data:`ROLES`): the quote finder's ``X said`` (``quote``),
  ``said X`` (``invert``) and ``X, saying`` (``participle``); a mention that is a speaker
  (``speaker``) or the subject of reported speech (``reports``) in actor tone; a sentence
  that goes on after a quotation (``sentence``) in the sentence splitter. Whether a verb is
  neutral or loaded is the reporting lexicon's business (``data/lexicons/reporting.csv``).
* ``data/news_tone.csv`` (``term,category,weight,source``): the news adjustment of VADER for
  tone toward actors: ``blame``/``praise`` words get ``weight`` as their valence, ``neutral``
  words (institutions and topics) are taken out of VADER's lexicon.

Patterns built from this vocabulary are plain alternations of escaped literal words
(:func:`alternation`), which cannot backtrack beyond one word (docs/security.md).

Examples
--------
>>> "said" in speech_verbs("quote") and "thinks" in speech_verbs("reports")
True
>>> alternation(["tell", "tells", "said"])
'tells|said|tell'
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

__all__ = [
    "NEWS_TONE_CSV",
    "ROLES",
    "SPEECH_VERBS_CSV",
    "alternation",
    "news_tone",
    "speech_verbs",
]

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
SPEECH_VERBS_CSV = DATA_DIR / "speech_verbs.csv"
NEWS_TONE_CSV = DATA_DIR / "news_tone.csv"
#: What a verb of saying is used for (the ``roles`` column).
ROLES = ("quote", "invert", "participle", "speaker", "reports", "sentence")
_WORD_FORM = re.compile(r"[a-z]+(?: [a-z]+)*")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@lru_cache(maxsize=1)
def _speech_rows() -> tuple[tuple[str, frozenset[str]], ...]:
    out = []
    for i, row in enumerate(_rows(SPEECH_VERBS_CSV), start=2):
        form, roles = row["form"].strip(), frozenset(row["roles"].split())
        if not _WORD_FORM.fullmatch(form) or not roles <= set(ROLES) or not row["source"].strip():
            raise ValueError(f"{SPEECH_VERBS_CSV.name} line {i}: bad form, role or source")
        out.append((form, roles))
    return tuple(out)


def speech_verbs(role: str) -> tuple[str, ...]:
    """The forms with ``role`` (one of :data:`ROLES`), in file order.

    Raises
    ------
    ValueError
        For an unknown role, or a row of the file without a lowercase form, a known role or
        a source.
    """
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; one of {', '.join(ROLES)}")
    return tuple(form for form, roles in _speech_rows() if role in roles)


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of the literal ``words``, longest first (ties alphabetical), with
    spaces matching any whitespace run.

    Longest first lets a longer form win where one word is a prefix of another; every
    alternative is a fixed string, so the alternation itself never backtracks more than
    one word.
    """
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@lru_cache(maxsize=1)
def news_tone() -> tuple[dict[str, float], frozenset[str]]:
    """``(valences, neutral)`` from ``data/news_tone.csv``: words given a valence on VADER's
    -4..4 scale, and words taken out of VADER's lexicon for actor tone.

    Raises
    ------
    ValueError
        When a row lacks a source, has an unknown category or a valence outside -4..4.
    """
    valences: dict[str, float] = {}
    neutral: set[str] = set()
    for i, row in enumerate(_rows(NEWS_TONE_CSV), start=2):
        term, category = row["term"].strip().lower(), row["category"].strip()
        weight = float(row["weight"])
        if not term or not row["source"].strip() or not -4 <= weight <= 4:
            raise ValueError(f"{NEWS_TONE_CSV.name} line {i}: bad term, weight or source")
        if category == "neutral":
            neutral.add(term)
        elif category in ("blame", "praise") and (weight < 0) == (category == "blame"):
            valences[term] = weight
        else:
            raise ValueError(f"{NEWS_TONE_CSV.name} line {i}: category {category!r}")
    return valences, frozenset(neutral)

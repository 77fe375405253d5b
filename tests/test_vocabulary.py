"""Tests of framing.vocabulary: domain vocabulary lives once, in data files with sources."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from framing import quotes, sentences, sentiment, tone
from framing.vocabulary import (
    NEWS_TONE_CSV,
    ROLES,
    SPEECH_VERBS_CSV,
    alternation,
    news_tone,
    speech_verbs,
)

FRAMING = Path(__file__).resolve().parent.parent / "framing"


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.parametrize("path", [SPEECH_VERBS_CSV, NEWS_TONE_CSV], ids=lambda p: p.name)
def test_every_row_has_a_source_and_no_duplicate(path: Path) -> None:
    rows = _rows(path)
    assert rows
    assert all(r["source"].strip() for r in rows)
    key = "form" if "form" in rows[0] else "term"
    assert len({r[key] for r in rows}) == len(rows)


def test_every_role_is_known_and_used() -> None:
    used = {role for r in _rows(SPEECH_VERBS_CSV) for role in r["roles"].split()}
    assert used == set(ROLES)


@pytest.mark.parametrize(
    ("role", "in_code"),
    [
        ("quote", lambda: list(quotes.SPEECH_VERBS)),
        ("participle", lambda: list(quotes.PARTICIPLES)),
        ("invert", lambda: sorted(quotes._INVERTIBLE)),
    ],
)
def test_the_quote_finder_reads_the_file(role: str, in_code) -> None:  # type: ignore[no-untyped-def]
    expected = list(speech_verbs(role))
    assert in_code() == (sorted(expected) if role == "invert" else expected)


@pytest.mark.parametrize(
    ("pattern", "role"),
    [
        (lambda: tone._SPEECH, "speaker"),
        (lambda: tone._REPORTS_AFTER.pattern, "reports"),
        (lambda: sentences._ATTRIBUTION_RE.pattern, "sentence"),
    ],
    ids=["tone-speaker", "tone-reports", "sentences-attribution"],
)
def test_patterns_are_built_from_the_file(pattern, role: str) -> None:  # type: ignore[no-untyped-def]
    assert alternation(speech_verbs(role)) in pattern()


def test_no_module_spells_out_verbs_of_saying() -> None:
    # the file is the one place: a hard-coded alternation or list of them is a second copy
    offenders = [
        p.name
        for p in FRAMING.rglob("*.py")
        if re.search(r"said\|says|\"said\",\s*\"says\"", p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_news_tone_comes_from_the_file() -> None:
    valences, neutral = news_tone()
    assert valences == sentiment.NEWS_TONE and neutral == sentiment.NEWS_TONE_NEUTRAL
    assert not set(valences) & neutral
    rows = _rows(NEWS_TONE_CSV)
    assert {r["category"] for r in rows} == {"blame", "praise", "neutral"}
    assert all((float(r["weight"]) < 0) == (r["category"] == "blame") for r in rows)


@pytest.mark.parametrize(
    ("words", "text", "matched"),
    [
        (["tell", "tells"], "she tells", "tells"),
        (["hit back", "hit"], "they hit  back", "hit  back"),
        (["a.b"], "axb", None),  # escaped: a dot is a dot
    ],
)
def test_alternation(words: list[str], text: str, matched: str | None) -> None:
    m = re.search(rf"\b(?:{alternation(words)})\b", text)
    assert (m.group() if m else None) == matched


def test_unknown_role() -> None:
    with pytest.raises(ValueError, match="unknown role"):
        speech_verbs("whisper")

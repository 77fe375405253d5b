"""Tests for framing.sentences: golden rules (input -> sentences), headings, invariants."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.sentences import Span, count_words, split_sentences

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


def _texts(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


# Golden rules in the style of pySBD: input -> expected sentences (texts, in order).
GOLDEN: list[tuple[str, str, list[str]]] = [
    ("simple", "Hello World. My name is Jonas.", ["Hello World.", "My name is Jonas."]),
    (
        "question",
        "What is your name? My name is Jonas.",
        ["What is your name?", "My name is Jonas."],
    ),
    ("exclamation", "There it is! I found it.", ["There it is!", "I found it."]),
    ("title_mr", "My name is Mr. Smith. I live here.", ["My name is Mr. Smith.", "I live here."]),
    ("title_dr", "Dr. Araghchi met Gen. Gerasimov.", ["Dr. Araghchi met Gen. Gerasimov."]),
    ("titles_mrs_prof", "Mrs. Jones and Prof. Lee spoke.", ["Mrs. Jones and Prof. Lee spoke."]),
    ("us_mid", "The U.S. military struck Iran.", ["The U.S. military struck Iran."]),
    ("us_final", "He lives in the U.S. He likes it.", ["He lives in the U.S.", "He likes it."]),
    ("us_then_name", "U.S. President Donald Trump spoke.", ["U.S. President Donald Trump spoke."]),
    ("uk_mid", "The U.K. Government said no.", ["The U.K. Government said no."]),
    ("number_no", "He lives at No. 10 Downing Street.", ["He lives at No. 10 Downing Street."]),
    ("number_no_final", "I said no. No one listened.", ["I said no.", "No one listened."]),
    ("month_abbr", "It happened on Jan. 5 in Paris.", ["It happened on Jan. 5 in Paris."]),
    ("month_abbr_final", "He left in Jan. The end came.", ["He left in Jan.", "The end came."]),
    ("initials", "J. R. R. Tolkien wrote it.", ["J. R. R. Tolkien wrote it."]),
    ("initial_name", "George W. Bush spoke.", ["George W. Bush spoke."]),
    (
        "decimal",
        "Inflation rose 3.5 percent. Prices fell.",
        ["Inflation rose 3.5 percent.", "Prices fell."],
    ),
    ("money", "It cost $1.5bn. Critics balked.", ["It cost $1.5bn.", "Critics balked."]),
    ("ellipsis_lower", "He paused... and went on.", ["He paused... and went on."]),
    ("ellipsis_upper", "He paused... Then he left.", ["He paused...", "Then he left."]),
    ("ellipsis_char", "Wait for it… The end.", ["Wait for it…", "The end."]),
    ("quote_period", 'He said "no." Then he left.', ['He said "no."', "Then he left."]),
    ("quote_curly", "He said “no.” Then he left.", ["He said “no.”", "Then he left."]),
    ("quote_question", "She asked ‘why?’ Nobody knew.", ["She asked ‘why?’", "Nobody knew."]),
    ("quote_said", "“It is over,” he said. “We won.”", ["“It is over,” he said.", "“We won.”"]),
    ("quote_lower_after", '"Is it over?" he asked. Yes.', ['"Is it over?" he asked.', "Yes."]),
    ("am_pm", "We met at 5 p.m. on Monday.", ["We met at 5 p.m. on Monday."]),
    ("pm_final", "We met at 5 p.m. The talks failed.", ["We met at 5 p.m.", "The talks failed."]),
    ("eg", "Some fruits, e.g. apples, are red.", ["Some fruits, e.g. apples, are red."]),
    ("company", "Apple Inc. reported profits.", ["Apple Inc. reported profits."]),
    (
        "number_start",
        "Police arrived. 30 people were hurt.",
        ["Police arrived.", "30 people were hurt."],
    ),
    ("parenthesis", "He won (again). Then he left.", ["He won (again).", "Then he left."]),
    ("url", "See bbc.co.uk for more. Thanks.", ["See bbc.co.uk for more.", "Thanks."]),
    ("no_final_punct", "This has no final stop", ["This has no final stop"]),
    (
        "quoted_question_attribution",
        "“Why stop these results?” Justice Breyer asked. He waited.",
        ["“Why stop these results?” Justice Breyer asked.", "He waited."],
    ),
    (
        "quoted_question_new_sentence",
        "“Why stop now?” The judge waited.",
        ["“Why stop now?”", "The judge waited."],
    ),
    (
        "plural_title",
        "It angered Sens. Rand Paul and Ted Cruz.",
        ["It angered Sens. Rand Paul and Ted Cruz."],
    ),
    ("leading_ellipsis", "He paused. … And so it went.", ["He paused.", "… And so it went."]),
    ("multiple_punct", "Really?! Yes.", ["Really?!", "Yes."]),
    # news-specific: headings, list items, broken lines
    (
        "headline",
        "Russia Keeps Its Distance\nPutin spoke on Monday. He was brief.",
        ["Russia Keeps Its Distance", "Putin spoke on Monday.", "He was brief."],
    ),
    (
        "title_ending_in_function_word",
        "Iran Seeks Help, Russia Steps In\nThe landscape changed.",
        ["Iran Seeks Help, Russia Steps In", "The landscape changed."],
    ),
    (
        "broken_line_lowercase",
        "Moscow is intensifying the\nputin iran konflikt. Moscow reacted.",
        ["Moscow is intensifying the\nputin iran konflikt.", "Moscow reacted."],
    ),
    (
        "broken_line_function_word",
        "You can read more about how\nPutin Condemns US Strikes and how the\nKremlin Reacts.\nNext.",
        [
            "You can read more about how\nPutin Condemns US Strikes and how the\nKremlin Reacts.",
            "Next.",
        ],
    ),
    (
        "broken_line_comma",
        "Putin, Lavrov,\nPeskov and Araghchi met.",
        ["Putin, Lavrov,\nPeskov and Araghchi met."],
    ),
    (
        "list_items",
        "Goals include:\n- Counterbalancing US Influence\n- Regional Stability: Russia benefits.\n* Trade",
        [
            "Goals include:",
            "- Counterbalancing US Influence",
            "- Regional Stability: Russia benefits.",
            "* Trade",
        ],
    ),
    (
        "numbered_list",
        "Steps:\n1. Leave Iran.\n2. Avoid facilities",
        ["Steps:", "1. Leave Iran.", "2. Avoid facilities"],
    ),
    (
        "blockquote",
        "Peskov stated:\n> “It all depends. We offered mediation.”",
        ["Peskov stated:", "> “It all depends.", "We offered mediation.”"],
    ),
    (
        "paragraphs",
        "First paragraph ends here.\n\nSecond paragraph starts here.",
        ["First paragraph ends here.", "Second paragraph starts here."],
    ),
    ("crlf", "One line.\r\nTwo line.\r\n", ["One line.", "Two line."]),
    (
        "blank_line_dropped_name",
        "Britain's\n\ncontinued his form. He won.",
        ["Britain's\n\ncontinued his form.", "He won."],
    ),
    (
        "blank_line_after_full_stop",
        "It ended in March.\n\nwas delighted to play.",
        ["It ended in March.", "was delighted to play."],
    ),
    ("blank_line_heading", "Conclusion\n\nThe end came.", ["Conclusion", "The end came."]),
    ("trailing_heading", "The end of it.\nLeave a Reply", ["The end of it.", "Leave a Reply"]),
    (
        "hard_wrapped",
        "The strikes on the nuclear sites came after weeks of talks between\n"
        "Washington and Tehran had stalled, officials in several capitals\n"
        "Said that the damage was severe and that repairs would take a long\n"
        "Time to complete according to the agency report released on Friday\n"
        "Officials in Vienna said inspectors had not been allowed to visit\n"
        "The sites since the attack happened and that no one could verify it.",
        [
            "The strikes on the nuclear sites came after weeks of talks between\n"
            "Washington and Tehran had stalled, officials in several capitals\n"
            "Said that the damage was severe and that repairs would take a long\n"
            "Time to complete according to the agency report released on Friday\n"
            "Officials in Vienna said inspectors had not been allowed to visit\n"
            "The sites since the attack happened and that no one could verify it."
        ],
    ),
    ("empty", "", []),
    ("whitespace_only", "  \n\t \n", []),
]


@pytest.mark.parametrize(("text", "expected"), [g[1:] for g in GOLDEN], ids=[g[0] for g in GOLDEN])
def test_golden_rules(text: str, expected: list[str]) -> None:
    assert _texts(text) == expected


@pytest.mark.parametrize(
    ("text", "headings"),
    [
        ("Russia Keeps Its Distance\nPutin spoke.", [True, False]),
        ("Conclusion\nIt ended.", [True, False]),
        ("Putin spoke.\nIran Appeals for Support\nHe asked.", [False, True, False]),
        ("Goals:\n- Counterbalancing US Influence", [False, False]),  # list item, not heading
        ("Is this a headline?\nYes.", [False, False]),  # sentence case: a sentence
        ("What Happens Next?\nNobody knows.", [True, False]),  # title-case question: a subhead
        ("Is Russia Stepping In?\nIt is not.", [True, False]),
        ("Why? Nobody Knows!\nIt is not.", [False, False, False]),  # two sentences
        ("What did Putin say?\nLittle.", [False, False]),
        ("A sentence. Another without a stop", [False, False]),  # not alone in its block
        (" ".join(["word"] * 25), [False]),  # too long to be a heading
    ],
)
def test_headings(text: str, headings: list[bool]) -> None:
    assert [s.is_heading for s in split_sentences(text)] == headings


def test_seed_000_broken_lines_and_headings() -> None:
    text = (SAMPLE / "000-russia-steps-in.txt").read_text(encoding="utf-8")
    spans = split_sentences(text)
    texts = [text[s.start : s.end] for s in spans]
    heads = [text[s.start : s.end] for s in spans if s.is_heading]
    assert heads[0] == "Iran Seeks Putin's Help Amidst US Aggression, Russia Steps In"
    assert "Conclusion" in heads and "Russia's Stark Condemnation of US Strikes on Iran" in heads
    # every "...the\nputin iran konflikt" is rejoined: no sentence starts in lower case
    assert not [t for t in texts if t[0].islower()]
    joined = next(t for t in texts if t.startswith("For a deeper dive"))
    assert joined.endswith("Destabilizing Iran's Government and Order.")
    assert "Putin Condemns US Iran Strikes" in joined
    assert sum(t.startswith("- ") for t in texts) == 6


def test_seed_003_quotes() -> None:
    text = (SAMPLE / "003-russia-keeps-its-distance.txt").read_text(encoding="utf-8")
    texts = _texts(text)
    assert (
        "“This absolutely unprovoked aggression against Iran is unjustified,” Putin said." in texts
    )
    assert "Russia Keeps Its Distance" in texts
    assert texts[-1] == "Leave a Reply"


def _check_invariants(text: str, spans: list[Span]) -> None:
    covered = bytearray(len(text))
    prev_end = 0
    for s in spans:
        assert isinstance(s, Span)
        assert 0 <= prev_end <= s.start < s.end <= len(text)
        piece = text[s.start : s.end]
        assert piece == piece.strip()
        covered[s.start : s.end] = b"\x01" * (s.end - s.start)
        prev_end = s.end
    for i, ch in enumerate(text):
        if not ch.isspace():
            assert covered[i], f"character {i} ({ch!r}) is in no sentence"


ALPHABET = st.sampled_from(
    [*"aZ .?!\n\n\"“”’'-…:;,0123456789 MrU.S.No", "\r\n", "\t", "\u00a0", "\u2028"]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=80).map("".join))
def test_invariants_on_sentence_like_text(text: str) -> None:
    _check_invariants(text, split_sentences(text))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_invariants_on_arbitrary_text(text: str) -> None:
    _check_invariants(text, split_sentences(text))


@pytest.mark.parametrize(
    ("text", "n"),
    [
        ("", 0),
        ("Hello world.", 2),
        ("Putin's U.S.-made 3.5 well-known claims — said", 6),
        ("“Quoted,” he said; 30,000-pound bombs.", 5),
    ],
)
def test_count_words(text: str, n: int) -> None:
    assert count_words(text) == n

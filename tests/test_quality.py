"""framing.quality: flag codes, keyword stuffing, language, length and near-duplicates."""

from __future__ import annotations

import pytest
from hostile import GERMAN
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.ingest import load_sample
from framing.models import Article
from framing.quality import (
    FLAG_LABELS,
    MIN_WORDS,
    english_ratio,
    flag_codes,
    flag_label,
    keyword_stuffing,
    near_duplicates,
    quality_flags,
    shingles,
)
from framing.sentences import count_words

PROSE = (
    "Russian President Vladimir Putin on Monday condemned the strikes on Iran but stopped short "
    "of offering any concrete support. He made the comments during a televised meeting with "
    "Iran's foreign minister at the Kremlin, where both sides acknowledged the gravity of the "
    "crisis. Officials in Moscow said the talks had been useful and would continue, although "
    "analysts doubted that the relationship would change in the coming weeks. The ministry "
    "issued a statement after the meeting and said that a further round was planned. "
)


def _art(text: str, outlet: str = "A", notes: tuple[str, ...] = ()) -> Article:
    return Article(outlet=outlet, title="", text=text, notes=notes)


def _words(n: int) -> str:
    words = PROSE.split()
    return " ".join(words[i % len(words)] for i in range(n))


# ---- keyword stuffing -----------------------------------------------------------------------

STUFFING = [
    # text, expected phrases
    (
        "seed-like",
        PROSE + "".join(f"The\nputin iran konflikt {w} grows. " for w in ("is", "now", "still")),
        ["putin iran konflikt"],
    ),
    ("inline names", PROSE + "Again the putin kremlin talks. " * 3, ["putin kremlin talks"]),
    (
        "line starts, no names",
        PROSE + "".join(f"Best\ncheap flight deals {w}. " for w in "abc"),
        ["cheap flight deals"],
    ),
    ("only twice", PROSE + "The\nputin iran konflikt grows. " * 2, []),
    ("function words", PROSE + "And\nwon the race. And\nwon the final. And\nwon the cup.", []),
    ("normal lowercase phrase", PROSE + "The foreign minister spoke. " * 4, []),
    (
        "title elsewhere",
        "Prime Minister Tony Blair spoke. " + "Then the prime minister left. " * 3,
        [],
    ),
    ("inline generic", PROSE + "We like cheap flight deals. " * 3, []),
    ("sentence starts", PROSE + "Putin Iran talks. " * 3, []),
    ("empty", "", []),
]


@pytest.mark.parametrize(("case", "text", "phrases"), STUFFING, ids=[s[0] for s in STUFFING])
def test_keyword_stuffing(case: str, text: str, phrases: list[str]) -> None:
    assert keyword_stuffing(text) == phrases


def test_sample_flags() -> None:
    seed, other = load_sample()
    assert keyword_stuffing(seed.text) == ["putin iran konflikt"]
    flags = quality_flags([seed, other])
    assert flags == {seed.id: ["repaired_encoding", "keyword_stuffing"], other.id: []}


# ---- language and length --------------------------------------------------------------------

SPANISH = (
    "El presidente ruso condenó el lunes los ataques contra Irán, pero no ofreció ningún apoyo "
    "concreto. Según el Kremlin, la conversación con el ministro iraní se desarrolló en un "
    "ambiente tranquilo y los observadores creen que la postura de Rusia cambiará poco."
)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        (PROSE, 0.3, 0.6),
        (GERMAN, 0.0, 0.15),
        (SPANISH, 0.0, 0.1),
        ("", 0.0, 0.0),
        ("The of and.", 1.0, 1.0),
    ],
)
def test_english_ratio(text: str, low: float, high: float) -> None:
    assert low <= english_ratio(text) <= high


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        (PROSE, []),
        (GERMAN, ["non_english", "very_short"]),
        (GERMAN * 2, ["non_english"]),
        (
            "Kurzer deutscher Text ohne viele Wörter hier.",
            ["very_short"],
        ),  # too short to judge language
        (_words(MIN_WORDS - 1), ["very_short"]),
        (_words(MIN_WORDS), []),
    ],
)
def test_language_and_length(text: str, codes: list[str]) -> None:
    art = _art(text)
    assert quality_flags([art])[art.id] == codes


@pytest.mark.parametrize(
    ("notes", "flagged"),
    [
        (("Repaired 4 characters of damaged encoding (β → — or ’)",), True),
        (("Repaired garbled characters (mojibake from a wrong encoding)",), True),
        (("Encoding detected as cp1252 (no UTF-8); check accented letters",), False),
        ((), False),
    ],
)
def test_repaired_encoding(notes: tuple[str, ...], flagged: bool) -> None:
    art = _art(PROSE, notes=notes)
    assert ("repaired_encoding" in quality_flags([art])[art.id]) is flagged


# ---- near duplicates ------------------------------------------------------------------------


def test_near_duplicates_same_wire_copy_under_two_outlets() -> None:
    wire_a = _art(PROSE * 2, outlet="Wire A")
    wire_b = _art(PROSE * 2 + "Edited by a second desk.", outlet="Wire B")
    other = _art(GERMAN + " " + SPANISH, outlet="C")
    flags = quality_flags([wire_a, wire_b, other])
    assert flags[wire_a.id] == [f"near_duplicate:{wire_b.id}"]
    assert flags[wire_b.id] == [f"near_duplicate:{wire_a.id}"]
    assert flags[other.id] == ["non_english"]


@pytest.mark.parametrize(
    ("b", "expected"),
    [
        (PROSE, True),  # identical
        (PROSE + " A short extra sentence here.", True),
        (PROSE[: len(PROSE) // 2], False),  # half the text: Jaccard about 0.5
        (PROSE.replace("the", "a"), False),  # many small edits break many 5-word shingles
        ("", False),
    ],
)
def test_near_duplicate_pairs(b: str, expected: bool) -> None:
    assert bool(near_duplicates([PROSE, b])) is expected


def test_near_duplicates_match_brute_force() -> None:
    import itertools

    base = [PROSE, GERMAN, SPANISH]
    texts = [
        " ".join(base[(i + k) % 3] for k in range(i % 3 + 1)) + f" variant {i % 4}"
        for i in range(24)
    ]
    sets = [shingles(t) for t in texts]
    brute = [
        (i, j)
        for i, j in itertools.combinations(range(len(texts)), 2)
        if len(sets[i] & sets[j]) / len(sets[i] | sets[j]) >= 0.8
    ]
    assert brute and [(i, j) for i, j, _ in near_duplicates(texts)] == brute


# ---- labels and robustness ------------------------------------------------------------------


def test_labels_cover_every_code() -> None:
    assert set(FLAG_LABELS) == {
        "repaired_encoding",
        "keyword_stuffing",
        "non_english",
        "very_short",
        "near_duplicate",
    }
    assert flag_label("near_duplicate:abc", names={"abc": "Wire B"}).endswith(": Wire B")
    assert flag_label("very_short") == FLAG_LABELS["very_short"]
    assert flag_codes(["near_duplicate:a", "near_duplicate:b", "very_short"]) == [
        "near_duplicate",
        "very_short",
    ]


def test_same_article_twice_is_not_its_own_duplicate() -> None:
    art = _art(PROSE)
    assert quality_flags([art, art]) == {art.id: []}


@settings(max_examples=100, deadline=None)
@given(st.lists(st.text(max_size=300), max_size=5))
def test_quality_flags_never_fail(texts: list[str]) -> None:
    arts = [_art(t, outlet=str(i)) for i, t in enumerate(texts)]
    flags = quality_flags(arts)
    assert set(flags) == {a.id for a in arts}
    for codes in flags.values():
        assert all(code.partition(":")[0] in FLAG_LABELS for code in codes)


# ---- the shared-token fast paths agree with the plain definitions ----------------------------

_VOCAB = ["putin", "iran", "konflikt", "The", "Putin", "the", "said", "deal", "Über", "l'été", "\n"]


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_shingles_are_hashed_crc32_word_tuples(text: str) -> None:
    import re
    import zlib

    words = [w.lower() for w in re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)*", text)]
    ids = [zlib.crc32(w.encode("utf-8", "surrogatepass")) for w in words]
    grams = {hash(tuple(ids[i : i + 5])) for i in range(len(ids) - 4)}
    expected = grams if len(ids) >= 5 else ({hash(tuple(ids))} if ids else set())
    assert shingles(text) == expected


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_VOCAB[:8]), min_size=0, max_size=14), max_size=7))
def test_near_duplicates_equal_brute_force(docs: list[list[str]]) -> None:
    import itertools

    texts = [" ".join(d) for d in docs]
    sets = [shingles(t) for t in texts]
    brute = [
        (i, j, round(len(sets[i] & sets[j]) / len(sets[i] | sets[j]), 3))
        for i, j in itertools.combinations(range(len(texts)), 2)
        if sets[i] | sets[j] and len(sets[i] & sets[j]) / len(sets[i] | sets[j]) >= 0.8
    ]
    assert near_duplicates(texts) == brute


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_VOCAB), max_size=40), min_size=1, max_size=4))
def test_quality_flags_agree_with_the_single_checks(docs: list[list[str]]) -> None:
    arts = [_art(" ".join(d) + " .", outlet=str(i)) for i, d in enumerate(docs)]
    flags = quality_flags(arts)
    for art in arts:
        assert ("keyword_stuffing" in flags[art.id]) == bool(keyword_stuffing(art.text))
        if count_words(art.text) >= 20:
            assert ("non_english" in flags[art.id]) == (english_ratio(art.text) < 0.15)

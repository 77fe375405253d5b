"""Tests for framing.lexicon: CSV validation, bundled lexicons, the matcher's rules."""

from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.lexicon import (
    LEXICON_DIR,
    Match,
    Matcher,
    inflections,
    lexicon_hash,
    load_lexicons,
    normalize,
    read_lexicon_csv,
    term_forms,
)
from framing.models import LEXICON_COLUMNS, ReadError, Settings
from framing.sentences import count_words

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


def _entries(rows: list[tuple[str, str, float, str]]) -> pd.DataFrame:
    return pd.DataFrame([(t, c, w, "test", lex) for t, c, w, lex in rows], columns=LEXICON_COLUMNS)


# A small lexicon with every feature: phrases, inflections, prefix, exact, the pair rule.
SMALL = _entries(
    [
        ("reportedly", "adverb", 1.5, "hedging"),
        ("doubt", "epistemic_verb", 1.0, "hedging"),
        ("may", "modal", 1.0, "hedging"),
        ("not certain", "adjective", 1.2, "hedging"),
        ("sources said", "weasel", 1.3, "hedging"),
        ("some", "approximator", 0.5, "hedging"),
        ("some critics", "weasel", 1.5, "hedging"),
        ("alleg*", "adverb", 1.5, "hedging"),
        ("no doubt", "booster", 1.2, "intensity"),
        ("without a doubt", "booster", 1.5, "intensity"),
        ("certain", "booster", 0.6, "intensity"),
        ("all-out", "hyperbole", 1.5, "intensity"),
        ("slam", "loaded", 1.5, "intensity"),
        ("devastating", "loaded", 1.5, "intensity"),
        ("believe", "epistemic_verb", 0.8, "hedging"),
        ("=clear", "booster", 1.0, "intensity"),
        ("=slammed", "loaded", 1.0, "reporting"),
        ("=said", "neutral", 0.0, "reporting"),
        ("don't", "test", 1.0, "custom"),
    ]
)
MATCHER = Matcher(SMALL)


def _hits(text: str, matcher: Matcher = MATCHER) -> list[tuple[str, str, str]]:
    return [(m.text, m.term, m.lexicon) for m in matcher.find(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # case-insensitive, whole words only
        ("Reportedly, it fell.", [("Reportedly", "reportedly", "hedging")]),
        ("REPORTEDLY", [("REPORTEDLY", "reportedly", "hedging")]),
        ("unreportedly reportedlyx", []),
        ("handsome awesome", []),
        # phrases: longest match in a lexicon, whitespace/hyphen variations
        ("Some critics disagree.", [("Some critics", "some critics", "hedging")]),
        ("some  \n critics", [("some  \n critics", "some critics", "hedging")]),
        ("some of them", [("some", "some", "hedging")]),
        ("an all-out war", [("all-out", "all-out", "intensity")]),
        ("an all out war", [("all out", "all-out", "intensity")]),
        ("an all–out war", [("all–out", "all-out", "intensity")]),
        (
            "sources said",
            [("sources said", "sources said", "hedging"), ("said", "=said", "reporting")],
        ),
        # curly apostrophes
        ("I don’t know", [("don’t", "don't", "custom")]),
        # inflections (e-drop, doubling) generated at load time
        ("They believed it", [("believed", "believe", "hedging")]),
        ("believing", [("believing", "believe", "hedging")]),
        (
            "He slams, slammed and is slamming",
            [
                ("slams", "slam", "intensity"),
                ("slammed", "slam", "intensity"),
                ("slammed", "=slammed", "reporting"),
                ("slamming", "slam", "intensity"),
            ],
        ),
        ("doubts doubted", [("doubts", "doubt", "hedging"), ("doubted", "doubt", "hedging")]),
        # prefix wildcard and exact terms
        (
            "the allegations were alleged",
            [
                ("allegations", "alleg*", "hedging"),
                ("alleged", "alleg*", "hedging"),
            ],
        ),
        ("clearly clear cleared", [("clear", "=clear", "intensity")]),
        # the hedging/intensity pair: the longer phrase wins
        ("There is no doubt.", [("no doubt", "no doubt", "intensity")]),
        ("without a doubt", [("without a doubt", "without a doubt", "intensity")]),
        ("I doubt it", [("doubt", "doubt", "hedging")]),
        ("He is not certain.", [("not certain", "not certain", "hedging")]),
        ("He is certain.", [("certain", "certain", "intensity")]),
        # across other lexicons, overlaps are allowed
        (
            "Critics slammed it",
            [
                ("slammed", "slam", "intensity"),
                ("slammed", "=slammed", "reporting"),
            ],
        ),
    ],
)
def test_matches(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert _hits(text) == expected


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("It may rain.", True),
        ("May I ask?", True),  # capitalised at the start of a sentence: the modal
        ("He said so. May we go?", True),
        ("A Heading\nMay we go?", True),  # first word of a line
        ("“May we go?” he asked.", True),
        ("It happened in May.", False),
        ("On May 5 they met.", False),
        ("May 5 was sunny.", False),  # capitalised and followed by a number: the month
        ("Theresa May said so.", False),
        ("the mayor", False),
    ],
)
def test_may_month_rule(text: str, hit: bool) -> None:
    assert any(m.term == "may" for m in MATCHER.find(text)) is hit


@pytest.mark.parametrize(
    ("text", "term", "negated"),
    [
        ("It was devastating.", "devastating", False),
        ("It was not devastating.", "devastating", True),
        ("It wasn't devastating.", "devastating", True),
        ("It wasn’t devastating.", "devastating", True),
        ("It was never really all that devastating.", "devastating", False),  # 4 words back
        ("It was never that devastating.", "devastating", True),
        ("Hardly devastating.", "devastating", True),
        ("without any devastating effect", "devastating", True),
        ("Not so. It was devastating.", "devastating", False),  # another sentence
        ("no, devastating", "devastating", True),
        ("It was not only devastating.", "devastating", False),  # "not only" is no negation
        ("It is not clear; reportedly", "reportedly", False),
        ("not reportedly", "reportedly", True),
        ("I don't doubt it", "doubt", True),  # negated doubt: the hedge is kept, flagged
        ('He said "nothing is over." Critics slammed it', "slam", False),  # quote closed
        ("a no-nonsense, devastating reply", "devastating", False),  # compound, not a negator
        ("card-not-present devastating fraud", "devastating", False),
        ("Tehran—not devastating", "devastating", True),
        ("if not, devastating", "devastating", True),
        ('"No," devastating', "devastating", True),
        ("Not devastating", "devastating", True),  # negator opens the text
        ("(not devastating)", "devastating", True),
    ],
)
def test_negation(text: str, term: str, negated: bool) -> None:
    hits = [m for m in MATCHER.find(text) if m.term == term]
    assert len(hits) == 1
    assert hits[0].negated is negated


NUMBERS = Matcher(
    _entries(
        [
            ("about #", "approximator", 0.5, "hedging"),
            ("as many as #", "approximator", 0.5, "hedging"),
            ("some #", "approximator", 0.5, "hedging"),
            ("some", "weasel", 0.4, "hedging"),
        ]
    )
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("about 30 people", [("about", "about #")]),
        ("about £5bn", [("about", "about #")]),
        ("about $ 5", [("about", "about #")]),
        ("about a third of them", [("about", "about #")]),
        ("about dozens", [("about", "about #")]),
        ("talks about Iran", []),
        ("about thirtyish", []),
        ("as many as 200 died", [("as many as", "as many as #")]),
        ("some 300 troops", [("some", "some #")]),  # the number-bound entry wins
        ("some troops", [("some", "some")]),
    ],
)
def test_number_context(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.text, m.term) for m in NUMBERS.find(text)] == expected


def test_match_fields_and_offsets() -> None:
    text = "Officials  reportedly SLAMMED the plan."
    hits = MATCHER.find(text)
    assert all(isinstance(h, Match) for h in hits)
    assert [(h.start, h.end) for h in hits] == [(11, 21), (22, 29), (22, 29)]
    first = hits[0]
    assert first == Match(11, 21, "reportedly", "reportedly", "hedging", "adverb", 1.5, False)
    assert all(text[h.start : h.end] == h.text for h in hits)


@pytest.mark.parametrize(
    ("word", "forms"),
    [
        ("claim", {"claim", "claims", "claimed", "claiming"}),
        ("believe", {"believe", "believes", "believed", "believing"}),
        ("slam", {"slam", "slams", "slammed", "slamming"}),
        ("decry", {"decry", "decries", "decried", "decrying"}),
        ("target", {"target", "targets", "targeted", "targeting", "targetted", "targetting"}),
        ("lash", {"lash", "lashes", "lashed", "lashing"}),
        ("agree", {"agree", "agrees", "agreed", "agreeing"}),
        ("may", {"may"}),
        ("likely", {"likely"}),
        ("devastating", {"devastating"}),
        ("alleged", {"alleged"}),
    ],
)
def test_inflections(word: str, forms: set[str]) -> None:
    assert inflections(word) == forms


@pytest.mark.parametrize(
    ("term", "forms", "prefix"),
    [
        ("all-out", ["all out", "all-out"], False),
        ("Sources  Said", ["sources said", "sources-said"], False),
        ("alleg*", ["alleg"], True),
        ("=clear", ["clear"], False),
        ("about #", ["about"], False),
        ("as many as #", ["as many as", "as-many-as"], False),
        ("it’s", ["it's"], False),
        ("  ", [], False),
    ],
)
def test_term_forms(term: str, forms: list[str], prefix: bool) -> None:
    got, is_prefix, _ = term_forms(term)
    assert got[: len(forms)] == forms and len(got) >= len(forms)
    assert is_prefix is prefix


def test_normalize_keeps_length() -> None:
    text = "İstanbul’s All–Out\u00a0War\nNow"
    assert len(normalize(text)) == len(text)
    assert normalize("It’s ALL–OUT") == "it's all-out"


# ---- CSV reading --------------------------------------------------------------------------


def test_read_csv_ok() -> None:
    csv = "Term , Category,Weight,Source\n slammed ,loaded, 1.5 ,Bell 1991\n,empty,1,x\nsaid,neutral,0,\n"
    df = read_lexicon_csv(csv, name="mine")
    assert list(df.columns) == LEXICON_COLUMNS
    assert df["term"].tolist() == ["slammed", "said"]
    assert df["weight"].tolist() == [1.5, 0.0]
    assert df["lexicon"].unique().tolist() == ["mine"]
    assert df["source"].tolist() == ["Bell 1991", ""]


def test_read_csv_bytes_and_path(tmp_path: Path) -> None:
    path = tmp_path / "words.csv"
    path.write_bytes("\ufeffterm,category,weight\ncafé,x,1\n".encode())
    from_path = read_lexicon_csv(path, name="w")
    from_bytes = read_lexicon_csv(path.read_bytes(), name="w")
    assert from_path.equals(from_bytes)
    assert from_path["term"].tolist() == ["café"]
    assert read_lexicon_csv(b"term,category,weight\ncaf\xe9,x,1\n", name="w")["term"].tolist() == [
        "café"
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ("term,category\nx,y\n", "my_words.csv: missing column 'weight'"),
        ("word,category,weight\nx,y,1\n", "my_words.csv: missing column 'term'"),
        (
            "term,category,weight\nx,y,heavy\n",
            "my_words.csv: line 2: weight 'heavy' for term 'x' is not a number",
        ),
        (
            "term,category,weight\nx,y,1\nz,y,\n",
            "my_words.csv: line 3: weight '' for term 'z' is not a number",
        ),
        ("term,category,weight\nx,y,inf\n", "my_words.csv: line 2: weight 'inf'"),
        ("", "my_words.csv: the lexicon file is empty"),
        ("   \n", "my_words.csv: the lexicon file is empty"),
        ('term,category,weight\n"x,y,1\n', "my_words.csv: not a readable CSV file"),
    ],
)
def test_read_csv_errors(data: str, message: str) -> None:
    with pytest.raises(ReadError) as err:
        read_lexicon_csv(data, name="my_words.csv")
    assert str(err.value).startswith(message)


@pytest.mark.parametrize(
    "data",
    [
        "\ufeffterm,category,weight\nslammed,loaded,1.5\n",
        "term;category;weight\nslammed;loaded;1.5\n",
        "term\tcategory\tweight\nslammed\tloaded\t1.5\n",
        "\n\nterm,category,weight\n\nslammed,loaded,1.5\n",
    ],
    ids=["bom", "semicolon", "tab", "blank_lines"],
)
def test_read_csv_variants(data: str) -> None:
    df = read_lexicon_csv(data, name="v")
    assert df[["term", "category", "weight"]].values.tolist() == [["slammed", "loaded", 1.5]]


def test_read_csv_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match=r"^gone\.csv: cannot read"):
        read_lexicon_csv(tmp_path / "gone.csv", name="gone")


# ---- bundled lexicons ---------------------------------------------------------------------


@pytest.mark.parametrize("name", ["hedging", "intensity", "reporting"])
def test_bundled_lexicon_is_valid(name: str) -> None:
    df = read_lexicon_csv(LEXICON_DIR / f"{name}.csv", name=name)
    assert len(df) >= 50
    assert (df["source"].str.len() > 0).all(), "every row cites a source"
    assert df["weight"].between(0, 2).all()
    assert not df.duplicated(["term"]).any(), "one row per term (the matcher keeps the first)"


def test_load_lexicons_and_hash() -> None:
    default = load_lexicons(Settings())
    assert set(default["lexicon"]) == {"hedging", "intensity", "reporting"}
    user = ("mine", "term,category,weight,source\nkonflikt,test,1,me\n")
    both = load_lexicons(Settings(lexicons=(user,)))
    only = load_lexicons(Settings(lexicons=(user,), use_default_lexicons=False))
    assert len(both) == len(default) + 1
    assert only["term"].tolist() == ["konflikt"]
    assert list(only.columns) == LEXICON_COLUMNS
    assert lexicon_hash(default) == lexicon_hash(load_lexicons(Settings()))
    assert len({lexicon_hash(default), lexicon_hash(both), lexicon_hash(only)}) == 3
    empty = load_lexicons(Settings(use_default_lexicons=False))
    assert empty.empty and list(empty.columns) == LEXICON_COLUMNS
    assert Matcher(empty).find("anything at all") == []


def test_load_lexicons_bad_user_file() -> None:
    with pytest.raises(ReadError, match=r"^bad: missing column 'weight'"):
        load_lexicons(Settings(lexicons=(("bad", "term,category\nx,y\n"),)))


def test_stance_rows_are_matched() -> None:
    stance = _entries(
        [("aggression", "war:hawk", 1.0, "stance"), ("mediation", "war:dove", -1.0, "stance")]
    )
    hits = Matcher(stance).find("Mediation, not aggression.")
    assert [(h.category, h.weight, h.negated) for h in hits] == [
        ("war:dove", -1.0, False),
        ("war:hawk", 1.0, True),
    ]


# ---- bundled lexicons on the sample story -------------------------------------------------


def _rate(matcher: Matcher, text: str, lexicon: str) -> float:
    total = sum(m.weight for m in matcher.find(text) if m.lexicon == lexicon)
    return 100 * total / count_words(text)


def test_sample_000_more_intense_than_003() -> None:
    matcher = Matcher(load_lexicons(Settings()))
    a = (SAMPLE / "000-russia-steps-in.txt").read_text(encoding="utf-8")
    b = (SAMPLE / "003-russia-keeps-its-distance.txt").read_text(encoding="utf-8")
    assert _rate(matcher, a, "intensity") > 1.4 * _rate(matcher, b, "intensity")


@pytest.mark.parametrize(
    ("text", "lexicon", "category"),
    [
        ("Iran reportedly appealed to Putin.", "hedging", "adverb"),
        ("Some critics say the plan failed.", "hedging", "weasel"),
        ("It is unclear what happened.", "hedging", "adjective"),
        ("The devastating strikes were condemned.", "intensity", "loaded"),
        ("It was an unprecedented move.", "intensity", "hyperbole"),
        ("Medvedev lambasted Trump.", "reporting", "loaded"),
        ("Peskov told reporters.", "reporting", "neutral"),
    ],
)
def test_bundled_categories(text: str, lexicon: str, category: str) -> None:
    matcher = Matcher(load_lexicons(Settings()))
    assert (lexicon, category) in {(m.lexicon, m.category) for m in matcher.find(text)}


@pytest.mark.parametrize(
    "text",
    ["The talks began in May.", "There is no doubt it worked.", "Sources said nothing."],
)
def test_bundled_rules(text: str) -> None:
    hits = Matcher(load_lexicons(Settings())).find(text)
    if "May" in text:
        assert not [h for h in hits if h.term == "may"]
    if "no doubt" in text:
        assert not [h for h in hits if h.lexicon == "hedging"]
    if "Sources" in text:
        assert [h.text for h in hits if h.lexicon == "hedging"] == ["Sources said"]


BUNDLED_MATCHER = Matcher(load_lexicons(Settings()))

BLOCKED = Matcher(
    pd.DataFrame(
        {
            "term": ["appear", "!appear in", "!appeared in", "possible", "!as possible", "slam"],
            "category": ["verb", "not_hedge", "not_hedge", "adj", "not_hedge", "loaded"],
            "weight": [1.0, 0.0, 0.0, 1.0, 0.0, 1.0],
            "lexicon": ["h", "h", "h", "h", "h", "i"],
        }
    )
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He appeared in the film.", []),
        ("He appeared to agree.", ["appeared"]),
        ("It appeared in print and appears to work.", ["appears"]),
        ("Reply as soon as possible.", []),
        ("A possible deal.", ["possible"]),
        # a blocker claims its span only within its own lexicon
        ("They appeared in court to slam the plan.", ["slam"]),
    ],
)
def test_blockers(text: str, expected: list[str]) -> None:
    assert [m.text for m in BLOCKED.find(text)] == expected


@pytest.mark.parametrize(
    ("text", "hedged"),
    [
        ("The singer appeared in three films.", False),
        ("The singer appeared to falter.", True),
        ("They finished as quickly as possible.", False),
        ("Rescuers could not reach the village.", False),
        ("The rebels could reach the capital.", True),
        ("Smith, Jones and others founded the club.", False),
        ("Others say the plan failed.", True),
        ("Several historians doubt the date.", True),
        ("The bridge is widely regarded as unsafe.", True),
    ],
)
def test_bundled_context_rules(text: str, hedged: bool) -> None:
    hits = BUNDLED_MATCHER.find(text)
    assert any(h.lexicon == "hedging" and h.weight > 0 for h in hits) is hedged


# ---- properties ---------------------------------------------------------------------------

BUNDLED = Matcher(load_lexicons(Settings()))
WORDS = st.sampled_from(
    ["may", "May", "not", "no", "doubt", "some", "critics", "said", "all-out", "slammed",
     "reportedly", " ", "  ", "\n", ".", ",", "’", "-", "İ", "ß", "x", "devastating", "without", "a"]
)  # fmt: skip


def _check(matcher: Matcher, text: str) -> None:
    hits = matcher.find(text)
    assert hits == sorted(hits, key=lambda m: (m.start, -m.end, m.lexicon))
    for h in hits:
        assert 0 <= h.start < h.end <= len(text)
        assert text[h.start : h.end] == h.text
        got = " ".join(normalize(h.text).split())
        forms = term_forms(h.term)[0]
        if term_forms(h.term)[1]:  # prefix term
            assert any(got.startswith(f) for f in forms)
        else:
            assert got in forms
    by_lex: dict[str, list[Match]] = {}
    for h in hits:
        by_lex.setdefault(h.lexicon, []).append(h)
    for lex_hits in by_lex.values():  # no overlap within a lexicon
        for a, b in itertools.pairwise(lex_hits):
            assert a.end <= b.start


@settings(max_examples=300, deadline=None)
@given(st.lists(WORDS, max_size=40).map("".join))
def test_matcher_properties_on_word_soup(text: str) -> None:
    _check(BUNDLED, text)
    _check(MATCHER, text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_matcher_never_raises(text: str) -> None:
    _check(BUNDLED, text)

"""Actors: the CSV, alias matching, suggestions, tone around a mention, own vs quoted tone."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from framing.actors import (
    ActorIndex,
    default_actors,
    read_actors_csv,
    suggest_actors,
    target_tone,
    tone_context,
)
from framing.models import ACTOR_COLUMNS, MENTION_COLUMNS, Actor, Article, ReadError, Settings
from framing.pipeline import analyze

INDEX = ActorIndex(
    (
        *default_actors(),
        Actor("New York", ("New York",), "other", auto=True),
        Actor("Andrew Cuomo", ("Andrew Cuomo",), "other", auto=True),
    )
)


def test_default_actors_cover_the_sample_story() -> None:
    by_name = {a.name: a for a in default_actors()}
    assert {"Russia", "Vladimir Putin", "Iran", "United States", "Israel", "Donald Trump"} <= set(
        by_name
    )
    assert {"Russia", "Russian", "Moscow", "Kremlin"} <= set(by_name["Russia"].aliases)
    assert {"US", "U.S.", "Washington", "the United States"} <= set(
        by_name["United States"].aliases
    )
    assert all(
        a.kind in {"person", "country", "organisation", "group", "other"} for a in by_name.values()
    )
    assert not any(a.auto for a in by_name.values())


@pytest.mark.parametrize(
    ("csv_text", "expected"),
    [
        (
            "name,aliases,kind\nNATO,NATO|Nato,organisation\n",
            [("NATO", ("NATO", "Nato"), "organisation")],
        ),
        (
            "name,aliases,kind\nAnna Berg,Berg,person\n",
            [("Anna Berg", ("Anna Berg", "Berg"), "person")],
        ),
        ("name,aliases,kind,source\nX,,weird,me\n\n", [("X", ("X",), "other")]),
        (b"\xef\xbb\xbfname,aliases\nY,Why\n", [("Y", ("Y", "Why"), "")]),
    ],
)
def test_read_actors_csv(csv_text: str | bytes, expected: list[tuple]) -> None:
    assert [(a.name, a.aliases, a.kind) for a in read_actors_csv(csv_text)] == expected


@pytest.mark.parametrize("bad", ["alias,kind\nX,person\n", "name,aliases\n,X|Y\n"])
def test_read_actors_csv_rejects(bad: str) -> None:
    with pytest.raises(ReadError):
        read_actors_csv(bad, name="mine.csv")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Russian President Vladimir Putin met Araghchi.",
            [
                ("Vladimir Putin", "Russian President Vladimir Putin"),
                ("Abbas Araghchi", "Araghchi"),
            ],
        ),
        (
            "The Kremlin said U.S. strikes hit Iran.",
            [("Russia", "The Kremlin"), ("United States", "U.S."), ("Iran", "Iran")],
        ),
        ("The Russian leader spoke.", [("Vladimir Putin", "The Russian leader")]),
        ("Tell us about it, Russ.", []),  # case-sensitive whole words: "us" is not US
        ("Russia's reply and Iran’s", [("Russia", "Russia"), ("Iran", "Iran")]),
        ("US-Israeli air raids", [("United States", "US"), ("Israel", "Israeli")]),
    ],
)
def test_find_mentions(text: str, expected: list[tuple[str, str]]) -> None:
    found = INDEX.find(text)
    assert [(m.actor, m.alias) for m in found] == expected
    assert all(text[m.start : m.end] == m.alias for m in found)


def _regex_mentions(index: ActorIndex, text: str) -> list[tuple[int, int, str, str]]:
    """The reference semantics: one alternation, aliases longest first, word boundaries."""
    aliases = sorted(index._alias, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w.])(?:" + "|".join(map(re.escape, aliases)) + r")(?!\w)")
    return [
        (m.start(), m.end(), m.group(), index._alias[m.group()].name)
        for m in pattern.finditer(text)
    ]


_TOY = ActorIndex(
    [
        Actor("Ann Lee", ("Ann", "Lee", "Ann Lee Jr", "the boss"), "person"),
        Actor("Lee Corp", ("Lee Corp", "LC", "L.C."), "organisation"),
        Actor("Annex", ("Annex", "nn"), "other"),
    ]
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Ann Lee Jr and Lee Corp.",
            [(0, 10, "Ann Lee Jr", "Ann Lee"), (15, 23, "Lee Corp", "Lee Corp")],
        ),
        ("Annex, Ann_ Ann. x.Ann", [(0, 5, "Annex", "Annex"), (12, 15, "Ann", "Ann Lee")]),
        (
            "The boss, the boss; THE boss",
            [(0, 8, "The boss", "Ann Lee"), (10, 18, "the boss", "Ann Lee")],
        ),
        ("L.C. LCs LC", [(0, 4, "L.C.", "Lee Corp"), (9, 11, "LC", "Lee Corp")]),
        ("Ann Lee Jrs", [(0, 7, "Ann Lee", "Ann Lee")]),
        ("", []),
    ],
)
def test_alias_matches_follow_the_regex_rules(text: str, expected: list[tuple]) -> None:
    assert _TOY._matches(text) == expected
    assert _regex_mentions(_TOY, text) == expected


@given(
    st.lists(
        st.sampled_from(["Ann", "Lee", "Jr", "Corp", "LC", "L.C.", "the", "boss", "The", "nn", "x"])
        | st.text(alphabet="AnLe.C_ é-", max_size=4),
        max_size=12,
    ),
    st.lists(st.sampled_from([" ", "", ".", ",", "_", "\n", "-"]), min_size=12, max_size=12),
)
def test_alias_matches_equal_the_regex(words: list[str], seps: list[str]) -> None:
    text = "".join(w + s for w, s in zip(words, seps, strict=False))
    assert _TOY._matches(text) == _regex_mentions(_TOY, text)


@pytest.mark.parametrize(
    ("phrase", "actor"),
    [
        ("Kremlin spokesperson Dmitry Peskov", "Dmitry Peskov"),
        ("Russia's state TASS news agency", "TASS"),
        ("The Russian Embassy in Tehran", "Russia"),
        ("Foreign Minister Araghchi", "Abbas Araghchi"),
        ("a source", ""),
        ("New York Gov. Andrew Cuomo", "Andrew Cuomo"),
        ("US envoy to Israel", "United States"),
    ],
)
def test_resolve(phrase: str, actor: str) -> None:
    assert INDEX.resolve(phrase) == actor


def test_suggest_actors() -> None:
    arts = [
        Article(
            "a",
            "t",
            "Officials met Anna Lindqvist. Then Anna Lindqvist left, and Anna Lindqvist returned.",
        ),
        Article(
            "b",
            "t",
            "Later, Foreign Minister Anna Lindqvist spoke with Vladimir Putin and Vladimir Putin. "
            "Bo Ek was there. We saw Middle East leaders in the Middle East and the Middle East.",
        ),
    ]
    got = suggest_actors(arts, default_actors(), min_count=3)
    assert [a.name for a in got] == ["Anna Lindqvist"]
    assert got[0].auto and got[0].aliases == ("Anna Lindqvist",)
    assert suggest_actors(arts, default_actors(), min_count=5) == ()
    assert suggest_actors([], default_actors()) == ()


@pytest.mark.parametrize(
    ("text", "target", "sign"),
    [
        ("Smith was praised for a wonderful, generous speech.", "Smith", 1),
        ("Critics said Smith ruined everything and lied.", "Smith", -1),
        ("Smith arrived in Paris on Monday.", "Smith", 0),
        # the target's own name never colours its tone
        ("Hope met the minister on Monday.", "Hope", 0),
        # a speaker's own quoted words are not tone toward the speaker ...
        ("“You are a disgrace and a liar,” Gingrich said.", "Gingrich", 0),
        ("“You are a disgrace and a liar,” said Gingrich.", "Gingrich", 0),
        ("Smith said the plan was a terrible, awful disaster.", "Smith", 0),
        ("Smith, speaking on Monday, said the rivals were liars.", "Smith", 0),
        # a loaded verb of saying is itself the outlet's framing of the speaker
        ("Smith claimed the plan was a wonderful success.", "Smith", -1),
        # ... but they are toward whoever they are about
        ("“Jones is a disgrace and a liar,” Gingrich said.", "Jones", -1),
        # news vocabulary of blame
        ("Prosecutors accused Cochran of misconduct.", "Cochran", -1),
    ],
)
def test_target_tone(text: str, target: str, sign: int) -> None:
    k = text.index(target)
    tone = target_tone(text, k, k + len(target))
    assert (tone >= 0.05) if sign > 0 else (tone <= -0.05) if sign < 0 else abs(tone) < 0.05


def test_tone_context_masks_target_and_keeps_window() -> None:
    text = "one two three Target four five six"
    k = text.index("Target")
    assert tone_context(text, k, k + 6, window=2) == "two three four five"
    assert "Target" not in tone_context(text, k, k + 6)


@given(st.text(max_size=80), st.integers(0, 80), st.integers(0, 80))
def test_target_tone_in_range(text: str, a: int, b: int) -> None:
    s, e = sorted((min(a, len(text)), min(b, len(text))))
    assert -1.0 <= target_tone(text, s, e) <= 1.0


def test_actor_tone_own_vs_quoted() -> None:
    text = (
        "Critics said Smith ruined the economy and lied to voters. "
        "“Smith is a wonderful, brilliant and honest leader,” his ally said."
    )
    smith = Actor("Smith", ("Smith",), "person")
    result = analyze(
        [Article("Daily", "t", text)], Settings(actors=(smith,), auto_actors=False, bootstrap=50)
    )
    assert list(result.actors.columns) == ACTOR_COLUMNS
    assert list(result.mentions.columns) == MENTION_COLUMNS
    row = result.actors.set_index("actor").loc["Smith"]
    assert (row["mentions"], row["n_own"], row["n_quoted"]) == (2, 1, 1)
    assert row["tone_own"] < -0.05 < 0.05 < row["tone_quoted"]
    assert row["sentence_share"] == 1.0
    assert result.mentions["in_quote"].tolist() == [False, True]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Rates were set by the Bank of England today.", ["Bank of England"]),
        (
            "He sued the Securities and Exchange Commission again.",
            ["Securities and Exchange Commission"],
        ),
        ("Troops left Iraq and Afghanistan soon.", []),
        ("Shares in Deutsche Boerse's rival rose.", ["Deutsche Boerse"]),
        ("He met Sean O'Brien there.", ["Sean O'Brien"]),
    ],
)
def test_suggest_actors_name_shapes(sentence: str, expected: list[str]) -> None:
    arts = [Article("o", "t", f"Word. {sentence}") for _ in range(3)]
    assert [a.name for a in suggest_actors(arts, known=())] == expected

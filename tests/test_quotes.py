"""Direct quotations: marks, nesting, paragraphs, stray marks, speakers and verbs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.actors import ActorIndex, default_actors
from framing.quotes import MAX_QUOTE_CHARS, find_quote_spans, find_quotes, quote_shares
from framing.sentences import split_sentences

RESOLVE = ActorIndex(default_actors()).resolve


def quotes_of(text: str, **kw):
    return find_quotes(text, split_sentences(text), resolve=RESOLVE, **kw)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "we will win" and left.', ["we will win"]),
        ("Putin called it “a cynical murder” on Monday.", ["a cynical murder"]),
        ("It was „very bad“ indeed.", ["very bad"]),
        ("It was «very bad» indeed.", ["very bad"]),
        # nested quotation belongs to the outer one
        (
            "He said “they called it ‘a farce’ yesterday” in public.",
            ["they called it ‘a farce’ yesterday"],
        ),
        ("She said \"it is 'a farce' really\" today.", ["it is 'a farce' really"]),
        # single quotes: only clearly a quotation (>= 3 words); apostrophes are not marks
        ("He called it 'a very bad deal' on Monday.", ["a very bad deal"]),
        ("Powerful 'bunker-buster' bombs were used.", []),
        ("Russia's leader didn't say it, the Kremlin's aide said.", []),
        ("In the ’90s it was Iran’s turn.", []),
        # a quotation spanning sentences
        (
            "“No one doubted that. Nobody was interested,” Medvedev asserted.",
            ["No one doubted that. Nobody was interested,"],
        ),
        # stray marks never swallow the article
        ("He said “this never ends.\nNext paragraph without marks. And more text.", []),
        ('A lone " mark here.\nAnother line.', []),
        ("", []),
    ],
)
def test_quote_spans(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in find_quote_spans(text)] == expected


def test_quote_continues_over_paragraph_with_repeated_mark() -> None:
    text = "“The first part of it.\n“And the second part,” she said. Then silence."
    spans = find_quote_spans(text)
    assert len(spans) == 1
    s, e = spans[0]
    assert text[s:e].startswith("The first part") and text[s:e].endswith("second part,")


def test_overlong_quote_is_dropped() -> None:
    text = "He said “" + "word " * (MAX_QUOTE_CHARS // 4) + "” and stopped."
    assert find_quote_spans(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('"We condemn this," Peskov told reporters.', [("Peskov", "Dmitry Peskov", "told")]),
        ("“This aggression is unjustified,” Putin said.", [("Putin", "Vladimir Putin", "said")]),
        ("“It is a crime,” said Peskov.", [("Peskov", "Dmitry Peskov", "said")]),
        (
            'Medvedev wrote, "The peacemaker has shown his true face."',
            [("Medvedev", "Dmitry Medvedev", "wrote")],
        ),
        (
            "According to TASS, the strikes were “a cynical murder of civilians”.",
            [("TASS", "TASS", "according to")],
        ),
        (
            "Asked what support Russia might extend, Peskov stated:\n> “It all depends on what Iran needs.”",
            [("Peskov", "Dmitry Peskov", "stated")],
        ),
        (
            "“Iran is defending itself,” Araghchi told Putin. “Russia has been a partner. The ties are close.”",
            [("Araghchi", "Abbas Araghchi", "told"), ("Araghchi", "Abbas Araghchi", "told")],
        ),
        (
            "Kremlin spokesperson Dmitry Peskov said the situation was “a different issue”.",
            [("Dmitry Peskov", "Dmitry Peskov", "said")],
        ),
        (
            "“We will act,” Putin said. Later he said “we are ready to help them”.",
            [("Putin", "Vladimir Putin", "said"), ("Putin", "Vladimir Putin", "said")],
        ),
        ("The bombs, described as “bunker busters of great size”, fell.", [("", "", "")]),
        (
            "According to Russia's state TASS news agency, Putin called it “a cynical murder of people”.",
            [("Russia's state TASS", "TASS", "according to")],
        ),
        # whole-sentence quote attributed at the start of the next sentence
        (
            "“We will never give up.” Peskov said this on Monday.",
            [("Peskov", "Dmitry Peskov", "said")],
        ),
        # ... but a quote inside a sentence does not borrow the next sentence's source
        ('It lacked "basis or justification." According to TASS, talks went on.', [("", "", "")]),
        # a time phrase between speaker and verb; a weekday is never the speaker
        ("Biden on Sunday said the plan was “a very good deal”.", [("Biden", "Joe Biden", "said")]),
        (
            "Medvedev last week wrote that it was “a cover-up all along”.",
            [("Medvedev", "Dmitry Medvedev", "wrote")],
        ),
        ("On Sunday said nobody “anything at all here”.", [("", "", "")]),
        # participles and "was saying"
        (
            "Mr Biden appeared agitated, responding: “I’m not confident.”",
            [("Mr Biden", "Joe Biden", "responding")],
        ),
        ("“We are completely at one,” Mr Johnson was saying.", [("Mr Johnson", "", "was saying")]),
        (
            "Araghchi praised Russia, saying the ties were “very close and longstanding”.",
            [("Araghchi", "Abbas Araghchi", "saying")],
        ),
        # a name in a parenthetical is not the subject of the participle
        (
            "Asked by CNN’s Kaitlan Collins, Mr Biden appeared agitated, responding: “I’m not confident.”",
            [("Mr Biden", "Joe Biden", "responding")],
        ),
        # linear-time speaker patterns (docs/security.md): the same speakers as before ...
        (
            "Russia’s Foreign Ministry said the strikes were “a grave violation”.",
            [("Russia’s Foreign Ministry", "Russia", "said")],
        ),
        (
            "Dmitry Peskov, the Kremlin spokesman, said it was “a different issue”.",
            [("Dmitry Peskov", "Dmitry Peskov", "said")],
        ),
        # ... a speaker never starts inside a word ("broad|Cast said", "the said") ...
        ("The broadcast said it was “a mistake of the producers”.", [("", "", "")]),
        # ... a name is at most NAME_MAX_WORDS words, so a long capitalised run is cut ...
        (
            "ONE TWO THREE FOUR FIVE SIX SEVEN EIGHT NINE TEN said “it is all over now”.",
            [("THREE FOUR FIVE SIX SEVEN EIGHT NINE TEN", "", "said")],
        ),
        # ... and issue 10's all-caps wire paragraph beside a quotation takes milliseconds
        (
            "OFFICIALS FROM THE NORTHERN PROVINCE SAY THE COUNCIL WAS WARNED ABOUT FLOODS: CITY "
            "HALL, N.Y. (WIRE) – A 40-YEAR-OLD ENGINEER WHO WAS PART OF A TEAM SENT INTO THE "
            "VALLEY AT A REMOTE RIVER STATION LAST WEEK HAS TOLD STATE INSPECTORS HIS MANAGER’S "
            "DEPUTY WAS ORDERING HIM TO IGNORE _______ AGAINST ALL RULES, ACCORDING TO LOCAL "
            "COURT FILINGS. “We will not stop,” Peskov said.",
            [("Peskov", "Dmitry Peskov", "said")],
        ),
    ],
)
def test_speakers(text: str, expected: list[tuple[str, str, str]]) -> None:
    got = [(q.speaker, q.actor, q.verb) for q in quotes_of(text)]
    assert got == expected


def test_verb_kind_from_reporting_cues_then_fallback() -> None:
    text = "“It was a disaster,” Peskov claimed."
    k = text.index("claimed")
    cue = {"start": k, "end": k + 7, "term": "claim", "category": "loaded"}
    (q,) = find_quotes(text, split_sentences(text), reporting=[cue])
    assert (q.verb, q.verb_kind) == ("claimed", "loaded")
    (q,) = find_quotes(text, split_sentences(text), verb_kinds={"claimed": "loaded"})
    assert q.verb_kind == "loaded"
    (q,) = find_quotes(text, split_sentences(text))
    assert q.verb_kind == ""


def test_sent_ids_and_offsets() -> None:
    text = "Intro sentence here. “One. Two,” he said. Outro."
    spans = split_sentences(text)
    (q,) = find_quotes(text, spans)
    assert text[q.start : q.end] == q.text == "One. Two,"
    assert q.sent_ids == (1, 2)
    assert q.n_words == 2


def test_quote_shares() -> None:
    text = "“All of this is quoted.” Half “is quoted” here."
    spans = split_sentences(text)
    shares = quote_shares(spans, find_quote_spans(text))
    assert shares[0] == pytest.approx(22 / 24)
    assert 0.3 < shares[1] < 0.6
    assert quote_shares([], []) == []


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .,\n\"'“”‘’„«»:")), max_size=300))
def test_spans_are_ordered_disjoint_and_in_bounds(text: str) -> None:
    spans = find_quote_spans(text)
    prev_end = -1
    for s, e in spans:
        assert 0 < s < e <= len(text)
        assert e - s <= MAX_QUOTE_CHARS
        assert s > prev_end
        prev_end = e
    for q in find_quotes(text, split_sentences(text)):
        assert text[q.start : q.end] == q.text


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Moscow called them “aggressors” and left.", ["scare"]),
        ("Russia may “step in” soon.", ["scare"]),
        ("The strikes were “a cynical murder”, Peskov said.", ["quotation"]),  # has a speaker
        ("It was “an unprovoked act of aggression” in the view of many.", ["quotation"]),  # 5 words
        ("He said: “We will win.” Then “losers” was heard.", ["quotation", "scare"]),
    ],
)
def test_scare_quotes_are_told_apart(text: str, kinds: list[str]) -> None:
    assert [q.kind for q in quotes_of(text)] == kinds


def test_the_sample_counts_scare_quotes_apart() -> None:
    from framing.ingest import load_sample
    from framing.models import Settings
    from framing.pipeline import analyze

    result = analyze(load_sample(), Settings(bootstrap=20))
    by_kind = result.quotes.groupby("kind").size().to_dict()
    assert by_kind.get("scare", 0) >= 8  # "aggressors", "step in", "vigilant", …
    arts = result.articles
    assert int(arts["n_quotes"].sum()) == by_kind["quotation"]
    assert int(arts["n_scare_quotes"].sum()) == by_kind["scare"]
    assert set(result.quotes.loc[result.quotes["kind"] == "scare", "speaker"]) == {""}


@pytest.mark.parametrize(
    ("counts", "outlets", "expected"),
    [
        ({"A": 2, "B": 1}, ["A", "B"], "A: 2 · B: 1"),
        ({"B": 1, "C": 3}, ["A", "B", "C"], "C: 3 · B: 1 (the other 1 outlet: none)"),
        ({"O7": 1}, [f"O{i}" for i in range(40)], "O7: 1 (the other 39 outlets: none)"),
    ],
)
def test_scare_quote_counts_name_only_the_outlets_that_use_them(counts, outlets, expected) -> None:
    import pandas as pd

    from ui.quotes import _scare_counts
    from ui.text import md

    assert _scare_counts(pd.Series(counts), outlets) == md(expected)  # markdown-escaped

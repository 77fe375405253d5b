"""Adversarial texts: the shapes that make a backtracking matcher or a quadratic scan blow up.

Each family maps a scale ``k`` to an article text whose length grows linearly with ``k``, so
timing a stage at ``k`` and ``2k`` tells whether it stays linear (a ratio near 2) or not (4
for quadratic, far more for exponential backtracking). Two kinds of growth are covered: the
pathological unit itself grows (one all-caps run of ``k`` words) and the unit is repeated
(``k`` paragraphs holding it), because a pattern can be linear in one and not the other.

Use from tests and benchmarks::

    from adversarial import FAMILY, REPRODUCER
    text = FAMILY["caps run"](100)

No file here is committed data: every text is generated.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import Any

__all__ = ["FAMILY", "MAX_SCALE", "REPRODUCER", "STAGES", "article_bytes", "stage_call"]

#: The wire paragraph of issue 10 (30+ all-caps words, a colon, a dateline, a blank).
REPRODUCER = (
    "OFFICIALS FROM THE NORTHERN PROVINCE SAY THE COUNCIL WAS WARNED ABOUT FLOODS: CITY HALL, "
    "N.Y. (WIRE) – A 40-YEAR-OLD ENGINEER WHO WAS PART OF A TEAM SENT INTO THE VALLEY AT A "
    "REMOTE RIVER STATION LAST WEEK HAS TOLD STATE INSPECTORS HIS MANAGER’S DEPUTY WAS ORDERING "
    "HIM TO IGNORE _______ AGAINST ALL RULES, ACCORDING TO LOCAL COURT FILINGS."
)
_QUOTE = ' "We will not stop now," he said.'
_CAPS = str.split(
    "OFFICIALS FROM THE NORTHERN PROVINCE SAY COUNCIL WAS WARNED ABOUT FLOODS CITY HALL WIRE "
    "ENGINEER WHO PART TEAM SENT INTO VALLEY REMOTE RIVER STATION LAST WEEK HAS TOLD STATE"
)
_NAMES = str.split(
    "Anna Berg Carl Dahl Eva Falk Gustav Holm Ines Jensen Karl Lund Maria Nilsson Olof Persson "
    "Rosa Strand Tomas Uhlin Vera Wallin"
)
_LOWER = str.split("the minister said talks may resume and critics slammed it again today")
#: Largest scale the tests use for growing units (an all-caps run of 200 words).
MAX_SCALE = 200


def _cycle(words: list[str], k: int) -> str:
    return " ".join(words[i % len(words)] for i in range(k))


def _caps_run(k: int) -> str:
    # one sentence: k all-caps words, then a quotation nearby (the shape of issue 10)
    return "Headline\n\n" + _cycle(_CAPS, k) + " ORDERS." + _QUOTE


def _caps_runs(k: int) -> str:
    return "Headline\n\n" + "\n\n".join(REPRODUCER + _QUOTE for _ in range(k))


def _caps_no_stop(k: int) -> str:
    # all-caps words with no full stop and a quotation mark now and then
    return "Headline\n\n" + " ".join(
        _CAPS[i % len(_CAPS)] + (' "SAID"' if i % 37 == 36 else "") for i in range(k * 10)
    )


def _cap_names(k: int) -> str:
    return "Headline\n\n" + _cycle(_NAMES, k) + ' said: "It is over," and left.'


def _cap_names_repeated(k: int) -> str:
    para = "Reports say " + _cycle(_NAMES, 40) + ' of Berg told "the court" nothing.'
    return "Headline\n\n" + "\n\n".join(para for _ in range(k))


def _comma_chain(k: int) -> str:
    items = ", ".join(f"{_NAMES[i % len(_NAMES)]} {_LOWER[i % len(_LOWER)]}" for i in range(k))
    return "Headline\n\n" + items + ', the official, said "no".'


def _comma_chains(k: int) -> str:
    para = "The minister, " + ", ".join(["a spokesman"] * 30) + ', said "no" again.'
    return "Headline\n\n" + "\n\n".join(para for _ in range(k))


def _quote_storm(k: int) -> str:
    bits = []
    for i in range(k * 5):
        name = _NAMES[i % len(_NAMES)]
        bits.append(
            [f'"Yes," {name} said.', f"“No,” said {name}.", f"'{name} wins'", '"a" "b" "c"'][i % 4]
        )
    return "Headline\n\n" + " ".join(bits)


def _unbalanced(k: int) -> str:
    marks = ['"', "“", "”", "'", "‘", "’", "«", "„"]
    return "Headline\n\nHe said " + " ".join(
        marks[i % len(marks)] + _LOWER[i % len(_LOWER)] for i in range(k * 20)
    )


def _long_line(k: int) -> str:
    return "Headline\n\n" + _cycle(_LOWER, k * 150)  # ~1 kB per k, no punctuation at all


def _long_caps_word(k: int) -> str:
    return "Headline\n\nHe said " + "A" * (k * 1000) + ' "right" and left.'


def _long_name_word(k: int) -> str:
    return "Headline\n\nHe said " + "Ab" * (k * 500) + " said: “no”."


def _mixed_scripts(k: int) -> str:
    scripts = [
        "ПУТИН СКАЗАЛ",
        "Путин «сказал»",
        "ΥΠΟΥΡΓΟΣ ΕΙΠΕ",
        "قال الوزير",
        "外交部长说",
        "मंत्री ने कहा",
        "\u202eEVIL\u202c",
        "Ébène Ünïcødé",
        "e\u0301e\u0301",
        "OFFICIALS",
        "„Ja“",
    ]
    return "Headline\n\n" + " ".join(scripts[i % len(scripts)] for i in range(k * 10)) + "."


def _punctuation_run(k: int) -> str:
    # one run of sentence-ending marks with no space: each start used to rescan the run
    return "Headline\n\nThe talks ended" + ".!?…" * (k * 250) + "x “no,” he said."


def _abbreviations(k: int) -> str:
    return "Headline\n\n" + "U.S. Mr. Dr. e.g. N.Y. " * (k * 40) + "said “no”."


#: Family name -> text builder (text length grows linearly with the scale).
FAMILY: dict[str, Callable[[int], str]] = {
    "caps run": _caps_run,
    "caps runs repeated": _caps_runs,
    "caps, no full stop": _caps_no_stop,
    "capitalised names": _cap_names,
    "capitalised names repeated": _cap_names_repeated,
    "comma chain": _comma_chain,
    "comma chains repeated": _comma_chains,
    "quote storm": _quote_storm,
    "unbalanced quotation marks": _unbalanced,
    "long line": _long_line,
    "long all-caps word": _long_caps_word,
    "long name word": _long_name_word,
    "mixed scripts": _mixed_scripts,
    "punctuation run": _punctuation_run,
    "abbreviations": _abbreviations,
}


def article_bytes(name: str, k: int) -> tuple[str, bytes]:
    """``(file name, UTF-8 bytes)`` of one family member, for the uploader and ingest."""
    slug = name.replace(" ", "-").replace(",", "")
    return f"adversarial-{slug}-{k}.txt", FAMILY[name](k).encode("utf-8")


# ---- the pipeline's stages, as calls to time -----------------------------------------------

#: Stage names :func:`stage_call` knows, in pipeline order.
STAGES = (
    "read",
    "sentences",
    "lexicon matcher",
    "quotations",
    "suggested actors",
    "actor mentions and tone",
    "sentiment",
    "quality flags",
    "one article",
    "clusters",
)


def stage_call(name: str, settings: Any) -> Callable[[str], Callable[[], object]]:
    """``text -> zero-argument call`` that runs stage ``name`` on ``text`` (setup done first)."""
    from framing import actors, clusters, ingest, pipeline, quality, quotes, sentences, sentiment
    from framing.models import Article

    ctx = pipeline.build_context(settings)

    def article(text: str, outlet: str = "Wire") -> Article:
        return Article(outlet, "Headline", text)

    def sentence_texts(text: str) -> list[str]:
        return [text[s.start : s.end] for s in sentences.split_sentences(text)]

    if name == "read":
        return lambda text: lambda: ingest.read_bytes(text.encode(), "a.txt")
    if name == "sentences":
        return lambda text: lambda: sentences.split_sentences(text)
    if name == "lexicon matcher":
        return lambda text: lambda: ctx.matcher.find(text)
    if name == "quotations":

        def quoting(text: str) -> Callable[[], object]:
            spans = sentences.split_sentences(text)
            return lambda: quotes.find_quotes(text, spans, resolve=ctx.index.resolve)

        return quoting
    if name == "suggested actors":
        return lambda text: lambda: actors.suggest_actors([article(text)], known=())
    if name == "actor mentions and tone":

        def toning(text: str) -> Callable[[], object]:
            index = actors.ActorIndex(
                ctx.actors + actors.suggest_actors([article(text)], known=(), min_count=1)
            )
            spans = sentences.split_sentences(text)
            starts = [sp.start for sp in spans]

            def tone_all() -> list[float]:
                # as the pipeline does: each mention toned within its own sentence
                out = []
                for m in index.find(text):
                    sp = spans[max(0, bisect.bisect_right(starts, m.start) - 1)]
                    s0 = sp.start
                    out.append(actors.target_tone(text[s0 : sp.end], m.start - s0, m.end - s0))
                return out

            return tone_all

        return toning
    if name == "sentiment":
        return lambda text: (lambda texts: lambda: sentiment.polarity_rows(texts))(
            sentence_texts(text)
        )
    if name == "quality flags":
        return lambda text: lambda: quality.quality_flags([article(text), article(text[::-1])])
    if name == "one article":
        return lambda text: lambda: pipeline.analyze_article(article(text), ctx)
    if name == "clusters":

        def clustering(text: str) -> Callable[[], object]:
            a = pipeline.analyze([article(text), article(text[::-1], "Other")], settings)
            return lambda: clusters.cluster_story(a.sentences, a.cues)

        return clustering
    raise KeyError(name)

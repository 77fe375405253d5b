"""Actors: who is mentioned, how often, and in what tone (own words vs quoted speech).

Actors come from ``data/actors.csv`` (``name,aliases,kind,source``; aliases ``|``-separated,
matched case-sensitively as whole words, longest alias first) plus, optionally, names that
recur across the articles (:func:`suggest_actors`, marked ``auto=True``).

Tone toward an actor (:func:`target_tone`) is the mean of two VADER compounds, with a
news-adjusted lexicon (:func:`framing.sentiment.tone_analyzer`): the :data:`TONE_WINDOW`
words on each side of the mention (kept inside the sentence), and the whole sentence. The
actor's own name is masked (a name VADER happens to know never colours the score), and a
quotation (or the reported clause of "X said …") is left out when the actor is its
speaker. See ``docs/measures.md`` for the figures on the NewsMTSC target-sentiment data.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import ahocorasick

from framing.models import Actor, Article, ReadError
from framing.tone import TONE_WINDOW, target_tone, tone_context

__all__ = [
    "ACTORS_CSV",
    "TONE_WINDOW",
    "ActorIndex",
    "Mention",
    "default_actors",
    "read_actors_csv",
    "suggest_actors",
    "target_tone",
    "tone_context",
]

ACTORS_CSV = Path(__file__).resolve().parent.parent / "data" / "actors.csv"
#: Words on each side of a mention that feed its tone.
_KINDS = {"person", "country", "organisation", "group", "other", ""}
# a mention starts after neither a word character nor a dot, and ends before no word character
_BEFORE_BLOCKS = re.compile(r"[\w.]")
_AFTER_BLOCKS = re.compile(r"\w")
_KIND_PRIORITY = {"person": 0, "organisation": 1, "group": 2, "country": 3, "other": 4, "": 5}


class Mention(NamedTuple):
    """One actor mention; offsets index the searched text."""

    start: int
    end: int
    actor: str
    alias: str


# ---- actor lists ---------------------------------------------------------------------------


def read_actors_csv(data: str | bytes | Path, *, name: str = "actors.csv") -> tuple[Actor, ...]:
    """Actors from CSV text, bytes or a path (columns ``name,aliases,kind[,source]``).

    The name itself is always an alias. Blank rows are skipped.

    Raises
    ------
    ReadError
        When the header lacks ``name`` or a row has no name.

    Examples
    --------
    >>> read_actors_csv("name,aliases,kind\\nNATO,NATO|Nato,organisation\\n")[0].aliases
    ('NATO', 'Nato')
    """
    if isinstance(data, Path):
        name = data.name
        data = data.read_bytes()
    if isinstance(data, bytes):
        data = data.decode("utf-8-sig", errors="replace")
    reader = csv.DictReader(io.StringIO(data))
    fields = [f.strip().lower() for f in (reader.fieldnames or [])]
    if "name" not in fields:
        raise ReadError(name, "an actors file needs a 'name' column (and 'aliases', 'kind')")
    out = []
    for line, row in enumerate(reader, start=2):
        row = {str(k).strip().lower(): (v or "").strip() for k, v in row.items() if k}
        if not any(row.values()):
            continue
        actor_name = row.get("name", "")
        if not actor_name:
            raise ReadError(name, f"row {line} has no name")
        aliases = [a.strip() for a in row.get("aliases", "").split("|") if a.strip()]
        if actor_name not in aliases:
            aliases.insert(0, actor_name)
        kind = row.get("kind", "").lower()
        out.append(
            Actor(name=actor_name, aliases=tuple(aliases), kind=kind if kind in _KINDS else "other")
        )
    return tuple(out)


@lru_cache(maxsize=1)
def default_actors() -> tuple[Actor, ...]:
    """The bundled actors (``data/actors.csv``)."""
    return read_actors_csv(ACTORS_CSV)


# ---- finding mentions ----------------------------------------------------------------------


class ActorIndex:
    """Finds actor mentions in text with one Aho-Corasick automaton over all aliases.

    Aliases are matched case-sensitively as whole words, longest first; an alias starting
    with a lower-case "the " also matches capitalised ("The Russian leader"). Adjacent
    mentions of the same actor ("Russian President Vladimir Putin") merge into one.

    The automaton reports every alias occurrence in one pass over the text; the mentions are
    then chosen as a regular expression ``(?<![\\w.])(?:alias1|alias2|…)(?!\\w)`` with the
    aliases longest first would choose them (leftmost start, longest alias there, no
    overlaps), at a cost that does not grow with the number of actors.

    Examples
    --------
    >>> idx = ActorIndex([Actor("Vladimir Putin", ("Putin", "Russian President"), "person")])
    >>> [(m.actor, m.alias) for m in idx.find("Russian President Vladimir Putin said.")]
    [('Vladimir Putin', 'Russian President Vladimir Putin')]
    """

    def __init__(self, actors: Iterable[Actor]) -> None:
        self.actors: tuple[Actor, ...] = tuple(actors)
        self._alias: dict[str, Actor] = {}
        for actor in self.actors:
            for alias in (actor.name, *actor.aliases):
                variants = [alias]
                if alias.startswith("the "):
                    variants.append("T" + alias[1:])
                for v in variants:
                    if v:  # an empty alias would match everywhere
                        self._alias.setdefault(v, actor)
        self.by_name = {a.name: a for a in self.actors}
        self._automaton: ahocorasick.Automaton | None = None
        if self._alias:
            automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
            for alias, actor in self._alias.items():
                automaton.add_word(alias, (len(alias), alias, actor.name))
            automaton.make_automaton()
            self._automaton = automaton

    def _matches(self, text: str) -> list[tuple[int, int, str, str]]:
        """``(start, end, alias, actor)`` of the whole-word alias matches a leftmost-longest
        scan keeps (non-overlapping, in order)."""
        found = []
        size = len(text)
        for last, (length, alias, actor) in self._automaton.iter(text):  # type: ignore[union-attr]
            start, end = last - length + 1, last + 1
            if start > 0 and _BEFORE_BLOCKS.match(text, start - 1):
                continue
            if end < size and _AFTER_BLOCKS.match(text, end):
                continue
            found.append((start, -length, alias, actor))
        if not found:
            return []
        found.sort()
        out = []
        pos = 0
        for start, neg_length, alias, actor in found:
            if start >= pos:
                out.append((start, start - neg_length, alias, actor))
                pos = start - neg_length
        return out

    def find(self, text: str) -> list[Mention]:
        """Mentions in ``text``, in order, adjacent same-actor mentions merged."""
        if self._automaton is None or not text:
            return []
        out: list[Mention] = []
        for start, end, alias, actor in self._matches(text):
            if out and out[-1].actor == actor and not text[out[-1].end : start].strip():
                prev = out.pop()
                out.append(Mention(prev.start, end, actor, text[prev.start : end]))
                continue
            out.append(Mention(start, end, actor, alias))
        return out

    def resolve(self, phrase: str) -> str:
        """The actor a phrase names ("" when none): a person before an organisation before a
        country; among equals, the last mentioned (the head of the phrase).

        >>> ActorIndex([Actor("Russia", ("Kremlin",), "country"),
        ...             Actor("Dmitry Peskov", ("Peskov",), "person")]).resolve(
        ...     "Kremlin spokesperson Dmitry Peskov")
        'Dmitry Peskov'
        """
        # the head of an English noun phrase comes last ("New York Gov. Andrew Cuomo"), and a
        # place after "in", "to"… only locates it ("the Russian Embassy in Tehran")
        head = re.split(r"\s+(?:in|at|to|from|for|with)\s+", phrase, maxsplit=1)[0]
        found = self.find(head) or self.find(phrase)
        if not found:
            return ""
        best = min(
            enumerate(found),
            key=lambda im: (_KIND_PRIORITY.get(self.by_name[im[1].actor].kind, 5), -im[0]),
        )
        return best[1].actor


# ---- suggesting actors ---------------------------------------------------------------------

# a capitalised word: O'Brien, McManus, Jean-Francois; not the possessive in Boerse's
_CAP_WORD = (
    r"(?:[A-Z]['’][A-Z][a-z]+|Ma?c[A-Z][a-z]+|[A-Z][a-z]+(?:-[A-Za-z]+|['’](?!s\b)[A-Za-z]+)?)"
)
_CAP_SEQ = re.compile(
    rf"(?<![\w’'-]){_CAP_WORD}"
    rf"(?:\s+(?:(?:of|for|de|du|van|von|bin)\s+|and\s+(?={_CAP_WORD}\s+{_CAP_WORD}))?{_CAP_WORD})+"
)  # "Bank of England", "Securities and Exchange Commission" (not "Iraq and Afghanistan")


def _opens_sentence(text: str, i: int) -> bool:
    """Whether position ``i`` starts a sentence, line or quotation."""
    j = i - 1
    while j >= 0 and text[j] in " \t":
        j -= 1
    if j < 0 or text[j] in "\n.!?:;>•*-–—(\"“‘'":
        return True
    return text[j] in "”’" and j > 0 and text[j - 1] in ".!?"


_TITLE_WORDS = frozenset(
    [
        "President",
        "Vice",
        "Prime",
        "Minister",
        "Foreign",
        "Defence",
        "Defense",
        "Finance",
        "Interior",
        "Secretary",
        "State",
        "Deputy",
        "Chairman",
        "Chairwoman",
        "Chair",
        "Supreme",
        "Leader",
        "Ayatollah",
        "General",
        "Gen",
        "Colonel",
        "Chief",
        "Senator",
        "Sen",
        "Representative",
        "Rep",
        "Governor",
        "Mayor",
        "Ambassador",
        "Spokesman",
        "Spokesperson",
        "Spokeswoman",
        "King",
        "Queen",
        "Prince",
        "Princess",
        "Sheikh",
        "Pope",
        "Judge",
        "Justice",
        "Dr",
        "Mr",
        "Mrs",
        "Ms",
        "Former",
        "Acting",
        "Minister's",
        "Chancellor",
        "Commander",
        "Admiral",
        "Director",
        "Head",
        "Leader",
        "Speaker",
    ]
)
_STOP_WORDS = frozenset(
    [
        "The",
        "Then",
        "Now",
        "So",
        "Yet",
        "Also",
        "Still",
        "A",
        "An",
        "This",
        "That",
        "These",
        "Those",
        "It",
        "Its",
        "In",
        "On",
        "At",
        "For",
        "From",
        "With",
        "By",
        "As",
        "But",
        "And",
        "Or",
        "If",
        "When",
        "While",
        "After",
        "Before",
        "Since",
        "Despite",
        "Although",
        "Though",
        "However",
        "Meanwhile",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Mr",
        "Mrs",
        "Ms",
        "Read",
        "More",
        "Click",
        "Here",
        "Share",
        "Follow",
        "Subscribe",
        "Advertisement",
        "Leave",
        "Reply",
        "Comment",
        "Comments",
        "Related",
        "News",
        "Breaking",
        "Live",
        "Update",
        "Updated",
        "Day",
        "Photo",
        "Image",
        "Video",
        "Getty",
        "Images",
        "Reuters",
        "AP",
        "AFP",
        "Copyright",
    ]
)
_STOP_PHRASES = frozenset(
    """Middle East|Far East|New Year|Prime Minister|Foreign Minister|Foreign Ministry|Security
    Council|Supreme Court|Supreme Leader|White House|Leave Reply|Read More|Cold War|World
    War""".replace("\n    ", " ").split("|")
)


def _strip_titles(words: list[str]) -> list[str]:
    while words and (words[0] in _TITLE_WORDS or words[0] in _STOP_WORDS):
        words = words[1:]
    while words and words[-1] in _STOP_WORDS:
        words = words[:-1]
    return words


def suggest_actors(
    articles: Sequence[Article],
    known: Iterable[Actor] | None = None,
    *,
    min_count: int = 3,
) -> tuple[Actor, ...]:
    """Actors suggested from multi-word capitalised names that recur across ``articles``.

    A candidate is a run of two or more capitalised words that does not open a sentence,
    with leading titles ("Foreign Minister …") stripped, not containing a known alias, not in
    a stop list, and seen at least ``min_count`` times over all articles. Suggestions have
    ``kind="other"`` and ``auto=True``, most frequent first.

    Examples
    --------
    >>> arts = [Article("o", "t", "We met Anna Lindqvist. Then Anna Lindqvist left, "
    ...         "and Anna Lindqvist returned.")]
    >>> [a.name for a in suggest_actors(arts, known=())]
    ['Anna Lindqvist']
    """
    known = tuple(default_actors() if known is None else known)
    aliases = {a for actor in known for a in (actor.name, *actor.aliases)}
    alias_re = (
        re.compile(
            r"(?<!\w)(?:"
            + "|".join(re.escape(a) for a in sorted(aliases, key=len, reverse=True))
            + r")(?!\w)"
        )
        if aliases
        else None
    )
    counts: Counter[str] = Counter()
    for article in articles:
        text = article.text
        for m in _CAP_SEQ.finditer(text):
            words = m.group().split()
            # a capitalised run opening a sentence counts only after a function word
            # ("Then Anna Lindqvist left"); otherwise its first capital proves nothing
            if _opens_sentence(text, m.start()) and words[0] not in _STOP_WORDS:
                continue
            words = _strip_titles(words)
            if len(words) < 2:
                continue
            phrase = " ".join(words)
            if phrase in _STOP_PHRASES or (alias_re is not None and alias_re.search(phrase)):
                continue
            counts[phrase] += 1
    return tuple(
        Actor(name=name, aliases=(name,), kind="other", auto=True)
        for name, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        if n >= min_count
    )

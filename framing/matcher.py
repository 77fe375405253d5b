"""One fast matcher for every lexicon: the matching rules.

:class:`Matcher` finds every lexicon's terms in one pass of an Aho-Corasick automaton over
the lower-cased text (:func:`framing.terms.normalize`). The lexicons are read and validated by
:mod:`framing.lexicon`; the term syntax (``=exact``, ``prefix*``, ``about #``, ``!blocker``,
phrases and inflections) is :mod:`framing.terms`.

Matching rules (named constants below)
--------------------------------------
* Within one lexicon, the longest match wins and hits do not overlap (leftmost-longest).
* Across lexicons hits may overlap (``slammed`` is a loaded reporting verb *and* intensity),
  except inside each group of :data:`EXCLUSIVE_GROUPS`: a longer hit in one lexicon drops a
  shorter hit it contains in the other ("no doubt" is an intensity booster, so its "doubt"
  is not a hedge; "not certain" is a hedge, so its "certain" is not a booster).
* :data:`NAME_OR_MONTH` terms (``may``) written with a capital are skipped when not at the
  start of a sentence (``in May``, ``Theresa May``) or when a number follows (``May 5``).
* Negation: a word of :data:`NEGATORS` (or ``…n't``) among the
  :data:`NEGATION_WINDOW` words before a hit, in the same clause, sets ``negated=True``.
  A negator inside a hyphenated compound ("no-nonsense", "card-not-present") does not
  count. The hit is kept: negating doubt keeps doubt ("not clear" is still a hedge) and
  "not devastating" still uses a loaded word; scoring decides what a flag is worth.
  "not only" / "not just" is not a negation.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import NamedTuple

import ahocorasick
import pandas as pd

from framing.terms import normalize, term_forms

__all__ = [
    "BLOCK_PREFIX",
    "EXCLUSIVE_GROUPS",
    "NAME_OR_MONTH",
    "NEGATION_WINDOW",
    "NEGATORS",
    "Match",
    "Matcher",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: A term starting with this is a blocker: it claims its span in its lexicon, never reported.
BLOCK_PREFIX = "!"
#: Lexicons whose overlapping hits compete: the longer phrase wins.
EXCLUSIVE_GROUPS: tuple[frozenset[str], ...] = (frozenset({"hedging", "intensity"}),)
#: Words that negate a following cue.
NEGATORS = _words(
    """not no never without hardly barely scarcely neither nor none nobody nothing nowhere
    cannot cant dont doesnt didnt isnt wasnt arent werent wont wouldnt couldnt shouldnt
    lack lacks lacked"""
)
#: How many words before a hit are searched for a negator.
NEGATION_WINDOW = 3
#: "not only … but also" and similar do not negate.
_NOT_NEGATING_NEXT = frozenset({"only", "just", "merely", "simply", "least"})
#: Terms that, capitalised mid-sentence or before a number, are a month or a name.
NAME_OR_MONTH = frozenset({"may"})
_SPACE_RUN_RE = re.compile(r"  +")
_WORD_TAIL_RE = re.compile(r"[\w']*")
_TOKEN_PUNCT = "\"'“”()[],-"
#: What may stand right before a negator (the automaton keys are lead + negator).
_NEGATOR_LEADS = (" ", "(", '"', "'", "“", "‘", "[", "-")
_CLAUSE_END = ".!?;:"
_SENTENCE_BEFORE = ".!?:\"“”'‘’(\n"
_DIGIT_AFTER_RE = re.compile(r"\s*\d")
_NUMBER_WORDS = (
    "half one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty "
    "forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands million "
    "millions billion billions dozen dozens third quarter"
)
#: "about #" terms: what counts as a number after the term (in normalised text).
_NUMBER_AFTER_RE = re.compile(
    r" ?(?:[$£€¥] ?)?\d| (?:a |an )?(?:" + "|".join(_NUMBER_WORDS.split()) + r")\b"
)


_tuple_new = tuple.__new__


class Match(NamedTuple):
    """One lexicon hit; ``text[start:end]`` of the searched text is ``text``."""

    start: int
    end: int
    text: str
    term: str
    lexicon: str
    category: str
    weight: float
    negated: bool


# ---- matching -----------------------------------------------------------------------------


class _Entry(NamedTuple):
    term: str
    block: bool  # "!term": claims its span, never reported
    lexicon: str
    category: str
    weight: float
    prefix: bool
    number: bool
    name_or_month: bool
    exclusive: int  # index of the exclusive group, -1 for none
    order: int  # tie-break among equal spans: number-bound entries first, then row order


class Matcher:
    """Find lexicon terms in text: one Aho-Corasick pass for every lexicon.

    Parameters
    ----------
    entries : DataFrame
        Lexicon entries with columns ``term, category, weight, lexicon`` (as from
        :func:`load_lexicons`; stance terms are rows with ``lexicon="stance"``).

    Examples
    --------
    >>> from framing.lexicon import load_lexicons
    >>> from framing.models import Settings
    >>> m = Matcher(load_lexicons(Settings()))
    >>> [(h.text, h.lexicon) for h in m.find("Officials reportedly slammed the plan.")]
    [('reportedly', 'hedging'), ('slammed', 'intensity'), ('slammed', 'reporting')]
    """

    def __init__(self, entries: pd.DataFrame) -> None:
        self.entries = entries
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
        # form -> {(lexicon, needs number): (priority, entry)}; explicit forms beat generated
        # inflections; "about #" and "about" are different entries of one form
        table: dict[str, dict[tuple[str, bool], tuple[int, _Entry]]] = {}
        rows = entries[["term", "category", "weight", "lexicon"]].itertuples(index=False)
        for i, row in enumerate(rows):
            term, category, weight, lexicon = str(row[0]), str(row[1]), float(row[2]), str(row[3])
            block = term.startswith(BLOCK_PREFIX)
            forms, prefix, number = term_forms(term[1:] if block else term)
            group = next((i for i, g in enumerate(EXCLUSIVE_GROUPS) if lexicon in g), -1)
            base = forms[0] if forms else ""
            order = i if number else i + len(entries)
            entry = _Entry(
                term,
                block,
                lexicon,
                category,
                weight,
                prefix,
                number,
                base in NAME_OR_MONTH,
                group,
                order,
            )
            for k, form in enumerate(forms):
                priority = 0 if k == 0 or " " in form or "-" in form else 1
                per_lex = table.setdefault(form, {})
                key = (lexicon, number)
                if key not in per_lex or priority < per_lex[key][0]:
                    per_lex[key] = (priority, entry)
        for form, per_lex in table.items():
            # number-bound entries first: at "some 30" the approximator beats bare "some"
            values = tuple(sorted((e for _, e in per_lex.values()), key=lambda e: e.order))
            simple = [(e.lexicon, e.order, e) for e in values if not (e.number or e.prefix)]
            special = tuple(e for e in values if e.number or e.prefix)
            self._automaton.add_word(form, (len(form), tuple(simple), special, False))
        self._empty = not table
        # Negators come out of the same pass. Keyed with the character before them (a word
        # start), so that "no" inside "know" or "economy" never reaches Python.
        for word in NEGATORS:
            for lead in _NEGATOR_LEADS:
                key = lead + word
                value = self._automaton.get(key, None)
                if value is None:
                    self._automaton.add_word(key, (len(key), (), (), True))
                else:
                    self._automaton.add_word(key, (*value[:3], True))
        self._automaton.add_word("n't", (3, (), (), True))
        self._n_negator_keys = len(NEGATORS) * len(_NEGATOR_LEADS) + 1
        self._automaton.make_automaton()

    def __len__(self) -> int:
        """Number of surface forms (terms and their generated variants) searched for."""
        return 0 if self._empty else len(self._automaton) - self._n_negator_keys

    def find(self, text: str) -> list[Match]:
        """All hits in ``text``, sorted by start, then longest first, then lexicon name.

        Parameters
        ----------
        text : str
            Any text; offsets in the result index this string.

        Returns
        -------
        list of Match
        """
        if self._empty or not text:
            return []
        norm = normalize(text)
        run_at: list[int] = []
        run_shift: list[int] = []
        if "  " in norm:
            norm, run_at, run_shift = _collapse_spaces(norm)
        n = len(norm)
        raw: list[tuple[int, int, str, int, _Entry]] = []  # (start, -end, lexicon, order, entry)
        append = raw.append
        neg_ends: list[int] = []
        if norm[:1].isalpha() and norm.split(None, 1)[0].strip(_TOKEN_PUNCT) in NEGATORS:
            neg_ends.append(norm.find(" ") if " " in norm else n)  # a negator opens the text
        for last, (length, simple, special, negator) in self._automaton.iter(norm):
            end = last + 1
            tail_ok = end == n or not (norm[end].isalnum() or norm[end] == "_")
            if negator:
                if tail_ok and (end == n or norm[end] != "-"):  # not "card-not-present"
                    neg_ends.append(end)
                if not (simple or special):
                    continue
            start = last - length + 1
            if start and (norm[start - 1].isalnum() or norm[start - 1] == "_"):
                continue
            if tail_ok:
                for lexicon, order, entry in simple:
                    append((start, -end, lexicon, order, entry))
            for entry in special:
                if entry.prefix:
                    stop = _WORD_TAIL_RE.match(norm, end).end()
                    append((start, -stop, entry.lexicon, entry.order, entry))
                elif tail_ok and _NUMBER_AFTER_RE.match(norm, end):
                    append((start, -end, entry.lexicon, entry.order, entry))
        if not raw:
            return []
        raw.sort()
        out: list[Match] = []
        last_end: dict[str, int] = {}
        reach: dict[int, tuple[int, int, str]] = {}  # exclusive group -> furthest kept hit
        for start, neg_end, lexicon, _, entry in raw:
            end = -neg_end
            if start < last_end.get(lexicon, 0):
                continue  # overlaps a longer or earlier hit of the same lexicon
            last_end[lexicon] = end
            if entry.block:
                continue  # a blocker only claims its span
            group = entry.exclusive
            if group >= 0:
                best = reach.get(group)
                if (
                    best is not None
                    and best[2] != lexicon
                    and best[1] >= end
                    and best[1] - best[0] > end - start
                ):
                    continue  # inside a longer phrase of the other lexicon
                if best is None or end > best[1]:
                    reach[group] = (start, end, lexicon)
            if run_at:
                k = bisect_right(run_at, start) - 1
                o_start = start + (run_shift[k] if k >= 0 else 0)
                k = bisect_right(run_at, end - 1) - 1
                o_end = end + (run_shift[k] if k >= 0 else 0)
            else:
                o_start, o_end = start, end
            if entry.name_or_month and _is_name_or_month(text, o_start, o_end):
                continue
            fields = (
                o_start,
                o_end,
                text[o_start:o_end],
                entry.term,
                lexicon,
                entry.category,
                entry.weight,
                bool(neg_ends) and _negated(norm, start, neg_ends),
            )
            out.append(_tuple_new(Match, fields))  # Match(*fields) without the extra frame
        return out


def _collapse_spaces(norm: str) -> tuple[str, list[int], list[int]]:
    """Collapse runs of spaces to one space.

    Returns the collapsed text and a shift table: from collapsed index ``run_at[k]`` on,
    add ``run_shift[k]`` to get the index in ``norm``. (``str.find`` jumps between runs,
    which is about twice as fast as a regular expression scan here.)
    """
    run_at: list[int] = []
    run_shift: list[int] = []
    parts: list[str] = []
    removed = pos = 0
    i = norm.find("  ")
    while i >= 0:
        j = _SPACE_RUN_RE.match(norm, i).end()
        parts.append(norm[pos : i + 1])
        removed += j - i - 1
        run_at.append(j - removed)
        run_shift.append(removed)
        pos = j
        i = norm.find("  ", j)
    parts.append(norm[pos:])
    return "".join(parts), run_at, run_shift


def _is_name_or_month(text: str, start: int, end: int) -> bool:
    """``May`` capitalised mid-sentence (``in May``, ``Theresa May``) or before a number."""
    if not text[start].isupper():
        return False
    if _DIGIT_AFTER_RE.match(text, end):
        return True
    gap = text[max(0, start - 12) : start]
    before = gap.rstrip()
    if not before or "\n" in gap[len(before) :]:
        return False  # first word of the text or of a line: the modal
    return before[-1] not in _SENTENCE_BEFORE


def _negated(norm: str, start: int, neg_ends: list[int]) -> bool:
    """A negator among the NEGATION_WINDOW words before ``start``, in the same clause.

    ``neg_ends`` are the (sorted) end offsets of the negators in ``norm``.
    """
    k = bisect_right(neg_ends, start) - 1
    while k >= 0:
        between = norm[neg_ends[k] : start]
        if len(between) > 60 or any(c in between for c in _CLAUSE_END):
            return False
        words = between.lstrip(_TOKEN_PUNCT).split()  # "not," / 'no"' end the negator
        if len(words) >= NEGATION_WINDOW:
            return False
        if not words or words[0].strip(_TOKEN_PUNCT) not in _NOT_NEGATING_NEXT:
            return True
        k -= 1  # "not only …": look further back
    return False

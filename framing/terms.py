"""Lexicon terms as written to the surface forms the matcher looks for.

Term syntax
-----------
``reportedly``
    the word, case-insensitive, whole words only. Single words also match simple
    inflections generated at load time: ``-s``/``-es``/``-ies``, ``-ed``/``-d``/``-ied`` and
    ``-ing``, with e-drop (``believe`` → ``believing``) and consonant doubling (``slam`` →
    ``slammed``); terms ending in ``-ly``/``-ed``/``-ing`` and the words in
    :data:`NO_INFLECT` (modals, quantifiers) are not inflected.
``=clear``
    exactly this form, no inflections.
``alleg*``
    a prefix: any word starting with ``alleg`` (``alleged``, ``allegedly``, ``allegations``).
``about #``
    a word or phrase followed by a number (digits, ``£5``, or a number word such as
    ``dozens``, ``half``, ``a third``); the hit is the word(s) before the number. Used for
    approximators, which are hedges only before a quantity ("about 30 people", not
    "talks about Iran").
``!appeared in``
    a blocker (a context rule written as data): it claims its span within its lexicon like
    any term, so shorter terms of that lexicon inside it do not fire ("appeared in the film"
    is not the hedge "appear", "as soon as possible" is not the hedge "possible"), and it is
    never reported itself. Blockers follow the same syntax after the ``!``.
``sources said`` / ``all-out``
    a phrase: words separated by any run of whitespace, or a hyphen, match (``all out`` and
    ``all-out`` are the same term); curly and straight apostrophes are the same. The last
    word also matches its plural (``witch hunt`` → ``witch hunts``, ``cover-up`` →
    ``cover-ups``) unless the term starts with ``=``.
"""

from __future__ import annotations

import itertools
import re
from typing import NamedTuple

__all__ = ["NO_INFLECT", "TermForms", "inflections", "normalize", "term_forms"]

#: Single words never inflected (modals, quantifiers, function words).
NO_INFLECT = frozenset(
    [
        "may",
        "might",
        "can",
        "could",
        "would",
        "should",
        "will",
        "must",
        "shall",
        "some",
        "many",
        "most",
        "much",
        "more",
        "about",
        "around",
        "almost",
        "nearly",
        "perhaps",
        "maybe",
        "well",
        "like",
        "just",
        "very",
        "so",
        "such",
        "ever",
        "never",
        "all",
        "any",
        "quite",
        "rather",
        "really",
        "sure",
        "fairly",
    ]
)

_APOSTROPHES = "’‘ʼ`´′"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_SPACES = tuple(c for c in map(chr, range(0x3001)) if c.isspace() and c != " ")
_ASCII_SPACES = tuple(c for c in _SPACES if c.isascii())
_REPLACEMENTS = (
    tuple((c, "'") for c in _APOSTROPHES)
    + tuple((c, "-") for c in _DASHES)
    + tuple((c, " ") for c in _SPACES if not c.isascii())
)
_TERM_WORD_RE = re.compile(r"[^\s\-]+")


def normalize(text: str) -> str:
    """Lower-case, straight apostrophes, ASCII hyphens, every whitespace character a space.

    The result has the same length as ``text`` (the matcher then treats a run of spaces
    as one space).

    Examples
    --------
    >>> normalize("It’s ALL–OUT")
    "it's all-out"
    """
    low = text.lower()
    if len(low) != len(text):  # a few characters lower-case to two (İ): keep them as is
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    for char in _ASCII_SPACES:
        if char in low:
            low = low.replace(char, " ")
    if "`" in low:
        low = low.replace("`", "'")
    if not low.isascii():
        for char, repl in _REPLACEMENTS:
            if char in low:
                low = low.replace(char, repl)
    return low


_VOWELS = frozenset("aeiou")


def _cvc(word: str) -> bool:
    return (
        len(word) >= 3
        and word[-1] not in _VOWELS
        and word[-1] not in "wxy"
        and word[-2] in _VOWELS
        and word[-3] not in _VOWELS
    )


def _plurals(word: str) -> set[str]:
    """The regular ``-s`` form of a word (none for short, non-alphabetic or closed words)."""
    if len(word) < 3 or not word.isalpha() or word in NO_INFLECT or word.endswith(("ly", "ing")):
        return set()
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return {word + "es"}
    if word.endswith("y") and word[-2] not in _VOWELS:
        return {word[:-1] + "ies"}
    return {word + "s"}


def inflections(word: str) -> set[str]:
    """Simple regular inflections of a lower-case word (including the word itself).

    Examples
    --------
    >>> sorted(inflections("slam"))
    ['slam', 'slammed', 'slamming', 'slams']
    >>> sorted(inflections("believe"))
    ['believe', 'believed', 'believes', 'believing']
    """
    forms = {word}
    if (
        len(word) < 3
        or not word.isalpha()
        or word in NO_INFLECT
        or word.endswith(("ly", "ed", "ing"))
    ):
        return forms
    forms |= _plurals(word)
    if word.endswith("e"):
        forms.add(word + "d")
        forms.add(word + "ing" if word.endswith(("ee", "ye", "oe")) else word[:-1] + "ing")
    elif word.endswith("y") and word[-2] not in _VOWELS:
        forms.update((word[:-1] + "ied", word + "ing"))
    elif _cvc(word):
        forms.update((word + word[-1] + "ed", word + word[-1] + "ing"))
        if sum(1 for a, b in itertools.pairwise(word) if a in _VOWELS and b not in _VOWELS) > 1:
            forms.update((word + "ed", word + "ing"))  # "target" -> "targeted"
    else:
        forms.update((word + "ed", word + "ing"))
    return forms


class TermForms(NamedTuple):
    """Surface forms of a lexicon term and its matching flags."""

    forms: list[str]  # normalised; forms[0] is the term itself
    prefix: bool  # "alleg*": the last word may continue
    number: bool  # "about #": only before a number


def term_forms(term: str) -> TermForms:
    """Normalised surface forms of a lexicon term (see the module docstring for the syntax).

    Examples
    --------
    >>> term_forms("all-out").forms
    ['all out', 'all-out', 'all outs', 'all-outs']
    >>> term_forms("=sources said").forms
    ['sources said', 'sources-said']
    >>> term_forms("about #")
    TermForms(forms=['about'], prefix=False, number=True)
    """
    exact = term.startswith("=")
    body = term[1:] if exact else term
    prefix = body.endswith("*")
    if prefix:
        body = body[:-1]
    words = _TERM_WORD_RE.findall(normalize(body))
    number = bool(words) and words[-1] == "#"
    if number:
        words = words[:-1]
        exact = True
    if not words:
        return TermForms([], prefix, number)
    if len(words) > 1:
        forms = [" ".join(words), "-".join(words)]
        if not (exact or prefix):  # plural of the last word: "witch hunts", "cover-ups"
            head, last = words[:-1], words[-1]
            for plural in sorted(_plurals(last)):
                forms += [" ".join([*head, plural]), "-".join([*head, plural])]
        return TermForms(forms, prefix, number)
    word = words[0]
    if exact or prefix:
        return TermForms([word], prefix, number)
    return TermForms([word, *sorted(inflections(word) - {word})], prefix, number)

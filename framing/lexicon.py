"""Lexicons as data (term, category, weight, source) and one fast matcher for all of them.

A lexicon is a CSV with columns ``term,category,weight,source``; :func:`read_lexicon_csv`
validates one and :func:`load_lexicons` stacks the bundled ones (``data/lexicons/``) with the
user's. :class:`Matcher` finds every lexicon's terms in one pass of an Aho-Corasick automaton
over the lower-cased text.

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
``sources said`` / ``all-out``
    a phrase: words separated by any run of whitespace, or a hyphen, match (``all out`` and
    ``all-out`` are the same term); curly and straight apostrophes are the same.

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
  The hit is kept: negating doubt keeps doubt ("not clear" is still a hedge) and
  "not devastating" still uses a loaded word; scoring decides what a flag is worth.
  "not only" / "not just" is not a negation.
"""

from __future__ import annotations

import functools
import hashlib
import io
import itertools
import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

import ahocorasick
import pandas as pd

from framing.models import LEXICON_COLUMNS, ReadError, Settings

__all__ = [
    "BUNDLED_LEXICONS",
    "EXCLUSIVE_GROUPS",
    "LEXICON_DIR",
    "NAME_OR_MONTH",
    "NEGATION_WINDOW",
    "NEGATORS",
    "NO_INFLECT",
    "Match",
    "Matcher",
    "inflections",
    "lexicon_hash",
    "load_lexicons",
    "normalize",
    "read_lexicon_csv",
    "term_forms",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


LEXICON_DIR = Path(__file__).resolve().parent.parent / "data" / "lexicons"
#: Bundled lexicons, by name; each is ``LEXICON_DIR / f"{name}.csv"``.
BUNDLED_LEXICONS = ("hedging", "intensity", "reporting")
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
#: Single words never inflected (modals, quantifiers, function words).
NO_INFLECT = _words(
    """may might can could would should will must shall some many most much more about
    around almost nearly perhaps maybe well like just very so such ever never all any
    quite rather really sure fairly"""
)

_APOSTROPHES = "’‘ʼ`´′"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_TRANSLATE = str.maketrans(
    {
        **dict.fromkeys(_APOSTROPHES, "'"),
        **dict.fromkeys(_DASHES, "-"),
        **{c: " " for c in "\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u2028\u2029\u202f\u2009\u200a"},
    }
)
_SPACE_RUN_RE = re.compile(r"\s{2,}")
_WORD_TAIL_RE = re.compile(r"[\w']*")
_TERM_WORD_RE = re.compile(r"[^\s\-]+")
_NEG_HINT_RE = re.compile(
    r"\b(?:not|no|never|without|hardly|barely|scarcely|neither|nor|none|nobody|nothing|nowhere|cannot|lack\w*)\b|n't\b|nt\b"
)
_NEG_TOKEN_RE = re.compile(r"[\w']+")
_CLAUSE_END = ".!?;:"
_SENTENCE_BEFORE = ".!?:\"“”'‘’(\n"
_DIGIT_AFTER_RE = re.compile(r"\s*\d")


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


# ---- reading ------------------------------------------------------------------------------


def _decode(data: bytes, source: str) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError(source, "the file is not UTF-8 text")


def read_lexicon_csv(data: str | bytes | Path, *, name: str) -> pd.DataFrame:
    """Read and validate a lexicon CSV (``term,category,weight[,source]``).

    Parameters
    ----------
    data : str, bytes or Path
        CSV text, CSV bytes, or the path of a CSV file.
    name : str
        Lexicon name, stored in the ``lexicon`` column (``hedging``, ``my_words`` …).

    Returns
    -------
    DataFrame
        Columns :data:`framing.models.LEXICON_COLUMNS`; empty terms dropped, weights float,
        terms stripped with whitespace runs collapsed, exact duplicate terms dropped.

    Raises
    ------
    ReadError
        Missing column, non-numeric weight, empty or unparseable file; the message starts
        with the file name, e.g. ``"my_words.csv: missing column 'weight'"``.

    Examples
    --------
    >>> read_lexicon_csv("term,category,weight\\nslammed,loaded,1.5\\n", name="mine").iloc[0].tolist()
    ['slammed', 'loaded', 1.5, '', 'mine']
    """
    if isinstance(data, Path):
        source = data.name
        try:
            raw = data.read_bytes()
        except OSError as err:
            raise ReadError(source, f"cannot read the file ({err.strerror})") from err
        text = _decode(raw, source)
    elif isinstance(data, bytes):
        source = name
        text = _decode(data, source)
    else:
        source = name
        text = data
    if not text.strip():
        raise ReadError(source, "the lexicon file is empty")
    try:
        df = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, skipinitialspace=True)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as err:
        raise ReadError(source, f"not a readable CSV file ({err})") from err
    df.columns = [str(c).strip().lower() for c in df.columns]
    for column in ("term", "category", "weight"):
        if column not in df.columns:
            found = ", ".join(repr(c) for c in df.columns)
            raise ReadError(
                source,
                f"missing column {column!r} (found {found}; expected term,category,weight,source)",
            )
    if "source" not in df.columns:
        df["source"] = ""
    df["term"] = df["term"].map(lambda t: " ".join(str(t).split()))
    df = df[df["term"] != ""]
    weights = pd.to_numeric(df["weight"].str.strip(), errors="coerce")
    bad = weights.isna() | ~weights.map(lambda w: math.isfinite(w) if w == w else False)
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0])
        line = int(df.index[row]) + 2  # header is line 1
        raise ReadError(
            source,
            f"line {line}: weight {df['weight'].iloc[row]!r} for term {df['term'].iloc[row]!r} "
            "is not a number",
        )
    out = pd.DataFrame(
        {
            "term": df["term"].astype(str),
            "category": df["category"].map(lambda c: str(c).strip()),
            "weight": weights.astype(float),
            "source": df["source"].map(lambda c: str(c).strip()),
            "lexicon": name,
        }
    )
    out = out.drop_duplicates(subset=["term", "category"], keep="first")
    return out.reset_index(drop=True)[LEXICON_COLUMNS]


@functools.lru_cache(maxsize=8)
def _bundled(name: str) -> pd.DataFrame:
    return read_lexicon_csv(LEXICON_DIR / f"{name}.csv", name=name)


def load_lexicons(settings: Settings) -> pd.DataFrame:
    """All lexicon entries in force: the bundled lexicons (unless switched off) plus the user's.

    Parameters
    ----------
    settings : Settings
        ``use_default_lexicons`` and ``lexicons`` (``(name, csv_text)`` pairs) are used.

    Returns
    -------
    DataFrame
        Columns :data:`framing.models.LEXICON_COLUMNS`.

    Raises
    ------
    ReadError
        When a user lexicon is invalid.

    Examples
    --------
    >>> sorted(load_lexicons(Settings())["lexicon"].unique())
    ['hedging', 'intensity', 'reporting']
    """
    frames: list[pd.DataFrame] = []
    if settings.use_default_lexicons:
        frames.extend(_bundled(name) for name in BUNDLED_LEXICONS)
    frames.extend(read_lexicon_csv(text, name=name) for name, text in settings.lexicons)
    if not frames:
        return pd.DataFrame(
            {c: pd.Series(dtype=float if c == "weight" else str) for c in LEXICON_COLUMNS}
        )
    return pd.concat(frames, ignore_index=True)[LEXICON_COLUMNS]


def lexicon_hash(df: pd.DataFrame) -> str:
    """A 16-hex-digit content hash of lexicon entries (order-sensitive), for cache keys.

    Examples
    --------
    >>> len(lexicon_hash(load_lexicons(Settings())))
    16
    """
    payload = df[LEXICON_COLUMNS].to_csv(index=False, lineterminator="\n")
    return hashlib.sha1(payload.encode("utf-8", "surrogatepass")).hexdigest()[:16]


# ---- term forms ---------------------------------------------------------------------------


def normalize(text: str) -> str:
    """Lower-case, straight apostrophes, ASCII hyphens, whitespace as single spaces.

    Same length as ``text`` except that whitespace runs are not collapsed here (the
    matcher collapses them with an offset map).
    """
    low = text.lower()
    if len(low) != len(text):  # a few characters lower-case to two (İ): keep them as is
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    return low.translate(_TRANSLATE)


_VOWELS = frozenset("aeiou")


def _cvc(word: str) -> bool:
    return (
        len(word) >= 3
        and word[-1] not in _VOWELS
        and word[-1] not in "wxy"
        and word[-2] in _VOWELS
        and word[-3] not in _VOWELS
    )


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
    if word.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(word + "es")
    elif word.endswith("y") and word[-2] not in _VOWELS:
        forms.add(word[:-1] + "ies")
    else:
        forms.add(word + "s")
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


def term_forms(term: str) -> tuple[list[str], bool, bool]:
    """Normalised surface forms of a lexicon term.

    Returns
    -------
    forms, is_prefix, is_inflected
        ``forms[0]`` is the term itself; ``is_prefix`` for ``alleg*`` terms.

    Examples
    --------
    >>> term_forms("all-out")[0]
    ['all out', 'all-out']
    """
    exact = term.startswith("=")
    body = term[1:] if exact else term
    prefix = body.endswith("*")
    if prefix:
        body = body[:-1]
    words = _TERM_WORD_RE.findall(normalize(body))
    if not words:
        return [], prefix, False
    if len(words) > 1:
        forms = [" ".join(words), "-".join(words)]
        return forms, prefix, False
    word = words[0]
    if exact or prefix:
        return [word], prefix, False
    others = sorted(inflections(word) - {word})
    return [word, *others], False, bool(others)


# ---- matching -----------------------------------------------------------------------------


class _Entry(NamedTuple):
    term: str
    lexicon: str
    category: str
    weight: float
    prefix: bool
    name_or_month: bool
    exclusive: int  # index of the exclusive group, -1 for none


class Matcher:
    """Find lexicon terms in text: one Aho-Corasick pass for every lexicon.

    Parameters
    ----------
    entries : DataFrame
        Lexicon entries with columns ``term, category, weight, lexicon`` (as from
        :func:`load_lexicons`; stance terms are rows with ``lexicon="stance"``).

    Examples
    --------
    >>> m = Matcher(load_lexicons(Settings()))
    >>> [(h.text, h.lexicon) for h in m.find("Officials reportedly slammed the plan.")]
    [('reportedly', 'hedging'), ('slammed', 'intensity'), ('slammed', 'reporting')]
    """

    def __init__(self, entries: pd.DataFrame) -> None:
        self.entries = entries
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
        # form -> {lexicon: (priority, entry)}; explicit forms beat generated inflections
        table: dict[str, dict[str, tuple[int, _Entry]]] = {}
        for row in entries[["term", "category", "weight", "lexicon"]].itertuples(index=False):
            term, category, weight, lexicon = str(row[0]), str(row[1]), float(row[2]), str(row[3])
            forms, prefix, _ = term_forms(term)
            group = next((i for i, g in enumerate(EXCLUSIVE_GROUPS) if lexicon in g), -1)
            base = forms[0] if forms else ""
            entry = _Entry(term, lexicon, category, weight, prefix, base in NAME_OR_MONTH, group)
            for k, form in enumerate(forms):
                priority = 0 if k == 0 or " " in form or "-" in form else 1
                per_lex = table.setdefault(form, {})
                if lexicon not in per_lex or priority < per_lex[lexicon][0]:
                    per_lex[lexicon] = (priority, entry)
        for form, per_lex in table.items():
            values = tuple(e for _, e in per_lex.values())
            self._automaton.add_word(form, (len(form), values))
        self._empty = not table
        if not self._empty:
            self._automaton.make_automaton()

    def __len__(self) -> int:
        return len(self._automaton) if not self._empty else 0

    def find(self, text: str) -> list[Match]:
        """All hits in ``text``, sorted by start (then lexicon).

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
        offsets: list[int] | None = None
        if _SPACE_RUN_RE.search(norm):
            norm, offsets = _collapse_spaces(norm)
        n = len(norm)
        by_lexicon: dict[str, list[tuple[int, int, _Entry]]] = {}
        for last, (length, values) in self._automaton.iter(norm):
            start = last - length + 1
            if start > 0 and (norm[start - 1].isalnum() or norm[start - 1] == "_"):
                continue
            end = last + 1
            tail_ok = end >= n or not (norm[end].isalnum() or norm[end] == "_")
            for entry in values:
                e = end
                if entry.prefix:
                    e = _WORD_TAIL_RE.match(norm, end).end()
                elif not tail_ok:
                    continue
                by_lexicon.setdefault(entry.lexicon, []).append((start, e, entry))
        if not by_lexicon:
            return []
        kept: list[tuple[int, int, _Entry]] = []
        for hits in by_lexicon.values():
            kept.extend(_leftmost_longest(hits))
        if any(h[2].exclusive >= 0 for h in kept):
            kept = _drop_contained(kept)
        out: list[Match] = []
        for start, end, entry in kept:
            o_start, o_end = (offsets[start], offsets[end - 1] + 1) if offsets else (start, end)
            if entry.name_or_month and _is_name_or_month(text, o_start, o_end):
                continue
            out.append(
                Match(
                    o_start,
                    o_end,
                    text[o_start:o_end],
                    entry.term,
                    entry.lexicon,
                    entry.category,
                    entry.weight,
                    _negated(norm, start),
                )
            )
        out.sort(key=lambda m: (m.start, m.lexicon, m.end))
        return out


def _collapse_spaces(norm: str) -> tuple[str, list[int]]:
    """Collapse whitespace runs to one space; map each kept index to its original index."""
    parts: list[str] = []
    offsets: list[int] = []
    pos = 0
    for m in _SPACE_RUN_RE.finditer(norm):
        parts.append(norm[pos : m.start() + 1])
        offsets.extend(range(pos, m.start() + 1))
        pos = m.end()
    parts.append(norm[pos:])
    offsets.extend(range(pos, len(norm)))
    return "".join(parts), offsets


def _leftmost_longest(hits: list[tuple[int, int, _Entry]]) -> Iterable[tuple[int, int, _Entry]]:
    hits.sort(key=lambda h: (h[0], h[0] - h[1]))
    last_end = -1
    for hit in hits:
        if hit[0] >= last_end:
            last_end = hit[1]
            yield hit


def _drop_contained(hits: list[tuple[int, int, _Entry]]) -> list[tuple[int, int, _Entry]]:
    """Within an exclusive group, drop hits strictly inside a longer hit of another lexicon."""
    hits.sort(key=lambda h: (h[0], h[0] - h[1]))
    out: list[tuple[int, int, _Entry]] = []
    reach: dict[int, tuple[int, int, str]] = {}  # group -> (start, end, lexicon) furthest
    for hit in hits:
        start, end, entry = hit
        g = entry.exclusive
        if g >= 0:
            best = reach.get(g)
            if (
                best is not None
                and best[2] != entry.lexicon
                and best[1] >= end
                and (best[1] - best[0] > end - start)
            ):
                continue
            if best is None or end > best[1]:
                reach[g] = (start, end, entry.lexicon)
        out.append(hit)
    return out


def _is_name_or_month(text: str, start: int, end: int) -> bool:
    """``May`` capitalised mid-sentence (``in May``, ``Theresa May``) or before a number."""
    if not text[start].isupper():
        return False
    if _DIGIT_AFTER_RE.match(text, end):
        return True
    before = text[max(0, start - 12) : start].rstrip()
    return bool(before) and before[-1] not in _SENTENCE_BEFORE


def _negated(norm: str, start: int) -> bool:
    window = norm[max(0, start - 60) : start]
    if not _NEG_HINT_RE.search(window):
        return False
    cut = max(window.rfind(c) for c in _CLAUSE_END)
    if cut >= 0:
        window = window[cut + 1 :]
    tokens = _NEG_TOKEN_RE.findall(window)[-NEGATION_WINDOW:]
    for i, tok in enumerate(tokens):
        if tok in NEGATORS or tok.endswith("n't"):
            nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
            if nxt not in _NOT_NEGATING_NEXT:
                return True
    return False

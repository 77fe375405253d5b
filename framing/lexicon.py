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

import functools
import hashlib
import io
import itertools
import math
import re
from bisect import bisect_right
from pathlib import Path
from typing import NamedTuple

import ahocorasick
import pandas as pd

from framing.models import LEXICON_COLUMNS, ReadError, Settings

__all__ = [
    "BLOCK_PREFIX",
    "BUNDLED_LEXICONS",
    "EXCLUSIVE_GROUPS",
    "LEXICON_DIR",
    "NAME_OR_MONTH",
    "NEGATION_WINDOW",
    "NEGATORS",
    "NO_INFLECT",
    "Match",
    "Matcher",
    "TermForms",
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
#: Single words never inflected (modals, quantifiers, function words).
NO_INFLECT = _words(
    """may might can could would should will must shall some many most much more about
    around almost nearly perhaps maybe well like just very so such ever never all any
    quite rather really sure fairly"""
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
_SPACE_RUN_RE = re.compile(r"  +")
_WORD_TAIL_RE = re.compile(r"[\w']*")
_TERM_WORD_RE = re.compile(r"[^\s\-]+")
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

    Comma-separated; a header without commas but with ``;`` or tabs selects that separator.

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
    >>> df = read_lexicon_csv("term,category,weight\\nslammed,loaded,1.5\\n", name="mine")
    >>> df.to_dict("records")
    [{'term': 'slammed', 'category': 'loaded', 'weight': 1.5, 'source': '', 'lexicon': 'mine'}]
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
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ReadError(source, "the lexicon file is empty")
    header = text.lstrip().split("\n", 1)[0]
    sep = ","
    if "," not in header:  # spreadsheet exports with ";" or tabs
        sep = ";" if ";" in header else "\t" if "\t" in header else ","
    try:
        df = pd.read_csv(
            io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, skipinitialspace=True
        )
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


@functools.lru_cache(maxsize=16)
def _bundled_version(name: str, size: int, mtime_ns: int) -> pd.DataFrame:
    return read_lexicon_csv(LEXICON_DIR / f"{name}.csv", name=name)


def _bundled(name: str) -> pd.DataFrame:
    """A bundled lexicon, read again when its file changes on disk (size or mtime), so an
    edit reaches a running app instead of a copy cached for the life of the process."""
    try:
        stat = (LEXICON_DIR / f"{name}.csv").stat()
    except OSError:
        return _bundled_version(name, -1, -1)  # raises the ReadError that names the file
    return _bundled_version(name, stat.st_size, stat.st_mtime_ns)


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

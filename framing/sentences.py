"""Sentence spans with character offsets, tuned for news text.

:func:`split_sentences` returns :class:`Span` objects whose ``start``/``end`` index the
original text: ``text[span.start:span.end]`` is the sentence with surrounding whitespace
stripped. The splitter works in two steps, both linear in the text:

1. **Blocks from lines.** Lines are grouped into blocks. A blank line, a list item
   (``- item``, ``* item``, ``• item``, ``1. item``, ``> quote``) or a line that ends a
   sentence closes a block. A line *without* final punctuation continues into the next line
   when the next line starts in lower case, when it ends with a comma or dash, or when its
   last word is a lower-case function word (``the``, ``and``, ``of``, ``how`` …; a title
   such as "Russia Steps In" capitalises its last word): extraction often breaks
   lines mid-sentence. Across a blank line, only an unpunctuated line followed by a
   lower-case line runs on. Otherwise an unpunctuated line is its own block: a headline or
   subhead (``is_heading=True`` when it is at most :data:`HEADING_MAX_WORDS` words; a
   one-sentence line that is a title-case question, "What Happens Next?", is one too).
   Hard-wrapped text (every line short, e.g. PDF extraction) is detected and rejoined.
2. **Sentences inside a block** from one compiled regular expression that finds candidate
   boundaries (``.``/``?``/``!``/``…`` with optional closing quotes, then whitespace). Each
   candidate is kept or dropped by small rules: no split before a lower-case word, after
   titles (``Mr.``, ``Dr.``, ``Gen.``), initials (``J. R. R. Tolkien``), ``No.``/``p.``
   before a number, or after month names and dotted abbreviations (``Jan.``, ``U.S.``,
   ``a.m.``) unless the next word is a typical sentence opener (``The``, ``He``, ``But`` …).

Examples
--------
>>> text = "Russia Steps In\\nMr. Putin met Dr. Araghchi in the U.S. embassy. He spoke."
>>> [text[s.start:s.end] for s in split_sentences(text)]
['Russia Steps In', 'Mr. Putin met Dr. Araghchi in the U.S. embassy.', 'He spoke.']
>>> split_sentences(text)[0].is_heading
True
"""

from __future__ import annotations

import re
from typing import NamedTuple

from framing.vocabulary import alternation, speech_verbs

__all__ = [
    "HEADING_MAX_WORDS",
    "MAX_SENTENCE_CHARS",
    "Span",
    "count_words",
    "split_sentences",
]


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: An unpunctuated block of at most this many words is flagged as a heading.
HEADING_MAX_WORDS = 20

#: A sentence longer than this (in characters) is cut at the last whitespace before the
#: limit. No real sentence is that long (the longest of 41,626 BBC sentences has ~1,060),
#: but per-sentence scorers (VADER, actor tone) grow with the square of sentence length,
#: so one 1 MB line without a full stop would otherwise stall the analysis for hours.
MAX_SENTENCE_CHARS = 2_000

# ---- rules as named constants -------------------------------------------------------------

#: Abbreviations after which a period never ends a sentence (lower-case, no final period).
TITLES = _words(
    """mr mrs ms mx dr prof gen sen sens rep reps gov govs lt col capt cpt sgt cpl pvt maj brig adm cmdr
    supt insp det rev fr hon pres st mt ft messrs mme mlle sr jr vs v e.g i.e cf approx ca
    al dept univ assn bros"""
)
#: Abbreviations that never end a sentence when a number follows (``No. 10``, ``p. 5``).
NUMBER_ABBREVIATIONS = _words("no nos nr art pp p vol fig figs op ch sec para ref")
#: Abbreviations that end a sentence only before a typical sentence opener (``in Jan. The``).
MAYBE_FINAL = _words(
    """jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri
    sat sun inc corp ltd co plc llc etc est"""
)
#: Words that typically open a sentence; after an ambiguous abbreviation they force a split.
SENTENCE_OPENERS = _words(
    """the a an he she it they we i you his her its their our this that these those there
    but and so yet however meanwhile in on at for as after before when while if although
    though despite since during mr mrs ms dr some many most several all both no not one two
    what who why how where which officials police critics analysts experts"""
)
#: A line ending with one of these words runs on into the next line.
FUNCTION_WORDS = _words(
    """the a an and or but nor of to in on at for with by from as that which who whom whose
    how what when where why whether is are was were be been being has have had will would
    can could should may might must not than then this these those its their his her our
    your my about into onto over after before between against under among while if so
    also very more most such per via upon amid amidst despite like including"""
)

_LINE_END_PUNCT = frozenset(".!?:;…")
_CLOSERS = "\"'”’»)]}*_"
_OPENERS = "\"'“‘«([{*_"
_LIST_RE = re.compile(r"(?:[-*•–—▪◦‣·]|\d{1,3}[.)]|[a-zA-Z][.)]|>)\s")
# linear time (docs/security.md): starts only at the first mark of a run, possessive runs
_BOUNDARY_RE = re.compile(r"(?<![.!?…])([.!?…]++)([\"'”’»)\]]*+)(\s++)(?=\S)")
_ALNUM_RE = re.compile(r"[^\W_]")
#: A speaker and a reporting verb after a quoted question: “…?” Justice Breyer asked.
_ATTRIBUTION_RE = re.compile(
    r"(?<![\w'’.\-])(?:(?:[A-Z][\w'’.\-]*+|of|the|de|van|von|al|bin)\s+){1,5}"
    rf"(?:{alternation(speech_verbs('sentence'))})\b"  # data/speech_verbs.csv
)
_WORD_RE = re.compile(r"\w+(?:(?:['’.\-]+|,(?=\d{3}))\w+)*")
_ALPHA_WORD_RE = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")


class Span(NamedTuple):
    """One sentence: ``text[start:end]`` is the sentence, whitespace stripped."""

    start: int
    end: int
    is_heading: bool


def count_words(text: str) -> int:
    """Number of word tokens (letters/digits, inner apostrophes, hyphens and dots kept).

    Examples
    --------
    >>> count_words("Putin's U.S.-made 3.5 well-known claims — said 30,000")
    7
    """
    return len(_WORD_RE.findall(text))


# ---- step 1: lines to blocks --------------------------------------------------------------


def _lines(text: str) -> list[tuple[int, int, str]]:
    """Stripped non-blank lines as (start, end, content); blank lines as (-1, -1, "")."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append((pos + lead, pos + lead + len(stripped), stripped))
        else:
            out.append((-1, -1, ""))
        pos += len(raw)
    return out


def _is_terminated(line: str) -> bool:
    """Whether a stripped line ends with sentence-final punctuation (before closing quotes)."""
    core = line.rstrip(_CLOSERS)
    return bool(core) and core[-1] in _LINE_END_PUNCT


def _last_word(line: str) -> str:
    words = _ALPHA_WORD_RE.findall(line[-40:])
    return words[-1] if words else ""


def _first_char(line: str) -> str:
    core = line.lstrip(_OPENERS)
    return core[:1]


def _heading_like(line: str) -> bool:
    """A short line in which most content words are capitalised (a subhead)."""
    words = _ALPHA_WORD_RE.findall(line)
    if not words or len(words) > HEADING_MAX_WORDS:
        return False
    if len(words) <= 4:
        return True
    content = [w for w in words if w.lower() not in FUNCTION_WORDS]
    if not content:
        return False
    capitals = sum(1 for w in content if w[0].isupper())
    return capitals >= 0.6 * len(content)


def _is_hard_wrapped(lines: list[tuple[int, int, str]]) -> bool:
    """Text wrapped at a fixed width (PDF, e-mail): every line short, many unpunctuated."""
    contents = [c for s, _, c in lines if s >= 0]
    if len(contents) < 5:
        return False
    lengths = sorted(len(c) for c in contents)
    if lengths[-1] > 120 or lengths[len(lengths) // 2] < 35:
        return False
    open_lines = sum(1 for c in contents if not _is_terminated(c))
    return open_lines >= 0.3 * len(contents)


def _continues(line: str, nxt: str, *, wrapped: bool) -> bool:
    """Whether ``line`` runs on into the following non-blank line ``nxt``."""
    if _LIST_RE.match(nxt):
        return False
    first = _first_char(nxt)
    if first.islower():
        return True
    if _is_terminated(line):
        return False
    if line[-1] in ",-–—(/&":
        return True
    if _last_word(line) in FUNCTION_WORDS:  # lower-case only: "Russia Steps In" is a title
        return True
    return wrapped and not _heading_like(line)


def _blocks(text: str) -> list[tuple[int, int, bool]]:
    """Blocks as (start, end, is_list_item); each holds one or more whole sentences."""
    lines = _lines(text)
    wrapped = _is_hard_wrapped(lines)
    # non-blank lines, each with whether a blank line follows it
    filled: list[tuple[int, int, str, bool]] = []
    for s, e, content in lines:
        if s >= 0:
            filled.append((s, e, content, False))
        elif filled and not filled[-1][3]:
            filled[-1] = (*filled[-1][:3], True)
    blocks: list[tuple[int, int, bool]] = []
    cur_start = -1
    cur_list = False
    for i, (s, e, content, blank_after) in enumerate(filled):
        if cur_start < 0:
            cur_start = s
            cur_list = _LIST_RE.match(content) is not None
        if i + 1 < len(filled):
            nxt = filled[i + 1][2]
            if blank_after:
                # across a blank line only an unfinished line before a lower-case one runs on
                # (extraction that dropped a linked name: "Britain's\n\ncontinued his form")
                joined = (
                    not _is_terminated(content)
                    and not _LIST_RE.match(nxt)
                    and _first_char(nxt).islower()
                )
            else:
                joined = _continues(content, nxt, wrapped=wrapped)
            if joined:
                continue
        blocks.append((cur_start, e, cur_list))
        cur_start = -1
    return blocks


# ---- step 2: sentences inside a block -----------------------------------------------------


def _prev_token(text: str, pos: int) -> str:
    """The whitespace-delimited token ending at ``pos`` (opening quotes removed)."""
    chunk = text[max(0, pos - 30) : pos]
    parts = chunk.rsplit(None, 1)
    tok = parts[-1] if parts else ""
    return tok.lstrip(_OPENERS)


def _next_token(text: str, pos: int) -> str:
    chunk = text[pos : pos + 30]
    parts = chunk.split(None, 1)
    tok = parts[0] if parts else ""
    return tok.lstrip(_OPENERS)


def _is_boundary(text: str, m: re.Match[str]) -> bool:
    """Decide whether a candidate boundary match ends a sentence."""
    nxt = _next_token(text, m.end())
    first = nxt[:1]
    if not first or first.islower():
        return False
    punct, closers = m.group(1), m.group(2)
    if closers and punct[-1] in "?!" and _ATTRIBUTION_RE.match(text, m.end()):
        return False  # “…to stop these results?” Justice Breyer asked.
    if punct != "." or closers:
        return True
    prev = _prev_token(text, m.start()).lower()
    if not prev:
        return True
    if prev in TITLES:
        return False
    if len(prev) == 1 and prev.isalpha():  # an initial: "J. R. R. Tolkien"
        return False
    if prev in NUMBER_ABBREVIATIONS and first.isdigit():
        return False
    if prev in MAYBE_FINAL or ("." in prev and prev.replace(".", "").isalpha()):
        # Jan. / Inc. / U.S. / a.m.: final only before a typical sentence opener
        word = _ALPHA_WORD_RE.match(nxt)
        return word is not None and word.group(0).lower() in SENTENCE_OPENERS
    return True


def _is_heading(line: str) -> bool:
    """A block that is one sentence: unpunctuated and short, or a title-case question.

    "Russia Keeps Its Distance" and "Conclusion" are headings; so is a subhead that asks
    ("What Happens Next?", "Is Russia Stepping In?"), which news sites often use.
    """
    if not _is_terminated(line):
        return count_words(line) <= HEADING_MAX_WORDS
    core = line.rstrip(_CLOSERS)
    if core[-1] not in "?!" or count_words(line) > 12:
        return False
    content = [w for w in _ALPHA_WORD_RE.findall(line) if w.lower() not in FUNCTION_WORDS]
    capitals = sum(1 for w in content if w[0].isupper())
    return len(content) >= 2 and capitals >= 0.6 * len(content)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    seg = text[start:end]
    return start + len(seg) - len(seg.lstrip()), end - (len(seg) - len(seg.rstrip()))


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``(start, end)`` cut into pieces of at most :data:`MAX_SENTENCE_CHARS` characters,
    at the last whitespace in the second half of each window (mid-word when there is none)."""
    out: list[tuple[int, int]] = []
    half = MAX_SENTENCE_CHARS // 2
    while end - start > MAX_SENTENCE_CHARS:
        limit = start + MAX_SENTENCE_CHARS
        window = text[start + half : limit]
        space = max(window.rfind(" "), window.rfind("\n"), window.rfind("\t"))
        cut = start + half + space if space > 0 else limit
        out.append((start, cut))
        start = cut
    out.append((start, end))
    return out


def split_sentences(text: str) -> list[Span]:
    """Split news text into sentence spans.

    Parameters
    ----------
    text : str
        Article text; line breaks are meaningful (headings, list items, broken lines).

    Returns
    -------
    list of Span
        Ordered, non-overlapping, non-empty spans; ``text[start:end]`` equals its own
        ``.strip()`` and every non-whitespace character of ``text`` lies in exactly one span.

    Examples
    --------
    >>> t = 'He said it was "over." Then he left. It cost $3.5bn...'
    >>> [t[s.start:s.end] for s in split_sentences(t)]
    ['He said it was "over."', 'Then he left.', 'It cost $3.5bn...']
    """
    spans: list[Span] = []
    for b_start, b_end, is_item in _blocks(text):
        pos = b_start
        marker = _LIST_RE.match(text, b_start) if is_item else None
        first_candidate = marker.end() if marker else b_start
        pieces: list[tuple[int, int]] = []
        for m in _BOUNDARY_RE.finditer(text, b_start, b_end):
            if (
                m.start() >= first_candidate
                and _is_boundary(text, m)
                and _ALNUM_RE.search(text, pos, m.start())  # "… And so": no empty sentence
            ):
                pieces.append((pos, m.start(3)))
                pos = m.end(3)
        pieces.append((pos, b_end))
        if any(e - s > MAX_SENTENCE_CHARS for s, e in pieces):
            pieces = [cut for s, e in pieces for cut in _cut_long(text, s, e)]
        single = len(pieces) == 1
        for p_start, p_end in pieces:
            s, e = _strip(text, p_start, p_end)
            if s >= e:
                continue
            heading = single and not is_item and _is_heading(text[s:e])
            spans.append(Span(s, e, heading))
    return spans

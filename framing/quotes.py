"""Direct quotations, their speakers and reporting verbs.

A quotation is text between quotation marks: straight ``"…"``, curly ``“…”``, low ``„…“``,
guillemets ``«…»``, and single marks (``'…'``, ``‘…’``) only when clearly a quote (see
:data:`MIN_SINGLE_WORDS`). Rules, in order:

* Marks nested inside a quotation belong to it (``“he called it ‘a farce’”`` is one quote).
* A quotation may span sentences. One that is still open at a paragraph end continues only
  when the next paragraph opens with a quotation mark again (the newspaper convention);
  otherwise the unmatched opening mark is ignored, so a stray mark never swallows the article.
  A quotation longer than :data:`MAX_QUOTE_CHARS` is dropped for the same reason.
* The speaker is looked for outside the quotation in the sentence(s) holding it
  ("Putin said", "said Peskov", "Peskov told reporters", "according to TASS",
  "Medvedev wrote, …"), then in the sentence before when that sentence ends with a colon
  ("Peskov stated:" followed by the quote on the next line) or when the quote opens its
  sentence right after an attributed quote ("…,” Araghchi told Putin. “Russia has been …”),
  then in the first words of the sentence after. A pronoun subject ("he said") takes the
  last named speaker.

``start``/``end`` of a quote index the article text and cover the quoted words without the
marks. ``sent_ids`` is the ``"; "``-joined list of sentence ids the quote overlaps.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from framing.quote_marks import MAX_QUOTE_CHARS, MIN_SINGLE_WORDS, find_quote_spans
from framing.vocabulary import alternation, speech_verbs

__all__ = [
    "MAX_QUOTE_CHARS",
    "MIN_SINGLE_WORDS",
    "SCARE_MAX_WORDS",
    "Quote",
    "find_quote_spans",
    "find_quotes",
    "quote_shares",
]

# Verbs of saying (data/speech_verbs.csv, framing.vocabulary): they find the attribution
# structure; the reporting lexicon (cues) decides neutral / loaded.
SPEECH_VERBS = list(speech_verbs("quote"))
#: Participles that attribute a quote to the sentence's subject ("Biden, responding: …").
PARTICIPLES = speech_verbs("participle")
_INVERTIBLE = frozenset(speech_verbs("invert"))
# Linear time (docs/security.md): a name is at most NAME_MAX_WORDS words, matched as an atomic
# group, so a run of capitalised words is never re-split (the nested repetition this replaces
# backtracked exponentially on all-caps text: 20 words took 10 s).
#: Longest name a speaker pattern reads (longer capitalised runs are cut to their last words).
NAME_MAX_WORDS = 8
_NAME_WORD = r"(?:[A-Z][\w’'.\-]*|al-[A-Z][\w\-]*)"
_NAME = (
    rf"(?>{_NAME_WORD}(?:\s+(?:of\s+|in\s+|for\s+|de\s+|von\s+|bin\s+|the\s+)?{_NAME_WORD})"
    rf"{{0,{NAME_MAX_WORDS - 1}}})"
)
_ROLE = (
    r"(?:the|a|an|his|her|its|their)\s+(?:[\w\-’']+\s+){0,3}?"
    r"(?:spokesperson|spokesman|spokeswoman|official|officials|minister|ministry|leader|"
    r"president|statement|agency|embassy|government|prime\s+minister|chancellor|diplomat|"
    r"envoy|ambassador|source|sources|analyst|analysts|expert|experts|report|reports|"
    r"white\s+house|kremlin|pentagon|army|military|police|spokesperson)"
)
_PRONOUN = r"(?:he|she|they|He|She|They)"
# "Russia's state TASS": a name ending in 's, up to two lower-case words, a name. The atomic
# name keeps its 's, so the possessive is checked behind it.
_SPEAKER = (
    rf"(?P<speaker>{_NAME}(?<=’s|'s)(?:\s+[a-z]+){{0,2}}\s+{_NAME}"
    rf"|{_NAME}|{_ROLE}|{_PRONOUN})"
)


#: A quoted stretch of at most this many words with no speaker is a scare quote (Predelli 2003;
#: in news, a word or short phrase put in quotation marks to distance the writer from it).
SCARE_MAX_WORDS = 3


@dataclass(frozen=True)
class Quote:
    """One direct quotation (offsets index the article text, marks excluded)."""

    start: int
    end: int
    text: str
    speaker: str = ""
    actor: str = ""
    verb: str = ""
    verb_kind: str = ""
    sent_ids: tuple[int, ...] = ()

    @property
    def n_words(self) -> int:
        """Whitespace-separated words in the quotation."""
        return len(self.text.split())

    @property
    def kind(self) -> str:
        """``"scare"`` for a short quoted word or phrase nobody is said to have spoken (no
        speaker, no verb of saying: the reporter's own distancing, "aggressors", "step in");
        else ``"quotation"``.

        >>> Quote(0, 10, "aggressors").kind, Quote(0, 9, "step in", speaker="Peskov").kind
        ('scare', 'quotation')
        """
        short = self.n_words <= SCARE_MAX_WORDS
        return "scare" if short and not self.speaker and not self.verb else "quotation"


# ---- attribution ---------------------------------------------------------------------------

_VERB_ALT = alternation(SPEECH_VERBS)
_PARTICIPLE_ALT = alternation(PARTICIPLES)
_WHEN = (
    r"(?:on\s+|last\s+|this\s+|early\s+|late\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday|week|month|year|weekend|morning|afternoon|evening|night|today|yesterday)"
)
_SUBJECT_VERB = re.compile(
    rf"(?<![^\W_]|[’'.\-]){_SPEAKER}(?:\s*,[^,]{{1,80}},)?(?:\s+{_WHEN})?\s+(?:also\s+|has\s+|had\s+|then\s+|"
    rf"later\s+|once\s+again\s+|again\s+|further\s+)?"
    rf"(?P<verb>{_VERB_ALT}|(?:was|is|were)\s+(?:{_PARTICIPLE_ALT}))\b"
)
_PARTICIPLE = re.compile(rf",\s*(?P<verb>{_PARTICIPLE_ALT})\b")
_OPENING_SUBJECT = re.compile(
    rf"\s*(?:(?:But|And|Yet|Later|Earlier|Then|Meanwhile),?\s+)?{_SPEAKER}"
)
_VERB_SUBJECT = re.compile(rf"\b(?P<verb>{_VERB_ALT})\s+{_SPEAKER}")
_ACCORDING = re.compile(rf"\b(?P<verb>[Aa]ccording\s+to)\s+{_SPEAKER}")
_STOP_SPEAKERS = {
    "The", "A", "An", "This", "That", "It", "In", "On", "But", "And", "However", "Asked",
    "When", "While", "As", "For", "Earlier", "Later", "Last", "Since", "Despite", "If",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Today",
    "Yesterday", "Tonight",
}  # fmt: skip


@dataclass(frozen=True)
class _Attribution:
    speaker: str
    verb: str
    verb_start: int  # offset in the article text
    verb_end: int


def _clean_speaker(name: str) -> str:
    words = name.split()
    while words and words[0] in _STOP_SPEAKERS:
        words = words[1:]
    name = " ".join(words).strip(" ,")
    if name.endswith(".") and name.split()[-1].count(".") == 1:  # "said Peskov." (not "U.S.")
        name = name[:-1]
    return name.removesuffix("’s").removesuffix("'s")


def _attribution(masked: str, start: int, end: int) -> _Attribution | None:
    """Best speaker/verb pair in ``masked[start:end]`` (quote contents masked out)."""
    region = masked[start:end]
    found: list[tuple[int, _Attribution]] = []
    subject_spans = []
    for m in _SUBJECT_VERB.finditer(region):
        speaker = _clean_speaker(m.group("speaker"))
        if not speaker:
            continue
        subject_spans.append((m.start("verb"), m.end("verb")))
        found.append(
            (
                m.start(),
                _Attribution(
                    speaker, m.group("verb"), start + m.start("verb"), start + m.end("verb")
                ),
            )
        )
    for m in _VERB_SUBJECT.finditer(region):
        if m.group("verb").lower() not in _INVERTIBLE:
            continue
        if any(s <= m.start("verb") < e for s, e in subject_spans):
            continue  # "Araghchi told Putin": Putin is the object
        speaker = _clean_speaker(m.group("speaker"))
        if speaker:
            found.append(
                (
                    m.start(),
                    _Attribution(
                        speaker, m.group("verb"), start + m.start("verb"), start + m.end("verb")
                    ),
                )
            )
    for m in _ACCORDING.finditer(region):
        speaker = _clean_speaker(m.group("speaker"))
        if speaker:
            found.append(
                (
                    m.start(),
                    _Attribution(
                        speaker, "according to", start + m.start("verb"), start + m.end("verb")
                    ),
                )
            )
    if not found:
        # "Mr Biden appeared agitated, responding: …": the participle's subject opens the sentence
        p = _PARTICIPLE.search(region)
        if p is None:
            return None
        # the subject opens the sentence, or follows an opening clause ("Asked by X, Biden …")
        comma = region.find(",")
        for at in (0, comma + 1 if 0 <= comma < p.start() else -1):
            m = _OPENING_SUBJECT.match(region, at) if at >= 0 else None
            if m and m.end() <= p.start():
                speaker = _clean_speaker(m.group("speaker"))
                if speaker:
                    return _Attribution(
                        speaker, p.group("verb"), start + p.start("verb"), start + p.end("verb")
                    )
        return None
    found.sort(key=lambda x: x[0])
    return found[0][1]


def _mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    chars = list(text)
    for s, e in spans:
        for k in range(max(s - 1, 0), min(e + 1, len(chars))):
            if not chars[k].isspace():
                chars[k] = "_"
    return "".join(chars)


def _cue_fields(cue: Any) -> tuple[int, int, str, str]:
    if isinstance(cue, dict):
        return int(cue["start"]), int(cue["end"]), str(cue["term"]), str(cue["category"])
    return int(cue.start), int(cue.end), str(cue.term), str(cue.category)


def find_quotes(
    text: str,
    spans: Sequence[Any],
    *,
    reporting: Iterable[Any] = (),
    resolve: Callable[[str], str] | None = None,
    verb_kinds: dict[str, str] | None = None,
) -> list[Quote]:
    """Direct quotations in an article, with speaker, actor and reporting verb.

    Parameters
    ----------
    text
        The article text.
    spans
        Sentence spans (objects with ``start`` and ``end``, e.g. ``framing.sentences.Span``);
        sentence ids are their positions in this sequence.
    reporting
        Reporting-verb cues (``Match`` objects or dicts with ``start, end, term, category``)
        in article offsets; they decide ``verb_kind`` (neutral / loaded).
    resolve
        Maps a speaker string to an actor name ("" when none), e.g.
        :meth:`framing.actors.ActorIndex.resolve`.
    verb_kinds
        Fallback verb -> kind map (lower-case) when no cue covers the verb.

    Returns
    -------
    list of Quote
        In text order.

    Examples
    --------
    >>> t = '"We condemn this," Peskov told reporters.'
    >>> q = find_quotes(t, [type("S", (), {"start": 0, "end": len(t)})()])[0]
    >>> (q.text, q.speaker, q.verb)
    ('We condemn this,', 'Peskov', 'told')
    """
    qspans = find_quote_spans(text)
    if not qspans:
        return []
    masked = _mask(text, qspans)
    bounds = [(int(s.start), int(s.end)) for s in spans] or [(0, len(text))]
    ordered = all(a[1] <= b[0] for a, b in itertools.pairwise(bounds))
    ends = [e for _, e in bounds]
    regions: dict[tuple[int, int], _Attribution | None] = {}

    def attribution(start: int, end: int) -> _Attribution | None:
        # many quotes in one sentence share its region: find its attribution once
        if (start, end) not in regions:
            regions[start, end] = _attribution(masked, start, end)
        return regions[start, end]

    def covering(qs: int, qe: int) -> tuple[int, ...]:
        if not ordered:
            return tuple(i for i, (s, e) in enumerate(bounds) if s < qe + 1 and e > qs - 1)
        out = []
        for i in range(bisect.bisect_right(ends, qs - 1), len(bounds)):  # first e > qs - 1
            if bounds[i][0] >= qe + 1:
                break
            out.append(i)
        return tuple(out)

    cues = [_cue_fields(c) for c in reporting]
    kinds = verb_kinds or {}
    quotes: list[Quote] = []
    last_named: _Attribution | None = None
    prev_attr: dict[int, _Attribution] = {}  # sentence id -> attribution found there
    for qs, qe in qspans:
        ids = covering(qs, qe)
        if not ids:
            ids = (min(range(len(bounds)), key=lambda i: abs(bounds[i][0] - qs)),)
        first, last = ids[0], ids[-1]
        attr = attribution(bounds[first][0], bounds[last][1])
        opens_sentence = not text[bounds[first][0] : max(bounds[first][0], qs - 1)].strip(
            " >*-–—\"“‘'„«"
        )
        if attr is None and first > 0:
            ps, pe = bounds[first - 1]
            prev_text = text[ps:pe].rstrip()
            if prev_text.endswith(":") or (opens_sentence and (first - 1) in prev_attr):
                attr = attribution(ps, pe)
        if attr is None and opens_sentence and last + 1 < len(bounds):
            # a whole-sentence quotation attributed at the start of the next sentence
            tail = masked[qe + 1 : bounds[last][1]].strip(" .,!?”\"’'»_")
            if not tail:
                ns, ne = bounds[last + 1]
                head_end = min(ne, ns + 60)
                cand = attribution(ns, head_end)
                if cand is not None and cand.verb_start - ns < 40:
                    attr = cand
        speaker = verb = kind = actor = ""
        if attr is not None:
            speaker, verb = attr.speaker, attr.verb
            if speaker.lower() in {"he", "she", "they"}:
                speaker = last_named.speaker if last_named is not None else ""
            elif resolve is None or speaker:
                last_named = attr
            for cs, ce, _term, cat in cues:
                if cs < attr.verb_end and ce > attr.verb_start:
                    kind = cat
                    break
            else:
                kind = kinds.get(verb.lower(), "")
            for i in ids:
                prev_attr[i] = attr
            if resolve is not None and speaker:
                actor = resolve(speaker)
        quotes.append(
            Quote(
                start=qs,
                end=qe,
                text=text[qs:qe],
                speaker=speaker,
                actor=actor,
                verb=verb,
                verb_kind=kind,
                sent_ids=ids,
            )
        )
    return quotes


def quote_shares(spans: Sequence[Any], quote_spans: Iterable[tuple[int, int]]) -> list[float]:
    """Fraction of each sentence's characters that lie inside a quotation (marks excluded).

    Examples
    --------
    >>> S = type("S", (), {})
    >>> s = S(); s.start, s.end = 0, 10
    >>> quote_shares([s], [(0, 5)])
    [0.5]
    """
    qs = sorted(quote_spans)
    disjoint = all(a[1] <= b[0] for a, b in itertools.pairwise(qs))
    q_ends = [qe for _, qe in qs]
    out = []
    for sp in spans:
        s, e = int(sp.start), int(sp.end)
        if e <= s:
            out.append(0.0)
            continue
        if disjoint:  # only the quotes that reach into [s, e): linear over a whole article
            inside = 0
            for k in range(bisect.bisect_right(q_ends, s), len(qs)):
                qs_, qe = qs[k]
                if qs_ >= e:
                    break
                inside += max(0, min(e, qe) - max(s, qs_))
        else:
            inside = sum(max(0, min(e, qe) - max(s, qs_)) for qs_, qe in qs)
        out.append(min(1.0, inside / (e - s)))
    return out

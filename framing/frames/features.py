"""What the frames stage sees in a sentence: frames-lexicon cues and word n-grams.

Both the shipped model's fit (``eval/fit_frames.py``) and the stage at run time read text
through :func:`sentence_occurrences`, so a coefficient means the same thing in both places.
An *occurrence* is one place in the text that can feed a frame score: a word or a two-word
phrase (feature ``w:<gram>``) or a hit of the frames lexicon (feature ``lex:<frame>``);
:func:`article_features` turns an article's occurrences into feature values.
"""

from __future__ import annotations

import math
import re
from collections.abc import Container, Iterable, Iterator
from typing import NamedTuple

import pandas as pd

from framing.lexicon import Matcher
from framing.sentences import split_sentences

__all__ = [
    "ENGLISH_STOP_WORDS",
    "LEXICON_SCALE",
    "Occurrence",
    "article_features",
    "sentence_grams",
    "sentence_occurrences",
    "sentence_table",
    "word_spans",
]

_WORD_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
#: Scale of the lexicon features against the length-normalised n-grams.
LEXICON_SCALE = 0.3
#: scikit-learn's English stop words (``ENGLISH_STOP_WORDS``, copied so that scoring never
#: imports scikit-learn; a test checks the copy) and a few news words.
_STOP_TEXT = """
a about above across after afterwards again against all almost alone along already also
although always am among amongst amoungst amount an and another any anyhow anyone anything
anyway anywhere are around as at back be became because become becomes becoming been before
beforehand behind being below beside besides between beyond bill both bottom but by call can
cannot cant co con could couldnt cry de describe detail do done down due during each eg
eight either eleven else elsewhere empty enough etc even ever every everyone everything
everywhere except few fifteen fifty fill find fire first five for former formerly forty
found four from front full further get give go had has hasnt have he hence her here
hereafter hereby herein hereupon hers herself him himself his how however hundred i ie if in
inc indeed interest into is it its itself keep last latter latterly least less ltd made many
may me meanwhile might mill mine more moreover most mostly move much must my myself name
namely neither never nevertheless next nine no nobody none noone nor not nothing now nowhere
of off often on once one only onto or other others otherwise our ours ourselves out over own
part per perhaps please put rather re same see seem seemed seeming seems serious several she
should show side since sincere six sixty so some somehow someone something sometime
sometimes somewhere still such system take ten than that the their them themselves then
thence there thereafter thereby therefore therein thereupon these they thick thin third this
those though three through throughout thru thus to together too top toward towards twelve
twenty two un under until up upon us very via was we well were what whatever when whence
whenever where whereafter whereas whereby wherein whereupon wherever whether which while
whither who whoever whole whom whose why will with within without would yet you your yours
yourself yourselves
"""
ENGLISH_STOP_WORDS = frozenset(_STOP_TEXT.split())
# the tokeniser's own stop words (scikit-learn's list plus news filler), not a rule about speech
_STOP = ENGLISH_STOP_WORDS | {"s", "t", "mr", "ms", "also"} | {"says", "said"}


class Occurrence(NamedTuple):
    """One feature occurrence; ``start``/``end`` index the article text."""

    sent_id: int
    start: int
    end: int
    term: str
    feature: str  # "w:<gram>" or "lex:<frame>"
    weight: float  # lexicon weight (1.0 for n-grams)


def word_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """Words of ``text`` as ``(start, end, lower-cased word)``; digits are not words.

    Examples
    --------
    >>> [w for _, _, w in word_spans("The Court’s 2 rulings")]
    ['the', "court's", 'rulings']
    """
    for m in _WORD_RE.finditer(text):
        yield m.start(), m.end(), m.group().lower().replace("’", "'")


_KEPT: dict[str, str | None] = {}  # a word as written -> as counted (None: not counted)
_KEPT_SIZE = 200_000
_UNSEEN = "\0unseen"  # not a word: _WORD_RE never matches a NUL


def _kept(raw: str) -> str | None:
    word = raw.lower().replace("’", "'")
    out = None if word in _STOP or len(word) < 2 else word
    if len(_KEPT) >= _KEPT_SIZE:
        _KEPT.clear()
    _KEPT[raw] = out
    return out


def sentence_grams(start: int, text: str) -> list[tuple[int, int, str]]:
    """Every n-gram :func:`sentence_occurrences` reads in a sentence, as ``(start, end, gram)``.

    In the same order (a bigram before the word that closes it), offsets plus ``start``;
    the n-gram occurrences of ``sentence_occurrences(..., vocabulary=None)`` without the
    per-occurrence fields, for callers that filter them against several vocabularies.

    Examples
    --------
    >>> sentence_grams(10, "The Supreme Court ruled.")
    [(14, 21, 'supreme'), (14, 27, 'supreme court'), (22, 27, 'court'), \
(22, 33, 'court ruled'), (28, 33, 'ruled')]
    """
    out: list[tuple[int, int, str]] = []
    append = out.append
    kept = _KEPT
    prev_s = 0
    prev: str | None = None
    for m in _WORD_RE.finditer(text):
        raw = m.group()
        word = kept.get(raw, _UNSEEN)
        if word is _UNSEEN:
            word = _kept(raw)
        if word is None:
            prev = None
            continue
        s, e = m.span()
        if prev is not None:
            append((start + prev_s, start + e, prev + " " + word))
        append((start + s, start + e, word))
        prev_s, prev = s, word
    return out


def sentence_occurrences(
    sent_id: int,
    start: int,
    text: str,
    *,
    matcher: Matcher | None,
    vocabulary: Container[str] | None = None,
    counts: dict[str, int] | None = None,
) -> list[Occurrence]:
    """Occurrences in one sentence: unigrams and bigrams without stop words, lexicon hits.

    Parameters
    ----------
    sent_id, start
        The sentence's id and its offset in the article (added to every offset).
    text
        The sentence.
    matcher
        The frames lexicon of one scheme (lexicon ``frames``, category ``<scheme>:<frame>``),
        or ``None`` for n-grams only.
    vocabulary
        Keep only n-grams in it (``None``: all; an empty set: no n-grams, words not read).
    counts
        When given, every n-gram of the sentence (in the vocabulary or not) is counted into
        it: what :func:`article_features` needs for its length norm when ``vocabulary``
        keeps only a few.

    Examples
    --------
    >>> [o.term for o in sentence_occurrences(0, 0, "The Supreme Court ruled.", matcher=None)]
    ['supreme', 'supreme court', 'court', 'court ruled', 'ruled']
    """
    out: list[Occurrence] = []
    if vocabulary is None or counts is not None or vocabulary:
        prev: tuple[int, str] | None = None
        for s, e, word in word_spans(text):
            if word in _STOP or len(word) < 2:
                prev = None
                continue
            if prev is not None:
                gram = prev[1] + " " + word
                if counts is not None:
                    counts[gram] = counts.get(gram, 0) + 1
                if vocabulary is None or gram in vocabulary:
                    out.append(
                        Occurrence(sent_id, start + prev[0], start + e, gram, "w:" + gram, 1.0)
                    )
            if counts is not None:
                counts[word] = counts.get(word, 0) + 1
            if vocabulary is None or word in vocabulary:
                out.append(Occurrence(sent_id, start + s, start + e, word, "w:" + word, 1.0))
            prev = (s, word)
    if matcher is not None:
        for m in matcher.find(text):
            frame = m.category.split(":", 1)[1]
            out.append(
                Occurrence(
                    sent_id, start + m.start, start + m.end, m.term, "lex:" + frame, m.weight
                )
            )
    return out


def article_features(
    occurrences: Iterable[Occurrence], *, counts: dict[str, int] | None = None
) -> dict[str, float]:
    """Feature values of one article.

    An n-gram seen ``n`` times is worth ``1 + log(n)``, divided by the Euclidean norm of
    these values over all the article's n-grams, so long articles do not score higher for
    being long (with ``counts``, the norm is taken over those counts of every n-gram of the
    article, so occurrences of a few n-grams give the same values); ``lex:<frame>`` is
    :data:`LEXICON_SCALE` × ``log1p`` of the summed weights of that frame's lexicon hits.

    Examples
    --------
    >>> occ = [Occurrence(0, 0, 5, "court", "w:court", 1.0)] * 2
    >>> occ += [Occurrence(0, 6, 9, "law", "w:law", 1.0)]
    >>> occ += [Occurrence(0, 0, 5, "court", "lex:Legal", 1.0)] * 2
    >>> {k: round(v, 3) for k, v in article_features(occ).items()}
    {'w:court': 0.861, 'w:law': 0.509, 'lex:Legal': 0.33}
    """
    grams: dict[str, int] = {}
    lex: dict[str, float] = {}
    for o in occurrences:
        if o.feature.startswith("lex:"):
            lex[o.feature] = lex.get(o.feature, 0.0) + o.weight
        else:
            grams[o.feature] = grams.get(o.feature, 0) + 1
    values = {k: 1.0 + math.log(n) for k, n in grams.items()}
    every = values.values() if counts is None else (1.0 + math.log(n) for n in counts.values())
    norm = math.sqrt(sum(v * v for v in every)) or 1.0
    values = {k: v / norm for k, v in values.items()}
    for feature, total in lex.items():
        if total > 0:
            values[feature] = LEXICON_SCALE * math.log1p(total)
    return values


def sentence_table(texts: dict[str, str]) -> pd.DataFrame:
    """Sentences of plain texts (``article_id, sent_id, start, end, text``), split as the
    pipeline splits them; for fitting and evaluating outside :func:`framing.analyze`.

    Examples
    --------
    >>> sentence_table({"a": "One. Two."})["text"].tolist()
    ['One.', 'Two.']
    """
    rows = []
    for aid, text in texts.items():
        for i, span in enumerate(split_sentences(text)):
            rows.append((aid, i, span.start, span.end, text[span.start : span.end]))
    return pd.DataFrame(rows, columns=["article_id", "sent_id", "start", "end", "text"])

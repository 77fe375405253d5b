"""Data-quality flags for loaded articles: damaged text, keyword stuffing, language, length, copies.

Each flag is a short code; :data:`FLAG_LABELS` (and :func:`flag_label`) give the plain text.
The flags warn, they never drop an article: the reader decides (see :func:`quality_flags`).
"""

from __future__ import annotations

import itertools
import math
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

import numpy as np

from framing.models import Article
from framing.sentences import count_words

__all__ = [
    "FLAG_LABELS",
    "MIN_WORDS",
    "NEAR_DUPLICATE_JACCARD",
    "english_ratio",
    "flag_codes",
    "flag_label",
    "keyword_stuffing",
    "near_duplicates",
    "non_english",
    "quality_flags",
    "shingles",
]

MIN_WORDS = 80
"""Articles with fewer words are flagged ``very_short``: rates per 100 words are unstable."""
NEAR_DUPLICATE_JACCARD = 0.8
"""Word 5-gram shingle Jaccard similarity at or above which two articles are near-duplicates."""
ENGLISH_MIN_RATIO = 0.15
"""Share of English function words below which a text is flagged ``non_english``."""
ENGLISH_MIN_WORDS = 20
SHINGLE_SIZE = 5
STUFFING_MIN_REPEATS = 3

FLAG_LABELS: dict[str, str] = {
    "repaired_encoding": "Damaged characters were repaired on reading: check quotes and dashes",
    "keyword_stuffing": "A lowercase phrase is repeated unnaturally (search-engine keyword stuffing?)",
    "non_english": "The text does not look like English: the word lists and VADER are English-only",
    "very_short": f"Very short (under {MIN_WORDS} words): rates per 100 words are unreliable",
    "near_duplicate": "Nearly the same text as another loaded article (wire copy or a duplicate)",
}

# Common English function words (closed-class), lowercase.
_ENGLISH = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "herself",
        "him",
        "himself",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "myself",
        "no",
        "nor",
        "not",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "ours",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "theirs",
        "them",
        "themselves",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "said",
        "also",
        "has",
        "been",
        "its",
        "it's",
    ]
)

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_SENTENCE_START = re.compile(r"[.!?:;\"“”‘’'()\[\]—–-]\s*$")


def _words(text: str) -> list[str]:
    return list(map(str.lower, _WORD.findall(text)))


def english_ratio(text: str) -> float:
    """Share of word tokens that are English function words (``the``, ``of``, ``said`` …).

    English news prose scores about 0.4–0.5; German, Spanish, French or Dutch text under 0.1.

    Examples
    --------
    >>> round(english_ratio("The cat sat on the mat."), 2)
    0.5
    >>> english_ratio("El presidente condenó los ataques contra Irán.")
    0.0
    """
    return _english_ratio(_words(text))


def non_english(text: str) -> bool:
    """The ``non_english`` flag of :func:`quality_flags` for one text."""
    return _non_english(count_words(text), _words(text))


def _non_english(n_words: int, lower: Sequence[str]) -> bool:
    return n_words >= ENGLISH_MIN_WORDS and _english_ratio(lower) < ENGLISH_MIN_RATIO


def _english_ratio(lower: Sequence[str]) -> float:
    return sum(map(_ENGLISH.__contains__, lower)) / len(lower) if lower else 0.0


def keyword_stuffing(text: str, *, min_repeats: int = STUFFING_MIN_REPEATS) -> list[str]:
    """Lowercase 2–4 word phrases repeated unnaturally, e.g. ``"putin iran konflikt"``.

    A phrase counts when all of these hold: it is written entirely in lowercase and repeated at
    least ``min_repeats`` times, its words adjacent (only spaces or line breaks between them);
    none of its words is an English function word (stuffed keywords are search queries:
    ``putin iran konflikt``, not ``won the``); and it is unnatural in one of two ways:

    - at least two of its words are names written in lowercase: capitalised in the middle of
      a sentence elsewhere and never lowercase outside the phrase (``Putin`` … ``putin``),
      unless the phrase itself appears capitalised too (``Prime Minister Blair`` … ``the
      prime minister`` is normal), or
    - at least two of its occurrences start a line (edited prose never starts a line in
      lowercase; stuffed phrases are often pasted after a line break).

    Returns
    -------
    list of str
        The offending phrases (longest first, sub-phrases left out), empty when none.

    Examples
    --------
    >>> t = "Putin met Iran's envoy. " + "".join(f"The\\nputin iran konflikt {w}. " for w in "abc")
    >>> keyword_stuffing(t)
    ['putin iran konflikt']
    >>> keyword_stuffing("The bank said. The\\nbank said. The\\nbank said it.")
    []
    """
    return _keyword_stuffing(text, _WORD.findall(text), min_repeats=min_repeats)


def _keyword_stuffing(text: str, words: list[str], *, min_repeats: int) -> list[str]:
    """:func:`keyword_stuffing` given the text's word tokens (``_WORD.findall(text)``)."""
    usable = [w.islower() and w not in _ENGLISH for w in words]
    pairs = Counter(
        pair
        for pair, a, b in zip(itertools.pairwise(words), usable, usable[1:], strict=False)
        if a and b
    )
    if not pairs or max(pairs.values()) < min_repeats:
        return []  # fast path: no lowercase content-word pair repeats
    tokens = list(_WORD.finditer(text))

    def glued(i: int) -> bool:  # token i and i + 1 are separated by whitespace only
        return text[tokens[i].end() : tokens[i + 1].start()].isspace()

    def line_start(i: int) -> bool:
        return i == 0 or "\n" in text[tokens[i - 1].end() : tokens[i].start()]

    found: dict[str, int] = {}
    proper: set[str] | None = None
    lowercase = Counter(w for w in words if w.islower())
    # where a repeated usable pair starts: every counted n-gram starts with one
    heads = [
        i
        for i, (pair, a, b) in enumerate(
            zip(itertools.pairwise(words), usable, usable[1:], strict=False)
        )
        if a and b and pairs[pair] >= min_repeats
    ]
    for n in (4, 3, 2):
        counts: Counter[tuple[str, ...]] = Counter()
        starts: Counter[tuple[str, ...]] = Counter()
        for i in heads:
            if i + n > len(words) or not all(usable[i : i + n]):
                continue
            if not all(glued(k) for k in range(i, i + n - 1)):
                continue
            gram = tuple(words[i : i + n])
            counts[gram] += 1
            starts[gram] += line_start(i)
        for gram, count in counts.items():
            phrase = " ".join(gram)
            if count < min_repeats or any(phrase in longer for longer in found):
                continue
            if proper is None:
                proper = _proper_names(text, tokens)
            if starts[gram] >= 2 or _lowercased_names(gram, count, proper, lowercase, text) >= 2:
                found[phrase] = count
    return sorted(found, key=lambda p: (-len(p.split()), p))


def _proper_names(text: str, tokens: Sequence[re.Match[str]]) -> set[str]:
    """Lowercased words written capitalised in the middle of a sentence somewhere in the text
    (not after ``. ! ?``, a quote, a dash or a line break)."""
    names: set[str] = set()
    for i in range(1, len(tokens)):
        word = tokens[i].group()
        if word[0].isupper() and word[1:].islower() and word.lower() not in names:
            before = text[tokens[i - 1].end() : tokens[i].start()]
            if "\n" not in before and not _SENTENCE_START.search(before):
                names.add(word.lower())
    return names


def _lowercased_names(
    gram: tuple[str, ...], count: int, names: set[str], lowercase: Counter[str], text: str
) -> int:
    """How many words of ``gram`` are names written in lowercase only inside the phrase.

    A word counts when it is written capitalised mid-sentence elsewhere and never in lowercase
    outside the ``count`` occurrences of the phrase (``music industry`` does not count when
    ``music`` is common in lowercase). 0 when the phrase is an ordinary one capitalised
    elsewhere (``Prime Minister X`` … ``the prime minister``).
    """
    for a, b in itertools.pairwise(gram):
        if a in names and b in names and f"{a.capitalize()} {b.capitalize()}" in text:
            return 0
    return sum(1 for w in set(gram) if w in names and lowercase[w] <= count * gram.count(w))


def shingles(text: str, *, size: int = SHINGLE_SIZE) -> frozenset[int]:
    """Hashed word ``size``-grams of the lowercased text (the whole text if shorter).

    Words are numbered by CRC-32 and a shingle is the hash of a tuple of ints, which is
    deterministic across processes (unlike hashing strings).

    Examples
    --------
    >>> len(shingles("one two three four five six"))
    2
    """
    return _shingles(_words(text), {}, size=size)


def _shingles(
    lower: Sequence[str], ids: dict[str, int], *, size: int = SHINGLE_SIZE
) -> frozenset[int]:
    """:func:`shingles` of lowercased words; ``ids`` caches word numbers across calls."""
    missing = set(lower).difference(ids) if len(ids) else set(lower)
    ids.update(zip(missing, map(_word_id, missing), strict=True))
    seq = list(map(ids.__getitem__, lower))
    if len(seq) < size:
        return frozenset({hash(tuple(seq))}) if seq else frozenset()
    # a tuple from zip hashes like the slice tuple(seq[i : i + size])
    return frozenset(map(hash, zip(*(seq[k:] for k in range(size)), strict=False)))


def _word_id(word: str) -> int:
    return zlib.crc32(word.encode("utf-8", "surrogatepass"))


def near_duplicates(
    texts: Sequence[str], *, threshold: float = NEAR_DUPLICATE_JACCARD
) -> list[tuple[int, int, float]]:
    """Pairs ``(i, j, jaccard)`` (i < j) of texts whose shingle Jaccard is ≥ ``threshold``.

    Exact and fast for thousands of texts: candidate pairs come from a prefix filter (the
    standard set-similarity join: with shingles ordered rarest first, two sets with Jaccard
    ≥ t must share one of their first ``|s| - ceil(t·|s|) + 1`` shingles), then a size check
    (J ≤ min/max) and the exact Jaccard.

    Examples
    --------
    >>> a = "the quick brown fox jumps over the lazy dog again and again today"
    >>> near_duplicates([a, a + " indeed", "something else entirely here now ok"])
    [(0, 1, 0.9)]
    """
    ids: dict[str, int] = {}
    return _near_duplicates([_shingles(_words(t), ids) for t in texts], threshold=threshold)


def _near_duplicates(
    sets: Sequence[frozenset[int]], *, threshold: float
) -> list[tuple[int, int, float]]:
    """:func:`near_duplicates` of shingle sets."""
    arrays = [np.fromiter(s, dtype=np.int64, count=len(s)) for s in sets]
    if not any(len(a) for a in arrays):
        return []
    # the global order, rarest shingles first (ties by hash value): a rank per distinct shingle
    values, inverse, counts = np.unique(
        np.concatenate(arrays), return_inverse=True, return_counts=True
    )
    rank = np.empty(len(values), dtype=np.int64)
    rank[np.lexsort((values, counts))] = np.arange(len(values))
    ranked = np.split(rank[inverse], np.cumsum([len(a) for a in arrays])[:-1])
    index: defaultdict[int, list[int]] = defaultdict(list)
    candidates: set[tuple[int, int]] = set()
    for i, ranks in enumerate(ranked):
        # prefix filter (exact): under a global order, rarest shingles first, two sets with
        # Jaccard >= t share an element within their first |s| - ceil(t*|s|) + 1 elements
        k = len(ranks) - math.ceil(threshold * len(ranks)) + 1
        if k <= 0 or not len(ranks):
            continue
        prefix = np.partition(ranks, k - 1)[:k] if k < len(ranks) else ranks
        for h in prefix.tolist():
            for other in index[h]:
                candidates.add((other, i))
            index[h].append(i)
    pairs = []
    for a, b in sorted(candidates):
        sa, sb = sets[a], sets[b]
        small, large = sorted((len(sa), len(sb)))
        if not large or small / large < threshold:
            continue
        jaccard = len(sa & sb) / len(sa | sb)
        if jaccard >= threshold:
            pairs.append((a, b, round(jaccard, 3)))
    return pairs


def _repaired(article: Article) -> bool:
    from framing.ingest import REPAIR_NOTE_PREFIX

    return any(note.startswith(REPAIR_NOTE_PREFIX) for note in article.notes)


def quality_flags(articles: Sequence[Article]) -> dict[str, list[str]]:
    """Quality flag codes per article id (every article gets an entry, maybe empty).

    Codes: ``repaired_encoding`` (a note says characters were repaired), ``keyword_stuffing``
    (:func:`keyword_stuffing`), ``non_english`` (:func:`english_ratio` below 0.15 with at
    least 20 words), ``very_short`` (under 80 words), ``near_duplicate:<other id>`` (one per
    near-duplicate partner, :func:`near_duplicates`).

    Examples
    --------
    >>> from framing.ingest import load_sample
    >>> flags = quality_flags(load_sample())
    >>> sorted(flags.values())
    [[], ['repaired_encoding', 'keyword_stuffing']]
    """
    flags: dict[str, list[str]] = {a.id: [] for a in articles}
    ids: dict[str, int] = {}
    sets = []
    for art in articles:  # each text is tokenised once, for every check
        codes = flags[art.id]
        words = _WORD.findall(art.text)
        lower = list(map(str.lower, words))
        if _repaired(art):
            codes.append("repaired_encoding")
        if _keyword_stuffing(art.text, words, min_repeats=STUFFING_MIN_REPEATS):
            codes.append("keyword_stuffing")
        n_words = count_words(art.text)
        if _non_english(n_words, lower):
            codes.append("non_english")
        if n_words < MIN_WORDS:
            codes.append("very_short")
        sets.append(_shingles(lower, ids))
    for i, j, _ in _near_duplicates(sets, threshold=NEAR_DUPLICATE_JACCARD):
        a, b = articles[i].id, articles[j].id
        if a != b:
            flags[a].append(f"near_duplicate:{b}")
            flags[b].append(f"near_duplicate:{a}")
    return flags


def flag_label(code: str, *, names: dict[str, str] | None = None) -> str:
    """Plain text for a flag code; ``near_duplicate:<id>`` names the other article.

    Parameters
    ----------
    code : str
        A code from :func:`quality_flags`.
    names : dict, optional
        Article id -> display name (e.g. ``"Outlet: Title"``) for near-duplicate partners.

    Examples
    --------
    >>> flag_label("near_duplicate:abc", names={"abc": "Reuters"})
    'Nearly the same text as another loaded article (wire copy or a duplicate): Reuters'
    >>> flag_label("something_new")
    'something_new'
    """
    base, _, other = code.partition(":")
    label = FLAG_LABELS.get(base, code)
    if other:
        label += f": {(names or {}).get(other, other)}"
    return label


def flag_codes(flags: Iterable[str]) -> list[str]:
    """Base codes without the ``:<id>`` suffix, deduplicated, in order."""
    return list(dict.fromkeys(code.partition(":")[0] for code in flags))

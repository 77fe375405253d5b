"""Cluster names a reader can read: two or three distinctive terms, joined as words are.

A name is built from whole terms only (never cut mid-phrase): the cluster's most distinctive
words and two-word phrases (a class-based TF-IDF, :func:`cluster_labels`), a word replaced by
the phrase it mostly occurs in ("peskov" → "Dmitry Peskov"), each written as the sentences
write it (case restored), joined naturally ("Fordow, Natanz and bunker busters") and kept
under :data:`LABEL_MAX_CHARS` by leaving out whole terms.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from framing.vocabulary import speech_verbs

__all__ = ["LABEL_MAX_CHARS", "LABEL_TERMS", "PHRASE_SHARE", "cluster_labels", "join_terms"]

LABEL_TERMS = 3  # at most this many terms in a name
LABEL_MAX_CHARS = 40  # a name longer than this drops its last terms (whole terms only)
#: A word is named by a two-word phrase holding it when the phrase accounts for at least this
#: share of the word's occurrences in the cluster.
PHRASE_SHARE = 0.5
#: Verbs of saying (data/speech_verbs.csv) never name a cluster on their own.
_SAYING = frozenset(speech_verbs("quote"))
_GAP = r"(?:\s{1,3}|-)"  # between the words of a phrase as written (bounded: linear time)
#: Between two chosen terms the sentences write as one name ("Disease Control and
#: Prevention", "World Trade Organisation"): a gap, or one joining word between gaps.
_JOIN = r"(?:\s{1,3}(?:and|of|for|on|in|&)\s{1,3}|\s{1,3}|-)"
#: Two words sharing a beginning this long (and most of the shorter word) are one word
#: for a name ("average" / "averaging", "year-old" / "olds"): only the first is used.
STEM_PREFIX = 5


def join_terms(terms: Sequence[str]) -> str:
    """Terms joined as in a sentence, first letter capitalised.

    Examples
    --------
    >>> join_terms(["Fordow", "Natanz", "bunker busters"])
    'Fordow, Natanz and bunker busters'
    >>> join_terms(["oil prices"])
    'Oil prices'
    >>> join_terms(["Food and Drug Administration", "boosters"])
    'Food and Drug Administration, boosters'
    """
    terms = [t for t in terms if t]
    if not terms:
        return ""
    if any(" and " in t for t in terms):  # "Disease Control and Prevention, older adults"
        text = ", ".join(terms)
    else:
        text = terms[0] if len(terms) == 1 else f"{', '.join(terms[:-1])} and {terms[-1]}"
    return text[0].upper() + text[1:]


def _as_written(term: str, texts: Sequence[str], lowered: Sequence[str]) -> str:
    """The most frequent way ``texts`` write ``term`` (a lowercase word or phrase); the term
    itself when it is never written with only spaces or a hyphen between its words; ``""``
    when it is mostly the tail of a contraction ("ve got" from "we've got": no name).
    ``lowered`` holds the texts in lower case (only texts holding the term's first word are
    searched)."""
    words = term.split()
    pattern = re.compile(
        r"(?<![^\W_])" + _GAP.join(re.escape(w) for w in words) + r"(?![^\W_])", re.IGNORECASE
    )
    seen: Counter[str] = Counter()
    tails = 0  # written right after an apostrophe: the end of a contraction ("we've got")
    for text, low in zip(texts, lowered, strict=True):
        if words[0] in low:
            for m in pattern.finditer(text):
                seen[m.group()] += 1
                tails += m.start() > 0 and text[m.start() - 1] in "'’"
    if not seen:
        return term
    if 2 * tails > sum(seen.values()):
        return ""
    best = max(seen.items(), key=lambda kv: (kv[1], kv[0].islower()))[0]
    return " ".join(best.split())


def _same_stem(a: str, b: str) -> bool:
    """Whether two words are forms of one word for a name ("average", "averaging").

    >>> _same_stem("average", "averaging"), _same_stem("vaccine", "vaccines")
    (True, True)
    >>> _same_stem("president", "prevention"), _same_stem("old", "olds")
    (False, True)
    """
    a, b = a.lower(), b.lower()
    short, long_ = sorted((a, b), key=len)
    if long_.startswith(short) and len(long_) - len(short) <= 2:
        return True  # plural and short inflections: "old" / "olds", "vaccine" / "vaccines"
    n = 0
    while n < len(short) and short[n] == long_[n]:
        n += 1
    return n >= STEM_PREFIX and n >= 0.7 * len(short)


def _words_of(term: str) -> list[str]:
    return [w for part in term.split() for w in part.split("-") if w]


def _merge_written(chosen: list[str], texts: Sequence[str], lowered: Sequence[str]) -> list[str]:
    """Chosen terms that the sentences mostly write as one name become that name, as written.

    ``"World"`` + ``"Trade Organisation"`` → ``"World Trade Organisation"``; ``"Disease
    Control"`` + ``"Prevention"`` → ``"Disease Control and Prevention"`` (one joining word
    allowed, :data:`_JOIN`): when at least :data:`PHRASE_SHARE` of the second term's
    occurrences follow the first term that way.
    """
    out = list(chosen)
    i = 0
    while i < len(out):
        for j in range(len(out)):
            if i == j:
                continue
            a, b = out[i], out[j]
            bound = r"(?<![^\W_])", r"(?![^\W_])"
            both = re.compile(
                bound[0] + re.escape(a) + _JOIN + re.escape(b) + bound[1], re.IGNORECASE
            )
            alone = re.compile(bound[0] + re.escape(b) + bound[1], re.IGNORECASE)
            first = a.split()[0].lower()
            found: Counter[str] = Counter()
            n_b = 0
            for text, low in zip(texts, lowered, strict=True):
                if b.split()[0].lower() in low:
                    n_b += sum(1 for _ in alone.finditer(text))
                    if first in low:
                        found.update(" ".join(m.group().split()) for m in both.finditer(text))
            if found and sum(found.values()) >= PHRASE_SHARE * max(n_b, 1):
                out[i] = max(found.items(), key=lambda kv: (kv[1], kv[0]))[0]
                del out[j]
                i = -1  # start again: the new name may join another term
                break
        i += 1
    return out


def cluster_labels(
    counts: sparse.spmatrix,
    labels: np.ndarray,
    vocabulary: Sequence[str],
    *,
    texts: Sequence[str] | None = None,
    n_terms: int = LABEL_TERMS,
    max_chars: int = LABEL_MAX_CHARS,
) -> list[str]:
    """Name each cluster by its most distinctive terms (a class-based TF-IDF).

    Term weight in cluster c: ``share(t, c) * log(1 + tf(t, c))`` where ``tf(t, c)`` counts the
    term in the cluster's sentences and ``share(t, c) = tf(t, c) / tf(t)`` is the part of all its
    occurrences that fall in c (the "inverse class frequency"). The usual c-TF-IDF
    (``tf/words * log(1 + A/tf(t))``) let the story's own words (``putin · iran``) lead every
    label; the share keeps them out unless they belong to one cluster. Terms made of digits
    only are skipped, and so is a term sharing a word with one already chosen. A word that
    occurs mostly inside one two-word phrase of the cluster (:data:`PHRASE_SHARE`) is named by
    that phrase.

    Parameters
    ----------
    counts
        Word and bigram counts, one row per sentence (``SentenceClusterer.counts_``).
    labels
        Cluster of each row.
    vocabulary
        The count columns (lowercase words and ``"word word"`` bigrams).
    texts
        The sentences (rows of ``counts``): terms are written as they write them ("Dmitry
        Peskov", not "dmitry peskov"). Without them, terms stay lowercase.
    n_terms, max_chars
        At most ``n_terms`` terms; fewer when the name would pass ``max_chars`` characters
        (one term always).

    Returns
    -------
    list of str
        One name per cluster ``0 .. max(labels)`` (:func:`join_terms`); ``"Cluster <i>"``
        when no term qualifies; a repeated name gets `` (<i>)``.

    Examples
    --------
    >>> from sklearn.feature_extraction.text import CountVectorizer
    >>> texts = ["Dmitry Peskov spoke.", "Peskov, said Dmitry Peskov.", "Oil prices rose.",
    ...          "Oil prices fell."]
    >>> cv = CountVectorizer(ngram_range=(1, 2))
    >>> X = cv.fit_transform(texts)
    >>> cluster_labels(X, np.array([0, 0, 1, 1]), cv.get_feature_names_out(), texts=texts)
    ['Dmitry Peskov spoke', 'Oil prices fell and rose']
    """
    k = int(labels.max()) + 1 if len(labels) else 0
    if counts.shape[1] == 0 or k == 0:
        return [f"Cluster {c}" for c in range(k)]
    member = sparse.csr_matrix(
        (np.ones(len(labels), dtype=np.float32), (labels, np.arange(len(labels)))),
        shape=(k, len(labels)),
    )
    per_class = (member @ counts).tocsr()
    total = np.asarray(per_class.sum(axis=0)).ravel()
    vocab = [str(v) for v in vocabulary]
    n_words_of = np.array([term.count(" ") + 1 for term in vocab])
    phrases: dict[str, list[int]] = {}  # word -> the bigram columns holding it
    for j, term in enumerate(vocab):
        if " " in term:
            for word in term.split():
                phrases.setdefault(word, []).append(j)
    out: list[str] = []
    seen: set[str] = set()
    for c in range(k):
        row = per_class.getrow(c)
        idx, tf = row.indices, row.data
        dense = np.zeros(len(vocab), dtype=np.float64)
        dense[idx] = tf
        weight = tf / np.maximum(total[idx], 1.0) * np.log1p(tf)
        n_words = n_words_of[idx]
        chosen: list[str] = []
        used: set[str] = set()
        for j in np.lexsort((idx, -n_words, -np.round(weight, 9))):
            term = vocab[idx[j]]
            options = [term]
            if " " not in term and term in phrases:  # "peskov" -> "dmitry peskov"
                cols = phrases[term]
                best = max(cols, key=lambda col: (dense[col], vocab[col]))
                if dense[best] > 0 and dense[best] >= PHRASE_SHARE * dense[idx[j]]:
                    options.insert(0, vocab[best])
            if " " not in term and term in _SAYING:
                continue  # a verb of saying is in every story and names none
            for option in options:
                parts = option.split()
                if any(p.isdigit() for p in parts) or (len(parts) > 1 and _SAYING & set(parts)):
                    continue  # names are words: no numbers, no "company said"
                if any(
                    _same_stem(w, u) and w not in used
                    for w in _words_of(option)
                    for u in {x for t in used for x in _words_of(t)}
                ):
                    continue  # another form of a word already in the name
                overlap = used & set(parts)
                if not overlap:
                    chosen.append(option)
                    break
                # a phrase completing words chosen alone ("new" + "york") replaces them
                if option is not term and all(w in chosen for w in overlap):
                    at = min(chosen.index(w) for w in overlap)
                    chosen = [w for w in chosen if w not in overlap]
                    chosen.insert(at, option)
                    break
            else:
                continue
            used.update(parts)
            if len(chosen) == n_terms:
                break
        if texts is not None:
            mine = [texts[i] for i in np.flatnonzero(labels == c)]
            lowered = [t.lower() for t in mine]
            chosen = [w for w in (_as_written(t, mine, lowered) for t in chosen) if w]
            chosen = _merge_written(chosen, mine, lowered)
        while len(chosen) > 1 and len(join_terms(chosen)) > max_chars:
            chosen.pop()
        label = join_terms(chosen) or f"Cluster {c}"
        if label in seen:
            label = f"{label} ({c})"
        seen.add(label)
        out.append(label)
    return out

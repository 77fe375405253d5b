"""The frames stage's inner loop: one article's frame rows and cue rows for one scheme.

:func:`framing.frames.stage.score_frames` calls :func:`score_article`. It reads the text as
:func:`framing.frames.features.sentence_occurrences` and
:func:`framing.frames.features.article_features` do (same occurrences, in the same order,
summed in the same order: the same floats), but reads each sentence's words once for every
scheme and keeps only the occurrences of features the model has a coefficient for.
"""

from __future__ import annotations

import math
import operator
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from typing import TYPE_CHECKING

from framing.frames.features import _KEPT, _UNSEEN, _WORD_RE, LEXICON_SCALE, _kept

if TYPE_CHECKING:
    from framing.frames.stage import FrameScorer

__all__ = ["TOP_CUES", "TOP_SENTENCES", "CueColumns", "score_article"]

TOP_CUES = 5
TOP_SENTENCES = 3
#: One article's cue rows, by column: sent_id, start, end, text, term, category, weight
#: (``article_id``, ``outlet``, ``lexicon`` "frames" and ``negated`` False are the same on
#: every row of an article).
CueColumns = tuple[list[int], list[int], list[int], list[str], list[str], list[str], list[float]]


@dataclass(frozen=True)
class _Prepared:
    """What scoring needs of a scorer, built once: per feature its nonzero coefficients."""

    categories: tuple[str, ...]
    coef: dict[str, tuple[list[int], list[str], list[float]]]  # frames, categories, coefs
    grams: dict[str, str]  # n-gram -> its feature "w:<gram>"


_LOCK = threading.Lock()
_PREPARED: dict[int, tuple[FrameScorer, _Prepared]] = {}


def _prepared(scorer: FrameScorer) -> _Prepared:
    hit = _PREPARED.get(id(scorer))
    if hit is not None and hit[0] is scorer:
        return hit[1]
    categories = tuple(f"{scorer.scheme}:{frame}" for frame in scorer.frames)
    coef = {}
    for feature, values in scorer.coef.items():
        nonzero = [(f, c) for f, c in enumerate(values.tolist()) if c]
        coef[feature] = (
            [f for f, _ in nonzero],
            [categories[f] for f, _ in nonzero],
            [c for _, c in nonzero],
        )
    out = _Prepared(categories, coef, {g: "w:" + g for g in scorer.vocabulary})
    with _LOCK:
        if len(_PREPARED) >= 64:
            _PREPARED.clear()
        _PREPARED[id(scorer)] = (scorer, out)
    return out


@dataclass(frozen=True)
class _Text:
    """One article's sentences, read once for every scheme."""

    sids: list[int]
    starts: list[int]
    texts: list[str]
    # n-gram -> (sent_id, start, end) in order: sentence_grams of every sentence
    spots: dict[str, list[tuple[int, int, int]]]
    first: dict[str, tuple[int, int, int]]  # n-gram -> (sentence, 0, place in it): its first
    norm: float  # the n-grams' length norm (article_features with counts)


def _text(sids: list[int], starts: list[int], texts: list[str]) -> _Text:
    # sentence_grams of every sentence, inlined: this loop sees every word of the corpus
    spots: dict[str, list[tuple[int, int, int]]] = {}
    first: dict[str, tuple[int, int, int]] = {}
    finditer, kept = _WORD_RE.finditer, _KEPT
    for i, (sid, start, text) in enumerate(zip(sids, starts, texts, strict=True)):
        j = 0
        prev: str | None = None
        prev_s = 0
        for m in finditer(text):
            raw = m.group()
            word = kept.get(raw, _UNSEEN)
            if word is _UNSEEN:
                word = _kept(raw)
            if word is None:
                prev = None
                continue
            s, e = m.span()
            s += start
            e += start
            if prev is not None:
                gram = prev + " " + word
                seen = spots.get(gram)
                if seen is None:
                    spots[gram] = [(sid, prev_s, e)]
                    first[gram] = (i, 0, j)
                else:
                    seen.append((sid, prev_s, e))
                j += 1
            seen = spots.get(word)
            if seen is None:
                spots[word] = [(sid, s, e)]
                first[word] = (i, 0, j)
            else:
                seen.append((sid, s, e))
            j += 1
            prev_s, prev = s, word
    # counts of every n-gram, in order of first appearance, as article_features sums them
    every = [1.0 + math.log(n) for n in map(len, spots.values())]
    norm = math.sqrt(sum(map(operator.mul, every, every))) or 1.0
    return _Text(sids, starts, texts, spots, first, norm)


def _places(text: _Text, scorer: FrameScorer, prep: _Prepared) -> tuple[list, dict[str, float]]:
    """``(feature, term or None, places)`` of the features with a coefficient, in order of
    first appearance (a sentence's n-grams before its lexicon hits, as in
    ``sentence_occurrences``), and every lexicon feature's summed weight.

    Places are ``(sent_id, start, end)`` for an n-gram (its term), ``(sent_id, start, end,
    term, weight)`` for a lexicon hit (term None).
    """
    coef, dropped = prep.coef, scorer.dropped
    order: list[tuple[tuple[int, int, int], str, str | None, list]] = []
    if scorer.ngrams:
        for gram in text.spots.keys() & prep.grams.keys():
            order.append((text.first[gram], prep.grams[gram], gram, text.spots[gram]))
    lex: dict[str, list[tuple]] = {}
    lex_total: dict[str, float] = {}
    for i, (sid, start, sentence) in enumerate(
        zip(text.sids, text.starts, text.texts, strict=True)
    ):
        for k, m in enumerate(scorer.matcher.find(sentence)):
            frame = m.category.split(":", 1)[1]
            if dropped and (frame, m.term) in dropped:
                continue
            feature = "lex:" + frame
            lex_total[feature] = lex_total.get(feature, 0.0) + m.weight
            if feature in coef:
                found = lex.get(feature)
                if found is None:
                    lex[feature] = found = []
                    order.append(((i, 1, k), feature, None, found))
                found.append((sid, start + m.start, start + m.end, m.term, m.weight))
    order.sort(key=lambda x: x[0])
    return [x[1:] for x in order], lex_total


def _article(
    aid: str, outlet: str, text: _Text, scorer: FrameScorer, cues: bool = True
) -> tuple[list[tuple], CueColumns | None]:
    prep = _prepared(scorer)
    places, lex_total = _places(text, scorer, prep)
    texts = dict(zip(text.sids, text.texts, strict=True))
    starts = dict(zip(text.sids, text.starts, strict=True))
    logit = scorer.intercept.tolist()
    cols: CueColumns = ([], [], [], [], [], [], [])
    c_sid, c_start, c_end, c_text, c_term, c_cat, c_weight = cols
    positive: dict[str, tuple[list[int], dict[str, float], dict[int, float]]] = {}
    for feature, gram, found in places:
        if gram is None:
            total = lex_total[feature]
            if not total > 0:
                raise KeyError(feature)  # as article_features leaves it out
            value = LEXICON_SCALE * math.log1p(total)
            mass = sum(o[4] for o in found)
            shares = [o[4] / mass for o in found]
        else:
            value = (1.0 + math.log(len(found))) / text.norm
            shares = [1.0 / len(found)] * len(found)
        fed_t, fed_cat, fed_acc = [], [], []
        for f, category, c in zip(*prep.coef[feature], strict=True):
            t = c * value
            logit[f] += t
            if t:
                fed_t.append(t)
                fed_cat.append(category)
                fed_acc.append(positive.setdefault(category, ([0], {}, {})))
        k = len(fed_t)
        if not k:
            continue
        sids = [o[0] for o in found]
        if cues:  # rows place by place, each place's k frames in turn
            _repeat(c_sid, sids, k)
            _repeat(c_start, [o[1] for o in found], k)
            _repeat(c_end, [o[2] for o in found], k)
            _repeat(c_text, [texts[i][s - starts[i] : e - starts[i]] for i, s, e, *_ in found], k)
            c_cat.extend(fed_cat * len(found))
        if gram is not None:  # an n-gram: one share, so the same weights at every place
            once = [t * shares[0] for t in fed_t]
            if cues:
                c_term.extend([gram] * (k * len(found)))
                c_weight.extend(once * len(found))
            for w, (n, per_term, per_sent) in zip(once, fed_acc, strict=True):
                if w > 0:  # the same additions, in the same order, as row by row
                    n[0] += len(found)
                    x = per_term.get(gram, 0.0)
                    for _ in found:
                        x += w
                    per_term[gram] = x
                    for sid in sids:
                        per_sent[sid] = per_sent.get(sid, 0.0) + w
            continue
        terms = [o[3] for o in found]
        weights = [t * share for share in shares for t in fed_t]
        if cues:
            _repeat(c_term, terms, k)
            c_weight.extend(weights)
        for f, (n, per_term, per_sent) in enumerate(fed_acc):
            for w, term, sid in zip(weights[f::k], terms, sids, strict=True):
                if w > 0:  # per frame, place by place: the row-by-row order of additions
                    n[0] += 1
                    per_term[term] = per_term.get(term, 0.0) + w
                    per_sent[sid] = per_sent.get(sid, 0.0) + w
    frame_rows = []
    threshold = scorer.threshold.tolist()
    for f, frame in enumerate(scorer.frames):
        n, per_term, per_sent = positive.get(prep.categories[f], ([0], {}, {}))
        top = sorted(per_term.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_CUES]
        sents_top = sorted(per_sent.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_SENTENCES]
        z = logit[f] - threshold[f]
        score = 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))
        frame_rows.append(
            (aid, outlet, scorer.scheme, frame, score, bool(z >= 0), n[0],
             "; ".join(f"{t} ({w:.2f})" for t, w in top),
             "; ".join(str(s) for s, _ in sents_top))
        )  # fmt: skip
    return frame_rows, (cols if cues else None)


def _repeat(out: list, values: list, k: int) -> None:
    """Append each of ``values`` ``k`` times: ``[a, a, b, b]``."""
    out.extend(values if k == 1 else chain.from_iterable(zip(*([values] * k), strict=True)))


_CACHE: OrderedDict[tuple, tuple[list[tuple], CueColumns | None]] = OrderedDict()
_CACHE_SIZE = 4096  # articles × schemes kept: adding one article re-scores only that one


def score_article(
    aid: str,
    outlet: str,
    sids: list[int],
    starts: list[int],
    texts: list[str],
    scorers: Sequence[FrameScorer],
    *,
    cues: bool = True,
) -> list[tuple[list[tuple], CueColumns | None]]:
    """Every scorer's rows of one article, from the cache when the article is unchanged.

    Per scorer: the frames rows (:data:`framing.models.FRAME_COLUMNS`) and the cue rows as
    :data:`CueColumns` (``None`` with ``cues=False``: the same frames rows, without the cost
    of laying out one row per place); the lists are shared with the cache, so callers copy,
    never change.
    """
    base = (aid, outlet, tuple(sids), tuple(starts), tuple(texts))
    out: list[tuple[list[tuple], CueColumns | None] | None] = []
    with _LOCK:
        for scorer in scorers:
            hit = _CACHE.get((id(scorer), *base))
            if hit is not None:
                _CACHE.move_to_end((id(scorer), *base))
                if cues and hit[1] is None:
                    hit = None  # cached without its cue rows
            out.append(hit)
    if all(hit is not None for hit in out):
        return out  # type: ignore[return-value]
    text = _text(sids, starts, texts)
    for i, scorer in enumerate(scorers):
        if out[i] is None:
            out[i] = hit = _article(aid, outlet, text, scorer, cues)
            with _LOCK:
                _CACHE[(id(scorer), *base)] = hit
                while len(_CACHE) > _CACHE_SIZE:
                    _CACHE.popitem(last=False)
    return out  # type: ignore[return-value]

"""Tone toward an actor: the words around a mention, scored with news-adjusted VADER.

:func:`target_tone` is the mean of two VADER compounds (news-adjusted lexicon,
:func:`framing.sentiment.tone_analyzer`): the :data:`TONE_WINDOW` words on each side of the
mention, and the whole sentence. The mention itself is masked, a quotation the actor is the
speaker of is left out, and so is the reported clause of "X said …" (the verbs of saying and
thinking come from ``data/speech_verbs.csv``). See ``docs/measures.md`` for the figures on the
NewsMTSC target-sentiment data.
"""

from __future__ import annotations

import re
from functools import lru_cache

from framing.quotes import find_quote_spans
from framing.sentiment import polarity, tone_analyzer
from framing.vocabulary import alternation, speech_verbs

__all__ = ["TONE_WINDOW", "target_tone", "tone_context"]

TONE_WINDOW = 15
_SPEECH = f"(?:{alternation(speech_verbs('speaker'))})"  # data/speech_verbs.csv
_SPEAKS_AFTER = re.compile(rf"\s*(?:,\s*[^,]{{0,40}},\s*)?(?:also\s+|has\s+|had\s+)?{_SPEECH}\b")
_SPEAKS_BEFORE = re.compile(rf"(?:{_SPEECH}|according\s+to)\s*(?:the\s+)?$")
#: The mention is the subject of a verb of saying or thinking: what follows is its speech.
_REPORTS_AFTER = re.compile(
    rf"\s*(?:,\s*[^,]{{0,40}},\s*)?(?:also\s+|has\s+|had\s+)?(?:{alternation(speech_verbs('reports'))})\b"
)

_WORD = re.compile(r"\S+")


def _speaker_quote_mask(text: str, start: int, end: int) -> str:
    """``text`` with quoted words blanked when the target is their speaker.

    A speaker's own words are not the outlet's tone toward the speaker:
    in "“You are fascinated with sex,” Gingrich said" the quote says nothing about Gingrich.
    """
    after, before = text[end : end + 60], text[max(0, start - 40) : start]
    if not (_SPEAKS_AFTER.match(after) or _SPEAKS_BEFORE.search(before)):
        return text
    spans = _quote_spans(text)
    if not spans or any(s <= start < e for s, e in spans):
        return text
    chars = list(text)
    for s, e in spans:
        for k in range(max(0, s - 1), min(len(chars), e + 1)):
            chars[k] = " "
    return "".join(chars)


@lru_cache(maxsize=256)
def _quote_spans(text: str) -> tuple[tuple[int, int], ...]:
    # several mentions of one sentence ask for its quotations in turn
    return tuple((s, e) for s, e in find_quote_spans(text))


def tone_context(text: str, start: int, end: int, *, window: int = TONE_WINDOW) -> str:
    """The words around ``text[start:end]`` that decide the tone toward it (target masked).

    Parameters
    ----------
    text
        A sentence (or any short passage) holding the mention.
    start, end
        The mention's offsets in ``text``.
    window
        Words kept on each side of the mention.

    Examples
    --------
    >>> tone_context("Critics say the brave Smith failed badly.", 22, 27, window=2)
    'the brave failed badly.'
    """
    left = _WORD.findall(text[:start])[-window:] if window > 0 else []
    right = _WORD.findall(text[end:])[:window] if window > 0 else []
    return " ".join(left + right)


def target_tone(text: str, start: int, end: int, *, window: int = TONE_WINDOW) -> float:
    """Tone toward the mention ``text[start:end]``, in [-1, 1] (0.0 when there are no words).

    The mean of two VADER compounds (news-adjusted lexicon, :func:`framing.sentiment.tone_analyzer`):
    the ``window`` words on each side of the mention, and the whole passage; the mention
    itself is masked, quoted words are dropped when the mention is their speaker, and when
    the mention is the subject of a verb of saying ("X said …", "X claimed …") the reported
    clause after the verb is dropped too.

    Examples
    --------
    >>> target_tone("Smith was praised for a wonderful speech.", 0, 5) > 0
    True
    """
    text = _speaker_quote_mask(text, start, end)
    reported = _REPORTS_AFTER.match(text, end)
    if reported:  # "Trump said the deal was a disaster": the speech is not tone toward Trump
        text = text[: reported.end()]
    # tone_context(..., window) and tone_context(..., window=len(text)), tokenised once
    left, right = _WORD.findall(text[:start]), _WORD.findall(text[end:])
    near = " ".join((left[-window:] if window > 0 else []) + right[: max(window, 0)])
    whole = " ".join(left + right)
    if not whole.strip():
        return 0.0
    return 0.5 * _tone_compound(near) + 0.5 * _tone_compound(whole)


@lru_cache(maxsize=8192)
def _tone_compound(context: str) -> float:
    # the window often spans the whole sentence: one VADER call serves both halves
    return float(polarity(context, tone_analyzer())["compound"]) if context.strip() else 0.0

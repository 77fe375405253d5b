"""Quotation marks: where direct quotations are in a text, mark by mark.

A quotation is text between quotation marks: straight ``"…"``, curly ``“…”``, low ``„…“``,
guillemets ``«…»``, and single marks (``'…'``, ``‘…’``) only when clearly a quote (see
:data:`MIN_SINGLE_WORDS`). Marks nested inside a quotation belong to it (``“he called it
‘a farce’”`` is one quote). A quotation may span sentences: one still open at a paragraph end
continues only when the next paragraph opens with a quotation mark again (the newspaper
convention); otherwise the unmatched opening mark is ignored, so a stray mark never swallows
the article. A quotation longer than :data:`MAX_QUOTE_CHARS` is dropped for the same reason.
Only the marks are visited (found by a character class), so the time is linear in the text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

import numpy as np

__all__ = ["MAX_QUOTE_CHARS", "MIN_SINGLE_WORDS", "find_quote_spans"]

#: A quotation longer than this (characters) is treated as a stray mark and dropped.
MAX_QUOTE_CHARS = 2500
#: Single-quoted text counts as a quotation only with at least this many words
#: (``'bunker-buster' bombs`` is a scare quote, not a quotation).
MIN_SINGLE_WORDS = 3

_DOUBLE_OPEN = {'"': '"', "“": "”", "„": "“", "«": "»"}
_DOUBLE_CLOSE = {"”", "»", '"'}
_SINGLE_OPEN = {"'": "'", "‘": "’"}
_DOUBLE_MARK = re.compile("[" + re.escape("".join({*_DOUBLE_OPEN, *_DOUBLE_OPEN.values()})) + "]")
_SINGLE_OPENER = re.compile("[" + re.escape("".join(_SINGLE_OPEN)) + "]")
_SINGLE_CLOSER = re.compile("[" + re.escape("".join(set(_SINGLE_OPEN.values()))) + "]")
_PREFIX = re.compile(r"[ \t>*\-–—]*")  # blockquote / list markers before a repeated opening mark


def _paragraphs(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for m in re.finditer(r"\n", text):
        out.append((pos, m.start()))
        pos = m.end()
    out.append((pos, len(text)))
    return out


def _is_single_open(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in '([{—–-"“') and (after.isalnum() or after in '“"')


def _is_single_close(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before.isspace():
        return False
    # an apostrophe inside a word (Russia's, don't) is not a closing mark
    return not after.isalnum()


def _double_spans(text: str) -> list[tuple[int, int]]:
    """Content spans of double quotations, outermost only."""
    spans: list[tuple[int, int]] = []
    paras = _paragraphs(text)
    open_at: int | None = None  # content start of the open quotation
    closer = ""
    depth = 0
    for p_index, (p_start, p_end) in enumerate(paras):
        # only quotation marks change the state: visit them, not every character
        for mark in _DOUBLE_MARK.finditer(text, p_start, p_end):
            i, ch = mark.start(), mark.group()
            if open_at is None:
                if ch in _DOUBLE_OPEN:
                    open_at, closer, depth = i + 1, _DOUBLE_OPEN[ch], 1
            elif ch == closer:
                depth -= 1
                if depth == 0:
                    if i - open_at <= MAX_QUOTE_CHARS and i > open_at:
                        spans.append((open_at, i))
                    open_at = None
            elif ch in _DOUBLE_OPEN and _DOUBLE_OPEN[ch] == closer and ch != closer:
                depth += 1  # nested quotation of the same family
        if open_at is not None:
            # still open at the paragraph end: continue only if the next paragraph repeats
            # the opening mark; otherwise drop the unmatched mark.
            nxt = paras[p_index + 1] if p_index + 1 < len(paras) else None
            if nxt is None:
                open_at = None
                continue
            m = _PREFIX.match(text, nxt[0], nxt[1])
            j = m.end() if m else nxt[0]
            if j < nxt[1] and text[j] in _DOUBLE_OPEN and _DOUBLE_OPEN[text[j]] == closer:
                # the repeated mark is skipped by re-entering the loop past it
                paras[p_index + 1] = (j + 1, nxt[1])
            else:
                open_at = None
    return spans


def _single_spans(text: str, taken: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    openers = [m.start() for m in _SINGLE_OPENER.finditer(text)]
    if not openers:
        return spans
    n = len(text)
    inside = bytearray(n + 1)  # within a double quotation or its marks
    for s, e in taken:
        lo, hi = max(s - 1, 0), min(e + 1, n)
        if hi > lo:
            inside[lo:hi] = b"\x01" * (hi - lo)
    # the first valid closing mark after i, and whether a double quotation lies between,
    # by lookup (a scan to the paragraph end per unmatched mark is quadratic)
    closes: dict[str, list[int]] = {c: [] for c in set(_SINGLE_OPEN.values())}
    for m in _SINGLE_CLOSER.finditer(text):
        j = m.start()
        if _is_single_close(text, j):
            closes[m.group()].append(j)
    # inside_upto[k]: how many positions in [0, k] are inside (compared, never summed)
    inside_upto = np.cumsum(np.frombuffer(bytes(inside), dtype=np.uint8), dtype=np.int64)
    for p_start, p_end in _paragraphs(text):
        k0 = bisect.bisect_left(openers, p_start)
        while k0 < len(openers) and openers[k0] < p_end:
            i = openers[k0]
            k0 += 1
            if inside[i] or not _is_single_open(text, i):
                continue
            candidates = closes[_SINGLE_OPEN[text[i]]]
            k = bisect.bisect_right(candidates, i)
            if k < len(candidates) and candidates[k] < p_end:
                j = candidates[k]
                if inside_upto[j] == inside_upto[i]:  # none inside in [i + 1, j]
                    if len(text[i + 1 : j].split()) >= MIN_SINGLE_WORDS:
                        spans.append((i + 1, j))
                    k0 = bisect.bisect_left(openers, j + 1)  # go on after the closing mark
    return spans


def find_quote_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of direct quotations in ``text`` (marks excluded), in order.

    Examples
    --------
    >>> t = 'He said "we will win" and left.'
    >>> [t[s:e] for s, e in find_quote_spans(t)]
    ['we will win']
    """
    doubles = _double_spans(text)
    singles = _single_spans(text, doubles)
    return sorted(doubles + singles)

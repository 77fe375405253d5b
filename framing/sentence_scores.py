"""Free-standing sentences scored one by one (the CLI's ``sentences`` command).

Each record (a dict with ``text`` and an optional ``target``) gets its hedging and intensity
sums, the words behind them, its VADER compound and, with a target, the tone of the words
around the target. No article, no intervals: a sentence is its own unit.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from framing.context import DEFAULT_SETTINGS, Context, build_context
from framing.frames import text_frames
from framing.models import Settings
from framing.scores import NEGATED_FACTOR
from framing.sentiment import score_texts
from framing.tone import target_tone

__all__ = ["analyze_sentences"]


def _find_target(text: str, record: Mapping[str, Any]) -> tuple[int, int] | None:
    target = str(record.get("target") or "")
    start, end = record.get("start"), record.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
        return start, end
    if not target:
        return None
    k = text.find(target)
    if k < 0:
        k = text.lower().find(target.lower())
    return (k, k + len(target)) if k >= 0 else None


def analyze_sentences(
    records: Iterable[Mapping[str, Any]],
    settings: Settings = DEFAULT_SETTINGS,
    *,
    batch_size: int = 512,
) -> Iterator[dict[str, Any]]:
    """Score free-standing sentences (dicts with ``text`` and optional ``target``).

    Yields each input dict plus ``hedge`` (weighted sum, 0.0 when none), ``hedge_cues``
    (matched words), ``intensity``, ``intensity_cues``, ``sentiment`` (VADER compound),
    ``frames`` (:func:`framing.frames.text_frames`) and,
    when ``target`` is given, ``target_tone`` (the tone of the words around the target, see
    :func:`framing.actors.target_tone`; integer ``start``/``end`` in the record, if valid,
    locate the target, else its first occurrence; a target not in the text gets the tone of
    the whole text). Records are processed in batches of ``batch_size`` and yielded in order.

    Raises
    ------
    TypeError
        When a record is not a mapping or its ``text`` is not a string.

    Examples
    --------
    >>> out = next(analyze_sentences([{"text": "It may well be a disaster."}]))
    >>> out["hedge"] > 0, out["sentiment"] < 0
    (True, True)
    """
    ctx = build_context(settings)
    batch: list[Mapping[str, Any]] = []
    for record in records:
        batch.append(record)
        if len(batch) >= batch_size:
            yield from _score_batch(batch, ctx)
            batch = []
    if batch:
        yield from _score_batch(batch, ctx)


def _score_batch(batch: Sequence[Mapping[str, Any]], ctx: Context) -> Iterator[dict[str, Any]]:
    for record in batch:
        if not isinstance(record, Mapping):
            raise TypeError("each record must be a JSON object")
        text = record.get("text")
        if not isinstance(text, str):
            raise TypeError("each record needs a 'text' string")
    vader = score_texts([str(r["text"]) for r in batch])["compound"].tolist()
    frames = text_frames([str(r["text"]) for r in batch])
    for record, compound, labels in zip(batch, vader, frames, strict=True):
        text = str(record["text"])
        out = dict(record)
        sums = {"hedging": 0.0, "intensity": 0.0}
        found: dict[str, list[str]] = {"hedging": [], "intensity": []}
        for m in ctx.matcher.find(text):
            if m.lexicon in sums:
                sums[m.lexicon] += float(m.weight) * (NEGATED_FACTOR if m.negated else 1.0)
                found[m.lexicon].append(m.text)
        out["hedge"] = sums["hedging"]
        out["hedge_cues"] = found["hedging"]
        out["intensity"] = sums["intensity"]
        out["intensity_cues"] = found["intensity"]
        out["sentiment"] = float(compound)
        out["frames"] = labels
        if record.get("target") not in (None, ""):
            span = _find_target(text, record)
            out["target_tone"] = target_tone(text, *span) if span else float(compound)
        yield out

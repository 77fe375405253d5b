"""The methods section every report carries: what each measure counts, how well it agrees
with people (as the README's table states it, measured 2026-11-22), and its limits.

Plain text only; the HTML, PDF and Word reports lay it out.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["INTERVALS", "LIMITS", "MEASURES", "Method"]


class Method(NamedTuple):
    """One measure: its name, what it counts, its agreement with human annotation, its limits."""

    name: str
    counts: str
    agreement: str
    limits: str


MEASURES: tuple[Method, ...] = (
    Method(
        "Hedging (per 100 words)",
        "Weighted hedge cues (reportedly, may, appears, sources said…) from the bundled "
        "lexicon, per 100 words; a negated cue counts half.",
        "Sentence-level F1 0.58 [0.56, 0.59] on CoNLL-2010 Wikipedia uncertainty (baseline "
        "0.53); 0.85 on BioScope abstracts and 0.76 on BioScope full papers, never tuned on.",
        "Counts words, not doubt: a hedge inside a quotation counts for the outlet.",
    ),
    Method(
        "Intensity (per 100 words)",
        "Weighted boosters, intensifiers and loaded or emotive words, per 100 words.",
        "ROC AUC 0.75 [0.73, 0.76] against BABE expert bias labels (baseline 0.54), 0.71 on "
        "BASIL sentences and on PTC loaded language; it does not predict which of three "
        "outlets annotators found more biased on BASIL (0.51, chance level).",
        "Read a higher rate as “more loaded words”, not as “more biased”.",
    ),
    Method(
        "Loaded reporting verbs (per 100 words)",
        "Reporting verbs that judge the speaker (claimed, admitted, slammed…) rather than "
        "report neutrally (said, told), per 100 words.",
        "Not validated against human annotation separately.",
        "A lexicon of verbs; irony and context are not read.",
    ),
    Method(
        "Tone (VADER, −1 … +1)",
        "Mean VADER compound score over the article's sentences; toward an actor, over the "
        "words around each mention.",
        "VADER correlates r = 0.50 [0.48, 0.53] with people on NYT editorials; tone toward a "
        "named target reaches macro-F1 0.58 on NewsMTSC (whole-sentence VADER 0.52).",
        "A general-purpose sentiment lexicon: news about violence reads negative whatever "
        "the framing.",
    ),
    Method(
        "Quoted words (%)",
        "Share of the article's words inside direct quotation marks; scare quotes (a short "
        "quoted word without speaker) are counted apart.",
        "Not validated against human annotation separately.",
        "Relies on quotation marks; indirect speech is not counted.",
    ),
    Method(
        "Stance (−1 … +1)",
        "Balance of the terms of each stance axis (e.g. support ↔ distance) in the article.",
        "Not validated against human annotation; the axes and their terms are editable.",
        "An article with no term of an axis gets no position (no evidence is not neutral).",
    ),
    Method(
        "Sentence clusters and aligned passages",
        "Sentences grouped by word similarity across outlets; aligned passages are pairs of "
        "sentences from two outlets that tell the same thing.",
        "Paraphrase accuracy 0.76 [0.74, 0.77] on MSRP at the default threshold (word "
        "overlap baseline 0.73).",
        "Word-based similarity: a paraphrase with different words may not be matched.",
    ),
)

INTERVALS = (
    "Every rate comes with a 95% bootstrap interval: the article's sentences are resampled "
    "1,000 times and the middle 95% of the resulting rates is shown. A difference between two "
    "articles is called reliable when the 95% interval of the difference excludes zero."
)

LIMITS = (
    "These are lexical measures: they count words from published lexicons (every hit is a row "
    "in the cues table, so every score can be checked). They agree with people moderately, not "
    "closely, and are built for English news. Articles not in English, very short ones and "
    "near-duplicates are set aside from the comparison by default."
)

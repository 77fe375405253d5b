"""One table of what every exported column means: header, unit, description, number format.

The same mapping names the columns of the XLSX workbook (and its "About" sheet), the CSV of
each chart and the tables of the HTML, PDF and Word reports, so a column reads the same way
everywhere. Columns not listed get a tidy version of their own name (``n_words`` → "N words").

Examples
--------
>>> header("hedge_rate_lo")
'Hedging per 100 words (95% CI low)'
>>> header("share", table="coverage")
"Share of the outlet's sentences (%)"
>>> header("some_new_column")
'Some new column'
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import pandas as pd

__all__ = ["COLUMNS", "Column", "column", "header", "readable"]


class Column(NamedTuple):
    """What a column means: its readable header, unit, description and Excel number format."""

    header: str
    unit: str = ""
    description: str = ""
    number_format: str = ""  # "" = General; "0.00", "0%", "+0.00;-0.00;0.00", "0"


_RATE = "per 100 words"
_TWO, _PCT, _SIGNED, _INT = "0.00", "0%", "+0.00;-0.00;0.00", "0"


def _measure(name: str, label: str, unit: str, what: str, fmt: str) -> dict[str, Column]:
    suffix = f" {unit}" if unit and not unit.startswith("-1") else ""
    return {
        name: Column(f"{label}{suffix}", unit, what, fmt),
        f"{name}_lo": Column(f"{label}{suffix} (95% CI low)", unit, f"{what}: lower end of the 95% bootstrap interval (sentences resampled)", fmt),
        f"{name}_hi": Column(f"{label}{suffix} (95% CI high)", unit, f"{what}: upper end of the 95% bootstrap interval (sentences resampled)", fmt),
    }  # fmt: skip


#: column → :class:`Column`; a ``"table.column"`` key overrides the plain one for that table.
COLUMNS: dict[str, Column] = {
    "article_id": Column("Article id", "", "Stable id of the article (outlet + text hash)"),
    "story": Column("Story", "", "Story the article belongs to"),
    "outlet": Column("Outlet", "", "News outlet that published the article"),
    "title": Column("Headline", "", "Headline of the article"),
    "url": Column("URL", "", "Address of the article"),
    "published": Column("Published", "date", "Publication date as given by the source"),
    "source": Column("Source file", "", "File (and row, for bundles) the article was read from"),
    "n_words": Column("Words", "words", "Number of words", _INT),
    "n_sentences": Column("Sentences", "sentences", "Number of sentences", _INT),
    "lede": Column("Lede", "", "First sentences of the article"),
    **_measure("hedge_rate", "Hedging", _RATE, "Hedge cues (reportedly, may, appears…), weighted", _TWO),
    **_measure("intensity_rate", "Intensity", _RATE, "Boosters, intensifiers and loaded/emotive words, weighted", _TWO),
    **_measure("loaded_verb_rate", "Loaded reporting verbs", _RATE, "Loaded reporting verbs (claimed, admitted…)", _TWO),
    **_measure("sentiment_mean", "Tone (VADER)", "-1 … 1", "Mean VADER compound score over sentences (−1 negative … +1 positive)", _SIGNED),
    **_measure("position", "Stance position", "-1 … 1", "Position on the stance axis (−1 left pole … +1 right pole)", _SIGNED),
    "quote_share": Column("Quoted words (%)", "share", "Share of words inside direct quotations", _PCT),
    "sentences.quote_share": Column("Quoted (%)", "share", "Share of the sentence's words inside a direct quotation", _PCT),
    "n_quotes": Column("Quotations", "count", "Direct quotations", _INT),
    "n_scare_quotes": Column("Scare quotes", "count", "Short quoted words or phrases in the reporter's own sentence", _INT),
    "flags": Column("Flags", "", "Quality flags (not English, very short, near-duplicate…)"),
    "notes": Column("Notes", "", "What reading the file repaired or doubted"),
    "reason": Column("Why set aside", "", "Why the article is not in the comparison"),
    "sent_id": Column("Sentence", "number", "Sentence number within its article (from 0)", _INT),
    "start": Column("Start", "character", "Offset of the first character in the article text", _INT),
    "end": Column("End", "character", "Offset after the last character in the article text", _INT),
    "text": Column("Text", "", "The text itself"),
    "is_heading": Column("Heading", "yes/no", "The sentence is a heading"),
    "is_quote": Column("In a quotation", "yes/no", "Most of the sentence is inside a direct quotation"),
    "hedge": Column("Hedging (weighted)", "weight", "Weighted sum of hedge cues in the sentence", _TWO),
    "hedge_n": Column("Hedge cues", "count", "Number of hedge cues", _INT),
    "intensity": Column("Intensity (weighted)", "weight", "Weighted sum of intensity cues", _TWO),
    "intensity_n": Column("Intensity cues", "count", "Number of intensity cues", _INT),
    "reporting_neutral_n": Column("Neutral reporting verbs", "count", "said, told…", _INT),
    "reporting_loaded_n": Column("Loaded reporting verbs", "count", "claimed, admitted…", _INT),
    "neg": Column("VADER negative", "0 … 1", "VADER negative proportion", _TWO),
    "neu": Column("VADER neutral", "0 … 1", "VADER neutral proportion", _TWO),
    "pos": Column("VADER positive", "0 … 1", "VADER positive proportion", _TWO),
    "compound": Column("Tone (VADER compound)", "-1 … 1", "VADER compound score of the sentence", _SIGNED),
    "term": Column("Term", "", "Lexicon entry that matched"),
    "lexicon": Column("Lexicon", "", "hedging, intensity, reporting, stance or a user lexicon"),
    "category": Column("Category", "", "Category of the lexicon entry"),
    "weight": Column("Weight", "weight", "How strongly a hit counts", _TWO),
    "negated": Column("Negated", "yes/no", "A negation flipped the cue"),
    "quote_id": Column("Quotation", "number", "Quotation number within its article", _INT),
    "speaker": Column("Speaker", "", "Who is quoted, as written"),
    "actor": Column("Actor", "", "Tracked actor (person, country, organisation)"),
    "verb": Column("Reporting verb", "", "Verb that introduces the quotation"),
    "verb_kind": Column("Verb kind", "", "neutral (said) or loaded (claimed); empty when none"),
    "sent_ids": Column("Sentences", "", "Sentence numbers the quotation spans"),
    "kind": Column("Kind", "", "Kind of row (quotation or scare quote; actor kind)"),
    "alias": Column("Written as", "", "The name as it appears in the text"),
    "in_quote": Column("Inside a quotation", "yes/no", "The mention is inside a direct quotation"),
    "tone": Column("Tone (VADER)", "-1 … 1", "VADER compound score around the mention", _SIGNED),
    "auto": Column("Suggested", "yes/no", "Actor suggested from recurring names, not from the list"),
    "mentions": Column("Mentions", "count", "Number of mentions", _INT),
    "sentence_share": Column("Sentences mentioning (%)", "share", "Share of the article's sentences that mention the actor", _PCT),
    "tone_own": Column("Tone in own words", "-1 … 1", "Mean VADER compound around mentions in the outlet's own words", _SIGNED),
    "n_own": Column("Mentions in own words", "count", "", _INT),
    "tone_quoted": Column("Tone in quotations", "-1 … 1", "Mean VADER compound around mentions inside quotations", _SIGNED),
    "n_quoted": Column("Mentions in quotations", "count", "", _INT),
    "axis": Column("Stance axis", "", "Name of the stance axis"),
    "left_label": Column("Left pole", "", "Label of the −1 end"),
    "right_label": Column("Right pole", "", "Label of the +1 end"),
    "n_left": Column("Left-pole terms", "count", "", _INT),
    "n_right": Column("Right-pole terms", "count", "", _INT),
    "terms": Column("Terms", "", "Stance terms found"),
    "cluster": Column("Cluster", "number", "Sentence cluster (a part of the story)", _INT),
    "label": Column("Cluster label", "", "Words that characterise the cluster"),
    "representative": Column("Representative sentence", "", "Sentence closest to the cluster's centre"),
    "n_outlets": Column("Outlets", "count", "Outlets with a sentence in the cluster", _INT),
    "sentences": Column("Sentences", "count", "Number of sentences", _INT),
    "words": Column("Words", "count", "Number of words", _INT),
    "share": Column("Share (%)", "share", "Share", _PCT),
    "coverage.share": Column("Share of the outlet's sentences (%)", "share", "Share of the outlet's sentences in this cluster", _PCT),
    "pooled_share": Column("Share of all sentences (%)", "share", "Share of all outlets' sentences in this cluster", _PCT),
    "emphasis": Column("Emphasis (× average)", "ratio", "Outlet's share ÷ share of all sentences (1 = average)", _TWO),
    "omitted": Column("Omitted", "yes/no", "The outlet has no sentence in a cluster others cover"),
    "hedge_mean": Column("Hedging per sentence", "weight", "Mean weighted hedge cues per sentence", _TWO),
    "intensity_mean": Column("Intensity per sentence", "weight", "Mean weighted intensity cues per sentence", _TWO),
    "coverage.sentiment_mean": Column("Tone (VADER)", "-1 … 1", "Mean VADER compound of the outlet's sentences in the cluster", _SIGNED),
    "outlet_a": Column("Outlet A", "", ""),
    "outlet_b": Column("Outlet B", "", ""),
    "article_a": Column("Article A", "", ""),
    "article_b": Column("Article B", "", ""),
    "sent_a": Column("Sentence A", "number", "", _INT),
    "sent_b": Column("Sentence B", "number", "", _INT),
    "text_a": Column("Text A", "", ""),
    "text_b": Column("Text B", "", ""),
    "similarity": Column("Similarity (0–1)", "0 … 1", "How much the two sentences say the same (1 = same words and meaning)", _TWO),
    "cues_only_a": Column("Cues only in A", "", "Cue terms A uses and B does not"),
    "cues_only_b": Column("Cues only in B", "", "Cue terms B uses and A does not"),
    # columns of chart data (what a chart plots)
    "metric": Column("Measure (column)", "", "Column of the articles table"),
    "profile.label": Column("Measure", "", "The measure plotted"),
    "unit": Column("Unit", "", "Unit of the value"),
    "article": Column("Article", "", "Article label as on the chart"),
    "value": Column("Value", "see Unit", "The value plotted", _TWO),
    "lo": Column("95% CI low", "see Unit", "Lower end of the 95% bootstrap interval", _TWO),
    "hi": Column("95% CI high", "see Unit", "Upper end of the 95% bootstrap interval", _TWO),
    "y": Column("Row", "", "Row of the chart"),
    "where": Column("Where", "", "In the outlet's own words or inside quotations"),
    "n": Column("Mentions", "count", "", _INT),
    "quotes": Column("Quotations", "count", "", _INT),
    "hedged": Column("Hedged", "yes/no", "The sentence holds a hedge cue"),
    "set_aside": Column("Set aside", "", "Left out of the comparison, and why"),
}  # fmt: skip


def column(name: str, *, table: str = "") -> Column:
    """What column ``name`` (of ``table``) means; unknown columns get a tidy name."""
    found = COLUMNS.get(f"{table}.{name}") or COLUMNS.get(str(name))
    if found is not None:
        return found
    text = str(name).replace("_", " ").strip()
    return Column(text[:1].upper() + text[1:] if text else "Column")


def header(name: str, *, table: str = "") -> str:
    """The readable header of column ``name`` (see :data:`COLUMNS`)."""
    return column(name, table=table).header


def readable(
    df: pd.DataFrame, *, table: str = "", extra: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """A copy of ``df`` with readable, unique headers (values untouched).

    Examples
    --------
    >>> list(readable(pd.DataFrame({"outlet": [], "hedge_rate": []})).columns)
    ['Outlet', 'Hedging per 100 words']
    """
    names: list[str] = []
    for col in df.columns:
        name = (extra or {}).get(col) or header(col, table=table)
        base, i = name, 2
        while name in names:
            name, i = f"{base} ({i})", i + 1
        names.append(name)
    out = df.copy()
    out.columns = names
    return out

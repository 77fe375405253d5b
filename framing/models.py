"""Data model shared by every stage: articles, settings, the analysis result, column names.

This module imports nothing from the rest of the package. Every table that moves between
stages is a tidy :class:`pandas.DataFrame` whose columns are listed here, so a stage can be
tested alone and a view can rely on the names.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

__all__ = [
    "ACTOR_COLUMNS",
    "ALIGNMENT_COLUMNS",
    "ARTICLE_COLUMNS",
    "BALANCED",
    "CLUSTER_COLUMNS",
    "COVERAGE_COLUMNS",
    "CUE_COLUMNS",
    "FRAME_COLUMNS",
    "LEXICON_COLUMNS",
    "MENTION_COLUMNS",
    "METRICS",
    "QUOTE_COLUMNS",
    "SENTENCE_COLUMNS",
    "SET_ASIDE_COLUMNS",
    "STANCE_COLUMNS",
    "Actor",
    "Analysis",
    "Article",
    "AxisTerm",
    "ClusterSettings",
    "FromSentences",
    "Metric",
    "ReadError",
    "SetAside",
    "Settings",
    "article_id",
]


class ReadError(Exception):
    """A file or record that cannot be read; ``str(err)`` is a message for a reporter.

    The message always starts with the file name, e.g. ``"report.pdf: the PDF is encrypted"``.
    """

    def __init__(self, source: str, problem: str) -> None:
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


def article_id(outlet: str, text: str) -> str:
    """Stable 12-hex-digit id from outlet and text (same article, same id, across runs)."""
    digest = hashlib.sha1(f"{outlet}\x00{text}".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:12]


@dataclass(frozen=True)
class Article:
    """One article as read from a file or a bundle row. Frozen, so it can key a cache."""

    outlet: str
    title: str
    text: str
    url: str = ""
    published: str = ""  # ISO 8601 date or datetime, "" when unknown
    story: str = ""
    source: str = ""  # file name it came from (and row, for bundles: "bundle.csv#3")
    notes: tuple[str, ...] = ()  # what ingestion repaired or doubted, human readable
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", article_id(self.outlet, self.text))

    def with_outlet(self, outlet: str) -> Article:
        """A copy under another outlet name (the id is kept: it names the upload)."""
        return Article(
            outlet=outlet,
            title=self.title,
            text=self.text,
            url=self.url,
            published=self.published,
            story=self.story,
            source=self.source,
            notes=self.notes,
            id=self.id,
        )


@dataclass(frozen=True)
class Actor:
    """An actor to track: canonical name, aliases (matched case-sensitively as words), kind."""

    name: str
    aliases: tuple[str, ...] = ()
    kind: str = ""  # person | country | organisation | group | other
    auto: bool = False  # suggested from recurring capitalised names, not from actors.csv


@dataclass(frozen=True)
class AxisTerm:
    """One term of a stance axis: ``pole`` is -1 (left pole) or +1 (right pole)."""

    axis: str
    pole: int
    pole_label: str
    term: str
    source: str = ""


@dataclass(frozen=True)
class Settings:
    """Everything that changes the analysis. Frozen and hashable: a cache key.

    ``lexicons`` holds extra user lexicons as ``(name, csv_text)`` pairs in the
    ``term,category,weight,source`` format; the bundled ones are always loaded unless
    ``use_default_lexicons`` is False. ``actors``/``axes`` of ``None`` mean the bundled files.
    """

    lexicons: tuple[tuple[str, str], ...] = ()
    use_default_lexicons: bool = True
    actors: tuple[Actor, ...] | None = None
    axes: tuple[AxisTerm, ...] | None = None
    auto_actors: bool = True
    bootstrap: int = 1000
    random_state: int = 0
    #: Seconds one article may take to score before it is set aside (None: no limit); see
    #: :mod:`framing.budget`.
    time_budget: float | None = 30.0


#: Columns of ``set_aside.csv``: articles left out of the analysis (see :class:`SetAside`).
SET_ASIDE_COLUMNS = ["article_id", "outlet", "title", "source", "reason"]


@dataclass(frozen=True)
class SetAside:
    """An article left out of the analysis, and why (it stays in the story and the store)."""

    article_id: str
    outlet: str
    title: str
    source: str
    reason: str  # one sentence for the reader, e.g. "took too long to analyse; set aside"

    @property
    def message(self) -> str:
        """``"<outlet> · <title> (<source>): <reason>"``, ready to show."""
        label = " · ".join(x for x in (self.outlet, self.title) if x) or self.article_id
        return f"{label}{f' ({self.source})' if self.source else ''}: {self.reason}"


#: A stance position with ``|position| < BALANCED`` reads as "balanced" everywhere: the
#: findings, the Overview cards, the reports (one band, so an article at 0.17 is never balanced
#: in the findings and leaning on its card).
BALANCED = 0.2


@dataclass(frozen=True)
class ClusterSettings:
    """How a story's sentences are clustered and aligned. Frozen: part of every cache key of a
    view or export that shows clusters, so no export can keep an earlier clustering.

    ``n_clusters=None`` picks the number automatically; ``threshold=None`` uses the
    documented default alignment threshold (``framing.clusters``).
    """

    n_clusters: int | None = None
    threshold: float | None = None


@dataclass(frozen=True)
class Metric:
    """A measure shown in the app: column in the articles table, label, help text."""

    column: str
    label: str
    help: str
    unit: str = "per 100 words"


# Article-level measures the app and report show, in display order.
METRICS: dict[str, Metric] = {
    m.column: m
    for m in (
        Metric(
            "hedge_rate",
            "Hedging",
            "Hedge cues (reportedly, may, appears, sources said…), weighted",
        ),
        Metric(
            "intensity_rate",
            "Intensity",
            "Boosters, intensifiers and loaded/emotive words, weighted",
        ),
        Metric("loaded_verb_rate", "Loaded reporting verbs", "claimed, admitted, slammed… vs said"),
        Metric(
            "sentiment_mean",
            "Sentiment (VADER)",
            "Mean VADER compound over sentences",
            unit="-1 … 1",
        ),
        Metric("quote_share", "Quoted words", "Share of words inside direct quotes", unit="share"),
    )
}

# ---- column contracts ---------------------------------------------------------------------
# articles: one row per article. Rates are per 100 words; *_lo/*_hi are bootstrap 95% CIs
# (resampling sentences). flags: "; "-joined quality flag codes; notes: "; "-joined notes.
ARTICLE_COLUMNS = [
    "article_id", "story", "outlet", "title", "url", "published", "source",
    "n_words", "n_sentences", "lede",
    "hedge_rate", "hedge_rate_lo", "hedge_rate_hi",
    "intensity_rate", "intensity_rate_lo", "intensity_rate_hi",
    "loaded_verb_rate", "loaded_verb_rate_lo", "loaded_verb_rate_hi",
    "sentiment_mean", "sentiment_mean_lo", "sentiment_mean_hi",
    "quote_share", "n_quotes", "n_scare_quotes",
    "flags", "notes",
]  # fmt: skip
# sentences: text == article.text[start:end] (tested invariant). hedge/intensity are the
# weighted cue sums for the sentence; *_n the cue counts. is_quote: mostly inside a direct quote.
SENTENCE_COLUMNS = [
    "article_id", "story", "outlet", "sent_id", "start", "end", "text", "n_words",
    "is_heading", "is_quote", "quote_share",
    "hedge", "hedge_n", "intensity", "intensity_n",
    "reporting_neutral_n", "reporting_loaded_n",
    "neg", "neu", "pos", "compound",
]  # fmt: skip
# cues: one row per lexicon hit; start/end index the article text. lexicon is one of
# hedging | intensity | reporting | stance | <user lexicon name>. For stance cues category is
# "<axis>:<pole_label>" and weight is the pole (-1 or +1). negated: a negator flipped it.
CUE_COLUMNS = [
    "article_id", "outlet", "sent_id", "start", "end", "text", "term",
    "lexicon", "category", "weight", "negated",
]  # fmt: skip
LEXICON_COLUMNS = ["term", "category", "weight", "source", "lexicon"]
# frames: per article, scheme (policy | generic) and frame (framing.frames). score in 0..1, 0.5
# at the frame's threshold; predicted = score >= 0.5; top_cues "term (contribution); …";
# sent_ids: the sentences that carry the frame most. frame_cues use CUE_COLUMNS (lexicon
# "frames", category "<scheme>:<frame>", weight = contribution to the frame's logit).
FRAME_COLUMNS = [
    "article_id", "outlet", "scheme", "frame", "score", "predicted", "n_cues", "top_cues",
    "sent_ids",
]  # fmt: skip
# quotes: one row per direct quotation (may span sentences). verb_kind: neutral | loaded | "".
QUOTE_COLUMNS = [
    "article_id", "outlet", "quote_id", "start", "end", "text", "n_words",
    "speaker", "actor", "verb", "verb_kind", "sent_ids", "kind",
]  # fmt: skip
# mentions: one row per actor mention; in_quote: inside a direct quotation.
MENTION_COLUMNS = [
    "article_id", "outlet", "sent_id", "start", "end", "actor", "alias", "in_quote", "tone",
]  # fmt: skip
# actors: per article and actor. tone_* is mean VADER compound of the mention context.
ACTOR_COLUMNS = [
    "article_id", "outlet", "actor", "kind", "auto", "mentions", "sentence_share",
    "tone_own", "n_own", "tone_quoted", "n_quoted",
]  # fmt: skip
# stance: per article and axis. position in [-1, 1] (+1 = right pole); lo/hi bootstrap 95%.
STANCE_COLUMNS = [
    "article_id", "outlet", "axis", "left_label", "right_label",
    "position", "position_lo", "position_hi", "n_left", "n_right", "terms",
]  # fmt: skip
# clusters: one row per cluster.
CLUSTER_COLUMNS = ["cluster", "label", "representative", "n_sentences", "n_outlets"]
# coverage: outlet x cluster. share sums to 1 per outlet; emphasis = share / pooled share;
# omitted: this outlet has no sentence in a cluster that at least one other outlet covers.
COVERAGE_COLUMNS = [
    "outlet", "cluster", "label", "sentences", "words", "share", "pooled_share",
    "emphasis", "omitted", "hedge_mean", "intensity_mean", "sentiment_mean",
]  # fmt: skip
# alignments: per outlet pair, matched sentences (one-to-one) and unique ones
# (the other side empty, similarity NaN). cues_only_a / cues_only_b: "; "-joined terms.
ALIGNMENT_COLUMNS = [
    "outlet_a", "outlet_b", "article_a", "article_b", "sent_a", "sent_b",
    "text_a", "text_b", "similarity", "cues_only_a", "cues_only_b", "cluster",
]  # fmt: skip


@dataclass(frozen=True)
class FromSentences:
    """A table derived from an analysis' ``sentences``, built the first time it is read.

    ``build(analysis.sentences, **dict(kwargs))`` gives the table; ``build`` is a module-level
    function, so an analysis holding one still pickles. The table follows the analysis it is
    read from: an analysis limited to some articles (``dataclasses.replace`` with fewer
    sentences) builds it from those sentences only, with their outlet labels.
    """

    build: Callable[..., pd.DataFrame]
    kwargs: tuple[tuple[str, Any], ...] = ()
    #: Build from these sentences instead of the reading analysis' (kept by an analysis whose
    #: sentences were regrouped, e.g. pooled per outlet, while the table stays per article).
    sentences: pd.DataFrame | None = field(default=None, compare=False)

    def __call__(self, sentences: pd.DataFrame) -> pd.DataFrame:
        own = self.sentences if self.sentences is not None else sentences
        return self.build(own, **dict(self.kwargs))

    def bound(self, sentences: pd.DataFrame) -> FromSentences:
        """The same builder, tied to ``sentences``."""
        return FromSentences(self.build, self.kwargs, sentences)


@dataclass
class Analysis:
    """What :func:`framing.analyze` returns: tidy tables, one per grain.

    ``sentences`` gains a ``cluster`` column and ``clusters``/``coverage``/``alignments`` are
    filled by :func:`framing.cluster_story` (kept separate so moving a clustering control
    never re-scores).
    """

    articles: pd.DataFrame
    sentences: pd.DataFrame
    cues: pd.DataFrame
    quotes: pd.DataFrame
    mentions: pd.DataFrame
    actors: pd.DataFrame
    stance: pd.DataFrame
    lexicon: pd.DataFrame  # the entries in force (LEXICON_COLUMNS)
    settings: Settings = field(default_factory=Settings)
    #: Free annotations an app attaches to a result it holds (the library never reads them).
    extra: dict[str, Any] = field(default_factory=dict)
    #: Articles not in the tables, with the reason (e.g. over the time budget).
    set_aside: tuple[SetAside, ...] = ()
    #: Per article, lexicon and category: count, weight, rate per 100 words
    #: (``framing.scores.CATEGORY_COLUMNS``); ``None`` until scored.
    category_rates: pd.DataFrame | None = None
    #: The actors in force (bundled or given, plus the suggested ones).
    actors_in_force: tuple[Actor, ...] = ()
    #: Names the scoring context (lexicons, actors, bootstrap, seed, budget) for caches.
    context_key: str = ""
    #: Frames per article (FRAME_COLUMNS) and the cue rows behind them (CUE_COLUMNS). The cue
    #: rows may be given as :class:`FromSentences` (as :func:`framing.analyze` does: most
    #: callers never read them); reading the attribute always gives the table.
    frames: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=FRAME_COLUMNS))
    frame_cues: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=CUE_COLUMNS))

    def raw_frame_cues(self) -> pd.DataFrame | FromSentences:
        """:attr:`frame_cues` as held, without building it: a table, or the
        :class:`FromSentences` that builds it (to pass on to a derived analysis)."""
        return self.__dict__["_frame_cues"]

    def set_aside_table(self) -> pd.DataFrame:
        """:attr:`set_aside` as a table (``SET_ASIDE_COLUMNS``; empty when none)."""
        return pd.DataFrame(
            [[getattr(s, c) for c in SET_ASIDE_COLUMNS] for s in self.set_aside],
            columns=SET_ASIDE_COLUMNS,
        )

    def tables(self) -> dict[str, pd.DataFrame]:
        """All tables by name, for export."""
        return {
            "articles": self.articles,
            "sentences": self.sentences,
            "cues": self.cues,
            "quotes": self.quotes,
            "actors": self.actors,
            "mentions": self.mentions,
            "stance": self.stance,
            "frames": self.frames,
        }


_BUILD_LOCK = threading.RLock()


def _get_frame_cues(self: Analysis) -> pd.DataFrame:
    value = self.__dict__["_frame_cues"]
    if isinstance(value, FromSentences):
        with _BUILD_LOCK:  # one build per analysis, even when two threads read it at once
            value = self.__dict__["_frame_cues"]
            if isinstance(value, FromSentences):
                value = value(self.sentences)
                self.__dict__["_frame_cues"] = value
    return value


def _set_frame_cues(self: Analysis, value: pd.DataFrame | FromSentences) -> None:
    self.__dict__["_frame_cues"] = value


# After the class is made, so the dataclass __init__ (which assigns the field) goes through the
# setter and a FromSentences given to it is built only when read.
Analysis.frame_cues = property(  # type: ignore[assignment]
    _get_frame_cues, _set_frame_cues, doc="The frame cue rows (CUE_COLUMNS), built on first read."
)

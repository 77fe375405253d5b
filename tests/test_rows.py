"""Tests of framing.rows: each row type's fields are its table's columns, in order."""

from __future__ import annotations

import pytest

from framing import models, rows


@pytest.mark.parametrize(
    ("row", "columns"),
    [
        (rows.CueRow, models.CUE_COLUMNS),
        (rows.QuoteRow, models.QUOTE_COLUMNS),
        (rows.SentenceRow, models.SENTENCE_COLUMNS),
        (rows.MentionRow, models.MENTION_COLUMNS),
        (rows.ActorRow, models.ACTOR_COLUMNS),
    ],
    ids=lambda x: getattr(x, "__name__", ""),
)
def test_fields_are_the_columns(row: type, columns: list[str]) -> None:
    assert list(row._fields) == list(columns)


def test_a_scored_article_has_named_rows() -> None:
    from framing.models import Article, Settings
    from framing.pipeline import analyze_article, build_context

    ctx = build_context(Settings(bootstrap=10, auto_actors=False))
    result = analyze_article(Article("Daily", "t", "Putin said it may rain. “Yes,” he said."), ctx)
    assert all(isinstance(s, rows.SentenceRow) for s in result.sentences)
    assert all(isinstance(c, rows.CueRow) for c in result.cues)
    assert {c.lexicon for c in result.cues} >= {"hedging", "reporting"}
    assert result.frames()["sentences"].columns.tolist() == models.SENTENCE_COLUMNS

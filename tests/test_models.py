"""The data model: stable ids, frozen articles, hashable settings."""

from __future__ import annotations

import dataclasses

import pytest

from framing.models import Article, ReadError, Settings, article_id


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (("BBC", "text"), ("BBC", "text"), True),
        (("BBC", "text"), ("CNN", "text"), False),
        (("BBC", "text"), ("BBC", "text."), False),
    ],
)
def test_article_id_is_stable_hash_of_outlet_and_text(a, b, same) -> None:
    assert (article_id(*a) == article_id(*b)) is same
    assert len(article_id(*a)) == 12


def test_article_is_frozen_and_keeps_id_on_rename() -> None:
    art = Article(outlet="A", title="t", text="Some text.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        art.outlet = "B"  # type: ignore[misc]
    renamed = art.with_outlet("B")
    assert renamed.outlet == "B" and renamed.id == art.id and renamed.text == art.text


def test_settings_are_hashable_cache_keys() -> None:
    assert hash(Settings()) == hash(Settings())
    assert Settings(bootstrap=3) != Settings()


def test_read_error_message_names_the_file() -> None:
    err = ReadError("report.pdf", "the PDF is encrypted")
    assert str(err) == "report.pdf: the PDF is encrypted"
    assert err.source == "report.pdf"

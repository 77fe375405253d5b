"""The context every chart states about itself, on screen, through AppTest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from framing.models import Article
from framing.store import DB_NAME, ENV_HOME, Store

APP = Path(__file__).resolve().parents[1] / "app.py"
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(ENV_HOME, str(tmp_path))
    return tmp_path


def _subtitles(at: AppTest) -> list[str]:
    out = []
    for chart in at.get("plotly_chart"):
        spec = json.loads(chart.proto.spec)
        out.append(spec["layout"]["title"]["subtitle"]["text"])
    return out


def test_an_outlet_with_two_articles_counts_once_in_the_subtitle(home: Path) -> None:
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.run()
    store = Store(home / DB_NAME, seed=False)
    story = store.stories()[0]
    text = (SAMPLE / "003-russia-keeps-its-distance.txt").read_text(encoding="utf-8")
    # the same outlet as an existing article, with a different text (no near-duplicate)
    outlet = store.articles(story)[0].outlet
    store.add_articles(
        story,
        [Article(outlet=outlet, title="Second piece", text=text[: len(text) // 2] + " Update.")],
    )
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    subtitles = _subtitles(at)
    assert subtitles, "no chart drawn"
    assert all("3 articles from 2 outlets" in s for s in subtitles), subtitles

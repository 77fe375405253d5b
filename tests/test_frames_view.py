"""The Frames view, the frames on Overview cards and in Side by side, through AppTest."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from framing.frames import SCHEMES
from framing.frames.chart import frames_chart
from framing.models import Article
from framing.store import DB_NAME, ENV_HOME, Store
from ui.frames import top_frame_sentences

APP = Path(__file__).resolve().parents[1] / "app.py"
STEPS_IN = "000 · Steps In"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(ENV_HOME, str(tmp_path))
    return tmp_path


@pytest.fixture
def at(home: Path) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def _html(at: AppTest) -> str:
    return "".join(h.proto.body for h in at.get("html"))


def test_frames_view_shows_the_chart_and_the_sentences(at: AppTest) -> None:
    at.segmented_control(key="view").set_value("Frames").run()
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error
    assert len(at.get("plotly_chart")) == 1
    labels = [b.proto.label for b in at.get("download_button")]
    assert any("Frames as CSV" in label for label in labels)
    # the reader checks the economic frame of "Steps In" against its highlighted sentences
    article = at.selectbox(key="frames_article")
    assert STEPS_IN in article.options
    article.select_index(article.options.index(STEPS_IN)).run()
    at.selectbox(key="frames_frame_policy").set_value("Economic").run()
    body = _html(at)
    assert 'class="cue cue-frames"' in body
    assert "economic" in body.lower()
    assert "adds" in body  # the caption says how much the sentence adds to the frame


def test_generic_scheme(at: AppTest) -> None:
    at.segmented_control(key="view").set_value("Frames").run()
    at.segmented_control(key="frames_scheme").set_value("generic").run()
    assert not at.exception
    frames = [o for o in at.selectbox(key="frames_frame_generic").options]
    assert sorted(f.rsplit(" (", 1)[0] for f in frames) == sorted(SCHEMES["generic"])


def test_overview_cards_name_the_leading_frames(at: AppTest) -> None:
    texts = "\n".join(str(c.value) for c in at.caption)
    assert "Frames:" in texts
    assert "Security and defense" in texts


def test_side_by_side_frame_toggle(at: AppTest) -> None:
    at.segmented_control(key="view").set_value("Side by side").run()
    assert "cue-frames" in _html(at)
    assert "Security and defense" in _html(at)  # the frame named on hover
    at.toggle(key="sbs_cat_frames").set_value(False).run()
    after = "".join(h.proto.body for h in at.get("html") if 'class="article"' in h.proto.body)
    assert "cue-frames" not in after


def test_non_english_article_is_named_as_not_scored(at: AppTest, home: Path) -> None:
    store = Store(home / DB_NAME, seed=False)
    story = store.stories()[0]
    text = " ".join(["Le gouvernement a annoncé des mesures économiques contre la crise."] * 6)
    store.add_articles(story, [Article(outlet="Le Journal", title="Crise", text=text)])
    at.run()
    at.segmented_control(key="view").set_value("Frames").run()
    assert not at.exception
    # set aside by default: the banner names it, the frames view does not count it
    assert any("Le Journal" in w.value and "not English" in w.value for w in at.warning)
    assert not any("not scored for frames" in i.value for i in at.info)
    # switched in, the frames view says why it has no frames
    at.toggle(key="include_set_aside").set_value(True).run()
    assert not at.exception
    assert any("not scored for frames" in i.value and "Le Journal" in i.value for i in at.info)


def test_chart_is_readable_at_40_outlets() -> None:
    rows = [
        (f"a{i}", "policy", f, (i * 7 + j) % 10 / 10, (i + j) % 3 == 0, "w (0.1)")
        for i in range(40)
        for j, f in enumerate(SCHEMES["policy"])
    ]
    frames = pd.DataFrame(
        rows, columns=["article_id", "scheme", "frame", "score", "predicted", "top_cues"]
    )
    labels = {f"a{i}": f"Outlet number {i}" for i in range(40)}
    chart = frames_chart(frames, labels, scheme="policy")
    fig = chart.figure.to_dict()
    (heat,) = fig["data"]
    assert len(heat["y"]) == 40 and len(set(heat["y"])) == 40
    assert fig["layout"]["height"] >= 40 * 24  # a row per outlet, never squeezed
    assert len(chart.data) == 40 * len(SCHEMES["policy"])


def test_top_frame_sentences() -> None:
    cues = pd.DataFrame(
        {
            "article_id": ["a"] * 4,
            "sent_id": [0, 0, 1, 2],
            "category": ["policy:Economic"] * 4,
            "weight": [0.2, 0.3, -0.1, 0.1],
        }
    )
    top = top_frame_sentences(cues, article_id="a", category="policy:Economic")
    assert top.index.tolist() == [0, 2]

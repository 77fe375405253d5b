"""The dashboard through Streamlit's AppTest: every view, uploads, renames, removal, edits.

Each test gets its own workspace (``FRAMING_HOME`` in a temporary directory).
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from framing.models import Actor, Article
from framing.store import DB_NAME, ENV_HOME, Store
from framing.tables import axis_order, lexicon_hits, stance_word, top_sentences
from ui.actors import actors_frame, axes_frame, frame_to_actors, frame_to_axes
from ui.clusters import cluster_panels_html
from ui.data import article_notes
from ui.text import md
from ui.upload import ingest_uploads

APP = Path(__file__).resolve().parents[1] / "app.py"
SAMPLE_OUTLETS = ["000 · Steps In", "003 · Keeps Distance"]
GOOD_TEXT = (
    b"Officials reportedly met in Geneva on Tuesday. The talks may resume next week, "
    b"a spokesman said. Critics slammed the brutal delays.\n"
)
VIEWS = {
    # view: minimum number of plotly charts it shows for the sample story
    "Overview": 2,
    "Side by side": 0,
    "Quotes and sources": 1,
    "Clusters": 2,
    "Actors and stance": 2,
    "Data": 0,
}


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


def _store(home: Path) -> Store:
    return Store(home / DB_NAME, seed=False)


def _submit(at: AppTest, label: str) -> None:
    (button,) = [b for b in at.button if b.label == label]
    button.click().run()


def _texts(at: AppTest) -> str:
    parts = [e.value for kind in ("markdown", "text", "caption", "subheader") for e in at.get(kind)]
    return "\n".join(str(p) for p in parts)


# ---- first screen and views ------------------------------------------------------------------
def test_first_screen_shows_sample_story(at: AppTest, home: Path) -> None:
    assert (home / DB_NAME).exists()
    assert at.selectbox(key="story").value == _store(home).stories()[0]
    assert at.segmented_control(key="view").value == "Overview"
    subheaders = [s.value for s in at.subheader]
    for outlet in SAMPLE_OUTLETS:
        assert outlet in subheaders
    stance = [m for m in at.metric if m.label.startswith("Stance on")]
    assert {m.value for m in stance} == {"SUPPORT", "DISTANCE"}  # the contrast, at a glance
    assert len(at.get("plotly_chart")) >= 2
    assert not at.error


@pytest.mark.parametrize(("view", "charts"), VIEWS.items())
def test_each_view_renders(at: AppTest, view: str, charts: int) -> None:
    at.segmented_control(key="view").set_value(view).run()
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error
    assert len(at.get("plotly_chart")) >= charts
    # every chart comes with a CSV of its data
    csv_buttons = [b for b in at.get("download_button") if "CSV" in str(b.proto.label)]
    assert len(csv_buttons) >= charts


def test_side_by_side_highlights_escaped_text(at: AppTest, home: Path) -> None:
    store = _store(home)
    story = store.stories()[0]
    hostile = Article(
        outlet='<script>alert("x")</script> Daily',
        title="<img src=x onerror=alert(1)>",
        text="Officials reportedly said <script>alert(1)</script> the brutal raid may end.",
    )
    store.add_articles(story, [hostile])
    at.run()
    at.toggle(key="include_set_aside").set_value(True).run()  # very short: set aside by default
    at.segmented_control(key="view").set_value("Side by side").run()
    at.multiselect(key="sbs_articles").set_value([hostile.id]).run()
    assert not at.exception
    bodies = [h.proto.body for h in at.get("html")]
    article = [b for b in bodies if 'class="article"' in b]
    assert article, bodies
    assert "&lt;script&gt;" in article[0]
    assert "<script>" not in article[0]
    assert 'class="cue cue-hedging"' in article[0]


def test_category_toggle_removes_highlights(at: AppTest) -> None:
    at.segmented_control(key="view").set_value("Side by side").run()
    before = "".join(h.proto.body for h in at.get("html"))
    assert "cue-hedging" in before
    at.toggle(key="sbs_cat_hedging").set_value(False).run()
    after = "".join(h.proto.body for h in at.get("html") if 'class="article"' in h.proto.body)
    assert "cue-hedging" not in after


def test_clusters_pick_and_pair(at: AppTest) -> None:
    at.segmented_control(key="view").set_value("Clusters").run()
    pick = at.selectbox(key="clusters_pick")
    pick.select_index(len(pick.options) - 1).run()
    assert not at.exception
    assert at.selectbox(key="clusters_pick").index == len(pick.options) - 1
    assert any("sentence" in m.value for m in at.markdown if "·" in m.value)
    assert at.selectbox(key="pair_a").value in SAMPLE_OUTLETS
    assert any("matched pairs" in c.value for c in at.caption)


# ---- uploads ---------------------------------------------------------------------------------
def test_upload_good_and_broken_file(at: AppTest, home: Path) -> None:
    story = at.selectbox(key="story").value
    at.file_uploader[0].set_value(
        [
            ("geneva-daily.txt", GOOD_TEXT, "text/plain"),
            ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "application/pdf"),
        ]
    ).run()
    at.button(key="upload_button").click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and "broken.pdf" in errors[0]
    assert any("Added 1 article" in s.value for s in at.success)
    arts = _store(home).articles(story)
    assert len(arts) == 3
    assert arts[-1].source.startswith("geneva-daily")
    # the new outlet is scored, and named in the banner (too short to compare: set aside)
    assert arts[-1].outlet in at.warning[0].value and "short" in at.warning[0].value
    at.toggle(key="include_set_aside").set_value(True).run()
    assert arts[-1].outlet in [s.value for s in at.subheader]
    # the uploader was cleared
    assert not at.file_uploader[0].value


def test_upload_into_a_new_story(at: AppTest, home: Path) -> None:
    at.file_uploader[0].upload("a.txt", GOOD_TEXT, "text/plain").run()
    at.radio(key="upload_target").set_value("A new story").run()
    at.text_input(key="new_story_name").input("Geneva talks").run()
    at.button(key="upload_button").click().run()
    assert not at.exception
    assert at.selectbox(key="story").value == "Geneva talks"
    assert [a.outlet for a in _store(home).articles("Geneva talks")] != []


def test_upload_needs_a_story_name(at: AppTest, home: Path) -> None:
    at.file_uploader[0].upload("a.txt", GOOD_TEXT, "text/plain").run()
    at.radio(key="upload_target").set_value("A new story").run()
    at.button(key="upload_button").click().run()
    assert [e.value for e in at.error] == ["Give the new story a name first."]
    assert len(_store(home).stories()) == 1


MANY = [(f"wire-{i:02d}.txt", GOOD_TEXT + f"Item {i}.".encode()) for i in range(30)]


@pytest.mark.parametrize(
    ("files", "added", "errors", "warnings"),
    [
        ([("one.txt", GOOD_TEXT)], 1, [], []),
        # two outlets (from the file names) with the same text: two articles
        ([("one.txt", GOOD_TEXT), ("one-again.txt", GOOD_TEXT)], 2, [], []),
        # the same file twice: one article
        ([("one.txt", GOOD_TEXT), ("one.txt", GOOD_TEXT)], 1, [], []),
        ([("empty.txt", b"")], 0, ["empty.txt"], []),
        (
            [("bad.docx", b"PK\x03\x04 not a zip"), ("ok.md", b"# Title\n\n" + GOOD_TEXT)],
            1,
            ["bad.docx"],
            [],
        ),
        (
            [("b.csv", b"outlet,title,text\nA,t," + GOOD_TEXT.strip() + b"\nB,,\n")],
            1,
            [],
            ["b.csv"],
        ),
        (MANY, 30, [], []),
    ],
)
def test_ingest_uploads(
    home: Path,
    files: list[tuple[str, bytes]],
    added: int,
    errors: list[str],
    warnings: list[str],
) -> None:
    store = _store(home)
    calls: list[tuple[int, int]] = []
    out = ingest_uploads(store, "S", files, progress=lambda i, n, name: calls.append((i, n)))
    assert [e.split(":")[0] for e in out.errors] == errors
    assert [w.split(":")[0] for w in out.warnings] == warnings
    assert out.added == added == len(store.articles("S"))
    assert calls[-1] == (len(files), len(files))
    assert len(calls) == len(files) + 1
    # uploading the same batch again adds nothing
    assert ingest_uploads(store, "S", files).added == 0


# ---- sidebar edits ---------------------------------------------------------------------------
def test_rename_outlet(at: AppTest, home: Path) -> None:
    story = at.selectbox(key="story").value
    at.selectbox(key="rename_old").set_value(SAMPLE_OUTLETS[1])
    at.text_input(key="rename_new").input("The Distant Times")
    _submit(at, "Rename")
    assert not at.exception
    assert _store(home).outlets(story) == [SAMPLE_OUTLETS[0], "The Distant Times"]
    assert "The Distant Times" in [s.value for s in at.subheader]
    assert any("Renamed" in s.value for s in at.success)


def test_remove_article(at: AppTest, home: Path) -> None:
    story = at.selectbox(key="story").value
    first = _store(home).articles(story)[0]
    at.selectbox(key="remove_pick").set_value(first.id)
    _submit(at, "Remove article")
    assert not at.exception
    assert [a.id for a in _store(home).articles(story)] != [] and first.id not in [
        a.id for a in _store(home).articles(story)
    ]
    assert first.outlet not in [s.value for s in at.subheader]


@pytest.mark.parametrize("which", [0, 1])
def test_same_outlet_and_headline_pick_the_right_article(
    at: AppTest, home: Path, which: int
) -> None:
    """Two articles labelled alike: removing or showing one must not act on the other."""
    twins = [
        Article(outlet="Wire", title="Talks", text="Officials said talks may resume soon."),
        Article(outlet="Wire", title="Talks", text="Critics slammed the brutal delay today."),
    ]
    store = _store(home)
    store.create_story("Twins")
    store.add_articles("Twins", twins)
    at.run()
    at.selectbox(key="story").set_value("Twins").run()
    at.toggle(key="include_set_aside").set_value(True).run()  # both very short
    at.segmented_control(key="view").set_value("Side by side").run()
    at.multiselect(key="sbs_articles").set_value([twins[which].id]).run()
    assert at.multiselect(key="sbs_articles").value == [twins[which].id]
    bodies = "".join(str(e.proto.body) for e in at.get("html"))
    assert twins[which].text.split()[0] in bodies
    assert twins[1 - which].text.split()[0] not in bodies
    at.selectbox(key="remove_pick").set_value(twins[which].id)
    _submit(at, "Remove article")
    assert [a.id for a in _store(home).articles("Twins")] == [twins[1 - which].id]


def test_delete_story_needs_confirmation(at: AppTest, home: Path) -> None:
    _submit(at, "Delete story")
    assert len(_store(home).stories()) == 1
    at.checkbox(key="delete_sure").check()
    _submit(at, "Delete story")
    assert not at.exception
    assert _store(home).stories() == []
    assert any("No story yet" in h.value for h in at.header)


# ---- edits re-score without restart ----------------------------------------------------------
def test_saved_actor_edit_rescores(at: AppTest, home: Path) -> None:
    story = at.selectbox(key="story").value
    at.segmented_control(key="view").set_value("Actors and stance").run()
    at.session_state[f"actors_editor_{story}_0"] = {
        "edited_rows": {},
        "added_rows": [{"name": "Abbas Araghchi", "aliases": "Araghchi", "kind": "person"}],
        "deleted_rows": [],
    }
    at.button(key="actors_save").click().run()
    assert not at.exception
    saved = _store(home).get_actors(story)
    assert saved is not None and saved[-1] == Actor("Abbas Araghchi", ("Araghchi",), "person")
    mentions = [d.value for d in at.dataframe if "Abbas Araghchi" in d.value]
    assert mentions, "the re-scored mentions table shows the new actor"
    assert mentions[0]["Abbas Araghchi"].sum() > 0


def test_custom_lexicon_rescores(at: AppTest, home: Path) -> None:
    store = _store(home)
    store.add_lexicon("geo", "term,category,weight,source\nTehran,place,1,test\n")
    at.segmented_control(key="view").set_value("Data").run()
    assert not at.exception
    frames = [d.value for d in at.dataframe]
    summary = next(f for f in frames if "lexicon" in f and "hits" in f and "terms" in f)
    row = summary[summary["lexicon"] == "geo"]
    assert len(row) == 1 and int(row["hits"].iloc[0]) > 0


def test_broken_custom_lexicon_gives_one_clear_error(at: AppTest, home: Path) -> None:
    _store(home).add_lexicon("broken", "this,is\nnot a lexicon")
    at.segmented_control(key="view").set_value("Data").run()
    assert not at.exception
    assert len(at.error) == 1
    assert "broken" in at.error[0].value
    # the lexicon can still be removed from the Data view
    at.selectbox(key="lexicon_drop").set_value("broken")
    at.button(key="lexicon_remove").click().run()
    assert _store(home).lexicons() == ()
    assert not at.error


# ---- pure helpers ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("position", "expected"),
    [
        (0.9, "support"),
        (0.2, "support"),
        (0.17, "balanced"),  # the one band of framing.models.BALANCED (findings agree)
        (0.1, "balanced"),
        (-0.1, "balanced"),
        (-0.5, "distance"),
        (float("nan"), "no cues"),
    ],
)
def test_stance_word(position: float, expected: str) -> None:
    assert stance_word(position, "distance", "support") == expected
    assert stance_word(position, "distance", "support", n_cues=0) == "no cues"


def test_axis_order_widest_spread_first() -> None:
    stance = pd.DataFrame(
        {"axis": ["a", "a", "b", "b", "c"], "position": [0.1, 0.2, -0.9, 0.9, float("nan")]}
    )
    assert axis_order(stance) == ["b", "a", "c"]


@pytest.mark.parametrize(
    "actors",
    [
        (Actor("Iran", ("Iran", "Tehran"), "country"),),
        (Actor("A|B", ("x",), "other"), Actor("Solo", ("Solo",), "person")),
    ],
)
def test_actor_table_round_trip(actors: tuple[Actor, ...]) -> None:
    df = actors_frame(actors)
    if any("|" in a.name for a in actors):
        assert frame_to_actors(df)[0].name == "A|B"
    else:
        assert frame_to_actors(df) == actors


def test_actor_table_drops_blank_rows_and_defaults_aliases() -> None:
    df = pd.DataFrame(
        {"name": ["  ", "Kremlin", None], "aliases": ["x", "", "y"], "kind": ["", None, ""]}
    )
    assert frame_to_actors(df) == (Actor("Kremlin", ("Kremlin",), "other"),)


def test_axes_table_round_trip_and_cleaning() -> None:
    from framing.models import AxisTerm

    axes = (
        AxisTerm("role", -1, "distance", "refrained", "me"),
        AxisTerm("role", 1, "support", "backs"),
    )
    assert frame_to_axes(axes_frame(axes)) == axes
    messy = pd.DataFrame(
        {
            "axis": ["r", "", "r"],
            "pole": [5, 1, None],
            "pole_label": ["s", "x", "y"],
            "term": ["t", "u", "v"],
            "source": [None, "", ""],
        }
    )
    assert frame_to_axes(messy) == (AxisTerm("r", 1, "s", "t", ""),)


def test_top_sentences_per_outlet() -> None:
    df = pd.DataFrame(
        {
            "outlet": ["A", "A", "A", "B", "B"],
            "sent_id": [0, 1, 2, 0, 1],
            "intensity": [1.0, 3.0, 0.0, 0.0, 0.0],
            "text": list("abcde"),
        }
    )
    top = top_sentences(df, "intensity", n=2)
    assert list(top["text"]) == ["b", "a"]


def test_article_notes_and_lexicon_hits() -> None:
    arts = pd.DataFrame(
        {
            "outlet": ["A"],
            "title": ["t"],
            "source": ["a.txt"],
            "n_words": [10],
            "flags": ["very_short; near_duplicate:abc"],
            "notes": ["fixed"],
        }
    )
    notes = article_notes(arts, {"very_short": "Very short", "near_duplicate": "Near duplicate of"})
    assert notes["quality flags"].iloc[0] == "Very short; Near duplicate of: abc"
    arts2 = pd.concat(
        [
            arts.assign(article_id="x1"),
            arts.assign(article_id="abc", outlet="B", title="u", flags=""),
        ]
    )
    notes2 = article_notes(arts2, {"near_duplicate": "Same text as"})
    assert notes2["quality flags"].tolist() == ["very short; Same text as: B – u", ""]
    lex = pd.DataFrame(
        {
            "term": ["may", "slam"],
            "category": ["modal", "loaded"],
            "weight": [1.0, 2.0],
            "source": ["", ""],
            "lexicon": ["hedging", "intensity"],
        }
    )
    cues = pd.DataFrame({"lexicon": ["hedging", "hedging"], "term": ["may", "may"]})
    hits = lexicon_hits(lex, cues)
    assert dict(zip(hits["term"], hits["hits"], strict=True)) == {"may": 2, "slam": 0}
    assert lexicon_hits(lex, cues.head(0))["hits"].tolist() == [0, 0]


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("*Daily* _Mail_", "*Daily* _Mail_"),
        ("$5 [x](y) :smile:", "$5 [x](y) :smile:"),
        ("a\nb", "a b"),
    ],
)
def test_md_escapes_markdown(text: str, shown: str) -> None:
    escaped = md(text)
    assert escaped.replace("\\", "") == shown
    assert io.StringIO(escaped).read().count("\\") >= sum(c in "*_$[]():" for c in text)


# ---- caching: what is computed again ---------------------------------------------------------
def test_scoring_is_per_article_and_clustering_controls_never_rescore(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import streamlit as st

    import framing.clusters
    import framing.pipeline

    scored: list[str] = []
    clustered: list[int] = []
    real_article, real_cluster = framing.pipeline.analyze_article, framing.clusters.cluster_story

    def counting_article(article, ctx, **kwargs):  # type: ignore[no-untyped-def]
        scored.append(article.id)
        return real_article(article, ctx, **kwargs)

    def counting_cluster(*args, **kwargs):  # type: ignore[no-untyped-def]
        clustered.append(1)
        return real_cluster(*args, **kwargs)

    monkeypatch.setattr(framing.pipeline, "analyze_article", counting_article)
    monkeypatch.setattr(framing.clusters, "cluster_story", counting_cluster)
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert len(scored) == 2  # the two sample articles
    at.segmented_control(key="view").set_value("Clusters").run()
    n_clustered = len(clustered)
    at.select_slider(key="clusters_k").set_value(3).run()
    at.slider(key="clusters_threshold").set_value(0.7).run()
    assert not at.exception
    assert len(scored) == 2  # moving clustering controls never re-scores
    assert len(clustered) == n_clustered + 2
    at.segmented_control(key="view").set_value("Overview").run()
    at.run()
    assert len(scored) == 2  # reruns and view switches hit the cache
    # one more article: only that one is scored (the others come from the per-article cache)
    story = at.selectbox(key="story").value
    _store(home).add_articles(story, [Article(outlet="Extra", title="x", text="It may rain.")])
    at.run()
    assert not at.exception
    assert len(scored) == 3


def test_data_view_reuses_the_clustering_on_screen(
    at: AppTest, monkeypatch: pytest.MonkeyPatch
) -> None:
    import framing.clusters

    clustered: list[int] = []
    real = framing.clusters.cluster_story

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        clustered.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(framing.clusters, "cluster_story", counting)
    for view in ("Overview", "Clusters", "Data", "Overview"):
        at.segmented_control(key="view").set_value(view).run()
        assert not at.exception
    assert clustered == []  # the overview's clustering serves Clusters and Data too
    csv = [b for b in at.get("download_button") if "CSV" in str(b.proto.label)]
    assert csv  # downloads are still offered (made on click)


@pytest.mark.parametrize(
    ("sentences", "per_row", "columns", "shown", "hidden"),
    [
        ({"A": ["one", "two"]}, 4, 1, ["<strong>A</strong> · 2 sentences", "<p>one</p>"], []),
        ({"A": ["x"], "B": ["y"], "C": ["z"]}, 2, 2, ["· 1 sentence<", "<p>z</p>"], []),
        (
            {"<b>Daily</b>": ["<script>alert(1)</script> & more"]},
            4,
            1,
            ["&lt;b&gt;Daily&lt;/b&gt;", "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more"],
            ["<script>", "<b>Daily"],
        ),
        ({}, 4, 1, [], ["<strong>"]),
    ],
)
def test_cluster_panels_html(
    sentences: dict[str, list[str]], per_row: int, columns: int, shown: list[str], hidden: list[str]
) -> None:
    out = cluster_panels_html(sentences, per_row=per_row)
    assert f"repeat({columns},minmax(0,1fr))" in out
    assert out.count("overflow-y:auto") == len(sentences)  # one scrolling panel per outlet
    for part in shown:
        assert part in out
    for part in hidden:
        assert part not in out


def test_views_import_no_clustering_library_at_start() -> None:
    import subprocess
    import sys

    code = (
        "import sys; import ui.clusters, ui.overview, ui.data, ui.downloads; "
        "print(sorted(m for m in ('sklearn', 'framing.clusters') if m in sys.modules))"
    )
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


# ---- exports and structure -------------------------------------------------------------------
def test_charts_zip_falls_back_to_csv_with_a_note(monkeypatch: pytest.MonkeyPatch) -> None:
    import zipfile

    from framing import report
    from framing.charts import profile_chart
    from tests.fixtures_tables import articles_table
    from ui import downloads

    real = report.figures_zip

    def no_browser(charts, *, images=True, **kw):  # type: ignore[no-untyped-def]
        if images:
            raise RuntimeError("no Chromium here")
        return real(charts, images=False, **kw)

    monkeypatch.setattr(report, "figures_zip", no_browser)
    data = downloads.all_charts_zip([profile_chart(articles_table())])
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        assert "README.txt" in names and "no Chromium here" in zf.read("README.txt").decode()
    assert any(n.endswith(".csv") for n in names)
    assert not any(n.endswith((".png", ".svg")) for n in names)


def test_app_script_is_thin() -> None:
    import ast

    tree = ast.parse(APP.read_text(encoding="utf-8"))
    assert not [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]
    assert len(APP.read_text(encoding="utf-8").splitlines()) < 60


EDGE_ARTICLES = {
    "empty": [],
    "single": [Article(outlet="Solo", title="t", text="Officials reportedly met. It may rain.")],
    "hostile": [
        Article(
            outlet="*Bold* _x_ <b>hi</b> $1$",
            title="1. [link](http://x) :smile:",
            text='He said "we may win". It is <script>alert(1)</script> brutal. Officials agreed.',
        ),
        Article(outlet="Calm", title="c", text="Officials said talks may resume on Monday."),
    ],
}


@pytest.mark.parametrize("case", EDGE_ARTICLES)
def test_every_view_survives_edge_stories(at: AppTest, home: Path, case: str) -> None:
    store = _store(home)
    store.create_story("Edge")
    store.add_articles("Edge", EDGE_ARTICLES[case])
    at.run()  # the picker learns of the new story
    at.selectbox(key="story").set_value("Edge").run()
    for view in VIEWS:
        at.segmented_control(key="view").set_value(view).run()
        assert not at.exception, (view, [e.message for e in at.exception])
        assert not at.error, (view, [e.value for e in at.error])
        if case == "empty":
            assert "no articles yet" in at.info[0].value


def test_big_story_overview_starts_with_a_table(at: AppTest, home: Path) -> None:
    store = _store(home)
    store.add_articles(
        "Big",
        [
            Article(outlet=f"Outlet {i}", title=f"T{i}", text=t.decode())
            for i, (_, t) in enumerate(MANY[:10])
        ],
    )
    at.run()
    at.selectbox(key="story").set_value("Big").run()
    at.toggle(key="include_set_aside").set_value(True).run()  # short near-duplicates
    assert not at.exception
    (table,) = [d.value for d in at.dataframe if "headline" in d.value]
    assert len(table) == 10 and table["outlet"].tolist()[0] == "Outlet 0"
    assert pd.api.types.is_numeric_dtype(table["Hedging"])  # sorts by the number
    at.toggle(key="overview_cards").set_value(True).run()
    assert not at.exception
    cards = [m.value for m in at.markdown if m.value.startswith("| measure | value |")]
    assert len(cards) == 10 and all("| Hedging | **" in c for c in cards)


LEXICON_CSV = b"term,category,weight,source\nTehran,place,1,test\nKremlin,place,1,test\n"


@pytest.mark.parametrize(
    ("scope", "story_only"), [("This story only", True), ("All stories", False)]
)
def test_add_custom_lexicon_through_the_data_view(
    at: AppTest, home: Path, scope: str, story_only: bool
) -> None:
    story = at.selectbox(key="story").value
    at.segmented_control(key="view").set_value("Data").run()
    at.file_uploader(key="lexicon_upload_0").upload("places.csv", LEXICON_CSV, "text/csv").run()
    at.radio(key="lexicon_scope").set_value(scope).run()
    at.button(key="lexicon_add").click().run()
    assert not at.exception and not at.error
    store = _store(home)
    assert dict(store.lexicons(story)) == {"places": LEXICON_CSV.decode()}
    assert (store.lexicons("another story") == ()) is story_only
    summary = next(d.value for d in at.dataframe if "terms" in d.value)
    assert int(summary.loc[summary["lexicon"] == "places", "hits"].iloc[0]) > 0


def test_bad_custom_lexicon_is_refused_with_one_message(at: AppTest, home: Path) -> None:
    at.segmented_control(key="view").set_value("Data").run()
    at.file_uploader(key="lexicon_upload_0").upload(
        "bad.csv", b"just,some\nrandom,cells\n", "text/csv"
    ).run()
    at.button(key="lexicon_add").click().run()
    assert not at.exception
    assert len(at.error) == 1 and "bad" in at.error[0].value
    assert _store(home).lexicons() == ()


def test_saved_axes_edit_rescores(at: AppTest, home: Path) -> None:
    story = at.selectbox(key="story").value
    at.segmented_control(key="view").set_value("Actors and stance").run()
    at.session_state[f"axes_editor_{story}_0"] = {
        "edited_rows": {},
        "added_rows": [
            {"axis": "talks", "pole": -1, "pole_label": "cold", "term": "condemned", "source": "t"},
            {"axis": "talks", "pole": 1, "pole_label": "warm", "term": "close", "source": "t"},
        ],
        "deleted_rows": [],
    }
    at.button(key="axes_save").click().run()
    assert not at.exception
    saved = _store(home).get_axes(story)
    assert saved is not None and [t.axis for t in saved[-2:]] == ["talks", "talks"]
    stance = [c for c in at.get("plotly_chart") if "talks" in c.proto.spec]
    assert stance, "the re-scored stance chart shows the new axis"


def test_rename_needs_a_name(at: AppTest, home: Path) -> None:
    story = at.selectbox(key="story").value
    _submit(at, "Rename")
    assert [e.value for e in at.error] == ["Type the new outlet name first."]
    assert _store(home).outlets(story) == list(SAMPLE_OUTLETS)


@pytest.mark.parametrize(("query", "view"), [("Clusters", "Clusters"), ("nonsense", "Overview")])
def test_view_from_the_address(home: Path, query: str, view: str) -> None:
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.query_params["view"] = query
    app.run()
    assert not app.exception
    assert app.segmented_control(key="view").value == view


# ---- many outlets: comparison set, focus, grain, the address --------------------------------
def test_sortable_summary_sorts_by_numbers_and_shows_intervals() -> None:
    from tests.fixtures_tables import articles_table
    from ui.overview import sortable_summary

    arts = articles_table()
    styler = sortable_summary(arts, pd.DataFrame(columns=["axis"]), [])
    assert pd.api.types.is_numeric_dtype(styler.data["Hedging"])
    shown = styler.to_html()
    lo, hi = arts["hedge_rate_lo"].iloc[0], arts["hedge_rate_hi"].iloc[0]
    assert f"{arts['hedge_rate'].iloc[0]:.2f} [{lo:.2f}, {hi:.2f}]" in shown


_WORDS = {
    "adj": [
        "new",
        "old",
        "local",
        "national",
        "angry",
        "calm",
        "careful",
        "sudden",
        "quiet",
        "public",
    ],
    "noun": [
        "council",
        "minister",
        "union",
        "court",
        "board",
        "agency",
        "mayor",
        "panel",
        "party",
        "school",
    ],
    "verb": [
        "delay",
        "approve",
        "reject",
        "review",
        "extend",
        "end",
        "discuss",
        "change",
        "fund",
        "block",
    ],
    "thing": [
        "plan",
        "budget",
        "vote",
        "deal",
        "rule",
        "ban",
        "tax",
        "project",
        "contract",
        "report",
    ],
    "place": [
        "capital",
        "north",
        "south",
        "valley",
        "harbour",
        "city",
        "region",
        "district",
        "port",
        "county",
    ],
    "day": [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "weekend",
        "morning",
        "evening",
    ],
}


def _prose(seed: int, sentences: int = 10) -> str:
    """English-looking news prose (~120 words), different for every seed (no near-duplicate)."""
    import random

    rnd = random.Random(seed)
    out = []
    for _ in range(sentences):
        w = {k: rnd.choice(v) for k, v in _WORDS.items()}
        out.append(
            f"The {w['adj']} {w['noun']} said on {w['day']} that it may {w['verb']} the "
            f"{w['thing']} in the {w['place']} after {rnd.randint(2, 99)} days."
        )
    return " ".join(out)


SPANISH = (
    "El presidente del consejo anunció el martes que las conversaciones con los sindicatos se "
    "reanudarán la próxima semana en la capital, según fuentes del gobierno. "
) * 6


def _many(n: int, *, extra: tuple[Article, ...] = ()) -> list[Article]:
    return [
        Article(outlet=f"Outlet {i:02d}", title=f"Headline {i}", text=_prose(i)) for i in range(n)
    ] + list(extra)


def _story(home: Path, at: AppTest, name: str, articles: list[Article]) -> None:
    _store(home).add_articles(name, articles)
    at.run()
    at.selectbox(key="story").set_value(name).run()
    assert not at.exception, [e.message for e in at.exception]


def _findings_text(at: AppTest) -> str:
    return "\n".join(m.value for m in at.markdown if m.value.startswith("- "))


def test_set_aside_banner_names_each_article_and_the_switch_includes_them(
    at: AppTest, home: Path
) -> None:
    spanish = Article(outlet="El Diario", title="Conversaciones", text=SPANISH)
    copy = Article(outlet="Wire Copy", title="Headline 0", text=_prose(0) + " Updated.")
    _story(home, at, "Many", _many(10, extra=(spanish, copy)))
    (banner,) = [w.value for w in at.warning if "set aside" in w.value]
    assert "2 articles set aside" in banner
    assert "El Diario" in banner and "not English" in banner
    assert "near-duplicate" in banner
    findings = _findings_text(at)
    assert findings and "El Diario" not in findings
    (table,) = [d.value for d in at.dataframe if "headline" in d.value]
    assert len(table) == 10 and "El Diario" not in set(table["outlet"])
    # nothing is deleted: the Data view lists every article with its status
    at.segmented_control(key="view").set_value("Data").run()
    notes = next(d.value for d in at.dataframe if "compared" in d.value)
    assert len(notes) == 12
    assert notes.loc[notes["outlet"] == "El Diario", "compared"].iloc[0].startswith("set aside")
    # one switch brings them in
    at.toggle(key="include_set_aside").set_value(True).run()
    at.segmented_control(key="view").set_value("Overview").run()
    assert not at.exception
    (table,) = [d.value for d in at.dataframe if "headline" in d.value]
    assert len(table) == 12 and "El Diario" in set(table["outlet"])
    assert not [w for w in at.warning if "set aside;" in w.value]
    (note,) = [i.value for i in at.info if "flagged" in i.value]
    assert "El Diario" in note and "not English" in note  # still named while compared


def test_focus_outlets_are_coloured_and_kept_in_the_address(at: AppTest, home: Path) -> None:
    from framing.comparison import FOCUS_COLORS, GREY

    _story(home, at, "Many", _many(10))
    assert at.multiselect(key="focus_pick").value == []
    at.multiselect(key="focus_pick").set_value(["Outlet 03", "Outlet 07"]).run()
    assert not at.exception
    assert at.query_params["focus"] == ["Outlet 03", "Outlet 07"]
    assert at.query_params["story"] == "Many"
    spec = "".join(c.proto.spec for c in at.get("plotly_chart"))
    assert FOCUS_COLORS[0] in spec and FOCUS_COLORS[1] in spec and GREY in spec
    # the focus outlets' cards are shown above the table
    assert [s.value for s in at.subheader][:2] == ["Outlet 03", "Outlet 07"]
    # side by side opens with the focus outlets' articles
    at.segmented_control(key="view").set_value("Side by side").run()
    picked = at.multiselect(key="sbs_articles")
    assert [picked.format_func(i) for i in picked.value] == ["Outlet 03", "Outlet 07"]
    at.segmented_control(key="view").set_value("Overview").run()
    # no focus picker where every row is coloured anyway (the sample story: two articles)
    at.selectbox(key="story").set_value(_store(home).stories()[0]).run()
    assert not at.exception
    assert not [m for m in at.multiselect if m.key == "focus_pick"]


@pytest.mark.parametrize("view", ["Clusters", "Quotes and sources"])
def test_a_shared_link_opens_the_same_story_view_and_focus(home: Path, view: str) -> None:
    store = Store(home / DB_NAME)
    store.add_articles("Many", _many(10))
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.query_params["story"] = "Many"
    app.query_params["view"] = view
    app.query_params["focus"] = ["Outlet 05", "nonsense"]
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    assert app.selectbox(key="story").value == "Many"
    assert app.segmented_control(key="view").value == view
    assert app.multiselect(key="focus_pick").value == ["Outlet 05"]


def test_an_unknown_story_in_the_address_opens_the_first(home: Path) -> None:
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.query_params["story"] = "no such story"
    app.run()
    assert not app.exception
    first = _store(home).stories()[0]
    assert app.selectbox(key="story").value == first
    assert app.query_params["story"] == first


def test_grain_switch_compares_outlets(at: AppTest, home: Path) -> None:
    twice = [
        Article(outlet="Outlet 00", title="Second take", text=_prose(100), published="2024-02-02")
    ]
    _story(home, at, "Many", _many(9, extra=tuple(twice)))
    (table,) = [d.value for d in at.dataframe if "headline" in d.value]
    rows = [o for o in table["outlet"] if o.startswith("Outlet 00")]
    assert len(table) == 10 and len(rows) == 2 and len(set(rows)) == 2  # told apart
    at.segmented_control(key="grain").set_value("outlets").run()
    assert not at.exception, [e.message for e in at.exception]
    assert at.query_params.get("grain") in (None, "outlets")  # bound: the browser sets it
    (table,) = [d.value for d in at.dataframe if "headline" in d.value]
    assert len(table) == 9 and "Outlet 00" in set(table["outlet"])
    for view in VIEWS:  # every view draws the outlet grain
        at.segmented_control(key="view").set_value(view).run()
        assert not at.exception, (view, [e.message for e in at.exception])


def test_omissions_by_cluster_one_row_per_cluster() -> None:
    from ui.clusters import omissions_by_cluster

    coverage = pd.DataFrame(
        {
            "outlet": ["A", "B", "C", "A", "B", "C"],
            "cluster": [0, 0, 0, 1, 1, 1],
            "label": ["talks", "talks", "talks", "strikes", "strikes", "strikes"],
            "sentences": [2, 1, 0, 3, 0, 0],
            "omitted": [False, False, True, False, True, True],
        }
    )
    table = omissions_by_cluster(coverage)
    assert table.to_dict("records") == [
        {"cluster": "talks", "covered by": 2, "left out by": 1, "outlets leaving it out": "C"},
        {"cluster": "strikes", "covered by": 1, "left out by": 2, "outlets leaving it out": "B, C"},
    ]
    assert omissions_by_cluster(coverage.assign(omitted=False)).empty


def test_the_repl_check_flag_the_app_skips_still_exists():
    """ui.state.skip_repl_check sets a private Streamlit flag; if an upgrade renames it, the
    first render would pay the check again (0.5-0.9 s): fail here instead."""
    import streamlit.delta_generator as dg

    from ui.state import skip_repl_check

    assert hasattr(dg, "_use_warning_has_been_displayed")
    before = dg._use_warning_has_been_displayed
    try:
        skip_repl_check()
        assert dg._use_warning_has_been_displayed is True
    finally:
        dg._use_warning_has_been_displayed = before

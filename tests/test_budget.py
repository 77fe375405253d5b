"""The time budget per article: a slow article is set aside, the rest of the story is analysed.

A stage is made slow on purpose with a test double (it sleeps when the article holds
``MARK``), in the library, the command line, the partitioned engine and the dashboard.
"""

from __future__ import annotations

import time
from pathlib import Path

import pandas as pd
import pytest

from framing import budget, pipeline, stages
from framing.budget import Deadline, TooSlow, default_budget
from framing.models import Article, Settings

MARK = "Zyxwvut"  # a word no real article holds: the double is slow only on that article
BUDGET = 1.0  # seconds: ordinary test articles take milliseconds
SLEEP = 1.6  # seconds the double sleeps (over the budget, with room for a busy machine)
GOOD = [
    f"Officials said talks may resume in city {i}. Critics slammed the plan, a spokesman said."
    for i in range(19)
]
SLOW_TEXT = f"The {MARK} report said the talks may resume. “It is over,” he said."


def _slow(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Make ``framing.stages.<name>`` sleep ``SLEEP`` s when its input holds ``MARK``."""
    real = getattr(stages, name)

    def slow(first, *args, **kwargs):
        texts = [first] if isinstance(first, str) else list(first)
        if any(MARK in t for t in texts):
            time.sleep(SLEEP)
        return real(texts if not isinstance(first, str) else first, *args, **kwargs)

    monkeypatch.setattr(stages, name, slow)


def _story() -> list[Article]:
    good = [Article(f"Outlet {i}", f"Headline {i}", t) for i, t in enumerate(GOOD)]
    return [
        *good[:7],
        Article("Slow Times", "The slow one", SLOW_TEXT, source="slow.txt"),
        *good[7:],
    ]


# ---- the deadline ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("budget", "elapsed", "raises"),
    [(None, 1e9, False), (1.0, 0.5, False), (1.0, 1.0, False), (1.0, 1.01, True), (0.0, 0.1, True)],
)
def test_deadline(budget: float | None, elapsed: float, raises: bool) -> None:
    clock = iter([100.0, 100.0 + elapsed]).__next__
    deadline = Deadline(budget, clock=clock)
    if raises:
        with pytest.raises(TooSlow) as err:
            deadline.check("quotes")
        assert (err.value.stage, err.value.budget) == ("quotes", budget)
    else:
        deadline.check("quotes")


@pytest.mark.parametrize(
    ("env", "expected"),
    [(None, 30.0), ("", 30.0), ("12.5", 12.5), ("0", None), ("-3", None), ("soon", 30.0)],
)
def test_default_budget_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, env: str | None, expected: float | None
) -> None:
    if env is None:
        monkeypatch.delenv(budget.ENV_VAR, raising=False)
    else:
        monkeypatch.setenv(budget.ENV_VAR, env)
    assert default_budget() == expected


# ---- the pipeline ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stage", "where"),
    [
        ("split_sentences", "splitting sentences"),
        ("find_quotes", "finding quotations"),
        ("polarity_rows", "scoring sentiment"),
        ("target_tone", "finding actors"),
    ],
)
def test_a_slow_stage_sets_one_article_aside_and_the_rest_is_analysed(
    monkeypatch: pytest.MonkeyPatch, stage: str, where: str
) -> None:
    _slow(monkeypatch, stage)
    story = _story()
    if stage == "target_tone":  # the double needs an actor mention in the slow article
        story[7] = Article(
            "Slow Times", "The slow one", f"Putin {MARK} said it may rain.", source="slow.txt"
        )
    result = pipeline.analyze(story, Settings(time_budget=BUDGET, bootstrap=50))
    assert len(result.articles) == 19
    assert "Slow Times" not in set(result.articles["outlet"])
    for table in (result.sentences, result.cues, result.quotes, result.mentions):
        assert "Slow Times" not in set(table["outlet"])
    (aside,) = result.set_aside
    assert aside.outlet == "Slow Times" and aside.article_id == story[7].id
    assert aside.reason == (
        f"took too long to analyse (over {BUDGET:g} s, stopped while {where}); set aside"
    )
    assert aside.message.startswith("Slow Times · The slow one (slow.txt): took too long")
    table = result.set_aside_table()
    assert list(table["outlet"]) == ["Slow Times"]


def test_without_a_budget_the_slow_article_is_analysed(monkeypatch: pytest.MonkeyPatch) -> None:
    _slow(monkeypatch, "find_quotes")
    result = pipeline.analyze(_story(), Settings(time_budget=None, bootstrap=50))
    assert len(result.articles) == 20 and not result.set_aside


def test_the_budget_is_part_of_the_context_key() -> None:
    # a result set aside under one budget is never served under another (the app's cache)
    keys = {pipeline.build_context(Settings(time_budget=b)).key for b in (None, 1.0, 30.0)}
    assert len(keys) == 3


def test_set_aside_results_stack_like_results() -> None:
    ctx = pipeline.build_context(Settings(time_budget=BUDGET, bootstrap=50))
    story = _story()[:3]
    results = [pipeline.score_article(a, ctx) for a in story]
    aside = pipeline.SetAside(story[1].id, story[1].outlet, story[1].title, "", "set aside")
    results[1] = aside
    result = pipeline.assemble(story, results, ctx)
    assert list(result.articles["article_id"]) == [story[0].id, story[2].id]
    assert result.set_aside == (aside,)


# ---- the command line and the engine ---------------------------------------------------------


def _write_story(folder: Path) -> list[str]:
    paths = []
    for i, article in enumerate(_story()):
        path = folder / f"{i:02d}-{article.outlet.replace(' ', '-').lower()}.txt"
        path.write_text(f"{article.title}\n\n{article.text}\n", encoding="utf-8")
        paths.append(str(path))
    return paths


def test_cli_sets_the_slow_article_aside(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from framing.cli import main

    _slow(monkeypatch, "find_quotes")
    paths = _write_story(tmp_path)
    out = tmp_path / "out"
    code = main(["analyze", *paths, "--out", str(out), "--time-budget", str(BUDGET),
                 "--bootstrap", "50", "--no-clusters"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 0
    assert len(pd.read_csv(out / "articles.csv")) == 19
    aside = pd.read_csv(out / "set_aside.csv")
    assert list(aside["title"]) == ["The slow one"]
    assert err.count("set aside:") == 1
    assert "07-slow-times.txt" in err and "took too long to analyse" in err


def test_cli_time_budget_zero_means_no_limit(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from framing.cli import main

    _slow(monkeypatch, "find_quotes")
    paths = _write_story(tmp_path)[6:9]
    out = tmp_path / "out"
    code = main(["analyze", *paths, "--out", str(out), "--time-budget", "0",
                 "--bootstrap", "50", "--no-clusters", "--quiet"])  # fmt: skip
    assert code == 0
    assert len(pd.read_csv(out / "articles.csv")) == 3
    assert not (out / "set_aside.csv").exists()


def test_cli_fails_when_every_article_is_set_aside(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from framing.cli import main

    _slow(monkeypatch, "find_quotes")
    path = tmp_path / "slow.txt"
    path.write_text(f"Headline\n\n{SLOW_TEXT}\n", encoding="utf-8")
    code = main(["analyze", str(path), "--out", str(tmp_path / "out"), "--time-budget",
                 str(BUDGET), "--no-clusters", "--quiet"])  # fmt: skip
    assert code == 1
    assert "every article was set aside" in capsys.readouterr().err


def test_partitioned_engine_writes_the_set_aside_table(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from framing.engine import analyze_partitioned

    _slow(monkeypatch, "find_quotes")
    paths = _write_story(tmp_path)
    written = analyze_partitioned(
        paths,
        tmp_path / "out",
        settings=Settings(time_budget=BUDGET, bootstrap=50),
        partition_size=6,
        format="csv",
    )
    assert len(pd.read_csv(written["articles"])) == 19
    assert list(pd.read_csv(written["set_aside"])["outlet"]) == [
        "07-slow-times"
    ]  # outlet from the file name


# ---- the dashboard ---------------------------------------------------------------------------


def test_upload_of_twenty_with_one_slow_file_shows_nineteen_and_one_message(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Through the app's own uploader: the adversarial family, issue 10's reproducer, good
    articles and one article whose quotation stage is slow, in ONE batch."""
    from adversarial import FAMILY, REPRODUCER, article_bytes
    from streamlit.testing.v1 import AppTest

    from framing.store import ENV_HOME

    app_budget, app_sleep = 3.0, 4.0  # the adversarial files take a fraction of a second
    real = stages.find_quotes

    def slow(text, *args, **kwargs):
        if MARK in text:
            time.sleep(app_sleep)
        return real(text, *args, **kwargs)

    monkeypatch.setattr(stages, "find_quotes", slow)
    monkeypatch.setenv(ENV_HOME, str(tmp_path))
    monkeypatch.setenv(budget.ENV_VAR, str(app_budget))
    files = [(*article_bytes(name, 40), "text/plain") for name in FAMILY]
    files.append(("reproducer.txt", f"Wire\n\n{REPRODUCER} “No,” he said.".encode(), "text/plain"))
    files += [
        (f"good-{i}.txt", f"Headline {i}\n\n{GOOD[i]}\n".encode(), "text/plain")
        for i in range(19 - len(files))
    ]
    files.append(("slow-times.txt", f"The slow one\n\n{SLOW_TEXT}\n".encode(), "text/plain"))
    assert len(files) == 20

    app = Path(__file__).resolve().parents[1] / "app.py"
    at = AppTest.from_file(str(app), default_timeout=240)
    at.run()
    at.file_uploader[0].set_value(files).run()
    at.radio(key="upload_target").set_value("A new story").run()
    at.text_input(key="new_story_name").input("Budget batch").run()
    at.button(key="upload_button").click().run()
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    warnings = [w.value for w in at.warning if "set aside" in w.value]
    assert len(warnings) == 1, [w.value for w in at.warning]
    (shown,) = warnings
    assert shown.startswith("1 article set aside; the other 19 are analysed")
    assert "The slow one" in shown and "took too long to analyse" in shown
    assert shown.count("took too long") == 1
    assert any("20 articles" in c.value for c in at.caption)  # nothing was deleted
    # the Data view lists it with its reason
    at.segmented_control(key="view").set_value("Data").run()
    assert not at.exception
    assert any("Set aside" in h.value for h in at.subheader)
    tables = [df.value for df in at.dataframe if "reason" in df.value.columns]
    assert len(tables) == 1 and list(tables[0]["title"]) == ["The slow one"]


@pytest.mark.parametrize("n", [1, 3, 4, 12])
def test_the_set_aside_message_reads_at_any_count(n: int) -> None:
    """One warning; up to three articles listed in it, more in an expander below."""
    from streamlit.testing.v1 import AppTest

    def script(n: int) -> None:
        from framing.models import Analysis, SetAside
        from tests.fixtures_tables import articles_table
        from ui import page

        tables = [articles_table() for _ in range(8)]
        asides = tuple(
            SetAside(f"id{i}", f"Outlet {i}", f"Title {i}", "", "took too long") for i in range(n)
        )
        page.set_aside(Analysis(*tables, set_aside=asides))

    at = AppTest.from_function(script, args=(n,)).run()
    assert not at.exception, [e.message for e in at.exception]
    (warning,) = at.warning
    assert warning.value.startswith(f"{n} article{'s' * (n != 1)} set aside")
    listed = warning.value.count("took too long")
    assert listed == (n if n <= 3 else 0)
    if n > 3:
        (exp,) = at.expander
        assert exp.label == f"The {n} articles set aside, and why"
        assert at.markdown[-1].value.count("took too long") == n

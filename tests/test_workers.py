"""framing.workers: scoring in forked processes gives the same tables as one process."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pandas as pd
import pytest
from story40 import require_story40, story40

import framing.pipeline
from framing.cli import main
from framing.ingest import load_sample
from framing.models import Article, Settings
from framing.pipeline import analyze
from framing.quality import non_english, quality_flags
from framing.workers import can_fork, default_jobs

pytestmark = pytest.mark.skipif(not can_fork(), reason="worker processes need fork")

TABLES = ("articles", "sentences", "cues", "quotes", "mentions", "actors", "stance", "frames")


def _slow(article: Article) -> Article:
    # a near copy of an article, from an outlet whose quotes take a second to find
    return dataclasses.replace(article, outlet="Slow Daily", text=article.text + " More.", id="")


@pytest.fixture
def slow_quotes(monkeypatch: pytest.MonkeyPatch) -> None:
    real = framing.pipeline.quote_rows

    def quote_rows(sents, ctx, reporting):
        if sents.article.outlet == "Slow Daily":
            time.sleep(1.0)  # over the time budget: the article is set aside
        return real(sents, ctx, reporting)

    monkeypatch.setattr(framing.pipeline, "quote_rows", quote_rows)  # forked workers see it


@pytest.fixture
def one_per_job(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(framing.pipeline, "MIN_PER_JOB", 1)  # fork even for a few articles


@pytest.mark.parametrize("jobs", [2, 3])
def test_worker_processes_give_the_same_tables(one_per_job: None, jobs: int) -> None:
    require_story40()
    articles = story40(12)
    settings = Settings(bootstrap=100)
    one = analyze(articles, settings, jobs=1)
    done: list[tuple[int, int]] = []
    many = analyze(articles, settings, jobs=jobs, progress=lambda d, t: done.append((d, t)))
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(many, name), getattr(one, name), obj=name)
    pd.testing.assert_frame_equal(many.frame_cues, one.frame_cues)
    assert one.frames["article_id"].nunique() < len(one.articles)  # non-English: no frames
    assert done[-1] == (12, 12) and [d for d, _ in done] == sorted(d for d, _ in done)


def test_an_article_set_aside_in_a_worker_leaves_the_flags_of_the_rest(
    one_per_job: None, slow_quotes: None
) -> None:
    articles = [*load_sample(), _slow(load_sample()[0])]
    settings = Settings(bootstrap=50, time_budget=0.5)
    one = analyze(articles, settings, jobs=1)
    many = analyze(articles, settings, jobs=2)
    assert [s.outlet for s in many.set_aside] == ["Slow Daily"] == [s.outlet for s in one.set_aside]
    # the copy set aside is no near-duplicate partner of the article it repeats
    assert not many.articles["flags"].str.contains("near_duplicate").any()
    pd.testing.assert_frame_equal(many.articles, one.articles)


def test_small_batches_stay_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def no(*args, **kwargs):
        raise AssertionError("forked for two articles")

    monkeypatch.setattr(framing.pipeline, "score_in_processes", no)
    assert len(analyze(load_sample(), Settings(bootstrap=20), jobs=4).articles) == 2
    assert 1 <= default_jobs() <= 4


def test_non_english_is_the_flags_rule() -> None:
    require_story40()
    articles = [*story40(40), *load_sample()]
    flags = quality_flags(articles)
    for a in articles:
        assert non_english(a.text) == ("non_english" in flags[a.id]), a.outlet
    assert sum(non_english(a.text) for a in articles) >= 2


def test_command_line_jobs_write_the_same_tables(one_per_job, tmp_path: Path) -> None:
    require_story40()
    bundle = tmp_path / "story.jsonl"
    bundle.write_text(
        "".join(
            pd.Series({"outlet": a.outlet, "title": a.title, "text": a.text}).to_json() + "\n"
            for a in story40(8)
        ),
        encoding="utf-8",
    )
    outs = {}
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}"
        assert main(["analyze", str(bundle), "--out", str(out), "--quiet", "--jobs", str(jobs),
                     "--bootstrap", "50"]) == 0  # fmt: skip
        outs[jobs] = out
    names = sorted(p.name for p in outs[1].iterdir())
    assert "clusters.csv" in names and "frames.csv" in names
    assert names == sorted(p.name for p in outs[2].iterdir())
    for name in names:
        assert (outs[1] / name).read_bytes() == (outs[2] / name).read_bytes(), name

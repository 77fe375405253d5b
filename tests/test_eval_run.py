"""The evaluation harness end to end on a tiny synthetic data directory with a fake scorer.

The real scorer is the project's CLI (measured by ``python -m eval``); here the CLI calls are
replaced by a transparent fake so the table arithmetic can be checked by hand.
"""

from __future__ import annotations

import json
import math
import sys
import types
from pathlib import Path
from types import SimpleNamespace
from typing import ClassVar

import pandas as pd
import pytest

import framing
from eval import audit, backend, run
from eval.metrics import jaccard


def _write(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


def _count(text: str, word: str) -> int:
    return sum(w.strip(".,").lower() == word for w in text.split())


def fake_sentences(records, *, via="cli"):
    rows = []
    for r in records:
        text = r["text"]
        tone = 0.5 if "good" in text else -0.5 if "bad" in text else 0.0
        row = {
            **r,
            "n_words": len(text.split()),
            "hedge": float(_count(text, "may")),
            "intensity": float(_count(text, "very")),
            "sentiment": tone,
        }
        if "target" in r:
            # tone toward the target: the word right after it decides
            after = [w.strip(",") for w in text[r["end"] :].split()[:1]]
            row["target_tone"] = 0.5 if after == ["good"] else -0.5 if after == ["bad"] else 0.0
        rows.append(row)
    return pd.DataFrame(rows)


def fake_pairs(a, b, *, via="cli"):
    return pd.DataFrame({"similarity": [jaccard(x, y) for x, y in zip(a, b, strict=True)]})


def fake_analyze(articles, *, via="cli"):
    words = articles["text"].str.split().str.len()
    very = articles["text"].map(lambda t: _count(t, "very"))
    return pd.DataFrame(
        {
            "story": articles["story"],
            "outlet": articles["outlet"],
            "intensity_rate": 100 * very / words,
            "sentiment_mean": 0.0,
        }
    )


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    _write(
        d / "hedging/conll2010_wiki_train.jsonl",
        [
            {"text": "It may rain.", "uncertain": True},
            {"text": "It may be so.", "uncertain": True},
            {"text": "Some say it is.", "uncertain": True},  # missed
            {"text": "It is so.", "uncertain": False},
            {"text": "In May it may snow.", "uncertain": False},  # false alarm
        ],
    )
    for part in ("abstracts", "full_papers"):
        _write(
            d / f"hedging/bioscope_{part}.jsonl",
            [
                {"text": "X may bind Y.", "uncertain": True, "cue_spans": [{"start": 2, "end": 5}]},
                {"text": "X binds Y.", "uncertain": False, "cue_spans": []},
            ],
        )
    (d / "hedging/weasel_cues_train_counts.tsv").write_text("cue\tcount\nmay\t5\nsome\t4\n")
    _write(
        d / "bias/babe_sg2.jsonl",
        [
            {"text": "A very very bad plan.", "biased": True, "biased_words": ["very"]},
            {"text": "A very long day.", "biased": False, "biased_words": []},
            {"text": "A plan.", "biased": False, "biased_words": []},
            {"text": "Unlabelled.", "biased": None, "biased_words": []},
        ],
    )
    _write(
        d / "bias/ptc2020_train_sentences.jsonl",
        [
            {"text": "very bad", "loaded_language": True},
            {"text": "so so", "loaded_language": False},
            {"text": "a very long long tale", "loaded_language": True},
            {"text": "a b c d e", "loaded_language": False},
            {"text": "", "loaded_language": False},
        ],
    )
    events = [("e1", "A", "very very good day here", [True, True]),
              ("e1", "B", "a good day here too", [False, True]),
              ("e1", "C", "very quiet day here", [False, False]),
              ("e2", "A", "quiet", [False]),
              ("e2", "B", "very loud", [True])]  # fmt: skip
    arts, sents = [], []
    for i, (event, outlet, text, flags) in enumerate(events):
        arts.append({"id": f"a{i}", "event_id": event, "event": event, "outlet": outlet,
                     "title": "t", "date": "2020-01-01", "url": "", "text": text})  # fmt: skip
        sents += [
            {"article_id": f"a{i}", "event_id": event, "outlet": outlet, "sent_index": j,
             "text": text, "lexical_bias": f, "informational_bias": False}
            for j, f in enumerate(flags)
        ]  # fmt: skip
    _write(d / "basil_dev/articles.jsonl", arts)
    _write(d / "basil_dev/sentences.jsonl", sents)
    _write(
        d / "basil_dev/bias_spans.jsonl",
        [{"article_id": "a0", "bias": "lex", "start": 0, "end": 4}],
    )
    _write(
        d / "newsmtsc/train.jsonl",
        [
            {"text": "Ann good, Bob bad", "target": "Ann", "start": 0, "end": 3, "polarity": "positive"},
            {"text": "Ann good, Bob bad", "target": "Bob", "start": 10, "end": 13, "polarity": "negative"},
            {"text": "Cy met Di", "target": "Cy", "start": 0, "end": 2, "polarity": "neutral"},
        ],
    )  # fmt: skip
    _write(
        d / "paraphrase/msrp_train.jsonl",
        [
            {"s1": "a b c d", "s2": "a b c d", "label": 1},
            {"s1": "a b c d", "s2": "a b c e", "label": 1},
            {"s1": "a b", "s2": "c d", "label": 0},
        ],
    )
    _write(
        d / "sentiment/vader_nyt_editorials.jsonl",
        [
            {"text": "good", "gold_mean": 2.0},
            {"text": "bad", "gold_mean": -1.0},
            {"text": "meh", "gold_mean": 0.5},
        ],
    )
    return d


@pytest.fixture
def fake_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(backend, "score_sentences", fake_sentences)
    monkeypatch.setattr(backend, "score_pairs", fake_pairs)
    monkeypatch.setattr(backend, "analyze_articles", fake_analyze)
    clusters = types.ModuleType("framing.clusters")
    clusters.DEFAULT_THRESHOLD = 0.6
    monkeypatch.setitem(sys.modules, "framing.clusters", clusters)
    # `from framing import clusters` reads the package attribute first when the real module
    # was imported earlier in the session
    monkeypatch.setattr(framing, "clusters", clusters, raising=False)


def _rows(data_dir: Path, only: list[str]) -> dict[str, run.Row]:
    rows, timings, errors = run.run(data_dir, only=only, log=lambda _: None)
    assert errors == {}
    assert set(timings) == set(only)
    return {row.dataset: row for row in rows}


def test_hedging_rows(data_dir: Path, fake_backend: None) -> None:
    rows = _rows(data_dir, ["hedging"])
    conll = rows["conll2010_wiki_train"]
    # flagged: rows 0, 1, 4; gold: 0, 1, 2 -> P 2/3, R 2/3
    assert conll.n == 5
    assert conll.figure == pytest.approx(2 / 3)
    assert (conll.baseline, conll.baseline_kind, conll.target) == (0.53, "ref", 0.65)
    assert rows["bioscope_abstracts"].figure == pytest.approx(1.0)
    assert rows["bioscope_full_papers"].target is None


def test_intensity_rows(data_dir: Path, fake_backend: None) -> None:
    rows = _rows(data_dir, ["intensity"])
    babe = rows["babe_sg2"]
    assert babe.n == 3  # the unlabelled item is dropped
    assert babe.figure == pytest.approx(1.0)  # 2/5 words > 1/4 > 0
    assert babe.baseline == pytest.approx(1.0)  # |VADER|: only the biased one is "bad"
    ptc = rows["ptc2020_train"]
    assert ptc.n == 4  # empty line dropped
    # two length bands ({2, 2} and {5, 5}); in each, the positive has the higher rate
    assert ptc.figure == pytest.approx(1.0)
    assert "basil_sentences" in rows


def test_basil_pairwise_rows(data_dir: Path, fake_backend: None) -> None:
    rows, _, errors = run.run(data_dir, only=["basil"], log=lambda _: None)
    assert errors == {}
    share, spans = rows
    # e1: shares A 1.0, B 0.5, C 0.0; rates A 40, B 0, C 25 -> (A,B) yes, (A,C) yes, (B,C) no
    # e2: shares A 0, B 1; rates A 0, B 50 -> yes.  4 pairs, 3 agree.
    assert (share.n, share.figure, share.target) == (4, pytest.approx(0.75), 0.70)
    assert share.baseline == pytest.approx(0.5)  # sentiment_mean all ties
    # spans per 100 words: only a0 has one -> in e1, (B,C) tie skipped; e2 tie skipped
    assert (spans.n, spans.figure) == (2, pytest.approx(1.0))


def test_tone_paraphrase_vader_rows(data_dir: Path, fake_backend: None) -> None:
    rows = _rows(data_dir, ["tone", "paraphrase", "vader"])
    tone = rows["newsmtsc_train"]
    assert tone.figure == pytest.approx(1.0)
    assert tone.baseline < tone.figure  # whole-sentence tone is positive for both targets
    para = rows["msrp_train"]  # the fake clusters module has no PARAPHRASE_THRESHOLD
    assert para.measure == "accuracy of similarity >= DEFAULT_THRESHOLD (0.6)"
    # Jaccard 1.0, 0.6, 0.0 at threshold 0.6 -> all correct
    assert para.figure == pytest.approx(1.0)
    assert para.baseline == pytest.approx(1.0)
    vader = rows["vader_nyt_editorials"]
    assert 0.9 < vader.figure <= 1.0
    assert vader.baseline_kind == "ref"


def test_missing_data_is_reported_not_raised(tmp_path: Path, fake_backend: None) -> None:
    rows, _, errors = run.run(tmp_path, only=["vader"], log=lambda _: None)
    assert rows == []
    assert "vader_nyt_editorials.jsonl" in errors["vader"]


def test_unknown_section_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown section"):
        run.run(tmp_path, only=["nope"])


def test_main_writes_markdown_and_strict_json(
    data_dir: Path, tmp_path: Path, fake_backend: None, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    status = run.main([str(data_dir), "--out", str(out), "--only", "hedging,vader"])
    assert status == 0
    printed = capsys.readouterr().out
    assert "| Measure |" in printed and "[hedging]" in printed
    payload = json.loads((out / "eval.json").read_text(), parse_constant=pytest.fail)
    assert {r["section"] for r in payload["rows"]} == {"hedging", "vader"}
    assert set(payload["meta"]["seconds"]) == {"hedging", "vader"}
    ci = payload["rows"][0]["ci"]
    assert ci[0] <= payload["rows"][0]["figure"] <= ci[1]
    assert (out / "eval.md").read_text().startswith("| Measure |")


def test_markdown_marks_reference_baselines_and_targets() -> None:
    rows = [
        run.Row("s", "m", "d", 10, 0.7, 0.5, "base", "ref", 0.65, ci=(0.61, 0.79)),
        run.Row("s", "m", "d", 10, math.nan, None, "", "run", None),
    ]
    lines = run.format_markdown(rows).splitlines()
    assert "0.500 base (ref)" in lines[2] and "| yes |" in lines[2]
    assert "| 0.700 [0.61, 0.79] |" in lines[2]
    assert "| n/a |" in lines[3] and rows[1].met == ""


# ---- audit ---------------------------------------------------------------------------------


class FakeMatcher:
    """Matches whole words from a small table, like the real Matcher's output shape."""

    TERMS: ClassVar[dict[str, tuple[str, str, float]]] = {
        "may": ("hedging", "modal", 1.0),
        "very": ("intensity", "booster", 1.0),
    }

    def find(self, text: str):
        out = []
        pos = 0
        for word in text.split():
            start = text.index(word, pos)
            pos = start + len(word)
            key = word.strip(".,").lower()
            if key in self.TERMS:
                lexicon, category, weight = self.TERMS[key]
                out.append(
                    SimpleNamespace(start=start, end=start + len(key), text=word.strip(".,"),
                                    term=key, lexicon=lexicon, category=category,
                                    weight=weight, negated=False)
                )  # fmt: skip
        return out


def test_audit_terms_counts_hits_precision_and_agreement(data_dir: Path) -> None:
    entries = pd.DataFrame(
        {
            "term": ["may", "very", "never"],
            "lexicon": ["hedging", "intensity", "intensity"],
            "category": ["modal", "booster", "booster"],
            "weight": [1.0, 1.0, 1.0],
        }
    )
    sets = audit._load_sets(data_dir, None)
    table = audit.audit_terms(entries, FakeMatcher(), sets).set_index("term")
    assert table.loc["may", "hits_conll"] == 3
    assert table.loc["may", "precision_conll"] == pytest.approx(2 / 3)
    assert table.loc["may", "cue_bioscope"] == pytest.approx(1.0)
    assert table.loc["very", "hits_babe"] == 2  # sentences, not matches
    assert table.loc["very", "precision_babe"] == pytest.approx(0.5)
    # three matches of "very" in BABE, two inside a listed biased word
    assert table.loc["very", "inword_babe"] == pytest.approx(2 / 3)
    assert table.loc["never", "hits_babe"] == 0
    rates = audit.base_rates(sets).set_index("set")
    assert rates.loc["conll", "base_rate"] == pytest.approx(3 / 5)


def test_missing_cue_lists(data_dir: Path) -> None:
    sets = audit._load_sets(data_dir, None)
    cues = pd.DataFrame({"cue": ["may", "some"], "count": [5, 4]})
    missing = audit.missing_weasel_cues(cues, FakeMatcher(), sets["conll"])
    assert missing["cue"].tolist() == ["some"]
    assert missing["precision_conll"].tolist() == [1.0]
    babe = pd.DataFrame(
        {"text": ["so bad", "bad plan", "very bad"], "biased": [True, False, True],
         "biased_words": [["bad"], ["bad"], ["very", "bad"]]}
    )  # fmt: skip
    words = audit.missing_babe_words(babe, FakeMatcher(), min_count=2)
    assert words.to_dict("records") == [
        {"word": "bad", "listed": 3, "hits_babe": 3, "precision_babe": pytest.approx(2 / 3),
         "in_lexicons": ""}
    ]  # fmt: skip
    assert audit.missing_babe_words(babe, FakeMatcher(), min_count=2, min_precision=0.7).empty


@pytest.mark.parametrize(
    ("limit", "expected"), [(2, [True, False]), (None, [True] * 3 + [False] * 2)]
)
def test_limit_spreads_over_a_sorted_file(data_dir: Path, limit, expected) -> None:
    from eval import datasets

    frame = datasets.conll_wiki(data_dir, limit=limit)
    assert frame["uncertain"].tolist() == expected

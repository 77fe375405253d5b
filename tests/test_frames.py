"""Tests for framing.frames: the lexicon, the stage's traceability, the model, findings."""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from framing.frames import (
    FRAME_COLUMNS,
    FRAME_CUE_COLUMNS,
    SCHEMES,
    FrameModel,
    frame_finding_objects,
    frame_findings,
    frame_label,
    is_english,
    leading_frames,
    load_scorer,
    read_frames_csv,
    read_model_csv,
    score_frames,
    sentence_frames,
    sentence_table,
)
from framing.frames.features import Occurrence
from framing.frames.model import best_f1_threshold, micro_thresholds
from framing.frames.schemes import FRAMES_LEXICON, matcher_entries
from framing.frames.stage import MODEL_DIR
from framing.lexicon import Matcher
from framing.models import ReadError

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("FRAMING_EVAL_DATA", ROOT.parent / "shared" / "eval-data"))
SAMPLE = ROOT / "data" / "sample"

# ---- the lexicon ----------------------------------------------------------------------------

LEXICON = read_frames_csv()


def test_every_row_has_a_source_and_a_known_frame() -> None:
    assert len(LEXICON) > 500
    for row in LEXICON.itertuples(index=False):
        assert row.frame in SCHEMES[row.scheme], row
        assert row.source.strip(), row
        cited = "Boydstun et al. 2014" if row.scheme == "policy" else "Semetko & Valkenburg 2000"
        assert row.source.startswith(cited) and row.frame in row.source, row
        assert 0 < row.weight <= 1, row


@pytest.mark.parametrize(("scheme", "frame"), [(s, f) for s in SCHEMES for f in SCHEMES[s]])
def test_every_frame_has_terms(scheme: str, frame: str) -> None:
    terms = LEXICON[(LEXICON["scheme"] == scheme) & (LEXICON["frame"] == frame)]
    assert len(terms) >= 20


@pytest.mark.parametrize(
    ("csv", "message"),
    [
        ("term,frame,scheme,weight\nwar,Conflict,generic,1\n", "missing column 'source'"),
        ("term,frame,scheme,weight,source\nwar,Warfare,generic,1,x\n", "unknown generic frame"),
        ("term,frame,scheme,weight,source\nwar,Conflict,other,1,x\n", "unknown scheme"),
        ("term,frame,scheme,weight,source\nwar,Conflict,generic,heavy,x\n", "non-numeric"),
        (
            "term,frame,scheme,weight,source\nwar,Conflict,generic,1,x\nwar,Moral,generic,1,x\n",
            "listed twice",
        ),
    ],
)
def test_invalid_frames_files_are_refused(csv: str, message: str) -> None:
    with pytest.raises(ReadError, match=message):
        read_frames_csv(csv, name="mine.csv")


@pytest.mark.parametrize(
    ("raw", "label"),
    [
        (
            "Legality_Constitutionality_and_jurisprudence",
            "Legality, constitutionality and jurisprudence",
        ),
        ("External_regulation_and_reputation", "External regulation and reputation"),
        ("Human interest", "Human interest"),
    ],
)
def test_frame_label(raw: str, label: str) -> None:
    assert frame_label(raw) == label


# Golden sentences, written by hand from the codebook definitions: each must fire its frame's
# lexicon, and in the stage push its frame up (a positive sum of contributions) unless the
# model does not read that frame from its own words (pinned below).
GOLDEN = [
    ("policy", "Economic", "The plan will cost taxpayers billions and slow economic growth."),
    ("policy", "Capacity and resources", "Hospitals are understaffed and face a shortage of beds."),
    ("policy", "Morality", "The bishop called the decision immoral and an affront to God."),
    ("policy", "Fairness and equality", "Critics say the rule is unfair and a double standard."),
    (
        "policy",
        "Legality, constitutionality and jurisprudence",
        "The Supreme Court ruled the law unconstitutional.",
    ),
    ("policy", "Policy prescription and evaluation", "The reform proposal was found ineffective."),
    ("policy", "Crime and punishment", "Police arrested the suspect, who was charged with murder."),
    (
        "policy",
        "Security and defense",
        "Troops and missiles massed at the border amid terror threats.",
    ),
    ("policy", "Health and safety", "The outbreak filled hospitals as the vaccine was delayed."),
    ("policy", "Quality of life", "Families struggling with poverty lost their homes."),
    ("policy", "Cultural identity", "They defended their cultural heritage and national identity."),
    ("policy", "Public opinion", "A new poll shows public opinion turning; protesters rallied."),
    (
        "policy",
        "Political",
        "Republicans and Democrats in Congress traded blame before the election.",
    ),
    (
        "policy",
        "External regulation and reputation",
        "Diplomats at the United Nations threatened new sanctions under the treaty.",
    ),
    ("generic", "Conflict", "Critics slammed the decision and accused rivals of a feud."),
    ("generic", "Economic", "The industry lost billions as prices and costs rose."),
    ("generic", "Human interest", "Her daughter remembers the fear; the family lost their home."),
    ("generic", "Moral", "We have a moral duty to future generations, the pope said."),
    ("generic", "Resolution", "The pledge to cut emissions relies on renewable energy solutions."),
]


@pytest.mark.parametrize(("scheme", "frame", "sentence"), GOLDEN)
def test_golden_sentence_fires_its_frame(scheme: str, frame: str, sentence: str) -> None:
    matcher = Matcher(matcher_entries(LEXICON, scheme=scheme))
    categories = {m.category for m in matcher.find(sentence)}
    assert f"{scheme}:{frame}" in categories
    sents = pd.DataFrame(
        {
            "article_id": ["a"],
            "sent_id": [0],
            "start": [0],
            "end": [len(sentence)],
            "text": [sentence],
        }
    )
    _, cues = score_frames(sents, schemes=[scheme])
    mine = cues[cues["category"] == f"{scheme}:{frame}"]
    if (scheme, frame) in NOT_FROM_OWN_WORDS:
        assert mine.empty or (mine["weight"] < 0).any()
    else:
        assert mine["weight"].sum() > 0


# On SemEval-2023 the Public opinion words (poll, protest, …) do not go with the annotators'
# Public opinion frame (13 of 203 articles); the fit gave them a negative weight, so the model
# leaves the frame's own lexicon out and reads it from other frames' words (docs/frames.md).
NOT_FROM_OWN_WORDS = {("policy", "Public opinion")}


def test_frames_read_from_their_own_words() -> None:
    missing = set()
    for scheme in SCHEMES:
        table = read_model_csv(MODEL_DIR / f"frames_model_{scheme}.csv")
        own = table[(table["kind"] == "lexicon") & (table["term"] == table["frame"])]
        assert (own["coefficient"] > 0).all()
        missing |= {(scheme, f) for f in set(SCHEMES[scheme]) - set(own["frame"])}
    assert missing == NOT_FROM_OWN_WORDS


# ---- the stage ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample() -> tuple[dict[str, str], pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    texts = {p.stem: p.read_text(encoding="utf-8") for p in sorted(SAMPLE.glob("*.txt"))}
    sents = sentence_table(texts)
    frames, cues = score_frames(sents)
    return texts, sents, frames, cues


def test_tables_have_their_columns(sample) -> None:
    texts, _, frames, cues = sample
    assert list(frames.columns) == FRAME_COLUMNS
    assert list(cues.columns) == FRAME_CUE_COLUMNS
    n_frames = sum(len(f) for f in SCHEMES.values())
    assert len(frames) == len(texts) * n_frames
    assert set(cues["lexicon"]) == {"frames"}


def test_cue_offsets_index_the_article(sample) -> None:
    texts, _, _, cues = sample
    for row in cues.itertuples(index=False):
        assert texts[row.article_id][row.start : row.end] == row.text


def test_every_score_traces_to_cue_rows(sample) -> None:
    _, _, frames, cues = sample
    sums = cues.groupby(["article_id", "category"])["weight"].sum()
    for row in frames.itertuples(index=False):
        scorer = load_scorer(row.scheme)
        f = scorer.frames.index(row.frame)
        logit = scorer.intercept[f] + sums.get((row.article_id, f"{row.scheme}:{row.frame}"), 0.0)
        expected = 1 / (1 + math.exp(-(logit - scorer.threshold[f])))
        assert row.score == pytest.approx(expected, abs=1e-9)
        assert row.predicted == (expected >= 0.5)
        positive = cues[
            (cues["article_id"] == row.article_id)
            & (cues["category"] == f"{row.scheme}:{row.frame}")
            & (cues["weight"] > 0)
        ]
        assert row.n_cues == len(positive)


def test_the_sample_differs_in_a_frame(sample) -> None:
    """The two sample articles differ in the economic frame, and the cues say why."""
    _, _, frames, _ = sample
    econ = frames[(frames["scheme"] == "policy") & (frames["frame"] == "Economic")]
    by_article = dict(zip(econ["article_id"], econ["predicted"], strict=True))
    assert by_article == {"000-russia-steps-in": True, "003-russia-keeps-its-distance": False}
    top = econ.set_index("article_id").loc["000-russia-steps-in", "top_cues"]
    assert top.startswith("economic")


def test_sentence_frames_name_the_frames(sample) -> None:
    _, _, _, cues = sample
    labels = sentence_frames(cues)
    assert labels.index.names == ["article_id", "sent_id"]
    assert labels.str.contains(r"^(?:policy|generic):", regex=True).all()


def test_non_english_articles_are_set_aside() -> None:
    text = " ".join(["Le gouvernement a annoncé des mesures économiques contre la crise."] * 5)
    assert not is_english(text)
    frames, cues = score_frames(sentence_table({"fr": text}))
    assert frames.empty and cues.empty
    frames, _ = score_frames(sentence_table({"fr": text}), english_only=False)
    assert len(frames) == sum(len(f) for f in SCHEMES.values())


def test_no_sentences_no_rows() -> None:
    frames, cues = score_frames(sentence_table({}))
    assert frames.empty and cues.empty
    assert list(frames.columns) == FRAME_COLUMNS


# ---- the model ------------------------------------------------------------------------------


def test_frame_model_follows_the_estimator_contract() -> None:
    war = [Occurrence(0, 0, 3, "war", "w:war", 1.0)]
    tax = [Occurrence(0, 0, 3, "tax", "w:tax", 1.0)]
    X = [war, war, tax, tax] * 3
    Y = np.array([[1, 0], [1, 0], [0, 1], [0, 1]] * 3)
    model = FrameModel(min_df=1, inner_folds=2, random_state=3)
    assert model.fit(X, Y) is model
    assert clone(model).get_params() == model.get_params()
    again = clone(model).fit(X, Y)
    assert np.array_equal(again.coef_, model.coef_)
    assert np.array_equal(again.threshold_, model.threshold_)
    assert not hasattr(clone(model), "coef_")


@pytest.mark.parametrize(
    ("scores", "gold", "cut"),
    [
        ([0.9, 0.8, 0.3, 0.1], [1, 1, 0, 0], 0.55),
        ([0.9, 0.8, 0.3, 0.1], [1, 0, 0, 0], 0.85),
        ([0.5, 0.5, 0.5], [1, 1, 1], -0.5 + 0.5 * 2 - 1 + 0.5),  # all tied: below them all
        ([0.2, 0.1], [0, 0], 1.2),  # no positives: above them all
    ],
)
def test_best_f1_threshold(scores: list, gold: list, cut: float) -> None:
    assert best_f1_threshold(np.array(scores), np.array(gold)) == pytest.approx(cut)


def test_micro_thresholds_never_lower_micro_f1() -> None:
    rng = np.random.default_rng(0)
    scores = rng.normal(size=(60, 4))
    gold = scores + rng.normal(size=(60, 4)) > 0.5
    start = [best_f1_threshold(scores[:, f], gold[:, f]) for f in range(4)]

    def micro(cuts) -> float:
        p = scores >= np.asarray(cuts)
        tp = (p & gold).sum()
        return 2 * tp / (p.sum() + gold.sum())

    assert micro(micro_thresholds(scores, gold, start)) >= micro(start)


def test_shipped_model_is_small_and_has_provenance() -> None:
    meta = json.loads((MODEL_DIR / "frames_model.json").read_text(encoding="utf-8"))
    for scheme in SCHEMES:
        path = MODEL_DIR / f"frames_model_{scheme}.csv"
        assert path.stat().st_size < 1_000_000
        table = read_model_csv(path)
        assert set(table["frame"]) == set(SCHEMES[scheme])
        assert set(table["kind"]) >= {"intercept", "threshold", "lexicon"}
        info = meta["schemes"][scheme]
        assert info["parameters"] and info["data_sha256"] and info["articles"] > 100
    assert meta["date"] and meta["scikit_learn"]


@pytest.mark.skipif(
    not (DATA / "frames" / "semeval2023_en_dev.jsonl").is_file(),
    reason="development data (eval-data/frames) not available; set FRAMING_EVAL_DATA",
)
def test_refit_reproduces_the_shipped_coefficients() -> None:
    from eval.fit_frames import fit_all, same_model

    tables, provenance = fit_all(DATA)
    for scheme, table in tables.items():
        shipped = read_model_csv(MODEL_DIR / f"frames_model_{scheme}.csv")
        assert same_model(table, shipped), scheme
    assert (
        provenance["lexicon_sha256"]
        == json.loads((MODEL_DIR / "frames_model.json").read_text(encoding="utf-8"))[
            "lexicon_sha256"
        ]
    ), "the lexicon changed since the model was fitted: refit it"


def test_the_lexicon_the_model_was_fitted_on_is_the_shipped_one() -> None:
    import hashlib

    meta = json.loads((MODEL_DIR / "frames_model.json").read_text(encoding="utf-8"))
    assert meta["lexicon_sha256"] == hashlib.sha256(FRAMES_LEXICON.read_bytes()).hexdigest()


# ---- findings -------------------------------------------------------------------------------


def _frames(rows: list[tuple[str, str, str, float, bool]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["article_id", "scheme", "frame", "score", "predicted"])


@pytest.mark.parametrize(
    ("rows", "labels", "expected"),
    [
        (  # 1 of 4: a minority frame
            [
                (a, "policy", "Economic", s, a == "a")
                for a, s in zip("abcd", (0.9, 0.1, 0.2, 0.3), strict=True)
            ],
            {"a": "A", "b": "B", "c": "C", "d": "D"},
            ["Only 1 of 4 outlets frames it in economic terms (“A”)."],
        ),
        (  # all but one
            [(a, "policy", "Political", 0.8, a != "d") for a in "abcd"],
            {"a": "A", "b": "B", "c": "C", "d": "D"},
            ["All outlets but “D” frame it in political terms."],
        ),
        (  # two outlets
            [("a", "generic", "Conflict", 0.9, True), ("b", "generic", "Conflict", 0.2, False)],
            {"a": "A", "b": "B"},
            ["“A” frames it as a conflict; “B” does not."],
        ),
        (  # every outlet, or none: no finding
            [(a, "policy", "Morality", 0.9, True) for a in "ab"]
            + [(a, "policy", "Economic", 0.1, False) for a in "ab"],
            {"a": "A", "b": "B"},
            [],
        ),
        (  # two articles of one outlet count once
            [("a1", "policy", "Economic", 0.9, True), ("a2", "policy", "Economic", 0.1, False)]
            + [(a, "policy", "Economic", 0.1, False) for a in "bc"],
            {"a1": "A", "a2": "A", "b": "B", "c": "C"},
            ["Only 1 of 3 outlets frames it in economic terms (“A”)."],
        ),
    ],
)
def test_frame_findings(rows, labels, expected) -> None:
    assert frame_findings(_frames(rows), labels) == expected


def test_leading_frames_prefer_policy_and_score() -> None:
    f = _frames(
        [
            ("a", "generic", "Conflict", 0.99, True),
            ("a", "policy", "Political", 0.7, True),
            ("a", "policy", "Security and defense", 0.9, True),
            ("a", "policy", "Economic", 0.95, False),
        ]
    )
    assert leading_frames(f) == {"a": ["Security and defense", "Political"]}
    assert leading_frames(f, k=3) == {"a": ["Security and defense", "Political", "Conflict"]}


# ---- the evaluation section -------------------------------------------------------------------


def _write_set(path: Path, scheme: str, n: int) -> None:
    rows = []
    sentences = [(f, s) for sc, f, s in GOLDEN if sc == scheme]
    for i in range(n):
        picked = [sentences[(i + k) % len(sentences)] for k in range(2)]
        raw = [f.replace(", ", "_").replace(" ", "_") for f, _ in picked]
        rows.append(
            {"id": str(i), "title": "", "text": " ".join(s for _, s in picked) * 3, "frames": raw}
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")


def test_eval_section_reports_both_schemes_with_baselines(tmp_path: Path) -> None:
    from eval import run

    _write_set(tmp_path / "frames" / "semeval2023_en_dev.jsonl", "policy", 40)
    _write_set(tmp_path / "frames" / "narrative_framing_dev.jsonl", "generic", 40)
    rows, _, errors = run.run(tmp_path, only=["frames"], log=lambda _: None)
    assert not errors
    assert [(r.dataset, r.measure.split("-")[0]) for r in rows] == [
        ("semeval2023_en", "micro"),
        ("semeval2023_en", "macro"),
        ("narrative_framing", "micro"),
        ("narrative_framing", "macro"),
    ]
    for r in rows:
        assert 0 <= r.figure <= 1 and r.baseline is not None and r.ci is not None
        assert "most frequent frames" in r.note and "lexicon alone" in r.note
    # these sentences were written to carry their frames: the model must find them
    assert rows[0].figure > 0.8


def test_stop_words_are_scikit_learns() -> None:
    """The copy (scoring never imports scikit-learn) must match what the model was fitted with."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS as SKLEARN

    from framing.frames.features import ENGLISH_STOP_WORDS

    assert ENGLISH_STOP_WORDS == SKLEARN


def test_scoring_does_not_import_scikit_learn() -> None:
    import subprocess
    import sys

    code = (
        "import sys, pandas as pd; from framing.frames import score_frames, sentence_table; "
        "score_frames(sentence_table({'a': 'Troops massed at the border.'})); "
        "print('sklearn' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_frame_findings_name_at_most_three_outlets_and_rank() -> None:
    rows = [(f"a{i}", "policy", "Economic", 0.9 - i / 100, i < 5) for i in range(20)]
    labels = {f"a{i}": f"O{i}" for i in range(20)}
    (finding,) = frame_finding_objects(_frames(rows), labels)
    assert finding.text == (
        "Only 5 of 20 outlets frame it in economic terms (“O0”, “O1”, “O2” and 2 others)."
    )
    assert finding.kind == "frames" and finding.reliable is None and finding.rank_group == 1
    assert finding.effect == pytest.approx(0.75)


def test_restrict_keeps_only_the_kept_articles_frames() -> None:
    from framing.comparison import restrict
    from framing.ingest import load_sample
    from framing.models import Settings
    from framing.pipeline import analyze

    full = analyze(load_sample(), Settings(bootstrap=50))
    keep = full.articles["article_id"].iloc[:1].tolist()
    part = restrict(full, keep)
    assert set(part.frames["article_id"]) == set(keep)
    assert set(part.frame_cues["article_id"]) == set(keep)
    assert len(full.frames["article_id"].unique()) == 2


def test_users_add_terms_to_a_frame_with_an_ordinary_lexicon() -> None:
    from framing.models import Article, Settings
    from framing.pipeline import analyze

    text = "The zorblax spread through the town. Officials met on Monday about the zorblax."
    article = Article(outlet="Daily", title="t", text=text)
    plain = analyze([article], Settings(bootstrap=20))
    mine = "term,category,weight,source\nzorblax,policy:Health and safety,1,test\n"
    added = analyze([article], Settings(bootstrap=20, lexicons=(("mine", mine),)))
    cat = "policy:Health and safety"
    assert "zorblax" not in set(plain.frame_cues["term"])
    rows = added.frame_cues[
        (added.frame_cues["term"] == "zorblax") & (added.frame_cues["category"] == cat)
    ]
    assert len(rows) == 2 and (rows["weight"] > 0).all()

    def score(a) -> float:
        f = a.frames
        return float(
            f[(f["scheme"] == "policy") & (f["frame"] == "Health and safety")]["score"].iloc[0]
        )

    assert score(added) > score(plain)

"""Tests of framing.clusters: clustering, coverage, alignment and the paraphrase score."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import sparse
from sklearn.base import clone

from framing.clusters import (
    ASSIGNMENT_COLUMNS,
    DEFAULT_THRESHOLD,
    PARAPHRASE_THRESHOLD,
    SHORT_CLUSTER,
    SHORT_LABEL,
    SentenceClusterer,
    alignment,
    alignment_score,
    cluster_labels,
    cluster_story,
    pair_features,
    similarity,
)
from framing.clusters.labels import LABEL_MAX_CHARS, join_terms
from framing.models import (
    ALIGNMENT_COLUMNS,
    CLUSTER_COLUMNS,
    COVERAGE_COLUMNS,
    CUE_COLUMNS,
    SENTENCE_COLUMNS,
)

# ---- fixtures -----------------------------------------------------------------------------
TOPICS = {
    "strikes": [
        "American bombers struck the Fordow and Natanz enrichment sites with bunker-buster bombs.",
        "The bunker-buster bombs hit Fordow and Natanz, the two main enrichment sites.",
        "Enrichment sites at Fordow and Natanz were hit by bunker-buster bombs overnight.",
    ],
    "putin": [
        "Putin condemned the strikes as unprovoked aggression during talks with Araghchi.",
        "Speaking with Araghchi, Putin called the strikes unprovoked aggression.",
        "Putin told Araghchi the strikes were an act of unprovoked aggression.",
    ],
    "oil": [
        "Oil prices jumped as traders feared tanker traffic through Hormuz would stop.",
        "Traders pushed oil prices higher on fears for tanker traffic in Hormuz.",
        "Fears for Hormuz tanker traffic sent oil prices up as traders sold.",
    ],
    "embassy": [
        "The embassy told its citizens to leave Tehran and avoid government buildings.",
        "Citizens were urged by the embassy to leave Tehran and keep away from government buildings.",
        "Leave Tehran and avoid government buildings, the embassy told its citizens.",
    ],
}


def make_sentences(rows: list[tuple[str, str]], *, articles_per_outlet: int = 1) -> pd.DataFrame:
    """A sentences table (SENTENCE_COLUMNS) from (outlet, text) rows, in order."""
    records = []
    counters: dict[str, int] = {}
    for outlet, text in rows:
        n = counters.get(outlet, 0)
        counters[outlet] = n + 1
        art = f"{outlet}-{n % articles_per_outlet}"
        words = len(text.split())
        records.append(
            {
                "article_id": art,
                "story": "s",
                "outlet": outlet,
                "sent_id": n // articles_per_outlet,
                "start": 0,
                "end": len(text),
                "text": text,
                "n_words": words,
                "is_heading": False,
                "is_quote": False,
                "quote_share": 0.0,
                "hedge": float(n % 2),
                "hedge_n": n % 2,
                "intensity": 1.0,
                "intensity_n": 1,
                "reporting_neutral_n": 0,
                "reporting_loaded_n": 0,
                "neg": 0.0,
                "neu": 1.0,
                "pos": 0.0,
                "compound": 0.1 * (n % 3),
            }
        )
    return pd.DataFrame.from_records(records, columns=SENTENCE_COLUMNS)


def story(skip: dict[str, set[str]] | None = None) -> pd.DataFrame:
    """Three outlets each telling the four TOPICS (each in its own words), minus ``skip``."""
    skip = skip or {}
    rows = []
    for i, outlet in enumerate(["Alpha", "Beta", "Gamma"]):
        for topic, texts in TOPICS.items():
            if topic in skip.get(outlet, set()):
                continue
            rows.append((outlet, texts[i]))
            rows.append((outlet, texts[(i + 1) % 3]))
    return make_sentences(rows)


NO_CUES = pd.DataFrame(columns=CUE_COLUMNS)


def topic_of(text: str) -> str:
    return next(t for t, texts in TOPICS.items() if any(text.startswith(x[:30]) for x in texts))


# ---- shape and determinism ----------------------------------------------------------------
def test_tables_have_the_contract_columns() -> None:
    result = cluster_story(story(), NO_CUES)
    assert list(result.assignments.columns) == ASSIGNMENT_COLUMNS
    assert list(result.clusters.columns) == CLUSTER_COLUMNS
    assert list(result.coverage.columns) == COVERAGE_COLUMNS
    assert list(result.alignments.columns) == ALIGNMENT_COLUMNS
    assert len(result.assignments) == len(story())
    assert result.k == len(result.clusters)


def test_same_input_gives_identical_tables() -> None:
    first = cluster_story(story(), NO_CUES, random_state=3)
    second = cluster_story(story(), NO_CUES, random_state=3)
    assert first.k == second.k
    for name in ("assignments", "clusters", "coverage", "alignments"):
        pd.testing.assert_frame_equal(getattr(first, name), getattr(second, name))


def test_row_order_of_the_input_does_not_matter() -> None:
    sents = story()
    shuffled = sents.sample(frac=1.0, random_state=7)
    a = cluster_story(sents, NO_CUES).assignments.sort_values(["article_id", "sent_id"])
    b = cluster_story(shuffled, NO_CUES).assignments.sort_values(["article_id", "sent_id"])
    pd.testing.assert_frame_equal(a.reset_index(drop=True), b.reset_index(drop=True))


def test_topics_form_the_clusters_when_k_is_given() -> None:
    sents = story()
    result = cluster_story(sents, NO_CUES, n_clusters=4)
    merged = sents.merge(result.assignments, on=["article_id", "sent_id"])
    merged["topic"] = merged["text"].map(topic_of)
    # each topic lands in exactly one cluster, and each cluster holds one topic
    assert (merged.groupby("topic")["cluster"].nunique() == 1).all()
    assert (merged.groupby("cluster")["topic"].nunique() == 1).all()


# ---- k: automatic, override, clamping -----------------------------------------------------
@pytest.mark.parametrize(
    ("n_sentences", "n_clusters", "expected"),
    [
        (1, None, 1),
        (1, 5, 1),
        (2, None, 1),  # too few for two clusters of SENTENCES_PER_CLUSTER
        (2, 2, 2),
        (2, 50, 2),
        (5, None, 1),
        (5, 3, 3),
        (5, 0, 1),
        (5, -4, 1),
    ],
)
def test_k_is_clamped_to_what_the_data_allow(
    n_sentences: int, n_clusters: int | None, expected: int
) -> None:
    texts = [t for texts in TOPICS.values() for t in texts][:n_sentences]
    sents = make_sentences([("Alpha", t) for t in texts])
    result = cluster_story(sents, NO_CUES, n_clusters=n_clusters)
    assert result.k == expected
    assert set(result.assignments["cluster"]) == set(range(expected))
    assert len(result.clusters) == expected


def test_k_never_exceeds_distinct_sentences() -> None:
    sents = make_sentences([("Alpha", TOPICS["oil"][0])] * 4 + [("Beta", TOPICS["putin"][0])] * 4)
    assert cluster_story(sents, NO_CUES, n_clusters=6).k == 2


def test_automatic_k_stays_within_bounds() -> None:
    result = cluster_story(story(), NO_CUES)
    assert 2 <= result.k <= len(story()) // 3
    assert set(result.scores) <= set(range(2, 21))


def test_empty_input_gives_empty_tables_with_the_right_columns() -> None:
    result = cluster_story(pd.DataFrame(columns=SENTENCE_COLUMNS), NO_CUES)
    assert result.k == 0
    for name, columns in (
        ("assignments", ASSIGNMENT_COLUMNS),
        ("clusters", CLUSTER_COLUMNS),
        ("coverage", COVERAGE_COLUMNS),
        ("alignments", ALIGNMENT_COLUMNS),
    ):
        table = getattr(result, name)
        assert table.empty
        assert list(table.columns) == columns


def test_missing_columns_are_an_error() -> None:
    with pytest.raises(ValueError, match="text"):
        cluster_story(pd.DataFrame({"article_id": ["a"], "outlet": ["A"], "sent_id": [0]}), NO_CUES)


# ---- headings and short lines -------------------------------------------------------------
def test_headings_and_short_lines_do_not_form_clusters() -> None:
    sents = story()
    extra = make_sentences(
        [("Alpha", "Russia Steps In"), ("Alpha", "Conclusion"), ("Beta", "Leave a Reply")]
    )
    extra["article_id"] = ["Alpha-0", "Alpha-0", "Beta-0"]
    extra["sent_id"] = [100, 101, 100]
    extra.loc[0, "is_heading"] = True
    long_heading = make_sentences([("Gamma", "Russia's Stark Condemnation of US Strikes on Iran")])
    long_heading["article_id"] = "Gamma-0"
    long_heading["sent_id"] = 100
    long_heading["is_heading"] = True
    result = cluster_story(pd.concat([sents, extra, long_heading]), NO_CUES)
    short = result.assignments[result.assignments["sent_id"] >= 100]
    assert (short["cluster"] == SHORT_CLUSTER).all()
    assert (short["label"] == SHORT_LABEL).all()
    assert SHORT_CLUSTER not in set(result.clusters["cluster"])
    assert SHORT_CLUSTER not in set(result.coverage["cluster"])
    assert not result.alignments["sent_a"].isin([100, 101]).any()


def test_only_headings_give_no_clusters() -> None:
    sents = make_sentences([("Alpha", "Conclusion"), ("Beta", "Russia Keeps Its Distance")])
    result = cluster_story(sents, NO_CUES)
    assert result.k == 0
    assert (result.assignments["cluster"] == SHORT_CLUSTER).all()
    assert result.coverage.empty and result.alignments.empty


# ---- labels and representatives -----------------------------------------------------------
def test_labels_are_non_empty_distinct_and_short() -> None:
    result = cluster_story(story(), NO_CUES, n_clusters=4)
    labels = result.clusters["label"].tolist()
    assert all(labels)
    assert len(set(labels)) == len(labels)
    assert all(len(label) <= LABEL_MAX_CHARS and "…" not in label for label in labels)
    assert all(label[0].isupper() for label in labels)
    reps = result.clusters["representative"]
    assert reps.isin(story()["text"]).all()


def test_label_terms_come_from_their_cluster() -> None:
    sents = story()
    result = cluster_story(sents, NO_CUES, n_clusters=4)
    merged = sents.merge(result.assignments, on=["article_id", "sent_id"])
    for cluster, label in zip(result.clusters["cluster"], result.clusters["label"], strict=True):
        words = set(
            " ".join(merged.loc[merged["cluster"] == cluster, "text"])
            .lower()
            .replace("-", " ")
            .split()
        )
        words |= {w.strip(".,") for w in words}
        for term in _terms(label):  # bigrams are formed after stop words are dropped
            assert set(term.lower().replace("-", " ").split()) <= words, (label, words)


@pytest.mark.parametrize(
    ("rows", "labels", "expected"),
    [
        # cluster 0 owns "oil prices"; cluster 1 owns "embassy"; "iran" is everywhere
        (
            [[2, 2, 1, 0, 0], [0, 0, 1, 3, 0]],
            [0, 1],
            ["Oil prices and iran", "Embassy and iran"],
        ),
        # digits-only terms are never part of a label; a term sharing a word with a chosen one
        # is skipped
        ([[1, 1, 0, 0, 5]], [0], ["Oil prices"]),
        # a word found mostly inside a phrase is named by the phrase ("oil" -> "oil prices")
        ([[2, 3, 0, 0, 0]], [0], ["Oil prices"]),
        # ... but not when the phrase holds under half of its occurrences
        ([[1, 3, 0, 0, 0]], [0], ["Oil"]),
    ],
)
def test_cluster_labels_from_counts(
    rows: list[list[int]], labels: list[int], expected: list[str]
) -> None:
    vocabulary = np.array(["oil prices", "oil", "iran", "embassy", "2025"])
    counts = sparse.csr_matrix(np.array(rows, dtype=float))
    got = cluster_labels(counts, np.array(labels), vocabulary)
    assert got == expected


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # a phrase completing a word chosen alone replaces it: "new" then "york" -> "new york"
        ([[5, 4, 4, 3, 0]], ["New york and zealand"]),
        # a verb of saying never names a cluster on its own
        ([[0, 0, 0, 0, 9]], ["Cluster 0"]),
    ],
)
def test_cluster_names_complete_phrases_and_skip_saying(
    rows: list[list[int]], expected: list[str]
) -> None:
    vocabulary = np.array(["new", "york", "new york", "zealand", "said"])
    counts = sparse.csr_matrix(np.array(rows, dtype=float))
    assert cluster_labels(counts, np.zeros(1, dtype=int), vocabulary) == expected


def _terms(label: str) -> list[str]:
    head, _, last = label.rpartition(" and ")
    return [*(t for t in head.split(", ") if t), last]


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        # written as the sentences write it: case restored, the commonest form wins
        (["Dmitry Peskov spoke to Dmitry Peskov's aides.", "dmitry peskov"], "Dmitry Peskov"),
        # a hyphen between the words is kept as written
        (["A bunker-buster bomb, a bunker-buster bomb."], "Bunker-buster"),
        # never written with only spaces between: stays as counted
        (["The peskov, dmitry said."], "Dmitry peskov"),
        # mostly the tail of a contraction: no name
        (["We’ve got it, they've got it."], "Cluster 0"),
    ],
)
def test_terms_are_written_as_the_sentences_write_them(texts: list[str], expected: str) -> None:
    term = (
        "dmitry peskov"
        if "eskov" in texts[0]
        else "ve got"
        if "got" in texts[0]
        else "bunker buster"
    )
    vocabulary = np.array([term])
    counts = sparse.csr_matrix(np.ones((len(texts), 1)))
    label = cluster_labels(counts, np.zeros(len(texts), dtype=int), vocabulary, texts=texts)[0]
    assert label == expected


@pytest.mark.parametrize(
    ("terms", "expected"),
    [
        ([], ""),
        (["a"], "A"),
        (["a", "b"], "A and b"),
        (["Fordow", "Natanz", "bunkers"], "Fordow, Natanz and bunkers"),
    ],
)
def test_join_terms(terms: list[str], expected: str) -> None:
    assert join_terms(terms) == expected


def test_long_names_drop_whole_terms() -> None:
    vocabulary = np.array(["extraordinarily long phrase", "another lengthy expression", "third"])
    counts = sparse.csr_matrix(np.array([[3.0, 2.0, 1.0]]))
    (label,) = cluster_labels(counts, np.array([0]), vocabulary, max_chars=40)
    assert label == "Extraordinarily long phrase"  # the next term would pass 40 characters


# ---- coverage -----------------------------------------------------------------------------
def test_shares_sum_to_one_per_outlet_and_emphasis_is_their_ratio() -> None:
    cov = cluster_story(story(), NO_CUES, n_clusters=4).coverage
    assert np.allclose(cov.groupby("outlet")["share"].sum(), 1.0)
    assert np.allclose(cov.groupby("outlet")["share"].sum(), 1.0)
    pooled = cov.groupby("cluster")["pooled_share"].first()
    assert np.isclose(pooled.sum(), 1.0)
    covered = cov[cov["pooled_share"] > 0]
    assert np.allclose(covered["emphasis"], covered["share"] / covered["pooled_share"])


def test_several_articles_of_one_outlet_are_pooled() -> None:
    rows = [(o, t) for o in ("Alpha", "Beta") for texts in TOPICS.values() for t in texts]
    sents = make_sentences(rows, articles_per_outlet=2)
    assert sents["article_id"].nunique() == 4
    cov = cluster_story(sents, NO_CUES, n_clusters=4).coverage
    assert sorted(cov["outlet"].unique()) == ["Alpha", "Beta"]
    assert cov.groupby("outlet")["sentences"].sum().tolist() == [12, 12]


def test_omission_is_detected_where_one_outlet_skips_a_topic() -> None:
    sents = story(skip={"Gamma": {"oil"}})
    result = cluster_story(sents, NO_CUES, n_clusters=4)
    merged = sents.merge(result.assignments, on=["article_id", "sent_id"])
    oil_cluster = merged.loc[merged["text"].map(topic_of) == "oil", "cluster"].iloc[0]
    cov = result.coverage.set_index(["outlet", "cluster"])
    assert cov.loc[("Gamma", oil_cluster), "omitted"]
    assert cov.loc[("Gamma", oil_cluster), "sentences"] == 0
    assert np.isnan(cov.loc[("Gamma", oil_cluster), "hedge_mean"])
    assert cov["omitted"].sum() == 1
    assert cov.loc[("Alpha", oil_cluster), "emphasis"] > 1


def test_one_outlet_only_omits_nothing_and_aligns_nothing() -> None:
    sents = story()
    result = cluster_story(sents[sents["outlet"] == "Alpha"], NO_CUES)
    assert not result.coverage["omitted"].any()
    assert np.isclose(result.coverage["share"].sum(), 1.0)
    assert result.alignments.empty
    assert list(result.alignments.columns) == ALIGNMENT_COLUMNS


def test_cluster_means_come_from_the_sentences() -> None:
    sents = story()
    result = cluster_story(sents, NO_CUES, n_clusters=4)
    merged = sents.merge(result.assignments, on=["article_id", "sent_id"])
    expected = merged.groupby(["outlet", "cluster"])["compound"].mean()
    got = result.coverage.set_index(["outlet", "cluster"])["sentiment_mean"]
    assert np.allclose(got.loc[expected.index], expected)


# ---- alignment ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "patch",
    [
        {},
        {"DENSE_LIMIT": 0},  # greedy matching, as for huge outlets
        {"BLOCK_CELLS": 1, "COMMON_MIN": 2, "COMMON_SHARE": 0.0},  # tiny blocks, pruned search
        {"ALIGN_BLOCK": 3},  # an outlet aligned a few sentences at a time
    ],
    ids=["hungarian", "greedy", "blocked", "outlet-blocks"],
)
def test_alignment_is_one_to_one_and_lists_every_sentence_once_per_pair(
    patch: dict[str, float], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in patch.items():
        monkeypatch.setattr(alignment, name, value)
    sents = story()
    al = cluster_story(sents, NO_CUES).alignments
    for (a, b), pair in al.groupby(["outlet_a", "outlet_b"]):
        assert a < b
        matched = pair[pair["similarity"].notna()]
        assert matched["sent_a"].is_unique and matched["sent_b"].is_unique
        assert (matched["similarity"] >= DEFAULT_THRESHOLD).all()
        side_a = pair.loc[pair["sent_a"].notna(), "sent_a"].tolist()
        side_b = pair.loc[pair["sent_b"].notna(), "sent_b"].tolist()
        assert sorted(side_a) == sorted(sents.loc[sents["outlet"] == a, "sent_id"])
        assert sorted(side_b) == sorted(sents.loc[sents["outlet"] == b, "sent_id"])
        unique = pair[pair["similarity"].isna()]
        assert ((unique["text_a"] == "") ^ (unique["text_b"] == "")).all()


@pytest.mark.parametrize("dense_limit", [alignment.DENSE_LIMIT, 0], ids=["hungarian", "greedy"])
def test_the_same_fact_is_matched_across_outlets(
    dense_limit: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(alignment, "DENSE_LIMIT", dense_limit)
    al = cluster_story(story(), NO_CUES).alignments
    matched = al[al["similarity"].notna()]
    same_topic = [
        topic_of(x) == topic_of(y) for x, y in zip(matched.text_a, matched.text_b, strict=True)
    ]
    assert len(matched) >= 12  # 3 pairs of outlets x 4 topics, at least one fact each
    assert all(same_topic)


def test_a_higher_threshold_matches_fewer() -> None:
    loose = cluster_story(story(), NO_CUES, threshold=0.05).alignments
    strict = cluster_story(story(), NO_CUES, threshold=0.9).alignments
    assert strict["similarity"].notna().sum() < loose["similarity"].notna().sum()


def test_cues_that_differ_are_listed_per_side() -> None:
    sents = make_sentences(
        [
            ("Alpha", "Moscow condemned the American strikes on the nuclear sites on Sunday."),
            ("Beta", "Moscow lambasted the American strikes on the nuclear sites on Sunday."),
            ("Beta", "Reportedly the embassy will close its doors to visitors next week."),
        ]
    )
    cues = pd.DataFrame(
        [
            (
                "Alpha-0",
                "Alpha",
                0,
                7,
                16,
                "condemned",
                "condemn",
                "reporting",
                "neutral",
                1.0,
                False,
            ),
            ("Alpha-0", "Alpha", 0, 21, 28, "strikes", "strikes", "stance", "c:x", 1.0, False),
            (
                "Beta-0",
                "Beta",
                0,
                7,
                16,
                "lambasted",
                "=lambasted",
                "reporting",
                "loaded",
                1.0,
                False,
            ),
            ("Beta-0", "Beta", 0, 21, 28, "strikes", "strikes", "stance", "c:x", 1.0, False),
            ("Beta-0", "Beta", 1, 0, 10, "Reportedly", "reportedly", "hedging", "h", 1.0, False),
        ],
        columns=CUE_COLUMNS,
    )
    al = cluster_story(sents, cues).alignments
    match = al[al["similarity"].notna()].iloc[0]
    assert (match["cues_only_a"], match["cues_only_b"]) == ("condemned", "lambasted")
    unique = al[al["sent_b"].eq(1).fillna(False)].iloc[0]
    assert np.isnan(unique["similarity"]) and unique["text_a"] == ""
    assert unique["cues_only_b"] == "reportedly"


def test_putins_unprovoked_aggression_remark_is_aligned_in_the_sample() -> None:
    from framing.ingest import load_sample
    from framing.pipeline import analyze

    analysis = analyze(load_sample())
    al = cluster_story(analysis.sentences, analysis.cues).alignments
    matched = al[al["similarity"].notna()]
    both = matched[
        matched["text_a"].str.contains("unprovoked") & matched["text_b"].str.contains("unprovoked")
    ]
    assert len(both) >= 1
    assert matched["outlet_a"].nunique() == 1  # two outlets, one pair


# ---- the paraphrase score -----------------------------------------------------------------
PARAPHRASES = [
    (
        "Putin condemned the US strikes on Iran as unprovoked aggression.",
        "Putin denounced the American strikes against Iran as unprovoked aggression.",
        "Oil prices fell on Monday as traders waited for the central bank.",
    ),
    (
        "The company said its profit rose 12 percent in the second quarter.",
        "Second-quarter profit climbed 12 percent, the company said.",
        "The minister resigned after the scandal over travel expenses.",
    ),
    (
        "Russia is making efforts to provide assistance to the Iranian people.",
        "Russia was making efforts to help the Iranian people, Putin said.",
        "The embassy urged citizens to avoid military facilities.",
    ),
    (
        "Peskov told reporters the Kremlin condemned the new escalation.",
        "The Kremlin condemns this new escalation, spokesman Peskov told reporters.",
        "Heavy rain flooded the valley and closed the motorway for a day.",
    ),
    (
        "Police arrested two men after the robbery at the jewellery store.",
        "Two men were arrested by police following the jewellery store robbery.",
        "The orchestra will tour Japan next spring with a new conductor.",
    ),
]


@pytest.mark.parametrize(("sentence", "paraphrase", "unrelated"), PARAPHRASES)
def test_paraphrase_scores_above_unrelated(sentence: str, paraphrase: str, unrelated: str) -> None:
    close, far = similarity([sentence, sentence], [paraphrase, unrelated])
    assert close > far
    assert far < DEFAULT_THRESHOLD
    assert alignment_score([sentence], [paraphrase])[0] >= DEFAULT_THRESHOLD


def test_identical_sentences_are_paraphrases() -> None:
    s = "The court ruled that the lawsuit could proceed as a class action."
    assert similarity([s], [s])[0] > PARAPHRASE_THRESHOLD


def test_empty_or_wordless_sentences_score_zero() -> None:
    assert similarity(["", "..."], ["A sentence with words.", "—"]).tolist() == [0.0, 0.0]
    assert similarity([], []).shape == (0,)


def test_mismatched_lengths_are_an_error() -> None:
    with pytest.raises(ValueError, match="length"):
        similarity(["a"], ["a", "b"])
    with pytest.raises(ValueError, match="length"):
        alignment_score(["a"], [])


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.text(max_size=60), st.text(max_size=60)), min_size=1, max_size=4))
def test_similarity_is_in_unit_range_and_symmetric(pairs: list[tuple[str, str]]) -> None:
    a = [x for x, _ in pairs]
    b = [y for _, y in pairs]
    ab, ba = similarity(a, b), similarity(b, a)
    assert ab.shape == (len(pairs),)
    assert ((ab >= 0) & (ab <= 1)).all()
    assert np.allclose(ab, ba)
    aligned = alignment_score(a, b)
    assert ((aligned >= ab - 1e-12) & (aligned <= 1)).all()
    assert np.allclose(aligned, alignment_score(b, a))


def test_pair_features_have_one_row_per_pair() -> None:
    feats = pair_features(["One sentence here.", "Another one."], ["One sentence there.", "Else."])
    assert feats.shape[0] == 2 and np.isfinite(feats).all()


# ---- the estimator ------------------------------------------------------------------------
def test_clusterer_follows_the_estimator_contract() -> None:
    est = SentenceClusterer(n_clusters=3, random_state=1)
    assert est.get_params()["n_clusters"] == 3
    twin = clone(est)
    texts = [t for texts in TOPICS.values() for t in texts]
    assert twin.fit(texts) is twin
    assert len(twin.labels_) == len(texts)
    assert twin.cluster_centers_.shape[0] == twin.k_ == 3
    assert not hasattr(est, "labels_")
    assert (twin.predict(texts) == twin.labels_).all()
    with pytest.raises(ValueError):
        SentenceClusterer().fit([])


# ---- the front door ------------------------------------------------------------------------
@pytest.mark.parametrize("keep", [["A"], ["A", "B"], ["A", "B", "C"]], ids=["one", "two", "all"])
def test_cluster_restricted_to_some_articles_equals_clustering_them_alone(keep: list[str]) -> None:
    from framing import analyze
    from framing.clusters import cluster
    from framing.models import Article, ClusterSettings

    texts = {
        "A": "Oil prices rose sharply on Monday. The embassy in Tehran closed its doors today.",
        "B": "Oil prices rose again on Monday morning. The embassy stayed closed for the week.",
        "C": "Talks resumed in Geneva with both delegations. Oil prices fell back on Tuesday.",
    }
    analysis = analyze([Article(k, "t", v) for k, v in texts.items()])
    ids = analysis.articles.loc[analysis.articles["outlet"].isin(keep), "article_id"].tolist()
    alone = analyze([Article(k, "t", texts[k]) for k in keep])
    cs = ClusterSettings(n_clusters=2)
    got, want = cluster(analysis, cs, article_ids=ids), cluster(alone, cs)
    pd.testing.assert_frame_equal(got.assignments, want.assignments)
    pd.testing.assert_frame_equal(got.clusters, want.clusters)
    pd.testing.assert_frame_equal(got.alignments, want.alignments)
    assert set(got.coverage["outlet"]) == set(keep)


@pytest.mark.parametrize(
    "docs",
    [
        ["Oil prices rose again.", "Oil prices fell sharply, oil traders said.", "The embassy."],
        ["the of and", "Café owners in Zürich said prices rose", "rose rose rose rose"],
        [
            f"Sentence {i} about talks in Geneva and talks in Vienna number {i % 7}"
            for i in range(60)
        ],
    ],
)
def test_fast_word_and_bigram_counts_equal_scikit_learns(docs):
    """clustering._Counts numbers and counts features itself: the same vocabulary and matrix."""
    from sklearn.feature_extraction.text import CountVectorizer

    from framing.clusters.clustering import _Counts

    kw = {"ngram_range": (1, 2), "stop_words": "english", "min_df": 1, "dtype": np.float32}
    for extra in ({}, {"min_df": 2}, {"max_features": 5}):
        ref = CountVectorizer(**{**kw, **extra})
        ours = _Counts(**{**kw, **extra})
        a, b = ref.fit_transform(docs), ours.fit_transform(docs)
        assert ref.vocabulary_ == ours.vocabulary_
        assert type(a) is type(b) and a.dtype == b.dtype
        assert (a.indptr == b.indptr).all() and (a.indices == b.indices).all()
        assert (a.data == b.data).all()


@pytest.mark.parametrize(
    ("chosen", "texts", "expected"),
    [
        (  # a name split by a joining word comes back whole, as written
            ["Disease Control", "Prevention"],
            ["The Centers for Disease Control and Prevention said so."] * 3,
            ["Disease Control and Prevention"],
        ),
        (  # two terms written side by side become one name
            ["Trade Organisation", "World"],
            ["The World Trade Organisation ruled.", "World Trade Organisation rules apply."],
            ["World Trade Organisation"],
        ),
        (  # terms that only sometimes meet stay apart
            ["oil", "prices"],
            ["Oil rose.", "Prices fell.", "Prices rose.", "Oil prices fell."],
            ["oil", "prices"],
        ),
    ],
)
def test_cluster_name_terms_written_as_one_name_are_joined(chosen, texts, expected):
    from framing.clusters.labels import _merge_written

    assert _merge_written(chosen, texts, [t.lower() for t in texts]) == expected


def test_cluster_names_have_no_numbers_saying_pairs_or_second_forms():
    from sklearn.feature_extraction.text import CountVectorizer

    from framing.clusters.labels import cluster_labels

    texts = [
        "The company said averaging cases rose 14 percent as averages climbed.",
        "Averaging cases, the company said, is 14 percent of average cases.",
        "Cases averaging up; the company said 14 000 averaged.",
    ]
    cv = CountVectorizer(ngram_range=(1, 2), stop_words="english")
    X = cv.fit_transform(texts)
    (name,) = cluster_labels(X, np.array([0, 0, 0]), cv.get_feature_names_out(), texts=texts)
    words = name.lower().replace(",", " ").split()
    assert not any(w.isdigit() for w in words), name
    assert "company said" not in name.lower(), name
    assert sum(w.startswith("averag") for w in words) <= 1, name

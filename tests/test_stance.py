"""Stance axes: the CSV, positions, negation, intervals, and the sample story."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from framing.models import STANCE_COLUMNS, AxisTerm, ReadError, Settings
from framing.stance import (
    STANCE_PRIOR,
    axis_entries,
    axis_poles,
    default_axes,
    position,
    read_axes_csv,
    stance_table,
)

SUPPORT = "support ↔ distance"


def test_default_axes() -> None:
    axes = default_axes()
    poles = axis_poles(axes)
    assert poles[SUPPORT] == ("distance", "support")
    assert {"conflict ↔ diplomacy", "aggression ↔ defence"} <= set(poles)
    assert all(t.pole in (-1, 1) for t in axes)
    terms = {t.term for t in axes if t.axis == SUPPORT}
    assert {"stopped short", "refrained", "pledged", "active support"} <= terms


@pytest.mark.parametrize(
    "bad",
    [
        "axis,pole,term\nx,1,a\n",  # no pole_label
        "axis,pole,pole_label,term\nx,2,a,b\nx,-1,c,d\n",  # pole must be ±1
        "axis,pole,pole_label,term\nx,one,a,b\n",
        "axis,pole,pole_label,term\nx,1,a,b\n",  # only one pole
    ],
)
def test_read_axes_csv_rejects(bad: str) -> None:
    with pytest.raises(ReadError):
        read_axes_csv(bad)


def test_axis_entries_are_matcher_rows() -> None:
    df = axis_entries([AxisTerm("x", -1, "calm", "calm down"), AxisTerm("x", 1, "alarm", "panic")])
    assert df["lexicon"].unique().tolist() == ["stance"]
    assert df["category"].tolist() == ["x:calm", "x:alarm"]
    assert df["weight"].tolist() == [-1.0, 1.0]


@pytest.mark.parametrize(
    ("left", "right", "expected"),
    [
        (0, 0, 0.0),
        (0, 1, 1 / (1 + STANCE_PRIOR)),
        (1, 0, -1 / (1 + STANCE_PRIOR)),
        (3, 1, -2 / (4 + STANCE_PRIOR)),
        (0, 10, 10 / 11),
    ],
)
def test_position(left: int, right: int, expected: float) -> None:
    assert position(left, right) == pytest.approx(expected)


def _cues(rows: list[tuple[int, str, float, bool]]) -> pd.DataFrame:
    return pd.DataFrame(
        [(s, t, "stance", f"x:{'right' if w > 0 else 'left'}", w, n) for s, t, w, n in rows],
        columns=["sent_id", "term", "lexicon", "category", "weight", "negated"],
    )


AXES = (
    AxisTerm("x", -1, "left", "l"),
    AxisTerm("x", 1, "right", "r"),
    AxisTerm("y", -1, "a", "a"),
    AxisTerm("y", 1, "b", "b"),
)


def test_stance_table_counts_negation_flips_pole() -> None:
    cues = _cues(
        [(0, "r", 1.0, False), (1, "r", 1.0, False), (2, "r", 1.0, True), (2, "l", -1.0, False)]
    )
    df = stance_table(cues, n_sentences=4, axes=AXES, article_id="a", outlet="o")
    assert list(df.columns) == STANCE_COLUMNS
    x = df.set_index("axis").loc["x"]
    assert (x["n_left"], x["n_right"]) == (2, 2)
    assert x["position"] == 0.0
    assert "+r ×2" in x["terms"] and "-r (negated)" in x["terms"]
    y = df.set_index("axis").loc["y"]  # an axis without hits still gets a row, at 0
    assert (y["n_left"], y["n_right"], y["position"]) == (0, 0, 0.0)


def test_stance_interval_brackets_position() -> None:
    cues = _cues([(i, "r", 1.0, False) for i in range(6)] + [(7, "l", -1.0, False)])
    idx = np.random.default_rng(0).integers(0, 10, size=(500, 10))
    x = stance_table(cues, n_sentences=10, axes=AXES, boot_idx=idx).set_index("axis").loc["x"]
    assert x["position_lo"] <= x["position"] <= x["position_hi"]
    assert x["position_hi"] <= 1.0 and x["position_lo"] >= -1.0


def test_sample_story_positions() -> None:
    from framing.ingest import load_sample
    from framing.pipeline import analyze

    arts = load_sample()
    result = analyze(arts, Settings(bootstrap=200))
    st = result.stance[result.stance["axis"] == SUPPORT].set_index("outlet")["position"]
    steps_in, keeps_distance = st[arts[0].outlet], st[arts[1].outlet]
    assert steps_in > 0.3 and keeps_distance < -0.3
    lo = result.stance[result.stance["axis"] == SUPPORT].set_index("outlet")["position_lo"]
    assert lo[arts[0].outlet] > 0  # interval clear of zero


def test_a_term_may_serve_two_axes() -> None:
    from framing.models import Article
    from framing.pipeline import analyze

    axes = (
        AxisTerm("a", -1, "far", "mediation"),
        AxisTerm("a", 1, "near", "pledged"),
        AxisTerm("b", -1, "war", "strikes"),
        AxisTerm("b", 1, "talks", "mediation"),
    )
    art = Article("Daily", "t", "Russia offered mediation after the strikes.")
    st = analyze([art], Settings(axes=axes, bootstrap=10)).stance.set_index("axis")
    assert (st.loc["a", "n_left"], st.loc["a", "n_right"]) == (1, 0)
    assert (st.loc["b", "n_left"], st.loc["b", "n_right"]) == (1, 1)

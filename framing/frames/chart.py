"""The frames chart: outlets × frames, one row per article, sorted (sees only tables)."""

from __future__ import annotations

import html
from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from framing.charts import TEMPLATE, Chart

__all__ = ["SHORT_NAMES", "frames_chart", "frames_matrix"]

#: Column labels for the chart (the full name is in the hover text).
SHORT_NAMES = {
    "Capacity and resources": "Capacity & resources",
    "Fairness and equality": "Fairness & equality",
    "Legality, constitutionality and jurisprudence": "Legality & courts",
    "Policy prescription and evaluation": "Policy prescription",
    "Crime and punishment": "Crime & punishment",
    "Security and defense": "Security & defense",
    "Health and safety": "Health & safety",
    "External regulation and reputation": "External relations",
}
_ROW_PX = 24
_TOP_PX = 190  # title, subtitle and the slanted frame names above the first row


def _esc(value: object) -> str:
    return html.escape(str(value), quote=False)


def frames_matrix(
    frames: pd.DataFrame, labels: Mapping[str, str], *, scheme: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Scores and predictions as label × frame tables, sorted for reading.

    Frames (columns) go from the one most articles take up to the one fewest do; articles
    (rows) are ordered by which of those frames they take up (so outlets that frame the story
    alike sit together), then by their score on the commonest frame.

    Examples
    --------
    >>> f = pd.DataFrame({"article_id": ["a", "a", "b", "b"], "scheme": ["generic"] * 4,
    ...     "frame": ["Conflict", "Moral"] * 2, "score": [0.9, 0.2, 0.7, 0.6],
    ...     "predicted": [True, False, True, True]})
    >>> score, _ = frames_matrix(f, {"a": "A", "b": "B"}, scheme="generic")
    >>> list(score.index), list(score.columns)
    (['B', 'A'], ['Conflict', 'Moral'])
    """
    df = frames[frames["scheme"] == scheme].copy()
    df["label"] = df["article_id"].map(lambda a: labels.get(a, str(a)))
    score = df.pivot_table(index="label", columns="frame", values="score", aggfunc="max")
    pred = df.pivot_table(index="label", columns="frame", values="predicted", aggfunc="max")
    pred = pred.astype(bool)
    order = (
        pd.DataFrame({"n": pred.sum(axis=0), "mean": score.mean(axis=0)})
        .sort_values(["n", "mean"], ascending=[False, False])
        .index.tolist()
    )
    score, pred = score[order], pred[order]
    key = pd.DataFrame(
        {"pattern": ["".join("1" if v else "0" for v in row) for row in pred.to_numpy()]},
        index=pred.index,
    )
    key["first"] = score[order[0]] if order else 0.0
    rows = key.sort_values(["pattern", "first"], ascending=[False, False]).index
    return score.loc[rows], pred.loc[rows]


def frames_chart(
    frames: pd.DataFrame, labels: Mapping[str, str], *, scheme: str = "policy"
) -> Chart:
    """Heat table of frame scores, one row per article (its outlet label), ● where predicted.

    Parameters
    ----------
    frames
        The frames table (``FRAME_COLUMNS``; uses article_id, scheme, frame, score,
        predicted, top_cues).
    labels
        ``article_id`` → row label (unique per article).
    scheme
        ``"policy"`` or ``"generic"``.

    Returns
    -------
    Chart
        ``data`` columns: outlet, frame, score, predicted, top_cues.
    """
    name = f"frames_{scheme}"
    title = "Which frames each outlet puts the story in"
    df = frames[frames["scheme"] == scheme] if frames is not None and len(frames) else None
    if df is None or df.empty:
        fig = go.Figure()
        fig.update_layout(template=TEMPLATE, title={"text": title}, height=240)
        fig.add_annotation(text="No English article scored yet.", showarrow=False)
        fig.update_xaxes(visible=False)
        fig.update_yaxes(visible=False)
        return Chart(fig, pd.DataFrame(), name)
    score, pred = frames_matrix(df, labels, scheme=scheme)
    cues = df.assign(label=df["article_id"].map(lambda a: labels.get(a, str(a))))
    cues = cues.set_index(["label", "frame"])["top_cues"]
    hover = np.empty(score.shape, dtype=object)
    for i, label in enumerate(score.index):
        for j, frame in enumerate(score.columns):
            top = str(cues.get((label, frame), "") or "")
            verdict = "frames it so" if pred.iat[i, j] else "does not"
            hover[i, j] = (
                f"<b>{_esc(label)}</b><br>{_esc(frame)}: {score.iat[i, j]:.2f} ({verdict})"
                + (f"<br>{_esc(top[:120])}" if top else "")
            )
    fig = go.Figure(
        go.Heatmap(
            z=score.to_numpy(),
            x=[_esc(SHORT_NAMES.get(f, f)) for f in score.columns],
            y=[_esc(lab if len(lab) <= 40 else lab[:39] + "…") for lab in score.index],
            text=np.where(pred.to_numpy(), "●", ""),
            texttemplate="%{text}",
            textfont={"size": 13, "color": "#111111"},
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
            colorscale="Blues",
            zmin=0,
            zmax=1,
            xgap=2,
            ygap=2,
            colorbar={  # the plot's full height: at two rows a shorter bar collapses
                "title": {"text": "Score"},
                "tickvals": [0, 0.5, 1],
                "len": 1,
                "y": 0.5,
                "yanchor": "middle",
                "thickness": 14,
            },
        )
    )
    n = len(score.index)
    height = int(_TOP_PX + 60 + _ROW_PX * n)
    fig.update_yaxes(
        autorange="reversed", title_text="", automargin=True, dtick=1, tickmode="linear"
    )
    fig.update_xaxes(side="top", tickangle=-35, title_text="", automargin=True)
    fig.update_layout(
        template=TEMPLATE,
        title={
            "text": title,
            "subtitle": {
                "text": f"{scheme.capitalize()} frames · ● predicted (score ≥ 0.5) · "
                "columns: the frame most outlets use first",
                "font": {"size": 12, "color": "#555555"},
            },
            "x": 0.0,
            "xanchor": "left",
            "xref": "container",
            "y": 1 - 10 / height,
            "yanchor": "top",
            "yref": "container",
        },
        height=height,
        margin={"t": _TOP_PX, "l": 10, "r": 20, "b": 20},
        font={"size": 13},
    )
    data = (
        df.assign(outlet=df["article_id"].map(lambda a: labels.get(a, str(a))))[
            ["outlet", "frame", "score", "predicted", "top_cues"]
        ]
        .sort_values(["outlet", "frame"])
        .reset_index(drop=True)
    )
    return Chart(fig, data, name)

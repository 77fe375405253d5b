"""What every chart builder shares: the :class:`Chart` tuple, palettes, row layout, helpers.

Rows: every builder draws one row per article (or per outlet at outlet grain), named by the
table's ``outlet`` column. :func:`framing.comparison.restrict` puts each article's unique
label there ("outlet · date · short headline" when an outlet has two); a table that still
repeats an outlet gets those labels here (:func:`row_labels`).

Height: rows are compact (:func:`row_px`: 34 px at a few rows down to 18 px), so 40 rows fit
in about 1,300 px and no chart is taller than :data:`MAX_HEIGHT`; above that many rows a
builder keeps the top and bottom rows and says so (``max_rows``).
"""

from __future__ import annotations

import html
import textwrap
from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from framing.comparison import GREY, focus_colors
from framing.comparison import row_labels as _labels

__all__ = [
    "MAX_HEIGHT",
    "OKABE_ITO",
    "TEMPLATE",
    "TOL_MUTED",
    "Chart",
    "modebar_config",
    "outlet_colors",
    "row_px",
    "rows_height",
]

TEMPLATE = "plotly_white"
#: No chart is taller than this (px, before the export's scale factor): a PNG at 2× stays
#: under 3,000 px.
MAX_HEIGHT = 1500

# Okabe & Ito (2008) colour-blind-safe palette, in its usual order with black moved last
# (black reads as axis/text ink, so it is the least distinctive mark colour).
OKABE_ITO: tuple[str, ...] = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#F0E442",  # yellow
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#000000",  # black
)
# Paul Tol's "muted" qualitative palette (also colour-blind safe), for outlets 9 and up.
TOL_MUTED: tuple[str, ...] = (
    "#CC6677",
    "#332288",
    "#DDCC77",
    "#117733",
    "#88CCEE",
    "#882255",
    "#44AA99",
    "#999933",
    "#AA4499",
)
_MAX_LABEL = 40
#: Ink for interval lines and row text.
INK = "#333333"
#: Interval lines of grey (not focused) rows.
GREY_LINE = "#C8C8C8"


class Chart(NamedTuple):
    """A built chart: the figure, exactly the data plotted, and a file-name stem."""

    figure: go.Figure
    data: pd.DataFrame
    name: str


def outlet_colors(outlets: Sequence[str]) -> dict[str, str]:
    """One colour per outlet, stable and colour-blind safe (kept for callers that colour
    every outlet; charts of many rows use :func:`framing.comparison.focus_colors`).

    Outlet names are de-duplicated and sorted; the first eight get the Okabe–Ito palette,
    the rest cycle through Paul Tol's muted palette.

    Examples
    --------
    >>> outlet_colors(["b", "a", "b"])
    {'a': '#E69F00', 'b': '#56B4E9'}
    """
    names = sorted({str(o) for o in outlets})
    colors: dict[str, str] = {}
    for i, name in enumerate(names):
        if i < len(OKABE_ITO):
            colors[name] = OKABE_ITO[i]
        else:
            colors[name] = TOL_MUTED[(i - len(OKABE_ITO)) % len(TOL_MUTED)]
    return colors


def modebar_config(name: str, *, image_format: str = "png") -> dict:
    """``config=`` for ``st.plotly_chart``: the camera button saves ``<name>.<format>`` at 2×.

    Examples
    --------
    >>> modebar_config("profile")["toImageButtonOptions"]["filename"]
    'profile'
    """
    if image_format not in {"png", "svg", "jpeg", "webp"}:
        raise ValueError(f"image_format must be png, svg, jpeg or webp, not {image_format!r}")
    stem = "".join(c if c.isalnum() or c in "-_." else "_" for c in str(name)).strip("._")
    return {
        "displaylogo": False,
        "toImageButtonOptions": {
            "format": image_format,
            "filename": stem or "chart",
            "scale": 2,
        },
        "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    }


def row_px(n: int) -> int:
    """Pixels per row for ``n`` rows: 34 for a few, shrinking to 18 so many rows still fit.

    >>> row_px(2), row_px(40), row_px(80)
    (34, 27, 18)
    """
    return int(max(18, min(34, 1100 / max(n, 1))))


def rows_height(order: Sequence[str]) -> int:
    """Pixels for the rows ``order``: :func:`row_px` each, plus room for two-line labels
    (an outlet with several articles) while rows are few.

    >>> rows_height(["A", "B"]), rows_height(["A", "New York Times (News) · 2021-07-30 · Vaccinated"])
    (68, 76)
    """
    n = len(order)
    two = sum(1 for r in order if " · " in str(r) and len(str(r)) > 34)
    return n * row_px(n) + (8 * two if n <= 24 else 0)


# ---- helpers ------------------------------------------------------------------------------


def esc(value: object) -> str:
    """Escape user text for plotly labels (plotly renders a few tags and decodes entities)."""
    return html.escape(str(value), quote=False)


def short(value: object, n: int = _MAX_LABEL) -> str:
    """At most ``n`` characters, cut after a whole word when one ends in the second half.

    >>> short("Company said and data centers", 24)
    'Company said and data…'
    """
    text = " ".join(str(value).split())
    if len(text) <= n:
        return text
    cut = text[: n - 1]
    space = cut.rfind(" ")
    if space >= n // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:·-") + "…"


def wrap(value: object, width: int = 60, max_lines: int = 8) -> str:
    lines = textwrap.wrap(" ".join(str(value).split()), width=width) or [""]
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], lines[max_lines - 1] + " …"]
    return "<br>".join(esc(line) for line in lines)


def wrap_title(value: object, width: int = 22, lines: int = 2) -> str:
    """A panel title in at most ``lines`` short lines (escaped)."""
    return wrap(value, width=width, max_lines=lines)


def colors_for(labels: Sequence[str], colors: Mapping[str, str] | None) -> dict[str, str]:
    """The colour of each row label: from ``colors`` (labels it lacks are grey), or
    :func:`framing.comparison.focus_colors` with no focus (≤ 8 rows coloured, else grey)."""
    names = list(dict.fromkeys(str(x) for x in labels))
    if colors is None:
        return focus_colors(names, [])
    return {n: str(colors.get(n, GREY)) for n in names}


def is_grey(color: str) -> bool:
    return color.upper() == GREY.upper()


def tick_label(label: str, color: str, n: int = 34) -> str:
    """A row label for the axis: escaped, bold when the row is coloured; a long
    ``"outlet · date · headline"`` label goes on two lines (outlet, then the rest), each
    shortened to ``n`` characters.

    >>> tick_label("New York Times (News) · 2021-07-30 · Vaccinated People May…", "#B4B4B4")
    'New York Times (News)<br>2021-07-30 · Vaccinated People…'
    """
    head, sep, rest = str(label).partition(" · ")
    if sep and len(label) > n:
        text = esc(short(head, n)) + "<br>" + esc(short(rest, n))
    else:
        text = esc(short(label, n))
    return text if is_grey(color) else f"<b>{text}</b>"


def rows_yaxis(
    fig: go.Figure, order: Sequence[str], cmap: Mapping[str, str], *, panel_rows: int = 1
) -> None:
    """The shared row axis of a small-multiples chart: ``order`` top to bottom, every row
    labelled (on the first panel of each of ``panel_rows`` rows of panels), no padding above
    the first or below the last row."""
    n = len(order)
    ys = [esc(r) for r in order]
    for r in range(1, panel_rows + 1):
        fig.update_yaxes(
            categoryorder="array",
            categoryarray=list(reversed(ys)),
            tickvals=ys,
            ticktext=[tick_label(x, cmap[x]) for x in order],
            tickfont={"size": 12 if n <= 24 else 11},
            showgrid=True,
            gridcolor="#F0F0F0",
            row=r,
            col=1,
        )
    fig.update_yaxes(range=[-0.6, n - 0.4])


def legend_rows(fig: go.Figure, width: int = 700) -> int:
    """Rough number of rows a horizontal legend needs at ``width`` px (for the top margin)."""
    names = [t.name for t in fig.data if t.name and t.showlegend is not False]
    if not names or fig.layout.showlegend is False:
        return 0
    widths = [44 + 6.5 * len(html.unescape(str(n))) for n in names]
    rows, used = 1, 60  # the legend title
    for w in widths:
        if used + w > width:
            rows, used = rows + 1, 0
        used += w
    return rows


def layout(
    fig: go.Figure,
    *,
    title: str,
    subtitle: str = "",
    height: int = 420,
    legend_title: str = "",
    left: int = 10,
    bottom: int = 60,
) -> go.Figure:
    """Title, subtitle and legend stacked above the plot, placed in pixels so they never
    overlap; ``height`` is the plot area plus 120 px, capped at :data:`MAX_HEIGHT`."""
    rows = legend_rows(fig)
    legend_top = 66  # px from the top of the figure
    plot_top = legend_top + 24 * rows + (30 if rows else 4)
    has_subplot_titles = any(
        a.yref == "paper" and a.y is not None and a.y >= 1 for a in fig.layout.annotations
    )
    plot_top += 36 if has_subplot_titles else 0
    height = min(MAX_HEIGHT, int(height + plot_top - 120 + bottom - 60))
    fig.update_layout(
        template=TEMPLATE,
        title={
            "text": title,
            "subtitle": {"text": subtitle, "font": {"size": 12, "color": "#555555"}},
            "x": 0.0,
            "xanchor": "left",
            "xref": "container",
            "y": 1 - 8 / height,
            "yanchor": "top",
            "yref": "container",
            "pad": {"l": 10},
        },
        legend={
            "orientation": "h",
            "xanchor": "left",
            "x": 0.0,
            "title": {"text": legend_title},
            "yref": "container",
            "y": 1 - legend_top / height,
            "yanchor": "top",
        },
        showlegend=rows > 0,
        height=height,
        margin={"t": plot_top, "l": left, "r": 20, "b": bottom},
        font={"size": 13},
    )
    return fig


def empty(name: str, title: str, message: str) -> Chart:
    fig = go.Figure()
    layout(fig, title=title, subtitle=message, height=260)
    fig.add_annotation(text=esc(message), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return Chart(fig, pd.DataFrame(), name)


def clean(df: pd.DataFrame, text: Sequence[str] = (), numbers: Sequence[str] = ()) -> pd.DataFrame:
    """A copy with missing text as "" (outlet: "(unnamed)") and numbers coerced (NaN if bad)."""
    out = df.reset_index(drop=True).copy()
    for col in text:
        if col in out:
            fill = "(unnamed)" if col == "outlet" else ""
            out[col] = out[col].astype(object).where(out[col].notna(), fill).astype(str)
    for col in numbers:
        if col in out:
            out[col] = pd.to_numeric(out[col], errors="coerce")
    return out


def num(series: pd.Series) -> np.ndarray:
    return pd.to_numeric(series, errors="coerce").to_numpy(dtype=float)


def article_rows(df: pd.DataFrame) -> pd.Series:
    """The row label of each article row: the outlet, or, where one outlet has several
    articles (or rows of one article table), ``"outlet · date · short headline"``."""
    if "article_id" in df and df["article_id"].duplicated().any():
        # several rows per article (e.g. stance axes): label the articles, then map
        first = df.drop_duplicates("article_id")
        labels = dict(zip(first["article_id"], article_rows(first), strict=True))
        return df["article_id"].map(labels)
    outlet = df["outlet"].astype(str)
    if not outlet.duplicated().any():
        return outlet
    title = df["title"].astype(str) if "title" in df else pd.Series("", index=df.index)
    date = df["published"].astype(str) if "published" in df else pd.Series("", index=df.index)
    return pd.Series(_labels(list(outlet), list(title), list(date)), index=df.index)


def select_rows(order: Sequence[str], max_rows: int | None) -> tuple[list[str], str]:
    """``order`` (best first) cut to ``max_rows``: the top and bottom halves, and a note.

    ``max_rows=None`` shows every row up to what fits in :data:`MAX_HEIGHT` at 18 px a row.

    >>> select_rows(list("abcdef"), 4)
    (['a', 'b', 'e', 'f'], 'showing the 2 highest and 2 lowest of 6 rows (a larger max_rows shows more)')
    >>> select_rows(list("abc"), None)
    (['a', 'b', 'c'], '')
    """
    order = list(order)
    limit = max_rows if max_rows is not None else int((MAX_HEIGHT - 300) / 18)
    if len(order) <= limit or limit < 2:
        return order, ""
    top = (limit + 1) // 2
    bottom = limit - top
    note = (
        f"showing the {top} highest and {bottom} lowest of {len(order)} rows "
        "(a larger max_rows shows more)"
    )
    return [*order[:top], *order[len(order) - bottom :]], note

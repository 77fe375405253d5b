"""Chart context: what a chart needs to stand on its own once pasted into a report.

:func:`chart_context` reads the (comparison-set) articles table once; :func:`with_context`
returns a copy of a :class:`framing.charts.Chart` whose figure carries

* a specific title: the chart's own title and the story ("Outlet profiles — Iran talks");
* a subtitle: articles and outlets compared, the date range, what was set aside (above the
  chart's own line that explains its marks);
* a source line at the foot: "framing 0.1.0 · analysed 2026-12-05 · 95% bootstrap
  intervals · how it is measured: docs/measures.md".

Margins grow by what was added, so nothing overlaps at 2 or at 40 rows. With
``export=True`` the figure is also laid out for print: :data:`EXPORT_WIDTH` px wide and no
font under :func:`min_font_px`, so a PNG placed at the width of an A4 text column
(:data:`COLUMN_CM` = 16 cm) shows every letter at :data:`MIN_PT` = 11 pt or more.

Examples
--------
>>> import pandas as pd
>>> arts = pd.DataFrame({"outlet": ["A", "B", "B"], "published": ["2026-03-03", "2026-03-05", ""]})
>>> ctx = chart_context(arts, story="Floods", set_aside=["C (not English)"], analysed="2026-12-05")
>>> ctx.compared()
'3 articles from 2 outlets'
>>> ctx.subtitle()
'3 articles from 2 outlets · 3–5 Mar 2026 · set aside: C (not English)'
>>> min_font_px(720)
18
"""

from __future__ import annotations

import datetime as _dt
import html
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import metadata
from typing import Any

import pandas as pd
import plotly.graph_objects as go

__all__ = [
    "COLUMN_CM",
    "EXPORT_WIDTH",
    "MAX_EXPORT_PX",
    "MIN_PT",
    "ChartContext",
    "chart_context",
    "export_scale",
    "framing_version",
    "min_font_px",
    "with_context",
]

COLUMN_CM = 16.0  # text column of an A4 page with ordinary margins
MIN_PT = 11.0  # smallest font a reader should meet in a pasted chart
EXPORT_WIDTH = 720  # px (CSS pixels) of an exported chart before scaling
MAX_EXPORT_PX = 3000  # tallest PNG we write (the scale drops for tall charts)
METHODS_REF = "docs/measures.md"


def framing_version() -> str:
    """The installed framing version (package metadata), else ``framing.__version__``."""
    try:
        return metadata.version("framing")
    except metadata.PackageNotFoundError:
        import framing

        return str(getattr(framing, "__version__", ""))


def _today() -> str:
    return _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d")


def min_font_px(width: int = EXPORT_WIDTH) -> int:
    """Smallest font (px) that reads as :data:`MIN_PT` when ``width`` px fill :data:`COLUMN_CM`.

    A column of 16 cm is 453.5 pt, so one px of a ``width``-px image is ``453.5 / width`` pt.
    """
    return math.ceil(MIN_PT * width / (COLUMN_CM / 2.54 * 72))


def export_scale(height: float, *, scale: float = 2.0, limit: int = MAX_EXPORT_PX) -> float:
    """The PNG scale for a figure ``height`` px tall: ``scale``, lowered to stay ≤ ``limit``.

    >>> export_scale(800), export_scale(2000)
    (2.0, 1.5)
    """
    return float(min(scale, limit / max(float(height), 1.0)))


@dataclass(frozen=True)
class ChartContext:
    """Story, comparison set, dates and provenance shown with every exported chart."""

    story: str = ""
    n_articles: int = 0
    n_outlets: int = 0
    date_range: str = ""
    set_aside: tuple[str, ...] = ()
    version: str = field(default_factory=framing_version)
    analysed: str = field(default_factory=_today)

    def compared(self) -> str:
        """ "12 articles from 11 outlets"."""
        a, o = self.n_articles, self.n_outlets
        return f"{a} article{'s' * (a != 1)} from {o} outlet{'s' * (o != 1)}"

    def set_aside_text(self, limit: int = 90) -> str:
        """What was set aside, short enough for a subtitle ("" when nothing)."""
        if not self.set_aside:
            return ""
        text = "set aside: " + "; ".join(self.set_aside)
        if len(text) <= limit:
            return text
        n = len(self.set_aside)
        return f"{n} article{'s' * (n != 1)} set aside (listed in the report)"

    def subtitle(self) -> str:
        """Articles and outlets compared · date range · what was set aside (plain text)."""
        parts = [self.compared(), self.date_range, self.set_aside_text()]
        return " · ".join(p for p in parts if p)

    def source_line(self) -> str:
        """The line at the foot of every exported chart (plain text)."""
        return (
            f"framing {self.version} · analysed {self.analysed} · 95% bootstrap intervals · "
            f"how it is measured: {METHODS_REF}"
        )

    def title(self, measure: str) -> str:
        """ "<measure> — <story>" (plain text)."""
        return f"{measure} — {self.story}" if self.story else measure


def _date_range(published: pd.Series) -> str:
    dates = pd.to_datetime(published, errors="coerce", utc=True, format="mixed").dropna()
    if dates.empty:
        return ""
    lo, hi = dates.min(), dates.max()
    if lo.date() == hi.date():
        return f"{lo.day} {lo:%b %Y}"
    if (lo.year, lo.month) == (hi.year, hi.month):
        return f"{lo.day}–{hi.day} {hi:%b %Y}"
    if lo.year == hi.year:
        return f"{lo.day} {lo:%b} – {hi.day} {hi:%b %Y}"
    return f"{lo.day} {lo:%b %Y} – {hi.day} {hi:%b %Y}"


def _set_aside_labels(set_aside: Any) -> tuple[str, ...]:
    if set_aside is None:
        return ()
    rows = set_aside.to_dict("records") if isinstance(set_aside, pd.DataFrame) else list(set_aside)
    out = []
    for r in rows:
        if isinstance(r, str):
            out.append(r)
            continue
        get = r.get if isinstance(r, dict) else (lambda k, d="", r=r: getattr(r, k, d))
        outlet, reason = str(get("outlet", "") or ""), str(get("reason", "") or "")
        out.append(f"{outlet} ({reason})" if reason else outlet)
    return tuple(o for o in out if o)


def chart_context(
    articles: pd.DataFrame | None,
    *,
    story: str,
    set_aside: Any = (),
    analysed: str | None = None,
) -> ChartContext:
    """The context of the articles compared (``articles``: the comparison set).

    Parameters
    ----------
    articles : DataFrame or None
        ``models.ARTICLE_COLUMNS`` (``outlet`` and ``published`` are read).
    story : str
        Story title.
    set_aside : sequence of str, or of objects/dicts with ``outlet`` and ``reason``, or a
        DataFrame with those columns
        Articles left out of the comparison.
    analysed : str, optional
        Date of the analysis (default: today, UTC).
    """
    df = articles if articles is not None else pd.DataFrame()
    outlets = df["outlet"].astype(str).nunique() if "outlet" in df else 0
    dates = _date_range(df["published"]) if "published" in df and len(df) else ""
    return ChartContext(
        story=str(story or ""),
        n_articles=len(df),
        n_outlets=int(outlets),
        date_range=dates,
        set_aside=_set_aside_labels(set_aside),
        analysed=analysed or _today(),
    )


# ---- figure layout ----------------------------------------------------------------------


def _bump_fonts(node: Any, minimum: int) -> None:
    """Raise every explicit font size under ``minimum`` (in a figure dict, in place)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key.endswith("font") and isinstance(value, dict):
                size = value.get("size")
                if isinstance(size, int | float) and size < minimum:
                    value["size"] = minimum
                elif isinstance(size, list):
                    value["size"] = [
                        max(s, minimum) if isinstance(s, int | float) else s for s in size
                    ]
            _bump_fonts(value, minimum)
    elif isinstance(node, list):
        for item in node:
            _bump_fonts(item, minimum)


def _wrap(text: str, width_px: float, font_px: float) -> list[str]:
    chars = max(int(width_px / (0.55 * font_px)), 20)
    return textwrap.wrap(text, width=chars) or [""]


def _lines(text: str | None) -> int:
    return 0 if not text else str(text).count("<br>") + 1


def _legend_rows(fig: go.Figure, width: float, font: float) -> int:
    names = [t.name for t in fig.data if t.name and t.showlegend is not False]
    if not names or fig.layout.showlegend is False:
        return 0
    rows, used = 1, 5 * font
    for n in names:
        w = 3.4 * font + 0.55 * font * len(html.unescape(str(n)))
        if used + w > width:
            rows, used = rows + 1, 0.0
        used += w
    return rows


def _rotated_labels_px(fig: go.Figure, font: float, width: float) -> float:
    """Height under the plot that rotated x tick labels and the axis title need (0: none),
    so the source line goes below them (plotly's automargin grows the margin silently;
    with an automatic angle, plotly turns labels by 30° when they do not fit side by side)."""
    need = 0.0
    for name in [k for k in fig.layout if k.startswith("xaxis")]:
        axis = fig.layout[name]
        if axis.side == "top" or axis.visible is False:
            continue
        ref = "x" + name[5:]
        labels = [
            str(v)
            for t in fig.data
            if (getattr(t, "xaxis", None) or "x") == ref and getattr(t, "x", None) is not None
            for v in t.x
            if isinstance(v, str)
        ]
        labels = list(dict.fromkeys(labels + [str(v) for v in (axis.ticktext or ())]))
        longest = max((len(html.unescape(v)) for v in labels), default=0)
        angle = axis.tickangle
        if angle in (None, "auto"):
            slot = 0.5 * width / max(len(labels), 1)  # the plot is about half the figure
            angle = 30 if labels and 0.55 * font * longest + 10 > slot else 0
        if not angle:
            continue
        extent = 0.55 * font * longest * abs(math.sin(math.radians(float(angle))))
        need = max(need, extent + 1.6 * font + (1.8 * font if axis.title.text else 0) + 10)
    return need


def _panel_width(fig: go.Figure, ref: str, font: float, width: float) -> float:
    """Rough pixel width of the x axis ``ref`` ("x", "x2"…): its domain share of the width
    left once the row labels (the longest y tick label) are drawn."""
    labels = [
        str(v)
        for t in fig.data
        if getattr(t, "y", None) is not None
        for v in t.y
        if isinstance(v, str)
    ]
    longest = max((len(html.unescape(line)) for v in labels for line in v.split("<br>")), default=0)
    plot = max(width - min(0.5 * font * longest + 30, 0.55 * width) - 30, 0.3 * width)
    axis = fig.layout["xaxis" + ref[1:]]
    lo, hi = axis.domain or (0, 1)
    return max((hi - lo) * plot, 40.0)


def _wrap_to(text: str, px: float, font: float) -> str:
    plain = html.unescape(str(text).replace("<br>", " "))
    if 0.55 * font * len(plain) <= px:
        return str(text)
    chars = max(int(px / (0.55 * font)), 6)
    lines = textwrap.wrap(plain, width=chars, break_long_words=False, break_on_hyphens=False)
    lines = lines or [plain]
    return "<br>".join(html.escape(x, quote=False) for x in lines)


def _wrap_panel_text(fig: go.Figure, font: float, width: float) -> float:
    """Wrap panel titles and x-axis titles that would run into their neighbours (print
    layout: side-by-side panels get narrow at large fonts); the px the axis titles grew."""
    names = [k for k in fig.layout if k.startswith("xaxis")]
    if len(names) < 2:
        return 0.0
    grown = 0
    for name in names:
        axis = fig.layout[name]
        px = _panel_width(fig, "x" + name[5:], font, width)
        if axis.title.text:
            before = _lines(axis.title.text)
            axis.title.text = _wrap_to(axis.title.text, px, font)
            grown = max(grown, _lines(axis.title.text) - before)
    domains = {name: (fig.layout[name].domain or (0, 1)) for name in names}
    for ann in fig.layout.annotations:
        if ann.name == "source-line" or ann.xref != "paper" or ann.showarrow:
            continue
        if ann.yref != "paper" or ann.y is None or ann.y < 0.98 or ann.x is None:
            continue
        for name, (lo, hi) in domains.items():
            if lo <= ann.x <= hi:
                ann.text = _wrap_to(ann.text, _panel_width(fig, "x" + name[5:], font, width), font)
                break
    return 1.25 * font * grown


def with_context(chart: Any, ctx: ChartContext, *, export: bool = False) -> Any:
    """A copy of ``chart`` whose figure names the story, the comparison set and its source.

    Parameters
    ----------
    chart : framing.charts.Chart
        Any chart (a NamedTuple with ``figure``); the other fields are kept.
    ctx : ChartContext
        From :func:`chart_context`.
    export : bool
        Lay the figure out for print: :data:`EXPORT_WIDTH` px wide, every font at least
        :func:`min_font_px` (≥ 11 pt at 16 cm). On screen (False) the chart keeps its fonts.

    Returns
    -------
    Chart
        ``chart._replace(figure=…)``; the input is not changed.
    """
    src = chart.figure
    layout = src.layout
    old_font = float(layout.font.size or 12)
    old_height = float(layout.height or 450)
    width = float(EXPORT_WIDTH if export else (layout.width or 700))
    margin = layout.margin
    old_t = float(margin.t if margin.t is not None else 100)
    old_b = float(margin.b if margin.b is not None else 80)
    title = layout.title
    measure = html.unescape(str(title.text or chart.name or "")).split(" — ")[0]
    old_sub = str(title.subtitle.text or "") if title.subtitle else ""
    old_title_font = float(title.font.size or round(old_font * 1.35))
    old_sub_font = float((title.subtitle.font.size if title.subtitle else None) or old_font)

    font = float(max(old_font, min_font_px(int(width)))) if export else old_font
    title_font = max(old_title_font, font * 1.3) if export else old_title_font
    sub_font = max(old_sub_font, font) if export else old_sub_font
    usable = width - 20
    title_lines = _wrap(ctx.title(measure), usable, title_font)
    ctx_lines = [html.escape(x, quote=False) for x in _wrap(ctx.subtitle(), usable, sub_font)]
    mark_lines: list[str] = []
    if old_sub and export:
        plain = html.unescape(old_sub.replace("<br>", " "))
        mark_lines = [html.escape(x, quote=False) for x in _wrap(plain, usable, sub_font)]
    elif old_sub:
        mark_lines = old_sub.split("<br>")
    sub_lines = ctx_lines + mark_lines
    source_lines = _wrap(ctx.source_line(), usable, font if export else max(old_font - 1, 10))
    source_font = font if export else max(old_font - 1, 10)

    k = font / old_font if export else 1.0  # everything but the width grows with the font
    old_block = (1.25 * old_title_font + 1.35 * old_sub_font * _lines(old_sub)) * k
    new_block = 1.25 * title_font * len(title_lines) + 1.35 * sub_font * len(sub_lines)
    legend_extra = 0.0
    if export:
        grown = _legend_rows(src, width, font) - _legend_rows(src, 700, old_font)
        legend_extra = 24 * k * max(grown, 0)
    extra_top = max(new_block - old_block, 0.0) + legend_extra
    extra_bottom = 1.35 * source_font * len(source_lines) + 14
    foot = max(old_b * k, _rotated_labels_px(src, font, width))  # what sits under the plot
    top, bottom = old_t * k + extra_top, foot + extra_bottom
    plot_h = max(old_height - old_t - old_b, 50.0)
    # the plot grows with the font too, unless that would pass MAX_EXPORT_PX at scale 1
    room = (MAX_EXPORT_PX - top - bottom) / plot_h
    plot_h *= max(min(k, room), 1.0)
    height = top + plot_h + bottom

    spec = src.to_dict()
    fig = go.Figure(spec, skip_invalid=True)
    text_title = "<br>".join(html.escape(s, quote=False) for s in title_lines)
    text_sub = "<br>".join(sub_lines)
    fig.update_layout(
        height=round(height),
        margin={"t": top, "b": bottom},
        title={
            "text": text_title,
            "font": {"size": title_font},
            "subtitle": {"text": text_sub, "font": {"size": sub_font, "color": "#444444"}},
            "x": 0.0,
            "xanchor": "left",
            "xref": "container",
            "y": 1 - 8 / height,
            "yanchor": "top",
            "yref": "container",
            "pad": {"l": 10, "t": 1.2 * title_font * (len(title_lines) - 1)},
        },
    )
    legend = layout.legend
    if legend.yref == "container" and legend.y is not None:
        px_from_top = (1 - float(legend.y)) * old_height
        shift = px_from_top * k + extra_top - legend_extra
        fig.update_layout(legend={"y": 1 - shift / height})
    fig.add_annotation(
        text="<br>".join(html.escape(s, quote=False) for s in source_lines),
        showarrow=False,
        xref="paper",
        yref="paper",
        x=1,
        xanchor="right",
        y=-(foot + 4) / plot_h,  # just under the axis labels and title
        yanchor="top",
        align="right",
        font={"size": source_font, "color": "#555555"},
        name="source-line",
    )
    if export:
        fig.update_layout(width=int(width), font={"size": font})
        grown = _wrap_panel_text(fig, font, width)
        if grown:  # room for the taller axis titles, source line below them
            fig.update_layout(height=round(height + grown), margin={"b": bottom + grown})
            fig.layout.title.y = 1 - 8 / (height + grown)
            for ann in fig.layout.annotations:
                if ann.name == "source-line":
                    ann.y = -(foot + grown + 4) / plot_h
            if legend.yref == "container" and legend.y is not None:
                fig.layout.legend.y = 1 - (1 - fig.layout.legend.y) * height / (height + grown)
        spec = fig.to_dict()
        _bump_fonts(spec, int(font))
        fig = go.Figure(spec, skip_invalid=True)
    return chart._replace(figure=fig)


def with_context_all(charts: Sequence[Any], ctx: ChartContext, *, export: bool = False) -> list:
    """:func:`with_context` for every chart."""
    return [with_context(c, ctx, export=export) for c in charts]

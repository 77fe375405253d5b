"""The self-contained HTML report (and the page the PDF report prints).

Title, story and date; the findings; the article list with links; the outlet profiles; every
chart with its context; aligned passages with plain labels; a methods section. plotly.js is
inlined once, so the file opens offline; with ``images=`` the charts are static PNGs instead
(for print). Every piece of user text is escaped. Tables wrap (and scroll inside their box on a
narrow screen), so nothing is cut off; a print stylesheet lays the page out on A4.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from framing.charts import modebar_config
from framing.models import METRICS
from framing.render import CSS as HIGHLIGHT_CSS
from framing.render import legend_html, pair_html, sentence_card_html
from framing.report.content import (
    ARTICLE_LIST,
    article_rows,
    fmt_value,
    passage_label,
    passages,
    safe_url,
)
from framing.report.context import ChartContext, framing_version, with_context
from framing.report.methods import INTERVALS, LIMITS, MEASURES

__all__ = ["REPORT_CSS", "html_report"]

REPORT_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto;
       max-width: 1000px; padding: 1.5rem; color: #222; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } .lead { color: #444; margin-top: 0; }
h2 { margin-top: 2rem; border-bottom: 1px solid #ddd; }
.scroll { overflow-x: auto; max-width: 100%; }
table.data { border-collapse: collapse; font-size: .85rem; width: 100%; table-layout: auto; }
table.data th, table.data td { border: 1px solid #ddd; padding: .25rem .4rem; text-align: left;
       vertical-align: top; overflow-wrap: break-word; hyphens: auto; }
table.data th { background: #f4f4f4; }
table.data td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.data td.url { max-width: 14rem; font-size: .78rem; word-break: break-all; }
.ci { color: #666; font-size: .75rem; white-space: nowrap; }
.chart { margin: 1rem 0 2rem; break-inside: avoid; }
.chart { text-align: center; }
.chart img { width: auto; height: auto; max-width: 100%; max-height: 245mm; }
.passage { margin: 1rem 0 1.5rem; break-inside: avoid; }
.passage p.label { font-size: .85rem; color: #333; margin: 0 0 .3rem; }
dl.methods dt { font-weight: 600; margin-top: .8rem; } dl.methods dd { margin-left: 1rem; }
footer { margin-top: 3rem; font-size: .8rem; color: #666; }
@page { size: A4; margin: 16mm 14mm 18mm 14mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  .scroll { overflow: visible; }
  h2 { break-after: avoid; } tr, .pair, figure { break-inside: avoid; }
  a { color: #0645ad; text-decoration: none; }
  .chart img { max-width: 160mm; }
}
"""


def _e(value: Any) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return html.escape(str(value), quote=True)


def _article_list(articles: pd.DataFrame | None, set_aside: pd.DataFrame | None) -> str:
    rows = article_rows(articles, set_aside)
    if not rows:
        return "<p>No articles.</p>"
    body = []
    for r in rows:
        url = safe_url(r["URL"])
        link = f'<a href="{_e(url)}">{_e(url)}</a>' if url else _e(r["URL"])
        body.append(
            "<tr>"
            f"<td>{_e(r['Outlet'])}</td><td>{_e(r['Headline'])}</td>"
            f"<td>{_e(r['Published'])}</td><td class=url>{link}</td>"
            f"<td class=num>{_e(r['Words'])}</td><td>{_e(r['Flags'])}</td>"
            f"<td>{_e(r['Compared'])}</td></tr>"
        )
    head = "".join(f"<th>{_e(h)}</th>" for h in ARTICLE_LIST)
    return (
        f'<div class="scroll"><table class="data articles"><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div>"
    )


def _profiles_table(articles: pd.DataFrame | None) -> str:
    if articles is None or articles.empty:
        return "<p>No articles.</p>"
    metrics = [m for m in METRICS.values() if m.column in articles.columns]
    head = ["Outlet", "Headline", *(f"{m.label} ({m.unit})" for m in metrics)]
    rows = []
    for rec in articles.to_dict("records"):
        cells = [f"<td>{_e(rec.get('outlet', ''))}</td>", f"<td>{_e(rec.get('title', ''))}</td>"]
        for m in metrics:
            value = fmt_value(rec.get(m.column), m.unit)
            lo, hi = rec.get(f"{m.column}_lo"), rec.get(f"{m.column}_hi")
            ci = ""
            if lo is not None and hi is not None and fmt_value(lo, m.unit) not in {"", "–"}:
                ci = (
                    f'<br><span class="ci">{_e(fmt_value(lo, m.unit))} … '
                    f"{_e(fmt_value(hi, m.unit))}</span>"
                )
            cells.append(f"<td class=num>{_e(value)}{ci}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    header = "".join(f"<th>{_e(h)}</th>" for h in head)
    return (
        f'<div class="scroll"><table class="data profiles"><thead><tr>{header}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
        "<p class=ci>Rates per 100 words; under each value its 95% bootstrap interval.</p>"
    )


def _card(
    text: str, outlet: str, cues: pd.DataFrame | None, sentences: Any, art: str, sent: Any
) -> str:
    offset = 0
    if sentences is not None and cues is not None and not cues.empty:
        row = sentences[
            (sentences["article_id"].astype(str) == art) & (sentences["sent_id"] == sent)
        ]
        if not row.empty:
            offset = int(row.iloc[0]["start"])
            sub = cues[cues["article_id"].astype(str) == art]
            return sentence_card_html(text, sub, offset=offset, outlet=outlet)
    return sentence_card_html(text, None, outlet=outlet)


def _passages_html(
    given: Sequence[tuple[str, str] | str] | str,
    alignments: pd.DataFrame | None,
    sentences: pd.DataFrame | None,
    cues: pd.DataFrame | None,
) -> str:
    if alignments is not None:
        parts = []
        for i, p in enumerate(passages(alignments, sentences), start=1):
            left = _card(p.text_a, p.outlet_a, cues, sentences, p.article_a, p.sent_a)
            right = _card(p.text_b, p.outlet_b, cues, sentences, p.article_b, p.sent_b)
            parts.append(
                f'<div class="passage"><p class="label">{_e(passage_label(p, i))}</p>'
                f"{pair_html(left, right)}</div>"
            )
        return "".join(parts) or "<p>No matched passages.</p>"
    if isinstance(given, str):
        return given  # HTML built by framing.render (already escaped)
    parts = []
    for item in given:
        if isinstance(item, str):
            parts.append(item)  # one block from framing.render.alignment_pairs_html
        else:
            left, right = item
            parts.append(
                pair_html(
                    f'<figure class="sentence-card"><blockquote>{_e(left)}</blockquote></figure>',
                    f'<figure class="sentence-card"><blockquote>{_e(right)}</blockquote></figure>',
                )
            )
    return "".join(parts) or "<p>No matched passages.</p>"


def _methods_html() -> str:
    items = "".join(
        f"<dt>{_e(m.name)}</dt><dd><b>Counts:</b> {_e(m.counts)}<br>"
        f"<b>Agreement with people:</b> {_e(m.agreement)}<br><b>Limits:</b> {_e(m.limits)}</dd>"
        for m in MEASURES
    )
    return (
        f'<dl class="methods">{items}</dl><p>{_e(INTERVALS)}</p><p>{_e(LIMITS)}</p>'
        "<p>Details: docs/measures.md and the README's table “How well do the measures agree "
        "with people?” in the framing repository.</p>"
    )


def _charts_html(charts: Sequence[Any], images: Mapping[int, bytes] | None) -> str:
    out = []
    for i, chart in enumerate(charts):
        title = html.unescape(str(chart.figure.layout.title.text or chart.name)).replace(
            "<br>", " "
        )
        if images is not None:
            data = images.get(i)
            if not data:
                continue
            b64 = base64.b64encode(data).decode("ascii")
            out.append(
                f'<figure class="chart"><img alt="{_e(title)}" '
                f'src="data:image/png;base64,{b64}"></figure>'
            )
            continue
        div = chart.figure.to_html(
            full_html=False,
            include_plotlyjs=(not out),  # True inlines the bundled plotly.min.js
            config=modebar_config(chart.name),
            div_id=f"chart-{i}",
            default_width="100%",
        )
        out.append(f'<section class="chart">{div}</section>')
    return "".join(out) or "<p>No charts.</p>"


def html_report(
    *,
    story: str,
    articles: pd.DataFrame,
    charts: Sequence[Any],
    findings: Sequence[str],
    passages: Sequence[tuple[str, str] | str] | str = (),
    generated: str | None = None,
    context: ChartContext | None = None,
    set_aside: pd.DataFrame | None = None,
    alignments: pd.DataFrame | None = None,
    sentences: pd.DataFrame | None = None,
    cues: pd.DataFrame | None = None,
    images: Mapping[int, bytes] | None = None,
) -> str:
    """A self-contained HTML report that opens offline and prints cleanly on A4.

    Parameters
    ----------
    story : str
        Story title (plain text).
    articles : DataFrame
        ``models.ARTICLE_COLUMNS``: the articles compared.
    charts : sequence of Chart
        Charts to embed; with ``context`` each carries its title, subtitle and source line.
    findings : sequence of str
        Plain-text findings (:func:`framing.findings.findings`), escaped here.
    passages : str or sequence
        Used when ``alignments`` is None: a ``str`` of HTML, or items that are HTML strings
        from :func:`framing.render.alignment_pairs_html` (trusted) or ``(left, right)`` pairs
        of *plain text* (escaped here).
    generated : str, optional
        Date of the report (default: the context's analysed date, else today, UTC).
    context : ChartContext, optional
        From :func:`framing.report.chart_context`.
    set_aside : DataFrame, optional
        Articles left out of the comparison (``outlet``, ``reason``, and ``title``, ``url``…
        when known); listed with the articles.
    alignments, sentences, cues : DataFrame, optional
        Matched sentences (``models.ALIGNMENT_COLUMNS``) and what highlights them: the
        passages are then chosen and labelled here, in plain words.
    images : mapping of int to bytes, optional
        PNG per chart index: static images instead of interactive charts (for print/PDF).

    Returns
    -------
    str
        A complete HTML document.
    """
    ctx = context or ChartContext(story=story, n_articles=0 if articles is None else len(articles))
    when = generated or ctx.analysed
    shown = [with_context(c, ctx) for c in charts] if context is not None else list(charts)
    items = "".join(f"<li>{_e(f)}</li>" for f in findings) or "<li>No findings.</li>"
    version = framing_version()
    title = _e(story) or "Framing report"
    sub = (
        _e(ctx.subtitle())
        if context is not None
        else (f"How {0 if articles is None else len(articles)} articles frame this story.")
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · framing report</title>
<style>{REPORT_CSS}{HIGHLIGHT_CSS}</style>
</head>
<body>
<header><h1>{title}</h1>
<p class="lead">{sub}<br>Framing report · {_e(when)}</p></header>
<section id="findings"><h2>Findings</h2><ul class="findings">{items}</ul></section>
<section id="articles"><h2>Articles</h2>{_article_list(articles, set_aside)}</section>
<section id="profiles"><h2>Outlet profiles</h2>{_profiles_table(articles)}</section>
<section id="charts"><h2>Charts</h2>{_charts_html(shown, images)}</section>
<section id="passages"><h2>Side by side</h2>
<p>Sentences from two outlets that tell the same part of the story, chosen where their wording
differs most; highlighted words are the cues the measures count.</p>
{legend_html()}{_passages_html(passages, alignments, sentences, cues)}</section>
<section id="methods"><h2>Methods</h2>{_methods_html()}</section>
<footer>Generated {_e(when)} by framing {_e(version)}. Rates are per 100 words; intervals are
95% bootstrap intervals over sentences. This file works offline.</footer>
</body>
</html>
"""

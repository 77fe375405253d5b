"""Chart builders: tidy tables in, :class:`Chart` (plotly figure + the data plotted + a name) out.

Every builder takes one table with the columns listed in :mod:`framing.models` and returns a
:class:`Chart`. ``chart.figure`` is a ``go.Figure`` with a title and axis titles baked in, so a
saved image explains itself; ``chart.data`` is exactly the data plotted (one row per mark,
readable headers, units in the header or a ``unit`` column), ready for a CSV download;
``chart.name`` is a file-name stem.

Built for 2 to 60 rows: one row per article (or per outlet at outlet grain), named by the
table's ``outlet`` column (see :func:`framing.comparison.restrict`), labelled on the axis, so
no chart needs a legend of outlets. Measures, axes, clusters, actors and speakers are small
multiples that share one row order and one scale per measure; rows are compact, so no chart
is taller than :data:`MAX_HEIGHT` (1,500 px) at 40 rows, and ``max_rows`` keeps the top and
bottom rows of a longer list.

Colours: every builder takes ``colors`` (row label → colour) from
:func:`framing.comparison.focus_colors`: up to five focus rows coloured, the rest grey; with
eight rows or fewer every row coloured. Pass the same mapping to every builder so a row keeps
its colour everywhere. Without ``colors``, a builder applies that rule with no focus.

User text (outlet names, actor names, cluster labels, sentences) is HTML-escaped before it
goes into a figure, because plotly interprets a small set of tags in labels and hover text.
``chart.data`` keeps the raw text. The builders never call scorers; they only read tables.

Modules: :mod:`~framing.charts.base` (Chart, palettes, layout), :mod:`~framing.charts.forest`
(profile, stance), :mod:`~framing.charts.coverage` (coverage, emphasis),
:mod:`~framing.charts.people` (actor tone, quotes), :mod:`~framing.charts.sentences`
(sentence map, all charts).

Examples
--------
>>> import pandas as pd
>>> from framing.charts import profile_chart
>>> articles = pd.DataFrame({"outlet": ["A", "B"], "title": ["a", "b"],
...     "hedge_rate": [1.0, 2.0], "hedge_rate_lo": [0.5, 1.5], "hedge_rate_hi": [1.5, 2.5]})
>>> chart = profile_chart(articles)
>>> chart.name, list(chart.data.columns)[:4]
('profile', ['measure', 'unit', 'row', 'outlet'])
"""

from __future__ import annotations

from framing.charts.base import (
    MAX_HEIGHT,
    OKABE_ITO,
    TEMPLATE,
    TOL_MUTED,
    Chart,
    modebar_config,
    outlet_colors,
    row_px,
)
from framing.charts.coverage import coverage_heatmap, emphasis_chart
from framing.charts.forest import pooled_value, profile_chart, stance_chart
from framing.charts.people import VERB_KIND_STYLE, actor_tone_chart, quotes_chart
from framing.charts.sentences import all_charts, sentence_map
from framing.comparison import focus_colors

__all__ = [
    "MAX_HEIGHT",
    "OKABE_ITO",
    "TEMPLATE",
    "TOL_MUTED",
    "VERB_KIND_STYLE",
    "Chart",
    "actor_tone_chart",
    "all_charts",
    "coverage_heatmap",
    "emphasis_chart",
    "focus_colors",
    "modebar_config",
    "outlet_colors",
    "pooled_value",
    "profile_chart",
    "quotes_chart",
    "row_px",
    "sentence_map",
    "stance_chart",
]

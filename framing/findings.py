"""Plain-language findings computed from the tables (never canned text).

Each finding compares outlets on one measure and says whether the difference is reliable:
the standard error of each value is read off its 95% bootstrap interval (``*_lo``/``*_hi``,
``se = (hi - lo) / 3.92``) and the difference is *reliable* when its own 95% interval,
``diff ± 1.96 · sqrt(se_a² + se_b²)``, excludes zero. (Asking that the two intervals do not
overlap is a much stricter test than a 95% one; Schenker & Gentleman 2001.) Nothing is claimed
when an interval is missing. Ratios are only
given when both values are above zero (no division by zero); with a zero, the finding says
"none at all" instead. Output is plain text: the caller escapes it.

Examples
--------
>>> import pandas as pd
>>> arts = pd.DataFrame({"outlet": ["A", "B"], "hedge_rate": [1.0, 3.0],
...     "hedge_rate_lo": [0.5, 2.0], "hedge_rate_hi": [1.5, 4.0]})
>>> findings(arts)[0]
'“A” uses 3.0× fewer hedges per 100 words than “B” (1.00 vs 3.00); the difference is reliable (its 95% interval excludes zero).'
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from framing.models import BALANCED

__all__ = ["RATE_PHRASES", "findings", "reliability"]

# rate column -> what one unit of it is, in a sentence
RATE_PHRASES: dict[str, str] = {
    "hedge_rate": "hedges",
    "intensity_rate": "loaded/intense words",
    "loaded_verb_rate": "loaded reporting verbs",
}
_MAX_OMISSIONS = 3
_STANCE_MIN = BALANCED  # |position| below this reads as "balanced"


def _num(value: object) -> float:
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return math.nan
    return v


def _signed(v: float, digits: int = 1) -> str:
    text = f"{v:+.{digits}f}"
    if float(text) == 0:
        return f"{0:.{digits}f}"
    return text.replace("-", "−")


def reliability(
    lo_a: float,
    hi_a: float,
    lo_b: float,
    hi_b: float,
    *,
    a: float | None = None,
    b: float | None = None,
) -> str | None:
    """Is the difference between two estimates with 95% intervals reliable?

    ``"reliable"`` when the 95% interval of the difference excludes zero, ``"not reliable"``
    when it does not, ``None`` when any bound is missing (NaN): then no claim is made. The
    standard error of each estimate is read off its interval (width / 3.92); ``a`` and ``b``
    are the estimates (default: the interval midpoints).

    Examples
    --------
    >>> reliability(0, 1, 2, 3), reliability(0, 2, 1, 3), reliability(0, float("nan"), 1, 2)
    ('reliable', 'not reliable', None)
    >>> reliability(0, 1, 0.9, 1.9)  # the intervals overlap, yet the difference is reliable
    'reliable'
    """
    bounds = [_num(x) for x in (lo_a, hi_a, lo_b, hi_b)]
    if any(math.isnan(v) for v in bounds):
        return None
    lo_a, hi_a, lo_b, hi_b = bounds
    est_a = _num(a) if a is not None else (lo_a + hi_a) / 2
    est_b = _num(b) if b is not None else (lo_b + hi_b) / 2
    if math.isnan(est_a) or math.isnan(est_b):
        return None
    se = math.hypot((hi_a - lo_a) / 3.92, (hi_b - lo_b) / 3.92)
    diff = abs(est_a - est_b)
    if se == 0:
        return "reliable" if diff > 0 else "not reliable"
    return "reliable" if diff > 1.96 * se else "not reliable"


def _verdict(rel: str | None) -> str:
    if rel == "reliable":
        return "; the difference is reliable (its 95% interval excludes zero)."
    if rel == "not reliable":
        return (
            "; the difference is not reliable (its 95% interval includes zero: it could be chance)."
        )
    return " (no interval available to judge the difference)."


def _labels(articles: pd.DataFrame) -> pd.Series:
    outlet = articles["outlet"].astype(str)
    if "title" in articles and outlet.duplicated(keep=False).any():
        dup = outlet.duplicated(keep=False)
        return outlet.where(~dup, outlet + " – " + articles["title"].astype(str).str.slice(0, 40))
    return outlet


def _rate_finding(df: pd.DataFrame, col: str, phrase: str) -> str | None:
    vals = df[col].map(_num)
    ok = vals.notna() & np.isfinite(vals.astype(float))
    if ok.sum() < 2:
        return None
    sub = df[ok].assign(_v=vals[ok].astype(float))
    hi_row = sub.loc[sub["_v"].idxmax()]
    lo_row = sub.loc[sub["_v"].idxmin()]
    v_hi, v_lo = float(hi_row["_v"]), float(lo_row["_v"])
    if v_hi == v_lo:
        return f"All outlets use the same rate of {phrase} ({v_hi:.2f} per 100 words)."
    rel = reliability(
        lo_row.get(f"{col}_lo"), lo_row.get(f"{col}_hi"),
        hi_row.get(f"{col}_lo"), hi_row.get(f"{col}_hi"),
        a=v_lo, b=v_hi,
    )  # fmt: skip
    low, high = f"“{lo_row['_label']}”", f"“{hi_row['_label']}”"
    if v_lo <= 0:
        text = f"{low} uses no {phrase} at all, while {high} uses {v_hi:.2f} per 100 words"
    else:
        text = (
            f"{low} uses {v_hi / v_lo:.1f}× fewer {phrase} per 100 words than {high} "
            f"({v_lo:.2f} vs {v_hi:.2f})"
        )
    return text + _verdict(rel)


def _sentiment_finding(df: pd.DataFrame) -> str | None:
    col = "sentiment_mean"
    vals = df[col].map(_num)
    ok = vals.notna()
    if ok.sum() < 2:
        return None
    sub = df[ok].assign(_v=vals[ok].astype(float))
    neg = sub.loc[sub["_v"].idxmin()]
    pos = sub.loc[sub["_v"].idxmax()]
    if neg["_v"] == pos["_v"]:
        return None
    rel = reliability(
        neg.get(f"{col}_lo"), neg.get(f"{col}_hi"), pos.get(f"{col}_lo"), pos.get(f"{col}_hi"),
        a=neg["_v"], b=pos["_v"],
    )  # fmt: skip
    if len(sub) == 2:
        text = (
            f"“{neg['_label']}” is more negative in tone (mean VADER {_signed(neg['_v'], 2)}) "
            f"than “{pos['_label']}” ({_signed(pos['_v'], 2)})"
        )
    else:
        text = (
            f"“{neg['_label']}” is the most negative in tone (mean VADER "
            f"{_signed(neg['_v'], 2)}) and “{pos['_label']}” the least ({_signed(pos['_v'], 2)})"
        )
    return text + _verdict(rel)


def _quote_finding(df: pd.DataFrame) -> str | None:
    if "quote_share" not in df:
        return None
    vals = df["quote_share"].map(_num)
    ok = vals.notna()
    if ok.sum() < 2:
        return None
    sub = df[ok].assign(_v=vals[ok].astype(float)).sort_values("_v", ascending=False)
    top, rest = sub.iloc[0], sub.iloc[1:]
    if top["_v"] <= 0:
        return "No outlet quotes anyone directly."
    others = ", ".join(f"{r['_v']:.0%} for “{r['_label']}”" for _, r in rest.iterrows())
    return (
        f"“{top['_label']}” gives the most room to direct quotes: {top['_v']:.0%} of its words "
        f"are inside quotation marks (vs {others})."
    )


def _lean(value: float, left_label: str, right_label: str) -> str:
    v = float(value)
    if abs(v) < _STANCE_MIN:
        return f"stays near the middle ({_signed(v)})"
    return f"leans toward {right_label if v > 0 else left_label} ({_signed(v)})"


def _stance_findings(stance: pd.DataFrame) -> list[str]:
    out: list[str] = []
    need = {"axis", "outlet", "position"}
    if stance is None or stance.empty or not need <= set(stance.columns):
        return out
    for axis, g in stance.groupby("axis", sort=False):
        g = g.assign(_v=g["position"].map(_num)).dropna(subset=["_v"])
        if {"n_left", "n_right"} <= set(g.columns):  # no term of the axis: no position
            g = g[(g["n_left"].map(_num).fillna(0) + g["n_right"].map(_num).fillna(0)) > 0]
        if len(g) < 2:
            continue
        right = g.loc[g["_v"].idxmax()]
        left = g.loc[g["_v"].idxmin()]
        if right["_v"] == left["_v"]:
            continue
        rel = reliability(
            left.get("position_lo"), left.get("position_hi"),
            right.get("position_lo"), right.get("position_hi"),
            a=left["_v"], b=right["_v"],
        )  # fmt: skip
        r_label = str(right.get("right_label", "") or "the right pole")
        l_label = str(left.get("left_label", "") or "the left pole")
        v_r, v_l = float(right["_v"]), float(left["_v"])
        if min(v_r, v_l) >= _STANCE_MIN or max(v_r, v_l) <= -_STANCE_MIN:
            strong, weak = (right, left) if v_r > 0 else (left, right)
            pole = r_label if v_r > 0 else l_label
            text = (
                f"On the “{axis}” axis, both “{strong['outlet']}” and “{weak['outlet']}” lean "
                f"toward {pole}, “{strong['outlet']}” more strongly "
                f"({_signed(strong['_v'])} vs {_signed(weak['_v'])})"
            )
        elif max(abs(v_r), abs(v_l)) < _STANCE_MIN:
            text = (
                f"On the “{axis}” axis, “{right['outlet']}” and “{left['outlet']}” both stay "
                f"near the middle ({_signed(v_r)}, {_signed(v_l)})"
            )
        else:
            text = (
                f"On the “{axis}” axis, “{right['outlet']}” {_lean(v_r, l_label, r_label)} "
                f"while “{left['outlet']}” {_lean(v_l, l_label, r_label)}"
            )
        out.append(text + _verdict(rel))
    return out


def _omission_findings(coverage: pd.DataFrame) -> list[str]:
    out: list[str] = []
    need = {"outlet", "cluster", "omitted"}
    if coverage is None or coverage.empty or not need <= set(coverage.columns):
        return out
    n_outlets = coverage["outlet"].nunique()
    if n_outlets < 2:
        return out
    df = coverage.assign(_om=coverage["omitted"].fillna(False).astype(bool))
    if "label" not in df:
        df["label"] = df["cluster"].astype(str)
    sentences = df["sentences"] if "sentences" in df else pd.Series(1, index=df.index)
    df = df.assign(_n=sentences.map(_num).fillna(0))
    rows = []
    for cluster, g in df.groupby("cluster", sort=True):
        if not g["_om"].any():
            continue
        covering = g[~g["_om"]]
        if covering.empty:
            continue
        rows.append((float(covering["_n"].sum()), cluster, g, covering))
    rows.sort(key=lambda r: (-r[0], str(r[1])))
    for n, _cluster, g, covering in rows[:_MAX_OMISSIONS]:
        label = str(g["label"].iloc[0])
        sent = f" ({int(n)} sentence{'s' if int(n) != 1 else ''})" if n else ""
        if len(covering) == 1:
            out.append(f"Only “{covering['outlet'].iloc[0]}” covers the cluster ‘{label}’{sent}.")
        else:
            missing = ", ".join(f"“{o}”" for o in g.loc[g["_om"], "outlet"].astype(str))
            out.append(
                f"{missing} leave{'s' if g['_om'].sum() == 1 else ''} out the cluster ‘{label}’, "
                f"which {len(covering)} other outlets cover{sent}."
            )
    return out


def findings(
    articles: pd.DataFrame,
    stance: pd.DataFrame | None = None,
    coverage: pd.DataFrame | None = None,
) -> list[str]:
    """A few plain-language findings computed from the analysis tables.

    Parameters
    ----------
    articles : DataFrame
        ``models.ARTICLE_COLUMNS`` (uses outlet, title, the rate/sentiment columns with
        their ``_lo``/``_hi`` bounds, quote_share).
    stance : DataFrame, optional
        ``models.STANCE_COLUMNS``.
    coverage : DataFrame, optional
        ``models.COVERAGE_COLUMNS`` (uses outlet, cluster, label, sentences, omitted).

    Returns
    -------
    list of str
        Plain text, in a fixed order: rates, tone, quotes, stance, omissions. With one
        outlet, a single finding says that a comparison needs two.
    """
    if articles is None or articles.empty or "outlet" not in articles:
        return ["No articles loaded yet."]
    df = articles.reset_index(drop=True)
    df = df.assign(_label=_labels(df))
    if df["outlet"].nunique() < 2 and len(df) < 2:
        return [
            f"Only one article (“{df['_label'].iloc[0]}”) is loaded: add another outlet's "
            "article on the same story to compare framing."
        ]
    out: list[str] = []
    for col, phrase in RATE_PHRASES.items():
        if col in df:
            text = _rate_finding(df, col, phrase)
            if text:
                out.append(text)
    if "sentiment_mean" in df:
        text = _sentiment_finding(df)
        if text:
            out.append(text)
    text = _quote_finding(df)
    if text:
        out.append(text)
    out.extend(_stance_findings(stance) if stance is not None else [])
    out.extend(_omission_findings(coverage) if coverage is not None else [])
    return out

"""Exports: safe file names, CSV/XLSX bytes, a zip of chart images, a self-contained HTML report.

Everything returns bytes or a string; nothing is written to disk, so the app hands the result
straight to a download button.

* Spreadsheet cells that start with ``=``, ``+``, ``-``, ``@``, tab or carriage return are
  prefixed with ``'`` (:func:`neutralise`) so a hostile article cannot plant a formula.
* Chart images (PNG at scale 2, SVG) are drawn on the server by kaleido ≥ 1 through an
  installed Chrome/Chromium. :func:`kaleido_available` says whether that can work and why not;
  the browser-side camera button of each chart works without it.
* :func:`html_report` inlines plotly.js once, so the report opens offline.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import html
import io
import os
import re
import shutil
import threading
import time
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from framing.charts import Chart, modebar_config
from framing.models import METRICS
from framing.render import CSS as HIGHLIGHT_CSS
from framing.render import legend_html, pair_html

__all__ = [
    "EXCEL_CELL_LIMIT",
    "IMAGE_SCALE",
    "IMAGE_WIDTH",
    "figures_zip",
    "html_report",
    "kaleido_available",
    "neutralise",
    "render_image",
    "safe_filename",
    "to_csv_bytes",
    "to_xlsx_bytes",
]

IMAGE_SCALE = 2
IMAGE_WIDTH = 900  # px before scaling; charts are laid out to read well from ~700 px
EXCEL_CELL_LIMIT = 32_767  # characters Excel keeps in one cell
_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
_WINDOWS_RESERVED = {
    "CON", "PRN", "AUX", "NUL",
    *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10)),
}  # fmt: skip
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


# ---- names and spreadsheets ---------------------------------------------------------------


def safe_filename(name: str, ext: str) -> str:
    """A readable file name that cannot escape a folder or upset a file system.

    Path separators, ``..``, control characters and characters Windows forbids become
    ``_``; runs of spaces/underscores collapse; leading dots go; reserved Windows names get a
    ``_`` prefix; the stem is cut to 100 characters; an empty stem becomes ``export``.

    Parameters
    ----------
    name : str
        Any text (an outlet name, a story title, a chart name).
    ext : str
        Extension with or without the dot; only letters and digits are kept.

    Examples
    --------
    >>> safe_filename("../../etc/passwd", "csv")
    'etc_passwd.csv'
    >>> safe_filename("000 · Steps In", ".PNG")
    '000_·_Steps_In.png'
    """
    text = unicodedata.normalize("NFKC", str(name))
    text = "".join(
        "_" if unicodedata.category(c) in {"Cc", "Cf", "Cs", "Co", "Zl", "Zp"} else c for c in text
    )
    text = re.sub(r'[/\\<>:"|?*]', "_", text)
    text = re.sub(r"\.{2,}", "_", text)
    text = re.sub(r"[\s_]+", "_", text).strip("._ -")
    text = text[:100].rstrip("._ -")
    if text.split(".")[0].upper() in _WINDOWS_RESERVED:
        text = "_" + text
    stem = text or "export"
    clean_ext = re.sub(r"[^0-9A-Za-z]", "", str(ext)).lower()
    return f"{stem}.{clean_ext}" if clean_ext else stem


def _neutral_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_DANGEROUS_START):
        return "'" + value
    return value


def neutralise(df: pd.DataFrame) -> pd.DataFrame:
    """A copy where text cells (and column names) that a spreadsheet would run get a ``'``.

    Cells starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return are prefixed with
    an apostrophe. Numbers, booleans and missing values are left alone.

    Examples
    --------
    >>> neutralise(pd.DataFrame({"a": ["=1+1", "ok"], "n": [-1, 2]}))["a"].tolist()
    ["'=1+1", 'ok']
    """
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if s.dtype == object or pd.api.types.is_string_dtype(s.dtype):
            out[col] = s.map(_neutral_cell, na_action="ignore")
    out.columns = [_neutral_cell(c) for c in out.columns]
    return out


def to_csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV as UTF-8 with a byte-order mark (so Excel reads accents), neutralised, no index.

    Rows end in CRLF (RFC 4180). This also makes the writer quote any cell holding a lone
    ``\r`` or ``\n``; with pandas' default ``\n`` terminator a cell with a bare ``\r``
    goes out unquoted and splits the row in Excel and in ``csv.reader``.
    """
    return neutralise(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def _sheet_names(names: Sequence[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        base = _SHEET_BAD.sub("_", str(name)).strip("'") or "sheet"
        base = base[:31]
        candidate, i = base, 2
        while candidate.lower() in {o.lower() for o in out}:
            suffix = f"~{i}"
            candidate = base[: 31 - len(suffix)] + suffix
            i += 1
        out.append(candidate)
    return out


def _excel_cell(value: Any) -> Any:
    if isinstance(value, str):
        # neutralise again once illegal characters are gone: "\x01=1+1" would become "=1+1"
        value = _neutral_cell(_XML_ILLEGAL.sub("", value))
        if len(value) > EXCEL_CELL_LIMIT:
            value = value[: EXCEL_CELL_LIMIT - 1] + "…"
    return value


def to_xlsx_bytes(tables: Mapping[str, pd.DataFrame]) -> bytes:
    """One workbook, one sheet per table (name ≤ 31 characters, unique), neutralised.

    Characters XML cannot hold are dropped and cells are cut at Excel's 32,767 characters.
    """
    buffer = io.BytesIO()
    names = _sheet_names(list(tables))
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        if not tables:
            pd.DataFrame().to_excel(writer, sheet_name="empty", index=False)
        for sheet, df in zip(names, tables.values(), strict=True):
            clean = neutralise(df)
            for col in clean.columns:
                if clean[col].dtype == object or pd.api.types.is_string_dtype(clean[col].dtype):
                    clean[col] = clean[col].map(_excel_cell, na_action="ignore")
            clean.to_excel(writer, sheet_name=sheet, index=False)
    return buffer.getvalue()


# ---- server-side images (kaleido + Chromium) ----------------------------------------------

_LOCK = threading.Lock()
_STATE: dict[str, Any] = {"server": False, "error": None}
_NO_BROWSER = (
    "Server-side image export needs Chrome or Chromium, and none was found "
    "(install the 'chromium' package, or point the BROWSER_PATH environment variable at a "
    "Chrome/Chromium executable). The camera button above each chart still saves PNG/SVG "
    "from your browser."
)


def _find_browser() -> str | None:
    env = os.environ.get("BROWSER_PATH")
    if env:
        return env if Path(env).is_file() and os.access(env, os.X_OK) else None
    try:
        from choreographer.browsers.chromium import Chromium

        found = Chromium.find_browser(skip_local=False)
    except Exception:  # private API moved: fall back to a plain lookup
        found = None
    if not found:
        for exe in (
            "chromium",
            "chromium-browser",
            "google-chrome",
            "google-chrome-stable",
            "chrome",
        ):
            found = shutil.which(exe)
            if found:
                break
    return found if found and Path(found).is_file() else None


def kaleido_available() -> tuple[bool, str]:
    """Whether charts can be exported as images on the server, and a reason for a reporter.

    Checks that kaleido ≥ 1 is importable and that a Chrome/Chromium executable is found
    (``BROWSER_PATH`` first, then kaleido's own lookup: PATH names and the usual install
    places such as ``/usr/bin/chromium``). It does not start the browser; if the browser is
    found but fails to start, :func:`render_image` raises a :class:`RuntimeError` with the
    cause, and from then on this function returns ``False`` with that cause.

    Returns
    -------
    (bool, str)
        ``(True, "Chromium at /usr/bin/chromium")`` or ``(False, <what to do>)``.
    """
    try:
        version = metadata.version("kaleido")
        import kaleido  # noqa: F401
    except Exception:
        return False, "Server-side image export needs the 'kaleido' package (version 1 or later)."
    if int(version.split(".")[0]) < 1:
        return False, f"kaleido {version} is too old: version 1 or later is needed."
    if _STATE["error"]:
        return False, str(_STATE["error"])
    path = _find_browser()
    if not path:
        env = os.environ.get("BROWSER_PATH")
        extra = f" BROWSER_PATH is set to {env!r}, which is not an executable file." if env else ""
        return False, _NO_BROWSER + extra
    return True, f"Chromium at {path}"


_FIRST_CALL_TIMEOUT = 120.0  # seconds for the browser to start and draw the first image


def _first_call(spec: dict, opts: dict) -> bytes:
    """The first image on a fresh server, watched so a browser that dies cannot hang us.

    kaleido's sync server runs the browser in a thread; if that thread dies (Chromium
    missing or crashing), a plain call would wait forever. Here the call runs in a helper
    thread while we watch the server thread.
    """
    import kaleido

    result: dict[str, Any] = {}

    def work() -> None:
        try:
            result["value"] = kaleido.calc_fig_sync(spec, opts=opts)
        except BaseException as err:  # handed to the caller below
            result["error"] = err

    worker = threading.Thread(target=work, daemon=True, name="framing-first-image")
    worker.start()
    server = getattr(kaleido, "_global_server", None)
    deadline = time.monotonic() + _FIRST_CALL_TIMEOUT
    while worker.is_alive():
        worker.join(0.1)
        browser_thread = getattr(server, "_thread", None)
        if worker.is_alive() and browser_thread is not None and not browser_thread.is_alive():
            with contextlib.suppress(Exception):
                server.close(silence_warnings=True)
            raise RuntimeError("the browser stopped before drawing the first chart")
        if time.monotonic() > deadline:
            raise RuntimeError(f"no image after {_FIRST_CALL_TIMEOUT:.0f} s")
    if "error" in result:
        raise RuntimeError(str(result["error"])) from result["error"]
    return result["value"]


def _calc(spec: dict, opts: dict) -> bytes:
    """Draw one image on kaleido's shared browser, starting it once per process."""
    import kaleido

    if _STATE["server"]:
        return kaleido.calc_fig_sync(spec, opts=opts)
    ok, reason = kaleido_available()
    if not ok:
        raise RuntimeError(reason)
    kaleido.start_sync_server(mathjax=False, silence_warnings=True)
    try:
        data = _first_call(spec, opts)
    except RuntimeError as err:
        _STATE["error"] = f"Chromium was found but could not draw a chart: {err}"
        raise RuntimeError(_STATE["error"]) from err
    _STATE["server"] = True
    return data


def render_image(
    figure: Any,
    fmt: str = "png",
    *,
    scale: float = IMAGE_SCALE,
    width: int | None = None,
    height: int | None = None,
) -> bytes:
    """One figure as PNG/SVG/PDF bytes, drawn by kaleido's shared browser (thread-safe).

    The first call in a process starts the browser (3–5 s on a busy 2-core machine); later
    calls reuse it (0.2–0.5 s each). A browser that fails to start raises
    :class:`RuntimeError` (never hangs), and :func:`kaleido_available` then reports it.
    ``width`` defaults to :data:`IMAGE_WIDTH`, ``height`` to the figure's own height.
    """
    if fmt not in {"png", "svg", "pdf", "jpeg", "webp"}:
        raise ValueError(f"unsupported image format {fmt!r}")
    spec = figure.to_dict() if hasattr(figure, "to_dict") else dict(figure)
    layout = spec.get("layout", {})
    opts = {
        "format": fmt,
        "width": int(width or layout.get("width") or IMAGE_WIDTH),
        "height": int(height or layout.get("height") or 500),
        "scale": scale,
    }
    with _LOCK:
        return _calc(spec, opts)


def figures_zip(
    charts: Sequence[Chart],
    *,
    images: bool = True,
    formats: Sequence[str] = ("png", "svg"),
    timings: dict[str, float] | None = None,
) -> bytes:
    """A zip with every chart as PNG (scale 2) and SVG, plus the CSV of the data plotted.

    Parameters
    ----------
    charts : sequence of Chart
        From :mod:`framing.charts`.
    images : bool
        False: CSVs only (for when :func:`kaleido_available` says no).
    formats : sequence of str
        Image formats to draw.
    timings : dict, optional
        Filled with seconds per image file (``{"profile.png": 0.21, …}``).

    Raises
    ------
    RuntimeError
        ``images`` is true and no browser can draw the images (message from
        :func:`kaleido_available`).
    """
    buffer = io.BytesIO()
    used: set[str] = set()

    def unique(name: str, ext: str) -> str:
        fname, i = safe_filename(name, ext), 2
        while fname in used:
            fname, i = safe_filename(f"{name}-{i}", ext), i + 1
        used.add(fname)
        return fname

    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for chart in charts:
            zf.writestr(unique(chart.name, "csv"), to_csv_bytes(chart.data))
            if not images:
                continue
            for fmt in formats:
                fname = unique(chart.name, fmt)
                t0 = time.perf_counter()
                data = render_image(chart.figure, fmt)
                if timings is not None:
                    timings[fname] = time.perf_counter() - t0
                zf.writestr(fname, data)
    return buffer.getvalue()


# ---- the HTML report ----------------------------------------------------------------------

_REPORT_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto;
       max-width: 1000px; padding: 1.5rem; color: #222; }
h1 { font-size: 1.6rem; } h2 { margin-top: 2rem; border-bottom: 1px solid #ddd; }
table.profiles { border-collapse: collapse; font-size: .9rem; width: 100%; }
table.profiles th, table.profiles td { border: 1px solid #ddd; padding: .3rem .5rem; text-align: left; vertical-align: top; }
table.profiles td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.ci { color: #666; font-size: .8rem; }
.scroll { overflow-x: auto; }
table.profiles td:nth-child(2) { min-width: 12rem; }
.chart { margin: 1rem 0 2rem; }
footer { margin-top: 3rem; font-size: .8rem; color: #666; }
"""


def _e(value: Any) -> str:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return html.escape(str(value), quote=True)


def _fmt(value: Any, unit: str) -> str:
    try:
        v = float(value)
    except (TypeError, ValueError):
        return ""
    if not np.isfinite(v):
        return "–"
    if unit == "share":
        return f"{v:.0%}"
    return f"{v:+.2f}".replace("-", "−") if unit.startswith("-1") else f"{v:.2f}"


def _profiles_table(articles: pd.DataFrame) -> str:
    if articles is None or articles.empty:
        return "<p>No articles.</p>"
    metrics = [m for m in METRICS.values() if m.column in articles.columns]
    head = ["Outlet", "Title", "Words", *(f"{m.label} ({m.unit})" for m in metrics), "Flags"]
    rows = []
    for rec in articles.to_dict("records"):
        cells = [
            f"<td>{_e(rec.get('outlet', ''))}</td>",
            f"<td>{_e(rec.get('title', ''))}</td>",
            f"<td class=num>{_e(rec.get('n_words', ''))}</td>",
        ]
        for m in metrics:
            value = _fmt(rec.get(m.column), m.unit)
            lo, hi = rec.get(f"{m.column}_lo"), rec.get(f"{m.column}_hi")
            ci = ""
            if lo is not None and hi is not None and _fmt(lo, m.unit) not in {"", "–"}:
                ci = f' <span class="ci">({_e(_fmt(lo, m.unit))} … {_e(_fmt(hi, m.unit))})</span>'
            cells.append(f"<td class=num>{_e(value)}{ci}</td>")
        cells.append(f"<td>{_e(rec.get('flags', ''))}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    header = "".join(f"<th>{_e(h)}</th>" for h in head)
    return (
        f'<div class="scroll"><table class="profiles"><thead><tr>{header}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
        "<p class=ci>Rates per 100 words; in brackets the 95% bootstrap interval.</p>"
    )


def _passages_html(passages: Sequence[tuple[str, str] | str] | str) -> str:
    if isinstance(passages, str):
        return passages  # HTML built by framing.render (already escaped)
    parts = []
    for item in passages:
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


def html_report(
    *,
    story: str,
    articles: pd.DataFrame,
    charts: Sequence[Chart],
    passages: Sequence[tuple[str, str] | str] | str,
    findings: Sequence[str],
    generated: str | None = None,
) -> str:
    """A self-contained HTML report that opens offline.

    plotly.js is inlined once (with the first chart) and never loaded from a CDN; every piece
    of user text is escaped.

    Parameters
    ----------
    story : str
        Story title (plain text).
    articles : DataFrame
        ``models.ARTICLE_COLUMNS``: the outlet profiles table.
    charts : sequence of Chart
        Charts to embed (interactive).
    passages : str or sequence
        Side-by-side passages: a ``str`` of HTML, or a sequence whose items are either HTML
        strings from :func:`framing.render.alignment_pairs_html` (trusted, already escaped)
        or ``(left, right)`` pairs of *plain text* (escaped here, shown without highlights).
    findings : sequence of str
        Plain-text findings (:func:`framing.findings.findings`), escaped here.
    generated : str, optional
        Date line for the footer (default: today's UTC date).

    Returns
    -------
    str
        A complete HTML document.
    """
    chart_html = []
    for i, chart in enumerate(charts):
        div = chart.figure.to_html(
            full_html=False,
            include_plotlyjs=(i == 0),  # True inlines the bundled plotly.min.js
            config=modebar_config(chart.name),
            div_id=f"chart-{i}",
            default_width="100%",
        )
        chart_html.append(f'<section class="chart">{div}</section>')
    items = "".join(f"<li>{_e(f)}</li>" for f in findings) or "<li>No findings.</li>"
    when = generated or _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d")
    try:
        version = metadata.version("framing")
    except metadata.PackageNotFoundError:
        version = ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(story) or "Framing report"} · framing report</title>
<style>{_REPORT_CSS}{HIGHLIGHT_CSS}</style>
</head>
<body>
<header><h1>{_e(story) or "Framing report"}</h1>
<p>How {len(articles) if articles is not None else 0} articles frame this story.</p></header>
<section><h2>Findings</h2><ul class="findings">{items}</ul></section>
<section><h2>Outlet profiles</h2>{_profiles_table(articles)}</section>
<section><h2>Charts</h2>{"".join(chart_html) or "<p>No charts.</p>"}</section>
<section><h2>Side by side</h2>{legend_html()}{_passages_html(passages)}</section>
<footer>Generated {_e(when)} by framing {_e(version)}. Rates are per 100 words; intervals are
95% bootstrap intervals over sentences. This file works offline.</footer>
</body>
</html>
"""

"""Exports: safe names, formula neutralising, CSV/XLSX, images zip, self-contained HTML report."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing import charts, report
from framing.report import (
    figures_zip,
    html_report,
    kaleido_available,
    neutralise,
    safe_filename,
    to_csv_bytes,
    to_xlsx_bytes,
)

try:
    from tests import fixtures_tables as F
except ImportError:  # tests/ is not a package: pytest puts it on sys.path
    import fixtures_tables as F


@pytest.mark.parametrize(
    ("name", "ext", "expected"),
    [
        ("profile", "png", "profile.png"),
        ("000 · Steps In", ".CSV", "000_·_Steps_In.csv"),
        ("../../etc/passwd", "csv", "etc_passwd.csv"),
        ("..\\..\\windows\\system32", "txt", "windows_system32.txt"),
        ("a\x00b\x1fc\u202ed", "csv", "a_b_c_d.csv"),
        ('what? <who>: "me" | *', "html", "what_who_me.html"),
        ("...", "csv", "export.csv"),
        ("", "zip", "export.zip"),
        ("CON", "txt", "_CON.txt"),
        ("nul.tar", "gz", "_nul.tar.gz"),
        ("report", "", "report"),
        ("x" * 300, "csv", "x" * 100 + ".csv"),
        ("Zürich – Genève", "xlsx", "Zürich_–_Genève.xlsx"),
        ("a", "p/n.g", "a.png"),
    ],
)
def test_safe_filename(name, ext, expected):
    out = safe_filename(name, ext)
    assert out == expected
    assert "/" not in out and "\\" not in out and ".." not in out


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("plain", "plain"),
        (" =not at start", " =not at start"),
        ("", ""),
    ],
)
def test_neutralise_text_cells(cell, expected):
    df = pd.DataFrame({"text": [cell], "n": [-1.5], "k": [-3], "b": [True]})
    out = neutralise(df)
    assert out["text"].iloc[0] == expected
    assert out["n"].iloc[0] == -1.5 and out["k"].iloc[0] == -3 and bool(out["b"].iloc[0])
    assert out["n"].dtype == df["n"].dtype and out["k"].dtype == df["k"].dtype


def test_neutralise_keeps_missing_and_does_not_mutate():
    df = pd.DataFrame({"t": ["=x", None, np.nan], "=col": [1, 2, 3]})
    out = neutralise(df)
    assert out["t"].iloc[0] == "'=x" and pd.isna(out["t"].iloc[1]) and pd.isna(out["t"].iloc[2])
    assert list(out.columns) == ["t", "'=col"]
    assert df["t"].iloc[0] == "=x"


def test_csv_has_bom_and_neutralised_cells():
    data = to_csv_bytes(pd.DataFrame({"outlet": ["=cmd|' /C calc'!A0", "Zürich"], "v": [-1, 2]}))
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text == "outlet,v\r\n'=cmd|' /C calc'!A0,-1\r\nZürich,2\r\n"


def test_csv_quotes_cells_with_line_breaks():
    cells = ["a\rb", "c\nd", "e\r\nf", '"q"']
    text = to_csv_bytes(pd.DataFrame({"t": cells})).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert [r[0] for r in rows[1:]] == cells


def test_xlsx_sheets_names_and_values_read_back():
    long_name = "a_very_long_table_name_that_exceeds_the_limit"
    tables = {
        "articles": F.articles_table(hostile=True),
        long_name: pd.DataFrame({"x": ["=1+1", "-5"], "n": [-5, 7]}),
        long_name + "_2": pd.DataFrame({"y": ["bell\x07char", "z" * 40_000]}),
        "bad/[name]?": pd.DataFrame({"z": [1]}),
    }
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(tables)))
    assert wb.sheetnames[0] == "About"
    names = wb.sheetnames[1:]
    assert len(names) == 4 and len(set(names)) == 4
    assert all(len(n) <= 31 for n in names)
    assert names[0] == "articles" and names[3] == "bad__name__"
    ws = wb[names[1]]
    assert [c.value for c in ws[2]] == ["'=1+1", -5]
    assert [c.value for c in ws[3]] == ["'-5", 7]
    assert ws["A2"].data_type == "s"  # text, not a formula
    ws3 = wb[names[2]]
    assert ws3["A2"].value == "bellchar"
    assert len(ws3["A3"].value) == report.EXCEL_CELL_LIMIT
    arts = wb["articles"]
    header = [c.value for c in arts[1]]
    assert header[:3] == ["Article id", "Story", "Outlet"]
    assert arts.cell(row=4, column=3).value == F.HOSTILE


# ---- HTML report --------------------------------------------------------------------------


def _report(**kw) -> str:
    arts = F.articles_table(hostile=True)
    chart_list = [charts.profile_chart(arts), charts.stance_chart(F.stance_table())]
    args = {
        "story": "<script>alert('story')</script>",
        "articles": arts,
        "charts": chart_list,
        "passages": [("<b>left</b>", "right & <i>x</i>")],
        "findings": ["“A” <script>alert(1)</script> uses 2× more"],
        "generated": "2026-01-01",
    }
    args.update(kw)
    return html_report(**args)


def test_report_inlines_plotly_once_and_uses_no_cdn():
    out = _report()
    # the bundle is inlined exactly once, whatever its banner looks like
    assert out.count("Plotly.newPlot") == 2
    assert len(re.findall(r"plotly\.js v\d", out)) == 1
    assert not re.search(r"<script[^>]+src=", out)
    assert "cdn.plot.ly/plotly" not in out
    assert len(out) > 3_000_000  # plotly.min.js is about 4.6 MB


def test_report_escapes_user_text():
    out = _report()
    assert "<script>alert" not in out
    assert "&lt;script&gt;alert(&#x27;story&#x27;)&lt;/script&gt;" in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out  # finding
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Co" in out  # outlet in table
    assert "&lt;b&gt;left&lt;/b&gt;" in out and "right &amp; &lt;i&gt;x&lt;/i&gt;" in out
    assert "&lt;img src=x onerror=" in out


def test_report_has_profiles_findings_and_passages_sections():
    out = _report(passages='<div class="pair">trusted</div>')
    for heading in ("Findings", "Outlet profiles", "Charts", "Side by side"):
        assert f"<h2>{heading}</h2>" in out
    assert '<div class="pair">trusted</div>' in out
    assert '1.00<br><span class="ci">0.20 … 1.80</span>' in out
    assert "−0.40" in out and "35%" in out
    assert "Generated 2026-01-01" in out


def test_report_without_charts_has_no_plotly():
    out = _report(charts=[], passages=[], findings=[])
    assert "Plotly" not in out and "No charts." in out and "No findings." in out


# ---- server-side images -------------------------------------------------------------------


def test_kaleido_available_reports_missing_browser(monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", "/nonexistent/chromium")
    ok, reason = kaleido_available()
    assert ok is False
    assert "BROWSER_PATH" in reason and "/nonexistent/chromium" in reason
    assert "camera button" in reason


def test_figures_zip_without_images_has_csvs_only():
    chart_list = [
        charts.profile_chart(F.articles_table()),
        charts.profile_chart(F.articles_table()),
    ]
    with zipfile.ZipFile(io.BytesIO(figures_zip(chart_list, images=False))) as zf:
        assert zf.namelist() == ["profile.csv", "profile-2.csv"]
        csv = zf.read("profile.csv").decode("utf-8-sig")
    assert csv.splitlines()[0] == (
        "Measure,Unit,Row,Outlet,Value,95% low,95% high,Story as a whole"
    )


def _need_browser() -> None:
    ok, reason = kaleido_available()
    if not ok:
        if os.environ.get("FRAMING_CI"):
            pytest.fail(reason)
        pytest.skip(f"server-side export unavailable: {reason}")


@pytest.mark.slow  # starts a browser: ~3 s once, then ~0.2 s per image
def test_figures_zip_renders_png_and_svg():
    _need_browser()
    chart_list = [
        charts.stance_chart(F.stance_table()),
        charts.coverage_heatmap(F.coverage_table()),
    ]
    timings: dict[str, float] = {}
    data = figures_zip(chart_list, timings=timings)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = zf.namelist()
        assert sorted(names) == sorted(
            [
                "stance.csv",
                "stance.png",
                "stance.svg",
                "coverage.csv",
                "coverage.png",
                "coverage.svg",
            ]
        )
        png = zf.read("stance.png")
        svg = zf.read("coverage.svg").decode("utf-8")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width = int.from_bytes(png[16:20], "big")
    assert width == report.IMAGE_WIDTH * report.IMAGE_SCALE
    assert svg.lstrip().startswith("<svg") and "✕ omitted" in svg
    assert set(timings) == {"stance.png", "stance.svg", "coverage.png", "coverage.svg"}


def test_broken_browser_raises_instead_of_hanging(tmp_path):
    """A 'browser' that exits at once: a clear error, and availability turns False."""
    fake = tmp_path / "chromium"
    fake.write_text("#!/bin/sh\nexit 1\n")
    fake.chmod(0o755)
    code = (
        "import plotly.graph_objects as go\n"
        "from framing import report\n"
        "assert report.kaleido_available()[0]\n"
        "try:\n"
        "    report.render_image(go.Figure())\n"
        "except RuntimeError as err:\n"
        "    print('ERROR:', err)\n"
        "print('AVAILABLE:', report.kaleido_available())\n"
    )
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "BROWSER_PATH": str(fake), "PYTHONPATH": str(root)}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert "ERROR: Chromium was found but could not draw a chart" in done.stdout, done.stderr
    assert "AVAILABLE: (False, 'Chromium was found but could not draw a chart" in done.stdout


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=150), st.text(max_size=8))
def test_safe_filename_properties(name, ext):
    out = safe_filename(name, ext)
    stem = out.rsplit(".", 1)[0] if "." in out and re.sub(r"[^0-9A-Za-z]", "", ext) else out
    assert out and stem
    assert "/" not in out and "\\" not in out and ".." not in out
    assert not out.startswith((".", " ", "-"))
    assert not any(ord(c) < 32 or ord(c) == 127 for c in out)
    assert len(stem) <= 101


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=20), min_size=1, max_size=5))
def test_neutralised_csv_never_starts_a_cell_with_a_formula(cells):
    text = to_csv_bytes(pd.DataFrame({"c": cells})).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["c"]
    back = [r[0] if r else "" for r in rows[1:]]
    assert len(back) == len(cells)
    for original, cell in zip(cells, back, strict=True):
        if original.startswith(("=", "+", "-", "@", "\t", "\r")):
            assert cell.startswith("'")


@pytest.mark.parametrize(
    "module",
    [
        "framing.report.tables",
        "framing.report.columns",
        "framing.report.context",
        "framing.report.content",
        "framing.charts",
    ],
)
def test_docstring_examples_run(module):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module))
    assert result.attempted > 0 and result.failed == 0

"""Safe file names, formula neutralising, CSV bytes and a workbook that explains itself.

* Spreadsheet cells that start with ``=``, ``+``, ``-``, ``@``, tab or carriage return are
  prefixed with ``'`` (:func:`neutralise`) so a hostile article cannot plant a formula.
* :func:`to_xlsx_bytes` writes an "About" sheet first (story, date, version, what every sheet
  and column means, units), readable headers from :mod:`framing.report.columns`, number
  formats on the real values (nothing is rounded), a frozen header row, an autofilter, column
  widths and URLs as links.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from framing.report.columns import column

if TYPE_CHECKING:  # pragma: no cover
    from framing.report.context import ChartContext

__all__ = [
    "EXCEL_CELL_LIMIT",
    "SHEET_NOTES",
    "neutralise",
    "safe_filename",
    "to_csv_bytes",
    "to_xlsx_bytes",
]

EXCEL_CELL_LIMIT = 32_767  # characters Excel keeps in one cell
_DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")
_WINDOWS_RESERVED = {
    "CON", "PRN", "AUX", "NUL",
    *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10)),
}  # fmt: skip
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_URL = re.compile(r"https?://[^\s\"'<>]{1,2000}\Z", re.IGNORECASE)

#: What each exported table holds (the About sheet and the reports say it).
SHEET_NOTES: dict[str, str] = {
    "articles": "One row per article: the measures with their 95% bootstrap intervals",
    "sentences": "One row per sentence: cue sums and VADER scores",
    "cues": "One row per lexicon hit (the words behind every score)",
    "quotes": "One row per direct quotation (and scare quote), with speaker and verb",
    "actors": "One row per article and actor: mentions and tone",
    "mentions": "One row per mention of an actor",
    "stance": "One row per article and stance axis: position from −1 to +1",
    "frames": "One row per article, frame scheme and frame: score (0.5 at the threshold), predicted, the words behind it",
    "clusters": "One row per sentence cluster (a part of the story)",
    "coverage": "One row per outlet and cluster: how much of the outlet's text covers it",
    "alignments": "Matched sentences between pairs of outlets",
    "set_aside": "Articles left out of the comparison, and why",
}


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


def _clean_frame(df: pd.DataFrame) -> pd.DataFrame:
    clean = neutralise(df)
    for col in clean.columns:
        if clean[col].dtype == object or pd.api.types.is_string_dtype(clean[col].dtype):
            clean[col] = clean[col].map(_excel_cell, na_action="ignore")
    return clean


def _about_rows(
    tables: Mapping[str, pd.DataFrame], sheets: Sequence[str], context: ChartContext | None
) -> list[list[Any]]:
    from framing.report.context import ChartContext

    ctx = context or ChartContext()
    rows: list[list[Any]] = [
        ["Story", ctx.story or "(untitled)"],
        ["Compared", ctx.compared()],
        ["Dates", ctx.date_range or "not given"],
        ["Set aside", "; ".join(ctx.set_aside) or "none"],
        ["Analysed", ctx.analysed],
        ["Made with", f"framing {ctx.version}".strip()],
        ["Intervals", "95% bootstrap intervals over sentences (columns “95% CI low/high”)"],
        ["Methods", "docs/measures.md (what each measure counts) and README (agreement)"],
        [],
        ["Sheet", "Column", "Header", "Unit", "What it means"],
    ]
    for (name, df), sheet in zip(tables.items(), sheets, strict=True):
        rows.append([sheet, "", "", "", SHEET_NOTES.get(name, "")])
        for col in df.columns:
            info = column(col, table=name)
            rows.append(["", str(col), info.header, info.unit, info.description])
    return [[_excel_cell(_neutral_cell(v)) for v in [*r, *[""] * (5 - len(r))]] for r in rows]


def _width(values: pd.Series, head: str) -> float:
    sample = values.head(200).map(lambda v: len(str(v)) if v is not None else 0)
    longest = max([len(head) * 0.9, *(sample.tolist() or [0])])
    return float(min(max(longest + 2, 8), 60))


def to_xlsx_bytes(
    tables: Mapping[str, pd.DataFrame],
    *,
    context: ChartContext | None = None,
    about: bool = True,
    readable_headers: bool = True,
) -> bytes:
    """One workbook: an "About" sheet, then one sheet per table, ready to read.

    Parameters
    ----------
    tables : mapping of str to DataFrame
        Sheet name (≤ 31 characters, made unique) → table. Cells are neutralised, characters
        XML cannot hold are dropped and cells are cut at Excel's 32,767 characters.
    context : ChartContext, optional
        Story, dates, version and what was set aside, for the About sheet.
    about : bool
        Write the About sheet first.
    readable_headers : bool
        Headers from :mod:`framing.report.columns` ("Hedging per 100 words (95% CI low)")
        instead of the raw column names.

    Returns
    -------
    bytes
        The ``.xlsx`` file. Number formats (two decimals, percentages, signed) sit on the
        real values; the header row is frozen with an autofilter; URLs are links.
    """
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    buffer = io.BytesIO()
    sheets = _sheet_names(["About", *tables] if about else list(tables))
    data_sheets = sheets[1:] if about else sheets
    bold = Font(bold=True)
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        if about:
            pd.DataFrame(_about_rows(tables, data_sheets, context)).to_excel(
                writer, sheet_name=sheets[0], index=False, header=False
            )
            ws = writer.sheets[sheets[0]]
            for letter, width in zip("ABCDE", (16, 22, 38, 12, 70), strict=True):
                ws.column_dimensions[letter].width = width
            for row in ws.iter_rows():
                if row[0].value in {"Sheet"} or (row[0].value and row[1].value in (None, "")):
                    for cell in row:
                        cell.font = bold
                for cell in row:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        if not tables and not about:
            pd.DataFrame().to_excel(writer, sheet_name="empty", index=False)
        for sheet, (name, df) in zip(data_sheets, tables.items(), strict=True):
            infos = [column(c, table=name) for c in df.columns]
            clean = _clean_frame(df)
            if readable_headers:
                from framing.report.columns import readable

                clean = readable(clean, table=name)
                clean.columns = [_neutral_cell(c) for c in clean.columns]
            clean.to_excel(writer, sheet_name=sheet, index=False)
            ws = writer.sheets[sheet]
            ws.freeze_panes = "A2"
            if len(clean.columns):
                last = get_column_letter(len(clean.columns))
                ws.auto_filter.ref = f"A1:{last}{len(clean) + 1}"
            for j, (info, col) in enumerate(zip(infos, clean.columns, strict=True), start=1):
                letter = get_column_letter(j)
                ws.column_dimensions[letter].width = _width(clean[col], str(col))
                ws.cell(row=1, column=j).font = bold
                ws.cell(row=1, column=j).alignment = Alignment(wrap_text=True, vertical="top")
                is_url = str(df.columns[j - 1]) == "url"
                if not (info.number_format or is_url):
                    continue
                for (cell,) in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                    if is_url:
                        if isinstance(cell.value, str) and _URL.match(cell.value):
                            cell.hyperlink = cell.value
                            cell.style = "Hyperlink"
                    elif isinstance(cell.value, int | float) and not isinstance(cell.value, bool):
                        cell.number_format = info.number_format
    return buffer.getvalue()

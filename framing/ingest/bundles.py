"""Bundles: one article per row of a CSV/TSV, an Excel sheet, JSON lines or a JSON list.

Bundles come as people have them: only ``outlet`` and ``text`` are required (:data:`REQUIRED`).
Columns are found by name (:data:`FIELDS`: trimmed, case-insensitive, spaces and hyphens read
as ``_``, with aliases such as ``headline`` or ``body``). A missing title is derived from the
text (:func:`framing.ingest.metadata.derive_title`) and the article's notes say so. A row that
cannot be read (no text, not JSON) is skipped, and a row without an outlet is loaded under the
file name; both are named in the file's one message, and the other rows load.

Examples
--------
>>> rows = b"outlet,title,text\\nA,T,Some text.\\n,,\\nB,U,More text.\\n"
>>> arts, warns = read_bundle("csv", rows, "b.csv", outlet=None, story="")
>>> [a.outlet for a in arts], [str(w) for w in warns]
(['A', 'B'], ['b.csv: 1 empty row(s) before row 4 (skipped; 2 other articles loaded)'])
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from framing.ingest.clean import clean_text
from framing.ingest.decode import check_texty, decode_bytes
from framing.ingest.metadata import derive_title, finish_article
from framing.ingest.names import MAX_BYTES, outlet_from_name
from framing.ingest.sniff import check_zip
from framing.models import Article, ReadError

__all__ = ["BUNDLE_READERS", "FIELDS", "REQUIRED", "column_key", "read_bundle"]


#: Field -> the column names read as it (after :func:`column_key`), the first found wins.
FIELDS: dict[str, tuple[str, ...]] = {
    "outlet": (
        "outlet",
        "source",
        "publication",
        "site",
        "publisher",
        "outlet_name",
        "site_name",
        "sitename",
    ),
    "title": ("title", "headline", "heading"),
    "text": ("text", "body", "content", "article", "article_text", "full_text"),
    "url": ("url", "link", "href", "article_url"),
    "published": ("published", "date", "published_at", "pubdate", "publish_date"),
    "story": ("story",),
}
#: Fields every row needs (``outlet`` not when the caller names the outlet for all rows).
REQUIRED = ("outlet", "text")

_Record = tuple[str, "Mapping[str, Any] | None", str]  # (label, fields or None, problem)


def column_key(name: Any) -> str:
    """A column name or JSON key as :data:`FIELDS` spells it: trimmed, lower case, runs of
    spaces, hyphens and underscores as one ``_``.

    Examples
    --------
    >>> column_key("  Full-Text "), column_key("\ufeffOUTLET"), column_key(None)
    ('full_text', 'outlet', '')
    """
    text = str(name if name is not None else "").strip().lstrip("\ufeff").strip().lower()
    return re.sub(r"[\s_-]+", "_", text)


def _map_header(header: Sequence[Any]) -> dict[str, int]:
    """Field -> column index; exact names win over aliases (:func:`column_key`)."""
    names = [column_key(h) for h in header]
    found: dict[str, int] = {}
    for field, aliases in FIELDS.items():
        for alias in aliases:
            if alias in names:
                found[field] = names.index(alias)
                break
    return found


def _missing_columns(
    name: str, found: Mapping[str, int], header: Sequence[Any], required: Sequence[str]
) -> ReadError:
    missing = [f for f in required if f not in found]
    cols = ", ".join(str(h) for h in header if h not in (None, ""))[:200] or "none"
    plural = "s" if len(missing) > 1 else ""
    listed = ", ".join(f"'{m}'" for m in missing)
    return ReadError(name, f"missing column{plural} {listed} (found columns: {cols})")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _rows_from_table(
    rows: Iterator[Sequence[Any]], name: str, *, required: Sequence[str], first_row: int = 1
) -> Iterator[_Record]:
    """Records from header + rows (CSV or a sheet); raises on a missing required column."""
    header: Sequence[Any] | None = None
    for number, row in enumerate(rows, start=first_row):
        if header is None:
            if not any(_cell(c).strip() for c in row):
                continue
            header = row
            found = _map_header(header)
            if any(f not in found for f in required):
                raise _missing_columns(name, found, header, required)
            continue
        fields = {f: _cell(row[i]) if i < len(row) else "" for f, i in found.items()}
        yield f"row {number}", fields, ""
    if header is None:
        raise ReadError(name, "the file has no header row (expected columns outlet and text)")


def _records_csv(
    data: bytes, name: str, required: Sequence[str]
) -> tuple[Iterator[_Record], list[str]]:
    text, notes = decode_bytes(data)
    check_texty(text, name)
    text = text.replace("\x00", "")
    first_line = text[: text.find("\n") if "\n" in text[:65536] else 65536]
    if name.lower().endswith(".tsv"):
        delimiter = "\t"
    else:
        counts = {d: first_line.count(d) for d in (",", ";", "\t", "|")}
        delimiter = max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","
    if csv.field_size_limit() < MAX_BYTES:
        csv.field_size_limit(MAX_BYTES)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def rows() -> Iterator[Sequence[Any]]:
        while True:
            try:
                yield next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise ReadError(
                    name, f"the CSV is malformed near line {reader.line_num} ({exc})"
                ) from None

    return _rows_from_table(rows(), name, required=required), notes


def _first_row(sheet: Any, *, look: int = 50) -> Sequence[Any] | None:
    """The first non-empty row among the first ``look`` rows of a worksheet."""
    for number, row in enumerate(sheet.iter_rows(values_only=True)):
        if any(_cell(c).strip() for c in row):
            return row
        if number >= look:
            break
    return None


def _records_xlsx(
    data: bytes, name: str, required: Sequence[str]
) -> tuple[Iterator[_Record], list[str]]:
    check_zip(data, name, "Excel workbook")
    try:
        import openpyxl

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            sheets = list(book.worksheets)
            chosen = next(
                (
                    ws
                    for ws in sheets
                    if (head := _first_row(ws)) is not None
                    and all(f in _map_header(head) for f in required)
                ),
                sheets[0] if sheets else None,
            )
    except Exception:
        raise ReadError(name, "not a valid Excel workbook (.xlsx)") from None
    if chosen is None:
        book.close()
        raise ReadError(name, "the workbook has no sheets")

    def rows() -> Iterator[Sequence[Any]]:  # streamed: a big sheet is never held in memory
        try:
            yield from chosen.iter_rows(values_only=True)
        except Exception:
            raise ReadError(name, "not a valid Excel workbook (a sheet is damaged)") from None
        finally:
            book.close()

    notes = [f"Read sheet '{chosen.title}'"] if len(sheets) > 1 else []
    return _rows_from_table(rows(), name, required=required), notes


def _json_record(label: str, obj: Any, required: Sequence[str], shown: set[str]) -> _Record:
    """One JSON object's fields; a missing required field names the object's own fields, once
    per set of fields in a file (``shown``), so the message stays short."""
    if not isinstance(obj, dict):
        return label, None, f"{label} is not a JSON object"
    lowered: dict[str, Any] = {}
    for key, value in obj.items():
        lowered.setdefault(column_key(key), value)
    fields = {}
    for field, aliases in FIELDS.items():
        key = next((a for a in aliases if a in lowered), None)
        if key is not None:
            fields[field] = _cell(lowered[key])
    missing = [f for f in required if f not in fields]
    if missing and any(_cell(v).strip() for v in lowered.values()):
        problem = f"{label} has no field {' or '.join(repr(m) for m in missing)}"
        keys = ", ".join(str(k) for k in obj)
        if keys not in shown:
            shown.add(keys)
            problem += f" (its fields: {keys if len(keys) <= 100 else keys[:99] + '…'})"
        return label, None, problem
    return label, fields, ""


def _records_jsonl(
    data: bytes, name: str, required: Sequence[str]
) -> tuple[Iterator[_Record], list[str]]:
    text, notes = decode_bytes(data)
    check_texty(text, name)

    def records() -> Iterator[_Record]:
        shown: set[str] = set()
        for number, line in enumerate(text.split("\n"), start=1):
            if not line.strip():
                continue
            label = f"line {number}"
            try:
                obj = json.loads(line)
            except (ValueError, RecursionError):
                yield label, None, f"{label} is not valid JSON"
                continue
            yield _json_record(label, obj, required, shown)

    return records(), notes


def _records_json(
    data: bytes, name: str, required: Sequence[str]
) -> tuple[Iterator[_Record], list[str]]:
    text, notes = decode_bytes(data)
    try:
        obj = json.loads(text)
    except (ValueError, RecursionError):
        if "\n" in text.strip():  # JSON lines saved as .json
            return _records_jsonl(data, name, required)
        raise ReadError(name, "not valid JSON") from None
    if isinstance(obj, dict):
        obj = obj.get("articles", [obj])
    if not isinstance(obj, list):
        raise ReadError(name, "expected a list of articles (objects with outlet and text)")
    shown: set[str] = set()
    records = (_json_record(f"item {i}", o, required, shown) for i, o in enumerate(obj, start=1))
    return records, notes


_Reader = Callable[[bytes, str, Sequence[str]], tuple[Iterator[_Record], list[str]]]
#: Kind (from :func:`framing.ingest.sniff.sniff_kind`) -> reader of ``(data, name, required)``.
BUNDLE_READERS: dict[str, _Reader] = {
    "csv": _records_csv,
    "xlsx": _records_xlsx,
    "jsonl": _records_jsonl,
    "json": _records_json,
}


class _Problems:
    """Skipped-row reasons: the first few kept verbatim, the rest only counted (bounded memory)."""

    SHOWN = 5

    def __init__(self) -> None:
        self.first: list[str] = []
        self.total = 0

    def add(self, problem: str) -> None:
        self.total += 1
        if len(self.first) < self.SHOWN:
            self.first.append(problem)

    def __bool__(self) -> bool:
        return self.total > 0

    def text(self, sep: str = "; ") -> str:
        more = self.total - len(self.first)
        return sep.join(self.first) + (f"{sep}and {more:,} more" if more else "")


def read_bundle(
    kind: str, data: bytes, name: str, *, outlet: str | None, story: str
) -> tuple[list[Article], list[ReadError]]:
    """Articles from a bundle, one per row, and at most one message naming the rows skipped
    or loaded without an outlet.

    Parameters
    ----------
    kind : str
        ``"csv"``, ``"xlsx"``, ``"jsonl"`` or ``"json"``.
    data : bytes
        The file's content.
    name : str
        The (safe) file name, for messages and ``source`` (``name#row``).
    outlet : str or None
        The outlet of every row (then rows need no outlet of their own).
    story : str
        Story label for rows without a ``story`` column.

    Raises
    ------
    ReadError
        When no row could be read (the message names the first problems).
    """
    required = tuple(f for f in REQUIRED if not (f == "outlet" and outlet))
    records, file_notes = BUNDLE_READERS[kind](data, name, required)
    articles: list[Article] = []
    seen: dict[str, str] = {}
    problems = _Problems()  # rows skipped
    no_outlet = _Problems()  # rows loaded under the file name
    blank_pending = 0  # blank rows are reported only when more rows follow them
    blank_total = 0
    for label, fields, problem in records:
        if problem:
            problems.add(problem)
            continue
        assert fields is not None
        if not any(v.strip() for v in fields.values()):
            blank_pending += 1
            blank_total += 1
            continue
        if blank_pending:
            problems.add(f"{blank_pending:,} empty row(s) before {label}")
            blank_pending = 0
        text, notes = clean_text(fields.get("text", ""))
        if not re.search(r"\w", text):
            problems.add(f"{label} has no text")
            continue
        row_outlet = outlet or fields.get("outlet", "")
        lacks_outlet = not clean_text(row_outlet)[0]  # loaded all the same, named in the message
        if lacks_outlet:
            notes.append("No outlet given in this row; used the file name")
        title = fields.get("title", "")
        if not clean_text(title)[0]:
            title, text, how = derive_title(text)
            notes.append(how)
        art = finish_article(
            text,
            file_notes + notes,
            name=name,
            source=f"{name}#{label.split()[-1]}",
            outlet=row_outlet,
            title=title,
            url=fields.get("url", ""),
            published=fields.get("published", ""),
            story=fields.get("story", "").strip() or story,
        )
        if art.id in seen:
            problems.add(f"{label} repeats {seen[art.id]} (same outlet and text)")
            continue
        seen[art.id] = label
        articles.append(art)
        if lacks_outlet:
            no_outlet.add(label)
    if not articles:
        if problems:
            raise ReadError(name, "no article could be read: " + problems.text())
        if blank_total:
            raise ReadError(name, f"no articles: all {blank_total:,} rows are empty")
        raise ReadError(name, "no articles: the file has a header but no rows")
    parts = []
    if problems:
        loaded = len(articles)
        others = f"{loaded:,} other article{'s' if loaded != 1 else ''}"
        parts.append(f"{problems.text()} (skipped; {others} loaded)")
    if no_outlet:
        verb = "has" if no_outlet.total == 1 else "have"
        parts.append(
            f"{no_outlet.text(', ')} {verb} no outlet (loaded under the outlet "
            f"'{outlet_from_name(name)}', from the file name; rename it to compare outlets)"
        )
    return articles, [ReadError(name, "; ".join(parts))] if parts else []

"""Lexicons as data: reading and validating lexicon CSVs (term, category, weight, source).

A lexicon is a CSV with columns ``term,category,weight,source``; :func:`read_lexicon_csv`
validates one and :func:`load_lexicons` stacks the bundled ones (``data/lexicons/``) with the
user's; :func:`lexicon_hash` gives their content hash for cache keys. A bundled file is read
again when it changes on disk.

The term syntax (``=exact``, ``prefix*``, ``about #``, ``!blocker``, phrases, inflections)
is :mod:`framing.terms`; the matcher that finds every lexicon's terms in one pass, with its
matching rules, is :mod:`framing.matcher`. Their names are importable from here too
(``from framing.lexicon import Matcher``), as before.
"""

from __future__ import annotations

import functools
import hashlib
import io
import math
from pathlib import Path

import pandas as pd

from framing.matcher import (
    BLOCK_PREFIX,
    EXCLUSIVE_GROUPS,
    NAME_OR_MONTH,
    NEGATION_WINDOW,
    NEGATORS,
    Match,
    Matcher,
)
from framing.models import LEXICON_COLUMNS, ReadError, Settings
from framing.terms import NO_INFLECT, TermForms, inflections, normalize, term_forms

__all__ = [
    "BLOCK_PREFIX",
    "BUNDLED_LEXICONS",
    "EXCLUSIVE_GROUPS",
    "LEXICON_DIR",
    "NAME_OR_MONTH",
    "NEGATION_WINDOW",
    "NEGATORS",
    "NO_INFLECT",
    "Match",
    "Matcher",
    "TermForms",
    "inflections",
    "lexicon_hash",
    "load_lexicons",
    "normalize",
    "read_lexicon_csv",
    "term_forms",
]


LEXICON_DIR = Path(__file__).resolve().parent.parent / "data" / "lexicons"
#: Bundled lexicons, by name; each is ``LEXICON_DIR / f"{name}.csv"``.
BUNDLED_LEXICONS = ("hedging", "intensity", "reporting")


# ---- reading ------------------------------------------------------------------------------


def _decode(data: bytes, source: str) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReadError(source, "the file is not UTF-8 text")


def read_lexicon_csv(data: str | bytes | Path, *, name: str) -> pd.DataFrame:
    """Read and validate a lexicon CSV (``term,category,weight[,source]``).

    Comma-separated; a header without commas but with ``;`` or tabs selects that separator.

    Parameters
    ----------
    data : str, bytes or Path
        CSV text, CSV bytes, or the path of a CSV file.
    name : str
        Lexicon name, stored in the ``lexicon`` column (``hedging``, ``my_words`` …).

    Returns
    -------
    DataFrame
        Columns :data:`framing.models.LEXICON_COLUMNS`; empty terms dropped, weights float,
        terms stripped with whitespace runs collapsed, exact duplicate terms dropped.

    Raises
    ------
    ReadError
        Missing column, non-numeric weight, empty or unparseable file; the message starts
        with the file name, e.g. ``"my_words.csv: missing column 'weight'"``.

    Examples
    --------
    >>> df = read_lexicon_csv("term,category,weight\\nslammed,loaded,1.5\\n", name="mine")
    >>> df.to_dict("records")
    [{'term': 'slammed', 'category': 'loaded', 'weight': 1.5, 'source': '', 'lexicon': 'mine'}]
    """
    if isinstance(data, Path):
        source = data.name
        try:
            raw = data.read_bytes()
        except OSError as err:
            raise ReadError(source, f"cannot read the file ({err.strerror})") from err
        text = _decode(raw, source)
    elif isinstance(data, bytes):
        source = name
        text = _decode(data, source)
    else:
        source = name
        text = data
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise ReadError(source, "the lexicon file is empty")
    header = text.lstrip().split("\n", 1)[0]
    sep = ","
    if "," not in header:  # spreadsheet exports with ";" or tabs
        sep = ";" if ";" in header else "\t" if "\t" in header else ","
    try:
        df = pd.read_csv(
            io.StringIO(text), sep=sep, dtype=str, keep_default_na=False, skipinitialspace=True
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as err:
        raise ReadError(source, f"not a readable CSV file ({err})") from err
    df.columns = [str(c).strip().lower() for c in df.columns]
    for column in ("term", "category", "weight"):
        if column not in df.columns:
            found = ", ".join(repr(c) for c in df.columns)
            raise ReadError(
                source,
                f"missing column {column!r} (found {found}; expected term,category,weight,source)",
            )
    if "source" not in df.columns:
        df["source"] = ""
    df["term"] = df["term"].map(lambda t: " ".join(str(t).split()))
    df = df[df["term"] != ""]
    weights = pd.to_numeric(df["weight"].str.strip(), errors="coerce")
    bad = weights.isna() | ~weights.map(lambda w: math.isfinite(w) if w == w else False)
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0])
        line = int(df.index[row]) + 2  # header is line 1
        raise ReadError(
            source,
            f"line {line}: weight {df['weight'].iloc[row]!r} for term {df['term'].iloc[row]!r} "
            "is not a number",
        )
    out = pd.DataFrame(
        {
            "term": df["term"].astype(str),
            "category": df["category"].map(lambda c: str(c).strip()),
            "weight": weights.astype(float),
            "source": df["source"].map(lambda c: str(c).strip()),
            "lexicon": name,
        }
    )
    out = out.drop_duplicates(subset=["term", "category"], keep="first")
    return out.reset_index(drop=True)[LEXICON_COLUMNS]


@functools.lru_cache(maxsize=16)
def _bundled_version(name: str, size: int, mtime_ns: int) -> pd.DataFrame:
    return read_lexicon_csv(LEXICON_DIR / f"{name}.csv", name=name)


def _bundled(name: str) -> pd.DataFrame:
    """A bundled lexicon, read again when its file changes on disk (size or mtime), so an
    edit reaches a running app instead of a copy cached for the life of the process."""
    try:
        stat = (LEXICON_DIR / f"{name}.csv").stat()
    except OSError:
        return _bundled_version(name, -1, -1)  # raises the ReadError that names the file
    return _bundled_version(name, stat.st_size, stat.st_mtime_ns)


def load_lexicons(settings: Settings) -> pd.DataFrame:
    """All lexicon entries in force: the bundled lexicons (unless switched off) plus the user's.

    Parameters
    ----------
    settings : Settings
        ``use_default_lexicons`` and ``lexicons`` (``(name, csv_text)`` pairs) are used.

    Returns
    -------
    DataFrame
        Columns :data:`framing.models.LEXICON_COLUMNS`.

    Raises
    ------
    ReadError
        When a user lexicon is invalid.

    Examples
    --------
    >>> sorted(load_lexicons(Settings())["lexicon"].unique())
    ['hedging', 'intensity', 'reporting']
    """
    frames: list[pd.DataFrame] = []
    if settings.use_default_lexicons:
        frames.extend(_bundled(name) for name in BUNDLED_LEXICONS)
    frames.extend(read_lexicon_csv(text, name=name) for name, text in settings.lexicons)
    if not frames:
        return pd.DataFrame(
            {c: pd.Series(dtype=float if c == "weight" else str) for c in LEXICON_COLUMNS}
        )
    return pd.concat(frames, ignore_index=True)[LEXICON_COLUMNS]


def lexicon_hash(df: pd.DataFrame) -> str:
    """A 16-hex-digit content hash of lexicon entries (order-sensitive), for cache keys.

    Examples
    --------
    >>> len(lexicon_hash(load_lexicons(Settings())))
    16
    """
    payload = df[LEXICON_COLUMNS].to_csv(index=False, lineterminator="\n")
    return hashlib.sha1(payload.encode("utf-8", "surrogatepass")).hexdigest()[:16]

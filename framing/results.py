"""Read an ``analyze`` output folder back, story by story, as :class:`~framing.models.Analysis`.

``python -m framing analyze … --out DIR`` (any ``--engine``, ``--format csv|parquet``) writes
``articles``, ``sentences``, ``cues``, ``quotes``, ``mentions``, ``actors``, ``stance`` (and
``set_aside``; ``clusters.csv``/``alignments.csv`` without ``--engine``). :class:`ResultsFolder`
opens such a folder read-only:

* a table is ``<name>.parquet`` or ``<name>.csv``, or a folder of parts (``<name>.parquet/``
  or ``<name>/`` holding ``*.parquet`` or ``*.csv`` files, as Dask or Spark write them);
* the story list reads only the ``article_id``/``story``/``outlet`` columns of ``articles``;
  :meth:`ResultsFolder.analysis` reads only one story's rows (Parquet: a filter on
  ``article_id``, skipping row groups; CSV: a streamed read in blocks);
* the articles' texts are rebuilt from their sentence rows, so every offset in ``cues``,
  ``quotes`` and ``mentions`` points at the right words (only white space differs);
* :attr:`Analysis.lexicon` holds the entries with at least one hit (``analyze`` does not
  write the lexicon); clusters are not read but recomputed by :func:`framing.clusters.cluster`
  (deterministic: the same as ``clusters.csv`` under the same settings).

A missing table or column, or a damaged file, raises one :class:`ResultsError` naming it.
:func:`allowed_folder` keeps a path under the folders an operator allowed.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from framing.models import (
    ACTOR_COLUMNS,
    ARTICLE_COLUMNS,
    CUE_COLUMNS,
    FRAME_COLUMNS,
    LEXICON_COLUMNS,
    MENTION_COLUMNS,
    QUOTE_COLUMNS,
    SENTENCE_COLUMNS,
    SET_ASIDE_COLUMNS,
    STANCE_COLUMNS,
    Analysis,
    Article,
    SetAside,
    Settings,
)
from framing.results_paths import ReadOnlyError, ResultsError, allowed_folder
from framing.store import StoryInfo

__all__ = [
    "NO_STORY",
    "OPTIONAL",
    "REQUIRED",
    "ReadOnlyError",
    "ResultsError",
    "ResultsFolder",
    "allowed_folder",
    "find_folders",
    "is_results_folder",
    "rebuild_text",
]

#: Tables a folder must hold, with the columns each must have.
REQUIRED: dict[str, list[str]] = {
    "articles": ARTICLE_COLUMNS,
    "sentences": SENTENCE_COLUMNS,
    "cues": CUE_COLUMNS,
    "quotes": QUOTE_COLUMNS,
    "mentions": MENTION_COLUMNS,
    "actors": ACTOR_COLUMNS,
    "stance": STANCE_COLUMNS,
}
#: Tables read when present (folders written before they existed stay readable).
OPTIONAL: dict[str, list[str]] = {"frames": FRAME_COLUMNS}
#: Name shown for the articles whose ``story`` is empty.
NO_STORY = "(no story name)"
_BOOL = {"is_heading", "is_quote", "negated", "in_quote", "auto", "predicted"}
_TEXT = {
    "article_id", "story", "outlet", "title", "url", "published", "source", "lede", "flags",
    "notes", "text", "term", "lexicon", "category", "speaker", "actor", "verb", "verb_kind",
    "sent_ids", "kind", "alias", "axis", "left_label", "right_label", "terms", "reason",
    "scheme", "frame", "top_cues",
}  # fmt: skip
_NUMERIC = {
    c
    for cols in (*REQUIRED.values(), *OPTIONAL.values())
    for c in cols
    if c not in _TEXT and c not in _BOOL
}
_CSV_BLOCK = 200_000  # rows per block of a streamed CSV read
_STORIES_KEPT = 4  # stories whose rows are kept in memory (articles, then the analysis)


# ---- locating tables ---------------------------------------------------------------------------
@dataclass(frozen=True)
class _Table:
    kind: str  # "parquet" | "csv"
    paths: tuple[Path, ...]  # one file, or the parts of a folder


def _locate(folder: Path, name: str) -> _Table | None:
    for kind in ("parquet", "csv"):
        single = folder / f"{name}.{kind}"
        if single.is_file():
            return _Table(kind, (single,))
    for sub in (folder / f"{name}.parquet", folder / name, folder / f"{name}.csv"):
        if sub.is_dir():
            for kind in ("parquet", "csv"):
                parts = sorted(p for p in sub.rglob(f"*.{kind}") if p.is_file())
                if parts:
                    return _Table(kind, tuple(parts))
    return None


def is_results_folder(folder: str | Path) -> bool:
    """Whether ``folder`` holds an ``articles`` table (CSV or Parquet)."""
    return Path(folder).is_dir() and _locate(Path(folder), "articles") is not None


def find_folders(root: str | Path, *, depth: int = 2) -> list[Path]:
    """Folders of analysed tables at or below ``root`` (at most ``depth`` levels), sorted.

    Examples
    --------
    >>> find_folders("/nonexistent-folder")
    []
    """
    root = Path(root)
    found, level = [], [root] if root.is_dir() else []
    for _ in range(depth + 1):
        nxt = []
        for folder in level:
            if is_results_folder(folder):
                found.append(folder)
                continue
            try:
                nxt.extend(sorted(p for p in folder.iterdir() if p.is_dir()))
            except OSError:
                continue
        level = nxt
    return sorted(found)


# ---- reading ------------------------------------------------------------------------------------
def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """CSV text (read as strings) -> the column types the analysis has."""
    out = {}
    for col in frame.columns:
        values = frame[col]
        if col in _BOOL:
            out[col] = values.astype(str).str.lower().isin(["true", "1"])
        elif col in _NUMERIC or col == "cluster":
            out[col] = pd.to_numeric(values.replace("", None), errors="coerce")
        else:
            out[col] = values.fillna("").astype(str)
    return pd.DataFrame(out, index=frame.index)


def _columns(table: _Table) -> list[str]:
    if table.kind == "parquet":
        import pyarrow.parquet as pq

        return list(pq.read_schema(table.paths[0]).names)
    return list(pd.read_csv(table.paths[0], nrows=0).columns)


def _read(
    table: _Table, *, columns: list[str] | None = None, key: str = "", values: Sequence[str] = ()
) -> pd.DataFrame:
    """Rows whose ``key`` is in ``values`` (all rows when ``key`` is empty)."""
    wanted = set(values)
    frames = []
    for path in table.paths:
        if table.kind == "parquet":
            filters = [(key, "in", sorted(wanted))] if key and wanted else None
            if key and not wanted:
                continue
            frame = pd.read_parquet(path, columns=columns, filters=filters)
            frames.append(frame)
            continue
        blocks: Iterator[pd.DataFrame] = pd.read_csv(
            path,
            usecols=columns,
            dtype=str,
            keep_default_na=False,
            chunksize=_CSV_BLOCK,
            encoding="utf-8",
        )
        for block in blocks:
            frames.append(block[block[key].isin(wanted)] if key else block)
    frames = [f for f in frames if len(f.columns)]
    if not frames:
        return pd.DataFrame(columns=columns or [])
    out = pd.concat(frames, ignore_index=True)
    if table.kind == "csv":
        out = _typed(out)
    for col in out.columns:  # parquet written by other tools may hold nulls in text columns
        if col in _TEXT and out[col].isna().any():
            out[col] = out[col].fillna("").astype(str)
    return out


def rebuild_text(sentences: pd.DataFrame) -> str:
    """An article's text from its sentence rows: each sentence at its ``start``, the gaps
    (white space in the original) as a space, or line breaks around a heading.

    Examples
    --------
    >>> s = pd.DataFrame({"start": [0, 10], "end": [8, 15], "text": ["Heading.", "Body."],
    ...                   "is_heading": [True, False]})
    >>> rebuild_text(s)
    'Heading.\\n\\nBody.'
    """
    parts, pos, after_heading = [], 0, False
    rows = sentences.sort_values("start", kind="stable")
    headings = rows["is_heading"] if "is_heading" in rows else [False] * len(rows)
    for start, end, text, heading in zip(
        rows["start"], rows["end"], rows["text"], headings, strict=True
    ):
        start, end = int(start), int(end)
        gap = start - pos
        if gap > 0 and (after_heading or heading):
            parts.append("\n" * min(gap, 2) + " " * max(gap - 2, 0))
        elif gap > 0:
            parts.append(" " * gap)
        if start >= pos:
            parts.append(str(text)[: end - start].ljust(end - start))
            pos = end
        after_heading = bool(heading)
    return "".join(parts)


def _lexicon(cues: pd.DataFrame) -> pd.DataFrame:
    if cues.empty:
        return pd.DataFrame(columns=LEXICON_COLUMNS)
    lex = cues.drop_duplicates(["lexicon", "term"])[["term", "category", "weight", "lexicon"]]
    lex = lex.assign(source="(from the analysed tables: entries with a hit)")
    return lex[LEXICON_COLUMNS].sort_values(["lexicon", "term"]).reset_index(drop=True)


@dataclass(frozen=True)
class _Story:
    tables: dict[str, pd.DataFrame]
    articles: tuple[Article, ...]


class ResultsFolder:
    """A folder of analysed tables, read-only, with the read methods of
    :class:`framing.store.Store` the dashboard uses (``stories``, ``story_info``,
    ``articles``, ``lexicons``, ``get_actors``, ``get_axes``) and :meth:`analysis`.

    Every change (``add_articles``, ``rename_outlet``, ``set_actors``…) raises
    :class:`ReadOnlyError`.

    Raises
    ------
    ResultsError
        When the folder is missing, or a table or column is missing (all named at once).
    """

    read_only = True

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise ResultsError(f"{self.folder}: no such folder")
        self._tables: dict[str, _Table] = {}
        missing = []
        for name in REQUIRED:
            found = _locate(self.folder, name)
            if found is None:
                missing.append(f"{name}.csv or {name}.parquet")
            else:
                self._tables[name] = found
        if missing:
            raise ResultsError(
                f"{self.folder.name or self.folder}: not a complete folder of analysed tables "
                f"(python -m framing analyze --out): missing {', '.join(missing)}"
            )
        lacking = []
        for name, cols in REQUIRED.items():
            try:
                have = set(_columns(self._tables[name]))
            except Exception as exc:  # unreadable file: named, never a crash
                raise ResultsError(
                    f"{self._tables[name].paths[0].name}: cannot be read "
                    f"({type(exc).__name__}: {exc})"
                ) from None
            gone = [c for c in cols if c not in have]
            if gone:
                lacking.append(f"{name} lacks {', '.join(gone)}")
        if lacking:
            raise ResultsError(f"{self.folder.name}: tables of another shape: {'; '.join(lacking)}")
        for name in OPTIONAL:
            found = _locate(self.folder, name)
            if found is not None:
                self._tables[name] = found
        set_aside = _locate(self.folder, "set_aside")
        with self._named("set_aside"):
            self._set_aside = _read(set_aside) if set_aside is not None else None
        with self._named("articles"):
            index = _read(self._tables["articles"], columns=["article_id", "story", "outlet"])
        index["story"] = index["story"].replace("", NO_STORY)
        self._index = index
        self._kept: OrderedDict[str, _Story] = OrderedDict()
        self._lock = threading.Lock()

    @contextmanager
    def _named(self, name: str) -> Iterator[None]:
        """Any failure to read table ``name`` as one :class:`ResultsError` naming it."""
        try:
            yield
        except ResultsError:
            raise
        except Exception as exc:  # damaged rows, wrong types, unreadable parts: one message
            raise ResultsError(
                f"{self.folder.name}/{name}: cannot be read ({type(exc).__name__}: {exc})"
            ) from None

    # ---- identity ---------------------------------------------------------------------------
    @property
    def label(self) -> str:
        """``"read-only: analysed tables from <folder>"``."""
        return f"read-only: analysed tables from {self.folder}"

    def fingerprint(self) -> tuple[tuple[str, int, int], ...]:
        """Path, size and modification time of every table file (a cache key)."""
        out = []
        for table in self._tables.values():
            for p in table.paths:
                st = p.stat()
                out.append((str(p), st.st_size, st.st_mtime_ns))
        return tuple(out)

    def set_aside_table(self) -> pd.DataFrame:
        """Articles set aside when the tables were made (``SET_ASIDE_COLUMNS``; may be empty)."""
        if self._set_aside is None:
            return pd.DataFrame(columns=SET_ASIDE_COLUMNS)
        return self._set_aside.copy()

    # ---- Store's read methods ------------------------------------------------------------------
    def stories(self) -> list[str]:
        """Story names in the tables, sorted (empty names as :data:`NO_STORY`)."""
        return sorted(set(self._index["story"]))

    def story_info(self) -> list[StoryInfo]:
        """Each story with its numbers of articles and outlets."""
        groups = self._index.groupby("story", sort=True)
        return [StoryInfo(str(name), len(g), g["outlet"].nunique(), False) for name, g in groups]

    def _ids(self, story: str) -> list[str]:
        return list(self._index.loc[self._index["story"] == story, "article_id"])

    def _rows(self, name: str, ids: Sequence[str]) -> pd.DataFrame:
        table = _read(self._tables[name], key="article_id", values=ids)
        cols = [c for c in {**REQUIRED, **OPTIONAL}[name] if c in table.columns]
        extra = [c for c in table.columns if c not in cols]
        return table[cols + extra].reset_index(drop=True)

    def articles(self, story: str) -> tuple[Article, ...]:
        """The story's articles, texts rebuilt from the sentence rows (empty: no such story).

        Raises
        ------
        ResultsError
            When a table's rows cannot be read (damaged file), naming the table.
        """
        return self._story(story).articles

    def _story(self, story: str) -> _Story:
        """The story's rows of every table (read once; the last few stories are kept)."""
        with self._lock:
            kept = self._kept.get(story)
            if kept is not None:
                self._kept.move_to_end(story)
                return kept
        ids = self._ids(story)
        tables = {}
        for name in self._tables:
            with self._named(name):
                tables[name] = self._rows(name, ids)
        kept = _Story(tables, self._articles(tables["articles"], tables["sentences"]))
        with self._lock:
            self._kept[story] = kept
            while len(self._kept) > _STORIES_KEPT:
                self._kept.popitem(last=False)
        return kept

    def _articles(
        self, rows: pd.DataFrame, sentences: pd.DataFrame | None = None
    ) -> tuple[Article, ...]:
        ids = list(rows["article_id"])
        if sentences is None:
            sentences = self._rows("sentences", ids)
        by_id = dict(tuple(sentences.groupby("article_id", sort=False)))
        empty = pd.DataFrame(columns=["start", "end", "text"])
        return tuple(
            Article(
                outlet=r.outlet,
                title=r.title,
                text=rebuild_text(by_id.get(r.article_id, empty)),
                url=r.url,
                published=r.published,
                story=r.story,
                source=r.source,
                notes=(r.notes,) if r.notes else (),  # "; "-joined: a note may hold "; "
                id=r.article_id,
            )
            for r in rows.itertuples(index=False)
        )

    def lexicons(self, story: str = "") -> tuple[tuple[str, str], ...]:
        """No user lexicons (the scores are read, not computed)."""
        return ()

    def get_actors(self, story: str) -> None:
        """The bundled actors (the scores are read, not computed)."""
        return None

    def get_axes(self, story: str) -> None:
        """The bundled axes (the scores are read, not computed)."""
        return None

    def _refuse(self, *args: object, **kwargs: object) -> None:
        raise ReadOnlyError(f"{self.label}: nothing can be added, renamed or removed here")

    add_articles = rename_outlet = set_article_outlet = remove_article = _refuse
    create_story = delete_story = set_actors = set_axes = _refuse
    add_lexicon = remove_lexicon = _refuse

    # ---- the analysis ---------------------------------------------------------------------
    def analysis(self, story: str) -> Analysis:
        """The story's tables as an :class:`Analysis` (only its rows are read).

        Raises
        ------
        KeyError
            When the folder has no such story.
        ResultsError
            When a table's rows cannot be read (damaged file), naming the table.
        """
        if not self._ids(story):
            raise KeyError(story)
        tables = {name: table.copy() for name, table in self._story(story).tables.items()}
        set_aside: tuple[SetAside, ...] = ()
        if self._set_aside is not None and len(self.stories()) == 1:
            set_aside = tuple(
                SetAside(**{c: str(r[c]) for c in SET_ASIDE_COLUMNS})
                for r in self._set_aside.to_dict("records")
            )
        return Analysis(
            articles=tables["articles"],
            sentences=tables["sentences"],
            cues=tables["cues"],
            quotes=tables["quotes"],
            mentions=tables["mentions"],
            actors=tables["actors"],
            stance=tables["stance"],
            frames=tables.get("frames", pd.DataFrame(columns=FRAME_COLUMNS)),
            lexicon=_lexicon(tables["cues"]),
            settings=Settings(),
            set_aside=set_aside,
        )

    def __repr__(self) -> str:
        return f"ResultsFolder({str(self.folder)!r})"

"""The workspace on disk: stories, uploaded articles and user edits in one SQLite file.

The database lives in a data directory: ``$FRAMING_HOME`` when set, else
``~/.local/share/framing``; the file is ``workspace.sqlite3`` in it. Where it lives and how it
is opened (WAL switch under a file lock, the connection settings) is
:mod:`framing.workspace_file`.

Design
------
- SQLite in WAL mode with ``synchronous=FULL``: readers never block the writer and a
  committed upload survives a power cut (writes are rare and small, so the extra fsync is
  cheap).
- Every public method opens its own short-lived connection and runs one short transaction
  (``BEGIN IMMEDIATE`` for writes), with a busy timeout. A :class:`Store` can therefore be
  shared by many threads (browser sessions) at once and no writer can lose another's rows.
- Articles are keyed by ``(story, id)``: adding the same article twice is a no-op, and the
  id survives an outlet rename (it names the upload).
- Outlet renames change the stored article (the name shown everywhere); the inferred name is
  kept in ``original_outlet``.
- Actors, stance axes and custom lexicons are stored per story, with the empty story name
  ``""`` meaning global. :meth:`Store.get_actors` / :meth:`Store.get_axes` fall back from
  the story to the global value to ``None`` (= the bundled defaults); :meth:`Store.lexicons`
  returns the global lexicons followed by the story's own.
- The bundled sample story is seeded the first time a database is created; deleting it
  later is respected (it is not re-seeded).

Examples
--------
>>> import tempfile
>>> from framing.models import Article
>>> store = Store(tempfile.mkdtemp() + "/ws.sqlite3", seed=False)
>>> store.add_articles("Demo", [Article(outlet="A", title="t", text="Hello.")])
1
>>> [a.outlet for a in store.articles("Demo")]
['A']
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import NamedTuple

from framing.models import Actor, Article, AxisTerm
from framing.workspace_file import (
    DB_NAME,
    ENV_HOME,
    connect,
    data_dir,
    default_path,
    open_workspace,
)

__all__ = [
    "DB_NAME",
    "ENV_HOME",
    "SAMPLE_STORY",
    "Store",
    "StoryInfo",
    "data_dir",
    "default_path",
]


SAMPLE_STORY = "Sample story"  # used when the sample articles carry no story name
GLOBAL = ""  # the story name that means "every story"


class StoryInfo(NamedTuple):
    """One story with its article and outlet counts."""

    name: str
    n_articles: int
    n_outlets: int
    is_sample: bool


def _default_sample() -> list[Article]:
    from framing.ingest import load_sample

    return list(load_sample())


def _row_to_article(row: sqlite3.Row) -> Article:
    return Article(
        outlet=row["outlet"],
        title=row["title"],
        text=row["text"],
        url=row["url"],
        published=row["published"],
        story=row["story"],
        source=row["source"],
        notes=tuple(json.loads(row["notes"])),
        id=row["id"],
    )


class Store:
    """A workspace database. Cheap to create; safe to share between threads.

    Parameters
    ----------
    path
        The database file (created with its directory if missing). ``None``: :func:`default_path`.
    seed
        Seed the bundled sample story when the database is new.
    sample
        Where the sample articles come from (default: ``framing.ingest.load_sample``).
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        seed: bool = True,
        sample: Callable[[], Sequence[Article]] | None = None,
    ) -> None:
        self.path = Path(path) if path is not None else default_path()
        with open_workspace(self.path):  # one opener at a time (see framing.workspace_file)
            if seed:
                self._seed(sample or _default_sample)

    # ---- plumbing ---------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        return connect(self.path)

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        con = self._connect()
        try:
            con.execute("BEGIN")
            yield con
            con.execute("COMMIT")
        finally:
            con.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        con = self._connect()
        try:
            con.execute("BEGIN IMMEDIATE")
            try:
                yield con
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
        finally:
            con.close()

    def _seed(self, sample: Callable[[], Sequence[Article]]) -> None:
        with self._read() as con:
            if con.execute("SELECT 1 FROM meta WHERE key='seeded'").fetchone():
                return
        articles = list(sample())  # read files outside the write lock
        story = next((a.story for a in articles if a.story), SAMPLE_STORY)
        with self._write() as con:
            if con.execute("SELECT 1 FROM meta WHERE key='seeded'").fetchone():
                return  # another thread or process seeded meanwhile
            con.execute("INSERT INTO meta (key, value) VALUES ('seeded', '1')")
            self._ensure_story(con, story, is_sample=True)
            self._insert(con, story, articles)

    @staticmethod
    def _ensure_story(con: sqlite3.Connection, story: str, *, is_sample: bool = False) -> None:
        if not story:
            raise ValueError("a story needs a name")
        con.execute(
            "INSERT OR IGNORE INTO stories (name, created, is_sample) VALUES (?, ?, ?)",
            (story, time.time(), int(is_sample)),
        )

    @staticmethod
    def _insert(con: sqlite3.Connection, story: str, articles: Iterable[Article]) -> int:
        now = time.time()
        added = 0
        for a in articles:
            cur = con.execute(
                "INSERT OR IGNORE INTO articles (story, id, outlet, original_outlet, title, text,"
                " url, published, source, notes, created) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                (
                    story,
                    a.id,
                    a.outlet,
                    a.outlet,
                    a.title,
                    a.text,
                    a.url,
                    a.published,
                    a.source,
                    json.dumps(list(a.notes), ensure_ascii=False),
                    now,
                ),
            )
            added += cur.rowcount
        return added

    # ---- stories ----------------------------------------------------------------------------
    def stories(self) -> list[str]:
        """Story names, the sample first, then in creation order."""
        with self._read() as con:
            rows = con.execute(
                "SELECT name FROM stories ORDER BY is_sample DESC, created, name"
            ).fetchall()
        return [r["name"] for r in rows]

    def story_info(self) -> list[StoryInfo]:
        """Each story with its article and outlet counts, in :meth:`stories` order."""
        with self._read() as con:
            rows = con.execute(
                "SELECT s.name, s.is_sample, COUNT(a.seq) AS n, COUNT(DISTINCT a.outlet) AS o"
                " FROM stories s LEFT JOIN articles a ON a.story = s.name"
                " GROUP BY s.name ORDER BY s.is_sample DESC, s.created, s.name"
            ).fetchall()
        return [StoryInfo(r["name"], r["n"], r["o"], bool(r["is_sample"])) for r in rows]

    def create_story(self, story: str) -> bool:
        """Create an empty story; False if it already exists."""
        story = story.strip()
        with self._write() as con:
            before = con.execute("SELECT 1 FROM stories WHERE name=?", (story,)).fetchone()
            self._ensure_story(con, story)
        return before is None

    def delete_story(self, story: str) -> bool:
        """Delete a story with its articles and per-story edits; False if it did not exist."""
        with self._write() as con:
            cur = con.execute("DELETE FROM stories WHERE name=?", (story,))
            con.execute("DELETE FROM edits WHERE story=?", (story,))
            con.execute("DELETE FROM lexicons WHERE story=?", (story,))
        return cur.rowcount > 0

    # ---- articles ---------------------------------------------------------------------------
    def add_articles(self, story: str, articles: Iterable[Article]) -> int:
        """Add articles to a story (created if missing); returns how many were new.

        Articles already in the story (same id) are skipped, so re-uploading is harmless.
        """
        story = story.strip()
        items = list(articles)
        with self._write() as con:
            self._ensure_story(con, story)
            return self._insert(con, story, items)

    def articles(self, story: str) -> tuple[Article, ...]:
        """The story's articles in upload order, with ``story`` set to the story name."""
        with self._read() as con:
            rows = con.execute(
                "SELECT * FROM articles WHERE story=? ORDER BY seq", (story,)
            ).fetchall()
        return tuple(_row_to_article(r) for r in rows)

    def outlets(self, story: str) -> list[str]:
        """Distinct outlet names in the story, in order of first upload."""
        with self._read() as con:
            rows = con.execute(
                "SELECT outlet, MIN(seq) AS first FROM articles WHERE story=?"
                " GROUP BY outlet ORDER BY first",
                (story,),
            ).fetchall()
        return [r["outlet"] for r in rows]

    def original_outlets(self, story: str) -> dict[str, str]:
        """Article id -> the outlet name inferred at upload (before any rename)."""
        with self._read() as con:
            rows = con.execute(
                "SELECT id, original_outlet FROM articles WHERE story=?", (story,)
            ).fetchall()
        return {r["id"]: r["original_outlet"] for r in rows}

    def rename_outlet(self, story: str, old: str, new: str) -> int:
        """Rename an outlet in one story; returns the number of articles changed.

        Renaming onto an existing outlet merges the two. Empty names are refused.
        """
        new = new.strip()
        if not new:
            raise ValueError("an outlet needs a name")
        with self._write() as con:
            cur = con.execute(
                "UPDATE articles SET outlet=? WHERE story=? AND outlet=?", (new, story, old)
            )
        return cur.rowcount

    def set_article_outlet(self, story: str, article_id: str, outlet: str) -> bool:
        """Move one article to another outlet name; False if no such article."""
        outlet = outlet.strip()
        if not outlet:
            raise ValueError("an outlet needs a name")
        with self._write() as con:
            cur = con.execute(
                "UPDATE articles SET outlet=? WHERE story=? AND id=?", (outlet, story, article_id)
            )
        return cur.rowcount > 0

    def remove_article(self, story: str, article_id: str) -> bool:
        """Remove one article from a story; False if it was not there."""
        with self._write() as con:
            cur = con.execute("DELETE FROM articles WHERE story=? AND id=?", (story, article_id))
        return cur.rowcount > 0

    # ---- actors and stance axes ----------------------------------------------------------
    def _set_edit(self, story: str, kind: str, value: object | None) -> None:
        with self._write() as con:
            if value is None:
                con.execute("DELETE FROM edits WHERE story=? AND kind=?", (story, kind))
            else:
                con.execute(
                    "INSERT INTO edits (story, kind, value, updated) VALUES (?,?,?,?)"
                    " ON CONFLICT (story, kind) DO UPDATE SET value=excluded.value,"
                    " updated=excluded.updated",
                    (story, kind, json.dumps(value, ensure_ascii=False), time.time()),
                )

    def _get_edit(self, story: str, kind: str) -> object | None:
        with self._read() as con:
            for key in dict.fromkeys((story, GLOBAL)):
                row = con.execute(
                    "SELECT value FROM edits WHERE story=? AND kind=?", (key, kind)
                ).fetchone()
                if row is not None:
                    return json.loads(row["value"])
        return None

    def set_actors(self, story: str, actors: Sequence[Actor] | None) -> None:
        """Save the actor list for a story (``""``: global); ``None`` resets to the defaults."""
        self._set_edit(story, "actors", None if actors is None else [asdict(a) for a in actors])

    def get_actors(self, story: str) -> tuple[Actor, ...] | None:
        """The story's actors, else the global ones, else ``None`` (the bundled defaults)."""
        value = self._get_edit(story, "actors")
        if value is None:
            return None
        return tuple(
            Actor(
                name=d["name"],
                aliases=tuple(d.get("aliases", ())),
                kind=d.get("kind", ""),
                auto=bool(d.get("auto", False)),
            )
            for d in value  # type: ignore[union-attr]
        )

    def set_axes(self, story: str, axes: Sequence[AxisTerm] | None) -> None:
        """Save the stance axis terms for a story (``""``: global); ``None`` resets."""
        self._set_edit(story, "axes", None if axes is None else [asdict(t) for t in axes])

    def get_axes(self, story: str) -> tuple[AxisTerm, ...] | None:
        """The story's axis terms, else the global ones, else ``None`` (the bundled defaults)."""
        value = self._get_edit(story, "axes")
        if value is None:
            return None
        return tuple(
            AxisTerm(
                axis=d["axis"],
                pole=int(d["pole"]),
                pole_label=d["pole_label"],
                term=d["term"],
                source=d.get("source", ""),
            )
            for d in value  # type: ignore[union-attr]
        )

    # ---- custom lexicons ------------------------------------------------------------------
    def add_lexicon(self, name: str, csv_text: str, *, story: str = GLOBAL) -> None:
        """Save (or replace) a custom lexicon, global by default."""
        name = name.strip()
        if not name:
            raise ValueError("a lexicon needs a name")
        with self._write() as con:
            con.execute(
                "INSERT INTO lexicons (story, name, csv_text, created) VALUES (?,?,?,?)"
                " ON CONFLICT (story, name) DO UPDATE SET csv_text=excluded.csv_text",
                (story, name, csv_text, time.time()),
            )

    def remove_lexicon(self, name: str, *, story: str = GLOBAL) -> bool:
        """Remove a custom lexicon; False if it was not there."""
        with self._write() as con:
            cur = con.execute("DELETE FROM lexicons WHERE story=? AND name=?", (story, name))
        return cur.rowcount > 0

    def lexicons(self, story: str = GLOBAL) -> tuple[tuple[str, str], ...]:
        """``(name, csv_text)`` pairs in force for a story: global ones first, then its own.

        A story lexicon with the same name as a global one replaces it. The result is the
        shape :attr:`framing.models.Settings.lexicons` takes.
        """
        with self._read() as con:
            rows = con.execute(
                "SELECT story, name, csv_text FROM lexicons WHERE story IN (?, ?)"
                " ORDER BY story != '', created, name",
                (GLOBAL, story),
            ).fetchall()
        merged: dict[str, str] = {}
        for r in rows:
            merged.pop(r["name"], None)
            merged[r["name"]] = r["csv_text"]
        return tuple(merged.items())

    # ---- diagnostics ----------------------------------------------------------------------
    def journal_mode(self) -> str:
        """The SQLite journal mode in force (``"wal"``)."""
        con = self._connect()
        try:
            return str(con.execute("PRAGMA journal_mode").fetchone()[0])
        finally:
            con.close()

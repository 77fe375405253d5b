"""Where the workspace database lives and how it is opened, safely, by many at once.

The file is ``workspace.sqlite3`` in :func:`data_dir` (``$FRAMING_HOME`` when set, else
``~/.local/share/framing``). :func:`open_workspace` creates it (and its folder) when missing,
switches it to WAL and creates the tables, under a file lock beside the database, so two
sessions opening a new workspace at once cannot race; :func:`connect` gives a connection with
the busy timeout, ``synchronous=FULL`` and foreign keys on. :class:`framing.store.Store` uses
both; the names stay importable from :mod:`framing.store`.

Examples
--------
>>> import tempfile
>>> path = Path(tempfile.mkdtemp()) / "new" / DB_NAME
>>> with open_workspace(path):
...     pass
>>> con = connect(path)
>>> con.execute("PRAGMA journal_mode").fetchone()[0]
'wal'
>>> con.close()
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = [
    "BUSY_TIMEOUT_MS",
    "DB_NAME",
    "ENV_HOME",
    "SCHEMA",
    "WAL_ATTEMPTS",
    "connect",
    "data_dir",
    "default_path",
    "open_workspace",
]

ENV_HOME = "FRAMING_HOME"
DB_NAME = "workspace.sqlite3"
BUSY_TIMEOUT_MS = 30_000

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS stories (
    name      TEXT PRIMARY KEY,
    created   REAL NOT NULL,
    is_sample INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS articles (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    story           TEXT NOT NULL REFERENCES stories(name) ON DELETE CASCADE,
    id              TEXT NOT NULL,
    outlet          TEXT NOT NULL,
    original_outlet TEXT NOT NULL,
    title           TEXT NOT NULL,
    text            TEXT NOT NULL,
    url             TEXT NOT NULL DEFAULT '',
    published       TEXT NOT NULL DEFAULT '',
    source          TEXT NOT NULL DEFAULT '',
    notes           TEXT NOT NULL DEFAULT '[]',
    created         REAL NOT NULL,
    UNIQUE (story, id)
);
CREATE INDEX IF NOT EXISTS articles_story ON articles (story, seq);
CREATE TABLE IF NOT EXISTS edits (
    story   TEXT NOT NULL,
    kind    TEXT NOT NULL,
    value   TEXT NOT NULL,
    updated REAL NOT NULL,
    PRIMARY KEY (story, kind)
);
CREATE TABLE IF NOT EXISTS lexicons (
    story    TEXT NOT NULL,
    name     TEXT NOT NULL,
    csv_text TEXT NOT NULL,
    created  REAL NOT NULL,
    PRIMARY KEY (story, name)
);
"""


def data_dir() -> Path:
    """The data directory: ``$FRAMING_HOME`` if set (and not empty), else ``~/.local/share/framing``.

    Examples
    --------
    >>> import os
    >>> os.environ["FRAMING_HOME"] = "/tmp/fh"
    >>> str(data_dir())
    '/tmp/fh'
    >>> del os.environ["FRAMING_HOME"]
    """
    home = os.environ.get(ENV_HOME, "").strip()
    if home:
        return Path(home).expanduser()
    return Path.home() / ".local" / "share" / "framing"


def default_path() -> Path:
    """The workspace database file inside :func:`data_dir`."""
    return data_dir() / DB_NAME


#: Attempts at switching a new database to WAL before giving up (each after a short wait).
WAL_ATTEMPTS = 50


@contextmanager
def _open_lock(path: Path) -> Iterator[None]:
    """An exclusive lock on ``<db>.lock`` while a :class:`Store` opens (POSIX ``flock``;
    elsewhere the WAL switch's retries alone guard the race)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    with open(path.with_name(path.name + ".lock"), "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _switch_to_wal(con: sqlite3.Connection) -> None:
    """Put the database in WAL mode (already WAL: nothing to do), retrying while locked."""
    for attempt in range(WAL_ATTEMPTS):
        try:
            if str(con.execute("PRAGMA journal_mode").fetchone()[0]).lower() != "wal":
                con.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == WAL_ATTEMPTS - 1:
                raise
            time.sleep(0.01 * (1 + attempt % 10))


def connect(path: Path) -> sqlite3.Connection:
    """A connection to the workspace: rows by name, autocommit (transactions are explicit),
    the busy timeout, ``synchronous=FULL`` (a committed upload survives a power cut) and
    foreign keys on."""
    con = sqlite3.connect(
        path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None, check_same_thread=True
    )
    con.row_factory = sqlite3.Row
    con.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("PRAGMA foreign_keys=ON")
    return con


@contextmanager
def open_workspace(path: Path) -> Iterator[None]:
    """Create the database (and its folder) if missing, in WAL mode with every table; the
    block runs while the open lock is still held (the store seeds the sample there).

    Switching to WAL takes a lock that the busy timeout does not cover ("database is locked"
    when two sessions open a new workspace at once), so opening runs under a file lock beside
    the database, and the switch is retried.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with _open_lock(path):
        con = connect(path)
        try:
            _switch_to_wal(con)
            con.executescript(SCHEMA)
        finally:
            con.close()
        yield

"""Crashes and concurrent users: the workspace store loses nothing it reported as saved.

1. A child process saves large uploads into the SQLite store (WAL, ``synchronous=FULL``) in
   a loop and prints ``saved <n> <id>`` after each commit returns. The parent SIGKILLs it
   at varied moments (mid-save most of the time), several times over the same file, then
   checks ``PRAGMA integrity_check`` and that every upload reported saved is there, whole.
2. 2 and 8 concurrent sessions, as threads and as processes, add (through the app's upload
   path, :func:`ui.upload.ingest_uploads`), rename and remove articles in ONE story for a
   bounded time; afterwards the story holds exactly the articles each session expects and
   no operation raised or returned a surprise.
"""

from __future__ import annotations

import concurrent.futures as cf
import hashlib
import multiprocessing
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from framing.store import DB_NAME, Store
from ui.upload import ingest_uploads

ROOT = Path(__file__).resolve().parents[1]
STORY = "Crash test"
KILL_AFTER = (0.0, 0.04, 0.11, 0.23, 0.37, 0.52, 0.8)  # seconds after the child is ready

CHILD = r"""
import sys
sys.path.insert(0, sys.argv[2])
from framing.models import Article
from framing.store import Store
from tests_durability_text import big_text

store = Store(sys.argv[1], seed=False)
print("ready", flush=True)
n = int(sys.argv[3])
while True:
    article = Article(outlet=f"Wire {n}", title=f"Upload {n}", text=big_text(n))
    store.add_articles("Crash test", [article])
    print(f"saved {n} {article.id}", flush=True)
    n += 1
"""


def big_text(n: int) -> str:
    """A deterministic upload of 0.1 to 1.3 MB (so a kill often lands mid-write)."""
    size = 100_000 + (n * 611_953) % 1_200_000
    seed = hashlib.sha256(str(n).encode()).hexdigest()
    unit = f"Officials said talks may resume ({seed}). "
    return (unit * (size // len(unit) + 1))[:size]


def _child_module(tmp: Path) -> Path:
    """``big_text`` as a module the child can import (the parent's copy is the reference)."""
    folder = tmp / "childlib"
    folder.mkdir(exist_ok=True)
    (folder / "tests_durability_text.py").write_text(
        "import hashlib\n\n"
        "def big_text(n):\n"
        "    size = 100_000 + (n * 611_953) % 1_200_000\n"
        "    seed = hashlib.sha256(str(n).encode()).hexdigest()\n"
        '    unit = f"Officials said talks may resume ({seed}). "\n'
        "    return (unit * (size // len(unit) + 1))[:size]\n",
        encoding="utf-8",
    )
    return folder


def test_sigkill_mid_save_loses_nothing_reported_saved(tmp_path: Path) -> None:
    db = tmp_path / DB_NAME
    Store(db, seed=False)  # create the schema once
    lib = _child_module(tmp_path)
    saved: dict[int, str] = {}
    for run, delay in enumerate(KILL_AFTER):
        proc = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(db), str(ROOT), str(run * 100_000)],
            cwd=lib,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "ready", proc.stderr.read()  # type: ignore[union-attr]
            time.sleep(delay)
            proc.send_signal(signal.SIGKILL)
            out, _ = proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        assert proc.returncode == -signal.SIGKILL
        for line in out.splitlines():
            _, n, aid = line.split()
            saved[int(n)] = aid

        con = sqlite3.connect(db)
        try:
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            con.close()
    stored = {a.id: a for a in Store(db, seed=False).articles(STORY)}
    assert saved, "the child never saved anything: the test would prove nothing"
    for n, aid in saved.items():
        assert aid in stored, f"upload {n} was reported saved but is missing"
        assert stored[aid].text == big_text(n), f"upload {n} is not whole"
    # an upload that was being written when the process died is either whole or absent
    for article in stored.values():
        n = int(article.title.split()[-1])
        assert article.text == big_text(n)
    print(f"{len(KILL_AFTER)} kills, {len(saved)} uploads reported saved, {len(stored)} stored")


# ---- concurrent sessions -------------------------------------------------------------------
RUN_SECONDS = 1.5
MAX_OPS = 400


def _session(db: str, worker: int, seconds: float) -> tuple[dict[str, str], int, list[str]]:
    """One user: add / rename / remove own articles; returns (id -> outlet, ops, problems)."""
    store = Store(db, seed=False)
    mine: dict[str, str] = {}
    problems: list[str] = []
    ops = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and ops < MAX_OPS:
        kind = ops % 4
        try:
            if kind in (0, 1) or not mine:  # add one upload through the app's upload path
                name = f"w{worker}-{ops}.txt"
                body = f"Headline {worker} {ops}\nThe minister said talks may resume ({worker}, {ops})."
                out = ingest_uploads(store, STORY, [(name, body.encode())])
                if out.errors or out.added != 1:
                    problems.append(f"add {name}: {out.errors} added={out.added}")
                    continue
                (article,) = [
                    a for a in store.articles(STORY) if a.source == name
                ]  # readers see committed writes at once
                mine[article.id] = article.outlet
            elif kind == 2:  # rename one of mine
                aid = sorted(mine)[ops % len(mine)]
                new = f"Outlet {worker}.{ops}"
                if not store.set_article_outlet(STORY, aid, new):
                    problems.append(f"rename {aid}: not found")
                mine[aid] = new
            else:  # remove one of mine
                aid = sorted(mine)[ops % len(mine)]
                if not store.remove_article(STORY, aid):
                    problems.append(f"remove {aid}: not found")
                del mine[aid]
        except Exception as exc:  # every exception is a failure, reported with its kind
            problems.append(f"{type(exc).__name__}: {exc}")
        ops += 1
    return mine, ops, problems


@pytest.mark.parametrize("mode", ["threads", "processes"])
@pytest.mark.parametrize("sessions", [2, 8])
def test_concurrent_sessions_keep_exactly_the_expected_articles(
    tmp_path: Path, sessions: int, mode: str
) -> None:
    db = str(tmp_path / DB_NAME)
    Store(db, seed=False).create_story(STORY)
    if mode == "threads":
        pool: cf.Executor = cf.ThreadPoolExecutor(sessions)
    else:
        # a fork server: workers are forked from a clean process (never from pytest's,
        # whose threads may hold locks), with the store and the upload path imported once
        mp = multiprocessing.get_context("forkserver")
        mp.set_forkserver_preload(["framing.store", "ui.upload"])
        pool = cf.ProcessPoolExecutor(sessions, mp_context=mp)
    with pool:
        futures = [pool.submit(_session, db, w, RUN_SECONDS) for w in range(sessions)]
        results = [f.result(timeout=120) for f in futures]
    expected: dict[str, str] = {}
    total_ops = 0
    for mine, ops, problems in results:
        assert not problems, problems
        assert ops > 0
        expected.update(mine)
        total_ops += ops
    stored = {a.id: a.outlet for a in Store(db, seed=False).articles(STORY)}
    assert stored == expected
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()
    print(f"{sessions} {mode}: {total_ops} operations, {len(stored)} articles kept")

"""Opening a new workspace cannot race: 500 concurrent first opens, threads and processes.

Two sessions opening a fresh workspace at the same moment used to fail now and then with
``OperationalError('database is locked')`` at ``PRAGMA journal_mode=WAL`` (2 in 200 runs of
six threads): the WAL switch takes a lock the busy timeout does not cover. Each round here
opens one fresh database from every worker at once (a barrier releases them together); every
open must succeed and the sample must be seeded exactly once.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
from pathlib import Path

import pytest

from framing.models import Article
from framing.store import Store

OPENS = 500
THREADS = 10  # per round: 50 rounds
PROCESSES = 8  # per round: 63 rounds


def _sample() -> list[Article]:
    return [
        Article("Daily", "One", "Officials said the talks may resume.", story="The sample"),
        Article("Herald", "Two", "Critics slammed the plan, a spokesman said.", story="The sample"),
    ]


def _open_rounds(folder: str, rounds: int, barrier, worker: int) -> list[str]:
    """Open round r's database once per round, all workers together; the errors seen."""
    errors = []
    for r in range(rounds):
        barrier.wait()
        try:
            Store(Path(folder) / f"round-{r}.sqlite3", sample=_sample)
        except Exception as exc:  # every exception is a failure, reported with its kind
            errors.append(f"worker {worker}, round {r}: {type(exc).__name__}: {exc}")
    return errors


def _process_main(folder: str, rounds: int, barrier, worker: int, queue) -> None:
    queue.put(_open_rounds(folder, rounds, barrier, worker))


def _check(folder: Path, rounds: int) -> None:
    for r in range(rounds):
        path = folder / f"round-{r}.sqlite3"
        store = Store(path, seed=False)
        assert store.stories() == ["The sample"], r
        assert len(store.articles("The sample")) == 2, r
        con = sqlite3.connect(path)
        try:
            assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert con.execute("SELECT count(*) FROM meta WHERE key='seeded'").fetchone()[0] == 1
        finally:
            con.close()


def test_500_concurrent_first_opens_in_threads(tmp_path: Path) -> None:
    rounds = -(-OPENS // THREADS)
    barrier = threading.Barrier(THREADS)
    results: list[list[str]] = [[] for _ in range(THREADS)]

    def run(w: int) -> None:
        results[w] = _open_rounds(str(tmp_path), rounds, barrier, w)

    threads = [threading.Thread(target=run, args=(w,)) for w in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=240)
    assert not any(t.is_alive() for t in threads)
    errors = [e for r in results for e in r]
    assert not errors, errors[:5]
    _check(tmp_path, rounds)


@pytest.mark.slow
def test_500_concurrent_first_opens_in_processes(tmp_path: Path) -> None:
    rounds = -(-OPENS // PROCESSES)
    mp = multiprocessing.get_context("forkserver")  # never fork pytest's threads
    mp.set_forkserver_preload(["framing.store"])
    barrier = mp.Barrier(PROCESSES)
    queue = mp.Queue()
    procs = [
        mp.Process(target=_process_main, args=(str(tmp_path), rounds, barrier, w, queue))
        for w in range(PROCESSES)
    ]
    for p in procs:
        p.start()
    errors = [e for _ in procs for e in queue.get(timeout=300)]
    for p in procs:
        p.join(timeout=60)
    assert all(p.exitcode == 0 for p in procs), [p.exitcode for p in procs]
    assert not errors, errors[:5]
    _check(tmp_path, rounds)

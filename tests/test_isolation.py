"""The suite runs in temporary folders only (see ``tests/conftest.py``)."""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

from isolation import REAL_DATA, REAL_HOME, SESSION_ROOT

from framing.store import data_dir, default_path


def _where() -> tuple[str, str, str]:
    return os.environ["HOME"], os.environ.get("FRAMING_HOME", ""), str(default_path())


def _inside(path: str, root: Path) -> bool:
    return Path(path).resolve().is_relative_to(root.resolve())


def test_each_test_has_its_own_home_and_workspace(isolated_home: Path) -> None:
    home, framing_home, db = _where()
    assert _inside(home, isolated_home) and _inside(framing_home, isolated_home)
    assert _inside(db, isolated_home)
    assert not _inside(str(data_dir()), REAL_DATA)


def test_worker_processes_never_see_the_real_home() -> None:
    # a fork server starts from the session's environment, not from the user's
    mp = multiprocessing.get_context("forkserver")
    with mp.Pool(1) as pool:
        home, framing_home, db = pool.apply(_where)
    for path in (home, framing_home, db):
        assert _inside(path, SESSION_ROOT) or not _inside(path, REAL_HOME), path
    assert not _inside(db, REAL_DATA)

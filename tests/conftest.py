"""Test isolation: no test, and no process a test starts, touches the user's real workspace.

- At start-up the whole session gets a temporary ``HOME``, ``XDG_DATA_HOME`` and
  ``FRAMING_HOME``, so processes started by tests (fork servers, pools, subprocesses, a
  Streamlit server) inherit them, even when they re-import ``app.py`` as their main module.
- Every test then gets its own ``HOME`` and ``FRAMING_HOME`` (autouse fixture).
- At the end the session fails if the real data directory (``~/.local/share/framing`` of the
  user who ran the suite) changed: the suite must leave nothing outside its temporary folders.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from isolation import REAL_DATA, SESSION_ROOT

from framing.store import ENV_HOME

_BEFORE = pytest.StashKey[object]()
_MAIN = sys.modules["__main__"]


def _snapshot(folder: Path) -> tuple[tuple[str, int, int], ...] | None:
    """Every file under ``folder`` with its size and mtime (None: the folder is absent)."""
    if not folder.exists():
        return None
    return tuple(
        (str(p.relative_to(folder)), p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    )


def _isolate(env: os._Environ[str] | dict[str, str], root: Path) -> None:
    (root / "home").mkdir(parents=True, exist_ok=True)
    env["HOME"] = str(root / "home")
    env["XDG_DATA_HOME"] = str(root / "home" / ".local" / "share")
    env[ENV_HOME] = str(root / "framing")


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_BEFORE] = _snapshot(REAL_DATA)
    _isolate(os.environ, SESSION_ROOT)


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """A fresh ``HOME`` and ``FRAMING_HOME`` for this test (tests may override FRAMING_HOME).

    A variable a module- or session-scoped fixture has already pointed elsewhere (a workspace
    shared by the tests of one module) is left as that fixture set it: it is temporary too.
    """
    root = tmp_path_factory.mktemp("isolated")
    env: dict[str, str] = {}
    _isolate(env, root)
    session: dict[str, str] = {}
    _isolate(session, SESSION_ROOT)
    for key, value in env.items():
        if os.environ.get(key) == session[key]:
            monkeypatch.setenv(key, value)
    return root


@pytest.fixture(autouse=True)
def restore_main_module():
    """Put pytest's ``__main__`` back after a test. An AppTest makes its script the main
    module; worker processes (fork server, spawn: process pools, dask) re-import the main
    module, and a script made by ``AppTest.from_function`` cannot be imported at all."""
    yield
    if sys.modules.get("__main__") is not _MAIN:
        sys.modules["__main__"] = _MAIN


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    before, after = session.config.stash.get(_BEFORE, None), _snapshot(REAL_DATA)
    shutil.rmtree(SESSION_ROOT, ignore_errors=True)
    if after != before:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = (
            f"the test suite changed the real workspace folder {REAL_DATA} "
            f"(before: {before!r}, after: {after!r})"
        )
        if reporter is not None:
            reporter.write_line(f"ERROR: {message}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED

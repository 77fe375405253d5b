"""Proof that the suite leaves nothing outside its temporary folders.

A pytest session of representative tests (``tests/isolation_scenario.py``: the dashboard on
the sample, the command line, a store write, a worker process after an AppTest) runs in a
subprocess whose ``HOME`` is a fresh fake "real home" holding a user's files and an existing
workspace, with no ``FRAMING_HOME`` or ``XDG_*`` set, as on a user's machine. Every path under
that home, with its size and modification time, must be the same afterwards; the
sub-session's temporary folders live in a separate ``TMPDIR``, where its writes must land.
A canary test in the sub-session appends to one file of the fake home on purpose: the diff
must show exactly that change, so the walk is shown to see what a leak would do.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from isolation_scenario import CANARY, CANARY_LINE, PROOF_ENV

from framing.models import Article
from framing.store import DB_NAME, Store

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = "tests/isolation_scenario.py"
LONG_AGO = 1_600_000_000  # mtimes of the fake home's files (2020): any write moves them

Snapshot = dict[str, tuple[str, int, int]]


def _snapshot(root: Path) -> Snapshot:
    """Every path under ``root`` (itself included): kind, size and mtime, links not followed."""
    out: Snapshot = {}
    for folder, dirs, files in os.walk(root):
        for name in [".", *dirs, *files] if folder == str(root) else [*dirs, *files]:
            path = Path(folder) / name
            st = path.lstat()
            kind = "link" if path.is_symlink() else "dir" if path.is_dir() else "file"
            out[str(path.relative_to(root))] = (kind, st.st_size, st.st_mtime_ns)
    return out


def _diff(before: Snapshot, after: Snapshot) -> dict[str, str]:
    changes = {p: "removed" for p in before.keys() - after.keys()}
    changes |= {p: "added" for p in after.keys() - before.keys()}
    changes |= {p: "changed" for p in before.keys() & after.keys() if before[p] != after[p]}
    return changes


def _fake_home(home: Path) -> None:
    """A user's home: dot files, config and cache folders, an existing workspace."""
    for folder in (".config", ".cache", ".streamlit", "Documents"):
        (home / folder).mkdir(parents=True)
    (home / CANARY).write_text("export EDITOR=nano\n", encoding="utf-8")
    (home / "Documents" / "notes.txt").write_text("my own notes\n", encoding="utf-8")
    store = Store(home / ".local" / "share" / "framing" / DB_NAME, seed=False)
    store.create_story("My story")
    store.add_articles("My story", [Article(outlet="Mine", title="T", text="My article.")])
    del store
    for folder, dirs, files in os.walk(home, topdown=False):
        for name in [*files, *dirs]:
            os.utime(Path(folder) / name, (LONG_AGO, LONG_AGO))
    os.utime(home, (LONG_AGO, LONG_AGO))


@pytest.mark.slow
def test_the_suite_leaves_nothing_outside_its_temporary_folders(tmp_path: Path) -> None:
    home, tmp = tmp_path / "home", tmp_path / "tmp"
    tmp.mkdir()
    _fake_home(home)
    before = _snapshot(home)
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("XDG_", "FRAMING_", "PYTEST_", "MPLCONFIGDIR", "STREAMLIT_"))
    }
    env |= {"HOME": str(home), "TMPDIR": str(tmp), PROOF_ENV: str(home)}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", SCENARIO, "-q", "-p", "no:cacheprovider", "-rs"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    report = proc.stdout[-3000:] + proc.stderr[-2000:]
    # in the fake home only the canary's deliberate change shows ...
    changes = _diff(before, _snapshot(home))
    assert changes == {CANARY: "changed"}, f"{changes}\n{report}"
    assert (home / CANARY).read_text(encoding="utf-8").endswith(CANARY_LINE)
    assert proc.returncode == 0, report
    assert "5 passed" in proc.stdout, report
    # ... while the sub-session did write: its workspaces are in its temporary folders
    written = list(tmp.glob(f"pytest-of-*/pytest-*/isolated*/framing/{DB_NAME}"))
    assert len(written) >= 3, sorted(str(p) for p in tmp.rglob("*"))[:50]

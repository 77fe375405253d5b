"""A small session of representative tests, run by ``test_isolation_proof.py`` in a subprocess
whose ``HOME`` is a fake "real home": the dashboard on the sample (AppTest), the command line,
a store write and a worker process, all at their default locations (no test here points
``FRAMING_HOME`` anywhere itself: the suite's isolation must do it).

Not collected by the suite (the name does not start with ``test_``); run only by the proof.
"""

from __future__ import annotations

import multiprocessing
import os
from pathlib import Path

import pytest
from isolation import REAL_HOME
from streamlit.testing.v1 import AppTest

from framing.models import Article
from framing.store import Store, default_path

ROOT = Path(__file__).resolve().parents[1]
#: Set by the proof to the fake home; only then does the canary write there on purpose.
PROOF_ENV = "FRAMING_ISOLATION_PROOF"
CANARY = ".bashrc"
CANARY_LINE = "# appended on purpose by the isolation proof's canary\n"


def _open_default_store() -> str:
    store = Store()  # the default workspace, as a worker of the dashboard would open it
    store.create_story("From a worker")
    return str(store.path)


def test_the_dashboard_opens_the_sample() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    assert default_path().exists()  # the sample was seeded into the default workspace


def test_the_command_line_analyzes_the_sample(tmp_path: Path) -> None:
    from framing.cli import main

    out = tmp_path / "out"
    args = ["analyze", str(ROOT / "data" / "sample"), "--out", str(out)]
    assert main([*args, "--no-clusters", "--quiet", "--bootstrap", "20"]) == 0
    assert (out / "articles.csv").exists()


def test_a_store_write_in_the_default_workspace() -> None:
    store = Store(seed=False)
    store.create_story("Written")
    article = Article(outlet="A", title="T", text="Officials said the talks would resume.")
    assert store.add_articles("Written", [article]) == 1


def test_a_worker_process_after_an_apptest() -> None:
    # an AppTest makes app.py the main module; a fork server re-imports it in its workers
    AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    mp = multiprocessing.get_context("forkserver")
    with mp.Pool(1) as pool:
        path = pool.apply(_open_default_store)
    assert Path(path).exists()


def test_canary_changes_the_fake_home_on_purpose() -> None:
    """The proof's control: a write that bypasses the isolation must show up in its diff."""
    if os.environ.get(PROOF_ENV) != str(REAL_HOME):
        pytest.skip("only inside the isolation proof, whose HOME is a fake one")
    with open(REAL_HOME / CANARY, "a", encoding="utf-8") as fh:
        fh.write(CANARY_LINE)

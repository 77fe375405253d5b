"""Golden comparison: every table ``framing analyze data/sample`` writes equals the copy in
``tests/fixtures/golden_sample/``: same columns, same rows, same text; numbers equal to 1e-9
relative (the last printed digit of a float can move with the BLAS build and thread count).

A refactor must leave these tables unchanged. A deliberate change of results regenerates them
(``python -m framing analyze data/sample --out tests/fixtures/golden_sample --quiet``) in the same
commit, and the commit message says which tables changed and why.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pandas as pd
import pytest

from framing.cli import main

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "fixtures" / "golden_sample"
TABLES = sorted(p.name for p in GOLDEN.glob("*.csv"))


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("golden")
    assert main(["analyze", str(ROOT / "data" / "sample"), "--out", str(out), "--quiet"]) == 0
    return out


def test_golden_tables_are_present() -> None:
    assert "articles.csv" in TABLES and "sentences.csv" in TABLES and "cues.csv" in TABLES


@pytest.mark.parametrize("name", TABLES)
def test_table_matches_golden(fresh: Path, name: str) -> None:
    want = (GOLDEN / name).read_text(encoding="utf-8")
    got = (fresh / name).read_text(encoding="utf-8")
    if got == want:
        return
    a = pd.read_csv(GOLDEN / name)
    b = pd.read_csv(fresh / name)
    try:
        pd.testing.assert_frame_equal(a, b, check_exact=False, rtol=1e-9, atol=1e-12)
        return
    except AssertionError:
        pass
    if True:
        diff = "".join(
            list(
                difflib.unified_diff(
                    want.splitlines(keepends=True),
                    got.splitlines(keepends=True),
                    fromfile=f"golden/{name}",
                    tofile=f"now/{name}",
                    n=0,
                )
            )[:40]
        )
        pytest.fail(f"{name} differs from the golden copy:\n{diff}")

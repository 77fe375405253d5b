"""The import rules of the package, checked on the source (ARCHITECTURE.md, "Import rule")."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "framing"

# Builders see only tables: they must never call the scorers.
SCORERS = {
    "framing.pipeline",
    "framing.scores",
    "framing.sentiment",
    "framing.lexicon",
    "framing.actors",
    "framing.quotes",
    "framing.stance",
    "framing.clusters",
}
PRESENTATION = {"charts", "render", "report", "findings"}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


MODULES = sorted(PACKAGE.glob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_library_never_imports_streamlit(path: Path) -> None:
    assert not any(n == "streamlit" or n.startswith("streamlit.") for n in _imports(path))


def test_models_imports_nothing_of_ours() -> None:
    assert not any(n.startswith("framing") for n in _imports(PACKAGE / "models.py"))


@pytest.mark.parametrize(
    "path", [p for p in MODULES if p.stem in PRESENTATION], ids=lambda p: p.name
)
def test_presentation_modules_see_only_tables(path: Path) -> None:
    assert not (_imports(path) & SCORERS)


def test_only_app_and_ui_import_streamlit() -> None:
    offenders = []
    for path in ROOT.rglob("*.py"):
        rel = path.relative_to(ROOT)
        if rel.parts[0] in {"ui", "tests", "bench", ".venv"} or rel.name == "app.py":
            continue
        if any(n == "streamlit" or n.startswith("streamlit.") for n in _imports(path)):
            offenders.append(str(rel))
    assert offenders == []

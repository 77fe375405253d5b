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


MODULES = sorted(PACKAGE.rglob("*.py"))
MAX_LINES = 500  # one concept per module (issue: modules with one job each)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_library_never_imports_streamlit(path: Path) -> None:
    assert not any(n == "streamlit" or n.startswith("streamlit.") for n in _imports(path))


def test_models_imports_nothing_of_ours() -> None:
    assert not any(n.startswith("framing") for n in _imports(PACKAGE / "models.py"))


@pytest.mark.parametrize(
    "path",
    [p for p in MODULES if {p.stem, p.parent.name} & PRESENTATION],
    ids=lambda p: str(p.relative_to(PACKAGE)),
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


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_library_module_over_the_line_limit(path: Path) -> None:
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES, f"{path.relative_to(ROOT)} has {n} lines: split it by concept"


# The views lay out and draw: they reach the analysis only through the two front doors
# (``pipeline.analyze``, ``clusters.cluster``) and read data files through their loaders.
UI_ALLOWED = {
    "framing.pipeline": {"analyze"},
    "framing.clusters": {"cluster", "DEFAULT_THRESHOLD"},
    "framing.actors": {"default_actors"},
    "framing.stance": {"default_axes"},
    "framing.lexicon": {"lexicon_hash", "load_lexicons", "bundled_paths", "read_lexicon_csv"},
}
UI_NEVER = {
    "framing.scores",
    "framing.sentiment",
    "framing.quotes",
    "framing.quote_marks",
    "framing.tone",
    "framing.matcher",
    "framing.terms",
    "framing.sentences",
    "framing.stages",
    "framing.context",
    "framing.sentence_scores",
    "framing.grain",
}


def _from_imports(path: Path) -> list[tuple[str, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    pairs: list[tuple[str, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            pairs.extend((node.module, alias.name) for alias in node.names)
        elif isinstance(node, ast.Import):
            pairs.extend((alias.name, "*") for alias in node.names)
    return pairs


@pytest.mark.parametrize(
    "path", [*sorted((ROOT / "ui").glob("*.py")), ROOT / "app.py"], ids=lambda p: p.name
)
def test_ui_never_scores(path: Path) -> None:
    bad = []
    for module, name in _from_imports(path):
        never = module in UI_NEVER or module.startswith(tuple(m + "." for m in UI_NEVER))
        if never or (module in UI_ALLOWED and name not in UI_ALLOWED[module]):
            bad.append(f"{module}.{name}")
        elif module == "framing" and f"framing.{name}" in UI_NEVER:
            bad.append(f"framing.{name}")
    assert bad == []

"""The repository's promises about installing and CI hold: one test command, everything pinned."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _bash_blocks(markdown: str) -> list[str]:
    return re.findall(r"```bash\n(.*?)\n```", markdown, flags=re.S)


def _pins(path: Path) -> dict[str, str]:
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        name, _, version = line.partition("==")
        assert version, f"{path.name}: {line!r} is not pinned with =="
        pins[re.sub(r"[-_.]+", "-", name).lower()] = version
    return pins


def test_ci_runs_exactly_the_readme_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    test_command = next(b for b in _bash_blocks(readme) if "pytest" in b)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test_command in ci.splitlines()


def test_both_readme_commands_use_the_lock() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    install_lines = [b for b in _bash_blocks(readme) if "pip install" in b][:2]
    assert len(install_lines) == 2
    assert all("-c constraints.txt" in line for line in install_lines)


def test_every_direct_pin_agrees_with_the_lock() -> None:
    lock = _pins(ROOT / "constraints.txt")
    assert len(lock) >= 80  # the transitive closure, not only the direct dependencies
    for name in ("requirements.txt", "requirements-dev.txt"):
        for package, version in _pins(ROOT / name).items():
            assert lock.get(package) == version, f"{name}: {package}=={version} vs lock"

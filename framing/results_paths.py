"""Which folders of analysed tables may be opened, and the errors of reading them.

A dashboard on a shared server must not become a way to read the server's files: only
folders inside the roots an operator allowed open (:func:`allowed_folder`). Re-exported by
:mod:`framing.results`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

__all__ = ["ReadOnlyError", "ResultsError", "allowed_folder"]


class ResultsError(Exception):
    """A folder that cannot be read as analysed tables; ``str(err)`` is for the reader."""


class ReadOnlyError(PermissionError):
    """A change asked of a :class:`ResultsFolder` (its stories are read-only)."""


def allowed_folder(path: str | Path, *, roots: Sequence[str | Path]) -> Path:
    """``path`` resolved (symbolic links followed), if it is one of ``roots`` or inside one.

    A relative ``path`` is taken relative to the first root.

    Raises
    ------
    ResultsError
        When no root is configured, or the resolved path is outside every root.

    Examples
    --------
    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> (root / "run1").mkdir()
    >>> allowed_folder("run1", roots=[root]) == (root / "run1").resolve()
    True
    >>> allowed_folder("/etc", roots=[root])
    Traceback (most recent call last):
    framing.results_paths.ResultsError: /etc is not inside a folder the operator allowed ...
    """
    bases = [Path(r).expanduser().resolve() for r in roots if str(r).strip()]
    if not bases:
        raise ResultsError("no folder of analysed tables is allowed on this server")
    raw = Path(str(path).strip()).expanduser()
    full = (raw if raw.is_absolute() else bases[0] / raw).resolve()
    for base in bases:
        if full == base or full.is_relative_to(base):
            return full
    raise ResultsError(
        f"{path} is not inside a folder the operator allowed "
        f"({', '.join(str(b) for b in bases)}); only those can be opened"
    )

"""A time budget per article: one article can never hold up the rest of a story.

Every stage of scoring is linear in the article's length (``docs/security.md``), so an
article only runs long when it is very large or the machine is very busy. The pipeline checks
a :class:`Deadline` between its stages and inside its long per-sentence loops; an article that
runs past its budget raises :class:`TooSlow`, which the pipeline turns into a
:class:`framing.models.SetAside` ("took too long to analyse; set aside") while the other
articles are scored as usual.

The budget is cooperative: it is checked between steps, never by interrupting one, so an
article can overrun it by at most one step (a stage, or one chunk of sentences). A hard kill
would need a process per article; with no step unbounded, that cost buys nothing here.

Examples
--------
>>> d = Deadline(None)          # no budget: never too slow
>>> d.check("sentences")
>>> Deadline(0.0, clock=iter([0.0, 1.0]).__next__).check("quotes")
Traceback (most recent call last):
...
framing.budget.TooSlow: still scoring after 1.0 s (budget 0 s), in quotes
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable

from framing.models import Settings

__all__ = ["DEFAULT_TIME_BUDGET", "ENV_VAR", "Deadline", "TooSlow", "default_budget"]

#: Seconds one article may take to score. An ordinary 10 kB article takes ~0.05 s; the
#: largest accepted file (25 MB of prose) ~100 s, so the default sets aside only the
#: pathological and the enormous.
DEFAULT_TIME_BUDGET: float = Settings.time_budget  # type: ignore[assignment]
#: Environment variable a server operator sets to change the default (seconds; 0 = none).
ENV_VAR = "FRAMING_TIME_BUDGET"


def default_budget() -> float | None:
    """The budget in force by default: ``$FRAMING_TIME_BUDGET`` seconds, else 30 s.

    ``0`` or a negative value means no budget; a value that is not a number is ignored.

    >>> import os; os.environ.pop(ENV_VAR, None) and None
    >>> default_budget()
    30.0
    """
    raw = os.environ.get(ENV_VAR, "").strip()
    if not raw:
        return DEFAULT_TIME_BUDGET
    try:
        value = float(raw)
    except ValueError:
        return DEFAULT_TIME_BUDGET
    return value if value > 0 else None


class TooSlow(Exception):
    """An article ran past its time budget (``stage`` is where it was noticed)."""

    def __init__(self, stage: str, seconds: float, budget: float) -> None:
        self.stage, self.seconds, self.budget = stage, seconds, budget
        super().__init__(f"still scoring after {seconds:.1f} s (budget {budget:g} s), in {stage}")


class Deadline:
    """The end of one article's budget; :meth:`check` raises :class:`TooSlow` past it.

    ``budget=None`` never raises. ``clock`` is injectable for tests.
    """

    __slots__ = ("_budget", "_clock", "_start")

    def __init__(
        self, budget: float | None, *, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._budget = budget
        self._clock = clock
        self._start = clock() if budget is not None else 0.0

    @property
    def budget(self) -> float | None:
        """Seconds allowed (``None``: no limit)."""
        return self._budget

    def check(self, stage: str) -> None:
        """Raise :class:`TooSlow` when the budget is spent (``stage`` names where)."""
        if self._budget is None:
            return
        spent = self._clock() - self._start
        if spent > self._budget:
            raise TooSlow(stage, spent, self._budget)

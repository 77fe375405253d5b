"""No text can freeze the analysis: every pattern and every stage stays linear.

Two checks over the adversarial family (``tests/adversarial.py``):

- every compiled pattern in ``framing`` (found by walking the modules, so a new one is checked
  without being listed), run with ``finditer`` over every family member: the most work any
  use of a pattern can do;
- every stage of the pipeline (reading, sentences, lexicon matcher, quotations, actors,
  sentiment, quality flags, one article end to end, clustering).

Each is timed at scale ``k`` and ``4k`` (best of two, so a busy machine only adds noise
upward): doubling the length may at most triple the time, so four times the length may take
at most nine times as long (linear is 4, quadratic 16). Timings under ``FLOOR`` at ``4k`` are
too small to judge and pass; a fraction of a millisecond of slack keeps tiny figures from
flaking. A backtracking pattern is thousands of times over the bound.
A run that takes longer than ``HANG`` seconds fails at once instead of hanging the suite.
These are ratios, not speed targets: ``bench/bench_hostile.py`` prints the seconds.
"""

from __future__ import annotations

import gc
import importlib
import pkgutil
import re
import signal
import time
from collections.abc import Callable, Iterator

import pytest
from adversarial import FAMILY, MAX_SCALE, REPRODUCER, STAGES, article_bytes, stage_call

import framing
from framing.models import Article, Settings

GROWTH = 4  # the larger text is this many times the smaller
RATIO = 3.0**2  # doubling may at most triple the time: x4 the text, at most x9 the time
SLACK = 0.0002  # seconds added to the allowance (timer noise on tiny figures)
FLOOR = 0.002  # seconds: below this at the larger size, nothing to judge
HANG = 20.0  # seconds: one timed call beyond this is a failure, not a wait

#: Families whose pathological unit grows with k (one run of k words): timed at 50 and 200.
GROWING = {"caps run", "capitalised names", "comma chain"}


def _patterns() -> Iterator[tuple[str, re.Pattern]]:
    # every module, subpackages included (ingest/, clusters/, frames/, charts/, report/)
    for info in pkgutil.walk_packages(framing.__path__, prefix="framing."):
        module = importlib.import_module(info.name)
        short = info.name.removeprefix("framing.")
        for name, value in vars(module).items():
            values = value if isinstance(value, tuple | list) else (value,)
            for j, item in enumerate(values):
                if isinstance(item, tuple) and item and isinstance(item[0], re.Pattern):
                    item = item[0]  # (pattern, replacement) tables
                if isinstance(item, re.Pattern):
                    yield f"{short}.{name}" + (f"[{j}]" if len(values) > 1 else ""), item


def _unique(pairs: Iterator[tuple[str, re.Pattern]]) -> dict[str, re.Pattern]:
    """The first name of each compiled pattern (a module may re-use another's)."""
    seen: set[int] = set()
    out: dict[str, re.Pattern] = {}
    for name, pattern in pairs:
        if id(pattern) not in seen:
            seen.add(id(pattern))
            out[name] = pattern
    return out


PATTERNS = _unique(_patterns())


class _Hang(Exception):
    pass


def _alarm(signum, frame):  # pragma: no cover - only on a regression
    raise _Hang


def _best(call: Callable[[], object], reps: int = 1) -> float:
    """Best of two timings of ``reps`` calls; fails when one timing exceeds ``HANG``.

    The garbage collector is off while timing (as in ``timeit``): its full collections grow
    with the heap, not with the work timed, and made a linear stage look superlinear."""
    previous = signal.signal(signal.SIGALRM, _alarm)
    gc.disable()  # no gc.collect() per timing: a full pass per call cost minutes
    try:
        best = float("inf")
        for _ in range(2):
            signal.setitimer(signal.ITIMER_REAL, HANG)
            start = time.perf_counter()
            try:
                for _ in range(reps):
                    call()
            except _Hang:
                pytest.fail(f"one run took more than {HANG:.0f} s (backtracking?)")
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
            best = min(best, time.perf_counter() - start)
        return best
    finally:
        gc.enable()
        signal.signal(signal.SIGALRM, previous)


def _scales(family: str) -> tuple[int, int]:
    return (MAX_SCALE // GROWTH, MAX_SCALE) if family in GROWING else (10, 10 * GROWTH)


def _assert_linear(label: str, make: Callable[[int], Callable[[], object]], family: str) -> None:
    k, k4 = _scales(family)
    small, large = make(k), make(k4)
    t4 = _best(large)
    if t4 < FLOOR:
        return
    t1 = _best(small)
    assert t4 <= RATIO * t1 + SLACK, (
        f"{label} on {family!r}: {t1 * 1e3:.2f} ms at k={k}, {t4 * 1e3:.2f} ms at k={k4} "
        f"(×{t4 / max(t1, 1e-9):.1f} for ×{GROWTH} the text; linear is ×{GROWTH})"
    )


def test_the_walk_finds_the_patterns_that_matter() -> None:
    # the audit is only as good as the walk: these were the dangerous ones
    for name in ("quotes._SUBJECT_VERB", "sentences._ATTRIBUTION_RE", "actors._CAP_SEQ"):
        assert name in PATTERNS
    assert len(PATTERNS) >= 50


@pytest.mark.parametrize("family", sorted(FAMILY))
def test_every_pattern_is_linear_on_every_adversarial_text(family: str) -> None:
    texts = {k: FAMILY[family](k) for k in _scales(family)}
    for name, pattern in PATTERNS.items():
        binary = isinstance(pattern.pattern, bytes)

        def make(k: int, pattern=pattern, binary=binary) -> Callable[[], object]:
            text = texts[k].encode() if binary else texts[k]
            return lambda: sum(1 for _ in pattern.finditer(text))

        _assert_linear(name, make, family)


# ---- stages --------------------------------------------------------------------------------

SETTINGS = Settings(bootstrap=50, time_budget=None)


@pytest.mark.parametrize("stage", STAGES)
def test_every_stage_is_linear_on_every_adversarial_text(stage: str) -> None:
    run = stage_call(stage, SETTINGS)
    for family, build in FAMILY.items():
        if stage == "clusters" and family not in {"caps runs repeated", "quote storm"}:
            continue  # clustering sees sentences, not characters: two shapes suffice
        _assert_linear(stage, lambda k, build=build: run(build(k)), family)


def test_the_reproducer_scores_fast_with_a_quotation() -> None:
    # issue 10: this paragraph beside a quotation took minutes (26 words: 3 s, doubling per word)
    from framing.pipeline import analyze

    text = "Headline\n\n" + REPRODUCER + ' "We will not stop," he said.'
    seconds = _best(lambda: analyze([Article("Wire", "Headline", text)], SETTINGS))
    assert seconds < HANG  # generous: it takes milliseconds; a hang fails inside _best


@pytest.mark.parametrize("family", sorted(FAMILY))
def test_every_adversarial_text_reads_and_scores(family: str) -> None:
    # the largest member goes through the real reader and the whole pipeline
    from framing.ingest import read_bytes
    from framing.pipeline import analyze

    name, data = article_bytes(family, _scales(family)[1])
    articles = read_bytes(data, name)
    result = analyze(articles, SETTINGS)
    assert len(result.articles) == 1 and not result.set_aside
    sentences = result.sentences
    text = articles[0].text
    assert all(
        text[s:e] == t
        for s, e, t in zip(sentences.start, sentences.end, sentences.text, strict=True)
    )

"""Worst-case inputs: is ingest + analyze linear on pathological files?

Usage::

    python bench/bench_hostile.py [--scale 1.0] [--only NAME ...] [--runs 1]

For each pathological case (a 1 MB single line, 100k quotation marks, deeply nested HTML, a
100k-row CSV, long runs of punctuation, "U.S. U.S. U.S." …) the file is built at size ``n``
and ``4n``, read with :func:`framing.ingest.read_bytes` and scored with
:func:`framing.analyze` (bootstrap 200, no clustering). The script prints the seconds for
both sizes and their ratio: about 4 means linear; 16 would mean quadratic. A case whose file
is refused (too big, no words) is timed up to the refusal. Nothing here is asserted.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from framing import analyze
from framing.ingest import read_bytes
from framing.models import ReadError, Settings

SENTENCE = "Officials reportedly said the talks may resume, a spokesman claimed. "


def _one_line(n: int) -> tuple[str, bytes]:
    words = ["the", "minister", "said", "talks", "may", "resume", "and", "critics", "slammed", "it"]
    out = " ".join(words[i % len(words)] for i in range(n // 6))
    return "one-line.txt", ("Headline\n" + out).encode()


def _quotes(n: int) -> tuple[str, bytes]:
    return "quotes.txt", ("Headline\nHe said " + '"' * n + " and left.").encode()


def _quote_words(n: int) -> tuple[str, bytes]:
    unit = '"Officials said " it may '
    return "quote-words.txt", ("Headline\n" + unit * (n // len(unit))).encode()


def _curly_unmatched(n: int) -> tuple[str, bytes]:
    unit = "“He may go, ‘they said. "
    return "curly.txt", ("Headline\n" + unit * (n // len(unit))).encode()


def _deep_html(n: int) -> tuple[str, bytes]:
    depth = n // 5
    body = "<div>" * depth + f"<p>{SENTENCE * 3}</p>" + "</div>" * depth
    return "deep.html", f"<html><body>{body}</body></html>".encode()


def _csv_rows(n: int) -> tuple[str, bytes]:
    rows = n // 50
    lines = ["outlet,title,text"]
    lines += [f'Wire {i % 7},Title {i},"{SENTENCE.strip()} Row {i}."' for i in range(rows)]
    return "rows.csv", "\n".join(lines).encode()


_VOCAB = [
    "minister",
    "officials",
    "talks",
    "resume",
    "critics",
    "delay",
    "region",
    "border",
    "army",
    "deal",
    "vote",
    "court",
    "budget",
    "market",
    "protest",
    "leader",
    "rebels",
    "ceasefire",
    "summit",
    "sanctions",
    "report",
    "election",
]


def _csv_distinct(n: int) -> tuple[str, bytes]:
    rows = n // 50
    lines = ["outlet,title,text"]
    for i in range(rows):
        words = " ".join(
            _VOCAB[(i * 7 + k * k * 13 + i // (k + 1)) % len(_VOCAB)] for k in range(9)
        )
        lines.append(f'Wire {i % 7},Title {i},"Officials said {words} {i}. It may end."')
    return "distinct.csv", "\n".join(lines).encode()


def _punctuation(n: int) -> tuple[str, bytes]:
    unit = "Officials said !?!?...;;;,,,—–-- " + "." * 40 + " "
    return "punct.txt", ("Headline\n" + unit * (n // len(unit))).encode()


def _dots(n: int) -> tuple[str, bytes]:
    return "dots.txt", ("Headline\nThe talks" + "." * n + " ended.").encode()


def _us(n: int) -> tuple[str, bytes]:
    return "us.txt", ("Headline\n" + "U.S. " * (n // 5)).encode()


def _mr(n: int) -> tuple[str, bytes]:
    return "titles.txt", ("Headline\n" + "Mr. Dr. Sen. Gov. " * (n // 18)).encode()


def _capitalised(n: int) -> tuple[str, bytes]:
    unit = "President Vladimir Putin Said Minister Ali Khamenei Told Reporters "
    return "caps.txt", ("Headline\n" + unit * (n // len(unit))).encode()


def _no_spaces(n: int) -> tuple[str, bytes]:
    return "nospace.txt", ("Headline\n" + "reportedly" * (n // 10) + " end.").encode()


def _newlines(n: int) -> tuple[str, bytes]:
    return "lines.txt", ("Headline\n" + "may\n" * (n // 4)).encode()


# name -> (builder, n in characters); names ending in "(read only)" are not scored
CASES: dict[str, tuple[Callable[[int], tuple[str, bytes]], int]] = {
    "1 MB single line": (_one_line, 250_000),
    "quotation marks only": (_quotes, 25_000),
    "quoted words, unbalanced": (_quote_words, 100_000),
    "curly quotes, unmatched": (_curly_unmatched, 100_000),
    "deep HTML": (_deep_html, 25_000),
    "CSV 25k/100k rows (read only)": (_csv_rows, 1_250_000),
    "CSV 1k/4k rows, near-duplicates": (_csv_rows, 50_000),
    "CSV 1k/4k rows, distinct": (_csv_distinct, 50_000),
    "punctuation runs": (_punctuation, 100_000),
    "one run of dots": (_dots, 100_000),
    '"U.S. U.S. U.S."': (_us, 50_000),
    "abbreviation runs": (_mr, 50_000),
    "capitalised names": (_capitalised, 100_000),
    "one long word": (_no_spaces, 100_000),
    "short lines": (_newlines, 100_000),
}


def run(
    name: str, data: bytes, settings: Settings, *, score: bool = True
) -> tuple[float, float, str]:
    """Seconds to read and to analyze; a note when the file was refused."""
    t0 = time.perf_counter()
    try:
        articles = read_bytes(data, name)
    except ReadError as err:
        return time.perf_counter() - t0, 0.0, f"refused: {err.problem}"
    t1 = time.perf_counter()
    if score:
        analyze(articles, settings)
    return t1 - t0, time.perf_counter() - t1, f"{len(articles)} article(s)"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every n")
    parser.add_argument("--only", nargs="*", default=None, help="case names (substring)")
    parser.add_argument("--runs", type=int, default=1, help="best of this many runs")
    args = parser.parse_args(argv)
    settings = Settings(bootstrap=200)
    warm = read_bytes(b"Headline\nOfficials said it may rain.", "warm.txt")
    analyze(warm, settings)  # load lexicons, VADER
    print(f"{'case':30s} {'n chars':>10s} {'bytes n':>10s} {'t(n) s':>8s} {'t(4n) s':>8s} ratio")
    for case, (build, n) in CASES.items():
        if args.only and not any(o.lower() in case.lower() for o in args.only):
            continue
        n = int(n * args.scale)
        times, notes, sizes = [], [], []
        for size in (n, 4 * n):
            name, data = build(size)
            best = None
            for _ in range(args.runs):
                score = not case.endswith("(read only)")
                read_s, analyze_s, note = run(name, data, settings, score=score)
                total = read_s + analyze_s
                best = total if best is None else min(best, total)
            times.append(best or 0.0)
            notes.append(note)
            sizes.append(len(data))
        ratio = times[1] / times[0] if times[0] > 0 else float("nan")
        print(
            f"{case:30s} {n:>10,d} {sizes[0]:>10,d} {times[0]:8.2f} {times[1]:8.2f} "
            f"{ratio:5.1f}  ({notes[1]})",
            flush=True,
        )


if __name__ == "__main__":
    main()

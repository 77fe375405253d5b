"""Throughput of sentence splitting and lexicon matching on a news corpus.

Usage::

    python bench/bench_text.py [corpus.jsonl] [--runs 5] [--regex-articles 300]

The corpus is JSON lines with a ``text`` field (default: the BBC News corpus used in
development, 2,225 articles, ~5 MB, not part of this repository). Prints MB/s (medians of
``--runs`` runs, text measured in UTF-8 bytes) for:

* ``split_sentences`` over every article;
* ``Matcher.find`` with the bundled lexicons over every article;
* a straightforward per-term regular-expression loop (one compiled ``re`` per term form,
  ``finditer`` over each article, then the same longest-match selection), on the first
  ``--regex-articles`` articles; it asserts that both produce the same hits (start, end,
  term, lexicon) there. The comparison leaves out what the loop does not model: the
  ``May`` month/name rule (a context rule) and the negation flag;
* for reference, one regular expression alternating all term forms (longest first), which
  finds hits but does no per-lexicon selection.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from framing.lexicon import (
    BLOCK_PREFIX,
    EXCLUSIVE_GROUPS,
    NAME_OR_MONTH,
    Matcher,
    load_lexicons,
    normalize,
    term_forms,
)
from framing.matcher import _NUMBER_AFTER_RE
from framing.models import Settings
from framing.sentences import split_sentences

DEFAULT_CORPUS = (
    Path(
        os.environ.get(
            "FRAMING_EVAL_DATA", Path(__file__).resolve().parents[2] / "shared" / "eval-data"
        )
    )
    / "corpus"
    / "bbc_articles.jsonl"
)


def _median_seconds(fn, runs: int) -> float:
    """Median CPU time of ``runs`` calls (CPU, not wall-clock: the machine may be shared)."""
    times = []
    for _ in range(runs):
        t0 = time.process_time()
        fn()
        times.append(time.process_time() - t0)
    return statistics.median(times)


class RegexLoop:
    """The straightforward baseline: one regex per term form, same selection rules."""

    def __init__(self, entries) -> None:
        self.patterns: list[tuple[re.Pattern[str], str, str, int]] = []
        # same priority as Matcher: (form, lexicon, needs number) -> (priority, term, prefix)
        chosen: dict[tuple[str, str, bool], tuple[int, str, bool]] = {}
        groups: dict[str, int] = {}
        for row in entries[["term", "lexicon"]].itertuples(index=False):
            term, lexicon = str(row[0]), str(row[1])
            forms, prefix, number = term_forms(term.removeprefix(BLOCK_PREFIX))
            groups[lexicon] = next((i for i, g in enumerate(EXCLUSIVE_GROUPS) if lexicon in g), -1)
            for k, form in enumerate(forms):
                priority = 0 if k == 0 or " " in form or "-" in form else 1
                old = chosen.get((form, lexicon, number))
                if old is None or priority < old[0]:
                    chosen[(form, lexicon, number)] = (priority, term, prefix)
        # number-bound entries first, as in Matcher (they win a tie of equal spans)
        for (form, lexicon, number), (_, term, prefix) in sorted(
            chosen.items(), key=lambda kv: not kv[0][2]
        ):
            body = r"\s+".join(re.escape(w) for w in form.split(" "))
            tail = r"[\w']*" if prefix else r"(?!\w)"
            if number:
                tail += "(?=" + _NUMBER_AFTER_RE.pattern + ")"
            self.patterns.append(
                (re.compile(r"(?<!\w)" + body + tail), term, lexicon, groups[lexicon])
            )

    def find(self, text: str) -> list[tuple[int, int, str, str]]:
        norm = normalize(text)
        by_lex: dict[str, list[tuple[int, int, str, str, int]]] = {}
        for pattern, term, lexicon, group in self.patterns:
            for m in pattern.finditer(norm):
                by_lex.setdefault(lexicon, []).append((m.start(), m.end(), term, lexicon, group))
        kept = []
        for hits in by_lex.values():
            hits.sort(key=lambda h: (h[0], h[0] - h[1]))
            last = -1
            for h in hits:
                if h[0] >= last:
                    kept.append(h)
                    last = h[1]
        kept = [h for h in kept if not h[2].startswith(BLOCK_PREFIX)]  # blockers claim only
        # exclusive groups: drop hits strictly inside a longer hit of the other lexicon
        out = [
            (s, e, term, lex)
            for s, e, term, lex, group in kept
            if group < 0
            or not any(
                g2 == group and l2 != lex and s2 <= s and e <= e2 and e2 - s2 > e - s
                for s2, e2, _, l2, g2 in kept
            )
        ]
        return sorted(out)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--regex-articles", type=int, default=300)
    args = parser.parse_args(argv)

    texts = [json.loads(line)["text"] for line in args.corpus.open(encoding="utf-8")]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    print(f"corpus: {len(texts)} articles, {mb:.2f} MB ({args.corpus.name})")

    entries = load_lexicons(Settings())
    t0 = time.perf_counter()
    matcher = Matcher(entries)
    build = time.perf_counter() - t0
    print(
        f"lexicon: {len(entries)} terms -> {len(matcher)} surface forms, built in {build * 1000:.0f} ms"
    )

    split_s = _median_seconds(lambda: [split_sentences(t) for t in texts], args.runs)
    n_sent = sum(len(split_sentences(t)) for t in texts)
    print(f"split_sentences: {mb / split_s:6.1f} MB/s  ({n_sent} sentences)")

    find_s = _median_seconds(lambda: [matcher.find(t) for t in texts], args.runs)
    n_hits = sum(len(matcher.find(t)) for t in texts)
    print(f"Matcher.find:    {mb / find_s:6.1f} MB/s  ({n_hits} hits)")

    sub = texts[: args.regex_articles]
    sub_mb = sum(len(t.encode("utf-8")) for t in sub) / 1e6
    loop = RegexLoop(entries)
    regex_s = _median_seconds(lambda: [loop.find(t) for t in sub], max(1, min(args.runs, 3)))
    ac_s = _median_seconds(lambda: [matcher.find(t) for t in sub], args.runs)
    print(
        f"per-term regex:  {sub_mb / regex_s:6.2f} MB/s  on {len(sub)} articles "
        f"({len(loop.patterns)} patterns); matcher on the same: {sub_mb / ac_s:.1f} MB/s, "
        f"{regex_s / ac_s:.0f}x faster"
    )
    forms = sorted(
        {f for t in entries["term"] for f in term_forms(str(t)).forms}, key=len, reverse=True
    )
    alternation = re.compile(
        r"(?<!\w)(?:"
        + "|".join(r"\s+".join(map(re.escape, f.split(" "))) for f in forms)
        + r")(?!\w)"
    )
    alt_s = _median_seconds(
        lambda: [list(alternation.finditer(normalize(t))) for t in sub], max(1, min(args.runs, 3))
    )
    print(
        f"one alternation regex of all forms (hits only, no selection): {sub_mb / alt_s:.2f} MB/s"
    )
    mismatches = 0
    for text in sub:
        ours = sorted(
            (m.start, m.end, m.term, m.lexicon)
            for m in matcher.find(text)
            if term_forms(m.term)[0][:1] != [] and term_forms(m.term)[0][0] not in NAME_OR_MONTH
        )
        theirs = [h for h in loop.find(text) if term_forms(h[2])[0][0] not in NAME_OR_MONTH]
        if "  " in normalize(text) or any(c.isspace() and c != " " for c in text):
            # offsets of phrases over collapsed whitespace: compare texts, not positions
            ours = sorted((text[s:e].split(), t, lx) for s, e, t, lx in ours)
            theirs = sorted((text[s:e].split(), t, lx) for s, e, t, lx in theirs)
        if ours != theirs:
            mismatches += 1
            if mismatches <= 3:
                print("  mismatch:", sorted(set(map(str, ours)) ^ set(map(str, theirs)))[:6])
    assert mismatches == 0, f"{mismatches} articles differ between matcher and regex loop"
    print(f"same hits as the regex loop on all {len(sub)} articles")


if __name__ == "__main__":
    main()

"""Time and peak memory of sentence clustering and alignment at growing sizes.

Usage::

    python bench/bench_clusters.py [--sizes 10000 30000 100000] [--align-sizes 2000 6000 20000]
                                   [--data path/to/bbc_articles.jsonl]

Sentences come from the BBC news corpus (``outlet``, ``title``, ``text``, ``category`` per
line), split with :func:`framing.sentences.split_sentences`; sizes beyond the corpus (~42k
sentences) cycle through it again. Each measurement runs in a fresh subprocess, so its peak
resident memory (``ru_maxrss``) is its own; the baseline (interpreter, libraries, the input
table) is measured just before the timed call and reported beside the peak.

* ``cluster``: :func:`framing.clusters.cluster_story` on one outlet (clusters, labels,
  coverage; no alignment since there is no second outlet).
* ``align``: :func:`framing.clusters.align_outlets` between two outlets (the corpus split in
  two halves by category), with the story's clusters given.

Prints one line per run (wall and CPU seconds of the timed call: on a shared machine the wall
time includes waiting for a core, CPU time does not) and the growth ratios (largest size over
the smallest, against the size ratio).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_DATA = ROOT.parent / "shared" / "eval-data" / "corpus" / "bbc_articles.jsonl"


def sentences(path: Path, n: int):  # -> pd.DataFrame
    """``n`` sentences of the corpus as a sentences table (the columns clustering uses)."""
    import numpy as np
    import pandas as pd

    from framing.sentences import count_words, split_sentences

    rows = []
    articles = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    # a fixed shuffle, so that every size mixes the corpus' categories
    articles = [articles[i] for i in np.random.default_rng(0).permutation(len(articles))]
    copy = 0
    while len(rows) < n:
        for i, art in enumerate(articles):
            text = art["text"]
            for sid, span in enumerate(split_sentences(text)):
                sent = text[span.start : span.end]
                rows.append(
                    {
                        "article_id": f"{i}-{copy}",
                        "outlet": art.get("category", "news"),
                        "sent_id": sid,
                        "text": sent,
                        "n_words": count_words(sent),
                        "is_heading": span.is_heading,
                        "hedge": 0.0,
                        "intensity": 0.0,
                        "compound": 0.0,
                    }
                )
                if len(rows) == n:
                    return pd.DataFrame(rows)
        copy += 1
    return pd.DataFrame(rows)


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child(kind: str, n: int, data: Path) -> None:
    import pandas as pd

    from framing.clusters import align_outlets, cluster_story

    table = sentences(data, n)
    if kind == "cluster":
        table["outlet"] = "BBC News"
        base, cpu = peak_mb(), cpu_seconds()
        start = time.perf_counter()
        result = cluster_story(table, pd.DataFrame())
        seconds = time.perf_counter() - start
        extra = f"k={result.k}"
    else:
        cats = sorted(table["outlet"].unique())
        half = set(cats[: len(cats) // 2])
        table["outlet"] = ["A" if c in half else "B" for c in table["outlet"]]
        table["cluster"] = 0
        base, cpu = peak_mb(), cpu_seconds()
        start = time.perf_counter()
        al = align_outlets(table, pd.DataFrame())
        seconds = time.perf_counter() - start
        extra = f"matched={int(al['similarity'].notna().sum())}"
    print(
        json.dumps(
            {
                "kind": kind,
                "n": n,
                "seconds": seconds,
                "cpu": cpu_seconds() - cpu,
                "base_mb": base,
                "peak_mb": peak_mb(),
                "extra": extra,
            }
        )
    )


def run(kind: str, n: int, data: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", kind, "--n", str(n), "--data", str(data)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def report(kind: str, sizes: list[int], data: Path) -> None:
    results = []
    for n in sizes:
        r = run(kind, n, data)
        results.append(r)
        print(
            f"{kind:8s} n={n:>7,d}  {r['seconds']:7.2f} s wall  {r['cpu']:7.2f} s CPU  "
            f"{n / r['seconds']:7,.0f} sentences/s  "
            f"peak {r['peak_mb']:7.0f} MB (baseline {r['base_mb']:5.0f} MB)  {r['extra']}",
            flush=True,
        )
    if len(results) > 1:
        first, last = results[0], results[-1]
        size_ratio = last["n"] / first["n"]
        print(
            f"{kind:8s} growth x{size_ratio:.0f} sentences: wall time "
            f"x{last['seconds'] / first['seconds']:.1f}, CPU time x{last['cpu'] / first['cpu']:.1f}, "
            f"peak memory above baseline x"
            f"{(last['peak_mb'] - last['base_mb']) / max(first['peak_mb'] - first['base_mb'], 1):.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 30_000, 100_000])
    parser.add_argument("--align-sizes", type=int, nargs="*", default=[2_000, 6_000, 20_000])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--child", choices=["cluster", "align"], help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.n, args.data)
        return
    report("cluster", args.sizes, args.data)
    if args.align_sizes:
        report("align", args.align_sizes, args.data)


if __name__ == "__main__":
    main()

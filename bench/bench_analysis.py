"""Throughput, sentence-splitting share, lexicon speed, whole-corpus memory, and a profile.

Run alone: ``python bench/bench_analysis.py [--data DIR] [--quick] [--profile]``; or through
``bench/run_all.py``. Figures are medians; the full/VADER-only ratio and the splitting share
are measured side by side in one run (A B C A B C ...).

The headline ratio (:func:`bench_process`) is measured on whole processes, as a user meets
them: ``python -m framing analyze`` of the BBC corpus (reading, scoring, quality flags,
clustering, writing every table) against a process that reads the same file, splits the same
sentences and scores each with stock VADER, alternating A B C A B C in one run. ``analyze``
runs as installed (worker processes on the cores available) and with ``--jobs 1``; the
target is on wall time, what a user waits for; the CPU time of all processes is printed
beside it (a child's CPU time includes its waited-for worker processes).

``--cluster-estimates`` (:func:`bench_cluster_estimates`) compares clustering a large story
exactly with the large-story estimates of :class:`framing.clusters.SentenceClusterer`.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import re
import sys
from collections import defaultdict
from pathlib import Path

from common import BBC, EVAL_DATA, Row, alternate, format_table, median, run_child

__all__ = [
    "bench_cluster_estimates",
    "bench_lexicon",
    "bench_memory",
    "bench_process",
    "bench_throughput",
    "load_corpus",
    "profile_analysis",
]

FULL_TARGET = 1.3  # full analysis / VADER alone
PROCESS_TARGET = 4.0  # whole process: analyze / VADER alone, wall time
SPLIT_TARGET = 0.25  # share of the full analysis time
MEMORY_TARGET_MB = 1024


def load_corpus(data: Path, *, limit: int | None = None) -> list:
    """The BBC bundle read by framing.ingest (optionally only the first ``limit`` articles)."""
    from framing.ingest import read_file

    articles = read_file(data / BBC)
    return articles[:limit] if limit else articles


def _full(data: Path, limit: int | None):
    from framing.pipeline import analyze

    def run():
        return analyze(load_corpus(data, limit=limit))

    return run


def bench_throughput(data: Path, *, quick: bool = False) -> list[Row]:
    """Articles/s and sentences/s of read + analyze, against VADER alone on the same sentences."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    from framing.sentences import split_sentences

    limit = 200 if quick else None
    rounds = 2 if quick else 3
    from framing.pipeline import analyze

    full = _full(data, limit)
    articles = load_corpus(data, limit=limit)
    analysis = analyze(articles)  # also the warm-up: imports, lexicons, matcher, analyzer
    texts = [str(t) for t in analysis.sentences["text"]]
    bodies = [a.text for a in articles]
    megabytes = sum(len(b.encode("utf-8")) for b in bodies) / 1e6
    sia = SentimentIntensityAnalyzer()

    def vader():
        return [sia.polarity_scores(t) for t in texts]

    def split():
        return [split_sentences(b) for b in bodies]

    vader()
    times = alternate({"full": full, "vader": vader, "split": split}, rounds, warmup=False)
    t_full, t_vader, t_split = (median(times[k]) for k in ("full", "vader", "split"))
    ratios = [f / v for f, v in zip(times["full"], times["vader"], strict=True)]
    shares = [s / f for s, f in zip(times["split"], times["full"], strict=True)]
    ratio = median(ratios)
    share = median(shares)
    n_art, n_sent = len(articles), len(texts)
    sec = "1 throughput"
    extra = {"runs": times}
    return [
        Row(sec, f"articles analysed ({'quick' if quick else 'whole corpus'})", f"{n_art:,}"),
        Row(sec, "sentences", f"{n_sent:,}"),
        Row(sec, "corpus text", megabytes, "MB"),
        Row(sec, "full analysis (read+analyze)", t_full, "s", extra=extra),
        Row(sec, "full analysis", n_art / t_full, "articles/s"),
        Row(sec, "full analysis", n_sent / t_full, "sentences/s"),
        Row(sec, "VADER alone, same sentences", n_sent / t_vader, "sentences/s"),
        Row(
            sec,
            "full / VADER-only (median of paired runs)",
            ratio,
            "x",
            f"<= {FULL_TARGET}",
            ratio <= FULL_TARGET,
        ),
        Row("3 splitting", "split_sentences", megabytes / t_split, "MB/s"),
        Row("3 splitting", "split_sentences", n_art / t_split, "articles/s"),
        Row(
            "3 splitting",
            "share of full analysis time",
            100 * share,
            "%",
            f"<= {SPLIT_TARGET:.0%}",
            share <= SPLIT_TARGET,
        ),
    ]


#: The VADER-alone process: the same file, the same sentences, stock VADER on each.
_VADER_PROCESS = """
import sys
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
from framing.ingest import read_file
from framing.sentences import split_sentences
sia = SentimentIntensityAnalyzer()
n = 0
for article in read_file(sys.argv[1]):
    for s in split_sentences(article.text):
        sia.polarity_scores(article.text[s.start : s.end])
        n += 1
print(n)
"""


def bench_process(data: Path, *, quick: bool = False) -> list[Row]:
    """``python -m framing analyze`` of the corpus against VADER alone on the same sentences,
    both as whole processes (imports included), alternating, one run."""
    import os
    import resource
    import subprocess
    import tempfile
    import time

    from common import PYTHON, ROOT

    corpus = data / BBC
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        if quick:
            from framing.ingest import read_file
            from framing.models import Article

            head = read_file(corpus)[:200]
            corpus = Path(tmp) / "head.jsonl"
            corpus.write_text(
                "".join(
                    json.dumps({"outlet": a.outlet, "title": a.title, "text": a.text}) + "\n"
                    for a in head
                    if isinstance(a, Article)
                ),
                encoding="utf-8",
            )
        out = Path(tmp) / "out"
        analyze = [PYTHON, "-m", "framing", "analyze", str(corpus), "--out", str(out),
                   "--quiet", "--time-budget", "0"]  # fmt: skip
        commands = {
            "analyze": analyze,  # the default: worker processes on the cores available
            "one": [*analyze, "--jobs", "1"],  # everything in one process
            "vader": [PYTHON, "-c", _VADER_PROCESS, str(corpus)],
        }

        def runner(cmd: list[str]):
            def run() -> None:
                subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT, env=env)

            return run

        # wall time, and CPU time (user + system) of the child: on a shared machine the CPU
        # time of a process moves far less with the other jobs than its wall time
        wall: dict[str, list[float]] = {k: [] for k in commands}
        cpu: dict[str, list[float]] = {k: [] for k in commands}
        for _ in range(2 if quick else 5):
            for name, cmd in commands.items():
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                t = time.perf_counter()
                runner(cmd)()
                wall[name].append(time.perf_counter() - t)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu[name].append(
                    after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
                )

    def ratio(times: dict[str, list[float]], name: str) -> float:
        return median([a / v for a, v in zip(times[name], times["vader"], strict=True)])

    wall_ratio = ratio(wall, "analyze")
    sec = "0 whole process"
    jobs = _default_jobs()
    return [
        Row(sec, f"python -m framing analyze (read, score, flag, cluster, write; {jobs} "
            "worker processes, the default), wall", median(wall["analyze"]), "s",
            extra={"wall": wall, "cpu": cpu}),
        Row(sec, "  the same, CPU time of all its processes", median(cpu["analyze"]), "s"),
        Row(sec, "the same with --jobs 1 (one process), wall", median(wall["one"]), "s"),
        Row(sec, "  the same, CPU time", median(cpu["one"]), "s"),
        Row(sec, "VADER alone, same file and sentences (read, split, VADER), wall",
            median(wall["vader"]), "s"),
        Row(sec, "  the same, CPU time", median(cpu["vader"]), "s"),
        Row(sec, "analyze / VADER alone, wall: what a user waits for (median of paired runs)",
            wall_ratio, "x", f"<= {PROCESS_TARGET}", wall_ratio <= PROCESS_TARGET),
        Row(sec, "  CPU time of all its processes / VADER alone", ratio(cpu, "analyze"), "x"),
        Row(sec, "analyze --jobs 1 / VADER alone, wall", ratio(wall, "one"), "x"),
        Row(sec, "  CPU time / VADER alone", ratio(cpu, "one"), "x"),
    ]  # fmt: skip


def _default_jobs() -> int:
    from framing.workers import default_jobs

    return default_jobs()


def _story_texts(data: Path) -> list[str]:
    """The clustered sentences of the BBC corpus as one story (as ``analyze`` clusters it)."""
    from framing.clusters.story import _prepare
    from framing.pipeline import analyze

    df = _prepare(analyze(load_corpus(data)).sentences)
    return df.loc[df["clustered"], "text"].tolist()


def bench_cluster_estimates(data: Path, *, quick: bool = False) -> list[Row]:
    """Clustering a large story exactly and with the large-story estimates, side by side.

    For the BBC story (about 38k clustered sentences) and a fixed 10,000-sentence subset: the
    chosen k, the silhouette (cosine) of each labelling measured in the exact embedding on a
    fixed sample of 20,000 sentences (all of a smaller story), the agreement of the two
    labellings (adjusted Rand index) and the CPU time of each fit (median of paired runs).
    """
    import time

    import numpy as np
    from sklearn.metrics import adjusted_rand_score, silhouette_score
    from threadpoolctl import threadpool_limits

    from framing.clusters import SentenceClusterer

    texts = _story_texts(data)
    rng = np.random.default_rng(0)
    stories = {"10k subset": [texts[i] for i in np.sort(rng.choice(len(texts), 10_000, False))]}
    if not quick:
        stories = {"BBC story": texts, **stories}
    rows: list[Row] = []
    for name, story in stories.items():
        times: dict[str, list[float]] = {"exact": [], "estimated": []}
        models = {}
        for _ in range(1 if quick else 3):
            for kind, above in (("exact", None), ("estimated", 5_000)):
                t = time.process_time()
                models[kind] = SentenceClusterer(estimate_above=above).fit(story)
                times[kind].append(time.process_time() - t)
        # k-means' own spread: the exact clustering with another seed
        models["exact, seed 1"] = SentenceClusterer(estimate_above=None, random_state=1).fit(story)
        exact, est = models["exact"], models["estimated"]
        size = min(len(story), 20_000)
        with threadpool_limits(limits=1):
            sil = {
                kind: silhouette_score(exact.embedding_, m.labels_, metric="cosine",
                                       sample_size=size, random_state=1)
                for kind, m in models.items()
            }  # fmt: skip
        sec = f"4b cluster estimates, {name} ({len(story):,} sentences)"
        seed1 = models["exact, seed 1"]
        rows += [
            Row(sec, "k exact / estimated / exact seed 1", f"{exact.k_} / {est.k_} / {seed1.k_}"),
            *(Row(sec, f"silhouette, {kind} (in the exact embedding)", f"{value:.4f}")
              for kind, value in sil.items()),
            Row(sec, "adjusted Rand index, estimated vs exact",
                f"{adjusted_rand_score(exact.labels_, est.labels_):.3f}"),
            Row(sec, "adjusted Rand index, exact seed 1 vs exact",
                f"{adjusted_rand_score(exact.labels_, seed1.labels_):.3f}"),
            Row(sec, "fit CPU time, exact", median(times["exact"]), "s"),
            Row(sec, "fit CPU time, estimated", median(times["estimated"]), "s"),
        ]  # fmt: skip
    return rows


def _regex_loop(entries, texts: list[str]) -> int:
    """The naive baseline: one compiled word-bounded regex per term, scanned over each text."""
    patterns = [
        re.compile(r"(?<!\w)" + re.escape(str(term)) + r"(?!\w)", re.IGNORECASE)
        for term in entries["term"]
    ]
    hits = 0
    for text in texts:
        for pattern in patterns:
            hits += sum(1 for _ in pattern.finditer(text))
    return hits


def _baseline(entries):
    """The per-term regex loop: helper script bench_text.RegexLoop if present, else a plain one."""
    try:
        from bench_text import RegexLoop
    except ImportError:
        return "plain per-term regex loop", lambda texts: _regex_loop(entries, texts)
    loop = RegexLoop(entries)
    return "bench_text.RegexLoop (regex per term form)", lambda texts: [loop.find(t) for t in texts]


def bench_lexicon(data: Path, *, quick: bool = False) -> list[Row]:
    """Lexicon Matcher MB/s against a per-term regex loop on the same texts, alternating."""
    from framing.lexicon import Matcher, load_lexicons
    from framing.models import Settings

    articles = load_corpus(data)
    texts = [a.text for a in articles[:: 40 if quick else 30]]  # a spread over categories
    megabytes = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    entries = load_lexicons(Settings())
    matcher = Matcher(entries)
    label, loop = _baseline(entries)
    everything = [a.text for a in articles]
    all_mb = sum(len(t.encode("utf-8")) for t in everything) / 1e6

    times = alternate(
        {
            "matcher": lambda: [matcher.find(t) for t in texts],
            "regex": lambda: loop(texts),
            "matcher_all": lambda: [matcher.find(t) for t in everything],
        },
        2 if quick else 3,
    )
    t_fast, t_loop = median(times["matcher"]), median(times["regex"])
    ratio = median([r / f for r, f in zip(times["regex"], times["matcher"], strict=True)])
    sec = "2 lexicon"
    return [
        Row(sec, "terms in bundled lexicons", f"{len(entries):,}"),
        Row(
            sec,
            f"Matcher.find, whole corpus ({all_mb:.1f} MB)",
            all_mb / median(times["matcher_all"]),
            "MB/s",
        ),
        Row(sec, f"Matcher.find, sample of {len(texts)} articles", megabytes / t_fast, "MB/s"),
        Row(sec, f"{label}, same sample", megabytes / t_loop, "MB/s"),
        Row(sec, "speed-up over the regex loop (paired runs)", ratio, "x"),
    ]


_MEMORY_CHILD = """
import json, sys, time
sys.path.insert(0, {bench!r})
from common import peak_rss_mb
from bench_analysis import load_corpus
from framing.pipeline import analyze
from pathlib import Path
base = peak_rss_mb()
t = time.perf_counter()
analysis = analyze(load_corpus(Path({data!r}), limit={limit!r}))
seconds = time.perf_counter() - t
peak = peak_rss_mb()
print(json.dumps({{"base_mb": base, "peak_mb": peak, "seconds": seconds,
                  "articles": len(analysis.articles), "sentences": len(analysis.sentences)}}))
"""


def bench_memory(data: Path, *, quick: bool = False) -> list[Row]:
    """Peak RSS (VmHWM) of reading and analysing the whole corpus, in a fresh process."""
    code = _MEMORY_CHILD.format(
        bench=str(Path(__file__).parent), data=str(data), limit=200 if quick else None
    )
    result = run_child(code)
    sec = "5 memory"
    return [
        Row(sec, "RSS after imports", result["base_mb"], "MB"),
        Row(
            sec,
            f"peak RSS, analyse {result['articles']:,} articles",
            result["peak_mb"],
            "MB",
            f"<= {MEMORY_TARGET_MB} MB",
            result["peak_mb"] <= MEMORY_TARGET_MB,
        ),
    ]


def _module_of(filename: str) -> str:
    path = Path(filename)
    parts = path.parts
    for anchor in ("framing", "vaderSentiment", "pandas", "numpy", "sklearn", "ahocorasick"):
        if anchor in parts:
            i = parts.index(anchor)
            rest = parts[i + 1 :]
            if anchor == "framing" and rest:
                return f"framing.{Path(rest[0]).stem}"
            return anchor
    if filename.startswith("~") or filename.startswith("<"):
        return "builtins"
    return path.stem


def profile_analysis(data: Path, *, quick: bool = False, top: int = 25) -> str:
    """cProfile of one analysis: own time per module and the top functions by own time."""
    from framing.pipeline import analyze

    articles = load_corpus(data, limit=200 if quick else None)
    analyze(articles[:20])  # warm caches (lexicon load, analyzer)
    prof = cProfile.Profile()
    prof.enable()
    analyze(articles)
    prof.disable()
    stats = pstats.Stats(prof)
    total = sum(v[2] for v in stats.stats.values())  # type: ignore[attr-defined]
    per_module: dict[str, float] = defaultdict(float)
    for (filename, _line, _name), value in stats.stats.items():  # type: ignore[attr-defined]
        per_module[_module_of(filename)] += value[2]
    lines = [f"profile of analyze() over {len(articles):,} articles: {total:.2f} s own time"]
    lines.append("own time by module:")
    for module, seconds in sorted(per_module.items(), key=lambda kv: -kv[1])[:15]:
        lines.append(f"  {module:<28} {seconds:7.2f} s  {100 * seconds / total:5.1f} %")
    lines.append("cumulative time, framing functions:")
    cum = [
        (value[3], f"{_module_of(fn)}.{name}")
        for (fn, _line, name), value in stats.stats.items()  # type: ignore[attr-defined]
        if "framing" in Path(fn).parts
    ]
    for seconds, name in sorted(cum, reverse=True)[:top]:
        lines.append(f"  {name:<48} {seconds:7.2f} s  {100 * seconds / total:5.1f} %")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=EVAL_DATA)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--process-only", action="store_true", help="only the whole-process ratio")
    parser.add_argument(
        "--cluster-estimates",
        action="store_true",
        help="only the exact vs estimated clustering of a large story",
    )
    args = parser.parse_args(argv)
    if args.cluster_estimates:
        print(format_table(bench_cluster_estimates(args.data, quick=args.quick)))
        return 0
    rows = bench_process(args.data, quick=args.quick)
    if args.process_only:
        print(format_table(rows))
        return 0
    rows += bench_throughput(args.data, quick=args.quick)
    rows += bench_lexicon(args.data, quick=args.quick)
    rows += bench_memory(args.data, quick=args.quick)
    print(format_table(rows))
    if args.json:
        print(json.dumps([r.__dict__ for r in rows], default=str))
    if args.profile:
        print(profile_analysis(args.data, quick=args.quick))
    return 0


if __name__ == "__main__":
    sys.exit(main())

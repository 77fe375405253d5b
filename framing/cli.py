"""Command line: ``python -m framing analyze|sentences|pairs`` (see ``docs/cli.md``).

Exit status: 0 when the work was done (for ``analyze``: at least one article analysed), 1 when
nothing could be analysed or (``sentences``/``pairs``) some input lines were malformed, 2 on a
usage error (bad option, unreadable lexicon/actors/axes file).
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import pandas as pd

from framing.budget import ENV_VAR, default_budget
from framing.models import ALIGNMENT_COLUMNS, ClusterSettings, ReadError, Settings

__all__ = ["CLUSTER_CSV_COLUMNS", "build_parser", "main"]

#: Columns of ``clusters.csv`` (one row per sentence).
CLUSTER_CSV_COLUMNS = ["story", "article_id", "sent_id", "outlet", "cluster", "label", "text"]
PAIR_CHUNK = 1000
SENTENCE_BATCH = 256


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (one sub-command per task)."""
    parser = argparse.ArgumentParser(
        prog="python -m framing",
        description="How different news outlets frame the same story.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    a = sub.add_parser(
        "analyze",
        help="score articles and write the tables as CSV",
        description="Score articles (txt, md, html, pdf, docx, csv, jsonl, xlsx; bundles may "
        "hold many articles and stories) and write articles.csv, sentences.csv, cues.csv, "
        "quotes.csv, mentions.csv, actors.csv, stance.csv, frames.csv, clusters.csv, alignments.csv.",
    )
    a.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="input files, folders (read recursively; a manifest.csv beside the files names their outlet, title and story) or http(s) links",
    )
    a.add_argument("--out", required=True, metavar="DIR", help="output folder (created)")
    a.add_argument("--story", default="", metavar="NAME", help="story label for files without one")
    a.add_argument(
        "--lexicon",
        action="append",
        default=[],
        metavar="FILE.csv",
        help="extra lexicon (term,category,weight,source); repeatable; named by file stem",
    )
    a.add_argument("--no-default-lexicons", action="store_true", help="use only --lexicon files")
    a.add_argument("--actors", metavar="FILE.csv", help="actors file instead of the bundled one")
    a.add_argument("--axes", metavar="FILE.csv", help="stance axes file instead of the bundled one")
    a.add_argument("--no-auto-actors", action="store_true", help="do not suggest actors")
    a.add_argument("--no-clusters", action="store_true", help="skip clustering and alignment")
    a.add_argument(
        "--clusters", type=int, default=None, metavar="K", help="fixed number of clusters"
    )
    a.add_argument(
        "--bootstrap", type=int, default=1000, metavar="N", help="bootstrap draws (1000)"
    )
    a.add_argument("--seed", type=int, default=0, help="random seed (0)")
    a.add_argument(
        "--time-budget",
        type=float,
        default=default_budget() or 0.0,
        metavar="SECONDS",
        help="seconds one article may take before it is set aside (listed in set_aside.csv); "
        f"0 for no limit (default {default_budget() or 0:g}, or ${ENV_VAR})",
    )
    a.add_argument("--quiet", action="store_true", help="no progress on stderr")
    a.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="processes scoring articles (default: the cores available, at most 4; batches "
        "under 100 articles per process are scored in one); the tables do not depend on it",
    )
    a.add_argument(
        "--engine",
        choices=["local", "dask"],
        default=None,
        help="analyse in partitions (framing.engine): 'local' in this process, 'dask' on a "
        "dask.distributed cluster; paths may be globs; clustering is skipped",
    )
    a.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --engine dask: e.g. tcp://host:8786 (default: a local 2-worker cluster)",
    )
    a.add_argument(
        "--partition-size", type=int, default=500, metavar="N", help="articles per partition"
    )
    a.add_argument("--format", choices=["csv", "parquet"], default="csv", help="table format (csv)")

    s = sub.add_parser(
        "sentences",
        help="score JSON-lines sentences (hedge, intensity, sentiment, target tone)",
        description="Read JSON lines with 'text' (and optionally 'target'); write them back "
        "with hedge, hedge_cues, intensity, intensity_cues, sentiment, frames and target_tone.",
    )
    s.add_argument(
        "input", nargs="?", default="-", metavar="IN.jsonl", help="input (default stdin)"
    )
    s.add_argument("--out", default="-", metavar="OUT.jsonl", help="output (default stdout)")
    s.add_argument(
        "--lexicon", action="append", default=[], metavar="FILE.csv", help="extra lexicon"
    )

    p = sub.add_parser(
        "pairs",
        help="similarity of sentence pairs (JSON lines with s1, s2)",
        description="Read JSON lines with 's1' and 's2'; write them back with 'similarity' in [0, 1].",
    )
    p.add_argument(
        "input", nargs="?", default="-", metavar="IN.jsonl", help="input (default stdin)"
    )
    p.add_argument("--out", default="-", metavar="OUT.jsonl", help="output (default stdout)")
    return parser


# ---- helpers -------------------------------------------------------------------------------


def _err(message: str) -> None:
    print(" ".join(str(message).split()), file=sys.stderr, flush=True)


def _read_lexicons(paths: Sequence[str]) -> tuple[tuple[str, str], ...]:
    out = []
    for p in paths:
        path = Path(p)
        try:
            out.append((path.stem, path.read_bytes().decode("utf-8-sig", errors="replace")))
        except OSError as exc:
            raise ReadError(path.name, f"cannot read the lexicon ({exc.strerror or exc})") from None
    return tuple(out)


def _open_in(name: str) -> IO[str]:
    if name == "-":
        return sys.stdin
    return open(name, encoding="utf-8-sig", errors="replace")


def _open_out(name: str) -> IO[str]:
    if name == "-":
        return sys.stdout
    Path(name).parent.mkdir(parents=True, exist_ok=True)
    return open(name, "w", encoding="utf-8")


class _Lines:
    """Parses JSON lines, reporting malformed ones on stderr and counting them."""

    def __init__(self, stream: Iterable[str], required: Sequence[str]) -> None:
        self.stream = stream
        self.required = required
        self.bad = 0
        self.good = 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        for n, line in enumerate(self.stream, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                self.bad += 1
                _err(f"line {n}: not valid JSON ({exc.msg} at column {exc.colno}); skipped")
                continue
            if not isinstance(obj, dict):
                self.bad += 1
                _err(f"line {n}: expected a JSON object; skipped")
                continue
            missing = [k for k in self.required if not isinstance(obj.get(k), str)]
            if missing:
                self.bad += 1
                _err(
                    f"line {n}: needs a string field {', '.join(repr(k) for k in missing)}; skipped"
                )
                continue
            self.good += 1
            yield obj


def _write_json(out: IO[str], obj: dict[str, Any]) -> None:
    out.write(json.dumps(obj, ensure_ascii=False) + "\n")


# ---- commands ------------------------------------------------------------------------------


def _cmd_analyze(args: argparse.Namespace) -> int:
    from framing.actors import read_actors_csv
    from framing.ingest import load_paths
    from framing.pipeline import analyze
    from framing.stance import read_axes_csv
    from framing.workers import default_jobs

    try:
        settings = Settings(
            lexicons=_read_lexicons(args.lexicon),
            use_default_lexicons=not args.no_default_lexicons,
            actors=read_actors_csv(Path(args.actors)) if args.actors else None,
            axes=read_axes_csv(Path(args.axes)) if args.axes else None,
            auto_actors=not args.no_auto_actors,
            bootstrap=max(0, args.bootstrap),
            random_state=args.seed,
            time_budget=args.time_budget if args.time_budget > 0 else None,
        )
    except (ReadError, OSError) as exc:
        _err(f"error: {exc}")
        return 2
    if args.scheduler and args.engine != "dask":
        _err("error: --scheduler needs --engine dask")
        return 2
    if args.engine:
        from framing.engine import analyze_partitioned

        try:
            written = analyze_partitioned(
                args.paths,
                args.out,
                engine=args.engine,
                scheduler=args.scheduler,
                settings=settings,
                partition_size=max(1, args.partition_size),
                story=args.story,
                format=args.format,
            )
        except (ReadError, FileNotFoundError) as exc:
            _err(f"error: {exc}")
            return 1
        if "set_aside" in written:
            _err(f"set aside (took too long to analyse): see {written['set_aside']}")
        if not args.quiet:
            _err(f"wrote {', '.join(p.name for p in written.values())} to {args.out}")
        return 0
    from framing.fetch import is_url, load_links

    links = [p for p in args.paths if is_url(p)]
    articles, errors = load_paths([p for p in args.paths if not is_url(p)], story=args.story)
    if links:  # fetched under framing.fetch's rules (public addresses, size and time limits)
        fetched, link_errors = load_links(links, story=args.story)
        articles += fetched
        errors += link_errors
    for e in errors:
        _err(f"error: {e}")
    if not articles:
        _err("error: nothing to analyse")
        return 1

    loading: list[threading.Thread] = []

    def progress(done: int, total: int) -> None:
        if not loading and not args.no_clusters:
            # load the clustering library while the rest is scored (started here, after any
            # worker processes were forked: never fork while a thread is importing)
            loading.append(threading.Thread(target=_import_clusters, daemon=True))
            loading[0].start()
        if not args.quiet and (done == total or done % 50 == 0):
            _err(f"analysed {done}/{total} articles")

    try:
        jobs = default_jobs() if args.jobs is None else max(1, args.jobs)
        result = analyze(articles, settings, progress=progress, jobs=jobs)
    except ReadError as exc:  # an invalid user lexicon
        _err(f"error: {exc}")
        return 2
    for s in result.set_aside:
        _err(f"set aside: {s.message}")
    if not len(result.articles):
        _err("error: nothing analysed (every article was set aside)")
        return 1
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tables = result.tables()
    if result.set_aside:
        tables["set_aside"] = result.set_aside_table()
    for thread in loading:
        thread.join()  # no thread may be importing when a writer process is forked
    writer = _write_tables(tables, out, args.format, background=not args.no_clusters)
    if not args.no_clusters:
        try:
            clusters, alignments = _clusters(result, ClusterSettings(n_clusters=args.clusters))
        except Exception as exc:  # the scored tables are written; report and go on
            _err(
                f"error: clustering failed ({type(exc).__name__}: {exc}); clusters.csv not written"
            )
        else:
            clusters.to_csv(out / "clusters.csv", index=False)
            alignments.to_csv(out / "alignments.csv", index=False)
    if writer is not None:
        writer.join()
        if writer.exitcode != 0:
            _err(f"error: writing the tables to {out} failed (exit code {writer.exitcode})")
            return 1
    if not args.quiet:
        _err(f"wrote {len(result.articles)} articles to {out}")
    return 0


def _write_tables(tables: dict[str, pd.DataFrame], out: Path, fmt: str, *, background: bool) -> Any:
    """Write every table to ``out``; with ``background``, in a forked process (returned, to
    join) so the clustering runs meanwhile. ``None`` when written here."""
    from framing.workers import can_fork

    def write() -> None:
        for name, table in tables.items():
            if fmt == "parquet":
                table.to_parquet(out / f"{name}.parquet", index=False)
            else:
                table.to_csv(out / f"{name}.csv", index=False)

    if not (background and can_fork()):
        write()
        return None
    import multiprocessing

    process = multiprocessing.get_context("fork").Process(target=write, name="write-tables")
    process.start()
    return process


def _import_clusters() -> None:
    import framing.clusters  # noqa: F401


def _clusters(result: Any, cs: ClusterSettings) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Cluster each story separately (:func:`framing.clusters.cluster`); sentence -> cluster
    table and alignments."""
    from framing.clusters import cluster

    sentences = result.sentences
    assigned, aligned = [], []
    for story, group in sentences.groupby("story", sort=True, dropna=False):
        sc = cluster(result, cs, article_ids=set(group["article_id"]))
        a = sc.assignments.merge(
            group[["article_id", "sent_id", "outlet", "text"]],
            on=["article_id", "sent_id"],
            how="left",
        )
        a.insert(0, "story", story)
        assigned.append(a[CLUSTER_CSV_COLUMNS])
        al = sc.alignments.copy()
        al.insert(0, "story", story)
        aligned.append(al)
    clusters = (
        pd.concat(assigned, ignore_index=True)
        if assigned
        else pd.DataFrame(columns=CLUSTER_CSV_COLUMNS)
    )
    alignments = (
        pd.concat(aligned, ignore_index=True)
        if aligned
        else pd.DataFrame(columns=["story", *ALIGNMENT_COLUMNS])
    )
    return clusters, alignments


def _cmd_sentences(args: argparse.Namespace) -> int:
    from framing.pipeline import analyze_sentences

    try:
        settings = Settings(lexicons=_read_lexicons(args.lexicon))
        src, dst = _open_in(args.input), _open_out(args.out)
    except (ReadError, OSError) as exc:
        _err(f"error: {exc}")
        return 2
    lines = _Lines(src, ["text"])
    try:
        for n, obj in enumerate(
            analyze_sentences(lines, settings, batch_size=SENTENCE_BATCH), start=1
        ):
            _write_json(dst, obj)
            if n % SENTENCE_BATCH == 0:
                dst.flush()
        dst.flush()
    except ReadError as exc:
        _err(f"error: {exc}")
        return 2
    finally:
        if src is not sys.stdin:
            src.close()
        if dst is not sys.stdout:
            dst.close()
    return 1 if lines.bad else 0


def _cmd_pairs(args: argparse.Namespace) -> int:
    from framing.clusters import similarity

    try:
        src, dst = _open_in(args.input), _open_out(args.out)
    except OSError as exc:
        _err(f"error: {exc}")
        return 2
    lines = _Lines(src, ["s1", "s2"])
    try:
        chunk: list[dict[str, Any]] = []
        for obj in lines:
            chunk.append(obj)
            if len(chunk) >= PAIR_CHUNK:
                _flush_pairs(chunk, dst, similarity)
                chunk = []
        if chunk:
            _flush_pairs(chunk, dst, similarity)
    finally:
        if src is not sys.stdin:
            src.close()
        if dst is not sys.stdout:
            dst.close()
    return 1 if lines.bad else 0


def _flush_pairs(chunk: list[dict[str, Any]], dst: IO[str], similarity: Any) -> None:
    sims = similarity([o["s1"] for o in chunk], [o["s2"] for o in chunk])
    for obj, sim in zip(chunk, sims, strict=True):
        _write_json(dst, {**obj, "similarity": round(float(sim), 6)})
    dst.flush()


#: A command allocates millions of small objects that live to its end (rows, tables); with
#: the garbage collector's default thresholds (700, 10, 10) it walks them again and again
#: (about 6 % of the CPU time of `analyze` on 2,000 articles). Fewer collections while a
#: command runs; the old thresholds come back after it.
_GC_THRESHOLDS = (50_000, 20, 20)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    handler = {"analyze": _cmd_analyze, "sentences": _cmd_sentences, "pairs": _cmd_pairs}[
        args.command
    ]
    thresholds = gc.get_threshold()
    gc.set_threshold(*_GC_THRESHOLDS)
    try:
        return handler(args)
    except BrokenPipeError:  # e.g. piped into `head`
        return 0
    finally:
        gc.set_threshold(*thresholds)

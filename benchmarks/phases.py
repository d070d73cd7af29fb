"""Where ``discourse run`` spends its time: wall seconds per phase, one worker, in-process.

``benchmarks/throughput.py`` says *how fast* a run is against bare spaCy;
this says *where the time goes*, so an optimisation can be aimed and its
effect checked phase by phase (timings on a shared machine are noisy:
compare phases of two runs made one after the other, not totals of runs
made at different times).

    python benchmarks/phases.py --n 40            # builds 40 benchmark threads in a temp dir
    python benchmarks/phases.py --corpus DIR      # any corpus folder

The phases are timed by wrapping the functions ``run_corpus`` calls (the
parse generator, the stage function, the per-thread map and report writers,
``Store.write_thread``, ``build_outputs``, model loading); "other" is what
is left of ``run_corpus``. Imports are timed before the run starts.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

_T0 = time.perf_counter()
import discourse.nlp as nlp_module  # noqa: E402  (the imports are what is timed)
import discourse.report as report_module  # noqa: E402
import discourse.run as run_module  # noqa: E402
import discourse.segment as segment_module  # noqa: E402
import discourse.stages as stages_module  # noqa: E402
import discourse.store as store_module  # noqa: E402

IMPORTS = time.perf_counter() - _T0
TIMES: Counter[str] = Counter()


def _timed(fn: Callable[..., Any], name: str) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            TIMES[name] += time.perf_counter() - start

    return wrapper


def _timed_generator(fn: Callable[..., Iterator[Any]], name: str) -> Callable[..., Iterator[Any]]:
    """Time only the generator's own steps, not what the consumer does between them."""

    def wrapper(*args: Any, **kwargs: Any) -> Iterator[Any]:
        it = fn(*args, **kwargs)
        while True:
            start = time.perf_counter()
            try:
                item = next(it)
            except StopIteration:
                TIMES[name] += time.perf_counter() - start
                return
            TIMES[name] += time.perf_counter() - start
            yield item

    return wrapper


def instrument() -> None:
    """Wrap the phase functions in place (module attributes looked up at call time)."""
    nlp_module.nlp_from_config = _timed(nlp_module.nlp_from_config, "load spaCy pipeline")
    report_module.write_thread_maps = _timed(report_module.write_thread_maps, "thread maps")
    report_module.write_thread_report = _timed(report_module.write_thread_report, "thread reports")
    report_module.build_outputs = _timed(report_module.build_outputs, "corpus outputs")
    store_module.Store.write_threads = _timed(store_module.Store.write_threads, "store writes")
    segment_module.parse_threads = _timed_generator(segment_module.parse_threads, "parse")
    build = stages_module.build_analyser

    def build_analyser(*args: Any, **kwargs: Any) -> Callable[..., Any]:
        start = time.perf_counter()
        analyse = build(*args, **kwargs)
        TIMES["load stages (stance model …)"] += time.perf_counter() - start
        return _timed(analyse, "stages (stance, entities, relations)")

    stages_module.build_analyser = build_analyser


def main(argv: list[str] | None = None) -> Counter[str]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, help="corpus folder (default: build --n threads)")
    parser.add_argument("--n", type=int, default=40, help="benchmark threads to build")
    args = parser.parse_args(argv)
    if args.corpus is not None and not args.corpus.is_dir():
        parser.error(f"--corpus {args.corpus}: no such folder")
    if args.corpus is None and args.n < 1:
        parser.error("--n must be at least 1")
    work = Path(tempfile.mkdtemp(prefix="discourse-phases-"))
    corpus = args.corpus
    if corpus is None:
        sys.path.insert(0, str(Path(__file__).parent))
        from throughput import make_corpus

        corpus = work / "corpus"
        words, _ = make_corpus(corpus, args.n)
        print(f"{args.n} threads, {words} words in {corpus}")
    instrument()
    start = time.perf_counter()
    try:
        summary = run_module.run_corpus([corpus], out=work / "out", workers=1)
        total = time.perf_counter() - start
    finally:
        shutil.rmtree(work, ignore_errors=True)  # the built corpus and the run's outputs
    if summary.errors or not summary.segments:  # timing a run that analysed nothing says nothing
        for issue in summary.errors:
            print(issue.message, file=sys.stderr)
        sys.exit(f"the run analysed {summary.segments} segments: nothing to time")
    print(f"imports {IMPORTS:.2f} s, run_corpus {total:.2f} s ({summary.segments} segments)")
    for name, seconds in TIMES.most_common():
        print(f"  {name:38s} {seconds:6.2f} s  {100 * seconds / total:5.1f} %")
    other = total - sum(TIMES.values())
    print(f"  {'other':38s} {other:6.2f} s  {100 * other / total:5.1f} %")
    return TIMES


if __name__ == "__main__":
    main()

"""Throughput benchmark: ``discourse run`` end to end against bare spaCy.

Builds corpora of N and 10·N threads (variations of the shipped seed thread:
paragraphs and comments sampled and shuffled, sentences shuffled, speakers
and dates changed, new ids), then for each size:

* times bare ``spacy.load(<the same model>).pipe`` over the same paragraph
  texts in a fresh process (wall clock incl. import and load, and pipe only);
* times ``discourse run`` end to end in a fresh process (ingest, parse, every
  configured stage, store, maps, reports) with one worker and with
  ``--workers 2``;
* samples the peak RSS of each run's process tree (psutil);
* re-runs on the unchanged corpus and reports its time as a fraction of the
  first run;
* for 10·N, times bare spaCy over the same texts halved between two
  processes at once: what two processes gain on this machine at all, the
  ceiling to read ``--workers 2`` against.

Targets: full pipeline ≥ 0.8× bare throughput on one worker; ``--workers 2``
≥ 1.6× one worker; peak memory for 10·N ≤ 1.5× that for N; re-run < 10 %.

    python benchmarks/throughput.py            # N = 10 (100 threads for 10·N), a few minutes
    python benchmarks/throughput.py --n 2 --keep /tmp/bench   # quick look
    python benchmarks/throughput.py --repeat 3  # 10·N timed three times over: medians

On a shared machine one round of timings moves with the machine (the ceiling
above was 1.4× in one run and 1.9× in another); ``--repeat`` runs the 10·N
timings several rounds one after the other and reports each round's ratios
and the medians.

N = 10 is the default so that start-up (imports, loading the spaCy pipeline
and the stance model: a few seconds, paid once per run) does not dominate
the 10·N figures, which are the ones the targets are read from.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "guatemala-post.txt"
NAMES = [
    "Ana R", "Bill K", "Carla M", "Dev P", "Elena S", "Frank T", "Gus W", "Hana L",
    "Ivan B", "Jo C", "Kim D", "Luis F", "Mara G", "Nate H", "Olga J", "Pat Q",
]  # fmt: skip
BARE = """
import json, sys, time
t0 = time.perf_counter()
import spacy
from discourse.nlp import resolve_model
texts = json.load(open(sys.argv[1], encoding="utf-8"))
nlp = spacy.load(resolve_model())
t1 = time.perf_counter()
for _ in nlp.pipe(texts, batch_size=64):
    pass
t2 = time.perf_counter()
print(json.dumps({"load": t1 - t0, "pipe": t2 - t1}))
"""


def _sentences(paragraph: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z“\"])", paragraph) if s]


def make_corpus(folder: Path, n: int, seed: int = 0) -> tuple[int, list[str]]:
    """Write ``n`` perturbed copies of the seed thread; return (words, paragraph texts)."""
    from discourse.ingest import read_path

    base = read_path(SEED)[0]
    article = base.article
    assert article is not None
    art_paras = [article.text[s:e] for s, e in article.paragraphs]
    comments = base.comments
    folder.mkdir(parents=True, exist_ok=True)
    words, texts = 0, []
    for i in range(n):
        rng = random.Random(seed * 100003 + i)
        paras = rng.sample(art_paras, k=max(2, len(art_paras) * 2 // 3))
        paras = [" ".join(rng.sample(_sentences(p), k=len(_sentences(p)))) for p in paras]
        lines = [*(p + "\n" for p in paras), f"Posted by editor{i % 7} in Foreign Policy\n"]
        chosen = rng.sample(comments, k=rng.randint(2, len(comments)))
        day = 1 + (i * 3) % 28
        for c in chosen:
            cparas = [c.text[s:e] for s, e in c.paragraphs]
            cparas = [" ".join(rng.sample(_sentences(p), k=len(_sentences(p)))) for p in cparas]
            lines.append(f"  • {rng.choice(NAMES)}\n")
            lines.append(
                f"    November {day}, 2011 at {rng.randint(1, 11)}:{rng.randint(10, 59)} pm\n"
            )
            lines += [textwrap.indent(p, "    ") + "\n" for p in cparas]
            texts += cparas
        texts += paras
        body = "\n".join(lines)
        words += len(re.findall(r"\S+", "\n".join(paras + [c.text for c in chosen])))
        (folder / f"bench-{i:04d}.txt").write_text(body, encoding="utf-8")
    return words, texts


def timed(cmd: list[str]) -> tuple[float, int, str, float]:
    """Run ``cmd``; return wall seconds, peak RSS (bytes) of its process tree, stdout, CPU seconds.

    CPU seconds (user + system of the process and every child it waited for)
    are reported beside wall time: on a shared machine they are the steadier
    measure of work done.
    """
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = psutil.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            try:
                procs = [proc, *proc.children(recursive=True)]
                rss = sum(p.memory_info().rss for p in procs if p.is_running())
                peak = max(peak, rss)
            except psutil.Error:
                pass
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    started = time.perf_counter()
    sampler.start()
    out, err = proc.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if proc.returncode != 0:  # the benchmark corpus has no bad files: any failure is real
        raise RuntimeError(f"{cmd} failed ({proc.returncode}):\n{err[-3000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, peak, out, cpu


def bare_in_two(texts: list[str], work: Path) -> float:
    """Wall seconds of bare spaCy over ``texts`` split between two processes run at once.

    Against one process over all of them this is what the machine gives two
    processes doing the same work — two vCPUs of a virtual machine slow each
    other down (shared caches, memory bandwidth, the host's other guests) —
    so it is the ceiling to read ``--workers 2``'s speed-up against.
    """
    files = []
    for i, half in enumerate((texts[::2], texts[1::2])):
        f = work / f"texts-half-{i}.json"
        f.write_text(json.dumps(half), encoding="utf-8")
        files.append(f)
    started = time.perf_counter()
    procs = [
        subprocess.Popen([sys.executable, "-c", BARE, str(f)], cwd=ROOT, stdout=subprocess.PIPE)
        for f in files
    ]
    for proc in procs:
        proc.communicate()
        if proc.returncode != 0:
            raise RuntimeError(f"bare spaCy on half the texts failed ({proc.returncode})")
    return time.perf_counter() - started


def discourse_run(corpus: Path, out: Path, workers: int) -> tuple[float, int, str, float]:
    exe = Path(sys.executable).with_name("discourse")
    return timed([str(exe), "run", str(corpus), "--out", str(out), "--workers", str(workers)])


def measure(n: int, words: int, texts: list[str], work: Path, tag: str, two: bool) -> dict:
    """One round of every timing for the corpus of ``n`` threads (outputs under ``work``)."""
    corpus, texts_file = work / f"corpus-{n}", work / f"texts-{n}.json"
    bare_wall, bare_rss, bare_out, bare_cpu = timed([sys.executable, "-c", BARE, str(texts_file)])
    bare = json.loads(bare_out)
    one, one_rss, _, one_cpu = discourse_run(corpus, work / f"out-{n}-w1{tag}", 1)
    rerun, _, rerun_out, rerun_cpu = discourse_run(corpus, work / f"out-{n}-w1{tag}", 1)
    w2, two_rss, _, two_cpu = discourse_run(corpus, work / f"out-{n}-w2{tag}", 2)
    bare_two = bare_in_two(texts, work) if two else None
    return {
        "threads": n,
        "words": words,
        "bare_wps_wall": words / bare_wall,
        "bare_wps_pipe": words / bare["pipe"],
        "bare_rss_mb": bare_rss / 2**20,
        "run_w1_s": one,
        "run_w1_wps": words / one,
        "ratio_w1_vs_bare": bare_wall / one,
        "run_w2_s": w2,
        "run_w2_wps": words / w2,
        "speedup_w2": one / w2,
        "peak_rss_w1_mb": one_rss / 2**20,
        "peak_rss_w2_mb": two_rss / 2**20,
        "rerun_s": rerun,
        "rerun_fraction": rerun / one,
        "bare_cpu_s": bare_cpu,
        "run_w1_cpu_s": one_cpu,
        "run_w2_cpu_s": two_cpu,
        "rerun_cpu_s": rerun_cpu,
        "ratio_w1_vs_bare_cpu": bare_cpu / one_cpu,
        "rerun_fraction_cpu": rerun_cpu / one_cpu,
        "rerun_summary": rerun_out.strip().splitlines()[-1] if rerun_out.strip() else "",
        "bare_two_processes_s": bare_two,
        "bare_two_process_speedup": bare_wall / bare_two if bare_two else None,
    }


#: What ``--repeat`` prints round by round.
ROUND_KEYS = {
    "ratio_w1_vs_bare": "1 worker / bare",
    "speedup_w2": "--workers 2 / 1 worker",
    "bare_two_process_speedup": "bare in two processes / one (ceiling)",
    "rerun_fraction": "re-run / first run",
}


def median_round(rounds: list[dict]) -> dict:
    """Every figure of ``rounds`` as its median (the middle round's value for odd counts),
    each round's :data:`ROUND_KEYS` figures kept under ``rounds``."""
    out: dict = {}
    for key, value in rounds[0].items():
        values = [r[key] for r in rounds]
        if isinstance(value, int | float) and len(set(values)) > 1:
            out[key] = statistics.median(values)
        else:
            out[key] = value
    out["rounds"] = [{k: r[k] for k in ROUND_KEYS} for r in rounds]
    return out


#: The file ``--keep`` leaves in its folder: a later ``--keep`` run may clear that folder.
MARKER = ".discourse-benchmark"


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--n", type=int, default=10, help="threads in the small corpus (10·N in the big)"
    )
    parser.add_argument(
        "--keep",
        type=Path,
        default=None,
        help="work here and keep the files (a new or empty folder, or one an earlier "
        "--keep run made, which is cleared; any other folder is refused); default: a "
        "temporary folder, removed at the end",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="rounds of the 10·N timings, one after the other; medians are reported",
    )
    args = parser.parse_args(argv)
    if args.keep is not None:
        work = args.keep
        if work.exists() and any(work.iterdir()):
            if not (work / MARKER).is_file():  # never clear a folder this script did not make
                parser.error(f"--keep {work}: a folder with other files in it; name a new one")
            shutil.rmtree(work)
        work.mkdir(parents=True, exist_ok=True)
        (work / MARKER).write_text("made by benchmarks/throughput.py --keep\n", encoding="utf-8")
    else:
        work = Path(tempfile.mkdtemp(prefix="discourse-bench-"))
    try:
        return _run(args, work)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)  # corpora and outputs: hundreds of MB


def _run(args: argparse.Namespace, work: Path) -> dict:
    """The timings of :func:`main`, in the folder ``work``."""
    results: dict[str, dict] = {}
    for n in (args.n, 10 * args.n):
        big = n == 10 * args.n
        words, texts = make_corpus(work / f"corpus-{n}", n)
        (work / f"texts-{n}.json").write_text(json.dumps(texts), encoding="utf-8")
        rounds = []
        for k in range(max(1, args.repeat) if big else 1):
            rounds.append(measure(n, words, texts, work, f"-{k}" if k else "", big))
            if big and args.repeat > 1:
                print(
                    f"  round {k + 1}: "
                    + "; ".join(
                        f"{label} {rounds[-1][key]:.2f}" for key, label in ROUND_KEYS.items()
                    ),
                    flush=True,
                )
        r = median_round(rounds) if len(rounds) > 1 else rounds[0]
        results[str(n)] = r
        of = f" (median of {len(rounds)} rounds)" if len(rounds) > 1 else ""
        one, two, rerun = r["run_w1_s"], r["run_w2_s"], r["rerun_s"]
        bare_cpu, one_cpu, two_cpu, rerun_cpu = (
            r["bare_cpu_s"],
            r["run_w1_cpu_s"],
            r["run_w2_cpu_s"],
            r["rerun_cpu_s"],
        )
        print(
            f"N={n:4d} threads, {words} words{of}\n"
            f"  bare spaCy   {r['bare_wps_wall']:8.0f} words/s end to end "
            f"({r['bare_wps_pipe']:.0f} words/s in pipe alone), peak {r['bare_rss_mb']:.0f} MB\n"
            f"  run, 1 worker {r['run_w1_wps']:7.0f} words/s ({one:.1f}s) = "
            f"{r['ratio_w1_vs_bare']:.2f}x bare, peak {r['peak_rss_w1_mb']:.0f} MB\n"
            f"  run, 2 workers {r['run_w2_wps']:6.0f} words/s ({two:.1f}s) = "
            f"{r['speedup_w2']:.2f}x one worker, peak {r['peak_rss_w2_mb']:.0f} MB\n"
            f"  re-run unchanged {rerun:.1f}s = {100 * r['rerun_fraction']:.1f}% of the first run\n"
            f"  CPU seconds: bare {bare_cpu:.1f}, run {one_cpu:.1f} (= {r['ratio_w1_vs_bare_cpu']:.2f}x bare "
            f"throughput), --workers 2 {two_cpu:.1f}, re-run {rerun_cpu:.1f} "
            f"({100 * r['rerun_fraction_cpu']:.1f}%)",
            flush=True,
        )
        if r["bare_two_processes_s"]:
            print(
                f"  bare spaCy, the same texts halved between two processes at once: "
                f"{r['bare_two_processes_s']:.1f}s = {r['bare_two_process_speedup']:.2f}x one process "
                f"(the ceiling this machine gives --workers 2; run/ceiling "
                f"{r['speedup_w2'] / r['bare_two_process_speedup']:.2f})",
                flush=True,
            )
    small, big_r = results[str(args.n)], results[str(10 * args.n)]
    mem = big_r["peak_rss_w1_mb"] / small["peak_rss_w1_mb"]
    print(f"peak memory 10·N / N (1 worker): {mem:.2f}x")
    print(
        f"summary (10·N = {big_r['threads']} threads): run {big_r['run_w1_wps']:.0f} words/s vs bare "
        f"{big_r['bare_wps_wall']:.0f} words/s = {big_r['ratio_w1_vs_bare']:.2f}x (target >= 0.8); "
        f"--workers 2 = {big_r['speedup_w2']:.2f}x one worker (target >= 1.6; bare spaCy in two "
        f"processes {big_r['bare_two_process_speedup']:.2f}x one); "
        f"peak memory {small['peak_rss_w1_mb']:.0f} MB (N) -> {big_r['peak_rss_w1_mb']:.0f} MB (10·N) "
        f"= {mem:.2f}x (target <= 1.5); re-run {100 * big_r['rerun_fraction']:.1f}% (target < 10%)"
    )
    results["memory_ratio_10n_vs_n"] = {
        "w1": mem,
        "w2": big_r["peak_rss_w2_mb"] / small["peak_rss_w2_mb"],
    }
    if args.keep is not None:
        (work / "results.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
        print(f"results: {work / 'results.json'}")
    return results


if __name__ == "__main__":
    main()

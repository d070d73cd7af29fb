"""Stance benchmark: the shipped models vs the keyword + TextBlob baseline, in one run.

The shipped models are the default (``model``) and, where the sentence
encoder is installed, the one that also reads sentence vectors (``encoder``,
``[stance] model = "encoder"``); ``--model PATH`` scores one model file instead.

Scores (F-avg, and per frame (F1 favor + F1 against) / 2) on

* ``dev``          the dev split of corpus/annotated (written sentences + seed gold),
* ``dev-written``  the dev split without the seed thread,
* ``seed``         the seed thread's gold (corpus/annotated/guatemala-post.gold.jsonl),
* ``heldout``      corpus/annotated/heldout.jsonl: 396 sentences written and labelled
                   by an annotator who read only ANNOTATION.md, never trained on
                   (the data card says how it was made),
* ``threads``      corpus/annotated/heldout-threads.jsonl: 2,891 sentences of 48 comment
                   threads, labelled as read in their thread (most positions there
                   are plain only in context), written the same way; read in their
                   threads by a model with a context reader (the ``encoder`` model),
                   as ``discourse eval`` and a run read them (so is ``seed``),
* ``ukp``          an outside file (default ``../shared/eval/ukp-val.jsonl`` next to the
                   repository; skipped with a message if absent). Only its labelled
                   frames (legalization, arms_control) are scored.

Outside data is for measuring only: it is read here, never trained or tuned
on, and never copied into the project.

Usage::

    .venv/bin/python benchmarks/stance.py [--model PATH|builtin|encoder] [--ukp PATH | --no-ukp]
                                          [--json OUT.json] [--confusion]
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from discourse.nlp import load_nlp
from discourse.stance.baseline import KeywordSentimentBaseline
from discourse.stance.corpus import (
    HELDOUT,
    HELDOUT_THREADS,
    SEED_GOLD,
    annotated_dir,
    find_root,
    load_corpus,
    read_gold,
)
from discourse.stance.evaluate import EvalReport, calibration_error, evaluate
from discourse.stance.frames import FRAME_NAMES

ROOT = find_root(Path(__file__).resolve().parents[1])
DEFAULT_UKP = ROOT.parent / "shared" / "eval" / "ukp-val.jsonl"


def load_model(path: Path | None) -> Any:
    """The shipped stance classifier (or the .skops file at ``path``), or ``None`` if absent."""
    try:
        from discourse.stance import load_model as load_stance_model
    except ImportError as err:
        print(f"model: not available ({err})", file=sys.stderr)
        return None
    try:
        return load_stance_model(path)
    except (OSError, ValueError) as err:
        print(f"model: could not load ({err})", file=sys.stderr)
        return None


def datasets(ukp: Path | None) -> dict[str, pd.DataFrame]:
    """The gold tables to score, by name."""
    dev = load_corpus("dev", root=ROOT)
    seed_source = SEED_GOLD.removesuffix(".jsonl")
    out = {
        "dev": dev,
        "dev-written": dev[dev["source"] != seed_source].reset_index(drop=True),
        "seed": read_gold(annotated_dir(ROOT) / SEED_GOLD, frames=FRAME_NAMES),
        "heldout": read_gold(annotated_dir(ROOT) / HELDOUT, frames=FRAME_NAMES),
        "threads": read_gold(annotated_dir(ROOT) / HELDOUT_THREADS, frames=FRAME_NAMES),
    }
    if ukp is not None and ukp.is_file():
        out["ukp"] = read_gold(ukp, frames=FRAME_NAMES)
    elif ukp is not None:
        print(f"ukp: {ukp} not found; skipped", file=sys.stderr)
    return out


def in_threads(gold: pd.DataFrame, docs: list[Any]) -> Any:
    """What a model reads of ``gold``: its parsed ``docs``, and for a file labelled
    in its threads a DataFrame of them with each sentence's ``post`` and ``parent``
    (read in their threads by a model with a context reader)."""
    if "post" not in gold.columns:
        return docs
    column = np.empty(len(docs), dtype=object)
    for i, doc in enumerate(docs):  # not np.asarray: a Doc is a sequence of tokens
        column[i] = doc
    return pd.DataFrame({"text": column, "post": gold["post"], "parent": gold.get("parent")})


def run(model_path: Path | None = None, ukp: Path | None = DEFAULT_UKP) -> dict[str, Any]:
    """Score every system on every dataset; returns ``{dataset: {system: summary}}``."""
    nlp = load_nlp()
    systems: dict[str, Any] = {"baseline": KeywordSentimentBaseline().fit()}
    model = load_model(model_path)
    if model is not None:
        systems = {"model": model, **systems}
    if model_path is None:  # the shipped models side by side: the default and "encoder"
        from discourse.encoder import encoder_available

        encoder = load_model(Path("encoder")) if encoder_available() else None
        if encoder is not None:
            systems = {"model": systems.pop("model", None), "encoder": encoder, **systems}
            systems = {k: v for k, v in systems.items() if v is not None}
    results: dict[str, Any] = {}
    for name, gold in datasets(ukp).items():
        docs = list(nlp.pipe(gold["text"], batch_size=64))
        results[name] = {"n": len(gold)}
        for system, clf in systems.items():
            start = time.perf_counter()
            pred = clf.predict(in_threads(gold, docs)).reset_index(drop=True)
            seconds = time.perf_counter() - start
            report: EvalReport = evaluate(gold.reset_index(drop=True), pred)
            summary = report.to_dict()
            summary["ms_per_sentence"] = round(1000 * seconds / max(len(gold), 1), 3)
            if hasattr(clf, "predict_proba"):  # are its scores probabilities one can read as such?
                proba = clf.predict_proba(in_threads(gold, docs))
                g = gold.reset_index(drop=True)
                summary["ece"] = calibration_error(g, proba)
                summary["ece_sides"] = calibration_error(g, proba, sides_only=True)
            summary["report"] = report
            results[name][system] = summary
    return results


def holders() -> dict[str, int]:
    """:func:`~discourse.stance.tagger.holder_agreement` over every written sentence
    (train and dev: the holder search is rules, not learned from the corpus)."""
    from discourse.stance.tagger import holder_agreement

    seed_source = SEED_GOLD.removesuffix(".jsonl")
    gold = pd.concat([load_corpus(split, root=ROOT) for split in ("train", "dev")])
    gold = gold[gold["source"] != seed_source].reset_index(drop=True)
    return holder_agreement(gold, list(load_nlp().pipe(gold["text"], batch_size=64)))


def holder_line(counts: dict[str, int]) -> str:
    """One line: the writer's own positions and reported ones given the right holder."""

    def pct(k: int, n: int) -> str:
        return f"{k}/{n} = {k / n:.1%}" if n else "n/a"

    return (
        "holders (written corpus, sentences taking a side):"
        f" own {pct(counts['own_right'], counts['own'])};"
        f" reported exact {pct(counts['reported_exact'], counts['reported'])},"
        f" up to case or containment {pct(counts['reported_loose'], counts['reported'])}"
    )


def table(results: dict[str, Any]) -> str:
    """Plain-text table: one row per dataset × system; F-avg and per-frame scores."""
    header = (
        f"{'dataset':<12}{'system':<10}{'n':>5}{'F-avg':>8}"
        + "".join(f"{f[:12]:>14}" for f in FRAME_NAMES)
        + f"{'ECE':>7}{'ECE±':>7}"
    )
    lines = [header, "-" * len(header)]
    for name, res in results.items():
        for system, summary in res.items():
            if system == "n":
                continue
            cells = []
            for frame in FRAME_NAMES:
                score = summary["frames"].get(frame, {}).get("f_avg")
                cells.append(f"{'n/a' if score is None else f'{score:.3f}':>14}")
            f_avg = summary["f_avg"]
            lines.append(
                f"{name:<12}{system:<10}{res['n']:>5}"
                f"{'n/a' if f_avg is None else f'{f_avg:.3f}':>8}"
                + "".join(cells)
                + "".join(
                    f"{'' if summary.get(k) is None else f'{summary[k]:.3f}':>7}"
                    for k in ("ece", "ece_sides")
                )
            )
    lines.append("per frame: (F1 favor + F1 against) / 2; n/a = frame not labelled in that file")
    lines.append(
        "ECE: expected calibration error of the predicted label's score (10 bins), over every"
        " labelled pair; ECE±: over the pairs predicted favor or against"
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--model",
        type=Path,
        help="score this model instead: a .skops file, or a shipped one by name (builtin, "
        "encoder); default: both shipped models side by side",
    )
    parser.add_argument(
        "--ukp",
        type=Path,
        default=None,
        help=f"outside eval file (default {DEFAULT_UKP}, skipped with a message when absent; "
        "a file named here must exist)",
    )
    parser.add_argument("--no-ukp", action="store_true", help="skip the outside file")
    parser.add_argument("--json", type=Path, help="also write the results here as JSON")
    parser.add_argument(
        "--confusion", action="store_true", help="print each system's full report too"
    )
    args = parser.parse_args(argv)
    if args.ukp is not None and not args.no_ukp and not args.ukp.is_file():
        parser.error(f"--ukp {args.ukp}: no such file")
    if args.model is not None and load_model(args.model) is None:  # it says why
        parser.error(f"--model {args.model}: could not be loaded")
    # the table marks unlabelled frames n/a; no need for one [W230] line per file and frame
    logging.getLogger("discourse.stance.evaluate").setLevel(logging.ERROR)
    results = run(args.model, None if args.no_ukp else (args.ukp or DEFAULT_UKP))
    print(table(results))
    holder_counts = holders()
    print(holder_line(holder_counts))
    if args.confusion:
        for name, res in results.items():
            for system, summary in res.items():
                if system != "n":
                    print(f"\n== {name} / {system}\n{summary['report'].format()}")
    if args.json:
        clean: dict[str, Any] = {
            name: {
                k: (
                    {kk: vv for kk, vv in v.items() if kk != "report"} if isinstance(v, dict) else v
                )
                for k, v in res.items()
            }
            for name, res in results.items()
        }
        clean["holders"] = holder_counts
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(clean, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

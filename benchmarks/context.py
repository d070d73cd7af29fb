"""Context benchmark: does reading a sentence's thread help the stance decision?

Most positions in real comment threads are plain only in context ("This.",
"No thanks.", an anecdote inside an argued comment). This script measures
ways of reading the thread — how the reader the ``encoder`` model ships with
(``compact``, ``--fill``, C = 3) was chosen: a
*context reader* (:class:`discourse.stance.context.ContextReader`), per
frame a multinomial logistic regression over a shipped model's log-odds for
the sentence and what its thread says around it (``--features``: ``full``,
the context as mean vectors of the sentence before, the post answered and
the rest of the post; ``compact``, the context as the strongest sides there,
the sentence before's log-odds and a few similarities and flags; ``own``, the
log-odds only, a control; ``blind``, log-odds and the sentence's vector;
``sides``, compact without vectors).
With ``--fill`` the reader only fills the model's ``none``.

It is trained on the training threads (``corpus/annotated/written/context_threads.jsonl``,
48 threads labelled in context, not part of the stance split), with ``C``
chosen by 3-fold cross-validation over those threads (``GroupKFold``: no
thread is both fitted and scored), then scored on the held-out threads
(``corpus/annotated/heldout-threads.jsonl``) and on the seed thread, each read
in its threads, beside the shipped model alone. Nothing here is fitted or
tuned on the held-out threads or the seed.

Needs the sentence encoder (as the ``encoder`` model does). About 5 to 15 minutes
on two cores. Usage::

    .venv/bin/python benchmarks/context.py [--c 0.3 1.0 3.0] [--features full|compact|own|blind|sides]
        [--model builtin|encoder] [--fill]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd
from sklearn.base import clone

from discourse.stance import evaluate, load_model, read_gold
from discourse.stance.context import CONTEXT_FEATURES, ContextReader
from discourse.stance.corpus import (
    CONTEXT_THREADS,
    HELDOUT_THREADS,
    SEED_GOLD,
    annotated_dir,
    find_root,
)
from discourse.stance.frames import FRAME_NAMES

ROOT = find_root(Path(__file__).resolve().parents[1])
FRAMES = list(FRAME_NAMES)


class Context:
    """The sentences of some threads, read once: the reader's columns and the model's labels."""

    def __init__(self, gold: pd.DataFrame, reader: ContextReader, model: object) -> None:
        self.gold = gold.reset_index(drop=True)
        self.matrix, self.labels = reader.read(self.gold, model)


def f_avg(gold: pd.DataFrame, pred: pd.DataFrame) -> float:
    return float(evaluate(gold.reset_index(drop=True), pred.reset_index(drop=True)).f_avg)


def cross_validate(train: Context, reader: ContextReader, folds: int = 3) -> float:
    """F-avg of ``reader`` over ``folds`` folds of the training threads (``GroupKFold``:
    no thread is both fitted and scored)."""
    from sklearn.model_selection import GroupKFold

    pred = pd.DataFrame(index=range(len(train.gold)), columns=FRAMES, dtype=object)
    split = GroupKFold(folds).split(train.matrix, groups=train.gold["thread"])
    for fit_rows, score_rows in split:
        fold = clone(reader).fit_matrix(train.matrix[fit_rows], train.gold.iloc[fit_rows], FRAMES)
        pred.iloc[score_rows] = fold.decide(
            train.matrix[score_rows], train.labels.iloc[score_rows]
        ).to_numpy()
    return f_avg(train.gold, pred)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--c", type=float, nargs="+", default=[0.3, 1.0, 3.0])
    parser.add_argument(
        "--features",
        choices=CONTEXT_FEATURES,
        default="full",
        help="the reader's columns (discourse.stance.reading): full, compact (the context as a few "
        "numbers), own (the model's log-odds only), blind (log-odds and vector, no context) or "
        "sides (compact without vectors)",
    )
    parser.add_argument(
        "--model",
        choices=["builtin", "encoder"],
        default="encoder",
        help="the shipped model whose reading the reader starts from (builtin: the default)",
    )
    parser.add_argument(
        "--fill",
        action="store_true",
        help="let the reader only fill the model's 'none' (a side the model gives is kept)",
    )
    args = parser.parse_args(argv)
    from discourse.encoder import encoder_available

    if not encoder_available():
        print(
            "the sentence encoder is not installed: see README, the encoder model", file=sys.stderr
        )
        return 1
    start = time.perf_counter()
    folder = annotated_dir(ROOT)
    model = load_model(args.model)
    how = args.features
    reader = ContextReader(args.model, features=how, fill=args.fill)
    train = Context(read_gold(folder / CONTEXT_THREADS, frames=FRAMES), reader, model)
    heldout = Context(read_gold(folder / HELDOUT_THREADS, frames=FRAMES), reader, model)
    seed = Context(read_gold(folder / SEED_GOLD, frames=FRAMES), reader, model)
    print(f"encoded in {time.perf_counter() - start:.0f} s")
    scores = {c: cross_validate(train, clone(reader).set_params(C=c)) for c in args.c}
    for c, score in scores.items():
        print(f"C={c}: 3-fold CV over the training threads {score:.3f}")
    best = max(scores, key=lambda c: scores[c])
    fitted = clone(reader).set_params(C=best).fit_matrix(train.matrix, train.gold, FRAMES)
    print(
        f"\nC={best} (best by CV), fitted on all {train.gold['thread'].nunique()} training threads"
    )
    column = f"+ reader ({how}{', fill' if args.fill else ''})"
    print(f"{'dataset':<18}{'n':>6}{args.model + ' model':>15}{column:>27}")
    for name, data in (("held-out threads", heldout), ("seed thread", seed)):
        shipped = f_avg(data.gold, data.labels)
        read = f_avg(data.gold, fitted.decide(data.matrix, data.labels))
        print(f"{name:<18}{len(data.gold):>6}{shipped:>15.3f}{read:>27.3f}")
    print(f"\n{time.perf_counter() - start:.0f} s in all")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

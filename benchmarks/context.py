"""Context benchmark: does reading a sentence's thread help the stance decision?

Most positions in real comment threads are plain only in context ("This.",
"No thanks.", an anecdote inside an argued comment). This script measures
one way of reading the thread, an experiment, not a shipped model: a
*context reader*, per frame a multinomial logistic regression over

* the shipped ``encoder`` model's log-odds of favor and of against for the
  sentence (its own reading, every frame),
* the sentence's vector (the ``encoder`` model's all-MiniLM-L6-v2),
* its context's vectors: the sentence before it in its post, the rest of its
  post and the post it answers (means; zeros where there is none),
* the strongest favor and against the shipped model gives, per frame, in the
  rest of the post and in the post answered,

trained on the training threads (``corpus/annotated/written/context_threads.jsonl``,
48 threads labelled in context, not part of the stance split), with ``C``
chosen by 3-fold cross-validation over those threads (``GroupKFold``: no
thread is both fitted and scored), then scored on the held-out threads
(``corpus/annotated/heldout-threads.jsonl``) and on the seed thread, each read
in its threads, beside the shipped ``encoder`` model alone. Nothing here is
fitted or tuned on the held-out threads or the seed.

Needs the sentence encoder (as the ``encoder`` model does). About 10 minutes
on two cores. Usage::

    .venv/bin/python benchmarks/context.py [--c 0.3 1.0 3.0] [--no-context]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

from discourse.stance import evaluate, load_model, read_gold
from discourse.stance.corpus import (
    CONTEXT_THREADS,
    HELDOUT_THREADS,
    SEED_GOLD,
    annotated_dir,
    find_root,
)
from discourse.stance.frames import FRAME_NAMES, LABELS

ROOT = find_root(Path(__file__).resolve().parents[1])
FRAMES = list(FRAME_NAMES)
_FAVOR, _AGAINST, _NONE = (LABELS.index(label) for label in ("favor", "against", "none"))


def seed_in_threads(seed: pd.DataFrame) -> pd.DataFrame:
    """The seed gold with ``post`` and ``parent`` from its ids (``thread/utterance/sNN``):
    the comments answer the article (the page dump shows no deeper replies)."""
    seed = seed.copy()
    seed["post"] = seed["id"].map(lambda i: i.rsplit("/", 1)[0])
    seed["thread"] = "seed"
    article = next(p for p in seed["post"] if p.endswith("/article"))
    seed["parent"] = seed["post"].map(lambda p: None if p == article else article)
    return seed


class Context:
    """The sentences of some threads with the shipped model's reading and their vectors."""

    def __init__(
        self, gold: pd.DataFrame, model: object, encoder: object, context: bool = True
    ) -> None:
        self.gold = gold.reset_index(drop=True)
        self.context = context
        texts = list(self.gold["text"])
        self.probs: dict[str, np.ndarray] = model.proba_arrays(model.analyse(texts))  # type: ignore[attr-defined]
        self.vectors: np.ndarray = encoder.encode(texts)  # type: ignore[attr-defined]
        self.matrix = self._matrix()

    def _matrix(self) -> np.ndarray:
        vec, n = self.vectors, len(self.gold)
        own = np.hstack(
            [
                np.log(self.probs[f][:, [_FAVOR, _AGAINST]] + 1e-4)
                - np.log(self.probs[f][:, [_NONE]] + 1e-4)
                for f in FRAMES
            ]
        )
        # the log-odds weighted up against the vector columns
        if not self.context:  # the ablation: the same reader, blind to the thread
            return np.hstack([3 * own, vec])
        posts = list(self.gold["post"])
        parents = list(self.gold["parent"])
        members: dict[str, list[int]] = {}
        for i, post in enumerate(posts):
            members.setdefault(post, []).append(i)
        before, rest, answered = (np.zeros_like(vec) for _ in range(3))
        sides = np.zeros((n, 4 * len(FRAMES)))
        for i in range(n):
            mine = members[posts[i]]
            k = mine.index(i)
            others = [j for j in mine if j != i]
            parent = parents[i]
            theirs = members.get(parent, []) if isinstance(parent, str) else []
            if k:
                before[i] = vec[mine[k - 1]]
            if others:
                rest[i] = vec[others].mean(axis=0)
            if theirs:
                answered[i] = vec[theirs].mean(axis=0)
            for a, frame in enumerate(FRAMES):
                p = self.probs[frame]
                for b, js in enumerate((theirs, others)):
                    if js:
                        sides[i, 4 * a + 2 * b : 4 * a + 2 * b + 2] = p[js][
                            :, [_FAVOR, _AGAINST]
                        ].max(axis=0)
        return np.hstack([3 * own, vec, before, answered, rest, sides])

    def shipped(self) -> pd.DataFrame:
        """The shipped model's own labels."""
        return pd.DataFrame({f: np.asarray(LABELS)[self.probs[f].argmax(axis=1)] for f in FRAMES})


def fit(matrix: np.ndarray, gold: pd.DataFrame, c: float) -> dict[str, object]:
    from sklearn.linear_model import LogisticRegression

    return {f: LogisticRegression(C=c, max_iter=3000).fit(matrix, gold[f]) for f in FRAMES}


def predict(models: dict[str, object], matrix: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({f: models[f].predict(matrix) for f in FRAMES})  # type: ignore[attr-defined]


def f_avg(gold: pd.DataFrame, pred: pd.DataFrame) -> float:
    return float(evaluate(gold.reset_index(drop=True), pred.reset_index(drop=True)).f_avg)


def cross_validate(train: Context, c: float, folds: int = 3) -> float:
    """F-avg of the context reader over ``folds`` folds of the training threads."""
    from sklearn.model_selection import GroupKFold

    pred = pd.DataFrame(index=range(len(train.gold)), columns=FRAMES, dtype=object)
    split = GroupKFold(folds).split(train.matrix, groups=train.gold["thread"])
    for fit_rows, score_rows in split:
        models = fit(train.matrix[fit_rows], train.gold.iloc[fit_rows], c)
        pred.iloc[score_rows] = predict(models, train.matrix[score_rows]).to_numpy()
    return f_avg(train.gold, pred)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--c", type=float, nargs="+", default=[0.3, 1.0, 3.0])
    parser.add_argument(
        "--no-context",
        action="store_true",
        help="the ablation: the sentence's own reading and vector only, no context columns",
    )
    args = parser.parse_args(argv)
    from discourse.encoder import encoder_available, load_encoder

    if not encoder_available():
        print(
            "the sentence encoder is not installed: see README, the encoder model", file=sys.stderr
        )
        return 1
    start = time.perf_counter()
    folder = annotated_dir(ROOT)
    # the encoder the model reads with, loaded once (its cache shared)
    model, encoder = load_model("encoder"), load_encoder()
    ctx = not args.no_context
    train = Context(read_gold(folder / CONTEXT_THREADS, frames=FRAMES), model, encoder, ctx)
    heldout = Context(read_gold(folder / HELDOUT_THREADS, frames=FRAMES), model, encoder, ctx)
    seed_gold = seed_in_threads(read_gold(folder / SEED_GOLD, frames=FRAMES))
    seed = Context(seed_gold, model, encoder, ctx)
    print(f"encoded in {time.perf_counter() - start:.0f} s")
    scores = {c: cross_validate(train, c) for c in args.c}
    for c, score in scores.items():
        print(f"C={c}: 3-fold CV over the training threads {score:.3f}")
    best = max(scores, key=lambda c: scores[c])
    models = fit(train.matrix, train.gold, best)
    print(
        f"\nC={best} (best by CV), fitted on all {train.gold['thread'].nunique()} training threads"
    )
    reader = "+ context reader" if ctx else "+ reader, blind"
    print(f"{'dataset':<18}{'n':>6}{'encoder model':>15}{reader:>18}")
    for name, data in (("held-out threads", heldout), ("seed thread", seed)):
        shipped = f_avg(data.gold, data.shipped())
        read = f_avg(data.gold, predict(models, data.matrix))
        print(f"{name:<18}{len(data.gold):>6}{shipped:>15.3f}{read:>18.3f}")
    print(f"\n{time.perf_counter() - start:.0f} s in all")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

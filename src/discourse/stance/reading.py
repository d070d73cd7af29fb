"""A stance model's decisions read again with each sentence's thread, without scikit-learn.

Many positions in a comment thread are plain only in context: "This.",
"No thanks.", an anecdote offered as evidence inside an argued comment. A
sentence model cannot see that. A *context reader* takes the model's
reading of each sentence, adds what the thread says around it (the columns
of :func:`context_matrix`) and decides each frame again with a multinomial
logistic regression per frame.

This module is what a run applies (no scikit-learn: a compiled model's
readers are :class:`~discourse.stance.runtime.Linear` stand-ins);
:class:`discourse.stance.context.ContextReader` is the scikit-learn estimator
that fits the readers, and ``discourse train`` attaches them to a model as its
``context_`` (:func:`read_in_context` reads it).

Sentences are given in thread order with ``posts`` (the id of the article or
comment each belongs to) and ``parents`` (the id of the post it answers;
``None`` for the article). The column sets (``features``):

* ``compact`` (the shipped one): the model's log-odds of favor and of against
  against ``none`` for every frame, the sentence's vector (the sentence
  encoder, all-MiniLM-L6-v2), the strongest favor and against the model
  gives in the post answered and in the rest of the sentence's post, the
  log-odds of the sentence before it, the sentence's cosine similarity to
  the post answered, to the rest of its post and to the sentence before,
  and flags for a reply, a sentence of four words or fewer and an article
  sentence;
* ``full`` (the first reader): the log-odds, the sentence's vector, the
  strongest sides, and the context as vectors — the sentence before's and
  the means of the post answered and of the rest of the post;
* ``own``: the model's log-odds only (a control: what the training labels
  do to the model's thresholds alone);
* ``blind``: the log-odds and the sentence's vector, no context;
* ``sides``: ``compact`` without vectors — the log-odds, the strongest sides
  around, the sentence before's log-odds and the three flags (no sentence
  encoder needed, as for a model that does not read vectors).

With ``fill`` the reader only fills the model's ``none``: a side the model
gives is kept (on real threads the models' sides are mostly right, their
misses many; docs/stance-experiments.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import Errors
from .frames import LABELS
from .runtime import in_label_order

#: The reader's column sets (see the module docstring).
CONTEXT_FEATURES = ("compact", "full", "own", "blind", "sides")
#: The column sets read without sentence vectors (no sentence encoder needed).
WITHOUT_VECTORS = frozenset({"own", "sides"})
#: Weight of the model's log-odds against the vector columns.
OWN_WEIGHT = 3.0
#: A sentence of at most this many words is flagged short ("This.", "No thanks.").
SHORT_WORDS = 4

_FAVOR, _AGAINST, _NONE = (LABELS.index(label) for label in ("favor", "against", "none"))


def _is_id(value: Any) -> bool:
    """A post id, not a null (None or NaN) read from JSON Lines."""
    return isinstance(value, str) and bool(value)


def log_odds(probs: Mapping[str, np.ndarray], frames: Sequence[str]) -> np.ndarray:
    """Per frame, log P(favor) / P(none) and log P(against) / P(none): ``(n, 2 × frames)``."""
    return np.hstack(
        [
            np.log(probs[f][:, [_FAVOR, _AGAINST]] + 1e-4) - np.log(probs[f][:, [_NONE]] + 1e-4)
            for f in frames
        ]
    )


@dataclass(frozen=True)
class PostContext:
    """Where one sentence stands in its thread: the sentence before it in its post
    (``None`` for a post's first), the other sentences of its post, the
    sentences of the post it answers, and whether it is an article sentence
    (a post answering none)."""

    before: int | None
    others: list[int]
    answered: list[int]
    article: bool


def post_contexts(
    n: int, posts: Sequence[Any] | None = None, parents: Sequence[Any] | None = None
) -> list[PostContext]:
    """The :class:`PostContext` of each of ``n`` sentences in thread order.

    A sentence without a post id (None, NaN: a standalone line among threaded
    ones) is its own post, not one post with every other such sentence, and
    no article sentence.
    """
    given = list(posts) if posts is not None else [None] * n
    post_ids = [str(p) if _is_id(p) else f"\0{i}" for i, p in enumerate(given)]
    parent_ids = list(parents) if parents is not None else [None] * n
    members: dict[str, list[int]] = {}
    for i, post in enumerate(post_ids):
        members.setdefault(post, []).append(i)
    out = []
    for i in range(n):
        mine = members[post_ids[i]]
        k = mine.index(i)
        parent = parent_ids[i]
        out.append(
            PostContext(
                before=mine[k - 1] if k else None,
                others=[j for j in mine if j != i],
                answered=members.get(str(parent), []) if _is_id(parent) else [],
                article=_is_id(given[i]) and not _is_id(parent),
            )
        )
    return out


def context_matrix(
    probs: Mapping[str, np.ndarray],
    frames: Sequence[str],
    texts: Sequence[str],
    posts: Sequence[Any] | None = None,
    parents: Sequence[Any] | None = None,
    vectors: np.ndarray | None = None,
    features: str = "compact",
) -> np.ndarray:
    """The reader's columns for sentences in thread order (see the module docstring).

    ``probs`` are a stance model's probabilities per frame (``proba_arrays``),
    ``posts`` and ``parents`` each sentence's post id and the id of the post
    it answers (None: standalone sentences, each its own post). ``vectors``
    (unit-length sentence vectors) are needed by every column set but ``own``.
    """
    if features not in CONTEXT_FEATURES:
        raise ValueError(Errors.E262.format(name=features, known=", ".join(CONTEXT_FEATURES)))
    n = len(texts)
    own = log_odds(probs, frames)
    if features == "own":
        return OWN_WEIGHT * own
    if vectors is None and features not in WITHOUT_VECTORS:
        raise ValueError(Errors.E263.format(features=features))
    vec = np.asarray(vectors, dtype=np.float64) if vectors is not None else np.zeros((n, 1))
    if features == "blind":
        return np.hstack([OWN_WEIGHT * own, vec])
    before, rest, answered = (np.zeros_like(vec) for _ in range(3))
    sides = np.zeros((n, 4 * len(frames)))
    previous = np.zeros_like(own)
    # cosine to the post answered, the rest of the post, the sentence before;
    # a reply; a short sentence; an article sentence (no parent)
    numbers = np.zeros((n, 6))
    for i, where in enumerate(post_contexts(n, posts, parents)):
        if where.before is not None:
            before[i] = vec[where.before]
            previous[i] = own[where.before]
        if where.others:
            rest[i] = vec[where.others].mean(axis=0)
        if where.answered:
            answered[i] = vec[where.answered].mean(axis=0)
        for a, frame in enumerate(frames):
            p = probs[frame]
            for b, js in enumerate((where.answered, where.others)):
                if js:
                    sides[i, 4 * a + 2 * b : 4 * a + 2 * b + 2] = p[js][:, [_FAVOR, _AGAINST]].max(
                        axis=0
                    )
        if vectors is not None:
            numbers[i, :3] = [float(vec[i] @ part[i]) for part in (answered, rest, before)]
        numbers[i, 3] = bool(where.answered)
        numbers[i, 4] = len(str(texts[i]).split()) <= SHORT_WORDS
        numbers[i, 5] = where.article
    if features == "sides":
        return np.hstack([OWN_WEIGHT * own, sides, previous, numbers[:, 3:]])
    if features == "compact":
        return np.hstack([OWN_WEIGHT * own, vec, sides, previous, numbers])
    return np.hstack([OWN_WEIGHT * own, vec, before, answered, rest, sides])


def reread(
    readers: Mapping[str, Any],
    matrix: np.ndarray,
    labels: Mapping[str, np.ndarray],
    fill: bool,
) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Per frame, the labels after reading, and per frame of ``readers`` the readers'
    probabilities (``(n, 3)``, :data:`LABELS` order), from the columns of
    :func:`context_matrix` and the model's own ``labels`` (a frame without a
    reader keeps them); with ``fill`` a side the model gives is kept."""
    names = np.asarray(LABELS, dtype=object)
    decided, probs = dict(labels), {}
    for frame, est in readers.items():
        p = in_label_order(est, np.asarray(est.predict_proba(matrix)))
        read = names[p.argmax(axis=1)]
        own = np.asarray(labels[frame], dtype=object)
        decided[frame] = np.where(own != "none", own, read) if fill else read
        probs[frame] = p
    return decided, probs


@dataclass(frozen=True)
class ThreadReading:
    """What a model's context reader made of some sentences: per frame it reads,
    its probabilities (``(n, 3)``, :data:`LABELS` order) and where it gave
    another label than the model's own (with ``fill``: a side where the model
    saw ``none``), whose score is then the reader's."""

    probs: dict[str, np.ndarray]
    changed: dict[str, np.ndarray]


def read_in_context(
    context: Mapping[str, Any],
    probs: Mapping[str, np.ndarray],
    labels: Mapping[str, np.ndarray],
    texts: Sequence[str],
    posts: Sequence[Any],
    parents: Sequence[Any] | None = None,
) -> tuple[dict[str, np.ndarray], ThreadReading]:
    """:func:`reread` with a fitted model's ``context_`` (``frames``: those its
    columns read, ``features``, ``fill``, ``readers``: a fitted reader per
    frame it reads again), the sentence vectors computed here (the sentence
    encoder's; its cache holds them when the model read them too): each
    frame's labels, and what the reader changed."""
    features = str(context["features"])
    vectors = None
    if features not in WITHOUT_VECTORS and texts:
        from ..encoder import load_encoder

        vectors = load_encoder().encode(list(texts)).astype(np.float64)
    frames = list(context["frames"])
    matrix = context_matrix(probs, frames, texts, posts, parents, vectors, features)
    decided, read = reread(context["readers"], matrix, labels, bool(context["fill"]))
    changed = {f: decided[f] != np.asarray(labels[f], dtype=object) for f in read}
    return decided, ThreadReading(read, changed)


def strongest_in_context(probs: np.ndarray, label: str, where: PostContext) -> int | None:
    """The sentence of the post answered or of the rest of the post giving ``label``
    the highest probability in ``probs`` (one frame's, ``(n, 3)``): where a side
    the reader filled in came from. ``None`` when the sentence has no context."""
    js = [*where.answered, *where.others]
    if not js:
        return None
    column = probs[js, LABELS.index(label)]
    return js[int(column.argmax())]

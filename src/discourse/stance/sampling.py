"""Pick sentences of analysed threads for a person to label: the route to real training data.

The shipped model is trained on sentences written for the project; it scores
0.73 F-avg on their dev split but 0.54 on the seed thread's real comments.
What closes that gap is labelled *real* sentences, and the cheapest ones to
label are those the model is least sure of. :func:`sample_sentences` picks
them from the ``segments`` and ``stances`` tables of a run (pandas in, pandas
out, for notebooks); :func:`write_sample` writes them as a gold file with the
four frames left ``null`` for the annotator (or prefilled and marked
``"checked": false`` until a person has checked them), the model's guesses and the
neighbouring sentences beside them (ANNOTATION.md: read the surrounding text
to resolve pronouns and sarcasm). Files labelled in
``corpus/annotated/labelled/`` join the train/dev split at the next
``discourse corpus split`` (:func:`discourse.stance.corpus.build_split`).

Strategies:

* ``uncertain`` — least confident first: ``1 − min over frames of the
  score of the predicted label`` (uncertainty sampling);
* ``positions`` — sentences the reports show as taking a side, least
  confident first: checks what analysts read;
* ``random`` — a uniform sample (seeded): an unbiased estimate of accuracy.

Sentences shorter than ``min_words``, repeated texts and sentences already in
the annotated corpus (same id or same text) are skipped; no thread gives more
than ``per_thread`` sentences while others still have candidates, so one long
thread cannot fill the sample.
"""

from __future__ import annotations

import logging
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import Errors, Warnings
from .corpus import CHECKED, LABELLED_DIR
from .frames import FRAME_NAMES

log = logging.getLogger(__name__)
#: Selection strategies of :func:`sample_sentences`.
STRATEGIES: tuple[str, ...] = ("uncertain", "positions", "random")
#: Columns of the frame :func:`sample_sentences` returns, before the per-frame ones.
SAMPLE_COLUMNS: tuple[str, ...] = (
    "id",
    "text",
    "thread_id",
    "speaker",
    "kind",
    "before",
    "after",
    "uncertainty",
)


def _model_columns(stances: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Per segment: predicted label and its score, one column per frame (shipped frames first)."""
    found = list(dict.fromkeys(stances["frame"]))
    frames = [f for f in FRAME_NAMES if f in found] + [f for f in found if f not in FRAME_NAMES]
    rows = stances.drop_duplicates(["segment_id", "frame"], keep="first")
    labels = rows.pivot(index="segment_id", columns="frame", values="label")[frames]
    scores = rows.pivot(index="segment_id", columns="frame", values="score")[frames]
    return labels, scores.astype(float), frames


def _neighbours(segments: pd.DataFrame) -> tuple[list[str], list[str]]:
    """The sentence before and after each segment in its utterance ("" at the edges)."""
    before, after = [""] * len(segments), [""] * len(segments)
    order = segments.assign(_row=np.arange(len(segments))).sort_values(
        ["utterance_id", "index"], kind="stable"
    )
    rows, utts, texts = order["_row"].to_numpy(), order["utterance_id"].to_numpy(), order["text"]
    texts = texts.to_numpy()
    for k in range(len(rows)):
        if k > 0 and utts[k - 1] == utts[k]:
            before[rows[k]] = str(texts[k - 1])
        if k + 1 < len(rows) and utts[k + 1] == utts[k]:
            after[rows[k]] = str(texts[k + 1])
    return before, after


def _capped(order: Sequence[int], threads: Sequence[str], n: int, cap: int) -> list[int]:
    """The first ``n`` of ``order`` taking at most ``cap`` per thread, then the rest in order."""
    taken: list[int] = []
    per: Counter[str] = Counter()
    left = []
    for i in order:
        if len(taken) == n:
            break
        if per[threads[i]] < cap:
            taken.append(i)
            per[threads[i]] += 1
        else:
            left.append(i)
    taken += left[: n - len(taken)]
    return taken


def sample_sentences(
    segments: pd.DataFrame,
    stances: pd.DataFrame,
    n: int = 200,
    strategy: str = "uncertain",
    *,
    seed: int = 0,
    per_thread: int | None = None,
    min_words: int = 4,
    exclude_ids: Iterable[str] = (),
    exclude_texts: Iterable[str] = (),
) -> pd.DataFrame:
    """Up to ``n`` sentences to label, in reading order (thread by thread).

    ``segments`` and ``stances`` are the tables of the store (or of
    :func:`discourse.analyse`). Columns: :data:`SAMPLE_COLUMNS`, then
    ``model:<frame>`` (the predicted label) and ``score:<frame>`` for every
    frame in ``stances``. ``per_thread`` defaults to twice an even share of
    ``n`` (at least 3). ``exclude_texts`` are compared after
    :func:`~discourse.stance.corpus.normalise_text`. Raises ``ValueError``:
    ``[E246]`` for an unknown strategy or ``n`` < 1, ``[E247]`` when a
    strategy that ranks by the model's scores finds no stances.
    """
    from .corpus import normalise_text

    if strategy not in STRATEGIES or n < 1:
        raise ValueError(Errors.E246.format(strategy=strategy, n=n, choices=", ".join(STRATEGIES)))
    if stances.empty and strategy != "random":
        raise ValueError(Errors.E247.format(path="the stances table", strategy=strategy))
    segs = segments.reset_index(drop=True)
    before, after = _neighbours(segs)
    segs = segs.assign(before=before, after=after)
    if not stances.empty:
        labels, scores, frames = _model_columns(stances)
    else:
        labels = scores = pd.DataFrame(index=pd.Index([], name="segment_id"))
        frames = []
    skip_ids = set(exclude_ids)
    seen = {normalise_text(t) for t in exclude_texts}
    keep = []
    for sid, text in zip(segs["id"], segs["text"], strict=True):
        key = normalise_text(str(text))
        ok = (
            sid not in skip_ids
            and key not in seen
            and len(str(text).split()) >= min_words
            # ranking needs the model's scores; a random sample also takes sentences
            # of threads stored without stances (a run with other stages)
            and (not frames or strategy == "random" or sid in labels.index)
        )
        if ok:
            seen.add(key)
        keep.append(ok)
    cand = segs[keep].reset_index(drop=True)
    if frames:
        cand_labels = labels.reindex(cand["id"])
        cand_scores = scores.reindex(cand["id"])
        uncertainty = 1.0 - cand_scores.min(axis=1).to_numpy()
    else:
        cand_labels = cand_scores = None
        uncertainty = np.full(len(cand), np.nan)
    cand = cand.assign(uncertainty=uncertainty)
    if strategy == "random":
        order = list(np.random.default_rng(seed).permutation(len(cand)))
    else:
        pool = np.arange(len(cand))
        if strategy == "positions":
            assert cand_labels is not None
            sided = cand_labels.isin(["favor", "against"]).any(axis=1).to_numpy()
            pool = pool[sided]
        # least confident first; ties in reading order (a stable sort)
        order = list(pool[np.argsort(-uncertainty[pool], kind="stable")])
    threads = cand["thread_id"].astype(str).tolist()
    n_threads = max(1, len(set(threads)))
    cap = per_thread if per_thread is not None else max(3, 2 * math.ceil(n / n_threads))
    picked = sorted(_capped(order, threads, n, cap))  # back to reading order
    out = cand.iloc[picked].reset_index(drop=True)[list(SAMPLE_COLUMNS)]
    for frame in frames:
        assert cand_labels is not None and cand_scores is not None
        out[f"model:{frame}"] = cand_labels[frame].to_numpy()[picked]
        out[f"score:{frame}"] = np.round(cand_scores[frame].to_numpy()[picked].astype(float), 3)
    model_cols = [c for c in out.columns if c.startswith("model:")]
    out[model_cols] = out[model_cols].astype(object).where(out[model_cols].notna(), None)
    return out


def sample_records(sample: pd.DataFrame, prefill: bool = False) -> list[dict[str, Any]]:
    """Gold-file lines (ANNOTATION.md) for a :func:`sample_sentences` frame.

    The four shipped frames and any other frame the model tags are fields,
    ``null`` (not labelled yet: the split and evaluation skip it) unless
    ``prefill`` copies the model's label for the annotator to correct; a
    prefilled line also gets ``"checked": false``, and the split leaves it
    out until the annotator sets it to ``true`` (the model's own guesses must
    not pass for a person's labels). ``model`` holds the model's labels and
    scores; ``speaker``, ``unit``, ``thread``, ``before`` and ``after`` give
    the context.
    """
    tagged = [c.split(":", 1)[1] for c in sample.columns if c.startswith("model:")]
    # the four shipped frames always, so that a frame the model does not tag
    # (a three-frame model, a run without the stance stage) can still be labelled
    frames = [*FRAME_NAMES, *(f for f in tagged if f not in FRAME_NAMES)]
    records = []
    for row in sample.to_dict("records"):
        rec: dict[str, Any] = {"id": row["id"], "text": row["text"]}
        for frame in frames:
            rec[frame] = row[f"model:{frame}"] if prefill and frame in tagged else None
        if prefill:
            rec[CHECKED] = False
        rec["speaker"] = row["speaker"]
        rec["unit"] = row["kind"]
        rec["thread"] = row["thread_id"]
        rec["before"] = row["before"]
        rec["after"] = row["after"]
        rec["model"] = {  # a sentence the model did not tag (random sample) has none
            frame: {"label": row[f"model:{frame}"], "score": row[f"score:{frame}"]}
            for frame in tagged
            if row[f"model:{frame}"] is not None
        }
        records.append(rec)
    return records


def unknown_frames(sample: pd.DataFrame) -> list[str]:
    """Frames the model tagged in ``sample`` that the package's frames file does not define.

    `discourse corpus split` and `discourse train` keep only the frames of
    their ``--frames`` file (the package's four without it), so labels of
    these need that option, naming the frames file the model was trained
    with; the command's closing hint says so.
    """
    tagged = [c.split(":", 1)[1] for c in sample.columns if c.startswith("model:")]
    return [f for f in tagged if f not in FRAME_NAMES]


def annotated_texts(folder: Path) -> tuple[set[str], list[str]]:
    """Ids and texts of every gold file under ``folder`` (``corpus/annotated``), recursively."""
    from ..io import read_jsonl

    ids: set[str] = set()
    texts: list[str] = []
    for path in sorted(folder.rglob("*.jsonl")):
        for rec in read_jsonl(path):
            if isinstance(rec.get("id"), str):
                ids.add(rec["id"])
            if isinstance(rec.get("text"), str):
                texts.append(rec["text"])
    return ids, texts


def write_sample(
    store: str | Path,
    output: str | Path | None = None,
    *,
    n: int = 200,
    strategy: str = "uncertain",
    seed: int = 0,
    per_thread: int | None = None,
    min_words: int = 4,
    prefill: bool = False,
    root: str | Path | None = None,
) -> tuple[Path, pd.DataFrame]:
    """``discourse corpus sample``: sentences of a run's store written as a gold file to label.

    ``output`` defaults to ``corpus/annotated/labelled/to-label-<UTC date>.jsonl``
    under ``root``; an existing file is never overwritten (``[E248]``), as it
    may hold a person's labels: the default name gets ``-2``, ``-3`` … when
    taken. Sentences already in ``corpus/annotated/`` are skipped. When no
    sentence is left, nothing is written (``[W235]``, logged). Returns the
    path and the sample.
    """
    from datetime import UTC, datetime

    from ..errors import StoreError
    from ..io import check_output_path, write_jsonl
    from ..store import Store
    from .corpus import split_dir

    folder = split_dir(root)  # a repository root or the corpus/annotated folder itself
    if output is None:  # a free name: a second sample the same day must not fail
        stamp = datetime.now(UTC).strftime("%Y-%m-%d")
        out = folder / LABELLED_DIR / f"to-label-{stamp}.jsonl"
        number = 1
        while out.exists():
            number += 1
            out = folder / LABELLED_DIR / f"to-label-{stamp}-{number}.jsonl"
    else:
        out = Path(output)
    if out.exists():
        raise FileExistsError(Errors.E248.format(path=out))
    check_output_path(out)
    with Store(store, read_only=True) as db:
        segments = db.table("segments")
        stances = db.table("stances")
    if segments.empty:
        raise StoreError(Errors.E249.format(path=store))
    if stances.empty and strategy in STRATEGIES and strategy != "random":
        raise ValueError(Errors.E247.format(path=store, strategy=strategy))
    ids, texts = annotated_texts(folder)
    sample = sample_sentences(
        segments,
        stances,
        n=n,
        strategy=strategy,
        seed=seed,
        per_thread=per_thread,
        min_words=min_words,
        exclude_ids=ids,
        exclude_texts=texts,
    )
    if sample.empty:  # an empty file would only take the name of the next sample
        positions = ", or none the model gives a side" if strategy == "positions" else ""
        log.warning(
            Warnings.W235.format(
                path=store, total=len(segments), min_words=min_words, strategy=positions
            )
        )
        return out, sample
    out.parent.mkdir(parents=True, exist_ok=True)
    write_jsonl(sample_records(sample, prefill=prefill), out)
    return out, sample

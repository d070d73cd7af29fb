"""Scoring stance predictions against gold, as ANNOTATION.md defines it.

For each frame: F1 of ``favor`` and F1 of ``against`` (``none`` is not
averaged but every confusion with it is an error: a missed favor lowers
favor recall, a false favor lowers favor precision). A frame's score is
``(F1_favor + F1_against) / 2``; the headline **F-avg** is the mean of that
over the evaluated frames (SemEval-2016 Task 6 style, macro over frames).

Conventions, so numbers are comparable across files:

* A gold label of ``None``/NaN means "not labelled": that sentence is left
  out for that frame. A frame whose gold is null everywhere is skipped
  (``[W230]``), e.g. the two unlabelled frames of an outside file.
* A missing prediction where gold is labelled counts as ``none``.
* When a label has neither gold nor predicted instances in a frame (a file
  with no ``against`` sentences, and a model that predicts none), its F1 is
  undefined (NaN) and the frame's score is the other label's F1 alone; a
  single false prediction of it makes it 0.0 and it counts again. A frame
  where both are undefined (gold and predictions all ``none``) says nothing
  about the model and is left out of F-avg.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..errors import Errors, Warnings
from ..model import is_missing
from .frames import FRAME_NAMES, LABELS

log = logging.getLogger(__name__)

SCORE_COLUMNS: tuple[str, ...] = (
    "f1_favor",
    "f1_against",
    "f_avg",
    "precision_favor",
    "recall_favor",
    "precision_against",
    "recall_against",
    "support_favor",
    "support_against",
    "support_none",
    "n",
)


def _f1(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1; all NaN when the label is absent from gold and predictions."""
    if n_pred == 0 and n_gold == 0:
        nan = float("nan")
        return nan, nan, nan
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


@dataclass
class EvalReport:
    """Per-frame scores, confusion matrices and the headline F-avg of one evaluation."""

    scores: pd.DataFrame
    confusion: dict[str, pd.DataFrame]
    skipped: list[str] = field(default_factory=list)

    @property
    def frames(self) -> list[str]:
        """Frames that were evaluated, in order."""
        return list(self.scores.index)

    @property
    def f_avg(self) -> float:
        """Mean over evaluated frames of (F1_favor + F1_against) / 2 (undefined F1s left out)."""
        return float(self.scores["f_avg"].mean(skipna=True))

    def confusion_total(self) -> pd.DataFrame:
        """Confusion matrices of all evaluated frames summed (rows gold, columns predicted)."""
        total = sum(self.confusion.values(), _empty_confusion())
        return total

    def to_frame(self) -> pd.DataFrame:
        """Per-frame scores with a last ``F-avg`` row (means of the F1s, sums of supports)."""
        table = self.scores.copy()
        overall: dict[str, float | int] = {}
        for col in SCORE_COLUMNS:
            if col.startswith(("support", "n")):
                overall[col] = int(table[col].sum())
            else:
                overall[col] = float(table[col].mean())
        table.loc["F-avg"] = pd.Series(overall)
        for col in SCORE_COLUMNS:
            if col.startswith(("support", "n")):
                table[col] = table[col].astype(int)
        table.index.name = "frame"
        return table

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary: f_avg, per-frame scores, confusion matrices, skipped frames."""
        return {
            "f_avg": _json_num(self.f_avg),
            "frames": {
                name: {
                    k: (_json_num(v) if isinstance(v, float) else int(v)) for k, v in row.items()
                }
                for name, row in self.scores.to_dict("index").items()
            },
            "confusion": {
                name: {g: {p: int(n) for p, n in row.items()} for g, row in cm.iterrows()}
                for name, cm in self.confusion.items()
            },
            "skipped": list(self.skipped),
        }

    def format(self, confusion: bool = True) -> str:
        """A plain-text table for the terminal: F1 per frame, F-avg, and confusion matrices."""
        lines = [
            f"{'frame':<26}{'F1 favor':>9}{'F1 against':>11}{'F-avg':>8}"
            f"{'favor':>7}{'against':>8}{'none':>6}"
        ]
        for name, row in self.scores.iterrows():
            lines.append(
                f"{name:<26}{_num(row['f1_favor']):>9}{_num(row['f1_against']):>11}"
                f"{_num(row['f_avg']):>8}"
                f"{int(row['support_favor']):>7d}{int(row['support_against']):>8d}"
                f"{int(row['support_none']):>6d}"
            )
        lines.append(f"{'F-avg':<26}{'':>9}{'':>11}{_num(self.f_avg):>8}")
        if self.skipped:
            lines.append(f"not evaluated (gold all null): {', '.join(self.skipped)}")
        if confusion:
            for name, cm in self.confusion.items():
                lines.append("")
                lines.append(f"{name}: rows gold, columns predicted")
                lines.append(f"{'':>10}" + "".join(f"{p:>9}" for p in LABELS))
                for g in LABELS:
                    lines.append(f"{g:>10}" + "".join(f"{int(cm.loc[g, p]):>9d}" for p in LABELS))
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.format(confusion=False)


def _num(value: float) -> str:
    """A score for display: three decimals, or "-" where undefined."""
    return "-" if value != value else f"{value:.3f}"


def _json_num(value: float) -> float | None:
    """A score for JSON: rounded, ``None`` where undefined (JSON has no NaN)."""
    return None if value != value else round(float(value), 4)


def _empty_confusion() -> pd.DataFrame:
    cm = pd.DataFrame(0, index=list(LABELS), columns=list(LABELS))
    cm.index.name, cm.columns.name = "gold", "predicted"
    return cm


def _table(data: Any, what: str) -> pd.DataFrame:
    """``data`` as a DataFrame: a table as it is, a Series as its one column, a list of
    dicts (one per sentence) or a dict of columns made into one; else ``[E238]``."""
    if isinstance(data, pd.Series):
        return data.to_frame()
    if isinstance(data, pd.DataFrame):
        return data
    if isinstance(data, str | bytes) or not isinstance(data, Iterable):
        raise ValueError(
            Errors.E238.format(detail=f"{what} are a {type(data).__name__}, not a table")
        )
    try:
        return pd.DataFrame(data if isinstance(data, Mapping) else list(data))
    except (TypeError, ValueError) as err:
        raise ValueError(Errors.E238.format(detail=f"{what} are not a table: {err}")) from err


def _positions_only(index: pd.Index) -> bool:
    """Whether ``index`` names rows by position only, as the index of a table made
    from a list (or after ``reset_index``, ``ignore_index``) does: the integers
    0 … n-1. A RangeIndex that starts elsewhere (``range(500, 600)``, a slice
    ``df.iloc[100:200]``) holds labels: it was taken for positions, and texts
    and labels on disjoint indexes were paired row by row without a word."""
    return index.equals(pd.RangeIndex(len(index)))


def _sample_labels(index: pd.Index, start: int = 0) -> str:
    """The first index labels from position ``start``, "…" for the rest."""
    head = ", ".join(map(repr, index[start : start + 3]))
    return ("…, " if start else "") + head + (", …" if len(index) > start + 3 else "")


def _first_difference(a: pd.Index, b: pd.Index) -> int:
    """The first position where ``a`` and ``b`` hold different labels (the
    shorter one's length when one starts the other)."""
    n = min(len(a), len(b))
    differ = np.flatnonzero(np.asarray(a[:n], dtype=object) != np.asarray(b[:n], dtype=object))
    return int(differ[0]) if len(differ) else n


def _match_index(
    gold: pd.Index,
    pred: pd.DataFrame,
    names: tuple[str, str] = ("gold rows", "predictions"),
    error: str = Errors.E238,
    hint: str = (
        ", and not both have an 'id' column; predict gold's own texts "
        "(clf.predict(gold['text']) keeps its index) to match rows by index, "
        "or reset_index(drop=True) on both to match them by position"
    ),
) -> pd.DataFrame:
    """``pred``'s rows in the order of the index labels ``gold``, when both indexes
    hold the same labels, each once; ``pred`` as it is (rows matched by position,
    lengths checked by the caller) when both only count positions; else ``error``
    (``[E238]``; ``fit`` and ``score`` pass ``[E258]``, naming texts and labels).

    Rows of two tables whose indexes merely overlap are never paired by
    position: that would train or score sentences against other sentences' labels.
    """
    theirs = pred.index
    if (
        len(gold) == len(theirs)
        and gold.is_unique
        and theirs.is_unique
        and bool(gold.isin(theirs).all())
    ):
        return pred.loc[gold]
    if _positions_only(gold) and _positions_only(theirs):
        return pred
    repeated = [name for name, idx in zip(names, (gold, theirs), strict=True) if not idx.is_unique]
    # where they part: a mask-filtered side showed "index 0, 1, 2, …" on both
    at = 0 if repeated else _first_difference(gold, theirs)
    where = f" from position {at} on" if at else ""
    raise ValueError(
        error.format(
            detail=(
                f"the {len(gold)} {names[0]} (index {_sample_labels(gold, at)}) and the "
                f"{len(theirs)} {names[1]} (index {_sample_labels(theirs, at)}) "
                + (
                    f"repeat index labels ({' and '.join(repeated)})"
                    if repeated
                    else f"carry different index labels{where}"
                )
                + hint
            )
        )
    )


def _align(gold: pd.DataFrame, pred: pd.DataFrame, by_index: bool) -> pd.DataFrame:
    """``pred`` reordered to ``gold``'s rows, numbered by position: by ``id`` when both
    have one, else by index label when ``by_index`` (both came as pandas tables) and
    the indexes differ (:func:`_match_index`), else by position."""
    if "id" in gold.columns and "id" in pred.columns:
        if pred["id"].duplicated().any():
            raise ValueError(Errors.E238.format(detail="prediction ids are not unique"))
        indexed = pred.set_index("id")
        missing = [i for i in gold["id"] if i not in indexed.index]
        if missing:
            raise ValueError(
                Errors.E238.format(
                    detail=f"{len(missing)} gold id(s) have no prediction, e.g. {missing[0]!r}"
                )
            )
        return indexed.loc[list(gold["id"])].reset_index()
    if by_index and not gold.index.equals(pred.index):
        pred = _match_index(gold.index, pred)
    if len(gold) != len(pred):
        raise ValueError(
            Errors.E238.format(
                detail=f"{len(gold)} gold rows but {len(pred)} predictions and no 'id' column"
            )
        )
    return pred.reset_index(drop=True)


def gold_frames(gold: pd.DataFrame) -> list[str]:
    """Frame columns of a gold table: the shipped frames, then any other label column."""
    names = [f for f in FRAME_NAMES if f in gold.columns]
    for col in gold.columns:
        if col in names or col in {"id", "text", "holder", "split", "source", "register"}:
            continue
        values = [v for v in gold[col] if not is_missing(v)]
        if values and all(isinstance(v, str) and v in LABELS for v in values):
            names.append(col)
    return names


def evaluate(
    gold: pd.DataFrame | Iterable[Mapping[str, Any]],
    pred: pd.DataFrame | Iterable[Mapping[str, Any]],
    frames: Sequence[str] | None = None,
    source: str | None = None,
) -> EvalReport:
    """Score ``pred`` against ``gold``: per-frame F1 of favor and against, and F-avg.

    ``source`` names the gold in warnings (a file, a split): ``[W230]`` for a
    frame nobody labelled says where.

    ``gold`` and ``pred`` have one column per frame with favor/against/none
    (``gold`` may hold ``None`` where a frame is not labelled); each is a
    DataFrame or a list of dicts, one per sentence. Rows are matched

    * by an ``id`` column when both tables have one;
    * else, when both are DataFrames, by index label: predictions whose index
      holds gold's labels in another order (a shuffled or sorted copy) are
      put in gold's order. Indexes with different labels are matched by
      position only when both just count positions (a RangeIndex, as a table
      made from a list or after ``reset_index`` has) and the lengths agree,
      else ``[E238]``: rows of another sample would be scored silently;
    * else (a list) by position.

    ``frames`` defaults to every frame column of ``gold`` (see
    :func:`gold_frames`). Raises ``ValueError`` ``[E238]`` when the tables
    do not line up or a frame is missing from ``pred``, ``[E239]`` when no
    frame has any gold label.
    """
    by_index = isinstance(gold, pd.DataFrame | pd.Series) and isinstance(
        pred, pd.DataFrame | pd.Series
    )
    gold = _table(gold, "gold labels")
    pred = _table(pred, "predictions")
    names = list(frames) if frames is not None else gold_frames(gold)
    aligned = _align(gold, pred, by_index)
    rows: dict[str, dict[str, float | int]] = {}
    confusion: dict[str, pd.DataFrame] = {}
    skipped: list[str] = []
    for name in names:
        if name not in gold.columns:
            raise ValueError(Errors.E238.format(detail=f"gold has no column {name!r}"))
        labelled = [(i, g) for i, g in enumerate(gold[name]) if not is_missing(g)]
        if not labelled:
            message = Warnings.W230.format(frame=name)
            if source:
                message = message.replace("[W230] ", f"[W230] {source}: ", 1)
            log.warning(message)
            skipped.append(name)
            continue
        if name not in aligned.columns:
            raise ValueError(Errors.E238.format(detail=f"predictions have no column {name!r}"))
        cm = _empty_confusion()
        for i, g in labelled:
            p = aligned[name].iloc[i]
            p = "none" if is_missing(p) else p
            if g not in LABELS or p not in LABELS:
                bad = g if g not in LABELS else p
                raise ValueError(
                    Errors.E238.format(detail=f"label {bad!r} in {name!r} is not one of {LABELS}")
                )
            cm.loc[g, p] += 1
        row: dict[str, float | int] = {}
        f1s = []
        for label in ("favor", "against"):
            tp = int(cm.loc[label, label])
            precision, recall, f1 = _f1(tp, int(cm[label].sum()), int(cm.loc[label].sum()))
            row[f"f1_{label}"] = f1
            row[f"precision_{label}"] = precision
            row[f"recall_{label}"] = recall
            f1s.append(f1)
        defined = [f for f in f1s if f == f]
        row["f_avg"] = sum(defined) / len(defined) if defined else float("nan")
        for label in LABELS:
            row[f"support_{label}"] = int(cm.loc[label].sum())
        row["n"] = len(labelled)
        rows[name] = row
        confusion[name] = cm
    if not rows:
        raise ValueError(Errors.E239.format(frames=", ".join(names) or "(no frames)"))
    scores = pd.DataFrame.from_dict(rows, orient="index")[list(SCORE_COLUMNS)]
    scores.index.name = "frame"
    return EvalReport(scores=scores, confusion=confusion, skipped=skipped)


def calibration_error(
    gold: pd.DataFrame, proba: pd.DataFrame, *, sides_only: bool = False, bins: int = 10
) -> float:
    """Expected calibration error of ``proba`` (a ``predict_proba`` table) against ``gold``.

    Every labelled (sentence, frame) pair contributes its predicted label's
    probability and whether that label is right; pairs are binned by that
    probability in ``bins`` equal-width bins, and the error is the
    pair-weighted mean gap between a bin's mean probability and its accuracy
    (0 = a score of 0.8 is right 80 % of the time). ``sides_only`` keeps the
    pairs predicted favor or against — the scores a reader of the stance
    table sees. Rows match by position; NaN when no pair counts.
    """
    conf: list[float] = []
    right: list[bool] = []
    frames = [f for f in gold_frames(gold) if f in proba.columns.get_level_values(0)]
    for name in frames:
        table = proba[name].reset_index(drop=True)[list(LABELS)]
        best = table.to_numpy().argmax(axis=1)
        for i, g in enumerate(gold[name]):
            if is_missing(g) or (sides_only and LABELS[best[i]] == "none"):
                continue
            conf.append(float(table.iat[i, best[i]]))
            right.append(LABELS[best[i]] == g)
    if not conf:
        return float("nan")
    total = 0.0
    edges = [k / bins for k in range(bins + 1)]
    for lo, hi in itertools.pairwise(edges):
        members = [j for j, c in enumerate(conf) if lo < c <= hi or (lo == 0 and c == 0)]
        if members:
            gap = sum(conf[j] for j in members) / len(members) - sum(
                right[j] for j in members
            ) / len(members)
            total += len(members) * abs(gap)
    return total / len(conf)

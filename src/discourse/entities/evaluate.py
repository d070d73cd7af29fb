"""Scoring entity mentions against gold: lenient span F1 and pairwise linking F1.

Gold is JSON Lines, one sentence a line (``corpus/annotated/*.entities.jsonl``)::

    {"id": "...", "text": "...", "mentions": [
        {"start": 13, "end": 32, "text": "US Southern Command", "label": "ORG",
         "entity": "US Southern Command"}]}

*Span F1* (lenient): a predicted mention matches a gold mention of the same
sentence when their character ranges overlap and their labels agree; each
mention matches at most once. Only PERSON, NORP, ORG, GPE and LOC count.

*Linking F1* (pairwise): over every pair of matched mentions in the file, a
pair is positive in gold when both gold mentions have the same ``entity``,
and predicted-positive when both predictions have the same ``entity_id``.
Precision and recall are over positive pairs, so the score does not depend
on what the ids are called, only on which mentions they group together.

The stock baseline (:func:`stock_predictions`) is the same spaCy model
without the project's components, linking by exact lower-cased text.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from spacy.language import Language

from ..errors import Errors, IngestError
from ..io import iter_jsonl
from ..segment import DEFAULT_MAX_CHARS
from .gazetteer import LABELS


@dataclass(frozen=True)
class EntityScores:
    """Result of :func:`evaluate`."""

    span_precision: float
    span_recall: float
    span_f1: float
    link_precision: float
    link_recall: float
    link_f1: float
    gold: int
    predicted: int
    matched: int
    sentences: int

    def to_dict(self) -> dict[str, float | int]:
        """Plain dict (for JSON output and tables)."""
        return asdict(self)

    def describe(self) -> str:
        """One line for the command line."""
        return (
            f"span P {self.span_precision:.3f} R {self.span_recall:.3f} F1 {self.span_f1:.3f}; "
            f"linking P {self.link_precision:.3f} R {self.link_recall:.3f} F1 {self.link_f1:.3f} "
            f"({self.matched}/{self.gold} gold mentions matched, {self.predicted} predicted, "
            f"{self.sentences} sentences)"
        )


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def match_mentions(
    gold: list[dict[str, Any]], pred: list[dict[str, Any]]
) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """One-to-one lenient matches (overlap + same label), largest overlaps first."""
    cands = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            overlap = min(g["end"], p["end"]) - max(g["start"], p["start"])
            if overlap > 0 and g["label"] == p["label"]:
                cands.append((-overlap, gi, pi))
    used_g: set[int] = set()
    used_p: set[int] = set()
    pairs = []
    for _, gi, pi in sorted(cands):
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        pairs.append((gold[gi], pred[pi]))
    return pairs


def _positive_pairs(counts: Counter) -> int:
    return sum(n * (n - 1) // 2 for n in counts.values())


def evaluate(gold: Iterable[dict[str, Any]], predicted: Iterable[dict[str, Any]]) -> EntityScores:
    """Score ``predicted`` (``{"id", "mentions"}`` records) against ``gold`` records.

    Sentences are paired by ``id``; a gold sentence without a prediction
    counts as predicting nothing.
    """
    by_id = {r["id"]: r.get("mentions", []) for r in predicted}
    n_gold = n_pred = n_sent = 0
    matched: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for rec in gold:
        n_sent += 1
        g = [m for m in rec.get("mentions", []) if m["label"] in LABELS]
        p = [m for m in by_id.get(rec["id"], []) if m["label"] in LABELS]
        n_gold += len(g)
        n_pred += len(p)
        matched.extend(match_mentions(g, p))
    sp, sr = _ratio(len(matched), n_pred), _ratio(len(matched), n_gold)
    gold_groups = Counter(g["entity"] for g, _ in matched)
    pred_groups = Counter(p["entity_id"] for _, p in matched)
    both = Counter((g["entity"], p["entity_id"]) for g, p in matched)
    tp = _positive_pairs(both)
    # pairwise: no pair on a side is vacuously right (mentions of all different
    # entities, each linked apart, score 1); nothing matched scores 0
    pred_pairs, gold_pairs = _positive_pairs(pred_groups), _positive_pairs(gold_groups)
    lp = (tp / pred_pairs if pred_pairs else 1.0) if matched else 0.0
    lr = (tp / gold_pairs if gold_pairs else 1.0) if matched else 0.0
    return EntityScores(
        span_precision=sp,
        span_recall=sr,
        span_f1=_f1(sp, sr),
        link_precision=lp,
        link_recall=lr,
        link_f1=_f1(lp, lr),
        gold=n_gold,
        predicted=n_pred,
        matched=len(matched),
        sentences=n_sent,
    )


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _mention_problem(m: Any, text: str) -> str | None:
    """What is wrong with a gold mention of ``text``, said plainly (``None``: nothing)."""
    if not isinstance(m, dict):
        return "a mention is an object with start, end, label and entity"
    for key in ("start", "end"):
        if not _is_int(m.get(key)):
            return f"{key} must be a whole number (a character offset), not {m.get(key)!r}"
    if not 0 <= m["start"] < m["end"]:
        return f"start {m['start']} must be >= 0 and before end {m['end']}"
    if m["end"] > len(text):
        return f"end {m['end']} is past the text's {len(text)} characters"
    for key in ("label", "entity"):
        if not isinstance(m.get(key), str):
            return f"it needs a string {key!r}"
    said = m.get("text")
    if said is not None and said != text[m["start"] : m["end"]]:
        return f"its text {said!r} is not the text at {m['start']}-{m['end']}, {text[m['start'] : m['end']]!r}"
    return None


def read_gold(path: str | Path) -> list[dict[str, Any]]:
    """Gold records, checked: every mention needs start < end, a label and an entity.

    Raises :class:`~discourse.errors.IngestError`: ``[E002]`` for a file with
    no record, ``[E303]`` for a record without a string id or text,
    ``[E310]`` for a record without a ``mentions`` list (a stance gold file,
    say), ``[E304]`` for a malformed mention and ``[E311]`` for a label other
    than PERSON, NORP, ORG, GPE or LOC (which would otherwise be left out of
    the scores without a word). Messages name the line.
    """
    records = []
    first_line: dict[str, int] = {}
    for no, rec in iter_jsonl(path):
        for key in ("id", "text"):
            if not isinstance(rec.get(key), str):
                raise IngestError(Errors.E303, path, record=f"line {no}", field=key)
        if rec["id"] in first_line:  # else the later record's predictions replace the earlier's
            raise IngestError(Errors.E312, path, line=no, id=rec["id"], first=first_line[rec["id"]])
        first_line[rec["id"]] = no
        mentions = rec.get("mentions")
        if not isinstance(mentions, list):
            raise IngestError(Errors.E310, path, line=no, id=rec["id"])
        for m in mentions:
            problem = _mention_problem(m, rec["text"])
            if problem:
                raise IngestError(Errors.E304, path, record=f"line {no}", detail=f"{m}: {problem}")
            if m["label"] not in LABELS:
                raise IngestError(
                    Errors.E311,
                    path,
                    line=no,
                    text=m.get("text", rec["text"][m["start"] : m["end"]]),
                    label=m["label"],
                    labels=", ".join(LABELS),
                )
        records.append(rec)
    if not records:
        raise IngestError(Errors.E002, path)
    return records


def stock_predictions(records: Iterable[dict[str, Any]], nlp: Language) -> list[dict[str, Any]]:
    """Baseline: a plain spaCy pipeline's entities, linked by exact lower-cased text."""
    records = list(records)
    out = []
    for rec, doc in zip(records, nlp.pipe(r["text"] for r in records), strict=True):
        out.append(
            {
                "id": rec["id"],
                "mentions": [
                    {
                        "start": e.start_char,
                        "end": e.end_char,
                        "text": e.text,
                        "label": e.label_,
                        "entity_id": e.text.lower(),
                    }
                    for e in doc.ents
                    if e.label_ in LABELS
                ],
            }
        )
    return out


def evaluate_file(
    gold_path: str | Path,
    nlp: Language,
    *,
    batch_size: int = 64,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> EntityScores:
    """Tag the texts of a gold file with ``nlp`` (the project's pipeline) and score them.

    Texts longer than ``max_chars`` are tagged in pieces, as by :func:`tag_texts`.
    """
    from .mentions import tag_texts

    gold = read_gold(gold_path)
    predicted = list(
        tag_texts(gold, nlp, batch_size=batch_size, path=str(gold_path), max_chars=max_chars)
    )
    return evaluate(gold, predicted)

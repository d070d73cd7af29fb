"""The annotated stance corpus: reading gold JSONL, the train/dev split, counts.

Gold files follow ANNOTATION.md: one sentence a line with ``id``, ``text``,
one label per frame (``favor``/``against``/``none``, or ``null`` where the
frame was not labelled, which evaluation then skips) and an optional
``holder``. :func:`read_gold` reads any such file into a DataFrame;
:func:`load_corpus` reads the project's split in ``corpus/annotated/``.

The split is built by :func:`build_split` (``discourse corpus split``) from
the hand-written sentence files in ``corpus/annotated/written/`` plus the seed
thread's gold, which always goes to dev and only to dev. Each written
sentence's split is decided by a hash of its id alone, so adding sentences
later never moves one already assigned, and rebuilding is reproducible.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ..errors import Errors, IngestError, Warnings
from ..io import iter_jsonl, read_jsonl, write_jsonl
from ..model import is_missing
from .frames import FRAME_NAMES, LABELS, load_frames

log = logging.getLogger(__name__)

#: Split names, in the order they are written.
SPLITS: tuple[str, ...] = ("train", "dev")
#: Hand-written sentence files (in ``corpus/annotated/written/``) merged into the split.
#: ``alternative_development.jsonl`` labels a fifth frame and is deliberately not one of them;
#: ``pairs.jsonl`` and ``balance.jsonl`` were written to correct known errors, did not
#: help the model and are kept out (the data card gives the figures).
DEFAULT_SOURCES: tuple[str, ...] = (
    "ac_leg",
    "dr_mil",
    "mixed",
    "extra",
    "arguments",
    "threads",
    "hard_cases",
    "short",
    "reasons_leg_dr",
    "reasons_ac_mil",
    "comments2",
)
#: The seed thread's gold sentences: in dev, never in train.
SEED_GOLD = "guatemala-post.gold.jsonl"
#: Sentences written and labelled apart from the rest (by an annotator who read only
#: ANNOTATION.md): never in the split, only measured on (``benchmarks/stance.py``).
HELDOUT = "heldout.jsonl"
#: 48 comment threads (an article and its reader comments, with reply structure),
#: every sentence labelled by ANNOTATION.md as read in its thread: written apart
#: from the rest like :data:`HELDOUT`, only measured on. Most of their positions
#: are plain only in context ("This.", "Brilliant plan.", an anecdote inside an
#: argued comment), as in real threads.
HELDOUT_THREADS = "heldout-threads.jsonl"
#: 48 more threads labelled the same way, not part of the split: what
#: ``benchmarks/context.py`` fits its context reader on before scoring it on
#: :data:`HELDOUT_THREADS`.
CONTEXT_THREADS = "written/context_threads.jsonl"
#: Folder of gold files labelled from real threads (``discourse corpus sample``), merged
#: into the split on top of the written files.
LABELLED_DIR = "labelled"
#: Field a ``--prefill`` sample gives each line: ``false`` until the annotator has checked the
#: model's labels (then ``true``); the split leaves out lines whose field is ``false``.
CHECKED = "checked"
#: Share of written sentences that go to dev.
DEV_FRACTION = 0.15
#: Record fields kept besides id, text and the frames.
META_FIELDS: tuple[str, ...] = ("holder", "register", "speaker", "unit", "note")
#: Where a sentence of a gold file labelled in its thread stands (:data:`HELDOUT_THREADS`):
#: its thread, its post, the post it answers (``null`` for the article) and its
#: paragraph. :func:`read_gold` keeps them, so a reader can put the sentences back
#: into their threads.
THREAD_FIELDS: tuple[str, ...] = ("thread", "post", "parent", "paragraph")
_WS = re.compile(r"\W+")


def find_root(root: str | Path | None = None) -> Path:
    """The repository root: ``root`` if given, else the first folder holding ``corpus/annotated``.

    Looks upward from the current directory, then from this package (an
    editable install lives in ``<root>/src/discourse``), which ``[W244]``
    names: a command run elsewhere would otherwise read and write the
    package's repository without a word.
    """
    if root is not None:
        return Path(root)
    cwd = Path.cwd()
    for start in (cwd, Path(__file__).resolve().parent):
        for folder in (start, *start.parents):
            if (folder / "corpus" / "annotated").is_dir():
                if start is not cwd and folder not in _WARNED_FALLBACK:
                    # a notebook or shell elsewhere: say whose corpus is read (and written)
                    _WARNED_FALLBACK.add(folder)
                    log.warning(Warnings.W244.format(cwd=cwd, folder=folder))
                return folder
    return cwd


#: Package repositories :func:`find_root` fell back to ([W244] once per process).
_WARNED_FALLBACK: set[Path] = set()


def annotated_dir(root: str | Path | None = None) -> Path:
    """``<root>/corpus/annotated``."""
    return find_root(root) / "corpus" / "annotated"


def split_dir(root: str | Path | None = None) -> Path:
    """The folder holding ``train.jsonl`` and ``dev.jsonl``.

    ``root`` is a repository root (``<root>/corpus/annotated``) or the folder
    of the split itself (``corpus/annotated``, or any copy of its files,
    wherever it is): a given folder without ``corpus/annotated`` in it is
    taken as the split's folder, so a missing file is named where it was
    looked for. ``None``: found from the working directory or the package.
    """
    if root is None:
        return annotated_dir(None)
    folder = Path(root)
    nested = folder / "corpus" / "annotated"
    return nested if nested.is_dir() else folder


def known_frames(frames_file: str | Path | None = None) -> tuple[str, ...]:
    """Names of the frames of a frames file (default: the package's ``data/frames.json``).

    The frames the split keeps and ``discourse train`` trains: the shipped
    four, plus any frame a user adds to the frames file (README "Frames are
    data"). ``[E230]``/``[E231]`` for a missing or malformed file.
    """
    return tuple(f.name for f in load_frames(frames_file))


#: Fields of a labelled line that are not frames (besides :data:`META_FIELDS`).
_NOT_FRAMES: frozenset[str] = frozenset(
    {"id", "text", "source", "split", CHECKED, *META_FIELDS, *THREAD_FIELDS}
)


def checked_flags(numbered: Sequence[tuple[int, dict[str, Any]]], path: str | Path) -> np.ndarray:
    """Per numbered record, whether a person has checked its labels: a line a
    ``--prefill`` sample marks ``"checked": false`` still holds a model's
    guesses; absent or ``true`` is checked. Any other value (``"false"``, 0) is
    ``[E256]`` naming the line, rather than a guess at what it meant."""
    for line, rec in numbered:
        if not isinstance(rec.get(CHECKED, True), bool):
            raise IngestError(Errors.E256, path, line=line, value=rec[CHECKED])
    return np.array([rec.get(CHECKED) is not False for _, rec in numbered], bool)


def unknown_frame_keys(records: Sequence[dict[str, Any]], frames: Sequence[str]) -> list[str]:
    """Fields of ``records`` that hold stance labels but name no frame of ``frames``.

    A misspelt frame (``legalisation``) or a frame missing from the frames
    file: its labels would be dropped without a word.
    """
    keys = sorted({k for r in records for k in r} - set(frames) - _NOT_FRAMES)
    return [k for k in keys if _is_label_column(r.get(k) for r in records)]


def _is_label_column(values: Iterable[Any]) -> bool:
    """Whether a field holds stance labels: text values, most of them favor/against/none.

    Most, not all: a fifth frame with one misspelt label ("favour") must be
    read as a frame, so that the misspelling is reported (``[E232]``) rather
    than the whole frame silently left out.
    """
    vals = [v for v in values if v is not None]
    if not vals or not all(isinstance(v, str) for v in vals):
        return False
    return 2 * sum(v in LABELS for v in vals) > len(vals)


def read_gold(path: str | Path, frames: Sequence[str] | None = None) -> pd.DataFrame:
    """Read a gold JSONL file (ANNOTATION.md format) into a DataFrame.

    Columns: ``id``, ``text``, one column per frame (``favor``/``against``/
    ``none``, or ``None`` where the frame is not labelled), ``holder`` (the
    record's ``holder``, else its ``speaker``, else ``None``), then any of
    ``register``, ``speaker``, ``unit``, ``note`` and of the thread fields
    (:data:`THREAD_FIELDS`: ``thread``, ``post``, ``parent``, ``paragraph``)
    present in the file.

    ``frames`` picks the frame columns; by default the four shipped frames
    plus any other field whose values are all stance labels (so a file
    labelling a fifth frame is read without being told; a field most of
    whose values are labels counts, so a misspelt label in it is an error, not
    a frame silently dropped). Raises
    :class:`~discourse.errors.IngestError`: ``[E233]`` for a record without
    ``id`` or ``text``, ``[E232]`` for a label outside favor/against/none/null,
    ``[E234]`` for a repeated id.
    """
    p = Path(path)
    records = list(read_jsonl(p))
    if frames is None:
        extra = sorted(
            {k for r in records for k in r}
            - set(FRAME_NAMES)
            - {"id", "text", "source", "split", *META_FIELDS, *THREAD_FIELDS}
        )
        extra = [k for k in extra if _is_label_column(r.get(k) for r in records)]
        frames = [*FRAME_NAMES, *extra]
    seen: dict[str, int] = {}
    rows = []
    for no, rec in enumerate(records, 1):
        for key in ("id", "text"):
            value = rec.get(key)
            if value is not None and not isinstance(value, str):  # present, but no text
                kind = type(value).__name__
                raise IngestError(Errors.E213, p, record=f"line {no}", field=key, kind=kind)
            if value is None or not value.strip():
                raise IngestError(Errors.E233, p, line=no, field=key)
        if rec["id"] in seen:
            raise IngestError(
                Errors.E234, p, line=no, id=rec["id"], other=f"line {seen[rec['id']]}"
            )
        seen[rec["id"]] = no
        row: dict[str, Any] = {"id": rec["id"], "text": rec["text"]}
        for frame in frames:
            label = rec.get(frame)
            if label is not None and label not in LABELS:
                raise IngestError(Errors.E232, p, line=no, label=label, frame=frame)
            row[frame] = label
        row["holder"] = rec.get("holder") or rec.get("speaker") or None
        for key in META_FIELDS[1:]:
            if key in rec:
                row[key] = rec[key]
        for key in ("source", "split", *THREAD_FIELDS):
            if key in rec:
                row[key] = rec[key]
        rows.append(row)
    columns = ["id", "text", *frames, "holder"]
    frame = pd.DataFrame(rows, columns=columns + [c for c in _extra_columns(rows, columns)])
    return frame.astype(object).where(frame.notna(), None)


def _extra_columns(rows: list[dict[str, Any]], known: list[str]) -> list[str]:
    out: list[str] = []
    for row in rows:
        for key in row:
            if key not in known and key not in out:
                out.append(key)
    return out


def load_corpus(
    split: str | None = None,
    root: str | Path | None = None,
    frames: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The annotated corpus as a DataFrame: one row per sentence.

    ``split`` is ``"train"``, ``"dev"`` or ``None`` (both, train first).
    Columns: ``id``, ``text``, the four frames (favor/against/none, or
    ``None`` where not labelled), ``holder``, ``split``, ``source`` (the file
    the sentence came from) and ``register`` (news, comment, oped, blog,
    debate, speech; ``None`` for the seed thread). ``root`` is the repository
    root or the folder holding the split files (:func:`split_dir`; default:
    found from the working directory or the package).
    ``frames`` picks the frame columns; by default the four shipped frames
    plus any other frame the split files label (one added in a frames
    file). Raises ``[E236]`` if the split files have not been built.
    """
    if split is not None and split not in SPLITS:
        raise ValueError(Errors.E240.format(split=split))
    folder = split_dir(root)
    parts = []
    for name in SPLITS if split is None else (split,):
        path = folder / f"{name}.jsonl"
        if not path.is_file():
            raise IngestError(Errors.E236, path)
        part = read_gold(path, frames=frames)
        part["split"] = name
        parts.append(part)
    df = pd.concat(parts, ignore_index=True)
    if frames is None:  # the shipped four, then the other frames the files label
        found = [c for c in df.columns if c not in FRAME_NAMES and c in _frame_columns(parts)]
        frames = [*FRAME_NAMES, *found]
    for col in ("source", "register", *frames):
        if col not in df.columns:
            df[col] = None
    cols = ["id", "text", *frames, "holder", "split", "source", "register"]
    return df[cols].astype(object).where(df[cols].notna(), None)


def _frame_columns(parts: Sequence[pd.DataFrame]) -> set[str]:
    """Columns :func:`read_gold` read as frames in any of ``parts`` (those between text and holder)."""
    out: set[str] = set()
    for part in parts:
        cols = list(part.columns)
        out.update(cols[cols.index("text") + 1 : cols.index("holder")])
    return out


def dev_bucket(sentence_id: str) -> float:
    """A stable number in [0, 1) from a sentence id; the sentence is in dev when it is below the dev fraction."""
    digest = hashlib.sha256(sentence_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def normalise_text(text: str) -> str:
    """Lower-case, punctuation-free form of a sentence, for finding duplicates."""
    return _WS.sub(" ", text.lower()).strip()


@dataclass(frozen=True)
class SplitResult:
    """What :func:`build_split` wrote: the paths and the combined table (with ``split``)."""

    train_path: Path
    dev_path: Path
    corpus: pd.DataFrame
    #: Per file of ``labelled/`` (its path relative to ``corpus/annotated``): lines ``read``,
    #: ``used`` (of which ``partial``: some frames still null), left out as ``unlabelled``
    #: (every frame null), ``unchecked`` (prefilled, ``checked`` still false) or ``dropped``
    #: (repeats the seed gold or an earlier sentence).
    labelled: dict[str, dict[str, int]] = field(default_factory=dict)
    #: The frames whose labels the split kept (the frames file's).
    frames: tuple[str, ...] = FRAME_NAMES

    def counts(self) -> pd.DataFrame:
        """Sentences per frame × label × split (see :func:`label_counts`)."""
        return label_counts(self.corpus, self.frames)


def label_counts(corpus: pd.DataFrame, frames: Sequence[str] = FRAME_NAMES) -> pd.DataFrame:
    """Counts of each label per frame and split: rows ``(frame, label)``, columns the splits + total."""
    rows = {}
    splits = [s for s in SPLITS if s in set(corpus["split"])] if "split" in corpus else []
    for frame in frames:
        for label in LABELS:
            row = {s: int((corpus.loc[corpus["split"] == s, frame] == label).sum()) for s in splits}
            row["total"] = int((corpus[frame] == label).sum())
            rows[(frame, label)] = row
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index = pd.MultiIndex.from_tuples(out.index, names=["frame", "label"])
    return out


def _records_for_split(df: pd.DataFrame, frames: Sequence[str]) -> list[dict[str, Any]]:
    keep = ["id", "text", *frames, "holder", "register", "speaker", "unit", "source"]
    out = []
    for row in df.to_dict("records"):
        rec = {k: row[k] for k in keep if k in row and not is_missing(row[k])}
        for frame in frames:
            rec[frame] = row[frame]
        out.append(rec)
    return out


def build_split(
    root: str | Path | None = None,
    sources: Sequence[str] | None = None,
    dev_fraction: float = DEV_FRACTION,
    frames_file: str | Path | None = None,
) -> SplitResult:
    """Merge the written sentence files and the seed gold into ``train.jsonl`` and ``dev.jsonl``.

    Every written sentence goes to dev when :func:`dev_bucket` of its id is
    below ``dev_fraction``, else to train; the seed gold goes to dev. A written
    sentence whose text repeats a seed-gold sentence is dropped (the seed
    thread is never trained on); other repeated texts keep their first copy.
    Every record is validated (``[E232]``–``[E234]``, ids unique across all
    files) and the result is checked for sentences shared by both splits
    (``[E235]``). ``sources`` defaults to :data:`DEFAULT_SOURCES`, of which
    a missing file is skipped with a log message (a file still being
    written); a source named explicitly must exist (``[E241]``), so a typo
    cannot rewrite the split without it. Every file in ``labelled/`` (real
    sentences labelled from ``discourse corpus sample``) is merged as well,
    split the same way; its lines with no frame labelled yet, or prefilled
    and still ``"checked": false``, are left out, and so is a line with a
    seed-gold id (``[W233]``); what each file gave is in
    :attr:`SplitResult.labelled`. Gold-looking files the split does not read
    (:func:`stray_files`) are named with ``[W234]``. The label columns kept
    are the frames of ``frames_file`` (default: the package's
    ``data/frames.json``, the four shipped frames plus any a user added
    there); a field of a file that holds labels but names none of them (a
    misspelt or undeclared frame) is named with ``[W238]`` and not copied.
    """
    frames = known_frames(frames_file)
    folder = split_dir(root)  # a repository root or the corpus/annotated folder itself
    seed = read_gold(folder / SEED_GOLD, frames=frames)
    seed["source"] = SEED_GOLD.removesuffix(".jsonl")
    seed["split"] = "dev"
    seen_ids = {i: SEED_GOLD for i in seed["id"]}
    seen_text = {normalise_text(t): i for t, i in zip(seed["text"], seed["id"], strict=True)}
    seed_texts = set(seen_text)
    parts = [seed]
    named = sources is not None
    files = []
    for name in DEFAULT_SOURCES if sources is None else sources:
        path = folder / "written" / f"{name}.jsonl"
        if not path.is_file() and named:
            known = sorted(p.stem for p in (folder / "written").glob("*.jsonl"))
            raise OSError(Errors.E241.format(path=path, known=", ".join(known)))
        if not path.is_file():
            log.warning("%s: not found; skipped (is it still being written?)", path)
            continue
        files.append((path, f"written/{name}"))
    # real sentences a person labelled (``discourse corpus sample``): always merged
    files += [(path, f"{LABELLED_DIR}/{path.stem}") for path in labelled_files(folder)]
    for path in stray_files(folder):
        log.warning(Warnings.W234.format(path=path, folder=folder / LABELLED_DIR))
    summary: dict[str, dict[str, int]] = {}
    for path, source in files:
        part = read_gold(path, frames=frames)
        real = source.startswith(f"{LABELLED_DIR}/")
        part["_line"] = range(1, len(part) + 1)
        labelled = part[list(frames)].notna().any(axis=1).to_numpy()
        numbered = list(iter_jsonl(path))
        raw = [rec for _, rec in numbered]
        stray = unknown_frame_keys(raw, frames)
        if stray:
            log.warning(
                Warnings.W238.format(path=path, keys=", ".join(stray), frames=", ".join(frames))
            )
        checked = checked_flags(numbered, path)
        if not real:
            checked[:] = True
        counts = {
            "read": len(part),
            "unlabelled": int((~labelled).sum()),
            "unchecked": int((labelled & ~checked).sum()),
        }
        if counts["unlabelled"] or counts["unchecked"]:  # a sample still being labelled
            log.info(
                "%s: %d sentence(s) not labelled, %d not checked yet; left out",
                path,
                counts["unlabelled"],
                counts["unchecked"],
            )
            part = part[labelled & checked].reset_index(drop=True)
        keep = []
        for line, sid, text in zip(part["_line"], part["id"], part["text"], strict=True):
            if real and sid in seed["id"].to_numpy():
                log.warning(Warnings.W233.format(path=path, line=line, id=sid, what="same id"))
                keep.append(False)
                continue
            if sid in seen_ids:
                raise IngestError(Errors.E234, path, line=line, id=sid, other=seen_ids[sid])
            seen_ids[sid] = path.name
            key = normalise_text(text)
            if key in seen_text:
                where = "the seed gold" if key in seed_texts else f"sentence {seen_text[key]}"
                log.warning(Warnings.W240.format(path=path, line=line, id=sid, where=where))
                keep.append(False)
                continue
            seen_text[key] = sid
            keep.append(True)
        part = part[pd.Series(keep, index=part.index, dtype=bool)].drop(columns="_line")
        if real:
            counts["dropped"] = keep.count(False)
            counts["used"] = len(part)
            counts["partial"] = int(part[list(frames)].isna().any(axis=1).sum())
            summary[str(path.relative_to(folder))] = counts
        part["source"] = source
        part["split"] = ["dev" if dev_bucket(i) < dev_fraction else "train" for i in part["id"]]
        parts.append(part)
    corpus = pd.concat(parts, ignore_index=True)
    check_disjoint(corpus, folder)
    train = corpus[corpus["split"] == "train"]
    dev = corpus[corpus["split"] == "dev"]
    train_path, dev_path = folder / "train.jsonl", folder / "dev.jsonl"
    write_jsonl(_records_for_split(train, frames), train_path)
    write_jsonl(_records_for_split(dev, frames), dev_path)
    corpus = corpus.astype(object).where(corpus.notna(), None)
    log.info("wrote %d train and %d dev sentences", len(train), len(dev))
    return SplitResult(train_path, dev_path, corpus, summary, frames)


def labelled_files(folder: Path) -> list[Path]:
    """Gold files of labelled real sentences in ``<folder>/labelled/`` (sorted by name)."""
    return sorted((folder / LABELLED_DIR).glob("*.jsonl"))


def stray_files(folder: Path) -> list[Path]:
    """Gold-looking files under ``folder`` (``corpus/annotated``) that no split reads.

    Files in a subfolder of ``labelled/``, files there not ending in
    ``.jsonl`` (``.json``, ``.jsonl.txt`` from an editor), and ``.jsonl`` files
    in another folder or at the top that are not the split, the seed gold, the
    held-out sets or an entities file (e.g. a sample saved to ``labeled/``):
    their labels would be lost without a word.
    """
    known = {"train.jsonl", "dev.jsonl", SEED_GOLD, HELDOUT, HELDOUT_THREADS}
    out = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if not path.is_file() or any(p.startswith(".") for p in rel.parts):
            continue
        if rel.parts[0] == LABELLED_DIR:
            if len(rel.parts) > 2 or path.suffix != ".jsonl":
                out.append(path)
        elif path.suffix == ".jsonl" and rel.parts[0] != "written":
            if path.name not in known and "entities" not in path.name:
                out.append(path)
    return out


def check_disjoint(corpus: pd.DataFrame, where: str | Path = "<corpus>") -> None:
    """Raise ``[E235]`` if any sentence id or text is in both the train and the dev split."""
    train = corpus[corpus["split"] == "train"]
    dev = corpus[corpus["split"] == "dev"]
    shared_ids = set(train["id"]) & set(dev["id"])
    if shared_ids:
        raise IngestError(Errors.E235, where, id=sorted(shared_ids)[0], what="id")
    dev_text = {normalise_text(t): i for t, i in zip(dev["text"], dev["id"], strict=True)}
    for text, sid in zip(train["text"], train["id"], strict=True):
        if normalise_text(text) in dev_text:
            raise IngestError(Errors.E235, where, id=sid, what="text")

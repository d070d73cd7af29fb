"""Training the shipped stance model: ``discourse train``.

:func:`train` fits a :class:`~discourse.stance.classifier.StanceClassifier`
on the train split of the annotated corpus (``corpus/annotated/train.jsonl``),
scores it on the dev split and on the seed thread's gold (part of dev, never
trained on), records those figures and the data's checksum in the model's
``training_info_``, and saves it with skops. Same data and seed → the same
model and the same metrics (tested).

:data:`DEFAULT_PARAMS` are the hyper-parameters chosen by cross-validation on
the train split and on the project's own dev split (README: "Stance model");
outside evaluation data is never used for choosing them.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..errors import Errors, Warnings
from ..io import check_output_path
from ..modelfiles import shipped_model
from .corpus import CONTEXT_THREADS, LABELLED_DIR, SEED_GOLD, load_corpus, split_dir
from .evaluate import evaluate
from .frames import FRAME_NAMES, load_frames
from .tagger import default_model_path, save_model

if TYPE_CHECKING:
    from .classifier import StanceClassifier

log = logging.getLogger(__name__)

#: Hyper-parameters of the shipped model (chosen by train cross-validation and dev).
DEFAULT_PARAMS: dict[str, Any] = {
    "C": 2.0,
    "class_weight": None,
    "min_df": 4,
    "scope_weight": 0.7,
    # the sentence-wide syntax family (modality, negation count, length …) is
    # subsumed by the per-frame scope features: without it dev F-avg is
    # 0.657 vs 0.653 (written part of dev 0.662 vs 0.665)
    "syntax": False,
    # the mean doc.tensor row: without it 3-fold CV on train 0.641 vs 0.618
    # (better on every fold) and dev 0.671 vs 0.652
    "tensor": False,
    # a frame-relative model shared by all frames, blended in at 0.3 (log
    # space): 3-fold CV on train 0.647 vs 0.641 without it, dev 0.684 vs
    # 0.671; blend 0.5 gave CV 0.648 but dev 0.668
    "pooled": 0.3,
    "pooled_sentence_weight": 1.0,
}


#: What the shipped ``encoder`` model (``[stance] model = "encoder"``) changes in
#: :data:`DEFAULT_PARAMS`: each sentence's all-MiniLM-L6-v2 vector, in the
#: per-frame models and the shared one, and weaker regularisation for the 384
#: dense columns; weight and C chosen by 3-fold cross-validation on train
#: (README "Stance": the encoder model). ``encoder_cues``: each frame's cue
#: words in context, in the per-frame models (3-fold CV 0.708 -> 0.721, better
#: on every fold; seed gold 0.575 -> 0.574). ``signed_scope=False``: the modal
#: and command columns signed by their cues' direction took this model's dev
#: F-avg from 0.772 to 0.752 (the default model's from 0.715 to 0.719, 3-fold CV
#: 0.665 -> 0.667), so it keeps reading them unsigned (docs/stance-experiments.md).
ENCODER_PARAMS: dict[str, Any] = {
    "encoder": True,
    "encoder_weight": 2.0,
    "C": 8.0,
    "encoder_cues": 1.5,
    "signed_scope": False,
}
#: What ``discourse train --tune`` adds to :data:`ENCODER_PARAMS`: the encoder's
#: top three layers fine-tuned with a head per frame
#: (:mod:`discourse.stance.tuning`), blended in at 0.5 (log space). On the
#: written sentences it is the best model (3-fold CV on train 0.720 -> 0.763,
#: top two layers 0.751; dev 0.762 -> 0.804), but not on the seed thread
#: (0.574 -> 0.468; 252 of its 272 decisions right against 255), so it is
#: not shipped (docs/stance-experiments.md, "Fine-tuning the encoder").
TUNE_PARAMS: dict[str, Any] = {
    "tune": 0.5,
    "tune_layers": 3,
    "tune_epochs": 6,
    "tune_lr": 2e-4,
}


#: The context reader ``discourse train`` fits on the training threads
#: (:data:`~discourse.stance.corpus.CONTEXT_THREADS`) and attaches to the
#: ``encoder`` model (:class:`~discourse.stance.context.ContextReader`): the
#: ``compact`` columns, filling only the model's ``none``, ``C`` chosen by 3-fold
#: cross-validation over those threads (``GroupKFold``; 0.470 / 0.484 / 0.492
#: for C = 0.3 / 1 / 3, ``benchmarks/context.py --features compact --fill``).
#: Over the default model it took the seed thread from 0.551 to 0.522 (0.532
#: with the vector-free ``sides`` columns), so that model ships without one
#: (docs/stance-experiments.md).
CONTEXT_PARAMS: dict[str, Any] = {"features": "compact", "fill": True, "C": 3.0}


def fit_context(model: StanceClassifier, threads: str | Path, **params: Any) -> dict[str, Any]:
    """Fit a context reader for ``model`` on the thread-labelled gold file ``threads``
    (:data:`CONTEXT_PARAMS`, overridden by ``params``) and attach it as the model's
    ``context_``, which a run reads threads with; return what it was fitted on."""
    from .context import ContextReader
    from .corpus import read_gold

    settings = {**CONTEXT_PARAMS, **params}
    gold = read_gold(threads, frames=model.frames_)
    if "post" not in gold:
        raise ValueError(Errors.E266.format(path=threads))
    reader = ContextReader(None, **settings)
    matrix, _ = reader.read(gold, model)
    reader.fit_matrix(matrix, gold, model.frames_)
    model.context_ = reader.context_state()
    return {
        "threads": int(gold["thread"].nunique()) if "thread" in gold else None,
        "n": len(gold),
        "params": {k: repr(v) for k, v in sorted(settings.items())},
    }


def _checksum(root: Path) -> str:
    digest = hashlib.sha256()
    for name in ("train.jsonl", "dev.jsonl"):
        digest.update((root / name).read_bytes())
    return digest.hexdigest()[:16]


#: How :func:`score_splits` names each part of dev in warnings.
_SPLIT_NAMES = {
    "dev": "dev split",
    "seed_gold": "seed thread gold (dev)",
    "labelled": "labelled real sentences (dev)",
}


def score_splits(model: StanceClassifier, dev: pd.DataFrame) -> dict[str, Any]:
    """F-avg and per-frame scores of ``model`` on ``dev``, on its seed-gold rows and on its
    rows from ``corpus/annotated/labelled/`` (real sentences; the key is left out when
    there are none, and ``[W236]`` is logged when they hold no favor/against label to
    score, so F-avg is nan)."""
    pred = model.predict(dev["text"].tolist())
    frames = [f for f in model.frames_ if f in dev.columns]
    out: dict[str, Any] = {}
    source = dev["source"].fillna("").astype(str)
    seed = source.str.startswith(SEED_GOLD.split(".")[0]).to_numpy()
    real = source.str.startswith(f"{LABELLED_DIR}/").to_numpy()
    for key, mask in (("dev", None), ("seed_gold", seed), ("labelled", real)):
        gold = dev if mask is None else dev[mask]
        p = pred if mask is None else pred[mask]
        if len(gold) == 0:
            continue
        report = evaluate(
            gold.reset_index(drop=True),
            p.reset_index(drop=True),
            frames=frames,
            source=_SPLIT_NAMES[key],
        )
        if key == "labelled" and not gold[frames].isin(["favor", "against"]).any().any():
            # no side to find in its dev part yet: one wrong side would read as
            # F-avg 0.000, "the model fails on your threads"; the figure is undefined
            log.warning(Warnings.W236.format(n=len(gold)))
            out[key] = {"f_avg": float("nan"), "frames": {}, "n": len(gold)}
            continue
        out[key] = {
            "f_avg": round(report.f_avg, 6),
            "frames": {f: round(float(v), 6) for f, v in report.scores["f_avg"].items() if v == v},
            "n": len(gold),
        }
    return out


def _warn_stale_split(folder: Path) -> None:
    """``[W242]`` for each labelled file edited after the split was built: its new
    labels would not be trained on, without a word. (The written files are left
    out: a fresh checkout gives every file about the same time.)"""
    split = folder / "train.jsonl"
    if not split.is_file():
        return  # E236 names it
    built = split.stat().st_mtime
    for path in sorted((folder / LABELLED_DIR).glob("*.jsonl")):
        if path.stat().st_mtime > built:
            log.warning(Warnings.W242.format(path=path, split=split))


def train(
    corpus_root: str | Path | None = None,
    output: str | Path | None = None,
    seed: int = 0,
    encoder: bool = False,
    frames_file: str | Path | None = None,
    tune: bool = False,
    context: bool | None = None,
    **params: Any,
) -> Path:
    """Train on the annotated corpus's train split, record dev metrics, save; return the path.

    ``corpus_root`` is the repository root, the ``corpus/annotated``
    folder or any folder holding ``train.jsonl`` and ``dev.jsonl`` (default: found from the working directory); ``output`` defaults
    to the package's ``data/stance_model.skops`` (``data/stance_model_encoder.skops``
    with ``encoder``, which adds :data:`ENCODER_PARAMS`); ``params`` override
    :data:`DEFAULT_PARAMS`. ``tune`` trains the encoder model with its top layers
    fine-tuned (:data:`TUNE_PARAMS`); it needs an ``output`` (``[E254]``): the
    package does not ship that model. Every frame of ``frames_file`` (default: the
    package's ``data/frames.json``) that the train split labels is trained,
    so a frame added to a frames file and labelled in the split needs no code.
    ``context`` fits a context reader (:data:`CONTEXT_PARAMS`) on the training
    threads beside the split (``written/context_threads.jsonl``) and attaches it
    to the model, so a run reads each sentence in its thread; by default the
    ``encoder`` model gets one (when that file is there; ``[W245]`` else).
    The output is checked to be writable before training (``[E016]``).
    """
    if tune and output is None:  # else it would overwrite a shipped model
        raise ValueError(Errors.E254)
    root = Path(corpus_root) if corpus_root is not None else None
    folder = split_dir(root)  # a repository root, corpus/annotated or any folder of the split
    default = shipped_model("encoder") if encoder or tune else default_model_path()
    target = Path(output) if output is not None else default
    check_output_path(target)  # before minutes of training, not after
    threads = folder / CONTEXT_THREADS
    read_threads = context or (context is None and encoder and not tune)
    if context and not threads.is_file():  # asked for: before training, too
        raise FileNotFoundError(Errors.E267.format(path=threads))
    _warn_stale_split(folder)
    train_df = load_corpus("train", root)
    dev_df = load_corpus("dev", root)
    declared = load_frames(frames_file)
    chosen = [f for f in declared if f.name in train_df.columns and train_df[f.name].notna().any()]
    frames = [f.name for f in chosen]
    extra = {**ENCODER_PARAMS, **TUNE_PARAMS} if tune else ENCODER_PARAMS if encoder else {}
    settings = {**DEFAULT_PARAMS, **extra, **params, "random_state": seed}
    log.info("training stance model on %d sentences with %s", len(train_df), settings)
    from .classifier import StanceClassifier  # scikit-learn: imported to fit, not to tag

    # the package's frames file: frames=None, as the shipped model was trained
    given: dict[str, Any] = {"frames": chosen} if frames_file is not None else {}
    model = StanceClassifier(**settings, **given).fit(train_df["text"].tolist(), train_df[frames])
    info: dict[str, Any] = {
        "data_sha256": _checksum(folder),
        "n_train": len(train_df),
        "seed": seed,
        "params": {k: repr(v) for k, v in sorted(settings.items())},
    }
    info.update(score_splits(model, dev_df))
    if read_threads:
        if threads.is_file():
            info["context"] = fit_context(model, threads)
        else:
            log.warning(Warnings.W245.format(path=threads))
    model.training_info_ = info
    path = save_model(model, target)
    log.info("saved %s (dev F-avg %.3f)", path, info.get("dev", {}).get("f_avg", float("nan")))
    return path


#: Feature-family ablations reported in docs/stance-experiments.md: name → parameters changed
#: from :data:`DEFAULT_PARAMS` (families switched off, or the unused one on).
ABLATIONS: dict[str, dict[str, Any]] = {
    "shipped settings": {},
    "- tfidf": {"tfidf": False},
    "- cues": {"cues": False},
    "- sentiment": {"sentiment": False},
    "+ syntax": {"syntax": True},
    "- scope": {"scope": False},
    "+ tensor": {"tensor": True},
    "cues + sentiment only": {"tfidf": False, "scope": False},
    "- pooled": {"pooled": 0.0},
}


def ablation(corpus_root: str | Path | None = None, seed: int = 0) -> pd.DataFrame:
    """Dev and seed-gold F-avg (overall and per frame) with each feature family removed.

    One row per entry of :data:`ABLATIONS`, trained on the train split with
    :data:`DEFAULT_PARAMS`; nothing is saved. Columns ``dev``,
    ``dev:<frame>``, ``seed_gold``, ``seed_gold:<frame>``.
    """
    from .analysis import as_spans
    from .classifier import StanceClassifier

    train_df = load_corpus("train", corpus_root)
    dev_df = load_corpus("dev", corpus_root)
    frames = [f for f in FRAME_NAMES if f in train_df.columns]
    spans = as_spans(train_df["text"].tolist())
    as_spans(dev_df["text"].tolist())  # parse once, shared by every row
    rows = {}
    for name, off in ABLATIONS.items():
        settings = {**DEFAULT_PARAMS, **off, "random_state": seed}
        model = StanceClassifier(**settings).fit(spans, train_df[frames])
        scores = score_splits(model, dev_df)
        row: dict[str, float] = {}
        for split, res in scores.items():
            row[split] = res["f_avg"]
            row.update({f"{split}:{f}": v for f, v in res["frames"].items()})
        rows[name] = row
    return pd.DataFrame.from_dict(rows, orient="index")

"""Policy stance per sentence and frame: frames as data, the model, the pipeline stage.

The notebook-level API::

    from discourse.stance import FRAME_NAMES, StanceClassifier, load_corpus, evaluate, load_tagger
    train = load_corpus("train")
    clf = StanceClassifier().fit(train.text, train[list(FRAME_NAMES)])  # a tuple: one column key
    clf.predict(["We need to reduce demand for drugs."])
    tagger = load_tagger()            # the shipped model
    tagger.tag_parsed(parsed_thread)  # the `stances` table of one thread

Importing this package registers the ``stance`` stage (see
:mod:`discourse.stages`): one row per segment × frame with ``segment_id,
thread_id, frame, label, score, cue, holder``, computed from the sentence
spans segmentation already parsed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..config import PipelineConfig
from ..lazy import lazy_attributes
from ..segment import ParsedThread
from ..stages import StageFn, Tables, register_stage
from .corpus import load_corpus, read_gold
from .evaluate import EvalReport, evaluate
from .frames import FRAME_NAMES, LABELS, Frame, load_frames
from .sampling import sample_records, sample_sentences
from .tagger import (
    StanceTagger,
    evaluate_gold,
    frame_propositions,
    load_model,
    load_tagger,
    save_model,
    tag_jsonl,
)
from .train import train

if TYPE_CHECKING:
    from .baseline import KeywordSentimentBaseline
    from .classifier import StanceClassifier
    from .features import StanceFeatures

#: Names whose modules import scikit-learn, imported when first asked for (PEP
#: 562): a run only applies the model (see :mod:`discourse.stance.runtime`).
_LAZY: dict[str, str] = {
    "KeywordSentimentBaseline": "baseline",
    "StanceClassifier": "classifier",
    "StanceFeatures": "features",
}


__getattr__ = lazy_attributes(__name__, _LAZY, globals())


__all__ = [
    "FRAME_NAMES",
    "LABELS",
    "EvalReport",
    "Frame",
    "KeywordSentimentBaseline",
    "StanceClassifier",
    "StanceFeatures",
    "StanceTagger",
    "evaluate",
    "evaluate_gold",
    "frame_propositions",
    "load_corpus",
    "load_frames",
    "load_model",
    "load_tagger",
    "read_gold",
    "sample_records",
    "sample_sentences",
    "save_model",
    "tag_jsonl",
    "train",
]


@register_stage("stance", after=("segments",))
def make_stance(config: PipelineConfig) -> StageFn:
    """Load the stance model once; return the per-thread stage producing ``stances``."""
    from ..argmap.claims import use_propositions

    tagger = load_tagger(config)
    # the maps and reports drawn from this run's stances name the model's frames'
    # propositions, a fifth frame's too (the package's frames file has only four)
    use_propositions(frame_propositions(config))

    def stage(parsed: ParsedThread, tables: Tables) -> Tables:
        return {"stances": tagger.tag_parsed(parsed)}

    return stage

"""discourse: stance, entities and argument maps for public debate about drug policy.

The notebook-level API::

    import discourse
    threads = discourse.read_path("corpus/guatemala-post.txt")
    nlp = discourse.load_nlp()
    segments = discourse.segments_to_frame(discourse.segment_threads(threads, nlp))
"""

from __future__ import annotations

# Ahead of spaCy and pandas on purpose. skops (imported when a stance model is
# loaded) names each of SciPy's ~230 ufuncs by scanning ``sys.modules`` in
# import order until it finds the module holding it; with ``scipy.special``
# among the first few hundred modules instead of after ~1,700 that scan takes
# 0.1 s instead of 1-1.5 s, in every process that loads a model. Importing it
# costs 0.3 s, which loading the model would pay anyway (scikit-learn needs it).
import scipy.special  # noqa: F401

from .config import PipelineConfig, load_config
from .ingest import iter_files, load, read_path
from .model import (
    Segment,
    SourceMap,
    Thread,
    Utterance,
    segments_from_frame,
    segments_to_frame,
    threads_from_frames,
    threads_to_frame,
    utterances_to_frame,
)
from .nlp import load_nlp
from .segment import parse_threads, segment_threads

__version__ = "0.1.0"

__all__ = [
    "PipelineConfig",
    "Segment",
    "SourceMap",
    "Thread",
    "Utterance",
    "__version__",
    "iter_files",
    "load",
    "load_config",
    "load_nlp",
    "parse_threads",
    "read_path",
    "segment_threads",
    "segments_from_frame",
    "segments_to_frame",
    "threads_from_frames",
    "threads_to_frame",
    "utterances_to_frame",
]

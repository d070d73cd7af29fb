"""discourse: stance, entities and argument maps for public debate about drug policy.

The notebook-level API::

    import discourse
    threads = discourse.read_path("corpus/guatemala-post.txt")
    nlp = discourse.load_nlp()
    segments = discourse.segments_to_frame(discourse.segment_threads(threads, nlp))
"""

from __future__ import annotations

from typing import TYPE_CHECKING

# Ahead of pandas (and spaCy) on purpose. skops (imported when a skops model
# is loaded: notebooks, `discourse train` and `eval`; a run reads the compiled
# form) names each of SciPy's ~230 ufuncs by scanning ``sys.modules`` in
# import order until it finds the module holding it; with ``scipy.special``
# among the first few hundred modules instead of after ~1,700 that scan takes
# 0.1 s instead of 1-1.5 s (0.6 s when imported after pandas and the CLI's
# modules). Importing it costs 0.3 s, which a run pays anyway (the key points'
# ``scipy.cluster`` imports it) and scikit-learn too.
import scipy.special  # noqa: F401

from .config import PipelineConfig, load_config
from .ingest import iter_files, load, read_path
from .lazy import lazy_attributes
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

__version__ = "0.1.0"

#: Names served by importing their module on first use: they need spaCy, which
#: takes about a second to import and which a run with nothing new to analyse
#: (or ``discourse --help``) never uses.
_LAZY = {"load_nlp": "nlp", "parse_threads": "segment", "segment_threads": "segment"}

if TYPE_CHECKING:
    from .nlp import load_nlp
    from .segment import parse_threads, segment_threads


__getattr__ = lazy_attributes(__name__, _LAZY, globals())


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

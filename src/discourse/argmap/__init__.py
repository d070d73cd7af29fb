"""Argument maps: who claims what, for or against which policy, on what grounds.

Segments tagged with stance become *claims* (:mod:`.claims`); replies,
agreement cues, quotations and shared or opposed stances become the
``relations`` table (:mod:`.relations`, registered here as the ``relations``
stage); both are aggregated into a networkx map per thread or for a corpus
(:mod:`.graph`), whose claims are grouped into key points
(:mod:`.keypoints`), and written as AIF, Argdown, GraphML, DOT or an SVG
picture (:mod:`.export`, :mod:`.render`).

From a notebook::

    from discourse.argmap import build_thread_map, write_maps
    graph = build_thread_map(result.parsed.thread, result.tables)
    write_maps(graph, "maps", "guatemala-post")
"""

from __future__ import annotations

from ..config import PipelineConfig
from ..segment import ParsedThread
from ..stages import StageFn, Tables, register_stage
from .api import analyse_paths, map_files, map_text
from .claims import Claim, Issue, claims_frame, extract_claims, issues_for, use_propositions
from .export import FORMATS, SUFFIXES, map_path, to_aif, to_argdown, to_dot, write_map, write_maps
from .graph import (
    add_key_points,
    build_corpus_map,
    build_thread_map,
    edges_of,
    merge_thread_maps,
    nodes_of,
)
from .keypoints import KEY_POINT_COLUMNS, cluster_claims, key_points
from .relations import RELATION_TYPES, compute_relations
from .render import render_svg

__all__ = [
    "FORMATS",
    "KEY_POINT_COLUMNS",
    "RELATION_TYPES",
    "SUFFIXES",
    "Claim",
    "Issue",
    "add_key_points",
    "analyse_paths",
    "build_corpus_map",
    "build_thread_map",
    "claims_frame",
    "cluster_claims",
    "compute_relations",
    "edges_of",
    "extract_claims",
    "issues_for",
    "key_points",
    "make_relations_stage",
    "map_files",
    "map_path",
    "map_text",
    "merge_thread_maps",
    "nodes_of",
    "render_svg",
    "to_aif",
    "to_argdown",
    "to_dot",
    "use_propositions",
    "write_map",
    "write_maps",
]


@register_stage("relations", after=("stance",))
def make_relations_stage(config: PipelineConfig) -> StageFn:
    """The ``relations`` stage: replies, agreement, disagreement and quotes of one thread.

    Uses the ``stances`` table when an earlier stage produced it (for
    agreement by shared stance); needs no model.
    """

    def stage(parsed: ParsedThread, tables: Tables) -> Tables:
        return {
            "relations": compute_relations(parsed.thread, tables["segments"], tables.get("stances"))
        }

    return stage

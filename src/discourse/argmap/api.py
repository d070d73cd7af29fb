"""The plain functions behind ``discourse map``: thread files in, map files out."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from ..config import PipelineConfig
from ..errors import Errors, IngestError, Warnings
from ..ingest import iter_files, load
from ..model import Thread
from ..nlp import nlp_from_config
from ..segment import parse_threads
from ..stages import Tables, build_analyser
from .export import FORMATS, SUFFIXES, _check_format, to_aif, to_argdown, to_dot, write_map
from .graph import build_corpus_map, build_thread_map

log = logging.getLogger(__name__)


@dataclass
class MapRun:
    """What :func:`map_files` did: files written, per-file errors and warnings."""

    outputs: list[Path] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    threads: int = 0


def analyse_paths(
    paths: Iterable[str | Path],
    config: PipelineConfig | None = None,
    report: MapRun | None = None,
) -> Iterator[tuple[Thread, Tables]]:
    """Ingest, parse and analyse the threads under ``paths`` with the configured stages.

    Yields ``(thread, tables)`` one thread at a time (the same
    :func:`~discourse.segment.parse_threads` and
    :func:`~discourse.stages.build_analyser` as ``discourse run``). Unreadable
    files are skipped and recorded in ``report``.
    """
    config = config or PipelineConfig()
    report = report if report is not None else MapRun()

    def threads() -> Iterator[Thread]:
        for path in iter_files(paths, exclude=config["ingest"]["exclude"]):
            try:
                loaded = load(path)
            except IngestError as err:
                log.info("%s", err)  # recorded in the report; the CLI prints it once
                report.errors.append(str(err))
                continue
            report.warnings.extend(loaded.warnings)
            yield from loaded.threads

    nlp = nlp_from_config(config)
    analyse = build_analyser(config)
    for parsed in parse_threads(
        threads(),
        nlp,
        batch_size=config["nlp"]["batch_size"],
        max_chars=config["segment"]["max_chars"],
    ):
        result = analyse(parsed)
        if "stances" not in result.tables:
            msg = Warnings.W400.format(thread=parsed.thread.id)
            log.info(msg)
            report.warnings.append(msg)
        report.threads += 1
        yield parsed.thread, result.tables


def map_text(graph: nx.MultiDiGraph, fmt: str) -> str:
    """The map in ``fmt`` as text (every format is text, SVG included)."""
    _check_format(fmt)
    if fmt == "aif":
        import json

        return json.dumps(to_aif(graph), ensure_ascii=False)  # as write_map writes it
    if fmt == "argdown":
        return to_argdown(graph)
    if fmt == "dot":
        return to_dot(graph)
    if fmt == "graphml":  # what write_map writes (control characters dropped)
        from .export import _GRAPHML_SPECIAL, to_graphml

        if not _GRAPHML_SPECIAL & set(graph.graph):
            return to_graphml(graph) + "\n"
        return "\n".join(nx.generate_graphml(graph)) + "\n"
    from .render import svg_text

    return svg_text(graph)


def map_files(
    paths: Iterable[str | Path],
    *,
    fmt: str = "svg",
    output: str | Path | None = None,
    corpus: bool = False,
    config: PipelineConfig | None = None,
    stdout: io.TextIOBase | None = None,
) -> MapRun:
    """Analyse the thread files under ``paths`` and write their argument maps.

    One map per thread, or with ``corpus=True`` one map of all threads
    (merged issues, speakers and entities, plus key points). ``output`` is a
    file (only when there is one map) or a folder, which receives
    ``<thread-id><suffix>`` / ``corpus<suffix>`` (suffixes in
    :data:`~discourse.argmap.export.SUFFIXES`); without ``output`` the single
    map is written to ``stdout`` as text.

    Raises ``ValueError`` with ``[E400]`` for an unknown format, ``[E401]``
    when no thread could be read and ``[E402]`` when several maps would go to
    one file.
    """
    from ..report import file_stem  # named as the reports name them; report imports argmap

    _check_format(fmt)
    paths = [Path(p) for p in paths]
    report = MapRun()
    items = analyse_paths(paths, config, report)
    if corpus:
        graphs = [("corpus", build_corpus_map(items))]
    else:
        graphs = [(file_stem(t.id), build_thread_map(t, tables)) for t, tables in items]
    if report.threads == 0:
        # the per-file reasons go into the one line: the caller gets no report to print
        why = f" {' '.join(report.errors)}" if report.errors else ""
        raise ValueError(Errors.E401.format(paths=", ".join(str(p) for p in paths)) + why)
    out = Path(output) if output is not None else None
    # a name without suffix is a folder to create, unless it is an existing file
    to_folder = out is not None and (out.is_dir() or (not out.suffix and not out.exists()))
    if len(graphs) > 1 and not to_folder:
        if out is not None and not out.suffix and out.exists():
            raise ValueError(Errors.E404.format(path=out, count=len(graphs)))
        raise ValueError(Errors.E402.format(path=out or "<stdout>", count=len(graphs)))
    for stem, graph in graphs:
        if out is None:
            import sys

            (stdout or sys.stdout).write(map_text(graph, fmt))
            continue
        target = out / f"{stem}{SUFFIXES[fmt]}" if to_folder else out
        try:
            report.outputs.append(write_map(graph, target, fmt))
        except OSError as err:
            detail = err.strerror or str(err)
            where = (
                f" ({err.filename})" if err.filename and str(err.filename) != str(target) else ""
            )
            raise ValueError(Errors.E403.format(path=target, detail=f"{detail}{where}")) from err
    return report


__all__ = ["FORMATS", "MapRun", "analyse_paths", "map_files", "map_text"]

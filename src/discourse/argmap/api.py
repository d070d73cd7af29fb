"""The plain functions behind ``discourse map``: thread files in, map files out."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from ..config import PipelineConfig
from ..errors import Errors, IngestError, StageError, Warnings
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
    :func:`~discourse.stages.build_analyser` as ``discourse run``).

    A file that cannot be read is skipped, so one bad file does not stop a
    batch: with ``report`` its error is recorded there (and the readers'
    warnings and [W400]; ``discourse map`` prints them), without it they are
    logged as warnings. A path in ``paths`` that does not exist at all is the
    caller's mistake, not a bad file: without ``report`` it raises
    :class:`~discourse.errors.IngestError` [E001] at the call, before anything
    is loaded, as :func:`discourse.read_path` does; with ``report`` it is
    recorded like any unreadable file (the CLI names it in its errors).
    """
    named = [Path(p) for p in paths]
    if report is None:
        for path in named:
            if not path.exists():
                raise IngestError(Errors.E001, path)
    return _analyse(named, config or PipelineConfig(), report)


def _analyse(
    paths: list[Path], config: PipelineConfig, report: MapRun | None
) -> Iterator[tuple[Thread, Tables]]:
    """:func:`analyse_paths` once its paths are checked."""
    # recorded for the caller to show, or logged where nobody would see a report
    level = logging.INFO if report is not None else logging.WARNING
    run = report if report is not None else MapRun()

    from ..run import long_utterance_warnings  # run imports argmap

    def threads() -> Iterator[Thread]:
        for path in iter_files(paths, exclude=config["ingest"]["exclude"]):
            try:
                loaded = load(path)
            except IngestError as err:
                log.log(level, "%s", err)
                run.errors.append(str(err))
                continue
            messages = list(loaded.warnings)
            for thread in loaded.threads:  # parsed in pieces, as run and segment say
                messages += long_utterance_warnings(thread, path, config["segment"]["max_chars"])
            for message in messages:
                log.log(level, "%s", message)
            run.warnings.extend(messages)
            yield from loaded.threads

    nlp = nlp_from_config(config)
    analyse = build_analyser(config)
    for parsed in parse_threads(
        threads(),
        nlp,
        batch_size=config["nlp"]["batch_size"],
        max_chars=config["segment"]["max_chars"],
    ):
        try:
            result = analyse(parsed)
        except StageError as err:
            thread = parsed.thread
            if report is not None:  # as `discourse run`: [E507] for this thread, the rest go on
                log.info("analysing %s failed", thread.id, exc_info=True)
                run.errors.append(err.message(thread.source or thread.id, thread.id))
                continue
            if not err.returned and isinstance(err.__cause__, Exception):
                raise err.__cause__ from None  # the stage's own error, for a notebook's traceback
            raise ValueError(err.message(thread.source or thread.id, thread.id)) from err
        if "stances" not in result.tables:
            msg = Warnings.W400.format(thread=parsed.thread.id)
            log.log(level, "%s", msg)
            run.warnings.append(msg)
        run.threads += 1
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
    when no thread could be read, ``[E402]`` when several maps would go to
    one new file (or stdout), ``[E404]`` when they would go to an existing
    file (with or without a suffix) and ``[E403]`` when a map cannot be
    written.
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
        # E404 for any existing file (with a suffix or without), as the README
        # defines it: "maps.svg" exists, so it cannot be meant as a new folder either
        if out is not None and out.exists():
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

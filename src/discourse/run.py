"""The main job behind ``discourse run``: corpus files in, tables and reports out.

:func:`run_corpus` is what the CLI calls and what a notebook can call with the
same arguments. Bad files never stop the batch: each failure becomes one
line in :attr:`RunSummary.errors` and the remaining files are processed.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .config import PipelineConfig
from .errors import IngestError
from .ingest import iter_files, load
from .io import write_records
from .model import Thread, segments_to_frame, threads_to_frame, utterances_to_frame
from .nlp import load_nlp
from .segment import parse_threads

log = logging.getLogger(__name__)


@dataclass
class RunSummary:
    """What a run did: counts, per-file errors and warnings, timing."""

    files: int = 0
    threads: int = 0
    utterances: int = 0
    segments: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)  # (path, message)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    outputs: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    def error_lines(self) -> list[str]:
        """One line per failed file."""
        return [msg for _, msg in self.errors]

    def warning_lines(self) -> list[str]:
        """One line per warning."""
        return [msg for _, msg in self.warnings]

    def describe(self) -> str:
        """Human summary printed at the end of ``discourse run``."""
        return (
            f"{self.files} files, {self.threads} threads, {self.utterances} utterances, "
            f"{self.segments} segments in {self.seconds:.1f}s; "
            f"{len(self.errors)} errors, {len(self.warnings)} warnings; "
            f"outputs: {', '.join(str(p) for p in self.outputs) or 'none'}"
        )


def ingest(
    paths: Iterable[str | Path], config: PipelineConfig, summary: RunSummary
) -> Iterator[Thread]:
    """Threads from every readable file; failures are recorded in ``summary``."""
    for path in iter_files(paths, exclude=config["ingest"]["exclude"]):
        summary.files += 1
        try:
            loaded = load(path)
        except IngestError as err:
            log.error("%s", err)
            summary.errors.append((str(path), str(err)))
            continue
        summary.warnings.extend((str(path), w) for w in loaded.warnings)
        yield from loaded.threads


def run_corpus(
    paths: Iterable[str | Path],
    *,
    out: str | Path = "reports",
    store: str | Path | None = None,
    config: PipelineConfig | None = None,
) -> RunSummary:
    """Ingest and segment every thread under ``paths``; write tables under ``out``."""
    config = config or PipelineConfig()
    started = time.perf_counter()
    summary = RunSummary()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    nlp = load_nlp(tuple(config["nlp"]["models"]), tuple(config["segment"]["abbreviations"]))
    threads: list[Thread] = []
    segments = []
    for parsed in parse_threads(
        ingest(paths, config, summary),
        nlp,
        batch_size=config["nlp"]["batch_size"],
        max_chars=config["segment"]["max_chars"],
    ):
        threads.append(parsed.thread)
        segments.extend(parsed.segments)
    summary.threads = len(threads)
    summary.utterances = sum(len(t.utterances) for t in threads)
    summary.segments = len(segments)
    tables = {
        "threads": threads_to_frame(threads),
        "utterances": utterances_to_frame(threads),
        "segments": segments_to_frame(segments),
    }
    for name, frame in tables.items():
        for fmt in config["outputs"]["tables"]:
            target = out / f"{name}.{fmt}"
            write_records(frame, target)
            summary.outputs.append(target)
    summary.seconds = time.perf_counter() - started
    return summary

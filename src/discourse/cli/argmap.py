"""``discourse map``: argument maps of threads, in the formats mapping tools read."""

from __future__ import annotations

from pathlib import Path

import typer

from ..config import load_config
from ..errors import ConfigError
from ._app import app, fail, say


@app.command("map")
def map_command(
    paths: list[Path] = typer.Argument(..., help="Thread files or folders."),
    fmt: str = typer.Option(
        "svg", "--format", "-f", help="aif (AIF JSON), argdown, graphml, dot or svg."
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help="Output file (one map) or folder (one file per thread); default: stdout.",
    ),
    corpus: bool = typer.Option(
        False,
        "--corpus",
        help="One map of all threads, with key points, instead of one per thread.",
    ),
    pipeline: Path | None = typer.Option(None, "--pipeline", "-p", help="Pipeline TOML."),
) -> None:
    """Argument map of each thread (or of the corpus): issues, claims, speakers, agreement.

    Runs ingest, segmentation and the configured stages, then writes the map:
    AIF JSON (OVA, AIFdb, arguebuf), Argdown, GraphML (Gephi), DOT or an SVG picture.
    """
    from ..argmap.api import map_files

    try:
        config = load_config(pipeline)
        report = map_files(paths, fmt=fmt, output=output, corpus=corpus, config=config)
    except (ConfigError, ValueError, OSError) as err:
        raise fail(str(err)) from err
    for line in report.errors:
        say("error", line)
    for line in report.warnings:
        say("warning", line)
    for p in report.outputs:
        say("", f"wrote {p}")
    if report.errors:
        raise typer.Exit(1)

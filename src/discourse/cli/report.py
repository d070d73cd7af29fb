"""``discourse report``: rebuild the stance reports and argument maps from the store alone."""

from __future__ import annotations

from pathlib import Path

import typer

from ..config import load_config
from ..errors import ConfigError, Errors, StoreError
from ._app import app, err_console, fail, say


@app.command()
def report(
    store: Path | None = typer.Option(
        None, "--store", help="DuckDB store file (default: <out>/discourse.duckdb)."
    ),
    out: Path = typer.Option(Path("reports"), "--out", "-o", help="Reports folder."),
    pipeline: Path | None = typer.Option(None, "--pipeline", "-p", help="Pipeline TOML."),
) -> None:
    """Rebuild every report and map from the store, without re-analysing anything.

    Writes OUT/index.html and report.md (corpus), OUT/threads/<id>.html|.md,
    OUT/maps/, OUT/tables/ (CSV behind each page) and OUT/data/ (store export).
    Outputs that cannot be written are one coded line each (W500, W502), the
    others are written, and the exit code is 1 (E513).
    """
    from ..report import build_reports

    problems: list[str] = []

    def warn(path: str, message: str) -> None:
        problems.append(message)

    try:
        config = load_config(pipeline)
        with err_console.status("rebuilding reports from the store"):
            written = build_reports(store=store, out=out, config=config, warn=warn)
    except (StoreError, ConfigError, OSError) as err:  # OSError: [E016] for --out
        raise fail(str(err)) from err
    for message in problems:
        say("warning", message)
    if problems:
        typer.echo(f"{len(written)} files written under {out}")
        raise fail(Errors.E513.format(path=out, count=len(problems)))
    if config["outputs"]["reports"]:
        typer.echo(f"{len(written)} files written under {out}; open {out / 'index.html'}")
    else:  # maps and tables only: there is no page to open
        typer.echo(f"{len(written)} files written under {out} (reports off)")

"""The ``discourse`` command line.

Thin by design (after spaCy's ``cli/``): each command parses its options,
calls one plain function that a notebook can call with the same arguments,
shows progress, and turns errors into a one-line message and an exit code.
"""

from __future__ import annotations

import io
import logging
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape

from .. import __version__
from ..config import load_config
from ..errors import ConfigError, Errors, IngestError
from ..ingest import iter_files, load, readers, source_text
from ..io import RECORD_SUFFIXES, check_output_path, check_records_path, write_records
from ..model import segments_to_frame

FORMATS_HELP = (
    "Input formats (chosen by extension, else by content): "
    + "; ".join(f"{r.name} ({', '.join(r.suffixes)}): {r.description}" for r in readers.values())
    + ". README, section Input formats, says how each is read."
)

app = typer.Typer(
    name="discourse",
    help="Analyse public debate about drug policy: threads (an article and its comments) in; "
    "segments, stance, entity mentions, argument maps and stance reports out.\n\n" + FORMATS_HELP,
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,  # help texts quote settings like "[entities] gazetteer" literally
    pretty_exceptions_enable=False,
)
# soft_wrap: a message stays on one line however narrow the terminal (batch logs grep it)
err_console = Console(stderr=True, soft_wrap=True)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"discourse {__version__}")
        raise typer.Exit()


class _SayHandler(logging.Handler):
    """Log records as the commands' own lines: ``warning [W233] …``, ``error …``.

    Library code logs its coded warnings (never prints them); on the command
    line they read like every other message, one line each. Progress details
    (``--verbose``, INFO and below) keep the ``INFO name: message`` form,
    followed by the traceback of a record logged with one.
    """

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
            if record.levelno >= logging.ERROR:
                say("error", message)
            elif record.levelno >= logging.WARNING:
                say("warning", message)
            else:  # --verbose: with the traceback behind it (an E507's stage bug)
                if record.exc_info:
                    message += "\n" + "".join(traceback.format_exception(*record.exc_info))
                say("", f"{record.levelname} {record.name}: {message}")
        except Exception:  # pragma: no cover - logging must never fail a command
            self.handleError(record)


@app.callback()
def main(
    ctx: typer.Context,
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log progress details."),
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Set up logging for every command: warnings as one ``warning [Wnnn] …`` line each."""
    root = logging.getLogger()
    handler = _SayHandler()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO if verbose else logging.WARNING)

    def restore() -> None:  # the app called in-process (tests, a notebook) leaves no trace
        root.removeHandler(handler)
        root.setLevel(level)

    ctx.call_on_close(restore)


def say(kind: str, message: str) -> None:
    """Print ``message`` on stderr after a coloured ``kind`` ("error", "warning" or "").

    The message is escaped: file names, thread ids and the messages quoting
    them (``[draft] post.json``, ``[run] max_utterance_chars``) are text,
    not Rich markup.
    """
    colour = {"error": "red", "warning": "yellow"}.get(kind)
    prefix = f"[{colour}]{kind}[/{colour}] " if colour else ""
    err_console.print(prefix + escape(message), highlight=False, markup=True)


def report_skipped(skipped: Sequence[Exception], done: int, output: Path | None) -> None:
    """After a tagging batch: each bad record's error, then exit 1 if any was left out.

    The good records are already written; the exit code tells a script that
    the output is not complete.
    """
    for err in skipped:
        say("error", str(err))
    where = f" → {shown(output)}" if output is not None else ""
    if skipped:
        say("", f"tagged {done} record(s){where}; {len(skipped)} left out (see above)")
        raise typer.Exit(1)
    if output is not None:
        say("", f"tagged {done} record(s){where}")


def fail_after(skipped: Sequence[Exception], message: str) -> typer.Exit:
    """:func:`fail` after naming the records a batch left out before it stopped."""
    for err in skipped:
        say("error", str(err))
    return fail(message)


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print ``message`` on stderr and return an Exit to raise."""
    say("error", message)
    return typer.Exit(code)


def shown(path: Path | str) -> str:
    """A path for a summary line: ``stdout`` for ``-``."""
    return "stdout" if str(path) == "-" else str(path)


def closed_pipe() -> typer.Exit:
    """A reader of stdout went away (``discourse stance … | head``): stop quietly, exit 0.

    Later writes and the final flush would fail again, so stdout is pointed
    at the null device first (as the Python docs advise for SIGPIPE).
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, io.UnsupportedOperation):  # no real stdout (tests)
        pass
    return typer.Exit(0)


def check_input(path: Path) -> None:
    """Before the work: ``-`` reads stdin (held in memory); an empty or blank input is ``[E002]``.

    Tagging nothing would report success and replace an existing output
    with an empty file. A missing or unreadable path is left to the reader,
    which names it (``[E001]``, ``[E013]``).
    """
    if str(path) == "-":
        data = sys.stdin.read()
        if not data.lstrip("\ufeff").strip():
            raise IngestError(Errors.E002, "<stdin>")
        sys.stdin = io.StringIO(data)
        return
    if not path.is_file():
        return
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1 << 16):
                if chunk.replace(b"\xef\xbb\xbf", b"").strip():
                    return
    except OSError:  # the reader names it
        return
    raise IngestError(Errors.E002, path)


#: How standard input is named in messages and thread ids (``discourse segment -``).
STDIN = Path("<stdin>")


@app.command()
def segment(
    paths: list[Path] = typer.Argument(
        ..., metavar="PATH", help="Thread files or folders; - reads one thread file from stdin."
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help="Write here, by suffix: "
        + ", ".join(RECORD_SUFFIXES)
        + " (.jsonl and .ndjson are JSON Lines, .json one JSON array); default JSON Lines on stdout (-).",
    ),
    pipeline: Path | None = typer.Option(None, "--pipeline", "-p", help="Pipeline TOML."),
) -> None:
    """Split threads into sentence segments with offsets into each utterance and its file.

    Writes one record per sentence: id, thread_id, utterance_id, kind (article
    or comment), speaker, index, start, end, text, paragraph, source_start,
    source_end. start/end are offsets into the utterance text; source_start/
    source_end into the file read (page dumps and HTML pages; empty for JSON,
    JSON Lines, CSV and Disqus input, see README "Data model").
    """
    try:
        check_records_path(output)
        check_output_path(output)
        config = load_config(pipeline)
        from ..nlp import nlp_from_config  # spaCy: only for the commands that parse

        nlp = nlp_from_config(config, entities=False)
    except (ConfigError, OSError, ValueError) as err:
        raise fail(str(err)) from err
    from ..run import long_utterance_warnings
    from ..segment import segment_threads

    threads, failed = [], 0
    files = [p for p in paths if str(p) != "-"]
    sources: list[tuple[Path, bytes | None]] = []
    if len(files) < len(paths):  # "-": one thread file on stdin, its format told by content
        sources.append((STDIN, sys.stdin.buffer.read()))
    sources += [(path, None) for path in iter_files(files, exclude=config["ingest"]["exclude"])]
    for path, data in sources:
        try:
            loaded = load(path, data=data)  # stdin: told by content
        except IngestError as err:
            say("error", str(err))
            failed += 1
            continue
        for w in loaded.warnings:
            say("warning", w)
        name = source_text(path)
        for thread in loaded.threads:  # as `discourse run` does: parsed in pieces
            for message in long_utterance_warnings(thread, name, config["segment"]["max_chars"]):
                say("warning", message)
        threads.extend(loaded.threads)
    if failed and not threads and output is not None and str(output) != "-":
        # as stance, entities and map do: earlier results are not emptied
        raise fail(Errors.E027.format(path=output))
    frame = segments_to_frame(
        segment_threads(
            threads,
            nlp,
            batch_size=config["nlp"]["batch_size"],
            max_chars=config["segment"]["max_chars"],
        )
    )
    try:
        write_records(frame, output)
    except BrokenPipeError:
        raise closed_pipe() from None
    except OSError as err:
        raise fail(str(err)) from err
    if failed:
        raise typer.Exit(1)


@app.command()
def run(
    paths: list[Path] = typer.Argument(None, help="Thread files or folders (default: corpus/)."),
    out: Path = typer.Option(Path("reports"), "--out", "-o", help="Reports folder."),
    store: Path | None = typer.Option(
        None, "--store", help="DuckDB store file (default: <out>/discourse.duckdb)."
    ),
    pipeline: Path | None = typer.Option(None, "--pipeline", "-p", help="Pipeline TOML."),
    workers: int | None = typer.Option(
        None,
        "--workers",
        "-w",
        help="Analyse in N processes (default: run.workers in the pipeline TOML).",
    ),
    force: bool = typer.Option(False, "--force", help="Re-analyse unchanged threads too."),
    prune: bool = typer.Option(
        False,
        "--prune",
        help="Remove stored threads whose file is gone from the corpus folders "
        "or no longer holds them.",
    ),
) -> None:
    """The weekly job: ingest, analyse new and changed threads, store, write maps and reports.

    Threads already in the store with the same content are skipped before
    parsing; bad files are reported and skipped. Exit code 1 if any file
    failed or an output could not be written (E513), 0 otherwise (other
    warnings do not fail the run); 130 after Ctrl-C,
    with how many threads were stored and how many are left (W514).
    """
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    from ..errors import StoreError
    from ..run import RunInterrupted, RunSummary, run_corpus

    try:
        config = load_config(pipeline)
    except ConfigError as err:
        raise fail(str(err)) from err
    segments = 0
    interrupted: RunSummary | None = None
    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]analysing[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("threads · {task.fields[segments]} segments · {task.fields[rate]} seg/s"),
        TimeElapsedColumn(),
        TextColumn("{task.fields[current]}"),
        console=err_console,
        transient=True,
        # piped or redirected there is nothing to animate, and rich would
        # still end the display with a blank line under the run's messages
        disable=not err_console.is_terminal,
    ) as bar:
        task = bar.add_task("run", total=None, segments=0, rate="–", current="")

        def progress(thread_id: str, n: int) -> None:
            nonlocal segments
            segments += n
            elapsed = bar.tasks[0].elapsed or 0.0
            rate = f"{segments / elapsed:.0f}" if elapsed > 0 else "–"
            bar.update(task, advance=1, segments=segments, rate=rate, current=escape(thread_id))

        try:
            summary = run_corpus(
                paths or [Path("corpus")],
                out=out,
                store=store,
                config=config,
                workers=workers,
                force=force,
                prune=prune,
                progress=progress,
            )
        except (StoreError, ConfigError, ValueError, OSError) as err:
            raise fail(str(err)) from err
        except RunInterrupted as stop:  # reported below, once the progress bar is gone
            interrupted = stop.summary
        except KeyboardInterrupt:  # before the run was recorded, or while finishing it
            raise fail(
                "interrupted; everything stored so far is kept — run again to finish.", 130
            ) from None
    if interrupted is not None:
        # what it met before the interruption, then how far it got (W514, its last line)
        for line in interrupted.error_lines():
            say("error", line)
        for line in interrupted.warning_lines():
            say("warning", line)
        raise typer.Exit(130)
    for line in summary.error_lines():
        say("error", line)
    for line in summary.warning_lines():
        say("warning", line)
    typer.echo(summary.describe())
    if summary.errors:
        raise typer.Exit(1)


if __name__ == "__main__":  # pragma: no cover
    app()

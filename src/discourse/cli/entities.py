"""``discourse entities`` and ``discourse entities-eval``: entity mentions on JSON Lines.

Both wrap plain functions of :mod:`discourse.entities` (``tag_file``,
``evaluate_file``, ``stock_predictions``) that a notebook calls with the same
arguments.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from ..config import load_config
from ..errors import ConfigError, Errors, IngestError
from ..io import check_output_path, write_jsonl
from ._app import app, check_input, closed_pipe, fail, fail_after, report_skipped


def _nlp_for(pipeline: Path | None, gazetteer: Path | None):
    from ..entities import gazetteer_setting
    from ..nlp import load_nlp  # spaCy: imported by the commands that parse, not by the CLI

    config = load_config(pipeline)
    gaz = str(gazetteer) if gazetteer is not None else gazetteer_setting(config)
    nlp = load_nlp(
        tuple(config["nlp"]["models"]),
        tuple(config["segment"]["abbreviations"]),
        entities=True,
        gazetteer=gaz,
    )
    return config, nlp


@app.command("entities")
def entities_command(
    input: Path = typer.Argument(
        ..., metavar="INPUT.jsonl", help="JSON Lines with id and text per line; - reads stdin."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write JSON Lines here (default: stdout, -)."
    ),
    pipeline: Path | None = typer.Option(None, "--pipeline", "-p", help="Pipeline TOML."),
    gazetteer: Path | None = typer.Option(
        None, "--gazetteer", "-g", help="Gazetteer JSONL (default: [entities] gazetteer)."
    ),
) -> None:
    """Tag entity mentions: {id, text} lines in; {id, mentions} lines out.

    Each mention has start, end (offsets into text), text, label (PERSON, NORP,
    ORG, GPE, LOC), kind, entity_id and canonical. Lines of one thread (same
    thread_id, or same id prefix before the first "/") are linked together,
    wherever they are in the file. Texts longer than [segment] max_chars are
    analysed in pieces.
    """
    from ..entities import tag_file

    skipped: list[Exception] = []
    try:
        check_output_path(output)
        check_input(input)
        config, nlp = _nlp_for(pipeline, gazetteer)
        records = list(
            tag_file(
                input,
                nlp,
                batch_size=config["nlp"]["batch_size"],
                max_chars=config["segment"]["max_chars"],
                on_error=skipped.append,
            )
        )
    except (ConfigError, IngestError, OSError) as err:
        raise fail(str(err)) from err
    if skipped and not records:  # a wrong file: keep the output it would have replaced
        raise fail_after(skipped, Errors.E307.format(path=input, count=len(skipped)))
    try:
        write_jsonl(records, output)
    except BrokenPipeError:
        raise closed_pipe() from None
    except OSError as err:
        raise fail_after(skipped, str(err)) from err
    report_skipped(skipped, len(records), output)


@app.command("entities-eval")
def entities_eval_command(
    gold: Path = typer.Argument(
        ..., metavar="GOLD.jsonl", help="Gold JSON Lines: id, text, mentions with entity."
    ),
    pipeline: Path | None = typer.Option(None, "--pipeline", "-p", help="Pipeline TOML."),
    gazetteer: Path | None = typer.Option(
        None, "--gazetteer", "-g", help="Gazetteer JSONL (default: [entities] gazetteer)."
    ),
    stock: bool = typer.Option(
        False,
        "--stock",
        help="Also score the stock model (no gazetteer, link by lower-cased text).",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
) -> None:
    """Score entity mentions against gold: lenient span F1 and pairwise linking F1."""
    import spacy

    from ..entities import evaluate, evaluate_file, read_gold, stock_predictions
    from ..nlp import resolve_model

    try:
        config, nlp = _nlp_for(pipeline, gazetteer)
        scores = {
            "discourse": evaluate_file(
                gold,
                nlp,
                batch_size=config["nlp"]["batch_size"],
                max_chars=config["segment"]["max_chars"],
            )
        }
        if stock:
            base = spacy.load(resolve_model(tuple(config["nlp"]["models"])))
            records = read_gold(gold)
            scores["stock"] = evaluate(records, stock_predictions(records, base))
    except (ConfigError, IngestError, OSError) as err:
        raise fail(str(err)) from err
    if as_json:
        typer.echo(json.dumps({k: v.to_dict() for k, v in scores.items()}, indent=2))
        return
    for name, s in scores.items():
        typer.echo(f"{name:>9}: {s.describe()}")

"""``discourse train``, ``discourse stance`` and ``discourse eval``: the stance model's commands.

Each wraps a plain function of :mod:`discourse.stance` that a notebook can
call with the same arguments (:func:`~discourse.stance.train`,
:func:`~discourse.stance.tag_jsonl`, :func:`~discourse.stance.evaluate_gold`).
"""

from __future__ import annotations

from pathlib import Path

import typer

from ..errors import IngestError
from ..io import check_output_path
from ._app import (
    app,
    check_input,
    closed_pipe,
    err_console,
    fail,
    fail_after,
    report_skipped,
)


@app.command("train")
def train_cmd(
    corpus: Path | None = typer.Option(
        None,
        "--corpus",
        help="Annotated corpus folder with train.jsonl and dev.jsonl, or the repository root "
        "(default: corpus/annotated).",
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help="Model file to write (default: the package's data/stance_model.skops, or "
        "data/stance_model_encoder.skops with --encoder).",
    ),
    seed: int = typer.Option(
        0, "--seed", help="Random seed; same data and seed give the same model."
    ),
    encoder: bool = typer.Option(
        False,
        "--encoder",
        help="Also read each sentence's all-MiniLM-L6-v2 vector and its cue words in "
        "context: the shipped 'encoder' model.",
    ),
    tune: bool = typer.Option(
        False,
        "--tune",
        help="The encoder model with the encoder's top layers fine-tuned on the labels "
        "(about 6 minutes longer; not shipped: needs --output).",
    ),
    frames: Path | None = typer.Option(
        None,
        "--frames",
        metavar="FRAMES.json",
        help="Frames file (default: the package's data/frames.json): every frame of it that "
        "the train split labels is trained, so a frame you added there is learnt too.",
    ),
    context: bool | None = typer.Option(
        None,
        "--context/--no-context",
        help="Fit a context reader on the threads of written/context_threads.jsonl, so a run "
        "reads each sentence in its thread (default: with --encoder only).",
        show_default=False,
    ),
) -> None:
    """Train the stance model on the train split; print its F-avg on dev, on the seed
    gold and on the dev part of corpus/annotated/labelled/ (real sentences you labelled)."""
    from ..stance import load_model, train

    try:
        with err_console.status("training the stance model…"):
            path = train(
                corpus_root=corpus,
                output=output,
                seed=seed,
                encoder=encoder,
                frames_file=frames,
                tune=tune,
                context=context,
            )
        info = load_model(path).training_info_
    except (OSError, ValueError) as err:
        raise fail(str(err)) from err
    typer.echo(f"wrote {path}")
    typer.echo(_trained_on(corpus))
    for key in ("dev", "seed_gold", "labelled"):
        if key in info:
            scores = ", ".join(f"{f} {v:.3f}" for f, v in info[key]["frames"].items())
            typer.echo(f"{key}: F-avg {info[key]['f_avg']:.3f} (n={info[key]['n']}; {scores})")
    if "context" in info:
        read = info["context"]
        typer.echo(f"context reader: fitted on {read['n']} sentences of {read['threads']} threads")


def _trained_on(corpus: Path | None) -> str:
    """What ``train`` learnt from: the split's folder, its size, and how many of its
    sentences are your labelled real ones (with none of those in dev there is no
    ``labelled`` figure to say they were used)."""
    import pandas as pd  # here: the CLI starts without pandas

    from ..stance.corpus import LABELLED_DIR, load_corpus, split_dir

    data = load_corpus("train", corpus)
    source = data["source"].fillna("").astype(str) if "source" in data else pd.Series(dtype=str)
    real = int(source.str.startswith(f"{LABELLED_DIR}/").sum())
    mine = f", {real} of them labelled real sentences from {LABELLED_DIR}/" if real else ""
    return f"trained on {len(data)} sentence(s) of {split_dir(corpus) / 'train.jsonl'}{mine}"


@app.command("stance")
def stance_cmd(
    input_path: Path = typer.Argument(
        ..., metavar="INPUT.jsonl", help="JSON Lines with id and text; - reads stdin."
    ),
    output: Path | None = typer.Option(
        None, "--output", "-o", help="Write here (JSON Lines); default stdout (-)."
    ),
    model: Path | None = typer.Option(
        None,
        "--model",
        help="Model file, or a shipped model: builtin (the default) or encoder.",
    ),
) -> None:
    """Tag sentences with stance: one output line per input with id, each frame's
    label, scores {frame: probability}, cues {frame: evidence text} and holder.

    A bad line (no id or text, invalid JSON) is named and left out; the rest
    is still tagged and written, and the exit code is 1.
    """
    from ..stance import tag_jsonl

    skipped: list[Exception] = []
    try:
        check_output_path(output)
        check_input(input_path)
        count = tag_jsonl(input_path, output, model=model, on_error=skipped.append)
    except BrokenPipeError:
        raise closed_pipe() from None
    except (OSError, ValueError, IngestError) as err:
        raise fail_after(skipped, str(err)) from err
    report_skipped(skipped, count, output)


@app.command("eval")
def eval_cmd(
    gold: Path = typer.Argument(..., metavar="GOLD.jsonl", help="Gold JSON Lines (ANNOTATION.md)."),
    model: Path | None = typer.Option(
        None,
        "--model",
        help="Model file, or a shipped model: builtin (the default) or encoder.",
    ),
) -> None:
    """Score the stance model on a gold file: per frame F1 favor, F1 against, F-avg and
    confusion matrices. Frames whose gold is null are not evaluated."""
    from ..stance import evaluate_gold

    try:
        report = evaluate_gold(gold, model=model)  # [W230] names the file
    except (OSError, ValueError, IngestError) as err:
        raise fail(str(err)) from err
    typer.echo(report.format())

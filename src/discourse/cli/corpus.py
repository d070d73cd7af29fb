"""``discourse corpus …``: build and inspect the annotated stance corpus.

Thin wrappers over :func:`discourse.stance.corpus.build_split` and
:func:`discourse.stance.corpus.load_corpus` / :func:`label_counts`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import typer

from ..errors import IngestError, Warnings
from ._app import app, fail, say

corpus_app = typer.Typer(
    help="The annotated stance corpus (corpus/annotated/): build the train/dev split, count "
    "labels, pick sentences of your runs to label.",
    no_args_is_help=True,
)
app.add_typer(corpus_app, name="corpus")


def _show_counts(counts: pd.DataFrame) -> None:
    typer.echo(counts.to_string())


@corpus_app.command("split")
def split_command(
    root: Path | None = typer.Option(
        None,
        "--root",
        help="Repository root holding corpus/annotated, or that folder itself "
        "(default: found from here).",
    ),
    dev_fraction: float = typer.Option(
        0.15, "--dev-fraction", min=0.01, max=0.9, help="Share of written sentences put in dev."
    ),
    source: list[str] | None = typer.Option(
        None,
        "--source",
        "-s",
        help="A file stem in corpus/annotated/written/ to merge (repeat it); "
        "default: every file of the shipped split (discourse.stance.corpus.DEFAULT_SOURCES).",
    ),
    frames: Path | None = typer.Option(
        None,
        "--frames",
        metavar="FRAMES.json",
        help="Frames file (default: the package's data/frames.json): the label columns of its "
        "frames are kept; give the same file to `discourse train --frames`.",
    ),
) -> None:
    """Merge the written sentence files of corpus/annotated/written/ (or each --source), the files you labelled in corpus/annotated/labelled/ and the seed gold into train.jsonl and dev.jsonl.

    A sentence's split depends only on a hash of its id, so re-running after
    new sentences are added never moves an old one; the seed thread's gold
    is always in dev. Lines of labelled/ with no frame labelled, or prefilled
    and not yet "checked": true, are left out. Prints how many lines of each
    labelled file were used, and sentences per frame × label × split.

    The label columns kept are those of the frames in --frames (default: the
    four shipped frames); a field that holds labels but names no such frame
    (a misspelt frame, or one missing from the frames file) is named [W238].
    """
    from ..stance.corpus import build_split

    try:
        result = build_split(
            root, sources=source or None, dev_fraction=dev_fraction, frames_file=frames
        )
    except (IngestError, OSError, ValueError) as err:
        raise fail(str(err)) from err
    n = result.corpus["split"].value_counts()
    typer.echo(
        f"wrote {result.train_path} ({int(n.get('train', 0))} sentences) and "
        f"{result.dev_path} ({int(n.get('dev', 0))} sentences)"
    )
    for name, c in result.labelled.items():
        typer.echo(_labelled_line(name, c))
    _show_counts(result.counts())


def _labelled_line(name: str, c: dict[str, int]) -> str:
    """What the split took of one file of labelled/: '… 7 of 10 line(s) used (…)'."""
    notes = [
        f"{c[key]} {what}"
        for key, what in (
            ("partial", "with some frames left null"),
            ("unlabelled", "not labelled yet"),
            ("unchecked", 'prefilled and not marked "checked": true yet'),
            ("dropped", "dropped as repeats"),
        )
        if c.get(key)
    ]
    used = f"{name}: {c['used']} of {c['read']} line(s) used"
    return used + (f" ({'; '.join(notes)})" if notes else "")


@corpus_app.command("stats")
def stats_command(
    root: Path | None = typer.Option(None, "--root", help="Repository root (default: found)."),
) -> None:
    """Print sentences per frame × label × split of the built corpus."""
    from ..stance.corpus import label_counts, load_corpus

    try:
        corpus = load_corpus(root=root)
    except (IngestError, OSError, ValueError) as err:
        raise fail(str(err)) from err
    fixed = {"id", "text", "holder", "split", "source", "register"}
    frames = [c for c in corpus.columns if c not in fixed]
    typer.echo(
        f"{len(corpus)} sentences: "
        + ", ".join(f"{k} {v}" for k, v in corpus["split"].value_counts().items())
    )
    _show_counts(label_counts(corpus, frames))


@corpus_app.command("sample")
def sample_command(
    store: Path = typer.Option(
        Path("reports/discourse.duckdb"),
        "--store",
        help="DuckDB store of `discourse run` (default: reports/discourse.duckdb).",
    ),
    output: Path | None = typer.Option(
        None,
        "--output",
        "-o",
        help="Gold file to write (default: corpus/annotated/labelled/to-label-<date>.jsonl).",
    ),
    n: int = typer.Option(200, "-n", min=1, help="How many sentences."),
    strategy: str = typer.Option(
        "uncertain", "--strategy", help="uncertain, positions or random (see --help)."
    ),
    seed: int = typer.Option(0, "--seed", help="Seed of the random strategy."),
    per_thread: int | None = typer.Option(
        None,
        "--per-thread",
        min=1,
        help="At most this many from one thread while others have some.",
    ),
    min_words: int = typer.Option(4, "--min-words", min=1, help="Skip shorter sentences."),
    prefill: bool = typer.Option(
        False, "--prefill", help="Fill each frame with the model's label, for you to correct."
    ),
    root: Path | None = typer.Option(
        None,
        "--root",
        help="Repository root (or its corpus/annotated folder): its annotated sentences are "
        "skipped and the default --output is in its labelled/ folder (default: found from here).",
    ),
) -> None:
    """Pick analysed sentences for you to label, as a gold file: the way to train on real threads.

    Strategies: `uncertain` (the model's least confident sentences first),
    `positions` (sentences the reports show taking a side, least confident
    first) and `random`. Sentences already in corpus/annotated/, repeats and
    sentences under --min-words are skipped. Each line has the frames (null:
    label them favor/against/none as ANNOTATION.md says), the speaker, the
    sentences before and after, and the model's guess. The default file name
    gets -2, -3 … when taken; an existing --output is never overwritten.
    Files in corpus/annotated/labelled/ join the split at the next `discourse
    corpus split`; `discourse train` then reports F-avg on their dev part.
    """
    from ..errors import StoreError
    from ..stance.corpus import LABELLED_DIR, split_dir
    from ..stance.sampling import unknown_frames, write_sample

    try:
        path, sample = write_sample(
            store,
            output,
            n=n,
            strategy=strategy,
            seed=seed,
            per_thread=per_thread,
            min_words=min_words,
            prefill=prefill,
            root=root,
        )
    except (StoreError, OSError, ValueError) as err:
        raise fail(str(err)) from err
    if sample.empty:  # nothing written; write_sample has logged [W235]
        return
    threads = sample["thread_id"].nunique()
    fewer = (
        f" (only {len(sample)} candidate(s) left of the {n} asked for)" if len(sample) < n else ""
    )
    check = ', then set "checked": true on each line you have checked' if prefill else ""
    # a frame of the model's own frames file: without --frames the split drops its labels
    extra = unknown_frames(sample)
    steps = "`discourse corpus split` and `discourse train`"
    if extra:
        steps = (
            "`discourse corpus split --frames FILE` and `discourse train --frames FILE` "
            f"(FILE: the frames file your model was trained with, which defines "
            f"{', '.join(extra)}; without --frames the split keeps only the package's frames)"
        )
    typer.echo(
        f"wrote {len(sample)} sentence(s) from {threads} thread(s) to {path} "
        f"(strategy {strategy}){fewer}; label each frame favor/against/none (ANNOTATION.md)"
        f"{check}, then run {steps}."
    )
    labelled = (split_dir(root) / LABELLED_DIR).resolve()
    if path.resolve().parent != labelled:
        say("warning", Warnings.W239.format(path=path, folder=labelled))

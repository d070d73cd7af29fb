"""``discourse corpus …``: build and inspect the annotated stance corpus.

Thin wrappers over :func:`discourse.stance.corpus.build_split` and
:func:`discourse.stance.corpus.load_corpus` / :func:`label_counts`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import typer

from ..errors import IngestError
from ._app import app, fail

corpus_app = typer.Typer(
    help="The annotated stance corpus (corpus/annotated/): build the train/dev split, count labels.",
    no_args_is_help=True,
)
app.add_typer(corpus_app, name="corpus")


def _show_counts(counts: pd.DataFrame) -> None:
    typer.echo(counts.to_string())


@corpus_app.command("split")
def split_command(
    root: Path | None = typer.Option(
        None, "--root", help="Repository root holding corpus/annotated (default: found from here)."
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
) -> None:
    """Merge the written sentence files of corpus/annotated/written/ (or each --source) and the seed gold into train.jsonl and dev.jsonl.

    A sentence's split depends only on a hash of its id, so re-running after
    new sentences are added never moves an old one; the seed thread's gold
    is always in dev. Prints sentences per frame × label × split.
    """
    from ..stance.corpus import build_split

    try:
        result = build_split(root, sources=source or None, dev_fraction=dev_fraction)
    except (IngestError, OSError) as err:
        raise fail(str(err)) from err
    n = result.corpus["split"].value_counts()
    typer.echo(
        f"wrote {result.train_path} ({int(n.get('train', 0))} sentences) and "
        f"{result.dev_path} ({int(n.get('dev', 0))} sentences)"
    )
    _show_counts(result.counts())


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
    typer.echo(
        f"{len(corpus)} sentences: "
        + ", ".join(f"{k} {v}" for k, v in corpus["split"].value_counts().items())
    )
    _show_counts(label_counts(corpus))

"""Entity mentions: the project's pipeline against stock en_core_web_sm, in one run.

Scores lenient span F1 and pairwise linking F1 (see discourse.entities.evaluate)
on the seed gold, on the hand-written dev set and on sentences of the
stance corpus (``corpus/annotated/written``) annotated for entities, then measures throughput of
the whole pipeline against bare ``nlp.pipe`` of the stock model on the seed
thread's paragraphs repeated.

    .venv/bin/python benchmarks/entities.py [--repeat 20] [--rounds 5]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import spacy

from discourse.entities import evaluate, read_gold, stock_predictions, tag_texts
from discourse.ingest import read_path
from discourse.nlp import load_nlp, resolve_model

ROOT = Path(__file__).resolve().parents[1]
GOLD = [
    ROOT / "corpus" / "annotated" / "guatemala-post.entities.jsonl",
    ROOT / "corpus" / "annotated" / "entities-dev.jsonl",
    ROOT / "corpus" / "annotated" / "entities-written.jsonl",
]
SEED = ROOT / "corpus" / "guatemala-post.txt"


def _rates(
    pipelines: dict[str, spacy.language.Language], texts: list[str], rounds: int
) -> dict[str, float]:
    """Best-of-``rounds`` words per CPU second of ``nlp.pipe`` over ``texts``.

    Rounds are interleaved and timed in process CPU time, so other jobs on a
    shared machine disturb the comparison as little as possible.
    """
    words = sum(len(t.split()) for t in texts)
    best = dict.fromkeys(pipelines, float("inf"))
    for _ in range(rounds):
        for name, nlp in pipelines.items():
            start = time.process_time()
            for _doc in nlp.pipe(texts, batch_size=64):
                pass
            best[name] = min(best[name], time.process_time() - start)
    return {name: words / secs for name, secs in best.items()}


def main() -> None:
    """Print the accuracy table and the throughput comparison."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20, help="copies of the seed paragraphs")
    parser.add_argument("--rounds", type=int, default=5, help="timing rounds (best is kept)")
    args = parser.parse_args()

    ours = load_nlp()
    stock = spacy.load(resolve_model())
    print(
        f"{'gold file':<34} {'system':<10} {'span P':>7} {'span R':>7} {'span F1':>8} {'link F1':>8}"
    )
    for path in GOLD:
        gold = read_gold(path)
        for name, pred in (
            ("discourse", list(tag_texts(gold, ours))),
            ("stock", stock_predictions(gold, stock)),
        ):
            s = evaluate(gold, pred)
            print(
                f"{path.name:<34} {name:<10} {s.span_precision:7.3f} {s.span_recall:7.3f} "
                f"{s.span_f1:8.3f} {s.link_f1:8.3f}"
            )

    thread = read_path(SEED)[0]
    paragraphs = [u.text[s:e] for u in thread.utterances for s, e in u.paragraphs]
    texts = paragraphs * args.repeat
    rates = _rates(
        {"bare": stock, "without": load_nlp(entities=False), "full": ours}, texts, args.rounds
    )
    bare, without, full = rates["bare"], rates["without"], rates["full"]
    print(f"\nthroughput on {len(texts)} paragraphs ({sum(len(t.split()) for t in texts)} words):")
    print(f"  bare {resolve_model()} nlp.pipe      {bare:9.0f} words/s")
    print(
        f"  load_nlp(entities=False)          {without:9.0f} words/s  ({without / bare:.2f}x bare)"
    )
    print(f"  load_nlp() with entity components {full:9.0f} words/s  ({full / bare:.2f}x bare)")
    print(f"  entity components' overhead       {(without / full - 1) * 100:8.1f} %")
    print(f"  entity components' CPU share      {_component_share(ours, texts):8.1f} %")


def _component_share(nlp: spacy.language.Language, texts: list[str]) -> float:
    """Percent of the pipeline's CPU time spent in the ruler and linker themselves."""
    mine = ("discourse_entity_ruler", "discourse_entity_linker")
    spent = dict.fromkeys(nlp.pipe_names, 0.0)
    for text in texts:
        doc = nlp.make_doc(text)
        for name, proc in nlp.pipeline:
            start = time.process_time()
            doc = proc(doc)
            spent[name] += time.process_time() - start
    return 100 * sum(spent[n] for n in mine) / sum(spent.values())


if __name__ == "__main__":
    main()

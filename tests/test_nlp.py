"""The project's spaCy pipeline: the stock model's annotations, faster."""

from __future__ import annotations

import json

import numpy as np
import pytest
import spacy
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from threadpoolctl import threadpool_info, threadpool_limits

from discourse.nlp import OneThreadBlasOps, load_model, resolve_model

from .conftest import CORPUS, SEED

BLAS_BEFORE = [lib for lib in threadpool_info() if lib["user_api"] == "blas"]
EDGE_CASES = [
    "gon na do it , y' all",  # attribute rules setting the first and the second token
    "let 's go , c'm on",
    "It ai n't nothin' but trouble and I do n't care .",
    "There is a man and there were cartels .",  # a rule keyed on the previous token's DEP
    "I told you it works , but it was n't me .",
    "  \n\n  ",
    "",
]


def annotations(doc: Doc) -> list[tuple[object, ...]]:
    """Everything the models and rules set on a token."""
    return [
        (
            t.text,
            t.tag_,
            t.pos_,
            str(t.morph),
            t.lemma_,
            t.dep_,
            t.head.i,
            t.is_sent_start,
            t.ent_iob_,
            t.ent_type_,
        )
        for t in doc
    ]


@pytest.fixture(scope="module")
def stock_and_ours() -> tuple[spacy.Language, spacy.Language]:
    return spacy.load(resolve_model()), load_model(resolve_model())


def assert_same(stock: spacy.Language, ours: spacy.Language, texts: list[str]) -> int:
    tokens = 0
    for a, b in zip(stock.pipe(texts), ours.pipe(texts), strict=True):
        assert annotations(a) == annotations(b), a.text
        tokens += len(a)
    return tokens


def test_fast_set_up_keeps_the_stock_pipeline(stock_and_ours, nlp) -> None:
    stock, ours = stock_and_ours
    assert ours.pipe_names == stock.pipe_names
    for pipeline in (ours, nlp):
        assert not isinstance(pipeline.get_pipe("attribute_ruler"), AttributeRuler)
        for name in ("tok2vec", "parser", "ner"):
            ops = pipeline.get_pipe(name).model.ops
            assert isinstance(ops, OneThreadBlasOps) and not ops.use_blis


def test_same_annotations_as_the_stock_model_on_the_seed(stock_and_ours) -> None:
    texts = SEED.read_text(encoding="utf-8").split("\n\n") + EDGE_CASES
    assert assert_same(*stock_and_ours, texts) > 1500


@pytest.mark.slow
def test_same_annotations_as_the_stock_model_on_the_dev_split(stock_and_ours) -> None:
    path = CORPUS / "annotated" / "dev.jsonl"
    texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
    assert assert_same(*stock_and_ours, texts) > 15000


def test_vectors_do_not_depend_on_the_blas_thread_count(stock_and_ours) -> None:
    """A multi-threaded product rounds differently; the models' products run on
    one thread whatever the process allows, so a text gets the same vectors
    (and stance scores) on a 2-core laptop and a 32-core server."""
    _, ours = stock_and_ours
    texts = SEED.read_text(encoding="utf-8").split("\n\n")[:12]
    free = [doc.tensor.copy() for doc in ours.pipe(texts)]
    with threadpool_limits(limits=1, user_api="blas"):
        one = [doc.tensor.copy() for doc in ours.pipe(texts)]
    assert all(np.array_equal(a, b) for a, b in zip(free, one, strict=True))
    # and the limit is only around the products: the process keeps its threads
    assert [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"] == [
        lib["num_threads"] for lib in BLAS_BEFORE
    ]

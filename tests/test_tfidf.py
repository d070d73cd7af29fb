"""Our TF-IDF is scikit-learn's, bit for bit: the key points are cut at a distance threshold."""

from __future__ import annotations

import random
from itertools import pairwise

import numpy as np
import pytest
from scipy import sparse

from discourse import tfidf
from discourse.tfidf import english_stop_words, terms, tfidf_matrix

WORDS = [
    *("drug", "drugs", "Drugs", "DRUGS", "cartel", "cartels", "Guatemala", "war", "army"),
    *("demand", "reduce", "legalize", "guns", "policy", "prison", "border", "market"),
    *("café", "naïve", "ÉCOLE", "straße", "İstanbul", "_under_", "a1", "don't", "U.S."),
    *("the", "and", "is", "not", "never", "again", "over", "we", "it", "what", "a", "I", "x"),
    *("2024", "42", "7", "e-mail", "1,000"),
]
PUNCTUATION = ["", "", "", ",", ".", "!", "?", " -", ";", "'s", "…"]


def _scikit_learn(texts: list[str]) -> sparse.csr_matrix:
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(
        stop_words="english", sublinear_tf=True, ngram_range=(1, 2)
    ).fit_transform(texts)


def _assert_same(texts: list[str]) -> None:
    """Same floats in the same layout as scikit-learn, or the same ValueError."""
    try:
        expected = _scikit_learn(texts)
    except ValueError:
        with pytest.raises(ValueError, match="empty vocabulary"):
            tfidf_matrix(texts)
        return
    got = tfidf_matrix(texts)
    assert type(got) is type(expected) and got.shape == expected.shape
    # the stored layout too: norms and similarity products add up a row in stored order
    assert got.indices.dtype == expected.indices.dtype
    assert np.array_equal(got.indptr, expected.indptr)
    assert np.array_equal(got.indices, expected.indices)
    assert np.array_equal(got.data.view(np.int64), expected.data.view(np.int64))
    got.sort_indices()
    expected.sort_indices()
    assert (got != expected).nnz == 0


def _text(rng: random.Random) -> str:
    n = rng.choice([0, 1, 2, 5, 12, 30, 80])
    words = [rng.choice(WORDS) for _ in range(n)]
    words += words[: rng.randint(0, n)]  # repeated words: counts above one
    return " ".join(w + rng.choice(PUNCTUATION) for w in words)


def test_stop_words_are_scikit_learns():
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    assert english_stop_words() == ENGLISH_STOP_WORDS
    assert english_stop_words() is english_stop_words()  # read once
    from importlib import resources

    lines = resources.files("discourse").joinpath("data/stop_words_en.txt").read_text("utf-8")
    first, *words = lines.splitlines()
    assert first.startswith("#") and "scikit-learn" in first and "BSD-3-Clause" in first
    assert words == sorted(ENGLISH_STOP_WORDS)


def test_stop_words_go_before_the_bigrams_are_formed():
    assert terms("The war on drugs, the war!", english_stop_words()) == [
        *("war", "drugs", "war"),
        *("war drugs", "drugs war"),
    ]
    assert terms("It is a b c", english_stop_words()) == []


def test_generated_texts_match_scikit_learn():
    rng = random.Random(11)
    for _ in range(30):  # a few hundred texts in corpora of 1 to 25
        _assert_same([_text(rng) for _ in range(rng.randint(1, 25))])
    _assert_same([_text(rng) for _ in range(300)])


def test_random_characters_match_scikit_learn():
    """Accents, combining marks, dotted İ (two code points in lower case), digits, underscores."""
    rng = random.Random(5)
    alphabet = "abcdeéüßÆøİı_0123456789 .,;'-\u0301\t\n"
    for _ in range(20):
        _assert_same(
            [
                "".join(rng.choices(alphabet, k=rng.randint(0, 200)))
                for _ in range(rng.randint(1, 8))
            ]
        )


@pytest.mark.parametrize(
    "texts",
    [
        ["Reduce the demand for drugs."],
        ["Drugs drugs DRUGS drugs."],
        ["It is what it is."],  # stop words only: no vocabulary
        ["the and", "a", "", "x y z"],
        ["", "Cartels.", ""],  # texts without terms give empty rows
        ["café cafe CAFÉ", "naïve naive"],
    ],
)
def test_edge_cases_match_scikit_learn(texts):
    _assert_same(texts)


def test_row_sums_add_in_stored_order(monkeypatch):
    """Bit for bit a left-to-right loop, across row blocks, empty rows and one long row."""
    monkeypatch.setattr(tfidf, "_ROW_BLOCK", 4)
    rng = np.random.default_rng(2)
    lengths = rng.integers(0, 12, size=23)
    lengths[5] = 300
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    data = rng.random(int(indptr[-1])) * 10.0 ** rng.integers(-8, 8, size=int(indptr[-1]))
    expected = []
    for start, stop in pairwise(indptr):
        total = 0.0
        for value in data[start:stop]:
            total += value * value
        expected.append(total)
    assert tfidf.row_sums_of_squares(data, indptr).tolist() == expected


def test_l2_normalize_rows_is_scikit_learns_bit_for_bit():
    from sklearn.utils.sparsefuncs_fast import inplace_csr_row_normalize_l2

    rng = np.random.default_rng(0)
    for trial in range(100):
        n, m = int(rng.integers(1, 40)), int(rng.integers(1, 300))
        matrix = sparse.random(n, m, density=rng.uniform(0, 0.4), format="csr", random_state=trial)
        matrix.data = np.log1p(matrix.data * 50) * rng.uniform(0.5, 3, size=matrix.data.shape)
        if trial % 5 == 0:  # some empty rows
            matrix = sparse.csr_matrix(matrix.multiply(rng.random((n, 1)) > 0.5))
        want, got = matrix.copy(), matrix.copy()
        inplace_csr_row_normalize_l2(want)
        tfidf.l2_normalize_rows(got)
        assert got.data.tobytes() == want.data.tobytes(), trial

"""TF-IDF exactly as scikit-learn computes it, without importing scikit-learn.

Importing scikit-learn costs ``discourse run`` about 1.7 s of start-up, more
than a run spends on the TF-IDF it needs: the key points' claim vectors
(:func:`tfidf_matrix`) and the stance model's fitted vocabularies
(:func:`word_ngrams`, :func:`l2_normalize_rows`, used by
:mod:`discourse.stance.analysis` and :mod:`discourse.stance.runtime`).

:func:`tfidf_matrix` returns, bit for bit, what
``TfidfVectorizer(stop_words="english", sublinear_tf=True, ngram_range=(1, 2)).fit_transform(texts)``
returns (its other settings at their defaults): the key points of
:mod:`.keypoints` are cut at a distance threshold, so a float one bit off
could move a claim to another key point.

"Exactly" includes the order of the entries within each row, which is not
column order: scikit-learn stores a row's entries in the order in which
their terms first occur in the whole corpus (its vocabulary is numbered in
that order, the rows sorted by that number, and only then are the numbers
mapped to the alphabetical columns). The rows' norms, and the similarity
products of :mod:`.keypoints`, add up a row's entries in that stored order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from itertools import chain

import numpy as np
from scipy import sparse

#: scikit-learn's default token pattern: runs of two or more word characters.
TOKEN_PATTERN = re.compile(r"(?u)\b\w\w+\b")

#: Rows padded together when summing their squares (:func:`row_sums_of_squares`).
_ROW_BLOCK = 1024


@lru_cache(maxsize=1)
def english_stop_words() -> frozenset[str]:
    """scikit-learn's ``ENGLISH_STOP_WORDS``, read once from ``discourse/data/stop_words_en.txt``."""
    text = resources.files("discourse").joinpath("data/stop_words_en.txt").read_text("utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def terms(text: str, stop_words: frozenset[str]) -> list[str]:
    """The unigrams and bigrams of ``text``, as scikit-learn's word analyzer makes them.

    Lower-cased, tokenized by :data:`TOKEN_PATTERN`, stop words dropped
    *before* the bigrams are formed (so a bigram may join two words that a
    stop word stood between); unigrams first, then bigrams, in text order.
    """
    tokens = [t for t in TOKEN_PATTERN.findall(text.lower()) if t not in stop_words]
    return word_ngrams(tokens, (1, 2))


def word_ngrams(tokens: list[str], ngram_range: tuple[int, int]) -> list[str]:
    """``tokens`` and their n-grams, in the order scikit-learn's ``_word_ngrams`` gives them.

    Unigrams first (when ``ngram_range`` starts at 1), then every bigram in
    text order, then every trigram, …; n-grams join tokens with one space.
    """
    min_n, max_n = ngram_range
    if max_n == 1:
        return tokens
    original = tokens
    if min_n == 1:
        tokens = list(original)
        min_n += 1
    else:
        tokens = []
    n_tokens = len(original)
    for n in range(min_n, min(max_n + 1, n_tokens + 1)):
        tokens.extend(" ".join(original[i : i + n]) for i in range(n_tokens - n + 1))
    return tokens


def row_sums_of_squares(data: np.ndarray, indptr: np.ndarray) -> np.ndarray:
    """Each row's sum of squared entries, added one by one in stored order.

    The sum scikit-learn's ``inplace_csr_row_normalize_l2`` takes (a C loop),
    bit for bit: rows are padded with zeros into 2-D blocks (adding 0.0 is
    exact) and summed by ``cumsum``, which adds strictly left to right —
    unlike ``sum``, which adds pairwise (not in that order). Rows are taken
    shortest first in blocks of :data:`_ROW_BLOCK`, so one long row pads
    only its own block.
    """
    squares = data * data
    starts = indptr[:-1]
    lengths = np.diff(indptr)
    sums = np.zeros(len(lengths))
    order = np.argsort(lengths, kind="stable")
    for first in range(0, len(order), _ROW_BLOCK):
        rows = order[first : first + _ROW_BLOCK]
        width = int(lengths[rows[-1]])  # the block's longest row: rows are shortest first
        if width == 0:
            continue
        columns = np.arange(width)
        filled = columns < lengths[rows, None]
        padded = np.zeros((len(rows), width))
        padded[filled] = squares[(starts[rows, None] + columns)[filled]]
        sums[rows] = np.cumsum(padded, axis=1)[:, -1]
    return sums


def l2_normalize_rows(matrix: sparse.csr_matrix) -> None:
    """Scale each row of a float64 CSR ``matrix`` to unit L2 norm, in place.

    Bit for bit what scikit-learn's ``inplace_csr_row_normalize_l2`` (behind
    ``normalize(matrix, norm="l2")`` and ``TfidfVectorizer.transform``)
    computes: the squares summed in stored order (:func:`row_sums_of_squares`),
    each entry divided by the square root; rows of zeros stay as they are.
    """
    sums = row_sums_of_squares(matrix.data, matrix.indptr)
    matrix.data /= np.repeat(np.where(sums == 0.0, 1.0, np.sqrt(sums)), np.diff(matrix.indptr))


def tfidf_matrix(texts: Sequence[str]) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows of ``texts``, as scikit-learn's ``TfidfVectorizer`` makes them.

    What ``TfidfVectorizer(stop_words="english", sublinear_tf=True,
    ngram_range=(1, 2)).fit_transform(texts)`` returns, the same floats in
    the same layout (see the module docstring): columns are the
    alphabetically sorted unigrams and bigrams (:func:`terms`); an entry is
    ``(1 + ln count) * idf`` with ``idf = ln((1 + n) / (1 + df)) + 1``; each
    row is divided by its L2 norm (a row without terms stays empty). Raises
    ``ValueError`` when no text has a term (only stop words), as
    scikit-learn does.
    """
    stop_words = english_stop_words()
    per_text = [terms(text, stop_words) for text in texts]
    every = list(chain.from_iterable(per_text))
    if not every:
        raise ValueError("empty vocabulary; perhaps the documents only contain stop words")
    # number terms in order of first occurrence, as scikit-learn's vocabulary does
    vocabulary = list(dict.fromkeys(every))
    first_seen = {term: number for number, term in enumerate(vocabulary)}
    seen = np.fromiter(map(first_seen.__getitem__, every), dtype=np.int64, count=len(every))
    n_docs, n_terms = len(per_text), len(vocabulary)
    # column of each first-seen number: its term's rank in alphabetical order
    column_of = np.empty(n_terms, dtype=np.int32)
    column_of[sorted(range(n_terms), key=vocabulary.__getitem__)] = np.arange(
        n_terms, dtype=np.int32
    )
    lengths = np.fromiter(map(len, per_text), dtype=np.int64, count=n_docs)
    doc_of = np.repeat(np.arange(n_docs, dtype=np.int64), lengths)
    # one entry per (text, term), sorted by text and then first-seen number: the stored order
    keys, counts = np.unique(doc_of * n_terms + seen, return_counts=True)
    entry_doc, entry_seen = np.divmod(keys, n_terms)
    indices = column_of[entry_seen]
    # scikit-learn's index dtype: 32 bits unless the entries outgrow them
    index_dtype = np.int32 if len(keys) <= np.iinfo(np.int32).max else np.int64
    indices = indices.astype(index_dtype, copy=False)
    indptr = np.zeros(n_docs + 1, dtype=index_dtype)
    np.cumsum(np.bincount(entry_doc, minlength=n_docs), out=indptr[1:])
    # the float operations of TfidfTransformer.fit and .transform, in its order
    data = counts.astype(np.float64)
    np.log(data, out=data)
    data += 1.0
    df = np.bincount(indices, minlength=n_terms).astype(np.float64)
    df += 1.0
    idf = np.full_like(df, fill_value=n_docs + 1, dtype=np.float64)
    idf /= df
    np.log(idf, out=idf)
    idf += 1.0
    data *= idf[indices]
    matrix = sparse.csr_matrix((data, indices, indptr), shape=(n_docs, n_terms))
    l2_normalize_rows(matrix)  # rows summing to zero are left as they are
    return matrix

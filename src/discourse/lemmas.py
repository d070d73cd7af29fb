"""The English pipeline's lemmatizer, its answers cached per (form, part of speech, morphology).

``en_core_web_sm``'s rule lemmatizer caches only some of its answers: a word
it finds already in base form (most of them in English, where
``is_base_form`` says so) is worked out again on every occurrence, through a
:class:`~spacy.tokens.Token` object created for it. A rule or lookup
lemmatizer's answer depends on nothing but the token's form, part of speech
and morphology, so :class:`CachedLemmatizer` reads those three for the whole
doc at once (:meth:`Doc.to_array`), asks *the loaded lemmatizer* once per
distinct combination, and writes every lemma back in one call: the same
lemmas, at a fraction of the cost. ``tests/test_nlp.py`` checks token for
token that they equal those of plain ``spacy.load``.
"""

from __future__ import annotations

from typing import Any, cast

import numpy as np
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.errors import Errors as SpacyErrors
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc

#: distinct (form, part of speech, morphology) combinations remembered before the cache restarts
MAX_CACHED = 500_000
#: lemmatizer modes whose answer is a function of form, part of speech and morphology
CACHEABLE_MODES = ("rule", "lookup")


class CachedLemmatizer:
    """A pipeline component giving the lemmas ``lemmatizer`` gives, cached.

    Like the stock component it leaves tokens that already have a lemma
    alone (unless the lemmatizer was set to ``overwrite``), and reports an
    error through the pipeline's error handler.
    """

    def __init__(self, lemmatizer: Lemmatizer, name: str = "lemmatizer") -> None:
        self.lemmatizer = lemmatizer
        self.name = name
        self._cache: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        lemmatizer = self.lemmatizer
        if not lemmatizer._validated:  # as the stock component does, once
            lemmatizer._validate_tables(SpacyErrors.E1004)
        if not len(doc):
            return doc
        try:
            rows = np.asarray(doc.to_array([ORTH, POS, MORPH, LEMMA])).tolist()
            cache, strings = self._cache, lemmatizer.vocab.strings
            if len(cache) >= MAX_CACHED:  # bound memory on endless streams
                cache.clear()
            overwrite = lemmatizer.overwrite
            lemmas = []
            for i, (orth, pos, morph, lemma) in enumerate(rows):
                if lemma and not overwrite:
                    lemmas.append(lemma)
                    continue
                key = (orth, pos, morph)
                found = cache.get(key)
                if found is None:
                    found = cache[key] = strings.add(lemmatizer.lemmatize(doc[i])[0])
                lemmas.append(found)
            column = np.asarray(lemmas, dtype=np.uint64).reshape(-1, 1)
            doc.from_array([LEMMA], cast(Any, column))  # thinc's Ints2d type: any 2-d int array
        except Exception as err:
            lemmatizer.get_error_handler()(self.name, lemmatizer, [doc], err)
        return doc


@Language.factory("discourse_cached_lemmatizer", default_config={"source": "lemmatizer"})
def make_cached_lemmatizer(nlp: Language, name: str, source: str) -> CachedLemmatizer:
    """spaCy factory: the pipeline's ``source`` lemmatizer, its answers cached."""
    return CachedLemmatizer(nlp.get_pipe(source), name=source)  # type: ignore[arg-type]


def use_cached_lemmas(nlp: Language, name: str = "lemmatizer") -> bool:
    """Put the pipeline's stock lemmatizer behind a :class:`CachedLemmatizer`, in place.

    The component keeps the stock name (code that disables ``lemmatizer``
    still works). Returns ``False``, changing nothing, when there is no such
    lemmatizer or its mode's answers may depend on more than form, part of
    speech and morphology.
    """
    if name not in nlp.pipe_names:
        return False
    stock: Any = nlp.get_pipe(name)
    if not isinstance(stock, Lemmatizer) or stock.mode not in CACHEABLE_MODES:
        return False
    tmp = f"{name}__cached"
    nlp.add_pipe("discourse_cached_lemmatizer", name=tmp, after=name, config={"source": name})
    nlp.remove_pipe(name)
    nlp.rename_pipe(tmp, name)
    return True

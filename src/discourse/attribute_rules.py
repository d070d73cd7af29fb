"""The English pipeline's attribute rules, applied by table lookup instead of the Matcher.

``en_core_web_sm``'s ``attribute_ruler`` maps each fine-grained tag to its
part of speech and morphology and patches a few hundred word forms ("n't" is
``PART`` with ``Polarity=Neg``, "gon na" lemmatises to "go to"). It does so
with spaCy's general :class:`~spacy.matcher.Matcher`, which costs about a
sixth of the whole parse — as much as the parser itself — for rules that are
almost all one token long and test nothing but equality.

:class:`CompiledAttributeRules` applies *the same rules* (read from the
loaded ruler, so a retrained or patched model brings its own) with
dictionary lookups: the one-token rules that fire on a token depend only on
its lower-case form, tag, dependency label and whether it is a space, so the
merged attributes are computed once per such combination and cached; the few
longer rules are checked where their first token matches. Rules fire in the
ruler's order, later ones overriding earlier ones, exactly as in
``AttributeRuler.set_annotations``; ``tests/test_attribute_rules.py`` checks
token for token that the results are identical.

:func:`compile_attribute_rules` returns ``None`` for a ruler using pattern
features this module does not implement (operators, ``FUZZY``, other token
attributes …); the loader then keeps the stock ruler.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

#: token pattern keys this module evaluates, and their column in the doc array
COLUMNS: dict[str, int] = {"LOWER": 0, "TAG": 1, "DEP": 2, "IS_SPACE": 3}
_ARRAY_ATTRS = [LOWER, TAG, DEP, IS_SPACE]

#: distinct (form, tag, dependency, space) rows remembered before the cache restarts
MAX_CACHED_ROWS = 500_000

#: a compiled predicate on one token's row: (column, test)
Predicate = tuple[int, Callable[[int], bool]]
#: a compiled token pattern: a predicate per token of the span
Pattern = tuple[tuple[Predicate, ...], ...]


class _UnsupportedError(ValueError):
    """A rule uses a pattern feature this module does not implement."""


def _predicate(vocab: Any, key: str, spec: Any) -> Predicate:
    """Compile ``{key: spec}`` of a token pattern into a test on hash values.

    String values are compared by their hash (what :meth:`Doc.to_array`
    returns); ``IS_SPACE`` is 0 or 1; ``REGEX`` looks the string up.
    """
    if key not in COLUMNS:
        raise _UnsupportedError(key)
    col = COLUMNS[key]

    def value_of(v: Any) -> int:
        return int(bool(v)) if key == "IS_SPACE" else int(vocab.strings.add(v))

    if not isinstance(spec, dict):
        want = value_of(spec)
        return col, lambda h: h == want
    if len(spec) != 1:
        raise _UnsupportedError(f"{key}: {spec}")
    op, arg = next(iter(spec.items()))
    if op == "IN":
        values = frozenset(value_of(v) for v in arg)
        return col, values.__contains__
    if op == "NOT_IN":
        values = frozenset(value_of(v) for v in arg)
        return col, lambda h: h not in values
    if op == "REGEX" and key != "IS_SPACE":
        rx = re.compile(arg)
        strings = vocab.strings
        return col, lambda h: rx.search(strings[h] if h else "") is not None
    raise _UnsupportedError(f"{key}: {op}")


class CompiledAttributeRules:
    """A drop-in for ``en_core_web_sm``'s ``attribute_ruler`` (same rules, same results).

    Built by :func:`compile_attribute_rules` from a loaded ruler; call it on
    a :class:`~spacy.tokens.Doc` as any pipeline component.
    """

    def __init__(
        self,
        attrs: Sequence[dict[Any, Any]],
        indices: Sequence[int],
        patterns: Sequence[Sequence[Pattern]],
    ) -> None:
        self.attrs = list(attrs)
        self.indices = list(indices)
        #: one-token patterns: (rule id, predicates of the token), in rule order
        self._single: list[tuple[int, tuple[Predicate, ...]]] = []
        #: longer patterns: (rule id, pattern, index of the token it sets)
        self._multi: list[tuple[int, Pattern, int]] = []
        for rule, pats in enumerate(patterns):
            for pat in pats:
                if len(pat) == 1:
                    self._single.append((rule, pat[0]))
                else:
                    index = indices[rule]
                    target = index if index >= 0 else len(pat) + index
                    if not 0 <= target < len(pat):
                        raise _UnsupportedError(f"index {index} outside a {len(pat)}-token pattern")
                    self._multi.append((rule, pat, target))
        self._row_cache: dict[tuple[int, ...], tuple[tuple[int, ...], tuple[int, ...]]] = {}
        self._merged_cache: dict[tuple[int, ...], dict[Any, Any]] = {}

    def _row_rules(self, row: tuple[int, ...]) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """For a token with this row: the one-token rules that fire on it, and the
        longer patterns (positions in ``_multi``) whose first token it matches (cached)."""
        hit = self._row_cache.get(row)
        if hit is None:
            if len(self._row_cache) >= MAX_CACHED_ROWS:  # bound memory on endless streams
                self._row_cache.clear()
            single = tuple(
                rule for rule, preds in self._single if all(test(row[c]) for c, test in preds)
            )
            starts = tuple(
                k
                for k, (_, pat, _) in enumerate(self._multi)
                if all(test(row[c]) for c, test in pat[0])
            )
            hit = self._row_cache[row] = (single, starts)
        return hit

    def _merged(self, rules: tuple[int, ...]) -> dict[Any, Any]:
        """The attributes ``rules`` set, applied in order (later rules win; cached)."""
        hit = self._merged_cache.get(rules)
        if hit is None:
            hit = {}
            for rule in rules:
                hit.update(self.attrs[rule])
            self._merged_cache[rules] = hit
        return hit

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        rows = [tuple(r) for r in np.asarray(doc.to_array(_ARRAY_ATTRS)).tolist()]
        found = [self._row_rules(row) for row in rows]
        fired: list[tuple[int, ...]] = [single for single, _ in found]
        for start, (_, starts) in enumerate(found):
            for k in starts:
                rule, pat, target = self._multi[k]
                if start + len(pat) <= n and all(
                    test(rows[start + j][c]) for j in range(1, len(pat)) for c, test in pat[j]
                ):
                    fired[start + target] = (*fired[start + target], rule)
        for i, rules in enumerate(fired):
            if rules:
                # the Matcher's matches are applied sorted by rule id
                set_token_attrs(doc[i], self._merged(tuple(sorted(rules))))
        return doc


def compile_attribute_rules(ruler: AttributeRuler) -> CompiledAttributeRules | None:
    """The ruler's rules as a :class:`CompiledAttributeRules`, or ``None`` when a
    pattern uses a feature this module does not implement."""
    vocab = ruler.vocab
    try:
        patterns = []
        for rule in range(len(ruler.attrs)):
            entry = ruler.matcher.get(vocab.strings[str(rule)])
            if entry is None:
                raise _UnsupportedError(f"rule {rule} has no patterns")
            _, pats = entry
            patterns.append(
                [
                    tuple(
                        tuple(_predicate(vocab, key, spec) for key, spec in tok.items())
                        for tok in pat
                    )
                    for pat in pats
                ]
            )
        return CompiledAttributeRules(ruler.attrs, ruler.indices, patterns)
    except _UnsupportedError:
        return None


@Language.factory("discourse_attribute_rules", default_config={"source": "attribute_ruler"})
def make_attribute_rules(nlp: Language, name: str, source: str) -> CompiledAttributeRules:
    """spaCy factory: the rules of the pipeline's ``source`` ruler, compiled.

    Raises ``ValueError`` when they cannot be compiled (:func:`use_compiled_rules`
    then keeps the stock ruler).
    """
    compiled = compile_attribute_rules(nlp.get_pipe(source))  # type: ignore[arg-type]
    if compiled is None:
        raise ValueError(f"the rules of {source!r} use pattern features not compiled here")
    return compiled


def use_compiled_rules(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Swap the pipeline's stock attribute ruler for its compiled rules, in place.

    The component keeps the stock name (code that disables ``attribute_ruler``
    still works). Returns ``False``, changing nothing, when there is no such
    ruler or its rules use features :mod:`discourse.attribute_rules` does not compile.
    """
    if name not in nlp.pipe_names:
        return False
    if not isinstance(nlp.get_pipe(name), AttributeRuler):
        return False
    tmp = f"{name}__compiled"
    try:
        nlp.add_pipe("discourse_attribute_rules", name=tmp, after=name, config={"source": name})
    except ValueError:
        return False
    nlp.remove_pipe(name)
    nlp.rename_pipe(tmp, name)
    return True

"""What the stance model reads of a parsed sentence, and the matrix it builds from it.

Cue matches with negation scope, reported speech, modality, sentiment, the
per-frame scope words (see :mod:`discourse.stance.features` for the feature
families), and :class:`FeatureMatrix`: turning those analyses into the
model's feature matrix with fitted vocabularies and scalings.

Nothing here imports scikit-learn. Fitting needs it
(:class:`~discourse.stance.features.StanceFeatures`); tagging with a fitted
model does not (:mod:`discourse.stance.runtime`), and importing scikit-learn
costs a run about 1.7 s of start-up. The fitted parts are read by attribute
(``vocabulary_``, ``idf_``, ``mean_``, ``scale_`` …), so scikit-learn's own
objects and the runtime's plain stand-ins go through the same code.
"""

from __future__ import annotations

import logging
import math
import sys
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from spacy.attrs import (
    DEP,
    ENT_TYPE,
    HEAD,
    IS_PUNCT,
    IS_SPACE,
    LEMMA,
    LIKE_NUM,
    LOWER,
    POS,
    TAG,
)
from spacy.tokens import Doc, Span, Token

from ..errors import Errors
from ..tfidf import l2_normalize_rows
from .frames import cue_words

if TYPE_CHECKING:
    from ..encoder import Parts

log = logging.getLogger(__name__)

#: Feature families of :class:`StanceFeatures`, in column order.
FAMILIES: tuple[str, ...] = ("tfidf", "cues", "sentiment", "syntax", "scope", "tensor", "encoder")

#: Verbs that report or announce a position when they have their own subject.
REPORTING_VERBS: frozenset[str] = frozenset(
    """
    say claim announce intend state argue insist vow promise pledge plan propose urge warn
    believe think suggest recommend demand declare tell add note maintain deny reject
    support oppose invite ask threaten indicate acknowledge admit call contend assert
    predict accuse blame praise criticize criticise welcome endorse defend push advocate
    insist explain testify told write report conclude estimate emphasize stress signal
    """.split()
)
#: Lemmas that negate what they govern or modify.
NEGATORS: frozenset[str] = frozenset(
    {"not", "never", "no", "nobody", "nothing", "none", "neither", "nor", "without"}
)
#: Verbs whose complement is negated: "fail to reduce demand", "refuse to legalise".
NEGATING_VERBS: frozenset[str] = frozenset(
    {
        "fail",
        "refuse",
        "stop",
        "cease",
        "abandon",
        "reject",
        "oppose",
        "halt",
        "end",
        "scrap",
        "repeal",
        "against",
        "without",
    }
)
NEED_MODALS: frozenset[str] = frozenset({"need", "should", "must", "ought", "have", "require"})
WILL_MODALS: frozenset[str] = frozenset({"will", "would", "shall", "going"})
#: Token POS tags that may sit inside a cue match ("deploy *more* troops").
SKIPPABLE_POS: frozenset[str] = frozenset({"DET", "ADJ", "ADV", "NUM", "AUX", "PART", "PRON"})
CUE_KINDS: tuple[str, ...] = ("topic", "favor", "against")
MASKED_ENTS: dict[str, str] = {
    "PERSON": "-person-",
    "DATE": "-date-",
    "TIME": "-time-",
    "CARDINAL": "-num-",
    "MONEY": "-money-",
    "PERCENT": "-percent-",
    "QUANTITY": "-num-",
    "ORDINAL": "-num-",
}
_DROP_CUE_WORDS = frozenset({"the", "a", "an"})
#: Parts of speech kept as scope words (what is predicated of a cue, and how).
SCOPE_POS: frozenset[str] = frozenset({"VERB", "AUX", "ADJ", "ADV", "NOUN", "PART", "ADP", "INTJ"})
#: Dependency steps climbed from a cue when collecting its scope words.
SCOPE_RADIUS = 2
#: Dependency labels of a clause head (where the climb to a cue's clause stops).
CLAUSE_DEPS: frozenset[str] = frozenset(
    {"ROOT", "ccomp", "advcl", "relcl", "conj", "xcomp", "parataxis", "dep"}
)
#: Dense scope features per frame, in column order.
SCOPE_NAMES: tuple[str, ...] = (
    "polarity_mean",
    "polarity_min",
    "modal_need",
    "negated_clauses",
    "imperative",
    "attitude",
)
#: Dependencies marking a clause's own subject (an imperative has none).
_SUBJECT_DEPS: frozenset[str] = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
_PARSE_CACHE_SIZE = 5000  # covers the annotated corpus (cross-validation) without hoarding memory
_parse_cache: OrderedDict[str, Doc] = OrderedDict()


@lru_cache(maxsize=65536)
def normalise_lemma(word: str) -> str:
    """Lower-case lemma with British -ise/-isation spelled -ize/-ization."""
    w = word.lower()
    if len(w) > 5:
        if w.endswith("isation"):
            return w[:-7] + "ization"
        if w.endswith("ise") and not w.endswith(("wise", "rise", "cise", "vise", "mise", "tise")):
            return w[:-3] + "ize"
        if w.endswith("ised") and not w.endswith(("wised", "rised", "cised", "vised", "mised")):
            return w[:-4] + "ized"
    return w


# ---------------------------------------------------------------------------
# turning inputs into spans


def texts_of(texts: Any) -> Any:
    """The texts of a stance model's input ``X``, checked before anything iterates it.

    A list, tuple, array or Series is returned as it is (a one-column 2-D array
    as its column); a DataFrame gives
    its ``text`` column (iterating a DataFrame yields its column *names*,
    which would be tagged as one sentence each; and its only column, when
    not named ``text``, may as well hold ids as sentences). One string
    raises ``[E212]`` (iterating it gives characters), anything that is not
    a collection of texts ``[E242]``.
    """
    if isinstance(texts, str):  # iterating it would make one "sentence" per character
        raise TypeError(Errors.E212.format(text=texts[:60]))
    if isinstance(texts, pd.DataFrame):
        if "text" in texts.columns:
            return texts["text"]
        columns = ", ".join(map(str, texts.columns))
        raise TypeError(Errors.E242.format(kind=f"a DataFrame without a 'text' column ({columns})"))
    if isinstance(texts, bytes | dict | Span | Doc) or not isinstance(texts, Iterable):
        raise TypeError(Errors.E242.format(kind=type(texts).__name__))
    if isinstance(texts, np.ndarray) and texts.ndim == 2 and texts.shape[1] == 1:
        return texts[:, 0]  # df[["text"]].to_numpy(): one text per row
    return texts


def as_spans(texts: Iterable[Any], nlp: Any = None, batch_size: int = 64) -> list[Span]:
    """Sentence spans for ``texts``: spans kept, docs sliced, strings parsed once.

    Strings are parsed with :func:`discourse.nlp.load_nlp` (or ``nlp``) via
    ``nlp.pipe`` and cached per process, so cross-validation and grid search
    over the same sentences parse each one once. ``texts`` is checked by
    :func:`texts_of`.
    """
    given = texts_of(texts)
    items = list(given)
    index = given.index if isinstance(given, pd.Series) else None
    out: list[Span | None] = [None] * len(items)
    todo: dict[str, list[int]] = {}
    for i, item in enumerate(items):
        if isinstance(item, Span):
            out[i] = item
        elif isinstance(item, Doc):
            out[i] = item[:]
        elif isinstance(item, str):
            item = str(item)  # a NumPy string (an array's element) is not one to spaCy
            cached = _parse_cache.get(item)
            if cached is not None:
                _parse_cache.move_to_end(item)
                out[i] = cached[:]
            else:
                todo.setdefault(item, []).append(i)
        else:  # say where: by position, and by index label for a Series (df.loc)
            label = i if index is None else index[i]
            label = label.item() if isinstance(label, np.generic) else label  # 7, not np.int64(7)
            where = f"at position {i}" + (f" (index label {label!r})" if label != i else "")
            if item is None or item is pd.NA or (isinstance(item, float) and math.isnan(item)):
                raise TypeError(Errors.E218.format(where=where, value=item))
            raise TypeError(Errors.E200.format(kind=f"{type(item).__name__} {where}"))
    if todo:
        if nlp is None:
            from ..nlp import load_nlp

            nlp = load_nlp()
        for text, doc in zip(todo, nlp.pipe(list(todo), batch_size=batch_size), strict=True):
            _parse_cache[text] = doc
            for i in todo[text]:
                out[i] = doc[:]
        while len(_parse_cache) > _PARSE_CACHE_SIZE:
            _parse_cache.popitem(last=False)
    return out  # type: ignore[return-value]


# ---------------------------------------------------------------------------
# token attributes, read once per doc


#: spaCy string ids → strings, shared by every :class:`TokenTable` (an id is the
#: hash of its string, the same in every vocab); emptied when it outgrows
#: :data:`_STRING_NAMES_MAX`.
_STRING_NAMES: dict[int, str] = {}
_STRING_NAMES_MAX = 500_000
_PROPER_TAGS: frozenset[str] = frozenset({"NNP", "NNPS"})
#: Lower-case words :meth:`TokenTable._is_negator` can accept (besides a "neg" dependency).
_NEGATOR_WORDS: frozenset[str] = NEGATORS | {"n't", "longer"}
#: A contrast's negators, the punctuation before them and the dependents they can
#: reject ("rehab, *not* prison": :meth:`TokenTable._contrast_target`).
_CONTRAST_NEGATORS: frozenset[str] = frozenset({"not", "never"})
_CONTRAST_PUNCT: frozenset[str] = frozenset({",", ";", "-", "--", "\u2013", "\u2014"})
#: Dependents before a cue's head whose negator negates the cue ("*not* more troops").
_PREMODIFIER_DEPS: frozenset[str] = frozenset({"amod", "nummod", "quantmod", "det"})
_CONTRAST_DEPS: frozenset[str] = frozenset(
    {"appos", "conj", "dobj", "attr", "npadvmod", "prep", "pobj", "dep", "advcl", "xcomp", "ccomp"}
)


class TokenTable:
    """The token attributes the stance features read, for one doc, as plain lists.

    Indexed by doc position (``span.start + k``). Every ``tok.lemma_``,
    ``tok.head`` or ``tok.children`` creates ``Token`` objects, and the
    features of one sentence read each token a dozen times (cue matching,
    negation scope, masked lemmas, sentiment, scope words), so
    :meth:`StanceFeatures._analyse` reads each doc once with
    ``Doc.to_array`` and the feature functions work on these lists.
    ``children`` are in ``Token.children`` order and :meth:`subtree` in
    ``Token.subtree`` order, so the features are the same as from the tokens.

    A table is a snapshot of the doc's annotation when it was built.
    """

    _ATTRS: tuple[int, ...] = (
        LOWER,
        LEMMA,
        TAG,
        POS,
        DEP,
        ENT_TYPE,
        HEAD,
        IS_PUNCT,
        IS_SPACE,
        LIKE_NUM,
    )

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        n = len(doc)
        arr = (
            doc.to_array(list(self._ATTRS))
            if n
            else np.zeros((0, len(self._ATTRS)), dtype=np.uint64)
        )
        strings = doc.vocab.strings
        ids = arr[:, :6].T.tolist()  # one list of string ids per string attribute
        # this doc's names come from a local dict: the shared cache may be
        # emptied meanwhile by another thread's table
        cache = _STRING_NAMES
        names: dict[int, str] = {}
        new: dict[int, str] = {}
        for h in set().union(*ids):
            name = cache.get(h)
            if name is None:
                name = new[h] = strings[h]
            names[h] = name
        if new:
            if len(cache) + len(new) > _STRING_NAMES_MAX:
                cache.clear()
            cache.update(new)
        lookup = names.__getitem__
        self.lower, self.lemma, self.tag, self.pos, self.dep, self.ent_type = (
            list(map(lookup, col)) for col in ids
        )
        # HEAD is the offset to the head, stored unsigned: reinterpret as signed
        self.head: list[int] = (arr[:, 6].view(np.int64) + np.arange(n)).tolist()
        self.is_punct: list[bool] = arr[:, 7].astype(bool).tolist()
        self.is_space: list[bool] = arr[:, 8].astype(bool).tolist()
        self.like_num: list[bool] = arr[:, 9].astype(bool).tolist()
        self.children: list[list[int]] = [[] for _ in range(n)]
        for i, h in enumerate(self.head):
            if h != i:
                self.children[h].append(i)
        self.lemma_lower = list(map(str.lower, self.lemma))
        self.norm_lemma = list(map(normalise_lemma, self.lemma))
        #: the lemma the lexicon is matched on (see :meth:`_lemma_key`)
        self.key = [
            self._lemma_key(i) if tag in _PROPER_TAGS else lemma
            for i, (tag, lemma) in enumerate(zip(self.tag, self.norm_lemma, strict=True))
        ]
        # only a negating word or a "neg" dependency can be a negator (see _is_negator)
        self.negator = [
            (low in _NEGATOR_WORDS or dep == "neg") and self._is_negator(i)
            for i, (low, dep) in enumerate(zip(self.lower, self.dep, strict=True))
        ]
        #: the token each negator negates: its head, except in a contrast
        #: ("treatment, *not* more troops", where spaCy hangs "not" on
        #: "treatment" and the troops are what is rejected; see _contrast_target)
        self.negates: list[int] = [
            (self._contrast_target(i) if self.negator[i] else h) for i, h in enumerate(self.head)
        ]
        #: negators moved onto a later word by a contrast, by the word they negate
        self.contrast_negators: dict[int, list[int]] = {}
        #: a negator among the token's children ("*not* legalize", "*never* work"),
        #: or rejecting it in a contrast
        self.governs_negation = [False] * n
        for i, (h, target) in enumerate(zip(self.head, self.negates, strict=True)):
            if target != i and self.negator[i]:
                self.governs_negation[target] = True
                if target != h:
                    self.contrast_negators.setdefault(target, []).append(i)

    def _lemma_key(self, i: int) -> str:
        """The lemma the lexicon is matched on; plural proper nouns singularised.

        The tagger takes "Marines" and "Kaibiles" for proper nouns and the
        lemmatizer leaves them plural, so the cue "marine" would miss them.
        """
        lemma = self.norm_lemma[i]
        if self.tag[i] in _PROPER_TAGS and len(lemma) > 4 and lemma.endswith("s"):
            if not lemma.endswith(("ss", "us", "is")) and lemma == self.lower[i]:
                return lemma[:-1]
        return lemma

    def _is_negator(self, i: int) -> bool:
        """ "not", "n't", "never", "no", "nobody" …, or "longer" in "no longer".

        An answer particle ("*No*, we should legalize it") rejects what was said
        before, not the clause it is attached to, so it does not count.
        """
        low = self.lower[i]
        if self.dep[i] == "intj":
            return False
        if self.dep[i] == "neg" or low == "n't" or (low in NEGATORS and low != "without"):
            return True
        # "no longer": count the pair once, on "longer", when "no" hangs off it
        return low == "longer" and any(self.lower[c] == "no" for c in self.children[i])

    def _contrast_target(self, i: int) -> int:
        """What the negator ``i`` negates: its head, or the word a contrast rejects.

        In "X, not Y" ("Rehab, not prison", "The army, not the police,
        should patrol", "Treatment works, not prohibition") the parser hangs
        "not" on X, though the sentence affirms X and rejects Y. A "not" or
        "never" after a comma, semicolon or dash whose head comes before it
        negates the head's next dependent after it (Y) instead.
        """
        h = self.head[i]
        if (
            h >= i
            or i == 0
            or self.lower[i] not in _CONTRAST_NEGATORS
            or self.lower[i - 1] not in _CONTRAST_PUNCT
        ):
            return h
        later = [c for c in self.children[h] if c > i and self.dep[c] in _CONTRAST_DEPS]
        return later[0] if later else h

    def subtree(self, i: int) -> list[int]:
        """Token ``i`` and its descendants, in ``Token.subtree`` order."""
        out: list[int] = []
        self._walk(i, out)
        return out

    def _walk(self, i: int, out: list[int]) -> None:
        kids = self.children[i]
        for c in kids:
            if c < i:
                self._walk(c, out)
        out.append(i)
        for c in kids:
            if c > i:
                self._walk(c, out)


def _table(span: Span, table: TokenTable | None) -> TokenTable:
    """``table`` when given (it must be ``span.doc``'s), else a new one of ``span.doc``."""
    return table if table is not None else TokenTable(span.doc)


# ---------------------------------------------------------------------------
# lexicon matching with negation scope


@dataclass(frozen=True)
class CueMatch:
    """A lexicon match in a sentence: token offsets relative to the span."""

    frame: str
    kind: str  # topic / favor / against
    start: int
    end: int
    text: str
    negated: bool
    #: offset of the word that negates the match, the nearest when several do
    #: ("not" in "should *not* legalize", "longer" in "no longer", "failed" in
    #: "failed to reduce demand"); ``None`` when the match is not negated
    negator: int | None = None
    #: which way an attitude toward the matched words points for the frame
    #: (:func:`cue_attitude`): +1 for a cue naming the measure, −1 for one
    #: naming what it restricts or replaces ("guns" for arms control,
    #: "prohibition" for legalization), 0 for any other topic ("the cartels")
    aim: int = 1

    @property
    def polarity(self) -> int:
        """+1 when the match argues for the frame, −1 against, 0 for a topic cue."""
        sign = {"favor": 1, "against": -1}.get(self.kind, 0)
        return -sign if self.negated else sign


def compile_lexicon(frames: Sequence[Any]) -> dict[str, list[list[Any]]]:
    """Index the frames' cue phrases by first word: ``{word: [[words, frame, kind, bound,
    aim], …]}`` (``bound``: the cue is in the frame's ``needs_topic``, see
    :func:`match_cues`; ``aim``: :attr:`CueMatch.aim` — a topic cue in the
    frame's ``measure_cues`` +1, in its ``opposite_cues`` −1, any other topic
    cue 0, unless the frame sorts none of its topic cues: then +1, as for
    every favor/against cue, whose kind says the rest).

    Unlike :func:`discourse.stance.frames.find_cues` (exact phrases), the
    stance matcher tolerates up to two modifiers inside a phrase ("deploy
    *more* troops", "war on drugs *has* failed") and records negation scope.

    Phrases are lemma sequences; articles are dropped (the matcher skips
    determiners anyway). Plain lists, so the compiled lexicon persists with
    the model and a saved model does not depend on the frames file.
    """
    index: dict[str, list[list[Any]]] = {}
    for frame in frames:
        bound = set(getattr(frame, "needs_topic", ()))
        measures = set(getattr(frame, "measure_cues", ()))
        opposites = set(getattr(frame, "opposite_cues", ()))
        sorted_topics = bool(measures or opposites)
        for kind in CUE_KINDS:
            for phrase in getattr(frame, f"{kind}_cues"):
                words = [normalise_lemma(w) for w in cue_words(phrase) if w not in _DROP_CUE_WORDS]
                if words:
                    aim = 1
                    if kind == "topic" and sorted_topics:
                        aim = 1 if phrase in measures else -1 if phrase in opposites else 0
                    entry = [words, frame.name, kind, phrase in bound, aim]
                    index.setdefault(words[0], []).append(entry)
    for entries in index.values():
        entries.sort(key=lambda e: -len(e[0]))  # longest phrase first
    return index


def _match_at(
    keys: list[tuple[str, str]],
    table: TokenTable,
    offset: int,
    i: int,
    words: list[str],
    max_gap: int = 2,
) -> int | None:
    """End offset of ``words`` matched from token ``i``, skipping a few modifiers.

    ``keys`` and the offsets are relative to the sentence, which starts at
    doc position ``offset``.
    """
    j = i + 1
    for w in words[1:]:
        gap = 0
        while j < len(keys) and w not in keys[j]:
            if table.lower[offset + j] == "-":  # "gun-free" is "gun free"
                j += 1
                continue
            if gap >= max_gap or table.pos[offset + j] not in SKIPPABLE_POS:
                return None
            gap += 1
            j += 1
        if j >= len(keys):
            return None
        j += 1
    return j


#: Punctuation that splices two independent clauses ("Treatment works, it just is not funded").
_SPLICE_PUNCT: frozenset[str] = frozenset({",", ";", ":", "-", "–", "—"})


def is_spliced(tab: TokenTable, node: int) -> bool:
    """Whether the ``ccomp`` at ``node`` is an independent clause spliced onto its head.

    spaCy parses the first of two comma-joined clauses ("Treatment works, it
    just is not funded"; "The drug war hasn't failed, it was never tried") as
    a complement clause of the second, so the second clause's negation would
    reach the first. A clause its head really governs follows the head ("I
    don't think treatment works"), is introduced by a complementizer ("that",
    "whether": a ``mark`` child), or is the fronted complement of a verb of
    saying or thinking with no object of its own ("Treatment works, I don't
    think"). A spliced one comes before its head, has none of these, and a
    comma (semicolon, colon, dash) separates the two.
    """
    up = tab.head[node]
    if tab.dep[node] != "ccomp" or up <= node:
        return False
    if any(tab.dep[c] == "mark" for c in tab.children[node]):
        return False
    if tab.lemma_lower[up] in REPORTING_VERBS and not any(
        tab.dep[c] in {"dobj", "ccomp", "xcomp"} for c in tab.children[up] if c != node
    ):
        return False
    return any(
        tab.lower[k] in _SPLICE_PUNCT and tab.head[k] in {node, up} for k in range(node + 1, up)
    )


def negators_of(span: Span, start: int, end: int, table: TokenTable | None = None) -> list[int]:
    """Doc positions of the words that put the cue ``span[start:end]`` in a negation's scope.

    Walks from the cue's syntactic head up to its clause verb (at most four
    steps) and collects negators among the children of every visited token
    (``not``/``never``/``no``/``no longer`` — the position of "longer" —,
    subjects like ``nobody``), and negating verbs whose complement the cue is
    ("*fail* to reduce demand"). The walk climbs into a governing clause
    ("I don't think we need troops") but not out of a clause spliced onto
    the next one (:func:`is_spliced`). A negator hung on another word of the
    cue or on a modifier before it counts ("*not* more troops"); in a
    contrast it negates what it rejects, not its head ("rehab, *not*
    prison": :attr:`TokenTable.negates`). Negators inside the cue itself
    ("cannot be won") belong to the cue and are left out.
    ``table``: ``span.doc``'s, if already built.
    """
    tab = _table(span, table)
    heads, deps, lower = tab.head, tab.dep, tab.lower
    inside = set(range(span.start + start, span.start + end))
    toks = range(span.start + start, span.start + end)
    head = next((t for t in toks if heads[t] not in inside or heads[t] == t), toks[0])
    # a negator on another word of the cue, or on a modifier before its head
    # ("*not* more troops", "*no* more troops": spaCy hangs it on "more")
    modifiers = [
        c
        for c in tab.children[head]
        if c < head and c not in inside and deps[c] in _PREMODIFIER_DEPS
    ]
    found = [
        c
        for t in [*toks, *modifiers]
        if t != head
        for c in tab.children[t]
        if c not in inside and tab.negator[c] and tab.negates[c] == t
    ]
    node = head
    for _ in range(4):
        for child in tab.children[node] + tab.contrast_negators.get(node, []):
            if child in inside:
                continue
            if tab.negator[child]:
                # a contrast's "not" negates the word it rejects, not its head
                if tab.negates[child] == node:
                    found.append(child)
            elif deps[child] in {"nsubj", "nsubjpass"} and lower[child] in {
                "nobody",
                "nothing",
                "none",
                "noone",
            }:
                found.append(child)
            elif deps[child] == "det" and lower[child] == "no":
                found.append(child)
        # a clause head: the climb stops here ("conj", "advcl" …, and a ccomp
        # that is an independent clause spliced onto the next)
        if deps[node] in {"ROOT", "advcl", "relcl", "conj"} or is_spliced(tab, node):
            break
        up = heads[node]
        if (
            deps[node] in {"xcomp", "ccomp", "dobj", "pobj", "prep"}
            and tab.lemma_lower[up] in NEGATING_VERBS
            and up not in inside
        ):
            found.append(up)
        if up == node:
            break
        # climb through subjects ("sending troops will never work") and
        # complement clauses ("I don't think we need troops")
        node = up
    return found


def match_cues(
    span: Span, lexicon: dict[str, list[list[Any]]], table: TokenTable | None = None
) -> list[CueMatch]:
    """All lexicon matches in ``span`` (longest per start token and frame/kind).

    A match of a cue in its frame's ``needs_topic`` (the compiled entry's
    fourth item; a lexicon compiled before it had three) is kept only where
    another cue of the frame matches outside it: "confiscate our guns" is
    arms control, "Police confiscated two tons of cocaine" is not.
    ``table``: ``span.doc``'s :class:`TokenTable`, if already built.
    """
    tab = _table(span, table)
    s0 = span.start
    keys = [(tab.key[k], tab.lower[k]) for k in range(s0, span.end)]
    found: list[CueMatch] = []
    bound: list[CueMatch] = []  # matches of needs_topic cues, kept only in topic
    covered: set[tuple[str, str, int]] = set()
    for i, (lemma, lower) in enumerate(keys):
        cands = lexicon.get(lemma, [])
        if lower != lemma:
            cands = cands + lexicon.get(lower, [])
        for words, frame, kind, *rest in cands:
            if (frame, kind, i) in covered:
                continue
            end = _match_at(keys, tab, s0, i, words)
            if end is None:
                continue
            for k in range(i, end):
                covered.add((frame, kind, k))
            # a negator skipped as a modifier inside the match ("prohibition has
            # *not* failed") negates it; one that is a word of the cue does not
            skipped = [
                k for k in range(i, end) if tab.negator[s0 + k] and not set(keys[k]) & set(words)
            ]
            outside = [k - s0 for k in negators_of(span, i, end, tab)]
            if outside and _wants_more(tab, s0 + i, s0 + end):
                outside = []  # "never built *enough* treatment beds" asks for more of them
            negated = (len(skipped) + len(outside)) % 2 == 1
            negator = None
            if negated:  # the one to show with the cue: inside it, else the nearest
                negator = skipped[0] if skipped else min(outside, key=lambda k: abs(k - i))
            aim = rest[1] if len(rest) > 1 else 1
            match = CueMatch(frame, kind, i, end, span[i:end].text, negated, negator, aim)
            found.append(match)
            if rest and rest[0]:
                bound.append(match)
    if bound:
        found = [m for m in found if m not in bound or _in_topic(m, found, bound)]
    return _drop_shadowed(found)


def _in_topic(match: CueMatch, found: list[CueMatch], bound: list[CueMatch]) -> bool:
    """Whether a cue of ``match``'s frame that needs no topic matches outside it."""
    return any(
        o.frame == match.frame and o not in bound and (o.end <= match.start or match.end <= o.start)
        for o in found
    )


#: Words that, negated, complain of too little of what they modify: "there
#: aren't *enough* treatment beds", "never *sufficient* funding for rehab".
INSUFFICIENCY_WORDS: frozenset[str] = frozenset({"enough", "sufficient", "adequate"})


def _match_head(tab: TokenTable, start: int, end: int) -> int:
    """The syntactic head of the tokens at doc positions ``start``–``end``: the
    first whose head lies outside them, or is itself (the sentence's root)."""
    return next(
        (k for k in range(start, end) if not start <= tab.head[k] < end or tab.head[k] == k),
        start,
    )


def _wants_more(tab: TokenTable, start: int, end: int) -> bool:
    """Whether the noun a match (doc positions ``start``–``end``) names, or the noun
    it is a compound of, is modified by :data:`INSUFFICIENCY_WORDS`: a negation
    of it then complains of too little ("never built enough treatment beds" is
    for treatment, "not enough soldiers" for soldiers), it does not negate the
    measure. A match headed by a verb ("not legalize enough drugs") is negated
    as before."""
    root = _match_head(tab, start, end)
    if tab.pos[root] not in {"NOUN", "PROPN"}:
        return False
    nouns = [root]
    if tab.dep[root] == "compound" and tab.pos[tab.head[root]] in {"NOUN", "PROPN"}:
        nouns.append(tab.head[root])  # "*treatment* beds": enough beds
    return any(
        tab.lemma_lower[c] in INSUFFICIENCY_WORDS and tab.dep[c] in {"amod", "advmod", "det"}
        for k in nouns
        for c in tab.children[k]
    )


def _drop_shadowed(found: list[CueMatch]) -> list[CueMatch]:
    """Drop matches lying strictly inside a longer cue of another frame, or inside
    a longer topic cue of their own frame that points the other way.

    "crack down on weapons sales" is an arms-control cue; the militarization
    cue "crack down" inside it says nothing about militarization, nor does
    "military" inside the arms-control topic "military style" ("ban
    military-style weapons"), nor demand reduction's "buyer" inside "straw
    buyer". "criminalize" (what legalisation restricts) inside "de-criminalize"
    (the measure) is no mention of criminalisation.
    """
    return [
        m
        for m in found
        if not any(
            (o.frame != m.frame or (o.kind == m.kind == "topic" and o.aim != m.aim))
            and o.start <= m.start
            and m.end <= o.end
            and o.end - o.start > m.end - m.start
            for o in found
        )
    ]


# ---------------------------------------------------------------------------
# syntax: modality, reported speech, questions


def reporting_verb(
    span: Span,
    table: TokenTable | None = None,
    verbs: frozenset[str] = REPORTING_VERBS,
    *,
    through_aux: bool = False,
    holds: Callable[[int], bool] | None = None,
) -> Token | None:
    """The highest reporting verb of ``span`` that has its own (non-expletive) subject.

    ``table``: ``span.doc``'s :class:`TokenTable`, if already built (the search
    reads every token of the sentence). ``verbs``: the lemmas that count (the
    holder search also counts verbs of taking a position by acting).
    ``through_aux``: a subject the parser hung on the verb's auxiliary counts
    as the verb's (:func:`subject_index`). ``holds``: a test of a verb's doc
    position in place of those two, lemma and subject (the holder search's own).
    """
    tab = _table(span, table)
    pos, lemma, heads = tab.pos, tab.lemma_lower, tab.head
    best: int | None = None
    best_depth = 99
    for i in range(span.start, span.end):
        if holds is not None:
            if not holds(i):
                continue
        elif pos[i] not in {"VERB", "AUX"} or lemma[i] not in verbs:
            continue
        elif subject_index(tab, i, through_aux=through_aux) is None:
            continue
        depth, node = 0, i
        while heads[node] != node and depth < 20:
            node, depth = heads[node], depth + 1
        if depth < best_depth:
            best, best_depth = i, depth
    return span.doc[best] if best is not None else None


_SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def subject_index(tab: TokenTable, i: int, *, through_aux: bool = False) -> int | None:
    """The doc position of the nominal subject of the verb at ``i``, if any.

    ``through_aux``: also one the parser hung on the verb's auxiliary
    ("Calderon is convinced that …" attaches "Calderon" to "is"), or on the
    "is" the verb complements (the other parse: "convinced" an ``acomp``).
    """
    dep, children = tab.dep, tab.children
    found = next((c for c in children[i] if dep[c] in _SUBJECTS), None)
    if found is None and through_aux:
        hosts = [c for c in children[i] if dep[c] in {"aux", "auxpass"}]
        if dep[i] == "acomp":
            hosts.append(tab.head[i])
        for host in hosts:
            found = next((c for c in children[host] if dep[c] in _SUBJECTS), None)
            if found is not None:
                break
    return found


def subject_of(verb: Token) -> Token | None:
    """The nominal subject of ``verb``, if any (:func:`subject_index` for a table
    and the subjects the parser hangs elsewhere)."""
    return next((c for c in verb.children if c.dep_ in _SUBJECTS), None)


def is_question(span: Span) -> bool:
    """A question (rhetorical or not): the sentence ends with "?"."""
    for tok in reversed(span):  # the last token, without building the span's text
        if not tok.is_space:
            return tok.text.endswith("?")
    return False


#: Cue counts above this are counted as this: a sentence has 0–2 cues of a side,
#: and an unbounded count, scaled by statistics of single sentences, let a
#: long or repeated text drive a frame to a score of 1.0 (dev and seed F-avg
#: are the same with and without the cap).
CUE_COUNT_CAP = 2.0


def cue_stats(cues: Sequence[CueMatch], frame: str) -> tuple[float, float, float]:
    """``(topic, pro, con)`` of ``frame``'s cue matches: whether any matched, and how
    many argue for and against it (at most :data:`CUE_COUNT_CAP` each).

    A negated cue argues for the other side ("should not legalize" is
    against): folding it there keeps a model from learning that a negated
    favor cue merely signals "takes some side".
    """
    topic = pro = con = 0.0
    for m in cues:
        if m.frame != frame:
            continue
        topic = 1.0
        if m.polarity > 0:
            pro += 1.0
        elif m.polarity < 0:
            con += 1.0
    return topic, min(pro, CUE_COUNT_CAP), min(con, CUE_COUNT_CAP)


@dataclass
class SentenceAnalysis:
    """What :class:`StanceFeatures` extracts from one sentence before vectorising."""

    span: Span
    lemma_text: str
    cues: list[CueMatch] = field(default_factory=list)
    char_text: str = ""
    scope_text: str = ""
    scope_dense: np.ndarray | None = None
    dense: np.ndarray | None = None
    sentiment: tuple[float, float] | None = None


def _masked_words(
    span: Span,
    table: TokenTable,
    mask_entities: bool,
    words: list[str],
    mark_negated: bool = False,
) -> str:
    """Space-joined words of ``span``: punctuation dropped, numbers as ``-num-``,
    names and dates masked (one mask for a run of them), negated words as
    ``-neg-`` when ``mark_negated``, every other token as ``words[i]`` (a
    per-token column of ``table``)."""
    out: list[str] = []
    for i in range(span.start, span.end):
        if table.is_punct[i] or table.is_space[i]:
            continue
        if mark_negated and table.governs_negation[i]:
            word = "-neg-"
        elif mask_entities and table.ent_type[i] in MASKED_ENTS:
            word = MASKED_ENTS[table.ent_type[i]]
            if out and out[-1] == word:
                continue
        elif table.like_num[i]:
            word = "-num-"
        else:
            word = words[i]
        out.append(word)
    return " ".join(out)


def lemma_text(span: Span, mask_entities: bool = True, table: TokenTable | None = None) -> str:
    """Space-joined lower-case lemmas for TF-IDF; names, dates and numbers masked."""
    tab = _table(span, table)
    return _masked_words(span, tab, mask_entities, tab.norm_lemma)


def char_text(span: Span, mask_entities: bool = True, table: TokenTable | None = None) -> str:
    """Lower-case surface words for character n-grams; names, dates and numbers masked.

    Character n-grams see spelling variants and typos the lemma TF-IDF cannot
    ("legalise"/"legalize", "marijauna"/"marijuana"). A word that a negation
    governs ("should *not legalize*") becomes ``-neg-``: its n-grams would
    otherwise look just like the affirmative sentence's, and the negated cue
    and lemma features carry its meaning.
    """
    tab = _table(span, table)
    return _masked_words(span, tab, mask_entities, tab.lower, mark_negated=True)


def _syntax_features(span: Span, table: TokenTable | None = None) -> list[float]:
    """Modality, reported speech, question, negation, "we", length, contrast (one pass)."""
    tab = _table(span, table)
    need = will = contrast = False
    negs = we = 0
    for i in range(span.start, span.end):
        lemma = tab.lemma_lower[i]
        if lemma in NEED_MODALS and (
            tab.tag[i] == "MD"
            or tab.lower[i] in {"need", "needs"}
            or any(tab.dep[c] == "xcomp" for c in tab.children[i])
        ):
            need = True
        elif lemma in WILL_MODALS and tab.tag[i] == "MD":
            will = True
        if tab.negator[i]:
            negs += 1
        low = tab.lower[i]
        if low in {"we", "us", "our"}:
            we += 1
        elif low in {"but", "however"}:
            contrast = True
    reported = reporting_verb(span, tab)
    subj = subject_of(reported) if reported is not None else None
    reported_3p = subj is not None and subj.lower_ not in {"i", "we", "you"}
    return [
        float(need),
        float(will),
        float(reported is not None),
        float(reported_3p),
        float(is_question(span)),
        float(negs),
        float(we > 0),
        math.log1p(len(span)),
        float(contrast),
    ]


SYNTAX_NAMES: tuple[str, ...] = (
    "modal_need",
    "modal_will",
    "reported",
    "reported_third_person",
    "question",
    "negations",
    "first_person_plural",
    "log_length",
    "contrast",
)

#: Distinct word sequences whose TextBlob sentiment is kept (see :func:`_blob_sentiment`).
SENTIMENT_CACHE_SIZE = 8192


@lru_cache(maxsize=SENTIMENT_CACHE_SIZE)
def _blob_sentiment(words: tuple[str, ...]) -> tuple[float, float]:
    """TextBlob (pattern lexicon) polarity and subjectivity of a word sequence.

    A pure function of the words, so it is cached: the same sentence or
    clause (a quoted comment, a repeated sign-off, a clause two frames share)
    is scored once. Handing TextBlob the words skips its regex tokenizer,
    which would cost as much as the lexicon lookup itself.
    """
    pol, subj = pattern_sentiment()(list(words))[:2]  # a list: TextBlob scores no other sequence
    return float(pol), float(subj)


@lru_cache(maxsize=1)
def pattern_sentiment() -> Any:
    """TextBlob's English sentiment scorer (``textblob.en.sentiment``), without importing TextBlob.

    ``import textblob`` imports NLTK, and NLTK imports scikit-learn and
    ``scipy.stats``: about 2 s of a run's start-up for a lexicon lookup. The
    scorer itself lives in ``textblob/_text.py``, which needs only the
    standard library, so that file is loaded on its own (under a private
    module name: a later ``import textblob`` gets the whole package as
    usual) and given the settings and the adverb step that ``textblob.en``
    gives it. Sentences are handed to it as word lists, so its tokenizer is
    never used. ``tests/stance/test_analysis.py`` checks the scores equal
    ``textblob.en.sentiment``'s.
    """
    import importlib.util

    spec = importlib.util.find_spec("textblob")  # finds the package without running it
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("TextBlob is not installed: pip install textblob")
    root = Path(next(iter(spec.submodule_search_locations)))
    text_spec = importlib.util.spec_from_file_location(
        "discourse.stance._textblob_text", root / "_text.py"
    )
    assert text_spec is not None and text_spec.loader is not None
    text = importlib.util.module_from_spec(text_spec)
    text_spec.loader.exec_module(text)

    class Sentiment(text.Sentiment):  # type: ignore[name-defined]
        """``textblob.en.Sentiment``: adjectives also scored as their -ly adverbs."""

        def load(self, path: str | None = None) -> None:
            text.Sentiment.load(self, path)
            if not path:  # "terrible" -> "terribly" (+1 % accuracy, says pattern.en)
                word: str
                pos: dict[str, tuple[float, float, float]]
                for word, pos in list(dict.items(self)):
                    if "JJ" in pos:
                        if word.endswith("y"):
                            word = word[:-1] + "i"
                        if word.endswith("le"):
                            word = word[:-2]
                        p, s, i = pos["JJ"]
                        self.annotate(word + "ly", "RB", p, s, i)

    return Sentiment(
        path=str(root / "en" / "en-sentiment.xml"),
        synset="wordnet_id",
        negations=("no", "not", "n't", "never"),
        modifiers=("RB",),
        modifier=lambda w: w.endswith("ly"),
        language="en",
    )


def _sentiment(span: Span, table: TokenTable | None = None) -> tuple[float, float]:
    """TextBlob polarity and subjectivity over the span's own (lower-case) tokens."""
    tab = _table(span, table)
    return _blob_sentiment(tuple(tab.lower[span.start : span.end]))


def _clause_head(table: TokenTable, i: int) -> int:
    """The head of the clause token ``i`` sits in: the nearest verb heading a clause."""
    node = i
    for _ in range(6):
        if table.head[node] == node or (
            table.pos[node] in {"VERB", "AUX"} and table.dep[node] in CLAUSE_DEPS
        ):
            break
        node = table.head[node]
    return node


def _needed(table: TokenTable, clause: int) -> bool:
    """A need/should/must modal on ``clause``, or a need verb whose complement it is
    ("we *need* to reduce demand", "we *have* to secure the border")."""
    if any(
        table.tag[c] == "MD" and table.lemma_lower[c] in NEED_MODALS for c in table.children[clause]
    ):
        return True
    return table.dep[clause] == "xcomp" and table.lemma_lower[table.head[clause]] in NEED_MODALS


def _imperative(table: TokenTable, clause: int) -> bool:
    """``clause`` is a command: a base-form verb heading a main or coordinated clause,
    with no subject and no modal ("*Send* in the marines", "*don't* legalize it")."""
    if table.tag[clause] != "VB" or table.dep[clause] not in {"ROOT", "conj", "parataxis", "dep"}:
        return False
    for c in table.children[clause]:
        if table.dep[c] in _SUBJECT_DEPS or (
            table.dep[c] == "aux" and table.lemma_lower[c] != "do"
        ):
            return False
    return True


#: Lemmas stating an attitude *for* what they govern ("support legalization",
#: "backing for treatment", "supportive of rehab", "in *favor* of legalization").
ATTITUDE_FOR: frozenset[str] = frozenset(
    """
    support backing supportive favor favour favorable favourable back endorse endorsement
    welcome praise applaud approve approval defend advocate advocacy champion embrace
    """.split()
)
#: Lemmas stating an attitude *against* what they govern ("oppose", "opposed to",
#: "opposition to", "critical of", "object to").
ATTITUDE_AGAINST: frozenset[str] = frozenset(
    """
    oppose opposed opposition reject rejection dismiss denounce condemn condemnation
    criticize criticise criticism resist resistance block object objection veto
    decry slam
    """.split()
)
#: Heads that make "for" an attitude ("call *for*", "vote *for*", "argue *for*").
ATTITUDE_FOR_HEADS: frozenset[str] = frozenset(
    "call vote argue campaign lobby push press plead petition rally speak case argument".split()
)
#: Heads that make "against" an attitude ("I am *against*", "vote *against*",
#: "the case *against*"). Not every "against": "protect kids against drug use"
#: and "the fight against cartels" state no attitude toward the measure.
ATTITUDE_AGAINST_HEADS: frozenset[str] = frozenset(
    """
    be vote argue campaign lobby speak protest rally come stand turn decide rule testify
    case argument
    """.split()
)
#: Nouns that pass an attitude through to the measure they name: rejecting
#: "calls to withdraw the military" rejects withdrawing it.
ATTITUDE_CARRIERS: frozenset[str] = frozenset(
    """
    call demand plan proposal push effort idea bid move attempt initiative request plea
    appeal pressure suggestion scheme bill law measure policy decision program programme
    strategy
    """.split()
)
#: Words on the way from a cue to an attitude word that turn it round: backing
#: efforts to *stop* legalization, or a *ban* on it, is opposing it.
ATTITUDE_REVERSERS: frozenset[str] = frozenset(
    """
    stop end ban halt scrap repeal abolish prevent outlaw prohibit abandon cease undo
    reverse
    """.split()
)
#: Dependencies climbed from a cue toward the attitude word that governs it.
_ATTITUDE_STEPS: frozenset[str] = frozenset(
    {"dobj", "pobj", "pcomp", "prep", "xcomp", "acl", "nsubjpass", "compound", "amod", "appos"}
)
#: Dependency steps climbed from a cue to find its attitude word.
ATTITUDE_RADIUS = 5


def _attitude_word(table: TokenTable, i: int) -> int:
    """+1 / −1 when the token at ``i`` states an attitude for / against what it governs.

    "for" and "against" count after a verb or noun of taking sides
    (:data:`ATTITUDE_FOR_HEADS`, :data:`ATTITUDE_AGAINST_HEADS`); "say no to"
    is against. 0 for any other word.
    """
    lemma = table.norm_lemma[i]
    if table.pos[i] == "ADP":
        head = table.norm_lemma[table.head[i]]
        if lemma == "for" and head in ATTITUDE_FOR_HEADS:
            return 1
        if lemma == "against" and head in ATTITUDE_AGAINST_HEADS:
            return -1
        return 0
    if table.pos[i] not in {"VERB", "NOUN", "ADJ"}:  # "bring *back* the army"
        return 0
    if lemma == "advocate" and table.pos[i] != "VERB":  # "legalization *advocates*" hold it
        return 0
    if lemma in ATTITUDE_FOR:
        return 1
    if lemma in ATTITUDE_AGAINST:
        return -1
    if lemma == "say" and any(table.lower[c] == "no" for c in table.children[i]):
        return -1  # "say no to legal weed"
    return 0


def _is_request(table: TokenTable, i: int) -> bool:
    """A carrier noun with a clause of its own ("*demands* to legalize"): a request,
    not the measure a cue names (the demand_reduction cue "demand" matches it)."""
    return table.norm_lemma[i] in ATTITUDE_CARRIERS and any(
        table.dep[c] in {"acl", "advcl", "relcl", "ccomp"} for c in table.children[i]
    )


def attitude_cues(cues: Sequence[CueMatch], frame: str) -> list[CueMatch]:
    """The matches of ``frame`` an attitude is read from (:func:`cue_attitude`): a
    topic match inside a favor/against match of the frame is left to that match,
    which already says which way it points ("military" in "withdraw the
    military"). The scope features and the tagger's shown cue read the same."""
    stances = [c for c in cues if c.frame == frame and c.kind != "topic"]
    return [
        c
        for c in cues
        if c.frame == frame
        and not (c.kind == "topic" and any(o.start <= c.start and c.end <= o.end for o in stances))
    ]


def cue_attitude(span: Span, cue: CueMatch, table: TokenTable | None = None) -> int:
    """The stance the attitude words governing ``cue`` state toward its frame: +1, −1 or 0.

    Climbs from the cue's head (at most :data:`ATTITUDE_RADIUS` steps, through
    objects, prepositions, infinitive complements and nouns such as the
    :data:`ATTITUDE_CARRIERS`; never out of a relative, coordinated or main
    clause) and multiplies the signs of the attitude words on the way
    (:func:`_attitude_word`; the cue's head counts when it is one, "*against*
    legalization"): "criticised calls *for* legalization" is −1. A negator
    on the way flips the sign ("I support *not* sending troops"), and so does
    one that negates the highest attitude word (:func:`negators_of`: "I am
    *not* against", "*Nobody* opposes", "would*n't* say no to", "*refused*
    to support"). The result is multiplied by the cue's own direction (an
    against cue such as "withdraw the military" −1, a topic or favor cue
    +1): "rejected calls to withdraw the military" is +1 for militarization.
    0 when no attitude word governs the cue, or the cue is a request
    ("*demands* to legalize", :func:`_is_request`).

    The cue features already count "oppose" and "against" as negations of
    the cue, but the model weighed them as words ("not against" came out
    against); this says "an attitude governs the cue, in this direction" in
    one column. ``table``: ``span.doc``'s, if already built.
    """
    return attitude_of(span, cue, table)[0]


def cue_direction(cue: CueMatch) -> int:
    """Which way a cue points for its frame: +1 a favor cue or a topic cue naming
    the measure, −1 an against cue or a topic cue naming what the measure
    restricts (``opposite_cues``: "prohibition" for legalization), 0 a topic cue
    that names neither ("possession", "cartel"). An attitude word, a
    need/should modal or a command governing the cue argues in this
    direction: "we should keep it *illegal*" against, "we should *legalize*"
    for, "possession should be a crime" neither."""
    if cue.kind == "against":
        return -1
    return cue.aim if cue.kind == "topic" else 1


def attitude_of(
    span: Span, cue: CueMatch, table: TokenTable | None = None
) -> tuple[int, int | None]:
    """:func:`cue_attitude`'s sign and the doc position where the attitude it read
    starts (its highest attitude word, or a negator of it before: "*not*
    against", "*Nobody* opposes"), ``None`` with a sign of 0; the tagger shows
    that stretch up to the cue as the evidence ("rejected calls to withdraw
    the military")."""
    tab = _table(span, table)
    inside = range(span.start + cue.start, span.start + cue.end)
    node = _match_head(tab, inside.start, inside.stop)
    if _is_request(tab, node) or (cue.kind == "topic" and not cue.aim):
        return 0, None
    sign = cue_direction(cue)
    path: list[int] = []  # the nodes climbed from
    turns: list[int] = []  # where on the path a word turns the attitude round
    top, below = -1, 0  # the highest attitude word, and how many path nodes lie below it
    own = _attitude_word(tab, node)
    if own:  # the cue holds its attitude word: its kind already says which way
        sign, top = (own * cue.aim if cue.kind == "topic" else sign), node
    for _ in range(ATTITUDE_RADIUS):
        dep, up = tab.dep[node], tab.head[node]
        if up == node or not span.start <= up < span.end:
            break
        if dep == "advcl":  # "rejected calls *to withdraw*": a to-infinitive only
            if not any(tab.lower[c] == "to" for c in tab.children[node]):
                break
        elif dep == "conj":  # "support treatment and *prevention*", not a second verb
            if tab.pos[node] in {"VERB", "AUX"}:
                break
        elif dep not in _ATTITUDE_STEPS:
            break
        path.append(node)
        word = _attitude_word(tab, up)
        if word:
            sign *= word
            top, below = up, len(path)
        elif tab.norm_lemma[up] in ATTITUDE_REVERSERS:
            turns.append(len(path))  # "back efforts to *stop* legalization", "a *ban* on …"
        node = up
    if top < 0:
        return 0, None
    # only below the attitude word: above it, "stopped supporting" negates it (below)
    if sum(1 for at in turns if at < below) % 2:
        sign = -sign
    for t in path[:below]:  # "I support *not* sending troops"
        for c in tab.children[t]:
            if c not in inside and tab.negator[c] and tab.negates[c] == t:
                sign = -sign
    k = top - span.start
    # the "no" of "say no to" is the attitude, not its negation
    said_no = tab.lemma_lower[top] == "say"
    negators = [
        n
        for n in negators_of(span, k, k + 1, tab)
        if not (said_no and tab.head[n] == top and tab.lower[n] == "no")
    ]
    return (-sign if len(negators) % 2 else sign), min([top, *negators])


def scope_features(
    span: Span,
    cues: list[CueMatch],
    frames: Sequence[str],
    table: TokenTable | None = None,
    signed: bool = True,
) -> tuple[str, list[float]]:
    """Frame-prefixed scope words and per-frame clause features (the ``scope`` family).

    For every frame with a cue match in ``span``: the content lemmas within
    :data:`SCOPE_RADIUS` dependency steps above the cue (and the children of
    each token on the way) become ``<frame>|<lemma>`` (``_NEG`` appended
    when a negation governs the word); the clauses holding the cues give the
    mean and minimum TextBlob polarity of their words outside the cue
    (negated when the clause head is), whether a need/should/must modal heads
    one and whether one is a command, each signed by the direction the
    clause's cues point in (:func:`cue_direction`) and turned round when the
    clause is negated ("we should legalise" +1, "we should *not* legalise" and
    "we should keep it illegal" −1, "possession should be a crime" 0; "send
    in the marines" +1, "don't legalize it" −1), how many are negated, and the sign of the stance
    the attitude words governing the cues state (:func:`cue_attitude`: "I am
    not against legalization" +1, "dismissed demands to legalize" −1; a topic
    cue inside a favor/against cue of the frame is left to that cue).
    Frames without a match get zeros.
    ``table``: ``span.doc``'s :class:`TokenTable`, if already built.
    ``signed=False`` reads the modal and the command as models fitted before
    2026-12-02 did: +1 for any cue of the frame, −1 when negated.
    """
    tab = _table(span, table)
    heads, children = tab.head, tab.children
    words: list[str] = []
    dense: list[float] = []
    for frame in frames:
        inside = {span.start + k for c in cues if c.frame == frame for k in range(c.start, c.end)}
        if not inside:
            dense += [0.0] * len(SCOPE_NAMES)
            continue
        near: set[int] = set()
        for i in inside:
            node = i
            for _ in range(SCOPE_RADIUS):
                near.update(children[node])
                if heads[node] == node:
                    break
                node = heads[node]
                near.add(node)
            near.update(children[node])
        # each clause holding a cue, with the direction its cues point in (cue_direction)
        # ("end the war on drugs" points against, not also for by its "war on drugs")
        clauses: dict[int, int] = {}
        chosen = attitude_cues(cues, frame)
        for c in chosen:
            head = _clause_head(tab, span.start + c.start)
            clauses[head] = clauses.get(head, 0) + cue_direction(c)
        for i in sorted(near - inside):
            if not span.start <= i < span.end or tab.is_punct[i]:
                continue
            if tab.pos[i] in SCOPE_POS or tab.negator[i]:
                suffix = "_NEG" if tab.governs_negation[i] else ""
                words.append(f"{frame}|{tab.norm_lemma[i]}{suffix}")
        polarities, need, negated, command = [], 0.0, 0.0, 0.0
        attitude = sum(cue_attitude(span, c, tab) for c in chosen)
        for head, direction in clauses.items():
            toks = tuple(
                tab.lower[t]
                for t in tab.subtree(head)
                if span.start <= t < span.end and t not in inside
            )
            pol = _blob_sentiment(toks)[0] if toks else 0.0
            neg = tab.governs_negation[head]
            polarities.append(-pol if neg else pol)
            negated += float(neg)
            # a modal or a command argues for what its clause's cues point to: "we
            # should not legalise" the other way from "we should", "we should keep
            # it illegal" against, "possession should be a crime" neither way
            way = (float(np.sign(direction)) if signed else 1.0) * (-1.0 if neg else 1.0)
            if way and _needed(tab, head):
                need = max(need, way) if need else way
            if way and _imperative(tab, head):  # "don't send troops": the other way
                command = way
        dense += [
            float(np.mean(polarities)),
            float(min(polarities)),
            need,
            negated,
            command,
            float(np.sign(attitude)),
        ]
    return " ".join(words), dense


def _stack(rows: Sequence[np.ndarray | None], width: int) -> np.ndarray:
    """The rows of one dense block, stacked (``width`` columns when there are no rows).

    :meth:`StanceFeatures._analyse` fills every row; ``None`` here means an
    analysis made by other code, which would misalign the matrix.
    """
    if not rows:
        return np.zeros((0, width))
    filled = [r for r in rows if r is not None]
    assert len(filled) == len(rows), "every SentenceAnalysis has its dense rows"
    return np.vstack(filled)


def _sparse_arrays_configured() -> bool:
    """Whether scikit-learn (if a caller imported it) is set to return sparse arrays."""
    sklearn = sys.modules.get("sklearn")
    return (
        sklearn is not None
        and sklearn.get_config().get("sparse_interface", "spmatrix") != "spmatrix"
    )


def tfidf_transform(vectorizer: Any, texts: Sequence[str]) -> sp.csr_matrix:
    """``vectorizer.transform(texts)`` for a fitted TF-IDF, without scikit-learn's checks.

    ``vectorizer`` is a fitted scikit-learn ``TfidfVectorizer`` or the
    runtime's :class:`~discourse.stance.runtime.Tfidf`. The same steps in the
    same order as ``TfidfVectorizer.transform`` (counts of the analyser's
    in-vocabulary terms, columns sorted per row, ``1 + log(tf)`` when
    sublinear, times ``idf_``, rows scaled to unit L2 norm by
    :func:`l2_normalize_rows`), so the matrix is identical; on a thread's few
    dozen sentences the input checks and conversions of ``transform`` cost
    more than the counting. Settings this does not reproduce (binary counts,
    another norm or dtype, scikit-learn configured to return sparse arrays),
    and no texts at all, go to ``vectorizer.transform``.
    """
    if (
        not texts
        or vectorizer.binary
        or vectorizer.norm not in ("l2", None)
        or vectorizer.dtype != np.float64
        or _sparse_arrays_configured()
    ):
        return vectorizer.transform(texts)
    analyze = vectorizer.build_analyzer()
    vocabulary = vectorizer.vocabulary_
    indices: list[int] = []
    counts: list[int] = []
    indptr = [0]
    for text in texts:
        counter: dict[int, int] = {}
        for term in analyze(text):
            col = vocabulary.get(term)
            if col is not None:
                counter[col] = counter.get(col, 0) + 1
        indices.extend(counter)
        counts.extend(counter.values())
        indptr.append(len(indices))
    matrix = sp.csr_matrix(
        (
            np.asarray(counts, dtype=np.float64),
            np.asarray(indices, dtype=np.int32),
            np.asarray(indptr, dtype=np.int32),
        ),
        shape=(len(indptr) - 1, len(vocabulary)),
    )
    matrix.sort_indices()
    if vectorizer.sublinear_tf:
        np.log(matrix.data, matrix.data)
        matrix.data += 1.0
    if vectorizer.use_idf:
        matrix.data *= vectorizer.idf_[matrix.indices]
    if vectorizer.norm is not None:
        l2_normalize_rows(matrix)
    return matrix


def transform_distinct(vectorizer: Any, texts: Sequence[str]) -> sp.csr_matrix:
    """``vectorizer.transform(texts)``, vectorising each distinct text once.

    A TF-IDF row depends on its own text only, so a repeated text's row is a
    copy of the first one's: the matrix is the same. The frame view holds
    each sentence once per frame, and most of those texts are empty (no cue
    of that frame).
    """
    first: dict[str, int] = {}
    rows = [first.setdefault(text, len(first)) for text in texts]
    if len(first) == len(rows):
        return tfidf_transform(vectorizer, texts)
    return tfidf_transform(vectorizer, list(first))[rows]


def standardise(scaler: Any, rows: np.ndarray) -> np.ndarray:
    """``scaler.transform(rows)`` for a dense block, without scikit-learn's input checks.

    The same arithmetic as ``StandardScaler.transform`` (a float64 copy,
    minus ``mean_``, divided by ``scale_``), so the values are identical; its
    checks and output wrapping cost more than the arithmetic on a thread's
    few dozen rows. Anything else those checks would refuse (infinite
    values) goes to ``scaler.transform`` to be refused there.

    A wrong width is ``[E260]``: the model was fitted by code that computed
    another set of columns (a model file from another version of discourse,
    or feature code edited since the model was trained), and "X has 15
    features, but StandardScaler is expecting 13" said neither.
    """
    out = np.array(rows, dtype=np.float64)
    if out.ndim == 2 and out.shape[1] != scaler.n_features_in_:
        raise ValueError(Errors.E260.format(got=out.shape[1], expected=scaler.n_features_in_))
    if out.ndim != 2 or np.isinf(out).any():
        return np.asarray(scaler.transform(rows))
    if scaler.with_mean:
        out -= scaler.mean_
    if scaler.with_std:
        out /= scaler.scale_
    return out


def _tensor_mean(span: Span, width: int) -> np.ndarray:
    tensor = span.doc.tensor
    if tensor is None or len(tensor) == 0 or len(span) == 0:
        return np.zeros(width, dtype=np.float64)
    rows = np.asarray(tensor[span.start : span.end], dtype=np.float64)
    if rows.shape[1] != width:
        raise ValueError(Errors.E201.format(got=rows.shape[1], expected=width))
    return rows.mean(axis=0)


# ---------------------------------------------------------------------------
# the matrix


class FeatureMatrix:
    """Sentence analyses → the model's feature matrix, for a fitted feature set.

    Mixed into :class:`~discourse.stance.features.StanceFeatures` (fitted by
    scikit-learn) and :class:`~discourse.stance.runtime.CompiledFeatures`
    (the same fitted state as plain arrays, loaded without scikit-learn), so
    training, notebooks and runs build the matrix with one piece of code.
    The settings (``tfidf``, ``cues`` … ``scope_weight``) and the fitted state
    (``frame_names_``, ``lexicon_``, ``vectorizer_``, ``scaler_`` …) are the
    attributes :class:`~discourse.stance.features.StanceFeatures` documents.
    """

    tfidf: bool
    cues: bool
    sentiment: bool
    syntax: bool
    mask_entities: bool
    dense_weight: float
    tensor_weight: float
    char_weight: float
    scope_weight: float
    frame_names_: list[str]
    lexicon_: dict[str, list[list[Any]]]
    vectorizer_: Any
    char_vectorizer_: Any
    scope_vectorizer_: Any
    scaler_: Any
    n_dense_: int
    n_scope_: int
    tensor_width_: int
    tensor_scaler_: Any
    encoder_weight: float
    encoder_width_: int
    encoder_digest_: str
    encoder_cues: float

    def _analyse(
        self, spans: list[Span], tables: dict[int, TokenTable] | None = None
    ) -> list[SentenceAnalysis]:
        """Cues and dense features of each span (see :meth:`analyse`).

        ``tables``: :class:`TokenTable` by ``id(doc)``, filled here for the
        caller to reuse while the spans (which keep their docs alive) are held.
        """
        out = []
        scope = getattr(self, "scope", False)
        signed = getattr(self, "signed_scope", False)
        # one TokenTable per doc: a paragraph's sentences share it (the spans
        # keep their docs alive, so an id is not reused while this runs)
        tables = {} if tables is None else tables
        for span in spans:
            tab = tables.get(id(span.doc))
            if tab is None:
                tab = tables[id(span.doc)] = TokenTable(span.doc)
            cues = match_cues(span, self.lexicon_, tab) if self.lexicon_ else []
            sentiment = _sentiment(span, tab) if self.sentiment else None
            scope_text, scope_dense = (
                scope_features(span, cues, self.frame_names_, tab, signed) if scope else ("", [])
            )
            out.append(
                SentenceAnalysis(
                    span=span,
                    lemma_text=lemma_text(span, self.mask_entities, tab) if self.tfidf else "",
                    cues=cues,
                    dense=self._dense_row(span, cues, sentiment, tab),
                    char_text=(
                        char_text(span, self.mask_entities, tab)
                        if getattr(self, "char_ngrams", None)
                        else ""
                    ),
                    scope_text=scope_text,
                    scope_dense=np.asarray(scope_dense, dtype=np.float64),
                    sentiment=sentiment,
                )
            )
        return out

    def _dense_row(
        self,
        span: Span,
        cues: list[CueMatch],
        sentiment: tuple[float, float] | None,
        table: TokenTable | None = None,
    ) -> np.ndarray:
        parts: list[float] = []
        names = self.frame_names_
        pol, subj = sentiment if sentiment is not None else (0.0, 0.0)
        topic = {}
        for f in names:
            topic[f], pro, con = cue_stats(cues, f)
            if self.cues:
                parts += [topic[f], pro, con, pro - con]
        if self.sentiment:
            parts += [pol, subj]
            parts += [pol * topic[f] for f in names]
        if self.syntax:
            parts += _syntax_features(span, table)
        return np.asarray(parts, dtype=np.float64)

    def transform_analyses(self, analyses: list[SentenceAnalysis]) -> sp.csr_matrix:
        """Vectorise sentences already passed through :meth:`analyse`."""
        blocks = []
        if self.tfidf:
            blocks.append(tfidf_transform(self.vectorizer_, [a.lemma_text for a in analyses]))
        if getattr(self, "n_char_", 0):
            chars = tfidf_transform(self.char_vectorizer_, [a.char_text for a in analyses])
            blocks.append(chars * self.char_weight)
        if self.n_dense_:
            dense = _stack([a.dense for a in analyses], self.n_dense_)
            blocks.append(sp.csr_matrix(standardise(self.scaler_, dense) * self.dense_weight))
        if getattr(self, "n_scope_", 0):
            words = tfidf_transform(self.scope_vectorizer_, [a.scope_text for a in analyses])
            n_dense = len(SCOPE_NAMES) * len(self.frame_names_)
            clause = _stack([a.scope_dense for a in analyses], n_dense)
            fitted = self.n_scope_ - words.shape[1]  # the clause columns the model was fitted on
            if clause.shape[1] != fitted:  # never scaled, so standardise does not check them
                raise ValueError(Errors.E260.format(got=clause.shape[1], expected=fitted))
            # raw values: polarities lie in [-1, 1] and the rest are small counts,
            # zero wherever the frame has no cue (standardising would inflate them)
            blocks.append(sp.hstack([words, sp.csr_matrix(clause)]) * self.scope_weight)
        if self.tensor_width_:
            tens = (
                np.vstack([_tensor_mean(a.span, self.tensor_width_) for a in analyses])
                if analyses
                else np.zeros((0, self.tensor_width_))
            )
            blocks.append(
                sp.csr_matrix(standardise(self.tensor_scaler_, tens) * self.tensor_weight)
            )
        if getattr(self, "encoder_width_", 0):
            cue_frames = self.frame_names_ if getattr(self, "encoder_cue_width_", 0) else None
            sentences, cues = self._encoded(analyses, cue_frames)
            blocks.append(sp.csr_matrix(sentences * self.encoder_weight))
            if cues is not None:
                blocks.append(sp.csr_matrix(cues.reshape(len(analyses), -1) * self.encoder_cues))
        return sp.hstack(blocks, format="csr")

    def _encoded(
        self, analyses: list[SentenceAnalysis], cue_frames: Sequence[str] | None = None
    ) -> tuple[np.ndarray, np.ndarray | None]:
        """:func:`encoder_vectors`, checked to come from the weights the model was fitted with."""
        from ..encoder import load_encoder

        encoder = load_encoder()
        fitted = getattr(self, "encoder_digest_", "")
        if fitted and encoder.digest != fitted:
            raise ValueError(
                Errors.E217.format(fitted=fitted, found=encoder.digest, folder=encoder.folder)
            )
        return encoder_vectors(analyses, cue_frames)


def cue_parts(analysis: SentenceAnalysis, frames: Sequence[str]) -> Parts:
    """Per frame, the character ranges of its cue words in ``analysis.span.text``
    (empty for a frame without a cue): what :func:`encoder_vectors` pools."""
    span = analysis.span
    doc, base = span.doc, span.start_char
    out = []
    for frame in frames:
        ranges = []
        for cue in analysis.cues:
            if cue.frame == frame:
                first, last = doc[span.start + cue.start], doc[span.start + cue.end - 1]
                ranges.append((first.idx - base, last.idx + len(last.text) - base))
        out.append(tuple(ranges))
    return tuple(out)


def encoder_vectors(
    analyses: Sequence[SentenceAnalysis], cue_frames: Sequence[str] | None = None
) -> tuple[np.ndarray, np.ndarray | None]:
    """Each sentence's all-MiniLM-L6-v2 vector ``(n, 384)`` (:mod:`discourse.encoder`)
    and, with ``cue_frames``, its cue vectors ``(n, len(cue_frames), 384)``: per
    frame the pooled contextual states of that frame's cue words (zeros without
    one). One encoder pass per distinct sentence gives both."""
    from ..encoder import WIDTH, load_encoder

    texts = [a.span.text for a in analyses]
    if cue_frames is None:
        vectors = load_encoder().encode(texts) if texts else np.zeros((0, WIDTH))
        return vectors.astype(np.float64), None
    if not texts:
        return np.zeros((0, WIDTH)), np.zeros((0, len(cue_frames), WIDTH))
    parts = [cue_parts(a, cue_frames) for a in analyses]
    vectors, rows = load_encoder().encode_parts(texts, parts)
    return vectors.astype(np.float64), np.stack(rows).astype(np.float64)


#: Dense columns of a frame view, in order.
VIEW_DENSE_NAMES: tuple[str, ...] = (
    "topic",
    "pro",
    "con",
    "net",
    "polarity",
    "subjectivity",
    "polarity_x_topic",
    "question",
    *SCOPE_NAMES,
)


def own_scope_words(scope_text: str, frame: str) -> str:
    """The scope words of ``frame`` with the frame prefix stripped ("legalization|fail" → "fail")."""
    prefix = f"{frame}|"
    return " ".join(w[len(prefix) :] for w in scope_text.split() if w.startswith(prefix))


class ViewMatrix:
    """(sentence analysis, frame) pairs → frame-relative features, for a fitted view.

    Mixed into :class:`~discourse.stance.pooled.FrameView` (fitted by
    scikit-learn) and :class:`~discourse.stance.runtime.CompiledView` (its
    fitted state as plain arrays), like :class:`FeatureMatrix`.
    """

    frames: Sequence[str]
    scope_weight: float
    dense_weight: float
    vectorizer_: Any
    scaler_: Any
    sentence_vectorizer_: Any
    sentence_weight: float
    encoder_weight: float

    @staticmethod
    def _sentence_words(pairs: Sequence[tuple[SentenceAnalysis, str]]) -> list[str]:
        """The sentence's lemmas where ``frame`` has a cue match, else nothing."""
        return [a.lemma_text if cue_stats(a.cues, f)[0] else "" for a, f in pairs]

    def _dense(self, pairs: Sequence[tuple[SentenceAnalysis, str]]) -> np.ndarray:
        """The dense columns (:data:`VIEW_DENSE_NAMES`) of each pair, unscaled."""
        rows = []
        names = list(self.frames)
        n_scope = len(SCOPE_NAMES)
        no_scope = [0.0] * n_scope
        # per sentence (a tagger passes each once per frame): whether it asks, and
        # its scope columns as floats (the array's own numbers, without making a
        # NumPy scalar of each for every pair)
        seen: dict[int, tuple[float, list[float] | None]] = {}
        for a, frame in pairs:
            known = seen.get(id(a))
            if known is None:
                scope_dense = a.scope_dense.tolist() if a.scope_dense is not None else None
                known = seen[id(a)] = (float(is_question(a.span)), scope_dense)
            question, scope_dense = known
            topic, pro, con = cue_stats(a.cues, frame)
            pol, subj = a.sentiment if a.sentiment is not None else (0.0, 0.0)
            k = names.index(frame)
            scope = (
                scope_dense[k * n_scope : (k + 1) * n_scope]
                if scope_dense is not None and len(scope_dense) >= (k + 1) * n_scope
                else no_scope
            )
            rows.append([topic, pro, con, pro - con, pol, subj, pol * topic, question, *scope])
        return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(VIEW_DENSE_NAMES))

    def transform(self, pairs: Sequence[tuple[SentenceAnalysis, str]]) -> sp.csr_matrix:
        """One row per pair: scope words, scaled dense columns, frame one-hot."""
        words = transform_distinct(
            self.vectorizer_, [own_scope_words(a.scope_text, f) for a, f in pairs]
        )
        dense = standardise(self.scaler_, self._dense(pairs)) * self.dense_weight
        names = list(self.frames)
        onehot = sp.csr_matrix(
            (np.ones(len(pairs)), (np.arange(len(pairs)), [names.index(f) for _, f in pairs])),
            shape=(len(pairs), len(names)),
        )
        blocks = [words * self.scope_weight, sp.csr_matrix(dense), onehot]
        if self.sentence_vectorizer_ is not None:
            blocks.append(self._gated_sentences(pairs) * self.sentence_weight)
        if getattr(self, "encoder_weight", 0.0):
            blocks.append(sp.csr_matrix(self._encoded(pairs) * self.encoder_weight))
        return sp.hstack(blocks, format="csr")

    @staticmethod
    def _encoded(pairs: Sequence[tuple[SentenceAnalysis, str]]) -> np.ndarray:
        """Each pair's sentence vector (:func:`encoder_vectors`), each sentence encoded once."""
        first: dict[int, int] = {}
        uniq: list[SentenceAnalysis] = []
        rows = []
        for a, _ in pairs:
            k = first.setdefault(id(a), len(uniq))
            if k == len(uniq):
                uniq.append(a)
            rows.append(k)
        return encoder_vectors(uniq)[0][rows]

    def _gated_sentences(self, pairs: Sequence[tuple[SentenceAnalysis, str]]) -> sp.csr_matrix:
        """The rows :meth:`_sentence_words` would give, vectorising each sentence once.

        A tagger passes every sentence once per frame; TF-IDF of a document
        does not depend on the others, so one row per distinct sentence,
        zeroed where the frame has no cue, is the same matrix at a quarter
        of the cost.
        """
        vectorizer = self.sentence_vectorizer_
        assert vectorizer is not None, "called only when the sentence block is on"
        first: dict[int, int] = {}
        uniq: list[SentenceAnalysis] = []
        rows, gate = [], []
        for a, f in pairs:
            k = first.setdefault(id(a), len(uniq))
            if k == len(uniq):
                uniq.append(a)
            rows.append(k)
            gate.append(cue_stats(a.cues, f)[0])
        sents = tfidf_transform(vectorizer, [a.lemma_text for a in uniq])[rows]
        return sp.diags(np.asarray(gate, dtype=np.float64)) @ sents

"""Stance tagging for the pipeline: label, score, cue and holder per segment × frame.

:class:`StanceTagger` wraps a fitted :class:`StanceClassifier`. It works on
the sentence spans that :func:`discourse.segment.parse_threads` already
produced (no second parse) and adds, for each decision,

``score``
    the model's probability of the chosen label (logistic regression's own;
    its calibration is measured by ``benchmarks/stance.py``);
``cue``
    the evidence: the lexicon match that supports the label (a favor cue, or
    a negated against cue for favor, …), else the frame's topic match (the
    measure the sentence is about, with its negator), else the sentence's
    words with the largest learned weight for that label; ``""`` for
    ``none``. "demand" is evidence only as the drug market's noun
    (:func:`market_sense`), not the verb or "demands" (requests);
``holder``
    whose position it is, per decision: the segment's speaker, or — for
    reported speech ("The former general has said he intends to use …") —
    the subject of the reporting verb that governs the side's cue (so "Critics
    say the army should go, but I think we should legalize" gives the army to
    the critics and legalization to the speaker), the reported
    subject, or the source of an attribution ("According to the UN, …", "In
    the words of Calderon, …", "As Fox put it, …" opening the sentence, and
    "…, as Fox put it" after the claim where a named person or organisation
    says it; a concession after the claim, "…, as even its own evaluators
    conceded", backs the writer's position, and "As the army pushed north,
    …" tells when). A person or organisation named before a colon
    that opens the sentence (``Fox: "Legalize it and tax it."``; an
    organisation the gazetteer knows whatever its entity label, "The NRA: …",
    "PRI: …") is the speaker of the rest: it holds what the speaker would
    ("Bottom line: …", "Update: …", "IMHO: …" stay the speaker's).
    Only personal pronouns ("he", "she") and definite singular descriptions
    of a person's role ("the former general", "the senator", see
    :data:`ROLE_NOUNS`) resolve to a person named earlier in the same
    utterance (:class:`Antecedents`): the subject of the sentence's own main
    clause when it named a person before the pronoun, else the subject of the
    last sentence that named people (centering: a subject outranks objects),
    else the last name; a pronoun never resolves to a person an earlier
    pronoun of the other gender named. A person described but not named
    ("My uncle is a cop. He says …": a possessed relation or role, see
    :data:`RELATION_NOUNS`) is the salient subject too, for "he"/"she" only;
    "it" and "they" resolve to the organisation or group that was the main
    subject of an earlier sentence of the utterance ("The DEA released a
    report. It says …", "Human rights groups visited Juarez. They say …"; "it"
    only to a singular one). A pronoun with nothing to stand for is the
    speaker's. Plurals, quantifiers ("many experts",
    "some", "half my family", "everyone in my village", "most people I know"
    — a bare "everyone" is the speaker's generalisation), indefinites ("a
    senator"), possessed descriptions ("my uncle"), organisations ("the
    government") and bare common nouns ("critics") are their own holder; a
    subject the speaker is part of ("my wife and I", "most of us") is the
    speaker's. A name, whatever entity label it got (a capitalised
    word tagged as a common noun too), joins the fullest form of that name
    seen anywhere in the thread, before or after ("Perez Molina" in a comment
    → "Otto Perez Molina" of the article, "Leahy" → "Patrick Leahy",
    "Hillary" → "Hillary Clinton"), without a title spaCy kept in it
    ("President Obama" → "Obama"); a name in apposition to a role ("The
    mayor of Juarez, Hector Murguia, said …") is the holder. Only an actor holds a position: a
    subject that names a source of evidence rather than a person or
    organisation ("Evidence suggests …", "Studies show …", "The experience
    of Mexico and Colombia suggests …": names in it say what the evidence is
    about; see :data:`NON_ACTOR_NOUNS` and :func:`_cites_evidence`; "A RAND
    study argues …" names its author and stays reported), and a negative quantifier
    ("Nobody believes …", "Few think …", see :data:`NEGATIVE_QUANTIFIERS`),
    which reports no one's position, leave the speaker as the holder. What
    a group named by a quantifier or a named person wants is theirs
    ("Several Republican senators want the army on the border",
    :data:`WANT_VERBS`), and the writer's own memory ("I recall that Fox
    called for legalization", "As I recall, Calderon wanted …") leaves the
    position to whom it recalls (:data:`MEMORY_VERBS`).

:func:`tag_jsonl` (``discourse stance``) tags each record's text sentence by
sentence, as the pipeline does, cutting very long texts into pieces first
(:func:`discourse.segment.split_long`); a record of several sentences gets,
per frame, the side taken by its most confident sentence and that sentence's holder.

:func:`load_tagger` loads the shipped model (or ``[stance] model``) with
skops, trusting only the types listed in :data:`TRUSTED_TYPES`.
"""

from __future__ import annotations

import itertools
import logging
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from spacy.tokens import Doc, Span, Token

from ..config import PipelineConfig
from ..errors import Errors, IngestError, Warnings
from ..io import replacing
from ..modelfiles import (
    SHIPPED_MODELS,
    compiled_path,
    compiled_propositions,
    file_sha256,
    shipped_model,
    stance_model_file,
)
from ..segment import (
    DEFAULT_MAX_CHARS,
    ParsedThread,
    quotation_positions,
    quoted_positions,
    split_long,
)
from ..stages import TABLE_COLUMNS
from ..tfidf import english_stop_words
from .analysis import (
    MASKED_ENTS,
    REPORTING_VERBS,
    CueMatch,
    SentenceAnalysis,
    TokenTable,
    as_spans,
    attitude_cues,
    attitude_of,
    is_spliced,
    reporting_verb,
    subject_index,
    subject_of,
)
from .frames import FRAME_NAMES, LABELS, RESERVED_NAMES
from .reading import WITHOUT_VECTORS, PostContext, post_contexts, strongest_in_context
from .runtime import (
    CompiledStance,
    NotCompilableError,
    model_propositions,
    read_compiled,
    write_compiled,
)

if TYPE_CHECKING:  # scikit-learn is imported only to fit, evaluate or load a skops model
    from .classifier import StanceClassifier

log = logging.getLogger(__name__)

#: A sentence that is all one double-quoted quotation: an opening mark first and
#: the closing one last (after it at most closing punctuation), none between.
_QUOTED_SENTENCE = re.compile(r'^\s*[“"][^“”"]+[”"][\s.!?…]*$')
#: A double-quoted passage somewhere in a sentence.
_HAS_QUOTATION = re.compile(r'[“"][^“”"]+[”"]')

#: Types (besides numpy/scipy/scikit-learn built-ins) a stance model file may hold.
TRUSTED_TYPES: tuple[str, ...] = (
    "discourse.stance.classifier.StanceClassifier",
    "discourse.stance.features.StanceFeatures",
    "discourse.stance.pooled.FrameView",
    "discourse.stance.tuning.EncoderTuner",
    "discourse.stance.frames.Frame",
    "sklearn.feature_extraction.text.TfidfVectorizer",
    "sklearn.feature_extraction.text.TfidfTransformer",
    "sklearn.linear_model._logistic.LogisticRegression",
    "sklearn.preprocessing._data.StandardScaler",
    "sklearn.calibration.CalibratedClassifierCV",
    "sklearn.calibration._CalibratedClassifier",
    "sklearn.calibration._SigmoidCalibration",
    "sklearn.isotonic.IsotonicRegression",
    "numpy.float64",
    "numpy.int64",
    "builtins.slice",
)
#: Types a user's scikit-learn ``estimator`` holds that skops does not trust by
#: default (it trusts the estimators themselves): the ``Tree`` of a decision
#: tree, random forest, extra trees or gradient boosting, an MLP's optimiser,
#: k-NN's stored (sparse) training matrix, a voting classifier's Bunch — every type those leave untrusted
#: behind this model's sparse features. Named one by one: a model file never
#: gets to name a module for loading to import (importing runs its code).
ESTIMATOR_TYPES: frozenset[str] = frozenset(
    {
        "sklearn.tree._tree.Tree",
        "sklearn.neural_network._stochastic_optimizers.AdamOptimizer",
        "sklearn.neural_network._stochastic_optimizers.SGDOptimizer",
        "scipy.sparse._csr.csr_matrix",
        "sklearn.utils._bunch.Bunch",  # a VotingClassifier's named estimators
    }
)


def _trusted(name: str) -> bool:
    """Whether a type a model file names may be loaded: :data:`TRUSTED_TYPES` or
    :data:`ESTIMATOR_TYPES`."""
    return name in TRUSTED_TYPES or name in ESTIMATOR_TYPES


def _trust_list(untrusted: Sequence[str]) -> list[str]:
    """:data:`TRUSTED_TYPES` plus those of ``untrusted`` that :func:`_trusted`
    accepts; raise ``ValueError`` naming the rest."""
    refused = [name for name in untrusted if not _trusted(name)]
    if refused:
        raise ValueError(f"Untrusted types found in the file: {refused}")
    return [*TRUSTED_TYPES, *untrusted]


#: Function words that still explain a side when shown as its evidence.
_SHOWN_NEGATORS = frozenset({"not", "no", "never", "nothing", "nobody", "none", "nor", "neither"})
#: A figure ("2006", "2000s", "60,000"): never evidence alone, nor a masked
#: name, date or figure as the model reads it (:data:`MASKED_ENTS`' "-date-").
_FIGURE = re.compile(r"\d[\d,.’']*s?")
_MASKS = frozenset(MASKED_ENTS.values())
#: The longest context sentence a side the context reader filled in shows as its cue.
CONTEXT_CUE_CHARS = 80
_FIRST_SECOND_PERSON = frozenset({"i", "we", "you", "me", "us"})
_PRONOUNS = frozenset({"he", "she", "they", "him", "her", "them", "it"})
#: Pronouns that refer to one person, by gender: the only ones resolved to a name.
_PERSONAL_PRONOUNS: dict[str, str] = {
    "he": "he",
    "him": "he",
    "his": "he",  # "In his words, …"
    "she": "she",
    "her": "she",
}
#: Pronouns that may refer to an organisation or group, and whether they are plural.
_ACTOR_PRONOUNS: dict[str, bool] = {"it": False, "they": True}
#: Subjects (or their determiners) that report no one's position: "Nobody
#: believes the army can win", "No one thinks …", "Few experts think …" is the
#: writer's assertion, as "Evidence suggests …" is.
NEGATIVE_QUANTIFIERS: frozenset[str] = frozenset(
    {"nobody", "none", "noone", "no", "few", "neither", "nothing"}
)
#: Head nouns of a person's role or office: a definite singular description
#: with one of them ("the former general", "the senator") may name a person
#: named earlier. Other descriptions ("the government", "the commission")
#: are organisations or things and hold their own positions.
ROLE_NOUNS: frozenset[str] = frozenset(
    """
    general president senator governor mayor minister secretary ambassador sheriff czar
    candidate congressman congresswoman representative lawmaker legislator chairman
    chairwoman chair commissioner commander commandant chief director administrator
    official spokesman spokeswoman spokesperson premier chancellor judge prosecutor
    attorney archbishop bishop cardinal pope priest pastor treasurer superintendent
    envoy diplomat adviser advisor aide deputy colonel admiral captain officer
    leader president-elect king queen prince author analyst columnist
    """.split()
)
#: Head nouns of a relation to a person ("my uncle", "her boss"): possessed, a
#: description of one person, whom a later "he"/"she" may stand for. The
#: gender a later pronoun must have, where the noun gives one.
RELATION_NOUNS: dict[str, str | None] = {
    **dict.fromkeys(
        "uncle father dad brother husband son nephew grandfather grandpa boyfriend".split(),
        "he",
    ),
    **dict.fromkeys(
        "aunt mother mom mum sister wife daughter niece grandmother grandma girlfriend".split(),
        "she",
    ),
    **dict.fromkeys(
        """
        cousin friend neighbor neighbour boss partner colleague coworker co-worker roommate
        teacher doctor lawyer relative parent sibling brother-in-law sister-in-law
        """.split()
    ),
}
#: Head nouns of an organisation or body: a singular subject with one of them
#: ("the government", "the army") is an actor a later "it" or "they" may stand for.
ORGANISATION_NOUNS: frozenset[str] = frozenset(
    """
    government administration army military police navy agency department ministry
    commission committee council congress senate court cartel party union company
    organisation organization group church embassy office bureau force legislature
    parliament state regime movement coalition campaign network association institute
    """.split()
)
#: Plural heads of a group of people a later "they" may stand for ("Human rights
#: activists visited Juarez. They say …"); other plural subjects ("prices",
#: "things", "overdose deaths") are no actor.
GROUP_NOUNS: frozenset[str] = frozenset(
    """
    activist critic expert official officer resident farmer protester demonstrator
    lawmaker legislator politician leader analyst economist researcher scientist doctor
    nurse teacher parent mother father family citizen voter worker soldier marine
    trooper agent prosecutor judge victim survivor mayor governor senator bishop priest
    advocate campaigner reformer supporter opponent member representative
    """.split()
)
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
#: Entity labels that name an actor (a person, an organisation, a people or a state).
_ACTOR_ENTS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
#: Entity labels that name the author of a source after "from" (not a place).
_AUTHOR_ENTS = frozenset({"PERSON", "ORG"})
#: Head lemmas of reporting-verb subjects that name a source of evidence, not an
#: actor ("Evidence suggests …", "History suggests …", "Studies show …", "The
#: data indicate …", "The report argues …"): such a sentence states the speaker's
#: own position, unless an actor is named as the source's author
#: (:func:`_cites_evidence`: "A RAND study argues …", "ATF data suggest …").
NON_ACTOR_NOUNS: frozenset[str] = frozenset(
    """
    evidence history research study data datum experience statistic statistics science
    fact figure number poll polling survey result finding analysis logic reason sense
    trend experiment theory past record paper article report book law bill constitution
    document estimate model projection math mathematics economics
    """.split()
)
#: The part of :data:`NON_ACTOR_NOUNS` that no one authors: a name in such a
#: subject says what the evidence is about, never whose position it is — "the
#: experience of Mexico and Colombia suggests …", "Mexico's experience shows …",
#: "the history of Colombia suggests …" are the writer's conclusions.
UNAUTHORED_NOUNS: frozenset[str] = frozenset(
    """
    evidence history experience fact logic reason sense trend past record science math
    mathematics economics
    """.split()
)
#: Nouns of a stretch of time that, with "of", measure the subject's real head:
#: "Three decades of interdiction data say …" is the data's saying.
_SPAN_NOUNS = frozenset("year decade month week century".split())
#: Verbs whose subject holds the position the sentence reports: the reporting
#: verbs, verbs of taking a position by acting ("The governor vetoed the
#: bill", "Activists rallied against it", "The court ruled that …") and of
#: judging or hoping ("Raul Vera has denounced the militarization", "Calderon
#: hopes …", "Calderon is convinced that …"; spaCy's lemma of "hopes",
#: "hoped" and "hoping" is "hop"). Not the
#: stance model's reported-speech feature, which reads :data:`REPORTING_VERBS`
#: only. Left out because, on the annotated corpus, they name someone other
#: than the holder more often than the holder: "want" ("If Washington wants
#: to help, it should …"; it holds only as :data:`WANT_VERBS` says), "find" ("Studies found …") and "block" ("Background
#: checks block prohibited buyers").
HOLDER_VERBS: frozenset[str] = REPORTING_VERBS | frozenset(
    """
    concede dismiss agree lobby campaign back favour favor introduce decline refuse
    veto sue mock scoff rally rule approve vote issue denounce condemn decry hope hop
    convince applaud champion doubt slam reply respond retort recall counter caution
    """.split()
)
#: Verbs of wanting: a position only where the sentence reports whose it is — the
#: main verb of a group named by a quantifier ("Several Republican senators want
#: the army on the border", "Most Mexicans want …", as "Everyone in my village
#: believes …" is the group's), of a named person ("As I recall, Calderon wanted
#: the army out") or of one office-holder ("The governor wants …"). Elsewhere
#: they are the writer's ("If Washington wants to help, it should …", "The left
#: wants more rehab and …, and neither side …", "some senator wants to call his
#: rifle a weapon of war"): see :func:`_wants_reported`.
WANT_VERBS: frozenset[str] = frozenset({"want"})
#: Dependency labels of a verb heading a clause inside another: what such a
#: verb of :data:`WANT_VERBS` wants is no position the sentence reports
#: ("the same people who want to ban my rifle", "just because some people want …").
_EMBEDDED_DEPS = frozenset({"relcl", "advcl", "acl", "pcomp", "csubj", "ccomp", "xcomp", "pobj"})
#: Holder verbs that report a position only with what was said — a clause, a
#: quotation, a colon or a warning "against" something ("Critics reply that …",
#: "'…,' he retorted", "Critics respond: …", "Doctors caution against …"): "The army responded by
#: killing 22 people", "Mexico recalled its ambassador", "The government
#: countered with more troops" and "The army cautioned residents to stay
#: indoors" report acts, not positions.
_CLAUSE_ONLY: frozenset[str] = frozenset("reply respond retort recall counter caution".split())


def default_model_path() -> Path:
    """The model shipped with the package (``discourse/data/stance_model.skops``)."""
    return shipped_model("builtin")


def save_model(model: StanceClassifier, path: str | Path) -> Path:
    """Write ``model`` with skops (no pickle) and return the path.

    Also writes its compiled form beside it (:func:`~discourse.stance.runtime.compiled_path`),
    which :func:`load_tagger` reads without importing scikit-learn; a model
    holding parts the compiled form does not reproduce gets none (and a stale
    one is removed), so it is tagged from the skops file.

    A model that was never fitted raises scikit-learn's ``NotFittedError``
    (``[E250]``) and nothing is written: :func:`load_model` would refuse the
    file (``[E208]``) long after the save seemed to work.
    """
    _check_fitted(model, "save_model")
    import skops.io as sio

    p = Path(path)
    with replacing(p) as tmp:  # an earlier model there stays if this one is refused
        sio.dump(model, tmp)
        try:  # a file load_model would refuse must not look saved
            _trust_list(sio.get_untrusted_types(file=tmp))
        except ValueError as err:
            raise ValueError(Errors.E259.format(path=p, detail=err)) from None
    compiled = compiled_path(p)
    try:
        write_compiled(model, p)
    except NotCompilableError as err:
        log.info("%s: not compiled (%s); taggers load the skops file", p, err)
        compiled.unlink(missing_ok=True)
    return p


@lru_cache(maxsize=4)
def _load_cached(path: str, mtime: float) -> StanceClassifier:
    import skops.io as sio
    from skops.io.exceptions import UntrustedTypesFoundException

    from .classifier import StanceClassifier

    # skops checks the types itself while loading (a separate
    # get_untrusted_types scan would read the whole file a second time): only
    # a model with a user's estimator pays for one, to trust its library types
    try:
        try:
            model = sio.load(path, trusted=list(TRUSTED_TYPES))
        except UntrustedTypesFoundException:
            model = sio.load(path, trusted=_trust_list(sio.get_untrusted_types(file=path)))
    except (UntrustedTypesFoundException, ValueError) as err:
        detail = str(err).split("\n", 1)[0]
        raise OSError(Errors.E208.format(path=path, detail=detail)) from err
    except Exception as err:  # not a skops (zip) file; skops raises many kinds on a corrupt one
        raise OSError(Errors.E208.format(path=path, detail=err)) from err
    if not isinstance(model, StanceClassifier):
        raise OSError(Errors.E208.format(path=path, detail=f"holds a {type(model).__name__}"))
    if not hasattr(model, "estimators_"):  # saved before fit: would fail on first use
        raise OSError(
            Errors.E208.format(
                path=path, detail="it holds a StanceClassifier that was never fitted"
            )
        )
    return model


def _check_fitted(model: Any, what: str) -> None:
    """Raise scikit-learn's ``NotFittedError`` (``[E250]``, naming ``what`` needed the
    model) when ``model`` was never fitted, as ``predict`` does, rather than fail
    later on a missing attribute."""
    if not hasattr(model, "frames_"):
        from sklearn.exceptions import NotFittedError  # only a StanceClassifier is unfitted

        raise NotFittedError(Errors.E250.format(what=what, kind=type(model).__name__))


def _model_file(path: str | Path | None) -> Path:
    """``path``, or the shipped model a name such as ``"encoder"`` stands for
    (:data:`~discourse.modelfiles.SHIPPED_MODELS`) when no such file exists."""
    if path is None:
        return default_model_path()
    p = Path(path)
    if str(path) in SHIPPED_MODELS and not p.exists():
        return shipped_model(str(path))
    return p


def load_model(path: str | Path | None = None) -> StanceClassifier:
    """Load a :class:`StanceClassifier` saved by ``discourse train`` (default: the shipped one).

    ``path`` may also name a shipped model (``"builtin"``, ``"encoder"``).
    The file is read once per process and file version; each call returns
    its own copy (a few milliseconds), so ``set_params`` or a refit in a
    notebook never changes what a later ``load_model`` gives.
    """
    import copy

    p = _model_file(path)
    if not p.is_file():
        raise OSError(Errors.E207.format(path=p))
    return copy.deepcopy(_load_cached(str(p.resolve()), p.stat().st_mtime))


def model_path(config: PipelineConfig | None = None) -> Path:
    """The model file named by ``[stance] model``: ``"builtin"`` (the shipped default),
    ``"encoder"`` (the shipped model with sentence vectors) or a path."""
    config = config or PipelineConfig()
    return stance_model_file(config["stance"]["model"], config.base_dir)


def load_runtime(path: str | Path | None = None) -> StanceClassifier | CompiledStance:
    """The model at ``path`` (default: the shipped one) as a tagger applies it.

    Its compiled form when one beside it was compiled from this very file
    (no scikit-learn or skops import: about 3 s less start-up), else the
    :class:`StanceClassifier` from :func:`load_model`. Both tag identically.
    Cached per process and file version.
    """
    p = _model_file(path)
    if not p.is_file():
        raise OSError(Errors.E207.format(path=p))
    return _load_runtime_cached(str(p.resolve()), p.stat().st_mtime)


@lru_cache(maxsize=4)
def _load_runtime_cached(path: str, mtime: float) -> StanceClassifier | CompiledStance:
    compiled = compiled_path(path)
    if compiled.is_file():
        try:
            return read_compiled(compiled, file_sha256(path))
        except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile) as err:
            # empty or truncated files too (an interrupted save): the skops file is used
            log.warning(
                Warnings.W237.format(path=compiled, detail=err or type(err).__name__, model=path)
            )
    return _load_cached(path, mtime)


def load_tagger(config: PipelineConfig | str | Path | None = None) -> StanceTagger:
    """A :class:`StanceTagger` over the model that ``config`` names (default: shipped).

    ``config`` is a pipeline configuration (its ``[stance] model``), or — as
    :func:`load_model` takes it — a model file or the name of a shipped model
    (``"builtin"``, ``"encoder"``).

    Logs ``[W232]`` when the model leaves out a shipped frame: the reports
    list every shipped frame, and would show it with no positions at all as
    if every sentence had been tagged ``none`` on it.
    """
    path = _model_file(config) if isinstance(config, str | Path) else model_path(config)
    tagger = StanceTagger(load_runtime(path), source=path)
    missing = [f for f in FRAME_NAMES if f not in tagger.frames]
    if missing:
        log.warning(Warnings.W232.format(path=path, frames=", ".join(missing)))
    return tagger


def frame_propositions(config: PipelineConfig | str | Path | None = None) -> dict[str, str]:
    """Frame → proposition for the frames the stance model ``config`` names was trained with.

    ``config`` as :func:`load_tagger` takes it. Only a model fitted with its
    frames given names them (``frames=`` Frame objects or a frames file, as
    ``--frames my-frames.json`` passes it; see
    :func:`~discourse.stance.runtime.model_propositions`); the shipped models
    carry none, their propositions being the package's frames file's. The maps
    and reports show these as the frames' issues
    (:func:`discourse.argmap.claims.use_propositions`): the package's file
    does not know a user's fifth frame.

    Read from the compiled form's header when it records them (no model
    loaded: a run with nothing to analyse still draws its reports); else,
    unless every frame it names is a shipped one, from the skops file. A
    missing or unreadable model gives ``{}``: loading it for the analysis
    says what is wrong with it.
    """
    path = _model_file(config) if isinstance(config, str | Path) else model_path(config)
    if not path.is_file():
        return {}
    frames, found = compiled_propositions(path)
    if found is not None:
        return found
    if frames and all(f in FRAME_NAMES for f in frames):
        return {}
    try:
        model = _load_cached(str(path.resolve()), path.stat().st_mtime)
    except OSError:
        log.debug("no frame propositions from %s", path, exc_info=True)
        return {}
    return model_propositions(model)


# ---------------------------------------------------------------------------
# holders


#: An entity as the holder search reads it: start and end token (doc positions),
#: label and text.
Ent = tuple[int, int, str, str]


#: Abbreviated titles that may start a PERSON entity ("Sen. Leahy"), besides :data:`ROLE_NOUNS`.
TITLE_ABBREVIATIONS: frozenset[str] = frozenset(
    {"mr", "mrs", "ms", "sen", "gen", "dr", "gov", "rep"}
)


def doc_ents(doc: Doc) -> list[Ent]:
    """``doc.ents`` as :data:`Ent` tuples, read once for all the doc's sentences;
    a PERSON's text without the title before the name (:func:`_without_title`).

    ``doc.ents`` builds a ``Span`` for every entity of the doc and ``Span.ents``
    goes through all of them, so reading it per sentence costs a paragraph
    of sentences once per sentence.
    """
    out: list[Ent] = []
    for e in doc.ents:
        text = e.text
        if e.label_ == "PERSON":  # "President Obama" → "Obama", as spaCy has "Calderon"
            toks = _without_title(list(e))
            text = doc[toks[0].i : toks[-1].i + 1].text
        out.append((e.start, e.end, e.label_, text))
    return out


def span_ents(span: Span, ents: Sequence[Ent]) -> list[Ent]:
    """The entities of ``span`` among its doc's ``ents``, as ``span.ents`` selects them
    (from the first one starting in the span, up to one that ends past it)."""
    out = []
    for ent in ents:
        if ent[0] >= span.start:
            if ent[1] <= span.end:
                out.append(ent)
            else:
                break
    return out


def _fullest(name: str, known: Sequence[str]) -> str:
    """The first ``known`` name (they come nearest first) longer than ``name`` that
    contains it as whole words ("Perez Molina" → "Otto Perez Molina"), else ``name``."""
    words = name.split()
    for cand in known:
        cw = cand.split()
        if len(cw) > len(words) and any(
            cw[i : i + len(words)] == words for i in range(len(cw) - len(words) + 1)
        ):
            return cand
    return name


def _is_title_word(tok: Token) -> bool:
    """A role noun ("Minister") or an abbreviated title ("Sen.")."""
    return tok.lower_ in ROLE_NOUNS or tok.lower_.rstrip(".") in TITLE_ABBREVIATIONS


def _without_title(toks: list[Token]) -> list[Token]:
    """``toks`` without the title before a name: "Interior Minister Alejandro
    Poire" → "Alejandro Poire", "President Obama" → "Obama", "Sen. Patrick
    Leahy" → "Patrick Leahy", as spaCy's PERSON entity has "Calderon" for
    "President Calderon", so one person is one holder whether or not the
    parser found the name and whatever title came with it. For subject
    phrases and PERSON entities alike (:func:`doc_ents`). A title with nothing
    but a name after it only ("the Interior Minister", "Mexico's Defense
    Minister" keep theirs)."""
    titled = [k for k, t in enumerate(toks) if _is_title_word(t)]
    if not titled:
        return toks
    title, name = toks[: titled[-1] + 1], toks[titled[-1] + 1 :]
    if title[0].lower_ in _DETERMINERS:
        title = title[1:]
    # the title opens the phrase ("Interior Minister", "the former Defense
    # Secretary"): in "The governors and Interior Minister Alejandro Poire"
    # the governors stay holders too
    opens = all(t.is_title or _is_title_word(t) or t.lower_ == "former" for t in title)
    if opens and name and all(t.pos_ == "PROPN" and t.is_title for t in name):
        return name
    return toks


#: Words before a subject the parser may hang on its verb instead ("*Half* my
#: family believes …"): part of the group the subject names.
_QUANTIFIER_WORDS = frozenset({"half", "all", "both", "most", "many", "some", "several"})
#: Entity labels of numbers and times: a sentence-initial word with one ("Half",
#: "Two") is no name, and is lower-cased as a common noun is.
_NUMBER_ENTS = frozenset({"CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY", "DATE", "TIME"})


def _quantified(subj: Token) -> bool:
    """A subject that names part or all of a group by a quantifier: "everyone",
    "most (people)", "all my friends", "half my family" (the parser may hang
    "half" on the verb)."""
    if subj.lower_ in _UNIVERSAL_PRONOUNS or subj.lower_ in _QUANTIFIER_WORDS:
        return True
    if any(
        c.dep_ in {"det", "amod", "predet"} and c.lower_ in _QUANTIFIER_WORDS for c in subj.children
    ):
        return True
    return _quantifier_before(subj) is not None


def _quantifier_before(subj: Token) -> Token | None:
    """The quantifier just before ``subj``'s phrase that the parser hung on the
    verb instead ("*Half* my family believes …"), if any."""
    if subj.left_edge.i == 0:
        return None
    before = subj.doc[subj.left_edge.i - 1]
    if before.head == subj.head and before.lower_ in _QUANTIFIER_WORDS:
        return before
    return None


def _restrictive_clauses(subj: Token) -> list[Token]:
    """The clauses that restrict a quantified subject (:func:`_quantified`) to a
    group ("everyone *who lives in my village*", "most people *I know*"):
    relative clauses not set off by a comma, and a relative clause without
    "who" that the parser hung on the verb instead (a parataxis between the
    subject and its verb, with a pronoun subject of its own: "Everyone I know
    believes …"). Without them the group is not the one the sentence names.
    Other subjects keep none, as the annotated holders do ("a former police
    commander who led antidrug units …": "a former police commander")."""
    if not _quantified(subj):
        return []
    doc, out = subj.doc, []
    for child in subj.children:
        if child.dep_ == "relcl" and not any(
            t.is_punct for t in doc[subj.i + 1 : child.left_edge.i]
        ):
            out.append(child)
    verb, end = subj.head, subj.right_edge.i
    for child in verb.children:
        if (
            child.dep_ == "parataxis"
            and child.left_edge.i == end + 1
            and child.right_edge.i < verb.i
            and any(c.dep_ == "nsubj" and c.pos_ == "PRON" for c in child.children)
        ):
            out.append(child)
    return out


def _subject_phrase(subj: Token) -> str:
    """The subject noun phrase ("the mayor of Ciudad Juarez", "half my family",
    "most people I know"), article lower-cased: without its clauses but the
    restrictive ones (:func:`_restrictive_clauses`), nor anything after a
    colon ("Reuters: …" the parser made the root of the sentence)."""
    restrictive = _restrictive_clauses(subj)
    drop: set[int] = set()
    for child in subj.children:
        if child.dep_ in {"relcl", "acl", "appos"} and child not in restrictive:
            drop.update(t.i for t in child.subtree)
        elif child.dep_ == "case":  # the "'s" of a possessor ("the commission's")
            drop.add(child.i)
        elif child.text == ":" and child.i > subj.i:
            drop.update(range(child.i, subj.right_edge.i + 1))
    for clause in restrictive:
        # "Most people I talk to think …" parsed with "people" the root: the
        # verb the group is the subject of hangs on its clause (:func:`_holder_subject`)
        if subj.dep_ == "ROOT" and clause.head == subj:
            for verb in clause.children:
                if verb.dep_ in {"advcl", "xcomp", "ccomp"}:
                    # but the clause's stranded preposition ("talk *to*"), hung on the verb
                    drop.update(
                        t.i for t in verb.subtree if t.i > verb.i or t.tag_ not in {"TO", "IN"}
                    )
    toks = [t for t in subj.subtree if t.i not in drop]
    toks += [t for c in restrictive if c.head != subj for t in c.subtree]
    quantifier = _quantifier_before(subj)
    if quantifier is not None:  # "Half my family believes": "Half" hangs on the verb
        toks.insert(0, quantifier)
    while toks and toks[-1].is_punct:
        toks.pop()
    toks = _without_title(toks)
    text = subj.doc[toks[0].i : toks[-1].i + 1].text if toks else subj.text
    first = text.split(" ", 1)[0]
    head = toks[0] if toks else subj
    if first.lower() in _DETERMINERS:
        text = first.lower() + text[len(first) :]
    elif (
        # "Critics say …" and "… , critics say" are one holder: a common noun
        # is capitalised only for starting the sentence ("Mexican", "ATF",
        # "Senator Leahy" keep theirs), unless the text capitalises it
        # mid-sentence too: a name the tagger took for a noun ("Poire said")
        head.is_sent_start
        and head.pos_ != "PROPN"
        and (not head.ent_type_ or head.ent_type_ in _NUMBER_ENTS)
        and not first.isupper()
        and not _capitalised_elsewhere(head)
    ):
        text = first[:1].lower() + first[1:] + text[len(first) :]
    return text


def _capitalised_elsewhere(tok: Token) -> bool:
    """Whether ``tok``'s doc has the capitalised word ``tok`` is inside a sentence
    (not starting one): a name, not a common noun capitalised for starting
    the sentence."""
    return tok.is_title and tok.text in _capitalised_inside(tok.doc)


def _capitalised_inside(doc: Doc) -> frozenset[str]:
    """The title-case words ``doc`` has somewhere other than at a sentence start,
    found once per doc (asked for sentence after sentence) and kept in its
    ``user_data``."""
    key = "discourse.capitalised_inside"
    found = doc.user_data.get(key)
    if found is None:
        found = doc.user_data[key] = frozenset(
            t.text for t in doc if t.is_title and not t.is_sent_start
        )
    return found


#: Head lemmas of a subject that is something an actor wrote or said: with a
#: possessor ("The commission's report urges …", "Mexico's lawsuit argues …")
#: the possessor holds the position.
STATEMENT_NOUNS: frozenset[str] = frozenset(
    """
    report statement lawsuit plan letter proposal paper study speech testimony ruling
    platform memo analysis review submission brief editorial manifesto complaint
    """.split()
)


def _author_of(subj: Token) -> Token | None:
    """The possessor of a statement-like subject ("the commission" of "the
    commission's report"), if any: the actor whose position it reports.

    Only for the subject of a reporting verb: "according to the government's
    own study, …" cites evidence, and the writer argues with it.
    """
    if subj.lemma_.lower() not in STATEMENT_NOUNS:
        return None
    return next((c for c in subj.children if c.dep_ == "poss" and c.pos_ != "PRON"), None)


#: Verbs of an "as X said" clause ("As Calderon said last week, …", "As the DEA
#: puts it, …", "As critics point out, …"): the position of the clause it is
#: attached to is the subject's. Only verbs of saying and thinking: with "As
#: the army pushed north, …" the clause tells when, not whose position it is.
ACCORD_VERBS: frozenset[str] = frozenset(
    """
    say put tell write argue claim note state explain warn predict insist suggest stress
    emphasize emphasise point observe remark admit acknowledge concede declare announce
    testify report conclude contend maintain believe think promise vow pledge
    """.split()
)
#: What an "as X said" clause may have besides its subject: it complements no
#: verb of its own ("As Calderon announced the deployment, violence rose" tells when).
_ACCORD_DEPS = frozenset(
    {"nsubj", "aux", "neg", "mark", "advmod", "npadvmod", "prep", "punct", "prt", "dobj", "dative"}
)


def _accord_source(table: TokenTable, verb: int) -> int | None:
    """The subject of an "as X said" clause headed by the doc position ``verb``
    ("As Fox put it", "Like Calderon said", "As critics point out"), if it is one:
    marked "as"/"like", a verb of :data:`ACCORD_VERBS` with a subject, and no
    complement of its own, but "it" for "put", "out" for "point" and the
    listener for "tell" ("As Calderon told reporters, …")."""
    lower, lemma, dep, children = table.lower, table.lemma_lower, table.dep, table.children
    if lemma[verb] not in ACCORD_VERBS or dep[verb] not in {"advcl", "parataxis"}:
        return None
    kids = children[verb]
    if not any(dep[c] == "mark" and lower[c] in {"as", "like"} for c in kids):
        return None
    if any(dep[c] not in _ACCORD_DEPS for c in kids):
        return None
    objects = [lower[c] for c in kids if dep[c] in {"dobj", "prt"}]
    wanted = {"put": ["it"], "point": ["out"]}.get(lemma[verb], [])
    if lemma[verb] != "tell" and objects != wanted:
        return None
    return next((c for c in kids if dep[c] == "nsubj"), None)


#: Verbs of an "as X said" clause that concede or hedge: after the writer's claim
#: ("…, as even its own evaluators conceded", "…, as Mexico's own supreme court
#: has suggested, …") the writer uses them as evidence for a position of their own.
CONCESSION_VERBS: frozenset[str] = frozenset("admit acknowledge concede confess suggest".split())


def _reports_named(table: TokenTable, verb: int, source: int) -> bool:
    """Whether an "as X said" clause (the verb at ``verb``, its subject at
    ``source``) that does not open its sentence reports X's position: a verb
    of saying, not of conceding (:data:`CONCESSION_VERBS`), and a named person
    or organisation (a proper noun, a PERSON or ORG entity, or "he"/"she",
    who stands for a person named before)."""
    if table.lemma_lower[verb] in CONCESSION_VERBS:
        return False
    return (
        table.pos[source] == "PROPN"
        or table.ent_type[source] in {"PERSON", "ORG"}
        or table.lower[source] in {"he", "she"}
    )


def _opens(span: Span, table: TokenTable, i: int) -> bool:
    """Whether the doc position ``i`` starts ``span`` but for punctuation and
    conjunctions before it ("And as Fox put it, …", an opening quotation mark)."""
    return all(table.is_punct[k] or table.pos[k] == "CCONJ" for k in range(span.start, i))


def _attribution(span: Span, table: TokenTable) -> Token | None:
    """The source a sentence attributes its position to without a holder verb
    governing it, if any: X of "according to X" ("According to the UN, treatment
    works"), "in the words of X", "in X's words" and "to quote X", and "as X
    said" ("As Fox put it, …", :func:`_accord_source`).

    The position is X's as much as in "the UN says treatment works", so X is
    found and resolved like a subject. An "as X said" clause that opens the
    sentence frames what follows as X's words; one after the writer's claim
    or inside it reports X's words only where a named person or organisation
    says them ("Legalization is the only way out, as Fox put it", "The army,
    as Calderon said, must stay": :func:`_reports_named`); a concession
    backs the writer's claim ("The ban hardly changed the murder rate, as even
    its own evaluators conceded", "…, as Mexico's own supreme court has
    suggested, …" are the writer's in the annotated corpus), as does what an
    unnamed source says ("The border wall, as the report notes, …").
    ``table`` is ``span.doc``'s.
    """
    lower, lemma, dep, children = table.lower, table.lemma_lower, table.dep, table.children
    for i in range(span.start, span.end):
        found: int | None = None
        if lower[i] == "according":
            to = next((c for c in children[i] if lower[c] == "to"), None)
            if to is not None:
                found = next((c for c in children[to] if dep[c] == "pobj"), None)
        elif lower[i] == "in" and dep[i] == "prep":
            # "in the words of Calderon", "in Calderon's words"; not "in other words"
            words = next((c for c in children[i] if dep[c] == "pobj"), None)
            if words is not None and lemma[words] == "word":
                found = next((c for c in children[words] if dep[c] == "poss"), None)
                of = next((c for c in children[words] if lower[c] == "of"), None)
                if found is None and of is not None:
                    found = next((c for c in children[of] if dep[c] == "pobj"), None)
        elif (
            lemma[i] == "quote" and dep[i] == "advcl" and any(lower[c] == "to" for c in children[i])
        ):
            found = next((c for c in children[i] if dep[c] == "dobj"), None)
        elif dep[i] == "mark" and lower[i] in {"as", "like"}:
            found = _accord_source(table, table.head[i])
            if found is not None and not _opens(span, table, i):
                found = found if _reports_named(table, table.head[i], found) else None
        if found is not None:
            return span.doc[found]
    return None


#: Words before a colon that label a line, not name its speaker, even where the
#: entity recogniser takes them for a name ("EDIT: …", "PS: …").
_LINE_LABELS: frozenset[str] = frozenset(
    "edit update ps note source sources eta tldr tl;dr correction disclaimer"
    " imho imo fyi nb pps ppps lol btw afaik iirc tbh fwiw otoh ianal smh omg wtf".split()
)
#: Words after the colon that address the reader: "Maria Lopez: you are
#: wrong, …" is the writer's reply to Maria Lopez, not Maria Lopez speaking.
_ADDRESSEE_WORDS = frozenset({"you", "your", "yours", "yourself", "yourselves"})


@lru_cache(maxsize=1)
def _known_organisations() -> Callable[[str], bool]:
    """Whether a name names an organisation (ORG) of the built-in gazetteer:
    "DEA", "the NRA", "PRI"."""
    from ..entities.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()

    def known(name: str) -> bool:
        hit = gazetteer.lookup(name)
        return hit is not None and hit[1] == "ORG"

    return known


def _is_line_label(name: str) -> bool:
    """A word before a colon that labels the line ("EDIT", "IMHO", "FYI", "PPS"):
    one of :data:`_LINE_LABELS`, or an all-caps word of up to five letters
    that is no organisation the gazetteer knows (the entity recogniser tags
    chat acronyms ORG; "DEA:", "CNN:", "PRI:" stay speakers)."""
    if name.lower() in _LINE_LABELS:
        return True
    return name.isalpha() and name.isupper() and len(name) <= 5 and not _known_organisations()(name)


def _is_thread_speaker(name: str, speakers: Iterable[str]) -> bool:
    """``name`` is one of ``speakers`` (case aside) or a word of one's name:
    "Maria:" before a reply to Maria Lopez addresses her."""
    key = name.casefold()
    return any(key == s.casefold() or key in s.casefold().split() for s in speakers if s)


def _colon_speaker(span: Span, table: TokenTable, speakers: Iterable[str] = ()) -> Token | None:
    """The person or organisation named before a colon that opens the sentence,
    if any: the speaker of the rest (``Fox: "Legalize it and tax it."``,
    "Calderon: the army stays until …", "The DEA: …", "Sen. Leahy: …"), the
    last word of the name.

    Only a whole PERSON or ORG entity before the colon, after an article or a
    title, or an organisation the gazetteer knows whatever label the entity
    recogniser gave it ("The NRA: …" with NRA tagged GPE): "Bottom line:
    legalize it.", "My view: …", "Update: …" and "Mexico: …" are the
    writer's. ``table`` is ``span.doc``'s.

    Nor a line label ("IMHO: …", "FYI: …", :func:`_is_line_label`), a name of
    one of the thread's ``speakers`` or a name before words addressing
    "you": "Maria Lopez: you are wrong" answers Maria Lopez.
    """
    colon = next((i for i in range(span.start, span.end) if table.lower[i] == ":"), None)
    if colon is None or colon == span.start:
        return None
    if all(table.is_punct[i] or table.is_space[i] for i in range(colon + 1, span.end)):
        return None
    doc = span.doc
    start = span.start
    if table.lower[start] in _DETERMINERS:
        start += 1
    while start < colon - 1 and _is_title_word(doc[start]):
        start += 1
    name = doc[start:colon]
    if not name or _is_line_label(name.text) or _is_thread_speaker(name.text, speakers):
        return None
    if any(table.lower[i] in _ADDRESSEE_WORDS for i in range(colon + 1, span.end)):
        return None
    label = table.ent_type[start]
    whole = (
        label in {"PERSON", "ORG"}
        and name[0].ent_iob_ == "B"
        and all(t.ent_iob_ == "I" and t.ent_type_ == label for t in name[1:])
    )
    if not whole and not _known_organisations()(name.text):
        return None
    return name[-1]


def _person_of(tok: Token, ents: Sequence[Ent], known: Sequence[str]) -> str | None:
    """The person ``tok`` names, in the fullest form ``known`` has, if it names one.

    A PERSON entity names one; so does a proper noun (with its compound
    words) that ends a known person's name whatever label the entity
    recogniser gave it ("Leahy" tagged ORG after "Senator Patrick Leahy"),
    and a capitalised word tagged as a common noun that does ("Poire also
    said …" after "Alejandro Poire").
    """
    ent = next(((label, text) for start, end, label, text in ents if start <= tok.i < end), None)
    if ent is not None and ent[0] == "PERSON":
        return _fullest(ent[1], known)
    # a capitalised word the tagger took for a common noun ("Poire also said"
    # starting a sentence) is a name only when it ends a known one
    if tok.pos_ != "PROPN" and not (tok.is_title and tok.pos_ == "NOUN"):
        return None
    if ent is not None:
        words = ent[1].split()
    else:
        words = [t.text for t in tok.children if t.dep_ == "compound" and t.i < tok.i]
        words.append(tok.text)
    if words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    for cand in reversed(known):
        cw = cand.split()
        if words and len(cw) > len(words) and cw[-len(words) :] == words:
            return _fullest(cand, known)
    return None


def _is_negative_quantifier(subj: Token) -> bool:
    """A subject that reports no one's position: "Nobody", "No one", "Few (experts)"."""
    return subj.lower_ in NEGATIVE_QUANTIFIERS or any(
        c.dep_ in {"det", "amod"} and c.lower_ in NEGATIVE_QUANTIFIERS and c.i < subj.i
        for c in subj.children
    )


def _is_role_description(subj: Token) -> bool:
    """A definite singular description of a person's role: "the (former) general",
    "the senator" (not "a senator", "my uncle", "the senators", "the government")."""
    children = list(subj.children)
    return (
        subj.tag_ == "NN"
        and subj.lower_ in ROLE_NOUNS
        and any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in children)
        and not any(c.dep_ == "poss" for c in children)
    )


#: Adjectives that make a role an office of its own ("the *interior* minister",
#: "the *prime* minister"), as a noun does ("the *health* minister", "the
#: *surgeon* general"): unlike "the former general" it is not the person named
#: before under another title (:func:`_names_an_office`).
OFFICE_ADJECTIVES: frozenset[str] = frozenset({"interior", "foreign", "prime", "home"})


def _names_an_office(subj: Token) -> bool:
    """A role description that names a particular office ("the health minister",
    "the surgeon general", "the interior minister", "the DEA administrator"),
    which an earlier name held under another title is not: it resolves to no
    one and holds its own position. A place before the role ("the Texas
    senator") says where, not which office (:func:`_is_place_modifier`)."""
    return any(
        (c.dep_ == "compound" and c.pos_ in {"NOUN", "PROPN"} and not _is_place_modifier(c))
        or (c.dep_ == "amod" and c.lower_ in OFFICE_ADJECTIVES)
        for c in subj.children
    )


#: Entity labels of a place or a people: before a role they say where, not which office.
_PLACE_ENTS: frozenset[str] = frozenset({"GPE", "LOC", "NORP"})


def _is_place_modifier(tok: Token) -> bool:
    """A place or people modifying a role ("*Texas* senator", "*US* ambassador",
    "*Mexican* president"): where the office is, not which office or whose name."""
    return tok.dep_ in {"compound", "amod"} and tok.ent_type_ in _PLACE_ENTS


def _description_of(subj: Token, named: bool) -> str | None:
    """The phrase of a subject that describes one person without naming them, if it
    does: a possessed relation or role ("my uncle", "my cousin in Peten",
    "Calderon's spokesman", see :data:`RELATION_NOUNS`), or a definite role
    description ("the senator", "the interior minister") unless it is a person
    named before (``named``: :meth:`Antecedents.resolve` found one). A later
    "he"/"she" may stand for it."""
    if subj.pos_ != "NOUN" or subj.tag_ != "NN":
        return None
    noun = subj.lower_
    possessed = any(c.dep_ == "poss" for c in subj.children)
    if possessed and (noun in RELATION_NOUNS or noun in ROLE_NOUNS):
        return _subject_phrase(subj)
    if not named and _is_role_description(subj):
        return _subject_phrase(subj)
    return None


def _actor_of(subj: Token, ents: Sequence[Ent]) -> tuple[str, bool] | None:
    """The phrase of a subject that names an organisation or a group, and whether it
    is plural: an ORG/NORP/GPE entity ("the DEA"), an organisation noun ("the
    government", "human rights groups": :data:`ORGANISATION_NOUNS`) or a plural
    noun for a group of people ("critics", "activists": :data:`GROUP_NOUNS`). A
    later "it" (singular only) or "they" may stand for it. Pronouns, negative
    quantifiers, sources of evidence, statements and other plurals ("prices",
    "overdose deaths") are no actor."""
    if subj.pos_ == "PRON" or subj.lower_ in _NO_ACTOR_WORDS:
        return None
    if _is_negative_quantifier(subj):
        return None
    label = next((lab for start, end, lab, _ in ents if start <= subj.i < end), None)
    plural = subj.tag_ in {"NNS", "NNPS"}
    if label in {"ORG", "NORP", "GPE"}:
        return _subject_phrase(subj), plural or label == "NORP"
    lemma = subj.lemma_.lower()
    if subj.pos_ != "NOUN" or lemma in NON_ACTOR_NOUNS or lemma in STATEMENT_NOUNS:
        return None
    if lemma in ORGANISATION_NOUNS or (plural and lemma in GROUP_NOUNS):
        return _subject_phrase(subj), plural
    return None  # "Prices have doubled. They say …": prices say nothing


@dataclass
class Antecedents:
    """The people and actors one utterance has named so far, as its pronouns and
    role descriptions resolve to them (see the module docstring).

    ``names``: the PERSON mentions, in order. ``subject``: the person who was
    the main subject of the last sentence that named people or had a person
    as its subject (``None`` when that subject was no person) — a name, or a
    description of one person ("my uncle", :func:`_description_of`, recorded
    in ``descriptions``): centering ranks a sentence's subject above its
    objects, so "Hillary Clinton met Felipe Calderon. She said …" is
    Clinton's and "My uncle is a cop. He says …" my uncle's. ``genders``:
    "he" or "she" for each name an earlier pronoun resolved to (or a
    relation noun gives, "my wife"), so that the other pronoun does not
    resolve to it as well. ``actor``: the last main subject that named an
    organisation or group (:func:`_actor_of`), and whether it is plural, for
    "it" and "they". ``thread``: the PERSON names of the whole thread (and
    full names the entity recogniser missed, once seen as a subject), which a
    name joins (:meth:`known`) but no pronoun resolves to; shared by the
    utterances of a thread. ``recent``: the PERSON names of the last sentence
    seen (``None`` before :meth:`see`: then every name counts as recent), the
    only names besides the salient subject that a role description resolves to.
    """

    names: list[str] = field(default_factory=list)
    subject: str | None = None
    genders: dict[str, str] = field(default_factory=dict)
    descriptions: set[str] = field(default_factory=set)
    actor: tuple[str, bool] | None = None
    thread: list[str] = field(default_factory=list)
    recent: list[str] | None = None

    def known(self, before: Sequence[str] = ()) -> list[str]:
        """The names a name or surname joins to its fullest form, nearest first
        (:func:`_fullest` takes the first that fits): ``before`` (the sentence's
        own), the utterance's own so far from the last back, then those of the
        :attr:`thread` (every utterance, before or after: "Perez Molina" in a
        comment is "President Otto Perez Molina" of the article, "Hillary" the
        "Hillary Clinton" of the next sentence). So "Bill Clinton signed it.
        Clinton says …" is Bill's even where the article named Hillary."""
        near = [*reversed(before), *reversed(self.names)]
        return [*dict.fromkeys([*near, *self.thread])]

    def resolve(self, gender: str | None, first: str | None, before: Sequence[str]) -> str | None:
        """The person a pronoun of ``gender`` ("he", "she"; ``None`` for a role
        description) refers to, recording its gender; ``None`` if nobody fits.

        Tried in order: ``first`` (the person subject of the pronoun's own
        sentence, before it: "Perez Molina … has given indications that he
        intends …"), the salient :attr:`subject`, then the names from the last
        back; ``before`` are the sentence's own names before the pronoun. A
        role description resolves to a name only ("the senator" is not "my
        uncle"), and only to the salient subject or a name of the last
        sentence or its own: "The surgeon general said …" is not the
        president named in passing three sentences before.
        """
        earlier = self.names if gender is not None or self.recent is None else self.recent
        named, known = [*earlier, *before], self.known(before)
        for cand in (first, self.subject, *reversed(named)):
            if cand is None:
                continue
            name = _fullest(cand, known)
            if gender is None and (cand in self.descriptions or name not in known):
                continue  # "the senator" is a person named, not "my uncle"
            if gender is None:
                return name
            if self.genders.setdefault(name, gender) == gender:
                return name
        return None

    def resolve_actor(self, plural: bool) -> str | None:
        """The organisation or group "it" (``plural`` false) or "they" refers to:
        the salient :attr:`actor`; ``None`` if there is none or it does not fit
        ("it" needs a singular one)."""
        if self.actor is not None and (plural or not self.actor[1]):
            return self.actor[0]
        return None

    def see(self, span: Span, ents: Sequence[Ent]) -> None:
        """Take in a sentence once its holder is found: its PERSON names, and its
        main subject as the salient person (when it names or describes one, or
        when the sentence names people) or actor."""
        mine = [text for _, _, label, text in ents if label == "PERSON"]
        subj = subject_of(span.root)
        if subj is not None:
            subj = _named(subj)
        known = self.known(mine)
        person = _person_of(subj, ents, known) if subj is not None else None
        described = (
            _description_of(
                subj,
                not _names_an_office(subj) and self.resolve(None, None, mine) is not None,
            )
            if subj is not None
            else None
        )
        if person is None and subj is not None and subj.pos_ == "PROPN" and not subj.ent_type_:
            # a full name the entity recogniser missed ("Alejandro Poire said …")
            # is one a surname joins later ("Poire also said …")
            phrase = _subject_phrase(subj).split()
            full = " ".join(phrase)
            if len(phrase) > 1 and all(w[:1].isupper() for w in phrase) and full not in self.thread:
                self.thread.append(full)
        if person is not None:
            self.subject = person
        elif described is not None:
            self.subject = described
            self.descriptions.add(described)
            gender = RELATION_NOUNS.get(subj.lower_) if subj is not None else None
            if gender is not None:
                self.genders.setdefault(described, gender)
        elif mine and (subj is None or subj.lower_ not in _PERSONAL_PRONOUNS):
            self.subject = None  # a pronoun subject keeps the salient person salient
        actor = _actor_of(subj, ents) if subj is not None and person is None else None
        if actor is not None:
            self.actor = actor
        self.names.extend(mine)
        self.recent = mine


#: Pronouns that stand for a group of people holding the position ("Some say …",
#: "Others argue …"): their own holder. Any other pronoun subject — "they",
#: "it", "who" ("Anyone who thinks … has never …"), "someone", a bare
#: "everyone" ("Everyone knows …") — names no one in particular, and the
#: speaker holds the position.
_GROUP_PRONOUNS = frozenset({"some", "many", "others", "several", "most"})
#: Pronouns that name a group only with a phrase or clause restricting them
#: ("Everyone in my village believes …", "Everyone I know …"), as "most
#: people in my village" does: a reported position, the group's (ANNOTATION.md,
#: rule 1). Bare, they are the speaker's generalisation.
_UNIVERSAL_PRONOUNS = frozenset({"everyone", "everybody", "all"})
#: Subjects that never name an organisation or group a later "it"/"they" means.
_NO_ACTOR_WORDS = _PRONOUNS | _FIRST_SECOND_PERSON | _GROUP_PRONOUNS


def _governing_verb(span: Span, table: TokenTable, cue: int) -> Token | None:
    """The highest holder verb (:data:`HOLDER_VERBS`, with its own subject) that
    governs the token at ``cue``: one on the way from it up to the sentence's
    root, or one inserted there ("The army, human rights groups warn, has …").

    The highest, as in :func:`~discourse.stance.analysis.reporting_verb`: "The
    minister said the government would back the bill" is the minister's
    position. A conjunct with a subject of its own other than "he", "she",
    "they", and not a second "that" clause ("said the war had failed and that
    …"), is a clause beside the one before it, not under its verb, so in
    "Critics say the army should go, but I think we should legalize"
    legalization is the writer's, the army the critics'; nor is a clause
    spliced on with a comma (:func:`~discourse.stance.analysis.is_spliced`:
    "The White House claims gun control works, I say it won't").
    """
    dep, head, children = table.dep, table.head, table.children

    def subject(i: int) -> int | None:
        return _holder_subject(table, i)

    def holds(i: int) -> bool:
        return _holds(table, i)

    found: int | None = None
    i = cue
    for _ in range(len(span)):
        if holds(i):
            found = i
        inserted = [c for c in children[i] if dep[c] == "parataxis" and holds(c)]
        if inserted:
            found = inserted[0]
        if head[i] == i or not span.start <= head[i] < span.end:
            break
        own = subject(i)
        if (
            dep[i] == "conj"
            and own is not None
            and table.lower[own] not in _PRONOUNS
            and not any(dep[c] == "mark" for c in children[i])
        ):
            break  # "…, but I think …": the verb beside it does not govern it
        if dep[i] == "advcl" and own is not None and found is not None:
            # "While the DEA demands more soldiers, HRW says …": the DEA's; but
            # "HRW says that if we legalize, …" is HRW's (no holder verb yet)
            break
        if is_spliced(table, i) and any(dep[c] == "ccomp" and c != i for c in children[head[i]]):
            # "The White House claims …, I say it won't": a clause spliced onto a
            # verb with a complement of its own ("…, Calderon told reporters" has none)
            break
        i = head[i]
    return span.doc[found] if found is not None else None


def find_holder(
    span: Span,
    speaker: str,
    persons: Sequence[str] | Antecedents = (),
    ents: Sequence[Ent] | None = None,
    table: TokenTable | None = None,
    cue: int | None = None,
) -> str:
    """Who holds the position ``span`` expresses (see the module docstring).

    ``cue``: the doc position of a token of the cue a side rests on. A
    reporting verb that governs it reports that side, so its subject holds
    it even when another verb heads the sentence ("The White House claims
    gun control will stop trafficking, I say it won't": the White House's).

    ``persons`` are the people named earlier in the same utterance: their
    PERSON names in order, or the :class:`Antecedents` the tagger keeps per
    utterance (which also knows the salient subject, and records the gender
    of a pronoun resolved here); the sentence's own names before the
    subject are added. ``ents`` (the span's entities, :func:`span_ents`) and
    ``table`` (``span.doc``'s :class:`~discourse.stance.features.TokenTable`):
    when already read.

    A name before a colon that opens the sentence (:func:`_colon_speaker`:
    ``Fox: "Legalize it and tax it."``) is the speaker of the rest: it holds
    what ``speaker`` would, "I" and "we" of the quotation included.

    The steps — :func:`_holder_verb`, :func:`_verb_subject`, then
    :func:`_subject_holder` — are separate so that :class:`_SentenceHolders`
    works each verb and each subject of a sentence out once however many
    sides rest on them.
    """
    tab = table if table is not None else TokenTable(span.doc)
    context = persons if isinstance(persons, Antecedents) else Antecedents(list(persons))
    if ents is None:
        ents = span_ents(span, doc_ents(span.doc))
    return _SentenceHolders(span, speaker, context, ents, tab).holder(cue)


def _holder_verb(span: Span, table: TokenTable, cue: int | None = None) -> Token | None:
    """The holder verb governing the doc position ``cue`` (:func:`_governing_verb`),
    or without ``cue`` the sentence's reporting verb; ``None`` if there is none.
    ``table`` is ``span.doc``'s."""
    if cue is not None:
        return _governing_verb(span, table, cue)
    return reporting_verb(span, table, HOLDER_VERBS, holds=lambda i: _holds(table, i))


def _holds(table: TokenTable, i: int) -> bool:
    """Whether the doc position ``i`` is a holder verb (:data:`HOLDER_VERBS`) with
    a subject of its own (:func:`_holder_subject`), outside an "as" clause, and
    not negated: what someone "never says" or "did not say" is the writer's
    point ("Funny, he never says that about the 60,000 Canadians arrested"
    credited the writer's sarcasm to the politician).

    A clause marked "as" or "like" is no holder verb's: "As the army pushed
    north, the cartels moved south" tells when, and "As Calderon said, …" or
    "…, as even its own evaluators conceded" are attributions only as
    :func:`_attribution` reads them.
    """
    if table.governs_negation[i] and not _negation_keeps_holder(table, i):
        return False  # "he never says that about …", "Fox did not say he …": no one's position
    if table.lemma_lower[i] in WANT_VERBS:
        return table.pos[i] in {"VERB", "AUX"} and _wants_reported(table, i)
    if _first_person_memory(table, i):
        return False
    return (
        table.pos[i] in {"VERB", "AUX"}
        and table.lemma_lower[i] in HOLDER_VERBS
        and not _marked_as(table, i)
        and not _moves_things(table, i)
        and _holder_subject(table, i) is not None
    )


#: Holder verbs whose negation still reports the subject's side: "Calderon never
#: denied the army would stay", "Fox did not hide his support for legalization".
_NEGATED_STILL_HOLDS = frozenset({"deny", "dispute", "hide", "conceal", "rule"})
#: Adverbs after a negator that make "not" add to what was said: "Fox didn't just
#: say it, he pushed a bill".
_NOT_ONLY = frozenset({"just", "only", "merely", "simply"})


def _negation_keeps_holder(table: TokenTable, verb: int) -> bool:
    """Whether the negated holder verb at ``verb`` still reports its subject's
    position: a verb of denying (:data:`_NEGATED_STILL_HOLDS`: "never denied
    that …") or "not just / not only" ("didn't just say …")."""
    if table.lemma_lower[verb] in _NEGATED_STILL_HOLDS:
        return True
    return any(table.lower[c] in _NOT_ONLY for c in table.children[verb])


#: Verbs of remembering: with "I" or "we" as subject the writer's memory of what
#: someone else held ("I recall that Fox called for legalization", "As I recall,
#: Calderon wanted the army out"), not a position of the writer's own.
MEMORY_VERBS: frozenset[str] = frozenset({"recall", "remember"})


def _first_person_memory(table: TokenTable, i: int) -> bool:
    """Whether the doc position ``i`` is a verb of :data:`MEMORY_VERBS` whose
    subject is "I" or "we": it frames the position of the clause it governs
    or is attached to, which keeps its own holder ("I recall that Fox called
    for legalization": Fox), instead of making the writer its holder."""
    if table.lemma_lower[i] not in MEMORY_VERBS and table.lower[i] not in MEMORY_VERBS:
        return False
    subj = subject_index(table, i, through_aux=True)
    return subj is not None and table.lower[subj] in {"i", "we"}


#: Words by which the writer joins a group whose wish the sentence reports
#: ("Most Mexicans want the army off the streets, and so do I", "Many people
#: want legalization, including me"): the position is the writer's too.
_WRITER_JOINS = re.compile(
    r"\b(?:(?:so|as|and)\s+do\s+(?:i|we)|including\s+(?:me|myself|us)|me\s+too"
    r"|like\s+(?:me|myself|us)|myself\s+included)\b",
    re.IGNORECASE,
)


def _wants_reported(table: TokenTable, verb: int) -> bool:
    """Whether the verb of :data:`WANT_VERBS` at ``verb`` reports its subject's
    position: the main verb of its sentence (or a conjunct of it), not marked by
    a subordinator ("If Washington wants …", "because some people want …") nor
    heading a clause inside another (:data:`_EMBEDDED_DEPS`), whose subject is a
    plural group named by a quantifier ("Several Republican senators", "Most
    Mexicans": :func:`_quantified`), a PERSON entity ("Calderon") or one
    office-holder ("the governor": :func:`_definite_role`). Not in a question
    ("Do most Mexicans want …?", "Why does Calderon want …": the writer asks)
    nor where the writer joins the group (:data:`_WRITER_JOINS`: "…, and so do
    I", "…, including me")."""
    dep, children, head = table.dep, table.children, table.head
    top = verb
    while dep[top] == "conj" and head[top] != top:
        top = head[top]
    if dep[top] != "ROOT" or any(dep[c] == "mark" for c in children[verb]):
        return False
    subj = _holder_subject(table, verb)
    if subj is None:
        return False
    tok = table.doc[subj]
    sent = tok.sent
    # the want's own clause: "When the army arrived, Calderon wanted …" asks nothing,
    # nor does "Calderon wants more troops, but who will pay for them?"
    marks = [c for c in children[verb] if table.doc[c].text == "?"]
    asked = bool(marks) and not any(
        dep[c] in {"conj", "parataxis"} and verb < c < marks[0] for c in children[verb]
    )
    if asked or any(
        t.head.i == verb and (t.tag_ in {"WRB", "WDT", "WP"} or (t.dep_ == "aux" and t.i < subj))
        for t in table.doc[sent.start : subj]
    ):
        return False  # "Do most Mexicans want …?", "Why does Calderon want …": asked
    if _WRITER_JOINS.search(sent.text):
        return False  # "… and so do I", "…, including me": the writer's own position
    if table.ent_type[subj] == "PERSON":
        return True  # "Trump wants …", though the tagger calls "Trump" a common noun
    if _definite_role(tok):
        return True  # "The governor wants …", "Mexico's president wants …": one office-holder
    if any(t.tag_ in {"WRB", "WDT", "WP"} for t in tok.subtree):
        return False  # "… changes how many people in Madrid want cocaine": a quantity asked
    plural = tok.tag_ in {"NNS", "NNPS"} or tok.lower_ in _QUANTIFIER_WORDS
    return plural and tok.pos_ != "PRON" and _quantified(tok) and not _is_negative_quantifier(tok)


#: Determiners of a definite description of one office-holder ("the governor",
#: "our mayor"); the report reads holders' descriptions by the same words.
ROLE_DETERMINERS: frozenset[str] = frozenset("the this that our their his her my your".split())
#: Modifiers that make a definite role description anyone's: "the average senator",
#: "the next president" want what the writer imagines for them.
_ANYONE_MODIFIERS = frozenset("average typical next future ideal hypothetical any every".split())


def _definite_role(subj: Token) -> bool:
    """A definite singular description of one office-holder (:data:`ROLE_NOUNS`):
    "the governor", "the new mayor of Juarez", "Mexico's president" — whose wish
    is their position as much as a named person's. Not "some senator" or "a
    governor" (anyone's), nor "the governors" (a group without a quantifier,
    like "the left")."""
    if subj.tag_ not in {"NN", "NNP"} or subj.lower_ not in ROLE_NOUNS or subj.ent_type_:
        return False  # "The President" is NNP; "President Obama" a PERSON, found as such
    if any(c.lower_ in _ANYONE_MODIFIERS for c in subj.children):
        return False  # "the average senator", "the next president": anyone in the office
    return any(
        (c.dep_ == "det" and c.lower_ in ROLE_DETERMINERS) or c.dep_ == "poss"
        for c in subj.children
    )


#: Holder verbs that also move things: a position only with "for", a clause or
#: "back" ("The DEA pushed for …", "pushed to legalise", "pushed back against").
_ALSO_PHYSICAL = frozenset({"push"})


def _moves_things(table: TokenTable, verb: int) -> bool:
    """Whether the verb at ``verb`` reports an act, not a position: "push" in its
    physical sense ("Forced eradication only pushes farmers deeper into the
    jungle": its holder was "forced eradication"), or a verb of
    :data:`_CLAUSE_ONLY` without what was said — a clause, a quotation, a colon or
    "against" ("The army responded by killing …")."""
    lemma = table.lemma_lower[verb]
    deps = [(table.dep[c], table.lower[c]) for c in table.children[verb]]
    if lemma in _CLAUSE_ONLY:
        # what was said: a clause ("reply that …"), a quotation the parser hangs
        # as a complement ('"Legalize it," Fox replied'), a warning "against"
        # something, or the clause after a colon the verb is hung on ("Critics
        # respond: legalization has failed")
        told = any(dep == "dobj" for dep, _ in deps)  # "cautioned residents to stay": an order
        said = any(
            dep in {"ccomp", "parataxis"}
            or (dep == "xcomp" and not told)
            or (dep, word) == ("prep", "against")
            for dep, word in deps
        )
        after = verb + 1 < len(table.lower) and table.lower[verb + 1] == ":"
        return not (said or after)
    if lemma not in _ALSO_PHYSICAL:
        return False
    return not any(
        (dep == "prep" and word == "for")
        or dep in {"xcomp", "ccomp"}
        or (dep, word) == ("prt", "back")
        for dep, word in deps
    )


def _marked_as(table: TokenTable, verb: int) -> bool:
    """Whether the verb at the doc position ``verb`` heads a clause marked "as"/"like"."""
    return any(
        table.dep[c] == "mark" and table.lower[c] in {"as", "like"} for c in table.children[verb]
    )


def _holder_subject(table: TokenTable, verb: int) -> int | None:
    """The doc position of the subject of the verb at ``verb``, the parser's
    (:func:`~discourse.stance.analysis.subject_index`, through an auxiliary)
    or, where the parser made a quantified subject with a relative clause the
    root of the sentence, that subject: in "Most people I talk to think …"
    "think" hangs on "talk", which hangs on "people"."""
    found = subject_index(table, verb, through_aux=True)
    if found is not None:
        return found
    dep, head = table.dep, table.head
    clause = head[verb]
    if dep[verb] not in {"advcl", "xcomp", "ccomp"} or dep[clause] != "relcl":
        return None
    group = head[clause]
    if dep[group] != "ROOT" or table.pos[group] not in {"NOUN", "PRON", "ADJ"} or group > verb:
        return None
    return group if _quantified(table.doc[group]) else None


def _verb_subject(span: Span, table: TokenTable, verb: Token | None) -> Token | None:
    """The token naming whoever holds the position ``verb`` (:func:`_holder_verb`)
    reports, or ``None`` when no one is reported (the speaker holds it).

    The verb's subject, giving way to its author when it is statement-like
    ("The commission's report urges …": the commission); with no verb, the
    source of an attribution ("according to X", "in the words of X", "as X
    put it": :func:`_attribution`); either giving way to a name in apposition
    (:func:`_named`). ``table`` is ``span.doc``'s.
    """
    if verb is None:
        subj = _attribution(span, table)
    else:
        k = _holder_subject(table, verb.i)
        subj = span.doc[k] if k is not None else None
        author = _author_of(subj) if subj is not None else None
        subj = author if author is not None else subj
    return _named(subj) if subj is not None else None


def _named(subj: Token) -> Token:
    """The name in apposition to a role-first subject ("Hector Murguia" of "The
    mayor of Juarez, Hector Murguia, said …", "Alejandro Poire" of "Calderon's
    spokesman, Alejandro Poire, …"): the person who holds the position; else
    ``subj``."""
    if subj.pos_ == "PROPN":
        return subj
    for child in subj.children:
        if child.dep_ == "appos" and child.pos_ == "PROPN" and child.ent_type_ in {"PERSON", ""}:
            return child
    # the parser may hang it on the role's complement ("of Juarez"): a PERSON only
    for tok in subj.subtree:
        if tok.dep_ == "appos" and tok.ent_type_ == "PERSON" and _in_phrase_of(tok.head, subj):
            return tok
    return subj


def _in_phrase_of(tok: Token, subj: Token) -> bool:
    """Whether ``tok`` is ``subj`` or inside its prepositional complements only
    ("Juarez" of "the mayor of Juarez"), not a clause of it."""
    while tok != subj:
        if tok.dep_ not in {"prep", "pobj"} or tok.head == tok:
            return False
        tok = tok.head
    return True


def _subject_holder(
    span: Span,
    subj: Token | None,
    speaker: str,
    context: Antecedents,
    ents: Sequence[Ent],
) -> str:
    """The holder that ``subj`` (:func:`_verb_subject` of ``span``) names, as
    :func:`find_holder` gives it: a person in the fullest form known, one a
    pronoun or role description resolves to through ``context``, the
    subject phrase, or ``speaker`` when it names no one. ``ents``: the span's
    (:func:`span_ents`).

    The answer depends on ``subj`` alone for a given sentence and context:
    resolving a pronoun records its gender in ``context``, which only keeps
    later pronouns of the other gender off that name, so asking again for
    the same subject gives the same holder.
    """
    if subj is None or _includes_speaker(subj) or _is_negative_quantifier(subj):
        return speaker
    before = [text for start, _, label, text in ents if label == "PERSON" and start < subj.i]
    known = context.known(before)
    person = _person_of(subj, ents, known)
    if person is not None:
        return person
    gender = _PERSONAL_PRONOUNS.get(subj.lower_)
    is_pronoun = subj.pos_ == "PRON" or subj.lower_ in _PRONOUNS
    # a place before a role says where ("the Texas senator"), it names no one
    where = {t.i for c in subj.children if _is_place_modifier(c) for t in c.subtree}
    has_name = any(
        (t.pos_ == "PROPN" or t.ent_type_ in _ACTOR_ENTS) and t.i not in where for t in subj.subtree
    )
    if not is_pronoun and _cites_evidence(subj):
        # "Evidence suggests that …", "the experience of Mexico suggests …": no
        # actor is reported, the speaker argues (and a source of evidence must
        # not resolve to the last person named)
        return speaker
    if gender is not None or (
        not has_name and _is_role_description(subj) and not _names_an_office(subj)
    ):
        main = subject_of(span.root)
        first = (
            _person_of(main, ents, known)
            if main is not None and main.i < subj.i and main.i not in {t.i for t in subj.subtree}
            else None
        )
        found = context.resolve(gender, first, before)
        if found is not None:
            return found
    if subj.lower_ in _ACTOR_PRONOUNS and subj.dep_ != "nsubjpass":  # not "It is said that"
        # an earlier sentence's actor only: in "Philippine police shot people …,
        # and they called it a war on drugs" the writer argues with their words
        found = context.resolve_actor(_ACTOR_PRONOUNS[subj.lower_])
        if found is not None:
            return found
    group = subj.lower_ in _GROUP_PRONOUNS or (
        subj.lower_ in _UNIVERSAL_PRONOUNS
        and (any(c.dep_ == "prep" for c in subj.children) or bool(_restrictive_clauses(subj)))
    )
    if gender is not None or (is_pronoun and not group):
        return speaker
    return _subject_phrase(subj)


def _cites_evidence(subj: Token) -> bool:
    """Whether the subject ``subj`` names a source of evidence rather than an
    actor (:data:`NON_ACTOR_NOUNS`), so that the sentence is the writer's
    argument from it: "Evidence suggests …", "The report argues …", "The
    data from Mexico suggest …", "Recent polls in Ecuador suggest …", and
    whatever names it holds, one of :data:`UNAUTHORED_NOUNS` ("the
    experience of Mexico and Colombia suggests …"). A stretch of time
    measuring it counts as it ("Three decades of interdiction data say …").

    A source with a named author stays a reported holder: an actor entity as
    its possessor or compound, or after "by" ("A RAND study argues …", "ATF
    data suggest …", "a study by Human Rights Watch argues …"; a statement's
    possessor is the holder itself, :func:`_author_of`) — an organisation's
    report is its position. A name in any other complement ("of Mexico",
    "from Portugal", "in Ecuador") says what or where the evidence is about,
    not who holds it.
    """
    head = subj
    if head.lemma_.lower() in _SPAN_NOUNS or head.ent_type_ in {"DATE", "TIME"}:
        head = next(
            (g for c in head.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"),
            head,
        )
    lemma = head.lemma_.lower()
    if lemma not in NON_ACTOR_NOUNS or head.pos_ == "PROPN" or head.ent_type_ in _ACTOR_ENTS:
        return False  # "The Economist says …": a name, though its head is a common noun
    if lemma in UNAUTHORED_NOUNS:
        return True
    return not any(_names_an_author(c) for c in head.children)


def _names_an_author(tok: Token) -> bool:
    """Whether ``tok``, a child of a source of evidence, names who made it: a
    possessor or compound that is an actor entity ("RAND", "ATF", "the UN's"),
    or one after "by", the source's own or its participle's ("a study published
    by RAND"), or an organisation or person after "from" ("a study from
    Harvard"; "the evidence from Portugal" is about a place). An unnamed body
    does not: "according to the government's own study" and "Government
    figures suggest …" cite evidence
    (a statement's possessor as a reporting verb's subject is still its
    holder: :func:`_author_of`)."""
    if tok.dep_ in {"prep", "agent"} and tok.lower_ == "by":  # "agent": a passive's "by"
        return any(_names_an_author(g) for g in tok.children if g.dep_ == "pobj")
    if tok.dep_ == "prep" and tok.lower_ == "from":
        # an organisation or a person is where a study comes from ("a study from
        # Harvard"), a country what the evidence is about ("the evidence from Portugal")
        return any(g.dep_ == "pobj" and g.ent_type_ in _AUTHOR_ENTS for g in tok.children)
    if tok.dep_ == "acl":  # "a study published by RAND", "a report commissioned by the UN"
        return any(_names_an_author(g) for g in tok.children if g.lower_ == "by")
    return tok.dep_ in {"poss", "compound", "pobj"} and tok.ent_type_ in _ACTOR_ENTS


#: Words for the speaker, alone or among others ("my wife and I", "most of us").
_FIRST_PERSON = frozenset({"i", "we", "me", "us", "my", "our"})


def _includes_speaker(subj: Token) -> bool:
    """A subject that is or includes the speaker (or is the addressee, whose
    position the speaker states as "you think …" does): "I", "we", "you", "my
    wife and I", "I and everyone I know", "most of us". A part of the
    addressees ("many of you", "most of you") holds its own position: the
    "of …" and the conjuncts count first-person words only."""
    if subj.lower_ in _FIRST_SECOND_PERSON:
        return True
    if any(t.lower_ in _FIRST_PERSON for t in subj.conjuncts):
        return True
    return any(
        c.dep_ == "prep" and c.lower_ == "of" and g.dep_ == "pobj" and g.lower_ in _FIRST_PERSON
        for c in subj.children
        for g in c.children
    )


def _continued_holder(
    span: Span, previous: tuple[Span, str] | None, holder: str, speaker: str
) -> str | None:
    """The holder of a quotation that goes on from the sentence before:
    ``"The Guard is the only force not bought," the minister told reporters.
    "We will keep it on the streets."`` — the second sentence, all in double
    quotes and attributing nothing itself (its own holder is the speaker),
    is still the minister's. ``previous``: the sentence before in the same
    utterance and its holder; it must quote and attribute to someone else.
    ``None`` when the sentence is no such continuation."""
    if previous is None or holder != speaker:
        return None
    before, held = previous
    if not held or held == speaker or before.doc is not span.doc or before.end != span.start:
        return None
    if not _QUOTED_SENTENCE.match(span.text) or not _HAS_QUOTATION.search(before.text):
        return None
    return held


@dataclass
class _SentenceHolders:
    """The holder search of one sentence, as :meth:`StanceTagger.tag_spans` runs
    it for the sentence and for each side's cue: :func:`find_holder`'s steps,
    each cue's verb, each verb's subject and each subject's holder worked out
    once (a sentence's sides mostly rest on one reporting verb, or none).

    The holder depends on the subject alone: resolving a pronoun records its
    gender in ``context``, which only keeps later pronouns of the other
    gender off that name, so the same subject would be given the same
    holder again. ``table`` is ``span.doc``'s; ``ents`` the span's. A name
    before a colon that opens the sentence (:func:`_colon_speaker`) replaces
    ``speaker``.
    """

    span: Span
    speaker: str
    context: Antecedents
    ents: Sequence[Ent]
    table: TokenTable
    verbs: dict[int | None, Token | None] = field(default_factory=dict)
    subjects: dict[int | None, Token | None] = field(default_factory=dict)
    held: dict[int | None, str] = field(default_factory=dict)
    #: the thread's speakers, whose names before a colon address them
    speakers: Sequence[str] = ()

    def __post_init__(self) -> None:
        name = _colon_speaker(self.span, self.table, self.speakers)
        if name is not None:
            self.speaker = _subject_holder(self.span, name, self.speaker, self.context, self.ents)

    def holder(self, cue: int | None = None) -> str:
        """:func:`find_holder` of the sentence for the doc position ``cue``."""
        if cue not in self.verbs:
            self.verbs[cue] = _holder_verb(self.span, self.table, cue)
        verb = self.verbs[cue]
        at = verb.i if verb is not None else None
        if at not in self.subjects:
            self.subjects[at] = _verb_subject(self.span, self.table, verb)
        subj = self.subjects[at]
        at = subj.i if subj is not None else None
        if at not in self.held:
            self.held[at] = _subject_holder(self.span, subj, self.speaker, self.context, self.ents)
        return self.held[at]


WRITER = "<writer>"
"""The speaker :func:`holder_agreement` passes: a holder equal to it is the writer."""


def holder_agreement(
    gold: pd.DataFrame, docs: Sequence[Doc], frames: Sequence[str] = FRAME_NAMES
) -> dict[str, int]:
    """How often :func:`find_holder` names the annotated holder, as counts.

    Over the sentences of ``gold`` (ANNOTATION.md records, one parsed doc
    each in ``docs``) that take a side on one of ``frames``: ``own`` counts
    those whose ``holder`` is empty (the writer's own position) and
    ``own_right`` those given the writer; ``reported`` counts those with a
    ``holder`` (a reported actor), ``reported_exact`` those given exactly
    that phrase and ``reported_loose`` those given it up to case, or a
    phrase containing it or contained in it ("the ambassador" for "the US
    ambassador"). Sentences are read alone, so a pronoun has no earlier
    name to resolve to.
    """
    cols = [f for f in frames if f in gold.columns]
    sided = gold[cols].isin(["favor", "against"]).any(axis=1).to_numpy()
    holders = gold["holder"] if "holder" in gold.columns else pd.Series([None] * len(gold))
    out = dict.fromkeys(("own", "own_right", "reported", "reported_exact", "reported_loose"), 0)
    for side, want, doc in zip(sided, holders, docs, strict=True):
        if not side:
            continue
        got = find_holder(doc[:], WRITER)
        if not isinstance(want, str) or not want.strip():
            out["own"] += 1
            out["own_right"] += got == WRITER
            continue
        out["reported"] += 1
        out["reported_exact"] += got == want
        a, b = got.lower(), want.lower()
        out["reported_loose"] += got != WRITER and (a in b or b in a)
    return out


# ---------------------------------------------------------------------------
# the tagger


@dataclass(frozen=True)
class StanceDecision:
    """Stance of one sentence on one frame.

    ``holder``: whose position it is (:func:`find_holder`; set by
    :meth:`StanceTagger.tag_spans`). ``cue_at``: where the cue starts (a
    token offset in the sentence; ``None`` for ``none`` and for a learned
    cue): the holder of a side is the subject of the reporting verb that
    governs the cue ("The White House claims gun control will stop
    trafficking, I say it won't" is the White House's arms_control favor).
    """

    frame: str
    label: str
    score: float
    cue: str
    holder: str = ""
    cue_at: int | None = None


class StanceTagger:
    """Apply a fitted :class:`StanceClassifier` to parsed segments (see module docstring).

    ``source`` is the model file it was loaded from (:func:`load_tagger` passes
    it), shown by ``repr``. An unfitted model raises ``NotFittedError`` (``[E250]``).
    """

    def __init__(
        self, model: StanceClassifier | CompiledStance, *, source: str | Path | None = None
    ) -> None:
        _check_fitted(model, "StanceTagger")
        clash = sorted(set(model.frames_) & RESERVED_NAMES)
        if clash:  # a frame named "id" would overwrite the record id of every output line
            raise OSError(
                Errors.E208.format(
                    path="<model>", detail=f"frame names {clash} clash with output fields"
                )
            )
        self.model = model
        self.frames: list[str] = list(model.frames_)
        self.source = str(source) if source is not None else None
        self._tfidf_weights = self._learned_weights()
        context = getattr(model, "context_", None)
        reads_vectors = context is not None and context.get("features") not in WITHOUT_VECTORS
        if getattr(model.features_, "encoder_width_", 0) or reads_vectors:
            from ..encoder import load_encoder

            # now rather than at the first sentence: a run loads its taggers
            # before forking the workers, which then share the weights
            load_encoder()

    def __repr__(self) -> str:
        """Which model it applies, in which form, and its frames."""
        form = "compiled" if isinstance(self.model, CompiledStance) else type(self.model).__name__
        where = f"{self.source!r}, " if self.source else ""
        return f"StanceTagger({where}{form}, frames={self.frames})"

    def _learned_weights(self) -> dict[tuple[str, str], dict[str, float]]:
        """Positive TF-IDF weights per (frame, label), for explaining a decision.

        Words and pairs made only of function words, figures and masked
        names or dates ("into", "and", "just", "of the", "2006 and" — read as
        "-date- and" —, "Calderon 's") are left out,
        negators kept: the model may weigh them, but as the evidence shown
        they tell a reader nothing.
        """
        feats = self.model.features_
        if not feats.tfidf:
            return {}
        function_words = english_stop_words() - _SHOWN_NEGATORS
        vocab = feats.vectorizer_.get_feature_names_out()
        shown = np.array(
            [
                any(
                    w not in function_words and w not in _MASKS and not _FIGURE.fullmatch(w)
                    for w in g.split()
                )
                for g in vocab
            ]
        )
        out: dict[tuple[str, str], dict[str, float]] = {}
        for frame, est in self.model.estimators_.items():
            coef = getattr(est, "coef_", None)
            if coef is None:
                continue
            classes = list(est.classes_)
            for label in ("favor", "against"):
                if label not in classes:
                    continue
                row = coef[classes.index(label)] if coef.shape[0] > 1 else coef[0]
                row = row[: len(vocab)]
                out[(frame, label)] = {
                    vocab[i]: float(row[i]) for i in np.flatnonzero((row > 0) & shown)
                }
        return out

    # -- evidence ---------------------------------------------------------
    def _cue(self, analysis: SentenceAnalysis, frame: str, label: str) -> tuple[str, int | None]:
        """The evidence shown for ``label`` on ``frame`` — the best of the
        frame's matches — and where that match starts (``None``: no lexicon
        match, as for a learned cue; the holder is looked for from there).

        Best is, in order: a match an attitude word governs that way, shown
        from that word (:func:`_attitude_cue`: "rejected calls to withdraw the
        military" for favor, "not against legalization"); a favor/against
        match whose negation-adjusted polarity is the label's ("not legalize
        heroin" for against); a topic
        match negated when the label is against ("won't support sending
        troops"); a topic match not negated (the measure the sentence takes
        a side on, which says more to a reader than a learned word, often a
        function word); the learned word with the largest weight; last, a
        match that argues the other way (a negated topic match for favor),
        shown with its negator. Longest first within each rank.

        A match resting on "demand" in another sense than the drug market's
        (:func:`market_sense`: "Protesters *demanded* …", "Washington's
        *demands* on Mexico") is never shown, nor a learned word inside it.
        The model still reads it (its features are what it was trained on);
        only the evidence a reader sees leaves it out.
        """
        if label == "none":
            return "", None
        want = 1 if label == "favor" else -1
        mine: list[CueMatch] = []
        other_sense: list[CueMatch] = []
        for m in analysis.cues:
            if m.frame == frame:
                (mine if market_sense(analysis.span, m) else other_sense).append(m)
        shown = _attitude_cue(analysis.span, mine, want)
        if shown is not None:
            return shown
        ranks = [_cue_rank(m, want, mine) for m in mine]
        best = min(
            (i for i, r in enumerate(ranks) if r < _LEARNED_RANK),
            key=lambda i: (ranks[i], -(mine[i].end - mine[i].start), mine[i].start),
            default=None,
        )
        if best is not None:
            return _cue_text(analysis.span, mine[best]), mine[best].start
        # the matches left argue the other way: a learned word inside one of
        # them would show it without its negator ("Prohibition" of
        # "Prohibition has not failed")
        learned = self._learned_cue(
            analysis,
            frame,
            label,
            lambda: [_cue_range(analysis.span, m) for m in (*mine, *other_sense)],
        )
        if learned or not mine:
            return learned, None
        match = max(mine, key=lambda m: m.end - m.start)
        return _cue_text(analysis.span, match), match.start

    def _learned_cue(
        self,
        analysis: SentenceAnalysis,
        frame: str,
        label: str,
        avoid: Callable[[], Sequence[tuple[int, int]]] = tuple,
    ) -> str:
        """The sentence's word or word pair with the largest learned weight for
        ``label`` on ``frame``, as written; one overlapping a character range
        ``avoid()`` gives is passed over for the next (the ranges are worked out
        only when a word is found). ``""`` when none."""
        weights = self._tfidf_weights.get((frame, label))
        if not weights or not analysis.lemma_text:
            return ""
        words = analysis.lemma_text.split()
        grams = set(words) | {" ".join(p) for p in itertools.pairwise(words)}
        keys = _surface_keys(analysis.span)
        ranges: Sequence[tuple[int, int]] | None = None
        for _, gram in sorted(((weights[g], g) for g in grams if g in weights), reverse=True):
            found = _surface(analysis.span, keys, gram.split())
            if found is None:  # a masked word ("-person-") has no surface of its own
                return gram
            lo, hi = found
            if ranges is None:
                ranges = avoid()
            if not any(lo < b and a < hi for a, b in ranges):
                return _doc_slice(analysis.span, lo, hi)
        return ""

    # -- tagging ------------------------------------------------------------
    def decide(
        self,
        analyses: Sequence[SentenceAnalysis],
        posts: Sequence[Any] | None = None,
        parents: Sequence[Any] | None = None,
    ) -> list[list[StanceDecision]]:
        """Decisions per sentence, one per frame (in :attr:`frames` order), without
        their holders (:meth:`tag_spans` finds those).

        With ``posts`` (and ``parents``), a model carrying a context reader reads
        the sentences in their thread
        (:meth:`~discourse.stance.runtime.ClassifierProba.decide_sentences`). A
        side the reader gave where the model saw none has the reader's
        probability as its score and, as its cue, the sentence of the thread it
        answers or continues that most holds that side (``context: "…"``);
        every other decision is the model's, as without a thread.
        """
        probs, labels, reading = self.model.decide_sentences(analyses, posts, parents)
        changed = reading.changed if reading is not None else {}
        places = post_contexts(len(analyses), posts, parents) if changed else []
        out = []
        for i, analysis in enumerate(analyses):
            row = []
            for f in self.frames:
                label = str(labels[f][i])
                k = LABELS.index(label)
                if reading is not None and f in changed and changed[f][i]:
                    score = float(reading.probs[f][i, k])
                    cue, cue_at = self._context_cue(analyses, probs[f], label, places[i]), None
                else:
                    score = float(probs[f][i, k])
                    cue, cue_at = self._cue(analysis, f, label)
                row.append(StanceDecision(f, label, round(score, 4), cue, cue_at=cue_at))
            out.append(row)
        return out

    @staticmethod
    def _context_cue(
        analyses: Sequence[SentenceAnalysis], probs: np.ndarray, label: str, where: PostContext
    ) -> str:
        """The cue of a side the context reader filled in: the sentence of the post
        answered or of the rest of the post the model gives that side most, clipped
        (:data:`CONTEXT_CUE_CHARS`); ``"context"`` when the sentence has none."""
        j = strongest_in_context(probs, label, where)
        if j is None:
            return "context"
        text = " ".join(analyses[j].span.text.split())
        if len(text) > CONTEXT_CUE_CHARS:
            text = text[: CONTEXT_CUE_CHARS - 1].rstrip() + "…"
        return f'context: "{text}"'

    def tag_spans(
        self,
        spans: Sequence[Any],
        speakers: Sequence[str] | None = None,
        groups: Sequence[str] | None = None,
        threads: Sequence[str] | None = None,
        parents: Sequence[str | None] | None = None,
    ) -> list[list[StanceDecision]]:
        """Decisions, with their holders, for each sentence (spans or strings).

        ``speakers`` default to ""; ``groups`` (e.g. utterance ids) bound the
        person names a pronoun may resolve to; ``threads`` (default: the
        groups) bound the names a name joins, before or after it ("Perez
        Molina" in a comment → "Otto Perez Molina" of the article; "Hillary"
        → "Hillary Clinton" of a later sentence; :meth:`Antecedents.known`).
        A side whose cue a reporting verb governs is held by that verb's
        subject, which need not be the sentence's main one
        (:func:`find_holder`'s ``cue``); every other decision gets the
        sentence's holder.

        ``parents`` (with ``groups``, the sentences' posts, in thread order)
        names the post each sentence's post answers (``None`` for the article):
        given, a model carrying a context reader reads the sentences in their
        threads (:meth:`decide`).
        """
        spans = as_spans(spans)
        n = len(spans)
        speakers = list(speakers) if speakers is not None else [""] * n
        groups = list(groups) if groups is not None else [str(i) for i in range(n)]
        threads = list(threads) if threads is not None else groups
        tables: dict[int, TokenTable] = {}  # by id(doc), shared with the holder search
        analyses = self.model.features_._analyse(spans, tables)
        posts: list[str] | None = None
        answered: list[str | None] | None = None
        if parents is not None:  # post ids are unique in a thread, not across threads
            posts = [f"{t}\0{g}" for t, g in zip(threads, groups, strict=True)]
            answered = [
                None if p is None else f"{t}\0{p}" for t, p in zip(threads, parents, strict=True)
            ]
        decisions = self.decide(analyses, posts, answered)
        out: list[list[StanceDecision]] = []
        seen: dict[str, Antecedents] = {}
        # one read of the entities per doc (the spans keep their docs alive)
        ents_of: dict[int, list[Ent]] = {}
        span_ents_of: list[list[Ent]] = []
        thread_names: dict[str, list[str]] = {}
        thread_speakers: dict[str, list[str]] = {}
        for speaker, thread in zip(speakers, threads, strict=True):
            known = thread_speakers.setdefault(thread, [])
            if speaker and speaker not in known:
                known.append(speaker)
        for span, thread in zip(spans, threads, strict=True):
            ents = ents_of.get(id(span.doc))
            if ents is None:
                ents = ents_of[id(span.doc)] = doc_ents(span.doc)
            span_ents_of.append(span_ents(span, ents))
            names = thread_names.setdefault(thread, [])
            for _, _, label, text in span_ents_of[-1]:
                if label == "PERSON" and text not in names:  # distinct: scanned per sentence
                    names.append(text)
        last: dict[str, tuple[Span, str]] = {}  # per group: its last sentence and holder
        for span, speaker, group, thread, mine in zip(
            spans, speakers, groups, threads, span_ents_of, strict=True
        ):
            context = seen.setdefault(group, Antecedents(thread=thread_names[thread]))
            search = _SentenceHolders(
                span, speaker, context, mine, tables[id(span.doc)], speakers=thread_speakers[thread]
            )
            # the sentence's own holder first, whether or not a side takes it:
            # a pronoun it resolves keeps the other gender off that name
            holder = search.holder()
            quoted = _continued_holder(span, last.get(group), holder, speaker)
            # each decision with its holder (dataclasses.replace, without its
            # per-call look at the fields: decide() made them all StanceDecisions)
            row = [
                StanceDecision(
                    d.frame,
                    d.label,
                    d.score,
                    d.cue,
                    quoted
                    or (holder if d.cue_at is None else search.holder(span.start + d.cue_at)),
                    d.cue_at,
                )
                for d in decisions[len(out)]
            ]
            out.append(row)
            last[group] = (span, quoted or holder)
            context.see(span, mine)
        return out

    def tag_parsed(self, parsed: ParsedThread) -> pd.DataFrame:
        """The ``stances`` table of one thread: a row per segment × frame.

        A sentence on a quoted line (``> …``, :func:`~discourse.segment.quoted_positions`)
        takes no side (``none``, score 1.0): it is not its writer's position,
        and a quote of an earlier utterance is counted where it was said (the
        ``quotes`` relation links the two), not again in every comment quoting it.
        So does a sentence that is only a quotation in double quotes of an
        earlier utterance of the thread, with at most a short reaction
        (``"…" lol.``, :func:`~discourse.segment.quotation_positions`).
        A Thread is ``[E043]``, naming how to parse it (an AttributeError was all).
        A model carrying a context reader reads the sentences in their thread:
        each sentence's post is its utterance, which answers its ``reply_to``.
        """
        if not isinstance(parsed, ParsedThread):
            raise TypeError(Errors.E043.format(kind=type(parsed).__name__))
        # the post each utterance answers, for a context reader: a comment that
        # names none answers the article (as the readers link top-level comments)
        article = parsed.thread.article
        answers = {
            u.id: u.reply_to
            if u.reply_to is not None or article is None or u is article
            else article.id
            for u in parsed.thread.utterances
        }
        segs = parsed.segments
        tagged = self.tag_spans(
            parsed.spans,
            [s.speaker for s in segs],
            [s.utterance_id for s in segs],
            [s.thread_id for s in segs],
            parents=[answers.get(s.utterance_id) for s in segs],
        )
        for k in {*quoted_positions(parsed), *quotation_positions(parsed)}:
            tagged[k] = _quoted_decisions(tagged[k])
        rows = [
            (seg.id, seg.thread_id, d.frame, d.label, d.score, d.cue, d.holder)
            for seg, decisions in zip(segs, tagged, strict=True)
            for d in decisions
        ]
        return pd.DataFrame(rows, columns=TABLE_COLUMNS["stances"])

    def tag_records(
        self,
        records: Iterable[dict[str, Any]],
        nlp: Any = None,
        path: str | Path = "<records>",
    ) -> list[dict[str, Any]]:
        """JSON Lines records ``{"id", "text", ["speaker"]}`` → stance records.

        Each text is parsed and tagged sentence by sentence, as the pipeline
        does (a text longer than :data:`~discourse.segment.DEFAULT_MAX_CHARS`
        is cut into pieces first, ``[W004]``): a sentence repeated or a
        paragraph pasted in must not weigh more than one sentence does. A
        record of several sentences gets, per frame, the label, score, cue
        and holder of its most confident sentence taking a side (else
        ``none`` with the lowest ``none`` probability): "President Calderon
        said he will send more troops. I think we should legalize marijuana
        instead." is Calderon's position on militarization and the writer's
        on legalization. ``holder`` (one per record, as before per-frame
        holders existed) is the holder of the sentence taking the most
        confident side overall (else of its first sentence).

        Records of one utterance (``post``, ``utterance_id``, or the id up to its last
        ``/`` as in ``thread/utterance/s03``) share the names pronouns resolve to.
        Records that name their ``post`` and ``parent`` (and ``thread``), in
        thread order as in a thread-labelled gold file, are read in their
        threads by a model with a context reader.

        Output per record: ``id``, ``text``, each frame's label, ``scores`` {frame:
        probability of that label}, ``cues`` {frame: cue}, ``holders``
        {frame: holder; ``""`` for a frame labelled ``none``}, ``holder``.
        """
        recs = list(records)
        sentences = _sentences([str(r["text"]) for r in recs], nlp)
        owner: list[int] = []
        spans: list[Span] = []
        for k, (rec, sents) in enumerate(zip(recs, sentences, strict=True)):
            if len(rec["text"]) > DEFAULT_MAX_CHARS:
                log.warning(
                    Warnings.W004.format(path=path, utterance=rec["id"], size=len(rec["text"]))
                )
            owner += [k] * len(sents)
            spans += sents
        # lines naming their post and the post it answers are read in their threads
        threaded = any("post" in rec and "parent" in rec for rec in recs)
        tagged = self.tag_spans(
            spans,
            [str(recs[k].get("speaker") or "") for k in owner],
            [_utterance_of(recs[k]) for k in owner],
            [str(recs[k].get("thread") or "") for k in owner] if threaded else None,
            parents=[_parent_of(recs[k]) for k in owner] if threaded else None,
        )
        per_record: list[list[list[StanceDecision]]] = [[] for _ in recs]
        for k, result in zip(owner, tagged, strict=True):
            per_record[k].append(result)
        out = []
        for rec, results in zip(recs, per_record, strict=True):
            decisions, holder = self._combine(results, str(rec.get("speaker") or ""))
            # the text too: a reader of the output should not have to join it back by id
            row: dict[str, Any] = {"id": rec["id"], "text": rec["text"]}
            row.update({d.frame: d.label for d in decisions})
            row["scores"] = {d.frame: d.score for d in decisions}
            row["cues"] = {d.frame: d.cue for d in decisions}
            # a frame the text takes no side on has nobody holding a side of it
            row["holders"] = {
                d.frame: d.holder if d.label in ("favor", "against") else "" for d in decisions
            }
            row["holder"] = holder
            out.append(row)
        return out

    def _combine(
        self, results: Sequence[list[StanceDecision]], speaker: str
    ) -> tuple[list[StanceDecision], str]:
        """One record's decisions (each with its holder) and the record's holder,
        from those of its sentences (see :meth:`tag_records`)."""
        if not results:  # a text of only whitespace: no sentence, no side
            return [StanceDecision(f, "none", 1.0, "", speaker) for f in self.frames], speaker
        combined: list[StanceDecision] = []
        best_side: StanceDecision | None = None
        for j in range(len(self.frames)):
            sides = [ds[j] for ds in results if ds[j].label != "none"]
            if sides:
                decision = max(sides, key=lambda d: d.score)
                if best_side is None or decision.score > best_side.score:
                    best_side = decision
            else:
                decision = min((ds[j] for ds in results), key=lambda d: d.score)
            combined.append(decision)
        return combined, (best_side or results[0][0]).holder


def _quoted_decisions(decisions: list[StanceDecision]) -> list[StanceDecision]:
    """The decisions of a sentence on a quoted line (see :meth:`StanceTagger.tag_parsed`):
    no side. Eli's "> Legalization would be a disaster." is Carla's position,
    counted once where she wrote it; quoted from nowhere in the thread, or from
    the writer's own words, it is no position of the thread's either.
    """
    return [replace(d, label="none", score=1.0, cue="", cue_at=None) for d in decisions]


def _sentences(texts: Sequence[str], nlp: Any = None) -> list[list[Span]]:
    """Sentence spans of each text, parsed in pieces of at most ``DEFAULT_MAX_CHARS``.

    Whitespace around sentences is trimmed (as :mod:`discourse.segment` does);
    a text with no words has no sentence.
    """
    if nlp is None:
        from ..nlp import load_nlp

        nlp = load_nlp()

    def pieces() -> Iterator[tuple[str, int]]:
        for k, text in enumerate(texts):
            for start, end in split_long(text, 0, len(text), DEFAULT_MAX_CHARS):
                yield text[start:end], k

    out: list[list[Span]] = [[] for _ in texts]
    for doc, k in nlp.pipe(pieces(), as_tuples=True):
        for sent in doc.sents:
            toks = [t for t in sent if not t.is_space]
            if toks:
                out[k].append(doc[toks[0].i : toks[-1].i + 1])
    return out


def _utterance_of(record: dict[str, Any]) -> str:
    if record.get("post"):  # a line of a file labelled in its threads
        return str(record["post"])
    if record.get("utterance_id"):
        return str(record["utterance_id"])
    rid = str(record["id"])
    return rid.rsplit("/", 1)[0] if "/" in rid else rid


def _parent_of(record: dict[str, Any]) -> str | None:
    """The post a record's post answers (``parent``; None for an article line)."""
    parent = record.get("parent")
    return str(parent) if isinstance(parent, str | int) and str(parent) else None


#: Rank of a learned word among the evidence :meth:`StanceTagger._cue` shows (see :func:`_cue_rank`).
_LEARNED_RANK = 3
#: Longest span, in tokens, shown from a negated cue's negator to the cue; a
#: farther negator is shown with its verb group instead ("should never").
MAX_CUE_TOKENS = 12


def _attitude_cue(span: Span, matches: Sequence[CueMatch], want: int) -> tuple[str, int] | None:
    """The longest stretch from an attitude word to the cue it governs, where that
    attitude argues for the side ``want`` (:func:`~.analysis.attitude_of`):
    "rejected calls to withdraw the military" (favor of militarization, where
    the against cue alone says the opposite and a learned word was shown),
    "wouldn't say no to legal weed"; and where the match starts. A topic match
    inside a favor/against match is left to that match, as the scope
    features leave it (:func:`~.analysis.attitude_cues`). ``None`` when no
    attitude governs a match that way. ``matches`` are one frame's."""
    frame = matches[0].frame if matches else ""
    best: tuple[int, int, int] | None = None  # (doc start, doc end, match start)
    for m in attitude_cues(matches, frame):
        sign, at = attitude_of(span, m)
        if sign != want or at is None:
            continue
        word = span.doc[at]
        if word.pos_ == "ADP" and span.start <= word.head.i < at:
            at = word.head.i  # "*voted* against", "*called* for"
        start, end = min(at, span.start + m.start), span.start + m.end
        while start > span.start and not span.doc[start - 1].whitespace_:
            start -= 1  # "would*n't*", "do*nt*": the word a clitic hangs on too
        if best is None or end - start > best[1] - best[0]:
            best = (start, end, m.start)
    if best is None:
        return None
    doc = span.doc
    return _doc_slice(span, doc[best[0]].idx, doc[best[1] - 1].idx + len(doc[best[1] - 1])), best[2]


def _cue_rank(match: CueMatch, want: int, matches: Sequence[CueMatch]) -> int:
    """How well ``match`` supports the side ``want`` (+1 favor, −1 against); lower is better.

    0: a favor/against match of that polarity; 1: a topic match whose negation
    argues for the side (only against: "won't support *sending troops*");
    2: a topic match not negated; 4: a match arguing the other way, shown
    only when nothing else (not even a learned word, rank
    :data:`_LEARNED_RANK`) is there. A topic match inside a favor/against
    match of ``matches`` ranks as that match, unless a negator outside that
    match negates it: "drug war" in "drug war hasn't failed" is negated by
    what is said of it, which argues for the drug war, not against it; in
    "should not legalize heroin" the "not" negates the measure itself.
    """
    if match.kind != "topic":
        return 0 if match.polarity == want else 4
    around = [
        m
        for m in matches
        if m.kind != "topic"
        and m.start <= match.start
        and match.end <= m.end
        and (match.negator is None or m.start <= match.negator < m.end)
    ]
    if around:
        return min(_cue_rank(m, want, matches) for m in around)
    if match.negated:
        return 1 if want < 0 else 4
    return 2


#: The cue word that names the drug market only as a singular noun ("drug
#: demand", "reduce demand", "the demand side"); the verb ("Protesters
#: demanded …") and the plural ("Washington's demands") make requests.
MARKET_WORD = "demand"
#: Objects of "demand for …" that make it the demand for drugs ("demand for
#: cocaine"); with any other ("demand for a recount", "demand for avocados")
#: it is a request or another market.
DRUG_WORDS: frozenset[str] = frozenset(
    """
    drug narcotic cocaine coke crack heroin fentanyl opioid opiate meth methamphetamine
    amphetamine marijuana cannabis weed pot dope intoxicant substance pill ecstasy mdma
    lsd psychedelic stimulant
    """.split()
)


def market_sense(span: Span, match: CueMatch) -> bool:
    """Whether ``match`` (of ``span``) is about the drug market wherever it rests on
    :data:`MARKET_WORD`; a match without that word is.

    "demand" is the drug market as a singular common noun ("US demand",
    "consumer demand", "demand for drugs", "the demand that fuels the
    violence"), or a proper noun inside a longer cue ("Demand Reduction" in a
    title-case heading). It is not as a verb ("Protesters demanded the army
    leave", "The governors demand more money"), in the plural ("Washington's
    demands on Mexico": requests), as a name ("Moms Demand Action"), with a
    complement clause ("the demand that Mexico extradite him", "the demand to
    withdraw"), on someone ("a demand on Mexico"), or for anything but
    drugs (:data:`DRUG_WORDS`: "the demand for a recount").
    """
    longer = match.end - match.start > 1
    for tok in span[match.start : match.end]:
        if MARKET_WORD in (tok.lemma_.lower(), tok.lower_) and not _market_noun(tok, longer):
            return False
    return True


def _market_noun(tok: Token, in_phrase: bool) -> bool:
    """``tok`` ("demand") is the drug market's noun (:func:`market_sense`);
    ``in_phrase``: it is one word of a longer cue."""
    if tok.tag_ != "NN" and not (in_phrase and tok.tag_ == "NNP"):
        return False  # a verb, a plural, a name
    for child in tok.children:
        if child.dep_ == "acl" and any(
            c.dep_ == "mark" or (c.dep_ == "aux" and c.lower_ == "to") for c in child.children
        ):
            return False  # "the demand that the army leave", "the demand to withdraw"
        if child.dep_ == "prep" and child.lower_ == "on":
            return False  # "Washington's demand on Mexico"
        if child.dep_ == "prep" and child.lower_ == "for":
            objects = [g.lemma_.lower() for g in child.children if g.dep_ == "pobj"]
            if objects and not DRUG_WORDS.intersection(objects):
                return False  # "the demand for a recount"
    return True


def _cue_text(span: Span, match: CueMatch) -> str:
    """The cue's text, with its negator when the match is negated (:func:`_cue_range`)."""
    return _doc_slice(span, *_cue_range(span, match))


def _doc_slice(span: Span, lo: int, hi: int) -> str:
    """``span.doc.text[lo:hi]`` for a range inside ``span``, without building the
    whole document's text (``Doc.text`` joins every token of a thread on each call)."""
    return span.text[lo - span.start_char : hi - span.start_char]


def _cue_range(span: Span, match: CueMatch) -> tuple[int, int]:
    """Where the cue's text lies in ``span.doc.text``, with its negator when negated.

    The negator is the one the parse found (:attr:`CueMatch.negator`),
    however far from the cue, before or after it, with the word it negates
    ("not, under any circumstances, legalize", "Legalization won't work").
    The text stays a verbatim substring of the sentence: the contiguous span
    over the cue, the negator and the negated word when it is at most
    :data:`MAX_CUE_TOKENS` tokens, else without the negated word, else the
    negator's verb group ("should never"). Whole words (:func:`_word_range`).
    """
    start, end = match.start, match.end
    if match.negated and match.negator is not None and 0 <= match.negator < len(span):
        neg = span[match.negator]
        # the negator's own words ("no" of "no longer"); a negating verb
        # ("failed to reduce demand") is one word
        own = [neg.i] + [c.i for c in neg.children if c.dep_ == "neg" or c.lower_ == "no"]
        lo = max(min(own) - span.start, 0)
        hi = min(max(own) + 1 - span.start, len(span))
        target = neg.head.i - span.start  # the word it negates, if in the sentence
        with_target = (min(lo, target), max(hi, target + 1)) if 0 <= target < len(span) else None
        for bounds in (with_target, (lo, hi)):
            if bounds is None:
                continue
            a, b = max(min(start, bounds[0]), 0), min(max(end, bounds[1]), len(span))
            if b - a <= MAX_CUE_TOKENS:
                start, end = a, b
                break
        else:
            start, end = _verb_group(span, neg, lo, hi)
    return _word_range(span, start, end)


def _verb_group(span: Span, negator: Token, lo: int, hi: int) -> tuple[int, int]:
    """``span[lo:hi]`` (the words of ``negator``) widened over the adjacent
    auxiliaries and negators of the word it negates, and that word itself when
    adjacent ("should never", "did not support")."""
    head = negator.head
    group = {"aux", "auxpass", "neg"}

    def joins(tok: Token) -> bool:
        return tok == head or (tok.head == head and tok.dep_ in group)

    while lo > 0 and joins(span[lo - 1]):
        lo -= 1
    while hi < len(span) and joins(span[hi]):
        hi += 1
    return lo, hi


def _inside_word(text: str, i: int) -> bool:
    """Whether offset ``i`` of ``text`` falls inside a word: between two letters or
    digits, or beside an apostrophe or hyphen joining them ("do|nt", "don|'t",
    "gun|-free")."""
    if i <= 0 or i >= len(text):
        return False
    a, b = text[i - 1], text[i]
    if a.isalnum() and b.isalnum():
        return True
    if a in "'’-" and b.isalnum():
        return i >= 2 and text[i - 2].isalnum()
    if a.isalnum() and b in "'’-":
        return i + 1 < len(text) and text[i + 1].isalnum()
    return False


def _word_range(span: Span, start: int, end: int) -> tuple[int, int]:
    """Where ``span[start:end]`` lies in ``span.doc.text``, widened to whole words.

    spaCy splits a contraction typed without its apostrophe ("dont",
    "shouldnt", "wont") into "do" + "nt", so a cue starting at the negator
    started mid-word ("nt send troops"); the range is widened to the word's
    start and end (punctuation around a word is not part of it), within the
    sentence, so its text is a verbatim substring of the sentence.
    """
    text, base = span.text, span.start_char  # the sentence's own text, not the thread's
    first, last = span[start], span[end - 1]
    lo, hi = first.idx - base, last.idx + len(last.text) - base
    while lo > 0 and _inside_word(text, lo):
        lo -= 1
    while hi < len(text) and _inside_word(text, hi):
        hi += 1
    return lo + base, hi + base


def _surface_keys(span: Span) -> list[str]:
    """Each token of ``span`` as the learned words read it: its lemma, masked
    entities and numbers as their masks, punctuation and space as ``""``."""
    from .analysis import MASKED_ENTS, normalise_lemma

    keys = []
    for t in span:
        if t.is_punct or t.is_space:
            keys.append("")
        elif t.ent_type_ in MASKED_ENTS:
            keys.append(MASKED_ENTS[t.ent_type_])
        elif t.like_num:
            keys.append("-num-")
        else:
            keys.append(normalise_lemma(t.lemma_))
    return keys


def _surface(span: Span, keys: list[str], gram: list[str]) -> tuple[int, int] | None:
    """Where the tokens whose :func:`_surface_keys` ``keys`` read ``gram`` lie in
    ``span.doc.text``, as whole words (:func:`_word_range`); ``None`` when no
    tokens read so (a masked word)."""
    for i in range(len(span)):
        if not keys[i]:  # a gram starts at a word, not at the punctuation before it
            continue
        j, k = i, 0
        while j < len(span) and k < len(gram):
            if not keys[j]:
                j += 1
                continue
            if keys[j] != gram[k]:
                break
            j, k = j + 1, k + 1
        if k == len(gram):
            return _word_range(span, i, j)
    return None


# ---------------------------------------------------------------------------
# file-level functions behind `discourse stance` and `discourse eval`


def _as_model(
    model: StanceClassifier | CompiledStance | str | Path | None,
) -> StanceClassifier | CompiledStance:
    """A model object as it is, else the model file (default: shipped) as a tagger applies it."""
    if model is None or isinstance(model, str | Path):
        return load_runtime(model)
    return model


def _check_record(rec: dict[str, Any], path: Path, where: str) -> None:
    """``[E018]`` for an id that is no non-empty string or integer (the rule
    ``discourse entities`` shares, :func:`discourse.io.record_id`), ``[E209]``
    for a record without text, ``[E213]`` for a text that is no string."""
    from ..io import record_id

    record_id(rec, path, where)
    if rec.get("text") is None:
        raise ValueError(Errors.E209.format(path=path, record=where, field="text"))
    if not isinstance(rec["text"], str):
        kind = type(rec["text"]).__name__
        raise ValueError(Errors.E213.format(path=path, record=where, field="text", kind=kind))


def tag_jsonl(
    input_path: str | Path,
    output: str | Path | None = None,
    model: StanceClassifier | CompiledStance | str | Path | None = None,
    batch_size: int = 1000,
    on_error: Callable[[Exception], None] | None = None,
) -> int:
    """Tag every ``{"id", "text"}`` record of a JSON Lines file; return how many.

    Writes one line per input record, in order, to ``output`` (``None`` or
    ``-``: stdout): ``id``, each frame's label, ``scores``, ``cues``,
    ``holders`` (per frame: the record's ``speaker`` unless the sentence
    that decided the frame reports someone else's position) and ``holder``
    (the one of the most confident side). Records are processed in batches, so files of any
    size stream through; each text is tagged sentence by sentence (see
    :meth:`StanceTagger.tag_records`). Raises ``[E018]`` for an id that is
    not a non-empty string or an integer (:func:`discourse.io.record_id`, as
    ``discourse entities`` reads it), ``[E209]`` for a record without text
    and ``[E213]`` for a text that is not a string, naming the file
    and line; an existing ``output`` is only replaced once every record is
    tagged. With ``on_error``, each of these errors (and a malformed line's
    ``[E006]``) is handed to it instead and the record is left out: the
    rest of the batch is still tagged and written — unless no record at all
    could be tagged (``[E214]``: the output is left as it was). An id that an
    earlier line had is tagged too, with ``[W014]`` naming both lines.
    """
    from ..io import DuplicateIds, iter_jsonl, write_jsonl

    tagger = StanceTagger(_as_model(model))
    path = Path(input_path)
    count = 0
    ids = DuplicateIds(path)

    def records() -> Iterable[dict[str, Any]]:
        nonlocal count
        batch: list[dict[str, Any]] = []
        bad = 0

        def skip(err: Exception) -> None:
            nonlocal bad
            bad += 1
            assert on_error is not None
            on_error(err)

        for no, rec in iter_jsonl(path, on_error=skip if on_error else None):
            try:
                _check_record(rec, path, f"line {no}")
            except ValueError as err:
                if on_error is None:
                    raise
                skip(err)
                continue
            ids.see(rec["id"], f"line {no}")  # [W014]: a join on id would mix the two up
            batch.append(rec)
            if len(batch) >= batch_size:
                count += len(batch)
                yield from tagger.tag_records(batch, path=path)
                batch = []
        if batch:
            count += len(batch)
            yield from tagger.tag_records(batch, path=path)
        if bad and not count:  # a wrong file: keep the output it would have replaced
            raise ValueError(Errors.E214.format(path=path, count=bad))

    write_jsonl(records(), output)
    return count


def _checked_only(gold: pd.DataFrame, gold_path: str | Path) -> pd.DataFrame:
    """``gold`` without the lines marked ``"checked": false`` (a prefilled sample
    still holding a model's guesses, which would score that model perfectly),
    with ``[W241]`` saying how many; ``[E256]`` for a ``checked`` that is no boolean."""
    from ..io import iter_jsonl
    from .corpus import checked_flags

    numbered = list(iter_jsonl(gold_path))
    flags = checked_flags(numbered, gold_path)
    unchecked = {str(rec.get("id")) for (_, rec), ok in zip(numbered, flags, strict=True) if not ok}
    if not unchecked:
        return gold
    log.warning(Warnings.W241.format(path=gold_path, n=len(unchecked)))
    kept = gold[~gold["id"].astype(str).isin(unchecked)].reset_index(drop=True)
    if kept.empty:
        raise IngestError(Errors.E257, gold_path)
    return kept


def evaluate_gold(gold_path: str | Path, model: StanceClassifier | str | Path | None = None) -> Any:
    """Score a model (default: shipped) on a gold JSONL file; returns an ``EvalReport``.

    Frames whose gold is null throughout are not evaluated; ``[W231]`` names
    frames labelled in the file that the model does not predict (a fifth
    frame, or a frame the model was trained without), which are not
    evaluated either. A file whose sentences carry their ``post`` (and
    ``parent``) is read in its threads by a model with a context reader. ``[E002]`` if the file holds no record, ``[E211]`` if
    no frame of the model is labelled in it.
    """
    from .corpus import read_gold
    from .evaluate import evaluate, gold_frames

    clf = load_model(model) if model is None or isinstance(model, str | Path) else model
    _check_fitted(clf, "evaluate_gold")
    gold = read_gold(gold_path)
    if gold.empty:  # else E211 would blame the labels of a file that has none
        raise IngestError(Errors.E002, gold_path)
    gold = _checked_only(gold, gold_path)
    absent = [f for f in clf.frames_ if f not in gold.columns]
    if absent:  # the model's own frames are read as frames: a bad label there is [E232]
        gold = read_gold(gold_path, frames=[*gold_frames(gold), *absent])
    unpredicted = [f for f in gold_frames(gold) if f not in clf.frames_ and gold[f].notna().any()]
    if unpredicted:  # else a labelled frame silently drops out of F-avg
        import difflib

        named = []
        for name in unpredicted:  # a misspelt frame, as `corpus split` says it ([W238])
            close = difflib.get_close_matches(name, clf.frames_, n=1, cutoff=0.75)
            named.append(f"{name} (misspelt {close[0]}?)" if close else name)
        log.warning(
            Warnings.W231.format(
                path=gold_path, frames=", ".join(named), model=", ".join(clf.frames_)
            )
        )
    frames = [f for f in clf.frames_ if f in gold.columns]
    if not any(gold[f].notna().any() for f in frames):
        raise ValueError(Errors.E211.format(path=gold_path, frames=", ".join(clf.frames_)))
    texts = gold["text"].tolist()
    _warn_trained_on(clf, texts, gold_path)
    # a file labelled in its threads (post, parent) is read in them, as a run reads
    pred = clf.predict(gold)
    return evaluate(gold, pred, frames=frames, source=str(gold_path))  # null frames: W230


def _warn_trained_on(clf: Any, texts: list[str], gold_path: str | Path) -> None:
    """``[W243]`` when gold sentences are among the model's training sentences
    (a model saved before it kept their digests is not checked)."""
    seen = getattr(clf, "train_digests_", None)
    if seen is None:
        return
    from .classifier import text_digest

    n = int(np.isin(np.asarray([text_digest(t) for t in texts], dtype=np.uint64), seen).sum())
    if n:
        log.warning(Warnings.W243.format(path=gold_path, n=n, total=len(texts)))

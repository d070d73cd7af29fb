"""Policy frames as data: a name, a definition, a proposition, cue lexicons, examples.

Frames are not code (README: "Frames are data"): the four the project annotates live in
``src/discourse/data/frames.json`` and a fifth is added by adding an entry
there (or passing a :class:`Frame` to the classifier) and labelled sentences,
then retraining. Nothing else changes.

Cues are lower-case *lemma* phrases of one or more words ("deploy troop",
"war on drug", "right to bear arm"). They are matched on the tokens of a
parsed spaCy span by :func:`find_cues`: punctuation is skipped, hyphenated
words count as separate words ("gun-free" = "gun free"), and a cue word
matches a token whose lemma *or* lower-cased form equals it, so a cue written
as an inflected word still fires.

Each frame has three lexicons: ``topic_cues`` say the measure is being talked
about, ``favor_cues`` and ``against_cues`` are phrasings that usually take a
side. They are evidence for a classifier, not rules: negation, reported
speech and irony are the model's job. ``needs_topic`` lists those of the
frame's cues that are the frame's only next to another of its cues: in a
debate about guns "confiscation" and "tyranny" argue against gun control, in
a drug-policy thread police confiscate cocaine and a state of exception is
called tyranny without a gun in sight. ``measure_cues`` and ``opposite_cues``
(optional) sort topic cues for the attitude words that govern them
(:func:`~discourse.stance.analysis.cue_attitude`): supporting a measure's
name ("legalization", "gun control", "treatment") is supporting the
measure, supporting what it restricts or replaces ("guns", "prohibition",
"mandatory minimums") is opposing it, and an attitude toward any other topic
("the cartels", "drug users") says nothing of it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from spacy.tokens import Doc, Span

from ..errors import Errors, IngestError

#: The frames of the annotation guidelines, in their canonical order.
FRAME_NAMES: tuple[str, ...] = (
    "demand_reduction",
    "militarization",
    "arms_control",
    "legalization",
)
#: Stance labels, one per sentence and frame.
LABELS: tuple[str, ...] = ("favor", "against", "none")
#: Lexicons of a frame, by kind.
CUE_KINDS: tuple[str, ...] = ("topic", "favor", "against")

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
#: Fields of a ``discourse corpus sample`` line besides its frames
#: (:func:`discourse.stance.sampling.sample_records`): the sentence, whether a
#: person checked a prefilled line, its context and the model's guesses.
SAMPLE_FIELDS: tuple[str, ...] = (
    *("id", "text", "checked", "speaker", "unit", "thread", "before", "after", "model"),
)
#: Names a frame may not take: each frame becomes a field of ``discourse stance``
#: output, a column of the gold and label tables, a field of ``discourse corpus
#: sample`` lines and a value in the ``stances`` table, so a frame called ``id``,
#: ``holder`` or ``thread`` would overwrite that field (a prefilled label of a
#: frame ``thread`` became the thread id, which the next split read as a label).
RESERVED_NAMES: frozenset[str] = frozenset(
    {
        # `discourse stance` input and output fields
        *("id", "text", "speaker", "utterance_id", "scores", "cues", "holders", "holder"),
        # gold / annotated-corpus fields (a thread-labelled file's too)
        *("register", "unit", "note", "source", "split", "post", "parent", "paragraph"),
        # `discourse corpus sample` fields
        *SAMPLE_FIELDS,
        # labels and the `stances` table's columns
        *("favor", "against", "none", "null"),
        *("segment_id", "thread_id", "frame", "label", "score", "cue"),
    }
)
#: Optional lists of a frame that pick from its cues: ``needs_topic`` (cues that
#: count only beside another of the frame's cues), ``measure_cues`` and
#: ``opposite_cues`` (topic cues naming the measure, and what it restricts or
#: replaces: the direction an attitude toward them gives the frame).
SUBSET_KEYS: tuple[str, ...] = ("needs_topic", "measure_cues", "opposite_cues")
#: What each of :data:`SUBSET_KEYS` picks from, for error messages.
_SUBSET_OF: dict[str, str] = {
    "needs_topic": "cues",
    "measure_cues": "topic cues",
    "opposite_cues": "topic cues",
}


def subset_pool(key: str, lexicons: dict[str, tuple[str, ...]]) -> set[str]:
    """The cues the subset list ``key`` (:data:`SUBSET_KEYS`) may name, from a
    frame's ``{kind: cues}``: any cue for ``needs_topic``, topic cues for the others."""
    if key == "needs_topic":
        return {c for cues in lexicons.values() for c in cues}
    return set(lexicons["topic"])


#: Top-level keys of a frames file.
_FILE_KEYS: frozenset[str] = frozenset({"frames"})
_WORD_SPLIT = re.compile(r"[\s\-]+")


def cue_words(phrase: str) -> tuple[str, ...]:
    """A cue phrase as the word sequence it matches: lower-cased, split at spaces and hyphens."""
    return tuple(w for w in _WORD_SPLIT.split(phrase.lower().strip()) if w)


class CueMatch(NamedTuple):
    """A cue found in a span: the cue phrase and its token range in the doc (end exclusive)."""

    cue: str
    start: int
    end: int


#: One matchable unit of a span: (doc token index, the word forms it matches).
_Unit = tuple[int, frozenset[str]]


def _units(span: Span | Doc) -> list[_Unit]:
    """Word units of a span: lemma and lower-cased form per hyphen-separated part.

    Proper nouns keep their capitalised text as lemma ("Drugs" in "the War On
    Drugs"), so for them a plural-stripped form is added too.
    """
    units: list[_Unit] = []
    for tok in span:
        if tok.is_punct or tok.is_space:
            continue
        lemma_parts = [p for p in tok.lemma_.lower().split("-") if p]
        lower_parts = [p for p in tok.lower_.split("-") if p]
        if len(lemma_parts) != len(lower_parts):
            lower_parts = lemma_parts
        for lem, low in zip(lemma_parts, lower_parts, strict=True):
            forms = {lem, low}
            if tok.pos_ == "PROPN" and len(low) > 3 and low.endswith("s"):
                forms.add(low[:-1])
            units.append((tok.i, frozenset(forms)))
    return units


class CueIndex:
    """Cue phrases indexed by their first word, for matching many cues in one pass."""

    def __init__(self, cues: Iterable[str]) -> None:
        self.cues = tuple(cues)
        self._by_first: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        for cue in self.cues:
            words = cue_words(cue)
            if words:
                self._by_first.setdefault(words[0], []).append((cue, words))

    def find(self, span: Span | Doc) -> list[CueMatch]:
        """Every occurrence of every cue in ``span``, in text order (overlaps kept)."""
        units = _units(span)
        found: list[CueMatch] = []
        for i, (_, forms) in enumerate(units):
            for form in forms:
                for cue, words in self._by_first.get(form, ()):
                    j = i + len(words)
                    if j > len(units) or any(
                        w not in units[k][1]
                        for w, k in zip(words[1:], range(i + 1, j), strict=True)
                    ):
                        continue
                    found.append(CueMatch(cue, units[i][0], units[j - 1][0] + 1))
        found = list(dict.fromkeys(found))
        found.sort(key=lambda m: (m.start, -(m.end - m.start), m.cue))
        return found


def find_cues(span: Span | Doc, cues: Iterable[str]) -> list[CueMatch]:
    """Occurrences of ``cues`` (lemma phrases) in a parsed span; see the module docstring."""
    return CueIndex(cues).find(span)


@dataclass(frozen=True)
class Frame:
    """A policy frame: what it covers, the claim it stands for, and its cue lexicons.

    ``proposition`` is the policy phrased as a claim ("Restrict the supply of
    weapons"); argument maps use it as the issue node that favor and against
    segments attach to. ``examples`` maps a label to example sentences.
    """

    name: str
    definition: str
    proposition: str
    topic_cues: tuple[str, ...] = ()
    favor_cues: tuple[str, ...] = ()
    against_cues: tuple[str, ...] = ()
    examples: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)
    needs_topic: tuple[str, ...] = ()
    measure_cues: tuple[str, ...] = ()
    opposite_cues: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """Check a frame built in Python as :meth:`from_dict` checks a frames-file entry.

        Without this a frame named ``id`` trains and then breaks the tagger, a
        name with a space cannot be saved and read back, an upper-case cue
        never matches, and a cue lexicon given as one string becomes one cue
        per character. Lists of cues are stored as tuples. Raises
        ``ValueError`` ``[E245]``.
        """
        name = self.name

        def bad(detail: str) -> ValueError:
            return ValueError(Errors.E245.format(name=name, detail=detail))

        if not isinstance(name, str) or not _NAME.match(name):
            raise bad("the name must be a lower-case identifier (a letter, then a-z, 0-9 and _)")
        if name in RESERVED_NAMES:
            raise bad("the name is reserved: it names a field of the stance output or label files")
        for kind in CUE_KINDS:
            key = f"{kind}_cues"
            cues = getattr(self, key)
            if isinstance(cues, str) or not all(isinstance(c, str) for c in cues):
                raise bad(f"{key} must be a list or tuple of cue phrases, got {cues!r}")
            for cue in cues:
                if cue != cue.lower() or not cue_words(cue):
                    raise bad(f"cue {cue!r} in {key} must be a non-empty lower-case lemma phrase")
            object.__setattr__(self, key, tuple(cues))
        for key in SUBSET_KEYS:
            subset = getattr(self, key)
            if isinstance(subset, str) or not all(isinstance(c, str) for c in subset):
                raise bad(f"{key} must be a list or tuple of cue phrases, got {subset!r}")
            pool = subset_pool(key, {kind: self.cues(kind) for kind in CUE_KINDS})
            stray = [c for c in subset if c not in pool]
            if stray:
                raise bad(f"{key} names cues that are not the frame's {_SUBSET_OF[key]}: {stray}")
            object.__setattr__(self, key, tuple(subset))

    def cues(self, kind: str) -> tuple[str, ...]:
        """The lexicon of ``kind`` (topic, favor or against)."""
        if kind not in CUE_KINDS:
            raise ValueError(f"cue kind must be one of {CUE_KINDS}, not {kind!r}")
        return getattr(self, f"{kind}_cues")

    @cached_property
    def _indexes(self) -> dict[str, CueIndex]:
        return {kind: CueIndex(self.cues(kind)) for kind in CUE_KINDS}

    def __getstate__(self) -> dict[str, Any]:
        """The frame's fields without the cue indexes :meth:`match` caches.

        A model saved with a frame that had matched a sentence (as the
        notebook does before training) would otherwise hold a ``CueIndex``,
        a type the model loader does not trust: the saved model could not be
        loaded (``[E208]``). The indexes are rebuilt on first use.
        """
        state = dict(self.__dict__)
        state.pop("_indexes", None)
        return state

    def match(self, span: Span | Doc, kind: str = "topic") -> list[CueMatch]:
        """Cues of lexicon ``kind`` found in ``span`` (a parsed sentence)."""
        if kind not in CUE_KINDS:
            raise ValueError(f"cue kind must be one of {CUE_KINDS}, not {kind!r}")
        return self._indexes[kind].find(span)

    def to_dict(self) -> dict[str, Any]:
        """The frame as a JSON-ready dict (the frames-file entry format)."""
        return {
            "name": self.name,
            "definition": self.definition,
            "proposition": self.proposition,
            "topic_cues": list(self.topic_cues),
            "favor_cues": list(self.favor_cues),
            "against_cues": list(self.against_cues),
            **{key: list(getattr(self, key)) for key in SUBSET_KEYS if getattr(self, key)},
            "examples": {k: list(v) for k, v in self.examples.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any], where: str = "<dict>") -> Frame:
        """Build and validate a frame from a frames-file entry.

        Raises :class:`~discourse.errors.IngestError` ``[E231]`` naming what is wrong.
        """

        def bad(detail: str) -> IngestError:
            return IngestError(Errors.E231, where, detail=detail)

        if not isinstance(data, dict):
            raise bad("each frame must be a JSON object")
        name = data.get("name")
        if not isinstance(name, str) or not _NAME.match(name):
            raise bad(
                f"frame name {name!r} must be a lower-case identifier "
                "(a letter, then lower-case letters, digits and _)"
            )
        if name in RESERVED_NAMES:
            raise bad(
                f"frame name {name!r} is reserved: it names a field of the stance output "
                f"or of the label files (reserved: {', '.join(sorted(RESERVED_NAMES))})"
            )
        for key in ("definition", "proposition"):
            if not isinstance(data.get(key), str) or not data[key].strip():
                raise bad(f"frame {name!r} needs a non-empty {key!r}")
        unknown = set(data) - {
            "name",
            "definition",
            "proposition",
            "topic_cues",
            "favor_cues",
            "against_cues",
            *SUBSET_KEYS,
            "examples",
        }
        if unknown:
            raise bad(f"frame {name!r} has unknown keys {sorted(unknown)}")
        lexicons: dict[str, tuple[str, ...]] = {}
        for kind in CUE_KINDS:
            cues = data.get(f"{kind}_cues", [])
            if not isinstance(cues, list) or not all(isinstance(c, str) for c in cues):
                raise bad(f"frame {name!r}: {kind}_cues must be a list of strings")
            for cue in cues:
                if cue != cue.lower() or not cue_words(cue):
                    raise bad(f"frame {name!r}: cue {cue!r} must be a non-empty lower-case phrase")
            lexicons[kind] = tuple(dict.fromkeys(cues))
        examples = data.get("examples", {})
        if not isinstance(examples, dict) or not set(examples) <= set(LABELS):
            raise bad(f"frame {name!r}: examples must map favor/against/none to sentences")
        subsets: dict[str, tuple[str, ...]] = {}
        for key in SUBSET_KEYS:
            subset = data.get(key, [])
            if not isinstance(subset, list) or not all(isinstance(c, str) for c in subset):
                raise bad(f"frame {name!r}: {key} must be a list of strings")
            pool = subset_pool(key, lexicons)
            stray = [c for c in subset if c not in pool]
            if stray:
                raise bad(
                    f"frame {name!r}: {key} names cues that are not the frame's "
                    f"{_SUBSET_OF[key]}: {stray}"
                )
            subsets[key] = tuple(dict.fromkeys(subset))
        return cls(
            name=name,
            definition=data["definition"].strip(),
            proposition=data["proposition"].strip(),
            topic_cues=lexicons["topic"],
            favor_cues=lexicons["favor"],
            against_cues=lexicons["against"],
            examples={label: tuple(examples[label]) for label in LABELS if label in examples},
            **subsets,
        )


def default_frames_path() -> Path:
    """The frames file shipped in the package (``discourse/data/frames.json``)."""
    return Path(str(resources.files("discourse").joinpath("data", "frames.json")))


def load_frames(path: str | Path | None = None) -> list[Frame]:
    """Frames from a frames file (default: the four shipped with the package), in file order.

    The file is ``{"frames": [{"name", "definition", "proposition",
    "topic_cues", "favor_cues", "against_cues", "needs_topic", "measure_cues",
    "opposite_cues", "examples"}, ...]}`` (the last four optional). Raises
    ``[E230]`` if it is missing and ``[E231]`` if it is malformed (bad JSON,
    unknown top-level keys, a frame name that is not a lower-case identifier
    or is one of :data:`RESERVED_NAMES`, duplicate names, upper-case cues …).
    A UTF-8 byte order mark at the start is skipped.
    """
    p = Path(path) if path is not None else default_frames_path()
    if not p.is_file():
        raise IngestError(Errors.E230, p)
    try:
        data = json.loads(p.read_text(encoding="utf-8-sig"))  # a BOM is not an error
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise IngestError(Errors.E231, p, detail=f"not JSON ({err})") from err
    if not isinstance(data, dict) or not isinstance(data.get("frames"), list):
        raise IngestError(Errors.E231, p, detail='expected {"frames": [...]}')
    unknown = sorted(set(data) - _FILE_KEYS)
    if unknown:  # a misspelt or future key would otherwise be ignored without a word
        raise IngestError(
            Errors.E231, p, detail=f'unknown top-level keys {unknown}; expected only "frames"'
        )
    frames = [Frame.from_dict(entry, where=str(p)) for entry in data["frames"]]
    names = [f.name for f in frames]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise IngestError(Errors.E231, p, detail=f"duplicate frame names {dupes}")
    if not frames:
        raise IngestError(Errors.E231, p, detail="no frames")
    return frames


def save_frames(frames: Sequence[Frame], path: str | Path) -> Path:
    """Write ``frames`` as a frames file that :func:`load_frames` reads back."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(
        json.dumps({"frames": [f.to_dict() for f in frames]}, indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    return p


def resolve_frames(frames: Iterable[str | Frame] | None = None) -> list[Frame]:
    """Turn ``None`` (all shipped frames), frame names or :class:`Frame` objects into frames.

    Names are looked up in the shipped frames file; unknown names raise
    ``ValueError`` ``[E237]``. One string is a frames file when it ends in
    ``.json`` or names a file, else one frame name. An empty list or a name
    given twice raises ``[E244]``.
    """
    if frames is None:
        return load_frames()
    if isinstance(frames, str | Path):
        # one string: a frames file ("my-frames.json"), else one frame name;
        # iterating it would look up one "frame" per character
        if str(frames).endswith(".json") or Path(frames).is_file():
            return load_frames(frames)
        frames = [str(frames)]
    items = list(frames)
    if not items:
        raise ValueError(Errors.E244.format(frames="[]", detail="no frame to train"))
    out: list[Frame] = []
    if all(isinstance(f, Frame) for f in items):
        out = [f for f in items if isinstance(f, Frame)]
    else:
        known = {f.name: f for f in load_frames()}
        for item in items:
            if isinstance(item, Frame):
                out.append(item)
            elif isinstance(item, str) and item in known:
                out.append(known[item])
            else:
                raise ValueError(Errors.E237.format(name=item, choices=", ".join(known)))
    names = [f.name for f in out]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:  # two columns of one name in every prediction table
        raise ValueError(
            Errors.E244.format(frames=names, detail=f"frame(s) {', '.join(twice)} given twice")
        )
    return out

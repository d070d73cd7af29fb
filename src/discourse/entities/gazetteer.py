"""The gazetteer: canonical entities of the drug-policy debate, as data.

One JSON object per line (``src/discourse/data/gazetteer.jsonl``)::

    {"id": "guatemala", "name": "Guatemala", "label": "GPE", "kind": "country",
     "aliases": [], "demonyms": ["Guatemalan", "Guatemalans"]}

Fields:

``id``
    stable canonical id (lower-case slug); what mentions link to.
``name``
    canonical name, shown in reports.
``label``
    OntoNotes label of a mention of the name: PERSON, NORP, ORG, GPE or LOC.
``kind``
    domain kind (:data:`KINDS`), e.g. ``criminal_group`` or ``country``.
``aliases``
    other names, acronyms and spellings. An alias that holds an upper-case
    acronym or a period ("US", "U.S.", "MS-13") matches with its exact case
    (unless ``lower_ok``); every other alias matches case- and
    accent-insensitively, accents compared letter by letter ("Andrés Manuel
    Lopez Obrador").
``demonyms`` (countries and regions)
    adjectives and plurals ("Guatemalan"), tagged NORP and linked to the place.
``context_of`` (places), ``context_names`` (groups)
    a bare place name that also names a cartel ("Sinaloa") links to the cartel
    where the context says so ("the Sinaloa and Gulf cartels", "Sinaloa and
    Los Zetas").
``nicknames`` (persons)
    aliases that appear quoted inside a full name (Joaquín "El Chapo" Guzmán).
``country``
    id of the country the entity belongs to: a state or city, an agency, an
    armed force, a government body, a programme, a party, a politician
    (``"texas": "united-states"``). A linked mention of it counts for that
    country where a bare "Congress" or "Senate" looks for its country, in
    its sentence and in its thread; a country is its own country. Criminal
    groups, traffickers, international bodies and media have none in the
    shipped gazetteer: they work across borders or report on them.
``lower_ok``
    ``true`` when the entity's acronyms and single-word names are no English
    words ("CJNG", "DEA", "AMLO", "Sheinbaum"): they then also match all in
    lower case ("the cjng", "amlo"), as comments write them ("the Dea" still
    does not). Without it an acronym
    matches only its exact spelling ("US" is never the pronoun "us", "ICE"
    never "ice", "WHO" never "who") and a single word never in lower case.
``by_country``
    ``{"mexico": "guardia-nacional"}``: in that country's context the bare
    name means another entity — after "Mexico's"/"Mexican", else with the
    country named nearest in the sentence, else in the paragraph, else in a
    thread that has mentioned it most (the entity's own ``country`` on a tie) (:meth:`discourse.entities.linker.EntityLinker.locate_bodies`,
    :class:`discourse.entities.mentions.ThreadResolver`). A name of the
    entity that names a country itself ("US National Guard") is not bare
    and keeps the entity; without a country context the entity stands; in
    the context of a country other than its own ``country`` and those of
    ``by_country`` ("Colombia's Senate" where the gazetteer had no Colombian
    Senate) the bare name is an unknown body (``x:colombia-senate``), not the entity.
``case``
    ``"title"`` (default for armed forces, government bodies and media) does
    not match a name written all in lower case, so "the national guard" stays
    a description; a name starting with a proper word (a place, demonym,
    acronym, "Mexico's") also matches with the rest in lower case ("Mexican
    army", "U.S. army");
    ``"any"`` (default otherwise) also matches lower case ("the northern
    triangle").

Persons with three or more name tokens also get their last two tokens as an
alias ("Otto Pérez Molina" → "Pérez Molina"), the usual short form of Spanish
double surnames.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import Errors, IngestError, Warnings
from ..io import json_line_problem, parse_json_line

log = logging.getLogger(__name__)

#: OntoNotes labels the entity components produce and evaluate.
LABELS: tuple[str, ...] = ("PERSON", "NORP", "ORG", "GPE", "LOC")
#: Domain kinds of gazetteer entities.
KINDS: tuple[str, ...] = (
    "criminal_group",
    "armed_force",
    "government_body",
    "policy_program",
    "international_body",
    "organization",
    "party",
    "country",
    "region",
    "person",
    "media",
)
#: Labels a mention of each kind may carry: a person is a PERSON and only a person
#: is; places are GPE or LOC; groups, bodies, programmes, parties and media are
#: ORG or NORP.
KIND_LABELS: dict[str, frozenset[str]] = {
    "person": frozenset({"PERSON"}),
    "country": frozenset({"GPE", "LOC"}),
    "region": frozenset({"GPE", "LOC"}),
    **{
        kind: frozenset({"ORG", "NORP"})
        for kind in (
            "criminal_group",
            "armed_force",
            "government_body",
            "policy_program",
            "international_body",
            "organization",
            "party",
            "media",
        )
    },
}
#: Kinds whose names are common words in lower case ("national guard").
TITLE_CASE_KINDS: frozenset[str] = frozenset({"armed_force", "government_body", "media"})
BUILTIN = "builtin"

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "´": "'", "`": "'"})
_POSSESSIVE = re.compile(r"(?:'s|')$")
_NONWORD = re.compile(r"[^\w&]+")


def fold(text: str) -> str:
    """Lower-case, accent-free form of ``text``: ``"Pérez"`` → ``"perez"``."""
    norm = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    return "".join(c for c in norm if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=1 << 16)  # the linker keys every mention, and names recur
def name_key(text: str) -> str:
    """Lookup key of a name: folded, without a leading "the", possessive or punctuation.

    ``"the U.S."``, ``"US"`` and ``"U.S.’s"`` all give ``"us"``, so a mention
    the statistical model found can be looked up whatever its spelling.
    """
    low = fold(text).strip().strip("\"'")
    low = _POSSESSIVE.sub("", low)
    if low.startswith("the "):
        low = low[4:]
    low = low.replace(".", "")
    return " ".join(_NONWORD.sub(" ", low).split())


def slug(text: str) -> str:
    """Id of a name outside the gazetteer: ``"Karen Hooper"`` → ``"x:karen-hooper"``.

    A name with nothing left to key on (``"'s"``, punctuation) gets
    ``x:unnamed-`` plus a hash of its text: the same text always gets the same
    id, but two different nameless mentions never share one and so are never
    counted as the same entity.
    """
    key = name_key(text).replace(" ", "-")
    if key:
        return f"x:{key}"
    digest = hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:10]
    return f"x:unnamed-{digest}"


@dataclass(frozen=True)
class Entity:
    """A canonical entity of the gazetteer."""

    id: str
    name: str
    label: str
    kind: str
    aliases: tuple[str, ...] = ()
    demonyms: tuple[str, ...] = ()
    context_of: str | None = None
    context_names: tuple[str, ...] = ()
    nicknames: tuple[str, ...] = ()
    by_country: tuple[tuple[str, str], ...] = ()
    case: str = "any"
    country: str | None = None
    lower_ok: bool = False

    @property
    def names(self) -> tuple[str, ...]:
        """Canonical name and aliases (label :attr:`label`)."""
        return tuple(dict.fromkeys((self.name, *self.aliases)))

    @property
    def short_name(self) -> str | None:
        """Last two words of a person's name of three or more ("Pérez Molina")."""
        parts = self.name.split()
        if self.kind == "person" and len(parts) >= 3 and not parts[-2].endswith("."):
            return " ".join(parts[-2:])
        return None


@dataclass(repr=False)
class Gazetteer:
    """Entities by id plus the lookup tables the ruler and linker use.

    Its repr is a summary (``Gazetteer(418 entities)``, plus the file when it
    is not the built-in one): the dataclass's printed every entity and index
    entry, over 100,000 characters.
    """

    entities: dict[str, Entity]
    path: str = BUILTIN
    #: name key → (entity id, label): NORP for demonyms, else the entity label
    index: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: name key of a bare ambiguous name → id of the group it can mean
    context_index: dict[str, str] = field(default_factory=dict)
    #: generated short names per id, kept only where no other person shares them
    short_names: dict[str, str] = field(default_factory=dict)
    #: name key → the spellings it must appear in, for keys whose every name is
    #: acronym-like ("US", "DEA"): "Us" and "the Dea" are not them (a ``lower_ok``
    #: entity's acronym in lower case is: "the dea")
    exact: dict[str, set[str]] = field(default_factory=dict)
    #: entity id → its line in the file (:func:`load_gazetteer`), for the warnings
    lines: dict[str, int] = field(default_factory=dict)
    #: the [W301] messages of building the index, each also logged: a run records
    #: them in its summary and runs table (:func:`gazetteer_warnings`)
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        shorts: dict[str, list[Entity]] = {}
        for ent in self.entities.values():
            if ent.short_name:
                shorts.setdefault(name_key(ent.short_name), []).append(ent)
        self.short_names = {
            ents[0].id: ents[0].short_name or "" for ents in shorts.values() if len(ents) == 1
        }
        if not self.index:
            self._build_index()

    def names_of(self, ent: Entity) -> tuple[str, ...]:
        """All names of ``ent`` the ruler matches: name, aliases and unambiguous short name."""
        short = self.short_names.get(ent.id)
        names = ent.names
        return (*names, short) if short and short not in names else names

    def __len__(self) -> int:
        return len(self.entities)

    def __repr__(self) -> str:
        where = "" if self.path == BUILTIN else f", path={self.path!r}"
        return f"{type(self).__name__}({len(self.entities)} entities{where})"

    def __iter__(self) -> Iterator[Entity]:
        return iter(self.entities.values())

    def __getitem__(self, entity_id: str) -> Entity:
        return self.entities[entity_id]

    def get(self, entity_id: str) -> Entity | None:
        """The entity ``entity_id`` or ``None``."""
        return self.entities.get(entity_id)

    def _add(self, name: str, entity: Entity, label: str) -> None:
        key = name_key(name)
        if not key:
            return
        other = self.index.get(key)
        if other is not None and other[0] != entity.id:
            line, first = self.lines.get(entity.id), self.lines.get(other[0])
            message = Warnings.W301.format(
                path=self.path,
                alias=name,
                id=entity.id,
                line=f" (line {line})" if line else "",
                other=other[0],
                first=f" (line {first})" if first else "",
            )
            self.warnings.append(message)
            log.warning("%s", message)
            return
        exact = any(is_exact(w) for w in name.split())
        # ``lower_ok``: "dea" is the DEA too, "Dea" still is not
        spellings = {name, name.lower()} if entity.lower_ok else {name}
        if other is None:
            self.index[key] = (entity.id, label)
            if exact:
                self.exact[key] = spellings
        elif key in self.exact:
            if exact:
                self.exact[key] |= spellings
            else:  # a name of this key that matches in any case
                del self.exact[key]

    def _build_index(self) -> None:
        for ent in self.entities.values():
            for name in ent.names:
                self._add(name, ent, ent.label)
        for ent in self.entities.values():
            short = self.short_names.get(ent.id)
            if short and name_key(short) not in self.index:
                self._add(short, ent, ent.label)
        for ent in self.entities.values():
            for dem in ent.demonyms:
                self._add(dem, ent, "NORP")
        for ent in self.entities.values():
            if ent.context_of:
                for name in (ent.name, *ent.aliases):
                    self.context_index.setdefault(name_key(name), ent.context_of)
            for name in ent.context_names:
                self.context_index.setdefault(name_key(name), ent.id)

    def lookup(self, text: str) -> tuple[Entity, str] | None:
        """``(entity, label)`` named by ``text`` (any case, accents, "the", possessive)."""
        key = name_key(text)
        hit = self.index.get(key)
        if hit is None:
            return None
        spellings = self.exact.get(key)
        if spellings is not None and not any(s in text for s in spellings):
            return None  # an acronym in another case: "Us" (the pronoun), "the Dea"
        return self.entities[hit[0]], hit[1]


_EXACT_TOKEN = re.compile(r"[A-Z].*[A-Z]|\.")


def is_exact(token: str) -> bool:
    """True for acronym-like words ("US", "U.S.", "MS-13", "DoD"), which match only
    their exact spelling, so the pronoun "us" is never the United States.

    A digit alone does not make a word one: "Barrio 18" is a name like any other
    and matches in lower case ("barrio 18") as other multi-word names do."""
    return bool(_EXACT_TOKEN.search(token))


def _as_strings(value: Any, what: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"{what} must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def entity_from_record(record: dict[str, Any]) -> Entity:
    """Validate one gazetteer record (``ValueError`` with the reason if invalid)."""
    known = {
        "id",
        "name",
        "label",
        "kind",
        "aliases",
        "demonyms",
        "context_of",
        "context_names",
        "nicknames",
        "by_country",
        "case",
        "country",
        "lower_ok",
    }
    unknown = set(record) - known
    if unknown:
        raise ValueError(f"unknown field(s) {', '.join(sorted(unknown))}")
    for key in ("id", "name", "label", "kind"):
        if not isinstance(record.get(key), str) or not record[key].strip():
            raise ValueError(f"{key!r} must be a non-empty string")
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", record["id"]):
        raise ValueError(f"id {record['id']!r} must be a lower-case slug (a-z, 0-9, -)")
    if record["label"] not in LABELS:
        raise ValueError(f"label {record['label']!r} is not one of {', '.join(LABELS)}")
    if record["kind"] not in KINDS:
        raise ValueError(f"kind {record['kind']!r} is not one of {', '.join(KINDS)}")
    if record["label"] not in KIND_LABELS[record["kind"]]:
        allowed = " or ".join(sorted(KIND_LABELS[record["kind"]]))
        raise ValueError(
            f"label {record['label']!r} does not fit kind {record['kind']!r} (use {allowed})"
        )
    demonyms = _as_strings(record.get("demonyms"), "demonyms")
    if demonyms and record["label"] not in ("GPE", "LOC"):
        raise ValueError("only places (GPE, LOC) have demonyms")
    case = record.get("case", "title" if record["kind"] in TITLE_CASE_KINDS else "any")
    if case not in ("title", "any"):
        raise ValueError(f"case {case!r} must be 'title' or 'any'")
    by_country = record.get("by_country") or {}
    if not isinstance(by_country, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in by_country.items()
    ):
        raise ValueError("by_country must map country ids to entity ids")
    context_of = record.get("context_of")
    if context_of is not None and not isinstance(context_of, str):
        raise ValueError("context_of must be an entity id")
    country = record.get("country")
    if country is not None and not isinstance(country, str):
        raise ValueError("country must be a country's entity id")
    lower_ok = record.get("lower_ok", False)
    if not isinstance(lower_ok, bool):
        raise ValueError("lower_ok must be true or false")
    aliases = _as_strings(record.get("aliases"), "aliases")
    nicknames = _as_strings(record.get("nicknames"), "nicknames")
    for name in (record["name"], *aliases, *demonyms, *nicknames):
        # a name with no letter or digit ("?") has no lookup key and would make
        # the ruler tag that punctuation wherever it appears
        if not name_key(name):
            raise ValueError(f"name {name!r} has no letter or digit to match")
    return Entity(
        id=record["id"],
        name=record["name"].strip(),
        label=record["label"],
        kind=record["kind"],
        aliases=aliases,
        demonyms=demonyms,
        context_of=context_of,
        context_names=_as_strings(record.get("context_names"), "context_names"),
        nicknames=nicknames,
        by_country=tuple(sorted(by_country.items())),
        case=case,
        country=record["id"] if record["kind"] == "country" else country,
        lower_ok=lower_ok,
    )


def _builtin_text() -> str:
    return resources.files("discourse").joinpath("data/gazetteer.jsonl").read_text(encoding="utf-8")


def _read_text(p: Path) -> str:
    """Text of a gazetteer file: UTF-8, a leading byte order mark skipped.

    Raises [E300] for a missing file, [E306] for a folder, [E013] for an
    unreadable file and [E301] (with the line) for bytes that are not UTF-8:
    a gazetteer is data the linker trusts, so it is never read with
    replacement characters.
    """
    if p.is_dir():
        raise IngestError(Errors.E306, p, what="a gazetteer")
    try:
        data = p.read_bytes()
    except FileNotFoundError as err:
        raise IngestError(Errors.E300, p) from err
    except OSError as err:
        raise IngestError(Errors.E013, p, detail=err.strerror or err) from err
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        detail = f"not valid UTF-8 (byte 0x{data[err.start]:02x}); save the file as UTF-8"
        raise IngestError(Errors.E301, p, line=line, detail=detail) from err


@lru_cache(maxsize=8)
def load_gazetteer(path: str = BUILTIN) -> Gazetteer:
    """Load and validate a gazetteer (``"builtin"``: the one shipped in the package).

    Cached per path: the ruler, the linker and the stage share one copy.
    Raises :class:`~discourse.errors.IngestError` ([E300]–[E302], [E305] for a
    file without entities, [E306] for a folder) naming the file and line of
    the first problem. The file is UTF-8; a byte order mark at its start is
    skipped.
    """
    if path == BUILTIN:
        where, text = BUILTIN, _builtin_text()
    else:
        where, text = str(path), _read_text(Path(path))
    entities: dict[str, Entity] = {}
    first_line: dict[str, int] = {}
    for no, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record, _ = parse_json_line(line, where, no)  # as every JSON Lines reader parses
        except IngestError as err:  # E006: said as E301, with the column within the line
            cause = err.__cause__
            detail = "a line must hold a JSON object"
            if isinstance(cause, json.JSONDecodeError):
                column, problem = json_line_problem(cause)
                detail = f"invalid JSON at column {column}: {problem}"
            raise IngestError(Errors.E301, where, line=no, detail=detail) from err
        try:
            ent = entity_from_record(record)
        except ValueError as err:
            raise IngestError(Errors.E301, where, line=no, detail=err) from err
        if ent.id in entities:
            raise IngestError(Errors.E302, where, id=ent.id, first=first_line[ent.id], line=no)
        entities[ent.id] = ent
        first_line[ent.id] = no
    if not entities:
        raise IngestError(Errors.E305, where)
    for ent in entities.values():
        refs = [ent.context_of] if ent.context_of else []
        refs += [ref for pair in ent.by_country for ref in pair]
        for ref in refs:
            if ref not in entities:
                raise IngestError(
                    Errors.E301,
                    where,
                    line=first_line[ent.id],
                    detail=f"{ent.id!r} refers to unknown entity {ref!r}",
                )
        if ent.country is not None and (
            ent.country not in entities or entities[ent.country].kind != "country"
        ):
            raise IngestError(
                Errors.E301,
                where,
                line=first_line[ent.id],
                detail=f"{ent.id!r}: country {ent.country!r} is no entity of kind 'country'",
            )
    log.info("gazetteer %s: %d entities", where, len(entities))
    return Gazetteer(entities, path=where, lines=first_line)


class _Drop(logging.Filter):
    """Drops every record: the caller records the messages itself."""

    def filter(self, record: logging.LogRecord) -> bool:
        return False


def gazetteer_warnings(path: str = BUILTIN) -> list[str]:
    """The warnings ([W301]) of loading the gazetteer at ``path``, without logging them.

    ``discourse run`` records every problem in its summary and its runs
    table, and prints it once, from the summary: the gazetteer is loaded
    here (and cached for the entity ruler and linker that load it next)
    with its log quiet, else the warning would be printed once more. Raises
    what :func:`load_gazetteer` raises.
    """
    drop = _Drop()
    log.addFilter(drop)
    try:
        gaz = load_gazetteer(path)
    finally:
        log.removeFilter(drop)
    return list(gaz.warnings)

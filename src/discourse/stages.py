"""Analysis stages: pure functions of one parsed thread, registered by name.

A thread is the unit of work (see DESIGN.md): segmentation parses it once,
then every stage turns the parsed thread, plus the tables earlier stages
produced, into tables of its own. Because a stage depends on nothing but its
inputs and the models its factory loaded, a batch can run threads in one
process or many with identical results.

A stage is registered with :func:`register_stage`; its *factory* is called
once per process with the pipeline config (load models there) and returns the
function applied to each thread::

    @register_stage("stance", after=("segments",))
    def make_stance(config: PipelineConfig) -> StageFn:
        tagger = load_tagger(config)
        def stage(parsed, tables):
            return {"stances": tagger.tag_parsed(parsed)}
        return stage

A stage returns a dict of table name → ``DataFrame``; what the store could
not take is refused for that thread as soon as the stage returns
(:func:`check_stage_result`).

Tables and their columns (the store, reports and maps rely on these):

``segments``
    ``SEGMENT_COLUMNS`` of :mod:`discourse.model`.
``stances``
    one row per segment × frame: ``segment_id, thread_id, frame, label,
    score, cue, holder`` — ``label`` is favor/against/none, ``score`` the
    calibrated probability of that label, ``cue`` the text span that
    triggered it ("" for none), ``holder`` the speaker or the reported actor.
``mentions``
    one row per entity mention: ``segment_id, thread_id, start, end, text,
    label, kind, entity_id, canonical`` — offsets into the segment text.
``relations``
    one row per edge between utterances, speakers or claims: ``thread_id,
    source, target, relation, cue, evidence`` — ``relation`` is one of
    replies_to / agrees / disagrees / quotes; ``evidence`` is a
    space-separated list of segment ids.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pandas as pd

from .config import PipelineConfig
from .errors import ConfigError, Errors, StageError
from .model import SEGMENT_COLUMNS, segments_to_frame

if TYPE_CHECKING:  # spaCy is imported only when a pipeline is loaded (a re-run loads none)
    from .segment import ParsedThread

Tables = dict[str, pd.DataFrame]
StageFn = Callable[["ParsedThread", Tables], Tables]
StageFactory = Callable[[PipelineConfig], StageFn]

TABLE_COLUMNS: dict[str, list[str]] = {
    "stances": ["segment_id", "thread_id", "frame", "label", "score", "cue", "holder"],
    "mentions": [
        "segment_id",
        "thread_id",
        "start",
        "end",
        "text",
        "label",
        "kind",
        "entity_id",
        "canonical",
    ],
    "relations": ["thread_id", "source", "target", "relation", "cue", "evidence"],
}


@dataclass(frozen=True)
class Stage:
    """A registered stage: its name, factory and the tables it needs first."""

    name: str
    factory: StageFactory
    after: tuple[str, ...] = ()


#: Registry of stages by name. ``[pipeline] stages`` in the config picks and
#: orders them.
stages: dict[str, Stage] = {}


def register_stage(
    name: str, after: tuple[str, ...] = ()
) -> Callable[[StageFactory], StageFactory]:
    """Decorator registering a stage factory under ``name``.

    ``after`` names the stages whose tables it reads (or those tables:
    ``"stances"`` stands for ``stance``); ``[pipeline] stages`` listing one
    of them after this stage is ``[E025]`` (:func:`check_stage_order`).
    """

    def deco(factory: StageFactory) -> StageFactory:
        stages[name] = Stage(name, factory, after)
        return factory

    return deco


@dataclass
class ThreadResult:
    """Everything the analysis produced for one thread."""

    parsed: ParsedThread
    tables: Tables = field(default_factory=dict)

    @property
    def thread_id(self) -> str:
        """Id of the analysed thread."""
        return self.parsed.thread.id


def empty_table(name: str) -> pd.DataFrame:
    """An empty table with the documented columns of ``name``."""
    return pd.DataFrame(columns=TABLE_COLUMNS[name])


#: Modules that register the built-in stages, imported on first use so that
#: segmenting alone never loads the stance or entity models.
BUILTIN_STAGE_MODULES: dict[str, str] = {
    "stance": "discourse.stance",
    "entities": "discourse.entities",
    "relations": "discourse.argmap",
}


#: ``after`` of the built-in stages, as they register it: the order is checked
#: before any stage module is imported (tests check these against the modules).
BUILTIN_STAGE_AFTER: dict[str, tuple[str, ...]] = {
    "stance": ("segments",),
    "entities": ("segments",),
    "relations": ("stance",),
}

#: The built-in tables and the stage that writes each: a stage registered
#: ``after=("stances",)`` comes after the stage ``stance``.
TABLE_STAGES: dict[str, str] = {
    "stances": "stance",
    "mentions": "entities",
    "relations": "relations",
}


def get_stage(name: str) -> Stage:
    """The registered stage ``name``, importing its built-in module if needed."""
    if name not in stages and name in BUILTIN_STAGE_MODULES:
        importlib.import_module(BUILTIN_STAGE_MODULES[name])
    if name not in stages:
        raise ConfigError(
            Errors.E023.format(
                name=name, choices=", ".join(sorted(set(stages) | set(BUILTIN_STAGE_MODULES)))
            )
        )
    return stages[name]


def load_plugins(config: PipelineConfig) -> None:
    """Import the modules ``[pipeline] plugins`` names, so the stages they register exist.

    A plug-in is an ordinary module whose import registers stages with
    :func:`register_stage`. It is looked up on the Python path, then in the
    pipeline file's folder (appended to ``sys.path`` and left there, so the
    plug-in's own imports of its neighbours work later too): a ``myplug.py``
    beside the TOML needs no ``PYTHONPATH``. Called before the stage names
    are checked, by ``discourse run`` before the store is opened and by
    :func:`build_analyser` — which is what every worker process calls, so
    workers import the plug-ins too. A module already imported is not
    imported again. One that fails to import is ``[E024]`` naming the
    pipeline file and the module, with the cause.
    """
    modules = config["pipeline"]["plugins"]
    if not modules:
        return
    folder = str(config.base_dir.resolve())
    if folder not in sys.path:
        sys.path.append(folder)
    for module in modules:
        try:
            importlib.import_module(module)
        except Exception as err:  # any import failure: a missing module or a bug in it
            message = Errors.E024.format(
                module=module, folder=folder, detail=f"{type(err).__name__}: {err}"
            )
            raise ConfigError(_naming(config.path, message)) from err


def _set_up(name: str, config: PipelineConfig, path: str | None) -> StageFn:
    """The stage function of ``name``: its factory called with ``config``.

    A factory that raises (a plug-in's wrong signature, a resource it cannot
    load) is ``[E026]`` naming the stage, not a traceback out of the run.
    """
    factory = get_stage(name).factory
    try:
        return factory(config)
    except (ConfigError, OSError):  # coded already (a missing model: E207 …)
        raise
    except Exception as err:
        detail = f"{type(err).__name__}: {err}"
        raise ConfigError(_naming(path, Errors.E026.format(stage=name, detail=detail))) from err


def check_stage_names(names: Iterable[str], path: str | None = None) -> None:
    """Raise ``[E023]`` for a stage name that is neither registered nor built in,
    without importing any stage (a run checks its configuration before any work).

    ``path`` (the pipeline file naming the stages) goes after the code, as in
    every message that names a file: ``[E023] bogus.toml: Unknown analysis
    stage 'bogus'; …``.
    """
    known = set(stages) | set(BUILTIN_STAGE_MODULES)
    for name in names:
        if name not in known:
            message = Errors.E023.format(name=name, choices=", ".join(sorted(known)))
            raise ConfigError(_naming(path, message))
    check_stage_order(names, path)


def check_stage_order(names: Iterable[str], path: str | None = None) -> None:
    """Raise ``[E025]`` when a stage comes before one it is registered ``after``.

    ``after`` names stages (or a built-in table, standing for the stage that
    writes it: ``"stances"`` is ``stance``; ``"segments"`` is always there).
    A stage it names that is not configured at all is not an error — a stage
    may use another's table only when it is there, as ``relations`` uses the
    stances — but one configured *later* would run too late: its table missing
    (a ``KeyError`` on every thread) or, worse, silently ignored (``relations``
    before ``stance`` lost every stance-based agreement). Checked with the
    stage names, before any stage is loaded or a store is opened.
    """
    names = list(names)
    for i, name in enumerate(names):
        after = stages[name].after if name in stages else BUILTIN_STAGE_AFTER.get(name, ())
        for needed in after:
            need = TABLE_STAGES.get(needed, needed)
            if need != name and need in names[i + 1 :]:
                message = Errors.E025.format(
                    stage=name, need=need, after=tuple(after), order=" → ".join(names)
                )
                raise ConfigError(_naming(path, message))


def _naming(path: str | None, message: str) -> str:
    """``message`` (``"[E023] …"``) with ``path`` after its code: ``"[E023] path: …"``."""
    if not path:
        return message
    code, _, rest = message.partition(" ")
    return f"{code} {path}: {rest}"


#: Tables made from the thread itself when it is stored, never by a stage.
THREAD_OWN_TABLES: tuple[str, ...] = ("threads", "utterances")
_PLAIN_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def check_stage_result(name: str, result: object) -> Tables:
    """``result`` of stage ``name`` if the store can take it, else :class:`StageError`.

    Checked as soon as the stage returns, so a stage's bug costs its thread
    alone, with a message naming the stage (``[E514]``), not a raw
    ``AttributeError`` out of the batch or a store error that loses the
    threads around it. A result is a dict of table name → ``DataFrame``;
    a name is plain (letters, digits, ``_``) and not ``threads`` or
    ``utterances``; a built-in table (``segments``, ``stances``, …) has its
    documented columns; any other table with rows has a ``thread_id``
    column, which the store files its rows under.
    """

    def bad(detail: str) -> StageError:
        return StageError(name, detail, returned=True)

    if not isinstance(result, dict):
        kind = "None" if result is None else type(result).__name__
        raise bad(f"must return a dict of table name → DataFrame, got {kind}")
    for table, frame in result.items():
        if not isinstance(table, str) or not _PLAIN_NAME.match(table):
            raise bad(f"table name {table!r} is not a plain name (letters, digits and _)")
        if table in THREAD_OWN_TABLES:
            raise bad(f"table {table!r} is made from the thread itself; name the table otherwise")
        if not isinstance(frame, pd.DataFrame):
            raise bad(f"table {table!r} must be a pandas DataFrame, got {type(frame).__name__}")
        needed = SEGMENT_COLUMNS if table == "segments" else TABLE_COLUMNS.get(table)
        if needed is not None:
            missing = [c for c in needed if c not in frame.columns]
            if missing:
                raise bad(f"table {table!r} lacks the column(s) {', '.join(missing)}")
        elif len(frame) and "thread_id" not in frame.columns:
            raise bad(f"table {table!r} has no thread_id column")
    return result


def build_analyser(
    config: PipelineConfig, names: list[str] | None = None
) -> Callable[[ParsedThread], ThreadResult]:
    """Load the stages (default: ``[pipeline] stages``) once; return the per-thread function.

    The ``[pipeline] plugins`` are imported first (:func:`load_plugins`). An
    unknown stage name is ``[E023]`` (naming the pipeline file when the names
    come from it), before any stage is loaded.
    """
    load_plugins(config)
    path = config.path if names is None else None
    names = list(config["pipeline"]["stages"] if names is None else names)
    check_stage_names(names, path)
    fns = [(n, _set_up(n, config, path)) for n in names]

    def analyse(parsed: ParsedThread) -> ThreadResult:
        result = ThreadResult(parsed, {"segments": segments_to_frame(parsed.segments)})
        for name, fn in fns:
            try:
                tables = fn(parsed, result.tables)
            except Exception as err:
                raise StageError(name, f"raised {type(err).__name__}: {err}") from err
            result.tables.update(check_stage_result(name, tables))
        return result

    return analyse

"""Entity mentions: who and what the debate is about (issue 4).

Three spaCy components, added by :func:`discourse.nlp.load_nlp` so that each
paragraph is parsed once and every stage reuses the parse:

* ``discourse_entity_ruler`` (:mod:`.ruler`) — gazetteer names as an
  ``entity_ruler`` ahead of the statistical ``ner``, so the gazetteer wins;
* the stock ``ner`` — everything else;
* ``discourse_entity_linker`` (:mod:`.linker`) — a canonical id on every
  mention (``span._.entity_id``, ``span._.canonical``, ``span._.kind``).

The ``entities`` stage turns the parsed sentences of a thread into the
``mentions`` table. In a notebook::

    from discourse.nlp import load_nlp
    from discourse.entities import tag_texts, evaluate_file
    nlp = load_nlp()
    list(tag_texts([{"id": "a", "text": "Los Zetas fought the Gulf cartel."}], nlp))
    evaluate_file("corpus/annotated/guatemala-post.entities.jsonl", nlp)
"""

from __future__ import annotations

import pandas as pd
from spacy.tokens import Span

from ..config import PipelineConfig
from ..segment import ParsedThread
from ..stages import StageFn, Tables, register_stage
from .evaluate import EntityScores, evaluate, evaluate_file, read_gold, stock_predictions
from .gazetteer import BUILTIN, KINDS, LABELS, Entity, Gazetteer, load_gazetteer, name_key, slug
from .linker import EntityLinker
from .mentions import (
    MENTION_COLUMNS,
    ThreadResolver,
    ensure_linked,
    noun_uses,
    resolve_thread,
    span_mentions,
    tag_file,
    tag_texts,
    topic_names,
)
from .ruler import build_ruler, entity_patterns

__all__ = [
    "BUILTIN",
    "KINDS",
    "LABELS",
    "MENTION_COLUMNS",
    "Entity",
    "EntityLinker",
    "EntityScores",
    "Gazetteer",
    "ThreadResolver",
    "build_ruler",
    "entity_patterns",
    "evaluate",
    "evaluate_file",
    "gazetteer_setting",
    "load_gazetteer",
    "make_entities",
    "mentions_of",
    "name_key",
    "noun_uses",
    "read_gold",
    "resolve_thread",
    "slug",
    "span_mentions",
    "stock_predictions",
    "tag_file",
    "tag_texts",
    "topic_names",
]


def gazetteer_setting(config: PipelineConfig) -> str:
    """``[entities] gazetteer`` of ``config``: ``"builtin"`` or a path resolved against the config."""
    return config.resolve(config["entities"]["gazetteer"])


def mentions_of(parsed: ParsedThread, linker: EntityLinker | None = None) -> pd.DataFrame:
    """The ``mentions`` table of one parsed thread (no re-parse: the sentence spans are reused).

    A thread parsed without the entity components is still linked, by
    ``linker`` or else the built-in gazetteer's, logging [W300] once per call.
    The thread's tags and categories (``Thread.meta``) count towards its
    country (:class:`ThreadResolver`).
    """
    if linker is None and any(not span.doc._.entities_linked for span in parsed.spans):
        linker = EntityLinker(load_gazetteer())
    rows = []
    texts = {}  # segment id → the text its mentions' offsets index
    uses = {}  # segment id → its lower-case words used as nouns
    ents_of: dict[int, tuple[Span, ...]] = {}  # each doc's entities, read once after linking
    for seg, span in zip(parsed.segments, parsed.spans, strict=True):
        ents = ents_of.get(id(span.doc))
        if ents is None:
            ensure_linked(span.doc, linker)
            ents = ents_of[id(span.doc)] = tuple(span.doc.ents)
        rows.extend(span_mentions(span, seg.id, seg.thread_id, linker, ents))
        texts[seg.id] = span.text.lstrip()
        uses[seg.id] = noun_uses(span)
    speakers = {u.speaker for u in parsed.thread.utterances}
    resolve_thread(rows, linker, topic_names(parsed.thread.meta), texts, speakers, uses)
    return pd.DataFrame(rows, columns=MENTION_COLUMNS)


@register_stage("entities", after=("segments",))
def make_entities(config: PipelineConfig) -> StageFn:
    """Stage factory: the mentions of each thread, from the docs ``load_nlp`` already tagged.

    The linker kept here is used only for docs parsed without the entity
    components (it then links the statistical entities, logging [W300]).
    """
    linker = EntityLinker(load_gazetteer(gazetteer_setting(config)))

    def stage(parsed: ParsedThread, tables: Tables) -> Tables:
        return {"mentions": mentions_of(parsed, linker)}

    return stage

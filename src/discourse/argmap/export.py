"""Writing argument maps in the formats argument-mapping tools read.

``aif``      AIF JSON in AIFdb/OVA conventions (``<stem>.aif.json``): I-nodes
             for issues, key points and claim and premise sentences (one per
             sentence, whatever number of frames it takes a position on); RA (support) and CA
             (conflict) scheme nodes; one L-node per sentence a speaker said
             (a claim, a premise or an agreement cue), tied to
             ``participants`` through ``locutions`` (``source`` is the
             segment id); YA nodes anchoring a locution to its proposition
             ("Asserting") or to a proposition it agrees or disagrees with
             ("Agreeing" / "Disagreeing": same or opposite stance, or an
             explicit cue, see :func:`_cue_target`; at most one link per
             locution and proposition); TA nodes ("Default Transition") from
             each locution to the next of the same utterance and from the
             answered utterance's last locution to the reply's first, as in
             IAT dialogue analyses. A position a speaker reports is its
             holder's, but only the speaker said it: the speaker's locution
             is the only one, tied to the proposition by a "Reported Speech"
             YA naming the holder (``holder``, ``reportedBy``); the holder is
             no participant and makes no locution. Loads in arguebuf, OVA and
             AIFdb.
``argdown``  Argdown (``<stem>.argdown``): one section per frame, the issue as
             a ``[Statement]``, each claim an ``<Argument>`` that supports
             (``+>``) or attacks (``->``) it, premises as statements
             supporting the claim, speakers as ``#(tags)`` — a reported
             position as ``#(Holder) #(reported by Speaker)`` — (a sentence with
             positions in several frames is one argument, referred to by title
             in the later sections, and supports as that argument where it is a
             premise of another frame's claim; a premise sentence is one
             statement); agreement between speakers as comments.
             Parses with ``@argdown/cli`` 1.7, empty maps included.
``graphml``  the networkx graph as it is, for Gephi or yEd (written directly:
             the bytes ``nx.write_graphml`` writes, several times faster,
             except that edge ids are unique: ``e0``, ``e1`` …).
``dot``      Graphviz DOT text (no Graphviz needed to write it); claims labelled
             as the graph labels them ("Holder (reported by Speaker): …").
``svg``      a picture written directly as SVG text (see :mod:`.render`).
"""

from __future__ import annotations

import gc
import json
import logging
import multiprocessing
import os
import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import networkx as nx
import pandas as pd

from ..errors import Errors
from ..io import printable_text, safe_stem
from ..model import position_holder
from .claims import frame_title
from .graph import speaker_node
from .render import AGAINST, AGAINST_FILL, FAVOR, FAVOR_FILL

log = logging.getLogger(__name__)

FORMATS: tuple[str, ...] = ("aif", "argdown", "graphml", "dot", "svg")
SUFFIXES: dict[str, str] = {
    "aif": ".aif.json",
    "argdown": ".argdown",
    "graphml": ".graphml",
    "dot": ".dot",
    "svg": ".svg",
}

#: Node types that become AIF I-nodes (propositions).
PROPOSITION_TYPES = ("issue", "claim", "premise", "key_point")
AIF_DATE = "%Y-%m-%d %H:%M:%S"


def _timestamp(value: object) -> str:
    """A node's free-form date as an AIF timestamp ("" when missing or unreadable)."""
    if not value:
        return ""
    return _aif_date(str(value))


@lru_cache(maxsize=8192)
def _aif_date(text: str) -> str:
    """:func:`_timestamp` of one date string.

    Read as the reports read a date (:func:`~discourse.report.tables.parse_date`:
    converted to UTC, or taken as UTC without a zone), which is what
    ``pd.to_datetime(text, errors="coerce", utc=True)`` gives, without its
    millisecond for the shapes the sources use. Cached: the corpus map meets
    every utterance date of the thread maps again.
    """
    from ..report.tables import parse_date

    ts = parse_date(text)
    return "" if ts is pd.NaT else ts.strftime(AIF_DATE)


def _first_segment(node: object, data: dict) -> str:
    """The first segment id of a claim or premise node.

    Read from the node id (``claim:<segment id>#<frame>``), not by splitting
    the space-joined ``segment_ids``: a thread id given in JSON may hold
    spaces ("drug debate 2024"), and splitting it made every sentence of the
    thread one locution of the first speaker.
    """
    kind = data.get("type")
    prefix = f"{kind}:"
    if kind in ("claim", "premise") and str(node).startswith(prefix) and "#" in str(node):
        return str(node)[len(prefix) :].rsplit("#", 1)[0]
    return str(data.get("segment_ids", "")).split(" ")[0]


def _cue_segment(data: dict) -> str:
    """The segment holding an explicit agreement cue: an edge's whole ``evidence``.

    A cue edge's evidence is that one segment (see :mod:`.relations`), whose
    id may contain spaces, so it is not split.
    """
    return str(data.get("evidence", "")).strip()


# ---------------------------------------------------------------------------
# AIF


def to_aif(graph: nx.MultiDiGraph) -> dict:
    """The map as an AIF dictionary (``nodes``, ``edges``, ``locutions``, ``participants``)."""
    nodes: list[dict] = []
    edges: list[dict] = []
    locutions: list[dict] = []
    participants: list[dict] = []
    ids: dict[str, str] = {}
    counter = iter(range(1, 10**9))
    default_time = _timestamp(graph.graph.get("published"))
    # the passes below go over these lists: networkx's data views cost more
    # per pass than the work done in them
    node_items = list(graph.nodes(data=True))
    edge_items = list(graph.edges(data=True))

    def new_node(kind: str, text: str, timestamp: str = "", **extra: object) -> str:
        node_id = str(next(counter))
        nodes.append(
            {
                "nodeID": node_id,
                "text": text,
                "type": kind,
                "timestamp": timestamp or default_time,
                **extra,
            }
        )
        return node_id

    def link(src: str, dst: str) -> None:
        edges.append({"edgeID": str(next(counter)), "fromID": src, "toID": dst, "formEdgeID": None})

    person: dict[str, str] = {}
    for node, data in node_items:
        if data.get("type") == "speaker":
            pid = str(len(person) + 1)
            person[node] = pid
            first, _, last = str(data.get("name", data.get("label", ""))).partition(" ")
            participants.append({"participantID": pid, "firstname": first, "surname": last})

    utt_time = {
        str(n)[len("utterance:") :]: _timestamp(d.get("timestamp"))
        for n, d in node_items
        if d.get("type") == "utterance"
    }
    # one I-node per proposition: a sentence that opens claims in two frames, or is a
    # claim in one frame and a premise in another, is one proposition with several
    # supports and attacks, not several nodes of the same text
    sentence_node: dict[str, str] = {}
    for node, data in node_items:
        if data.get("type") not in PROPOSITION_TYPES:
            continue
        sentence = _first_segment(node, data) if data.get("type") in ("claim", "premise") else ""
        if sentence and sentence in sentence_node:
            ids[node] = sentence_node[sentence]
            continue
        when = utt_time.get(str(data.get("utterance_id", "")), "")
        ids[node] = new_node("I", str(data.get("text") or data.get("label") or node), when)
        if sentence:
            sentence_node[sentence] = ids[node]

    # what each speaker said: one L-node per sentence (segment), in reading order
    said: dict[str, tuple[str, str]] = {}  # segment -> (speaker node, sentence)
    for node, data in node_items:
        if data.get("type") in ("claim", "premise"):
            speaker = speaker_node(str(data.get("speaker", "")))
            if speaker in graph:
                said.setdefault(_first_segment(node, data), (speaker, str(data.get("text", ""))))
    for u, _, data in edge_items:
        if data.get("relation") in ("agrees", "disagrees") and u in person:
            segment = _cue_segment(data)
            if segment and not data.get("source_claim"):
                text = data.get("evidence_text") or data.get("cue") or ""
                said.setdefault(segment, (u, str(text)))
    utt_order = {uid: k for k, uid in enumerate(utt_time)}
    locution_of: dict[str, str] = {}
    chain: dict[str, list[str]] = {}  # utterance -> its locutions in reading order
    for segment in sorted(said, key=lambda seg: _reading_order(seg, utt_order)):
        speaker, text = said[segment]
        utt = _utterance_of(segment)
        when = utt_time.get(utt, "")
        lid = new_node("L", f"{graph.nodes[speaker].get('name', speaker)} : {text}", when)
        locutions.append(
            {
                "nodeID": lid,
                "personID": person.get(speaker, ""),
                "timestamp": when,
                "start": None,
                "end": None,
                "source": segment,
            }
        )
        locution_of[segment] = lid
        chain.setdefault(utt, []).append(lid)

    # speakers assert the claims and premises they hold: L --YA(Asserting)--> I; a
    # position a speaker only reports is its holder's, as the report pages credit it,
    # but the speaker's locution is still the only one saying it (the holder said
    # nothing in the thread): L --YA(Reported Speech, holder: …)--> I
    anchored: set[tuple[str, str, str]] = set()  # (locution, I-node, holder or "")
    for node, data in node_items:
        if data.get("type") not in ("claim", "premise"):
            continue
        segment = _first_segment(node, data)
        loc = locution_of.get(segment)
        if not loc:
            continue
        speaker = str(data.get("speaker", ""))
        holder = "" if _own(data) else position_holder(data.get("holder"), speaker)
        if (loc, ids[node], holder) in anchored:
            continue
        anchored.add((loc, ids[node], holder))
        when = utt_time.get(_utterance_of(segment), "")
        if holder:
            ya = new_node("YA", "Reported Speech", when, holder=holder, reportedBy=speaker)
        else:
            ya = new_node("YA", "Asserting", when)
        link(loc, ya)
        link(ya, ids[node])

    # support and attack between propositions: I --RA/CA--> I (once per pair and kind)
    schemes: set[tuple[str, str, str]] = set()
    for u, v, data in edge_items:
        rel = str(data.get("relation"))
        if u not in ids or v not in ids or ids[u] == ids[v]:
            continue
        if rel in ("supports", "attacks", "instance_of") and (ids[u], ids[v], rel) not in schemes:
            schemes.add((ids[u], ids[v], rel))
            kind, text = {
                "supports": ("RA", "Default Inference"),
                "attacks": ("CA", "Default Conflict"),
                "instance_of": ("MA", "Default Rephrase"),
            }[rel]
            scheme = new_node(kind, text)
            link(ids[u], scheme)
            link(scheme, ids[v])

    # agreement: the sentence's locution --YA(Agreeing/Disagreeing)--> the proposition
    stance: dict[tuple[str, str], str] = {}  # (locution, I-node) -> relation
    for u, v, data in edge_items:
        rel = str(data.get("relation"))
        mine = data.get("source_claim")
        if rel in ("agrees", "disagrees") and u in person and v in ids and mine in graph:
            loc = locution_of.get(_first_segment(mine, graph.nodes[mine]))
            if loc and (loc, ids[v]) not in stance:
                stance[(loc, ids[v])] = rel
    # what an utterance argues itself: a cue agrees or disagrees with its speaker,
    # not with a position the speaker only reports (Perez Molina's, in the article)
    claims_of_utt: dict[str, list[str]] = {}
    for node, data in node_items:
        if data.get("type") == "claim" and _own(data):
            claims_of_utt.setdefault(str(data.get("utterance_id", "")), []).append(node)
    # indexes for _cue_target, which a corpus map calls for every cue: scanning
    # ``stance`` and ``chain`` per call made AIF the slowest corpus map format
    stance_of: dict[str, dict[str, str]] = {}  # locution -> {I-node: relation}
    for (lid, inode), rel in stance.items():
        stance_of.setdefault(lid, {})[inode] = rel
    comment_of = {lid: locs for locs in chain.values() for lid in locs}
    cue_links: dict[tuple[str, str], str] = {}
    for u, _, data in edge_items:
        rel = str(data.get("relation"))
        if rel not in ("agrees", "disagrees") or u not in person or data.get("source_claim"):
            continue
        loc = locution_of.get(_cue_segment(data))
        claims = sorted(
            claims_of_utt.get(str(data.get("target_utterance", "")), []),
            key=lambda c: _reading_order(_first_segment(c, graph.nodes[c]), utt_order),
        )
        target = _cue_target(loc, rel, [ids[c] for c in claims if c in ids], stance_of, comment_of)
        if loc and target and (loc, target) not in cue_links:
            cue_links[(loc, target)] = rel
    for (lid, target), rel in [*stance.items(), *cue_links.items()]:
        ya = new_node("YA", "Agreeing" if rel == "agrees" else "Disagreeing")
        link(lid, ya)
        link(ya, target)

    # transitions: each locution to the next of the same utterance, and the answered
    # utterance's last locution to the reply's first: L --TA--> L
    for locs in chain.values():
        for before, after in pairwise(locs):
            ta = new_node("TA", "Default Transition")
            link(before, ta)
            link(ta, after)
    for u, v, data in edge_items:
        if data.get("relation") != "replies_to":
            continue
        reply, answered = str(u)[len("utterance:") :], str(v)[len("utterance:") :]
        if chain.get(reply) and chain.get(answered):
            ta = new_node("TA", "Default Transition")
            link(chain[answered][-1], ta)
            link(ta, chain[reply][0])

    return {
        "nodes": nodes,
        "edges": edges,
        "locutions": locutions,
        "participants": participants,
    }


def _utterance_of(segment: str) -> str:
    """The utterance id of a segment id (``<utterance id>/s<nn>``)."""
    return segment.rsplit("/", 1)[0] if "/" in segment else ""


_SEGMENT_NO = re.compile(r"/s(\d+)$")


def _reading_order(segment: str, utt_order: dict[str, int]) -> tuple[int, int]:
    """Sort key of a segment: its utterance's place in the thread, then its own place."""
    m = _SEGMENT_NO.search(segment)
    return utt_order.get(_utterance_of(segment), len(utt_order)), int(m.group(1)) if m else 0


def _cue_target(
    locution: str | None,
    relation: str,
    claims: list[str],
    stance_of: dict[str, dict[str, str]],
    comment_of: dict[str, list[str]],
) -> str | None:
    """The one I-node an explicit cue ("I agree", "Great post") of ``locution`` links to.

    ``claims`` are the I-nodes of the addressed utterance's own claims (those
    its speaker holds, not positions it reports), in reading order. ``None`` —
    no extra link — when the sentence's own stance already agrees (or
    disagrees) with one of them (its "I agree that …" is that link), when the
    utterance addressed has no claim of its own, or when the speaker disputes
    every one: a sentence of the same comment takes the other side against it
    and none takes the cue's side ("I couldn't agree more. <the opposite
    position>"), and a speaker's "I agree" is not read as agreeing with what
    they dispute. Otherwise the first claim another sentence of the comment
    answers the cue's way ("Nonsense. Troops have made nobody safer." rejects
    the troops), else the first claim the comment does not dispute.
    ``stance_of`` maps a locution to the I-nodes its sentence agrees or
    disagrees with (and how); ``comment_of`` maps a locution to every
    locution of its utterance.
    """
    if not locution or not claims:
        return None
    mine = stance_of.get(locution, {})
    if any(mine.get(c) == relation for c in claims):
        return None
    sides: dict[str, set[bool]] = {}  # I-node -> whether the comment's sentences side with it
    for lid in comment_of.get(locution, [locution]):
        for c, rel in stance_of.get(lid, {}).items():
            sides.setdefault(c, set()).add(rel == relation)
    disputed = {c for c, side in sides.items() if side == {False}}
    # the claim another sentence of the comment answers the cue's way: "Nonsense."
    # then "Troops have made nobody safer." rejects the troops, not the first claim
    answered = [c for c in claims if sides.get(c) == {True} and c not in mine]
    if answered:
        return answered[0]
    return next((c for c in claims if c not in mine and c not in disputed), None)


def _own(data: dict) -> bool:
    """Whether a claim node states its speaker's own position (its holder is the
    speaker, or blank: :func:`~discourse.model.position_holder`), not one they report."""
    speaker = str(data.get("speaker", ""))
    return position_holder(data.get("holder"), speaker) == speaker


# ---------------------------------------------------------------------------
# Argdown

_ARGDOWN_SPECIAL = re.compile(r"([\\*_#\[\]<>{}@`~=|^$])")
_TITLE_BAD = re.compile(r"[^\w .,'-]+")


def argdown_text(text: str) -> str:
    """``text`` on one line with Argdown's special characters escaped, and the
    characters every map format drops (:func:`~discourse.io.printable_text`:
    a bell, a form feed) dropped here too."""
    one_line = " ".join(printable_text(text).split())
    escaped = _ARGDOWN_SPECIAL.sub(r"\\\1", one_line)
    return escaped.replace("//", "/\\/").replace("/*", "/\\*")


def argdown_title(text: str) -> str:
    """A string usable inside ``[...]``/``<...>``/``#(...)``.

    Only letters, digits, spaces and ``_.,'-`` are kept, and none of ``-_``
    (or spaces) at the start: Argdown reads ``<-`` and ``<_`` as the start of
    an attack or undercut, so a commenter called "_jm" or "- Dave" made
    ``<_jm 1>`` a syntax error that broke the whole map (and, through it,
    the corpus map). Speakers whose names clean up alike are told apart by
    :func:`to_argdown` ("jm", "jm-2").
    """
    return " ".join(_TITLE_BAD.sub(" ", printable_text(text)).split()).lstrip("-_ ") or "untitled"


def to_argdown(graph: nx.MultiDiGraph) -> str:
    """The map as an Argdown document (see the module docstring)."""
    # the title cleaned as other titles are (Argdown's HTML export puts it in <title>
    # unescaped), then a YAML double-quoted string: JSON's string syntax, which YAML
    # reads alike. Plain, a title starting with ' , or - ("'War on drugs' has failed")
    # or reading as another type ("yes", "123") was a YAMLException or no string, and
    # the Argdown CLI refused the whole file.
    title = json.dumps(argdown_title(graph.graph.get("title", "Argument map")), ensure_ascii=False)
    lines = [
        "===",
        f"title: {title}",
        "===",
        "",
        "// Written by discourse. Issues are [statements], claims <arguments>;",
        "// +> supports, -> attacks; speakers and the holders of the positions they",
        "// report are #(tags), with #(reported by <speaker>).",
        "",
    ]
    issues = [(n, d) for n, d in graph.nodes(data=True) if d.get("type") == "issue"]
    issue_title = {
        n: argdown_title(d.get("label") or frame_title(str(d.get("frame")))) for n, d in issues
    }
    claim_title: dict[str, str] = {}
    per_speaker: dict[str, int] = {}
    # a person's tag (a speaker's also in their arguments' titles), one per name: two
    # people whose names clean up alike ("Дмитрий" and "Дмитрий!") are two, so the
    # second gets "-2" rather than sharing the first one's tag and arguments
    person_title: dict[str, str] = {}

    def person(name: str) -> str:
        who = speaker_node(name)
        if who not in person_title:
            base = title = argdown_title(name)
            taken = set(person_title.values())
            for k in range(2, len(taken) + 3):
                if title not in taken:
                    break
                title = f"{base}-{k}"
            person_title[who] = title
        return person_title[who]

    claims = [(n, d) for n, d in graph.nodes(data=True) if d.get("type") == "claim"]
    for _, data in claims:
        person(str(data.get("speaker", "unknown")))
    # whose positions each sentence states: a sentence may report one actor's side
    # and state the writer's ("Critics say the army should go, but I think …")
    held: dict[str, list[str]] = {}
    for node, data in claims:
        speaker = str(data.get("speaker", "unknown"))
        holder = position_holder(data.get("holder"), speaker)
        held.setdefault(_first_segment(node, data), []).append(holder)
        person(holder)

    def tags(speaker: str, holders: Iterable[str]) -> str:
        """The tags of a sentence: its speaker's own positions ``#(Speaker)``, a position
        they report ``#(Holder) #(reported by Speaker)``, as the report pages credit it."""
        out = []
        for holder in holders:
            if holder == speaker:
                out.append(f"#({person(speaker)})")
            else:
                out += [f"#({person(holder)})", f"#(reported by {person(speaker)})"]
        return " ".join(dict.fromkeys(out))

    # one argument per claim sentence: a sentence taking positions in several frames
    # is defined once and referred to (``<Aaron B 4>``) in the other frames' sections
    sentence_title: dict[str, str] = {}
    for node, data in claims:
        sentence = _first_segment(node, data)
        if sentence in sentence_title:
            claim_title[node] = sentence_title[sentence]
            continue
        speaker = person(str(data.get("speaker", "unknown")))
        per_speaker[speaker] = per_speaker.get(speaker, 0) + 1
        claim_title[node] = sentence_title[sentence] = f"{speaker} {per_speaker[speaker]}"
    defined: set[str] = set()  # argument and premise titles already given their text
    # a premise sentence's statement: one per sentence, however many arguments it
    # supports (the first names it: "Aaron B 4.1"); ``numbered`` counts each argument's
    premise_title: dict[str, str] = {}
    numbered: dict[str, int] = {}
    kp_title: dict[str, str] = {}
    for n, (node, _) in enumerate(
        ((n, d) for n, d in graph.nodes(data=True) if d.get("type") == "key_point"), 1
    ):
        kp_title[node] = f"Key point {n}"

    for issue, data in issues:
        lines += [f"# {issue_title[issue]}", ""]
        lines.append(f"[{issue_title[issue]}]: {argdown_text(data.get('text', ''))}. #issue")
        lines.append("")
        for u, _, edge in graph.in_edges(issue, data=True):
            rel = edge.get("relation")
            if u in kp_title and rel in ("supports", "attacks"):
                d = graph.nodes[u]
                arrow = "+>" if rel == "supports" else "->"
                lines.append(
                    f"[{kp_title[u]}]: {argdown_text(d.get('text', ''))} "
                    f"(prevalence {d.get('prevalence', 1)}) #(key point)"
                )
                lines.append(f"  {arrow} [{issue_title[issue]}]")
                lines.append("")
        for u, _, edge in graph.in_edges(issue, data=True):
            rel = edge.get("relation")
            if u not in claim_title or rel not in ("supports", "attacks"):
                continue
            d = graph.nodes[u]
            arrow = "+>" if rel == "supports" else "->"
            speaker = str(d.get("speaker", "unknown"))
            argument = claim_title[u]
            if argument in defined:
                lines.append(f"<{argument}>")
            else:
                defined.add(argument)
                said = tags(speaker, held[_first_segment(u, d)])
                lines.append(f"<{argument}>: {argdown_text(d.get('text', ''))} {said}")
            lines.append(f"  {arrow} [{issue_title[issue]}]")
            premises = [
                p
                for p, _, e in graph.in_edges(u, data=True)
                if e.get("relation") == "supports" and graph.nodes[p].get("type") == "premise"
            ]
            for p in premises:
                sentence = _first_segment(p, graph.nodes[p])
                if sentence in sentence_title:
                    # the sentence is a claim in another frame: that argument supports
                    # this one, rather than a second node of the same sentence
                    lines.append(f"  + <{sentence_title[sentence]}>")
                    continue
                if sentence not in premise_title:  # one statement per sentence
                    numbered[argument] = numbered.get(argument, 0) + 1
                    premise_title[sentence] = f"{argument}.{numbered[argument]}"
                ptitle = premise_title[sentence]
                if ptitle in defined:
                    lines.append(f"  + [{ptitle}]")
                else:
                    defined.add(ptitle)
                    text = argdown_text(graph.nodes[p].get("text", ""))
                    holder = position_holder(graph.nodes[p].get("holder"), speaker)
                    lines.append(f"  + [{ptitle}]: {text} {tags(speaker, [holder])}")
            lines.append("")
    agreement = [
        (u, v, d)
        for u, v, d in graph.edges(data=True)
        if d.get("relation") in ("agrees", "disagrees")
    ]
    if agreement:
        lines += ["# Agreement between speakers", ""]
        for u, v, d in agreement:
            who = _one_line(graph.nodes[u].get("label", u))
            if d.get("source_claim") in claim_title:
                who = f"<{claim_title[d['source_claim']]}>"
            whom = f"<{claim_title[v]}>" if v in claim_title else graph.nodes[v].get("label", v)
            cue = _one_line(d.get("cue", ""))
            lines.append(f"// {who} {d['relation']} with {_one_line(whom)} ({cue})")
        lines.append("")
    if not issues and not agreement:
        # a document of front matter and comments alone does not parse: give it a section
        lines += ["# Empty map", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _one_line(text: object) -> str:
    """``text`` with its line breaks (and runs of white space) as single spaces.

    For ``//`` comments: a speaker name or cue with a line break would end
    the comment and leave the rest of the line to the Argdown parser.
    """
    return " ".join(printable_text(text).split())


# ---------------------------------------------------------------------------
# DOT

_DOT_COLOURS = {
    "issue": ("box", "#1f4e79", "#dbe8f6"),
    "claim": ("box", "#333333", "#ffffff"),
    "premise": ("note", "#666666", "#f5f5f5"),
    "speaker": ("ellipse", "#444444", "#fff2cc"),
    "utterance": ("plaintext", "#888888", "#ffffff"),
    "entity": ("hexagon", "#5b3f8c", "#ece4f7"),
    "key_point": ("box", "#333333", "#fffbe6"),
}
#: Edge colour, line style and arrowhead by relation: the SVG picture's
#: colour-blind-safe palette and its cues — blue and solid for supports and
#: agrees, red and dashed for attacks and disagrees (as the picture's legend
#: pairs them) — with a bar (``tee``) ending an attack or a disagreement, so
#: colour is never the only cue (a red/green pair had been).
_EDGE_STYLES: dict[str, tuple[str, str, str]] = {
    "supports": (FAVOR, "solid", "normal"),
    "agrees": (FAVOR, "solid", "normal"),
    "attacks": (AGAINST, "dashed", "tee"),
    "disagrees": (AGAINST, "dashed", "tee"),
    "mentions": ("#888888", "dotted", "normal"),
    "instance_of": ("#888888", "dotted", "normal"),
}
#: Claim and key point boxes by direction: fill, border colour and border style
#: (dashed against, as the picture's attack arrows).
DIRECTION_STYLES: dict[str, tuple[str, str, str]] = {
    "favor": (FAVOR_FILL, FAVOR, "filled"),
    "against": (AGAINST_FILL, AGAINST, "filled,dashed"),
}


def _dot_quote(text: object) -> str:
    """``text`` as a DOT double-quoted string that Graphviz shows as it is.

    Backslashes, quotes and line breaks are escaped for DOT; ``&`` becomes
    ``&amp;``, because Graphviz decodes HTML entities in labels and leaves
    them as they are in its SVG: text that says "&amp; &lt;" (as scraped pages
    often do) was shown as "& <". Characters XML cannot hold (a bell, a
    form feed) are dropped, as the GraphML and SVG writers drop them:
    Graphviz copied them into an SVG that no XML reader takes.
    """
    text = printable_text(text).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + text.replace("\n", "\\n").replace("&", "&amp;") + '"'


@lru_cache(maxsize=16384)
def _wrap(text: str, width: int = 40, max_lines: int = 4) -> str:
    """``text`` wrapped to ``width`` in at most ``max_lines`` lines (a DOT label).

    Cached: textwrap was most of the DOT writer's time, edge labels repeat
    ("supports", "attacks") and the corpus map wraps the thread maps' labels
    again.
    """
    import textwrap

    lines = textwrap.wrap(" ".join(str(text).split()), width)
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], lines[max_lines - 1][: width - 1] + "…"]
    return "\n".join(lines)


def to_dot(graph: nx.MultiDiGraph) -> str:
    """The map as Graphviz DOT text: claims in favour blue, against red with a dashed
    border; supports and agrees blue solid arrows, attacks and disagrees red dashed
    ones ending in a bar (:data:`_EDGE_STYLES`)."""
    out = [
        f"digraph {_dot_quote(graph.graph.get('title', 'argument map'))} {{",
        "  rankdir=LR;",
        '  node [fontname="Helvetica", fontsize=10, style="filled"];',
        '  edge [fontname="Helvetica", fontsize=8];',
    ]
    for node, data in graph.nodes(data=True):
        kind = data.get("type", "")
        if kind == "utterance":
            continue
        shape, colour, fill = _DOT_COLOURS.get(kind, ("box", "#333333", "#ffffff"))
        style = "filled"
        if kind in ("claim", "key_point") and str(data.get("direction")) in DIRECTION_STYLES:
            fill, colour, style = DIRECTION_STYLES[str(data.get("direction"))]
        label = _wrap(str(data.get("label", node)))
        out.append(
            f"  {_dot_quote(node)} [label={_dot_quote(label)}, shape={shape}, "
            f'color="{colour}", fillcolor="{fill}", style="{style}", '
            f"tooltip={_dot_quote(data.get('text', ''))}];"
        )
    for u, v, data in graph.edges(data=True):
        rel = str(data.get("relation", ""))
        if rel in ("authors", "replies_to", "quotes"):
            continue
        colour, style, head = _EDGE_STYLES.get(rel, ("#888888", "solid", "normal"))
        label = (
            rel
            if not data.get("cue") or rel in ("supports", "attacks")
            else f"{rel}: {data['cue']}"
        )
        out.append(
            f"  {_dot_quote(u)} -> {_dot_quote(v)} [label={_dot_quote(_wrap(label, 30, 2))}, "
            f'color="{colour}", style={style}, arrowhead={head}];'
        )
    out.append("}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------
# GraphML

_GRAPHML_HEAD = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">'
)
#: Graph attributes ``nx.write_graphml`` does not write as data.
_GRAPHML_SPECIAL = frozenset({"id", "node_default", "edge_default"})


def _xml_text(value: object) -> str:
    """``value`` as lxml escapes element text (``&``, ``<``, ``>`` and carriage returns)."""
    return (
        str(value)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\r", "&#13;")
    )


def _xml_attr(value: object) -> str:
    """``value`` as lxml escapes an attribute value (text escapes, quotes and white space)."""
    return _xml_text(value).replace('"', "&quot;").replace("\n", "&#10;").replace("\t", "&#9;")


@lru_cache(maxsize=1)
def _graphml_types() -> nx.readwrite.graphml.GraphML:
    """networkx's Python type → GraphML type table (``get_xml_type``), built once."""
    types = nx.readwrite.graphml.GraphML()
    types.construct_types()
    return types


def to_graphml(graph: nx.MultiDiGraph) -> str:
    """The map as GraphML: the text ``nx.write_graphml`` (lxml) writes, byte for byte.

    networkx builds an element tree and serialises it through lxml, which
    cost more than the other four formats together for every thread map.
    This writer keeps its layout — keys ``d0``, ``d1`` … numbered by first use
    (graph, nodes, edges) and listed last first; one key per attribute name,
    scope and value type; lxml's escaping — so Gephi, yEd and
    ``nx.read_graphml`` read the same graph, with one difference: a
    multigraph's edges are numbered ``e0``, ``e1`` … in networkx's edge order
    where networkx writes the edge key. A key only tells parallel edges of one
    pair apart (most edges are key 0), and Gephi and yEd keep one edge per id:
    "Edge already exists", and most of the map was gone. ``nx.read_graphml``
    reads the ids as the edges' keys and every attribute as it was. Graph
    attributes networkx treats specially (:data:`_GRAPHML_SPECIAL`, never set
    by :mod:`.graph`) are refused with ``ValueError``: :func:`write_map` hands
    such graphs to networkx.
    """
    if _GRAPHML_SPECIAL & set(graph.graph):
        raise ValueError(f"to_graphml cannot write graph attributes {sorted(_GRAPHML_SPECIAL)}")
    types = _graphml_types()
    keys: dict[tuple[str, str, str], str] = {}

    xml_type = types.xml_type.get  # get_xml_type without its call, for known types

    def data(scope: str, attrs: dict, indent: str) -> list[str]:
        out = []
        for k, v in attrs.items():
            key = (str(k), xml_type(type(v)) or types.get_xml_type(type(v)), scope)
            kid = keys.get(key)
            if kid is None:
                kid = keys[key] = f"d{len(keys)}"
            out.append(f'{indent}<data key="{kid}">{_xml_text(v)}</data>\n')
        return out

    def element(tag: str, attrs: str, body: list[str]) -> str:
        if not body:
            return f"<{tag} {attrs}/>\n"
        return f"<{tag} {attrs}>\n{''.join(body)}</{tag}>\n"

    edge_default = "directed" if graph.is_directed() else "undirected"
    parts = [f'<graph edgedefault="{edge_default}">', *data("graph", graph.graph, "")]
    for node, attrs in graph.nodes(data=True):
        parts.append(element("node", f'id="{_xml_attr(node)}"', data("node", attrs, "  ")))
    edges = (
        graph.edges(keys=True, data=True)
        if graph.is_multigraph()
        else ((u, v, None, d) for u, v, d in graph.edges(data=True))
    )
    for number, (u, v, key, attrs) in enumerate(edges):
        ends = f'source="{_xml_attr(u)}" target="{_xml_attr(v)}"'
        if key is not None:  # a multigraph's edge: an id unique in the document
            ends += f' id="e{number}"'
        parts.append(element("edge", ends, data("edge", attrs, "  ")))
    head = [
        f'<key id="{kid}" for="{scope}" attr.name="{_xml_attr(name)}" attr.type="{kind}"/>\n'
        for (name, kind, scope), kid in reversed(keys.items())
    ]
    text = _GRAPHML_HEAD + "".join(head) + "".join(parts) + "</graph></graphml>"
    # XML 1.0 cannot hold control characters (a scraped page's form feed or bell):
    # drop them, as the SVG writer does, rather than fail the whole map
    # (``nx.write_graphml`` refuses such a graph with a ValueError)
    return printable_text(text)  # one pass over the document, not one per value


def _write_graphml(graph: nx.MultiDiGraph, path: Path) -> None:
    """:func:`to_graphml` to ``path``; graphs it refuses go through ``nx.write_graphml``
    (their multigraph edges numbered ``e0``, ``e1`` … as :func:`to_graphml` numbers them)."""
    if _GRAPHML_SPECIAL & set(graph.graph):
        if graph.is_multigraph():
            numbered = graph.__class__()
            numbered.graph.update(graph.graph)
            numbered.add_nodes_from(graph.nodes(data=True))
            numbered.add_edges_from(
                (u, v, f"e{n}", d) for n, (u, v, d) in enumerate(graph.edges(data=True))
            )
            graph = numbered
        nx.write_graphml(graph, path)
    else:
        path.write_bytes(to_graphml(graph).encode("utf-8"))  # bytes: no newline translation


# ---------------------------------------------------------------------------
# writing


def _check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValueError(Errors.E400.format(fmt=fmt, choices=", ".join(FORMATS)))
    return fmt


def write_map(graph: nx.MultiDiGraph, path: str | Path, fmt: str) -> Path:
    """Write ``graph`` to ``path`` in ``fmt`` (one of :data:`FORMATS`); returns the path."""
    _check_format(fmt)
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "aif":
        # compact: ``indent`` makes json use its pure-Python encoder, several times slower
        p.write_text(json.dumps(to_aif(graph), ensure_ascii=False), encoding="utf-8")
    elif fmt == "argdown":
        p.write_text(to_argdown(graph), encoding="utf-8")
    elif fmt == "graphml":
        _write_graphml(graph, p)
    elif fmt == "dot":
        p.write_text(to_dot(graph), encoding="utf-8")
    else:
        from .render import render_svg

        render_svg(graph, p)
    log.info("wrote %s map %s", fmt, p)
    return p


def write_maps(
    graph: nx.MultiDiGraph, out_dir: str | Path, stem: str, formats: Iterable[str] = FORMATS
) -> list[Path]:
    """Write ``<out_dir>/<stem><suffix>`` for every format; returns the paths written.

    ``stem`` is typically a thread id, and is made a safe file name first
    (:func:`discourse.io.safe_stem`): an id such as ``week/1``,
    ``../escape`` or ``names & <quotes>`` becomes the cleaned name plus a
    short hash, so every file lands in ``out_dir`` under a name any file
    system takes — the name ``discourse map -o DIR`` gives (which also adds
    the hash to a thread called ``corpus``). Ids that are slugs, and
    ``corpus`` for a corpus map, are used as they are.
    """
    formats = [_check_format(f) for f in formats]
    return [write_map(graph, map_path(out_dir, stem, f), f) for f in formats]


#: Formats :func:`start_maps` hands to a second process: the slowest to write
#: (about 0.5 and 0.25 s for a 100-thread corpus map), and read by nothing
#: else in a run (the report inlines the SVG picture).
BACKGROUND_FORMATS: tuple[str, ...] = ("aif", "graphml")


class PendingMaps:
    """Map files a forked process is writing; :meth:`wait` joins it.

    If the process failed, :meth:`wait` writes its files here, so the error
    (a full disk, a bad path) is raised in this process, as without it.
    """

    def __init__(self, pid: int, graph: nx.MultiDiGraph, jobs: list[tuple[Path, str]]) -> None:
        self.pid = pid
        self.graph = graph
        self.jobs = jobs

    def wait(self) -> None:
        """Block until the files are written (by the forked process, else here)."""
        _, status = os.waitpid(self.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            for path, fmt in self.jobs:
                write_map(self.graph, path, fmt)


def start_maps(
    graph: nx.MultiDiGraph,
    out_dir: str | Path,
    stem: str,
    formats: Iterable[str] = FORMATS,
    processes: int = 1,
) -> tuple[list[Path], PendingMaps | None]:
    """:func:`write_maps`, with :data:`BACKGROUND_FORMATS` written by a forked
    process while this one goes on, when ``processes`` > 1 and the OS can fork.

    Returns every path and the pending writes (``None`` when all are written):
    call :meth:`PendingMaps.wait` before anything reads those files. A run
    with ``--workers 2`` writes its corpus map this way while it draws the
    corpus report: the workers are done by then, and one core would idle.
    The forked process only writes files and leaves with ``os._exit``.
    """
    formats = [_check_format(f) for f in formats]
    paths = {f: map_path(out_dir, stem, f) for f in formats}
    later = [f for f in formats if f in BACKGROUND_FORMATS]
    if processes < 2 or not later or "fork" not in multiprocessing.get_all_start_methods():
        return [write_map(graph, paths[f], f) for f in formats], None
    jobs = [(paths[f], f) for f in later]
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the forked process (its coverage is not collected)
        # it writes a few files and leaves with os._exit: a full collection
        # there would walk (and copy, page by page) the whole inherited heap,
        # 0.27 s in a 100-thread run, a third of the process's time
        gc.disable()
        status = 0
        try:
            for path, fmt in jobs:
                write_map(graph, path, fmt)
        except BaseException:
            status = 1
        os._exit(status)
    try:
        for f in formats:
            if f not in later:
                write_map(graph, paths[f], f)
    except BaseException:
        PendingMaps(pid, graph, []).wait()  # no orphan left writing
        raise
    return [paths[f] for f in formats], PendingMaps(pid, graph, jobs)


def map_path(out_dir: str | Path, stem: str, fmt: str) -> Path:
    """Where :func:`write_maps` puts the ``fmt`` file of ``stem`` (made safe, as there)."""
    return Path(out_dir) / f"{safe_stem(stem)}{SUFFIXES[_check_format(fmt)]}"

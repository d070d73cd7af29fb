"""Writing argument maps in the formats argument-mapping tools read.

``aif``      AIF JSON in AIFdb/OVA conventions (``<stem>.aif.json``): I-nodes
             for issues, claims, premises and key points; RA (support) and CA
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
             IAT dialogue analyses. Loads in arguebuf, OVA and AIFdb.
``argdown``  Argdown (``<stem>.argdown``): one section per frame, the issue as
             a ``[Statement]``, each claim an ``<Argument>`` that supports
             (``+>``) or attacks (``->``) it, premises as statements
             supporting the claim, speakers as ``#(tags)``; agreement between
             speakers as comments. Parses with ``@argdown/cli`` 1.7.
``graphml``  the networkx graph as it is, for Gephi or yEd (written directly:
             the same bytes as ``nx.write_graphml``, several times faster).
``dot``      Graphviz DOT text (no Graphviz needed to write it).
``svg``      a picture written directly as SVG text (see :mod:`.render`).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import networkx as nx
import pandas as pd

from ..errors import Errors
from ..model import slugify
from .claims import frame_title

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

    Cached: parsing a free-form date costs about a millisecond, and the corpus
    map meets every utterance date of the thread maps again.
    """
    ts = pd.to_datetime(text, errors="coerce", utc=True)
    return "" if pd.isna(ts) else ts.strftime(AIF_DATE)


def _first_segment(data: dict) -> str:
    return str(data.get("segment_ids", "")).split(" ")[0]


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
    for node, data in graph.nodes(data=True):
        if data.get("type") == "speaker":
            pid = str(len(person) + 1)
            person[node] = pid
            first, _, last = str(data.get("name", data.get("label", ""))).partition(" ")
            participants.append({"participantID": pid, "firstname": first, "surname": last})

    utt_time = {
        str(n)[len("utterance:") :]: _timestamp(d.get("timestamp"))
        for n, d in graph.nodes(data=True)
        if d.get("type") == "utterance"
    }
    for node, data in graph.nodes(data=True):
        if data.get("type") not in PROPOSITION_TYPES:
            continue
        when = utt_time.get(str(data.get("utterance_id", "")), "")
        ids[node] = new_node("I", str(data.get("text") or data.get("label") or node), when)

    # what each speaker said: one L-node per sentence (segment), in reading order
    said: dict[str, tuple[str, str]] = {}  # segment -> (speaker node, sentence)
    for _, data in graph.nodes(data=True):
        if data.get("type") in ("claim", "premise"):
            speaker = f"speaker:{slugify(str(data.get('speaker', '')))}"
            if speaker in graph:
                said.setdefault(_first_segment(data), (speaker, str(data.get("text", ""))))
    for u, _, data in graph.edges(data=True):
        if data.get("relation") in ("agrees", "disagrees") and u in person:
            segment = str(data.get("evidence", "")).split(" ")[0]
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

    # speakers assert claims and premises: L --YA(Asserting)--> I
    for node, data in graph.nodes(data=True):
        lid = locution_of.get(_first_segment(data))
        if data.get("type") in ("claim", "premise") and lid:
            ya = new_node("YA", "Asserting", utt_time.get(_utterance_of(_first_segment(data)), ""))
            link(lid, ya)
            link(ya, ids[node])

    # support and attack between propositions: I --RA/CA--> I
    for u, v, data in graph.edges(data=True):
        rel = data.get("relation")
        if u in ids and v in ids and rel in ("supports", "attacks"):
            scheme = new_node(
                "RA" if rel == "supports" else "CA",
                "Default Inference" if rel == "supports" else "Default Conflict",
            )
            link(ids[u], scheme)
            link(scheme, ids[v])
        elif u in ids and v in ids and rel == "instance_of":
            ma = new_node("MA", "Default Rephrase")
            link(ids[u], ma)
            link(ma, ids[v])

    # agreement: the sentence's locution --YA(Agreeing/Disagreeing)--> the proposition
    stance: dict[tuple[str, str], str] = {}  # (locution, I-node) -> relation
    for u, v, data in graph.edges(data=True):
        rel = str(data.get("relation"))
        mine = data.get("source_claim")
        if rel in ("agrees", "disagrees") and u in person and v in ids and mine in graph:
            lid = locution_of.get(_first_segment(graph.nodes[mine]))
            if lid and (lid, ids[v]) not in stance:
                stance[(lid, ids[v])] = rel
    claims_of_utt: dict[str, list[str]] = {}
    for node, data in graph.nodes(data=True):
        if data.get("type") == "claim":
            claims_of_utt.setdefault(str(data.get("utterance_id", "")), []).append(node)
    cue_links: dict[tuple[str, str], str] = {}
    for u, _, data in graph.edges(data=True):
        rel = str(data.get("relation"))
        if rel not in ("agrees", "disagrees") or u not in person or data.get("source_claim"):
            continue
        lid = locution_of.get(str(data.get("evidence", "")).split(" ")[0])
        claims = sorted(
            claims_of_utt.get(str(data.get("target_utterance", "")), []),
            key=lambda c: _reading_order(_first_segment(graph.nodes[c]), utt_order),
        )
        target = _cue_target(lid, rel, [ids[c] for c in claims if c in ids], stance, chain)
        if lid and target and (lid, target) not in cue_links:
            cue_links[(lid, target)] = rel
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
    for u, v, data in graph.edges(data=True):
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
    stance: dict[tuple[str, str], str],
    chain: dict[str, list[str]],
) -> str | None:
    """The one I-node an explicit cue ("I agree", "Great post") of ``locution`` links to.

    ``claims`` are the I-nodes of the addressed utterance's claims, in reading
    order. ``None`` — no extra link — when the sentence's own stance already
    agrees (or disagrees) with one of them (its "I agree that …" is that
    link), or when the utterance addressed has no claim. Otherwise the first
    claim that the sentence does not take the opposite position on, preferring
    claims no other sentence of the same comment opposes: a speaker's "I
    agree" is not read as agreeing with what they dispute elsewhere.
    """
    if not locution or not claims:
        return None
    if any(stance.get((locution, c)) == relation for c in claims):
        return None
    own = next((locs for locs in chain.values() if locution in locs), [locution])
    opposed = {c for (lid, c), rel in stance.items() if lid in own and rel != relation}
    free = [c for c in claims if (locution, c) not in stance]
    return min(free, key=lambda c: c in opposed, default=None)


# ---------------------------------------------------------------------------
# Argdown

_ARGDOWN_SPECIAL = re.compile(r"([\\*_#\[\]<>{}@`~=|^$])")
_TITLE_BAD = re.compile(r"[^\w .,'-]+")


def argdown_text(text: str) -> str:
    """``text`` on one line with Argdown's special characters escaped."""
    one_line = " ".join(str(text).split())
    escaped = _ARGDOWN_SPECIAL.sub(r"\\\1", one_line)
    return escaped.replace("//", "/\\/").replace("/*", "/\\*")


def argdown_title(text: str) -> str:
    """A string usable inside ``[...]``/``<...>``/``#(...)``."""
    return " ".join(_TITLE_BAD.sub(" ", str(text)).split()) or "untitled"


def to_argdown(graph: nx.MultiDiGraph) -> str:
    """The map as an Argdown document (see the module docstring)."""
    title = argdown_title(graph.graph.get("title", "Argument map"))
    lines = [
        "===",
        f"title: {title}",
        "===",
        "",
        "// Written by discourse. Issues are [statements], claims <arguments>;",
        "// +> supports, -> attacks; speakers are #(tags).",
        "",
    ]
    issues = [(n, d) for n, d in graph.nodes(data=True) if d.get("type") == "issue"]
    issue_title = {
        n: argdown_title(d.get("label") or frame_title(str(d.get("frame")))) for n, d in issues
    }
    claim_title: dict[str, str] = {}
    per_speaker: dict[str, int] = {}
    for node, data in graph.nodes(data=True):
        if data.get("type") == "claim":
            speaker = argdown_title(data.get("speaker", "unknown"))
            per_speaker[speaker] = per_speaker.get(speaker, 0) + 1
            claim_title[node] = f"{speaker} {per_speaker[speaker]}"
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
            speaker = argdown_title(d.get("speaker", "unknown"))
            lines.append(f"<{claim_title[u]}>: {argdown_text(d.get('text', ''))} #({speaker})")
            lines.append(f"  {arrow} [{issue_title[issue]}]")
            premises = [
                p
                for p, _, e in graph.in_edges(u, data=True)
                if e.get("relation") == "supports" and graph.nodes[p].get("type") == "premise"
            ]
            for k, p in enumerate(premises, 1):
                text = argdown_text(graph.nodes[p].get("text", ""))
                lines.append(f"  + [{claim_title[u]}.{k}]: {text} #({speaker})")
            lines.append("")
    agreement = [
        (u, v, d)
        for u, v, d in graph.edges(data=True)
        if d.get("relation") in ("agrees", "disagrees")
    ]
    if agreement:
        lines += ["# Agreement between speakers", ""]
        for u, v, d in agreement:
            who = graph.nodes[u].get("label", u)
            if d.get("source_claim") in claim_title:
                who = f"<{claim_title[d['source_claim']]}>"
            whom = f"<{claim_title[v]}>" if v in claim_title else graph.nodes[v].get("label", v)
            cue = " ".join(str(d.get("cue", "")).split())
            lines.append(f"// {who} {d['relation']} with {whom} ({cue})")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


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
_EDGE_COLOURS = {
    "supports": "#1a9850",
    "attacks": "#d73027",
    "agrees": "#1a9850",
    "disagrees": "#d73027",
}
DIRECTION_FILL = {"favor": "#d9f0d3", "against": "#fde0dd"}


def _dot_quote(text: object) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


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
    """The map as Graphviz DOT text: claims filled green (favor) or red (against)."""
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
        fill = DIRECTION_FILL.get(str(data.get("direction")), fill)
        label = _wrap(str(data.get("label", node)))
        out.append(
            f"  {_dot_quote(node)} [label={_dot_quote(label)}, shape={shape}, "
            f'color="{colour}", fillcolor="{fill}", tooltip={_dot_quote(data.get("text", ""))}];'
        )
    for u, v, data in graph.edges(data=True):
        rel = str(data.get("relation", ""))
        if rel in ("authors", "replies_to", "quotes"):
            continue
        colour = _EDGE_COLOURS.get(rel, "#888888")
        style = "dashed" if rel in ("agrees", "disagrees", "mentions", "instance_of") else "solid"
        label = (
            rel
            if not data.get("cue") or rel in ("supports", "attacks")
            else f"{rel}: {data['cue']}"
        )
        out.append(
            f"  {_dot_quote(u)} -> {_dot_quote(v)} [label={_dot_quote(_wrap(label, 30, 2))}, "
            f'color="{colour}", style={style}];'
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
#: Characters XML 1.0 cannot hold (lxml refuses them with this ValueError too).
_XML_INVALID = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


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
    scope and value type; multigraph edge keys as edge ids; lxml's escaping —
    so Gephi, yEd and ``nx.read_graphml`` read the same graph. Graph
    attributes networkx treats specially (:data:`_GRAPHML_SPECIAL`, never set
    by :mod:`.graph`) are refused with ``ValueError``: :func:`write_map` hands
    such graphs to networkx.
    """
    if _GRAPHML_SPECIAL & set(graph.graph):
        raise ValueError(f"to_graphml cannot write graph attributes {sorted(_GRAPHML_SPECIAL)}")
    types = _graphml_types()
    keys: dict[tuple[str, str, str], str] = {}

    def data(scope: str, attrs: dict, indent: str) -> list[str]:
        out = []
        for k, v in attrs.items():
            key = (str(k), types.get_xml_type(type(v)), scope)
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
    for u, v, key, attrs in edges:
        ends = f'source="{_xml_attr(u)}" target="{_xml_attr(v)}"'
        if key is not None:
            ends += f' id="{_xml_attr(key)}"'
        parts.append(element("edge", ends, data("edge", attrs, "  ")))
    head = [
        f'<key id="{kid}" for="{scope}" attr.name="{_xml_attr(name)}" attr.type="{kind}"/>\n'
        for (name, kind, scope), kid in reversed(keys.items())
    ]
    text = _GRAPHML_HEAD + "".join(head) + "".join(parts) + "</graph></graphml>"
    if _XML_INVALID.search(text):  # one search of the document, not one per value
        raise ValueError(
            "All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control characters"
        )
    return text


def _write_graphml(graph: nx.MultiDiGraph, path: Path) -> None:
    """:func:`to_graphml` to ``path``; graphs it refuses go through ``nx.write_graphml``."""
    if _GRAPHML_SPECIAL & set(graph.graph):
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
        p.write_text(json.dumps(to_aif(graph), ensure_ascii=False, indent=1), encoding="utf-8")
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
    """Write ``<out_dir>/<stem><suffix>`` for every format; returns the paths written."""
    formats = [_check_format(f) for f in formats]
    return [write_map(graph, Path(out_dir) / f"{stem}{SUFFIXES[f]}", f) for f in formats]


def map_path(out_dir: str | Path, stem: str, fmt: str) -> Path:
    """Where :func:`write_maps` puts the ``fmt`` file of ``stem``."""
    return Path(out_dir) / f"{stem}{SUFFIXES[_check_format(fmt)]}"

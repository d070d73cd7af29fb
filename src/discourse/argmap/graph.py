"""Argument maps as networkx graphs: one per thread, and one for a corpus.

Nodes carry a ``type`` attribute:

``issue``      a frame as a policy proposition (``issue:<frame>``)
``claim``      a claim (``claim:<segment id>#<frame>``, see :mod:`.claims`); its
               ``speaker`` wrote it, its ``holder`` holds the position, and its
               ``label`` credits it as the reports do (:func:`credit`:
               "Otto Perez Molina (reported by Karen Hooper): …")
``premise``    a later sentence of a claim (``premise:<segment id>#<frame>``), with
               the claim's ``speaker`` and ``holder``
``speaker``    a person, one per name (``speaker:<name slug>[~<hash>]``, see
               :func:`speaker_node`; the article's author too)
``utterance``  the article or a comment (``utterance:<utterance id>``)
``entity``     a linked entity mentioned in a claim (``entity:<entity id>``)
``key_point``  (corpus map) a cluster of similar claims (``key_point:<key_point_id>``);
               ``speakers`` wrote them, ``holders`` credits their positions as
               :func:`credit` does, the representative claim's first

Edges carry ``relation`` plus the ``evidence`` (space-separated segment ids)
and ``cue`` that justify them:

- claim ``supports`` / ``attacks`` issue (from the stance label; ``cue`` is
  the stance cue, ``score`` its probability),
- premise ``supports`` claim,
- speaker ``asserts`` claim, speaker ``authors`` utterance,
- utterance ``replies_to`` / ``quotes`` utterance,
- speaker ``agrees`` / ``disagrees`` with speaker (explicit cue such as
  "Second all that"; ``target_utterance`` is the comment addressed,
  ``evidence_text`` the sentence with the cue) or with a claim (the same /
  opposite side on its frame in a reply as in the utterance answered, the
  strongest claim of that utterance's position:
  :func:`~.relations.utterance_positions`; ``source_claim`` is the
  speaker's claim),
- claim ``mentions`` entity,
- claim ``instance_of`` key point, key point ``supports`` / ``attacks`` issue.

The graph is a :class:`networkx.MultiDiGraph`, so several relations between
the same pair of nodes stay distinct. Every attribute value is a string or a
number, so the graph can be written to GraphML as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

import networkx as nx
import pandas as pd

from ..model import Thread, position_holder, records, speaker_node
from .claims import Claim, extract_claims, issues_for, thread_claims
from .keypoints import DISTANCE_THRESHOLD, cluster_claims
from .relations import compute_relations

Tables = dict[str, pd.DataFrame]


@lru_cache(maxsize=1 << 16)
def claim_node(claim_id: str) -> str:
    """Node id of a claim."""
    return f"claim:{claim_id}"


def _join(values: Iterable[str]) -> str:
    return " ".join(v for v in values if v)


def _add_edge(g: nx.MultiDiGraph, u: str, v: str, relation: str, **attrs: object) -> None:
    """Add ``u -relation-> v`` unless the same relation with the same evidence exists."""
    data = {"relation": relation, "cue": "", "evidence": "", **attrs}
    for _, existing in (g.get_edge_data(u, v) or {}).items():
        if existing.get("relation") == relation and existing.get("evidence") == data["evidence"]:
            return
    g.add_edge(u, v, **{k: ("" if val is None else val) for k, val in data.items()})


def _add_speaker(g: nx.MultiDiGraph, name: str, role: str) -> str:
    node = speaker_node(name)
    if node not in g:
        g.add_node(node, type="speaker", label=name, name=name, role=role)
    elif role == "author":
        g.nodes[node]["role"] = "author"
    return node


def credit(holder: object, speaker: str) -> str:
    """Whom a map credits a position to, as the report pages do: the speaker for
    their own (``holder`` blank or the speaker's name,
    :func:`~discourse.model.position_holder`), "Holder (reported by Speaker)"
    for one they report — "Otto Perez Molina (reported by Karen Hooper)", not
    "Karen Hooper", for the article's "The former general has said …"."""
    held = position_holder(holder, speaker)
    return speaker if held == speaker else f"{held} (reported by {speaker})"


def _add_claim(g: nx.MultiDiGraph, claim: Claim) -> str:
    node = claim_node(claim.id)
    g.add_node(
        node,
        type="claim",
        label=f"{credit(claim.holder, claim.speaker)}: {claim.text}",
        text=claim.text,
        frame=claim.frame,
        direction=claim.direction,
        speaker=claim.speaker,
        utterance_id=claim.utterance_id,
        thread_id=claim.thread_id,
        segment_ids=_join(claim.segment_ids),
        premises=len(claim.premises),
        score=float(claim.score),
        holder=claim.holder,
    )
    _add_edge(
        g,
        node,
        f"issue:{claim.frame}",
        claim.relation,
        evidence=_join(claim.segment_ids),
        cue="; ".join(claim.cues),
        score=float(claim.score),
    )
    _add_edge(g, speaker_node(claim.speaker), node, "asserts", evidence=_join(claim.segment_ids))
    for seg_id, text in zip(claim.segment_ids[1:], claim.premises, strict=True):
        premise = f"premise:{seg_id}#{claim.frame}"
        g.add_node(
            premise,
            type="premise",
            label=text,
            text=text,
            frame=claim.frame,
            speaker=claim.speaker,
            segment_ids=seg_id,
            thread_id=claim.thread_id,
            holder=claim.holder,  # a claim's sentences have one holder
        )
        _add_edge(g, premise, node, "supports", evidence=seg_id)
    return node


def build_thread_map(thread: Thread, tables: Tables) -> nx.MultiDiGraph:
    """The argument map of one thread from its stage tables.

    ``tables`` holds ``segments`` and ``stances`` (needed for claims),
    optionally ``mentions`` (entity nodes) and ``relations`` (computed here
    with :func:`~discourse.argmap.relations.compute_relations` when absent).
    """
    segments = tables.get("segments", pd.DataFrame())
    stances = tables.get("stances")
    claims = thread_claims(segments, stances) if not segments.empty else []
    relations = tables.get("relations")
    if relations is None:
        relations = compute_relations(thread, segments, stances, claims)

    g = nx.MultiDiGraph(
        kind="thread",
        thread_id=thread.id,
        title=thread.title or thread.id,
        published=thread.date or "",
    )
    frames = sorted({c.frame for c in claims})
    for issue in issues_for(frames):
        g.add_node(
            issue.node_id,
            type="issue",
            label=issue.title,
            text=issue.proposition,
            frame=issue.frame,
        )
    speaker_of: dict[str, str] = {}
    for utt in thread.utterances:
        sp = _add_speaker(g, utt.speaker, "author" if utt.kind == "article" else "commenter")
        speaker_of[utt.id] = sp
        g.add_node(
            f"utterance:{utt.id}",
            type="utterance",
            label=f"{utt.speaker} ({utt.kind})",
            kind=utt.kind,
            speaker=utt.speaker,
            thread_id=thread.id,
            timestamp=utt.timestamp or "",
        )
        _add_edge(g, sp, f"utterance:{utt.id}", "authors")
    claim_ids = {c.id: c for c in claims}
    for claim in claims:
        _add_claim(g, claim)
    seg_text = (
        dict(zip(segments["id"].astype(str), segments["text"].astype(str), strict=True))
        if not segments.empty
        else {}
    )
    _add_relations(g, relations, speaker_of, claim_ids, seg_text)
    _add_mentions(g, tables.get("mentions"), claims)
    return g


def _add_relations(
    g: nx.MultiDiGraph,
    relations: pd.DataFrame,
    speaker_of: dict[str, str],
    claims: dict[str, Claim],
    segment_text: dict[str, str] | None = None,
) -> None:
    """Add the reply, quote and agreement edges of a ``relations`` table to ``g``.

    An explicit cue's edge also keeps ``evidence_text``, the sentence holding
    the cue (from ``segment_text``), so the AIF export can show that sentence
    as the speaker's locution.
    """
    segment_text = segment_text or {}
    used = [c for c in ("source", "target", "relation", "cue", "evidence") if c in relations]
    for row in records(relations, used):
        src, tgt, rel = str(row["source"]), str(row["target"]), str(row["relation"])
        cue = "" if pd.isna(row.get("cue")) else str(row.get("cue"))
        evidence = "" if pd.isna(row.get("evidence")) else str(row.get("evidence"))
        if rel in ("replies_to", "quotes"):
            if src in speaker_of and tgt in speaker_of:
                _add_edge(
                    g, f"utterance:{src}", f"utterance:{tgt}", rel, cue=cue, evidence=evidence
                )
        elif rel in ("agrees", "disagrees"):
            if src in claims and tgt in claims:  # stance-based: speaker → claim
                _add_edge(
                    g,
                    speaker_node(claims[src].speaker),
                    claim_node(tgt),
                    rel,
                    cue=cue,
                    evidence=evidence,
                    source_claim=claim_node(src),
                )
            elif src in speaker_of and tgt in speaker_of:  # explicit cue: speaker → speaker
                _add_edge(
                    g,
                    speaker_of[src],
                    speaker_of[tgt],
                    rel,
                    cue=cue,
                    evidence=evidence,
                    evidence_text=segment_text.get(evidence.strip(), cue),
                    target_utterance=tgt,
                )


def _add_mentions(g: nx.MultiDiGraph, mentions: pd.DataFrame | None, claims: list[Claim]) -> None:
    if mentions is None or mentions.empty or "entity_id" not in mentions:
        return
    claims_of: dict[str, list[Claim]] = {}
    for c in claims:
        for seg in c.segment_ids:
            claims_of.setdefault(seg, []).append(c)
    used = [c for c in ("segment_id", "entity_id", "canonical", "label", "text") if c in mentions]
    for row in records(mentions, used):
        entity = row.get("entity_id")
        if (
            entity is None
            or pd.isna(entity)
            or not str(entity)
            or str(row["segment_id"]) not in claims_of
        ):
            continue
        node = f"entity:{entity}"
        if str(entity) in g and g.nodes[str(entity)].get("type") == "speaker":
            # a commenter named in the thread ("I agree with Ernesto"): the mention's
            # id is the speaker's node (:func:`speaker_node`), not an entity of its own
            node = str(entity)
        canonical = row.get("canonical")
        name = str(canonical) if canonical is not None and not pd.isna(canonical) else str(entity)
        if node not in g:
            g.add_node(
                node,
                type="entity",
                label=name,
                entity_id=str(entity),
                kind=str(row.get("label") or ""),
            )
        for c in claims_of[str(row["segment_id"])]:
            _add_edge(
                g,
                claim_node(c.id),
                node,
                "mentions",
                cue=str(row.get("text") or ""),
                evidence=str(row["segment_id"]),
            )


def build_corpus_map(
    items: Iterable[tuple[Thread, Tables]],
    *,
    distance_threshold: float = DISTANCE_THRESHOLD,
    clusters: Sequence[tuple[list[Claim], Claim]] | None = None,
) -> nx.MultiDiGraph:
    """One map for many threads: shared issues, speakers and entities, plus key points.

    Thread maps are merged node by node (:func:`merge_thread_maps`) and the
    claims of all threads are clustered into key points (:mod:`.keypoints`,
    :func:`add_key_points`). ``clusters`` (the result of
    :func:`~.keypoints.cluster_claims` on the corpus's claims) skips the
    clustering, so ``discourse run`` clusters the corpus once for the map
    and the report.
    """
    all_claims: list[Claim] = []

    def thread_maps() -> Iterator[tuple[str, nx.MultiDiGraph]]:
        for thread, tables in items:
            segs = tables.get("segments", pd.DataFrame())
            if clusters is None and not segs.empty:
                all_claims.extend(extract_claims(segs, tables.get("stances")))
            yield thread.id, build_thread_map(thread, tables)

    g = merge_thread_maps(thread_maps())
    if clusters is None:
        clusters = cluster_claims(all_claims, distance_threshold)
    return add_key_points(g, clusters)


def merge_thread_maps(maps: Iterable[tuple[str, nx.MultiDiGraph]]) -> nx.MultiDiGraph:
    """Thread maps ``(thread id, map)`` merged into one corpus graph, in the given order.

    The four issues, a speaker of the same name and an entity of the same
    ``entity_id`` become one node (a speaker who wrote an article anywhere
    keeps the ``author`` role); every edge is kept.
    """
    g = nx.MultiDiGraph(kind="corpus", title="Corpus")
    threads = []
    for thread_id, tm in maps:
        threads.append(thread_id)
        for node, data in tm.nodes(data=True):
            if node in g:
                if data.get("role") == "author":
                    g.nodes[node]["role"] = "author"
                continue
            g.add_node(node, **data)
        for u, v, data in tm.edges(data=True):
            _add_edge(g, u, v, **data)
    g.graph["threads"] = " ".join(threads)
    g.graph["thread_count"] = len(threads)  # thread ids may hold spaces: do not count words
    return g


def add_key_points(
    g: nx.MultiDiGraph, clusters: Sequence[tuple[list[Claim], Claim]]
) -> nx.MultiDiGraph:
    """Add a node per key point to the corpus graph ``g``, linked to its issue and its claims.

    The node id is ``key_point:`` plus the ``key_point_id`` of the key-points
    table (:func:`~.keypoints.key_points`: ``<frame>:<direction>:<representative
    claim id>``), so a row of the table and a node of the map are found by the
    same id, and the id does not change when another cluster grows or shrinks.
    """
    for members, rep in clusters:
        kp_id = f"{rep.frame}:{rep.direction}:{rep.id}"
        node = f"key_point:{kp_id}"
        g.add_node(
            node,
            type="key_point",
            key_point_id=kp_id,
            label=rep.text,
            text=rep.text,
            frame=rep.frame,
            direction=rep.direction,
            prevalence=len(members),
            speakers="; ".join(dict.fromkeys(c.speaker for c in members)),
            # whose positions, the representative's first, as the report's key points
            holders="; ".join(dict.fromkeys(credit(c.holder, c.speaker) for c in [rep, *members])),
            threads="; ".join(dict.fromkeys(c.thread_id for c in members)),
            representative=claim_node(rep.id),
        )
        _add_edge(
            g,
            node,
            f"issue:{rep.frame}",
            rep.relation,
            evidence=_join(c.segment_ids[0] for c in members),
            prevalence=len(members),
        )
        for c in members:
            _add_edge(g, claim_node(c.id), node, "instance_of", evidence=c.segment_ids[0])
    return g


def nodes_of(g: nx.MultiDiGraph, kind: str) -> list[str]:
    """Ids of the nodes of ``type`` ``kind``, in insertion order."""
    return [n for n, d in g.nodes(data=True) if d.get("type") == kind]


def edges_of(g: nx.MultiDiGraph, relation: str) -> list[tuple[str, str, dict]]:
    """``(source, target, attributes)`` of the edges with ``relation``."""
    return [(u, v, d) for u, v, d in g.edges(data=True) if d.get("relation") == relation]

"""Exports: AIF loads in arguebuf, Argdown parses with the Argdown CLI, and the rest."""

from __future__ import annotations

import json
import re
import shutil
import string
import subprocess
import xml.etree.ElementTree as ET
from itertools import pairwise
from pathlib import Path

import networkx as nx
import pytest

from discourse.argmap import (
    FORMATS,
    build_corpus_map,
    build_thread_map,
    edges_of,
    nodes_of,
    to_aif,
    to_argdown,
    to_dot,
    write_map,
    write_maps,
)
from discourse.argmap.api import map_text
from discourse.argmap.export import argdown_text, argdown_title, map_path, to_graphml
from discourse.argmap.graph import speaker_node

from .conftest import make_thread, simple_tables

ARGDOWN_DIR = Path(__file__).resolve().parents[2] / "tools" / "argdown"
ARGDOWN_BIN = ARGDOWN_DIR / "node_modules" / ".bin" / "argdown"


def _counts(graph):
    """Supports, attacks and propositions the exports must keep."""
    supports = [e for e in edges_of(graph, "supports") if e[0] in graph and e[1] in graph]
    attacks = edges_of(graph, "attacks")
    props = [
        n
        for n, d in graph.nodes(data=True)
        if d["type"] in ("issue", "claim", "premise", "key_point")
    ]
    return len(supports), len(attacks), len(props)


def _proposition(graph, node):
    """What an AIF I-node stands for: the sentence of a claim or premise, else the node."""
    if graph.nodes[node]["type"] in ("claim", "premise"):
        return node.split(":", 1)[1].rsplit("#", 1)[0]
    return node


def _aif_counts(graph):
    """Supports, attacks and propositions in AIF: one I-node per sentence, however many
    frames it takes a position on, and one scheme per pair of propositions."""
    props = {
        _proposition(graph, n)
        for n, d in graph.nodes(data=True)
        if d["type"] in ("issue", "claim", "premise", "key_point")
    }

    def pairs(relation):
        return {
            (_proposition(graph, u), _proposition(graph, v))
            for u, v, _ in edges_of(graph, relation)
            if u in graph and v in graph and graph.nodes[u]["type"] != "speaker"
        }

    return len(pairs("supports")), len(pairs("attacks")), len(props)


def _tricky_map():
    """A thread whose words collide with Argdown and JSON syntax."""
    thread = make_thread(
        "tricky",
        [
            ("Ed [admin]", "*Guest post* by #1 <STRATFOR> @home: troops {now} win_big!", None),
            ("Zoë O'Neil", 'Read http://example/a//b — "war on drugs" ~ failed = 100% true!', None),
        ],
    )
    tables = simple_tables(
        thread, {(0, 1): {"militarization": "favor"}, (1, 1): {"militarization": "against"}}
    )
    return build_thread_map(thread, tables)


def test_aif_round_trip_through_arguebuf(seed_map, tmp_path):
    arguebuf = pytest.importorskip("arguebuf")
    path = write_map(seed_map, tmp_path / "seed.aif.json", "aif")
    g = arguebuf.load.file(path)
    kinds = [type(s.scheme).__name__ for s in g.scheme_nodes.values()]
    supports, attacks, props = _aif_counts(seed_map)
    assert kinds.count("Support") == supports
    assert kinds.count("Attack") == attacks
    assert len(g.atom_nodes) == props
    texts = {a.plain_text for a in g.atom_nodes.values()}
    assert "The ultimate root cause of the drug problem is demand." in texts
    assert "Reduce the demand for illicit drugs" in texts


def test_aif_follows_aifdb_conventions(seed_map):
    aif = to_aif(seed_map)
    nodes = {n["nodeID"]: n for n in aif["nodes"]}
    assert {n["type"] for n in aif["nodes"]} == {"I", "RA", "CA", "L", "YA", "TA"}
    assert all(set(n) >= {"nodeID", "text", "type", "timestamp"} for n in aif["nodes"])
    assert all(set(e) >= {"edgeID", "fromID", "toID"} for e in aif["edges"])
    assert all(e["fromID"] in nodes and e["toID"] in nodes for e in aif["edges"])
    people = {p["participantID"]: p for p in aif["participants"]}
    assert {(p["firstname"], p["surname"]) for p in people.values()} >= {
        ("Aaron", "B"),
        ("Derrick", ""),
    }
    for loc in aif["locutions"]:
        assert nodes[loc["nodeID"]]["type"] == "L"
        assert loc["personID"] in people
    # every claim and premise its speaker holds is asserted: L --YA(Asserting)--> I; a
    # position the speaker reports is tied to the speaker's own locution by a
    # "Reported Speech" YA naming its holder, who makes no locution and is no participant
    asserting = [n for n in aif["nodes"] if n["type"] == "YA" and n["text"] == "Asserting"]
    own = {
        _proposition(seed_map, n)
        for n, d in seed_map.nodes(data=True)
        if d["type"] in ("claim", "premise") and d["holder"] == d["speaker"]
    }
    reported = {
        (_proposition(seed_map, n), d["holder"], d["speaker"])
        for n, d in seed_map.nodes(data=True)
        if d["type"] in ("claim", "premise") and d["holder"] != d["speaker"]
    }
    assert reported
    assert len(asserting) == len(own)
    reporting = [n for n in aif["nodes"] if n["type"] == "YA" and n["text"] == "Reported Speech"]
    assert {(n["holder"], n["reportedBy"]) for n in reporting} == {
        (holder, speaker) for _, holder, speaker in reported
    }
    assert len(reporting) == len({(sentence, holder) for sentence, holder, _ in reported})
    names = {" ".join(filter(None, (p["firstname"], p["surname"]))) for p in people.values()}
    assert not {holder for _, holder, _ in reported} & names
    speaker_of = {
        n["nodeID"]: " ".join(
            filter(None, (people[n["personID"]][k] for k in ("firstname", "surname")))
        )
        for n in aif["locutions"]
    }
    for ya in reporting:  # from the locution of the speaker who reported it
        (src,) = [e["fromID"] for e in aif["edges"] if e["toID"] == ya["nodeID"]]
        assert speaker_of[src] == ya["reportedBy"]
    # no two I-nodes say the same thing
    texts = [n["text"] for n in aif["nodes"] if n["type"] == "I"]
    assert len(texts) == len(set(texts))
    # "Second all that": Distiller's locution agrees with Derrick's claim
    agreeing = [n["nodeID"] for n in aif["nodes"] if n["text"] == "Agreeing"]
    sources = {nodes[e["fromID"]]["text"] for e in aif["edges"] if e["toID"] in agreeing}
    assert "Distiller : Second all that." in sources


def _aif_index(aif):
    """``nodes`` by id, ``succ``/``pred`` lists, and the L-node of each source segment."""
    nodes = {n["nodeID"]: n for n in aif["nodes"]}
    succ: dict[str, list[str]] = {}
    pred: dict[str, list[str]] = {}
    for e in aif["edges"]:
        succ.setdefault(e["fromID"], []).append(e["toID"])
        pred.setdefault(e["toID"], []).append(e["fromID"])
    loc: dict[str, str] = {}
    for entry in aif["locutions"]:
        loc.setdefault(entry["source"], entry["nodeID"])
    return nodes, succ, pred, loc


def _illocutions(aif, kinds=("Agreeing", "Disagreeing")):
    """``(L-node, YA text, target)`` of the YA nodes of ``kinds``."""
    _, succ, pred, _ = _aif_index(aif)
    return [
        (src, n["text"], dst)
        for n in aif["nodes"]
        if n["type"] == "YA" and n["text"] in kinds
        for src in pred[n["nodeID"]]
        for dst in succ[n["nodeID"]]
    ]


def test_aif_says_each_sentence_once(seed_map):
    aif = to_aif(seed_map)
    nodes, succ, _, loc = _aif_index(aif)
    names = {seed_map.nodes[n]["name"] for n in nodes_of(seed_map, "speaker")}
    speakers = {
        p["participantID"]
        for p in aif["participants"]
        if " ".join(filter(None, (p["firstname"], p["surname"]))) in names
    }
    # the speakers' locutions: every participant is a speaker, every locution theirs
    assert len(speakers) == len(aif["participants"]) == len(names)
    sources = [entry["source"] for entry in aif["locutions"] if entry["personID"] in speakers]
    # one locution per sentence: every claim, premise and cue sentence, never repeated
    said = {seed_map.nodes[n]["segment_ids"].split()[0] for n in nodes_of(seed_map, "claim")}
    said |= {seed_map.nodes[n]["segment_ids"] for n in nodes_of(seed_map, "premise")}
    said |= {d["evidence"] for _, _, d in edges_of(seed_map, "agrees") if not d.get("source_claim")}
    said |= {
        d["evidence"] for _, _, d in edges_of(seed_map, "disagrees") if not d.get("source_claim")
    }
    assert len(sources) == len(set(sources)) == len(said)
    assert set(sources) == said
    assert sum(1 for n in aif["nodes"] if n["type"] == "L") == len(said)
    # the sentence of a claim asserts it; a sentence opening claims in three frames is one
    # proposition, asserted once, supporting the three issues
    matt = loc["guatemala-post/matt-yankee/s07"]
    asserted = [i for ya in succ[matt] if nodes[ya]["text"] == "Asserting" for i in succ[ya]]
    text = seed_map.nodes["claim:guatemala-post/matt-yankee/s07#legalization"]["text"]
    assert [nodes[i]["text"] for i in asserted] == [text]
    supported = {
        nodes[issue]["text"]
        for ra in succ[asserted[0]]
        if nodes[ra]["type"] == "RA"
        for issue in succ[ra]
    }
    assert supported == {
        "Reduce the demand for illicit drugs",
        "Fight drug trafficking with military force",
        "Legalise or decriminalise illicit drugs",
    }


def test_aif_agreement_is_linked_once_and_never_both_ways(seed_map):
    aif = to_aif(seed_map)
    nodes, _, _, loc = _aif_index(aif)
    links = _illocutions(aif)
    pairs = [(src, dst) for src, _, dst in links]
    assert len(pairs) == len(set(pairs))  # no locution agrees and disagrees with one proposition
    # "Second all that": one link, to Derrick's claim
    distiller = [
        (k, nodes[d]["text"]) for s, k, d in links if s == loc["guatemala-post/distiller/s01"]
    ]
    assert distiller == [("Agreeing", "The ultimate root cause of the drug problem is demand.")]
    # "Great post": one link to the article, not one per claim of it
    great = [k for s, k, _ in links if s == loc["guatemala-post/matt-yankee/s01"]]
    assert great == ["Agreeing"]
    # Aaron B argues both sides of militarization ("I agree that closer relationships
    # … are key", then three sentences on the Zetas and the limits): by stance he
    # neither agrees nor disagrees with the article, where his "I agree" sentence
    # agreed with every claim of it and his "Zetas" sentence disagreed with them all;
    # his explicit "I agree" is one link, to a claim the article's author holds (not
    # Perez Molina's, which the article reports)
    article = {
        seed_map.nodes[n]["text"]
        for n in nodes_of(seed_map, "claim")
        if "/article/" in n and seed_map.nodes[n]["holder"] in ("", seed_map.nodes[n]["speaker"])
    }
    agree = [(k, nodes[d]["text"]) for s, k, d in links if s == loc["guatemala-post/aaron-b/s02"]]
    assert len(agree) == 1 and agree[0][0] == "Agreeing" and agree[0][1] in article
    assert not [k for s, k, _ in links if s == loc["guatemala-post/aaron-b/s03"]]


def test_aif_cue_agrees_with_what_the_speaker_does_not_dispute():
    thread = make_thread(
        "cue",
        [
            ("Ann", "We must send troops to the border. We should legalize marijuana.", None),
            ("Ben", "I agree. Troops are a mistake.", None),
        ],
    )
    tables = simple_tables(
        thread,
        {
            (0, 1): {"militarization": "favor"},
            (0, 2): {"legalization": "favor"},
            (1, 2): {"militarization": "against"},
        },
    )
    aif = to_aif(build_thread_map(thread, tables))
    nodes, _, _, loc = _aif_index(aif)
    got = {(s, k, nodes[d]["text"]) for s, k, d in _illocutions(aif)}
    # "I agree" is not read as agreeing with the troops Ben disputes in his next sentence
    assert got == {
        (loc["cue/ben/s01"], "Agreeing", "We should legalize marijuana."),
        (loc["cue/ben/s02"], "Disagreeing", "We must send troops to the border."),
    }
    assert nodes[loc["cue/ben/s01"]]["text"] == "Ben : I agree."


def test_aif_great_post_agrees_with_the_authors_own_claim_the_speaker_does_not_dispute(
    seed_map,
):
    # "Matt Yankee: Great post." was linked to "The former general has said he intends
    # to use Guatemala's elite military forces …", Perez Molina's position the article
    # reports, which Matt Yankee's own claims dispute
    aif = to_aif(seed_map)
    nodes, _, _, loc = _aif_index(aif)
    links = _illocutions(aif)
    great = loc["guatemala-post/matt-yankee/s01"]
    (target,) = [d for s, _, d in links if s == great]
    by_text = {d["text"]: d for _, d in seed_map.nodes(data=True) if d["type"] == "claim"}
    claim = by_text[nodes[target]["text"]]
    assert claim["speaker"] == claim["holder"] == "Karen Hooper"
    # Matt Yankee's sentences side with it (as well as against it): he does not dispute it
    matt = {loc[seg] for seg in loc if "/matt-yankee/" in seg} - {great}
    assert "Agreeing" in {k for s, k, d in links if s in matt and d == target}


def _cue_thread_aif(first: str, reply: str, labels: dict) -> tuple[dict, dict, list]:
    thread = make_thread("cue", [("Ann", first, None), ("Ben", reply, None)])
    aif = to_aif(build_thread_map(thread, simple_tables(thread, labels)))
    nodes, _, _, loc = _aif_index(aif)
    return nodes, loc, [(s, k, nodes[d]["text"]) for s, k, d in _illocutions(aif)]


def test_aif_cue_links_nothing_when_the_speaker_disputes_every_claim():
    # "I couldn't agree more." was "Agreeing" to the claim Ben's next sentence disputes
    nodes, loc, got = _cue_thread_aif(
        "We must send troops to the border.",
        "I couldn't agree more. Troops are a mistake.",
        {(0, 1): {"militarization": "favor"}, (1, 2): {"militarization": "against"}},
    )
    assert got == [(loc["cue/ben/s02"], "Disagreeing", "We must send troops to the border.")]
    assert nodes[loc["cue/ben/s01"]]["text"] == "Ben : I couldn't agree more."


def test_aif_cue_skips_positions_the_addressee_only_reports():
    # Ann reports the general's position and argues her own: "I agree" is with hers
    _, loc, got = _cue_thread_aif(
        "The general has said he will send troops. We should legalize marijuana.",
        "I agree.",
        {
            (0, 1): {"militarization": "favor", "holder": "the general"},
            (0, 2): {"legalization": "favor"},
        },
    )
    assert got == [(loc["cue/ben/s01"], "Agreeing", "We should legalize marijuana.")]
    # and with only a reported position there is nothing of Ann's to agree with
    _, _, got = _cue_thread_aif(
        "The general has said he will send troops.",
        "I agree.",
        {(0, 1): {"militarization": "favor", "holder": "the general"}},
    )
    assert got == []


def test_aif_transitions_follow_the_dialogue(seed_map):
    aif = to_aif(seed_map)
    nodes, succ, pred, loc = _aif_index(aif)
    # the dialogue is the speakers' locutions (a holder's reported one is no turn of it)
    source = {lid: seg for seg, lid in loc.items()}
    steps = set()
    for n in aif["nodes"]:
        if n["type"] == "TA":
            (before,), (after,) = pred[n["nodeID"]], succ[n["nodeID"]]
            assert nodes[before]["type"] == nodes[after]["type"] == "L"
            steps.add((source[before], source[after]))

    def key(seg):
        return int(seg.rsplit("/s", 1)[1])

    by_utt: dict[str, list[str]] = {}
    for seg in sorted(source.values(), key=key):
        by_utt.setdefault(seg.rsplit("/", 1)[0], []).append(seg)
    expected = {(a, b) for segs in by_utt.values() for a, b in pairwise(segs)}
    # each reply picks up from the article's last locution, at the reply's first
    article = by_utt.pop("guatemala-post/article")
    expected |= {(article[-1], segs[0]) for segs in by_utt.values()}
    assert steps == expected
    assert ("guatemala-post/article/s30", "guatemala-post/aaron-b/s01") in steps


def test_aif_of_a_corpus_map_keeps_key_points(seed_thread, seed_tables):
    arguebuf = pytest.importorskip("arguebuf")
    g = build_corpus_map([(seed_thread, seed_tables)])
    aif = to_aif(g)
    loaded = arguebuf.load.dict(aif)
    supports, attacks, props = _aif_counts(g)
    kinds = [type(s.scheme).__name__ for s in loaded.scheme_nodes.values()]
    assert (kinds.count("Support"), kinds.count("Attack"), len(loaded.atom_nodes)) == (
        supports,
        attacks,
        props,
    )


def _argdown(command: str, source: str, out: Path) -> None:
    """Run the Argdown CLI's ``command`` (``json``, ``html``) on ``source`` (a file or a
    glob) into ``out``; fails on any error or warning, skips without the CLI."""
    if shutil.which("node") is None or not ARGDOWN_BIN.exists():
        pytest.skip(
            "Argdown CLI not installed: needs node and `npm ci --prefix tools/argdown` "
            f"({ARGDOWN_BIN} missing)"
        )
    proc = subprocess.run(
        [str(ARGDOWN_BIN), command, source, str(out)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ARGDOWN_DIR,
    )
    log = (proc.stdout + proc.stderr).lower()
    assert proc.returncode == 0, log
    assert "error" not in log and "warn" not in log, log


def _argdown_json(path: Path, out: Path) -> dict:
    _argdown("json", str(path), out)
    return json.loads((out / f"{path.stem}.json").read_text(encoding="utf-8"))


def _expected_argdown_relations(graph):
    rels = set()
    for u, v, d in graph.edges(data=True):
        if d["relation"] not in ("supports", "attacks"):
            continue
        rels.add((graph.nodes[u]["type"], graph.nodes[v]["type"], d["relation"]))
    return rels


@pytest.mark.node
def test_argdown_round_trip_through_the_argdown_cli(seed_map, tmp_path):
    path = write_map(seed_map, tmp_path / "seed.argdown", "argdown")
    data = _argdown_json(path, tmp_path / "out")
    statements = data["statements"]
    arguments = data["arguments"]
    issues = [seed_map.nodes[n]["label"] for n in nodes_of(seed_map, "issue")]
    assert set(issues) <= set(statements)
    # one argument per claim sentence, however many frames it takes a position on
    sentences = {_proposition(seed_map, n) for n in nodes_of(seed_map, "claim")}
    assert len(arguments) == len(sentences) < len(nodes_of(seed_map, "claim"))
    texts = [a["members"][0]["text"] for a in arguments.values()]
    assert len(texts) == len(set(texts))
    premises = {
        (_proposition(seed_map, c), _proposition(seed_map, p))
        for p, c, _ in edges_of(seed_map, "supports")
        if seed_map.nodes[p]["type"] == "premise"
    }
    assert len(statements) == len(issues) + len(premises)
    kinds = {"support": "supports", "attack": "attacks"}
    got = [(r["from"], r["to"], kinds[r["relationType"]]) for r in data["relations"]]
    supports, attacks, _ = _counts(seed_map)
    assert sum(1 for g in got if g[2] == "supports") == supports
    assert sum(1 for g in got if g[2] == "attacks") == attacks
    # the claim texts and speaker tags survive
    derrick = [
        a
        for a in arguments.values()
        if "derrick" in a.get("tags", []) or "Derrick" in a.get("tags", [])
    ]
    assert derrick and "root cause" in derrick[0]["members"][0]["text"]
    assert [s["title"] for s in data["sections"]] == [*issues, "Agreement between speakers"]


@pytest.mark.node
def test_argdown_escapes_special_characters(tmp_path):
    graph = _tricky_map()
    path = write_map(graph, tmp_path / "tricky.argdown", "argdown")
    data = _argdown_json(path, tmp_path / "out")
    texts = [a["members"][0]["text"] for a in data["arguments"].values()]
    assert any("*Guest post* by #1 <STRATFOR> @home: troops {now} win_big!" in t for t in texts)
    assert any("http://example/a//b" in t for t in texts)


#: Thread titles YAML reads as something else than the plain string they are.
NASTY_TITLES = (
    "'War on drugs' has failed, experts say",
    "- Opinion",
    ",Dave",
    "-",
    *(f"{c} leading" for c in ":#&*!|>%@`?[]{}\\\"'"),
    "yes",
    "null",
    "123",
    "1e3",
    "~",
    "",
    "Guatemala: the army's role: a debate",
    "a #hash and key: value",
    "--- document",
    "=== fence",
    "line\nbreak\ttab \x07 bell",
    "Zoë 'Ñ' — 张伟",
)


def _titled_map(title: str) -> nx.MultiDiGraph:
    thread = make_thread("titled", [("Ed", "We should send the army.", None)])
    graph = build_thread_map(thread, simple_tables(thread, {(0, 1): {"militarization": "favor"}}))
    graph.graph["title"] = title
    return graph


def test_argdown_front_matter_title_is_a_quoted_yaml_string():
    # "title: 'War on drugs' has failed" is a YAMLException: the CLI refused the file
    for title in NASTY_TITLES:
        line = to_argdown(_titled_map(title)).split("\n")[1]
        assert line.startswith('title: "'), line
        # a double-quoted YAML scalar in JSON's string syntax (a YAML 1.2 subset)
        assert json.loads(line.removeprefix("title: ")) == argdown_title(title), line


@pytest.mark.node
def test_argdown_with_nasty_titles_parses_and_keeps_the_title(tmp_path):
    for n, title in enumerate(NASTY_TITLES):
        write_map(_titled_map(title), tmp_path / "maps" / f"{n}.argdown", "argdown")
    _argdown("html", str(tmp_path / "maps" / "*.argdown"), tmp_path / "html")
    for n, title in enumerate(NASTY_TITLES):
        page = (tmp_path / "html" / f"{n}.html").read_text(encoding="utf-8")
        # the title as the Argdown CLI read it from the front matter
        assert re.search("<title>(.*?)</title>", page)[1] == argdown_title(title), title


def test_argdown_text_is_one_escaped_line():
    assert argdown_text("a [b]\n<c> #d") == "a \\[b\\] \\<c\\> \\#d"
    assert "\n" not in to_argdown(_tricky_map()).split("# Militarization")[1].split("\n\n")[1]


def test_graphml_round_trip(seed_map, tmp_path):
    path = write_map(seed_map, tmp_path / "seed.graphml", "graphml")
    back = nx.read_graphml(path, force_multigraph=True)
    assert back.number_of_nodes() == seed_map.number_of_nodes()
    assert back.number_of_edges() == seed_map.number_of_edges()
    assert (
        back.nodes["issue:militarization"]["text"] == "Fight drug trafficking with military force"
    )


def _odd_graph() -> nx.MultiDiGraph:
    """Values of every GraphML type, markup in ids and text, parallel edges, an empty node."""
    import numpy as np

    g = nx.MultiDiGraph(title='a "map" & <more>', weight=1.5)
    tricky = "a&<>\"'\n\t\r x é 😀"
    g.add_node(tricky, text=tricky, n=1, f=0.5, b=True, x=np.float64(2.5), i=np.int64(3))
    g.add_node("bare")
    g.add_edge("bare", "bare")
    g.add_edge("bare", tricky, cue="x", w=1)
    g.add_edge("bare", tricky, w=1.5)  # same attribute name, another type: another key
    return g


def _numbered(graph):
    """``graph`` with its multigraph edges keyed ``e0``, ``e1`` … in edge order: what
    ``nx.write_graphml`` writes with the unique edge ids :func:`to_graphml` gives."""
    if not graph.is_multigraph():
        return graph
    numbered = graph.__class__()
    numbered.graph.update(graph.graph)
    numbered.add_nodes_from(graph.nodes(data=True))
    numbered.add_edges_from(
        (u, v, f"e{n}", d) for n, (u, v, d) in enumerate(graph.edges(data=True))
    )
    return numbered


def test_graphml_edge_ids_are_unique_and_read_back(seed_map, tmp_path):
    # every edge of one pair was id="0" (the multigraph key): Gephi and yEd keep one
    # edge per id ("Edge already exists id=0") and dropped most of the map
    path = write_map(seed_map, tmp_path / "seed.graphml", "graphml")
    ns = "{http://graphml.graphdrawing.org/xmlns}"
    ids = [e.get("id") for e in ET.parse(path).getroot().iter(f"{ns}edge")]
    assert len(ids) == len(set(ids)) == seed_map.number_of_edges()
    assert ids[:3] == ["e0", "e1", "e2"]
    back = nx.read_graphml(path, force_multigraph=True)

    def edges(graph):
        return sorted(repr((u, v, sorted(d.items()))) for u, v, d in graph.edges(data=True))

    assert edges(back) == edges(seed_map)


def test_graphml_is_what_networkx_writes_byte_for_byte(seed_map, tmp_path):
    """The direct GraphML writer keeps ``nx.write_graphml``'s bytes (but for the unique
    edge ids, which networkx writes given them as keys), so every reader is unaffected."""
    graphs = [
        seed_map,
        _tricky_map(),
        build_corpus_map([(make_thread("t", [("A", "x", None)]), {})]),
        _odd_graph(),
        nx.MultiDiGraph(),
        nx.DiGraph([(1, 2, {"a": "b"})]),
        nx.Graph([(1, 2)]),
    ]
    for n, graph in enumerate(graphs):
        nx.write_graphml(_numbered(graph), tmp_path / f"{n}.graphml")
        assert to_graphml(graph).encode("utf-8") == (tmp_path / f"{n}.graphml").read_bytes(), n
    # attributes networkx writes specially go through networkx, edges numbered alike
    special = nx.MultiDiGraph(node_default={"kind": "x"})
    special.add_node("a", kind="y")
    special.add_edges_from([("a", "b"), ("a", "b"), ("b", "a")])
    with pytest.raises(ValueError, match="node_default"):
        to_graphml(special)
    ours, theirs = tmp_path / "special.graphml", tmp_path / "special-nx.graphml"
    write_map(special, ours, "graphml")
    nx.write_graphml(_numbered(special), theirs)
    assert ours.read_text("utf-8").count('id="e') == 3
    assert ours.read_bytes() == theirs.read_bytes()
    # characters XML cannot hold are dropped (lxml refuses them and loses the whole map)
    bad = nx.MultiDiGraph()
    bad.add_node("a", text="bell \x07")
    assert '<data key="d0">bell </data>' in to_graphml(bad)


def test_dot_lists_every_claim_with_its_colour(seed_map, tmp_path):
    text = write_map(seed_map, tmp_path / "seed.dot", "dot").read_text(encoding="utf-8")
    assert text.startswith("digraph ") and text.rstrip().endswith("}")
    for claim in nodes_of(seed_map, "claim"):
        assert f'"{claim}" [' in text
    assert text.count('fillcolor="#dbe9f6"') == sum(
        1 for n in nodes_of(seed_map, "claim") if seed_map.nodes[n]["direction"] == "favor"
    )
    assert 'label="agrees: Second all that"' in text


def test_dot_tells_support_from_attack_by_more_than_colour(seed_map):
    # supports were green solid, attacks red solid, agrees green dashed, disagrees red
    # dashed: a red/green pair and colour alone. Now the SVG's blue and red, and the
    # SVG's solid/dashed, plus a bar ending every attack or disagreement
    text = to_dot(seed_map)
    styles = {
        rel: set(
            re.findall(rf'label="{rel}[^"]*", color="([^"]+)", style=(\w+), arrowhead=(\w+)', text)
        )
        for rel in ("supports", "attacks", "agrees", "disagrees")
    }
    assert styles["supports"] == styles["agrees"] == {("#2166ac", "solid", "normal")}
    assert styles["attacks"] == styles["disagrees"] == {("#b2182b", "dashed", "tee")}
    assert "#1a9850" not in text and "#d73027" not in text
    # claims against have a dashed red border, in favour a solid blue one
    against = [
        n for n in nodes_of(seed_map, "claim") if seed_map.nodes[n]["direction"] == "against"
    ]
    for claim in against:
        assert re.search(
            rf'"{re.escape(claim)}" \[[^\n]*color="#b2182b", fillcolor="#fbe3dc", style="filled,dashed"',
            text,
        )


def _scraped_map() -> nx.MultiDiGraph:
    """A thread with control characters and HTML entities written out in its text."""
    thread = make_thread(
        "scraped &amp; R&D",
        [
            ("Ed\u0007itor", "Ban it \u0001 now. Tom &amp; Jerry &lt;3 R&D.", None),
            ("Zo\x0ce", "I agree.", 0),
        ],
    )
    against = {"legalization": "against"}
    return build_thread_map(thread, simple_tables(thread, {(0, 1): against, (0, 2): against}))


def test_dot_escapes_ampersands_and_drops_control_characters():
    # Graphviz decodes HTML entities in labels: "&amp; &lt;" was shown as "& <"
    # (and control characters went into its SVG, which no XML reader took)
    from discourse.argmap.export import _dot_quote

    assert _dot_quote("Ed\u0007itor \x01: Tom &amp; Jerry &lt;3 R&D") == (
        '"Editor : Tom &amp;amp; Jerry &amp;lt;3 R&amp;D"'
    )
    assert _dot_quote('a "b" \\ c\nd') == '"a \\"b\\" \\\\ c\\nd"'
    text = to_dot(_scraped_map())
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", text)
    assert 'label="Editor"' in text
    assert "Tom &amp;amp; Jerry &amp;lt;3 R&amp;D" in text


def test_every_format_drops_the_control_characters_the_others_drop(tmp_path):
    # Argdown kept the bell (\x07) that DOT, GraphML and SVG drop
    graph = _scraped_map()
    control = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
    for fmt in FORMATS:
        text = write_map(graph, tmp_path / f"scraped.{fmt}", fmt).read_text(encoding="utf-8")
        assert not control.search(text), fmt
    argdown = to_argdown(graph)
    assert "<Editor 1>: Ban it now. #(Editor)" in argdown  # "Ban it \x01 now", "Ed\x07itor"
    assert "// Zoe agrees with Editor (I agree)" in argdown


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz (dot) not installed")
def test_dot_through_graphviz_shows_the_text_as_it_is(tmp_path):
    path = write_map(_scraped_map(), tmp_path / "scraped.dot", "dot")
    svg = subprocess.run(
        ["dot", "-Tsvg", str(path)], capture_output=True, check=True, timeout=60
    ).stdout
    root = ET.fromstring(svg)  # valid XML: no control characters
    shown = [t.text or "" for t in root.iter() if t.tag.endswith("text")]
    # the tooltips (xlink:title)
    tips = [v for e in root.iter() for k, v in e.attrib.items() if k.endswith("}title")]
    assert "Editor" in shown and "Zo e" in shown  # a form feed in a name is a space
    assert "Tom &amp; Jerry &lt;3 R&D." in shown
    assert "Tom &amp; Jerry &lt;3 R&D." in tips
    titles = [t.text or "" for t in root.iter() if t.tag.endswith("title")]
    assert "scraped &amp; R&D" in titles


def test_svg_is_a_readable_picture(seed_map, tmp_path):
    path = write_map(seed_map, tmp_path / "seed.svg", "svg")
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    words = " ".join(t.text or "" for t in root.iter() if t.tag.endswith("text"))
    for name in ("Karen Hooper", "Aaron B", "Matt Yankee", "Derrick", "Distiller"):
        assert name in words
    for issue in ("Demand reduction", "Militarization", "Arms control", "Legalization"):
        assert issue in words
    assert "Second all that" in words and "claim in favour" in words


def test_write_maps_writes_every_format(seed_map, tmp_path):
    paths = write_maps(seed_map, tmp_path / "maps", "guatemala-post")
    assert [p.name for p in paths] == [
        "guatemala-post.aif.json",
        "guatemala-post.argdown",
        "guatemala-post.graphml",
        "guatemala-post.dot",
        "guatemala-post.svg",
    ]
    assert all(p.stat().st_size > 0 for p in paths)
    assert FORMATS == ("aif", "argdown", "graphml", "dot", "svg")


@pytest.mark.parametrize("thread_id", ["week/1", "../escape", "names & <quotes>", "x" * 300])
def test_write_maps_names_files_safely_as_discourse_map_does(seed_map, tmp_path, thread_id):
    """The README's ``write_maps(g, "maps", thread.id)`` used the id as the file
    name: "week/1" wrote into a subfolder, "../escape" outside the folder."""
    from discourse.io import file_stem

    out = tmp_path / "deep" / "maps"
    paths = write_maps(seed_map, out, thread_id, formats=["dot", "svg"])
    assert [p.name for p in paths] == [f"{file_stem(thread_id)}.dot", f"{file_stem(thread_id)}.svg"]
    assert all(p.parent == out and p.is_file() for p in paths)
    written = {p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file()}
    assert written == {p.relative_to(tmp_path) for p in paths}  # nothing elsewhere
    assert map_path(out, thread_id, "dot") == paths[0]
    # a stem already made safe, and a corpus map's "corpus", are used as they are
    assert write_maps(seed_map, out, file_stem(thread_id), formats=["dot"]) == paths[:1]
    assert write_maps(seed_map, out, "corpus", formats=["dot"])[0].name == "corpus.dot"


def test_unknown_format_is_a_coded_error(seed_map, tmp_path):
    with pytest.raises(ValueError, match=r"\[E400\]"):
        write_map(seed_map, tmp_path / "x.pdf", "pdf")
    with pytest.raises(ValueError, match=r"\[E400\]"):
        write_maps(seed_map, tmp_path, "x", formats=["svg", "png"])


def _spaced_thread_map():
    """A thread whose id holds spaces (JSON input may give any id) and a non-Latin speaker."""
    thread = make_thread(
        "drug debate 2024",
        [
            ("Editor", "We must legalise cannabis now. Prohibition has failed.", None),
            ("Дмитрий", "Legalising drugs is a terrible idea. It will hurt kids.", None),
            ("张伟", "You're wrong. Legalisation works in Portugal.", 1),
        ],
    )
    tables = simple_tables(
        thread,
        {
            (0, 1): {"legalization": "favor"},
            (0, 2): {"legalization": "favor"},
            (1, 1): {"legalization": "against"},
            (2, 2): {"legalization": "favor"},
        },
    )
    return build_thread_map(thread, tables)


def test_aif_locutions_when_segment_ids_hold_spaces():
    # splitting "drug debate 2024/…" at spaces made the whole thread one locution of the editor
    aif = to_aif(_spaced_thread_map())
    nodes = {n["nodeID"]: n for n in aif["nodes"]}
    people = {p["participantID"]: p["firstname"] for p in aif["participants"]}
    said = {
        (people[loc["personID"]], nodes[loc["nodeID"]]["text"].split(" : ", 1)[1], loc["source"])
        for loc in aif["locutions"]
    }
    assert said == {
        ("Editor", "We must legalise cannabis now.", "drug debate 2024/article/s01"),
        ("Editor", "Prohibition has failed.", "drug debate 2024/article/s02"),
        ("Дмитрий", "Legalising drugs is a terrible idea.", "drug debate 2024/дмитрий/s01"),
        ("张伟", "You're wrong.", "drug debate 2024/张伟/s01"),
        ("张伟", "Legalisation works in Portugal.", "drug debate 2024/张伟/s02"),
    }
    # each claim is asserted by its own speaker's locution
    into = {e["toID"]: e["fromID"] for e in aif["edges"]}
    for ya in (n for n in aif["nodes"] if n["text"] == "Asserting"):
        prop = next(nodes[e["toID"]]["text"] for e in aif["edges"] if e["fromID"] == ya["nodeID"])
        assert nodes[into[ya["nodeID"]]]["text"].endswith(f" : {prop}")
    # the explicit "You're wrong" disagrees with Дмитрий's claim
    dis = [n for n in aif["nodes"] if n["text"] == "Disagreeing"]
    ends = {
        (nodes[into[n["nodeID"]]]["text"], nodes[e["toID"]]["text"])
        for n in dis
        for e in aif["edges"]
        if e["fromID"] == n["nodeID"]
    }
    assert ("张伟 : You're wrong.", "Legalising drugs is a terrible idea.") in ends


def test_argdown_comments_stay_on_one_line():
    # a speaker name with a line break ended the // comment and broke the document
    thread = make_thread(
        "names",
        [
            ("Ed\n[admin]", "We should send the army.", None),
            ("Zoë\nO'Neil", "Great post.", None),
        ],
    )
    text = to_argdown(build_thread_map(thread, simple_tables(thread, {})))
    agreement = text.split("# Agreement between speakers\n", 1)[1]
    assert agreement.strip() == "// Zoë O'Neil agrees with Ed [admin] (Great post)"


@pytest.mark.node
def test_argdown_with_line_breaks_and_non_latin_names_parses(tmp_path):
    graph = _spaced_thread_map()
    graph.nodes[speaker_node("Дмитрий")]["label"] = "Дмитрий\n[staff]"
    path = write_map(graph, tmp_path / "spaced.argdown", "argdown")
    assert "// 张伟 disagrees with Дмитрий [staff] (You're wrong)" in path.read_text("utf-8")
    data = _argdown_json(path, tmp_path / "out")
    tags = {t for a in data["arguments"].values() for t in a.get("tags", [])}
    assert {"Editor", "Дмитрий", "张伟"} <= tags


def test_argdown_of_an_empty_map_has_a_section():
    # front matter and comments alone are not a valid Argdown document
    text = to_argdown(build_corpus_map([]))
    assert "\n# Empty map\n" in text


@pytest.mark.node
def test_empty_maps_parse_in_argdown(tmp_path):
    empty = write_map(build_corpus_map([]), tmp_path / "empty.argdown", "argdown")
    _argdown_json(empty, tmp_path / "out")
    thread = make_thread("quiet", [("Ed", "Hello there.", None), ("Bo", "Nice weather.", None)])
    quiet = build_thread_map(thread, simple_tables(thread, {}))
    _argdown_json(write_map(quiet, tmp_path / "quiet.argdown", "argdown"), tmp_path / "out")
    aif = to_aif(quiet)
    assert {n["type"] for n in aif["nodes"]} == {"I"} and aif["locutions"] == []


def test_argdown_keeps_speakers_apart_whose_names_clean_up_alike():
    # "Дмитрий" and "Дмитрий!" are two speakers of the map but both cleaned up to the
    # tag #(Дмитрий), and their arguments were numbered as one person's
    thread = make_thread(
        "alike",
        [("Дмитрий", "We should send the army.", None), ("Дмитрий!", "Troops fail.", None)],
    )
    tables = simple_tables(
        thread, {(0, 1): {"militarization": "favor"}, (1, 1): {"militarization": "against"}}
    )
    graph = build_thread_map(thread, tables)
    assert len(nodes_of(graph, "speaker")) == 2
    text = to_argdown(graph)
    assert "<Дмитрий 1>: We should send the army. #(Дмитрий)" in text
    assert "<Дмитрий-2 1>: Troops fail. #(Дмитрий-2)" in text


#: Speaker names with every ASCII punctuation character at their start, middle
#: and end, and the names that broke Argdown titles (``<_jm 1>``, ``<- Dave 1>``).
ODD_SPEAKERS = (
    *(n for c in string.punctuation for n in (f"{c}Dave", f"Da{c}ve", f"Dave{c}")),
    *("-", "_", "- Dave", "_jm", "jm", "__init__", "-_- x", "Dave -", "a <- b", "a _> b"),
)


def _odd_speakers_map() -> nx.MultiDiGraph:
    """Every one of :data:`ODD_SPEAKERS` makes a claim with a premise, in one thread."""
    items = [("Ed", "An article.", None)]
    items += [(name, "We should send the army. Troops work.", None) for name in ODD_SPEAKERS]
    thread = make_thread("odd", items)
    favor = {"militarization": "favor"}
    labels = {(n, k): favor for n in range(1, len(items)) for k in (1, 2)}
    return build_thread_map(thread, simple_tables(thread, labels))


def test_argdown_titles_never_start_as_a_relation():
    # "<_jm 1>" and "<-Dave 1>" read as an undercut and an attack: a syntax error
    text = to_argdown(_odd_speakers_map())
    titles = re.findall(r"^<([^>]*)>: .* #\(([^)]*)\)$", text, re.M)
    assert len(titles) == len(ODD_SPEAKERS)
    assert not [t for t in titles if t[0][0] in "-_ " or t[1][0] in "-_ "]
    # names that clean up alike stay apart, in the order they first speak
    assert ("jm 1", "jm") in titles and ("jm-2 1", "jm-2") in titles
    assert ("untitled 1", "untitled") in titles and ("untitled-2 1", "untitled-2") in titles


@pytest.mark.node
def test_argdown_with_punctuation_in_speaker_names_parses(tmp_path):
    graph = _odd_speakers_map()
    data = _argdown_json(write_map(graph, tmp_path / "odd.argdown", "argdown"), tmp_path / "out")
    # one argument, tag and premise per speaker: no speaker merged into another
    assert len(data["arguments"]) == len(ODD_SPEAKERS)
    tags = {t for a in data["arguments"].values() for t in a.get("tags", [])}
    assert len(tags) == len(ODD_SPEAKERS)
    assert len(data["statements"]) == len(nodes_of(graph, "issue")) + len(ODD_SPEAKERS)
    kinds = [r["relationType"] for r in data["relations"]]
    assert kinds.count("support") == 2 * len(ODD_SPEAKERS)


def test_graphml_drops_control_characters_xml_cannot_hold(tmp_path):
    # a form feed or bell in a scraped comment made the whole GraphML export fail
    thread = make_thread(
        "ctl", [("Ed\x07", "We must legalise cannabis now.\x0c It works \x01 fine.", None)]
    )
    tables = simple_tables(thread, {(0, 1): {"legalization": "favor"}})
    path = write_map(build_thread_map(thread, tables), tmp_path / "ctl.graphml", "graphml")
    back = nx.read_graphml(path, force_multigraph=True)
    labels = {d.get("label") for _, d in back.nodes(data=True)}
    assert "Ed" in labels and "Ed: We must legalise cannabis now." in labels
    # the same document on stdout (``discourse map -f graphml`` without ``-o``)
    assert map_text(build_thread_map(thread, tables), "graphml") == path.read_text("utf-8") + "\n"


def test_start_maps_with_two_processes_writes_the_same_files(seed_map, tmp_path):
    """The forked process writes AIF and GraphML byte for byte as one process does."""
    from discourse.argmap.export import FORMATS, start_maps

    alone = write_maps(seed_map, tmp_path / "one", "seed")
    paths, pending = start_maps(seed_map, tmp_path / "two", "seed", FORMATS, processes=2)
    assert pending is not None
    pending.wait()
    assert [p.name for p in paths] == [p.name for p in alone]
    for a, b in zip(alone, paths, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    paths, pending = start_maps(seed_map, tmp_path / "three", "seed", ("dot", "svg"), processes=2)
    assert pending is None  # nothing slow to hand over: no process forked
    assert all(p.is_file() for p in paths)


def test_a_failed_background_write_raises_here(seed_map, tmp_path):
    """The error a forked writer met (here: a folder where the AIF file goes)
    comes out of ``wait`` in the calling process, as without the fork."""
    from discourse.argmap.export import start_maps

    (tmp_path / "seed.aif.json").mkdir()
    _, pending = start_maps(seed_map, tmp_path, "seed", ("aif", "dot"), processes=2)
    assert pending is not None and (tmp_path / "seed.dot").is_file()
    with pytest.raises(IsADirectoryError):
        pending.wait()


def _reported_thread():
    """Karen Hooper reports Otto Perez Molina's position and argues her own; Ann answers."""
    thread = make_thread(
        "rep",
        [
            (
                "Karen Hooper",
                "Perez Molina has said he will send the army. He wants special forces. "
                "Treatment works better.",
                None,
            ),
            ("Ann", "We should legalize it.", None),
        ],
    )
    perez = {"militarization": "favor", "holder": "Otto Perez Molina"}
    labels = {
        (0, 1): perez,
        (0, 2): perez,
        (0, 3): {"demand_reduction": "favor"},
        (1, 1): {"legalization": "favor"},
    }
    return thread, simple_tables(thread, labels)


def test_every_format_credits_a_reported_claim_to_its_holder(tmp_path):
    # the report's key points said "— Otto Perez Molina (reported by Karen Hooper)" but
    # the maps "Karen Hooper: The former general has said …"
    thread, tables = _reported_thread()
    graph = build_thread_map(thread, tables)
    credited = "Otto Perez Molina (reported by Karen Hooper)"
    claim = graph.nodes["claim:rep/article/s01#militarization"]
    assert claim["label"] == f"{credited}: Perez Molina has said he will send the army."
    own = graph.nodes["claim:rep/article/s03#demand_reduction"]
    assert own["label"] == "Karen Hooper: Treatment works better."
    # DOT shows the label (wrapped at 40 characters)
    dot = to_dot(graph)
    assert '"claim:rep/article/s01#militarization" [label="Otto Perez Molina (reported by' in dot
    assert "Karen\\nHooper): Perez Molina" in dot
    # Argdown tags the holder and who reported it, the premise too
    argdown = to_argdown(graph)
    assert (
        "<Karen Hooper 1>: Perez Molina has said he will send the army. "
        "#(Otto Perez Molina) #(reported by Karen Hooper)"
    ) in argdown
    assert (
        "+ [Karen Hooper 1.1]: He wants special forces. "
        "#(Otto Perez Molina) #(reported by Karen Hooper)"
    ) in argdown
    assert "<Karen Hooper 2>: Treatment works better. #(Karen Hooper)" in argdown
    # SVG: the box names the holder, reported by the speaker
    from discourse.argmap.render import svg_text

    svg = svg_text(graph)
    assert 'font-weight="bold">Otto Perez Molina (reported by Karen</text>' in svg
    assert 'font-weight="bold">Hooper):</text>' in svg
    assert 'font-weight="bold">Karen Hooper:</text>' in svg
    # AIF: the speaker's locution is the only one saying it; a "Reported Speech" YA
    # names the holder, who makes no locution (nor is a participant)
    aif = to_aif(graph)
    nodes, succ, _, loc = _aif_index(aif)
    people = {p["participantID"]: (p["firstname"], p["surname"]) for p in aif["participants"]}
    assert ("Otto", "Perez Molina") not in set(people.values())
    assert ("Karen", "Hooper") in set(people.values())
    assert {e["source"] for e in aif["locutions"]} >= {"rep/article/s01", "rep/article/s02"}
    karen = loc["rep/article/s01"]
    assert nodes[karen]["text"] == "Karen Hooper : Perez Molina has said he will send the army."
    (ya,) = [n for n in succ[karen] if nodes[n]["type"] == "YA"]
    assert nodes[ya]["text"] == "Reported Speech"
    assert (nodes[ya]["holder"], nodes[ya]["reportedBy"]) == ("Otto Perez Molina", "Karen Hooper")
    assert [nodes[i]["text"] for i in succ[ya]] == ["Perez Molina has said he will send the army."]
    (own,) = [n for n in succ[loc["rep/article/s03"]] if nodes[n]["type"] == "YA"]
    assert nodes[own]["text"] == "Asserting"


def test_corpus_map_key_points_name_their_holders(tmp_path):
    from discourse.argmap.render import svg_text

    thread, tables = _reported_thread()
    graph = build_corpus_map([(thread, tables)])
    points = {graph.nodes[n]["text"]: graph.nodes[n] for n in nodes_of(graph, "key_point")}
    point = points["Perez Molina has said he will send the army."]
    assert point["holders"] == "Otto Perez Molina (reported by Karen Hooper)"
    assert point["speakers"] == "Karen Hooper"
    svg = svg_text(graph)
    assert "— Otto Perez Molina (reported by Karen Hooper)" in svg


def _premise_and_claim_map() -> nx.MultiDiGraph:
    """Tomás's second sentence is a premise of his demand-reduction claim and a claim of
    its own against militarization (the reviewer's mexico-army thread)."""
    thread = make_thread(
        "mx",
        [
            (
                "Tomás O'Brien",
                "The demand side is what matters. Americans buy cocaine. "
                "We should fund treatment instead of sending helicopters.",
                None,
            )
        ],
    )
    labels = {
        (0, 1): {"demand_reduction": "favor"},
        (0, 2): {"demand_reduction": "favor"},
        (0, 3): {"demand_reduction": "favor", "militarization": "against"},
    }
    return build_thread_map(thread, simple_tables(thread, labels))


def test_argdown_writes_a_premise_that_is_a_claim_elsewhere_as_its_argument():
    # [Tomás O'Brien 1.2] and <Tomás O'Brien 2> were two unlinked nodes of one sentence
    text = to_argdown(_premise_and_claim_map())
    sentence = "We should fund treatment instead of sending helicopters."
    assert text.count(sentence) == 1
    assert "<Tomás O'Brien 2>: " + sentence in text
    assert "  + <Tomás O'Brien 2>" in text
    assert "[Tomás O'Brien 1.2]" not in text


@pytest.mark.node
def test_argdown_premise_that_is_a_claim_elsewhere_parses_as_one_argument(tmp_path):
    graph = _premise_and_claim_map()
    data = _argdown_json(write_map(graph, tmp_path / "mx.argdown", "argdown"), tmp_path / "out")
    assert set(data["arguments"]) == {"Tomás O'Brien 1", "Tomás O'Brien 2"}
    relations = {(r["from"], r["to"], r["relationType"]) for r in data["relations"]}
    assert ("Tomás O'Brien 2", "Tomás O'Brien 1", "support") in relations
    assert ("Tomás O'Brien 2", "Militarization", "attack") in relations


def test_aif_dismissal_links_the_claim_the_next_sentence_rejects():
    # "Nonsense." was "Disagreeing" with Ann's first claim (legalization), which Ben
    # never answers, not with the troops his next sentence rejects
    _, loc, got = _cue_thread_aif(
        "We should legalize marijuana. We must send troops to the border.",
        "Nonsense. Troops have made nobody safer.",
        {
            (0, 1): {"legalization": "favor"},
            (0, 2): {"militarization": "favor"},
            (1, 2): {"militarization": "against"},
        },
    )
    assert sorted(got) == [
        (loc["cue/ben/s01"], "Disagreeing", "We must send troops to the border."),
        (loc["cue/ben/s02"], "Disagreeing", "We must send troops to the border."),
    ]

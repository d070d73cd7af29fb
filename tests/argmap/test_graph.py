"""Thread and corpus maps: who claims what, for or against which policy, with whom."""

from __future__ import annotations

import dataclasses

import pandas as pd

from discourse.argmap import (
    build_corpus_map,
    build_thread_map,
    edges_of,
    extract_claims,
    key_points,
    nodes_of,
    to_aif,
    to_argdown,
    to_dot,
)
from discourse.argmap.graph import speaker_node
from discourse.argmap.render import svg_text
from discourse.stages import TABLE_COLUMNS

from .conftest import make_thread, simple_tables


def positions(graph, speaker: str) -> set[tuple[str, str]]:
    """``(relation, frame)`` of every claim the speaker asserts."""
    out = set()
    for _, claim, d in graph.out_edges(f"speaker:{speaker}", data=True):
        if d["relation"] != "asserts":
            continue
        for _, issue, e in graph.out_edges(claim, data=True):
            if e["relation"] in ("supports", "attacks"):
                out.add((e["relation"], graph.nodes[issue]["frame"]))
    return out


def speaker_links(graph, relation: str) -> set[tuple[str, str, str]]:
    return {
        (graph.nodes[u]["label"], graph.nodes[v]["label"], d["cue"])
        for u, v, d in edges_of(graph, relation)
        if graph.nodes[v]["type"] == "speaker"
    }


def test_issue_nodes_are_the_four_frames(seed_map):
    issues = {seed_map.nodes[n]["frame"]: seed_map.nodes[n] for n in nodes_of(seed_map, "issue")}
    assert list(issues) == ["demand_reduction", "militarization", "arms_control", "legalization"]
    assert issues["demand_reduction"]["text"] == "Reduce the demand for illicit drugs"


def test_seed_map_shows_who_claims_what(seed_map):
    aaron = positions(seed_map, "aaron-b")
    assert {("supports", "demand_reduction"), ("supports", "arms_control")} <= aaron
    # militarization with limits: both support and attack claims
    assert {("supports", "militarization"), ("attacks", "militarization")} <= aaron
    assert ("supports", "demand_reduction") in positions(seed_map, "derrick")
    assert positions(seed_map, "distiller") == {("attacks", "militarization")}
    assert positions(seed_map, "matt-yankee") == {
        ("attacks", "militarization"),  # doubts the military's record
        ("supports", "militarization"),  # protect the border
        ("supports", "demand_reduction"),  # drug tests
        ("supports", "legalization"),  # legalize marijuana
    }


def test_seed_map_shows_who_agrees_with_whom(seed_map):
    agrees = speaker_links(seed_map, "agrees")
    assert ("Distiller", "Derrick", "Second all that") in agrees
    assert ("Matt Yankee", "Karen Hooper", "Great post") in agrees
    # stance-based: Distiller disagrees with the article's militarization claims
    targets = {
        seed_map.nodes[v]["speaker"]
        for u, v, d in edges_of(seed_map, "disagrees")
        if u == "speaker:distiller" and seed_map.nodes[v]["type"] == "claim"
    }
    assert targets == {"Karen Hooper"}


def test_every_argumentative_edge_keeps_its_evidence(seed_map, seed_tables):
    seg_ids = set(seed_tables["segments"]["id"])
    for relation in ("supports", "attacks", "asserts", "agrees", "disagrees"):
        edges = edges_of(seed_map, relation)
        assert edges, relation
        for _, _, d in edges:
            assert d["evidence"], (relation, d)
            assert set(d["evidence"].split()) <= seg_ids
    explicit = [d for _, _, d in edges_of(seed_map, "agrees") if d["cue"] == "Second all that"]
    assert explicit[0]["evidence"] == "guatemala-post/distiller/s01"


def test_utterances_reply_to_the_article(seed_map):
    replies = {(u, v) for u, v, _ in edges_of(seed_map, "replies_to")}
    assert ("utterance:guatemala-post/derrick", "utterance:guatemala-post/article") in replies
    assert len(replies) == 4


def test_premises_support_their_claim(seed_map):
    premises = [(u, v) for u, v, _ in edges_of(seed_map, "supports") if u.startswith("premise:")]
    assert (
        "premise:guatemala-post/aaron-b/s04#militarization",
        "claim:guatemala-post/aaron-b/s03#militarization",
    ) in premises


def test_graph_attributes_are_graphml_safe(seed_map):
    for _, d in seed_map.nodes(data=True):
        assert all(isinstance(v, str | int | float) for v in d.values()), d
    for _, _, d in seed_map.edges(data=True):
        assert all(isinstance(v, str | int | float) for v in d.values()), d


def _mentions(segment_id: str, thread_id: str, entity: str, name: str) -> dict:
    return {
        "segment_id": segment_id,
        "thread_id": thread_id,
        "start": 0,
        "end": len(name),
        "text": name,
        "label": "ORG",
        "kind": "ruler",
        "entity_id": entity,
        "canonical": name,
    }


def test_corpus_map_merges_issues_speakers_entities_and_groups_key_points():
    items = []
    for tid in ("week1", "week2"):
        thread = make_thread(
            tid,
            [
                ("Editor", "The army should fight the cartels.", None),
                ("Derrick", "We must reduce demand for drugs in the United States.", None),
            ],
        )
        tables = simple_tables(
            thread, {(0, 1): {"militarization": "favor"}, (1, 1): {"demand_reduction": "favor"}}
        )
        tables["mentions"] = pd.DataFrame(
            [_mentions(f"{tid}/derrick/s01", tid, "united-states", "United States")],
            columns=TABLE_COLUMNS["mentions"],
        )
        items.append((thread, tables))
    g = build_corpus_map(items)
    assert len(nodes_of(g, "issue")) == 4
    assert nodes_of(g, "speaker") == ["speaker:editor", "speaker:derrick"]
    assert nodes_of(g, "entity") == ["entity:united-states"]
    mentioning = {u for u, _, _ in g.in_edges("entity:united-states", data=True)}
    assert mentioning == {
        "claim:week1/derrick/s01#demand_reduction",
        "claim:week2/derrick/s01#demand_reduction",
    }
    kps = {g.nodes[n]["frame"]: g.nodes[n] for n in nodes_of(g, "key_point")}
    assert kps["demand_reduction"]["prevalence"] == 2
    assert kps["demand_reduction"]["threads"] == "week1; week2"
    assert kps["militarization"]["direction"] == "favor"
    assert len(edges_of(g, "instance_of")) == 4


def test_thread_without_stances_still_maps_speakers_and_replies(seed_thread, seed_tables):
    g = build_thread_map(seed_thread, {"segments": seed_tables["segments"]})
    assert nodes_of(g, "claim") == []
    assert len(nodes_of(g, "speaker")) == 5
    assert ("Distiller", "Derrick", "Second all that") in speaker_links(g, "agrees")


def test_relations_table_from_the_stage_is_used_when_given(seed_thread, seed_tables):
    only_reply = pd.DataFrame(
        [
            {
                "thread_id": "guatemala-post",
                "source": "guatemala-post/derrick",
                "target": "guatemala-post/article",
                "relation": "replies_to",
                "cue": "",
                "evidence": "",
            }
        ]
    )
    g = build_thread_map(seed_thread, {**seed_tables, "relations": only_reply})
    assert len(edges_of(g, "replies_to")) == 1
    assert edges_of(g, "agrees") == []
    thread2 = dataclasses.replace(seed_thread, title="Guatemala")
    assert build_thread_map(thread2, seed_tables).graph["title"] == "Guatemala"


def test_corpus_map_uses_key_points_clustered_beforehand():
    """Given ``clusters``, the map links exactly those key points (no second clustering)."""
    thread = make_thread(
        "week1",
        [
            ("Editor", "The army should fight the cartels.", None),
            ("Derrick", "We must reduce demand for drugs in the United States.", None),
        ],
    )
    tables = simple_tables(
        thread, {(0, 1): {"militarization": "favor"}, (1, 1): {"demand_reduction": "favor"}}
    )
    claims = extract_claims(tables["segments"], tables["stances"])
    merged = [(claims, claims[0])]  # one key point holding both claims, as if clustered so
    g = build_corpus_map([(thread, tables)], clusters=merged)
    kps = nodes_of(g, "key_point")
    assert len(kps) == 1 and g.nodes[kps[0]]["prevalence"] == 2
    assert len(edges_of(g, "instance_of")) == 2


def test_speakers_with_non_latin_names_stay_apart():
    # every Cyrillic or Chinese name slugified to "anonymous": one speaker who disagreed with himself
    thread = make_thread(
        "names",
        [
            ("Editor", "We must send the army.", None),
            ("Дмитрий", "Troops will not help.", None),
            ("张伟", "You're wrong. Troops are needed.", 1),
        ],
    )
    tables = simple_tables(
        thread, {(1, 1): {"militarization": "against"}, (2, 2): {"militarization": "favor"}}
    )
    g = build_thread_map(thread, tables)
    speakers = {g.nodes[n]["label"]: n for n in nodes_of(g, "speaker")}
    assert set(speakers) == {"Editor", "Дмитрий", "张伟"}
    assert len(set(speakers.values())) == 3
    assert speaker_links(g, "disagrees") == {("张伟", "Дмитрий", "You're wrong")}
    asserted = {(g.nodes[u]["label"], g.nodes[v]["text"]) for u, v, _ in edges_of(g, "asserts")}
    assert asserted == {("Дмитрий", "Troops will not help."), ("张伟", "Troops are needed.")}
    # ids stay readable: the slug (accents folded), a hash only when the name is not
    # exactly the slug's capitalised spelling
    assert speaker_node("Zoe O Neil") == "speaker:zoe-o-neil"
    assert speaker_node("Zoë O'Neil").startswith("speaker:zoe-o-neil~")
    assert speaker_node("").startswith("speaker:anonymous~")
    assert speaker_node("Дмитрий") == "speaker:дмитрий"  # the utterance ids' slug


def test_speakers_whose_names_slugify_alike_stay_apart_in_every_format():
    # "José" and "Jose" (and "Bo [x]: +1" and "Bo (x)  +1") were one speaker node, so the
    # maps credited Jose's claim to José while the reports listed them apart
    thread = make_thread(
        "names",
        [
            ("Ed", "We should legalize cannabis and tax it.", None),
            ("José", "Legalization would be a disaster for kids.", None),
            ("Jose", "Send the army after the cartels.", None),
            ("Bo [x]: +1", "Legalization works.", None),
            ("Bo (x)  +1", "Legalization fails.", None),
            ("Jose", "Send the army now.", None),
        ],
    )
    tables = simple_tables(
        thread,
        {
            (0, 1): {"legalization": "favor"},
            (1, 1): {"legalization": "against"},
            (2, 1): {"militarization": "favor"},
            (3, 1): {"legalization": "favor"},
            (4, 1): {"legalization": "against"},
        },
    )
    g = build_thread_map(thread, tables)
    names = [g.nodes[n]["name"] for n in nodes_of(g, "speaker")]
    # one node per name, and the same name (Jose's two comments) is one speaker
    assert names == ["Ed", "José", "Jose", "Bo [x]: +1", "Bo (x)  +1"]
    asserted = {(g.nodes[u]["name"], g.nodes[v]["text"]) for u, v, _ in edges_of(g, "asserts")}
    assert ("Jose", "Send the army after the cartels.") in asserted
    assert ("José", "Legalization would be a disaster for kids.") in asserted
    # AIF: a participant per name; Jose's locution is his own
    aif = to_aif(g)
    assert [p["firstname"] for p in aif["participants"]] == ["Ed", "José", "Jose", "Bo", "Bo"]
    assert [p["surname"] for p in aif["participants"]][3:] == ["[x]: +1", "(x)  +1"]
    assert any(n["text"] == "Jose : Send the army after the cartels." for n in aif["nodes"])
    # Argdown: names cleaned up to the same tag get -2
    text = to_argdown(g)
    assert "<Jose 1>: Send the army after the cartels. #(Jose)" in text
    assert "#(José)" in text and "<José 1>: Legalization would be a disaster" in text
    assert "<Bo x 1 1>: Legalization works. #(Bo x 1)" in text
    assert "<Bo x 1-2 1>: Legalization fails. #(Bo x 1-2)" in text
    # DOT and SVG: five speakers, five nodes / labels
    dot = to_dot(g)
    assert len({line.split('"')[1] for line in dot.splitlines() if '"speaker:' in line[:12]}) == 5
    svg = svg_text(g)
    assert ">José<" in svg and ">Jose<" in svg
    # the corpus map keeps them apart across threads and merges the same name
    other = make_thread("other", [("Jose", "Tax it.", None), ("José", "Ban it.", None)])
    corpus = build_corpus_map([(thread, tables), (other, simple_tables(other, {}))])
    assert sorted(corpus.nodes[n]["name"] for n in nodes_of(corpus, "speaker")) == sorted(names)


def test_key_point_nodes_carry_the_key_point_id_of_the_table():
    thread = make_thread(
        "kp",
        [
            ("Ed", "We must legalise cannabis now.", None),
            ("Bo", "We must legalise cannabis today.", None),
            ("Cy", "Send in the army.", None),
        ],
    )
    tables = simple_tables(
        thread,
        {
            (0, 1): {"legalization": "favor"},
            (1, 1): {"legalization": "favor"},
            (2, 1): {"militarization": "favor"},
        },
    )
    g = build_corpus_map([(thread, tables)])
    table = key_points(tables["segments"], tables["stances"])
    assert {f"key_point:{k}" for k in table["key_point_id"]} == set(nodes_of(g, "key_point"))
    for row in table.itertuples():
        node = f"key_point:{row.key_point_id}"
        members = {u for u, v, _ in edges_of(g, "instance_of") if v == node}
        assert members == {f"claim:{c}" for c in row.claim_ids.split(" ")}
        assert g.nodes[node]["prevalence"] == row.prevalence


def test_corpus_map_counts_threads_whose_ids_hold_spaces():
    a = make_thread("week one", [("Ed", "Hello.", None)])
    b = make_thread("week two", [("Bo", "Hi.", None)])
    g = build_corpus_map([(a, simple_tables(a, {})), (b, simple_tables(b, {}))])
    assert g.graph["thread_count"] == 2
    assert "Corpus key points (2 threads)" in svg_text(g)


def test_no_speaker_agrees_or_disagrees_with_themselves():
    # "+1" under one's own comment is not self-praise
    thread = make_thread(
        "selfmap",
        [
            ("Author", "We should send the army.", None),
            ("Ann", "Troops never worked.", None),
            ("Ed [admin]", "We must send the army now.", None),
            ("Ed [admin]", "+1. You're wrong, Ann.", 2),
        ],
    )
    tables = simple_tables(
        thread,
        {
            (0, 1): {"militarization": "favor"},
            (1, 1): {"militarization": "against"},
            (2, 1): {"militarization": "favor"},
        },
    )
    g = build_thread_map(thread, tables)
    for relation in ("agrees", "disagrees"):
        for u, v, _ in edges_of(g, relation):
            target = g.nodes[v].get("speaker", g.nodes[v]["label"])
            assert u != speaker_node(target), (relation, u, v)


def test_a_commenter_named_in_a_claim_is_the_speakers_node_not_an_entity():
    """ "I agree with Derrick" has the mention id of Derrick's speaker node
    (:func:`speaker_node`): the claim mentions that node; no entity node doubles him."""
    thread = make_thread(
        "week1",
        [
            ("Derrick", "We must reduce demand for drugs in the United States.", None),
            ("Editor", "I agree with Derrick that the army should fight the cartels.", None),
        ],
    )
    tables = simple_tables(thread, {(1, 1): {"militarization": "favor"}})
    mention = _mentions("week1/editor/s01", "week1", speaker_node("Derrick"), "Derrick")
    tables["mentions"] = pd.DataFrame([mention], columns=TABLE_COLUMNS["mentions"])
    g = build_thread_map(thread, tables)
    assert nodes_of(g, "entity") == []
    mentioning = [(u, v) for u, v, _ in edges_of(g, "mentions")]
    assert mentioning == [("claim:week1/editor/s01#militarization", "speaker:derrick")]

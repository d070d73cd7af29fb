"""Claims: consecutive same-position sentences of one speaker merge; the rest stay apart."""

from __future__ import annotations

import pandas as pd

from discourse.argmap import claims_frame, extract_claims, issues_for

from .conftest import make_thread, simple_tables


def _by_id(claims):
    return {c.id: c for c in claims}


def test_seed_claims_merge_consecutive_sentences(seed_tables):
    claims = _by_id(extract_claims(seed_tables["segments"], seed_tables["stances"]))
    # Aaron B s03–s05 all argue against militarization: one claim, two premises
    zetas = claims["guatemala-post/aaron-b/s03#militarization"]
    assert zetas.direction == "against"
    assert zetas.segment_ids == (
        "guatemala-post/aaron-b/s03",
        "guatemala-post/aaron-b/s04",
        "guatemala-post/aaron-b/s05",
    )
    assert zetas.text.startswith("The Zetas were born")
    assert (
        zetas.premises[1] == "And organized crime is much better funded than the Guatemalan army."
    )
    # Derrick's two demand sentences: claim + premise
    assert (
        claims["guatemala-post/derrick/s01#demand_reduction"]
        .premises[0]
        .startswith("The US should focus on the demand")
    )
    # s01 and s09–s11 of Aaron B favour arms control but are not consecutive: two claims
    arms = [c for c in claims.values() if c.speaker == "Aaron B" and c.frame == "arms_control"]
    assert [c.segment_ids[0][-3:] for c in arms] == ["s01", "s09"]
    assert len(claims["guatemala-post/aaron-b/s09#arms_control"].premises) == 2


def test_one_sentence_can_open_claims_in_several_frames(seed_tables):
    claims = extract_claims(seed_tables["segments"], seed_tables["stances"])
    s07 = [c for c in claims if c.segment_ids[0] == "guatemala-post/matt-yankee/s07"]
    assert {(c.frame, c.direction) for c in s07} == {
        ("demand_reduction", "favor"),
        ("militarization", "favor"),
        ("legalization", "favor"),
    }


def test_direction_change_and_other_utterance_split_runs():
    thread = make_thread(
        "t",
        [
            ("Author", "Send the army. Troops work. Troops fail.", None),
            ("Bea", "The army must go in.", None),
        ],
    )
    tables = simple_tables(
        thread,
        {
            (0, 1): {"militarization": "favor"},
            (0, 2): {"militarization": "favor"},
            (0, 3): {"militarization": "against"},
            (1, 1): {"militarization": "favor"},
        },
    )
    claims = extract_claims(tables["segments"], tables["stances"])
    assert [(c.speaker, c.direction, len(c.segment_ids)) for c in claims] == [
        ("Author", "favor", 2),
        ("Author", "against", 1),
        ("Bea", "favor", 1),
    ]
    table = claims_frame(claims)
    assert list(table["claim_id"]) == [c.id for c in claims]
    assert table.loc[0, "premises"] == "Troops work."


def test_consecutive_sentences_of_different_holders_are_separate_claims():
    thread = make_thread(
        "t2",
        [
            ("Maria Lopez", "Mexico debates the army's role.", None),
            (
                "sarah_j",
                "Perez Molina wants to use the military against the narcos. The former "
                "general has said he intends to use special forces. He is right.",
                None,
            ),
        ],
    )
    labels = {(1, k): {"militarization": "favor"} for k in (1, 2, 3)}
    tables = simple_tables(thread, labels)
    stances = tables["stances"]
    reported = stances["segment_id"].str.endswith("/s02")
    stances.loc[reported, "holder"] = "Perez Molina"
    claims = extract_claims(tables["segments"], stances)
    # the reported sentence is not a premise of sarah_j's claim, nor hers
    assert [(c.holder, [s[-3:] for s in c.segment_ids]) for c in claims] == [
        ("sarah_j", ["s01"]),
        ("Perez Molina", ["s02"]),
        ("sarah_j", ["s03"]),
    ]


def test_a_blank_holder_and_the_speakers_own_name_are_one_holder():
    """The writer's own position, with the holder left blank (an older store, a
    notebook) or naming the writer, is one claim: it was cut in three, and the map
    showed two claims and a premise-less third where the writer made one point."""
    thread = make_thread(
        "t3",
        [
            ("Maria Lopez", "Mexico debates the army's role.", None),
            ("sarah_j", "Send the army home. It is bought by the cartels. Police can do it.", None),
        ],
    )
    labels = {(1, k): {"militarization": "against"} for k in (1, 2, 3)}
    tables = simple_tables(thread, labels)
    stances = tables["stances"]
    for ending, holder in (("/s01", "sarah_j"), ("/s02", " \t"), ("/s03", None)):
        stances.loc[stances["segment_id"].str.endswith(ending), "holder"] = holder
    claims = extract_claims(tables["segments"], stances)
    assert [(c.holder, [s[-3:] for s in c.segment_ids]) for c in claims] == [
        ("sarah_j", ["s01", "s02", "s03"])
    ]
    assert claims[0].premises == ("It is bought by the cartels.", "Police can do it.")


def test_no_stances_means_no_claims(seed_tables):
    assert extract_claims(seed_tables["segments"], None) == []


def test_issues_are_the_four_frames_plus_unknown_ones():
    issues = issues_for(["harm_reduction"])
    assert [i.frame for i in issues][:4] == [
        "demand_reduction",
        "militarization",
        "arms_control",
        "legalization",
    ]
    assert issues[0].title == "Demand reduction"
    assert issues[0].proposition == "Reduce the demand for illicit drugs"
    assert issues[-1].frame == "harm_reduction" and issues[-1].title == "Harm reduction"


def test_two_positions_of_one_sentence_on_one_frame_make_one_claim(caplog):
    """Stances of two models concatenated in a notebook: the sentence's claim must not
    both support and attack its proposition; the higher score wins and W401 says so."""
    import pandas as pd

    from discourse.argmap import build_thread_map

    thread = make_thread("t", [("Bea", "The army must go in. Troops fail.", None)])
    tables = simple_tables(thread, {(0, 1): {"militarization": "favor"}})
    stances = tables["stances"]
    first = stances[
        (stances["segment_id"] == "t/article/s01") & (stances["frame"] == "militarization")
    ]
    other = first.assign(label="against", score=first["score"] + 0.1)
    tables = {**tables, "stances": pd.concat([stances, other], ignore_index=True)}
    claims = extract_claims(tables["segments"], tables["stances"])
    assert [(c.id, c.direction) for c in claims] == [("t/article/s01#militarization", "against")]
    assert any(
        "[W401]" in r.getMessage() and "t/article/s01" in r.getMessage() for r in caplog.records
    )
    graph = build_thread_map(thread, tables)
    relations = [d["relation"] for _, _, d in graph.edges(data=True)]
    assert relations.count("attacks") == 1 and "supports" not in relations


def test_thread_claims_are_extracted_once_and_never_stale(seed_tables, monkeypatch) -> None:
    """The map and the report of one thread share one extraction; a table changed in
    place, or one whose values only print differently, is extracted again."""
    from discourse.argmap import claims as claims_module

    calls: list[int] = []
    real = claims_module.extract_claims

    def counted(segments: pd.DataFrame, stances: pd.DataFrame | None) -> list:
        calls.append(1)
        return real(segments, stances)

    monkeypatch.setattr(claims_module, "extract_claims", counted)
    monkeypatch.setattr(claims_module, "_claims_cache", type(claims_module._claims_cache)())
    segments = seed_tables["segments"].copy()
    stances = seed_tables["stances"].copy()
    first = claims_module.thread_claims(segments, stances)
    assert first == real(segments, stances) and first
    assert claims_module.thread_claims(segments, stances) == first
    assert claims_module.thread_claims(segments.copy(), stances.copy()) == first
    assert len(calls) == 1
    # changed in place: the same frames, other values
    segments.loc[segments.index[0], "text"] = "Changed in place."
    changed = claims_module.thread_claims(segments, stances)
    assert len(calls) == 2
    assert changed == real(segments, stances)
    # equal values of another type (1 == True) print differently in a claim
    cue = stances.astype({"cue": object})
    cue.loc[cue.index[0], "cue"] = 1
    as_true = cue.copy()
    as_true.loc[as_true.index[0], "cue"] = True
    assert claims_module.thread_claims(segments, cue) == real(segments, cue)
    assert claims_module.thread_claims(segments, as_true) == real(segments, as_true)
    assert len(calls) == 4
    # the returned list is the caller's own
    claims_module.thread_claims(segments, stances).clear()
    assert claims_module.thread_claims(segments, stances) == changed


HARM = "Reduce the harms of drug use for people who use drugs"


def test_a_model_s_own_frame_is_drawn_with_its_proposition():
    """A fifth frame's issue had its title for proposition ("[Harm reduction]: Harm
    reduction.") while a shipped frame's had its proposition: the maps read only the
    package's frames file, not the frames of the model in use (use_propositions)."""
    from discourse.argmap import build_thread_map, to_argdown, use_propositions

    thread = make_thread("t", [("Bea", "Open the needle exchange. It saves lives.", None)])
    tables = simple_tables(thread, {(0, 1): {"militarization": "favor"}})
    stances = tables["stances"]
    harm = stances[stances["frame"] == "militarization"].assign(frame="harm_reduction")
    tables["stances"] = pd.concat([stances, harm.assign(label="favor")], ignore_index=True)
    before = use_propositions({"harm_reduction": HARM})
    try:
        assert issues_for(["harm_reduction"])[-1].proposition == HARM
        graph = build_thread_map(thread, tables)
        assert graph.nodes["issue:harm_reduction"]["text"] == HARM
        text = to_argdown(graph)
        assert f"[Harm reduction]: {HARM}. #issue" in text
        assert "[Militarization]: Fight drug trafficking with military force. #issue" in text
    finally:
        use_propositions(before)
    # without the model's frames: the title, as before
    assert issues_for(["harm_reduction"])[-1].proposition == "Harm reduction"

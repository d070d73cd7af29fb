"""Frames as data: the shipped lexicons, cue matching on lemmas, adding a frame by data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from discourse.errors import IngestError
from discourse.stance.frames import (
    CUE_KINDS,
    FRAME_NAMES,
    LABELS,
    Frame,
    find_cues,
    load_frames,
    resolve_frames,
    save_frames,
)

PROPOSITIONS = {
    "demand_reduction": "Reduce the demand for illicit drugs",
    "militarization": "Fight drug trafficking with military force",
    "arms_control": "Restrict the supply of weapons",
    "legalization": "Legalise or decriminalise illicit drugs",
}

ALT_DEV = {
    "name": "alternative_development",
    "definition": "Crop substitution and rural development for coca and poppy growers.",
    "proposition": "Give coca and poppy growers a legal livelihood",
    "topic_cues": ["crop substitution", "coca grower", "cacao"],
    "favor_cues": ["plant cacao", "voluntary substitution"],
    "against_cues": ["substitution fail"],
    "examples": {"favor": ["Pay growers to plant cacao instead."]},
}


def test_shipped_frames_are_the_four_in_order() -> None:
    frames = load_frames()
    assert [f.name for f in frames] == list(FRAME_NAMES)
    assert LABELS == ("favor", "against", "none")
    for f in frames:
        assert f.proposition == PROPOSITIONS[f.name]
        assert len(f.definition) > 80


def test_lexicons_are_rich_lower_case_and_unambiguous() -> None:
    for f in load_frames():
        for kind in CUE_KINDS:
            cues = f.cues(kind)
            assert len(cues) >= 30, (f.name, kind, len(cues))
            assert all(c == c.lower() and c.strip() == c for c in cues)
            assert len(set(cues)) == len(cues)
        assert not set(f.favor_cues) & set(f.against_cues), f.name


def test_every_example_hits_a_cue_of_its_frame(nlp) -> None:
    """The lexicons cover the frames' own examples (a cue in the topic or polarity lexicon)."""
    for f in load_frames():
        for label in ("favor", "against"):
            assert f.examples.get(label), (f.name, label)
            for sentence in f.examples[label]:
                doc = nlp(sentence)
                hits = [m for kind in CUE_KINDS for m in f.match(doc, kind)]
                assert hits, (f.name, label, sentence)


def test_cues_match_inflected_text_on_lemmas(nlp) -> None:
    frames = {f.name: f for f in load_frames()}
    doc = nlp("The president deployed troops and cracked down on the cartels.")
    favor = frames["militarization"].match(doc, "favor")
    assert {m.cue for m in favor} >= {"deploy troop", "crack down"}
    match = next(m for m in favor if m.cue == "deploy troop")
    assert doc[match.start : match.end].text == "deployed troops"

    doc = nlp("Gun-free zones disarm law-abiding citizens.")
    against = {m.cue for m in frames["arms_control"].match(doc, "against")}
    assert {"gun free zone", "law abide citizen"} <= against

    doc = nlp("The War On Drugs has failed.")
    assert "the war on drug have fail" in {
        m.cue for m in frames["militarization"].match(doc, "against")
    }


def test_no_cue_no_match(nlp) -> None:
    doc = nlp("The weather in Antigua was pleasant on Tuesday.")
    for f in load_frames():
        for kind in CUE_KINDS:
            assert f.match(doc, kind) == [], (f.name, kind)


def test_find_cues_with_any_phrase_list(nlp) -> None:
    doc = nlp("Farmers planted cacao where the coca had grown.")
    found = find_cues(doc, ["plant cacao", "coca", "poppy"])
    assert [(m.cue, doc[m.start : m.end].text) for m in found] == [
        ("plant cacao", "planted cacao"),
        ("coca", "coca"),
    ]


def test_a_fifth_frame_is_added_by_data(tmp_path: Path, nlp) -> None:
    shipped = json.loads(
        Path(str(load_frames.__globals__["default_frames_path"]())).read_text(encoding="utf-8")
    )
    shipped["frames"].append(ALT_DEV)
    path = tmp_path / "frames.json"
    path.write_text(json.dumps(shipped), encoding="utf-8")
    frames = load_frames(path)
    assert [f.name for f in frames] == [*FRAME_NAMES, "alternative_development"]
    alt = frames[-1]
    assert [m.cue for m in alt.match(nlp("They plant cacao now."), "favor")] == ["plant cacao"]
    mixed = resolve_frames(["legalization", alt])
    assert [f.name for f in mixed] == ["legalization", "alternative_development"]


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    frames = [*load_frames(), Frame.from_dict(ALT_DEV)]
    assert load_frames(save_frames(frames, tmp_path / "f.json")) == frames
    assert len({hash(f) for f in frames}) == 5  # frozen values, usable as dict keys


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        ("not json", "not JSON"),
        ('{"frames": []}', "no frames"),
        (json.dumps({"frames": [ALT_DEV, ALT_DEV]}), "duplicate frame names"),
        (json.dumps({"frames": [{**ALT_DEV, "favor_cues": ["Plant Cacao"]}]}), "lower-case"),
        (json.dumps({"frames": [{**ALT_DEV, "proposition": ""}]}), "proposition"),
        (json.dumps({"frames": [{**ALT_DEV, "name": "Alt Dev"}]}), "frame name"),
        (json.dumps({"frames": [{**ALT_DEV, "cues": []}]}), "unknown keys"),
        (
            json.dumps({"frames": [{**ALT_DEV, "needs_topic": ["no such cue"]}]}),
            "not the frame's cues",
        ),
        (json.dumps({"frames": [{**ALT_DEV, "needs_topic": "no such cue"}]}), "list of strings"),
        (json.dumps({"frames": [{**ALT_DEV, "opposite_cues": ["nope"]}]}), "topic cues"),
    ],
)
def test_bad_frames_files_are_coded_errors(tmp_path: Path, content: str, detail: str) -> None:
    path = tmp_path / "frames.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(IngestError, match=r"\[E231\]") as err:
        load_frames(path)
    assert detail in str(err.value)


def test_missing_frames_file(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"\[E230\]"):
        load_frames(tmp_path / "nope.json")


def test_unknown_frame_name() -> None:
    with pytest.raises(ValueError, match=r"\[E237\].*alternative_development"):
        resolve_frames(["alternative_development"])


@pytest.mark.parametrize(
    "name",
    ["id", "scores", "text", "none", "cues", "holders", "holder", "Legalization", "2nd", "a-b"],
)
def test_frame_names_that_clash_with_output_fields_or_are_no_identifiers_are_refused(
    tmp_path: Path, name: str
) -> None:
    path = tmp_path / "frames.json"
    path.write_text(json.dumps({"frames": [ALT_DEV | {"name": name}]}), encoding="utf-8")
    with pytest.raises(IngestError, match=r"\[E231\].*frames\.json.*frame name"):
        load_frames(path)


def test_unknown_top_level_keys_of_a_frames_file_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "frames.json"
    path.write_text(json.dumps({"frames": [ALT_DEV], "version": 2}), encoding="utf-8")
    with pytest.raises(IngestError, match=r"\[E231\].*frames\.json.*'version'"):
        load_frames(path)


def test_a_frames_file_with_a_utf8_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "frames.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps({"frames": [ALT_DEV]}).encode("utf-8"))
    assert [f.name for f in load_frames(path)] == ["alternative_development"]


@pytest.mark.parametrize(
    ("changes", "detail"),
    [
        ({"name": "id"}, "reserved"),
        ({"name": "Alt Dev"}, "lower-case identifier"),
        ({"topic_cues": "crop substitution"}, "list or tuple"),
        ({"favor_cues": ("Plant Cacao",)}, "lower-case lemma phrase"),
        ({"against_cues": ("",)}, "non-empty"),
        ({"needs_topic": ("no such cue",)}, "not the frame's cues"),
        # an attitude toward a measure's name is one toward the measure: a topic only
        ({"measure_cues": ("plant cacao",)}, "not the frame's topic cues"),
    ],
)
def test_a_frame_built_in_python_is_checked_like_a_frames_file_entry(
    changes: dict, detail: str
) -> None:
    fields = {k: v for k, v in ALT_DEV.items() if k != "examples"} | changes
    with pytest.raises(ValueError, match=rf"\[E245\].*{detail}"):
        Frame(**fields)


@pytest.mark.parametrize("name", ["thread", "before", "after", "model", "checked"])
def test_a_frame_may_not_take_the_name_of_a_sample_field(tmp_path: Path, name: str) -> None:
    """A frame named after a field of `discourse corpus sample` lines passed the check:
    in a prefilled sample that field overwrote the frame's label ('thread':
    'needle-exchange'), which the next split read as a label."""
    fields = {k: v for k, v in ALT_DEV.items() if k != "examples"} | {"name": name}
    with pytest.raises(ValueError, match=rf"\[E245\].*{name}.*reserved"):
        Frame(**fields)
    path = tmp_path / "frames.json"
    path.write_text(json.dumps({"frames": [ALT_DEV | {"name": name}]}), encoding="utf-8")
    with pytest.raises(IngestError, match=rf"\[E231\].*{name}.*reserved"):
        load_frames(path)


def test_a_frame_built_with_lists_of_cues_stores_tuples(nlp) -> None:
    frame = Frame(**{k: v for k, v in ALT_DEV.items() if k != "examples"})
    assert frame.topic_cues == ("crop substitution", "coca grower", "cacao")
    assert frame.match(nlp("They plant cacao now."), "favor")


def test_one_string_of_frames_is_a_name_or_a_frames_file(tmp_path: Path) -> None:
    assert [f.name for f in resolve_frames("legalization")] == ["legalization"]
    path = save_frames([Frame.from_dict(ALT_DEV)], tmp_path / "mine.json")
    assert [f.name for f in resolve_frames(str(path))] == ["alternative_development"]
    assert [f.name for f in resolve_frames(path)] == ["alternative_development"]
    with pytest.raises(IngestError, match=r"\[E230\]"):
        resolve_frames(str(tmp_path / "missing.json"))


def test_no_frames_or_a_frame_twice_is_refused() -> None:
    with pytest.raises(ValueError, match=r"\[E244\]"):
        resolve_frames([])
    with pytest.raises(ValueError, match=r"\[E244\].*militarization.*twice"):
        resolve_frames(["militarization", *load_frames()])


def test_a_model_trained_with_a_frame_that_has_matched_saves_and_loads(
    tmp_path: Path, nlp, small_train
) -> None:
    """The notebook matches the new frame's cues before training with it."""
    from discourse.stance import StanceClassifier, load_model, save_model

    alt = Frame(**{k: v for k, v in ALT_DEV.items() if k != "examples"})
    assert alt.match(nlp("Pay them to plant cacao."), "favor")  # caches the cue indexes
    labels = small_train[list(FRAME_NAMES)].copy()
    labels["alternative_development"] = ["favor", "against"] + ["none"] * (len(labels) - 2)
    clf = StanceClassifier(frames=[*load_frames(), alt], min_df=1)
    clf.fit(small_train["text"], labels)
    loaded = load_model(save_model(clf, tmp_path / "five.skops"))
    assert loaded.frames_[-1] == "alternative_development"
    assert loaded.features_.frames[-1] == alt

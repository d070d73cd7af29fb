"""Picking analysed sentences to label (``discourse corpus sample``) and merging the labels back."""

from __future__ import annotations

import json
import logging
import math
import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from discourse.cli import app
from discourse.errors import IngestError
from discourse.stages import TABLE_COLUMNS
from discourse.stance.corpus import LABELLED_DIR, build_split, read_gold
from discourse.stance.frames import FRAME_NAMES
from discourse.stance.sampling import sample_records, sample_sentences
from tests.conftest import ROOT, SEED_GOLD


def _tables(spec: dict[str, list[tuple[str, dict[str, tuple[str, float]]]]]) -> tuple:
    """``segments`` and ``stances`` from ``{thread: [(text, {frame: (label, score)})]}``.

    Each thread is one comment; frames not given are ``none`` at 0.99.
    """
    segs, stances = [], []
    for tid, sentences in spec.items():
        for no, (text, given) in enumerate(sentences, 1):
            sid = f"{tid}/c/s{no:02d}"
            segs.append([sid, tid, f"{tid}/c", "comment", f"Reader {tid}", no, 0, len(text), text])
            for frame in FRAME_NAMES:
                label, score = given.get(frame, ("none", 0.99))
                stances.append([sid, tid, frame, label, score, "", f"Reader {tid}"])
    cols = ["id", "thread_id", "utterance_id", "kind", "speaker", "index", "start", "end", "text"]
    return pd.DataFrame(segs, columns=cols), pd.DataFrame(stances, columns=TABLE_COLUMNS["stances"])


SPEC = {
    "a": [
        ("The army should go in at once.", {"militarization": ("favor", 0.55)}),
        ("Nobody asked the farmers about this at all.", {}),
        ("Guns come from Texas gun shops every week.", {"arms_control": ("none", 0.51)}),
        ("Too short.", {"legalization": ("favor", 0.4)}),
        ("Legalise it and tax it like beer.", {"legalization": ("favor", 0.93)}),
    ],
    "b": [
        ("Treatment works better than prison for addicts.", {"demand_reduction": ("favor", 0.6)}),
        ("The weather in Tegucigalpa was fine that week.", {}),
    ],
}


def test_uncertain_sentences_come_first_and_the_sample_reads_in_order() -> None:
    segs, stances = _tables(SPEC)
    out = sample_sentences(segs, stances, n=3)
    # least confident: 0.51 (a/s03), 0.55 (a/s01), 0.6 (b/s01); "Too short." is under 4 words
    assert list(out["id"]) == ["a/c/s01", "a/c/s03", "b/c/s01"]  # reading order, thread by thread
    assert out.loc[0, "after"] == "Nobody asked the farmers about this at all."
    assert out.loc[1, "before"] == "Nobody asked the farmers about this at all."
    assert out.loc[0, "before"] == "" and out.loc[2, "after"].startswith("The weather")
    assert out.loc[1, "uncertainty"] == pytest.approx(0.49)
    assert out.loc[0, "model:militarization"] == "favor"
    assert out.loc[0, "score:militarization"] == pytest.approx(0.55)


def test_positions_strategy_checks_what_the_reports_show() -> None:
    segs, stances = _tables(SPEC)
    out = sample_sentences(segs, stances, n=10, strategy="positions")
    assert list(out["id"]) == ["a/c/s01", "a/c/s05", "b/c/s01"]


def test_random_strategy_is_reproducible_and_covers_the_candidates() -> None:
    segs, stances = _tables(SPEC)
    one = sample_sentences(segs, stances, n=3, strategy="random", seed=1)
    assert one.equals(sample_sentences(segs, stances, n=3, strategy="random", seed=1))
    every = sample_sentences(segs, stances, n=50, strategy="random")
    assert len(every) == 6  # all but the short one
    # without stances (no stance stage) a random sample still works
    bare = sample_sentences(segs, stances.iloc[0:0], n=2, strategy="random")
    assert len(bare) == 2 and not [c for c in bare.columns if c.startswith("model:")]


def test_already_annotated_repeated_and_short_sentences_are_skipped() -> None:
    segs, stances = _tables(SPEC)
    segs.loc[5, "text"] = "the army SHOULD go in at once"  # a repeat, spelt differently
    out = sample_sentences(
        segs,
        stances,
        n=50,
        exclude_ids={"a/c/s03"},
        exclude_texts=["Legalise it, and tax it like beer!"],
        min_words=5,
    )
    assert list(out["id"]) == ["a/c/s01", "a/c/s02", "b/c/s02"]


def test_one_long_thread_does_not_fill_the_sample() -> None:
    spec = {
        "long": [(f"Sentence number {i} of a long thread.", {"militarization": ("favor", 0.4)})
                 for i in range(20)],
        "short": [("A sentence the model is fairly sure of.", {"militarization": ("favor", 0.8)})],
    }  # fmt: skip
    segs, stances = _tables(spec)
    out = sample_sentences(segs, stances, n=4, per_thread=3)
    assert out["thread_id"].value_counts().to_dict() == {"long": 3, "short": 1}
    # the cap gives way when no other thread has candidates left
    assert len(sample_sentences(segs, stances, n=10, per_thread=3)) == 10


@pytest.mark.parametrize(("kwargs", "code"), [({"strategy": "best"}, "E246"), ({"n": 0}, "E246")])
def test_bad_settings_are_named(kwargs: dict, code: str) -> None:
    segs, stances = _tables(SPEC)
    with pytest.raises(ValueError, match=code):
        sample_sentences(segs, stances, **kwargs)


def test_ranking_needs_stances() -> None:
    segs, stances = _tables(SPEC)
    with pytest.raises(ValueError, match="E247"):
        sample_sentences(segs, stances.iloc[0:0])


def test_records_leave_the_labels_to_the_annotator_unless_prefilled(tmp_path: Path) -> None:
    segs, stances = _tables(SPEC)
    sample = sample_sentences(segs, stances, n=2)
    recs = sample_records(sample)
    assert all(recs[0][f] is None for f in FRAME_NAMES)
    assert recs[0]["model"]["militarization"] == {"label": "favor", "score": 0.55}
    assert (recs[0]["unit"], recs[0]["thread"]) == ("comment", "a")
    filled = sample_records(sample, prefill=True)
    assert filled[0]["militarization"] == "favor" and filled[0]["legalization"] == "none"
    # the file reads as gold: nothing labelled yet is null, not a fifth frame
    path = tmp_path / "s.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")
    gold = read_gold(path)
    assert [c for c in gold.columns if c in FRAME_NAMES] == list(FRAME_NAMES)
    assert gold[list(FRAME_NAMES)].isna().all().all()
    assert not {"model", "before", "after"} & set(gold.columns)
    assert list(gold["thread"]) == ["a", "a"]  # where the sentence stands, not a frame


def test_every_field_of_a_sample_line_besides_its_frames_is_a_reserved_frame_name() -> None:
    """A new field of the sample lines must be reserved too, or a frame of that name
    has its label overwritten in a prefilled sample."""
    from discourse.stance.frames import RESERVED_NAMES, SAMPLE_FIELDS

    segs, stances = _tables(SPEC)
    recs = sample_records(sample_sentences(segs, stances, n=2), prefill=True)
    fields = set(recs[0]) - set(FRAME_NAMES)
    assert fields == set(SAMPLE_FIELDS) and fields <= RESERVED_NAMES


def _store_with(tmp_path: Path, nlp, frames: tuple[str, ...] = FRAME_NAMES) -> Path:
    """A store holding one small thread whose stances (on ``frames``) have varied scores."""
    from discourse.ingest import read_path
    from discourse.model import segments_to_frame
    from discourse.segment import segment_threads
    from discourse.store import Store

    src = tmp_path / "post.json"
    src.write_text(
        json.dumps(
            {
                "id": "week-48",
                "utterances": [
                    {"kind": "article", "speaker": "Desk", "text": "The army went into the hills."},
                    {
                        "id": "c1",
                        "kind": "comment",
                        "speaker": "Ana",
                        "text": "Send more troops to the border now. "
                        "Stop the flow of rifles from Arizona gun shops. "
                        "My cousin got clean in a rehab clinic in Tucson.",
                    },
                ],
            }
        ),
        encoding="utf-8",
    )
    thread = read_path(src)[0]
    segments = segments_to_frame(segment_threads([thread], nlp))
    scores = [0.9, 0.45, 0.6, 0.52]
    stances = pd.DataFrame(
        [
            [sid, thread.id, f, "favor" if f == "militarization" else "none", s, "", "Ana"]
            for sid, s in zip(segments["id"], scores, strict=True)
            for f in frames
        ],
        columns=TABLE_COLUMNS["stances"],
    )
    store = tmp_path / "out" / "discourse.duckdb"
    store.parent.mkdir()
    with Store(store) as db:
        db.write_thread(thread, {"segments": segments, "stances": stances})
    return store


def test_cli_sample_names_frames_when_the_model_has_a_frame_of_its_own(tmp_path: Path, nlp) -> None:
    """The hint said `discourse corpus split` and `discourse train` alone: followed, it
    dropped the fifth frame's labels (W238 only warned)."""
    store = _store_with(tmp_path, nlp, (*FRAME_NAMES, "harm_reduction"))
    root = tmp_path / "repo"
    (root / "corpus" / "annotated").mkdir(parents=True)
    args = ["corpus", "sample", "--store", str(store), "--root", str(root), "-n", "2"]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.output
    text = " ".join(res.output.split())  # the terminal may wrap the line
    assert "`discourse corpus split --frames FILE` and `discourse train --frames FILE`" in text
    assert "defines harm_reduction" in text


def test_cli_sample_then_label_then_split(tmp_path: Path, nlp) -> None:
    """The loop a weekly user follows: sample from the store, label, split, train."""
    store = _store_with(tmp_path, nlp)
    root = tmp_path / "repo"
    (root / "corpus" / "annotated").mkdir(parents=True)
    shutil.copy(SEED_GOLD, root / "corpus" / "annotated" / SEED_GOLD.name)
    runner = CliRunner()
    args = ["corpus", "sample", "--store", str(store), "--root", str(root), "-n", "2"]
    res = runner.invoke(app, args)
    assert res.exit_code == 0, res.output
    written = list((root / "corpus" / "annotated" / "labelled").glob("to-label-*.jsonl"))
    assert len(written) == 1 and "wrote 2 sentence(s) from 1 thread(s)" in res.output
    assert "run `discourse corpus split` and `discourse train`." in res.output
    lines = [json.loads(x) for x in written[0].read_text(encoding="utf-8").splitlines()]
    assert [r["text"] for r in lines] == [
        "Send more troops to the border now.",
        "My cousin got clean in a rehab clinic in Tucson.",
    ]
    # a file given by name is never overwritten: it may hold someone's labels
    again = runner.invoke(app, [*args, "-o", str(written[0])])
    assert again.exit_code == 1 and "E248" in again.output
    # a person labels the first line only; the split takes it and leaves the other out
    lines[0].update({f: "none" for f in FRAME_NAMES}, militarization="favor")
    written[0].write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    corpus = build_split(root).corpus
    real = corpus[corpus["source"].str.startswith("labelled/")]
    assert list(real["id"]) == [lines[0]["id"]]
    assert real.iloc[0]["militarization"] == "favor"
    # a second sample skips what is labelled or still waiting in a file to label
    res = runner.invoke(app, [*args[:-2], "-n", "5", "-o", str(tmp_path / "next.jsonl")])
    assert res.exit_code == 0, res.output
    nxt = [json.loads(x)["id"] for x in (tmp_path / "next.jsonl").read_text().splitlines()]
    assert nxt == ["week-48/article/s01", "week-48/c1/s02"]


def test_cli_sample_names_a_missing_store(tmp_path: Path) -> None:
    res = CliRunner().invoke(
        app, ["corpus", "sample", "--store", str(tmp_path / "none.duckdb"), "-o", "x.jsonl"]
    )
    assert res.exit_code == 1 and "none.duckdb" in res.output


def test_records_have_every_shipped_frame_even_when_the_model_tags_fewer() -> None:
    """A three-frame model, or a run without the stance stage, still gives four fields to label."""
    segs, stances = _tables(SPEC)
    three = stances[stances["frame"] != "arms_control"]
    recs = sample_records(sample_sentences(segs, three, n=2))
    assert [f for f in FRAME_NAMES if f in recs[0]] == list(FRAME_NAMES)
    assert "arms_control" not in recs[0]["model"]
    bare = sample_records(sample_sentences(segs, stances.iloc[0:0], n=2, strategy="random"))
    assert all(bare[0][f] is None for f in FRAME_NAMES) and bare[0]["model"] == {}
    filled = sample_records(sample_sentences(segs, three, n=2), prefill=True)
    assert filled[0]["arms_control"] is None and filled[0]["militarization"] == "favor"


def _labelled_root(tmp_path: Path, records: list[dict], name: str = "s.jsonl") -> Path:
    root = tmp_path / "repo"
    folder = root / "corpus" / "annotated"
    (folder / LABELLED_DIR).mkdir(parents=True)
    shutil.copy(SEED_GOLD, folder / SEED_GOLD.name)
    _write(folder / LABELLED_DIR / name, records)
    return root


def _write(path: Path, records: list[dict], end: str = "\n") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("".join(json.dumps(r) + end for r in records).encode("utf-8"))


def test_a_sample_not_labelled_at_all_does_not_break_the_split(tmp_path: Path) -> None:
    segs, stances = _tables(SPEC)
    root = _labelled_root(tmp_path, sample_records(sample_sentences(segs, stances, n=3)))
    result = build_split(root)  # was: KeyError 'id' (a traceback) from an empty part
    assert not result.corpus["source"].str.startswith("labelled/").any()
    assert result.labelled["labelled/s.jsonl"] == {
        "read": 3, "unlabelled": 3, "unchecked": 0, "dropped": 0, "used": 0, "partial": 0
    }  # fmt: skip


def test_prefilled_lines_join_the_split_only_once_checked(tmp_path: Path) -> None:
    segs, stances = _tables(SPEC)
    recs = sample_records(sample_sentences(segs, stances, n=3), prefill=True)
    assert all(r["checked"] is False for r in recs)
    recs[1]["checked"] = True  # the annotator went through this line
    del recs[2]["checked"]  # or deleted the field
    root = _labelled_root(tmp_path, recs)
    result = build_split(root)
    real = result.corpus[result.corpus["source"] == "labelled/s"]
    assert sorted(real["id"]) == sorted([recs[1]["id"], recs[2]["id"]])
    assert result.labelled["labelled/s.jsonl"]["unchecked"] == 1
    # the split's output says what each labelled file gave
    res = CliRunner().invoke(app, ["corpus", "split", "--root", str(root)])
    assert res.exit_code == 0, res.output
    assert (
        'labelled/s.jsonl: 2 of 3 line(s) used (1 prefilled and not marked "checked": true yet'
        in res.output
    )


@pytest.mark.parametrize("value", ["false", 0, "yes", None])
def test_checked_must_be_a_boolean(tmp_path: Path, value: object) -> None:
    """'"checked": "false"' used to count as checked: anything not literally false did."""
    segs, stances = _tables(SPEC)
    recs = sample_records(sample_sentences(segs, stances, n=2), prefill=True)
    recs[1]["checked"] = value
    root = _labelled_root(tmp_path, recs)
    with pytest.raises(IngestError, match=r"\[E256\].*s\.jsonl: line 2: \"checked\" must be"):
        build_split(root)


def test_eval_leaves_out_lines_nobody_checked(tmp_path: Path) -> None:
    """A prefilled sample holds the model's own guesses: scored as gold it made
    any model look perfect. Those lines are left out, and the user told."""
    gold = tmp_path / "to-label.jsonl"
    rows = [
        {"id": "a", "text": "Legalize it.", "legalization": "favor", "checked": True},
        {"id": "b", "text": "Keep it banned.", "legalization": "favor", "checked": False},
    ]
    _write(gold, rows)
    res = CliRunner().invoke(app, ["eval", str(gold)])
    assert res.exit_code == 0, res.output
    assert "[W241]" in res.output and "1 line(s)" in res.output
    # only line a is scored: the gold supports (favor, against, none) count one sentence
    (row,) = [ln.split() for ln in res.stdout.splitlines() if ln.startswith("legalization ")]
    assert row[-3:] == ["1", "0", "0"]
    for row in rows:
        row["checked"] = False
    _write(gold, rows)
    res = CliRunner().invoke(app, ["eval", str(gold)])
    assert res.exit_code == 1 and "[E257]" in res.output


def test_a_repeated_sentence_is_a_coded_warning_naming_its_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    seed_text = json.loads(SEED_GOLD.read_text(encoding="utf-8").splitlines()[5])["text"]
    recs = [
        {"id": "mine-1", "text": "Send the marines.", "militarization": "favor"},
        {"id": "mine-2", "text": seed_text, "militarization": "against"},
    ]
    root = _labelled_root(tmp_path, recs)
    with caplog.at_level(logging.WARNING):
        build_split(root)
    assert (
        "[W240]" in caplog.text and "line 2: sentence 'mine-2' repeats the seed gold" in caplog.text
    )


def test_partly_labelled_crlf_own_and_edited_lines_are_read(tmp_path: Path) -> None:
    """What annotators do: some frames only, a Windows editor, a line of their own."""
    segs, stances = _tables(SPEC)
    recs = sample_records(sample_sentences(segs, stances, n=3))
    recs[0]["militarization"] = "favor"  # one frame of four
    recs[1].update({f: "none" for f in FRAME_NAMES}, text=recs[1]["text"] + " (edited)")
    del recs[1]["model"]
    recs.append(
        {"id": "mine-1", "text": "Send the marines to the border.", "militarization": "favor"}
    )
    root = _labelled_root(tmp_path, [])
    _write(root / "corpus" / "annotated" / LABELLED_DIR / "s.jsonl", recs, end="\r\n")
    result = build_split(root)
    real = result.corpus[result.corpus["source"] == "labelled/s"].set_index("id")
    assert list(real.index) == [recs[0]["id"], recs[1]["id"], "mine-1"]
    assert real.loc[recs[0]["id"], "arms_control"] is None  # not labelled: skipped, not "none"
    assert real.loc[recs[1]["id"], "text"].endswith("(edited)")
    c = result.labelled["labelled/s.jsonl"]
    assert (c["used"], c["partial"], c["unlabelled"]) == (3, 2, 1)


def test_a_misspelt_label_in_a_labelled_file_is_named(tmp_path: Path) -> None:
    from discourse.errors import IngestError

    root = _labelled_root(
        tmp_path, [{"id": "x1", "text": "Arm them all.", "militarization": "favour"}]
    )
    with pytest.raises(IngestError, match=r"E232.*line 1.*'favour'"):
        build_split(root)


def test_a_seed_gold_id_in_a_labelled_file_is_left_out_not_fatal(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    seed = read_gold(SEED_GOLD)
    own = {"id": "mine-1", "text": "Send the marines to the border.", "militarization": "favor"}
    clash = {"id": seed["id"][3], "text": "Some other wording.", "militarization": "favor"}
    root = _labelled_root(tmp_path, [own, clash])
    with caplog.at_level(logging.WARNING):
        result = build_split(root)  # was: E234, and no split at all
    assert "W233" in caplog.text and "line 2" in caplog.text
    assert list(result.corpus.loc[result.corpus["source"] == "labelled/s", "id"]) == ["mine-1"]
    assert (result.corpus["id"] == seed["id"][3]).sum() == 1  # the seed copy, in dev
    assert result.labelled["labelled/s.jsonl"]["dropped"] == 1


@pytest.mark.parametrize(
    "where", ["labeled/s.jsonl", "labelled/old/s.jsonl", "labelled/s.jsonl.txt", "to-label.jsonl"]
)
def test_labels_saved_where_the_split_does_not_read_are_named(
    tmp_path: Path, where: str, caplog: pytest.LogCaptureFixture
) -> None:
    root = _labelled_root(tmp_path, [])
    rec = {"id": "mine-1", "text": "Send the marines to the border.", "militarization": "favor"}
    _write(root / "corpus" / "annotated" / where, [rec])
    with caplog.at_level(logging.WARNING):
        build_split(root)
    assert "W234" in caplog.text and where.split("/")[-1] in caplog.text


def test_shipped_layout_has_no_stray_files() -> None:
    from discourse.stance.corpus import annotated_dir, stray_files

    assert stray_files(annotated_dir(ROOT)) == []


def test_cli_sample_again_the_same_day_excluding_more_than_exist_and_outside(
    tmp_path: Path, nlp, caplog: pytest.LogCaptureFixture
) -> None:
    store = _store_with(tmp_path, nlp)
    root = tmp_path / "repo"
    (root / "corpus" / "annotated").mkdir(parents=True)
    shutil.copy(SEED_GOLD, root / "corpus" / "annotated" / SEED_GOLD.name)
    runner = CliRunner()
    args = ["corpus", "sample", "--store", str(store), "--root", str(root), "--min-words", "1"]
    first = runner.invoke(app, [*args, "-n", "1"])
    # the default name is taken: a second file, not E248, with none of the first's sentences
    second = runner.invoke(app, [*args, "-n", "1"])
    assert first.exit_code == second.exit_code == 0, second.output
    folder = root / "corpus" / "annotated" / LABELLED_DIR
    files = sorted(folder.glob("to-label-*.jsonl"), key=lambda p: len(p.name))
    assert [p.name.count("-") for p in files] == [4, 5]  # to-label-<date>, to-label-<date>-2
    ids = [[json.loads(x)["id"] for x in p.read_text().splitlines()] for p in files]
    assert len(ids[0]) == len(ids[1]) == 1 and ids[0] != ids[1]
    # a file outside labelled/ will not join the split: said so
    out = runner.invoke(app, [*args, "-n", "1", "-o", str(tmp_path / "out.jsonl")])
    assert "is not in" in out.output and "moved there" in out.output
    assert "warning [W239]" in out.output
    # more than are left (4 sentences in the store): said so
    more = runner.invoke(app, [*args, "-n", "50", "-o", str(folder / "rest.jsonl")])
    assert "wrote 2 sentence(s)" in more.output and "moved there" not in more.output
    assert "only 2 candidate(s) left of the 50 asked for" in more.output
    # nothing left: no (empty) file, a warning
    with caplog.at_level(logging.WARNING):
        none = runner.invoke(app, [*args, "-o", str(tmp_path / "empty.jsonl")])
    assert none.exit_code == 0 and not (tmp_path / "empty.jsonl").exists()
    assert "W235" in caplog.text


def test_labelled_f_avg_that_cannot_be_computed_is_explained(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from discourse.stance.train import score_splits

    class Stub:
        frames_ = FRAME_NAMES

        def predict(self, texts: list[str]) -> pd.DataFrame:
            return pd.DataFrame({f: ["none"] * len(texts) for f in FRAME_NAMES})

    dev = pd.DataFrame(
        {"id": ["a", "b"], "text": ["One.", "Two."], "source": ["written/x", "labelled/s"],
         **{f: ["favor", "none"] for f in FRAME_NAMES}}
    )  # fmt: skip
    with caplog.at_level(logging.WARNING):
        out = score_splits(Stub(), dev)  # type: ignore[arg-type]
    assert out["labelled"]["n"] == 1 and "W236" in caplog.text

    class Wrong(Stub):  # a side where the labelled dev sentence has none
        def predict(self, texts: list[str]) -> pd.DataFrame:
            return pd.DataFrame({f: ["against"] * len(texts) for f in FRAME_NAMES})

    caplog.clear()
    with caplog.at_level(logging.WARNING):
        out = score_splits(Wrong(), dev)  # type: ignore[arg-type]
    # undefined, not 0.000 ("the model fails on your threads")
    assert math.isnan(out["labelled"]["f_avg"]) and "W236" in caplog.text


def test_a_random_sample_includes_threads_stored_without_stances() -> None:
    segs, stances = _tables(SPEC)
    only_a = stances[stances["thread_id"] == "a"]
    out = sample_sentences(segs, only_a, n=50, strategy="random")
    assert set(out["thread_id"]) == {"a", "b"}  # was: thread b silently left out
    recs = {r["id"]: r for r in sample_records(out, prefill=True)}
    assert recs["b/c/s01"]["model"] == {} and recs["b/c/s01"]["militarization"] is None
    assert "NaN" not in json.dumps(list(recs.values()))
    # ranking strategies still need the model's scores
    assert set(sample_sentences(segs, only_a, n=50)["thread_id"]) == {"a"}


def test_split_takes_the_annotated_folder_as_its_root_like_train(tmp_path: Path) -> None:
    """`train --corpus` takes corpus/annotated itself; `corpus split --root` did not
    (it looked for corpus/annotated/corpus/annotated/…)."""
    root = _labelled_root(
        tmp_path, [{"id": "m-1", "text": "Send the marines.", "militarization": "favor"}]
    )
    folder = root / "corpus" / "annotated"
    via_root, via_folder = build_split(root), build_split(folder)
    assert via_root.corpus.equals(via_folder.corpus)
    assert (folder / "train.jsonl").is_file() or (folder / "dev.jsonl").is_file()

"""The annotated corpus: reading gold JSONL, the deterministic train/dev split, loading it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from discourse.cli import app
from discourse.errors import IngestError
from discourse.stance.corpus import (
    CONTEXT_THREADS,
    DEFAULT_SOURCES,
    HELDOUT,
    HELDOUT_THREADS,
    build_split,
    check_disjoint,
    dev_bucket,
    label_counts,
    load_corpus,
    normalise_text,
    read_gold,
)
from discourse.stance.frames import FRAME_NAMES, LABELS
from tests.conftest import ROOT, SEED_GOLD

ANNOTATED = ROOT / "corpus" / "annotated"


def _record(sid: str, text: str, **labels: str | None) -> dict:
    rec = {"id": sid, "text": text, **{f: "none" for f in FRAME_NAMES}, "register": "news"}
    rec.update(labels)
    return rec


def _write(path: Path, records: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def small_root(tmp_path: Path) -> Path:
    """A repository root with the real seed gold and two small written files."""
    folder = tmp_path / "corpus" / "annotated"
    folder.mkdir(parents=True)
    shutil.copy(SEED_GOLD, folder / SEED_GOLD.name)
    _write(
        folder / "written" / "ac_leg.jsonl",
        [
            _record(f"al-{i:04d}", f"Sentence number {i} about cannabis.", legalization="favor")
            for i in range(60)
        ],
    )
    _write(
        folder / "written" / "mixed.jsonl",
        [
            _record(f"mx-{i:04d}", f"Another sentence {i} about guns.", arms_control="against")
            for i in range(40)
        ],
    )
    return tmp_path


def test_read_gold_seed(seed_gold) -> None:
    df = read_gold(SEED_GOLD)
    assert len(df) == len(seed_gold) == 68
    assert list(df.columns[:6]) == ["id", "text", *FRAME_NAMES]
    for frame in FRAME_NAMES:
        assert set(df[frame]) <= set(LABELS)
    # holder: the annotated holder where given, else the speaker
    reported = df.set_index("id").loc["guatemala-post/article/s05"]
    assert reported["holder"] == "Otto Perez Molina"
    assert reported["speaker"] == "Karen Hooper"
    assert df.set_index("id").loc["guatemala-post/article/s03", "holder"] == "Karen Hooper"


def test_read_gold_nulls_and_a_fifth_frame(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "g.jsonl",
        [
            {
                "id": "a",
                "text": "Plant cacao.",
                "legalization": None,
                "alternative_development": "favor",
                "register": "blog",
            },
            {
                "id": "b",
                "text": "Guns.",
                "legalization": "against",
                "alternative_development": None,
                "register": "news",
            },
        ],
    )
    df = read_gold(path)
    assert "alternative_development" in df.columns and "register" in df.columns
    assert df["legalization"].tolist() == [None, "against"]
    assert df["militarization"].tolist() == [None, None]  # absent = not labelled
    assert df["alternative_development"].tolist() == ["favor", None]
    assert "register" not in read_gold(path, frames=["legalization"]).columns[:3]


@pytest.mark.parametrize(
    ("records", "code"),
    [
        ([{"id": "a", "text": "x", "legalization": "pro"}], "E232"),
        ([{"id": "a", "legalization": "favor"}], "E233"),
        ([{"id": "a", "text": "x"}, {"id": "a", "text": "y"}], "E234"),
    ],
)
def test_read_gold_rejects_bad_records(tmp_path: Path, records: list[dict], code: str) -> None:
    with pytest.raises(IngestError, match=rf"\[{code}\].*line"):
        read_gold(_write(tmp_path / "bad.jsonl", records))


def test_split_is_deterministic_by_id_and_keeps_seed_in_dev(small_root: Path) -> None:
    result = build_split(small_root)
    corpus = result.corpus
    seed = corpus[corpus["source"] == "guatemala-post.gold"]
    assert len(seed) == 68 and set(seed["split"]) == {"dev"}
    written = corpus[corpus["source"] != "guatemala-post.gold"]
    expected = {i: ("dev" if dev_bucket(i) < 0.15 else "train") for i in written["id"]}
    assert dict(zip(written["id"], written["split"], strict=True)) == expected
    assert 0 < (written["split"] == "dev").sum() < 40
    train = read_gold(result.train_path)
    dev = read_gold(result.dev_path)
    assert len(train) + len(dev) == 168
    assert set(train["source"]) == {"written/ac_leg", "written/mixed"}
    before = dict(zip(written["id"], written["split"], strict=True))

    # more sentences arrive (a file still being written): nothing moves
    _write(
        small_root / "corpus" / "annotated" / "written" / "dr_mil.jsonl",
        [
            _record(f"dm-{i:04d}", f"Troops sentence {i}.", militarization="favor")
            for i in range(50)
        ],
    )
    again = build_split(small_root).corpus
    after = dict(zip(again["id"], again["split"], strict=True))
    assert all(after[i] == s for i, s in before.items())
    assert len(again) == 218
    assert build_split(small_root).train_path.read_bytes() == result.train_path.read_bytes()


def test_split_drops_copies_of_seed_sentences(small_root: Path) -> None:
    seed_text = read_gold(SEED_GOLD)["text"].iloc[10]
    path = small_root / "corpus" / "annotated" / "written" / "mixed.jsonl"
    records = [json.loads(x) for x in path.read_text().splitlines()]
    records.append(_record("mx-copy", "  " + seed_text.upper() + "  "))
    _write(path, records)
    corpus = build_split(small_root).corpus
    assert "mx-copy" not in set(corpus["id"])


def test_split_rejects_an_id_used_twice(small_root: Path) -> None:
    _write(
        small_root / "corpus" / "annotated" / "written" / "dr_mil.jsonl",
        [_record("al-0003", "A different sentence with a reused id.")],
    )
    with pytest.raises(IngestError, match=r"\[E234\].*al-0003"):
        build_split(small_root)


def test_a_named_source_that_does_not_exist_leaves_the_split_alone(small_root: Path) -> None:
    result = build_split(small_root)
    before = result.train_path.read_bytes()
    with pytest.raises(OSError, match=r"\[E241\].*nosuch.jsonl.*Known: ac_leg, mixed"):
        build_split(small_root, sources=["ac_leg", "nosuch"])
    assert result.train_path.read_bytes() == before
    # the same typo on the command line: an error, not an emptied train.jsonl
    from typer.testing import CliRunner

    from discourse.cli import app

    out = CliRunner().invoke(app, ["corpus", "split", "--root", str(small_root), "-s", "nosuch"])
    assert out.exit_code == 1 and "E241" in out.output
    assert result.train_path.read_bytes() == before


def test_check_disjoint_catches_leaks() -> None:
    leak = pd.DataFrame(
        {"id": ["a", "b"], "text": ["Same words!", "same words"], "split": ["train", "dev"]}
    )
    with pytest.raises(IngestError, match=r"\[E235\].*text"):
        check_disjoint(leak)


def test_cli_split_and_stats(small_root: Path) -> None:
    runner = CliRunner()
    res = runner.invoke(app, ["corpus", "split", "--root", str(small_root)])
    assert res.exit_code == 0, res.output
    assert "legalization" in res.output and "train" in res.output
    res = runner.invoke(app, ["corpus", "stats", "--root", str(small_root)])
    assert res.exit_code == 0 and "168 sentences" in res.output
    res = runner.invoke(app, ["corpus", "stats", "--root", str(small_root / "nowhere")])
    assert res.exit_code == 1 and "E236" in res.output
    res = runner.invoke(app, ["corpus", "split", "--root", str(small_root), "--source", "mixed"])
    assert res.exit_code == 0, res.output
    assert set(read_gold(small_root / "corpus/annotated/train.jsonl")["source"]) == {
        "written/mixed"
    }


def test_load_corpus_errors(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\[E240\]"):
        load_corpus("test")
    with pytest.raises(IngestError, match=r"\[E236\]"):
        load_corpus(root=tmp_path)


def test_a_corpus_found_from_the_package_not_the_working_directory_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Run elsewhere, the corpus commands read (and sample writes) the package's
    repository: that is said once, with both folders."""
    import discourse.stance.corpus as corpus_module

    repo = tmp_path / "repo"
    (repo / "corpus" / "annotated").mkdir(parents=True)
    module = repo / "src" / "discourse" / "stance" / "corpus.py"
    module.parent.mkdir(parents=True)
    elsewhere = tmp_path / "notebooks-elsewhere"
    elsewhere.mkdir()
    monkeypatch.setattr(corpus_module, "__file__", str(module))
    monkeypatch.setattr(corpus_module, "_WARNED_FALLBACK", set())
    monkeypatch.chdir(elsewhere)
    with caplog.at_level("WARNING"):
        assert corpus_module.find_root() == repo
        assert corpus_module.find_root() == repo
    warned = [r.getMessage() for r in caplog.records if "[W244]" in r.getMessage()]
    assert len(warned) == 1 and str(elsewhere) in warned[0] and str(repo) in warned[0]
    caplog.clear()
    monkeypatch.chdir(repo / "src")  # inside the repository: found from the working directory
    with caplog.at_level("WARNING"):
        assert corpus_module.find_root() == repo
    assert not caplog.records


# --- the shipped corpus -----------------------------------------------------


def test_shipped_corpus_shape_and_columns() -> None:
    corpus = load_corpus()
    assert list(corpus.columns) == [
        "id",
        "text",
        *FRAME_NAMES,
        "holder",
        "split",
        "source",
        "register",
    ]
    assert corpus["id"].is_unique
    assert set(corpus["split"]) == {"train", "dev"}
    assert len(load_corpus("train")) + len(load_corpus("dev")) == len(corpus)
    assert len(corpus) > 1400
    for frame in FRAME_NAMES:
        assert set(corpus[frame]) <= set(LABELS)  # the four frames are labelled everywhere


def test_shipped_split_is_leak_free_and_covers_every_label() -> None:
    corpus = load_corpus()
    check_disjoint(corpus)
    train_text = {normalise_text(t) for t in corpus.loc[corpus["split"] == "train", "text"]}
    seed_text = {normalise_text(t) for t in read_gold(SEED_GOLD)["text"]}
    assert not train_text & seed_text
    seed = corpus[corpus["source"] == "guatemala-post.gold"]
    assert len(seed) == 68 and set(seed["split"]) == {"dev"}
    counts = label_counts(corpus)
    for frame in FRAME_NAMES:
        for label in ("favor", "against"):
            assert counts.loc[(frame, label), "dev"] >= 10, (frame, label)
            assert counts.loc[(frame, label), "train"] >= 50, (frame, label)
    written = corpus[corpus["source"] != "guatemala-post.gold"]
    share = (written["split"] == "dev").mean()
    assert 0.10 < share < 0.20


def test_shipped_split_is_up_to_date(tmp_path: Path) -> None:
    """train/dev.jsonl are exactly what `discourse corpus split` makes from the sources."""
    folder = tmp_path / "corpus" / "annotated"
    folder.mkdir(parents=True)
    shutil.copy(SEED_GOLD, folder)
    shutil.copytree(ANNOTATED / "written", folder / "written")
    result = build_split(tmp_path)
    assert result.train_path.read_bytes() == (ANNOTATED / "train.jsonl").read_bytes()
    assert result.dev_path.read_bytes() == (ANNOTATED / "dev.jsonl").read_bytes()
    assert {f"written/{s}" for s in DEFAULT_SOURCES} <= set(result.corpus["source"])


def test_gold_text_that_is_not_a_string_is_named_as_such(tmp_path: Path) -> None:
    gold = tmp_path / "g.jsonl"
    gold.write_text('{"id": "a", "text": 5, "legalization": "favor"}\n', encoding="utf-8")
    with pytest.raises(
        IngestError,
        match=r"\[E213\] .*g.jsonl: record line 1: field 'text' must be a string, got int",
    ):
        read_gold(gold)
    gold.write_text('{"id": "a", "legalization": "favor"}\n', encoding="utf-8")
    with pytest.raises(IngestError, match=r"\[E233\].*'text'"):
        read_gold(gold)


def test_every_shipped_written_file_is_valid_gold_with_ids_unique_across_files() -> None:
    """Files kept out of the split (pairs, balance, the fifth frame) are still read by
    users and notebooks: each must parse as gold, and no id may repeat across files."""
    seen: dict[str, str] = {}
    for path in sorted((ANNOTATED / "written").glob("*.jsonl")):
        gold = read_gold(path)
        assert len(gold) > 0, path.name
        for frame in FRAME_NAMES:
            assert set(gold[frame].dropna()) <= set(LABELS), (path.name, frame)
        for sentence_id in gold["id"]:
            assert sentence_id not in seen, (sentence_id, path.name, seen.get(sentence_id))
            seen[sentence_id] = path.name
    assert {"balance.jsonl", "pairs.jsonl"} <= set(seen.values())


def test_a_misspelt_label_of_a_fifth_frame_is_an_error_not_a_dropped_frame(
    tmp_path: Path,
) -> None:
    records = [
        _record(f"s{i}", f"Sentence {i}.", alternative_development=label)
        for i, label in enumerate(["favor", "against", "none", "favour"])
    ]
    with pytest.raises(IngestError, match=r"\[E232\].*line 4.*'favour'.*'alternative_development'"):
        read_gold(_write(tmp_path / "five.jsonl", records))
    # a text field that only sometimes holds a label word is not a frame
    records = [_record(f"s{i}", "x", comment=c) for i, c in enumerate(["none", "ok", "fine"])]
    assert "comment" not in read_gold(_write(tmp_path / "note.jsonl", records)).columns[:7]


def test_split_files_are_strict_json() -> None:
    """No ``NaN`` tokens (pandas' missing values): jq, JavaScript and strict parsers refuse them."""

    def refuse(token: str) -> None:
        raise AssertionError(f"{token} in a split file")

    for name in ("train.jsonl", "dev.jsonl"):
        for line in (ANNOTATED / name).read_text(encoding="utf-8").splitlines():
            json.loads(line, parse_constant=refuse)


# --- a frame added in a frames file, from the command line ------------------


def _five_frames(path: Path) -> Path:
    from discourse.stance.frames import Frame, load_frames, save_frames

    alt = Frame(
        name="alternative_development",
        definition="Crop substitution and rural development for coca and poppy growers.",
        proposition="Help coca and poppy growers switch to legal livelihoods",
        topic_cues=("crop substitution", "cacao", "coca grower"),
    )
    return save_frames([*load_frames(), alt], path)


def _labelled_five(root: Path) -> Path:
    labels = ("favor", "against", "none")
    records = [
        {
            "id": f"af-{i}",
            "text": f"Growers in valley {i} should {'plant cacao' if i % 3 else 'keep coca'}.",
            # af-0 is labelled for the fifth frame only
            **{f: labels[(i + k) % 3] for k, f in enumerate(FRAME_NAMES, 1) if i},
            "alternative_development": labels[i % 3],
        }
        for i in range(45)
    ]
    records.append({"id": "mis-1", "text": "Legalise it all now.", "legalisation": "favor"})
    return _write(root / "corpus" / "annotated" / "labelled" / "five.jsonl", records)


def test_split_keeps_a_frame_of_a_frames_file_and_names_unknown_label_fields(
    small_root: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _labelled_five(small_root)
    frames = _five_frames(small_root / "frames-5.json")
    runner = CliRunner()
    res = runner.invoke(
        app, ["corpus", "split", "--root", str(small_root), "--frames", str(frames)]
    )
    assert res.exit_code == 0, res.output
    # a line labelled only for the fifth frame is used, the misspelt one is named
    assert "labelled/five.jsonl: 45 of 46 line(s) used" in res.output
    assert "warning [W238]" in res.output and "legalisation" in res.output
    assert "alternative_development" in res.output  # in the counts table
    split = load_corpus(root=small_root)
    assert split["alternative_development"].notna().sum() == 45
    assert "af-0" in set(split["id"])
    # without the frames file the fifth frame's labels are named, not silently lost
    res = runner.invoke(app, ["corpus", "split", "--root", str(small_root)])
    assert res.exit_code == 0, res.output
    assert "[W238]" in res.output and "alternative_development" in res.output


def test_train_with_a_frames_file_trains_the_added_frame(small_root: Path) -> None:
    from discourse.stance import load_model

    _labelled_five(small_root)
    frames = _five_frames(small_root / "frames-5.json")
    runner = CliRunner()
    args = ["--frames", str(frames)]
    res = runner.invoke(app, ["corpus", "split", "--root", str(small_root), *args])
    assert res.exit_code == 0, res.output
    out = small_root / "five.skops"
    res = runner.invoke(app, ["train", "--corpus", str(small_root), "-o", str(out), *args])
    assert res.exit_code == 0, res.output
    model = load_model(out)
    assert "alternative_development" in list(model.frames_)
    assert model.predict(["Plant cacao."]).columns.tolist()[-1] == "alternative_development"


def test_heldout_set_is_labelled_gold_the_model_never_saw() -> None:
    """The held-out sentences measure the model on wording nobody wrote for the
    split: every frame labelled on every line, every frame × side present, and no
    sentence (normalised) of it in train or dev."""
    heldout = read_gold(ANNOTATED / HELDOUT)
    assert len(heldout) >= 390 and heldout["id"].is_unique
    for frame in FRAME_NAMES:
        counts = heldout[frame].value_counts()
        assert set(counts.index) == set(LABELS), frame
        assert min(counts["favor"], counts["against"]) >= 35, frame
    split = {
        normalise_text(t) for name in ("train", "dev") for t in load_corpus(name, root=ROOT).text
    }
    assert not {normalise_text(t) for t in heldout.text} & split
    assert not set(heldout["id"]) & set(load_corpus("train", root=ROOT)["id"])


@pytest.mark.parametrize("name", [HELDOUT_THREADS, CONTEXT_THREADS])
def test_thread_sets_are_whole_threads_labelled_in_context(name: str) -> None:
    """The thread sets are read as threads: every sentence names its thread, its
    post and the post it answers (an earlier post of the same thread; the
    article answers none), every frame is labelled on every line, each frame
    has both sides, and no sentence of four words or more is in the split
    (short reactions such as "This." or "lol" recur anywhere; the held-out set
    has none of those either, so `discourse eval` scores it as unseen)."""
    threads = read_gold(ANNOTATED / name)
    assert len(threads) >= 2700 and threads["id"].is_unique
    assert threads["thread"].nunique() >= 48
    for frame in FRAME_NAMES:
        counts = threads[frame].value_counts()
        assert set(counts.index) == set(LABELS), frame
        assert min(counts["favor"], counts["against"]) >= 70, frame
    posts = set(threads["post"])
    for row in threads.itertuples():
        assert row.post.startswith(f"{row.thread}-") and row.id.startswith(f"{row.post}-")
        if row.unit == "article":
            assert row.parent is None
        else:
            assert row.parent in posts and row.parent.startswith(f"{row.thread}-")
            assert row.parent < row.post  # answers an earlier post
    split = {normalise_text(t) for s in ("train", "dev") for t in load_corpus(s, root=ROOT).text}
    long_ones = {normalise_text(t) for t in threads.text if len(t.split()) >= 4}
    assert not long_ones & split
    if name == HELDOUT_THREADS:
        from discourse.stance import load_model
        from discourse.stance.classifier import text_digests

        assert not set(text_digests(threads.text)) & set(load_model().train_digests_)


def test_training_threads_share_no_thread_or_sentence_with_the_held_out_ones() -> None:
    """The context reader is fitted on one set of threads and scored on the
    other: no thread id and no sentence of four words or more in both, and the
    training threads stay out of the stance split."""
    train = read_gold(ANNOTATED / CONTEXT_THREADS)
    held = read_gold(ANNOTATED / HELDOUT_THREADS)
    assert not set(train["thread"]) & set(held["thread"])
    assert CONTEXT_THREADS.removeprefix("written/").removesuffix(".jsonl") not in DEFAULT_SOURCES

    def long_ones(df: pd.DataFrame) -> set[str]:
        return {normalise_text(t) for t in df.text if len(t.split()) >= 4}

    assert not long_ones(train) & long_ones(held)

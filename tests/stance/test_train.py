from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from discourse.cli import app
from discourse.stance import FRAME_NAMES, load_model
from discourse.stance.corpus import load_corpus
from discourse.stance.train import _checksum, score_splits

from ..conftest import CORPUS

runner = CliRunner()
#: training_info_ entries that are measured figures, not settings or data
METRICS = ("dev", "seed_gold")


@pytest.mark.slow
def test_shipped_model_reproduces_its_recorded_dev_metrics(shipped):
    info = shipped.training_info_
    assert info["data_sha256"] == _checksum(CORPUS / "annotated"), (
        "corpus/annotated changed since the shipped model was trained: run `discourse train`"
    )
    measured = score_splits(shipped, load_corpus("dev", root=CORPUS.parent))
    for split in ("dev", "seed_gold"):
        assert measured[split]["f_avg"] == pytest.approx(info[split]["f_avg"], abs=1e-6)
        assert measured[split]["frames"] == pytest.approx(info[split]["frames"], abs=1e-6)


@pytest.mark.slow
def test_train_is_reproducible(tmp_path, shipped):
    def train(name: str):
        out = tmp_path / name
        args = ["train", "--corpus", str(CORPUS / "annotated"), "-o", str(out), "--seed", "0"]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert "dev: F-avg" in result.output and "seed_gold: F-avg" in result.output
        return load_model(out)

    first, second = train("a.skops"), train("b.skops")
    # same data and seed on one machine: the same model, bit for bit in what it predicts
    assert first.training_info_ == second.training_info_
    texts = ["We must legalize cannabis.", "Troops at the border will stop the cartels."]
    np.testing.assert_array_equal(
        first.predict_proba(texts).to_numpy(), second.predict_proba(texts).to_numpy()
    )
    # the shipped model came from the same data and settings, maybe on another CPU:
    # OpenBLAS picks its kernels by CPU (Haswell, SkylakeX …), the last bits of a
    # product differ and lbfgs stops an iteration or two apart (dev F-avg 0.728968
    # on one, 0.729078 on another: one near-tied sentence), so metrics agree closely
    info, ref = first.training_info_, shipped.training_info_
    assert {k: v for k, v in info.items() if k not in METRICS} == {
        k: v for k, v in ref.items() if k not in METRICS
    }
    for split in METRICS:
        assert info[split]["f_avg"] == pytest.approx(ref[split]["f_avg"], abs=0.01), split
    np.testing.assert_allclose(
        first.predict_proba(texts).to_numpy(), shipped.predict_proba(texts).to_numpy(), atol=0.01
    )


def test_stance_cli_round_trip(tmp_path):
    src = tmp_path / "in.jsonl"
    records = [
        {"id": "a", "text": "We must legalize marijuana and regulate it like alcohol."},
        {
            "id": "b",
            "text": "The senator said universal background checks save lives.",
            "speaker": "Ann",
        },
        {"id": 3, "text": "The weather was nice on Sunday."},
    ]
    src.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["stance", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["a", "b", 3]
    frames = ["demand_reduction", "militarization", "arms_control", "legalization"]
    for row in rows:
        assert set(row) == {"id", "text", *frames, "scores", "cues", "holders", "holder"}
        assert set(row["scores"]) == set(frames) == set(row["cues"]) == set(row["holders"])
        assert all(0 <= v <= 1 for v in row["scores"].values())
    assert rows[0]["legalization"] == "favor" and rows[0]["cues"]["legalization"]
    assert rows[1]["holder"] == "the senator"
    assert rows[1]["holders"]["arms_control"] == "the senator"
    assert rows[2]["holder"] == "" and all(rows[2][f] == "none" for f in frames)
    # stdout when no output file is given
    result = runner.invoke(app, ["stance", str(src)])
    assert result.exit_code == 0
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["a", "b", 3]


def test_stance_cli_errors_are_one_line(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x"}\n', encoding="utf-8")
    result = runner.invoke(app, ["stance", str(bad)])
    assert result.exit_code == 1
    assert "E209" in result.output and "text" in result.output
    result = runner.invoke(app, ["stance", str(tmp_path / "nope.jsonl")])
    assert result.exit_code == 1 and "E001" in result.output


def test_eval_cli_scores_labelled_frames_only(tmp_path):
    gold = tmp_path / "gold.jsonl"
    rows = [
        {
            "id": "1",
            "text": "We must legalize marijuana now.",
            "legalization": "favor",
            "arms_control": None,
        },
        {
            "id": "2",
            "text": "Legalizing marijuana would be a disaster for our kids.",
            "legalization": "against",
        },
        {"id": "3", "text": "The weather was nice on Sunday.", "legalization": "none"},
        {
            "id": "4",
            "text": "Gun control laws only disarm law-abiding citizens.",
            "legalization": "none",
            "arms_control": "against",
        },
    ]
    gold.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", str(gold)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "legalization" in out and "arms_control" in out and "F-avg" in out
    assert "F1 favor" in out and "F1 against" in out
    rows = [line.split()[0] for line in out.splitlines() if line.strip()]
    assert "militarization" not in rows and "demand_reduction" not in rows  # null gold: no score
    assert "not evaluated (gold all null): demand_reduction, militarization" in out
    # … and the user is told so, once per frame
    assert result.stderr.count("[W230]") == 2 and "'militarization'" in result.stderr
    assert "rows gold, columns predicted" in out


def test_eval_cli_without_labelled_frames_fails(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "1", "text": "Hello."}\n', encoding="utf-8")
    result = runner.invoke(app, ["eval", str(gold)])
    assert result.exit_code == 1 and "E211" in result.output


def test_two_saves_of_the_same_model_have_one_model_version(tmp_path, small_train):
    # skops names members by memory address: equal models differ in bytes, and a
    # retrain on the same data and seed must not look like a new model (W511)
    from discourse.run import model_digest
    from discourse.stance import StanceClassifier, save_model

    frames = list(FRAME_NAMES)
    paths = []
    for name in ("a", "b"):
        model = StanceClassifier(min_df=1).fit(small_train["text"], small_train[frames])
        paths.append(save_model(model, tmp_path / f"{name}.skops"))
    assert paths[0].read_bytes() != paths[1].read_bytes()
    assert model_digest(paths[0]) == model_digest(paths[1])
    other = StanceClassifier(min_df=1, C=3.0).fit(small_train["text"], small_train[frames])
    assert model_digest(save_model(other, tmp_path / "c.skops")) != model_digest(paths[0])


def _small_split(folder, n_train: int = 150, n_dev: int = 40):
    """A folder holding only train.jsonl and dev.jsonl (first lines of the shipped split)."""
    folder.mkdir(parents=True)
    for name, n in (("train", n_train), ("dev", n_dev)):
        lines = (CORPUS / "annotated" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        (folder / f"{name}.jsonl").write_text("\n".join(lines[:n]) + "\n", encoding="utf-8")
    return folder


def test_train_reads_any_folder_holding_the_split(tmp_path):
    folder = _small_split(tmp_path / "mysplit")
    assert len(load_corpus("dev", root=folder)) == 40
    out = tmp_path / "m.skops"
    result = runner.invoke(app, ["train", "--corpus", str(folder), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file() and "dev: F-avg" in result.output
    assert load_model(out).training_info_["n_train"] == 150
    # it says what it learnt from
    assert f"trained on 150 sentence(s) of {folder / 'train.jsonl'}" in result.output


def test_train_names_the_missing_split_file_in_the_folder_given(tmp_path):
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["train", "--corpus", str(tmp_path / "empty")])
    assert result.exit_code == 1
    assert "[E236]" in result.output and str(tmp_path / "empty" / "train.jsonl") in result.output


def test_train_says_how_many_labelled_real_sentences_it_learnt_from(tmp_path):
    """With all labelled lines in train (none in dev) no `labelled` figure is printed,
    so this line is what tells the user their labels were used."""
    from discourse.cli.stance import _trained_on

    folder = _small_split(tmp_path / "split", n_train=3, n_dev=2)
    lines = (folder / "train.jsonl").read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0])
    first["source"] = "labelled/week-48"
    lines[0] = json.dumps(first)
    (folder / "train.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    said = _trained_on(folder)
    assert said == (
        f"trained on 3 sentence(s) of {folder / 'train.jsonl'}, "
        "1 of them labelled real sentences from labelled/"
    )


def test_train_warns_about_labels_edited_after_the_split(tmp_path, caplog):
    """Labelled, but forgot `corpus split`: the new labels would be left out silently."""
    import logging
    import os

    from discourse.stance.train import _warn_stale_split

    folder = _small_split(tmp_path / "split", n_train=3, n_dev=2)
    labelled = folder / "labelled"
    labelled.mkdir()
    old, new = labelled / "old.jsonl", labelled / "new.jsonl"
    old.write_text("{}\n", encoding="utf-8")
    new.write_text("{}\n", encoding="utf-8")
    built = (folder / "train.jsonl").stat().st_mtime
    os.utime(old, (built - 60, built - 60))
    os.utime(new, (built + 60, built + 60))
    with caplog.at_level(logging.WARNING):
        _warn_stale_split(folder)
    assert caplog.text.count("[W242]") == 1 and str(new) in caplog.text


def test_eval_says_a_frame_it_does_not_know_looks_misspelt(tmp_path):
    gold = tmp_path / "g.jsonl"
    rows = [
        {"id": "a", "text": "Legalize it.", "legalisation": "favor", "arms_control": "none"},
        {"id": "b", "text": "Ban guns.", "legalisation": "against", "arms_control": "favor"},
    ]
    gold.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = runner.invoke(app, ["eval", str(gold)])
    assert result.exit_code == 0, result.output
    assert "[W231]" in result.output and "legalisation (misspelt legalization?)" in result.output


def test_train_fits_a_context_reader_only_where_asked_and_names_a_missing_file(tmp_path, caplog):
    """The default model trains without a reader; ``context=True`` needs the
    training threads beside the split ([E267] names where it looked)."""
    import logging

    from discourse.stance.train import train

    folder = _small_split(tmp_path / "split")
    with caplog.at_level(logging.WARNING):
        path = train(corpus_root=folder, output=tmp_path / "m.skops")
    assert getattr(load_model(path), "context_", None) is None
    assert "context" not in load_model(path).training_info_
    assert "[W245]" not in caplog.text
    # before training: the model file is not written
    with pytest.raises(FileNotFoundError, match=r"\[E267\].*context_threads.jsonl"):
        train(corpus_root=folder, output=tmp_path / "n.skops", context=True)
    assert not (tmp_path / "n.skops").exists()


def test_a_context_reader_needs_sentences_labelled_in_their_threads(tmp_path, small_train):
    from discourse.stance import StanceClassifier
    from discourse.stance.train import fit_context

    model = StanceClassifier(random_state=0).fit(
        small_train["text"].tolist(), small_train[list(FRAME_NAMES)]
    )
    flat = tmp_path / "flat.jsonl"  # a gold file of sentences, without post or parent
    rows = small_train.head(5)[["id", "text", *FRAME_NAMES]].to_dict("records")
    flat.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    with pytest.raises(ValueError, match=r"\[E266\].*flat.jsonl.*'post'"):
        fit_context(model, flat)
    assert getattr(model, "context_", None) is None


@pytest.mark.slow  # encodes three threads with the sentence encoder
def test_train_with_context_attaches_a_reader_fitted_on_the_threads(tmp_path):
    from discourse.stance.corpus import CONTEXT_THREADS, read_gold
    from discourse.stance.train import CONTEXT_PARAMS

    folder = _small_split(tmp_path / "split")
    lines = (CORPUS / "annotated" / CONTEXT_THREADS).read_text(encoding="utf-8").splitlines()
    threads = [json.loads(line)["thread"] for line in lines]
    keep = list(dict.fromkeys(threads))[:3]
    (folder / "written").mkdir()
    (folder / CONTEXT_THREADS).write_text(
        "\n".join(line for line, t in zip(lines, threads, strict=True) if t in keep) + "\n",
        encoding="utf-8",
    )
    out = tmp_path / "m.skops"
    result = runner.invoke(app, ["train", "--corpus", str(folder), "-o", str(out), "--context"])
    assert result.exit_code == 0, result.output
    model = load_model(out)
    n = sum(t in keep for t in threads)
    assert f"context reader: fitted on {n} sentences of 3 threads" in result.output
    assert model.context_["features"] == CONTEXT_PARAMS["features"]
    assert model.context_["frames"] == list(model.frames_)
    gold = read_gold(folder / CONTEXT_THREADS, frames=list(model.frames_))
    in_threads = model.predict(gold)
    alone = model.predict(gold["text"])
    sided = alone != "none"
    # the reader only fills: every side the model gives on its own stands
    assert (in_threads[sided] == alone[sided]).sum().sum() == sided.sum().sum()

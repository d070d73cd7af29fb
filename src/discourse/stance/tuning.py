"""Fine-tuning the sentence encoder's top layers for stance, in NumPy.

The ``encoder`` stance model reads each sentence's all-MiniLM-L6-v2 vector as
fixed features. :class:`EncoderTuner` goes one step further: it copies the
encoder's top ``top`` transformer layers, puts a linear head per frame on
their mean-pooled output, and trains layers and heads together on the
labelled sentences (cross-entropy, AdamW, linear warm-up and decay). The
lower layers stay frozen, so their states are computed once per sentence and
training costs about 20 s an epoch on the written corpus on two cores. A
:class:`~discourse.stance.classifier.StanceClassifier` with ``tune`` > 0
blends the tuner's probabilities with its own (log space, like the shared
frame-relative model).

Everything is NumPy: the forward pass is the encoder's own
(:func:`discourse.encoder.layer_forward`, keeping its intermediate values), the
backward pass is written out below and checked against finite differences in
the tests. The tuned layers are stored at half precision (about 7 MB for two
layers) and used at single precision; the model is fitted with the rounded
weights, so the saved model predicts exactly what the fitted one did.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy.special import erf

from ..encoder import WIDTH, SentenceEncoder, by_length, load_encoder
from ..errors import Errors
from .frames import LABELS

#: Matrices of a layer (decayed by AdamW); the rest are biases and norm gains.
_MATRICES = ("qkv", "out", "up", "down")


def _norm_backward(
    grad: np.ndarray, before: np.ndarray, gain: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients through ``_layer_norm(before, gain, bias)``: input, gain, bias."""
    centred = before - before.mean(-1, keepdims=True)
    inv = 1.0 / np.sqrt((centred * centred).mean(-1, keepdims=True) + np.float32(1e-12))
    unit = centred * inv
    scaled = grad * gain
    d_in = inv * (
        scaled - scaled.mean(-1, keepdims=True) - unit * (scaled * unit).mean(-1, keepdims=True)
    )
    return d_in, (grad * unit).sum(0), grad.sum(0)


def _gelu_backward(grad: np.ndarray, up: np.ndarray) -> np.ndarray:
    """Gradient through the exact (erf) GELU at ``up``."""
    cdf = np.float32(0.5) * (np.float32(1.0) + erf(up * np.float32(0.7071067811865476)))
    density = np.float32(0.3989422804014327) * np.exp(np.float32(-0.5) * up * up)
    return grad * (cdf + up * density)


def layer_backward(
    grad: np.ndarray,
    kept: dict[str, np.ndarray],
    lay: dict[str, np.ndarray],
    shape: tuple[int, int],
    heads: int,
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Backpropagate ``grad`` (w.r.t. the layer's output, ``(n * length, 384)``)
    through one layer run by :func:`~discourse.encoder.layer_forward` with ``keep``;
    returns the gradient w.r.t. its input and one per weight of ``lay``."""
    n, length = shape
    dim = WIDTH // heads
    scale = np.float32(1.0 / dim**0.5)
    g: dict[str, np.ndarray] = {}
    d_sum2, g["norm2"], g["norm2_b"] = _norm_backward(grad, kept["sum2"], lay["norm2"])
    g["down"], g["down_b"] = kept["h"].T @ d_sum2, d_sum2.sum(0)
    d_up = _gelu_backward(d_sum2 @ lay["down"].T, kept["up"])
    g["up"], g["up_b"] = kept["x1"].T @ d_up, d_up.sum(0)
    d_x1 = d_up @ lay["up"].T + d_sum2
    d_sum1, g["norm1"], g["norm1_b"] = _norm_backward(d_x1, kept["sum1"], lay["norm1"])
    g["out"], g["out_b"] = kept["att"].T @ d_sum1, d_sum1.sum(0)
    d_att = (d_sum1 @ lay["out"].T).reshape(n, length, heads, dim).transpose(0, 2, 1, 3)
    p, v = kept["p"], kept["v"]
    d_p = d_att @ v.transpose(0, 1, 3, 2)
    d_v = p.transpose(0, 1, 3, 2) @ d_att
    d_scores = p * (d_p - (d_p * p).sum(-1, keepdims=True)) * scale
    d_q = d_scores @ kept["k"].transpose(0, 1, 3, 2)  # k is kept as (n, heads, dim, length)
    d_k = d_scores.transpose(0, 1, 3, 2) @ kept["q"]
    d_qkv = np.stack([d_q, d_k, d_v], axis=2).transpose(0, 3, 2, 1, 4).reshape(n * length, -1)
    g["qkv"], g["qkv_b"] = kept["x"].T @ d_qkv, d_qkv.sum(0)
    return d_qkv @ lay["qkv"].T + d_sum1, g


def _softmax(scores: np.ndarray) -> np.ndarray:
    scores = scores - scores.max(-1, keepdims=True)
    out = np.exp(scores)
    return out / out.sum(-1, keepdims=True)


def _pad(states: Sequence[np.ndarray], rows: Sequence[int]) -> tuple[np.ndarray, np.ndarray]:
    """The states of ``rows`` padded to the longest, and their mask of real positions."""
    length = max(states[i].shape[0] for i in rows)
    x = np.zeros((len(rows), length, WIDTH), dtype=np.float32)
    mask = np.zeros((len(rows), length), dtype=np.float32)
    for r, i in enumerate(rows):
        x[r, : states[i].shape[0]] = states[i]
        mask[r, : states[i].shape[0]] = 1.0
    return x, mask


class EncoderTuner:
    """The encoder's top ``top`` layers and a per-frame linear head, trained on
    labelled sentences; :meth:`proba` gives each frame's label probabilities.

    Parameters: ``top`` layers tuned (the rest frozen), ``epochs``, peak
    learning rate ``lr`` (AdamW, 10 % linear warm-up then linear decay),
    ``batch_size``, ``dropout`` on the pooled vector, ``weight_decay`` on the
    layers' matrices, ``random_state`` for the initial head, the batch order
    and dropout: same data and seed, same weights.
    """

    def __init__(
        self,
        top: int = 2,
        epochs: int = 6,
        lr: float = 2e-4,
        batch_size: int = 32,
        dropout: float = 0.1,
        weight_decay: float = 0.01,
        random_state: int | None = 0,
    ) -> None:
        self.top = top
        self.epochs = epochs
        self.lr = lr
        self.batch_size = batch_size
        self.dropout = dropout
        self.weight_decay = weight_decay
        self.random_state = random_state

    def __repr__(self) -> str:
        return f"EncoderTuner(top={self.top}, epochs={self.epochs}, lr={self.lr})"

    # -- fitting --------------------------------------------------------
    def fit(
        self,
        texts: Sequence[str],
        columns: dict[str, tuple[np.ndarray, np.ndarray]],
        encoder: SentenceEncoder | None = None,
    ) -> EncoderTuner:
        """Train on ``texts`` and, per frame, ``(labels of the labelled rows, mask)``
        (as :class:`~discourse.stance.classifier.StanceClassifier` holds them)."""
        enc = encoder if encoder is not None else load_encoder()
        self._check(enc.layers)
        self.frames_ = list(columns)
        self.encoder_digest_ = enc.digest
        targets = np.full((len(texts), len(self.frames_)), -1, dtype=np.int64)
        for j, (values, mask) in enumerate(columns.values()):
            targets[np.flatnonzero(mask), j] = [LABELS.index(v) for v in values]
        states = enc.lower_states(texts, enc.layers - self.top)
        rng = (
            self.random_state
            if isinstance(self.random_state, np.random.RandomState)
            else np.random.RandomState(self.random_state)
        )
        layers = [{k: v.copy() for k, v in lay.items()} for lay in enc._layers[-self.top :]]
        width = len(self.frames_) * len(LABELS)
        head = {
            "w": (rng.standard_normal((WIDTH, width)) * 0.02).astype(np.float32),
            "b": np.zeros(width, dtype=np.float32),
        }
        self._train(enc, states, targets, layers, head, rng)
        if not all(np.isfinite(v).all() for lay in [head, *layers] for v in lay.values()):
            raise ValueError(Errors.E255.format(lr=self.lr, epochs=self.epochs))
        # kept at half precision; used at single precision from here on
        self.layers_ = [{k: v.astype(np.float16) for k, v in lay.items()} for lay in layers]
        self.head_ = head["w"].astype(np.float16)
        self.head_b_ = head["b"].astype(np.float16)
        return self

    def _check(self, layers: int) -> None:
        """``[E252]`` for a setting training cannot use, before any work (the
        stance model's own range checks, :func:`~discourse.stance.classifier.check_params`)."""
        from .classifier import ParamRange, check_params

        check_params(
            self,
            {
                "top": ParamRange(1, layers, integer=True),
                "epochs": ParamRange(1, integer=True),
                "batch_size": ParamRange(1, integer=True),
                "lr": ParamRange(0.0, low_open=True),
                "dropout": ParamRange(0.0, 1.0, high_open=True),
                "weight_decay": ParamRange(0.0),
            },
        )

    def _train(
        self,
        enc: SentenceEncoder,
        states: list[np.ndarray],
        targets: np.ndarray,
        layers: list[dict[str, np.ndarray]],
        head: dict[str, np.ndarray],
        rng: np.random.RandomState,
    ) -> None:
        """AdamW over ``layers`` and ``head`` in place."""
        slots = [(head, "w"), (head, "b")] + [(lay, k) for lay in layers for k in lay]
        first = [np.zeros_like(d[k]) for d, k in slots]
        second = [np.zeros_like(d[k]) for d, k in slots]
        n, size = len(states), self.batch_size
        steps = self.epochs * math.ceil(n / size)
        warm = max(1, int(0.1 * steps))
        step = 0
        for _ in range(self.epochs):
            # batches of similar length (less padding), in random order
            order = rng.permutation(n)
            blocks = [
                sorted(order[s : s + size * 8], key=lambda i: states[i].shape[0])
                for s in range(0, n, size * 8)
            ]
            batches = [b[s : s + size] for b in blocks for s in range(0, len(b), size)]
            rng.shuffle(batches)
            for rows in batches:
                grads = self._gradients(enc, states, targets[rows], rows, layers, head, rng)
                step += 1
                rate = self.lr * min(step / warm, max(0.0, (steps - step) / max(1, steps - warm)))
                for s, ((d, k), grad) in enumerate(zip(slots, grads, strict=True)):
                    first[s] = 0.9 * first[s] + 0.1 * grad
                    second[s] = 0.999 * second[s] + 0.001 * grad * grad
                    update = (first[s] / (1 - 0.9**step)) / (
                        np.sqrt(second[s] / (1 - 0.999**step)) + 1e-8
                    )
                    if k in _MATRICES or k == "w":
                        update = update + self.weight_decay * d[k]
                    d[k] -= (rate * update).astype(np.float32)

    def _gradients(
        self,
        enc: SentenceEncoder,
        states: list[np.ndarray],
        targets: np.ndarray,
        rows: Sequence[int],
        layers: list[dict[str, np.ndarray]],
        head: dict[str, np.ndarray],
        rng: np.random.RandomState,
    ) -> list[np.ndarray]:
        """Gradients of the batch's mean cross-entropy (over its labelled
        sentence × frame pairs), in the order of ``_train``'s slots."""
        x, mask = _pad(states, rows)
        n, length = mask.shape
        kept: list[dict[str, np.ndarray]] = []
        out = enc.run_layers(x, mask, layers, keep=kept)
        count = mask.sum(1, keepdims=True)
        pooled = (out * mask[..., None]).sum(1) / count
        keep = (rng.random_sample(pooled.shape) >= self.dropout).astype(np.float32)
        dropped = pooled * keep / np.float32(1.0 - self.dropout)
        probs = _softmax((dropped @ head["w"] + head["b"]).reshape(n, -1, len(LABELS)))
        labelled = targets >= 0
        d_scores = probs.copy()
        frames = np.arange(targets.shape[1])
        for r in range(n):
            d_scores[r, frames, np.maximum(targets[r], 0)] -= 1.0
        d_scores *= (labelled / max(1, labelled.sum()))[..., None]
        d_scores = d_scores.reshape(n, -1).astype(np.float32)
        grads = [dropped.T @ d_scores, d_scores.sum(0)]
        d_pooled = (d_scores @ head["w"].T) * keep / np.float32(1.0 - self.dropout)
        grad = ((d_pooled / count)[:, None, :] * mask[..., None]).reshape(n * length, WIDTH)
        per_layer = []
        for lay, saved in zip(reversed(layers), reversed(kept), strict=True):
            grad, g = layer_backward(grad, saved, lay, (n, length), enc.heads)
            per_layer.append(g)
        for lay, g in zip(layers, reversed(per_layer), strict=True):
            grads += [g[k] for k in lay]
        return grads

    # -- prediction -----------------------------------------------------
    def prepare(self, encoder: SentenceEncoder | None = None) -> None:
        """Have the encoder keep the states this tuner starts from when it encodes
        sentences (for the sentence vectors of the same model), so :meth:`proba`
        does not run the frozen layers again."""
        enc = encoder if encoder is not None else load_encoder()
        enc.keep_lower(enc.layers - len(self.layers_))

    def proba(
        self, texts: Sequence[str], encoder: SentenceEncoder | None = None, batch_size: int = 32
    ) -> dict[str, np.ndarray]:
        """``{frame: (n, 3) array}`` of label probabilities in :data:`LABELS` order."""
        enc = encoder if encoder is not None else load_encoder()
        if enc.digest != self.encoder_digest_:
            raise ValueError(
                Errors.E217.format(fitted=self.encoder_digest_, found=enc.digest, folder=enc.folder)
            )
        frames = len(self.frames_)
        out = np.zeros((len(texts), frames, len(LABELS)))
        if len(texts):
            layers = [{k: v.astype(np.float32) for k, v in lay.items()} for lay in self.layers_]
            w, b = self.head_.astype(np.float32), self.head_b_.astype(np.float32)
            states = enc.lower_states(texts, enc.layers - len(layers))
            for rows in by_length(range(len(texts)), lambda i: len(states[i]), batch_size):
                x, mask = _pad(states, rows)
                top = enc.run_layers(x, mask, layers)
                pooled = (top * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
                out[rows] = _softmax((pooled @ w + b).reshape(len(rows), frames, len(LABELS)))
        return {name: out[:, j] for j, name in enumerate(self.frames_)}


__all__ = ["EncoderTuner", "layer_backward"]

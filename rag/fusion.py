"""Fusion of BM25 and dense scores: the candidates' raw signals, and how they become one score.

Kept apart from retrieval so that benchmarks can compare fusion variants on the same signals
(``bench/retrieval.py`` collects :class:`Signals` once per question and scores every variant on them).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass
class Signals:
    """Every candidate's raw scores, aligned by position: what fusion variants are compared on."""

    ids: list[str]
    bm25: np.ndarray  # 0 where BM25 did not rank the paper
    sentence: np.ndarray  # best sentence (or title) cosine; the list's floor where it was not retrieved
    paper: np.ndarray  # mean-vector cosine; the list's floor likewise
    coverage: float
    passages: dict[str, tuple[float, int, str]] = field(default_factory=dict)
    #: The candidates of the standard pool (``Retriever.candidates`` per list), whose scores set the
    #: normalisation; the rest were fetched for a deeper page. ``None``: every candidate.
    base: np.ndarray | None = None


def _z(x: np.ndarray, base: np.ndarray | None = None) -> np.ndarray:
    ref = x if base is None else x[base]
    sd = float(ref.std())
    return (x - ref.mean()) / sd if sd > 0 else np.zeros_like(x)


def _minmax(x: np.ndarray, base: np.ndarray | None = None) -> np.ndarray:
    ref = x if base is None else x[base]
    span = float(ref.max() - ref.min())
    return (x - ref.min()) / span if span > 0 else np.zeros_like(x)


def _reciprocal_rank(x: np.ndarray, base: np.ndarray | None = None, k: float = 60.0) -> np.ndarray:
    # Ranks need no pool statistics: ``base`` is accepted so that every method is called alike.
    ranks = np.empty(len(x))
    ranks[np.argsort(-x, kind="stable")] = np.arange(1, len(x) + 1)
    return 1.0 / (k + ranks)


@dataclass(frozen=True)
class Fusion:
    """score = w * norm(BM25) + (1 - w) * (s * norm(best sentence) + (1 - s) * norm(paper mean)).

    ``w = low + (high - low) * sigmoid(slope * (coverage - centre))`` (0 when BM25 found nothing).
    The defaults were grid-searched on ACLSum train + evals/dev.jsonl, maximising the mean of the two
    sets' MRR@10 (0.925 and 0.966); see docs/benchmarks.md. ``method="linear"`` is the fusion shipped
    before (BM25 / its top score, min-max dense, w clipped linear in coverage), kept for the ablation.
    """

    method: str = "zscore"  # "zscore", "minmax", "rrf" or "linear"
    low: float = 0.1
    high: float = 0.7
    centre: float = 0.35
    slope: float = 40.0
    sentence_weight: float = 0.8

    def bm25_weight(self, coverage: float, has_lexical: bool = True) -> float:
        if not has_lexical:
            return 0.0
        if self.method == "linear":
            return float(min(self.high, max(self.low, (coverage - self.centre) * self.slope)))
        return float(self.low + (self.high - self.low) / (1.0 + np.exp(-self.slope * (coverage - self.centre))))

    def scores(self, s: Signals) -> tuple[np.ndarray, float]:
        """Fused scores for the candidates of ``s``, and the BM25 weight used."""
        w = self.bm25_weight(s.coverage, bool(len(s.bm25)) and float(s.bm25.max()) > 0)
        if self.method == "linear":
            top = float(s.bm25.max()) if len(s.bm25) else 0.0
            lexical = s.bm25 / top if top > 0 else np.zeros_like(s.bm25)
            dense = _minmax(self.sentence_weight * s.sentence + (1 - self.sentence_weight) * s.paper, s.base)
            return w * lexical + (1 - w) * dense, w
        method = {"zscore": _z, "minmax": _minmax, "rrf": _reciprocal_rank}[self.method]
        # Normalised over the standard pool alone, so that a paper's fused score does not depend on how deep
        # a page was asked for: pages stay consistent, and relevance verdicts do not move with k.
        dense = self.sentence_weight * method(s.sentence, s.base) + (1 - self.sentence_weight) * method(s.paper, s.base)
        return w * method(s.bm25, s.base) + (1 - w) * dense, w

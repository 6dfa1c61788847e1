"""Support: does a cited abstract say what the claim says?

Support follows ALCE (Gao et al. 2023): a claim is supported when the cited
source entails it. With no NLI model available offline, entailment is
approximated by two signals that must agree: the best cosine similarity
between the claim and any single sentence of the cited abstract (MiniLM), and
the share of the claim's content words that the cited title and abstract
contain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from rag.text import content_stems, numbers_in, split_sentences


def _comparable(text: str) -> str:
    """Text as quotation checks compare it: the same markdown and quote stripping as claims get."""
    return " ".join(re.sub(r"[*_`#>\"'“”‘’]+", "", text.lower()).split())


def lexical_support(claim: str, evidence: str) -> float:
    """Share of the claim's content words (stemmed) found in the evidence."""
    words = content_stems(claim)
    if not words:
        return 0.0
    found = content_stems(evidence)
    return len(words & found) / len(words)


@dataclass
class SupportVerdict:
    score: float
    supported: bool
    evidence: str
    cosine: float
    overlap: float


class SupportJudge:
    """Scores whether a cited paper's abstract supports a claim."""

    cosine_weight = 0.6
    #: At least this share of a claim's content words must occur in the cited title and abstract.
    min_overlap = 0.6

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold

    def judge(
        self,
        claim: str,
        claim_vector: np.ndarray | None,
        title: str | None,
        abstract: str,
        sentence_vectors: list[tuple[str, np.ndarray]],
    ) -> SupportVerdict:
        normalised = _comparable(claim)
        sentences = [s for s, _ in sentence_vectors] or split_sentences(abstract)
        # Verbatim quotation is support by definition; no model needed.
        for sentence in sentences:
            s_norm = _comparable(sentence)
            if normalised and (normalised in s_norm or (len(normalised) > 40 and s_norm in normalised)):
                return SupportVerdict(1.0, True, sentence, 1.0, 1.0)
        best_cos, best_sentence = 0.0, sentences[0] if sentences else ""
        if claim_vector is not None and sentence_vectors:
            sims = np.stack([v for _, v in sentence_vectors]) @ claim_vector
            i = int(np.argmax(sims))
            best_cos, best_sentence = float(sims[i]), sentence_vectors[i][0]
        evidence = f"{title or ''} {abstract}"
        overlap = lexical_support(claim, evidence)
        score = self.cosine_weight * best_cos + (1 - self.cosine_weight) * overlap
        # Similar wording is not enough: a claim whose numbers the abstract never states, or that
        # brings in many words the abstract lacks, asserts something the source does not say.
        invented = numbers_in(claim) - numbers_in(evidence)
        if invented or overlap < self.min_overlap:
            score = min(score, self.threshold - 0.01)
        return SupportVerdict(score, score >= self.threshold, best_sentence, best_cos, overlap)

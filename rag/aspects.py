"""Aspect sentences: which abstract sentences state the problem, the method, the result, or none of them.

ACLSum (Takeshita et al. 2024) calls these challenge / approach / outcome and labels, per abstract
sentence, which of them it supports. A softmax regression fitted on its train split
(``python -m bench.aspects --fit``, weights in ``rag/data/aspects.json`` with their provenance)
reads three kinds of feature, all general to scientific abstracts, none tied to a topic:

* position: where the sentence sits (problems open an abstract, results close it);
* rhetorical cue phrases: "however, existing", "we propose", "results show", "outperforms";
* the MiniLM sentence vector the index stores anyway, when the fitted model uses it.

A sentence's neighbours' cues count too (a sentence after "however, ..." is often still the problem).
Labels are computed at ingest and stored with each passage; :func:`passage_aspects` classifies on the
fly for papers indexed before labels existed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from rag.config import PACKAGE_DATA
from rag.text import has_number

if TYPE_CHECKING:
    from rag.index import PaperIndex

AspectName = Literal["problem", "method", "result", "other"]
ASPECTS: tuple[AspectName, ...] = ("problem", "method", "result", "other")
#: ACLSum's names for the first three.
ACLSUM_NAMES: dict[str, AspectName] = {"challenge": "problem", "approach": "method", "outcome": "result"}
MODEL_PATH = PACKAGE_DATA / "aspects.json"

#: Rhetorical moves of an abstract, as cue phrases (Teufel's argumentative zoning uses the same kind).
#: Each is one binary feature; the fitted weights decide what each one says about each aspect.
CUES: dict[str, str] = {
    # the problem: a gap, a difficulty, the state of the field
    "however": r"\bhowever\b",
    "contrast": r"\b(?:although|despite|whereas|while|but)\b",
    "prior_work": r"\b(?:existing|previous|prior|current|traditional|conventional|standard|most|many)\b",
    "difficulty": r"\b(?:challeng\w*|problem\w*|difficult\w*|issues?|bottleneck\w*|hard|costly|expensive)\b",
    "shortfall": r"\b(?:lack\w*|limited|limitations?|suffer\w*|fail\w*|struggl\w*|insufficient|unable|cannot)\b",
    "persisting": r"\b(?:remains?|still|yet|open)\b",
    "importance": r"\b(?:important|crucial|essential|key|fundamental|critical|vital|central)\b",
    "trend": r"\b(?:recent(?:ly)?|increasing(?:ly)?|growing|emerg\w*|popular|widely)\b",
    "perfect": r"\b(?:has|have) (?:been|attracted|shown|become|achieved)\b",
    "definition": r"^\s*(?:\w+\s){0,6}(?:is|are) (?:a|an|the|one)\b",
    "goal": r"\b(?:aims? to|goal|in order to|need|needs|require\w*)\b",
    # the method: the paper's own contribution
    "we_propose": r"\bwe (?:\w+ )?(?:propose|present|introduce|describe|develop|design|build|create|formulate)\w*",
    "this_paper": r"\b(?:in )?this (?:paper|work|study|article|thesis|report)\b",
    "our_artifact": r"\bour (?:approach|method|model|system|framework|algorithm|technique|proposed|work|analysis)\b",
    "we_act": r"\bwe (?:\w+ )?(?:use|apply|employ|adopt|investigate|explore|study|examine|extend|train|"
    r"leverage|combine|consider|focus|address|tackle|cast|treat|model|define|analy[sz]e|compare)\w*",
    "means": r"\b(?:based on|by (?:using|leveraging|combining|exploiting)|consists? of|relies on|via|through)\b",
    "artifact": r"\b(?:framework|architecture|algorithm|model|method|approach|technique|system|pipeline|module)s?\b",
    "naming": r"\b(?:called|named|dubbed|termed)\b",
    "to_address": r"^\s*(?:to (?:address|tackle|solve|overcome|this end|mitigate|alleviate|bridge)|in this)\b",
    "we": r"\bwe\b",
    # the result: what was found
    "results_noun": r"\b(?:results?|experiments?|evaluations?|empirical\w*|findings?|analysis)\b",
    "show": r"\b(?:shows?|showed|shown|demonstrat\w*|reveal\w*|indicat\w*|suggest\w*|confirm\w*|observe\w*|"
    r"find|found)\b",
    "better": r"\b(?:outperform\w*|improv\w*|achiev\w*|gains?|better|superior|surpass\w*|competitive|beats?)\b",
    "sota": r"\b(?:state[- ]of[- ]the[- ]art|sota|baselines?|strong)\b",
    "degree": r"\b(?:significant(?:ly)?|substantial(?:ly)?|consistent(?:ly)?|large|up to|comparable)\b",
    "metric": r"\b(?:accuracy|f1|f-score|bleu|rouge|precision|recall|error|perplexity|correlation|points?)\b",
    "percent": r"%|\bpercent\b",
    "past_tense": r"\b(?:was|were|had|obtained|yielded|led)\b",
    "effective": r"\b(?:effective\w*|efficien\w*|robust\w*|useful|benefit\w*|helps?)\b",
    # neither: availability, pointers
    "release": r"\b(?:available|release[sd]?|github|open[- ]source\w*|code|https?://)\b",
}
_CUE_PATTERNS = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in CUES.items()}
POSITION_FEATURES = ("relative", "first", "second", "last", "penultimate", "single", "short")
#: Words fewer than this make a sentence "short" (fragments, headings, pointers).
SHORT_WORDS = 8


def cue_vector(sentence: str) -> np.ndarray:
    """One 0/1 entry per cue, plus whether the sentence states a number."""
    cues = [1.0 if p.search(sentence) else 0.0 for p in _CUE_PATTERNS.values()]
    return np.asarray([*cues, 1.0 if has_number(sentence) else 0.0], dtype=np.float32)


def feature_names(with_vectors: bool) -> list[str]:
    cues = [*CUES, "number"]
    names = [*POSITION_FEATURES, *cues, *(f"prev:{c}" for c in cues), *(f"next:{c}" for c in cues)]
    return names + ([f"minilm:{i}" for i in range(384)] if with_vectors else [])


def features(sentences: Sequence[str], vectors: np.ndarray | None = None) -> np.ndarray:
    """The feature matrix of one abstract's sentences, in order (one row per sentence)."""
    n = len(sentences)
    if n == 0:
        return np.zeros((0, len(feature_names(vectors is not None))), dtype=np.float32)
    cues = np.stack([cue_vector(s) for s in sentences])
    blank = np.zeros((1, cues.shape[1]), dtype=np.float32)
    previous = np.vstack([blank, cues[:-1]])
    following = np.vstack([cues[1:], blank])
    rows = []
    for i, sentence in enumerate(sentences):
        rows.append(
            [
                i / (n - 1) if n > 1 else 0.0,
                float(i == 0),
                float(i == 1),
                float(i == n - 1 and n > 1),
                float(i == n - 2 and n > 2),
                float(n == 1),
                float(len(sentence.split()) < SHORT_WORDS),
            ]
        )
    parts = [np.asarray(rows, dtype=np.float32), cues, previous, following]
    if vectors is not None:
        parts.append(np.asarray(vectors, dtype=np.float32))
    return np.hstack(parts)


@dataclass(frozen=True)
class AspectModel:
    """Softmax regression over :func:`features`: ``weights`` is (features, 4), columns in :data:`ASPECTS` order."""

    weights: np.ndarray
    bias: np.ndarray
    mean: np.ndarray  # feature standardisation, fitted with the weights
    scale: np.ndarray
    uses_vectors: bool
    provenance: dict[str, Any]

    def probabilities(self, sentences: Sequence[str], vectors: np.ndarray | None = None) -> np.ndarray:
        """(sentences, 4) probabilities; MiniLM vectors are computed if the model needs them and none are given."""
        if not sentences:
            return np.zeros((0, len(ASPECTS)), dtype=np.float32)
        if self.uses_vectors and vectors is None:
            from rag.embedding import get_embedder

            vectors = get_embedder().embed(list(sentences))
        x = (features(sentences, vectors if self.uses_vectors else None) - self.mean) / self.scale
        return softmax(x @ self.weights + self.bias)

    def classify(self, sentences: Sequence[str], vectors: np.ndarray | None = None) -> list[AspectName]:
        return [ASPECTS[i] for i in np.argmax(self.probabilities(sentences, vectors), axis=1)]

    def to_json(self) -> dict[str, Any]:
        return {
            "provenance": self.provenance,
            "aspects": list(ASPECTS),
            "uses_vectors": self.uses_vectors,
            "features": feature_names(self.uses_vectors),
            "weights": np.round(self.weights, 4).tolist(),
            "bias": np.round(self.bias, 4).tolist(),
            "mean": np.round(self.mean, 4).tolist(),
            "scale": np.round(self.scale, 4).tolist(),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> AspectModel:
        expected = feature_names(bool(data["uses_vectors"]))
        if data["features"] != expected or data["aspects"] != list(ASPECTS):
            raise ValueError("aspects.json was fitted on other features; refit with `python -m bench.aspects --fit`")
        return cls(
            weights=np.asarray(data["weights"], dtype=np.float32),
            bias=np.asarray(data["bias"], dtype=np.float32),
            mean=np.asarray(data["mean"], dtype=np.float32),
            scale=np.asarray(data["scale"], dtype=np.float32),
            uses_vectors=bool(data["uses_vectors"]),
            provenance=dict(data.get("provenance", {})),
        )


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


@lru_cache(maxsize=1)
def model() -> AspectModel:
    """The shipped model (package data)."""
    return AspectModel.from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))


def classify(sentences: Sequence[str], vectors: np.ndarray | None = None) -> list[AspectName]:
    """The aspect of each sentence of one abstract, given in order (whole abstracts: position matters)."""
    return model().classify(sentences, vectors)


# ---------------------------------------------------------------------- summaries
#: An aspect no sentence is labelled with still gets its likeliest sentence when this probable.
SUMMARY_FALLBACK = 0.25


def summary_positions(probabilities: np.ndarray, labels: Sequence[str] | None = None) -> list[int]:
    """The sentences a summary quotes, in abstract order: the likeliest problem, method and result sentence.

    Each aspect takes, among the sentences labelled with it (``labels``, stored at ingest; by default
    the most probable aspect), the one most probably of that aspect, so a sentence serves one aspect
    only. An aspect no sentence is labelled with falls back to its likeliest unused sentence if that is
    at least :data:`SUMMARY_FALLBACK` probable, and is otherwise left out.
    """
    n = len(probabilities)
    if n == 0:
        return []
    if labels is None:
        labels = [ASPECTS[i] for i in np.argmax(probabilities, axis=1)]
    picked: list[int] = []
    for column, aspect in enumerate(ASPECTS[:3]):  # problem, method, result
        order = [int(i) for i in np.argsort(-probabilities[:, column], kind="stable") if int(i) not in picked]
        labelled = [i for i in order if labels[i] == aspect]
        spare = [i for i in order if probabilities[i, column] >= SUMMARY_FALLBACK]
        if labelled or spare:
            picked.append((labelled or spare)[0])
    return sorted(picked)


# ---------------------------------------------------------------------- limitations
#: A sentence conceding a shortfall: hedges and negative findings ("however", "limited", "fails", "remains").
_HEDGE = re.compile(
    r"\b(?:however|limited|limitations?|fails?|failed|failing|remains?|remained|struggl\w*|cannot|unable|"
    r"only (?:partially|marginally|slightly)|does not|do not|did not|not (?:yet|always|fully)|"
    r"drawbacks?|shortcomings?|weakness\w*|caveats?|degrad\w*|future (?:work|research|directions?|improvements?)|"
    r"room for (?:\w+ ){0,2}improvements?|"
    r"left for future|we leave|open (?:question|problem|challenge)s?|still (?:lag|fall|trail)\w*)\b",
    re.IGNORECASE,
)
#: A shortfall of *other* work, which problem statements describe: not the paper's own limitation.
_OTHERS = re.compile(
    r"\b(?:existing|previous|prior|current|traditional|conventional|earlier|state-of-the-art|most|many|"
    r"standard|typical|popular|recent)\b",
    re.IGNORECASE,
)


def states_limitation(sentence: str, aspect: str) -> bool:
    """Does this sentence concede a limitation (or name future work) of the paper itself?

    Judged from the sentence: a hedge or negative finding, in a sentence that is not the problem
    statement and does not attribute the shortfall to other (existing, previous...) work.
    """
    if not _HEDGE.search(sentence):
        return False
    return aspect != "problem" and not _OTHERS.search(sentence)


# ---------------------------------------------------------------------- stored labels
def passage_aspects(
    index: PaperIndex, paper_ids: Sequence[str], layout: dict[str, dict[str, Any]] | None = None
) -> dict[str, dict[int, AspectName]]:
    """Each paper's sentence aspects by position, as stored at ingest; classified now where none is stored.

    Papers indexed before aspects were stored have no ``aspect`` metadata: their sentences (and stored
    vectors) are read and classified on the fly, so old indexes keep working without a re-ingest.
    """
    ids = list(paper_ids)
    if not ids:
        return {}
    got = index.passages.get(where={"paper_id": {"$in": ids}}, include=["metadatas"])
    stored: dict[str, dict[int, Any]] = {pid: {} for pid in ids}
    for meta in got["metadatas"]:
        if int(meta["position"]) >= 0:
            stored[meta["paper_id"]][int(meta["position"])] = meta.get("aspect")
    out: dict[str, dict[int, AspectName]] = {}
    missing = []
    for pid in ids:
        labels = stored[pid]
        if labels and all(a in ASPECTS for a in labels.values()):
            out[pid] = dict(labels)
        else:
            missing.append(pid)
    if missing:
        for pid, rows in index.passage_vectors(missing, layout).items():
            sentences = [(pos, text, vec) for pos, text, vec in rows if pos >= 0]
            vectors = np.stack([v for _, _, v in sentences]) if sentences else None
            labels = classify([t for _, t, _ in sentences], vectors)
            out[pid] = {pos: a for (pos, _, _), a in zip(sentences, labels, strict=True)}
    return out

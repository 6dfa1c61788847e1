"""Aspect sentences: each abstract sentence is a problem, method, result or other sentence.

The classifier is fitted on ACLSum's train split (``python -m bench.aspects --fit``); its measured
quality on ACLSum's test split is in docs/benchmarks.md. These tests specify its behaviour on
abstracts written the way abstracts are written, and how labels travel with the index.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np

from rag.aspects import ASPECTS, MODEL_PATH, classify, model, passage_aspects, states_limitation, summary_positions

ABSTRACT = [
    "Machine translation of rare terms remains an important problem for specialised domains.",
    "However, existing systems fail to handle terms that never occur in their training data.",
    "In this paper, we propose a retrieval-augmented decoder that copies terms from a bilingual glossary.",
    "Experiments on three language pairs show that our method outperforms strong baselines by 4 BLEU points.",
]


def test_a_typical_abstract_reads_problem_then_method_then_result() -> None:
    labels = classify(ABSTRACT)
    assert labels[1] == "problem"
    assert labels[2] == "method"
    assert labels[3] == "result"


def test_position_matters_so_whole_abstracts_are_classified_in_order() -> None:
    # The same sentence closing an abstract reads as its result; a "we propose" sentence stays a method anywhere.
    assert classify([*ABSTRACT[:3], ABSTRACT[3]])[-1] == "result"
    assert classify([ABSTRACT[2], ABSTRACT[0]])[0] == "method"


def test_the_shipped_weights_are_small_and_say_where_they_came_from() -> None:
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert MODEL_PATH.stat().st_size < 100_000
    assert "ACLSum train" in data["provenance"]["data"]
    assert data["aspects"] == list(ASPECTS)
    assert len(data["weights"]) == len(data["features"])


def test_no_sentences_no_labels() -> None:
    assert classify([]) == []
    assert summary_positions(np.zeros((0, 4))) == []


def test_a_summary_takes_one_problem_one_method_and_one_result_sentence_in_abstract_order() -> None:
    probabilities = model().probabilities(ABSTRACT)
    picked = summary_positions(probabilities)
    assert picked == sorted(picked)
    assert {classify(ABSTRACT)[i] for i in picked} == {"problem", "method", "result"}


def test_stored_labels_decide_which_sentences_may_serve_an_aspect() -> None:
    probabilities = model().probabilities(ABSTRACT)
    # Only sentence 0 is labelled a problem (as an index might have stored it): it is the problem quoted.
    picked = summary_positions(probabilities, ["problem", "other", "method", "result"])
    assert picked == [0, 2, 3]


def test_a_limitation_is_a_hedge_about_the_paper_itself() -> None:
    assert states_limitation("However, our approach still fails on documents longer than 4k tokens.", "result")
    assert states_limitation("We leave multilingual evaluation for future work.", "other")
    # TikTalk's concession, which a hand tester found the answer had missed
    assert states_limitation(
        "There is still a large room for future improvements, even for LLM with visual extensions.", "result"
    )
    # The problem statement's shortfall belongs to other work, not to the paper.
    assert not states_limitation(ABSTRACT[1], "problem")
    assert not states_limitation("However, existing methods are limited to English.", "result")
    assert not states_limitation("Our method improves accuracy by 4 points.", "result")


class _Passages:
    def __init__(self, metadatas: list[dict[str, Any]]) -> None:
        self.metadatas = metadatas

    def get(self, **_: Any) -> dict[str, Any]:
        return {"metadatas": self.metadatas}


class _OldIndex:
    """An index written before aspects were stored: passage rows carry no ``aspect`` key."""

    def __init__(self) -> None:
        self.passages = _Passages([{"paper_id": "p", "position": i} for i in range(len(ABSTRACT))])

    def passage_vectors(self, paper_ids: list[str], layout: Any = None) -> dict[str, list[Any]]:
        return {"p": [(i, text, np.zeros(384, dtype=np.float32)) for i, text in enumerate(ABSTRACT)]}


def test_papers_indexed_without_labels_are_classified_on_the_fly() -> None:
    labels = passage_aspects(_OldIndex(), ["p"])  # type: ignore[arg-type]
    assert labels == {"p": dict(enumerate(classify(ABSTRACT)))}


def test_ingest_stores_a_label_with_every_sentence(small_index_dir) -> None:  # type: ignore[no-untyped-def]
    from rag.config import get_settings
    from rag.index import PaperIndex

    index = PaperIndex(get_settings(index_dir=small_index_dir))
    rows = index.passages.get(include=["metadatas"], limit=200)["metadatas"]
    sentences = [m for m in rows if int(m["position"]) >= 0]
    assert sentences and all(m.get("aspect") in ASPECTS for m in sentences)
    assert all("aspect" not in m for m in rows if int(m["position"]) < 0)  # titles are not sentences
    some = sentences[0]["paper_id"]
    assert set(passage_aspects(index, [some])[some].values()) <= set(ASPECTS)

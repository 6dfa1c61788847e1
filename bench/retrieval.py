"""Retrieval ablation on the gold set: BM25, dense, fixed fusions and the adaptive fusion, by question kind.

``python -m bench.retrieval`` prints a table (markdown) of recall@10 / MRR@10 per
variant for the two kinds the fusion must serve at once: topic questions in the
field's words, and descriptions that share almost no word with the paper.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from rag.config import offline_environment
from rag.evaluate import load_gold, mrr_at, recall_at


@contextmanager
def variant(retriever: Any, **attrs: float) -> Iterator[None]:
    saved = {k: getattr(retriever, k) for k in attrs}
    for k, v in attrs.items():
        setattr(retriever, k, v)
    try:
        yield
    finally:
        for k, v in saved.items():
            setattr(retriever, k, v)


VARIANTS: dict[str, dict[str, float]] = {
    "BM25 only": {"min_bm25_weight": 1.0, "max_bm25_weight": 1.0},
    "dense only (sentence max + paper mean)": {"min_bm25_weight": 0.0, "max_bm25_weight": 0.0},
    "dense only, paper mean vector (≈ one vector per abstract)": {
        "min_bm25_weight": 0.0,
        "max_bm25_weight": 0.0,
        "sentence_weight": 0.0,
    },
    "dense only, best sentence": {"min_bm25_weight": 0.0, "max_bm25_weight": 0.0, "sentence_weight": 1.0},
    "fixed fusion w=0.3": {"min_bm25_weight": 0.3, "max_bm25_weight": 0.3},
    "fixed fusion w=0.5": {"min_bm25_weight": 0.5, "max_bm25_weight": 0.5},
    "fixed fusion w=0.7": {"min_bm25_weight": 0.7, "max_bm25_weight": 0.7},
    "adaptive (shipped)": {},
}


def ablation_table(assistant: Any) -> list[str]:
    """Markdown rows: recall@10 and MRR@10 per retrieval variant, for topic and describe questions."""
    retriever = assistant.retriever
    items = [i for i in load_gold() if i.gold_papers and not i.history]
    groups = {
        "topic": [i for i in items if i.kind == "topic"],
        "describe": [i for i in items if i.kind == "describe"],
        "all single-turn": items,
    }
    rows = ["| variant | " + " | ".join(f"{g} R@10 | {g} MRR" for g in groups) + " |"]
    rows.append("| --- " * (1 + 2 * len(groups)) + "|")
    for name, attrs in VARIANTS.items():
        cells = []
        with variant(retriever, **attrs):
            for group in groups.values():
                recalls, mrrs = [], []
                for item in group:
                    ranked = [h.paper_id for h in retriever.search(item.question, k=10).hits]
                    recalls.append(recall_at(ranked, set(item.gold_papers), 10))
                    mrrs.append(mrr_at(ranked, set(item.gold_papers), 10))
                cells += [f"{statistics.fmean(recalls):.3f}", f"{statistics.fmean(mrrs):.3f}"]
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    return rows


def main() -> None:
    offline_environment()
    from rag.assistant import Assistant

    print("\n".join(ablation_table(Assistant())))


if __name__ == "__main__":
    main()

"""Fit the evidence judge's relevance models on the tuning splits (``python -m bench.fit_relevance``).

Each retrieved paper of each tuning question is one example: its features (best sentence cosine,
best sentence topic coverage, paper topic coverage, fused retrieval score, concept imbalance, cosine
margin over the best other paper) and a label (is it a gold paper?). Questions are asked with their chat
history, as a user would ask them, and their papers are judged as the engine judges them.

* The corpus-wide models learn from questions searched over the whole corpus: topics, facts, single
  papers, unanswerables (every paper a negative) and topic switches (a new topic after a chat).
* The scoped models learn from searches a follow-up or a filter confined: "which of those..." follow-ups
  (the previous answer's papers that qualify against those that do not, "none of those" ones included)
  and metadata questions with a topic.
* Left out: near misses (their closest paper is on topic but lacks the fact) and ordinals (the user
  picked the paper).

The fitted weights are printed for `rag/config.py`; the test splits are never read here.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

EVALS = Path(__file__).resolve().parent.parent / "evals"
#: The tuning splits (evals/README.md): the original dev questions, the partial-topic ones, and dev_new.
TUNING = (EVALS / "dev.jsonl", EVALS / "dev_extra.jsonl", EVALS / "dev_new.jsonl")
SKIPPED_KINDS = {"near_miss", "near_miss_free", "ordinal"}
SCOPED_KINDS = {"followup", "followup_some", "followup_none", "metadata"}


def examples(paths: tuple[Path, ...], k: int, scoped: bool) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """The corpus-wide examples, or with ``scoped`` those of confined searches."""
    from rag import Assistant

    assistant = Assistant()
    features, labels, ids = [], [], []
    lines = [line for path in paths for line in path.read_text(encoding="utf-8").splitlines()]
    for line in lines:
        row = json.loads(line)
        if row["kind"] in SKIPPED_KINDS or (row["kind"] in SCOPED_KINDS) != scoped:
            continue
        gold = set(row["gold_papers"])
        for ev in assistant.evidence(row["question"], row.get("history") or None, k=k):
            features.append(
                [
                    ev.cosine,
                    ev.sentence_coverage,
                    ev.paper_coverage,
                    ev.retrieval_score,
                    ev.concept_imbalance,
                    ev.margin,
                ]
            )
            labels.append(1.0 if ev.paper_id in gold else 0.0)
            ids.append(row["id"])
    return np.asarray(features), np.asarray(labels), ids


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 0.01, steps: int = 50) -> np.ndarray:
    """Newton's method on L2-regularised log loss; returns [bias, w1, w2, ...]."""
    design = np.hstack([np.ones((len(x), 1)), x])
    w = np.zeros(design.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-design @ w))
        grad = design.T @ (p - y) + l2 * np.r_[0, w[1:]]
        hess = design.T @ (design * (p * (1 - p))[:, None]) + l2 * np.diag(np.r_[0, np.ones(len(w) - 1)])
        w -= np.linalg.solve(hess, grad)
    return w


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-k", type=int, default=10)
    parser.add_argument(
        "--scoped-l2",
        type=float,
        default=1.0,
        help="L2 penalty of the scoped models: they learn from ~100 papers of ~20 questions, and leave-one-"
        "question-out CV on them chose 1.0 (with 0.01, 'none of those' questions held out went 6/6 -> 4/6)",
    )
    args = parser.parse_args()
    names = ("cosine", "sentence_coverage", "paper_coverage", "retrieval_score", "concept_imbalance", "margin")
    # The relevance model judges each paper on its own evidence; the standout model adds the margin. The
    # scoped models, for searches a filter or a follow-up confined, leave out the pool-relative retrieval score.
    models = {
        "relevance": (False, [0, 1, 2, 3, 4]),
        "standout": (False, [0, 1, 2, 3, 4, 5]),
        "scoped_relevance": (True, [0, 1, 2]),
        "scoped_standout": (True, [0, 1, 2, 5]),
    }
    data = {scoped: examples(TUNING, args.k, scoped) for scoped in (False, True)}
    for scoped, (_, y, _) in data.items():
        print(f"{'scoped' if scoped else 'corpus-wide'}: {len(y)} examples, {int(y.sum())} positive")
    for model, (scoped, columns) in models.items():
        x, y, _ = data[scoped]
        w = fit_logistic(x[:, columns], y, l2=args.scoped_l2 if scoped else 0.01)
        p = 1 / (1 + np.exp(-(w[0] + x[:, columns] @ w[1:])))
        weights = "  ".join(f"{model}_{names[c]}_weight={v:.2f}" for c, v in zip(columns, w[1:], strict=True))
        print(f"{model}_bias={w[0]:.2f}  {weights}")
        for threshold in (0.3, 0.4, 0.5, 0.6):
            predicted = p >= threshold
            tp = float((predicted & (y == 1)).sum())
            print(
                f"  threshold {threshold:.1f}: precision {tp / max(predicted.sum(), 1):.3f} "
                f"recall {tp / max(y.sum(), 1):.3f}"
            )


if __name__ == "__main__":
    main()

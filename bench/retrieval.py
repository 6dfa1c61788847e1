"""Retrieval quality by fusion variant, on ACLSum and on our eval splits, every row from the same run.

    python -m bench.retrieval            # markdown tables (ACLSum needs `pip install -e ".[bench]"`)
    python -m bench.retrieval --fit      # grid-search the fusion on ACLSum train + evals/dev.jsonl

ACLSum (Takeshita et al. 2024, MIT): query = one human aspect summary, gold = its paper, corpus = the
250 papers' titles and abstracts, ingested through ``rag ingest FILE.jsonl`` into a temporary index.
Each question's candidate signals (BM25, best sentence, paper mean vector) are collected once; every
variant ranks the same candidates, so rows differ only by fusion.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from rag.config import PROJECT_ROOT, get_settings, offline_environment
from rag.evaluate import load_gold
from rag.fusion import Fusion, Signals
from rag.retrieve import Retriever, SearchTimings

LEARNED = Fusion()
VARIANTS: dict[str, Fusion] = {
    "BM25 only": Fusion(low=1.0, high=1.0),
    "dense only (best sentence 0.8 + paper mean 0.2)": Fusion(low=0.0, high=0.0),
    "dense only, paper mean vector (one vector per abstract)": Fusion(low=0.0, high=0.0, sentence_weight=0.0),
    "dense only, best sentence": Fusion(low=0.0, high=0.0, sentence_weight=1.0),
    "before: coverage-linear weight, min-max (shipped until now)": Fusion("linear", 0.1, 0.75, 0.35, 2.0, 0.5),
    "reciprocal rank (k=60), learned weight": replace(LEARNED, method="rrf"),
    "min-max, learned weight": replace(LEARNED, method="minmax"),
    "z-score sum, fixed 0.5": Fusion(low=0.5, high=0.5, sentence_weight=0.5),
    "z-score, learned per-query weight (shipped)": LEARNED,
}


@dataclass
class Row:
    signals: Signals
    gold: set[str]
    #: The search's own ranking where fusion plays no part: a question that is only a filter or a
    #: superlative ("the largest author list") is answered by enumerating or ordering the matches.
    fixed: list[str] | None = None


def collect(retriever: Retriever, queries: Iterable[tuple[str, Iterable[str], dict[str, Any]]]) -> list[Row]:
    """Each query's candidate signals, as :meth:`Retriever.search` sees them (same pool, same filters)."""
    rows = []
    for question, gold, filters in queries:
        plan = retriever.plan(question, filters)
        if not plan.terms and plan.query:
            ranked = [h.paper_id for h in retriever.search(question, k=10, filters=filters).hits]
            empty = Signals([], np.zeros(0), np.zeros(0), np.zeros(0), 0.0)
            rows.append(Row(empty, set(gold), ranked))
            continue
        vector = retriever.embed_query(retriever.expand(question))  # as search embeds it
        signals = retriever.signals(plan, vector, retriever.candidates, SearchTimings())
        rows.append(Row(signals, set(gold)))
    return rows


def scores(rows: list[Row], fusion: Fusion, k: int = 10) -> tuple[float, float, float]:
    """R@1, recall@k and MRR@k of one fusion over the collected rows."""
    r1, recall, mrr = [], [], []
    for row in rows:
        ids = row.signals.ids
        fused, _ = fusion.scores(row.signals) if ids else (np.zeros(0), 0.0)
        ranked = [ids[i] for i in sorted(range(len(ids)), key=lambda i: (-fused[i], ids[i]))[:k]]
        if row.fixed is not None:
            ranked = row.fixed[:k]
        rank = next((i for i, pid in enumerate(ranked, start=1) if pid in row.gold), None)
        r1.append(float(rank == 1))
        recall.append(len(set(ranked) & row.gold) / len(row.gold))
        mrr.append(1.0 / rank if rank else 0.0)
    return statistics.fmean(r1), statistics.fmean(recall), statistics.fmean(mrr)


# ----------------------------------------------------------------- question sets
def aclsum_retriever(
    workdir: Path, index_dir: Path | None = None
) -> tuple[Retriever, dict[str, list[tuple[str, list[str], dict[str, Any]]]]]:
    """ACLSum's 250 papers ingested by `rag ingest` into ``workdir`` (or an index made so before, reused);
    queries per split (train/val/test)."""
    from bench.aclsum import SPLITS, export_jsonl, load
    from rag.assistant import Assistant

    if index_dir is None:
        workdir.mkdir(parents=True, exist_ok=True)
        library = workdir / "aclsum.jsonl"
        export_jsonl(library)
        index_dir = workdir / "index"
        command = [sys.executable, "-m", "rag.cli", "ingest", str(library), "--index-dir", str(index_dir), "--quiet"]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"rag ingest failed: {done.stderr.strip()}")
    retriever = Assistant(get_settings(index_dir=index_dir)).retriever
    by_title = {p.title: pid for pid, p in retriever.papers.items()}
    queries = {
        split: [(summary, [by_title[p.title]], {}) for p in load(split) for summary in p.summaries.values()]
        for split in SPLITS
    }
    return retriever, queries


def our_queries(split: str) -> dict[str, list[tuple[str, list[str], dict[str, Any]]]]:
    """Single-turn questions with gold papers from ``evals/<split>.jsonl``, by kind (and all of them)."""
    items = [i for i in load_gold(PROJECT_ROOT / "evals" / f"{split}.jsonl") if i.gold_papers and not i.history]
    by_kind: dict[str, list[tuple[str, list[str], dict[str, Any]]]] = {"all": []}
    for item in items:
        query = (item.question, item.gold_papers, {})  # metadata questions must state their filters in words
        by_kind["all"].append(query)
        by_kind.setdefault(item.kind, []).append(query)
    return by_kind


# ----------------------------------------------------------------- fitting
GRID = {
    "low": [0.0, 0.1, 0.2, 0.3],
    "high": [0.5, 0.6, 0.7, 0.8, 0.9],
    "centre": [0.3, 0.35, 0.4, 0.45, 0.5],
    "slope": [10.0, 20.0, 40.0],
    "sentence_weight": [0.5, 0.6, 0.7, 0.8, 1.0],
}


def fit(train: list[list[Row]]) -> list[tuple[float, Fusion]]:
    """Every grid point's mean MRR@10 over the training sets (each set weighs the same), best first."""
    results = []
    for values in itertools.product(*GRID.values()):
        fusion = Fusion(**dict(zip(GRID, values, strict=True)))
        results.append((statistics.fmean(scores(rows, fusion)[2] for rows in train), fusion))
    return sorted(results, key=lambda r: -r[0])


# ----------------------------------------------------------------- report
def _table(title: str, sets: dict[str, list[Row]]) -> list[str]:
    lines = [f"\n{title}\n", "| variant | " + " | ".join(f"{name} R@1 / R@10 / MRR@10" for name in sets) + " |"]
    lines.append("| --- " * (1 + len(sets)) + "|")
    for name, fusion in VARIANTS.items():
        cells = [" / ".join(f"{x:.3f}" for x in scores(rows, fusion)) for rows in sets.values()]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def pool_depth(retriever: Retriever, queries: list[tuple[str, list[str], dict[str, Any]]]) -> list[str]:
    """Recall@10 and @20 of the shipped fusion as the candidate pool deepens (list questions)."""
    lines = ["\n| candidates per retriever | R@10 | R@20 |", "| --- | --- | --- |"]
    saved = retriever.candidates
    try:
        for depth in (50, 100, 200):
            retriever.candidates = depth
            rows = collect(retriever, queries)
            lines.append(f"| {depth} | {scores(rows, LEARNED, 10)[1]:.3f} | {scores(rows, LEARNED, 20)[1]:.3f} |")
    finally:
        retriever.candidates = saved
    return lines


def pool_depth_mrr(sets: dict[str, tuple[Retriever, list[tuple[str, list[str], dict[str, Any]]]]]) -> list[str]:
    """MRR@10 of the shipped fusion per candidate-pool depth: the pool sets the z-scores' statistics and
    the floor a paper outside a list scores, so its depth is a fusion setting too."""
    names = list(sets)
    lines = ["\n| candidates per retriever | " + " | ".join(f"{n} MRR@10" for n in names) + " |"]
    lines.append("| --- " * (1 + len(names)) + "|")
    for depth in (20, 30, 50, 80):
        cells = []
        for retriever, queries in sets.values():
            saved = retriever.candidates
            try:
                retriever.candidates = depth
                cells.append(f"{scores(collect(retriever, queries), LEARNED)[2]:.4f}")
            finally:
                retriever.candidates = saved
        lines.append(f"| {depth} | " + " | ".join(cells) + " |")
    return lines


def report(ours: Retriever, aclsum: tuple[Retriever, dict[str, Any]] | None) -> list[str]:
    """The markdown section ``python -m bench`` writes into docs/benchmarks.md."""
    lines = ["## Retrieval quality by fusion variant", ""]
    lines.append(f"Shipped fusion: `{LEARNED}` (grid-searched on ACLSum train + evals/dev.jsonl, `--fit`).")
    if aclsum is not None:
        retriever, queries = aclsum
        rows = {split: collect(retriever, qs) for split, qs in queries.items()}
        rows["all 750"] = [r for split in queries for r in rows[split]]
        lines += _table("ACLSum (query = a human aspect summary, gold = its paper; 250 papers):", rows)
        lines.append("\nCandidate pool depth (shipped fusion; ACLSum train and dev are what it was tuned on):")
        everything = [q for split in queries for q in queries[split]]
        lines += pool_depth_mrr(
            {
                "ACLSum train": (retriever, queries["train"]),
                "ACLSum all 750": (retriever, everything),
                "evals/dev.jsonl": (ours, our_queries("dev")["all"]),
            }
        )
    else:
        lines.append('\nACLSum: not measured (`pip install -e ".[bench]"` installs the `aclsum` package).')
    for split in ("dev", "test", "test_new"):
        kinds = our_queries(split)
        sets = {f"{kind} ({len(qs)})": collect(ours, qs) for kind, qs in kinds.items()}
        lines += _table(
            f"evals/{split}.jsonl, single-turn questions by kind (dev is tuned on; the others are not):", sets
        )
    broad = our_queries("test_new").get("broad_list", [])
    if broad:
        lines.append("\nDeeper candidate pools, broad-list questions of evals/test_new.jsonl:")
        lines += pool_depth(ours, broad)
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.retrieval")
    parser.add_argument("--fit", action="store_true", help="grid-search the fusion on ACLSum train + dev")
    parser.add_argument("--aclsum-index", type=Path, help="reuse an index `rag ingest` made of the ACLSum export")
    args = parser.parse_args(argv)
    offline_environment()
    from rag.assistant import Assistant

    ours = Assistant().retriever
    with tempfile.TemporaryDirectory(prefix="rag-aclsum-") as tmp:
        try:
            aclsum = aclsum_retriever(Path(tmp), args.aclsum_index)
        except ImportError:
            aclsum = None
        if args.fit:
            if aclsum is None:
                sys.exit("--fit needs ACLSum: pip install -e '.[bench]'")
            train = [collect(aclsum[0], aclsum[1]["train"]), collect(ours, our_queries("dev")["all"])]
            for mrr, fusion in fit(train)[:10]:
                print(f"{mrr:.4f}  {fusion}")
            return
        print("\n".join(report(ours, aclsum)))


if __name__ == "__main__":
    main()

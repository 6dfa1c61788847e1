"""Aspect sentences and aspect summaries on ACLSum: ``python -m bench.aspects`` (``--fit``, ``--doc``).

Classifier: every abstract sentence of ACLSum is labelled with the aspects (challenge / approach /
outcome) it supports, or none ("other"). A prediction of aspect *a* counts as correct when the
sentence carries *a* (15 of 1,501 sentences carry two). Per-class precision, recall and F1 and their
macro average over the four classes are reported on the test split for:

* the positional baseline: first sentence = problem, else "we propose" = method, else last = result, else other;
* cue phrases + position (softmax regression, :mod:`rag.aspects`);
* the same plus the MiniLM sentence vector.

Weights are fitted on train only; the L2 strength and the variant shipped are chosen on val; test is
read once, for the report. ``--fit`` writes the chosen model to ``rag/data/aspects.json``.

Summaries: the offline drafter's problem + method + result sentences (:func:`rag.aspects.summary_positions`,
what ``OfflineDrafter`` quotes) against ACLSum's human summaries (challenge + approach + outcome joined),
ROUGE-1/2/L F1 (rouge-score, stemmed), next to lead-3 and the sentences the annotators labelled (oracle).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.aclsum import ASPECTS as ACLSUM_ASPECTS
from bench.aclsum import Paper, Split, load
from rag.aspects import ACLSUM_NAMES, ASPECTS, MODEL_PATH, AspectModel, features, softmax, summary_positions

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
SECTION = "## Aspect sentences and summaries on ACLSum"
L2_GRID = (0.01, 0.03, 0.1, 0.3, 1.0)
_WE_PROPOSE = re.compile(r"\bwe propose\b", re.IGNORECASE)


@dataclass
class SplitData:
    papers: list[Paper]
    vectors: list[np.ndarray]  # per paper, (sentences, 384)
    gold: list[set[str]]  # per sentence, flattened over papers: the aspects it carries, or {"other"}


def prepare(split: Split) -> SplitData:
    from rag.embedding import get_embedder

    papers = load(split)
    flat = [s for p in papers for s in p.sentences]
    matrix = get_embedder().embed(flat)
    vectors, start = [], 0
    for p in papers:
        vectors.append(matrix[start : start + len(p.sentences)])
        start += len(p.sentences)
    gold = []
    for p in papers:
        for i in range(len(p.sentences)):
            labels = {ACLSUM_NAMES[a] for a in ACLSUM_ASPECTS if i in p.labelled[a]}
            gold.append(labels or {"other"})
    return SplitData(papers, vectors, gold)


def design(data: SplitData, with_vectors: bool) -> np.ndarray:
    return np.vstack(
        [features(p.sentences, v if with_vectors else None) for p, v in zip(data.papers, data.vectors, strict=True)]
    )


def targets(gold: Sequence[set[str]]) -> np.ndarray:
    """Soft targets: a sentence carrying two aspects puts half its mass on each."""
    y = np.zeros((len(gold), len(ASPECTS)), dtype=np.float64)
    for row, labels in zip(y, gold, strict=True):
        for a in labels:
            row[ASPECTS.index(a)] = 1.0 / len(labels)
    return y


def fit(x: np.ndarray, y: np.ndarray, l2: float, steps: int = 3000, rate: float = 0.1) -> tuple[np.ndarray, ...]:
    """Softmax regression on standardised features, full-batch gradient descent with Nesterov momentum."""
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale < 1e-6] = 1.0
    z = (x - mean) / scale
    w = np.zeros((x.shape[1], y.shape[1]))
    b = np.zeros(y.shape[1])
    vw, vb = np.zeros_like(w), np.zeros_like(b)
    for _ in range(steps):
        lw, lb = w + 0.9 * vw, b + 0.9 * vb
        p = softmax(z @ lw + lb)
        gw = z.T @ (p - y) / len(y) + l2 * lw
        gb = (p - y).mean(axis=0)
        vw, vb = 0.9 * vw - rate * gw, 0.9 * vb - rate * gb
        w, b = w + vw, b + vb
    return w, b, mean, scale


def scores(predicted: Sequence[str], gold: Sequence[set[str]]) -> dict[str, dict[str, float]]:
    """Per-class precision / recall / F1 (a prediction is right when the sentence carries it), and macro-F1."""
    out: dict[str, dict[str, float]] = {}
    for a in ASPECTS:
        tp = sum(1 for p, g in zip(predicted, gold, strict=True) if p == a and a in g)
        n_pred = sum(1 for p in predicted if p == a)
        n_gold = sum(1 for g in gold if a in g)
        precision = tp / n_pred if n_pred else 0.0
        recall = tp / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out[a] = {"precision": precision, "recall": recall, "f1": f1, "support": n_gold}
    out["macro"] = {"f1": float(np.mean([out[a]["f1"] for a in ASPECTS]))}
    return out


def baseline(papers: Sequence[Paper]) -> list[str]:
    """First sentence = problem; else a "we propose" sentence = method; else the last = result; else other."""
    predicted = []
    for p in papers:
        n = len(p.sentences)
        for i, s in enumerate(p.sentences):
            if i == 0:
                predicted.append("problem")
            elif _WE_PROPOSE.search(s):
                predicted.append("method")
            elif i == n - 1:
                predicted.append("result")
            else:
                predicted.append("other")
    return predicted


def make_model(train: SplitData, with_vectors: bool, l2: float) -> AspectModel:
    w, b, mean, scale = fit(design(train, with_vectors), targets(train.gold), l2)
    provenance = {
        "fitted_by": "python -m bench.aspects --fit",
        "data": f"ACLSum train split (aclsum package), {len(train.papers)} papers, {len(train.gold)} sentences",
        "labels": "sentence-level highlights: challenge=problem, approach=method, outcome=result, none=other",
        "l2": l2,
        "selected_on": "ACLSum val macro-F1",
        "date": dt.date.today().isoformat(),
    }
    return AspectModel(
        w.astype(np.float32), b.astype(np.float32), mean.astype(np.float32), scale.astype(np.float32),
        with_vectors, provenance,
    )  # fmt: skip


def predict(model: AspectModel, data: SplitData) -> list[str]:
    return [a for p, v in zip(data.papers, data.vectors, strict=True) for a in model.classify(p.sentences, v)]


def select(train: SplitData, val: SplitData) -> dict[tuple[bool, float], float]:
    """Val macro-F1 of every (uses vectors, L2) pair."""
    return {
        (with_vectors, l2): scores(predict(make_model(train, with_vectors, l2), val), val.gold)["macro"]["f1"]
        for with_vectors in (False, True)
        for l2 in L2_GRID
    }


def rouge_table(model: AspectModel, test: SplitData) -> dict[str, dict[str, float]]:
    """Mean ROUGE-1/2/L F1 against the joined human aspect summaries, per system."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)
    systems: dict[str, list[str]] = {
        "lead-3": [],
        "aspect summary (offline drafter)": [],
        "oracle: labelled sentences": [],
    }
    references = []
    for p, v in zip(test.papers, test.vectors, strict=True):
        references.append(" ".join(p.summaries[a] for a in ACLSUM_ASPECTS))
        probs = model.probabilities(p.sentences, v)
        picked = summary_positions(probs)
        labelled = sorted({i for a in ACLSUM_ASPECTS for i in p.labelled[a]})
        systems["lead-3"].append(" ".join(p.sentences[:3]))
        systems["aspect summary (offline drafter)"].append(" ".join(p.sentences[i] for i in picked))
        systems["oracle: labelled sentences"].append(" ".join(p.sentences[i] for i in labelled))
    out = {}
    for name, outputs in systems.items():
        rows = [scorer.score(ref, out) for ref, out in zip(references, outputs, strict=True)]
        out[name] = {k: float(np.mean([r[k].fmeasure for r in rows])) for k in ("rouge1", "rouge2", "rougeL")}
        out[name]["words"] = float(np.mean([len(o.split()) for o in outputs]))
    return out


def report(chosen: tuple[bool, float], val_f1: dict[tuple[bool, float], float], test: SplitData) -> str:
    model = AspectModel.from_json(json.loads(MODEL_PATH.read_text(encoding="utf-8")))
    rows = {
        "baseline: first = problem, 'we propose' = method, last = result": scores(baseline(test.papers), test.gold),
        f"shipped: {'cues + position + MiniLM' if model.uses_vectors else 'cues + position'}": scores(
            predict(model, test), test.gold
        ),
    }
    load_avg = os.getloadavg()[0]
    lines = [
        SECTION,
        "",
        f"`python -m bench.aspects` (needs the `aclsum` and `rouge-score` packages). Date: {dt.date.today()}; "
        f"machine: {os.cpu_count()} cores (load average {load_avg:.1f} at the end of the run).",
        f"Test split: {len(test.papers)} papers, {len(test.gold)} sentences. A prediction counts as right when "
        'the annotators labelled the sentence with that aspect; "other" = no label.',
        "",
        "| classifier | problem P / R / F1 | method P / R / F1 | result P / R / F1 | other P / R / F1 | macro-F1 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for name, s in rows.items():
        cells = [f"{s[a]['precision']:.2f} / {s[a]['recall']:.2f} / {s[a]['f1']:.2f}" for a in ASPECTS]
        lines.append(f"| {name} | {' | '.join(cells)} | **{s['macro']['f1']:.3f}** |")
    best = {wv: max(f for (v, _), f in val_f1.items() if v == wv) for wv in (False, True)}
    lines += [
        "",
        f"- Model selection on val (macro-F1, best L2 each): cues + position {best[False]:.3f}, "
        f"+ MiniLM vector {best[True]:.3f}; shipped: {'with' if chosen[0] else 'without'} vectors, L2 {chosen[1]} "
        f"(`rag/data/aspects.json`, fitted on train only).",
        "",
        "Summaries against ACLSum's human summaries (challenge + approach + outcome joined), ROUGE F1, stemmed:",
        "",
        "| system | ROUGE-1 | ROUGE-2 | ROUGE-L | words |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, r in rouge_table(model, test).items():
        lines.append(f"| {name} | {r['rouge1']:.3f} | {r['rouge2']:.3f} | {r['rougeL']:.3f} | {r['words']:.0f} |")
    return "\n".join(lines) + "\n"


def write_section(text: str, path: Path = DOC) -> None:
    """Replace this benchmark's section of the report, or append it."""
    doc = path.read_text(encoding="utf-8")
    start = doc.find(SECTION)
    if start >= 0:
        end = doc.find("\n## ", start + len(SECTION))
        doc = doc[:start] + text + (doc[end:] if end >= 0 else "")
    else:
        doc = doc.rstrip("\n") + "\n\n" + text
    path.write_text(doc, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fit", action="store_true", help="refit on train, choose on val, write rag/data/aspects.json")
    parser.add_argument("--doc", action="store_true", help=f"write the section into {DOC.relative_to(ROOT)}")
    args = parser.parse_args()
    train, val, test = prepare("train"), prepare("val"), prepare("test")
    val_f1 = select(train, val)
    for (with_vectors, l2), f in sorted(val_f1.items()):
        print(f"val macro-F1 vectors={with_vectors} l2={l2}: {f:.3f}")
    chosen = max(val_f1, key=lambda key: (val_f1[key], -key[1]))
    if args.fit:
        model = make_model(train, *chosen)
        MODEL_PATH.write_text(json.dumps(model.to_json(), separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH} (vectors={chosen[0]}, l2={chosen[1]})")
    text = report(chosen, val_f1, test)
    print(text)
    if args.doc:
        write_section(text)


if __name__ == "__main__":
    main()

"""How well :class:`rag.support.SupportJudge` tells a supporting abstract from a merely similar one, on ACLSum.

Claim: a human aspect summary (challenge, approach or outcome) of an ACLSum paper. Positive pair: the
claim against its own paper's abstract, kept only when the annotators labelled at least one abstract
sentence as supporting that aspect. Negative pair: the same claim against the most similar OTHER
abstract of the same split, by MiniLM cosine between the claim and each abstract's mean sentence
vector (the per-paper vector the index stores): a hard negative on the same topic.

Recall is the share of positives judged supported; false support the share of negatives judged
supported. Abstracts are split with :func:`rag.text.split_sentences` and embedded as the index does,
so the judge sees exactly what ``Assistant.ask`` gives it. Every text is embedded once per run.

A third number probes the quotation path: each positive's first labelled sentence wrapped in a
negation ("It is not true that ...") must not be supported.

``python -m bench.support`` prints the numbers; ``--fit`` refits the judge's logistic weights on train.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bench.aclsum import ASPECTS, Aspect, Paper, Split, load
from rag.support import SupportJudge, support_features
from rag.text import split_sentences


@dataclass(frozen=True)
class Pair:
    paper_id: str  # the paper whose summary is the claim
    aspect: Aspect
    claim: str
    claim_vector: np.ndarray
    title: str  # of the judged paper (the claim's own, or the negative's)
    abstract: str
    sentence_vectors: list[tuple[str, np.ndarray]]
    positive: bool


def build_pairs(papers: Sequence[Paper]) -> list[Pair]:
    """Positive and hard-negative pairs for every (paper, aspect) with a labelled abstract sentence."""
    from rag.embedding import get_embedder

    embedder = get_embedder()
    sentences = [split_sentences(p.abstract) for p in papers]
    flat = [s for ss in sentences for s in ss]
    claims = [(i, a) for i, p in enumerate(papers) for a in ASPECTS if p.labelled[a]]
    # One embedding call per kind of text: the whole split's sentences, then every claim.
    vectors = embedder.embed(flat)
    claim_vectors = embedder.embed([papers[i].summaries[a] for i, a in claims])
    per_paper: list[list[tuple[str, np.ndarray]]] = []
    start = 0
    for ss in sentences:
        per_paper.append(list(zip(ss, vectors[start : start + len(ss)], strict=True)))
        start += len(ss)
    means = np.stack([np.mean([v for _, v in sv], axis=0) for sv in per_paper])
    means /= np.linalg.norm(means, axis=1, keepdims=True)
    pairs = []
    for (i, aspect), cv in zip(claims, claim_vectors, strict=True):
        sims = means @ cv
        sims[i] = -np.inf  # the claim's own paper is the positive, never the negative
        j = int(np.argmax(sims))
        for k, positive in ((i, True), (j, False)):
            pairs.append(
                Pair(
                    papers[i].id,
                    aspect,
                    papers[i].summaries[aspect],
                    cv,
                    papers[k].title,
                    papers[k].abstract,
                    per_paper[k],
                    positive,
                )
            )
    return pairs


def negated_quote_pairs(papers: Sequence[Paper]) -> list[Pair]:
    """Claims that quote a labelled sentence of their own abstract and deny it; none should be supported."""
    from rag.embedding import get_embedder

    embedder = get_embedder()
    rows = []
    for p in papers:
        for aspect in ASPECTS:
            if p.labelled[aspect]:
                quote = p.sentences[p.labelled[aspect][0]].rstrip(".")
                rows.append((p, aspect, f"It is not true that {quote[:1].lower()}{quote[1:]}."))
    sentences = [split_sentences(p.abstract) for p, _, _ in rows]
    vectors = embedder.embed([c for _, _, c in rows] + [s for ss in sentences for s in ss])
    pairs, start = [], len(rows)
    for (p, aspect, claim), cv, ss in zip(rows, vectors, sentences, strict=False):
        sv = list(zip(ss, vectors[start : start + len(ss)], strict=True))
        start += len(ss)
        pairs.append(Pair(p.id, aspect, claim, cv, p.title, p.abstract, sv, False))
    return pairs


@dataclass(frozen=True)
class Rates:
    recall: float
    false_support: float
    positives: int
    negatives: int


def rates(judge: SupportJudge, pairs: Sequence[Pair]) -> Rates:
    supported = [judge.judge(p.claim, p.claim_vector, p.title, p.abstract, p.sentence_vectors).supported for p in pairs]
    pos = [s for s, p in zip(supported, pairs, strict=True) if p.positive]
    neg = [s for s, p in zip(supported, pairs, strict=True) if not p.positive]
    return Rates(
        recall=sum(pos) / max(len(pos), 1),
        false_support=sum(neg) / max(len(neg), 1),
        positives=len(pos),
        negatives=len(neg),
    )


def fit_logistic(x: np.ndarray, y: np.ndarray, l2: float = 1.0, steps: int = 200) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression by Newton's method (numpy only); returns (weights, bias)."""
    n, d = x.shape
    xb = np.hstack([x, np.ones((n, 1))])
    w = np.zeros(d + 1)
    reg = np.full(d + 1, l2)
    reg[-1] = 0.0  # the bias is not shrunk
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(xb @ w)))
        grad = xb.T @ (p - y) + reg * w
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(reg)
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-9:
            break
    return w[:-1], float(w[-1])


def _features(pairs: Sequence[Pair]) -> tuple[np.ndarray, np.ndarray]:
    x = np.array([support_features(p.claim, p.claim_vector, p.title, p.abstract, p.sentence_vectors) for p in pairs])
    return x, np.array([1.0 if p.positive else 0.0 for p in pairs])


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=None, help="judge threshold (default: the setting)")
    parser.add_argument("--fit", action="store_true", help="refit the logistic weights on train and print them")
    parser.add_argument("--sweep", action="store_true", help="recall / false support on train per threshold")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from rag.config import get_settings

    threshold = args.threshold if args.threshold is not None else get_settings().support_threshold
    # val is never used for tuning; it is printed as a second held-out check.
    splits: tuple[Split, ...] = ("train", "val", "test")
    pairs = {s: build_pairs(load(s)) for s in ("train",) if args.fit or args.sweep} or {
        s: build_pairs(load(s)) for s in splits
    }
    if args.fit:
        x, y = _features(pairs["train"])
        weights, bias = fit_logistic(x, y)
        print(f"# fitted on ACLSum train ({len(y)} pairs), {dt.date.today().isoformat()}")
        print(f"WEIGHTS = ({', '.join(f'{w:.4f}' for w in weights)})")
        print(f"BIAS = {bias:.4f}")
        return
    if args.sweep:
        for t in np.arange(0.30, 0.71, 0.025):
            r = rates(SupportJudge(float(t)), pairs["train"])
            print(f"threshold {t:.3f}: train recall {r.recall:.3f}, false support {r.false_support:.3f}")
        return
    judge = SupportJudge(threshold)
    print(f"SupportJudge(threshold={threshold}) on ACLSum, {dt.date.today().isoformat()}")
    for split in splits:
        r = rates(judge, pairs[split])
        print(
            f"{split}: recall {r.recall:.3f} ({r.positives} positives), "
            f"false support {r.false_support:.3f} ({r.negatives} hard negatives)"
        )
    negated = negated_quote_pairs(load("test"))
    r = rates(judge, negated)
    print(f"test: negated quotes judged supported {r.false_support:.3f} ({r.negatives} claims)")


if __name__ == "__main__":
    main()

"""Start-up cost of the lexical index: :class:`rag.lexical.LexicalIndex` against the build it replaced.

The baseline is the previous ``Retriever.reload`` (commit b6a2bfa): llama-index's
``BM25Retriever.from_defaults`` over full ``TextNode`` objects, then a Python set of stems per paper
for coverage and IDF. Both run on the same synthetic papers: each joins eight sentences drawn at
random from the real abstracts, which keeps the real vocabulary and abstract length.
"""

from __future__ import annotations

import gc
import logging
import math
import random
import statistics
import time
import tracemalloc
from collections.abc import Callable, Sequence
from typing import Any


def previous_build(ids: Sequence[str], texts: Sequence[str], stemmer: Any, stopwords: frozenset[str]) -> tuple:
    """The replaced build: BM25 from llama-index's own tokenisation, then stems per paper again."""
    from llama_index.core.schema import TextNode
    from llama_index.retrievers.bm25 import BM25Retriever

    from rag.text import TOKEN

    nodes = [TextNode(id_=pid, text=text) for pid, text in zip(ids, texts, strict=True)]
    bm25 = BM25Retriever.from_defaults(nodes=nodes, similarity_top_k=50, stemmer=stemmer, language="english")
    doc_terms = [set(stemmer.stemWords([w for w in TOKEN.findall(t.lower()) if w not in stopwords])) for t in texts]
    df: dict[str, int] = {}
    for terms in doc_terms:
        for term in terms:
            df[term] = df.get(term, 0) + 1
    idf = {t: math.log(1 + (len(texts) - d + 0.5) / (d + 0.5)) for t, d in df.items()}
    return bm25, dict(zip(ids, doc_terms, strict=True)), idf


def synthetic_papers(sentences: Sequence[str], n: int, seed: int = 0) -> tuple[list[str], list[str]]:
    rng = random.Random(seed)
    return [f"p{i}" for i in range(n)], [" ".join(rng.sample(list(sentences), 8)) for _ in range(n)]


def _measure(build: Callable[[], Any], repeats: int) -> tuple[list[float], float]:
    """Wall times of ``repeats`` builds, then the memory one build keeps (tracemalloc, in its own pass)."""
    times = []
    for _ in range(repeats):
        gc.collect()
        t = time.perf_counter()
        kept = build()
        times.append(time.perf_counter() - t)
        del kept
    gc.collect()
    tracemalloc.start()
    kept = build()
    gc.collect()
    retained = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    del kept
    return times, retained


def lexical_report(sentences: Sequence[str], n_papers: int = 20_000, repeats: int = 3) -> list[str]:
    """Markdown lines: build time (median of ``repeats``) and retained memory, new against baseline."""
    import Stemmer

    from rag.lexical import LexicalIndex
    from rag.text import STOP_WORDS as QUESTION_STOPWORDS

    logging.getLogger("bm25s").setLevel(logging.WARNING)
    ids, texts = synthetic_papers(sentences, n_papers)
    stemmer = Stemmer.Stemmer("english")
    # Imports and first-call costs stay outside the timings.
    previous_build(ids[:100], texts[:100], stemmer, QUESTION_STOPWORDS)
    LexicalIndex(ids[:100], texts[:100], stemmer, QUESTION_STOPWORDS, 50)
    old_t, old_mem = _measure(lambda: previous_build(ids, texts, stemmer, QUESTION_STOPWORDS), repeats)
    new_t, new_mem = _measure(lambda: LexicalIndex(ids, texts, stemmer, QUESTION_STOPWORDS, 50), repeats)
    old_med, new_med = statistics.median(old_t), statistics.median(new_t)
    return [
        f"- {n_papers:,} synthetic papers (8 real abstract sentences each), median of {repeats} builds:",
        f"  - LexicalIndex (one tokenisation pass): {new_med:.2f} s, keeps {new_mem / 2**20:.0f} MB",
        f"  - previous build (llama-index tokenisation + stems per paper): {old_med:.2f} s, "
        f"keeps {old_mem / 2**20:.0f} MB",
        f"  - ratio LexicalIndex / previous: time {new_med / old_med:.2f}, memory {new_mem / old_mem:.2f}",
        f"  - per paper: {new_med / n_papers * 1e3:.2f} ms and {new_mem / n_papers / 1024:.1f} kB, "
        f"against {old_med / n_papers * 1e3:.2f} ms and {old_mem / n_papers / 1024:.1f} kB",
    ]

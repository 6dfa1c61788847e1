"""Scale bench, data: the real corpus embedded once, and synthetic papers (texts, vectors, metadata) made from it."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from rag.config import PROJECT_ROOT

DIM = 384


SEED = 20240611


N_QUERIES = 200


SENTENCES_PER_PAPER = 4  # sentence passages per synthetic paper; each paper also gets a title passage


ROWS_PER_PAPER = SENTENCES_PER_PAPER + 1


NOISE_SIGMA = 0.01  # per dimension; the noise vector's norm is about 0.2 before renormalising


MIX_LOW, MIX_HIGH = 0.55, 0.85  # weight of paper A in the A/B mixture


PAPERS_PER_FILE = 400  # synthetic "page" files, for the src:<file> metadata keys


APP_CONFIG = {"space": "cosine", "max_neighbors": 32, "ef_construction": 200, "ef_search": 100}


PASSAGE_N = 150  # what Retriever asks of the passages collection (n * 3, n = max(candidates=50, k*3))


PAPER_N = 50  # what Retriever asks of the papers collection


VENV_BIN = Path(sys.executable).parent


DEFAULT_WORKDIR = Path("/tmp/rag-scale")


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


# ---------------------------------------------------------------------------------------------- utilities
def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def dir_size(path: Path) -> dict[str, int]:
    """Bytes on disk (allocated blocks) and apparent bytes of every file under ``path``."""
    allocated = apparent = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                st = os.lstat(os.path.join(root, name))
            except FileNotFoundError:
                continue
            allocated += st.st_blocks * 512
            apparent += st.st_size
    return {"allocated": allocated, "apparent": apparent}


def tree_rss(pid: int) -> int:
    import psutil

    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for p in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += p.memory_info().rss
    return total


def rss_now() -> int:
    import psutil

    return int(psutil.Process().memory_info().rss)


def loadavg() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def paper_id(i: int) -> str:
    return f"{i:016x}"


# ---------------------------------------------------------------------------------------------- real data
def real_data(workdir: Path) -> dict[str, Any]:
    """Sentence, title and query vectors of the real corpus, embedded once and cached."""
    cache_npz, cache_json = workdir / "real.npz", workdir / "real.json"
    if cache_npz.exists() and cache_json.exists():
        arrays = np.load(cache_npz)
        data = json.loads(cache_json.read_text())
        data.update({k: arrays[k] for k in arrays.files})
        return data
    from rag.config import offline_environment

    offline_environment()
    from bench.__main__ import questions
    from rag.corpus import parse_corpus
    from rag.embedding import get_embedder
    from rag.text import split_sentences

    papers = parse_corpus(PROJECT_ROOT / "data" / "corpus").papers
    embedder = get_embedder()
    sent_text: list[str] = []
    sent_start, sent_count, titles, years = [], [], [], []
    for p in papers:
        sents = split_sentences(p.abstract) or [p.abstract]
        sent_start.append(len(sent_text))
        sent_count.append(len(sents))
        sent_text.extend(sents)
        titles.append(p.title)
        years.append(p.year)
    log(f"embedding {len(sent_text)} real sentences of {len(papers)} papers (once; cached in {workdir})")
    t = time.perf_counter()
    sent_vecs = embedder.embed(sent_text, batch_size=16)
    # Title vector; papers without a title use their first sentence instead.
    title_src = [t or sent_text[s] for t, s in zip(titles, sent_start, strict=True)]
    title_vecs = embedder.embed(title_src, batch_size=16)
    qs = questions(papers)
    rng = np.random.default_rng(SEED)
    pick = sorted(rng.choice(len(qs), size=min(N_QUERIES, len(qs)), replace=False).tolist())
    query_texts = [qs[i] for i in pick]
    query_vecs = np.stack([embedder.embed_query(q) for q in query_texts])
    log(f"embedded in {time.perf_counter() - t:.0f} s")
    data = {
        "sent_text": sent_text,
        "titles": titles,
        "title_src": title_src,
        "years": years,
        "query_texts": query_texts,
        "n_papers": len(papers),
    }
    workdir.mkdir(parents=True, exist_ok=True)
    cache_json.write_text(json.dumps(data))
    np.savez(
        cache_npz,
        sent_vecs=sent_vecs.astype(np.float32),
        title_vecs=title_vecs.astype(np.float32),
        query_vecs=query_vecs.astype(np.float32),
        sent_start=np.asarray(sent_start),
        sent_count=np.asarray(sent_count),
    )
    return real_data(workdir)


# ---------------------------------------------------------------------------------------------- synthesis
def pseudo_vocabulary(size: int = 20000) -> list[str]:
    """Pronounceable made-up words; one is appended to each synthetic passage so no two documents repeat."""
    rng = np.random.default_rng(SEED + 1)
    cons, vows = list("bcdfghklmnprstvz"), list("aeiou")
    words: set[str] = set()
    while len(words) < size:
        n = int(rng.integers(2, 5))
        words.add("".join(cons[int(rng.integers(len(cons)))] + vows[int(rng.integers(len(vows)))] for _ in range(n)))
    return sorted(words)


def _normalise(x: np.ndarray) -> np.ndarray:
    return (x / np.maximum(np.linalg.norm(x, axis=-1, keepdims=True), 1e-12)).astype(np.float32)


def synth_chunk(real: dict[str, Any], start: int, stop: int, with_text: bool = True) -> dict[str, Any]:
    """Synthetic papers ``start``..``stop``-1, deterministic for a given index (seeded by the chunk start).

    Paper i picks two different real papers A and B and a weight w ~ U(0.55, 0.85).
    Sentence passage j: normalise(w * a_j + (1 - w) * b_j + N(0, 0.01^2 I)), where a_j and b_j are
    random sentences of A and B; its text is a_j's real sentence plus one made-up word.
    Title passage: the same mixture of A's and B's title vectors; title text is A's title head,
    B's title tail and a made-up word. Paper vector: normalised mean of the sentence vectors (as
    the app computes it); abstract: the passage texts joined.
    """
    rng = np.random.default_rng([SEED, start])
    n = stop - start
    n_real = int(real["n_papers"])
    S, T = real["sent_vecs"], real["title_vecs"]
    s_start, s_count = real["sent_start"], real["sent_count"]
    a = rng.integers(0, n_real, n)
    b = (a + 1 + rng.integers(0, n_real - 1, n)) % n_real
    w = rng.uniform(MIX_LOW, MIX_HIGH, n).astype(np.float32)
    a_idx = s_start[a][:, None] + np.sort(rng.integers(0, s_count[a][:, None], (n, SENTENCES_PER_PAPER)), axis=1)
    b_idx = s_start[b][:, None] + rng.integers(0, s_count[b][:, None], (n, SENTENCES_PER_PAPER))
    noise = rng.standard_normal((n, SENTENCES_PER_PAPER, DIM), dtype=np.float32) * NOISE_SIGMA
    sent = _normalise(w[:, None, None] * S[a_idx] + (1 - w)[:, None, None] * S[b_idx] + noise)
    title_noise = rng.standard_normal((n, DIM), dtype=np.float32) * NOISE_SIGMA
    title = _normalise(w[:, None] * T[a] + (1 - w)[:, None] * T[b] + title_noise)
    paper = _normalise(sent.mean(axis=1))
    # Passage rows in the order the app writes them: title (position -1), then sentences 0..3.
    passages = np.concatenate([title[:, None, :], sent], axis=1).reshape(n * ROWS_PER_PAPER, DIM)
    out: dict[str, Any] = {"passages": passages, "papers": paper}
    # Metadata draws are made even without text, so the random stream stays identical.
    year = rng.integers(2018, 2026, n)
    month = rng.integers(0, 12, n)
    day = rng.integers(1, 29, n)
    authors = rng.integers(1, 25, n)
    upvotes = rng.integers(0, 300, n)
    vocab_pick = np.minimum(rng.zipf(1.3, (n, ROWS_PER_PAPER)) - 1, 19999)
    if not with_text:
        return out
    vocab = _vocab()
    texts, titles = real["sent_text"], real["title_src"]
    p_ids, p_docs, p_metas, r_ids, r_docs, r_metas = [], [], [], [], [], []
    for k in range(n):
        i = start + k
        pid = paper_id(i)
        words = [vocab[int(v)] for v in vocab_pick[k]]
        ta, tb = titles[int(a[k])].split(), titles[int(b[k])].split()
        head, tail = ta[: max(2, len(ta) // 2)], tb[len(tb) // 2 :][:8]
        title_text = " ".join([*head, *tail, words[0]])
        sentences = [f"{texts[int(s)]} {words[j + 1]}" for j, s in enumerate(a_idx[k])]
        abstract = " ".join(sentences)
        src = f"syn_{i // PAPERS_PER_FILE:05d}.txt"
        mon = MONTHS[int(month[k])]
        y = int(year[k])
        p_ids.append(pid)
        p_docs.append(abstract)
        p_metas.append(
            {
                "title": title_text,
                "has_title": True,
                "sources": f"{src}:{1 + 4 * (i % PAPERS_PER_FILE)}",
                "github": "",
                "urls": "",
                "content_hash": hashlib.sha256(abstract.encode()).hexdigest()[:16],
                "meta_hash": hashlib.sha256(f"{pid}{title_text}".encode()).hexdigest()[:16],
                "n_passages": ROWS_PER_PAPER,
                "authors": int(authors[k]),
                "date": f"{mon} {int(day[k])}, {y}",
                "year": y,
                "month": mon,
                "upvotes": int(upvotes[k]),
                f"src:{src}": True,
            }
        )
        base = {"paper_id": pid, "year": y, "month": mon, f"src:{src}": True}
        r_ids.append(f"{pid}#t")
        r_docs.append(title_text)
        r_metas.append({**base, "position": -1})
        for j, sentence in enumerate(sentences):
            r_ids.append(f"{pid}#{j}")
            r_docs.append(sentence)
            r_metas.append({**base, "position": j})
    out.update(
        paper_ids=p_ids,
        paper_docs=p_docs,
        paper_metas=p_metas,
        passage_ids=r_ids,
        passage_docs=r_docs,
        passage_metas=r_metas,
    )
    return out


_VOCAB: list[str] = []


def _vocab() -> list[str]:
    if not _VOCAB:
        _VOCAB.extend(pseudo_vocabulary())
    return _VOCAB


def synth_vectors(
    real: dict[str, Any], n_papers: int, chunk: int, papers_only: bool
) -> tuple[np.ndarray | None, np.ndarray]:
    """All vectors of a corpus (same chunking as the insert phase, so identical values)."""
    pas = None if papers_only else np.empty((n_papers * ROWS_PER_PAPER, DIM), dtype=np.float32)
    pap = np.empty((n_papers, DIM), dtype=np.float32)
    for s in range(0, n_papers, chunk):
        e = min(n_papers, s + chunk)
        got = synth_chunk(real, s, e, with_text=False)
        pap[s:e] = got["papers"]
        if pas is not None:
            pas[s * ROWS_PER_PAPER : e * ROWS_PER_PAPER] = got["passages"]
    return pas, pap


def exact_topk(matrix: np.ndarray, queries: np.ndarray, k: int, block: int = 200_000) -> tuple[np.ndarray, np.ndarray]:
    """Exact cosine top-k (rows are unit length) by blocked numpy matmul: indices and similarities."""
    best_i = np.empty((len(queries), 0), dtype=np.int64)
    best_s = np.empty((len(queries), 0), dtype=np.float32)
    for s in range(0, len(matrix), block):
        sims = queries @ matrix[s : s + block].T
        kk = min(k, sims.shape[1])
        part = np.argpartition(-sims, kk - 1, axis=1)[:, :kk]
        cand_i = np.concatenate([best_i, part + s], axis=1)
        cand_s = np.concatenate([best_s, np.take_along_axis(sims, part, axis=1)], axis=1)
        order = np.argsort(-cand_s, axis=1)[:, :k]
        best_i = np.take_along_axis(cand_i, order, axis=1)
        best_s = np.take_along_axis(cand_s, order, axis=1)
    return best_i, best_s

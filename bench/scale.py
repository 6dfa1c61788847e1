"""Scale benchmark: synthetic corpora of 10k-1M papers in both Chroma modes.

``python -m bench.scale --sizes 10000 100000 1000000 --modes persistent server``

Embedding 100k abstracts on two cores would take hours, so the corpus is synthesised
from the real one: the real corpus is embedded once (about 3.4k sentence vectors), and each
synthetic paper's passage vectors are normalised mixtures of two real papers' sentence
vectors plus a little Gaussian noise (see :func:`synth_chunk` and docs/scale.md). Rows carry
the same ids, documents and metadata keys the app writes (rag/index.py), so the stores can
be opened by :class:`rag.assistant.Assistant` for end-to-end timings.

Phases run in separate processes so that memory is measured cleanly:

* the driver (this process) orchestrates, regenerates vectors for exact search and never
  imports chromadb;
* ``--phase insert`` creates the collections and writes the rows (for the persistent mode
  Chroma runs inside it);
* ``--phase query`` opens the finished store like the app does and times Chroma queries,
  HNSW recall inputs and ``Assistant.search``;
* ``--phase modify`` changes ``ef_search`` for the tuning sweep.

Results are appended to a JSON file (``--results``), so runs can be resumed or split; the
report (docs/scale.md and docs/scale_*.png) is regenerated from that file.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.common import ServerDidNotStart, free_port, percentile, wait_for_http
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


def passage_row_id(index: int) -> str:
    pid, pos = divmod(int(index), ROWS_PER_PAPER)
    return f"{paper_id(pid)}#{'t' if pos == 0 else pos - 1}"


# ---------------------------------------------------------------------------------------------- chroma helpers
def chroma_client(spec: dict[str, Any]) -> Any:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    cs = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if spec["mode"] == "server":
        return chromadb.HttpClient(host="127.0.0.1", port=int(spec["port"]), settings=cs)
    return chromadb.PersistentClient(path=spec["path"], settings=cs)


def hnsw_config(spec: dict[str, Any]) -> dict[str, Any]:
    cfg = dict(APP_CONFIG)
    cfg.update(spec.get("hnsw") or {})
    return {"hnsw": cfg}


class Server:
    """A ``chroma run`` process on a free port, stopped by its own pid."""

    def __init__(self, path: Path, logfile: Path) -> None:
        self.port = free_port()
        self.log = open(logfile, "ab")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [str(VENV_BIN / "chroma"), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(self.port)],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for_http(f"http://127.0.0.1:{self.port}/api/v2/heartbeat", timeout=60, proc=self.proc)
        except ServerDidNotStart as exc:
            self.stop()
            raise RuntimeError(f"chroma run: {exc}; see {logfile}") from None

    def rss(self) -> int:
        return tree_rss(self.proc.pid)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(30)
        self.log.close()


# ---------------------------------------------------------------------------------------------- phase: insert
def phase_insert(spec: dict[str, Any]) -> dict[str, Any]:
    """Create the two collections with the app's HNSW config and write the synthetic rows."""
    real = real_data(Path(spec["workdir"]))
    client = chroma_client(spec)
    cfg = hnsw_config(spec)
    name = spec["collection"]
    start = int(spec.get("start", 0))
    if start:  # resuming an insert the budget stopped: the collections exist, counters carry on
        passages = client.get_collection(f"{name}_passages", embedding_function=None)
        papers = client.get_collection(f"{name}_papers", embedding_function=None)
    else:
        passages = client.create_collection(f"{name}_passages", configuration=cfg, embedding_function=None)
        papers = client.create_collection(f"{name}_papers", configuration=cfg, embedding_function=None)
    prior = spec.get("prior") or {}
    max_batch = int(client.get_max_batch_size())
    n_papers, papers_only = int(spec["papers"]), bool(spec["papers_only"])
    batch_rows = min(5000, max_batch)
    chunk = int(spec["chunk"])
    budget = float(spec["budget_s"])
    write = {"upsert": "upsert", "add": "add"}[spec.get("write", "upsert")]
    t_gen = 0.0
    t_pas, t_pap = float(prior.get("passages_s", 0.0)), float(prior.get("papers_s", 0.0))
    rows_pas, rows_pap = int(prior.get("rows_passages", 0)), int(prior.get("rows_papers", 0))
    done = start
    series: list[tuple[int, int, float]] = []  # (papers, rows, cumulative write seconds)
    rss_samples = []
    rss_max = rss_now()
    started = time.perf_counter()
    stopped_early = False
    for s in range(start, n_papers, chunk):
        e = min(n_papers, s + chunk)
        t0 = time.perf_counter()
        got = synth_chunk(real, s, e, with_text=True)
        t1 = time.perf_counter()
        t_gen += t1 - t0
        if not papers_only:
            vecs = got["passages"]
            for b in range(0, len(vecs), batch_rows):
                getattr(passages, write)(
                    ids=got["passage_ids"][b : b + batch_rows],
                    embeddings=vecs[b : b + batch_rows],
                    documents=got["passage_docs"][b : b + batch_rows],
                    metadatas=got["passage_metas"][b : b + batch_rows],
                )
            rows_pas += len(vecs)
        t2 = time.perf_counter()
        for b in range(0, e - s, batch_rows):
            getattr(papers, write)(
                ids=got["paper_ids"][b : b + batch_rows],
                embeddings=got["papers"][b : b + batch_rows],
                documents=got["paper_docs"][b : b + batch_rows],
                metadatas=got["paper_metas"][b : b + batch_rows],
            )
        t3 = time.perf_counter()
        rows_pap += e - s
        t_pas += t2 - t1
        t_pap += t3 - t2
        done = e
        series.append((done, rows_pas + rows_pap, round(t_pas + t_pap, 3)))
        rss_max = max(rss_max, rss_now())
        if len(series) % 10 == 0 or done == n_papers:
            rss_samples.append((done, rss_now()))
            log(
                f"  {spec['mode']} {n_papers:,}: {done:,} papers, {rows_pas + rows_pap:,} rows, "
                f"{(rows_pas + rows_pap) / max(t_pas + t_pap, 1e-9):.0f} rows/s, load {loadavg()[0]}"
            )
        del got
        if time.perf_counter() - started > budget and done < n_papers:
            stopped_early = True
            log(f"  insert budget of {budget / 60:.0f} min used up at {done:,} papers; stopping")
            break
    # Any indexing Chroma deferred shows up in the first query; time it as part of the write.
    t0 = time.perf_counter()
    probe = np.asarray(real["query_vecs"][0]).tolist()
    if rows_pas:
        passages.query(query_embeddings=[probe], n_results=10, include=[])
    t_first_pas = time.perf_counter() - t0
    t0 = time.perf_counter()
    papers.query(query_embeddings=[probe], n_results=10, include=[])
    t_first_pap = time.perf_counter() - t0
    counts = {"passages": int(passages.count()), "papers": int(papers.count())}
    return {
        "papers_inserted": done,
        "stopped_early": stopped_early,
        "rows_passages": rows_pas,
        "rows_papers": rows_pap,
        "counts": counts,
        "max_batch": max_batch,
        "batch_rows": batch_rows,
        "write_op": write,
        "gen_s": t_gen,
        "passages_s": t_pas,
        "papers_s": t_pap,
        "first_query_after_insert_s": {"passages": t_first_pas, "papers": t_first_pap},
        "series": series,
        "rss_samples": rss_samples,
        "rss_end": rss_now(),
        # ru_maxrss survives exec (it would report the driver's size at fork), so the peak is sampled.
        "peak_rss": max(rss_max, rss_now()),
    }


# ---------------------------------------------------------------------------------------------- phase: modify
def phase_modify(spec: dict[str, Any]) -> dict[str, Any]:
    client = chroma_client(spec)
    out = {}
    for suffix in ("passages", "papers"):
        col = client.get_collection(f"{spec['collection']}_{suffix}")
        col.modify(configuration={"hnsw": {"ef_search": int(spec["ef_search"])}})
        out[suffix] = client.get_collection(f"{spec['collection']}_{suffix}").configuration_json.get("hnsw")
    return out


# ---------------------------------------------------------------------------------------------- phase: query
def phase_query(spec: dict[str, Any]) -> dict[str, Any]:
    """Open the store as the app would and time queries; return HNSW ids for the driver's recall check."""
    real = real_data(Path(spec["workdir"]))
    out: dict[str, Any] = {"rss_start": rss_now()}
    qv = np.asarray(real["query_vecs"], dtype=np.float32)
    client = chroma_client(spec)
    name = spec["collection"]
    cols = {"passages": client.get_collection(f"{name}_passages"), "papers": client.get_collection(f"{name}_papers")}
    out["config"] = {k: c.configuration_json.get("hnsw") for k, c in cols.items()}
    counts = {k: int(c.count()) for k, c in cols.items()}
    out["counts"] = counts
    plans = []
    if counts["passages"]:
        plans.append(("passages", PASSAGE_N, ["documents", "metadatas", "distances"]))
    plans.append(("papers", PAPER_N, ["distances"]))
    if spec.get("proxy") and not counts["passages"]:
        # A 1M-row collection queried the way the passages collection is (n=150, documents and metadata):
        # a stand-in for the passage table of a real-shaped corpus (~9.5 passages per paper).
        plans.append(("papers_as_passages", PASSAGE_N, ["documents", "metadatas", "distances"]))
    for label, n, include in plans:
        col = cols["papers" if label == "papers_as_passages" else label]
        t0 = time.perf_counter()
        col.query(query_embeddings=[qv[0].tolist()], n_results=n, include=include)
        cold = time.perf_counter() - t0
        for v in qv[:10]:  # warm-up
            col.query(query_embeddings=[v.tolist()], n_results=n, include=include)
        lat, cpu, ids_n = [], [], []
        srv0 = _server_cpu(spec)
        for v in qv:
            c0 = time.process_time()
            t0 = time.perf_counter()
            got = col.query(query_embeddings=[v.tolist()], n_results=n, include=include)
            lat.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            ids_n.append(got["ids"][0])
        srv1 = _server_cpu(spec)
        strict = [col.query(query_embeddings=[v.tolist()], n_results=10, include=[])["ids"][0] for v in qv]
        out[label] = {
            "n_results": n,
            "cold_first_ms": cold * 1000,
            "p50_ms": percentile(lat, 50),
            "p95_ms": percentile(lat, 95),
            "mean_ms": float(np.mean(lat)),
            "cpu_p50_ms": percentile(cpu, 50),
            "cpu_mean_ms": float(np.mean(cpu)),
            "server_cpu_mean_ms": None if srv0 is None or srv1 is None else (srv1 - srv0) * 1000 / len(qv),
            "ids_n": ids_n,
            "ids_10": strict,
        }
        log(f"  {spec['mode']} {label}: p50 {percentile(lat, 50):.1f} ms, p95 {percentile(lat, 95):.1f} ms (n={n})")
    out["rss_after_chroma"] = rss_now()
    out["loadavg_mid"] = loadavg()
    if spec.get("e2e"):
        out["e2e"] = e2e(spec, real)
    out["rss_end"] = rss_now()
    out["peak_rss_sampled"] = max(v for k, v in out.items() if k.startswith("rss_"))
    return out


_STAGE = {"name": "start", "t0": 0.0}


def phase_e2e(spec: dict[str, Any]) -> dict[str, Any]:
    """:func:`e2e` in its own process, aborted (and reported) if its RSS passes ``spec['rss_limit']``.

    The limit protects the other processes on the machine: an in-memory paper table and BM25 index
    for 1M papers may not fit next to them.
    """
    import threading

    limit = int(spec.get("rss_limit") or 0)
    out_path = Path(spec["_out"])
    _STAGE["t0"] = time.perf_counter()

    def watchdog() -> None:
        peak = 0
        while True:
            rss = rss_now()
            peak = max(peak, rss)
            if limit and rss > limit:
                out_path.write_text(
                    json.dumps(
                        {
                            "error": f"aborted: RSS {rss / 2**30:.1f} GB passed the {limit / 2**30:.1f} GB limit "
                            f"during '{_STAGE['name']}' after {time.perf_counter() - _STAGE['t0']:.0f} s",
                            "rss_at_abort": rss,
                            "stage": _STAGE["name"],
                            "seconds": time.perf_counter() - _STAGE["t0"],
                        }
                    )
                )
                log(f"  e2e aborted at {rss / 2**30:.1f} GB RSS in stage {_STAGE['name']}")
                os._exit(0)
            time.sleep(0.25)

    threading.Thread(target=watchdog, daemon=True).start()
    real = real_data(Path(spec["workdir"]))
    return e2e(spec, real)


def _server_cpu(spec: dict[str, Any]) -> float | None:
    """CPU seconds used so far by the ``chroma run`` process tree listening on the spec's port."""
    if spec.get("mode") != "server":
        return None
    import psutil

    needle = ["--port", str(spec["port"])]
    for proc in psutil.process_iter(["cmdline"]):
        cmd = proc.info.get("cmdline") or []
        if "run" in cmd and any(cmd[i : i + 2] == needle for i in range(len(cmd) - 1)):
            try:
                procs = [proc, *proc.children(recursive=True)]
                return sum(p.cpu_times().user + p.cpu_times().system for p in procs)
            except psutil.NoSuchProcess:
                return None
    return None


def e2e(spec: dict[str, Any], real: dict[str, Any]) -> dict[str, Any]:
    """``Assistant.search`` on the synthetic store: startup (paper table + BM25) and per-question latency."""
    from rag.config import get_settings, offline_environment

    offline_environment()
    from rag.assistant import Assistant

    if spec["mode"] == "server":
        settings = get_settings(collection=spec["collection"], chroma_host="127.0.0.1", chroma_port=int(spec["port"]))
    else:
        settings = get_settings(collection=spec["collection"], index_dir=Path(spec["path"]))
    gc.collect()
    before = rss_now()
    _STAGE["name"] = "Assistant startup (load_papers + BM25)"
    t0 = time.perf_counter()
    assistant = Assistant(settings)
    _STAGE["name"] = "searches"
    startup = time.perf_counter() - t0
    after_load = rss_now()
    qs = list(real["query_texts"])
    for q in qs[:5]:
        assistant.search(q)
    out: dict[str, Any] = {
        "startup_s": startup,
        "papers_loaded": assistant.paper_count,
        "rss_before": before,
        "rss_after_load": after_load,
    }
    out.update(_searches(assistant, qs))
    out["rss_after_search"] = rss_now()
    t0 = time.perf_counter()
    assistant.index.load_papers()
    out["load_papers_s"] = time.perf_counter() - t0
    for key in ("passages", "papers"):
        col = getattr(assistant.index, key)
        t0 = time.perf_counter()
        for _ in range(10):
            col.count()
        out[f"count_{key}_ms"] = (time.perf_counter() - t0) * 100
    log(
        f"  {spec['mode']} Assistant.search: startup {startup:.1f} s (load_papers {out['load_papers_s']:.1f} s), "
        f"p50 {out['p50_ms']:.1f} ms, p95 {out['p95_ms']:.1f} ms; parts p50 "
        f"{ ({k: round(v, 1) for k, v in out['parts_p50_ms'].items()}) }; count() "
        f"{out['count_passages_ms']:.1f} + {out['count_papers_ms']:.1f} ms"
    )
    # Earlier runs of this file measured rag/ before two search fixes; record which code ran so the
    # report can tell those results apart from the shipped code's.
    out["code"] = rag_code_state()
    return out


def rag_code_state() -> dict[str, Any]:
    """Which version of the search path is installed: the git commit and the two costs the fixes removed."""
    import inspect

    from rag.index import PaperIndex

    try:
        head = subprocess.run(
            ["git", "log", "-1", "--format=%h %cI", "--", "rag"], cwd=PROJECT_ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        head = ""
    return {
        "rag_commit": head,
        "count_before_query": ".count()" in inspect.getsource(PaperIndex.query_passages),
        "passage_vectors_by_where": "layout" not in inspect.signature(PaperIndex.passage_vectors).parameters,
    }


def _searches(assistant: Any, qs: list[str]) -> dict[str, Any]:
    embedder = assistant.index.embedder
    totals: list[float] = []
    cpu: list[float] = []
    parts: dict[str, list[float]] = {"embed": [], "bm25": [], "chroma": [], "fusion": []}
    hits = 0
    for q in qs:
        embedder.clear_cache()
        c0 = time.process_time()
        t0 = time.perf_counter()
        res = assistant.search_detailed(q, k=10)
        totals.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
        hits += len(res.hits)
        for k in parts:
            parts[k].append(getattr(res.timings, f"{k}_ms"))
    return {
        "p50_ms": percentile(totals, 50),
        "p95_ms": percentile(totals, 95),
        "cpu_p50_ms": percentile(cpu, 50),
        "parts_p50_ms": {k: percentile(v, 50) for k, v in parts.items()},
        "parts_p95_ms": {k: percentile(v, 95) for k, v in parts.items()},
        "mean_hits": hits / len(qs),
    }


# ---------------------------------------------------------------------------------------------- driver
def run_phase(phase: str, spec: dict[str, Any], timeout: float) -> dict[str, Any]:
    workdir = Path(spec["workdir"])
    spec_file = workdir / f"spec-{phase}-{os.getpid()}.json"
    out_file = workdir / f"out-{phase}-{os.getpid()}.json"
    spec_file.write_text(json.dumps({**spec, "_out": str(out_file)}))
    out_file.unlink(missing_ok=True)
    t0 = time.perf_counter()
    cpu0 = os.times()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.scale", "--phase", phase, "--spec", str(spec_file), "--out", str(out_file)],
        cwd=PROJECT_ROOT,
    )
    try:
        rc = proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.terminate()
        proc.wait(60)
        raise RuntimeError(f"phase {phase} timed out after {timeout:.0f} s") from None
    if rc != 0:
        raise RuntimeError(f"phase {phase} failed with exit code {rc}")
    cpu1 = os.times()
    result = json.loads(out_file.read_text())
    result["wall_s"] = time.perf_counter() - t0
    result["child_cpu_s"] = (cpu1.children_user - cpu0.children_user) + (cpu1.children_system - cpu0.children_system)
    spec_file.unlink(missing_ok=True)
    out_file.unlink(missing_ok=True)
    return result


EPS = 1e-3  # distance tolerance of the distance-based recall (the ann-benchmarks default)


def paper_row(pid: str) -> int:
    return int(pid, 16)


def passage_row(rid: str) -> int:
    pid, pos = rid.split("#", 1)
    return int(pid, 16) * ROWS_PER_PAPER + (0 if pos == "t" else int(pos) + 1)


def recall(
    ids_hnsw: list[list[str]],
    exact_idx: np.ndarray,
    exact_sim: np.ndarray,
    id_of: Any,
    k: int,
    row_of: Any = None,
    matrix: np.ndarray | None = None,
    queries: np.ndarray | None = None,
) -> dict[str, float]:
    """recall@k per query, averaged; also the worst query and the share of perfect queries.

    by_id: |HNSW top k ∩ exact top k| / k. by_dist (needs the vectors): share of the HNSW top k whose
    similarity is within EPS of the exact k-th similarity or better, which does not punish swapping
    near-ties (synthetic papers built from the same real pair can sit very close together).
    """
    per_query, per_dist = [], []
    for qi, (got, idx) in enumerate(zip(ids_hnsw, exact_idx, strict=True)):
        truth = {id_of(i) for i in idx[:k]}
        per_query.append(len(truth & set(got[:k])) / k)
        if matrix is not None and queries is not None and row_of is not None:
            rows = [row_of(g) for g in got[:k]]
            sims = matrix[rows] @ queries[qi] if rows else np.zeros(0)
            per_dist.append(float(np.sum(sims >= exact_sim[qi, k - 1] - EPS)) / k)
    arr = np.asarray(per_query)
    worst = int(arr.argmin())
    out = {
        "by_id": float(arr.mean()),
        "min_query": float(arr.min()),
        "share_perfect": float(np.mean(arr == 1.0)),
        "worst_query": worst,
        "worst_exact_top1_minus_topk": float(exact_sim[worst, 0] - exact_sim[worst, k - 1]),
    }
    if per_dist:
        out["by_dist"] = float(np.mean(per_dist))
        out["by_dist_min_query"] = float(np.min(per_dist))
    return out


def measure(
    real: dict[str, Any],
    mode: str,
    size: int,
    args: argparse.Namespace,
    hnsw: dict[str, Any] | None = None,
    tag: str = "",
) -> dict[str, Any]:
    workdir: Path = args.workdir
    papers_only = size > args.papers_only_above
    store = workdir / f"{mode}-{size}{tag}"
    if store.exists():
        shutil.rmtree(store)
    store.mkdir(parents=True)
    spec: dict[str, Any] = {
        "mode": mode,
        "papers": size,
        "papers_only": papers_only,
        "path": str(store),
        "collection": "syn",
        "workdir": str(workdir),
        "chunk": 1000,
        "budget_s": args.budget_min * 60,
        "hnsw": hnsw or {},
        "e2e": size <= args.e2e_max,
        "rss_limit": int(args.rss_limit_gb * 2**30),
        "proxy": papers_only,
        "write": args.write,
    }
    rec: dict[str, Any] = {
        "mode": mode,
        "papers": size,
        "papers_only": papers_only,
        "hnsw": hnsw_config(spec)["hnsw"],
        "tag": tag,
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "loadavg_start": loadavg(),
    }
    server = None
    log(f"== {mode}, {size:,} papers{' (papers collection only)' if papers_only else ''}{' ' + tag if tag else ''}")
    try:
        if mode == "server":
            server = Server(store, workdir / f"server-{size}{tag}.log")
            spec["port"] = server.port
            rec["server_rss_empty"] = server.rss()
        srv_cpu0 = _server_cpu(spec)
        rec["insert"] = run_phase("insert", spec, timeout=args.budget_min * 60 + 3600)
        srv_cpu1 = _server_cpu(spec)
        rec["insert"]["server_cpu_s"] = None if srv_cpu0 is None or srv_cpu1 is None else srv_cpu1 - srv_cpu0
        rec["insert_summary"] = insert_summary(rec["insert"])
        if server:
            rec["server_rss_after_insert"] = server.rss()
        rec["disk_after_insert"] = dir_size(store)
        n_done = rec["insert"]["papers_inserted"]
        spec["papers"] = n_done
        rec["papers_measured"] = n_done

        score(real, rec, spec, server)
    finally:
        if server:
            server.stop()
        if not args.keep:
            shutil.rmtree(store, ignore_errors=True)
    return rec


def insert_summary(ins: dict[str, Any]) -> dict[str, Any]:
    write_s = ins["passages_s"] + ins["papers_s"]
    rows = ins["rows_passages"] + ins["rows_papers"]
    log(f"  inserted {rows:,} rows in {write_s:.0f} s: {rows / write_s:.0f} rows/s")
    return {
        "rows_per_s": rows / write_s,
        "papers_per_s": ins["papers_inserted"] / write_s,
        "passage_rows_per_s": ins["rows_passages"] / ins["passages_s"] if ins["rows_passages"] else None,
        "paper_rows_per_s": ins["rows_papers"] / ins["papers_s"],
        "write_s": write_s,
    }


def kept_store_spec(rec: dict[str, Any], args: argparse.Namespace) -> tuple[Path, dict[str, Any]]:
    """The store a ``--keep`` run left for ``rec``, and the phase spec that opens it as measured."""
    store = args.workdir / f"{rec['mode']}-{rec['papers']}"
    return store, {
        "mode": rec["mode"],
        "papers": rec["papers_measured"],
        "papers_only": rec["papers_only"],
        "path": str(store),
        "collection": "syn",
        "workdir": str(args.workdir),
        "chunk": 1000,
        "e2e": rec["papers"] <= args.e2e_max,
        "rss_limit": int(args.rss_limit_gb * 2**30),
        "proxy": rec["papers_only"],
    }


def resume(real: dict[str, Any], mode: str, size: int, args: argparse.Namespace, results: dict[str, Any]) -> None:
    """Finish an insert its budget stopped: write the remaining papers into the kept store, then re-score.

    Write seconds and rows carry on from the stopped run, so throughput covers the whole insert; the
    pause between the two runs (the first run's query phase) is not write time and is not counted.
    """
    rec = next(r for r in results["runs"] if r["mode"] == mode and r["papers"] == size and not r.get("tag"))
    ins = rec["insert"]
    if not ins.get("stopped_early"):
        log(f"  {mode} {size:,}: insert already complete, nothing to resume")
        return
    store, spec = kept_store_spec(rec, args)
    spec.update(
        papers=size,
        budget_s=args.budget_min * 60,
        hnsw={},
        write=ins.get("write_op", "upsert"),
        start=ins["papers_inserted"],
        prior={k: ins[k] for k in ("rows_passages", "rows_papers", "passages_s", "papers_s")},
    )
    log(f"== resume {mode}, {size:,} papers from {ins['papers_inserted']:,}")
    server = None
    try:
        if mode == "server":
            server = Server(store, args.workdir / f"server-{size}-resume.log")
            spec["port"] = server.port
        more = run_phase("insert", spec, timeout=args.budget_min * 60 + 3600)
        more["resumed"] = {
            "from_papers": ins["papers_inserted"],
            "date": dt.datetime.now().isoformat(timespec="seconds"),
            "loadavg": loadavg(),
        }
        more["series"] = ins["series"] + more["series"]
        more["rss_samples"] = ins["rss_samples"] + more["rss_samples"]
        more["gen_s"] += ins["gen_s"]
        more["peak_rss"] = max(more["peak_rss"], ins["peak_rss"])
        rec["insert"] = more
        rec["insert_summary"] = insert_summary(more)
        if server:
            rec["server_rss_after_insert"] = server.rss()
        rec["disk_after_insert"] = dir_size(store)
        rec["papers_measured"] = spec["papers"] = more["papers_inserted"]
        score(real, rec, spec, server)
    finally:
        if server:
            server.stop()
    save_results(args.results, results)


def score(real: dict[str, Any], rec: dict[str, Any], spec: dict[str, Any], server: Server | None) -> None:
    """Exact search in the driver, the query phase in a child, recall by comparing the two; fills ``rec``."""
    n_done = int(spec["papers"])
    papers_only = bool(spec["papers_only"])
    log("  exact search (numpy) for recall")
    pas, pap = synth_vectors(real, n_done, spec["chunk"], papers_only)
    qv = np.asarray(real["query_vecs"], dtype=np.float32)
    t0 = time.perf_counter()
    exact = {"papers": exact_topk(pap, qv, PASSAGE_N)}
    if pas is not None:
        exact["passages"] = exact_topk(pas, qv, PASSAGE_N)
    rec["exact_ms_per_query"] = (time.perf_counter() - t0) * 1000 / len(qv)
    rec["synthetic_stats"] = {
        k: {"top1_sim_mean": float(v[1][:, 0].mean()), "top10_sim_mean": float(v[1][:, 9].mean())}
        for k, v in exact.items()
    }
    rec["loadavg_query_start"] = loadavg()
    q = run_phase("query", {**spec, "e2e": False}, timeout=7200)
    if server:
        rec["server_rss_after_query"] = server.rss()
    id_fns = {"passages": passage_row_id, "papers": paper_id, "papers_as_passages": paper_id}
    for label in ("passages", "papers", "papers_as_passages"):
        if label not in q:
            continue
        ex_idx, ex_sim = exact["papers" if label == "papers_as_passages" else label]
        r = q[label]
        n = r["n_results"]
        vec = (pap, paper_row) if label != "passages" else (pas, passage_row)
        extra = {"row_of": vec[1], "matrix": vec[0], "queries": qv}
        r["recall10_app"] = recall(r["ids_n"], ex_idx, ex_sim, id_fns[label], 10, **extra)
        r["recall10_k10"] = recall(r["ids_10"], ex_idx, ex_sim, id_fns[label], 10, **extra)
        r[f"recall{n}_app"] = recall(r["ids_n"], ex_idx, ex_sim, id_fns[label], n, **extra)
        r["recall_n"] = r[f"recall{n}_app"]
        del r["ids_n"], r["ids_10"]
        log(
            f"  {label}: recall@10 {r['recall10_app']['by_id']:.3f} (top 10 of n={n}), "
            f"{r['recall10_k10']['by_id']:.3f} (n_results=10), recall@{n} {r['recall_n']['by_id']:.3f}; "
            f"distance-based recall@10 {r['recall10_k10'].get('by_dist', float('nan')):.3f} (n_results=10); "
            f"worst query {r['recall10_k10']['min_query']:.1f}"
        )
    del pas, pap, exact
    gc.collect()
    if spec.get("e2e"):
        rec["loadavg_e2e_start"] = loadavg()
        try:
            q["e2e"] = run_phase("e2e", spec, timeout=7200)
        except RuntimeError as exc:
            q["e2e"] = {"error": str(exc)}
        if q["e2e"].get("error"):
            log(f"  Assistant.search not measured: {q['e2e']['error']}")
        if server:
            rec["server_rss_after_e2e"] = server.rss()
    rec["query"] = q
    rec["disk_after_query"] = dir_size(Path(spec["path"]))
    rec["loadavg_end"] = loadavg()


def requery(real: dict[str, Any], mode: str, size: int, args: argparse.Namespace, results: dict[str, Any]) -> None:
    """Re-run only the query phase (and recall) on a kept store; the insert figures stay."""
    rec = next(r for r in results["runs"] if r["mode"] == mode and r["papers"] == size and not r.get("tag"))
    store, spec = kept_store_spec(rec, args)
    log(f"== re-query {mode}, {size:,} papers")
    server = None
    try:
        if mode == "server":
            server = Server(store, args.workdir / f"server-{size}-requery.log")
            spec["port"] = server.port
            rec["server_rss_restarted"] = server.rss()
        score(real, rec, spec, server)
        rec["requeried"] = dt.datetime.now().isoformat(timespec="seconds")
    finally:
        if server:
            server.stop()
    save_results(args.results, results)


def load_results(path: Path) -> dict[str, Any]:
    if path.exists():
        return json.loads(path.read_text())
    return {"runs": [], "tuning": []}


def save_results(path: Path, results: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(results, indent=1))
    tmp.replace(path)


def tune(real: dict[str, Any], args: argparse.Namespace, results: dict[str, Any]) -> None:
    """ef_search sweep on one kept persistent store (collection.modify), then max_neighbors rebuilds."""
    size = args.tune
    store = args.workdir / f"persistent-{size}"
    base_args = argparse.Namespace(**{**vars(args), "keep": True})
    # max_neighbors rebuilds: optionally the papers collection only (one row per paper), without Assistant.
    m_args = argparse.Namespace(
        **{**vars(args), "keep": True, "e2e_max": 0, "papers_only_above": 0 if args.tune_m_papers_only else size}
    )
    if not store.exists():
        rec = measure(real, "persistent", size, base_args)
        results["runs"] = [
            r for r in results["runs"] if not (r["mode"] == "persistent" and r["papers"] == size and not r["tag"])
        ]
        results["runs"].append(rec)
        save_results(args.results, results)
    pas, pap = synth_vectors(real, size, 1000, False)
    qv = np.asarray(real["query_vecs"], dtype=np.float32)
    exact = {"passages": exact_topk(pas, qv, PASSAGE_N), "papers": exact_topk(pap, qv, PASSAGE_N)}
    mats = {"passages": (pas, passage_row), "papers": (pap, paper_row)}

    def one(spec: dict[str, Any], m: int, ef: int) -> None:
        mod = run_phase("modify", {**spec, "ef_search": ef}, timeout=600)
        q = run_phase("query", {**spec, "e2e": False}, timeout=3600)
        row: dict[str, Any] = {
            "corpus_papers": size,
            "max_neighbors": m,
            "ef_search": ef,
            "config_seen": q["config"],
            "modify": mod,
        }
        for label, fn in (("passages", passage_row_id), ("papers", paper_id)):
            if label not in q:
                continue
            ex_idx, ex_sim = exact[label]
            r = q[label]
            row[label] = {
                "p50_ms": r["p50_ms"],
                "p95_ms": r["p95_ms"],
                "cpu_p50_ms": r.get("cpu_p50_ms"),
                "n_results": r["n_results"],
                "recall10_app": recall(r["ids_n"], ex_idx, ex_sim, fn, 10)["by_id"],
                "recall10_k10": recall(r["ids_10"], ex_idx, ex_sim, fn, 10)["by_id"],
                "recall10_k10_full": recall(
                    r["ids_10"], ex_idx, ex_sim, fn, 10, row_of=mats[label][1], matrix=mats[label][0], queries=qv
                ),
            }
        row["rss_after_chroma"] = q["rss_after_chroma"]
        row["disk"] = dir_size(Path(spec["path"]))
        row["loadavg"] = loadavg()
        log(
            f"  tune M={m} ef={ef}: "
            + "; ".join(
                f"{k} p50 {row[k]['p50_ms']:.1f} ms R@10 {row[k]['recall10_app']:.3f}/{row[k]['recall10_k10']:.3f}"
                for k in ("passages", "papers")
                if k in row
            )
        )
        results["tuning"] = [
            t
            for t in results["tuning"]
            if not (t["max_neighbors"] == m and t["ef_search"] == ef and t.get("corpus_papers") == size)
        ]
        results["tuning"].append(row)
        save_results(args.results, results)

    spec = {"mode": "persistent", "path": str(store), "collection": "syn", "workdir": str(args.workdir)}
    for ef in args.tune_ef:
        one(spec, 32, ef)
    one(spec, 32, 100)  # leave the store as the app would configure it
    for m in args.tune_m:
        if m == 32:
            continue
        rec = measure(real, "persistent", size, m_args, hnsw={"max_neighbors": m}, tag=f"-m{m}")
        rec["tag"] = f"-m{m}"
        results["runs"] = [r for r in results["runs"] if not (r["papers"] == size and r.get("tag") == rec["tag"])]
        results["runs"].append(rec)
        save_results(args.results, results)
        mstore = args.workdir / f"persistent-{size}-m{m}"
        mspec = {**spec, "path": str(mstore)}
        for ef in args.tune_ef:
            one(mspec, m, ef)
        shutil.rmtree(mstore, ignore_errors=True)


# ---------------------------------------------------------------------------------------------- report
def _mb(b: float | None) -> str:
    return "–" if b is None else f"{b / 2**20:,.0f}"


def _f(x: float | None, nd: int = 1) -> str:
    return "–" if x is None else f"{x:,.{nd}f}"


def plots(results: dict[str, Any], outdir: Path) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    runs = [r for r in results["runs"] if not r.get("tag")]
    colors = {"persistent": "tab:blue", "server": "tab:orange"}
    written = []
    outdir.mkdir(parents=True, exist_ok=True)

    def series(mode: str, fn: Any) -> tuple[list[int], list[float], list[bool]]:
        xs, ys, po = [], [], []
        for r in sorted((r for r in runs if r["mode"] == mode), key=lambda r: r["papers"]):
            y = fn(r)
            if y is not None:
                xs.append(r.get("papers_measured", r["papers"]))
                ys.append(y)
                po.append(r["papers_only"])
        return xs, ys, po

    def draw(ax: Any, mode: str, fn: Any, label: str, style: str = "-", marker: str = "o") -> None:
        xs, ys, po = series(mode, fn)
        if not xs:
            return
        ax.plot(xs, ys, style, color=colors[mode], marker=marker, label=f"{mode}: {label}")
        for x, y, p in zip(xs, ys, po, strict=True):
            if p:
                ax.plot([x], [y], marker=marker, color=colors[mode], markerfacecolor="white", markersize=10)

    def finish(fig: Any, ax: Any, name: str, title: str, ylabel: str, logy: bool = False) -> None:
        from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

        ax.set_xscale("log")
        ax.set_xticks([1e4, 1e5, 1e6], ["10k", "100k", "1M"])
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_xlim(7e3, 1.4e6)
        if logy:
            ax.set_yscale("log")
            ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if v >= 1 else f"{v:g}"))
            ax.yaxis.set_minor_formatter(FuncFormatter(lambda v, _: ""))
        ax.set_xlabel("synthetic papers (log scale); hollow marker = papers collection only")
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7)
        fig.tight_layout()
        fig.savefig(outdir / name, dpi=110)
        plt.close(fig)
        written.append(name)

    fig, ax = plt.subplots(figsize=(7.5, 4.5))
    for mode in colors:
        draw(ax, mode, lambda r: r["insert_summary"]["rows_per_s"], "all rows/s")
        draw(ax, mode, lambda r: r["insert_summary"]["papers_per_s"], "papers/s", "--", "s")
    finish(
        fig, ax, "scale_insert.png", "Insert throughput (upsert, 5,000-row batches)", "rows or papers per second", True
    )

    fig, ax = plt.subplots(figsize=(7.5, 4.5))
    for mode in colors:
        for label, key, mk in (
            ("passages n=150", "passages", "o"),
            ("papers n=50", "papers", "s"),
            ("papers, n=150 + docs", "papers_as_passages", "^"),
        ):
            draw(ax, mode, lambda r, k=key: r["query"].get(k, {}).get("p50_ms"), f"{label} p50", "-", mk)
            draw(ax, mode, lambda r, k=key: r["query"].get(k, {}).get("p95_ms"), f"{label} p95", ":", mk)
    ax.axhline(60, color="red", lw=0.8, ls="--", label="60 ms bar")
    finish(fig, ax, "scale_query.png", "Chroma query latency (one query at a time)", "ms", True)

    fig, ax = plt.subplots(figsize=(7.5, 4.5))
    for mode in colors:
        draw(ax, mode, lambda r: e2e_versions(r["query"])[0].get("p50_ms"), "p50 before the fixes", ":", "v")
        draw(ax, mode, lambda r: e2e_versions(r["query"])[1].get("p50_ms"), "p50 with both fixes", "-", "o")
        draw(ax, mode, lambda r: e2e_versions(r["query"])[1].get("p95_ms"), "p95 with both fixes", "--", "s")
    ax.axhline(60, color="red", lw=0.8, ls="--", label="60 ms bar")
    ax.set_ylim(bottom=0)
    finish(fig, ax, "scale_search.png", "End-to-end Assistant.search (embed + BM25 + Chroma + fusion)", "ms")

    fig, ax = plt.subplots(figsize=(7.5, 4.5))
    for mode in colors:
        for label, key, mk in (("passages", "passages", "o"), ("papers", "papers", "s")):
            draw(
                ax,
                mode,
                lambda r, k=key: r["query"].get(k, {}).get("recall10_app", {}).get("by_id"),
                f"{label} recall@10 (app's n)",
                "-",
                mk,
            )
            draw(
                ax,
                mode,
                lambda r, k=key: r["query"].get(k, {}).get("recall10_k10", {}).get("by_id"),
                f"{label} recall@10 (n_results=10)",
                ":",
                mk,
            )
    ax.axhline(0.95, color="red", lw=0.8, ls="--", label="0.95 bar")
    finish(fig, ax, "scale_recall.png", "HNSW recall@10 against exact search", "recall@10")

    fig, ax = plt.subplots(figsize=(7.5, 4.5))
    for mode in colors:
        draw(ax, mode, lambda r: r["query"]["rss_after_chroma"] / 2**20, "query process, Chroma only")
        draw(
            ax,
            mode,
            lambda r: ((r["query"].get("e2e") or {}).get("rss_after_search") or 0) / 2**20 or None,
            "Assistant process (Chroma + paper table + BM25)",
            "--",
            "s",
        )
        draw(ax, mode, lambda r: r["insert"]["peak_rss"] / 2**20, "insert process peak", ":", "v")
    draw(ax, "server", lambda r: r.get("server_rss_after_query", 0) / 2**20 or None, "chroma run server", "-.", "D")
    finish(fig, ax, "scale_rss.png", "Resident memory", "MB", True)

    fig, ax = plt.subplots(figsize=(7.5, 4.5))
    for mode in colors:
        draw(ax, mode, lambda r: r["disk_after_query"]["allocated"] / 2**20, "store on disk")
    finish(fig, ax, "scale_disk.png", "Disk size of the store directory", "MB", True)

    # Insert progress inside each run: cumulative write time against rows written, with extrapolations.
    fig, ax = plt.subplots(figsize=(7.5, 4.5))
    styles = {False: "-", True: "--"}
    for r in sorted(runs, key=lambda r: (r["mode"], r["papers"])):
        ser = r["insert"]["series"]
        if not ser:
            continue
        rows = [x[1] for x in ser]
        mins = [x[2] / 60 for x in ser]
        kind = "papers rows only" if r["papers_only"] else "passages + papers rows"
        ax.plot(
            rows,
            mins,
            styles[r["papers_only"]],
            color=colors[r["mode"]],
            lw=1.2,
            label=f"{r['mode']} {r['papers']:,} ({kind})",
        )
        ex = extrapolate(r)
        if ex:
            ax.plot(
                [rows[-1], ex["target_rows"]],
                [mins[-1], ex["constant_rate_s"] / 60],
                ":",
                color=colors[r["mode"]],
                lw=1,
            )
            ax.plot([rows[-1], ex["target_rows"]], [mins[-1], ex["trend_s"] / 60], ":", color=colors[r["mode"]], lw=1)
            ax.annotate("extrapolated", (ex["target_rows"], ex["trend_s"] / 60), fontsize=7, color=colors[r["mode"]])
    ax.set_xlabel("rows written so far")
    ax.set_ylabel("cumulative write time (min)")
    ax.set_title("Insert progress within each run (dotted = extrapolation)")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(outdir / "scale_insert_progress.png", dpi=110)
    plt.close(fig)
    written.append("scale_insert_progress.png")
    return written


def extrapolate(rec: dict[str, Any]) -> dict[str, float] | None:
    """Full-size write time of a run stopped by the budget. Two estimates, both labelled extrapolation in the doc:

    * constant_rate_s: the rate of the last 20 % of the run continues (optimistic: HNSW inserts slow down as
      the graph grows);
    * trend_s: the per-chunk rate keeps falling linearly in log(rows), fitted over the second half of the run.
    """
    ins = rec["insert"]
    if not ins.get("stopped_early"):
        return None
    ser = ins["series"]
    if len(ser) < 4:
        return None  # too few chunks to fit a trend
    per_paper = 1 if rec["papers_only"] else ROWS_PER_PAPER + 1
    target = rec["papers"] * per_paper
    rows = np.array([x[1] for x in ser], dtype=float)
    secs = np.array([x[2] for x in ser], dtype=float)
    k = max(1, int(len(ser) * 0.8))
    rate = (rows[-1] - rows[k - 1]) / max(secs[-1] - secs[k - 1], 1e-9)
    constant = secs[-1] + (target - rows[-1]) / rate
    half = len(ser) // 2
    chunk_rows = np.diff(rows[half - 1 :])
    chunk_rate = chunk_rows / np.maximum(np.diff(secs[half - 1 :]), 1e-9)
    slope, intercept = np.polyfit(np.log(rows[half:]), chunk_rate, 1)
    t, r = secs[-1], rows[-1]
    step = float(np.median(chunk_rows))
    while r < target:
        rr = max(slope * np.log(r + step) + intercept, 1.0)
        t += step / rr
        r += step
    return {
        "target_rows": float(target),
        "constant_rate_s": float(constant),
        "trend_s": float(t),
        "last_rate": float(rate),
    }


def report(results: dict[str, Any], out: Path) -> None:
    runs = sorted((r for r in results["runs"] if not r.get("tag")), key=lambda r: (r["mode"], r["papers"]))
    notes = ""
    if out.exists():
        text = out.read_text()
        if "<!-- notes -->" in text and "<!-- /notes -->" in text:
            notes = text.split("<!-- notes -->", 1)[1].split("<!-- /notes -->", 1)[0].strip("\n")
    lines = [
        "# Scale: 10k to 1M synthetic papers in both Chroma modes",
        "",
        "Generated by `python -m bench.scale` (tables and plots) from "
        f"`{results.get('results_path', 'results.json')}`; the notes section is hand-written and kept on regeneration.",
        "",
        f"- Report date: {dt.date.today().isoformat()}; runs dated "
        f"{min((r['date'] for r in runs), default='-')} to {max((r['date'] for r in runs), default='-')}",
        f"- Machine: `nproc` = {os.cpu_count()}, `uname -m` = {platform.machine()}, Python {platform.python_version()}, "
        f"{_mem_total()} RAM, chromadb {_chroma_version()}",
        "- **Not an idle machine**: other processes (the test suite, other agents' jobs) ran concurrently on the same "
        "2 cores. The 1-minute load average at the start/end of each run is in the tables; absolute timings are "
        "therefore pessimistic and noisy, and comparisons within one table are more reliable than across tables.",
        "",
        "<!-- notes -->",
        notes,
        "<!-- /notes -->",
        "",
        "## Method",
        "",
        "**Synthetic corpus.** The real corpus (`data/corpus`, "
        f"{results.get('real', {}).get('papers', '?')} papers, {results.get('real', {}).get('sentences', '?')} "
        "abstract sentences) is parsed with `rag.corpus.parse_corpus`/`split_sentences` and embedded once with "
        "`rag.embedding.get_embedder()` (sentences, and titles; a paper without a title uses its first sentence). "
        f"Synthetic paper *i* (seed {SEED}, fixed) draws two different real papers A and B and a weight "
        f"w ~ U({MIX_LOW}, {MIX_HIGH}). Each of its {SENTENCES_PER_PAPER} sentence passages is "
        f"normalise(w·a + (1−w)·b + ε), with a and b random sentence vectors of A and B and ε ~ N(0, {NOISE_SIGMA}²·I) "
        "(noise norm ≈ 0.2); its text is the real sentence a plus one made-up word (a 20,000-word pseudo-vocabulary, "
        "Zipf-distributed), so no two documents repeat and the BM25 vocabulary grows with the corpus. The title passage "
        "mixes A's and B's title vectors the same way; its text is A's title head + B's title tail + a made-up word. "
        "The paper vector is the normalised mean of the sentence vectors, exactly as `PaperIndex._write` computes it, "
        "and the abstract is the joined passage texts. Every synthetic paper therefore has "
        f"{ROWS_PER_PAPER} passage rows (title + {SENTENCES_PER_PAPER} sentences).",
        "",
        "**Rows match the app's.** Ids (`<16 hex>`, `<id>#t`, `<id>#<j>`), documents and metadata keys are those of "
        "`rag/index.py`: papers rows carry title, has_title, sources, github, urls, content_hash, meta_hash, n_passages, "
        "authors, date, year, month, upvotes and `src:<file>` (400 papers per synthetic file); passage rows carry "
        "paper_id, position, year, month and `src:<file>`. Both collections use the app's HNSW configuration "
        "(cosine, max_neighbors 32, ef_construction 200, ef_search 100) unless a table says otherwise. Rows are "
        "written with `upsert` (as the app does) in batches of 5,000 rows (below `client.get_max_batch_size()`), "
        "1,000 papers at a time: their passage rows, then their paper rows.",
        "",
        "**Caveat on shape.** Real papers here average ≈ 9.5 passages (3,768 passages / 396 papers), the synthetic ones "
        f"{ROWS_PER_PAPER}. So the passages collection of *N* synthetic papers is about the size of that of 0.5·*N* real "
        "papers. To cover the real shape at 100k papers (≈ 950k passage rows), the 1M-paper run also queries its "
        "1M-row papers collection the way the passages collection is queried (n=150, documents + metadata): row "
        "`papers, n=150 + docs`.",
        "",
        f"**Queries.** {N_QUERIES} real questions (the `bench` question generator: title-based questions and abstract "
        "sentences), embedded with the real model. Chroma latency: one query at a time after 10 warm-up queries, "
        f"`n_results` as the Retriever asks ({PASSAGE_N} passages with documents + metadata + distances; "
        f"{PAPER_N} papers with distances). For the server mode this includes the HTTP round trip. "
        "**Recall@10** = |HNSW top 10 ∩ exact top 10| / 10, averaged over queries, where exact = numpy brute force "
        "over the very same float32 vectors (held by the driver). Two variants: *app's n* = top 10 of the query the "
        "app actually issues (n=150/50, so HNSW searches with ef = max(ef_search, n)); *n_results=10* = a plain "
        "top-10 query, which searches with ef_search alone and is the stricter test of the graph. "
        "Recall@n compares the full candidate list with the exact top n.",
        "",
        "**End to end.** `rag.assistant.Assistant` opened on the synthetic store (embedded: `index_dir`; server: "
        "`chroma_host/port`), i.e. the real `Retriever`, in its own process: startup = load the whole paper table + "
        f"build BM25; then `search_detailed(q, k=10)` for the same {N_QUERIES} questions, query-embedding cache "
        "cleared before each. rag/ changed while this benchmark ran (commits cf1dedd: no `count()` before each "
        "query; 398862c: evidence vectors fetched by row id instead of a `paper_id $in` metadata filter, both "
        "prompted by the first 100k results). Each run records which code it imported; where a fix was missing, "
        "the run also measured the search with the fix monkeypatched in (equivalent to the commits; the patches "
        "were removed from bench/scale.py once both fixes shipped, and their results stay in the results file). "
        "The tables show *before the fixes* and *with both fixes*.",
        "",
        "**Processes and memory.** The driver never imports chromadb. Inserting runs in one child process (for the "
        "persistent mode Chroma runs inside it), Chroma queries in a fresh child that opens the store as the app "
        "would, `Assistant.search` in another fresh child with a watchdog that aborts it above "
        "`--rss-limit-gb` (9 GB) to protect the other processes on the machine. "
        "RSS: *query process, Chroma only* = after the Chroma queries (HNSW indexes loaded); *+ Assistant* = the "
        "Assistant process after loading the paper table, BM25 and 200 searches; *writer peak* = the insert "
        "process, sampled after every batch (ru_maxrss is useless here: it survives exec and reports the parent); "
        "*server* = RSS of the `chroma run` process tree. CPU seconds per 1k rows divide the insert process's "
        "(and for the server mode the server's) user+system CPU time by the rows written: unlike rows/s, this "
        "hardly depends on the other load on the machine. Disk = "
        "allocated blocks of the store directory after querying.",
        "",
    ]
    real = results.get("real", {})
    if real.get("sentences_top1_sim_mean") is not None:
        lines += [
            "**Sanity check of the synthetic vectors**: mean cosine similarity of the 200 queries to their nearest and "
            "10th-nearest row, exact search (the queries are real questions, some of them real abstract sentences).",
            "",
            "| collection | rows | mean top-1 sim | mean 10th sim |",
            "| --- | --- | --- | --- |",
            f"| real sentences | {real['sentences']:,} | {real['sentences_top1_sim_mean']:.3f} "
            f"| {real['sentences_top10_sim_mean']:.3f} |",
        ]
        for r in (r for r in runs if r["mode"] == "persistent"):
            for label, st in r.get("synthetic_stats", {}).items():
                rows = r["insert"]["rows_passages" if label == "passages" else "rows_papers"]
                lines.append(
                    f"| synthetic {label}, {r['papers_measured']:,} papers | {rows:,} "
                    f"| {st['top1_sim_mean']:.3f} | {st['top10_sim_mean']:.3f} |"
                )
        lines.append("")
    for mode in ("persistent", "server"):
        mruns = [r for r in runs if r["mode"] == mode]
        if not mruns:
            continue
        lines += [
            f"## {mode.capitalize()} mode"
            + (" (`chroma run` server, HttpClient)" if mode == "server" else " (PersistentClient, embedded)"),
            "",
        ]
        lines += [
            "Writing and storage:",
            "",
            "| papers | passage rows | paper rows | rows/s | papers/s | write time | CPU s per 1k rows (writer / server) "
            "| writer RSS peak MB | server RSS MB (after insert / after queries) | disk MB | load 1-min (start / end) |",
            "|" + " --- |" * 11,
        ]
        for r in mruns:
            ins, s = r["insert"], r["insert_summary"]
            rows = ins["rows_passages"] + ins["rows_papers"]
            partial = " (partial)" if ins.get("stopped_early") else ""
            cpu_w = ins.get("child_cpu_s")
            cpu_s = ins.get("server_cpu_s")
            lines.append(
                f"| {r['papers_measured']:,}{' papers only' if r['papers_only'] else ''}{partial} "
                f"| {ins['rows_passages']:,} | {ins['rows_papers']:,} | {s['rows_per_s']:,.0f} | {s['papers_per_s']:,.0f} "
                f"| {s['write_s'] / 60:.1f} min "
                f"| {_f(None if cpu_w is None else cpu_w * 1000 / rows, 2)} / "
                f"{_f(None if cpu_s is None else cpu_s * 1000 / rows, 2)} "
                f"| {_mb(ins['peak_rss'])} "
                f"| {_mb(r.get('server_rss_after_insert'))} / {_mb(r.get('server_rss_after_query'))} "
                f"| {_mb(r['disk_after_query']['allocated'])} "
                f"| {r['loadavg_start'][0]} / {r.get('loadavg_end', ['?'])[0]} |"
            )
        lines += [
            "",
            "Search (200 queries, one at a time):",
            "",
            "| papers | passages p50 / p95 ms (n=150) | papers p50 / p95 ms (n=50) | passages R@10 app / n=10 "
            "| papers R@10 app / n=10 | Assistant.search p50 / p95 ms, before the fixes | … with both fixes "
            "| Assistant startup s | query-process RSS MB (Chroma only / + Assistant) | load 1-min at query start |",
            "|" + " --- |" * 10,
        ]
        for r in mruns:
            q = r["query"]
            pas, pap = q.get("passages"), q.get("papers")
            e = q.get("e2e") or {}
            before, fixed = e2e_versions(q)
            partial = " (partial)" if r["insert"].get("stopped_early") else ""
            lines.append(
                f"| {r['papers_measured']:,}{' papers only' if r['papers_only'] else ''}{partial} "
                f"| {_lat(pas)} | {_lat(pap)} | {_rec(pas)} | {_rec(pap)} "
                f"| {_f(before.get('p50_ms'))} / {_f(before.get('p95_ms'))}{before.get('mark', '')} "
                f"| {_f(fixed.get('p50_ms'))} / {_f(fixed.get('p95_ms'))} "
                f"| {_f(e.get('startup_s'))} | {_mb(q['rss_after_chroma'])} / {_mb(e.get('rss_after_search'))} "
                f"| {r.get('loadavg_query_start', ['?'])[0]} |"
            )
        lines.append("")
        if any(r["query"].get("e2e_original") for r in mruns):
            lines += [
                "† measured in an earlier run of this benchmark on an identically generated store (same seed), before "
                "commit cf1dedd (see "
                "`e2e_original` in the results file for its date and load).",
                "",
            ]
        extra = []
        for r in mruns:
            q = r["query"]
            e = q.get("e2e")
            if e and e.get("error"):
                extra.append(f"- {r['papers_measured']:,} papers: Assistant.search not measured: {e['error']}.")
            elif e:

                def stages(x: dict[str, Any], key: str = "parts_p50_ms") -> str:
                    return ", ".join(f"{k} {v:.1f}" for k, v in x[key].items())

                code = e.get("code") or {"count_before_query": True, "passage_vectors_by_where": True}
                label = {
                    (True, True): "code before the fixes",
                    (False, True): "code with cf1dedd (no count()), evidence rows still by metadata filter",
                    (False, False): "code with both fixes",
                }[(code["count_before_query"], code["passage_vectors_by_where"])]
                line = (
                    f"- {r['papers_measured']:,} papers, Assistant.search as imported ({label}): "
                    f"p50 {e['p50_ms']:.1f}, p95 {e['p95_ms']:.1f} ms; stage p50s {stages(e)}, "
                    f"stage p95s {stages(e, 'parts_p95_ms')}"
                )
                if e.get("count_passages_ms") is not None:
                    line += (
                        f"; one `count()` costs {e['count_passages_ms']:.1f} ms (passages) + "
                        f"{e['count_papers_ms']:.1f} ms (papers)"
                    )
                for key, what in (("no_count", "count() patched out"), ("no_count_ids", "both fixes patched in")):
                    if e.get(key):
                        line += (
                            f"; {what}: p50 {e[key]['p50_ms']:.1f}, p95 {e[key]['p95_ms']:.1f} "
                            f"(stage p95s: {stages(e[key], 'parts_p95_ms')})"
                        )
                if e.get("load_papers_s") is not None:
                    line += (
                        f". Startup {e['startup_s']:.1f} s for {e['papers_loaded']:,} papers, of which "
                        f"`load_papers` {e['load_papers_s']:.1f} s (the rest: BM25 and term tables)"
                    )
                extra.append(line + ".")
            if "papers_as_passages" in q:
                x = q["papers_as_passages"]
                extra.append(
                    f"- {r['papers_measured']:,} papers: the {q['counts']['papers']:,}-row papers collection queried "
                    f"like passages (n=150, documents + metadata): p50 {x['p50_ms']:.1f} ms, p95 {x['p95_ms']:.1f} ms, "
                    f"recall@10 {x['recall10_app']['by_id']:.3f} (app's n) / {x['recall10_k10']['by_id']:.3f} (n=10), "
                    f"recall@150 {x['recall_n']['by_id']:.3f}."
                )
            for label in ("passages", "papers"):
                if label in q:
                    x = q[label]
                    cpu = ""
                    if x.get("cpu_p50_ms") is not None:
                        cpu = f"; CPU per query: this process p50 {x['cpu_p50_ms']:.1f} ms"
                        if x.get("server_cpu_mean_ms") is not None:
                            cpu += f", server mean {x['server_cpu_mean_ms']:.1f} ms"
                    k10 = x["recall10_k10"]
                    dist = ""
                    if k10.get("by_dist") is not None:
                        dist = (
                            f"; distance-based recall@10 (n=10, ε={EPS}) {k10['by_dist']:.3f}, worst query "
                            f"{k10['by_dist_min_query']:.1f}"
                        )
                    extra.append(
                        f"- {r['papers_measured']:,} papers, {label}: recall@{x['n_results']} "
                        f"{x['recall_n']['by_id']:.3f}; share of queries with perfect recall@10 (n=10) "
                        f"{k10['share_perfect']:.2f}, worst query {k10['min_query']:.1f} (its exact top-1 and "
                        f"10th similarity differ by {k10.get('worst_exact_top1_minus_topk', float('nan')):.3f}){dist}; "
                        f"first query {x['cold_first_ms']:.0f} ms{cpu}."
                    )
            ins = r["insert"]
            if ins.get("resumed"):
                extra.append(
                    f"- The insert was written in two runs: the first stopped at its time budget after "
                    f"{ins['resumed']['from_papers']:,} papers and the rest was written into the same store "
                    f"(`--resume`, {ins['resumed']['date']}). Write time and rows/s sum both runs; the pause "
                    "between them is not write time."
                )
            if ins.get("stopped_early"):
                extra.append(
                    f"- {r['papers']:,} requested, insert budget reached after {ins['papers_inserted']:,} "
                    "papers; everything in this row is measured at that size."
                )
        lines += [*extra, ""]
    # One row per (max_neighbors, ef_search): the last measurement wins.
    latest = {(t["max_neighbors"], t["ef_search"]): t for t in results.get("tuning", [])}
    tuning = [latest[k] for k in sorted(latest)]
    if tuning:
        size = tuning[0].get("corpus_papers", 100_000)
        lines += [
            f"## HNSW tuning at {size:,} papers (persistent)",
            "",
            'ef_search changed with `collection.modify(configuration={"hnsw": {"ef_search": N}})` on the same '
            "store, measured in a fresh process; max_neighbors (fixed at creation) by rebuilding the store.",
            "",
            "Recall columns: top 10 of the app's query (n=150 passages / n=50 papers) / a plain n_results=10 "
            f"query / the latter distance-based (ε={EPS}). The max_neighbors rebuilds hold the papers collection "
            "only (its HNSW graph is independent of the passages one).",
            "",
            "| max_neighbors | ef_search | passages p50 / p95 ms | passages R@10 app / n=10 / dist | papers p50 / p95 ms "
            "| papers R@10 app / n=10 / dist | papers CPU p50 ms | load |",
            "|" + " --- |" * 8,
        ]

        def rc(x: dict[str, Any] | None) -> str:
            if not x:
                return "–"
            dist = (x.get("recall10_k10_full") or {}).get("by_dist")
            return f"{x['recall10_app']:.3f} / {x['recall10_k10']:.3f} / {_f(dist, 3)}"

        for t in tuning:
            p, q = t.get("passages"), t["papers"]
            lines.append(
                f"| {t['max_neighbors']} | {t['ef_search']} | {_lat(p)} | {rc(p)} | {_lat(q)} | {rc(q)} "
                f"| {_f(q.get('cpu_p50_ms'))} | {t['loadavg'][0]} |"
            )
        builds = [r for r in results["runs"] if r.get("tag")]
        for r in builds:
            lines.append(
                f"\nBuild with max_neighbors {r['hnsw']['max_neighbors']}: "
                f"{r['insert_summary']['rows_per_s']:,.0f} rows/s, "
                f"{r['insert_summary']['write_s'] / 60:.1f} min, disk {_mb(r['disk_after_query']['allocated'])} MB."
            )
        lines.append("")
    lines += [
        "## Plots",
        "",
        *[
            f"![{n}]({n})"
            for n in (
                "scale_insert.png",
                "scale_query.png",
                "scale_search.png",
                "scale_recall.png",
                "scale_rss.png",
                "scale_disk.png",
            )
        ],
        "",
    ]
    out.write_text("\n".join(lines) + "\n")


def e2e_versions(q: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(search before the fixes, search with both fixes) from one run's query record, whatever code it ran."""
    e = q.get("e2e") or {}
    if not e or e.get("error"):
        return {}, {}
    code = e.get("code") or {"count_before_query": True, "passage_vectors_by_where": True}
    if code["count_before_query"]:
        before = e
    elif q.get("e2e_original"):
        before = {**q["e2e_original"], "mark": " †"}
    else:
        before = {}
    if not code["count_before_query"] and not code["passage_vectors_by_where"]:
        fixed = e
    else:
        fixed = e.get("no_count_ids") or {}
    return before, fixed


def _lat(x: dict[str, Any] | None) -> str:
    return "–" if not x else f"{x['p50_ms']:.1f} / {x['p95_ms']:.1f}"


def _rec(x: dict[str, Any] | None) -> str:
    return "–" if not x else f"{x['recall10_app']['by_id']:.3f} / {x['recall10_k10']['by_id']:.3f}"


def _mem_total() -> str:
    import psutil

    return f"{psutil.virtual_memory().total / 2**30:.0f} GB"


def _chroma_version() -> str:
    from importlib.metadata import version

    return version("chromadb")


# ---------------------------------------------------------------------------------------------- main
def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--modes", nargs="*", default=["persistent", "server"], choices=["persistent", "server"])
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR, help="stores, caches and results (temp)")
    parser.add_argument("--results", type=Path, default=None, help="JSON results (default WORKDIR/results.json)")
    parser.add_argument(
        "--papers-only-above",
        type=int,
        default=200_000,
        help="above this size write only the papers collection (1 row per paper)",
    )
    parser.add_argument("--e2e-max", type=int, default=200_000, help="run Assistant.search up to this size")
    parser.add_argument("--budget-min", type=float, default=30, help="stop inserting after this many minutes")
    parser.add_argument("--write", choices=["upsert", "add"], default="upsert")
    parser.add_argument("--keep", action="store_true", help="keep the stores (for --tune)")
    parser.add_argument("--tune", type=int, default=None, help="HNSW sweep on the persistent store of this size")
    parser.add_argument("--tune-ef", type=int, nargs="*", default=[50, 100, 200, 400])
    parser.add_argument("--tune-m", type=int, nargs="*", default=[])
    parser.add_argument(
        "--tune-m-papers-only", action="store_true", help="max_neighbors rebuilds: papers collection only"
    )
    parser.add_argument("--report-only", action="store_true")
    parser.add_argument(
        "--requery", action="store_true", help="re-run the query phase on kept stores (--sizes/--modes)"
    )
    parser.add_argument(
        "--resume", action="store_true", help="finish inserts the budget stopped, on kept stores (--sizes/--modes)"
    )
    parser.add_argument("--doc", type=Path, default=PROJECT_ROOT / "docs" / "scale.md")
    parser.add_argument("--phase", choices=["insert", "query", "modify", "e2e"], help=argparse.SUPPRESS)
    parser.add_argument("--rss-limit-gb", type=float, default=9.0, help="abort Assistant.search runs above this RSS")
    parser.add_argument("--spec", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

    if args.phase:
        spec = json.loads(args.spec.read_text())
        fn = {"insert": phase_insert, "query": phase_query, "modify": phase_modify, "e2e": phase_e2e}[args.phase]
        args.out.write_text(json.dumps(fn(spec)))
        return

    args.workdir.mkdir(parents=True, exist_ok=True)
    args.results = args.results or args.workdir / "results.json"
    results = load_results(args.results)
    results["results_path"] = str(args.results)
    if not args.report_only:
        real = real_data(args.workdir)
        qv = np.asarray(real["query_vecs"], dtype=np.float32)
        _, sims = exact_topk(np.asarray(real["sent_vecs"], dtype=np.float32), qv, 10)
        results["real"] = {
            "papers": int(real["n_papers"]),
            "sentences": len(real["sent_text"]),
            "queries": len(qv),
            "sentences_top1_sim_mean": float(sims[:, 0].mean()),
            "sentences_top10_sim_mean": float(sims[:, 9].mean()),
        }
        if args.requery or args.resume:
            for size in args.sizes:
                for mode in args.modes:
                    (resume if args.resume else requery)(real, mode, size, args, results)
        elif args.tune:
            tune(real, args, results)
        else:
            for size in args.sizes:
                for mode in args.modes:
                    rec = measure(real, mode, size, args)
                    results["runs"] = [
                        r
                        for r in results["runs"]
                        if not (r["mode"] == mode and r["papers"] == size and not r.get("tag"))
                    ]
                    results["runs"].append(rec)
                    save_results(args.results, results)
    save_results(args.results, results)
    plots(results, args.doc.parent)
    report(results, args.doc)
    log(f"wrote {args.doc} and plots; results in {args.results}")


if __name__ == "__main__":
    main()

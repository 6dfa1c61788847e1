"""Start-up at scale with the snapshot (rag/snapshot.py): synthetic arXiv-metadata corpora of 10k-100k papers.

``python -m bench.scale.startup --sizes 10000 100000``

Each corpus is written as JSON lines in the schema of the public arXiv metadata snapshot
(``id``, ``title``, ``abstract``, ``authors_parsed``, ``categories``, ``versions``, ...), parsed by
rag/formats.py like a user's file. Texts and vectors come from the scale bench's synthetic method
(:func:`bench.scale.synth_chunk`: each paper mixes two real papers' sentences and sentence vectors).

* ``ingest`` sizes (default up to 10k) go through ``rag.ingest.run_ingest`` itself, with the embedding
  model replaced by a synthetic embedder (a text's vector mixes two real sentence vectors chosen by the
  text's hash): passages, paper rows, the state token and the snapshot are written by the app's code.
* ``rows`` sizes (above ``--ingest-max``) would take hours through per-paper passage writes on two
  shared cores, so the paper rows are written directly, built by the app's own ``paper_metadata`` from
  the parsed records, with no passages (as the 1M run in docs/scale.md). Start-up reads paper rows only.

Every start-up runs in a fresh process: ``cold`` (no snapshot: rebuild from Chroma, then save),
``warm`` (snapshot current). It reports seconds to a ready ``Assistant``, RSS, and search p50/p95.

Toward 1M (docs/scale.md, fourth session):

* ``--phase stream`` writes a large store without holding the corpus: chunk by chunk, records are appended
  to the JSON-lines file, read back through rag/formats.py and upserted as paper rows; ``--phase commit``
  then writes the snapshot the way the next start would after an interrupted commit.
* ``--measure <store>`` times fresh starts of an existing store embedded, then through ``chroma run --path``
  on the same directory (one store serves both modes).
* ``--phase table`` / ``--phase table_open`` build the snapshot's paper table and BM25 straight from the
  parsed records (no Chroma) and time opening them and the per-search table work: the component of
  start-up that used to grow with the corpus, measurable at 1M even when the Chroma store is not.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.scale import DEFAULT_WORKDIR, loadavg, log, real_data, rss_now, synth_chunk
from bench.scale.data import MIX_HIGH, MIX_LOW, NOISE_SIGMA

CHUNK = 2000


def write_jsonl(real: dict[str, Any], n: int, path: Path) -> None:
    """``n`` synthetic papers as arXiv-snapshot JSON lines."""
    rng = np.random.default_rng(n)
    with open(path, "w", encoding="utf-8") as out:
        for start in range(0, n, CHUNK):
            got = synth_chunk(real, start, min(n, start + CHUNK))
            for pid, doc, meta in zip(got["paper_ids"], got["paper_docs"], got["paper_metas"], strict=True):
                authors = [[f"Author{int(x)}", "A.", ""] for x in rng.integers(0, 50_000, int(meta["authors"]))]
                record = {
                    "id": f"{2000 + int(pid[-4:], 16) % 600}.{int(pid, 16):05d}",
                    "title": meta["title"],
                    "abstract": doc,
                    "authors": ", ".join(f"{a[1]} {a[0]}" for a in authors),
                    "authors_parsed": authors,
                    "categories": rng.choice(["cs.CL", "cs.CV", "cs.LG", "cs.AI cs.LG", "stat.ML"]),
                    "versions": [
                        {
                            "version": "v1",
                            "created": f"Mon, {meta['date'].split()[1].rstrip(',')} "
                            f"{meta['month']} {meta['year']} 10:00:00 GMT",
                        }
                    ],
                    "update_date": f"{meta['year']}-01-01",
                }
                out.write(json.dumps(record) + "\n")


class SyntheticEmbedder:
    """Stands in for the model: a text's vector mixes two real sentence vectors, plus noise, seeded by its hash."""

    model_id = "synthetic"

    def __init__(self, real: dict[str, Any]) -> None:
        self.vectors = np.asarray(real["sent_vecs"], dtype=np.float32)

    def embed(self, texts: list[str], batch_size: int = 16) -> np.ndarray:
        out = np.empty((len(texts), self.vectors.shape[1]), dtype=np.float32)
        for i, text in enumerate(texts):
            h = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
            rng = np.random.default_rng(h)
            a, b = rng.integers(0, len(self.vectors), 2)
            w = rng.uniform(MIX_LOW, MIX_HIGH)
            # bench.scale's recipe: normalise(w·a + (1−w)·b + ε). Without ε, papers sharing a real sentence
            # are near-duplicates, and HNSW over them was 20-100x slower than over real vectors.
            noise = rng.standard_normal(self.vectors.shape[1]).astype(np.float32) * NOISE_SIGMA
            v = w * self.vectors[a] + (1 - w) * self.vectors[b] + noise
            out[i] = v / np.linalg.norm(v)
        return out

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


# ------------------------------------------------------------------------------------- phases (own process)
def phase_ingest(spec: dict[str, Any]) -> dict[str, Any]:
    """The corpus through ``rag ingest``'s code, model swapped for :class:`SyntheticEmbedder`."""
    import rag.index
    from rag.config import get_settings, offline_environment
    from rag.ingest import run_ingest

    offline_environment()
    embedder = SyntheticEmbedder(real_data(Path(spec["workdir"])))
    rag.index.get_embedder = lambda threads=0: embedder  # type: ignore[assignment]
    settings = get_settings(index_dir=Path(spec["index_dir"]))
    t = time.perf_counter()
    outcome = run_ingest(settings, Path(spec["jsonl"]), show_progress=False)
    return {"seconds": time.perf_counter() - t, "papers": outcome.report.papers, "load": loadavg()}


def phase_rows(spec: dict[str, Any]) -> dict[str, Any]:
    """Paper rows only, written directly: parsed by rag/formats.py, metadata by rag/index.py."""
    from rag.config import get_settings, offline_environment
    from rag.formats import parse_path
    from rag.index import CHROMA_MAX_BATCH, PaperIndex
    from rag.rows import paper_metadata
    from rag.snapshot import committing

    offline_environment()
    real = real_data(Path(spec["workdir"]))
    papers = parse_path(Path(spec["jsonl"])).papers
    index = PaperIndex(get_settings(index_dir=Path(spec["index_dir"])), embedder=SyntheticEmbedder(real))  # type: ignore[arg-type]
    t = time.perf_counter()
    with committing(index):  # the app's protocol: the snapshot is written after the rows
        for start in range(0, len(papers), CHROMA_MAX_BATCH):
            batch = papers[start : start + CHROMA_MAX_BATCH]
            vectors = index.embedder.embed([p.abstract for p in batch])
            index.papers.upsert(
                ids=[p.paper_id for p in batch],
                embeddings=vectors,
                documents=[p.abstract for p in batch],
                metadatas=[paper_metadata(p, 0) for p in batch],
            )
    return {"seconds": time.perf_counter() - t, "papers": index.count(), "load": loadavg()}


def phase_stream(spec: dict[str, Any]) -> dict[str, Any]:
    """The 1M store in one pass, without holding the corpus: per chunk, synthetic records are written as arXiv
    JSON lines, read back through rag/formats.py, and upserted as paper rows (``paper_metadata``).

    The state token is set to ``writing:`` first, as ``committing()`` does, but the snapshot is not written at
    the end: ``phase_commit`` writes it in a fresh process, with the code being measured (the store takes
    about an hour to write, and the snapshot code changed meanwhile). Vectors: ``synth_chunk``'s paper
    vectors (normalised mean of four mixed real sentence vectors, plus noise), the scale bench's method.
    """
    from rag.config import get_settings, offline_environment
    from rag.corpus import Source
    from rag.formats import read_jsonl
    from rag.index import CHROMA_MAX_BATCH, PaperIndex
    from rag.rows import paper_metadata
    from rag.snapshot import WRITING, _set_token

    offline_environment()
    workdir, n = Path(spec["workdir"]), int(spec["papers"])
    real = real_data(workdir)
    jsonl = Path(spec["jsonl"])
    index = PaperIndex(get_settings(index_dir=Path(spec["index_dir"])))
    _set_token(index, f"{WRITING}bench")
    progress = Path(spec["index_dir"]).with_suffix(".progress.jsonl")
    rng = np.random.default_rng(n)
    t0, line = time.perf_counter(), 0
    start = int(spec.get("resume_from", 0))
    with open(jsonl, "a" if start else "w", encoding="utf-8") as out:
        for lo in range(start, n, CHROMA_MAX_BATCH):
            got = synth_chunk(real, lo, min(n, lo + CHROMA_MAX_BATCH))
            lines = [json.dumps(_record(rng, pid, doc, meta)) for pid, doc, meta in _rows(got)]
            out.write("\n".join(lines) + "\n")
            papers, _ = read_jsonl("\n".join(lines), jsonl.name)
            # Two synthetic papers can draw the same text, hence the same content-hash id; keep the first,
            # as ingest keeps one paper per id (a chunk's upsert must not repeat an id).
            seen: set[str] = set()
            papers = [p for p in papers if not (p.paper_id in seen or seen.add(p.paper_id))]
            for paper in papers:  # read_jsonl numbers lines within the chunk; the file's line is what a user sees
                paper.sources = [Source(src.file, src.line + lo) for src in paper.sources]
            vectors = {pid: vec for pid, vec in zip(got["paper_ids"], got["papers"], strict=True)}
            by_abstract = {doc: vectors[pid] for pid, doc in zip(got["paper_ids"], got["paper_docs"], strict=True)}
            index.papers.upsert(
                ids=[p.paper_id for p in papers],
                embeddings=np.stack([by_abstract[p.abstract] for p in papers]),
                documents=[p.abstract for p in papers],
                metadatas=[paper_metadata(p, 0) for p in papers],
            )
            line += len(lines)
            with open(progress, "a") as log_file:
                log_file.write(json.dumps({"rows": lo + len(lines), "s": time.perf_counter() - t0, "load": loadavg()}))
                log_file.write("\n")
    return {"seconds": time.perf_counter() - t0, "papers": index.count(), "load": loadavg()}


def _rows(got: dict[str, Any]) -> Any:
    return zip(got["paper_ids"], got["paper_docs"], got["paper_metas"], strict=True)


def _record(rng: np.random.Generator, pid: str, doc: str, meta: dict[str, Any]) -> dict[str, Any]:
    """One synthetic paper in the arXiv metadata snapshot's schema."""
    authors = [[f"Author{int(x)}", "A.", ""] for x in rng.integers(0, 50_000, int(meta["authors"]))]
    return {
        "id": f"{2000 + int(pid[-4:], 16) % 600}.{int(pid, 16):05d}",
        "title": meta["title"],
        "abstract": doc,
        "authors": ", ".join(f"{a[1]} {a[0]}" for a in authors),
        "authors_parsed": authors,
        "categories": str(rng.choice(["cs.CL", "cs.CV", "cs.LG", "cs.AI cs.LG", "stat.ML"])),
        "versions": [
            {
                "version": "v1",
                "created": f"Mon, {meta['date'].split()[1].rstrip(',')} {meta['month']} {meta['year']} 10:00:00 GMT",
            }
        ],
        "update_date": f"{meta['year']}-01-01",
    }


def phase_commit(spec: dict[str, Any]) -> dict[str, Any]:
    """Finish ``phase_stream``'s commit as the next start would: rebuild the snapshot from Chroma, save it."""
    from rag import snapshot
    from rag.config import get_settings, offline_environment
    from rag.index import PaperIndex

    offline_environment()
    index = PaperIndex(get_settings(index_dir=Path(spec["index_dir"])))
    t = time.perf_counter()
    built = snapshot.build(index)
    seconds_build = time.perf_counter() - t
    snapshot.save(index, *built)
    return {
        "build_s": seconds_build,
        "seconds": time.perf_counter() - t,
        "rss_mb": rss_now() / 2**20,
        "papers": index.count(),
        "load": loadavg(),
    }


def _parsed_rows(real: dict[str, Any], n: int, name: str) -> Any:
    """(paper id, abstract, paper-row metadata) of ``phase_stream``'s papers, as Chroma would return them."""
    from rag.formats import read_jsonl
    from rag.index import CHROMA_MAX_BATCH
    from rag.rows import paper_metadata

    rng = np.random.default_rng(n)
    for lo in range(0, n, CHROMA_MAX_BATCH):
        got = synth_chunk(real, lo, min(n, lo + CHROMA_MAX_BATCH))
        lines = [json.dumps(_record(rng, pid, doc, meta)) for pid, doc, meta in _rows(got)]
        for paper in read_jsonl("\n".join(lines), name)[0]:
            yield paper.paper_id, paper.abstract, paper_metadata(paper, 0)


def phase_table(spec: dict[str, Any]) -> dict[str, Any]:
    """The snapshot's paper table and BM25 for ``papers`` synthetic papers, built from the parsed records
    without Chroma (a component measurement: the Chroma store of that size could not be written in time)."""
    from rag.lexical import LexicalIndex
    from rag.papers import PaperTable
    from rag.text import STOP_WORDS, stemmer

    real = real_data(Path(spec["workdir"]))
    out = Path(spec["table_dir"])
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    t = time.perf_counter()
    table = PaperTable.build(_parsed_rows(real, int(spec["papers"]), f"arxiv-{spec['papers']}.jsonl"))
    t_table = time.perf_counter() - t
    lexical = LexicalIndex(table.ids, table.texts(), stemmer(), STOP_WORDS, 50)
    t_bm25 = time.perf_counter() - t - t_table
    table.save(out)
    lexical.save(out)
    return {
        "papers": len(table),
        "table_s": t_table,
        "bm25_s": t_bm25,
        "rss_mb": rss_now() / 2**20,
        "disk_mb": sum(f.stat().st_size for f in out.iterdir()) / 2**20,
        "load": loadavg(),
    }


def mapped_rss_mb(under: Path) -> dict[str, float]:
    """RSS of this process's memory-mapped files below ``under``, per file (``/proc/self/smaps``), largest first.

    File pages a search touched through a map count in RSS until the process unmaps them; this names the
    files they belong to. Empty where there is no ``/proc``.
    """
    smaps = Path("/proc/self/smaps")
    if not smaps.exists():
        return {}
    found: dict[str, float] = {}
    name, prefix = None, str(under)
    for line in smaps.read_text().splitlines():
        head = line.split(maxsplit=5)
        if len(head) >= 5 and "-" in head[0] and not head[0].endswith(":"):
            name = head[5] if len(head) == 6 and head[5].startswith(prefix) else None
        elif name is not None and line.startswith("Rss:"):
            found[Path(name).name] = found.get(Path(name).name, 0.0) + int(line.split()[1]) / 1024
    return dict(sorted(((k, round(v, 1)) for k, v in found.items() if v >= 0.05), key=lambda kv: -kv[1]))


def rss_kinds_mb() -> dict[str, float]:
    """This process's RSS split as the kernel counts it (``/proc/self/status``): anonymous, file pages, shmem."""
    status = Path("/proc/self/status")
    if not status.exists():
        return {}
    fields = dict(line.split(":", 1) for line in status.read_text().splitlines() if line.startswith("Rss"))
    return {k: round(int(v.split()[0]) / 1024, 1) for k, v in fields.items()}


def phase_table_open(spec: dict[str, Any]) -> dict[str, Any]:
    """A fresh process opening ``phase_table``'s files as a snapshot start does, then the per-search table work."""
    t0 = time.perf_counter()
    import rag.retrieve  # noqa: F401 - the imports a start pays anyway
    from rag.lexical import LexicalIndex
    from rag.papers import PaperTable
    from rag.query import QueryFilters
    from rag.text import STOP_WORDS, query_terms, stemmer

    t_import = time.perf_counter() - t0
    rss0 = rss_now()
    directory = Path(spec["table_dir"])
    t = time.perf_counter()
    table = PaperTable.load(directory)
    assert table is not None
    lexical = LexicalIndex.load(directory, table.ids, stemmer(), STOP_WORDS, 50)
    t_open = time.perf_counter() - t
    rss_open = rss_now()
    questions = real_data(Path(spec["workdir"]))["query_texts"][: spec.get("queries", 50)]
    times: dict[str, list[float]] = {
        "bm25": [],
        "coverage": [],
        "select": [],
        "hits": [],
        "find_titles": [],
        "filtered": [],
    }
    year = QueryFilters(year_min=2021, year_max=2021)
    for q in questions:
        t = time.perf_counter()
        scores = lexical.bm25_scores(q)
        times["bm25"].append(time.perf_counter() - t)
        t = time.perf_counter()
        terms = query_terms(q)  # what Retriever.coverage weighs for the five best BM25 papers
        for pid in list(scores)[:5]:
            sum(lexical.idf(term) for term in terms if lexical.contains(pid, term))
        times["coverage"].append(time.perf_counter() - t)
        t = time.perf_counter()
        ids = table.select(QueryFilters(), list(scores)[:150])
        times["select"].append(time.perf_counter() - t)
        t = time.perf_counter()
        _ = [table[pid].metadata for pid in ids[:10]]
        times["hits"].append(time.perf_counter() - t)
        t = time.perf_counter()
        table.find_titles(q)
        times["find_titles"].append(time.perf_counter() - t)
        t = time.perf_counter()
        table.judge(year)
        table.select(year, list(scores))
        table.newest(year, 10, 0)
        times["filtered"].append(time.perf_counter() - t)
        table._masks.clear()  # measure the filter's cost, not the cache
    author = table.author_papers(str(table[table.ids[0]].metadata["author_names"]).split("; ")[0])
    return {
        "papers": len(table),
        "imports_s": t_import,
        "open_s": t_open,
        "rss_before_open_mb": rss0 / 2**20,
        "rss_open_mb": rss_open / 2**20,
        "rss_after_mb": rss_now() / 2**20,
        "mapped_rss_mb": mapped_rss_mb(directory),
        "p50_ms": {k: 1000 * statistics.median(v) for k, v in times.items()},
        "p95_ms": {k: 1000 * sorted(v)[int(0.95 * (len(v) - 1))] for k, v in times.items()},
        "author_papers": len(author),
        "load": loadavg(),
    }


def phase_start(spec: dict[str, Any]) -> dict[str, Any]:
    """A fresh process opening the store as the app does, then searching."""
    import psutil

    if spec.get("cache"):  # server mode's per-machine snapshot cache (rag/snapshot.py)
        os.environ["XDG_CACHE_HOME"] = spec["cache"]
    server = {"chroma_host": "127.0.0.1", "chroma_port": spec["port"]} if spec.get("port") else {}
    t0 = time.perf_counter()
    from rag.assistant import Assistant

    assistant = Assistant(index_dir=Path(spec["index_dir"]), generator="offline", **server)
    ready = time.perf_counter() - t0
    rss_ready = rss_now()
    real = real_data(Path(spec["workdir"]))
    t = time.perf_counter()
    assistant.search("which papers distill CLIP?", k=10)  # loads the model: start-up to the first answer
    first = time.perf_counter() - t
    times, cpu = [], []
    stages: dict[str, list[float]] = {"embed": [], "bm25": [], "chroma": [], "fusion": []}
    for q in real["query_texts"][: spec.get("queries", 50)]:
        t, c = time.perf_counter(), time.process_time()
        timings = assistant.search_detailed(q, k=10).timings
        times.append((time.perf_counter() - t) * 1000)
        # CPU time hardly depends on the other load on the machine, unlike wall time (server mode: the
        # server's share is not in it).
        cpu.append((time.process_time() - c) * 1000)
        for name in stages:
            stages[name].append(getattr(timings, f"{name}_ms"))
    times.sort()
    snapshot_dir = Path(spec["cache"]) if spec.get("cache") else Path(spec["index_dir"])
    return {
        "ready_s": ready,
        "first_answer_s": ready + first,
        # From the process's creation: the interpreter and the bench's own imports (numpy) included.
        "first_answer_since_exec_s": t0 - t_exec_offset(psutil) + ready + first,
        "rss_ready_mb": rss_ready / 2**20,
        "rss_mb": rss_now() / 2**20,
        "rss_kinds_mb": rss_kinds_mb(),
        # File pages still mapped after the searches, by file (the store's and the snapshot's), largest 8.
        "mapped_rss_mb": dict(list(mapped_rss_mb(snapshot_dir).items())[:8]),
        "search_p50_ms": statistics.median(times),
        "search_p95_ms": times[int(0.95 * (len(times) - 1))],
        "search_cpu_p50_ms": statistics.median(cpu),
        "stage_p50_ms": {name: statistics.median(v) for name, v in stages.items()},
        "papers": assistant.paper_count,
        "load": loadavg(),
    }


def t_exec_offset(psutil: Any) -> float:
    """``time.perf_counter()``'s value when this process was created."""
    return time.perf_counter() - (time.time() - psutil.Process().create_time())


def measure_store(index_dir: Path, args: argparse.Namespace) -> dict[str, Any]:
    """Start-up of an existing store in both modes: the commit (snapshot from Chroma) if it is pending, two
    fresh embedded starts, then ``chroma run --path`` on the same directory and two fresh server-mode starts
    (the snapshot hard-linked into the server-mode cache under the same token: see docs/scale.md)."""
    from bench.scale.phases import Server

    workdir = Path(args.workdir)
    spec = {"workdir": str(workdir), "index_dir": str(index_dir), "queries": args.queries}
    rec: dict[str, Any] = {"index_dir": str(index_dir), "date": dt.datetime.now().isoformat(timespec="minutes")}
    if not (index_dir / ".rag-snapshot").is_dir() or not any((index_dir / ".rag-snapshot").iterdir()):
        log("commit: snapshot from Chroma")
        rec["commit"] = run_phase("commit", spec)
        log(json.dumps(rec["commit"]))
    for i in (1, 2):
        rec[f"embedded_{i}"] = run_phase("start", spec)
        log(f"embedded start {i}: {json.dumps(rec[f'embedded_{i}'])}")
    snapshots = index_dir / ".rag-snapshot"
    token = next(p.name for p in snapshots.iterdir() if not p.name.startswith("."))
    rec["snapshot_mb"] = sum(f.stat().st_size for f in (snapshots / token).rglob("*") if f.is_file()) / 2**20
    rec["store_mb"] = sum(f.stat().st_size for f in index_dir.rglob("*") if f.is_file()) / 2**20 - rec["snapshot_mb"]
    server = Server(index_dir, workdir / "server.log")
    try:
        cache = workdir / "server-cache"
        target = cache / "rag-papers" / "snapshots" / f"127.0.0.1-{server.port}-papers" / token
        shutil.rmtree(cache, ignore_errors=True)
        shutil.copytree(snapshots / token, target, copy_function=os.link)
        rec["server_rss_start_mb"] = server.rss() / 2**20
        for i in (1, 2):
            rec[f"server_{i}"] = run_phase("start", {**spec, "port": server.port, "cache": str(cache)})
            rec[f"server_{i}"]["server_rss_mb"] = server.rss() / 2**20
            log(f"server start {i}: {json.dumps(rec[f'server_{i}'])}")
    finally:
        server.stop()
    return rec


def phase_embed_rate(spec: dict[str, Any]) -> dict[str, Any]:
    """Sentences per second of the real model as ingest calls it (batches of 16), at 1 thread and at every core."""
    from rag.config import get_settings
    from rag.embedding import Embedder, usable_cores

    texts = real_data(Path(spec["workdir"]))["sent_text"][: spec.get("sentences", 800)]
    batch = get_settings().embed_batch_size
    out: dict[str, Any] = {"sentences": len(texts), "batch_size": batch, "cores": usable_cores()}
    for threads in sorted({1, usable_cores()}):
        embedder = Embedder(threads=threads)
        embedder.embed(texts[:32], batch_size=batch)  # warm-up: first runs allocate
        t, cpu = time.perf_counter(), time.process_time()
        embedder.embed(texts, batch_size=batch)
        wall = time.perf_counter() - t
        out[f"threads_{threads}"] = {
            "per_s": len(texts) / wall,
            "cpu_s_per_1k": (time.process_time() - cpu) * 1000 / len(texts),
            "load": loadavg(),
        }
    return out


PHASES = {
    "ingest": phase_ingest,
    "rows": phase_rows,
    "stream": phase_stream,
    "commit": phase_commit,
    "table": phase_table,
    "table_open": phase_table_open,
    "start": phase_start,
    "embed_rate": phase_embed_rate,
}


def run_phase(phase: str, spec: dict[str, Any]) -> dict[str, Any]:
    out = Path(spec["workdir"]) / f"phase-{os.getpid()}.json"
    cmd = [
        sys.executable,
        "-m",
        "bench.scale.startup",
        "--phase",
        phase,
        "--spec",
        json.dumps({**spec, "_out": str(out)}),
    ]
    subprocess.run(cmd, check=True)
    return json.loads(out.read_text())


def bench_size(n: int, args: argparse.Namespace) -> dict[str, Any]:
    workdir = Path(args.workdir)
    real = real_data(workdir)
    jsonl = workdir / f"arxiv-{n}.jsonl"
    if not jsonl.exists():
        log(f"writing {n} arXiv-schema records to {jsonl}")
        write_jsonl(real, n, jsonl)
    index_dir = workdir / f"index-{n}"
    shutil.rmtree(index_dir, ignore_errors=True)
    spec = {"workdir": str(workdir), "jsonl": str(jsonl), "index_dir": str(index_dir)}
    how = "ingest" if n <= args.ingest_max else "rows"
    log(f"{n}: writing the store ({how})")
    rec: dict[str, Any] = {"papers": n, "path": how, "write": run_phase(how, spec)}
    log(f"{n}: written in {rec['write']['seconds']:.0f} s; warm start (snapshot written by the commit)")
    rec["warm"] = run_phase("start", spec)
    shutil.rmtree(index_dir / ".rag-snapshot")
    log(f"{n}: cold start (snapshot removed: rebuild from Chroma, then save)")
    rec["cold"] = run_phase("start", spec)
    log(f"{n}: warm start again")
    rec["warm2"] = run_phase("start", spec)
    rec["snapshot_mb"] = sum(f.stat().st_size for f in (index_dir / ".rag-snapshot").rglob("*") if f.is_file()) / 2**20
    rec["date"] = dt.datetime.now().isoformat(timespec="minutes")
    log(json.dumps(rec))
    return rec


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--ingest-max", type=int, default=10_000, help="largest size sent through run_ingest")
    parser.add_argument("--workdir", default=str(DEFAULT_WORKDIR))
    parser.add_argument("--results", default=str(DEFAULT_WORKDIR / "startup.json"))
    parser.add_argument("--embed-rate", type=int, default=0, help="only measure the model rate (sentences)")
    parser.add_argument("--measure", help="measure start-up of this existing store in both modes")
    parser.add_argument("--queries", type=int, default=50, help="real questions searched per start")
    parser.add_argument("--phase", choices=sorted(PHASES))
    parser.add_argument("--spec")
    args = parser.parse_args()
    if args.phase:
        spec = json.loads(args.spec)
        Path(spec["_out"]).write_text(json.dumps(PHASES[args.phase](spec)))
        return
    if args.measure:
        rec = measure_store(Path(args.measure), args)
        results_path = Path(args.results)
        results = json.loads(results_path.read_text()) if results_path.exists() else []
        results_path.write_text(json.dumps([*results, rec], indent=1))
        return
    if args.embed_rate:
        spec = {"workdir": args.workdir, "sentences": args.embed_rate}
        print(json.dumps(run_phase("embed_rate", spec)))
        return
    results_path = Path(args.results)
    results = json.loads(results_path.read_text()) if results_path.exists() else []
    for n in args.sizes:
        results.append(bench_size(n, args))
        results_path.parent.mkdir(parents=True, exist_ok=True)
        results_path.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()

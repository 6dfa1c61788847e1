"""Scale bench, phases: each runs in its own process (insert, query, modify, end-to-end search) and returns a dict."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.common import ServerDidNotStart, free_port, percentile, wait_for_http
from bench.scale.data import (
    APP_CONFIG,
    PAPER_N,
    PASSAGE_N,
    ROWS_PER_PAPER,
    VENV_BIN,
    loadavg,
    log,
    paper_id,
    real_data,
    rss_now,
    synth_chunk,
    tree_rss,
)
from rag.config import PROJECT_ROOT


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
def _insert_collections(client: Any, spec: dict[str, Any], start: int) -> tuple[Any, Any]:
    """The passages and papers collections: created with the app's HNSW config, or reopened to resume."""
    name, cfg = spec["collection"], hnsw_config(spec)
    if start:  # resuming an insert the budget stopped: the collections exist, counters carry on
        return tuple(client.get_collection(f"{name}_{k}", embedding_function=None) for k in ("passages", "papers"))
    return tuple(
        client.create_collection(f"{name}_{k}", configuration=cfg, embedding_function=None)
        for k in ("passages", "papers")
    )


def _write_rows(write: Any, got: dict[str, Any], kind: str, vectors: str, batch_rows: int) -> int:
    """One chunk's ``kind`` rows ("passage" or "paper") in batches of ``batch_rows``; returns the rows written."""
    ids, vecs = got[f"{kind}_ids"], got[vectors]
    for b in range(0, len(ids), batch_rows):
        write(
            ids=ids[b : b + batch_rows],
            embeddings=vecs[b : b + batch_rows],
            documents=got[f"{kind}_docs"][b : b + batch_rows],
            metadatas=got[f"{kind}_metas"][b : b + batch_rows],
        )
    return len(ids)


def _first_queries(real: dict[str, Any], passages: Any, papers: Any) -> tuple[float, float]:
    """Seconds of the first query on each collection: any indexing Chroma deferred shows up there."""
    probe = np.asarray(real["query_vecs"][0]).tolist()
    took = []
    for collection in (passages, papers):
        t0 = time.perf_counter()
        if collection is not None:
            collection.query(query_embeddings=[probe], n_results=10, include=[])
        took.append(time.perf_counter() - t0)
    return took[0], took[1]


def phase_insert(spec: dict[str, Any]) -> dict[str, Any]:
    """Create the two collections with the app's HNSW config and write the synthetic rows."""
    real = real_data(Path(spec["workdir"]))
    client = chroma_client(spec)
    start = int(spec.get("start", 0))
    passages, papers = _insert_collections(client, spec, start)
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
            rows_pas += _write_rows(getattr(passages, write), got, "passage", "passages", batch_rows)
        t2 = time.perf_counter()
        _write_rows(getattr(papers, write), got, "paper", "papers", batch_rows)
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
    t_first_pas, t_first_pap = _first_queries(real, passages if rows_pas else None, papers)
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

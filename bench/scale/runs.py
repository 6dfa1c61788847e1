"""Scale bench, runs: recall against exact search, and the driver steps that chain phases.

:func:`measure`, :func:`resume`, :func:`requery` and :func:`tune` each run phases in child processes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import shutil
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.scale.data import PASSAGE_N, ROWS_PER_PAPER, dir_size, exact_topk, loadavg, log, paper_id, synth_vectors
from bench.scale.phases import Server, _server_cpu, hnsw_config, passage_row_id, run_phase

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

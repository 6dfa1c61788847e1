"""Measure ingest, embedding, search and ask on this machine, each against a floor measured in the same run.

Floors: the raw ONNX model on the same texts (embedding), exact numpy brute-force
kNN over the same stored vectors plus query embedding (search).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from bench.common import ServerDidNotStart, free_port, percentile, wait_for_http
from rag.config import PROJECT_ROOT, get_settings, offline_environment


def fmt(values: list[float]) -> str:
    return f"p50 {percentile(values, 50):.1f} ms, p95 {percentile(values, 95):.1f} ms"


def questions(papers: list) -> list[str]:
    """200+ questions from the corpus itself: titles, reworded title openings and abstract sentences."""
    from rag.text import split_sentences

    out = []
    for p in papers:
        if p.title:
            out.append(f"which papers are about {p.title.split(':')[-1].strip().lower()}?")
        sentences = split_sentences(p.abstract)
        if len(sentences) > 2:
            out.append(sentences[2][:200])
    return out[:400]


def plot_search(parts: dict[str, list[float]], totals: list[float], floor: list[float], out: Path) -> None:
    """Bar chart of search time by stage (p50 and p95) beside the brute-force floor."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = [*parts, "total", "floor"]
    series = [*parts.values(), totals, floor]
    p50 = [statistics.median(v) for v in series]
    p95 = [percentile(v, 95) for v in series]
    fig, ax = plt.subplots(figsize=(7, 3.5))
    x = np.arange(len(names))
    ax.bar(x - 0.2, p50, 0.4, label="p50")
    ax.bar(x + 0.2, p95, 0.4, label="p95")
    ax.set_xticks(x, names)
    ax.set_ylabel("ms")
    ax.set_title("Assistant.search by stage vs exact numpy kNN floor (real corpus)")
    ax.legend()
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    plt.close(fig)


# The floor scores with ``np.einsum`` (one thread, 0.8 ms for 3,768 x 384), not ``matrix @ v``: numpy's OpenBLAS
# runs that product on every core and its threads spin afterwards, as onnxruntime's do after the query
# embedding. On 2 cores the two pools fight: embedding + ``@`` took 23.3 ms p50 where the embedding alone
# took 8.9 and einsum alone 0.8 (same process, 2026-11-30), and the spinning slowed whatever ran next, search
# included. The floor before this (16.0 ms against 8.1 ms of embedding in search) was mostly that fight.
def search_vs_floor(
    assistant: Any, qs: list[str]
) -> tuple[list[float], dict[str, list[float]], list[float], list[str]]:
    """``Assistant.search`` per question against the floor (query embedding + exact numpy kNN over every
    stored passage vector), and the report's lines.

    Search and floor run one after the other per question, in alternating order, so both see the same
    load; both use the embedder search itself uses, its query cache cleared before each call.
    """
    for q in qs[:20]:
        assistant.search(q)
    embedder = assistant.index.embedder
    got = assistant.index.passages.get(include=["embeddings"])
    matrix = np.asarray(got["embeddings"], dtype=np.float32)
    totals: list[float] = []
    floor: list[float] = []
    parts: dict[str, list[float]] = {"embed": [], "bm25": [], "chroma": [], "fusion": []}

    def timed_search(q: str) -> None:
        embedder.clear_cache()
        t = time.perf_counter()
        res = assistant.search_detailed(q, k=10)
        totals.append((time.perf_counter() - t) * 1000)
        for name in parts:
            parts[name].append(getattr(res.timings, f"{name}_ms"))

    def timed_floor(q: str) -> None:
        embedder.clear_cache()
        t = time.perf_counter()
        v = embedder.embed_query(q)
        scores = np.einsum("ij,j->i", matrix, v)  # not `matrix @ v`: see above
        top = np.argpartition(-scores, 100)[:100]
        top[np.argsort(-scores[top])]
        floor.append((time.perf_counter() - t) * 1000)

    load_start = os.getloadavg()[0]
    for i, q in enumerate(qs):
        for measure in (timed_search, timed_floor) if i % 2 == 0 else (timed_floor, timed_search):
            measure(q)
    lines = [f"\n## Search ({len(qs)} questions, k=10, query cache cleared each time)"]
    lines.append(f"- Assistant.search: {fmt(totals)}")
    lines += [f"  - {name}: {fmt(values)}" for name, values in parts.items()]
    lines.append(f"- floor (query embedding + exact numpy kNN over {len(matrix):,} passage vectors): {fmt(floor)}")
    lines.append(f"- ratio p50 search / floor: {statistics.median(totals) / statistics.median(floor):.2f}")
    lines.append(
        f"- search and floor alternate per question; 1-minute load average {load_start:.2f} before, "
        f"{os.getloadavg()[0]:.2f} after"
    )
    return totals, parts, floor, lines


#: One code tree's side of ``--search-only DIR --tree NAME=TREE[@INDEX]``: its own ``rag`` (``PYTHONPATH``) on its
#: own index (an older release cannot read a newer index), nothing of ``bench`` (an older tree's bench lacks
#: this), answering "search"/"floor" lines with milliseconds. Releases before the embedder had ``clear_cache``
#: keep the query cache in ``_cache``.
_SEARCH_WORKER = r"""
import json, sys, time
from pathlib import Path
import numpy as np
from rag.assistant import Assistant
from rag.config import get_settings
assistant = Assistant(get_settings(index_dir=Path(sys.argv[1])))
embedder = assistant.index.embedder
clear_cache = getattr(embedder, "clear_cache", None) or embedder._cache.clear
matrix = np.asarray(assistant.index.passages.get(include=["embeddings"])["embeddings"], dtype=np.float32)
out, sys.stdout = sys.stdout, sys.stderr
for line in sys.stdin:
    what, q = json.loads(line)
    clear_cache()
    t = time.perf_counter()
    if what == "floor":
        scores = np.einsum("ij,j->i", matrix, embedder.embed_query(q))
        top = np.argpartition(-scores, 100)[:100]
        top[np.argsort(-scores[top])]
        row = [(time.perf_counter() - t) * 1000]
    else:
        timings = assistant.search_detailed(q, k=10).timings
        total = (time.perf_counter() - t) * 1000
        row = [total, timings.embed_ms, timings.bm25_ms, timings.chroma_ms, timings.fusion_ms]
    out.write(json.dumps(row) + "\n")
    out.flush()
"""


def search_trees(index_dir: Path, trees: dict[str, str], qs: list[str]) -> list[str]:
    """Search and floor of several code trees, one process per tree, taking the questions in turn (the first
    of them alternating per question, never two at once) so that all see the same load.

    A tree is ``DIR`` (searching ``index_dir``) or ``DIR@INDEX`` (its own index, built by that tree's ingest).
    """
    import json

    env = {**os.environ, "HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}
    procs = {
        name: subprocess.Popen(
            [sys.executable, "-c", _SEARCH_WORKER, str(Path(tree.partition("@")[2] or index_dir).resolve())],
            cwd=tempfile.gettempdir(),
            env={
                **env,
                "PYTHONPATH": os.pathsep.join(
                    filter(None, [str(Path(tree.partition("@")[0]).resolve()), env.get("PYTHONPATH")])
                ),
            },
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for name, tree in trees.items()
    }

    def ask(name: str, what: str, q: str) -> list[float]:
        # A pause first: the previous call's threads (onnxruntime's spin, in this or the other process) are
        # done, so each call starts on the same footing whichever call came before it.
        time.sleep(0.02)
        proc = procs[name]
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(json.dumps([what, q]) + "\n")
        proc.stdin.flush()
        line = proc.stdout.readline()
        if not line:
            raise RuntimeError(f"the {name} worker exited (code {proc.wait()})")
        return list(json.loads(line))

    try:
        for q in qs[:20]:
            for name in procs:
                ask(name, "search", q)
        searches: dict[str, list[list[float]]] = {name: [] for name in procs}
        floors: dict[str, list[float]] = {name: [] for name in procs}
        load_start = os.getloadavg()[0]
        for i, q in enumerate(qs):
            for name in list(procs) if i % 2 == 0 else list(reversed(procs)):
                for what in ("search", "floor") if i % 4 < 2 else ("floor", "search"):
                    if what == "search":
                        searches[name].append(ask(name, "search", q))
                    else:
                        floors[name].append(ask(name, "floor", q)[0])
        load_end = os.getloadavg()[0]
    finally:
        for proc in procs.values():
            if proc.stdin:
                proc.stdin.close()
            proc.wait(timeout=60)
    lines = [
        f"\n## Search by code tree ({len(qs)} questions, k=10, query cache cleared each time; "
        f"1-minute load average {load_start:.2f} before, {load_end:.2f} after)",
        "",
        "| tree | search p50 / p95 ms | embed / bm25 / chroma / fusion p50 ms | floor p50 ms | ratio p50 |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, rows in searches.items():
        total, *stages = (list(col) for col in zip(*rows, strict=True))
        ratio = statistics.median(total) / statistics.median(floors[name])
        lines.append(
            f"| {name} | {percentile(total, 50):.1f} / {percentile(total, 95):.1f} | "
            + " / ".join(f"{percentile(col, 50):.1f}" for col in stages)
            + f" | {percentile(floors[name], 50):.1f} | {ratio:.2f} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--out", type=Path, default=PROJECT_ROOT / "docs" / "benchmarks.md")
    parser.add_argument(
        "--search-only",
        type=Path,
        metavar="INDEX_DIR",
        help="only search against its floor, on an existing index, printed (nothing written)",
    )
    parser.add_argument(
        "--tree",
        action="append",
        default=[],
        metavar="NAME=DIR[@INDEX]",
        help="with --search-only: time this copy of the code (its rag/; on INDEX if given, else INDEX_DIR), "
        "alternating with every other --tree",
    )
    args = parser.parse_args()
    offline_environment()
    if args.search_only:
        from rag.assistant import Assistant
        from rag.corpus import parse_corpus

        qs = questions(parse_corpus(PROJECT_ROOT / "data" / "corpus").papers)  # the whole bench's questions
        if args.tree:
            trees = dict(t.split("=", 1) for t in args.tree)
            print("\n".join(search_trees(args.search_only, trees, qs)))
            return
        assistant = Assistant(get_settings(index_dir=args.search_only))
        print("\n".join(search_vs_floor(assistant, qs)[3]))
        return
    load_start = os.getloadavg()
    from rag.assistant import Assistant
    from rag.corpus import parse_corpus
    from rag.embedding import get_embedder
    from rag.ingest import run_ingest
    from rag.text import split_sentences

    lines: list[str] = []

    def report(text: str) -> None:
        print(text, flush=True)
        lines.append(text)

    workdir = Path(tempfile.mkdtemp(prefix="rag-bench-"))
    try:
        papers = parse_corpus(PROJECT_ROOT / "data" / "corpus").papers
        t = time.perf_counter()
        embedder = get_embedder()
        load_s = time.perf_counter() - t

        # -- embedding: our wrapper vs the raw model on the same sentences, same batch size
        texts = [s for p in papers[:60] for s in split_sentences(p.abstract)]
        embedder.embed(texts[:16])  # warm-up
        t = time.perf_counter()
        embedder.embed(texts, batch_size=16)
        ours = time.perf_counter() - t
        tok = embedder.tokenizer
        t = time.perf_counter()
        for start in range(0, len(texts), 16):
            enc = tok.encode_batch(texts[start : start + 16])
            ids = np.array([e.ids for e in enc], dtype=np.int64)
            mask = np.array([e.attention_mask for e in enc], dtype=np.int64)
            embedder.session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)})
        raw = time.perf_counter() - t
        abstracts_per_s = 60 / ours
        report("## Embedding")
        report(f"- model load: {load_s:.2f} s")
        report(
            f"- {len(texts)} sentences of 60 abstracts: ours {len(texts) / ours:.0f} sentences/s "
            f"({abstracts_per_s:.1f} abstracts/s), raw ONNX in input order {len(texts) / raw:.0f} sentences/s; "
            f"ratio ours/raw time = {ours / raw:.2f}"
        )

        # -- ingest
        settings = get_settings(index_dir=workdir / "index")
        # One source throughout (a copy of the corpus, edited in place below): ingest is per source.
        corpus = workdir / "corpus"
        shutil.copytree(PROJECT_ROOT / "data" / "corpus", corpus)
        t = time.perf_counter()
        cold = run_ingest(settings, corpus, show_progress=False).report
        cold_s = time.perf_counter() - t
        t = time.perf_counter()
        noop = run_ingest(settings, corpus, show_progress=False).report
        noop_s = time.perf_counter() - t
        page = corpus / "002_bff51b88473206e6.txt"
        page.write_text(page.read_text().replace("Parameter-level model merging", "Parameter-level model-merging", 1))
        t = time.perf_counter()
        one = run_ingest(settings, corpus, show_progress=False).report
        one_s = time.perf_counter() - t
        report("\n## Ingest (396 papers, 3,768 passages)")
        report(f"- cold: {cold_s:.1f} s ({cold.passages_embedded} passages embedded)")
        report(f"- no-op re-ingest: {noop_s:.2f} s ({noop.passages_embedded} embedded)")
        report(f"- one abstract changed: {one_s:.2f} s ({one.updated} updated, {one.passages_embedded} embedded)")

        # -- search vs brute-force floor
        assistant = Assistant(settings)
        qs = questions(papers)
        totals, parts, floor, search_lines = search_vs_floor(assistant, qs)
        for line in search_lines:
            report(line)

        # -- ask, offline drafter
        asks = []
        for q in qs[:200]:
            t = time.perf_counter()
            assistant.ask(q, generator="offline")
            asks.append((time.perf_counter() - t) * 1000)
        report(f"\n## ask() with the offline drafter ({len(asks)} questions)")
        report(f"- {fmt(asks)}; ratio p50 ask / p50 search = {statistics.median(asks) / statistics.median(totals):.2f}")
        drafting = [
            a.timings.get("evidence_ms", 0) + a.timings.get("draft_ms", 0) + a.timings.get("support_ms", 0)
            for a in (assistant.ask(q, generator="offline") for q in qs[:100])
        ]
        report(f"- after retrieval (evidence + drafting + support checks): {fmt(drafting)}")
        first_piece = []
        for q in qs[:100]:
            t = time.perf_counter()
            next(iter(assistant.ask_stream(q, generator="offline")))
            first_piece.append((time.perf_counter() - t) * 1000)
        report(f"- first streamed piece (what the UI shows first): {fmt(first_piece)}")

        # -- LLM path: everything outside the model call, against the local test server answering at once
        from bench.fake_openai import FakeOpenAIServer, cite_first_two_sources

        with FakeOpenAIServer() as server:
            # A reply the answer layer keeps: sentences copied from the sources, cited (an uncited or
            # unsupported one would fall back to the offline drafter and time nothing of this path).
            server.default = cite_first_two_sources
            llm = Assistant(settings.model_copy(update={"llm_base_url": server.base_url, "generator": "llm"}))
            overhead, inside = [], []
            for q in qs[:100]:
                t = time.perf_counter()
                answer = llm.ask(q)
                total = (time.perf_counter() - t) * 1000
                if answer.generator.startswith("llm"):
                    inside.append(answer.timings.get("llm_ms", 0.0))
                    overhead.append(total - answer.timings.get("llm_ms", 0.0))
        report(f"\n## ask() with an LLM ({len(overhead)} answered by the local test server)")
        report(
            f"- overhead outside the LLM call: {fmt(overhead)}; the call itself "
            f"(loopback, instant reply): {fmt(inside)}"
        )

        # -- the app: cold start to first HTTP 200, and its memory
        port = free_port()
        env = {**os.environ, "RAG_INDEX_DIR": str(settings.index_dir)}
        t = time.perf_counter()
        app = subprocess.Popen(
            [sys.executable, str(PROJECT_ROOT / "app.py"), "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            ready: float | None = None
            try:
                wait_for_http(f"http://127.0.0.1:{port}/", timeout=60, proc=app)
                ready = time.perf_counter() - t
            except ServerDidNotStart:
                pass
            import psutil

            app_rss = psutil.Process(app.pid).memory_info().rss / 2**20
        finally:
            app.terminate()
            app.wait(timeout=20)
        report("\n## App")
        report(f"- cold start to first HTTP 200: {ready:.1f} s" if ready else "- app did not start within 60 s")
        report(f"- RSS once ready: {app_rss:.0f} MB")

        # Retrieval quality: ACLSum (when the `bench` extra is installed) and our splits, same run.
        from bench import retrieval

        try:
            aclsum = retrieval.aclsum_retriever(workdir / "aclsum")
        except ImportError:
            aclsum = None
        report("")
        for row in retrieval.report(assistant.retriever, aclsum):
            report(row)
        from bench.lexical import lexical_report

        report("\n## Lexical index build (start-up cost per paper)")
        sentences = [s for p in papers for s in split_sentences(p.abstract)]
        for row in lexical_report(sentences):
            report(row)
        plot_search(parts, totals, floor, PROJECT_ROOT / "docs" / "search_latency.png")
        report("\n![search latency by stage](search_latency.png)")

        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        report(f"\n## Memory\n- peak RSS of this process: {rss:.0f} MB")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    header = [
        "# Benchmarks",
        "",
        f"Run `python -m bench` (writes this file). Date: {dt.date.today().isoformat()}; machine: "
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, {platform.platform()}.",
        "Every figure comes from one run; floors are measured in the same run. Tests never assert timings.",
        f"Load average at start {load_start[0]:.2f}, at end {os.getloadavg()[0]:.2f} (2 cores: above ~0.5 means"
        " other work shared the machine, and timings are pessimistic).",
        "",
    ]
    args.out.write_text("\n".join(header + lines) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()

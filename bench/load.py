"""Load bench: N concurrent simulated users asking the running app, through ``gradio_client``.

``python -m bench.load --users 1 8 32 64 --concurrency 1 2 4``

For each queue concurrency (``RAG_UI_CONCURRENCY``) the bench starts ``app.py`` on a free port over the
index (``--index-dir``, default data/index), waits until the index is loaded, then for each user count N
starts N users at once. Each user is its own ``gradio_client.Client`` and asks ``--per-user`` questions
one after another (the next once the previous answer arrived), drawn from a mixed list: topic, detail,
filtered, comparison, follow-up-style and unanswerable questions, with the offline generator (no LLM).
Per level it records throughput (answers/s over the level's wall time), p50/p95 latency (submit to
answer, queue wait included) and errors (any exception, or an answer without text).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
import threading
import time
import traceback
from pathlib import Path
from typing import Any

from bench.common import free_port, percentile, wait_until

ROOT = Path(__file__).resolve().parent.parent

#: Offline questions of every kind the app sees; users start at different offsets, so the mix overlaps.
QUESTIONS = (
    "Which papers distill CLIP?",
    "What datasets are used for hand-object interaction?",
    "Which papers from 2023 study chain-of-thought reasoning in multimodal models?",
    "How does KAM-CoT combine knowledge graphs with reasoning?",
    "Compare the distillation methods used for vision-language models.",
    "What are the limitations of speech language models like SpeechGPT?",
    "Which papers propose benchmarks for large language model agents?",
    "What is the capital of France?",
    "papers about diffusion models for video generation",
    "Which papers use retrieval-augmented generation for question answering?",
    "What accuracy does CLIP-CID report on ImageNet?",
    "Which papers study neural ligand docking?",
)


#: Seconds gradio_client's HTTP requests may wait for the server (0: the library's default).
CLIENT_TIMEOUT = [0.0]


def start_app(index_dir: Path, concurrency: int, log_path: Path) -> tuple[subprocess.Popen[str], str, float]:
    """``app.py`` on a free port; returns the process, its URL and the seconds until its index was loaded."""
    port = free_port()
    env = {**os.environ, "RAG_UI_CONCURRENCY": str(concurrency), "RAG_INDEX_DIR": str(index_dir)}
    env.pop("OPENAI_API_KEY", None)  # offline answers only: the bench measures the app, not an LLM
    log = open(log_path, "w")  # noqa: SIM115 - the app writes to it until it is stopped
    started = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "app.py", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    wait_until(lambda: "papers at" in log_path.read_text(), timeout=300, proc=proc, what="app index")
    return proc, f"http://127.0.0.1:{port}/", time.monotonic() - started


def user(url: str, start: int, count: int, out: list[dict[str, Any]], barrier: threading.Barrier) -> None:
    """One user: connect, wait for everyone, then ask ``count`` questions in turn."""
    from gradio_client import Client

    # A browser's fetch has no read timeout; gradio_client's httpx default is 5 s, which a busy 2-core server
    # can exceed while accepting a queue join (3 of 192 requests at 64 users). --client-timeout sets it.
    client = Client(url, verbose=False, httpx_kwargs={"timeout": CLIENT_TIMEOUT[0]} if CLIENT_TIMEOUT[0] else None)
    barrier.wait()
    for i in range(count):
        question = QUESTIONS[(start + i) % len(QUESTIONS)]
        t = time.perf_counter()
        try:
            answer = client.predict(question, api_name="/ask")
            error = None if isinstance(answer, str) and answer.strip() else f"empty answer: {answer!r}"
        except Exception as exc:  # every failure counts, whatever its type
            where = traceback.extract_tb(exc.__traceback__)[-1]
            error = f"{type(exc).__name__}: {str(exc)[:200]} (at {Path(where.filename).name}:{where.lineno})"
        out.append({"seconds": time.perf_counter() - t, "error": error, "question": question})


def level(url: str, users: int, per_user: int) -> dict[str, Any]:
    """``users`` simultaneous users; throughput, latency percentiles and errors."""
    results: list[dict[str, Any]] = []
    barrier = threading.Barrier(users + 1)
    threads = [
        threading.Thread(target=user, args=(url, i * 5, per_user, results, barrier), daemon=True) for i in range(users)
    ]
    for thread in threads:
        thread.start()
    barrier.wait()  # clients connected: the clock starts when every user may ask
    t0 = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - t0
    latencies = sorted(r["seconds"] for r in results)
    errors = [r["error"] for r in results if r["error"]]
    return {
        "users": users,
        "requests": len(results),
        "wall_s": round(wall, 2),
        "throughput_per_s": round(len(results) / wall, 3),
        "p50_s": round(percentile(latencies, 50), 2),
        "p95_s": round(percentile(latencies, 95), 2),
        "max_s": round(latencies[-1], 2),
        "errors": len(errors),
        "error_samples": errors[:3],
        "load": [round(x, 2) for x in os.getloadavg()],
    }


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    runs = []
    for concurrency in args.concurrency:
        log_path = Path(args.workdir) / f"app-c{concurrency}.log"
        log_path.parent.mkdir(parents=True, exist_ok=True)
        proc, url, loaded = start_app(Path(args.index_dir), concurrency, log_path)
        ready = re.search(r"Ready in ([\d.]+) s", log_path.read_text())
        record: dict[str, Any] = {
            "concurrency": concurrency,
            "app_ready_s": float(ready.group(1)) if ready else None,
            "index_loaded_s": round(loaded, 2),
            "levels": [],
            "date": dt.datetime.now().isoformat(timespec="minutes"),
            "client_timeout_s": CLIENT_TIMEOUT[0] or "gradio_client default",
        }
        try:
            # One answer first: the first query loads the HNSW graphs and warms the model; users come after.
            level(url, 1, 1)
            for users in args.users:
                got = level(url, users, args.per_user)
                print(json.dumps({"concurrency": concurrency, **got}), flush=True)
                record["levels"].append(got)
        finally:
            proc.terminate()
            proc.wait(timeout=30)
        runs.append(record)
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, nargs="+", default=[1, 8, 32, 64])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 2, 4], help="RAG_UI_CONCURRENCY values")
    parser.add_argument("--per-user", type=int, default=3, help="questions each user asks in turn")
    parser.add_argument("--client-timeout", type=float, default=0, help="gradio_client HTTP timeout, s (0: default)")
    parser.add_argument("--index-dir", default=str(ROOT / "data" / "index"))
    parser.add_argument("--workdir", default="/tmp/rag-load")
    parser.add_argument("--results", default="/tmp/rag-load/load.json")
    args = parser.parse_args()
    CLIENT_TIMEOUT[0] = args.client_timeout
    runs = run(args)
    path = Path(args.results)
    path.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(path.read_text()) if path.exists() else []
    path.write_text(json.dumps(previous + runs, indent=1))


if __name__ == "__main__":
    main()

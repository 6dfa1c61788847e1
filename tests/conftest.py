"""Shared fixtures: a real index of the default corpus, built once per test session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.common import ServerDidNotStart, free_port, wait_until

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "data" / "corpus"
RAG = [sys.executable, "-m", "rag.cli"]

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
# Tests must never reach a real LLM endpoint configured on the developer's machine.
for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "RAG_LLM_API_KEY", "RAG_LLM_BASE_URL", "RAG_CHROMA_HOST"):
    os.environ.pop(var, None)


def run_rag(*args: str, env: dict[str, str] | None = None, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run the real CLI in a subprocess, as a user would."""
    return subprocess.run(
        [*RAG, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
    )


@pytest.fixture(scope="session")
def default_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The whole default corpus ingested into a fresh embedded Chroma directory."""
    index_dir = tmp_path_factory.mktemp("index")
    result = run_rag("ingest", "--quiet", "--index-dir", str(index_dir))
    assert result.returncode == 0, result.stderr
    return index_dir


@pytest.fixture(scope="session")
def assistant(default_index_dir: Path):
    from rag import Assistant

    return Assistant(index_dir=default_index_dir)


@pytest.fixture()
def small_corpus(tmp_path: Path) -> Path:
    """A copy of two short pages (file 000: 10 papers, file 002: 10 untitled abstracts)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("000_2f0a01500011666a.txt", "002_bff51b88473206e6.txt"):
        shutil.copy(CORPUS / name, corpus / name)
    return corpus


@pytest.fixture()
def chroma_server(tmp_path: Path) -> Iterator[tuple[str, int]]:
    """A real `chroma run` server on 127.0.0.1, stopped after the test."""
    port = free_port()
    chroma = Path(sys.executable).parent / "chroma"
    proc = subprocess.Popen(
        [str(chroma), "run", "--path", str(tmp_path / "server-data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )
    import chromadb

    try:
        wait_until(lambda: bool(chromadb.HttpClient(host="127.0.0.1", port=port).heartbeat()), proc=proc, what="chroma")
    except ServerDidNotStart as exc:
        proc.kill()
        pytest.fail(str(exc))
    try:
        yield "127.0.0.1", port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()

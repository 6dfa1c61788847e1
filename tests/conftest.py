"""Shared fixtures, in two tiers.

Fast tier (``pytest -m "not slow"``): ``small_index_dir`` / ``small_assistant``, a real
embedded Chroma index of a few dozen real abstracts, built in-process once per session.

Full run (``pytest``): ``default_index_dir`` / ``assistant``, the whole 396-paper corpus
ingested by the CLI. Any test that depends on them, or on ``chroma_server``, is marked
``slow`` here automatically; a test that starts the CLI (``run_rag``) must carry
``@pytest.mark.slow`` itself, and ``run_rag`` refuses to run in one that does not.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


#: Fixtures whose users belong to the full run: a cold ingest of the whole corpus, or a server process.
SLOW_FIXTURES = frozenset({"default_index_dir", "chroma_server"})
_running: list[pytest.Item] = []


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # fixturenames is the whole closure, so `assistant` or test_llm's `make_assistant` count as well.
    for item in items:
        if SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def pytest_runtest_setup(item: pytest.Item) -> None:
    _running[:] = [item]


def pytest_runtest_teardown(item: pytest.Item) -> None:
    _running.clear()


def after_one_answer(question: str, answer: str) -> list[dict[str, str]]:
    """A chat of one question and the answer it got."""
    return [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]


def chat_of(assistant: Any, *questions: str) -> list[dict[str, str]]:
    """The history of a chat that asked ``questions`` in turn, each answer as the assistant gave it."""
    history: list[dict[str, str]] = []
    for question in questions:
        answer = assistant.ask(question, history=history or None).text
        history += after_one_answer(question, answer)
    return history


def run_rag(*args: str, env: dict[str, str] | None = None, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run the real CLI in a subprocess, as a user would (4-5 s each, so only in slow tests)."""
    if _running and _running[0].get_closest_marker("slow") is None:
        raise RuntimeError(f"{_running[0].nodeid} starts the CLI: mark it @pytest.mark.slow")
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


#: Papers the fast tier's questions are about, by a phrase of their title or abstract.
SMALL_INDEX_MUST_HAVE = (
    *("CLIP-CID", "KAM-CoT", "TransAgent", "OakInk", "Competitive Distillation", "LAION", "NeuLig"),
    *("DC-CLIP", "SpeechGPT"),  # comparison tables and limitation questions (tests/test_summaries.py)
)
#: A whole page, so source filters have a page to select.
SMALL_INDEX_PAGES = ("000_2f0a01500011666a.txt",)


def small_index_papers() -> list[Any]:
    """About 35 real papers: one short page, the papers the fast tests ask about, and distractors.

    The distractors are the nearest kind (other CLIP and distillation papers, other 2023 papers) plus
    every 40th paper, so ranking tests still have to beat similar papers, not an empty index. Embedding
    dominates the fast tier's set-up, so the count is kept down.
    """
    from rag.corpus import parse_corpus

    papers = sorted(parse_corpus(CORPUS).papers, key=lambda p: p.paper_id)

    def text(p: Any) -> str:
        return f"{p.title or ''} {p.abstract}"

    chosen = {p.paper_id: p for p in papers if set(p.source_files) & set(SMALL_INDEX_PAGES)}
    chosen |= {p.paper_id: p for p in papers if any(k in text(p) for k in SMALL_INDEX_MUST_HAVE)}
    similar = [p for p in papers if "CLIP" in text(p) or "distill" in text(p).lower() or p.year == 2023]
    chosen |= {p.paper_id: p for p in similar[:10]}
    chosen |= {p.paper_id: p for p in papers[::40]}
    return sorted(chosen.values(), key=lambda p: p.paper_id)


@pytest.fixture(scope="session")
def small_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real embedded Chroma index of :func:`small_index_papers`, built in-process once per session."""
    from rag.config import get_settings
    from rag.index import PaperIndex
    from rag.ingest import plan_sync, source_key

    index_dir = tmp_path_factory.mktemp("small-index")
    papers = small_index_papers()
    # The steps `rag ingest` takes (plan against the stored state, then embed and write), on parsed
    # papers rather than a directory: the pages hold far more papers than the fast tier can embed.
    index = PaperIndex(get_settings(index_dir=index_dir))
    state = index.stored_state()
    plan = plan_sync(state[0], papers, source_key(CORPUS), index.documents)
    index.apply(plan.write, plan.relabel, plan.delete, state)
    assert index.count() == len(papers)
    return index_dir


@pytest.fixture(scope="session")
def small_assistant(small_index_dir: Path):  # type: ignore[no-untyped-def]
    """An offline :class:`rag.Assistant` over the small index (build your own for other settings)."""
    from rag import Assistant

    return Assistant(index_dir=small_index_dir, generator="offline")


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

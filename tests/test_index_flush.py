"""An ingest leaves Chroma's HNSW graphs saved: a new process replays no write log on its first search.

Chroma saves a collection's graph only every ``sync_threshold`` writes; whatever came after stays in
its SQLite log, and every new process re-inserts it into the graph (in parallel, so the order of near
ties changed between runs). ``PaperIndex.persist_vectors`` ends every ingest by saving the graphs, with
the threshold lowered only while it does.

Fast tests run the ingest job in-process on real embedded Chroma with the word-hash embedder of
tests/test_ingest.py (the graph's bookkeeping does not depend on the vectors). The slow ones use the
real model: the whole corpus through the CLI, and a fresh process reading a graph saved twice in one.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rag.config import get_settings
from rag.index import SYNC_THRESHOLD, PaperIndex, _set_hnsw, unpersisted_log_rows
from rag.ingest import run_ingest

from .conftest import ROOT, run_rag
from .test_ingest import PAGE_A, PAGE_B, WordHashEmbedder, folder

QUESTION = "which papers distill CLIP?"


@pytest.fixture()
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An index directory whose ingests embed with the word-hash embedder."""
    monkeypatch.setattr("rag.index.get_embedder", lambda threads=0: WordHashEmbedder())
    return tmp_path / "index"


def thresholds(index_dir: Path) -> dict[str, int]:
    index = PaperIndex(get_settings(index_dir=index_dir))
    return {c.name: c.configuration["hnsw"]["sync_threshold"] for c in (index.passages, index.papers)}


def ingest(index_dir: Path, path: Path) -> int:
    return run_ingest(get_settings(index_dir=index_dir), path, show_progress=False).report.papers


def test_an_ingest_leaves_no_log_for_the_next_process_and_the_threshold_as_it_was(
    store: Path,
    tmp_path: Path,
) -> None:
    assert ingest(store, folder(tmp_path, "a", PAGE_A)) == 10
    pending = unpersisted_log_rows(store)
    assert pending == {"papers_passages": 0, "papers_papers": 0}
    # Large ingests must keep saving the graph only every SYNC_THRESHOLD writes.
    assert set(thresholds(store).values()) == {SYNC_THRESHOLD}


def test_a_second_ingest_in_the_same_process_saves_again(store: Path, tmp_path: Path) -> None:
    # The app's uploads: this process's Chroma writer already holds the graph, with the old threshold.
    ingest(store, folder(tmp_path, "a", PAGE_A))
    assert ingest(store, folder(tmp_path, "b", PAGE_B)) == 20
    assert unpersisted_log_rows(store) == {"papers_passages": 0, "papers_papers": 0}


def test_a_failed_save_fails_nothing_and_restores_the_threshold(
    store: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(self: PaperIndex) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(PaperIndex, "_replay_in_fresh_system", broken)
    assert ingest(store, folder(tmp_path, "a", PAGE_A)) == 10
    assert set(thresholds(store).values()) == {SYNC_THRESHOLD}
    assert sum(unpersisted_log_rows(store).values()) > 0  # type: ignore[union-attr]
    index = PaperIndex(get_settings(index_dir=store))
    assert index.count() == 10
    assert len(index.query_passages(index.embedder.embed_query("distillation"), 5)) == 5


def test_a_save_killed_with_the_threshold_low_leaves_a_usable_index_and_the_next_ingest_restores_it(
    store: Path,
    tmp_path: Path,
) -> None:
    ingest(store, folder(tmp_path, "a", PAGE_A))
    index = PaperIndex(get_settings(index_dir=store))
    for collection in (index.passages, index.papers):  # what a kill inside persist_vectors leaves
        _set_hnsw(collection, "sync_threshold", 1)
    reader = PaperIndex(get_settings(index_dir=store))
    assert reader.count() == 10
    assert len(reader.query_papers(reader.embedder.embed_query("distillation"), 5)) == 5
    assert ingest(store, folder(tmp_path, "b", PAGE_B)) == 20
    assert set(thresholds(store).values()) == {SYNC_THRESHOLD}
    assert unpersisted_log_rows(store) == {"papers_passages": 0, "papers_papers": 0}


def test_server_mode_has_nothing_to_save() -> None:
    # The server process holds the graphs; a client never opens a second system on its files.
    index = PaperIndex.__new__(PaperIndex)
    index.settings = get_settings(chroma_host="127.0.0.1")
    assert index.settings.server_mode
    assert index.persist_vectors() is False


# ------------------------------------------------------------------ slow: real model, fresh processes
def _search_ids(index_dir: Path) -> list[str]:
    result = run_rag("search", QUESTION, "--json", "-k", "10", "--index-dir", str(index_dir))
    assert result.returncode == 0, result.stderr
    return [hit["paper_id"] for hit in json.loads(result.stdout)]


@pytest.mark.slow
def test_after_the_cli_ingest_two_fresh_processes_rank_the_same_top_10(default_index_dir: Path) -> None:
    assert unpersisted_log_rows(default_index_dir) == {"papers_passages": 0, "papers_papers": 0}
    first, second = _search_ids(default_index_dir), _search_ids(default_index_dir)
    assert len(first) == 10
    assert first == second


FRESH_QUERY = """
import json, sys
import numpy as np
from rag.config import get_settings
from rag.index import PaperIndex
index = PaperIndex(get_settings(index_dir=sys.argv[1]))
vector = index.embedder.embed_query(sys.argv[2])
got = index.papers.get(include=["embeddings"])
exact = np.asarray(got["embeddings"], dtype=np.float32) @ vector
print(json.dumps({
    "graph": [pid for pid, _ in index.query_papers(vector, 10)],
    "exact": [got["ids"][i] for i in np.argsort(-exact)[:10]],
    "passages": len(index.query_passages(vector, 50)),
}))
"""


@pytest.mark.slow
def test_a_graph_saved_twice_from_one_process_reads_back_whole_in_a_fresh_one(tmp_path: Path) -> None:
    index_dir = tmp_path / "index"
    ingest(index_dir, folder(tmp_path, "a", PAGE_A))
    ingest(index_dir, folder(tmp_path, "b", PAGE_B))
    assert unpersisted_log_rows(index_dir) == {"papers_passages": 0, "papers_papers": 0}
    result = subprocess.run(
        [sys.executable, "-c", FRESH_QUERY, str(index_dir), QUESTION],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    got = json.loads(result.stdout.strip().splitlines()[-1])
    assert got["graph"] == got["exact"]  # 20 papers: the graph search is exact, so any loss would show
    assert got["passages"] == 50


def test_an_index_opens_with_the_configured_search_breadth_whatever_it_was_built_with(store: Path) -> None:
    """Search breadth is a query-time setting: below about 1.5 x the passages a search asks for, HNSW gave the
    same question different candidates from one process to the next (docs/benchmarks.md)."""
    PaperIndex(get_settings(index_dir=store, hnsw_ef_search=100))
    index = PaperIndex(get_settings(index_dir=store))
    assert {c.configuration["hnsw"]["ef_search"] for c in (index.passages, index.papers)} == {500}
    reopened = PaperIndex(get_settings(index_dir=store, hnsw_ef_search=300))
    assert {c.configuration["hnsw"]["ef_search"] for c in (reopened.passages, reopened.papers)} == {300}

"""The start-up snapshot (rag/snapshot.py): used only when it matches the index, rebuilt otherwise."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from rag import snapshot
from rag.config import get_settings
from rag.index import PaperIndex

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture()
def index(small_index_dir: Path, tmp_path: Path) -> PaperIndex:
    """A private copy of the small index: these tests rewrite its state token and rows."""
    copy = tmp_path / "index"
    shutil.copytree(small_index_dir, copy, ignore=shutil.ignore_patterns(".rag-snapshot"))
    return PaperIndex(get_settings(index_dir=copy))


def _same(a: tuple, b: tuple) -> None:
    (papers_a, lex_a), (papers_b, lex_b) = a, b
    assert list(papers_a) == list(papers_b)
    assert all(papers_a[p].metadata == papers_b[p].metadata for p in papers_a)
    for question in ("distill CLIP", "hand object interaction dataset", "speech language model"):
        assert lex_a.bm25_scores(question) == pytest.approx(lex_b.bm25_scores(question))
        terms = question.split()
        assert [lex_a.idf(t) for t in terms] == pytest.approx([lex_b.idf(t) for t in terms])
    pid = next(iter(papers_a))
    assert lex_a.contains(pid, "clip") == lex_b.contains(pid, "clip")


def test_the_first_start_saves_a_snapshot_and_the_next_loads_the_same_table(index: PaperIndex) -> None:
    assert snapshot.load(index, 50) is None  # built by apply() alone: no token yet
    built = snapshot.load_or_build(index, 50)
    assert snapshot.state_token(index) and not snapshot.state_token(index).startswith(snapshot.WRITING)
    loaded = snapshot.load(index, 50)
    assert loaded is not None
    _same(built, loaded)
    _same(snapshot.build(index), loaded)


def test_a_committed_write_replaces_the_snapshot(index: PaperIndex) -> None:
    papers, _ = snapshot.load_or_build(index, 50)
    doomed = next(iter(papers))
    state = index.stored_state()
    with snapshot.committing(index):
        index.apply([], [], [doomed], state)
    loaded = snapshot.load(index, 50)
    assert loaded is not None and doomed not in loaded[0] and len(loaded[0]) == len(papers) - 1
    assert len(list((index.settings.index_dir / ".rag-snapshot").iterdir())) == 1  # the old one is gone


def test_an_interrupted_commit_is_never_loaded_and_the_next_start_repairs_it(index: PaperIndex) -> None:
    snapshot.load_or_build(index, 50)
    snapshot._set_token(index, f"{snapshot.WRITING}crashed")  # what a writer killed mid-write leaves
    assert snapshot.load(index, 50) is None
    snapshot.load_or_build(index, 50)  # rebuilds from Chroma and, no writer running, finishes the commit
    assert snapshot.load(index, 50) is not None


def test_a_write_that_bypasses_the_protocol_is_caught_by_the_count(index: PaperIndex) -> None:
    papers, _ = snapshot.load_or_build(index, 50)
    index.papers.delete(ids=[next(iter(papers))])
    assert snapshot.load(index, 50) is None
    assert len(snapshot.load_or_build(index, 50)[0]) == len(papers) - 1


def test_a_rerun_that_changes_nothing_keeps_the_snapshot(index: PaperIndex) -> None:
    snapshot.load_or_build(index, 50)
    token = snapshot.state_token(index)
    with snapshot.committing(index, changes=False):
        pass
    assert snapshot.state_token(index) == token


@pytest.mark.slow
def test_sigkill_between_the_chroma_write_and_the_snapshot_is_detected_and_repaired(
    small_corpus: Path, tmp_path: Path
) -> None:
    index_dir = tmp_path / "index"
    first = small_corpus / "000_2f0a01500011666a.txt"
    second = small_corpus / "002_bff51b88473206e6.txt"
    # One ingest commits normally; a second one kills itself right after its rows are in Chroma,
    # at the moment it would start building the new snapshot.
    script = textwrap.dedent(
        f"""
        import os, signal, sys
        from rag import snapshot
        from rag.cli import run
        assert run(["ingest", {str(first)!r}, "--quiet", "--index-dir", {str(index_dir)!r}]) == 0
        snapshot.build = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)
        run(["ingest", {str(second)!r}, "--quiet", "--index-dir", {str(index_dir)!r}])
        """
    )
    proc = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == -9, proc.stderr
    index = PaperIndex(get_settings(index_dir=index_dir))
    assert snapshot.state_token(index).startswith(snapshot.WRITING)
    assert snapshot.load(index, 50) is None  # the first ingest's snapshot is stale and not used
    papers, _ = snapshot.load_or_build(index, 50)
    assert len(papers) == 20 == index.count()  # both files' papers: Chroma's state, not the old snapshot
    assert snapshot.load(index, 50) is not None  # repaired for the next start


def test_server_mode_processes_each_keep_a_cache_validated_against_the_server(
    chroma_server: tuple[str, int], small_corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rag.ingest import run_ingest

    host, port = chroma_server
    settings = get_settings(chroma_host=host, chroma_port=port, index_dir=tmp_path / "unused")

    def open_as(machine: str) -> PaperIndex:  # one cache directory per machine
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / machine))
        return PaperIndex(settings)

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "writer"))
    run_ingest(settings, small_corpus / "000_2f0a01500011666a.txt", show_progress=False)
    writer = open_as("writer")
    assert snapshot.load(writer, 50) is not None  # the ingest's commit wrote the writer's cache
    reader = open_as("reader")
    assert snapshot.load(reader, 50) is None  # nothing cached on this machine yet
    assert len(snapshot.load_or_build(reader, 50)[0]) == 10
    assert snapshot.load(reader, 50) is not None
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "writer"))
    run_ingest(settings, small_corpus / "002_bff51b88473206e6.txt", show_progress=False)
    reader = open_as("reader")
    assert snapshot.load(reader, 50) is None  # the server's token moved on: the reader's cache is stale
    assert len(snapshot.load_or_build(reader, 50)[0]) == 20


def test_the_snapshot_is_columns_mapped_from_disk_not_objects_per_paper(index: PaperIndex) -> None:
    import numpy as np

    snapshot.load_or_build(index, 50)
    papers, _ = snapshot.load(index, 50)
    assert papers.abstracts.data is None and isinstance(papers.year, np.memmap)  # strings are read from the file
    pid = next(iter(papers))
    assert papers[pid].abstract and papers[pid].metadata["n_passages"] > 0  # made on access


def test_a_snapshot_of_an_older_format_is_not_read_and_the_next_start_replaces_it(index: PaperIndex) -> None:
    snapshot.load_or_build(index, 50)
    path = snapshot.snapshot_root(index) / snapshot.state_token(index)
    (path / "snapshot.json").write_text('{"format": 1}')  # as if written by the previous release
    assert snapshot.load(index, 50) is None
    papers, _ = snapshot.load_or_build(index, 50)
    assert len(papers) == index.count() and snapshot.load(index, 50) is not None

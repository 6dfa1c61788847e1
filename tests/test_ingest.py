"""Ingest is idempotent, incremental and crash-safe, in both Chroma modes."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from rag.config import get_settings
from rag.corpus import parse_corpus
from rag.index import PaperIndex

from .conftest import CORPUS, ROOT, run_rag


def ingest_json(*args: str) -> dict:
    result = run_rag("ingest", "--quiet", "--json", *args)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_reingest_embeds_nothing(small_corpus: Path, tmp_path: Path) -> None:
    index = str(tmp_path / "index")
    first = ingest_json(str(small_corpus), "--index-dir", index)
    assert (first["added"], first["parsed"]) == (20, 20)
    second = ingest_json(str(small_corpus), "--index-dir", index)
    assert (second["added"], second["updated"], second["removed"], second["passages_embedded"]) == (0, 0, 0, 0)
    assert second["unchanged"] == 20


def test_editing_one_abstract_updates_exactly_one_paper(small_corpus: Path, tmp_path: Path) -> None:
    index = str(tmp_path / "index")
    ingest_json(str(small_corpus), "--index-dir", index)
    page = small_corpus / "002_bff51b88473206e6.txt"
    lines = page.read_text().splitlines()
    lines[3] = lines[3].replace("Self-supervised heterogeneous graph learning", "Self-supervised hetero-graph learning")
    page.write_text("\n".join(lines))
    report = ingest_json(str(small_corpus), "--index-dir", index)
    assert (report["added"], report["updated"], report["removed"], report["unchanged"]) == (0, 1, 0, 19)
    stored = PaperIndex(get_settings(index_dir=index)).load_papers()
    assert len(stored) == 20
    assert any("hetero-graph learning" in p.abstract for p in stored.values())


def test_removed_pages_are_removed_from_the_index(small_corpus: Path, tmp_path: Path) -> None:
    index = str(tmp_path / "index")
    ingest_json(str(small_corpus), "--index-dir", index)
    (small_corpus / "000_2f0a01500011666a.txt").unlink()
    report = ingest_json(str(small_corpus), "--index-dir", index)
    assert (report["removed"], report["unchanged"]) == (10, 10)
    index_ = PaperIndex(get_settings(index_dir=index))
    assert index_.count() == 10 and index_.doctor().healthy


def test_a_failed_ingest_leaves_the_index_untouched(small_corpus: Path, tmp_path: Path) -> None:
    index = str(tmp_path / "index")
    ingest_json(str(small_corpus), "--index-dir", index)
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "chrome.txt").write_text("new\n\nSubscribe\n\nDaily Papers\n")
    result = run_rag("ingest", str(empty), "--index-dir", index)
    assert result.returncode == 1
    assert "no papers found" in result.stderr and "Traceback" not in result.stderr
    assert PaperIndex(get_settings(index_dir=index)).count() == 20


@pytest.mark.slow
def test_killing_ingest_midway_then_rerunning_gives_exactly_396_papers(tmp_path: Path) -> None:
    index = tmp_path / "index"
    proc = subprocess.Popen(
        [sys.executable, "-m", "rag.cli", "ingest", "--quiet", "--index-dir", str(index)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    settings = get_settings(index_dir=index)
    deadline = time.monotonic() + 120
    # Kill once some, but not all, papers are committed.
    while time.monotonic() < deadline:
        time.sleep(0.5)
        try:
            if PaperIndex(settings).count() >= 48:
                break
        except Exception:
            continue
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    partial = PaperIndex(settings).count()
    assert 0 < partial < 396

    report = ingest_json("--index-dir", str(index))
    assert report["added"] == 396 - partial
    index_ = PaperIndex(settings)
    stored = index_.load_papers()
    assert len(stored) == 396
    assert set(stored) == {p.paper_id for p in parse_corpus(CORPUS).papers}
    health = index_.doctor()
    assert health.healthy, health
    assert health.passages == len(set(index_.passages.get(include=[])["ids"]))


@pytest.mark.slow
def test_server_mode_ingests_and_searches_through_chroma_run(small_corpus: Path, chroma_server) -> None:
    host, port = chroma_server
    flags = ("--chroma-host", host, "--chroma-port", str(port))
    report = ingest_json(str(small_corpus), *flags)
    assert report["added"] == 20
    assert ingest_json(str(small_corpus), *flags)["passages_embedded"] == 0
    result = run_rag("search", "multi-view contrastive clustering", "-k", "3", "--json", *flags)
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert hits[0]["title"] == "DealMVC: Dual Contrastive Calibration for Multi-view Clustering"


def test_server_mode_reports_a_down_server_clearly(tmp_path: Path) -> None:
    from .conftest import free_port

    result = run_rag("search", "anything", "--chroma-host", "127.0.0.1", "--chroma-port", str(free_port()))
    assert result.returncode == 3
    assert "cannot open the index" in result.stderr and "Traceback" not in result.stderr

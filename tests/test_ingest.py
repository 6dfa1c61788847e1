"""Ingest adds a source's papers and never loses a paper it was not asked to remove; it stays crash-safe.

Fast tests run the ingest job in-process against real embedded Chroma, with a word-hash embedder
standing in for the ONNX model (what is stored and removed does not depend on the vectors). Tests
that start the CLI, or need the real model, are marked slow.
"""

from __future__ import annotations

import json
import random
import shutil
import signal
import subprocess
import sys
import time
import zlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from rag.config import get_settings
from rag.corpus import parse_corpus
from rag.index import PaperIndex
from rag.ingest import (
    CancelledError,
    IngestReport,
    NotFoundError,
    NothingToIngestError,
    list_sources,
    run_ingest,
    run_remove,
    source_key,
)
from rag.papers import PaperTable, author_keys

from .conftest import CORPUS, ROOT, run_rag

DATA = Path(__file__).parent / "data"
PAGE_A, PAGE_B, PAGE_C = "000_2f0a01500011666a.txt", "002_bff51b88473206e6.txt", "001_34be30ae3e4719f8.txt"


class WordHashEmbedder:
    """Deterministic unit vectors from hashed words: real index writes without the model's cost."""

    def embed(self, texts: Sequence[str], batch_size: int = 16) -> np.ndarray:
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                out[row, zlib.crc32(word.encode()) % 384] += 1.0
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


@pytest.fixture()
def index_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr("rag.index.get_embedder", lambda threads=0: WordHashEmbedder())
    return tmp_path / "index"


def folder(root: Path, name: str, *files: str | Path) -> Path:
    """A folder holding copies of bundled pages (by name) or sample files (by path)."""
    path = root / name
    path.mkdir()
    for f in files:
        shutil.copy(CORPUS / f if isinstance(f, str) else f, path)
    return path


def ingest(index_dir: Path, path: Path, **kwargs: object) -> IngestReport:
    return run_ingest(get_settings(index_dir=index_dir), path, show_progress=False, **kwargs).report  # type: ignore[arg-type]


def stored(index_dir: Path) -> dict:
    return PaperIndex(get_settings(index_dir=index_dir)).load_papers()


def ids_of(*paths: Path) -> set[str]:
    return {p.paper_id for path in paths for p in parse_corpus(path).papers}


def healthy(index_dir: Path) -> bool:
    index = PaperIndex(get_settings(index_dir=index_dir))
    ids = index.passages.get(include=[])["ids"]
    return index.doctor().healthy and len(ids) == len(set(ids))


# ------------------------------------------------------------------ additive ingest
def test_a_rerun_embeds_nothing(index_dir: Path, tmp_path: Path) -> None:
    a = folder(tmp_path, "a", PAGE_A, PAGE_B)
    first = ingest(index_dir, a)
    assert (first.added, first.parsed, first.papers) == (20, 20, 20)
    again = ingest(index_dir, a)
    assert (again.added, again.updated, again.removed, again.passages_embedded) == (0, 0, 0, 0)
    assert (again.unchanged, again.papers) == (20, 20)


def test_two_folders_in_turn_keep_both_and_sources_counts_each(index_dir: Path, tmp_path: Path) -> None:
    a, b = folder(tmp_path, "a", PAGE_A), folder(tmp_path, "b", PAGE_B)
    ingest(index_dir, a)
    report = ingest(index_dir, b)
    assert (report.added, report.removed, report.papers) == (10, 0, 20)
    assert set(stored(index_dir)) == ids_of(a, b)
    rows = {r["source"]: (r["papers"], r["kind"]) for r in list_sources(get_settings(index_dir=index_dir))}
    assert rows == {source_key(a): (10, "folder"), source_key(b): (10, "folder")}


def test_a_file_removed_from_one_folder_removes_only_that_files_papers(index_dir: Path, tmp_path: Path) -> None:
    a, b = folder(tmp_path, "a", PAGE_A, PAGE_C), folder(tmp_path, "b", PAGE_B)
    ingest(index_dir, a)
    ingest(index_dir, b)
    gone = ids_of(a / PAGE_C)
    (a / PAGE_C).unlink()
    report = ingest(index_dir, a)
    assert report.removed == len(gone) and {c["paper_id"] for c in report.changes["removed"]} == gone
    assert set(stored(index_dir)) == ids_of(a, b)
    assert healthy(index_dir)


def test_deleting_one_entry_of_a_file_reports_one_removal_not_shifted_lines(index_dir: Path, tmp_path: Path) -> None:
    library = folder(tmp_path, "library", DATA / "arxiv.jsonl")
    ingest(index_dir, library)
    records = (library / "arxiv.jsonl").read_text().splitlines(keepends=True)
    (library / "arxiv.jsonl").write_text("".join(records[1:]))  # LoRA goes; the others move up a line
    report = ingest(index_dir, library)
    assert (report.added, report.updated, report.removed, report.unchanged, report.relocated) == (0, 0, 1, 2, 2)
    assert report.changes["removed"][0]["title"] == "LoRA: Low-Rank Adaptation of Large Language Models"
    assert sorted(p.sources[0] for p in stored(index_dir).values()) == ["arxiv.jsonl:1", "arxiv.jsonl:2"]


def test_an_entry_broken_by_an_edit_keeps_its_indexed_paper_and_is_reported(index_dir: Path, tmp_path: Path) -> None:
    library = folder(tmp_path, "library", DATA / "arxiv.jsonl")
    ingest(index_dir, library)
    before = set(stored(index_dir))
    records = (library / "arxiv.jsonl").read_text().splitlines(keepends=True)
    (library / "arxiv.jsonl").write_text(records[0].replace(",", ",,", 1) + "".join(records[1:]))  # bad JSON
    report = ingest(index_dir, library)
    assert (report.removed, report.kept) == (0, 1) and report.skipped >= 1
    assert report.changes["kept"][0]["title"] == "LoRA: Low-Rank Adaptation of Large Language Models"
    assert set(stored(index_dir)) == before
    # A file that turns unreadable as a whole keeps its papers too; one deleted from the folder does not.
    (library / "arxiv.jsonl").write_bytes(b"\x00\x01 not text")
    (library / "other.jsonl").write_text(records[1])
    assert ingest(index_dir, library).kept == 2 and set(stored(index_dir)) == before
    (library / "arxiv.jsonl").unlink()
    assert ingest(index_dir, library).removed == 2


def test_editing_one_abstract_updates_exactly_one_paper(index_dir: Path, tmp_path: Path) -> None:
    a = folder(tmp_path, "a", PAGE_A, PAGE_B)
    ingest(index_dir, a)
    page = a / PAGE_B
    page.write_text(
        page.read_text().replace(
            "Self-supervised heterogeneous graph learning", "Self-supervised hetero-graph learning"
        )
    )
    report = ingest(index_dir, a)
    assert (report.added, report.updated, report.removed, report.unchanged) == (0, 1, 0, 19)
    assert len(stored(index_dir)) == 20
    assert any("hetero-graph learning" in p.abstract for p in stored(index_dir).values())


def test_a_paper_in_two_sources_loses_only_the_source_that_drops_it(index_dir: Path, tmp_path: Path) -> None:
    # library.bib repeats one paper of page A (same abstract) and adds its authors.
    a, b = folder(tmp_path, "a", PAGE_A), folder(tmp_path, "b", DATA / "library.bib")
    ingest(index_dir, a)
    ingest(index_dir, b)
    shared = next(p for p in stored(index_dir).values() if p.title and "Adaptive Thinking" in p.title)
    assert shared.source_files == [PAGE_A, "library.bib"] and "chen" in author_keys(shared.metadata)
    (b / "library.bib").unlink()
    (b / "other.csv").write_text((DATA / "papers.csv").read_text())
    report = ingest(index_dir, b)
    kept = stored(index_dir)[shared.paper_id]
    assert kept.source_files == [PAGE_A] and "chen" not in author_keys(kept.metadata)
    assert report.updated == 1 and report.removed == 2  # the two papers only library.bib held
    assert healthy(index_dir)


def test_a_failed_ingest_leaves_the_index_untouched(index_dir: Path, tmp_path: Path) -> None:
    ingest(index_dir, folder(tmp_path, "a", PAGE_A))
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "chrome.txt").write_text("new\n\nSubscribe\n\nDaily Papers\n")
    with pytest.raises(NothingToIngestError, match="no papers found"):
        ingest(index_dir, empty)
    assert len(stored(index_dir)) == 10
    (empty / "papers.jsonl").write_bytes(b"\x00\x01 not text")
    with pytest.raises(NothingToIngestError, match=r"papers\.jsonl:0: binary file"):  # and why, file by file
        ingest(index_dir, empty)


# ------------------------------------------------------------------ explicit removal
def test_prune_says_what_it_would_delete_and_a_no_leaves_everything(index_dir: Path, tmp_path: Path) -> None:
    a, b = folder(tmp_path, "a", PAGE_A), folder(tmp_path, "b", PAGE_B)
    ingest(index_dir, a)
    ingest(index_dir, b)
    asked: list[set[str]] = []

    def decline(plan: object) -> bool:
        asked.append({c.paper_id for c in plan.destructive})  # type: ignore[attr-defined]
        return False

    with pytest.raises(CancelledError):
        ingest(index_dir, a, prune=True, confirm=decline)
    assert asked == [ids_of(b)] and len(stored(index_dir)) == 20
    report = ingest(index_dir, a, prune=True, confirm=lambda plan: True)
    assert (report.removed, report.papers) == (10, 10) and set(stored(index_dir)) == ids_of(a)


def test_ingest_without_prune_never_asks(index_dir: Path, tmp_path: Path) -> None:
    a, b = folder(tmp_path, "a", PAGE_A), folder(tmp_path, "b", PAGE_B)
    ingest(index_dir, a)

    def never(plan: object) -> bool:
        raise AssertionError("an additive ingest asked for confirmation")

    assert ingest(index_dir, b, confirm=never).papers == 20


def test_remove_a_source_or_one_paper_by_id(index_dir: Path, tmp_path: Path) -> None:
    a, b = folder(tmp_path, "a", PAGE_A), folder(tmp_path, "b", PAGE_B, DATA / "library.bib")
    ingest(index_dir, a)
    ingest(index_dir, b)
    settings = get_settings(index_dir=index_dir)
    report = run_remove(settings, str(b), confirm=lambda plan: True)
    # b's own papers go; the paper page A also holds stays, without b.
    assert report.removed == 12 and report.updated == 1 and set(stored(index_dir)) == ids_of(a)
    victim = next(iter(ids_of(a)))
    assert run_remove(settings, victim, confirm=lambda plan: True).removed == 1
    assert victim not in stored(index_dir) and len(stored(index_dir)) == 9
    with pytest.raises(NotFoundError, match="rag sources"):
        run_remove(settings, str(tmp_path / "never-ingested"))
    assert healthy(index_dir)


# ------------------------------------------------------------------ formats and metadata
@pytest.mark.parametrize(
    "question",
    ["papers by Hinton", "which papers did Geoffrey Hinton write?", "Hinton's papers", "papers written by Hinton"],
)
def test_an_author_the_question_names_filters_by_that_author(index_dir: Path, tmp_path: Path, question: str) -> None:
    from rag import Assistant

    ingest(index_dir, folder(tmp_path, "library", DATA / "library.bib"))
    assistant = Assistant(get_settings(index_dir=index_dir))
    result = assistant.search_detailed(question)
    assert result.plan.filters.get("author") == "Hinton" and not result.plan.terms
    assert [h.title for h in result.hits] == ["Distilling the Knowledge in a Neural Network"]
    hit = result.hits[0].to_dict()  # what `rag search --json` prints: the bibliographic metadata as well
    assert hit["authors"] == ["Geoffrey Hinton", "Oriol Vinyals", "Jeff Dean"] and hit["year"] == 2015
    assert hit["urls"] == ["https://arxiv.org/abs/1503.02531"] and hit["sources"] == ["library.bib"]
    answer = assistant.ask(question)
    assert [c.title for c in answer.citations] == ["Distilling the Knowledge in a Neural Network"]
    assert answer.citations[0].relevant  # matching the filter is what the question asks
    # A capitalised word after "by" that is no author's name stays a topic.
    assert "author" not in assistant.search_detailed("papers by CLIP").plan.filters
    # Authors and dates are the record's, said beside the title; the quote is still the abstract's.
    who = assistant.ask("who are the authors of Distilling the Knowledge in a Neural Network?")
    assert "— by Geoffrey Hinton, Oriol Vinyals and Jeff Dean:" in who.text
    assert who.citations and who.citations[0].supported
    when = assistant.ask("when was Distilling the Knowledge in a Neural Network published?")
    assert "— dated Mar 2015:" in when.text


def test_authors_cited_with_et_al_filter_when_listed_and_are_no_topic_when_not(index_dir: Path, tmp_path: Path) -> None:
    from rag import Assistant

    ingest(index_dir, folder(tmp_path, "library", DATA / "library.bib"))
    assistant = Assistant(get_settings(index_dir=index_dir))
    for question in ("the distillation paper by Hinton et al.", "Hinton et al.'s distillation paper"):
        assert assistant.search_detailed(question).plan.filters.get("author") == "Hinton"
    # A cited author whom no author list holds is the paper's author, a name its own abstract never writes (another
    # abstract citing it may: "(Lewis et al., 2020b)"), so it is no word to search for.
    unlisted = assistant.search_detailed("the knowledge distillation paper by Lewis et al.")
    assert unlisted.plan.unlisted_authors == ("Lewis",) and "author" not in unlisted.plan.filters
    assert "lewi" not in unlisted.plan.terms and "al" not in unlisted.plan.terms


def test_papers_from_every_format_carry_filterable_metadata(index_dir: Path, tmp_path: Path) -> None:
    library = folder(tmp_path, "library", *sorted(DATA.iterdir()))
    report = ingest(index_dir, library)
    assert report.papers == 8 and report.skipped == 3
    index = PaperIndex(get_settings(index_dir=index_dir))
    # Authors are filtered through the paper table (one Chroma key per author slowed every query).
    table = PaperTable.build(index.paper_rows())
    by_hinton = [table[pid].metadata for pid in table.author_papers("Hinton")]
    assert [m["title"] for m in by_hinton] == ["Distilling the Knowledge in a Neural Network"]
    assert by_hinton[0]["author_names"] == "Geoffrey Hinton; Oriol Vinyals; Jeff Dean"
    rows = [
        *index.papers.get(include=["metadatas"])["metadatas"],
        *index.passages.get(include=["metadatas"])["metadatas"],
    ]
    assert not [key for meta in rows for key in meta if key.startswith("author:")]
    assert len(index.papers.get(where={"cat:cs.CL": True})["ids"]) == 2
    turing = [table[pid].metadata for pid in table.author_papers("Turing")]
    assert {m["title"] for m in turing} == {
        "Contrastive Tokens for Retrieval, Revisited",
        "Graph Priors for Protein Folding",
    }


def test_the_same_paper_in_a_new_format_joins_the_stored_one_by_doi(index_dir: Path, tmp_path: Path) -> None:
    ingest(index_dir, folder(tmp_path, "bib", DATA / "library.bib"))
    report = ingest(index_dir, folder(tmp_path, "jsonl", DATA / "papers.jsonl"))
    # papers.jsonl's preprint has other wording but the same DOI as a BibTeX entry: one paper, two sources.
    assert (report.added, report.updated) == (1, 1)
    causal = next(p for p in stored(index_dir).values() if p.metadata.get("doi") == "10.1109/jproc.2021.3058954")
    assert causal.source_files == ["library.bib", "papers.jsonl"] and "café" in causal.abstract


# ------------------------------------------------------------------ crash safety (slow: subprocesses, real model)
def _kill_midway(args: list[str], seed: int, tries: int = 2, attempts: int = 8) -> int:
    """Run ``rag ingest ARGS`` and SIGKILL it at seeded random moments; returns how many runs were cut short.

    The window shrinks each time a run finishes before its kill, so a faster machine (or a faster
    start-up) still gets cut midway instead of never.
    """
    rng, kills, window = random.Random(seed), 0, (2.5, 6.0)
    for _ in range(attempts):
        proc = subprocess.Popen(
            [sys.executable, "-m", "rag.cli", "ingest", "--quiet", *args],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(*window))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        else:
            window = (window[0] / 2, window[1] / 2)
        proc.wait()
        if kills >= tries:
            break
    return kills


def _respace(page: Path) -> None:
    """Double the spaces after full stops: same paper ids, new content hashes, so every paper re-embeds in place."""
    page.write_text(page.read_text().replace(". ", ".  "))


@pytest.mark.slow
@pytest.mark.parametrize("step", ["second folder", "file removed", "rerun", "prune"])
def test_sigkill_during_each_step_then_a_rerun_loses_and_duplicates_nothing(tmp_path: Path, step: str) -> None:
    index = tmp_path / "index"
    flags = ["--index-dir", str(index)]
    a, b = folder(tmp_path, "a", PAGE_A, PAGE_C), folder(tmp_path, "b", PAGE_B)
    assert run_rag("ingest", str(a), "--quiet", *flags).returncode == 0
    if step != "second folder":
        assert run_rag("ingest", str(b), "--quiet", *flags).returncode == 0
    target, extra = {
        "second folder": (b, []),  # b's papers are added next to a's
        "file removed": (a, []),  # a loses a page, and its other page re-embeds
        "rerun": (b, []),  # b again, every paper re-embedded in place
        "prune": (a, ["--prune", "--yes"]),  # everything of b goes
    }[step]
    if step == "file removed":
        (a / PAGE_C).unlink()
        _respace(a / PAGE_A)
    if step == "rerun":
        _respace(b / PAGE_B)
    assert _kill_midway([str(target), *extra, *flags], seed=len(step)) >= 1
    result = run_rag("ingest", str(target), "--quiet", *extra, *flags)
    assert result.returncode == 0, result.stderr
    expected = ids_of(a) if step == "prune" else ids_of(a, b)
    assert set(PaperIndex(get_settings(index_dir=index)).load_papers()) == expected
    assert healthy(index)


@pytest.mark.slow
def test_cli_sources_remove_and_author_search(tmp_path: Path) -> None:
    index = ["--index-dir", str(tmp_path / "index")]
    library = folder(tmp_path, "library", DATA / "library.bib", DATA / "arxiv.jsonl", DATA / "papers.csv")
    report = json.loads(run_rag("ingest", str(library), "--quiet", "--json", *index).stdout)
    assert report["papers"] == 7 and len(report["changes"]["added"]) == 7
    sources = json.loads(run_rag("sources", "--json", *index).stdout)
    assert sources == [{"source": source_key(library), "papers": 7, "kind": "folder"}]
    search = run_rag("search", "knowledge distillation of an ensemble", "--author", "Hinton", "--json", *index)
    hits = json.loads(search.stdout)
    assert [h["title"] for h in hits] == ["Distilling the Knowledge in a Neural Network"]
    lora = json.loads(run_rag("search", "low-rank adaptation of large language models", "--json", *index).stdout)
    assert lora[0]["title"] == "LoRA: Low-Rank Adaptation of Large Language Models"
    refused = subprocess.run(
        [sys.executable, "-m", "rag.cli", "remove", str(library), *index],
        cwd=ROOT, stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert refused.returncode == 2 and "--yes" in refused.stderr and "Traceback" not in refused.stderr
    assert "will delete 7 papers" in refused.stderr
    assert json.loads(run_rag("ingest", str(library), "--quiet", "--json", *index).stdout)["unchanged"] == 7
    removed = run_rag("remove", str(library), "--yes", *index)
    assert removed.returncode == 0 and "7 removed" in removed.stdout
    assert run_rag("remove", "no-such-source", *index).returncode == 1


@pytest.mark.slow
def test_killing_ingest_midway_then_rerunning_gives_exactly_396_papers(tmp_path: Path) -> None:
    index = tmp_path / "index"
    errors = (tmp_path / "ingest.err").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "rag.cli", "ingest", "--quiet", "--index-dir", str(index)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=errors,
    )
    settings = get_settings(index_dir=index)
    # Kill once some, but not all, papers are committed. The wait ends as soon as they are (seconds, usually); its
    # bound is generous because a loaded machine starves the ingest (a CI run beside an eval once waited 120 s in vain).
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.5)
        try:
            if PaperIndex(settings).count() >= 48:
                break
        except Exception:
            continue
    # (an ingest that ended on its own before the kill says why: the wait above stops for it too)
    assert proc.poll() is None, (tmp_path / "ingest.err").read_text()
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    errors.close()
    partial = PaperIndex(settings).count()
    assert 0 < partial < 396, (time.monotonic() > deadline, (tmp_path / "ingest.err").read_text()[-2000:])

    result = run_rag("ingest", "--quiet", "--json", "--index-dir", str(index))
    report = json.loads(result.stdout)
    assert report["added"] == 396 - partial and report["papers"] == 396
    index_ = PaperIndex(settings)
    assert set(index_.load_papers()) == {p.paper_id for p in parse_corpus(CORPUS).papers}
    assert healthy(index)


@pytest.mark.slow
def test_server_mode_ingests_and_searches_through_chroma_run(small_corpus: Path, chroma_server) -> None:
    host, port = chroma_server
    flags = ("--chroma-host", host, "--chroma-port", str(port))
    report = json.loads(run_rag("ingest", str(small_corpus), "--quiet", "--json", *flags).stdout)
    assert report["added"] == 20
    again = json.loads(run_rag("ingest", str(small_corpus), "--quiet", "--json", *flags).stdout)
    assert again["passages_embedded"] == 0
    result = run_rag("search", "multi-view contrastive clustering", "-k", "3", "--json", *flags)
    assert result.returncode == 0, result.stderr
    hits = json.loads(result.stdout)
    assert hits[0]["title"] == "DealMVC: Dual Contrastive Calibration for Multi-view Clustering"


@pytest.mark.slow
def test_server_mode_reports_a_down_server_clearly(tmp_path: Path) -> None:
    from .conftest import free_port

    result = run_rag("search", "anything", "--chroma-host", "127.0.0.1", "--chroma-port", str(free_port()))
    assert result.returncode == 3
    assert "cannot open the index" in result.stderr and "Traceback" not in result.stderr

"""The lexical index read back from a snapshot (rag/lexical.py): the same BM25 as stock bm25s, read by pread.

A loaded index scores from the saved CSC arrays itself, reading only the query's postings, instead of letting
bm25s memory-map them (the mapped pages stayed in RSS). These tests hold it to stock bm25s bit for bit:
same papers, same scores, same order, ties at the k-th score included.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from rag import lexical as lexical_module
from rag.corpus import parse_corpus
from rag.lexical import LexicalIndex
from rag.text import STOP_WORDS, stemmer

from .conftest import CORPUS

QUESTIONS = [json.loads(line)["question"] for line in (CORPUS.parents[1] / "evals" / "gold.jsonl").open()]


@pytest.fixture(scope="module")
def corpus() -> tuple[list[str], list[str]]:
    papers = parse_corpus(CORPUS).papers
    return [p.paper_id for p in papers], [f"{p.title or ''}\n{p.abstract}" for p in papers]


@pytest.fixture(scope="module")
def built(corpus: tuple[list[str], list[str]]) -> LexicalIndex:
    ids, texts = corpus
    return LexicalIndex(ids, texts, stemmer(), STOP_WORDS, top_k=50)


@pytest.fixture(scope="module")
def saved(built: LexicalIndex, tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("lexical")
    built.save(directory)
    return directory


@pytest.fixture(params=["mapped", "pread"], autouse=True)
def postings_read(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every test runs with BM25's postings mapped-and-released (Linux) and read by pread (elsewhere), the
    latter in chunks far smaller than this corpus's postings, so the chunked adds are exercised too."""
    if request.param == "mapped" and not lexical_module._MAP_POSTINGS:
        pytest.skip("postings are mapped only where MADV_DONTNEED unmaps them")
    monkeypatch.setattr(lexical_module, "_MAP_POSTINGS", request.param == "mapped")
    monkeypatch.setattr(lexical_module, "_CHUNK", 5)
    return str(request.param)


def load(directory: Path, ids: list[str], top_k: int = 50) -> LexicalIndex:
    return LexicalIndex.load(directory, ids, stemmer(), STOP_WORDS, top_k)


def mapped_rss_kb(directory: Path) -> dict[str, int]:
    """Resident kB of each file below ``directory`` this process maps (``/proc/self/smaps``)."""
    found: dict[str, int] = {}
    name = None
    for line in Path("/proc/self/smaps").read_text().splitlines():
        fields = line.split(maxsplit=5)
        if len(fields) >= 5 and "-" in fields[0] and not fields[0].endswith(":"):
            name = fields[5] if len(fields) == 6 and fields[5].startswith(str(directory)) else None
        elif name is not None and line.startswith("Rss:"):
            found[Path(name).name] = found.get(Path(name).name, 0) + int(line.split()[1])
    return found


def stock(directory: Path, lexical: LexicalIndex, question: str, k: int) -> list[tuple[str, float]]:
    """What bm25s itself returns from the saved files (loaded into memory, its own retrieve)."""
    import bm25s

    reference = bm25s.BM25.load(str(directory / "bm25"), show_progress=False)
    ids = lexical.query_ids(question)
    if not ids:
        return []
    rows, scores = reference.retrieve([ids], k=k, show_progress=False)
    return [(lexical.paper_ids[r], s) for r, s in zip(rows[0].tolist(), scores[0].tolist(), strict=True) if s > 0]


def test_a_loaded_index_scores_every_gold_question_exactly_as_stock_bm25s(
    corpus: tuple[list[str], list[str]], built: LexicalIndex, saved: Path
) -> None:
    loaded = load(saved, corpus[0])
    for question in QUESTIONS:
        expected = stock(saved, loaded, question, 50)
        # Lists, not dicts compared loosely: the same papers, the same float scores, the same order.
        assert list(loaded.bm25_scores(question).items()) == expected, question
        assert list(built.bm25_scores(question).items()) == expected, question


def test_ties_at_the_kth_score_and_repeated_query_words_match_stock_bm25s(tmp_path: Path) -> None:
    # Many papers with the very same text score the same: which of them make the top k is bm25s' choice.
    rng = random.Random(7)
    words = ["graph", "cluster", "contrast", "distil", "vision", "language", "robot", "grasp", "token", "prune"]
    texts = [" ".join(rng.choices(words, k=rng.randint(1, 4))) for _ in range(300)]
    ids = [f"p{i}" for i in range(len(texts))]
    built = LexicalIndex(ids, texts, stemmer(), STOP_WORDS, top_k=7)
    built.save(tmp_path)
    loaded = load(tmp_path, ids, top_k=7)
    for question in ["graph", "graph graph cluster", "vision language robot", "prune token token", "nothing"]:
        expected = stock(tmp_path, loaded, question, 7)
        assert list(loaded.bm25_scores(question).items()) == expected, question
        assert list(built.bm25_scores(question).items()) == expected, question


def test_coverage_terms_and_idf_read_back_as_built(
    corpus: tuple[list[str], list[str]], built: LexicalIndex, saved: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = corpus[0]
    loaded = load(saved, ids)
    terms = [*sorted(built._term)[::5], "zzzunseen", "the"]
    assert [loaded.idf(t) for t in terms] == [built.idf(t) for t in terms]
    # Small blocks, so that this corpus's postings are bisected read by read, as long ones are at 1M.
    for block in (lexical_module._BLOCK, 2):
        monkeypatch.setattr(lexical_module, "_BLOCK", block)
        for term in terms[::3]:
            holders = {pid for pid in ids[::4] if built.contains(pid, term)}
            assert {pid for pid in ids[::4] if loaded.contains(pid, term)} == holders, term
    assert not loaded.contains("no-such-paper", terms[0])


def test_searches_leave_no_file_pages_mapped_and_a_loaded_index_saves_a_copy_that_loads(
    corpus: tuple[list[str], list[str]], saved: Path, tmp_path: Path, postings_read: str
) -> None:
    if not Path("/proc/self/smaps").exists():
        pytest.skip("needs /proc/self/smaps")
    loaded = load(saved, corpus[0])
    for question in QUESTIONS[:10]:
        loaded.bm25_scores(question)
        loaded.contains(corpus[0][0], "graph")
    # Mapped pages count in RSS for as long as they stay mapped: the 1M run's +580 MB after 50 questions.
    resident = mapped_rss_kb(saved)
    expected = {"data.csc.index.npy", "indices.csc.index.npy"} if postings_read == "mapped" else set()
    assert set(resident) == expected and sum(resident.values()) == 0, resident
    loaded.save(tmp_path)
    again = load(tmp_path, corpus[0])
    assert [again.bm25_scores(q) for q in QUESTIONS[:10]] == [loaded.bm25_scores(q) for q in QUESTIONS[:10]]

"""Hybrid retrieval: BM25 and dense vectors, fused by how well the query's words match the corpus.

Two kinds of question pull in opposite directions. Topic questions in the
field's own words ("which papers distill CLIP?") are won by BM25: the rare
terms pin the papers down. Questions that describe a paper in other words
("a big collection of everyday things people grab...") share almost no term
with the abstract, so BM25 returns noise while the dense model still finds it.
A fixed fusion weight trades one kind for the other, so the weight is set per
query from *lexical coverage*: the share of the query's IDF mass that the best
BM25 document actually contains. High coverage means the words match and BM25
is trusted; low coverage means the query paraphrases, and dense wins.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from rag.corpus import files_of
from rag.formats import author_key
from rag.index import TITLE_PASSAGE, EmptyIndexError, PaperIndex, StoredPaper
from rag.lexical import LexicalIndex
from rag.text import STOP_WORDS, display_title, query_terms, split_sentences, stemmer

MONTHS = {
    m[:3].lower(): m[:3]
    for m in [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ]
}
_MONTH_WORD = re.compile(
    r"\b(January|February|March|April|May|June|July|August|September|October|November|December)\b", re.IGNORECASE
)
_YEAR = re.compile(r"\b(?:in|from|of|during|published in)?\s*((?:19|20)\d{2})\b")
_AUTHORS = re.compile(
    r"\b(?:exactly |just |only )?(\d+|one|two|three|four|five|six|seven|eight|nine|ten) (?:co-?)?authors\b",
    re.IGNORECASE,
)
_NUMBER_WORDS = {
    w: i for i, w in enumerate(["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"])
}
_SOURCE = re.compile(r"\b(\d{3}_[0-9a-f]{16}\.txt)\b")


@dataclass
class Hit:
    """One retrieved paper: the paper, its fused score, and the passage that matched best."""

    rank: int
    paper_id: str
    title: str | None
    abstract: str
    score: float
    passage: str
    dense: float = 0.0
    lexical: float = 0.0
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def source(self) -> str:
        return ",".join(files_of(str(self.metadata.get("sources", ""))))

    @property
    def display_title(self) -> str:
        return display_title(self.title, self.abstract)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "paper_id": self.paper_id,
            "title": self.title,
            "abstract": self.abstract,
            "score": round(self.score, 4),
            "passage": self.passage,
            "source": self.source,
        }


@dataclass
class QueryPlan:
    """The question as retrieval sees it: its text, the filters it implies, and its terms."""

    text: str
    filters: dict[str, Any]
    terms: list[str]


@dataclass
class SearchTimings:
    embed_ms: float = 0.0
    bm25_ms: float = 0.0
    chroma_ms: float = 0.0
    fusion_ms: float = 0.0

    @property
    def total_ms(self) -> float:
        return self.embed_ms + self.bm25_ms + self.chroma_ms + self.fusion_ms


@dataclass
class SearchResult:
    hits: list[Hit]
    plan: QueryPlan
    coverage: float
    bm25_weight: float
    timings: SearchTimings


class Retriever:
    """Searches one :class:`PaperIndex`, holding its paper table and BM25 index in memory."""

    #: Fusion weight for BM25 = clip((coverage - LOW) / (HIGH - LOW), MIN_W, MAX_W).
    coverage_low = 0.35
    coverage_high = 0.85
    min_bm25_weight = 0.1
    max_bm25_weight = 0.75
    #: Dense score = this share of the best sentence's similarity, the rest from the paper's mean vector.
    sentence_weight = 0.5

    def __init__(self, index: PaperIndex, candidates: int = 50) -> None:
        self.index = index
        self.candidates = candidates
        self._lock = threading.Lock()
        self.papers: dict[str, StoredPaper] = {}
        self.reload()

    # ----------------------------------------------------------- loading
    def reload(self) -> None:
        """Read the paper table from Chroma and rebuild the lexical index over it."""
        papers = self.index.load_papers()
        if not papers:
            raise EmptyIndexError(
                f"the index at {self.index.settings.describe_store()} is empty: "
                "run `rag ingest` (or `python ingest.py`)"
            )
        ids = list(papers)
        lexical = LexicalIndex(
            ids,
            (f"{papers[pid].title or ''}\n{papers[pid].abstract}" for pid in ids),
            stemmer(),
            STOP_WORDS,
            self.candidates,
        )
        with self._lock:
            self.papers = papers
            self._lexical = lexical
            self._title_keys = _title_keys(papers)
            self._has_years = any(p.year is not None for p in papers.values())
            self._years = {p.year for p in papers.values() if p.year is not None}

    # ----------------------------------------------------------- planning
    def plan(self, question: str, filters: dict[str, Any] | None = None) -> QueryPlan:
        """Pull year, month and source filters out of the question where the metadata has them."""
        merged: dict[str, Any] = dict(filters or {})
        if "year" not in merged and self._has_years and (m := _YEAR.search(question)):
            merged["year"] = int(m.group(1))
        if "month" not in merged and (m := _MONTH_WORD.search(question)):
            merged["month"] = MONTHS[m.group(1)[:3].lower()]
        if "source" not in merged and (m := _SOURCE.search(question)):
            merged["source"] = m.group(1)
        if "authors" not in merged and (m := _AUTHORS.search(question)):
            count = m.group(1).lower()
            merged["authors"] = int(count) if count.isdigit() else _NUMBER_WORDS[count]
        # Words that became filters ("2023", "December") would only add noise to the lexical match.
        topical = _YEAR.sub(" ", question) if "year" in merged else question
        topical = _MONTH_WORD.sub(" ", topical) if "month" in merged else topical
        topical = _AUTHORS.sub(" ", topical) if "authors" in merged else topical
        topical = _SOURCE.sub(" ", topical) if "source" in merged else topical
        terms = query_terms(topical)
        return QueryPlan(text=question, filters=merged, terms=terms)

    def _where(self, filters: dict[str, Any]) -> dict[str, Any] | None:
        clauses: list[dict[str, Any]] = []
        if filters.get("year") is not None:
            clauses.append({"year": int(filters["year"])})
        if filters.get("month"):
            clauses.append({"month": str(filters["month"])[:3].title()})
        if filters.get("source"):
            clauses.append({f"src:{filters['source']}": True})
        if filters.get("author"):
            clauses.append({f"author:{author_key(str(filters['author']))}": True})
        if filters.get("authors") is not None:
            clauses.append({"authors": int(filters["authors"])})
        if filters.get("paper_ids"):
            clauses.append({"paper_id": {"$in": list(filters["paper_ids"])}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def _matches(self, paper: StoredPaper, filters: dict[str, Any]) -> bool:
        meta = paper.metadata
        if filters.get("year") is not None and meta.get("year") != int(filters["year"]):
            return False
        if filters.get("month") and meta.get("month") != str(filters["month"])[:3].title():
            return False
        if filters.get("source") and not meta.get(f"src:{filters['source']}"):
            return False
        if filters.get("author") and not meta.get(f"author:{author_key(str(filters['author']))}"):
            return False
        if filters.get("authors") is not None and meta.get("authors") != int(filters["authors"]):
            return False
        return not (filters.get("paper_ids") and paper.paper_id not in filters["paper_ids"])

    def coverage(self, terms: Iterable[str], paper_id: str) -> float:
        """Share of the query's IDF mass found in one paper's title and abstract."""
        terms = list(terms)
        if not terms:
            return 0.0
        lexical = self._lexical
        total = sum(lexical.idf(t) for t in terms)
        found = sum(lexical.idf(t) for t in terms if lexical.contains(paper_id, t))
        return found / total if total else 0.0

    def embed_query(self, text: str) -> np.ndarray:
        """The query vector retrieval uses (cached by the embedder, so asking twice costs nothing)."""
        return self.index.embedder.embed_query(text)

    def embed(self, texts: list[str]) -> np.ndarray:
        return self.index.embedder.embed(texts)

    def find_titles(self, text: str) -> list[tuple[int, str]]:
        """Papers a text names, as (offset, paper id) in order of appearance: by full title, by the short
        name before a title's colon ("CLIP-CID"), or by an untitled abstract's opening words."""
        lowered = text.lower()
        found: dict[str, int] = {}
        for key, pid in self._title_keys:
            at = lowered.find(key)
            if at >= 0 and (pid not in found or at < found[pid]):
                before = lowered[at - 1] if at else " "
                after = lowered[at + len(key)] if at + len(key) < len(lowered) else " "
                if not (before.isalnum() or after.isalnum()):
                    found[pid] = at
        return sorted((at, pid) for pid, at in found.items())

    def passage_vectors(self, paper_ids: list[str]) -> dict[str, list[tuple[int, str, np.ndarray]]]:
        """Sentence vectors of papers in the table, fetched by row id."""
        layout = {pid: self.papers[pid].metadata for pid in paper_ids if pid in self.papers}
        return self.index.passage_vectors(paper_ids, layout)

    def idf(self, term: str) -> float:
        return self._lexical.idf(term)

    def contains(self, paper_id: str, term: str) -> bool:
        return self._lexical.contains(paper_id, term)

    def bm25_weight(self, coverage: float) -> float:
        span = (coverage - self.coverage_low) / (self.coverage_high - self.coverage_low)
        return float(min(self.max_bm25_weight, max(self.min_bm25_weight, span)))

    # ----------------------------------------------------------- search
    def search(self, question: str, k: int = 10, filters: dict[str, Any] | None = None) -> SearchResult:
        """The top ``k`` papers for ``question``, each once, with its best passage."""

        timings = SearchTimings()
        plan = self.plan(question, filters)
        n = max(self.candidates, k * 3)

        t0 = time.perf_counter()
        vector = self.embed_query(question)
        t1 = time.perf_counter()
        bm25 = self._lexical.bm25_scores(question) if plan.terms else {}
        t2 = time.perf_counter()
        where = self._where(plan.filters)
        passages = self.index.query_passages(vector, n * 3, where)
        if plan.filters.get("paper_ids"):
            # Paper rows carry no paper_id field to filter on; score the few named papers directly.
            centroid = self.index.paper_similarities(vector, plan.filters["paper_ids"])
        else:
            centroid = dict(self.index.query_papers(vector, n, where))
        t3 = time.perf_counter()
        timings.embed_ms, timings.bm25_ms, timings.chroma_ms = (
            (t1 - t0) * 1000,
            (t2 - t1) * 1000,
            (t3 - t2) * 1000,
        )

        best_passage: dict[str, tuple[float, int, str]] = {}
        for pid, position, text, sim in passages:
            if pid in self.papers and (pid not in best_passage or sim > best_passage[pid][0]):
                best_passage[pid] = (sim, position, text)
        papers = self.papers
        candidates = {
            pid
            for pid in set(bm25) | set(best_passage) | set(centroid)
            if pid in papers and self._matches(papers[pid], plan.filters)
        }
        if not candidates:
            timings.fusion_ms = (time.perf_counter() - t3) * 1000
            return SearchResult([], plan, 0.0, 0.0, timings)

        # A paper outside one dense list scores that list's floor: it ranked below every listed paper.
        sentence_floor = min((v[0] for v in best_passage.values()), default=0.0)
        centroid_floor = min(centroid.values(), default=0.0)
        dense = {
            pid: self.sentence_weight * (best_passage[pid][0] if pid in best_passage else sentence_floor)
            + (1 - self.sentence_weight) * centroid.get(pid, centroid_floor)
            for pid in candidates
        }

        top_bm25 = max(bm25.values(), default=0.0)
        lexical_top = sorted((pid for pid in candidates if pid in bm25), key=lambda p: -bm25[p])[:5]
        coverage = max((self.coverage(plan.terms, pid) for pid in lexical_top), default=0.0)
        weight = self.bm25_weight(coverage) if top_bm25 > 0 else 0.0

        d_min, d_max = min(dense.values()), max(dense.values())
        d_span = (d_max - d_min) or 1.0
        fused = {}
        for pid in candidates:
            lexical = bm25.get(pid, 0.0) / top_bm25 if top_bm25 else 0.0
            fused[pid] = weight * lexical + (1 - weight) * (dense[pid] - d_min) / d_span
        ranked = sorted(candidates, key=lambda p: (-fused[p], p))[:k]

        missing = [pid for pid in ranked if pid not in best_passage]
        if missing:
            for pid, rows in self.passage_vectors(missing).items():
                scored = [(float(vec @ vector), pos, text) for pos, text, vec in rows]
                if scored:
                    best_passage[pid] = max(scored)
        hits = []
        for rank, pid in enumerate(ranked, start=1):
            paper = papers[pid]
            _, position, passage = best_passage.get(pid, (0.0, 0, ""))
            if position == TITLE_PASSAGE or not passage:
                # A title says little on its own; show the abstract's opening sentence as the passage.
                passage = (split_sentences(paper.abstract) or [paper.abstract])[0]
            hits.append(
                Hit(
                    rank=rank,
                    paper_id=pid,
                    title=paper.title,
                    abstract=paper.abstract,
                    score=fused[pid],
                    passage=passage,
                    dense=dense[pid],
                    lexical=bm25.get(pid, 0.0) / top_bm25 if top_bm25 else 0.0,
                    metadata=paper.metadata,
                )
            )
        timings.fusion_ms = (time.perf_counter() - t3) * 1000
        return SearchResult(hits, plan, coverage, weight, timings)


def _title_keys(papers: dict[str, StoredPaper]) -> list[tuple[str, str]]:
    """Lower-cased strings that name each paper; short names only when distinctive and unique."""
    keys: list[tuple[str, str]] = []
    short: dict[str, list[str]] = {}
    for pid, paper in papers.items():
        if paper.title:
            keys.append((paper.title.lower().rstrip("."), pid))
            name = paper.title.split(":", 1)[0].strip() if ":" in paper.title else ""
            if 3 <= len(name) <= 40 and (any(c.isdigit() for c in name) or sum(c.isupper() for c in name) >= 2):
                short.setdefault(name.lower(), []).append(pid)
        else:
            keys.append((" ".join(paper.abstract.split()[:8]).lower(), pid))
    keys += [(name, pids[0]) for name, pids in short.items() if len(pids) == 1]
    return keys

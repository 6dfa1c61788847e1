"""How a paper is laid out in Chroma rows: its passages, their ids, and the metadata of each row.

Chroma metadata holds scalars only, so lists are joined and filterable facts whose number of values is
bounded (source file, category) become boolean keys a ``where`` clause can test. Authors do not: a
Chroma query slows with the number of distinct metadata keys in the collection (400-600 ms at ~50k keys),
and one key per author grows with the corpus, so author filters use the in-process paper table
(rag/papers.py). Rows written before that still carry ``author:`` keys; nothing reads them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from rag.corpus import Paper, files_of
from rag.text import display_title, split_sentences

TITLE_PASSAGE = -1
_FILTER_PREFIXES = ("src:", "author:", "cat:")


@dataclass(slots=True)  # one per paper held in memory: slots save ~100 bytes each
class StoredPaper:
    """A paper as the index holds it: what retrieval and answers need, without the vectors."""

    paper_id: str
    title: str | None
    abstract: str
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def year(self) -> int | None:
        return self.metadata.get("year")

    @property
    def sources(self) -> list[str]:
        return [s for s in str(self.metadata.get("sources", "")).split(",") if s]

    @property
    def source_files(self) -> list[str]:
        return files_of(str(self.metadata.get("sources", "")))

    @property
    def display_title(self) -> str:
        return display_title(self.title, self.abstract)


def passages_for(paper: Paper) -> list[tuple[int, str]]:
    """The (position, text) passages a paper is embedded as: its title, then each sentence."""
    passages = [(TITLE_PASSAGE, paper.title)] if paper.title else []
    passages.extend(enumerate(split_sentences(paper.abstract)))
    return passages


def passage_id(paper_id: str, position: int) -> str:
    return f"{paper_id}#{'t' if position == TITLE_PASSAGE else position}"


def passage_ids(paper_id: str, meta: dict[str, Any]) -> list[str]:
    """The passage row ids of a stored paper, from its row's metadata (title row, then sentences)."""
    has_title = bool(meta.get("has_title"))
    sentences = int(meta.get("n_passages", 0)) - int(has_title)
    title = [passage_id(paper_id, TITLE_PASSAGE)] if has_title else []
    return title + [passage_id(paper_id, i) for i in range(sentences)]


def meta_hash(paper: Paper) -> str:
    # The origins count too: a source that adds nothing new must still be recorded.
    payload = json.dumps([paper.to_dict(), paper.origins], sort_keys=True)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]


def _month(date: str | None) -> str | None:
    return date.split()[0][:3] if date else None


def paper_metadata(paper: Paper, n_passages: int) -> dict[str, Any]:
    """Chroma metadata for a paper row; Chroma takes scalars only, so lists are joined."""
    meta: dict[str, Any] = {
        "title": paper.title or "",
        "has_title": paper.title is not None,
        "sources": ",".join(f"{s.file}:{s.line}" for s in paper.sources),
        "github": " ".join(paper.github),
        "urls": " ".join(paper.urls),
        "content_hash": paper.content_hash,
        "meta_hash": meta_hash(paper),
        "n_passages": n_passages,
    }
    optional = {
        "authors": paper.authors,
        "date": paper.date,
        "year": paper.year,
        "month": _month(paper.date),
        "upvotes": paper.upvotes,
        "venue": paper.venue,
    }
    meta.update({k: v for k, v in optional.items() if v is not None})
    if paper.author_names:
        meta["author_names"] = "; ".join(paper.author_names)
    if paper.categories:
        meta["categories"] = " ".join(paper.categories)
    if paper.doi:
        meta["doi"] = paper.doi
    if paper.arxiv_id:
        meta["arxiv_id"] = paper.arxiv_id
    if paper.origins:
        meta["origins"] = json.dumps(paper.origins, ensure_ascii=False)
    meta.update(filter_keys(paper))
    return meta


def filter_keys(paper: Paper) -> dict[str, bool]:
    """Boolean keys a Chroma ``where`` can test, since metadata holds scalars only: source file and category.

    Only facts with a bounded number of values: files (one per ingested file) and categories (arXiv has
    ~150). Never authors (see the module docstring).
    """
    keys = {f"src:{file}": True for file in paper.source_files}
    keys.update({f"cat:{category}": True for category in paper.categories})
    return keys


def stale_keys(old: dict[str, Any], new: dict[str, Any], passage: bool = False) -> dict[str, None]:
    """Keys to clear: Chroma merges metadata on upsert and update, so a dropped key must be set to None."""
    if passage:
        old = {k: v for k, v in old.items() if k.startswith(_FILTER_PREFIXES) or k in ("year", "month")}
    return {k: None for k in old if k not in new}


def passage_metadata(paper: Paper, position: int, aspect: str | None = None) -> dict[str, Any]:
    meta: dict[str, Any] = {"paper_id": paper.paper_id, "position": position}
    if aspect is not None:  # problem / method / result / other (rag.aspects), stored with the sentence
        meta["aspect"] = aspect
    if paper.year is not None:
        meta["year"] = paper.year
    if month := _month(paper.date):
        meta["month"] = month
    meta.update(filter_keys(paper))
    return meta


def stored_paper(paper_id: str, document: str, meta: dict[str, Any]) -> StoredPaper:
    return StoredPaper(
        paper_id=paper_id,
        title=meta.get("title") if meta.get("has_title") else None,
        abstract=document,
        metadata=dict(meta),
    )

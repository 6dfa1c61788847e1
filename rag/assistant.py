"""The public entry point: :class:`Assistant` opens the index once and answers questions."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

from rag.config import Settings, get_settings, offline_environment
from rag.index import PaperIndex
from rag.retrieve import Hit, Retriever, SearchResult


class Assistant:
    """Search and cited answers over one index. Thread-safe; load it once and share it.

    >>> assistant = Assistant()                       # the default embedded index
    >>> [h.title for h in assistant.search("which papers distill CLIP?", k=5)]
    """

    def __init__(self, settings: Settings | None = None, **overrides: Any) -> None:
        offline_environment()
        self.settings = settings or get_settings(**overrides)
        self.index = PaperIndex(self.settings)
        self.retriever = Retriever(self.index, candidates=self.settings.candidates)
        self._generators: dict[str, Any] = {}
        self._lock = threading.Lock()

    @property
    def paper_count(self) -> int:
        return len(self.retriever.papers)

    def reload(self) -> None:
        """Pick up what a concurrent ingest wrote."""
        self.retriever.reload()

    def search(self, question: str, k: int | None = None, filters: dict[str, Any] | None = None) -> list[Hit]:
        """The top ``k`` papers for ``question``, one hit per paper, best passage included."""
        return self.search_detailed(question, k=k, filters=filters).hits

    def search_detailed(
        self, question: str, k: int | None = None, filters: dict[str, Any] | None = None
    ) -> SearchResult:
        """:meth:`search` plus the query plan, fusion weight and per-stage timings."""
        question = self._check_question(question)
        return self.retriever.search(question, k=k or self.settings.top_k, filters=filters)

    def _check_question(self, question: str) -> str:
        cleaned = "".join(ch if ch.isprintable() or ch in "\n\t" else " " for ch in (question or "")).strip()
        if not cleaned:
            raise ValueError("the question is empty")
        if len(cleaned) > self.settings.max_question_chars:
            raise ValueError(
                f"the question is {len(cleaned):,} characters long; the limit is {self.settings.max_question_chars:,}"
            )
        return cleaned

    def __iter__(self) -> Iterator[str]:  # pragma: no cover - convenience
        return iter(self.retriever.papers)

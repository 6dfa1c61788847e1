"""The public entry point: :class:`Assistant` opens the index once and answers questions."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TypedDict, Unpack

from rag.config import Settings, get_settings, offline_environment
from rag.index import PaperIndex
from rag.retrieve import Hit, Retriever, SearchResult
from rag.rows import StoredPaper

if TYPE_CHECKING:
    # The answer layer loads on the first answer (see Assistant.engine): `rag search` never needs it.
    from rag.answer import Answer, AnswerEngine
    from rag.answer.evidence import Evidence
    from rag.llamaindex import AssistantRetriever, CitedQueryEngine


class AskOptions(TypedDict, total=False):
    """Per-question options of :meth:`Assistant.ask` and :meth:`Assistant.ask_stream`."""

    k: int | None  # papers to consider (default Settings.top_k)
    filters: dict[str, Any] | None  # year, month, source, authors, ... (see rag/retrieve.py)
    generator: str | None  # "offline", "llm" or "auto"
    model: str | None  # LLM model name for this question


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
        self._engine: AnswerEngine | None = None
        self._engines: dict[str, AnswerEngine] = {}
        self._engines_lock = threading.Lock()

    @property
    def engine(self) -> AnswerEngine:
        """The answer engine for the configured model, made on first use: importing the answer layer
        costs a one-shot `rag search` a fifth of a second it never gets back."""
        engine = self._engine
        if engine is None:
            with self._engines_lock:  # one engine, however many threads ask first
                if self._engine is None:
                    from rag.answer import AnswerEngine

                    self._engine = AnswerEngine(self.settings, self.retriever)
                engine = self._engine
        return engine

    @property
    def paper_count(self) -> int:
        return len(self.retriever.papers)

    def paper(self, paper_id: str) -> StoredPaper | None:
        """One indexed paper by id, or ``None``."""
        return self.retriever.papers.get(paper_id)

    def papers(self) -> list[StoredPaper]:
        """Every indexed paper (a snapshot: a concurrent reload does not change it)."""
        return list(self.retriever.papers.values())

    def titles(self) -> dict[str, str]:
        """Paper id -> the title shown to users (a stand-in for untitled abstracts)."""
        return {pid: paper.display_title for pid, paper in self.retriever.papers.items()}

    def reload(self) -> None:
        """Pick up what a concurrent ingest wrote."""
        self.retriever.reload()

    def search(
        self,
        question: str,
        k: int | None = None,
        filters: dict[str, Any] | None = None,
        offset: int = 0,
        sort: str | None = None,
    ) -> list[Hit]:
        """Papers ``offset`` to ``offset + k`` for ``question`` (the top ``k`` by default), one hit per paper.

        ``sort`` orders them by a metadata field ("-authors", "newest", "date", "-upvotes"), as
        ``filters={"sort": ...}`` does (rag/query.py)."""
        return self.search_detailed(question, k=k, filters=filters, offset=offset, sort=sort).hits

    def search_detailed(
        self,
        question: str,
        k: int | None = None,
        filters: dict[str, Any] | None = None,
        offset: int = 0,
        sort: str | None = None,
    ) -> SearchResult:
        """:meth:`search` plus the query plan, fusion weight, matching-paper count and per-stage timings."""
        question = self._check_question(question)
        k = self._check_k(k)
        if offset < 0:
            raise ValueError(f"offset must be 0 or more, not {offset}")
        if sort is not None:
            filters = {**(filters or {}), "sort": sort}
        return self.retriever.search(question, k=k, filters=filters, offset=offset)

    def ask(self, question: str, history: list[dict[str, str]] | None = None, **options: Unpack[AskOptions]) -> Answer:
        """A cited answer to ``question``; ``history`` holds earlier turns as role/content messages."""
        from rag.answer import Answer

        answer = None
        for part in self.ask_stream(question, history=history, **options):
            if isinstance(part, Answer):
                answer = part
        assert answer is not None
        return answer

    def ask_stream(
        self, question: str, history: list[dict[str, str]] | None = None, **options: Unpack[AskOptions]
    ) -> Iterator[str | Answer]:
        """Yield the answer's text as it is written, then the final :class:`Answer`.

        The final ``Answer.text`` is authoritative: citation markers may have been renumbered
        or stripped after streaming, and a failed LLM stream is replaced by the offline draft.
        """
        question = self._check_question(question)
        clean_history = [
            {"role": m["role"], "content": str(m["content"])}
            for m in (history or [])
            if isinstance(m, dict) and m.get("role") in ("user", "assistant") and m.get("content")
        ]
        engine = self._engine_for(options.get("model"))
        yield from engine.run(
            question,
            clean_history,
            k=self._check_k(options.get("k")),
            filters=options.get("filters"),
            generator=options.get("generator"),
        )

    def evidence(
        self, question: str, history: list[dict[str, str]] | None = None, k: int | None = None
    ) -> list[Evidence]:
        """The papers retrieval finds for ``question``, each with its relevance verdict and best sentences."""
        return self.engine.assess(self._check_question(question), history, k)

    def _engine_for(self, model: str | None) -> AnswerEngine:
        """The answer engine for an LLM model name; engines for other models are made once and kept."""
        model = (model or "").strip()
        if not model or model == self.settings.llm_model:
            return self.engine
        with self._engines_lock:
            if model not in self._engines:
                from rag.answer import AnswerEngine

                if len(self._engines) >= 8:
                    self._engines.pop(next(iter(self._engines)))
                settings = self.settings.model_copy(update={"llm_model": model})
                self._engines[model] = AnswerEngine(settings, self.retriever)
            return self._engines[model]

    def llm_status(self) -> str:
        """One line on the configured LLM endpoint, for the UI's settings panel."""
        if not self.settings.llm_configured:
            return "not configured: answers come from the offline drafter"
        return self.engine.llm().status()

    def _check_k(self, k: int | None) -> int:
        """``k`` as given (None: the configured top k); 0, negative or not a whole number is an error, not a
        slice: ``k=-1`` must not quietly mean "all but the last"."""
        if k is None:
            return self.settings.top_k
        if isinstance(k, bool) or not isinstance(k, int) or k < 1:
            raise ValueError(f"k must be a whole number of 1 or more, not {k!r}")
        return k

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

    def as_retriever(self, k: int | None = None, filters: dict[str, Any] | None = None) -> AssistantRetriever:
        """This assistant's search as a llama-index ``BaseRetriever``: one node per paper, passage as text."""
        from rag.llamaindex import AssistantRetriever  # llama-index loads only for callers who want it

        return AssistantRetriever(self, k=k, filters=filters)

    def as_query_engine(self, **ask_kwargs: Any) -> CitedQueryEngine:
        """A llama-index query engine answering through :meth:`ask`; ``ask_kwargs`` go to every call."""
        from rag.llamaindex import CitedQueryEngine

        return CitedQueryEngine(self, **ask_kwargs)

"""The assistant as llama-index components, for users who compose their own pipelines.

:class:`AssistantRetriever` is a ``BaseRetriever``: our hybrid search, one node per paper, the best
passage as the node text and the paper's metadata alongside. :class:`CitedQueryEngine` is a
``BaseQueryEngine`` whose ``Response`` is our checked answer: its text keeps the ``[n]`` markers, its
source nodes are the cited papers in marker order with both verdicts, and ``metadata["answer"]``
holds the whole :class:`~rag.answer.Answer` as a dict.

llama-index is imported here only, so ``rag search``/``ask`` and the app do not pay for it; get
these through :meth:`Assistant.as_retriever` and :meth:`Assistant.as_query_engine`.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from llama_index.core.base.base_query_engine import BaseQueryEngine
from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.base.response.schema import Response
from llama_index.core.callbacks import CallbackManager
from llama_index.core.prompts.mixin import PromptMixinType
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode

from rag.text import display_title

if TYPE_CHECKING:
    from rag.assistant import Assistant
    from rag.retrieve import Hit

#: Metadata a chat engine's LLM sees next to each passage; the rest (abstract, ids, sources, scores)
#: is for the caller, and sending the abstract too would put every paper in the prompt twice.
LLM_METADATA = ("title", "year", "author_names")


def paper_metadata(paper_id: str, title: str | None, abstract: str, stored: dict[str, Any]) -> dict[str, Any]:
    """A paper's node metadata: lists for the several sources, URLs and author names a paper can have.

    ``authors`` is the author count. It, ``year`` and the other optional fields are left out when the
    source did not state them, so neither an LLM nor a metadata filter reads "None" as a value.
    """
    metadata: dict[str, Any] = {"paper_id": paper_id, "title": display_title(title, abstract)}
    metadata.update({key: stored[key] for key in ("authors", "year", "doi", "arxiv_id") if stored.get(key) is not None})
    if names := [n for n in str(stored.get("author_names", "")).split("; ") if n]:
        metadata["author_names"] = names  # BibTeX, arXiv and CSV imports name them; listing pages do not
    metadata["sources"] = [s for s in str(stored.get("sources", "")).split(",") if s]  # "file:line" of each copy
    metadata["urls"] = str(stored.get("urls", "")).split()
    metadata["abstract"] = abstract
    return metadata


def _node(node_id: str, text: str, metadata: dict[str, Any]) -> TextNode:
    hidden = [key for key in metadata if key not in LLM_METADATA]
    return TextNode(
        id_=node_id,
        text=text,
        metadata=metadata,
        excluded_llm_metadata_keys=hidden,
        excluded_embed_metadata_keys=hidden,
    )


def hit_node(hit: Hit) -> NodeWithScore:
    """One retrieved paper as a node: the best passage as text, the fused score as the node's score."""
    metadata = paper_metadata(hit.paper_id, hit.title, hit.abstract, hit.metadata)
    metadata.update(rank=hit.rank, dense=round(hit.dense, 4), lexical=round(hit.lexical, 4))
    return NodeWithScore(node=_node(hit.paper_id, hit.passage, metadata), score=hit.score)


class AssistantRetriever(BaseRetriever):
    """Hybrid BM25 + dense search over the assistant's index, one node per paper.

    ``filters`` are the assistant's own (``year``, ``month``, ``source``, ``authors``, ``paper_ids``);
    filters the question states ("in 2024") are read from it as in :meth:`Assistant.search`.
    """

    def __init__(
        self,
        assistant: Assistant,
        k: int | None = None,
        filters: dict[str, Any] | None = None,
        callback_manager: CallbackManager | None = None,
    ) -> None:
        self.assistant = assistant
        self.k = k
        self.filters = dict(filters or {})
        super().__init__(callback_manager=callback_manager)

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        hits = self.assistant.search(query_bundle.query_str, k=self.k, filters=self.filters)
        return [hit_node(h) for h in hits]

    async def _aretrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        # Search embeds and queries Chroma synchronously; keep the caller's event loop free meanwhile.
        return await asyncio.to_thread(self._retrieve, query_bundle)


class CitedQueryEngine(BaseQueryEngine):
    """Answers through :meth:`Assistant.ask`, so the response carries our checked citations.

    ``Response.response`` is ``Answer.text`` with its ``[n]`` markers; ``source_nodes`` are the cited
    papers in citation order (node metadata ``n``, ``supported``, ``support``, ``relevant``,
    ``relevance``, ``passage``; the node text is the passage), scored by support. A refusal has no
    source nodes; ``metadata["answer"]["closest"]`` then lists the nearest papers.
    """

    def __init__(
        self, assistant: Assistant, callback_manager: CallbackManager | None = None, **ask_kwargs: Any
    ) -> None:
        self.assistant = assistant
        self.ask_kwargs = ask_kwargs
        super().__init__(callback_manager=callback_manager)

    def _get_prompt_modules(self) -> PromptMixinType:
        return {}  # prompts live in rag's own templates, not in llama-index prompt modules

    def retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        """The papers the answer would draw on, as :class:`AssistantRetriever` returns them."""
        filters = self.ask_kwargs.get("filters")
        return AssistantRetriever(self.assistant, k=self.ask_kwargs.get("k"), filters=filters).retrieve(query_bundle)

    def _query(self, query_bundle: QueryBundle) -> Response:
        answer = self.assistant.ask(query_bundle.query_str, **self.ask_kwargs)
        nodes = []
        for c in answer.citations:
            metadata = paper_metadata(c.paper_id, c.title, c.abstract, c.metadata)
            metadata.update(
                n=c.n,
                passage=c.passage,
                supported=c.supported,
                support=round(c.support, 3),
                # getattr: the relevance verdict is newer than the support one in the answer layer
                relevant=getattr(c, "relevant", None),
                relevance=round(float(getattr(c, "relevance", 0.0)), 3),
            )
            nodes.append(NodeWithScore(node=_node(c.paper_id, c.passage, metadata), score=c.support))
        return Response(response=answer.text, source_nodes=nodes, metadata={"answer": answer.to_dict()})

    async def _aquery(self, query_bundle: QueryBundle) -> Response:
        return await asyncio.to_thread(self._query, query_bundle)

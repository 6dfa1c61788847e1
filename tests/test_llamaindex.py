"""The assistant as llama-index components: a retriever, a cited query engine, and a chat engine built on them."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from typing import Any

import pytest

from bench.fake_openai import FakeOpenAIServer

QUESTION = "which papers distill CLIP?"
CLIP_CID = "CLIP-CID: Efficient CLIP Distillation via Cluster-Instance Discrimination"
# authors (a count) and year are there when the page states them.
PAPER_KEYS = {"paper_id", "title", "sources", "urls", "abstract"}
FOLLOW_UP = "and which of them was published most recently?"
STANDALONE = "which papers distill CLIP models into smaller ones?"


def test_the_retriever_returns_one_node_per_paper_with_its_metadata_and_best_passage(small_assistant) -> None:
    from llama_index.core.base.base_retriever import BaseRetriever
    from llama_index.core.schema import MetadataMode

    retriever = small_assistant.as_retriever(k=5)
    assert isinstance(retriever, BaseRetriever)
    nodes = retriever.retrieve(QUESTION)
    hits = small_assistant.search(QUESTION, k=5)

    assert [n.node.node_id for n in nodes] == [h.paper_id for h in hits]
    assert [n.score for n in nodes] == [h.score for h in hits]
    assert CLIP_CID in [n.node.metadata["title"] for n in nodes]
    for node, hit in zip(nodes, hits, strict=True):
        meta = node.node.metadata
        assert set(meta) >= PAPER_KEYS
        assert node.node.get_content() == hit.passage and meta["abstract"] == hit.abstract
        assert meta["sources"] and all(re.fullmatch(r"\d{3}_[0-9a-f]{16}\.txt:\d+", s) for s in meta["sources"])
        # What an LLM sees: the title and the passage, not the abstract a second time nor the bookkeeping.
        seen = node.node.get_content(metadata_mode=MetadataMode.LLM)
        assert meta["title"] in seen and hit.passage in seen
        assert "abstract:" not in seen and "paper_id:" not in seen
        assert meta.get("year") == hit.metadata.get("year") and meta.get("authors") == hit.metadata.get("authors")

    # Filters are the assistant's own, and the async path gives the same nodes.
    in_2023 = small_assistant.as_retriever(k=5, filters={"year": 2023}).retrieve(QUESTION)
    assert in_2023 and {n.node.metadata["year"] for n in in_2023} == {2023}
    again = asyncio.run(retriever.aretrieve(QUESTION))
    assert [n.node.node_id for n in again] == [n.node.node_id for n in nodes]


def test_the_query_engine_response_keeps_the_verified_citations(small_assistant) -> None:
    from llama_index.core.base.base_query_engine import BaseQueryEngine

    engine = small_assistant.as_query_engine(generator="offline")
    assert isinstance(engine, BaseQueryEngine)
    response = engine.query(QUESTION)
    answer = small_assistant.ask(QUESTION, generator="offline")

    assert response.response == answer.text and re.search(r"\[\d+\]", response.response)
    timeless = {k: v for k, v in answer.to_dict().items() if k != "timings_ms"}
    assert {k: v for k, v in response.metadata["answer"].items() if k != "timings_ms"} == timeless
    assert [n.node.node_id for n in response.source_nodes] == answer.cited_paper_ids
    assert [n.node.metadata["n"] for n in response.source_nodes] == [c.n for c in answer.citations]
    for node, citation in zip(response.source_nodes, answer.citations, strict=True):
        meta = node.node.metadata
        assert set(meta) >= PAPER_KEYS
        assert node.node.get_content() == meta["passage"] == citation.passage
        assert meta["supported"] == citation.supported and node.score == citation.support
        assert "relevant" in meta
    # Every marker in the text names one of the source nodes.
    numbers = {n.node.metadata["n"] for n in response.source_nodes}
    assert {int(m) for m in re.findall(r"\[(\d+)\]", response.response)} <= numbers
    assert CLIP_CID in [n.node.metadata["title"] for n in response.source_nodes]


def test_a_refusal_reaches_llama_index_as_a_response_without_sources(small_assistant) -> None:
    response = small_assistant.as_query_engine(generator="offline").query("what is the best sourdough bread recipe?")
    assert response.metadata["answer"]["refused"] is True
    assert response.source_nodes == []


# ---------------------------------------------------------------------- a llama-index chat engine on our retriever
def _reply(request: dict[str, Any]) -> str:
    """The fake LLM: rewrites follow-ups to a fixed standalone question, else names the first titled context paper."""
    messages = request["messages"]
    text = "\n".join(str(m["content"]) for m in messages)
    if "Standalone question:" in text:
        return STANDALONE
    system = next(str(m["content"]) for m in messages if m["role"] == "system")
    first_title = re.search(r"^\s*title: (.+)$", system, re.MULTILINE)
    return f"The closest match is {first_title.group(1) if first_title else 'nothing'}."


@pytest.fixture()
def llm_server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer(api_key="sk-test", default=_reply) as server:
        yield server


def test_llama_index_chat_engine_answers_from_our_retriever(small_assistant, llm_server: FakeOpenAIServer) -> None:
    from llama_index.core.chat_engine import CondensePlusContextChatEngine
    from llama_index.llms.openai_like import OpenAILike

    llm = OpenAILike(
        model="fake-model",
        api_base=llm_server.base_url,
        api_key="sk-test",
        is_chat_model=True,
        context_window=16_000,
        max_retries=0,
    )
    retriever = small_assistant.as_retriever(k=5)
    chat = CondensePlusContextChatEngine.from_defaults(retriever, llm=llm)

    first = chat.chat(QUESTION)
    expected = retriever.retrieve(QUESTION)
    assert [n.node.node_id for n in first.source_nodes] == [n.node.node_id for n in expected]
    assert first.response == f"The closest match is {expected[0].node.metadata['title']}."
    # Our passages and titles are what the LLM was given as context.
    system = next(m["content"] for m in llm_server.chat_requests[-1].body["messages"] if m["role"] == "system")
    assert all(n.node.get_content() in system for n in expected)
    assert CLIP_CID in system

    # A follow-up, streamed over SSE: the engine condenses it through the LLM, then retrieves with our retriever.
    second = chat.stream_chat(FOLLOW_UP)
    streamed = "".join(second.response_gen)
    condensed = retriever.retrieve(STANDALONE)
    assert [n.node.node_id for n in second.source_nodes] == [n.node.node_id for n in condensed]
    assert streamed == f"The closest match is {condensed[0].node.metadata['title']}."
    bodies = [r.body for r in llm_server.chat_requests]
    assert len(bodies) == 3 and bodies[-1]["stream"] is True
    assert FOLLOW_UP in str(bodies[1]["messages"]) and "Standalone question:" in str(bodies[1]["messages"])

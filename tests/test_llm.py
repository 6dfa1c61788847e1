"""The LLM generator against a real OpenAI-compatible HTTP server double.

Whatever the endpoint does (cites well, cites badly, errors, stalls, cuts the stream,
sends garbage, or is not there at all), the user gets an answer and never an exception;
failures fall back to the offline drafter with a notice, and the API key never leaks.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.common import free_port
from bench.fake_openai import Behaviour, FakeOpenAIServer, cite_first_two_sources, first_sentence, sources_in
from rag.answer import Answer
from rag.citations import MARKER, parse_marker

API_KEY = "sk-test-secret-123456"
# Three papers of the small index answer it, so a reply can cite two sources.
CLIP_QUESTION = "Which papers do knowledge distillation for vision-language models?"
CLIP_CID = "CLIP-CID: Efficient CLIP Distillation via Cluster-Instance Discrimination"
#: These tests check what the model wrote; quoting the papers it left out has tests of its own.
FAST = {"llm_timeout": 2, "llm_max_retries": 1, "llm_quote_left_out": False}


def markers_in(text: str) -> list[int]:
    return [n for m in MARKER.finditer(text) for n in parse_marker(m.group(1))]


def stream(assistant, question: str, **kwargs: Any) -> tuple[list[str], Answer]:
    *pieces, final = list(assistant.ask_stream(question, **kwargs))
    assert isinstance(final, Answer)
    assert all(isinstance(p, str) for p in pieces)
    return pieces, final


def assert_offline_fallback(answer: Answer, why: str) -> None:
    assert answer.generator == "offline"
    assert not answer.refused
    assert CLIP_CID in [c.title for c in answer.citations], "the offline drafter still answers"
    assert any(why in n for n in answer.notices), answer.notices
    assert any("offline drafter" in n for n in answer.notices), answer.notices


# ---------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def server() -> Iterator[FakeOpenAIServer]:
    with FakeOpenAIServer(api_key=API_KEY) as fake:
        yield fake


@pytest.fixture(autouse=True)
def fresh_server(server: FakeOpenAIServer) -> Iterator[None]:
    server.reset()
    server.default = cite_first_two_sources
    yield
    server.reset()


@pytest.fixture(scope="module")
def make_assistant(small_index_dir: Path, server: FakeOpenAIServer):
    """An Assistant pointed at the fake server; one per distinct set of settings (opening the index costs ~2 s)."""
    from rag import Assistant

    cache: dict[tuple, Any] = {}

    def make(**overrides: Any):
        settings = {
            "index_dir": small_index_dir,
            "llm_base_url": server.base_url,
            "llm_api_key": API_KEY,
            "llm_model": "fake-model",
            **FAST,
            **overrides,
        }
        key = tuple(sorted((k, str(v)) for k, v in settings.items()))
        if key not in cache:
            cache[key] = Assistant(**settings)
        return cache[key]

    return make


@pytest.fixture()
def llm_assistant(make_assistant):
    return make_assistant()


# ---------------------------------------------------------------------- a good answer
def test_a_cited_reply_streams_through_and_is_checked(llm_assistant, server: FakeOpenAIServer) -> None:
    pieces, answer = stream(llm_assistant, CLIP_QUESTION)
    assert len(pieces) > 1, "the reply is streamed delta by delta"
    assert answer.generator == "llm:fake-model"
    assert not answer.refused
    assert answer.notices == []

    [request] = server.chat_requests
    assert request.body["stream"] is True
    assert request.body["model"] == "fake-model"
    assert request.headers["authorization"] == f"Bearer {API_KEY}"
    sources = sources_in(request.body)
    assert [n for n, _, _ in sources] == list(range(1, len(sources) + 1))
    assert CLIP_CID in [t for _, t, _ in sources]

    expected = cite_first_two_sources(request.body)
    assert "".join(pieces) == expected, "the deltas join up to exactly what the model wrote"
    assert answer.text == expected  # markers [1] and [2] are already in first-use order
    assert [c.title for c in answer.citations] == [title for _, title, _ in sources[:2]]
    assert all(c.supported for c in answer.citations)
    assert all(c.passage in c.abstract for c in answer.citations)
    assert sorted(set(markers_in(answer.text))) == list(range(1, len(sources[:2]) + 1))

    counts = answer.token_counts
    assert set(counts) >= {"prompt_tokens", "source_tokens", "sources_used", "sources_dropped"}
    assert counts["sources_used"] == len(sources) > 0
    assert 0 < counts["source_tokens"] < counts["prompt_tokens"]
    assert "llm_ms" in answer.timings


def test_markers_are_renumbered_by_first_use(llm_assistant, server: FakeOpenAIServer) -> None:
    def cite_second_then_first(request: dict[str, Any]) -> str:
        (n1, t1, a1), (n2, t2, a2) = sources_in(request)[:2]
        return f"- **{t2}**: {first_sentence(a2)} [{n2}]\n- **{t1}**: {first_sentence(a1)} [{n1}]"

    server.default = cite_second_then_first
    answer = llm_assistant.ask(CLIP_QUESTION)
    sources = sources_in(server.chat_requests[0].body)
    assert answer.generator == "llm:fake-model"
    assert [c.title for c in answer.citations] == [sources[1][1], sources[0][1]]
    assert markers_in(answer.text) == [1, 2]


# ---------------------------------------------------------------------- bad citations
def test_a_marker_naming_no_supplied_source_is_stripped_with_a_notice(llm_assistant, server: FakeOpenAIServer) -> None:
    def cite_one_real_and_one_invented(request: dict[str, Any]) -> str:
        n, title, abstract = sources_in(request)[0]
        return f"- **{title}**: {first_sentence(abstract)} [{n}][99]"

    server.default = cite_one_real_and_one_invented
    answer = llm_assistant.ask(CLIP_QUESTION)
    assert answer.generator == "llm:fake-model"
    assert answer.stripped_markers == 1
    assert answer.total_markers == 2
    assert "[99]" not in answer.text
    assert markers_in(answer.text) == [1]
    assert len(answer.citations) == 1 and answer.citations[0].supported
    assert any("named no supplied source" in n and "1 citation" in n for n in answer.notices), answer.notices


def test_a_reply_citing_nothing_falls_back_to_the_offline_drafter(llm_assistant, server: FakeOpenAIServer) -> None:
    server.default = "CLIP is distilled by several papers, but I will not say which."
    pieces, answer = stream(llm_assistant, CLIP_QUESTION)
    assert_offline_fallback(answer, "cited no source")
    assert "I will not say which" not in answer.text
    streamed = "".join(pieces)
    assert streamed.startswith("CLIP is distilled") and streamed.endswith(answer.text), "LLM text, then the draft"
    assert len(server.chat_requests) == 1


def test_a_reply_citing_only_invented_sources_falls_back(llm_assistant, server: FakeOpenAIServer) -> None:
    server.default = "CLIP-CID distills CLIP [42]."
    answer = llm_assistant.ask(CLIP_QUESTION)
    assert_offline_fallback(answer, "cited no source")


def test_an_answer_whose_only_claim_is_unsupported_is_replaced_by_the_offline_draft(
    llm_assistant, server: FakeOpenAIServer
) -> None:
    server.default = "[1] proves that bananas cure cancer."
    answer = llm_assistant.ask(CLIP_QUESTION)
    assert answer.generator == "offline"
    assert "bananas" not in answer.text
    assert all(c.supported for c in answer.citations)
    assert any("No claim in the LLM's answer is supported" in n for n in answer.notices), answer.notices


def test_an_answer_left_with_only_a_marker_is_replaced_by_the_offline_draft(
    llm_assistant, server: FakeOpenAIServer
) -> None:
    # The local 1.5B model's way of failing: two unsupported sentences, the marker on a line of its own
    server.default = "CLIP-CID removes half of LAION.\nIt also cures cancer.\n[1]"
    answer = llm_assistant.ask(CLIP_QUESTION)
    assert answer.generator == "offline" and answer.text.strip() != "[1]"
    assert all(c.supported for c in answer.citations)


def _a_claim_and_an_invented_one(request: dict[str, Any]) -> str:
    (n1, _, a1), (n2, _, _) = sources_in(request)[:2]
    return f"{first_sentence(a1)} [{n1}]\nThis paper proves that bananas cure cancer in mice [{n2}]."


def _a_claim_citing_an_extra_source(request: dict[str, Any]) -> str:
    (n1, _, a1), (n2, _, _) = sources_in(request)[:2]
    return f"{first_sentence(a1)} [{n1}, {n2}]"


@pytest.mark.parametrize(
    ("reply", "notice"),
    [
        (_a_claim_and_an_invented_one, "sentence(s) that no cited abstract supports were removed"),
        (_a_claim_citing_an_extra_source, "citation(s) of a source that does not state its sentence were removed"),
    ],
    ids=["unsupported-claim", "extra-source"],
)
def test_only_what_a_cited_source_states_is_shown_and_only_with_that_source(
    llm_assistant, server: FakeOpenAIServer, reply: Any, notice: str
) -> None:
    server.default = reply
    answer = llm_assistant.ask(CLIP_QUESTION)
    assert answer.generator == "llm:fake-model"
    assert "bananas" not in answer.text
    assert [c.supported for c in answer.citations] == [True]
    assert sorted({n for m in MARKER.finditer(answer.text) for n in parse_marker(m.group(1))}) == [1]
    assert any(notice in n for n in answer.notices), answer.notices


def test_an_uncited_sentence_is_removed(llm_assistant, server: FakeOpenAIServer) -> None:
    def echo_instructions(request: dict[str, Any]) -> str:
        return cite_first_two_sources(request) + "\nUse only the numbered sources and never outside knowledge."

    server.default = echo_instructions
    answer = llm_assistant.ask(CLIP_QUESTION)
    assert answer.generator == "llm:fake-model"
    assert "outside knowledge" not in answer.text
    assert all(c.supported for c in answer.citations)


def cite_clip_cid(claim: str):
    """A model that cites CLIP-CID, whatever number it has in the prompt, for ``claim``."""

    def reply(request: dict[str, Any]) -> str:
        n = next(n for n, title, _ in sources_in(request) if title == CLIP_CID)
        return f"{claim} [{n}]"

    return reply


def test_a_paraphrase_of_what_the_abstract_says_is_supported(llm_assistant, server: FakeOpenAIServer) -> None:
    server.default = cite_clip_cid("CLIP-CID removes 43.7% of the image-text pairs in LAION400M.")
    answer = llm_assistant.ask(CLIP_QUESTION)
    assert [c.title for c in answer.citations] == [CLIP_CID]
    assert answer.citations[0].supported
    assert answer.notices == []


def test_a_claim_with_a_number_the_abstract_does_not_state_is_never_shown(
    llm_assistant, server: FakeOpenAIServer
) -> None:
    server.default = cite_clip_cid("CLIP-CID filters out 90% of the image-text pairs from LAION400M.")
    answer = llm_assistant.ask(CLIP_QUESTION)
    assert "90%" not in answer.text
    assert answer.generator == "offline"
    assert all(c.supported for c in answer.citations)


# ---------------------------------------------------------------------- the context budget
def test_sources_that_do_not_fit_the_context_budget_are_dropped_and_cannot_be_cited(
    make_assistant, server: FakeOpenAIServer
) -> None:
    assistant = make_assistant(llm_context_tokens=1800)
    server.default = lambda request: cite_first_two_sources(request) + " Also see [10]."
    answer = assistant.ask(CLIP_QUESTION)
    counts = answer.token_counts
    supplied = sources_in(server.chat_requests[0].body)
    assert counts["sources_used"] == len(supplied) < 10
    assert counts["sources_used"] + counts["sources_dropped"] <= len(answer.hits)
    assert counts["prompt_tokens"] <= 1800 - assistant.settings.llm_answer_tokens
    assert answer.generator == "llm:fake-model"
    assert answer.stripped_markers == 1 and "[10]" not in answer.text


# ---------------------------------------------------------------------- endpoint failures
def test_a_500_then_success_is_retried_and_answered_by_the_llm(llm_assistant, server: FakeOpenAIServer) -> None:
    server.script(Behaviour(status=500))
    answer = llm_assistant.ask(CLIP_QUESTION)
    assert len(server.chat_requests) == 2
    assert answer.generator == "llm:fake-model"
    assert answer.notices == []
    assert all(c.supported for c in answer.citations)


def test_a_429_with_retry_after_is_honoured(llm_assistant, server: FakeOpenAIServer) -> None:
    server.script(Behaviour(status=429, retry_after=0.1))
    answer = llm_assistant.ask(CLIP_QUESTION)
    first, second = server.chat_requests
    assert second.time - first.time >= 0.1
    assert answer.generator == "llm:fake-model"
    assert answer.notices == []


def test_a_persistent_500_falls_back_without_raising(llm_assistant, server: FakeOpenAIServer) -> None:
    server.default = Behaviour(status=500)
    pieces, answer = stream(llm_assistant, CLIP_QUESTION)
    assert len(server.chat_requests) == 2, "one try plus llm_max_retries=1 retry"
    assert_offline_fallback(answer, "HTTP 500")
    assert "".join(pieces).strip() == answer.text


def test_a_slow_endpoint_times_out_and_falls_back(make_assistant, server: FakeOpenAIServer) -> None:
    assistant = make_assistant(llm_timeout=0.5, llm_max_retries=0)
    server.default = Behaviour(reply=cite_first_two_sources, delay=2)
    answer = assistant.ask(CLIP_QUESTION)
    assert_offline_fallback(answer, "no answer within 0.5 s")
    assert answer.timings["llm_ms"] < 1900


def test_a_stream_that_stalls_between_chunks_falls_back(make_assistant, server: FakeOpenAIServer) -> None:
    assistant = make_assistant(llm_timeout=0.5, llm_max_retries=0)
    server.default = Behaviour(reply=cite_first_two_sources, chunk_delay=1.5)
    pieces, answer = stream(assistant, CLIP_QUESTION)
    assert_offline_fallback(answer, "The LLM endpoint failed")
    assert answer.timings["llm_ms"] < 1400
    assert "".join(pieces).strip() == answer.text, "nothing arrived from the LLM, so only the draft was streamed"


def test_a_stream_that_stalls_between_chunks_is_reported_as_a_timeout(make_assistant, server: FakeOpenAIServer) -> None:
    assistant = make_assistant(llm_timeout=0.5, llm_max_retries=0)
    server.default = Behaviour(reply=cite_first_two_sources, chunk_delay=1.5)
    answer = assistant.ask(CLIP_QUESTION)
    assert_offline_fallback(answer, "no answer within 0.5 s")


def test_a_truncated_stream_falls_back_without_raising(llm_assistant, server: FakeOpenAIServer) -> None:
    server.default = Behaviour(reply=cite_first_two_sources, truncate_stream=True, truncate_after=2)
    pieces, answer = stream(llm_assistant, CLIP_QUESTION)
    assert_offline_fallback(answer, "The LLM endpoint failed")
    streamed = "".join(pieces)
    # The partial LLM text was shown while it streamed; the final text is the offline draft only.
    assert streamed.endswith(answer.text)
    assert "Two of the supplied papers" not in answer.text


def test_a_malformed_body_falls_back_without_raising(llm_assistant, server: FakeOpenAIServer) -> None:
    server.default = Behaviour(reply=cite_first_two_sources, malformed=True)
    answer = llm_assistant.ask(CLIP_QUESTION)
    assert_offline_fallback(answer, "unusable response")


def test_an_unreachable_endpoint_falls_back(make_assistant) -> None:
    assistant = make_assistant(llm_base_url=f"http://127.0.0.1:{free_port()}/v1", llm_timeout=1, llm_max_retries=0)
    answer = assistant.ask(CLIP_QUESTION)
    assert_offline_fallback(answer, "unreachable")
    assert "unreachable" in assistant.llm_status()


def test_a_wrong_api_key_falls_back(make_assistant, server: FakeOpenAIServer) -> None:
    assistant = make_assistant(llm_api_key="sk-wrong-key-0000000000", llm_max_retries=0)
    answer = assistant.ask(CLIP_QUESTION)
    assert_offline_fallback(answer, "HTTP 401")


# ---------------------------------------------------------------------- the API key stays secret
LEAKY_ERROR = f"Incorrect API key provided: {API_KEY}. You can find your API key at the dashboard."


@pytest.mark.parametrize(
    "behaviour",
    [
        Behaviour(status=401, error_message=LEAKY_ERROR),
        Behaviour(status=500, error_message=LEAKY_ERROR),
        Behaviour(reply=cite_first_two_sources),
    ],
    ids=["401-echoing-key", "500-echoing-key", "success"],
)
def test_the_api_key_never_reaches_notices_or_exports(
    make_assistant, server: FakeOpenAIServer, behaviour: Behaviour
) -> None:
    assistant = make_assistant(llm_max_retries=0)
    server.default = behaviour
    answer = assistant.ask(CLIP_QUESTION)
    assert all(API_KEY not in n for n in answer.notices), answer.notices
    assert API_KEY not in json.dumps(answer.to_dict())
    assert API_KEY not in answer.to_markdown()
    assert API_KEY not in assistant.llm_status()
    assert API_KEY not in repr(assistant.settings)


def test_a_failed_follow_up_rewrite_does_not_leak_the_key(make_assistant, server: FakeOpenAIServer) -> None:
    assistant = make_assistant(llm_max_retries=0)
    server.script(Behaviour(status=401, error_message=LEAKY_ERROR))
    answer = assistant.ask("What fraction of LAION400M was filtered out by them?", history=CLIP_HISTORY)
    assert any("could not be rewritten" in n for n in answer.notices), answer.notices
    assert all(API_KEY not in n for n in answer.notices), answer.notices
    assert API_KEY not in json.dumps(answer.to_dict())


# ---------------------------------------------------------------------- refusals
def test_an_off_topic_question_is_refused_without_calling_the_llm(llm_assistant, server: FakeOpenAIServer) -> None:
    answer = llm_assistant.ask("What is the capital of France?")
    assert answer.refused
    assert answer.citations == []
    assert server.chat_requests == []


@pytest.mark.parametrize(
    "reply",
    [
        lambda request: f"NOT_IN_CORPUS: {first_sentence(sources_in(request)[0][2])} [{sources_in(request)[0][0]}]",
        lambda request: f"**NOT_IN_CORPUS**: {first_sentence(sources_in(request)[0][2])} [1]",
        lambda request: "NOT_IN_CORPUS",
    ],
    ids=["with a quote", "in bold", "bare"],
)
def test_a_model_that_finds_no_answer_where_the_evidence_has_one_is_overruled(
    llm_assistant, server: FakeOpenAIServer, reply
) -> None:
    """Whether the corpus answers is decided from the evidence before the model is asked; a weak model's
    NOT_IN_CORPUS does not turn an answerable question into a refusal."""
    server.default = reply
    answer = llm_assistant.ask(CLIP_QUESTION)
    assert len(server.chat_requests) == 1
    assert not answer.refused
    assert "NOT_IN_CORPUS" not in answer.text
    assert_offline_fallback(answer, "The LLM found no answer")


def test_a_near_miss_is_answered_from_the_evidence_without_calling_the_llm(
    llm_assistant, server: FakeOpenAIServer
) -> None:
    answer = llm_assistant.ask("How many GPUs were used to train CLIP-CID?")
    assert server.chat_requests == []
    assert answer.refused and "does not state" in answer.text


# ---------------------------------------------------------------------- follow-ups
CLIP_HISTORY = [
    {"role": "user", "content": "Is there a paper that distills CLIP using some kind of clustering?"},
    {
        "role": "assistant",
        "content": f"Yes: **{CLIP_CID}** transfers knowledge from CLIP with cluster-instance discrimination [1].",
    },
]


def test_a_follow_up_is_rewritten_by_the_llm_before_answering(llm_assistant, server: FakeOpenAIServer) -> None:
    # "them" after the question's own nouns is left open by the rules ("did they filter out?" is not: its subject
    # can only be the paper on the table), so the LLM rewrites it.
    rewritten = "What fraction of LAION400M did CLIP-CID filter out?"

    def quote_the_filtering_sentence(request: dict[str, Any]) -> str:
        for n, title, abstract in sources_in(request):
            if title == CLIP_CID:
                sentence = next(s for s in re.split(r"(?<=[.!?])\s+", abstract) if "43.7%" in s)
                return f"**{title}**: {sentence} [{n}]"
        return "NOT_IN_CORPUS: CLIP-CID was not supplied."

    server.script(rewritten, quote_the_filtering_sentence)
    answer = llm_assistant.ask("What fraction of LAION400M was filtered out by them?", history=CLIP_HISTORY)

    rewrite_request, answer_request = server.chat_requests
    prompt = rewrite_request.body["messages"][-1]["content"]
    assert "Rewrite the user's last question" in prompt
    assert "Last question: What fraction of LAION400M was filtered out by them?" in prompt
    assert CLIP_CID in prompt, "the conversation is in the rewrite prompt"
    assert rewrite_request.body.get("stream") in (None, False)

    assert answer.standalone_question == rewritten
    assert f"Question: {rewritten}" in answer_request.body["messages"][-1]["content"]
    assert answer.generator == "llm:fake-model"
    assert "43.7%" in answer.text
    assert [c.title for c in answer.citations] == [CLIP_CID]
    assert answer.citations[0].supported


def test_a_failed_rewrite_falls_back_to_a_rule_and_still_answers(llm_assistant, server: FakeOpenAIServer) -> None:
    server.script(Behaviour(status=400))
    answer = llm_assistant.ask("What fraction of LAION400M was filtered out by them?", history=CLIP_HISTORY)
    assert any("could not be rewritten" in n for n in answer.notices), answer.notices
    assert not answer.refused
    assert CLIP_CID in [c.title for c in answer.citations]


def test_the_offline_generator_can_be_forced_per_question(llm_assistant, server: FakeOpenAIServer) -> None:
    answer = llm_assistant.ask(CLIP_QUESTION, generator="offline")
    assert answer.generator == "offline"
    assert server.chat_requests == []


# ---------------------------------------------------------------------- comparison tables
def two_paper_table(second_problem: str | None = None, first_method: str = "not stated"):
    """A model that answers with a comparison table of the first two sources; the first row's Problem
    cell quotes its source. ``second_problem`` replaces the second row's quoted Problem cell (with its marker)."""

    def reply(request: dict[str, Any]) -> str:
        (n1, t1, a1), (n2, t2, a2) = sources_in(request)[:2]
        problem = f"{second_problem or first_sentence(a2)} [{n2}]"
        return (
            "| Paper | Problem | Method | Data | Result |\n| --- | --- | --- | --- | --- |\n"
            f"| {t1} | {first_sentence(a1)} [{n1}] | {first_method} | not stated | not stated |\n"
            f"| {t2} | {problem} | not stated | not stated | not stated |"
        )

    return reply


def test_a_comparison_is_asked_as_a_table_and_each_cell_is_checked(llm_assistant, server: FakeOpenAIServer) -> None:
    server.default = two_paper_table(second_problem="It cures bananas of cancer in mice")
    answer = llm_assistant.ask("Compare CLIP-CID and DC-CLIP")
    prompt = server.chat_requests[0].body["messages"][-1]["content"]
    assert "markdown table" in prompt and "Problem | Method | Data | Result" in prompt
    assert answer.generator == "llm:fake-model"
    assert "bananas" not in answer.text
    rows = [line for line in answer.text.splitlines() if line.startswith("|")]
    assert len(rows) == 4, answer.text  # header, rule, two papers: the bad cell became "not stated"
    assert all(c.supported for c in answer.citations)


def test_an_uncited_table_cell_does_not_loop_and_is_never_shown(llm_assistant, server: FakeOpenAIServer) -> None:
    server.default = two_paper_table(first_method="bananas cure cancer")
    answer = llm_assistant.ask("Compare CLIP-CID and DC-CLIP")
    assert "bananas" not in answer.text
    assert answer.text.splitlines()[0].startswith("| Paper | Problem | Method")
    assert all(c.supported for c in answer.citations)


def test_papers_the_evidence_judge_found_and_the_model_left_out_are_quoted_after_its_answer(
    make_assistant, server: FakeOpenAIServer
) -> None:
    server.default = cite_clip_cid("CLIP-CID distils CLIP into a smaller model.")
    assistant = make_assistant(llm_quote_left_out=True)
    answer = assistant.ask(CLIP_QUESTION)
    sources = sources_in(server.chat_requests[0].body)
    assert len(sources) > 1, "the question has several papers that answer it"
    assert answer.generator == "llm:fake-model"
    assert "Also answering, quoted from their abstracts:" in answer.text
    assert sorted(c.title for c in answer.citations) == sorted(title for _, title, _ in sources)
    assert all(c.supported for c in answer.citations)
    assert any("left out are quoted" in notice for notice in answer.notices)

"""The LLM path: a transport client for any OpenAI-compatible endpoint, and the generator that uses it.

Small local models copy what they see, so the prompt holds no example answer, and each source is
trimmed to its title and the few sentences the evidence judge ranked highest: less to read, less
to copy, and a 2-core CPU answers sooner. Citations are checked afterwards by the engine; the
model never decides on its own what counts as support.
"""

from __future__ import annotations

import re
from collections.abc import Generator as PieceStream
from collections.abc import Iterator, Sequence
from typing import Any

from rag.answer.evidence import Evidence
from rag.answer.generator import DraftRequest
from rag.answer.types import Draft
from rag.citations import renumber
from rag.config import Settings
from rag.prompts import Prompts

NOT_IN_CORPUS = "NOT_IN_CORPUS"


class LLMError(RuntimeError):
    """The LLM endpoint failed in a way retries did not fix."""


class LLMClient:
    """Any OpenAI-compatible chat endpoint (OpenAI, Ollama, vLLM, llama.cpp) through the openai package."""

    def __init__(self, settings: Settings, prompts: Prompts | None = None) -> None:
        from openai import OpenAI

        self.settings = settings
        self.prompts = prompts or Prompts()
        self.model = settings.llm_model
        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else "not-needed"
        # The client retries 408/409/429/5xx with exponential backoff and honours Retry-After.
        self.client = OpenAI(
            api_key=key,
            base_url=settings.llm_base_url,
            timeout=settings.llm_timeout,
            max_retries=settings.llm_max_retries,
        )
        self._encoding: Any = None

    @property
    def encoding(self) -> Any:
        if self._encoding is None:
            import tiktoken

            try:
                self._encoding = tiktoken.encoding_for_model(self.model)
            except KeyError:
                self._encoding = tiktoken.get_encoding("o200k_base")
        return self._encoding

    def count_tokens(self, text: str) -> int:
        return len(self.encoding.encode(text, disallowed_special=()))

    def status(self) -> str:
        try:
            models = self.client.with_options(timeout=3.0, max_retries=0).models.list()
            names = [m.id for m in models.data][:3]
            return f"reachable at {self.settings.llm_base_url or 'api.openai.com'}; models: {', '.join(names) or '?'}"
        except Exception as exc:
            return f"unreachable ({redact(type(exc).__name__ + ': ' + str(exc), self.settings)[:120]})"

    def stream(self, messages: list[dict[str, str]], outcome: dict[str, str] | None = None) -> Iterator[str]:
        """Yield the answer's text deltas; raise :class:`LLMError` on any failure, including a cut stream."""
        import httpx
        import openai

        outcome = outcome if outcome is not None else {}
        try:
            stream = self.client.chat.completions.create(
                model=self.model,
                messages=messages,  # type: ignore[arg-type]
                stream=True,
                temperature=0,
                max_tokens=self.settings.llm_answer_tokens,
            )
            finished = False
            for chunk in stream:
                if not chunk.choices:
                    continue
                choice = chunk.choices[0]
                if choice.delta and choice.delta.content:
                    yield choice.delta.content
                if choice.finish_reason:
                    finished = True
                    outcome["finish_reason"] = choice.finish_reason
            if not finished:
                raise LLMError("the answer stream ended before the model finished")
        except LLMError:
            raise
        except httpx.TimeoutException as exc:  # a stalled stream: openai does not wrap reads of the body
            raise LLMError(f"no answer within {self.settings.llm_timeout:g} s") from exc
        except httpx.TransportError as exc:
            raise LLMError("the answer stream was cut off") from exc
        except openai.APIStatusError as exc:
            raise LLMError(f"the endpoint answered HTTP {exc.status_code}") from exc
        except openai.APITimeoutError as exc:
            raise LLMError(f"no answer within {self.settings.llm_timeout:g} s") from exc
        except openai.APIConnectionError as exc:
            raise LLMError("the endpoint is unreachable") from exc
        except Exception as exc:  # malformed bodies surface as JSON or validation errors
            raise LLMError(f"unusable response ({type(exc).__name__})") from exc

    def complete(self, messages: list[dict[str, str]], max_tokens: int = 100) -> str:
        try:
            response = self.client.chat.completions.create(
                model=self.model,
                messages=messages,  # type: ignore[arg-type]
                temperature=0,
                max_tokens=max_tokens,
            )
            return (response.choices[0].message.content or "").strip()
        except Exception as exc:
            raise LLMError(redact(f"{type(exc).__name__}: {exc}", self.settings)[:200]) from exc

    def rewrite_follow_up(self, question: str, history: Sequence[dict[str, str]]) -> str:
        transcript = "\n".join(f"{m['role']}: {m['content'][:1500]}" for m in history[-6:])
        prompt = self.prompts["followup_rewrite"].format(history=transcript, question=question)
        rewritten = self.complete([{"role": "user", "content": prompt}], max_tokens=80)
        return rewritten.splitlines()[0].strip() if rewritten else question


def _fence_safe(text: str) -> str:
    """Abstract text cannot close its own fence or open a new one."""
    return re.sub(r"</?\s*source", lambda m: m.group(0).replace("<", "‹"), text, flags=re.IGNORECASE)


def redact(text: str, settings: Settings) -> str:
    """Remove the API key from any text that may reach a log or a user."""
    if settings.llm_api_key:
        secret = settings.llm_api_key.get_secret_value()
        if secret:
            text = text.replace(secret, "***")
    return re.sub(r"sk-[A-Za-z0-9_\-]{8,}", "sk-***", text)


class LLMGenerator:
    """Writes the answer with the LLM from the evidence the engine judged relevant."""

    def __init__(self, client: LLMClient) -> None:
        self.client = client
        self.settings = client.settings
        self.name = f"llm:{client.model}"

    def draft(self, request: DraftRequest) -> PieceStream[str, None, Draft]:
        template = "compare" if request.intent.kind == "compare" and len(request.answering) >= 2 else "answer"
        messages, used, counts = self.build_messages(request.standalone, request.answering, template)
        pieces: list[str] = []
        outcome: dict[str, str] = {}  # per call: one client serves concurrent questions
        try:
            for delta in self.client.stream(messages, outcome):
                pieces.append(delta)
                yield delta
        except LLMError as exc:
            if pieces:
                yield "\n\n"
            return Draft.failed(f"The LLM endpoint failed ({redact(str(exc), self.settings)})")
        text = "".join(pieces).strip()
        notices = []
        if outcome.get("finish_reason") == "length":
            notices.append("The LLM's answer hit the token limit and may be cut off.")
        plain = re.sub(r"[*`#>\s]+", " ", text).strip().upper()
        if plain.startswith(NOT_IN_CORPUS):
            # The evidence judge found sentences that answer; a model that sees none is overruled, not obeyed.
            return Draft.failed("The LLM found no answer in sources whose abstracts the evidence judge found to answer")
        if not renumber(text, len(used)).order:
            yield "\n\n"
            return Draft.failed("The LLM's answer cited no source")
        return Draft(text, [e.hit for e in used], False, notices=notices, token_counts=counts)

    def build_messages(
        self, question: str, evidence: Sequence[Evidence], template_name: str = "answer"
    ) -> tuple[list[dict[str, str]], list[Evidence], dict[str, int]]:
        """System and user messages with as many trimmed sources as the context budget allows.

        ``template_name`` is "answer", or "compare" for a comparison table; table cells are claims
        like any other, so each is checked for support and an unsupported one becomes "not stated".
        """
        prompts, client = self.client.prompts, self.client
        system, template, source_tpl = prompts["system"], prompts[template_name], prompts["source"]
        base = client.count_tokens(system) + client.count_tokens(
            template.format(question=question, n_sources=0, sources="")
        )
        budget = self.settings.llm_context_tokens - self.settings.llm_answer_tokens - base - 50
        blocks: list[str] = []
        used: list[Evidence] = []
        spent = 0
        for ev in evidence:
            block = source_tpl.format(
                n=len(used) + 1,
                title=_fence_safe(ev.hit.display_title).replace('"', "'"),
                abstract=_fence_safe(excerpt(ev, self.settings.llm_source_sentences)),
            )
            cost = client.count_tokens(block)
            if spent + cost > budget:
                break
            blocks.append(block)
            used.append(ev)
            spent += cost
        user = template.format(question=question, n_sources=len(used), sources="\n".join(blocks))
        counts = {
            "prompt_tokens": base + spent,
            "source_tokens": spent,
            "sources_used": len(used),
            "sources_dropped": len(evidence) - len(used),
        }
        return [{"role": "system", "content": system}, {"role": "user", "content": user}], used, counts


def excerpt(ev: Evidence, sentences: int) -> str:
    """The ``sentences`` abstract sentences that matter most for the question, in the abstract's own order."""
    keep = set(ev.sentences[:sentences])
    ordered = [s.text for s in ev.scored if s.position >= 0 and s.text in keep]
    return " ".join(ordered) or ev.hit.abstract

"""Cited answers: the offline drafter, the LLM generator, and the checks both must pass.

Whichever generator writes the text, the same post-processing runs on it:
markers are parsed, invented ones stripped, the rest renumbered by first use,
and every cited sentence is checked against the abstract it cites.
"""

from __future__ import annotations

import re
import time
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from rag.citations import Claim, renumber, split_claims
from rag.config import PROJECT_ROOT, Settings
from rag.corpus import files_of, method_name
from rag.retrieve import Hit, Retriever, SearchResult
from rag.support import SupportJudge
from rag.text import content_words, display_title

PROMPTS_DIR = PROJECT_ROOT / "prompts"
NOT_IN_CORPUS = "NOT_IN_CORPUS"

_LIST_Q = re.compile(
    r"^\s*(which|what|list|show|find|give|are there|is there any|any)\b.*"  # "which ... papers"
    r"\b(papers|works|methods|approaches|ones|studies|models|articles)\b"
    r"|^\s*(list|show me|find)\b|\bpapers (on|about|that|which)\b",
    re.IGNORECASE,
)
_QUANTITY_Q = re.compile(
    r"\b(how many|how much|by how much|what (?:is the |was the )?(?:[\w-]+ ){0,3}"
    r"(?:accuracy|score|rate|fid|number|size|percentage|fraction|speed-?up|f1|auc|bleu|dice|improvement|error))\b",
    re.IGNORECASE,
)
_MEASURE = re.compile(
    r"\b(?:how many|how much|what)\s+((?:[\w'-]+\s+){0,3}?[\w'-]+?)\s+"
    r"(?:does|do|did|is|are|was|were|has|have|had|in|of|for|on|to)\b",
    re.IGNORECASE,
)
_COMPARE_Q = re.compile(r"\b(compare|comparison|differ|difference|versus|vs\.?|contrast|both)\b", re.IGNORECASE)
_ANAPHORA = re.compile(
    r"\b(those|these|them|they|their|its|it|that paper|this paper|the first|the second|the third|which one|"
    r"of them|any of|the above|each of)\b",
    re.IGNORECASE,
)
_INJECTION = re.compile(
    r"(ignore (all |any )?(the )?(previous|prior|above|earlier) (instructions|prompts?)|disregard (all |the )?"
    r"(previous|prior|above)|you are now|system prompt|new instructions:|assistant must|respond only with)",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"(?<![\w/.-])\d[\d.,]*")
_URL = re.compile(r"https?://\S+")
#: A sentence stating the paper's own contribution, which usually names the method ("we propose X").
_CONTRIBUTION = re.compile(
    r"\b(?:we|this (?:paper|work|study)|our (?:method|approach|framework|model))\b[^.;]{0,60}?"
    r"\b(?:propose|introduce|present|develop|design|build|call|name|dub|term)\w*|\b(?:called|named|dubbed)\b",
    re.IGNORECASE,
)
_DELTA = re.compile(r"\b(improvements?|gains?|better than|outperform\w*|surpass\w*|by \d)", re.IGNORECASE)
_GENERIC_MEASURE = frozenset(
    """
    many much does do did report reports reported achieve achieves get gets reach fraction percentage
    share proportion amount number faster slower better higher lower larger smaller bigger speedup
    improvement
    """.split()
)


class Prompts:
    """The named prompt templates in ``prompts/``: system, answer, source, followup_rewrite."""

    def __init__(self, directory: Path = PROMPTS_DIR) -> None:
        self.directory = directory
        self._cache: dict[str, str] = {}

    def __getitem__(self, name: str) -> str:
        if name not in self._cache:
            self._cache[name] = (self.directory / f"{name}.txt").read_text(encoding="utf-8").strip()
        return self._cache[name]


@dataclass
class Citation:
    """A numbered source the answer cites, the passage that supports it, and the support verdict."""

    n: int
    paper_id: str
    title: str | None
    abstract: str
    passage: str
    support: float
    supported: bool
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def display_title(self) -> str:
        return display_title(self.title, self.abstract)

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "paper_id": self.paper_id,
            "title": self.title,
            "abstract": self.abstract,
            "passage": self.passage,
            "support": round(self.support, 3),
            "supported": self.supported,
            "source": self.metadata.get("sources", ""),
        }


@dataclass
class Answer:
    """A cited answer, everything needed to show it, and what was checked along the way."""

    question: str
    text: str
    citations: list[Citation]
    refused: bool
    generator: str
    timings: dict[str, float] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    stripped_markers: int = 0
    total_markers: int = 0
    standalone_question: str = ""
    hits: list[Hit] = field(default_factory=list)
    closest: list[Hit] = field(default_factory=list)
    token_counts: dict[str, int] = field(default_factory=dict)

    @property
    def cited_paper_ids(self) -> list[str]:
        return [c.paper_id for c in self.citations]

    def references_markdown(self) -> str:
        if not self.citations:
            if self.closest:
                lines = ["Closest matches (they do not answer the question):"]
                lines += [f"- {h.display_title}" for h in self.closest]
                return "\n".join(lines)
            return ""
        lines = ["References:"]
        for c in self.citations:
            flag = "" if c.supported else " (not supported by this abstract)"
            source = ", ".join(files_of(str(c.metadata.get("sources", ""))))
            lines.append(f"[{c.n}] {c.display_title} — {source}{flag}")
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """The answer with its numbered references, for export."""
        parts = [f"## {self.question}", "", self.text, ""]
        if self.citations:
            parts.append("### References")
            for c in self.citations:
                flag = "supported" if c.supported else "NOT supported by this abstract"
                parts.append(f"{c.n}. **{c.display_title}** ({flag}, paper id `{c.paper_id}`)")
                parts.append(f"   > {c.passage}")
        elif self.closest:
            parts.append("### Closest matches (they do not answer the question)")
            parts += [f"- {h.display_title}" for h in self.closest]
        if self.notices:
            parts += ["", *[f"_Note: {n}_" for n in self.notices]]
        return "\n".join(parts).strip() + "\n"

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "standalone_question": self.standalone_question,
            "text": self.text,
            "citations": [c.to_dict() for c in self.citations],
            "refused": self.refused,
            "generator": self.generator,
            "notices": self.notices,
            "stripped_markers": self.stripped_markers,
            "timings_ms": {k: round(v, 1) for k, v in self.timings.items()},
            "token_counts": self.token_counts,
            "closest": [h.to_dict() for h in self.closest],
        }


# ---------------------------------------------------------------------- question analysis
def question_kind(question: str) -> str:
    """ "quantity", "compare", "list" or "single": decides the answer's shape."""
    if _QUANTITY_Q.search(question):
        return "quantity"
    if _COMPARE_Q.search(question):
        return "compare"
    if _LIST_Q.search(question):
        return "list"
    return "single"


def measure_words(question: str) -> set[str]:
    """What a quantity question asks for ("GPUs", "Dice score"), as content words."""
    m = _MEASURE.search(re.sub(r"\([^)]*\)", " ", question))
    if not m:
        return set()
    return {w for w in content_words(m.group(1)) if w not in _GENERIC_MEASURE}


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


def _words_in(words: set[str], text: str) -> float:
    """Share of ``words`` that occur in ``text``, compared as Porter stems ("distill" ~ "distillation")."""
    if not words:
        return 1.0
    stem = _stemmer().stemWord
    have = {stem(w) for w in content_words(text)}
    return sum(1 for w in words if stem(w) in have) / len(words)


def is_follow_up(question: str, history: Sequence[dict[str, str]] | None) -> bool:
    return bool(history) and bool(_ANAPHORA.search(question))


def papers_named_in(text: str, retriever: Retriever) -> list[str]:
    """Paper ids whose titles (or untitled abstracts' opening words) appear in a previous answer."""
    lowered = text.lower()
    found = []
    for pid, paper in retriever.papers.items():
        key = paper.title or " ".join(paper.abstract.split()[:8])
        if key and key.lower() in lowered:
            found.append(pid)
    return found


# ---------------------------------------------------------------------- evidence
@dataclass
class Evidence:
    """The sentence(s) of one retrieved paper that best answer the question."""

    hit: Hit
    sentences: list[str]
    score: float
    vectors: list[tuple[str, np.ndarray]]


#: Score added to a sentence stating the paper's contribution. Swept 0.05-0.3 on the gold set (the only
#: set there is): key-fact recall 0.583-0.641, support precision 1.0 throughout; 0.2 sits below the peak.
CONTRIBUTION_BONUS = 0.2


def select_evidence(
    question: str,
    query_vector: np.ndarray,
    hit: Hit,
    sentence_rows: list[tuple[int, str, np.ndarray]],
    measure: set[str] | None = None,
    absolute: bool = False,
) -> Evidence:
    """Rank a paper's sentences by similarity to the question plus shared content words."""
    q_words = content_words(question)
    scored = []
    vectors = []
    for position, text, vector in sentence_rows:
        if position < 0:
            continue
        vectors.append((text, vector))
        if _INJECTION.search(text):
            continue  # a sentence addressed to an AI assistant is never quoted as evidence
        score = float(vector @ query_vector) + 0.3 * _words_in(q_words, text)
        if measure is None and _CONTRIBUTION.search(text):
            score += CONTRIBUTION_BONUS
        if measure is not None:
            if not _NUMBER.search(_URL.sub(" ", text)) or _words_in(measure, text) < 0.5:
                continue
            if absolute and _DELTA.search(text):
                continue  # an improvement is not the absolute value the question asks for
            score += 0.5
        scored.append((score, position, text))
    if not scored:
        return Evidence(hit, [], 0.0, vectors)
    scored.sort(reverse=True)
    best = scored[0]
    return Evidence(hit, [best[2]], best[0], vectors)


# ---------------------------------------------------------------------- generators
@dataclass
class Draft:
    """A generator's output before citation checks: text with markers over ``sources``."""

    text: str
    sources: list[Hit]
    refused: bool
    closest: list[Hit] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    token_counts: dict[str, int] = field(default_factory=dict)


class OfflineDrafter:
    """A deterministic, extractive answer writer: every claim is a sentence quoted from a cited abstract.

    Shape: a one-line lead, then one bullet per relevant paper with its title and
    the abstract sentence that best answers the question. Fact and quantity
    questions get the sentence holding the fact; when no abstract states what a
    quantity question asks, it says so (a near miss) and quotes what the closest
    paper does say.
    """

    name = "offline"

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def draft(
        self,
        question: str,
        result: SearchResult,
        evidence: dict[str, Evidence],
        relevant: list[Hit],
        follow_up: bool = False,
    ) -> Draft:
        kind = question_kind(question)
        hits = result.hits
        if not relevant:
            closest = hits[:3]
            text = (
                "The corpus does not cover this question: none of the indexed abstracts addresses it, "
                "so I will not answer from outside knowledge."
            )
            if closest:
                text += " The closest matches are listed below, but they do not answer it."
            return Draft(text=text, sources=[], refused=True, closest=closest)

        if kind == "quantity":
            # A quantity question is about one paper: the best match states the number or nobody does.
            stating = [h for h in relevant[:1] if evidence[h.paper_id].sentences]
            if not stating:
                top = relevant[0]
                fallback = evidence[top.paper_id]
                what = ", ".join(sorted(measure_words(question))) or "that figure"
                said = fallback.hit.passage
                text = (
                    f"The corpus does not state this. The closest paper, **{top.display_title}**, "
                    f"does not give {what} in its abstract. What it does say: {said} [1]"
                )
                return Draft(text=text, sources=[top], refused=True, closest=relevant[:3])
            relevant = stating[:1]

        chosen = self._choose(kind, relevant, evidence, follow_up)
        sources = chosen
        if len(chosen) == 1:
            ev = evidence[chosen[0].paper_id]
            sentence = ev.sentences[0] if ev.sentences else chosen[0].passage
            text = f"{_label(chosen[0], sentence)}: {sentence} [1]"
            return Draft(text=text, sources=sources, refused=False)
        lead = {
            "compare": f"The corpus has {len(chosen)} papers to compare on this:",
            "list": f"{len(chosen)} papers in the corpus address this:",
            "single": f"{len(chosen)} papers in the corpus match this question:",
        }.get(kind, f"{len(chosen)} papers in the corpus address this:")
        if follow_up:
            lead = f"Of those, {len(chosen)} match:"
        lines = [lead]
        for n, hit in enumerate(chosen, start=1):
            ev = evidence[hit.paper_id]
            sentence = ev.sentences[0] if ev.sentences else hit.passage
            lines.append(f"- {_label(hit, sentence)}: {sentence} [{n}]")
        return Draft(text="\n".join(lines), sources=sources, refused=False)

    @staticmethod
    def _choose(kind: str, relevant: list[Hit], evidence: dict[str, Evidence], follow_up: bool) -> list[Hit]:
        if kind in ("list", "compare") or follow_up:
            return relevant
        top = relevant[0]
        # A single-paper question names one paper; add a second only when it is as good a match.
        close = [h for h in relevant[1:3] if h.dense >= top.dense - 0.02 and h.score >= top.score * 0.9]
        return [top, *close]


def _label(hit: Hit, sentence: str) -> str:
    """A paper's bold title, plus the name its abstract gives its method when neither shows it."""
    name = method_name(hit.title, hit.abstract)
    if name and name not in sentence:
        return f"**{hit.display_title}** ({name})"
    return f"**{hit.display_title}**"


class LLMError(RuntimeError):
    """The LLM endpoint failed in a way retries did not fix."""


class LLMGenerator:
    """Any OpenAI-compatible chat endpoint (OpenAI, Ollama, vLLM, llama.cpp) through the openai package."""

    name = "llm"

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

    def build_messages(self, question: str, hits: Sequence[Hit]) -> tuple[list[dict[str, str]], list[Hit], dict]:
        """System and user messages with as many sources as the context budget allows."""
        system = self.prompts["system"]
        template = self.prompts["answer"]
        source_tpl = self.prompts["source"]
        base = self.count_tokens(system) + self.count_tokens(
            template.format(question=question, n_sources=0, sources="")
        )
        budget = self.settings.llm_context_tokens - self.settings.llm_answer_tokens - base - 50
        blocks: list[str] = []
        used: list[Hit] = []
        spent = 0
        for hit in hits:
            block = source_tpl.format(
                n=len(used) + 1,
                title=_fence_safe(hit.display_title).replace('"', "'"),
                abstract=_fence_safe(hit.abstract),
            )
            cost = self.count_tokens(block)
            if spent + cost > budget:
                break
            blocks.append(block)
            used.append(hit)
            spent += cost
        user = template.format(question=question, n_sources=len(used), sources="\n".join(blocks))
        counts = {
            "prompt_tokens": base + spent,
            "source_tokens": spent,
            "sources_used": len(used),
            "sources_dropped": len(hits) - len(used),
        }
        return [{"role": "system", "content": system}, {"role": "user", "content": user}], used, counts

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


# ---------------------------------------------------------------------- the engine
class AnswerEngine:
    """Retrieval → relevance gate → generator → citation checks, for both generators."""

    def __init__(self, settings: Settings, retriever: Retriever) -> None:
        self.settings = settings
        self.retriever = retriever
        self.judge = SupportJudge(settings.support_threshold)
        self.offline = OfflineDrafter(settings)
        self._llm: LLMGenerator | None = None

    def llm(self) -> LLMGenerator:
        if self._llm is None:
            self._llm = LLMGenerator(self.settings)
        return self._llm

    def use_llm(self, generator: str | None, notices: list[str] | None = None) -> bool:
        choice = generator or self.settings.generator
        if choice == "llm" and not self.settings.llm_configured:
            # Never fall through to the openai package's default host: nothing leaves the machine unasked.
            if notices is not None:
                notices.append("No LLM endpoint is configured (OPENAI_BASE_URL); the offline drafter answered.")
            return False
        return choice in ("llm", "auto") and self.settings.llm_configured

    # -- relevance
    def relevance(self, hit: Hit, result: SearchResult) -> float:
        """How well a hit answers the question: dense similarity, raised when the words match too."""
        coverage = self.retriever.coverage(result.plan.terms, hit.paper_id)
        return max(hit.dense, 0.5 * hit.dense + 0.5 * coverage * 0.8)

    def relevant_hits(self, result: SearchResult, kind: str) -> list[Hit]:
        """The hits that answer the question; none when the corpus does not cover it.

        Three gates, calibrated on evals/gold.jsonl: the best hit must be similar enough
        (dense floor and fused relevance); a list question in the field's own words must
        find its most specific term in some hit (no paper on "quantum circuits" means no
        answer, however similar the "circuits" papers look); and a question that only
        filters by metadata ("papers from 2021") answers with whatever matches the filter.
        """
        if not result.hits:
            return []
        scored = [(self.relevance(h, result), h) for h in result.hits]
        top = scored[0][0]
        margin = 0.12 if kind in ("list", "compare", "follow-up") else 0.06
        if result.plan.filters.get("paper_ids"):
            # A follow-up about papers the conversation already established: rank them, never refuse.
            return [h for s, h in scored if s >= top - margin]
        metadata_only = bool({"year", "month", "source", "authors"} & set(result.plan.filters))
        clear_match = result.hits[0].dense >= self.settings.clear_match
        if (kind == "list" or metadata_only) and not clear_match and not self._specific_terms_found(result):
            return []
        if metadata_only:
            return [h for s, h in scored if s >= top - margin * 2]
        if top < self.settings.relevance_threshold or result.hits[0].dense < self.settings.dense_floor:
            return []
        return [h for s, h in scored if s >= max(self.settings.relevance_threshold, top - margin)]

    def _specific_terms_found(self, result: SearchResult, within: int = 3) -> bool:
        """One of the best ``within`` hits holds the question's two most specific words together."""
        rarest = sorted(result.plan.terms, key=lambda t: (-self.retriever.idf(t), t))[:2]
        return not rarest or any(
            all(self.retriever.contains(h.paper_id, t) for t in rarest) for h in result.hits[:within]
        )

    # -- the pipeline
    def run(
        self,
        question: str,
        history: Sequence[dict[str, str]] | None = None,
        k: int | None = None,
        filters: dict[str, Any] | None = None,
        generator: str | None = None,
    ) -> Iterator[str | Answer]:
        started = time.perf_counter()
        timings: dict[str, float] = {}
        notices: list[str] = []
        use_llm = self.use_llm(generator, notices)
        k = k or self.settings.top_k
        filters = dict(filters or {})

        standalone = question
        follow_up = is_follow_up(question, history)
        if history and follow_up:
            standalone, restrict = self._rewrite(question, history, use_llm, notices)
            if restrict:
                filters["paper_ids"] = restrict
        t0 = time.perf_counter()
        result = self.retriever.search(standalone, k=k, filters=filters)
        timings["retrieval_ms"] = (time.perf_counter() - t0) * 1000

        kind = question_kind(question)
        relevant = self.relevant_hits(result, "follow-up" if follow_up else kind)
        t1 = time.perf_counter()
        query_vector = self.retriever.index.embedder.embed_query(standalone)
        rows = self.retriever.passage_vectors([h.paper_id for h in result.hits]) if result.hits else {}
        measure = measure_words(question) if kind == "quantity" else None
        evidence = {
            h.paper_id: select_evidence(
                standalone, query_vector, h, rows.get(h.paper_id, []), measure, "absolute" in question.lower()
            )
            for h in result.hits
        }
        if follow_up and relevant:
            # Of the papers in play, keep those whose sentences actually speak to the new question.
            best = max(evidence[h.paper_id].score for h in relevant)
            relevant = [h for h in relevant if evidence[h.paper_id].score >= best - 0.1]
        timings["evidence_ms"] = (time.perf_counter() - t1) * 1000

        draft: Draft | None = None
        generator_name = OfflineDrafter.name
        if use_llm and relevant:
            t2 = time.perf_counter()
            draft = yield from self._llm_draft(standalone, result.hits[:k], notices)
            timings["llm_ms"] = (time.perf_counter() - t2) * 1000
            if draft is not None:
                generator_name = f"llm:{self.settings.llm_model}"
        if draft is None:
            t2 = time.perf_counter()
            draft = self.offline.draft(standalone if follow_up else question, result, evidence, relevant, follow_up)
            timings["draft_ms"] = (time.perf_counter() - t2) * 1000
            yield from _word_chunks(draft.text)
        t3 = time.perf_counter()
        answer = self._finish(question, standalone, draft, evidence, generator_name, result, notices + draft.notices)
        timings["support_ms"] = (time.perf_counter() - t3) * 1000
        timings["total_ms"] = (time.perf_counter() - started) * 1000
        answer.timings = timings
        yield answer

    def _rewrite(
        self, question: str, history: Sequence[dict[str, str]], use_llm: bool, notices: list[str]
    ) -> tuple[str, list[str]]:
        last_answer = next((m["content"] for m in reversed(history) if m.get("role") == "assistant"), "")
        last_question = next((m["content"] for m in reversed(history) if m.get("role") == "user"), "")
        restrict = papers_named_in(last_answer, self.retriever) if _ANAPHORA.search(question) else []
        if use_llm:
            try:
                return self.llm().rewrite_follow_up(question, history), restrict
            except LLMError as exc:
                notices.append(f"The follow-up could not be rewritten by the LLM ({exc}); a simple rule was used.")
        if restrict:
            return question, restrict
        return f"{question} ({last_question})", restrict

    def _llm_draft(self, question: str, hits: list[Hit], notices: list[str]) -> Generator[str, None, Draft | None]:
        llm = self.llm()
        messages, used, counts = llm.build_messages(question, hits)
        pieces: list[str] = []
        outcome: dict[str, str] = {}  # per call: one generator serves concurrent questions
        try:
            for delta in llm.stream(messages, outcome):
                pieces.append(delta)
                yield delta
        except LLMError as exc:
            notices.append(
                f"The LLM endpoint failed ({redact(str(exc), self.settings)}); "
                "this answer comes from the offline drafter."
            )
            if pieces:
                yield "\n\n"
            return None
        text = "".join(pieces).strip()
        if outcome.get("finish_reason") == "length":
            notices.append("The LLM's answer hit the token limit and may be cut off.")
        plain = re.sub(r"[*`#>\s]+", " ", text).strip().upper()
        refused = plain.startswith(NOT_IN_CORPUS)
        if refused:
            rest = re.sub(r"^[\s*_`#>]*NOT_IN_CORPUS[\s*_`:]*", "", text, flags=re.IGNORECASE)
            text = "The corpus does not answer this. " + rest.replace(NOT_IN_CORPUS, "").strip()
        probe = renumber(text, len(used))
        if not refused and not probe.order:
            notices.append("The LLM's answer cited no source, so the offline drafter's answer is shown instead.")
            yield "\n\n"
            return None
        closest = hits[:3] if refused else []
        return Draft(text=text, sources=used, refused=refused, closest=closest, token_counts=counts)

    def _finish(
        self,
        question: str,
        standalone: str,
        draft: Draft,
        evidence: dict[str, Evidence],
        generator: str,
        result: SearchResult,
        notices: list[str],
    ) -> Answer:
        renumbered = renumber(draft.text, len(draft.sources))
        if renumbered.stripped:
            notices.append(f"{renumbered.stripped} citation marker(s) named no supplied source and were removed.")
        cited_hits = [draft.sources[i - 1] for i in renumbered.order]
        claims = split_claims(renumbered.text)
        missing = [h.paper_id for h in cited_hits if h.paper_id not in evidence]
        if missing:
            rows = self.retriever.passage_vectors(missing)
            for h in cited_hits:
                if h.paper_id in missing:
                    evidence[h.paper_id] = Evidence(
                        h, [], 0.0, [(t, v) for p, t, v in rows.get(h.paper_id, []) if p >= 0]
                    )
        embedder = self.retriever.index.embedder
        to_embed = [c.text for c in claims if c.cited]
        vectors = (
            dict(zip(to_embed, embedder.embed(to_embed), strict=True)) if to_embed and generator != "offline" else {}
        )
        passages: dict[int, tuple[str, float, bool]] = {}
        for claim in claims:
            for n in claim.cited:
                hit = cited_hits[n - 1]
                verdict = self.judge.judge(
                    claim.text, vectors.get(claim.text), hit.title, hit.abstract, evidence[hit.paper_id].vectors
                )
                claim.support[n] = verdict.score
                claim.supported[n] = verdict.supported
                prior = passages.get(n)
                if prior is None or verdict.score < prior[1]:
                    passages[n] = (verdict.evidence, verdict.score, verdict.supported)
        citations = []
        for n, hit in enumerate(cited_hits, start=1):
            passage, score, supported = passages.get(n, (hit.passage, 0.0, False))
            citations.append(
                Citation(
                    n=n,
                    paper_id=hit.paper_id,
                    title=hit.title,
                    abstract=hit.abstract,
                    passage=passage,
                    support=score,
                    supported=supported,
                    metadata=hit.metadata,
                )
            )
        unsupported = [c.n for c in citations if not c.supported]
        if unsupported:
            notices.append(
                "Citation(s) " + ", ".join(f"[{n}]" for n in unsupported) + " are not supported by the cited abstract."
            )
        return Answer(
            question=question,
            text=renumbered.text,
            citations=citations,
            refused=draft.refused,
            generator=generator,
            notices=notices,
            claims=claims,
            stripped_markers=renumbered.stripped,
            total_markers=renumbered.total_markers,
            standalone_question=standalone,
            hits=result.hits,
            closest=draft.closest,
            token_counts=draft.token_counts,
        )


def _word_chunks(text: str, size: int = 4) -> Iterator[str]:
    words = re.split(r"(\s+)", text)
    for start in range(0, len(words), size * 2):
        yield "".join(words[start : start + size * 2])

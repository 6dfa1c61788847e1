"""A message that asks several questions at once: each is answered on its own, and the answers are joined.

"Which papers distill CLIP? Also, is there anything on federated learning?" asks two things. Read as one
question, its topic is both at once, which no abstract is about, so it was refused; "what is SLCA and which
papers detect deepfakes?" listed a deepfake paper beside SLCA as if both answered one question. Split by
the message's form (sentences, and clauses joined by "and" that open with a question word of their own),
each part is answered as the question it is, and the answer says which part each paragraph answers.

A part that points back ("What is LLaVA-MoD? How many parameters does it use?", "... how are the two
datasets different?") stays with the part it points to: the engine already answers such a clause about what
the part before it finds. So every part stands alone, and each is answered as the message would have been,
after the same conversation.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from rag.answer.followup import refers_back, refers_to_conversation
from rag.answer.question import asks_something
from rag.answer.types import Answer, Citation
from rag.citations import MARKER, Claim, parse_marker

#: Sentences: after a question mark always; after "." or "!" when a capital opens the next one.
_SENTENCE = re.compile(r"(?<=\?)\s+|(?<=[.!])\s+(?=[A-Z])")
#: A clause joined to the one before by "and", "but", "also", "plus" or ";", opening with a question word
#: of its own: "which papers study model merging and which ones study knowledge editing?". Auxiliaries do
#: not open one here: "models that are compressed and are still accurate" is one question.
_JOINED_QUESTION = re.compile(
    r"(?:\s*;\s*|,?\s+(?:and|but)\s+(?:also\s+)?|,\s+(?:also|plus)\s+)"
    r"(?=(?:what|which|who|where|when|why|how|is there|are there)\b)",
    re.IGNORECASE,
)
#: Words that only join a part to the one before ("Also, is there ...", "And which ..."): not its topic.
_CONNECTIVE = re.compile(r"^\W*(?:(?:and|also|plus|but|then|additionally|separately)\b[\s,:;-]*)+", re.IGNORECASE)
#: A question word ending a clause ("papers that show how and why models forget") leaves it unfinished.
_ENDS_UNFINISHED = re.compile(r"\b(?:what|which|who|where|when|why|how)\W*$", re.IGNORECASE)
#: "... and which ones study knowledge editing?": the noun "ones" stands for is the one the clause before
#: asked for (papers), not the papers of an earlier answer, as "which ones" alone would mean.
_WHICH_ONES = re.compile(r"^which ones\b", re.IGNORECASE)
#: "I mean ...", "as in ...": a sentence restating the one before, not a question of its own.
_RESTATES = re.compile(r"^\W*(?:i mean|as in|that is|i\.e\.|in other words)\b", re.IGNORECASE)


def split_questions(message: str, topic_of: Callable[[str], set[str]]) -> list[str]:
    """The questions ``message`` asks, in order; one part when it asks one. ``topic_of``: what a text names
    to search for (the retriever's query terms and filters). A part with nothing of its own to search for
    ("What's in the collection?", "and which language?" after "... one particular low-resource language?")
    belongs to the one before it, a statement ("I work on robots.") to the one after it."""
    parts: list[str] = []
    pending = ""  # statements waiting for the question they introduce
    for sentence in (s for s in _SENTENCE.split(message.strip()) if s.strip()):
        clauses = _clauses(sentence, topic_of)
        for clause in clauses:
            # A part with nothing new to search for, one restating the part before, or one whose pronoun
            # points back to it ("How many parameters does it use?") goes with that part.
            if parts and (_RESTATES.match(clause) or not topic_of(clause) - topic_of(parts[-1]) or refers_back(clause)):
                parts[-1] = f"{parts[-1]} {clause}"
                continue
            if not topic_of(clause) or not asks_something(_CONNECTIVE.sub("", clause)):
                pending = f"{pending} {clause}".strip()
                continue
            parts.append(f"{pending} {clause}".strip())
            pending = ""
    if pending:
        if not parts:
            return [message]
        parts[-1] = f"{parts[-1]} {pending}"
    return parts if len(parts) > 1 else [message]


def _clauses(sentence: str, topic_of: Callable[[str], set[str]]) -> list[str]:
    """A sentence cut where a joined clause asks a question of its own, about something the clause before
    it does not name."""
    clauses: list[str] = []
    start = 0
    for match in _JOINED_QUESTION.finditer(sentence):
        head, tail = sentence[start : match.start()], _WHICH_ONES.sub("which papers", sentence[match.end() :])
        if (
            not asks_something(head)  # "Compressor - final model size and how much smaller?" is one question
            or refers_to_conversation(head)  # "the second one - what is X there, and where does Y come in"
            or _ENDS_UNFINISHED.search(head)
            or refers_back(tail)
            or not topic_of(head)
            or not topic_of(tail) - topic_of(head)
        ):
            continue
        clauses.append(_finished(head))
        sentence, start = sentence[: match.end()] + tail, match.end()
    clauses.append(sentence[start:].strip())
    return [c for c in clauses if c]


def _finished(clause: str) -> str:
    clause = clause.strip().rstrip(",;")
    return clause if clause.endswith("?") else clause + "?"


def heading(part: str) -> str:
    """The part as its paragraph's heading: without the words joining it to the part before."""
    text = _CONNECTIVE.sub("", part).strip() or part.strip()
    return text[:1].upper() + text[1:]


def join_answers(message: str, answers: list[tuple[str, Answer]]) -> Answer:
    """One answer to a message that asked several questions: each part's answer under its question, the
    citations numbered once across them (a paper cited by two parts keeps its first number)."""
    citations: list[Citation] = []
    number_of: dict[str, int] = {}
    texts: list[str] = []
    claims: list[Claim] = []
    for question, answer in answers:
        renumbering: dict[int, int] = {}
        for citation in answer.citations:
            if citation.paper_id not in number_of:
                number_of[citation.paper_id] = len(citations) + 1
                citations.append(_renumbered(citation, len(citations) + 1))
            renumbering[citation.n] = number_of[citation.paper_id]
        texts.append(f"**{heading(question)}**\n\n{_with_numbers(answer.text, renumbering)}")
        claims += [_claim_renumbered(claim, renumbering) for claim in answer.claims]
    first = answers[0][1]
    hits = {h.paper_id: h for _, a in answers for h in a.hits}
    closest = {h.paper_id: h for _, a in answers if a.refused for h in a.closest}
    timings: dict[str, float] = {}
    tokens: dict[str, int] = {}
    for _, answer in answers:
        for key, value in answer.timings.items():
            timings[key] = timings.get(key, 0.0) + value
        for key, count in answer.token_counts.items():
            tokens[key] = tokens.get(key, 0) + count
    notices = list(dict.fromkeys(n for _, a in answers for n in a.notices))
    return Answer(
        question=message,
        text="\n\n".join(texts),
        citations=citations,
        refused=all(a.refused for _, a in answers),
        generator="llm" if any(a.generator == "llm" for _, a in answers) else first.generator,
        timings=timings,
        notices=notices,
        claims=claims,
        stripped_markers=sum(a.stripped_markers for _, a in answers),
        total_markers=sum(a.total_markers for _, a in answers),
        standalone_question=" ".join(a.standalone_question for _, a in answers),
        hits=list(hits.values()),
        closest=list(closest.values()),
        token_counts=tokens,
        follow_up=first.follow_up,
        capped=any(a.capped for _, a in answers),
    )


def _renumbered(citation: Citation, n: int) -> Citation:
    return Citation(
        n,
        citation.paper_id,
        citation.title,
        citation.abstract,
        citation.passage,
        citation.support,
        citation.supported,
        citation.relevance,
        citation.relevant,
        citation.metadata,
    )


def _with_numbers(text: str, renumbering: dict[int, int]) -> str:
    def renumber(match: re.Match[str]) -> str:
        numbers = sorted({renumbering.get(n, n) for n in parse_marker(match.group(1))})
        return "".join(f"[{n}]" for n in numbers)

    return MARKER.sub(renumber, text)


def _claim_renumbered(claim: Claim, renumbering: dict[int, int]) -> Claim:
    def mapped(values: dict[int, object]) -> dict[int, object]:
        return {renumbering.get(n, n): v for n, v in values.items()}

    return Claim(
        claim.text,
        [renumbering.get(n, n) for n in claim.cited],
        mapped(claim.support),  # type: ignore[arg-type]
        mapped(claim.supported),  # type: ignore[arg-type]
        mapped(claim.evidence),  # type: ignore[arg-type]
    )

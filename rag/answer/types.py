"""What the answer layer returns: an :class:`Answer` with its :class:`Citation` list; a generator's :class:`Draft`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rag.citations import Claim
from rag.corpus import files_of
from rag.retrieve import Hit
from rag.text import display_title


@dataclass
class Citation:
    """A numbered source the answer cites, with two separate verdicts.

    ``supported``: the cited text states the claim made with it (the support judge).
    ``relevant``: the cited paper answers the question (the evidence judge, per paper).
    """

    n: int
    paper_id: str
    title: str | None
    abstract: str
    passage: str
    support: float
    supported: bool
    relevance: float = 0.0
    relevant: bool = False
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def display_title(self) -> str:
        return display_title(self.title, self.abstract)

    @property
    def verdict(self) -> str:
        """Both verdicts in words, for the CLI, the UI and exports."""
        support = "supported" if self.supported else "NOT supported by this abstract"
        relevance = "answers the question" if self.relevant else "does not answer the question itself"
        return f"{support}; {relevance}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "paper_id": self.paper_id,
            "title": self.title,
            "abstract": self.abstract,
            "passage": self.passage,
            "support": round(self.support, 3),
            "supported": self.supported,
            "relevance": round(self.relevance, 3),
            "relevant": self.relevant,
            "source": self.metadata.get("sources", ""),
        }


@dataclass
class Draft:
    """A generator's output before citation checks: text with markers over ``sources``."""

    text: str
    sources: list[Hit]
    refused: bool
    closest: list[Hit] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    token_counts: dict[str, int] = field(default_factory=dict)
    failure: str | None = None

    @classmethod
    def failed(cls, reason: str) -> Draft:
        """A generator could not produce a usable answer; ``reason`` becomes the user's notice."""
        return cls("", [], False, failure=reason)


@dataclass
class Answer:
    """A cited answer, everything needed to show it, and what was checked along the way.

    ``refused`` is true when the corpus (or, for "which of those" follow-ups, the papers the
    conversation established) holds no answer; ``closest`` then lists papers that come nearest
    without answering. ``capped`` says the list stopped at ``k`` while more papers may qualify.
    """

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
    follow_up: str = "none"
    capped: bool = False
    #: The question whose list was capped, when it is one part of a message that asked several (paging the
    #: whole message's search would mix the parts' topics); "" otherwise.
    capped_question: str = ""

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
            source = ", ".join(files_of(str(c.metadata.get("sources", ""))))
            lines.append(f"[{c.n}] {c.display_title} — {source} ({c.verdict})")
        if self.closest and not self.refused:  # a message of several questions, one of which no paper answers
            lines += ["", "Closest matches for the part no paper answers (they do not answer it):"]
            lines += [f"- {h.display_title}" for h in self.closest]
        return "\n".join(lines)

    def to_markdown(self) -> str:
        """The answer with its numbered references, for export: the question appears once, as the heading."""
        parts = [f"## {self.question}", "", self.text, ""]
        if self.citations:
            parts.append("### References")
            for c in self.citations:
                parts.append(f"{c.n}. **{c.display_title}** ({c.verdict}, paper id `{c.paper_id}`)")
                parts.append(f"   > {c.passage}")
        if self.closest and (not self.citations or not self.refused):
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
            "capped": self.capped,
            "follow_up": self.follow_up,
            "generator": self.generator,
            "notices": self.notices,
            "stripped_markers": self.stripped_markers,
            "timings_ms": {k: round(v, 1) for k, v in self.timings.items()},
            "token_counts": self.token_counts,
            "closest": [h.to_dict() for h in self.closest],
        }

"""Cited answers over a corpus of AI research papers.

Public API: :class:`Assistant` (search and ask), :class:`Answer` and :class:`Hit`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Answer", "Assistant", "Citation", "Hit", "Settings"]

if TYPE_CHECKING:
    from rag.answer import Answer, Citation
    from rag.assistant import Assistant
    from rag.config import Settings
    from rag.retrieve import Hit


def __getattr__(name: str) -> Any:
    # Lazy so that `rag --help` and the parser stay fast: chromadb and llama-index take seconds to import.
    if name == "Assistant":
        from rag.assistant import Assistant

        return Assistant
    if name in ("Answer", "Citation"):
        from rag import answer

        return getattr(answer, name)
    if name == "Hit":
        from rag.retrieve import Hit

        return Hit
    if name == "Settings":
        from rag.config import Settings

        return Settings
    raise AttributeError(name)

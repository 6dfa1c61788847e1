"""The answer layer: question understanding, evidence, generators behind one protocol, and the engine.

Modules, in the order a question meets them: :mod:`~rag.answer.followup` (what it refers to in the
conversation), :mod:`~rag.answer.question` (shape, attribute, concepts), :mod:`~rag.answer.evidence`
(per-paper relevance from sentences),
:mod:`~rag.answer.generator` (the protocol and the offline drafter), :mod:`~rag.answer.llm`
(the OpenAI-compatible client and generator), :mod:`~rag.answer.verify` (citation checks) and
:mod:`~rag.answer.engine`, which runs them. :mod:`~rag.answer.types` holds what they return.
"""

from rag.answer.engine import AnswerEngine
from rag.answer.types import Answer, Citation, Draft

__all__ = ["Answer", "AnswerEngine", "Citation", "Draft"]

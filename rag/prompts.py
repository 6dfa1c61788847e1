"""The named prompt templates, checked for exactly the placeholders the code fills in.

The templates live in the repository's top-level ``prompts/`` directory, which
setuptools installs as the data package ``rag.prompt_templates`` (see
``pyproject.toml``), so a non-editable install carries them. They are read with
:mod:`importlib.resources`; a source checkout that was never installed falls back
to the ``prompts/`` directory next to the ``rag`` package.

Every template is validated when it is loaded: a template that lacks a
placeholder the code fills, or names one the code does not know, raises
:class:`PromptError` at once instead of failing (or silently dropping text) at
the first question.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

#: Every template and the placeholders ``str.format`` fills in it.
PLACEHOLDERS: Mapping[str, frozenset[str]] = {
    "system": frozenset(),
    "answer": frozenset({"question", "n_sources", "sources"}),
    "compare": frozenset({"question", "n_sources", "sources"}),  # the answer as a comparison table
    "source": frozenset({"n", "title", "abstract"}),
    "followup_rewrite": frozenset({"history", "question"}),
}

_PACKAGE = "rag.prompt_templates"
_CHECKOUT_DIR = Path(__file__).resolve().parent.parent / "prompts"


class PromptError(ValueError):
    """A prompt template is missing, or its placeholders differ from what the code fills in."""


def default_directory() -> Traversable:
    """The installed templates, or the checkout's ``prompts/`` when the package was never installed."""
    try:
        return resources.files(_PACKAGE)
    except ModuleNotFoundError:
        return _CHECKOUT_DIR


def placeholders(template: str) -> set[str]:
    """The field names ``str.format`` would fill in ``template`` (``{{`` escapes are not fields)."""
    return {field for _, field, _, _ in string.Formatter().parse(template) if field is not None}


def validate(name: str, template: str) -> str:
    """Return ``template`` if its placeholders are exactly those :data:`PLACEHOLDERS` expects for ``name``."""
    if name not in PLACEHOLDERS:
        raise PromptError(f"unknown prompt {name!r}; known: {', '.join(sorted(PLACEHOLDERS))}")
    try:
        found = placeholders(template)
    except ValueError as exc:  # an unbalanced brace
        raise PromptError(f"prompt {name!r} is not a valid format string: {exc}") from exc
    expected = PLACEHOLDERS[name]
    missing, extra = expected - found, found - expected
    if missing or extra:
        problems = []
        if missing:
            problems.append(f"lacks {', '.join('{' + p + '}' for p in sorted(missing))}")
        if extra:
            problems.append(f"has unknown {', '.join('{' + p + '}' for p in sorted(extra))}")
        raise PromptError(f"prompt {name!r} {' and '.join(problems)} (expected: {sorted(expected) or 'none'})")
    return template


class Prompts:
    """All named templates, read and validated once at construction: ``Prompts()["answer"]``."""

    def __init__(self, directory: Path | Traversable | None = None) -> None:
        self.directory = directory if directory is not None else default_directory()
        self._templates = {name: validate(name, self._read(name)) for name in PLACEHOLDERS}

    def _read(self, name: str) -> str:
        path = self.directory / f"{name}.txt"
        try:
            return path.read_text(encoding="utf-8").strip()
        except (FileNotFoundError, NotADirectoryError) as exc:
            raise PromptError(f"prompt {name!r} not found at {path}") from exc

    def __getitem__(self, name: str) -> str:
        if name not in self._templates:
            raise KeyError(f"unknown prompt {name!r}; known: {', '.join(sorted(self._templates))}")
        return self._templates[name]

    def names(self) -> list[str]:
        return sorted(self._templates)

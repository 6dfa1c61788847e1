"""Keep gradio from rewriting its own type stubs every time it is imported.

gradio's ``ComponentMeta`` calls ``create_or_modify_pyi`` for every component class it defines: it
reads the class's source file, parses it with ``ast`` and rewrites the ``.pyi`` stub beside it in
site-packages. That is a development aid for gradio's authors (editor hints for generated event
methods); nothing at run time reads the stubs. On this project's 2-core machines it is more than half
of ``import gradio``: 4.5-5.2 s of CPU with it, 1.9-2.4 s without (gradio 6.31, 2026-11-30), which
is what stood between the app and its 5 s start.

The hook wraps the loader of ``gradio.component_meta`` alone, so the function is replaced after that
module runs and before any component class is created. Should a gradio release move or rename the
function, the hook does nothing and gradio imports as it always did: slower, never broken.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType

_META_MODULE = "gradio.component_meta"
_STUB_WRITER = "create_or_modify_pyi"

__all__ = ["skip_stub_regeneration"]


def _leave_stubs_alone(*_args: object, **_kwargs: object) -> None:
    """Stands in for gradio's stub writer: the installed stubs are left as they are."""


class _StubWriterOff(importlib.abc.Loader):
    def __init__(self, loader: importlib.abc.Loader) -> None:
        self._loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self._loader.exec_module(module)
        if callable(getattr(module, _STUB_WRITER, None)):
            setattr(module, _STUB_WRITER, _leave_stubs_alone)


class _ComponentMetaFinder(importlib.abc.MetaPathFinder):
    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != _META_MODULE:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return None
        spec.loader = _StubWriterOff(spec.loader)
        return spec


def skip_stub_regeneration() -> None:
    """Install the hook; call before the first ``import gradio`` (a no-op once gradio is loaded)."""
    if _META_MODULE in sys.modules or any(isinstance(f, _ComponentMetaFinder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _ComponentMetaFinder())

"""Opening the Chroma store, embedded or a server, and one clear error for every way it can fail."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from rag.config import Settings


class IndexError_(RuntimeError):
    """The index cannot be opened or used (for example, the Chroma server is down)."""


class EmptyIndexError(IndexError_):
    """The index holds no papers yet."""


def connect(settings: Settings) -> Any:
    """A Chroma client: embedded on ``index_dir`` by default, or a ``chroma run`` server."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    try:
        if settings.server_mode:
            headers = {}
            if settings.chroma_token is not None:
                headers["Authorization"] = f"Bearer {settings.chroma_token.get_secret_value()}"
            client = chromadb.HttpClient(
                host=settings.chroma_host or "127.0.0.1",
                port=settings.chroma_port,
                headers=headers,
                settings=chroma_settings,
            )
            client.heartbeat()
            return client
        settings.index_dir.mkdir(parents=True, exist_ok=True)
        return chromadb.PersistentClient(path=str(settings.index_dir), settings=chroma_settings)
    except Exception as exc:  # chromadb raises many types; all mean "cannot open the store"
        raise IndexError_(f"cannot open the index at {settings.describe_store()}: {short_error(exc)}") from exc


def store_errors(method: Callable[..., Any]) -> Callable[..., Any]:
    """Turn any Chroma failure (server down, restarted, disk error) into one clear :class:`IndexError_`."""

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except IndexError_:
            raise
        except Exception as exc:
            where = self.settings.describe_store()
            raise IndexError_(f"the index at {where} is not reachable: {short_error(exc)}") from exc

    return wrapper


def short_error(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:300]

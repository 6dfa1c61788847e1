"""Every setting in one place, each overridable by an environment variable.

Variables are ``RAG_<FIELD>`` (for example ``RAG_INDEX_DIR``), except for the
OpenAI-standard ``OPENAI_API_KEY`` and ``OPENAI_BASE_URL``, which every
OpenAI-compatible client already understands.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DATA = Path(__file__).resolve().parent / "data"


def offline_environment() -> None:
    """Stop libraries from phoning home or downloading files; call before importing them."""
    import llama_index.core

    tiktoken_cache = Path(llama_index.core.__file__).parent / "_static" / "tiktoken_cache"
    os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(tiktoken_cache))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


class Settings(BaseSettings):
    """Settings for ingest, retrieval, generation and the UI."""

    model_config = SettingsConfigDict(env_prefix="RAG_", extra="ignore", populate_by_name=True)

    # --- storage
    corpus_dir: Path = PROJECT_ROOT / "data" / "corpus"
    index_dir: Path = PROJECT_ROOT / "data" / "index"
    collection: str = "papers"
    chroma_host: str | None = None
    chroma_port: int = 8000
    chroma_token: SecretStr | None = None

    # --- embedding and chunking
    embed_batch_size: int = 16
    embed_threads: int = 0  # 0 lets onnxruntime use every core

    # --- retrieval
    top_k: int = 10
    candidates: int = 50
    hnsw_ef_search: int = 100
    hnsw_m: int = 32

    # --- generation
    generator: Literal["auto", "offline", "llm"] = "auto"
    llm_model: str = "gpt-4o-mini"
    llm_api_key: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("OPENAI_API_KEY", "RAG_LLM_API_KEY")
    )
    llm_base_url: str | None = Field(default=None, validation_alias=AliasChoices("OPENAI_BASE_URL", "RAG_LLM_BASE_URL"))
    llm_timeout: float = 60.0
    llm_max_retries: int = 2
    llm_context_tokens: int = 8192
    llm_answer_tokens: int = 700
    max_question_chars: int = 2000

    # --- answer quality thresholds (calibrated on evals/gold.jsonl, see evals/README.md)
    relevance_threshold: float = 0.26
    dense_floor: float = 0.25
    clear_match: float = 0.55  # dense similarity above which no lexical evidence is demanded
    support_threshold: float = 0.45

    # --- UI
    ui_host: str = "127.0.0.1"
    ui_port: int = 7860
    ui_auth: str | None = None  # "user:password"
    ui_concurrency: int = 4

    @property
    def llm_configured(self) -> bool:
        return bool(self.llm_base_url or self.llm_api_key)

    @property
    def server_mode(self) -> bool:
        return bool(self.chroma_host)

    def describe_store(self) -> str:
        if self.server_mode:
            return f"chroma server {self.chroma_host}:{self.chroma_port}"
        return f"{self.index_dir}"


def get_settings(**overrides: object) -> Settings:
    """Settings from the environment, with explicit overrides (CLI flags) winning."""
    clean = {k: v for k, v in overrides.items() if v is not None}
    return Settings(**clean)

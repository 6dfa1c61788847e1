"""Settings, prompt templates and packaging: fast checks, plus one slow non-editable install."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from pydantic import ValidationError

from rag.config import GROUPS, Settings
from rag.prompts import PLACEHOLDERS, PromptError, Prompts, validate

from .conftest import ROOT


# ---------------------------------------------------------------------------------------------- settings
def test_an_unknown_setting_raises() -> None:
    with pytest.raises(ValidationError, match="index_dirr"):
        Settings(index_dirr="/tmp/x")  # type: ignore[call-arg]


def test_environment_variables_keep_their_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAG_TOP_K", "7")
    monkeypatch.setenv("RAG_INDEX_DIR", "/srv/index")
    monkeypatch.setenv("OPENAI_API_KEY", "sk-from-env")
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    settings = Settings()
    assert settings.top_k == 7
    assert settings.index_dir == Path("/srv/index")
    assert settings.llm_api_key is not None and settings.llm_api_key.get_secret_value() == "sk-from-env"
    assert settings.llm_base_url == "http://127.0.0.1:9/v1"
    # The RAG_ spellings of the two OpenAI variables work too, and fields can be set by name.
    monkeypatch.delenv("OPENAI_API_KEY")
    monkeypatch.setenv("RAG_LLM_API_KEY", "sk-rag")
    assert Settings().llm_api_key.get_secret_value() == "sk-rag"  # type: ignore[union-attr]
    assert Settings(llm_api_key="sk-kw").llm_api_key.get_secret_value() == "sk-kw"  # type: ignore[union-attr]


def test_unrelated_rag_environment_variables_are_ignored(monkeypatch: pytest.MonkeyPatch) -> None:
    # Another tool may use the RAG_ prefix; only explicit arguments are held to extra="forbid".
    monkeypatch.setenv("RAG_SOMETHING_ELSE", "1")
    assert Settings().top_k == 10


@pytest.mark.parametrize(
    ("field", "value"),
    [("top_k", 0), ("chroma_port", 70000), ("support_threshold", 1.5), ("llm_timeout", 0), ("ui_auth", "nocolon")],
)
def test_out_of_bounds_values_raise(field: str, value: object) -> None:
    with pytest.raises(ValidationError, match=field):
        Settings(**{field: value})  # type: ignore[arg-type]


def test_every_setting_has_a_group_and_a_description() -> None:
    grouped = Settings.grouped()
    assert list(grouped) == list(GROUPS)
    assert sorted(n for names in grouped.values() for n in names) == sorted(Settings.model_fields)
    for name, info in Settings.model_fields.items():
        assert info.description, name
    assert {"relevance_threshold", "support_threshold"} <= set(grouped["answer_quality"])


# ----------------------------------------------------------------------------------------------- prompts
def test_the_shipped_prompts_load_and_fill() -> None:
    prompts = Prompts()
    assert prompts.names() == sorted(PLACEHOLDERS)
    filled = prompts["source"].format(n=1, title="T", abstract="A")
    assert "T" in filled and "A" in filled


@pytest.mark.parametrize(
    ("name", "template", "message"),
    [
        ("answer", "Question: {question}\n{sources}", r"lacks \{n_sources\}"),
        ("source", "{n} {title} {abstract} {year}", r"has unknown \{year\}"),
        ("followup_rewrite", "{history} {question", "not a valid format string"),
        ("nonsense", "", "unknown prompt"),
    ],
)
def test_a_template_with_wrong_placeholders_is_refused(name: str, template: str, message: str) -> None:
    with pytest.raises(PromptError, match=message):
        validate(name, template)


def test_a_bad_template_fails_at_load_not_at_the_first_question(tmp_path: Path) -> None:
    for name in PLACEHOLDERS:
        shutil.copy(ROOT / "prompts" / f"{name}.txt", tmp_path)
    (tmp_path / "answer.txt").write_text("Sources: {sources}\nQuestion: {question}\n", encoding="utf-8")
    with pytest.raises(PromptError, match="answer"):
        Prompts(tmp_path)
    (tmp_path / "answer.txt").unlink()
    with pytest.raises(PromptError, match="not found"):
        Prompts(tmp_path)


# --------------------------------------------------------------------------------------------- packaging
def test_every_package_under_rag_is_packaged() -> None:
    # pyproject lists packages by hand (prompts/ is mapped in), so a new subpackage must be added there.
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    on_disk = {
        ".".join(path.parent.relative_to(ROOT).parts)
        for path in (ROOT / "rag").rglob("*.py")
        if "__pycache__" not in path.parts
    }
    assert on_disk <= set(config["packages"])
    assert config["package-dir"]["rag.prompt_templates"] == "prompts"


@pytest.mark.slow
def test_a_non_editable_install_answers_from_another_directory(tmp_path: Path, small_index_dir: Path) -> None:
    """`pip install .` (not -e) into a fresh venv, then `rag ask` from /tmp against an ingested index.

    Offline and fast: the fresh venv sees the dependencies through a .pth line naming this
    venv's site-packages (a plain path line runs none of that directory's .pth hooks, so this
    checkout's editable install stays invisible), and pip installs with --no-deps.
    """
    source = tmp_path / "src"  # a copy, so the build leaves no build/ or egg-info in the checkout
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "rag", source / "rag", ignore=ignore)
    shutil.copytree(ROOT / "prompts", source / "prompts", ignore=ignore)

    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    deps = next(p for p in sys.path if p.endswith("site-packages") and Path(p).is_dir())
    Path(site, "_deps.pth").write_text(deps + "\n", encoding="utf-8")
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "-q"]
    install = subprocess.run(
        [*pip, "--no-deps", "--no-build-isolation", "--no-index", str(source)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stderr[-2000:]

    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["RAG_INDEX_DIR"] = str(small_index_dir)
    where = "import rag, rag.prompts; print(rag.__file__); print(rag.prompts.default_directory() / 'answer.txt')"
    probe = subprocess.run(
        [str(python), "-c", where],
        capture_output=True,
        text=True,
        cwd="/tmp",
        env=env,
    )
    assert probe.returncode == 0, probe.stderr
    assert all(line.startswith(site) for line in probe.stdout.split()), probe.stdout  # not the checkout

    result = subprocess.run(
        [str(venv / "bin" / "rag"), "ask", "which papers distill CLIP?", "--generator", "offline"],
        capture_output=True,
        text=True,
        cwd="/tmp",
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "[1]" in result.stdout

"""What `rag search` and `rag ask` import: the one-shot commands load only what they use.

Start-up is most of a one-shot command's wall time (importing chromadb alone takes about as long as
the search itself many times over), so the import graph is the regression to guard. Timings are not
asserted (they depend on the machine); which modules get loaded does not.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

QUESTION = "which papers distill CLIP?"

# Runs in a fresh interpreter: the parser alone, then `rag search`, then `rag ask`, each followed by a
# look at sys.modules, so every stage's list holds what that command (and the ones before it) loaded.
CHILD = """
import contextlib, io, json, sys
from rag.cli import build_parser, run

index_dir, question = sys.argv[1], sys.argv[2]
stages, codes, output = {}, {}, {}
build_parser().parse_args(["search", question])
stages["parser"] = sorted(sys.modules)
for command in ("search", "ask"):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        codes[command] = run([command, question, "--index-dir", index_dir])
    stages[command] = sorted(sys.modules)
    output[command] = out.getvalue()
sys.__stdout__.write(json.dumps({"stages": stages, "codes": codes, "output": output}))
"""

#: Never needed by the CLI's search or offline answer: the web UI, llama-index, the LLM client, eval.
#: ``llama_index`` itself is a namespace package that rag.config's find_spec (for tiktoken's cache
#: directory) loads without running any llama-index code, so the check is on its real package.
NEVER = ("gradio", "llama_index.core", "openai", "tiktoken", "rag.llamaindex", "rag.ui", "rag.evaluate")
#: Loaded by `rag ask`, not by `rag search`: the answer layer (question parsing, evidence, drafting).
ANSWER_LAYER = ("rag.answer",)
#: What a parse-only run (`rag --help`, a usage error) must not pay for.
HEAVY = ("numpy", "pydantic", "chromadb", "onnxruntime", "rag.config")


def loaded(modules: list[str], names: tuple[str, ...]) -> list[str]:
    """The modules of ``modules`` that are one of ``names`` or inside one of them."""
    return [m for m in modules if any(m == name or m.startswith(f"{name}.") for name in names)]


@pytest.mark.slow  # a fresh interpreter running a search and an answer: an external process
def test_search_and_ask_import_only_what_they_use(small_index_dir: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "RAG_LLM_"))}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(small_index_dir), QUESTION],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    stages = result["stages"]
    assert result["codes"] == {"search": 0, "ask": 0}, done.stderr
    assert "CLIP" in result["output"]["search"] and "CLIP" in result["output"]["ask"]

    assert loaded(stages["parser"], HEAVY) == []
    assert loaded(stages["search"], NEVER + ANSWER_LAYER) == []
    assert loaded(stages["ask"], NEVER) == []
    # The check above means something only if ask really loads what search was kept from loading.
    assert loaded(stages["ask"], ANSWER_LAYER) != []

"""The offline eval runs on every commit and fails on regression against evals/baseline.json."""

from __future__ import annotations

import json
from pathlib import Path

from .conftest import ROOT, run_rag


def test_offline_eval_on_the_dev_split_does_not_regress(default_index_dir: Path, tmp_path: Path) -> None:
    result = run_rag("eval", "--index-dir", str(default_index_dir), "--out", str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    summary = json.loads((tmp_path / "eval.json").read_text())["summary"]
    assert summary["questions"] >= 70
    assert summary["citations"]["invalid_markers"] == 0
    # Metrics that can fail: cited papers are gold, "relevant" verdicts are right, refusals are right.
    assert summary["citations"]["cited_precision"] >= 0.75
    assert summary["citations"]["relevance_precision"] >= 0.7
    assert summary["refusal"]["unanswerable_refused"] >= 0.5
    assert summary["refusal"]["answerable_answered"] >= 0.8
    # Quotation is support by construction for the offline drafter, so it is not reported as a measurement.
    assert summary["citations"]["support_precision"] is None
    report = (tmp_path / "eval.md").read_text()
    assert "missed gold papers" in report and "| topic-distill-clip |" in report


def test_a_broken_retriever_makes_eval_fail(default_index_dir: Path, tmp_path: Path) -> None:
    result = run_rag("eval", "--index-dir", str(default_index_dir), "--out", str(tmp_path), "-k", "1")
    assert result.returncode == 4
    assert "REGRESSION" in result.stderr and "retrieval.recall@5" in result.stderr
    rows = json.loads((tmp_path / "eval.json").read_text())["rows"]
    # The report names, per question, the gold papers that were missed.
    assert any(r["missed_in_retrieval"] for r in rows)


def test_update_baseline_writes_the_given_file(default_index_dir: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    result = run_rag(
        "eval",
        "--index-dir",
        str(default_index_dir),
        "--out",
        str(tmp_path),
        "--baseline",
        str(baseline),
        "--update-baseline",
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(baseline.read_text())["summary"]["questions"] >= 70
    assert (ROOT / "evals" / "baseline.json").exists()


def test_every_question_set_can_be_named_on_the_command_line() -> None:
    from rag.cli import build_parser
    from rag.evaluate import EVALS, SPLITS

    eval_parser = build_parser()._subparsers._group_actions[0].choices["eval"]  # type: ignore[union-attr]
    split = next(a for a in eval_parser._actions if a.dest == "split")
    assert list(split.choices) == list(SPLITS)
    assert all((EVALS / name).is_file() for name in SPLITS.values())

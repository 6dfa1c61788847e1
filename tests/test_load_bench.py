"""bench/load.py drives the real app: users connect, ask through the queue, and every answer arrives."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.load import level, start_app


@pytest.mark.slow
def test_concurrent_users_all_get_answers_through_the_queue(small_index_dir: Path, tmp_path: Path) -> None:
    proc, url, _ = start_app(small_index_dir, concurrency=1, log_path=tmp_path / "app.log")
    try:
        got = level(url, users=3, per_user=2)  # more users than the queue's one worker: the rest wait
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert got["requests"] == 6
    assert got["errors"] == 0, got["error_samples"]

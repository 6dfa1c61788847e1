"""Corpus directory in, synchronised index out: the ``rag ingest`` job."""

from __future__ import annotations

import fcntl
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from rag.config import Settings
from rag.corpus import ParseResult, ParseWarning, parse_corpus
from rag.index import IngestReport, PaperIndex


class IngestBusyError(RuntimeError):
    """Another ingest holds the index."""


class NothingToIngestError(RuntimeError):
    """The corpus path yielded no usable paper, so the index was left as it was."""


@dataclass
class IngestOutcome:
    parse: ParseResult
    report: IngestReport

    @property
    def warnings(self) -> list[ParseWarning]:
        return self.parse.warnings


def run_ingest(settings: Settings, corpus: Path | None = None, show_progress: bool = True) -> IngestOutcome:
    """Parse ``corpus`` (default: the configured corpus) and make the index match it."""
    root = Path(corpus or settings.corpus_dir)
    if not root.exists():
        raise NothingToIngestError(f"corpus path not found: {root}")
    parsed = parse_corpus(root)
    if not parsed.papers:
        raise NothingToIngestError(f"no papers found under {root} ({len(parsed.warnings)} problems); index unchanged")
    with _ingest_lock(settings):
        return _sync(settings, parsed, show_progress)


@contextmanager
def _ingest_lock(settings: Settings) -> Iterator[None]:
    """One ingest at a time per embedded index; a second one fails fast instead of interleaving writes."""
    if settings.server_mode:
        yield
        return
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    with open(settings.index_dir / ".ingest.lock", "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise IngestBusyError(f"another ingest is already writing to {settings.index_dir}") from exc
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _sync(settings: Settings, parsed: ParseResult, show_progress: bool) -> IngestOutcome:
    index = PaperIndex(settings)
    bar = None

    def on_plan(total: int) -> None:
        nonlocal bar
        if show_progress and total:
            from tqdm import tqdm

            bar = tqdm(total=total, unit="paper", desc="embedding", file=sys.stderr, leave=False)

    def progress(n: int) -> None:
        if bar is not None:
            bar.update(n)

    try:
        report = index.sync(parsed.papers, progress=progress, on_plan=on_plan)
    finally:
        if bar is not None:
            bar.close()
    report.skipped = len(parsed.warnings)
    report.duplicates = len(parsed.records) - len(parsed.papers)
    return IngestOutcome(parse=parsed, report=report)

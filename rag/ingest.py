"""Corpus directory in, synchronised index out: the ``rag ingest`` job."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from rag.config import Settings
from rag.corpus import ParseResult, ParseWarning, parse_corpus
from rag.index import IngestReport, PaperIndex


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
    report.skipped = len(parsed.records) - len(parsed.papers)
    return IngestOutcome(parse=parsed, report=report)

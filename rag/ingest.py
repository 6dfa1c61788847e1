"""Paper files in, index out: the ``rag ingest``, ``rag remove`` and ``rag sources`` jobs.

Every paper remembers the *sources* that hold it (``Paper.origins``): the folder or file given to
``rag ingest`` (its resolved path), or an upload. Each source keeps its own copy of the paper's facts,
so the index can always say what is left when one source goes. Ingesting PATH therefore touches
only PATH's share of the index:

* papers PATH holds are added, or gain PATH as a source, or are updated when PATH's copy changed;
* papers PATH held before but no longer does lose PATH; only those with no source left are deleted;
* papers of other sources are never touched, unless ``prune`` asks to remove everything not in PATH.

Crash safety is the index's: passages first, the paper row last as the commit marker, and any
half-written paper repaired at the start of the next run (see docs/reliability.md).
"""

from __future__ import annotations

import dataclasses
import fcntl
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rag.config import Settings
from rag.corpus import Paper, ParseResult, ParseWarning, parse_corpus
from rag.index import PaperIndex
from rag.snapshot import committing
from rag.sources import (
    UNRECORDED,
    UPLOAD_PREFIX,
    Change,
    SyncPlan,
    origins_of,
    plan_sync,
    source_key,
    title_of,
)


class IngestBusyError(RuntimeError):
    """Another ingest holds the index."""


class NothingToIngestError(RuntimeError):
    """The corpus path yielded no usable paper, so the index was left as it was."""


class NotFoundError(RuntimeError):
    """``rag remove`` was given something that is neither a source nor a paper id."""


class CancelledError(RuntimeError):
    """The user declined a removal; the index was left as it was."""


@dataclass
class IngestReport:
    """What one run did, for the summary line, ``--json`` and tests."""

    source: str = ""
    parsed: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    #: Papers no longer found in a file that had unreadable content, kept rather than removed (see the warnings).
    kept: int = 0
    unchanged: int = 0
    relocated: int = 0  # of the unchanged: entries that only moved to other lines (their stored lines are updated)
    skipped: int = 0  # pieces of content the parser could not use (see the warnings)
    duplicates: int = 0  # copies of a paper found more than once in the source, merged into one
    repaired: int = 0
    passages_embedded: int = 0
    papers: int = 0  # papers in the index after the run
    seconds: float = 0.0
    changes: dict[str, list[dict[str, str]]] = field(default_factory=dict)

    def summary(self) -> str:
        head = f"parsed {self.parsed} papers" if self.parsed or self.added else f"removed {self.source}"
        return (
            f"{head}: {self.added} added, {self.updated} updated, "
            f"{self.removed} removed, {self.unchanged} unchanged, {self.skipped} skipped"
            + (f" ({self.relocated} moved to other lines)" if self.relocated else "")
            + (
                f"; {self.kept} kept though not found again: their files have entries that could not be read"
                if self.kept
                else ""
            )
            + (f" ({self.duplicates} duplicate copies merged)" if self.duplicates else "")
            + (f", {self.repaired} repaired" if self.repaired else "")
            + f"; {self.passages_embedded} passages embedded in {self.seconds:.1f} s; index holds {self.papers} papers"
        )

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class IngestOutcome:
    parse: ParseResult
    report: IngestReport

    @property
    def warnings(self) -> list[ParseWarning]:
        return self.parse.warnings


Confirm = Callable[[SyncPlan], bool]


# ------------------------------------------------------------------ jobs
def run_ingest(
    settings: Settings,
    corpus: Path | None = None,
    show_progress: bool = True,
    prune: bool = False,
    confirm: Confirm | None = None,
    source: str | None = None,
) -> IngestOutcome:
    """Parse ``corpus`` (default: the configured corpus) and bring its share of the index up to date.

    ``prune`` also removes every paper ``corpus`` does not hold; ``confirm`` is asked first when that
    deletes or strips papers of other sources, and a False answer leaves the index untouched.
    ``source`` names the source when the path does not (an upload: ``upload:<file name>``).
    """
    root = Path(corpus or settings.corpus_dir)
    if not root.exists():
        raise NothingToIngestError(f"corpus path not found: {root}")
    parsed = parse_corpus(root)
    if not parsed.papers:
        # Say why: the reasons ("binary file", "not valid JSON") are what the user can act on.
        shown = [f"\n  {w}" for w in parsed.warnings[:10]]
        more = f"\n  ... and {len(parsed.warnings) - 10} more" if len(parsed.warnings) > 10 else ""
        raise NothingToIngestError(f"no papers found under {root}; index unchanged{''.join(shown)}{more}")
    with _ingest_lock(settings):
        unreadable = frozenset(f"{w.file}:{w.line}" for w in parsed.warnings)
        report = _run(
            settings, parsed.papers, source or source_key(root), show_progress, prune, confirm, unreadable=unreadable
        )
    report.parsed = len(parsed.papers)
    report.skipped = len(parsed.warnings)
    report.duplicates = len(parsed.records) - len(parsed.papers)
    return IngestOutcome(parse=parsed, report=report)


def run_remove(settings: Settings, target: str, confirm: Confirm | None = None) -> IngestReport:
    """Remove a source (its papers lose it; those left with none are deleted) or one paper by id."""
    with _ingest_lock(settings):
        index = PaperIndex(settings)
        stored, _ = index.stored_state()
        if target in stored:
            title = title_of(stored[target], index.documents([target]).get(target, ""))
            plan = SyncPlan(source=target, delete=[target], removed=[Change(target, title)])
            plan.destructive = list(plan.removed)
            return _execute(index, plan, show_progress=False, confirm=confirm, started=time.perf_counter())
        known = {origin for meta in stored.values() for origin in origins_of(meta)}
        source = target if target in known else source_key(target)
        if source not in known:
            raise NotFoundError(f"{target!r} is neither a source nor a paper id in the index; `rag sources` lists them")
        return _run(settings, [], source, False, False, confirm, index=index, everything_destructive=True)


def list_sources(settings: Settings) -> list[dict[str, Any]]:
    """Every source with its paper count and kind (folder, file, upload, or missing)."""
    stored, _ = PaperIndex(settings).stored_state()
    counts: dict[str, int] = {}
    for meta in stored.values():
        for origin in origins_of(meta) or [UNRECORDED]:
            counts[origin] = counts.get(origin, 0) + 1
    rows = []
    for origin, n in sorted(counts.items()):
        path = Path(origin)
        kind = "folder" if path.is_dir() else "file" if path.is_file() else "missing"
        kind = "upload" if origin.startswith(UPLOAD_PREFIX) else "unknown" if origin == UNRECORDED else kind
        rows.append({"source": origin, "papers": n, "kind": kind})
    return rows


def _run(
    settings: Settings,
    papers: Sequence[Paper],
    source: str,
    show_progress: bool,
    prune: bool,
    confirm: Confirm | None,
    index: PaperIndex | None = None,
    everything_destructive: bool = False,
    unreadable: frozenset[str] = frozenset(),
) -> IngestReport:
    started = time.perf_counter()
    index = index or PaperIndex(settings)
    state = index.stored_state()
    repaired = index.repair(*state)
    plan = plan_sync(state[0], papers, source, index.documents, prune=prune, unreadable=unreadable)
    if everything_destructive:  # `rag remove SOURCE`: every change is a removal the user must confirm
        plan.destructive = plan.removed + plan.updated
    report = _execute(index, plan, show_progress, confirm, started, state)
    report.repaired = repaired
    return report


def _execute(
    index: PaperIndex,
    plan: SyncPlan,
    show_progress: bool,
    confirm: Confirm | None,
    started: float,
    state: tuple[dict[str, dict[str, Any]], dict[str, list[str]]] | None = None,
) -> IngestReport:
    if plan.destructive and confirm is not None and not confirm(plan):
        raise CancelledError("nothing removed; index unchanged")
    state = state or index.stored_state()
    bar = None
    if show_progress and plan.write:
        from tqdm import tqdm

        bar = tqdm(total=len(plan.write), unit="paper", desc="embedding", file=sys.stderr, leave=False)
    try:
        # The start-up snapshot goes stale before the first row is written and is rewritten after the last.
        with committing(index, changes=bool(plan.write or plan.relabel or plan.delete)):
            embedded = index.apply(plan.write, plan.relabel, plan.delete, state, progress=bar.update if bar else None)
    finally:
        if bar is not None:
            bar.close()
    # After the commit (rows and snapshot are final): save Chroma's HNSW graphs, so the next process does
    # not replay this run's writes on start-up. Best effort; skipped when nothing is pending.
    index.persist_vectors()
    return IngestReport(
        source=plan.source,
        added=len(plan.added),
        updated=len(plan.updated),
        removed=len(plan.removed),
        kept=len(plan.kept),
        unchanged=plan.unchanged,
        relocated=plan.relocated,
        passages_embedded=embedded,
        papers=index.count(),
        seconds=time.perf_counter() - started,
        changes={k: [c.to_dict() for c in getattr(plan, k)] for k in ("added", "updated", "removed", "kept")},
    )


@contextmanager
def _ingest_lock(settings: Settings) -> Iterator[None]:
    """One writer at a time per embedded index; a second one fails fast instead of interleaving writes."""
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

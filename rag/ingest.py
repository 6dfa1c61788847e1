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
import json
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rag.config import Settings
from rag.corpus import Paper, ParseResult, ParseWarning, parse_corpus
from rag.index import PaperIndex, _meta_hash
from rag.text import display_title

#: What ``rag sources`` calls papers indexed before sources were recorded.
UNRECORDED = "(no source recorded)"
UPLOAD_PREFIX = "upload:"


class IngestBusyError(RuntimeError):
    """Another ingest holds the index."""


class NothingToIngestError(RuntimeError):
    """The corpus path yielded no usable paper, so the index was left as it was."""


class NotFoundError(RuntimeError):
    """``rag remove`` was given something that is neither a source nor a paper id."""


class CancelledError(RuntimeError):
    """The user declined a removal; the index was left as it was."""


@dataclass
class Change:
    paper_id: str
    title: str
    detail: str = ""  # why, when it is not obvious ("dropped source X", "deleted: no source left")

    def to_dict(self) -> dict[str, str]:
        return {k: v for k, v in dataclasses.asdict(self).items() if v}


@dataclass
class SyncPlan:
    """What a run will do, worked out before anything is written, so a removal can be confirmed first."""

    source: str
    write: list[Paper] = field(default_factory=list)  # embed: new, or text changed
    relabel: list[Paper] = field(default_factory=list)  # metadata only: passages and vectors stay
    delete: list[str] = field(default_factory=list)
    added: list[Change] = field(default_factory=list)
    updated: list[Change] = field(default_factory=list)
    removed: list[Change] = field(default_factory=list)
    unchanged: int = 0
    # Papers that other sources hold and this run deletes or strips of those sources: what ``--prune``
    # and ``rag remove`` must confirm. An ingest's own vanished entries are not in here.
    destructive: list[Change] = field(default_factory=list)


@dataclass
class IngestReport:
    """What one run did, for the summary line, ``--json`` and tests."""

    source: str = ""
    parsed: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
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


# ------------------------------------------------------------------ sources
def source_key(path: Path | str) -> str:
    """How a folder or file is named as a source: its resolved path, so relative and absolute spellings agree."""
    return str(Path(path).expanduser().resolve())


def origins_of(meta: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """The sources a stored paper row records, in the order they first added it."""
    raw = (meta or {}).get("origins")
    return json.loads(raw) if raw else {}


def record_of(paper: Paper) -> dict[str, Any]:
    """One source's copy of a paper, as its row stores it."""
    record = paper.to_dict()
    del record["paper_id"], record["abstract"]
    return {k: v for k, v in record.items() if v not in (None, "", [])}  # rows stay small: defaults are implied


def compose(paper_id: str, abstract: str, origins: dict[str, dict[str, Any]]) -> Paper:
    """The paper the index holds: every source's copy merged, the earliest source winning conflicts."""
    paper: Paper | None = None
    for record in origins.values():
        copy = Paper.from_dict(record)
        if paper is None:
            paper = dataclasses.replace(copy, paper_id=paper_id, abstract=abstract)
        else:
            paper.merge(copy)
    assert paper is not None, "a paper with no source is deleted, never composed"
    paper.origins = origins
    return paper


def _aliases(doi: object, arxiv_id: object) -> list[str]:
    return [f"doi:{doi}"] * bool(doi) + [f"arxiv:{arxiv_id}"] * bool(arxiv_id)


def _rekey(papers: Sequence[Paper], stored: dict[str, dict[str, Any]]) -> dict[str, Paper]:
    """Incoming papers by the id the index knows them under: same abstract, or else same DOI or arXiv id."""
    alias: dict[str, str] = {}
    for pid, meta in stored.items():
        for key in _aliases(meta.get("doi"), meta.get("arxiv_id")):
            alias.setdefault(key, pid)
    out: dict[str, Paper] = {}
    for paper in papers:
        pid = paper.paper_id
        if pid not in stored:
            pid = next((alias[a] for a in _aliases(paper.doi, paper.arxiv_id) if a in alias), pid)
        if pid in out:
            out[pid].merge(paper)
        else:
            out[pid] = dataclasses.replace(paper, paper_id=pid)
    return out


def _identity(title: str | None, sources: Sequence[str], fallback: str) -> str:
    """What makes an edited paper 'the same paper' though its abstract hash changed."""
    first_file = sources[0].rsplit(":", 1)[0] if sources else ""
    if title:
        return f"{first_file}|{title.lower()}"
    return f"{first_file}|line {sources[0].rsplit(':', 1)[-1] if sources else fallback}"


def _title(meta: dict[str, Any] | None, abstract: str = "") -> str:
    return display_title((meta or {}).get("title") or None, abstract)


# ------------------------------------------------------------------ planning
def plan_sync(
    stored: dict[str, dict[str, Any]],
    incoming: Sequence[Paper],
    source: str,
    documents: Callable[[list[str]], dict[str, str]],
    prune: bool = False,
) -> SyncPlan:
    """Work out how ``source`` now holding exactly ``incoming`` changes the index (``prune``: and nothing else)."""
    plan = SyncPlan(source=source)
    by_id = _rekey(incoming, stored)
    affected = list(by_id) + [
        pid for pid, meta in stored.items() if pid not in by_id and (prune or source in origins_of(meta))
    ]
    docs = documents([pid for pid in affected if pid in stored])
    for pid in affected:
        meta, new = stored.get(pid), by_id.get(pid)
        before = origins_of(meta)
        origins = {k: v for k, v in before.items() if not prune or k == source}
        if new is not None:
            origins[source] = record_of(new)
        else:
            origins.pop(source, None)
        others_dropped = sorted(set(before) - set(origins) - {source})
        if not origins:
            if meta is not None:
                plan.delete.append(pid)
                plan.removed.append(Change(pid, _title(meta, docs.get(pid, ""))))
                if others_dropped or (prune and not before):
                    plan.destructive.append(plan.removed[-1])
            continue
        leads = new is not None and (meta is None or next(iter(origins)) == source)
        paper = compose(pid, new.abstract if leads and new else docs.get(pid, ""), origins)
        detail = f"dropped source {', '.join(others_dropped)}" if others_dropped else ""
        if others_dropped:
            plan.destructive.append(Change(pid, paper.display_title, detail))
        if meta is None:
            plan.write.append(paper)
            plan.added.append(Change(pid, paper.display_title))
        elif meta.get("content_hash") != paper.content_hash or meta.get("meta_hash") != _meta_hash(paper):
            (plan.write if meta.get("content_hash") != paper.content_hash else plan.relabel).append(paper)
            plan.updated.append(Change(pid, paper.display_title, detail or ("" if new else f"dropped source {source}")))
        else:
            plan.unchanged += 1
    _pair_replacements(plan, stored)
    return plan


def _pair_replacements(plan: SyncPlan, stored: dict[str, dict[str, Any]]) -> None:
    """An edited abstract gets a new id: report it as one update, not an addition plus a removal."""
    gone: dict[str, Change] = {}
    for change in plan.removed:
        meta = stored[change.paper_id]
        sources = str(meta.get("sources", "")).split(",")
        gone[_identity(meta.get("title") or None, sources, change.paper_id)] = change
    new_by_id = {p.paper_id: p for p in plan.write}
    for change in list(plan.added):
        paper = new_by_id[change.paper_id]
        key = _identity(paper.title, [f"{s.file}:{s.line}" for s in paper.sources], paper.paper_id)
        if (old := gone.pop(key, None)) is not None:
            plan.added.remove(change)
            plan.removed.remove(old)
            plan.updated.append(Change(change.paper_id, change.title, f"replaces {old.paper_id}"))


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
        raise NothingToIngestError(f"no papers found under {root} ({len(parsed.warnings)} problems); index unchanged")
    with _ingest_lock(settings):
        report = _run(settings, parsed.papers, source or source_key(root), show_progress, prune, confirm)
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
            title = _title(stored[target], index.documents([target]).get(target, ""))
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
) -> IngestReport:
    started = time.perf_counter()
    index = index or PaperIndex(settings)
    state = index.stored_state()
    repaired = index.repair(*state)
    plan = plan_sync(state[0], papers, source, index.documents, prune=prune)
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
        embedded = index.apply(plan.write, plan.relabel, plan.delete, state, progress=bar.update if bar else None)
    finally:
        if bar is not None:
            bar.close()
    return IngestReport(
        source=plan.source,
        added=len(plan.added),
        updated=len(plan.updated),
        removed=len(plan.removed),
        unchanged=plan.unchanged,
        passages_embedded=embedded,
        papers=index.count(),
        seconds=time.perf_counter() - started,
        changes={k: [c.to_dict() for c in getattr(plan, k)] for k in ("added", "updated", "removed")},
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

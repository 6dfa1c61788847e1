"""Source tracking: which ingest sources hold each paper, and what a source's new contents change.

Every paper remembers the *sources* that hold it (``Paper.origins``): the folder or file given to
``rag ingest`` (its resolved path), or an upload. Each source keeps its own copy of the paper's facts,
so the index can always say what is left when one source goes. :func:`plan_sync` works out, before
anything is written, how one source now holding some papers changes the index:

* papers the source holds are added, or gain the source, or are updated when its copy changed;
* papers it held before but no longer does lose it; only those with no source left are deleted;
* papers of other sources are never touched, unless ``prune`` asks to remove everything else.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rag.corpus import Paper
from rag.rows import meta_hash
from rag.text import display_title

#: What ``rag sources`` calls papers indexed before sources were recorded.
UNRECORDED = "(no source recorded)"
UPLOAD_PREFIX = "upload:"


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
    relocated: int = 0  # unchanged papers whose entries moved to other lines of their files
    # Papers that other sources hold and this run deletes or strips of those sources: what ``--prune``
    # and ``rag remove`` must confirm. An ingest's own vanished entries are not in here.
    destructive: list[Change] = field(default_factory=list)
    # Stored papers this source no longer yields, kept because their file had content the parser could not
    # read: an entry broken by an edit is a failure to report, not a removal.
    kept: list[Change] = field(default_factory=list)


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


def _unreadable_now(record: dict[str, Any], unreadable: frozenset[str]) -> bool:
    """Does one source's copy of a paper start where the parser now skipped content, or in a file it could
    not read at all?"""
    entries = set(record.get("sources", []))
    files = {entry.rsplit(":", 1)[0] for entry in entries}
    return bool(entries & unreadable) or any(f"{file}:0" in unreadable for file in files)


def _files_only(origins: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each source's copy with files but not line numbers: what a shifted entry leaves unchanged."""
    files = {k: sorted({f.rsplit(":", 1)[0] for f in v.get("sources", [])}) for k, v in origins.items()}
    return {k: {**v, "sources": files[k]} for k, v in origins.items()}


def _identity(title: str | None, sources: Sequence[str], fallback: str) -> str:
    """What makes an edited paper 'the same paper' though its abstract hash changed."""
    first_file = sources[0].rsplit(":", 1)[0] if sources else ""
    if title:
        return f"{first_file}|{title.lower()}"
    return f"{first_file}|line {sources[0].rsplit(':', 1)[-1] if sources else fallback}"


def title_of(meta: dict[str, Any] | None, abstract: str = "") -> str:
    return display_title((meta or {}).get("title") or None, abstract)


# ------------------------------------------------------------------ planning
def plan_sync(
    stored: dict[str, dict[str, Any]],
    incoming: Sequence[Paper],
    source: str,
    documents: Callable[[list[str]], dict[str, str]],
    prune: bool = False,
    unreadable: frozenset[str] = frozenset(),
) -> SyncPlan:
    """Work out how ``source`` now holding exactly ``incoming`` changes the index (``prune``: and nothing else).

    A stored paper of ``source`` whose entry is now unreadable stays as it is: ``unreadable`` holds the
    ``file:line`` of each piece of content the parser skipped, and ``file:0`` for a file it could not read
    at all (binary, no abstracts). A paper whose stored entry starts there may be the one that failed.
    """
    plan = SyncPlan(source=source)
    by_id = _rekey(incoming, stored)
    vanished = [pid for pid, meta in stored.items() if pid not in by_id and (prune or source in origins_of(meta))]
    if unreadable:
        held = [pid for pid in vanished if _unreadable_now(origins_of(stored[pid]).get(source, {}), unreadable)]
        docs = documents(held) if held else {}
        plan.kept = [Change(pid, title_of(stored[pid], docs.get(pid, ""))) for pid in held]
        vanished = [pid for pid in vanished if pid not in set(held)]
    affected = list(by_id) + vanished
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
                plan.removed.append(Change(pid, title_of(meta, docs.get(pid, ""))))
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
        elif meta.get("content_hash") != paper.content_hash:
            plan.write.append(paper)
            plan.updated.append(Change(pid, paper.display_title, detail))
        elif meta.get("meta_hash") != meta_hash(paper):
            plan.relabel.append(paper)
            if _files_only(before) == _files_only(origins):  # only line numbers moved (an entry above went)
                plan.unchanged, plan.relocated = plan.unchanged + 1, plan.relocated + 1
                continue
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

"""A paper file added through the web UI: the job ``rag ingest FILE`` runs, under an ``upload:NAME`` source.

The file is parsed first, so a file with no usable paper is refused with the reasons the readers
gave (an entry with no abstract, JSON that does not parse, a binary file) before anything is
written: the index is untouched. Uploading a file of the same name again updates that source, as
re-running ``rag ingest`` on a file does; ``rag remove upload:NAME`` takes its papers out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rag.config import Settings
from rag.corpus import ParseWarning, parse_corpus
from rag.ingest import UPLOAD_PREFIX, IngestBusyError, NothingToIngestError, run_ingest

#: What the drop zone accepts; the readers then go by content (rag/formats.py), not by extension.
UPLOAD_EXTENSIONS = (".bib", ".jsonl", ".json", ".csv", ".txt")
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
_WARNINGS_SHOWN = 5


def upload_off_reason(settings: Settings) -> str | None:
    """Why upload is off, or ``None`` when it is on.

    Adding papers writes to the index every user of the app reads, so it needs either a page that only
    this machine can reach or a login.
    """
    if settings.ui_upload_max_mb == 0:
        return "Upload is off (RAG_UI_UPLOAD_MAX_MB=0)."
    if settings.ui_host not in _LOOPBACK and not settings.ui_auth:
        return (
            f"Upload is off: the app is served on {settings.ui_host} without a login."
            " Set RAG_UI_AUTH=user:password to turn it on."
        )
    return None


@dataclass
class UploadResult:
    ok: bool
    message: str  # markdown, every value from the file already reduced to plain words
    added: int = 0
    papers: int = 0  # in the index after the upload


def _plain(text: str) -> str:
    """A file name or a reader's warning, safe to put in markdown: no markup, no links, one line."""
    return re.sub(r"[<>`*_\[\]()#|\\]", " ", text).replace("\n", " ").strip()[:300]


def _papers(n: int) -> str:
    return f"{n} paper" if n == 1 else f"{n} papers"


def _problems(warnings: list[ParseWarning]) -> str:
    shown = "; ".join(_plain(f"line {w.line}: {w.reason}" if w.line else w.reason) for w in warnings[:_WARNINGS_SHOWN])
    more = f"; and {len(warnings) - _WARNINGS_SHOWN} more" if len(warnings) > _WARNINGS_SHOWN else ""
    return shown + more


def check_file(path: Path, name: str, settings: Settings) -> str | None:
    """The problem with an uploaded file before it is read (type, size), or ``None``."""
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_EXTENSIONS:
        kinds = ", ".join(UPLOAD_EXTENSIONS)
        return f"**{_plain(name)}** is not a paper file this app reads ({kinds}). The index is unchanged."
    size = path.stat().st_size
    if size > settings.ui_upload_max_mb * 1024 * 1024:
        return (
            f"**{_plain(name)}** is {size / 1024 / 1024:.1f} MB; the upload limit is {settings.ui_upload_max_mb} MB"
            " (RAG_UI_UPLOAD_MAX_MB). Ingest a large library with `rag ingest FILE`. The index is unchanged."
        )
    if size == 0:
        return f"**{_plain(name)}** is empty. The index is unchanged."
    return None


def ingest_upload(settings: Settings, path: Path, name: str) -> UploadResult:
    """Add the papers of one uploaded file to the index, under the source ``upload:<name>``.

    ``show_progress`` lets ``rag ingest``'s embedding bar run: the UI follows it (gradio tracks tqdm).
    """
    name = Path(name).name or path.name
    if problem := check_file(path, name, settings):
        return UploadResult(False, problem)
    parsed = parse_corpus(path)
    if not parsed.papers:
        why = _problems(parsed.warnings) or "no title and abstract found"
        return UploadResult(
            False, f"**{_plain(name)}** holds no paper this app can use: {why}. The index is unchanged."
        )
    try:
        outcome = run_ingest(settings, path, show_progress=True, source=UPLOAD_PREFIX + name)
    except (NothingToIngestError, IngestBusyError) as exc:
        return UploadResult(False, f"**{_plain(name)}** was not added: {_plain(str(exc))}. The index is unchanged.")
    report = outcome.report
    skipped = f" Skipped: {_problems(outcome.warnings)}." if outcome.warnings else ""
    message = (
        f"**{_plain(name)}**: {_papers(report.added)} added, {report.updated} updated, {report.unchanged} unchanged."
        f"{skipped} The index now holds {report.papers:,} papers; ask about them."
    )
    return UploadResult(True, message, added=report.added, papers=report.papers)

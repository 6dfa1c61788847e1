"""Embed papers and keep them in Chroma, incrementally and crash-safely.

Two collections hold the index:

* ``<name>_passages``: one row per abstract sentence (plus one per title), each
  with its own vector. Sentences are the chunk: abstracts run up to 280 words
  and MiniLM reads only 256 word pieces, so one vector per abstract would lose
  its tail; sentence vectors also serve as the evidence for citation checks.
* ``<name>_papers``: one row per paper, holding the abstract, every piece of
  metadata, and the normalised mean of its sentence vectors.

A paper's row is written only after all of its passages, so it works as a
commit marker: passages without a paper row are debris from an interrupted
run, and the next :meth:`PaperIndex.sync` (or ``rag doctor``) removes them.

An ingest ends with :meth:`PaperIndex.persist_vectors`: Chroma saves a
collection's HNSW graph only every ``sync_threshold`` writes, and every new
process re-inserts the writes since into its graph (see that method).
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from rag.config import Settings
from rag.corpus import Paper
from rag.embedding import Embedder, get_embedder
from rag.rows import (
    TITLE_PASSAGE,
    StoredPaper,
    paper_metadata,
    passage_id,
    passage_ids,
    passage_metadata,
    passages_for,
    stale_keys,
    stored_paper,
)
from rag.store import EmptyIndexError as EmptyIndexError
from rag.store import IndexError_, connect, short_error, store_errors

#: Papers embedded and written per batch: small enough that a crash loses little work.
WRITE_BATCH_PAPERS = 24
#: Chroma caps one request; stay well below it.
CHROMA_MAX_BATCH = 4000
#: Writes between two saves of a collection's HNSW graph while an ingest runs: Chroma's default. A lower
#: value would make a large ingest rewrite the graph every few batches.
SYNC_THRESHOLD = 1000
#: The threshold during :meth:`PaperIndex.persist_vectors` only: any unsaved write is enough to save.
FLUSH_SYNC_THRESHOLD = 1

log = logging.getLogger(__name__)


@dataclass
class DoctorReport:
    """Disagreements between the two collections, and what was done about them."""

    papers: int = 0
    passages: int = 0
    orphan_passages: list[str] = field(default_factory=list)
    incomplete_papers: list[str] = field(default_factory=list)
    repaired: bool = False

    @property
    def healthy(self) -> bool:
        return not self.orphan_passages and not self.incomplete_papers


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class PaperIndex:
    """The two Chroma collections, and the operations ingest, retrieval and ``rag doctor`` need."""

    def __init__(self, settings: Settings, embedder: Embedder | None = None, client: Any = None) -> None:
        self.settings = settings
        self._embedder = embedder
        self.client = client or connect(settings)
        self._open_collections()

    def _open_collections(self) -> None:
        settings = self.settings
        configuration = {
            "hnsw": {
                "space": "cosine",
                "max_neighbors": settings.hnsw_m,
                "ef_construction": 200,
                "ef_search": settings.hnsw_ef_search,
            }
        }
        try:
            self.passages = self.client.get_or_create_collection(
                f"{settings.collection}_passages", configuration=configuration, embedding_function=None
            )
            self.papers = self.client.get_or_create_collection(
                f"{settings.collection}_papers", configuration=configuration, embedding_function=None
            )
        except Exception as exc:
            raise IndexError_(f"cannot open collections at {settings.describe_store()}: {short_error(exc)}") from exc
        self._apply_search_breadth()

    def _apply_search_breadth(self) -> None:
        """Search breadth is a query-time setting: collections built before it changed get it when they open.
        Too close to the number of passages a question asks for (180 for a 20-paper list), HNSW returned
        different candidates for the same question in different processes (Settings.hnsw_ef_search)."""
        for collection in (self.passages, self.papers):
            try:
                _set_hnsw(collection, "ef_search", self.settings.hnsw_ef_search)
            except Exception as exc:  # a store that refuses the change still answers, only less reproducibly
                log.warning("HNSW search breadth left unchanged: %s", short_error(exc))

    @property
    def embedder(self) -> Embedder:
        if self._embedder is None:
            self._embedder = get_embedder(self.settings.embed_threads)
        return self._embedder

    # ------------------------------------------------------------------ reads
    @store_errors
    def count(self) -> int:
        return int(self.papers.count())

    def load_papers(self) -> dict[str, StoredPaper]:
        """Every paper row as a :class:`StoredPaper`, without vectors (start-up uses the columnar table instead)."""
        return {pid: stored_paper(pid, doc, meta) for pid, doc, meta in self.paper_rows()}

    def paper_rows(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """Every paper row as (id, abstract, metadata), read in pages: the snapshot's table streams from it."""
        try:
            total = self.papers.count()
            for offset in range(0, total, CHROMA_MAX_BATCH):
                got = self.papers.get(include=["documents", "metadatas"], limit=CHROMA_MAX_BATCH, offset=offset)
                yield from zip(
                    got["ids"], [d or "" for d in got["documents"]], [m or {} for m in got["metadatas"]], strict=True
                )
        except Exception as exc:  # store_errors wraps calls, not a generator's iteration
            raise IndexError_(
                f"the index at {self.settings.describe_store()} is not reachable: {short_error(exc)}"
            ) from exc

    @store_errors
    def query_passages(
        self, vector: np.ndarray, n: int, where: dict[str, Any] | None = None
    ) -> list[tuple[str, int, str, float]]:
        """Nearest passages as (paper_id, position, text, cosine similarity)."""
        # No count() first: it costs a SQLite scan (tens of ms at 500k rows), and Chroma 1.x returns
        # fewer rows when n exceeds the collection.
        try:
            got = self.passages.query(
                query_embeddings=[vector.tolist()],
                n_results=n,
                where=where or None,
                include=["documents", "metadatas", "distances"],
            )
            rows = zip(got["documents"][0], got["metadatas"][0], got["distances"][0], strict=True)
            return [(meta["paper_id"], int(meta["position"]), doc or "", 1.0 - float(dist)) for doc, meta, dist in rows]
        except Exception:
            exact = self._exact_search(self.passages, vector, n, where, ["documents", "metadatas"])
            return [(meta["paper_id"], int(meta["position"]), doc or "", sim) for _, sim, doc, meta in exact]

    @store_errors
    def query_passage_scores(
        self, vector: np.ndarray, n: int, where: dict[str, Any] | None = None
    ) -> list[tuple[str, int, float]]:
        """Nearest passages as (paper_id, position, cosine similarity): :meth:`query_passages` without the texts.

        The paper and position come from the row id (``rows.passage_id``), so Chroma reads neither documents
        nor metadata: on the bundled index that is 2.2 ms a query instead of 8.1 for 150 rows (most of a
        query's time is reading those rows back from SQLite). :meth:`passage_texts` fetches the few a
        caller shows.
        """
        try:
            got = self.passages.query(
                query_embeddings=[vector.tolist()], n_results=n, where=where or None, include=["distances"]
            )
            return [
                (*_passage_key(rid), 1.0 - float(dist))
                for rid, dist in zip(got["ids"][0], got["distances"][0], strict=True)
            ]
        except Exception:
            return [
                (*_passage_key(rid), sim) for rid, sim, _, _ in self._exact_search(self.passages, vector, n, where, [])
            ]

    @store_errors
    def passage_texts(self, row_ids: Sequence[str]) -> dict[str, str]:
        """Stored texts of some passage rows by row id; a row gone since (a concurrent ingest) is absent."""
        if not row_ids:
            return {}
        got = self.passages.get(ids=list(row_ids), include=["documents"])
        return {rid: doc or "" for rid, doc in zip(got["ids"], got["documents"], strict=True)}

    @store_errors
    def query_papers(self, vector: np.ndarray, n: int, where: dict[str, Any] | None = None) -> list[tuple[str, float]]:
        """Nearest papers by their mean sentence vector, as (paper_id, cosine similarity)."""
        try:
            got = self.papers.query(
                query_embeddings=[vector.tolist()], n_results=n, where=where or None, include=["distances"]
            )
            return [(pid, 1.0 - float(dist)) for pid, dist in zip(got["ids"][0], got["distances"][0], strict=True)]
        except Exception:
            return [(pid, sim) for pid, sim, _, _ in self._exact_search(self.papers, vector, n, where, [])]

    @staticmethod
    def _exact_search(
        collection: Any, vector: np.ndarray, n: int, where: dict[str, Any] | None, include: list[str]
    ) -> list[tuple[str, float, Any, Any]]:
        """Brute-force search over stored vectors, read from SQLite rather than the HNSW graph.

        Used when the graph query fails: in embedded mode, while another process ingests,
        this process's HNSW view can lag behind SQLite ("Error finding id"). SQLite is
        always consistent, so readers see the old or the new data, never an error.
        """
        found: list[tuple[str, float, Any, Any]] = []
        offset = 0
        while True:
            got = collection.get(
                where=where or None, include=["embeddings", *include], limit=CHROMA_MAX_BATCH, offset=offset
            )
            if not got["ids"]:
                break
            sims = np.asarray(got["embeddings"], dtype=np.float32) @ vector
            docs = got.get("documents") or [None] * len(got["ids"])
            metas = got.get("metadatas") or [None] * len(got["ids"])
            found.extend(zip(got["ids"], sims.tolist(), docs, metas, strict=True))
            found = sorted(found, key=lambda row: -row[1])[:n]
            offset += len(got["ids"])
        return found

    @store_errors
    def paper_similarities(self, vector: np.ndarray, paper_ids: Sequence[str]) -> dict[str, float]:
        """Cosine similarity of the query to named papers' mean vectors."""
        try:
            got = self.papers.get(ids=list(paper_ids), include=["embeddings"])
            return {
                pid: float(np.asarray(emb, dtype=np.float32) @ vector)
                for pid, emb in zip(got["ids"], got["embeddings"], strict=True)
            }
        except Exception:  # a concurrent writer: rebuild the mean vectors from the passages
            out = {}
            for pid, rows in self.passage_vectors(paper_ids).items():
                sentences = [vec for pos, _, vec in rows if pos != TITLE_PASSAGE]
                if sentences:
                    mean = np.mean(sentences, axis=0)
                    out[pid] = float(mean @ vector / max(float(np.linalg.norm(mean)), 1e-12))
            return out

    @store_errors
    def sentence_vectors(
        self, paper_ids: Sequence[str], layout: dict[str, dict[str, Any]]
    ) -> dict[str, list[tuple[int, np.ndarray]]]:
        """:meth:`passage_vectors` without the texts, by row id (every paper must be in ``layout``): Chroma
        reads the vectors only (2.1 ms for 27 rows on the bundled index, against 3.6 ms with texts)."""
        out: dict[str, list[tuple[int, np.ndarray]]] = {pid: [] for pid in paper_ids}
        ids = [rid for pid in paper_ids for rid in passage_ids(pid, layout[pid])]
        if not ids:
            return out
        try:
            got = self.passages.get(ids=ids, include=["embeddings"])
            rows = [(*_passage_key(rid), emb) for rid, emb in zip(got["ids"], got["embeddings"], strict=True)]
        except Exception:  # a concurrent writer: passage_vectors recomputes what the vector segment lacks
            recomputed = self.passage_vectors(paper_ids, layout)
            return {pid: [(pos, vec) for pos, _, vec in found] for pid, found in recomputed.items()}
        for pid, position, emb in rows:
            out[pid].append((position, np.asarray(emb, dtype=np.float32)))
        return out

    @store_errors
    def passage_vectors(
        self, paper_ids: Iterable[str], layout: dict[str, dict[str, Any]] | None = None
    ) -> dict[str, list[tuple[int, str, np.ndarray]]]:
        """Stored sentence vectors for some papers: evidence for citation-support checks.

        ``layout`` (paper id -> its paper-row metadata) lets the rows be fetched by id, which
        stays fast at any size; a metadata filter scans SQLite (about 40 ms at 500k rows).
        """
        ids = list(paper_ids)
        out: dict[str, list[tuple[int, str, np.ndarray]]] = {pid: [] for pid in ids}
        if not ids:
            return out
        if layout is not None and all(pid in layout for pid in ids):
            query: dict[str, Any] = {"ids": [rid for pid in ids for rid in passage_ids(pid, layout[pid])]}
        else:
            query = {"where": {"paper_id": {"$in": ids}}}
        try:
            got = self.passages.get(**query, include=["documents", "metadatas", "embeddings"])
            embeddings = got["embeddings"]
        except Exception:
            # Rows another process is writing right now are in SQLite before this process's vector
            # segment knows them; their text is enough to recompute the vectors.
            got = self.passages.get(**query, include=["documents", "metadatas"])
            embeddings = self.embedder.embed([d or "" for d in got["documents"]])
        for doc, meta, emb in zip(got["documents"], got["metadatas"], embeddings, strict=True):
            out[meta["paper_id"]].append((int(meta["position"]), doc or "", np.asarray(emb, dtype=np.float32)))
        for rows in out.values():
            rows.sort(key=lambda r: r[0])
        return out

    # ----------------------------------------------------------------- writes
    def stored_state(self) -> tuple[dict[str, dict[str, Any]], dict[str, list[str]]]:
        """Every paper row's metadata, and every passage row id grouped by paper id."""
        papers: dict[str, dict[str, Any]] = {}
        total = self.papers.count()
        for offset in range(0, total, CHROMA_MAX_BATCH):
            got = self.papers.get(include=["metadatas"], limit=CHROMA_MAX_BATCH, offset=offset)
            for pid, meta in zip(got["ids"], got["metadatas"], strict=True):
                papers[pid] = meta or {}
        passages: dict[str, list[str]] = {}
        total = self.passages.count()
        for offset in range(0, total, CHROMA_MAX_BATCH):
            got = self.passages.get(include=[], limit=CHROMA_MAX_BATCH, offset=offset)
            for rid in got["ids"]:
                passages.setdefault(rid.split("#", 1)[0], []).append(rid)
        return papers, passages

    def doctor(self, repair: bool = False) -> DoctorReport:
        """Find passages without a paper and papers missing passages; optionally delete both kinds."""
        papers, passages = self.stored_state()
        report = DoctorReport(papers=len(papers), passages=sum(len(v) for v in passages.values()))
        for pid, rows in passages.items():
            if pid not in papers:
                report.orphan_passages.extend(rows)
        for pid, meta in papers.items():
            if len(passages.get(pid, [])) != int(meta.get("n_passages", -1)):
                report.incomplete_papers.append(pid)
        if repair and not report.healthy:
            self._delete_passages(report.orphan_passages)
            self._delete_papers(report.incomplete_papers, passages)
            report.repaired = True
        return report

    def _delete_passages(self, ids: Sequence[str]) -> None:
        for chunk in _chunks(list(ids), CHROMA_MAX_BATCH):
            self.passages.delete(ids=list(chunk))

    def _delete_papers(self, paper_ids: Sequence[str], passages: dict[str, list[str]]) -> None:
        # The paper row goes first, so a reader never sees a paper whose passages are half gone.
        for chunk in _chunks(list(paper_ids), CHROMA_MAX_BATCH):
            self.papers.delete(ids=list(chunk))
        self._delete_passages([rid for pid in paper_ids for rid in passages.get(pid, [])])

    def repair(self, stored: dict[str, dict[str, Any]], passages: dict[str, list[str]]) -> int:
        """Delete what an interrupted run left half-written; ``stored`` loses those papers. Returns their number."""
        orphans = [rid for pid, rows in passages.items() if pid not in stored for rid in rows]
        incomplete = [pid for pid, meta in stored.items() if len(passages.get(pid, [])) != meta.get("n_passages")]
        if not orphans and not incomplete:
            return 0
        self._delete_passages(orphans)
        self._delete_papers(incomplete, passages)
        for pid in incomplete:
            stored.pop(pid, None)
        return len(incomplete) + len({r.split("#", 1)[0] for r in orphans})

    @store_errors
    def documents(self, paper_ids: Sequence[str]) -> dict[str, str]:
        """Stored abstracts of some papers."""
        out: dict[str, str] = {}
        for chunk in _chunks(list(paper_ids), CHROMA_MAX_BATCH):
            got = self.papers.get(ids=list(chunk), include=["documents"])
            out.update({pid: doc or "" for pid, doc in zip(got["ids"], got["documents"], strict=True)})
        return out

    def apply(
        self,
        write: Sequence[Paper],
        relabel: Sequence[Paper],
        delete: Sequence[str],
        state: tuple[dict[str, dict[str, Any]], dict[str, list[str]]],
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Embed and write ``write``, rewrite the metadata of ``relabel``, delete ``delete``; returns passages embedded.

        Every paper row is written after its passages, so it stays the commit marker of its paper.
        """
        stored, passages = state
        self._restore_sync_threshold()
        embedded = 0
        for batch in _chunks(list(write), WRITE_BATCH_PAPERS):
            embedded += self._write(batch, stored, passages)
            if progress:
                progress(len(batch))
        # Metadata-only changes, batched (one per paper costs ~0.3 s under load): passages, then paper rows.
        for batch in _chunks(list(relabel), WRITE_BATCH_PAPERS * 10):
            ids, metas, rows = [], [], []
            for paper in batch:
                old = stored[paper.paper_id]
                for rid in passage_ids(paper.paper_id, old):
                    new = passage_metadata(paper, TITLE_PASSAGE if rid.endswith("#t") else int(rid.rsplit("#", 1)[1]))
                    ids.append(rid)
                    metas.append({**new, **stale_keys(old, new, passage=True)})
                meta = paper_metadata(paper, old["n_passages"])
                rows.append({**meta, **stale_keys(old, meta)})
            for chunk in _chunks(range(len(ids)), CHROMA_MAX_BATCH):
                self.passages.update(ids=[ids[i] for i in chunk], metadatas=[metas[i] for i in chunk])
            self.papers.update(ids=[p.paper_id for p in batch], metadatas=rows)
        self._delete_papers(list(delete), passages)
        return embedded

    def _write(self, batch: Sequence[Paper], stored: dict[str, dict[str, Any]], stale: dict[str, list[str]]) -> int:
        rows = [(paper, pos, text) for paper in batch for pos, text in passages_for(paper)]
        vectors = self.embedder.embed([text for _, _, text in rows], batch_size=self.settings.embed_batch_size)
        ids = [passage_id(paper.paper_id, pos) for paper, pos, _ in rows]
        # A changed paper may have fewer sentences than before: drop rows that would linger.
        fresh = set(ids)
        self._delete_passages([rid for p in batch for rid in stale.get(p.paper_id, []) if rid not in fresh])
        # Imported here: only writes classify, and `rag search` should not pay for the import.
        from rag.aspects import classify as classify_aspects

        aspects: dict[int, str] = {}  # row -> aspect; a whole abstract at a time, since position matters
        for paper in batch:
            idx = [i for i, (p, pos, _) in enumerate(rows) if p is paper and pos != TITLE_PASSAGE]
            aspects.update(zip(idx, classify_aspects([rows[i][2] for i in idx], vectors[idx]), strict=True))
        for chunk in _chunks(range(len(rows)), CHROMA_MAX_BATCH):
            self.passages.upsert(
                ids=[ids[i] for i in chunk],
                embeddings=vectors[list(chunk)],
                documents=[rows[i][2] for i in chunk],
                metadatas=[
                    _fresh(passage_metadata(rows[i][0], rows[i][1], aspects.get(i)), stored, rows[i][0], True)
                    for i in chunk
                ],
            )
        centroids, metas = [], []
        for paper in batch:
            sentence_rows = [i for i, (p, pos, _) in enumerate(rows) if p is paper and pos != TITLE_PASSAGE]
            centroid = vectors[sentence_rows].mean(axis=0)
            centroids.append(centroid / max(float(np.linalg.norm(centroid)), 1e-12))
            metas.append(_fresh(paper_metadata(paper, sum(1 for p, _, _ in rows if p is paper)), stored, paper))
        self.papers.upsert(
            ids=[p.paper_id for p in batch],
            embeddings=np.stack(centroids),
            documents=[p.abstract for p in batch],
            metadatas=metas,
        )
        return len(rows)

    # ------------------------------------------------------------- HNSW flush
    def persist_vectors(self) -> bool:
        """Save both collections' HNSW graphs to disk, so no later process replays Chroma's write log.

        Chroma (embedded) saves a graph every ``sync_threshold`` writes; the writes since stay in its SQLite
        log, and every new process inserts them into its graph on first touch: 0.3-0.5 s per CLI run on
        the bundled index, and, as the inserts run in parallel, a graph that differs between runs. A
        process's Chroma writer reads the threshold once, when it opens the collection, so lowering it
        here does not reach this process's writer: a fresh Chroma system opens the collections with the
        low threshold, replays the log once and saves. The threshold goes back to :data:`SYNC_THRESHOLD`
        at once (and at the next :meth:`apply` if this process dies first), so large ingests stay fast.

        Nothing is lost if this fails or is killed: the rows are in SQLite either way, a graph Chroma
        did not finish saving is one it would have saved itself at its next threshold, and queries fall
        back to exact search. Returns whether the graphs were saved; never raises.

        In server mode the server holds the graphs in memory, so a client's start-up does not replay the
        log, and a client cannot open a second system on the server's files: nothing to do.
        """
        if self.settings.server_mode:
            return False
        pending = unpersisted_log_rows(self.settings.index_dir)
        if pending is not None and not any(pending.values()):
            return True  # nothing to replay: skip opening the graphs again (seconds at a million rows)
        collections = (self.passages, self.papers)
        try:
            for collection in collections:
                _set_hnsw(collection, "sync_threshold", FLUSH_SYNC_THRESHOLD)
            self._replay_in_fresh_system()
            return True
        except Exception as exc:  # the ingest itself succeeded; only the next start-up pays for this
            log.warning("HNSW graphs not saved (the next process replays Chroma's log): %s", short_error(exc))
            return False
        finally:
            for collection in collections:
                try:
                    _set_hnsw(collection, "sync_threshold", SYNC_THRESHOLD)
                except Exception as exc:  # left low: the next apply() restores it
                    log.warning("sync_threshold of %s not restored: %s", collection.name, short_error(exc))

    def _replay_in_fresh_system(self) -> None:
        """Open a second Chroma system on the same files and touch both collections: its new writers read
        the lowered threshold, apply the pending log and save the graphs. Then close it again."""
        from chromadb.api import ServerAPI
        from chromadb.config import System

        system = System(self.client.get_settings())
        api = system.instance(ServerAPI)
        system.start()
        try:
            for collection in (self.passages, self.papers):
                api._count(collection.id, collection.tenant, collection.database)
        finally:
            system.stop()

    def _restore_sync_threshold(self) -> None:
        """Undo a threshold a killed :meth:`persist_vectors` left low, before a write would save on every batch."""
        if self.settings.server_mode:
            return
        for collection in (self.passages, self.papers):
            current = _hnsw(collection, "sync_threshold")
            if current is not None and current < SYNC_THRESHOLD:
                _set_hnsw(collection, "sync_threshold", SYNC_THRESHOLD)


def _hnsw(collection: Any, key: str) -> Any:
    """One of a collection's HNSW settings, as Chroma reports it (``None`` when it does not)."""
    return (collection.configuration.get("hnsw") or {}).get(key)


#: Waits before trying a locked write again: Chroma's SQLite store is briefly locked while another handle on it
#: writes (a clean-clone test run on a loaded machine left the search breadth unchanged: "database is locked").
_LOCKED_RETRY_SECONDS = (0.25, 0.5, 1.0)


def _set_hnsw(collection: Any, key: str, value: int) -> None:
    """Change one HNSW setting of a collection, only when it differs (a change is a write)."""
    if _hnsw(collection, key) == value:
        return
    for wait in (*_LOCKED_RETRY_SECONDS, None):
        try:
            collection.modify(configuration={"hnsw": {key: value}})
            return
        except Exception as exc:
            if wait is None or "locked" not in str(exc):
                raise
            time.sleep(wait)


def unpersisted_log_rows(index_dir: Path) -> dict[str, int] | None:
    """Per collection name, the rows of Chroma's write log that its saved HNSW graph does not hold yet.

    Read from Chroma's SQLite schema (1.x: a vector segment's saved position is its ``max_seq_id``, the
    log is ``embeddings_queue``); ``None`` when that cannot be read, so callers flush anyway.
    """
    db = Path(index_dir) / "chroma.sqlite3"
    if not db.is_file():
        return None
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)) as conn:
            rows = conn.execute(
                """
                SELECT c.name, COUNT(q.seq_id)
                FROM collections c
                JOIN segments s ON s.collection = c.id AND s.scope = 'VECTOR'
                LEFT JOIN max_seq_id m ON m.segment_id = s.id
                LEFT JOIN embeddings_queue q ON q.topic LIKE '%/' || c.id AND q.seq_id > COALESCE(m.seq_id, 0)
                GROUP BY c.name
                """
            ).fetchall()
        return {str(name): int(n) for name, n in rows}
    except sqlite3.Error:
        return None


def _passage_key(row_id: str) -> tuple[str, int]:
    """(paper id, position) of a passage row id, the inverse of :func:`rag.rows.passage_id`."""
    paper_id, _, position = row_id.rpartition("#")
    return paper_id, TITLE_PASSAGE if position == "t" else int(position)


def _fresh(
    meta: dict[str, Any], stored: dict[str, dict[str, Any]], paper: Paper, passage: bool = False
) -> dict[str, Any]:
    """``meta``, plus None for keys an earlier version of the paper had: an upsert would keep them."""
    old = stored.get(paper.paper_id)
    return {**meta, **stale_keys(old, meta, passage)} if old else meta

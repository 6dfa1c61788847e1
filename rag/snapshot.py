"""A start-up snapshot of what retrieval would otherwise rebuild from Chroma: the paper table and BM25.

Reading every paper row out of Chroma runs at about 4,000 rows/s, and BM25 is built over all of them,
so start-up grew with the corpus (355 s at 1M papers). The snapshot keeps both on disk, memory-mapped on
load: the paper table as columns (:class:`rag.papers.PaperTable`: numpy arrays, string tables, postings,
the title keys and the catalogue's file list), BM25 and its term tables as bm25s's files and numpy arrays.
Opening one reads a few kilobytes whatever the corpus size; a paper becomes a Python object only when a
search returns it. (Format 1, one pickle of every paper's metadata dict, took ~3 s and ~0.9 GB per 100k
papers to open; a format-1 snapshot is not read, and the next start rebuilds from Chroma once.)

**Keyed to the index's state.** The papers collection's Chroma metadata holds a state token
(:data:`STATE_KEY`). A writer (ingest, removal, ``rag doctor --repair``) runs inside :func:`committing`:

1. it sets the token to ``writing:<id>`` before touching any row, so every existing snapshot is stale;
2. it writes its rows;
3. it rebuilds the snapshot from Chroma, stores it under a fresh token, and only then sets that token.

A crash at any point leaves either the old token with the old rows (before 1) or a ``writing:`` token;
a snapshot is used only when its token equals the collection's and its paper count equals
``count()``, so a stale snapshot is never used. A start that finds a ``writing:`` (or no) token rebuilds
from Chroma, and, in embedded mode when it can take the ingest lock (no writer is running), finishes the
interrupted commit itself: it saves the snapshot and sets a fresh token.

**Where.** Embedded: ``<index_dir>/.rag-snapshot/``, next to the Chroma files it describes. Server mode:
a per-machine cache, ``$XDG_CACHE_HOME/rag-papers/snapshots/<host>-<port>-<collection>/``, validated
against the token the *server* holds, so any number of app processes on any number of machines each get
a correct snapshot; the first start after a change on each machine pays one rebuild. Snapshots are
written to a temporary directory and renamed into place, so concurrent processes never see half of one.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

from rag.abbreviations import Abbreviations
from rag.index import IndexError_, PaperIndex
from rag.lexical import LexicalIndex
from rag.papers import PaperTable
from rag.spellings import Compounds
from rag.text import STOP_WORDS, stemmer

#: Key of the state token in the papers collection's metadata.
STATE_KEY = "rag_state"
#: Prefix of the token while a writer is between its first row write and its snapshot.
WRITING = "writing:"
#: Bumped when the snapshot layout changes, so an old layout is rebuilt instead of misread.
FORMAT = 35  # 3: the stop list gained pronouns, contraction stems, request verbs; 4: abbreviations.json;
#: 6: a short form that a title spells out as its paper's name is not spelled out in questions; 7: compounds.json;
#: 8: a title's one-word name ("Lion: ...") is a title key, matched with its capital; 9: a name that is an English
#: word ("CLEAR", "KIND") is a title key as written, not lowered; 10: abbreviations.json also lists the short forms
#: that are kinds ("AI", "LLM"); 11: the stop list gained the verbs of aboutness ("deal with", "tackle", "address");
#: 12: a name an abstract gives its paper ("AGCLA") is a title key when its title gives none and no other paper
#: writes it; 13: "working" and "worked", like "work", are stop words; 14: so are "say" and "mention"; 15: and
#: the words of courtesy ("please", "pls", "thanks"); 16: a title's name without its size ("TinyR1" of
#: "TinyR1-32B-Preview") is a title key; 17: so is a name an abstract gives its paper when the title's name is a phrase
#: of words ("DBL" for "Deep Boosting Learning: ..."); 18: the verbs that say "use" in other words ("rely on",
#: "leverage", "employ", "utilize") are stop words, as "use" is; 19: so are the forms of "look" ("looking for papers");
#: 20: and the adverbs that stress what is asked ("explicitly", "specifically", "mainly"); 21: the name an abstract
#: gives its paper is the first it introduces ("MAM", not the later "Learnable-MAM"); 22: or the name a singular noun's
#: apposition gives ("a knowledge distillation method, namely PESF-KD"); 23: the stop list gained "cover" and "discuss"
#: ("What papers cover that?"); 24: and "among" ("Among papers that list an author count, which one ...?"); 25: and
#: "tried", "tries"; a short form of words after a preposition ("based on Integer Programming (IP)") names no method;
#: 26: one word before a dash set apart by spaces is a title's name ("MultiEURLEX -- A multi-lingual ...");
#: 27: the stemmer joins derivational families ("analysis" and "analyze" -> "analys"); 28: interjections and
#: "anyway" are stop words; 29: a short form whose capitals are some of the initials of what a paper proposes, in
#: order, names it ("we construct a Unified Tumor Transformer (UniT) model"), and "construct" and "build" propose;
#: a title's name of words other abstracts write as plain words ("Pre-Trained Models") is a title key as written;
#: 30: the paper table knows which papers are surveys (``by_kind``; rag.corpus.paper_kinds); 31: the stop list gained
#: the indefinite adverbs ("somewhere", "anyhow"), "etc" and "stuff"; 32: and the "-ever" words ("whatever you have")
#: and the reflexive pronouns, and the adverbs that hedge what is asked ("basically", "maybe", "roughly"); 33: and
#: contractions typed without their apostrophe ("whats", "dont"); 34: BM25 and the lexical postings leave out the
#: sentences announcing a release ("Code and models are available at https://...": rag.text.without_release_sentences),
#: and the stop list gained chat's shorthand ("ppl", "btw", "tho"); 35: and the prepositions it lacked ("inside",
#: "across", "beyond", "vs")

log = logging.getLogger(__name__)


def snapshot_root(index: PaperIndex) -> Path:
    """Where this index's snapshots live (see the module docstring)."""
    settings = index.settings
    if not settings.server_mode:
        return settings.index_dir / ".rag-snapshot"
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    host = (settings.chroma_host or "127.0.0.1").replace("/", "_")
    return cache / "rag-papers" / "snapshots" / f"{host}-{settings.chroma_port}-{settings.collection}"


def state_token(index: PaperIndex, fresh: bool = True) -> str | None:
    """The token the store holds now. ``fresh`` reads it again: another process may have committed since
    the collection was opened. Not fresh, it is the metadata read when the index was opened, which saves a
    round trip (up to a second on a store with a long unmerged write log) when the index was opened just now.
    """
    collection = index.client.get_collection(index.papers.name) if fresh else index.papers
    return (collection.metadata or {}).get(STATE_KEY)


def _set_token(index: PaperIndex, token: str) -> None:
    try:
        collection = index.client.get_collection(index.papers.name)
        # modify() replaces the whole metadata dict: keep whatever else is there.
        collection.modify(metadata={**(collection.metadata or {}), STATE_KEY: token})
        index._snapshot_loaded = True  # type: ignore[attr-defined]  # its open-time token is now old
    except Exception as exc:  # chromadb raises many types; callers handle the project's one
        raise IndexError_(f"cannot record the index state at {index.settings.describe_store()}: {exc}") from exc


def _usable(token: str | None) -> bool:
    return bool(token) and not str(token).startswith(WRITING)


# --------------------------------------------------------------------------- write side
@contextlib.contextmanager
def committing(index: PaperIndex, changes: bool = True) -> Iterator[None]:
    """Wrap every write to the index: stale the snapshot first, write a fresh one after (see module doc).

    ``changes=False`` (a re-run that writes nothing) keeps a current snapshot as it is, since rebuilding
    costs a full read of the paper table; a missing or writer's token is still finalised.
    """
    if not changes and _usable(state_token(index)):
        yield
        return
    _set_token(index, f"{WRITING}{uuid.uuid4().hex}")
    try:
        yield
    finally:
        # Also after a failed write: Chroma holds what it holds, and the snapshot must describe it. If this
        # fails too (store gone), the writing: token stays, and the next start rebuilds from Chroma.
        try:
            save(index, *build(index))
        except Exception as exc:  # the writer's own error, if any, is the one to report
            log.warning("snapshot not written (the next start rebuilds it): %s", exc)


def build(index: PaperIndex, candidates: int = 50) -> tuple[PaperTable, LexicalIndex]:
    """The paper table and BM25 from Chroma's rows: what start-up did before snapshots.

    The rows stream into the table's columns (no object per paper). An empty index gives an empty table
    and ``None`` for BM25 (bm25s cannot index nothing); the caller reports the empty index before it looks
    at BM25.
    """
    papers = PaperTable.build(index.paper_rows())
    if not papers:
        return papers, None  # type: ignore[return-value]
    lexical = LexicalIndex(papers.ids, papers.texts(), stemmer(), STOP_WORDS, candidates)
    lexical.abbreviations = Abbreviations.build(papers.texts(), lexical.papers_with_words)
    lexical.compounds = Compounds.build(papers.texts())
    return papers, lexical


def save(index: PaperIndex, papers: PaperTable, lexical: LexicalIndex) -> str:
    """Store a snapshot under a fresh token, then publish the token; returns it."""
    root = snapshot_root(index)
    root.mkdir(parents=True, exist_ok=True)
    token = uuid.uuid4().hex
    if not papers:  # an empty index has nothing to snapshot: a clean token alone ends the commit
        _set_token(index, token)
        _prune(root, keep=token)
        return token
    tmp = root / f".tmp-{token}"
    tmp.mkdir()
    try:
        papers.save(tmp)
        lexical.save(tmp)
        (tmp / "snapshot.json").write_text(json.dumps({"format": FORMAT, "papers": len(papers)}))
        os.rename(tmp, root / token)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _set_token(index, token)  # the commit point: from here on this snapshot is the valid one
    _prune(root, keep=token)
    return token


def _prune(root: Path, keep: str) -> None:
    """Remove older snapshots (a reader that still maps one keeps its open files; POSIX allows that)."""
    for child in root.iterdir():
        if child.name != keep and not child.name.startswith(".tmp-"):
            shutil.rmtree(child, ignore_errors=True)


# --------------------------------------------------------------------------- read side
def load(index: PaperIndex, candidates: int) -> tuple[PaperTable, LexicalIndex] | None:
    """The snapshot matching the store's current state, or ``None`` when there is none or it is stale."""
    # The first load after opening reads the token fetched with the collection; a reload reads it again.
    token = state_token(index, fresh=getattr(index, "_snapshot_loaded", False))
    index._snapshot_loaded = True  # type: ignore[attr-defined]
    path = snapshot_root(index) / str(token)
    if not _usable(token) or not (path / "snapshot.json").is_file():
        return None
    try:
        if json.loads((path / "snapshot.json").read_text()).get("format") != FORMAT:
            return None
        papers = PaperTable.load(path)
        # A writer that bypassed committing() would change the count; one cheap check catches most of them.
        if papers is None or len(papers) != index.count() or not papers:
            return None
        lexical = LexicalIndex.load(path, papers.ids, stemmer(), STOP_WORDS, candidates)
    except (OSError, EOFError, KeyError, ValueError) as exc:
        log.warning("snapshot at %s unreadable, rebuilding: %s", path, exc)
        return None
    return papers, lexical


def load_or_build(index: PaperIndex, candidates: int) -> tuple[PaperTable, LexicalIndex]:
    """What :meth:`rag.retrieve.Retriever.reload` needs: from the snapshot when it is current, else rebuilt.

    A rebuild also repairs when it can be sure no writer is running, saving the rebuilt table as the new
    snapshot, so only the first start after a crash, a change or an upgrade pays for it. Embedded: the
    rebuild holds ingest's lock (an ingest started meanwhile fails fast as busy). Server mode has no such
    lock: a rebuild is saved only when the token was not a writer's and did not change while rebuilding.
    """
    found = load(index, candidates)
    if found is not None:
        return found
    with _writer_lock(index) as free:
        before = state_token(index)
        papers, lexical = build(index, candidates)
        if index.settings.server_mode:
            free = not str(before or "").startswith(WRITING) and state_token(index) == before
        if free and papers:
            try:
                save(index, papers, lexical)
            except OSError as exc:  # a read-only index still serves, it just starts slower
                log.warning("snapshot not saved: %s", exc)
    if free and papers:
        # The saved snapshot, memory-mapped, instead of the built columns held in memory.
        return load(index, candidates) or (papers, lexical)
    return papers, lexical


@contextlib.contextmanager
def _writer_lock(index: PaperIndex) -> Iterator[bool]:
    """Embedded: holds ingest's own lock file and yields whether it got it (no writer is running).
    Server mode: there is no cross-machine lock; yields True and the caller checks the token instead."""
    settings = index.settings
    if settings.server_mode:
        yield True
        return
    try:
        handle = open(settings.index_dir / ".ingest.lock", "w")  # noqa: SIM115 - held for the block
    except OSError:
        yield False
        return
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)

"""The lexical side of retrieval: BM25 and the term statistics that weigh it against dense search.

Both are built from one tokenisation pass over the paper table, with the stemmer called once per
distinct word, and share one token stream: lower-cased :data:`rag.text.TOKEN` words, the project's
stop words removed, then stemmed. BM25 is bm25s itself, indexed from those token ids through its
public ``index`` API and scored exactly as its ``retrieve`` scores (:meth:`LexicalIndex.scores`); a hit's
row number maps back to the paper id. Building BM25 and
the coverage statistics separately (llama-index's own BM25 tokenisation, then a Python set of stems
per paper for coverage) took 41 s and kept 1.1 GB at 100k papers; this takes 25 s and keeps 0.2 GB
(`bench/lexical.py` compares the two).

A loaded index (a snapshot, rag/snapshot.py) reads only the postings a query needs and holds none of them
afterwards. Memory-mapped as bm25s loads them, every posting scoring touched stayed mapped, counted in the
process's RSS (the page cache hands out large folios, mapped whole): 580 MB after 50 questions at 1M papers.
Now BM25 scores straight from a map but unmaps each query's postings when done (``MADV_DONTNEED``; reading
them with ``pread`` instead cost 2-3 ms more a search at 1M, the copy), and coverage and IDF ``pread`` the
few entries they need, as the table's strings do (:class:`rag.papers.Strings`).
"""

from __future__ import annotations

import itertools
import logging
import math
import mmap
import os
import shutil
import sys
import threading
from array import array
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from rag.abbreviations import Abbreviations
from rag.spellings import Compounds
from rag.text import TOKEN, tokens, typo_repairs


class _Numbering(dict):
    """Numbers keys in order of first lookup; ``map(numbering.__getitem__, words)`` stays in C for known words."""

    def __missing__(self, key: str) -> int:
        self[key] = number = len(self)
        return number


class _DocTokens(Sequence[list[int]]):
    """Each paper's BM25 token ids, made into a list only when bm25s reads it.

    bm25s wants lists of ints; holding them all at once costs 36 bytes a token, 4 GB at 1M papers.
    """

    def __init__(self, tokens: np.ndarray, offsets: np.ndarray) -> None:
        self.tokens, self.offsets = tokens, offsets

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i: int) -> list[int]:  # type: ignore[override]
        return self.tokens[self.offsets[i] : self.offsets[i + 1]].tolist()

    def __iter__(self) -> Iterator[list[int]]:
        bounds = self.offsets.tolist()
        for start, end in itertools.pairwise(bounds):
            yield self.tokens[start:end].tolist()


class _Column(Protocol):
    """A 1-D array read by ranges: in memory after a build, from its ``.npy`` file after a load."""

    @property
    def dtype(self) -> np.dtype: ...

    def __len__(self) -> int: ...

    def read(self, start: int, stop: int, out: np.ndarray | None = None) -> np.ndarray: ...

    def release(self, start: int, stop: int) -> None:
        """Done with ``[start, stop)`` for now: give back whatever memory reading it took."""


class _InMemory:
    """A built index's arrays: a range is a view, nothing is copied."""

    def __init__(self, array: np.ndarray) -> None:
        self.array = array

    @property
    def dtype(self) -> np.dtype:
        return self.array.dtype

    def __len__(self) -> int:
        return len(self.array)

    def read(self, start: int, stop: int, out: np.ndarray | None = None) -> np.ndarray:
        return self.array[start:stop]  # a view: nothing to copy into ``out``

    def release(self, start: int, stop: int) -> None:
        pass


def _npy_header(path: Path) -> tuple[int, np.dtype, int]:
    """Where a 1-D ``.npy`` file's data starts, its dtype and its length."""
    with open(path, "rb") as f:
        version = np.lib.format.read_magic(f)
        if version == (1, 0):
            shape, _fortran, dtype = np.lib.format.read_array_header_1_0(f)
        elif version == (2, 0):
            shape, _fortran, dtype = np.lib.format.read_array_header_2_0(f)
        else:  # a snapshot this code did not write: snapshot.load treats ValueError as "rebuild"
            raise ValueError(f"{path}: unsupported .npy version {version}")
        offset = f.tell()
    if len(shape) != 1 or dtype.hasobject:
        raise ValueError(f"{path}: expected a 1-D numeric array, found {shape} {dtype}")
    return offset, dtype, int(shape[0])


class _NpyFile:
    """A 1-D ``.npy`` file read with ``os.pread``: each range into an array the caller owns, nothing mapped.

    ``np.load(mmap_mode="r")`` would be simpler, but every page a query touches then stays mapped (a whole
    large folio per touch), so RSS grows with the postings searches have read. ``pread`` is positional, so
    threads can share the descriptor.
    """

    def __init__(self, path: Path) -> None:
        self.offset, self.dtype, self.size = _npy_header(path)
        self.path = path
        self._fd: int | None = os.open(path, os.O_RDONLY)

    def __len__(self) -> int:
        return self.size

    def read(self, start: int, stop: int, out: np.ndarray | None = None) -> np.ndarray:
        """``array[start:stop]``, into ``out[: stop - start]`` when given (a buffer the caller reuses)."""
        start, stop = max(start, 0), min(stop, self.size)
        n = max(stop - start, 0)
        out = np.empty(n, dtype=self.dtype) if out is None else out[:n]
        buffer = memoryview(out.view(np.uint8))
        position, done = self.offset + start * self.dtype.itemsize, 0
        while done < len(buffer):  # a regular file reads whole, but pread may return short
            got = os.preadv(self._fd, [buffer[done:]], position + done)  # type: ignore[arg-type]
            if got <= 0:
                raise OSError(f"{self.path}: file ended at byte {position + done}")
            done += got
        return out

    def release(self, start: int, stop: int) -> None:
        pass  # the caller's array: nothing of the file is held

    def __del__(self) -> None:
        if getattr(self, "_fd", None) is not None:
            os.close(self._fd)  # type: ignore[arg-type]
            self._fd = None


#: Large folios of the page cache are mapped whole (up to a 2 MB PMD), so a release rounds out to these.
_FOLIO = 2 << 20
#: Linux drops a shared file mapping's pages on ``MADV_DONTNEED`` (the page cache keeps them); elsewhere
#: the advice may be ignored, so BM25 reads its postings with pread there (:class:`_NpyFile`).
_MAP_POSTINGS = sys.platform.startswith("linux") and hasattr(mmap, "MADV_DONTNEED")


class _MappedNpy:
    """A 1-D ``.npy`` file memory-mapped, whose pages a reader unmaps when done (``MADV_DONTNEED``).

    For BM25's postings, which a query reads in bulk (millions of entries a query at 1M papers): scoring
    straight from the page cache spares the copy ``pread`` makes (2-3 ms a search there), and releasing
    each range after use keeps the pages from accumulating in RSS as a plain memory map lets them.
    """

    def __init__(self, path: Path) -> None:
        offset, self.dtype, self.size = _npy_header(path)
        with open(path, "rb") as f:
            self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)  # the map outlives the descriptor
        self.array = np.frombuffer(self._map, dtype=self.dtype, count=self.size, offset=offset)
        self._offset = offset

    def __len__(self) -> int:
        return self.size

    def read(self, start: int, stop: int, out: np.ndarray | None = None) -> np.ndarray:
        return self.array[start:stop]  # a view of the map: nothing to copy into ``out``

    def release(self, start: int, stop: int) -> None:
        if stop <= start:
            return
        begin = (self._offset + start * self.dtype.itemsize) // _FOLIO * _FOLIO
        end = min(-(-(self._offset + stop * self.dtype.itemsize) // _FOLIO) * _FOLIO, len(self._map))
        # Another thread scoring the same pages just faults them in again: the file is the same.
        self._map.madvise(mmap.MADV_DONTNEED, begin, end - begin)


#: Postings read with pread are scored in chunks of this many entries, into per-thread buffers (1 MB each
#: for bm25s' int32 rows and float32 scores) that searches reuse: fresh arrays per query faulted in
#: ~2,000 new pages a search at 1M papers (a query's postings run to millions of entries there).
_CHUNK = 1 << 18

#: ``contains`` bisects a term's on-disk postings one 4-byte read at a time down to this many rows, then
#: reads them in one go (4 KB): ~10 small reads for a term in every paper of 1M, not a 4 MB read.
_BLOCK = 1024


def _sorted_contains(column: _Column, start: int, stop: int, value: int) -> bool:
    """Whether the sorted range ``column[start:stop]`` holds ``value``."""
    while stop - start > _BLOCK:
        mid = (start + stop) // 2
        found = int(column.read(mid, mid + 1)[0])
        if found == value:
            return True
        if found < value:
            start = mid + 1
        else:
            stop = mid
    block = column.read(start, stop)
    at = int(np.searchsorted(block, value))
    return at < len(block) and int(block[at]) == value


class LexicalIndex:
    """BM25 over title + abstract, and which stemmed terms each paper contains.

    ``stop_words`` (the project's one list, :data:`rag.text.STOP_WORDS`) go before stemming, for BM25,
    coverage and IDF alike: function words and the words any question to a paper collection uses
    ("paper", "propose") say nothing about a topic. BM25 scores are what stock bm25s gives for
    ``bm25s.tokenize(texts, stopwords=stop_words, stemmer=stemmer)`` and the query tokenised the same way.
    """

    _csc: tuple[_Column, _Column, _Column]  # bm25s' score matrix: data, indices, indptr
    _postings: _Column  # term -> sorted paper rows, for coverage (``contains``)
    _indptr: _Column
    _idf: _Column

    def __init__(
        self,
        paper_ids: Sequence[str],
        texts: Iterable[str],
        stemmer: Any,
        stop_words: frozenset[str],
        top_k: int,
    ) -> None:
        import bm25s
        from bm25s.tokenization import Tokenized

        # bm25s logs every index build at DEBUG on its own handler; keep the user's output clean.
        logging.getLogger("bm25s").setLevel(logging.WARNING)
        self.stemmer = stemmer
        self.stop_words = stop_words
        #: Acronyms the corpus defines, for queries (set by the snapshot build, rag/snapshot.py).
        self.abbreviations = Abbreviations()
        #: Words the corpus writes hyphenated, for evidence coverage (set by the snapshot build).
        self.compounds = Compounds()
        self.paper_ids = list(paper_ids)  # bm25s row -> paper id; the strings are shared with ``row``
        self.row = {pid: i for i, pid in enumerate(self.paper_ids)}
        n_docs = len(self.paper_ids)
        self.top_k = min(top_k, n_docs)

        # Word ids per paper, all papers in one flat array: the rest is vectorised over it.
        word_ids = _Numbering()
        lengths = np.zeros(n_docs, dtype=np.int64)
        flat = array("i")  # 4 bytes a word: at 1M papers a list of ints would need 2 GB more
        for i, text in enumerate(texts):
            before = len(flat)
            flat.extend(map(word_ids.__getitem__, TOKEN.findall(text.lower())))
            lengths[i] = len(flat) - before
        words = list(word_ids)
        del word_ids
        all_words = np.frombuffer(flat, dtype=np.int32)
        del flat
        stems = stemmer.stemWords(words) if words else []
        self._term: dict[str, int] = {}
        stem_of_word = np.asarray([self._term.setdefault(s, len(self._term)) for s in stems], dtype=np.int32)
        stem_texts = list(self._term)

        # Stop words go before stemming, as bm25s.tokenize drops them: the kept stems, in paper order.
        keep = np.fromiter((w not in stop_words for w in words), dtype=bool, count=len(words))
        mask = keep[all_words]
        doc_stems = stem_of_word[all_words[mask]]
        rows = np.repeat(np.arange(n_docs, dtype=np.int32), lengths)[mask]
        del all_words, mask
        doc_offsets = np.concatenate([[0], np.cumsum(np.bincount(rows, minlength=n_docs))])

        # BM25 from token ids through bm25s' public API; its vocabulary is the stem numbering above.
        self.bm25 = bm25s.BM25()
        self.bm25.index(
            Tokenized(ids=_DocTokens(doc_stems, doc_offsets), vocab={s: i for i, s in enumerate(stem_texts)}),
            show_progress=False,
        )

        self._build_postings(doc_stems, rows, n_docs, len(stem_texts))
        scores = self.bm25.scores
        self._csc = tuple(_InMemory(scores[name]) for name in self._CSC)
        self._bind(scores["num_docs"], directory=None)

    def _bind(self, num_docs: int, directory: Path | None) -> None:
        """What scoring needs besides the arrays, the same for a built and a loaded index."""
        self.num_docs = num_docs
        self._dtype = np.dtype(self.bm25.dtype)
        self._int_dtype = np.dtype(self.bm25.int_dtype)
        self._directory = directory  # where a loaded index's files are, for save()
        self._scratch = threading.local()  # each searching thread's score and postings buffers

    def _build_postings(self, doc_stems: np.ndarray, rows: np.ndarray, n_docs: int, n_terms: int) -> None:
        """Postings (term -> sorted paper rows), the compact form of "which terms does paper i contain"."""
        pairs = np.sort(doc_stems.astype(np.int64) * n_docs + rows)
        if len(pairs):  # sort-based de-duplication: 8x faster than np.unique's hashing here
            pairs = pairs[np.concatenate([[True], pairs[1:] != pairs[:-1]])]
        terms_of_pairs = pairs // max(n_docs, 1)
        postings = (pairs % max(n_docs, 1)).astype(np.int32)
        indptr = np.searchsorted(terms_of_pairs, np.arange(n_terms + 1))
        doc_freq = np.diff(indptr)
        idf = np.log1p((n_docs - doc_freq + 0.5) / (doc_freq + 0.5))
        self._postings, self._indptr, self._idf = _InMemory(postings), _InMemory(indptr), _InMemory(idf)
        self.max_idf = math.log(1 + (n_docs + 0.5) / 0.5)

    def idf(self, term: str) -> float:
        """Inverse document frequency; a word no paper uses counts as the rarest possible."""
        col = self._term.get(term)
        if col is None:
            return self.max_idf
        start, stop = self._indptr.read(col, col + 2).tolist()
        if start == stop:  # a stop word's stem: in the vocabulary, in no paper's postings
            return self.max_idf
        return float(self._idf.read(col, col + 1)[0])

    def _span(self, stem: str) -> tuple[int, int]:
        """Where ``stem``'s postings (sorted paper rows) lie; empty for a stem no paper uses."""
        col = self._term.get(stem)
        if col is None:
            return 0, 0
        start, stop = self._indptr.read(col, col + 2).tolist()
        return start, stop

    def _stems(self, text: str) -> list[str]:
        """The stems of ``text``'s words, stop words dropped first, as bm25s tokenises a query."""
        return self.stemmer.stemWords([t for t in tokens(text) if t not in self.stop_words])

    def document_frequency(self, stem: str) -> int:
        """How many papers use ``stem`` (0 for a stem no paper uses)."""
        start, stop = self._span(stem)
        return stop - start

    def repairs(self, word: str, sample: int = 5) -> list[tuple[str, list[str]]]:
        """What a misspelt word may have meant: its repairs (:func:`rag.text.typo_repairs`) whose stem the
        corpus uses, most used first, each with up to ``sample`` papers using that stem (for the caller to
        check the spelling itself); empty when the word is no typo the corpus can tell.

        A word counts as misspelt when at most two papers use it and a repair is used by ten times as many
        (and at least two): an abstract's own typo ("knowlege", once) does not make it a word. The repairs
        are stemmed and looked up, so the cost does not grow with the vocabulary.
        """
        used = self.document_frequency(self.stemmer.stemWord(word))
        if used > 2:
            return []
        candidates = sorted(typo_repairs(word))
        found = []
        for candidate, stem in zip(candidates, self.stemmer.stemWords(candidates), strict=True):
            start, stop = self._span(stem)
            if stop - start >= max(2, 10 * used):
                rows = self._postings.read(start, min(stop, start + sample)).tolist()
                found.append((stop - start, candidate, [self.paper_ids[r] for r in rows]))
        return [(candidate, papers) for _, candidate, papers in sorted(found, key=lambda f: (-f[0], f[1]))]

    def papers_using(self, stem: str, limit: int) -> list[str]:
        """Ids of up to ``limit`` papers that use ``stem``, read from its postings."""
        start, stop = self._span(stem)
        return [self.paper_ids[row] for row in self._postings.read(start, min(stop, start + limit)).tolist()]

    def papers_with_words(self, text: str) -> int:
        """How many papers contain every content word of ``text`` (as BM25 tokenises it): an intersection
        of the words' postings, no paper read."""
        rows: np.ndarray | None = None
        for stem in dict.fromkeys(self._stems(text)):
            start, stop = self._span(stem)
            if start == stop:
                return 0
            posting = self._postings.read(start, stop)
            rows = posting if rows is None else np.intersect1d(rows, posting, assume_unique=True)
            if not len(rows):
                return 0
        return 0 if rows is None else len(rows)

    def contains(self, paper_id: str, term: str) -> bool:
        row, col = self.row.get(paper_id), self._term.get(term)
        if row is None or col is None:
            return False
        start, stop = self._indptr.read(col, col + 2).tolist()
        return _sorted_contains(self._postings, start, stop, row)

    def query_ids(self, question: str) -> list[int]:
        """The question's BM25 token ids, one per occurrence as bm25s counts them; unknown stems dropped."""
        return self.bm25.get_tokens_ids(self._stems(question))

    def bm25_scores(self, question: str) -> dict[str, float]:
        """Positive BM25 scores of the best ``top_k`` papers."""
        ids = self.query_ids(question)
        if not ids or not self.top_k:
            return {}
        from bm25s.selection import topk

        # bm25s' retrieve() selects with this function over the full score array: the same call on the same
        # array picks the same papers, ties at the k-th score included.
        scratch = self._scratch
        if getattr(scratch, "scores", None) is None:  # this thread's first search
            scratch.scores = np.empty(self.num_docs, dtype=self._dtype)
            data, indices, _ = self._csc
            copied = isinstance(data, _NpyFile)  # only pread needs somewhere to read the postings into
            scratch.buffers = (np.empty(_CHUNK, indices.dtype), np.empty(_CHUNK, data.dtype)) if copied else None
        scores = self.scores(ids, out=scratch.scores, buffers=scratch.buffers)
        # topk copies what it returns, so the buffer is free for this thread's next search.
        scores, rows = topk(scores, self.top_k, backend="auto", sorted=True)
        return {self.paper_ids[r]: s for r, s in zip(rows.tolist(), scores.tolist(), strict=True) if s > 0}

    def scores(
        self,
        ids: Sequence[int],
        out: np.ndarray | None = None,
        buffers: tuple[np.ndarray, np.ndarray] | None = None,
    ) -> np.ndarray:
        """Every paper's BM25 score for query token ids: bm25s' ``get_scores_from_ids``, bit for bit.

        The same arithmetic in the same order (a zeroed array of the index's dtype, ``np.add.at`` of each
        query token's postings in query order, the non-occurrence term for BM25L/BM25+), but only the
        query's postings are read. A paper appears once in a token's postings, so adding them chunk by
        chunk adds the same numbers to each paper in the same order. ``out`` (zeroed here) and ``buffers``
        (pread's destination for the postings' rows and scores, read in chunks of their length) spare
        the allocations.
        """
        query = np.asarray(ids, dtype=self._int_dtype)
        data, indices, indptr = self._csc
        if int(query.max(initial=0)) >= len(indptr) - 1:
            raise ValueError(f"token id {int(query.max())} is not in the index's vocabulary")
        if out is None:
            scores = np.zeros(self.num_docs, dtype=self._dtype)
        else:
            scores = out
            scores.fill(0)
        rows_buffer, data_buffer = buffers if buffers is not None else (None, None)
        # Chunks only to fit the buffers: a view (in memory, mapped) is added whole, one call being cheaper.
        step = min(len(rows_buffer), len(data_buffer)) if rows_buffer is not None and data_buffer is not None else 0
        for token in query.tolist():
            start, stop = indptr.read(token, token + 2).tolist()
            try:
                for at in range(start, stop, step or max(stop - start, 1)):
                    end = min(at + step, stop) if step else stop
                    np.add.at(scores, indices.read(at, end, rows_buffer), data.read(at, end, data_buffer))
            finally:
                indices.release(start, stop)
                data.release(start, stop)
        if self.bm25.nonoccurrence_array is not None:
            scores += self.bm25.nonoccurrence_array[query].sum()
        return scores

    # ------------------------------------------------------------ snapshots (rag/snapshot.py)
    _ARRAYS = ("_postings", "_indptr", "_idf")
    #: bm25s' CSC score matrix, as its ``save`` names the files (``<name>.csc.index.npy``).
    _CSC = ("data", "indices", "indptr")

    def save(self, directory: Path) -> None:
        """Write the index to ``directory`` (which must exist) so :meth:`load` can read it back."""
        self.abbreviations.save(directory)
        self.compounds.save(directory)
        if self._directory is not None:  # loaded: its files are the index, unchanged since
            shutil.copytree(self._directory / "bm25", directory / "bm25")
            for name in self._ARRAYS:
                shutil.copyfile(self._directory / f"{name.lstrip('_')}.npy", directory / f"{name.lstrip('_')}.npy")
            return
        self.bm25.save(str(directory / "bm25"), show_progress=False)
        for name in self._ARRAYS:
            np.save(directory / f"{name.lstrip('_')}.npy", getattr(self, name).array)

    @classmethod
    def load(
        cls, directory: Path, paper_ids: Sequence[str], stemmer: Any, stop_words: frozenset[str], top_k: int
    ) -> LexicalIndex:
        """The index :meth:`save` wrote; its arrays stay on disk, and a query reads only the ranges it needs
        (BM25's postings through a map it releases afterwards, the rest with ``pread``)."""
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)
        self = cls.__new__(cls)
        self.stemmer, self.stop_words = stemmer, stop_words
        self.abbreviations = Abbreviations.load(directory)
        self.compounds = Compounds.load(directory)
        if hasattr(paper_ids, "row"):  # a paper table's ids (rag/papers.py): row lookups without a dict of ids
            self.paper_ids, self.row = paper_ids, paper_ids.row  # type: ignore[attr-defined]
        else:
            self.paper_ids = list(paper_ids)
            self.row = {pid: i for i, pid in enumerate(self.paper_ids)}
        self.top_k = min(top_k, len(self.paper_ids))
        # bm25s' own loader reads the parameters and the vocabulary; its memory maps of the score matrix are
        # dropped unread (mapping alone costs no RSS) for ours, whose pages are released after each query
        # (or pread), so self.bm25.retrieve() is not usable on a loaded index: bm25_scores() is.
        self.bm25 = bm25s.BM25.load(str(directory / "bm25"), mmap=True, show_progress=False)
        num_docs = self.bm25.scores["num_docs"]
        self.bm25.scores = {"num_docs": num_docs}
        bulk = _MappedNpy if _MAP_POSTINGS else _NpyFile
        data, indices, indptr = (directory / "bm25" / f"{name}.csc.index.npy" for name in self._CSC)
        self._csc = (bulk(data), bulk(indices), _NpyFile(indptr))
        self._bind(num_docs, directory)
        # The stem numbering is bm25s' vocabulary: one dict serves BM25, IDF and coverage.
        self._term = self.bm25.vocab_dict
        for name in self._ARRAYS:
            setattr(self, name, _NpyFile(directory / f"{name.lstrip('_')}.npy"))
        self.max_idf = math.log(1 + (len(self.paper_ids) + 0.5) / 0.5)
        return self

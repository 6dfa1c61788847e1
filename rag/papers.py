"""The paper table as columns: what retrieval needs to know about every paper, without a Python object per paper.

A dict of :class:`rag.rows.StoredPaper` with full metadata dicts cost ~3 s and ~0.9 GB per 100k papers at
start-up (unpickling, objects, then the page catalogue and title keys built over them), so start-up grew
with the corpus. Here the table is held as

* numpy columns for the fields filters and ordering test: year, month, author count (``-1`` = missing);
* string tables (one UTF-8 buffer plus an offset array each) for ids, titles, abstracts and each paper's
  metadata as JSON: a :class:`StoredPaper` is made only when a paper is asked for (a hit, an evidence row);
* postings (64-bit key hash -> sorted rows) for authors, source files, categories and the kinds a paper is of
  (:func:`rag.corpus.paper_kinds`: "survey"), and a hash index of
  the paper ids, so no dict of a million strings is built;
* the title keys :meth:`PaperTable.find_titles` matches, indexed by their first characters, and the source
  files and corpus roots the page catalogue reads.

:meth:`PaperTable.save` writes every column as its own file and :meth:`PaperTable.load` memory-maps them,
so opening a snapshot (rag/snapshot.py) reads a few kilobytes whatever the corpus size; pages come in as
searches touch them, and strings are read one at a time with ``os.pread`` (see :class:`Strings`).
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
import os
import re
import shutil
import threading
import zlib
from array import array
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from rag.corpus import files_of, method_name, paper_kinds
from rag.formats import author_key
from rag.query import MONTHS, QueryFilters
from rag.rows import StoredPaper
from rag.text import display_title, title_name, vocabulary_rank, without_release_sentences

#: Bumped when the layout changes; :meth:`PaperTable.load` refuses any other.
LAYOUT = 1
#: Month name -> 1..12, the order filter-only listings sort by (0: a month no calendar knows).
MONTH_ORDER = {m: i for i, m in enumerate(MONTHS.values(), start=1)}
#: Title keys are indexed by this many leading characters (shorter keys by all of theirs). Long enough that
#: one probe's bucket is small at 1M titles ("learning" alone would hold ~2% of arXiv titles), short enough
#: that probing every length up to it at each word start of a question stays ~1 ms.
PREFIX = 32
_EMPTY_ROWS = np.zeros(0, dtype=np.int32)


def key_hash(text: str) -> int:
    """A stable 64-bit hash (Python's own ``hash`` changes per process, and these are stored)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


#: A text opening a sentence where it ends: nothing yet, or a sentence's end (and an opening quote or bracket).
_OPENS_SENTENCE = re.compile(r"(?:^|[.!?:]\s+)[\"'(\[]?$")


def _cased_at(text: str, name: str, start: int = 0) -> int:
    """Where ``text`` writes ``name`` as a name, from ``start`` on: with its capital, not opening a sentence unless
    a dash or a colon sets it apart as the sentence's label ("Lion - what was the teacher?"); -1 if nowhere."""
    at = text.find(name, start)
    while at >= 0 and _OPENS_SENTENCE.search(text[:at]) and not _LABEL_MARK.match(text, at + len(name)):
        at = text.find(name, at + 1)
    return at


#: An indefinite article, up to two lower-case modifiers after it: "a generative ", "an ".
_INDEFINITE = re.compile(r"\b(?:a|an)\s+(?:[a-z][\w-]*\s+){0,2}$")
#: What may follow a noun phrase's head: the end of a clause, or a word that opens another phrase.
_PHRASE_END = re.compile(r"\s*(?:[?.!,;:)]|$|(?:that|which|to|for|in|on|with|and|or|from|of)\b)")


def _a_kind(text: str, at: int, length: int) -> bool:
    """Is the name written at ``at`` a kind of thing, the head of a phrase an indefinite article opens ("from a
    generative VLM?" asks for any vision-language model, not the paper "VLM: ...")? "a Lion paper" still names it."""
    return bool(_INDEFINITE.search(text[:at])) and bool(_PHRASE_END.match(text, at + length))


#: A dash or a colon after a sentence's first word, which it labels: "Lion - what was the teacher?", "Aria: how big?".
_LABEL_MARK = re.compile(r"\s*(?:[-\u2013\u2014]+\s|:)")


def _prefix_hash(text: str) -> int:
    # Only narrows the title keys to check; a collision costs one extra exact check, so 32 bits will do.
    return zlib.crc32(text.encode("utf-8"))


def author_keys(meta: Mapping[str, Any]) -> set[str]:
    """The keys an author filter matches a paper by: each listed author's folded last name."""
    return {key for name in str(meta.get("author_names", "")).split("; ") if name and (key := author_key(name))}


class Strings(Sequence[str]):
    """Strings end to end in one UTF-8 buffer, with ``n + 1`` offsets: a Python string only when one is read.

    A built table holds the buffer in memory. A loaded one reads each string with ``os.pread`` from the file:
    memory-mapping it instead cost 2 MB of RSS per string read here (the page cache holds these files in large
    folios, and a fault maps a whole one), so 500 hits grew a process by 1 GB of mapped file pages.
    """

    def __init__(self, data: bytes | bytearray | None, offsets: np.ndarray, path: Path | None = None) -> None:
        self.data, self.offsets, self.path = data, offsets, path
        self._fd = os.open(path, os.O_RDONLY) if data is None and path is not None else None

    @classmethod
    def build(cls, items: Iterable[str]) -> Strings:
        data, offsets = bytearray(), array("q", [0])
        for text in items:
            data += text.encode("utf-8")
            offsets.append(len(data))
        return cls(data, np.frombuffer(offsets, dtype=np.int64))

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def __getitem__(self, i: int) -> str:  # type: ignore[override]
        start, end = int(self.offsets[i]), int(self.offsets[i + 1])
        if self._fd is not None:
            return os.pread(self._fd, end - start, start).decode("utf-8")  # positional: safe across threads
        assert self.data is not None
        return bytes(self.data[start:end]).decode("utf-8")

    def __iter__(self) -> Iterator[str]:
        for i in range(len(self)):
            yield self[i]

    def __del__(self) -> None:
        if getattr(self, "_fd", None) is not None:
            os.close(self._fd)  # type: ignore[arg-type]

    def save(self, directory: Path, name: str) -> None:
        if self.data is None:
            assert self.path is not None
            shutil.copyfile(self.path, directory / f"{name}.bin")
        else:
            (directory / f"{name}.bin").write_bytes(self.data)
        np.save(directory / f"{name}.off.npy", np.asarray(self.offsets))

    @classmethod
    def load(cls, directory: Path, name: str) -> Strings:
        offsets = np.load(directory / f"{name}.off.npy", mmap_mode="r")
        return cls(None, offsets, directory / f"{name}.bin")


class Postings:
    """Key hash -> the sorted rows holding that key: one sorted hash array, pointers, and one array of rows."""

    def __init__(self, hashes: np.ndarray, pointers: np.ndarray, rows: np.ndarray) -> None:
        self.hashes, self.pointers, self.rows_ = hashes, pointers, rows

    @classmethod
    def build(cls, keys: Sequence[str], key_ids: array, rows: array, n_rows: int) -> Postings:
        """From (key id, row) pairs, ``keys[key id]`` naming each key; duplicate pairs count once."""
        hashes = np.fromiter((key_hash(k) for k in keys), dtype=np.uint64, count=len(keys))
        pairs = np.unique(np.array(key_ids, dtype=np.int64) * max(n_rows, 1) + np.array(rows, dtype=np.int64))
        pair_keys, pair_rows = pairs // max(n_rows, 1), (pairs % max(n_rows, 1)).astype(np.int32)
        # Order by hash, keeping each key's rows sorted: sort keys by hash, then pairs by the key's rank.
        rank = np.empty(len(keys), dtype=np.int64)
        by_hash = np.argsort(hashes, kind="stable")
        rank[by_hash] = np.arange(len(keys))
        order = np.lexsort((pair_rows, rank[pair_keys]))
        counts = np.bincount(rank[pair_keys], minlength=len(keys))
        pointers = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
        return cls(hashes[by_hash], pointers, pair_rows[order])

    def rows(self, key: str) -> np.ndarray:
        h = np.uint64(key_hash(key))
        at = int(np.searchsorted(self.hashes, h))
        if at < len(self.hashes) and self.hashes[at] == h:
            return np.asarray(self.rows_[self.pointers[at] : self.pointers[at + 1]])
        return _EMPTY_ROWS

    def any_of(self, keys: Iterable[str], n_rows: int) -> np.ndarray:
        mask = np.zeros(n_rows, dtype=bool)
        for key in keys:
            mask[self.rows(key)] = True
        return mask

    _FILES = ("hashes", "pointers", "rows_")

    def save(self, directory: Path, name: str) -> None:
        for part in self._FILES:
            np.save(directory / f"{name}.{part}.npy", getattr(self, part))

    @classmethod
    def load(cls, directory: Path, name: str) -> Postings:
        return cls(*(np.load(directory / f"{name}.{part}.npy", mmap_mode="r") for part in cls._FILES))


#: How many id -> row lookups an :class:`Ids` remembers (a few MB at most).
_RECENT_ROWS = 65_536


class Ids(Strings):
    """The paper ids in row order, and ``row``: id -> row through a hash index (no dict of every id)."""

    def __init__(self, data: bytes | bytearray | None, offsets: np.ndarray, path: Path | None = None) -> None:
        super().__init__(data, offsets, path)
        hashes = np.fromiter((key_hash(pid) for pid in self), dtype=np.uint64, count=len(self))
        self.order = np.argsort(hashes, kind="stable").astype(np.int32)
        self.sorted_hashes = hashes[self.order]
        self.row = _RowLookup(self)
        self._recent_rows: dict[str, int] = {}

    def row_of(self, paper_id: str) -> int | None:
        # One search looks up each candidate several times (filters, coverage, hits): remember recent rows.
        # The table never changes under a loaded Ids (a reload builds a new one), so entries never go stale.
        cache = self._recent_rows
        if (row := cache.get(paper_id)) is not None:
            return row
        h = np.uint64(key_hash(paper_id))
        at = int(np.searchsorted(self.sorted_hashes, h))
        while at < len(self.sorted_hashes) and self.sorted_hashes[at] == h:
            row = int(self.order[at])
            if self[row] == paper_id:  # a 64-bit collision is unlikely, not impossible
                if len(cache) >= _RECENT_ROWS:
                    cache.clear()  # bounded at any corpus size; a clear costs one lookup per id after it
                cache[paper_id] = row
                return row
            at += 1
        return None

    def save(self, directory: Path, name: str) -> None:
        super().save(directory, name)
        np.save(directory / f"{name}.order.npy", self.order)
        np.save(directory / f"{name}.hashes.npy", self.sorted_hashes)

    @classmethod
    def load(cls, directory: Path, name: str) -> Ids:
        self = cls.__new__(cls)
        Strings.__init__(self, None, np.load(directory / f"{name}.off.npy", mmap_mode="r"), directory / f"{name}.bin")
        self.order = np.load(directory / f"{name}.order.npy", mmap_mode="r")
        self.sorted_hashes = np.load(directory / f"{name}.hashes.npy", mmap_mode="r")
        self.row = _RowLookup(self)
        self._recent_rows = {}
        return self


class _RowLookup(Mapping[str, int]):
    """``Ids.row`` as the mapping :class:`rag.lexical.LexicalIndex` expects (``get``, ``in``)."""

    def __init__(self, ids: Ids) -> None:
        self.ids = ids

    def __getitem__(self, paper_id: str) -> int:
        row = self.ids.row_of(paper_id)
        if row is None:
            raise KeyError(paper_id)
        return row

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __len__(self) -> int:
        return len(self.ids)


#: A model's name followed by its size and tags ("TinyR1-32B-Preview", "Qwen2-7B-Instruct"): the name itself, before
#: the size, must carry a digit or two capitals, as a name does.
_SIZE_TAGS = re.compile(r"((?=[\w.]*(?:\d|[A-Z][\w.]*[A-Z]))[A-Za-z][\w.]{2,})-\d+(?:\.\d+)?[BMK](?:-[\w.]+)*")
#: A word written as a name: two capitals or more, or a capital and a digit ("AGCLA", "MoRE", "Kosmos-1").
_CAPITALISED_NAME = re.compile(r"\b(?=[\w+^-]*[A-Z][\w+^-]*[A-Z0-9])[A-Za-z0-9][\w+^-]*")


#: A quoted phrase: "'one to rule them all'", "“Follow the Rules”".
_QUOTED = re.compile(r"[\"“‘']([^\"“”‘’']{3,120})[\"”’']")
#: A quoted part of a title names its paper from this many words on: "the 'hidden potential of CLIP' paper". A shorter
#: quote is more likely a term the user is asking about ("what is 'prompt tuning'?").
_QUOTED_PART_WORDS = 3


#: A word written in lower case, where no word or hyphen runs into it: where a title's name may be written plainly.
_LOWER_CASE_WORD = re.compile(r"(?<![\w-])[a-z0-9]+")
#: A word or a hyphen going on after a name: the name is part of a longer word.
_GOES_ON = re.compile(r"[\w-]")


class PaperTable(Mapping[str, StoredPaper]):
    """Paper id -> :class:`StoredPaper`, made on access from the columns; filters run over whole columns."""

    _STRINGS = ("titles", "abstracts", "metas", "title_keys")
    _ARRAYS = ("has_title", "year", "month", "authors", "title_key_rows", "key_prefixes", "prefix_keys")
    _POSTINGS = ("by_author", "by_source", "by_category", "by_kind")

    def __init__(self, columns: dict[str, Any], info: dict[str, Any]) -> None:
        self.ids: Ids = columns["ids"]
        self.titles: Strings = columns["titles"]
        self.abstracts: Strings = columns["abstracts"]
        self.metas: Strings = columns["metas"]
        self.title_keys: Strings = columns["title_keys"]
        self.has_title: np.ndarray = columns["has_title"]
        self.year: np.ndarray = columns["year"]
        self.month: np.ndarray = columns["month"]
        self.authors: np.ndarray = columns["authors"]
        self.title_key_rows: np.ndarray = columns["title_key_rows"]
        self.key_prefixes: np.ndarray = columns["key_prefixes"]  # sorted prefix hashes, one per title key
        self.prefix_keys: np.ndarray = columns["prefix_keys"]  # the title key of each, in that order
        self.by_author: Postings = columns["by_author"]
        self.by_source: Postings = columns["by_source"]
        self.by_category: Postings = columns["by_category"]
        self.by_kind: Postings = columns["by_kind"]
        self.info = info
        self._quoted_names: dict[str, int] | None = None  # made on the first quoted text (see _quoted_titles)
        self._all_titles: tuple[str, list[int]] | None = None  # every title lowered, one per line, and line starts
        self._masks: dict[QueryFilters, np.ndarray] = {}
        self._masks_lock = threading.Lock()

    # ------------------------------------------------------------------ mapping
    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    def __contains__(self, paper_id: object) -> bool:
        return isinstance(paper_id, str) and self.ids.row_of(paper_id) is not None

    def __getitem__(self, paper_id: str) -> StoredPaper:
        row = self.ids.row_of(paper_id)
        if row is None:
            raise KeyError(paper_id)
        return self.paper_at(row)

    def paper_at(self, row: int) -> StoredPaper:
        title = self.titles[row] if self.has_title[row] else None
        return StoredPaper(self.ids[row], title, self.abstracts[row], json.loads(self.metas[row]))

    def display_title_at(self, row: int) -> str:
        title = self.titles[row] if self.has_title[row] else None
        return title if title else display_title(None, self.abstracts[row])  # the abstract only when needed

    def texts(self) -> Iterator[str]:
        """Title and abstract of every paper in row order: what BM25 indexes. A sentence announcing a release says
        where the paper's artefacts are, not what it is about (rag.text.without_release_sentences)."""
        for row in range(len(self)):
            yield f"{self.titles[row] if self.has_title[row] else ''}\n{without_release_sentences(self.abstracts[row])}"

    @property
    def has_years(self) -> bool:
        return bool(self.info["has_years"])

    @property
    def source_files(self) -> list[str]:
        """Every source file the papers name, for the page catalogue."""
        return list(self.info["files"])

    @property
    def corpus_roots(self) -> list[str]:
        """Where ingest found the files (the papers' ``origins``), for the page catalogue to read them."""
        return list(self.info["roots"])

    # ------------------------------------------------------------------ filters
    def mask(self, query: QueryFilters) -> np.ndarray:
        """Which rows pass ``query``: :meth:`QueryFilters.matches` over whole columns (cached per query)."""
        with self._masks_lock:
            found = self._masks.get(query)
        if found is not None:
            return found
        n = len(self)
        mask = np.ones(n, dtype=bool)
        if query.paper_ids:
            named = np.zeros(n, dtype=bool)
            named[[r for pid in query.paper_ids if (r := self.ids.row_of(pid)) is not None]] = True
            mask &= named
        for column, low, high in (
            (self.year, query.year_min, query.year_max),
            (self.authors, query.authors_min, query.authors_max),
        ):
            if low is not None or high is not None:
                mask &= column >= 0  # a paper lacking the field cannot be judged in range
                if low is not None:
                    mask &= column >= low
                if high is not None:
                    mask &= column <= high
        if query.month:
            mask &= self.month == MONTH_ORDER[query.month]
        if query.months:
            mask &= np.isin(self.month, [MONTH_ORDER[m] for m in query.months])
        if query.sources:
            mask &= self.by_source.any_of(query.sources, n)
        if query.author:
            key = author_key(query.author)
            mask &= self.by_author.any_of([key] if key else [], n)
        if query.category:
            mask &= self.by_category.any_of([query.category], n)
        if query.kind:
            mask &= self.by_kind.any_of([query.kind], n)
        with self._masks_lock:
            if len(self._masks) >= 16:  # a handful of recent filters; each mask is a byte per paper
                self._masks.pop(next(iter(self._masks)))
            self._masks[query] = mask
        return mask

    def select(self, query: QueryFilters, paper_ids: Iterable[str]) -> list[str]:
        """The ``paper_ids`` that are in the table and pass ``query``, in the order given."""
        rows = [(pid, row) for pid in paper_ids if (row := self.ids.row_of(pid)) is not None]
        if not query:
            return [pid for pid, _ in rows]
        mask = self.mask(query)
        return [pid for pid, row in rows if mask[row]]

    def matching(self, query: QueryFilters) -> Iterator[str]:
        """Ids of the papers passing ``query``, in row order."""
        rows = np.flatnonzero(self.mask(query)) if query else range(len(self))
        for row in rows:
            yield self.ids[int(row)]

    def author_papers(self, author: str) -> list[str]:
        key = author_key(author)
        return [self.ids[int(r)] for r in (self.by_author.rows(key) if key else _EMPTY_ROWS)]

    def judge(self, query: QueryFilters) -> tuple[int, dict[str, int]]:
        """Papers passing ``query``, and per field it tests, papers it could not judge (lacking the field)."""
        if not query:
            return len(self), {}
        full = self.mask(query)
        judged = query.judged
        if not judged:
            return int(full.sum()), {}
        rest = self.mask(replace(query, year_min=None, year_max=None, month=None, authors_min=None, authors_max=None))
        missing = {"year": self.year < 0, "month": self.month < 0, "authors": self.authors < 0}
        unjudged = {name: int((rest & ~full & missing[name]).sum()) for name in judged}
        return int(full.sum()), {name: n for name, n in unjudged.items() if n}

    def newest(self, query: QueryFilters, k: int, offset: int) -> list[str]:
        """Papers passing ``query``, newest first (then by display title), ``offset`` to ``offset + k``."""
        rows = np.flatnonzero(self.mask(query))
        order_key = np.maximum(self.year[rows], 0).astype(np.int64) * 16 + np.maximum(self.month[rows], 0)
        need = offset + k
        if len(rows) > need:
            # Only the papers up to the page's last (year, month) can be on the page: titles are read for those.
            cutoff = np.partition(-order_key, need - 1)[need - 1]
            keep = -order_key <= cutoff
            rows, order_key = rows[keep], order_key[keep]
        ranked = sorted(
            zip(rows.tolist(), order_key.tolist(), strict=True), key=lambda r: (-r[1], self.display_title_at(r[0]))
        )
        return [self.ids[row] for row, _ in ranked[offset:need]]

    # ------------------------------------------------------------------ titles
    def find_titles(self, text: str) -> list[tuple[int, str]]:
        """Papers a text names, as (offset, paper id) in order of appearance: by full title, by the short
        name before a title's colon ("CLIP-CID"), or by an untitled abstract's opening words.

        Only keys whose first characters appear at a word start in the text are checked, so the cost
        follows the text, not the corpus.
        """
        lowered = text.lower()
        starts = [i for i in range(len(lowered)) if i == 0 or not lowered[i - 1].isalnum()]
        width = int(self.info.get("prefix", 8))  # tables written before the index widened used 8
        probes = {lowered[i : i + n] for i in starts for n in range(1, width + 1) if i + n <= len(lowered)}
        # A word a title uses as its name ("Lion: ...") names the paper only as the text writes a name: with its
        # capital, inside a sentence ("what does Lion distill from?"; not "lions" nor "Lion" opening one). An
        # English word written in capitals as a name ("CLEAR") names it as written, wherever it stands.
        named = [i for i in starts if text[i].isupper()]
        probes |= {text[i : i + n] for i in named for n in range(1, width + 1) if i + n <= len(text)}
        hashes = np.fromiter((_prefix_hash(p) for p in probes), dtype=np.uint32, count=len(probes))
        lo = np.searchsorted(self.key_prefixes, hashes, side="left")
        hi = np.searchsorted(self.key_prefixes, hashes, side="right")
        written: list[tuple[int, int, str]] = []  # (start, end, paper id) of every place a key is written
        for a, b in zip(lo.tolist(), hi.tolist(), strict=True):
            for key_index in self.prefix_keys[a:b].tolist():
                key = self.title_keys[key_index]
                pid = self.ids[int(self.title_key_rows[key_index])]
                # Only names that are English words keep their case; every other key is lowered.
                if key == key.lower():
                    find = partial(lowered.find, key)
                elif key[1:].islower():
                    find = partial(_cased_at, text, key)
                else:
                    find = partial(text.find, key)
                at = find(0)
                while at >= 0:
                    before = lowered[at - 1] if at else " "
                    after = lowered[at + len(key)] if at + len(key) < len(lowered) else " "
                    if not (before.isalnum() or after.isalnum() or (" " not in key and _a_kind(text, at, len(key)))):
                        written.append((at, at + len(key), pid))
                    at = find(at + 1)
        written += self._quoted_titles(text)
        # A name inside another paper's title, as the text writes it, is part of that title: "Pre-Trained Models"
        # (a paper's name) in "Compressing Pre-trained Models of Code into 3 MB" names that paper alone.
        found: dict[str, int] = {}
        for at, end, pid in written:
            inside = any(a <= at and end <= b and (a, b) != (at, end) for a, b, _ in written)
            if not inside and (pid not in found or at < found[pid]):
                found[pid] = at
        return sorted((at, pid) for pid, at in found.items())

    def _quoted_titles(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, paper id) of each quoted phrase that is a title's name of words: "the 'one to rule them all'
        system" names "One to rule them all: natural language to bind ...". Unquoted, such a name is an everyday
        phrase ("models that follow the rules"), so it is no title key."""
        quotes = list(_QUOTED.finditer(text))
        if not quotes:
            return []
        if self._quoted_names is None:
            names: dict[str, list[int]] = {}
            for row in range(len(self.ids)):
                if self.has_title[row] and (name := title_name(self.titles[row]).lower()) and " " in name:
                    names.setdefault(name, []).append(row)
            self._quoted_names = {name: rows[0] for name, rows in names.items() if len(rows) == 1}
        found = []
        for quote in quotes:
            phrase = " ".join(quote.group(1).lower().split())
            row = self._quoted_names.get(phrase)
            if row is None and len(phrase.split()) >= _QUOTED_PART_WORDS:
                row = self._only_title_holding(phrase)
            if row is not None:
                found.append((quote.start(1), quote.end(1), self.ids[row]))
        return found

    def _only_title_holding(self, phrase: str) -> int | None:
        """The row of the one title writing ``phrase`` (lowered) as whole words, or None: "the 'hidden potential of
        CLIP' deepfake paper" quotes "Unlocking the Hidden Potential of CLIP in Generalizable Deepfake Detection"."""
        if self._all_titles is None:
            lines = [
                " ".join(self.titles[row].lower().split()) if self.has_title[row] else ""
                for row in range(len(self.ids))
            ]
            starts = list(itertools.accumulate((len(line) + 1 for line in lines), initial=0))
            self._all_titles = ("\n".join(lines), starts)
        text, starts = self._all_titles
        rows = {
            bisect.bisect_right(starts, m.start()) - 1
            for m in re.finditer(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text)
        }
        return rows.pop() if len(rows) == 1 else None

    # ------------------------------------------------------------------ build, save, load
    @classmethod
    def build(cls, rows: Iterable[tuple[str, str, Mapping[str, Any]]]) -> PaperTable:
        """The table from (paper id, abstract, paper-row metadata) rows, in the order given."""
        ids, titles, abstracts, metas = (_Growing() for _ in range(4))
        has_title, year, month, authors = array("b"), array("h"), array("b"), array("i")
        keyed: dict[str, tuple[dict[str, int], array, array]] = {
            name: ({}, array("q"), array("i")) for name in cls._POSTINGS
        }
        files: dict[str, None] = {}
        roots: dict[str, None] = {}
        title_keys: list[tuple[str, int]] = []
        short: dict[str, list[int]] = {}
        introduced: dict[str, int] = {}  # a name an abstract gives the paper's own work, when its title gives none
        capitalised_writers: dict[str, int] = {}  # how many papers write each word written as a name
        phrase_names: dict[str, str] = {}  # a title's name of several words, lowered, as the title writes it
        first_writer: dict[str, int] = {}  # and the first of them
        name_key: dict[str, str] = {}  # author names repeat across papers; fold each once

        def post(name: str, key: str, row: int) -> None:
            numbering, key_ids, key_rows = keyed[name]
            key_ids.append(numbering.setdefault(key, len(numbering)))
            key_rows.append(row)

        row = -1
        for row, (pid, abstract, raw) in enumerate(rows):
            # Rows written before authors left Chroma's metadata still carry ``author:`` keys; nothing reads them.
            meta = {k: v for k, v in raw.items() if not k.startswith("author:")}
            title = meta.get("title") if meta.get("has_title") else None
            # The kinds a paper is of are read from its own words here, so a new kind needs no ingest: the
            # metadata a paper shows carries them, as a filter on them tests (QueryFilters.matches).
            if kinds := paper_kinds(title, abstract):
                meta["kind"] = " ".join(kinds)
                for kind in kinds:
                    post("by_kind", kind, row)
            ids.append(pid)
            for word in set(_CAPITALISED_NAME.findall(f"{title or ''} {abstract}")):
                capitalised_writers[word] = capitalised_writers.get(word, 0) + 1
                first_writer.setdefault(word, row)
            titles.append(title or "")
            abstracts.append(abstract)
            metas.append(json.dumps(meta, ensure_ascii=False, separators=(",", ":")))
            has_title.append(title is not None)
            year.append(_small(meta.get("year")))
            month.append(-1 if meta.get("month") is None else MONTH_ORDER.get(meta["month"], 0))
            authors.append(_small(meta.get("authors")))
            for name in str(meta.get("author_names", "")).split("; "):
                if name:
                    if name not in name_key:
                        name_key[name] = author_key(name)
                    if key := name_key[name]:
                        post("by_author", key, row)
            for key in meta:
                if key.startswith("src:") and meta[key]:
                    post("by_source", key[4:], row)
                elif key.startswith("cat:") and meta[key]:
                    post("by_category", key[4:], row)
            files.update(dict.fromkeys(files_of(str(meta.get("sources", "")))))
            if origins := meta.get("origins"):
                roots.update(dict.fromkeys(json.loads(origins)))
            if title:
                title_keys.append((title.lower().rstrip("."), row))
                name = title_name(title)
                if sized := _SIZE_TAGS.fullmatch(name):
                    # "TinyR1-32B-Preview" is TinyR1 at one size: "how does TinyR1 differ from LLM-Neo?" names it,
                    # unless another paper writes the bare name (then it is a model family of its own; see below)
                    introduced.setdefault(sized[1], row)
                if 3 <= len(name) <= 40 and (any(c.isdigit() for c in name) or sum(c.isupper() for c in name) >= 2):
                    # An English word as a name ("CLEAR", "KIND", "MoRE") names the paper only as written; lowered,
                    # "clear aligners" or "what kind of" would name it. Other names match in any case ("spikegpt").
                    english = name.lower() in vocabulary_rank()
                    short.setdefault(name if english else name.lower(), []).append(row)
                    if not english and re.search(r"[\s-]", name):
                        phrase_names[name.lower()] = name
                elif 3 <= len(name) <= 40 and name.isalpha() and name[0].isupper() and name[1:].islower():
                    # "Lion: Adversarial Distillation ...": a word as a name, known by its capital (see find_titles)
                    short.setdefault(name, []).append(row)
                if (not name or " " in name) and (own := method_name(title, abstract)) and 3 <= len(own) <= 40:
                    # "Attribute Graph Clustering via Learnable Augmentation" calls its method AGCLA: "compare
                    # CONVERT and AGCLA" names both papers; so does a title whose name is a phrase of words ("Deep
                    # Boosting Learning: ..." calls it DBL)
                    introduced[own] = row
            else:
                title_keys.append((" ".join(abstract.split()[:8]).lower(), row))
        n = row + 1
        abstract_strings = abstracts.strings()  # (read again below, for the phrases other papers write as plain words)
        # A name an abstract introduces names its paper only if no other paper writes it ("SAM" is also the
        # Segment Anything Model that other abstracts adapt).
        for name, own_row in introduced.items():
            others = capitalised_writers.get(name, 0) - (first_writer.get(name) == own_row)
            if others == 0 and name not in short:
                english = name.lower() in vocabulary_rank()
                short.setdefault(name if english else name.lower(), []).append(own_row)
        # A title's name of words that other abstracts write as plain words ("Pre-Trained Models: Past, Present and
        # Future"; "pre-trained models of source code") names the paper only as the title writes it, capitals and all.
        if phrase_names:
            # (each name looked up by its first word where a text writes that word in lower case: the cost follows
            # the texts, not texts times names)
            by_first_word: dict[str, list[str]] = {}
            for lowered in phrase_names:
                by_first_word.setdefault(re.split(r"[\s-]", lowered, maxsplit=1)[0], []).append(lowered)
            plain_writers: dict[str, set[int]] = {}
            for text_row, text in enumerate(abstract_strings):
                for word in _LOWER_CASE_WORD.finditer(text):
                    for lowered in by_first_word.get(word.group(0), ()):
                        end = word.start() + len(lowered)
                        if text.startswith(lowered, word.start()) and not _GOES_ON.match(text, end):
                            plain_writers.setdefault(lowered, set()).add(text_row)
            for lowered, cased in phrase_names.items():
                if lowered in short and plain_writers.get(lowered, set()) - set(short[lowered]):
                    short.setdefault(cased, []).extend(short.pop(lowered))
        # Short names name a paper only when distinctive and unique.
        title_keys += [(name, rows_[0]) for name, rows_ in short.items() if len(rows_) == 1]
        title_keys = [(key, r) for key, r in title_keys if key]
        key_prefixes, prefix_keys = title_index([key for key, _ in title_keys])
        columns: dict[str, Any] = {
            "ids": Ids(ids.data, ids.finished()),
            "titles": titles.strings(),
            "abstracts": abstract_strings,
            "metas": metas.strings(),
            "title_keys": Strings.build(key for key, _ in title_keys),
            "has_title": np.array(has_title, dtype=bool),
            "year": np.array(year, dtype=np.int16),
            "month": np.array(month, dtype=np.int8),
            "authors": np.array(authors, dtype=np.int32),
            "title_key_rows": np.fromiter((r for _, r in title_keys), dtype=np.int32, count=len(title_keys)),
            "key_prefixes": key_prefixes,
            "prefix_keys": prefix_keys,
        }
        for name, (numbering, key_ids, key_rows) in keyed.items():
            columns[name] = Postings.build(list(numbering), key_ids, key_rows, n)
        has_years = bool(n) and bool((columns["year"] >= 0).any())
        info = {
            "layout": LAYOUT,
            "papers": n,
            "files": sorted(files),
            "roots": list(roots),
            "has_years": has_years,
            "prefix": PREFIX,
        }
        return cls(columns, info)

    def save(self, directory: Path) -> None:
        """Every column as its own file in ``directory`` (which must exist); ``table.json`` last, as the marker."""
        self.ids.save(directory, "ids")
        for name in self._STRINGS:
            getattr(self, name).save(directory, name)
        for name in self._ARRAYS:
            np.save(directory / f"{name}.npy", np.asarray(getattr(self, name)))
        for name in self._POSTINGS:
            getattr(self, name).save(directory, name)
        (directory / "table.json").write_text(json.dumps(self.info))

    @classmethod
    def load(cls, directory: Path) -> PaperTable | None:
        """The table :meth:`save` wrote, memory-mapped; ``None`` for another layout."""
        info = json.loads((directory / "table.json").read_text())
        if info.get("layout") != LAYOUT:
            return None
        columns: dict[str, Any] = {"ids": Ids.load(directory, "ids")}
        columns.update({name: Strings.load(directory, name) for name in cls._STRINGS})
        columns.update({name: np.load(directory / f"{name}.npy", mmap_mode="r") for name in cls._ARRAYS})
        columns.update({name: Postings.load(directory, name) for name in cls._POSTINGS})
        return cls(columns, info)


def title_index(keys: Sequence[str], width: int = PREFIX) -> tuple[np.ndarray, np.ndarray]:
    """The prefix index over title keys: each key's prefix hash, sorted, and the key index of each."""
    hashes = np.fromiter((_prefix_hash(key[:width]) for key in keys), dtype=np.uint32, count=len(keys))
    order = np.argsort(hashes, kind="stable").astype(np.int32)
    return hashes[order], order


class _Growing:
    """A :class:`Strings` being written: its buffer, and offsets in an array until the table is complete."""

    def __init__(self) -> None:
        self.data, self.offsets = bytearray(), array("q", [0])

    def append(self, text: str) -> None:
        self.data += text.encode("utf-8")
        self.offsets.append(len(self.data))

    def finished(self) -> np.ndarray:
        return np.array(self.offsets, dtype=np.int64)

    def strings(self) -> Strings:
        return Strings(self.data, self.finished())


def _small(value: Any) -> int:
    """A year or author count as a column value; -1 when the paper lacks it."""
    return -1 if value is None else int(value)

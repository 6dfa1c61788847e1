"""The lexical side of retrieval: BM25 and the term statistics that weigh it against dense search.

Both are built from one tokenisation pass over the paper table, with the stemmer called once per
distinct word, and share one token stream: lower-cased :data:`rag.text.TOKEN` words, the project's
stop words removed, then stemmed. BM25 is bm25s itself, indexed from those token ids through its
public ``index``/``retrieve`` API; a hit's row number maps back to the paper id. Building BM25 and
the coverage statistics separately (llama-index's own BM25 tokenisation, then a Python set of stems
per paper for coverage) took 41 s and kept 1.1 GB at 100k papers; this takes 25 s and keeps 0.2 GB
(`bench/lexical.py` compares the two).
"""

from __future__ import annotations

import itertools
import logging
import math
from array import array
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from rag.text import TOKEN, tokens


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


class LexicalIndex:
    """BM25 over title + abstract, and which stemmed terms each paper contains.

    ``stop_words`` (the project's one list, :data:`rag.text.STOP_WORDS`) go before stemming, for BM25,
    coverage and IDF alike: function words and the words any question to a paper collection uses
    ("paper", "propose") say nothing about a topic. BM25 scores are what stock bm25s gives for
    ``bm25s.tokenize(texts, stopwords=stop_words, stemmer=stemmer)`` and the query tokenised the same way.
    """

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

    def _build_postings(self, doc_stems: np.ndarray, rows: np.ndarray, n_docs: int, n_terms: int) -> None:
        """Postings (term -> sorted paper rows), the compact form of "which terms does paper i contain"."""
        pairs = np.sort(doc_stems.astype(np.int64) * n_docs + rows)
        if len(pairs):  # sort-based de-duplication: 8x faster than np.unique's hashing here
            pairs = pairs[np.concatenate([[True], pairs[1:] != pairs[:-1]])]
        terms_of_pairs = pairs // max(n_docs, 1)
        self._postings = (pairs % max(n_docs, 1)).astype(np.int32)
        self._indptr = np.searchsorted(terms_of_pairs, np.arange(n_terms + 1))
        doc_freq = np.diff(self._indptr)
        self._idf = np.log1p((n_docs - doc_freq + 0.5) / (doc_freq + 0.5))
        self.max_idf = math.log(1 + (n_docs + 0.5) / 0.5)

    def idf(self, term: str) -> float:
        """Inverse document frequency; a word no paper uses counts as the rarest possible."""
        col = self._term.get(term)
        if col is None or self._indptr[col + 1] == self._indptr[col]:
            return self.max_idf
        return float(self._idf[col])

    def contains(self, paper_id: str, term: str) -> bool:
        row, col = self.row.get(paper_id), self._term.get(term)
        if row is None or col is None:
            return False
        docs = self._postings[self._indptr[col] : self._indptr[col + 1]]
        at = int(np.searchsorted(docs, row))
        return at < len(docs) and int(docs[at]) == row

    def query_ids(self, question: str) -> list[int]:
        """The question's BM25 token ids, one per occurrence as bm25s counts them; unknown stems dropped."""
        stems = self.stemmer.stemWords([t for t in tokens(question) if t not in self.stop_words])
        return self.bm25.get_tokens_ids(stems)

    def bm25_scores(self, question: str) -> dict[str, float]:
        """Positive BM25 scores of the best ``top_k`` papers."""
        ids = self.query_ids(question)
        if not ids or not self.top_k:
            return {}
        rows, scores = self.bm25.retrieve([ids], k=self.top_k, show_progress=False)
        return {self.paper_ids[r]: s for r, s in zip(rows[0].tolist(), scores[0].tolist(), strict=True) if s > 0}

    # ------------------------------------------------------------ snapshots (rag/snapshot.py)
    _ARRAYS = ("_postings", "_indptr", "_idf")

    def save(self, directory: Path) -> None:
        """Write the index to ``directory`` (which must exist) so :meth:`load` can map it back."""
        self.bm25.save(str(directory / "bm25"), show_progress=False)
        for name in self._ARRAYS:
            np.save(directory / f"{name.lstrip('_')}.npy", getattr(self, name))

    @classmethod
    def load(
        cls, directory: Path, paper_ids: Sequence[str], stemmer: Any, stop_words: frozenset[str], top_k: int
    ) -> LexicalIndex:
        """The index :meth:`save` wrote, its arrays memory-mapped: pages are read as queries touch them."""
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)
        self = cls.__new__(cls)
        self.stemmer, self.stop_words = stemmer, stop_words
        if hasattr(paper_ids, "row"):  # a paper table's ids (rag/papers.py): row lookups without a dict of ids
            self.paper_ids, self.row = paper_ids, paper_ids.row  # type: ignore[attr-defined]
        else:
            self.paper_ids = list(paper_ids)
            self.row = {pid: i for i, pid in enumerate(self.paper_ids)}
        self.top_k = min(top_k, len(self.paper_ids))
        self.bm25 = bm25s.BM25.load(str(directory / "bm25"), mmap=True, show_progress=False)
        # The stem numbering is bm25s' vocabulary: one dict serves BM25, IDF and coverage.
        self._term = self.bm25.vocab_dict
        for name in self._ARRAYS:
            setattr(self, name, np.load(directory / f"{name.lstrip('_')}.npy", mmap_mode="r"))
        self.max_idf = math.log(1 + (len(self.paper_ids) + 0.5) / 0.5)
        return self

"""The lexical side of retrieval: BM25 and the term statistics that weigh it against dense search.

Both are built from one tokenisation pass over the paper table, with the stemmer called once per
distinct word. Building them separately (llama-index's own BM25 tokenisation, then a Python set of
stems per paper for coverage) took 41 s and kept 1.1 GB at 100k papers; this takes 25 s and keeps
0.2 GB (`bench/lexical.py` compares the two).
"""

from __future__ import annotations

import itertools
import json
import logging
import math
from array import array
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy as np

from rag.text import TOKEN


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

    ``term_filter`` drops words before they count for coverage and IDF (question words such as
    "paper" or "propose" say nothing about a topic); BM25 keeps its own English stopword list, so its
    scores are what ``BM25Retriever.from_defaults`` would give on the same texts.
    """

    def __init__(
        self,
        paper_ids: Sequence[str],
        texts: Iterable[str],
        stemmer: Any,
        term_filter: frozenset[str],
        top_k: int,
    ) -> None:
        import bm25s
        from bm25s.stopwords import STOPWORDS_EN
        from bm25s.tokenization import Tokenized
        from llama_index.retrievers.bm25 import BM25Retriever

        # bm25s logs every index build at DEBUG on its own handler; keep the user's output clean.
        logging.getLogger("bm25s").setLevel(logging.WARNING)
        self.stemmer = stemmer
        self.row = {pid: i for i, pid in enumerate(paper_ids)}

        # Word ids per paper, all papers in one flat array: the rest is vectorised over it.
        word_ids = _Numbering()
        n_docs = len(paper_ids)
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
        offsets = np.concatenate([[0], np.cumsum(lengths)])

        # BM25: the same tokens bm25s.tokenize would make (its stopwords go before stemming).
        bm25_stop = frozenset(STOPWORDS_EN)
        keep = np.fromiter((w not in bm25_stop for w in words), dtype=bool, count=len(words))
        kept = keep[all_words]
        bm25_docs = _DocTokens(stem_of_word[all_words][kept], np.concatenate([[0], np.cumsum(kept)])[offsets])
        del kept
        bm25 = bm25s.BM25()
        bm25.index(Tokenized(ids=bm25_docs, vocab={s: i for i, s in enumerate(stem_texts)}), show_progress=False)
        del bm25_docs
        # Hits only need the paper id back: the smallest record llama-index turns into a node, where
        # full nodes would hold a second copy of every abstract (about 2 kB a paper).
        bm25.corpus = [{"_node_content": json.dumps({"id_": pid}), "_node_type": "TextNode"} for pid in paper_ids]
        self.bm25 = BM25Retriever(existing_bm25=bm25, similarity_top_k=min(top_k, len(paper_ids)), stemmer=stemmer)

        # Postings (term -> sorted paper rows), the compact form of "which terms does paper i contain".
        counted = np.fromiter((w not in term_filter for w in words), dtype=bool, count=len(words))
        rows = np.repeat(np.arange(n_docs, dtype=np.int32), lengths)
        mask = counted[all_words]
        pairs = np.sort(stem_of_word[all_words[mask]].astype(np.int64) * n_docs + rows[mask])
        if len(pairs):  # sort-based de-duplication: 8x faster than np.unique's hashing here
            pairs = pairs[np.concatenate([[True], pairs[1:] != pairs[:-1]])]
        del all_words, rows, mask
        terms_of_pairs = pairs // max(n_docs, 1)
        self._postings = (pairs % max(n_docs, 1)).astype(np.int32)
        self._indptr = np.searchsorted(terms_of_pairs, np.arange(len(stem_texts) + 1))
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

    def bm25_scores(self, question: str) -> dict[str, float]:
        """Positive BM25 scores of the best ``top_k`` papers."""
        from llama_index.core.schema import QueryBundle

        hits = self.bm25.retrieve(QueryBundle(question))
        return {h.node.node_id: float(h.score or 0.0) for h in hits if (h.score or 0.0) > 0}

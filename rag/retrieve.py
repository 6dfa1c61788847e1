"""Hybrid retrieval: BM25 and dense vectors, fused with a per-query weight learned from data.

Two kinds of question pull in opposite directions. Topic questions in the field's own words ("which
papers distill CLIP?") are won by BM25: the rare terms pin the papers down. Questions that describe a
paper in other words ("a big collection of everyday things people grab...") share almost no term with
the abstract, so BM25 returns noise while the dense model still finds it. So each signal is turned into
a z-score over the candidate pool (scores of different scales become comparable, and a paper that
stands out in one list keeps its lead), and the BM25 weight is set per query from *lexical coverage*:
the share of the query's IDF mass that the best BM25 documents contain. The dense side mixes the best
sentence's similarity with the paper's mean vector's.

The shape of that weight and the sentence/paper mix (:class:`Fusion`) were chosen by measurement: z-score,
min-max and reciprocal-rank fusion, and the coverage-gated weight, were compared on ACLSum's train split
plus ``evals/dev.jsonl`` and the parameters grid-searched there (``python -m bench.retrieval --fit``);
``docs/benchmarks.md`` reports them on ACLSum's test split and our held-out splits.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from rag.abbreviations import definitions
from rag.corpus import files_of
from rag.fusion import Fusion, Signals
from rag.index import EmptyIndexError, PaperIndex
from rag.lexical import LexicalIndex
from rag.papers import PaperTable
from rag.query import PageCatalogue, QueryFilters, parse_filters
from rag.rows import TITLE_PASSAGE, StoredPaper, passage_id
from rag.spellings import Spellings, known_variants, shared_start
from rag.support import term_weight
from rag.text import (
    COLLECTION_NOUNS,
    COMPLETE_LIST,
    FACT_NOUNS,
    FUNCTION_WORDS,
    ORDINAL_WORDS,
    STOP_WORDS,
    display_title,
    query_terms,
    split_sentences,
    stem,
    typo_repairs,
    without_likeness,
)

#: A word this few papers use may be one paper's name for its method ("ProMaC"): see Retriever.written_as_a_name.
_FEW_PAPERS = 3
#: A name's shape: a capital after a lower-case letter or a digit, or two capitals ("ProMaC", "DisCRn", "KILT").
_INNER_CAPITAL = re.compile(r"[a-z0-9][A-Z]|[A-Z]{2}")


@dataclass
class Hit:
    """One retrieved paper: the paper, its fused score, and the passage that matched best."""

    rank: int
    paper_id: str
    title: str | None
    abstract: str
    score: float
    passage: str
    dense: float = 0.0
    #: The dense lists did not hold the paper (BM25 alone found it): ``dense`` is their floor, not its similarity.
    dense_is_floor: bool = False
    lexical: float = 0.0
    metadata: dict[str, Any] = field(default_factory=dict)
    #: The value a superlative ranked this paper by ("25 authors", "dated Apr 27, 2024"), when one did.
    value: str = ""

    @property
    def source(self) -> str:
        return ",".join(files_of(str(self.metadata.get("sources", ""))))

    @property
    def display_title(self) -> str:
        return display_title(self.title, self.abstract)

    def to_dict(self) -> dict[str, Any]:
        meta = self.metadata
        # The paper's bibliographic metadata where the index holds it: the --json output is for scripts.
        known = {
            "authors": [n for n in str(meta.get("author_names", "")).split("; ") if n],
            "year": meta.get("year"),
            "date": meta.get("date"),
            "venue": meta.get("venue"),
            "doi": meta.get("doi"),
            "arxiv_id": meta.get("arxiv_id"),
            "urls": str(meta.get("urls", "")).split(),
        }
        return {
            "rank": self.rank,
            "paper_id": self.paper_id,
            "title": self.title,
            "abstract": self.abstract,
            "score": round(self.score, 4),
            "passage": self.passage,
            "source": self.source,
            "sources": files_of(str(meta.get("sources", ""))),
            **{k: v for k, v in known.items() if v},
            **({"value": self.value} if self.value else {}),
        }


@dataclass
class QueryPlan:
    """The question as retrieval sees it: its text, the filters it implies, and its topical terms."""

    text: str
    filters: dict[str, Any]
    terms: list[str]
    query: QueryFilters = field(default_factory=QueryFilters)
    topical: str = ""  # the question without the words its filters came from
    searched: str = ""  # ``topical`` as the corpus writes it (acronyms spelled out, typos repaired): BM25 and terms
    unlisted_authors: tuple[str, ...] = ()  # authors cited ("by Lewis et al.") whom no paper's author list holds


#: A word worth correcting: long enough that one edit rarely turns one real word into another.
_CORRECTABLE = re.compile(r"(?<![\w-])[a-z]{5,}(?![\w-])")


_SHORT_WORD = re.compile(r"(?<![\w-])[a-z]{3,}(?![\w-])")


def repair_function_words(text: str, names_a_paper: Callable[[str], bool] | None = None) -> str:
    """``text`` with each misspelt function word, collection noun or fact noun written right ("whcih", "thier", "wat"
    -> "what", "papres" -> "papers", "datset" -> "dataset"): a word
    MiniLM does not know whole, one dropped or swapped letter away from a function word. Otherwise the
    question reader misses the question's form ("wat GPUs was X trained on?" asks which GPUs) and the
    search takes the typo for the question's rarest topic term. A word ``names_a_paper`` accepts is a name
    written in lower case, no typo: "slca vs mos" compares MOS, not "most"."""

    def repaired(match: re.Match[str]) -> str:
        word = match.group(0)
        if word in STOP_WORDS or term_weight(word) < 1.0 or (names_a_paper is not None and names_a_paper(word)):
            return word
        # the collection's own nouns and places in a list too: "mixtur of experts papres", "the frist one"
        repairs = typo_repairs(word) & (FUNCTION_WORDS | COLLECTION_NOUNS | ORDINAL_WORDS | FACT_NOUNS)
        # (the word in another form is no repair: "dataset" is not a typo of "datasets")
        return min((r for r in repairs if stem(r) != stem(word.lower())), default=word)

    return _CHAT_SPELLING.sub(lambda m: _CHAT_SPELLINGS[m.group(0)], _SHORT_WORD.sub(repaired, text))


#: Function words as chat spells them: "the first paper in ur original list", "can u list them".
_CHAT_SPELLINGS = {"ur": "your", "u": "you", "yr": "your"}
_CHAT_SPELLING = re.compile(rf"(?<![\w'-])(?:{'|'.join(_CHAT_SPELLINGS)})(?![\w'-])")


#: A person named as a paper's author: "by Hinton", "written by Geoffrey Hinton", "Hinton's papers", "did
#: Hinton write", "co-authored by ...". The name is capitalised words; whether it is an author is checked in the index.
_PERSON = r"([A-Z][\w'’.-]+(?:\s+(?:(?:van|von|de|der|den|da|di|du|le|la)\s+)*[A-Z][\w'’-]+){0,2})"
#: Authors as papers cite them: "Lewis et al".
_ET_AL = rf"\b{_PERSON}\s+et\s+al\b"
_AUTHOR_NAMED = re.compile(
    rf"\b(?:(?:written|authored|co-?authored|published)\s+)?by\s+{_PERSON}"
    rf"|\b{_PERSON}['’]s\s+(?:papers?|works?|articles?|publications?)\b"
    rf"|\b(?:did|has|have)\s+{_PERSON}\s+(?:write|written|author|authored|publish|published|co-?author)\b"
    rf"|{_ET_AL}"
)
#: Authors cited as papers cite one another: "by Lewis et al.", "Lewis et al.'s paper", "the Lewis et al RAG paper".
#: The names are the authors of the paper meant, which its own abstract never writes (another abstract citing it
#: does: "(Lewis et al., 2020b)").
_CITED_AUTHORS = re.compile(rf"(?:\b(?:(?:written|authored|co-?authored|published)\s+)?by\s+)?{_ET_AL}\.?(?:['’]s\b)?")


def correct_spelling(
    text: str,
    lexical: LexicalIndex,
    papers: Mapping[str, StoredPaper],
    names_a_paper: Callable[[str], bool] | None = None,
) -> str:
    """``text`` with each lower-case word the corpus (almost) never uses, and that is no English word MiniLM
    knows whole, replaced by the most used repair of it (:func:`rag.text.typo_repairs`) that papers write
    as such: "knowlege distilation for segmentaion" -> "knowledge distilation for segmentation"
    ("distilation" already stems as the corpus's "distillation" does). A repair whose stem is common but
    which no paper writes ("blocky" -> "blockly", stem "block") is no repair. Names, acronyms and words no
    repair turns into a corpus word ("psilocybin", "wiring") stay as written, and so does a paper's name written in
    lower case ("slca vs mos" does not become "... vs most"). A misspelt function word
    ("whcih", "thier") becomes that word. A word in the other English spelling from the corpus's, which
    never uses it, is written as the corpus writes it ("tumours" -> "tumors"; :func:`known_variants`)."""

    def written(candidate: str, paper_ids: list[str]) -> bool:
        pattern = re.compile(rf"(?<![\w-]){re.escape(candidate)}(?![\w-])")
        return any(pattern.search(f"{papers[p].title or ''} {papers[p].abstract}".lower()) for p in paper_ids)

    def corrected(match: re.Match[str]) -> str:
        word = match.group(0)
        if word in STOP_WORDS:
            return word
        # Written in the other English spelling from the corpus's, which never uses this one: "tumours" -> "tumors".
        unused = not lexical.document_frequency(lexical.stemmer.stemWord(word))
        if unused and (spelt := known_variants(word, lambda stem: lexical.document_frequency(stem) > 0)):
            return spelt[0][0]
        if term_weight(word) < 1.0 or (names_a_paper is not None and names_a_paper(word)):
            return word
        # (a sample of papers wide enough to find the form written: the first five using "graph" never write "graphs")
        return next((c for c, paper_ids in lexical.repairs(word, sample=40) if written(c, paper_ids)), word)

    return _CORRECTABLE.sub(corrected, repair_function_words(text, names_a_paper))


@dataclass
class SearchTimings:
    embed_ms: float = 0.0
    bm25_ms: float = 0.0
    chroma_ms: float = 0.0
    fusion_ms: float = 0.0

    @property
    def total_ms(self) -> float:
        return self.embed_ms + self.bm25_ms + self.chroma_ms + self.fusion_ms


@dataclass
class SearchResult:
    hits: list[Hit]
    plan: QueryPlan
    coverage: float
    bm25_weight: float
    timings: SearchTimings
    #: Papers that pass the filters (every paper when there are none); a filter-only question lists them all.
    total_matches: int = 0
    #: Per filtered field ("year", "month", "authors"): papers the filter could not judge, lacking that field.
    unjudged: dict[str, int] = field(default_factory=dict)
    offset: int = 0


#: "Which papers build on CLIP?" asks which use it: "build on" says how a paper uses what it names, as "based on"
#: does, and so does "start from" ("which of those start from Llama 2?"); "build" and "start" are no topic
#: ("which papers build datasets?" keeps it).
_BUILDS_ON = re.compile(
    r"\b(?:(?:build|builds|built|building)\s+(?:up)?on|(?:start|starts|started|starting)\s+from)\b", re.I
)
#: The form an answer is asked in, which names no topic: "give me an overview (a rundown) of the MoE papers",
#: "Summarize the approaches", "can you summarise the papers on X", "I need the full set of methods for ..." (a list,
#: whole). Elsewhere the words stay words of the topic: "surveys or overviews" and "an overview paper" ask for a kind
#: of paper, "models that read, summarize or link code" for a task.
_FORM_ASKED = re.compile(
    r"\b(?:an?\s+)?(?:(?:brief|quick|short|general|high-level)\s+)?(?:overview|rundown)\s+of\b"
    rf"|\b{COMPLETE_LIST}\s+of\b"
    r"|(?:^|(?<=[.!?:;]\s))\W*(?:(?:can|could|would|will)\s+you\s+)?(?:please\s+)?summari[sz]e\b",
    re.I,
)


#: A word and the noun after it, which it modifies: "VLM safety".
_KIND_MODIFIER = re.compile(r"([\w-]+)\s+([a-z][\w-]*)\b")
#: Nouns after a name that make it the paper's: "that VLM paper", "this VLM work".
_THE_PAPER = frozenset({"paper", "papers", "work", "study", "one", "article", "abstract", "authors"})
#: A preposition just before: "for VLM safety", "on VLM robustness"; or a determiner picking one of a kind: "that VLM
#: tuning method", "any LLM agents" (not "the", which may be the paper's: "the VLM model").
_PHRASE_OPENER = re.compile(
    r"\b(?:for|on|in|of|with|about|from|to|into|across|against|that|this|a|an|any|some|which|those|these)\s+$",
    re.IGNORECASE,
)


class Retriever:
    """Searches one :class:`PaperIndex`, holding its paper table and BM25 index in memory."""

    fusion = Fusion()
    #: Papers listed at most for a filter-only question (the answer layer enumerates them all).
    max_listed = 500

    def __init__(self, index: PaperIndex, candidates: int = 50) -> None:
        self.index = index
        self.candidates = candidates
        self._lock = threading.Lock()
        self.papers: PaperTable = PaperTable.build([])
        self.reload()

    # ----------------------------------------------------------- loading
    def reload(self) -> None:
        """Load the paper table and lexical index (from the snapshot when current, :mod:`rag.snapshot`),
        and build the page catalogue over them."""
        from rag.snapshot import load_or_build

        papers, lexical = load_or_build(self.index, self.candidates)
        if not papers:
            raise EmptyIndexError(
                f"the index at {self.index.settings.describe_store()} is empty: "
                "run `rag ingest` (or `python ingest.py`)"
            )
        pages = _catalogue(papers, self.index.settings.corpus_dir)
        with self._lock:
            self.papers = papers  # columns, memory-mapped from the snapshot (rag/papers.py)
            self._lexical = lexical
            self._pages = pages
            self._has_years = papers.has_years
            self._lower_case_forms: dict[str, re.Pattern[str] | None] = {}

    @property
    def pages(self) -> PageCatalogue:
        return self._pages

    # ----------------------------------------------------------- planning
    def plan(self, question: str, filters: dict[str, Any] | QueryFilters | None = None) -> QueryPlan:
        """Filters given explicitly, completed by those the question states; terms from what is left."""
        given = QueryFilters.from_dict(filters)
        parsed, topical = parse_filters(question, self._pages, dated=self._has_years)
        if parsed.author is None and given.author is None and (named := self._author_named(topical)):
            parsed, topical = replace(parsed, author=named[0]), named[1]
        # authors cited whom no author list holds (most papers have none) are no words to search the abstracts for
        unlisted = tuple(found.group(1) for found in _CITED_AUTHORS.finditer(topical))
        topical = _CITED_AUTHORS.sub(" ", topical) if unlisted else topical
        query = given.merged(parsed)
        searched = self.expand(without_likeness(_FORM_ASKED.sub(" ", _BUILDS_ON.sub("use", topical))))
        return QueryPlan(question, query.to_dict(), query_terms(searched), query, topical, searched, unlisted)

    def _author_named(self, text: str) -> tuple[str, str] | None:
        """An author the question names as one ("papers by Hinton", "Geoffrey Hinton's papers", "which papers
        did Hinton write?"), as a last name some paper's author list holds, and the text without those words.
        A capitalised word after "by" that no paper's authors include stays a topic ("by CLIP")."""
        for match in _AUTHOR_NAMED.finditer(text):
            name = next(g for g in match.groups() if g)
            if self.papers.author_papers(name):
                return name.split()[-1], (text[: match.start()] + " " + text[match.end() :]).strip()
        return None

    @property
    def short_form_kinds(self) -> frozenset[str]:
        """Short forms that abbreviate a kind of thing across the corpus ("ai", "llm"; Abbreviations.kinds)."""
        return self._lexical.abbreviations.kinds if self._lexical is not None else frozenset()

    @property
    def short_forms(self) -> frozenset[str]:
        """Every short form the corpus defines and mostly spells out ("lvlm", "llm"; Abbreviations.expansions)."""
        return frozenset(self._lexical.abbreviations.expansions) if self._lexical is not None else frozenset()

    def _text_of(self, paper_id: str) -> str:
        """A paper's title and abstract as one text (the title closed as a sentence: no definition spans the two)."""
        paper = self.papers[paper_id]
        return f"{paper.title or ''}. {paper.abstract}"

    def written_as_a_name(self, word: str) -> str | None:
        """How the few papers using a rare word write it, when every one of them writes it as one name ("promac"
        -> "ProMaC", which one abstract introduces); ``None`` for a word used widely, or written otherwise too."""
        if self._lexical is None:
            return None
        stem = self._lexical.stemmer.stemWord(word.lower())
        if not 0 < self._lexical.document_frequency(stem) <= _FEW_PAPERS:
            return None
        pattern = re.compile(rf"(?<![\w-]){re.escape(word)}(?![\w-])", re.I)
        written = {
            found.group(0)
            for paper_id in self._lexical.papers_using(stem, _FEW_PAPERS)
            for found in pattern.finditer(self._text_of(paper_id))
        }
        name = next(iter(written)) if len(written) == 1 else ""
        return name if _INNER_CAPITAL.search(name) else None

    def lower_case_form(self, word: str) -> re.Pattern[str] | None:
        """How a lower-case ``word`` is written in lower case (or capitalised), when some papers write it only in
        capitals, as a name: "video clips" beside "CLIP". ``None`` when no paper writes it so in capitals alone, or
        none in lower case: a word the corpus writes only as a name ("GANs", "LLMs") is that name, however the user
        writes it."""
        if self._lexical is None or not word.isalpha() or not word.islower():
            return None
        if word in self._lower_case_forms:
            return self._lower_case_forms[word]
        stem = self._lexical.stemmer.stemWord(word)
        # (what every form of the word writes: "clip" of "clips", "studi" of "studies")
        start = shared_start(word, stem) or word
        lower = re.compile(rf"(?<![\w-])[{start[0]}{start[0].upper()}]{re.escape(start[1:])}[a-z]*(?![\w-])")
        capitals = re.compile(rf"(?<![\w-]){re.escape(start.upper())}[A-Z]*s?(?![\w-])")
        texts = [self._text_of(paper_id) for paper_id in self._lexical.papers_using(stem, len(self.papers))]
        written = [bool(lower.search(text)) for text in texts]
        as_a_name = any(capitals.search(text) for text, low in zip(texts, written, strict=True) if not low)
        found = lower if any(written) and as_a_name else None
        self._lower_case_forms[word] = found
        return found

    def long_forms(self, short: str) -> set[str]:
        """The long forms, in lower case, that the papers writing a short form define it by ("hugging face" of "HF"),
        however few: one paper's "Hugging Face (HF)" says what another paper's "Hugging Face" is called."""
        if self._lexical is None:
            return set()
        stem = self._lexical.stemmer.stemWord(short.lower())
        return {
            long
            for paper_id in self._lexical.papers_using(stem, len(self.papers))
            for match, long in definitions(self._text_of(paper_id))
            if match.group(1).lower() == short.lower()
        }

    def coins(self, word: str) -> str | None:
        """The one paper of the corpus that introduces ``word`` as the name of what it proposes, though the word is
        shaped as a plain one ("it motivates us to propose Compressor", "we propose Telly to ..."): no other paper
        writes it, and this one writes it capitalised after a verb of proposing or naming. A language or a place
        ("Estonian") that one paper alone writes is not introduced so."""
        if self._lexical is None or not word[:1].isalpha():
            return None
        stem = self._lexical.stemmer.stemWord(word.lower())
        if self._lexical.document_frequency(stem) != 1:
            return None
        paper_id = self._lexical.papers_using(stem, 1)[0]
        name = re.escape(word[:1].upper() + word[1:].lower())
        introduced = rf"\b(?:propos|introduc|present|develop|design|call|nam|dub|term|coin)\w*\s+(?:as\s+)?{name}\b"
        return paper_id if re.search(introduced, self.papers[paper_id].abstract) else None

    def correct(self, text: str) -> str:
        """``text`` with each misspelt word corrected (:func:`correct_spelling`), its acronyms as written."""
        if self._lexical is None:
            return repair_function_words(text, self.names_a_paper)
        return correct_spelling(text, self._lexical, self.papers, self.names_a_paper)

    def expand(self, text: str) -> str:
        """``text`` as the corpus writes it: each acronym it defines but mostly spells out, spelled out
        ("VLMs"), and each misspelt word corrected ("halucinations"; :func:`correct_spelling`)."""
        if self._lexical is None:
            return text
        expanded = self._lexical.abbreviations.expand(text)
        return correct_spelling(expanded, self._lexical, self.papers, self.names_a_paper)

    def _judge(self, query: QueryFilters) -> tuple[int, dict[str, int]]:
        """Papers passing ``query``, and per field it tests, papers it could not judge (lacking the field)."""
        return self.papers.judge(query)

    def _coverages(self, terms: list[str], paper_ids: list[str]) -> list[float]:
        """Share of the query's IDF mass found in each paper's title and abstract, each term's IDF read once."""
        if not terms:
            return [0.0] * len(paper_ids)
        lexical = self._lexical
        idfs = [lexical.idf(t) for t in terms]
        total = sum(idfs)
        if not total:
            return [0.0] * len(paper_ids)
        return [
            sum(idf for t, idf in zip(terms, idfs, strict=True) if lexical.contains(pid, t)) / total
            for pid in paper_ids
        ]

    def embed_query(self, text: str) -> np.ndarray:
        """The query vector retrieval uses (cached by the embedder, so asking twice costs nothing)."""
        return self.index.embedder.embed_query(text)

    def embed(self, texts: list[str]) -> np.ndarray:
        return self.index.embedder.embed(texts)

    def find_titles(self, text: str) -> list[tuple[int, str]]:
        """Papers a text names, as (offset, paper id) in order of appearance: by full title, by the short
        name before a title's colon ("CLIP-CID"), or by an untitled abstract's opening words. A title written with
        the acronyms the corpus defines for its words names its paper as the title itself does: "the relational KD
        paper" names "Relational Knowledge Distillation"."""
        found = [(at, pid) for at, pid in self.papers.find_titles(text) if not self._modifies_as_a_kind(text, at)]
        if self._lexical is None:
            return found
        expanded, original = self._lexical.abbreviations.expand_with_offsets(text)
        if expanded == text:
            return found
        have = {paper_id for _, paper_id in found}
        spelled = [(original(at), pid) for at, pid in self.papers.find_titles(expanded) if pid not in have]
        return sorted([*found, *spelled])

    def _modifies_as_a_kind(self, text: str, at: int) -> bool:
        """Is the name written at ``at`` a short form the corpus uses for a kind of thing, modifying the noun after it
        in a phrase a preposition or a determiner opens ("unlearning on text for VLM safety", "that VLM tuning
        method")? That is the kind, not the paper whose title takes it as its name ("VLM: Task-agnostic Video-Language
        Model ..."); "the VLM paper", "that VLM paper" are the paper."""
        written = _KIND_MODIFIER.match(text, at)
        return (
            written is not None
            and written.group(1).lower() in self.short_form_kinds
            and written.group(2).lower() not in _THE_PAPER
            and bool(_PHRASE_OPENER.search(text[:at]))
        )

    def names_a_paper(self, word: str) -> bool:
        """Is ``word``, however cased, a paper's name ("mos" for "MOS: Model Surgery ...")?"""
        return bool(self.find_titles(word))

    def passage_vectors(self, paper_ids: list[str]) -> dict[str, list[tuple[int, str, np.ndarray]]]:
        """Sentence vectors of papers in the table, fetched by row id."""
        layout = {pid: self.papers[pid].metadata for pid in paper_ids if pid in self.papers}
        return self.index.passage_vectors(paper_ids, layout)

    def passage_aspects(self, paper_ids: list[str]) -> dict[str, dict[int, str]]:
        """Each paper's sentences' aspects by position: problem / method / result / other (:mod:`rag.aspects`)."""
        from rag.aspects import passage_aspects

        layout = {pid: self.papers[pid].metadata for pid in paper_ids if pid in self.papers}
        return dict(passage_aspects(self.index, paper_ids, layout))

    def idf(self, term: str) -> float:
        return self._lexical.idf(term)

    def document_frequency(self, term: str) -> int:
        """How many of the collection's papers write ``term`` (a stem)."""
        return self._lexical.document_frequency(term)

    def document_share(self, term: str) -> float:
        """The share of the collection's papers that write ``term`` (0.94 for "model" in the bundled corpus)."""
        return self._lexical.document_frequency(term) / max(len(self.papers), 1)

    def contains(self, paper_id: str, term: str) -> bool:
        return self._lexical.contains(paper_id, term)

    def spellings(self, question: str, terms: list[str]) -> Spellings:
        """Other ways the corpus writes the question's topic terms: "multimodal" as "multi-modal" (rag.spellings)."""
        lexical = self._lexical
        return lexical.compounds.spellings(question, terms, known=lambda stem: lexical.document_frequency(stem) > 0)

    # ----------------------------------------------------------- search
    def signals(
        self,
        plan: QueryPlan,
        vector: np.ndarray,
        n: int,
        timings: SearchTimings,
    ) -> Signals:
        """BM25, best-sentence and paper-vector scores of every candidate passing the plan's filters."""
        query = self._scoring_query(plan.query)
        if query is None:
            return Signals([], np.zeros(0), np.zeros(0), np.zeros(0), 0.0, {})
        t2 = time.perf_counter()
        if query.paper_ids:
            # Paper rows carry no paper_id field to filter on; score the few named papers directly.
            papers = _pool().submit(self.index.paper_similarities, vector, list(query.paper_ids))
        else:
            papers = _pool().submit(self.index.query_papers, vector, n, query.where())
        # The two Chroma queries run at once: Chroma's Rust core and an HTTP client both wait without the GIL.
        passages = self.index.query_passage_scores(vector, n * 3, query.where())
        centroid = dict(papers.result())
        t3 = time.perf_counter()
        # BM25 on this thread: beside the query embedding (onnxruntime already on both cores) it slowed the
        # embedding by as much as it saved at load 1.5 (search p50 20.7 vs 22.4 ms), docs/benchmarks.md.
        bm25, coverage, timings.bm25_ms = self._lexical_side(plan)
        timings.chroma_ms = (t3 - t2) * 1000
        best = _best_per_paper(passages, self.papers)
        ids = sorted(self.papers.select(query, set(bm25) | set(best) | set(centroid)))
        # The standard pool (``candidates`` per list) scores every paper in it as a search of that depth
        # would, whatever ``n`` was: the deeper lists only add papers below it (see Fusion.scores).
        if n <= self.candidates:  # a search of the standard depth is its own pool
            base_best, base_centroid, base_ids = best, centroid, set(ids)
        else:
            passages.sort(key=lambda row: -row[2])
            base_best = _best_per_paper(passages[: self.candidates * 3], self.papers)
            base_centroid = dict(sorted(centroid.items(), key=lambda item: -item[1])[: self.candidates])
            base_ids = set(self.papers.select(query, set(bm25) | set(base_best) | set(base_centroid)))
        # A paper outside one dense list scores that list's floor: it ranked below every listed paper.
        s_floor, base_s_floor = (min((v[0] for v in b.values()), default=0.0) for b in (best, base_best))
        c_floor, base_c_floor = (min(c.values(), default=0.0) for c in (centroid, base_centroid))
        in_base = np.array([pid in base_ids for pid in ids], dtype=bool)
        sentence, paper = [], []
        for pid in ids:
            if pid in base_ids:
                sentence.append(base_best[pid][0] if pid in base_best else base_s_floor)
                paper.append(base_centroid.get(pid, base_c_floor))
            else:
                sentence.append(best[pid][0] if pid in best else s_floor)
                paper.append(centroid.get(pid, c_floor))
        return Signals(
            ids,
            np.array([bm25.get(pid, 0.0) for pid in ids]),
            np.array(sentence),
            np.array(paper),
            coverage,
            best,
            base=None if in_base.all() else in_base,
        )

    def _scoring_query(self, query: QueryFilters) -> QueryFilters | None:
        """The filters candidates are scored under: an author becomes the papers they wrote, a kind ("survey") the
        papers of it (``None``: none)."""
        if not (query.author or query.kind):
            return query
        # Neither is Chroma metadata (rag/rows.py): the paper table names their papers, and they are scored like
        # named papers, so every one of them is a candidate.
        named = tuple(
            self.papers.matching(QueryFilters(author=query.author, kind=query.kind, paper_ids=query.paper_ids))
        )
        return replace(query, author=None, kind=None, paper_ids=named) if named else None

    def _lexical_side(self, plan: QueryPlan) -> tuple[dict[str, float], float, float]:
        """BM25 scores of the best papers, the lexical coverage (the best of the top five BM25 papers passing
        the filters), and the milliseconds taken. Needs no query vector, so it can run while that is made."""
        t0 = time.perf_counter()
        bm25 = self._lexical.bm25_scores(plan.searched) if plan.terms else {}
        query = self._scoring_query(plan.query)
        passing = sorted(self.papers.select(query, bm25)) if query is not None else []
        lexical_top = sorted(passing, key=lambda p: -bm25[p])[:5]
        coverage = max(self._coverages(plan.terms, lexical_top), default=0.0)
        return bm25, coverage, (time.perf_counter() - t0) * 1000

    def search(
        self, question: str, k: int = 10, filters: dict[str, Any] | None = None, offset: int = 0
    ) -> SearchResult:
        """Papers ``offset`` to ``offset + k`` for ``question``, each once, with its best passage."""
        timings = SearchTimings()
        plan = self.plan(question, filters)
        total, unjudged = self._judge(plan.query)
        if not plan.terms and plan.query.sort:
            # Only a superlative (and filters): the papers holding the top places of that field answer.
            t0 = time.perf_counter()
            hits, total, unjudged = self._ranked(plan.query, k, offset, unjudged)
            timings.fusion_ms = (time.perf_counter() - t0) * 1000
            return SearchResult(hits, plan, 0.0, 0.0, timings, total, unjudged, offset)
        if not plan.terms and plan.query:
            # Only a filter: no topic to rank by, so every matching paper answers, newest first.
            t0 = time.perf_counter()
            hits = self._enumerate(plan.query, k, offset)
            timings.fusion_ms = (time.perf_counter() - t0) * 1000
            return SearchResult(hits, plan, 0.0, 0.0, timings, total, unjudged, offset)
        t0 = time.perf_counter()
        vector = self.embed_query(self.expand(question))
        timings.embed_ms = (time.perf_counter() - t0) * 1000
        signals = self.signals(plan, vector, max(self.candidates, (offset + k) * 3), timings)
        t3 = time.perf_counter()
        if not signals.ids:
            timings.fusion_ms = (time.perf_counter() - t3) * 1000
            return SearchResult([], plan, 0.0, 0.0, timings, total, unjudged, offset)
        fused, weight = self.fusion.scores(signals)
        order = sorted(range(len(signals.ids)), key=lambda i: (-fused[i], signals.ids[i]))[offset : offset + k]
        if plan.query.sort:
            # A topic and a superlative ("the most recent paper on X"): the page's papers in that order,
            # those lacking the field last; relevance still picks the page, so paging stays consistent.
            at = {signals.ids[i]: i for i in order}
            valued, lacking = replace(plan.query, limit=None).rank(
                (signals.ids[i], self.papers[signals.ids[i]].metadata) for i in order
            )
            order = [at[pid] for pid in valued + lacking]
            if lacking:
                unjudged = {**unjudged, plan.query.ranked_key: len(lacking)}
        best = self._best_passages([signals.ids[i] for i in order], signals.passages, vector)
        top_bm25 = float(signals.bm25.max())
        hits = [
            self._hit(
                offset + rank,
                signals.ids[i],
                float(fused[i]),
                best,
                dense=self.fusion.sentence_weight * signals.sentence[i]
                + (1 - self.fusion.sentence_weight) * signals.paper[i],
                dense_is_floor=signals.ids[i] not in signals.passages,
                lexical=signals.bm25[i] / top_bm25 if top_bm25 > 0 else 0.0,
            )
            for rank, i in enumerate(order, start=1)
        ]
        for hit in hits:
            hit.value = plan.query.shown(hit.metadata)
        timings.fusion_ms = (time.perf_counter() - t3) * 1000
        return SearchResult(hits, plan, signals.coverage, weight, timings, total, unjudged, offset)

    def _ranked(
        self, query: QueryFilters, k: int, offset: int, unjudged: dict[str, int]
    ) -> tuple[list[Hit], int, dict[str, int]]:
        """Papers passing ``query``'s filters ranked by its ordering: the page, how many hold a top place
        (ties included), and the unjudged counts with the papers lacking the field."""
        filters = query.unordered
        order, lacking = query.rank((pid, self.papers[pid].metadata) for pid in self.papers.matching(filters))
        if lacking:
            unjudged = {**unjudged, query.ranked_key: len(lacking)}
        hits = []
        for rank, pid in enumerate(order[offset : offset + min(k, self.max_listed)], start=1):
            hit = self._hit(offset + rank, pid, 1.0, {})
            hit.value = query.shown(hit.metadata)
            hits.append(hit)
        return hits, len(order), unjudged

    def _enumerate(self, query: QueryFilters, k: int, offset: int) -> list[Hit]:
        page = self.papers.newest(query, min(k, self.max_listed), offset)
        hits = [self._hit(offset + rank, pid, 1.0, {}) for rank, pid in enumerate(page, start=1)]
        for hit in hits:
            hit.value = query.shown(hit.metadata)
        return hits

    def _best_passages(
        self, ranked: list[str], best: dict[str, tuple[float, int, str]], vector: np.ndarray
    ) -> dict[str, tuple[float, int, str]]:
        """Best passage per ranked paper, with its text; papers no passage query returned are scored from their
        vectors. A title passage needs no text: :meth:`_hit` shows the abstract's opening sentence instead."""
        best = dict(best)
        missing = [pid for pid in ranked if pid not in best and pid in self.papers]
        if missing:
            layout = {pid: self.papers[pid].metadata for pid in missing}
            for pid, rows in self.index.sentence_vectors(missing, layout).items():
                if rows:
                    sim, position = max((float(vec @ vector), pos) for pos, vec in rows)
                    best[pid] = (sim, position, "")
        shown = [
            (pid, passage_id(pid, best[pid][1])) for pid in ranked if pid in best and best[pid][1] != TITLE_PASSAGE
        ]
        texts = self.index.passage_texts([rid for _, rid in shown])
        for pid, rid in shown:
            sim, position, _ = best[pid]
            best[pid] = (sim, position, texts.get(rid, ""))
        return best

    def _hit(self, rank: int, pid: str, score: float, best: dict[str, tuple[float, int, str]], **scores: Any) -> Hit:
        paper = self.papers[pid]
        _, position, passage = best.get(pid, (0.0, 0, ""))
        if position == TITLE_PASSAGE or not passage:
            # A title says little on its own; show the abstract's opening sentence as the passage.
            passage = (split_sentences(paper.abstract) or [paper.abstract])[0]
        return Hit(rank, pid, paper.title, paper.abstract, score, passage, metadata=paper.metadata, **scores)


_POOL: ThreadPoolExecutor | None = None
_POOL_LOCK = threading.Lock()


def _pool() -> ThreadPoolExecutor:
    """Threads every retriever shares for the paper-vector query a search runs beside its passage query
    (made on first use). Nothing submitted here waits on this pool, so a busy pool delays a search but
    cannot deadlock it."""
    global _POOL
    if _POOL is None:
        with _POOL_LOCK:
            if _POOL is None:
                _POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="rag-search")
    return _POOL


def _catalogue(papers: PaperTable, corpus_dir: Path) -> PageCatalogue:
    """The index's source pages, each read (for its kind and owner) where ingest found it, if still there."""
    roots = dict.fromkeys([*papers.corpus_roots, str(corpus_dir)])
    return PageCatalogue.from_files(papers.source_files, [Path(r) for r in roots if not r.startswith("upload:")])


def _best_per_paper(passages: list[tuple[str, int, float]], papers: PaperTable) -> dict[str, tuple[float, int, str]]:
    """Each paper's best passage among ``passages`` as (cosine, position, text); texts are left out here
    (""): :meth:`Retriever.search` fetches those of the passages it shows."""
    best: dict[str, tuple[float, int, str]] = {}
    for pid, position, sim in passages:
        if pid in papers and (pid not in best or sim > best[pid][0]):
            best[pid] = (sim, position, "")
    return best

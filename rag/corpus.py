"""Parse scraped paper-listing pages into :class:`Paper` records.

Five page layouts are understood, all as plain text:

* an arXiv author page: title, a venue line, then the abstract;
* Hugging Face "Daily Papers" pages with blank lines between blocks, where
  author-count, "·" and date lines may follow each abstract;
* a Hugging Face page with no blank lines at all (title and abstract alternate,
  and the first title is glued to the "Subscribe" button text);
* a file of bare ``Abstract:`` lines, which carries no titles.

Rather than one parser per layout, every non-empty line is classified on its
own (chrome, abstract, author count, date, separator, or short text) and a
small state machine assembles papers from the sequence. That makes the
parser indifferent to blank lines and robust to pages that mix layouts.
Anything it cannot place becomes a :class:`ParseWarning` with file and line.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rag.text import URL, display_title, split_sentences

#: Lines that are page furniture on the scraped sites, never paper content.
CHROME_LINES = frozenset(
    {
        "new",
        "get trending papers in your email inbox!",
        "get trending papers in your email inbox once a day!",
        "subscribe",
        "daily papers",
        "byak and the research community",
        "goto",
        "collaborating authors",
    }
)
#: Abstracts run 94-280 words; the longest title in the corpus is far below this.
MIN_ABSTRACT_WORDS = 40
MAX_TITLE_CHARS = 300
#: Guard against a pathological single-line file: no real abstract is this long.
MAX_ABSTRACT_CHARS = 20_000

_MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
_DATE = re.compile(rf"^(?P<date>(?:{_MONTHS})[a-z]*\.?\s+\d{{1,2}}(?:,\s*(?P<year>\d{{4}}))?)(?:\s+(?P<upvotes>\d+))?$")
_AUTHORS = re.compile(r"^[•·\-*]?\s*(?P<n>\d+)\s+authors?$", re.IGNORECASE)
_ABSTRACT_PREFIX = re.compile(r"^\s*Abstract\s*:\s*", re.IGNORECASE)
_VENUE_HINT = re.compile(
    r"^(arXiv\.org|arXiv|NeurIPS|ICML|ICLR|CVPR|ICCV|ECCV|ACL|EMNLP|NAACL|AAAI|IJCAI|KDD|WWW|SIGIR)\b"
)
_SEPARATORS = frozenset({"·", "•", "-", "|"})


def files_of(sources: str) -> list[str]:
    """The page files in a stored ``file:line,file:line`` sources string."""
    return sorted({s.rsplit(":", 1)[0] for s in sources.split(",") if s})


@dataclass(frozen=True)
class Source:
    """Where one copy of a paper was found: the file and the 1-based line of its abstract."""

    file: str
    line: int


@dataclass
class Paper:
    """One distinct paper: its abstract, plus whatever metadata its page(s) gave."""

    paper_id: str
    abstract: str
    title: str | None = None
    authors: int | None = None
    date: str | None = None
    year: int | None = None
    upvotes: int | None = None
    venue: str | None = None
    urls: list[str] = field(default_factory=list)
    github: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    # Facts that structured formats (BibTeX, arXiv records, CSV) carry and listing pages do not.
    author_names: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    doi: str | None = None
    arxiv_id: str | None = None
    # Which ingest sources (folder, file, upload) hold this paper, each with its own copy's facts
    # (``to_dict`` minus id and abstract), so dropping one source leaves exactly what the others say.
    origins: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def content_hash(self) -> str:
        """Hash of everything that goes into the index, so edits to any of it re-embed."""
        payload = "\x1f".join([self.title or "", self.abstract])
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:16]

    @property
    def source_files(self) -> list[str]:
        return sorted({s.file for s in self.sources})

    @property
    def display_title(self) -> str:
        return display_title(self.title, self.abstract)

    def merge(self, other: Paper) -> None:
        """Fold another copy of the same abstract into this record, keeping every fact."""
        self.title = self.title or other.title
        self.authors = self.authors if self.authors is not None else other.authors
        if self.year is None and other.year is not None:
            self.date, self.year = other.date, other.year
        self.date = self.date or other.date
        self.upvotes = self.upvotes if self.upvotes is not None else other.upvotes
        self.venue = self.venue or other.venue
        self.urls = sorted(set(self.urls) | set(other.urls))
        self.github = sorted(set(self.github) | set(other.github))
        self.sources = sorted(set(self.sources) | set(other.sources), key=lambda s: (s.file, s.line))
        self.author_names = self.author_names or other.author_names
        self.categories = sorted(set(self.categories) | set(other.categories))
        self.doi = self.doi or other.doi
        self.arxiv_id = self.arxiv_id or other.arxiv_id

    def to_dict(self) -> dict[str, object]:
        return {
            "paper_id": self.paper_id,
            "title": self.title,
            "abstract": self.abstract,
            "authors": self.authors,
            "date": self.date,
            "year": self.year,
            "upvotes": self.upvotes,
            "venue": self.venue,
            "urls": self.urls,
            "github": self.github,
            "sources": [f"{s.file}:{s.line}" for s in self.sources],
            "author_names": self.author_names,
            "categories": self.categories,
            "doi": self.doi,
            "arxiv_id": self.arxiv_id,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Paper:
        """The inverse of :meth:`to_dict`; unknown keys are ignored so old records still load."""
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__ and k != "sources"}
        sources = [Source(s.rsplit(":", 1)[0], int(s.rsplit(":", 1)[1])) for s in data.get("sources") or []]
        return cls(**{"paper_id": "", "abstract": "", **known, "sources": sources})


@dataclass(frozen=True)
class ParseWarning:
    """Content the parser skipped, and why, so a user can find it in the file."""

    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


@dataclass
class ParseResult:
    """Everything one parse produced: raw records, merged papers, and what was skipped."""

    records: list[Paper]
    papers: list[Paper]
    warnings: list[ParseWarning]
    files: list[str]
    formats: dict[str, str] = field(default_factory=dict)  # file -> the format its content was read as

    @property
    def by_id(self) -> dict[str, Paper]:
        return {p.paper_id: p for p in self.papers}


def normalise_abstract(text: str) -> str:
    """The form that identifies an abstract: NFKC, lower case, single spaces."""
    return " ".join(unicodedata.normalize("NFKC", text).lower().split())


def paper_id_for(abstract: str) -> str:
    return hashlib.sha256(normalise_abstract(abstract).encode("utf-8")).hexdigest()[:16]


def _clean(line: str) -> str:
    return line.replace("\u00a0", " ").strip()


def _is_abstract(text: str) -> bool:
    return len(text.split()) >= MIN_ABSTRACT_WORDS


def _links(abstract: str) -> tuple[list[str], list[str]]:
    urls = sorted({u.rstrip(".") for u in URL.findall(abstract)})
    return urls, [u for u in urls if "github.com" in u or "github.io" in u]


class _PageParser:
    """Assembles papers from one file's classified lines."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.records: list[Paper] = []
        self.warnings: list[ParseWarning] = []
        self.pending: list[tuple[int, str]] = []  # short lines seen since the last abstract
        self.after_collaborators = False

    def warn(self, line: int, reason: str) -> None:
        self.warnings.append(ParseWarning(self.name, line, reason))

    def feed(self, lineno: int, raw: str) -> None:
        text = _clean(raw)
        if not text:
            return
        lowered = text.lower()
        if lowered in CHROME_LINES:
            self.after_collaborators = lowered == "collaborating authors"
            return
        if self.after_collaborators and not _is_abstract(text) and "," in text:
            # An arXiv author page names its owner right under "Collaborating Authors".
            self.after_collaborators = False
            return
        self.after_collaborators = False
        if lowered.startswith("subscribe") and len(text) > len("subscribe"):
            # Some pages glue the first title onto the button text ("SubscribeSpeechGPT: ...").
            text = text[len("subscribe") :].strip()
        if _ABSTRACT_PREFIX.match(text):
            self.flush_pending_as_unplaced()
            self.add(lineno, _ABSTRACT_PREFIX.sub("", text), title=None, venue=None)
            return
        if _is_abstract(text):
            self.take_abstract(lineno, text)
            return
        if m := _AUTHORS.match(text):
            self.annotate(lineno, authors=int(m["n"]))
            return
        if text in _SEPARATORS:
            return
        if m := _DATE.match(text):
            self.annotate(
                lineno,
                date=m["date"],
                year=int(m["year"]) if m["year"] else None,
                upvotes=int(m["upvotes"]) if m["upvotes"] else None,
            )
            return
        self.pending.append((lineno, text))

    def take_abstract(self, lineno: int, text: str) -> None:
        title: str | None = None
        venue: str | None = None
        pending = self.pending
        self.pending = []
        if pending and len(pending) >= 2 and _VENUE_HINT.match(pending[-1][1]):
            venue = pending.pop()[1]
        if pending:
            title_line, title = pending.pop()
            if len(title) > MAX_TITLE_CHARS:
                self.warn(title_line, "title line too long; kept the abstract untitled")
                title = None
        for skipped_line, skipped in pending:
            self.warn(skipped_line, f"unrecognised line skipped: {skipped[:60]!r}")
        if len(text) > MAX_ABSTRACT_CHARS:
            self.warn(lineno, f"line of {len(text):,} characters is not an abstract; skipped")
            return
        self.add(lineno, text, title=title, venue=venue)

    def add(self, lineno: int, abstract: str, *, title: str | None, venue: str | None) -> None:
        abstract = abstract.strip()
        if not _is_abstract(abstract):
            self.warn(lineno, "abstract too short; skipped")
            return
        if len(abstract) > MAX_ABSTRACT_CHARS:
            self.warn(lineno, f"line of {len(abstract):,} characters is not an abstract; skipped")
            return
        urls, github = _links(abstract)
        self.records.append(
            Paper(
                paper_id=paper_id_for(abstract),
                abstract=abstract,
                title=title,
                venue=venue,
                urls=urls,
                github=github,
                sources=[Source(self.name, lineno)],
            )
        )

    def annotate(self, lineno: int, **facts: object) -> None:
        """Attach trailing metadata (author count, date) to the paper just read."""
        if not self.records or self.pending:
            # A date before any paper is the page's own date ("Dec 23"), not a title.
            return
        paper = self.records[-1]
        for key, value in facts.items():
            if value is not None and getattr(paper, key) is None:
                setattr(paper, key, value)

    def flush_pending_as_unplaced(self) -> None:
        for lineno, text in self.pending:
            self.warn(lineno, f"unrecognised line skipped: {text[:60]!r}")
        self.pending = []

    def finish(self) -> None:
        self.flush_pending_as_unplaced()


def read_text(path: Path) -> tuple[str | None, str | None]:
    """The file's text, or a reason it cannot be used. Latin-1 is accepted as a fallback."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        return None, f"cannot read: {exc.strerror or exc}"
    if b"\x00" in data[:8192]:
        return None, "binary file (contains NUL bytes)"
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return data.decode("latin-1"), "not UTF-8; decoded as Latin-1"


def parse_text(text: str, name: str) -> tuple[list[Paper], list[ParseWarning]]:
    """Parse one page's text into raw records (one per abstract occurrence)."""
    parser = _PageParser(name)
    for lineno, line in enumerate(text.splitlines(), start=1):
        parser.feed(lineno, line)
    parser.finish()
    return parser.records, parser.warnings


def parse_corpus(root: Path | str) -> ParseResult:
    """Parse every paper file under ``root`` (a directory or one file), in any format :mod:`rag.formats` reads."""
    from rag.formats import parse_path  # rag.formats builds on this module, so it is imported late

    return parse_path(Path(root))


_NAME = r"([A-Z][A-Za-z0-9]*(?:[-+^][A-Za-z0-9]+)*(?:\+\+)?)"
#: "... a framework called DC-CLIP", "we propose CLIP-CID, ...": how abstracts name their own work.
_NAMED_AS = re.compile(r"\b(?:called|named|dubbed|termed|coined)\s+(?:as\s+)?[\"“']?" + _NAME)
#: "... a knowledge distillation method, namely PESF-KD, ...": a singular noun's apposition names it, where a plural's
#: ("three objectives, namely 3C") or a list ("four benchmarks, namely ImageNet-A, ImageNet-R, ...") names other things.
_NAMELY = re.compile(r"\b[a-z]*(?:ss|[a-rt-z]),\s+namely\s+" + _NAME + r"(?![\w+^-]*,\s*[A-Z])")
_WE_PROPOSE = re.compile(
    r"\b(?:we|this (?:paper|work))\s+(?:\w+\s+)?(?:propose|introduce|present|develop|release|design)s?\s+[\"“']?"
    + _NAME
    + r"\b(?![\s-]+[a-z])"
)
#: "we propose an Attribute Graph Clustering method via Learnable Augmentation (AGCLA)": a short form in brackets
#: after what the paper proposes, spelling the initials of its capitalised words, is the name it gives it; so is one
#: whose capitals are some of those initials, in order, from the first ("we construct a Unified Tumor Transformer
#: (UniT) model", "a Multi-Stage Knowledge Integration network (MulKI)").
_PROPOSED_AS_SHORT = re.compile(
    r"\b(?:[Ww]e|[Tt]his (?:paper|work))\s+(?:\w+\s+)?(?:propose|introduce|present|develop|design|construct|build)s?\s+"
    r"(?P<long>[^.;()]{3,120}?)\s*\(" + _NAME + r"\)"
)
#: LaTeX markup arXiv abstracts keep around a name: "(\textbf{AGCLA})"; a superscript in braces: "KD^{3}".
_LATEX_MARKUP = re.compile(r"\\(?:textbf|textit|textsc|texttt|emph|mathrm|mathbf)\{([^{}]*)\}|(?<=\^)\{(\w+)\}")
#: A name given in quotes with its short form after it: 'a novel method dubbed ``Knowledge Distillation between
#: Different Distributions" (KD^{3})' is KD^3 (LaTeX quotes open with two backticks).
_NAMED_AS_QUOTED = re.compile(
    r"\b(?:called|named|dubbed|termed|coined)\s+(?:as\s+)?(?:``|[\"“'])[^\"”'`]{3,120}?(?:''|[\"”'])\s*\("
    + _NAME
    + r"\)"
)
#: Capitalised words that look like names but describe, as hyphens and case removed.
_GENERIC_NAMES = frozenset(
    "multimodal crossmodal retrievalaugmented pretrained selfsupervised largescale stateoftheart zeroshot fewshot "
    "endtoend finetuning finetuned multiview multitask multilingual".split()
)


def _distinctive(name: str) -> bool:
    if re.fullmatch(r"[A-Z]+s", name) or name.replace("-", "").lower() in _GENERIC_NAMES:
        return False  # "LLMs", "Multi-modal"
    return sum(c.isupper() for c in name) >= 2 or any(c.isdigit() for c in name) or "-" in name


def _spells_initials(name: str, initials: str) -> bool:
    """Is ``name`` the initials (any case: "AGCLA"), or are its two or more capitals some of them, in order, from the
    first ("UniT" of Unified Tumor Transformer, "LaMo" of Language Models for Motion Control)?"""
    if initials.lower() == name.lower():
        return True
    capitals = [c for c in name if c.isupper()]
    rest = iter(initials)
    return len(capitals) >= 2 and capitals[0] == initials[0] and all(c in rest for c in capitals)


def method_name(title: str | None, abstract: str) -> str | None:
    """The name an abstract gives its own method, model or dataset, when the title does not carry one.

    Only names the abstract itself introduces ("called X", "we propose X") count, and only when
    the title lacks a "Name: ..." prefix of its own, so a baseline or dataset the paper merely uses
    is not mistaken for its contribution.
    """
    if title and re.match(r"^[^:\s]+(?:\s[^:\s]+)?\s?:", title):
        return None
    # The first name introduced is the paper's: "We introduce Multimodal Attention Merging (MAM) ... we present
    # Learnable-MAM, a data-driven variant" is MAM's paper.
    for sentence in split_sentences(_LATEX_MARKUP.sub(lambda m: m.group(1) or m.group(2), abstract)):
        for pattern in (_NAMED_AS_QUOTED, _NAMED_AS, _NAMELY, _WE_PROPOSE):
            for match in pattern.finditer(sentence):
                name = match.group(1)
                if _distinctive(name) and name.lower() not in (title or "").lower():
                    return name
        for match in _PROPOSED_AS_SHORT.finditer(sentence):
            name = match.group(2)
            # the initials of the capitalised words it follows: a name, where "knowledge distillation (KD)"
            # abbreviates a general term written in lower case
            initials = "".join(word[0] for word in re.findall(r"\b[A-Z][\w-]*", match.group("long")))
            # the object of a preposition is what the method builds on, not the method: "an exact method based on
            # Integer Programming (IP)"
            before_name = re.split(r"\b[A-Z]", match.group("long"), maxsplit=1)[0]
            built_on = re.search(r"\b(?:on|using|via|by|with|from|upon)\s+(?:the\s+|an?\s+)?$", before_name)
            if _distinctive(name) and len(initials) >= 2 and _spells_initials(name, initials) and not built_on:
                return name
    return None


#: Kinds of paper a question may ask for besides its topic (``QueryFilters.kind``); each is read from how the paper
#: describes itself (:func:`paper_kinds`), not from a list of known papers.
PAPER_KINDS = ("survey",)
_OVERVIEW_NOUNS = r"(?:survey|review|overview|book|tutorial|monograph)"
#: A paper speaking of itself as a survey, review or book: "This survey offers ...", "In this survey, we review ...",
#: "we systematically review recent advancements", "we offer a survey of modular architectures", "This open access
#: book provides ...". An overview of its own work ("we provide an overview of our representation framework") or a
#: review of related work before a method is no survey: on the 250 ACLSum papers (none a survey) none is read as one;
#: on the bundled 396, the 13 that hand tests named are, and no other.
_DESCRIBES_ITSELF_AS_OVERVIEW = re.compile(
    rf"\b(?:this|our|the present)\s+(?:\w+\s+){{0,2}}{_OVERVIEW_NOUNS}\b(?![-\w])"
    rf"|\bin\s+this\s+(?:\w+\s+){{0,2}}{_OVERVIEW_NOUNS}\b"
    r"|\bwe\s+(?:\w+ly\s+)?(?:(?:first|then|also|further)\s+)?(?:review|reviewed|survey|surveyed)\b"
    r"(?!\s+(?:the\s+)?(?:related|prior|previous|existing)\s+(?:work|method|approach))"
    r"|\b(?:offers?|presents?|provides?|gives?|conducts?|delivers?)\s+(?:a|an)\s+(?:[\w-]+\s+){0,3}"
    r"(?:survey|review|overview)\b(?!\s+of\s+(?:(?:the\s+)?(?:related|prior|previous|existing|proposed)|our|its|this)\b)",
    re.IGNORECASE,
)
#: A title that opens, or goes on after its colon, with the kind: "A Survey of ...", "...: A Comprehensive Survey",
#: "...: A Review" (not "Movie Review Sentiment ...").
_OVERVIEW_TITLE = re.compile(
    r"(?:^|:\s*)(?:an?\s+(?:[\w-]+\s+){0,2})?(?:survey|review|overview|tutorial)s?\b", re.IGNORECASE
)


def paper_kinds(title: str | None, abstract: str) -> tuple[str, ...]:
    """The kinds of :data:`PAPER_KINDS` a paper is: "survey" when its title names it one ("...: A Survey", "A
    Review") or its abstract speaks of itself as one."""
    survey = bool(title and _OVERVIEW_TITLE.search(title)) or bool(_DESCRIBES_ITSELF_AS_OVERVIEW.search(abstract))
    return ("survey",) if survey else ()

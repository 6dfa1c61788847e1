"""The query model: what a question asks for besides its topic, whoever states it.

Filters reach retrieval three ways: read from the question ("papers dated before 2022"), passed as
``filters=`` by an API caller, or set in the UI. All three become one :class:`QueryFilters`, which
validates them, tests a paper against them, and builds the Chroma ``where`` clause. Parsing a question
removes exactly the words each filter matched (lead-in verbs included: "dated before 2022"), so
what is left is the topical query; there is no global list of question phrasing.

Superlatives over metadata ("the largest author list", "the most recent paper", "the fewest
authors") are an ordering, not a filter: ``sort`` names the field and its direction and ``limit`` how
many top values to list (ties at the last place kept). They are read from the superlative and the field
it modifies, wherever they stand in the question, and pass through ``filters=`` like any filter.

Source pages can be named by file, by the person an author page belongs to ("Ke Liang's author page")
or by their kind ("the Hugging Face daily papers"): :class:`PageCatalogue` reads that from each
page's own furniture lines when the page file is at hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from rag.corpus import PAPER_KINDS
from rag.formats import author_key
from rag.text import FUNCTION_WORDS, NUMBER_WORDS, count_value

MONTH_NAMES = ("January February March April May June July August September October November December").split()
MONTHS = {m[:3].lower(): m[:3] for m in MONTH_NAMES}
_MONTH_ORDER = {m[:3].lower(): i for i, m in enumerate(MONTH_NAMES, start=1)}
#: What a paper lacks when a filter on each field cannot judge it (for the answer's notice).
LACKING = {"year": "no date", "month": "no date", "authors": "no author count", "upvotes": "no upvote count"}
#: Fields a question may rank papers by (``QueryFilters.sort``), and how a value of each reads.
SORT_FIELDS = ("authors", "date", "upvotes")
#: Prefix of ``SearchResult.unjudged`` keys counting papers an ordering could not place.
RANKED = "ranked:"
_Y = r"((?:19|20)\d{2})"
#: Verbs that introduce a date; they belong to the date filter, not to the topic.
_DATED = (
    r"(?:(?:are|were|is|was)\s+)?(?:(?:dated|published|released|written|posted|appeared|came out|appearing)\s+"
    # or the date named as a field: "(which papers) have a publication date of 2021 or earlier"
    r"|(?:(?:have|has|having|with)\s+(?:an?\s+|the\s+)?)?(?:(?:listed|given|recorded)\s+)?"
    r"(?:(?:publication|release|posting|submission)\s+)?dates?\s+(?:of\s+|from\s+)?)?"
)

#: Year phrases, most specific first; each maps its numbers to (min, max).
_YEAR_RULES: list[tuple[re.Pattern[str], Any]] = [
    (
        re.compile(
            rf"\b{_DATED}between\s+{_Y}\s+and\s+{_Y}\b(?:,?\s+(?:both\s+)?inclusive(?:\s+of\s+both(?:\s+years)?)?)?",
            re.I,
        ),
        lambda a, b: (int(a), int(b)),
    ),
    # "from 2023 or 2024": two consecutive years joined are the span they make (others cannot be one range).
    (
        re.compile(rf"\b{_DATED}(?:(?:in|from|of|during)\s+)?(?:either\s+|both\s+)?{_Y}\s+(?:or|and)\s+{_Y}\b", re.I),
        lambda a, b: (min(int(a), int(b)), max(int(a), int(b))) if abs(int(a) - int(b)) == 1 else None,
    ),
    (
        re.compile(rf"\b{_DATED}(?:from\s+)?{_Y}\s*(?:-|–|to|through|until)\s*{_Y}\b", re.I),
        lambda a, b: (int(a), int(b)),
    ),
    (
        re.compile(rf"\b{_DATED}(?:before|earlier than|older than|prior to)\s+{_Y}\b", re.I),
        lambda a: (None, int(a) - 1),
    ),
    (re.compile(rf"\b{_DATED}(?:until|up to|no later than|by)\s+{_Y}\b", re.I), lambda a: (None, int(a))),
    (
        re.compile(rf"\b{_DATED}(?:after|later than|newer than|more recent than)\s+{_Y}\b", re.I),
        lambda a: (int(a) + 1, None),
    ),
    (re.compile(rf"\b{_DATED}(?:since|no earlier than)\s+{_Y}\b", re.I), lambda a: (int(a), None)),
    (re.compile(rf"\b{_DATED}(?:in\s+)?{_Y}\s+(?:or|and)\s+(?:later|after)\b|\b{_Y}\s+onwards?\b", re.I), None),
    (re.compile(rf"\b{_DATED}(?:in\s+)?{_Y}\s+(?:or|and)\s+(?:earlier|before)\b", re.I), lambda a: (None, int(a))),
    (re.compile(rf"\b{_DATED}(?:in|from|of|during)?\s*{_Y}\b", re.I), lambda a: (int(a), int(a))),
]
_MONTH_WORDS = "|".join(MONTH_NAMES + ["Sept"] + [m[:3] for m in MONTH_NAMES])
#: A month, with what says the year does not matter ("in August, whatever the year", "Don't care what year", "in
#: August (any year)").
_MONTH = re.compile(
    rf"\b{_DATED}(?:(?:in|from|during|of)\s+)?(?:an?\s+)?({_MONTH_WORDS})"
    r"\b\.?(?:\s+date)?(?:(?:[,.?;]?\s+|\s*\()(?:whatever|regardless of|of any|in any|any|no matter (?:what|which)|"
    r"(?:i\s+)?(?:don['’]?t|do not) care (?:about\s+)?(?:what|which)?)\s*(?:the\s+)?years?\b\.?\)?)?",
    re.I,
)
#: A span of months: "between June and September 2024", "from Jun to Sep", "June-September"; its year, if any, is left
#: for the year rules.
_MONTH_SPAN = re.compile(
    rf"\b{_DATED}(?:(?:between|from)\s+)?({_MONTH_WORDS})\.?\s*(?:and|to|through|until|-|–)\s*({_MONTH_WORDS})\.?"
    rf"(?:,?\s+({_Y}))?\b",
    re.I,
)
_AUTHORS = re.compile(
    r"\b(?:(?:with|having|has|have|by|written by)\s+)?"
    r"(at least|no fewer than|not fewer than|more than|over|fewer than|less than|under|at most|no more than|"
    rf"exactly|just|only)?\s*(\d+|{'|'.join(NUMBER_WORDS)}|a single|single|a sole|sole)\s*"
    r"(or more|or fewer|or less|\+)?\s+"
    # "written by more than twelve people": a paper's people are its authors.
    r"(?:(?:co-?)?authors?|people|persons|researchers)\b",
    re.I,
)

#: How many papers a superlative asks for; four digits are a year ("Which 2024 papers have the most authors?").
_HOW_MANY = rf"(?:\d{{1,3}}|{'|'.join(NUMBER_WORDS)})"
#: Superlatives: "most"-like words rank the largest value first, "fewest"-like words the smallest. A comparative
#: between papers ("which has the longer author list, A or B?") orders the papers found, each shown with its value.
_MOST = r"(?:most|largest|biggest|longest|greatest|highest|maximum)"
_LEAST = r"(?:fewest|least|smallest|shortest|lowest|minimum)"
_MORE = r"(?:more|larger|bigger|longer|greater|higher)"
_FEWER = r"(?:fewer|less|smaller|shorter|lower)"
#: Count fields as a question names them, each with the field it ranks by.
_COUNT_FIELDS = {
    "authors": r"(?:co-?)?authors?(?:\s+(?:list|lists|count|counts))?|(?:author\s+)?byline",
    "upvotes": r"up-?votes?|votes",
}
_COUNT_SUPERLATIVE = re.compile(
    r"\b(?:(?:that|which)\s+)?(?:(?:with|has|have|having|had|by|carries|lists)\s+)?(?:the\s+)?"
    rf"(?:(?P<most>{_MOST})|(?P<least>{_LEAST})|(?<!\bor\s)(?:(?P<more>{_MORE})|(?P<fewer>{_FEWER})))\s+(?:(?:number|count)\s+of\s+)?"
    rf"(?P<field>{'|'.join(f'(?P<{name}>{words})' for name, words in _COUNT_FIELDS.items())})\b"
    # "more authors than 8" or "than GBT-SAM" compares with a value, and "nine or more authors" is a bound (the
    # authors filter), not an ordering among the papers found
    r"(?!\s+than\b)",
    re.I,
)
_UPVOTED = re.compile(r"\b(?:the\s+)?(?:(?P<most>most|highest)|(?P<least>least|lowest))[-\s]+up-?voted\b", re.I)
#: Date superlatives: only where they describe the paper itself ("the newest paper", "is the latest",
#: "published most recently"), so "the latest methods for X" stays a topic.
_NEWEST = r"most\s+recent(?:ly)?|latest|newest"
_OLDEST = r"earliest|oldest|least\s+recent(?:ly)?"
#: "first" and "last" order by date only after a date verb ("published first"); "the last one" is a
#: position in the previous answer (rag/answer/followup.py), not an ordering.
_NEWEST_VERB, _OLDEST_VERB = rf"{_NEWEST}|last", rf"{_OLDEST}|first"
_DATE_SUPERLATIVE = re.compile(
    rf"\b(?:(?:is|are|was|were)\s+)?(?:the\s+)?(?:(?P<n>{_HOW_MANY})\s+)?"
    # (a hyphen joins the words as a space does: "the earliest-dated paper", "the most recently-published one")
    rf"(?:(?P<new>{_NEWEST})|(?P<old>{_OLDEST}))[-\s]+"
    r"(?:(?:dated|published|released|posted)[-\s]+)?(?:papers?|articles?|works?|preprints?|publications?|ones?|entr(?:y|ies))\b"
    # (the date itself: "the earliest publication date", "the latest release date")
    r"(?:\s+dates?\b)?"
    rf"|\b(?:the\s+)?(?:(?P<new4>{_NEWEST})|(?P<old4>{_OLDEST}))\s+"
    r"(?:(?:publication|release|posting|submission)\s+)?dates?\b"
    rf"|\b(?:(?:dated|published|released|posted|written|appeared)\s+)(?:the\s+)?(?:(?P<new2>{_NEWEST_VERB})|(?P<old2>{_OLDEST_VERB}))\b"
    # "which is newer, FSFM or TAT?": the comparative orders the papers named as the superlative does
    rf"|\b(?:is|are|was|were)\s+(?:the\s+)?(?:(?P<new3>{_NEWEST}|newer)|(?P<old3>{_OLDEST}|older))\b"
    r"(?!\s+\w+\s+(?:of|for|in|on)\b)(?!\s+than\b)",
    re.I,
)
#: The nouns a question names surveys by, with what may go with them: "a literature review", "book-style overviews",
#: "review-type papers".
_SURVEY_NOUN = r"(?:surveys?|reviews?|overviews?|books?|tutorials?)"
_SURVEY_PHRASE = rf"(?:(?:literature|systematic)[-\s]+)?{_SURVEY_NOUN}(?:[-\s]+(?:style|type|like)\b)?"
#: Surveys asked for as a kind of paper: one such noun, or several joined ("surveys, reviews or book-style
#: overviews", "survey / review papers"), with the collection noun they qualify ("survey papers", "overview-style
#: reading"). Not inside a compound ("closed-book", "movie-review").
_SURVEYS = re.compile(
    rf"(?<![\w-])(?P<kinds>{_SURVEY_PHRASE}(?:\s*(?:,|/|\bor\b|\band\b)(?:\s*(?:or|and)\b)?\s*{_SURVEY_PHRASE})*)"
    r"(?P<noun>\s+(?:papers?|articles?|works?|write-?ups?|reading|pieces?|ones|material))?(?![\w-])",
    re.I,
)
#: The words before a lone survey noun that make it the thing asked for ("which surveys", "is there a review of",
#: "are surveys"); after "or" or "to" it is a verb ("which papers benchmark or survey it?").
_NAMES_A_KIND = re.compile(
    r"(?:^|\b(?:a|an|the|any|some|all|these|those|this|that|which|what|are|is|were|was|of|no|other|such|more|there))\s+$",
    re.I,
)
#: After a lone survey noun, a word that is no noun it could qualify: "a survey on ...", "any surveys?", not "a
#: survey questionnaire" or "survey data".
_ENDS_A_KIND = re.compile(rf"\s*(?:$|[^\w\s-]|(?:{'|'.join(sorted(FUNCTION_WORDS))})\b)", re.I)


def _surveys_asked(text: str) -> tuple[bool, str]:
    """Whether ``text`` asks for surveys as a kind of paper, and the text without the words that asked.

    A noun joined to another ("surveys or books") or qualifying a collection noun ("review papers", "overview-style
    reading") asks for the kind; so does one alone after a determiner or a form of "be" and before no noun of its
    own ("is there a survey on ...", "which papers are surveys?"). "an overview of X" alone is the form an answer is
    asked in ("give me an overview of the MoE papers"), not a kind. Once the kind is asked, every other mention
    that is no compound says it again ("... I want overviews rather than new methods")."""
    asked, spans = False, []
    for match in _SURVEYS.finditer(text):
        kinds = re.findall(_SURVEY_NOUN, match.group("kinds"), re.I)
        qualified = (
            bool(match.group("noun"))
            or len(kinds) > 1
            or bool(re.search(r"(?:style|type|like)$", match.group("kinds"), re.I))
            # ("literature reviews on graph neural networks")
            or bool(re.match(r"(?:literature|systematic)", match.group("kinds"), re.I))
        )
        # (a plural qualifies no noun after it: "which surveys cover X", "do any of those surveys deal with X")
        plural = kinds[0].lower().endswith("s")
        ends = plural or bool(_ENDS_A_KIND.match(text, match.end()))
        alone = _NAMES_A_KIND.search(text[: match.start()]) and ends and kinds[0].lower() != "overview"
        if qualified or alone:
            asked = True
        if ends or qualified:
            spans.append(match.span())
    if not asked:
        return False, text
    for start, end in reversed(spans):
        text = f"{text[:start]} {text[end:]}"
    return True, text


#: A paper's date named as a field it has: "(the papers) with a listed date", "that have a publication date", "the
#: dated papers".
_HAS_A_DATE = re.compile(
    r"\b(?:with|having|(?:that|which)\s+(?:have|has))\s+(?:an?\s+|the\s+|their\s+)?"
    r"(?:(?:listed|given|recorded|known|stated)\s+)?(?:(?:publication|release|posting|submission)\s+)?dates?"
    r"(?:\s+(?:listed|given|recorded|on\s+record))?\b"
    r"|\bdated(?=\s+(?:papers?|ones|works?|articles?|entries)\b)",
    re.I,
)
#: Words after an ordering's field saying where its value is written: "the earliest publication date listed".
_ON_RECORD = re.compile(r"\s+(?:listed|given|recorded|shown|stated|on\s+record|in\s+the\s+metadata)\b", re.I)
#: The date an ordering goes by, said beside it: "going by publication date", "judged by release date".
_BY_DATE = re.compile(
    r",?\s*\b(?:(?:going|judging|judged|sorted|ordered|ranked)\s+)?by\s+(?:the\s+|their\s+)?"
    r"(?:(?:publication|release|posting|submission)\s+)?dates?\b",
    re.I,
)
#: "the three papers with the most authors", "the top 5 ...": how many top values to list.
_LIMIT = re.compile(rf"\b(?:the\s+)?(?:top\s+)?(?P<n>{_HOW_MANY})\s+(?:papers?|articles?|works?|ones)\b", re.I)
#: "sorted by date", "ranked by number of authors", "ordered by upvotes (ascending)".
_SORTED_BY = re.compile(
    r"\b(?:sorted|ordered|ranked|sort|order|rank)\s+(?:them\s+)?by\s+(?:(?:the|their)\s+)?(?:(?:number|count)\s+of\s+)?"
    r"(?:(?P<authors>(?:co-?)?authors?(?:\s+count)?)|(?P<date>(?:publication\s+)?date|year|recency)|(?P<upvotes>up-?votes?))"
    r"(?:[,\s]+(?:(?P<asc>ascending|oldest\s+first|fewest\s+first|smallest\s+first)"
    r"|(?P<desc>descending|newest\s+first|most\s+first|largest\s+first)))?",
    re.I,
)


def _number(word: str) -> int:
    if word.lower() in ("a single", "single", "a sole", "sole"):
        return 1
    return count_value(word)


@dataclass(frozen=True)
class Page:
    """A source page as a person would name it: its file, its kind, and whose page it is."""

    file: str
    kind: str | None = None  # "arXiv author page", "Hugging Face daily papers", "arXiv abstract list"
    owner: str | None = None  # "Ke Liang" for an author page


def describe_page(lines: Iterable[str]) -> tuple[str | None, str | None]:
    """(kind, owner) of a scraped listing page, from the furniture lines the sites print."""
    lines = [line.strip() for line in lines if line.strip()]
    lowered = [line.lower() for line in lines]
    if "collaborating authors" in lowered:
        at = lowered.index("collaborating authors")
        owner = lines[at + 1] if at + 1 < len(lines) else ""
        last, _, first = owner.partition(",")  # the page prints "Liang, Ke"
        return "arXiv author page", f"{first.strip()} {last.strip()}".strip() or None
    if any("trending papers" in line or line == "daily papers" for line in lowered):
        return "Hugging Face daily papers", None
    if lowered and all(line.startswith("abstract:") for line in lowered[:3]):
        return "arXiv abstract list", None
    return None, None


class PageCatalogue:
    """Every source file in the index, with the kind and owner its page text shows (when it can be read)."""

    def __init__(self, pages: Iterable[Page]) -> None:
        self.pages = {p.file: p for p in pages}
        self._rules: list[tuple[re.Pattern[str], tuple[str, ...]]] = []
        # "come from", "scraped from", "listed on": how a paper got onto a page belongs to the page phrase.
        verb = r"(?:(?:come|comes|came|scraped|taken|pulled|collected|listed|appear|appears|appeared)\s+)?"
        lead = (
            rf"{verb}(?:(?:among|of|from|on|in)\s+)?(?:the\s+)?(?:papers\s+)?(?:(?:on|from|in|listed on)\s+)?"
            r"(?:the\s+)?"
        )
        page = r"(?:arxiv\s+)?(?:author\s+)?(?:page|listing|profile)s?"
        for file in sorted(self.pages, key=len, reverse=True):
            self._rules.append((re.compile(rf"\b{lead}(?:file\s+)?{re.escape(file)}\b", re.I), (file,)))
        owners: dict[str, list[str]] = {}
        kinds: dict[str, list[str]] = {}
        for p in self.pages.values():
            if p.owner:
                owners.setdefault(p.owner, []).append(p.file)
            if p.kind:
                kinds.setdefault(p.kind, []).append(p.file)
        for owner, files in owners.items():
            first, _, last = owner.rpartition(" ")
            names = [re.escape(owner), rf"{re.escape(last)},?\s+{re.escape(first)}"] if first else [re.escape(owner)]
            name = "(?:" + "|".join(names) + ")"
            # The page's owner names it too: "papers written by Ke Liang", "Ke Liang's papers".
            by = rf"(?:(?:written|authored|co-?authored|published)\s+)?(?:by|from)\s+{name}\b"
            mine = rf"{name}['’]s\s+(?:papers|articles|works?|publications)\b"
            wrote = rf"{name}\s+(?:has\s+|have\s+)?(?:publish|published|wrote|write|written|authored|co-?authored)\b"
            pattern = rf"\b{lead}(?:{name}['’]s\s+{page}|{page}\s+of\s+{name})|\b{by}|\b{mine}|\b{wrote}"
            self._rules.append((re.compile(pattern, re.I), tuple(sorted(files))))
        for kind, files in kinds.items():
            words = r"\s+".join(re.escape(w) for w in kind.split())
            short = {
                "Hugging Face daily papers": r"|(?:hugging\s*face|hf)(?:['’]s)?(?:\s+daily)?\s+(?:papers?|list)",
                "arXiv abstract list": r"|arxiv\s+(?:abstracts?\s+)?(?:listings?|lists?)\b",
            }.get(kind, "")
            pattern = rf"\b{lead}(?:{words}{short})(?:\s+(?:page|listing)s?)?"
            self._rules.append((re.compile(pattern, re.I), tuple(sorted(files))))

    @classmethod
    def from_files(cls, files: Iterable[str], roots: Iterable[Path]) -> PageCatalogue:
        """Pages for the index's source files; a file found under one of ``roots`` is read for its kind."""
        roots = [Path(r) for r in roots]
        pages = []
        for file in files:
            kind = owner = None
            for root in roots:
                path = root if root.name == file else root / file
                if path.is_file():
                    with path.open(encoding="utf-8", errors="replace") as f:
                        kind, owner = describe_page(line for _, line in zip(range(40), f, strict=False))
                    break
            pages.append(Page(file, kind, owner))
        return cls(pages)

    def find(self, text: str) -> tuple[tuple[str, ...], tuple[int, int]] | None:
        """The files a text's source phrase names, and that phrase's span."""
        for pattern, files in self._rules:
            if m := pattern.search(text):
                return files, m.span()
        return None


@dataclass(frozen=True)
class QueryFilters:
    """Structured conditions on papers; ``None``/empty means "any"."""

    year_min: int | None = None
    year_max: int | None = None
    month: str | None = None  # "Dec": a month whatever the year
    months: tuple[str, ...] = ()  # ("Jun", "Jul", "Aug", "Sep"): any of these months ("between June and September")
    authors_min: int | None = None
    authors_max: int | None = None
    sources: tuple[str, ...] = ()  # page files; a paper on any of them matches
    author: str | None = None  # a last name, as formats.author_key reads it
    category: str | None = None
    kind: str | None = None  # one of rag.corpus.PAPER_KINDS ("survey"), read from each paper's own words
    paper_ids: tuple[str, ...] = ()
    #: An ordering, not a filter: a field of :data:`SORT_FIELDS`, "-" first for largest / newest first.
    sort: str | None = None
    #: How many top values an ordering lists (ties at the last place kept); ``None`` lists every paper.
    limit: int | None = None

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any] | QueryFilters | None) -> QueryFilters:
        """Validate an API/UI filter dict (``year``, ``year_min``, ``year_max``, ``month``, ``authors``,
        ``authors_min``, ``authors_max``, ``source``/``sources``, ``author``, ``category``, ``kind``, ``paper_ids``,
        and the ordering ``sort`` ("-authors", "date", "newest", ...) with ``limit``)."""
        if isinstance(raw, QueryFilters):
            return raw
        d = {k: v for k, v in (raw or {}).items() if v not in (None, "", [], ())}
        known = {f.name for f in fields(cls)} | {"year", "authors", "source"}
        if unknown := sorted(set(d) - known):
            raise ValueError(f"unknown filter(s) {unknown}; known: {sorted(known)}")
        out: dict[str, Any] = {}
        for name in ("year_min", "year_max", "authors_min", "authors_max"):
            if name in d:
                out[name] = _int(d[name], name)
        if "year" in d:
            out["year_min"] = out["year_max"] = _int(d["year"], "year")
        if "authors" in d:
            out["authors_min"] = out["authors_max"] = _int(d["authors"], "authors")
        if "month" in d:
            out["month"] = _month(d["month"])
        if "months" in d:
            months = d["months"].split(",") if isinstance(d["months"], str) else d["months"]
            out["months"] = tuple(_month(m.strip() if isinstance(m, str) else m) for m in months)
        sources = d.get("sources", d.get("source", ()))
        out["sources"] = (sources,) if isinstance(sources, str) else tuple(str(s) for s in sources)
        out["paper_ids"] = tuple(str(p) for p in d.get("paper_ids", ()))
        for name in ("author", "category"):
            if name in d:
                out[name] = str(d[name])
        if "kind" in d:
            if d["kind"] not in PAPER_KINDS:
                raise ValueError(f"filter 'kind' must be one of {list(PAPER_KINDS)}, not {d['kind']!r}")
            out["kind"] = d["kind"]
        if "sort" in d:
            out["sort"] = _sort(d["sort"])
        if "limit" in d:
            out["limit"] = _int(d["limit"], "limit")
            if out["limit"] < 1:
                raise ValueError(f"filter 'limit' must be 1 or more, not {d['limit']!r}")
        return cls(**out)

    def to_dict(self) -> dict[str, Any]:
        """The canonical dict form (what ``QueryPlan.filters`` shows): equal bounds read as one value."""
        out: dict[str, Any] = {}
        for kind in ("year", "authors"):
            low, high = getattr(self, f"{kind}_min"), getattr(self, f"{kind}_max")
            if low is not None and low == high:
                out[kind] = low
            else:
                out.update({k: v for k, v in ((f"{kind}_min", low), (f"{kind}_max", high)) if v is not None})
        if self.sources:
            out["source"] = self.sources[0] if len(self.sources) == 1 else list(self.sources)
        out.update(
            {
                k: v
                for k, v in (
                    ("month", self.month),
                    ("author", self.author),
                    ("category", self.category),
                    ("kind", self.kind),
                )
                if v
            }
        )
        if self.months:
            out["months"] = list(self.months)
        if self.paper_ids:
            out["paper_ids"] = list(self.paper_ids)
        out.update({k: v for k, v in (("sort", self.sort), ("limit", self.limit)) if v is not None})
        return out

    @property
    def sort_field(self) -> str | None:
        """The field an ordering ranks by ("authors", "date", "upvotes"), without its direction."""
        return self.sort.lstrip("-") if self.sort else None

    def rank(self, papers: Iterable[tuple[str, Mapping[str, Any]]]) -> tuple[list[str], list[str]]:
        """(paper ids in this ordering, up to ``limit`` places with ties; ids lacking the field): :func:`ranked`."""
        if not self.sort:
            raise ValueError("no ordering to rank by")
        return ranked(papers, self.sort, self.limit)

    def describe(self, meta: Mapping[str, Any]) -> str:
        """A paper's value of this ordering's field as an answer shows it ("25 authors"), or "" if it lacks it."""
        field = self.sort_field
        return describe_value(meta, field) if field and sort_value(meta, field) is not None else ""

    @property
    def ranked_key(self) -> str:
        """The ``SearchResult.unjudged`` key counting the papers this ordering could not place."""
        return f"{RANKED}{self.sort_field}"

    @property
    def unordered(self) -> QueryFilters:
        """The filters alone: what a paper must pass, whatever the ordering."""
        return replace(self, sort=None, limit=None)

    def __bool__(self) -> bool:
        return bool(self.to_dict())

    def merged(self, other: QueryFilters) -> QueryFilters:
        """``self`` with the conditions ``other`` sets and ``self`` leaves open (explicit filters win)."""
        return replace(
            self,
            **{
                f.name: getattr(other, f.name)
                for f in fields(self)
                if getattr(self, f.name) in (None, ()) and getattr(other, f.name) not in (None, ())
            },
        )

    @property
    def judged(self) -> list[str]:
        """The metadata fields these filters test that a paper may lack."""
        active = {
            "year": self.year_min is not None or self.year_max is not None,
            "month": bool(self.month or self.months),
            "authors": self.authors_min is not None or self.authors_max is not None,
        }
        return [name for name, on in active.items() if on]

    def shown(self, meta: Mapping[str, Any]) -> str:
        """What an answer shows beside a paper these filters kept: its value of each field they test ("dated Aug
        14, 2023", "3 authors"), else of the ordering's field. A list of papers "published in 2023" is otherwise
        a list of titles and quotes, none of which says 2023: the date is the evidence for the claim."""
        if self.sort:
            return self.describe(meta)
        shown = []
        if {"year", "month"} & set(self.judged) and (date := meta.get("date") or meta.get("year")):
            shown.append(f"dated {date}")  # "Dec 16" where the page gave no year
        if "authors" in self.judged and sort_value(meta, "authors") is not None:
            shown.append(describe_value(meta, "authors"))
        return ", ".join(shown)

    def matches(self, paper_id: str, meta: Mapping[str, Any]) -> bool:
        if self.paper_ids and paper_id not in self.paper_ids:
            return False
        if not _within(meta.get("year"), self.year_min, self.year_max):
            return False
        if not _within(meta.get("authors"), self.authors_min, self.authors_max):
            return False
        if self.month and meta.get("month") != self.month:
            return False
        if self.months and meta.get("month") not in self.months:
            return False
        if self.sources and not any(meta.get(f"src:{s}") for s in self.sources):
            return False
        if self.author and author_key(self.author) not in {
            key for name in str(meta.get("author_names", "")).split("; ") if name and (key := author_key(name))
        }:  # the paper's own names, not ``author:`` keys: those are no longer written (rag/rows.py)
            return False
        if self.kind and self.kind not in str(meta.get("kind", "")).split():
            return False  # (the paper table writes a paper's kinds into the metadata it shows: rag/papers.py)
        return not (self.category and not meta.get(f"cat:{self.category}"))

    def where(self) -> dict[str, Any] | None:
        """The Chroma ``where`` clause for passages (paper ids included) and papers (without them)."""
        clauses: list[dict[str, Any]] = []
        for name in ("year", "authors"):
            low, high = getattr(self, f"{name}_min"), getattr(self, f"{name}_max")
            if low is not None and low == high:
                clauses.append({name: low})
            else:
                clauses += [{name: {op: v}} for op, v in (("$gte", low), ("$lte", high)) if v is not None]
        if self.month:
            clauses.append({"month": self.month})
        if self.months:
            clauses.append({"month": {"$in": list(self.months)}})
        if self.sources:
            either = [{f"src:{s}": True} for s in self.sources]
            clauses.append(either[0] if len(either) == 1 else {"$or": either})
        # No author or kind clause: neither is Chroma metadata (rag/rows.py; a paper's kinds are read when the paper
        # table is built); the retriever narrows by the paper table's postings (as ``paper_ids``) instead.
        if self.category:
            clauses.append({f"cat:{self.category}": True})
        if self.paper_ids:
            clauses.append({"paper_id": {"$in": list(self.paper_ids)}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def parse_filters(question: str, pages: PageCatalogue | None, dated: bool = True) -> tuple[QueryFilters, str]:
    """The filters a question states, and the question without the words that stated them.

    ``dated``: whether any paper has a year; if none has, a year in the question is topic, not filter.
    """
    text, found = question, {}
    text = _parse_order(text, found)
    if pages and (named := pages.find(text)):
        found["sources"], (start, end) = named
        text = f"{text[:start]} {text[end:]}"
    # Months before years: "sept 2024" is a month by its year, which the year rule would take away first. A span of
    # months first: "between June and September 2024" is every month from the one to the other.
    span = _MONTH_SPAN.search(text)
    if span and span.group(1).islower() and not re.search(r"\b(?:between|from)\s", span.group(0), re.I):
        span = None  # "models may and june ...": lower-case months read as months only after "between" or "from"
    if span:
        first, last = (_MONTH_ORDER[name[:3].lower()] for name in span.group(1, 2))
        order = [*range(first, 13), *range(1, first)]  # (from November to February runs over the year's end)
        found["months"] = tuple(MONTHS[MONTH_NAMES[i - 1][:3].lower()] for i in order[: order.index(last) + 1])
        text = f"{text[: span.start()]} {span.group(3) or ''} {text[span.end() :]}"
    for m in _MONTH.finditer(text if "months" not in found else ""):
        name = m.group(1)
        # "May", and any month written in lower case ("papers that march on"), is a month only where dates go:
        # after "in/of/from/during", before a year, or naming papers ("november papers").
        context = rf"\b(?:in|of|from|during)\s+{name}\b|\b{name}\.?\s+(?:\d{{4}}|papers?)\b"
        spelled_as_month = re.search(context, text[max(m.start() - 8, 0) : m.end() + 8], re.I)
        if (name.lower() == "may" or name.islower()) and not spelled_as_month:
            continue
        found["month"] = MONTHS[name[:3].lower()]
        text = f"{text[: m.start()]} {text[m.end() :]}"
        break
    for pattern, bounds in _YEAR_RULES if dated else []:
        if m := pattern.search(text):
            if _names_an_event(text, m):
                continue
            years = [g for g in m.groups() if g]
            span = bounds(*years) if bounds else (int(years[0]), None)
            if span is None:
                continue
            found["year_min"], found["year_max"] = span
            text = f"{text[: m.start()]} {text[m.end() :]}"
            break
    if {"year_min", "year_max", "month", "months"} & found.keys():
        # the field a date filter reads, named apart from it: "which of the papers with a listed date came out before
        # 2022?" asks the dated papers, as the filter does
        text = _HAS_A_DATE.sub(" ", text)
    if m := _AUTHORS.search(text):
        n = _number(m.group(2))
        qualifier = (m.group(1) or m.group(3) or "").lower()
        found["authors_min"], found["authors_max"] = {
            "at least": (n, None),
            "no fewer than": (n, None),
            "not fewer than": (n, None),
            "or more": (n, None),
            "+": (n, None),
            "more than": (n + 1, None),
            "over": (n + 1, None),
            "fewer than": (None, n - 1),
            "less than": (None, n - 1),
            "under": (None, n - 1),
            "at most": (None, n),
            "no more than": (None, n),
            "or fewer": (None, n),
            "or less": (None, n),
        }.get(qualifier, (n, n))
        text = f"{text[: m.start()]} {text[m.end() :]}"
    surveys, text = _surveys_asked(text)
    if surveys:
        found["kind"] = "survey"
    # "Among the papers from X's page, which ones ...?" leaves ", which ones ...?": the question starts after the comma
    return QueryFilters(**found), re.sub(r"^[\s,;:\u2013\u2014-]+", "", " ".join(text.split()))


def _names_an_event(text: str, match: re.Match[str]) -> bool:
    """Is a bare year (no "in", "from", "published") part of a name beside it: "AIME 2024", "the 2021 Language
    and Intelligence Challenge"? Such a year says which contest or benchmark, not when a paper is dated."""
    if match.group(0).strip() != match.group(match.lastindex or 0):
        return False
    before = re.search(r"([\w-]+)\s*$", text[: match.start()])
    after = re.match(r"\s+([\w-]+)", text[match.end() :])
    # The question's first word is capitalised whatever it is: "Papers 2023 about CLIP" names nothing.
    named_before = before is not None and before.start() > 0 and before.group(1)[0].isupper()
    return named_before or (after is not None and after.group(1)[0].isupper())


def _parse_order(text: str, found: dict[str, Any]) -> str:
    """Read a superlative ordering (and its count, "the three newest papers") into ``found``; return the
    text without the words that stated it."""
    sort, span, n = None, None, None
    if m := _COUNT_SUPERLATIVE.search(text):
        field = next(name for name in _COUNT_FIELDS if m.group(name))
        sort, span = ("-" if m.group("most") or m.group("more") else "") + field, m.span()
        if m.group("more") or m.group("fewer"):  # a comparative: every paper found, in that order
            found["sort"] = sort
            return f"{text[: span[0]]} {text[span[1] :]}"
    elif m := _UPVOTED.search(text):
        sort, span = ("-" if m.group("most") else "") + "upvotes", m.span()
    elif m := _DATE_SUPERLATIVE.search(text):
        newest = m.group("new") or m.group("new2") or m.group("new3") or m.group("new4")
        sort, span, n = ("-date" if newest else "date"), m.span(), m.group("n")
    elif m := _SORTED_BY.search(text):
        field = next(name for name in SORT_FIELDS if m.group(name))
        sort, span = ("" if m.group("asc") else "-") + field, m.span()
        found["sort"] = sort
        return f"{text[: span[0]]} {text[span[1] :]}"  # "sorted by" lists every paper, in that order
    if sort is None or span is None:
        return text
    found["sort"] = sort
    # where the value stands is no topic either: "the earliest publication date listed", "the most authors given"
    after = _ON_RECORD.match(text, span[1])
    text = f"{text[: span[0]]} {text[after.end() if after else span[1] :]}"
    if sort.lstrip("-") == "date":  # "the oldest paper, going by publication date": the key the ordering names
        text = _BY_DATE.sub(" ", text)
    elif sort.lstrip("-") in _COUNT_FIELDS:
        # "Among papers that list an author count, which one has the most authors?": the key named again
        text = re.sub(rf"\b(?:an?|the|their|its)\s+(?:{_COUNT_FIELDS[sort.lstrip('-')]})\b", " ", text, flags=re.I)
    if n is None and (count := _LIMIT.search(text)):
        n, text = count.group("n"), f"{text[: count.start()]} papers {text[count.end() :]}"
    # A superlative names the top: one value (ties kept) unless the question asks for more.
    found["limit"] = _number(n) if n else 1
    return text


def _sort(value: Any) -> str:
    """An API ``sort`` value as the canonical field with direction ("newest" -> "-date")."""
    words = {
        **{"newest": "-date", "latest": "-date", "oldest": "date", "earliest": "date"},
        # a leading "-" reads as an option on a command line: these say the same in words
        **{"most-authors": "-authors", "fewest-authors": "authors", "most-upvotes": "-upvotes"},
    }
    raw = str(value).strip().lower()
    canonical = words.get(raw, raw)
    if canonical.lstrip("-") not in SORT_FIELDS:
        raise ValueError(
            f"filter 'sort' must be one of {[*SORT_FIELDS, *(f'-{f}' for f in SORT_FIELDS), *words]}, not {value!r}"
        )
    return canonical


def sort_value(meta: Mapping[str, Any], field: str) -> tuple[int, ...] | None:
    """A paper's value for an ordering field, comparable across papers; ``None`` when it lacks it.

    A date ranks by (year, month, day); a date without a year cannot be placed, so it counts as lacking.
    """
    if field == "date":
        year = meta.get("year")
        if year is None:
            return None
        parts = str(meta.get("date") or "").replace(",", " ").split()
        month = _MONTH_ORDER.get(parts[0][:3].lower(), 0) if parts else 0
        day = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
        return (int(year), month, day)
    value = meta.get(field)
    return None if value is None else (int(value),)


def describe_value(meta: Mapping[str, Any], field: str) -> str:
    """How a paper's value of an ordering field reads in an answer: "25 authors", "dated Apr 27, 2024"."""
    if field == "date":
        return f"dated {meta.get('date') or meta.get('year')}"
    value = int(meta[field])
    return f"{value} {field}" if value != 1 else f"1 {field.rstrip('s')}"


def ranked(
    papers: Iterable[tuple[str, Mapping[str, Any]]], sort: str, limit: int | None = None
) -> tuple[list[str], list[str]]:
    """Paper ids in ``sort`` order (ties by id, for a stable order), and the ids lacking the field.

    With ``limit``, only the papers holding the top ``limit`` places, and any tied with the last of them.
    """
    field, descending = sort.lstrip("-"), sort.startswith("-")
    valued, lacking = [], []
    for pid, meta in papers:
        value = sort_value(meta, field)
        if value is None:
            lacking.append(pid)
        else:
            valued.append((value, pid))
    valued.sort(key=lambda v: v[1])
    valued.sort(key=lambda v: v[0], reverse=descending)
    if limit is not None and len(valued) > limit:
        last = valued[limit - 1][0]
        valued = valued[:limit] + [v for v in valued[limit:] if v[0] == last]
    return [pid for _, pid in valued], lacking


def unjudged_notice(name: str, n: int) -> str:
    """The answer's notice for ``n`` papers a filter (or, for a ``ranked:`` key, an ordering) could not judge."""
    if name.startswith(RANKED):
        field = name[len(RANKED) :]
        lacking = LACKING.get(field, LACKING["year"] if field == "date" else f"no {field}")
        by = {"authors": "author count", "upvotes": "upvote count"}.get(field, field)
        return f"{_papers(n)} {lacking}, so {'it' if n == 1 else 'they'} could not be ranked by {by}."
    them = "it" if n == 1 else "them"
    return f"{_papers(n)} {LACKING.get(name, f'no {name}')}, so the {name} filter could not judge {them}."


def _papers(n: int) -> str:
    return "1 paper has" if n == 1 else f"{n} papers have"


def _within(value: Any, low: int | None, high: int | None) -> bool:
    if low is None and high is None:
        return True
    if value is None:
        return False
    return (low is None or value >= low) and (high is None or value <= high)


def _int(value: Any, name: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValueError(f"filter {name!r} must be a whole number, not {value!r}") from None


def _month(value: Any) -> str:
    if isinstance(value, int) or str(value).isdigit():
        if not 1 <= int(value) <= 12:
            raise ValueError(f"filter 'month' must be 1-12 or a month name, not {value!r}")
        return MONTH_NAMES[int(value) - 1][:3]
    key = str(value).strip()[:3].lower()
    if key not in MONTHS:
        raise ValueError(f"filter 'month' must be 1-12 or a month name, not {value!r}")
    return MONTHS[key]


__all__ = [
    "LACKING",
    "MONTHS",
    "RANKED",
    "SORT_FIELDS",
    "Page",
    "PageCatalogue",
    "QueryFilters",
    "describe_page",
    "describe_value",
    "parse_filters",
    "ranked",
    "sort_value",
    "unjudged_notice",
]

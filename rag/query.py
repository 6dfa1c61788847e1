"""The query model: what a question asks for besides its topic, whoever states it.

Filters reach retrieval three ways: read from the question ("papers dated before 2022"), passed as
``filters=`` by an API caller, or set in the UI. All three become one :class:`QueryFilters`, which
validates them, tests a paper against them, and builds the Chroma ``where`` clause. Parsing a question
removes exactly the words each filter matched (lead-in verbs included: "dated before 2022"), so
what is left is the topical query; there is no global list of question phrasing.

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

from rag.formats import author_key

MONTH_NAMES = ("January February March April May June July August September October November December").split()
MONTHS = {m[:3].lower(): m[:3] for m in MONTH_NAMES}
#: What a paper lacks when a filter on each field cannot judge it (for the answer's notice).
LACKING = {"year": "no date", "month": "no date", "authors": "no author count"}
_NUMBERS = "zero one two three four five six seven eight nine ten eleven twelve".split()
_NUMBER = rf"(\d+|{'|'.join(_NUMBERS)})"
_Y = r"((?:19|20)\d{2})"
#: Verbs that introduce a date; they belong to the date filter, not to the topic.
_DATED = r"(?:(?:are|were|is|was)\s+)?(?:(?:dated|published|released|written|posted|appeared|came out|appearing)\s+)?"

#: Year phrases, most specific first; each maps its numbers to (min, max).
_YEAR_RULES: list[tuple[re.Pattern[str], Any]] = [
    (re.compile(rf"\b{_DATED}between\s+{_Y}\s+and\s+{_Y}\b", re.I), lambda a, b: (int(a), int(b))),
    (
        re.compile(rf"\b{_DATED}(?:from\s+)?{_Y}\s*(?:-|–|to|through|until)\s*{_Y}\b", re.I),
        lambda a, b: (int(a), int(b)),
    ),
    (re.compile(rf"\b{_DATED}(?:before|earlier than|prior to)\s+{_Y}\b", re.I), lambda a: (None, int(a) - 1)),
    (re.compile(rf"\b{_DATED}(?:until|up to|no later than|by)\s+{_Y}\b", re.I), lambda a: (None, int(a))),
    (re.compile(rf"\b{_DATED}(?:after|later than)\s+{_Y}\b", re.I), lambda a: (int(a) + 1, None)),
    (re.compile(rf"\b{_DATED}(?:since|no earlier than)\s+{_Y}\b", re.I), lambda a: (int(a), None)),
    (re.compile(rf"\b{_DATED}(?:in\s+)?{_Y}\s+(?:or|and)\s+(?:later|after)\b|\b{_Y}\s+onwards?\b", re.I), None),
    (re.compile(rf"\b{_DATED}(?:in\s+)?{_Y}\s+(?:or|and)\s+(?:earlier|before)\b", re.I), lambda a: (None, int(a))),
    (re.compile(rf"\b{_DATED}(?:in|from|of|during)?\s*{_Y}\b", re.I), lambda a: (int(a), int(a))),
]
_MONTH_WORDS = "|".join(MONTH_NAMES + [m[:3] for m in MONTH_NAMES])
_MONTH = re.compile(
    rf"\b{_DATED}(?:(?:in|from|during|of)\s+)?(?:an?\s+)?({_MONTH_WORDS})"
    r"\b(?:\s+date)?(?:,?\s+(?:whatever|regardless of|of any|in any|any)\s+(?:the\s+)?year)?"
)
_AUTHORS = re.compile(
    r"\b(?:(?:with|having|has|have|by|written by)\s+)?"
    r"(at least|no fewer than|not fewer than|more than|over|fewer than|less than|under|at most|no more than|"
    rf"exactly|just|only)?\s*{_NUMBER}\s*(or more|or fewer|or less|\+)?\s+(?:co-?)?authors\b",
    re.I,
)


def _number(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS.index(word.lower())


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
        lead = r"(?:(?:among|of|from|on|in)\s+)?(?:the\s+)?(?:papers\s+)?(?:(?:on|from|in|listed on)\s+)?(?:the\s+)?"
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
            pattern = rf"\b{lead}(?:{name}['’]s\s+{page}|{page}\s+of\s+{name})"
            self._rules.append((re.compile(pattern, re.I), tuple(sorted(files))))
        for kind, files in kinds.items():
            words = r"\s+".join(re.escape(w) for w in kind.split())
            short = {"Hugging Face daily papers": r"|(?:hugging\s*face|hf)(?:['’]s)?(?:\s+daily)?\s+papers?"}.get(
                kind, ""
            )
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
    authors_min: int | None = None
    authors_max: int | None = None
    sources: tuple[str, ...] = ()  # page files; a paper on any of them matches
    author: str | None = None  # a last name, as formats.author_key reads it
    category: str | None = None
    paper_ids: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, raw: Mapping[str, Any] | QueryFilters | None) -> QueryFilters:
        """Validate an API/UI filter dict (``year``, ``year_min``, ``year_max``, ``month``, ``authors``,
        ``authors_min``, ``authors_max``, ``source``/``sources``, ``author``, ``category``, ``paper_ids``)."""
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
        sources = d.get("sources", d.get("source", ()))
        out["sources"] = (sources,) if isinstance(sources, str) else tuple(str(s) for s in sources)
        out["paper_ids"] = tuple(str(p) for p in d.get("paper_ids", ()))
        for name in ("author", "category"):
            if name in d:
                out[name] = str(d[name])
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
            {k: v for k, v in (("month", self.month), ("author", self.author), ("category", self.category)) if v}
        )
        if self.paper_ids:
            out["paper_ids"] = list(self.paper_ids)
        return out

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
            "month": bool(self.month),
            "authors": self.authors_min is not None or self.authors_max is not None,
        }
        return [name for name, on in active.items() if on]

    def matches(self, paper_id: str, meta: Mapping[str, Any]) -> bool:
        if self.paper_ids and paper_id not in self.paper_ids:
            return False
        if not _within(meta.get("year"), self.year_min, self.year_max):
            return False
        if not _within(meta.get("authors"), self.authors_min, self.authors_max):
            return False
        if self.month and meta.get("month") != self.month:
            return False
        if self.sources and not any(meta.get(f"src:{s}") for s in self.sources):
            return False
        if self.author and author_key(self.author) not in {
            author_key(name) for name in str(meta.get("author_names", "")).split("; ")
        }:  # the paper's own names, not ``author:`` keys: those are no longer written (rag/rows.py)
            return False
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
        if self.sources:
            either = [{f"src:{s}": True} for s in self.sources]
            clauses.append(either[0] if len(either) == 1 else {"$or": either})
        # No author clause: authors are not Chroma metadata (rag/rows.py); the retriever narrows by the
        # paper table's author index (as ``paper_ids``) instead.
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
    if pages and (named := pages.find(text)):
        found["sources"], (start, end) = named
        text = f"{text[:start]} {text[end:]}"
    for pattern, bounds in _YEAR_RULES if dated else []:
        if m := pattern.search(text):
            years = [g for g in m.groups() if g]
            found["year_min"], found["year_max"] = bounds(*years) if bounds else (int(years[0]), None)
            text = f"{text[: m.start()]} {text[m.end() :]}"
            break
    for m in _MONTH.finditer(text):
        name = m.group(1)
        if name == "May" and not re.search(r"\b(?:in|of|from|during)\s+May\b|\bMay\s+\d{4}\b", m.group(0)):
            continue  # "papers that May..." at a sentence start is the verb
        found["month"] = MONTHS[name[:3].lower()]
        text = f"{text[: m.start()]} {text[m.end() :]}"
        break
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
    return QueryFilters(**found), " ".join(text.split())


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


__all__ = ["LACKING", "MONTHS", "Page", "PageCatalogue", "QueryFilters", "describe_page", "parse_filters"]

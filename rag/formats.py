"""Read paper files in the formats researchers already have, detected by content rather than extension.

* BibTeX (Zotero, Mendeley and JabRef exports) with ``abstract`` fields, parsed by ``bibtexparser`` 2.x
  with its LaTeX decoding, so braces, accents and escapes come out as plain text;
* arXiv metadata records as JSON lines (the schema of the public arXiv metadata snapshot);
* JSON lines, a JSON array, or CSV with ``title`` and ``abstract`` columns and optional ``authors``,
  ``year``, ``url``, ``doi`` and ``arxiv_id``;
* anything else goes to the listing-page parser of :mod:`rag.corpus` (five page layouts).

Every reader yields :class:`Paper` records with a ``Source`` naming the file and the line the record
starts on, and :class:`ParseWarning` for what it skipped. :func:`merge_records` then folds copies of
one paper together: same normalised abstract, or same DOI or arXiv id.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from rag.corpus import MAX_ABSTRACT_CHARS, Paper, ParseResult, ParseWarning, Source, paper_id_for, parse_text, read_text
from rag.text import URL

#: Extensions a folder walk picks up; the parser is then chosen by the file's content.
EXTENSIONS = frozenset({".txt", ".bib", ".bibtex", ".json", ".jsonl", ".ndjson", ".csv", ".tsv"})
#: A labelled abstract is trusted as one, but "N/A" or "TBD" is not an abstract.
MIN_LABELLED_ABSTRACT_WORDS = 5
_BIBTEX_ENTRY = re.compile(r"^\s*@\s*[A-Za-z]+\s*[{(]", re.MULTILINE)
_ARXIV_KEYS = frozenset({"authors_parsed", "versions", "categories", "update_date", "journal-ref"})
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})

Reader = Callable[[str, str], tuple[list[Paper], list[ParseWarning]]]


# ------------------------------------------------------------------ normalisers
def normalise_doi(value: object) -> str | None:
    """``https://doi.org/10.1/ABC`` and ``doi:10.1/abc`` are one DOI: ``10.1/abc`` (DOIs ignore case)."""
    text = str(value or "").strip().lower()
    text = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", text)
    return text if text.startswith("10.") else None


def normalise_arxiv_id(value: object) -> str | None:
    """``arXiv:2301.01234v2`` and ``https://arxiv.org/abs/2301.01234`` are one paper: ``2301.01234``."""
    text = str(value or "").strip()
    text = re.sub(r"^(?:https?://arxiv\.org/(?:abs|pdf)/|arxiv:\s*)", "", text, flags=re.IGNORECASE)
    text = re.sub(r"(?:v\d+)?(?:\.pdf)?$", "", text)
    return text if re.fullmatch(r"\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?/\d{7}", text) else None


def _fold(text: str) -> str:
    """Lower case without accents: "Schölkopf" and "Scholkopf" must match."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def author_key(name: str) -> str:
    """The last word of an author's family name, folded: the key ``author:<key>`` metadata is filtered by.

    "Geoffrey E. Hinton", "Hinton, Geoffrey" and "Hinton" give "hinton"; "Laurens van der Maaten" gives "maaten".
    """
    family = name.split(",", 1)[0] if "," in name else name
    words = [w for w in family.split() if w.lower() not in _NAME_SUFFIXES]
    last = words[-1] if words else ""
    return re.sub(r"[^\w-]", "", _fold(last))


def split_authors(value: object) -> list[str]:
    """Author names from a list or a string ("A; B", "A and B", or "A, B"), as "First Last"."""
    if isinstance(value, list):
        names = [str(v) for v in value]
    else:
        text = str(value or "")
        if ";" in text:
            names = text.split(";")
        elif re.search(r"\sand\s", text):
            names = re.split(r"\s+and\s+", text)
            if not all(name.count(",") == 1 for name in names):  # "A, B and C", not BibTeX's "Last, First and"
                names = re.split(r",?\s+and\s+|,\s*", text)
        else:
            names = text.split(",")
    out = []
    for name in names:
        name = " ".join(name.split())
        if name.count(",") == 1:  # "Hinton, Geoffrey" -> "Geoffrey Hinton"
            family, given = (part.strip() for part in name.split(","))
            name = f"{given} {family}".strip()
        if name:
            out.append(name)
    return out


def _year(value: object) -> int | None:
    match = re.search(r"\b(1[89]\d\d|20\d\d)\b", str(value or ""))
    return int(match.group(1)) if match else None


def _one_line(value: object) -> str:
    return " ".join(str(value or "").split())


# ------------------------------------------------------------------ records
def make_record(name: str, line: int, fields: dict[str, Any]) -> tuple[Paper | None, ParseWarning | None]:
    """One paper from labelled fields (title, abstract, authors, year, date, url, doi, arxiv_id, ...)."""
    abstract = _one_line(fields.get("abstract"))
    label = f" ({_one_line(fields['title'])[:60]!r})" if fields.get("title") else ""
    if len(abstract.split()) < MIN_LABELLED_ABSTRACT_WORDS:
        reason = "no abstract" if not abstract else f"abstract of {len(abstract.split())} words is too short"
        return None, ParseWarning(name, line, f"{reason}{label}; skipped")
    if len(abstract) > MAX_ABSTRACT_CHARS:
        return None, ParseWarning(name, line, f"abstract of {len(abstract):,} characters is too long; skipped")
    doi = normalise_doi(fields.get("doi"))
    arxiv_id = normalise_arxiv_id(fields.get("arxiv_id"))
    links = {u.rstrip(".") for u in URL.findall(abstract)}
    if url := _one_line(fields.get("url")):
        links.add(url)
    if doi:
        links.add(f"https://doi.org/{doi}")
    if arxiv_id:
        links.add(f"https://arxiv.org/abs/{arxiv_id}")
    names = split_authors(fields.get("authors"))
    categories = fields.get("categories") or []
    paper = Paper(
        paper_id=paper_id_for(abstract),
        abstract=abstract,
        title=_one_line(fields.get("title")) or None,
        authors=len(names) or None,
        date=fields.get("date") or None,
        year=_year(fields.get("year")),
        venue=_one_line(fields.get("venue")) or None,
        urls=sorted(links),
        github=sorted(u for u in links if "github.com" in u or "github.io" in u),
        sources=[Source(name, line)],
        author_names=names,
        categories=sorted(str(c) for c in (categories.split() if isinstance(categories, str) else categories)),
        doi=doi,
        arxiv_id=arxiv_id,
    )
    return paper, None


def _collect(items: Iterable[tuple[int, dict[str, Any] | None, str | None]], name: str) -> tuple[list[Paper], list]:
    """Records from (line, fields or None, problem) triples; a problem becomes a warning."""
    records: list[Paper] = []
    warnings: list[ParseWarning] = []
    for line, fields, problem in items:
        if problem is not None or fields is None:
            warnings.append(ParseWarning(name, line, problem or "unreadable record; skipped"))
            continue
        paper, warning = make_record(name, line, fields)
        if paper is not None:
            records.append(paper)
        if warning is not None:
            warnings.append(warning)
    return records, warnings


def arxiv_fields(obj: dict[str, Any]) -> dict[str, Any]:
    """A record of the arXiv metadata snapshot, as labelled fields."""
    parsed = obj.get("authors_parsed")
    if isinstance(parsed, list) and parsed:
        # [last, first, suffix] triples: the snapshot's clean form of the free-text ``authors``.
        authors: object = [" ".join(p for p in (n[1], n[0], *n[2:]) if p) for n in parsed if isinstance(n, list) and n]
    else:
        authors = obj.get("authors")
    date, year = None, _year(obj.get("update_date"))
    versions = obj.get("versions") or []
    if versions and isinstance(versions[0], dict) and versions[0].get("created"):
        try:  # "Mon, 2 Apr 2007 19:18:42 GMT": the first version is when the paper appeared
            created = parsedate_to_datetime(versions[0]["created"])
            date, year = f"{_MONTHS[created.month - 1]} {created.day}, {created.year}", created.year
        except (TypeError, ValueError):
            pass
    arxiv_id = normalise_arxiv_id(obj.get("id"))
    return {
        "title": obj.get("title"),
        "abstract": obj.get("abstract"),
        "authors": authors,
        "categories": obj.get("categories") or "",
        "date": date,
        "year": year,
        "doi": obj.get("doi"),
        "arxiv_id": arxiv_id,
        "venue": obj.get("journal-ref"),
    }


def _generic_fields(obj: dict[str, Any]) -> dict[str, Any]:
    fields = {str(k).strip().lower().replace("-", "_"): v for k, v in obj.items()}
    if "author" in fields and "authors" not in fields:
        fields["authors"] = fields["author"]
    if "arxiv" in fields and "arxiv_id" not in fields:
        fields["arxiv_id"] = fields["arxiv"]
    return fields


def _object_fields(obj: object) -> tuple[dict[str, Any] | None, str | None]:
    if not isinstance(obj, dict):
        return None, "not a JSON object; skipped"
    if "id" in obj and _ARXIV_KEYS & obj.keys():
        return arxiv_fields(obj), None
    return _generic_fields(obj), None


def read_jsonl(text: str, name: str) -> tuple[list[Paper], list[ParseWarning]]:
    def items() -> Iterable[tuple[int, dict[str, Any] | None, str | None]]:
        for lineno, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                yield lineno, None, f"not valid JSON ({exc.msg}); skipped"
                continue
            yield (lineno, *_object_fields(obj))

    return _collect(items(), name)


def read_json_array(text: str, name: str) -> tuple[list[Paper], list[ParseWarning]]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        return [], [ParseWarning(name, exc.lineno, f"not valid JSON ({exc.msg}); skipped")]
    if not isinstance(data, list):
        return [], [ParseWarning(name, 1, "a JSON file must hold a list of papers, or one paper per line")]
    return _collect(((1, *_object_fields(obj)) for obj in data), name)


def read_csv(text: str, name: str) -> tuple[list[Paper], list[ParseWarning]]:
    header = text.split("\n", 1)[0]
    delimiter = "\t" if header.count("\t") > header.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    items: list[tuple[int, dict[str, Any] | None, str | None]] = []
    start = 2  # the line after the header
    try:
        for row in reader:
            items.append((start, _generic_fields({k: v for k, v in row.items() if k is not None}), None))
            start = reader.line_num + 1
    except csv.Error as exc:  # e.g. a field over csv's size limit: the rest of the file cannot be trusted
        items.append((reader.line_num, None, f"CSV error ({exc}); the rest of the file is skipped"))
    return _collect(items, name)


_BARE_PERCENT = re.compile(r"(?<!\\)%")


def read_bibtex(text: str, name: str) -> tuple[list[Paper], list[ParseWarning]]:
    import bibtexparser
    from bibtexparser import middlewares

    logging.getLogger("bibtexparser").setLevel(logging.ERROR)  # its problems are reported as our warnings
    # BibTeX keeps a bare "%" in a field as text; decoding the field as LaTeX would read it as a comment and
    # cut the abstract there ("improves recall by 10% over BM25" -> "improves recall by 10"). Exports from
    # Mendeley and Google Scholar leave it unescaped, so it is escaped before decoding.
    library = bibtexparser.parse_string(
        _BARE_PERCENT.sub(r"\\%", text),
        append_middleware=[
            middlewares.LatexDecodingMiddleware(),
            middlewares.SeparateCoAuthors(),
            middlewares.SplitNameParts(),
        ],
    )
    items: list[tuple[int, dict[str, Any] | None, str | None]] = []
    for block in library.failed_blocks:
        problem = type(block).__name__.replace("Block", "")
        items.append((block.start_line + 1, None, f"unusable BibTeX block ({problem}); skipped"))
    for entry in library.entries:
        fields = {k.lower(): v for k, v in entry.fields_dict.items()}
        value = {k: f.value for k, f in fields.items()}
        names = value.get("author") or []
        if isinstance(names, list):  # NameParts from SplitNameParts
            names = [" ".join([*n.first, *n.von, *n.last, *n.jr]) for n in names]
        eprint = value.get("eprint") if str(value.get("archiveprefix", "arxiv")).lower() == "arxiv" else None
        month = str(value.get("month", "")).strip()[:3].title()
        year = _year(value.get("year"))
        items.append(
            (
                entry.start_line + 1,
                {
                    "title": value.get("title"),
                    "abstract": value.get("abstract"),
                    "authors": names,
                    "year": year,
                    "date": f"{month} {year}" if month in _MONTHS and year else None,
                    "doi": value.get("doi"),
                    "url": value.get("url"),
                    "arxiv_id": eprint,
                    "venue": value.get("journal") or value.get("booktitle"),
                    "categories": value.get("primaryclass", ""),
                },
                None,
            )
        )
    items.sort(key=lambda item: item[0])
    return _collect(items, name)


def detect_format(text: str) -> str:
    """``bibtex``, ``jsonl``, ``json``, ``csv`` or ``pages``, from what the text looks like."""
    head = text[:65536]
    stripped = head.lstrip()
    if stripped.startswith("{"):
        return "jsonl"
    if stripped.startswith("["):
        return "json"
    if _BIBTEX_ENTRY.search(head):
        return "bibtex"
    first = stripped.split("\n", 1)[0]
    cells = {c.strip().strip('"').lower() for c in re.split(r"[,\t]", first)}
    if "abstract" in cells:
        return "csv"
    return "pages"


READERS: dict[str, Reader] = {
    "bibtex": read_bibtex,
    "jsonl": read_jsonl,
    "json": read_json_array,
    "csv": read_csv,
    "pages": parse_text,
}


# ------------------------------------------------------------------ files
def discover_files(root: Path) -> tuple[list[Path], list[ParseWarning]]:
    """Every paper file under ``root``, without following symlinked directories."""
    warnings: list[ParseWarning] = []
    if root.is_file():
        return [root], warnings
    files: list[Path] = []
    for path in sorted(root.rglob("*")):
        if path.suffix.lower() not in EXTENSIONS or path.name.startswith("."):
            continue
        name = str(path.relative_to(root))
        if path.is_symlink() and not path.exists():
            warnings.append(ParseWarning(name, 0, "broken symlink; skipped"))
        elif path.is_file():
            files.append(path)
        elif not path.is_dir():
            warnings.append(ParseWarning(name, 0, "not a regular file; skipped"))
    return files, warnings


def _aliases(paper: Paper) -> list[str]:
    return [f"doi:{paper.doi}"] * bool(paper.doi) + [f"arxiv:{paper.arxiv_id}"] * bool(paper.arxiv_id)


def merge_records(records: list[Paper]) -> list[Paper]:
    """One paper per distinct abstract, DOI or arXiv id, metadata of every copy merged, in first-seen order."""
    merged: dict[str, Paper] = {}
    alias: dict[str, str] = {}
    for record in records:
        pid = record.paper_id
        if pid not in merged:
            pid = next((alias[a] for a in _aliases(record) if a in alias), pid)
        if pid in merged:
            merged[pid].merge(record)
        else:
            merged[pid] = Paper(**{**record.__dict__, "sources": list(record.sources)})
        for a in _aliases(merged[pid]):
            alias.setdefault(a, pid)
    return list(merged.values())


def parse_path(root: Path) -> ParseResult:
    """Parse every paper file under ``root`` (a directory or one file), each by its detected format."""
    files, warnings = discover_files(root)
    records: list[Paper] = []
    names: list[str] = []
    formats: dict[str, str] = {}
    for path in files:
        name = str(path.relative_to(root)) if path != root else path.name
        text, problem = read_text(path)
        if problem:
            warnings.append(ParseWarning(name, 0, problem))
        if text is None:
            continue
        formats[name] = detect_format(text)
        file_records, file_warnings = READERS[formats[name]](text, name)
        if not file_records:
            file_warnings.append(ParseWarning(name, 0, "no abstracts found"))
        records.extend(file_records)
        warnings.extend(file_warnings)
        names.append(name)
    return ParseResult(records=records, papers=merge_records(records), warnings=warnings, files=names, formats=formats)

"""Citation markers: parse every common form, strip invented ones, renumber by first use, split claims."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rag.text import WORD, split_sentences

#: [1]  [1, 3]  [1-3]  [1–3]  [1;2]  — adjacent groups such as [1][2] are simply two matches.
MARKER = re.compile(r"\[\s*(\d{1,3}(?:\s*(?:,|;|-|–|—)\s*\d{1,3})*)\s*\]")
_MD = re.compile(r"[*_`#>]+")


def parse_marker(body: str) -> list[int]:
    """The source numbers one marker names, ranges expanded: "1-3" -> [1, 2, 3]."""
    numbers: list[int] = []
    for part in re.split(r"\s*[,;]\s*", body.strip()):
        bounds = re.split(r"\s*[-–—]\s*", part)
        if len(bounds) == 2 and bounds[0].isdigit() and bounds[1].isdigit():
            lo, hi = int(bounds[0]), int(bounds[1])
            if lo <= hi and hi - lo < 50:
                numbers.extend(range(lo, hi + 1))
                continue
        numbers.extend(int(b) for b in bounds if b.isdigit())
    return numbers


@dataclass
class Renumbered:
    """Answer text after marker clean-up, and the mapping from new numbers to supplied sources."""

    text: str
    order: list[int]  # order[i] = supplied source number cited as [i + 1]
    stripped: int  # markers (or numbers within a marker) that named no supplied source
    total_markers: int


def renumber(text: str, n_sources: int) -> Renumbered:
    """Keep markers that name a supplied source (1..n_sources), renumbered in order of first use."""
    order: list[int] = []
    stripped = 0
    total = 0

    def first_use(match: re.Match[str]) -> str:
        nonlocal stripped, total
        numbers = parse_marker(match.group(1))
        total += len(numbers)
        kept = []
        for number in numbers:
            if 1 <= number <= n_sources:
                if number not in order:
                    order.append(number)
                kept.append(order.index(number) + 1)
            else:
                stripped += 1
        return "".join(f"[{n}]" for n in sorted(set(kept)))

    cleaned = MARKER.sub(first_use, text)
    # Removing a marker can leave "word ." or double spaces behind.
    cleaned = re.sub(r"[ \t]+([.,;:])", r"\1", cleaned)
    cleaned = re.sub(r"[ \t]{2,}", " ", cleaned)
    return Renumbered(text=cleaned, order=order, stripped=stripped, total_markers=total)


@dataclass
class Claim:
    """One answer sentence, the sources it cites, and the support verdict for each."""

    text: str
    cited: list[int]
    support: dict[int, float] = field(default_factory=dict)
    supported: dict[int, bool] = field(default_factory=dict)
    evidence: dict[int, str] = field(default_factory=dict)  # the cited sentence closest to the claim

    @property
    def has_supported_citation(self) -> bool:
        return any(self.supported.values())


_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
#: A leading bold title, with the name in brackets and the record's value after a dash that labels may carry
#: ("**Title** — dated Oct 21, 2024: ...", "**Title** — code: https://github.com/x/y; 9 authors: ..."): what the
#: abstract is cited for comes after them, past the colon and space that close the values ("code: " and a link's own
#: colon are part of a value).
_LEAD_TITLE = re.compile(
    r"^\*\*[^*]+\*\*\s*(?:\([^)]*\))?\s*(?:[—–]\s*(?:\bcode:\s+|[^:*]|:(?!\s)){1,240}:\s+|[:—–-]\s*)"
)


def split_claims(text: str) -> list[Claim]:
    """Answer sentences that make claims: every sentence except headings and connective lead-ins.

    A line that ends with ":" and cites nothing (for example "Three papers match:")
    introduces a list rather than asserting anything about a paper, so it is not a claim.
    """
    claims: list[Claim] = []
    lines = text.splitlines()
    for i, raw in enumerate(lines):
        line = _BULLET.sub("", raw).strip()
        if not line or line.startswith("#") or line.startswith("---"):
            continue
        if _TABLE_ROW.match(line):
            # A table cell is a claim of its own when it cites a source; the row's first cell names the row.
            claims += [c for cell in table_cells(line)[1:] if MARKER.search(cell) for c in _line_claims(cell)]
            continue
        if (line.endswith(":") or _leads_a_list(lines, i)) and not MARKER.search(line):
            continue
        claims += _line_claims(line)
    return claims


def _line_claims(line: str) -> list[Claim]:
    claims = []
    for sentence in _sentences_with_markers(line):
        cited = sorted({n for m in MARKER.finditer(sentence) for n in parse_marker(m.group(1))})
        body = claim_text(sentence)
        # A fragment too short to claim anything is no claim, unless it cites: "93.87% [1]" asserts a figure.
        if len(WORD.findall(body.lower())) < (1 if cited else 3):
            continue
        if body.endswith(":") and not cited:
            continue
        claims.append(Claim(text=body, cited=cited))
    return claims


#: A markdown table row: "| a | b |" (the rule row "| --- | --- |" has no markers, so yields no claims).
_TABLE_ROW = re.compile(r"^\|.*\|$")
_CELL_SEPARATOR = re.compile(r"(?<!\\)\|")
NOT_STATED = "not stated"


def table_cells(row: str) -> list[str]:
    """The cells of a markdown table row, outer pipes dropped and escaped pipes ("\\|") restored."""
    cells = _CELL_SEPARATOR.split(row.strip())[1:-1]
    return [cell.replace("\\|", "|").strip() for cell in cells]


def _leads_a_list(lines: list[str], i: int) -> bool:
    """A plain line right before bullets introduces them ("Two papers are relevant.") rather than claiming."""
    following = next((line for line in lines[i + 1 :] if line.strip()), "")
    return not _BULLET.match(lines[i]) and bool(_BULLET.match(following))


def _sentences_with_markers(line: str) -> list[str]:
    # Markers sit after the full stop as often as before it ("... task. [1]"): attach them leftwards.
    protected = re.sub(r"([.!?])\s*((?:\[[^\]]+\]\s*)+)", lambda m: f" {m.group(2).strip()}{m.group(1)} ", line)
    return split_sentences(protected) or [line]


def claim_text(sentence: str) -> str:
    """The sentence as a claim: markers, markdown and a leading bold paper title removed."""
    body = MARKER.sub("", sentence)
    body = _LEAD_TITLE.sub("", body.strip())
    body = _MD.sub("", body)
    body = re.sub(r"\s+([.,;:!?])", r"\1", body)
    return " ".join(body.split()).strip()


def drop_sentences(text: str, claims: set[str]) -> str:
    """The text without the sentences whose claim text is in ``claims``; lines left empty go too."""
    kept_lines = []
    for line in text.splitlines():
        if _TABLE_ROW.match(line.strip()):
            kept_lines.append(_drop_cells(line.strip(), claims))
            continue
        bullet = _BULLET.match(line)
        prefix = bullet.group(0) if bullet else ""
        sentences = _sentences_with_markers(line[len(prefix) :])
        kept = [s for s in sentences if claim_text(s) not in claims]
        if len(kept) == len(sentences):
            kept_lines.append(line)
        elif kept and any(MARKER.search(s) for s in kept):
            kept_lines.append(prefix + " ".join(kept))
    return "\n".join(kept_lines).strip()


def drop_markers(text: str, drop: dict[str, set[int]]) -> str:
    """The text with, in each sentence (or table cell) whose claim text is a key of ``drop``, the source
    numbers of its value removed from its markers; a marker left naming nothing goes entirely."""

    def without(sentence: str) -> str:
        numbers = drop.get(claim_text(sentence))
        if not numbers:
            return sentence

        def keep(match: re.Match[str]) -> str:
            kept = [n for n in parse_marker(match.group(1)) if n not in numbers]
            return f"[{', '.join(map(str, kept))}]" if kept else ""

        return re.sub(r"[ \t]{2,}", " ", MARKER.sub(keep, sentence)).strip()

    lines = []
    for line in text.splitlines():
        if _TABLE_ROW.match(line.strip()):
            cells = table_cells(line.strip())
            cells = cells[:1] + [without(cell) if MARKER.search(cell) else cell for cell in cells[1:]]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
            continue
        bullet = _BULLET.match(line)
        prefix = bullet.group(0) if bullet else ""
        sentences = _sentences_with_markers(line[len(prefix) :])
        if any(drop.get(claim_text(s)) for s in sentences):
            line = prefix + " ".join(without(s) for s in sentences)
        lines.append(line)
    return "\n".join(lines).strip()


def _drop_cells(row: str, claims: set[str]) -> str:
    """A table row with every cell stating a dropped claim replaced by "not stated": the table keeps its shape."""
    cells = table_cells(row)
    for i, cell in enumerate(cells[1:], start=1):
        if MARKER.search(cell) and any(c.text in claims for c in _line_claims(cell)):
            cells[i] = NOT_STATED
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def blank_uncited_cells(text: str) -> str:
    """Table cells (after the paper's name) that cite nothing become "not stated": an uncited cell cannot
    be checked, and a paraphrasing generator's answer shows only what was checked. Rule rows stay."""
    lines: list[str] = []
    source = text.splitlines()
    for i, line in enumerate(source):
        stripped = line.strip()
        following = source[i + 1].strip() if i + 1 < len(source) else ""
        is_header = bool(following) and set(following) <= set("|-: ") and "-" in following
        if not _TABLE_ROW.match(stripped) or set(stripped) <= set("|-: ") or is_header:
            lines.append(line)
            continue
        cells = table_cells(stripped)
        blanked = [cells[0]] + [c if MARKER.search(c) or c.lower() == NOT_STATED else NOT_STATED for c in cells[1:]]
        if blanked == cells:
            lines.append(line)
        else:
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in blanked) + " |")
    return "\n".join(lines)

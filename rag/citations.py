"""Citation markers: parse every common form, strip invented ones, renumber by first use, judge support.

Support follows ALCE (Gao et al. 2023): a claim is supported when the cited
source entails it. With no NLI model available offline, entailment is
approximated by two signals that must agree: the best cosine similarity
between the claim and any single sentence of the cited abstract (MiniLM), and
the share of the claim's content words that the cited title and abstract
contain. The threshold is calibrated on the gold set (see evals/README.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np

from rag.corpus import split_sentences

#: [1]  [1, 3]  [1-3]  [1–3]  [1;2]  — adjacent groups such as [1][2] are simply two matches.
MARKER = re.compile(r"\[\s*(\d{1,3}(?:\s*(?:,|;|-|–|—)\s*\d{1,3})*)\s*\]")
_WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_MD = re.compile(r"[*_`#>]+")
STOP = frozenset(
    """
    a an the and or of in on for to with by from as at is are was were be been being this that these
    those it its we our they their which who whom what when where how than then also such both either
    each other into onto via can could may might will would shall should do does did has have had not no
    nor but so if about over under between among using use used uses based paper papers propose proposes
    proposed method approach model models show shows shown study work new novel more most very much many
    any all some one two three
    """.split()
)


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

    @property
    def has_supported_citation(self) -> bool:
        return any(self.supported.values())


_BULLET = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")
_LEAD_TITLE = re.compile(r"^\*\*[^*]+\*\*\s*(?:\([^)]*\))?\s*[:—–-]\s*")


def split_claims(text: str) -> list[Claim]:
    """Answer sentences that make claims: every sentence except headings and connective lead-ins.

    A line that ends with ":" and cites nothing (for example "Three papers match:")
    introduces a list rather than asserting anything about a paper, so it is not a claim.
    """
    claims: list[Claim] = []
    for line in text.splitlines():
        line = _BULLET.sub("", line).strip()
        if not line or line.startswith("#") or line.startswith("---"):
            continue
        if line.endswith(":") and not MARKER.search(line):
            continue
        for sentence in _sentences_with_markers(line):
            cited = sorted({n for m in MARKER.finditer(sentence) for n in parse_marker(m.group(1))})
            body = claim_text(sentence)
            if len(_WORD.findall(body.lower())) < 3:
                continue
            if body.endswith(":") and not cited:
                continue
            claims.append(Claim(text=body, cited=cited))
    return claims


def _sentences_with_markers(line: str) -> list[str]:
    # Markers sit after the full stop as often as before it ("... task. [1]"): attach them leftwards.
    protected = re.sub(r"([.!?])\s*((?:\[[^\]]+\]\s*)+)", lambda m: f"{m.group(2).strip()}{m.group(1)} ", line)
    return split_sentences(protected) or [line]


def claim_text(sentence: str) -> str:
    """The sentence as a claim: markers, markdown and a leading bold paper title removed."""
    body = MARKER.sub("", sentence)
    body = _LEAD_TITLE.sub("", body.strip())
    body = _MD.sub("", body)
    body = re.sub(r"\s+([.,;:!?])", r"\1", body)
    return " ".join(body.split()).strip()


def _comparable(text: str) -> str:
    """Text as quotation checks compare it: the same markdown and quote stripping as claims get."""
    return " ".join(re.sub(r"[*_`#>\"'“”‘’]+", "", text.lower()).split())


def content_words(text: str) -> set[str]:
    """Lower-cased words that carry content; hyphenated terms count whole and by part ("clip-cid" -> clip, cid)."""
    words = set()
    for token in _WORD.findall(text.lower()):
        words.add(token)
        if "-" in token:
            words.update(token.split("-"))
    return {w for w in words if w not in STOP and len(w) > 2}


def _stem(word: str) -> str:
    for suffix in ("ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def lexical_support(claim: str, evidence: str) -> float:
    """Share of the claim's content words (crudely stemmed) found in the evidence."""
    words = {_stem(w) for w in content_words(claim)}
    if not words:
        return 0.0
    found = {_stem(w) for w in content_words(evidence)}
    return len(words & found) / len(words)


_NUMBER = re.compile(r"(?<![\w.])(\d+(?:[.,]\d+)*)\s*(%|percent)?")


def numbers_in(text: str) -> set[str]:
    """Numbers stated in a text, normalised ("1,800" -> "1800"; "43.7 %" -> "43.7%"); years and list markers too."""
    found = set()
    for value, percent in _NUMBER.findall(text):
        value = value.replace(",", "").rstrip(".")
        found.add(value + ("%" if percent else ""))
        found.add(value)
    return found


@dataclass
class SupportVerdict:
    score: float
    supported: bool
    evidence: str
    cosine: float
    overlap: float


class SupportJudge:
    """Scores whether a cited paper's abstract supports a claim."""

    cosine_weight = 0.6
    #: At least this share of a claim's content words must occur in the cited title and abstract.
    min_overlap = 0.6

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold

    def judge(
        self,
        claim: str,
        claim_vector: np.ndarray | None,
        title: str | None,
        abstract: str,
        sentence_vectors: list[tuple[str, np.ndarray]],
    ) -> SupportVerdict:
        normalised = _comparable(claim)
        sentences = [s for s, _ in sentence_vectors] or split_sentences(abstract)
        # Verbatim quotation is support by definition; no model needed.
        for sentence in sentences:
            s_norm = _comparable(sentence)
            if normalised and (normalised in s_norm or (len(normalised) > 40 and s_norm in normalised)):
                return SupportVerdict(1.0, True, sentence, 1.0, 1.0)
        best_cos, best_sentence = 0.0, sentences[0] if sentences else ""
        if claim_vector is not None and sentence_vectors:
            sims = np.stack([v for _, v in sentence_vectors]) @ claim_vector
            i = int(np.argmax(sims))
            best_cos, best_sentence = float(sims[i]), sentence_vectors[i][0]
        evidence = f"{title or ''} {abstract}"
        overlap = lexical_support(claim, evidence)
        score = self.cosine_weight * best_cos + (1 - self.cosine_weight) * overlap
        # Similar wording is not enough: a claim whose numbers the abstract never states, or that
        # brings in many words the abstract lacks, asserts something the source does not say.
        invented = numbers_in(claim) - numbers_in(evidence)
        if invented or overlap < self.min_overlap:
            score = min(score, self.threshold - 0.01)
        return SupportVerdict(score, score >= self.threshold, best_sentence, best_cos, overlap)

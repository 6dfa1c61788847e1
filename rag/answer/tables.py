"""Answers built from aspect sentences: the sentence labels of a paper, and comparison tables.

A comparison table has one row per paper and the columns Paper / Problem / Method / Data / Result.
Every cell is a sentence of that paper's abstract, verbatim or trimmed at a clause boundary (still a
verbatim substring), with its ``[n]``; a cell with nothing to quote says "not stated". Below the
table, at most two sentences say what the rows share and how they differ, built only from words of
the cited cells, so the support judge can check them like any other claim.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from rag.answer.evidence import Evidence, states_attribute
from rag.answer.question import Attribute
from rag.aspects import model as aspect_model
from rag.corpus import method_name
from rag.support import NEGATION_SCOPE, term_weight
from rag.text import STOP_WORDS, query_terms, stem, title_name

COLUMNS = ("Problem", "Method", "Data", "Result")
NOT_STATED = "not stated"
#: Cells longer than this are trimmed at a clause boundary, so the table stays readable.
MAX_CELL_WORDS = 30
#: The Method cell quotes the paper's two best method sentences: the first is most often the one naming the method
#: ("we propose MOdel Surgery (MOS) to ..."), the next how it works ("we present an adapter merging approach ...").
#: On the dev splits' comparison rows (387), key facts 0.558 with one, 0.653 with two, 0.700 with three, citations
#: unchanged: two is a chosen bound, not a tuned one (three quotes of up to MAX_CELL_WORDS words no longer read at a
#: glance in a table cell).
METHOD_SENTENCES = 2
#: A phrase weaker than this (common words only, by :func:`rag.support.term_weight`) says nothing about a paper.
MIN_PHRASE_WEIGHT = 1.0
_DATASET = Attribute("dataset")
#: Where a clause may end: after a comma, semicolon or colon, before a dash or "while"/"whereas", or after a dash typed
#: as two hyphens between words ("enhances intra-modal interactions--particularly across the layers").
_CLAUSE_END = re.compile(r"[,;:](?=\s)|\s(?=[—–]\s)|\s(?=(?:while|whereas|which)\b)|(?<=\w)--(?=\w)")
_NEGATION = re.compile(r"\b(?:not|no|never|cannot|without|fails?)\b|n't\b", re.IGNORECASE)
#: A negation and the words it governs (rag.support.NEGATION_SCOPE of them, up to a clause's end).
_NEGATED = re.compile(_NEGATION.pattern + rf"(?:[^\w.,;:]+[\w-]+){{0,{NEGATION_SCOPE}}}", re.IGNORECASE)


#: A sentence whose subject is earlier work: "Previous works have focused on ...", "Most existing methods ...",
#: "Subsequent research has focused on this problem" (the work after the model the paper builds on, not the paper's).
_OF_EARLIER_WORK = re.compile(
    r"\W*(?:\w+,\s*)?(?:the\s+)?(?:most\s+|many\s+)?(?:previous|existing|prior|traditional|conventional|earlier|"
    r"current|recent|subsequent)\s+(?:[\w-]+\s+){0,2}?(?:works?|methods?|approach(?:es)?|stud(?:y|ies)|models?|research|"
    r"efforts?|systems?|techniques?|literature)\b",
    re.IGNORECASE,
)


def sentence_aspects(ev: Evidence, stored: dict[int, str] | None) -> dict[int, str]:
    """Aspect by sentence position: as stored at ingest, or classified now from the paper's sentences."""
    if stored:
        return stored
    sentences = [s for s in ev.scored if s.position >= 0]
    model = aspect_model()
    vectors = np.stack([v for _, v in ev.vectors]) if model.uses_vectors and ev.vectors else None
    if vectors is not None and len(vectors) != len(sentences):
        vectors = None  # a sentence was set aside (it addressed the reader): let the model embed
    labels = model.classify([s.text for s in sentences], vectors)
    return {s.position: a for s, a in zip(sentences, labels, strict=True)}


def short_name(ev: Evidence) -> str:
    """The paper's name for a table row: the short name before its title's colon, or the name its
    abstract gives its method ("called DC-CLIP"), or else the whole title."""
    title = ev.hit.display_title
    head = title_name(title)
    if 2 <= len(head) <= 40:
        return head
    return method_name(ev.hit.title, ev.hit.abstract) or title


def trim(sentence: str, keep: str = "") -> str:
    """The sentence, or its clauses up to :data:`MAX_CELL_WORDS` words (a verbatim substring).

    With ``keep``, the shortest clause run that holds that word (the dataset's clause, for the Data
    column). A trim that would drop a negation is not made: the shorter quote would say something else.
    """
    if len(sentence.split()) <= MAX_CELL_WORDS and not keep:
        return sentence
    # (a clause ends outside brackets, or just before one: "a localization foundation model (e.g., SAM) and ..." is not
    # cut after "e.g.,", but may be before its bracket)
    ends = [m.end() for m in _CLAUSE_END.finditer(sentence)] + [m.start() for m in re.finditer(r"\s\(", sentence)]
    outside = sorted(end for end in ends if sentence.count("(", 0, end) == sentence.count(")", 0, end))
    bounds = [0, *outside, len(sentence)]
    spans = [(a, b) for i, a in enumerate(bounds) for b in bounds[i + 1 :]]
    fitting = [(a, b) for a, b in spans if len(sentence[a:b].split()) <= MAX_CELL_WORDS]
    if keep:
        at = sentence.lower().find(keep.lower())
        fitting = [(a, b) for a, b in fitting if a <= at < b] if at >= 0 else fitting
    if not fitting:
        return sentence
    if keep:
        fitting = [(a, b) for a, b in fitting if len(sentence[a:b].split()) >= 4] or fitting
        a, b = min(fitting, key=lambda span: span[1] - span[0])
    else:
        a, b = max(fitting, key=lambda span: (span[0] == 0, span[1] - span[0]))
    piece = sentence[a:b].strip().rstrip(",;:-").strip()
    if len(_NEGATION.findall(piece)) != len(_NEGATION.findall(sentence)) or len(piece.split()) < 4:
        return sentence
    return piece


@dataclass
class Row:
    n: int
    name: str
    cells: dict[str, list[str]]  # column -> its quotes, in the abstract's order; none when nothing fits

    def text(self, column: str) -> str:
        return " ".join(self.cells[column])

    def quotes(self) -> list[str]:
        return [quote for quotes in self.cells.values() for quote in quotes]


def row_for(n: int, ev: Evidence, aspects: dict[int, str]) -> Row:
    """Each column's cell: the paper's sentences of that aspect that best answer the question (one, or
    :data:`METHOD_SENTENCES` for the method)."""
    by_text = {s.text: s.position for s in ev.scored if s.position >= 0}
    ranked = [t for t in ev.sentences if t in by_text] + [t for t in by_text if t not in ev.sentences]
    cells: dict[str, list[str]] = {}
    used: set[str] = set()
    for column, aspect in (("Problem", "problem"), ("Method", "method"), ("Result", "result")):
        of_aspect = [t for t in ranked if aspects.get(by_text[t]) == aspect]
        if column != "Problem":
            # the paper's own method and result, not the earlier work it sets out from ("Previous works have
            # focused on a unidirectional knowledge distillation ...", in Lion's abstract)
            of_aspect = [t for t in of_aspect if not _OF_EARLIER_WORK.match(t)] or of_aspect
        chosen = of_aspect[: METHOD_SENTENCES if column == "Method" else 1]
        by_position = sorted(chosen, key=lambda t: by_text[t])
        cells[column] = [trim(t) for t in by_position]
        used.update(chosen)
    # Data is what was used, not what the field lacks: problem statements ("a corpus of...") do not count.
    data = [
        t for t in ranked if aspects.get(by_text[t]) != "problem" and states_attribute(_DATASET, t, set(query_terms(t)))
    ]
    text = next((t for t in data if t not in used), data[0] if data else "")
    unit = next((w for w in ("dataset", "benchmark", "corpus", "corpora", "data") if w in text.lower()), "")
    cells["Data"] = [trim(text, keep=unit)] if text else []
    return Row(n, short_name(ev), cells)


def _cell(quotes: Sequence[str], n: int) -> str:
    """Each quote with its marker, so each is a claim the support judge checks on its own."""
    return " ".join(f"{q.replace('|', chr(92) + '|')} [{n}]" for q in quotes) if quotes else NOT_STATED


def compose_table(answering: Sequence[Evidence], aspects: dict[str, dict[int, str]]) -> str:
    """The markdown table, then the share/differ sentences; the i-th paper is cited as [i + 1]."""
    rows = [row_for(n, ev, sentence_aspects(ev, aspects.get(ev.paper_id))) for n, ev in enumerate(answering, 1)]
    lines = ["| Paper | " + " | ".join(COLUMNS) + " |", "| --- | " + " | ".join("---" for _ in COLUMNS) + " |"]
    for row in rows:
        name = row.name.replace("|", "\\|")
        lines.append(f"| **{name}** [{row.n}] | " + " | ".join(_cell(row.cells[c], row.n) for c in COLUMNS) + " |")
    # The notes relate cells to each other, so no single abstract states them: they carry no marker,
    # name the rows they compare, and use only words of those rows' cited cells.
    notes = [s for s in (_shared(rows), _differ(rows)) if s]
    return "\n".join(lines) + ("\n\n" + " ".join(notes) if notes else "")


def _runs(text: str) -> list[list[str]]:
    """Runs of content words as written, split at stop words and punctuation: roughly the noun phrases. Words a
    negation governs are no phrase of the paper's: "partners don't have explicitly defined roles" is not about
    defined roles."""
    runs: list[list[str]] = [[]]
    for token in re.findall(r"[\w-]+|[^\w\s-]", _NEGATED.sub(" . ", text)):
        if re.match(r"\w", token) and token.lower() not in STOP_WORDS and len(token) >= 3 and not token.isdigit():
            runs[-1].append(token)
        elif runs[-1]:
            runs.append([])
    return [r for r in runs if r]


def _phrases(text: str, max_words: int = 4) -> list[list[str]]:
    """Every contiguous part of a run, up to ``max_words`` words."""
    return [
        run[i:j] for run in _runs(text) for i in range(len(run)) for j in range(i + 1, min(len(run), i + max_words) + 1)
    ]


def _stemmed(phrase: Sequence[str]) -> tuple[str, ...]:
    return tuple(stem(w.lower()) for w in phrase)


def _stems(text: str) -> set[str]:
    return {stem(w.lower()) for run in _runs(text) for w in run}


def _weight(words: Sequence[str], skip: set[str] = frozenset()) -> float:  # type: ignore[assignment]
    return sum(term_weight(w.lower()) for w in words if stem(w.lower()) not in skip)


def _shared(rows: Sequence[Row]) -> str:
    """What every row's cited cells have in common: the weightiest phrase of the first row all others write too."""
    if len(rows) < 2:
        return ""
    # (cells are joined with a full stop: a phrase ends where its cell does, "features" of one and "MMRL projects" of
    # the next are no phrase). Written as a phrase by each, its words in that order: words each row writes apart
    # ("demonstrating significant gains" and "results demonstrate that ... significantly enhances") share no phrase.
    written_by_others = [_phrases(" . ".join(r.quotes())) for r in rows[1:]]
    others = [{_stemmed(ph) for ph in phrases} for phrases in written_by_others]
    common = [ph for ph in _phrases(" . ".join(rows[0].quotes())) if all(_stemmed(ph) in phrases for phrases in others)]
    # A lone common word ("achieves") is no subject two papers share; a lone name ("CLIP") is.
    common = [ph for ph in common if len(ph) > 1 or not ph[0].islower()]
    if not common:
        return ""
    best = max(common, key=_weight)
    if _weight(best) < MIN_PHRASE_WEIGHT:
        return ""
    # a capital that only opens the first row's sentence ("Knowledge distillation (KD) has been ...") is written as
    # another row writes the phrase inside its own ("... combine SSL with knowledge distillation")
    written = (ph for phrases in written_by_others for ph in phrases if _stemmed(ph) == _stemmed(best))
    best = next((ph for ph in written if ph[0][0].islower()), best)
    who = " and ".join(r.name for r in rows) if len(rows) == 2 else f"All {len(rows)} papers"
    return f"{who} {'both ' if len(rows) == 2 else ''}mention {' '.join(best)}."


def _differ(rows: Sequence[Row]) -> str:
    """How the rows differ in the first column every row fills: each row's most distinctive phrase there."""
    column = next((c for c in ("Method", "Result", "Problem") if all(r.cells[c] for r in rows)), None)
    if column is None or len(rows) < 2:
        return ""
    parts = []
    for row in rows:
        others = set().union(*(_stems(r.text(column)) for r in rows if r is not row)) | _stems(row.name)
        # a lone common word ("facilitating") is no way a method differs; a phrase or a name ("LoRA") is
        phrases = [ph for ph in _phrases(row.text(column)) if len(ph) > 1 or not ph[0].islower()]
        best = max(phrases, key=lambda ph: _weight(ph, others), default=[])
        if _weight(best, others) < MIN_PHRASE_WEIGHT:
            return ""
        parts.append(f"{row.name} on {' '.join(best)}")
    return f"Their {column.lower()} cells differ: " + "; ".join(parts) + "."

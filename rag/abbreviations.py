"""Abbreviations the corpus defines ("vision-language models (VLMs)"), so a question can use either form.

Researchers ask in acronyms ("hallucinations in VLMs", "MoE for multimodal LLMs", "KD for segmentation")
while abstracts mostly spell the term out, once, with the acronym in parentheses. BM25 then misses the
spelled-out papers and coverage counts "vlms" as a word no paper uses. The dictionary is read from the
corpus itself when a snapshot is built (rag/snapshot.py): a parenthesised short form whose letters begin
the words before it, in order (a simplified Schwartz & Hearst 2003 match). No list is written by hand.

A question's acronym is then written as its long form ("VLMs" -> "vision-language models") when the
question does not already spell it out. Only long forms the corpus defines at least
:data:`MIN_DEFINITIONS` times are used, only when one long form dominates its acronym, and only where the
corpus mostly writes the long form (:meth:`Abbreviations.build`).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from rag.text import title_name

#: A parenthesised short form of 2-10 characters starting with a capital; its long form is in the (at most
#: six) words before it. Found by the parenthesis first: a pattern that starts with the words would be
#: tried at every word of every abstract (half an hour per million papers, against a minute).
_SHORT_FORM = re.compile(r"\(\s*([A-Z][A-Za-z0-9-]{1,9}?)s?\s*\)")
_LOOK_BACK = 100  # characters before the parenthesis: six words of an abstract
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*")
#: A long form must be defined this often to be trusted (a single definition may be a one-off coinage).
MIN_DEFINITIONS = 2
#: The most frequent long form must have at least this share of its acronym's definitions.
MIN_SHARE = 2 / 3
FILE = "abbreviations.json"
#: A short form defined for lower-case words at least as often as for capitalised ones ("artificial intelligence
#: (AI)", against "Contrastive Language-Image Pre-training (CLIP)") and written in at least this many papers is a
#: kind of thing, not a name: "AI models" names no model. Fewer papers, it may be one paper's own method
#: ("relational knowledge distillation (RKD)"), which other papers name as a baseline.
MIN_KIND_PAPERS = 3


def long_form(words: list[str], short: str, within_a_word: bool = False) -> str | None:
    """The words before a parenthesised ``short`` that it abbreviates, or ``None``.

    Each letter of the short form must begin one of the words, in order, ending at the last word, and the
    long form starts at the word the first letter begins: "large vision-language models (LVLMs)" ->
    "large vision-language models". Hyphenated parts count as words ("vision-language" gives v and l).
    """
    if len(short) > 2 and short.endswith("s") and short[-2].isupper():
        short = short[:-1]  # a plural: "LVLMs" abbreviates "large vision-language models"
    letters = [c.lower() for c in short if c.isalpha()]
    parts = [(i, p.lower()) for i, w in enumerate(words) for p in w.split("-") if p]
    if not letters or len(letters) > len(parts):
        return None
    j = len(parts) - 1
    for letter in reversed(letters):
        while j >= 0 and not parts[j][1].startswith(letter):
            j -= 1
        if j < 0:
            return None
        j -= 1
    first_word = parts[j + 1][0]
    if parts[-1][0] != len(words) - 1 or (first_word == len(words) - 1 and not within_a_word):
        return None  # the short form must reach the last word, and span at least two words
    return " ".join(words[first_word:]).lower()


def abbreviates(short: str, text_before: str, within_a_word: bool = False) -> bool:
    """Is ``short``, written in brackets after ``text_before``, the short form of the words just before it
    (:func:`long_form` over the last clause's last six words)?"""
    words = _WORD.findall(re.split(r"[.;:!?()\[\]]", text_before)[-1])[-6:]
    return long_form(words, short, within_a_word) is not None


def definitions(text: str, within_a_word: bool = False) -> Iterator[tuple[re.Match[str], str]]:
    """Each parenthesised short form ``text`` defines, with its long form: "small language models (SLMs)";
    ``within_a_word``, also one a hyphenated word spells ("question-answering (QA)"), which the acronym
    dictionary leaves out (its expansions would rewrite how questions with such short forms are searched)."""
    for match in _SHORT_FORM.finditer(text):
        before = text[max(match.start() - _LOOK_BACK, 0) : match.start()]
        words = _WORD.findall(re.split(r"[.;:!?()\[\]]", before)[-1])[-6:]
        if (long := long_form(words, match.group(1), within_a_word)) is not None:
            yield match, long


def without_definitions(text: str) -> str:
    """``text`` without the short forms it defines: "(SLM)" after "small language models" names no model.

    A plural short form ("LMMs") abbreviates a kind of thing, so the capitals of its long form ("Large
    Multi-Modal Models (LMMs)") name nothing either and are written in lower case; a singular one may
    stand for a name ("the Segment Anything Model (SAM)"), whose capitals stay.
    """
    for match, long in reversed(list(definitions(text, within_a_word=True))):
        inside = match.group(0).strip("() ")
        if len(inside) > 2 and inside.endswith("s") and inside[-2].isupper():
            at = text.lower().rfind(long, 0, match.start())
            if at >= 0:
                text = text[:at] + text[at : match.start()].lower() + text[match.start() :]
        text = text[: match.start()] + text[match.end() :]
    return text


class Abbreviations:
    """Short form (lower case, singular) -> the long form the corpus most often gives it; and the short forms
    that are kinds of thing (:data:`MIN_KIND_PAPERS`), lower case."""

    def __init__(self, expansions: dict[str, str] | None = None, kinds: Iterable[str] = ()) -> None:
        self.expansions = dict(expansions or {})
        self.kinds = frozenset(kinds)

    @classmethod
    def count(cls, texts: Iterable[str], cases: Counter[tuple[str, bool]] | None = None) -> Counter[tuple[str, str]]:
        """How often each (short form, long form) pair is defined in ``texts``; with ``cases``, also how often
        each short form is defined for lower-case words (True) or capitalised ones (False), hyphenated
        definitions included ("question-answering (QA)")."""
        found: Counter[tuple[str, str]] = Counter()
        for text in texts:
            for match, long in definitions(text):
                found[(match.group(1).lower(), long)] += 1
            if cases is not None:
                for short, lower_case in _definition_cases(text):
                    cases[(short, lower_case)] += 1
        return found

    @classmethod
    def from_counts(cls, counts: Counter[tuple[str, str]]) -> Abbreviations:
        """The dominant, repeatedly defined long form of each short form, as the corpus most often writes it."""
        by_short: dict[str, Counter[str]] = {}
        spellings: dict[tuple[str, str], Counter[str]] = {}
        for (short, long), n in counts.items():
            by_short.setdefault(short, Counter())[_singular(long)] += n
            spellings.setdefault((short, _singular(long)), Counter())[long] += n
        expansions = {}
        for short, longs in sorted(by_short.items()):
            (best, n), total = longs.most_common(1)[0], sum(longs.values())
            if n >= MIN_DEFINITIONS and n / total >= MIN_SHARE:
                expansions[short] = spellings[(short, best)].most_common(1)[0][0]
        return cls(expansions)

    @classmethod
    def build(cls, texts: Iterable[str], papers_with: Callable[[str], int]) -> Abbreviations:
        """From the corpus: ``texts`` (every paper's title and abstract) for the definitions, and
        ``papers_with(text)``, how many papers contain every word of a text (the lexical index answers it from
        its postings, so the corpus is read once).

        A short form is expanded only where the corpus mostly writes the long form: more papers contain the
        words of "vision-language model" than "VLM", so a question's "VLMs" needs it; "CLIP" is written far
        more often than "contrastive language-image pre-training", so expanding it would only dilute it.
        """
        # A short form that is the name a title gives its paper, spelled out in that title ("MMRL: Multi-Modal
        # Representation Learning ..."), names that paper: expanded, a question about MMRL would ask about any
        # multi-modal representation learning. A name that only shares the letters ("VLM: Task-agnostic
        # Video-Language Model ...") leaves "VLMs" = vision-language models alone.
        titles: dict[str, list[str]] = {}

        def noting_names(texts: Iterable[str]) -> Iterator[str]:
            for text in texts:
                title = text.split("\n", 1)[0]
                if name := title_name(title):
                    titles.setdefault(name.lower(), []).append(title.lower())
                yield text

        def names_a_paper(short: str, long: str) -> bool:
            return any(_singular(long) in title for title in titles.get(short, ()))

        cases: Counter[tuple[str, bool]] = Counter()
        candidates = cls.from_counts(cls.count(noting_names(texts), cases)).expansions
        return cls(
            {
                short: long
                for short, long in candidates.items()
                if not names_a_paper(short, long) and papers_with(_singular(long)) > papers_with(short)
            },
            kinds=sorted(
                short
                for short, lower_case in cases
                if lower_case
                and cases[(short, True)] >= cases[(short, False)]
                and papers_with(short) >= MIN_KIND_PAPERS
            ),
        )

    def expand(self, question: str) -> str:
        """``question`` with each acronym the corpus mostly spells out written as its long form.

        The acronym is replaced, not kept beside it: the corpus mostly lacks it, so as a query term it would
        weigh as a word no paper uses ("VLMs"), and papers on the long form would look uncovered. It is
        replaced even where the question spells the long form out elsewhere ("a large language model teacher
        into a smaller LM student": the student is a language model too), but not where it only defines it,
        in brackets after it ("vision-language models (VLMs)").
        """
        expanded, _ = self.expand_with_offsets(question)
        return expanded

    def expand_with_offsets(self, question: str) -> tuple[str, Callable[[int], int]]:
        """:meth:`expand`, and a map from an offset in the expanded text to its place in ``question`` (a place
        inside a long form is its acronym's start), so that what is found in the one is placed in the other."""
        lowered = question.lower()
        parts: list[str] = []
        # (start, end) of each long form in the expanded text, and (start, end) of its acronym in the question
        moved: list[tuple[int, int, int, int]] = []
        written = length = 0  # how much of the question is copied, and how long the expanded text is so far
        for match in _WORD.finditer(question):
            key = match.group(0).lower()
            long = self.expansions.get(key) or (self.expansions.get(key[:-1]) if key.endswith("s") else None)
            bracketed = question[: match.start()].rstrip().endswith("(")
            if not long or (bracketed and _singular(long) in lowered):
                continue
            start = length + match.start() - written
            parts += [question[written : match.start()], long]
            moved.append((start, start + len(long), match.start(), match.end()))
            written, length = match.end(), start + len(long)
        parts.append(question[written:])

        def original(offset: int) -> int:
            shift = 0
            for start, end, acronym_start, acronym_end in moved:
                if offset < start:
                    break
                if offset < end:
                    return acronym_start
                shift = end - acronym_end
            return offset - shift

        return "".join(parts), original

    def save(self, directory: Path) -> None:
        stored = {"expansions": self.expansions, "kinds": sorted(self.kinds)}
        (directory / FILE).write_text(json.dumps(stored, sort_keys=True), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> Abbreviations:
        path = directory / FILE
        if not path.is_file():
            return cls()
        stored = json.loads(path.read_text(encoding="utf-8"))
        return cls(stored["expansions"], stored["kinds"])


def _definition_cases(text: str) -> Iterator[tuple[str, bool]]:
    """Each short form ``text`` defines (lower case, singular) and whether its long form is written in lower
    case (a sentence may start with it)."""
    for match, long in definitions(text, within_a_word=True):
        at = text.lower().rfind(long, 0, match.start())
        if at < 0:
            continue
        written = text[at : at + len(long)]
        short = match.group(1)
        if len(short) > 2 and short.endswith("s") and short[-2].isupper():
            short = short[:-1]  # "LLMs" is defined as "LLM" is
        yield short.lower(), (written[:1].lower() + written[1:]).islower()


def _singular(long: str) -> str:
    """ "large language models" and "large language model" are one long form."""
    return long[:-1] if long.endswith("s") and not long.endswith("ss") else long

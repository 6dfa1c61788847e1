"""A message that asks several questions at once: each is answered on its own, and the answers are joined.

"Which papers distill CLIP? Also, is there anything on federated learning?" asks two things. Read as one
question, its topic is both at once, which no abstract is about, so it was refused; "what is SLCA and which
papers detect deepfakes?" listed a deepfake paper beside SLCA as if both answered one question. Split by
the message's form (sentences, and clauses joined by "and" that open with a question word of their own),
each part is answered as the question it is, and the answer says which part each paragraph answers.

What a part is about must be clear without the parts before it, or it stays with them:
- a part pointing back with a pronoun ("What is LLaVA-MoD? How many parameters does it use?", "... and what
  datasets do they use?") stays with the part it points to: the engine answers such a clause about what the
  part before it finds;
- a fact asked without naming its paper ("Who wrote Wizard of Wikipedia, and how many conversations are in
  the dataset?") is about the part before's paper; alone, it would be answered from whichever paper states
  some count of conversations;
- a restriction of a list ("Which papers propose benchmarks? Which of them evaluate knowledge editing?") is
  its own part, answered as the next turn of a conversation after that list.
Every other part stands alone, answered after the same conversation as the message.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from rag.answer.followup import first_pronoun, narrows_what_was_asked, refers_by_set_or_place, restricts_a_set
from rag.answer.question import (
    EXAMPLE_LEAD,
    NUMBER_STEMS,
    asked_head,
    asks_for_one_paper,
    asks_for_papers,
    asks_something,
    attribute_of,
    has_question_form,
    intent_of,
    objects_of_the_verb_after,
)
from rag.answer.types import Answer, Citation
from rag.citations import MARKER, Claim, parse_marker
from rag.text import WORD, stem

#: Sentences: after a question mark always; after "." or "!" when a capital or a joining word opens the next.
_SENTENCE = re.compile(
    # (not after an abbreviation: "(e.g. Cohen's kappa)" goes on with the question)
    r"(?<=\?)\s+|(?<=[.!])(?<!e\.g\.)(?<!i\.e\.)(?<!\bvs\.)(?<!\betc\.)(?<!\bcf\.)(?<!\bal\.)\s+"
    r"(?=[A-Z]|(?:plus|also|separately|additionally)\b)"
)
#: A clause of a question word and at most one more word ("what helps?", "and why?", "which datasets?"), or a noun
#: phrase without a verb ("and which the student?"): it asks of what the clause before it speaks of.
_ELLIPTICAL = re.compile(
    r"\W*(?:(?:and|but|also|plus)\s+)?(?:what|which|who|how|why|where|when)"
    r"(?:\s+(?:the|a|an|its|their)\s+[\w'-]+(?:\s+[\w'-]+)?|\s+[\w'-]+)?\W*$",
    re.I,
)
#: An indirect question, its subject before its verb ("how classroom attention can be improved"): what a question's
#: verb takes as its object ("study X and how Y can be improved"), not a question of its own ("how can Y be improved?").
_INDIRECT = re.compile(
    r"\W*(?:(?:and|or)\s+)?(?:how|why|whether|where|when)\s+"
    r"(?!(?:many|much|well|far|often|long|big|large|fast|is|are|was|were|do|does|did|can|could|will|would|should|has"
    r"|have|had|to)\b)[\w'-]+(?:\s+[\w'-]+){0,3}?\s+(?:is|are|was|were|can|could|will|would|should|has|have|had)\s+\w",
    re.I,
)
#: A clause joined to the one before by "and", "but", "also", "plus" or ";", opening with a question word of
#: its own ("which papers study model merging and which ones study knowledge editing?"), a request for papers
#: ("..., and anything about board games") or a restriction ("..., and do any of them do segmentation").
#: Auxiliaries alone do not open one: "models that are compressed and are still accurate" is one question.
_JOINED_QUESTION = re.compile(
    r"(?:\s*;\s*|,?\s+(?:and|but)\s+(?:also\s+)?|,?\s+(?:also|plus)\s+)"
    r"(?=(?:what(?:'?s)?|which|who|where|when|why|how|is there|are there|anything|any (?:papers?|work|research|studies)"
    r"|(?:do|does|is|are) (?:anything|any papers?|any work)|(?:do|does|did|are|is|can) any of (?:them|those|these))\b)"
    # a comma alone before a restriction: "which papers propose benchmarks, which of them involve video"
    r"|,\s+(?=(?:which|do|does|did|are|is|can)\s+(?:any\s+)?of\s+(?:them|those|these)\b)",
    re.IGNORECASE,
)
#: Words that only join a part to the one before ("Also, is there ...", "And which ..."): not its topic.
_CONNECTIVE = re.compile(r"^\W*(?:(?:and|also|plus|but|then|additionally|separately)\b[\s,:;-]*)+", re.IGNORECASE)
#: A phrase opening a sentence that frames all of it, up to its comma: "In the UniT CT paper, ...", "For CLIP-CID, ...".
_FRAME = re.compile(r"\W*(?:in|for|about|regarding|on|from)\s+[^,?.!]{2,60},\s*", re.IGNORECASE)
#: A question word ending a clause ("papers that show how and why models forget") leaves it unfinished.
_ENDS_UNFINISHED = re.compile(r"\b(?:what|which|who|where|when|why|how)\W*$", re.IGNORECASE)
#: "... and which ones study knowledge editing?": the noun "ones" stands for is the one the clause before
#: asked for (papers), not the papers of an earlier answer, as "which ones" alone would mean.
_WHICH_ONES = re.compile(r"^which ones\b", re.IGNORECASE)
#: A comparison naming both its sides: "the difference between LoRA and adapters", "CLIP vs FILIP".
_BOTH_SIDES = re.compile(r"\b(?:between|vs\.?|versus|and|or)\b", re.IGNORECASE)
#: A yes/no question about a part of something already spoken of, by its definite noun: "is the mask generator
#: SAM?", "does the retriever use BM25?".
_GUESS_ABOUT_ITS_PART = re.compile(
    r"\W*(?:is|are|was|were|does|do|did|has|have)\s+(?:the|its|their)\s+(?!papers?\b|corpus\b|collection\b)\w", re.I
)
#: A thing asked with a passive verb and no subject: "what metrics were used?", "which loss was chosen?", "which
#: models/tasks were used?", "which small model gets trained?", and with no noun at all: "what gets trained?".
_THING_ASKED = re.compile(
    r"^\W*(?:what|which)\s+(?:(?P<thing>(?:[\w/-]+\s+){0,2}?[\w/-]+)\s+)?(?:was|were|is|are|gets?|got)\s+(?:[\w-]+\s+)?"
    r"[a-z]+(?:ed|en)\b",
    re.I,
)
#: A definite thing asked about in the passive by "where", "how", "when" or "why": "where was the data collected
#: from?", "how were the annotations made?".
_PASSIVE_OF_THE = re.compile(
    r"^\W*(?:where|how|when|why)\s+(?:was|were|is|are)\s+(?:the|its|their)\s+(?:[\w/-]+\s+){0,2}?[\w/-]+\s+"
    r"[a-z]+(?:ed|en)\b",
    re.I,
)
#: A description asked of a definite thing, the whole clause: "what's the fusion trick?", "what is their main idea?".
_DESCRIPTION_OF_THE = re.compile(
    r"^\W*(?:what|which)(?:['\u2019]s|\s+(?:is|are|was|were))\s+(?:the|its|their)\s+"
    r"(?P<thing>(?:[\w/-]+\s+){0,3}?[\w/-]+)\W*$",
    re.I,
)
#: A paper described by words of its own ("the adaptive-thinking CoT distillation paper"), not pointed back at ("the
#: same paper", "the previous one") or by place, which is read as pointing back.
_DESCRIBES_ITS_PAPER = re.compile(
    r"\bthe\s+(?!(?:same|previous|above|other|earlier|latter|former|last|next|first|second|third)\b)"
    r"(?:[\w-]+\s+){1,5}?(?:paper|work|study|article)\b(?!s)",
    re.IGNORECASE,
)
#: ... or the model, method or system a paper built, described by a name it builds on ("the PPG-based authentication
#: model"); "the proposed model" names nothing of its own.
_DESCRIBES_ITS_MODEL = re.compile(
    r"\bthe\s+(?!(?:same|previous|above|other|earlier|latter|former|last|next|first|second|third)\b)"
    r"(?:[\w-]+\s+){0,3}?(?-i:[\w-]*[A-Z][\w-]*)(?:\s+[\w-]+){0,3}?\s+(?:model|method|framework|system)\b(?!s)",
    re.IGNORECASE,
)
#: Words for papers themselves: "which papers were published in 2023?" asks for papers, not a fact of one.
_PAPER_NOUNS = frozenset(stem(w) for w in ("paper", "work", "study", "article"))
#: "I mean ...", "as in ...": a sentence restating the one before, not a question of its own.
_RESTATES = re.compile(r"^\W*(?:i mean|as in|that is|i\.e\.|in other words)\b", re.IGNORECASE)
#: "like ...", "e.g. ...", "such as ...": a sentence giving examples of what the one before asks for ("anything on
#: decoding brain activity? like brainwave caps or brain scans"), unless it asks something of its own
#: (:func:`_asks_in_its_own_words`).
_GIVES_EXAMPLES = re.compile(rf"^\W*(?:{EXAMPLE_LEAD}|e\.?g\.?)(?![\w.])", re.IGNORECASE)


#: Counts spelled out, as stems: a clause searching for nothing else asks for nothing.


@dataclass(frozen=True)
class Part:
    """One question of a message. ``follows``: it restricts the list the part before asks for, and is
    answered as the conversation's next turn after it."""

    question: str
    follows: bool = False


#: A clause closing on "that" or "this" as what it is about ("Looking for papers on that."), or as what papers it asks
#: for do ("Which papers try this?"), or on "one" standing for a thing the sentence before names ("datasets of people
#: chatting ...? any papers here that release one?"): the sentence before.
_ON_THAT = re.compile(
    r"(?:\b(?:on|about|into|like)|\b(?:papers?|works?|studies|ones)\s+(?:[a-z]+\s+){1,2}?)\s*(?:that|this)\s*[.?!]*\s*$"
    r"|\b(?:papers?|works?|studies)\s+(?:here\s+)?(?:that|which)\s+[a-z]+\s+(?:one|some|any)\s*[.?!]*\s*$",
    re.I,
)
#: A clause closing on "each" or "both" ("... and what gets trained in each?"): the papers the clause before names.
_EACH = re.compile(
    # ... or as the subject after an auxiliary: "which parameter-efficient tuning does each use?"
    r"\b(?:each|both)\s*[.?!]*\s*$|\b(?:do|does|did|is|are|was|were|has|have)\s+(?:each|both)\b",
    re.I,
)


@dataclass(frozen=True)
class Reader:
    """What splitting needs to know of a text beyond its form: what it searches for (the retriever's query
    terms and filters) and where it names papers of the collection (offsets)."""

    topic_of: Callable[[str], set[str]]
    names_at: Callable[[str], list[int]]

    def names_a_paper(self, text: str) -> bool:
        return bool(self.names_at(text))

    def points_back(self, text: str) -> bool:
        """Does ``text`` point at something said before it: papers by set or place ("which of those", "the
        second one"), "that" as what it is about ("Looking for papers on that."), "each" or "both" closing it ("what
        gets trained in each?"), or a pronoun before any paper it names ("how big is it?"; not "how does Wiki-LLaVA
        organise its retrieval?", whose "its" is Wiki-LLaVA)?"""
        if refers_by_set_or_place(text) or _ON_THAT.search(text) or _EACH.search(text):
            return True
        pronoun = first_pronoun(text)
        return pronoun is not None and not any(at < pronoun for at in self.names_at(text))


def split_questions(message: str, reader: Reader) -> list[Part]:
    """The questions ``message`` asks, in order; one part when it asks one. A part with nothing of its own to
    search for ("What's in the collection?", "and which language?" after "... one particular low-resource
    language?") belongs to the one before it, a statement ("I work on robots.") to the one after it."""
    topic_of = reader.topic_of
    parts: list[Part] = []
    pending = ""  # statements waiting for the question they introduce
    for sentence in _sentences(message):
        # a paper the sentence opens by naming is what each of its clauses asks about: "In the UniT CT paper, how many
        # cancer types and what tasks does the one model handle?"
        frame = _FRAME.match(sentence)
        framing = frame.group(0) if frame is not None and reader.names_a_paper(frame.group(0)) else ""
        for index, (written, restricts) in enumerate(_clauses(sentence, reader)):
            clause = f"{framing}{_CONNECTIVE.sub('', written)}" if framing and index else written
            if parts and (restricts or _restricts_list(clause, parts[-1].question, reader)):
                parts.append(Part(clause, follows=True))
                continue
            if parts and (
                _RESTATES.match(clause)
                or (_GIVES_EXAMPLES.match(clause) and not _asks_in_its_own_words(_GIVES_EXAMPLES.sub("", clause)))
                # "any more DA papers? esp ones where the source data isn't available": which of them is wanted
                or narrows_what_was_asked(clause)
                or not topic_of(clause) - _asked_topic(parts[-1].question, reader)
                or (
                    not _asks_another_one(clause, parts[-1].question, reader)
                    and (reader.points_back(clause) or _fact_without_subject(clause, reader))
                )
                or _offers_answers(clause, parts[-1].question)
            ):
                parts[-1] = Part(f"{parts[-1].question} {clause}", parts[-1].follows)
                continue
            # (a count alone is no topic: "only two?? show me others like the distillation one" remarks on the
            # last answer's length before asking)
            if not topic_of(clause) - NUMBER_STEMS or not asks_something(_CONNECTIVE.sub("", clause)):
                pending = f"{pending} {clause}".strip()
                continue
            parts.append(Part(f"{pending} {clause}".strip()))
            pending = ""
    if pending:
        if not parts:
            return [Part(message)]
        parts[-1] = Part(f"{parts[-1].question} {pending}", parts[-1].follows)
    return parts if len(parts) > 1 else [Part(message)]


def _asks_in_its_own_words(text: str) -> bool:
    """A question of its own: it asks ("which papers ...?"), and ends as a question does. A list of examples may hold
    a clause in question form ("brain scans of what someone is looking at") and ask nothing."""
    return text.rstrip().endswith("?") and has_question_form(text)


def _sentences(message: str) -> list[str]:
    """The message's sentences, split where one ends, but never inside brackets: the options offered in "which LLMs
    (GPT-3.5? GPT-4? llama?) were used?" belong to the question around them."""
    text = message.strip()
    sentences, start = [], 0
    for end in _SENTENCE.finditer(text):
        before = text[start : end.start()]
        if before.count("(") > before.count(")"):
            continue
        sentences.append(before)
        start = end.end()
    sentences.append(text[start:])
    return [s for s in sentences if s.strip()]


def _asks_another_one(clause: str, before: str, reader: Reader) -> bool:
    """After a part asking for one paper, does ``clause`` ask for another by the same words, with a topic of its own
    ("Which paper introduced Mod-X? And which one clusters single-cell data ...?")? Its "which one" is a second
    paper asked for, not one picked among the papers the part before finds."""
    return (
        bool(_WHICH_ONE.match(_CONNECTIVE.sub("", clause)))
        and asks_for_one_paper(before)
        and first_pronoun(clause) is None
        and not reader.names_at(clause)
    )


#: "which one <verb>" opening a clause.
_WHICH_ONE = re.compile(r"\s*which\s+one\s+(?!of\b)[a-z]+", re.I)


def _asked_topic(question: str, reader: Reader) -> set[str]:
    """The question's topic words and those of the fact it asks: "which of them have code on GitHub?" asks for a
    GitHub link, so "and what are the links?" after it asks nothing new."""
    asked = attribute_of(question)
    return reader.topic_of(question) | (reader.topic_of(asked.phrase) if asked is not None else set())


def _restricts_list(clause: str, before: str, reader: Reader) -> bool:
    """Does ``clause`` restrict the list the part before it asks for ("Which of them evaluate X?")? With nothing to
    restrict it by ("I remember a paper about X. Which one?") it asks the same thing again."""
    return (
        restricts_a_set(clause)
        and asks_for_papers(before)
        and not reader.points_back(before)
        and bool(reader.topic_of(clause))
    )


def _fact_without_subject(clause: str, reader: Reader) -> bool:
    """A fact asked of no paper the clause names ("how many conversations are in the dataset?"), or a comparison
    naming one side ("what's the difference from CLIP?"): the paper the message spoke of before is its subject."""
    if intent_of(clause).kind == "compare":
        return not _BOTH_SIDES.search(clause)
    if reader.names_a_paper(clause) or _DESCRIBES_ITS_PAPER.search(clause) or _DESCRIBES_ITS_MODEL.search(clause):
        return False  # ("... how many reasoning tasks did the adaptive-thinking CoT distillation paper evaluate on?")
    # a thing asked in the passive, of no subject of its own: "... and what metrics were used?", and so "... and
    # which datasets were used?", which would otherwise ask the whole collection for datasets; or a guess about a
    # part of the paper spoken of ("... and is the mask generator SAM?")
    asked = _CONNECTIVE.sub("", clause)
    thing = _THING_ASKED.search(asked)
    if thing and not reader.topic_of(clause) - reader.topic_of(thing.group(0)) - _PAPER_NOUNS:
        return not reader.topic_of(thing.group("thing") or "") & _PAPER_NOUNS
    # ... or by "where", "how", "when" or "why": "... and where was the data collected from?"
    passive = _PASSIVE_OF_THE.search(asked)
    if passive and not reader.topic_of(clause) - reader.topic_of(passive.group(0)) - _PAPER_NOUNS:
        return True
    if asks_for_papers(clause):
        return False
    # a description asked of a definite thing, naming nothing else: "... and what's the fusion trick?" asks the trick
    # of the paper spoken of (alone, it would search the collection for fusion tricks)
    described = _DESCRIPTION_OF_THE.match(asked)
    if described and asked_head(asked) and not reader.topic_of(clause) - reader.topic_of(described.group("thing")):
        return True
    return attribute_of(clause) is not None or bool(thing) or guesses_about_its_part(clause)


def guesses_about_its_part(text: str) -> bool:
    """Is ``text`` a yes/no question about a part of something already spoken of, by its definite noun ("was the
    backbone a ViT-B/16?", "is the mask generator SAM?")?"""
    return bool(_GUESS_ABOUT_ITS_PART.match(_CONNECTIVE.sub("", text)))


def _offers_answers(clause: str, before: str) -> bool:
    """A fragment after a fact question offers answers to it or narrows it: "Which base model did they fine-tune?
    LLaMA or something else?", "... what is its context length? in tokens?". Alone, it would search for them. So
    does a guess of a word or two after a question about one thing: "what language were the keywords in? mandarin?"
    (after a request for papers, "any on MoE? LoRA?", a bare name asks for papers on it too)."""
    if has_question_form(_CONNECTIVE.sub("", clause)):
        return False
    if attribute_of(before) is not None:
        return True
    if has_question_form(before) and _HEDGED_GUESS.search(clause) and len(WORD.findall(clause)) <= 6:
        return True  # "which teacher and student architectures did they use? resnet34->resnet18 or something?"
    return len(WORD.findall(clause)) <= 2 and has_question_form(before) and not asks_for_papers(before)


#: A guess hedged as one: "resnet34->resnet18 or something?", "LLaMA-7B or similar?".
_HEDGED_GUESS = re.compile(r"\bor\s+(?:something|similar|so|whatever|sth|smth)(?:\s+(?:like\s+that|else))?\W*$", re.I)


def _clauses(sentence: str, reader: Reader) -> list[tuple[str, bool]]:
    """A sentence cut where a joined clause asks a question of its own, about something the clause before
    it does not name, or restricts the list it asks for; each clause with whether it restricts."""
    topic_of = reader.topic_of
    clauses: list[tuple[str, bool]] = []
    start, restricts = 0, False
    for match in _JOINED_QUESTION.finditer(sentence):
        head, tail = sentence[start : match.start()], _WHICH_ONES.sub("which papers", sentence[match.end() :])
        if not asks_something(head) or not topic_of(head):
            continue  # "Compressor - final model size and how much smaller?" is one question
        if reader.points_back(head) and (
            reader.points_back(tail) or not (asks_for_papers(tail) or reader.names_a_paper(tail))
        ):
            # "the second one - what is X there, and where does Y come in" is about a paper of the conversation;
            # "which of them are parameter-efficient, and is there anything on distilling from GPT-4?" asks
            # for papers anew after it, and "..., and how does Wiki-LLaVA organise its retrieval?" names its own
            continue
        if _INDIRECT.match(tail):
            continue  # "Which papers study ADHD and how classroom attention can be improved?": one question's object
        if _ELLIPTICAL.match(tail):
            continue  # "What does BertaQA find, and what helps?": asked of what the clause before speaks of
        if _fact_without_subject(head, reader) and reader.names_a_paper(tail):
            continue  # "What GPUs, and how many GPU hours, were used to train Lion?": Lion is what both ask about
        if objects_of_the_verb_after(head, tail):
            continue  # "What rank r and which base LLM did CorDA use?": both what CorDA used
        if _restricts_list(tail, head, reader):
            clauses.append((_finished(head), restricts))
            sentence, start, restricts = sentence[: match.end()] + tail, match.end(), True
            continue
        if (
            _ENDS_UNFINISHED.search(head)
            or reader.points_back(tail)
            or not topic_of(tail) - _asked_topic(head, reader)
            or _fact_without_subject(tail, reader)
        ):
            continue
        clauses.append((_finished(head), restricts))
        sentence, start, restricts = sentence[: match.end()] + tail, match.end(), False
    clauses.append((sentence[start:].strip(), restricts))
    return [(c, r) for c, r in clauses if c]


def _finished(clause: str) -> str:
    clause = clause.strip().rstrip(",;")
    return clause if clause.endswith("?") else clause + "?"


def heading(part: str) -> str:
    """The part as its paragraph's heading: without the words joining it to the part before, and a question
    the user ended with a full stop ("what is ECLeKTic.") ending as one."""
    text = _CONNECTIVE.sub("", part).strip() or part.strip()
    if text.endswith(".") and _ASKS.match(text):
        text = text.rstrip(". ") + "?"
    return text[:1].upper() + text[1:]


#: A sentence opening as a question does: "what is ...", "is there ...", "does it ...".
_ASKS = re.compile(r"(?:what|whats|which|who|where|when|why|how|is|are|was|were|do|does|did|can|could)\b", re.I)


@dataclass
class JoinedAnswer:
    """One answer to a message that asked several questions, built part by part: each part's answer under its
    question, the citations numbered once across them (a paper cited by two parts keeps its first number)."""

    message: str
    parts: list[tuple[str, Answer]] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    _number_of: dict[str, int] = field(default_factory=dict)

    def add(self, question: str, answer: Answer) -> str:
        """Add a part's answer; returns its section of the joined text, citations numbered as they will be."""
        renumbering: dict[int, int] = {}
        for citation in answer.citations:
            if citation.paper_id not in self._number_of:
                self._number_of[citation.paper_id] = len(self.citations) + 1
                self.citations.append(replace(citation, n=len(self.citations) + 1))
            renumbering[citation.n] = self._number_of[citation.paper_id]
        section = f"**{heading(question)}**\n\n{_with_numbers(answer.text, renumbering)}"
        self.parts.append((question, answer))
        self.sections.append(section)
        self.claims += [
            replace(
                claim,
                cited=[renumbering.get(n, n) for n in claim.cited],
                support={renumbering.get(n, n): v for n, v in claim.support.items()},
                supported={renumbering.get(n, n): v for n, v in claim.supported.items()},
                evidence={renumbering.get(n, n): v for n, v in claim.evidence.items()},
            )
            for claim in answer.claims
        ]
        return section

    def answer(self) -> Answer:
        answers = [a for _, a in self.parts]
        timings: dict[str, float] = {}
        tokens: dict[str, int] = {}
        for answer in answers:
            for key, value in answer.timings.items():
                timings[key] = timings.get(key, 0.0) + value
            for key, count in answer.token_counts.items():
                tokens[key] = tokens.get(key, 0) + count
        return Answer(
            question=self.message,
            text=SECTION_BREAK.join(self.sections),
            citations=self.citations,
            refused=all(a.refused for a in answers),
            generator="llm" if any(a.generator == "llm" for a in answers) else answers[0].generator,
            timings=timings,
            notices=list(dict.fromkeys(n for a in answers for n in a.notices)),
            claims=self.claims,
            stripped_markers=sum(a.stripped_markers for a in answers),
            total_markers=sum(a.total_markers for a in answers),
            standalone_question=" ".join(a.standalone_question for a in answers),
            hits=list({h.paper_id: h for a in answers for h in a.hits}.values()),
            closest=list({h.paper_id: h for a in answers if a.refused for h in a.closest}.values()),
            token_counts=tokens,
            follow_up=answers[0].follow_up,
            capped=any(a.capped for a in answers),
            capped_question=next((q for q, a in self.parts if a.capped), ""),
        )


#: Between the sections of a joined answer.
SECTION_BREAK = "\n\n"


def _with_numbers(text: str, renumbering: dict[int, int]) -> str:
    def renumber(match: re.Match[str]) -> str:
        numbers = sorted({renumbering.get(n, n) for n in parse_marker(match.group(1))})
        return "".join(f"[{n}]" for n in numbers)

    return MARKER.sub(renumber, text)

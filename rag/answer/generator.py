"""Generators: one protocol, implemented by the offline drafter here and by the LLM in :mod:`rag.answer.llm`.

The engine decides *what* may be said (which papers answer, which state the attribute asked
for); a generator decides *how* to say it. A generator yields text pieces as it writes and
returns its :class:`Draft`; a draft with a ``failure`` reason means the offline drafter must answer.
"""

from __future__ import annotations

import re
from collections.abc import Generator as PieceStream
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Protocol

import numpy as np

from rag.answer.evidence import Evidence
from rag.answer.followup import MORE_OFFER, FollowUp, strip_references
from rag.answer.question import Attribute, Intent, has_topic_words, without_lead_in, writes_name
from rag.answer.tables import compose_table, sentence_aspects
from rag.answer.types import Draft
from rag.aspects import model as aspect_model
from rag.aspects import states_limitation, summary_positions
from rag.corpus import method_name
from rag.retrieve import Hit
from rag.text import URL, announces_a_release, counted_noun_phrases, query_terms


@dataclass
class DraftRequest:
    """Everything a generator may use: the question, and the evidence the engine has already judged."""

    question: str
    standalone: str
    intent: Intent
    answering: list[Evidence]
    closest: list[Hit] = field(default_factory=list)
    follow_up: FollowUp = field(default_factory=FollowUp)
    near_miss: list[Evidence] = field(default_factory=list)
    elsewhere: list[Evidence] = field(default_factory=list)
    capped: bool = False
    scope_size: int = 0
    weaker: bool = False  # the more asked for are papers each short of the cut-off: they answer less directly
    weaker_beyond: bool = False  # papers short of the cut-off, not listed, that a request for more would list
    aspects: dict[str, dict[int, str]] = field(default_factory=dict)  # paper -> position -> problem/method/...
    unstated: list[Evidence] = field(default_factory=list)  # listed papers whose abstract lacks the attribute
    filter_only: bool = False  # the question is only a filter: every matching paper answers it
    counting: bool = False  # the question counts papers ("How many papers are from 2024?")
    ordered: bool = False  # a superlative ordered the papers by a field ("the 3 papers with the most authors")
    #: Names a comparison asks about that no paper of the corpus writes ("Compare LLaVA-MoD with MiniGPT-4").
    unknown_names: list[str] = field(default_factory=list)
    collection_size: int | None = None  # set when it counts the whole collection
    #: Notices for papers a filter or an ordering could not judge, lacking the field ("8 papers have no date, ...").
    unjudged: list[str] = field(default_factory=list)
    no_topic: bool = False  # nothing in the message to look for: no topic word, no filter, no reference ("hi!")
    nothing_passes_filters: bool = False  # the filters (year, author, source...) leave no paper to judge
    #: Further facts the question asks of its one paper ("..., and how much did it boost classification?"): each the
    #: sentence stating it and "", or "" and what the fact is, in words, when the abstract does not state it.
    further: list[tuple[str, str]] = field(default_factory=list)
    #: A comparison asking about something in particular ("... differ in where the experts come from?"): each paper's
    #: sentence sharing the most with what it asks, by paper id.
    on_what_was_asked: dict[str, str] = field(default_factory=dict)

    @property
    def scope_answer(self) -> str:
        """The answer whose papers a restriction is about, as the answer names it ("the previous answer")."""
        return self.follow_up.answer_referred_to


class Generator(Protocol):
    name: str

    def draft(self, request: DraftRequest) -> PieceStream[str, None, Draft]: ...


REFUSAL = (
    "The corpus does not answer this: none of the indexed abstracts addresses it, "
    "so I will not answer from outside knowledge."
)
NO_TOPIC = (
    "There is nothing in this message to look for in the papers. Ask about a topic, a paper or a fact, "
    "for example “which papers distill CLIP?”."
)
CLOSEST_NOTE = " The closest papers are shown with the sources; they do not answer it."


class OfflineDrafter:
    """A deterministic, extractive answer writer: every claim is a sentence quoted from the abstract it cites."""

    name = "offline"

    def draft(self, request: DraftRequest) -> PieceStream[str, None, Draft]:
        draft = self.compose(request)
        yield from word_chunks(draft.text)
        return draft

    def compose(self, request: DraftRequest) -> Draft:
        draft = self._compose(request)
        if request.unknown_names and draft.text:
            # Said without a marker: it is about what no abstract holds, which no abstract can support.
            names = " or ".join(request.unknown_names)
            draft = replace(
                draft, text=f"{draft.text}\n\nNo paper in the corpus mentions {names}, so it is not compared."
            )
        return draft

    def _compose(self, request: DraftRequest) -> Draft:
        if request.follow_up.mode == "set" and not request.answering and request.filter_only and request.unjudged:
            # "which one is newest?" of papers with no date: their records cannot say, which is no finding about them.
            return Draft(
                f"None of the {request.scope_size} papers in {request.scope_answer} can be judged this way: "
                + " ".join(request.unjudged),
                [],
                True,
            )
        if request.follow_up.mode == "set" and not request.answering:
            return self._none_of_those(request)
        if request.follow_up.mode == "more" and not request.answering:
            listed = f"{request.scope_size} paper" + ("s" if request.scope_size != 1 else "")
            closest = request.closest[:3]
            # (quoted as asked, without the words that opened its turn: "switching topics: which papers ...?")
            asked = without_lead_in(request.follow_up.previous_question)
            text = (
                f"The search found no other paper that answers “{asked}” beyond the {listed} already listed."
                if request.scope_size
                else f"The search found no paper that answers “{asked}”, so there is nothing more to show."
            )
            if closest:
                text += " The next papers by search rank are shown with the sources; they were not judged to answer it."
            return Draft(text, [], True, closest=closest)
        if request.near_miss and not request.answering:
            return self._near_miss(request)
        if request.collection_size is not None:
            return Draft(f"The corpus holds {request.collection_size} papers.", [], False)
        if not request.answering and (request.filter_only or request.nothing_passes_filters):
            # Said as a finding about the metadata, not as a topic the corpus lacks.
            return Draft("No paper in the corpus matches these filters.", [], True)
        follow = request.follow_up
        if not request.answering and request.no_topic and not follow.missing_position:
            return Draft(NO_TOPIC, [], True)
        if (
            not request.answering
            and follow.missing_position
            and not has_topic_words(strip_references(follow.own_question or request.question))
        ):
            # "Tell me more about the third one you mentioned", after answers of one paper: there is nothing to
            # search for, and "the corpus does not answer this" would misread what went wrong
            return Draft(
                f"No earlier answer in this conversation has {follow.missing_position}: {follow.longest_list()}."
                " Say which paper you mean, by its title or by its place in an earlier list.",
                [],
                True,
            )
        if not request.answering:
            closest = request.closest[:3]
            return Draft(REFUSAL + (CLOSEST_NOTE if closest else ""), [], True, closest=closest)
        if request.intent.kind == "summary" or (
            request.follow_up.mode == "ordinal"
            and request.intent.kind != "compare"
            and not request.intent.attribute
            and not has_topic_words(request.follow_up.own_question)  # "tell me more about the second one"
        ):
            # Each paper the user picked ("summarise the first two"), in turn, cited by its own marker.
            texts, hits = [], []
            # "tell me more about its dataset": the part of the paper named, not its problem, method and result
            focus = set(query_terms(request.follow_up.own_question)) if request.follow_up.mode == "ordinal" else set()
            for n, ev in enumerate(request.answering, start=1):
                aspects = sentence_aspects(ev, request.aspects.get(ev.paper_id))
                if request.intent.limitation:
                    texts.append(self._limitation(ev, aspects, marker=n).text)
                else:
                    texts.append((self._focused(ev, focus, n) if focus else self._summary(ev, aspects, n)).text)
                hits.append(ev.hit)
            return Draft("\n\n".join(texts), hits, False)
        if request.intent.kind == "compare" and len(request.answering) >= 2 and not request.intent.attribute:
            text = compose_table(request.answering, request.aspects)
            # "how do they differ in where the experts come from?": each paper's sentence on what was asked, when
            # the table's cells do not already quote it
            asked = [
                f"- {label(ev)}: {sentence} [{n}]"
                for n, ev in enumerate(request.answering, start=1)
                if (sentence := request.on_what_was_asked.get(ev.paper_id)) and sentence not in text
            ]
            if asked:
                text += "\n\nOn what was asked:\n" + "\n".join(asked)
            return Draft(text, [ev.hit for ev in request.answering], False)
        return self._listing(request)

    def _listing(self, request: DraftRequest) -> Draft:
        chosen = request.answering
        more = (
            f"\n\nThese are the best {len(chosen)} matches; more papers in the corpus may qualify. "
            f"{MORE_OFFER.capitalize()} to see them."
            if request.capped
            else f"\n\nMore papers touch on this less directly; {MORE_OFFER} to see them."
            if request.weaker_beyond
            else ""
        )
        shown = {ev.paper_id for ev in chosen}
        unstated_note = ""
        if request.intent.attribute and (unstated := [e for e in request.unstated if e.paper_id in shown]):
            # Said without markers: it is about what the abstracts lack, which no abstract can support.
            titles = "; ".join(f"*{e.hit.display_title}*" for e in unstated)
            unstated_note = f"\n\nNot stated in the abstracts of: {titles} ({request.intent.attribute.describe()})."
        if len(chosen) == 1:
            ev = chosen[0]
            lead = "1 paper in the corpus matches:" if request.counting else ""
            if request.follow_up.mode == "more" and request.scope_size:
                how = "touches on this less directly" if request.weaker else "addresses this"
                lead = f"Beyond the {request.scope_size} already listed, 1 more paper {how}:"
            quoted = " ".join(f"{sentence} [1]" for sentence in _aspect_sentences(request, ev))
            for sentence, unstated in request.further:
                if sentence and sentence not in quoted:
                    quoted += f" {sentence} [1]"
                elif unstated:
                    # Said without a marker: it is about what the abstract lacks, which no abstract can support.
                    unstated_note += f"\n\nThe abstract does not state {unstated}."
            # the lead on a line of its own: a claim is the quote the paper is cited for, not the lead-in before it
            head = f"{lead}\n" if lead else ""
            return Draft(f"{head}{label(ev)}: {quoted}{unstated_note}{more}", [ev.hit], False)
        if request.follow_up.mode == "set":
            lead = f"Of the {request.scope_size} papers in {request.scope_answer}, {len(chosen)} match:"
        elif request.follow_up.mode == "more" and request.scope_size:
            how = "touch on this, each less directly" if request.weaker else "address this"
            lead = f"Beyond the {request.scope_size} already listed, {len(chosen)} more papers {how}:"
        elif request.intent.kind == "compare":
            lead = f"The corpus has {len(chosen)} papers to compare on this:"
        elif request.ordered:  # a superlative ranked them: "the 3 papers with the most authors"
            lead = f"{len(chosen)} papers, in the order asked (papers with equal values share a place):"
        elif request.filter_only or request.counting:
            lead = f"{len(chosen)} papers in the corpus match:"
        else:
            lead = f"{len(chosen)} papers in the corpus address this:"
        lines = [lead]
        lines += [f"- {label(ev)}: {ev.sentence()} [{n}]" for n, ev in enumerate(chosen, start=1)]
        # a comparison of a fact asks the rest of what it compares too: each paper's sentence on it
        asked = [
            f"- {label(ev)}: {sentence} [{n}]"
            for n, ev in enumerate(chosen, start=1)
            if (sentence := request.on_what_was_asked.get(ev.paper_id)) and sentence != ev.sentence()
        ]
        if asked:
            lines += ["", "On what was asked besides:", *asked]
        return Draft("\n".join(lines) + unstated_note + more, [ev.hit for ev in chosen], False)

    def left_out(self, papers: list[Evidence], first_marker: int) -> str:
        """Lines quoting papers the evidence judge found to answer and an LLM's list left out, numbered on from
        the markers its answer already uses."""
        lines = ["Also answering, quoted from their abstracts:"]
        lines += [f"- {label(ev)}: {ev.sentence()} [{n}]" for n, ev in enumerate(papers, start=first_marker)]
        return "\n".join(lines)

    def _summary(self, ev: Evidence, aspects: dict[int, str], marker: int = 1) -> Draft:
        """Problem, method and result, each a quoted sentence, in abstract order."""
        body = " ".join(f"{text} [{marker}]" for text in summary_sentences(ev, aspects))
        return Draft(f"{label(ev)}: {body or f'{ev.sentence()} [{marker}]'}", [ev.hit], False)

    def _focused(self, ev: Evidence, focus: set[str], marker: int = 1) -> Draft:
        """The sentences closest to what the question names ("its dataset"), those writing it first, in abstract
        order."""
        position = {s.text: s.position for s in ev.scored}
        writing = [t for t in ev.sentences if focus & set(query_terms(t))]
        best = (writing or ev.sentences)[:ASPECT_SENTENCES]
        chosen = sorted(best, key=lambda t: position.get(t, 0)) or [ev.sentence()]
        return Draft(f"{label(ev)}: {' '.join(f'{text} [{marker}]' for text in chosen)}", [ev.hit], False)

    def _limitation(self, ev: Evidence, aspects: dict[int, str], marker: int = 1) -> Draft:
        """A sentence conceding a limitation or naming future work, or, when none does, that none does."""
        sentences = [s for s in ev.scored if s.position >= 0]
        conceding = [s.text for s in sentences if states_limitation(s.text, aspects.get(s.position, "other"))]
        if conceding:
            return Draft(f"{label(ev)}: {' '.join(f'{t} [{marker}]' for t in conceding[:2])}", [ev.hit], False)
        said = (
            " ".join(f"{text} [{marker}]" for text in summary_sentences(ev, aspects)) or f"{ev.sentence()} [{marker}]"
        )
        text = (
            f"The abstract of **{ev.hit.display_title}** states no limitation or future work. What it does say: {said}"
        )
        return Draft(text, [ev.hit], False)

    def _near_miss(self, request: DraftRequest) -> Draft:
        ev = request.near_miss[0]
        what = _asked(request)
        attribute = request.intent.attribute
        if request.intent.kind in ("list", "compare") and len(request.near_miss) > 1:
            # "How long did it take to train them?", "what's the teacher in each?": the question is about every paper,
            # so the answer is too.
            papers = request.near_miss
            lines = [f"None of these {len(papers)} papers states {what} in its abstract. What they do say:"]
            lines += [f"- {label(e)}: {_content_sentence(e, attribute)} [{n}]" for n, e in enumerate(papers, start=1)]
            return Draft("\n".join(lines), [e.hit for e in papers], True, closest=[e.hit for e in papers[:3]])
        said = _content_sentence(ev, attribute)
        # the further facts asked of the same paper: those it lacks too are named with the first, those it states
        # are quoted after what it does say
        what = " or ".join([what, *(unstated for _, unstated in request.further if unstated)])
        said = " ".join(
            [said, *(f"[1] {sentence}" for sentence, _ in request.further if sentence and sentence not in said)]
        )
        paper = f"{ev.hit.title or ''} {ev.hit.abstract}"
        if unnamed := [name for name in (attribute.benchmarks if attribute else ()) if not writes_name(name, paper)]:
            # "What accuracy does Point-PEFT report on ScanObjectNN?": the figures it gives are on something else
            what = f"{what} on {' or '.join(unnamed)}"
        if attribute is not None and attribute.type == "quantity" and _free_figures(said) and not unnamed:
            # Figures the abstract gives without naming what they measure ("merging: 95.44%" for "what
            # accuracy?"): shown as what they are, not declared absent beside the very numbers. A number that
            # counts something else ("11 visual recognition datasets" for GPUs) is no such figure.
            text = (
                f"The abstract of **{ev.hit.display_title}**, the paper this question is about, does not name "
                f"{what} in so many words. The figures it does give: {said} [1]"
            )
        else:
            text = (
                f"The abstract of **{ev.hit.display_title}**, the paper this question is about, does not state "
                f"{what}. What it does say: {said} [1]"
            )
        return Draft(text, [ev.hit], True, closest=[e.hit for e in request.near_miss[:3]])

    def _none_of_those(self, request: DraftRequest) -> Draft:
        if request.near_miss:  # a property asked of the papers on the table, which none of them states
            what = _asked(request)
            text = (
                f"The one paper in {request.scope_answer} does not state {what} in its abstract."
                if request.scope_size == 1
                else f"None of the {request.scope_size} papers in {request.scope_answer} states {what} in its abstract."
            )
            return Draft(text, [], True, closest=[e.hit for e in request.near_miss[:3]])
        text = (
            f"The one paper in {request.scope_answer} does not do this, judging by its abstract."
            if request.scope_size == 1
            else f"None of the {request.scope_size} papers in {request.scope_answer} does this, judging by their "
            "abstracts."
        )
        if not request.elsewhere:
            # Said as what the search found, not as a fact about the corpus: hand testers found papers it had missed.
            return Draft(text + " A search of the rest of the corpus found no paper whose abstract does.", [], True)
        lines = [text + " Elsewhere in the corpus, these papers do:"]
        lines += [f"- {label(ev)}: {ev.sentence()} [{n}]" for n, ev in enumerate(request.elsewhere, start=1)]
        return Draft("\n".join(lines), [ev.hit for ev in request.elsewhere], True)


def _asked(request: DraftRequest) -> str:
    """The attribute the question asks for, in words ("its authors"), for saying an abstract does not state it."""
    attribute = request.intent.attribute
    return attribute.describe() if attribute else "that"


def _free_figures(sentence: str) -> bool:
    """Does the sentence give a number that counts no noun of its own ("an accuracy of 98%", "95.44% vs. 95.46%")?"""
    return any(not phrase for phrase in counted_noun_phrases(sentence) or [])


def _content_sentence(ev: Evidence, attribute: Attribute | None = None) -> str:
    """What an abstract does say: its best sentence that is content, not only a link to code or demos; asked about
    a release ("what licence is the code under?"), the sentence announcing it."""
    if attribute is not None and attribute.type == "availability":
        release = next((t for t in ev.sentences if announces_a_release(t) or URL.search(t)), None)
        if release is not None:
            return release
    return next((t for t in ev.sentences if not URL.search(t)), ev.sentence())


def summary_sentences(ev: Evidence, aspects: dict[int, str]) -> list[str]:
    """The problem, method and result sentences a summary quotes (:func:`rag.aspects.summary_positions`)."""
    sentences = [s for s in ev.scored if s.position >= 0]
    if not sentences:
        return []
    model = aspect_model()
    vectors = [v for _, v in ev.vectors] if model.uses_vectors and len(ev.vectors) == len(sentences) else None
    probabilities = model.probabilities([s.text for s in sentences], None if vectors is None else np.stack(vectors))
    labels = [aspects.get(s.position, "other") for s in sentences]
    return [sentences[i].text for i in summary_positions(probabilities, labels)]


#: A sentence reporting what the paper found, whatever the aspect model calls it: "Our main observation is that,
#: except for symbolic formula representation tasks, MLP generally outperforms KAN" (labelled a method).
_REPORTS_A_FINDING = re.compile(
    r"\b(?:our|the)\s+(?:main\s+|key\s+|central\s+)?(?:observations?|findings?|results?)\s+(?:is|are|show|shows|"
    r"suggest|suggests|indicate|indicates|reveal|reveals|demonstrate|demonstrates)\b"
    r"|\bwe\s+(?:also\s+)?(?:find|found|observe|observed|show|showed)\s+that\b",
    re.I,
)
#: A question asking one aspect of a paper ("how does LLaVA-MoD work?") is answered by this many of its sentences
#: of that aspect: a method or a finding rarely fits one sentence.
ASPECT_SENTENCES = 2


def _aspect_sentences(request: DraftRequest, ev: Evidence) -> list[str]:
    """The sentences to quote: for a question asking one aspect ("What problem does OakInk solve?"), the best
    sentences of that aspect (as stored at ingest, or classified now), in the abstract's order; otherwise, or
    when none is, the best sentence."""
    if not request.intent.aspect:
        return [ev.sentence()]
    aspects = sentence_aspects(ev, request.aspects.get(ev.paper_id))
    position = {s.text: s.position for s in ev.scored}
    of_aspect = [
        t
        for t in ev.sentences
        if aspects.get(position.get(t, -1)) == request.intent.aspect
        or (request.intent.aspect == "result" and _REPORTS_A_FINDING.search(t))
    ]
    return sorted(of_aspect[:ASPECT_SENTENCES], key=lambda t: position.get(t, 0)) or [ev.sentence()]


def label(ev: Evidence) -> str:
    """A paper's bold title, plus the name its abstract gives its method when neither shows it, and the
    value a superlative ranked it by ("25 authors")."""
    hit = ev.hit
    name = method_name(hit.title, hit.abstract)
    value = f" — {hit.value}" if hit.value else ""
    if name and name not in ev.sentence():
        return f"**{hit.display_title}** ({name}){value}"
    return f"**{hit.display_title}**{value}"


def word_chunks(text: str, size: int = 4) -> Iterator[str]:
    """The text in pieces of a few words, so the offline answer streams like the LLM's."""
    words = re.split(r"(\s+)", text)
    for start in range(0, len(words), size * 2):
        yield "".join(words[start : start + size * 2])

"""The engine: understand the question, retrieve, judge evidence per paper, draft, check every citation.

What may be said is decided here, from the evidence, before any generator writes: which papers
answer (a sentence of theirs does), which merely come close, and whether a follow-up's papers hold
the answer at all. Generators only phrase it, and their citations are checked afterwards.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Collection, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from rag.abbreviations import definitions
from rag.answer.evidence import (
    Evidence,
    EvidenceJudge,
    RelevanceModel,
    Topic,
    about_others_work,
    another_language,
    counts_asked,
    in_own_voice,
    metadata_value,
    named_words,
    states_attribute,
    topic_specificity,
    writes_several,
)
from rag.answer.followup import (
    FollowUp,
    accepted_offer,
    as_corpus_question,
    asks_for_more,
    cited_papers_in,
    conversation_topic,
    described_after_the_noun,
    described_papers,
    follow_up_intent,
    refers_as_an_object,
    refers_by_set_or_place,
    refers_to_conversation,
    resolve_follow_up,
    restricts_a_set,
    split_compound,
    strip_references,
    without_remark_before,
)
from rag.answer.generator import DraftRequest, Generator, OfflineDrafter
from rag.answer.llm import LLMClient, LLMError, LLMGenerator
from rag.answer.parts import SECTION_BREAK, JoinedAnswer, Part, Reader, guesses_about_its_part, split_questions
from rag.answer.question import (
    ONE_PAPER_DESCRIBED,
    REQUEST_WORDS,
    Attribute,
    Concept,
    FurtherAsk,
    Intent,
    asked_head,
    asking_sentence_start,
    asks_an_open_question,
    asks_for_a_description,
    asks_for_all,
    asks_for_one_paper,
    asks_for_papers,
    attribute_of,
    attribute_units,
    counted_as_several,
    counted_things,
    counts_papers,
    example_concepts,
    example_items,
    further_asks,
    glossed_examples,
    has_question_form,
    has_topic_words,
    intent_of,
    is_a_kind,
    kind_words,
    languages_named,
    languages_set_aside,
    name_written,
    names_in,
    offered_examples,
    opens_with_a_description_asked,
    papers_named,
    parts_asked_together,
    relation_verb,
    topic_concepts,
    topic_phrases,
    versioned_names,
    without_asides,
    without_contrast,
    without_gloss,
    without_lead_in,
    without_leading_aside,
    words_before_an_object,
    writes_name,
)
from rag.answer.types import Answer, Draft
from rag.answer.verify import verify
from rag.config import Settings
from rag.corpus import method_name
from rag.query import unjudged_notice
from rag.retrieve import Hit, Retriever, SearchResult, repair_function_words
from rag.rows import TITLE_PASSAGE
from rag.spellings import Spellings, regional_variants, written_whole
from rag.support import SupportJudge, term_weight
from rag.text import (
    FUNCTION_WORDS,
    STOP_WORDS,
    WORD,
    content_stems,
    has_quantity,
    query_terms,
    stem,
    title_name,
    typo_repairs,
)


@dataclass
class Turn:
    """One question on its way through the engine."""

    question: str
    intent: Intent
    follow_up: FollowUp
    standalone: str
    k: int
    filters: dict[str, Any]
    notices: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    #: A trailing clause asking about what the question finds ("..., and what datasets do they use?").
    about_them: str = ""
    #: The question counts papers ("How many papers are from 2024?"): answered by the papers that match.
    counting: bool = False
    #: Papers the question calls by their own name ("CorDA"): a single answer is about them alone.
    own_named: set[str] = field(default_factory=set)


class AnswerEngine:
    """Question → retrieval → evidence per paper → generator → citation checks, for every generator."""

    def __init__(self, settings: Settings, retriever: Retriever) -> None:
        self.settings = settings
        self.retriever = retriever
        self.support = SupportJudge(settings.support_threshold)
        self.evidence = EvidenceJudge(
            RelevanceModel.from_settings(settings, "relevance"),
            RelevanceModel.from_settings(settings, "standout"),
            RelevanceModel.from_settings(settings, "scoped_relevance"),
            RelevanceModel.from_settings(settings, "scoped_standout"),
            min_cosine=settings.standout_min_cosine,
            corroborating_papers=settings.corroborating_papers,
            wide_corroboration=(settings.wide_corroborating_papers, settings.wide_corroboration_min_relevance),
            part_min_similarity=settings.part_min_similarity,
            title_min_similarity=settings.title_topic_min_similarity,
            title_rarest_word_margin=settings.title_topic_rarest_word_margin,
            whole_topic_min_cosine=settings.whole_topic_min_cosine,
            whole_topic_min_relevance=settings.whole_topic_min_relevance,
            contribution_bonus=settings.quote_contribution_bonus,
            coverage_weight=settings.quote_coverage_weight,
            dense_sentence_weight=self.retriever.fusion.sentence_weight,
        )
        self.offline = OfflineDrafter()
        self._client: LLMClient | None = None
        #: the stems of the words naming the field every paper of the collection is in (Settings.collection_field)
        self._field_terms = frozenset(t for words in settings.collection_field for t in query_terms(words))

    def llm(self) -> LLMClient:
        if self._client is None:
            self._client = LLMClient(self.settings)
        return self._client

    def use_llm(self, generator: str | None, notices: list[str]) -> bool:
        choice = generator or self.settings.generator
        if choice == "llm" and not self.settings.llm_configured:
            # Never fall through to the openai package's default host: nothing leaves the machine unasked.
            notices.append("No LLM endpoint is configured (OPENAI_BASE_URL); the offline drafter answered.")
            return False
        return choice in ("llm", "auto") and self.settings.llm_configured

    # ------------------------------------------------------------------ the pipeline
    def run(
        self,
        question: str,
        history: Sequence[dict[str, str]] | None = None,
        k: int | None = None,
        filters: dict[str, Any] | None = None,
        generator: str | None = None,
    ) -> Iterator[str | Answer]:
        # "yes" to an answer's offer of more papers asks for them
        question = accepted_offer(question, history or [])
        reader = Reader(self._searched_for, lambda text: [at for at, _ in self.retriever.find_titles(text)])
        parts = split_questions(question, reader)
        more = self._more_of_parts(question, history or [], reader) if len(parts) == 1 else None
        if len(parts) == 1 and more is None:
            yield from self._run_one(question, history, k, filters, generator)
            return
        earlier_message: dict[str, str] | None = None  # "show me more": the message whose parts are paged
        if more is not None:
            parts, earlier_message = more
        asked, parts = len(parts), parts[: self.settings.max_question_parts]
        # Several questions in one message: each answered on its own, after the same conversation, or, when it
        # restricts the list before it ("Which of them ...?"), as the turn after that list. Each part's text
        # is shown once it is checked and numbered as the joined answer numbers it.
        joined = JoinedAnswer(question)
        for index, part in enumerate(parts):
            earlier = list(history or [])
            if part.follows:
                before, said = joined.parts[-1]
                earlier += [{"role": "user", "content": before}, {"role": "assistant", "content": said.text}]
            elif more is not None:
                # "show me more" after a message of several questions: more of each, as if that message had
                # asked this part alone (every paper its answer listed is still left out)
                earlier = [{**m, "content": part.question} if m is earlier_message else m for m in earlier]
            answer = None
            for piece in self._run_one(question if more else part.question, earlier, k, filters, generator):
                if isinstance(piece, Answer):
                    answer = piece
            assert answer is not None
            yield (SECTION_BREAK if index else "") + joined.add(part.question, answer)
        answer = joined.answer()
        if asked > len(parts):
            answer.notices.append(
                f"This message asks {asked} questions; the first {len(parts)} are answered. "
                "Ask the others on their own."
            )
        yield answer

    def _more_of_parts(
        self, question: str, history: Sequence[dict[str, str]], reader: Reader
    ) -> tuple[list[Part], dict[str, str]] | None:
        """For "show me more" after a message that asked several questions: that message's parts (restrictions
        of a list aside, which page with their list), and the message as the history holds it."""
        if not history or not asks_for_more(question):
            return None
        follow = resolve_follow_up(question, history, self.retriever.find_titles, has_topic_words)
        if follow.mode != "more":
            return None
        parts = [part for part in split_questions(follow.previous_question, reader) if not part.follows]
        asked = (
            m for m in reversed(history) if m.get("role") == "user" and m.get("content") == follow.previous_question
        )
        message = next(asked, None)
        return (parts, message) if len(parts) > 1 and message is not None else None

    def _abstract_of(self, paper_id: str) -> str:
        """A paper's abstract ("" for one the index no longer holds), for papers described by its words."""
        paper = self.retriever.papers.get(paper_id)
        return paper.abstract if paper is not None else ""

    def _searched_for(self, text: str) -> set[str]:
        """What ``text`` names to search for: its topic terms and filters."""
        plan = self.retriever.plan(text)
        return set(plan.terms) | {f"{key}={value}" for key, value in plan.filters.items()}

    def _run_one(
        self,
        question: str,
        history: Sequence[dict[str, str]] | None = None,
        k: int | None = None,
        filters: dict[str, Any] | None = None,
        generator: str | None = None,
    ) -> Iterator[str | Answer]:
        started = time.perf_counter()
        notices: list[str] = []
        use_llm = self.use_llm(generator, notices)
        turn = self._understand(question, history or [], k or self.settings.top_k, dict(filters or {}), use_llm)
        turn.notices += notices
        request, result = self._gather(turn)
        if _switches_topic(turn, request):
            # "ok and what about their work on fashion?" after papers on knowledge graphs: the pronoun points at
            # papers none of which answers, and the question names a topic of its own, so it is a new search.
            turn = _as_new_search(turn, len(turn.follow_up.paper_ids))
            request, result = self._gather(turn)
        chosen: Generator = self.offline
        if use_llm and request.answering and not request.near_miss:
            chosen = LLMGenerator(self.llm())
        t0 = time.perf_counter()
        draft = yield from chosen.draft(request)
        if chosen is not self.offline:
            turn.timings["llm_ms"] = (time.perf_counter() - t0) * 1000
        if draft.failure:
            turn.notices.append(f"{draft.failure}; this answer comes from the offline drafter.")
            chosen = self.offline
            t0 = time.perf_counter()
            draft = yield from self.offline.draft(request)
        if chosen is self.offline:
            turn.timings["draft_ms"] = (time.perf_counter() - t0) * 1000
        t1 = time.perf_counter()
        evidence = {ev.paper_id: ev for ev in [*request.answering, *request.near_miss, *request.elsewhere]}
        answer = verify(self, turn, draft, evidence, chosen is not self.offline)
        if answer is None:  # the LLM's answer held no claim its sources support
            turn.notices.append(
                "No claim in the LLM's answer is supported by its sources; the offline drafter answered."
            )
            draft = self.offline.compose(request)
            answer = verify(self, turn, draft, evidence, False)
            assert answer is not None
        if chosen is not self.offline and not answer.refused and self.settings.llm_quote_left_out:
            answer = self._with_left_out(turn, request, answer, evidence)
        answer.generator = chosen.name if answer.generator != "offline" else "offline"
        answer.hits, answer.capped = result.hits, request.capped
        turn.timings["support_ms"] = (time.perf_counter() - t1) * 1000
        turn.timings["total_ms"] = (time.perf_counter() - started) * 1000
        answer.timings = turn.timings
        yield answer

    def _with_left_out(
        self, turn: Turn, request: DraftRequest, answer: Answer, evidence: dict[str, Evidence]
    ) -> Answer:
        """An LLM's list answer with the papers the evidence judge found to answer and the model left out (or
        whose sentences failed the support check) quoted after it: the system, not the model, decides which
        papers answer. A one-paper answer is complete with its paper."""
        cited = {c.paper_id for c in answer.citations}
        left_out = [ev for ev in request.answering if ev.paper_id not in cited]
        if len(request.answering) < 2 or not left_out:
            return answer
        sources = [evidence[c.paper_id].hit for c in answer.citations]
        text = f"{answer.text}\n\n{self.offline.left_out(left_out, len(sources) + 1)}"
        own = [n for n in answer.notices if n not in turn.notices]
        note = f"{len(left_out)} paper(s) the LLM's answer left out are quoted from their abstracts."
        completed = verify(
            self,
            turn,
            Draft(
                text,
                [*sources, *(ev.hit for ev in left_out)],
                False,
                notices=[*own, note],
                token_counts=answer.token_counts,
            ),
            evidence,
            True,
        )
        return completed if completed is not None else answer

    def assess(
        self, question: str, history: Sequence[dict[str, str]] | None = None, k: int | None = None
    ) -> list[Evidence]:
        """The retrieved papers, each judged against the question as :meth:`run` judges them."""
        turn = self._understand(question, history or [], k or self.settings.top_k, {}, use_llm=False)
        result = self.retriever.search(turn.standalone, k=turn.k, filters=turn.filters)
        return self.judge(turn.standalone, result, turn.intent, _scope_question(turn.follow_up))

    # ------------------------------------------------------------------ understanding
    def _understand(
        self, question: str, history: Sequence[dict[str, str]], k: int, filters: dict[str, Any], use_llm: bool
    ) -> Turn:
        shown = question
        # "wat GPUs was X trained on?" is read as "what GPUs ...", but "slca vs mos" names MOS
        question = repair_function_words(question, self.retriever.names_a_paper)
        question = without_remark_before(question, self.retriever.names_a_paper)
        question = without_asides(self._names_as_titled(question, history), self.retriever.names_a_paper)
        follow = resolve_follow_up(
            question,
            history,
            self.retriever.find_titles,
            has_topic_words,
            self._abstract_of,
            known_short_form=lambda short: self.retriever.expand(short) != short,
        )
        follow = replace(follow, conversation_topic=conversation_topic(history, has_topic_words))
        if follow.mode == "none" and history:
            follow = self._about_the_paper_on_the_table(question, history, follow)
        # A paper the asking sentence names by its title is the one asked about, whatever a remark before it describes:
        # "the I2P one says 2D in the title. anyway - whats ULIP-2's scanobjectnn number?"
        asking = question[asking_sentence_start(question) :]
        remark = question[: len(question) - len(asking)]
        named_in_asking = asking != question and (
            any(pid in follow.paper_ids for _, pid in self.retriever.find_titles(asking))
            # ... and so is one it picks by place, whatever the remark is about: "RA-CM3 generates images, it says so.
            # ok whatever, summarise the second paper for me"
            or (follow.mode == "ordinal" and refers_by_set_or_place(asking) and has_topic_words(remark))
        )
        if (
            not named_in_asking
            and follow.mode in ("ordinal", "topic")  # ("which of those use the Mamba model?" may be answered by none)
            and intent_of(question).kind != "compare"  # (a comparison's sides are found below)
            and (elsewhere := self._described_elsewhere(question, follow))
        ):
            # "For the Minecraft one, how well does it do ...?" after agents none of which writes "Minecraft": the
            # paper the description is of, not the one the pronoun would fall on
            follow = FollowUp("ordinal", [elsewhere], follow.previous_question, follow.own_question, pronoun="subject")
        elif (
            not named_in_asking
            and follow.mode in ("ordinal", "set", "topic")
            and intent_of(question).kind != "compare"
            and not restricts_a_set(question)  # ("which of those use the Mamba model?" restricts the table)
            and (titled := self._described_in_the_corpus(question, set(follow.paper_ids)))
            and not any(self._titled_as(question, paper_id) for paper_id in follow.paper_ids)
            and not (follow.mode == "ordinal" and any(self._writes_description(question, p) for p in follow.paper_ids))
        ):
            # "and the face foundation model - what does it pretrain on?" after papers none of whose titles says so:
            # the one paper of the corpus whose title does ("FSFM: A Generalizable Face Security Foundation Model").
            # A paper picked from the table by the description its abstract writes stays picked: "the eeg one" after
            # FLEEG ("... through Federated Learning", whose abstract decodes EEG) is not another paper titled "EEG".
            follow = FollowUp("ordinal", [titled], follow.previous_question, follow.own_question, pronoun="subject")
        if (
            follow.mode == "ordinal"
            and len(follow.paper_ids) == 1
            and intent_of(question).kind == "compare"
            and (
                other := self._described_in_the_corpus(question, set(follow.paper_ids))
                # or named as only another paper's abstract writes it: "fusellm vs twin-merging" after Twin-Merging
                or self._described_elsewhere(question, follow, other_side=True)
            )
        ):
            # "compare the deep boosting one with the dynamic contrastive distillation one": the side no answer
            # listed is the one paper of the corpus whose title the description's words are in
            follow = replace(follow, paper_ids=[*follow.paper_ids, other])
        if follow.mode == "more":
            # "show me more": the last question asked again, the papers its answers listed left out.
            turn = self._understand(follow.previous_question, [], k, filters, use_llm)
            follow = replace(follow, asked_before=self._asked_before(follow.previous_question, history))
            return replace(turn, question=shown, follow_up=follow)
        # "ok now show me work on X", "hmm ok. on another note, any ...": the lead-in told the follow-up
        # resolver the conversation goes on; the question itself starts after it.
        question = without_lead_in(question)
        follow = replace(follow, own_question=without_lead_in(follow.own_question))
        # The words that state a filter say which papers, not what to tell about them: "Which papers were
        # written by Ke Liang?" lists his papers; it does not ask for their authors.
        plan = self.retriever.plan(question)
        asked = plan.topical or question
        own = strip_references(asked) if follow.own_question else ""
        intent = follow_up_intent(asked, replace(follow, own_question=own))
        if plan.filters and not plan.query.sort and intent.kind == "single" and intent.attribute is None:
            # "graph stuff in the arXiv abstract list?": a topic asked of the papers a filter selects is asked
            # of each of them, as "which of those" is.
            intent = Intent("list", None, intent.limitation)
        elif plan.filters and not plan.query.sort and intent.kind == "single" and intent_of(question).kind == "list":
            # "Which papers on Ke Liang's page have a GitHub link?": the words the filter took held the list's form
            intent = replace(intent, kind="list")
        if (
            intent.kind == "list"
            and follow.mode == "none"
            and plan.terms
            and self._only_names_a_paper(asked, plan.terms)
        ):
            # "SLCA?", "and KdConv?": a paper's own name and nothing else asks what that paper is.
            intent = Intent("single", None, intent.limitation)
        if (
            intent.kind == "single"
            and intent.attribute is None
            and follow.mode == "none"
            and follow.previous_question
            and plan.terms
            and self._only_names_a_paper(asked, plan.terms)
            and not asks_for_a_description(question)
            and self.retriever.find_titles(follow.previous_question)
            and (asked_before := attribute_of(follow.previous_question)) is not None
        ):
            # "How many authors does HACK have?", then "And RESTORE?": the same fact, of the paper named now
            intent = Intent("single", asked_before, intent.limitation)
        counting = counts_papers(asked)
        if counting:
            # "How many papers are from 2024?" asks for the papers that match, counted: a list, not a fact
            # some abstract states.
            intent = Intent("list", None, intent.limitation)
        if follow.pronoun == "subject" and follow.paper_ids and _names_own_topic(follow, intent):
            # "does that one test on any biomedical knowledge graph?", "do they handle long documents?": the
            # papers on the table, restricted to those whose evidence answers, as "which of those" is.
            follow = replace(follow, mode="set")
        if _asks_for_every_paper(intent, follow, shown):
            # "give me all the continual learning papers": every paper that answers, up to a longer page (asked as the
            # user wrote it: "Which papers are about knowledge graphs? I want all of them." asks it in an aside)
            k = max(k, self.settings.all_papers_k)
        turn = Turn(shown, intent, follow, question, k, filters, counting=counting)
        for cited in plan.unlisted_authors:
            turn.notices.append(
                f"No author list in the collection names {cited} (most papers carry none), so the "
                "abstracts were searched without the name."
            )
        if follow.missing_position:
            turn.notices.append(
                f"No earlier answer in this conversation has {follow.missing_position} ({follow.longest_list()}), "
                "so the question was read without it."
            )
            if follow.mode == "none":
                # ... and searched without it: "what did the second one find?" after one-paper answers had matched
                # "second" in OakInk's "the second knowledge base" and answered with a paper nobody had mentioned
                turn.standalone = follow.own_question or question
        if follow.mode in ("set", "ordinal"):
            turn.standalone = follow.own_question or question
            turn.filters["paper_ids"] = follow.paper_ids
        elif follow.mode == "topic" and not follow.paper_ids:
            turn.standalone = f"{follow.own_question} ({follow.previous_question})"
            turn.notices.append(
                "No paper answered the question before it, so the whole corpus was searched for papers "
                "that answer this question and the one before it."
            )
        elif follow.mode == "topic":
            # "What dataset does it use?" continues the last question's topic; "and their work on protein
            # structure?" names its own, on which the papers on the table are judged alone: with the last
            # question's words beside it, they pass on those.
            own = _names_own_topic(follow, intent)
            turn.standalone = follow.own_question if own else f"{follow.own_question} ({follow.previous_question})"
            if follow.paper_ids:
                turn.filters["paper_ids"] = follow.paper_ids
        if use_llm and history and follow.mode in ("none", "topic") and refers_to_conversation(question):
            # With an LLM, the rewrite resolves what the rules left open; its output is checked first.
            turn.standalone = self._rewrite(question, history, turn.standalone, turn.notices)
        turn.standalone = without_contrast(turn.standalone) or turn.standalone
        if follow.mode == "none":
            # The topic is the first part; a clause about "their datasets" asks the papers it finds for more. A
            # first part that only names a paper ("relational knowledge distillation - what losses do they
            # propose?"), or describes one ("the original RAG paper - what did they combine?"), is the paper the clause
            # asks about.
            head, about = split_compound(turn.standalone)
            if (
                about
                and not ONE_PAPER_DESCRIBED.match(head)
                and not self._only_names_a_paper(head, self.retriever.plan(head).terms, or_title_words=True)
            ):
                turn.standalone, turn.about_them = head, about
                if intent.kind == "single" and _TOPIC_ONLY.match(head) and not self.retriever.find_titles(head):
                    # "What about graph clustering, what datasets do they use?": the papers on the topic, each
                    # asked the clause's fact, as "Are there papers on X, and what ...?" asks
                    turn.intent = replace(intent, kind="list")
        return turn

    def _described_elsewhere(self, question: str, follow: FollowUp, other_side: bool = False) -> str | None:
        """The paper a description in a follow-up means ("the Minecraft one", "the Chinese one") when no paper on the
        table writes its words: the one paper writing them that a search for the description, with the question the
        papers on the table answered, finds (several, as "Chinese" would be, leave the reference as it was read).
        ``other_side``: the question compares a paper on the table with another, so a description the table's paper
        writes is that side, and the other is looked for ("the BCI one and CreamFL")."""
        # "SimpleCIL - does it need any training ...?": a name, as the user writes one, is a description of its own;
        # not where the paper is what the name is asked on ("what accuracy did GPT-4o get on it?")
        names = [] if refers_as_an_object(question) else self._names_written(question)
        freely_worded = set(described_after_the_noun(question))
        for description in [*described_papers(question), *names]:
            # (as the index splits words: "CoT-Valve" is written where "cot" and "valv" are)
            stems = set(query_terms(description))
            # the paper itself described, before the noun or after it ("the one about version naming of releases")
            described = rf"\bthe\s+{re.escape(description)}\s+(?:one|paper)\b"
            described += rf"|\bthe\s+(?:one|paper|work|study|article)\s+(?:\w+\s+){{1,2}}{re.escape(description)}"
            if not stems or (description not in names and not re.search(described, question, re.I)):
                continue  # ("the Mamba model" may name a kind of thing a paper uses, not a paper)

            # (in any of the corpus's spellings: "multimodal" is written where "multi-modal" is)
            spellings = self.retriever.spellings(description, sorted(stems))

            # (a name is written in full, too, as a paper defining it spells it out: "Hugging Face" is "HF"; written
            # as a phrase, not word by word: "segment ... model" is no "Segment Anything Model")
            long_forms = [
                re.compile(r"\b" + r"[\s-]+".join(map(re.escape, long.split())) + r"s?\b", re.I)
                for long in (self.retriever.long_forms(description) if description in names else ())
            ]

            def writes(
                paper_id: str,
                stems: set[str] = stems,
                spellings: Spellings = spellings,
                long_forms: list[re.Pattern[str]] = long_forms,
            ) -> bool:
                def has(term: str) -> bool:
                    return self.retriever.contains(paper_id, term)

                if all(has(s) or any(all(map(has, other)) for other in spellings.get(s, ())) for s in stems):
                    return True
                paper = self.retriever.papers.get(paper_id) if long_forms else None
                return paper is not None and any(p.search(f"{paper.title or ''} {paper.abstract}") for p in long_forms)

            if any(writes(paper_id) for paper_id in follow.paper_ids):
                if other_side:
                    continue
                return None  # the description picks among the papers on the table
            searched = f"{description} {strip_references(question)} {follow.previous_question}"
            best = self.retriever.search(searched, k=1).hits if description in freely_worded else []
            if best and best[0].paper_id in follow.paper_ids:
                # what a paper does, which a paper on the table fits best in other words: "the one that goes from
                # pictures to sound" is V2A-Mapper, which writes "vision-to-audio"
                return None
            # several papers may write a description's word ("the Chinese one"): the one the question and the
            # conversation find first is meant; a name ("CLIP", "GLUE") written by several is no one paper's
            if found := self._the_one_found(
                searched, lambda hit, writes=writes: writes(hit.paper_id), or_the_first=description not in names
            ):
                return found
        return None

    def _names_written(self, question: str) -> list[str]:
        """The words a question writes as names that may be a paper's ("KnowEdit", "CoT-Valve"); not a kind the
        corpus abbreviates ("which LLMs did they run KnowEdit on?"), nor names offered as answers ("which benchmarks
        did that one use, FB15k-237 or WN18RR?"), nor a name compounded into a modifier ("CLIP-style models"), nor
        any name a yes/no guess about a part of the paper on the table offers ("was the backbone a ViT-B/16
        pre-trained on ImageNet-21K?" asks that paper), nor the measure asked or the benchmark it is asked on."""
        if guesses_about_its_part(question):
            return []
        kinds = self.retriever.short_form_kinds
        words = re.findall(r"[\w-]+", question)
        offered = {
            w for m in _OFFERED.finditer(question) for option in m.groups() for w in re.findall(r"[\w-]+", option)
        }
        excluded = offered | _guesses_offered(question)
        # the measure asked and the benchmark it is asked on ("what MRR does it get on FB15K-237?") name no paper
        asked = attribute_of(question)
        if asked is not None:
            # (the measure as written, too: "what F1@5 did their best model get on KP20k?" asks no paper writing "F1")
            measure = set(asked.words) | {w.lower() for w in re.findall(r"[\w-]+", asked.phrase)}
            excluded |= set(asked.benchmarks) | {w for w in words if w.lower() in measure}
            # and the units it is asked in, with what modifies them: "how many GPU hours did the TinyR1 merge take?"
            units = attribute_units(asked)
            excluded |= {
                w
                for w, after in zip(words, [*words[1:], ""], strict=True)
                if {stem(w.lower()), stem(after.lower())} & units
            }
        # a capitalised plain word that one paper introduces as its method's name: "How small does Compressor make
        # the models?" asks the paper that proposes Compressor, whichever paper is on the table
        coined = named_words(question)
        return [
            w
            for w in words
            if (_NAME_SHAPE.fullmatch(w) or (w.lower() in coined and self.retriever.coins(w)))
            and not w.isdigit()
            and not is_a_kind(w, kinds)
            and w not in excluded
            and all(re.search(r"[A-Z0-9]", part) for part in w.split("-") if part)
        ]

    def _described_in_the_corpus(self, question: str, known: set[str]) -> str | None:
        """The one paper, besides ``known``, whose title holds every word of a description in the question ("the
        deep boosting one" -> "Deep Boosting Learning: ..."), among those a search for the description finds."""
        for match in described_papers(question):
            stems = content_stems(match)

            def titled(hit: Hit, stems: set[str] = stems) -> bool:
                return hit.paper_id not in known and stems <= content_stems(hit.title or "")

            if stems and (found := self._the_one_found(match, titled)):
                return found
        return None

    def _writes_description(self, question: str, paper_id: str) -> bool:
        """Does this paper's title or abstract write a description in the question as one phrase ("the eeg one": "EEG
        decoding"; not "contrastive" here and "distillation" there for "the contrastive distillation one")?"""
        paper = self.retriever.papers.get(paper_id)
        if paper is None:
            return False
        text = f"{paper.title or ''}\n{paper.abstract}"
        for match in described_papers(question):
            words = [stem(w) for w in WORD.findall(match.lower()) if w not in FUNCTION_WORDS]
            if words and re.search(r"\b" + r"\w*[\s-]+".join(map(re.escape, words)) + r"\w*", text, re.I):
                return True
        return False

    def _titled_as(self, question: str, paper_id: str) -> bool:
        """Does this paper's title hold every word of a description in the question ("the face foundation model")?"""
        paper = self.retriever.papers.get(paper_id)
        title = content_stems(paper.title or "") if paper is not None else set()
        return any((stems := content_stems(match)) and stems <= title for match in described_papers(question))

    def _the_one_found(self, description: str, keep: Callable[[Hit], bool], or_the_first: bool = False) -> str | None:
        """The paper a search for a description finds, when exactly one of its first five hits is ``keep``-ed, or,
        ``or_the_first``, when the first hit is."""
        hits = self.retriever.search(description, k=5).hits
        found = [hit.paper_id for hit in hits if keep(hit)]
        if or_the_first and found and found[0] == hits[0].paper_id:
            return found[0]
        return found[0] if len(found) == 1 else None

    def _only_names_a_paper(self, question: str, terms: Sequence[str], or_title_words: bool = False) -> bool:
        """Are the question's topic terms all the name a paper's title gives it ("SLCA: Slow Learner ..."), or,
        for a title that gives none, its title's words ("Relational Knowledge Distillation")? Names its abstract
        gives it may stand beside the title's: "In the mPnP-LLM modality plug-and-play paper".

        With ``or_title_words``, the words of any title name its paper too ("DiffKG knowledge graph diffusion for
        recommendation - what datasets ...?"): a lead a fact is asked of names a paper however it is written, where
        a list of the title's words may still ask for the papers on its topic."""
        for _, paper_id in self.retriever.find_titles(question):
            paper = self.retriever.papers[paper_id]
            name = paper.title if or_title_words else title_name(paper.title) or paper.title
            own_names = [written for written in names_in(question) if writes_name(written, paper.abstract)]
            if name and set(terms) <= set(query_terms(" ".join([name, *own_names]))):
                return True
        return False

    def _names_as_titled(self, question: str, history: Sequence[dict[str, str]] = ()) -> str:
        """Paper names the question writes in lower case ("oneencoder param count") as their titles write them
        ("OneEncoder: ..."): the question reader knows a name by its capitals or digits, and a user's
        lower-case name would leave a terse question about that paper a topic to list. Only one-word names
        with inner capitals or digits, written as no English word MiniLM knows whole: "this kind of stuff"
        does not name "KIND: ...". A name that is an English word ("Lion") is a name in lower case too once the
        conversation has cited its paper: "how much compute did training lion take?" after Lion was listed asks
        Lion, where searched as a topic it was answered by another paper's GPU hours."""
        for paper_id in self._cited_in(history):
            name = title_name(self.retriever.papers[paper_id].title)
            if name and name.isalpha() and name[1:].islower() and name[0].isupper():
                question = re.sub(rf"(?<![\w-]){name.lower()}(?![\w-])", name, question)
        for at, paper_id in reversed(self.retriever.find_titles(question)):
            name = title_name(self.retriever.papers[paper_id].title)
            written = question[at : at + len(name)]
            if (
                _NAME_SHAPE.fullmatch(name)
                and written == name.lower()
                and term_weight(written) >= 1.0  # "kind", "aria": words, not names
            ):
                question = question[:at] + name + question[at + len(name) :]
        # and a name that only abstracts write, as the few papers using it write it ("promac" -> "ProMaC")
        return _LOWER_CASE_WORD.sub(self._as_written, question)

    def _cited_in(self, history: Sequence[dict[str, str]]) -> list[str]:
        """The papers the conversation's answers cited, in order, each once."""
        cited = (
            cited_papers_in(m.get("content") or "", self.retriever.find_titles)
            for m in history
            if m.get("role") == "assistant"
        )
        return list(dict.fromkeys(pid for papers in cited for pid in papers if pid in self.retriever.papers))

    def _as_written(self, match: re.Match[str]) -> str:
        word = match.group(0)
        if word in STOP_WORDS or term_weight(word) < 1.0:  # a word MiniLM knows whole is English, not a name
            return word
        return self.retriever.written_as_a_name(word) or word

    def _about_the_paper_on_the_table(
        self, question: str, history: Sequence[dict[str, str]], follow: FollowUp
    ) -> FollowUp:
        """A question after an answer about one paper, naming no paper and asking for none, whose topic words that
        paper's abstract holds ("what model generates the final image?", "how big was the improvement in success
        rate?"), asks that paper. Searched across the corpus, it would be answered by whichever paper shares its
        words. Whether the paper holds them is read from its abstract, not from the question's form."""
        papers = follow.latest_papers  # read from the history once, by the follow-up resolver
        # A title the question names is asked about, unless it is what the paper is measured on ("the knowledge
        # selection accuracy on Wizard of Wikipedia", after SKT): a dataset's paper, not the one asked.
        titled = [at for at, paper_id in self.retriever.find_titles(question) if paper_id not in papers]
        measured_on = all(_MEASURED_ON.search(question[:at]) for at in titled)
        if len(papers) != 1 or asks_for_papers(question) or not measured_on:
            return follow
        # weighed as relevance weighs a topic's terms: IDF times English specificity, so the everyday words of a
        # short follow-up ("final", "best") count for little
        specificity = topic_specificity(question, self.settings.topic_common_word_exponent)
        weights = {t: self.retriever.idf(t) * specificity.get(t, 1.0) for t in self.retriever.plan(question).terms}
        total = sum(weights.values())
        if not total:
            return follow
        held = sum(w for term, w in weights.items() if self.retriever.contains(papers[0], term)) / total
        # (a guess about a part of it by its definite noun, "was the backbone a ViT-B/16?", asks it whatever it holds)
        if held < self.settings.on_the_table_share and not guesses_about_its_part(question):
            return follow
        asked = next((m.get("content") or "" for m in reversed(history) if m.get("role") == "user"), "")
        return FollowUp("ordinal", papers, asked, follow.own_question, pronoun="subject")

    def _rewrite(self, question: str, history: Sequence[dict[str, str]], fallback: str, notices: list[str]) -> str:
        try:
            rewritten = self.llm().rewrite_follow_up(question, history)
        except LLMError as exc:
            notices.append(f"The follow-up could not be rewritten by the LLM ({exc}); a simple rule was used.")
            return fallback
        # The rewrite must keep what the user asked: most of the question's own words, and no essay.
        own = content_stems(strip_references(question))
        kept = len(own & content_stems(rewritten)) / len(own) if own else 1.0
        if not rewritten or kept < 0.5 or len(rewritten) > 3 * len(question) + 200:
            notices.append("The LLM's rewrite of the follow-up dropped the question's own words; a rule was used.")
            return fallback
        return rewritten

    def _asked_before(self, question: str, history: Sequence[dict[str, str]]) -> bool:
        """Did the conversation's questions ask every topic word of ``question``, short forms written out? "MoE
        papers" was asked by "what's in here on mixture of experts models?"; "visual QA or medical ones" was not by
        a question on knowledge graphs for question answering."""
        wanted = set(query_terms(self.retriever.expand(question)))
        asked = {
            term
            for message in history
            if message.get("role") == "user"
            for term in query_terms(self.retriever.expand(message.get("content", "")))
        }
        return bool(wanted) and wanted <= asked

    # ------------------------------------------------------------------ evidence
    def _gather(self, turn: Turn, check_more: bool = True) -> tuple[DraftRequest, SearchResult]:
        """Retrieve, judge each paper, and decide what the answer may say. ``check_more``: before offering more
        answers than the list shows, ask for them as the user would (:meth:`_more_to_show`)."""
        intent, follow = turn.intent, turn.follow_up
        shown = set(follow.paper_ids) if follow.mode == "more" else set()
        pool = turn.k * 2 if intent.kind in ("list", "compare") and follow.mode in ("none", "more") else turn.k
        pool += 2 * len(shown)  # deep enough for k answers beyond those already listed
        if follow.mode in ("set", "ordinal", "topic") and follow.paper_ids:
            pool = max(pool, len(follow.paper_ids))
        searched = turn.standalone
        if intent.attribute is not None and intent.attribute.type == "availability" and follow.mode == "none":
            # "Which papers have a GitHub link and work on medical imaging?": the topic is searched and judged
            # without the words asking for the property; whether each paper has it is checked after
            topic_only = _without_terms(searched, set(attribute_units(intent.attribute)))
            if topic_only != searched and has_topic_words(topic_only):
                searched = topic_only
        t0 = time.perf_counter()
        result = self.retriever.search(searched, k=pool, filters=turn.filters)
        filter_only = not result.plan.terms and bool(result.plan.filters)
        if filter_only and result.total_matches > len(result.hits):
            # A question that is only a filter is answered by every matching paper, not the top k.
            result = self.retriever.search(turn.standalone, k=result.total_matches, filters=turn.filters)
        unjudged = dict(result.unjudged)
        if result.plan.terms and result.plan.query.sort:
            # A topic's ordering: the papers it could not rank are counted among those on the topic (_top_places).
            unjudged.pop(result.plan.query.ranked_key, None)
        unjudged_notices = [unjudged_notice(name, n) for name, n in unjudged.items()]
        turn.notices += unjudged_notices
        turn.timings["retrieval_ms"] = (time.perf_counter() - t0) * 1000
        t1 = time.perf_counter()
        answered_before = bool(shown) and follow.asked_before
        every_paper = _asks_for_every_paper(intent, follow, turn.question)
        judged = self.judge(
            searched,
            result,
            intent,
            _scope_question(follow),
            answered_before=answered_before,
            every_paper=every_paper,
        )
        turn.timings["evidence_ms"] = (time.perf_counter() - t1) * 1000
        request = DraftRequest(turn.question, turn.standalone, intent, [], closest=[e.hit for e in judged[:3]])
        request.follow_up, request.scope_size = follow, len(follow.paper_ids)
        request.unjudged = unjudged_notices
        narrowing = {k for k in result.plan.filters if k not in ("sort", "limit", "paper_ids")}
        request.nothing_passes_filters = bool(narrowing) and result.total_matches == 0
        request.no_topic = (
            follow.mode == "none"
            and not result.plan.filters
            and not has_topic_words(turn.question)
            # "tell me about MoRE": a name, though its letters spell a stop word
            and not self.retriever.find_titles(turn.question)
            and not any(_NAME_SHAPE.fullmatch(word) for word in turn.question.split())
        )
        if shown:
            request.closest = [e.hit for e in judged if e.paper_id not in shown][:3]
        request.filter_only, request.counting = filter_only, turn.counting
        request.ordered = bool(result.plan.query.sort)
        if intent.kind == "compare":
            request.unknown_names = self._unwritten_names(turn.standalone)
        if turn.counting and not result.plan.terms and not result.plan.filters and follow.mode == "none":
            request.collection_size = len(self.retriever.papers)  # "How many papers are in the corpus?"
            return request, result
        asks_each = intent.attribute is not None and (
            follow.mode == "topic"
            or (
                follow.mode == "set"
                and intent.attribute.type in _PROPERTIES_OF_ANY_PAPER
                # "did any of them release an instruction-tuning dataset?" asks for a kind of dataset: the papers
                # are judged on "instruction-tuning" too, not on stating any dataset of their own. (Code, dates,
                # authors or hardware are asked with words that name no kind: "which ones actually put their
                # code out publicly?" is judged on the property alone; judging it on "actually" and "put" lost
                # those rows of dev_final and dev_s8.)
                and (intent.attribute.type != "resource" or _names_only(intent.attribute, result.plan.terms))
            )
        )
        # "how do the two differ in the way they fine-tune CLIP?": the papers a comparison's subject points at are
        # the ones compared, as papers picked by position are; how each fine-tunes is for its evidence to say
        compared_on_the_table = intent.kind == "compare" and follow.mode == "topic" and follow.pronoun == "subject"
        picked = (follow.mode == "ordinal" and not _names_own_topic(follow, intent)) or compared_on_the_table
        # "how do they get around having so few labels?", "what kind of gains do those report?": an open question
        # about the papers on the table asks each of them, as "summarise them" does; "do they handle X?" and "which
        # of them ..." pick among them
        asked_of_each = (
            follow.mode == "set"
            and asks_an_open_question(follow.own_question or turn.question)
            # ("what did the paper asking whether PLMs infer unseen links conclude?" describes its own paper)
            and not _DESCRIBED_PAPER.search(turn.question)
        )
        if picked or asked_of_each or (follow.paper_ids and asks_each) or _only_a_property(turn, result.plan.terms):
            # The user picked the paper, or asks the papers on the table for a fact ("how long did it take
            # to train them?", "which ones put their code out publicly?"), or asks the corpus for a property
            # alone ("which papers release their code?"): every paper is the subject whatever the words;
            # whether each states it is checked next.
            relevant = judged
            for ev in judged:
                ev.relevant = True
            if follow.mode == "ordinal":  # in the order the user picked them ("the third and the first")
                order = {pid: i for i, pid in enumerate(follow.paper_ids)}
                relevant = sorted(judged, key=lambda ev: order.get(ev.paper_id, len(order)))
        elif filter_only:
            relevant = judged  # a question that is only a filter: every paper matching it answers
            for ev in judged:
                ev.relevant = True
        else:
            relevant = [e for e in judged if e.relevant]
            if shown and not any(e.paper_id not in shown for e in relevant):
                # A request for more that no further paper passes: those each short of the cut-off, at the relevance
                # a broad list's papers need (Settings.wide_corroboration_min_relevance), are the more asked for
                weaker = self._weaker_answers(judged, shown)
                relevant += weaker
                request.weaker = bool(weaker)
            if result.plan.query.sort:
                relevant = self._top_places(result, relevant, turn.notices)
            else:
                relevant.sort(key=lambda e: -e.relevance)
        # the papers the question names by title, in its order (read once: the orderings and facts below use them)
        titled = list(dict.fromkeys(pid for _, pid in sorted(self.retriever.find_titles(turn.standalone))))
        named = titled if result.plan.query.sort and follow.mode == "none" else []
        if len(named) >= 2:
            # "Which has more authors, HACK or RESTORE?": the papers it names are the ones to order, each shown with
            # its value; the ordering's field is the answer, whatever their abstracts share with the question.
            relevant = self._named_in_order(turn, judged, named, result)
        elif (
            intent.kind in ("compare", "summary", "single") or intent.attribute is not None
        ) and follow.mode == "none":
            # A question naming its paper ("the parameter count of Kosmos-1") is about that paper.
            relevant = self._named_first(turn, judged, relevant, result.plan.terms)
        # "How many parameters do SpikeGPT and TinyR1 have?": a fact asked of each paper the question names, as in a
        # comparison asking it ("DeeCLIP vs the 'hidden potential of CLIP' paper: which tuning does each use?"); a
        # paper may be named by the name its abstract alone gives it ("what training data did kosmos-1 and RA-CM3
        # use?", RA-CM3 being "Retrieval-Augmented Multimodal Language Modeling")
        named_each = titled
        if intent.attribute is not None and intent.kind in ("single", "compare") and len(titled) == 1:
            named_each = [*titled, *(p for p in self._named_in_abstracts(turn.standalone, judged) if p not in titled)]
        # Papers the user picked by place ("summarise the first two", "for the first three, what datasets?") are each
        # the subject, whatever the intent.
        picked_several = follow.mode == "ordinal" and len(follow.paper_ids) > 1
        several = (
            intent.attribute is not None
            and intent.kind in ("single", "compare")
            and follow.mode == "none"
            and len(named_each) >= 2
            and not request.ordered
        )
        # "how do MMRL and KAPT each try to stop CLIP from overfitting?": a question about two papers it names by
        # their own names is answered by each, as a fact asked of each is
        each_named = (
            intent.kind == "single" and intent.attribute is None and follow.mode == "none" and len(turn.own_named) >= 2
        )
        if several:
            relevant = [e for e in relevant if e.paper_id in named_each]
        elif each_named:
            relevant = [e for e in relevant if e.paper_id in turn.own_named]
            several = True
        elif (
            intent.attribute is not None
            and intent.kind != "compare"  # ("DeeCLIP vs the CLIP deepfake detection paper": one side is described)
            and follow.mode == "none"
            and len(titled) == 1
            and any(e.paper_id == titled[0] for e in relevant)
            and not request.ordered
        ):
            # "In 'Revisiting Class-Incremental Learning with Pre-Trained Models', ... Which datasets?": a fact asked of
            # the one paper the question names by its title is that paper's, or unstated; another paper stating
            # datasets is no answer
            relevant = [e for e in relevant if e.paper_id == titled[0]]
        elif (
            intent.attribute is not None
            and intent.kind == "single"
            and relevant
            and not request.ordered
            and not picked_several
        ):
            # A fact question about one paper: the paper that best matches its subject states it, or none does.
            relevant = relevant[:1]
            named = {part for part in intent.attribute.subject if part.isalpha()}
            if (
                follow.mode == "none"
                and named
                and not any(self.retriever.contains(relevant[0].paper_id, stem(part)) for part in named)
            ):
                # "What routing algorithm does GPT-4 use for its experts?": a paper that never writes the name the
                # question asks about is not the paper it is about, however well it matches the rest
                relevant = []
        # (each further fact as the search reads it: "what domians does it cover?" asks for its domains; a question
        # about one paper asking no kind of fact may ask more in clauses of its own: "which part of the teacher is
        # distilled and from which layer? also what's the new kind of attention knowledge they add", "the factual
        # recall one: what models and what kind of facts did they test, and how high could they push ...?")
        further = (
            further_asks(self.retriever.correct(turn.question), intent.attribute)
            if intent.attribute is not None
            or intent.kind in ("single", "list")
            or (follow.mode == "ordinal" and len(follow.paper_ids) == 1)
            else []
        )
        described_first = len(relevant) > 0 and opens_with_a_description_asked(turn.question)
        unstated_besides = ""
        if intent.attribute is not None:
            for ev in relevant:  # "when was it published?": the paper's record says, shown beside its title
                ev.hit.value = ev.hit.value or metadata_value(intent.attribute, ev.hit.metadata)
                for ask in further:
                    if ask.attribute is not None and (recorded := metadata_value(ask.attribute, ev.hit.metadata)):
                        # "What year was it published, and how many authors does it have?": the record answers both
                        ev.hit.value = "; ".join(dict.fromkeys(v for v in (ev.hit.value, recorded) if v))
        # "how many papers do they each cover?": a fact asked of each paper on the table is answered for each; those
        # whose abstract lacks it are said to, not left out ("which of them have code?" picks among them)
        of_each_on_the_table = (
            bool(follow.paper_ids) and asks_each and len(relevant) > 1 and bool(_EACH.search(turn.question))
        )
        if intent.attribute is not None and (
            (intent.kind == "list" and turn.about_them)
            or ((several or of_each_on_the_table or picked_several) and any(e.states_attribute for e in relevant))
        ):
            # "Which papers improve X, and how much do they cut its error rate?": every paper on X answers the
            # list; those stating the figure come first, and the answer says which abstracts do not state it.
            relevant.sort(key=lambda e: not e.states_attribute)
            request.unstated = [e for e in relevant if not e.states_attribute]
        elif intent.attribute is not None and not any(e.states_attribute for e in relevant) and described_first:
            # "What does LLaVA-MoD do, and which datasets were used?": its abstract says what it does; that the
            # datasets are not stated is said beside it, not as a refusal of the whole question
            unstated_besides = intent.attribute.describe()
        elif intent.attribute is not None:
            stating = [e for e in relevant if e.states_attribute]
            request.near_miss = [e for e in relevant if not e.states_attribute] if not stating else []
            relevant = stating
        one_paper = (
            # (one paper picked by place or description is the subject, whatever the question's plural: "the
            # sequential latent one - what datasets did they evaluate on?")
            (intent.kind in ("single", "summary") or (follow.mode == "ordinal" and len(follow.paper_ids) == 1))
            and follow.mode not in ("set", "more")
            and not picked_several
            and not several
        )
        if intent.kind == "single" and not (intent.attribute or intent.aspect or turn.own_named):
            # A topic asked without asking for one paper ("MoE designs in multimodal LLMs - what does the
            # collection have?") is answered by every paper whose evidence answers it, as a list is.
            one_paper = one_paper and asks_for_one_paper(turn.question)
        if shown:
            relevant = [ev for ev in relevant if ev.paper_id not in shown]
        # Where the search stopped: a paper that answers in the pool's second half means answers still turn
        # up at its edge, so the corpus beyond it may hold more (judged by evidence, answers are not sorted
        # by retrieval rank).
        rank = {ev.paper_id: i for i, ev in enumerate(judged)}
        deepest = max((rank.get(ev.paper_id, 0) for ev in relevant), default=-1)
        at_the_edge = 0 < pool == len(judged) and deepest >= pool // 2
        one_answer = one_paper and bool(relevant) and not result.plan.query.sort and not filter_only
        if one_answer:
            # A question that is only a filter ("papers with nine or more authors") asks for every match.
            top = relevant[0]
            close = [e for e in relevant[1:3] if e.relevance >= top.relevance - self.settings.single_answer_margin]
            if top.paper_id in turn.own_named:  # asked by its name: the others are not what it asks about
                close = [e for e in close if e.paper_id in turn.own_named]
            relevant = [top, *close]
        # (a list that one paper answers, too: "anything on using pretrained LMs to fix annotation errors? and how well
        # does it catch the inconsistencies" asks the one paper found the clause after)
        # (or asks a fact of it besides: "... which models did they use and how often could they get the in-context
        # answer by tweaking just one head?")
        one_listed = intent.kind == "list" and len(relevant) == 1
        if (one_answer or one_listed) and further:
            # "How many EEG datasets was FLEEG evaluated on, and how much did it boost classification?", "what is
            # their algorithm called and how many compact models do they release?": each further fact from the same
            # paper, as its own sentence, or said to be absent.
            request.further = self._further_answers(relevant[0], further)
        if one_answer and unstated_besides:
            request.further.append(("", unstated_besides))
        if request.near_miss and not relevant and further and intent.kind not in ("list", "compare"):
            # "how many experts does it use, and at what model size?": each fact its abstract lacks is said to be
            # lacking, not only the first one asked
            request.further = self._further_answers(request.near_miss[0], further)
        if one_answer and intent.attribute is not None and intent.attribute.type == "dataset":
            # "what datasets did they evaluate on?": an abstract may name them in more than one sentence ("... on
            # Wizard of Wikipedia", then "... in another knowledge-based dialogue Holl-E dataset"), each quoted
            quoted = [relevant[0].sentence(), *(sentence for sentence, _ in request.further)]
            naming = [
                s.text
                for s in relevant[0].scored
                if s.states_attribute and s.position != TITLE_PASSAGE and s.text not in quoted
            ]
            request.further += [(text, "") for text in naming[: max(0, _DATASET_SENTENCES - len(quoted))]]
        if one_answer and intent.attribute is not None and len(intent.attribute.benchmarks) > 1:
            # "What results does ULIP-2 report on ModelNet40 and on ScanObjectNN?": a figure on each benchmark
            quoted = [relevant[0].sentence(), *(sentence for sentence, _ in request.further)]
            for name in intent.attribute.benchmarks:
                if not any(writes_name(name, sentence) for sentence in quoted):
                    naming = next((text for text in relevant[0].sentences if writes_name(name, text)), None)
                    if naming is not None:
                        request.further.append((naming, ""))
                        quoted.append(naming)
        if one_answer and intent.attribute is not None and intent.attribute.type == "quantity":
            # "How many objects and hand-object interactions are in OakInk?": a count of each thing asked, where the
            # sentence quoted counts one ("100 selected objects") and another counts the rest ("50,000 ...
            # hand-object interactions")
            quoted = [relevant[0].sentence(), *(sentence for sentence, _ in request.further)]
            # (the paper's best sentences first, then the rest of its abstract in order)
            ranked = [*relevant[0].sentences, *(s.text for s in relevant[0].scored if s.position != TITLE_PASSAGE)]
            for word in intent.attribute.words:
                one = replace(intent.attribute, nouns=frozenset({stem(word.lower())}))
                # (a plural noun is a thing counted, the other words modify it; counted by a number of its own, not
                # one of the clause: "rich human interactions with 100 selected objects" counts objects)
                if not word.endswith("s") or any(counts_asked(one, sentence) for sentence in quoted):
                    continue
                others = [t for t in dict.fromkeys(ranked) if t not in quoted]
                counting = [t for t in others if counts_asked(one, t)]
                # (or a figure in the clause naming it: "contains 50,000 distinct ... hand-object interactions")
                counting += [t for t in others if _states(one, t)]
                if (found := next(iter(counting), None)) is not None:
                    request.further.append((found, ""))
                    quoted.append(found)
        if (
            one_answer
            and intent.attribute is not None
            and intent.attribute.type in ("dataset", "entity")
            and (also := _also_stating(relevant[0])) is not None
            and all(also != sentence for sentence, _ in request.further)
        ):
            # "What dataset does it evaluate on?": an abstract naming its datasets in two sentences ("state-of-the-art
            # on Wizard of Wikipedia", "... in another dataset, Holl-E") is quoted from both
            request.further.append((also, ""))
        # (one paper asked about, by name, by place, or as the one paper on the table a pronoun restricts)
        one_asked = one_answer or (follow.mode == "set" and len(follow.paper_ids) == 1 and bool(relevant))
        if one_asked and intent.attribute is None and (guessed := _unmentioned_guess(turn.standalone, relevant[0])):
            # "did they test it on GPT-3?": a yes/no question naming something its paper's abstract never mentions
            # is not answered by the sentence most like it ("LMs (e.g., GPT-2 and BART)" would read as a yes).
            asked = Attribute("entity", words=(guessed,), phrase=f"anything about {guessed}")
            request.intent = replace(intent, attribute=asked)
            request.near_miss, relevant = relevant[:1], []
        request.capped = len(relevant) > turn.k or (at_the_edge and not one_answer)
        request.answering = relevant if filter_only else relevant[: turn.k]
        request.capped = request.capped and not (filter_only and len(relevant) == result.total_matches)
        if request.capped and len(relevant) <= turn.k and not filter_only:
            # Answers turned up at the search's edge, so there may be more; offer them only if asking finds them.
            request.capped = check_more and self._more_to_show(turn, request.answering)
        if (
            not request.capped
            and intent.kind == "list"
            and follow.mode in ("none", "more")
            and not filter_only
            and request.answering
        ):
            # A list the cut-off ended, with papers just short of it: "show me more" lists them
            # (_weaker_answers), so the answer says they exist rather than reading as the whole of it.
            request.weaker_beyond = any(not ev.relevant for ev in self._weaker(judged, shown))
        if intent.kind in ("compare", "summary") or follow.mode == "ordinal" or intent.aspect:
            # Summaries and tables quote sentences by aspect (problem / method / result), stored at ingest.
            request.aspects = self.retriever.passage_aspects([e.paper_id for e in request.answering])
        if intent.kind == "compare" and len(request.answering) >= 2:
            # "How is CartesianMoE different from EMoE in where the experts come from?": besides the table, each
            # paper's sentence on what the comparison asks about, the papers' names and the words of comparing aside.
            # Beside a fact compared, a clause asking no kind of fact is that ("compare DeeCLIP and X: how does each
            # fine-tune CLIP, and what data were they trained on?" is answered on the data and on the tuning).
            names = {t for ev in request.answering for t in query_terms(_own_name_in(ev.hit, turn.question))}
            clauses = (
                [turn.question]
                if intent.attribute is None
                else [ask.clause for ask in further if ask.attribute is None]
            )
            for clause in clauses:
                asked = " ".join(
                    w for w in WORD.findall(clause.lower()) if stem(w) not in REQUEST_WORDS | names | _COMPARING
                )
                if has_topic_words(asked):
                    for ev in request.answering:
                        quoted = [] if intent.attribute is None else [ev.sentence()]
                        if sentence := self._answering_clause(ev, asked, quoted):
                            request.on_what_was_asked[ev.paper_id] = sentence
        if follow.mode == "set" and not relevant and not request.near_miss:
            # Papers elsewhere that match the restriction, on the topic the papers on the table were found for:
            # "any of those work with audio or speech?" after papers on common sense asks for common sense in
            # speech, which no paper of speech alone answers. A property asked of the papers on the table ("which
            # of them share their code?") is about those papers, so the rest of the corpus is not searched.
            asked = as_corpus_question(turn.standalone)
            if follow.conversation_topic and not self._restates_a_topic(turn.question, follow):
                # (not the last question if it picked among papers: after "which of those use reinforcement
                # learning?" in a chat on code models, "which of them shrinks the model the most?" asks code models)
                # (without what that question set aside, as it was searched: "... rather than only reading them"
                # made "reading" a concept every paper must write)
                asked = f"{asked} ({without_contrast(follow.conversation_topic) or follow.conversation_topic})"
            elsewhere = self.retriever.search(asked, k=turn.k, filters=_without_scope(turn.filters))
            # (a restriction's examples, "like a multimodal KG", do not stand for the topic the papers must be on too)
            outside = [
                e for e in self.judge(asked, elsewhere, intent, by_examples=False, restriction=True) if e.relevant
            ]
            # (a paper must write a name the restriction writes: "which ones evaluate on Japanese?" is not answered by
            # a multilingual paper that never names Japanese; "like Chinese or Korean" by either)
            names = {stem(word) for word in named_words(turn.question)}
            outside = [e for e in outside if not names or any(self.retriever.contains(e.paper_id, n) for n in names)]
            # (nor by what it says of others' work: "Recent works such as T5 and GPT-3 have shown ..." is no paper
            # using GPT-3, unless a sentence of its own writes the restriction too: SpeechGPT's "we first construct
            # SpeechInstruct, a ... speech instruction dataset" for "which ones also cover speech?")
            restriction = set(query_terms(asked)) - set(query_terms(follow.conversation_topic)) - REQUEST_WORDS
            outside = [voiced for e in outside if (voiced := _in_its_own_voice(e, restriction)) is not None]
            # (nor is a paper of the latest answer news from elsewhere)
            shown = {*follow.paper_ids, *follow.latest_papers}
            request.elsewhere = [e for e in outside if e.paper_id not in shown][:5]
        return request, result

    def _restates_a_topic(self, question: str, follow: FollowUp) -> bool:
        """Does a restriction name the papers on the table by their topic ("which of those distillation papers are
        about image segmentation?")? Then the rest of the corpus is searched for that topic with the restriction; the
        conversation's latest topic, which may be narrower or about another paper, adds nothing to it. Words nearly
        every paper writes ("those models") name no topic."""
        named = " ".join(m[1] for m in _SET_BY_TOPIC.finditer(question))
        before = set(query_terms(f"{follow.conversation_topic} {follow.previous_question}"))
        shared = before & set(query_terms(named))
        return any(self.retriever.document_share(t) <= self.settings.ubiquitous_word_share for t in shared)

    def _further_answers(self, ev: Evidence, asks: list[FurtherAsk]) -> list[tuple[str, str]]:
        """Each further fact asked of the one paper: the sentence stating it, or "" with what the fact is when the
        abstract does not state it. Facts the paper's record holds are shown beside its title already."""
        answers: list[tuple[str, str]] = []
        quoted = {ev.sentence()}
        for ask in asks:
            if ask.attribute is None:
                found = self._answering_clause(ev, ask.clause, quoted)
            elif metadata_value(ask.attribute, ev.hit.metadata):
                continue
            elif ask.setting:
                # (the figure in one setting is the sentence stating the fact that shares most with the setting's
                # words; quoted already, it answers there too)
                found = self._stating_clause(ev, ask, ())
            elif not ask.attribute.nouns and (sharing := self._stating_clause(ev, ask, quoted)):
                # a figure that names no noun of its own ("how big were the two variants of ...?") is the one in the
                # sentence sharing most with its clause ("We train ... two model variants: 45M and 216M parameters")
                found = sharing
            elif (found := _stating(ev, ask.attribute)) == "":
                answers.append(("", ask.attribute.describe()))
                continue
            if found and found not in quoted:
                quoted.add(found)
                answers.append((found, ""))
        return answers

    def _stating_clause(self, ev: Evidence, ask: FurtherAsk, quoted: Collection[str]) -> str | None:
        """Of the paper's sentences not yet quoted that state the fact a clause asks, the one sharing most of the
        clause's words (each weighed by its IDF, the paper's name aside); None when none shares a word."""
        if ask.attribute is None:
            return None
        terms = _asked_terms(ev.hit, ask.clause)
        best, best_share = None, 0.0
        for scored in ev.scored:
            if scored.position == TITLE_PASSAGE or scored.text in quoted or not _states(ask.attribute, scored.text):
                continue
            share = sum(self.retriever.idf(term) for term in terms & set(query_terms(scored.text)))
            if share > best_share:
                best, best_share = scored.text, share
        return best

    def _answering_clause(self, ev: Evidence, clause: str, quoted: Collection[str] = ()) -> str | None:
        """The paper's sentence sharing the most with a clause that asks no kind of fact ("how are tokens routed to
        experts?"), each shared word weighed by its IDF; None when no sentence shares a word besides its name, or
        when a sentence already quoted writes every word of it ("and which the student?" after "DeepSeek-R1 as the
        teacher and DeepSeek-R1-Distill-Qwen-32B as the student")."""
        terms = _asked_terms(ev.hit, clause)
        if any(terms <= set(query_terms(text)) for text in quoted):
            return None
        # the noun a wh-word asks for ("what modules does Point-PEFT add ...") is what the sentence must write: the
        # rest of the clause ("a frozen point cloud model") only says where
        asked = {stem(match.group(1)) for match in _WH_NOUN.finditer(clause)} - {stem(w) for w in FUNCTION_WORDS}
        own_name = title_name(ev.hit.title)
        # "how well does it catch the inconsistencies?" asks a degree, which a result states: "achieving a Binary F1 of
        # 93.4 and 72.5 in detecting inconsistencies", not "a novel credibility score to reveal ... inconsistencies"
        degree = bool(_DEGREE_ASKED.match(clause))
        best, best_key = None, (False, False, 0.0, False)
        for scored in ev.scored:
            if scored.position == TITLE_PASSAGE or scored.text.rstrip().endswith("?"):
                continue
            written = set(query_terms(scored.text))
            # (of sentences sharing as much, one saying what the paper itself does: "how is the knowledge being edited
            # represented in each?" is answered by "MMKE-Bench uses free-form natural language to represent and edit
            # knowledge", not by the background "existing benchmarks ... knowledge represented as simple triplets")
            share = sum(self.retriever.idf(term) for term in terms & written)
            key = (bool(asked & written), degree and share > 0 and has_quantity(scored.text), share)
            key += (in_own_voice(scored.text, own_name),)
            if share > 0 and key > best_key:
                best, best_key = scored.text, key
        return best

    def _weaker(self, judged: list[Evidence], shown: set[str]) -> list[Evidence]:
        """Papers beyond ``shown`` at the relevance every paper of a broad list needs
        (Settings.wide_corroboration_min_relevance)."""
        floor = self.settings.wide_corroboration_min_relevance
        return [ev for ev in judged if ev.paper_id not in shown and ev.scored and ev.relevance >= floor]

    def _weaker_answers(self, judged: list[Evidence], shown: set[str]) -> list[Evidence]:
        """Papers beyond ``shown`` each short of the cut-off but at the relevance every paper of a broad list needs
        (:meth:`_weaker`), marked relevant. On the dev splits' requests for more that nothing else passed, 11 of the 17
        such papers were gold."""
        weaker = self._weaker(judged, shown)
        for ev in weaker:
            ev.relevant = True
        return weaker

    def _more_to_show(self, turn: Turn, shown: list[Evidence]) -> bool:
        """Would "show me more" find answers beyond ``shown``? It is asked as that follow-up is (a deeper search
        of the same question, judged alike), once: an offer of more that the next turn then refuses misleads."""
        follow = FollowUp(mode="more", paper_ids=[ev.paper_id for ev in shown], previous_question=turn.standalone)
        more = replace(turn, follow_up=follow, notices=[], timings={})
        request, _ = self._gather(more, check_more=False)
        return bool(request.answering)

    def _named_first(
        self, turn: Turn, judged: list[Evidence], relevant: list[Evidence], terms: Sequence[str] = ()
    ) -> list[Evidence]:
        """Papers the question names ("Compare CLIP-CID and DC-CLIP") are its subject, first and whatever
        their scores; a comparison of two or more named papers is of those papers only."""
        texts = {e.paper_id: f"{e.hit.title or ''} {e.hit.abstract}" for e in judged}
        # A paper named by its title's name comes before one whose abstract alone holds a word of the question:
        # "what zero-shot ImageNet top-1 does the CLIP-CID student get?" asks CLIP-CID, though only another
        # retrieved abstract writes "ImageNet".
        by_title = [pid for _, pid in sorted(self.retriever.find_titles(turn.standalone))]
        by_name = papers_named(turn.standalone, texts, self.retriever.short_form_kinds)
        if turn.intent.kind == "compare":
            # "Compare Telly and Zecoler": a capitalised word of a comparison that one paper of the whole corpus
            # writes is that paper's name, though shaped as a plain word (its abstract: "we propose Telly ...")
            for word in named_words(turn.standalone):
                if writer := self._sole_writer(stem(word), list(texts)):
                    at = re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", turn.standalone, re.I)
                    by_name.append((at.start() if at else len(turn.standalone), writer))
        named = list(dict.fromkeys([*by_title, *(pid for _, pid in sorted(by_name))]))
        # "DeeCLIP vs the CLIP deepfake paper": the side described is the one paper whose title holds its words
        if (
            turn.intent.kind == "compare"
            and len(named) == 1
            and (other := self._described_in_the_corpus(turn.standalone, set(named)))
        ):
            named.append(other)
        if not named:
            return relevant
        have = self._judged_with(turn, judged, named)
        chosen = [have[pid] for pid in named if pid in have]
        if turn.intent.kind == "single" and turn.intent.attribute is None:
            # "What is CorDA actually doing differently?" is about CorDA, the name its title gives it ("CorDA:
            # Context-Oriented ..."), written as the question writes it: among the papers whose evidence answers,
            # it comes first, before papers that merely score higher on the question's other words ("LoRA").
            # The name does not make it answer: a question the abstract does not answer is still refused. A name
            # only an abstract or a title's body uses ("EEG", "fMRI") is a topic, and a title name the question
            # uses as a plain word ("this kind of stuff", against "KIND: ...") is none.
            own_names = {ev.paper_id: _own_name_in(ev.hit, turn.standalone) for ev in chosen}
            if not all(own_names.values()):
                # (its title may be written with the acronyms the corpus uses for its words: "the relational KD
                # paper")
                written_out = self.retriever.expand(turn.standalone)
                own_names = {pid: name or _own_name_in(have[pid].hit, written_out) for pid, name in own_names.items()}
            own = {paper_id for paper_id, name in own_names.items() if name}
            turn.own_named = own
            asked = set(terms) - {t for name in own_names.values() for t in query_terms(name)}
            if own and (not asked or turn.intent.aspect):
                # The question asks nothing of the paper but what it is ("what is GreaseLM?", "tell me about
                # SpikeGPT") or one aspect of it ("Why did they build ECLeKTic?", "how does CorDA work?"). Its
                # abstract says, however little the bare name resembles any sentence.
                relevant = [*(ev for ev in chosen if ev.paper_id in own and not ev.relevant), *relevant]
                for ev in relevant:
                    ev.relevant = ev.relevant or ev.paper_id in own
            elif own:
                # It asks something of the paper it names: the name confines the question to that paper, as a
                # follow-up's reference does, so its abstract is judged as a confined search is, on what is
                # asked besides the name ("what is CorDA doing differently from LoRA?"). Judged so, its sentences
                # are ranked by those words too: "relational knowledge distillation - what losses do they
                # propose?" is answered by "we propose distance-wise and angle-wise distillation losses", not by
                # the sentence that repeats the title.
                alone = self._judged_alone(turn, own, asked)
                if alone or not any(ev.relevant for ev in chosen if ev.paper_id in own):
                    again = {ev.paper_id for ev in alone}
                    relevant = [*alone, *(ev for ev in relevant if ev.paper_id not in again)]
            return [e for e in relevant if e.paper_id in own] + [e for e in relevant if e.paper_id not in own]
        for ev in chosen:
            ev.relevant = True
        if turn.intent.kind == "compare" and len(chosen) >= 2:
            return chosen
        return chosen + [e for e in relevant if e.paper_id not in named]

    def _named_in_abstracts(self, question: str, judged: list[Evidence]) -> list[str]:
        """The papers among ``judged`` that a name the question writes ("RA-CM3") names, as the one abstract of them
        giving it to what the paper makes ("Our resulting model, named Retrieval-Augmented CM3 (RA-CM3)"), in the
        question's order. A name an abstract merely uses ("GPUs", "ImageNet") is no paper's."""
        found = []
        for name in self._names_written(question):
            written = name_written(name, re.I).pattern
            # (not an acronym defined for what others made: "General Language Understanding Evaluation (GLUE)")
            gives = re.compile(
                rf"\b(?:named|called|dubbed|termed|propos\w*|introduc\w*)\s+(?:[\w-]+\s+){{0,3}}?\(?{written}", re.I
            )
            writers = [ev.paper_id for ev in judged if gives.search(ev.hit.abstract)]
            if len(writers) == 1 and writers[0] not in found:
                found.append(writers[0])
        return found

    def _judged_alone(self, turn: Turn, paper_ids: set[str], asked: set[str]) -> list[Evidence]:
        """The papers a question names, judged as a search confined to them, on the words asked besides the
        names: those whose evidence answers."""
        question = _without_terms(turn.standalone, set(query_terms(turn.standalone)) - asked)
        confined = self.retriever.search(
            question, k=len(paper_ids), filters={**turn.filters, "paper_ids": sorted(paper_ids)}
        )
        return [ev for ev in self.judge(question, confined, turn.intent) if ev.relevant]

    def _unwritten_names(self, question: str) -> list[str]:
        """The names a question writes ("MiniGPT-4", by their shape) that no paper of the corpus writes."""
        words = dict.fromkeys(re.findall(r"[\w-]+", question))
        return [
            word
            for word in words
            if _NAME_SHAPE.fullmatch(word)
            and (terms := query_terms(word))
            and not any(self.retriever.document_share(term) for term in terms)
        ]

    def _judged_with(self, turn: Turn, judged: list[Evidence], named: list[str]) -> dict[str, Evidence]:
        """The judged papers by id, with the named papers the search did not retrieve judged too."""
        have = {e.paper_id: e for e in judged}
        if missing := [pid for pid in named if pid not in have]:
            extra = self.retriever.search(
                turn.standalone, k=len(missing), filters={**turn.filters, "paper_ids": missing}
            )
            have.update({e.paper_id: e for e in self.judge(turn.standalone, extra, turn.intent)})
        return have

    def _named_in_order(
        self, turn: Turn, judged: list[Evidence], named: list[str], result: SearchResult
    ) -> list[Evidence]:
        """The papers a superlative names, all of them, in its order (those lacking the field last), each relevant."""
        have = self._judged_with(turn, judged, named)
        chosen = {pid: have[pid] for pid in named if pid in have}
        order, lacking = replace(result.plan.query, limit=None).rank(
            (pid, ev.hit.metadata) for pid, ev in chosen.items()
        )
        if lacking:
            turn.notices.append(unjudged_notice(result.plan.query.ranked_key, len(lacking)))
        for ev in chosen.values():
            ev.relevant = True
            ev.hit.value = result.plan.query.describe(ev.hit.metadata)
        return [chosen[pid] for pid in [*order, *lacking]]

    @staticmethod
    def _top_places(result: SearchResult, relevant: list[Evidence], notices: list[str]) -> list[Evidence]:
        """A topic with a superlative ("which paper on brain tumour segmentation has the most authors?"): among
        the papers that answer the topic, those holding the ordering's top places (ties kept). Those lacking the
        field are counted in a notice; when none has it, they are all shown."""
        by_id = {ev.paper_id: ev for ev in relevant}
        query = result.plan.query
        order, lacking = query.rank((ev.paper_id, ev.hit.metadata) for ev in relevant)
        if lacking:
            notices.append(unjudged_notice(query.ranked_key, len(lacking)))
        return [by_id[pid] for pid in order] or [by_id[pid] for pid in lacking]

    def judge(
        self,
        question: str,
        result: SearchResult,
        intent: Intent,
        scope_question: str = "",
        by_examples: bool = True,
        answered_before: bool = False,
        every_paper: bool = False,
        restriction: bool = False,
    ) -> list[Evidence]:
        """Every hit judged against the question, in retrieval order. ``scope_question`` is the question a
        "which of those" follow-up's papers were found for (see :meth:`_distinguishing`). With ``by_examples``, a
        paper on one of the examples the question glosses its topic by is on the topic (Topic.gloss_concepts);
        without, the gloss is a topic the papers must be on as well (Topic.gloss_required). ``answered_before``: the
        question is asked again for more papers than its answer listed; ``every_paper``: it asks for every paper on
        its topic (both: :meth:`EvidenceJudge.decide`). ``restriction``: the question restricted the papers on the
        table and is asked of the rest of the corpus, each of its words part of the restriction."""
        if not result.hits:
            return []
        terms = result.plan.terms
        phrases: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = ()
        if result.plan.filters.get("paper_ids") and len(result.hits) > 1:
            names = {stem(word) for word in named_words(question) | versioned_names(question)}
            distinct = self._distinguishing(terms, [h.paper_id for h in result.hits], scope_question, names)
            if set(distinct) <= {relation_verb(question)} and len(terms) > len(distinct):
                # the verb relating the papers to what the question names is no restriction of its own (see
                # below): "which of those two evaluate on image generation?", both writing "image" and
                # "generation", is told apart by the paper writing them as a phrase ("faithful image generation"),
                # not by the survey writing "evaluation"
                distinct = terms
            # "which of them are parameter-efficient?": among papers already on one topic, a compound's words
            # apart ("parameters" here, "efficient" there) are no answer; they count only written together.
            phrases = written_whole(question, distinct)
            if len(distinct) < len(terms):
                # Similarity, too, is measured to what tells the papers apart, not to the shared topic.
                question = _without_terms(question, set(terms) - set(distinct))
            terms = distinct
        # A word the user writes in lower case and in the plural ("retrieval over video clips") is the common noun,
        # not the name some papers write in capitals ("CLIP"): a text has it only where it writes it so.
        phrases += tuple(
            (form, frozenset({stem(word)}))
            for word in re.findall(r"(?<![\w-])[a-z]{3,}s(?![\w'-])", question)
            if stem(word) in terms and (form := self.retriever.lower_case_form(word)) is not None
        )
        if not result.plan.filters.get("paper_ids"):
            # A statement about the user before a question standing alone ("I'm a programmer - which papers ...?") is
            # no topic a paper must match: the search read it (it may name what helps, "my grandma speaks Persian"),
            # the evidence is judged against the question.
            asked = without_leading_aside(question, lambda text: self.retriever.plan(text).terms)
            if asked != question and (kept := [t for t in terms if t in set(query_terms(asked))]):
                question, terms = asked, kept
        scoped_fact = intent.attribute is not None and bool(result.plan.filters.get("paper_ids"))
        if (verb := relation_verb(question)) in terms and (len(terms) > 1 or scoped_fact):
            # "which of those was tested on medical questions?" is answered by "Our results on ... medical question
            # answering", whatever its verb; and a paper writing "evaluation" but nothing medical answers nothing. A
            # fact asked of the papers on the table ("how many datasets are these evaluated on?") relates it to each
            # of them: the verb alone restricts none.
            terms = [t for t in terms if t != verb]
        written_out = self.retriever.expand(question)
        vector = self.retriever.embed_query(written_out)
        specificity = topic_specificity(
            question, self.settings.topic_common_word_exponent, names_count=bool(result.plan.filters.get("paper_ids"))
        )
        spellings = self.retriever.spellings(question, terms)
        idfs = {t: self.retriever.idf(t) for t in terms}
        other_language = ""
        if set_aside := languages_set_aside(question):
            # "which of those were evaluated on a non-English language?" asks for any language but English
            before = set(idfs)
            idfs, spellings = another_language(
                idfs, spellings, set_aside, known=lambda t: self.retriever.document_frequency(t) > 0
            )
            terms = list(idfs)
            other_language = next(iter(set(idfs) - before), "")
        topic = Topic(vector, idfs, intent.attribute, specificity, spellings, phrases)
        topic = topic.without_attribute_words(whole_phrase=bool(result.plan.filters.get("paper_ids")))
        if topic.attribute is not None and topic.attribute.nouns:
            # A noun no paper writes, one dropped or swapped letter from words papers do write ("how many subredits
            # and coments?"), names those words: the abstract states "12 distinct subreddits". The corpus may write
            # them once only, too rarely for the search's own repair (Retriever.correct), which must not turn a
            # rare word into a common one; here the question already names what it asks of the papers found.
            repaired = {
                stem(repair)
                for word in topic.attribute.words
                if self.retriever.document_share(stem(word.lower())) == 0
                for repair in typo_repairs(word.lower())
                if self.retriever.document_share(stem(repair)) > 0
            }
            topic.attribute = replace(topic.attribute, nouns=topic.attribute.nouns | repaired)
        if topic.attribute is not None and topic.attribute.type == "entity":
            # A kind asked by its acronym ("which LLM does ChatFlow train?") is named by its long form's head too
            # ("the LLaMA2 model"): the acronym is what the corpus spells out as "large language models".
            # (the acronym heading the phrase: in "which LLM backbones" the backbones are asked, not any model)
            spelled = {word: self.retriever.expand(word) for word in topic.attribute.words[-1:]}
            heads = {stem(long.split()[-1].lower()) for word, long in spelled.items() if long != word}
            topic.attribute = replace(topic.attribute, nouns=topic.attribute.nouns | heads)
        if topic.attribute is not None and topic.attribute.type in ("entity", "quantity"):
            # and the other way: "which source models did they fuse?" is answered by "three popular LLMs ... --
            # Llama-2, MPT, and OpenLLaMA", a short form the corpus uses for a kind of the noun asked; a count of
            # models is stated by any short form whose long form is models ("on five LVLMs"), a kind or not
            forms = (
                self.retriever.short_forms if topic.attribute.type == "quantity" else self.retriever.short_form_kinds
            )
            shorts = {
                short
                for short in forms
                if stem(self.retriever.expand(short.upper()).split()[-1].lower()) in topic.attribute.nouns
            }
            # (a short form's plural is its own stem: the stemmer leaves "lvlms", which has no vowel, whole)
            topic.attribute = replace(topic.attribute, nouns=topic.attribute.nouns | shorts | {f"{s}s" for s in shorts})
        rows = self.retriever.passage_vectors([h.paper_id for h in result.hits])
        # A gloss of the topic is optional for a search of the corpus; among papers on the table, its examples
        # ("which of them target the medical domain, like radiology?") are what tells them apart.
        topic.scoped = bool(result.plan.filters.get("paper_ids"))
        head = question if topic.scoped else without_gloss(question)
        head_terms = set(query_terms(head))
        if head != question and any(t in head_terms for t in topic.terms):
            topic.optional = frozenset(t for t in topic.terms if t not in head_terms)
            topic.gloss_required = not by_examples
            if by_examples and (examples := glossed_examples(question)):
                # (every topic word an example writes is its own: "merging fine-tuned checkpoints")
                topic.gloss_concepts = tuple(example_concepts(examples, topic.terms))
            question, written_out = head, self.retriever.expand(head)
        elif topic.scoped and by_examples and (examples := glossed_examples(question)):
            # among papers on the table the examples stay in the question, as what tells them apart, but not the word
            # introducing them ("like"); and a paper writing of an example only what most papers on the table write
            # ("entities" of "multimodal KGs, like entities with images", asked of knowledge graph papers) is not on
            # it, where one writing its telling word is ("inductive" of "(inductive setting)")
            unglossed = set(query_terms(without_gloss(question)))
            written = unglossed | set(query_terms(examples))
            topic = replace(topic, terms={t: w for t, w in topic.terms.items() if t in written} or topic.terms)
            items = (frozenset(query_terms(item)) & set(topic.terms) for item in example_items(examples))
            topic.gloss_items = tuple(item for item in items if item)
            table = [hit.paper_id for hit in result.hits]
            topic.gloss_only = frozenset(
                t
                for t in frozenset().union(*topic.gloss_items) - unglossed
                if 2 * sum(self.retriever.contains(paper_id, t) for paper_id in table) > len(table)
            )
        concepts = topic_concepts(question, topic.terms)
        # Each paper is already chosen unless the question picks among several on the table by a property: a
        # comparison names its papers, a fact question asks each the fact, a corpus search shows each title beside
        # its quote (Topic.paper_chosen)
        topic.paper_chosen = intent.kind == "compare" or not (
            topic.scoped and len(result.hits) > 1 and intent.attribute is None
        )
        topic.names = frozenset(_names_by_shape(question))
        topic.head = asked_head(question)
        topic.counted = counted_things(question)
        # as the corpus writes them: "moe for vlms" is the phrases "mixture of experts" and "vision language models"
        topic.concepts = tuple(topic_concepts(written_out, topic.terms))
        topic.ubiquitous = frozenset(
            t for t in topic.terms if self.retriever.document_share(t) > self.settings.ubiquitous_word_share
        )
        if intent.attribute is None:
            # a noun saying what kind of thing the rest of its phrase is ("mixture-of-experts architectures") may be
            # left out, as a word nearly every paper writes may be ("Aria: ... Mixture-of-Experts Model" states it)
            kinds = kind_words(topic.concepts) - {topic.head}
            topic.optional |= kinds
            topic.ubiquitous |= kinds
        if not result.plan.filters.get("paper_ids") and intent.kind == "list" and intent.attribute is None:
            topic_phrase = topic_phrases(written_out, topic.terms)
            if len(topic_phrase) == 1 and len(topic_phrase[0]) == 1 and len(words := topic_phrase[0][0].split()) >= 2:
                topic.phrase_vector = self.retriever.embed_query(topic_phrase[0][0])
                # its most specific word (the heaviest of its stems), which a title stating the phrase cannot omit
                rarest = max(
                    range(len(words)),
                    key=lambda i: max((topic.weights.get(t, 0.0) for t in query_terms(words[i])), default=0),
                )
                # embedded only when a title nears the phrase (most questions have none): the embedder caches it
                topic.phrase_without_rarest = partial(
                    self.retriever.embed_query, " ".join(words[:rarest] + words[rarest + 1 :])
                )
            # the two parts are the topic's two concepts, in order, each with one alternative; a part naming no more
            # than what nearly every paper is ("AI models that understand programming code": a short form for a kind
            # of thing, a word nearly every paper writes) asks nothing a paper could be without
            parts = parts_asked_together(written_out, topic.terms)
            generic = topic.ubiquitous | self.retriever.short_form_kinds
            together = list(zip(topic.concepts, parts, strict=False))
            if not any(set(words) <= generic for (words, *_), _ in together):
                topic.parts = tuple((words, self.retriever.embed_query(part)) for ((words,), part) in together)
        # A concept naming no more than the collection's own field ("using AI to read people's brain activity", "AI
        # models that understand programming code", in a collection of AI papers) is one every paper is on, whether
        # or not it writes the words: the other concepts say which papers are meant.
        field = self._field_terms | topic.ubiquitous
        on_the_field = partial(_made_of, field)
        if any(map(on_the_field, topic.concepts)) and not all(map(on_the_field, topic.concepts)):
            topic.optional |= {t for c in topic.concepts if on_the_field(c) for a in c for t in a} & self._field_terms
            topic.concepts = tuple(c for c in topic.concepts if not on_the_field(c))
            concepts = [c for c in concepts if not on_the_field(c)]
        # A word no abstract writes, said as a verb taking an object the corpus does write ("which papers hook a large
        # language model up to audio, video, 3D?"), is what the user wants done with the topic, in everyday words: its
        # object names the topic. Required, it alone refused every paper on the object. (Among papers on the table, or
        # asked of the rest of the corpus for them, the verb is the restriction asked: "which of those work without
        # telling it the number of clusters?"; and an object no abstract writes leaves the question one the corpus may
        # not answer: "why he delays his revenge")
        known = self.retriever.document_frequency
        unwritten_verbs = {
            verb
            for verb, head in words_before_an_object(question).items()
            if verb in topic.terms
            and not known(verb)
            and head in topic.terms
            and known(head)
            and not (topic.scoped or restriction)
        }
        only_unwritten_verbs = partial(_made_of, unwritten_verbs)
        if unwritten_verbs and not all(map(only_unwritten_verbs, topic.concepts)):
            topic.optional |= unwritten_verbs
            topic.concepts = tuple(c for c in topic.concepts if not only_unwritten_verbs(c))
            concepts = [c for c in concepts if not only_unwritten_verbs(c)]
        judged = []
        for hit in result.hits:
            in_paper = partial(self.retriever.contains, hit.paper_id)
            if phrases:
                unwritten = set(terms) - topic.phrased(set(terms), f"{hit.title or ''} {hit.abstract}")
                in_paper = partial(_contained, in_paper, unwritten)
            judged.append(
                self.evidence.judge(
                    _as_judged_for(topic, hit, self.retriever.short_form_kinds),
                    hit,
                    rows.get(hit.paper_id, []),
                    topic.share(in_paper),
                    [max(topic.share(in_paper, among=alt) for alt in concept) for concept in concepts],
                )
            )
        # A name only one paper of the corpus writes ("DAPS") picks that paper, whatever MiniLM makes of it
        if not result.plan.filters.get("paper_ids"):
            names = _names_by_shape(question) & set(terms)
            by_id = {ev.paper_id: ev for ev in judged}
            for name in names:
                if writer := self._sole_writer(name, list(by_id)):
                    by_id[writer].alone_writes_a_name = True
        if result.plan.filters.get("paper_ids"):
            # "are any of them Chinese datasets?": a name restricting the papers on the table is one they must write;
            # so is another language than one set aside ("which of those take prompts in languages other than
            # English?"), which a paper on prompts in English does not answer, and more than one of a thing ("which
            # of those distill from more than one teacher model?"), which a paper on "a large teacher model" does not
            names = {stem(word) for word in named_words(question) | languages_named(question)} & set(terms)
            # (names offered as alternatives, one of which will do: "which of those target Chinese or Korean?")
            either: list[list[set[str]]] = []
            for concept in concepts:
                named = [set(alternative) & names for alternative in concept if set(alternative) & names]
                if len(named) > 1:
                    either.append(named)
            offered = {name for named in either for alternative in named for name in alternative}
            several = counted_as_several(question)
            for ev in judged:
                writes = partial(self.retriever.contains, ev.paper_id)
                ev.misses_a_requirement = (
                    any(not any(all(map(writes, alternative)) for alternative in named) for named in either)
                    or any(not writes(name) for name in names - offered)
                    or bool(
                        other_language
                        and not writes(other_language)
                        and not any(all(map(writes, words)) for words in spellings.get(other_language, ()))
                    )
                    or not all(writes_several(noun, f"{ev.hit.title or ''}\n{ev.hit.abstract}") for noun in several)
                )
        # An ordering alone ("the paper on X with the most authors") searches the whole corpus: only filters
        # that confine the candidates make the search scoped.
        decided = self.evidence.decide(
            judged, scoped=bool(result.plan.query.unordered), answered_before=answered_before, every_paper=every_paper
        )
        if topic.scoped and not topic.terms and result.plan.query.unordered:
            # "How many activated parameters do those multimodal ones have?", after "which of those are
            # multimodal?": the words left are those that chose the papers, or name the fact asked; nothing
            # restricts the papers on the table, so the fact is asked of each of them.
            for ev in decided:
                ev.relevant = True
        return decided

    def _sole_writer(self, term: str, paper_ids: list[str]) -> str | None:
        """The one paper of ``paper_ids`` writing ``term`` (a stem), when no other paper of the corpus writes it."""
        writers = [pid for pid in paper_ids if self.retriever.contains(pid, term)]
        return writers[0] if len(writers) == 1 and self.retriever.document_frequency(term) == 1 else None

    def _distinguishing(
        self, terms: list[str], paper_ids: list[str], scope_question: str = "", names: Collection[str] = ()
    ) -> list[str]:
        """Among papers the conversation already chose, the question's terms that tell them apart.

        "Is any of them about recommending music?", asked of recommender papers: every one has "recommend",
        so it cannot say which answers, and counting it would make each look half-covered. Likewise the
        words of the question the papers were found for: "can either of them catch audio deepfakes?", asked
        of deepfake-detection papers, restricts them by "audio"; "deepfake" was the reason they are on the
        table, and one of them saying it twice does not make it answer. When every term is shared or was
        asked before, the shared-term rule alone decides, and then all terms stay: the papers answer alike.

        A name the restriction writes (``names``, stems) tells the papers apart though asked before: "which of
        them start from Llama 2?", after "how do people adapt an English-centric LLM like Llama to another
        language?", asks which papers work with that model, which the earlier question gave only as an example.
        """
        distinct = [t for t in terms if not all(self.retriever.contains(pid, t) for pid in paper_ids)]
        # (in either spelling: "task-oriented dialog", asked of papers found for "dialogue generation")
        variants = {v for word in WORD.findall(scope_question.lower()) for v in regional_variants(word)}
        # (not the examples it offered: "... to a student on a different modality like 3D, audio or events" found
        # papers on any one of them, so "which of those produce 3D outputs?" is told apart by "3D")
        offered = set(query_terms(" ".join(offered_examples(scope_question))))
        asked_before = set(query_terms(f"{scope_question} {' '.join(sorted(variants))}")) - set(names) - offered
        return [t for t in distinct if t not in asked_before] or distinct or terms


#: Papers on the table named by their topic: "those distillation papers", "the three chain-of-thought ones".
_SET_BY_TOPIC = re.compile(
    r"\b(?:those|these|the)\s+(?:\w+\s+)?((?:[\w-]+\s+){1,3}?)(?:papers|ones|works|studies)\b", re.IGNORECASE
)

#: At most this many sentences answer a question for the datasets of one paper: an abstract naming its datasets names
#: them in one sentence or two, and a third sentence stating "datasets" seldom names another.
_DATASET_SENTENCES = 3
#: A head that only names a topic, as a chat moves on to it: "What about graph clustering", "and for 3D point clouds".
_TOPIC_ONLY = re.compile(r"\W*(?:(?:ok|okay|so|and|now)\W+)*(?:(?:what|how)\s+about|and\s+(?:for|on))\b", re.I)
#: A one-word paper name by its shape: capitals inside or a digit ("OneEncoder", "LLM2CLIP", "SpikeGPT").
_NAME_SHAPE = re.compile(r"[\w-]*(?:[a-z0-9][A-Z]|[A-Z]{2}|\d)[\w-]*")


def _made_of(words: set[str] | frozenset[str], concept: Concept) -> bool:
    """Is every alternative of the concept made of ``words`` alone?"""
    return all(set(alternative) <= words for alternative in concept)


def _names_by_shape(question: str) -> set[str]:
    """Stems of the words of the question shaped as names (:data:`_NAME_SHAPE`: "CLIP", "LLaMA-2", "SpikeGPT")."""
    return {stem(word.lower()) for word in re.findall(r"[\w-]+", question) if _NAME_SHAPE.fullmatch(word)}


#: What a name after it is used by the paper, not the paper asked about: "accuracy on", "evaluated on", "trained on".
_MEASURED_ON = re.compile(r"\b(?:on|across|over)\s+(?:the\s+)?$", re.I)
#: A word written in lower case, which may be a name the user did not capitalise.
_LOWER_CASE_WORD = re.compile(r"(?<![\w-])[a-z][a-z0-9]{3,}(?![\w-])")


#: A paper the question describes rather than points at: "the paper asking whether ...", "the one on graphs".
_DESCRIBED_PAPER = re.compile(
    r"\b(?:the|that|this)\s+(?:paper|work|study|one)\s+(?:that|which|where|on|about|with|from|by|\w+ing)\b", re.I
)


#: Words that ask for a comparison, not what it is about: "how do X and Y differ", "compared with", "versus".
_COMPARING = frozenset(
    stem(w) for w in "compare compared comparison differ differs difference different versus vs".split()
)


#: A clause asking how well something does what it does: "how well does it catch the inconsistencies?".
_DEGREE_ASKED = re.compile(r"\W*(?:and\s+)?how\s+(?:well|good|accurately|effectively|reliably)\b", re.I)


#: A question asked of each paper in turn: "how many papers do they each cover?", "when was each of them published?".
_EACH = re.compile(r"\beach\b|\bevery one\b", re.I)


#: The noun after a wh-word: "what modules", "which kind of encoder" (a function word there, "what is", asks for none).
_WH_NOUN = re.compile(r"\b(?:what|which)\s+(?:(?:kinds?|sorts?|types?)\s+of\s+)?([A-Za-z][\w-]*)", re.I)


#: Attributes any paper may state whatever its topic: "which of those ..." asking for one of them picks the
#: papers stating it. A dataset or a measure asked that way ("which of these benchmarks are multimodal?")
#: may name the topic that tells the papers apart, so those are judged on it as well.
_PROPERTIES_OF_ANY_PAPER = frozenset({"availability", "person", "date", "duration", "hardware", "resource"})


def _also_stating(ev: Evidence) -> str | None:
    """The paper's next best sentence stating the attribute it was judged on, besides the one quoted; None if none."""
    quoted = ev.sentence()
    stating = {s.text for s in ev.scored if s.states_attribute and s.position != TITLE_PASSAGE}
    return next((text for text in ev.sentences if text in stating and text != quoted), None)


def _stating(ev: Evidence, attribute: Attribute) -> str | None:
    """The paper's best sentence stating the attribute: None when the sentence already quoted states it best, ""
    when no sentence does.

    Short of a sentence the judge reads as stating it, one that writes the thing asked is quoted (None if the
    quote already does): "initializing the encoder of the ... model with SAMU-XLS-R" answers "what encoder do
    they initialize with?" in a form the judge does not read, and saying the abstract does not state the encoder
    would be false. Only an abstract that never writes it is said not to state it."""
    quoted = ev.sentence()
    sentences = [s for s in sorted(ev.scored, key=lambda s: -s.cosine) if s.position != TITLE_PASSAGE]
    stating = [text for text in dict.fromkeys([quoted, *(s.text for s in sentences)]) if _states(attribute, text)]
    if stating:
        # the one writing most of what is asked: "how many hand-object interactions?" after the quote on "1,800 common
        # household objects" is "50,000 distinct ... hand-object interactions", though "objects" counts in both
        best = max(stating, key=lambda text: len(attribute.nouns & set(query_terms(text))))
        return None if best == quoted else best
    if not attribute.nouns:
        return ""
    if attribute.nouns & set(query_terms(quoted)):
        return None
    return next((s.text for s in sentences if attribute.nouns & set(query_terms(s.text))), "")


def _asked_terms(hit: Hit, clause: str) -> set[str]:
    """The terms of a clause asked of a paper, the paper's own name aside."""
    name = set(query_terms(_own_name_in(hit, clause)))
    return {term for term in query_terms(clause) if term not in name}


def _in_its_own_voice(ev: Evidence, restriction: set[str]) -> Evidence | None:
    """The paper's evidence, if its quote is not about others' work (:func:`about_others_work`); else quoting a
    sentence in its own voice that writes a word of the restriction; None without one: the paper only tells of
    others doing it."""
    if not about_others_work(ev.sentence()):
        return ev
    name = title_name(ev.hit.title)
    own = next((t for t in ev.sentences[1:] if in_own_voice(t, name) and restriction & set(query_terms(t))), None)
    return None if own is None else replace(ev, sentences=[own, *(t for t in ev.sentences if t != own)])


def _states(attribute: Attribute, text: str) -> bool:
    """Does ``text`` state the attribute (:func:`rag.answer.evidence.states_attribute` on its own stems)?"""
    return states_attribute(attribute, text, set(query_terms(text)))


def _as_judged_for(topic: Topic, hit: Hit, corpus_kinds: frozenset[str] = frozenset()) -> Topic:
    """The topic as judged for one paper: the thing asked of a paper is never its own name ("Lion, the adversarial
    distillation one - which base model did they fine-tune?": "a 7B student model (named Lion)" names no base
    model). A dataset may be ("We introduce Topical-Chat, a ... conversation dataset"). Nor is a short form the
    corpus uses for a kind of thing (Abbreviations.kinds): "existing QA models" names a kind of model, not one. One
    a single abstract defines for lower-case words may still be a name: "on the KILT benchmark" names it, though
    the abstract spells it "knowledge-intensive language tasks (KILT)"."""
    attribute = topic.attribute
    if attribute is not None and attribute.type == "quantity":
        # A count of models is stated by the short form the paper's own abstract defines for them, however rare in
        # the corpus: "Pre-trained Language Models (PTLMs)" counts models in "the releases of 52,227 PTLMs".
        shorts = {
            match.group(1).lower().removesuffix("s")
            for match, long in definitions(hit.abstract)
            if stem(long.split()[-1]) in attribute.nouns
        }
        if shorts:
            counted = attribute.nouns | shorts | {f"{short}s" for short in shorts}
            return replace(topic, attribute=replace(attribute, nouns=frozenset(counted)))
        return topic
    if attribute is None or attribute.type not in ("entity", "dataset"):
        return topic
    # written singular or plural: "QA models", "LLMs"
    kinds = sorted(k for short in corpus_kinds for k in (short, f"{short}s"))
    name = (title_name(hit.title) or "") if attribute.type == "entity" else ""
    if not (name or kinds):
        return topic
    return replace(topic, attribute=attribute.also_naming(" ".join([name, *kinds])))


def _only_a_property(turn: Turn, terms: Sequence[str]) -> bool:
    """Does a list question ask the corpus for a property any paper may have, and nothing else ("which papers
    release their code?", "which papers introduce a new benchmark?")? Every word it searches names the property,
    so no paper's topic can match it: the answer is the papers whose abstracts state it."""
    attribute = turn.intent.attribute
    return (
        turn.follow_up.mode == "none"
        and turn.intent.kind == "list"
        and attribute is not None
        and attribute.type in _PROPERTIES_OF_ANY_PAPER
        and bool(terms)
        and _names_only(attribute, terms)
    )


def _names_only(attribute: Attribute, terms: Sequence[str]) -> bool:
    """Do the question's search terms all name the attribute asked ("release", "dataset"), none a topic?"""
    return not set(terms) - attribute_units(attribute) - attribute.nouns


def _own_name_in(hit: Hit, question: str) -> str:
    """The paper's own name as the question writes it, or "": the one its title gives it before the colon
    ("CorDA: ..."), its whole title, or, where the title gives none, the one its abstract introduces ("we
    propose X", "we propose Contrastive Representation Ensemble and Aggregation for Multimodal FL (CreamFL)")."""
    name = title_name(hit.title) or method_name(hit.title, hit.abstract) or ""
    if 0 < len(name) <= 40 and re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", question):
        return name
    # or its whole title, in any case ("relational knowledge distillation - what losses do they propose?")
    title = " ".join((hit.title or "").split())
    if len(title.split()) >= 2 and re.search(rf"(?<![\w-]){re.escape(title)}(?![\w-])", question, re.I):
        return title
    return next((word for word in _NAME_SHAPE.findall(question) if _introduced_as(hit.abstract, word)), "")


#: A yes/no question, maybe after a conjunction: "did they test it on GPT-3?", "and was the backbone a ViT-B?".
_YES_NO = re.compile(
    r"^\W*(?:(?:and|so|but|ok|okay)\W+)?(?:did|does|do|is|was|were|are|has|have|had|can|could)\b", re.I
)


#: Two or more capitalised words after a sentence's first word: "the Alexa Prize", "Penn Treebank".
_CAPITALISED_WORDS = re.compile(r"(?<=[\w,;:] )[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+\b")


def _unmentioned_guess(question: str, ev: Evidence) -> str:
    """The first name a yes/no question guesses ("GPT-3", "LLaMA") that the paper's title and abstract never write,
    or "": its own name aside."""
    if not _YES_NO.match(question) or asks_for_papers(question):
        # ("is there anything about using AI to sort cells?" asks for papers: its names are its topic, not guesses)
        return ""
    text = f"{ev.hit.title or ''} {ev.hit.abstract}"
    own = _own_name_in(ev.hit, question).lower()
    # a name of capitalised words, inside the question, is guessed too: "as part of the Alexa Prize"
    names = sorted([*_NAME_SHAPE.finditer(question), *_CAPITALISED_WORDS.finditer(question)], key=lambda m: m.start())
    for match in names:
        name = match.group(0)
        if not re.search(r"[A-Za-z]", name) or (own and name.lower() in own):
            continue
        if not name_written(name, re.I).search(text):
            return name
    return ""


def _introduced_as(abstract: str, name: str) -> bool:
    """Does the abstract introduce one of its own contributions under this name: in brackets after its words ("we
    contribute a novel Discriminative Cross-modal Reasoning (DisCRn) evaluation task"), called so ("termed X"), or
    followed by what it is ("we introduce three frameworks: KG-LLaVA, which ...; Med-XPT, a custom framework")?"""
    written = re.escape(name)
    return (
        re.search(
            r"\b(?:[Ww]e|[Tt]his (?:paper|work))\b[^.]*?\b"
            r"(?:propose|introduce|present|develop|design|contribute|construct|build|create|release|curate)\w*\b[^.]*?"
            rf"(?:\(\s*{written}\s*\)|\b(?:called|named|termed|dubbed)\s+{written}(?![\w-])"
            rf"|(?<![\w-]){written}\s*(?:,\s*(?:a|an|which|that)\b|:))",
            abstract,
        )
        is not None
    )


def _names_own_topic(follow: FollowUp, intent: Intent) -> bool:
    """Does a question that refers back by a pronoun name a topic of its own ("and their work on board games?",
    "does that one test on a biomedical knowledge graph?"), rather than ask the papers on the table for a fact
    ("their training cost"), an aspect ("how does it work?") or a summary? Whether those papers cover that
    topic is for their evidence to say; the pronoun alone does not make them answer."""
    return (
        bool(follow.pronoun)
        and intent.attribute is None
        and intent.aspect is None
        and intent.kind not in ("summary", "compare")
        and has_topic_words(follow.own_question)
    )


def _switches_topic(turn: Turn, request: DraftRequest) -> bool:
    """Did a loose pronoun restrict a question naming its own topic to papers on the table, none of which
    answers it? A fact asked of them ("their training cost") stays theirs: that the abstracts do not state it
    is the answer."""
    follow = turn.follow_up
    return (
        follow.pronoun == "loose"
        and _names_own_topic(follow, turn.intent)
        and bool(follow.paper_ids)
        and not request.answering
        and not request.near_miss
    )


def _as_new_search(turn: Turn, on_the_table: int) -> Turn:
    """``turn`` asked of the whole corpus, its own words alone, with a notice saying why."""
    own = turn.follow_up.own_question
    standalone, about_them = split_compound(without_contrast(own) or own)
    papers = f"{on_the_table} paper" + ("s" if on_the_table != 1 else "")
    notice = f"None of the {papers} in the previous answer is about this, so the whole corpus was searched."
    return replace(
        turn,
        follow_up=FollowUp("none", [], turn.follow_up.previous_question, own),
        standalone=standalone,
        about_them=about_them,
        filters=_without_scope(turn.filters),
        notices=[*turn.notices, notice],
    )


def _asks_for_every_paper(intent: Intent, follow: FollowUp, question: str) -> bool:
    """A new list question asking for every paper on its topic ("give me all the continual learning papers"): answered
    on a longer page (Settings.all_papers_k), and by every paper whose title states the topic or that answers it weakly
    (EvidenceJudge.decide)."""
    return intent.kind == "list" and follow.mode == "none" and asks_for_all(question)


def _scope_question(follow: FollowUp) -> str:
    """The question a "which of those" follow-up's papers were found for; "" for any other question."""
    return follow.previous_question if follow.mode == "set" else ""


def _contained(in_paper: Callable[[str], bool], unwritten: set[str], term: str) -> bool:
    """``in_paper``, except for the words of a compound the paper does not write whole (``unwritten``)."""
    return term not in unwritten and in_paper(term)


def _without_terms(text: str, stems: set[str]) -> str:
    """``text`` without the words whose stems are in ``stems``."""
    kept = [w for w in text.split() if not set(query_terms(w)) & stems]
    return " ".join(kept) or text


#: Names offered as answers to choose from: "FB15k-237 or WN18RR", "LLaVA or InstructBLIP", "ViT-B/32 or L/14".
_OFFERED = re.compile(r"([\w./-]+)\s*,?\s+or\s+([\w./-]+)")
#: Where a question's fragments end: a question mark, or a dash set off by spaces.
_FRAGMENT_END = re.compile(r"\?+|\s[-\u2013\u2014]+\s")


def _guesses_offered(question: str) -> set[str]:
    """The words of guesses offered after the question is asked, each a short fragment with no question form of its
    own: "which teacher did it distill from? llava-1.5 13b?", "which exact models did they use - t5? gpt2?". They
    are what the user expects the answer may be, not a description of another paper."""
    fragments = [f.strip() for f in _FRAGMENT_END.split(question)]
    asked = next((i for i, fragment in enumerate(fragments) if has_question_form(fragment)), None)
    if asked is None:
        return set()
    guesses = fragments[asked + 1 :]
    if not all(len(g.split()) <= 4 and not has_question_form(g) for g in guesses):
        return set()
    return {w for g in guesses for w in re.findall(r"[\w-]+", g)}


def _without_scope(filters: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in filters.items() if key != "paper_ids"}


__all__ = ["AnswerEngine", "Draft"]

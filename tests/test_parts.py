"""A message asking several questions: each part is answered as asked, under its own heading, with one
numbering of citations across the parts."""

from __future__ import annotations

import re

import pytest

from rag.answer.parts import JoinedAnswer, Part, Reader, heading, split_questions
from rag.answer.types import Answer, Citation
from rag.citations import MARKER, Claim, parse_marker
from rag.text import query_terms

#: Paper names for the form-only tests: what the collection's titles would give the reader.
NAMES = ("SLCA", "LLaVA-MoD", "Wizard of Wikipedia", "TinyR1", "Lion", "SpeechGPT", "Moral Foundations", "BertaQA")
READER = Reader(lambda text: set(query_terms(text)), lambda text: [text.find(n) for n in NAMES if n in text])


def questions(message: str) -> list[tuple[str, bool]]:
    return [(p.question, p.follows) for p in split_questions(message, READER)]


@pytest.mark.parametrize(
    ("message", "parts"),
    [
        (
            "Which papers distill CLIP? Also, is there anything on federated learning?",
            ["Which papers distill CLIP?", "Also, is there anything on federated learning?"],
        ),
        (
            "which papers study model merging and which ones study knowledge editing?",
            ["which papers study model merging?", "which papers study knowledge editing?"],
        ),
        ("What is SLCA and which papers detect deepfakes?", ["What is SLCA?", "which papers detect deepfakes?"]),
        # a paper named at the sentence's opening is what each of its clauses asks about (a blind hand test,
        # evals/dev_s97.jsonl: the second clause had been answered by two other multi-task papers)
        (
            "In the TinyR1 paper, how big is the model and what tasks does the one model handle?",
            [
                "In the TinyR1 paper, how big is the model?",
                "In the TinyR1 paper, what tasks does the one model handle?",
            ],
        ),
        # a direct question (its verb before its subject), unlike "... and how federated learning can be made private"
        (
            "Which papers distill CLIP and how can federated learning be made private?",
            ["Which papers distill CLIP?", "how can federated learning be made private?"],
        ),
        (
            "what has been studied on model reuse on Hugging Face? also, anything that works with EEG signals",
            ["what has been studied on model reuse on Hugging Face?", "also, anything that works with EEG signals"],
        ),
        # (hand tests) a fact asked of a paper described by words of its own is not asked of the paper before it ...
        (
            "What dataset did SpeechGPT build? And separately, how many tasks did the adaptive-thinking paper do?",
            ["What dataset did SpeechGPT build?", "And separately, how many tasks did the adaptive-thinking paper do?"],
        ),
        # ... nor of a model described by a name it builds on ("the proposed model" would be the paper before's)
        (
            "What data does SpeechGPT build? Also, what accuracy did the PPG-based authentication model reach?",
            ["What data does SpeechGPT build?", "Also, what accuracy did the PPG-based authentication model reach?"],
        ),
        # ... and a question opened by "Also," after a fact asked offers no answer to that fact
        (
            "What other dataset did SpeechGPT test on? Also, is there anything on lip video for keyword spotting?",
            ["What other dataset did SpeechGPT test on?", "Also, is there anything on lip video for keyword spotting?"],
        ),
        # ... and "which one" after a question asking for one paper asks for another, not among what that one finds
        (
            "Which paper introduced Mod-X for continual CLIP training? And which one clusters single-cell data "
            "without needing the number of clusters in advance?",
            [
                "Which paper introduced Mod-X for continual CLIP training?",
                "And which one clusters single-cell data without needing the number of clusters in advance?",
            ],
        ),
    ],
)
def test_a_message_asking_two_things_is_split_into_its_questions(message: str, parts: list[str]) -> None:
    assert questions(message) == [(part, False) for part in parts]


@pytest.mark.parametrize(
    "message",
    [
        # a clause pointing back is about what the part before it finds: answered with that part
        "What is LLaVA-MoD? How many parameters does it use?",
        # ... "each" as its subject, too
        "SLCA vs Lion: which backbone and which optimiser does each use?",
        "Wizard of Wikipedia or Topical-Chat, which one should I train on? how are the two datasets different",
        "Which papers use mixture-of-experts, and what datasets do they evaluate on?",
        # nothing new to search for: "language" is the part before's word
        "out of these, which concentrates on one low-resource language? and which language",
        # a statement introduces the question; a sentence without a topic belongs to the one before
        "I work on robot grasping. Which papers use tactile sensing?",
        "I'm after work on lifelong learning from a pretrained model. What's in the collection?",
        # "and" joining what one question asks for, not a second question
        "Compressor (compression of CodeBERT) - final model size and how much smaller than the original?",
        "Which papers show how and why models forget?",
        "Which models are compressed and are still accurate?",
        "the second one - what do they mean by open knowledge there, and where does the MoE come in",
        "Which papers distill CLIP? I mean knowledge distillation of CLIP models.",
        # examples in a sentence of their own gloss the question before (a blind hand test, evals/dev_s113.jsonl)
        "anything on decoding brain activity? like brainwave caps or brain scans of what someone is looking at",
        "Which papers compress vision transformers? e.g. pruning or quantization.",
        # "those" are the conversation's papers: the fragment before names a topic, it asks for no list
        "and keyword spotting? any of those do that",
        # a question with nothing to restrict the list by asks for the paper described (a hand tester's wording)
        "I remember a paper about figuring out which parent model a fine-tuned network was derived from. Which one?",
        # a fact asked of no subject before a clause naming the paper: both ask about that paper
        "What GPUs, and how many GPU hours, were used to train the Lion model?",
        # an abbreviation's full stop ends no sentence
        "What agreement (e.g. Cohen's kappa) does the Moral Foundations corpus report?",
        # a clause of a question word and one more word asks of what the clause before speaks of
        "What does BertaQA find about local culture, and what helps?",
        "TinyR1-32B-Preview: which model was the teacher and which the student?",  # a noun phrase without a verb
        # a sentence about "that" asks the question before it again (a hand tester's wording)
        "Has anyone made an English-first model like Llama good in another language? Looking for papers on that.",
        # the links asked after a question asking for GitHub code are those of its papers (a hand tester's wording)
        "Which of the deepfake detection papers have code on GitHub, and what are the links?",
        # a clause closing on "each" asks of the papers the clause before names (a hand tester's wording)
        "TinyR1 vs Lion - what stays frozen and what gets trained in each?",
        # "looking for papers" after a question asks for nothing new (a hand tester's wording)
        "how do people shrink a huge language model into a small one that still works? looking for papers",
        # a thing asked in the passive with "gets" asks of the paper the clause before names (a hand tester's wording)
        "LLM Modules paper: which big model is kept frozen and which small model gets trained?",
        # an indirect question is the object of the question's verb ("study X and how Y can be improved")
        "Which papers study ADHD in children and how classroom attention can be improved?",
        # "cover", like "address" or "deal with", says only "is about" (a hand tester's wording)
        "I'm curious about robots you can just tell what to do in plain English. What papers cover that?",
        # "this" closing a request for papers is what the sentence before asks (a hand tester's wording)
        "Can you combine several fine-tuned AI models into one model without retraining from scratch? "
        "Which papers try this?",
        # ... and so is "one" after a request for papers that do something to one
        "where could i find datasets of people chatting to train a chatbot? any papers here that release one?",
        # options offered in brackets belong to the question around them (a blind hand test: each had been a part)
        "In Exchange-of-Thought, which specific LLMs (GPT-3.5? GPT-4? llama?) were the models talking to each other?",
        # ... and so does a guess of a word after a question about one thing (a blind hand test)
        "what language were the keywords in? mandarin?",
        # ... and a guess hedged as one, however many words (a blind hand test's chat, evals/dev_s126.jsonl: the guess
        # had been asked of the collection as a question of its own)
        "which teacher and student architectures did they use? resnet34->resnet18 or something?",
        # a count alone asks nothing: it remarks on the last answer (a blind hand test had answered "only two??" as
        # a question of its own, with a refusal)
        "only two?? show me others like the distillation one",
        # a sentence narrowing which of the papers asked for are wanted (a blind hand test's chat,
        # evals/dev_s166.jsonl: "esp ones where ..." had been searched alone, and refused)
        "any more DA papers? esp ones where the original source data isn't available anymore when you adapt",
        # a question word and a noun with no verb is an object of the verb after it (a blind hand test,
        # evals/dev_s163.jsonl: "What rank r?" had been asked of the whole collection)
        "what teacher and which student did TinyR1 use?",
    ],
)
def test_a_message_asking_one_thing_stays_whole(message: str) -> None:
    assert split_questions(message, READER) == [Part(message)]


@pytest.mark.parametrize(
    ("message", "parts"),
    [
        (
            "Which papers propose benchmarks for multimodal LLMs? Which of them evaluate knowledge editing?",
            ["Which papers propose benchmarks for multimodal LLMs?", "Which of them evaluate knowledge editing?"],
        ),
        (
            "which papers are about code models; which of them compress the model",
            ["which papers are about code models?", "which of them compress the model"],
        ),
        (
            "are there papers on fine tuning for medical images, and do any of them do segmentation",
            ["are there papers on fine tuning for medical images?", "do any of them do segmentation"],
        ),
        (
            "which papers propose benchmarks for multimodal LLMs, which of them involve video",
            ["which papers propose benchmarks for multimodal LLMs?", "which of them involve video"],
        ),
    ],
)
def test_a_restriction_of_a_list_is_answered_after_that_list(message: str, parts: list[str]) -> None:
    assert questions(message) == [(parts[0], False), (parts[1], True)]


@pytest.mark.parametrize(
    "message",
    [
        # a fact that names no paper is about the paper the message spoke of: alone, any paper stating such a
        # count would answer it
        "Who are the authors of the Wizard of Wikipedia paper and how many conversations are in the dataset?",
        "how does Lion distill ChatGPT and how big is the student model",
        "What is TinyR1? Which model did they use as the teacher?",
        "what's FILIP and what's the difference from CLIP?",  # a comparison naming one side
        # a fragment after a fact question offers answers to it: alone, it would search for them
        "Which base model did KnowPO fine-tune? LLaMA or something else?",
        # a thing asked in the passive, of no subject of its own
        "How many teams took part in the CURVAS challenge and what metrics were used?",
        # ... even when its noun could name the collection's items: alone, "which datasets were used?" asked the
        # whole collection for datasets (a hand tester's "which models/tasks were used?" listed ten papers)
        "How does Lion distill ChatGPT, and which datasets were used?",
        "When they squeezed code models down to 3 MB, how much faster did they get, and which models/tasks were used?",
        # ... or of no noun at all (a blind hand test's chat, evals/dev_s144.jsonl: alone, "what gets trained" was
        # answered from four papers on other topics)
        "how does the first one actually fix the mismatch? what gets trained",
        # a guess about a part of the paper spoken of
        "which mllm does ProMaC use, llava? and is the mask generator SAM",
        # a description asked of a definite thing (a blind hand test's chat, evals/dev_s106.jsonl: "what's the fusion
        # trick?" alone had been refused as a search of the collection for fusion tricks)
        "what modalities does the state space one use and what's the fusion trick?",
        # ... or asked by "where" or "how" in the passive (a blind hand test, evals/dev_s191.jsonl: alone, "where was
        # the data collected from?" was refused as a search of the collection)
        "how large is the knowledge graph dataset released with UKnow, and where was the data collected from?",
    ],
)
def test_a_fact_asked_without_its_paper_stays_with_the_part_naming_it(message: str) -> None:
    assert split_questions(message, READER) == [Part(message)]


def test_papers_asked_for_in_the_passive_are_a_question_of_their_own() -> None:
    message = "Which papers distill CLIP, and which papers were published in 2023?"
    assert len(split_questions(message, READER)) == 2


@pytest.mark.parametrize(
    ("message", "parts"),
    [
        (
            "what's FILIP and what's the difference from CLIP. plus any papers on deepfake detection",
            ["what's FILIP and what's the difference from CLIP.", "plus any papers on deepfake detection"],
        ),
        (
            "is there anything about reinforcement learning, and anything about board games",
            ["is there anything about reinforcement learning?", "anything about board games"],
        ),
    ],
)
def test_plus_and_a_second_request_for_papers_start_a_part(message: str, parts: list[str]) -> None:
    assert questions(message) == [(part, False) for part in parts]


@pytest.mark.parametrize(
    ("message", "parts"),
    [
        # the pronoun's paper is named before it, inside the part
        (
            "tell me about the Moral Foundations Reddit Corpus how big is it and also what does BertaQA measure",
            ["tell me about the Moral Foundations Reddit Corpus how big is it?", "what does BertaQA measure"],
        ),
        (
            "which of those use knowledge graphs, and how does LLaVA-MoD organize its experts?",
            ["which of those use knowledge graphs?", "how does LLaVA-MoD organize its experts?"],
        ),
        # after a part about the conversation's papers, a new request for papers
        (
            "which of them are parameter-efficient, and is there anything on distilling from GPT-4?",
            ["which of them are parameter-efficient?", "is there anything on distilling from GPT-4?"],
        ),
        # ". separately," and "whats" open a part; so does "does anything ..."
        (
            "what's the point of the HEMM benchmark. separately, is there a paper about LLMs playing chess?",
            ["what's the point of the HEMM benchmark.", "separately, is there a paper about LLMs playing chess?"],
        ),
        (
            "how does CLEAR speed up DiTs, also whats the deal with KAN, and does anything cover music",
            [
                "how does CLEAR speed up DiTs?",
                "whats the deal with KAN?",
                "does anything cover music",
            ],
        ),
    ],
)
def test_parts_are_found_in_run_ons_and_after_the_conversations_papers(message: str, parts: list[str]) -> None:
    assert questions(message) == [(part, False) for part in parts]


def test_a_part_is_headed_without_the_words_joining_it_to_the_one_before() -> None:
    assert heading("Also, is there anything on federated learning?") == "Is there anything on federated learning?"
    assert heading("and which papers detect deepfakes?") == "Which papers detect deepfakes?"
    assert heading("what is ECLeKTic.") == "What is ECLeKTic?"
    assert heading("I need papers on EEG.") == "I need papers on EEG."


def _citation(n: int, paper_id: str) -> Citation:
    return Citation(n, paper_id, f"Title {paper_id}", "An abstract.", "A passage.", 1.0, True, 0.9, True)


def join_answers(message: str, answers: list[tuple[str, Answer]]) -> Answer:
    joined = JoinedAnswer(message)
    for question, answer in answers:
        joined.add(question, answer)
    return joined.answer()


def _answer(text: str, paper_ids: list[str], refused: bool = False) -> Answer:
    citations = [_citation(n, pid) for n, pid in enumerate(paper_ids, start=1)]
    claims = [Claim(text, [c.n for c in citations], {c.n: 1.0 for c in citations}, {c.n: True for c in citations})]
    return Answer("q", text, citations, refused, "offline", claims=claims if citations else [])


def test_joined_answers_number_their_citations_once_across_the_parts() -> None:
    first = _answer("A does it [1]. B does it [2].", ["a", "b"])
    second = _answer("C does the other thing [1]; B too [2].", ["c", "b"])
    joined = join_answers("two questions", [("Which do it?", first), ("Which do the other thing?", second)])
    assert [c.paper_id for c in joined.citations] == ["a", "b", "c"]
    assert [c.n for c in joined.citations] == [1, 2, 3]
    assert "C does the other thing [3]; B too [2]." in joined.text  # B keeps its first number
    cited = {n for m in MARKER.finditer(joined.text) for n in parse_marker(m.group(1))}
    assert cited == {1, 2, 3}
    assert joined.claims[1].cited == [3, 2] and set(joined.claims[1].supported) == {2, 3}
    assert re.findall(r"\*\*(.+?)\*\*", joined.text) == ["Which do it?", "Which do the other thing?"]


def test_a_joined_answer_is_refused_only_when_every_part_is() -> None:
    answered = _answer("A does it [1].", ["a"])
    refused = _answer("The corpus does not answer this.", [], refused=True)
    assert not join_answers("m", [("x?", answered), ("y?", refused)]).refused
    assert join_answers("m", [("x?", refused), ("y?", refused)]).refused


def test_each_part_of_a_message_is_answered_from_its_own_evidence(small_assistant) -> None:  # type: ignore[no-untyped-def]
    answer = small_assistant.ask("Which papers distill CLIP? Also, is there anything on weather forecasting?")
    assert not answer.refused
    first, second = answer.text.split("**Is there anything on weather forecasting?**")
    assert "**Which papers distill CLIP?**" in first and MARKER.search(first)
    # the part no abstract answers says so, cites nothing, and its closest papers are listed apart
    assert "does not answer" in second and not MARKER.search(second)
    assert answer.closest and "Closest matches for the part no paper answers" in answer.references_markdown()
    cited = {n for m in MARKER.finditer(answer.text) for n in parse_marker(m.group(1))}
    assert cited == {c.n for c in answer.citations}


def test_a_message_asking_more_questions_than_the_limit_answers_the_first_and_says_so(small_assistant) -> None:  # type: ignore[no-untyped-def]
    from rag.answer.engine import AnswerEngine

    engine = AnswerEngine(
        small_assistant.settings.model_copy(update={"max_question_parts": 2}), small_assistant.retriever
    )
    message = "Which papers distill CLIP? Is there anything on speech? And anything on weather forecasting?"
    answer = next(piece for piece in engine.run(message) if isinstance(piece, Answer))
    assert "**Which papers distill CLIP?**" in answer.text and "**Is there anything on speech?**" in answer.text
    assert "weather" not in answer.text
    assert "This message asks 3 questions; the first 2 are answered." in " ".join(answer.notices)


def test_show_me_more_after_a_message_of_two_questions_pages_each_of_them(small_assistant) -> None:  # type: ignore[no-untyped-def]
    message = "Which papers distill CLIP? Also, is there anything on speech?"
    first = small_assistant.ask(message)
    history = [{"role": "user", "content": message}, {"role": "assistant", "content": first.text}]
    more = small_assistant.ask("show me more", history=history)
    # each part asked again on its own (before, the whole message was one search, which found nothing more)
    assert "**Which papers distill CLIP?**" in more.text and "**Is there anything on speech?**" in more.text
    assert not set(more.cited_paper_ids) & set(first.cited_paper_ids)

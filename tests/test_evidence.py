"""Answers judged by evidence: follow-ups resolved by reference, near misses, two verdicts per citation.

The first group reads only the form of questions (no index needed, fast tier); the second asks the
real assistant over the bundled corpus.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from rag.answer.evidence import (
    Evidence,
    EvidenceJudge,
    RelevanceModel,
    SentenceScore,
    Topic,
    about_others_work,
    counts_asked,
    speaks_of_another_model,
    states_attribute,
    topic_specificity,
    writes_several,
)
from rag.answer.followup import (
    MORE_OFFER,
    FollowUp,
    accepted_offer,
    as_corpus_question,
    cited_papers_in,
    follow_up_intent,
    more_refinement,
    refers_by_set_or_place,
    resolve_follow_up,
    restricts_a_set,
    split_compound,
    strip_references,
    without_remark_before,
)
from rag.answer.question import (
    asked_head,
    asking_sentence_start,
    asks_an_open_question,
    asks_for_all,
    asks_for_one_paper,
    asks_only_for_a_fact,
    attribute_of,
    counted_as_several,
    counted_things,
    counts_papers,
    example_concepts,
    further_asks,
    glossed_examples,
    has_topic_words,
    intent_of,
    kind_words,
    languages_set_aside,
    name_written,
    offered_examples,
    opens_new_subject,
    opens_with_a_description_asked,
    papers_named,
    parts_asked_together,
    relation_verb,
    states_count_of,
    topic_concepts,
    versioned_names,
    without_asides,
    without_contrast,
    without_gloss,
    without_lead_in,
    without_leading_aside,
    words_before_an_object,
)
from rag.evaluate import EVALS
from rag.retrieve import Hit
from rag.rows import TITLE_PASSAGE
from rag.text import announces_a_release, content_stems, counted_noun_phrases, query_terms, stem

from .conftest import after_one_answer, chat_of

CLIP_ANSWER = (
    "3 papers in the corpus address this:\n"
    "- **CLIP-CID: Efficient CLIP Distillation via Cluster-Instance Discrimination**: we distil CLIP [1]\n"
    "- **Global Knowledge Calibration for Fast Open-Vocabulary Segmentation**: text-guided distillation [2]\n"
    "- **TransAgent: Transfer Vision-Language Foundation Models**: agents teach CLIP [3]"
)
TITLES = {
    "clip-cid": "cid",
    "global knowledge calibration for fast open-vocabulary segmentation": "gkc",
    "transagent": "transagent",
}
HISTORY = [{"role": "user", "content": "Which papers distill CLIP?"}, {"role": "assistant", "content": CLIP_ANSWER}]


def find_titles(text: str) -> list[tuple[int, str]]:
    lowered = text.lower()
    return sorted((lowered.find(key), pid) for key, pid in TITLES.items() if key in lowered)


def has_topic(text: str) -> bool:
    return len(text.split()) > 4


def stater(question: str) -> Callable[[str], bool]:
    """Whether a sentence states what ``question`` asks for, as the evidence judge reads it."""
    asked = attribute_of(question)
    assert asked is not None
    return lambda sentence: states_attribute(asked, sentence, set(query_terms(sentence)))


def test_compute_is_stated_by_a_figure_in_flops() -> None:
    # a blind hand test (evals/dev_s84.jsonl): "the abstract does not state the amount of compute"
    states = stater("In the mPnP-LLM paper, how much compute did they save on nuScenes-QA?")
    assert states("mPnP-LLM can achieve up to 3.7x FLOPs reduction and 30% GPU memory usage reduction.")
    assert not states("mPnP-LLM retains on-par accuracy with 30% fewer trainable parameters.")
    # ... or in operations (a blind hand test, evals/dev_s88.jsonl: "how much compute does each one claim to save?")
    states = stater("SpikeGPT vs BiPFT: how much compute does each one claim to save?")
    assert states("BiPFT remarkably saves 56 times operations and 28 times memory.")
    assert states("SpikeGPT stays competitive while maintaining 20x fewer operations on neuromorphic hardware.")


def test_a_saving_is_stated_by_a_multiple_or_a_share_of_something_saved_or_cut() -> None:
    # a blind hand test (evals/dev_s86.jsonl): "efficiency savings" had been read as a thing named, which neither
    # abstract names
    states = stater("SpikeGPT vs BiPFT - what efficiency savings does each claim?")
    assert states("This work proposes BiPFT, which remarkably saves 56 times operations and 28 times memory.")
    assert states("SpikeGPT remains competitive while maintaining 20x fewer operations on neuromorphic hardware.")
    assert states("The method reduces memory usage by 40% at the same accuracy.")
    assert not states("BiPFT also demonstrates improved optimization efficiency and reduced reliance on distillation.")
    assert not states("It outperforms the baseline by 15.4% average performance on the GLUE benchmark.")
    # ... or made smaller, faster or cheaper by a multiple, however the saving is worded (a blind hand test's chat,
    # evals/dev_s156.jsonl: "what concrete savings do those three report?" had been said not stated by Compressor)
    concrete = stater("what concrete savings do those three report? sizes, speedups, anything numeric")
    assert concrete("We compress pre-trained models to a size (3 MB), which is 160times smaller than the original.")
    assert concrete("The compressed models are 4.31times and 4.15times faster than the original model at inference.")
    assert not concrete("The compressed model is smaller and faster than the original one.")  # no figure


def test_two_papers_offered_as_a_choice_by_a_comparative_are_compared_on_their_own_levels() -> None:
    # blind hand tests (evals/dev_s84.jsonl): "which gives ..." was read as a thing named "the gives", and "which
    # one reports higher accuracy" as a change either paper reports
    choice = "which gives the bigger relative ASR improvement: the rescoring paper or Multimodal Attention Merging?"
    assert intent_of(choice).kind == "compare"
    assert intent_of("which reports higher accuracy on ScanObjectNN, ULIP-2 or I2P-MAE?").kind == "compare"
    versus = intent_of(
        "ULIP-2 vs I2P-MAE: which one reports higher accuracy on ScanObjectNN, and what are the numbers?"
    )
    assert versus.kind == "compare" and versus.attribute is not None
    assert versus.attribute.level and versus.attribute.nouns == {"accuraci"}
    assert versus.attribute.benchmarks == ("ScanObjectNN",)
    # a list's options are no choice between two papers, nor is a change asked by its noun a level
    assert intent_of("which papers study speech or audio?").kind != "compare"
    improvement = intent_of("ULIP-2 vs I2P-MAE: which one gives the bigger improvement?").attribute
    assert improvement is None or not improvement.level


@pytest.mark.parametrize(
    "question",
    [
        "What benchmarks are there for testing multimodal LLMs?",
        "what benchmarks or evaluation suites for vision-language models are in the collection? give me all of them",
        "which datasets are there for knowledge-grounded open-domain conversation?",
    ],
)
def test_the_datasets_the_collection_holds_are_the_papers_bringing_their_own(question: str) -> None:
    # blind hand tests (evals/dev_s43.jsonl, dev_s84.jsonl): read as a dataset each paper names, and the papers that
    # are benchmarks went unlisted
    asked = intent_of(question).attribute
    assert asked is not None and asked.type == "resource"


def test_the_datasets_of_papers_pointed_at_are_still_a_fact_asked() -> None:
    for question in ("which datasets did they use?", "what datasets are in the KdConv paper?"):
        asked = intent_of(question).attribute
        assert asked is not None and asked.type == "dataset"


# ---------------------------------------------------------------------- question form (fast)
@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Which papers distill CLIP?", "list"),
        ("Can you find papers on distilling CLIP?", "list"),
        ("Compare CLIP-CID and DC-CLIP", "compare"),
        ("Of the papers from Ke Liang's arXiv author page, which ones have a GitHub link?", "list"),
        # a fact of the one paper the question describes ("for the ... paper"), not a list of papers stating it
        ("for the cross-modality knowledge conflict paper in LVLMs, which model and datasets did they use?", "single"),
        ("how is ModaVerse's approach different from X-VILA's?", "compare"),
        ("between CLIPSonic and the V2A-Mapper one, which needs less training and why?", "compare"),
        # a paper described, set against another (not "a paper that did a comparison", which asks that paper)
        ("how does the attention-head paper control which answer wins, compared with KnowPO?", "compare"),
        ("There was a paper that did a fair comparison of KAN and MLP. What did it find?", "single"),
        ("what is CorDA actually doing differently?", "single"),  # no second thing named to set it against
        ("Summarise the paper PartDistill", "summary"),
        ("Is there a 1-bit pre-trained transformer for language?", "single"),
        ("Any work on reading out brain activity from recordings?", "list"),
        ("Is there research on correcting a fact a trained model has stored?", "list"),
        ("Looking for methods that merge the weights of fine-tuned networks", "list"),
        ("What's in the collection on speech recognition?", "list"),
        ("does the corpus have anything on detecting deepfakes?", "list"),  # what it holds, not a yes/no
        ("How are people getting robots to follow spoken instructions?", "list"),
        ("classifying or segmenting 3D objects given as point clouds", "list"),  # a topic, without question form
        ("and the second one?", "single"),  # a fragment that points into the conversation
        # the comparison is what the paper did; its findings are asked
        ("There was a paper that did a fair comparison of KAN and MLP. What did it find?", "single"),
        ("cool. do any papers apply this to brain signals?", "list"),
        ("how does K-Adapter inject knowledge without changing RoBERTa's weights", "single"),
        # things set against each other inside a request for papers are its topic, not papers to compare
        ("anything on AI and human values - decent vs offensive behaviour, moral judgement?", "list"),
        ("Which papers compare deep learning with gradient-boosted trees on tabular data?", "list"),
        ("Compare the setups of Lion and TinyR1: what are the teacher and student models?", "compare"),
        # a summary of a topic's papers lists them; a summary of one paper, or of papers on the table, does not
        ("Can you summarise the papers on mixture of experts?", "list"),
        ("Give me an overview of the mixture-of-experts papers in the collection.", "list"),
        # ... as is a body of work named by a mass noun (a blind hand test: one paper was summarised)
        ("give me an overview of all the knowledge distillation work in here", "list"),
        ("summarise the research on federated learning", "list"),
        # ... or placed in the collection, and asked for as a rundown (a blind hand test, evals/dev_s139.jsonl)
        ("give me a rundown of the text-to-image generation work in the collection", "list"),
        ("give me an overview of the DiffKG work", "summary"),
        ("Summarise the paper on distilling CLIP", "summary"),
        ("Summarise the two papers", "summary"),
        ("what did the second one of those medical papers do?", "summary"),
    ],
)
def test_the_answer_shape_follows_the_question_form(question: str, kind: str) -> None:
    assert intent_of(question).kind == kind


@pytest.mark.parametrize(
    ("question", "attribute"),
    [
        ("How many parameters does Kosmos-1 have?", "quantity"),
        ("What is the parameter count of Kosmos-1?", "quantity"),
        ("Tell me the GPU budget used to train TransAgent", "quantity"),
        ("How long did it take to train Lion?", "duration"),
        ("Who are the authors of SpeechGPT?", "person"),
        ("Which datasets was OakInk evaluated on?", "dataset"),
        ("What top-1 accuracy does DeiT reach on ImageNet?", "quantity"),
        ("What win rate did the agent obtain against humans?", "quantity"),
        ("SpatialVLA was pre-trained on what amount of robot data?", "quantity"),
        ("What amount of data does the benchmark hold?", "quantity"),
        ("What datasets were they trained on?", "dataset"),
        ("SpeechGPT authors?", "person"),
        ("Who developed Kosmos-1?", "person"),
        ("Which papers were written by Ke Liang?", "person"),
        ("who was it written by?", "person"),
        # written by a model, the text is the topic (a blind hand test had answered with an abstract's authors)
        ("is there anything on spotting text that was written by chatgpt rather than a human?", None),
        ("detecting essays written by LLMs?", None),
        ("Training duration of Lion?", "duration"),
        ("GPU-hours needed to produce TinyR1-32B-Preview?", "duration"),
        ("For GBT-SAM, what's the inference time per MRI volume?", "duration"),
        ("What learning rate did CorDA use?", "quantity"),
        ("What's the FID of RA-CM3 on MS-COCO?", "quantity"),
        ("Give me FILIP's zero-shot top-1 accuracy on ImageNet.", "quantity"),
        ("How does TinyR1 score on AIME 2024?", "quantity"),
        ("VE-KWS false rejection rate on the MISP Eval set?", "quantity"),
        ("VE-KWS: false rejection rate on the MISP Eval set?", "quantity"),  # the name set off by a colon
        ("GeoMIM - NDS on the nuScenes test split?", "quantity"),  # or by a dash
        ("TransIP (a transformer potential) force MAE on OMol25?", "quantity"),  # an aside in brackets
        ("LLaVA MoE on MME?", None),
        ("Give me TransKD's mIoU on Cityscapes for its best student model.", "quantity"),
        ("GPU memory footprint of NetLLM when adapting it?", "quantity"),
        ("GeoMIM NDS on the nuScenes test split?", "quantity"),  # a metric's acronym on a lower-case name
        ("Give me the recognition accuracy gpt3.5 got on the ascii-art images", "quantity"),
        ("tell me the FID of RA-CM3", "quantity"),
        ("I want work on inference latency", None),  # a request for work, not for a measure
        ("Which papers reduce the memory footprint of LLMs?", None),
        ("CLIP distillation?", None),
        ("chess Elo reached by the LLM in the board games paper", "quantity"),
        ("What base model does KnowPO build on?", "entity"),
        ("TikTalk: which language(s) are the conversations in?", "entity"),
        ("Is the code for SpikeGPT public?", "availability"),
        ("Where can I download the HACK dataset?", "availability"),
        ("do they share their code?", "availability"),  # a release of the paper's own artefacts
        # ... but not what the papers do without (a blind hand test's chats, evals/dev_s82.jsonl: "where its code or
        # data are available" had been asked of the federated learning papers)
        ("is there anything on training models across many clients without sharing their data?", None),
        ("which ones put their data out publicly?", "availability"),
        ("Which papers make their models smaller?", None),  # making them is no release
        ("Which of those provide a code repository?", "availability"),
        ("Do any of those have a code link listed?", "availability"),
        ("For the MoIIE paper, is there a code repo?", "availability"),  # whether there is one
        ("which of those have code out? links please", "availability"),
        ("do those speech/audio papers link their code anywhere?", "availability"),
        ("how do they deal with not knowing how many cell types there are?", None),  # a count to work out
        ("how many cell types do they find?", "quantity"),
        # a count a method needs to be given asks whether it does (a hand test had "not stated" for scUNC)
        ("Does the scUNC method need you to say how many groups there are in advance?", None),
        ("do you have to specify how many clusters there are?", None),
        ("Can you say how many layers the MiniLM student has?", "quantity"),  # asked of the paper, not needed
        # a fact asked as a noun phrase with a relative clause naming its paper
        ("base LLM that SpeechGPT is built on", "entity"),
        ("names of the datasets DiffKG was evaluated on", "dataset"),
        ("papers that CLIP is built on", None),  # papers asked for: a list
        ("Which papers write code out of natural language?", None),  # code as what is written: a topic
        ("which user simulators come with ConvLab-3?", "entity"),  # a verb and a preposition before the name
        ("Do any of those say how many papers they reviewed?", "quantity"),  # the papers a survey counts
        ("Which models come in different sizes?", None),
        ("Which papers have repository-level context?", None),  # a kind of context, not a repository given
        ("Do any of them say when they came out?", "date"),
        ("Which papers share code representations across languages?", None),
        ("Which papers build repository-level code completion benchmarks?", None),
        ("which of them introduce a dataset?", "resource"),  # a dataset of their own, as a property
        ("do any of those release a new benchmark?", "resource"),
        ("which of those put out a new dataset?", "resource"),  # a release in other words (evals/dev_s113.jsonl)
        ("which of them compiled their own corpus?", "resource"),
        # a verb's irregular past and the light verb of making (evals/dev_s131.jsonl: "built" had been the topic)
        ("which of those built their own new dataset or benchmark?", "resource"),
        ("did they make their own dataset?", "resource"),
        ("which of them made a new benchmark?", "resource"),
        ("which were evaluated on an industrial / production dataset?", None),  # "production": a noun, no release
        ("which datasets do they use?", "dataset"),  # names asked for
        ("Which of those are for single-cell data?", None),  # "which" picks papers; the data is their topic
        ("What is the instruction dataset the SpeechGPT paper constructed called?", "dataset"),
        ("which papers introduce a benchmark for code generation?", None),  # a kind of benchmark: a topic
        ("Which papers train models on publicly available data?", None),  # availability as a topic's detail
        ("What does CLIP-CID propose?", None),
        ("What model does SpeechGPT propose?", None),  # asks for a description
        ("What kind of model is SpikeGPT?", None),
        ("What architecture does SpikeGPT use?", None),
        ("Who developed methods for distilling CLIP?", None),  # whoever does: a list
        ("Which papers have more than ten authors?", None),  # a metadata filter
        ("Which papers improve CLIP's zero-shot accuracy?", None),  # a measure as a goal is a topic
        # ... and so is one a problem's verb acts on (evals/dev_s130.jsonl: the capacity gap had been a figure asked)
        ("anything in here tackling that teacher/student capacity gap?", None),
        ("Which papers distill CLIP?", None),
        # (a blind hand test's chats, evals/dev_s77.jsonl: "the boost" had been searched across the corpus)
        ("for the federated one, how many datasets were pooled and what was the boost?", "quantity"),
        ("what was the boost?", "quantity"),
        # a reduction is a figure as an improvement is (a blind hand test, evals/dev_s89.jsonl: "the relative WER
        # reduction" had been asked as a thing named, and the paper found was said not to state it)
        (
            "what relative WER reduction did merging attention matrices give for ASR in the zero-shot setting?",
            "quantity",
        ),
        # blind hand tests (evals/dev_s105.jsonl): two measures sharing their noun are a figure asked ("what false
        # rejection and false alarm rates" had quoted a sentence naming the measures), a dataset question's clause
        # ends where another question word starts (the count of tasks had been read as the datasets used), and
        # after a comma a clause with its subject first describes the paper sought (no duration asked)
        ("what false rejection and false alarm rates did the audio-visual keyword spotting system get?", "quantity"),
        ("In the AdapterFusion paper, what are the two stages and how many tasks did they evaluate on?", "quantity"),
        (
            "Which paper proposes letting a model decide, per question, how long its chain of thought should be, by "
            "finding some direction in weight space?",
            None,
        ),
        ("For the Lion model, how long did training take?", "duration"),
        # the training phase is no time asked (a blind hand test's chat, evals/dev_s192.jsonl: "None of the 4 papers
        # ... states how long it took")
        ("any of those four about backdoor attacks, i.e. tampering at training time?", None),
        ("what was the training time of Lion?", "duration"),
        # (the question word holding the subject asks directly: no pronoun comes after it)
        (
            "In the RAG paper for knowledge-intensive NLP (RAG-Sequence vs RAG-Token), how many Wikipedia passages "
            "get retrieved per query?",
            "quantity",
        ),
    ],
)
def test_a_fact_question_names_the_kind_of_attribute_it_asks_for(question: str, attribute: str | None) -> None:
    found = attribute_of(question)
    assert (found.type if found else None) == attribute


@pytest.mark.parametrize(
    "question",
    [
        # what the paper sought measures describes it: the question asks for the paper
        "paper that probes whether LMs know the colours of objects, as a way to measure how much visual knowledge "
        "gets into text models",
        "which paper measures how much data LLMs memorise?",
        "There was a paper that counted how many models on Hugging Face share a name. Which one?",
        # ... and so does a thing it names or a size it speaks of (paraphrases of evals/dev_s13, dev_s36 and dev_s39
        # had been answered "does not state the layers of" / "the number of that" / "the parameter count")
        "I remember a transfer learning method where a learner decides which layers of the source network get wired "
        "into the target network.",
        "KG embedding paper in the TransE family that lets the size of that step vary - which one?",
        "There's a study that matches parameter count and FLOPs to pit KANs against MLPs. Which paper is that?",
    ],
)
def test_a_figure_that_describes_the_paper_sought_is_not_asked(question: str) -> None:
    assert attribute_of(question) is None


def test_a_fact_asked_after_a_description_of_the_paper_sought_is_asked() -> None:
    found = attribute_of("There's a study pitting KANs against MLPs. Which paper is it, and how many datasets?")
    assert found is not None and found.type == "quantity"
    found = attribute_of("I remember a paper that distils CLIP. Which dataset did it train on?")
    assert found is not None and found.type == "dataset"
    # a dataset sought by what it does is described, as a paper is (evals/dev_s131.jsonl: "which dataset builds ..."
    # had asked for a dataset, and UKnow's counts been "not stated")
    found = attribute_of(
        "Which dataset builds a multimodal knowledge graph out of international news articles? How many nodes and "
        "triplets does it have?"
    )
    assert found is not None and found.type == "quantity"
    assert attribute_of("which dataset does it use?") is not None


def test_a_question_about_two_papers_named_by_their_names_is_answered_by_each(assistant) -> None:
    # a hand tester's question: KAPT alone was quoted
    answer = assistant.ask("how do MMRL and KAPT each try to stop CLIP from overfitting to the seen classes?")
    titles = {c.title.split(":")[0] for c in answer.citations}
    assert "MMRL" in titles and "Knowledge-Aware Prompt Tuning for Generalizable Vision-Language Models" in titles


def test_a_named_thing_asked_in_a_role_is_asked_as_that_role() -> None:
    # "which model was the teacher?" is named by "DeepSeek-R1 as the teacher"; a superlative is no role, but asks for
    # the best of them (Attribute.best)
    assert attribute_of("TinyR1-32B-Preview: which model was the teacher?").phrase == "the teacher model"
    best = attribute_of("which model is the best on ImageNet?")
    assert best is not None and best.phrase == "the best model" and best.best


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        ("which llm did they use?", "the llm"),
        ("which base model did they fine-tune?", "the base model"),
        ("what backbone does it use?", "the backbone"),
        ("which LLM does the paper use?", "the LLM"),
        ("what segmentation model do the authors use?", "the segmentation model"),
        ("Which university are the Wizard of Wikipedia authors from?", "the university"),  # the title before "authors"
        # the paper named before the question ("student" is no verb of contributing, as "study" is)
        ("In TinyR1-32B-Preview, what were the teacher and student models?", "the teacher and student models"),
        ("List the four downstream logistics tasks G2PTL was evaluated on.", "the four downstream logistics tasks"),
        ("Can you list the 12 languages covered by the ECLeKTic benchmark?", "the 12 languages"),
        # a request opening a later sentence or clause, the paper doing it (blind hand test, evals/dev_s177.jsonl: both
        # had quoted the paper's opening sentence as the answer, never saying the abstract names no such thing)
        (
            "I want to try ConvLab-3. Can you name the specific user simulators it ships with?",
            "the specific user simulators",
        ),
        ("For Exchange-of-Thought, list the exact LLMs they ran.", "the exact LLMs"),
        # a question told rather than asked, the name then its verb (blind hand test, evals/dev_s181.jsonl: the
        # sentence "the fine-tuned LLM acts as a powerful teacher" had been quoted as the checkpoint)
        (
            "I'd like to know which specific LLM checkpoint LLM2CLIP fine-tunes to serve as the teacher.",
            ("the LLM checkpoint"),
        ),
    ],
)
def test_a_named_thing_asked_of_a_paper_the_question_refers_to_is_an_entity(question: str, phrase: str) -> None:
    found = attribute_of(question)
    assert found is not None and found.type == "entity" and found.phrase == phrase


@pytest.mark.parametrize(
    ("question", "phrase"),
    [
        # a blind hand test (evals/dev_s179.jsonl): the count the description gives was read as the one asked, and the
        # answer said the abstract did not state "the three dimensions", quoting the sentence that lists them
        (
            "A paper evaluates multimodal foundation models along three dimensions (basic skills, information flow, "
            "real-world use cases). Over how many tasks?",
            "the number of tasks",
        ),
        (
            "MixSpeech reports BLEU gains for four languages on AVMuST-TED. Which four target languages?",
            ("the four target languages"),
        ),
    ],
)
def test_what_a_statement_before_the_question_says_is_not_what_is_asked(question: str, phrase: str) -> None:
    found = attribute_of(question)
    assert found is not None and found.phrase == phrase


def test_a_count_asked_as_the_object_of_a_verb_is_stated_by_a_number_after_that_verb() -> None:
    # a blind hand test's chat (evals/dev_s182.jsonl): "how many people did they interview" was said not to be stated,
    # the answer quoting "We interviewed 12 practitioners"
    states = stater("In the first one, how many people did they interview, and what were the challenges?")
    assert states("We interviewed 12 practitioners from the most popular PTM ecosystem, Hugging Face.")
    assert not states("We interviewed practitioners from 3 ecosystems.")
    # (the pronoun taken out, as a follow-up's own question is read)
    found = attribute_of("how many people did interview, and what were the challenges?")
    assert found is not None and found.verb == "interview"
    # (a verb every request uses counts nothing in particular: "used 3 benchmarks" is no count of GPUs)
    found = attribute_of("how many GPUs did they use?")
    assert found is not None and found.verb == ""


def test_a_word_before_it_after_which_is_a_verb_not_the_thing_asked() -> None:
    # ("which team won it?": the request's "the user simulators it ships with" reads no further than a request)
    assert attribute_of("going back to the CURVAS challenge - which team won it?") is None
    # (nor is a plural after a name a verb, unless a clause's end or a preposition follows it)
    assert attribute_of("Which multimodal LLM papers use mixture-of-experts?") is None


@pytest.mark.parametrize(
    "question",
    [
        "There was a paper that compared KAN and MLP with the same number of parameters. What did it find?",
        "which study does a head to head of KAN versus MLP with the number of params and FLOPs held equal?",
    ],
)
def test_a_measure_held_equal_is_a_condition_of_the_question_not_what_it_asks(question: str) -> None:
    assert attribute_of(question) is None


def test_a_participle_before_the_noun_asked_for_modifies_it() -> None:
    # a blind hand test (evals/dev_s127.jsonl): "which two pretrained models does it glue together?" had asked for
    # "the two", a thing no sentence names
    found = attribute_of("which two pretrained models does CLIPTrans glue together?")
    assert found is not None and (found.type, found.phrase) == ("entity", "the two pretrained models")
    assert attribute_of("which model developed Kosmos?") is None  # a verb after the noun


def test_what_after_a_verbs_ing_form_opens_a_clause_of_the_topic_not_the_question() -> None:
    # a blind hand test's chat (evals/dev_s128.jsonl): "recognizing what people do" had asked the dataset paper for
    # "the people", and the answer said its abstract does not state them
    found = attribute_of("is there a dataset for recognizing what people do at home? what modalities does it record")
    assert found is None or "people" not in found.phrase


def test_a_measure_given_as_fixed_is_a_condition_of_the_question_not_what_it_asks() -> None:
    # a blind hand test's chat (evals/dev_s126.jsonl): the answer had said the paper "does not state the parameter
    # budget", quoting the sentence answering the question (the chat's reference "it" dropped: "budget is better")
    assert attribute_of("if youve got a fixed parameter budget is better to go deeper or wider?") is None


def test_what_gain_is_reported_asks_for_a_number() -> None:
    asked = attribute_of("what average BLEU gain is reported on the 21 CoVoST-2 translation tasks?")
    assert asked is not None and asked.type == "quantity"
    assert stater("what average BLEU gain is reported on CoVoST-2?")(
        "On the 21 translation tasks of CoVoST-2, we achieve an average improvement of 12.8 BLEU points."
    )


def test_a_gain_is_stated_by_a_signed_figure_of_a_verb_that_states_a_difference() -> None:
    # a blind hand test: "what gains did TinyR1 report on math, coding and science?" had been answered "does not name
    # the gains in so many words", quoting "outperforms its counterpart ... Mathematics (+5.5 points)"
    states = stater("what gains did TinyR1 report on math, coding and science?")
    assert states("It outperforms its counterpart across benchmarks, including Mathematics (+5.5 points).")
    assert states("It surpasses the baseline, including Coding (+4.4 points).")
    assert not states("It reaches Mathematics 72.5 and Coding 61.0.")


@pytest.mark.parametrize(
    ("sentence", "others"),
    [
        ("Recent works such as T5 and GPT-3 have shown that scaling up pre-trained language models helps.", True),
        ("However, most existing methods rely on paired data.", True),
        ("Previous studies of code models ignore API names.", True),
        ("Unlike previous methods, we distil from GPT-3.", False),
        ("We fine-tune GPT-3 on scientific abstracts.", False),
        ("Recent advances in LLMs make this feasible.", False),
    ],
)
def test_a_sentence_about_others_work_is_told_by_its_opening(sentence: str, others: bool) -> None:
    assert about_others_work(sentence) is others


def test_a_gain_is_stated_by_a_figure_right_after_the_verb_of_a_difference() -> None:
    # a blind hand test, evals/dev_s157.jsonl: GrowCLIP's classification gain had been read as no gain
    states = stater("what gains does GrowCLIP report on zero-shot image classification?")
    assert states("GrowCLIP improves 2.3% average top-1 accuracy on zero-shot image classification of 9 tasks.")
    assert states("It boosts up to 4 points on every benchmark.")
    assert not states("It reaches 72.5% average top-1 accuracy on zero-shot image classification.")


@pytest.mark.parametrize(
    ("question", "settings"),
    [
        (
            "what gains does growclip report on zero-shot image classification and on Flickr30K retrieval?",
            ["on zero-shot image classification", "on Flickr30K retrieval"],
        ),
        (
            "how many patients were in the training data and in the test set?",
            ["in the training data", "in the test set"],
        ),
    ],
)
def test_a_fact_asked_in_two_settings_asks_each_setting_s_figure(question: str, settings: list[str]) -> None:
    # (blind hand tests: one sentence's figure had answered both, "631 patients" on the test set left out)
    asks = further_asks(question)
    assert [ask.clause for ask in asks if ask.setting] == settings
    assert all(ask.attribute == attribute_of(question) for ask in asks)
    assert not any(ask.setting for ask in further_asks("which papers work on medical images and on speech?"))
    # ... or in clauses of their own, each asking a figure: the first clause's own figure is asked too
    two = further_asks("how much does it improve image classification, and what gain does it get on Flickr30K?")
    assert [(ask.clause, ask.setting) for ask in two] == [
        ("how much does it improve image classification", True),
        ("what gain does it get on Flickr30K?", False),
    ]


def test_how_much_a_comparative_changed_is_stated_by_the_word_or_by_the_change_s_two_ends() -> None:
    question = "When applied to QwQ-32B-Preview, how much shorter did the chains get?"
    asked = attribute_of(question)
    assert asked is not None and not asked.level and asked.describe() == "how much shorter"
    assert stater(question)("It reduces reasoning chains on GSM8K from 741 to 225 tokens.")
    assert stater(question)("The chains get 3.3 times shorter.")
    assert not stater(question)("The model reaches 95.07% accuracy on GSM8K.")
    # a comparative naming no dimension asks for the margin, which any figure of the comparison gives
    assert stater("how much better is it than DALL-E?")("It is 12 FID better.")


def test_a_result_on_a_name_of_several_words_names_a_dataset() -> None:
    asked = stater("Which datasets does it evaluate on?")
    assert asked("We achieve the new state-of-the-art performance on Wizard of Wikipedia (Dinan et al., 2019).")
    assert not asked("We achieve the new state-of-the-art performance on knowledge selection.")


def test_a_figure_of_another_named_model_is_not_the_paper_s_own_but_a_figure_on_a_dataset_is() -> None:
    topic = Topic(np.zeros(3), {"paramet": 1.0})
    assert speaks_of_another_model(
        "Particularly, the GPT-3 model with 175 billion parameters shows it.", "ERNIE 3.0", topic
    )
    assert not speaks_of_another_model(
        "We trained the model with 10 billion parameters on a 4TB corpus.", "ERNIE 3.0", topic
    )
    assert not speaks_of_another_model("The model reaches 95% accuracy on CIFAR-10.", "ERNIE 3.0", topic)
    assert not speaks_of_another_model("ERNIE 3.0 beats GPT-3 with 10B parameters.", "ERNIE 3.0", topic)


def test_a_github_link_asked_for_is_one_to_github() -> None:
    asked = stater("Which distillation papers provide a GitHub repository link?")
    assert asked("Code is available at https://github.com/RuipingL/TransKD.")
    assert not asked("The trained models are available at https://huggingface.co/collections/llm-neo.")
    assert not asked("Code will be released upon acceptance.")
    assert stater("Which papers release their code?")("Code will be released upon acceptance.")


def test_things_counted_are_named_by_names_ending_in_their_noun() -> None:
    sentence = (
        "It has two phases: (1) the Branch Phase, where a teacher distils; (2) the Merge Phase, where they merge."
    )
    assert stater("In TinyR1-32B-Preview, what are the two phases of Branch-Merge distillation?")(sentence)
    # uncounted, a noun in a title-case phrase names nothing: "Large Language Model" is no LLM's name
    assert not stater("which LLM is SpeechGPT built on?")("SpeechGPT is a Large Language Model with speech.")
    # counted, a noun inside a longer name, or a kind written out before its short form, names none either (a hand
    # test: "which five LVLMs did VLKEB test?" had been answered with these, not "not stated")
    counted = stater("which five models did VLKEB test?")
    assert not counted("We construct a new Large Vision-Language Model Knowledge Editing Benchmark, VLKEB.")
    assert not counted("Editing Large Vision-Language Models (LVLMs) faces extra challenges.")


def test_items_numbered_after_their_noun_name_its_kinds_however_long() -> None:
    # a hand test: "what two kinds of knowledge did K-Adapter inject?" had been answered "not stated"
    asked = stater("what two kinds of knowledge did K-Adapter inject?")
    assert asked(
        "As a case study, we inject two kinds of knowledge in this work, including (1) factual knowledge obtained"
        " from automatically aligned text-triplets on Wikipedia and Wikidata and (2) linguistic knowledge obtained"
        " via dependency parsing."
    )
    assert asked("We inject two kinds of knowledge: (i) facts drawn from Wikidata, and (ii) syntax from parses.")
    assert not asked("Knowledge of two kinds is flushed away when (1) parameters change.")
    # uncounted, the noun need not be what is numbered: the roles are
    roles = "The World Model serves dual roles: (1) as a virtual web server, and (2) as an imagination engine."
    assert not stater("Which world model does WebEvolver use?")(roles)


def test_a_thing_is_named_as_what_it_serves_as() -> None:
    sentence = "By leveraging 3D Gaussian Splatting (3DGS) as the 3D representation, it enables the transfer."
    assert stater("what 3D representation do they use?")(sentence)
    assert not stater("what 3D representation do they use?")("It improves the 3D representation of 12 scenes.")


def test_a_corpus_the_paper_presents_by_name_is_the_data_it_uses() -> None:
    sentence = "We present the Moral Foundations Reddit Corpus, a collection of 16,123 Reddit comments."
    assert stater("what data do they use?")(sentence)
    assert not stater("what data do they use?")("We propose grounding the generation into a corpus of narratives.")


def test_how_big_a_model_is_is_its_parameter_count() -> None:
    asked = stater("Is there work on spiking neural networks, and how big are their models?")
    assert asked("We train the proposed model on two model variants: 45M and 216M parameters.")
    assert not asked("It keeps 20x fewer operations on neuromorphic hardware.")
    # ... asked as "how large a model" too (a hand tester's: the answer had been a 10% gain in engagement)
    asked = stater("the multi-stage prompting paper - how large a model did they scale up to?")
    assert asked("Furthermore, we scale our model up to 530 billion parameters and show that larger LMs improve.")
    assert not asked("Our prompting outperforms the finetuning-based model in engagement by up to 10% and 5%.")


def test_how_fast_asks_a_speed_which_another_figure_does_not_state() -> None:
    # a blind hand test (evals/dev_s116.jsonl): "how fast is llava-mod on a phone?" was answered by a benchmark gain
    asked = stater("how fast is llava-mod on a phone, like tokens per second on mobile?")
    assert not asked("LLaVA-MoD surpasses Qwen-VL-Chat-7B by an average of 8.8% across benchmarks.")
    assert asked("It runs at 12 tokens per second on a Snapdragon phone.")
    assert asked("Inference is 2.3x faster than the teacher.")
    # asked beside another measure, either is stated by its own figure
    assert stater("how small and how fast did the compression one get?")("It compresses the model to 3 MB.")


def test_which_of_two_is_bigger_asks_each_one_s_size_in_what_it_is_counted_in() -> None:
    bigger = "Which is bigger, SpikeGPT or TinyR1-32B-Preview?"
    assert stater(bigger)("We train the proposed model on two model variants: 45M and 216M parameters.")
    assert not stater(bigger)("It keeps 20x fewer operations on neuromorphic hardware.")
    assert attribute_of("Which papers are bigger?") is None  # no two things to weigh


def test_a_change_of_a_measure_does_not_state_the_level_asked() -> None:
    gain = "We push forward the state-of-the-art across standard benchmarks by an average of +2.67 BLEU."
    assert not stater("What BLEU score does CLIPTrans reach on Multi30k?")(gain)
    assert stater("What BLEU score does CLIPTrans reach on Multi30k?")("CLIPTrans reaches 43.9 BLEU on Multi30k.")
    assert stater("How many BLEU points does CLIPTrans gain over the state of the art?")(gain)
    # (still a level: a score asked without its metric is whatever figure the paper measures itself by)
    assert not stater("What scores does CLIPTrans get on Multi30k?")(gain)


@pytest.mark.parametrize(
    ("question", "counts"),
    [
        ("How many papers are from 2024?", True),
        ("How many papers does the corpus have on CLIP?", True),
        ("Do any of those say how many papers they reviewed?", False),  # the papers a survey counts
        ("how many papers did the survey cover?", False),
        # (a blind hand test's chats, evals/dev_s75.jsonl: it had answered "1 paper matches")
        ("how many studies did that review end up including?", False),
    ],
)
def test_counting_the_collection_s_papers_is_not_counting_the_papers_a_paper_reviews(
    question: str, counts: bool
) -> None:
    assert counts_papers(question) is counts


def test_a_survey_counting_its_papers_by_another_name_states_how_many_papers() -> None:
    reviewed = stater("Do any of those say how many papers they reviewed?")
    assert reviewed("In this survey, we carefully review over 300 articles, focusing on KG-aware research.")
    assert not reviewed("We review 4 training strategies and 2 loss functions.")


def test_a_share_or_an_amount_of_data_is_stated_by_a_figure_of_what_it_is_made_of() -> None:
    share = stater("what fraction of parameters does it train?")
    assert share("It beats full fine-tuning while using only 5% of the trainable parameters.")
    assert not share("It is trained on 8 GPUs for 3 days.")
    # "percent" asks a share as "percentage" does (a blind hand test's chats, evals/dev_s87.jsonl: no fact had been
    # read in it), and the verb after what it is a share of is not part of it
    found = attribute_of("what percent of the models had no license info according to the versioning study?")
    assert found is not None and (found.type, found.phrase) == ("quantity", "the fraction of models")
    data = stater("How much data was IMAGINATOR trained on?")
    assert data("IMAGINATOR is trained on 21K distinct image objects from 1M image+text pairs.")
    assert not data("The 7B model has 32 layers.")


def test_the_measure_itself_asked_is_stated_by_a_figure_of_it_not_by_any_figure() -> None:
    accuracy = stater("KAM-CoT: what accuracy on ScienceQA?")
    assert accuracy("On the ScienceQA dataset, we achieve an average accuracy of 93.87%, surpassing GPT-3.5.")
    assert not accuracy("KAM-CoT achieves these results with only 280M trainable parameters at a time.")


@pytest.mark.parametrize(
    "question", ["nice. what kind of gains / savings do they each report?", "what sort of speedups do they get?"]
)
def test_a_change_asked_by_its_kind_is_told_by_its_figures(question: str) -> None:
    # (a blind hand test's chat, evals/dev_s130.jsonl: "what kind of" had asked for a description, and the 83.5% time
    # saving been left out)
    found = attribute_of(question)
    assert found is not None and found.type == "quantity"
    assert not found.nouns & {stem("kind"), stem("sort")}
    # the kinds of other things are still described
    assert attribute_of("what kinds of errors does it test?") is None


def test_an_amount_given_as_a_share_of_another_states_it() -> None:
    # (a blind hand test's chat, evals/dev_s130.jsonl: Ditto's "half the number of labeled data" had been "not stated")
    states = stater("how much labeled data does it need to hit the old sota numbers?")
    assert states("Ditto can achieve the previous SOTA results with at most half the number of labeled data.")
    # a share of something else measures no amount of it
    assert not states("We use labeled data from half of the clients.")


def test_scores_or_results_asked_without_a_metric_are_any_figure_the_paper_measures_itself_by() -> None:
    scores = "DaTaSeg improves all datasets, achieving 54.0 mIoU on ADE semantic and 53.5 PQ on COCO panoptic."
    assert stater("What scores does DaTaSeg get on ADE semantic segmentation and COCO panoptic?")(scores)
    assert stater("What results does DaTaSeg report?")(scores)
    assert not stater("What scores does DaTaSeg get?")("DaTaSeg trains one model on many segmentation datasets.")


@pytest.mark.parametrize(
    "question",
    [
        "which model do they propose?",  # what the paper contributes wants a description
        "What fraction of LAION400M did they filter out?",  # a measure
        "which system plays that blocky crafting sandbox on its own?",  # "its own" refers to no paper
        "which of them use CLIP?",
        # a term of an objective is described ("we introduce a token-wise contextual loss"; evals/dev_s130.jsonl: it
        # had been "not stated" for want of a named "term")
        "the token-level graph paper - what extra loss term do they add on top?",
    ],
)
def test_a_reference_to_a_paper_does_not_make_every_which_question_ask_for_a_name(question: str) -> None:
    found = attribute_of(question)
    assert found is None or found.type != "entity"


@pytest.mark.parametrize(
    "question",
    [
        # a blind hand test's chat (evals/dev_s122.jsonl): "which target language does each of those focus on?" had
        # quoted one paper's method, naming no language; a language is named, never described, whatever the verb, and
        # "each" is the papers on the table, one by one
        "which target language does each of those focus on?",
        "which target language does each focus on?",
        "which language does each target?",
    ],
)
def test_a_language_asked_of_each_paper_is_named_whatever_the_verb(question: str) -> None:
    found = attribute_of(question)
    assert found is not None and found.type == "entity" and found.nouns == {stem("language")}


def test_a_measured_quantity_keeps_the_noun_that_names_it() -> None:
    found = attribute_of("What is the parameter count of Kosmos-1?")
    assert found is not None and found.words == ("parameter",)


@pytest.mark.parametrize("change", ["hallucination reduction", "accuracy improvement"])
def test_the_noun_a_question_counts_is_asked_before_a_measure_named_after_it(change: str) -> None:
    # (evals/dev_s71.jsonl: "on how many benchmarks did it show the hallucination reduction?" is answered by "six
    # benchmarks", not by a figure of the reduction)
    found = attribute_of(
        f"and the knowledge consistent alignment one - on how many benchmarks did it show the {change}?"
    )
    assert found is not None and found.type == "quantity" and found.phrase == "the number of benchmarks"


def test_a_measure_asked_with_an_attainment_verb_is_named_by_its_own_words() -> None:
    found = attribute_of("What win rate did the agent obtain against humans?")
    assert found is not None and found.phrase == "the win rate" and found.words == ("win",)
    found = attribute_of("What accuracy does the student reach on SQuAD?")
    assert found is not None and found.phrase == "the accuracy"


def test_a_coordinated_measure_keeps_both_nouns() -> None:
    found = attribute_of("How much computation and memory does the binarized model save?")
    assert found is not None and set(found.words) == {"computation", "memory"}


def test_a_plural_measure_names_its_quantity() -> None:
    found = attribute_of("NorGLM models - what parameter sizes did they train, exactly?")
    assert found is not None and found.type == "quantity" and found.words == ("parameter",)


def test_a_rate_counts_the_noun_before_per() -> None:
    found = attribute_of("how deep is each encoder, i.e. number of layers per encoder?")
    assert found is not None and found.nouns == frozenset({"layer"})


@pytest.mark.parametrize(
    ("question", "nouns"),
    [
        # a standard metric is a measure by its name, and the word before it names what it measures
        ("Learnable PINs face-voice joint embedding: what's the embedding dimensionality?", {"embed"}),
        ("Give me TransKD's mIoU on Cityscapes for its best student model.", {"miou"}),  # "'s" is no word
        # whether a paper gives a measure asks for its value
        ("did SpikeGPT report perplexity on WikiText-103?", {"perplex"}),
        # "what" on a measure closing the question
        ("Were they collected on Mechanical Turk, and with roughly what crowdworker headcount?", {"crowdwork"}),
        ("Twin-Merging - what sparsity / compression ratio do they pick?", {"compress"}),
    ],
)
def test_a_measure_named_in_other_forms_is_a_quantity(question: str, nouns: set[str]) -> None:
    found = attribute_of(question)
    assert found is not None and found.type == "quantity" and found.nouns == frozenset(nouns)


@pytest.mark.parametrize(
    "question", ["Which papers map images to text?", "which papers study recall of facts in LLMs?"]
)
def test_a_metric_name_written_as_a_common_word_asks_for_no_measure(question: str) -> None:
    assert attribute_of(question) is None


def test_a_fragment_ending_in_a_measure_asks_for_it() -> None:
    found = attribute_of("aria moe total param count?")
    assert found is not None and found.type == "quantity" and found.nouns == frozenset({"param"})


def test_a_number_of_what_the_question_sets_aside_does_not_answer_it() -> None:
    asked = attribute_of("aria moe total param count? not the activated ones, the full model size")
    assert asked is not None and "activ" in asked.excluded
    states = stater("aria moe total param count? not the activated ones, the full model size")
    assert not states("Aria is a mixture-of-expert model with 3.9B activated parameters per visual token.")
    assert states("Aria has 25.3B parameters in total.")


@pytest.mark.parametrize(
    "question",
    [
        "which model exactly was fine-tuned to create BinT5?",  # an adverb after the noun
        # "to get" is a verb of purpose, not of attaining a measure
        "Lion, the distillation from ChatGPT - which open-source base model did they fine-tune to get the student?",
    ],
)
def test_which_model_asks_for_a_named_model(question: str) -> None:
    found = attribute_of(question)
    assert found is not None and found.type == "entity" and found.nouns == frozenset({"model"})


def test_a_count_of_the_words_qualifying_a_measure_does_not_state_the_measure() -> None:
    states = stater("What was the inter-annotator agreement in the Moral Foundations Reddit Corpus?")
    assert not states("The comments were hand-annotated by at least three trained annotators.")
    assert states("Inter-annotator agreement reached a Cohen's kappa of 0.61.")
    # a count asks for the number of its nouns: "7B parameters" states a parameter count
    assert stater("What is the parameter count of Kosmos-1?")("Kosmos-1 has 1.6B parameters.")


def test_a_dataset_is_named_by_a_name_beside_a_dataset_noun() -> None:
    states = stater("Which benchmarks was Lion evaluated on?")
    assert not states("We transfer knowledge from ChatGPT to a 7B student model using a mere 70k training data.")
    assert not states("Results on different benchmarks show that LangCell is the only single-cell PLM that works.")
    assert states("Extensive experiments on MSCOCO and Flickr30K datasets validate the method.")
    assert states("We introduce Topical-Chat, a knowledge-grounded conversation dataset where topics vary.")
    # ... or listed a few words after it (a blind hand test had called these "not stated")
    assert stater("Which datasets?")(
        "3) Additionally, we find previous benchmarks are unsuitable in the era of PTM due to data overlapping and "
        "propose four new benchmarks for assessment, namely ImageNet-A, ObjectNet, OmniBenchmark, and VTAB."
    )


def test_data_drawn_from_a_named_source_states_the_data_used() -> None:
    # a hand test: CLIP-CID's data had been called "not stated" beside "image-text pairs from the LAION400M"
    states = stater("CLIP-CID vs DC-CLIP: what training data did each use?")
    assert states("This method filters out 43.7% of image-text pairs from the LAION400M while keeping performance.")
    assert not states("We collect 38K videos from a popular video-sharing platform.")  # (no name: not which data)


def test_a_kind_of_dataset_is_not_a_dataset_named() -> None:
    # "ZSL" and "QA" say which kind of benchmark is asked for; "a ... ZSL benchmark" is one of that kind.
    states = stater("DUET - did they name which three standard ZSL benchmarks they evaluated on?")
    assert not states("DUET achieves state-of-the-art performance on a knowledge graph equipped ZSL benchmark.")
    assert states("DUET achieves state-of-the-art performance on the CUB and AWA2 benchmarks.")
    states = stater("which two multi-hop QA datasets did they evaluate on?")
    assert not states("It outperforms prior retrieval methods on single-hop QA tasks and two multi-hop QA datasets.")
    assert stater("which datasets did they evaluate on, COCO?")("Experiments on the COCO dataset show gains.")


def test_names_holding_the_kind_a_dataset_question_names_are_datasets_of_that_kind() -> None:
    # a blind hand test (evals/dev_s103.jsonl) had been told "the abstract does not state the datasets used" beside the
    # sentence naming them
    states = stater("which QA datasets were used to evaluate aligning medical knowledge graph embeddings with BERT?")
    assert states(
        "The aligned embeddings are fused with open-domain LMs BERT and RoBERTa that are fine-tuned for two MRC tasks, "
        "span detection (COVID-QA) and multiple-choice questions (PubMedQA)."
    )
    assert states("Results on PubMedQA and MedQA improve over the baselines.")
    # the kind's name alone, or one name in passing (the paper's own, perhaps), names no dataset of it
    assert not states("It outperforms prior methods on QA tasks.")
    assert not states("We propose GraphQA, a method that reasons over knowledge graphs.")


@pytest.mark.parametrize(
    "question",
    [
        "SpeechGPT - what is the name of the dataset they built?",
        "SpeechGPT - whats the name of the dataset?",
        # (the paper on the table, named by a pronoun only; a thing it introduced is asked by its name: a blind hand
        # test's chats, evals/dev_s87.jsonl)
        "whats the name of the benchmark they introduce?",
        "what is the name of the dataset it uses?",
        # ... with a word before the noun (evals/dev_s129.jsonl: "the pretraining" had been the thing named)
        "In FILIP, what's the name of the pretraining dataset they built?",
    ],
)
def test_the_name_of_a_dataset_asks_for_a_dataset(question: str) -> None:
    found = attribute_of(question)
    assert found is not None and found.type == "dataset"
    sentence = "With discrete speech representations, we first construct SpeechInstruct, a large-scale speech dataset."
    assert states_attribute(found, sentence, set(query_terms(sentence)))


def test_a_corpus_asked_by_its_name_is_named_after_what_it_holds() -> None:
    # (evals/dev_s57.jsonl: once the noun before "it produced" was read whole, "the generics corpus" was asked for,
    # and "a new corpus of generics, Gen-A-Tomic" had to state it)
    found = attribute_of("the one with GPT-2 as the small model - what's the name of the generics corpus it produced?")
    assert found is not None and found.type == "dataset"
    sentence = "Moreover, our study leads to a new corpus of generics, Gen-A-Tomic, that is of the largest quality."
    assert states_attribute(found, sentence, set(query_terms(sentence)))
    assert not states_attribute(found, "It learns from a corpus of generics, which is small.", set())


def test_the_kinds_of_tasks_something_was_tested_on_are_the_tasks() -> None:
    # (a blind hand test's chats, evals/dev_s75.jsonl: the paper's three challenges had been quoted instead)
    states = stater("what kinds of tasks did they test that forgetting on?")
    assert states("We conduct extensive experiments on face recognition, object detection and image classification.")
    assert not states("(ii) For remaining knowledge, the impact brought by the forgetting procedure should be minimal.")
    assert attribute_of("what kinds of data does PIBD combine?") is None  # a description of the data, not its name
    # (a blind hand test's chat, evals/dev_s110.jsonl: scUNC's scRNA and scATAC views were "not stated" as datasets)
    assert attribute_of("what two kinds of data views does it combine?") is None


def test_tasks_asked_for_are_named_by_listing_them_in_any_case() -> None:
    states = stater("CreamFL - which tasks did they evaluate on?")
    assert states("Evaluations on image-text retrieval and visual question answering tasks show its superiority.")
    assert not states("It improves performance on various downstream tasks.")
    # datasets asked for are still named as datasets are
    assert not stater("which datasets did they evaluate on?")("Evaluations on retrieval and VQA tasks show gains.")


def test_what_something_was_evaluated_on_asked_without_a_noun_is_answered_by_tasks_as_by_datasets() -> None:
    # (a blind hand test's chat, evals/dev_s144.jsonl: "what do they evaluate on? tasks/datasets for each" had said that
    # K-Adapter's and the medical QA paper's abstracts do not state what they are evaluated on)
    found = attribute_of("what do they evaluate on? tasks/datasets for each")
    assert found is not None and (found.type, found.words) == ("dataset", ("tasks",))
    states = stater("what do they evaluate on?")
    assert states(
        "Results on three knowledge-driven tasks, including relation classification, entity typing, and question "
        "answering, demonstrate that each adapter improves the performance."
    )
    # tasks named each by its dataset in brackets of its own
    assert states(
        "The aligned embeddings are fused with open-domain LMs BERT and RoBERTa that are fine-tuned for two MRC tasks, "
        "span detection (COVID-QA) and multiple-choice questions (PubMedQA)."
    )
    # ... whatever their parts, though "QA" is a kind of thing the corpus abbreviates (evals/dev_s146.jsonl)
    kinds = replace(attribute_of("what tasks or datasets are those three evaluated on?"), subject=frozenset({"qa"}))
    medical = "fine-tuned for two MRC tasks, span detection (COVID-QA) and multiple-choice questions (PubMedQA)."
    assert states_attribute(kinds, medical, set(query_terms(medical)))
    assert stater("what was the third one tested on?")("Experiments on MSCOCO and Flickr30K datasets show gains.")
    assert not states("It improves performance on various downstream tasks.")
    # a dataset asked by its noun is still named as a dataset is (its sentence is chosen among those reporting results)
    assert attribute_of("which datasets did they evaluate on?").words == ("evaluated",)


def test_what_something_was_evaluated_on_is_quoted_from_the_sentence_reporting_experiments() -> None:
    topic = Topic(np.array([1.0, 0.0]), {"inject": 2.0}, attribute=attribute_of("what tasks do they evaluate on?"))
    background = "However, retraining is needed to deploy new injection methods or knowledge bases for new tasks."
    experiments = "Experiments on KPRS and the response generation task show improvements of injection with adapters."
    hit = Hit(0, "p", None, f"{background} {experiments}", 1.0, background)
    rows = [(0, background, np.array([1.0, 0.0])), (1, experiments, np.array([0.6, 0.8]))]
    assert _judge(2).judge(topic, hit, rows, paper_coverage=1.0).sentences[0] == experiments


def test_tasks_are_named_by_the_experiments_listing_them_in_lower_case() -> None:
    # a hand tester's chat: "does not state the tasks it is evaluated on", of this sentence
    states = stater("the one about forgetting in vision models - what tasks did they test on?")
    assert states(
        "We conduct extensive experiments on face recognition, object detection and image classification and "
        "demonstrate that our method manages to forget specific classes."
    )
    # things counted or qualified are not named
    assert not states("Experiments on three datasets and two backbones show consistent gains.")
    assert not states("Experiments on several benchmarks and settings show consistent gains.")


def test_a_real_world_application_experimented_on_is_a_task_and_one_named_alone_answers() -> None:
    # blind hand testers asked the guidance network paper this five times (evals/dev_s96-s148); its one application,
    # in "Real-life experiment in violence detection shows ...", had been "not stated" or the question refused
    for question in (
        "that first paper, the guidance network one - what real-world application did they run experiments on?",
        "and the guidance network paper, what real world task did they run experiments on?",
    ):
        found = attribute_of(question)
        assert found is not None and (found.type, found.words) == ("dataset", ("tasks",))
    states = stater("what real-world application did they run experiments on?")
    assert states("Real-life experiment in violence detection shows that our framework trains better models.")
    # ... as is one the experiments included (evals/dev_s144.jsonl, TEMT)
    assert states(
        "We carried out several experiments including time interval prediction, both in transductive and "
        "inductive settings, and triple classification."
    )
    # a kind of data or a plural closing the phrase is no task named
    assert not states("Experiments on benchmark datasets show that our framework trains better models.")
    assert not states("Experiments on real data demonstrate that our framework trains better models.")
    # an application asked otherwise is still the thing named
    assert attribute_of("what applications does it target?").type == "entity"
    # ... and an amount of data is a quantity, whatever two words come before "data" (the full dev eval, evals/dev_s36:
    # "what scale of data was IMAGINATOR trained on?" had been read as asking a dataset, and refused)
    assert (
        attribute_of("What scale of data was the IMAGINATOR joint image-text embedding trained on?").type == "quantity"
    )


def test_the_tasks_a_result_was_attained_on_are_asked_and_named_as_tasks() -> None:
    # (a blind hand test's chat, evals/dev_s130.jsonl: "which tasks does it get sota on?" had asked for a measure, and
    # the C^3 sentence listing its tasks been "not stated")
    found = attribute_of("which tasks does it get sota on?")
    assert found is not None and (found.type, found.words) == ("dataset", ("tasks",))
    states = stater("which tasks does it get sota on?")
    assert states(
        "Our C^3 method significantly improves cross-modal learning from uni-modal data, achieving state-of-the-art "
        "results on zero-shot image / audio / video captioning and text-to-image generation."
    )
    assert not states("It achieves state-of-the-art results on several benchmarks and settings.")
    # a measure attained is still a measure
    measure = attribute_of("what accuracy does it get on ImageNet?")
    assert measure is not None and measure.type == "quantity"


def test_tasks_are_named_after_a_colon_or_one_by_its_name() -> None:
    # the paper may be named at length between the verb and "evaluated on"
    states = stater("What two tasks is the concept-centric multi-modality learning framework evaluated on?")
    assert states("We evaluate our framework on two popular tasks: Image-Text Matching and Visual Question Answering.")
    assert states("Extensive experiments on the Common-Gen task have demonstrated the efficacy of MORE.")
    assert not states("Our framework achieves performance on par with benchmark models on both tasks.")


def test_things_asked_for_are_stated_by_listing_them_after_their_noun() -> None:
    states = stater("What are the three training stages of SpeechGPT?")
    assert states(
        "Additionally, we employ a three-stage training strategy that includes modality-adaptation pre-training, "
        "cross-modal instruction fine-tuning, and chain-of-modality instruction fine-tuning."
    )
    assert not states("We train it in stages, and it follows instructions.")
    # a clause that goes on after "such as" lists nothing
    states = stater("Which base model did SwitchGPT start from?")
    assert not states(
        "Concurrently, modality conversion models, such as text-to-image, despite generating high-quality images, "
        "suffer from a lack of extensive textual pretraining."
    )


def test_things_asked_for_are_stated_by_three_kinds_or_more_modifying_their_noun() -> None:
    # a hand tester's X-VILA: "None of these 2 papers states the modalities", beside "incorporating image, video, and
    # audio modalities"
    states = stater("which modalities does X-VILA add to the LLM?")
    assert states("We introduce X-VILA, an omni-modality model incorporating image, video, and audio modalities.")
    # two sort the things rather than name them
    assert not stater("which datasets did they use?")("We split it into training and test datasets.")
    # the noun itself, not a word it begins
    assert not stater("which exact teacher model did they distill from?")(
        "A big convergence of language, multimodal perception, action, and world modeling is a key step."
    )


def test_which_language_is_stated_by_the_language_of_the_papers_data() -> None:
    states = stater("What language is KdConv in?")
    assert states("In this paper, we propose a Chinese multi-domain knowledge-driven conversation dataset, KdConv.")
    assert states("We build the first knowledge graph for Bangla.")
    # a language name modifying something else says nothing of the paper's language
    assert not states("This method augments the target language corpus with English entity names.")
    assert not states("Transferring English-based LLMs to other languages has become popular.")
    # what the question sets aside is not the thing asked: it still asks for a language
    states = stater("BertaQA: which language besides English is it in?")
    assert states("We introduce BertaQA, a multiple-choice trivia dataset that is parallel in English and Basque.")
    # ... or what a count of the paper's data is in (a hand tester's KELIP had been said not to state its languages)
    states = stater("which languages does KELIP cover?")
    assert states(
        "We collect 1.1 billion image-text pairs (708 million Korean and 476 million English) and train KELIP."
    )
    assert not states("The dataset was annotated by 3 Chinese annotators.")
    # ... or the sources the data come from (a hand tester's PIN-14M, likewise)
    assert stater("what languages are PIN-14M's samples from?")(
        "We present PIN-14M, comprising 14 million samples derived from a diverse range of Chinese and English sources."
    )


def test_a_language_compounded_into_an_adjective_names_no_model() -> None:
    states = stater("Which specific 7B base model was LEIA applied to?")
    assert not states("Adapting English-based large language models (LLMs) to other languages has become popular.")
    assert states("We apply LEIA to the Llama-2 model.")


def test_things_named_after_specifically_are_instances_of_the_noun_before() -> None:
    # a blind hand test's chat (evals/dev_s122.jsonl): "which pretrained foundation models does it stitch together?"
    # had quoted V2A-Mapper's "the visual CLIP and the auditory CLAP models", not the sentence naming all three
    states = stater("which pretrained foundation models does V2A-Mapper stitch together?")
    assert states(
        "We propose a lightweight solution by leveraging foundation models, specifically CLIP, CLAP, and AudioLDM."
    )


def test_training_data_asked_without_a_dataset_noun_is_stated_by_a_description_of_it() -> None:
    trained = stater("How large was ERNIE 3.0 and what was it trained on?")
    assert trained("We trained the model with 10 billion parameters on a 4TB corpus consisting of plain texts.")
    assert stater("what data is its projection module pretrained on?")("It is pretrained solely with text data.")
    # a dataset asked by its noun still wants it named
    assert not stater("which datasets was it evaluated on?")("We trained the model on a 4TB corpus.")
    # ... with another verb sharing the preposition (a blind hand test's chat, evals/dev_s120.jsonl: "what data did
    # each of those two train/evaluate on?" had been answered for one paper only, UniT's "trained end-to-end using a
    # curated large-scale CT images of 10,042 patients" not counted)
    unit = "UniT is trained end-to-end using a curated large-scale CT images of 10,042 patients."
    assert stater("what data did each of those two train/evaluate on?")(unit)
    assert stater("what data did they train and test on?")(unit)
    # ... or asked inside another question (a blind hand test, evals/dev_s177.jsonl: "LXMERT vs UNIMO - how do they
    # differ in what data they pretrain on?" had quoted LXMERT's VQA and GQA results)
    lxmert = "Next, we pre-train the model with large amounts of image-and-sentence pairs, via five pre-training tasks."
    assert stater("LXMERT vs UNIMO - how do they differ in what data they pretrain on?")(lxmert)
    # ... or with a dataset noun, where a benchmark tested on is no answer (a dev near miss, evals/dev_s70.jsonl: "What
    # corpus was MiniLM pre-trained on?" had been answered with its SQuAD and GLUE results)
    corpus = stater("What corpus was MiniLM pre-trained on?")
    assert corpus(lxmert)
    assert not corpus("It retains more than 99% accuracy on SQuAD 2.0 and several GLUE benchmark tasks.")
    assert stater("which datasets was it evaluated on?")("It retains 99% accuracy on several GLUE benchmark tasks.")


def test_a_verb_joined_to_benchmark_asks_for_papers_not_a_benchmark_of_their_own() -> None:
    asked = "Medical image segmentation: which papers propose or benchmark models that segment organs in CT scans?"
    assert intent_of(asked).kind == "list" and attribute_of(asked) is None
    assert attribute_of("which of them introduce a new benchmark?").type == "resource"


def test_a_figure_joined_to_a_noun_modifies_a_name_instead_of_counting_a_kind() -> None:
    states = stater("What was DeeCLIP evaluated on?")
    assert states("Evaluated on 4-class ProGAN data, DeeCLIP achieves an average accuracy of 89.00%.")
    assert not states("Across 4 GAN benchmarks, DeeCLIP achieves an average accuracy of 89.00%.")


def test_a_result_on_a_name_is_on_a_dataset() -> None:
    states = stater("What dataset does it use?")
    assert states("Especially, our method show the largest performance improvement on FB15K-237.")
    assert states("It reaches state-of-the-art results on GSM8K and MATH.")
    assert not states("Our method shows the largest performance improvement on English.")
    # experiments on a name are on a dataset too, and names in brackets after what they are name them
    assert states("Extensive experiments on ShapeNet and OmniObject3D demonstrate that DiffTF achieves the best.")
    assert states("Experimental results on four mainstream VLN tasks (R2R, REVERIE, NDH, RxR) demonstrate it.")
    assert not states("Our method shows the largest performance improvement in our experiments.")
    # a name may start in lower case, with a capital inside (a blind hand test's chat, evals/dev_s134.jsonl: "what
    # datasets do those two evaluate on?" had been refused for GeoMIM)
    assert states("Results demonstrate that GeoMIM outperforms existing methods on nuScenes benchmark.")
    assert states("It reaches the best results on nuScenes.")
    assert not states("It reaches the best results on images.")


def test_named_tasks_are_what_a_paper_evaluates_on() -> None:
    states = stater("On which benchmarks does it reach state of the art?")
    assert states("Emo Pillars models adapt when tuned to specific tasks such as GoEmotions, ISEAR and IEMOCAP.")


def test_a_count_before_a_head_asks_to_name_that_many_and_prefers_the_sentence_counting_them() -> None:
    found = attribute_of("What three tasks does the task-adaptive Transformer for medical image restoration handle?")
    assert found is not None and found.type == "entity" and found.phrase == "the three tasks"
    counting = "TAT achieves state-of-the-art performance in three MedIR tasks--PET synthesis, CT denoising, and MRI."
    assert states_attribute(found, counting, set(query_terms(counting))) and counts_asked(found, counting)
    assert not counts_asked(found, "All-in-One models address multiple different MedIR tasks.")
    # the collection's items are listed, not named
    assert attribute_of("which two papers study CLIP distillation?") is None


def test_the_head_of_things_of_something_is_the_first_noun_and_a_list_after_ie_names_them() -> None:
    found = attribute_of("What three levels of alignment does MGCA use?")
    assert found is not None and found.nouns == frozenset({"level"})
    sentence = "We align reports at three different levels, i.e., region-level, instance-level, and disease-level."
    assert states_attribute(found, sentence, set(query_terms(sentence)))


def test_names_in_brackets_closing_the_clause_name_the_things_asked() -> None:
    states = stater("What two datasets does ReSee construct?")
    assert states(
        "We provide two datasets extended from text-only dialogues under such paradigm (ReSee-WoW, ReSee-DD)."
    )
    assert not states("We study dialogue datasets built by large language models (LLMs).")
    assert stater("which LMs did they use?")("Task-agnostic LMs (e.g., GPT-2 and BART) armed with KID outperform them.")
    # One name straight after the noun names it, unless it abbreviates the words before it (a blind hand test's chat,
    # evals/dev_s110.jsonl: "a simple baseline (SimpleCIL)" had been "not stated")
    called = stater("what's the simple baseline called and how does it work?")
    assert called("Surprisingly, a simple baseline (SimpleCIL) which continually sets the classifiers can beat SOTA.")
    assert not stater("which language models did they use?")("We study what large language models (LLMs) know.")
    # ... nor a short form's capitals, loosely made, nor the name the question asks about (dev near misses)
    teacher = stater("Which specific large multimodal model does LLaVA-MoD use as its teacher?")
    assert not teacher("We train small-scale Multimodal Language Models (s-MLLM) from large-scale MLLM (l-MLLM).")
    built_on = stater("Which large language model does BearLLM build on?")
    assert not built_on("We propose a framework leveraging large language models (BearLLM), a multimodal model.")


@pytest.mark.parametrize(
    "sentence",
    [
        "It introduces novel concepts by only requiring a single description of the target concept.",
        "It improves performance over intra-modal baselines on more than fifteen datasets.",
    ],
)
def test_a_single_thing_and_counts_past_twelve_are_counts(sentence: str) -> None:
    states = stater("How many descriptions or datasets does it need?")
    assert states(sentence)
    # "single-cell" counts no cells
    assert not stater("how many cells?")("We study single-cell sequencing data.")


def test_a_metric_acronym_after_a_measure_of_its_own_is_what_is_measured() -> None:
    found = attribute_of("What is the accuracy drop of CoT-Valve on GSM8K?")
    assert found is not None and found.type == "quantity" and not found.nouns
    found = attribute_of("what is the FID of RA-CM3?")
    assert found is not None and found.nouns == frozenset({"fid"})


def test_what_are_the_benchmarks_asks_for_datasets_but_what_is_in_a_dataset_does_not() -> None:
    found = attribute_of(
        "What are the four new benchmarks proposed in the paper revisiting class-incremental learning?"
    )
    assert found is not None and found.type == "dataset"
    found = attribute_of("what's in the MultiEURLEX dataset?")
    assert found is None or found.type != "dataset"


def test_a_margin_is_stated_by_how_much_a_comparison_wins() -> None:
    states = stater("by roughly what margin does BioBridge beat the best KG embedding baselines?")
    assert states(
        "BioBridge can beat the best baseline KG embedding methods (on average by around 76.3%) in retrieval."
    )
    assert not states("BioBridge beats the best baseline KG embedding methods in 12 of 15 retrieval tasks.")


def test_a_unit_after_a_comma_names_the_count_asked_not_its_preposition() -> None:
    found = attribute_of("the re-annotators paper released Re-DocRED. roughly how big is it, in number of documents?")
    assert found is not None and found.type == "quantity" and found.phrase == "the number of documents"


def test_a_duration_asked_as_a_saving_is_stated_by_a_share_of_the_time() -> None:
    sentence = "It is possible to reduce training time by up to 83.5% at a cost of 0.034 F1."
    # a hand tester's "how much training time does it save?" had been answered "not stated"
    assert stater("the one using feature attributions: how much training time does it save?")(sentence)
    assert not stater("how long did training take?")(sentence)  # a share saved is no length of time
    assert stater("how long did training take?")("Training takes 3 days on 8 GPUs.")


def test_what_kinds_of_a_measure_asks_for_a_description() -> None:
    assert attribute_of("tell me more about the last one - what kinds of errors does it test?") is None
    # ... and of data, which it combines ("pathological images and genomic data"), not a dataset's name
    assert attribute_of("what kinds of data does PIBD combine for cancer survival prediction?") is None


def test_a_named_thing_may_be_asked_with_gets() -> None:
    found = attribute_of("LLM2CLIP: which LLM exactly gets fine-tuned in caption space?")
    assert found is not None and found.type == "entity" and found.phrase == "the LLM"


def test_what_numbers_asks_for_any_number() -> None:
    found = attribute_of("what numbers did they get with 5 CLIP-ViT-B/32 models?")
    assert found is not None and found.type == "quantity" and found.nouns == frozenset()


def test_the_size_of_a_named_thing_asks_for_any_quantity_of_it() -> None:
    found = attribute_of("what's the size of ERNIE 3.0?")
    assert found is not None and found.type == "quantity" and found.nouns == frozenset()
    assert found.phrase == "the size"


def test_a_figure_of_the_measure_asked_is_its_value_where_its_clause_names_what_it_measures() -> None:
    states = stater("What linear-SVM accuracy does I2P-MAE reach?")
    assert states("The frozen I2P-MAE achieves 93.4% accuracy for linear SVM on ModelNet40.")
    assert not states("The frozen I2P-MAE achieves 93.4% accuracy on ModelNet40 after full fine-tuning.")


def test_a_question_counting_the_things_it_asks_is_answered_where_that_many_are_named() -> None:
    # three blind hand tests (evals/dev_s114.jsonl, dev_s116.jsonl, dev_s118.jsonl) asked scUNC "what are the two views
    # it combines?" and were quoted "integrates information from different views", not the sentence naming them
    counted = counted_things("the second one - what are the two views it combines?")
    assert counted == (2, "view")
    naming = "treat the information from both single-cell RNA (scRNA) and scATAC views as equally significant"
    assert states_count_of(counted, naming)
    assert states_count_of(counted, "the disparity in data richness between the two views")
    assert not states_count_of(counted, "It integrates information from different views.")
    assert counted_things("what are the three stages?") == (3, "stage")
    assert counted_things("which papers use two datasets?") is None  # the papers asked for, not two things


def test_a_compound_of_likeness_names_no_paper() -> None:
    # "the Korean-English bilingual CLIP-style model" (evals/dev_s17.jsonl) asks for a model like CLIP: a paper that
    # writes "CLIP-style" is not named by it
    texts = {"gap": "CLIP-style models misalign within a modality.", "kelip": "We train a bilingual model, KELIP."}
    assert papers_named("the Korean-English bilingual CLIP-style model: how many pairs?", texts) == []


def test_a_short_form_of_a_kind_names_no_paper() -> None:
    # a blind hand test (evals/dev_s175.jsonl): "an entity matching system that fine-tunes BERT-style LMs ..." was
    # answered about a medical QA paper, the one candidate writing "LMs", and said not to state the figures; the
    # entity matching paper writes "language models"
    texts = {"qa": "our method allows BERT/RoBERTa LMs to perform on par", "ditto": "We fine-tune language models."}
    question = "an entity matching system that fine-tunes BERT-style LMs as a sequence-pair classifier"
    assert papers_named(question, texts, kinds=frozenset({"lm"})) == []
    assert papers_named(question, texts) == [(53, "qa")]  # (a kind the corpus did not define is read as a name)


def test_a_metric_named_beside_a_paper_is_what_is_asked_not_another_name_for_a_paper() -> None:
    texts = {"speech": "We gain 12.8 BLEU on CoVoST-2.", "kg": "We propose KG-LLaVA for chest X-ray explanations."}
    assert papers_named("what BLEU or CIDEr did KG-LLaVA get", texts) == [(23, "kg")]
    found = attribute_of("what BLEU or CIDEr did KG-LLaVA get")
    assert found is not None and found.phrase == "the BLEU or CIDEr"


def test_a_fact_asked_of_the_paper_opening_the_question_is_about_that_paper() -> None:
    question = "the speech translation paper that inits its encoder with SAMU-XLS-R, whats the avg BLEU gain?"
    found = intent_of(question)
    assert found.kind == "single" and found.attribute is not None
    states = stater(question)
    assert states("On the 21 translation tasks of CoVoST-2, we achieve an average improvement of 12.8 BLEU points.")


def test_how_much_better_asks_for_the_margin_any_figure_of_the_comparison_states() -> None:
    found = attribute_of("how much better is it than DALL-E?")
    assert found is not None and found.type == "quantity" and found.nouns == frozenset()
    assert found.phrase == "the margin"
    states = stater("how much better is RA-CM3 than DALL-E?")
    assert states("RA-CM3 outperforms DALL-E and CM3 (12 FID and 17 CIDEr improvements on MS-COCO).")


def test_a_capitalised_name_is_what_is_measured_and_the_common_noun_names_the_quantity() -> None:
    found = attribute_of("I need the size of Topical-Chat for a table: number of conversations and turns please")
    assert found is not None and set(found.words) == {"conversations", "turns"}


def test_a_topic_splits_into_concepts_at_non_topic_words_and_or_joins_alternatives() -> None:
    terms = {"graph", "neural", "network", "singl", "cell", "data", "speech", "audio"}
    assert topic_concepts("Which papers apply graph neural networks to single-cell data?", terms) == [
        (("graph", "neural", "network"),),
        (("singl", "cell", "data"),),
    ]
    assert topic_concepts("Is speech or audio one of the modalities?", terms) == [(("speech",), ("audio",))]
    # an article after "or" still joins the alternatives (a blind hand test, evals/dev_s121.jsonl: "sound effects to
    # match a photo or a silent video clip" had asked every paper to write "photo" as a concept of its own)
    assert topic_concepts("Is it the speech or the audio?", terms) == [(("speech",), ("audio",))]
    assert topic_concepts("sound for a speech or an audio clip", terms) == [(("speech",), ("audio",))]


def test_a_noun_saying_what_kind_of_thing_a_phrase_is_may_be_left_out_of_it() -> None:
    # a blind hand test's chats (evals/dev_s96.jsonl): Aria and Meta-DMoE, titled with "Mixture-of-Experts" but never
    # writing "architecture", had been left out of "papers on mixture of experts architectures?"
    for question, kinds in [
        ("papers on mixture of experts architectures?", {"architectur"}),
        ("graph augmentation techniques for contrastive learning?", {"techniqu"}),
        ("papers on neural architecture search?", set()),  # the phrase ends in what it is about
        ("Which papers propose a new architecture?", set()),  # the noun alone is the topic
    ]:
        assert kind_words(topic_concepts(question, set(query_terms(question)))) == kinds, question


def test_a_paper_on_the_phrase_without_its_kind_noun_states_it(assistant) -> None:
    answer = assistant.ask("papers on mixture of experts architectures?")
    titles = {c.title for c in answer.citations}
    assert "Aria: An Open Multimodal Native Mixture-of-Experts Model" in titles
    assert all(c.relevant for c in answer.citations)


def test_the_things_of_an_enumeration_are_alternatives_and_a_comma_parts_two_things() -> None:
    # a blind hand test: "all the surveys, reviews and book-style overviews" had been read as "surveys reviews" and
    # "book-style overviews", which only a paper writing both covered
    question = "Give me all the surveys, reviews and book-style overviews in the collection."
    terms = set(query_terms(question))
    assert topic_concepts(question, terms) == [(("survey",), ("review",), ("book", "style", "overview"))]
    # "or" ends an enumeration too, and what follows "and" after it is another concept
    terms = {"clip", "blip", "llava", "distil"}
    assert topic_concepts("CLIP, BLIP or LLaVA and distillation", terms) == [
        (("clip",), ("blip",), ("llava",)),
        (("distil",),),
    ]
    # two things a comma parts are two concepts, as "and" between two makes them
    assert topic_concepts("vision, audio", {"vision", "audio"}) == [(("vision",),), (("audio",),)]


def test_everyday_words_weigh_less_in_the_topic_than_technical_words_and_counts_keep_their_weight() -> None:
    question = "Anything on people trying to fool a classifier with four adversarial perturbations?"
    specificity = topic_specificity(question, common_word_exponent=5.0)
    assert specificity["adversari"] == specificity["perturb"] == 1.0  # words MiniLM's vocabulary splits
    assert specificity["four"] == 1.0
    assert max(specificity["anyth"], specificity["peopl"], specificity["tri"]) < 0.25 * specificity[stem("classify")]
    assert set(topic_specificity(question, common_word_exponent=0.0).values()) == {1.0}
    # a possessive is as everyday as its word (the vocabulary has no "people's", which had weighed as a rare word)
    possessive = topic_specificity("any papers where AI reads people's brain signals?", common_word_exponent=5.0)
    assert possessive["peopl"] == specificity["peopl"]


def test_relevance_counts_topic_words_by_specificity_and_the_quote_by_idf() -> None:
    topic = Topic(np.zeros(3), {"anyth": 5.0, "adversari": 5.0}, specificity={"anyth": 0.1, "adversari": 1.0})
    assert topic.coverage({"adversari"}) == pytest.approx(1.0 / 1.1)
    assert topic.matched({"adversari"}) == pytest.approx(0.5)


def test_the_quote_is_chosen_by_what_the_question_asks_beyond_the_papers_title() -> None:
    # "which attention weight matrices matter when you fine-tune stable diffusion for 360 degree panoramas?", of
    # "What Makes for Text to 360-degree Panorama Generation with Stable Diffusion?": the title's words found the
    # paper; the sentence to quote writes the rest
    topic = Topic(np.zeros(3), {"attent": 2.0, "matric": 3.0, "stabl": 2.0, "diffus": 1.0, "panorama": 4.0})
    titled = {"stabl", "diffus", "panorama", "text", "gener"}
    assert topic.matched({"matric", "attent"}, titled) == pytest.approx(1.0)
    assert topic.matched({"stabl", "diffus", "panorama"}, titled) == 0.0
    # a question all of whose words the title writes is matched on all of them
    assert topic.matched({"stabl", "panorama"}, titled | {"attent", "matric"}) == pytest.approx(0.5)


def test_a_text_covers_a_concept_by_its_best_alternative_not_by_all_of_them() -> None:
    # "machine learning or large language models for networking"
    weights = {"machin": 2.0, "learn": 1.0, "larg": 1.0, "languag": 1.0, "model": 1.0, "network": 2.0}
    concepts = ((("machin", "learn"), ("larg", "languag", "model")), (("network",),))
    topic = Topic(np.zeros(3), weights, concepts=concepts)
    assert topic.coverage({"larg", "languag", "model", "network"}) == pytest.approx(1.0)
    assert topic.coverage({"machin", "learn"}) < 1.0  # the other concept is still asked
    # among papers on the table, every alternative is what tells them apart
    assert (
        Topic(np.zeros(3), weights, concepts=concepts, scoped=True).coverage({"larg", "languag", "model", "network"})
        < 1.0
    )
    # a longer alternative may hold words both share: "sign language recognition or translation models"
    sign = Topic(
        np.zeros(3),
        {"sign": 1.0, "languag": 1.0, "recognit": 1.0, "translat": 1.0, "model": 1.0},
        concepts=((("sign", "languag", "recognit"), ("translat", "model")),),
    )
    assert sign.coverage({"translat", "model"}) < 0.5


def test_a_text_on_one_of_the_examples_a_gloss_gives_covers_the_topic() -> None:
    question = "is there any research on catching fake photos, like deepfakes or pictures made by AI?"
    assert glossed_examples(question) == "deepfakes or pictures made by AI"
    # a gloss restating the topic, or a bracketed aside, gives no examples
    assert glossed_examples("papers on model merging, i.e. combining weights of fine-tuned models") == ""
    # a bracket naming the topic by its term is what a paper on it writes (a blind hand test's chats,
    # evals/dev_s75.jsonl: the knowledge-selection papers had been left out of the list); a bracket listing things
    # or hedging names no term, and one speaking of the user nothing a paper writes
    assert glossed_examples("Which papers combine trained models into one model (model merging)?") == "model merging"
    chatbots = "how do chatbots decide which piece of knowledge to use for the next reply (knowledge selection)?"
    assert glossed_examples(chatbots) == "knowledge selection"
    assert glossed_examples("methods for injecting external knowledge (KGs, facts) into language models?") == ""
    assert glossed_examples("chatbots that look up facts (like from wikipedia)?") == ""
    assert glossed_examples("which ones handle graphs (i mean the big ones)?") == ""
    # the kinds a colon lists are examples too
    assert glossed_examples("deep clustering approaches: multi-view clustering, graph clustering") == (
        "multi-view clustering, graph clustering"
    )
    weights = {"catch": 1.0, "fake": 2.0, "photo": 1.0, "deepfak": 3.0, "pictur": 1.0, "made": 1.0}
    examples = ((("deepfak",), ("pictur", "made")),)
    topic = Topic(np.zeros(3), weights, optional=frozenset({"deepfak", "pictur", "made"}), gloss_concepts=examples)
    # "detecting partially manipulated facial deepfakes" is on the topic, as the user says; it had been refused
    assert topic.coverage({"deepfak", "facial"}) == pytest.approx(1.0)
    assert Topic(np.zeros(3), weights, optional=topic.optional).coverage({"deepfak", "facial"}) < 0.4
    assert topic.coverage({"pictur"}) < topic.coverage({"deepfak"})  # half an example is half of it


def test_examples_in_a_sentence_after_the_question_gloss_its_topic() -> None:
    # a blind hand test (evals/dev_s113.jsonl): "like brainwave caps or brain scans ..." was a topic of its own
    question = "anything on decoding brain activity? like brainwave caps or brain scans of what someone sees"
    assert glossed_examples(question) == "brainwave caps or brain scans of what someone sees"
    assert without_gloss(question) == "anything on decoding brain activity?"
    # a question of its own after it is no example
    assert without_gloss("anything on brain decoding? Like, which ones use EEG?").endswith("which ones use EEG?")


def test_an_example_after_a_dash_covers_the_topic_by_its_own_words() -> None:
    # a blind hand test's chats (evals/dev_s92.jsonl): the examples of "model merging — like task arithmetic, merging
    # fine-tuned checkpoints" were not read as examples, and a paper writing "task arithmetic" but not "merging" covered
    # a third of them; an example is an item of its own, whose words the others do not share
    question = "which papers study speech enhancement - such as denoising or dereverberation?"
    assert glossed_examples(question) == "denoising or dereverberation"
    merging = "model merging — like task arithmetic, merging fine-tuned checkpoints"
    assert glossed_examples(merging) == "task arithmetic, merging fine-tuned checkpoints"
    terms = {"model": 0.1, "merg": 3.0, "task": 0.5, "arithmet": 4.0, "fine": 0.2, "tune": 1.0, "checkpoint": 5.0}
    examples = tuple(example_concepts(glossed_examples(merging), terms))
    optional = frozenset(terms) - {"model", "merg"}
    topic = Topic(np.zeros(3), terms, optional=optional, gloss_concepts=examples)
    assert topic.coverage({"task", "arithmet"}) == pytest.approx(1.0)


def test_every_item_of_a_listed_gloss_is_an_example_of_its_own() -> None:
    # "physiological signals or recordings at all: ECG, EEG, PPG, fMRI?" (a blind hand test, evals/dev_s65.jsonl):
    # the commas had parted four concepts, so the EEG paper covered a quarter of the gloss and was left out
    terms = {"ecg", "eeg", "ppg", "fmri", "record"}
    assert example_concepts("ECG, EEG, PPG, fMRI", terms) == [(("ecg",), ("eeg",), ("ppg",), ("fmri",))]
    assert example_concepts("ECG, EEG, and fMRI recordings", terms) == [(("ecg",), ("eeg",), ("fmri", "record"))]
    # a question's own topic still reads the commas as parting concepts
    assert len(topic_concepts("ECG, EEG, PPG, fMRI", terms)) == 4


def test_a_pronoun_alone_does_not_make_a_follow_up() -> None:
    follow = resolve_follow_up(
        "Which papers study mixture-of-experts models and their routing?", HISTORY, find_titles, has_topic
    )
    assert follow.mode == "none"


@pytest.mark.parametrize(
    ("question", "mode"),
    [
        ("any that use chain-of-thought reasoning?", "set"),
        ("ok which are about audio then", "set"),
        ("ok, any recommender system work in here?", "none"),  # names its own topic: the whole corpus
    ],
)
def test_which_or_any_without_its_noun_goes_on_from_the_last_answer(question: str, mode: str) -> None:
    assert resolve_follow_up(question, HISTORY, find_titles, has_topic).mode == mode


@pytest.mark.parametrize(
    "question",
    [
        "Compare TransAgent and the first one.",  # a name and a place
        "Compare TransAgent and the CLIP distillation paper.",  # a name and words of one listed title
    ],
)
def test_a_comparison_may_name_one_paper_and_point_at_another(question: str) -> None:
    follow = resolve_follow_up(question, HISTORY, find_titles, has_topic)
    assert follow.mode == "ordinal" and set(follow.paper_ids) == {"transagent", "cid"}


def test_a_paper_described_by_what_it_is_on_is_the_earlier_listed_paper_whose_title_says_so() -> None:
    # a hand tester's "(the one on information transfer in MTL)" had been answered from the last answer's paper,
    # though the paper it describes was listed two answers before
    history = [*HISTORY, {"role": "user", "content": "Summarise the third one"}]
    summary = "**TransAgent: Transfer Vision-Language Foundation Models**: x [1]"
    history.append({"role": "assistant", "content": summary})
    question = "In the alignment paper (the one on knowledge calibration), how fast is it?"
    follow = resolve_follow_up(question, history, find_titles, has_topic)
    assert follow.mode == "ordinal" and follow.paper_ids == ["gkc"]


def test_a_part_of_a_compound_name_one_listed_title_gives_is_that_paper() -> None:
    # a hand tester's "how many GPU hours does training the mapper take?" after V2A-Mapper had been answered from
    # another paper's GPU hours
    mapper = "**V2A-Mapper: A Lightweight Solution for Vision-to-Audio Generation**: x [1]\n**CLIPSonic: Audio**: y [2]"
    history = after_one_answer("which papers generate audio from images?", mapper)

    def titles(text: str) -> list[tuple[int, str]]:
        return [
            (at, pid)
            for key, pid in (("v2a-mapper", "v2a"), ("clipsonic", "sonic"))
            if (at := text.lower().find(key)) >= 0
        ]

    follow = resolve_follow_up("how many GPU hours does training the mapper take?", history, titles, has_topic)
    assert follow.mode == "ordinal" and follow.paper_ids == ["v2a"]
    # a question picking among the papers by what they do names none of them so: "the mapper" is a thing each may
    # have (a blind hand test, evals/dev_s111.jsonl: "which of those let you write the prompt in ...?" had been read
    # as asking about "Generative Visual Prompt")
    follow = resolve_follow_up("which of those let you train the mapper on audio?", history, titles, has_topic)
    assert follow.mode == "set" and follow.paper_ids == ["v2a", "sonic"]
    # ... as does "do any of those ...": "do any of those six bring a large language model into the clustering
    # pipeline?" had been asked of the one listed paper whose title writes "Clustering" (evals/dev_s120.jsonl)
    follow = resolve_follow_up("do any of those train the mapper on audio?", history, titles, has_topic)
    assert follow.mode == "set" and follow.paper_ids == ["v2a", "sonic"]


def test_how_do_the_two_differ_compares_the_two_papers_the_last_answer_listed() -> None:
    two = (
        "2 papers address this:\n- **CLIP-CID: Efficient CLIP Distillation**: a [1]\n- **TransAgent: Transfer**: b [2]"
    )
    history = [{"role": "user", "content": "Which papers distill CLIP?"}, {"role": "assistant", "content": two}]
    follow = resolve_follow_up("So how do the two differ?", history, find_titles, has_topic)
    assert follow.mode == "ordinal" and follow.paper_ids == ["cid", "transagent"]


def test_which_of_those_after_a_list_narrowed_to_one_paper_narrows_that_paper() -> None:
    narrowed = "**CLIP-CID: Efficient CLIP Distillation via Cluster-Instance Discrimination**: we distil CLIP [1]"
    history = [*HISTORY, {"role": "user", "content": "Which of those use clusters?"}]
    history.append({"role": "assistant", "content": narrowed})
    follow = resolve_follow_up("Which of those evaluate on source code?", history, find_titles, has_topic)
    assert follow.mode == "set" and follow.paper_ids == ["cid"]
    # joined to the last restriction by "and", it is asked beside it, of the list (two blind hand tests' chats,
    # evals/dev_s92.jsonl and dev_s65.jsonl: "and which of them were evaluated on brain MRI scans" checked one paper)
    follow = resolve_follow_up("and which of them evaluate on source code?", history, find_titles, has_topic)
    assert follow.mode == "set" and len(follow.paper_ids) == 3
    # one paper summarised, not narrowed to: "which of them" is the list before it
    history[2] = {"role": "user", "content": "Summarise the first one"}
    follow = resolve_follow_up("Which of them evaluate on source code?", history, find_titles, has_topic)
    assert follow.mode == "set" and len(follow.paper_ids) == 3
    # but one paper cannot be ordered: "which of them has the most authors?" orders the list it was narrowed from
    history[2] = {"role": "user", "content": "Which of those use clusters?"}
    follow = resolve_follow_up("Which of them has the biggest author list?", history, find_titles, has_topic)
    assert follow.mode == "set" and len(follow.paper_ids) == 3


def test_two_facts_asked_together_of_they_are_asked_of_the_one_paper_on_the_table() -> None:
    # a hand tester's chat (evals/dev_s92.jsonl): after an answer about LLaVA-MoD alone, "what GPU cluster and how
    # many GPU-hours did they use to train it?" was searched corpus-wide and answered with another paper's GPU hours.
    # The clause before "and" asks a fact too, of the same "they": no topic of its own.
    one = "**CLIP-CID: Efficient CLIP Distillation via Cluster-Instance Discrimination**: we distil CLIP [1]"
    history = [*HISTORY, {"role": "user", "content": "how fast is the first one?"}]
    history.append({"role": "assistant", "content": one})
    question = "what hardware and how many GPU-hours did they need to train it?"
    follow = resolve_follow_up(question, history, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("ordinal", ["cid"])
    # a clause naming papers of a topic of its own, or with a subject of its own, still makes "they" what it names
    question = "which papers classify emotions in speech, and what data do they use?"
    assert resolve_follow_up(question, history, find_titles, has_topic).mode == "none"
    question = "random q: how long do llamas live and do they make ok pets?"
    assert resolve_follow_up(question, history, find_titles, has_topic).mode == "none"


@pytest.mark.parametrize("reference", ["the CLIP papers you listed", "the papers above", "the ones you mentioned"])
def test_papers_the_answers_gave_described_are_those_papers_each_asked(reference: str) -> None:
    follow = resolve_follow_up(f"Which of {reference} have a GitHub repo?", HISTORY, find_titles, has_topic)
    assert follow.mode == "set" and len(follow.paper_ids) == 3
    assert follow_up_intent(f"Which of {reference} have a GitHub repo?", follow).kind == "list"


def test_two_ordinals_pick_both_papers_and_a_first_to_do_something_picks_none() -> None:
    follow = resolve_follow_up("compare the first and the third", HISTORY, find_titles, has_topic)
    assert follow.mode == "ordinal" and follow.paper_ids == ["cid", "transagent"]
    follow = resolve_follow_up(
        "Which paper was the first to distill CLIP into a small model?", HISTORY, find_titles, has_topic
    )
    assert follow.mode != "ordinal"


@pytest.mark.parametrize(
    ("question", "papers"),
    [
        ("compare the first two", ["cid", "gkc"]),
        ("summarise the top 2 papers", ["cid", "gkc"]),
        ("and the last two?", ["gkc", "transagent"]),
        ("compare the first three", ["cid", "gkc", "transagent"]),
        # ... as the subject of a verb (a blind hand test's chats, evals/dev_s140.jsonl, had searched the corpus)
        ("what datasets do the first two evaluate on?", ["cid", "gkc"]),
    ],
)
def test_the_first_or_last_n_pick_that_many_papers_in_the_answers_order(question: str, papers: list[str]) -> None:
    follow = resolve_follow_up(question, HISTORY, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("ordinal", papers)


def test_places_picked_among_restrict_those_papers_whatever_verb_follows() -> None:
    # a blind hand test (evals/dev_s102.jsonl): "which of the first four report word error rate numbers?" had searched
    # the whole corpus and been refused, though one of the four states its word error rate
    follow = resolve_follow_up("which of the first two report a word error rate?", HISTORY, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("set", ["cid", "gkc"])


def test_more_places_than_any_answer_listed_are_reported_not_guessed() -> None:
    follow = resolve_follow_up("compare the first four", HISTORY, find_titles, has_topic)
    assert follow.mode != "ordinal" and (follow.missing_position, follow.listed) == ("the first four", 3)


@pytest.mark.parametrize("question", ["show me more", "any more?", "more results please", "what else is there?"])
def test_a_request_for_more_asks_the_last_search_again_past_the_papers_listed(question: str) -> None:
    follow = resolve_follow_up(question, HISTORY, find_titles, has_topic)
    assert (follow.mode, follow.previous_question) == ("more", "Which papers distill CLIP?")
    assert follow.paper_ids == ["cid", "gkc", "transagent"]
    # A second "more" goes on from the same search, past every paper listed so far.
    more = "Beyond the 3 already listed, 1 more paper addresses this: **CLIP-CID** ... [1]"
    longer = [*HISTORY, {"role": "user", "content": question}, {"role": "assistant", "content": more}]
    again = resolve_follow_up("more", longer, find_titles, has_topic)
    assert (again.mode, again.previous_question) == ("more", "Which papers distill CLIP?")


@pytest.mark.parametrize("opener", ["Different question:", "New question:", "Unrelated:"])
def test_more_after_a_change_of_subject_asks_that_subject_again_whatever_its_pronouns(opener: str) -> None:
    # a hand test: "Any others?", after "Different question: what benchmarks exist for knowledge editing, and what do
    # their results show?", had re-asked a question from before the change ("their" read as a reference back)
    switched = f"{opener} which papers build knowledge editing benchmarks, and what do their results show?"
    history = [*HISTORY, {"role": "user", "content": switched}]
    history.append({"role": "assistant", "content": "**TransAgent**: ... [1]"})
    follow = resolve_follow_up("Any others?", history, find_titles, has_topic)
    assert (follow.mode, follow.previous_question) == ("more", switched)


def test_which_of_those_after_a_page_of_more_asks_the_whole_list() -> None:
    # a blind hand test's chat (evals/dev_s114.jsonl): "which of those you listed actually release a new dataset?",
    # asked after six papers and "ok, any others?" gave two more, was asked of the two alone, and found none
    titles = {**TITLES, "lion: adversarial distillation": "lion", "tinyr1": "tinyr1"}

    def find(text: str) -> list[tuple[int, str]]:
        lowered = text.lower()
        return sorted((lowered.find(key), pid) for key, pid in titles.items() if key in lowered)

    more = (
        "Beyond the 3 already listed, 2 more papers address this:\n- **Lion: Adversarial Distillation**: ... [1]\n"
        "- **TinyR1**: ... [2]"
    )
    history = [*HISTORY, {"role": "user", "content": "ok, any others?"}, {"role": "assistant", "content": more}]
    follow = resolve_follow_up("which of those you listed actually release a new dataset?", history, find, has_topic)
    assert (follow.mode, follow.paper_ids) == ("set", ["cid", "gkc", "transagent", "lion", "tinyr1"])
    assert follow.previous_question == "Which papers distill CLIP?" and follow.answer_referred_to == "the list so far"
    # a place still counts in the answer that shows it: the page numbers its own papers
    follow = resolve_follow_up("what does the first one distill?", history, find, has_topic)
    assert (follow.mode, follow.paper_ids) == ("ordinal", ["lion"])


def test_more_after_a_search_that_listed_nothing_is_that_search_again() -> None:
    refused = [
        *HISTORY,
        {"role": "user", "content": "which papers do quantum error correction?"},
        {"role": "assistant", "content": "The corpus does not answer this."},
    ]
    follow = resolve_follow_up("show me more", refused, find_titles, has_topic)
    assert (follow.mode, follow.previous_question, follow.paper_ids) == (
        "more",
        "which papers do quantum error correction?",
        [],
    )


def test_which_of_those_after_an_answer_that_listed_nothing_asks_both_questions_of_the_corpus() -> None:
    refused = [
        {"role": "user", "content": "Which papers address image-text retrieval?"},
        {"role": "assistant", "content": "The corpus does not answer this."},
    ]
    follow = resolve_follow_up("Which of those use knowledge distillation?", refused, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("topic", [])
    assert follow.previous_question == "Which papers address image-text retrieval?"


def test_more_with_a_topic_of_its_own_is_no_request_for_more() -> None:
    assert resolve_follow_up("which papers use more training data?", HISTORY, find_titles, has_topic).mode != "more"
    assert resolve_follow_up("tell me more about the second one", HISTORY, find_titles, has_topic).mode == "ordinal"


@pytest.mark.parametrize(
    ("question", "looked_for"),
    [
        # (a blind hand test: each had been searched as a new question and listed papers shown before again)
        ("what else is there? esp. anything with EEG recordings", "esp. anything with EEG recordings"),
        ("show me more - papers that adapt LLMs to Persian", "papers that adapt LLMs to Persian"),
        ("any other papers on pretrained code models?", "papers on pretrained code models?"),
        ("what else is there on cross-lingual transfer?", "cross-lingual transfer?"),
        ("show me more medical imaging work - doesn't have to be segmentation", "medical imaging work"),
        ("any other speech papers, even if they're not about recognition?", "speech papers"),
        ("and other recommender papers even if they aren't LLM based?", "recommender papers"),  # (evals/dev_s92.jsonl)
        ("what else is there on forgetting, beyond the seven you listed?", "forgetting"),
        # (a blind hand test: "you didnt mention" had been searched as the topic's words)
        ("ok. any other code-model papers you didnt mention?", "code-model papers"),
        ("any other papers on pretrained code models not yet listed?", "papers on pretrained code models"),
        # (a blind hand test's chats, evals/dev_s138.jsonl: "brought up" had been searched as the topic's words)
        ("got it. any more image-text retrieval papers you haven't brought up yet?", "image-text retrieval papers"),
        # (a blind hand test: after an acknowledgment, "besides those two" had restricted the search to those two)
        ("cool. any other zero shot classification papers besides those two?", "zero shot classification papers"),
        # (a blind hand test's chats, evals/dev_s75.jsonl: "ones" had not been read as the papers asked for, nor
        # "fine." as an acknowledgment, and "besides those 2" had restricted the search to those two)
        ("good. show me more medical segmentation ones, if there are any beyond those 4", "medical segmentation ones"),
        ("fine. any other recommendation papers besides those 2?", "recommendation papers"),
        # (a blind hand test's chat, evals/dev_s146.jsonl: opened by "got", "beyond those 3" had restricted the search)
        ("got any more multimodal ICL papers beyond those 3?", "multimodal ICL papers"),
        # (a blind hand test's chats, evals/dev_s79.jsonl: the names set aside had been searched as the topic's words)
        (
            "other segmentation papers in the medical space besides UniT and GBT-SAM?",
            "segmentation papers in the medical space",
        ),
        ("any more CLIP papers, apart from CLIP-CID?", "CLIP papers"),
        # (a blind hand test's chats, evals/dev_s92.jsonl: a request setting aside what was shown, then the refinement
        # in a sentence of its own, had asked the first question again and refused)
        ("others beyond those two? specifically anything on task vectors", "specifically anything on task vectors"),
        # (evals/dev_s94.jsonl: words a slash joins had ended the request, which was then read as "which of those")
        ("any other ASR / speech recognition papers besides the ones you listed?", "ASR / speech recognition papers"),
        # (evals/dev_s75.jsonl: "left out of the first list" had picked that list's papers, "which of those")
        ("any more KG embedding papers you left out of the first list?", "KG embedding papers"),
        # (evals/dev_s132.jsonl: four words before the noun had read as no request for more, and "beyond" the names as
        # part of the topic, so the three papers set aside were cited again)
        (
            "ok. any more non-English or multilingual image-text work beyond DC-CLIP, KELIP, CLIPTrans?",
            "non-English or multilingual image-text work",
        ),
    ],
)
def test_a_request_for_more_that_names_what_more_looks_for_it_past_every_paper_shown(
    question: str, looked_for: str
) -> None:
    follow = resolve_follow_up(question, HISTORY, find_titles, has_topic_words)
    assert (follow.mode, follow.previous_question) == ("more", looked_for)
    assert follow.paper_ids == ["cid", "gkc", "transagent"]


@pytest.mark.parametrize(
    "question",
    [
        # (a blind hand test's chat, evals/dev_s98.jsonl: after continual learning papers, "especially for CLIP-style
        # vision-language models" had been searched alone and listed ten CLIP papers, none on continual learning)
        "any others? especially for CLIP-style vision-language models",
        "any others? e.g. for deepfaked faces",
        "any others besides the ones you listed? ideally with audio",
        "any others like that, for other languages?",
        # "ones" stands for the last search's items (evals/dev_s102.jsonl: "especially audio-visual ones" after speech
        # recognition papers had been searched alone, and listed seven audio-visual papers not on speech)
        "any more? especially audio-visual ones",
        # ... and so do "ones" said to count as well (evals/dev_s130.jsonl: "adapter-based ones count" had been
        # searched alone, with "count" as a topic word, and refused)
        "yeah go on, more pls. adapter-based ones count",
    ],
)
def test_a_request_for_more_qualified_by_a_phrase_without_a_head_looks_for_more_of_the_last_search_so_qualified(
    question: str,
) -> None:
    follow = resolve_follow_up(question, HISTORY, find_titles, has_topic_words)
    refinement = more_refinement(question)
    assert refinement
    assert (follow.mode, follow.previous_question) == ("more", f"Which papers distill CLIP? {refinement}")
    assert follow.paper_ids == ["cid", "gkc", "transagent"]


@pytest.mark.parametrize(
    ("question", "looked_for"),
    [
        # (a blind hand test's chat, evals/dev_s160.jsonl: read as a new question, it was refused)
        (
            "any more that look at the geometry of CLIP's shared embedding space?",
            "look at the geometry of CLIP's shared embedding space?",
        ),
        ("any others which use LoRA?", "use LoRA?"),
        ("any others that do this?", ""),
    ],
)
def test_more_that_a_relative_clause_describes_looks_for_what_it_says(question: str, looked_for: str) -> None:
    assert more_refinement(question) == looked_for


@pytest.mark.parametrize(
    ("question", "looked_for"),
    [
        # (a blind hand test's chat, evals/dev_s178.jsonl: read as a new question, it listed two surveys the chat had
        # listed already as new answers)
        ("ok show me more multimodal surveys if there are any", "multimodal surveys"),
        ("any other KD benchmarks?", "KD benchmarks?"),
        # (a word alone is no kind: "more details" asks to be told)
        ("show me more details", None),
    ],
)
def test_more_of_a_kind_a_phrase_names_looks_for_that_kind(question: str, looked_for: str | None) -> None:
    assert more_refinement(question) == looked_for


def test_a_request_for_more_after_saying_what_the_papers_shown_are_looks_for_what_it_names() -> None:
    # a blind hand test's chat (evals/dev_s188.jsonl): "both of those are multimodal." had made "which of those" of the
    # request, and the two multimodal papers were said to match text-only emotion classification
    asked = "both of those are multimodal. any others, maybe text-only emotion classification?"
    assert more_refinement(asked) == "maybe text-only emotion classification?"
    assert more_refinement("those are all surveys. any others?") == ""
    # ... and so is a count said with a clitic (evals/dev_s192.jsonl: the one paper listed was listed again)
    assert more_refinement("that's just one paper. any others? anything 3D-ish counts") == "anything 3D-ish"
    # a question about them is no remark
    assert more_refinement("are those multimodal? any others?") is None


@pytest.mark.parametrize(
    ("question", "looked_for"),
    [
        # (a blind hand test's chat, evals/dev_s98.jsonl: "along those lines" had been read as "which of those", and
        # "counts too" searched as the topic's words)
        ("anything else along those lines? model compression counts too", "model compression"),
        ("any more in that vein? pruning is fine too", "pruning"),
        ("anything else along these lines?", ""),
    ],
)
def test_an_idiom_for_like_that_asks_for_more_and_what_also_qualifies_is_looked_for(
    question: str, looked_for: str
) -> None:
    assert more_refinement(question) == looked_for


@pytest.mark.parametrize(
    "question",
    # (a blind hand test: "nice, any more like that?" had been searched as a new question)
    [
        "any others? doesn't have to be Estonian",
        "any more? thanks",
        "nice, any more like that?",
        # (a blind hand test's chats, evals/dev_s75.jsonl: each had been refused as a question of its own) remarks on
        # the last answer before the request; more that do what the last ones did
        "hmm only two? i'd expect more on this, any others?",
        "nice. any others doing this for different languages?",
        # (blind hand tests' chats, evals/dev_s120.jsonl and dev_s118.jsonl: the first had been refused as a question
        # of its own, the second had searched for "feels") what is left, named as the rest, or said to exist
        "only two? surely there's more, show me the rest",
        "any others? feels like there should be more on this",
        # (a blind hand test's chats, evals/dev_s146.jsonl: the first had picked the try-on paper by its description,
        # the second restricted "those 3") the papers shown already, set aside; a request opened by "got"
        "anything else besides the CLIP-CID paper?",
        "any others beyond those 3?",
        # (a blind hand test's chat, evals/dev_s192.jsonl: "pretraining papers" had been searched alone, and eight
        # papers on pretraining of any kind were listed) what there should be more of than was shown is what was shown
        "any more of these? feels like there should be more pretraining papers than that",
    ],
)
def test_a_request_for_more_whose_rest_names_no_topic_asks_the_last_search_again(question: str) -> None:
    follow = resolve_follow_up(question, HISTORY, find_titles, has_topic_words)
    assert (follow.mode, follow.previous_question) == ("more", "Which papers distill CLIP?")


def test_saying_more_papers_on_a_subject_should_exist_asks_for_more_on_that_subject() -> None:
    # blind hand tests' chats (evals/dev_s79.jsonl, dev_s85.jsonl): "just one?? surely there are others on prompt
    # tuning ..." had been refused as a question of its own, and "... there should be more than one on ASR + language
    # models" had searched for "feel" as well
    for question, subject in (
        ("just one?? surely there are others on prompt tuning vision-language models", "prompt tuning"),
        ("any others? i feel like there should be more than one on ASR + language models", "ASR + language models"),
    ):
        assert subject in more_refinement(question) and "feel" not in more_refinement(question)


def test_saying_more_of_a_kind_should_exist_asks_for_more_of_that_kind_whatever_request_closes_it() -> None:
    # a blind hand test's chat (evals/dev_s126.jsonl): read as "any others KD stuff ...", it had been searched for
    # "surely" and "dig" and refused
    question = "only 3? surely there's more KD stuff for image models, can you dig up others"
    assert more_refinement(question) == "KD stuff for image models"


@pytest.mark.parametrize(
    ("question", "refinement"),
    [
        # (a blind hand test's chat, evals/dev_s126.jsonl: it had been read as "which of those use adapters")
        ("nice. got any others along those lines? especially ones using adapters", "especially ones using adapters"),
        ("any more? especially audio-visual ones", "especially audio-visual ones"),
        # ... or a determiner standing for them (a blind hand test's chat, evals/dev_s166.jsonl: "esp. any that use
        # LoRA" had been searched alone, and two LoRA papers on no image generation listed)
        ("show me more, esp. any that use adapters specifically", "esp. any that use adapters specifically"),
    ],
)
def test_ones_narrowed_by_what_they_do_qualify_the_last_search(question: str, refinement: str) -> None:
    follow = resolve_follow_up(question, HISTORY, find_titles, has_topic_words)
    assert follow.mode == "more" and more_refinement(question) == refinement
    assert follow.previous_question.startswith("Which papers distill CLIP?")


@pytest.mark.parametrize(
    "question",
    ["one more: anything on traffic lights?", "more broadly, which papers do X?", "tell me more about its results"],
)
def test_more_that_opens_another_question_asks_for_nothing_more(question: str) -> None:
    assert resolve_follow_up(question, HISTORY, find_titles, has_topic_words).mode != "more"


#: A conversation whose latest answer lists two papers, in another order than the first answer's three.
NARROWED = [
    *HISTORY,
    {"role": "user", "content": "which of those use agents or calibration?"},
    {
        "role": "assistant",
        "content": "Of the 3 papers in the previous answer, 2 match:\n"
        "- **TransAgent: Transfer Vision-Language Foundation Models**: agents [1]\n"
        "- **Global Knowledge Calibration for Fast Open-Vocabulary Segmentation**: calibration [2]",
    },
]


@pytest.mark.parametrize(
    "question",
    ["what about the first one in that list of three?", "the first of the three papers you listed: what data?"],
)
def test_an_ordinal_in_a_list_named_by_its_size_counts_in_that_list(question: str) -> None:
    # a blind hand test: "the first one in that list of five" had been read against the latest list, of three
    follow = resolve_follow_up(question, NARROWED, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("ordinal", ["cid"])


def test_a_place_among_every_paper_shown_in_the_chat_counts_from_the_first_answer() -> None:
    # a blind hand test: "the very first paper you gave me in this chat" had been the latest answer's first
    follow = resolve_follow_up("and the very first paper you gave me in this chat?", NARROWED, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("ordinal", ["cid"])
    assert resolve_follow_up("and the first one?", NARROWED, find_titles, has_topic).paper_ids == ["transagent"]


def test_the_very_first_paper_you_gave_me_is_the_first_of_the_chat_without_naming_the_chat() -> None:
    # a blind hand test: "go back to the very first paper you gave me" had been the latest answer's first
    question = "ok go back to the very first paper you gave me. what are its stages?"
    follow = resolve_follow_up(question, NARROWED, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("ordinal", ["cid"])
    # ... or on "your list" (a blind hand test's chats, evals/dev_s138.jsonl: "going back to the very first paper on
    # your list" had been the latest answer's first)
    question = "nice. going back to the very first paper on your list, how big is its dataset?"
    follow = resolve_follow_up(question, NARROWED, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("ordinal", ["cid"])


def test_going_back_to_an_answer_by_its_place_then_a_paper_by_its_place_picks_that_paper() -> None:
    # a blind hand test's chats (evals/dev_s138.jsonl): "back to your very first answer: the 2nd paper there - ..." had
    # been the second paper of a later list, a page of more
    titles = {**TITLES, "alpha distillation": "alpha", "beta distillation": "beta", "gamma distillation": "gamma"}

    def find(text: str) -> list[tuple[int, str]]:
        lowered = text.lower()
        return sorted((lowered.find(key), pid) for key, pid in titles.items() if key in lowered)

    later = [
        *HISTORY,
        {"role": "user", "content": "which of those distill into a spiking network?"},
        {"role": "assistant", "content": "None of the 3 papers in the previous answer does this."},
        {"role": "user", "content": "show me more CLIP distillation papers"},
        {
            "role": "assistant",
            "content": "Beyond the 3 already listed, 3 more papers address this:\n"
            "- **Alpha Distillation**: distils [1]\n- **Beta Distillation**: distils [2]\n"
            "- **Gamma Distillation**: distils [3]",
        },
        {"role": "user", "content": "what does the gamma one distil?"},
        {"role": "assistant", "content": "**Gamma Distillation**: distils [1]"},
    ]
    for question in (
        "meh. back to your very first answer: the 2nd paper there - what does it calibrate?",
        "going back to your first list, the 2nd paper - what does it calibrate?",
    ):
        follow = resolve_follow_up(question, later, find, has_topic)
        assert (follow.mode, follow.paper_ids) == ("ordinal", ["gkc"])
        assert "back" not in follow.own_question


def test_a_place_a_page_of_more_does_not_reach_counts_along_its_whole_list() -> None:
    # a blind hand test's chat (evals/dev_s180.jsonl): "going back to the second paper in your earlier list, the one
    # using a knowledge graph" after a list of two and a page of one more had been said to be missing, and the question
    # answered about a paper the chat never showed
    listed = (
        "2 papers in the corpus address this:\n- **CLIP-CID**: distils [1]\n"
        "- **Global Knowledge Calibration for Fast Open-Vocabulary Segmentation**: calibrates [2]"
    )
    paged = [
        *after_one_answer("Which papers distill CLIP?", listed),
        *after_one_answer("show me more", "Beyond the 2 already listed, 1 more paper: **TransAgent** [1]"),
    ]
    question = "going back to the second paper in your earlier list: how does it calibrate?"
    follow = resolve_follow_up(question, paged, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("ordinal", ["gkc"])


def test_more_after_a_fact_asked_of_a_titled_paper_is_more_of_the_list_before_it() -> None:
    # a blind hand test's chat (evals/dev_s180.jsonl): "any other papers on that image/text embedding gap?" after a fact
    # asked of Cross the Gap by its title had searched that fact question again, and said no other paper answers
    history = [
        *HISTORY,
        *after_one_answer("in CLIP-CID, how many parameters does the student have?", "**CLIP-CID**: 86M [1]"),
    ]
    follow = resolve_follow_up("any other papers on that distillation?", history, find_titles, has_topic)
    assert (follow.mode, follow.previous_question) == ("more", "Which papers distill CLIP?")


def test_going_back_to_a_paper_named_by_its_place_in_an_answer_picks_that_paper() -> None:
    # a blind hand test: "go back to the second paper in your first answer - what does it propose?" had been refused
    question = "go back to the second paper in your first answer - what exactly does it propose?"
    follow = resolve_follow_up(question, NARROWED, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("ordinal", ["gkc"])


def test_going_back_to_a_list_named_by_its_size_and_when_it_was_shown_asks_that_list() -> None:
    # a blind hand test's chat (evals/dev_s148.jsonl): "going back to the 5 u listed at first - what tasks or datasets
    # does each one evaluate on?" had asked the five papers for "back" and said none of them wrote it
    question = "going back to the 3 u listed at first - what datasets does each one evaluate on?"
    follow = resolve_follow_up(question, NARROWED, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("set", ["cid", "gkc", "transagent"])
    assert "back" not in follow.own_question


def test_a_place_outweighs_words_of_a_title_the_question_asks_about() -> None:
    # a blind hand test: "in that ten-paper list, the fifth one: what's the student model?" had picked the paper
    # titled "... Student-Friendly Knowledge Distillation" for "the student model"
    titles = {**TITLES, "student-friendly knowledge distillation": "pesf"}

    def find(text: str) -> list[tuple[int, str]]:
        lowered = text.lower()
        return sorted((lowered.find(key), pid) for key, pid in titles.items() if key in lowered)

    answer = f"{CLIP_ANSWER}\n- **Parameter-Efficient and Student-Friendly Knowledge Distillation**: adapters [4]"
    history = [{"role": "user", "content": "Which papers distill CLIP?"}, {"role": "assistant", "content": answer}]
    follow = resolve_follow_up("the second one: what's the student model?", history, find, has_topic)
    assert (follow.mode, follow.paper_ids) == ("ordinal", ["gkc"])
    assert resolve_follow_up("what does the student-friendly one do?", history, find, has_topic).paper_ids == ["pesf"]


def test_a_size_that_a_list_and_its_next_page_add_up_to_names_them_together() -> None:
    # a blind hand test: "which of those five rely on contrastive learning?", after three papers and "show me more"
    # gave two, had been asked of the last two only
    titles = {**TITLES, "student-friendly knowledge distillation": "pesf"}

    def find(text: str) -> list[tuple[int, str]]:
        lowered = text.lower()
        return sorted((lowered.find(key), pid) for key, pid in titles.items() if key in lowered)

    page = "Beyond the 3 already listed, 1 more paper addresses this:\n**Student-Friendly Knowledge Distillation**: [1]"
    history = [*HISTORY, {"role": "user", "content": "show me more"}, {"role": "assistant", "content": page}]
    follow = resolve_follow_up("which of those four use adapters?", history, find, has_topic)
    assert (follow.mode, follow.paper_ids) == ("set", ["cid", "gkc", "transagent", "pesf"])
    # ... as the subject too (a blind hand test's chat, evals/dev_s128.jsonl: "what benchmarks do those two evaluate
    # on?" after a list of one and a page of one had been asked of the page only)
    follow = resolve_follow_up("what benchmarks do those four evaluate on?", history, find, has_topic)
    assert (follow.mode, follow.paper_ids) == ("set", ["cid", "gkc", "transagent", "pesf"])
    # ... and a page of more that only qualifies the search goes on from the list before it
    qualified = [*HISTORY, {"role": "user", "content": "any more? esp adapter-based ones"}, history[-1]]
    follow = resolve_follow_up("which of those use agents?", qualified, find, has_topic)
    assert follow.paper_ids == ["cid", "gkc", "transagent", "pesf"]
    # a count of anything else names no list
    counted = resolve_follow_up("which of those use the 4 datasets?", history, find, has_topic)
    assert (
        counted.paper_ids == resolve_follow_up("which of those use the datasets?", history, find, has_topic).paper_ids
    )


@pytest.mark.parametrize(
    "question", ["from the first 3 you gave, which ones use agents?", "of the original three, which ones use agents?"]
)
def test_the_first_list_named_by_its_size_is_that_list_not_the_latest(question: str) -> None:
    # a blind hand test: "from the first 6 you gave, which ones are about robots?" had been asked of the latest answer,
    # of one paper
    follow = resolve_follow_up(question, NARROWED, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("set", ["cid", "gkc", "transagent"])


@pytest.mark.parametrize(
    "question",
    [
        "going back to the three you first listed (the CID one, agents, calibration) - what data do they use?",
        "of the original three (the CID one, agents and calibration), which ones use agents?",
    ],
)
def test_a_list_named_by_its_size_and_called_in_brackets_is_that_whole_list(question: str) -> None:
    # a blind hand test's chats (evals/dev_s138.jsonl): "going back to the three you first listed (regulators, IRRA,
    # deep boosting) - what datasets do they evaluate on?" had been asked of IRRA alone, the one the brackets wrote as
    # a name
    follow = resolve_follow_up(question, NARROWED, find_titles, has_topic)
    assert follow.paper_ids == ["cid", "gkc", "transagent"]
    # (brackets holding another count of items are no roll call: they stay in what is asked)
    follow = resolve_follow_up("of the original three, which use (agents, CID)?", NARROWED, find_titles, has_topic)
    assert "(agents, CID)" in follow.own_question


def test_a_paper_the_asking_sentence_names_comes_before_one_a_remark_before_it_names() -> None:
    # a blind hand test: "the I2P one says 2D in the title. anyway - whats ULIP-2's scanobjectnn number?" had been
    # answered about I2P
    question = "hm, the transagent one is odd. anyway - what does CLIP-CID distill?"
    follow = resolve_follow_up(question, HISTORY, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("ordinal", ["cid"])


def test_every_paper_the_asking_sentence_names_is_asked() -> None:
    # a blind hand test's chats (evals/dev_s138.jsonl): "what benchmarks and numbers do I2P-MAE and GeoMIM report?"
    # had been answered for I2P-MAE alone
    question = "what benchmarks do CLIP-CID and TransAgent report?"
    follow = resolve_follow_up(question, HISTORY, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("ordinal", ["cid", "transagent"])
    # (a paper a remark before the asking sentence names is still not asked)
    question = (
        "the global knowledge calibration for fast open-vocabulary segmentation one is odd. anyway - what do CLIP-CID "
        "and TransAgent distill?"
    )
    follow = resolve_follow_up(question, HISTORY, find_titles, has_topic)
    assert follow.paper_ids == ["cid", "transagent"]
    # (not a paper the first is measured against)
    follow = resolve_follow_up(
        "how many params does CLIP-CID use relative to TransAgent?", HISTORY, find_titles, has_topic
    )
    assert follow.paper_ids == ["cid"]


def test_a_question_turning_from_a_remark_before_it_is_asked_alone() -> None:
    # a blind hand test's chats (evals/dev_s82.jsonl): "GS-LoRA is about vision not audio... whatever. new topic:
    # papers about editing facts ...?" had cited GS-LoRA, and "none of them are about legged robots, come on. ok last
    # thing, unrelated: is there a benchmark ...?" had searched the papers on the table
    def names(text: str) -> bool:
        return bool(find_titles(text))

    for remark, asked in (
        ("GS-LoRA is about vision not audio... whatever.", "new topic: papers about editing facts inside a model?"),
        ("none of them are about legged robots, come on.", "ok last thing, unrelated: is there a video benchmark?"),
        ("the transagent one is odd.", "anyway - what does CLIP-CID distill?"),
        # the turn in a sentence of its own, and a request for more of a kind that points at the last answer to leave it
        # out (evals/dev_s85.jsonl: the remark's "music or news" had been searched among the last answer's papers)
        (
            "that doesnt say music or news tho.",
            "whatever. are there any other recommendation papers besides those two?",
        ),
        # a change of subject turns from a remark of no topic words too, and "i.e." ends no sentence
        # (evals/dev_s77.jsonl: the remark's "that's" had made the question a "which of those")
        (
            "that's not the same paper lol.",
            "anyway, switching topics: what do you have on model merging, i.e. combining weights into one?",
        ),
        # ... or a remark that closes by turning (evals/dev_s85.jsonl: "eot", "teacher" and "student" had been topic
        # words, and the request refused)
        (
            "eot isnt teacher-student but ok.",
            "any other chain-of-thought papers in there, maybe multimodal ones w/ images?",
        ),
        # ... and a question picking its paper by place needs nothing of the remark (evals/dev_s132.jsonl: "should
        # count" had been the fact asked, and the adapter sentence "not stated")
        (
            "hmm, RKD seems like it should count too?",
            "anyway - the 7th one in your list, what part of the teacher do they actually train?",
        ),
        ("RA-CM3 generates images, it says so.", "ok whatever, summarise the second paper for me"),
        # a change of subject opening a sentence before the last (a blind hand test's chat, evals/dev_s156.jsonl: the
        # remark's "binaries" had picked that paper, and the keyphrase question went unanswered)
        (
            "that's the binaries one actually, never mind.",
            "different topic: someone said deeper beats wider for keyphrase generation. is that in here?",
        ),
    ):
        assert without_remark_before(f"{remark} {asked}", names) == asked
    # the remark stays where the question points back without naming its paper, asks nothing of its own, or does not
    # turn from it
    for question in (
        "I keep seeing CorDA next to LoRA. ok so what is it doing differently?",
        "hmm only two. anyway, more?",
        "that third one... so do PLMs actually infer the links or just memorize?",
        "I work on robot grasping. which papers use real robots?",
    ):
        assert without_remark_before(question, names) == question


def test_an_acknowledgment_before_a_follow_up_refers_to_nothing() -> None:
    # a blind hand test: "nice. did they build their own dataset for it? how big" had been searched across the corpus
    one = [
        {"role": "user", "content": "Which papers distill CLIP?"},
        {"role": "assistant", "content": "**CLIP-CID: Efficient CLIP Distillation**: we distil CLIP [1]"},
    ]
    question = "did they build their own dataset for it?"
    plain = resolve_follow_up(question, one, find_titles, has_topic_words)
    acknowledged = resolve_follow_up(f"nice. {question}", one, find_titles, has_topic_words)
    assert plain.mode != "none" and (acknowledged.mode, acknowledged.paper_ids) == (plain.mode, plain.paper_ids)
    # (a dataset "for it" is the paper's own, asked as a property; a dataset "of conversations" is a topic)
    asked = attribute_of(question)
    assert asked is not None and asked.type == "resource"
    assert attribute_of("did they release a dataset of conversations?") is None


def test_a_remark_on_the_last_answer_in_a_sentence_of_its_own_refers_to_nothing() -> None:
    # a blind hand test: "good start. more?" had been searched across the corpus as a question of its own
    for remark in ("good start.", "very helpful!", "nice find."):
        follow = resolve_follow_up(f"{remark} more?", NARROWED, find_titles, has_topic)
        assert follow.mode == "more"
    # (a sentence asking for papers is no remark: "good" may describe what is asked)
    assert without_lead_in("Good question answering papers?") == "Good question answering papers?"


def hand_test_row(split: str, row_id: str) -> dict[str, Any]:
    """A row of a registered blind hand test: its question, the chat before it and its gold papers."""
    rows = map(json.loads, (EVALS / f"{split}.jsonl").read_text().splitlines())
    return next(row for row in rows if row["id"] == row_id)


def test_a_language_set_aside_is_asked_as_any_other_language(assistant) -> None:
    # a blind hand test's chat (evals/dev_s106.jsonl): "which of those were evaluated on a non-English language?" had
    # found its words in PersianMind's "non-English languages" alone, and said no paper of the ten answers, though
    # one distils BERTs "for the Romanian language"
    row = hand_test_row("dev_s106", "s156-followup_some-04")
    answer = assistant.ask(row["question"], history=row["history"])
    assert set(answer.cited_paper_ids) == set(row["gold_papers"])
    assert languages_set_aside("languages other than English") == {"english"}
    assert languages_set_aside("a non-English language") == {"non", "english"}
    assert languages_set_aside("English papers") == frozenset()


def test_the_verb_alone_restricts_no_papers_that_all_write_what_it_relates_them_to(assistant) -> None:
    # a blind hand test's chat (evals/dev_s106.jsonl): "which of those two evaluate on image generation?", both papers
    # writing "image" and "generation", had been decided by "evaluate" alone: the survey writing "evaluation" was
    # chosen over RA-CM3, which writes "faithful image generation"
    row = hand_test_row("dev_s106", "s156-followup_some-25")
    answer = assistant.ask(row["question"], history=row["history"])
    assert set(row["gold_papers"]) <= set(answer.cited_paper_ids)


def test_a_language_other_than_one_named_is_asked_not_set_aside() -> None:
    # blind hand tests (evals/dev_s55.jsonl and others): "getting chatbots like llama to work well in languages other
    # than english" had lost "other than english" as an aside, and was refused
    question = "any papers about getting chatbots like llama to work well in languages other than english?"
    assert without_contrast(question) == question
    assert without_contrast("EEG recordings rather than scanner data") == "EEG recordings"


def test_what_brackets_set_aside_is_no_topic() -> None:
    # a blind hand test (evals/dev_s121.jsonl): "3D data - point clouds, meshes, 3D scenes (not medical CT/MRI
    # volumes)" had listed two CT papers, the words set aside read as a gloss of the topic
    question = "List all papers that work with 3D point clouds or meshes (not medical CT/MRI volumes)."
    assert without_contrast(question) == "List all papers that work with 3D point clouds or meshes."
    assert without_contrast("EEG (notably sleep) papers") == "EEG (notably sleep) papers"
    # (evals/dev_s123.jsonl: "graph representation learning (I don't mean knowledge graphs)" had listed two knowledge
    # graph papers)
    assert without_contrast("graph representation learning (I don't mean knowledge graphs)?") == (
        "graph representation learning?"
    )
    # ... or opening with "vs" (a blind hand test's chat, evals/dev_s146.jsonl: "wikipedia docs" had been asked of the
    # knowledge-based VQA papers, and the one reading a knowledge graph refused)
    question = "which of those pull their knowledge from a knowledge graph specifically (vs wikipedia docs etc)?"
    assert without_contrast(question) == "which of those pull their knowledge from a knowledge graph specifically?"
    assert without_contrast("How much does LoRA save (vs. full fine-tuning)?") == "How much does LoRA save?"
    assert without_contrast("which metric (accuracy or F1) is used?") == "which metric (accuracy or F1) is used?"


def test_a_clause_lifting_a_restriction_is_no_topic() -> None:
    # a blind hand test (evals/dev_s173.jsonl): "mixture-of-experts (MoE) architectures, whatever the domain" had asked
    # every paper to write "domain", and listed 7 of 11 MoE papers
    question = "list all papers that use or propose mixture-of-experts (MoE) architectures, whatever the domain"
    assert without_contrast(question) == "list all papers that use or propose mixture-of-experts (MoE) architectures"
    assert without_contrast("Which papers distill CLIP, regardless of the task?") == "Which papers distill CLIP?"
    # ("whatever" not lifting a restriction is left: the data is what the papers use)
    assert without_contrast("which papers use whatever data they can get?") == (
        "which papers use whatever data they can get?"
    )


def test_a_request_for_every_paper_lists_those_whose_title_states_the_topic(assistant) -> None:
    # a blind hand test (evals/dev_s105.jsonl): "show me all the medical / healthcare papers" had listed 4 of 24, the
    # papers titled "... for Medical Image Analysis" short of the similarity a whole topic needs; asked for every
    # paper, a title stating the topic needs only the similarity any answer needs
    row = hand_test_row("dev_s105", "s155-broad_list-03")
    every = assistant.ask(row["question"]).cited_paper_ids
    best = assistant.ask("which papers are about medical or healthcare topics?").cited_paper_ids
    assert set(best) < set(every) <= set(row["gold_papers"])


def test_a_paper_described_by_a_clause_after_a_comma_is_found(assistant) -> None:
    # a blind hand test (evals/dev_s105.jsonl): "how long its chain of thought should be" had been split off as a
    # question about the papers found, and the untitled CoT-Valve paper was not searched for
    row = hand_test_row("dev_s105", "s155-paraphrase-01")
    assert assistant.ask(row["question"]).cited_paper_ids == row["gold_papers"]


def test_a_fact_asked_of_the_one_paper_a_question_titles_is_that_paper_s(assistant) -> None:
    # a blind hand test (evals/dev_s74.jsonl): the datasets of another class-incremental paper had been the answer
    row = hand_test_row("dev_s74", "s120-fact_free-06")
    answer = assistant.ask(row["question"])
    assert answer.cited_paper_ids == row["gold_papers"] and "ImageNet-A, ObjectNet" in answer.text


def test_a_request_after_a_remark_naming_a_paper_asks_for_the_paper_it_picks(assistant) -> None:
    # a blind hand test's chat (evals/dev_s73.jsonl): the request had been dropped as an aside about the user ("me"),
    # and RA-CM3, which the remark names, summarised instead of the second paper
    question = "RA-CM3 generates images, it says so. ok whatever, summarise the second paper for me"
    assert without_asides(question) == question
    assert question[asking_sentence_start(question) :] == "ok whatever, summarise the second paper for me"
    row = hand_test_row("dev_s73", "s119-ordinal-24")
    answer = assistant.ask(row["question"], history=row["history"])
    assert answer.cited_paper_ids == row["gold_papers"]  # Wiki-LLaVA, second in the list


def test_a_request_after_an_opener_is_no_aside() -> None:
    # a blind hand test: "weird. ok tell me more about the first of those three, the panorama one" had been read as
    # "weird.", the request dropped as a remark about the user ("me")
    question = "weird. ok tell me more about the first of those three, the panorama one"
    assert without_asides(question) == question


def test_a_gloss_after_i_e_is_not_the_user_speaking_of_themselves() -> None:
    # a blind hand test's chat (evals/dev_s136.jsonl): the new topic, glossed after "i.e.", had been dropped as the
    # user speaking of themselves ("i"), and the remark before it searched: "weird, thought there'd be some. anything
    # on that?"
    question = (
        "weird, thought there'd be some. fine - totally different thing: multimodal in-context learning, i.e. giving an"
        " MLLM image-text demos in the prompt. anything on that?"
    )
    assert without_asides(question) == question
    assert without_asides("any of them use spatial transcriptomics? thats the data i have") == (
        "any of them use spatial transcriptomics?"
    )


def test_which_of_a_list_named_by_its_size_picks_among_that_list() -> None:
    # a blind hand test: "which of the three train a small student ...?" had been searched across the corpus
    follow = resolve_follow_up("which of the three use agents?", NARROWED, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("set", ["cid", "gkc", "transagent"])
    # a hyphenated word is no plural noun naming other things: "of the three cross-lingual papers" (it had been read
    # as "of the three cross", like "of the three datasets")
    follow = resolve_follow_up("do any of the three cross-lingual papers use agents?", NARROWED, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("set", ["cid", "gkc", "transagent"])
    # ... nor is a verb in -s taking its object (a blind hand test's chat, evals/dev_s188.jsonl: "which of those two
    # deals with ...?" had been asked of the one paper the latest answer was about)
    follow = resolve_follow_up("which of those three deals with a language model?", NARROWED, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("set", ["cid", "gkc", "transagent"])


def test_an_answer_picked_by_its_place_counts_in_the_order_the_answers_were_given() -> None:
    # a blind hand test: "going back to the two CT papers from your first answer - do either of them ...?" had been
    # asked of the latest answer's paper, after "two" had moved the first answer to the front
    first = "2 papers in the corpus address this:\n- **CLIP-CID**: we distil CLIP [1]\n- **TransAgent**: agents [2]"
    more = "Beyond the 2 already listed, 1 more paper addresses this:\n**Global Knowledge Calibration ...**: [1]"
    fact = "**Global Knowledge Calibration for Fast Open-Vocabulary Segmentation**: it is fast [1]"
    history = [
        {"role": "user", "content": "Which papers distill CLIP?"},
        {"role": "assistant", "content": first},
        {"role": "user", "content": "any more?"},
        {"role": "assistant", "content": more},
        {"role": "user", "content": "how fast is it?"},
        {"role": "assistant", "content": fact},
    ]
    question = "going back to the two papers from your first answer - do either of them use agents?"
    follow = resolve_follow_up(question, history, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("set", ["cid", "transagent"])


def test_all_the_papers_mentioned_so_far_are_every_paper_the_chat_listed() -> None:
    question = "Of all the papers you've mentioned so far, which ones use agents?"
    follow = resolve_follow_up(question, NARROWED, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("set", ["cid", "gkc", "transagent"])
    # a blind hand test's chat (evals/dev_s82.jsonl): "of all the lora papers you've mentioned so far, which ones are
    # vision or image models ...?" had picked among the last answer's papers, on "lora", "mentioned" and "far" too
    described = "of all the CLIP papers you've mentioned so far, which ones use agents?"
    follow = resolve_follow_up(described, NARROWED, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("set", ["cid", "gkc", "transagent"])
    assert query_terms(strip_references(described)) == ["agent"]


def test_more_after_a_first_question_with_a_pronoun_asks_that_question_again() -> None:
    # "that" in the conversation's first question refers to nothing said before it: that question searched alone
    first = "I'd like an LLM to speak a smaller language well. what papers show how people did that?"
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": CLIP_ANSWER}]
    follow = resolve_follow_up("any others?", history, find_titles, has_topic)
    assert (follow.mode, follow.previous_question) == ("more", first)


def test_when_the_papers_were_listed_is_part_of_the_reference_not_a_restriction() -> None:
    # (a blind hand test's chat, evals/dev_s110.jsonl: "first" was left to restrict the two papers, and none wrote it)
    follow = resolve_follow_up(
        "of the two you listed first, which one works on CT scans?", HISTORY, find_titles, has_topic
    )
    assert "first" not in follow.own_question and "listed" not in follow.own_question


def test_papers_named_in_brackets_after_a_set_reference_are_the_set_to_pick_among() -> None:
    # (a blind hand test's chat, evals/dev_s110.jsonl: the first name was taken as the paper asked about, and its
    # answer read as if it used ultrasound)
    question = "and did either of those two (CLIP-CID, TransAgent) use ultrasound images?"
    follow = resolve_follow_up(question, HISTORY, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("set", ["cid", "transagent"])
    assert "CLIP-CID" not in follow.own_question and "ultrasound" in follow.own_question
    # one paper named is still the paper asked about
    assert resolve_follow_up("what does CLIP-CID distill?", HISTORY, find_titles, has_topic).paper_ids == ["cid"]


def test_which_of_those_refers_to_the_previous_answers_papers_in_order() -> None:
    follow = resolve_follow_up("Which of those use chain-of-thought reasoning?", HISTORY, find_titles, has_topic)
    assert follow.mode == "set"
    assert follow.paper_ids == ["cid", "gkc", "transagent"]
    assert strip_references("Which of those use chain-of-thought reasoning?") == "Which use chain-of-thought reasoning?"
    # a fact asked of them: the verb closing the question only says how the fact belongs to them
    assert strip_references("What datasets do they evaluate on?") == "What datasets?"
    assert strip_references("What base model does each one start from?") == "What base model?"
    assert strip_references("What datasets do they use for sarcasm?") == "What datasets do use for sarcasm?"
    # ... with the object a report has (a blind hand test's chat, evals/dev_s148.jsonl: "which benchmarks do those two
    # report results on?" had asked both papers for "report results" and said neither did)
    assert strip_references("which benchmarks do those two report results on?") == "which benchmarks?"
    assert strip_references("What datasets do they use speech on?") == "What datasets do use speech on?"
    assert strip_references("Which of those do well?") == "Which do well?"  # no fact asked: the verb picks
    # ... unless the verb makes the fact a change (a blind hand test's chats, evals/dev_s140.jsonl: "how much training
    # time does it save?" had been asked as a time, and "reduce training time by up to 83.5%" said not to state it)
    saving = attribute_of(strip_references("how much training time does it save?"))
    assert saving is not None and saving.change
    assert strip_references("how much memory does it save?") == "how much memory?"  # (the amount asked either way)
    # the plural noun after "those" names what is on the table ("those chatbots"), not a restriction; a verb stays
    assert strip_references("were any of those chatbots voice-based?") == "were any voice-based?"
    assert strip_references("which of those focus on images?") == "which focus on images?"
    assert strip_references("which of those has code?") == "which has code?"
    # what points at the answers, and a request's hedge, ask nothing of the paper: a summary is asked
    assert strip_references("What's the first one you listed about?") == "What's about?"
    # ... with "the ones" before it: the verb is no topic (evals/dev_s124.jsonl had searched for "listed")
    assert strip_references("which of the ones you listed run experiments on NLP tasks?") == (
        "which run experiments on NLP tasks?"
    )
    assert strip_references("Tell me a bit more about the third paper") == "Tell me more about"
    # ... in the perfect too, and "so far" with it (a blind hand test's chats, evals/dev_s140.jsonl: "of the three
    # you've mentioned so far, which ones go beyond image+text?" had searched for "ve" and "far", and said none)
    assert strip_references("of the three you've mentioned so far, which ones handle audio?") == ", handle audio?"
    assert strip_references("which of the papers you have listed so far handle audio?") == "which handle audio?"
    # a pronoun goes with its contraction: "'re" is no word to search for (evals/dev_s92.jsonl)
    assert strip_references("recsys papers even if they're not LLM based?") == "recsys papers even if not LLM based?"
    assert strip_references("it’s about speech?") == "about speech?"


@pytest.mark.parametrize(
    ("question", "paper"),
    [
        ("Summarise the second one", "gkc"),
        ("And the last paper?", "transagent"),
        ("what about the 2nd?", "gkc"),
        ("can you explain the second in simpler terms", "gkc"),
        ("what dataset does #2 use?", "gkc"),
        ("summarize [2]", "gkc"),
        ("Expand on number two", "gkc"),
        ("and paper 3?", "transagent"),
        # the place before the last (a blind hand test's chat, evals/dev_s156.jsonl: "the second-to-last paper in your
        # first list" had been read as its last)
        ("the second-to-last paper - what dataset did they build?", "gkc"),
        ("and the second last one?", "gkc"),
        ("what about the penultimate one?", "gkc"),
        # the first, as "the top three" are the first three (a blind hand test's chat, evals/dev_s166.jsonl: "the top
        # one in your first list" had been read as a restriction of the whole list, and refused)
        ("the top one - what numbers does it report?", "cid"),
    ],
)
def test_an_ordinal_picks_the_numbered_citation(question: str, paper: str) -> None:
    follow = resolve_follow_up(question, HISTORY, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("ordinal", [paper])


def test_an_ordinal_past_every_answers_end_is_reported_not_guessed() -> None:
    follow = resolve_follow_up("Summarise the fifth one", HISTORY, find_titles, has_topic)
    assert follow.mode != "ordinal" and follow.paper_ids == []
    assert (follow.missing_position, follow.listed) == ("the fifth one", 3)


def test_a_place_asked_after_answers_that_listed_no_paper_is_reported_missing() -> None:
    # a hand tester's chat: after a refusal, "the first one you mentioned" had become a search confined to no papers,
    # answered "Of the 0 papers in the previous answer, 10 match"
    refused = [
        {"role": "user", "content": "which papers let an AI look things up in outside sources before it answers?"},
        {"role": "assistant", "content": "The corpus does not answer this: no indexed abstract addresses it."},
    ]
    follow = resolve_follow_up("the first one you mentioned, what did it do?", refused, find_titles, has_topic)
    assert follow.paper_ids == [] and (follow.missing_position, follow.listed) == ("the first one", 0)
    assert follow.longest_list() == "none listed a paper"


def test_which_of_those_after_refusals_asks_about_the_last_question_with_a_topic() -> None:
    # a hand tester's chat: "tell me about the last one" (refused) had become the question "those" were the answers of
    refusal = "The corpus does not answer this: no indexed abstract addresses it."
    history = [
        {"role": "user", "content": "any papers on catching deepfake videos?"},
        {"role": "assistant", "content": refusal},
        {"role": "user", "content": "tell me about the last one"},
        {"role": "assistant", "content": refusal},
    ]
    follow = resolve_follow_up("which of those are built on CLIP?", history, find_titles, has_topic)
    assert (follow.mode, follow.previous_question) == ("topic", "any papers on catching deepfake videos?")


def test_it_after_a_change_of_subject_that_found_nothing_is_that_subject_not_the_papers_before() -> None:
    # a hand tester's chat: "what output resolution does it generate images at?" had been asked of a speech paper
    # listed before "switching topics - ..." found nothing
    switched = "switching topics - anything on generating images from prompts that mix pictures and text?"
    history = [*HISTORY, {"role": "user", "content": switched}]
    history.append({"role": "assistant", "content": "The corpus does not answer this: no indexed abstract says."})
    follow = resolve_follow_up("what output resolution does it generate images at?", history, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids, follow.previous_question) == ("topic", [], switched)
    # a question on a topic of its own is its own search, whatever its pronoun
    own = "what about mixture-of-experts in multimodal LLMs, how do they route tokens to experts?"
    assert resolve_follow_up(own, history, find_titles, has_topic).mode == "none"
    # a set asked for is still the list there is
    assert resolve_follow_up("which of those are newest?", history, find_titles, has_topic).paper_ids == [
        "cid",
        "gkc",
        "transagent",
    ]


def test_a_title_from_the_history_picks_that_paper() -> None:
    follow = resolve_follow_up("What does the TransAgent paper propose?", HISTORY, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("ordinal", ["transagent"])


@pytest.mark.parametrize(
    "question",
    [
        "how many activated parameters does it have?",
        "what training data does it use exactly?",
        "Which specific benchmark datasets does it report results on?",  # a list of a fact asked of it
        # a hand tester's chat: "that" had been read as part of the question's own topic, and another paper's F1
        # quoted
        "what F1 gain did that report over the best single model?",
        "what F1 gain did that paper report over the best single model?",
    ],
)
def test_it_as_the_subject_after_an_auxiliary_points_into_the_conversation(question: str) -> None:
    # The nouns before "does it" are what is asked of it, not what it refers to.
    assert resolve_follow_up(question, HISTORY, find_titles, has_topic).mode == "topic"


def test_a_clause_asking_for_papers_on_its_own_topic_makes_a_loose_pronoun_beside_it_no_reference() -> None:
    # a hand tester's chat: "their" had kept the search to the four image papers on the table
    question = "what about their use for source code — which papers work with pretrained code models?"
    assert resolve_follow_up(question, HISTORY, find_titles, has_topic).mode == "none"
    # alone, the pronoun's clause still points into the conversation
    assert resolve_follow_up("what about their use for source code?", HISTORY, find_titles, has_topic).mode != "none"


def test_a_request_for_papers_with_it_after_an_auxiliary_is_a_new_topic() -> None:
    question = "anything on federated learning - how does it protect privacy?"
    assert resolve_follow_up(question, HISTORY, find_titles, has_topic).mode == "none"


def test_more_after_follow_ups_goes_on_from_the_last_search_of_its_own() -> None:
    picked = "**Global Knowledge Calibration for Fast Open-Vocabulary Segmentation**: ... [1]"
    history = [
        *HISTORY,
        {"role": "user", "content": "summarise the second one"},
        {"role": "assistant", "content": picked},
    ]
    follow = resolve_follow_up("what else?", history, find_titles, has_topic)
    assert (follow.mode, follow.previous_question) == ("more", "Which papers distill CLIP?")
    assert set(follow.paper_ids) == {"cid", "gkc", "transagent"}


#: The chat's titles and two knowledge graph completion papers listed after them.
KG_TITLES = {"kg-bert": "kgbert", "lemon": "lemon", **TITLES}
KG_ANSWER = "2 papers in the corpus address this:\n- **KG-BERT**: ... [1]\n- **LEMON**: ... [2]"


def find_titles_with_kg(text: str) -> list[tuple[int, str]]:
    lowered = text.lower()
    return sorted((lowered.find(key), pid) for key, pid in KG_TITLES.items() if key in lowered)


def test_back_to_an_earlier_list_by_its_words_picks_that_list_not_the_latest() -> None:
    history = [*HISTORY, *after_one_answer("which papers do knowledge graph completion?", KG_ANSWER)]
    follow = resolve_follow_up(
        "back to the CLIP papers - which of those is newest?", history, find_titles_with_kg, has_topic
    )
    assert (follow.mode, follow.paper_ids) == ("set", ["cid", "gkc", "transagent"])
    assert "CLIP" not in follow.own_question  # the words naming the list are no topic to match
    latest = resolve_follow_up("which of those is newest?", history, find_titles_with_kg, has_topic)
    assert latest.paper_ids == ["kgbert", "lemon"]
    # a hand tester's "going back to the full list" names no list by its words: the list a search of its own gave
    # before the latest answer, not the two papers a restriction left since
    narrowed = "Of the 3 papers in the previous answer, 2 match:\n- **KG-BERT**: ... [1]\n- **LEMON**: ... [2]"
    history = [*HISTORY, {"role": "user", "content": "which of those use graphs?"}]
    history.append({"role": "assistant", "content": narrowed})
    back = resolve_follow_up(
        "going back to the full list, do any of those use RL?", history, find_titles_with_kg, has_topic
    )
    assert (back.mode, back.paper_ids) == ("set", ["cid", "gkc", "transagent"])


def test_back_to_one_paper_by_its_words_picks_that_paper_not_its_list() -> None:
    # a blind hand test (evals/dev_s116.jsonl): "going back to the personal memory paper - how do they model ...?" was
    # asked of the whole list that paper was in, and all five papers were quoted
    history = [*HISTORY, *after_one_answer("which papers do knowledge graph completion?", KG_ANSWER)]
    question = "going back to the calibration paper - how does it keep its cost down?"
    follow = resolve_follow_up(question, history, find_titles_with_kg, has_topic)
    assert (follow.mode, follow.paper_ids) == ("ordinal", ["gkc"])


@pytest.mark.parametrize(
    "question",
    [
        "going back to the calibration paper from your first list: how does it keep its cost down?",
        "the calibration paper from your first list - how does it keep its cost down?",
    ],
)
def test_one_paper_described_in_an_answer_named_by_its_place_is_that_paper(question: str) -> None:
    # a blind hand test (evals/dev_s164.jsonl): "going back to the bangla KG paper from your first list: how does it
    # ...?" had been read as returning to that whole list, its describing words dropped, and was refused
    history = [*HISTORY, *after_one_answer("which papers do knowledge graph completion?", KG_ANSWER)]
    follow = resolve_follow_up(question, history, find_titles_with_kg, has_topic)
    assert (follow.mode, follow.paper_ids) == ("ordinal", ["gkc"])
    # a remark before the asking sentence names no paper of that answer
    remark = "I meant KG-BERT, never mind. out of the papers from your first answer, do any use RL?"
    assert resolve_follow_up(remark, history, find_titles_with_kg, has_topic).mode == "set"


@pytest.mark.parametrize(
    "question",
    [
        # (evals/dev_s65.jsonl: the name had run on past its full stop, and "knowledge-grounded" had ended at its
        # hyphen, so each was searched as a new question and listed papers shown before again)
        "ok back to the CLIP papers. any more papers on that beyond the three from before?",
        "ok back to the CLIP-distillation papers from the start - are there any others beyond the three you showed?",
    ],
)
def test_more_of_an_earlier_list_named_by_going_back_asks_its_search_again(question: str) -> None:
    history = [*HISTORY, *after_one_answer("switching topics: which papers do knowledge graph completion?", KG_ANSWER)]
    follow = resolve_follow_up(question, history, find_titles_with_kg, has_topic_words)
    assert (follow.mode, follow.previous_question) == ("more", "Which papers distill CLIP?")
    assert set(follow.paper_ids) >= {"cid", "gkc", "transagent"}


def test_a_paper_said_to_differ_from_another_is_compared_with_it() -> None:
    # (evals/dev_s29.jsonl: with a description of a paper before "differ", the question had been read as asking that
    # one paper, as "the paper that did a fair comparison of KAN and MLP" is)
    question = "How does the CLIP-CID paper differ from the cluster one in how they pick the data to use?"
    assert intent_of(question).kind == "compare"
    assert intent_of("How does the CLIP-CID paper differ from prior methods in its data?").kind != "compare"


def test_papers_asked_on_it_after_a_statement_of_a_topic_are_on_that_topic() -> None:
    # a blind hand test's chat (evals/dev_s164.jsonl): "I'm drafting a grant about Norwegian NLP - is there anything
    # on it in here?" had been read as restricting the paper on the table, "it" being a preposition's object
    question = "thanks. I'm writing a grant about speech translation - is there anything on it in here?"
    assert resolve_follow_up(question, HISTORY, find_titles, has_topic_words).mode == "none"
    # a statement pointing at the table leaves "it" there
    pointing = "I liked the second one - is there anything on it?"
    assert resolve_follow_up(pointing, HISTORY, find_titles, has_topic_words).paper_ids == ["gkc"]


def test_back_to_inside_a_clause_returns_to_no_list() -> None:
    # (evals/dev_s34.jsonl: "the teacher instead of one-way" had been read as the name of a list to go back to)
    question = "which of those have the student feed something back to the teacher instead of one-way?"
    follow = resolve_follow_up(question, HISTORY, find_titles, has_topic_words)
    assert follow.mode == "set" and "teacher" in follow.own_question


@pytest.mark.parametrize("question", ["compare them", "how do they compare?", "compare all of those"])
def test_compare_them_compares_every_paper_the_last_list_gave(question: str) -> None:
    follow = resolve_follow_up(question, HISTORY, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("ordinal", ["cid", "gkc", "transagent"])


def test_compare_those_two_after_two_one_paper_answers_compares_those_papers() -> None:
    history = [
        {"role": "user", "content": "tell me about CLIP-CID"},
        {"role": "assistant", "content": "**CLIP-CID**: ... [1]"},
        {"role": "user", "content": "and TransAgent?"},
        {"role": "assistant", "content": "**TransAgent**: ... [1]"},
    ]
    follow = resolve_follow_up("compare those two", history, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("ordinal", ["transagent", "cid"])
    # "compare it with X": the paper on the table and the one named.
    follow = resolve_follow_up("compare it with CLIP-CID", history[2:], find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("ordinal", ["transagent", "cid"])
    # a comparison whose "they" is its own two sides, one a name the resolver does not know (a hand test: "Compare
    # MOS and ADAM - how do they use adapters differently?", after an answer on SLCA, compared SLCA with MOS)
    follow = resolve_follow_up(
        "Compare CLIP-CID and DC-CLIP - how do they differ?", history[2:], find_titles, has_topic
    )
    assert "transagent" not in follow.paper_ids


def test_a_question_with_no_topic_of_its_own_continues_the_previous_one() -> None:
    follow = resolve_follow_up("What data do they use?", HISTORY, find_titles, has_topic)
    assert follow.mode == "topic" and follow.previous_question == "Which papers distill CLIP?"


@pytest.mark.parametrize(
    "question",
    [
        "What about their training cost?",
        "And what do they evaluate on?",
        "How long did it take to train them?",
        "Do they release their code and weights?",
    ],
)
def test_a_pronoun_with_nothing_before_it_to_refer_to_points_into_the_conversation(question: str) -> None:
    # These have topic words of their own ("training cost", "code and weights"), yet "their" / "they" can
    # only mean the papers already on the table: nothing in the question comes before the pronoun.
    follow = resolve_follow_up(question, HISTORY, find_titles, has_topic)
    assert follow.mode == "topic" and follow.paper_ids == ["cid", "gkc", "transagent"]


@pytest.mark.parametrize("question", ["What was the accuracy before and after?", "how many parameters?"])
def test_a_fact_asked_of_nothing_the_question_names_is_asked_of_the_papers_on_the_table(question: str) -> None:
    follow = resolve_follow_up(question, HISTORY, find_titles, has_topic)
    assert follow.mode == "topic" and follow.paper_ids == ["cid", "gkc", "transagent"]
    # a fact asked of something it names searches for that
    assert resolve_follow_up("what accuracy does SpikeGPT reach?", HISTORY, find_titles, has_topic).mode == "none"


def test_they_asked_for_a_named_thing_in_the_first_clause_is_the_papers_on_the_table() -> None:
    follow = resolve_follow_up("Which models did they analyze, T5 or RoBERTa?", HISTORY, find_titles, has_topic)
    assert follow.mode == "topic" and follow.paper_ids == ["cid", "gkc", "transagent"]


def test_a_pronoun_that_a_new_topic_acts_on_searches_the_whole_corpus() -> None:
    # "them" is what the editing acts on, not the papers on the table; a subject pronoun, or an attribute asked
    # of the papers, keeps the question a follow-up.
    question = "And what about editing them directly, like patching outdated facts inside the model?"
    assert resolve_follow_up(question, HISTORY, find_titles, has_topic).mode == "none"
    assert resolve_follow_up("Do they release their code and weights?", HISTORY, find_titles, has_topic).mode == "topic"
    assert resolve_follow_up("How long did it take to train them?", HISTORY, find_titles, has_topic).mode == "topic"


@pytest.mark.parametrize(
    ("question", "pronoun"),
    [
        ("what are the distillation problems it tackles and how?", "subject"),  # a clause of its own: "it tackles"
        ("does it distill CLIP into a smaller student?", "subject"),
        ("what are the distillation stages in it?", "subject"),  # what its last words ask about
        ("what exact accuracy did gpt-4 get on it?", "subject"),
        ("how many vision models did they try?", "subject"),  # the subject of its first clause
        ("and what about their work on board games?", "loose"),
        ("its stuff on chess?", "loose"),
    ],
)
def test_a_pronoun_is_the_subject_of_its_clause_or_loose(question: str, pronoun: str) -> None:
    # The subject of a clause is the paper on the table; a possessive before a new topic may point nowhere, and
    # the engine weighs the papers' evidence before keeping the question with them.
    one_paper = [HISTORY[0], {"role": "assistant", "content": SUMMARY_ANSWER}]
    follow = resolve_follow_up(question, one_paper, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids, follow.pronoun) == ("ordinal", ["cid"], pronoun)


def test_it_after_a_list_of_several_papers_points_at_none_of_them() -> None:
    # A hand tester's topic switch: singular "it" agrees with no one of three papers, so the engine weighs their
    # evidence before keeping the question with them, and else searches the corpus.
    follow = resolve_follow_up(
        "What does it say about compressing code models so they run on laptops?", HISTORY, find_titles, has_topic
    )
    assert (follow.mode, follow.pronoun) == ("topic", "loose")
    plural = resolve_follow_up("What do they say about code models?", HISTORY, find_titles, has_topic)
    assert plural.pronoun == "subject"


def test_a_topic_switch_with_it_after_a_list_is_answered_from_the_corpus(assistant) -> None:
    first = "Which papers are about knowledge graph completion?"
    listed = assistant.ask(first)
    assert len(listed.citations) > 1
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": listed.text}]
    answer = assistant.ask("What does it say about compressing code models so they run on laptops?", history=history)
    assert not answer.refused and answer.follow_up == "none"
    assert any("Compressing Pre-trained Models of Code" in c.display_title for c in answer.citations)


def test_tell_me_more_about_a_part_of_the_paper_quotes_that_part(assistant) -> None:
    # A hand tester's follow-up: its dataset, not the paper's problem, method and result.
    first = "Is there a paper about robots grasping objects from a cluttered bin based on language instructions?"
    found = assistant.ask(first)
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": found.text}]
    answer = assistant.ask("Tell me more about its dataset.", history=history)
    assert answer.cited_paper_ids == found.cited_paper_ids[:1]
    assert "we introduce a synthetic dataset FreeGraspData" in answer.text


def test_more_of_a_topic_asked_before_is_any_further_paper_stating_that_topic(assistant) -> None:
    # A blind hand test's chat (evals/dev_s81.jsonl): the eleventh mixture-of-experts paper, Alt-MoE, writes "a
    # mixture of experts (MoE) model" in a sentence less like the question than a first answer asks; it was refused.
    first = "what's in here on mixture of experts models?"
    listed = assistant.ask(first)
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": listed.text}]
    more = assistant.ask("ok. any other MoE papers u didnt list earlier?", history=history)
    assert more.follow_up == "more" and "4e1bffa492a0fcb0" in more.cited_paper_ids
    assert not set(more.cited_paper_ids) & set(listed.cited_paper_ids)


def test_a_set_reference_after_the_titles_a_question_writes_refers_to_those_papers(assistant) -> None:
    # A blind hand test's chat (evals/dev_s98.jsonl): "those" had been read as the one paper on the table, which
    # "does not do this", and the two papers asked about were offered as found elsewhere, the answer marked refused.
    first = "any work on protein or single-cell foundation models, bio stuff basically"
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": assistant.ask(first).text}]
    answer = assistant.ask("hmm what about LangCell or BioBridge, are those in here? what do they do", history=history)
    assert not answer.refused
    assert set(answer.cited_paper_ids) == {"063e9d9ef2d06619", "d19682b1e69e1276"}


@pytest.mark.parametrize(
    "question",
    [
        # (a blind hand test's chat, evals/dev_s98.jsonl: searched over the corpus, answered by two other robot papers)
        "which of the agent papers were tested on real physical robots?",
        "do any of the CLIP ones distill it?",
    ],
)
def test_a_list_described_by_its_topic_is_the_list_on_the_table(question: str) -> None:
    follow = resolve_follow_up(question, HISTORY, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("set", ["cid", "gkc", "transagent"])


def test_the_papers_on_a_topic_are_the_corpus_not_a_list_described() -> None:
    assert not restricts_a_set("which of the papers on MoE are multimodal?")


def test_which_of_those_after_an_answer_of_none_restricts_the_list_before_it() -> None:
    none = "None of the 3 papers in the previous answer does this, judging by their abstracts."
    history = [
        *HISTORY,
        {"role": "user", "content": "which of those handle audio?"},
        {"role": "assistant", "content": none},
    ]
    follow = resolve_follow_up("which of those build on ViT?", history, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("set", ["cid", "gkc", "transagent"])


@pytest.mark.parametrize(
    ("first", "question"),
    [
        # A hand tester's chat: none of the dialogue papers is Chinese; six had been listed for sharing "datasets".
        ("papers on knowledge-grounded dialogue", "are any of them Chinese datasets?"),
        # ... and a language, whatever its case (a blind hand test's chat, evals/dev_s126.jsonl: all three scene-graph
        # pre-training papers had been said to pretrain on "chinese image-text data", for writing "pre-training")
        (
            "Which works bring scene graphs into vision-language pre-training?",
            "do any of those pretrain on chinese image-text data?",
        ),
    ],
)
def test_a_name_restricting_the_papers_on_the_table_is_one_they_must_write(
    assistant, first: str, question: str
) -> None:
    listed = assistant.ask(first)
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": listed.text}]
    answer = assistant.ask(question, history=history)
    assert answer.refused and not set(answer.cited_paper_ids) & set(listed.cited_paper_ids)


def test_a_verb_taking_an_object_says_what_is_done_with_the_topic() -> None:
    assert words_before_an_object("which papers hook a large language model up to audio?") == {"hook": "larg"}
    assert words_before_an_object("how do I catch those fake pictures?") == {"catch": "fake"}
    assert words_before_an_object("papers on weather forecasting with transformers") == {}


def test_a_verb_no_abstract_writes_is_no_topic_its_object_names_the_topic(assistant) -> None:
    # a blind hand test (evals/dev_s149.jsonl): "hook", which no abstract writes, had been a concept every paper missed,
    # and the question was refused, ChatBridge, X-VILA and ModaVerse among the papers shown as closest
    question = (
        "hey, which papers hook a large language model up to several modalities beyond just images - like audio, "
        "video, 3D - for understanding and/or generating them?"
    )
    answer = assistant.ask(question)
    assert {"558bd3bab32a3f47", "f22539a41af7dc58", "ded49084ac6c4652"} <= set(answer.cited_paper_ids)
    # ... while a topic no abstract writes is still refused, whatever verb asks it
    assert assistant.ask("which papers sue a company over its oil refineries?").refused
    assert assistant.ask("can you summarize the plot of Hamlet and explain why he delays his revenge?").refused


def test_they_after_a_topic_of_the_questions_own_is_that_topics_papers() -> None:
    question = "diff topic: llms that play games like chess, how do they plan their moves?"
    assert resolve_follow_up(question, HISTORY, find_titles, has_topic).mode == "none"


def test_either_paper_is_a_reference_to_the_set_on_the_table() -> None:
    follow = resolve_follow_up("Did either paper say how long training took?", HISTORY, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("set", ["cid", "gkc", "transagent"])


def test_a_title_phrase_in_a_numbered_answers_prose_is_not_one_of_its_entries() -> None:
    prose = CLIP_ANSWER + "\n\nThese are the best 3 matches; TransAgent-like agents may qualify too."
    answer = prose.replace("- **TransAgent: Transfer Vision-Language Foundation Models**: agents teach CLIP [3]", "")
    assert cited_papers_in(answer, find_titles) == ["cid", "gkc"]


def test_the_verb_governing_a_pronoun_is_not_its_antecedent() -> None:
    assert resolve_follow_up("Who wrote it?", HISTORY, find_titles, has_topic).mode == "topic"


SUMMARY_ANSWER = "**CLIP-CID: Efficient CLIP Distillation**: we distil CLIP [1] It clusters images [1]"
GKC_ANSWER = "**Global Knowledge Calibration for Fast Open-Vocabulary Segmentation**: we calibrate knowledge [1]"


def test_a_comparison_naming_two_papers_compares_those_two_whatever_is_on_the_table() -> None:
    history = [*HISTORY, {"role": "user", "content": "Summarise the second one"}]
    history.append({"role": "assistant", "content": GKC_ANSWER})
    question = "How do CLIP-CID and TransAgent differ in how they distill?"  # "they" is the two it names
    follow = resolve_follow_up(question, history, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("ordinal", ["cid", "transagent"])


def test_references_reach_past_an_answer_that_listed_fewer_papers() -> None:
    # After "summarise the first one" (one paper), "the second one" and "which of them" mean the earlier list.
    history = [
        *HISTORY,
        {"role": "user", "content": "Summarise the first one"},
        {"role": "assistant", "content": SUMMARY_ANSWER},
    ]
    ordinal = resolve_follow_up("And the second one?", history, find_titles, has_topic)
    assert (ordinal.mode, ordinal.paper_ids) == ("ordinal", ["gkc"])
    which = resolve_follow_up("Which of them use chain-of-thought reasoning?", history, find_titles, has_topic)
    assert (which.mode, which.paper_ids) == ("set", ["cid", "gkc", "transagent"])
    assert which.previous_question == "Which papers distill CLIP?"
    # a place counts in a list: after an answer about one paper, "the first one you listed" is the list's first
    about_gkc = [*HISTORY, {"role": "user", "content": "And the second?"}, {"role": "assistant", "content": GKC_ANSWER}]
    first = resolve_follow_up("What does the first one you listed propose?", about_gkc, find_titles, has_topic)
    assert (first.mode, first.paper_ids) == ("ordinal", ["cid"])
    # ... but "that last paper" is the one shown last, the one just offered alone (a blind hand test's chat,
    # evals/dev_s146.jsonl: the last of the list before had been asked)
    last = resolve_follow_up("that last paper - what dataset did they build?", about_gkc, find_titles, has_topic)
    assert (last.mode, last.paper_ids) == ("ordinal", ["gkc"])
    assert resolve_follow_up("the last one - what dataset?", about_gkc, find_titles, has_topic).paper_ids == [
        "transagent"
    ]


def test_a_count_alone_describes_no_paper() -> None:
    # a blind hand test's chat (evals/dev_s190.jsonl): "do any of the three work with video ...?" read "the three work"
    # as a paper described by "three", and answered with the one paper of the three whose abstract writes it
    from rag.answer.followup import described_papers

    assert described_papers("do any of the three work with video rather than still images?") == []
    assert described_papers("In the UniT CT paper, what tasks does the one model handle?") == ["UniT CT"]
    follow = resolve_follow_up("do any of the three work with video?", HISTORY, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("set", ["cid", "gkc", "transagent"])


def test_a_paper_pointed_at_by_that_or_this_is_described_by_the_words_between() -> None:
    # a blind hand test's chat (evals/dev_s190.jsonl): "for that sparse fine-tuning paper, which base model ...?" was
    # searched as a new question, and the Chinese NLI paper was said not to state it
    from rag.answer.followup import described_papers

    assert described_papers("for that sparse fine-tuning paper, which model?") == ["sparse fine-tuning"]
    assert described_papers("That Korean finance paper on sentiment - how many samples?") == ["Korean finance"]
    # a clause about the noun before it describes nothing, nor does a phrase of function words
    assert described_papers("I remember a paper that takes one big language model and repurposes it") == []
    assert described_papers("papers on models that still work when a modality is missing?") == []
    assert described_papers("for that one and the fashion one, what gains do they report?") == ["fashion"]


def test_a_short_form_of_a_listed_title_s_words_describes_its_paper() -> None:
    # a blind hand test's chat (evals/dev_s194.jsonl): "the ORKG one" for "... in the Open Research Knowledge Graph"
    # was searched as a new question and refused
    titles = {"kg-bert": "kgbert", "language models over graphs": "lemon"}
    answer = "2 papers in the corpus address this:\n- **KG-BERT**: ... [1]\n- **Language Models Over Graphs**: ... [2]"
    history = after_one_answer("which papers embed knowledge graphs?", answer)

    def find(text: str) -> list[tuple[int, str]]:
        return sorted((text.lower().find(key), pid) for key, pid in titles.items() if key in text.lower())

    follow = resolve_follow_up("the LMO one - what does it evaluate on?", history, find, has_topic)
    assert (follow.mode, follow.paper_ids) == ("ordinal", ["lemon"])
    # letters no listed title's words begin describe none of them
    assert resolve_follow_up("the XYZ one - what does it evaluate on?", history, find, has_topic).mode != "ordinal"
    # ... nor does a short form the corpus uses for a kind of thing ("the original RAG paper")
    known = resolve_follow_up(
        "the LMO one - what does it evaluate on?", history, find, has_topic, known_short_form=lambda short: True
    )
    assert known.paper_ids != ["lemon"]


def test_the_other_one_is_the_paper_of_a_pair_the_latest_answer_was_not_about() -> None:
    # a blind hand test's chat (evals/dev_s186.jsonl): after two papers and "which of those uses SAM?" answered with
    # one, "and the other one, how does it ...?" was asked of the paper just answered
    history = [
        *after_one_answer("which papers do knowledge graph completion?", KG_ANSWER),
        *after_one_answer("which of those uses a language model?", "**KG-BERT**: we fine-tune BERT [1]"),
    ]
    other = resolve_follow_up("and the other one, what does it evaluate on?", history, find_titles_with_kg, has_topic)
    assert (other.mode, other.paper_ids) == ("ordinal", ["lemon"])
    # ... named by the answer it was listed in, too (evals/dev_s131.jsonl)
    asked = "ok and the other one from your first answer, what task did they evaluate it on?"
    assert resolve_follow_up(asked, history, find_titles_with_kg, has_topic).paper_ids == ["lemon"]
    # it points at a paper shown, as a place does: a remark before it describing another paper ("the finance one was
    # in your list, fine. and the other one, the IMDB paper: how ...?", evals/dev_s188.jsonl) does not pick that one
    assert refers_by_set_or_place("and the other one, the IMDB paper: how does it turn sentences into images?")
    # with more than one paper left, "the other one" says not which
    about_gkc = [*HISTORY, *after_one_answer("And the second?", GKC_ANSWER)]
    follow = resolve_follow_up("and the other one, what does it evaluate on?", about_gkc, find_titles, has_topic)
    assert follow.paper_ids != ["cid"] and follow.paper_ids != ["transagent"]


@pytest.mark.parametrize(
    "question",
    [
        "Which papers merge fine-tuned models and handle the interference between them?",
        "Now I'm curious about model merging. Which papers do it?",
        "Which papers release their code and weights for reproducibility studies?",
    ],
)
def test_a_pronoun_that_refers_back_inside_the_question_keeps_a_new_topic_corpus_wide(question: str) -> None:
    assert resolve_follow_up(question, HISTORY, find_titles, has_topic).mode == "none"


def test_a_plural_follow_up_asks_every_referred_paper_and_keeps_its_measure() -> None:
    question = "What about their training cost?"
    intent = follow_up_intent(question, resolve_follow_up(question, HISTORY, find_titles, has_topic))
    assert intent.kind == "list"
    assert intent.attribute is not None and intent.attribute.phrase == "the training cost"
    question = "And what do they evaluate on?"
    intent = follow_up_intent(question, resolve_follow_up(question, HISTORY, find_titles, has_topic))
    assert intent.attribute is not None and intent.attribute.type == "dataset"


def test_which_of_those_picks_among_the_papers_and_asks_for_no_named_thing() -> None:
    question = "Which of those use the MoE as part of a knowledge distillation setup?"
    follow = resolve_follow_up(question, HISTORY, find_titles, has_topic)
    assert follow.mode == "set"
    assert follow_up_intent(question, follow).attribute is None
    # ... nor for datasets, when what it picks by is data (a hand tester's "none of them states the datasets")
    question = "which of those target single-cell data?"
    assert follow_up_intent(question, resolve_follow_up(question, HISTORY, find_titles, has_topic)).attribute is None


def test_a_pronoun_inside_the_phrase_of_a_noun_refers_back_past_that_noun() -> None:
    # a hand tester's "what fraction of its parameters does it actually train?" had been searched corpus-wide
    history = after_one_answer("what is PETALface?", "**PETALface: Parameter Efficient Transfer Learning**: x [1]")

    def titles(text: str) -> list[tuple[int, str]]:
        return [(at, "petal") for at in [text.lower().find("petalface")] if at >= 0]

    follow = resolve_follow_up("what fraction of its parameters does it actually train?", history, titles, has_topic)
    assert follow.mode == "ordinal" and follow.paper_ids == ["petal"]


def test_how_many_people_wrote_it_counts_its_authors_and_names_no_topic() -> None:
    found = attribute_of("how many people wrote it?")
    assert found is not None and found.nouns == {"author"}
    assert attribute_of("how many people were tested?").nouns == {"peopl"}  # type: ignore[union-attr]
    # two facts asked of what the conversation is on, each in words naming no topic
    assert asks_only_for_a_fact("when was that published and how many people wrote it?")
    assert not asks_only_for_a_fact("how many parameters does it have, and what about graph clustering?")


def test_a_measure_asked_with_which_and_any_verb_of_attainment_is_a_quantity() -> None:
    found = attribute_of("Which Hits@1 does RAPL get on WebQSP?")
    assert found is not None and found.type == "quantity" and found.words == ("hits",)


def test_a_count_is_named_by_the_nouns_after_how_many_up_to_the_verb() -> None:
    found = attribute_of("In OakInk, how many human participants were recorded interacting with objects?")
    assert found is not None and found.words == ("human", "participants")


def test_the_paper_that_does_something_names_one_paper_not_a_list() -> None:
    assert (
        intent_of("In the paper that adapts Llama 2 to Estonian, how big is the instruction dataset?").kind == "single"
    )
    assert intent_of("Papers that adapt Llama 2 to new languages?").kind == "list"


def test_a_unit_closing_the_question_names_the_measure() -> None:
    found = attribute_of("Roughly how big was the extra Estonian pretraining data, in tokens?")
    assert found is not None and found.type == "quantity" and found.words == ("tokens",)
    assert getattr(attribute_of("How large is the dataset used in it?"), "words", None) == ()


def test_a_number_that_ends_a_name_is_not_a_measurement() -> None:
    states = stater("How big was the pretraining data?")

    assert not states("Leveraging the Llama 2 model, we investigate monolingual pretraining.")
    assert not states("We compare with GPT-4 and ERNIE 3.0 on the tasks.")
    assert states("Using 8 GPUs, we pretrain LLaMA-7B on the data.")
    assert states("Llama 2 improves by 5 points.")


def test_a_training_length_is_stated_in_time_or_in_epochs_but_not_by_a_strategys_steps() -> None:
    states = stater("How long did it take to train Lion?")

    assert states("The student is trained for 15 epochs on the combined data.")
    assert states("Training takes 3 days on 8 A100 GPUs.")
    assert not states("A two-step fine-tuning strategy leaves just 6.5M trainable parameters.")


def test_rounds_of_a_thing_are_counted_by_the_thing_too() -> None:
    # a hand tester's chat: CoMD's "after four distillations" had been called no statement of the rounds
    found = attribute_of("how many rounds of distillation before its 7B student beat LLaVA-13B?")
    assert found is not None and found.nouns == {"round", "distil"}
    assert found.describe() == "the number of rounds of distillation"
    assert counts_asked(found, "the 7B-sized student model after four distillations surpassed LLaVA-13B")
    # other counts of a thing are not counts of the thing: "pairs of images" are no images
    pairs = attribute_of("how many pairs of images does it use?")
    assert pairs is not None and pairs.nouns == {"pair"}


def test_a_compound_unit_closing_the_question_counts_its_last_noun() -> None:
    found = attribute_of("how big was GrowCLIP's pretraining corpus, in image-text pairs?")
    assert found is not None and found.nouns == {"pair"} and found.describe() == "the number of image-text pairs"


@pytest.mark.parametrize(
    ("question", "described", "measure"),
    [
        ("how much did MRR improve?", "the MRR", "mrr"),
        ("how does GPT-4o score on it compared with humans? got numbers?", "the numbers", ""),
    ],
)
def test_a_verb_before_a_measure_is_no_part_of_its_name(question: str, described: str, measure: str) -> None:
    # a hand tester's chat: "does not state the got numbers"
    found = attribute_of(question)
    assert found is not None and found.describe() == described and found.measure == measure


def test_a_possessive_before_a_measure_is_no_name_for_it() -> None:
    found = attribute_of("ECLeKTic: which LLM scored best, and what was its score?")
    assert found is not None and found.type == "quantity" and "its" not in found.describe()


@pytest.mark.parametrize(
    ("question", "one"),
    [
        ("Is there a study claiming that language models route languages through English?", True),
        ("which study does a fair comparison of KAN and MLP?", True),
        ("the one about teaching a computer where parcels should be sent", True),
        ("who built a rig-able avatar of the throat?", True),
        # (a blind hand test, evals/dev_s111.jsonl: three papers on memory had been listed beside RAG's)
        ("the Lewis et al. RAG paper from FAIR — what do they use as the parametric memory?", True),
        ("can a chatbot get to top tournament rank at strategy games?", True),
        # ... described after a question word too (evals/dev_s115.jsonl: four more papers on retrieval had been listed)
        ("what does the Lewis et al. RAG paper use as its retrieval memory, and where did it score best?", True),
        ("that's not the same paper lol. anyway, switching topics: what do you have on model merging?", False),
        ("Mixture-of-experts designs in multimodal LLMs - what does the collection have?", False),
        ("how do ppl reduce halucinations in llms and chatbots", False),
        ("the RAG papers - what do they use as memory?", False),
    ],
)
def test_a_question_asks_for_one_paper_only_in_words_that_say_so(question: str, one: bool) -> None:
    assert asks_for_one_paper(question) is one


@pytest.mark.parametrize(
    ("question", "read"),
    [
        ("ok now show me work on knowledge graphs", "show me work on knowledge graphs"),
        ("hmm ok. on another note, any recommender system work?", "any recommender system work?"),
        ("ok - any papers on EEG?", "any papers on EEG?"),
        ("SO(3)-equivariant networks?", "SO(3)-equivariant networks?"),  # a name, not "so"
        ("Nowcasting papers?", "Nowcasting papers?"),
        # a turn announcing a change of subject
        ("Switching topics: which papers do X?", "which papers do X?"),
        ("OK, unrelated: which papers do X?", "which papers do X?"),
        ("Something different now: are there papers on X?", "are there papers on X?"),
        ("Unrelated question: which papers deal with X?", "which papers deal with X?"),
        ("Side question: what does the forgetting curve say?", "what does the forgetting curve say?"),
        ("Off-topic: any papers on X?", "any papers on X?"),
        ("New topic papers?", "New topic papers?"),  # words of the topic, not an announcement
        # (blind hand tests' chats, evals/dev_s68.jsonl and dev_s85.jsonl: "never mind" and "completely" had been
        # searched as topic words)
        ("never mind that. papers that fuse several adapters?", "papers that fuse several adapters?"),
        ("switching topics completely: federated learning papers?", "federated learning papers?"),
        # (a blind hand test's chats, evals/dev_s94.jsonl: "fair" had been searched as the rarest topic word)
        ("fair. any other speech papers?", "any other speech papers?"),
        ("makes sense - and which of those use CLIP?", "and which of those use CLIP?"),
        ("Fair comparison papers?", "Fair comparison papers?"),  # a word of the topic, set off by no mark
        # (blind hand tests' chats, evals/dev_s94.jsonl and dev_s77.jsonl: the part set aside had been searched)
        ("ok drop the GNN part. any graph completion papers at all?", "any graph completion papers at all?"),
        ("ignore the training data bit, my bad. which benchmarks?", "which benchmarks?"),
        ("Which papers skip the decoding part?", "Which papers skip the decoding part?"),  # asked, not set aside
        # (a blind hand test's chat, evals/dev_s108.jsonl: "aren't about code" had been read as the restriction)
        ("hmm those aren't about code. back to the five code ones?", "back to the five code ones?"),
        ("that's not it. which papers use CLIP?", "which papers use CLIP?"),
        ("those are about code. which use LoRA?", "those are about code. which use LoRA?"),  # no remark on the answer
        # ... or one of them, or neither (blind hand tests' chats, evals/dev_s128.jsonl: "the 2nd one" had been read as
        # the paper asked about, and the rejected paper listed again)
        ("the 2nd one doesnt seem related. any others on missing modalities?", "any others on missing modalities?"),
        ("neither of those is really an LLM generating images... show me more", "show me more"),
        ("the first one is great. what data does it use?", "the first one is great. what data does it use?"),
        # ... or saying it is the last (a blind hand test's chat, evals/dev_s194.jsonl: "last one:" had picked the last
        # paper of the list, and a none-of-those question was answered from it)
        ("last one: do any of them handle video?", "do any of them handle video?"),
        ("ok last thing - which is newest?", "which is newest?"),
        ("the last one - what does it do?", "the last one - what does it do?"),  # a place
    ],
)
def test_the_words_that_open_a_chat_turn_are_not_the_question(question: str, read: str) -> None:
    assert without_lead_in(question) == read


@pytest.mark.parametrize(
    ("question", "head"),
    [
        (
            "Which papers use or survey retrieval-augmented generation, where a generator is conditioned on "
            "documents retrieved from an external store?",
            "Which papers use or survey retrieval-augmented generation?",
        ),
        (
            "Which papers study cross-lingual transfer, i.e. transferring task ability from one language to another?",
            "Which papers study cross-lingual transfer?",
        ),
        ("Which papers merge trained models into one (model merging)?", "Which papers merge trained models into one?"),
        (
            "Generating music - melodies or full songs - from a text description.",
            "Generating music from a text description.",
        ),
        ("Papers on clothes and fashion, like trying on outfits?", "Papers on clothes and fashion?"),
        # a name in brackets names the topic; a single dash may bring the question itself
        ("Which papers use mixture-of-experts (MoE) models?", "Which papers use mixture-of-experts (MoE) models?"),
        (
            "relational knowledge distillation - student recall@1 on CUB?",
            "relational knowledge distillation - student recall@1 on CUB?",
        ),
        # after one dash to the sentence's end, it glosses a field's term, not everyday words
        (
            "I'm getting into knowledge-grounded dialogue - chatbots that pull in outside knowledge. Any papers?",
            "I'm getting into knowledge-grounded dialogue. Any papers?",
        ),
        ("What's on continual learning - learning new tasks over time?", "What's on continual learning?"),
        (
            "Looking for work on changing what a model knows after training - patching outdated facts?",
            "Looking for work on changing what a model knows after training - patching outdated facts?",
        ),
        ("Different question - does it cover model merging?", "Different question - does it cover model merging?"),
        # a list after a colon names kinds of the topic before it (a blind hand test had refused this question);
        # a list that asks something is the question
        (
            "papers on image generators: text-to-image models, diffusion or GAN synthesis, or benchmarks for them",
            "papers on image generators",
        ),
        (
            "for CoT-Valve: how much shorter did its chains get, and what did that cost in accuracy?",
            "for CoT-Valve: how much shorter did its chains get, and what did that cost in accuracy?",
        ),
        # an example in a fragment after the question (a blind hand test's chats, evals/dev_s96.jsonl: "GraphRAG",
        # the rarest word, had been required of every paper on retrieval-augmented generation over knowledge graphs)
        ("anything on RAG with knowledge graphs? GraphRAG style", "anything on RAG with knowledge graphs?"),
        ("text-to-image generation? stable diffusion type stuff", "text-to-image generation?"),
        ("how do people distill a llava-style model?", "how do people distill a llava-style model?"),
        # ... or examples listed there and closed by a hedge (a blind hand test's chat, evals/dev_s110.jsonl: TransDAE,
        # titled "... Medical Image Segmentation", was left out for writing neither "CT" nor "MRI")
        ("medical image segmentation - which papers? CT, MRI, whatever", "medical image segmentation - which papers?"),
        ("deep clustering methods? graphs, multi-view, etc.", "deep clustering methods?"),
        # ... or after a dash (a blind hand test, evals/dev_s125.jsonl: each example had been a concept of the topic,
        # and the request refused)
        (
            "give me every paper on semantic segmentation here - open-vocab, domain adaptive, multimodal, whatever",
            "give me every paper on semantic segmentation here",
        ),
        # examples led in after a dash, as after a comma (the same hand test: "outfits" and "pictures" had been
        # concepts of the topic)
        (
            "research on AI for clothes - like virtually trying on outfits or searching fashion items. anything?",
            "research on AI for clothes. anything?",
        ),
        ("recommender system papers? whatever you have", "recommender system papers? whatever you have"),
        # a definition after a colon (evals/dev_s129.jsonl: "fetch", "store" and "condition" had been concepts, and
        # the original RAG paper left out)
        (
            "List the retrieval-augmented generation papers: models that fetch documents from an external store.",
            "List the retrieval-augmented generation papers.",
        ),
        # (evals/dev_s42.jsonl: once a dash parted concepts, the examples after it had been concepts every paper must
        # write)
        (
            "What's in the collection on information extraction \u2014 NER, open IE, entity linking and the like?",
            "What's in the collection on information extraction",
        ),
        # ... or "that kind of thing" (35 dev questions close a list so, whose items and "kind" and "thing" had been
        # concepts: on them, gold cited 0.531 -> 0.604, other papers 3 -> 7; evals/dev_s135.jsonl among them)
        (
            "deep clustering papers \u2014 graph clustering, multi-view clustering, that kind of thing?",
            "deep clustering papers",
        ),
        (
            "list the KD work where the student is a smaller language model - BERT compression, that sort of thing",
            "list the KD work where the student is a smaller language model",
        ),
        # (a question after a colon is no definition)
        ("for CoT-Valve: how much shorter did its chains get?", "for CoT-Valve: how much shorter did its chains get?"),
    ],
)
def test_a_gloss_of_the_topic_is_not_what_a_paper_must_answer_at_the_least(question: str, head: str) -> None:
    assert without_gloss(question) == head


def test_a_sentence_in_the_first_person_that_asks_is_no_aside() -> None:
    # (a blind hand test's chats, evals/dev_s75.jsonl: the request had been dropped and "only two?" answered alone)
    asked = "hmm only two? i'd expect more on this, any others?"
    assert without_asides(asked) == asked
    # what the user says is there, after remarks asking nothing, is what they ask for
    insisted = "really? nothing at all? i'm pretty sure there's graph clustering stuff in there"
    assert without_asides(insisted) == insisted
    # ... and so is one a clause of which asks (evals/dev_s120.jsonl: "only two?" had been answered alone, refused)
    rest = "only two? surely there's more, show me the rest"
    assert without_asides(rest) == rest


def test_what_the_user_says_of_themselves_after_the_question_is_no_topic_to_match() -> None:
    assert without_asides("any of them use histology images? thats the data i have") == (
        "any of them use histology images?"
    )
    assert without_asides("do any of those use video? i'm building a multimodal chatbot") == (
        "do any of those use video?"
    )
    # before the question it may name what the question's pronoun means; a first-person request stays
    kept = "I keep seeing CorDA next to LoRA. what is it doing differently?"
    assert without_asides(kept) == kept
    assert without_asides("I need work on sign language translation.") == "I need work on sign language translation."
    clarified = "Which of those use CoT? I mean chain-of-thought prompting"
    assert without_asides(clarified) == clarified
    # ... and so does one naming the term for what was asked in everyday words
    named = "anything on sorting data into groups without labels? (clustering i think it's called)"
    assert without_asides(named) == named
    # a sentence naming a paper asks for it (a blind hand test had dropped it, and answered "others?" alone)
    recalled = "others? I remember a chinese one called WenLan"
    assert without_asides(recalled, lambda text: "WenLan" in text) == recalled
    assert without_asides(recalled) == "others?"


def test_what_the_user_says_of_themselves_before_a_question_that_stands_alone_is_optional_evidence() -> None:
    # a blind hand test: "programmer", "breaks" and "sensors" had been topic words no paper on the topic writes; the
    # judge takes the statement's words as optional, as a gloss's ("Persian" still helps find PersianMind)
    def topic_of(text: str) -> list[str]:
        return query_terms(text)

    assert without_leading_aside(
        "I'm a programmer - which papers are about models that read source code?", topic_of
    ) == ("which papers are about models that read source code?")
    assert without_leading_aside(
        "my multimodal model breaks when one of the sensors is missing. any papers dealing with missing modalities?",
        topic_of,
    ) == ("any papers dealing with missing modalities?")
    # a pronoun inside the question's gloss points within the gloss, not back at the statement (a blind hand test
    # had refused this question, judged on "run", "small" and "shop")
    assert without_leading_aside(
        "I run a small clothing shop online. Are there papers about AI for fashion, like letting shoppers see how "
        "clothes would look on them?",
        topic_of,
    ).startswith("Are there papers about AI for fashion")
    # a request for papers need not have a question's form, and "that" before a noun phrase points at no statement
    # (evals/dev_s130.jsonl: "keep", "reading", "bigger" and "always" had been topic words, and the question refused)
    assert without_leading_aside(
        "I keep reading that a bigger teacher doesnt always give a better student in distillation. anything in here "
        "tackling that teacher/student capacity gap?",
        topic_of,
    ) == ("anything in here tackling that teacher/student capacity gap?")
    # the statement stays where it carries the request, the question names the user, or points back at it
    for kept in (
        "I'm looking for work on robots that follow spoken instructions. What's in the collection?",
        "I work on speech recognition and speech translation. What in here is relevant to me?",
        "I keep seeing CorDA next to LoRA. what is it doing differently?",
        "I need work on CLIP distillation - anything?",
        "I need papers on controlling distillation columns in refineries - any model predictive control approaches?",
        "papers on model merging, i.e. combining several fine-tuned models into one without retraining?",
    ):
        assert without_leading_aside(kept, topic_of) == kept


def test_a_statement_about_the_user_before_a_question_neither_hides_nor_is_needed_by_its_papers(assistant) -> None:
    # a blind hand test: "I'm a cardiologist ..." and "my model breaks when a sensor is missing" had been refused
    answer = assistant.ask(
        "my multimodal model breaks when one of the sensors/modalities is missing. any papers dealing with missing "
        "modalities?"
    )
    assert not answer.refused and "2f8353c1f22041ed" in answer.cited_paper_ids  # MACO, "modality-missing"


def test_adverbs_that_stress_what_is_asked_are_no_topic_a_paper_must_write() -> None:
    # "explicitly" had been a topic word no abstract writes: "none of those" for three point-cloud papers
    assert content_stems("Which of those explicitly work with point clouds?") == {"point", "cloud"}
    assert content_stems("any specifically about CLIP, mainly for retrieval?") == {"clip", "retriev"}


def test_a_verb_phrase_after_which_names_no_kind_of_thing() -> None:
    assert attribute_of("Of those three, which deal with editing models that take images as input?") is None
    found = attribute_of("Which large multimodal model does Multiway-Adapter use as its example backbone?")
    assert found is not None and found.type == "entity"
    states = stater("Which large multimodal model does Multiway-Adapter use as its example backbone?")
    assert not states("As the size of Large Multi-Modal Models (LMMs) increases, adaptation gets costly.")
    assert states("Our method adds fewer than 1.25% of parameters to LMMs, exemplified by the BEiT-3 model.")


def test_a_count_of_things_compared_asks_for_a_number_not_a_comparison() -> None:
    counted = intent_of("The medical imaging PEFT evaluation - how many different PEFT techniques got compared?")
    assert counted.kind != "compare" and counted.attribute is not None and counted.attribute.type == "quantity"
    assert intent_of("How does MMRL++ compare to MMRL?").kind == "compare"
    assert intent_of("MMRL++ compared with MMRL: what changed?").kind == "compare"


def test_a_number_counting_the_asked_noun_is_the_surer_statement() -> None:
    asked = attribute_of("how many different PEFT techniques were evaluated?")
    assert asked is not None
    assert counts_asked(asked, "We evaluate 16 distinct PEFT methodologies on medical images.")
    assert not counts_asked(asked, "PEFT shows performance gains of up to 22% in 600 controlled experiments.")


def test_a_noun_written_short_is_the_word_it_shortens() -> None:
    states = stater("ULIP-2's param count?")

    assert states("The model has only 1.4 million parameters.")
    assert not states("It reaches 91.5% overall accuracy on ScanObjectNN.")


def test_a_model_size_is_stated_in_parameters_bytes_or_a_figure_of_the_models() -> None:
    states = stater("what model sizes does MechGPT come in?")

    assert states("Three versions are discussed, featuring different sizes from 13 billion to 70 billion parameters.")
    assert states("We compress pre-trained models to a size (3 MB), which is 160 times smaller.")
    assert not states("The model reaches context lengths of more than 10,000 tokens.")
    # the size asked of the models as the subject (a hand test had quoted "20x fewer operations" for SpikeGPT)
    asked_of_the_models = stater("What sizes were the two SpikeGPT model variants that were trained?")
    assert asked_of_the_models("We train the proposed model on two model variants: 45M and 216M parameters.")
    assert not asked_of_the_models("SpikeGPT maintains 20x fewer operations on neuromorphic hardware.")


def test_a_measure_is_named_however_its_compound_is_written() -> None:
    # "top-1" asked, "Top1" written: the accuracy had been called unstated beside the sentence stating it
    states = stater("What zero-shot top-1 accuracy does ULIP-2 reach on ModelNet40?")

    assert states("ULIP-2 achieves improvements on zero-shot classification on ModelNet40 (74% Top1 Accuracy).")


def test_a_count_asked_as_the_same_number_of_things_is_a_count_of_those_things() -> None:
    # "the same number of" is a condition only after "with" and the like ("compared with the same number of params")
    asked = attribute_of("Do SLCA and MOS evaluate on the same number of benchmark datasets? How many does each use?")
    assert asked is not None and asked.phrase == "the number of benchmark datasets"
    assert attribute_of("a fair comparison of KAN and MLP with the same number of parameters") is None
    # "how many does each use?" elides the noun just counted; "how many did they freeze?" counts something else
    assert further_asks("Do SLCA and MOS evaluate on the same number of datasets? How many does each use?") == []
    asks = further_asks("how many layers does it have, and how many did they freeze?")
    assert [ask.clause for ask in asks if not ask.setting] == ["how many did they freeze?"]


def test_one_named_instance_after_such_as_names_the_thing_asked() -> None:
    states = stater("which parameter-efficient tuning does it use?")

    assert states("It utilizes parameter-efficient fine-tuning (PEFT) techniques, such as LN-tuning, to adjust CLIP.")
    # a kind in lower case is no name, nor is an instance of another noun the phrase goes on to
    assert not states("Its parameter-efficient tuning handles tasks such as classification.")
    assert not stater("List the four logistics tasks G2PTL was evaluated on.")(
        "PTMs trim down the performance of delivery-related tasks in logistic systems such as Cainiao."
    )


def test_an_acronym_is_written_with_or_without_its_plural() -> None:
    # "KAN with plain MLPs": the KAN paper writes "MLP"; the question had been read as naming another paper that
    # writes "MLPs", and the KAN paper called silent on MLPs
    texts = {"kan": "we compare KAN and MLP under matched FLOPs", "med": "Multi-Layer Perceptrons (MLPs) align"}
    assert name_written("MLPs").search(texts["kan"]) and name_written("MLP").search(texts["med"])
    assert not name_written("KANs").search("KANbeFair") and not name_written("Lions").search("Lion")
    # a name with a size after it is the same name (a blind hand test, evals/dev_s97.jsonl: "LAION" had named the one
    # retrieved paper writing it bare, not the one filtering "LAION400M" that the question asked about)
    assert name_written("LAION").search("43.7% of pairs from LAION400M") and name_written("LAION").search("LAION-5B")
    assert not name_written("CLIP").search("CLIP2") and not name_written("LAION").search("LAION400")
    assert papers_named("Is there a study comparing KAN with plain MLPs?", texts) == [(27, "kan")]


def test_a_version_number_is_written_with_or_without_the_hyphen_before_it() -> None:
    # (a blind hand test, evals/dev_s78.jsonl: the ASCII-art paper, which writes "GPT3.5", had been said to state
    # nothing about "GPT-3.5")
    assert name_written("GPT-3").search("ChatGPT and its underlying model, GPT3.5, have garnered attention")
    assert name_written("LLaMA-2", re.I).search("we adapt Llama 2 to Persian")
    assert not name_written("GPT-3").search("LMs (e.g., GPT-2 and BART)") and not name_written("GPT-3").search("GPT-35")


def test_how_much_something_raised_a_measure_asks_for_a_change() -> None:
    # a blind hand test: "how much did TGT-Masking raise accuracy?" had been answered "does not state the raise
    # accuracy", though the abstract gives "we improve 22.63% of classification accuracy"
    asked = attribute_of("how much did TGT-Masking raise accuracy?")
    assert asked is not None and not asked.level
    assert stater("how much did TGT-Masking raise accuracy?")(
        "With TGT-Masking we improve 22.63% of classification accuracy compared to standalone models."
    )


def test_a_number_asked_on_a_named_benchmark_is_a_score_on_it() -> None:
    # a blind hand test: "whats ULIP-2's scanobjectnn number?" had been answered "does not state the ScanObjectNN
    # number", quoting "ScanObjectNN benchmark (91.5% Overall Accuracy)"
    states = stater("whats ULIP-2's ScanObjectNN number, and how many params?")
    assert states("ULIP-2 sets a new record on the real-world ScanObjectNN benchmark (91.5% Overall Accuracy).")
    assert not states("We pre-train on ScanObjectNN with 15,000 objects.")
    assert not stater("what is its MMLU score?")("It reaches 91.5% on ScanObjectNN.")


def test_a_name_followed_by_one_is_the_paper_asked_about_not_a_benchmark() -> None:
    # a blind hand test: "how many images are in the MMKE one?" had required the count to be measured "on MMKE"
    asked = attribute_of("how many images are in the MMKE one, and how many knowledge items?")
    assert asked is not None and asked.benchmarks == ()
    on_it = attribute_of("what accuracy does it reach on MMKE?")
    assert on_it is not None and on_it.benchmarks == ("MMKE",)


def test_a_measure_asked_of_a_benchmark_without_a_verb_is_a_fact_asked() -> None:
    # "..., and what overall accuracy on ScanObjectNN?" (the verb is the clause before's)
    asked = attribute_of("what overall accuracy on ScanObjectNN?")
    assert asked is not None and asked.type == "quantity" and asked.benchmarks == ("ScanObjectNN",)


def test_a_number_measures_what_its_own_clause_names() -> None:
    states = stater("What exact AIME 2024 score does TinyR1-32B-Preview reach?")

    assert not states("It gains in Science (+2.9 points), while achieving near-equal performance on AIME 2024.")
    assert states("It scores 72.1 on AIME 2024, close to the teacher.")


def test_a_number_counting_something_else_states_no_number_of_what_is_asked() -> None:
    participants = stater("How many human participants were recorded?")
    rate = stater("At what sampling rate were the recordings captured?")
    size = stater("What is the final model size?")

    assert not participants("We record rich human interactions with 100 selected objects.")
    assert participants("We record 24 human participants handling the objects.")
    assert participants("The human study had 24 participants, 100 objects and 3 rooms.")
    # people asked in plain words are counted by whatever the study calls them
    people = stater("How many people was the authentication system tested on?")
    assert people("The experimental results on 46 subjects demonstrate an authentication accuracy of 98%.")
    assert not people("PPG recordings are sampled at 14 Hz from 3 devices.")
    # "how accurate was it?" asks a figure, as "what was its accuracy?" does
    assert stater("and the fingertip-video one, how accurate was it?")("It reaches an authentication accuracy of 98%.")
    assert rate("Recordings from 46 subjects at a sampling rate of 14 Hz are used.")  # "14 Hz" counts nothing else
    assert size("We compress the models to a size (3 MB), 160times smaller than the original.")


def test_the_noun_phrase_a_number_counts_runs_to_the_first_function_word() -> None:
    assert counted_noun_phrases("We collect 37 open-access, mostly categorical fundus datasets from") == [
        ["open-access", "mostly", "categorical", "fundus", "datasets"]
    ]
    # commas between the adjectives are no words of the phrase: it still reaches its noun
    assert counted_noun_phrases("we compiled 37 open-access, mostly categorical fundus imaging datasets from") == [
        ["open-access", "mostly", "categorical", "fundus", "imaging", "datasets"]
    ]
    # ... and so are "and" or "or" between compound adjectives, where between nouns they join two things counted apart
    assert counted_noun_phrases("It contains 50,000 distinct affordance-aware and intent-oriented interactions.") == [
        ["distinct", "affordance-aware", "intent-oriented", "interactions"]
    ]
    assert counted_noun_phrases("It is curated from 12 distinct subreddits and comments.") == [
        ["distinct", "subreddits"]
    ]
    assert counted_noun_phrases("It reaches an accuracy of 98% on ImageNet, at 14 Hz.") == [[], []]
    assert counted_noun_phrases("Training takes 3 days on 8 A100 GPUs.") == [[], ["a100", "gpus"]]
    # a figure glued to its noun counts that noun: a 4-stage pipeline says nothing of a context window's length
    assert counted_noun_phrases("We follow a 4-stage pipeline, up to a long context window.") == [["stage"]]
    assert counted_noun_phrases("We build on Llama 2.") is None
    # A count spelled out counts too, and "one" rarely does; one glued to a noun counts that noun alone.
    assert counted_noun_phrases("Experiments on seven benchmark datasets validate it.") == [
        ["benchmark", "datasets", "validate"]
    ]
    assert counted_noun_phrases("We use two-stage training with one model.") == [["stage"]]
    assert counted_noun_phrases("We propose a two-tower model called BriVL.") == [["tower"]]
    # A comma straight after the number ends it: "98%, validating ..." counts nothing.
    assert counted_noun_phrases("It shows an accuracy of 98%, validating the model.") == [[]]
    # a short form in brackets after a name restates it: "65k European Union (EU) laws" counts laws
    assert counted_noun_phrases("The dataset comprises 65k European Union (EU) laws.") == [
        ["european", "union", "laws"]
    ]


@pytest.mark.parametrize("question", ["Which papers reduce inference cost?", "Which papers improve accuracy?"])
def test_a_measure_named_as_a_topic_is_not_an_attribute_question(question: str) -> None:
    assert attribute_of(question) is None


@pytest.mark.parametrize(
    ("question", "heads"),
    [
        ("Which university or lab are the KAM-CoT authors affiliated with?", {"univers", "lab"}),
        ("JARVIS-1 is built on top of which specific multimodal language model?", {"model"}),
        ("Name the video platform the TikTalk videos were collected from.", {"platform"}),
        ("Which company or lab developed ERNIE 3.0?", {"compani", "lab"}),
        ("Which target languages was LEIA evaluated on?", {"languag"}),
        # with a modal verb, too
        ("Which languages can you prompt MultiFusion in?", {"languag"}),
        ("What languages can MultiFusion be prompted in?", {"languag"}),
    ],
)
def test_a_named_thing_asked_of_a_named_paper_is_an_attribute(question: str, heads: set[str]) -> None:
    found = attribute_of(question)
    assert found is not None and found.type == "entity" and found.nouns == heads


@pytest.mark.parametrize(
    "question",
    [
        "Which task does CLIP-CID address?",  # a description, not a name
        "Which ones build on CLIP or some other vision-language model?",
        "Which gets better zero-shot accuracy on ModelNet40, ViT-Lens or ULIP-2?",
        "Which papers use GPT-4?",
    ],
)
def test_which_alone_does_not_make_a_named_thing_question(question: str) -> None:
    assert attribute_of(question) is None


def test_things_counted_and_then_listed_as_many_are_named() -> None:
    # a blind hand test's chat (evals/dev_s188.jsonl): "the abstract does not state the filters" of CooK
    states = stater("and the CooK one from your first answer, what filters does it run on the generated knowledge?")
    assert states(
        "We then propose three knowledge filters to dynamically select and retain information in generated documents"
        " by controlling for relevance, brevity, and factuality."
    )
    # as many: two filters are not the three things listed after them, nor is a list the sentence goes on after
    assert not states("We propose two filters that improve relevance, brevity, and factuality.")
    assert not states("We propose three filters, and relevance and brevity improve while we run it on the data.")


def test_a_named_thing_is_stated_only_by_a_name_next_to_its_kind_other_than_the_subject() -> None:
    states = stater("JARVIS-1 is built on top of which specific multimodal language model?")

    assert states("We build JARVIS-1 on the LLaVA-1.5 model.")
    assert not states("We develop JARVIS-1 on top of pre-trained multimodal language models.")
    assert not states("JARVIS-1: Open-World Multi-task Agents with Memory-Augmented Multimodal Language Models")
    assert not states("Trained in Minecraft, the agent plans with a language model of its own.")
    # A short form the sentence defines abbreviates the noun; it is not a model's name.
    assert not states("We distil JARVIS-1 into small multimodal language models (MLMs) for speed.")


def _judged_paper(paper_id: str, coverage: float, cosine: float = 0.5) -> Evidence:
    hit = Hit(0, paper_id, paper_id, "An abstract.", 1.0, "An abstract.")
    sentence = SentenceScore(0, "An abstract.", cosine, coverage, False, coverage, False)
    return Evidence(hit, ["An abstract."], 0.0, False, False, cosine=cosine, paper_coverage=coverage, scored=[sentence])


def _judge(
    corroborating_papers: int,
    whole_topic_min_cosine: float = 1.0,
    part_min_similarity: float = 0.0,
    wide_corroboration: tuple[int, float] = (0, 1.0),
) -> EvidenceJudge:
    # Relevance follows the paper's topic coverage; standing out takes a margin no paper here has.
    relevance = RelevanceModel(0.0, 0.0, 10.0, -5.0, 0.5)
    standout = RelevanceModel(0.0, 0.0, 0.0, -5.0, 0.5, margin_weight=10.0)
    return EvidenceJudge(
        relevance,
        standout,
        min_cosine=0.3,
        corroborating_papers=corroborating_papers,
        wide_corroboration=wide_corroboration,
        whole_topic_min_cosine=whole_topic_min_cosine,
        part_min_similarity=part_min_similarity,
    )


def _stating_the_whole_topic(paper_id: str, cosine: float = 0.5) -> Evidence:
    # Its paper-level coverage is low (the model alone would drop it), yet one sentence holds every topic term.
    evidence = _judged_paper(paper_id, 0.1, cosine)
    evidence.states_whole_topic = True
    return evidence


def test_papers_that_each_answer_corroborate_one_another_where_none_stands_out() -> None:
    judged = [_judged_paper("a", 0.9), _judged_paper("b", 0.8), _judged_paper("c", 0.1)]
    assert [e.relevant for e in _judge(2).decide(judged)] == [True, True, False]


def test_one_answering_paper_that_does_not_stand_out_is_no_answer() -> None:
    judged = [_judged_paper("a", 0.9), _judged_paper("b", 0.1), _judged_paper("c", 0.1)]
    assert not any(e.relevant for e in _judge(2).decide(judged))


def test_corroboration_needs_a_paper_similar_enough_and_a_search_over_the_whole_corpus() -> None:
    dissimilar = [_judged_paper("a", 0.9, cosine=0.2), _judged_paper("b", 0.8, cosine=0.2)]
    assert not any(e.relevant for e in _judge(2).decide(dissimilar))
    scoped = [_judged_paper("a", 0.9), _judged_paper("b", 0.8)]
    assert not any(e.relevant for e in _judge(2).decide(scoped, scoped=True))
    assert not any(e.relevant for e in _judge(0).decide([_judged_paper("a", 0.9), _judged_paper("b", 0.8)]))


def test_more_papers_each_short_of_the_cut_off_corroborate_one_another_in_a_corpus_wide_search() -> None:
    # a broad list many papers answer alike and weakly (relevance 0.38 each, the cut-off 0.5): four make an answer
    judge = _judge(2, wide_corroboration=(4, 0.3))
    weak = [_judged_paper(paper_id, 0.45) for paper_id in "abcd"]
    assert [e.relevant for e in judge.decide([*weak, _judged_paper("e", 0.1)])] == [True] * 4 + [False]
    # ... three do not, nor four in a scoped search
    assert not any(e.relevant for e in judge.decide([_judged_paper(paper_id, 0.45) for paper_id in "abc"]))
    scoped = [_judged_paper(paper_id, 0.45) for paper_id in "abcd"]
    assert not any(e.relevant for e in judge.decide(scoped, scoped=True))


def test_a_request_for_every_paper_lists_those_a_list_many_papers_answer_weakly_would_admit() -> None:
    # "Everything in the collection about machine learning for source code" (a blind hand test, evals/dev_s187.jsonl)
    # listed 2 of 9 gold papers; CodePrompt, at relevance 0.44 under a cut-off of 0.45, was left for "show me more"
    judge = _judge(2, wide_corroboration=(4, 0.3))

    def papers() -> list[Evidence]:
        return [_judged_paper("a", 0.9), _judged_paper("b", 0.8), _judged_paper("c", 0.45), _judged_paper("d", 0.1)]

    assert [e.relevant for e in judge.decide(papers(), every_paper=True)] == [True, True, True, False]
    assert [e.relevant for e in judge.decide(papers())] == [True, True, False, False]
    # ... once the corpus is found to answer: weak papers alone, too few to corroborate one another, are no answer
    weak = [_judged_paper("c", 0.45), _judged_paper("d", 0.1)]
    assert not any(e.relevant for e in judge.decide(weak, every_paper=True))


def test_papers_stating_the_whole_topic_answer_with_those_the_model_admits_whatever_their_retrieval_rank() -> None:
    """Which papers use contrastive learning? Many papers state it alike, so none is an outlier of the pool."""

    def papers(cosine: float = 0.5) -> list[Evidence]:
        return [_judged_paper("a", 0.9), _judged_paper("b", 0.8), _stating_the_whole_topic("c", cosine)]

    assert [e.relevant for e in _judge(2, whole_topic_min_cosine=0.4).decide(papers())] == [True, True, True]
    # ... only when similar enough to the question, and not at all when the setting is off (1)
    assert [e.relevant for e in _judge(2, whole_topic_min_cosine=0.4).decide(papers(0.35))] == [True, True, False]
    assert [e.relevant for e in _judge(2).decide(papers())] == [True, True, False]


def test_asked_again_for_more_a_paper_stating_the_whole_topic_needs_only_the_similarity_any_answer_needs() -> None:
    """ "any other MoE papers?": the eleventh paper writes "a mixture of experts (MoE) model" in a sentence less similar
    to the question than the whole-topic floor asks; the first answer already settled that the corpus answers."""

    def papers(cosine: float) -> list[Evidence]:
        return [_judged_paper("a", 0.9), _judged_paper("b", 0.8), _stating_the_whole_topic("c", cosine)]

    judge = _judge(2, whole_topic_min_cosine=0.4)
    assert [e.relevant for e in judge.decide(papers(0.35), answered_before=True)] == [True, True, True]
    # ... but no less than that similarity (min_cosine, 0.3 here)
    assert [e.relevant for e in judge.decide(papers(0.25), answered_before=True)] == [True, True, False]


def test_papers_stating_the_whole_topic_corroborate_one_another_in_a_corpus_wide_search_only() -> None:
    judged = [_stating_the_whole_topic("a"), _stating_the_whole_topic("b"), _judged_paper("c", 0.1)]
    assert [e.relevant for e in _judge(2, whole_topic_min_cosine=0.4).decide(judged)] == [True, True, False]
    scoped = [_stating_the_whole_topic("a"), _stating_the_whole_topic("b")]
    assert not any(e.relevant for e in _judge(2, whole_topic_min_cosine=0.4).decide(scoped, scoped=True))


def _topic_of(question: str) -> Topic:
    terms = {t: 1.0 for t in query_terms(question)}
    return Topic(np.array([1.0, 0.0]), terms, concepts=tuple(topic_concepts(question, terms)))


def test_a_slash_between_words_joins_alternatives_as_or_does() -> None:
    terms = query_terms("knowledge graph completion / link prediction")
    assert topic_concepts("knowledge graph completion / link prediction", terms) == topic_concepts(
        "knowledge graph completion or link prediction", terms
    )
    assert len(topic_concepts("knowledge graph completion / link prediction", terms)) == 1


@pytest.mark.parametrize(
    ("slashed", "spelt_out"),
    [
        # (evals/dev_s130.jsonl: "teacher" alone had been an alternative, which every distillation paper writes)
        ("that teacher/student capacity gap", "teacher capacity gap or student capacity gap"),
        ("image/video generation", "image generation or video generation"),
        ("CT/MRI scans of the brain", "CT scans or MRI scans of the brain"),
        ("mixture/ensemble of experts", "mixture of experts or ensemble of experts"),
        ("speech/audio", "speech or audio"),
    ],
)
def test_words_a_slash_joins_share_the_topic_words_after_them(slashed: str, spelt_out: str) -> None:
    terms = query_terms(spelt_out)
    assert topic_concepts(slashed, terms) == topic_concepts(spelt_out, terms)


@pytest.mark.parametrize("verb", ["deal with", "tackle", "address", "handle", "focus on", "concern", "are working on"])
def test_the_verb_a_request_says_is_about_with_is_no_topic_word(verb: str) -> None:
    # "papers that deal with sound or speech": a paper about speech never writes "deal"; the verb asked nothing
    assert query_terms(f"Which papers {verb} sound or speech?") == query_terms("Which papers study sound or speech?")


@pytest.mark.parametrize("verb", ["rely on", "leverage", "employ", "utilize", "utilise"])
def test_a_verb_that_says_use_in_other_words_is_no_topic_word(verb: str) -> None:
    # a hand tester's "which of those rely on adapters?" had kept a paper for "without relying on ... pre-training"
    assert query_terms(f"which of those {verb} adapters?") == query_terms("which of those use adapters?")
    assert query_terms("knowledge transfer between employees") == ["employe", "knowledg", "transfer"]


@pytest.mark.parametrize(
    "question",
    [
        "medical image segmentation papers pls",
        "Can you please list papers on medical image segmentation?",
        "medical image segmentation papers, thanks!",
    ],
)
def test_courtesy_is_no_topic_word(question: str) -> None:
    # "pls" was the rarest word of the question, which no abstract writes: the list was refused
    assert query_terms(question) == query_terms("papers on medical image segmentation")


def test_a_sentence_states_the_whole_topic_when_it_writes_each_of_its_phrases() -> None:
    moe = _topic_of("mixture-of-experts architectures")
    assert moe.states_every_concept("We integrate a sparse Mixture of Experts (MoE) architecture into the model.")
    assert not moe.states_every_concept("A mixture of tasks is routed to experts, whatever the network architecture.")
    merging = _topic_of("model merging")
    assert merging.states_every_concept("Model merging combines fine-tuned weights.")
    assert not merging.states_every_concept("We merge existing pre-trained LLMs into a more potent model.")
    # a topic of two phrases needs both; "or" joins alternatives, either of which will do
    two = _topic_of("federated learning for speech recognition")
    assert not two.states_every_concept("We study federated learning across hospitals.")
    either = _topic_of("sentiment or emotion analysis")
    assert either.states_every_concept("We detect the emotion of a speaker, and study emotion analysis in dialogue.")
    # a one-term topic is mentioned, not stated, by a sentence holding its word
    assert not _topic_of("contrastive").states_every_concept("We train with a contrastive loss.")
    # the examples a gloss gives need not be written (a blind hand test, evals/dev_s97.jsonl: no sentence could state
    # this topic, since "adapters", "LoRA" and "prompt" are in none of its phrases)
    tuning = _glossed_topic_of("papers on parameter-efficient fine-tuning (adapters, LoRA, prompt tuning)")
    assert tuning.states_every_concept("Point-PEFT is a parameter-efficient fine-tuning method for 3D models.")
    # ... unless the gloss is a topic the papers must be on too: "which of those handle audio?" searched over the corpus
    # with the conversation's topic in brackets is not stated by a sentence on audio alone
    audio = _glossed_topic_of("papers that handle audio speech (deepfake detection)")
    assert audio.states_every_concept("We study audio speech synthesis.")
    audio.gloss_required = True
    assert not audio.states_every_concept("We study audio speech synthesis.")


def _glossed_topic_of(question: str) -> Topic:
    """The topic as the engine reads a question with a gloss: its phrases without the gloss, the gloss's terms
    optional."""
    terms = {t: 1.0 for t in query_terms(question)}
    head = without_gloss(question)
    optional = frozenset(terms) - set(query_terms(head))
    return Topic(np.array([1.0, 0.0]), terms, concepts=tuple(topic_concepts(head, terms)), optional=optional)


def test_a_name_and_what_is_done_with_it_may_be_written_apart() -> None:
    # "which papers distill CLIP?" had left out a paper distilling CLIP's knowledge in other word order
    distill_clip = replace(_topic_of("which papers distill CLIP?"), names=frozenset({"clip"}))
    apart = "We employ a text-guided knowledge distillation method to preserve the generalizable knowledge of CLIP."
    assert distill_clip.states_every_concept(apart)
    assert not _topic_of("which papers distill CLIP?").states_every_concept(apart)  # no name: a phrase is needed
    # a longer phrase is a compound, stated only whole, a name in it or not
    generated = replace(_topic_of("AI generated images"), names=frozenset({"ai"}))
    assert not generated.states_every_concept("An AI model that mimics human reasoning and generates images.")


def test_an_abstracts_own_question_is_quoted_only_when_no_statement_is_left() -> None:
    topic = Topic(np.array([1.0, 0.0]), {"parent": 2.0})
    asked = "Given a neural network, is it possible to identify its parent?"
    stated = "We introduce neural lineage detection, which finds the parent a model was tuned from."
    hit = Hit(0, "p", None, f"{asked} {stated}", 1.0, asked)
    rows = [(0, asked, np.array([1.0, 0.0])), (1, stated, np.array([0.8, 0.6]))]
    assert _judge(2).judge(topic, hit, rows, paper_coverage=1.0).sentences == [stated, asked]


def test_what_a_which_question_asks_a_description_of_is_quoted_where_a_sentence_writes_it() -> None:
    # (blind hand tests' chats, evals/dev_s75.jsonl and dev_s77.jsonl: the contribution sentence had been quoted)
    assert asked_head("which model architectures did they test there?") == "architectur"
    assert asked_head("What are the key components of LaMo?") == "compon"  # ("Our framework highlights four ...")
    assert asked_head("which papers use CLIP?") == asked_head("which kind of model is it?") == ""
    # kinds of a thing are named where a sentence writes the thing (evals/dev_s90.jsonl)
    assert asked_head("what are the two kinds of losses they propose?") == "loss"
    assert asked_head("what kinds of losses do they propose?") == "loss"
    assert asked_head("which part of the method matters most?") == ""
    topic = Topic(np.array([1.0, 0.0]), {"model": 0.5, "architectur": 2.0, "test": 2.0}, head="architectur")
    designed = "Specifically, we design a scenario where the model learns from a stream of programs."
    tested = "In particular, the test data may differ from the pre-training data."
    studied = "We study two widely used PLM architectures, i.e., a GPT2 decoder and a RoBERTa encoder."
    hit = Hit(0, "p", None, f"{designed} {tested} {studied}", 1.0, designed)
    rows = [
        (0, designed, np.array([0.3, 0.95])),
        (1, tested, np.array([0.2, 0.98])),
        (2, studied, np.array([0.1, 1.0])),
    ]
    assert _judge(2).judge(topic, hit, rows, paper_coverage=1.0).sentences[0] == studied
    unheaded = replace(topic, head="")
    assert _judge(2).judge(unheaded, hit, rows, paper_coverage=1.0).sentences[0] != studied


def test_a_word_nearly_every_paper_writes_may_be_left_out_of_a_longer_phrase() -> None:
    # "models" says what kind of thing a mixture of experts is; "diffusion" alone does not say "diffusion models"
    moe = replace(_topic_of("mixture-of-experts models"), ubiquitous=frozenset({"model"}))
    assert moe.states_every_concept("Uni-MoE: Scaling Unified Multimodal LLMs with Mixture of Experts")
    assert not _topic_of("mixture-of-experts models").states_every_concept("Scaling LLMs with Mixture of Experts")
    diffusion = replace(_topic_of("diffusion models"), ubiquitous=frozenset({"model"}))
    assert not diffusion.states_every_concept("Heat diffusion across the graph is simulated.")


def test_a_one_term_topic_is_stated_by_the_title_not_by_a_sentence_of_the_abstract() -> None:
    vector = np.array([1.0, 0.0])
    topic = Topic(vector, {"hallucin": 3.0})
    survey = Hit(0, "s", "A survey on hallucination prevention", "We review methods.", 1.0, "We review methods.")
    rows = [(TITLE_PASSAGE, "A survey on hallucination prevention", vector), (0, "We review methods.", vector)]
    assert _judge(2).judge(topic, survey, rows, paper_coverage=1.0).states_whole_topic
    passing = Hit(0, "u", "A unified multimodal model", "It hallucinates less.", 1.0, "It hallucinates less.")
    rows = [(TITLE_PASSAGE, "A unified multimodal model", vector), (0, "It hallucinates less.", vector)]
    assert not _judge(2).judge(topic, passing, rows, paper_coverage=1.0).states_whole_topic


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("Which papers use federated learning for speech recognition?", ["federated learning", "speech recognition"]),
        (
            "papers using graph neural networks to forecast stock prices",
            ["graph neural networks", "forecast stock prices"],
        ),
        # a single word, alternatives, a comma between the phrases, or one phrase: no two parts to measure apart
        ("Which papers use CLIP for deepfake detection?", []),
        ("knowledge distillation for audio or speech models?", []),
        ("on another note, any recommender system work in here?", []),
        ("Which papers use contrastive learning?", []),
        # "of" between topic words is inside a phrase
        ("mixture of experts in code models?", ["mixture of experts", "code models"]),
    ],
)
def test_two_phrases_joined_by_a_word_or_two_are_two_things_asked_together(question: str, parts: list[str]) -> None:
    assert parts_asked_together(question, set(query_terms(question))) == parts


def test_a_part_a_paper_writes_is_one_it_is_about_however_unlike_its_long_sentence() -> None:
    question = np.array([1.0, 0.0])
    feedback = (("human", "feedback"), np.array([0.0, 1.0]))  # orthogonal to every sentence here
    topic = Topic(question, {"human": 1.0, "feedback": 1.0}, parts=(feedback,))
    text = "Safety training uses reinforcement learning with human feedback (RLHF) among other techniques."
    hit = Hit(0, "p", "A paper", text, 1.0, text)
    assert _judge(2).judge(topic, hit, [(0, text, question)], paper_coverage=1.0).weakest_part == 1.0
    other = "Safety training uses supervised fine-tuning."
    hit = Hit(0, "q", "A paper", other, 1.0, other)
    assert _judge(2).judge(topic, hit, [(0, other, question)], paper_coverage=0.0).weakest_part == 0.0


def test_a_paper_about_one_of_two_parts_neither_stands_out_nor_passes() -> None:
    def papers(weakest_part: float) -> list[Evidence]:
        ev = [_judged_paper("a", 0.9), _judged_paper("b", 0.8)]
        ev[0].weakest_part = weakest_part
        return ev

    judge = _judge(2, part_min_similarity=0.35)
    assert [e.relevant for e in judge.decide(papers(0.5))] == [True, True]
    # "a" is about only one of the parts: "b" alone does not corroborate an answer
    assert [e.relevant for e in judge.decide(papers(0.2))] == [False, False]


def test_a_title_close_to_a_one_phrase_topic_states_it_in_other_words() -> None:
    question, phrase = np.array([1.0, 0.0, 0.0]), np.array([0.0, 1.0, 0.0])
    topic = Topic(question, {"continu": 1.0, "learn": 1.0}, phrase_vector=phrase)
    title, other = "Class-Incremental Learning with Pre-Trained Models", "A Survey of Vision Transformers"
    text = "We study models."
    close = Hit(0, "c", title, text, 1.0, text)
    rows = [(TITLE_PASSAGE, title, np.array([0.0, 0.8, 0.6])), (0, text, question)]
    judge = EvidenceJudge(
        RelevanceModel(0.0, 0.0, 0.0, 0.0, 0.5), RelevanceModel(0.0, 0.0, 0.0, 0.0, 0.5), title_min_similarity=0.6
    )
    assert judge.judge(topic, close, rows, paper_coverage=0.5).states_whole_topic
    far = Hit(0, "f", other, text, 1.0, text)
    rows = [(TITLE_PASSAGE, other, np.array([0.0, 0.5, 0.866])), (0, text, question)]
    assert not judge.judge(topic, far, rows, paper_coverage=0.5).states_whole_topic


def test_a_topic_whose_terms_its_phrases_do_not_hold_states_nothing() -> None:
    # the terms came from the question as the corpus writes it ("MoE" spelled out), the phrases from other words
    topic = Topic(np.array([1.0, 0.0]), {"mixtur": 1.0, "expert": 1.0, "multimod": 1.0}, concepts=((("multimod",),),))
    assert not topic.states_every_concept("Multimodal models read images.")


def test_a_paper_only_bm25_found_is_judged_on_its_own_similarity_not_the_dense_lists_floor() -> None:
    # Retrieval scored the paper at the floor of the dense lists (0.45); its sentences are orthogonal to the question.
    question = np.array([1.0, 0.0, 0.0])
    topic = Topic(question, {"uav": 1.0})
    hit = Hit(0, "uav", "UAVs", "UAVs offload traffic. Agents learn.", 2.5, "UAVs offload traffic.", 0.45, True)
    rows = [(0, "UAVs offload traffic.", np.array([0.0, 1.0, 0.0])), (1, "Agents learn.", np.array([0.0, 0.0, 1.0]))]
    judged = _judge(2).judge(topic, hit, rows, paper_coverage=1.0)
    assert judged.retrieval_dense == pytest.approx(0.0)
    # a paper the dense lists held keeps the score retrieval measured
    near = Hit(0, "near", "Near", "Near. Far.", 2.5, "Near.", dense=0.3)
    rows = [(0, "Near.", np.array([1.0, 0.0, 0.0])), (1, "Far.", np.array([0.0, 1.0, 0.0]))]
    assert _judge(2).judge(topic, near, rows, paper_coverage=1.0).retrieval_dense == pytest.approx(0.3)


def test_a_sentence_that_only_announces_a_link_or_a_release_is_not_evidence() -> None:
    assert announces_a_release("The code is available at: https://github.com/someone/deepfake-detection")
    assert not announces_a_release("We release 10k videos with dense captions for temporal grounding at https://x.org.")
    assert not announces_a_release("Code models learn API usage from large code corpora.")
    assert announces_a_release("Code, dataset, and models will be made publicly available.")
    assert not announces_a_release("Models released on Hugging Face are reused, forked and fine-tuned by others.")
    # a hyphenated word is one word ("pre-trained" counted as pre, trained and pre-trained kept this one in)
    assert announces_a_release("Code and pre-trained models publicly available at: https://github.com/airsplay/lxmert")


def test_which_gpu_is_stated_only_by_a_device_name_while_what_hardware_takes_any_gpu_mention() -> None:
    which = stater("On what GPU model was the synthesis run?")
    hardware = stater("What hardware was the synthesis run on?")
    assert not which("By running 700K inferences in 450 GPU hours, we built the dataset.")
    assert which("Training used 8 NVIDIA A100 GPUs.") and which("It was trained on TPUv4 pods.")
    assert hardware("By running 700K inferences in 450 GPU hours, we built the dataset.")


def test_where_a_papers_code_is_is_stated_only_by_a_link_or_a_release() -> None:
    states = stater("Is the code for SpikeGPT public?")

    assert states("Our code implementation is available at https://github.com/ridgerchu/SpikeGPT.")
    assert states("Code and models will be released.")
    assert not states("SpikeGPT is a generative language model with spiking units and 216M parameters.")


@pytest.mark.parametrize(
    ("sentence", "states"),
    [
        ("To that end we collect and release a large dataset with conversations grounded in Wikipedia.", True),
        ("To this end, we establish a multi-reference KGC dataset and propose a series of metrics.", True),
        ("In this paper, we propose a Chinese multi-domain knowledge-driven conversation dataset, KdConv.", True),
        ("We propose X and evaluate it on two benchmark datasets.", False),  # evaluated on, not made
        ("Experiments on three datasets show consistent gains.", False),
        ("Existing datasets are small and noisy.", False),
        ("To facilitate research on this corpus, we provide several benchmark models.", False),  # models
        ("Additionally, we publish Alpaca-est, the first general task instruction dataset for Estonia.", True),
        # a name after the noun is what the dataset is called (a blind hand test: SURD had been "not stated")
        (
            "To reach this goal, we first collect and annotate a new dataset SURD which consists of 57,000 samples.",
            True,
        ),
        # ... and a participle after it says what it holds (evals/dev_s129.jsonl: PIN-14M had been "not stated")
        ("We present PIN-14M, an open-source dataset comprising 14 million samples derived from two sources.", True),
    ],
)
def test_a_dataset_of_the_papers_own_is_stated_in_its_own_voice(sentence: str, states: bool) -> None:
    resource = attribute_of("which of them introduce a dataset?")
    assert resource is not None
    assert states_attribute(resource, sentence, set(query_terms(sentence))) is states


def test_a_name_states_a_named_thing_only_when_attached_to_its_noun() -> None:
    question = "List the languages covered by ECLeKTic."
    assert getattr(attribute_of(question), "type", None) == "entity"
    states = stater(question)

    assert states("The benchmark spans twelve languages, including Swahili and Hindi, and many topics.")
    assert states("Questions were written in the Hindi language by native speakers of it.")
    # The name belongs to something else: the articles, not the languages.
    assert not states("We control for the presence of Wikipedia articles in 12 languages of the benchmark.")
    # A noun with a plain noun after it only modifies that noun: these name models, not languages.
    assert not states("Adapting English-based large language models to other languages is popular.")


def test_a_thing_asked_of_a_paper_is_stated_by_a_definition_of_it() -> None:
    # a blind hand test (evals/dev_s107.jsonl): "what are the parametric and non-parametric memories?" of the RAG
    # paper had been answered "not stated", though its abstract says what each memory is
    states = stater("in the original RAG paper by Lewis et al., what are the parametric and non-parametric memories?")
    assert states(
        "We introduce RAG models where the parametric memory is a pre-trained seq2seq model and the non-parametric"
        " memory is a dense vector index of Wikipedia, accessed with a pre-trained neural retriever."
    )
    # the noun as the object of a definition, or its kind in no definition, says nothing of what it is
    assert not states("We explore models which combine pre-trained parametric and non-parametric memory.")
    assert not states("A dense index is a memory the model reads.")


def test_open_source_asked_of_papers_is_their_availability() -> None:
    # a dev chat (evals/dev_s24.jsonl): "which ones are open source?" had been read as the topic "open source", which
    # only ChatBridge's release sentence writes ("... will be open-sourced"), and a release sentence is no topic
    for question in ("which ones are open source?", "is it open-source?", "are the models open sourced?"):
        assert getattr(attribute_of(question), "type", None) == "availability", question
    assert attribute_of("which papers study open source software projects?") is None


def test_a_contrast_clause_is_not_part_of_what_the_answer_must_match() -> None:
    assert without_contrast("Which of them work with EEG recordings rather than scanner data?") == (
        "Which of them work with EEG recordings?"
    )
    assert without_contrast("Which fuse several modalities instead of using text alone?") == (
        "Which fuse several modalities?"
    )
    assert without_contrast("Which edit models that take images as input, not just text LLMs?") == (
        "Which edit models that take images as input?"
    )
    # ... and so does "vs" after a comma before another doing, which compares nothing (a blind hand test's chats,
    # evals/dev_s94.jsonl: "measuring" had been asked for, so the paper measuring hallucination was chosen over the two
    # reducing it); before another paper it compares
    versus = "How many datasets did the graph matching paper use, versus the Zecoler paper?"
    assert without_contrast(versus) == versus and intent_of(versus).kind == "compare"
    reduce = "which of those actually propose a method to reduce hallucinations, vs just measuring it?"
    assert without_contrast(reduce) == "which of those actually propose a method to reduce hallucinations?"
    assert intent_of(reduce).kind != "compare" and intent_of("CLIP vs ALIGN - how do they differ?").kind == "compare"
    # After a comma, "not X" sets X aside; the clause ends at its closing bracket.
    assert without_contrast("Which distill an LLM teacher into a smaller student (text LLMs, not vision)?") == (
        "Which distill an LLM teacher into a smaller student (text LLMs)?"
    )
    # Without the comma, "not only X but also Y" asks for both.
    assert without_contrast("Which papers handle not only images but also audio?") == (
        "Which papers handle not only images but also audio?"
    )


def test_a_count_after_those_belongs_to_the_reference() -> None:
    assert strip_references("Of those three, which use CLIP?") == ", which use CLIP?"
    assert strip_references("Which of these 2 papers use CLIP?") == "Which papers use CLIP?"


def test_a_clause_asking_about_what_the_question_finds_is_not_topic() -> None:
    assert split_compound("Which papers cluster single-cell data, and what are their datasets?") == (
        "Which papers cluster single-cell data?",
        "what are their datasets?",
    )
    # "they" has nothing before it to refer to: the whole question is one request.
    assert split_compound("What do they evaluate on, and which is best?")[1] == ""
    assert split_compound("Which papers distill CLIP?") == ("Which papers distill CLIP?", "")


def test_a_question_word_and_a_noun_joined_to_a_clause_asking_its_subject_share_that_subject() -> None:
    # a blind hand test (evals/dev_s163.jsonl): "What rank r" had been searched as a topic of its own, and two papers
    # on no rank of CorDA's cited
    question = "What rank r and which base LLM did CorDA use in its experiments?"
    assert split_compound(question) == (question, "")
    # "what about" names a topic, whose papers the clause after asks about (clean-clone CI at 296fe7c: read as one
    # paper's fact, the graph clustering papers' datasets had been refused)
    assert split_compound("What about graph clustering, what datasets do they use?")[1] == "what datasets do they use?"
    assert (
        split_compound("Which papers distill CLIP, and which teacher do they use?")[1] == "which teacher do they use?"
    )


@pytest.mark.parametrize(
    "question",
    [
        # blind hand tests (evals/dev_s105.jsonl and the paraphrases of several splits): the clause after the comma
        # was split off as a question about the papers found, and the paper it describes was not searched for
        "Which paper proposes letting a model decide, per question, how long its chain of thought should be?",
        "which work tries to figure out, given some fine-tuned network, which original model it was tuned from?",
        "Which papers are about chatbots that pull in outside facts, like Wikipedia articles, when they reply?",
    ],
)
def test_a_clause_after_a_comma_with_its_subject_first_is_part_of_the_question(question: str) -> None:
    assert split_compound(question) == (question, "")
    # asked directly (an auxiliary before the subject), it asks about the papers found
    assert split_compound("Which papers distill CLIP, how much data do they use?")[1] == "how much data do they use?"


@pytest.mark.parametrize(
    "question",
    [
        "Different topic. Which papers improve automatic speech recognition?",
        "ok thanks. switching gears - anything on recognising emotions?",
        "Changing subject: who learns representations of point clouds?",
        "Has anyone studied model hubs?",
    ],
)
def test_a_list_request_after_a_lead_in_is_still_a_list(question: str) -> None:
    assert intent_of(question).kind == "list"


def test_which_ones_refers_to_the_previous_answers_papers() -> None:
    follow = resolve_follow_up("Which ones build on CLIP?", HISTORY, find_titles, has_topic)
    assert follow.mode == "set" and follow.paper_ids == ["cid", "gkc", "transagent"]


# ---------------------------------------------------------------------- the assistant (full corpus)
def clip_history(assistant) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    answer = assistant.ask("Which papers distill CLIP?")
    return [{"role": "user", "content": "Which papers distill CLIP?"}, {"role": "assistant", "content": answer.text}]


def test_a_fact_asked_of_a_paper_named_by_its_title_is_about_that_paper(assistant) -> None:
    # Only another retrieved abstract writes "ImageNet"; the question still asks CLIP-CID, whose abstract has no
    # ImageNet figure.
    answer = assistant.ask("roughly what zero-shot ImageNet top-1 does the CLIP-CID distilled student get?")
    assert answer.refused and [c.display_title.startswith("CLIP-CID") for c in answer.citations] == [True]


def test_a_paper_named_by_its_whole_title_is_asked_what_the_question_asks_besides_the_title(assistant) -> None:
    answer = assistant.ask("relational knowledge distillation - what losses do they propose?")
    assert [c.display_title for c in answer.citations] == ["Relational Knowledge Distillation"]
    assert "distance-wise and angle-wise distillation losses" in answer.text


def test_a_paper_named_by_its_title_written_with_the_corpus_s_acronyms_is_the_one_asked(assistant) -> None:
    # (a blind hand test, evals/dev_s90.jsonl: three knowledge distillation papers had been listed, none quoting
    # the losses; the corpus spells "KD" out as "knowledge distillation")
    answer = assistant.ask("In the relational KD paper, what are the two kinds of losses they propose?")
    assert [c.display_title for c in answer.citations] == ["Relational Knowledge Distillation"]
    assert "distance-wise and angle-wise distillation losses" in answer.text


def test_a_kind_the_corpus_abbreviates_across_papers_is_not_a_named_thing(assistant) -> None:
    # The corpus defines "question-answering (QA)" and writes QA in many papers: "existing QA models" names no model.
    question = (
        "which backbone language models did the event-knowledge posterior regularization paper plug its "
        "constraints into for TORQUE and ESTER?"
    )
    answer = assistant.ask(question)
    assert answer.refused and "does not state the backbone language models" in answer.text


@pytest.mark.parametrize(
    ("question", "title", "quoted"),
    [
        # in brackets after its words, with "contribute" as the verb
        ("What is DisCRn?", "X-InstructBLIP", "Discriminative Cross-modal Reasoning (DisCRn) evaluation task"),
        # one of a list of frameworks the abstract introduces, followed by what it is
        ("What is Med-XPT?", "LLaVA Needs More Knowledge", "Med-XPT, a custom framework combining MedCLIP"),
    ],
)
def test_a_name_the_abstract_introduces_asks_what_that_paper_says_of_it(
    assistant, question: str, title: str, quoted: str
) -> None:
    # The bare name resembles no sentence as a whole (cosine under the floor), yet the abstract introduces it.
    answer = assistant.ask(question)
    assert not answer.refused and [c.display_title.startswith(title) for c in answer.citations] == [True]
    assert quoted in answer.text


def test_a_kind_the_corpus_abbreviates_is_not_a_named_thing(assistant) -> None:
    # "AI models" (the corpus defines "artificial intelligence (AI)") and "LLMs" name no LLM.
    title = "Tackling Vision Language Tasks Through Learning Inner Monologues"
    history = [
        {"role": "user", "content": f"{title} - what is the main idea"},
        {"role": "assistant", "content": assistant.ask(f"{title} - what is the main idea").text},
    ]
    answer = assistant.ask("which llm did they use, was it GPT-4?", history=history)
    assert answer.refused and "does not state the llm" in answer.text
    assert [c.display_title for c in answer.citations] == [title]


def test_a_new_topic_after_a_conversation_is_answered_from_the_whole_corpus(assistant) -> None:
    history = clip_history(assistant)
    answer = assistant.ask("Which papers study mixture-of-experts models and their routing?", history=history)
    assert answer.follow_up == "none" and not answer.refused
    assert all("CLIP" not in c.display_title for c in answer.citations)
    assert any("MoE" in c.display_title or "Experts" in c.display_title for c in answer.citations)


def test_a_loose_pronoun_before_a_topic_no_paper_on_the_table_covers_searches_the_whole_corpus(assistant) -> None:
    history = clip_history(assistant)
    answer = assistant.ask("and what about their work on chess or other board games?", history=history)
    assert answer.follow_up == "none" and not answer.refused
    assert [c.display_title.startswith("Mastering Board Games") for c in answer.citations] == [True]
    assert any("whole corpus was searched" in notice for notice in answer.notices)


@pytest.mark.parametrize(
    "question", ["what about their training cost?", "ok, and does that one test on any biomedical knowledge graph?"]
)
def test_a_question_asked_of_the_papers_on_the_table_stays_with_them(assistant, question: str) -> None:
    answer = assistant.ask(question, history=clip_history(assistant))
    # The paper on the table does not state it, and the answer says so of that paper (papers elsewhere that do
    # may be offered beside it); it is not answered as a new question.
    assert answer.follow_up != "none" and answer.refused
    assert not any("whole corpus" in notice for notice in answer.notices)


def test_which_of_those_answers_none_when_no_previous_paper_qualifies(assistant) -> None:
    history = clip_history(assistant)
    previous = {c.paper_id for c in assistant.ask("Which papers distill CLIP?").citations}
    answer = assistant.ask("Which of those use chain-of-thought reasoning?", history=history)
    assert answer.refused
    assert answer.text.startswith(("None of the", "The one paper in the previous answer does not"))
    assert not previous & set(answer.cited_paper_ids)


@pytest.mark.parametrize(
    ("question", "verb"),
    [
        ("which of those was tested on medical questions?", "test"),
        ("which ones apply to robotics?", "appli"),
        ("any of them pretrained on web data?", "pretrain"),
        ("which of those distill knowledge from CLIP?", None),  # the verb takes its object itself
        ("papers on robustness to noise", None),  # a noun before the preposition
        # past the noun of the fact asked (a blind hand test's chat, evals/dev_s124.jsonl: "how many datasets are these
        # evaluated on, ...?" had asked each paper to write "evaluated", and said none did)
        ("how many datasets are these evaluated on?", "evalu"),
    ],
)
def test_the_verb_relating_papers_to_what_a_question_names_is_found_by_its_form(
    question: str, verb: str | None
) -> None:
    assert relation_verb(question) == verb


def test_which_of_those_evaluated_on_a_domain_is_answered_by_results_in_that_domain(assistant) -> None:
    # a hand tester's chat (evals/dev_s91.jsonl): "tested", rarer in the corpus, outweighed "medical", so GreaseLM's
    # "Our results on ... medical question answering (i.e., MedQA-USMLE)" was no match and the answer said none;
    # and GraphextQA, whose abstract writes "evaluation" but nothing medical, matched by the verb alone
    asked = "knowledge graphs combined with language models for question answering?"
    history = chat_of(assistant, asked)
    titles = {c.paper_id: c.display_title for c in assistant.ask(asked).citations}
    answer = assistant.ask("which of them were evaluated on medical questions?", history=history)
    cited = [titles.get(pid, "") for pid in answer.cited_paper_ids]
    assert any(title.startswith("GreaseLM") for title in cited) and "MedQA" in answer.text
    assert not any(title.startswith("GraphextQA") for title in cited)


@pytest.mark.parametrize("question", ["which of them share their code?", "which ones put their data out publicly?"])
def test_which_of_those_asking_for_released_artefacts_picks_the_papers_that_announce_a_release(
    assistant, question: str
) -> None:
    topic = "Which papers study pre-trained models of source code?"
    first = assistant.ask(topic)
    history = [{"role": "user", "content": topic}, {"role": "assistant", "content": first.text}]
    answer = assistant.ask(question, history=history)
    assert not answer.refused
    assert set(answer.cited_paper_ids) < set(first.cited_paper_ids)
    availability = attribute_of("Is the code public?")
    assert availability is not None
    assert all(states_attribute(availability, c.passage, set(query_terms(c.passage))) for c in answer.citations)


def test_the_noun_naming_the_papers_on_the_table_restricts_none_of_them(assistant) -> None:
    # a hand tester's chat, as asked: "were any of those chatbots voice-based?" had passed two text-chat papers, one
    # on "chat-bots"
    from rag.config import PROJECT_ROOT
    from rag.evaluate import load_gold

    (turn,) = [i for i in load_gold(PROJECT_ROOT / "evals" / "dev_s49.jsonl") if i.id == "s72-followup_none-a06"]
    answer = assistant.ask(turn.question, history=turn.history)
    assert answer.refused and answer.text.startswith("None of the")
    listed = {"Topical-Chat", "Distilling Knowledge for Fast Retrieval-based Chat-bots"}
    assert not listed & {c.title.split(":")[0] for c in answer.citations}


def test_an_answer_names_the_answer_whose_papers_a_restriction_is_about() -> None:
    # "which of those ...?" after an answer about one paper is about the list before it: "None of the 2 papers in the
    # previous answer" had miscounted the previous answer, which cited one
    assert FollowUp("set", ["a", "b"], latest_papers=["c"]).answer_referred_to == "an earlier answer"
    assert FollowUp("set", ["a", "b"], latest_papers=["b", "a"]).answer_referred_to == "the previous answer"


def test_a_restriction_asked_of_the_whole_corpus_gets_back_the_noun_its_determiner_lost() -> None:
    # "did any of those do speech?" leaves "did any do speech?": asked of the corpus, it is a list question
    assert as_corpus_question(strip_references("did any of those do speech?")) == "did any papers do speech?"
    assert as_corpus_question(strip_references("Which of them use RL?")) == "Which papers use RL?"
    assert as_corpus_question("Can either also catch cloned voices?") == "Can either paper also catch cloned voices?"
    # a determiner that kept its noun, or a question without one, is left as it is
    assert as_corpus_question("Did any papers use RL?") == "Did any papers use RL?"
    assert as_corpus_question("What datasets?") == "What datasets?"


def test_none_of_those_offers_papers_elsewhere_only_on_the_conversation_s_topic(assistant) -> None:
    # "did any do speech?" after papers distilling CLIP asks for speech in that topic: speech papers that distil
    # nothing had been offered (hand testers flagged such offers in every round)
    answer = assistant.ask("did any of those do speech?", history=clip_history(assistant))
    assert answer.refused and answer.text.startswith(("None of the", "The one paper in the previous answer does not"))
    assert all("distil" in f"{c.title} {c.passage}".lower() for c in answer.citations)
    # a restriction asked with no list before it is asked of the whole corpus, as before
    bare = assistant.ask("did any papers do speech?")
    assert bare.citations and all("speech" in c.passage.lower() for c in bare.citations)


def test_papers_elsewhere_write_the_name_a_restriction_writes(assistant) -> None:
    # a blind hand test's chat (evals/dev_s67.jsonl): "which ones evaluate on Japanese?" after seven cross-lingual
    # papers had offered ECLeKTic from elsewhere, which names twelve languages but never Japanese
    row = hand_test_row("dev_s67", "s111-followup_none-04")
    answer = assistant.ask(row["question"], history=row["history"])
    assert answer.refused and not answer.citations
    # ... while a paper elsewhere that writes the name asked is offered
    korean = assistant.ask("of the seven cross-lingual papers, which were tested on Korean?", history=row["history"])
    assert korean.citations and all("korean" in f"{c.title} {c.passage}".lower() for c in korean.citations)


def test_a_property_none_of_those_papers_states_is_reported_of_them_without_searching_elsewhere(assistant) -> None:
    answer = assistant.ask("which of them share their code?", history=clip_history(assistant))
    assert answer.refused and not answer.citations
    assert "state where its code or data are available" in answer.text or "states where its code" in answer.text
    assert "Elsewhere" not in answer.text and "rest of the corpus" not in answer.text


def test_which_of_them_introduce_a_dataset_picks_the_papers_presenting_one_of_their_own(assistant) -> None:
    topic = "which papers study knowledge-grounded dialogue?"
    first = assistant.ask(topic)
    history = [{"role": "user", "content": topic}, {"role": "assistant", "content": first.text}]
    answer = assistant.ask("which of them introduce a dataset?", history=history)
    titles = [c.display_title for c in answer.citations]
    assert not answer.refused and set(answer.cited_paper_ids) <= set(first.cited_paper_ids)
    assert any(t.startswith("Wizard of Wikipedia") for t in titles) and any(t.startswith("KdConv") for t in titles)
    resource = attribute_of("which of them introduce a dataset?")
    assert resource is not None
    assert all(states_attribute(resource, c.passage, set(query_terms(c.passage))) for c in answer.citations)


@pytest.mark.parametrize(
    ("question", "asked"),
    [("which papers release their code?", "Is the code public?"), ("which papers introduce a new benchmark?", "")],
)
def test_a_property_asked_of_the_whole_corpus_lists_the_papers_stating_it(assistant, question: str, asked: str) -> None:
    # Every word searched names the property, so no topic can match: the papers whose abstracts state it answer.
    answer = assistant.ask(question)
    attribute = attribute_of(asked or question)
    assert attribute is not None and not answer.refused and len(answer.citations) >= 3
    assert all(states_attribute(attribute, c.passage, set(query_terms(c.passage))) for c in answer.citations)


def test_a_paper_named_by_a_word_its_title_uses_as_a_name_is_the_subject(assistant) -> None:
    answer = assistant.ask("what does Lion distill from?")  # "Lion: Adversarial Distillation of ..."
    assert not answer.refused and answer.citations[0].display_title.startswith("Lion:")


def test_open_source_software_as_a_topic_is_no_release() -> None:
    availability = attribute_of("Is the code public?")
    assert availability is not None
    for sentence, states in [
        ("We recover links between issues and commits in Open Source Projects.", False),
        ("Open-source LLMs lag behind proprietary ones.", False),
        ("We open source our code and models.", True),
        ("The implementation is open-sourced.", True),
    ]:
        assert states_attribute(availability, sentence, set(query_terms(sentence))) is states, sentence


def test_a_kind_of_dataset_asked_of_those_papers_is_judged_on_its_kind_too(assistant) -> None:
    topic = "which papers adapt English LLMs to other languages?"
    first = assistant.ask(topic)
    history = [{"role": "user", "content": topic}, {"role": "assistant", "content": first.text}]
    answer = assistant.ask("did any of them share an instruction dataset?", history=history)
    assert not answer.refused and answer.citations[0].display_title.startswith("Teaching Llama a New Language")
    assert "Alpaca-est" in answer.citations[0].passage


def test_a_compound_restricting_papers_on_the_table_counts_only_written_whole(assistant) -> None:
    # Among distillation papers, "parameters" in one sentence and "efficient" in another make no paper
    # parameter-efficient: CLIP-CID's "efficient image semantic balance" and Lion's "more efficient knowledge
    # transfer" were listed beside LLM-Neo ("Parameter Efficient Knowledge Distillation").
    topic = "papers on knowledge distillation for large language models"
    first = assistant.ask(topic)
    history = [{"role": "user", "content": topic}, {"role": "assistant", "content": first.text}]
    answer = assistant.ask("which of them are parameter-efficient?", history=history)
    assert [c.display_title.split(":")[0] for c in answer.citations] == ["LLM-Neo"]


def test_a_compound_is_found_written_with_a_hyphen_a_space_or_solid_and_any_ending() -> None:
    from rag.spellings import written_whole

    ((pattern, words),) = written_whole("Which are parameter-efficient?", ["effici", "paramet"])
    assert words == {"paramet", "effici"}
    found = [
        bool(pattern.search(t)) for t in ("Parameter Efficient KD", "parameter-efficiency", "7B parameters, efficient")
    ]
    assert found == [True, True, False]
    assert written_whole("which do zero-shot learning?", ["learn"]) == ()  # its words are no search terms here


def test_summarise_the_first_one_summarises_the_first_cited_paper_in_several_sentences(assistant) -> None:
    history = clip_history(assistant)
    first = assistant.ask("Which papers distill CLIP?").citations[0]
    answer = assistant.ask("Summarise the first one", history=history)
    assert answer.follow_up == "ordinal"
    assert [c.paper_id for c in answer.citations] == [first.paper_id]
    assert answer.text.count("[1]") >= 2


@pytest.mark.parametrize("question", ["summarise the first two", "compare the first two"])
def test_the_first_two_are_each_answered_in_the_order_the_list_gave_them(assistant, question: str) -> None:
    topic = "Which papers do prompt tuning for vision-language models?"
    first = assistant.ask(topic)
    assert len(first.citations) >= 2
    history = [{"role": "user", "content": topic}, {"role": "assistant", "content": first.text}]
    answer = assistant.ask(question, history=history)
    assert answer.follow_up == "ordinal" and not answer.refused
    assert answer.cited_paper_ids == first.cited_paper_ids[:2]
    assert "[1]" in answer.text and "[2]" in answer.text


def test_a_fact_asked_of_the_first_two_is_answered_for_each_of_them(assistant) -> None:
    # a blind hand test's chats (evals/dev_s140.jsonl): "for the first three, what datasets do they evaluate on?" had
    # been answered for the one paper that matched best, as a fact about one paper is
    topic = "Which papers do prompt tuning for vision-language models?"
    first = assistant.ask(topic)
    history = [{"role": "user", "content": topic}, {"role": "assistant", "content": first.text}]
    answer = assistant.ask("for the first two, what datasets do they evaluate on?", history=history)
    assert answer.follow_up == "ordinal" and not answer.refused
    assert answer.cited_paper_ids == first.cited_paper_ids[:2]


def test_show_me_more_lists_the_next_answering_papers_and_then_says_there_are_no_more(assistant) -> None:
    topic = "Which papers do prompt tuning for vision-language models?"
    first = assistant.ask(topic, k=2)
    assert first.capped and len(first.citations) == 2
    history = [{"role": "user", "content": topic}, {"role": "assistant", "content": first.text}]
    more = assistant.ask("show me more", history=history, k=2)
    assert more.follow_up == "more" and not more.refused and more.citations
    assert not set(more.cited_paper_ids) & set(first.cited_paper_ids)
    assert more.text.startswith("Beyond the 2 already listed")
    history += [{"role": "user", "content": "show me more"}, {"role": "assistant", "content": more.text}]
    rest = assistant.ask("any more?", history=history, k=10)
    listed = set(first.cited_paper_ids) | set(more.cited_paper_ids)
    assert not set(rest.cited_paper_ids) & listed
    if rest.refused:
        assert rest.text.startswith("The search found no other paper that answers")


def test_a_question_with_no_topic_quotes_what_each_paper_says_it_does(assistant) -> None:
    answer = assistant.ask("which paper has the most authors?")
    assert not answer.refused and answer.citations
    # Not whatever sentence happens to be nearest the words "paper has the most authors".
    assert re.search(r"\b(?:we|our|this (?:paper|work|study))\b", answer.citations[0].passage, re.IGNORECASE)


@pytest.mark.parametrize("message", ["hi!", "ok", "what can you do?"])
def test_a_message_with_nothing_to_look_for_says_so_rather_than_the_corpus_lacks_it(assistant, message: str) -> None:
    answer = assistant.ask(message)
    assert answer.refused and not answer.citations
    assert answer.text.startswith("There is nothing in this message to look for")


@pytest.mark.parametrize("question", ["SLCA?", "and KdConv?"])
def test_a_paper_named_by_its_own_name_alone_is_asked_what_it_is(assistant, question: str) -> None:
    answer = assistant.ask(question)
    assert not answer.refused and len(answer.citations) == 1
    assert answer.citations[0].display_title.startswith(question.removeprefix("and ").rstrip("?"))


def test_a_reworded_near_miss_says_the_abstract_does_not_state_it(assistant) -> None:
    answer = assistant.ask("What is the parameter count of Kosmos-1?")
    assert answer.refused
    assert "does not state the parameter" in answer.text
    assert answer.citations and "Kosmos-1" in answer.citations[0].abstract


def test_a_score_asked_where_the_abstract_gives_only_a_gain_is_a_near_miss_that_quotes_the_gain(assistant) -> None:
    # A hand tester's question: "+2.67 BLEU" over the state of the art is no BLEU score of CLIPTrans's own.
    answer = assistant.ask("What BLEU score does CLIPTrans reach on Multi30k English-German?")
    assert answer.refused and "does not state the BLEU score" in answer.text
    assert "+2.67 BLEU" in answer.text.split("What it does say:")[1]


def test_what_a_described_paper_found_is_quoted_from_the_sentence_reporting_it(assistant) -> None:
    # The first hand test's question; "Our main observation is that ..." reports the finding, whatever the aspect
    # model calls it (a method, there).
    answer = assistant.ask(
        "There was a paper that did a fair comparison of KAN and MLP with the same number of parameters and FLOPs"
        " — what did it find?"
    )
    assert not answer.refused and "MLP generally outperforms KAN" in answer.text


def test_what_a_papers_authors_are_affiliated_with_is_not_answered_by_another_sentence(assistant) -> None:
    answer = assistant.ask("Which university are the Wizard of Wikipedia authors from?")
    assert answer.refused and "does not state the university" in answer.text


def test_a_papers_name_written_in_lower_case_is_still_its_name(assistant) -> None:
    # "oneencoder" is OneEncoder's name: the terse question asks that paper for a figure it does not state.
    answer = assistant.ask("oneencoder universal projection module param count")
    assert answer.refused and "does not state the param count" in answer.text
    assert answer.citations and answer.citations[0].title.startswith("OneEncoder")


def test_a_question_naming_no_paper_whose_topic_the_paper_on_the_table_holds_asks_that_paper(assistant) -> None:
    first = "How many input modalities can ImgAny take?"
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": assistant.ask(first).text}]
    # "final" is an everyday word; the abstract holds "generative model" and "image": the question is about ImgAny
    answer = assistant.ask("what model generates the final image?", history=history)
    assert [c.display_title.startswith("Image Anything") for c in answer.citations] == [True]
    # a topic of its own the paper does not hold is searched across the corpus
    answer = assistant.ask("what about federated learning?", history=history)
    assert answer.citations and not any(c.display_title.startswith("Image Anything") for c in answer.citations)


def test_a_title_the_paper_on_the_table_is_measured_on_does_not_take_the_question_away(assistant) -> None:
    first = "What datasets was the sequential knowledge transformer (SKT) evaluated on?"
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": assistant.ask(first).text}]
    answer = assistant.ask("what was the knowledge selection accuracy on Wizard of Wikipedia?", history=history)
    assert [c.display_title.startswith("Sequential Latent Knowledge Selection") for c in answer.citations] == [True]
    # asked about, the title is that paper's
    answer = assistant.ask("tell me about Wizard of Wikipedia", history=history)
    assert answer.citations[0].display_title.startswith("Wizard of Wikipedia")


def test_a_yes_no_guess_the_abstract_never_mentions_is_said_to_be_unmentioned(assistant) -> None:
    first = "How many knowledge-intensive NLG tasks is Knowledge Infused Decoding evaluated on?"
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": assistant.ask(first).text}]
    # the abstract names GPT-2 and BART: its sentence would read as a yes to GPT-3
    answer = assistant.ask("did they test it on GPT-3?", history=history)
    assert answer.refused and "does not state anything about GPT-3" in answer.text
    answer = assistant.ask("did they use BART?", history=history)
    assert not answer.refused and "GPT-2 and BART" in answer.text
    # a guess about a part of the paper by its definite noun asks that paper, whatever words it holds
    first = "How much does SLCA improve continual learning on Split CIFAR-100?"
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": assistant.ask(first).text}]
    answer = assistant.ask("was the backbone a ViT-B/16 pre-trained on ImageNet-21K?", history=history)
    assert answer.refused and "does not state anything about ViT-B" in answer.text


def test_a_name_only_an_abstract_writes_is_its_name_in_lower_case_too(assistant) -> None:
    # ProMaC is introduced by its abstract alone (the title gives no name); "promac" asks that paper.
    answer = assistant.ask("which mllm does promac use, llava?")
    assert answer.refused and "does not state the mllm" in answer.text
    assert [c.display_title.startswith("Leveraging Hallucinations") for c in answer.citations] == [True]
    # an English word a few papers write in capitals stays a word
    assert assistant.retriever.written_as_a_name("promac") == "ProMaC"
    assert assistant.retriever.written_as_a_name("segmentation") is None


def test_a_near_miss_citation_is_supported_but_not_relevant(assistant) -> None:
    answer = assistant.ask("How many GPUs were used to train TransAgent?")
    citation = answer.citations[0]
    assert citation.supported and not citation.relevant
    assert "does not answer" in citation.verdict


def test_a_paper_matching_only_part_of_the_question_does_not_answer_it(assistant) -> None:
    # Knowledge graph completion papers and reinforcement learning papers exist, but no abstract has both.
    answer = assistant.ask("Which papers use reinforcement learning for knowledge graph completion?")
    assert answer.refused and not any(c.relevant for c in answer.citations)


def test_an_acronym_the_corpus_spells_out_is_searched_as_its_long_form(assistant) -> None:
    # The issue's example: "...in VLMs?" was refused where "...in vision-language models?" was answered.
    question = "Which papers study hallucinations in VLMs?"
    plan = assistant.retriever.plan(question)
    assert "vlms" not in plan.terms and {"vision", "languag"} <= set(plan.terms)
    # What the question asks is read from its own words; only the search spells the acronym out.
    assert "VLMs" in plan.topical and "vision-language model" in plan.searched
    assert not assistant.ask(question).refused


def test_a_summary_asked_of_a_topics_papers_lists_the_papers_of_that_topic(assistant) -> None:
    # a hand test: "Give me an overview of the mixture-of-experts papers" found 2 of 10, "overview" weighing as a
    # topic word; "Can you summarise the papers on mixture of experts?" was refused as a summary of no one paper
    overview = "Give me an overview of the mixture-of-experts papers in the collection."
    assert "overview" not in assistant.retriever.plan(overview).terms
    assert "rundown" not in assistant.retriever.plan("a rundown of the mixture-of-experts papers").terms
    # an overview as a kind of paper is the kind asked for (QueryFilters.kind), and summarising as a task stays a topic
    assert assistant.retriever.plan("Which papers are surveys or overview papers?").filters == {"kind": "survey"}
    assert "summar" in assistant.retriever.plan("models that read, summarize or link program code").terms
    assert "summar" not in assistant.retriever.plan("How do people adapt LLMs? Summarize the approaches.").terms
    for question in (overview, "Can you summarise the papers on mixture of experts?"):
        answer = assistant.ask(question)
        assert not answer.refused and len(answer.citations) >= 5


def test_a_plain_word_one_paper_introduces_as_its_name_is_that_papers_name(assistant) -> None:
    # a hand test: after code papers none of which is Compressor, "How small does Compressor make the models?" had
    # been asked of Telly, on the table ("It motivates us to propose Compressor, a novel approach ...")
    compressor = assistant.retriever.coins("Compressor")
    assert compressor and "3 MB" in assistant.paper(compressor).display_title
    # a language one paper alone writes is not introduced as a name
    assert assistant.retriever.coins("Estonian") is None
    history = chat_of(assistant, "Which papers make fine-tuning pre-trained code models cheaper?")
    answer = assistant.ask("How much faster does Compressor make the models?", history=history)
    assert [c.paper_id for c in answer.citations] == [compressor]


def test_a_paper_named_alone_after_a_fact_question_is_asked_that_fact_only_when_nothing_else_is_asked(
    assistant,
) -> None:
    # a hand test: "Tell me more about TinyR1.", after "How many GPUs ... did it take to train Lion?", had been
    # answered "does not name the number of GPUs"; "And TinyR1?" asks the same fact of it
    history = after_one_answer(
        "How many GPUs did it take to train Lion?", assistant.ask("How many GPUs did it take to train Lion?").text
    )
    told = assistant.ask("Tell me more about TinyR1.", history=history)
    assert not told.refused and "GPU" not in told.text
    assert "GPU" in assistant.ask("And TinyR1?", history=history).text


def test_starting_from_a_model_is_using_it(assistant) -> None:
    # "which of those start from llama 2?" had been judged on "start", which no paper on the table writes
    assert assistant.retriever.plan("which of those start from llama 2?").terms == ["llama"]
    assert "start" in assistant.retriever.plan("papers that start training from scratch").terms


def test_a_question_writing_a_papers_own_name_is_about_that_paper(assistant) -> None:
    # "CorDA: Context-Oriented Decomposition Adaptation ..." is named; "LoRA", which many abstracts use, is not,
    # and neither is a title name used as a plain word ("this kind of stuff", against "KIND: ...").
    named = assistant.ask("I keep seeing CorDA mentioned next to LoRA. what is it actually doing differently?")
    assert [c.display_title.split(":")[0] for c in named.citations] == ["CorDA"]
    plain = assistant.ask("do any papers apply this kind of stuff to brain signals, EEG or fMRI?")
    assert not any(c.display_title.startswith("KIND") for c in plain.citations)


def test_a_question_that_asks_only_what_a_named_paper_is_is_answered_by_its_abstract(assistant) -> None:
    # The bare name resembles no sentence (cosine below the floor), yet the abstract says what GreaseLM is.
    answer = assistant.ask("what is GreaseLM?")
    assert not answer.refused and answer.citations[0].display_title.startswith("GreaseLM")
    # A question that asks something more of it is still judged on its evidence.
    assert assistant.ask("Is GreaseLM about cooking?").refused


def test_a_list_capped_at_k_says_more_may_exist(assistant) -> None:
    answer = assistant.ask("Which papers are about knowledge distillation?", k=1)
    assert answer.capped
    assert "more papers in the corpus may qualify" in answer.text


def test_a_list_whose_answers_reach_the_edge_of_the_search_says_more_may_exist(assistant) -> None:
    # Fewer answering papers than k, but some found deep in the candidates: the corpus beyond may hold more.
    answer = assistant.ask("Which papers are about knowledge distillation?", k=5)
    assert answer.capped and "more papers in the corpus may qualify" in answer.text
    # A list that found everything it could, near the top of the search, offers no more.
    assert not assistant.ask("Which papers study mixture-of-experts models?").capped


@pytest.mark.parametrize(
    "topic", ["papers on continual learning?", "which papers use contrastive learning?", "knowledge-grounded dialogue?"]
)
def test_more_is_offered_only_where_asking_for_more_finds_papers(assistant, topic: str) -> None:
    """An offer of more followed by "no other paper answers" misleads: in a hand test, 7 of 8 requests for more found
    nothing, 5 of them after an answer that had offered more. Each offer is now checked by asking for more once."""
    first = assistant.ask(topic)
    history = [{"role": "user", "content": topic}, {"role": "assistant", "content": first.text}]
    more = assistant.ask("show me more", history=history)
    assert more.follow_up == "more"
    assert first.capped == (not more.refused), (first.capped, more.text)


def ask_after_a_list(assistant, question: str, follow_up: str):  # type: ignore[no-untyped-def]
    """The answer to ``question`` (a list of at least two papers), and the follow-up's answer after it."""
    first = assistant.ask(question)
    assert len(first.citations) >= 2
    history = [{"role": "user", "content": question}, {"role": "assistant", "content": first.text}]
    return first, assistant.ask(follow_up, history=history)


def test_a_follow_up_is_judged_on_what_tells_the_previous_papers_apart(assistant) -> None:
    # Every recommender paper has "recommend"; none is about music. Counting the shared word would make each
    # look half-covered; the answer is none of those.
    first, answer = ask_after_a_list(
        assistant, "Which papers build recommender systems?", "Is any of them about recommending music or songs?"
    )
    assert answer.follow_up == "set" and answer.refused
    assert not {c.paper_id for c in first.citations} & set(answer.cited_paper_ids)


def test_a_follow_up_is_not_judged_on_the_words_that_put_its_papers_on_the_table(assistant) -> None:
    # Deepfake-detection papers all answer "deepfake"; asked whether any catches cloned voices, a paper that
    # only says "deepfake" again does not qualify. The restriction is what the follow-up adds: audio.
    _, answer = ask_after_a_list(
        assistant,
        "Which papers detect deepfakes or AI-generated images?",
        "Can either of them also catch cloned voices, i.e. audio deepfakes?",
    )
    assert answer.follow_up == "set" and answer.refused
    assert answer.text.startswith("None of the")


def test_a_list_with_a_question_about_its_papers_lists_them_all_and_says_which_lack_the_fact(assistant) -> None:
    answer = assistant.ask("Which papers cluster single-cell data, and what are their datasets?")
    assert not answer.refused and len(answer.citations) >= 2
    titles = [c.display_title for c in answer.citations]
    assert any("Single-cell" in t or "Single-Cell" in t for t in titles)
    # One of them names no dataset in its abstract; it is listed (it answers the topic) and said to lack it.
    not_stated = next(line for line in answer.text.splitlines() if line.startswith("Not stated in the abstracts of:"))
    assert "*Single-Cell Deep Clustering" in not_stated
    assert "(the datasets used)" in answer.text


def test_a_fact_asked_of_every_paper_on_the_table_is_answered_for_each(assistant) -> None:
    question = "Which papers study knowledge graph completion?"
    first = assistant.ask(question)
    history = [{"role": "user", "content": question}, {"role": "assistant", "content": first.text}]
    answer = assistant.ask("How long did it take to train them?", history=history)
    assert answer.follow_up == "topic" and answer.refused
    assert answer.text.startswith(f"None of these {len(first.citations)} papers states how long it took")
    assert {c.paper_id for c in answer.citations} == {c.paper_id for c in first.citations}


@pytest.mark.parametrize(
    ("question", "aspect"),
    [
        ("How does LLaVA-MoD make a small multimodal model, what is the method?", "method"),
        ("Explain how the Lion paper distills a closed-source LLM.", "method"),
        ("what does GrowCLIP propose?", "method"),
        # (a blind hand test's chats, evals/dev_s79.jsonl: "what's the actual method" had quoted the evaluation)
        ("tell me more about the 3rd one, what's the actual method", "method"),
        ("what's their approach?", "method"),
        ("what's the main finding?", "result"),
        ("What is the main finding of the semantic hub paper?", "result"),
        # "do" with no object is how it performed (a blind hand test's chat, evals/dev_s152.jsonl: "how did it do on
        # the VCR leaderboard?" had been read as asking its method, and quoted two sentences of it)
        ("the first one, how did it do on the VCR leaderboard?", "result"),
        ("how does it do?", "result"),
        ("how does it do retrieval?", "method"),
        # the field's way, not one paper's: a list
        ("knowledge editing. how do they evaluate it?", None),
        ("how do ppl reduce hallucinations in llms?", None),
    ],
)
def test_a_question_asking_how_one_paper_works_or_what_it_found_asks_that_aspect(
    question: str, aspect: str | None
) -> None:
    assert intent_of(question).aspect == aspect


def test_more_than_one_of_a_thing_asks_for_a_paper_writing_of_several() -> None:
    # blind hand tests (evals/dev_s109.jsonl, dev_s97.jsonl): papers distilling one teacher had been listed
    assert counted_as_several("which of those distill from more than one teacher model?") == ["teacher"]
    assert counted_as_several("which use multiple views?") == ["views"]
    assert counted_as_several("which of those distill a teacher?") == []
    assert writes_several("teacher", "Distilling the Knowledge of Romanian BERTs Using Multiple Teachers")
    assert writes_several("teacher", "performance comparable to their teachers")
    assert writes_several("teacher", "a multi-teacher framework") and writes_several("views", "two camera views")
    assert not writes_several("teacher", "knowledge from a large teacher model is distilled into student models")


def test_what_a_statement_before_the_question_names_is_not_what_it_asks() -> None:
    # a blind hand test's chat (evals/dev_s112.jsonl): "the number of clusters" was answered as "not stated"
    question = "the first one says it doesn't need the number of clusters upfront - how does it get around that?"
    assert attribute_of(question) is None and intent_of(question).aspect == "method"
    # a figure the question after the dash asks is asked, whatever comes before it
    assert attribute_of("GBT-SAM - how many parameters does it train?") is not None
    # a blind hand test (evals/dev_s113.jsonl): a measure the description before the dash names ("low frame rate") is
    # how the question finds its paper; the count after the dash is what it asks
    described = "the study that does login from pulse signals of low frame rate videos — how many people did they test?"
    asked = attribute_of(described)
    assert asked is not None and asked.words == ("people",)
    # ... and whatever wh-word its relative clause has (a blind hand test, evals/dev_s159.jsonl: the figure after the
    # dash had been left unasked, and a sentence naming the tokens quoted)
    where = "the work where an MLLM learns to output special tokens - how much did that improve their 2B model's score?"
    assert attribute_of(where) is not None and attribute_of(where).type == "quantity"


def test_data_naming_what_a_method_works_on_asks_for_no_dataset() -> None:
    # a blind hand test's chat (evals/dev_s114.jsonl): "what about graph data augmentation itself, ...?" was read as
    # asking a paper's datasets, and answered "does not state the datasets used"
    assert attribute_of("what about graph data augmentation itself, how to augment graphs without harm?") is None
    asked = attribute_of("what data augmentation did they use?")
    assert asked is not None and asked.type != "dataset"
    for question in ("what data did they train on?", "what training data was used?", "which benchmarks did it use?"):
        found = attribute_of(question)
        assert found is not None and found.type == "dataset"


def test_why_a_paper_was_built_asks_its_problem() -> None:
    assert intent_of("Why did they build ECLeKTic?").aspect == "problem"
    assert intent_of("why was ECLeKTic created?").aspect == "problem"


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Does the second one release code?", "availability"),  # the code itself, closing the clause
        ("which papers release code completion models?", None),  # a topic
        ("LXMERT NLVR2 accuracy before and after?", "quantity"),  # a fragment ending in a measure and its words
    ],
)
def test_terse_requests_for_code_and_figures(question: str, kind: str | None) -> None:
    found = attribute_of(question)
    assert (found.type if found else None) == kind


def test_a_figure_before_a_metric_is_its_value_not_a_count() -> None:
    states = stater("What's the average MAP improvement that T-BERT got over the VSM model?")
    assert states("The best T-BERT reaches 60.31% MAP over the VSM model.")


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        ("3D point clouds are hard to label.", None),  # a name, not a measurement
        ("These objectives, namely 3C, encode real faces.", None),
        ("a 7B model", [["model"]]),  # a unit glued on
    ],
)
def test_a_number_with_letters_glued_on_measures_only_with_a_unit(text: str, phrases: list[list[str]] | None) -> None:
    assert counted_noun_phrases(text) == phrases


def test_a_noun_deep_in_a_fact_question_does_not_make_it_a_list() -> None:
    # the items a list asks for head its wh-phrase; "benchmarks" here is where the figure was measured
    question = "What accuracy does JiuZhang 2.0 reach on its math benchmarks, and which LLM does it use?"
    assert intent_of(question).kind == "single"
    assert intent_of("Which of the papers in this collection study robots?").kind == "list"


PROJECTS = "Which three open-source projects did T-BERT evaluate on?"


@pytest.mark.parametrize(
    ("question", "sentence", "states"),
    [
        # a capitalised noun is part of a name, not a noun naming instances
        (PROJECTS, "T-BERT recovers links in Open Source Projects.", False),
        # a count before a capitalised modifier counts things of that kind
        (PROJECTS, "On the three evaluated OSS projects, it wins.", False),
        (PROJECTS, "We evaluate on the Apache and Spark projects.", True),
        # a comma parts a name from the noun after it, unless an apposition follows
        ("Name the nine EEG datasets used by FLEEG.", "A paradigm for BCI, enabling datasets to collaborate.", False),
        # instances listed in brackets straight after the noun, in lower case too
        (
            "Which domains does KdConv cover?",
            "It holds 4.5K conversations from three domains (film, music, and travel).",
            True,
        ),
        ("Which domains does KdConv cover?", "It holds 4.5K conversations from three domains (4.5K in all).", False),
        # listed after a dash, each item with its short form in brackets, the sentence going on after the list
        (
            "What networking use cases was NetLLM tested on?",
            "Across three use cases - viewport prediction (VP), adaptive bitrate streaming (ABR) and cluster job "
            "scheduling (CJS), we showcase the effectiveness of NetLLM.",
            True,
        ),
        (
            "What networking use cases was NetLLM tested on?",
            "Across three use cases - a first, a second and a third, we showcase the effectiveness of NetLLM.",
            False,  # (a clause going on after a comma, with no short forms to close the items)
        ),
        # a short name before lower-case words names a corpus, as one written in capitals does
        ("Which dataset is VE-KWS evaluated on?", "Experiments on the MSIP challenge corpus show gains.", True),
        ("Which dataset is VE-KWS evaluated on?", "We study a large corpus of speech.", False),
        # a name in the role the asked thing's modifier says
        ("What teacher model did TinyR1 use?", "We use DeepSeek-R1 as the teacher and a 32B student.", True),
        ("What teacher model did TinyR1 use?", "Knowledge from a large teacher model is distilled.", False),
        # knowledge moved from a named model to a student names the teacher
        ("What teacher model does the Lion paper use?", "We transfer knowledge from ChatGPT to a 7B student.", True),
        ("What teacher model does the Lion paper use?", "We transfer knowledge from text to a student.", False),
        # a noun alone is its own role (a hand tester's K-Adapter backbone had been "not stated")
        ("which backbone did K-Adapter use?", "Taking RoBERTa as the backbone model, it has an adapter.", True),
        ("which backbone did K-Adapter use?", "The backbone model stays frozen while adapters train.", False),
    ],
)
def test_a_thing_is_named_only_by_a_name_attached_to_its_noun(question: str, sentence: str, states: bool) -> None:
    assert stater(question)(sentence) is states


@pytest.mark.parametrize(
    "question",
    [
        "Which three open-conversation datasets were used in the variational learning paper for dialogs?",
        "which backbone language models did the event-knowledge posterior regularization paper plug its constraints "
        "into for TORQUE and ESTER?",
    ],
)
def test_a_fact_asked_of_a_paper_the_question_describes_is_about_that_paper(question: str) -> None:
    found = intent_of(question)
    assert found.kind == "single" and found.attribute is not None


@pytest.mark.parametrize("question", ["ProMaC - is the code open source and what license?", "under which licence?"])
def test_a_licence_asked_alone_asks_about_a_release(question: str) -> None:
    found = attribute_of(question)
    assert found is not None and found.type == "availability" and found.words == ("licence",)


def test_a_licence_the_abstract_does_not_name_is_answered_with_what_it_says_of_the_release(assistant) -> None:
    answer = assistant.ask("Cross the Gap (modality inversion in CLIP): what license is their code released under?")
    assert answer.refused and "does not state the licence" in answer.text
    assert "publicly available at" in answer.text


def test_a_licence_is_stated_only_by_a_sentence_naming_one() -> None:
    states = stater("what license is their code released under?")
    assert not states("The code is publicly available at: https://github.com/miccunifi/Cross-the-Gap.")
    assert states("Code and models are released under the MIT License.")
    assert stater("is their code released?")("The code is publicly available at: https://github.com/a/b.")


def test_a_clause_after_a_fact_question_asks_the_same_paper() -> None:
    # "they" are the authors of the paper the head asks about, not papers the head finds
    question = "Which two datasets did ModTr use for IR-to-RGB translation, and which detector did they adapt?"
    assert split_compound(question) == (question, "")


@pytest.mark.parametrize(
    ("question", "title"),
    [
        # named by the short form its abstract introduces in brackets: "we propose ... for Multimodal FL (CreamFL)"
        ("Why did they build CreamFL?", "Multimodal Federated Learning via Contrastive Representation Ensemble"),
        ("Why did they build ECLeKTic?", "ECLeKTic"),
    ],
)
def test_a_paper_asked_why_it_was_built_is_answered_by_its_motivation(assistant, question: str, title: str) -> None:
    answer = assistant.ask(question)
    assert not answer.refused and answer.citations[0].display_title.startswith(title)


def test_a_kind_asked_by_its_acronym_is_named_by_its_long_forms_head(assistant) -> None:
    # "LLM" is what the corpus spells out as "large language models": "the LLaMA2 model" names one
    answer = assistant.ask("Which LLM does ChatFlow continually train?")
    assert not answer.refused and "ChatFlow" in answer.citations[0].abstract


@pytest.mark.parametrize(
    ("question", "nouns"),
    [
        ("what are the communication paradigms in Exchange-of-Thought?", {"paradigm"}),
        ("what's the base model ChatFlow continues training from?", {"model"}),
        ("what is the loss function of CLIP-CID?", None),  # a part of a method is described, not named
    ],
)
def test_what_is_the_thing_of_a_named_paper_asks_for_a_named_thing(question: str, nouns: set[str] | None) -> None:
    found = attribute_of(question)
    assert (found.nouns if found and found.type == "entity" else None) == (frozenset(nouns) if nouns else None)


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("Roughly how many EEG datasets was FLEEG evaluated on, and how much did it boost classification?", "quantity"),
        ("ECLeKTic: number of languages and number of LLMs evaluated?", "quantity"),
        ("Which papers study EEG, and how many datasets do they use?", None),  # no fact asked first
        ("How many EEG datasets was FLEEG evaluated on?", None),  # one fact
        # read as asking for the data (attribute_of): the size is the other fact
        ("How large is ERNIE 3.0 and what was it pre-trained on?", "quantity"),
        # a yes/no question of its own about the same paper
        ("What year is 'Delving into Inter-Image Invariance' from, and does it have a code repo?", "date"),
    ],
)
def test_a_second_fact_asked_of_one_paper_is_read(question: str, kind: str | None) -> None:
    found = next((ask.attribute for ask in further_asks(question) if ask.attribute is not None), None)
    assert (found.type if found else None) == kind


def test_a_figurespeaks_of_another_model_is_not_the_paper_s_own(assistant) -> None:
    # ERNIE 3.0's abstract gives GPT-3's size before its own
    answer = assistant.ask("How many parameters does ERNIE 3.0 have?")
    assert "10 billion parameters" in answer.text and "175 billion" not in answer.text


def test_a_list_asked_with_a_gloss_of_its_topic_is_judged_on_the_topic(assistant) -> None:
    question = (
        "Which papers use or survey retrieval-augmented generation, where a generator is conditioned on "
        "documents/knowledge retrieved from an external store?"
    )
    answer = assistant.ask(question)
    assert not answer.refused
    assert "Retrieval-Augmented Generation for Knowledge-Intensive NLP Tasks" in {c.title for c in answer.citations}


def test_a_list_asked_by_examples_of_its_topic_is_answered_by_papers_on_an_example(assistant) -> None:
    # "doctored images" is written by no abstract; "deepfakes", the user's example, is
    answer = assistant.ask("any papers on spotting doctored images, like deepfakes?")
    assert not answer.refused
    assert "Unlocking the Hidden Potential of CLIP in Generalizable Deepfake Detection" in {
        c.title for c in answer.citations
    }


def test_a_paper_on_an_example_of_a_two_part_topic_is_on_both_parts(assistant) -> None:
    # a blind hand test (evals/dev_s103.jsonl) was refused: no paper's sentence is like "natural sciences" alone, though
    # each example the user gave is a paper's topic
    answer = assistant.ask(
        "papers applying deep learning to the natural sciences, e.g. interatomic potentials, single-cell clustering"
    )
    assert not answer.refused
    assert "Learning Inter-Atomic Potentials without Explicit Equivariance" in {c.title for c in answer.citations}


def test_a_second_fact_asked_of_one_paper_is_answered_from_its_own_sentence(assistant) -> None:
    question = "Roughly how many EEG datasets was FLEEG evaluated on, and how much did it boost classification?"
    answer = assistant.ask(question)
    assert not answer.refused and "nine EEG datasets" in answer.text and "16.7%" in answer.text


@pytest.mark.parametrize(
    ("question", "clauses"),
    [
        # a preposition before the question word: "and on how many ..."
        ("What face security tasks is FSFM tested on, and on how many public datasets?", 1),
        # a clause asking no kind of fact, then one that does
        ("MoIIE - how are tokens routed to experts, and what activated-parameter sizes do their models have?", 1),
        (
            "In 'Well-Read Students Learn Better', what is their algorithm called and how many models do they release?",
            1,
        ),
        # three facts of the paper's record, the middle one after a comma alone
        ("For the MoIIE paper: when was it listed, how many authors, and is there a code repo?", 2),
        ("How many EEG datasets was FLEEG evaluated on?", 0),  # one fact
        ("For the MoIIE paper, how many authors?", 0),  # a fragment naming the paper asks nothing of its own
        # two changes, each stated by its own figure (a blind hand test, evals/dev_s111.jsonl: "160 times smaller"
        # had been quoted, and "4.31 times faster" not)
        ("how much smaller / faster are the compressed models?", 2),
        ("how much smaller and faster are the compressed models?", 2),
        ("how much faster are the compressed models?", 0),
        # a question after a remark and "but" asks first (a blind hand test's chat, evals/dev_s154.jsonl: "how do they
        # fine-tune it" had been taken for the question's own ask, and left unanswered)
        ("totally unrelated but is there anything on pretrained LMs in offline RL? how do they fine-tune it", 1),
    ],
)
def test_each_further_fact_a_question_asks_of_its_paper_is_read(question: str, clauses: int) -> None:
    assert len(further_asks(question)) == clauses


def test_a_yes_no_question_about_a_thing_of_the_paper_is_a_further_ask() -> None:
    # a blind hand test's chat (evals/dev_s168.jsonl): read whole, the question asked no fact, and the sentence naming
    # the real-world task (violence detection) and the inference cost went unquoted
    question = "what real-world task did they test it on, and does their trick make inference more expensive?"
    asked = attribute_of(question)
    assert asked is not None and asked.type == "dataset"
    (further,) = further_asks(question, asked)
    assert further.clause == "does their trick make inference more expensive?"


def test_a_word_leading_an_example_of_a_measure_names_no_measure() -> None:
    # a blind hand test's chat (evals/dev_s172.jsonl): "like number of samples" had been read as asking "the like
    # number", and the answer said no abstract states it
    asked = attribute_of("how big are those benchmarks, like number of samples or questions?")
    assert asked is not None and asked.nouns == frozenset({stem("samples"), stem("questions")})
    assert asked.phrase == "the number of samples or questions"


def test_the_fact_a_first_clause_asks_is_the_fact_asked_and_a_later_clause_s_kind_a_further_ask() -> None:
    # (a blind hand test, evals/dev_s151.jsonl): read whole, "how often" made the models a quantity asked
    question = "which models did they use and how often could they get the in-context answer by tweaking just one head?"
    asked = attribute_of(question)
    assert asked is not None and (asked.type, asked.nouns) == ("entity", frozenset({"model"}))
    (further,) = further_asks(question, asked)
    assert further.clause.startswith("how often") and further.attribute is not None
    assert further.attribute.type == "quantity"


def test_a_question_asking_no_kind_of_fact_asks_each_later_clause_apart_from_the_first() -> None:
    # a blind hand test (evals/dev_s119.jsonl): the new kind of attention knowledge MiniLM adds, asked after a question
    # mark and "also", had not been quoted; what the question asks first is its answer's own sentence
    question = (
        "In MiniLM, which part of the teacher is distilled and from which layer? also what's the new kind of "
        "attention knowledge they add"
    )
    assert [ask.clause for ask in further_asks(question)] == [
        "which layer",
        "what's the new kind of attention knowledge they add",
    ]
    # ... and a request to name something asks first as a question word does (evals/dev_s137.jsonl: what EoT adds
    # against wrong reasoning chains had been read as what the question asks first, and then left unquoted)
    question = (
        "Exchange-of-Thought (EoT): name the communication paradigms it uses, and what does it add to guard against "
        "wrong reasoning chains?"
    )
    assert [ask.clause for ask in further_asks(question)] == [
        "what does it add to guard against wrong reasoning chains?"
    ]


@pytest.mark.parametrize(
    ("question", "facts"),
    [
        (
            "What face security tasks is FSFM tested on, and on how many public datasets?",
            ["10 public datasets", "cross-domain face anti-spoofing"],
        ),
        (
            "MoIIE - how are tokens routed to experts, and what activated-parameter sizes do their models have?",
            ["5.5B and 11.3B", "intra-modality experts"],
        ),
        (
            "what modules does Point-PEFT add to a frozen point cloud model, and what share of parameters is trained?",
            ["5% of the trainable parameters", "Point-prior Prompt and a Geometry-aware Adapter"],
        ),
        (
            "In 'Well-Read Students Learn Better', what is their algorithm called and how many compact BERT models "
            "do they release?",
            ["24 pre-trained miniature BERT models", "Pre-trained Distillation"],
        ),
        # the record answers three facts at once, shown beside the title
        (
            "For the MoIIE paper: when was it listed, how many authors, and is there a code repo?",
            ["9 authors", "Aug 13"],
        ),
        # the role asked after the noun, and a second role asked without a verb
        (
            "TinyR1-32B-Preview: which model was the teacher and which the student?",
            ["DeepSeek-R1 as the teacher and DeepSeek-R1-Distill-Qwen-32B as the student"],
        ),
        # the second count from the sentence writing most of what it counts, not the quote counting "objects"
        # (a blind hand test, evals/dev_s76.jsonl)
        (
            "OakInk: how many household objects did they collect, and how many hand-object interactions does it have "
            "in total?",
            ["1,800 common household objects", "50,000 distinct"],
        ),
        # what is asked beyond the title's words: the sentence naming the matrices, not the one repeating "panorama
        # generation with Stable Diffusion" (a blind hand test, evals/dev_s88.jsonl)
        (
            "which attention weight matrices actually matter when you fine-tune stable diffusion to make 360 degree "
            "panoramas?",
            ["the value and output weight matrices"],
        ),
        # a figure asked with no noun of its own, beside another: from the sentence sharing its clause's words (a blind
        # hand test, evals/dev_s80.jsonl, had the operations but not the sizes)
        (
            "how big were the two variants of the spiking-neuron GPT model, and how many fewer operations did it need "
            "on neuromorphic hardware?",
            ["45M and 216M", "20x fewer operations"],
        ),
    ],
)
def test_every_fact_a_question_asks_of_one_paper_is_quoted_from_it(assistant, question: str, facts: list[str]) -> None:
    answer = assistant.ask(question)
    assert not answer.refused and len(answer.citations) == 1
    for fact in facts:
        assert fact in answer.text
    assert all(claim.has_supported_citation for claim in answer.claims)


def test_among_papers_on_the_table_a_property_is_quoted_where_the_abstract_writes_it_title_or_not(assistant) -> None:
    # "which of those are on medical data?" picks among the papers listed; MGCA's title writes "Medical", and that
    # is the evidence, not a word to leave out when choosing its quote (as for a paper already chosen): the quote
    # is the sentence on medical images and radiology reports, not one on "disease-level alignment"
    history = [
        {"role": "user", "content": "Which papers align individual words with image regions or patches?"},
        {
            "role": "assistant",
            "content": "2 papers in the corpus address this:\n- **FILIP: Fine-grained Interactive Language-Image "
            "Pre-Training**: ... [1]\n- **Multi-Granularity Cross-modal Alignment for Generalized Medical Visual "
            "Representation Learning**: ... [2]",
        },
    ]
    answer = assistant.ask("Which of those are on medical data?", history=history)
    assert not answer.refused
    assert "radiology reports" in answer.text


def test_the_best_of_the_things_a_paper_tested_is_stated_only_by_a_sentence_ranking_one() -> None:
    # five dev near misses (evals/dev_s135.jsonl and four on ECLeKTic) had been answered: "which of the 20 tested
    # models came out on top by WiScore?" with WISE's "testing of 20 models (10 dedicated T2I models ...)"
    for question in (
        "in the WISE text-to-image benchmark, which of the 20 tested models came out on top by WiScore?",
        "Which of the LLMs evaluated on ECLeKTic did best?",
        "In ECLeKTic, which of the tested LLMs did best at cross-lingual knowledge transfer?",
        "in WISE, which model scored highest overall?",
    ):
        found = attribute_of(question)
        assert found is not None and found.type == "entity" and found.best, question
    wise = stater("in the WISE text-to-image benchmark, which of the 20 tested models came out on top by WiScore?")
    assert not wise("Through comprehensive testing of 20 models (10 dedicated T2I models and 10 unified models), ...")
    assert wise("The best of the models is GPT-4o, followed by the FLUX.1-dev model.")
    # a thing asked without ranking it needs no ranking
    assert stater("which LLM was the teacher in TinyR1?")("We use DeepSeek-R1 as the teacher.")


@pytest.mark.parametrize(
    ("question", "benchmarks"),
    [
        ("what numbers do they report on ScanObjectNN?", ("ScanObjectNN",)),
        ("What results does ULIP-2 report on ModelNet40 and on ScanObjectNN?", ("ModelNet40", "ScanObjectNN")),
        # joined to one asked on (a blind hand test's chat, evals/dev_s153.jsonl: "what numbers does the third one
        # report on ModelNet40 and ScanObjectNN?" had quoted the ModelNet40 figure alone)
        ("what numbers does it report on ModelNet40 and ScanObjectNN?", ("ModelNet40", "ScanObjectNN")),
        ("what accuracy does it get on COCO, LVIS, and ADE20K?", ("COCO", "LVIS", "ADE20K")),
        ("what accuracy does it get on ImageNet and what about GPT-4?", ("ImageNet",)),  # a name asked apart
        ("What's the FID of RA-CM3 on MS-COCO?", ("MS-COCO",)),
        ("How many parameters does Aria have?", ()),  # no benchmark
        ("Which papers improve on ImageNet?", ()),  # no figure asked
        # named before the measure (a blind hand test, evals/dev_s135.jsonl: GrowCLIP's average over nine tasks had
        # answered "What zero-shot ImageNet top-1 accuracy does GrowCLIP reach?")
        ("What zero-shot ImageNet top-1 accuracy does GrowCLIP reach?", ("ImageNet",)),
        ("What COCO mAP does it reach?", ("COCO",)),
        ("What BLEU does CLIPTrans reach?", ()),  # a measure's own name
    ],
)
def test_the_benchmarks_a_figure_is_asked_on_are_read(question: str, benchmarks: tuple[str, ...]) -> None:
    found = attribute_of(question)
    assert (found.benchmarks if found else ()) == benchmarks


def test_a_figure_asked_on_a_benchmark_is_quoted_from_the_sentence_naming_it(assistant) -> None:
    # I2P-MAE gives 93.4% on ModelNet40 before its 90.11% on ScanObjectNN; Point-PEFT names no benchmark at all
    answer = assistant.ask("What accuracy does I2P-MAE report on ScanObjectNN?")
    assert "90.11%" in answer.text and "93.4%" not in answer.text
    answer = assistant.ask("What accuracy does Point-PEFT report on ScanObjectNN?")
    assert answer.refused and "does not state the accuracy on ScanObjectNN" in answer.text
    answer = assistant.ask("What results does ULIP-2 report on ModelNet40 zero-shot and on ScanObjectNN?")
    assert "74% Top1" in answer.text and "91.5%" in answer.text


def test_a_second_fact_an_abstract_writes_in_a_form_the_judge_does_not_read_is_quoted_not_denied(assistant) -> None:
    # "initializing the encoder of the ... translation model with SAMU-XLS-R": the name is far from its noun, yet
    # saying the abstract does not state the encoder would be false
    question = (
        "In 'Improved Cross-Lingual Transfer Learning For Automatic Speech Translation', what encoder do they "
        "initialize with and what BLEU gain do they get on CoVoST-2?"
    )
    answer = assistant.ask(question)
    assert "12.8 BLEU" in answer.text and "SAMU-XLS-R" in answer.text and "does not state" not in answer.text


def test_a_fact_asked_of_a_name_no_paper_writes_is_refused_not_pinned_on_a_paper_that_matches_the_rest(
    assistant,
) -> None:
    # CartesianMoE is about expert routing, but never writes "GPT-4": it is not the paper the question is about
    history = [
        {"role": "user", "content": "which papers use mixture-of-experts models?"},
        {"role": "assistant", "content": assistant.ask("which papers use mixture-of-experts models?").text},
    ]
    answer = assistant.ask("What routing algorithm does GPT-4 use for its experts?", history=history)
    assert answer.refused and not answer.citations


def test_a_fact_asked_of_the_papers_a_which_of_those_chose_by_the_words_that_chose_them_is_asked_of_each(
    assistant,
) -> None:
    # "those multimodal ones" after "which of those are multimodal?" restricts nothing: every paper on the table
    # is asked the fact, and those whose abstracts state it answer (it had been "none of the 5 papers")
    history = chat_of(assistant, "which papers use mixture-of-experts models?", "Which of those are multimodal?")
    answer = assistant.ask("How many activated parameters do those multimodal ones have?", history=history)
    assert not answer.refused and "activated parameters" in answer.text
    assert {"Aria: An Open Multimodal Native Mixture-of-Experts Model"} <= {c.title for c in answer.citations}


def test_a_place_no_earlier_answer_reaches_is_said_so_not_called_a_topic_the_corpus_lacks() -> None:
    from rag.answer.generator import DraftRequest, OfflineDrafter

    question = "Can you tell me more about the fifth one you mentioned?"
    follow = resolve_follow_up(question, HISTORY, find_titles, has_topic)
    request = DraftRequest(question, question, intent_of(question), [])
    request.follow_up = follow
    draft = OfflineDrafter().compose(request)
    assert draft.refused and draft.text.startswith("No earlier answer in this conversation has the fifth one")
    assert "the longest listed 3 papers" in draft.text


def test_no_more_quotes_the_question_without_the_words_that_opened_its_turn() -> None:
    from rag.answer.generator import DraftRequest, OfflineDrafter

    # a blind hand test's chat (evals/dev_s186.jsonl) was told: 'The search found no other paper that answers
    # "switching topics: which papers get 3D point cloud models to benefit from 2D models?" beyond the 4 ...'
    asked = "switching topics: which papers get 3D point cloud models to benefit from 2D models?"
    request = DraftRequest("anything else along those lines?", asked, intent_of(asked), [], scope_size=4)
    request.follow_up = FollowUp("more", ["a", "b", "c", "d"], asked, "")
    draft = OfflineDrafter().compose(request)
    assert draft.refused and "answers “which papers get 3D point cloud models" in draft.text


@pytest.mark.parametrize("found", [1, 2])
def test_more_of_a_search_that_had_listed_nothing_does_not_count_papers_already_listed(assistant, found: int) -> None:
    from rag.answer.generator import DraftRequest, OfflineDrafter

    # (it had said "Beyond the 0 already listed, 2 more papers address this:")
    asked = "Which papers distill CLIP?"
    request = DraftRequest("show me more", asked, intent_of(asked), assistant.evidence(asked)[:found])
    request.follow_up = FollowUp("more", [], asked, "")
    draft = OfflineDrafter().compose(request)
    assert not draft.refused and "already listed" not in draft.text


def test_a_place_no_answer_reaches_is_not_searched_for_as_a_word(assistant) -> None:
    # a hand tester's chat: after answers of one paper each, "what did the second one find?" was searched as written,
    # and "second" matched OakInk's "the second knowledge base", a paper nobody had mentioned
    history = chat_of(
        assistant, "what did the DeeCLIP paper train on?", "how many GPU hours did the FSFM pretraining take?"
    )
    answer = assistant.ask("what did the second one find?", history=history)
    assert answer.refused and answer.citations == []
    assert answer.text.startswith("No earlier answer in this conversation has the second one")


def test_a_fact_asked_of_each_paper_on_the_table_by_a_modified_noun_is_asked_of_every_one(assistant) -> None:
    # "each one" refers to the list; "base" (of "base model") names what is asked of each, not what picks them
    question = "How are people adapting English-centric LLMs like Llama to other, lower-resource languages?"
    history = [{"role": "user", "content": question}, {"role": "assistant", "content": assistant.ask(question).text}]
    answer = assistant.ask("What base model does each one start from?", history=history)
    assert not answer.refused and len(answer.citations) >= 3
    assert "OakInk" not in answer.text


@pytest.mark.parametrize(
    "question",
    [
        "Do they also have anything on spiking neural networks?",
        "do you have papers on speech recognition?",
        "Does it include any work on model merging?",
    ],
)
def test_a_pronoun_that_holds_papers_is_the_collection_and_the_question_a_new_search(question: str) -> None:
    # papers hold no papers: "they" is whoever keeps the collection, not the papers on the table
    assert resolve_follow_up(question, HISTORY, find_titles, has_topic).mode == "none"


@pytest.mark.parametrize(
    "question",
    [
        "different topic - mixture of experts inside multimodal LLMs, what's there? does it actually cut compute?",
        "ok, switching gears: how do they train mixture-of-experts routers?",
        "Unrelated: is there work on chess engines, and how strong do they get?",
        "Totally unrelated - is there a Chinese dialogue dataset in here? how big is it?",
        "different question: for single-cell data, how do they deal with not knowing how many cell types there are?",
        "diff question: is there a dataset for classifying legal documents across languages? how many languages",
        # a hand tester's topic switch: "totally different" had stayed in its search, and an offline-RL paper answered
        "totally different: any papers on using reinforcement learning to schedule their freight trains?",
        # (a blind hand test's chats, evals/dev_s85.jsonl: "switching topics completely" had stayed in the search)
        "switching topics completely: federated learning papers, and what they do about clients having different data?",
        # (a blind hand test's chat, evals/dev_s126.jsonl: "nvm", "different" and "thing" had stayed in the search)
        "ok nvm that. different thing - adapting a pretrained model to a new sensor when you can't access its data?",
        # (a blind hand test's chat, evals/dev_s168.jsonl: "different" and "direction" had stayed in the search, and
        # the question was refused)
        "different direction: can this kind of big pretrained model help with reinforcement learning too? any papers?",
    ],
)
def test_a_turn_announcing_a_change_of_subject_searches_anew_whatever_its_pronouns(question: str) -> None:
    assert opens_new_subject(question)
    follow = resolve_follow_up(question, HISTORY, find_titles, has_topic)
    assert follow.mode == "none" and not {"nvm", "thing"} & set(query_terms(without_lead_in(follow.own_question)))


@pytest.mark.parametrize(
    "question",
    [
        "is there a paper on generating sound from images or video frames? what models does it build on?",
        "Is there a paper on distilling CLIP, and what does it distill into?",
        "Is there also a keyword spotting paper, and what false alarm rate did it reach?",
        # (a blind hand test's chat, evals/dev_s112.jsonl: the list's paper was asked, and said no Dice score)
        "isn't there also a SAM-based brain tumor one? what dice score did it reach?",
        # ... or describing the paper sought (a blind hand test's chat, evals/dev_s168.jsonl: "that one" had been the
        # papers on the table, and the wrong one answered)
        "i remember one that distills a generative model into a retriever. does that one work with little data?",
    ],
)
def test_a_pronoun_after_a_clause_asking_for_a_paper_is_that_paper(question: str) -> None:
    # "it" is the paper the message asks for, not the paper on the table
    history = [*HISTORY, {"role": "user", "content": "what is TransAgent?"}]
    history.append(
        {"role": "assistant", "content": "**TransAgent: Transfer Vision-Language Foundation Models**: x [1]"}
    )
    assert resolve_follow_up(question, history, find_titles, has_topic).mode == "none"
    # a question about the paper on the table keeps it
    assert resolve_follow_up("what models does it build on?", history, find_titles, has_topic).mode != "none"


def test_a_request_for_papers_closing_on_those_after_a_topic_of_its_own_asks_for_that_topic() -> None:
    # a hand tester's chat: "None of the 2 papers in the previous answer does this", for bots booking restaurants
    question = "ok and what about bots that help you do tasks like booking a restaurant - which papers work on those?"
    assert resolve_follow_up(question, HISTORY, find_titles, has_topic).mode == "none"
    # with nothing of its own before it, "those" are the papers on the table
    assert resolve_follow_up("which papers build on those?", HISTORY, find_titles, has_topic).mode == "set"
    # and so is a request for what the collection holds on them, after a topic of its own in a clause before it
    asked = "what about mixture-of-experts models, what do you have on those?"
    assert resolve_follow_up(asked, HISTORY, find_titles, has_topic_words).mode == "none"
    assert resolve_follow_up("what do you have on those?", HISTORY, find_titles, has_topic_words).mode == "set"


def test_they_after_a_one_paper_answer_to_a_new_search_is_that_paper() -> None:
    # "what other games did they try?": the authors of the chess paper just found, not the list before the new subject
    chess = "**TransAgent: Transfer Vision-Language Foundation Models**: playing strength across board games [1]"
    history = [*HISTORY, {"role": "user", "content": "unrelated - can LLMs play chess?"}]
    history.append({"role": "assistant", "content": chess})
    follow = resolve_follow_up("what other games did they try besides chess?", history, find_titles, has_topic)
    assert follow.paper_ids == ["transagent"]
    # "which of them ..." picks among several: the list before
    follow = resolve_follow_up("which of them distill CLIP?", history, find_titles, has_topic)
    assert len(follow.paper_ids) == 3


@pytest.mark.parametrize(
    ("question", "open_question"),
    [
        ("how do they get around having so few labels?", True),
        ("what did it find?", True),
        ("what kind of gains do those report?", True),
        ("what about those with code?", False),  # narrows, describes nothing
        ("how many of them use LoRA?", False),  # a count
        ("which of them use LoRA?", False),  # picks among them
        ("do they handle long documents?", False),  # yes or no
        ("what papers use LoRA?", False),
    ],
)
def test_an_open_question_asks_for_a_description(question: str, open_question: bool) -> None:
    assert asks_an_open_question(question) is open_question


def test_a_fact_asked_of_each_paper_on_the_table_says_which_abstracts_lack_it(assistant) -> None:
    # a hand tester's chat: the one survey stating its count was given, the others left out without a word
    listed = (
        "2 papers in the corpus address this:\n"
        "- **Knowledge Graphs Meet Multi-Modal Learning: A Comprehensive Survey**: x [1]\n"
        "- **The (R)Evolution of Multimodal Large Language Models: A Survey**: y [2]"
    )
    history = [{"role": "user", "content": "multimodal surveys?"}, {"role": "assistant", "content": listed}]
    answer = assistant.ask("how many papers do they each cover?", history=history)
    assert "over 300 articles" in answer.text and len(answer.citations) == 2
    assert "Not stated in the abstracts of: *The (R)Evolution of Multimodal Large Language Models" in answer.text


def test_a_question_describing_its_own_paper_is_not_asked_of_the_papers_on_the_table(assistant) -> None:
    # "the paper asking whether ..." describes a paper; LEMON, the one paper on the table, is not it
    first = "LEMON negative sampling for knowledge graph embeddings"
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": assistant.ask(first).text}]
    question = "what did the paper asking whether PLMs actually infer unseen links conclude?"
    answer = assistant.ask(question, history=history)
    assert [c.title.split("?")[0] for c in answer.citations] == [
        "Does Pre-trained Language Model Actually Infer Unseen Links in Knowledge Graph Completion"
    ]


def test_an_open_question_about_the_papers_on_the_table_is_asked_of_each(assistant) -> None:
    # a hand tester's chat: "None of the 2 papers does this", though both abstracts say how they cope with few labels
    first = "papers on classifying scientific text when there is little labelled data"
    history = [{"role": "user", "content": first}, {"role": "assistant", "content": assistant.ask(first).text}]
    listed = assistant.ask(first).citations
    answer = assistant.ask("how do they get around having so few labels?", history=history)
    assert not answer.refused and {c.paper_id for c in answer.citations} == {c.paper_id for c in listed}


def test_a_question_naming_its_own_paper_is_about_that_paper_not_the_papers_on_the_table() -> None:
    # "it" is the paper the question names; the papers on the table are not what it asks about
    history = [{"role": "user", "content": "Which papers distill CLIP?"}, {"role": "assistant", "content": GKC_ANSWER}]
    follow = resolve_follow_up("How big is TransAgent and what does it distill?", history, find_titles, has_topic)
    assert follow.mode == "none" and follow.paper_ids == []
    # a reference to the table keeps it: "which of those cite TransAgent?"
    follow = resolve_follow_up("Which of those build on TransAgent?", history, find_titles, has_topic)
    assert follow.mode != "none"


def test_an_earlier_answer_picked_by_its_place_gives_its_papers() -> None:
    history = [*HISTORY, {"role": "user", "content": "and GKC?"}, {"role": "assistant", "content": GKC_ANSWER}]
    question = "Which of the papers from your first answer have a code link?"
    follow = resolve_follow_up(question, history, find_titles, has_topic)
    assert (follow.mode, len(follow.paper_ids)) == ("set", 3)
    assert strip_references(question) == "Which have a code link?"
    follow = resolve_follow_up(
        "Which of the papers in your last answer are about CLIP?", history, find_titles, has_topic
    )
    assert (follow.mode, follow.paper_ids) == ("set", ["gkc"])
    # (a blind hand test's chat, evals/dev_s112.jsonl: "the first batch" had been read as the latest, one-paper answer)
    follow = resolve_follow_up(
        "out of the first batch you listed, which ones work with CLIP?", history, find_titles, has_topic
    )
    assert (follow.mode, len(follow.paper_ids)) == ("set", 3)


def test_a_misspelt_place_in_a_list_is_read_as_that_place() -> None:
    from rag.retrieve import repair_function_words

    assert repair_function_words("waht tasks did the frist paper in your list use?") == (
        "what tasks did the first paper in your list use?"
    )


def test_a_function_word_as_chat_spells_it_is_read_as_that_word() -> None:
    # a blind hand test's chat (evals/dev_s85.jsonl): "ur original list" was read as the latest list
    from rag.retrieve import repair_function_words

    assert repair_function_words("the first paper in ur original list - can u link the code?") == (
        "the first paper in your original list - can you link the code?"
    )
    assert repair_function_words("U-Net and yr-2 ur-ban") == "U-Net and yr-2 ur-ban"  # (parts of words stay)
    history = [*HISTORY, {"role": "user", "content": "and GKC?"}, {"role": "assistant", "content": GKC_ANSWER}]
    follow = resolve_follow_up(
        repair_function_words("the third paper in ur first list"), history, find_titles, has_topic
    )
    assert (follow.mode, follow.paper_ids) == ("ordinal", ["transagent"])


def test_a_papers_name_in_lower_case_is_no_misspelt_function_word(assistant) -> None:
    # a hand tester's "slca vs mos" had been read as "SLCA vs most"
    from rag.retrieve import repair_function_words

    assert repair_function_words("slca vs mos") == "slca vs most"  # alone, the nearest function word
    answer = assistant.ask("slca vs mos - how does each one fight forgetting?")
    assert set(answer.cited_paper_ids) == {"46d66952b251e1a7", "0f64690bd324bc59"}  # SLCA, MOS


def test_a_place_in_an_earlier_answer_picked_by_its_place_is_that_paper() -> None:
    history = [*HISTORY, {"role": "user", "content": "and GKC?"}, {"role": "assistant", "content": GKC_ANSWER}]
    follow = resolve_follow_up("Summarise the third one from your first answer", history, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("ordinal", ["transagent"])


@pytest.mark.parametrize(
    "question",
    [
        "the last paper on your first list - what's its main trick?",
        "the last one you listed originally - what does it do?",
        "the last one you originally listed - is the code out?",
        "what was the last paper on your very first list about?",
    ],
)
def test_a_place_on_the_first_list_is_that_place_there_not_in_the_latest_answer(question: str) -> None:
    # a hand tester's "the last paper on your first list" had been read in the latest answer
    later = (
        "2 papers in the corpus address this:\n"
        "- **Global Knowledge Calibration for Fast Open-Vocabulary Segmentation**: calibration [1]\n"
        "- **CLIP-CID: Efficient CLIP Distillation via Cluster-Instance Discrimination**: clusters [2]"
    )
    history = [*HISTORY, {"role": "user", "content": "which of them segment?"}, {"role": "assistant", "content": later}]
    follow = resolve_follow_up(question, history, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("ordinal", ["transagent"])
    assert resolve_follow_up("the last one - what does it do?", history, find_titles, has_topic).paper_ids == ["cid"]


def test_they_beside_it_after_an_answer_about_one_paper_are_its_authors_not_the_list_before() -> None:
    # a hand tester's "what GPU did they train it on?" after a GBT-SAM answer had been asked of an earlier list
    history = [*HISTORY, {"role": "user", "content": "sum up the second one"}]
    history.append({"role": "assistant", "content": GKC_ANSWER})
    follow = resolve_follow_up("what GPU did they train it on?", history, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("ordinal", ["gkc"])
    # "they" alone, after the user picked that paper by its place, are its authors too (a blind hand test's chats,
    # evals/dev_s87.jsonl: "whats the name of the benchmark they introduce?" after "tell me more about the third one"
    # had been asked of the list)
    follow = resolve_follow_up("what GPUs did they train on?", history, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("ordinal", ["gkc"])
    follow = resolve_follow_up("whats the name of the benchmark they introduce?", history, find_titles, has_topic)
    assert (follow.mode, follow.paper_ids) == ("ordinal", ["gkc"])
    # ... but "which of them" picks among the list of several before, and "they" asking for papers is that list
    assert len(resolve_follow_up("which of them train on GPUs?", history, find_titles, has_topic).paper_ids) == 3
    assert len(resolve_follow_up("do they all use GPUs?", history, find_titles, has_topic).paper_ids) == 3


def test_a_place_an_earlier_answer_does_not_reach_is_said_to_be_missing() -> None:
    history = [*HISTORY[:1], {"role": "assistant", "content": GKC_ANSWER}, *HISTORY]
    follow = resolve_follow_up("the third one on your first list - what does it do?", history, find_titles, has_topic)
    # (that answer held one paper: the question is read as about it, and the missing place is said)
    assert (follow.mode, follow.paper_ids, follow.missing_position) == ("ordinal", ["gkc"], "the third one")
    # (an answer of three: about each of them)
    follow = resolve_follow_up("the fifth one in your first answer - what does it do?", HISTORY, find_titles, has_topic)
    assert (follow.mode, len(follow.paper_ids), follow.missing_position) == ("ordinal", 3, "the fifth one")


def test_an_acronym_modifying_the_thing_asked_does_not_make_any_model_an_answer(assistant) -> None:
    # "which LLM backbones": backbones are asked; "MoE-LLMs based multi-modal models" names no backbone
    answer = assistant.ask("Which LLM backbones were used in the MoIIE experiments?")
    assert answer.refused and "does not state the LLM backbones" in answer.text


def test_a_yes_no_question_guessing_a_name_of_capitalised_words_the_abstract_never_writes_is_a_near_miss(
    assistant,
) -> None:
    answer = assistant.ask("Was Topical-Chat collected as part of the Alexa Prize?")
    assert answer.refused and "does not state anything about Alexa Prize" in answer.text


SLCA_RESULTS = (
    "Across a variety of scenarios, our proposal provides substantial improvements for CLPM (e.g., up to 49.76%, "
    "50.05%, 44.69% and 40.16% on Split CIFAR-100, Split ImageNet-R, Split CUB-200 and Split Cars-196, respectively)."
)


def test_benchmarks_named_after_the_figures_of_a_result_are_stated_whatever_the_figures_dots() -> None:
    # a hand tester's question had been told the abstract states no benchmark
    assert stater("Which benchmarks does SLCA use?")(SLCA_RESULTS)
    assert not stater("Which benchmarks does SLCA use?")("We propose SLCA, e.g. for continual learning.")


def test_a_difference_asked_by_one_name_is_stated_by_another() -> None:
    assert stater("What gains did SLCA report?")(SLCA_RESULTS)
    assert not stater("What gains did SLCA report?")("SLCA reaches 49.76% on Split CIFAR-100.")
    # the figure counts the difference by another name, with nothing between them
    gains = stater("What gains did the rescoring paper get over Whisper?")
    assert gains("Our experiments demonstrate up-to 20% relative improvements over Whisper large ASR.")
    # a figure signed as a change is one, beside what it is of
    assert stater("how big was the coding gain?")("It outperforms the base model on Coding (+4.4 points).")


def test_a_share_asked_is_stated_by_a_percentage_beside_what_it_is_a_share_of() -> None:
    share = stater("what share of ChatGPT's ability did Lion reach?")
    assert share("Knowledge moves from ChatGPT to Lion, achieving nearly 95% capability approximation with 70k data.")
    assert not share("Lion reaches 95% accuracy on MMLU.")


def test_how_much_faster_is_stated_by_a_multiple_of_its_own_measure_only() -> None:
    faster = stater("How much faster are the distilled Romanian BERT models?")
    assert faster("The distilled models are twice as fast on a GPU and ~35% smaller.")
    assert faster("Inference is at least 129 times faster than the teacher's.")
    assert faster("Encouragingly, we can speed up the inference at least 129times compared to the existing models.")
    assert not faster("We compress the models to a size (3 MB), which is 160times smaller than the original size.")


def test_how_much_faster_is_stated_by_an_acceleration_by_a_multiple() -> None:
    # a hand tester's CLEAR answer had quoted the figure and still said the abstract does not name how much faster
    faster = stater("how much faster does it get at 8K resolution?")
    assert faster("It reduces attention computations by 99.5% and accelerates generation by 6.3 times for 8K images.")
    assert not faster("It reduces attention computations by 99.5% for 8K images.")


def test_a_kind_asked_by_its_acronym_is_named_neither_by_its_plural_nor_by_a_list_of_something_else() -> None:
    # a hand tester's "which pre-trained DiT did they start from?" had been answered by CLEAR's list of factors
    asked = attribute_of("which pre-trained DiT did they start from — FLUX or SD3?")
    assert asked is not None and asked.nouns == frozenset({"dit"})
    factors = (
        "We identify four key factors crucial for successful linearization of pre-trained DiTs: locality, "
        "formulation consistency, high-rank attention maps, and feature integrity."
    )
    assert not stater("which pre-trained DiT did they start from — FLUX or SD3?")(factors)
    assert stater("which pre-trained DiT did they start from?")("We fine-tune pre-trained DiTs such as FLUX and SD3.")
    issues = "It may address prevalent issues in traditional models, such as hallucinations and scalability."
    assert not stater("what base models did they build on?")(issues)


def test_a_which_clause_inside_a_question_asking_how_asks_no_fact() -> None:
    # "which training data" is what KCA works out; the question asks how, and had been answered "does not state
    # the datasets used" beside the sentence that says how
    assert attribute_of("How does the KCA method figure out which training data an LLM doesn't actually know?") is None
    assert attribute_of("How does KCA work, and which datasets did it use?") is not None


def test_a_question_opening_with_when_asks_a_date_even_when_it_closes_on_released() -> None:
    # a hand tester's question had been answered "does not state where its code or data are available"
    assert attribute_of("when was the MoRE paper (x-rays + ECGs + reports contrastive pretraining) released?").type == (
        "date"
    )
    assert attribute_of("is the MoRE code released?").type == "availability"


def test_a_question_inside_the_topic_as_the_object_of_a_verb_in_ing_asks_no_fact() -> None:
    # a hand tester's "anything on predicting how long cancer patients will survive?" had been answered "none of
    # these papers states how long it took" beside the survival-prediction paper
    assert attribute_of("different question - anything on predicting how long cancer patients will survive?") is None
    assert attribute_of("papers on learning which features matter for retrieval?") is None
    assert attribute_of("How long did it take to train, and how many GPUs?") is not None
    assert attribute_of("Is anything known about how long training took?") is not None


def test_a_count_runs_past_a_hyphenated_participle_to_its_noun() -> None:
    counted = stater("How many small pre-trained BERT models did they promise to release?")
    assert counted("To accelerate future research, we will make our 24 pre-trained miniature BERT models available.")


def test_an_improvement_asked_by_a_modified_noun_is_stated_by_a_boost() -> None:
    # a hand tester's FLEEG question had been told the abstract does not state the reported improvement
    boost = "Results demonstrate that the proposed frame can boost classification performance up to 16.7%."
    assert stater("how large was the reported improvement?")(boost)
    assert not stater("how large was the reported improvement?")("The framework is evaluated on nine datasets.")


def test_a_count_is_not_stated_by_a_percentage_unless_it_is_a_share_of_the_things_counted() -> None:
    # FLEEG's "how many datasets" had been taken as stated by its improvement sentence, and its nine datasets unsaid
    asks = stater("how many datasets were used?")
    assert not asks("It boosts classification performance up to 16.7% by sharing knowledge between datasets.")
    assert asks("It has been evaluated in Motor Imagery classification with nine EEG datasets.")
    assert stater("How many parameters does FAME-ViL save?")("FAME-ViL can save 61.5% of parameters over alternatives.")


def test_a_fact_asked_besides_a_description_is_said_to_be_missing_without_refusing_the_question(assistant) -> None:
    # kept with the paper it is asked of ("..., and which datasets were used?" is no search of its own), a fact the
    # abstract lacks had refused the whole question, though the abstract says what the method does
    answer = assistant.ask("What does LLaVA-MoD do, and which datasets were used?")
    assert not answer.refused and answer.cited_paper_ids[:1] == ["1a31c6d782a870bb"]  # LLaVA-MoD
    assert "The abstract does not state the datasets used." in answer.text
    assert assistant.ask("Which datasets does LLaVA-MoD use?").refused  # asked alone, it is a near miss
    assert not opens_with_a_description_asked("What datasets does LLaVA-MoD use, and how big is it?")


def test_a_listed_paper_named_by_an_english_word_in_lower_case_is_that_paper(assistant) -> None:
    # a hand tester's "how much compute did training lion take" had been answered by another paper's GPU hours
    asked = "Which papers distill ChatGPT into a smaller open model?"
    first = assistant.ask(asked)
    assert "146468c39c512aac" in first.cited_paper_ids  # Lion
    history = after_one_answer(asked, first.text)
    answer = assistant.ask("how much compute did training lion take, gpu hours?", history=history)
    assert answer.cited_paper_ids == ["146468c39c512aac"] and "does not state" in answer.text


def test_a_comparison_with_a_paper_on_the_table_finds_its_other_side_by_a_name_an_abstract_writes(assistant) -> None:
    # "fusellm vs twin-merging" after a Twin-Merging answer had compared Twin-Merging with nothing: FuseLLM is named
    # in its abstract only ("Knowledge Fusion of Large Language Models")
    listed = "**Twin-Merging: Dynamic Integration of Modular Expertise in Model Merging**: we propose Twin-Merging. [1]"
    history = after_one_answer("model merging papers?", listed)
    answer = assistant.ask("fusellm vs twin-merging - how do they differ in how they combine models?", history=history)
    assert set(answer.cited_paper_ids) == {"5fa4f5d75ddae980", "0163e6b4e31d4f5d"}


def test_models_asked_are_named_by_a_list_after_a_short_form_the_corpus_uses_for_a_kind_of_model(assistant) -> None:
    # FuseLLM's "three popular LLMs with different architectures--Llama-2, MPT, and OpenLLaMA" names its source models
    answer = assistant.ask("Knowledge Fusion of Large Language Models: which source models did they fuse?")
    assert answer.cited_paper_ids == ["0163e6b4e31d4f5d"] and "Llama-2, MPT, and OpenLLaMA" in answer.text


def test_the_measure_and_benchmark_a_figure_is_asked_on_name_no_paper_in_a_follow_up(assistant) -> None:
    # "What MRR does the structured entity anchors method get on FB15K-237?" had been answered from the one paper a
    # search for "MRR" found, not the paper the chat had listed with structured entity anchors
    listed = (
        "**Unifying Structure and Language Semantic for Efficient Contrastive Knowledge Graph Completion with "
        "Structured Entity Anchors**: x [1]\n**Inductive Entity Representations from Text via Link Prediction**: y [2]"
    )
    history = after_one_answer("knowledge graph completion with language models?", listed)
    temt = "**Leveraging Pre-trained Language Models for Time Interval Prediction in Text-Enhanced Temporal "
    history += after_one_answer("and on time intervals?", temt + "Knowledge Graphs**: TEMT predicts them. [1]")
    answer = assistant.ask("What MRR does the structured entity anchors method get on FB15K-237?", history=history)
    assert answer.cited_paper_ids == ["d8b4e70e6b3a4881"]


def test_a_name_only_an_abstract_writes_is_that_paper_though_the_question_also_names_a_kind(assistant) -> None:
    # "which LLMs did they run KnowEdit on?" after two editing benchmarks had been answered from one of them: "LLMs"
    # is a kind the corpus abbreviates, no paper's name, and KnowEdit is named in one abstract only
    listed = (
        "**VLKEB: A Large Vision-Language Model Knowledge Editing Benchmark**: x [1]\n"
        "**MMKE-Bench: A Multimodal Editing Benchmark for Diverse Visual Knowledge**: y [2]"
    )
    history = after_one_answer("How is VLKEB different from MMKE-Bench?", listed)
    answer = assistant.ask("Which specific LLMs did they run KnowEdit on?", history=history)
    assert answer.cited_paper_ids == ["a1470ce1e85c1788"]  # A Comprehensive Study of Knowledge Editing for LLMs
    assert "does not state the LLMs" in answer.text


def test_a_hyphenated_name_only_an_untitled_abstract_writes_is_that_paper(assistant) -> None:
    # "For CoT-Valve: ..." after the board-games paper had been answered from the board-games paper
    listed = "**Mastering Board Games by External and Internal Planning with Language Models**: x [1]"
    history = after_one_answer("anything on LLMs playing chess?", listed)
    answer = assistant.ask("For CoT-Valve: how much did it cut GSM8K chains?", history=history)
    assert answer.cited_paper_ids == ["1568a7f6bdb67b2a"] and "741 to 225" in answer.text


UNIT_TITLE = (
    "Towards a Single Unified Model for Effective Detection, Segmentation, and Diagnosis of Eight Major Cancers "
    "Using a Large Collection of CT Scans"
)


def test_a_paper_described_by_a_compound_of_its_title_words_is_that_paper(assistant) -> None:
    # a hand tester's "the eight-cancer CT model", after UniT and then other papers, had been read as another paper
    history = [
        {"role": "user", "content": "papers on outlining tumors in medical scans?"},
        {"role": "assistant", "content": f"**{UNIT_TITLE}**: we construct a Unified Tumor Transformer. [1]"},
        {"role": "user", "content": "anything on brain tumours?"},
        {"role": "assistant", "content": "**GBT-SAM: Adapting a Foundational Deep Learning Model**: gliomas. [1]"},
    ]
    answer = assistant.ask("the eight-cancer CT model - how many patients was it trained on?", history=history)
    assert answer.cited_paper_ids == ["e058267bac052841"] and "10,042 patients" in answer.text


def test_a_paper_described_by_its_title_words_that_no_paper_on_the_table_has_is_that_paper(assistant) -> None:
    # "the face foundation model" after a CLIP deepfake paper: FSFM, "A Generalizable Face Security Foundation Model"
    listed = "**Unlocking the Hidden Potential of CLIP in Generalizable Deepfake Detection**: we exploit CLIP. [1]"
    history = after_one_answer("deepfake detection with CLIP?", listed)
    answer = assistant.ask("and the face foundation model - what does it pretrain on?", history=history)
    assert answer.cited_paper_ids == ["bf5644c7a87b6291"]
    # a restriction of the table by such words stays a restriction of the table
    restricted = assistant.ask("which of those use the face foundation model?", history=history)
    assert restricted.follow_up == "set"


def test_clustering_measures_joined_by_a_slash_are_asked_either() -> None:
    # a hand tester's "what ACC/NMI does AGCLA get on Cora?" had been answered with "effective on six datasets"
    asked = attribute_of("what ACC/NMI does AGCLA get on Cora?")
    assert asked is not None and asked.nouns == frozenset({"acc", "nmi"})
    assert not stater("what ACC/NMI does AGCLA get?")("Results show its effectiveness on six benchmark datasets.")
    assert stater("what ACC/NMI does AGCLA get?")("AGCLA reaches an NMI of 54.2 on Cora.")


def test_an_acronym_after_an_adjective_heads_the_thing_asked() -> None:
    # a hand tester's answer had said the abstract "does not state the large."
    asked = attribute_of("Which exact large MLLM did LLaVA-MoD use as its teacher model?")
    assert asked is not None and asked.nouns == frozenset({"mllm"}) and asked.phrase == "the large MLLM"


def test_a_total_asked_is_not_stated_by_a_count_of_its_active_part() -> None:
    # four hand testers' "total parameter count of Aria" / "experts in total" had been answered by activated counts
    aria = "Aria is a mixture-of-expert model with 3.9B and 3.5B activated parameters per visual token."
    assert not stater("What's the total parameter count of Aria?")(aria)
    assert stater("how many activated parameters does Aria have?")(aria)
    assert stater("What's the total parameter count of Aria?")("Aria has 25.3B parameters in total.")


def test_the_first_clause_of_two_asks_the_fact_the_whole_question_hides() -> None:
    # "... trained on and how accurate ...": the whole question's form matches no fact; its first clause does
    found = attribute_of("the DeeCLIP one - what was it trained on and how accurate is it?")
    assert found is not None and found.type == "dataset"
    # a comparison's clauses say what it compares the papers on: it stays a comparison of the whole papers
    comparison = "Compare Lion and TinyR1: what are the teacher and student models and how does each work?"
    assert attribute_of(comparison) is None


def test_a_measure_then_of_and_a_figure_gives_its_value() -> None:
    # "of more than 10,000 tokens" is the context length's value, though the bound stands between them
    asked = stater("what context length do the MechGPT models reach?")
    assert asked("Three versions are discussed, reaching context lengths of more than 10,000 tokens.")
    assert asked("The best model outperformed the baseline with average improvements of 60.31% in MAP.") is False
    # ... asked as "how long a context": a length, as "how big a model" is a size, not a time (a blind hand test,
    # evals/dev_s139.jsonl, had said the abstract "does not state how long it took")
    assert stater("how long a context does MechGPT reach?")(
        "Three versions are discussed, reaching context lengths of more than 10,000 tokens."
    )
    took = attribute_of("how long a time did training take?")
    assert took is not None and took.type == "duration"
    # the measure must be the one asked: a length of something else is no context length
    assert not stater("what learning rate did they use?")("We train with sequence lengths of up to 2,048 tokens.")


def test_a_name_a_restriction_writes_tells_the_papers_apart_though_asked_before() -> None:
    # a hand test: "which of them start from Llama 2?", after "how do people adapt an English-centric LLM like Llama
    # to another language?", had been judged on "start" alone and answered "none" (three of the four write Llama 2)
    from types import SimpleNamespace

    from rag.answer.engine import AnswerEngine

    writes = {"llammas": {"llama", "languag"}, "leia": {"languag"}}
    engine = SimpleNamespace(retriever=SimpleNamespace(contains=lambda paper, term: term in writes[paper]))
    earlier = "how do people adapt an English-centric LLM like Llama to another language?"
    terms = query_terms("Which of them start from Llama 2?")
    assert AnswerEngine._distinguishing(engine, terms, list(writes), earlier, {"llama"}) == ["llama", "start"]
    # without a name, the words the papers were found for are the reason they are on the table, and tell none apart
    assert AnswerEngine._distinguishing(engine, terms, list(writes), "how do people adapt Llama to languages?") == [
        "start"
    ]
    # a name in lower case is still a name when its version follows it ("llama 2"); a number counting a noun is not
    assert versioned_names("which of those start from llama 2?") == {"llama"}
    assert versioned_names("do any use llama 2 or mistral") == {"llama"}
    assert versioned_names("which of those use 2 datasets?") == set()


def test_an_example_the_earlier_question_offered_tells_the_papers_apart() -> None:
    # a blind hand test's chats (evals/dev_s138.jsonl): "which of those produce 3D outputs in the end?", asked of papers
    # found for distillation "to a student that works on a different modality like 3D, audio or events", had been
    # judged without "3D" and cited neither 3D paper
    from types import SimpleNamespace

    from rag.answer.engine import AnswerEngine

    writes = {"partdistill": {"3d", "distil"}, "sound": {"3d", "audio", "distil"}, "acoustic": {"output", "distil"}}
    engine = SimpleNamespace(retriever=SimpleNamespace(contains=lambda paper, term: term in writes[paper]))
    earlier = "cross-modal distillation to a student on a different modality like 3D, audio or events?"
    terms = query_terms("which of those produce 3D outputs?")
    assert "3d" in AnswerEngine._distinguishing(engine, terms, list(writes), earlier)
    # the topic it named twice ("deepfakes or AI-generated images") is offered as no example: it is why they were found
    assert offered_examples("What papers are there on detecting deepfakes or AI-generated images?") == []
    # an example ends at its first word of no content, and "like" as a verb offers nothing
    assert offered_examples("how do people adapt an English-centric LLM like Llama to another language?") == ["Llama"]
    assert offered_examples("I would like papers on image generation") == []


def test_the_words_a_list_was_found_for_tell_none_of_its_papers_apart_in_either_spelling() -> None:
    # a hand test: "do any of them deal with task-oriented dialog?", asked of papers found for "knowledge-grounded
    # dialogue generation", had matched 9 of 10 on "dialog" (which the stemmer keeps apart from "dialogue")
    from types import SimpleNamespace

    from rag.answer.engine import AnswerEngine

    writes = {"wow": {"dialog", "knowledg"}, "kdconv": {"dialog", "chines"}, "topical": {"convers"}}
    engine = SimpleNamespace(retriever=SimpleNamespace(contains=lambda paper, term: term in writes[paper]))
    earlier = "what work is there on knowledge-grounded open-domain dialogue generation?"
    terms = query_terms("do any of them deal with task-oriented dialog?")
    assert set(AnswerEngine._distinguishing(engine, terms, list(writes), earlier)) == {"task", "orient"}


def test_a_restriction_naming_its_papers_by_topic_is_asked_of_the_corpus_without_the_chats_latest_topic() -> None:
    # a blind hand test: "which of those distillation papers you listed are about image segmentation?" had searched
    # the corpus for segmentation together with the chat's latest question (on one paper's training data): nothing
    from functools import partial
    from types import SimpleNamespace

    from rag.answer.engine import AnswerEngine

    shares = {"model": 0.95}
    engine = SimpleNamespace(
        retriever=SimpleNamespace(document_share=lambda term: shares.get(term, 0.1)),
        settings=SimpleNamespace(ubiquitous_word_share=0.9),
    )
    follow = FollowUp(
        "set",
        ["lion"],
        previous_question="knowledge distillation where the teacher is a large language model",
        conversation_topic="how much training data did Lion need?",
    )
    restates = partial(AnswerEngine._restates_a_topic, engine)
    assert restates("which of those distillation papers you listed are about image segmentation?", follow)
    # a restriction alone, even in words the topic shares ("learning"), is asked on the chat's topic; so are papers
    # named by a word every paper writes
    assert not restates("which of those use reinforcement learning for distillation?", follow)
    assert not restates("which of those model papers are about image segmentation?", follow)


@pytest.mark.parametrize(
    "question",
    [
        "and CONVERT, how fast is it - training time compared to the baselines?",
        "how much better is LLM-Neo compared with prior methods?",
        "compared to other models, how big is SpikeGPT?",
        # the standard practice a paper improves on (a blind hand test's chat, evals/dev_s122.jsonl: "the Point-PEFT
        # one: how many trainable params does it use compared to full finetuning?" had set two other papers beside it)
        "the Point-PEFT one: how many trainable params does it use compared to full finetuning?",
        "how much compute does BiPFT save compared to full precision?",
    ],
)
def test_a_result_measured_against_unnamed_baselines_asks_one_paper_not_a_comparison(question: str) -> None:
    # a blind hand test: "and CONVERT, how fast is it - training time compared to the baselines?" had been read as
    # comparing CONVERT with the paper before it, and answered for both
    assert intent_of(question).kind != "compare"
    assert intent_of("How does CONVERT compare to AGCLA?").kind == "compare"
    assert intent_of("CONVERT vs AGCLA: which is faster?").kind == "compare"


def test_the_acronym_glued_to_a_word_in_a_listed_name_picks_that_paper() -> None:
    # a blind hand test: "and the VLA one - how many robot episodes ...?" had been asked of the paper discussed last,
    # not of "SpatialVLA: ... Visual-Language-Action Model", listed before it
    titles = {**TITLES, "spatialvla": "spatialvla", "free-form language-based robotic grasping": "freegrasp"}

    def find(text: str) -> list[tuple[int, str]]:
        lowered = text.lower()
        return sorted((lowered.find(key), pid) for key, pid in titles.items() if key in lowered)

    listed = "2 papers in the corpus address this:\n- **SpatialVLA: Exploring Spatial Representations**: [1]\n"
    listed += "- **Free-form language-based robotic grasping**: [2]"
    history = [{"role": "user", "content": "robot papers?"}, {"role": "assistant", "content": listed}]
    history += [{"role": "user", "content": "what does the second one do?"}]
    history += [{"role": "assistant", "content": "**Free-form language-based robotic grasping**: grasps [1]"}]
    follow = resolve_follow_up("and the VLA one - how many episodes was it pretrained on?", history, find, has_topic)
    assert (follow.mode, follow.paper_ids) == ("ordinal", ["spatialvla"])


FLEEG_TITLE = "Aggregating Intrinsic Information to Enhance BCI Performance through Federated Learning"


def test_a_paper_on_the_table_whose_abstract_writes_the_description_is_the_one_described(assistant) -> None:
    # a blind hand test: "the eeg one" after FLEEG, whose title does not write "EEG" but whose abstract decodes EEG,
    # had been another paper of the corpus titled "... in EEG Signaling Pathways"
    listed = f"**{FLEEG_TITLE}**: we propose a hierarchical personalized Federated Learning EEG decoding framework. [1]"
    history = after_one_answer("federated learning papers?", listed)
    answer = assistant.ask("the eeg one - how many datasets and how big was the gain?", history=history)
    assert answer.cited_paper_ids == ["e51ed7b0ed5ad4a7"] and "nine EEG datasets" in answer.text


def test_a_guess_offered_after_the_question_names_no_other_paper(assistant) -> None:
    # a blind hand test: "llava-1.5 13b?" after asking LLaVA-MoD's teacher had picked the paper writing "LLaVA-13B"
    listed = "**LLaVA-MoD: Making LLaVA Tiny via MoE Knowledge Distillation**: We introduce LLaVA-MoD. [1]"
    history = after_one_answer("how do people distill a big multimodal llm into a smaller one?", listed)
    answer = assistant.ask("which specific teacher model did it distill from? llava-1.5 13b?", history=history)
    assert answer.refused and [c.paper_id for c in answer.citations] == ["1a31c6d782a870bb"]


def test_versions_of_a_named_model_are_stated_by_the_name_with_a_version_number() -> None:
    # a blind hand test: "which llama versions did they compress?" had been said not to be stated
    asks = stater("which llama versions did LLM-Neo compress?")
    assert asks("Experimental results on compressing Llama 2 and Llama 3 show that LLM-Neo outperforms baselines.")
    assert not asks("We compress a large language model into a compact student with LoRA.")
    assert not asks("We compare with GPT-4 on the same benchmarks.")


def test_things_counted_and_asked_of_the_paper_on_the_table_are_named_by_as_many_names_joined() -> None:
    # a blind hand test: "what are its two variants called" had quoted a background sentence
    asked = attribute_of("what are its two variants called")
    assert asked is not None and (asked.type, asked.nouns) == ("entity", frozenset({"variant"}))
    asks = stater("what are its two variants called")
    assert asks("We introduce the Dual-Prism (DP) augmentation method, comprising DP-Noise and DP-Mask.")
    assert not asks("We compare against GPT-2, BART and T5 on three benchmarks.")  # three names, not two
    assert not asks("Issues like graph property distortions and restricted structural changes persist.")


def test_two_things_counted_are_named_by_a_pair_in_lower_case() -> None:
    # a blind hand test's chat (evals/dev_s169.jsonl): "what two alignment pathways does it use?" had been said not to
    # be stated by "dual learning pathways, focusing on both visual-category and attribute-category alignments"
    asks = stater("what two alignment pathways does it use?")
    assert asks(
        "CREST incorporates dual learning pathways, focusing on both visual-category and attribute-category "
        "alignments, to ensure robust correlation between latent and observable spaces."
    )
    assert not asks("CREST incorporates learning pathways for both vision and language.")  # not counted as two
    assert not asks("It uses two learning pathways to align the modalities.")  # counted, but not named


def test_things_counted_are_named_by_names_joined_each_after_words_of_its_own() -> None:
    # a blind hand test (evals/dev_s153.jsonl): "which two pretrained models get glued together" had been read as
    # asking "two" (the base "get" was no verb closing the phrase, "pretrained" was), and the abstract's "the
    # multimodal M-CLIP and the multilingual mBART" said not to name them
    question = "In CLIPTrans, which two pretrained models get glued together?"
    asked = attribute_of(question)
    assert asked is not None and (asked.type, asked.nouns) == ("entity", frozenset({"model"}))
    asks = stater(question)
    assert asks(
        "We propose CLIPTrans, which simply adapts the independently pre-trained multimodal M-CLIP and the "
        "multilingual mBART."
    )
    assert not asks("We compare against GPT-2 and then we propose our own BERT.")  # a clause, not a list's words


def test_a_speedup_asked_by_name_is_stated_as_a_speed_is() -> None:
    # a blind hand test (evals/dev_s141.jsonl): "what speedup did they report for 8K images, and how much attention
    # compute was cut?" quoted "accelerates generation by 6.3 times", then said the speedup was not stated
    sentence = "It reduces attention computations by 99.5% and accelerates generation by 6.3 times for 8K images."
    assert stater("what speedup did they report?")(sentence)
    assert stater("how fast is it?")(sentence)
    assert not stater("what speedup did they report?")("We evaluate on 8K images from three datasets.")


def test_things_counted_with_their_noun_and_enumerated_by_marks_are_named() -> None:
    # a blind hand test's chats (evals/dev_s142.jsonl): "what are its two training stages?" had been said not to be
    # stated, and the sentence enumerating them quoted after it
    asks = stater("what are its two training stages?")
    assert asks(
        "MixDA employs a two-stage adapter-tuning strategy: i) domain-specific adapter on unlabeled data; followed by"
        " ii) the task-specific adapter on labeled data."
    )
    assert not asks("We adopt a two-stage pipeline.")  # counted, not enumerated
    assert not asks("A two-stage pipeline improves results on (a) GLUE.")  # one mark for two stages


def test_a_later_clause_asks_its_named_thing_of_the_paper_the_question_named_before_it() -> None:
    # a blind hand test: "which models served as teacher and student" had been asked of no paper, and its answer
    # ("DeepSeek-R1 as the teacher ...") left out
    question = "For TinyR1-32B-Preview, which models served as teacher and student, and how much did it gain on math?"
    (clause,) = further_asks(question, attribute_of(question))
    assert clause.attribute is not None and clause.attribute.words == ("teacher", "models")
    served = stater("which model served as the teacher in TinyR1-32B?")
    assert served("We validate our approach using DeepSeek-R1 as the teacher and a 32B model as the student.")


def test_a_request_for_papers_glossing_its_topic_in_brackets_asks_no_fact_there() -> None:
    # (a blind hand test, evals/dev_s159.jsonl: "what people do with them" had asked CodePrompt for "the people")
    question = "Give me everything you have on models of code (CodeBERT-style models and what people do with them)."
    asked = intent_of(question)
    assert asked.kind == "list" and asked.attribute is None
    assert attribute_of("Which model (and what size) did LLaVA-MoD distill from?") is not None


@pytest.mark.parametrize(
    ("question", "every_one"),
    [
        ("mixture-of-experts papers — list all of them", True),
        ("give me an overview of all the knowledge distillation work in here", True),
        ("Give me all the continual learning papers", True),
        ("I need every paper on federated learning", True),
        # (a blind hand test: each had listed one page, or three papers of 25)
        ("Which papers are about knowledge graphs? I want all of them", True),
        ("I need a full list of everything on medical or clinical AI", True),
        # (a blind hand test, evals/dev_s125.jsonl: "full" and "set" had been concepts every paper must write)
        ("I need the full set of methods for adapting CLIP to few-shot classification", True),
        # (a blind hand test, evals/dev_s159.jsonl: asked of one paper, it had been refused)
        ("Give me everything you have on pre-trained models of source code", True),
        ("everything you've got about model merging", True),
        ("Which papers distill CLIP?", False),
        # the papers a conversation showed are a restriction, not a topic's every paper
        ("Of all the papers you've mentioned so far, which ones are set in a video game?", False),
    ],
)
def test_a_question_asking_for_every_paper_of_a_topic_is_read_so(question: str, every_one: bool) -> None:
    assert asks_for_all(question) is every_one


@pytest.mark.parametrize(
    "question",
    [
        "give me everything on knowledge graphs",
        "Give me all the continual learning / class-incremental learning papers",
    ],
)
def test_a_request_for_every_paper_of_a_topic_asks_for_a_list_however_it_is_worded(question: str) -> None:
    # a blind hand test: "give me everything on knowledge graphs" was read as asking one paper, and listed one page
    assert intent_of(question).kind == "list"


def test_a_list_asked_for_in_full_holds_more_than_one_page_of_papers(assistant) -> None:
    # a blind hand test: "an overview of all the knowledge distillation work" had listed 1 paper of 39, then 10
    answer = assistant.ask("give me an overview of all the knowledge distillation work in here")
    assert len(answer.citations) > assistant.settings.top_k
    assert all(c.relevant for c in answer.citations)
    assert len(assistant.ask("which papers use knowledge distillation?").citations) <= assistant.settings.top_k


def test_a_list_the_cut_off_ended_says_weaker_papers_exist_and_a_request_for_more_lists_them(assistant) -> None:
    # blind hand tests (evals/dev_s99.jsonl, dev_s101.jsonl): "anything on speech?" listed four papers and read as
    # the whole of it, though "show me more" would have listed more, each touching on it less directly
    question = "anything on speech?"
    answer = assistant.ask(question)
    assert not answer.capped and "touch on this less directly" in answer.text
    history = [{"role": "user", "content": question}, {"role": "assistant", "content": answer.text}]
    more = assistant.ask("show me more", history=history)
    assert more.citations and not set(more.cited_paper_ids) & set(answer.cited_paper_ids)
    # a list with nothing short of the cut-off says nothing of the kind
    assert "touch on this less directly" not in assistant.ask("Which papers distill CLIP?").text


@pytest.mark.parametrize("reply", ["yes show me more", "yes please", "sure, go ahead"])
def test_a_reply_accepting_the_offer_of_more_papers_lists_them(assistant, reply: str) -> None:
    # a blind hand test's chats (evals/dev_s104.jsonl): "yes show me more", right after an answer that offered more
    # papers, was refused as a question of its own
    question = "anything on speech?"
    answer = assistant.ask(question)
    history = [{"role": "user", "content": question}, {"role": "assistant", "content": answer.text}]
    more = assistant.ask(reply, history=history)
    assert more.follow_up == "more" and more.citations
    assert not set(more.cited_paper_ids) & set(answer.cited_paper_ids)


def test_a_bare_yes_asks_for_nothing_when_no_more_papers_were_offered(assistant) -> None:
    question = "Which papers distill CLIP?"
    answer = assistant.ask(question)
    history = [{"role": "user", "content": question}, {"role": "assistant", "content": answer.text}]
    assert assistant.ask("yes please", history=history).follow_up != "more"


def test_thanks_alone_after_an_offer_of_more_papers_accepts_nothing() -> None:
    offer = [{"role": "user", "content": "anything on speech?"}, {"role": "assistant", "content": f"... {MORE_OFFER}."}]
    assert accepted_offer("yes, thanks", offer) == "show me more"
    assert accepted_offer("thanks!", offer) == "thanks!"
    assert accepted_offer("yes but only audio ones", offer) == "yes but only audio ones"


def test_a_title_near_a_phrase_but_without_its_most_specific_word_does_not_state_the_phrase(assistant) -> None:
    # (evals/dev_s68.jsonl: the survey of multimodal LLMs, whose abstract never mentions distillation, had been listed
    # for MLLM distillation, its title being as similar to the phrase as titles that state it in other words)
    answer = assistant.ask("which papers do MLLM distillation?")
    titles = [c.title for c in answer.citations]
    assert "LLaVA-MoD: Making LLaVA Tiny via MoE Knowledge Distillation" in titles
    assert "The (R)Evolution of Multimodal Large Language Models: A Survey" not in titles


def test_a_request_for_more_that_no_further_paper_passes_is_answered_by_the_weaker_ones(assistant) -> None:
    # a blind hand test's chats (evals/dev_s94.jsonl): "any others beyond those four?" after the papers distilling
    # language models to compress them had said there were none, though the code-model one distils CodeBERT
    first, more = ask_after_a_list(
        assistant, "what about knowledge distillation for compressing pretrained language models?", "any others?"
    )
    assert more.follow_up == "more" and not more.refused
    titles = {c.title for c in more.citations}
    assert "Compressing Pre-trained Models of Code into 3 MB" in titles
    assert not titles & {c.title for c in first.citations}
    assert all(c.relevant for c in more.citations)
    assert "less directly" in more.text  # they answer short of the cut-off, and the answer says so

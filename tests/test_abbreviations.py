"""Acronyms the corpus defines are read from it, and a question's acronym is written as the corpus writes it."""

from __future__ import annotations

from pathlib import Path

from rag.abbreviations import Abbreviations, long_form, without_definitions
from rag.lexical import LexicalIndex
from rag.text import STOP_WORDS, stemmer

DEFINING = (
    "We study large vision-language models (LVLMs) and their hallucinations.",
    "Vision-language models (VLMs) align images and text.",
    "We evaluate vision-language models (VLMs) on counting.",
    "Recent vision-language models answer questions about images.",
    "Contrastive Language-Image Pre-training (CLIP) learns from pairs. CLIP is strong.",
    "We distil CLIP into a small model. CLIP features transfer.",
    "Contrastive language-image pre-training (CLIP) scales. CLIP again.",
    "Mixture of experts (MoE) routes tokens.",
)


def test_a_short_form_abbreviates_the_words_its_letters_begin() -> None:
    assert long_form("we study large vision-language models".split(), "LVLMs") == "large vision-language models"
    assert long_form("a new benchmark for".split(), "VQA") is None
    assert long_form("models".split(), "M") is None  # one word is not an abbreviation's long form
    # The parts of one hyphenated word spell a short form too, but only where a definition is taken out of a
    # sentence: the acronym dictionary does not expand them.
    assert long_form("mainstream question-answering".split(), "QA") is None
    assert long_form("mainstream question-answering".split(), "QA", within_a_word=True) == "question-answering"
    shortened = without_definitions("improves mainstream question-answering (QA) models")
    assert shortened.split() == "improves mainstream question-answering models".split()


def test_only_repeated_dominant_long_forms_the_corpus_mostly_spells_out_are_expanded() -> None:
    lexical = LexicalIndex([str(i) for i in range(len(DEFINING))], DEFINING, stemmer(), STOP_WORDS, 5)
    found = Abbreviations.build(DEFINING, lexical.papers_with_words)
    assert found.expansions == {"vlm": "vision-language models"}
    # CLIP is written as CLIP far more often than spelled out; MoE and LVLM are defined once.


def test_a_questions_acronym_is_written_as_its_long_form_unless_it_defines_one_already_spelled_out() -> None:
    found = Abbreviations({"vlm": "vision-language models", "lm": "language models"})
    assert found.expand("hallucinations in VLMs?") == "hallucinations in vision-language models?"
    assert found.expand("VLM benchmarks") == "vision-language models benchmarks"
    spelled = "vision-language models (VLMs) for robots"
    assert found.expand(spelled) == spelled
    # A second mention is not a definition: left as "LM", it would weigh as a word hardly any paper writes.
    assert found.expand("a large language model teacher into a smaller LM student") == (
        "a large language model teacher into a smaller language models student"
    )


def test_a_place_in_the_expanded_question_maps_back_to_where_the_question_writes_it() -> None:
    # What a search finds in the written-out question ("the relational knowledge distillation paper" holds a title)
    # is placed where the question has it, so that papers named in it keep their order.
    found = Abbreviations({"kd": "knowledge distillation", "llm": "large language models"})
    question = "the relational KD paper on LLMs, then x"
    expanded, original = found.expand_with_offsets(question)
    assert expanded == "the relational knowledge distillation paper on large language models, then x"
    assert [original(expanded.index(word)) for word in ("relational", "distillation", "paper", "large", "then")] == [
        question.index(word) for word in ("relational", "KD", "paper", "LLMs", "then")
    ]


def test_the_dictionary_survives_a_save_and_a_missing_file_reads_as_empty(tmp_path: Path) -> None:
    Abbreviations({"kd": "knowledge distillation"}, kinds=["ai"]).save(tmp_path)
    assert Abbreviations.load(tmp_path).expansions == {"kd": "knowledge distillation"}
    assert Abbreviations.load(tmp_path).kinds == {"ai"}
    assert Abbreviations.load(tmp_path / "nowhere").expansions == {}


KINDS = (
    "Artificial intelligence (AI) helps doctors. AI models read scans.",
    "We audit AI systems, as artificial intelligence (AI) spreads.",
    "AI assistants answer questions.",
    "The Segment Anything Model (SAM) cuts out objects. SAM is fast.",
    "We adapt SAM to medical images.",
    "SAM masks are coarse.",
    "We propose relational knowledge distillation (RKD). RKD transfers relations.",
    "We compare against RKD.",
    "We improve mainstream question-answering (QA) models.",
    "QA models answer questions.",
    "Open-domain QA needs retrieval.",
)


def test_a_short_form_defined_for_lower_case_words_and_written_across_the_corpus_is_a_kind() -> None:
    lexical = LexicalIndex([str(i) for i in range(len(KINDS))], KINDS, stemmer(), STOP_WORDS, 5)
    found = Abbreviations.build(KINDS, lexical.papers_with_words)
    # "AI" abbreviates lower-case words in three papers' worth of use; SAM is a capitalised name; RKD is one
    # paper's own method, which another names as a baseline.
    assert found.kinds == {"ai", "qa"}


def test_a_text_without_its_definitions_keeps_every_other_parenthesis() -> None:
    text = "We distil large language models (LLMs) into small ones, with GPT-4 (OpenAI) as judge."
    assert (
        without_definitions(text) == "We distil large language models  into small ones, with GPT-4 (OpenAI) as judge."
    )


def test_a_plural_short_forms_long_form_is_a_kind_of_thing_and_a_singular_ones_may_be_a_name() -> None:
    kind = "As Large Multi-Modal Models (LMMs) grow, we adapt the BEiT-3 model."
    assert without_definitions(kind) == "As large multi-modal models  grow, we adapt the BEiT-3 model."
    name = "We adapt the Segment Anything Model (SAM) to MRI."
    assert without_definitions(name) == "We adapt the Segment Anything Model  to MRI."


def test_a_short_form_a_title_gives_its_paper_names_that_paper_and_is_not_spelled_out() -> None:
    texts = (
        *DEFINING,
        "MMRL: Multi-Modal Representation Learning for VLMs\nWe propose multi-modal representation learning (MMRL).",
        "MMRL++: An Extension\nMulti-modal representation learning (MMRL) is extended.",
        "Multi-modal representation learning helps retrieval.",
        "We revisit multi-modal representation learning for audio.",
        "VLM: Task-agnostic Video-Language Model Pre-training\nWe pre-train a video-language model.",
    )
    lexical = LexicalIndex([str(i) for i in range(len(texts))], texts, stemmer(), STOP_WORDS, 5)
    found = Abbreviations.build(texts, lexical.papers_with_words)
    assert "mmrl" not in found.expansions and found.expansions["vlm"] == "vision-language models"
    assert found.expand("What does MMRL++ add on top of MMRL?") == "What does MMRL++ add on top of MMRL?"

"""A misspelt question word is searched as the corpus spells it; real words the corpus lacks stay as written."""

from __future__ import annotations

from types import SimpleNamespace

from rag.answer.question import intent_of
from rag.lexical import LexicalIndex
from rag.retrieve import correct_spelling, repair_function_words
from rag.text import STOP_WORDS, stemmer, typo_repairs

TEXTS = (
    "Hallucinations of language models are reduced by retrieval.",
    "We study hallucinations in vision-language models.",
    "Hallucinations in dialogue systems.",
    "Knowledge graphs for question answering, with a knowlege typo once.",
    "Segmenting brain tumors in color scans; we analyse and analyze them.",
    *(f"Knowledge distillation method number {i} compresses models." for i in range(10)),
)


def lexical() -> LexicalIndex:
    return LexicalIndex([str(i) for i in range(len(TEXTS))], TEXTS, stemmer(), STOP_WORDS, 5)


#: The papers as the search reads them: what a repair must be written in.
PAPERS = {str(i): SimpleNamespace(title="", abstract=text) for i, text in enumerate(TEXTS)}


def test_a_typo_is_a_dropped_letter_or_two_swapped_neighbours_never_at_the_first_letter() -> None:
    repairs = typo_repairs("modle")
    assert {"model", "modles", "moodle"} <= repairs
    assert not {"mode", "node", "amodle", "omdle"} & repairs  # removed, replaced, or at the first letter


def test_a_replaced_vowel_is_a_typo_in_a_long_word() -> None:
    # a hand tester's "knowlege distilation to semantic segmantation" had been refused
    assert "segmentation" in typo_repairs("segmantation")
    assert "adversarial" in typo_repairs("adverserial")
    assert "edverserial" not in typo_repairs("adverserial")  # never at the first letter
    # a replaced consonant, or a vowel in a short word, turns real words into others
    assert "perceptions" not in typo_repairs("perceptrons")
    assert "formed" not in typo_repairs("farmed")


def test_a_typo_is_also_a_doubled_letter() -> None:
    # a hand tester's "paprs on entitty matching with pretrained languge models?" had been refused
    assert "entity" in typo_repairs("entitty")
    assert "ntitty" not in typo_repairs("entitty") and "entitty" not in typo_repairs("entitty")


def test_a_word_the_corpus_almost_never_uses_is_repaired_to_a_spelling_papers_write() -> None:
    index = lexical()
    assert correct_spelling("halucinations", index, PAPERS) == "hallucinations"
    assert correct_spelling("knowladge", index, PAPERS) == "knowledge"  # a replaced vowel, in a long word
    # One abstract's typo ("knowlege", once) does not make it a word: "knowledge" is in eleven.
    assert correct_spelling("knowlege", index, PAPERS) == "knowledge"
    assert index.repairs("knowledge") == []  # known to the corpus
    assert correct_spelling("psilocybin", index, PAPERS) == "psilocybin"  # no repair is a corpus word
    # "numbers" stems as "number", which ten papers use, but none writes "numbers": a repair must be written
    # as such, not just share a stem.
    assert correct_spelling("numbrs", index, PAPERS) == "numbrs"


def test_a_repair_is_found_written_beyond_the_first_papers_that_use_its_stem() -> None:
    # twenty papers write "model" before the one that writes "models" (a hand tester's "grpahs", whose first
    # five papers using "graph" wrote it singular)
    texts = (*(f"A graph model number {i}." for i in range(20)), "Graph models.")
    index = LexicalIndex([str(i) for i in range(len(texts))], texts, stemmer(), STOP_WORDS, 5)
    papers = {str(i): SimpleNamespace(title="", abstract=text) for i, text in enumerate(texts)}
    assert correct_spelling("modles", index, papers) == "models"


def test_a_word_in_the_other_english_spelling_is_searched_as_the_corpus_writes_it() -> None:
    index = lexical()
    assert correct_spelling("segmenting tumours by colour", index, PAPERS) == "segmenting tumors by color"
    assert correct_spelling("papers that analyse", index, PAPERS) == "papers that analyse"  # the corpus has both


def test_only_lower_case_unknown_words_that_are_no_english_word_are_corrected() -> None:
    index = lexical()
    assert correct_spelling("how do ppl reduce halucinations?", index, PAPERS) == "how do ppl reduce hallucinations?"
    # A real English word the corpus lacks, a name and short words stay as written.
    kept = "wiring for Halucinations in ppl"
    assert correct_spelling(kept, index, PAPERS) == kept


def test_a_misspelt_function_word_becomes_that_word_not_a_rare_topic_term() -> None:
    index = lexical()
    assert correct_spelling("whcih of these are on halucinations", index, PAPERS) == (
        "which of these are on hallucinations"
    )
    assert correct_spelling("thier knowlege", index, PAPERS) == "their knowledge"


def test_a_short_misspelt_function_word_is_repaired_before_the_question_is_read() -> None:
    assert repair_function_words("wat GPUs was it trained on?") == "what GPUs was it trained on?"
    assert repair_function_words("whcih moe papers") == "which moe papers"
    assert repair_function_words("mixtur of experts papres") == "mixtur of experts papers"  # the collection's nouns
    assert repair_function_words("gan and vae for ppl") == "gan and vae for ppl"  # no function word's typo
    assert intent_of(repair_function_words("wat GPUs was DiffTF trained on?")).attribute is not None


def test_a_misspelt_noun_asking_for_a_fact_is_repaired_but_never_put_in_another_form() -> None:
    # a hand tester's chat: "whats the text datset they used for that?" had been read as a restriction no paper met
    assert repair_function_words("whats the text datset they used?") == "whats the text dataset they used?"
    assert intent_of(repair_function_words("whats the text datset they used?")).attribute is not None
    assert repair_function_words("which fMRI dataset did that one use?") == "which fMRI dataset did that one use?"

"""A misspelt question word is searched as the corpus spells it; real words the corpus lacks stay as written."""

from __future__ import annotations

from rag.lexical import LexicalIndex
from rag.retrieve import correct_spelling
from rag.text import STOP_WORDS, edits1, stemmer

TEXTS = (
    "Hallucinations of language models are reduced by retrieval.",
    "We study hallucinations in vision-language models.",
    "Hallucinations in dialogue systems.",
    "Knowledge graphs for question answering, with a knowlege typo once.",
    *(f"Knowledge distillation method number {i} compresses models." for i in range(10)),
)


def lexical() -> LexicalIndex:
    return LexicalIndex([str(i) for i in range(len(TEXTS))], TEXTS, stemmer(), STOP_WORDS, 5)


def test_one_edit_covers_deletions_transpositions_replacements_and_insertions() -> None:
    near = edits1("modle")
    assert {"mode", "model", "mobile"[:5], "modles"} & near == {"mode", "model", "modles"}
    assert "models" not in near  # two edits away


def test_a_word_the_corpus_never_uses_takes_its_most_common_spelling_one_edit_away() -> None:
    index = lexical()
    assert index.correct("halucinations") == "hallucinations"
    # One abstract's typo ("knowlege", once) does not make it a word: "knowledge" is in eleven.
    assert index.correct("knowlege") == "knowledge"
    assert index.correct("knowledge") is None  # known to the corpus
    assert index.correct("psilocybin") is None  # no spelling one edit away is used


def test_only_lower_case_unknown_words_that_are_no_english_word_are_corrected() -> None:
    index = lexical()
    assert correct_spelling("how do ppl reduce halucinations?", index) == "how do ppl reduce hallucinations?"
    # A real English word the corpus lacks, a name and short words stay as written.
    assert correct_spelling("wiring for Halucinations in ppl", index) == "wiring for Halucinations in ppl"

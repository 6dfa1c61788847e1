"""The text helpers every module shares (rag/text.py): here, the one stemmer."""

from __future__ import annotations

from rag.text import query_terms, stemmer


def test_the_stemmer_joins_a_word_to_its_derivational_family() -> None:
    # a blind hand test: "all papers on analyzing medical images" was refused, the corpus writing "image analysis"
    words = stemmer()
    assert words.stemWord("analyzing") == words.stemWord("analysis") == words.stemWord("analyses")
    assert words.stemWord("classify") == words.stemWord("classification")
    assert words.stemWord("recognize") == words.stemWord("recognition")
    # "trainable parameters" are a part of a model's parameters, not its training
    assert words.stemWord("trainable") != words.stemWord("training")


def test_interjections_and_anyway_name_no_topic() -> None:
    # a blind hand test: "hm, really? ... anyway - whats ULIP-2's scanobjectnn number?" had made "hm, really?" a
    # question of its own, answered "nothing to look for in the papers"
    assert query_terms("hm, really? oh wow, anyway") == []


def test_indefinite_adverbs_etc_and_stuff_name_no_topic() -> None:
    # blind hand tests: "which of those actually use a large language model somewhere?" weighed "somewhere" most
    # (evals/dev_s85.jsonl), and "I want stuff on figuring out how people feel -- happy, angry, etc" weighed "stuff"
    # and "etc" over the feelings (evals/dev_s84.jsonl)
    assert query_terms("use a large language model somewhere or anywhere, somehow") == ["languag", "larg", "model"]
    assert query_terms("I want stuff on feelings: happy, angry, etc") == ["angri", "feel", "happi"]

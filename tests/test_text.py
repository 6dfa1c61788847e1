"""The text helpers every module shares (rag/text.py): here, the one stemmer."""

from __future__ import annotations

from rag.text import stemmer


def test_the_stemmer_joins_a_word_to_its_derivational_family() -> None:
    # a blind hand test: "all papers on analyzing medical images" was refused, the corpus writing "image analysis"
    words = stemmer()
    assert words.stemWord("analyzing") == words.stemWord("analysis") == words.stemWord("analyses")
    assert words.stemWord("classify") == words.stemWord("classification")
    assert words.stemWord("recognize") == words.stemWord("recognition")
    # "trainable parameters" are a part of a model's parameters, not its training
    assert words.stemWord("trainable") != words.stemWord("training")

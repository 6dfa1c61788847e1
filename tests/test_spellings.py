"""A word counts as found however the corpus spells it: hyphenated or solid, British or American."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from rag.answer.evidence import Topic
from rag.spellings import Compounds, regional_variants
from rag.text import query_terms

CORPUS = (
    "We build a multi-modal model. Multi-modal inputs are images and text.",
    "A state-of-the-art chitchat dataset. State-of-the-art results.",
    "A one-off coinage: hyper-widgets.",
)


def _known(stem: str) -> bool:
    return stem in {"multi", "modal", "chitchat", "state", "art", "organ", "dialog", "color"}


def test_hyphenated_words_written_more_than_once_are_kept_with_their_content_parts() -> None:
    compounds = Compounds.build(CORPUS)
    assert compounds.parts["multimod"] == ("modal", "multi")
    assert compounds.parts["stateoftheart"] == ("art", "state")  # "of" and "the" are stop words
    assert all("widget" not in solid for solid in compounds.parts)  # written once: not trusted


def test_a_solid_question_word_is_also_found_as_the_corpus_hyphenated_parts() -> None:
    spellings = Compounds.build(CORPUS).spellings("multimodal chatbots", ["multimod", "chatbot"], _known)
    assert spellings == {"multimod": (frozenset({"multi", "modal"}),)}


def test_a_hyphenated_question_word_is_also_found_written_solid_where_the_index_knows_it() -> None:
    spellings = Compounds().spellings("a corpus of chit-chat or hyper-widgets", ["chit", "chat", "hyper"], _known)
    assert spellings == {"chit": (frozenset({"chitchat"}),), "chat": (frozenset({"chitchat"}),)}


def test_coverage_counts_a_term_found_in_another_spelling_and_only_when_every_part_is_there() -> None:
    spellings = Compounds.build(CORPUS).spellings("multimodal dialogue", ["multimod", "dialogu"], _known)
    topic = Topic(np.zeros(3), {"multimod": 1.0, "dialogu": 1.0}, spellings=spellings)
    assert topic.coverage(set(query_terms("multi-modal dialogue systems"))) == 1.0
    assert topic.coverage(set(query_terms("modal logic for dialogue"))) == 0.5  # "multi" is missing
    assert Topic(np.zeros(3), {"multimod": 1.0, "dialogu": 1.0}).coverage({"multi", "modal", "dialogu"}) == 0.5


def test_the_dictionary_survives_a_snapshot_round_trip(tmp_path: Path) -> None:
    compounds = Compounds.build(CORPUS)
    compounds.save(tmp_path)
    assert Compounds.load(tmp_path).parts == compounds.parts
    assert Compounds.load(tmp_path / "missing").parts == {}  # an older snapshot has none


def test_the_other_english_spelling_follows_the_regular_rules_both_ways() -> None:
    pairs = [("analyse", "analyze"), ("colour", "color"), ("behaviour", "behavior"), ("labelling", "labeling")]
    pairs += [("centre", "center"), ("dialogue", "dialog"), ("generalisation", "generalization")]
    for british, american in pairs:
        assert american in regional_variants(british)
        assert british in regional_variants(american)
    assert regional_variants("four") == set()  # too short for the -our rule: "for" is never offered


def test_a_regional_variant_counts_only_where_the_index_holds_it() -> None:
    spellings = Compounds().spellings(
        "organise colour in dialogue, or in lettering", ["organis", "colour", "dialogu", "letter"], _known
    )
    assert spellings == {
        "organis": (frozenset({"organ"}),),
        "colour": (frozenset({"color"}),),
        "dialogu": (frozenset({"dialog"}),),
    }

"""Summaries, limitation questions and comparison tables from the offline drafter.

A summary quotes the paper's problem, method and result sentences, in abstract order; a limitation
question quotes a sentence conceding one, or says the abstract states none; a comparison is a
markdown table whose every cell is a cited quote or "not stated", and whose cells are claims the
citation checks judge like any other.
"""

from __future__ import annotations

import re

import pytest

from rag.answer.tables import Row, trim
from rag.answer.tables import _differ as differ_note
from rag.answer.tables import _shared as shared_note
from rag.citations import MARKER, drop_markers, drop_sentences, split_claims, table_cells
from rag.text import split_sentences

TABLE = "\n".join(
    [
        "| Paper | Problem | Method | Data | Result |",
        "| --- | --- | --- | --- | --- |",
        "| **A** [1] | Existing parsers are slow \\| costly. [1] | We propose FastParse, a linear-time parser. [1] "
        "| not stated | It is 3x faster on PTB. [1] |",
        "| **B** [2] | not stated | We train a tiny parser by distillation. [2] | not stated | not stated |",
        "",
        "A and B both mention parser.",
    ]
)


def test_every_cited_table_cell_is_a_claim_and_row_names_and_empty_cells_are_not() -> None:
    claims = split_claims(TABLE)
    assert [(c.cited, c.text) for c in claims] == [
        ([1], "Existing parsers are slow | costly."),
        ([1], "We propose FastParse, a linear-time parser."),
        ([1], "It is 3x faster on PTB."),
        ([2], "We train a tiny parser by distillation."),
        ([], "A and B both mention parser."),
    ]


def test_an_unsupported_cell_becomes_not_stated_and_the_table_keeps_its_shape() -> None:
    kept = drop_sentences(TABLE, {"We train a tiny parser by distillation."})
    rows = [line for line in kept.splitlines() if line.startswith("|")]
    assert len(rows) == 4 and all(len(table_cells(r)) == 5 for r in rows)
    assert table_cells(rows[3]) == ["**B** [2]", "not stated", "not stated", "not stated", "not stated"]
    assert "slow \\| costly" in rows[2]  # escaped pipes survive the rewrite


def test_dropping_a_claims_extra_source_keeps_the_claim_with_its_other_sources() -> None:
    text = "- CLIP-CID distills CLIP into a small model [1, 2]. It clusters the image-text pairs first. [3]\n\n" + TABLE
    kept = drop_markers(text, {"CLIP-CID distills CLIP into a small model.": {2}, "It is 3x faster on PTB.": {1}})
    first = kept.splitlines()[0]
    assert first == "- CLIP-CID distills CLIP into a small model [1]. It clusters the image-text pairs first [3]."
    assert "| It is 3x faster on PTB. |" in kept  # a cell left citing nothing keeps its text
    assert "slow \\| costly" in kept


def _cells(text: str) -> list[list[str]]:
    rows = [line for line in text.splitlines() if line.startswith("|")]
    return [table_cells(r) for r in rows[2:]]


def test_compare_clip_cid_and_dc_clip_is_a_table_of_two_cited_rows(small_assistant) -> None:  # type: ignore[no-untyped-def]
    answer = small_assistant.ask("Compare CLIP-CID and DC-CLIP")
    rows = _cells(answer.text)
    assert len(rows) == 2
    titles = [c.display_title for c in answer.citations]
    assert any("CLIP-CID" in t for t in titles) and any("Multilingual" in t for t in titles)
    for n, row in enumerate(rows, start=1):
        abstract = answer.citations[n - 1].abstract
        for cell in row[1:]:
            assert cell == "not stated" or cell.endswith(f"[{n}]"), cell
            if cell != "not stated":  # each quote, whole or trimmed at a clause boundary, is verbatim and cited
                quotes = [q.strip() for q in MARKER.split(cell)[::2] if q.strip()]
                assert quotes and all(q in abstract for q in quotes)
                assert len(MARKER.findall(cell)) == len(quotes)
    assert all(c.supported for c in answer.citations)
    assert sum(1 for row in rows for cell in row[1:] if cell != "not stated") >= 5


def test_a_comparison_quotes_how_each_method_works_beside_its_name(small_assistant) -> None:  # type: ignore[no-untyped-def]
    # a method cell of one sentence gave "we introduce CLIP-CID, a novel distillation mechanism ..." and never what the
    # mechanism does: the cell quotes the paper's two best method sentences, in the abstract's order
    answer = small_assistant.ask("Compare CLIP-CID and DC-CLIP")
    method = _cells(answer.text)[0][2]
    assert method.startswith("In this paper, we introduce CLIP-CID") and method.count("[1]") == 2
    assert "image semantic balance method to reduce transfer learning bias" in method
    # work the paper builds on ("Subsequent research has ... proposed improved models") is not its method
    assert "Subsequent research" not in _cells(answer.text)[1][2]


def test_how_do_they_differ_also_answers_with_a_table(small_assistant) -> None:  # type: ignore[no-untyped-def]
    answer = small_assistant.ask("How do CLIP-CID and DC-CLIP differ?")
    assert answer.text.startswith("| Paper | Problem | Method | Data | Result |")
    notes = answer.text.split("\n\n", 1)[1] if "\n\n" in answer.text else ""
    assert len(split_sentences(notes)) <= 2


def test_a_summary_quotes_problem_method_and_result_in_abstract_order(small_assistant) -> None:  # type: ignore[no-untyped-def]
    answer = small_assistant.ask("Summarise the paper CLIP-CID")
    assert len(answer.citations) == 1 and "CLIP-CID" in answer.citations[0].display_title
    quoted = [c.text for c in answer.claims if c.cited == [1]]
    abstract = answer.citations[0].abstract
    assert len(quoted) >= 2
    positions = [abstract.find(q) for q in quoted]
    assert -1 not in positions and positions == sorted(positions)
    assert answer.citations[0].supported


def test_what_does_x_propose_is_answered_by_its_method(small_assistant) -> None:  # type: ignore[no-untyped-def]
    answer = small_assistant.ask("What does KAM-CoT propose?")
    assert "KAM-CoT" in answer.citations[0].display_title
    paper = answer.citations[0].paper_id
    labels = small_assistant.retriever.passage_aspects([paper])[paper]
    sentences = split_sentences(answer.citations[0].abstract)
    quoted = [c.text for c in answer.claims if c.cited == [1]]
    assert len(quoted) >= 2 and all(labels[sentences.index(q)] == "method" for q in quoted)


@pytest.mark.parametrize(
    ("question", "aspect"),
    [
        ("What problem does OakInk solve?", "problem"),
        ("How does KAM-CoT work?", "method"),
        ("Explain how KAM-CoT reasons over a knowledge graph.", "method"),
    ],
)
def test_a_question_asking_one_aspect_of_a_paper_quotes_sentences_of_that_aspect(  # type: ignore[no-untyped-def]
    small_assistant, question: str, aspect: str
) -> None:
    answer = small_assistant.ask(question)
    paper = answer.citations[0].paper_id
    labels = small_assistant.retriever.passage_aspects([paper])[paper]
    sentences = split_sentences(answer.citations[0].abstract)
    quoted = [c.text for c in answer.claims if c.cited == [1]]
    # at most two: a method or a finding rarely fits one sentence, and the answer stays short
    assert 1 <= len(quoted) <= 2 and all(labels[sentences.index(q)] == aspect for q in quoted)


def test_a_limitation_question_says_so_when_the_abstract_states_none(small_assistant) -> None:  # type: ignore[no-untyped-def]
    answer = small_assistant.ask("What is the main limitation of SpeechGPT?")
    assert "SpeechGPT" in answer.citations[0].display_title
    assert re.search(r"states no limitation", answer.text)
    assert "What it does say:" in answer.text and "[1]" in answer.text


def _row(n: int, name: str, method: str, result: str = "") -> Row:
    return Row(
        n, name, {"Problem": [], "Method": [method] if method else [], "Data": [], "Result": [result] if result else []}
    )


def test_a_comparison_note_names_no_lone_common_word_as_what_two_papers_share() -> None:
    # "MixSpeech and VE-KWS both mention achieves" said nothing; a shared name does
    verbs = [_row(1, "A", "It achieves 11.1% on CMLR."), _row(2, "B", "The model achieves 2.79% false rejection.")]
    assert shared_note(verbs) == ""
    names = [_row(1, "A", "We test on KdConv."), _row(2, "B", "Results on KdConv improve.")]
    assert shared_note(names) == "A and B both mention KdConv."


def test_what_two_papers_share_is_a_phrase_each_writes_not_words_each_writes_apart() -> None:
    # a hand tester's comparison: "LEIA and Llammas both mention demonstrating significant", from "demonstrating
    # significant performance gains" and "Our results demonstrate that ... significantly enhances"
    apart = [
        _row(1, "A", "", "We demonstrate significant performance gains on QA."),
        _row(2, "B", "", "Our results demonstrate that brief pretraining significantly enhances results."),
    ]
    assert shared_note(apart) == ""
    together = [
        _row(1, "A", "We distill with knowledge distillation from a teacher."),
        _row(2, "B", "Knowledge distillation transfers a teacher's knowledge."),
    ]
    assert shared_note(together) == "A and B both mention knowledge distillation."
    # the first row opening its sentence with the phrase does not capitalise it (a hand tester's PESF-KD and MOKD)
    assert shared_note(together[::-1]) == "B and A both mention knowledge distillation."


def test_a_comparison_note_never_takes_a_negated_phrase_for_what_a_paper_does() -> None:
    # Topical-Chat's "partners don't have explicitly defined roles" is not a paper "on explicitly defined roles"
    rows = [
        _row(1, "KdConv", "We propose a Chinese multi-domain knowledge-driven conversation dataset."),
        _row(
            2,
            "Topical-Chat",
            "A knowledge-grounded human-human dataset whose partners don't have explicitly defined roles.",
        ),
    ]
    note = differ_note(rows)
    assert "defined roles" not in note and "Topical-Chat on knowledge-grounded human-human" in note


def test_a_comparison_note_takes_no_phrase_across_two_cells_nor_a_lone_word_as_a_difference() -> None:
    # "MMRL and MMRL++ both mention token features MMRL projects": the end of one cell ran into the next
    def row(n: int, name: str, problem: str, method: str) -> Row:
        return Row(n, name, {"Problem": problem, "Method": method, "Data": "", "Result": ""})

    rows = [
        row(1, "A", "Prior work tunes token features", "MMRL projects space tokens."),
        row(2, "B", "Methods use token features", "MMRL projects tokens to layers."),
    ]
    assert "features MMRL" not in shared_note(rows)
    lone = [_row(1, "A", "It facilitates."), _row(2, "B", "It merges adapters at test time.")]
    assert differ_note(lone) == ""


def test_a_long_cell_is_trimmed_at_a_dash_typed_as_two_hyphens_not_before_its_content() -> None:
    # a blind hand test (evals/dev_s107.jsonl): MMRL++'s Method cell had been cut to "Building upon this, we propose
    # MMRL++", the clause before what the extension adds, since "--" was no clause boundary
    sentence = (
        "Building upon this, we propose MMRL++, a parameter-efficient and interaction-aware extension that"
        " significantly reduces trainable parameters and enhances intra-modal interactions--particularly across the"
        " layers of representation tokens--allowing gradient sharing and instance-specific information to propagate"
        " more effectively through the network."
    )
    cell = trim(sentence)
    assert cell in sentence and "trainable parameters" in cell and not cell.endswith("-")


def test_a_long_cell_is_not_cut_inside_brackets() -> None:
    # a blind hand test (evals/dev_s115.jsonl): FrozenSeg's Method cell had ended at "a localization foundation model
    # (e.g." since the comma after "e.g." was taken for a clause's end
    sentence = (
        "To address this challenge, we introduce a novel approach, FrozenSeg, designed to integrate spatial knowledge"
        " from a localization foundation model (e.g., SAM) and semantic knowledge extracted from a ViL model (e.g.,"
        " CLIP), in a synergistic framework."
    )
    cell = trim(sentence)
    assert cell in sentence and cell.count("(") == cell.count(")")
    # ... though it may end before one, keeping what the method integrates
    assert "spatial knowledge from a localization foundation model" in cell

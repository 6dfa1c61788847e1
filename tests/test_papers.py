"""The paper table and the filters it answers in process, never through Chroma metadata keys: authors, and the kind
of paper ("survey") read from each paper's own words."""

from __future__ import annotations

from typing import Any

import pytest

from rag.corpus import Paper
from rag.query import QueryFilters
from rag.rows import paper_metadata

#: Papers with authors (the bundled corpus's listing pages name none): Turing wrote three of the five.
AUTHORED = [
    (
        "Machines that think",
        "We ask whether machines can think and propose an imitation game to decide it.",
        ["Alan Turing"],
    ),
    (
        "Computable numbers",
        "We define computable numbers and show a universal machine computes any of them.",
        ["A. M. Turing", "Alonzo Church"],
    ),
    (
        "Morphogenesis",
        "We model how chemical reactions and diffusion form patterns in growing tissue.",
        ["Turing, Alan"],
    ),
    (
        "Analytical engines",
        "We describe a program for the analytical engine that computes Bernoulli numbers.",
        ["Ada Lovelace"],
    ),
    (
        "Lambda calculus",
        "We introduce a calculus of functions and show that its equivalence is undecidable.",
        ["Alonzo Church"],
    ),
]


def _offline_assistant(index_dir: Any, papers: list[Paper], source: str) -> Any:
    """An offline assistant over ``papers``, written the way ingest writes them."""
    from rag import Assistant
    from rag.config import get_settings
    from rag.index import PaperIndex
    from rag.ingest import plan_sync
    from rag.snapshot import committing

    index = PaperIndex(get_settings(index_dir=index_dir))
    state = index.stored_state()
    plan = plan_sync(state[0], papers, source, index.documents)
    with committing(index):
        index.apply(plan.write, plan.relabel, plan.delete, state)
    return Assistant(index_dir=index_dir, generator="offline")


@pytest.fixture(scope="module")
def authored(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """An offline assistant over :data:`AUTHORED`."""
    papers = [
        Paper(paper_id=f"p{i}", abstract=abstract * 2, title=title, author_names=names, authors=len(names))
        for i, (title, abstract, names) in enumerate(AUTHORED)
    ]
    return _offline_assistant(tmp_path_factory.mktemp("authored"), papers, "authored")


def _titled(pid: str, abstract: str, title: str) -> tuple[str, str, dict[str, object]]:
    """A paper row with a title, as PaperTable.build reads it."""
    return (pid, abstract, {"title": title, "has_title": True})


def test_paper_rows_carry_no_key_per_author_only_bounded_filter_keys() -> None:
    paper = Paper(
        paper_id="p1",
        abstract="We study things. " * 5,
        title="A title",
        author_names=["Ada Lovelace", "Alan Turing"],
        categories=["cs.CL"],
    )
    meta = paper_metadata(paper, 3)
    assert not [k for k in meta if k.startswith("author:")]
    assert meta["author_names"] == "Ada Lovelace; Alan Turing"
    assert meta["cat:cs.CL"] is True


def test_an_author_filter_is_not_sent_to_chroma() -> None:
    assert QueryFilters(author="Turing").where() is None
    assert QueryFilters(author="Turing", year_min=2020).where() == {"year": {"$gte": 2020}}


def test_an_author_filter_finds_every_paper_of_that_author_however_the_name_is_written(authored: Any) -> None:
    for name in ("Turing", "Alan Turing", "turing"):
        result = authored.search_detailed("pattern formation in tissue", k=10, filters={"author": name})
        assert {h.paper_id for h in result.hits} == {"p0", "p1", "p2"}
        assert result.total_matches == 3
        assert result.hits[0].paper_id == "p2"  # still ranked by the question within the author's papers


def test_an_author_filter_with_no_such_author_finds_nothing(authored: Any) -> None:
    result = authored.search_detailed("a universal machine", k=10, filters={"author": "Nobodyknows"})
    assert result.hits == [] and result.total_matches == 0


def test_an_author_filter_combines_with_the_others(authored: Any) -> None:
    result = authored.search_detailed("a universal machine", k=10, filters={"author": "Church", "authors": 2})
    assert [h.paper_id for h in result.hits] == ["p1"]


def test_a_filter_only_question_by_author_lists_all_their_papers(authored: Any) -> None:
    result = authored.search_detailed("papers", k=10, filters={"author": "Church"})
    assert {h.paper_id for h in result.hits} == {"p1", "p4"}


# ------------------------------------------------------------------ the columns answer as the metadata does
FILTERS = [
    QueryFilters(year_min=2023),
    QueryFilters(year_min=2021, year_max=2022),
    QueryFilters(month="Dec"),
    QueryFilters(authors_min=5),
    QueryFilters(authors_max=2, year_min=2020),
    QueryFilters(sources=("000_2f0a01500011666a.txt",)),
    QueryFilters(category="cs.CL"),
    QueryFilters(author="Turing"),
    QueryFilters(kind="survey"),
]


def _by_metadata(table: Any, query: QueryFilters) -> set[str]:
    return {pid for pid, paper in table.items() if query.matches(pid, paper.metadata)}


def test_column_filters_select_exactly_the_papers_the_metadata_matches(small_assistant: Any, authored: Any) -> None:
    for table in (small_assistant.retriever.papers, authored.retriever.papers, _table(SURVEYED)):
        for query in FILTERS:
            assert set(table.matching(query)) == _by_metadata(table, query), query
            assert table.select(query, list(table)) == [pid for pid in table if pid in _by_metadata(table, query)]


def test_unjudged_counts_papers_lacking_the_field_that_pass_every_other_filter(small_assistant: Any) -> None:
    table = small_assistant.retriever.papers
    query = QueryFilters(year_min=2023, sources=("000_2f0a01500011666a.txt",))
    on_page = _by_metadata(table, QueryFilters(sources=query.sources))
    undated = {pid for pid in on_page if table[pid].metadata.get("year") is None}
    assert table.judge(query) == (len(_by_metadata(table, query)), {"year": len(undated)} if undated else {})


def test_a_filter_only_listing_is_newest_first_then_by_title(small_assistant: Any) -> None:
    table = small_assistant.retriever.papers
    query = QueryFilters(year_min=2000)
    months = {
        m: i
        for i, m in enumerate(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1)
    }
    expected = sorted(
        (table[pid] for pid in _by_metadata(table, query)),
        key=lambda p: (-(p.year or 0), -months.get(p.metadata.get("month", ""), 0), p.display_title),
    )
    assert table.newest(query, 5, 3) == [p.paper_id for p in expected[3:8]]


def test_titles_are_found_by_full_title_and_by_unique_short_name(small_assistant: Any) -> None:
    table = small_assistant.retriever.papers
    cid = next(pid for pid in table if (table[pid].title or "").startswith("CLIP-CID"))
    title = table[cid].title
    assert table.find_titles(f"What does {title.upper()} propose?") == [(10, cid)]
    assert table.find_titles("Compare CLIP-CID and DC-CLIP")[0][1] == cid
    assert table.find_titles("xCLIP-CID is not a name") == []  # inside a word: not a mention


def test_a_name_inside_another_title_the_text_writes_names_only_that_title() -> None:
    from rag.papers import PaperTable

    table = PaperTable.build(
        [
            (
                "code",
                "We compress code models.",
                {"title": "Compressing Pre-trained Models of Code into 3 MB", "has_title": True},
            ),
            ("ptm", "A survey.", {"title": "Pre-Trained Models: Past, Present and Future", "has_title": True}),
            ("mmrl", "Prompts.", {"title": "MMRL: Multi-Modal Representation Learning", "has_title": True}),
            ("plus", "More prompts.", {"title": "MMRL++: Parameter-Efficient Representation", "has_title": True}),
        ]
    )
    assert [pid for _, pid in table.find_titles("In 'Compressing Pre-trained Models of Code into 3 MB', how?")] == [
        "code"
    ]
    assert [pid for _, pid in table.find_titles("Pre-Trained Models: what do they survey?")] == ["ptm"]
    # a name written inside a longer one counts where it is written on its own
    assert [pid for _, pid in table.find_titles("What does MMRL++ add on top of MMRL?")] == ["plus", "mmrl"]


def test_a_word_a_title_uses_as_its_name_names_the_paper_only_written_as_a_name() -> None:
    from rag.papers import PaperTable

    table = PaperTable.build(
        [
            (
                "lion",
                "We distill ChatGPT into a 7B student.",
                {"title": "Lion: Adversarial Distillation of LLMs", "has_title": True},
            ),
            ("other", "We study big cats.", {"title": "Counting Lions in the Savanna", "has_title": True}),
        ]
    )
    assert table.find_titles("what does Lion distill from?") == [(10, "lion")]
    assert table.find_titles("how do lions hunt?") == []  # the word, not the name
    assert table.find_titles("Lion populations are falling. Why?") == []  # opening a sentence: any word is capitalised
    # ... unless a dash or a colon sets it apart as its label (a hand tester's "Lion - what was the teacher?")
    assert table.find_titles("Lion - what was the teacher?") == [(0, "lion")]
    assert table.find_titles("ok. Lion: how big is the student?") == [(4, "lion")]
    # an English word written in capitals as a name is matched as written, wherever it stands
    clear = PaperTable.build(
        [("clear", "We linearise attention.", {"title": "CLEAR: Conv-Like Linearization", "has_title": True})]
    )
    assert clear.find_titles("CLEAR: how does it work?") == [(0, "clear")]
    assert clear.find_titles("clear aligners or braces for teeth?") == []  # the word, not the name
    # every other key is matched lower-cased wherever it stands, a title in a script without capitals too
    script = PaperTable.build([("zh", "摘要。", {"title": "大模型蒸馏研究", "has_title": True})])
    assert script.find_titles("大模型蒸馏研究 讲了什么?") == [(0, "zh")]


def test_a_titles_name_of_words_other_abstracts_write_plainly_names_the_paper_only_as_the_title_writes_it() -> None:
    from rag.papers import PaperTable

    table = PaperTable.build(
        [
            _titled("ptm", "We review large models.", "Pre-Trained Models: Past, Present and Future"),
            _titled("code", "We fine-tune pre-trained models of source code.", "Efficient Code Models"),
            _titled("twin", "We merge models.", "Twin-Merging: Dynamic Integration of Modular Expertise"),
        ]
    )
    # (dev_new: "what has been done with pre-trained models of source code, and what tasks ...?" had been answered
    # with the survey alone, as the paper the question named)
    assert table.find_titles("what has been done with pre-trained models of source code?") == []
    assert table.find_titles("is Pre-Trained Models a survey?") == [(3, "ptm")]
    # a name no other abstract writes is matched in any case
    assert table.find_titles("how does twin-merging work?") == [(9, "twin")]


def test_a_name_an_abstract_gives_its_paper_names_it_when_no_other_paper_writes_it() -> None:
    from rag.papers import PaperTable

    table = PaperTable.build(
        [
            _titled(
                "agcla",
                "We propose an Attribute Graph Clustering via Learnable Augmentation (AGCLA).",
                "Graph Clustering",
            ),
            _titled("sam", "We design a Sound Alignment Module (SAM) for depth.", "Indoor Prediction with Sound"),
            _titled("other", "We adapt the Segment Anything Model (SAM) to MRI.", "Brain Tumour Segmentation"),
        ]
    )
    assert [pid for _, pid in table.find_titles("How does AGCLA build augmentations?")] == ["agcla"]
    assert table.find_titles("Which papers adapt SAM?") == []  # two papers write it: it names neither


def test_a_name_an_abstract_gives_its_paper_names_it_also_when_the_titles_name_is_a_phrase_of_words() -> None:
    from rag.papers import PaperTable

    table = PaperTable.build(
        [
            (
                "dbl",
                "Specifically, we propose a brand-new Deep Boosting Learning (DBL) algorithm for matching.",
                {"title": "Deep Boosting Learning: A Brand-new Cooperative Approach", "has_title": True},
            )
        ]
    )
    # a hand tester's "DBL vs the plug-and-play regulators paper" had compared another paper in DBL's place
    assert [pid for _, pid in table.find_titles("DBL vs the regulators paper?")] == ["dbl"]


def test_a_quoted_phrase_names_the_paper_whose_title_it_is_and_unquoted_it_is_a_phrase() -> None:
    from rag.papers import PaperTable

    table = PaperTable.build(
        [
            (
                "one",
                "A robot planner with LLMs.",
                {"title": "One to rule them all: natural language to bind action", "has_title": True},
            ),
            (
                "rules",
                "Rules for anomalies.",
                {"title": "Follow the Rules: Reasoning for Anomalies", "has_title": True},
            ),
        ]
    )
    # a hand tester's "the 'one to rule them all' system" had been left out of a comparison
    assert table.find_titles("how does the 'one to rule them all' system use LLMs?") == [(14, "one")]
    assert [pid for _, pid in table.find_titles("compare “Follow the Rules” with it")] == ["rules"]
    assert table.find_titles("is there one to rule them all?") == []


def test_a_quoted_part_of_one_title_names_its_paper() -> None:
    from rag.papers import PaperTable

    table = PaperTable.build(
        [
            ("clip", "A deepfake detector.", {"title": "Unlocking the Hidden Potential of CLIP", "has_title": True}),
            ("kd", "Distilling CLIP.", {"title": "Distilling the Potential of CLIP", "has_title": True}),
        ]
    )
    # "the 'hidden potential of CLIP' deepfake paper" had been left out of a comparison
    assert table.find_titles("DeeCLIP vs the 'hidden potential of CLIP' paper") == [(16, "clip")]
    # a part two titles share names neither, and a quote of two words is a term asked about
    assert table.find_titles("the 'potential of CLIP' paper") == []
    assert table.find_titles("what is 'hidden potential'?") == []


def test_a_title_name_is_also_known_without_its_size_unless_another_paper_writes_the_bare_name() -> None:
    from rag.papers import PaperTable

    table = PaperTable.build(
        [
            _titled("tiny", "We merge branches.", "TinyR1-32B-Preview: Branch-Merge Distillation"),
            _titled("qwen", "We tune Qwen2-7B-Instruct.", "Qwen2-7B-Instruct: A Tuned Model"),
            _titled("user", "Our agent builds on Qwen2 and answers questions.", "An Agent"),
        ]
    )
    assert [pid for _, pid in table.find_titles("how does TinyR1 differ from LLM-Neo?")] == ["tiny"]
    # "Qwen2" is a model family another abstract writes: the bare name does not name the tuned model's paper
    assert table.find_titles("which papers build on Qwen2?") == []
    assert [pid for _, pid in table.find_titles("what is Qwen2-7B-Instruct tuned on?")] == ["qwen"]


def test_one_word_before_a_spaced_dash_is_a_titles_name() -> None:
    from rag.papers import PaperTable
    from rag.text import title_name

    assert title_name("MultiEURLEX -- A multi-lingual legal document classification dataset") == "MultiEURLEX"
    # a phrase before the dash is the first half of a title, not a name
    assert title_name("Foundation Models for Natural Language Processing -- Pre-trained Language Models") == ""
    table = PaperTable.build(
        [("eurlex", "We introduce MULTI-EURLEX.", {"title": "MultiEURLEX -- A legal dataset", "has_title": True})]
    )
    # a hand tester's "... And how many EU laws and languages are in MultiEURLEX?" had been left unanswered
    assert [pid for _, pid in table.find_titles("how many EU laws are in MultiEURLEX?")] == ["eurlex"]


def test_a_name_an_indefinite_article_opens_as_its_phrases_head_is_a_kind_not_the_paper() -> None:
    from rag.papers import PaperTable

    table = PaperTable.build(
        [("vlm", "We pre-train on videos.", {"title": "VLM: Task-agnostic Video-Language Model", "has_title": True})]
    )
    # "learning visual grounding from a generative VLM" had been read as the paper "VLM: ..."
    assert table.find_titles("the paper on learning visual grounding from a generative VLM?") == []
    assert table.find_titles("which papers fine-tune a VLM for robots?") == []
    assert [pid for _, pid in table.find_titles("what does VLM pre-train on?")] == ["vlm"]
    assert [pid for _, pid in table.find_titles("is there a VLM paper?")] == ["vlm"]


# ------------------------------------------------------------------ surveys, read from the papers' own words
#: Two surveys (one says so in its title, one in its abstract) and three papers proposing methods, one of which
#: reviews related work and one gives "an overview of our framework" before what it proposes.
SURVEYED = [
    ("Graph Neural Networks: A Comprehensive Survey", "We categorise graph neural networks by how they pass messages."),
    (
        "Learning from Many Modalities",
        "This book is the result of a seminar in which we reviewed multimodal approaches to vision and language.",
    ),
    (
        "Message Passing with Fewer Hops",
        "We first review the related work on graph neural networks and then propose a message passing scheme.",
    ),
    (
        "A Common Framework for Annotation",
        "In this paper we provide an overview of our annotation framework and apply it to two treebanks of text.",
    ),
    ("Movie Review Sentiment with Pictures", "We turn sentence embeddings into images to classify movie reviews."),
]


def _table(papers: list[tuple[str, str]]) -> Any:
    from rag.papers import PaperTable

    return PaperTable.build(_titled(f"s{i}", abstract, title) for i, (title, abstract) in enumerate(papers))


@pytest.fixture(scope="module")
def surveyed(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """An offline assistant over :data:`SURVEYED`."""
    papers = [
        Paper(paper_id=f"s{i}", abstract=abstract * 3, title=title) for i, (title, abstract) in enumerate(SURVEYED)
    ]
    return _offline_assistant(tmp_path_factory.mktemp("surveyed"), papers, "surveyed")


def test_a_paper_is_a_survey_when_its_title_or_its_abstract_says_it_is_one_not_when_it_reviews_related_work() -> None:
    from rag.corpus import paper_kinds

    assert [paper_kinds(title, abstract) for title, abstract in SURVEYED] == [("survey",), ("survey",), (), (), ()]


def test_the_paper_table_answers_a_survey_filter_and_shows_the_kind_in_the_metadata() -> None:
    table = _table(SURVEYED)
    assert list(table.matching(QueryFilters(kind="survey"))) == ["s0", "s1"]
    assert table["s0"].metadata["kind"] == "survey" and "kind" not in table["s2"].metadata


def test_a_survey_filter_is_not_sent_to_chroma_and_only_known_kinds_are_accepted() -> None:
    assert QueryFilters(kind="survey").where() is None
    assert QueryFilters.from_dict({"kind": "survey"}).to_dict() == {"kind": "survey"}
    with pytest.raises(ValueError, match="kind"):
        QueryFilters.from_dict({"kind": "thesis"})


def test_a_question_asking_only_for_surveys_lists_every_survey(surveyed: Any) -> None:
    answer = surveyed.ask("Which surveys, reviews or books are in the collection?")
    assert not answer.refused
    assert {c.paper_id for c in answer.citations} == {"s0", "s1"}


def test_a_topic_asked_of_surveys_is_searched_among_the_surveys_only(surveyed: Any) -> None:
    result = surveyed.search_detailed("is there a survey on graph neural networks?", k=10)
    assert result.plan.filters == {"kind": "survey"}
    assert {h.paper_id for h in result.hits} <= {"s0", "s1"} and result.hits[0].paper_id == "s0"

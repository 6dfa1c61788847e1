"""Paper files are read by what they contain: BibTeX, arXiv records, JSON lines, CSV, or listing pages.

The sample files in tests/data/ were written for these tests; their abstracts are short stand-ins,
except one BibTeX entry that repeats a paper of the bundled corpus, to check cross-format dedup.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rag.corpus import Paper, parse_corpus
from rag.formats import author_key, detect_format, normalise_arxiv_id, normalise_doi, split_authors

from .conftest import CORPUS

DATA = Path(__file__).parent / "data"


def by_title(papers: list[Paper]) -> dict[str, Paper]:
    return {p.title or "": p for p in papers}


@pytest.mark.parametrize(
    ("name", "expected"),
    [("library.bib", "bibtex"), ("arxiv.jsonl", "jsonl"), ("papers.csv", "csv"), ("papers.jsonl", "jsonl")],
)
def test_the_format_is_detected_from_content_not_extension(tmp_path: Path, name: str, expected: str) -> None:
    disguised = tmp_path / "export.txt"  # the extension says "page"; the content says otherwise
    shutil.copy(DATA / name, disguised)
    assert detect_format(disguised.read_text()) == expected
    assert parse_corpus(disguised).formats == {"export.txt": expected}
    assert parse_corpus(disguised).papers


def test_listing_pages_are_still_read_as_pages() -> None:
    parsed = parse_corpus(CORPUS)
    assert set(parsed.formats.values()) == {"pages"}
    assert len(parsed.papers) == 396


def test_bibtex_decodes_braces_accents_and_escapes_and_keeps_authors() -> None:
    papers = by_title(parse_corpus(DATA / "library.bib").papers)
    causal = papers["Towards Causal Representation Learning for Café Robots"]
    assert causal.author_names == ["Bernhard Schölkopf", "Francesco Locatello", "Laurens van der Maaten"]
    assert "café" in causal.abstract and "95% fewer" in causal.abstract and "{" not in causal.abstract
    assert causal.doi == "10.1109/jproc.2021.3058954" and causal.year == 2021
    assert "https://doi.org/10.1109/jproc.2021.3058954" in causal.urls
    hinton = papers["Distilling the Knowledge in a Neural Network"]
    assert hinton.arxiv_id == "1503.02531" and hinton.authors == 3
    assert "speech recognition & image classification" in hinton.abstract


def test_a_bare_percent_in_a_bibtex_abstract_is_text_not_a_comment_that_cuts_it() -> None:
    from rag.formats import read_bibtex

    entry = (
        "@article{k,\n  title = {Sparse Retrieval at Scale},\n  abstract = {Our retriever improves recall by 10% over"
        " BM25 on three benchmarks, and by 5\\% on two more, at a tenth of the index size.}\n}\n"
    )
    papers, warnings = read_bibtex(entry, "refs.bib")
    assert not warnings and papers[0].abstract.endswith("by 5% on two more, at a tenth of the index size.")
    assert "10% over BM25" in papers[0].abstract


def test_bibtex_entries_without_an_abstract_are_reported_and_skipped() -> None:
    parsed = parse_corpus(DATA / "library.bib")
    assert "A Paper Whose Export Has No Abstract" not in by_title(parsed.papers)
    assert any(w.line == 32 and "no abstract" in w.reason for w in parsed.warnings)


def test_arxiv_metadata_records_keep_ids_categories_dates_and_parsed_authors() -> None:
    parsed = parse_corpus(DATA / "arxiv.jsonl")
    lora = by_title(parsed.papers)["LoRA: Low-Rank Adaptation of Large Language Models"]
    assert lora.author_names == ["Edward J. Hu", "Yelong Shen", "Phillip Wallis", "Weizhu Chen"]
    assert lora.arxiv_id == "2106.09685" and lora.categories == ["cs.AI", "cs.CL", "cs.LG"]
    assert (lora.date, lora.year) == ("Jun 17, 2021", 2021)  # the first version's date
    assert lora.abstract.startswith("Fine-tuning every weight") and "\n" not in lora.abstract
    assert by_title(parsed.papers)["Attention Is All You Need"].venue == "NeurIPS 2017"
    assert any(w.line == 4 and "not valid JSON" in w.reason for w in parsed.warnings)


def test_csv_and_json_lines_read_title_abstract_and_optional_columns() -> None:
    csv_papers = by_title(parse_corpus(DATA / "papers.csv").papers)
    contrastive = csv_papers["Contrastive Tokens for Retrieval, Revisited"]
    assert contrastive.author_names == ["Ada Lovelace", "Alan Turing"] and contrastive.year == 2022
    assert contrastive.doi == "10.5555/ctr.2022" and "https://example.org/contrastive" in contrastive.urls
    assert csv_papers["Graph Priors for Protein Folding"].arxiv_id == "2101.00001"
    assert len(csv_papers) == 2  # the row with a blank abstract is skipped, with a warning
    speech = by_title(parse_corpus(DATA / "papers.jsonl").papers)["Sparse Mixtures for Speech"]
    assert speech.author_names == ["Grace Hopper", "Claude Shannon"] and speech.year == 2023


def test_one_paper_from_several_formats_is_merged_by_doi_arxiv_id_or_abstract(tmp_path: Path) -> None:
    shutil.copy(CORPUS / "000_2f0a01500011666a.txt", tmp_path / "page.txt")
    for name in ("library.bib", "arxiv.jsonl", "papers.jsonl"):
        shutil.copy(DATA / name, tmp_path / name)
    papers = by_title(parse_corpus(tmp_path).papers)
    # Same arXiv id in the BibTeX file and the arXiv records, though the abstracts differ.
    hinton = papers["Distilling the Knowledge in a Neural Network"]
    assert hinton.source_files == ["arxiv.jsonl", "library.bib"] and "stat.ML" in hinton.categories
    # Same DOI in the BibTeX file and a JSON-lines preprint.
    assert papers["Towards Causal Representation Learning for Café Robots"].source_files == [
        "library.bib",
        "papers.jsonl",
    ]
    # Same abstract on a listing page and in BibTeX: the page's venue and the BibTeX authors, both sources.
    adaptive = papers["Distilling Reasoning Ability from Large Language Models with Adaptive Thinking"]
    assert adaptive.source_files == ["library.bib", "page.txt"]
    assert adaptive.venue == "arXiv.org Artificial Intelligence" and adaptive.author_names[0] == "Xiaoshu Chen"


@pytest.mark.parametrize(
    ("name", "key"),
    [("Geoffrey E. Hinton", "hinton"), ("Hinton, Geoffrey", "hinton"), ("Laurens van der Maaten", "maaten"),
     ("Bernhard Schölkopf", "scholkopf"), ("Martin Luther King Jr.", "king")],
)  # fmt: skip
def test_author_keys_match_however_the_name_is_written(name: str, key: str) -> None:
    assert author_key(name) == key


def test_identifiers_and_author_lists_are_normalised() -> None:
    assert normalise_doi("https://doi.org/10.1/ABC") == normalise_doi("doi:10.1/abc") == "10.1/abc"
    assert normalise_arxiv_id("arXiv:2301.01234v2") == normalise_arxiv_id("https://arxiv.org/abs/2301.01234")
    assert normalise_arxiv_id("not an id") is None
    assert split_authors("Hinton, Geoffrey and LeCun, Yann") == ["Geoffrey Hinton", "Yann LeCun"]
    assert split_authors("Ada Lovelace; Alan Turing") == split_authors("Ada Lovelace and Alan Turing")

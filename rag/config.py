"""Every setting in one place, each overridable by an environment variable.

Variables are ``RAG_<FIELD>`` (for example ``RAG_INDEX_DIR``), except for the
OpenAI-standard ``OPENAI_API_KEY`` and ``OPENAI_BASE_URL``, which every
OpenAI-compatible client already understands.

Fields stay flat (``settings.top_k``) because every caller reads them that way;
each one is tagged with its group (:data:`GROUPS`), described, and bounded.
Unknown fields raise (``Settings(index_dirr=...)``): a typo must not silently
fall back to a default. Unknown ``RAG_*`` environment variables are ignored,
because pydantic-settings reads the environment field by field.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any, Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

#: The source checkout this module sits in; only meaningful when running from the repository
#: (benchmarks, tests). Installed code must not read data from here: use package resources.
PROJECT_ROOT = Path(__file__).resolve().parent.parent
#: Data shipped inside the installed package (the embedding model's tokenizer).
PACKAGE_DATA = Path(__file__).resolve().parent / "data"

#: Setting groups, in display order. The lead adds answer-quality thresholds to ``answer_quality``.
GROUPS = ("storage", "embedding", "retrieval", "answer_quality", "generation", "ui")


def _field(group: str, default: Any, description: str, **kwargs: Any) -> Any:
    """A settings field tagged with its group, so ``Settings.grouped()`` can list them together."""
    assert group in GROUPS, group
    return Field(default, description=description, json_schema_extra={"group": group}, **kwargs)


def offline_environment() -> None:
    """Stop libraries from phoning home or downloading files; call before importing them."""
    # find_spec locates the package without importing it: `import llama_index.core` costs seconds,
    # and most commands (search, ask) never touch llama-index at all.
    spec = importlib.util.find_spec("llama_index.core")
    if spec is not None and spec.origin:
        tiktoken_cache = Path(spec.origin).parent / "_static" / "tiktoken_cache"
        os.environ.setdefault("TIKTOKEN_CACHE_DIR", str(tiktoken_cache))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


class Settings(BaseSettings):
    """Settings for ingest, retrieval, generation and the UI."""

    model_config = SettingsConfigDict(env_prefix="RAG_", extra="forbid", populate_by_name=True)

    # ------------------------------------------------------------------ storage
    # Relative to the working directory, like any CLI's data paths: an installed `rag` has no
    # repository to hang them off. Run from the repository root, they are its data/ directory.
    corpus_dir: Path = _field("storage", Path("data/corpus"), "Default corpus directory for `rag ingest`.")
    index_dir: Path = _field("storage", Path("data/index"), "Embedded Chroma directory.")
    collection: str = _field("storage", "papers", "Collection name prefix.", min_length=1, max_length=50)
    chroma_host: str | None = _field("storage", None, "Chroma server host; unset means the embedded index_dir.")
    chroma_port: int = _field("storage", 8000, "Chroma server port.", ge=1, le=65535)
    chroma_token: SecretStr | None = _field("storage", None, "Bearer token for a Chroma server that requires one.")

    # ---------------------------------------------------------------- embedding
    embed_batch_size: int = _field("embedding", 16, "Texts embedded per model call during ingest.", ge=1, le=1024)
    embed_threads: int = _field("embedding", 0, "onnxruntime intra-op threads; 0 uses every core.", ge=0, le=256)

    # ---------------------------------------------------------------- retrieval
    top_k: int = _field("retrieval", 10, "Papers retrieved per question.", ge=1, le=100)
    all_papers_k: int = _field(
        "retrieval",
        30,
        "Papers a list may hold when the question asks for all of a topic's papers ('list all the MoE papers'). A "
        "page size, not a quality cut-off: every paper still passes the evidence judge, and a longer list still "
        "offers more. 30 is three pages of top_k; the largest dev topics hold about 40 papers.",
        ge=1,
        le=200,
    )
    candidates: int = _field("retrieval", 50, "Candidates per retriever (dense, BM25) before fusion.", ge=1, le=1000)
    # HNSW search breadth, set on every collection when it opens. At 100, near the 180 passages a 20-paper list
    # asks for, one dev question got two different candidate sets in 12 fresh processes (6 and 6); at 300 and
    # 500, one (10/10, 12/12). Search p50 on evals/dev.jsonl: 10.6-11.4 ms at 100, 11.5-13.5 ms at 500
    # (2026-11-30, bundled corpus; docs/benchmarks.md).
    hnsw_ef_search: int = _field(
        "retrieval",
        500,
        "HNSW search breadth: above the passages a search asks for, results are reproducible.",
        ge=1,
        le=10_000,
    )
    hnsw_m: int = _field("retrieval", 32, "HNSW graph degree (new collections).", ge=2, le=256)

    # ----------------------------------------------------------- answer quality
    # Relevance from evidence (rag/answer/evidence.py, EvidenceJudge.decide). Logistic models over a paper's
    # best sentence cosine, best sentence coverage of the question's topic weight, paper coverage, fused
    # retrieval score, concept imbalance and the retrieval's raw dense score (0.8 x best sentence + 0.2 x mean
    # vector cosine); the standout model adds the cosine margin over the best other retrieved paper. Topic
    # weight = corpus IDF x English specificity ** topic_common_word_exponent (evidence.topic_weights).
    # Corpus-wide weights fitted by `python -m bench.fit_relevance` on the fifteen dev splits (every dev_*.jsonl
    # of evals/README.md: 323 corpus-wide questions, gold papers against the other retrieved papers of the same
    # question), seventh session, 2026-11-30. The cut-offs were chosen by leave-one-split-out scoring of the same
    # fit (`--loso`: each split judged by models fitted on the other fourteen, i.e. on another writer's
    # wording): standout cut-off 0.7 answers 227 of 262 answerable questions and refuses 54 of 61 unanswerable
    # ones (0.6: 235 and 49; 0.8: 211 and 58). Relevance cut-off 0.45: scored the same way, 0.4 admits 0.738
    # of gold papers (0.818 of those admitted being gold) and 0.5 admits 0.696 (0.847); in the engine, over
    # the fifteen splits, 0.45 keeps cited precision where the previous fit had it (0.919 -> 0.920, gold cited
    # 0.699 -> 0.696), where 0.4 trades precision for gold (0.912, 0.703). The previous weights (fitted on
    # dev, dev_extra and dev_new alone, without the dense score), on the same fifteen splits (three of them
    # in-sample), answer 230 and refuse 50 at their cut-off 0.6, 217 and 53 at 0.7. The test splits were never
    # used. The exponent was chosen among 0, 2, 3 and 5 by leave-one-question-out CV of
    # the earlier fit on its 95 questions (standout cut-off 0.6): 0 refused 8 of 15 unanswerable questions
    # and answered 72 of 80 answerable ones; 5 refused 10 and answered 72.
    topic_common_word_exponent: float = _field(
        "answer_quality",
        5.0,
        "Exponent of the English-specificity discount on topic terms (0 = corpus IDF alone); tuned on the dev splits.",
        ge=0,
        le=20,
    )
    # The cosine weights are negative because the dense score holds the same best sentence (0.8 of it): together
    # they weigh that sentence by about +4.6 and the paper's mean vector by about +3.1 (relevance model).
    # Thirteenth session: the judge now measures the dense score of a paper only BM25 found, where retrieval had
    # given it the dense lists' floor (226 of the 3,230 tuning candidates; none of them is judged relevant now).
    # The fifteen tuning splits score as before (cited precision 0.928, gold cited unchanged). Refitted on the
    # measured score, leave-one-split-out was a wash (cut-off 0.7 with corroboration: 234/262 answered and 53/61
    # refused, against 232 and 54) and in-fit cited precision fell to 0.918: these weights were kept.
    relevance_cosine_weight: float = _field("answer_quality", -7.85, "Relevance model: cosine weight.", ge=-50, le=50)
    relevance_sentence_coverage_weight: float = _field(
        "answer_quality", 1.44, "Relevance model: weight of the best sentence's topic coverage.", ge=0, le=50
    )
    relevance_paper_coverage_weight: float = _field(
        "answer_quality", 1.58, "Relevance model: weight of the paper's topic coverage.", ge=0, le=50
    )
    relevance_retrieval_score_weight: float = _field(
        "answer_quality", 1.58, "Relevance model: weight of the fused retrieval score.", ge=0, le=50
    )
    relevance_concept_imbalance_weight: float = _field(
        "answer_quality", -0.01, "Relevance model: weight of the concept imbalance.", ge=-50, le=50
    )
    relevance_retrieval_dense_weight: float = _field(
        "answer_quality", 15.52, "Relevance model: weight of the retrieval's raw dense score.", ge=-50, le=50
    )
    relevance_bias: float = _field("answer_quality", -9.96, "Relevance model: intercept.", ge=-50, le=50)
    relevance_threshold: float = _field(
        "answer_quality", 0.45, "Relevance a paper needs to count as answering the question.", ge=0, le=1
    )
    standout_cosine_weight: float = _field("answer_quality", -9.75, "Standout model: cosine weight.", ge=-50, le=50)
    standout_sentence_coverage_weight: float = _field(
        "answer_quality", 1.43, "Standout model: weight of the best sentence's topic coverage.", ge=0, le=50
    )
    standout_paper_coverage_weight: float = _field(
        "answer_quality", 1.78, "Standout model: weight of the paper's topic coverage.", ge=0, le=50
    )
    standout_retrieval_score_weight: float = _field(
        "answer_quality", 1.48, "Standout model: weight of the fused retrieval score.", ge=0, le=50
    )
    standout_margin_weight: float = _field(
        "answer_quality", 2.03, "Standout model: weight of the cosine margin over the best other paper.", ge=0, le=100
    )
    standout_concept_imbalance_weight: float = _field(
        "answer_quality", 0.01, "Standout model: weight of the concept imbalance.", ge=-50, le=50
    )
    standout_retrieval_dense_weight: float = _field(
        "answer_quality", 16.72, "Standout model: weight of the retrieval's raw dense score.", ge=-50, le=50
    )
    standout_bias: float = _field("answer_quality", -9.24, "Standout model: intercept.", ge=-50, le=50)
    standout_threshold: float = _field(
        "answer_quality", 0.7, "The best paper must reach this for the corpus to answer at all.", ge=0, le=1
    )
    # Scoped searches (a follow-up's papers, a metadata filter) are judged without the retrieval score: fused
    # scores are z-scores over the candidate pool, and a pool of a few chosen papers makes its best look strong.
    # Fitted by `python -m bench.fit_relevance` on the confined searches of the tuning splits (evals/dev.jsonl,
    # dev_extra.jsonl, dev_new.jsonl: "which of those" follow-ups, "none of those" ones included, and metadata
    # questions with a topic; 95 papers, 33 qualifying), with the features measured on the terms that tell the
    # scoped papers apart (AnswerEngine._distinguishing). So few examples overfit: the L2 penalty (1.0) was
    # chosen by leave-one-question-out CV on them, and the cut-offs (0.4) on the same questions, 2026-11-30.
    scoped_relevance_cosine_weight: float = _field(
        "answer_quality", 1.36, "Scoped relevance model: cosine weight.", ge=0, le=50
    )
    scoped_relevance_sentence_coverage_weight: float = _field(
        "answer_quality", 1.73, "Scoped relevance model: weight of the best sentence's topic coverage.", ge=0, le=50
    )
    scoped_relevance_paper_coverage_weight: float = _field(
        "answer_quality", 1.81, "Scoped relevance model: weight of the paper's topic coverage.", ge=0, le=50
    )
    scoped_relevance_bias: float = _field("answer_quality", -1.61, "Scoped relevance model: intercept.", ge=-50, le=50)
    scoped_relevance_threshold: float = _field(
        "answer_quality", 0.4, "Scoped relevance a paper needs to count as answering the question.", ge=0, le=1
    )
    scoped_standout_cosine_weight: float = _field(
        "answer_quality", 1.21, "Scoped standout model: cosine weight.", ge=0, le=50
    )
    scoped_standout_sentence_coverage_weight: float = _field(
        "answer_quality", 1.68, "Scoped standout model: weight of the best sentence's topic coverage.", ge=0, le=50
    )
    scoped_standout_paper_coverage_weight: float = _field(
        "answer_quality", 1.75, "Scoped standout model: weight of the paper's topic coverage.", ge=0, le=50
    )
    scoped_standout_margin_weight: float = _field(
        "answer_quality", 1.65, "Scoped standout model: weight of the cosine margin.", ge=0, le=100
    )
    scoped_standout_bias: float = _field("answer_quality", -1.36, "Scoped standout model: intercept.", ge=-50, le=50)
    # Raised from 0.4 in the eighth session, in the engine over the fifteen tuning splits plus dev_final and
    # dev_s8 (52 "none of those" follow-ups): at 0.4, 43/52 answered "none"; 0.45, 46; 0.5, 49; 0.55, 49.
    # The cost at 0.5: three answerable scoped questions refused (two "some of those" follow-ups, one of them
    # dev_final's, and a metadata filter with leftover words, "small teams only: ... fewer than four
    # authors?"); 0.55 refuses one more.
    scoped_standout_threshold: float = _field(
        "answer_quality", 0.5, "In a scoped search, the best paper must reach this to answer at all.", ge=0, le=1
    )
    # A question several papers answer alike (a broad list in other words) has no paper that stands out, yet
    # each of those papers passes on its own evidence. Scored split by split on the fourteen tuning splits
    # (`python -m bench.fit_relevance --loso`, each split judged by models fitted without it): with 2 papers
    # at the relevance cut-off, answerable answered 227/262 -> 233/262, gold papers admitted 0.678 -> 0.700,
    # admitted that are gold 0.878 -> 0.879, unanswerable refused 54/61 unchanged (3 papers: no change; 2 at
    # 0.5 or 0.6: 230 and 229; 2 at a lower cut trade unanswerables: at 0.3, 235 answered and 53 refused, at
    # 0.2, 239 and 49). Corpus-wide searches only: the scoped models were not scored this way.
    corroborating_papers: int = _field(
        "answer_quality",
        2,
        "With no paper standing out, this many papers at the relevance cut-off answer the question (0 = off).",
        ge=0,
        le=20,
    )
    # Twenty-fifth session. More papers below the cut-off corroborate one another too: a broad list in technical
    # words ("Which papers distill a large vision-language model or multimodal LLM into a smaller student?") has
    # five papers at relevance 0.17-0.39, none standing out, and had been refused. Scored in the engine on every
    # dev split (4,761 rows, 59 splits; the test splits were not used), against the code without it: 4 papers at
    # 0.3 answer 4 more lists (gold papers +9, others +8; no row worse, no unanswerable answered); 3 papers at 0.3
    # answer 12 more (gold +20, others +32) and 2 unanswerables ("sign language translation from video", "clustering
    # work on credit card transactions"). Those papers are the answer.
    wide_corroborating_papers: int = _field(
        "answer_quality",
        4,
        "With no paper standing out, this many papers at wide_corroboration_min_relevance answer (0 = off).",
        ge=0,
        le=20,
    )
    # Forty-eighth session: also what a paper needs to answer a request for more that no further paper passes
    # (AnswerEngine._weaker_answers; the answer says they touch on it less directly). Not tuned again: on the 101 dev
    # splits (7,752 rows) it answers 14 more requests, gold papers +15, others +13 (11 of 17 gold among the requests
    # for more it had refused, 0.3 being where the band first holds more gold than not: 0.2 held 15 of 34).
    # Fiftieth session: a list with papers at this relevance that it does not show says so and offers them (no value
    # tuned: on 200 dev list questions the offer was made 58 times and "show me more" then listed papers each time).
    # Seventieth session: also what a paper needs to answer a request for every paper on a topic once the corpus is
    # found to answer it (EvidenceJudge.decide; not tuned again: on the 160 dev rows asking for all, gold papers cited
    # 1047 -> 1123, others 71 -> 100, no refusal changed).
    wide_corroboration_min_relevance: float = _field(
        "answer_quality",
        0.3,
        "The relevance each of the wide_corroborating_papers needs, a paper answering a request for more that"
        " nothing above the cut-off answers (a list with such papers offers them), and a paper answering a request"
        " for every paper on a topic the corpus answers.",
        ge=0,
        le=1,
    )
    # Fourteenth session. A paper with one sentence writing every phrase of the question's topic (two terms or
    # more; Topic.states_every_concept), or whose title holds a one-term topic (Evidence.states_whole_topic),
    # answers a corpus-wide question, whatever its retrieval score, when its best sentence is at least this similar
    # to the question (EvidenceJudge.decide). Chosen on the tuning splits and evals/dev_s14.jsonl after its first
    # measurement (evals/README.md, fourteenth session): 0.4 and 0.45 score alike (dev_s14 gold cited 0.621 ->
    # 0.669, cited precision 0.875 -> 0.881; one more paper, not gold, on the tuning splits); 0.35 adds a gold
    # paper on dev_s14 and a paper that is not gold on the held-out splits; 0.3 answers a held-out unanswerable;
    # 0.5 loses six of dev_s14's gold papers. Forty-first session, 0.35 re-checked on the first 46 of 89 dev splits
    # (3,322 rows): 12 more gold papers for 17 more others, three more unanswerables answered; 0.4 kept.
    whole_topic_min_cosine: float = _field(
        "answer_quality",
        0.4,
        "A paper stating the whole topic in one sentence answers when its best sentence is this similar (1 = off).",
        ge=0,
        le=1,
    )
    # Fifty-ninth session. ... and a relevance of at least this, on its own evidence (the relevance model), unless the
    # question asks for more of an answered one. On the single-turn list questions of the dev splits (topic,
    # broad_list, topic_everyday, first; 1,939 rows, measured with the code of 615f1d5 less this floor), the papers
    # admitted by stating the whole topic at relevance under 0.125 were 26% gold (97 of 370, in 45 rows: "OntoZSL"
    # for knowledge graph completion, "LanDA" for source-free cross-modal adaptation), those at 0.125-0.2 55% (95 of
    # 180), at 0.2-0.3 72%, against 87% of all the papers those answers cite. Over all 133 dev splits it cited 159
    # fewer other papers for 56 fewer gold ones (evals/README.md, fifty-ninth session).
    whole_topic_min_relevance: float = _field(
        "answer_quality",
        0.12,
        "... and its relevance (the relevance model's probability) must be at least this (0 = off).",
        ge=0,
        le=1,
    )
    # Fourteenth session. A list question asking for two things together (two phrases of two to four words joined
    # by a word or two: question.parts_asked_together) is answered only by papers that write each phrase or whose
    # closest sentence (title included) is at least this similar to it embedded alone (EvidenceJudge.decide,
    # evidence._part_similarity). Chosen on the tuning splits, the held-out splits and evals/dev_s14.jsonl after
    # its first measurement (evals/README.md, fourteenth session): 0.3 and 0.35 refuse four unanswerables ("...
    # graph neural networks for weather forecasting?", "... federated learning for speech recognition?") and change
    # no answerable question but for one paper that is not gold, dropped at 0.35; 0.4 drops gold papers and
    # refuses a topic switch.
    part_min_similarity: float = _field(
        "answer_quality",
        0.35,
        "A list question asking for two things together: a paper's closest sentence must be this similar to each.",
        ge=0,
        le=1,
    )
    # Fourteenth session. A list question whose topic is one phrase of two words or more ("continual learning"): a
    # paper whose title is at least this similar to the phrase embedded alone states the topic in other words
    # ("Revisiting Class-Incremental Learning with Pre-Trained Models"), and answers as a paper writing it does
    # (EvidenceJudge._title_states). Chosen on the tuning splits and evals/dev_s14.jsonl after its first
    # measurement (evals/README.md, fourteenth session): at 0.6 dev_s14 gold cited 0.669 -> 0.687 and cited
    # precision 0.881 -> 0.885, one more paper on the tuning splits (not gold); 0.65 adds one gold paper fewer; 0.55
    # answers a held-out unanswerable and adds papers that are not gold.
    title_topic_min_similarity: float = _field(
        "answer_quality",
        0.6,
        "A list whose topic is one phrase: a paper whose title is this similar to the phrase states the topic.",
        ge=0,
        le=1,
    )
    # Forty-third session. A title that close to the phrase may still leave out its most specific word: "The
    # (R)Evolution of Multimodal Large Language Models: A Survey" for "MLLM distillation". It states the phrase only
    # if its similarity to the phrase without that word exceeds its similarity to the whole phrase by less than this.
    # Measured on the 94 dev splits (evals/README.md, forty-third session): at 0, 7 gold papers fewer and 24 other
    # papers fewer than without the rule; at 0.03, 2 and 10 fewer (the five gold papers more came with 14 others).
    title_topic_rarest_word_margin: float = _field(
        "answer_quality",
        0.0,
        "A title states a phrase only if it is at most this much closer to the phrase without its rarest word.",
        ge=0,
        le=1,
    )
    # Fifteenth session. A word more than this share of the collection's papers write says only what kind of thing
    # the rest of a phrase is ("mixture-of-experts models"): a sentence stating a phrase of three words or more may
    # leave it out (Topic.states_every_concept). In the bundled corpus only "model" passes (0.94 of the papers; next
    # come "training" 0.77 and "knowledge" 0.75, which do tell topics apart: "knowledge graph" is not "graph").
    # Measured after a hand test missed LLaVA-MoD and Uni-MoE in "Which papers use mixture-of-experts models?": on
    # the tuning splits one more gold paper on dev_s14 ("papers that fine-tune models with LoRA"), nothing else.
    # Set after a blind hand test (evals/dev_s129.jsonl: "using AI to read people's brain activity" refused): 269
    # single-turn dev questions write "AI", 86 of them refused at 3d6d853 with gold cited 0.338. Measured with the
    # sixtieth session's other changes on all 139 dev splits (evals/README.md): gold papers cited 12061 -> 12119.
    collection_field: tuple[str, ...] = _field(
        "answer_quality",
        ("AI", "artificial intelligence"),
        "Words naming the field every paper of the collection is in (the bundled corpus: AI research). A part of a"
        " question naming no more than the field ('using AI to read brain activity') is one every paper is on, so"
        " the evidence judge does not ask a paper to write it; retrieval still reads it. Set it to your own"
        " collection's field, or to () to judge every word.",
        max_length=20,
    )
    ubiquitous_word_share: float = _field(
        "answer_quality",
        0.9,
        "A topic word this share of papers write may be left out of a longer phrase a sentence states, and names no"
        " topic of the papers on the table ('those model papers') (1 = off).",
        ge=0,
        le=1,
    )
    standout_min_cosine: float = _field(
        "answer_quality",
        0.33,
        "The standout paper's best sentence must be at least this similar to the question. Dev split: every "
        "answerable question's best paper is above 0.34 except questions that are only filters.",
        ge=0,
        le=1,
    )
    quote_contribution_bonus: float = _field(
        "answer_quality",
        0.2,
        "Added to a sentence stating the paper's own contribution when choosing the sentence to quote. Swept "
        "0.05-0.3 on the original gold set before the dev/test split: key-fact recall peaks near 0.2.",
        ge=0,
        le=1,
    )
    quote_coverage_weight: float = _field(
        "answer_quality",
        0.3,
        "Weight of topic coverage next to cosine when choosing the sentence to quote (set by hand, unchanged since "
        "the first release; dev split key-fact recall is flat between 0.2 and 0.4). Coverage of the question's terms "
        "that the paper's title does not write, unless the question picks among papers on the table (forty-fifth "
        "session; 95 dev splits, key facts 0.728 -> 0.735 at 0.3; 0.737 at 0.6, with 98 rows changed against 61).",
        ge=0,
        le=1,
    )
    on_the_table_share: float = _field(
        "answer_quality",
        0.75,
        "A question naming no paper, after an answer about one, asks that paper when its abstract holds this share of "
        "the question's topic weight, IDF times English specificity ('what model generates the final image?'). On "
        "the dev splits every value in (0, 0.75] scores alike (0 loses three topic switches); 0.75, the most "
        "cautious, binds the thirteenth session's hand-test follow-ups (evals/README.md).",
        ge=0,
        le=1,
    )
    single_answer_margin: float = _field(
        "answer_quality",
        0.05,
        "A single-paper answer adds a second paper only when its relevance is within this of the best (dev split).",
        ge=0,
        le=1,
    )
    # The support judge's score is a probability from a logistic model fitted on ACLSum train
    # (bench/support.py --fit): 0.57 is the highest train recall with train false support <= 0.02
    # (0.5726 rounded, same verdicts; 5-fold cross-validation of that recipe within train, 2026-11-30:
    # recall 0.774, false support 0.023).
    support_threshold: float = _field(
        "answer_quality",
        0.57,
        "Citation support probability needed to count a claim as supported (tuned on ACLSum train).",
        ge=0,
        le=1,
    )

    # --------------------------------------------------------------- generation
    generator: Literal["auto", "offline", "llm"] = _field(
        "generation", "auto", "offline, llm, or auto (the LLM when an endpoint is configured)."
    )
    llm_model: str = _field("generation", "gpt-4o-mini", "Model name sent to the endpoint.", min_length=1)
    llm_api_key: SecretStr | None = _field(
        "generation",
        None,
        "API key (never logged; redacted from errors).",
        validation_alias=AliasChoices("OPENAI_API_KEY", "RAG_LLM_API_KEY"),
    )
    llm_base_url: str | None = _field(
        "generation",
        None,
        "Any OpenAI-compatible endpoint, e.g. http://127.0.0.1:8080/v1.",
        validation_alias=AliasChoices("OPENAI_BASE_URL", "RAG_LLM_BASE_URL"),
    )
    llm_timeout: float = _field("generation", 60.0, "Seconds per LLM request.", gt=0, le=3600)
    llm_max_retries: int = _field("generation", 2, "Retries on 429/5xx/timeouts.", ge=0, le=10)
    llm_context_tokens: int = _field(
        "generation", 8192, "Context budget that sources are fitted into.", ge=512, le=2_000_000
    )
    llm_answer_tokens: int = _field("generation", 700, "Tokens reserved for the answer.", ge=16, le=100_000)
    llm_source_sentences: int = _field(
        "generation",
        3,
        "Abstract sentences shown to the LLM per source, best first by the evidence judge (fewer to copy, "
        "faster on a CPU); chosen by hand with the local 1.5B model, not tuned on any eval split.",
        ge=1,
        le=50,
    )
    llm_quote_left_out: bool = _field(
        "generation",
        True,
        "Quote, after an LLM's answer, the papers the evidence judge found to answer that the model left out or "
        "whose sentences failed the support check (a behaviour, not a tuned value).",
    )
    max_question_chars: int = _field("generation", 2000, "Longer questions are rejected.", ge=1, le=100_000)
    # A limit, not a tuned value: each part is a search and a draft of its own (an LLM draft takes 20-90 s on the
    # local 2-core server), and a chat message rarely asks more than three things.
    max_question_parts: int = _field(
        "generation",
        5,
        "A message asking more questions than this has its first ones answered, and says so.",
        ge=1,
        le=50,
    )

    # ----------------------------------------------------------------------- UI
    ui_host: str = _field("ui", "127.0.0.1", "UI bind address.")
    ui_port: int = _field("ui", 7860, "UI port.", ge=1, le=65535)
    ui_auth: str | None = _field("ui", None, "user:password to require a login.", pattern=r"^[^:]+:.+$")
    # 2 from `python -m bench.load` on 2 cores (docs/benchmarks.md): answering is CPU-bound, so more workers than
    # cores only add GIL contention (throughput at 64 users 5.5/s at 2, 3.4/s at 4); the rest wait in the queue.
    ui_concurrency: int = _field("ui", 2, "Answers computed at once by the UI queue.", ge=1, le=64)
    ui_upload_max_mb: int = _field(
        "ui", 20, "Largest paper file the UI accepts for upload, in MB; 0 turns upload off.", ge=0, le=1024
    )

    @classmethod
    def grouped(cls) -> dict[str, list[str]]:
        """Field names by group, in :data:`GROUPS` order."""
        out: dict[str, list[str]] = {group: [] for group in GROUPS}
        for name, info in cls.model_fields.items():
            extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
            out[str(extra.get("group"))].append(name)
        return out

    @property
    def llm_configured(self) -> bool:
        return bool(self.llm_base_url or self.llm_api_key)

    @property
    def server_mode(self) -> bool:
        return bool(self.chroma_host)

    def describe_store(self) -> str:
        if self.server_mode:
            return f"chroma server {self.chroma_host}:{self.chroma_port}"
        return f"{self.index_dir}"


def get_settings(**overrides: object) -> Settings:
    """Settings from the environment, with explicit overrides (CLI flags) winning."""
    clean = {k: v for k, v in overrides.items() if v is not None}
    return Settings(**clean)

"""Evidence: for each retrieved paper, the sentence that best answers the question, and whether any does.

A paper is *relevant* only when a sentence of its title or abstract answers the question. The
verdict comes from three measurements of that sentence and its paper against the question's
topic terms (the question with its form words, filter words and asked attribute removed):

* ``cosine``: MiniLM similarity between the question and the sentence;
* ``sentence_coverage``: the share of the topic's IDF mass the sentence itself contains;
* ``paper_coverage``: the same share over the whole title and abstract;
* ``retrieval_score``: the paper's fused BM25 + dense score (z-scores over the candidate pool), which
  reads the whole abstract at once and so complements the one-sentence features;
* ``retrieval_dense``: the retrieval's own dense score, unnormalised (0.8 x best sentence + 0.2 x the
  paper's mean vector, cosines to the question). A z-score makes the best of a pool of weak matches
  look strong ("robotic pruning of apple orchards" puts one robotics paper four deviations above the
  rest); the raw similarity, the paper-level vector included, says how close that best really is;
* ``concept_imbalance``: the question's concepts (runs of topic words, :func:`topic_concepts`) are
  each covered by the paper to some share; the best share minus the worst. A paper that has one
  concept fully and another not at all ("graph neural networks" but no "single-cell data") matches
  part of the question, which similarity and overall coverage reward; a paraphrase misses every
  concept alike and is not penalised.

Topic words the corpus never uses weigh the most, so a question about something no abstract
mentions ("watermarking LLM text") cannot be covered, however similar the papers look. They are
combined by logistic models whose weights and cut-offs live in :class:`rag.config.Settings`
(see :meth:`EvidenceJudge.decide`).

A question that asks for an attribute (a number, a duration, the hardware, the datasets, the
authors, a date) is answered only by a sentence, or metadata, that states that kind of thing;
the check reads the sentence, not the question's wording.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

import numpy as np

from rag.abbreviations import abbreviates, without_definitions
from rag.answer.question import (
    DIMENSION_COMPARATIVES,
    LICENCE,
    NAMED_TASKS,
    TASKS_SUCH_AS,
    Attribute,
    Concept,
    attribute_units,
    names_in,
    states_count_of,
    writes_name,
)
from rag.config import Settings
from rag.retrieve import Hit
from rag.rows import TITLE_PASSAGE
from rag.spellings import Spellings, shared_start
from rag.support import term_weight
from rag.text import (
    FUNCTION_WORDS,
    LANGUAGE_NAME,
    LANGUAGE_NAMES,
    NUMBER_WORDS,
    RELEASE,
    URL,
    WORD,
    announces_a_release,
    count_value,
    counted_noun_phrases,
    has_quantity,
    query_terms,
    stem,
    title_name,
)

#: A sentence stating the paper's own contribution, which usually names the method ("we propose X").
_CONTRIBUTION = re.compile(
    r"\b(?:we|this (?:paper|work|study)|our (?:method|approach|framework|model))\b[^.;]{0,60}?"
    r"\b(?:propose|introduce|present|develop|design|build|call|name|dub|term)\w*|\b(?:called|named|dubbed)\b",
    re.IGNORECASE,
)
#: A sentence in the paper's own voice: what the authors did, rather than the background they start from.
_OWN_VOICE = re.compile(r"\b(?:we|our)\b|\bthis (?:paper|work|study)\b", re.IGNORECASE)


#: A sentence about others' work, which the paper starts from: "Recent works such as T5 and GPT-3 have shown that ...",
#: "Existing methods rely on ...", "However, most previous studies ...".
_OTHERS_WORK = re.compile(
    r"^\W*(?:(?:however|moreover|but|while|although|yet)\W+)?(?:(?:most|many|some)\s+)?"
    r"(?:recent|existing|previous|prior|current|conventional|traditional|earlier)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:works?|methods?|approaches|studies|models|research|efforts|techniques|systems|papers)\b",
    re.IGNORECASE,
)


def about_others_work(sentence: str) -> bool:
    """Does the sentence tell of the work the paper starts from ("Recent works such as T5 and GPT-3 have shown ..."),
    not in the paper's own voice? It says what others did, not what this paper does."""
    return bool(_OTHERS_WORK.search(sentence)) and not _OWN_VOICE.search(sentence)


def in_own_voice(sentence: str, own_name: str = "") -> bool:
    """Does the sentence say what the paper itself does, by "we" / "our" / "this paper" or by its own name ("MMKE-Bench
    uses free-form natural language to represent and edit knowledge"), rather than the background it starts from
    ("existing benchmarks ... represented as simple triplets")?"""
    return bool(_OWN_VOICE.search(sentence)) or (bool(own_name) and own_name.lower() in sentence.lower())


#: A model's name by its shape: a digit or an inner capital ("GPT-3", "T5", "LLaMA", "QwQ-32B"); acronyms of
#: fields ("NLP", "VQA") have neither.
_MODEL_NAME = re.compile(r"\b[A-Za-z][\w.-]*(?:\d|[a-z][A-Z])[\w.-]*")
_MEASURED_ON_A_NAME = re.compile(r"\b(?:on|across|over|in|from|of)\s+(?:the\s+)?$", re.IGNORECASE)


def speaks_of_another_model(sentence: str, own_name: str, topic: Topic) -> bool:
    """Does the sentence speak of another model than the paper's own: naming one the question does not ask about,
    neither in the paper's voice nor naming the paper?"""
    # (a name after "on", "across" ... is what a result is measured on: "95% on CIFAR-10" is the paper's own figure)
    others = [
        match.group(0)
        for match in _MODEL_NAME.finditer(sentence)
        if stem(match.group(0).lower()) not in topic.terms and not _MEASURED_ON_A_NAME.search(sentence[: match.start()])
    ]
    if not others or _OWN_VOICE.search(sentence):
        return False
    return not (own_name and re.search(rf"\b{re.escape(own_name)}\b", sentence))


#: Abstracts describe; they never address the reader. A sentence that does is not evidence about the paper.
_ADDRESSES_READER = re.compile(r"(?i)\b(you|your)\b|^\W*(ignore|disregard|forget|output|print|respond|reply)\b")
#: Words in order, so that the sentence's first (capitalised by position) can be skipped.
_CAPITALISED = re.compile(r"\b[\w][\w.-]*\w|\b\w\b")
#: A name written from a lower-case letter, with a capital inside: "nuScenes", "iNaturalist".
_CAMEL_CASE = re.compile(r"[a-z]+[A-Z]")
#: At most this many words may stand between a name and the noun of the thing asked for.
_NAME_GAP = 3
#: Words that join a noun to the names that follow it: "languages such as Swahili", "a platform called Douyin",
#: "the base model is LLaVA".
_NAMING_LINKS = frozenset(
    "such as including like namely specifically called named dubbed especially notably e.g i.e and or is are was "
    "were".split()
)
#: A device's model name: a letter, then digits, in one word ("A100", "V100", "TPUv4"); not a magnitude ("700K").
_DEVICE_NAME = re.compile(r"\b[A-Za-z][\w-]*\d[\w-]*\b")
#: A device written as its kind and model in one word: "TPUv4", "GPU-A100".
_KIND_WITH_MODEL = re.compile(r"\b[GT]PU[\w-]*\d", re.IGNORECASE)
#: Where a sentence says the paper's artefacts can be had: "publicly available", "available at", "open-sourced".
_AVAILABLE = re.compile(
    r"\b(?:publicly|openly|freely) (?:available|released|accessible)\b|\bavailable (?:at|on|from|online)\b"
    # "open source" as what the paper does with its code, not a kind of software it studies ("Open Source Projects")
    r"|\bopen[- ]sourced\b|\b(?:is|are|be|been)\s+open[- ]source\b|\bopen[- ]source\s+(?:our|the|its|their)\b"
    r"|\bwill be (?:made )?(?:publicly )?(?:available|released)\b",
    re.IGNORECASE,
)
#: A dataset noun, what it holds, then its name set off by a comma: "a new corpus of generics, Gen-A-Tomic, that is
#: ..." (a name is capitalised inside, or holds a digit or a hyphen: not "a dataset of images, which").
_NAME_AFTER_A_DATASET = re.compile(
    r"\b(?:datasets?|benchmarks?|corpus|corpora)\s+(?:of|for|on)\s+(?:[\w-]+\s+){0,2}[\w-]+,\s+"
    r"(?-i:[A-Z][\w]*(?:[A-Z0-9]|-[A-Za-z0-9])[\w-]*)",
    re.IGNORECASE,
)
#: The paper presents a dataset or benchmark of its own: in its own voice, a verb of making whose object is one
#: ("we collect and release a large dataset", "we establish a multi-reference KGC dataset"); not one it is
#: evaluated on ("we propose X and evaluate it on two datasets": a preposition comes between).
_OWN_RESOURCE = re.compile(
    r"\b(?:we|this (?:paper|work|study)|our)\b[^.;]{0,80}?\b(?:introduc|propos|present|releas|publish|collect|buil|"
    r"construct|creat|curat|contribut|provid|develop|establish|annotat|compil|assembl|gather|produc|generat|shar)\w*\s+"
    r"(?:(?!(?:on|with|using|across|over|from|in|to|for|by)\b)[\w,()-]+\s+){0,6}?(?:datasets?|benchmarks?|corpus|corpora)\b"
    # the noun heads its phrase: "several benchmark models" are models ("a new dataset SURD" names it, "a dataset
    # comprising 14 million samples" says what it holds)
    r"(?!\s+(?!(?:of|on|for|with|that|which|where|whose|to|in|and|or|from|covering|containing|called|named|comprising"
    r"|consisting|spanning|including|featuring|composed|drawn|derived|collected|sourced|built|constructed|curated)\b)"
    r"(?-i:[a-z])[\w-]*)",
    re.IGNORECASE,
)
#: Articles may stand anywhere between a name and its noun: "Douyin, a video platform".
_ARTICLES = frozenset({"a", "an", "the"})


@dataclass(frozen=True)
class RelevanceModel:
    """Logistic relevance over (cosine, sentence coverage, paper coverage, retrieval score, concept
    imbalance, retrieval dense score[, margin]); see Settings for provenance."""

    cosine_weight: float
    sentence_coverage_weight: float
    paper_coverage_weight: float
    bias: float
    threshold: float
    retrieval_score_weight: float = 0.0
    concept_imbalance_weight: float = 0.0
    margin_weight: float = 0.0
    retrieval_dense_weight: float = 0.0

    @classmethod
    def from_settings(cls, settings: Settings, name: str) -> RelevanceModel:
        """The model whose weights are the ``<name>_*`` settings: "relevance", "standout", or their
        "scoped_" variants, which have no retrieval score weight (see Settings)."""
        fields = ("cosine_weight", "sentence_coverage_weight", "paper_coverage_weight", "bias", "threshold")
        values = {f: getattr(settings, f"{name}_{f}") for f in fields}
        return cls(
            **values,
            retrieval_score_weight=getattr(settings, f"{name}_retrieval_score_weight", 0.0),
            concept_imbalance_weight=getattr(settings, f"{name}_concept_imbalance_weight", 0.0),
            margin_weight=getattr(settings, f"{name}_margin_weight", 0.0),
            retrieval_dense_weight=getattr(settings, f"{name}_retrieval_dense_weight", 0.0),
        )

    def probability(self, ev: Evidence) -> float:
        z = (
            self.bias
            + self.cosine_weight * ev.cosine
            + self.sentence_coverage_weight * ev.sentence_coverage
            + self.paper_coverage_weight * ev.paper_coverage
            + self.retrieval_score_weight * ev.retrieval_score
            + self.concept_imbalance_weight * ev.concept_imbalance
            + self.margin_weight * ev.margin
            + self.retrieval_dense_weight * ev.retrieval_dense
        )
        return 1.0 / (1.0 + math.exp(-z))


@dataclass
class SentenceScore:
    position: int
    text: str
    cosine: float
    coverage: float  # of the topic's weight, as relevance counts it
    states_attribute: bool
    matched: float = 0.0  # of the topic's IDF, as the choice of quote counts it (Topic.matched)
    #: A number in it counts what a quantity question asks for ("16 distinct PEFT methodologies"), rather
    #: than standing free ("gains of up to 22%"): the surer statement, quoted first.
    counts_asked: bool = False


@dataclass
class Evidence:
    """One retrieved paper judged against the question."""

    hit: Hit
    sentences: list[str]
    relevance: float
    relevant: bool
    states_attribute: bool
    cosine: float = 0.0
    sentence_coverage: float = 0.0
    paper_coverage: float = 0.0
    retrieval_score: float = 0.0  # the hit's fused retrieval score
    retrieval_dense: float = 0.0  # the hit's raw dense score (best sentence and mean vector cosines)
    concept_imbalance: float = 0.0  # best minus worst concept coverage (0 for a one-concept question)
    margin: float = 0.0  # cosine minus the best other retrieved paper's: how much this paper stands out
    #: One sentence of its title or abstract writes every phrase of a topic of two or more terms
    #: (Topic.states_every_concept), or its title holds a topic of one term, or is close to a topic of one phrase
    #: (EvidenceJudge._title_states): an abstract's sentence holding one word only mentions it ("u-LLaVA" motivates
    #: its design by hallucination), a title says what the paper is about.
    states_whole_topic: bool = False
    #: ... and its title does (a topic of one term, or every phrase of a longer topic): what it is about by its own
    #: summary (EvidenceJudge.decide, ``every_paper``).
    title_states_whole_topic: bool = False
    #: How much it is about the part of a two-part question it is least about (_part_similarity; 1 without parts).
    weakest_part: float = 1.0
    #: A question restricting papers already chosen by a name ("are any of them Chinese datasets?"), by a language
    #: other than one it sets aside ("which of those take prompts in languages other than English?") or by more than
    #: one of a thing ("more than one teacher model"), that the paper never writes: whatever else it shares with the
    #: question, it is not what the restriction asks for.
    misses_a_requirement: bool = False
    #: The one paper of the corpus that writes a name the question writes ("which paper introduced the DAPS
    #: benchmark?"): MiniLM, which does not know the name, finds the question like no sentence of it.
    alone_writes_a_name: bool = False
    vectors: list[tuple[str, np.ndarray]] = field(default_factory=list)
    scored: list[SentenceScore] = field(default_factory=list)

    @property
    def paper_id(self) -> str:
        return self.hit.paper_id

    @property
    def answers(self) -> bool:
        """The paper answers the question: it is relevant and states the attribute asked for, if any."""
        return self.relevant and self.states_attribute

    def sentence(self) -> str:
        return self.sentences[0] if self.sentences else self.hit.passage


@dataclass
class Topic:
    """The question as evidence is judged against it: its vector, its topic terms with their IDF, and how
    specific each term's word is in English (:func:`topic_specificity`; 1 when absent)."""

    vector: np.ndarray
    terms: dict[str, float]
    attribute: Attribute | None = None
    specificity: dict[str, float] = field(default_factory=dict)
    #: Other ways the corpus writes a term (:mod:`rag.spellings`): "multimodal" is found where a paper writes
    #: "multi-modal", "chit" of "chit-chat" where it writes "chitchat".
    spellings: Spellings = field(default_factory=dict)
    #: Compounds whose words count only together: each a pattern of the compound written whole and the stems of
    #: its words. A text lacking the whole compound ("parameter-efficient") does not have its words either: its
    #: "efficient" alone is another matter (see AnswerEngine.judge).
    phrases: tuple[tuple[re.Pattern[str], frozenset[str]], ...] = ()
    #: The topic's concepts (:func:`rag.answer.question.topic_concepts`): runs of adjacent topic words, "or"
    #: joining alternatives.
    concepts: tuple[Concept, ...] = ()
    #: A list question asking for two things together ("federated learning for speech recognition"): each one's
    #: topic stems and vector. A paper answers only if it is about both (EvidenceJudge.decide).
    parts: tuple[tuple[tuple[str, ...], np.ndarray], ...] = ()
    #: A topic that is one phrase of two words or more ("continual learning"): its vector, which a paper's title
    #: close to it states in other words ("Class-Incremental Learning with Pre-Trained Models").
    phrase_vector: np.ndarray | None = None
    #: Topic words nearly every paper of the collection writes ("model"), and the kind noun ending a phrase
    #: (:func:`rag.answer.question.kind_words`: "architectures"): in a longer phrase they only say what kind of thing
    #: the rest is ("mixture-of-experts models"), so a sentence may leave them out.
    ubiquitous: frozenset[str] = frozenset()
    #: Terms only the question's gloss of its topic holds (:func:`rag.answer.question.without_gloss`), and a phrase's
    #: kind noun: a text covers the topic as much as it covers it with them or without them, whichever is more.
    optional: frozenset[str] = frozenset()
    #: The concepts of the examples a gloss gives (question.glossed_examples): a paper on one of them is on the
    #: topic, as the user says ("fake photos, like deepfakes or pictures made by AI").
    gloss_concepts: tuple[Concept, ...] = ()
    #: Among papers on the table, each example's topic terms, and those of the terms only the examples write that
    #: most papers on the table write: a text counts these only where it writes a whole example ("entities" of
    #: "multimodal KGs, like entities with images", asked of knowledge graph papers).
    gloss_items: tuple[frozenset[str], ...] = ()
    gloss_only: frozenset[str] = frozenset()
    #: The gloss holds a topic the papers must be on as well: a restriction searched over the whole corpus, with the
    #: conversation's topic in brackets ("handle audio (deepfake detection)"). A sentence stating the restriction
    #: alone does not state the whole topic.
    gloss_required: bool = False
    #: Judged among papers already on the table ("which of those ..."), where what tells them apart is every
    #: alternative the question writes, not its best.
    scoped: bool = False
    #: Stems of the names the question writes ("CLIP", "LLaMA-2"). A two-word concept of a name and what is done
    #: with it is stated by a sentence writing both, apart or not ("a knowledge distillation method to preserve the
    #: generalizable knowledge of CLIP" states "distill CLIP"); a longer phrase ("AI generated images") is a
    #: compound, which a sentence states only by writing it whole.
    names: frozenset[str] = frozenset()
    #: The noun a "which <noun>" question asks a description of (question.asked_head: "architectur" of "which model
    #: architectures did they test?"): a sentence writing it is quoted before one matching only the rest.
    head: str = ""
    #: How many things of what noun the question asks for (question.counted_things: "what are the two views it
    #: combines?" -> (2, "view")): a sentence naming that many is quoted before one matching only the rest.
    counted: tuple[int, str] | None = None
    #: The vector of the phrase of :attr:`phrase_vector` without its most specific word ("multimodal large language
    #: model" of "MLLM distillation"), computed when first asked for: a title nearer to that than to the whole phrase
    #: leaves the word out ("The (R)Evolution of Multimodal Large Language Models: A Survey" does not say
    #: "distillation" in other words).
    phrase_without_rarest: Callable[[], np.ndarray] | None = None
    #: The paper is already chosen when its sentences are ranked, and its quote is then chosen by what the question
    #: asks beyond the paper's title (:meth:`matched`). Not so when the question picks among papers on the table by
    #: a property: in "which of those are on medical data?" the title writing "Medical" is the very evidence.
    paper_chosen: bool = False

    def phrased(self, stems: set[str], text: str) -> set[str]:
        """``stems`` of ``text`` without the words of a compound the text does not write whole."""
        for pattern, words in self.phrases:
            if not pattern.search(text):
                stems = stems - words
        return stems

    @cached_property
    def weights(self) -> dict[str, float]:
        """What each term counts for in deciding relevance: IDF times specificity."""
        return {t: idf * self.specificity.get(t, 1.0) for t, idf in self.terms.items()}

    def states_every_concept(self, text: str) -> bool:
        """Does ``text`` write every concept of a topic of two or more terms, each (some alternative of it) as a
        phrase: its words within a few words of one another ("mixture of experts", "retrieval-augmented
        generation")? Words of the topic scattered over a long sentence ("merge pre-trained LLMs into a more
        potent model" for "model merging") are not the topic stated."""
        # (the gloss's terms are optional: "parameter-efficient fine-tuning (adapters, LoRA, prompt tuning)" is stated
        # by a sentence writing the phrase without the examples; what is left must still be two terms or more)
        required = set(self.terms) if self.gloss_required else set(self.terms) - self.optional
        if len(required) < 2 or {t for concept in self.concepts for words in concept for t in words} < required:
            return False  # a term no phrase holds (the concepts were read from other words): nothing to tell
        places = _word_places(text)
        return all(
            any(
                _within_a_phrase(self._telling(alternative), places)
                or (
                    len(alternative) == 2
                    and bool(self.names & set(alternative))
                    and all(w in places for w in alternative)
                )
                for alternative in concept
            )
            for concept in self.concepts
        )

    def _telling(self, words: tuple[str, ...]) -> tuple[str, ...]:
        """A phrase's words without those nearly every paper writes, if two or more words are left: "Mixture of
        Experts" states "mixture-of-experts models"; "diffusion" alone does not state "diffusion models"."""
        telling = tuple(w for w in words if w not in self.ubiquitous)
        return telling if len(telling) >= 2 else words

    def without_attribute_words(self, whole_phrase: bool = False) -> Topic:
        """The topic without the words naming the asked attribute: "parameters of Kosmos-1" is about Kosmos-1.
        With ``whole_phrase``, its modifiers go too ("base" of "what base model does each one start from?"): among
        papers already on the table, the phrase names what is asked of each, not what picks them."""
        if self.attribute is None:
            return self
        drop = self.attribute.nouns | attribute_units(self.attribute)
        if whole_phrase:
            drop |= {stem(word) for word in self.attribute.words}
        # (a copy of every other field, including those set after construction)
        return replace(self, terms={t: w for t, w in self.terms.items() if t not in drop})

    def coverage(self, stems: set[str]) -> float:
        """Share of the topic's weight that a text with these stems contains."""
        return self.share(stems.__contains__)

    def share(self, found: Callable[[str], bool], among: Iterable[str] | None = None) -> float:
        """Share of the topic's weight (or of the ``among`` terms' weight) whose terms ``found`` accepts."""
        found = self._whole_examples_only(found)
        weights = self.weights if among is None else {t: self.weights.get(t, 0.0) for t in among}
        if among is None and not self.scoped:
            weights = self._best_alternatives(weights, found)
        share = _weighted_share(weights, self._spelt_any_way(found))
        if among is None and self.optional:
            head = {t: w for t, w in weights.items() if t not in self.optional}
            share = max(share, _weighted_share(head, self._spelt_any_way(found)))
            if self.gloss_concepts:
                examples = {t for concept in self.gloss_concepts for alternative in concept for t in alternative}
                gloss = {t: w for t, w in self.weights.items() if t in examples}
                gloss = self._best_alternatives(gloss, found, self.gloss_concepts, whole_items=True)
                share = max(share, _weighted_share(gloss, self._spelt_any_way(found)))
        return share

    def _best_alternatives(
        self,
        weights: dict[str, float],
        found: Callable[[str], bool],
        concepts: tuple[Concept, ...] | None = None,
        whole_items: bool = False,
    ) -> dict[str, float]:
        """``weights`` without the terms of a concept's alternatives other than the one the text covers best:
        "machine learning or large language models for networking" is covered by "Large Language Model
        Adaptation for Networking" as much as by a paper on machine learning for networking. With ``whole_items``
        each alternative is an item of a list (a gloss's examples: "task arithmetic, merging fine-tuned
        checkpoints"), which shares no words with the others."""
        dropped: set[str] = set()
        for concept in self.concepts if concepts is None else concepts:
            if len(concept) < 2:
                continue
            shares = [
                _weighted_share({t: weights.get(t, 0.0) for t in alt}, self._spelt_any_way(found)) for alt in concept
            ]
            best = concept[shares.index(max(shares))]
            # (an alternative longer than the one covered may hold words shared by both: "sign language recognition
            # or translation models" asks sign-language translation too, so those words stay asked)
            dropped |= {t for alt in concept if len(alt) <= len(best) or whole_items for t in alt} - set(best)
        if not dropped:
            return weights
        kept = {t: w for t, w in weights.items() if t not in dropped}
        return kept or weights

    def matched(self, stems: set[str], titled: Collection[str] = ()) -> float:
        """Share of the topic's IDF that a text with these stems contains, every word of the question at full
        weight: within a paper already on topic, the sentence to quote is the one with the question's own
        specifics, everyday words included ("even with only four visible patches").

        The terms its title writes (``titled``) are left out, if any term is left: the title's words find the paper,
        and the rest say what is asked of it. "Which attention weight matrices matter when you fine-tune Stable
        Diffusion to make 360 degree panoramas?", of "What Makes for Text to 360-degree Panorama Generation with
        Stable Diffusion?", is answered by the sentence on "the value and output weight matrices", not by one
        repeating "panorama generation"."""
        asked = {t: w for t, w in self.terms.items() if t not in titled} or self.terms
        return _weighted_share(asked, self._spelt_any_way(stems.__contains__))

    def _whole_examples_only(self, found: Callable[[str], bool]) -> Callable[[str], bool]:
        """``found``, rejecting the terms of an example the text writes only in part (:attr:`gloss_only`)."""
        if not self.gloss_only:
            return found
        spelt = self._spelt_any_way(found)
        partial = self.gloss_only & {t for item in self.gloss_items if not all(map(spelt, item)) for t in item}
        return found if not partial else lambda term: term not in partial and found(term)

    def _spelt_any_way(self, found: Callable[[str], bool]) -> Callable[[str], bool]:
        """``found``, also accepting a term where every stem of one of its other spellings is found."""
        if not self.spellings:
            return found
        spellings = self.spellings
        return lambda term: found(term) or any(all(map(found, other)) for other in spellings.get(term, ()))


#: Words that name several languages at once: a paper "multilingual" or "cross-lingual" works in a language other
#: than any one the question sets aside.
_SEVERAL_LANGUAGES = ("multilingual", "multi-lingual", "bilingual", "cross-lingual", "crosslingual")


def writes_several(noun: str, text: str) -> bool:
    """Does ``text`` write of more than one of ``noun`` (either number): "Multiple Teachers", "their teachers",
    "multi-teacher", "two teacher models"? ("a large teacher model" writes of one.)"""
    root = re.escape(shared_start(noun, stem(noun)) or noun)
    counted = r"multiple|several|many|various|two|three|four|five|\d+"
    return bool(re.search(rf"\b{root}\w*(?<!s)s\b|\bmulti-?{root}|\b(?:{counted})\s+(?:[\w-]+\s+)?{root}", text, re.I))


def another_language(
    terms: dict[str, float], spellings: Spellings, set_aside: frozenset[str], known: Callable[[str], bool]
) -> tuple[dict[str, float], Spellings]:
    """Topic ``terms`` (stem -> IDF) and their ``spellings`` with the words setting a language aside (``set_aside``,
    stems: "non" and "english" of "a non-English language", "english" of "languages other than English") made one
    term, found where a text names another language ("for the Romanian language") or several ("multilingual").

    As words, "non-English" was found in every paper writing "English", and a paper on Romanian BERTs had half of
    it. The term weighs what the heaviest of its words did."""
    dropped = {t for t in terms if t in set_aside}
    if not dropped:
        return terms, spellings
    named = "-".join(sorted(dropped - {"non"})) or "language"
    term = f"non-{named}"
    others = [frozenset({stem(name.lower())}) for name in LANGUAGE_NAMES if stem(name.lower()) not in set_aside]
    several = [frozenset(query_terms(words)) for words in _SEVERAL_LANGUAGES]
    alternatives = tuple(dict.fromkeys(a for a in [*others, *several] if a and all(map(known, a))))
    kept = {t: idf for t, idf in terms.items() if t not in dropped}
    kept[term] = max(terms[t] for t in dropped)
    return kept, {**{t: alts for t, alts in spellings.items() if t not in dropped}, term: alternatives}


#: How many more words than its own a phrase of the question may span in a sentence ("mixture of experts" for
#: "mixture-of-experts", "Mixtures-of-Multimodal Experts architecture" for "mixture-of-experts architecture").
_PHRASE_SLACK = 2


def _word_places(text: str) -> dict[str, list[int]]:
    """Each stem of ``text`` with the places of its words (a hyphenated word counts whole and by part, in one place)."""
    places: dict[str, list[int]] = {}
    for place, word in enumerate(WORD.findall(text.lower())):
        for part in {word, *word.split("-")}:
            places.setdefault(stem(part), []).append(place)
    return places


def _part_similarity(
    words: tuple[str, ...], vector: np.ndarray, places: list[dict[str, list[int]]], vectors: list[np.ndarray]
) -> float:
    """How much a paper is about one part of a two-part question: fully where a sentence (or the title) writes the
    part as a phrase (``places``: each row's :func:`_word_places`), else its closest sentence's similarity to the
    part alone (a long sentence naming "human feedback" among much else is little like those two words)."""
    if any(_within_a_phrase(words, row) for row in places):
        return 1.0
    return max((float(v @ vector) for v in vectors), default=0.0)


def _within_a_phrase(words: tuple[str, ...], places: dict[str, list[int]]) -> bool:
    """Are all ``words`` (stems) found within a span of their number plus :data:`_PHRASE_SLACK` words?"""
    if any(w not in places for w in words):
        return False
    span = len(words) + _PHRASE_SLACK
    starts = {p for w in words for p in places[w]}
    return any(all(any(start <= p < start + span for p in places[w]) for w in words) for start in starts)


def _weighted_share(weights: dict[str, float], found: Callable[[str], bool]) -> float:
    total = sum(weights.values())
    return sum(w for t, w in weights.items() if found(t)) / total if total else 0.0


def topic_specificity(question: str, common_word_exponent: float, names_count: bool = False) -> dict[str, float]:
    """How specific each of the question's stems is, in (0, 1]: 1 for technical words, less for everyday ones.

    Corpus IDF alone makes a user's everyday words the heaviest terms, because abstracts never use them:
    "anything", "try", "people" or "things" outweigh "adversarial" or "distillation", and a paper on the
    question's real topic looks uncovered. MiniLM's vocabulary rank (:func:`rag.support.term_weight`, in
    (0, 1], 1 for words it splits) says how common a word is in English at large; raised to
    ``common_word_exponent`` (0 turns the discount off) it leaves technical words whole and shrinks
    everyday ones; counts keep their whole weight. A stem takes the most specific of the question's words
    that give it.
    """
    specificity: dict[str, float] = {}
    # With ``names_count`` (a question restricting papers already chosen), a word the user capitalises inside a
    # sentence is a name, as specific as words get however common in English: "are any of them Chinese
    # datasets?" restricts by "Chinese". (Across the corpus a name may set the scene instead: "an LLM trained
    # mostly on English", asked for papers adapting it to other languages.)
    names = named_words(question) if names_count else set()
    for word in WORD.findall(question.lower()):
        for part in {word, *word.split("-")}:
            # A count is a constraint however common its word: "only four visible patches".
            exact = part.isdigit() or part in NUMBER_WORDS or part in names
            # a possessive is its word: "people's" is as everyday as "people" (the vocabulary has no "people's")
            word_itself = part.removesuffix("'s")
            weight = 1.0 if exact else term_weight(word_itself) ** common_word_exponent
            specificity[stem(part)] = max(specificity.get(stem(part), 0.0), weight)
    return specificity


def named_words(question: str) -> set[str]:
    """The words a question capitalises inside its sentences, lower-cased ("chinese" in "are any of them Chinese
    datasets?"; the capitalised parts of a hyphenated word): names, unless the question capitalises most words."""
    names = {
        part.lower() for m in _NAMED_INSIDE.finditer(question) for part in m.group(0).split("-") if part[:1].isupper()
    }
    return set() if len(names) * 2 > len(WORD.findall(question)) else names  # Title Case Names Nothing


#: A capitalised word that does not open a sentence (nor follow "I"): "Chinese" in "are any of them Chinese datasets?".
_NAMED_INSIDE = re.compile(r"(?<![.!?:;]\s)(?<!^)(?<!\bI\s)\b[A-Z][a-z]+(?:-[A-Za-z]+)*\b")


def states_attribute(attribute: Attribute, sentence: str, stems: set[str]) -> bool:
    """Does this sentence state the kind of thing asked for? Judged from the sentence alone."""
    units = attribute_units(attribute)
    if attribute.type == "quantity":
        if not attribute.nouns:
            # (a level asked, "what scores does it get?", is no gain over others: "by an average of +2.67 BLEU")
            return has_quantity(_CHANGE_FIGURE.sub(" ", sentence) if attribute.level else sentence)
        return any(_states_quantity(attribute, clause) for clause in _CLAUSE_BREAK.split(sentence))
    if attribute.type == "duration":
        if attribute.change and stem("time") in stems and _SHARE_OR_FACTOR.search(sentence):
            return True
        return has_quantity(sentence) and bool(units & stems)
    if attribute.type == "hardware":
        if attribute.device_named:
            # "TPUv4" is a device and its kind at once; "A100 GPUs" names the kind beside it
            return bool(_DEVICE_NAME.search(sentence)) and bool(units & stems or _KIND_WITH_MODEL.search(sentence))
        return bool(units & stems)
    if (
        attribute.type == "dataset"
        and "tasks" in attribute.words
        and (
            NAMED_TASKS.search(sentence)
            or _tasks_tried(sentence)
            or _names_in_brackets(attribute.nouns, sentence, attribute.subject)
        )
    ):
        # "on image-text retrieval and visual question answering tasks", "two MRC tasks, span detection (COVID-QA) ..."
        return True
    trained = attribute.type == "dataset" and "trained" in attribute.words
    if trained and _TRAINED_ON_DATA.search(sentence):
        return True  # "what was it trained on?": "trained ... on a 4TB corpus consisting of plain texts"
    if trained:
        # a benchmark is what it was tested on: "99% accuracy on SQuAD 2.0 and several GLUE benchmark tasks" does not
        # say what MiniLM was pre-trained on
        units = units - {_BENCHMARK}
    if attribute.type == "dataset":
        # A name given to a dataset noun ("on MSCOCO and Flickr30K datasets", "benchmarks such as MMLU"), or the
        # paper's own dataset ("We introduce Topical-Chat, a ... conversation dataset"); not any name in the
        # sentence ("ChatGPT ... using a mere 70k training data", "benchmarks show that LangCell"). A dataset
        # noun before a lower-case word is still one ("Flickr30K datasets validate ...").
        # (a result on a benchmark names the data it was tested on, not what it was trained on: "12 FID improvements
        # on MS-COCO")
        if TASKS_SUCH_AS.search(sentence) or (
            not trained and _RESULT_ON_A_NAME.search(_FIGURES_AND_ABBREVIATIONS.sub("N", sentence))
        ):
            return True
        if _ITEMS_FROM_A_NAME.search(sentence):
            return True  # "filters out 43.7% of image-text pairs from the LAION400M": the data it drew on
        if _names_of_the_kind(attribute.kind_named, sentence):
            return True  # "which QA datasets?": "span detection (COVID-QA) and multiple-choice questions (PubMedQA)"
        if _NAME_AFTER_A_DATASET.search(sentence):
            return True  # "a new corpus of generics, Gen-A-Tomic, that is ...": the name set off after the noun
        # ("corpus" is a stop word of the index, where it means the collection searched: a name ending in it is
        # read here, "the Moral Foundations Reddit Corpus")
        if not units & stems and not _NAMED_CORPUS.search(sentence):
            return False
        return (
            _names_a(units, attribute, sentence, modifiers_are_heads=True)
            or bool(_OWN_RESOURCE.search(sentence))
            or _names_in_brackets(units, sentence, attribute.subject)
            # named after the noun, as a list: "four new benchmarks for assessment, namely ImageNet-A, ObjectNet,
            # OmniBenchmark, and VTAB"
            or _lists(units, sentence)
        )
    if attribute.type == "entity":
        # The kind of thing, with a name next to it that is not the question's own subject: "built on the
        # LLaVA-1.5 model", "12 languages, including Swahili"; or its instances listed after it, in any case:
        # "a three-stage training strategy that includes modality-adaptation pre-training, cross-modal ...".
        if _LANGUAGE in attribute.nouns and _names_a_language(sentence):
            return True  # "a Chinese multi-domain conversation dataset" says which language
        if _VERSION in attribute.nouns and _versions_named(attribute, sentence):
            return True  # "which llama versions?": "compressing Llama 2 and Llama 3"
        if attribute.best and not _RANKS.search(sentence):
            return False  # "which of the 20 tested models came out on top?": a sentence that ranks none does not say
        return (
            _names_a(attribute.nouns, attribute, sentence)
            or _lists(attribute.nouns, sentence)
            or _kinds_listed_before(attribute.nouns, sentence)
            or _instance_named(attribute, sentence)
            or _names_in_brackets(attribute.nouns, sentence, attribute.subject)
            # ... or counted, then listed as many: "three knowledge filters ... for relevance, brevity, and factuality"
            or _counted_then_listed(attribute.nouns, sentence)
            # things counted and named in capitals ("what are the two phases?": "the Branch Phase ... the Merge Phase")
            or (_counts_things(attribute) and _name_ending_in(attribute.nouns, sentence))
            # ... or as many names joined as the question counts: "its two variants" are "DP-Noise and DP-Mask"
            or (_counts_things(attribute) and _names_joined(count_value(attribute.words[0]), sentence))
            # ... or counted with its noun and enumerated by marks, as many as counted: "a two-stage adapter-tuning
            # strategy ...: i) domain-specific adapter on unlabeled data; followed by ii) the task-specific adapter"
            or (
                _counts_things(attribute)
                and counts_asked(attribute, sentence)
                and _enumerated(sentence) >= count_value(attribute.words[0])
            )
            or _named_as_role(attribute, sentence)
            or _defined_as_a_kind(attribute.nouns, sentence)
            # ... or two of them, counted and paired: "dual learning pathways, focusing on both visual-category and
            # attribute-category alignments" for "what two alignment pathways does it use?"
            or (
                _counts_things(attribute) and count_value(attribute.words[0]) == 2 and _pairs(attribute.nouns, sentence)
            )
        )
    if attribute.type == "availability" and "licence" in attribute.words:
        return bool(LICENCE.search(sentence))
    if attribute.type == "availability" and "github" in attribute.words:
        return "github.com" in sentence.lower()
    if attribute.type == "availability":
        return bool(URL.search(sentence) or RELEASE.search(sentence) or _AVAILABLE.search(sentence))
    if attribute.type == "resource":
        return bool(_OWN_RESOURCE.search(sentence))
    return False  # authors and dates are metadata, which abstracts do not carry


#: A sentence ranking what it names: "GPT-4o performs best", "outperforms all other models", "the strongest".
_RANKS = re.compile(
    r"\b(?:best|highest|strongest|top|leading|outperform\w*|surpass\w*|beats?|wins?|won|first|superior"
    r"|state[- ]of[- ]the[- ]art)\b",
    re.I,
)
#: Natural languages a paper may work in, named as adjectives without the word "language" ("a Chinese dataset",
#: "Bangla text"): the closed class a question asking which language is answered by (rag.text.LANGUAGE_NAMES).
_LANGUAGE = stem("language")
_LANGUAGE_NAME = rf"(?-i:{LANGUAGE_NAME})"
#: ... as the language of the paper's data ("a Chinese multi-domain knowledge-driven conversation dataset") or what
#: it works in ("for Bangla"), or what a count is in ("708 million Korean"), not as a modifier of anything else
#: ("English entity names", "non-English languages").
_IN_A_LANGUAGE = re.compile(
    rf"(?<![\w-]){_LANGUAGE_NAME}(?![\w-])(?:\s+[\w-]+){{0,3}}?\s+"
    r"(?:datasets?|corpus|corpora|texts?|data|benchmarks?|speech|conversations?|dialogues?|documents?|sentences?"
    # ... or where they come from: "14 million samples derived from a diverse range of Chinese and English sources"
    r"|sources)\b"
    # (a lower-case word after it is the noun it modifies, but for a conjunction: "parallel in English and Basque")
    rf"|\b(?:in|into|for|from)\s+(?:the\s+)?{_LANGUAGE_NAME}(?![\w-])(?!\s+(?!(?:and|or)\b)[a-z])"
    # or counted in it: "1.1 billion image-text pairs (708 million Korean and 476 million English)"
    rf"|\b\d[\d.,]*\s*(?:thousand|million|billion|[KMB])?\s+{_LANGUAGE_NAME}(?![\w-])(?!\s+(?!(?:and|or)\b)[a-z])"
)


_VERSION = stem("version")


def _versions_named(attribute: Attribute, sentence: str) -> bool:
    """Does the sentence name a version of what the question asks versions of ("which llama versions?": "Llama 2 and
    Llama 3"), or, asking of nothing named ("which versions?"), any name with a version number ("GPT-3.5")?"""
    named = [re.escape(w) for w in attribute.words if stem(w.lower()) != _VERSION]
    name = rf"(?i:{'|'.join(named)})" if named else r"[A-Z][\w]*"
    return re.search(rf"\b{name}[\s-]?v?\d+(?:\.\d+)*\b", sentence) is not None


def _names_a_language(sentence: str) -> bool:
    return bool(_IN_A_LANGUAGE.search(sentence))


#: Figures and Latin abbreviations between a result and the benchmark it is on ("improvements for CLPM (e.g., up to
#: 49.76%, 50.05% and 40.16% on Split CIFAR-100, ..."): read as one token each, their dots end no sentence.
_FIGURES_AND_ABBREVIATIONS = re.compile(r"\d+(?:[.,]\d+)*\s*%?|\b(?:e\.g|i\.e|cf|vs)\.", re.I)
#: A result on something named is on a dataset, though no dataset noun says so: "our method shows the largest
#: performance improvement on FB15K-237", "state-of-the-art results on GSM8K and MATH". (A name has two capitals,
#: a digit or a capital after lower-case letters, "on nuScenes": "on English" names a language.)
_RESULT_ON_A_NAME = re.compile(
    # (or experiments on it: "Extensive experiments on ShapeNet and OmniObject3D demonstrate ...")
    r"\b(?:performance|improvements?|accuracy|results?|scores?|gains?|state[- ]of[- ]the[- ]art|SOTA|experiments?"
    r"|evaluat(?:ed|ions?)|tested|validated)\b"
    r"[^.;]{0,40}?\b(?:on|over|across)\s+(?:the\s+)?"
    # (maybe named in brackets after what they are: "results on four mainstream VLN tasks (R2R, REVERIE, NDH, RxR)")
    r"(?:(?:[\w-]+\s+){0,4}?[\w-]+\s*\(\s*)?"
    r"(?-i:(?=[\w-]*(?:[A-Z][\w-]*[A-Z]|\d)|[a-z]+[A-Z])[A-Za-z][\w-]*\w"
    # or a name of several capitalised words: "state-of-the-art performance on Wizard of Wikipedia"
    r"|[A-Z][\w-]+(?:\s+(?:of|the|for|and|de)){0,2}\s+[A-Z][\w-]+)",
    re.I,
)
#: What introduces a noun's instances: "a strategy that includes", "consisting of", "such as", "namely",
#: "specifically" ("foundation models, specifically CLIP, CLAP, and AudioLDM"), a colon,
#: a dash ("three MedIR tasks--PET synthesis, CT denoising, and MRI super-resolution--").
_LISTED_AFTER = (
    r"(?:includ\w*|consist\w*\s+of|compris\w*|such\s+as|namely|specifically|i\.e\.,?|viz\.,?|:|--|\u2014|\u2013|"
    r"(?<=\s)-(?=\s))"
)
#: Counts a question may ask to name things by ("what three tasks ...?").
_COUNTS = frozenset(NUMBER_WORDS) | frozenset(str(n) for n in range(2, 21))
#: The same counts as one alternation, for patterns.
_COUNT_WORDS = "|".join(sorted(_COUNTS))


#: A name by its shape: a word with a capital letter anywhere ("PubMedQA", "COVID-QA", "ReSee-WoW").
_WITH_A_CAPITAL = r"[\w-]*[A-Z][\w-]*"


def _names_in_brackets(nouns: frozenset[str], sentence: str, subject: frozenset[str] = frozenset()) -> bool:
    """Does the sentence name instances of one of the nouns (stems) in brackets closing its clause: "two datasets
    extended from text-only dialogues (ReSee-WoW, ReSee-DD)", "task-agnostic LMs (e.g., GPT-2 and BART)"? Two
    names at least, or one straight after the noun, written as a word, that is neither the noun's own short form nor
    the question's ``subject``: "a simple baseline (SimpleCIL)" names it, where "language models (LMs)", "large-scale
    MLLM (l-MLLM)" and, asked of BearLLM, "large language models (BearLLM)" do not."""
    name = _WITH_A_CAPITAL
    names = rf"(?:(?:e\.g\.|i\.e\.|such as|like),?\s*)?(?-i:{name}(?:\s*(?:,|,?\s*and|,?\s*or)\s*{name})+)"
    # (or each in brackets of its own, after the thing it names: "two MRC tasks, span detection (COVID-QA) and
    # multiple-choice questions (PubMedQA)")
    each = rf"\(\s*(?-i:({name}))\s*\)"

    def stands_for_words_before(one: re.Match[str], group: int) -> bool:
        """Is the bracketed name a short form of the words before it ("large-scale MLLM (l-MLLM)")?"""
        before, parts = sentence[: one.start(group)], {part for part in one.group(group).lower().split("-") if part}
        return abbreviates(one.group(group), before, within_a_word=True) or bool(
            parts & set(WORD.findall(before.lower())[-6:])
        )

    def is_the_subject(name: str) -> bool:
        return bool({stem(part) for part in name.lower().split("-") if part} & subject) or name.lower() in subject

    for noun in nouns:
        if re.search(rf"\b[\w-]*{re.escape(noun)}\w*\b[^.;:,()]{{0,60}}\(\s*{names}\s*\)", sentence, re.I):
            return True
        after_the_noun = rf"\b[\w-]*{re.escape(noun)}\w*\b[^.;:()]{{0,60}}?"
        two = re.search(rf"{after_the_noun}{each}[^.;:()]{{1,60}}?{each}", sentence, re.I)
        if two and not stands_for_words_before(two, 1) and not stands_for_words_before(two, 2):
            return True
        for one in re.finditer(rf"\b[\w-]*{re.escape(noun)}\w*\s*\(\s*(?-i:({name}))\s*\)", sentence, re.I):
            # (a name with a word in it, not a short form's capitals: "s-MLLM" for "small-scale Multimodal Language
            # Models" abbreviates, loosely; nor, alone, the question's subject or a kind the corpus abbreviates. Two
            # names each in brackets are names whatever their parts: "(COVID-QA)" and "(PubMedQA)")
            if (
                re.search(r"[a-z]{3}", one.group(1))
                and not stands_for_words_before(one, 1)
                and not is_the_subject(one.group(1))
            ):
                return True
    return False


def _names_of_the_kind(kind_named: frozenset[str], sentence: str) -> bool:
    """Does the sentence name things of the kind a dataset question names ("which QA datasets?"): names holding that
    name as a part ("PubMedQA", "COVID-QA"), two of them, or one in brackets? The kind's name alone ("QA tasks")
    names none, and neither does one name in passing, which may be the paper's own method ("we propose GraphQA")."""
    kinds = {kind for kind in kind_named if len(kind) > 1 and not kind.isdigit()}
    named = [
        match
        for match in re.finditer(rf"(?<![\w-])(?-i:{_WITH_A_CAPITAL})(?![\w-])", sentence)
        if (lower := match.group(0).lower()) not in kinds
        and any(lower.endswith(kind) or kind in lower.split("-") for kind in kinds)
    ]
    bracketed = any(sentence[: m.start()].rstrip().endswith("(") for m in named)
    return len({m.group(0) for m in named}) > 1 or bracketed


def _lists(nouns: frozenset[str], sentence: str) -> bool:
    """Does the sentence list instances of one of the nouns (stems) after it: a word holding the noun ("three-stage"
    for stages), then within five words what introduces a list, then items joined by "and" or "or" ("A, B, and
    C"), not a clause that goes on after a comma ("models, such as text-to-image, despite generating ...")?"""
    item = r"[^.;:,()]{2,60}?"
    # or items each closing on its short form, the sentence going on after them: "use cases - viewport prediction
    # (VP), adaptive bitrate streaming (ABR) and cluster job scheduling (CJS), we showcase ..."
    short_formed = r"[^.;:,()]{2,60}?\s*\((?-i:[A-Z][A-Za-z0-9-]{0,12})\)"
    listed = (
        rf"(?:{item}(?:,\s*{item})*,?\s+(?:and|or)\s+{item}\s*(?:[.;:)]|$)"
        rf"|{short_formed}(?:,\s*{short_formed})*,?\s+(?:and|or)\s+{short_formed}\s*[,.;])"
    )
    # or items numbered, of any length, after the noun counted: "two kinds of knowledge, including (1) factual
    # knowledge obtained from ... Wikipedia and Wikidata and (2) linguistic knowledge obtained via dependency
    # parsing". Uncounted, the noun need not be what is numbered ("the World Model serves dual roles: (1) ...").
    count = rf"(?:{_COUNT_WORDS})\s+(?:[a-z-]+\s+)?"
    numbered = r"(?:\(\s*(?:1|i|a)\s*\)|\b1\))[^()]{2,200}?(?:\(\s*(?:2|ii|b)\s*\)|\b2\))"
    for noun in nouns:
        counted = rf"\b{count}[\w-]*{re.escape(noun)}\w*\b(?:\W+\w+){{0,5}}?\W*(?:{_LISTED_AFTER})?\s*{numbered}"
        if re.search(counted, sentence, re.I):
            return True
        at_noun = rf"\b[\w-]*{re.escape(noun)}\w*\b(?:\W+\w+){{0,5}}?\W*{_LISTED_AFTER}\s*"
        # or in brackets straight after the noun: "4.5K conversations from three domains (film, music, and travel)"
        in_brackets = rf"\b[\w-]*{re.escape(noun)}\w*\s*\(\s*(?:e\.g\.,?\s*)?"
        if re.search(in_brackets + listed, sentence, re.I):
            return True
        for match in re.finditer(at_noun + listed, sentence, re.I):
            # a noun after "of" or "in" completes an earlier head, which is what is listed: "four key factors crucial
            # for linearization of pre-trained DiTs: locality, ..." lists factors, not DiTs; "prevalent issues in
            # traditional LMs, such as hallucinations" lists issues
            completes = _COMPLETES_A_HEAD.search(sentence[: match.start()])
            # (counted, the noun is what is listed: "state-of-the-art performance in three MedIR tasks--PET ...")
            if not completes or set(completes.group(1).lower().split()) & _COUNTS:
                return True
    return False


#: Experiments run, or results attained, on a list of things written in lower case: "We conduct extensive experiments
#: on face recognition, object detection and image classification", "state-of-the-art results on zero-shot image /
#: audio / video captioning and text-to-image generation" (the things are tasks; datasets and benchmarks are names).
_TASK_ITEM = r"(?-i:[a-z][\w-]*(?:(?:\s+|\s*/\s*)[a-z][\w-]*){0,4})"
_TRIED_ON_A_LIST = re.compile(
    r"\b(?:experiments?|evaluations?|evaluated|evaluate|tested|tests?|results)\s+on\s+"
    rf"({_TASK_ITEM}(?:,\s*{_TASK_ITEM})*,?\s+(?:and|or)\s+(?-i:[a-z][\w-]*))",
    re.I,
)


#: ... or on one such thing, its phrase closed by what the experiment showed ("Real-life experiment in violence
#: detection shows that ...") or opening what the experiments included ("several experiments including time interval
#: prediction, ..."); a plural or "data" closing it is a kind, not a task: "experiments on benchmark datasets show",
#: "experiments on real data demonstrate".
_TASK_PHRASE = r"((?-i:[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}))"
_TRIED_ON_ONE = re.compile(
    rf"\b(?:experiments?|evaluations?)\s+(?:(?:on|in)\s+{_TASK_PHRASE}\s+"
    rf"(?:show|demonstrate|confirm|verif|validat|indicat|reveal)\w*|including\s+{_TASK_PHRASE}\s*(?:,|\band\b|$))",
    re.I,
)


#: A short item of a list: one to three words ("relevance", "dense depth maps").
_SHORT_ITEM = r"[\w-]+(?:\s+[\w-]+){0,2}"
#: A list closing its sentence or clause: "relevance, brevity, and factuality."
_LIST_CLOSING = re.compile(rf"({_SHORT_ITEM}(?:\s*,\s*{_SHORT_ITEM})*),?\s+(?:and|or)\s+{_SHORT_ITEM}\s*(?:[.;:]|$)")


def _counted_then_listed(nouns: frozenset[str], sentence: str) -> bool:
    """Does the sentence count things of one of the nouns and then list as many, closing on them: "three knowledge
    filters to dynamically select ... by controlling for relevance, brevity, and factuality" names the filters."""
    for noun in nouns:
        for counted in re.finditer(rf"\b({_COUNT_WORDS})\s+(?:[\w-]+\s+)?{re.escape(noun)}\w*\b", sentence, re.I):
            count = count_value(counted.group(1).lower())
            for listed in _LIST_CLOSING.finditer(sentence, counted.end()):
                if len(re.split(r"\s*,\s*", listed.group(1))) + 1 == count:
                    return True
    return False


def _tasks_tried(sentence: str) -> bool:
    """Does the sentence list, in lower case, what experiments were run on ("experiments on face recognition, object
    detection and image classification"), or name the one ("experiment in violence detection shows")? Not things
    counted or qualified ("on various datasets and tasks")."""
    for match in _TRIED_ON_A_LIST.finditer(sentence):
        items = re.split(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", match.group(1))
        if all(item.split()[0].lower() not in FUNCTION_WORDS | _QUALIFIERS for item in items if item.split()):
            return True
    for match in _TRIED_ON_ONE.finditer(sentence):
        words = (match.group(1) or match.group(2)).lower().split()
        if words[0] not in FUNCTION_WORDS | _QUALIFIERS and not words[-1].endswith("s") and words[-1] != "data":
            return True
    return False


#: Words that qualify or count what follows rather than name it ("various datasets", "several benchmarks").
_QUALIFIERS = frozenset(
    "various several multiple different many diverse numerous extensive standard public popular common existing "
    "other both all".split()
) | frozenset(NUMBER_WORDS)


def _kinds_listed_before(nouns: frozenset[str], sentence: str) -> bool:
    """Does the sentence list three kinds or more of one of the nouns (stems) as its modifiers: "incorporating image,
    video, and audio modalities" says which modalities? Two ("training and test sets", "small and large models")
    more often sort the things than name them."""
    kind = r"[A-Za-z][\w-]*"
    listed = re.finditer(rf"\b{kind}(?:,\s*{kind})+,?\s+(?:and|or)\s+{kind}\s+([A-Za-z][\w-]*)", sentence)
    # (the noun itself, not a verb's form sharing its stem: "language, perception, action, and world modeling" lists
    # no models)
    heads = (match.group(1).lower().split("-")[-1] for match in listed)
    return any(stem(head) in nouns and not head.endswith(("ing", "ed")) for head in heads)


def _instance_named(attribute: Attribute, sentence: str) -> bool:
    """Does the sentence give one named instance of the asked noun after it, "such as" or "e.g." a name: "parameter-
    efficient fine-tuning (PEFT) techniques, such as LN-tuning" names the tuning? A lower-case instance ("tasks such
    as classification") is a kind, not a name. The noun is found by its stem or as the question writes it ("tuning",
    whose stem "tune" "fine-tuning" does not write)."""
    written = {word.lower() for word in attribute.words if stem(word) in attribute.nouns}
    for noun in attribute.nouns | written:
        # the instance follows the noun itself, maybe after its short form and a general head ("techniques"), not
        # another noun of a phrase going on ("tasks in logistic systems such as Cainiao")
        at_noun = (
            rf"\b[\w-]*{re.escape(noun)}\w*\b(?:\s*\([^()]{{1,15}}\))?(?:\s+[a-z]+)?\s*,?\s*"
            r"(?:such\s+as|e\.g\.,?|for\s+example,?)\s*"
        )
        if re.search(rf"{at_noun}(?-i:{_WITH_A_CAPITAL})", sentence, re.I):
            return True
    return False


#: The words just before a noun that make it the complement of an earlier head ("linearization of pre-trained").
_COMPLETES_A_HEAD = re.compile(r"\b(?:of|in)\s+((?:[\w-]+\s+){0,2})$", re.I)


#: A noun written short, as its word's first letters ("param", "config"), is that word: at least this many letters.
_SHORTENED = 5


#: Where a sentence's clauses part: a number measures what its own clause names. "... Science (+2.9 points),
#: while achieving near-equal performance to DeepSeek-R1 on AIME 2024" states no AIME score.
_CLAUSE_BREAK = re.compile(r";\s+|,?\s+(?:while|whereas|but)\s+")


#: Measures of a difference, which a comparison states by how much: "beat the best baseline (on average by
#: around 76.3%)" states the margin, "improves accuracy by 3.6%" the gain, "can boost classification
#: performance up to 16.7%" the improvement. The verbs that state a difference are its names too: "outperforms its
#: counterpart ... (+5.5 points)" states the gain.
_DIFFERENCES = frozenset(
    stem(w)
    for w in (
        "margin",
        "gap",
        "difference",
        "improvement",
        "gain",
        "boost",
        "increase",
        "raise",
        "outperform",
        "surpass",
    )
)
#: The noun of what a result is tested on, which names no data something was trained on.
_BENCHMARK = stem("benchmark")
#: A saving asked for ("what efficiency savings?") is stated by a multiple or a share of something saved or cut.
_SAVING = stem("savings")
_SAVES = re.compile(
    # (or made smaller, faster or cheaper by a multiple: "a size (3 MB), which is 160times smaller")
    r"\b(?:sav(?:e|es|ed|ing)|reduc\w*|fewer|less|cut(?:s|ting)?|lower\w*|decreas\w*|smaller|faster|cheaper)\b",
    re.I,
)
_BY_HOW_MUCH = re.compile(
    r"\bby\s+(?:[a-z]+\s+){0,3}?[+-]?\d"
    # (or the figure right after the verb of a difference: "GrowCLIP improves 2.3% average top-1 accuracy")
    r"|\b(?:improv|boost|increas|rais|gain)\w*\s+(?:(?:up\s+to|about|around|nearly|over)\s+)?[+-]?\d"
)
#: A sentence reporting what experiments were run on: "Experimental results on three knowledge-driven NLP tasks show
#: ...", "Experiments on KPRS and the response generation task ...", "evaluated on".
_EXPERIMENTS = re.compile(r"\b(?:experiments?|experimental|results|evaluat(?:ed|ion|ions)|tested)\b", re.I)
#: Data something was trained on, described: "trained the model ... on a 4TB corpus", "pretrained solely with text
#: data".
_TRAINED_ON_DATA = re.compile(
    r"\b(?:pre-?)?train(?:ed|s)?\b[^.;]{0,60}?\b(?:on|with|using|from)\b[^.;]{0,60}?"
    r"\b(?:data|datasets?|corpus|corpora|texts?|images?|pairs|tokens|videos|samples|documents)\b",
    re.I,
)
#: A figure signed as a change: "Mathematics (+5.5 points)", "-2.1 BLEU".
_SIGNED_FIGURE = re.compile(r"(?<![\w.])[+\u2212-]\d")
#: A change given as a multiple: "twice as fast", "160 times smaller", "a 3x speed-up", "tenfold".
_MULTIPLE = re.compile(
    r"\b(?:twice|thrice|half|double|triple|(?:\d+(?:\.\d+)?|two|three|four|five|ten|hundred)\s*(?:x|\u00d7|times|-?fold))"
    r"(?![\w-])",
    re.I,
)


def _multiple_of(comparatives: frozenset[str], clause: str) -> bool:
    """Does the clause give a multiple of what the comparative measures ("twice as fast" for "faster", "speed up
    the inference at least 129times"), not of something else ("160 times smaller" for "faster")? A word just
    after the multiple, or a few before it, shares the comparative's root (speed is what "faster" measures, and
    what "accelerates generation by 6.3 times" multiplies)."""
    roots = {comparative[:3] for comparative in comparatives}
    if roots & {"fas", "slo"}:
        roots |= {"spe", "accelera"}
    return any(
        any(
            word.lower().startswith(tuple(roots))
            for word in re.findall(r"[A-Za-z]+", clause[: m.start()])[-6:]
            + re.findall(r"[A-Za-z]+", clause[m.end() :])[:3]
        )
        for m in _MULTIPLE.finditer(clause)
    )


#: A change given by its two ends: "from 741 to 225 tokens", "from 95.07% to 94.92%".
_FROM_TO = re.compile(r"\bfrom\s+[+-]?\d[\d.,]*\S*\s+(?:[a-z]+\s+)?to\s+[+-]?\d")
#: A figure stating a change, not a level: "by an average of +2.67 BLEU", "improves accuracy by 3.6%", "(+2.9 points)".
_CHANGE_FIGURE = re.compile(r"\bby\s+(?:[a-z]+\s+){0,3}?[+-]?\d[\d.,]*|(?<![\w.])\+\d[\d.,]*")


#: A share or a factor: "by up to 83.5%", "3x", "twice", "10 times", "4-fold".
_SHARE_OR_FACTOR = re.compile(r"\d[\d.,]*\s*(?:%|x\b|×|times\b|-fold\b)|\b(?:twice|half)\b", re.I)
#: A percentage that is no share of a thing counted: "up to 16.7%", "+2.9 %" (not "61.5% of parameters").
_PERCENTAGE = re.compile(r"[+-]?\d[\d.,]*\s*%(?!\s+of\b)")


def _states_a_change(attribute: Attribute, sentence: str) -> bool:
    """Does the sentence give a change of the measure asked ("+2.67 BLEU" for a BLEU score)?"""
    return bool(_CHANGE_FIGURE.search(sentence)) and _mentions(attribute.nouns, set(query_terms(sentence)))


#: A bound a figure may carry after "of": "of more than 10,000 tokens", "of up to 8 GPUs", "of ~3%".
_FIGURE_BOUND = (
    r"(?:(?:more|less|fewer)\s+than\s+|over\s+|under\s+|up\s+to\s+|at\s+(?:least|most)\s+"
    r"|(?:nearly|about|around|approximately|roughly)\s+|~\s*|[<>]\s*)?"
)


def _measure_of_a_figure(measure: str) -> re.Pattern[str]:
    """The measure (a stem), then "of" and a figure: its value ("context lengths of more than 10,000 tokens")."""
    return re.compile(rf"\b{re.escape(measure)}\w*\s+of\s+{_FIGURE_BOUND}\d", re.IGNORECASE)


#: An amount written as a share of another, in words: "half the number of labeled data", "a third of the parameters".
_FRACTION_OF_AMOUNT = re.compile(
    r"\b(?:half|(?:a|one)[- ](?:half|third|quarter|fifth|tenth)|twice|double|triple)\s+(?:of\s+)?(?:the|its|their)\s+"
    r"(?:(?:number|amount|size|quantity|volume)\s+of\s+)?",
    re.IGNORECASE,
)


def _states_quantity(attribute: Attribute, clause: str) -> bool:
    """Does a number of this clause measure what is asked? A number that counts something else ("rich human
    interactions with 100 selected objects") states no number of what is asked (participants), however
    close its words stand; one that counts nothing in particular ("an accuracy of 98%", "at 14 Hz") measures
    what its clause names."""
    if (
        _SAVING in attribute.nouns | {attribute.measure}
        and _SAVES.search(clause)
        and (_MULTIPLE.search(clause) or _PERCENTAGE.search(clause))
    ):
        # "what efficiency savings does each claim?": "saves 56 times operations and 28 times memory", "20x fewer
        # operations"; what is saved is the paper's to say
        return True
    # a difference asked by its noun ("what gain") or by the measure a modifier heads ("the reported improvement")
    asks_a_difference = bool((attribute.nouns | {attribute.measure}) & _DIFFERENCES)
    if asks_a_difference and _BY_HOW_MUCH.search(clause):
        return True
    if (comparatives := attribute.nouns & DIMENSION_COMPARATIVES) and (
        _FROM_TO.search(clause) or _multiple_of(comparatives, clause)
    ):
        # "how much shorter?": "reducing reasoning chains from 741 to 225 tokens"; "how much faster?": "twice as fast"
        return True
    if attribute.level:
        # "What BLEU score does CLIPTrans reach?" asks a level: "outperforms ... by an average of +2.67 BLEU" gives
        # the gain over others, which is no score of its own.
        clause = _CHANGE_FIGURE.sub(" ", clause)
    if any(
        _mentions(attribute.nouns, set(query_terms(" ".join(clause[share.end() :].split()[:4]))))
        for share in _FRACTION_OF_AMOUNT.finditer(clause)
    ):
        # "how much labeled data does it need?": "with at most half the number of labeled data", an amount of what is
        # asked given as a share of another
        return True
    if attribute.phrase.startswith("the number of "):
        # a count is no percentage: "boost performance up to 16.7% ... between multiple datasets" does not say how
        # many datasets there were (a share of them does: "save 61.5% of parameters")
        clause = _PERCENTAGE.sub(" ", clause)
    if attribute.verb and re.search(rf"\b{re.escape(attribute.verb)}\w*\s+{_ABOUT}?\d", clause, re.I):
        return True  # "how many people did they interview?": "We interviewed 12 practitioners"
    counted = counted_noun_phrases(clause)
    if counted is None:
        return False
    stems = set(query_terms(clause))
    # a difference is a difference by any of its names: "what gains did SLCA report?" is stated by "substantial
    # improvements for CLPM (e.g., up to 49.76% ...)"
    nouns = attribute.nouns | _DIFFERENCES if asks_a_difference else attribute.nouns
    named = _mentions(nouns, stems) and not attribute.excluded & stems
    if asks_a_difference and named and _SIGNED_FIGURE.search(clause):
        return True  # "the math gain": "outperforms ... including Mathematics (+5.5 points)"
    if (
        attribute.level
        and not attribute.measure
        and named
        and _asks_a_figure_on_a_name(attribute)
        and _SCORE_FIGURE.search(clause)
    ):
        # "whats ULIP-2's ScanObjectNN number?": a score on the benchmark named, "ScanObjectNN benchmark (91.5% Overall
        # Accuracy)"
        return True
    if attribute.measure and named and _measure_of_a_figure(attribute.measure).search(clause):
        return True  # "what context length?": "context lengths of more than 10,000 tokens" gives its value
    if attribute.phrase.startswith("the fraction of ") and named and re.search(r"\d\s*%|\bper ?cent\b", clause):
        # "what share of ChatGPT's ability did it reach?": "nearly 95% capability approximation" of ChatGPT
        return True
    # A figure of the measure asked ("93.4% accuracy for linear SVM" for "what linear-SVM accuracy?") is its
    # value wherever its clause names what the measure is of.
    return any(
        _counts_asked(attribute, phrase)
        or (_is_measure(attribute, phrase) and named)
        # a figure of a difference by another of its names: "20% relative improvements over Whisper" for "what gains"
        or (asks_a_difference and bool(_DIFFERENCES & {stem(word) for word in phrase}))
        if phrase
        else named
        for phrase in counted
    )


#: Words that round or bound a count before its number: "a total of", "over", "about".
_ABOUT = r"(?:(?:a\s+total\s+of|over|about|around|approximately|nearly|roughly|more\s+than|some)\s+)"


#: A figure a score is given as: a percentage or a decimal ("91.5% Overall Accuracy", "an FID of 12.3").
_SCORE_FIGURE = re.compile(r"\d(?:[\d.,]*\d)?\s*%|(?<![\w.])\d+\.\d+(?![\w.])")


def _asks_a_figure_on_a_name(attribute: Attribute) -> bool:
    """Does the question ask a figure on a benchmark it names and nothing else ("ULIP-2's ScanObjectNN number", "its
    MMLU score")? Its nouns are all the name's."""
    stems = set()
    for name in names_in(attribute.phrase):
        stems |= {stem(part) for part in [name.lower(), *re.findall(r"[a-z0-9]+", name.lower())]}
    return bool(attribute.nouns) and attribute.nouns <= stems


def _is_measure(attribute: Attribute, phrase: list[str]) -> bool:
    """Does the phrase a number counts name the measure the question asks ("93.4% accuracy")?"""
    return bool(attribute.measure) and attribute.measure in {stem(word) for word in phrase}


def _counts_asked(attribute: Attribute, phrase: list[str]) -> bool:
    """Does a number counting ``phrase`` give the quantity asked? It counts what is asked, unless the phrase holds
    what the question sets aside, or the question asks a measure of its own that the phrase does not name
    ("inter-annotator agreement" is not stated by "three trained annotators")."""
    stems = {stem(w) for w in phrase}
    if attribute.excluded & stems:
        return False
    # A plural noun counts things ("three trained annotators"); a metric after a figure is its value ("60.31% MAP").
    counts_things = any(stem(w) != w and stem(w) in attribute.nouns for w in phrase if w.endswith("s"))
    if attribute.measure and attribute.measure not in stems and counts_things:
        return False
    return _names_asked(attribute, phrase)


def counts_asked(attribute: Attribute, sentence: str) -> bool:
    """Does a number of the sentence count the nouns a quantity question asks for ("16 distinct PEFT methods"), or
    count as many of the things a question asks to name as it says there are ("three MedIR tasks" for "what three
    tasks does it handle?")?"""
    if attribute.type == "entity" and len(attribute.words) > 1 and attribute.words[0] in _COUNTS:
        count = re.escape(attribute.words[0])
        return any(
            re.search(rf"\b{count}\b(?:[\s-]+[\w-]+){{0,3}}?[\s-]+{re.escape(noun)}", sentence, re.I)
            for noun in attribute.nouns
        )
    if attribute.type != "quantity" or not attribute.nouns:
        return False
    return any(phrase and _names_asked(attribute, phrase) for phrase in counted_noun_phrases(sentence) or [])


def _names_asked(attribute: Attribute, phrase: list[str]) -> bool:
    """Does a noun phrase a number counts name what is asked ("distinct PEFT methodologies" for PEFT methods)?
    People asked are counted by whatever a study calls them: "tested on 46 subjects" for "how many people"."""
    nouns = attribute.nouns | _PERSONS if attribute.nouns & _PEOPLE else attribute.nouns
    return _mentions(nouns, {stem(word) for word in phrase})


#: People, asked in plain words, and the nouns studies count them by (a closed class).
_PEOPLE = frozenset(stem(w) for w in ("people", "person", "persons", "humans", "individuals"))
_PERSONS = _PEOPLE | frozenset(stem(w) for w in ("subjects", "participants", "volunteers", "users", "patients"))


def _mentions(nouns: frozenset[str], stems: set[str]) -> bool:
    """Do these stems include one of the nouns, written solid or not ("Top1" for "top-1"), or a word a noun shortens
    ("param" for "parameters")?"""
    solid = {noun.replace("-", "") for noun in nouns}
    return bool(solid & stems or nouns & stems) or any(
        s.startswith(noun) for noun in nouns if len(noun) >= _SHORTENED for s in stems
    )


def _names_a(nouns: frozenset[str], attribute: Attribute, sentence: str, modifiers_are_heads: bool = False) -> bool:
    """Does the sentence give a name, not the question's own subject, to one of these nouns (stems)? Title case
    would make every word a name, and a short form the sentence defines ("small language models (SLMs)")
    abbreviates the noun, naming nothing."""
    # a name's short form in brackets is the name again: "3D Gaussian Splatting (3DGS) as the 3D representation"
    text = _SHORT_FORM_OF_A_NAME.sub(r"\1", without_definitions(sentence))
    found = list(_CAPITALISED.finditer(text))
    words = [m.group(0) for m in found]
    if sum(w[0].isupper() for w in words) > len(words) / 2:
        return False
    # In an English noun compound the last noun is the head: "English-based large language models" names
    # models, not a language. A noun with a lower-case content word straight after it only modifies it.
    # A noun written with a capital inside a sentence is part of a name ("in Open Source Projects"), not a noun
    # whose instances the sentence names.
    heads = [
        i
        for i, w in enumerate(words)
        if stem(w.lower()) in nouns
        and (i == 0 or not w[0].isupper())
        and not (
            not modifiers_are_heads
            and i + 1 < len(words)
            and found[i + 1].start() == found[i].end() + 1
            and words[i + 1].islower()
            and words[i + 1] not in FUNCTION_WORDS | _NAMING_LINKS
        )
    ]
    names = [
        i
        for i, w in enumerate(words)
        if i > 0
        and (w[0].isupper() or _CAMEL_CASE.match(w))
        and not attribute.is_own_name(w)
        and not _counted_kind(words, i)
        # a language compounded into an adjective names no model or dataset: "English-based large language models"
        and not ("-" in w and re.fullmatch(_LANGUAGE_NAME, w.split("-")[0]))
    ]
    return any(
        _names(words, name, head) and not _clause_break(text, found, name, head) for head in heads for name in names
    )


def _counted_kind(words: list[str], name: int) -> bool:
    """Is the capitalised word a kind a count applies to ("the three evaluated real-world OSS projects", "a
    knowledge graph equipped ZSL benchmark"), rather than a name? A count or an indefinite article before it,
    with only lower-case modifiers between, counts things of that kind."""
    for word in reversed(words[max(0, name - 4) : name]):
        # (a figure joined to a noun is a modifier, not a count: "4-class ProGAN data" names the data)
        modifier = bool(re.search(r"-[a-z]", word))
        if (word[0].isdigit() and not modifier) or word.lower() in NUMBER_WORDS or word.lower() in ("a", "an"):
            return True
        if not word.islower() or word in FUNCTION_WORDS:
            return False
    return False


def _clause_break(text: str, found: list[re.Match[str]], name: int, head: int) -> bool:
    """Does a comma or semicolon part a name from the noun after it, other than an apposition ("Douyin, a Chinese
    video platform")? "a new paradigm for BCI, enabling datasets with ..." names no dataset."""
    if name > head:
        return False
    between = text[found[name].end() : found[head].start()]
    parted = re.search(r"[,;]\s*(\S+)", between)
    return parted is not None and parted.group(1).lower() not in _ARTICLES


#: Items of data drawn from something named, which is the data used: "image-text pairs from the LAION400M", "videos
#: collected from YouTube" (a name has two capitals or a digit).
_ITEMS_FROM_A_NAME = re.compile(
    r"\b(?:pairs|images|photos|videos|clips|samples|examples|instances|sentences|utterances|documents|texts|articles"
    r"|questions|dialogues|conversations|posts|comments|tweets|reviews|records|recordings)\s+"
    r"(?:(?:collected|drawn|sampled|taken|crawled|scraped|extracted|gathered|selected)\s+)?from\s+(?:the\s+)?"
    r"(?-i:(?=[\w-]*(?:[A-Z][\w-]*[A-Z]|\d))[A-Z][\w-]*\w)",
    re.I,
)
#: "the Moral Foundations Reddit Corpus"; or a short name before lower-case words: "the MSIP challenge corpus"
_NAMED_CORPUS = re.compile(
    r"\b[A-Z][\w-]*\s+Corp(?:us|ora)\b|\b[A-Z][\w-]*[A-Z][\w-]*(?:\s+[a-z][\w-]*){0,2}\s+corp(?:us|ora)\b"
)


def _named_as_role(attribute: Attribute, sentence: str) -> bool:
    """Does the sentence give a name the role the asked thing's modifier says: "the teacher model" is named by
    "using DeepSeek-R1 as the teacher"? A noun alone is its own role: "the backbone" is named by "Taking RoBERTa as
    the backbone model"."""
    if len(attribute.words) not in (1, 2):
        return False
    role = re.escape(attribute.words[0])
    named = [rf"(?-i:\b([\w.-]*[A-Z][\w.-]*))\s+as\s+(?:the|a|an|its|our)\s+{role}\b"]
    if attribute.words[0] == "teacher":
        # knowledge moved from a named model to a student: "we transfer knowledge from ChatGPT to a 7B student model"
        named.append(
            r"\bfrom\s+(?-i:([\w.-]*[A-Z][\w.-]*))\s+(?:to|into)\s+(?:an?\s+|the\s+|our\s+)?(?:[\w-]+\s+){0,3}?student"
        )
    return any(not attribute.is_own_name(m.group(1)) for pattern in named for m in re.finditer(pattern, sentence, re.I))


#: The asked noun heading the subject of a definition: "the non-parametric memory is a dense vector index of
#: Wikipedia" (not the last word of a longer subject: "a convergence of language ... and world modeling is a key step").
_IS_A = re.compile(r"\b(?:the|its|their|our|each)\s+(?:[\w-]+\s+){0,3}?([\w-]+)\s+(?:is|are)\s+(?:a|an)\b", re.I)


def _defined_as_a_kind(nouns: frozenset[str], sentence: str) -> bool:
    """Does the sentence say what the asked thing is, with the noun as the subject of "is a" ("what are the parametric
    and non-parametric memories?": "the parametric memory is a pre-trained seq2seq model")? A definition names no
    name, yet it is what "what is X?" asks of one paper."""
    return any(stem(match.group(1).lower()) in nouns for match in _IS_A.finditer(sentence))


#: A mark enumerating an item: "i)", "(ii)", "2)", "(b)", after a space, a bracket or a stop of the clause.
_ENUMERATION_MARK = re.compile(r"(?:^|(?<=[\s(:;,]))\(?(i{1,3}|iv|vi{0,3}|[1-9]|[a-h])\)(?=\s)")


def _enumerated(sentence: str) -> int:
    """How many items the sentence enumerates by marks ("i) ...; followed by ii) ..." enumerates two)."""
    return len({mark.lower() for mark in _ENUMERATION_MARK.findall(sentence)})


#: Two things named as a pair: "both visual-category and attribute-category alignments".
_BOTH_AND = re.compile(r"\bboth\s+[\w-]+(?:\s+[\w-]+){0,4}?\s+and\s+[\w-]+", re.I)


def _pairs(nouns: frozenset[str], sentence: str) -> bool:
    """Does the sentence count two of the nouns ("two learning pathways", "dual ... pathways") and name them as a pair
    ("both A and B")?"""
    return _BOTH_AND.search(sentence) is not None and any(
        re.search(rf"\b(?:two|dual|twin)\b(?:[\s-]+[\w-]+){{0,3}}?[\s-]+{re.escape(noun)}", sentence, re.I)
        for noun in nouns
    )


def _counts_things(attribute: Attribute) -> bool:
    """Does the question count the things it asks to name ("the two phases", "the 3 stages")?"""
    return bool(attribute.words) and (attribute.words[0].isdigit() or attribute.words[0] in NUMBER_WORDS)


#: Names joined in one list: "DP-Noise and DP-Mask", "GPT-2, BART, and T5" (each a name by its shape, a digit or a
#: capital inside it), the last maybe after an article and up to two words of its own ("the multimodal M-CLIP and the
#: multilingual mBART").
_NAME = r"(?<![\w-])(?=[\w-]*(?:[A-Za-z][\w-]*[A-Z]|\d))[A-Za-z][\w.-]*\w"
_JOINED_NAMES = re.compile(
    rf"{_NAME}(?:\s*,\s*{_NAME})*\s*,?\s+(?:and|or)\s+(?:(?:the|a|an)\s+)?(?:[a-z][\w-]*\s+){{0,2}}?{_NAME}"
)


def _names_joined(count: int, sentence: str) -> bool:
    """Does the sentence join exactly ``count`` names in one list ("comprising DP-Noise and DP-Mask")?"""
    return any(len(re.findall(_NAME, m.group(0))) == count for m in _JOINED_NAMES.finditer(sentence))


def _name_ending_in(nouns: frozenset[str], sentence: str) -> bool:
    """Does the sentence write a name whose last word is the asked noun, capitalised inside the sentence: "(1) the
    Branch Phase ... (2) the Merge Phase" name the phases. Not a longer name the noun is inside ("a new Large
    Vision-Language Model Knowledge Editing Benchmark" names a benchmark), nor a kind written out before its short
    form ("editing Large Vision-Language Models (LVLMs)" defines the models asked for, naming none)."""
    for run in re.finditer(r"\b[A-Z][\w-]*(?:\s+[A-Z][\w-]*)+", sentence):
        words = run.group(0).split()
        if (
            run.start() > 0
            and len(words) == 2
            and re.fullmatch(r"[A-Z][a-z]+", words[1])
            and stem(words[1].lower()) in nouns
            and not sentence[run.end() :].lstrip().startswith("(")
        ):
            return True
    return False


_SHORT_FORM_OF_A_NAME = re.compile(r"(\b[A-Z][\w-]*)\s*\([\w-]+\)")
#: A number that counts ("12", "4.5K", "100"), unlike a dimension written with a digit ("3D").
_COUNT = re.compile(r"\d(?![dD]$).*")


def _names(words: list[str], name: int, head: int) -> bool:
    """Is the name at ``name`` attached to the noun at ``head``, as the thing that noun is?

    Before the noun, only modifiers may come between ("the LLaVA-1.5 vision model", "Douyin, a Chinese
    video platform"); after it, only naming links and other names ("languages such as English and Swahili").
    A function word or number between them means the name belongs to something else: "Wikipedia articles
    in 12 languages" does not name a language.
    """
    between = words[min(name, head) + 1 : max(name, head)]
    if len(between) > _NAME_GAP:
        return False
    if name < head:
        # "3D Gaussian Splatting (3DGS) as the 3D representation": "as" names too; "3D" is a modifier, not a count
        return all(
            w.lower() in _ARTICLES | {"as"} or (w.lower() not in FUNCTION_WORDS and not _COUNT.fullmatch(w))
            for w in between
        )
    return all(w.lower() in _ARTICLES | _NAMING_LINKS or w[0].isupper() for w in between)


def metadata_value(attribute: Attribute, metadata: dict[str, object]) -> str:
    """What a paper's record says of an attribute only records carry ("dated Oct 21, 2024", "by A, B and C"),
    or "" when it says nothing. Shown beside the title: it comes from the source listing, not the abstract."""
    if attribute.type == "date" and metadata.get("date"):
        return f"dated {metadata['date']}"
    names = [n for n in str(metadata.get("author_names") or "").split("; ") if n]
    if attribute.type == "availability" and "licence" not in attribute.words and metadata.get("github"):
        # "which papers have a GitHub link?": the listing gave the paper's repository
        return f"code: {str(metadata['github']).split()[0]}"
    if attribute.type == "quantity" and "author" in attribute.nouns and metadata.get("authors") is not None:
        count = int(str(metadata["authors"]))  # "how many authors does it have?": the listing counted them
        return f"{count} author{'s' if count != 1 else ''}"
    if attribute.type == "person" and names:
        shown = names if len(names) <= 6 else [*names[:5], f"{len(names) - 5} more"]
        return "by " + (", ".join(shown[:-1]) + " and " + shown[-1] if len(shown) > 1 else shown[0])
    return ""


def metadata_states(attribute: Attribute, metadata: dict[str, object]) -> bool:
    return bool(metadata_value(attribute, metadata))


class EvidenceJudge:
    """Scores every sentence of a retrieved paper and decides whether the paper answers the question."""

    def __init__(
        self,
        model: RelevanceModel,
        standout: RelevanceModel,
        scoped_model: RelevanceModel | None = None,
        scoped_standout: RelevanceModel | None = None,
        min_cosine: float = 0.0,
        corroborating_papers: int = 0,
        wide_corroboration: tuple[int, float] = (0, 1.0),
        whole_topic_min_cosine: float = 1.0,
        whole_topic_min_relevance: float = 0.0,
        part_min_similarity: float = 0.0,
        title_min_similarity: float = 1.0,
        title_rarest_word_margin: float = 0.0,
        contribution_bonus: float = 0.2,
        coverage_weight: float = 0.3,
        dense_sentence_weight: float = 0.8,
    ) -> None:
        self.model = model
        self.standout = standout
        self.scoped_model = scoped_model or model
        self.scoped_standout = scoped_standout or standout
        self.min_cosine = min_cosine
        self.corroborating_papers = corroborating_papers  # see Settings.corroborating_papers
        # see Settings.wide_corroborating_papers and wide_corroboration_min_relevance
        self.wide_corroborating_papers, self.wide_corroboration_min_relevance = wide_corroboration
        self.whole_topic_min_cosine = whole_topic_min_cosine  # see Settings.whole_topic_min_cosine
        self.whole_topic_min_relevance = whole_topic_min_relevance  # see Settings.whole_topic_min_relevance
        self.part_min_similarity = part_min_similarity  # see Settings.part_min_similarity
        self.title_min_similarity = title_min_similarity  # see Settings.title_topic_min_similarity
        self.title_rarest_word_margin = title_rarest_word_margin  # see Settings.title_topic_rarest_word_margin
        self.contribution_bonus = contribution_bonus  # see Settings.quote_contribution_bonus
        self.coverage_weight = coverage_weight  # see Settings.quote_coverage_weight
        self.dense_sentence_weight = dense_sentence_weight  # the retriever's Fusion.sentence_weight

    def judge(
        self,
        topic: Topic,
        hit: Hit,
        rows: list[tuple[int, str, np.ndarray]],
        paper_coverage: float,
        concept_coverage: Sequence[float] = (),
    ) -> Evidence:
        scored: list[SentenceScore] = []
        vectors: list[tuple[str, np.ndarray]] = []
        weakest_part = 1.0
        if topic.parts:  # each row's words read once, for both parts
            places, row_vectors = [_word_places(text) for _, text, _ in rows], [v for _, _, v in rows]
            # (a paper on an example the question glosses its topic by is on the topic, both parts of it, as the user
            # says: "deep learning for the natural sciences, e.g. interatomic potentials" and the MLIP paper)
            examples = [example for concept in topic.gloss_concepts for example in concept]
            on_an_example = any(_within_a_phrase(example, row) for example in examples for row in places)
            weakest_part = (
                1.0
                if on_an_example
                else min(_part_similarity(words, vector, places, row_vectors) for words, vector in topic.parts)
            )
        titled = set(query_terms(hit.title or "")) if topic.paper_chosen else set()
        for position, text, vector in rows:
            if position != TITLE_PASSAGE:
                vectors.append((text, vector))
            if _ADDRESSES_READER.search(text):
                continue
            if announces_a_release(text) and (topic.attribute is None or topic.attribute.type != "availability"):
                continue  # a link or a release says where the paper's artefacts are, and nothing else
            stems = topic.phrased(set(query_terms(text)), text)
            states = topic.attribute is not None and states_attribute(topic.attribute, text, stems)
            coverage, matched = topic.coverage(stems), topic.matched(stems, titled)
            counts = states and topic.attribute is not None and counts_asked(topic.attribute, text)
            scored.append(
                SentenceScore(position, text, float(vector @ topic.vector), coverage, states, matched, counts)
            )
        if not scored:
            return Evidence(hit, [], 0.0, False, False, vectors=vectors, weakest_part=weakest_part)
        # Paper-level features: the best sentence by similarity, the best by coverage, the whole paper.
        cosine = max(s.cosine for s in scored)
        # Retrieval gives a paper that only BM25 found the floor of the dense lists (it ranked below every listed
        # paper), which may be far above its own similarity: a UAV paper scored 0.45 for a question its
        # sentences all score under 0.07 on. The judge has its vectors, so it measures what retrieval assumed.
        dense = hit.dense
        if hit.dense_is_floor and vectors:
            mean = np.mean([v for _, v in vectors], axis=0)
            mean_cosine = float(mean @ topic.vector) / max(float(np.linalg.norm(mean)), 1e-9)
            dense = min(dense, self.dense_sentence_weight * cosine + (1 - self.dense_sentence_weight) * mean_cosine)
        sentence_coverage = max(s.coverage for s in scored)
        by_metadata = topic.attribute is not None and metadata_states(topic.attribute, hit.metadata)
        # With no attribute asked, any relevant sentence states what is asked.
        states = topic.attribute is None or by_metadata or any(s.states_attribute for s in scored)
        # "what numbers do they report on ScanObjectNN?": the benchmarks asked on, the paper's own name aside. An
        # abstract that never names one reports no figure on it, whatever figures it gives; one that does is quoted
        # from the sentence naming it first.
        title = hit.title or ""
        asked_on = (
            [name for name in topic.attribute.benchmarks if not writes_name(name, title)] if topic.attribute else []
        )
        if asked_on and not by_metadata and not any(writes_name(name, f"{title} {hit.abstract}") for name in asked_on):
            states = False

        def off_the_benchmark(sentence: SentenceScore) -> bool:
            return bool(asked_on) and not any(writes_name(name, sentence.text) for name in asked_on)

        quotable = [s for s in scored if s.position != TITLE_PASSAGE]
        stating = [s for s in quotable if s.states_attribute]
        if topic.attribute is not None and not by_metadata:
            quotable = stating or quotable
        if topic.attribute is not None and topic.attribute.level and not stating:
            # No sentence states the level asked: what the paper does say comes first from a change of that measure
            # ("... by an average of +2.67 BLEU" where a BLEU score is asked), the nearest the abstract comes to it.
            ranked = sorted(
                quotable,
                key=lambda s: (
                    off_the_benchmark(s),
                    not _states_a_change(topic.attribute, s.text),
                    -self._choice_score(s, topic),
                ),
            )
        elif topic.attribute is not None and topic.attribute.type == "quantity":
            # A figure another model holds ("the GPT-3 model with 175 billion parameters") is background; the
            # paper's own ("We trained the model with 10 billion parameters ...") is what a fact question asks. A
            # change asked ("how much better is it than the data augmentation baseline?") is stated beside the other
            # model: "compared to a data augmentation baseline, TransIP achieves 40% to 60% improvement".
            own = title_name(hit.title)
            level = topic.attribute.level
            ranked = sorted(
                quotable,
                key=lambda s: (
                    off_the_benchmark(s),
                    level and speaks_of_another_model(s.text, own, topic),
                    -self._choice_score(s, topic),
                ),
            )
        elif topic.attribute is not None and topic.attribute.type == "dataset" and "trained" in topic.attribute.words:
            # "what was it trained on?": a sentence training it on its data comes before one naming data otherwise
            ranked = sorted(
                quotable, key=lambda s: (not _TRAINED_ON_DATA.search(s.text), -self._choice_score(s, topic))
            )
        elif topic.attribute is not None and topic.attribute.type == "dataset" and "tasks" in topic.attribute.words:
            # "what do they evaluate on?": a sentence reporting experiments comes before one naming tasks otherwise
            # ("... required to deploy new knowledge injection methods or knowledge bases for downstream tasks")
            ranked = sorted(quotable, key=lambda s: (not _EXPERIMENTS.search(s.text), -self._choice_score(s, topic)))
        elif topic.attribute is not None and topic.attribute.type == "dataset" and "evaluated" in topic.attribute.words:
            # "what datasets do they evaluate retrieval on?": a sentence reporting experiments or a result on named data
            # comes before one naming the data otherwise ("Three different data sources are combined: ...")
            ranked = sorted(
                quotable,
                key=lambda s: (
                    not (_EXPERIMENTS.search(s.text) or _RESULT_ON_A_NAME.search(s.text)),
                    -self._choice_score(s, topic),
                ),
            )
        elif topic.terms or topic.attribute is not None:
            ranked = sorted(quotable, key=lambda s: -self._choice_score(s, topic))
        else:
            # Nothing to match ("which paper has the most authors?", "papers dated before 2022"): quote what
            # the paper says it does: the first sentence stating its contribution, else the first in its own
            # voice ("In this paper, we construct ..."), else its first sentence.
            ranked = sorted(
                quotable,
                key=lambda s: (not _CONTRIBUTION.search(s.text), not _OWN_VOICE.search(s.text), s.position),
            )
        # An abstract's own question ("Given a well-behaved neural network, is possible to identify its parent?")
        # states nothing: it is quoted only when no statement is left.
        ranked.sort(key=lambda s: s.text.rstrip().endswith("?"))
        # the title holds a topic of one term, or writes every phrase of a longer one, or is close to its one phrase
        title_states = any(
            s.position == TITLE_PASSAGE
            and s.coverage > 0
            and (len(topic.terms) == 1 or topic.states_every_concept(s.text))
            for s in scored
        ) or self._title_states(topic, rows)
        return Evidence(
            hit=hit,
            sentences=[s.text for s in ranked],
            relevance=0.0,  # set by decide(), once every retrieved paper is scored
            relevant=False,
            states_attribute=states,
            cosine=cosine,
            sentence_coverage=sentence_coverage,
            paper_coverage=paper_coverage,
            retrieval_score=hit.score,
            retrieval_dense=dense,
            concept_imbalance=max(concept_coverage) - min(concept_coverage) if len(concept_coverage) > 1 else 0.0,
            states_whole_topic=title_states
            or any(topic.states_every_concept(s.text) for s in scored if s.coverage > 0),
            title_states_whole_topic=title_states,
            weakest_part=weakest_part,
            vectors=vectors,
            scored=scored,
        )

    def decide(
        self, judged: list[Evidence], scoped: bool = False, answered_before: bool = False, every_paper: bool = False
    ) -> list[Evidence]:
        """Relevance verdicts for papers retrieved together, in two steps.

        First, does the corpus answer at all? The paper that stands out most (the standout model,
        which also weighs how far its cosine exceeds every other retrieved paper's) must pass, or, in a
        corpus-wide search, enough papers must pass on their own evidence to corroborate one another (a
        broad list in other words: several papers answer alike, so none stands out; or more papers each
        short of the cut-off, a list many papers answer alike and weakly). Then,
        which papers answer? Each paper on its own evidence (the relevance model), plus that
        standout paper, which is how a question worded unlike any abstract still finds its paper.

        In a corpus-wide search, a paper stating the whole topic (a sentence writing each of its phrases, or a title
        holding it: :attr:`Evidence.states_whole_topic`) answers it, whatever its retrieval score,
        when it is similar enough to the question (``whole_topic_min_cosine``) and its relevance is not all but nil
        (``whole_topic_min_relevance``); such papers also corroborate one
        another. The retrieval score is a z-score over the pool: where many papers state a topic alike ("which
        papers use contrastive learning?"), none is an outlier, and the models, which weigh it, would keep the
        first few and drop the rest of equal evidence.

        A ``scoped`` search (a filter or a follow-up already chose the candidates) drops the similarity
        floor: a short question about papers already on the table ("which one is medical?") is
        rarely similar to any sentence as a whole, yet its evidence can be plain. It is judged by the
        scoped models, which leave out the retrieval score: among a few chosen papers, z-scored fused
        scores make the best look strong whatever it says.

        ``answered_before``: the question is asked again for more papers than its answer listed ("any other MoE
        papers?"). The corpus was found to answer it, so a paper stating the whole topic needs only the similarity any
        answer needs (``min_cosine``): the floor above it keeps a question the corpus may not answer from being
        answered by words alone, which that answer already settled.

        ``every_paper``: the question asks for every paper on its topic ("show me all the medical papers"). Once the
        corpus is found to answer it, a paper whose title states the whole topic needs only that similarity too: a
        short request is seldom similar to any one sentence, and a title says what its paper is about ("Parameter-
        Efficient Fine-Tuning for Medical Image Analysis" is on "medical"). So does a paper at the relevance a list
        many papers answer weakly needs (``wide_corroboration_min_relevance``): what a list of the best would offer
        as touching on the topic less directly, a request for all of them lists.
        """
        model, standout_model = (self.scoped_model, self.scoped_standout) if scoped else (self.model, self.standout)
        scored = [ev for ev in judged if ev.scored]
        if not scored:
            return judged
        cosines = sorted((ev.cosine for ev in scored), reverse=True)
        for ev in scored:
            best_other = cosines[1] if len(cosines) > 1 and ev.cosine == cosines[0] else cosines[0]
            ev.margin = ev.cosine - best_other if len(cosines) > 1 else 0.0
            ev.relevance = model.probability(ev)
        # A paper about one part of a two-part question only ("federated learning" without "speech recognition")
        # answers neither as the standout nor on its own evidence.
        scorable = [ev for ev in scored if ev.weakest_part >= self.part_min_similarity and not ev.misses_a_requirement]
        if not scorable:
            return judged
        standout = max(scorable, key=standout_model.probability)
        floor = 0.0 if scoped else self.min_cosine
        stands_out = standout_model.probability(standout) >= standout_model.threshold and standout.cosine >= floor
        passing = [ev for ev in scorable if ev.relevance >= model.threshold]
        whole_topic_floor = self.min_cosine if answered_before else self.whole_topic_min_cosine
        # (a paper whose own evidence is all but nil is seldom on the topic, whatever one sentence writes: "OntoZSL"
        # writes "knowledge graph" and "completion"; a request for more was found answered already)
        relevance_floor = 0.0 if answered_before else self.whole_topic_min_relevance
        if not scoped:
            passing += [
                ev
                for ev in scorable
                if ev not in passing
                and ev.states_whole_topic
                and ev.cosine >= whole_topic_floor
                and ev.relevance >= relevance_floor
            ]
        # Several papers that each answer on their own evidence corroborate one another, where none stands out.
        corroborated = (
            not scoped and 0 < self.corroborating_papers <= len(passing) and max(ev.cosine for ev in passing) >= floor
        )
        # ... and more of them, each short of the cut-off: a broad list many papers answer alike, every one weakly
        wide = [ev for ev in scorable if ev.relevance >= self.wide_corroboration_min_relevance]
        if (
            not (scoped or stands_out or corroborated)
            and 0 < self.wide_corroborating_papers <= len(wide)
            and max(ev.cosine for ev in wide) >= floor
        ):
            for ev in wide:
                ev.relevant = True
            return judged
        if not (stands_out or corroborated):
            # nothing stands out enough: the corpus does not answer, unless the one paper writing a name the question
            # writes is the one paper answering on its evidence ("Is GreaseLM about cooking?" is also answered so by
            # CooK's paper: the name alone does not decide)
            if len(passing) == 1:
                passing[0].relevant = passing[0].alone_writes_a_name
            return judged
        if every_paper and not scoped:
            # ... and so does a paper at the relevance a list many papers answer weakly needs (wide corroboration):
            # what a list of the best would offer as touching on it less directly, a request for all of them lists
            passing += [
                ev
                for ev in scorable
                if ev not in passing
                and (
                    (ev.title_states_whole_topic and ev.cosine >= self.min_cosine)
                    or ev.relevance >= self.wide_corroboration_min_relevance
                )
            ]
        for ev in passing:
            ev.relevant = True
        if not stands_out:
            return judged
        standout.relevant = True
        standout.relevance = max(standout.relevance, standout_model.probability(standout))
        return judged

    def _title_states(self, topic: Topic, rows: list[tuple[int, str, np.ndarray]]) -> bool:
        """Does the paper's title say, in its own words, the one phrase the topic is? A title is a short statement of
        what the paper is about, as the phrase is of what the question asks: their similarity is a fair measure,
        where a long sentence's is not."""
        if topic.phrase_vector is None:
            return False
        rest = topic.phrase_without_rarest
        return any(
            p == TITLE_PASSAGE
            and (similarity := float(v @ topic.phrase_vector)) >= self.title_min_similarity
            and (rest is None or similarity > float(v @ rest()) - self.title_rarest_word_margin)
            for p, _, v in rows
        )

    def _choice_score(self, sentence: SentenceScore, topic: Topic) -> float:
        score = sentence.cosine + self.coverage_weight * sentence.matched
        if topic.attribute is not None:
            return score + (0.5 if sentence.states_attribute else 0.0) + (0.2 if sentence.counts_asked else 0.0)
        if topic.head and topic.head in query_terms(sentence.text):
            # what "which model architectures ...?" asks for is named where the sentence writes "architectures",
            # as a fact asked is stated where a sentence states it (the same weight)
            score += 0.5
        if topic.counted and states_count_of(topic.counted, sentence.text):
            score += 0.5  # "what are the two views it combines?": named where "the two views" are (the same weight)
        if _CONTRIBUTION.search(sentence.text):
            score += self.contribution_bonus
        return score

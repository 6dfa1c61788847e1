"""Support: does a cited abstract say what the claim says?

Support follows ALCE (Gao et al. 2023): a claim is supported when the cited source entails it. With
no NLI model available offline, entailment is approximated by five signals combined by a logistic
regression fitted on ACLSum (see ``bench/support.py``):

- the best cosine between the claim and any single abstract sentence (MiniLM);
- the cosine between the claim and its two best sentences together, since a summary sentence often
  joins what two abstract sentences say;
- the weighted share of the claim's content words that the title and abstract contain, where rare
  words weigh more than common ones, and words common in paper abstracts ("model", "outperform",
  "dataset") weigh less: any paper on the topic says them;
- the same weighted share for the single sentence that states most of the claim: words scattered
  over a whole abstract on the same topic are weaker evidence than one sentence saying them together;
- the weighted share of the claim's content-word bigrams (stop words skipped) that the title or one
  sentence also has: a restatement keeps the claim's phrases together, a topical neighbour uses the
  same words apart.

Three checks veto what the scores cannot see: a number the abstract never states, a negation the
matching sentences lack, and (for verbatim quotes) words around the quote that deny or qualify it.
Without a claim vector only a verbatim quotation is support.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

from rag.text import (
    MIN_CONTENT_CHARS,
    NUMBER_WORDS,
    STOP_WORDS,
    WORD,
    content_stems,
    numbers_in,
    split_sentences,
    stem,
    vocabulary_rank,
)

#: Logistic weights for the five :func:`support_features`, fitted by ``python -m bench.support --fit``
#: on ACLSum train (514 pairs: 257 positives, 257 hard negatives), 2026-11-30. Scores are
#: probabilities; the threshold is a probability too.
WEIGHTS = (1.1999, 0.7077, 5.3793, 2.5790, 2.9410)
BIAS = -4.7579
#: In how many of :data:`ABSTRACTS_COUNTED` paper abstracts (title included) each common content-word
#: stem occurs: the stems in at least a tenth of ACLSum train's 100 abstracts (no labels used), printed
#: by ``python -m bench.support --fit``. Such words are what any paper of the field says.
ABSTRACTS_COUNTED = 100
ABSTRACT_FREQUENCY: dict[str, int] = {
    word: int(count)
    for word, count in (
        item.split(":")
        for item in """
    accuraci:16 achiev:26 addit:12 algorithm:12 among:10 analysi:10 annot:14 appli:12 applic:16 automat:19
    baselin:15 benchmark:11 better:13 captur:13 combin:15 compar:25 comput:13 consist:11 construct:10 context:11
    corpora:12 current:11 data:26 dataset:30 demonstr:22 depend:10 describ:10 differ:22 distribut:11 domain:12
    effect:20 encod:12 entiti:11 error:10 evalu:37 exampl:10 exist:23 experi:28 experiment:17 explor:13
    extract:18 featur:24 final:10 first:22 focus:11 generat:27 howev:27 human:12 identifi:10 import:15 improv:31
    inform:26 input:13 introduc:16 joint:12 knowledg:13 languag:32 larg:11 learn:34 lexic:10 linguist:14
    machin:13 measur:12 mechan:10 model:71 natur:12 network:15 neural:20 obtain:12 outperform:26 pair:14
    perform:41 pre-train:10 predict:21 present:22 previous:13 problem:23 process:10 provid:13 qualiti:11
    relat:22 represent:24 requir:10 result:41 semant:25 sentenc:22 set:17 sever:11 signific:29 similar:17
    simpl:14 sourc:12 state-of-the-art:21 structur:20 system:25 target:12 task:46 text:29 train:29 translat:18
    tree:11 two:33 type:13 util:10 well:10 word:32
    """.split()
    )
}
#: Claims and sentences this far apart in polarity are not support, whatever the scores say.
NEGATION = frozenset(
    "not no never none nor neither cannot false untrue incorrect wrong fails fail failed unable "
    # contractions, with and without the apostrophe that quotation checks strip
    "can't don't doesn't didn't isn't aren't wasn't weren't won't "
    "cant dont doesnt didnt isnt arent wasnt werent".split()
)
#: Words that open a clause qualifying or contradicting what came before ("X, but it does not work").
CONTRAST = frozenset("but however although though yet whereas except unless despite".split())
#: A stem this long matches a longer stem it begins ("classif" ~ "classifi"); shorter prefixes are too vague.
MIN_PREFIX = 5
#: A negation governs roughly the next few words ("does not keep the alignment"); a source sentence
#: backs it when that sentence is negated too and states more than half of those words.
NEGATION_SCOPE = 6
#: Words outside a quotation that are not in the cited abstract: more than this and the claim says more than the quote.
MAX_ADDED_WORDS = 2


#: Spelled-out counts, so "three datasets" must agree with the abstract as "3 datasets" must
#: ("one" is left out: it is too often not a count).
COUNT_WORDS = {w: str(i) for i, w in enumerate(NUMBER_WORDS) if i >= 2}


def _numbers(text: str) -> set[str]:
    """Numbers a text states, digits or spelled-out counts alike."""
    return numbers_in(text) | {COUNT_WORDS[w] for w in re.findall(r"[a-z]+", text.lower()) if w in COUNT_WORDS}


def _comparable(text: str) -> str:
    """Text as quotation checks compare it: the same markdown and quote stripping as claims get."""
    return " ".join(re.sub(r"[*_`#>\"'“”‘’]+", "", text.lower()).split())


def lexical_support(claim: str, evidence: str) -> float:
    """Share of the claim's content words (stemmed) found in the evidence."""
    words = content_stems(claim)
    if not words:
        return 0.0
    found = content_stems(evidence)
    return len(words & found) / len(words)


def term_weight(word: str) -> float:
    """How much a word says, in (0, 1]: log of its frequency rank, 1 for words the vocabulary splits (rare)."""
    ranks = vocabulary_rank()
    rank = ranks.get(word)
    return 1.0 if rank is None else max(math.log(rank) / math.log(len(ranks)), 0.05)


def abstract_frequencies(texts: Iterable[str], min_share: float = 0.1) -> dict[str, int]:
    """In how many of ``texts`` each content-word stem occurs, for the stems in at least ``min_share`` of them."""
    counts: dict[str, int] = {}
    n = 0
    for text in texts:
        n += 1
        for s in {stem(w) for w in _claim_words(text)}:
            counts[s] = counts.get(s, 0) + 1
    return {s: c for s, c in sorted(counts.items()) if c >= min_share * n}


def claim_weight(word: str) -> float:
    """:func:`term_weight` discounted by the word's share of paper abstracts (:data:`ABSTRACT_FREQUENCY`).

    The discount is the square root of an IDF scaled to (0, 1]: "outperform", in a quarter of the
    abstracts, keeps about half of its weight, "model" (in 71 of 100) a quarter; words outside the table
    keep all of it.
    """
    weight = term_weight(word)
    count = ABSTRACT_FREQUENCY.get(stem(word))
    if count is None:
        return weight
    n = ABSTRACTS_COUNTED
    return weight * math.sqrt(max(math.log((n + 1) / (count + 1)) / math.log(n + 1), 0.0025))


def _content_words(text: str) -> list[str]:
    """The content words of a text in order, repeats kept (bigrams need their neighbours)."""
    return [w for w in WORD.findall(text.lower()) if w not in STOP_WORDS and len(w) >= MIN_CONTENT_CHARS]


def _claim_words(text: str) -> list[str]:
    """The distinct content words of a text, sorted."""
    return sorted(set(_content_words(text)))


def _stems_and_parts(text: str) -> set[str]:
    """Stems of every content word, hyphenated words by part, so "state-of-the-art" matches "state of the art"."""
    return {stem(p) for w in WORD.findall(text.lower()) for p in w.split("-") if p not in STOP_WORDS and len(p) >= 3}


def _initials(text: str) -> str:
    """The first letter of every word, in order: a run of 2-5 of them spells what an initialism abbreviates."""
    return "".join(w[0] for w in re.findall(r"[A-Za-z]+", text)).lower()


def _is_initialism(word: str, initials: str) -> bool:
    """Whether the word is the initials of 2-5 consecutive words, so "NER" matches "named entity recognition"."""
    return 2 <= len(word) <= 5 and word in initials


def _prefixes(stems: set[str]) -> set[str]:
    """Every prefix of MIN_PREFIX or more characters of the stems: the index that makes :func:`_stem_found` a lookup."""
    return {t[:k] for t in stems for k in range(MIN_PREFIX, len(t) + 1)}


def _stem_found(s: str, stems: set[str], prefixes: set[str] | None = None) -> bool:
    """Whether a stem occurs, or (both at least MIN_PREFIX long) prefixes or is prefixed by one that does."""
    if s in stems:
        return True
    if len(s) < MIN_PREFIX:
        return False
    if prefixes is None:
        prefixes = _prefixes(stems)
    # s prefixes a stem, or a stem of MIN_PREFIX or more characters prefixes s.
    return s in prefixes or any(s[:k] in stems for k in range(MIN_PREFIX, len(s)))


def _word_parts(word: str) -> list[str]:
    return [p for p in word.split("-") if p not in STOP_WORDS and len(p) >= MIN_CONTENT_CHARS] or [word]


def _stated(words: list[str], text: str) -> np.ndarray:
    """Which of the claim's ``words`` a text states, as in :func:`weighted_overlap`."""
    stems = _stems_and_parts(text)
    prefixes, initials = _prefixes(stems), _initials(text)
    return np.array(
        [
            all(_stem_found(stem(p), stems, prefixes) or _is_initialism(p, initials) for p in _word_parts(w))
            for w in words
        ],
        dtype=bool,
    )


def weighted_overlap(claim: str, evidence: str) -> float:
    """Share of the claim's content words the evidence states, each word weighted by :func:`claim_weight`.

    A word counts as stated when every hyphen-part's stem (or a stem it prefixes) occurs, or when it is an
    initialism the evidence spells out. Common words ("show", "issue") weigh little, rare ones fully.
    """
    words = _claim_words(claim)
    if not words:
        return 0.0
    weights = np.array([claim_weight(w) for w in words])
    return float(weights @ _stated(words, evidence) / weights.sum())


def _overlaps(claim: str, title: str | None, sentences: list[str]) -> tuple[float, float]:
    """Weighted overlap (:func:`weighted_overlap`) with the title and abstract, and with the best single sentence.

    Each text is matched on its own, so an initialism never spans two sentences.
    """
    words = _claim_words(claim)
    if not words:
        return 0.0, 0.0
    weights = np.array([claim_weight(w) for w in words])
    stated = np.stack([_stated(words, t) for t in [title or "", *sentences]])
    total = float(weights.sum())
    best = float((stated[1:] @ weights).max()) / total if sentences else 0.0
    return float(weights @ stated.any(axis=0)) / total, best


def _bigrams(text: str) -> set[tuple[str, str]]:
    """Consecutive content-word stems, stop words skipped: "translation of speech" gives (translat, speech)."""
    return set(pairwise(stem(w) for w in _content_words(text)))


def bigram_overlap(claim: str, texts: list[str]) -> float:
    """Weighted share of the claim's content-word bigrams that one of ``texts`` has too (each text on its own).

    A bigram weighs the product of its words' :func:`claim_weight`: "machine translation" says less than
    "paraphrase tables".
    """
    wanted: dict[tuple[str, str], float] = {}
    for a, b in pairwise(_content_words(claim)):
        wanted.setdefault((stem(a), stem(b)), claim_weight(a) * claim_weight(b))
    total = sum(wanted.values())
    if not total:
        return 0.0
    found: set[tuple[str, str]] = set()
    for text in texts:
        found |= _bigrams(text)
    return sum(w for bigram, w in wanted.items() if bigram in found) / total


def _negations(text: str) -> int:
    lowered = re.sub(r"\bnot only\b", " ", text.lower())  # "not only X but also Y" asserts both
    return sum(1 for w in re.findall(r"[a-z]+(?:'t)?", lowered) if w in NEGATION or w.endswith("n't"))


def _unsourced_negation(claim: str, sentences: list[str]) -> bool:
    """Whether the claim negates something no negated source sentence says.

    Each negation in the claim is compared with the words it governs: some source sentence must carry a
    negation and state more than half of them. Another sentence's unrelated "not" does not count, and a
    claim that wraps a source sentence in a denial ("It is not true that ...") has no negated source.
    """
    words = re.findall(r"[a-z]+(?:'t)?", re.sub(r"\bnot only\b", " ", claim.lower()))
    negated = [
        (s, _stems_and_parts(s) | {stem(w) for w in re.findall(r"[a-z]{3,}", s.lower())})
        for s in sentences
        if _negations(s)
    ]
    for i, word in enumerate(words):
        if word not in NEGATION and not word.endswith("n't"):
            continue
        window = words[i + 1 : i + 1 + NEGATION_SCOPE]
        # Content words if there are any ("does not work" governs only a stop word, which still counts).
        scope = _stems_and_parts(" ".join(window)) or {stem(w) for w in window if len(w) >= MIN_CONTENT_CHARS}
        if not any(len(scope & stems) * 2 > len(scope) for _, stems in negated):
            return True
    return False


def _quote_is_faithful(claim: str, quote: str, abstract: str) -> bool:
    """A claim quoting a sentence is supported by the quote only if what it adds neither denies nor extends it."""
    outside = claim.replace(quote, " ", 1)
    words = re.findall(r"[a-z]+(?:'t)?", outside)
    if _negations(outside) or any(w in CONTRAST for w in words):
        return False
    added = [w for w in _claim_words(outside) if not _stem_found(stem(w), _stems_and_parts(abstract))]
    return len(added) <= MAX_ADDED_WORDS


#: What :func:`support_features` returns, in order (the order of :data:`WEIGHTS`).
FEATURES = ("best sentence cosine", "two-sentence cosine", "overlap", "best sentence overlap", "bigram overlap")


def support_features(
    claim: str,
    claim_vector: np.ndarray | None,
    title: str | None,
    abstract: str,
    sentence_vectors: list[tuple[str, np.ndarray]],
) -> tuple[float, float, float, float, float]:
    """The judge's signals, named in :data:`FEATURES`; cosines are 0 without vectors."""
    best = pair = 0.0
    if claim_vector is not None and sentence_vectors:
        matrix = np.stack([v for _, v in sentence_vectors])
        sims = matrix @ claim_vector
        order = np.argsort(-sims)
        best = float(sims[order[0]])
        joined = matrix[order[:2]].sum(axis=0)
        pair = float(joined @ claim_vector / max(float(np.linalg.norm(joined)), 1e-12))
    sentences = [s for s, _ in sentence_vectors] or split_sentences(abstract)
    overlap, sentence_overlap = _overlaps(claim, title, sentences)
    return best, pair, overlap, sentence_overlap, bigram_overlap(claim, [title or "", *sentences])


@dataclass
class SupportVerdict:
    score: float  # probability-like, in [0, 1]
    supported: bool
    evidence: str  # the abstract sentence closest to the claim
    cosine: float  # best single-sentence cosine
    overlap: float  # weighted share of the claim's content words the title and abstract state
    pair_cosine: float = 0.0  # cosine with the two closest sentences together
    reason: str = ""  # why a claim was refused despite its scores, or "quotation"


class SupportJudge:
    """Scores whether a cited paper's abstract supports a claim."""

    def __init__(self, threshold: float, weights: tuple[float, ...] = WEIGHTS, bias: float = BIAS) -> None:
        self.threshold = threshold
        self.weights = np.asarray(weights, dtype=np.float64)
        self.bias = bias

    def judge(
        self,
        claim: str,
        claim_vector: np.ndarray | None,
        title: str | None,
        abstract: str,
        sentence_vectors: list[tuple[str, np.ndarray]],
    ) -> SupportVerdict:
        normalised = _comparable(claim)
        sentences = [s for s, _ in sentence_vectors] or split_sentences(abstract)
        # Verbatim quotation is support by definition, unless the claim around the quote denies or
        # extends it ("It is false that <quote>", "<quote>, but it does not work"): then it is scored.
        quoted = ""  # the sentence a claim quotes and then denies or extends: its polarity is the reference
        for sentence in sentences:
            s_norm = _comparable(sentence)
            if not normalised or not s_norm:
                continue
            inside = normalised in s_norm and _negations(s_norm) <= _negations(normalised)
            # The quote may lose its full stop inside the claim ("<quote>, but it does not work").
            around = len(normalised) > 40 and s_norm.rstrip(".!? ") in normalised
            if inside or (around and _quote_is_faithful(normalised, s_norm.rstrip(".!? "), abstract)):
                return SupportVerdict(1.0, True, sentence, 1.0, 1.0, 1.0, "quotation")
            if around or normalised in s_norm:
                quoted = sentence
        features = support_features(claim, claim_vector, title, abstract, sentence_vectors)
        best, pair, overlap = features[:3]
        evidence = sentences[0] if sentences else ""
        if claim_vector is not None and sentence_vectors:
            sims = np.stack([v for _, v in sentence_vectors]) @ claim_vector
            evidence = sentence_vectors[int(np.argmax(sims))][0]
        evidence = quoted or evidence
        score = 1 / (1 + math.exp(-(float(self.weights @ np.array(features)) + self.bias)))
        # Similar wording is not enough: a number the abstract never states, or a negation the source
        # lacks, asserts something the source does not say.
        reason = ""
        if _numbers(claim) - _numbers(f"{title or ''} {abstract}"):
            reason = "number not in the abstract"
        elif (
            (_negations(claim) > _negations(quoted))
            if quoted
            else _unsourced_negation(claim, [title or "", *sentences])
        ):
            reason = "negation not in the source"
        elif claim_vector is None or not sentence_vectors:
            # The model was fitted with both cosines; without them a claim sharing the abstract's words
            # could pass on wording alone, so only a quotation (above) supports it.
            reason = "no vectors to compare meaning"
        if reason:
            score = min(score, self.threshold - 0.01)
        return SupportVerdict(score, score >= self.threshold, evidence, best, overlap, pair, reason)

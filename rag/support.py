"""Support: does a cited abstract say what the claim says?

Support follows ALCE (Gao et al. 2023): a claim is supported when the cited source entails it. With
no NLI model available offline, entailment is approximated by three signals combined by a logistic
regression fitted on ACLSum (see ``bench/support.py``):

- the best cosine between the claim and any single abstract sentence (MiniLM);
- the cosine between the claim and its two best sentences together, since a summary sentence often
  joins what two abstract sentences say;
- the weighted share of the claim's content words that the title and abstract contain, where rare
  words weigh more than common ones.

Three checks veto what the scores cannot see: a number the abstract never states, a negation the
matching sentences lack, and (for verbatim quotes) words around the quote that deny or qualify it.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from rag.text import MIN_CONTENT_CHARS, STOP_WORDS, WORD, content_stems, numbers_in, split_sentences, stem

#: Logistic weights for (best sentence cosine, two-sentence cosine, weighted overlap), fitted by
#: ``python -m bench.support --fit`` on ACLSum train (514 pairs: 257 positives, 257 hard negatives),
#: 2026-11-29. Scores are probabilities; the threshold is a probability too.
WEIGHTS = (2.1946, 1.4807, 6.9734)
BIAS = -5.6876
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
NUMBER_WORDS = {
    w: str(i) for i, w in enumerate("two three four five six seven eight nine ten eleven twelve".split(), start=2)
}


def _numbers(text: str) -> set[str]:
    """Numbers a text states, digits or spelled-out counts alike."""
    return numbers_in(text) | {NUMBER_WORDS[w] for w in re.findall(r"[a-z]+", text.lower()) if w in NUMBER_WORDS}


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


@lru_cache(maxsize=1)
def _vocabulary_rank() -> dict[str, int]:
    """MiniLM's WordPiece vocabulary: its whole words are ranked roughly by frequency, a free IDF."""
    from rag.embedding import TOKENIZER_PATH

    vocab = json.loads(TOKENIZER_PATH.read_text(encoding="utf-8"))["model"]["vocab"]
    # Ids below the first real word ("the") are special tokens, characters and [unused] slots.
    first = vocab.get("the", 0)
    return {w: i - first + 2 for w, i in vocab.items() if i >= first and not w.startswith("##")}


def term_weight(word: str) -> float:
    """How much a word says, in (0, 1]: log of its frequency rank, 1 for words the vocabulary splits (rare)."""
    ranks = _vocabulary_rank()
    rank = ranks.get(word)
    return 1.0 if rank is None else max(math.log(rank) / math.log(len(ranks)), 0.05)


def _claim_words(text: str) -> list[str]:
    return sorted({w for w in WORD.findall(text.lower()) if w not in STOP_WORDS and len(w) >= 3})


def _stems_and_parts(text: str) -> set[str]:
    """Stems of every content word, hyphenated words by part, so "state-of-the-art" matches "state of the art"."""
    return {stem(p) for w in WORD.findall(text.lower()) for p in w.split("-") if p not in STOP_WORDS and len(p) >= 3}


def _initialisms(text: str) -> set[str]:
    """Initials of every run of 2-5 words, so a claim's "NER" matches an abstract's "named entity recognition"."""
    words = re.findall(r"[A-Za-z]+", text)
    return {"".join(w[0] for w in words[i : i + n]).lower() for n in range(2, 6) for i in range(len(words) - n + 1)}


def _stem_found(s: str, stems: set[str]) -> bool:
    if s in stems:
        return True
    return len(s) >= MIN_PREFIX and any(len(t) >= MIN_PREFIX and (t.startswith(s) or s.startswith(t)) for t in stems)


def weighted_overlap(claim: str, evidence: str) -> float:
    """Share of the claim's content words the evidence states, each word weighted by :func:`term_weight`.

    A word counts as stated when every hyphen-part's stem (or a stem it prefixes) occurs, or when it is an
    initialism the evidence spells out. Common words ("show", "issue") weigh little, rare ones fully.
    """
    words = _claim_words(claim)
    if not words:
        return 0.0
    stems, initials = _stems_and_parts(evidence), _initialisms(evidence)
    total = found = 0.0
    for word in words:
        weight = term_weight(word)
        parts = [p for p in word.split("-") if p not in STOP_WORDS and len(p) >= 3] or [word]
        total += weight
        if all(_stem_found(stem(p), stems) or p in initials for p in parts):
            found += weight
    return found / total


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


def support_features(
    claim: str,
    claim_vector: np.ndarray | None,
    title: str | None,
    abstract: str,
    sentence_vectors: list[tuple[str, np.ndarray]],
) -> tuple[float, float, float]:
    """(best sentence cosine, cosine with the two best sentences together, weighted overlap with title and abstract)."""
    best = pair = 0.0
    if claim_vector is not None and sentence_vectors:
        matrix = np.stack([v for _, v in sentence_vectors])
        sims = matrix @ claim_vector
        order = np.argsort(-sims)
        best = float(sims[order[0]])
        joined = matrix[order[:2]].sum(axis=0)
        pair = float(joined @ claim_vector / max(float(np.linalg.norm(joined)), 1e-12))
    return best, pair, weighted_overlap(claim, f"{title or ''} {abstract}")


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

    def __init__(self, threshold: float, weights: tuple[float, float, float] = WEIGHTS, bias: float = BIAS) -> None:
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
        best, pair, overlap = support_features(claim, claim_vector, title, abstract, sentence_vectors)
        evidence = sentences[0] if sentences else ""
        if claim_vector is not None and sentence_vectors:
            sims = np.stack([v for _, v in sentence_vectors]) @ claim_vector
            evidence = sentence_vectors[int(np.argmax(sims))][0]
        evidence = quoted or evidence
        score = 1 / (1 + math.exp(-(float(self.weights @ np.array([best, pair, overlap])) + self.bias)))
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
        if reason:
            score = min(score, self.threshold - 0.01)
        return SupportVerdict(score, score >= self.threshold, evidence, best, overlap, pair, reason)

"""Other spellings of a question's words, so evidence coverage finds a term however the corpus writes it.

Two kinds, both decided from the corpus's own index, never from a list of words:

- *Compounds.* The lexical index splits "multi-modal" into "multi" and "modal", so a question saying
  "multimodal" found no such word in a paper that writes "multi-modal" (and a question saying "chit-chat"
  found neither part in a paper that writes "chitchat"): evidence coverage counted the topic's own word as
  missing. The dictionary is read from the corpus when a snapshot is built (rag/snapshot.py), as the
  acronym dictionary is: every hyphenated word written at least :data:`MIN_OCCURRENCES` times, stored as
  its solid stem and the stems of its parts.
- *British and American spelling.* The stemmer keeps "organise" and "organize" apart ("organis", "organ"),
  and "dialogue" and "dialog": a question in one spelling missed papers in the other. The regular
  spelling rules (-ise/-ize, -yse/-yze, -our/-or, -elling/-eling, -tre/-ter, -ogue/-og) give a word's other
  form, used when the index holds it (:func:`regional_variants`).

A compound can also be required whole (:func:`written_whole`): among papers already on one topic, "which of
them are parameter-efficient?" is not answered by "parameters" in one sentence and "efficient" in another.

Only evidence (coverage of the topic's terms) uses the other spellings; BM25 ranks as before. Indexing every
hyphenated word solid as well was measured for retrieval (2026-11-30, second session) and lost on ACLSum.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

from rag.text import STOP_WORDS, WORD, stem, stemmer

#: A word written with a hyphen between letters ("multi-modal", "pre-trained", "chit-chat").
_HYPHENATED = re.compile(r"\b[a-z][a-z0-9]*(?:-[a-z][a-z0-9]*)+\b")
#: A hyphenated word must be written this often to be trusted (a single occurrence may be a line-break
#: artefact or a one-off coinage), which also bounds the dictionary's size on a large corpus.
MIN_OCCURRENCES = 2
FILE = "compounds.json"

#: Other spellings of topic terms: each alternative is a set of stems that together count as the term.
Spellings = dict[str, tuple[frozenset[str], ...]]

#: British -> American endings, and back; a word may match several (both directions are tried).
_REGIONAL = (
    (re.compile(r"is(e|es|ed|ing|ation|ations|er|ers)$"), r"iz\1"),
    (re.compile(r"ys(e|es|ed|ing|er|ers)$"), r"yz\1"),
    (re.compile(r"(?<=[a-z]{3})our(s|ed|ing|al|ful)?$"), r"or\1"),
    (re.compile(r"([ae])ll(ing|ed|er|ers)$"), r"\1l\2"),
    (re.compile(r"(?<=[^aeiou])tre(s|d)?$"), r"ter\1"),
    (re.compile(r"ogue(s)?$"), r"og\1"),
)
_AMERICAN = (
    (re.compile(r"iz(e|es|ed|ing|ation|ations|er|ers)$"), r"is\1"),
    (re.compile(r"yz(e|es|ed|ing|er|ers)$"), r"ys\1"),
    (re.compile(r"(?<=[a-z]{3})or(s|ed|ing|al|ful)?$"), r"our\1"),
    (re.compile(r"([ae])l(ing|ed|er|ers)$"), r"\1ll\2"),
    (re.compile(r"(?<=[^aeiou])ter(s|ed)?$"), lambda m: "tre" + {"s": "s", "ed": "d"}.get(m.group(1) or "", "")),
    (re.compile(r"(?<=[a-z]{3})og(s)?$"), r"ogue\1"),
)


def regional_variants(word: str) -> set[str]:
    """The word in the other English spelling by the regular rules ("analyse" <-> "analyze", "colour" <->
    "color", "modelling" <-> "modeling", "centre" <-> "center", "dialogue" <-> "dialog"). Rules, not a word
    list: some outputs are no word at all ("four" -> "for" is not, since the rule needs three letters before
    "our"), which is why a variant counts only where the index holds its stem."""
    out = set()
    for pattern, replacement in (*_REGIONAL, *_AMERICAN):
        changed = pattern.sub(replacement, word, count=1)
        if changed != word:
            out.add(changed)
    return out


def known_variants(word: str, known: Callable[[str], bool]) -> list[tuple[str, str]]:
    """``word``'s other English spellings whose stem the index ``known``s, as (spelling, stem), in sorted order."""
    variants = sorted(regional_variants(word))
    return [(v, s) for v, s in zip(variants, stemmer().stemWords(variants), strict=True) if known(s)]


class Compounds:
    """Solid stem -> the stems of the parts the corpus writes it with ("multimod" -> multi, modal)."""

    def __init__(self, parts: dict[str, tuple[str, ...]] | None = None) -> None:
        self.parts = parts or {}

    @classmethod
    def build(cls, texts: Iterable[str]) -> Compounds:
        """From every paper's title and abstract. Parts that are stop words or too short to be index terms
        are left out ("state-of-the-art" -> state, art); a word with fewer than two parts left is skipped."""
        # Whitespace tokens holding a hyphen first, the pattern on those alone: a third of the time of running
        # it over every text (about 30 s per million abstracts on one core).
        tokens: Counter[str] = Counter()
        for text in texts:
            if "-" in text:
                tokens.update(token for token in text.split() if "-" in token)
        counts: Counter[str] = Counter()
        for token, n in tokens.items():
            for word in _HYPHENATED.findall(token.lower()):
                counts[word] += n
        words = [w for w, n in counts.items() if n >= MIN_OCCURRENCES]
        parts: dict[str, tuple[str, ...]] = {}
        for word in sorted(words):
            kept = [p for p in word.split("-") if p not in STOP_WORDS and len(p) >= 2]
            if len(kept) < 2:
                continue
            solid = stemmer().stemWord(word.replace("-", ""))
            parts.setdefault(solid, tuple(sorted(set(stemmer().stemWords(kept)))))
        return cls(parts)

    def spellings(self, question: str, terms: Iterable[str], known: Callable[[str], bool]) -> Spellings:
        """For each of the question's topic ``terms``, the other ways the corpus may write it.

        A word the question writes solid ("multimodal") is also found as its hyphenated parts ("multi-modal");
        a part of a word the question hyphenates ("chit" of "chit-chat") is also found as the solid word
        ("chitchat"); a word in one English spelling is also found in the other ("analyse", "analyze"). An
        alternative is offered only where the index ``known``s its stem(s).
        """
        wanted = set(terms)
        found: dict[str, list[frozenset[str]]] = {}
        for word in WORD.findall(question.lower()):
            if "-" in word:
                solid = stemmer().stemWord(word.replace("-", "").replace("'", ""))
                if solid not in wanted and known(solid):
                    for part in stemmer().stemWords(word.split("-")):
                        if part in wanted:
                            found.setdefault(part, []).append(frozenset({solid}))
            else:
                term = stemmer().stemWord(word)
                if term in wanted and term in self.parts:
                    found.setdefault(term, []).append(frozenset(self.parts[term]))
            for part in word.split("-"):
                term = stemmer().stemWord(part)
                if term not in wanted:
                    continue
                for _, variant in known_variants(part, known):
                    if variant != term:
                        found.setdefault(term, []).append(frozenset({variant}))
        return {term: tuple(dict.fromkeys(alternatives)) for term, alternatives in found.items()}

    def save(self, directory: Path) -> None:
        (directory / FILE).write_text(json.dumps(self.parts, sort_keys=True), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path) -> Compounds:
        path = directory / FILE
        if not path.is_file():
            return cls()
        return cls({solid: tuple(parts) for solid, parts in json.loads(path.read_text(encoding="utf-8")).items()})


def written_whole(question: str, terms: Iterable[str]) -> tuple[tuple[re.Pattern[str], frozenset[str]], ...]:
    """The question's hyphenated compounds whose words are all search ``terms``, each as a pattern of the
    compound written whole (with a hyphen, a space or solid, any ending: "parameter-efficient", "parameter
    efficiency", "zeroshot") and its words' stems."""
    terms = set(terms)
    found = []
    for compound in _HYPHENATED.findall(question.lower()):
        words = compound.split("-")
        stems = [stem(w) for w in words]
        if len(set(stems)) == len(words) > 1 and set(stems) <= terms:
            heads = [shared_start(w, s) or w for w, s in zip(words, stems, strict=True)]
            pattern = r"\w*[\s‐‑-]*".join(re.escape(h) for h in heads) + r"\w*"
            found.append((re.compile(rf"(?<![\w-]){pattern}", re.IGNORECASE), frozenset(stems)))
    return tuple(found)


def shared_start(word: str, stem: str) -> str:
    """The letters a word and its stem begin with alike ("efficient", "effici" -> "effici"; "happy", "happi" ->
    "happ"): what every form of the word writes."""
    n = next((i for i, (a, b) in enumerate(zip(word, stem, strict=False)) if a != b), min(len(word), len(stem)))
    return word[:n]

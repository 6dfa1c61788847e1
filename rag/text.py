"""Text helpers, once for the whole package: sentences, tokens, one stemmer, one stop-word list, numbers, titles.

Evidence selection, the support judge, the lexical index and question understanding all compare
words; they must agree on what a word is and when two words are the same, so every one of them
goes through this module.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache

#: A token as BM25 and the coverage postings see it (scikit-learn's default pattern).
TOKEN = re.compile(r"(?u)\b\w\w+\b")
#: A word as claims and questions see it: hyphenated terms stay whole ("clip-cid").
WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
NUMBER = re.compile(r"(?<![\w.])(\d+(?:[.,]\d+)*)\s*(%|percent)?")
URL = re.compile(r"https?://[^\s)\]>,;]+")

#: English function words, plus the words any request to a paper collection uses whatever its topic
#: ("which papers propose a method..."). General by design: no word is here because a question needed it.
FUNCTION_WORDS = frozenset(
    """
    a about above after again against all also am among amongst an and any are as at be because been before being
    below between both but by can could did do does doing down during each either else ever every few
    for from further had has have having he her here hers him his how i if in into is it its itself
    just me might more most much must my neither no nor not now of off on once only onto or other our
    ours out over own same shall she should so some such than that the their theirs them then there
    these they this those through thus to too under until up upon us very via was we were what when
    where whether which while who whom whose why will with within without would yet you your
    several already
    anything everything something nothing anyone everyone someone anybody everybody somebody nobody
    somewhere anywhere everywhere nowhere somehow anyhow anymore etc
    whatever whichever whoever whomever whenever wherever however whereas
    across along alongside amid amidst around atop behind beneath beside besides beyond despite except inside outside
    throughout toward towards underneath unlike versus vs
    myself yourself yourselves himself herself ourselves themselves yours
    don doesn didn isn aren wasn weren haven hasn hadn wouldn couldn shouldn
    """.split()
) | frozenset(
    # Contractions typed without their apostrophe, as chat writes them ("whats there on retrieval augmented
    # generation" had asked every paper to write "whats"). With the apostrophe, the index's tokens split them into
    # function words already ("what", "s"). Those that are also other words are left out ("ill", "well", "were",
    # "shell", "its" is above).
    "whats thats theres heres hows wheres whos whens whys lets im ive youre youve youd theyre theyve theyd weve "
    "dont doesnt didnt isnt arent wasnt werent havent hasnt hadnt wouldnt couldnt shouldnt cant wont aint "
    "youll theyll itll "
    # ... and chat's shorthand for function words ("abt" about, "tho" though, "smth" something)
    "ur abt smth sth tho thru cuz coz".split()
)
#: The nouns a request to a paper collection names its items by: no topic, but things a pronoun can refer to.
COLLECTION_NOUNS = frozenset(
    "paper papers article articles study studies work works research corpus collection method methods "
    "approach approaches one ones".split()
)
#: A list asked for whole, a form of request naming no topic: "the full set of methods for X", "a complete list of".
#: (Not "whole" or "comprehensive": "whole-slide images", "a comprehensive survey" are topics.)
COMPLETE_LIST = r"(?:full|complete|entire|exhaustive)\s+(?:list|set|range|rundown)"
#: The nouns a question asks for a paper's facts by, a closed class too: "whats the text datset they used?" asks for
#: a dataset. They are topic words elsewhere, so they are no stop words.
FACT_NOUNS = frozenset(
    "dataset datasets benchmark benchmarks parameters authors accuracy architecture hardware results".split()
)
#: Natural languages by name, a closed class as the function words are: what a question asking which language, or
#: for a language other than one it names, is answered by ("a Chinese multi-domain conversation dataset").
LANGUAGE_NAMES = tuple(
    """
    English Chinese Mandarin Cantonese Japanese Korean German French Spanish Portuguese Italian Dutch Russian Ukrainian
    Polish Czech Greek Turkish Arabic Hebrew Persian Farsi Hindi Bengali Bangla Urdu Tamil Telugu Vietnamese Thai
    Indonesian Malay Swahili Yoruba Hausa Amharic Estonian Finnish Swedish Norwegian Danish Icelandic Hungarian
    Romanian Bulgarian Serbian Croatian Slovak Slovenian Bosnian Macedonian Albanian Lithuanian Latvian Belarusian
    Georgian Armenian Azerbaijani Kazakh Uzbek Kyrgyz Tajik Mongolian Tibetan Uyghur Kurdish Pashto Dari Nepali
    Sinhala Marathi Gujarati Punjabi Kannada Malayalam Odia Assamese Burmese Khmer Lao Tagalog Filipino Javanese
    Sundanese Basque Catalan Galician Welsh Irish Breton Maltese Luxembourgish Afrikaans Zulu Xhosa Igbo Somali Wolof
    Kinyarwanda Quechua Guarani Maori Latin Sanskrit Esperanto
    """.split()
)
#: Any one of them, as a regular expression's alternation (match it as a word: "Malay" is not "Malayalam").
LANGUAGE_NAME = "(?:" + "|".join(LANGUAGE_NAMES) + ")"
#: Places in a list, a closed class as function words are: "the frist paper" is the first.
ORDINAL_WORDS = frozenset("first second third fourth fifth sixth seventh eighth ninth tenth last".split())
STOP_WORDS = (
    FUNCTION_WORDS
    | COLLECTION_NOUNS
    | frozenset(
        "propose proposes proposed proposing use uses used using based new novel show shows shown find list give tell "
        "know "
        # the verbs that say "use" in other words: "which of those rely on / leverage / employ adapters?"
        "rely relies relied relying leverage leverages leveraged leveraging employ employs employed employing "
        "utilize utilizes utilized utilizing utilise utilises utilised utilising "
        "look looks looking looked many need needs want wants get gets got getting "
        # "which of those were tried on a real robot?" ("try" itself stays: "virtual try-on" is a topic)
        "tried tries "
        # the mass noun chat names any topic's items by, as "work" and "papers" do: "I want stuff on ...", "3D stuff"
        "stuff "
        # the verbs a request says "is about" with: "papers that deal with / tackle / address / focus on X"
        "deal deals dealing tackle tackles tackling address addresses addressing handle handles handling "
        "concern concerns concerning focus focuses focusing working worked "
        "cover covers covered covering discuss discusses discussed discussing "
        # and what a request asks an abstract to do: "do any of those say / mention how many ...?"
        "say says said mention mentions mentioned "
        # the adverbs that stress or narrow what is asked, naming nothing a paper must write: "which of those
        # explicitly work with point clouds?", "any specifically about CLIP?" (a closed class, as "only" and "just")
        "explicitly specifically particularly especially mainly primarily mostly exclusively solely actually "
        "really truly "
        # ... and those that hedge it: "bio stuff basically", "maybe not LLMs exactly", "roughly how many ..."
        "basically essentially literally honestly maybe perhaps probably kinda sorta roughly approximately exactly "
        "precisely vaguely "
        # courtesy, which asks for nothing: "medical image segmentation papers pls", "Can you please list ..."
        "please pls plz kindly thanks thank thx cheers "
        # interjections and the words that turn from a remark to the question, which name nothing either: "hm,
        # really? ... anyway - whats ULIP-2's score?"
        "hm hmm hmmm huh oh ah aha wow whoa anyway anyways meh "
        # the verb of going, which questions use figuratively and which names nothing a paper must write: "going
        # back to the first list", "papers going the other direction", "which ones go beyond image+text?" (abstracts
        # use it figuratively too: "we go one step further")
        "go goes going went gone "
        # ... and chat's shorthand for asides and for people in general: "how do ppl take an english-centric LLM
        # ...?" had asked every paper to write "ppl", a word no abstract writes and so the question's rarest
        "btw imo tbh idk ppl "
        # ... and its contractions of a request's verbs, which "give", "want" and "know" are already: "gimme all the
        # benchmarks ..." had asked every paper to write "gimme", the question's rarest word
        "gimme lemme wanna gonna gotta dunno "
        # the words a user states their wish to know with, as "want" and "looking" are: "I'm curious about AI that
        # reads brain activity", "I'm interested in ...", "I was wondering whether ..." ("interest" itself stays:
        # "regions of interest")
        "curious interested wondering wonder wondered".split()
    )
)
MIN_CONTENT_CHARS = 3


#: Derivational endings Snowball leaves apart from their family, as (stem ending, what it becomes): "classify" and
#: "classification" ("classifi", "classif"), "analyze" and "analysis" ("analyz", "analysi"), "recognize" and
#: "recognition" ("recogn", "recognit"). Each rewrite joins a stem to the one its family's other words have.
#: ("-able" is left alone: "trainable parameters" are a part of a model's parameters, not its training.)
_FAMILY_ENDINGS = (("ifi", "if"), ("yz", "ys"), ("ysi", "ys"), ("gnit", "gn"))


def family_stem(snowball_stem: str) -> str:
    """A Snowball stem joined to its derivational family's (:data:`_FAMILY_ENDINGS`)."""
    for ending, root_ending in _FAMILY_ENDINGS:
        if snowball_stem.endswith(ending):
            return snowball_stem[: -len(ending)] + root_ending
    return snowball_stem


class FamilyStemmer:
    """Snowball English (PyStemmer) with derivational families joined (:func:`family_stem`): a question asking about
    "analyzing medical images" finds the papers writing "medical image analysis"."""

    def __init__(self) -> None:
        import Stemmer

        self._snowball = Stemmer.Stemmer("english")

    def stemWord(self, word: str) -> str:  # (PyStemmer's names: the lexical index calls them)
        return family_stem(self._snowball.stemWord(word))

    def stemWords(self, words: Sequence[str]) -> list[str]:
        return [family_stem(s) for s in self._snowball.stemWords(words)]


@lru_cache(maxsize=1)
def stemmer() -> FamilyStemmer:
    """The one stemmer (:class:`FamilyStemmer`): "distill", "distills", "distillation" -> "distil"."""
    return FamilyStemmer()


@lru_cache(maxsize=1)
def vocabulary_rank() -> dict[str, int]:
    """MiniLM's WordPiece vocabulary: its whole words are ranked roughly by frequency, a free IDF, and a
    lower-case word in it is an English word (or a name common enough to be one: "bert", "clip")."""
    from rag.embedding import TOKENIZER_PATH

    vocab = json.loads(TOKENIZER_PATH.read_text(encoding="utf-8"))["model"]["vocab"]
    # Ids below the first real word ("the") are special tokens, characters and [unused] slots.
    first = vocab.get("the", 0)
    return {w: i - first + 2 for w, i in vocab.items() if i >= first and not w.startswith("##")}


def stem(word: str) -> str:
    return str(stemmer().stemWord(word))


def tokens(text: str) -> list[str]:
    """Lower-cased tokens of two or more word characters, as the lexical index stores them."""
    return TOKEN.findall(text.lower())


def content_words(text: str, clitics_are_function_words: bool = False) -> set[str]:
    """Lower-cased words that carry content; hyphenated terms count whole and by part ("clip-cid" -> clip, cid). With
    ``clitics_are_function_words``, a function word with a clitic ("that's", "there's") is a function word."""
    words = set()
    for token in WORD.findall(text.lower()):
        if clitics_are_function_words and "'" in token and token.split("'")[0] in STOP_WORDS:
            continue
        words.add(token)
        if "-" in token:
            words.update(token.split("-"))
    return {w for w in words if w not in STOP_WORDS and len(w) >= MIN_CONTENT_CHARS}


def content_stems(text: str, clitics_are_function_words: bool = False) -> set[str]:
    """The stems of :func:`content_words`."""
    return set(stemmer().stemWords(sorted(content_words(text, clitics_are_function_words))))


#: The second part of a compound saying that its first part is only a likeness: "CLIP-style models", "LLaMA-type",
#: "GPT-like", "AlphaFold-esque". What is asked about is the first part; no paper writes "style" or "type" for it.
LIKENESS_WORDS = r"(?:style|type|like|esque|ish)"
_LIKENESS = re.compile(rf"(?<=\w)-{LIKENESS_WORDS}\b", re.IGNORECASE)


def without_likeness(text: str) -> str:
    """The text with its compounds of likeness cut to what they liken to: "CLIP-style models" -> "CLIP models"."""
    return _LIKENESS.sub("", text)


def is_likeness(word: str) -> bool:
    """Is the word a compound of likeness ("CLIP-style")? It names no paper, only what the paper is like."""
    return bool(_LIKENESS.search(word))


#: A verb a user recalls a paper with, after "I" ("I remember a study testing ...", "i vaguely recall one"): what they
#: remember is the topic, not their remembering. ("recall" after anything else is a measure or a topic: "recall@1",
#: "factual recall".)
_RECALLED_BY_THE_USER = re.compile(r"\b(i\s+(?:[a-z]+\s+)?)(?:remember|recall|half-remember)\b", re.I)


#: A contraction's tail: "what've you got", "they're", "we'll". Split off as a token of its own, "ve" would be a topic
#: term, and one no abstract writes ("image-text matching / cross-modal retrieval methods - what've you got?" was
#: refused for it).
CONTRACTION_ENDING = r"['\u2019](?:ve|ll|re|d|m|s|t)\b"
_CONTRACTION_TAIL = re.compile(r"(?<=[a-z])" + CONTRACTION_ENDING, re.I)


def query_terms(text: str) -> list[str]:
    """The distinct stemmed index tokens of a text, stop words removed: what coverage and IDF are computed on."""
    words = tokens(_CONTRACTION_TAIL.sub("", _RECALLED_BY_THE_USER.sub(r"\1", text)))
    return sorted(set(stemmer().stemWords([t for t in words if t not in STOP_WORDS])))


#: The shortest word a replaced vowel is repaired in ("segmantation" -> "segmentation", "catagories"): on the dev
#: questions' words, a replaced vowel turned one real six-letter word into another ("farmed" -> "formed") and none of
#: seven letters or more; the longer a word, the fewer real words lie one vowel from it.
MIN_REPLACED_VOWEL_LENGTH = 7
#: Only a vowel for a vowel: an unstressed vowel is the letter people misspell ("adverserial", "sentimant"); a
#: replaced consonant turned real words into others ("perceptrons" -> "perceptions", "multiply" -> "multiple").
VOWELS = "aeiou"


def typo_repairs(word: str) -> set[str]:
    """The words ``word`` may be a typo of: one letter dropped ("halucinations"), two neighbours swapped
    ("modles"), a letter doubled ("entitty"), or, in a word of seven letters or more, one vowel replaced by another
    ("segmantation"), never at the first letter. Other replaced or added letters are left alone: on the tuning
    questions they turned real words the corpus lacks into other words ("braces" -> "traces", "wiring" -> "widing",
    "mergers" -> "emergers", "perceptrons" -> "perceptions"). A doubled letter undone turns real words into others too
    ("dinner" -> "diner"), but those are English words, which the search never repairs (correct_spelling).
    """
    letters = "abcdefghijklmnopqrstuvwxyz"
    inserted = {word[:i] + c + word[i:] for i in range(1, len(word) + 1) for c in letters}
    swapped = {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(1, len(word) - 1)}
    undoubled = {word[:i] + word[i + 1 :] for i in range(2, len(word)) if word[i] == word[i - 1]}
    replaced: set[str] = set()
    if len(word) >= MIN_REPLACED_VOWEL_LENGTH:
        replaced = {word[:i] + c + word[i + 1 :] for i in range(1, len(word)) if word[i] in VOWELS for c in VOWELS}
    return (inserted | swapped | undoubled | replaced) - {word}


def numbers_in(text: str) -> set[str]:
    """Numbers stated in a text, normalised ("1,800" -> "1800"; "43.7 %" -> "43.7%"); years and list markers too."""
    found = set()
    for value, percent in NUMBER.findall(URL.sub(" ", text)):
        value = value.replace(",", "").rstrip(".")
        found.add(value + ("%" if percent else ""))
        found.add(value)
    return found


def has_number(text: str) -> bool:
    return bool(NUMBER.search(URL.sub(" ", text)))


#: Counts spelled out, in order from zero: "four visible patches" is as exact as "4 visible patches".
NUMBER_WORDS = tuple(
    """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
    seventeen eighteen nineteen twenty""".split()
)


def count_value(word: str) -> int:
    """The number a count is written as, in digits or as a word of :data:`NUMBER_WORDS`: "7" -> 7, "two" -> 2."""
    return int(word) if word.isdigit() else NUMBER_WORDS.index(word.lower())


#: An enumeration marker, "2)" or "(ii)": it counts the sentence's points, it measures nothing.
_LIST_MARKER = re.compile(r"(?:^|(?<=[\s:;,]))\(?(?:\d{1,2}|[ivx]{1,4})\)", re.IGNORECASE)


#: A number ending a name: "Llama 2", "ERNIE 3.0", "GPT-4", "CIFAR-10". It tells versions apart; it measures
#: nothing. A size glued to it ("LLaMA-7B", "ImageNet-1K") is left alone.
_NAME_NUMBER = re.compile(r"\b([A-Z][\w]*)[\s-](\d+(?:\.\d+)*)(?![\w%])(?!\s*(?:%|percent)\b)")


def _is_name(word: str, text: str, start: int) -> bool:
    """A capitalised word is a name when its capitals are not only a sentence's first letter ("GPT", "LLaMA"),
    or when it stands inside the sentence and is not a function word ("the Llama 2 model", not "Using 8 GPUs")."""
    if any(c.isupper() or c.isdigit() for c in word[1:]):
        return True
    inside = bool(text[:start].strip()) and text[:start].rstrip()[-1] not in ".!?:;"
    return inside and word.lower() not in FUNCTION_WORDS


#: A number with letters glued on: a measurement when they are a unit ("7B", "14Hz"), else a name ("3D", "3C").
_GLUED = re.compile(r"(?<![\w.])\d+(?:\.\d+)?([A-Za-z]+)\b")


def _measurements_only(text: str) -> str:
    """The text without the numbers that measure nothing: a URL's, an enumeration marker's, a name's ("3D")."""
    text = URL.sub(" ", _LIST_MARKER.sub(" ", text))
    text = _GLUED.sub(lambda m: m.group(0) if _UNIT.match(m.group(1)) else m.group(1), text)
    return _NAME_NUMBER.sub(lambda m: m.group(1) if _is_name(m.group(1), text, m.start()) else m.group(0), text)


def has_quantity(text: str) -> bool:
    """A number that can be a measurement: any number but a URL's, an enumeration marker's or a name's."""
    return has_number(_measurements_only(text))


#: A text's numbers (a unit glued on stays with them: "3.9B", "160times"), words and clause marks, in order.
_QUANTITY_TOKEN = re.compile(r"(?<![\w.])\d[\d.,]*(?:%|[A-Za-z]+\b)?|[A-Za-z][\w'-]*|[^\w\s]")
#: A unit after a number belongs to the number ("14 Hz", "3 MB", "4.3 times faster"): what follows it may still
#: be the measure ("times faster"), and a number with a unit alone measures a noun before it.
_UNIT = re.compile(
    r"^(?:[kmbt]|[kmgt]?b|[kmg]?hz|ms|fps|db|px|dpi|[kmc]?m|kg|pp|x|times|fold|percent|points?|"
    r"seconds?|minutes?|hours?|days?|weeks?|months?|years?)$",
    re.IGNORECASE,
)
#: Counts spelled out that count what follows them ("seven benchmark datasets"); "one" and "zero" rarely do.
_COUNT_WORDS = frozenset(NUMBER_WORDS[2:])
#: At most this many words after a number make the noun phrase it counts: "37 open-access fundus datasets".
_COUNTED_WORDS = 6


def counted_noun_phrases(text: str) -> list[list[str]] | None:
    """The noun phrase each of the text's numbers counts: "100 selected objects" -> ["selected", "objects"].

    A number that counts nothing in particular ("an accuracy of 98%", "at 14 Hz.") gives an empty phrase; it
    may measure any noun of its sentence. A count spelled out ("seven benchmark datasets") counts as well.
    None when the text has no number that can be a measurement.
    """
    tokens = _QUANTITY_TOKEN.findall(_measurements_only(text))
    phrases = []
    for i, token in enumerate(tokens):
        count, _, glued = token.partition("-")
        if glued and count.lower() in _COUNT_WORDS and glued[0].isalpha() and glued.lower() not in FUNCTION_WORDS:
            # a count glued to its noun counts that noun alone: "a two-stage training process" counts stages, and
            # "a two-tower model called BriVL" towers, not models
            phrases.append([glued.lower()])
            continue
        # "a single description" counts one description ("single-cell" is no count: it is glued)
        single = token.lower() == "single" and i > 0 and tokens[i - 1].lower() == "a"
        if not (token[0].isdigit() or token.lower() in _COUNT_WORDS or single):
            continue
        after = tokens[i + 1 : i + 3]
        if (
            token.isdigit()
            and len(after) == 2
            and after[0] == "-"
            and after[1][0].isalpha()
            and not _UNIT.match(after[1])
        ):
            # a figure glued to its noun likewise: "a 4-stage pipeline" counts stages ("a 4-bit model" is a unit)
            phrases.append([after[1].lower()])
            continue
        phrases.append(_counted_phrase(tokens[i + 1 :]))
    return phrases or None


def _counted_phrase(following: list[str]) -> list[str]:
    """The noun phrase a number counts, from the tokens after it."""
    while following and _UNIT.match(following[0]):
        following = following[1:]
    # a short form in brackets restates the words before it: "65k European Union (EU) laws" counts laws
    following = _without_short_forms(following)
    phrase: list[str] = []
    for word in following[: _COUNTED_WORDS + following[:_COUNTED_WORDS].count(",")]:  # (commas are no words)
        if word == ",":
            if not phrase:
                break  # "an accuracy of 98%, validating ...": the number ends its phrase
            continue  # adjectives in a row: "37 open-access, mostly categorical fundus imaging datasets"
        if word.lower() in ("and", "or") and phrase and "-" in phrase[-1]:
            # compound adjectives joined: "50,000 distinct affordance-aware and intent-oriented hand-object
            # interactions" ("12 distinct subreddits and comments" joins two things counted apart)
            continue
        if not word[0].isalpha() or word.lower() in FUNCTION_WORDS:
            break
        phrase.append(word.lower())
    return phrase


def _without_short_forms(tokens: list[str]) -> list[str]:
    """The tokens without a one-word group in brackets after a capitalised word: "European Union (EU)"."""
    kept: list[str] = []
    i = 0
    while i < len(tokens):
        if (
            tokens[i] == "("
            and kept
            and kept[-1][:1].isupper()
            and i + 2 < len(tokens)
            and tokens[i + 1][:1].isalpha()
            and tokens[i + 2] == ")"
        ):
            i += 3
            continue
        kept.append(tokens[i])
        i += 1
    return kept


_ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|et al|vs|cf|Fig|Eq|Sec|approx|resp|incl|No)\.$", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])")
MIN_SENTENCE_WORDS = 5


def split_sentences(text: str) -> list[str]:
    """Split an abstract into sentences, keeping abbreviations and very short fragments attached."""
    pieces = _SENTENCE_END.split(text.strip())
    sentences: list[str] = []
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if sentences and (_ABBREVIATIONS.search(sentences[-1]) or len(sentences[-1].split()) < MIN_SENTENCE_WORDS):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    if len(sentences) > 1 and len(sentences[-1].split()) < MIN_SENTENCE_WORDS:
        tail = sentences.pop()
        sentences[-1] = f"{sentences[-1]} {tail}"
    return sentences


#: A sentence with a link, or announcing a release, and at most this many content words besides is the
#: announcement (see announces_a_release).
ADDRESS_WORDS = 6
#: A sentence opening with the paper's artefacts made available: "Code and models will be released."
RELEASE = re.compile(
    r"^\W*(?:our |the |all |both |)(?:code|codes|source code|data|datasets?|models?|weights|checkpoints|"
    r"implementation|resources)\b[^.]{0,60}\b(?:available|released?|open[- ]sourced?|public(?:ly)?)\b",
    re.IGNORECASE,
)


def announces_a_release(sentence: str) -> bool:
    """A sentence that gives a link and little else ("The code is available at: https://.../deepfake-detection"),
    or announces a release ("Code and models will be released."), states nothing about the topic, though its
    words ("code", the link's "deepfake-detection") match topics."""
    if not (URL.search(sentence) or RELEASE.search(sentence)):
        return False  # most sentences: no need to count their words
    # words as written: "pre-trained" is one word here, not three (content_words adds a compound's parts)
    written = {w for w in WORD.findall(URL.sub(" ", sentence).lower()) if w in content_words(w)}
    return len(written) <= ADDRESS_WORDS


#: Where an abstract may announce a release: a link or a word of one. Most abstracts have neither, and are not split.
_MAY_ANNOUNCE = re.compile(r"https?://|\b(?:available|released?|open[- ]sourced?|public(?:ly)?)\b", re.IGNORECASE)


def without_release_sentences(abstract: str) -> str:
    """The abstract without the words of its sentences announcing a release: what the paper is about. "Code and
    pretrained models are available at https://github.com/..." is in a third of the bundled abstracts, and had made
    "code" a common word, and "pretrained code models" a topic of any paper releasing its code. The link stays: its
    repository may be the only place the abstract writes the paper's name ("https://github.com/fanqiwan/FuseLLM")."""
    if not _MAY_ANNOUNCE.search(abstract):
        return abstract
    sentences = split_sentences(abstract)
    kept = [" ".join(URL.findall(s)) if announces_a_release(s) else s for s in sentences]
    return " ".join(s for s in kept if s) if kept != sentences else abstract


UNTITLED_PREFIX = "Untitled abstract: "
UNTITLED_WORDS = 10


#: One word, then a dash set apart by spaces: "MultiEURLEX -- A multi-lingual ... dataset" names its paper as a colon
#: would. A phrase before the dash is no name ("Foundation Models for NLP -- Pre-trained ..." is a title's two halves).
_NAME_BEFORE_A_DASH = re.compile(r"(\S+)\s+(?:--|-|\u2013|\u2014)\s+\S")


def title_name(title: str | None) -> str:
    """The name a title gives its paper, before the colon ("CorDA: Context-Oriented ..." -> "CorDA") or after one
    word, a dash ("MultiEURLEX -- A multi-lingual ..."), or ""."""
    if not title:
        return ""
    if ":" in title:
        return title.split(":", 1)[0].strip()
    named = _NAME_BEFORE_A_DASH.match(title)
    return named.group(1) if named else ""


def display_title(title: str | None, abstract: str) -> str:
    """The title, or a clearly marked stand-in from the abstract's first words (some pages carry no titles)."""
    if title:
        return title
    words = abstract.split()
    return UNTITLED_PREFIX + " ".join(words[:UNTITLED_WORDS]) + ("…" if len(words) > UNTITLED_WORDS else "")

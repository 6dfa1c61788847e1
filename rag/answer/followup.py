"""Follow-ups: what a question refers to in the conversation, and what it asks of those papers.

A question is a follow-up by reference, not because it has a pronoun: "those", an ordinal, a title from
the last answer, or a pronoun with nothing in the question before it to refer to ("What about their
training cost?"). Like :mod:`rag.answer.question`, this reads the question's form, never its topic.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from rag.answer.question import (
    AFFIRMATIVES,
    REQUEST_WORDS,
    SENTENCE_BREAK,
    Intent,
    asking_sentence_start,
    asks_directly,
    asks_for_papers,
    asks_only_for_a_fact,
    asks_something,
    attribute_of,
    ends_by_turning,
    has_topic_words,
    intent_of,
    objects_of_the_verb_after,
    opens_new_subject,
    remarks_only,
    seeks_a_described_paper,
    without_lead_in,
)
from rag.citations import MARKER
from rag.query import parse_filters
from rag.text import (
    COLLECTION_NOUNS,
    CONTRACTION_ENDING,
    FUNCTION_WORDS,
    LIKENESS_WORDS,
    NUMBER_WORDS,
    ORDINAL_WORDS,
    STOP_WORDS,
    WORD,
    content_stems,
    count_value,
    stem,
    title_name,
)

#: A name joined to the one before it: "I2P-MAE and GeoMIM", "CorDA and the composable sparse fine-tuning one".
_JOINED_NAME = re.compile(r"(?:,|\band|&|\bor|\bas well as)\s+(?:the\s+)?$", re.I)
#: The verbs that point at what an answer showed: "(the ones) you listed", "you mentioned"; in the perfect too, "the
#: three you've mentioned so far".
_YOU_SHOWED = (
    r"you(?:['\u2019]ve\s+|\s+have\s+|\s+)(?:listed|mentioned|gave|given|found|showed|shown|named|cited)"
    r"(?:\s+(?:so\s+far|until\s+now))?"
)
#: Papers the answers gave, described: "the clustering papers you listed", "the papers above".
_LISTED_EARLIER = (
    rf"the\s+(?:[\w-]+\s+){{0,3}}?(?:papers|ones|works|studies)\s+(?:{_YOU_SHOWED}|above|listed|mentioned|shown)"
)
#: Referring expressions that point at the conversation, not into the question itself.
_SET_REFERENCE = re.compile(
    r"\b(those|these|the above|of them|which ones?|either of|either (?:one|paper|study|work)|any of them|"
    r"each of them|each (?:one|paper)|the same papers?|"
    # (the verb goes with "you": "the ones you listed" leaves no "listed" to search for)
    rf"among them|the listed|the ones? (?:{_YOU_SHOWED}|you|above|listed|mentioned)|" + _LISTED_EARLIER + r"|"
    # a list described by what its papers are on, to pick among them: "which of the agent papers were tested on real
    # robots?", "do any of the clustering ones handle graphs?"
    r"(?<=\bof\s)the\s+(?:[\w/-]+\s+){1,3}?(?:papers|ones)(?=\s+(?!(?:in|on|about|from|here)\b))|"
    # a list named by its size: "which of the three train a student?", "of the two papers" (not "of the 3 datasets")
    r"(?:of|among|from)\s+the\s+(?:" + "|".join(NUMBER_WORDS[2:11]) + r"|[2-9]|1\d)"
    r"(?!\s+(?!papers|ones|works|studies|articles)[a-z][\w-]*s\b(?!-))"
    r")\b",
    re.IGNORECASE,
)
#: "Which"/"any" whose noun is left out, continuing the conversation: "ok which are about audio then", "any that
#: use distillation?", "and which of them ...". The word after it is a function word, so no noun of the
#: question's own follows ("ok, any recommender system work?" names one and searches the corpus); a
#: conjunction or "ok" first says the question goes on from the last answer.
_ELLIPTIC_SET = re.compile(
    r"^\W*(?:(?:and|ok|okay|so|then|also|now)\b[\s,.!-]*)+(?:which|any)\s+(?:that|are|is|were|was|do|does|did|"
    r"can|could|have|has|of|with|among)\b|^\W*any\s+(?:that|which|with)\b",
    re.IGNORECASE,
)
#: Pronouns that may point back into the question itself ("merge models and handle interference between
#: them"): they make a follow-up only when the question has no topic of its own.
_WEAK_REFERENCE = re.compile(
    r"\b(it|its|they|them|their|this paper|that paper|the paper|this one|that one|this work|"
    # a demonstrative alone as the subject after an auxiliary: "what F1 gain did that report ...?"
    + "(?:"
    + "|".join(rf"(?<=\b{aux}\s)" for aux in ("is", "was", "does", "did", "has", "had"))
    + r")(?:this|that))\b",
    re.I,
)
#: The references above that mean one paper, as "it" does: "did that paper report ...?", "was this one ...?".
_SINGULAR_REFERENCE = re.compile(r"(?:this|that)(?:\s+(?:paper|one|work))?", re.I)
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
    **{f"{n}{suffix}": n for n, suffix in ((1, "st"), (2, "nd"), (3, "rd"), *((n, "th") for n in range(4, 11)))},
    **{word: n for n, word in enumerate(NUMBER_WORDS) if n},
}
#: The place before the last: "the second-to-last paper", "the second last one", "the penultimate one".
_BEFORE_THE_LAST = r"(?:second|2nd)[\s-]+(?:to[\s-]+)?last|penultimate"
_ORDINAL_WORDS = _BEFORE_THE_LAST + "|" + "|".join(sorted(ORDINAL_WORDS)) + "|1st|2nd|3rd|(?:[4-9]|10)th"
#: A paper picked by its place in an answer: "the second one", "the last paper", "the 4th?", "compare the first
#: and the third", "paper 3", "number two", "#2", "[2]" (the answer's own citation marker).
_ORDINAL = re.compile(
    rf"\b(?:the\s+)?({_ORDINAL_WORDS})\s+(?:one|paper|work|result|entry|item|study|article|method|model)\b"
    # "the second" with nothing after it that it could be the ordinal of: "what about the 4th?" ("the first to
    # propose X" is a topic, so "to" is not among the words that may follow)
    rf"|\bthe\s+({_ORDINAL_WORDS})\b(?=\s*(?:[?.!,;:)]|$|\s+(?:in|of|on|for|and|or|again|please)\b))"
    rf"|\b(?:paper|number|no\.?|item|source|reference|citation)\s*#?\s*\[?(\d{{1,2}}|{'|'.join(NUMBER_WORDS[1:])})\b\]?"
    r"|#\s*(\d{1,2})\b|\[(\d{1,2})\]"
    # "the top one in your first list": the first, as "the top three" are the first three (_ORDINAL_RANGE)
    r"|\bthe\s+(top)\s+(?:one|paper|result|entry|item)\b",
    re.IGNORECASE,
)


#: Several papers picked by place: "compare the first two", "summarise the top three papers", "the last 2" (groups 1
#: and 2); or picked among, whatever follows (groups 3 and 4): "which of the first four report word error rates?".
_ORDINAL_RANGE = re.compile(
    r"\b(?:the\s+)?(first|top|last)\s+(two|three|four|five|[2-5])\b"
    r"(?=\s*(?:[?.!,;:)]|$|\s+(?:ones?|papers?|results?|entries|items|works|studies|of|listed|above|and|in|on)\b))"
    r"|(?:(?<=\bof\s)|(?<=\bamong\s)|(?<=\bfrom\s))the\s+(first|top|last)\s+(two|three|four|five|[2-5])\b"
    # ... or as the subject after an auxiliary, its verb following: "what datasets do the first three evaluate on?"
    r"|(?:(?<=\bdo\s)|(?<=\bdid\s)|(?<=\bcan\s)|(?<=\bare\s)|(?<=\bwere\s)|(?<=\bhave\s))"
    r"the\s+(first|top|last)\s+(two|three|four|five|[2-5])\b(?=\s+[a-z])",
    re.IGNORECASE,
)


def _places(question: str, listed: int) -> list[int] | None:
    """The 1-based places a question picks in an answer that listed ``listed`` papers ("the second one", "the
    first two", "the last one"), or ``None`` when it picks none or one beyond the list."""
    places: list[int] = []
    for match in _ORDINAL_RANGE.finditer(question):
        word = (match.group(1) or match.group(3) or match.group(5)).lower()
        count = (match.group(2) or match.group(4) or match.group(6)).lower()
        n = count_value(count)
        places += range(listed - n + 1, listed + 1) if word == "last" else range(1, n + 1)
    rest = _ORDINAL_RANGE.sub(" ", question)
    places += [_position(match, listed) for match in _ORDINAL.finditer(rest)]
    if not places or not all(1 <= p <= listed for p in places):
        return None
    return places


#: A verb of going before the words of returning ("going back to"), and those words.
_GOING = r"(?:go(?:ing)?|com(?:e|ing)|get(?:ting)?)\s+"
_RETURNING = r"(?:back to|returning to)\s+"
#: A turn that returns to an earlier list by naming it: "back to the MoE papers - ...", "going back to the
#: retrieval distillation papers, ...", "returning to the hallucination list: ...".
_BACK_TO = re.compile(
    # where a clause opens ("ok back to ...", "hmm. back to ...") or after a verb of going: "feed something back to
    # the teacher" returns to no list
    rf"(?:^\W*|[,;:.!?–—]\s*|\s-+\s*|\b(?:ok(?:ay)?|so|now|and|but|anyway)\W+|\b{_GOING})"
    rf"{_RETURNING}(?:the\s+)?"
    # (a full stop ends the name too: "ok back to knowledge graph completion. any more papers on that?"; a hyphen
    # inside a word does not: "back to the knowledge-grounded chatbot papers - any others?")
    r"((?:[^,;:?!–—-]|(?<=\w)-(?=\w))+?)(?:\s+(?:papers?|list|ones|results|works?))?\s*"
    r"(?:[,;:?!–—]|-(?!\w)|\.(?=\s)|$)",
    re.IGNORECASE,
)


#: Where the words a turn returns with name one paper: "going back to the personal memory paper - ...".
_ONE_PAPER_NAMED = re.compile(r"\b(?:paper|one|study|article)\s*[,;:?!\u2013\u2014.-]*\s*$", re.IGNORECASE)


def _lead_back(returning: str) -> str:
    """The words that say a turn returns, without what it returns to: "going back to " of "going back to the X"."""
    lead = re.search(rf"(?:{_GOING})?{_RETURNING}", returning, re.I)
    return lead.group(0) if lead else returning


#: What opens a verb's object or its preposition's phrase: "deals with", "uses a", "targets the".
_OBJECT_AFTER_A_VERB = r"(?:a|an|the|with|on|in|to|for|from|about|any|its|their)\b"
#: A list named by how many papers it held: "that list of five", "that ten-paper list", "those five code papers",
#: "the ten you listed before", "which of those five rely on ...", "from the first 6 you gave" (a count of anything
#: else is followed by its plural noun: "which of the 3 datasets").
_LIST_OF_SIZE = re.compile(
    r"\blist\s+of\s+(\w+)\b|\b(\w+)-(?:paper|item|entry)\s+list\b"
    r"|\b(?:the|those|these)\s+(?:first\s+|original\s+)?(\w+)\s+"
    r"(?:(?:\w[\w-]*\s+)?(?:papers|ones|results)\b|(?:you|u|we|from|above|earlier)\b)"
    # ("of all four, which ones ...?": every paper of the lists shown, four in all)
    r"|\b(?:of|among|from)\s+(?:the|those|these|all(?:\s+(?:the|those|these))?)\s+(?:first\s+|original\s+)?(\w+)\b"
    # (not a count of a plural: "of the 3 datasets"; a verb in -s taking its object is no plural: "which of those two
    # deals with Korean?")
    rf"(?!\s+[a-z][\w-]*s\b(?!-)(?!\s+{_OBJECT_AFTER_A_VERB}))"
    # ... or as the subject of a verb: "what benchmarks do those two evaluate on?" (not "compare those two", which
    # compares the two papers last shown, whichever answers showed them)
    r"|\b(?:those|these)\s+(\w+)\b(?=\s+[a-z])(?!\s+[a-z][\w-]*s\b(?!-))"
    # ... or counted before "of them": "going back to all three of them", "the two of those"
    r"|\b(?:all|the)\s+(\w+)\s+of\s+(?:them|those|these)\b",
    re.IGNORECASE,
)

#: Every paper the conversation listed: "of all the papers you've mentioned so far", "all the ones you listed".
_ALL_SHOWN = re.compile(
    # (with words describing them: "all the lora papers you've mentioned so far")
    r"\ball\s+(?:of\s+)?(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:papers|ones|results)\s+(?:you(?:'ve|\s+have)?\s+)?"
    r"(?:mentioned|listed|shown|showed|cited|given|gave|named|found)\b",
    re.IGNORECASE,
)

#: Places counted over every paper the conversation listed: "the very first paper you gave me in this chat".
_IN_THE_CHAT = re.compile(
    r"\b(?:listed|gave|showed|named|mentioned|cited)\s+(?:me\s+|us\s+)?(?:in|during)\s+(?:this|the|our)\s+"
    r"(?:chat|conversation|session)\b"
    # "go back to the very first paper you gave me": the first of them all, not of the latest list
    # (what follows "very first", so that the place stays in the question)
    r"|(?:(?<=\bvery first paper )|(?<=\bvery first one )|(?<=\bvery first result ))(?:(?:that\s+)?(?:you|u)\s+"
    r"(?:listed|gave|showed|named|mentioned|cited|found)\b"
    # ... or "on your list": "going back to the very first paper on your list"
    r"|(?:on|in|from)\s+your\s+lists?\b)",
    re.IGNORECASE,
)


def _sizes_named(question: str) -> list[int]:
    """The sizes of the lists ``question`` names by how many papers they held (:data:`_LIST_OF_SIZE`)."""
    words = [w.lower() for m in _LIST_OF_SIZE.finditer(question) for w in m.groups() if w]
    return [count_value(w) for w in words if w.isdigit() or w in NUMBER_WORDS]


#: An aside in brackets after a list named by its size: "the three you first listed (regulators, IRRA, deep boosting)".
_ASIDE = re.compile(r"\s*\(([^()]*)\)")
#: What separates the items of an aside: "(MOS, ExSSNeT, the KAN vs MLP one)", "(GBT-SAM and UniT)".
_ITEM_BREAK = re.compile(r"\s*(?:[,;&]|\band\b|\bor\b)\s*", re.IGNORECASE)


def _without_roll_call(question: str, sizes: list[int]) -> str:
    """``question`` without the aside, in the clause that names a list by its size, that calls the list's papers one
    by one: as many items as the list has papers name the whole list, in whatever words ("the three you first listed
    (regulators, IRRA, deep boosting)" are those three, though only "IRRA" is a name the titles write)."""
    for named in _LIST_OF_SIZE.finditer(question):
        aside = _ASIDE.search(question, named.end())
        if aside is None or SENTENCE_BREAK.search(question[named.end() : aside.start()]):
            continue
        items = [item for item in _ITEM_BREAK.split(aside[1]) if item.strip(" .")]
        if len(items) in sizes:
            return question[: aside.start()] + question[aside.end() :]
    return question


def _paged_list(answered: list[tuple[str, list[str], str]], sizes: list[int]) -> tuple[str, list[str], str] | None:
    """The latest answers that together listed a size named (a list and the pages "show me more" added to it), as
    one answer: the first one's question, their papers in the order shown; ``None`` if no run of them adds up."""
    for end in range(2, len(answered) + 1):
        run = answered[:end]
        papers = list(dict.fromkeys(pid for _, listed, _ in reversed(run) for pid in listed))
        if len(papers) in sizes:
            return run[-1][0], papers, "\n".join(answer for _, _, answer in reversed(run))
        if len(papers) > max(sizes):
            return None
    return None


def _papers_shown(turns: Sequence[tuple[str, list[str]]]) -> list[str]:
    """Every paper the conversation's answers listed (``turns`` run newest first), in the order they were shown."""
    return list(dict.fromkeys(pid for _, cited in reversed(turns) for pid in cited))


def _pages_on(asked: str) -> bool:
    """Did ``asked`` request another page of the list before it: more, or more only qualified ("esp adapter-based
    ones"), not more on a subject of its own?"""
    refinement = more_refinement(asked)
    return refinement is not None and (refinement == "" or _QUALIFIER.match(refinement) is not None)


def _with_earlier_pages(turns: list[tuple[str, list[str]]]) -> list[tuple[str, list[str]]]:
    """``turns`` (newest first), each answer to a request for more joined to the list it went on from: the search's
    question, and the papers of the list and its pages in the order shown. "which of those you listed ...?" after
    "ok, any others?" gave two more asks the whole list, not its last page; so does a page of more that only
    qualifies the search ("any more? esp adapter-based ones")."""
    joined = []
    for i, (asked, papers) in enumerate(turns):
        run = [papers]
        if _pages_on(asked):
            for earlier_asked, earlier_papers in turns[i + 1 :]:
                run.append(earlier_papers)
                if not _pages_on(earlier_asked):
                    asked = earlier_asked
                    break
        joined.append((asked, list(dict.fromkeys(pid for page in reversed(run) for pid in page))))
    return joined


def _answer_at(at: re.Match[str] | None, answers: int) -> int | None:
    """The index, among ``answers`` answers newest first, of the one an :data:`_ANSWER_AT` (or
    :data:`_PLACED_ANSWER`) match names by its place; None when there is no match or no such answer."""
    if at is None:
        return None
    which = (at.group(1) or "first").lower()  # ("originally": the first)
    place = _ORDINALS.get("first" if which == "original" else which, 0)  # ("last", "previous", ...: the latest)
    if place == 0:
        return 0 if answers else None
    return answers - place if place <= answers else None


def _position(match: re.Match[str], listed: int) -> int:
    """The 1-based place an ordinal match picks in an answer that listed ``listed`` papers."""
    word = next(g for g in match.groups() if g).lower()
    if re.fullmatch(_BEFORE_THE_LAST, word):
        return listed - 1
    return listed if word == "last" else _ORDINALS.get(word) or (1 if word == "top" else int(word))


#: An earlier answer named by its place alone, as the list gone back to: "(back to) your very first answer".
_PLACED_ANSWER = re.compile(
    r"(?:your|the)\s+(?:very\s+)?(first|second|third|last|previous|latest|earlier|original)\s+"
    r"(?:answer|list|reply|response|batch|bunch|lot)\b",
    re.IGNORECASE,
)
#: An earlier answer picked by its place: "the papers from your first answer", "in your previous list", "out of the
#: first batch you listed".
_ANSWER_AT = re.compile(
    r"\b(?:the\s+(?:papers?|ones?)\s+)?(?:from|in|of|on|out\s+of)\s+"
    + _PLACED_ANSWER.pattern
    # "the first one you listed originally": the first answer's list, not the latest one's
    + r"|\b(?:you\s+)?(?:listed|gave|showed|named|mentioned)\s+(?:me\s+)?(?:originally|at\s+first|at\s+the\s+start)\b"
    r"|\b(?:you\s+)?originally\s+(?:listed|gave|showed|named|mentioned)\b",
    re.IGNORECASE,
)

_REFERENCE_WORDS = re.compile(
    "(?:"
    + _ANSWER_AT.pattern
    + "|"
    + _SET_REFERENCE.pattern
    + "|"
    + _WEAK_REFERENCE.pattern
    + "|"
    + _ORDINAL_RANGE.pattern
    + "|"
    + _ORDINAL.pattern
    # what points at the answers ("the first one you listed", "of the two you listed first", when said) and a
    # request's hedge ("tell me a bit more"): no topic
    + rf"|\b{_YOU_SHOWED}"
    + r"(?:\s+(?:first|earlier|before|previously|originally|just\s+now))?\b"
    + r"|\ba\s+(?:bit|little)\b(?=\s+more\b)"
    + r"|\bof\s+(?=\W*$)"
    # with the contraction it carries: "even if they're not LLM based" leaves no "'re" to search for
    + rf")(?:{CONTRACTION_ENDING})?",
    re.IGNORECASE,
)


FollowUpMode = Literal["none", "ordinal", "set", "topic", "more"]

#: A request for more of what the last answer listed, with no topic of its own: "show me more", "any more?",
#: "more results please", "what else is there?", "next page", "any others?".
_MORE = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|and|so|please|pls|can|could|would|you|show|give|list|find|get|got|tell|me|us|any|anything|"
    # (the phrasal verbs of finding: "can you dig up others", "pull up a few more")
    r"some|the|what|are|there|is|(?:dig|pull|turn|look)\s+up|fetch|suggest|recommend)\W+)*"
    r"(?:more|others?|other ones|else|rest|next(?:\s+(?:page|ones|results|papers))?|further ones)"
    r"(?:\W+(?:results?|papers?|ones|works?|studies|please|pls|of (?:those|them|these|the (?:papers|list|results))|"
    r"like (?:that|this|these|those)|"
    # (the idioms that say "like that": "anything else along those lines?", "more in that vein")
    r"along (?:those|these|the same) lines|in (?:that|this|the same) vein|"
    # (the papers shown already, set aside: "anything else besides the try-on paper?", "any others beyond those 3?")
    r"(?:besides|other than|apart from|aside from|except|beyond)\s+(?:those|these|them|that|this|the\s+"
    r"(?:[\w-]+\s+){0,3}?(?:papers?|ones?|works?))(?:\s+(?:\d+|two|three|four|five|six|ones))?|"
    r"is there|are there|do you have|can you find|in the corpus|in here))*\W*$",
    re.IGNORECASE,
)


#: How an answer offers papers it did not list; a reply that only accepts the offer ("yes", "sure, go ahead") asks
#: for them as "show me more" does.
MORE_OFFER = "ask for more (“show me more”)"
_ACCEPTING = (
    rf"{AFFIRMATIVES}|sure|ok(?:ay)?|alright|please|pls|go ahead|go on|do it|do that|why not|of course|definitely"
    r"|absolutely"
)
#: ... thanks may come with it ("yes, thanks"), but alone it closes the exchange
_ACCEPTANCE = re.compile(
    rf"^\W*(?:(?:thanks|thank you)\W+)?(?:{_ACCEPTING})(?![\w-])(?:\W+(?:{_ACCEPTING}|thanks|thank you)(?![\w-]))*\W*$",
    re.IGNORECASE,
)


def accepted_offer(question: str, history: Sequence[dict[str, str]]) -> str:
    """``question``, or "show me more" when it only accepts the last answer's offer of more papers."""
    offered = MORE_OFFER.lower() in _last(history, "assistant").lower()
    return "show me more" if offered and _ACCEPTANCE.match(question) else question


#: Saying that more papers should exist asks for them: "surely there's more", "feels like there should be more on
#: this", "I feel like there should be more than one on ASR + language models" (read as "any others", what follows
#: kept: "surely there are others on prompt tuning" asks for more on prompt tuning).
_EXPECTING_MORE = re.compile(
    r"(?:(?:i\s+)?(?:feel|felt|think|thought|guess|bet|imagine|suspect)\s+(?:like\s+|that\s+)?|feels\s+like\s+"
    r"|(?:i'?d|i\s+would)\s+have\s+(?:thought|expected)\s+(?:that\s+)?|surely\s+|i'?m\s+sure\s+)*"
    r"\bthere(?:'s|s|\s+is|\s+are|\s+(?:must|should|would|could|might)\s+be)\s+(?:some\s+)?(more|others|other\s+ones)\b"
    # (what it says there should be more of, compared with what was shown, is what was shown: "there should be more
    # pretraining papers than that")
    r"(?:(?:\s+[\w-]+){0,3}?\s+than\s+(?:that|this|those|these|one|two|three|\d+))?",
    re.IGNORECASE,
)


def _as_request(question: str) -> str:
    """``question`` with each statement that more papers should exist read as the request it makes: "any others",
    or "any more" where it says "more", which may go on to name a kind ("surely there's more KD stuff for image
    models")."""
    return _EXPECTING_MORE.sub(lambda found: f"any {found.group(1)}", question)


def asks_for_more(question: str) -> bool:
    """Does the question ask for more results of the last search, and nothing else?"""
    return bool(_MORE.match(without_lead_in(_as_request(question))))


#: Where a request for more may end and say what more to look for: "any others? e.g. for deepfaked faces",
#: "show me more - other papers that adapt ...", "show me more, surely there are others on ...".
_REQUEST_END = re.compile(r"[?!.;:,]+\s+|\s+[-\u2013\u2014]+\s+")

#: More papers of a kind the request names itself: "any other papers on pretrained code models?", "any other speech
#: papers?", "show me more medical imaging work", "more medical segmentation ones".
#: The words a request for more may open with: "ok so can you show me any ...", "got any more ...?".
_MORE_OPENER = (
    r"^\W*(?:(?:ok(?:ay)?|and|so|please|can|could|you|show|give|find|me|us|any|are|is|there|do|have|got)\W+)*"
)
_MORE_OF = re.compile(
    _MORE_OPENER
    # (words a slash joins are one: "any other ASR / speech recognition papers")
    + r"(?:other|more|further|additional)\s+((?:\w[\w-]*(?:\s*/\s*\w[\w-]*)*\s+){0,5}?"
    r"(?:papers?|works?|studies|research|ones|stuff)\b.*)$",
    re.IGNORECASE,
)

#: ... or more of a kind named in a phrase of its own, its words a modifier or more and a plural head: "show me more
#: multimodal surveys if there are any", "any other KD benchmarks?". (One word alone is no kind: "more details", "more
#: examples" ask to be told, or for more of the same.)
_MORE_OF_A_KIND = re.compile(
    _MORE_OPENER + r"(?:other|more|further|additional)\s+((?:[\w-]+\s+){1,4}?([a-z][\w-]*[a-z]s))\b(.*)$",
    re.IGNORECASE,
)


def _names_a_kind(phrase: str, head: str) -> bool:
    """Is ``phrase`` a kind of thing, its head a plural noun (:data:`_MORE_OF_A_KIND`): no function word among its
    words, and a head the stemmer reads as a plural ("surveys" -> "survey"; not "this", "is")?"""
    return not any(word.lower() in STOP_WORDS for word in phrase.split()) and stem(head) != head.lower()


#: More that do what the last ones did: "any others doing this for different languages?", "more papers like that one".
#: The topic is the last search's; what follows only restates it.
_MORE_DOING_THAT = re.compile(
    _MORE_OPENER + r"(?:others?|more|other ones)\s+(.+)$",
    re.IGNORECASE,
)
#: ... or more that do what a relative clause says: "any more that look at the geometry of CLIP's embedding space?"
_MORE_THAT = re.compile(_MORE_OPENER + r"(?:others?|more|other ones)\s+(?:that|which|who)\s+(.+)$", re.IGNORECASE)
#: What says the ones asked for do what the last ones did: "doing this", "like that one", "papers on that".
_SAME_AGAIN = re.compile(
    r"(?:(?:papers?|ones|works?|studies)\s+)?(?:(?:that|which|who)\s+)?(?:doing|do|does|on|about|like|for)\s+"
    r"(?:this|that|these|those|the same|it|them)(?:\s+one)?\b",
    re.IGNORECASE,
)

#: ... or on a subject it names: "what else is there on cross-lingual stuff?", "show me more on reducing
#: hallucination" (the request is the words before the preposition).
_MORE_ON = re.compile(r"^(.+?)\s+(?:on|about|regarding|concerning)\s+(.+)$", re.IGNORECASE)
#: "tell me more about the third one" asks to be told about it, not for more papers on it.
_TELLING = re.compile(r"\b(?:tell|say|explain|describe|elaborate)\b", re.IGNORECASE)

#: A refinement that says what need not hold ("doesn't have to be Estonian") widens the search; it names no topic.
_WAIVED = re.compile(r"^\W*(?:not\b|no need\b|(?:does|do|need)\s*n[o']?t\b|without\b)", re.IGNORECASE)

#: Where a refinement goes on to waive a condition or to point back at what was shown, which are no topic to
#: search: "speech papers, even if they're not strictly about recognition", "forgetting, beyond the seven you listed".
#: Saying that something also qualifies: "counts", "qualifies", "is fine", "are ok".
_ALSO_QUALIFIES = r"(?:counts?|qualif(?:y|ies)|(?:is|are)\s+(?:fine|ok(?:ay)?))"
_REFINEMENT_END = re.compile(
    r"\s*(?:[,;:]|\s[-\u2013\u2014]+)\s*(?:even\s+if|even\s+though|whether\s+or\s+not|not\s+necessarily|no\s+need|"
    r"(?:does|do|need)\s*n[o']?t\b)"
    # ("even if" opens a concession with or without a mark: "other recsys papers even if they're not LLM based?")
    r"|\s+even\s+(?:if|though)\b"
    r"|,?\s+(?:beyond|besides|apart\s+from|other\s+than)\s+(?:the|those|these|what|that|ones?)\b"
    # the papers a request for more sets aside, named: "segmentation papers besides UniT and GBT-SAM" (a paper the
    # chat showed is passed over anyway; "beyond" and "other than" may bound a topic: "languages other than English")
    r"|,?\s+(?:besides|apart\s+from|except(?:\s+for)?|excluding)\s"
    # ... or after "beyond", a name as names are written ("beyond DC-CLIP, KELIP, CLIPTrans", not "beyond English")
    r"|,?\s+beyond\s+(?-i:[A-Z][\w-]*[A-Z0-9])"
    # a hedge: "more medical segmentation ones, if there are any beyond those 4"
    r"|,?\s+if\s+(?:there\s+(?:are|is)\s+)?any\b"
    # "any other code-model papers you didn't mention?", "papers not yet listed": what the chat showed, no topic
    r"|\s+(?:that\s+|which\s+)?(?:you|u)\s+(?:(?:did|have|had)\s*n[o']?t\s+|didnt\s+|havent\s+|hadnt\s+)?(?:yet\s+)?"
    r"(?:mention|show|list|includ|gave|give|cite|found|find|cover|left\s+out|miss|skipp|omitt|(?:brought|bring)\s+up)\w*\b"
    r"|\s+(?:not\s+(?:yet\s+)?|un)(?:mentioned|shown|listed|covered|cited)\b"
    # what also qualifies, said of the subject named: "model compression counts too", "... is fine as well"
    rf"|\s+{_ALSO_QUALIFIES}\s+(?:too|as\s+well)\b"
    # ... or closing the message: "adapter-based ones count"
    rf"|\s+{_ALSO_QUALIFIES}\W*$",
    re.IGNORECASE,
)
#: Items of the last search's kind said to count as well: "adapter-based ones count", "multilingual ones are fine too"
#: ("ones" stands for the papers asked for before; the words before it qualify them).
_ONES_ALSO_COUNT = re.compile(rf"\bones\s+{_ALSO_QUALIFIES}(?:\s+(?:too|as\s+well))?\W*$", re.I)


#: A refinement that only qualifies what was asked, a phrase with no head of its own: "any others? especially for
#: CLIP-style models", "e.g. for deepfaked faces", "any others like that, for other languages?"; or, after a word that
#: narrows (not "show me more medical segmentation ones", which names its own kind), a phrase whose head is "ones",
#: which stands for the last search's items: "any more? especially audio-visual ones", "especially ones using
#: adapters", or a determiner standing for them: "esp. any that use LoRA" (not "esp. anything with EEG", a topic of its
#: own). Its head is the last search's topic.
_NARROWING = r"(?:e\.?\s?g\.?|esp\.?|especially|particularly|specifically|mainly|ideally|preferably)\W+"
_QUALIFIER = re.compile(
    rf"^\W*(?:{_NARROWING})*(?:for|in|with|on|from)\s|^\W*(?:{_NARROWING})+(?:(?:[\w-]+\s+){{0,3}}ones|any|those)"
    r"(?:\W*$|\s+(?:that|which|using|with|on|for|in|from|about|where)\b)",
    re.IGNORECASE,
)


def narrows_what_was_asked(clause: str) -> bool:
    """Does ``clause`` only narrow what the question before it asked, by a word that narrows ("esp ones where the
    source data isn't available", "especially for CLIP-style models"), with no head of its own (:data:`_QUALIFIER`)?
    ("In the TinyR1 paper, what tasks ...?" narrows nothing.)"""
    return re.match(rf"\W*{_NARROWING}", clause, re.I) is not None and _QUALIFIER.match(clause) is not None


def more_refinement(question: str) -> str | None:
    """If ``question`` asks for more papers than the conversation listed: what more to look for ("" when it says
    nothing of its own, as "any others?"), else ``None``. "any others? e.g. for deepfaked faces" looks for deepfaked
    faces; "any other papers on pretrained code models?" for papers on pretrained code models."""
    if asks_for_more(question):
        return ""
    # (after an acknowledgment: "cool. any other zero shot classification papers besides those two?")
    question = without_lead_in(_as_request(question))
    if (of := _MORE_OF.match(question)) is not None:
        rest = of.group(1)
    elif (on := _MORE_ON.match(question)) is not None and asks_for_more(on.group(1)) and not _TELLING.search(on[1]):
        rest = on.group(2)
    elif (end := _REQUEST_END.search(question)) is not None and (
        # (the request may set aside what was shown: "others beyond those two? specifically anything on task vectors")
        asks_for_more(request := question[: end.start()]) or more_refinement(request) == ""
    ):
        rest = question[end.end() :]
    elif (kind := _MORE_OF_A_KIND.match(question)) is not None and _names_a_kind(kind.group(1), kind.group(2)):
        rest = kind.group(1) + kind.group(3)
    elif (same := _MORE_DOING_THAT.match(question)) is not None and (
        # ... or only set aside what was shown: "are there any others beyond the ten you showed me first?"
        _SAME_AGAIN.match(same.group(1)) or _REFINEMENT_END.match(f" {same.group(1)}")
    ):
        return ""
    elif (that := _MORE_THAT.match(question)) is not None:
        rest = that.group(1)
    elif (remarked := _after_remarks(question)) is not None:
        return remarked
    else:
        return None
    rest = _REFINEMENT_END.split(rest, maxsplit=1)[0].strip()
    # (the request said again at the end: "more KD stuff for image models, can you dig up others")
    ends = [end for end in _REQUEST_END.finditer(rest) if asks_for_more(rest[end.end() :])]
    rest = rest[: ends[0].start()].strip() if ends else rest
    if _WAIVED.match(rest) or _SAME_AGAIN.match(rest) or not content_stems(rest):
        # (nothing of its own: "feels like there should be more on this" asks for more of the same)
        return ""
    # a request for more said again ("any others? surely there's more on X", "show me more, show me the rest")
    again = more_refinement(rest) if rest != question else None
    return rest if again is None else again


def _after_remarks(question: str) -> str | None:
    """What more to look for when a request for more closes remarks on the last answer: "hmm only two? i'd expect
    more on this, any others?" asks for more, as "any others?" does."""
    for end in _REQUEST_END.finditer(question):
        if remarks_only(question[: end.start()]) and (rest := more_refinement(question[end.end() :])) is not None:
            return rest
    return None


@dataclass
class FollowUp:
    """What a question refers to in the conversation.

    ``mode``: "ordinal" (one paper picked by position or name), "set" (the previous answer's
    papers, as in "which of those..."), "topic" (a question with no topic of its own, such as
    "what dataset does it use?", continues the previous question's topic), "more" (more answers to
    the previous question than its answer listed, or to what a request for more names, "any others? e.g. for
    deepfaked faces", then ``previous_question``: ``paper_ids`` are those already listed), or "none".
    """

    mode: FollowUpMode = "none"
    paper_ids: list[str] = field(default_factory=list)
    previous_question: str = ""
    own_question: str = ""
    #: An ordinal no earlier answer reaches ("the third one" after two papers), and the most any listed.
    missing_position: str = ""
    listed: int = 0
    #: Found by a pronoun rather than by "those", a place or a title: "subject" when the pronoun is the
    #: question's subject ("does that one test on ...?"), "loose" otherwise ("and their work on ...?"), which
    #: may point at no paper on the table in particular.
    pronoun: Literal["", "subject", "loose"] = ""
    #: The papers the conversation's last answer cited, whatever the question refers to (empty when it cited none).
    latest_papers: list[str] = field(default_factory=list)
    #: The conversation's latest question that picked no papers already shown: the topic the papers on the table
    #: were found for ("which of those use reinforcement learning?" picks among them; the question before it asked).
    conversation_topic: str = ""
    #: A request for more whose topic an earlier question of the conversation asked, every word of it ("any other MoE
    #: papers?" after "what's in here on mixture of experts models?"): an answer found the corpus answers it.
    asked_before: bool = False
    #: The papers are a list and the pages "show me more" added to it, the last answer one of those pages.
    with_pages: bool = False

    def longest_list(self) -> str:
        """What the earlier answers listed, said beside a place none of them reaches."""
        if self.listed == 0:
            return "none listed a paper"
        return f"the longest listed {self.listed} paper" + ("s" if self.listed != 1 else "")

    @property
    def answer_referred_to(self) -> str:
        """How an answer names the answer whose papers the question points at: the previous one, or an earlier one
        ("which of those ...?" after an answer about one paper points at the list before it)."""
        if self.with_pages:
            return "the list so far"
        earlier = bool(self.latest_papers) and set(self.paper_ids) != set(self.latest_papers)
        return "an earlier answer" if earlier else "the previous answer"


def conversation_topic(history: Sequence[dict[str, str]], has_own_topic: Callable[[str], bool]) -> str:
    """The latest question of the conversation that asked on a topic of its own, not by set or place among papers
    already shown (see FollowUp.conversation_topic)."""
    return _latest_asked(history, lambda q: not refers_by_set_or_place(q) and has_own_topic(strip_references(q))) or ""


def cited_papers_in(answer_text: str, find_titles: Callable[[str], list[tuple[int, str]]]) -> list[str]:
    """Paper ids in the order a previous answer presented them.

    Numbered citations win ("- **Title**: ... [2]"): the n-th cited paper is the n-th entry, and they are
    all the entries. Only an answer without markers (free prose) gives its titles in order of appearance.
    """
    found = find_titles(answer_text)  # (offset, paper_id), in order of appearance
    ordered: dict[int, str] = {}
    unnumbered: list[str] = []
    for offset, paper_id in found:
        line_end = answer_text.find("\n", offset)
        line = answer_text[offset : line_end if line_end >= 0 else None]
        marker = MARKER.search(line)
        number = int(re.findall(r"\d+", marker.group(1))[0]) if marker else None
        if number is not None and number not in ordered and paper_id not in ordered.values():
            ordered[number] = paper_id
        elif paper_id not in unnumbered:
            unnumbered.append(paper_id)
    # With numbered citations, those are the answer's entries; a title-like phrase in its prose ("pre-trained
    # models of source code" matching a paper titled "Pre-Trained Models") is not one, nor "the last" of them.
    return [ordered[n] for n in sorted(ordered)] or unnumbered


def resolve_follow_up(
    question: str,
    history: Sequence[dict[str, str]],
    find_titles: Callable[[str], list[tuple[int, str]]],
    has_own_topic: Callable[[str], bool],
    abstract_of: Callable[[str], str] | None = None,
    known_short_form: Callable[[str], bool] = lambda short: False,
) -> FollowUp:
    """Decide whom ``question`` refers to. A pronoun alone does not make a follow-up: a question with a
    topic of its own ("which papers study MoE routing and their cost?") is searched across the corpus.
    ``abstract_of`` (paper id -> abstract) lets a paper be described by a word only its abstract writes, and
    ``known_short_form`` tells a short form the corpus uses ("RAG"), which names a kind, from one a title's words
    make ("the ORKG one")."""
    if not history:
        return FollowUp()
    # The papers a reference points to are those of the latest answer that listed any: after "Summarise
    # the second one" was refused, "which of them..." still means the list before it.
    answered = _answered_turns(history, find_titles)
    latest = answered[0][1] if answered and answered[0][2] == _last(history, "assistant") else []
    if opens_new_subject(question):
        # "different topic - MoE inside multimodal LLMs, does it actually cut compute?": "it" is the new subject
        return FollowUp("none", [], _last(history, "user"), strip_references(question), latest_papers=latest)
    # An acknowledgment or an opener refers to nothing: "nice. did they build their own dataset for it?" is read as
    # "did they build their own dataset for it?" ("ok which are about audio then" keeps its "ok", which says the
    # question goes on from the last answer)
    if not _ELLIPTIC_SET.search(question):
        question = without_lead_in(question) or question
    # (the answers as given, newest first: an answer picked by its place, "your first answer", counts in this order
    # whatever the rules below put first)
    given = [(asked, papers) for asked, papers, _ in answered]
    sizes = _sizes_named(question)
    if listed_sizes := [size for size in sizes if any(len(papers) == size for _, papers in given)]:
        # (the papers of a list named by its size, called one by one in brackets, are that list: the list is asked)
        question = _without_roll_call(question, listed_sizes)
    back = _BACK_TO.search(question)
    if back and (
        _ANSWER_AT.search(back.group(0)) or _ORDINAL.search(back[1]) or _ONE_PAPER_NAMED.search(back.group(0))
    ):
        # "go back to the second paper in your first answer - ...", "going back to the 5 u listed at first - ...": the
        # words name their paper or answer themselves; "going back to the personal memory paper - how do they model
        # ...?": one paper described, not a list. The words stay in the question, to pick what they name; the words
        # of returning go ("back" is no topic). (The answer is named with the word the returning words end on: "the
        # bangla KG paper from your first list")
        question = question[: back.start()] + question[back.start() :].replace(_lead_back(back.group(0)), " ", 1)
        back = None
    if answered and back:
        # "back to the MoE papers - which one is newest?": the earlier list the words name, not the latest.
        named_list = content_stems(back.group(1))
        # Named by the question's words or the answer's ("the MoE papers" after "mixture-of-experts models").
        overlap = [len(named_list & content_stems(f"{asked}\n{answer}")) for asked, _, answer in answered]
        searched = [
            i
            for i, (asked, papers, _) in enumerate(answered)
            if i and len(papers) > 1 and not refers_to_conversation(asked)
        ]
        placed = _answer_at(_PLACED_ANSWER.search(back.group(0)), len(answered))
        if placed is not None and not sizes:
            # "back to your very first answer: the 2nd paper there": the answer its place names, whatever its words
            answered = [answered[placed], *answered[:placed], *answered[placed + 1 :]]
        elif (max(overlap) > 0 or searched) and not sizes:
            # ... or, naming none ("going back to the full list"), the latest list a search of its own gave before the
            # latest answer: "back" is before what the conversation narrowed it to since. (A list named by its size,
            # "back to the list of six", is the one of that size: below.)
            best = overlap.index(max(overlap)) if max(overlap) > 0 else searched[0]
            answered = [answered[best], *answered[:best], *answered[best + 1 :]]
        question = (question[: back.start()] + " " + question[back.end() :]).strip(" -–—:,;")
    if answered and sizes and len(answered[0][1]) not in sizes:
        # "the first one in that list of five": the latest answer that listed five, not the latest answer
        sized = [i for i, (_, papers, _) in enumerate(answered) if len(papers) in sizes]
        if sized:
            answered = [answered[sized[0]], *(turn for i, turn in enumerate(answered) if i != sized[0])]
        elif (paged := _paged_list(answered, sizes)) is not None:
            # "which of those five ...?" after three papers and "show me more" gave two: the five shown together
            answered = [paged, *answered]
    turns = [(asked, papers) for asked, papers, _ in answered]
    # (a place counts in the answer that shows it, whose numbers it gives; a set is the whole list it paged through)
    whole_lists = _with_earlier_pages(turns)
    previous, papers = whole_lists[0] if whole_lists else (_last_asked(history, has_own_topic), [])
    if turns and (in_chat := _IN_THE_CHAT.search(question)):
        # "the very first paper you gave me in this chat": a place among every paper listed, in the order shown
        shown = _papers_shown(turns)
        rest = question[: in_chat.start()] + " " + question[in_chat.end() :]
        if places := _places(rest, len(shown)):
            first_shown = next(asked for asked, cited in reversed(turns) if shown[places[0] - 1] in cited)
            return FollowUp(
                "ordinal", [shown[p - 1] for p in places], first_shown, strip_references(rest), latest_papers=latest
            )
    own = strip_references(question)
    asked_last = _last(history, "user")
    # The last question searched on its own and found nothing to list: more of it is that search again.
    searched_in_vain = (
        bool(asked_last)
        and not (given and given[0][0] == asked_last)
        and not asks_for_more(asked_last)
        # (a change of subject is a search of its own, whatever its pronouns: "switching topics - X? does it ...?")
        and (opens_new_subject(asked_last) or not refers_to_conversation(asked_last))
    )
    if _ALL_SHOWN.search(question) and turns and refers_to_conversation(question):
        # "Of all the papers you've mentioned so far, which ones are set in a video game?": every paper listed
        shown_all = _papers_shown(turns)
        return FollowUp("set", shown_all, previous, own, latest_papers=latest)
    # (a request for more names the answer it goes beyond, picking nothing from it: "any more ... papers you left out
    # of the first list?")
    if (at := _ANSWER_AT.search(question)) and turns and more_refinement(question) is None:
        # "Which of the papers from your first answer have a code link?": that answer's papers (turns run newest
        # first); an answer that listed none leaves the question to the rules below
        index = _answer_at(at, len(given))
        if index is not None and (picked := given[index])[1]:
            asked, listed = picked
            # "the second one from your first answer": that place in that answer
            rest = _ANSWER_AT.sub(" ", question)
            if places := _places(rest, len(listed)):
                return FollowUp("ordinal", [listed[p - 1] for p in places], asked, own, latest_papers=latest)
            # "the other one from your first answer": the one of its pair the answers since were not about
            if _THE_OTHER.search(rest) and (other := _the_other(turns[0][1], listed)):
                return FollowUp("ordinal", other, asked, own, latest_papers=latest)
            # ... or along the whole list, when that answer was a page of more that it does not reach: "the second
            # paper in your earlier list", after a list of two and a page of one more, is the list's second
            paged_asked, paged = _with_earlier_pages(given)[index]
            if len(paged) > len(listed) and (places := _places(rest, len(paged))):
                return FollowUp("ordinal", [paged[p - 1] for p in places], paged_asked, own, latest_papers=latest)
            # "the bangla KG paper from your first list": the one paper of that answer the asking sentence's words
            # describe ("I meant MoRE, never mind. out of the five papers from your first answer, do any ...?" names
            # MoRE in a remark)
            asking = rest[asking_sentence_start(rest) :]
            described = _described(
                asking, history, find_titles, abstract_of=abstract_of, known_short_form=known_short_form
            )
            picked_out = {pid for _, pid in [*find_titles(asking), *described] if pid in listed}
            if len(picked_out) == 1:
                return FollowUp("ordinal", [*picked_out], asked, own, latest_papers=latest)
            # a place that answer does not reach ("the third one on your first list", which had two) is said to be
            # missing
            missing = next((m.group(0).strip() for m in (_ORDINAL_RANGE.search(rest), _ORDINAL.search(rest)) if m), "")
            # (that answer's papers are then what the question asks about, each of them)
            mode = "ordinal" if missing else "set"
            return FollowUp(
                mode, listed, asked, own, latest_papers=latest, missing_position=missing, listed=len(listed)
            )
    refinement = more_refinement(question)
    # (a refinement that only qualifies what was asked is searched with it, below)
    qualifies = refinement is not None and (
        _QUALIFIER.match(refinement) is not None or _ONES_ALSO_COUNT.search(question) is not None
    )
    if refinement and not qualifies and has_own_topic(own_refinement := strip_references(refinement)):
        # "any others? e.g. for deepfaked faces": more papers of the kind it names, none the conversation has shown
        shown = list(dict.fromkeys(pid for _, cited in turns for pid in cited))
        return FollowUp("more", shown, own_refinement, own_refinement, latest_papers=latest)
    asks_more = refinement is not None  # ... or of the last search ("any others? doesn't have to be Estonian")
    if asks_more and searched_in_vain:
        return FollowUp("more", [], asked_last, "")
    if (
        searched_in_vain
        and opens_new_subject(asked_last)
        and _WEAK_REFERENCE.search(question)
        and not refers_by_set_or_place(question)
        and not find_titles(question)
        # a fact asked of it, or nothing of its own ("what about MoE in multimodal LLMs, how do they route tokens?"
        # asks for papers on a topic of its own)
        and (attribute_of(question) is not None or not has_own_topic(own))
    ):
        # "switching topics - anything on X?" found nothing; "what resolution does it generate at?" is about X, not
        # a paper listed before the subject changed: both questions are searched together
        return FollowUp("topic", [], asked_last, own, latest_papers=latest)
    if turns and asks_more:
        # More answers to the last question that searched on its own: every paper listed since is shown.
        listed: list[str] = []
        # (the conversation's first question refers to no conversation, whatever its words: "... how people did that?")
        first_asked = next((m.get("content", "") for m in history if m.get("role") == "user"), "")
        for asked, cited in turns:
            listed += [p for p in cited if p not in listed]
            searched_alone = opens_new_subject(asked) or not refers_to_conversation(asked) or asked == first_asked
            # (a fact asked of a paper by its title lists nothing more could extend: "in Cross the Gap, by how many
            # mAP points ...?" then "any other papers on that image/text embedding gap?" asks for more of the list
            # before it)
            of_a_titled_paper = asked != first_asked and bool(find_titles(asked)) and attribute_of(asked) is not None
            if not asks_for_more(asked) and searched_alone and not of_a_titled_paper:
                # The last search of its own; follow-ups since ("which of those ...", "summarise the
                # third one") only showed papers it had found. (A change of subject is a search of its own, whatever
                # its pronouns: "Different question: what benchmarks exist for X, and what do their results show?")
                return FollowUp("more", listed, f"{asked} {refinement}" if qualifies else asked, "")
    # Papers of the conversation the question names: by title or name ("the CLIP-CID paper"), or by words of
    # one listed title alone ("the ASR rescoring paper" for "Speech Recognition Rescoring with ...").
    titled = find_titles(question)
    described = _described(
        question,
        history,
        find_titles,
        named_by_title=bool(titled),
        abstract_of=abstract_of,
        known_short_form=known_short_form,
    )
    places_named = sorted([*titled, *described])
    # A paper the asking sentence names comes before one a remark before it names: "the I2P one says 2D in the title.
    # anyway - whats ULIP-2's scanobjectnn number?" asks about ULIP-2.
    asking = asking_sentence_start(question)
    named = list(dict.fromkeys(pid for _, pid in sorted(places_named, key=lambda place: (place[0] < asking, place[0]))))
    # a paper described by words of a title listed earlier in the chat is on the table, if not in the last answer
    on_the_table = set(papers) | {pid for _, pid in described}
    matches = [*_ORDINAL_RANGE.finditer(question), *_ORDINAL.finditer(question)]
    if turns and (compared := _compared(question, turns, named, has_own_topic)):
        return FollowUp("ordinal", compared, previous, own)
    compares = intent_of(question).kind == "compare"
    # a comparison may name one side by its title and describe the other ("Compare PartDistill and the sound-based
    # one"): a title names its paper wherever it was listed
    named_here = on_the_table | ({pid for _, pid in titled} if compares and set(named) & on_the_table else set())
    if named and set(named) <= named_here and not (matches and (compares or not titled)):
        if (
            not compares
            and len(named) > 1
            and (picking := _SET_REFERENCE.search(question))
            and picking.start() < min(place for place, _ in places_named)
        ):
            # "did either of those two (GBT-SAM, UniT) use ultrasound images?": the names say which papers the set
            # reference before them means, each judged on its evidence as "which of those" is (on the rest of the
            # question: the names in brackets are no restriction)
            unnamed = re.sub(r"\s*\(([^()]*)\)", lambda aside: "" if find_titles(aside[1]) else aside[0], own)
            return FollowUp("set", named, previous, unnamed)
        # "Compare SpeechGPT and the ASR rescoring paper": both; "what does the DiffKG one do?": that one. (With a
        # place as well, words of a title alone point at nothing: "the fifth one: what's the student model?" asks
        # the fifth paper's student model, not about "Student-Friendly Knowledge Distillation".)
        # "what benchmarks do I2P-MAE and GeoMIM report?": every paper the asking sentence names joined to the first
        # is asked (not one it is measured against: "how many params does ScaLearn use relative to AdapterFusion?")
        in_asking = [(place, pid) for place, pid in sorted(places_named) if place >= asking]
        joined = [pid for i, (place, pid) in enumerate(in_asking) if i == 0 or _JOINED_NAME.search(question[:place])]
        asked_by_name = list(dict.fromkeys(joined))
        picked = named[:2] if compares else asked_by_name if len(asked_by_name) > 1 else named[:1]
        return FollowUp("ordinal", picked, previous, own)
    # A set reference after every title the question writes, in the same sentence, refers to those titles: "what
    # about LangCell or BioBridge, are those in here?" (not "the cf039 one, '<title>'. never mind. across all these
    # KG completion papers, ...")
    reference = _SET_REFERENCE.search(question)
    last_title = max((p for p, _ in titled), default=-1)
    refers_to_its_titles = (
        reference is not None
        and 0 <= last_title < reference.start()
        and not SENTENCE_BREAK.search(question[last_title : reference.start()])
    )
    if named and not set(named) & on_the_table and not matches and (reference is None or refers_to_its_titles):
        # "How big is KdConv and what domains does it cover?": the question names its own paper, which is what "it"
        # refers to, not the papers on the table
        return FollowUp("none", [], previous, own, latest_papers=latest)
    if turns and not named and _THE_OTHER.search(question):
        # "... which of those uses SAM?" answered with one of two, then "and the other one, how does it ...?": the
        # one left of the latest list that holds the paper in focus (the latest answer's)
        for asked, listed in turns[1:]:
            if len(listed) > 1 and set(listed) & set(turns[0][1]):
                if other := _the_other(turns[0][1], listed):
                    return FollowUp("ordinal", other, asked, own, latest_papers=latest)
                break
    if matches and not turns:
        # "the first one you mentioned, what did it do?" after answers that cited no paper (a refusal shows its
        # closest papers as sources, not as answers): no place is reached, which the answer says
        follow = _by_reference(question, turns, previous, papers, own, has_own_topic)
        return replace(follow, missing_position=matches[0].group(0).strip(), listed=0, latest_papers=latest)
    if turns and matches:
        # "The second one" is in the latest answer that had a second paper; "the last one" in the latest;
        # "compare the first and the third" (or "the first two") picks both from the one answer that has them.
        # A place counts in a list: an answer about one paper lists nothing ("the first one you listed", asked
        # after "Of those, 1 matches", is the first of the list before), unless no answer lists more.
        # ("that last paper" is the one shown last, though the latest answer showed that one alone: after "none of
        # those ... elsewhere, this paper does", it is the paper just offered)
        just_shown = bool(_THAT_LAST.search(question))
        lists = ([] if just_shown else [(asked, listed) for asked, listed in turns if len(listed) > 1]) or turns
        for asked, listed in lists:
            if places := _places(question, len(listed)):
                picked = [(matches[0].start(), listed[p - 1]) for p in places]
                if intent_of(question).kind == "compare":  # "Compare SpeechGPT and the first one"
                    picked = sorted([*places_named, *picked], key=lambda place: place[0])  # (stable: places keep order)
                # places picked among with a verb straight after ("which of the first four report WER?") are a set
                # to restrict, as "which of those" is. (A range before a comma, "of the last three, which were tried
                # on a real robot?", stays the papers asked about, as it was: read as a set, the scoped judge found
                # none of three robot papers tried on one and said so, on a dev row whose answer held two.)
                mode = "set" if any(m.re is _ORDINAL_RANGE and m.group(3) for m in matches) else "ordinal"
                return FollowUp(mode, list(dict.fromkeys(pid for _, pid in picked)), asked, own)
        # No answer reaches that position: say so, and read the question as if it picked none.
        follow = _by_reference(question, turns, previous, papers, own, has_own_topic)
        return replace(
            follow,
            missing_position=matches[0].group(0).strip(),
            listed=max(len(p) for _, p in turns),
            latest_papers=latest,
        )
    follow = _by_reference(question, whole_lists, previous, papers, own, has_own_topic)
    paged = bool(turns) and follow.paper_ids == papers and len(papers) > len(turns[0][1])
    return replace(follow, latest_papers=latest, with_pages=paged)


#: The paper shown last, pointed at: "that last paper", "this last one".
_THAT_LAST = re.compile(r"\b(?:that|this)\s+last\s+(?:one|paper|work|study|article)\b", re.IGNORECASE)
#: The one paper of a pair that the conversation has not just been about: "and the other one, how does it ...?"
_THE_OTHER = re.compile(r"\bthe\s+other\s+(?:one|paper|work|study|article)\b(?!\s+(?:on|about)\b)", re.IGNORECASE)


def _the_other(in_focus: Collection[str], listed: Sequence[str]) -> list[str]:
    """The paper of ``listed`` that "the other one" means: the one left when the papers in focus, those the latest
    answer was about, are set aside; none when the list does not hold them or more than one is left."""
    rest = [pid for pid in listed if pid not in in_focus]
    return rest if len(rest) == 1 and len(rest) < len(listed) else []


#: A paper referred to by words of its title: "the ASR rescoring paper", "the DiffKG one".
_DESCRIBED = re.compile(
    # (words joined by slashes or plus signs are one description: "the connect/collapse/corrupt one", "the xray+ECG
    # one")
    r"\bthe\s+((?:[\w/+-]+\s+){0,3}?[\w/+-]+)\s+(?:paper|one|work|study|article|method|model)\b",
    re.IGNORECASE,
)


#: A word that is no part of a description: an article, a conjunction or a preposition.
_FUNCTION_WORD = r"(?:the|a|an|and|or|of|to|from|with|for|in|on)\b"
#: ... or pointed at: "for that sparse fine-tuning paper, ...", "That EEG pathology transfer paper: ...". Only where
#: a noun phrase may open (not "a paper that takes one ...", a clause about the noun before it).
_POINTED_AT = re.compile(
    r"(?:^|(?<=[,.;:!?(\u2013\u2014-])\s*|\b(?:for|in|of|on|about|from|with|and|to|by|at|did|does|do|is|was|were|are|"
    r"has|have|had|so|but|then|also)\s+)(?:that|this)\s+"
    rf"((?:(?!{_FUNCTION_WORD})[\w/+-]+\s+){{0,3}}?(?!{_FUNCTION_WORD})[\w/+-]+)\s+(?:paper|one|study|article)\b",
    re.IGNORECASE,
)


#: ... or by what it is on, after the noun: "(the one on information transfer in MTL)", "the paper about X -", or by
#: what it does to what: "the paper comparing merging with ensembling," (the verb is how the paper treats its
#: subject, which its abstract may say in other words: "connections between model merging and model ensembling").
_DESCRIBED_AFTER = re.compile(
    r"\bthe\s+(?:paper|one|work|study|article)\s+(?:on|about|(?:that|which)\s+[a-z]+|[a-z]+(?:ing|ed))\s+"
    r"((?:[\w-]+\s+){0,5}?[\w-]+)(?=\s*(?:[),;:?]|\s[-\u2013\u2014]\s|$))",
    re.IGNORECASE,
)


def _descriptions(question: str) -> list[re.Match[str]]:
    """Where the question describes a paper by words of its title, in order (places aside); group 1 holds them."""
    found = [*_DESCRIBED.finditer(question), *_POINTED_AT.finditer(question), *_DESCRIBED_AFTER.finditer(question)]
    # (a count alone describes no paper: "do any of the three work with video?" names the list of three)
    described = (m for m in found if not _ORDINAL.search(m.group(0)) and not _only_a_count(m.group(1)))
    return sorted(described, key=lambda m: m.start())


def _only_a_count(words: str) -> bool:
    """Are the words a number and nothing else ("three", "3")?"""
    return all(word.isdigit() or word.lower() in NUMBER_WORDS for word in words.split())


def described_papers(question: str) -> list[str]:
    """The words a question describes papers by: "the deep boosting one" -> "deep boosting", "the one on
    information transfer in MTL" -> "information transfer in MTL" (places aside)."""
    return [m.group(1) for m in _descriptions(question)]


def described_after_the_noun(question: str) -> list[str]:
    """Those of :func:`described_papers` written after their noun ("the one that goes from pictures to sound"): what
    the paper does or is about, in the user's words more often than in its own."""
    return [m.group(1) for m in _DESCRIBED_AFTER.finditer(question) if not _ORDINAL.search(m.group(0))]


#: A question picking among the papers on the table: "which of those ...", "which ones ...", "do any of those ...",
#: "does either of them ...".
_PICKS_AMONG = re.compile(r"\b(?:which\s+(?:of\b|ones?\b)|(?:any|either|neither|none)\s+of\b)", re.IGNORECASE)
#: A definite noun of one word ("the mapper"), not the first part of a compound ("the gene-network one").
_THE_WORD = re.compile(r"\bthe\s+([A-Za-z]\w{3,})\b(?!-)", re.IGNORECASE)


#: A description naming the paper itself ("the adapter one", "the probing paper"), not a thing inside it ("the
#: pretrained model").
_ONE_OR_PAPER = re.compile(r"\b(?:one|paper|work|study|article)$", re.IGNORECASE)


#: The second part of a compound that says how its first part is used, not what it is: "Mamba-based", "CLIP-style".
_HOW_USED = rf"(?:based|{LIKENESS_WORDS}|driven|powered|guided|related|oriented|aware|specific|centric|free)"


#: A hyphen inside a word: "X-Rays" is the word "xrays" written in two parts.
_INNER_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")


def _writes(word: str, text: str) -> bool:
    """Does ``text`` write ``word`` as written, or a plural of it, hyphenated or not ("xray" in "X-Rays"); for
    "X-based" or "X-style", X?"""
    head = re.sub(rf"-{_HOW_USED}$", "", word, flags=re.I)
    return any(
        re.search(rf"(?<![\w-]){re.escape(w)}s?(?![\w-])", written, re.I)
        for w in {word, head}
        for written in (text, _INNER_HYPHEN.sub("", text))
    )


#: A word glued to an acronym in one name: "SpatialVLA", "SpikeGPT", "DeeCLIP" (not "LLaVA": its capitals are no word).
_WORD_AND_ACRONYM = re.compile(r"([A-Z][a-z]{2,})([A-Z]{2,}\d*)")


def _compound_name_parts(title: str) -> set[str]:
    """The parts of a compound name a title gives its paper ("V2A-Mapper" -> v2a, mapper; "SpatialVLA" -> spatial,
    vla); none for a one-word name (the whole name is found as a title is)."""
    pieces = [p for p in re.split(r"[-\s]+", title_name(title)) if p]
    glued = [_WORD_AND_ACRONYM.fullmatch(p) for p in pieces]
    parts = [q.lower() for p, m in zip(pieces, glued, strict=True) for q in (m.groups() if m else (p,))]
    return set(parts) if len(parts) > 1 else set()


def _described(
    question: str,
    history: Sequence[dict[str, str]],
    find_titles: Callable[[str], list[tuple[int, str]]],
    named_by_title: bool = False,
    abstract_of: Callable[[str], str] | None = None,
    known_short_form: Callable[[str], bool] = lambda short: False,
) -> list[tuple[int, str]]:
    """(offset, paper id) of each paper the question refers to by words only one listed title has. Acronyms are
    not required ("ASR" is how the title's "Speech Recognition" is said), and places are read elsewhere. A part of
    a compound name is read only where nothing else names a paper (``named_by_title``: the question writes a
    title or name)."""
    titles: dict[str, str] = {}
    for message in history:
        if message.get("role") == "assistant":
            for label in re.findall(r"\*\*(.+?)\*\*", message.get("content") or ""):
                for _, pid in find_titles(label)[:1]:
                    titles.setdefault(pid, label)
    found = []
    for match in _descriptions(question):
        words = [w for w in WORD.findall(match.group(1)) if not w.isupper()]
        # a compound's parts, as a title writes them apart: "the eight-cancer CT model" is "... Eight Major Cancers"
        stems = {s for s in content_stems(" ".join(words)) if "-" not in s}
        hits = [pid for pid, title in titles.items() if stems and stems <= content_stems(title)]
        by_abstract = (
            not named_by_title
            and abstract_of is not None
            and bool(_ONE_OR_PAPER.search(match.group(0)) or match.re is _DESCRIBED_AFTER)
        )
        written = [w for w in WORD.findall(match.group(1).lower()) if w not in STOP_WORDS]
        if len(hits) != 1 and by_abstract and written:
            # "the adapter one" for a listed paper whose title does not say so, where nothing else names a paper:
            # the one whose abstract writes each word, as written (a stem would take "adapt" of "adapted" for
            # "adapter"); "the pretrained model" is a thing of the papers, not one described. Among several
            # listed titles holding the words, too: "the mamba-based emotion one", of two emotion papers. Its
            # acronyms too: "the original RAG paper" is not a listed paper whose abstract writes "original".
            hits = [
                pid for pid in (hits or titles) if all(_writes(w, f"{titles[pid]} {abstract_of(pid)}") for w in written)
            ]
        if len(hits) != 1 and len(written) == 1:
            # "the VLA one": a part of the compound name one listed title gives its paper ("SpatialVLA: ...")
            hits = [pid for pid, title in titles.items() if written[0] in _compound_name_parts(title)]
        acronyms = re.findall(r"\b[A-Z][A-Z0-9]{2,}s?\b", match.group(1))
        if len(hits) != 1 and acronyms and not any(map(known_short_form, acronyms)):
            # "the ORKG one": the initials of words one listed title writes in a row ("... in the Open Research
            # Knowledge Graph"), a short form the corpus does not use ("the original RAG paper" is on a kind)
            hits = [pid for pid, title in titles.items() if all(_spelled_out(a, title) for a in acronyms)]
        if len(hits) == 1:
            found.append((match.start(), hits[0]))
    if found or named_by_title or _PICKS_AMONG.search(question):
        # ("which of those let you write the prompt in other languages?" picks among the papers by what they do;
        # "the prompt" is a thing each may handle, not PromptGen)
        return found
    # "the mapper" for V2A-Mapper, where nothing else names a paper: a part of a compound name one listed title
    # gives its paper
    for match in _THE_WORD.finditer(question):
        after = question[match.end() :].split()
        # the noun closes its phrase: at the end, before the clause's last word ("... the mapper take?"), a function
        # word or punctuation; a phrase going on ("the CLIP papers", "the PEFT benchmark paper") names no part alone
        closes_its_phrase = len(after) <= 1 or after[0].lower() in FUNCTION_WORDS or not after[0][0].isalnum()
        if not closes_its_phrase:
            continue
        hits = [pid for pid, title in titles.items() if match.group(1).lower() in _compound_name_parts(title)]
        if len(hits) == 1:
            found.append((match.start(), hits[0]))
    return found


def _spelled_out(short: str, title: str) -> bool:
    """Are the letters of ``short`` the initials of words ``title`` writes in a row ("ORKG": "Open Research Knowledge
    Graph"; a plural's "s" aside: "LLMs")?"""
    letters = short[:-1] if short.endswith("s") and short[-2:-1].isupper() else short
    initials = "".join(word[0] for word in re.findall(r"[A-Za-z0-9]+", title)).lower()
    return letters.lower() in initials


def _compared(
    question: str, turns: list[tuple[str, list[str]]], named: list[str], has_own_topic: Callable[[str], bool]
) -> list[str]:
    """The papers a comparison that refers back means, or none when it is no such comparison.

    "compare them" / "how do they compare?" after a list: every paper it listed; after answers of one paper
    each ("tell me about MOS", "and SLCA?"), the papers of those answers. "compare it with Uni-MoE": the
    paper the conversation is on, and the one the question names. Places ("compare the first two") are
    read as places, elsewhere.
    """
    if intent_of(question).kind != "compare" or _ORDINAL.search(question) or _ORDINAL_RANGE.search(question):
        return []
    if not (_SET_REFERENCE.search(question) or _WEAK_REFERENCE.search(question) or _BOTH.search(question)):
        return []
    latest = turns[0][1]
    fresh = [pid for pid in named if pid not in latest]
    if fresh and len(named) >= 2:
        # "How do CONVERT and AGCLA differ in how they build augmentations?": the two it names, whatever is on the
        # table ("they" is the two)
        return named
    if fresh:
        # "compare it with X": the paper on the table, and X. "Compare MOS and ADAM - how do they use adapters?"
        # names both sides ("they" is the two), though only one is a title the resolver knows.
        singular = not re.search(r"\b(?:they|them|their|both)\b", question, re.I)
        return [*latest[:1], *fresh] if len(latest) == 1 and singular else []
    if has_own_topic(strip_references(_BOTH.sub(" ", question))):  # ("the two" is a reference too)
        return []  # "how do they compare on robustness?" asks the papers something: a follow-up as any other
    if len(latest) >= 2:
        return list(latest)
    singles: list[str] = []
    for _, cited in turns:
        if len(cited) != 1:
            break
        singles += [pid for pid in cited if pid not in singles]
    return singles if len(singles) >= 2 else []


#: A pronoun holding papers: "do they also have anything on X?", "do you have papers on Y?".
_ASKS_THE_COLLECTION = re.compile(
    r"\b(?:do|does|did|will|would)\s+(?:they|you|it)\s+(?:also\s+|even\s+)?(?:have|has|hold|include|contain)\s+"
    r"(?:any(?:thing)?|some(?:thing)?|papers?|work|research|studies|stuff|more)\b",
    re.I,
)
#: "both", "the two", "these two": the papers just discussed, for a comparison.
_BOTH = re.compile(r"\b(?:both|the two|these two|those two)\b", re.IGNORECASE)


def _by_reference(
    question: str,
    turns: list[tuple[str, list[str]]],
    previous: str,
    papers: list[str],
    own: str,
    has_own_topic: Callable[[str], bool],
) -> FollowUp:
    """Whom a question that picks no paper by position refers to: a set, one paper, a topic, or none."""
    if _ASKS_THE_COLLECTION.search(question):
        # "Do they also have anything on spiking neural networks?": papers hold no papers; "they" is whoever keeps
        # the collection, and the question a search of all of it
        return FollowUp("none", [], previous, own)
    refers_to_a_set = bool(_SET_REFERENCE.search(question) or _ELLIPTIC_SET.search(question))
    # "Which of those use LoRA?" answered with one paper: a further "which of those" narrows that one, not the list;
    # but one paper cannot be ordered ("Which of them has the biggest author list?"): the list it came from can
    # A restriction joined to the last one by "and" is asked beside it, of the same papers: "which of those use ECG
    # data?" answered with one, "and which of them were evaluated on brain MRI?" still asks the list.
    narrowed_to_one = (
        len(papers) == 1
        and bool(_SET_REFERENCE.search(previous))
        and parse_filters(question, None)[0].sort is None
        and not _JOINED.match(question)
    )
    # "unrelated - can LLMs play chess?" answered with one paper: a search of its own, so "what other games did they
    # try?" asks its authors, not the list before the change of subject
    searched_anew = (
        bool(turns)
        and not refers_to_a_set  # ("which of them ..." picks among several: the list before)
        and len(papers) == 1
        and papers == turns[0][1]
        and (opens_new_subject(turns[0][0]) or not refers_to_conversation(turns[0][0]))
    )
    # "what GPU did they train it on?" after an answer about one paper: "it" is that paper, "they" its authors
    authors_of_the_one = len(papers) == 1 and bool(_IT.search(question)) and not refers_to_a_set
    # ... and so after the user picked that paper by its place: "tell me more about the third one", then "whats the
    # name of the benchmark they introduce?" asks a fact of the paper picked, not of the list it was picked from
    picked_by_place = (
        bool(turns)
        and not refers_to_a_set
        and len(papers) == 1
        and papers == turns[0][1]
        and bool(_ORDINAL.search(turns[0][0]))
        and attribute_of(question) is not None
    )
    if (
        _PLURAL_REFERENCE.search(question)
        and not (narrowed_to_one or searched_anew or authors_of_the_one or picked_by_place)
    ) or (refers_to_a_set and not papers):
        # "Which of them...", "do they...": the latest answer that listed several papers, not one summarised;
        # "which of those build on CLIP?" after "none of those handles audio": the latest list there is.
        previous, papers = next(((q, p) for q, p in turns if len(p) > 1), (previous, papers))
    closing = _SET_CLOSING_A_REQUEST.search(question)
    if refers_to_a_set and closing and has_own_topic(strip_references(question[: closing.start()])):
        # "what about bots that help you book a restaurant - which papers work on those?": "those" are what the
        # message names before it, not the papers on the table
        return FollowUp("none", [], previous, own)
    if refers_to_a_set:
        if papers:
            return FollowUp("set", papers, previous, own)
        if previous:
            # "which of those use GANs?" after an answer that listed nothing: the papers the last question asked
            # for, searched for with both questions' words.
            return FollowUp("topic", [], previous, own)
    weak = _WEAK_REFERENCE.search(question)
    if weak and _names_a_new_topic(question, weak, own, has_own_topic):
        return FollowUp("none", [], previous, own)
    if weak and _asked_apart(question, weak, has_own_topic):
        # "what about their use for source code — which papers work with pretrained code models?": a clause of its
        # own asks for papers on its own topic, so the loose pronoun beside it restricts nothing
        return FollowUp("none", [], previous, own)
    if weak and _introduced_before(question[: weak.start()], has_own_topic):
        # "is there a paper on generating sound from images? what models does it build on?": "it" is the paper
        # the message itself asks for, not the one on the table
        return FollowUp("none", [], previous, own)
    if weak and _closes(question, weak) and _stated_before(question, weak, has_own_topic):
        # "I'm drafting a grant about Norwegian NLP - is there anything on it in here?": papers asked for on "it",
        # which the message's own statement before names
        return FollowUp("none", [], previous, own)
    if weak and (
        not has_own_topic(own) or _inverted_subject(question, weak) or not _antecedent_before(question[: weak.start()])
    ):
        # "does that one test on ...?", "do they handle ...?": the pronoun is the subject, so it is those papers
        # the question asks about; "and their work on ...?", "its stuff on ...?" may point nowhere in particular.
        # (With a question that names its own topic, the engine weighs their evidence: see FollowUp.pronoun.)
        pronoun = "subject" if _is_subject(question, weak) or _closes(question, weak) else "loose"
        if len(papers) > 1 and weak.group(1).lower() in ("it", "its", "this", "that"):
            # "What does it say about compressing code models?" after a list of eight: "it" (or "that") agrees with
            # none of them (it is the collection, if anything), so it picks no paper on the table
            pronoun = "loose"
        if len(papers) == 1:
            return FollowUp("ordinal", papers, previous, own, pronoun=pronoun)
        return FollowUp("topic", papers, previous, own, pronoun=pronoun)
    if papers and asks_only_for_a_fact(own):
        # "What was the accuracy before and after?", "how many parameters?": a fact asked of nothing the question
        # names is asked of the papers on the table, as "what was its accuracy?" would be.
        return FollowUp("ordinal" if len(papers) == 1 else "topic", papers, previous, own, pronoun="subject")
    return FollowUp("none", [], previous, own)


#: A request for papers closing on a set reference, as the object of its verb: "which papers work on those?", or of
#: what the collection holds: "what do you have on those?", "anything about them?".
_SET_CLOSING_A_REQUEST = re.compile(
    r"\b(?:which|what|any)\s+(?:papers?|works?|studies)\b[^?.!]*?\b(?:those|these|them)\s*[?.!]*\s*$"
    # (within its own clause: "what about MoE models, what do you have on those?" closes on the second request)
    r"|\b(?:what|anything)\b(?:(?!\b(?:what|which|any)\b)[^?.!,;])*?\b(?:on|about|regarding)\s+(?:those|these|them)"
    r"\s*[?.!]*\s*$",
    re.I,
)
#: A question joined to the one before it: "and which of them ...", "also, do any of those ...".
_JOINED = re.compile(r"^\W*(?:and|also|plus)\b", re.I)
#: A pronoun for one thing: "it", "its".
_IT = re.compile(r"\b(?:it|its)\b", re.I)
#: Words before a pronoun that make it the subject: "is it", "do they", "did it take".
_SUBJECT_BEFORE = frozenset("is are was were do does did can could will would has have had should may might".split())


def _names_a_new_topic(question: str, weak: re.Match[str], own: str, has_own_topic: Callable[[str], bool]) -> bool:
    """Is the pronoun the object of the question's own new topic, rather than the papers on the table?

    "And what about editing them directly, like patching outdated facts inside the model?", after a list of
    hallucination papers: "them" is what the editing acts on (language models), and the question asks for
    papers on editing, across the corpus. A subject pronoun ("do they release their code?") or a question
    asking the referred papers for an attribute ("how long did it take to train them?") stays a follow-up.
    """
    if weak.group(1).lower() not in ("them", "it"):
        return False
    if not WORD.findall(question[: weak.start()].lower()) or _is_subject(question, weak) or _closes(question, weak):
        return False
    return has_own_topic(own) and attribute_of(question) is None


def _is_subject(question: str, weak: re.Match[str]) -> bool:
    """Is the pronoun the subject of the question or of a clause in it: after an auxiliary ("does it have",
    "did they apply"), or between a noun and a verb ("the problems it tackles")?"""
    before = WORD.findall(question[: weak.start()].lower())
    after = WORD.findall(question[weak.end() :].lower())
    if before and before[-1] in _SUBJECT_BEFORE:
        return True
    # "It" or "they" is no determiner, so a word after it is a verb: "the problems it tackles" is a clause of its
    # own whose subject the pronoun is, and the noun before it, what the clause says it acts on, is not its
    # referent. After a verb form the pronoun is that verb's object instead ("editing them directly").
    return (
        weak.group(1).lower() in ("it", "they")
        and bool(before and after)
        and not before[-1].endswith(("ing", "ed"))
        and _content_word(before[-1])
        # the verb may be one any request uses ("the methods it uses", "the problems it tackles")
        and after[0] not in FUNCTION_WORDS
        and len(after[0]) >= 3
    )


def _content_word(word: str) -> bool:
    return word not in STOP_WORDS and len(word) >= 3 and not word.isdigit()


def _inverted_subject(question: str, weak: re.Match[str]) -> bool:
    """Is "it" the subject of the question or of a clause in it ("how many activated parameters does it have?",
    "what are the heterogeneity problems it tackles?"), "they" the subject of its first clause ("which vision
    models did they try?"), or "it" what the question's last words ask about ("what accuracy did GPT-4 get on
    it?", "what are the training stages in it?")? Then the nouns before it are what is asked of it, not what
    it refers to, and it can only point into the conversation."""
    pronoun = weak.group(1).lower()
    if _SINGULAR_REFERENCE.fullmatch(pronoun):
        pronoun = "it"  # ("what F1 gain did that paper report ...?" asks it of the paper on the table)
    # A verb must follow a subject: in "Which papers do it?" it is the object of "do".
    subject = bool(WORD.findall(question[weak.end() :])) and _is_subject(question, weak)
    if pronoun == "they":
        # "what lora rank did they use?": the subject of the question's first clause. After a topic of the
        # question's own, in a clause of its own, it is that topic's papers: "llms that play chess, how do they
        # plan their moves?", "which papers classify emotions, and what data do they use?".
        # A clause before it that asks a fact without a verb of its own shares its subject: "what GPU cluster and how
        # many GPU-hours did they use?" asks both of them. One with its own ("how long do llamas live, and do they
        # make good pets?") or naming papers of a topic makes "they" what it names.
        before = re.split(r"[,.;:?!]\s|\s[-\u2013\u2014]+\s|\band\b", question[: weak.start()])[:-1]
        first_clause = all(
            attribute_of(clause) is not None
            and not asks_for_papers(clause)
            and not _SUBJECT_BEFORE & set(WORD.findall(clause.lower()))
            for clause in before
        )
        # (a list of a named thing asked of them is about them too: "which models did they analyze?")
        asks_them = intent_of(question).kind != "list" or attribute_of(question) is not None
        return first_clause and subject and asks_them
    if pronoun != "it" or not (subject or _closes(question, weak)):
        return False
    # A request for papers names its own topic for "it" ("which papers study MoE routing, and how does it
    # scale?", "anything on federated learning - how does it protect privacy?"): a new topic, searched anew.
    # A list of a fact asked of it ("which benchmark datasets does it report results on?") is about it.
    return intent_of(question).kind != "list" or attribute_of(question) is not None


#: Prepositions a closing "it" may follow: "... on it?", "... in it?".
_PREPOSITIONS = frozenset("in on of for from with about by behind inside".split())


def _closes(question: str, weak: re.Match[str]) -> bool:
    """Is "it" the object of a preposition ("what are the training stages in it?", "how does GPT-4o score on it
    compared with humans?"), as what the question asks about rather than what its own nouns act on? A pronoun a
    new topic acts on is a verb's object ("editing them directly")."""
    before = WORD.findall(question[: weak.start()].lower())
    return weak.group(1).lower() == "it" and bool(before) and before[-1] in _PREPOSITIONS


#: Where a clause of a message ends: a question mark or full stop, or ", and" before another question.
_CLAUSE_END = re.compile(r"[?.!;]\s+|,?\s+and\s+(?=(?:what|which|how|who|where|when|does|do|did|is|are)\b)", re.I)


def _introduced_before(text: str, has_own_topic: Callable[[str], bool]) -> bool:
    """Does a clause before the pronoun ask for papers on a topic of its own ("is there a paper on generating sound
    from images?", "is there also a keyword spotting paper"), so that the pronoun after it refers to what that
    clause asks for?"""
    clauses = _CLAUSE_END.split(text)[:-1]  # (the last piece is the clause the pronoun is in)
    return any(
        (asks_for_papers(clause) or _ONE_OF_A_KIND.match(clause) or seeks_a_described_paper(clause))
        and has_own_topic(strip_references(clause))
        for clause in clauses
    )


#: Where a message's clauses part: a dash between words, or the end of a sentence.
_CLAUSE_BREAK = re.compile(r"\s[-\u2013\u2014]+\s|[?.!;]\s+")


def _clauses_with_the_pronoun(question: str, weak: re.Match[str]) -> list[tuple[str, bool]]:
    """The message's clauses (:data:`_CLAUSE_BREAK`), each with whether the pronoun ``weak`` is in it."""
    clauses, at = [], 0
    for clause in _CLAUSE_BREAK.split(question):
        start = question.find(clause, at)
        at = start + len(clause)
        clauses.append((clause, start <= weak.start() < at))
    return clauses


def _asked_apart(question: str, weak: re.Match[str], has_own_topic: Callable[[str], bool]) -> bool:
    """Does a clause of the message other than the pronoun's ask for papers on a topic of its own, referring to
    nothing ("... — which papers work with pretrained code models?")?"""
    return any(
        not holds_it and not refers_to_conversation(clause) and asks_for_papers(clause) and has_own_topic(clause)
        for clause, holds_it in _clauses_with_the_pronoun(question, weak)
    )


def _stated_before(question: str, weak: re.Match[str], has_own_topic: Callable[[str], bool]) -> bool:
    """Does the pronoun's clause ask for papers on it ("is there anything on it?"), a clause before it stating a topic
    of its own that refers to nothing ("I'm drafting a grant about Norwegian NLP")?"""
    before: list[str] = []
    for clause, holds_it in _clauses_with_the_pronoun(question, weak):
        if holds_it:
            return asks_for_papers(clause) and any(has_own_topic(earlier) for earlier in before)
        if not refers_to_conversation(clause):
            before.append(clause)
    return False


#: One paper of a kind, asked for: "is there also a keyword spotting paper", "isn't there also a SAM-based brain
#: tumor one?" (not "is there a repo for the paper").
_IS_THERE = r"\W*(?:(?:and|also|plus)\s+)?(?:is|isn't|is\s+not)\s+there\s+(?:also\s+)?"
_MODIFIER = r"(?:(?!(?:for|of|on|in|to|from|by|with|the|this|that|its|their)\b)[\w-]+\s+)"
_ONE_OF_A_KIND = re.compile(
    rf"{_IS_THERE}(?:(?:a|an|any|one)\s+{_MODIFIER}{{0,4}}?(?:paper|study|article)|an?\s+{_MODIFIER}{{1,4}}?one)\b",
    re.I,
)


def _antecedent_before(text: str) -> bool:
    """Could a pronoun after ``text`` refer to something in the question itself?

    Only a noun before it can: "merge models and handle interference between them" refers to the
    models, "which papers release their code" to the papers. With nothing but function and request words
    before it ("What about their training cost?", "And what do they evaluate on?", "How long did it
    take?"), the pronoun can only point into the conversation, whatever topic words follow.
    """
    # The word right before the pronoun governs it ("who wrote it", "train them", "release their code"),
    # so it is not what the pronoun refers to; nor, after a preposition, is the noun whose phrase the pronoun is in
    # ("what fraction of its parameters": its fraction is no "it").
    words = WORD.findall(text.lower())[:-1]
    if text.split() and text.split()[-1].lower() in _PREPOSITIONS:
        words = words[:-1]
    return any(
        word in COLLECTION_NOUNS
        or (word not in STOP_WORDS and len(word) >= 3 and not word.isdigit() and stem(word) not in REQUEST_WORDS)
        for word in words
    )


#: The data a paper may name as an artefact of its own, not data of a kind.
_ARTEFACT = re.compile(r"\b(?:datasets?|benchmarks?|corpus|corpora)\b", re.I)
#: Plural references: the question asks about every paper referred to, not one of them.
_PLURAL_REFERENCE = re.compile(r"\b(they|them|their|theirs|those|these|each|all of|" + _LISTED_EARLIER + r")\b", re.I)


def follow_up_intent(question: str, follow: FollowUp) -> Intent:
    """The intent of a follow-up, read from its own words, but keeping what only the references carry:
    "what about their training cost?" asks each referred paper for a measure ("their ... cost"), and
    "what do they evaluate on?" asks it of every paper the previous answer listed, not of one."""
    intent = intent_of(follow.own_question or question)
    if (
        intent.attribute is not None
        and (
            intent.attribute.type == "entity" or (intent.attribute.type == "dataset" and not _ARTEFACT.search(question))
        )
        and attribute_of(question) is None
    ):
        # Without its reference, "which of those use the MoE ...?" reads "which use the MoE ...?": that "which"
        # picks among the papers; it does not ask for a kind of thing named "use". Nor does "which of those target
        # single-cell data?" ask for datasets: data of a kind is a topic, where "which of those released a new
        # dataset?" asks for a dataset.
        intent = replace(intent, attribute=None)
    if intent.attribute is None and (attribute := attribute_of(question)) is not None:
        intent = Intent(intent.kind, attribute, intent.limitation)
    if (
        follow.mode in ("set", "topic")
        and len(follow.paper_ids) > 1
        and intent.kind == "single"
        and _PLURAL_REFERENCE.search(question)
    ):
        intent = Intent("list", intent.attribute, intent.limitation)
    return intent


#: A coordinated clause that asks about the papers the first part found: "Which papers improve speech
#: recognition, and how much do they cut its error rate?" It starts at "and"/a dash/a new sentence with a
#: question word, and refers back with a pronoun.
_ABOUT_THEM = re.compile(
    r"(?:,?\s+(?:and|but)\s+|\s+[-\u2013\u2014]+\s+|[?;]\s+|,\s+)"
    r"(?=(?:what|which|where|how|who|when|why|do|does|did|are|is|were|was|can)\b[^?]*?\b(?:they|them|their|its|it)\b)",
    re.I,
)


def split_compound(question: str) -> tuple[str, str]:
    """The question's topic part and a trailing clause that asks about what the topic part finds.

    The second part names an attribute of those papers, not more topic to match: "where does their training
    data come from?" after "who learns representations of point clouds" is not about training data in
    general. A clause whose pronoun has nothing before it to refer to does not split off.
    """
    for match in _ABOUT_THEM.finditer(question):
        head, tail = question[: match.start()].strip(), question[match.end() :].strip()
        pronoun = _WEAK_REFERENCE.search(tail)
        if match.group(0).strip() == "," and not asks_directly(tail):
            continue  # after a comma alone, a clause with its subject first is part of the sentence
        if objects_of_the_verb_after(head, tail):
            continue  # "What rank r and which base LLM did CorDA use in its experiments?" asks CorDA both
        # (a head asking a fact of its own, "Which two datasets did ModTr use, and which detector did they adapt?",
        # asks the paper it names, not papers it finds)
        if head and pronoun and _antecedent_before(head) and has_topic_words(head) and attribute_of(head) is None:
            return head + ("" if head.endswith("?") else "?"), tail
    return question, ""


def _answered_turns(
    history: Sequence[dict[str, str]], find_titles: Callable[[str], list[tuple[int, str]]]
) -> list[tuple[str, list[str], str]]:
    """(question, papers its answer cited, the answer), latest first, for the answers that cited any."""
    turns: list[tuple[str, list[str], str]] = []
    asked = ""
    for message in history:
        content = message.get("content") or ""
        if message.get("role") == "user":
            asked = content
        elif message.get("role") == "assistant" and (papers := cited_papers_in(content, find_titles)):
            turns.append((asked, papers, content))
    return turns[::-1]


def _last_asked(history: Sequence[dict[str, str]], has_own_topic: Callable[[str], bool]) -> str:
    """The conversation's latest question with a topic of its own: "which of those are built on CLIP?" after "tell me
    about the last one", both refused, asks about the question before them."""
    found = _latest_asked(history, lambda question: has_own_topic(strip_references(question)))
    return _last(history, "user") if found is None else found


def _latest_asked(history: Sequence[dict[str, str]], accept: Callable[[str], bool]) -> str | None:
    """The conversation's latest question that ``accept`` takes, if any."""
    asked = [message.get("content") or "" for message in history if message.get("role") == "user"]
    return next((question for question in reversed(asked) if accept(question)), None)


def _last(history: Sequence[dict[str, str]], role: str) -> str:
    return next((m.get("content") or "" for m in reversed(history) if m.get("role") == role), "")


def first_pronoun(text: str) -> int | None:
    """Where ``text``'s first pronoun pointing back ("it", "their", "this paper") starts; None without one."""
    match = _WEAK_REFERENCE.search(text)
    return match.start() if match else None


def refers_as_an_object(text: str) -> bool:
    """Is the paper on the table what the question's nouns are asked on, "it" being a preposition's object ("what
    accuracy did GPT-4o get on it?")? Then a name in the question is what is measured there, not the paper meant."""
    weak = _WEAK_REFERENCE.search(text)
    return weak is not None and _closes(text, weak)


def refers_by_set_or_place(text: str) -> bool:
    """Does ``text`` point at papers already shown by set ("which of those", "both") or by place ("the second
    one", "the first two", "the other one")?"""
    return bool(
        _SET_REFERENCE.search(text)
        or _BOTH.search(text)
        or _ORDINAL_RANGE.search(text)
        or _ORDINAL.search(text)
        or _THE_OTHER.search(text)
    )


def without_remark_before(question: str, names_a_paper: Callable[[str], bool]) -> str:
    """The last sentence alone when it asks and opens by turning from a remark before it: "GS-LoRA is about vision not
    audio... whatever. new topic: papers about editing facts inside a trained model?", "none of them are about legged
    robots, come on. ok last thing, unrelated: is there a benchmark for ...?". The remark's words would be topic
    words (GS-LoRA answered the new topic), its pronoun a follow-up. The remark stays when the question asks nothing
    of its own or points back without naming its paper ("I keep seeing CorDA. ok so what is it doing differently?"),
    and when the remark only points ("that third one... so do PLMs infer the links?"): it may say what is asked of."""
    breaks = [m.end() for m in SENTENCE_BREAK.finditer(question.rstrip())]
    if not breaks:
        return question
    asking = question[breaks[-1] :]
    if len(breaks) > 1 and without_lead_in(question[breaks[-2] :]) == asking:
        asking = question[breaks[-2] :]  # the turn in a sentence of its own: "... tho. whatever. are there any ...?"
    own = without_lead_in(asking)
    # (a turn may close the remark instead: "eot isnt teacher-student but ok. any other chain-of-thought papers ...?")
    turned = own != asking or ends_by_turning(question[: breaks[-1]])
    if opens_new_subject(asking) and asks_something(own):
        # a change of subject turns from any remark before it: "that's not the same paper lol. anyway, switching
        # topics: what do you have on model merging?"
        return asking
    # ... also when it opens a sentence before the last: "that's the binaries one, never mind. different topic:
    # someone told me a paper found X. is that in here?"
    for start in reversed(breaks[:-1]):
        if opens_new_subject(question[start:]) and asks_something(question[start:]):
            return question[start:]
    # (a remark of no words of its own points: "that third one... so do PLMs actually infer the links?")
    if not (
        turned
        and asks_something(own)
        and has_topic_words(own)
        and has_topic_words(strip_references(question[: breaks[-1]]))
    ):
        return question
    # (a pronoun after the question's own words may point at them: "... facts inside a trained model without
    # retraining it?")
    pronoun = first_pronoun(own)
    # (a place points at its paper itself, needing nothing of the remark: "RKD seems like it should count too? anyway -
    # the 7th one in your list, what part of the teacher do they train?")
    placed = _ORDINAL.search(own) is not None or _ORDINAL_RANGE.search(own) is not None
    points_back = not placed and (
        refers_by_set_or_place(own) or (pronoun is not None and not has_topic_words(own[:pronoun]))
    )
    # (a request for more papers of a kind it names points at the last answer, to leave it out: "are there any other
    # recommendation papers besides those two?")
    asks_more_of_its_own = bool(more_refinement(own))
    return question if points_back and not names_a_paper(own) and not asks_more_of_its_own else asking


def restricts_a_set(text: str) -> bool:
    """Does ``text`` pick among papers already named ("which of them ...", "do any of those ...")?"""
    return _SET_REFERENCE.search(text) is not None


def refers_to_conversation(question: str) -> bool:
    """Any referring expression at all: enough to ask an LLM to rewrite, not enough to restrict the search."""
    return bool(
        _SET_REFERENCE.search(question)
        or _WEAK_REFERENCE.search(question)
        or _ORDINAL_RANGE.search(question)
        or _ORDINAL.search(question)
    )


def strip_references(question: str) -> str:
    """The question without its referring expressions: "Which of those use CoT?" -> "Which use CoT?"."""
    stripped = re.sub(
        rf"\b(?:of|among|from|in)\s+(?=(?:those|these|them|the above|{_LISTED_EARLIER}|{_ANSWER_AT.pattern})\b)",
        "",
        question,
        flags=re.I,
    )
    # "of all the lora papers you've mentioned so far": every paper listed, described; the words describe the table
    stripped = re.sub(
        rf"\b(?:(?:of|among|from|in)\s+)?{_ALL_SHOWN.pattern}(?:\s+(?:so\s+far|until\s+now|in\s+this\s+chat))?",
        " ",
        stripped,
        flags=re.I,
    )
    # "those three", "these 2 papers": the count belongs to the reference, not to the topic.
    stripped = re.sub(rf"\b(those|these)\s+(?:\d+|{'|'.join(NUMBER_WORDS)})\b", r"\1", stripped, flags=re.I)
    # "were any of those chatbots voice-based?": the plural noun after the demonstrative names what is on the table,
    # not what restricts it. A verb after it has no plural "s" ("which of those handle video?"), but for the
    # auxiliaries a loose "which of those has code?" writes; the collection's own nouns stay ("which of these 2
    # papers use CLIP?" asks as "which papers use CLIP?").
    stripped = re.sub(
        r"\b(those|these)\s+(?!(?:is|was|has|does|papers|ones|works|studies|articles)\b)[\w-]*[^\Wsu]s\b",
        r"\1",
        stripped,
        flags=re.I,
    )
    stripped = _REFERENCE_WORDS.sub(" ", stripped)
    if (asked := attribute_of(question)) is not None:
        # "What base model does each of them start from?": its subject gone, the verb closing the question only
        # says how the fact asked belongs to them; it names nothing the papers must write (unless it makes the fact
        # a change: "how much training time does it save?" asks a saving, not a time)
        closed = _CLOSING_PREDICATE.sub(_closing_predicate, stripped)
        if (left := attribute_of(closed)) is None or left.change == asked.change:
            stripped = closed
    return " ".join(stripped.split())


#: A determiner the reference stripped its noun from: "did any [of those] do speech?", "which [of them] use RL?".
_HEADLESS_DETERMINER = re.compile(
    r"^(\W*(?:and\s+|so\s+)?(?:(?:do|does|did|are|were|is|was|can|could|has|have)\s+)?"
    r"(any|either|which|one|some|each|none))\b(?!\s+(?:of\b|papers?\b|ones?\b|works?\b|studies\b))",
    re.I,
)
_SINGULAR_DETERMINERS = {"either", "one", "each"}


def as_corpus_question(restriction: str) -> str:
    """A restriction of the papers on the table, asked of the whole corpus: "did any do speech?" (from "did any of
    those do speech?") -> "did any papers do speech?". The determiner gets back its noun, so the question reads as
    a list question does and is embedded as one: the bare determiner and auxiliary alone made the sentence a poor
    match for any abstract's."""

    def with_noun(match: re.Match[str]) -> str:
        return match.group(1) + (" paper" if match.group(2).lower() in _SINGULAR_DETERMINERS else " papers")

    return _HEADLESS_DETERMINER.sub(with_noun, restriction, count=1)


#: An auxiliary and the verb closing a question, its subject stripped: "does start from?", "do evaluate on?", with
#: the object a report has ("do report results on?", checked in :func:`_closing_predicate`).
_PARTICLE = r"(?:on|from|with|in|to|for|at|by|of|up|out)"
_CLOSING_PREDICATE = re.compile(
    rf"\s+\b(?:do|does|did)\s+(?:each\s+)?[a-z]+(?:\s+(?!{_PARTICLE}\b)(?P<object>[a-z]+))?(?:\s+{_PARTICLE})?"
    r"\s*(?=[?.!]*\s*$)",
    re.I,
)


def _closing_predicate(match: re.Match[str]) -> str:
    """Nothing for the closing predicate, unless its object names a topic: in "what datasets do they use speech on?"
    the papers must use speech, where "do report results on?" says only how the fact asked belongs to them."""
    object_ = match.group("object")
    return match.group(0) if object_ and stem(object_) not in REQUEST_WORDS else ""

"""Question understanding: the answer's shape, the attribute asked for, and the topic's concepts.

Everything here reads the *form* of a question (wh-words, comparison and listing verbs, the head noun
of what is asked for), never its topic: whether a paper answers is decided later, from the evidence in
its abstract. What a question refers to in the conversation is :mod:`rag.answer.followup`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Literal

from rag.support import term_weight
from rag.text import (
    COMPLETE_LIST,
    FACT_NOUNS,
    FUNCTION_WORDS,
    LANGUAGE_NAME,
    NUMBER_WORDS,
    STOP_WORDS,
    WORD,
    content_stems,
    content_words,
    count_value,
    is_likeness,
    stem,
)

Kind = Literal["list", "single", "compare", "summary"]
AttributeType = Literal[
    "quantity", "duration", "person", "date", "dataset", "hardware", "entity", "availability", "resource"
]

#: A verb of making followed by a name ("developed Kosmos-1", "built the JARVIS-1 agent"): asked with "who",
#: it asks for that one paper's authors, not for every paper that does something.
_MADE_NAMED = r"(?:developed|created|built|made|designed|released|trained)\s+(?:the\s+)?(?-i:[\w-]*[A-Z][\w-]*[A-Z0-9])"
#: Nouns that name a measure: asked for, they want a number ("the inference latency", "what learning rate"). So do
#: the nouns of a change of one, up or down ("the improvement", "the relative WER reduction"); "drop" is not one of
#: them: "the accuracy drop of CoT-Valve" is stated as a "performance drop", so any figure of it answers.
#: Besides the common nouns, the standard evaluation metrics written as their names are (cased: "map" or
#: "wer" in lower case are words); every one of them is a number whatever the paper.
_MEASURE = (
    r"(?:sizes?|numbers?|counts?|scores?|accuracy|accuracies|rates?|percentages?|budgets?|costs?|speed-?ups?|"
    r"improvements?|gains?|boosts?|savings?|reductions?|errors?|latency|latencies|throughput|perplexity|length|resolution|capacity|footprint|"
    r"consumption|dimensions?|dimensionality|ratios?|sparsity|proportions?|fractions?|headcounts?|agreement|margins?|"
    r"recall(?:@\d+)?|precision|"
    # (clustering's ACC, NMI and ARI too: "what ACC/NMI does AGCLA get on Cora?")
    r"(?-i:BLEU|ROUGE(?:-[\dLN]+)?|CIDEr|METEOR|mAP|mIoU|AUC|AUROC|F1|WER|CER|EER|PSNR|SSIM|LPIPS|FID|MRR|NDCG|Elo"
    r"|ACC|NMI|ARI))"
)
#: Where a request can start: the question's start, or after a lead-in ("Different topic. Which papers...",
#: "switching gears - anything on...", "Changing subject: who...").
_CLAUSE_START = r"(?:^|[.!?:;]\s+|\s[-\u2013\u2014]+\s+)\s*"
_LIST = re.compile(
    _CLAUSE_START + r"(which|what|list|show|find|give|are there|is there|any|can you (find|list|show|give))\b"
    # the items asked for head the wh-phrase ("which recent papers", "what are the methods"), not any noun of the
    # question ("what accuracy does X reach on its math benchmarks?" asks for a figure)
    r"(?:\s+[\w'-]+){0,5}?\s+"
    r"(papers|works|methods|approaches|ones|studies|models|articles|systems|frameworks|benchmarks|datasets)\b"
    r"|"
    + _CLAUSE_START
    + r"(list|show me|find|search for|look for|anything (?:on|about|that)|has anyone|have people)\b"
    # "who studies X?" asks for whoever does, a list; "who wrote X?" asks for one paper's authors (an attribute)
    r"|" + _CLAUSE_START + r"who (?!wrote|are|were|is|was|authored|" + _MADE_NAMED + r")\w+"
    # "papers on X", "a paper that X"; "the paper that adapts Llama 2" names one paper
    # ("the papers on X" are a topic's papers as much as "papers on X" are)
    r"|(?:(?<!\bthe )\bpaper|\bpapers)\s+(on|about|that|which|for|in|dealing|studying)\b"
    # a request for work of a kind: "any work on X", "is there research on", "I need work on", "looking for methods"
    r"|" + _CLAUSE_START + r"(?:any|is there(?: any)?|are there(?: any)?|what|i (?:want|need)|looking for|show me)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:work|works|research|papers|studies|methods|approaches|techniques|ways|tools)\b"
    r"|\b(?:looking|searching) for\b|\bany\s+(?:[\w-]+\s+){0,2}?(?:papers|studies|methods|approaches|articles)\b"
    # "Of the papers from Ke Liang's page, which ones have a GitHub link?"
    r"|,\s+which\s+(?:ones|papers)\b"
    r"|\bwhat(?:'s| is) (?:there )?in (?:the|this|your) (?:collection|corpus|library|index)\b"
    # "does the corpus have anything on X?": what the collection holds, not a yes/no about one paper
    r"|\b(?:have|has|hold|holds|contain|contains|got)\s+anything\s+(?:on|about|that)\b"
    # the field's practice: "how are people getting robots to follow instructions?"
    r"|" + _CLAUSE_START + r"how (?:do|are|have|can|could) (?:you|people|researchers|others|folks)\b",
    re.IGNORECASE,
)
#: Words that point into the conversation ("and the second one?", "more on that"): a fragment with one
#: continues about a paper already shown, it does not name a topic to list.
_REFERENCE = re.compile(
    r"\b(?:former|latter|first|second|third|fourth|fifth|last|\d+(?:st|nd|rd|th))\b"
    r"|\b(?:this|that|the)\s+(?:one|paper|work|study)\b",
    re.IGNORECASE,
)
#: A question's form words: a fragment without any ("point clouds for 3D segmentation?") names a topic to list.
_QUESTION_FORM = re.compile(
    r"\b(?:what|whats|which|who|whom|whose|when|where|why|how)\b|" + _CLAUSE_START + r"(?:is|are|was|were|do|does|did|"
    r"can|could|should|would|will|has|have|had|tell|give|explain|summari[sz]e|describe|compare|list|show|find)\b"
    # ... or after a remark and "but" / "so": "totally unrelated but is there anything on ...?"
    r"|\b(?:but|so)\s+(?:is|are|do|does|did|can|could|has|have)\s+(?:there|it|they|you|any)\b",
    re.IGNORECASE,
)
_COMPARE = re.compile(
    # "how many techniques got compared?" counts; it asks for no comparison: "compared" needs what it is compared to
    r"\b(compare|comparison|compared (?:with|to|against)|differ|differs|difference|different (?:from|than|to)|"
    r"versus|vs\.?|contrast)\b"
    # "between CLIPSonic and the V2A-Mapper one, which needs less training?"
    r"|\bbetween\s+[^,?]+?\s+and\s+[^,?]+?,\s*(?:which|who)\b",
    re.I,
)
#: The comparison words that set what comes before against what comes after: "X, compared with Y", "X vs Y".
_AGAINST = re.compile(r"compared|different|differs?\b|versus|vs\b", re.I)
#: What a paper measures itself against, named by no paper: "training time compared to the baselines", "versus prior
#: methods", or the standard practice it improves on: "trainable params compared to full finetuning", "compute saved
#: compared to full precision". Such a comparison is a result of one paper, not two papers set side by side.
_UNNAMED_OTHERS = re.compile(
    r"(?:\s+from)?\s+(?:the\s+|its\s+|their\s+|other\s+|existing\s+|prior\s+|previous\s+|strong\s+|standard\s+|competing\s+)*"
    r"(?:baselines?|methods|approaches|models|works?|systems|state[\s-]of[\s-]the[\s-]art|sota"
    r"|(?:full(?:[\s-]parameter)?[\s-])?fine[\s-]?tun(?:ing|ed)|full[\s-]precision|training\s+from\s+scratch)\b",
    re.I,
)
_SUMMARY = re.compile(
    r"\b(summari[sz]e|summary of|summarise|overview of|rundown of|tl;?dr|in a nutshell|main idea|main contribution|"
    r"what (?:does|did) .{1,80}? (?:propose|do|introduce|present|contribute)|explain)\b",
    re.IGNORECASE,
)
#: A question about what a paper concedes: its limitations, weaknesses, or the work it leaves for later.
_LIMITATION = re.compile(
    r"\b(limitations?|weakness(?:es)?|shortcomings?|drawbacks?|caveats?|downsides?|"
    r"future (?:work|research|directions?)|open (?:problems?|questions?)|"
    r"what (?:does|did|do) .{1,80}? (?:fail|struggle|not handle|leave))\b",
    re.IGNORECASE,
)

#: A measure asked with a verb of attainment, named between "what" and the verb: "what success rate does X report".
#: Such verbs ask for a measured value, whatever the measure is called.
_ATTAINED = re.compile(
    # (not where it is attained: "which tasks does it get sota on?" asks for tasks)
    r"\b(?:what|which)\s+(?!(?:[\w@-]+\s+){0,2}?(?:tasks?|datasets?|benchmarks?)\s)((?:[\w@-]+\s+){0,2}?[\w@-]+)"
    r"\s+(?:does|did|do)\s+[^?]{1,60}?"
    # (not a verb of purpose: "which base model did they fine-tune to get the 7B student?" asks for a model)
    r"(?<!\bto )\b(?:achieve|attain|reach|report|obtain|score|get|hit|yield)s?\b"
    # a measure with any verb: "what learning rate did X use?", "what sparsity / compression ratio do they pick?"
    r"|\b(?:what|which)\s+((?:[\w/-]+\s+){0,3}?" + _MEASURE + r")\s+(?:does|did|do|is|was|were|are)\b"
    # whether a paper gives a measure: "did SpikeGPT report perplexity on WikiText-103?"
    r"|\b(?:did|does|do)\s+[^?]{1,40}?\b(?:report|give|state|mention|provide|publish)\s+"
    r"(?:(?:the|a|an|any|its|their)\s+)?((?:[\w-]+\s+){0,2}?" + _MEASURE + r")\b",
    re.I,
)
#: Tasks asked for, rather than datasets: "which tasks did they evaluate on?", "on what tasks?", "what real-world
#: application did they run experiments on?" (an application tested on is a task: "experiment in violence detection").
_TASKS_ASKED = re.compile(
    r"\b(?:what|which)\s+(?:(?:kinds?|types?|sorts?)\s+of\s+|(?:[\w-]+\s+){1,2})?(?:tasks?|applications?)\b", re.I
)
#: The stems of the verbs of testing ("evaluated", "tests", "benchmarked", "validate", "assessed").
_TESTING = r"(?:evaluat|test|benchmark|validat|assess)"
#: What something was evaluated on, asked with no noun: "what does it evaluate on?", "what was the third one tested
#: on?". A paper is evaluated on tasks as on datasets ("on three knowledge-driven tasks, including relation
#: classification, entity typing, and question answering").
_EVALUATED_ON_ASKED = re.compile(
    rf"\bwhat\s+(?:is|was|are|were|did|does|do)\s+(?:[\w-]+\s+){{0,3}}?{_TESTING}\w*\s+(?:it\s+|them\s+)?on\b", re.I
)
#: A verb of testing beside a dataset asked: "which datasets do they evaluate on?", "what benchmarks was it tested on?".
#: (not its gerund, which says what the data are for: "what benchmarks are there for evaluating multimodal LLMs?")
_EVALUATION_VERB = re.compile(rf"\b{_TESTING}(?:e|es|ed)?\b", re.I)
#: The data something learnt from, asked without a dataset noun: "what was it trained on?", "what data is its
#: projection module pretrained on?", with another verb sharing the preposition: "what data did each train/evaluate
#: on?", or asked inside another question: "how do they differ in what data they pretrain on?"; with a dataset noun,
#: "what corpus was MiniLM pre-trained on?" (not "which datasets was it evaluated on?").
_TRAINING_DATA_ASKED = re.compile(
    r"\bwhat\s+(?:(?:data|datasets?|corpus|corpora)\s+)?(?:is|was|are|were|did|does|do|they|it|each|both)\b"
    r"[^?,;]{0,60}?\b(?:pre-?)?train(?:ed)?"
    r"(?:\s*(?:/|\band\b|\bor\b)\s*[a-z]+)?\s+(?:on|with)\s*(?:\?|$)"
    # ... or with the noun the training makes data of: "what training data did kosmos-1 and RA-CM3 use?"
    r"|\b(?:what|which)\s+(?:pre-?)?training\s+(?:data|datasets?|corpus|corpora)\b",
    re.I,
)
#: Tasks a sentence names by listing them, in any case: "on image-text retrieval and visual question answering
#: tasks", "tasks such as GoEmotions", "two popular tasks: Image-Text Matching and ..." (not "on various
#: downstream tasks"); or one task by its name: "on the Common-Gen task".
NAMED_TASKS = re.compile(
    r"\b[\w-]+(?:\s+[\w-]+){0,3}\s*(?:,|\band\b|\bor\b)\s*(?:[\w-]+\s+){0,4}tasks\b"
    r"|\btasks\s*(?:(?:\(|:|,)?\s*(?:such as|including|like|namely|e\.g\.)\s+\w|:\s*\w)"
    r"|\bthe\s+(?-i:[\w-]*[A-Z][\w-]*)\s+task\b",
    re.I,
)
#: Tasks named after the word, as datasets are: "tuned to specific tasks such as GoEmotions, ISEAR" (a paper
#: evaluates on named tasks too; "VQA tasks" is a kind of task).
TASKS_SUCH_AS = re.compile(r"\btasks\s*(?:,|:|\()?\s*(?:such as|including|like|namely)\s+(?-i:[A-Z])", re.I)
#: A licence, the detail of a release a question may ask for.
LICENCE = re.compile(r"\blicen[cs]\w*", re.I)
#: A measure held equal, a condition of a comparison and not a number asked for: "a fair comparison of KAN and MLP
#: with the same number of parameters and FLOPs". Only as a condition, after "with", "at", "under", "given" or "for":
#: "do SLCA and MOS evaluate on the same number of datasets?" asks for the two numbers.
_MATCHED_MEASURE = re.compile(
    r"\b(?:with|at|under|given|for)\s+(?:the\s+|a\s+)?(?:same|equal|similar|comparable|matched|matching|identical)"
    r"\s+(?:number|amount|count)\s+of\b"
    # held equal after it: "with the number of params held the same"
    r"|\b(?:the\s+)?(?:number|amount|count)\s+of\s+(?:[\w-]+\s+){1,4}?(?:held|kept|fixed|matched)\b"
    # ... or given as fixed: "if you've got a fixed parameter budget, is it better to go deeper or wider?"
    r"|\b(?:an?|the)\s+(?:fixed|given|limited|constant)\s+(?:[\w-]+\s+)?(?:budgets?|sizes?|costs?)\b",
    re.I,
)
#: Comparatives a measure is asked by ("how much shorter did the chains get?"): the answer is a change.
_COMPARATIVE = (
    r"better|worse|more|less|fewer|higher|lower|faster|slower|shorter|longer|smaller|larger|bigger|cheaper|greater"
)
#: A choice between two things offered by name, asked by a comparative: "which gives the bigger relative ASR
#: improvement: the rescoring paper or MAM?", "which reports higher accuracy on ScanObjectNN, ULIP-2 or I2P-MAE?"
#: sets two papers side by side, as "compare" does.
_CHOICE = re.compile(
    rf"^\W*which\b(?!\s+(?:papers?|ones|of|works?|studies|articles)\b)[^?]*?\b(?:{_COMPARATIVE})\b[^?]*?"
    r"[:,]\s*[^,?:]+?\s+or\s+[^,?:]+\?\s*$",
    re.I,
)
#: The comparatives that name what changed ("faster", "shorter"), unlike "better" or "more": a sentence states how
#: much only by writing the word or by the change's two ends ("reducing chains from 741 to 225 tokens").
_COMPARATIVE_STEMS = frozenset(stem(w) for w in _COMPARATIVE.split("|"))
DIMENSION_COMPARATIVES = _COMPARATIVE_STEMS - {stem(w) for w in ("better", "worse", "more", "less", "fewer")}
#: Words asking how much something changed or differs, whose answer is a change ("by how much", "gain", "beat",
#: "speedup", "fewer"), not a level.
_CHANGE_ASKED = re.compile(
    r"\bby\s+how\b|\b(?:gain|beat|improv|outperform|boost|increas|rais|decreas|reduc|drop|cut|shorten|speed-?up|sav|"
    rf"margin|gap|differen|{_COMPARATIVE}|relative|compared)\w*",
    re.I,
)
#: "data" naming what a process works on ("data augmentation", "data mining", "data selection"), not data a paper
#: uses: a noun of action follows it. "what about graph data augmentation?" asks for papers on it, no dataset.
_NOT_A_KIND_OF_DATA = r"(?!(?<=\bdata)\s+[a-z]+(?:tion|sion|ing|ment|ness|ity|cy)\b)"
#: What a fact question asks for, read from its wh-phrase and head nouns (answer-type classification).
_ATTRIBUTE_PATTERNS: list[tuple[AttributeType, re.Pattern[str]]] = [
    (
        # "Which is bigger, SpikeGPT or TinyR1?", "which dataset is larger, KdConv or TikTalk?": each one's size
        "quantity",
        re.compile(
            r"\bwhich\s+(?!(?:papers?|works?|studies|ones)\b)(?:[\w-]+\s+){0,2}?(?:is|was|are|were)\s+(?:the\s+)?"
            r"(?:bigger|larger|smaller)\b",
            re.I,
        ),
    ),
    (
        # where a paper's artefacts are: "is the code public?", "where can I download the dataset?"
        "availability",
        re.compile(
            # "is X publicly released?": the availability word closes the clause ("any work available on X?"
            # and "models trained on publicly available data" ask about a topic)
            r"\b(?:is|are|was|were|will)\b[^?.]{0,80}?\b(?:available|released|open[- ]sourced?|downloadable|public)"
            r"\s*(?:[?.]|$)"
            r"|\b(?:code|weights|checkpoints?|implementation)\b[^?.]{0,30}?"
            r"\b(?:available|released|open[- ]sourced?|downloadable|public)\b"
            # a release of the paper's own artefacts, named by a possessive ("do they share their code?", "which
            # ones put their data out publicly?"); "release datasets of X" offers a dataset as the topic
            # (not what the papers do without: "training models across clients without sharing their data")
            r"|(?<!without\s)\b(?:releas|shar|publish|open[- ]sourc)\w*\s+(?:their|its)\s+(?:own\s+)?"
            r"(?:[\w-]+\s+){0,2}?(?:code|data|datasets?|weights|models?|checkpoints?|implementations?)\b"
            # the code itself, closing the clause: "does the second one release code?" (not "release code
            # completion models", a topic)
            r"|\b(?:releas|shar|publish|open[- ]sourc)\w*\s+(?:the\s+|any\s+)?(?:source\s+)?code"
            r"(?=\s*(?:[?.!,;]|$|\s+(?:and|or|publicly|online|too)\b))"
            r"|\b(?:put|puts|make|makes|made)\s+(?:their|its)\s+(?:own\s+)?(?:[\w-]+\s+){0,2}?"
            r"(?:code|data|datasets?|weights|models?|checkpoints?|implementations?)\b[^?.]{0,25}?"
            r"\b(?:out|available|public|publicly|open[- ]source)\b"
            # a repository a paper gives: "which of those provide a code repository?" ("repository-level
            # code completion" is a topic)
            r"|\b(?:provide|provides|have|has|share|shares|offer|offers|include|includes|give|gives|link to)\s+"
            r"(?:(?:a|an|the|their|its|any)\s+)?(?:(?:public|open[- ]source)\s+)?(?:code\s+)?"
            r"(?:repositor(?:y|ies)|repos?|github)(?![\w-])"
            r"|\bwhere can (?:i|we|one|you) (?:get|find|download|access)\b"
            # the licence of a release: "what license?", "under which licence is it released?"
            r"|\b(?:what|which)\s+(?:[\w-]+\s+)?licen[cs]es?\b|\blicen[cs]es?\s*\?"
            r"|\bgithub\b|\bdownload link\b|\b(?:link|url) (?:to|for) (?:the |its |their )?(?:code|data|model|weights)"
            r"|\b(?:code|project|repository|repo) (?:links?|urls?|pages?)\b"
            # whether there is one: "is there a code repo?", "any official implementation?"
            r"|\b(?:is|are) there\s+(?:a|an|any)\s+(?:(?:public|official|open[- ]source)\s+)?"
            r"(?:code|repositor(?:y|ies)|repos?|implementations?)\b"
            # "do those papers link their code anywhere?"
            r"|\blinks?\s+(?:to\s+)?(?:their|its|the)\s+(?:own\s+)?(?:code|repositor(?:y|ies)|repos?|implementations?)\b"
            # the code out in the open, closing the clause: "which of those have code out?"
            r"|\bcode\s+(?:out|online|up)\s*(?:[?.!,;]|$)"
            # a bare request for the links after the question: "... have code? links please"
            r"|[?.]\s*(?:and\s+)?(?:the\s+)?links?\s*(?:please|pls|too)?\s*[?.!]*\s*$",
            re.I,
        ),
    ),
    (
        "person",
        re.compile(
            r"\b(authors? of|who (?:are|were|is) the authors?|who wrote|written by|authored|"
            r"who (?:is|are|was|were) behind|who " + _MADE_NAMED + r")\b"
            # a name's authors, tersely: "SpeechGPT authors?" (not "papers with more than ten authors?")
            r"|(?-i:[\w-]*[A-Z][\w-]*[A-Z0-9][\w-]*)(?:'s)?\s+authors?\s*[?.!]*\s*$",
            re.I,
        ),
    ),
    (
        "date",
        re.compile(
            r"\b(when (?:was|were|did)|what year|which year|release date|publication date"
            # "do any of them say when they came out?"
            r"|when (?:it|they|this|these|those|each) (?:came|come) out"
            r"|when (?:it|they|this|these|those|each) (?:was|were) (?:published|released|posted))\b",
            re.I,
        ),
    ),
    (
        "duration",
        re.compile(
            # (not "how long a context do they reach?", the length of a thing, as "how big a model" is its size)
            # (nor "at training time", the phase: "attacks that tamper with a model at training time")
            r"\b(how long(?!\s+(?:a|an)\s+(?!time\b|while\b|period\b))|how much time|"
            r"(?<!\bat\s)(?<!\bduring\s)training time|duration|"
            r"wall-?clock|time (?:it took|to train)|took to|"
            r"how many (?:gpu[- ])?(?:hours|days|weeks|minutes)|gpu[- ]hours?|gpu[- ]days?|"
            r"what (?:is|was) the (?:[\w-]+ ){0,3}time)\b",
            re.I,
        ),
    ),
    ("hardware", re.compile(r"\b(what|which) (?:kind of )?(hardware|gpus?|tpus?|accelerators?|machines?)\b", re.I)),
    (
        # a dataset or benchmark of the paper's own, asked as a property any paper may have: "which of them
        # introduce a dataset?", "do any of those release a new benchmark?". Not "which datasets do they use?"
        # (names asked for), nor "release datasets of conversations grounded in X" (a kind of dataset as topic)
        "resource",
        re.compile(
            r"\b(?:introduc|propos|present|releas|publish|shar|collect|buil[dt]|construct|creat|curat|contribut|provid|"
            # (an irregular past, and the light verb of making: "which of those built / made their own dataset?")
            r"mak(?=(?:e|es|ing)\b)|made\b|"
            # (and a release in other words: "which of those put out a new dataset?", "produce", "compile")
            # (verbs only: "an industrial / production dataset" is a kind of dataset used)
            r"offer|(?:produc|compil|assembl)(?=(?:e|es|ed|ing)\b)|put(?:s|ting)?\s+out)\w*\s+"
            # (not a verb joined to it: "which papers propose or benchmark models ...?" asks for papers)
            r"(?:(?:a|an|any|some|their|its|own|new|novel|large|public)\s+){0,3}(?:(?!(?:or|and)\b)[\w-]+\s+)?"
            # (a kind of dataset as topic: "a dataset of conversations"; not what a pronoun stands for: "for it")
            r"(?:datasets?|benchmarks?|corpus|corpora)\b"
            r"(?!\s+(?:of|on|for|about|that|which|with|in)\b(?!\s+(?:it|them|this|that)\b))",
            re.I,
        ),
    ),
    (
        "dataset",
        re.compile(
            # ("which three standard ZSL benchmarks": up to three words before the noun, none of them the papers
            # a list asks for; after "which", nor a verb or preposition: "which are for single-cell data?" asks
            # for papers, where "what is the instruction dataset ... called?" asks for a dataset)
            r"\bwhat(?! (?:amount|number|size|quantity|scale|volume)\b) "
            r"(?:(?!(?:papers?|works?|studies|articles?)\b)[\w-]+ ){0,3}(?:datasets?|benchmarks?|corpora|data)\b"
            r"(?! (?:papers|works))"
            + _NOT_A_KIND_OF_DATA
            + r"|\bwhich(?! (?:amount|number|size|quantity|scale|volume)\b) "
            r"(?:(?!(?:papers?|works?|studies|articles?|are|is|was|were|for|on|in|with|about|to)\b)[\w-]+ ){0,3}"
            r"(?:datasets?|benchmarks?|corpora|data)\b"
            r"(?! (?:papers|works))"
            + _NOT_A_KIND_OF_DATA
            # "what are the four new benchmarks (proposed in ...)?", not "what is in the X dataset?"
            + r"|\b(?:what|which) (?:are|were) the (?:(?!(?:papers?|works?|studies|articles?|in|on|of|for|from|with)\b)"
            r"[\w-]+ ){0,3}(?:datasets|benchmarks|corpora)\b(?! (?:papers|works))"
            r"|\b(?:trained|evaluated|tested|pre-?trained|fine-?tuned) on (?:what|which)\b"
            r"(?! (?:amount|number|size|quantity|scale|volume)\b)"
            # the preposition left at the end: "what (tasks) do they evaluate on?"; not "which languages was
            # it evaluated on?", whose noun asks for something else
            r"|\b(?:what|which)\s+(?!(?:amount|number|size|quantity|scale|volume)\b)"
            r"(?:(?:kinds?\s+of\s+|types?\s+of\s+|sorts?\s+of\s+|(?:[\w-]+\s+){1,2})?"
            r"(?:tasks?|applications?|datasets?|benchmarks?|corpora|data)\s+)?"
            # (the paper between them may be named at length: "is the concept-centric multi-modality learning
            # framework evaluated on?"; and what was tested, after the verb: "did they test that forgetting on?")
            # (within its clause: "what are the two stages and how many tasks did they evaluate on?" asks the
            # stages, then a count)
            r"(?:do|does|did|is|are|was|were)\b(?:(?!\b(?:how|what|which|who|when|where|why)\b)[^?,;]){0,90}"
            r"\b(?:train|evaluat|test|benchmark|fine-?tun|experiment)\w*"
            r"(?:\s+(?:it|them)|\s+(?:that|this|the|their|its)\s+[\w-]+)?"
            r"\s+on\s*(?:\?|$)"
            # ... or where a result was attained: "which tasks does it get sota on?", "what datasets did they achieve
            # the best results on?"
            r"|\b(?:what|which)\s+(?:[\w-]+\s+)?(?:tasks?|datasets?|benchmarks?)\s+(?:do|does|did|is|are|was|were)\b"
            r"[^?,;]{0,40}?\b(?:achiev|attain|reach|obtain|get|gets|got|hit|excel|outperform)\w*\s+(?:[\w-]+\s+){0,4}?"
            r"on\s*(?:\?|$)",
            re.I,
        ),
    ),
    (
        "quantity",
        re.compile(
            r"\b(how (?:many|much|large|big|fast|small|often)|by how much|number of|count of|parameter count|"
            # the length of a thing, as "how big a model" is its size: "how long a context do they reach?"
            r"how long (?:a|an) (?!(?:time|while|period)\b)|"
            r"(?:what|which) (?:amount|quantity|volume|scale|fraction|proportion|percentage|percent|share|portion) of|"
            r"what (?:is|was|were|are) the (?:[\w-]+ ){0,3}" + _MEASURE + r")\b"
            # a metric named by its acronym: "what is the FID of RA-CM3?"
            r"|\b(?:what (?:is|was|were|are)|(?:give|tell|show) me|i (?:need|want)) the (?:[\w-]+ ){0,2}"
            r"(?-i:[A-Z][A-Z0-9@-]+)\s+(?:of|on|for)\b"
            r"|\b(sizes?|budgets?|costs?|counts?|accuracy|scores?|speed-?ups?|percentages?|latency|throughput|"
            r"footprint|consumption)\b"
            r"(?= (?:of|did|does|do|for|that|used|is|was|are|were))"
            # a measure requested: "give me the recognition accuracy X got on Y", "I need the FID of X"
            # (the words before the measure modify it: "give me papers on accuracy" asks for papers)
            r"|\b(?:(?:give|tell|show) me|i (?:need|want))\s+(?:the\s+|its\s+|their\s+)?"
            r"(?:(?!(?:papers?|works?|studies|research|on|about|for|in|of|with|and|or)\b)[\w-]+\s+){0,3}"
            + _MEASURE
            + r"\b"
            # "how does X score on Y?": a measured result
            r"|\bhow (?:does|did|do)\s+[^?]{1,60}?\s+(?:score|perform)\s+on\b"
            # a paper's measure, named by a possessive and ending the question: "what about their training cost?",
            # "give me TinyR1's AIME score"
            r"|(?:\b(?:its|their)|'s)\s+(?:[\w-]+\s+){0,2}" + _MEASURE + r"(?:\s+(?:on|for|in)\s+[^?]*)?\s*[?.!]*\s*$"
            # a possessive metric acronym measured on something: "TransKD's mIoU on Cityscapes"
            r"|'s\s+(?-i:[a-z]?[A-Z][A-Za-z0-9@-]*[A-Z][A-Za-z0-9@-]*)\s+(?:on|for|in)\b"
            # tersely, a name and its measure: "VE-KWS false rejection rate on the Eval set?", "TransIP force MAE
            # on OMol25?" (a metric's acronym measured on something)
            # (the name may be set off by a colon or a dash: "VE-KWS: false rejection rate on the Eval set?")
            r"|^\s*(?-i:[\w-]*[A-Z][\w-]*[A-Z0-9][\w-]*|[a-z]+\d[\w-]*)(?:'s|\s*:|\s+[-\u2013\u2014]+)?\s+(?:[\w-]+\s+){0,4}"
            r"(?:" + _MEASURE + r"(?:\s+(?:on|for|in)\s+[^?]*)?|(?-i:[A-Z]{2,5})\s+(?:on|for|in)\s+[^?]*)"
            r"\s*[?.!]*\s*$"
            # a measure asked with "what" closing the question: "and with roughly what crowdworker headcount?", or
            # before its verb: "what average BLEU gain is reported on CoVoST-2?"
            # (two measures may share the noun: "what false rejection and false alarm rates did it get?")
            r"|\bwhat\s+(?:[\w-]+\s+){0,2}(?:(?:and|or)\s+(?:[\w-]+\s+){1,2})?"
            + _MEASURE
            + r"(?:\s*\?|\s+(?:is|was|are|were|does|did|do)\b)"
            # ... or with no verb, of a named benchmark, closing a clause: "..., and what overall accuracy on
            # ScanObjectNN?" (the verb is the clause before's)
            r"|\bwhat\s+(?:[\w-]+\s+){0,2}" + _MEASURE + r"\s+(?:on|for|in)\s+(?:the\s+)?"
            r"(?-i:[A-Z0-9][\w.-]*)(?:\s+(?-i:[A-Z0-9][\w.-]*))*\s*[?.!]*\s*$"
            # a measure, then a verb of attainment in the passive: "chess Elo reached by the agent"
            r"|^\s*(?:[\w-]+\s+){1,3}(?:reached|achieved|attained|obtained|reported)\s+(?:by|in|with)\b|"
            + _ATTAINED.pattern,
            re.I,
        ),
    ),
]
#: What a model's size is stated in: a count of its parameters, its bytes, or a figure given the models themselves.
_MODEL_SIZE_NOUNS = ("models", "parameters", "params", "MB", "GB", "megabytes", "gigabytes")
#: What a speed is stated in: "2.3x faster", "a speedup of 3", "20 ms latency", "30 FPS", "tokens per second".
_SPEED_NOUNS = ("speed", "speedup", "speed-up", "faster", "latency", "throughput", "fps", "ms", "millisecond", "second")
#: The nouns of speed itself, which a question may ask for by name ("what speedup?").
_SPEED_STEMS = frozenset(stem(w) for w in ("speed", "speedup", "speedups", "speed-up", "speed-ups"))
#: A measure asked by "how" and its adjective or quantifier.
_HOW_MEASURED = re.compile(r"\bhow (?:many|much|large|big|fast|small|often|long|quick(?:ly)?|accurate)\b", re.I)
#: A size asked of models, the subject after the verb: "what sizes were the two SpikeGPT model variants?".
_SIZE_OF_MODELS = re.compile(
    r"\bwhat\s+sizes?\s+(?:is|are|was|were)\s+(?:the\s+|its\s+|their\s+)?(?:[\w-]+\s+){0,3}?models?\b", re.I
)
#: What a model's or a dataset's size is counted in, when a question asks which is bigger.
_SIZE_UNITS = tuple(
    """parameters params tokens words examples samples instances conversations dialogues utterances turns images
    videos pairs hours documents sentences questions comments""".split()
)
#: Nouns that say which quantity is meant; words of the question that are only question form do not.
_MEASURED = re.compile(r"\b(?:how (?:many|much)|number of|count of|size of)\s+((?:[\w'-]+\s+){0,4}[\w'-]+)", re.I)
_UNITS: dict[AttributeType, frozenset[str]] = {
    "duration": frozenset(
        stem(w)
        for w in "hours hour days day weeks week minutes minute seconds months years gpu-hours epochs epoch".split()
    ),
    "hardware": frozenset(stem(w) for w in "gpu gpus tpu tpus a100 v100 h100 cpu cpus nvidia accelerator".split()),
    "dataset": frozenset(stem(w) for w in "dataset datasets benchmark benchmarks corpus corpora data".split()),
    # the words that ask for a paper's own dataset; they name no topic of their own
    "resource": frozenset(
        stem(w)
        for w in """dataset datasets benchmark benchmarks corpus corpora introduce propose present release publish
        share collect build built construct create curate contribute provide offer produce compile assemble put make
        made new novel own large public""".split()
    ),
    # the words that ask when a paper came out, and who wrote it; they name no topic of their own ("when was that
    # published and how many people wrote it?")
    "date": frozenset(
        stem(w)
        for w in "published publish released release appeared appear came come out posted submitted date".split()
    ),
    "person": frozenset(stem(w) for w in "wrote write written authored author authors people persons".split()),
    # the words that ask where artefacts are; they name no topic of their own
    "availability": frozenset(
        stem(w)
        for w in """code implementation weights checkpoints available released release open source sourced
        open-sourced public publicly download downloadable github link url get find access provide share offer
        publish repository repo""".split()
    ),
}


@dataclass(frozen=True)
class Attribute:
    """What a fact question asks a paper to state: a type, and the nouns naming the measured thing."""

    type: AttributeType
    nouns: frozenset[str] = frozenset()  # stems, for matching
    words: tuple[str, ...] = ()  # as the question wrote them
    phrase: str = ""  # how the answer names it ("the parameter count")
    subject: frozenset[str] = frozenset()  # for a named thing: the question's own names, which are not the answer
    #: "Which GPUs?" asks which device: "8 GPUs" does not say, "A100 GPUs" does ("what hardware?" takes either).
    device_named: bool = False
    #: Words the question sets aside ("total param count? not the activated ones"): a number whose noun phrase
    #: holds one of them ("3.9B activated parameters") measures the quantity set aside, not the one asked for.
    excluded: frozenset[str] = frozenset()
    #: A measure of its own that its nouns qualify ("inter-annotator agreement": agreement), not a count of them
    #: ("parameter count"): a number counting the nouns ("three trained annotators") does not state it.
    measure: str = ""
    #: The question asks a measure's value, not a change of it ("what BLEU score does X reach?", not "how many points
    #: does it gain?"): a figure stating a change ("+2.67 BLEU over the state of the art") does not give it.
    level: bool = False
    #: The benchmarks a figure is asked on ("what numbers do they report on ScanObjectNN?"), as the question writes
    #: them: a paper that never writes one does not report a figure on it (EvidenceJudge.judge).
    benchmarks: tuple[str, ...] = ()
    #: A duration asked as a change ("how much training time does it save?"): a share of the time saved states it
    #: ("reduce training time by up to 83.5%"), where "how long did it take?" asks for hours or days.
    change: bool = False
    #: Names inside the phrase asking for datasets that say which kind ("QA" in "which QA datasets?"), lower-cased
    #: parts: a name holding one as a part ("PubMedQA", "COVID-QA") is a dataset of that kind.
    kind_named: frozenset[str] = frozenset()
    #: A named thing asked as the best of its kind ("which model scored highest?", "which of the tested LLMs did
    #: best?"): a sentence naming one without ranking it ("testing of 20 models (10 dedicated T2I models ...)") does
    #: not say which.
    best: bool = False
    #: The verb a count is asked by, the counted things its object ("how many people did they interview?"): its stem.
    #: A number straight after the verb counts its object, whatever noun the paper gives it ("We interviewed 12
    #: practitioners").
    verb: str = ""

    def also_naming(self, name: str) -> Attribute:
        """The same question with one more of its own names: the name of the paper it is asked of ("Lion")
        is its subject, never what is asked."""
        return replace(self, subject=self.subject | _name_parts(name))

    def is_own_name(self, word: str) -> bool:
        """Is ``word`` one of the question's own names ("JARVIS-1" asked about JARVIS-1, "pre-trained DiTs" asked
        "which pre-trained DiT?"), not an answer?"""
        return _name_parts(word) <= self.subject or (word.endswith("s") and _name_parts(word[:-1]) <= self.subject)

    def describe(self) -> str:
        if self.type == "person":
            return "its authors"
        if self.type == "date":
            return "a date"
        if self.phrase:
            return self.phrase
        return {
            "duration": "how long it took",
            "hardware": "the hardware used",
            "dataset": "the datasets used",
            "availability": "where its code or data are available",
            "resource": "a dataset or benchmark of its own",
        }.get(self.type, "that figure")


@dataclass(frozen=True)
class Intent:
    """How to answer: the shape, and the attribute a fact question asks for."""

    kind: Kind
    attribute: Attribute | None = None
    limitation: bool = False  # a summary asked for what the paper concedes (limitations, future work)
    aspect: str | None = None  # one paper asked for one aspect: "problem", "method" or "result" (rag.aspects)


#: One paper the question describes: "in the variational learning paper for ...", "the paper on X".
#: Or the subject after an auxiliary: "which backbone models did the posterior regularization paper use?"
#: Or opening the question: "the speech translation paper that inits its encoder with SAMU-XLS-R, what BLEU gain?"
_THE_PAPER = re.compile(
    r"(?:\b(?:in|by|from|of|for|about|regarding|did|does|do|has|have|had|is|was)\s+|^\W*)the\s+(?:[\w-]+\s+){0,6}?"
    r"(?:paper|work|study|article)\b(?!s)",
    re.I,
)


#: A topic's papers named by the topic: "the mixture-of-experts papers", "the RLHF works" (not a count of papers
#: on the table: "the two papers").
_A_TOPICS_PAPERS = re.compile(
    rf"\bthe\s+(?!(?:{'|'.join(NUMBER_WORDS)}|\d+)\b)(?:[\w-]+\s+){{1,3}}?(?:papers|works|studies|articles)\b",
    re.I,
)

#: A body of work, by a mass noun no one paper is: "all the knowledge distillation work in here", "the research on
#: federated learning", "the literature on X".
_A_BODY_OF_WORK = re.compile(
    r"\ball\s+(?:the\s+|of\s+the\s+)?(?:[\w-]+\s+){0,3}?(?:work|research|literature)\b"
    r"|\b(?:research|literature)\s+(?:on|about|in|into)\b"
    # ... or placed in the collection: "the text-to-image generation work in the collection" (not "the DiffKG work",
    # one paper)
    r"|\bthe\s+(?:[\w-]+\s+){1,3}?(?:work|research|literature)\s+(?:in\s+(?:the\s+|this\s+|your\s+)?"
    r"(?:collection|corpus|index|library)|in\s+here|here|you\s+have)\b",
    re.I,
)

#: A request for every paper of a topic: "list all of them", "give me all the continual learning papers", "every
#: paper on MoE", "I want all of them", "a full list of everything on X" (not the papers a conversation showed: "all the
#: papers you've mentioned" restricts those).
_ALL_PAPERS = re.compile(
    r"\b(?:list|show|give|find)\s+(?:me\s+|us\s+)?(?:them\s+)?all\b(?!\s+(?:the\s+)?(?:papers|ones)\s+(?:you|that\s+you))"
    r"|\ball\s+(?:of\s+)?(?:the\s+)?(?:[\w-]+\s+){0,4}?(?:papers|works?|studies|research|literature)\b"
    r"(?!\s+(?:you|that\s+you|(?:you|we)'ve)\b)"
    r"|\bevery\s+(?:single\s+)?(?:paper|work|study)\s+(?:on|about|in|that|which|dealing|using)\b"
    # "I want all of them", "a full list of everything on medical AI"
    rf"|\ball\s+of\s+them\b|\b(?:want|need)\s+(?:them\s+)?all\b|\b{COMPLETE_LIST}\b"
    # ("everything you have on X", "everything u've got about X")
    r"|\beverything\s+(?:(?:you|u|we)\s*(?:'ve\s+)?(?:have|got|can\s+find)\s+)?(?:on|about|in|related|to\s+do)\b",
    re.I,
)


def asks_for_all(question: str) -> bool:
    """Does the question ask for every paper of its topic, not the best few ("list all the MoE papers")?"""
    return bool(_ALL_PAPERS.search(question))


#: One paper the question speaks of: "there was a paper that ...", "the study where ...".
_A_PAPER = re.compile(r"\b(?:a|the|one|that|this)\s+(?:[\w-]+\s+){0,3}?(?:paper|study|work|article)\b(?!s)", re.I)


#: A statement before a spaced dash, the question after it: "the first one says it doesn't need the number of
#: clusters upfront - how does it get around that?".
_DASH = re.compile(r"\s[-\u2013\u2014]+\s")


def _asked_after_a_statement(question: str) -> str:
    """The question after a dash, or the last sentence, when the words before it state rather than ask; ""
    otherwise. ("A paper evaluates multimodal models along three dimensions (...). Over how many tasks?" asks a count
    of tasks, not of dimensions.)"""
    dash = _DASH.search(question)
    # (a paper described by a relative clause states, whatever its wh-word: "the work where an MLLM learns to ...")
    before = question[: dash.start()] if dash else ""
    if dash is None or (has_question_form(before) and not ONE_PAPER_DESCRIBED.match(before)):
        asking = asking_sentence_start(question)
        return question[asking:] if asking and not has_question_form(question[:asking]) else ""
    asked = question[dash.end() :]
    return asked if has_question_form(asked) else ""


def intent_of(question: str) -> Intent:
    attribute = attribute_of(question)
    aspect = next((name for name, asked in _ASPECT_ASKED.items() if asked.search(question)), None)
    compared = _COMPARE.search(question) or _CHOICE.search(question)
    if compared and any(aside.start() <= compared.start() < aside.end() for aside in _CONTRAST.finditer(question)):
        compared = None  # "which propose a method to reduce it, vs just measuring it?" sets the second aside
    if compared and _AGAINST.match(compared[0]) and _UNNAMED_OTHERS.match(question, compared.end()):
        compared = None  # "how fast is CONVERT, compared to the baselines?" asks CONVERT
    if attribute is None and aspect and _A_PAPER.search(question) and not (compared and _AGAINST.match(compared[0])):
        # "There was a paper that did a fair comparison of KAN and MLP ... what did it find?": the comparison is
        # what the paper did; the question asks that one paper for its results ("how does the attention-head paper
        # control it, compared with KnowPO?" sets the paper against another)
        return Intent("single", aspect=aspect)
    listed = _LIST.search(question)
    if compared and not (listed and listed.start() < compared.start()):
        # A request for papers that sets things against each other inside its topic asks for a list: "anything on
        # AI and human values - decent vs offensive behaviour ...?", "which papers compare X with Y?"
        if (
            attribute is not None
            and attribute.type == "quantity"
            and not attribute.level
            and not _CHANGE_ASKED.search(re.sub(rf"\b(?:{_COMPARATIVE})\b|\bcompared\b", " ", question, flags=re.I))
        ):
            # "which one reports higher accuracy on ScanObjectNN, ULIP-2 or I2P-MAE?": set side by side, a comparative
            # chooses between the papers' own levels, not a change either of them reports; the comparative is no noun
            # of what is measured ("higher accuracy" measures accuracy)
            nouns = attribute.nouns - _COMPARATIVE_STEMS or frozenset({attribute.measure} - {""}) or attribute.nouns
            benchmarks = benchmarks_asked(question)
            attribute = replace(attribute, nouns=nouns, level=True, benchmarks=benchmarks)
        return Intent("compare", attribute)
    if attribute is None and _LIMITATION.search(question) and not _LIST.search(question):
        # "Which papers study the limitations of RLHF?" is a topic search, not one paper's concession.
        return Intent("summary", limitation=True)
    if attribute is None and aspect and not _LIST.search(question):
        # "Explain how Lion distills ChatGPT", "what is the main finding?": one aspect, not a whole summary
        return Intent("single", aspect=aspect)
    if attribute is None and _SUMMARY.search(question):
        if (
            _LIST.search(question) or _A_TOPICS_PAPERS.search(question) or _A_BODY_OF_WORK.search(question)
        ) and not _REFERENCE.search(question):
            # "Summarise the papers on mixture of experts", "an overview of the MoE papers": a topic's papers, each
            # told by the sentence that answers, as a list tells them; no one paper is the subject.
            return Intent("list")
        return Intent("summary")
    fragment = not _QUESTION_FORM.search(question) and not _REFERENCE.search(question)
    if attribute is not None and _THE_PAPER.search(question):
        # "Which three datasets were used in the variational learning paper for ...?": a fact of one paper the
        # question describes, not a list of papers stating such facts
        return Intent("single", attribute)
    if _LIST.search(question) or asks_for_all(question) or (attribute is None and fragment):
        # a request for every paper of a topic asks for a list however it is worded ("give me everything on X")
        return Intent("list", attribute)
    return Intent("single", attribute, aspect=aspect if attribute is None else None)


#: "do" with no object, where a question asks how something did: "how did it do on VCR?", "how does it do?".
_DOES_AS_PERFORMS = r"\bdo\b(?=\s*(?:[?.!]|$)|\s+(?:on|in|at|against|versus|vs)\b)"
#: A question asking one paper for one aspect of it, by the aspect's wh-phrase: "What problem does OakInk
#: solve?", "How does KAM-CoT work?", "How well does it do?". The answer quotes the sentence of that aspect.
_ASPECT_ASKED = {
    "problem": re.compile(
        r"\bwhat\s+(?:problems?|challenges?|issues?|gaps?|motivation)\b|\bwhy\b[^?]*\bneeded\b"
        # why a paper was made: "Why did they build ECLeKTic?", "why was X created?"
        r"|\bwhy\s+(?:did|does|do|was|were|is|are)\b[^?]*\b(?:build|built|create|created|make|made|develop|"
        r"developed|propose|proposed|introduce|introduced|design|designed)\b",
        re.I,
    ),
    "method": re.compile(
        r"\bwhat\s+(?:methods?|approach(?:es)?|techniques?|architectures?)\b|\bhow\s+does\b[^?]*\bwork\b"
        # "what is the method?", "what's their main idea?"
        # (or "what's the actual method", "what's their approach?")
        r"|\bwhat(?:'s|\s+(?:is|are|was|were))\s+(?:the|its|their)\s+(?:main\s+|key\s+|core\s+|actual\s+|real\s+)?"
        r"(?:methods?|approach(?:es)?|techniques?|idea|mechanism)\b"
        # how a paper does what it does: "How does LLaVA-MoD make a small model?", "explain how Lion distills"
        # (not how it compares or scores, which asks for results)
        # (one paper's way, not the field's: "how do people / how did they evaluate it?" asks for papers)
        r"|\bhow\s+(?:does|did)\s+(?!(?:they|people|ppl|researchers|others|folks|you|we)\b)"
        rf"(?![^?]*\b(?:compare|perform|score|fare)s?\b)(?![^?]*{_DOES_AS_PERFORMS})|\bexplain\s+how\b"
        # what a paper proposes is its method: "what does GrowCLIP propose?"
        r"|\bwhat\s+(?:does|did)\s+[^?]{1,60}?\s+(?:propose|introduce|present)\b",
        re.I,
    ),
    "result": re.compile(
        r"\bwhat\s+(?:results?|findings?|outcomes?)\b|\bhow\s+well\b"
        # "how did it do on the VCR leaderboard?": "do" with no object is how it performed
        rf"|\bhow\s+(?:does|did)\s+[^?]*?{_DOES_AS_PERFORMS}"
        # "what is the main finding?", "what did they find?"
        r"|\bwhat(?:'s|\s+(?:is|are|was|were))\s+(?:the|its|their)\s+(?:main\s+|key\s+|actual\s+|real\s+)?"
        r"(?:results?|findings?|outcomes?|conclusions?)\b|\bwhat\s+did\s+(?:they|it|the\s+[\w-]+)\s+find\b",
        re.I,
    ),
}


#: A name-shaped word without its left boundary, for patterns that put something before it.
_NAME_BODY = r"(?=[\w-]*(?:[A-Z][\w-]*[A-Z]|\d))[A-Za-z][\w-]*\w"
#: A token that looks like a name: two capitals or a digit inside ("DC-CLIP", "CoMD", "GPT-4"), not a plain word.
_NAME_TOKEN = re.compile(r"(?<![\w-])" + _NAME_BODY)


#: A benchmark a figure is asked on: "accuracy on ScanObjectNN", "FID on MS-COCO", "score in AIME 2024" (a name with
#: two capitals or a digit, as _NAME_TOKEN reads names). A name followed by "one" or "paper" is a paper the question
#: picks ("how many images are in the MMKE one?"), not a benchmark the figure is measured on.
_ON_A_BENCHMARK = re.compile(
    r"\b(?:on|in|for|at|over)\s+(?:the\s+)?("
    + _NAME_TOKEN.pattern
    + r")(?![\w-])(?!\s+(?:one|paper|work|study|article)\b)"
)


#: ... or named before the measure it modifies: "zero-shot ImageNet top-1 accuracy", "VQAv2 test-std accuracy" (a name
#: written from a capital: "top-1" is part of the measure).
_BENCHMARK_BEFORE_A_MEASURE = re.compile(
    r"(?<![\w-])((?=[A-Z])" + _NAME_BODY + r")(?i:\s+(?:[\w-]+\s+){0,2}?" + _MEASURE + r")(?![\w-])"
)


#: A further name joined to a benchmark asked on: ", ScanObjectNN", " and ScanObjectNN", ", or the COCO".
_JOINED_BENCHMARK = re.compile(
    r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)(?:the\s+)?(" + _NAME_TOKEN.pattern + r")(?![\w-])"
)


def benchmarks_asked(question: str) -> tuple[str, ...]:
    """The benchmarks a figure is asked on (:data:`_ON_A_BENCHMARK`, :data:`_BENCHMARK_BEFORE_A_MEASURE`), and the
    names joined to one asked on ("on ModelNet40 and ScanObjectNN" asks both)."""
    found = []
    for match in _ON_A_BENCHMARK.finditer(question):
        found.append(match.group(1))
        end = match.end()
        while joined := _JOINED_BENCHMARK.match(question, end):
            found.append(joined.group(1))
            end = joined.end()
    found += [
        m.group(1)
        for m in _BENCHMARK_BEFORE_A_MEASURE.finditer(question)
        if m.group(1) not in found and not re.fullmatch(_MEASURE, m.group(1), re.I)  # ("what BLEU gain?")
    ]
    return tuple(found)


def names_in(text: str) -> list[str]:
    """The name-shaped tokens ``text`` writes (two capitals or a digit inside: "ScanObjectNN", "GPT-4")."""
    return _NAME_TOKEN.findall(text)


def writes_name(name: str, text: str) -> bool:
    """Does ``text`` write ``name``, whole or by its longer letter run ("MS-COCO" is written by "COCO")?"""
    runs = [name, *(run for run in re.findall(r"[A-Za-z]{4,}", name) if run != name)]
    return any(re.search(rf"(?<![\w-]){re.escape(run)}(?![\w-])", text, re.I) for run in runs)


def name_written(name: str, flags: int = 0) -> re.Pattern[str]:
    """A name as a text may write it: whole, and an acronym with or without its plural "s" ("MLPs" is written "MLP"
    by a paper comparing KAN and MLP, and "LLM" is written "LLMs"); a hyphen before a version number may be left out
    or be a space ("GPT-3.5" is written "GPT3.5"); and a name ending in a letter is written with a size after it, which
    names a version of the same thing ("LAION" is written "LAION400M" or "LAION-5B")."""
    singular = name[:-1] if re.fullmatch(r"[\w-]*[A-Z]s", name) else name
    plural = "s?" if re.search(r"[A-Z]$", singular) else ""
    sized = r"(?:-?\d+(?:\.\d+)?[KMBkmb])?" if re.search(r"[A-Za-z]$", singular) else ""
    written = r"[-\s]?".join(re.escape(part) for part in re.split(r"(?<=[A-Za-z])-(?=\d)", singular))
    return re.compile(rf"(?<![\w-]){written}(?:{plural}|{sized})(?![\w-])", flags)


#: A word and the version number after it, "llama 2", "gpt 4", "yolo v8": a model's name, however it is cased. The
#: number is the phrase's last word or comes before a function word ("llama 2 or mistral"); one before a noun counts
#: that noun ("use 2 datasets").
_VERSIONED = re.compile(r"\b([a-z][\w-]*)\s+v?\d{1,2}(?:\.\d)?\b(?=\s*(?:$|[^\w\s]|(\w+)))", re.I)


def versioned_names(question: str) -> set[str]:
    """The words a question names a model with by writing its version after them: "start from llama 2?" ->
    {"llama"}. Lower case hides such a name from its shape, the version does not."""
    return {
        m[1].lower()
        for m in _VERSIONED.finditer(question)
        if m[1].lower() not in FUNCTION_WORDS and (m[2] is None or m[2].lower() in FUNCTION_WORDS)
    }


def is_a_kind(word: str, kinds: Collection[str]) -> bool:
    """Is ``word`` one of ``kinds``, the short forms the corpus uses for a kind of thing ("LLM"), or its plural
    ("LLMs")?"""
    lower = word.lower()
    return lower in kinds or lower.removesuffix("s") in kinds


def papers_named(question: str, texts: dict[str, str], kinds: Collection[str] = frozenset()) -> list[tuple[int, str]]:
    """Papers the question names by a name only one of ``texts`` (paper id -> title and abstract) contains,
    as (offset in the question, paper id): "CoMD" names the one candidate that introduces CoMD, while
    "LLMs", which many contain, names none. ``kinds``: short forms the corpus uses for a kind of thing ("lm"), which
    name no paper however few candidates write them ("BERT-style LMs")."""
    found = []
    for match in _NAME_TOKEN.finditer(question):
        if re.fullmatch(_MEASURE, match.group(0), re.I) or is_likeness(match.group(0)):
            continue  # a metric's name ("BLEU", "mIoU") is what is asked, and names no paper; nor does "CLIP-style"
        if is_a_kind(match.group(0), kinds):
            continue
        word = name_written(match.group(0))
        holders = [pid for pid, text in texts.items() if word.search(text)]
        if len(holders) == 1:
            found.append((match.start(), holders[0]))
    return found


#: A device asked by which one it is: "which GPUs", "what GPU model", "TPU type".
_WHICH_DEVICE = re.compile(
    r"\b(?:what|which)\s+(?:kind of |type of )?(?:gpus?|tpus?|accelerators?)\b"
    r"|\b(?:gpu|tpu|accelerator)s?\s+(?:models?|types?|kinds?)\b",
    re.I,
)
#: A measure a verb of change acts on names a goal, a topic: "which papers improve CLIP's zero-shot accuracy?"; so does
#: one a verb of dealing with a problem acts on: "anything tackling that teacher/student capacity gap?".
_MEASURE_AS_GOAL = re.compile(
    r"\b(?:improv|increas|reduc|boost|enhanc|rais|lower|cut|decreas|maximi[sz]|minimi[sz]"
    r"|tackl|address|bridg|clos|narrow|overcom|mitigat)\w*\s+"
    r"(?:[\w-]+'s\s+|the\s+|their\s+|its\s+|that\s+|this\s+)?(?:[\w-]+\s+){0,3}" + _MEASURE + r"\b",
    re.I,
)


_KIND_OF = r"(?:kinds?|types?|sorts?)\s+of\b"
#: "What kinds of errors does it test?" asks what they are, not how many.
_KINDS_OF = re.compile(rf"\b(?:what|which)\s+{_KIND_OF}", re.I)
#: ... but a change asked by its kind ("what kind of gains / savings do they each report?") is told by its figures:
#: "reduce training time by up to 83.5%". The kind is no measure of its own.
_KIND_OF_CHANGE = re.compile(
    rf"\b(what|which)\s+{_KIND_OF}\s+(?=(?:[\w-]+\s+)?(?:gains?|improvements?|savings?|speed-?ups?|boosts?|reductions?)\b)",
    re.I,
)
#: ... and so do "what two kinds of data views does it combine?" and "which other types of data ...?", whose word
#: before the kind counts or sets apart the kinds asked for (the data of each kind, described, not a dataset named).
_SOME_KINDS_OF = re.compile(
    rf"\b(?:what|which)\s+(?:(?:two|three|four|five|several|other|different|main)\s+)?{_KIND_OF}", re.I
)
#: A fragment ending in a measure asks for it: "aria moe total param count?", "gbt-sam Dice on meningioma?",
#: "LXMERT NLVR2 accuracy before and after?".
_TERSE_MEASURE = re.compile(r"\b" + _MEASURE + r"(?:\s+(?:on|for|in)\s+[^?]*|(?:\s+[\w-]+){1,3})?\s*\?", re.I)


#: A count a question says is to be worked out, as an indirect question after a verb of knowing: "not knowing how many
#: cell types there are", "estimating how many clusters exist".
_KNOWING_HOW_MANY = re.compile(
    r"\b(?:know|knowing|knows|estimate|estimating|estimates|determine|determining|determines|decide|deciding"
    r"|figure out|figuring out|infer|inferring|guess|guessing)\s+how\s+(?:many|much)\b",
    re.I,
)
#: ... or one a method needs to be given: "does scUNC need you to say how many groups there are in advance?" asks
#: whether the count is an input (its abstract: "without the need for a predefined number of clusters"), not the
#: count. Only after a word of need: "can you say how many layers it has?" asks the count.
_NEEDING_HOW_MANY = re.compile(
    r"\b(?:need|needs|needed|require|requires|required|must|have to|has to)\b[^?.;]{0,30}?"
    r"\b(?:say|specify|set|give|provide|choose|pick|fix|tell|input|enter|supply|define|predefine)\s+"
    r"(?:\w+\s+)?how\s+(?:many|much)\b",
    re.I,
)
#: A figure asked as such: "how many GPUs did they use?" opens the question.
_MEASURED_ASKED = re.compile(r"^\W*(?:and\s+)?how\s+(?:many|much)\b", re.I)


#: A question inside the topic, as the object of a verb in -ing: "anything on predicting how long cancer patients will
#: survive?", "learning which features matter". It is what the papers work on, not a fact asked of them.
_GERUND_BEFORE = re.compile(r"\b(?!(?:any|some|no|every)?thing\b|during\b)[a-z]+ing\s+$", re.I)
_WH_WORD = re.compile(r"(?:how|which|what|when|who|where)\b", re.I)
#: A question opening with "when": it asks a time.
_ASKS_WHEN = re.compile(r"^\W*(?:(?:and|so|ok)\s+)?when\b", re.I)


#: A question asking how something is done, up to a later point of the same clause ("how does KCA figure out ...").
_ASKS_HOW = re.compile(
    r"^\W*how\s+(?:does|do|did|can|could|would|should|is|are|was|were)\b(?:(?!\band\b)[^?;,])*$", re.I
)
#: A question seeking one paper by what it does: "paper that probes ...", "which work measures ...", "I remember a
#: study where ...".
_SEEKS_A_DESCRIBED_PAPER = re.compile(
    r"^\W*(?:(?:i(?:'m| am) looking for|looking for|find me|find|show me|there was|there's|there is|i remember"
    r"|i recall|i half-remember|is there)\s+)?"
    r"(?:(?:a|the|that|one)\s+)?(?:paper|work|study|article)\s+(?:that|which|where|in which|who)\b"
    # ... a method or a model remembered by what it does: "I remember a transfer learning method where ..."
    r"|^\W*(?:there was|there's|there is|i remember|i recall|i half-remember|looking for)\s+(?:a|an|the|some|that)\s+"
    r"(?:[\w-]+\s+){0,3}?(?:paper|work|study|article|method|approach|model|framework|technique|system)\s+"
    r"(?:that|which|where|in which|who|on|about|for)\b"
    # ... or as "one": "i remember one that encodes the whole corpus in the model weights"
    r"|^\W*(?:there was|there's|there is|i remember|i recall|i half-remember)\s+one\s+(?:that|which|where|in which)\b"
    r"|^\W*which (?:paper|work|study|article)\b"
    # ... or the dataset that is one, as the subject of what it does: "Which dataset builds a multimodal knowledge
    # graph out of international news articles ...?" (not "which dataset does it use?")
    r"|^\W*which (?:dataset|benchmark|corpus)\s+(?!(?:is|does|has|was)\b)[a-z]+s\b"
    # ... or described first and asked for after: "KG embedding paper in the TransE family that ... - which one?"
    r"|^[^?]*\b(?:paper|work|study|article|method)\b[^?]*[-\u2013\u2014,:]\s*which\s+(?:one|paper|is\s+it)\s*\?\s*$",
    re.I,
)


#: A fact asked as a noun phrase with a relative clause naming its paper: "base LLM that SpeechGPT is built on", "names
#: of the datasets DiffKG was evaluated on". Read as the question it stands for ("which base LLM is SpeechGPT built
#: on?").
_FACT_AS_PHRASE = re.compile(
    r"^\W*(?:the\s+)?(?:names?\s+of\s+(?:the\s+)?)?(?P<asked>(?:[\w-]+\s+){0,3}?[\w-]+)\s+(?:that\s+|which\s+)?"
    r"(?P<subject>[\w.-]*(?:[a-z0-9][A-Z]|[A-Z]{2}|\d)[\w.-]*)\s+(?P<aux>is|was|were|are)\s+"
    r"(?P<verb>built|based|trained|pre-?trained|fine-?tuned|evaluated|tested|initiali[sz]ed)\s+(?P<prep>on|with|from|in)"
    r"\s*[?.!]*\s*$",
    re.I,
)


#: "written by" or "authored by" after the word naming what was written: "text that was written by ChatGPT", "papers
#: written by", "was it written by" (a capitalised word, a paper's name, is not matched: "is LLaVA-MoD written by").
_WRITTEN_BY = re.compile(
    r"\b((?-i:[a-z]+))(?:\s+(?:that|which))?(?:\s+(?:is|are|was|were|been|being))?\s+(?:written|authored)\s+by\s*$",
    re.I,
)
#: The words that say the thing written is a paper (or point at one), or that leave it unsaid ("were written by").
_WRITTEN_PAPER = frozenset(
    """paper papers work works study studies article articles it they this that these those one ones which who each
    all both is are was were been being""".split()
)


def _written_of_a_thing(text: str) -> bool:
    """Does ``text`` end on "written by" said of a thing other than a paper ("essays written by students")? Said of a
    paper, or with nothing before it, it asks for authors."""
    match = _WRITTEN_BY.search(text)
    return match is not None and match.group(1).lower() not in _WRITTEN_PAPER


#: The units a quantity's figure may be written in alone, naming no noun the question asks: compute saved is "a 3.7x
#: FLOPs reduction" or "20x fewer operations", a model's compute "1.2 GFLOPs".
_FIGURES_WRITTEN_IN = {
    stem("compute"): frozenset(stem(w) for w in "flops gflops tflops pflops macs gmacs operations ops".split())
}


#: Words asking what the collection holds: "are there", "in the collection", "do you have".
_HELD_BY_THE_COLLECTION = re.compile(
    r"\b(?:are|is)\s+there\b|\bin\s+(?:the\s+)?(?:collection|corpus|here)\b"
    r"|\b(?:do|does)\s+(?:you|the\s+collection|the\s+corpus)\s+(?:have|hold|contain)\b|\bhave\s+you\s+got\b",
    re.I,
)


#: Papers a question asks a fact of, pointed at: "which datasets are there in their experiments?".
_ASKED_OF_PAPERS = re.compile(r"\b(?:they|it|its|their|these|those)\b", re.I)


def _asks_the_collection_s_datasets(question: str) -> bool:
    """Does the question ask which datasets the collection holds ("What benchmarks are there for testing multimodal
    LLMs?", "which datasets are in the collection for ...?")? Its items are papers, so the datasets asked are the
    papers that bring their own, not a dataset each paper names."""
    return bool(_HELD_BY_THE_COLLECTION.search(question)) and not (
        _THE_PAPER.search(question) or _REFERENCE.search(question) or _ASKED_OF_PAPERS.search(question)
    )


#: A clause asking directly puts an auxiliary before its subject ("how much do they cut", "which checkpoint was it
#: derived from", "what's their trick"); a clause with its subject first is part of a sentence ("letting a model
#: decide, per question, how long its chain of thought should be", "work out, given a fine-tuned network, which
#: original checkpoint it was derived from", "chatbots that pull in outside facts, when they reply").
_AUXILIARY = re.compile(
    r"\b(?:is|are|was|were|do|does|did|can|could|should|would|will|has|have|had|may|might|must)\b|['\u2019]s\b", re.I
)
_SUBJECT = re.compile(r"\b(?:it|its|itself|they|their|them|themselves|he|she|we|you)\b", re.I)


def asks_directly(clause: str) -> bool:
    """Does ``clause`` ask with an auxiliary before its subject (:data:`_AUXILIARY`), or of a subject its question
    word holds ("how many passages get retrieved per query?", no pronoun after it)?"""
    auxiliary, subject = _AUXILIARY.search(clause), _SUBJECT.search(clause)
    return subject is None or (auxiliary is not None and auxiliary.start() < subject.start())


#: An aside in brackets.
_BRACKETED = re.compile(r"\([^()]*\)")


def attribute_of(question: str, names_before: frozenset[str] = frozenset()) -> Attribute | None:
    """The fact a question asks of a paper, if any. ``names_before``: names a question this one is a clause of wrote
    before it ("For TinyR1, ..., and which models served as teacher and student?"), of the paper it asks about."""
    asked = _asked_after_a_statement(question)
    if asked:
        after_the_dash = attribute_of(asked, names_before)
        if after_the_dash is not None or any(pattern.search(asked) for pattern in _ASPECT_ASKED.values()):
            # what a statement before the question names ("the number of clusters") is what the paper says, not what
            # is asked: "the first one says it doesn't need the number of clusters upfront - how does it get around
            # that?" asks how; "the study on PPG from low frame rate fingertip videos - how many people did they test
            # on?" asks a count of people, not the frame rate its description names
            return after_the_dash
    glossed = _BRACKETED.sub(" ", question)
    if glossed != question and has_question_form(glossed) and (_LIST.search(glossed) or asks_for_all(glossed)):
        # a request for papers glosses its topic in brackets, which asks nothing of a paper: "everything on models of
        # source code (CodeBERT-style code models and what people do with them)"
        return attribute_of(glossed, names_before)
    if not has_question_form(question) and (phrase := _FACT_AS_PHRASE.match(question)):
        asked, subject, aux, verb, prep = phrase.group("asked", "subject", "aux", "verb", "prep")
        return attribute_of(f"which {asked} {aux} {subject} {verb} {prep}?")
    # "what's the FID of X?", and without the apostrophe, "whats the name of ..."
    question = re.sub(r"\b(what|who|where|how)'?s\b", r"\1 is", question, flags=re.I)
    question = re.sub(r"(\w)\(s\)", r"\1s", question)  # "which language(s)"
    # "how accurate was it?" asks its accuracy, a measure as "what was its accuracy?" does (in a clause of its own:
    # "what was it trained on and how accurate is it?" asks first what it was trained on)
    accurate = re.search(r"\bhow accurate (is|was|are|were)\b", question, re.I)
    if accurate and not has_question_form(question[: accurate.start()]):
        question = f"{question[: accurate.start()]}what {accurate.group(1)} the accuracy of{question[accurate.end() :]}"
    question = re.sub(r"(?<=[A-Za-z])/(?=[A-Za-z])", " or ", question)  # "what ACC/NMI": either measure
    question = _KIND_OF_CHANGE.sub(r"\1 ", question)
    question = _MATCHED_MEASURE.sub(" ", question)  # "compared with the same number of parameters" sets a condition
    form = re.sub(r"\s*\([^)]*\)", "", question)  # an aside in brackets is not the question's form
    if _SEEKS_A_DESCRIBED_PAPER.match(question) and (asking := asking_sentence_start(question)):
        # "There's a study that matches parameter count and FLOPs to ... Which paper is that and what else did it
        # find?": the sentence describing the paper sought asks nothing; the question after it may
        return attribute_of(question[asking:], names_before)
    describes_the_paper_sought = bool(_SEEKS_A_DESCRIBED_PAPER.match(question)) and not _FURTHER_ASK.search(question)
    for kind, pattern in _ATTRIBUTE_PATTERNS:
        if (
            kind == "quantity"
            and (_MEASURE_AS_GOAL.search(question) or _KINDS_OF.search(question))
            and not re.search(r"\bhow (?:many|much)\b", question, re.I)
        ):
            continue  # "which papers improve X's accuracy?" asks for a topic; "what kinds of errors?" for a description
        if kind == "dataset" and _SOME_KINDS_OF.search(question) and not _TASKS_ASKED.search(question):
            continue  # "what kinds of data does PIBD combine?" asks for a description ("pathological images and
            # genomic data"), not a dataset's name
        if (
            kind == "quantity"
            and (_KNOWING_HOW_MANY.search(question) or _NEEDING_HOW_MANY.search(question))
            and not _MEASURED_ASKED.search(question)
        ):
            # "how do they deal with not knowing how many cell types there are?": a count the papers must work out
            # is their problem, not the figure asked
            continue
        if kind in ("quantity", "dataset", "entity") and describes_the_paper_sought:
            # "paper that probes whether LMs know object colours, as a way to measure how much visual knowledge gets
            # into text models": what it measures describes the paper sought; it asks for the paper, not a figure
            continue
        if kind == "availability" and _ASKS_WHEN.match(form):
            continue  # "when was the MoRE paper released?" asks a date, not where it is released
        asked = pattern.search(form)
        if asked and (further := _FURTHER_ASK.search(form)) and asked.start() < further.start() < asked.end():
            # a kind of fact read across the first clause's end, where the first clause alone asks another kind,
            # blends two asks; the later one is a further ask (:func:`further_asks`): "which models did they use and
            # how often could they get the in-context answer?" asks the models first (read whole, it asked how often
            # "the models" ..., which "On Pythia and GPT2, ..." does not state)
            earlier = attribute_of(form[: further.start()], names_before)
            if earlier is not None and earlier.type != kind:
                return earlier
        if asked and kind == "dataset" and _asks_the_collection_s_datasets(question):
            return Attribute("resource")
        if asked and _WH_WORD.match(asked.group(0)) and _GERUND_BEFORE.search(form[: asked.start()]):
            continue  # "anything on predicting how long patients survive?": the topic, not a fact asked
        if (
            asked
            and _WH_WORD.match(asked.group(0))
            and form[: asked.start()].rstrip().endswith(",")
            and has_question_form(form[: asked.start()])
            and not asks_directly(form[asked.start() :])
        ):
            # "Which paper lets a model decide, per question, how long its chain of thought should be?": after a
            # comma, a clause of the question with its subject first describes the paper sought; it asks no
            # duration (without the comma it may be the fact asked: "do any of those say how many papers they
            # reviewed?")
            continue
        if asked and kind == "person" and _written_of_a_thing(form[: asked.end()]):
            continue  # "anything on spotting text that was written by chatgpt?": the text's writer is the topic
        if asked and kind != "quantity" and _ASKS_HOW.match(form[: asked.start()]):
            # "how does KCA figure out which training data an LLM doesn't know?": the "which" clause is what the
            # method works out, inside a question asking how; no dataset is asked
            continue
        if asked or (kind == "quantity" and _TERSE_MEASURE.search(form) and not has_question_form(form)):
            words, shown, measure = _measured_nouns(question) if kind == "quantity" else ((), "", "")
            if kind == "availability" and LICENCE.search(question):
                # "what license is their code released under?": a release that names no licence does not say
                words, shown = ("licence",), "the licence its code or data are released under"
            elif kind == "availability" and re.search(r"\bgithub\b", question, re.I):
                # "which ones provide a GitHub link?": a Hugging Face page or a promise to release is no GitHub link
                words, shown = ("github",), "a GitHub link"
            if kind == "dataset" and _TASKS_ASKED.search(question):
                # "which tasks did they evaluate on?": tasks are named in lower case too ("on image-text retrieval
                # and visual question answering tasks")
                words, shown = ("tasks",), "the tasks it is evaluated on"
            elif kind == "dataset" and _EVALUATED_ON_ASKED.search(question):
                words, shown = ("tasks",), "what it is evaluated on"
            elif kind == "dataset" and _TRAINING_DATA_ASKED.search(question):
                # "what was it trained on?": the data may be described rather than named ("a 4TB corpus of plain
                # texts", "pretrained solely with text data")
                words, shown = ("trained",), "the data it was trained on"
            elif kind == "dataset" and _EVALUATION_VERB.search(question):
                # "what datasets do they evaluate retrieval on?": the data of its experiments, not of its training
                words = ("evaluated",)
            device = kind == "hardware" and bool(_WHICH_DEVICE.search(question))
            excluded = _set_aside(question) if kind == "quantity" else frozenset()
            level = kind == "quantity" and not _CHANGE_ASKED.search(question)
            nouns = frozenset(stem(w) for w in words)
            if kind == "quantity":
                nouns |= {unit for noun in nouns for unit in _FIGURES_WRITTEN_IN.get(noun, ())}
            # "which two multi-hop QA datasets?": a name inside the asked phrase says which kind, so a sentence
            # writing "QA tasks" names no dataset (a guess outside it, "evaluated on COCO?", is still an answer)
            kind_names = " ".join(m.group(0) for m in _NAME_TOKEN.finditer(asked.group(0))) if asked else ""
            subject = _name_parts(kind_names) if kind == "dataset" else frozenset()
            benchmarks = benchmarks_asked(question) if level else ()
            change = kind == "duration" and bool(_CHANGE_ASKED.search(question))
            found = (kind, nouns, words, shown, subject, device, excluded, measure, level, benchmarks, change)
            verb = _COUNTED_OBJECT.search(question) if kind == "quantity" else None
            # (a verb of every request says nothing of what was counted: "how many datasets did they use?")
            counting = (verb.group(1) or verb.group(2)).lower() if verb else ""
            counted_by = stem(counting) if counting and counting not in STOP_WORDS else ""
            return Attribute(*found, kind_named=subject, verb=counted_by)
    # ("which specific LLMs (GPT-3.5? GPT-4?) were used?": the options offered in brackets stand between the words
    # that ask for the thing)
    if describes_the_paper_sought:
        # ("I remember a method where a learner decides which layers of the source network get wired into the
        # target's" names no thing asked either)
        return None
    named = _named_thing(question, names_before) or (_named_thing(form, names_before) if form != question else None)
    clauses = [clause for clause in _FURTHER_ASK.split(question) if clause.strip()]
    if named is None and len(clauses) > 1 and not _COMPARE.search(question):
        # "what was it trained on and how accurate is it?": the first clause asks a fact its form shows alone (a
        # comparison's clauses say what to compare the papers on)
        return attribute_of(clauses[0])
    return named


#: A count asked of the object of the paper's verb: "how many people did they interview?", "how many images did they
#: collect?" (not a verb taking its object through a preposition: "how many datasets did they evaluate on?" counts
#: what it names after "on").
_COUNTED_OBJECT = re.compile(
    r"\bhow\s+many\s+(?:[\w-]+\s+){1,3}?(?:did|do|does|have|has|had)\s+"
    r"(?:(?:they|it|the\s+authors|the\s+researchers)\s+([a-z]+)\b(?!\s+(?:on|in|with|from|for|to|by|at)\b)"
    # (or with the pronoun taken out, as the follow-up's own question is: "how many people did interview, and ...")
    r"|([a-z]+)(?=\s*(?:[?,.;!]|\band\b|$)))",
    re.I,
)


#: "Which <class>" / "which specific <class>" / "Name the <class>" asks one named paper for a named thing:
#: "JARVIS-1 is built on which specific language model?", "Which lab are the KAM-CoT authors at?".
_NAMED_THING = re.compile(
    r"(?:\b(?:which|what)\s+(?:specific|particular|exact)\s+|\bwhich\s+"
    # a request, maybe politely asked: "List the ...", "Can you name the ...", "please identify the ...", opening the
    # message or a sentence or clause of it: "I want to try ConvLab-3. Can you name the ...", "For EoT, list the ..."
    r"|(?:^|(?<=[.?!,;:]))\s*(?:(?:can|could|would|will)\s+you\s+|please\s+)?(?P<request>name|list|identify)\s+the\s+)"
    r"(?P<thing>(?:[\w-]+\s+){0,3}?[\w-]+)"
    # what follows the noun: a verb ("is", "did", "can", "developed", "released") or the question's end, maybe
    # after an adverb ("which model exactly was fine-tuned ...?")
    r"(?:\s+(?:exactly|specifically|precisely))?"
    r"(?=\s+(?:is|are|was|were|does|did|do|has|have|had|get|gets|got|came|comes|can|could|will|would|should|the|that|used"
    r"|covered"
    # (or, after a request, the paper on the table doing it: "name the user simulators it ships with", "list the exact
    # LLMs they ran"; after "which" a word before "it" is the verb: "which team won it?")
    r"|(?(request)(?:it|they)|(?!))"
    # (not a participle before the noun it modifies: "which two pretrained models does it glue together?")
    r"|[a-z]+ed\b(?!\s+[\w-]+\s+(?:is|are|was|were|does|did|do|has|have|had|get)\b))\b"
    # or the paper's name: "List the four downstream logistics tasks G2PTL was evaluated on.", and its verb in the
    # words of a question told rather than asked: "I'd like to know which LLM checkpoint LLM2CLIP fine-tunes"
    r"|\s+(?-i:[\w-]*[A-Z][\w-]*[A-Z0-9])\s+(?:is|are|was|were|does|did|has|have|had|uses?|used"
    r"|(?-i:[a-z][\w-]*[a-z](?:es|s|ed))(?=\s+(?:to|on|in|into|with|for|from|as|by)\b|\s*[?.,;!]|\s*$))\b"
    # or a verb and a preposition before the paper's name: "which user simulators come with ConvLab-3?"
    r"|\s+[a-z]+\s+(?:with|in|from|inside)\s+(?-i:[\w-]*[A-Z][\w-]*[A-Z0-9][\w-]*)\s*\??\s*$"
    r"|\s*\?|\s*\.?\s*$)",
    re.I,
)
#: "What <thing> does X ...?" asks for a name as "which" does ("what base model does KnowPO build on?"), unless
#: the verb asks what the paper contributes ("what model does X propose?" wants a description).
_WHAT_THING = re.compile(
    # (an adverb after "what" only stresses it: "what exactly do they do with the video?" names no thing; after a
    # verb's -ing form it opens a clause of the topic, not the question: "a dataset for recognizing what people do")
    r"(?<!ing )\bwhat\s+(?!(?:exactly|precisely|actually|really|else|specifically|then|now)\b)"
    r"((?:[\w-]+\s+){0,3}?[\w-]+)(?=\s+(?:is|are|was|were|does|did|do|can|could|will|would|should)\b)"
    # "what is the base model ChatFlow continues training from?", "what are the communication paradigms in EoT?"
    # ... or "what are its two variants called?", the paper on the table's own
    r"|\bwhat(?:'s|\s+is|\s+are|\s+was|\s+were)\s+(?P<owner>the|its|their)\s+((?:[\w-]+\s+){0,3}?[\w-]+)"
    # or at the question's end, the paper named before: "In TinyR1-32B-Preview, what were the teacher and student?"
    r"(?=\s+(?:in|of|that|which|used|behind|called|named)\b|\s+(?-i:[\w-]*[A-Z][\w-]*[A-Z0-9])|\s*\?|\s*$)",
    re.I,
)
#: The paper a follow-up asks about, referred to rather than named: "which base model did they fine-tune?",
#: "which LLM does the paper use?" ask the paper on the table for a named thing as "which LLM does IMMO use?" does.
_PAPER_REFERENCE = re.compile(
    r"\b(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would)\s+"
    # "which university are the Wizard of Wikipedia authors from?": the paper's title may stand before its noun
    # ("each" alone is the papers on the table, one by one: "which target language does each (of those) focus on?")
    r"(?:they|it|each(?:\s+(?:one|paper|of\s+(?:them|those|these)))?|(?:the|this)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:paper|authors|study|work))\b"
    r"(?!\s*\?)",
    re.I,
)
#: What a name is asked of, after "the name": " of the dataset they built", " of the pretraining dataset they built"
#: (up to three words, cut where a clause starts: :func:`_named_thing`).
_NAME_OF = re.compile(r"\s+of\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?((?:[\w-]+\s+){0,2}[\w-]+)(?=\s|\?|$)", re.I)
#: A question asking what a thing is called: "whats the name of the benchmark they introduce?"
_ASKS_A_NAME = re.compile(r"\bnames?\s+of\b", re.I)
#: A pronoun for the paper on the table as the subject of a clause: "the benchmark they introduce".
_DONE_BY_THE_PAPER = re.compile(r"\b(?:they|it)\s+(?!(?:is|are|was|were)\b)[a-z]+\b", re.I)
_CONTRIBUTES = re.compile(r"\b(?:propos|introduc|present|contribut|solv|address|tackl|stud(?!ent)|focus)\w*", re.I)
#: A language asked for by its noun: "which (target) language(s) ...", "what language ...".
_LANGUAGE_ASKED = re.compile(r"\b(?:which|what)\s+(?:[\w-]+\s+)?languages?\b", re.I)
#: Heads that ask for a description, not a name ("which task does X address?", "what extra loss term do they add?": a
#: term of an objective is described), and the collection's own items.
_DESCRIPTIVE_HEADS = frozenset(
    stem(w)
    for w in """task problem method approach technique idea contribution goal aim purpose way issue challenge
    limitation result finding step strategy trick objective part aspect kind type sort one ones paper papers work
    works study studies article articles architecture mechanism design loss function module component term
    terms""".split()
)


#: A language a question sets aside: "a non-English language", "languages other than English", "besides English".
_LANGUAGE_SET_ASIDE = re.compile(
    rf"\b(non)[\s-]?({LANGUAGE_NAME})\b"
    rf"|\b(?:other\s+than|besides|apart\s+from|except(?:\s+for)?|rather\s+than|beyond)\s+({LANGUAGE_NAME})\b",
    re.I,
)


#: A count of more than one, asked as a restriction: "which of those distill from more than one teacher model?",
#: "which use multiple views?".
_MORE_THAN_ONE = re.compile(
    r"\b(?:more\s+than\s+(?:one|a\s+single)|multiple|several|two\s+or\s+more|at\s+least\s+two)\s+([a-z]+)", re.I
)


def counted_as_several(question: str) -> list[str]:
    """The nouns the question asks a paper to have more than one of: "teacher" of "more than one teacher model"."""
    return [m.group(1).lower() for m in _MORE_THAN_ONE.finditer(question) if m.group(1).lower() not in STOP_WORDS]


def languages_set_aside(question: str) -> frozenset[str]:
    """The stems of the words with which the question sets a language aside: {"non", "english"} for "evaluated on a
    non-English language", {"english"} for "languages other than English"; empty if it sets none aside."""
    return frozenset(
        stem(word.lower()) for match in _LANGUAGE_SET_ASIDE.finditer(question) for word in match.groups() if word
    )


#: A language by name, whatever its case: "do any of those pretrain on chinese image-text data?" names Chinese.
_LANGUAGE_WRITTEN = re.compile(rf"\b{LANGUAGE_NAME}\b", re.I)


def languages_named(question: str) -> set[str]:
    """The languages the question names, lower-cased, however it writes them (a closed class of names)."""
    return {m.group(0).lower() for m in _LANGUAGE_WRITTEN.finditer(question)}


#: Nouns naming a comparison itself, a closed class: what they ask is described by two papers side by side.
_COMPARISON_HEADS = frozenset(
    stem(w) for w in "difference differences similarity similarities distinction distinctions contrast".split()
)


_COLLECTION_HEADS = frozenset(
    stem(w) for w in "paper papers work works study studies article articles one ones".split()
)


def _asked_phrase(match: re.Match[str]) -> str:
    """The phrase naming the thing asked: _NAMED_THING's "thing", the first or the last group of _WHAT_THING."""
    if match.re is _NAMED_THING:
        return match.group("thing")
    return match.group(1) or match.group(match.re.groups) or ""


def asked_head(question: str) -> str:
    """The stem of the noun a "which <noun>" or "what <noun>" question asks for when it asks a description rather
    than a name (:data:`_DESCRIPTIVE_HEADS`: "which model architectures did they test?", "what are the key components
    of LaMo?"), not the collection's items ("which papers ..."); "" otherwise. A sentence writing it is where the
    answer is."""
    match = _NAMED_THING.search(question) or _WHAT_THING.search(question)
    phrase = _asked_phrase(match) if match else ""
    if not (words := phrase.lower().split()):
        return ""
    if stem(words[-1]) in _KINDS and match and (kinds_of := _OF_A_NOUN.match(question, match.end())):
        # "what are the two kinds of losses they propose?": the phrase stops before its "of"
        words = [*words, "of", kinds_of.group(1).lower()]
    head = stem(words[-1])
    # Kinds of a thing are asked where a sentence writes the thing ("what kinds of losses ...?": "distance-wise and
    # angle-wise distillation losses"); another part of it is not ("which part of the model is it?" asks what part)
    kind_of = len(words) > 1 and stem(words[0]) in _DESCRIPTIVE_HEADS - _KINDS
    return head if head in _DESCRIPTIVE_HEADS - _COLLECTION_HEADS and not kind_of else ""


#: A wh-question asking for a number of things by their noun: "what are the two views it combines?", "which three
#: stages does it have?".
_COUNTED_THINGS = re.compile(
    r"\b(?:what|which)\s+(?:(?:are|were|is|was)\s+)?(?:the\s+|its\s+|their\s+)?(\d+|"
    + "|".join(NUMBER_WORDS[2:])
    + r")\s+([a-z][\w-]*)",
    re.I,
)


def counted_things(question: str) -> tuple[int, str] | None:
    """How many things of what noun (its stem) a question asks for: "what are the two views it combines?" -> (2,
    "view"). A sentence naming that many ("the two views", "both the scRNA and scATAC views") is where they are."""
    found = _COUNTED_THINGS.search(question)
    if found is None:
        return None
    return count_value(found.group(1)), stem(found.group(2).lower())


def states_count_of(counted: tuple[int, str], sentence: str) -> bool:
    """Does the sentence write that many of the noun: the number (a word or digits) within three words before it ("the
    two views", "2 views"), or, for two, "both" within fifteen words before it, which a pair's two names may fill
    ("both single-cell RNA (scRNA) and single-cell ATAC (scATAC) views")?"""
    n, noun = counted
    numbers = {str(n), NUMBER_WORDS[n]} if n < len(NUMBER_WORDS) else {str(n)}
    words = [w.lower() for w in re.findall(r"[\w-]+", sentence)]
    return any(
        stem(word) == noun
        and (bool(numbers & set(words[max(0, i - 3) : i])) or (n == 2 and "both" in words[max(0, i - 15) : i]))
        for i, word in enumerate(words)
    )


#: An auxiliary or a verb of having, which a measure's name may follow in a question but never starts with.
_VERB_BEFORE_A_MEASURE = frozenset("do does did is are was were has have had get gets got".split())


#: Nouns that say what kind of thing the rest of a phrase is ("mixture-of-experts architectures", "graph augmentation
#: techniques"), a closed class as the collection's nouns are.
_KIND_OF_THING = frozenset(
    stem(w) for w in "architecture framework technique algorithm strategy mechanism scheme paradigm variant".split()
)


def kind_words(concepts: Collection[Concept]) -> frozenset[str]:
    """The stems ending a phrase of the topic that only say what kind of thing the rest of it is: "architectur" of
    "mixture of experts architectures". A paper on mixture-of-experts models seldom writes "architecture", and
    states the topic without it."""
    return frozenset(
        words[-1]
        for concept in concepts
        for words in concept
        if len(words) >= 2 and words[-1] in _KIND_OF_THING and words[-1] not in words[:-1]
    )


#: The words asking for kinds of a thing, which a sentence names by writing the thing: "two kinds of losses".
_KINDS = frozenset(stem(w) for w in "kind type sort".split())
#: The noun after a phrase's "of", where the phrase stops before it: "two kinds" + " of losses".
_OF_A_NOUN = re.compile(r"\s+of\s+([a-z][\w-]*)", re.I)


#: An acronym alone after a phrase, before its verb: a kind of thing ("MLLM", "LLMs", "GNN", "DiT"), not a name.
_KIND_ACRONYM = re.compile(
    r"\s+((?=[a-z]*[A-Z][a-z]*[A-Z])[A-Z][A-Za-z]{1,4}s?)(?=\s+(?:is|are|was|were|does|did|do|has|have|had)\b)"
)


#: What a noun phrase sets aside after its noun: "language besides English", "datasets other than COCO".
_SETTING_ASIDE = re.compile(r"\s+(?:besides|except(?:\s+for)?|other\s+than|apart\s+from|aside\s+from)\s+", re.I)


def _named_thing(question: str, names_before: frozenset[str] = frozenset()) -> Attribute | None:
    """A named thing asked of a paper the question names (a token such as "KAM-CoT" or "JARVIS-1"), or
    ``names_before`` name."""
    # "which of the 20 tested models came out on top?" picks among the things a paper tested, as "which tested model"
    # would: not among listed papers
    question = _AMONG_THINGS_TESTED.sub(lambda m: f"which {m.group(1) or m.group(2)}", question)
    match = _NAMED_THING.search(question)
    # A thing the paper contributes is asked to be described ("which model do they propose?"), unless its name is
    # asked: "whats the name of the benchmark they introduce?"
    describes_a_contribution = bool(_CONTRIBUTES.search(question)) and not _ASKS_A_NAME.search(question)
    if describes_a_contribution and _LANGUAGE_ASKED.search(question):
        # ... but a language is named, never described: "which target language does each of those focus on?"
        describes_a_contribution = False
    if not match and not describes_a_contribution:
        match = _WHAT_THING.search(question)
    if not match:
        return None
    # "which language besides English is it in?" asks for a language: what it sets aside is not the thing asked
    phrase = _SETTING_ASIDE.split(_asked_phrase(match))[0]
    if (kind := _KIND_ACRONYM.match(question, match.end())) and len(_NAME_TOKEN.findall(question)) > 1:
        # "Which exact large MLLM did LLaVA-MoD use?": the acronym heads the phrase (a kind of model), and the paper
        # is the other name; alone, "large" would be the thing asked
        phrase = f"{phrase} {kind.group(1)}"
    if phrase.lower().split()[-1] in ("name", "names") and (named := _NAME_OF.match(question, match.end())):
        # "what is the name of the dataset they built?" asks to name the dataset, "... of the pretraining dataset
        # they built" the pretraining dataset: the words before the clause
        named_words = named.group(1).split()
        clause = next((i for i, w in enumerate(named_words) if i and w.lower() in FUNCTION_WORDS), len(named_words))
        if clause > 1 and named_words[clause - 1].lower().endswith("ed"):
            clause -= 1  # a participle closing it is a clause too: "the generics corpus (it) produced"
        phrase = " ".join(named_words[:clause])
    words = [w for w in phrase.lower().split() if w not in ("or", "and")]
    names = {m.group(0).lower() for m in _NAME_TOKEN.finditer(question)} | names_before
    # The paper asked about is named ("KAM-CoT"), or referred to after the asked thing ("which LLM did they
    # use?"); a reference asking what the paper contributes ("which model do they propose?") wants a description.
    referred = (
        bool(
            _PAPER_REFERENCE.search(question, match.end())
            # a name asked of a thing the paper did: "the name of the benchmark they introduce"
            or (_ASKS_A_NAME.search(question) and _DONE_BY_THE_PAPER.search(question, match.end()))
        )
        and not describes_a_contribution
        and "of" not in words  # "what fraction of LAION400M did they filter out?" asks for a measure
    )
    # A count before the head asks to name that many of a paper's own ("what three tasks does the task-adaptive
    # Transformer handle?"), whatever the head, but the collection's items ("which two papers ...?").
    counted = (
        len(words) > 1 and (words[0].isdigit() or words[0] in NUMBER_WORDS) and stem(words[-1]) not in _COLLECTION_HEADS
    )
    if not words or (stem(words[-1]) in _DESCRIPTIVE_HEADS and not counted):
        return None
    if stem(words[-1]) in _COMPARISON_HEADS:
        # "compare CLIPSonic and V2A-Mapper, what's the difference in approach?": the difference is the comparison
        # asked for, which the papers' own statements set side by side; no paper names "the difference"
        return None
    if (
        match.re is _NAMED_THING
        and len(words) == 1
        and match.group(0).lower().startswith("which")
        and re.match(r"\s+(?:the|a|an)\s", question[match.end() :], re.I)
    ):
        # one word between "which" and an article is a verb, the paper its subject: "which gives the bigger
        # relative ASR improvement", "which reports the higher accuracy" ask which paper, not for "the gives"
        return None
    if not (names - set(words) or referred or counted):
        return None
    if match.re is _WHAT_THING and (match.group("owner") or "the").lower() != "the" and not counted:
        # "what are its two variants called?": things counted of the paper on the table are named things; "what is
        # their conclusion?", "what is its memory?" ask for a description
        return None
    if words[0] in FUNCTION_WORDS or any(w in FUNCTION_WORDS - {"of"} for w in words):
        # A verb phrase, not a kind of thing: "which of those use the MoE", "which deal with editing models"
        return None
    if stem(words[0]) in _DESCRIPTIVE_HEADS:
        return None  # "what kind of model is X?" asks for a description; "which papers reduce ..." for a list
    # The head noun of each alternative names the kind of thing: "multimodal language model" -> model; in "levels of
    # alignment" it is the noun before "of".
    heads = [
        re.split(r"\s+of\s+", part)[0].split()[-1] for part in re.split(r"\s+(?:or|and)\s+", phrase.lower()) if part
    ]
    # an acronym's plural keeps its "s" through the stemmer ("lms"): its singular is the same kind ("GPT-2, an LM")
    nouns = frozenset(stem(head) for head in heads) | {
        stem(head[:-1]) for head in heads if head.endswith("s") and stem(head) == head
    }
    subject = _name_parts(" ".join(names))
    if {stem(head) for head in heads} <= _UNITS["dataset"]:
        # "what is the name of the dataset they built?": a dataset, named as datasets are (or the paper's own)
        if _asks_the_collection_s_datasets(question):
            return Attribute("resource")
        # "what corpus was MiniLM pre-trained on?": the data it learnt from, which a benchmark result does not state
        if _TRAINING_DATA_ASKED.search(question):
            return Attribute("dataset", words=("trained",), phrase="the data it was trained on", subject=subject)
        return Attribute("dataset", subject=subject)
    # "the LLM", "the LLMs" as the question writes them
    shown = " ".join(w if sum(c.isupper() for c in w) > 1 else w.lower() for w in phrase.split())
    if len(words) == 1 and (role := _IN_THE_ROLE.match(question, match.end())):
        # "which model was the teacher?" asks for the teacher model, named as "DeepSeek-R1 as the teacher"
        words, shown = [role.group(1).lower(), *words], f"{role.group(1).lower()} {shown}"
    best = bool(_BEST_ASKED.search(question))
    return Attribute("entity", nouns, tuple(words), f"the {'best ' if best else ''}{shown}", subject, best=best)


#: "which of the (20) tested models", "which of the LLMs evaluated on ECLeKTic": things a paper tested, picked among.
_AMONG_THINGS_TESTED = re.compile(
    rf"\bwhich\s+of\s+the\s+(?:(?:\d+|{'|'.join(NUMBER_WORDS)})\s+)?"
    r"(?:(?:tested|evaluated|benchmarked|examined|assessed)\s+([\w-]+?)s?\b"
    r"|([\w-]+?)s?(?=\s+(?:tested|evaluated|benchmarked|examined|assessed)\s+(?:on|in)\b))",
    re.I,
)
#: A named thing asked as the best of its kind: "which model scored highest?", "which came out on top?".
_BEST_ASKED = re.compile(
    r"\b(?:best|highest|strongest|top-performing|leading|winning|won|wins)\b|\b(?:came|come|comes)\s+out\s+on\s+top\b",
    re.I,
)


#: The role a named thing is asked in, after its noun: "which model was the teacher".
_IN_THE_ROLE = re.compile(
    r"\s+(?:(?:was|is|were|are)\s+(?:the|their|its)|(?:served|serves|serve|acted|acts|act)\s+as(?:\s+the)?)\s+"
    r"(?!(?:best|worst|first|last|main|only|same|most|least)\b)"
    # (a lower-case noun closing the clause: not "are the Wizard of Wikipedia authors from?")
    r"((?-i:[a-z]+)(?<!est))(?=\s*(?:[?.!,;]|$|\s+(?:in|for|and|when|while)\b))",
    re.I,
)


def _name_parts(text: str) -> frozenset[str]:
    """A name's letter and digit runs, lower-cased: "JARVIS-1" -> {jarvis, 1}."""
    return frozenset(re.findall(r"[a-z0-9]+", text.lower()))


def _measured_nouns(question: str) -> tuple[tuple[str, ...], str, str]:
    """What a quantity question measures, as content words and as the answer names it, and the stem of a measure
    that is no count of those words ("inter-annotator agreement": agreement; "parameter count": "").

    "how many GPUs" -> ((gpus,), "the number of GPUs", ""); "parameter count of X" -> ((parameter,), "the
    parameter count", "").
    """
    plain = re.sub(r"\([^)]*\)", " ", question)
    # "how does X score on Y?": "score" is the verb, and X is what is measured, not the measure
    plain = re.sub(r"\bhow (?:does|did|do)\s+[^?]{1,60}?\s+(?:score|perform)\s+on\b", " ", plain, flags=re.I)
    # The word before the measure names it ("parameter count"), unless it is question form ("what accuracy").
    before = re.search(
        # (a number between names no measure: "AIME 2024 score" is AIME's score; the "s" of "TransKD's mIoU"
        # is a possessive, no word)
        r"(?<!['\u2019])\b(?!(?:what|which|the|a|an|its|their|his|her|our|my|your|this|that|any|or|and|"
        # (nor a word of likeness: "the same number of datasets" counts datasets; nor one leading an example: "how
        # big are those benchmarks, like number of samples or questions?")
        r"report|give|state|mention|provide|publish|in|of|on|for|by|with|at|to|from|same|equal|similar|comparable|"
        r"identical|like|say|as|instance|example)\b)([A-Za-z][\w-]*)(?:\s+\d[\w.-]*)?\s+" + _MEASURE + r"\b",
        plain,
        re.I,
    )
    # "the size of Topical-Chat: number of conversations and turns": a capitalised name is what is measured,
    # so among several measures the first in common nouns names the quantity.
    measures = list(_MEASURED.finditer(plain))
    # (Only the counted noun itself is read: in "how many experts does LLaVA-MoD's MoE have" a name follows it, and
    # "how many are active" counts no noun.)
    after = next((m for m in measures if _counts_a_common_noun(m.group(1))), measures[0] if measures else None)
    # "on how many benchmarks did it show the hallucination reduction?": the noun counted is what is asked; a measure
    # named after it is what the benchmarks showed
    if (
        before
        and after
        and _counts_a_common_noun(after.group(1))
        and before.start() >= after.start(1) + len(_noun_run(after.group(1).split()))
    ):
        before = None
    attained = _ATTAINED.search(plain)
    # (with the statistic a measure is summed up by: "the avg BLEU gain" is stated by "an average improvement of
    # 12.8 BLEU points")
    generic = {"count", "size", "number", "amount", "does", "did", "have", "has", "take", "took", "use", "used", "the"}
    generic |= {"avg", "average", "mean", "median"}
    # (a score or a result is whatever a paper measures itself by: "what scores does DaTaSeg get on ADE?" is
    # answered by "54.0 mIoU on ADE"; a named one stays asked, "what BLEU score")
    generic |= {"score", "scores", "result", "results", "figures"}
    generic_stems = {stem(w) for w in generic}
    measure = ""
    share = re.search(
        r"\b(?:what|which)\s+(?:fraction|proportion|percentage|percent|share|portion)\s+of\s+(?:the\s+|its\s+|their\s+)?"
        r"([\w-]+(?:\s+(?!(?:does|do|did|is|are|was|were|has|have|had|it|they|ends?|gets?|with|in|of|for)\b|[\w-]+(?:ed|ing)\b)"
        r"[\w-]+)?)",
        plain,
        re.I,
    )
    if share:
        # "what fraction of parameters does it train?": a share of what follows, "5% of the trainable parameters"
        phrase, shown = share.group(1), "the fraction of " + share.group(1)
    elif re.search(r"\bhow (?:fast|quick(?:ly)?)\b", plain, re.I) and len(_HOW_MEASURED.findall(plain)) == 1:
        # "how fast is LLaVA-MoD on a phone?" asks a speed, which a figure of something else (a benchmark score, a
        # share of the training data) does not state. (Asked beside another measure, "how small and how fast did it
        # get?", any figure may answer.)
        return _SPEED_NOUNS, "the speed", ""
    elif (before and re.fullmatch(r"models?\s+sizes?", before.group(0), re.I)) or _SIZE_OF_MODELS.search(plain):
        # "what model sizes does MechGPT come in?": a model's size is its parameter count ("sizes from 13 billion to 70
        # billion parameters"), its bytes ("into 3 MB") or a figure of the models themselves ("models (22M to 1.5B)");
        # so is the size asked of the models as the subject: "what sizes were the two SpikeGPT model variants?"
        named = before and re.fullmatch(r"models?\s+sizes?", before.group(0), re.I)
        return _MODEL_SIZE_NOUNS, "the " + (before.group(0) if before and named else "model sizes"), ""
    elif before:
        phrase, shown = before.group(1), "the " + before.group(0)
        if phrase.lower() in _VERB_BEFORE_A_MEASURE:
            # the verb is no part of the measure's name: "how much did MRR improve?" asks the MRR, "got numbers?" any
            phrase, shown = "", "the " + before.group(0).split(maxsplit=1)[1]
        # "inter-annotator agreement" measures agreement, where "parameter count" counts parameters
        measure = stem(before.group(0).split()[-1].lower())
        measure = "" if measure in generic_stems else measure
    elif after and re.match(r"(?:the\s+)?[A-Z]", after.group(1)) and after.group(0).lower().startswith("size of"):
        # "the size of ERNIE 3.0": a name is what is measured, not a noun whose number is asked; any quantity
        # of it answers (its parameters, its corpus).
        return (), "the size", ""
    elif not after and re.search(r"\bwhich\b[^?]*\b(?:bigger|larger|smaller)\b", plain, re.I):
        return _SIZE_UNITS, "the size", ""  # "which is bigger, A or B?": a count of what makes up each
    elif re.search(r"\bhow (?:big|large) (?:(?:is|are|was|were) (?:the |their |its )?|an? )models?\b", plain, re.I):
        # "how big are their models?", "how large a model did they scale up to?": a model's size
        return ("parameters", "params"), "the model size", ""
    elif long_a := re.search(r"\bhow long (?:a|an) ([\w-]+)", plain, re.I):
        # "how long a context do they reach?": that thing's length, "context lengths of more than 10,000 tokens"
        return (long_a.group(1).lower(),), f"the {long_a.group(1).lower()} length", stem("length")
    elif after and re.match(r"(?:better|worse|more|less|fewer)\b", after.group(1), re.I):
        # "how much better is it than DALL-E?": a margin over something, which any figure of the comparison
        # states (12 FID and 17 CIDEr better); it names no noun whose number is asked.
        return (), "the margin", ""
    elif after:
        # A coordinated measure ("how much computation and memory") is answered by a sentence stating either.
        head = _noun_run(after.group(1).split())
        rest = plain[after.start(1) + len(head) :]
        also = re.match(r"(?:\s+(?:and|or)\s+|\s*/\s*)([\w'-]+(?:\s+[\w'-]+)*)", rest)
        # (the second measure is a noun run too: "how many objects and hand-object interactions")
        other = _noun_run(also.group(1).split()) if also else ""
        measured = head + (f" {also.group(0).split()[0]} {other}" if also else "")
        words = [w for w in measured.split() if w.lower() not in generic]
        amount = "amount" if after.group(0).lower().startswith("how much") else "number"
        phrase, shown = measured, f"the {amount} of " + " ".join(words)
        of = re.match(r"\s+of\s+([A-Za-z][\w-]*)", rest)
        if of and not also and stem(head.split()[-1].lower()) in _REPETITIONS:
            # "how many rounds of distillation": what repeats counts the rounds ("after four distillations")
            phrase, shown = f"{measured} {of.group(1)}", f"{shown} of {of.group(1)}"
        if stem(head.lower()) in DIMENSION_COMPARATIVES:
            shown = f"how much {head.lower()}"  # "how much shorter did the chains get?"
    elif attained:
        phrase = attained.group(1) or attained.group(2) or attained.group(3)
        shown = "the " + phrase
    elif (
        acronym := re.search(
            r"\b(?:what is|(?:give|tell|show) me|i (?:need|want)) the (?:[\w-]+ ){0,2}?"
            r"((?-i:[A-Z][A-Z0-9@-]+))\s+(?:of|on|for)\b"
            r"|(?-i:\b([a-z]?[A-Z][A-Za-z0-9@-]*[A-Z][A-Za-z0-9@-]*))\s+(?:on|for|in)\s+(?:the\s+)?(?-i:[\w-]*[A-Z0-9])",
            plain,
            re.I,
        )
    ) and not re.search(r"\b" + _MEASURE + r"\b", plain[: acronym.start()], re.I):
        # a metric named by its acronym: "what is the FID of RA-CM3?", "force MAE on OMol25"; after a measure of
        # its own, an acronym is what is measured ("the accuracy drop of CoT-Valve on GSM8K")
        phrase = acronym.group(1) or acronym.group(2)
        shown = "the " + phrase
    elif asked_measure := re.search(r"\b(?:what|which)\s+(" + _MEASURE + r")\b", plain, re.I):
        # the measure itself asked: "what accuracy on ScienceQA?" is stated by "an average accuracy of 93.87%", not
        # by any figure ("280M trainable parameters")
        phrase, shown = asked_measure.group(1), "the " + asked_measure.group(1)
    elif (unit := re.search(r",\s*in\s+((?:[\w-]+\s+){0,2}[\w-]+)\s*\??\s*$", plain)) and content_words(unit.group(1)):
        # the unit closing the question names the measure: "how big was the data, in tokens?"
        # a compound unit counts its last noun: "in image-text pairs" asks for a number of pairs
        phrase, shown = unit.group(1).split()[-1], "the number of " + unit.group(1)
    else:
        return (), "", ""
    phrase_stems = {stem(w) for w in content_words(phrase)}
    if phrase_stems & _SPEED_STEMS:
        # "what speedup did they report?" asks a speed as "how fast?" does: "accelerates generation by 6.3 times"
        return _SPEED_NOUNS, shown, measure
    if phrase_stems & {"peopl", "person"} and _WROTE.search(question):
        return ("authors",), "the number of authors", ""  # "how many people wrote it?" counts its authors
    if phrase_stems == {"data"}:
        # "how much data was it trained on?": data is counted in what it is made of ("1M image+text pairs")
        return (*(unit for unit in _SIZE_UNITS if not unit.startswith("param")), "data"), shown, measure
    if re.match(r"(?:papers|articles|studies|works|publications)\b", phrase.strip(), re.I):
        # "how many papers did they review?": the documents a survey counts, by any of their names ("over 300
        # articles"); the words are stop words, being what a request names the collection's items by
        return _DOCUMENT_NOUNS, shown, measure
    # (in any number: "what numbers did they get?" names no measure)
    return tuple(w for w in sorted(content_words(phrase)) if stem(w) not in generic_stems), shown, measure


#: The nouns that count how often a thing is done ("rounds of distillation"): a closed class.
_REPETITIONS = frozenset(stem(w) for w in "round iteration cycle pass repetition".split())
#: The verbs of writing a paper: the people who did are its authors.
_WROTE = re.compile(r"\b(?:wrote|written|write|authored|co-?authored)\b", re.I)
#: The names of the documents a survey counts.
_DOCUMENT_NOUNS = ("papers", "articles", "studies", "works", "publications")


def _counts_a_common_noun(words: str) -> bool:
    """Do the words after "how many" start with a common noun ("experts does X have"), rather than a verb
    ("are active") or a name ("Topical-Chat conversations")?"""
    first = words.split()[0]
    return first.lower() not in FUNCTION_WORDS and not first[0].isupper()


def _noun_run(words: list[str]) -> str:
    """The nouns after "how many", up to the first function word: "human participants were" -> "human
    participants", "GPUs used" -> "GPUs" (a past participle after the noun is a verb; a hyphenated one is an
    adjective: "small pre-trained BERT models")."""
    run: list[str] = []
    for word in words:
        # "per" is a preposition too ("layers per encoder" counts layers); the function-word list, which is
        # also the index's stop list, does not hold it.
        verb = run and word.lower().endswith("ed") and "-" not in word
        if word.lower() in FUNCTION_WORDS or word.lower() == "per" or verb:
            break
        run.append(word)
    return " ".join(run) if run else words[0]


#: A count of the collection's own items: "How many papers are from 2024?", "the number of multimodal papers".
_COUNTS_PAPERS = re.compile(
    r"\b(?:how\s+many|number\s+of|count\s+of)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:papers|articles|studies|works|publications|preprints|entries)\b"
    # not the papers a paper counts: "how many papers they reviewed", "how many articles does it survey", "how many
    # studies did that review end up including?"
    r"(?!\s+(?:(?:do|does|did)\s+)?(?:they|it|each|(?:the|that|this)\s+(?:survey|review|authors?|paper))\b)",
    re.I,
)


def counts_papers(question: str) -> bool:
    """Does the question count the collection's papers, rather than ask a paper for a number?"""
    return bool(_COUNTS_PAPERS.search(question))


def attribute_units(attribute: Attribute) -> frozenset[str]:
    return _UNITS.get(attribute.type, frozenset())


#: A concept: its alternatives ("speech or audio"), each a tuple of topic stems.
Concept = tuple[tuple[str, ...], ...]


def topic_concepts(question: str, terms: Collection[str]) -> list[Concept]:
    """The question's topic as concepts: runs of adjacent topic words ("of" between two of them inside the run),
    where "or" joins alternatives.

    "graph neural networks for single-cell data" -> [((graph, neural, network),), ((singl, cell, data),)];
    "speech or audio" is one concept with two alternatives. A paper answers only if it has every concept;
    one that has some concepts fully and another not at all matches part of the question (see evidence).
    """
    return [tuple(stems for stems, _ in alternatives) for alternatives in _concept_runs(question, terms)]


def topic_phrases(question: str, terms: Collection[str]) -> list[tuple[str, ...]]:
    """The concepts of :func:`topic_concepts` as the question writes them: "federated learning for speech
    recognition" -> [("federated learning",), ("speech recognition",)]."""
    return [tuple(words for _, words in alternatives) for alternatives in _concept_runs(question, terms)]


def parts_asked_together(question: str, terms: Collection[str]) -> list[str]:
    """The two things a question asks for together: two phrases of two to four words, nothing else of the topic,
    joined by one or two words ("federated learning for speech recognition", "graph neural networks to forecast
    stock prices"), else none. A single word ("CLIP"), a phrase with alternatives or a long run of words ("make
    BERT-style pre-trained transformers smaller") is no measure MiniLM gives reliably on its own, and phrases a
    comma or a clause parts ("on another note, any recommender system work?") are not asked together."""
    phrases = topic_phrases(question, terms)
    if len(phrases) != 2 or not all(len(alternatives) == 1 for alternatives in phrases):
        return []
    (first,), (second,) = phrases
    if not all(2 <= len(phrase.split()) <= 4 for phrase in (first, second)):
        return []
    text = question.lower()
    joined = re.search(rf"{re.escape(first)}(?:\s+[a-z]+){{1,2}}\s+{re.escape(second)}", text)
    return [first, second] if joined else []


#: What may stand before the last thing of an enumeration: "surveys, reviews and book-style overviews", "CT, MRI, or
#: X-rays".
_ENUMERATION_END = frozenset({"and", "or", ", and", ", or"})


def _concept_runs(question: str, terms: Collection[str]) -> list[list[tuple[tuple[str, ...], str]]]:
    """Each concept's alternatives, each as (its topic stems, its words as written). "or" joins alternatives, and
    so does an enumeration of three or more things ("surveys, reviews and book-style overviews"): a list of kinds
    asked for, any of which answers."""

    def topic_stems(word: str) -> list[str]:
        return [t for t in dict.fromkeys([stem(w) for w in re.split(r"[-']", word)] + [stem(word)]) if t in terms]

    # a slash between two words joins alternatives that share the topic words after them: "teacher/student capacity
    # gap" is the teacher's capacity gap or the student's, "image/video generation" image or video generation
    def shared_tail(slashed: re.Match[str]) -> str:
        tail = []
        for word in re.findall(rf"{WORD.pattern}|\S+", question[slashed.end() :].lower()):
            if not topic_stems(word) and word != "of":
                break
            tail.append(word)
        shared = " ".join(tail[:-1] if tail[-1:] == ["of"] else tail)
        return f"{slashed.group(1)} {shared} or {slashed.group(2)}" if shared else slashed.group(0)

    question = re.sub(r"(?<![\w/-])([A-Za-z][\w-]*)/([A-Za-z][\w-]*)(?![\w/])", shared_tail, question)
    # ... and a slash between phrases as "or" does: "knowledge graph completion / link prediction"
    question = re.sub(r"(?<=[A-Za-z])\s*/\s*(?=[A-Za-z])", " or ", question)
    words = [*re.findall(rf"{WORD.pattern}|,", question.lower()), "."]

    # The runs of adjacent topic words, each with what separates it from the next: ",", "and", "or", ", and",
    # ", or", or "" (other words).
    runs: list[tuple[tuple[tuple[str, ...], str], str]] = []
    run: list[str] = []
    written: list[str] = []
    separator = ""
    for at, word in enumerate(words):
        stems = topic_stems(word) if word != "," else []
        if stems:
            if not run and runs:
                runs[-1] = (runs[-1][0], separator)
            run += [t for t in stems if t not in run]
            written.append(word)
            continue
        if word == "of" and run and topic_stems(words[at + 1]):
            written.append(word)  # "of" between topic words joins one phrase: "mixture of experts"
            continue
        if run:
            runs.append(((tuple(run), " ".join(written)), ""))
            run, written, separator = [], [], ""
        separator = _next_separator(separator, word)
    return _grouped(runs)


def _next_separator(separator: str, word: str) -> str:
    """What separates two runs of topic words, read one more word on: "," then "and" is ", and"; any other word
    between them makes them no enumeration."""
    if word == "," and separator == "":
        return ","
    if word in ("and", "or") and separator in ("", ","):
        return f"{separator} {word}" if separator else word
    if word in ("a", "an", "the") and separator in _ENUMERATION_END:
        return separator  # an article after the conjunction: "a photo or a silent video clip"
    return "-"


def _grouped(
    runs: list[tuple[tuple[tuple[str, ...], str], str]],
) -> list[list[tuple[tuple[str, ...], str]]]:
    """The runs as concepts: an enumeration ("A, B and C", "A, B, or C") or runs joined by "or" are one concept."""
    concepts: list[list[tuple[tuple[str, ...], str]]] = []
    at = 0
    while at < len(runs):
        end = at
        while end < len(runs) - 1 and runs[end][1] == ",":
            end += 1
        if at < end < len(runs) - 1 and runs[end][1] in _ENUMERATION_END:
            concepts.append([alternative for alternative, _ in runs[at : end + 2]])
            at = end + 2
            continue
        group = [runs[at][0]]
        while at < len(runs) - 1 and runs[at][1] in ("or", ", or"):
            at += 1
            group.append(runs[at][0])
        concepts.append(group)
        at += 1
    return concepts


#: Where a gloss's examples part: "ECG, EEG or fMRI", "radiology; pathology".
_EXAMPLE_BREAK = re.compile(r"\s*[,;]\s*(?:(?:and|or)\s+)?|\s+or\s+", re.I)


def example_items(examples: str) -> list[str]:
    """The examples a gloss gives (:func:`glossed_examples`), one by one: "entities with images" is one."""
    return [item for item in _EXAMPLE_BREAK.split(examples) if item.strip()]


def example_concepts(examples: str, terms: Collection[str]) -> list[Concept]:
    """The concepts of the examples a gloss gives (:func:`glossed_examples`), every item of a list an alternative:
    a paper on any one of them is on the topic, as the user says. "ECG, EEG, PPG, fMRI" is one concept of four
    alternatives, with or without an "or" before the last, where a question's own topic would read the commas as
    parting concepts."""
    return topic_concepts(" or ".join(example_items(examples)), terms)


#: What stands right after a verb as its object: an article, a determiner or a pronoun ("hook a large language model
#: up to ...", "catch those fake pictures", "shrink it").
_OBJECT_START = re.compile(r"(?:a|an|the|this|that|these|those|my|our|their|its|your|his|her|them|it|me|us)", re.I)


def words_before_an_object(question: str) -> dict[str, str]:
    """The stems of the question's words followed by an object (:data:`_OBJECT_START`), each with the stem of the
    first word of its object that is no function word: in "which papers hook a large language model up to audio?" the
    verb "hook" says what is done with the topic, which its object ("larg") names."""
    words = WORD.findall(question)
    found: dict[str, str] = {}
    for at, (word, after) in enumerate(pairwise(words)):
        if _OBJECT_START.fullmatch(after):
            head = next((w for w in words[at + 2 :] if w.lower() not in FUNCTION_WORDS), "")
            found.setdefault(stem(word.lower()), stem(head.lower()))
    return found


def has_topic_words(text: str) -> bool:
    return bool({stem(w) for w in content_words(text)} - REQUEST_WORDS)


def asks_only_for_a_fact(text: str) -> bool:
    """Does ``text`` ask for a fact and name nothing it is asked of ("What was the accuracy before and after?",
    "how many parameters?")? Its words, without those naming what is asked, leave no topic. Two facts asked
    ("when was that published and how many people wrote it?") ask only for facts if each does."""
    clauses = [clause for clause in _FURTHER_ASK.split(text) if clause.strip()]
    if len(clauses) > 1:
        return all(asks_only_for_a_fact(clause) for clause in clauses)
    attribute = attribute_of(text)
    if attribute is None:
        return False
    asked = attribute.nouns | attribute_units(attribute) | {stem(w) for w in attribute.words}
    if "author" in attribute.nouns:
        asked |= _UNITS["person"]  # "how many people wrote it?" asks the authors' number in other words
    rest = re.sub(r"\b" + _MEASURE + r"\b", " ", text, flags=re.I)
    return not ({stem(w) for w in content_words(rest)} - REQUEST_WORDS - asked)


#: The prepositions a verb takes what it acts on by: "tested on", "applied to", "trained with".
_OBJECT_PREPOSITIONS = frozenset("on in to with for against across over from".split())
#: The words a verb of a restriction follows: an auxiliary ("was tested on") or the papers it restricts ("which of
#: those test on", "which ones apply to").
_BEFORE_A_VERB = frozenset("is are was were be been being get got do does did those these them ones which that".split())


def relation_verb(question: str) -> str | None:
    """The stem of the verb by which the question relates the papers to what it names, when that verb takes its
    object through a preposition: "test" of "which of those was tested on medical questions?". An abstract states
    the relation in its own words ("Our results on ... medical question answering"): what the question asks a paper
    to write is the object, the verb only adds to it. It is the question's first content word, a verb by its form
    ("-ed") or by the word before it (an auxiliary, or the papers it restricts)."""
    words = WORD.findall(question.lower())
    for place, word in enumerate(words[:-1]):
        # (the noun of a fact asked is no relation: "how many datasets are these evaluated on?")
        if word in STOP_WORDS or word in FACT_NOUNS or len(word) < 3 or word.isdigit():
            continue
        verb = word.endswith("ed") or (place > 0 and words[place - 1] in _BEFORE_A_VERB)
        return stem(word) if verb and words[place + 1] in _OBJECT_PREPOSITIONS else None
    return None


#: A question word and a noun phrase with no verb ("What rank r", "what teacher"): the object of the verb of a clause
#: joined after it, if that clause has one ("... and which base LLM did CorDA use?"). ("What about graph clustering"
#: names a topic, its papers what the clause after asks about.)
_BARE_WH_PHRASE = re.compile(
    r"\W*(?:what|which)(?:\s+(?!(?:papers?|works?|studies|ones?|is|are|was|were|do|does|did|has|have|had|can|could"
    r"|will|would|about|of|on|in|for|with|from|to|if|else)\b)[\w-]+){1,3}\W*",
    re.I,
)
#: A clause asking a thing of a subject after an auxiliary: "which base LLM did CorDA use", "which student do they
#: train".
_ASKED_OF_A_SUBJECT = re.compile(r"\s*(?:what|which)(?:\s+[\w-]+){1,3}?\s+(?:do|does|did|is|are|was|were)\s+\S", re.I)


def objects_of_the_verb_after(head: str, tail: str) -> bool:
    """Are ``head`` and ``tail``, joined by "and" or a comma, both what the tail's verb asks of its subject ("What rank
    r" and "which base LLM did CorDA use in its experiments?"), the head a question word and a noun phrase with no
    verb?"""
    return _BARE_WH_PHRASE.fullmatch(head) is not None and _ASKED_OF_A_SUBJECT.match(tail) is not None


def seeks_a_described_paper(text: str) -> bool:
    """Does ``text`` open by describing one paper it looks for ("I remember one that encodes the whole corpus in
    its weights", "there was a paper where ...")?"""
    return _SEEKS_A_DESCRIBED_PAPER.match(text) is not None


def asks_for_papers(text: str) -> bool:
    """Does ``text`` ask in so many words for papers ("Which papers ...", "are there papers on ...", "is there
    anything on ...", "list work on ..."), rather than name a topic alone ("and keyword spotting?")?"""
    return _LIST.search(text) is not None or _ANYTHING_ON.search(text) is not None


#: A request for whatever the collection has: "is there anything on X", "does anything cover X", "any work on X".
_ANYTHING_ON = re.compile(
    r"^\W*(?:(?:is|are) there\s+(?:any(?:thing)?|papers?|work)|(?:does|do) (?:anything|any papers?|any work)"
    r"|anything\b|any (?:papers?|work|research|studies)\b)",
    re.IGNORECASE,
)


#: Where a question asks a further fact of its own: ", and how much ...", ", and on how many datasets?", "...,
#: how many authors, and ...", "... called and how many ...", "; what ...", or a question after a question, which may
#: say it is one more ("... from which layer? also what's the new kind of attention knowledge they add").
_FURTHER_ASK = re.compile(
    r"(?:,?\s+and\s+(?:(?:on|in|for|with|from|by|at|of|to|under|over|across)\s+)?|,\s*|;\s*|\?\s+(?:(?:also|and|plus)\s+)?)"
    r"(?=(?:what|which|how|who|where|when|the\s+number|number)\b"
    # a yes/no question of its own about the same paper: ", and does it have a code repo?", ", is there a demo?", or
    # about a thing of its: ", and does their trick make inference more expensive?"
    r"|(?:does|do|did|is|are|was|were|has|have)\s+(?:it|they|there|its|their)\b)",
    re.I,
)


@dataclass(frozen=True)
class FurtherAsk:
    """A fact a question asks of its one paper besides the one :func:`attribute_of` reads: the clause asking it,
    and the kind of fact when the clause names one (None for "how are tokens routed to experts")."""

    clause: str
    attribute: Attribute | None
    #: The clause is one of two settings the same fact is asked in (:data:`_TWO_SETTINGS`), or the first of clauses
    #: each asking a figure: its figure is in the sentence stating the fact that shares most with the clause's words,
    #: and nothing more is quoted when that sentence is quoted already.
    setting: bool = False


#: The same fact asked in two settings, the preposition repeated: "how many patients were in the training data and in
#: the test set?", "what gains does it report on zero-shot classification and on Flickr30K retrieval?". Each setting
#: has a figure of its own, which one sentence seldom states for both.
_TWO_SETTINGS = re.compile(r"\b(on|in|for)\s+((?:(?!\b(?:and|or)\b)[^?,;.])+?)\s+and\s+\1\s+([^?,;.]+)", re.I)

#: A request to name something, opening a clause: "EoT: name the communication paradigms it uses".
_NAME_REQUEST = re.compile(_CLAUSE_START + r"name\b", re.I)


def further_asks(question: str, asked: Attribute | None = None) -> list[FurtherAsk]:
    """The facts a question asks besides the one :func:`attribute_of` reads, each in a clause of its own ("How many
    EEG datasets was FLEEG evaluated on, and how much did it boost classification?" -> the amount of boost; "what is
    their algorithm called and how many compact models do they release?" -> the algorithm's clause)."""
    clauses = [clause.strip() for clause in _FURTHER_ASK.split(question) if clause.strip()]
    # (the fact the question was read to ask, where a follow-up's reading differs: "how many authors does it have and
    # when did it come out?" asks the authors first, though "when" alone would read as the fact asked)
    asked = asked or attribute_of(question)
    # "how much smaller and faster are they?" asks two changes, each stated by its own figure ("160 times smaller",
    # "4.31 times faster"), where one sentence stating either answers the measure read as one
    dimensions = sorted(asked.nouns & DIMENSION_COMPARATIVES) if asked is not None else []
    further = [
        FurtherAsk(f"how much {c}", replace(asked, nouns=frozenset({c}), words=(c,), phrase=f"how much {c}"))
        for c in (dimensions if len(dimensions) > 1 and asked is not None else [])
    ]
    if asked is not None and (settings := _TWO_SETTINGS.search(question)):
        preposition = settings.group(1).lower()
        further += [FurtherAsk(f"{preposition} {settings.group(i)}", asked, setting=True) for i in (2, 3)]
    if len(clauses) < 2:
        return further
    # what a question asking no kind of fact asks first ("In MiniLM, which part of the teacher is distilled ...?"),
    # its answer's own sentence answers
    # (a request to name something asks first too: "EoT: name the paradigms it uses, and what does it add ...?")
    first_asking = (
        next((clause for clause in clauses if has_question_form(clause) or _NAME_REQUEST.search(clause)), None)
        if asked is None
        else None
    )
    for i, clause in enumerate(clauses):
        if clause is first_asking:
            continue
        # (a clause after the first asks of the paper the question named before it: "For TinyR1-32B-Preview, ...,
        # and which models served as teacher and student?")
        before = " ".join(clauses[:i])
        attribute = attribute_of(clause, frozenset(m.group(0).lower() for m in _NAME_TOKEN.finditer(before)))
        if (
            attribute is not None
            and asked is not None
            and (attribute.type, attribute.nouns, attribute.phrase) == (asked.type, asked.nouns, asked.phrase)
        ):
            continue  # the fact already asked
        if asked is not None and asked.type == "quantity" and _elides_the_count(clause, attribute):
            continue  # "... the same number of datasets? How many does each use?": the noun elided is the one asked
        if attribute is None and not has_question_form(clause):
            continue  # a fragment ("For the MoIIE paper:") asks nothing of its own
        if attribute is not None and any(ask.attribute and ask.attribute.nouns == attribute.nouns for ask in further):
            continue  # a change already asked on its own ("how much smaller, and how much faster?")
        further.append(FurtherAsk(clause, attribute))
    if (
        asked is not None
        and asked.type == "quantity"
        and any(ask.attribute is not None and ask.attribute.type == "quantity" and not ask.setting for ask in further)
    ):
        # two figures asked in clauses of their own ("how much does it improve zero-shot image classification, and
        # what gain does it get on Flickr30K retrieval?"): the first clause's is the one its own words find, which
        # the sentence read for the whole question may not state
        further.insert(0, FurtherAsk(clauses[0], asked, setting=True))
    return further


def _elides_the_count(clause: str, attribute: Attribute | None) -> bool:
    """Is ``clause`` a count with nothing of its own, neither a noun nor a verb that says what ("how many does each
    use?"), rather than a count of something else ("how many did they freeze?", "how much did it boost accuracy?")?"""
    return (
        attribute is not None
        and attribute.type == "quantity"
        and not attribute.nouns
        and not attribute.measure
        and not content_stems(clause)
    )


def has_question_form(text: str) -> bool:
    """Does ``text`` ask with a question word, an auxiliary opening a clause, or a request ("list ...")? A
    fragment has none: "point clouds for 3D segmentation?", "LLaMA or something else?"."""
    return bool(_QUESTION_FORM.search(text) or _LIST.search(text))


def asks_something(text: str) -> bool:
    """Is ``text`` a question or a request ("Which papers ...", "list work on ...", "I need papers on ..."),
    rather than a statement ("I work on robot grasping.")?"""
    return text.rstrip().endswith("?") or has_question_form(text)


#: A contrast clause names what the answer must NOT be about ("EEG recordings rather than scanner data"). After a
#: comma, "not" sets aside what the answer is not ("text LLMs, not vision"), and "not just / not only" what it goes
#: beyond ("models that take images as input, not just text LLMs"); without the comma, "not only X but also Y" asks
#: for both. A clause ends at a closing bracket: "(text LLMs, not vision)".
_CONTRAST = re.compile(
    # (a language set aside is what is asked: "languages other than English" asks for any other, see
    # languages_set_aside)
    r",?\s*\b(?:rather than|instead of|as opposed to|other than|but not)\b"
    rf"(?!\s+{LANGUAGE_NAME}\b)[^,.;:?!)]*"
    r"|,\s*not\b[^,.;:?!)]*"
    # ... or in brackets: "3D data - point clouds, meshes, 3D scenes (not medical CT/MRI volumes)", "graph
    # representation learning (I don't mean knowledge graphs)", "(excluding surveys)"
    r"|\s*\(\s*(?:not|excluding|except|i\s+(?:don'?t|do\s+not)\s+mean)\b[^)]*\)"
    # (... or a bracket opening with what sets it aside: "from a knowledge graph specifically (vs wikipedia docs etc)",
    # "(instead of adding a shared expert)")
    r"|\s*\(\s*(?:vs\.?|versus|rather than|instead of|as opposed to)\s[^)]*\)"
    # ... and "vs" before another doing, not another paper: "which propose a method to reduce it, vs just measuring
    # it?" sets the measuring aside; "how many datasets did X use, versus the Zecoler paper?" compares
    r"|,\s*(?:vs\.?|versus)\s+(?=(?:just|only|merely|simply)\b|[a-z]+ing\b)[^,.;:?!)]*",
    re.I,
)


#: What a question sets aside by "not (the) X" after a break: the word after "not" ("aria total param count? not
#: the activated ones", "the full model size, not activated parameters").
_NOT_THE = re.compile(r"(?:^|[?.,;:]\s*|\s[-\u2013\u2014]+\s*)not\s+(?:the\s+)?([\w-]+)", re.I)


def _set_aside(question: str) -> frozenset[str]:
    """The content words of the question's contrast clauses: what its answer must not be. A total asked sets aside
    the parts a count may be of: "the total parameter count of Aria" is not "3.9B activated parameters"."""
    clauses = [m.group(0) for m in _CONTRAST.finditer(question)] + [m.group(1) for m in _NOT_THE.finditer(question)]
    aside = {stem(w) for clause in clauses for w in content_words(clause)}
    if _TOTAL.search(question):
        aside |= _PARTS_OF_A_TOTAL
    return frozenset(aside)


#: A total asked: "the total parameter count", "how many parameters in total", "overall size".
_TOTAL = re.compile(r"\b(?:total|in\s+all|overall)\b", re.I)
#: What a count may be only a part of: "activated parameters", "trainable parameters", "active experts".
_PARTS_OF_A_TOTAL = frozenset(stem(w) for w in ("activated", "active", "trainable", "learnable", "tunable"))


#: A clause saying what the answer is NOT restricted by: "mixture-of-experts architectures, whatever the domain",
#: "regardless of the modality", "irrespective of the task", "no matter the language". Its words are no topic a paper
#: must write (nor one it must not: see _set_aside).
_NO_RESTRICTION = re.compile(
    r",?\s*\b(?:whatever|regardless\s+of|irrespective\s+of|no\s+matter)\s+(?:the|its|their|which|what)\s+[^,.;:?!)]*",
    re.I,
)


def without_contrast(question: str) -> str:
    """The question without its contrast clause, whose words would otherwise count as topic words to match:
    "Which of them work with EEG recordings rather than scanner data?" -> "Which of them work with EEG recordings?";
    and without a clause lifting a restriction ("..., whatever the domain")."""
    return _NO_RESTRICTION.sub("", _CONTRAST.sub("", question)).strip()


#: The words that lead in examples of what a question asks for: "..., like trying on outfits", "? such as pruning".
EXAMPLE_LEAD = r"(?:like|such as|for example|for instance)"
#: Where a question goes on to gloss its topic rather than narrow it: a restatement ("RAG, i.e. a generator
#: conditioned on retrieved documents", "(model merging)"), examples ("e.g. graph or multi-view clustering",
#: "(text-to-audio, text-to-speech)", ", like trying on outfits", "- melodies or full songs -") or a defining
#: clause (", where a generator is conditioned on ..."). The gloss runs to its closing mark or the sentence's end.
_GLOSS = re.compile(
    r"\s*\((?:[^()]*\s[^()]*)\)"  # a parenthesis of two words or more ("(MoE)" names the topic; it stays)
    r"|[,;:]?\s*\b(?:i\.e\.|e\.g\.)[^.?!]*"
    # a definition after a colon, a noun and the clause saying what it does: "the retrieval-augmented generation
    # papers: models that fetch documents ... and condition their generation on it"
    r"|(?<=\w):\s+(?:(?:a|an|the)\s+)?(?:[\w-]+\s+){0,2}[\w-]+\s+(?:that|which|who|whose)\b[^.?!]*"
    # (after a comma or a dash: "AI for clothes - like virtually trying on outfits or searching fashion items")
    r"|(?:,|\s[-\u2013\u2014]{1,2})\s*(?:where|like|such as|for example|for instance|including|especially|namely"
    r"|that is)\b[^.?!]*"
    # ... or opening a sentence of their own after the question: "anything on X? like brainwave caps or brain scans"
    rf"|(?<=[?!.])\s+{EXAMPLE_LEAD}\b[^.?!]*[.!]?\s*$"
    # between two dashes ("music - melodies or full songs - from a text")
    r"|\s+[-\u2013\u2014]{1,2}\s+[^-\u2013\u2014.?!]*\s[-\u2013\u2014]{1,2}(?=\s)"
    # an example after the question, in a fragment of its own: "...? GraphRAG style", "? stable diffusion type stuff"
    r"|(?<=[?!])\s+(?:[\w-]+\s+){0,2}\w+[\s-](?:style|type|like)(?:\s+(?:stuff|things?|ones?|work))?\W*$"
    # ... or examples listed there, or after a dash, and closed by a hedge: "...? CT, MRI, whatever", "? graphs,
    # multi-view, etc.", "every paper on semantic segmentation - open-vocab, domain adaptive, multi-modal seg, whatever"
    # (or "and the like": "information extraction — NER, open IE, entity linking, entity matching and the like?")
    r"|(?:(?<=[?!])\s+|\s+[-\u2013\u2014]{1,2}\s+)[^.?!,]+(?:,\s*[^.?!,]+)+,?\s*(?:or\s+)?"
    # (or a hedge saying the items are of a kind: "deep clustering papers - graph clustering, multi-view clustering,
    # that kind of thing?")
    r"(?:whatever|etc\.?|and\s+so\s+on|and\s+the\s+like|and\s+such"
    r"|(?:that|this)\s+(?:sort|kind|type)\s+of\s+(?:thing|stuff)s?)\W*$",
    re.I,
)


#: A gloss giving examples of the topic: "fake photos, like deepfakes or pictures made by AI", "(e.g. ECG)".
_EXAMPLES = re.compile(
    # (or in a sentence of their own after the question: "anything on decoding brain activity? like brainwave caps")
    rf"(?:(?:,|\s[-\u2013\u2014]{{1,2}}|[?!.](?=\s))\s*{EXAMPLE_LEAD}\b|\be\.g\.,?)"
    r"\s*([^.?!()]*)",
    re.I,
)


#: A list after a colon, to the sentence's end: "papers on image generators: text-to-image models, diffusion or GAN
#: image synthesis, or benchmarks for them" names the topic before the colon, and its kinds after it. (Unless the
#: list asks something: "for CoT-Valve: how much shorter did its chains get, and what did it cost?")
_LIST_AFTER_A_COLON = re.compile(r"(?<=\w):\s+([^.?!:]*,[^.?!:]*)")


def glossed_examples(question: str) -> str:
    """The examples a question glosses its topic by, joined: a paper on one of them is on the topic, as the user
    says. (A gloss restating the topic, "i.e. ...", is no example of it.) The kinds a colon lists are examples too, and
    so is the term a short bracket names the topic by (:func:`_terms_in_brackets`)."""
    listed = [m.group(1) for m in _LIST_AFTER_A_COLON.finditer(question) if not has_question_form(m.group(1))]
    return " ; ".join([m.group(1) for m in _EXAMPLES.finditer(question)] + listed + _terms_in_brackets(question))


#: Examples a question offers, one or several, after the word that leads them in: "a modality like 3D, audio or
#: events", "(say 2D images or a VLM)", "e.g. graph or multi-view clustering".
_OFFERED = re.compile(
    # (not "like" as a verb: "I'd like papers on X", "what does it look like")
    r"(?<!\bwould )(?<!'d )(?<!\bi )(?<!\bwe )(?<!\byou )(?<!\blook )(?<!\blooks )"
    rf"\b(?:{EXAMPLE_LEAD}|say|e\.g\.|eg|including|especially)\s*,?\s+([^.?!;:()\u2013\u2014]*)",
    re.IGNORECASE,
)


def offered_examples(question: str) -> list[str]:
    """The examples ``question`` offers of what it asks: "3D", "audio" and "events" in "a student on a different
    modality like 3D, audio or events". A paper on one of them answers it, so no paper found for it need write them
    all (unlike "deepfakes or AI-generated images", which names the topic twice). An example ends where a word of
    no content follows its first: "an LLM like Llama to another language" offers "Llama"."""
    offered = []
    for match in _OFFERED.finditer(question):
        for item in example_items(match[1]):
            words = item.split()
            end = next((i for i, word in enumerate(words) if i and word.lower() in STOP_WORDS), len(words))
            offered.append(" ".join(words[:end]))
    return offered


#: A bracket of two words or more, whose words :data:`_GLOSS` sets aside.
_BRACKETED = re.compile(r"\(([^()]*\s[^()]*)\)")
#: A bracket listing things or hedging ("(KGs, facts)", "(like from wikipedia)", "(CodeBERT and friends)") is no
#: term for the topic: its items are examples of a part of it, at best.
_LISTS_OR_HEDGES = re.compile(r"[,;/+&]|\b(?:or|and|like|e\.g|i\.e|etc|say|such|from|with|vs)\b", re.I)


def _terms_in_brackets(question: str) -> list[str]:
    """What short brackets name the topic by: "how chatbots decide which piece of knowledge to use next (knowledge
    selection)", "combining finetuned models into one set of weights (model merging)". A paper on it is on the
    topic, as the user says. (A bracket speaking of the user, "(i mean the graph ones)", asking, or listing, names
    no term of the topic; admitting every short bracket, lists too, cited 29 more other papers on the dev splits for
    23 more gold ones.)"""
    return [
        words
        for words in _BRACKETED.findall(question)
        if not has_question_form(words)
        and not _FIRST_PERSON.search(words)
        and len(words.split()) <= 4
        and not _LISTS_OR_HEDGES.search(words)
    ]


#: Words that open a question or a request, or join a clause of its own: after a dash, the question goes on.
_ASKS = (
    r"(?:which|what|who|whom|whose|how|why|where|when|are|is|was|were|do|does|did|can|could|would|will|any|anything"
    r"|list|show|find|tell|give|name|and|or|but|so|plus)\b"
)
#: From one dash to the sentence's end, unless the dash brings the question itself ("Different question - does
#: the collection ...?"): "knowledge-grounded dialogue - chatbots that pull in outside knowledge".
_AFTER_A_DASH = re.compile(rf"(\s+[-\u2013\u2014]{{1,2}}\s+)(?!{_ASKS})[^-\u2013\u2014.?!]*(?=[.?!]|$)", re.I)


def without_gloss(question: str) -> str:
    """The question without the words that gloss its topic (:data:`_GLOSS`): what a paper must answer at the
    least. A paper writing the gloss's words too answers no less, so the gloss is optional, not removed.

    What follows a single dash glosses the words before it only when those name a field's term: a word English
    at large does not use, by MiniLM's vocabulary ("continual learning - learning new tasks without
    forgetting"). After everyday words, it is where the topic is said: "changing what a model 'knows' after it
    has been trained - patching wrong or outdated facts"."""
    glossed = _GLOSS.sub("", question)
    glossed = _LIST_AFTER_A_COLON.sub(lambda m: m.group(0) if has_question_form(m.group(1)) else "", glossed)
    for dash in reversed(list(_AFTER_A_DASH.finditer(glossed))):
        sentence_start = max(glossed.rfind(mark, 0, dash.start()) for mark in ".?!")
        head = glossed[sentence_start + 1 : dash.start()]
        if glossed[dash.end() :].startswith("?") and not has_question_form(head):
            continue  # the dash brought the question: "relational knowledge distillation - student recall@1 on CUB?"
        if any(term_weight(word) >= 1.0 for word in content_words(head) if "'" not in word):
            glossed = glossed[: dash.start()] + glossed[dash.end() :]
    return glossed.strip()


#: Words that ask for a kind of answer rather than name a topic ("summarise it", "compare them").
REQUEST_WORDS = frozenset(
    stem(w)
    for w in """
    summarise summarize summary overview rundown explain describe compare comparison contrast differ difference
    detail details elaborate main idea key contribution contributions result results finding findings
    limitation limitations weakness weaknesses strength strengths mean means say says said talk about mention
    mentioned
    dataset datasets data benchmark hardware gpu gpus authors author date year time long take took
    """.split()
)


#: A sentence in which the user speaks of themselves: "i'm building a multimodal chatbot", "thats the data i have"
#: (not the "i" of "i.e.").
_FIRST_PERSON = re.compile(r"\b(?:i(?!\.e\.)|i'm|im|i've|ive|i'd|my|me)\b", re.I)
#: Where a message's sentences meet ("... whatever. new topic: ..."); not after an abbreviation that goes on ("model
#: merging, i.e. combining ...").
SENTENCE_BREAK = re.compile(r"(?<!\bi\.e\.)(?<!\be\.g\.)(?<!\bvs\.)(?<!\bcf\.)(?<=[.?!])\s+", re.I)
_CLARIFIES = re.compile(
    r"\s*\(?\s*(?:i mean|as in|that is|i\.e\.)\b"
    # ... or names it: "(clustering i think it's called)", "I think it's called federated learning"
    r"|.*\b(?:it'?s|it is|that'?s|that is|this is)\s+(?:called|known as|named|termed)\b",
    re.I,
)


def asking_sentence_start(question: str) -> int:
    """Where the last sentence of ``question`` starts when it asks something (ends in "?", or opens with a request:
    "... ok whatever, summarise the second paper for me"), else 0: a remark before the question ("the I2P one says 2D
    in the title. anyway - whats ULIP-2's number?") ends there."""
    ends = [m.end() for m in SENTENCE_BREAK.finditer(question.rstrip())]
    if not ends:
        return 0
    last = question[ends[-1] :]
    return ends[-1] if question.rstrip().endswith("?") or _asks_for(without_lead_in(last) or last) else 0


#: A verb opening a request: "summarise the second paper for me", "explain it to me".
_REQUEST_VERB = re.compile(
    r"^\W*(?:please\s+)?(?:summari[sz]e|explain|describe|compare|contrast|elaborate|tell|show|give|list)\b", re.I
)


#: Where a clause of a sentence ends: a mark, or a dash between words.
_CLAUSE_BREAK = re.compile(r"[?!.;:,]+\s*|\s+[-\u2013\u2014]+\s+")


def _asks_for(sentence: str) -> bool:
    """Does ``sentence``, or a clause of it, open with a verb asking for an answer ("summarise the second paper for
    me", "surely there's more, show me the rest")?"""
    return any(_REQUEST_VERB.match(clause) for clause in _CLAUSE_BREAK.split(sentence))


def without_asides(question: str, names_a_paper: Callable[[str], bool] = lambda text: False) -> str:
    """The question without the sentences after it in which the user tells about themselves rather than
    asks: "any of them use spatial transcriptomics? thats the data i have" -> "any of them use spatial
    transcriptomics?". Their words ("data", "chatbot", "building") would otherwise be topic words that a
    paper must match. A sentence before the question stays: it may name what the question's pronoun means
    ("I keep seeing CorDA next to LoRA. what is it doing differently?"); so does a request made in the first
    person ("I need work on X"), which has the question's form (:func:`without_leading_aside` tells which such
    statements the evidence need not match). A sentence naming a paper (``names_a_paper``) is no aside: "others? I
    remember a chinese one called WenLan" asks for that paper."""
    first, *rest = SENTENCE_BREAK.split(question.strip())
    # "I mean chain-of-thought prompting" restates what is asked: a clarification, not an aside; a request after an
    # opener is the question ("weird. ok tell me more about the first of those three")
    kept = [
        s
        for s in rest
        if _CLARIFIES.match(s)
        or names_a_paper(s)
        or _asks_for(without_lead_in(s) or s)
        or not (_FIRST_PERSON.search(s) and not asks_something(without_lead_in(s) or s))
    ]
    if not any(content_stems(s) for s in [first, *kept]):
        # the rest only remarks ("really? nothing at all?"): what the user says is there is what they ask for ("i'm
        # pretty sure there's graph clustering stuff in there")
        return question
    return " ".join([first, *kept])


#: The stems of the number words ("two", "three", ...).
NUMBER_STEMS = frozenset(stem(word) for word in NUMBER_WORDS)


#: A clause saying what the papers just shown are: "both of those are multimodal", "they're all surveys".
_THE_PAPERS_SHOWN_ARE = re.compile(
    r"^\W*(?:(?:but|and|so)\s+)?(?:(?:both|all|each)\s+(?:of\s+)?)?(?:those|these|they|them)\b"
    r"(?:\s+(?:ones|papers|two|three))?(?:\s+(?:are|were)\b|'re\b)",
    re.I,
)


def remarks_only(text: str) -> bool:
    """Does ``text`` only remark on the last answer, asking nothing: a count alone ("hmm only two?"), the user
    speaking of themselves without asking ("i'd expect more on this"), or saying what the papers shown are ("both of
    those are multimodal")? Each sentence or clause is one or the other."""
    clauses = [c for c in _CLAUSE_BREAK.split(text) if c.strip()]
    return bool(clauses) and all(
        # ("that's just one paper.": the clitic's word is no content)
        content_stems(clause, clitics_are_function_words=True) <= NUMBER_STEMS
        or (
            (_FIRST_PERSON.search(clause) is not None or _THE_PAPERS_SHOWN_ARE.match(clause) is not None)
            and not has_question_form(clause)
        )
        for clause in clauses
    )


#: Where a statement opening a message ends and what follows it starts: a sentence's end (not an abbreviation's), or a
#: dash.
_STATEMENT_END = re.compile(r"(?<=[.!])(?<!e\.g\.)(?<!i\.e\.)(?<!\bvs\.)(?<!\betc\.)\s+|\s+[-\u2013\u2014]+\s+")


def without_leading_aside(question: str, topic_of: Callable[[str], Collection[str]]) -> str:
    """The question without a statement before it in which the user tells about themselves, when the question
    that follows stands alone: "I'm a programmer - which papers are about models that read source code?", "my
    multimodal model breaks when a sensor is missing. any papers dealing with missing modalities?". Its words
    ("programmer", "sensors", "breaks") are no topic a paper must match, but may still help find one ("My grandma only
    speaks Persian. Are there papers on getting chatbots to work in other languages?"): the search reads them, the
    evidence is judged without them (AnswerEngine.judge). The statement stays where the
    question after it has no topic of its own (``topic_of``, the words it searches for: "I'm looking for work on
    robots. What's there?"), names the user again ("What in here is relevant to me?"), or points back at it ("I keep
    seeing CorDA next to LoRA. what is it doing differently?")."""
    end = _STATEMENT_END.search(question)
    if end is None:
        return question
    statement, asked = question[: end.start()], question[end.end() :]
    if (
        _FIRST_PERSON.search(statement)
        # (a statement, not a question: "my model breaks when a sensor is missing" holds "when" as a conjunction)
        and not _QUESTION_FORM.match(statement)
        and "?" not in statement
        # (a statement asking for papers is the request: "I need papers on distillation columns in refineries - any
        # model predictive control approaches?")
        and not asks_for_papers(statement)
        # (a request for papers may have no question's form: "anything in here tackling that capacity gap?")
        and bool(_QUESTION_FORM.match(asked) or _LIST.match(asked) or asks_for_papers(asked))
        and len(topic_of(asked)) >= 2
        and not _FIRST_PERSON.search(asked)
        # (a pronoun inside a gloss points within it: "AI for fashion, like letting shoppers see how clothes would
        # look on them?")
        and not _REFERS_BACK.search(without_gloss(asked))
    ):
        return asked
    return question


#: A question pointing back at what was said before it: "what is it doing differently?", "which paper found that?".
_REFERS_BACK = re.compile(
    r"\b(?:this|that|one)\s*(?:[?.!]|$)|\b(?:it|its|they|them|their|these|those)\b|\b(?:this|that)\s+(?:kind|sort|type)\b",
    re.I,
)


#: Words that ask for one paper: "is there a paper that ...", "which study ...", "the one about ...", "who built".
_ONE_PAPER = re.compile(
    r"\b(?:a|an|the|one|which|what|this|that)\s+(?:single\s+|particular\s+|specific\s+)?"
    r"(?:paper|study|work|article|method|model|system|framework|approach|dataset|benchmark|corpus|project|"
    r"technique|one)\b|\bis there\b|\bwho\b"
    # a paper described by the words before it: "what does the Lewis et al. RAG paper use as its memory?" (not a remark
    # on an answer: "that's not the same paper lol. anyway, switching topics: ...")
    r"|(?<!\bnot\s)\b(?:the|this|that)\s+(?:[\w.+'’-]+\s+){1,4}(?:paper|study|article)\b"
    # a yes/no question about one thing: "can a chatbot reach top rank at strategy games?"
    r"|^\W*(?:can|could|does|did|is|was|has|will|would)\s+(?:a|an)\s",
    re.I,
)


#: An open question, answered by a description: "how do they ...", "what did it find", "why does it work" (not "how
#: many", "what papers", "which of them", nor a yes/no question).
_OPEN_QUESTION = re.compile(
    r"^\W*(?:(?:and|so|but|ok|okay)\W+)?(?:how(?!\s+(?:many|much|big|large|long|old|often)\b)|why"
    r"|what(?!\s+(?:papers?|ones?|works?|studies|about)\b))\b",
    re.I,
)


def opens_with_a_description_asked(question: str) -> bool:
    """Does the question's first clause ask for a description and no fact, a later one for a fact ("What does
    LLaVA-MoD do, and which datasets were used?")? The description is what is asked first; the fact is asked
    besides it, so an abstract lacking the fact still answers the question."""
    first = _FURTHER_ASK.split(question, maxsplit=1)[0]
    return first != question and asks_an_open_question(first) and attribute_of(first) is None


#: A request to describe what it names: "Tell me more about TinyR1", "describe KdConv", "explain SLCA".
_DESCRIPTION_ASKED = re.compile(r"\b(?:tell\s+(?:me|us)|describe|explain|summari[sz]e|overview)\b", re.I)


def asks_for_a_description(question: str) -> bool:
    """Does the question ask to be told about what it names, rather than leave what it asks to the question before
    ("And RESTORE?" asks the last question's fact of another paper; "Tell me more about TinyR1." does not)?"""
    return _DESCRIPTION_ASKED.search(question) is not None


def asks_an_open_question(question: str) -> bool:
    """Does the question ask for a description ("how do they get around having so few labels?") rather than pick
    papers ("which of them use LoRA?", "do they handle long documents?") or ask a count?"""
    return bool(_OPEN_QUESTION.match(question))


#: A lead that points at one paper by what it calls it: "the original RAG paper - what did they combine?", "in the
#: xray+ECG one, ...". Its clause asks that paper, not the papers a search for the lead would find.
ONE_PAPER_DESCRIBED = re.compile(
    r"\W*(?:(?:in|for|about|so|and|ok|okay)\W+)*(?:the|that|this)\s+(?:[\w+.'’-]+\s+){0,6}(?:paper|study|article|one)\b"
    r"(?!s)"
    # ("the work where a multimodal LLM learns to ...": "work" with a relative clause, not "the work on X", a body)
    r"|\W*(?:(?:in|for|about|so|and|ok|okay)\W+)*(?:the|that|this)\s+work\s+(?:where|in\s+which|which|that|whose)\b",
    re.I,
)


def asks_for_one_paper(question: str) -> bool:
    """Does the question ask for one paper ("Is there a study claiming ...?", "the one about parcels", "the Lewis et
    al. RAG paper from FAIR - what do they use as memory?"), rather than for what the collection has on a topic ("how
    do people reduce hallucinations in LLMs?")?"""
    return bool(_ONE_PAPER.search(question) or ONE_PAPER_DESCRIBED.match(question))


#: Words announcing a change of subject: "Switching topics", "different topic", "Unrelated", "Off-topic", "something
#: else now", "on another note", "moving on".
_NEW_SUBJECT = (
    r"(?:(?:totally|completely|entirely|quite)\s+)?"
    # ("diff" is how a chat writes "different": "diff question: ...")
    # ("different direction: can this kind of model help with RL too?")
    r"(?:(?:switching|changing|different|diff|new|another|unrelated|separate|other)\s+"
    r"(?:topics?|subjects?|gears|directions?)"
    # (or after: "switching topics completely: ...")
    r"(?:\s+(?:totally|completely|entirely))?"
    r"|(?:different|diff|new|unrelated|separate)\s+questions?"
    # ("different thing - adapting a pretrained model to a new sensor ...", not "another thing", which may go on)
    r"|(?:different|diff|unrelated|separate)\s+things?"
    # ("totally different: ..." says it of the turn itself)
    r"|unrelated|off[\s-]topic|something\s+(?:else|different)(?:\s+now)?|on\s+another\s+note|moving\s+on"
    r"|(?<=totally\s)different|(?<=completely\s)different|(?<=entirely\s)different)"
)
#: Words that open a turn of a chat without asking anything: "ok", "hmm", "thanks!", "cool.", "alright, so", "oh,",
#: "anyway -".
#: The ways of saying yes.
AFFIRMATIVES = r"yes|yeah|yep|yup"
_OPENERS = (
    rf"ok|okay|hm+|meh|alright|cool|thanks|thank you|{AFFIRMATIVES}|so|now|oh|ah|anyway|anyways|whatever"
    r"|(?:never\s*mind|nvm)(?:\s+(?:that|this|it))?"
)
_ACKNOWLEDGMENTS = (
    r"nice|great|good|fine|perfect|awesome|interesting|got it|i see|thx|cheers|neat|right"
    r"|fair(?:\s+enough)?|makes sense|sounds good|sure|noted|understood|excellent"
)
_LEAD_IN = re.compile(
    rf"^\W*(?:(?:{_OPENERS}|hi|hello|hey)(?![\w-])[\s,.!:;\u2013\u2014-]+"
    # an acknowledgment of the last answer, set off by a mark: "nice, any more like that?", "great - and ..."
    rf"|(?:{_ACKNOWLEDGMENTS})\s*[,.!:;\u2013\u2014-][\s,.!:;\u2013\u2014-]*"
    # ... or said of it in a sentence of its own: "good start. more?", "very helpful!", "nice find."
    rf"|(?:(?:very|really|so|pretty)\s+)?(?:{_ACKNOWLEDGMENTS}|helpful|useful)(?:\s+[a-z]+)?\s*[.!][\s.!]*"
    # a sentence setting aside part of what was asked before: "drop the GNN part.", "ignore the training data bit,
    # my bad." (searched, its words are a topic the user has just given up)
    r"|(?:drop|ignore|forget|skip|scratch|disregard|leave\s+out)\s+(?:the|that|my)\s+[^.!?;:]{1,40}?\s+"
    r"(?:part|bit|aspect|angle|requirement|condition|constraint)(?:\s*,\s*my\s+bad)?\s*[.!;:][\s.!;:]*"
    # a sentence saying the last answer's papers are not what was asked: "those aren't about code.", "that's not it."
    # (its words name what the papers lack, no topic to search)
    # (or one of them, by its place or a word: "the 2nd one doesnt seem related.")
    r"|(?:those|these|they|that|this|it|the\s+[\w-]+\s+(?:ones?|papers?))(?:\s+(?:ones|papers))?"
    r"(?:\s+(?:are|is|were|was|do|does|did)(?:n'?t|\s+not)|'re\s+not|'s\s+not)\b[^.!?;:]{0,50}?[.!;][\s.!;]*"
    # ... or that neither of them is: "neither of those is really an LLM generating images... show me more"
    r"|neither\s+(?:of\s+)?(?:those|these|them|one)\b[^.!?;:]{0,60}?[.!;][\s.!;]*"
    # a turn announcing that it is the last or one more, set off by a mark: "last one:", "one last thing -", "ok last
    # one," (no place: "last one: of the papers in your first list, do any ...?" picks no last paper)
    r"|(?:one\s+)?(?:last|final)\s+(?:one|thing|question|q)\s*[,.!:;\u2013\u2014-][\s,.!:;\u2013\u2014-]*"
    r"|one\s+more\s+(?:thing|question|q)\s*[,.!:;\u2013\u2014-][\s,.!:;\u2013\u2014-]*"
    # a turn announcing a change of subject, set off by a mark: "Switching topics:", "Unrelated question:",
    # "Something different now:", "on another note,", "Side question:", "Off-topic:"
    rf"|(?:{_NEW_SUBJECT}(?:\s+q(?:uestions?)?)?"
    r"|(?:different|diff|new|another|unrelated|separate|other|side|random)\s+(?:questions?|q))"
    r"\s*[,.!:;\u2013\u2014-][\s,.!:;\u2013\u2014-]*)+",
    re.IGNORECASE,
)
#: A turn that opens by announcing a change of subject, after any words that open a turn ("ok, different topic -").
_OPENS_NEW_SUBJECT = re.compile(
    rf"^\W*(?:(?:{_OPENERS})(?![\w-])[\s,.!:;\u2013\u2014-]+)*"
    rf"{_NEW_SUBJECT}(?:\s+q(?:uestions?)?)?\s*[,.!:;\u2013\u2014-]",
    re.IGNORECASE,
)


def opens_new_subject(question: str) -> bool:
    """Does the turn announce a change of subject ("different topic - MoE in multimodal LLMs, does it cut compute?")?
    What it says after that is about the new subject, whatever its pronouns. ("Side question:" and "another
    question:" may still ask about the papers on the table.)"""
    return bool(_OPENS_NEW_SUBJECT.match(question))


#: A remark that ends by turning to what comes next: "eot isnt teacher-student but ok.", "not what I meant,
#: whatever."
_TURNS_AT_END = re.compile(rf"(?:^|[\s,;\u2013\u2014-])(?:but\s+)?(?:{_OPENERS})[\s.!;,]*$", re.IGNORECASE)


def ends_by_turning(remark: str) -> bool:
    """Does ``remark`` close with the words that open a turn ("..., but ok.", "... whatever.")? What follows it is
    the question, as after "ok," at a turn's start."""
    return _TURNS_AT_END.search(remark) is not None


def without_lead_in(question: str) -> str:
    """The question without the words that open a chat turn: "ok now show me work on knowledge graphs" ->
    "show me work on knowledge graphs", "Switching topics: which papers ..." -> "which papers ...". Left in,
    "ok" is the question's rarest topic word, and "show me" no longer opens the request."""
    stripped = _LEAD_IN.sub("", question)
    return stripped if stripped.strip() else question

"""ACLSum (Takeshita et al. 2024, MIT) as plain typed records: 250 ACL papers with human aspect summaries.

Each paper has its abstract split into sentences, one human summary per aspect (challenge, approach,
outcome), and labels saying which abstract sentences support each summary. The ``aclsum`` package
ships three splits, ``train`` (100 papers), ``val`` (50) and ``test`` (100), through ``ACLSum(split)``.
Its text is pre-tokenised ("20 % in MRR .", "model 's", "( GANs )"); :func:`clean` undoes that, so
what the benchmarks see reads like the abstracts our own corpus holds.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Split = Literal["train", "val", "test"]
Aspect = Literal["challenge", "approach", "outcome"]
SPLITS: tuple[Split, ...] = ("train", "val", "test")
ASPECTS: tuple[Aspect, ...] = ("challenge", "approach", "outcome")

#: Tokens the tokenizer split off the word before them ("method ." -> "method.", "do n't" -> "don't").
_ATTACH_LEFT = re.compile(r"^(?:[.,;:!?%)\]}]+|n't|'(?:s|re|ve|ll|d|m))$", re.IGNORECASE)
#: Tokens the next word attaches to ("( GANs" -> "(GANs").
_ATTACH_RIGHT = frozenset("([{")
_QUOTES = frozenset({'"', "'", "``", "''"})


def clean(text: str) -> str:
    """Undo Penn-Treebank-style spacing: punctuation, brackets, clitics, quotes and slashes rejoin their words.

    A stand-alone quote opens when none of its kind is open and closes otherwise; a lone ``'`` right
    after a plural and before a word is a possessive ("users ' opinions" -> "users' opinions").
    """
    out: list[str] = []
    glue_next = False  # the previous token opened a bracket or a quote, or was a slash
    open_quotes: set[str] = set()
    words = text.split()
    for i, token in enumerate(words):
        glue = glue_next
        glue_next = False
        if token in _QUOTES:
            kind = '"' if token in {'"', "``", "''"} else "'"
            following = words[i + 1] if i + 1 < len(words) else ""
            if kind == "'" and kind not in open_quotes and out and out[-1].endswith("s") and following[:1].isalnum():
                glue = True  # possessive plural
            elif kind in open_quotes:
                open_quotes.discard(kind)
                glue = True
            else:
                open_quotes.add(kind)
                glue_next = True
            token = kind
        elif _ATTACH_LEFT.match(token):
            glue = True
        elif token == "/":
            glue, glue_next = True, True
        if token in _ATTACH_RIGHT:
            glue_next = True
        if glue and out:
            out[-1] += token
        else:
            out.append(token)
    return " ".join(out)


@dataclass(frozen=True)
class Paper:
    """One ACLSum paper; ``labelled[aspect]`` are indices into ``sentences`` that support ``summaries[aspect]``."""

    id: str  # ACL Anthology id, e.g. "P06-1112"
    title: str
    sentences: tuple[str, ...]  # the abstract, one cleaned sentence each
    summaries: dict[Aspect, str]
    labelled: dict[Aspect, tuple[int, ...]]

    @property
    def abstract(self) -> str:
        return " ".join(self.sentences)


def load(split: Split) -> list[Paper]:
    """The papers of one split, in the package's order."""
    from aclsum import ACLSum

    if split not in SPLITS:
        raise ValueError(f"unknown ACLSum split {split!r}; expected one of {SPLITS}")
    papers = []
    for doc in ACLSum(split):
        papers.append(
            Paper(
                id=doc.id,
                title=clean(doc.title),
                sentences=tuple(clean(s) for s in doc.sentences["abstract"]),
                summaries={a: clean(doc.summaries[a]) for a in ASPECTS},
                # The package stores one 0/1 label per sentence; indices are what callers compare against.
                labelled={a: tuple(i for i, x in enumerate(doc.highlights[a]["abstract"]) if x) for a in ASPECTS},
            )
        )
    return papers


def export_jsonl(path: str | Path, split: Split | None = None) -> int:
    """Write papers as JSON lines with ``id``, ``title`` and ``abstract`` (all splits when ``split`` is None).

    Returns the number of papers written.
    """
    papers = [p for s in ([split] if split else SPLITS) for p in load(s)]
    with Path(path).open("w", encoding="utf-8") as f:
        for p in papers:
            f.write(json.dumps({"id": p.id, "title": p.title, "abstract": p.abstract}, ensure_ascii=False) + "\n")
    return len(papers)

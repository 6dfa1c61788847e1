"""Validate the gold evaluation set (evals/gold.jsonl) against the corpus.

Stdlib only (plus rag.corpus). Usage, from the repository root:

    python3 evals/check_gold.py [path/to/gold.jsonl] [--corpus data/corpus]

Checks:
  * every line is a JSON object with the expected fields and types;
  * ids are unique; kinds are known and meet their minimum counts; total >= 90;
  * every gold paper id exists in the parsed corpus;
  * every key fact occurs verbatim (case-insensitive) in at least one gold paper's abstract;
  * answerable consistency: answerable items have gold papers, unanswerable / near_miss items have none
    and are marked answerable=false; near_miss notes name an existing "closest: <paper_id>";
  * history is present (user/assistant turns) only for followup items;
  * filters use known keys and every gold paper satisfies them;
  * topic questions have at most 10 gold papers; untitled questions point at untitled abstracts;
  * describe questions share at most one content word with the gold paper's title + abstract.

Prints counts per kind; exits 1 on any problem.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from rag.corpus import parse_corpus  # noqa: E402

MIN_COUNTS = {
    "topic": 15,
    "single": 12,
    "describe": 12,
    "followup": 6,
    "metadata": 6,
    "fact": 10,
    "untitled": 5,
    "compare": 5,
    "unanswerable": 6,
    "near_miss": 6,
}
MIN_TOTAL = 90
MAX_TOPIC_GOLD = 10
UNTITLED_SOURCE = "002_bff51b88473206e6.txt"
FIELDS = {
    "id": str,
    "kind": str,
    "question": str,
    "history": list,
    "gold_papers": list,
    "key_facts": list,
    "filters": dict,
    "answerable": bool,
    "note": str,
}
FILTER_KEYS = {"year", "month", "source", "authors"}
MONTHS = {
    m: i
    for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)
}
STOPWORDS = set(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "but",
        "if",
        "of",
        "to",
        "in",
        "on",
        "at",
        "by",
        "for",
        "with",
        "without",
        "from",
        "into",
        "onto",
        "about",
        "as",
        "via",
        "per",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "do",
        "does",
        "did",
        "doing",
        "have",
        "has",
        "had",
        "having",
        "i",
        "me",
        "my",
        "we",
        "our",
        "you",
        "your",
        "he",
        "she",
        "it",
        "its",
        "they",
        "them",
        "their",
        "themselves",
        "itself",
        "myself",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "when",
        "where",
        "why",
        "how",
        "any",
        "some",
        "all",
        "each",
        "every",
        "no",
        "not",
        "nor",
        "only",
        "own",
        "same",
        "so",
        "than",
        "too",
        "very",
        "can",
        "will",
        "just",
        "should",
        "would",
        "could",
        "may",
        "might",
        "must",
        "shall",
        "one",
        "ones",
        "someone",
        "something",
        "anyone",
        "anything",
        "out",
        "up",
        "down",
        "over",
        "under",
        "again",
        "further",
        "then",
        "once",
        "more",
        "most",
        "other",
        "such",
        "both",
        "few",
        "also",
        "yet",
        "still",
        "ever",
        "even",
        "much",
        "many",
        "lot",
        "lots",
        "kind",
        "sort",
        "way",
        "thing",
        "things",
        "paper",
        "papers",
        "work",
        "study",
        "studies",
        "anybody",
        "somebody",
        "people",
        "person",
    ]
)


def content_words(text: str) -> set[str]:
    return {t for t in re.findall(r"[a-z0-9]+", text.lower()) if len(t) > 1 and t not in STOPWORDS}


def month_of(date: str | None) -> int | None:
    if not date:
        return None
    return MONTHS.get(date.strip()[:3].lower())


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", nargs="?", default=str(ROOT / "evals" / "gold.jsonl"))
    ap.add_argument("--corpus", default=str(ROOT / "data" / "corpus"))
    args = ap.parse_args()

    papers = {p.paper_id: p for p in parse_corpus(args.corpus).papers}
    problems: list[str] = []
    kinds: Counter[str] = Counter()
    seen: set[str] = set()

    lines = Path(args.gold).read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            e = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"line {n}: invalid JSON ({exc})")
            continue
        if not isinstance(e, dict):
            problems.append(f"line {n}: not a JSON object")
            continue
        where = f"line {n} ({e.get('id', '?')})"

        bad_fields = False
        for name, typ in FIELDS.items():
            if name not in e:
                problems.append(f"{where}: missing field {name!r}")
                bad_fields = True
            elif not isinstance(e[name], typ):
                problems.append(f"{where}: field {name!r} should be {typ.__name__}")
                bad_fields = True
        extra = set(e) - set(FIELDS)
        if extra:
            problems.append(f"{where}: unexpected fields {sorted(extra)}")
        if bad_fields:
            continue

        if e["id"] in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(e["id"])
        kind = e["kind"]
        if kind not in MIN_COUNTS:
            problems.append(f"{where}: unknown kind {kind!r}")
        kinds[kind] += 1
        if not e["question"].strip():
            problems.append(f"{where}: empty question")

        gold = e["gold_papers"]
        if len(set(gold)) != len(gold):
            problems.append(f"{where}: duplicate gold paper ids")
        for pid in gold:
            if pid not in papers:
                problems.append(f"{where}: gold paper {pid!r} not in corpus")
        gold_papers = [papers[p] for p in gold if p in papers]

        # answerable consistency
        if kind in ("unanswerable", "near_miss"):
            if e["answerable"] or gold:
                problems.append(f"{where}: {kind} must have answerable=false and no gold papers")
            if kind == "near_miss":
                m = re.search(r"closest:\s*([0-9a-f]{16})", e["note"])
                if not m:
                    problems.append(f"{where}: near_miss note must contain 'closest: <paper_id>'")
                elif m.group(1) not in papers:
                    problems.append(f"{where}: closest paper {m.group(1)!r} not in corpus")
        else:
            if not e["answerable"] or not gold:
                problems.append(f"{where}: answerable questions need answerable=true and gold papers")
        if not e["answerable"] and e["key_facts"]:
            problems.append(f"{where}: unanswerable items should not have key facts")

        # key facts verbatim in a gold abstract
        for fact in e["key_facts"]:
            if not isinstance(fact, str) or not fact.strip():
                problems.append(f"{where}: empty / non-string key fact")
                continue
            if not any(fact.lower() in p.abstract.lower() for p in gold_papers):
                problems.append(f"{where}: key fact {fact!r} not found verbatim in any gold abstract")

        # history
        hist = e["history"]
        if kind == "followup":
            if len(hist) < 2:
                problems.append(f"{where}: followup needs a history of at least one user+assistant turn")
            for t in hist:
                if not (
                    isinstance(t, dict)
                    and t.get("role") in ("user", "assistant")
                    and isinstance(t.get("content"), str)
                    and t["content"].strip()
                ):
                    problems.append(f"{where}: malformed history turn {t!r}")
            if hist and hist[-1].get("role") != "assistant":
                problems.append(f"{where}: history should end with an assistant turn")
        elif hist:
            problems.append(f"{where}: only followup items may have a history")

        # filters
        for key, val in e["filters"].items():
            if key not in FILTER_KEYS:
                problems.append(f"{where}: unknown filter {key!r}")
                continue
            for p in gold_papers:
                actual = {
                    "year": p.year,
                    "month": month_of(p.date),
                    "source": val if val in p.source_files else None,
                    "authors": p.authors,
                }[key]
                ok = actual == val
                if not ok:
                    problems.append(f"{where}: gold paper {p.paper_id} does not satisfy filter {key}={val!r}")

        # kind-specific checks
        if kind == "topic" and len(gold) > MAX_TOPIC_GOLD:
            problems.append(f"{where}: topic has {len(gold)} gold papers (> {MAX_TOPIC_GOLD})")
        if kind == "untitled":
            for p in gold_papers:
                if p.title is not None or UNTITLED_SOURCE not in p.source_files:
                    problems.append(
                        f"{where}: gold paper {p.paper_id} is not an untitled abstract from {UNTITLED_SOURCE}"
                    )
        if kind == "describe":
            if len(gold_papers) != 1:
                problems.append(f"{where}: describe questions should have exactly one gold paper")
            for p in gold_papers:
                shared = content_words(e["question"]) & content_words((p.title or "") + " " + p.abstract)
                if len(shared) > 1:
                    problems.append(f"{where}: describe question shares {sorted(shared)} with the paper")
        if kind in ("single", "fact") and len(gold) != 1:
            problems.append(f"{where}: {kind} questions should have exactly one gold paper")
        if kind == "compare" and not 2 <= len(gold) <= 3:
            problems.append(f"{where}: compare questions need 2-3 gold papers")

    total = sum(kinds.values())
    for kind, minimum in MIN_COUNTS.items():
        if kinds[kind] < minimum:
            problems.append(f"kind {kind!r}: {kinds[kind]} questions, need >= {minimum}")
    if total < MIN_TOTAL:
        problems.append(f"total {total} questions, need >= {MIN_TOTAL}")

    width = max(len(k) for k in MIN_COUNTS)
    for kind in MIN_COUNTS:
        print(f"{kind:<{width}}  {kinds[kind]:>3}  (min {MIN_COUNTS[kind]})")
    for kind in sorted(set(kinds) - set(MIN_COUNTS)):
        print(f"{kind:<{width}}  {kinds[kind]:>3}  (unknown kind)")
    print(f"{'total':<{width}}  {total:>3}  (min {MIN_TOTAL})")

    if problems:
        print(f"\n{len(problems)} problem(s):", file=sys.stderr)
        for msg in problems:
            print("  - " + msg, file=sys.stderr)
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())

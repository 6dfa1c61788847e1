"""Validate the dev/test split of gold.jsonl and the frozen test_new.jsonl split.

Stdlib only. Usage, from the repository root:

    python3 evals/check_split.py [--papers /tmp/shared/papers.jsonl]

Checks:
  * dev.jsonl + test.jsonl partition gold.jsonl exactly (rows copied unchanged), and per kind
    the first ceil(60%) rows by sha1(id) are in dev;
  * test_new.jsonl: ids unique and disjoint from gold; kinds meet their minimum counts; every gold
    and history paper id exists; every key fact occurs verbatim (case-insensitive) in a gold abstract;
    answerable rows have gold papers and unanswerable rows have none; no question is copied from gold;
    near_miss_free / fact_free questions avoid "how many" and "what is".

Prints counts per kind; exits 1 on any problem.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
from collections import Counter
from pathlib import Path

EVALS = Path(__file__).resolve().parent
MIN_NEW = {
    "topic_switch": 10,
    "followup_none": 8,
    "followup_some": 6,
    "ordinal": 8,
    "near_miss_free": 8,
    "fact_free": 6,
    "unanswerable_surface": 10,
    "broad_list": 8,
}
UNANSWERABLE = {"followup_none", "near_miss_free", "unanswerable_surface"}
WITH_HISTORY = {"topic_switch", "followup_none", "followup_some", "ordinal"}


def read_lines(path: Path) -> list[str]:
    return [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def check_split(problems: list[str]) -> None:
    gold = read_lines(EVALS / "gold.jsonl")
    dev = read_lines(EVALS / "dev.jsonl")
    test = read_lines(EVALS / "test.jsonl")
    if sorted(dev + test) != sorted(gold):
        problems.append("dev + test is not an exact partition of gold")
    by_kind: dict[str, list[str]] = {}
    for line in gold:
        row = json.loads(line)
        by_kind.setdefault(row["kind"], []).append(row["id"])
    dev_ids = {json.loads(line)["id"] for line in dev}
    for kind, ids in by_kind.items():
        ids.sort(key=lambda i: hashlib.sha1(i.encode()).hexdigest())
        cut = math.ceil(0.6 * len(ids))
        if set(ids[:cut]) != dev_ids & set(ids):
            problems.append(f"split of kind {kind!r} does not follow the sha1 rule")
    print(f"split: gold {len(gold)} = dev {len(dev)} + test {len(test)}")


def check_new(papers: dict[str, str], problems: list[str]) -> None:
    gold_rows = [json.loads(line) for line in read_lines(EVALS / "gold.jsonl")]
    gold_questions = {r["question"].strip().lower() for r in gold_rows}
    seen = {r["id"] for r in gold_rows}
    rows = [json.loads(line) for line in read_lines(EVALS / "test_new.jsonl")]
    for row in rows:
        rid, kind, question = row["id"], row["kind"], row["question"]
        if rid in seen:
            problems.append(f"{rid}: duplicate id")
        seen.add(rid)
        if kind not in MIN_NEW:
            problems.append(f"{rid}: unknown kind {kind!r}")
        if question.strip().lower() in gold_questions:
            problems.append(f"{rid}: question copied from gold")
        for pid in row["gold_papers"] + row.get("history_papers", []):
            if pid not in papers:
                problems.append(f"{rid}: unknown paper {pid}")
        abstracts = " ".join(papers.get(pid, "") for pid in row["gold_papers"]).lower()
        for fact in row["key_facts"]:
            if fact.lower() not in abstracts:
                problems.append(f"{rid}: key fact not verbatim: {fact!r}")
        if row["answerable"] == (kind in UNANSWERABLE) or row["answerable"] != bool(row["gold_papers"]):
            problems.append(f"{rid}: answerable / gold_papers inconsistent with kind")
        if bool(row["history"]) != (kind in WITH_HISTORY):
            problems.append(f"{rid}: history presence does not match kind")
        if kind in {"near_miss_free", "fact_free"} and any(s in question.lower() for s in ("how many", "what is")):
            problems.append(f"{rid}: question uses 'how many' / 'what is'")
        if kind == "followup_none" and row.get("expect_none_of_those") is not True:
            problems.append(f"{rid}: followup_none needs expect_none_of_those=true")
    counts = Counter(r["kind"] for r in rows)
    for kind, minimum in MIN_NEW.items():
        if counts[kind] < minimum:
            problems.append(f"test_new: {kind} has {counts[kind]} < {minimum}")
    print(f"test_new: {len(rows)} questions")
    for kind in MIN_NEW:
        print(f"  {kind:22} {counts[kind]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=Path, default=Path("/tmp/shared/papers.jsonl"))
    args = parser.parse_args()
    papers: dict[str, str] = {}
    for line in read_lines(args.papers):
        paper = json.loads(line)
        papers[paper["paper_id"]] = paper["abstract"]
    problems: list[str] = []
    check_split(problems)
    check_new(papers, problems)
    for problem in problems:
        print("PROBLEM:", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

"""convert.py LABELS OUT: join the tester's labels with the ask log into eval rows; check ids and key facts."""

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
labels = [json.loads(line) for line in Path(sys.argv[1]).read_text().splitlines() if line.strip()]
log = {r["ask"]: r for r in map(json.loads, (HERE / "chats" / "log.jsonl").read_text().splitlines())}
papers = {p["id"]: p for p in json.loads((HERE / "papers.json").read_text())}
problems, rows = [], []
for lab in labels:
    entry = log.get(lab["ask"])
    if entry is None:
        problems.append(f"{lab['id']}: no ask {lab['ask']} in the log")
        continue
    earlier = [r for r in log.values() if r["chat"] == entry["chat"] and r["ask"] < entry["ask"]]
    history_papers = list(dict.fromkeys(p for r in earlier for p in r["cited"]))
    for g in lab.get("gold_papers", []):
        if g not in papers:
            problems.append(f"{lab['id']}: unknown paper id {g}")
    for fact in lab.get("key_facts", []):
        text = " ".join(
            f"{papers[g]['title']} {papers[g]['abstract']}" for g in lab.get("gold_papers", []) if g in papers
        )
        if fact.lower() not in text.lower():
            problems.append(f"{lab['id']}: key fact {fact!r} not in a gold abstract")
    if lab.get("answerable") and not lab.get("gold_papers"):
        problems.append(f"{lab['id']}: answerable with no gold paper")
    rows.append(
        {
            "id": lab["id"],
            "kind": lab["kind"],
            "question": entry["question"],
            "history": entry["history"],
            "history_papers": history_papers,
            "gold_papers": lab.get("gold_papers", []),
            "key_facts": lab.get("key_facts", []),
            "filters": {},
            "answerable": bool(lab["answerable"]),
            "expect_none_of_those": bool(lab.get("expect_none_of_those", False)),
            "note": lab.get("note", ""),
        }
    )
ids = [r["id"] for r in rows]
if len(ids) != len(set(ids)):
    problems.append("duplicate row ids")
for p in problems:
    print("PROBLEM", p)
Path(sys.argv[2]).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
print(f"{len(rows)} rows written, {len(problems)} problems")

"""Blind hand-test tool. Usage:
  python ask.py --chat NAME "question"   ask within chat NAME (history kept): the answer, its sources, closest papers
  python ask.py --show NAME              print chat NAME so far
  python ask.py --paper ID               print one paper's title and abstract
Every ask is logged to chats/log.jsonl with an index, the chat name, the question, the history it was asked with,
and the answer."""

import fcntl
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent  # the kit folder
CHATS = HERE / "chats"
sys.path.insert(0, os.environ.get("RAG_TREE", "/tmp/wt_hand"))  # the checkout asked
os.environ.setdefault("RAG_INDEX_DIR", "/tmp/idx11")  # an index built by `rag ingest`
os.environ.setdefault("HF_HUB_OFFLINE", "1")
from rag.assistant import Assistant  # noqa: E402


def load(name):
    f = CHATS / f"{name}.json"
    return json.loads(f.read_text()) if f.exists() else []


def main():
    args = sys.argv[1:]
    CHATS.mkdir(exist_ok=True)
    if args[:1] == ["--paper"]:
        papers = {p["id"]: p for p in json.loads((HERE / "papers.json").read_text())}
        p = papers.get(args[1])
        print(json.dumps(p, indent=1) if p else "no such paper id")
        return
    if args[:1] == ["--show"]:
        for m in load(args[1]):
            print(f"[{m['role']}] {m['content']}\n")
        return
    if len(args) != 3 or args[0] != "--chat":
        print(__doc__)
        sys.exit(2)
    name, question = args[1], args[2]
    history = load(name)
    a = Assistant()
    ans = a.ask(question, history=history or None, k=10)
    print(ans.text)
    print("\nSOURCES (cited):")
    for c in ans.citations:
        print(f"  [{c.n}] {c.paper_id} {c.title}")
        print(f"       passage: {c.passage[:400]}")
    if ans.refused:
        print("\nREFUSED. Closest papers shown with the refusal (NOT answers):")
        for h in ans.hits[:5]:
            print(f"  {h.paper_id} {h.title}")
    with open(CHATS / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        log = CHATS / "log.jsonl"
        index = len(log.read_text().splitlines()) if log.exists() else 0
        with open(log, "a") as out:
            out.write(
                json.dumps(
                    {
                        "ask": index,
                        "chat": name,
                        "question": question,
                        "history": history,
                        "answer": ans.text,
                        "cited": ans.cited_paper_ids,
                        "refused": ans.refused,
                    }
                )
                + "\n"
            )
    history += [{"role": "user", "content": question}, {"role": "assistant", "content": ans.text}]
    (CHATS / f"{name}.json").write_text(json.dumps(history))
    print(f"\n(logged as ask {index})")


main()

"""Write the tester's corpus file and paper lists into the kit's folder (where this script is copied to).

papers.json: every indexed paper (id, title, abstract, venue, github, sources). fresh_papers.txt: the 150 papers the
registered dev splits use least as gold (id, times used, title); overasked.txt: the 60 used most. Run again before
each round, after registering the last one."""

import collections
import glob
import json
import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TREE = Path(os.environ["RAG_TREE"])  # the checkout whose index and splits are read
sys.path.insert(0, str(TREE))
from rag.assistant import Assistant  # noqa: E402

papers = []
for paper in Assistant().papers():
    fields = ("author_count", "date", "year", "venue", "github", "sources")
    extra = {k: paper.metadata.get(k) for k in fields if paper.metadata.get(k) not in (None, "")}
    papers.append({"id": paper.paper_id, "title": paper.title, "abstract": paper.abstract, **extra})
(HERE / "papers.json").write_text(json.dumps(papers, indent=0))
used: collections.Counter[str] = collections.Counter()
for split in glob.glob(str(TREE / "evals" / "dev*.jsonl")):
    for line in Path(split).read_text().splitlines():
        used.update(json.loads(line).get("gold_papers") or [])
order = sorted(papers, key=lambda p: (used[p["id"]], p["id"]))
row = "{id}\t{n}\t{title}"
(HERE / "fresh_papers.txt").write_text(
    "\n".join(row.format(id=p["id"], n=used[p["id"]], title=p["title"]) for p in order[:150])
)
(HERE / "overasked.txt").write_text(
    "\n".join(row.format(id=p["id"], n=used[p["id"]], title=p["title"]) for p in order[-60:])
)
print(f"{len(papers)} papers; fresh_papers.txt and overasked.txt written")

"""Export ACLSum's 250 papers as JSON lines, the way a user's own library would reach ``rag ingest``.

    python -m bench.aclsum_export OUT.jsonl [--split train|val|test]

Each line holds ``id``, ``title`` and ``abstract`` (the generic JSON-lines format of rag/formats.py).
``bench/aclsum.py`` does the export when it is there; otherwise a small exporter reads the ``aclsum``
package directly and undoes its tokenised spacing ("method ." -> "method.").
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

SPLITS = ("train", "val", "test")
_SPACE_BEFORE = re.compile(r" ([.,;:!?%)\]}]|n't|'(?:s|re|ve|ll|d|m)\b)")
_SPACE_AFTER = re.compile(r"([(\[{]) ")


def detokenise(text: str) -> str:
    """Rejoin punctuation and clitics the tokenizer split off: "20 % in MRR ." -> "20% in MRR."."""
    return _SPACE_AFTER.sub(r"\1", _SPACE_BEFORE.sub(r"\1", " ".join(text.split())))


def _export_direct(path: Path, split: str | None) -> int:
    from aclsum import ACLSum

    count = 0
    with path.open("w", encoding="utf-8") as out:
        for name in [split] if split else SPLITS:
            for doc in ACLSum(name):
                abstract = " ".join(detokenise(s) for s in doc.sentences["abstract"])
                record = {"id": doc.id, "title": detokenise(doc.title), "abstract": abstract}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                count += 1
    return count


def export(path: Path, split: str | None = None) -> int:
    """Write the papers of ``split`` (all three when None) to ``path``; returns how many."""
    try:
        from bench.aclsum import export_jsonl
    except ImportError:  # bench/aclsum.py is another engineer's, and may not be there yet
        return _export_direct(path, split)
    return export_jsonl(path, split)  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.aclsum_export", description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="JSON-lines file to write")
    parser.add_argument("--split", choices=SPLITS, help="one split only (default: all 250 papers)")
    args = parser.parse_args(argv)
    try:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        n = export(args.out, args.split)
    except ImportError:
        print("error: the `aclsum` package is not installed (pip install aclsum)", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    print(f"wrote {n} papers to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

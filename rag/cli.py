"""The ``rag`` command: ingest, search, ask, eval, doctor.

Every failure a user can cause ends in one plain line on stderr and a
non-zero exit code, never a traceback (set ``RAG_DEBUG=1`` to see one).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_NO_INDEX = 3
EXIT_REGRESSION = 4


class CliError(Exception):
    """A failure to report as one line, with its exit code."""

    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.code = code


def _settings(args: argparse.Namespace) -> Any:
    from rag.config import get_settings, offline_environment

    offline_environment()
    return get_settings(
        index_dir=getattr(args, "index_dir", None),
        chroma_host=getattr(args, "chroma_host", None),
        chroma_port=getattr(args, "chroma_port", None),
        collection=getattr(args, "collection", None),
        generator=getattr(args, "generator", None),
        llm_model=getattr(args, "model", None),
    )


def _assistant(args: argparse.Namespace) -> Any:
    from rag.assistant import Assistant
    from rag.index import EmptyIndexError, IndexError_

    try:
        return Assistant(_settings(args))
    except EmptyIndexError as exc:
        raise CliError(str(exc), EXIT_NO_INDEX) from exc
    except IndexError_ as exc:
        raise CliError(str(exc), EXIT_NO_INDEX) from exc


def _filters(args: argparse.Namespace) -> dict[str, Any]:
    filters: dict[str, Any] = {}
    if getattr(args, "year", None):
        filters["year"] = args.year
    if getattr(args, "source", None):
        filters["source"] = args.source
    return filters


def cmd_ingest(args: argparse.Namespace) -> int:
    from rag.index import IndexError_
    from rag.ingest import IngestBusyError, NothingToIngestError, run_ingest

    settings = _settings(args)
    corpus = Path(args.corpus) if args.corpus else None
    try:
        outcome = run_ingest(settings, corpus, show_progress=not args.quiet)
    except (NothingToIngestError, IngestBusyError) as exc:
        raise CliError(str(exc), EXIT_FAILED) from exc
    except IndexError_ as exc:
        raise CliError(str(exc), EXIT_NO_INDEX) from exc
    for warning in outcome.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    report = outcome.report
    if args.json:
        print(json.dumps({**report.__dict__, "warnings": [str(w) for w in outcome.warnings]}, indent=2))
    else:
        print(f"{report.summary()} -> {settings.describe_store()}")
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    assistant = _assistant(args)
    try:
        hits = assistant.search(args.question, k=args.k, filters=_filters(args))
    except ValueError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    if args.json:
        print(json.dumps([h.to_dict() for h in hits], indent=2, ensure_ascii=False))
        return EXIT_OK
    if not hits:
        print("no papers matched")
        return EXIT_OK
    print(f"{'#':>2}  {'score':>5}  {'source':<26} title")
    for h in hits:
        print(f"{h.rank:>2}  {h.score:5.3f}  {h.source[:26]:<26} {h.display_title[:90]}")
        print(f"{'':>36}» {h.passage[:150]}")
    return EXIT_OK


def cmd_ask(args: argparse.Namespace) -> int:
    assistant = _assistant(args)
    try:
        if args.json:
            answer = assistant.ask(args.question, k=args.k, filters=_filters(args))
            print(json.dumps(answer.to_dict(), indent=2, ensure_ascii=False))
            return EXIT_OK
        answer = None
        streamed = []
        for part in assistant.ask_stream(args.question, k=args.k, filters=_filters(args)):
            if isinstance(part, str):
                streamed.append(part)
                print(part, end="", flush=True)
            else:
                answer = part
    except ValueError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    print()
    if answer is not None and "".join(streamed).strip() != answer.text.strip():
        # Markers were renumbered or stripped, or the LLM failed: show the checked answer.
        print(f"\n--- answer after citation checks ({answer.generator}) ---\n{answer.text}")
    if answer is not None:
        print(answer.references_markdown())
        for notice in answer.notices:
            print(f"note: {notice}", file=sys.stderr)
    return EXIT_OK


def cmd_doctor(args: argparse.Namespace) -> int:
    from rag.index import IndexError_, PaperIndex

    try:
        index = PaperIndex(_settings(args))
        report = index.doctor(repair=args.repair)
    except IndexError_ as exc:
        raise CliError(str(exc), EXIT_NO_INDEX) from exc
    print(
        f"papers: {report.papers}  passages: {report.passages}  "
        f"orphan passages: {len(report.orphan_passages)}  incomplete papers: {len(report.incomplete_papers)}"
    )
    if report.healthy:
        print("index is consistent")
        return EXIT_OK
    if report.repaired:
        print("repaired: removed the inconsistent rows; run `rag ingest` to re-add the affected papers")
        return EXIT_OK
    print("index is inconsistent: run `rag doctor --repair`, then `rag ingest`")
    return EXIT_FAILED


def cmd_eval(args: argparse.Namespace) -> int:
    from rag.evaluate import run_eval_cli

    if args.gold and not args.gold.exists():
        raise CliError(f"gold set not found: {args.gold}", EXIT_USAGE)
    return int(run_eval_cli(args, _assistant(args)))


def _add_store_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--index-dir", type=Path, help="embedded Chroma directory (env RAG_INDEX_DIR)")
    p.add_argument("--chroma-host", help="use a `chroma run` server at this host (env RAG_CHROMA_HOST)")
    p.add_argument("--chroma-port", type=int, help="server port (env RAG_CHROMA_PORT, default 8000)")
    p.add_argument("--collection", help="collection name prefix (env RAG_COLLECTION, default papers)")


def _add_query_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("question")
    p.add_argument("-k", type=int, default=None, help="number of papers (default 10)")
    p.add_argument("--year", type=int, help="only papers from this year")
    p.add_argument("--source", help="only papers from this corpus file")
    p.add_argument("--json", action="store_true", help="print JSON")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rag", description="Cited answers over a corpus of AI papers.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="parse, embed and index a corpus directory")
    p.add_argument("corpus", nargs="?", help="directory of listing pages (default data/corpus)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    _add_store_flags(p)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("search", help="rank papers for a question")
    _add_query_flags(p)
    _add_store_flags(p)
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("ask", help="answer a question with citations")
    _add_query_flags(p)
    p.add_argument("--generator", choices=["auto", "offline", "llm"], help="answer drafter (default auto)")
    p.add_argument("--model", help="LLM model name (env RAG_LLM_MODEL)")
    _add_store_flags(p)
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("doctor", help="check that the index's collections agree; --repair fixes them")
    p.add_argument("--repair", action="store_true")
    _add_store_flags(p)
    p.set_defaults(func=cmd_doctor)

    p = sub.add_parser("eval", help="score retrieval and citations on the gold set")
    p.add_argument("--generator", choices=["offline", "llm"], default="offline")
    p.add_argument("--model", help="LLM model name")
    p.add_argument("-k", "--k", type=int, default=10)
    p.add_argument("--gold", type=Path, default=None, help="gold set (default evals/gold.jsonl)")
    p.add_argument("--out", type=Path, default=Path("eval-out"), help="report directory")
    p.add_argument("--baseline", type=Path, default=None, help="baseline JSON (default evals/baseline.json)")
    p.add_argument("--update-baseline", action="store_true")
    p.add_argument("--no-compare", action="store_true", help="skip the baseline comparison")
    p.add_argument("--per-kind", type=int, default=None, help="only the first N questions of each kind (slow LLMs)")
    _add_store_flags(p)
    p.set_defaults(func=cmd_eval)
    return parser


def run(argv: Sequence[str] | None, handler: Callable[[argparse.Namespace], int] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return (handler or args.func)(args)
    except CliError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if os.environ.get("RAG_DEBUG"):
            raise
        print(f"error: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}", file=sys.stderr)
        return EXIT_FAILED


def main(argv: Sequence[str] | None = None) -> None:
    sys.exit(run(argv))


if __name__ == "__main__":
    main()

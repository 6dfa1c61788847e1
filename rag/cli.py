"""The ``rag`` command: ingest, remove, sources, search, ask, eval, doctor.

Every failure a user can cause ends in one plain line on stderr and a
non-zero exit code, never a traceback (set ``RAG_DEBUG=1`` to see one).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from rag.corpus import PAPER_KINDS

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


def _settings(args: argparse.Namespace, existing: bool = False) -> Any:
    """The settings from the environment and flags. ``existing``: a command that only reads the index
    (search, ask, sources, remove, doctor) needs one there already; opening Chroma would create an empty
    store wherever a mistyped ``--index-dir`` points."""
    from pydantic import ValidationError

    from rag.config import get_settings, offline_environment

    offline_environment()
    try:
        settings = get_settings(
            index_dir=getattr(args, "index_dir", None),
            chroma_host=getattr(args, "chroma_host", None),
            chroma_port=getattr(args, "chroma_port", None),
            collection=getattr(args, "collection", None),
            generator=getattr(args, "generator", None),
            llm_model=getattr(args, "model", None),
        )
    except ValidationError as exc:
        problems = "; ".join(
            f"RAG_{'_'.join(map(str, e['loc'])).upper()}={e.get('input')!r}: {e['msg']}" for e in exc.errors()
        )
        raise CliError(f"invalid setting: {problems}", EXIT_USAGE) from None
    if existing and not settings.server_mode and not (settings.index_dir / "chroma.sqlite3").is_file():
        raise CliError(f"no index at {settings.index_dir}: run `rag ingest` first", EXIT_NO_INDEX)
    return settings


def _prewarm(settings: Any, question: str) -> threading.Thread:
    """Load the embedding model and embed the question on a second thread while the main one imports
    and opens Chroma: onnxruntime releases the GIL while it builds its session and runs the model, so a
    one-shot command overlaps its two slowest start-up steps. The vector lands in the embedder's query cache.
    """
    # Imported here, on the main thread: two threads importing numpy at once can deadlock or fail.
    import rag.embedding

    def warm() -> None:
        with contextlib.suppress(Exception):  # the main path loads it again and reports any error
            rag.embedding.get_embedder(settings.embed_threads).embed_query(question)

    thread = threading.Thread(target=warm, name="rag-prewarm", daemon=True)
    thread.start()
    return thread


def _assistant(args: argparse.Namespace, question: str | None = None) -> Any:
    settings = _settings(args, existing=True)
    warm = _prewarm(settings, question) if question else None
    from rag.assistant import Assistant
    from rag.index import EmptyIndexError, IndexError_

    try:
        return Assistant(settings)
    except EmptyIndexError as exc:
        raise CliError(str(exc), EXIT_NO_INDEX) from exc
    except IndexError_ as exc:
        raise CliError(str(exc), EXIT_NO_INDEX) from exc
    finally:
        if warm is not None:
            warm.join()  # get_embedder's cache is not thread-safe: one embedder, built once


def _filters(args: argparse.Namespace, assistant: Any = None) -> dict[str, Any]:
    """The filter flags as the ``filters=`` dict :class:`rag.query.QueryFilters` validates."""
    names = ("year", "year_min", "year_max", "month", "authors_min", "authors_max", "source", "author", "kind", "sort")
    found = {name: value for name in names if (value := getattr(args, name, None)) is not None}
    if "source" in found and assistant is not None:
        found["source"] = _source_files(found["source"], set(assistant.retriever.papers.source_files))
    return found


def _source_files(given: str, known: set[str]) -> list[str]:
    """The index's file names a ``--source`` means: a file name as stored ("lib.bib"), a path to a file, or a
    folder (each of its files the index holds), as `rag sources` lists them. None known is a usage error."""
    if given in known:
        return [given]
    path = Path(given).expanduser()
    if path.is_dir():
        inside = [str(f.relative_to(path)) for f in sorted(path.rglob("*")) if f.is_file()]
        files = [f for f in inside if f in known] or [Path(f).name for f in inside if Path(f).name in known]
    else:
        files = [path.name] if path.name in known else []
    if not files:
        raise CliError(f"no source {given!r} in the index; `rag sources` lists them", EXIT_USAGE)
    return files


def _confirmer(args: argparse.Namespace, action: str) -> Callable[[Any], bool]:
    """Show what a removal will delete, then ask; without a terminal, only ``--yes`` may proceed."""

    def confirm(plan: Any) -> bool:
        doomed = set(plan.delete)
        deleted = [c for c in plan.destructive if c.paper_id in doomed]
        stripped = [c for c in plan.destructive if c.paper_id not in doomed]
        print(
            f"{action} will delete {len(deleted)} papers and drop sources from {len(stripped)} more:", file=sys.stderr
        )
        for change in (deleted + stripped)[:20]:
            what = "delete" if change in deleted else change.detail
            print(f"  {what}: {change.title[:90]} [{change.paper_id}]", file=sys.stderr)
        if len(deleted) + len(stripped) > 20:
            print(f"  ... and {len(deleted) + len(stripped) - 20} more", file=sys.stderr)
        if args.yes:
            return True
        if not sys.stdin.isatty():
            raise CliError(f"{action} needs confirmation: rerun with --yes (nothing was removed)", EXIT_USAGE)
        return input("proceed? [y/N] ").strip().lower() in {"y", "yes"}

    return confirm


def _write_report(args: argparse.Namespace, report: Any, warnings: Sequence[Any], store: str) -> None:
    if args.json:
        print(json.dumps({**report.to_dict(), "warnings": [str(w) for w in warnings]}, indent=2, ensure_ascii=False))
        return
    print(f"{report.summary()} -> {store}")
    for kind in ("removed", "kept", "updated", "added"):
        changes = report.changes.get(kind, [])
        for change in changes[:10]:
            detail = f" ({change['detail']})" if change.get("detail") else ""
            print(f"  {kind}: {change['title'][:90]} [{change['paper_id']}]{detail}")
        if len(changes) > 10:
            print(f"  {kind}: ... and {len(changes) - 10} more (--json lists all)")


def _ingest_errors(run: Callable[[], Any]) -> Any:
    """Run an ingest job, turning its expected failures into one-line errors with exit codes."""
    from rag.index import IndexError_
    from rag.ingest import CancelledError, IngestBusyError, NotFoundError, NothingToIngestError

    try:
        return run()
    except (NothingToIngestError, IngestBusyError, NotFoundError, CancelledError) as exc:
        raise CliError(str(exc), EXIT_FAILED) from exc
    except IndexError_ as exc:
        raise CliError(str(exc), EXIT_NO_INDEX) from exc


def cmd_ingest(args: argparse.Namespace) -> int:
    from rag.ingest import run_ingest

    settings = _settings(args)
    corpus = Path(args.corpus) if args.corpus else None
    confirm = _confirmer(args, f"ingest {args.corpus or settings.corpus_dir} --prune")
    outcome = _ingest_errors(
        lambda: run_ingest(settings, corpus, show_progress=not args.quiet, prune=args.prune, confirm=confirm)
    )
    for warning in outcome.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    _write_report(args, outcome.report, outcome.warnings, settings.describe_store())
    return EXIT_OK


def cmd_remove(args: argparse.Namespace) -> int:
    from rag.ingest import run_remove

    settings = _settings(args, existing=True)
    report = _ingest_errors(
        lambda: run_remove(settings, args.target, confirm=_confirmer(args, f"remove {args.target}"))
    )
    _write_report(args, report, [], settings.describe_store())
    return EXIT_OK


def cmd_sources(args: argparse.Namespace) -> int:
    from rag.ingest import list_sources

    rows = _ingest_errors(lambda: list_sources(_settings(args, existing=True)))
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return EXIT_OK
    if not rows:
        print("the index holds no papers; run `rag ingest`")
    for row in rows:
        print(f"{row['papers']:>7}  {row['kind']:<7}  {row['source']}")
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    assistant = _assistant(args, args.question)
    from rag.query import unjudged_notice

    try:
        result = assistant.search_detailed(
            args.question, k=args.k, filters=_filters(args, assistant), offset=args.offset
        )
    except ValueError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc
    hits = result.hits
    for name, n in result.unjudged.items():  # on stderr, so that --json stays one JSON document
        print(f"note: {unjudged_notice(name, n)}", file=sys.stderr)
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
    assistant = _assistant(args, args.question)
    try:
        if args.json:
            answer = assistant.ask(args.question, k=args.k, filters=_filters(args, assistant))
            print(json.dumps(answer.to_dict(), indent=2, ensure_ascii=False))
            return EXIT_OK
        answer = None
        streamed = []
        for part in assistant.ask_stream(args.question, k=args.k, filters=_filters(args, assistant)):
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
    from rag.snapshot import committing

    try:
        index = PaperIndex(_settings(args, existing=True))
        with committing(index, changes=args.repair):  # a repair deletes rows: the start-up snapshot follows
            report = index.doctor(repair=args.repair)
        if report.repaired:
            index.persist_vectors()  # as after an ingest: no later process replays the deletions
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


def _at_least(minimum: int) -> Callable[[str], int]:
    """An argparse type: a whole number of ``minimum`` or more, rejected with a usage error otherwise."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be {minimum} or more, not {value}")
        return value

    return parse


def _add_store_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--index-dir", type=Path, help="embedded Chroma directory (env RAG_INDEX_DIR)")
    p.add_argument("--chroma-host", help="use a `chroma run` server at this host (env RAG_CHROMA_HOST)")
    p.add_argument("--chroma-port", type=int, help="server port (env RAG_CHROMA_PORT, default 8000)")
    p.add_argument("--collection", help="collection name prefix (env RAG_COLLECTION, default papers)")


def _add_query_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("question")
    p.add_argument("-k", type=_at_least(1), default=None, help="number of papers (default 10)")
    p.add_argument("--year", type=_at_least(1), help="only papers from this year")
    p.add_argument("--since", dest="year_min", type=_at_least(1), help="only papers from this year or later")
    p.add_argument("--until", dest="year_max", type=_at_least(1), help="only papers from this year or earlier")
    p.add_argument("--month", help="only papers dated in this month, any year (name or 1-12)")
    p.add_argument(
        "--min-authors", dest="authors_min", type=_at_least(0), help="only papers with at least this many authors"
    )
    p.add_argument(
        "--max-authors", dest="authors_max", type=_at_least(0), help="only papers with at most this many authors"
    )
    p.add_argument("--source", help="only papers from this corpus file")
    p.add_argument("--author", help="only papers with an author of this (last) name")
    p.add_argument(
        "--kind", choices=PAPER_KINDS, help="only papers of this kind, as their own title or abstract says (surveys)"
    )
    p.add_argument(
        "--sort",
        help="order the matching papers by a field instead of relevance: newest, oldest, most-authors, "
        "fewest-authors, most-upvotes (or --sort=-date, --sort=authors, ...); papers lacking the field are "
        "counted, not listed",
    )
    p.add_argument("--json", action="store_true", help="print JSON")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rag", description="Cited answers over a corpus of AI papers.")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="add or update the papers of a folder or file (other sources stay)")
    p.add_argument(
        "corpus", nargs="?", help="folder or file of papers: pages, BibTeX, JSON lines, CSV (default data/corpus)"
    )
    p.add_argument("--prune", action="store_true", help="also remove every paper this folder or file does not hold")
    p.add_argument("--yes", action="store_true", help="remove without asking (needed when stdin is not a terminal)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    _add_store_flags(p)
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("remove", help="remove a source (see `rag sources`) or one paper by id")
    p.add_argument("target", help="a source as `rag sources` lists it (or its path), or a paper id")
    p.add_argument("--yes", action="store_true", help="remove without asking (needed when stdin is not a terminal)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    _add_store_flags(p)
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("sources", help="list the sources in the index with their paper counts")
    p.add_argument("--json", action="store_true", help="print JSON")
    _add_store_flags(p)
    p.set_defaults(func=cmd_sources)

    p = sub.add_parser("search", help="rank papers for a question")
    _add_query_flags(p)
    p.add_argument("--offset", type=_at_least(0), default=0, help="skip this many papers first (page on with -k)")
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
    p.add_argument("-k", "--k", type=_at_least(1), default=10)
    p.add_argument(
        "--split",
        # rag.evaluate.SPLITS, spelled out so that the CLI starts without importing the eval harness
        choices=[
            *("dev", "dev_extra", "dev_new", "dev_fresh", "dev_meta", "dev_fresh2", "dev_nearmiss"),
            *("dev_nearmiss2", "dev_broad2", "dev_followup2", "dev_nearmiss3", "dev_nearmiss4", "dev_followup3"),
            *("dev_tier1", "dev_tier2", "dev_final", "dev_s8", "dev_s11", "dev_s12", "dev_s13", "dev_s14", "dev_s15"),
            *("dev_s16", "dev_s17", "dev_s18", "dev_s19", "dev_s20", "dev_s21", "dev_s22", "dev_s23", "dev_s24"),
            *("dev_s25", "dev_s26", "dev_s27", "dev_s28", "dev_s29", "dev_s30", "dev_s31", "dev_s32", "dev_s33"),
            *("dev_s34", "dev_s35", "dev_s36", "dev_s37", "dev_s38", "dev_s39", "dev_s40"),
            *("dev_s41", "dev_s42", "dev_s43", "dev_s44", "dev_s45", "dev_s46", "dev_s47", "dev_s48"),
            *("dev_s49", "dev_s50", "dev_s51", "dev_s52", "dev_s53", "dev_s54", "dev_s55", "dev_s56"),
            *("dev_s57", "dev_s58", "dev_s59", "dev_s60", "dev_s61", "dev_s62", "dev_s63", "dev_s64"),
            *("dev_s65", "dev_s66", "dev_s67", "dev_s68", "dev_s69", "dev_s70", "dev_s71", "dev_s72", "dev_s73"),
            *("dev_s74", "dev_s75", "dev_s76", "dev_s77", "dev_s78", "dev_s79", "dev_s80", "dev_s81"),
            *("dev_s82", "dev_s83", "dev_s84", "dev_s85", "dev_s86", "dev_s87", "dev_s88", "dev_s89", "dev_s90"),
            *("dev_s91", "dev_s92", "dev_s93", "dev_s94", "dev_s95", "dev_s96", "dev_s97", "dev_s98", "dev_s99"),
            *("dev_s100", "dev_s101", "dev_s102", "dev_s103", "dev_s104", "dev_s105", "dev_s106", "dev_s107"),
            *("dev_s108", "dev_s109", "dev_s110", "dev_s111", "dev_s112", "dev_s113", "dev_s114"),
            *("dev_s115", "dev_s116", "dev_s117", "dev_s118", "dev_s119", "dev_s120", "dev_s121", "dev_s122"),
            *("dev_s123", "dev_s124"),
            *("dev_s125", "dev_s126", "dev_s127", "dev_s128", "dev_s129", "dev_s130", "dev_s131", "dev_s132"),
            *("dev_s133", "dev_s134", "dev_s135", "dev_s136", "dev_s137", "dev_s138", "dev_s139", "dev_s140"),
            *("dev_s141", "dev_s142", "dev_s143", "dev_s144", "dev_s145", "dev_s146"),
            *("dev_s147", "dev_s148", "dev_s149", "dev_s150"),
            *("dev_s151", "dev_s152", "dev_s153", "dev_s154", "dev_s155", "dev_s156"),
            *("dev_s157", "dev_s158", "dev_s159", "dev_s160", "dev_s161", "dev_s162"),
            *("dev_s163", "dev_s164", "dev_s165", "dev_s166", "dev_s167", "dev_s168"),
            *("dev_s169", "dev_s170", "dev_s171", "dev_s172", "dev_s173", "dev_s174"),
            *("dev_s175", "dev_s176", "dev_s177", "dev_s178", "dev_s179", "dev_s180"),
            *("dev_s181", "dev_s182", "dev_s183", "dev_s184", "dev_s185", "dev_s186"),
            *("dev_s187", "dev_s188", "dev_s189", "dev_s190", "dev_s191", "dev_s192"),
            *("dev_s193", "dev_s194", "dev_s195", "dev_s196", "dev_s197", "dev_s198"),
            *("test", "test_new", "gold"),
        ],
        default="dev",
        help="question set",
    )
    p.add_argument("--gold", type=Path, default=None, help="a question file instead of a named split")
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
    except BrokenPipeError:
        # The reader went away (`rag ask ... --json | head -1`): nothing left to say, and nowhere to say it.
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:
        if os.environ.get("RAG_DEBUG"):
            raise
        print(f"error: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}", file=sys.stderr)
        return EXIT_FAILED


def main(argv: Sequence[str] | None = None) -> None:
    sys.exit(run(argv))


if __name__ == "__main__":
    main()

"""``python -m bench.scale``: the command line of the scale bench (see the package docstring)."""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import numpy as np

from bench.scale.data import DEFAULT_WORKDIR, exact_topk, log, real_data
from bench.scale.phases import phase_e2e, phase_insert, phase_modify, phase_query
from bench.scale.report import plots, report
from bench.scale.runs import load_results, measure, requery, resume, save_results, tune
from rag.config import PROJECT_ROOT

DESCRIPTION = "Scale benchmark: synthetic corpora of 10k-1M papers in both Chroma modes."


# ---------------------------------------------------------------------------------------------- main
def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench.scale",
        description=DESCRIPTION,
    )
    parser.add_argument("--sizes", type=int, nargs="*", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--modes", nargs="*", default=["persistent", "server"], choices=["persistent", "server"])
    parser.add_argument("--workdir", type=Path, default=DEFAULT_WORKDIR, help="stores, caches and results (temp)")
    parser.add_argument("--results", type=Path, default=None, help="JSON results (default WORKDIR/results.json)")
    parser.add_argument(
        "--papers-only-above",
        type=int,
        default=200_000,
        help="above this size write only the papers collection (1 row per paper)",
    )
    parser.add_argument("--e2e-max", type=int, default=200_000, help="run Assistant.search up to this size")
    parser.add_argument("--budget-min", type=float, default=30, help="stop inserting after this many minutes")
    parser.add_argument("--write", choices=["upsert", "add"], default="upsert")
    parser.add_argument("--keep", action="store_true", help="keep the stores (for --tune)")
    parser.add_argument("--tune", type=int, default=None, help="HNSW sweep on the persistent store of this size")
    parser.add_argument("--tune-ef", type=int, nargs="*", default=[50, 100, 200, 400])
    parser.add_argument("--tune-m", type=int, nargs="*", default=[])
    parser.add_argument(
        "--tune-m-papers-only", action="store_true", help="max_neighbors rebuilds: papers collection only"
    )
    parser.add_argument("--report-only", action="store_true")
    parser.add_argument(
        "--requery", action="store_true", help="re-run the query phase on kept stores (--sizes/--modes)"
    )
    parser.add_argument(
        "--resume", action="store_true", help="finish inserts the budget stopped, on kept stores (--sizes/--modes)"
    )
    parser.add_argument("--doc", type=Path, default=PROJECT_ROOT / "docs" / "scale.md")
    parser.add_argument("--phase", choices=["insert", "query", "modify", "e2e"], help=argparse.SUPPRESS)
    parser.add_argument("--rss-limit-gb", type=float, default=9.0, help="abort Assistant.search runs above this RSS")
    parser.add_argument("--spec", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    return parser


def main() -> None:
    args = _parser().parse_args()
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

    if args.phase:
        spec = json.loads(args.spec.read_text())
        fn = {"insert": phase_insert, "query": phase_query, "modify": phase_modify, "e2e": phase_e2e}[args.phase]
        args.out.write_text(json.dumps(fn(spec)))
        return

    args.workdir.mkdir(parents=True, exist_ok=True)
    args.results = args.results or args.workdir / "results.json"
    results = load_results(args.results)
    results["results_path"] = str(args.results)
    if not args.report_only:
        real = real_data(args.workdir)
        qv = np.asarray(real["query_vecs"], dtype=np.float32)
        _, sims = exact_topk(np.asarray(real["sent_vecs"], dtype=np.float32), qv, 10)
        results["real"] = {
            "papers": int(real["n_papers"]),
            "sentences": len(real["sent_text"]),
            "queries": len(qv),
            "sentences_top1_sim_mean": float(sims[:, 0].mean()),
            "sentences_top10_sim_mean": float(sims[:, 9].mean()),
        }
        if args.requery or args.resume:
            for size in args.sizes:
                for mode in args.modes:
                    (resume if args.resume else requery)(real, mode, size, args, results)
        elif args.tune:
            tune(real, args, results)
        else:
            for size in args.sizes:
                for mode in args.modes:
                    rec = measure(real, mode, size, args)
                    results["runs"] = [
                        r
                        for r in results["runs"]
                        if not (r["mode"] == mode and r["papers"] == size and not r.get("tag"))
                    ]
                    results["runs"].append(rec)
                    save_results(args.results, results)
    save_results(args.results, results)
    plots(results, args.doc.parent)
    report(results, args.doc)
    log(f"wrote {args.doc} and plots; results in {args.results}")


if __name__ == "__main__":
    main()

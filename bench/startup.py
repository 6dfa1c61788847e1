"""Start-up of the one-shot CLI and of the app, as a user sees it: process spawn to exit (or to first HTTP 200).

``python -m bench.startup [--runs 10] [--app-runs 3] [--question "which papers distill CLIP?"] [--tree NAME=DIR ...]
[--index NAME=DIR ...] [--bytecode as-is|cached|both]``

Each ``rag search`` / ``rag ask`` run is a fresh process of the installed console script, over the
index in ``RAG_INDEX_DIR`` (default data/index). Search and ask runs alternate, so a change in the
machine's load during the bench falls on both alike. Reported per command: wall-clock median and
minimum, and the median CPU time (user + system, of the process and its threads), which depends
much less on what else the machine runs than wall time does; p95 is the inclusive 95th percentile. The
app figure is ``python app.py`` to its first HTTP 200 on ``/``. The 1-minute load average is printed
before and after, and its lowest and highest value sampled between runs: on two cores, above ~0.5
means other work shared the machine and the wall times are pessimistic.

The floor is ``python -c "import chromadb"``, timed in the same alternation: chromadb's import is the
part of a CLI run no change of ours can remove, so ``rag search`` / floor says what is left to gain.

``--index before=/tmp/old --index after=data/index`` times the same commands over those index copies
(``RAG_INDEX_DIR``), alternating. ``--bytecode``: ``as-is`` keeps this environment's
``PYTHONDONTWRITEBYTECODE`` (rag's own modules, an editable install, then compile on every run);
``cached`` drops it and gives the children a private ``PYTHONPYCACHEPREFIX``, which the untimed first
run fills, as a normal install (pip compiles) or a shell without the variable would.

``--tree before=/tmp/old --tree after=/tmp/new`` times those copies of the code instead (the app is
the copy's own ``app.py``), each put first on the children's ``PYTHONPATH`` (the console script's own
directory, not the working directory, heads ``sys.path``, so the copy wins over the editable
install). Runs of every tree alternate, so a before/after comparison sees the same load. The index is
the working directory's either way.
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.common import ServerDidNotStart, free_port, wait_for_http

PROJECT_ROOT = Path(__file__).resolve().parent.parent
QUESTION = "which papers distill CLIP?"


def _loadavg() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f} (5-min {five:.2f})"


#: The floor: what every CLI run pays before any of our code runs.
FLOOR = [sys.executable, "-c", "import chromadb"]
#: Children's bytecode cache for ``--bytecode cached``: outside the tree, so as-is runs never read it.
CACHED_PYC = Path(tempfile.gettempdir()) / "rag-bench-startup-pycache"


@dataclass(frozen=True)
class Variant:
    """One combination of code tree, index and bytecode mode; its runs alternate with every other's."""

    tree: str | None
    index: str | None
    bytecode: str
    label: str

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        if self.tree is not None:
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [self.tree, os.environ.get("PYTHONPATH")]))
        if self.index is not None:
            env["RAG_INDEX_DIR"] = self.index
        if self.bytecode == "cached":
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(CACHED_PYC)
        return env


def _console_script() -> str:
    """The ``rag`` script next to this interpreter: what a user of this environment runs."""
    script = Path(sys.executable).with_name("rag")
    if not script.exists():
        raise SystemExit(f"no `rag` console script at {script}: pip install -e . first")
    return str(script)


def time_command(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one run of ``argv``; raises if it fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({done.returncode}): {done.stderr.strip()[:300]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def time_app(timeout: float = 60.0, env: dict[str, str] | None = None, tree: str | None = None) -> float | None:
    """Seconds from spawning ``TREE/app.py`` to its first HTTP 200, or ``None`` if it never answered."""
    port = free_port()
    start = time.perf_counter()
    app = subprocess.Popen(
        [sys.executable, str(Path(tree or PROJECT_ROOT) / "app.py"), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/", timeout=timeout, proc=app)
        return time.perf_counter() - start
    except ServerDidNotStart:
        return None
    finally:
        app.terminate()
        app.wait(timeout=20)


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18] if len(values) > 1 else values[0]


def summary(name: str, walls: list[float], cpus: list[float], floor: list[float] | None = None) -> str:
    ratio = f"; median / floor median {statistics.median(walls) / statistics.median(floor):.2f}" if floor else ""
    return (
        f"- `{name}`: wall median {statistics.median(walls):.2f} s, min {min(walls):.2f} s, "
        f"p95 {p95(walls):.2f} s, max {max(walls):.2f} s; CPU median {statistics.median(cpus):.2f} s "
        f"({len(walls)} runs){ratio}"
    )


def _named(specs: list[str]) -> dict[str, str | None]:
    return {name: path for name, path in (spec.split("=", 1) for spec in specs)} or {"": None}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="runs of each CLI command")
    parser.add_argument("--app-runs", type=int, default=3, help="app starts per variant (0 skips the app)")
    parser.add_argument("--question", default=QUESTION)
    parser.add_argument("--commands", nargs="+", default=["search", "ask"], choices=["search", "ask"])
    parser.add_argument("--tree", action="append", default=[], metavar="NAME=DIR", help="time this copy instead")
    parser.add_argument("--index", action="append", default=[], metavar="NAME=DIR", help="time over this index")
    parser.add_argument("--bytecode", choices=["as-is", "cached", "both"], default="as-is")
    parser.add_argument("--no-floor", action="store_true", help="skip timing `python -c 'import chromadb'`")
    args = parser.parse_args(argv)

    rag = _console_script()
    modes = ["as-is", "cached"] if args.bytecode == "both" else [args.bytecode]
    variants = [
        Variant(tree, index, mode, " ".join(filter(None, [tname, iname, f"bytecode {mode}"])))
        for (tname, tree), (iname, index), mode in itertools.product(
            _named(args.tree).items(), _named(args.index).items(), modes
        )
    ]
    print(f"load average before: {_loadavg()}", flush=True)
    print(f"PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r}", flush=True)
    # One untimed run of each: the first run after an edit recompiles bytecode (and fills the cached
    # mode's cache), and the page cache may not hold the index and the model yet. Every later run
    # starts from the same warm state.
    for variant in variants:
        for command in args.commands:
            time_command([rag, command, args.question], variant.env())
        if not args.no_floor:
            time_command(FLOOR, variant.env())
    results: dict[tuple[str, str], tuple[list[float], list[float]]] = {}
    loads: list[float] = []
    for _ in range(args.runs):
        for variant in variants:
            for command in [*args.commands, *([] if args.no_floor else ["floor"])]:
                argv = FLOOR if command == "floor" else [rag, command, args.question]
                wall, cpu = time_command(argv, variant.env())
                walls, cpus = results.setdefault((variant.label, command), ([], []))
                walls.append(wall)
                cpus.append(cpu)
            loads.append(os.getloadavg()[0])
    for (label, command), (walls, cpus) in results.items():
        floor = None if command == "floor" else results.get((label, "floor"), (None, None))[0]
        name = 'python -c "import chromadb"' if command == "floor" else f'rag {command} "{args.question}"'
        print(summary(name + (f" [{label}]" if label else ""), walls, cpus, floor), flush=True)
    if loads:
        print(f"1-minute load average during the CLI runs: {min(loads):.2f}-{max(loads):.2f}", flush=True)
    if args.app_runs:
        for variant in variants:  # untimed: fills the cached mode's bytecode for gradio, warms the page cache
            time_app(env=variant.env(), tree=variant.tree)
        ready: dict[str, list[float | None]] = {variant.label: [] for variant in variants}
        for _ in range(args.app_runs):  # alternating, like the CLI runs
            for variant in variants:
                ready[variant.label].append(time_app(env=variant.env(), tree=variant.tree))
        for label, starts in ready.items():
            shown = ", ".join(f"{r:.2f}" if r is not None else "did not start" for r in starts)
            done = sorted(r for r in starts if r is not None)
            median = f"; median {statistics.median(done):.2f} s" if done else ""
            print(f"- `python app.py` to first HTTP 200 [{label}]: {shown} s{median}", flush=True)
    print(f"load average after: {_loadavg()}")


if __name__ == "__main__":
    main()

"""Start-up of the one-shot CLI and of the app, as a user sees it: process spawn to exit (or to first HTTP 200).

``python -m bench.startup [--runs 10] [--app-runs 3] [--question "which papers distill CLIP?"] [--tree NAME=DIR ...]``

Each ``rag search`` / ``rag ask`` run is a fresh process of the installed console script, over the
index in ``RAG_INDEX_DIR`` (default data/index). Search and ask runs alternate, so a change in the
machine's load during the bench falls on both alike. Reported per command: wall-clock median and
minimum, and the median CPU time (user + system, of the process and its threads), which depends
much less on what else the machine runs than wall time does. The app figure is ``python app.py`` to
its first HTTP 200 on ``/``. The 1-minute load average is printed before and after: on two cores,
above ~0.5 means other work shared the machine and the wall times are pessimistic.

``--tree before=/tmp/old --tree after=/tmp/new`` times those copies of the code instead, each put
first on the children's ``PYTHONPATH`` (the console script's own directory, not the working directory,
heads ``sys.path``, so the copy wins over the editable install). Runs of every tree alternate, so a
before/after comparison sees the same load. The index is the working directory's either way.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.common import ServerDidNotStart, free_port, wait_for_http

PROJECT_ROOT = Path(__file__).resolve().parent.parent
QUESTION = "which papers distill CLIP?"


def _loadavg() -> str:
    one, five, _ = os.getloadavg()
    return f"{one:.2f} (5-min {five:.2f})"


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


def time_app(timeout: float = 60.0) -> float | None:
    """Seconds from spawning ``python app.py`` to its first HTTP 200, or ``None`` if it never answered."""
    port = free_port()
    start = time.perf_counter()
    app = subprocess.Popen(
        [sys.executable, str(PROJECT_ROOT / "app.py"), "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/", timeout=timeout, proc=app)
        return time.perf_counter() - start
    except ServerDidNotStart:
        return None
    finally:
        app.terminate()
        app.wait(timeout=20)


def summary(name: str, walls: list[float], cpus: list[float]) -> str:
    return (
        f"- `{name}`: wall median {statistics.median(walls):.2f} s, min {min(walls):.2f} s, "
        f"max {max(walls):.2f} s; CPU median {statistics.median(cpus):.2f} s ({len(walls)} runs)"
    )


def _tree_env(tree: str | None) -> dict[str, str] | None:
    if tree is None:
        return None
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [tree, os.environ.get("PYTHONPATH")]))}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10, help="runs of each CLI command")
    parser.add_argument("--app-runs", type=int, default=3, help="app starts (0 skips the app)")
    parser.add_argument("--question", default=QUESTION)
    parser.add_argument("--commands", nargs="+", default=["search", "ask"], choices=["search", "ask"])
    parser.add_argument("--tree", action="append", default=[], metavar="NAME=DIR", help="time this copy instead")
    args = parser.parse_args(argv)

    rag = _console_script()
    trees: dict[str, str | None] = {name: tree for name, tree in (t.split("=", 1) for t in args.tree)}
    trees = trees or {"installed": None}
    print(f"load average before: {_loadavg()}", flush=True)
    print(f"PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r}", flush=True)
    # One untimed run of each: the first run after an edit recompiles bytecode, and the page cache
    # may not hold the index and the model yet. Every later run starts from the same warm state.
    for tree in trees.values():
        for command in args.commands:
            time_command([rag, command, args.question], _tree_env(tree))
    results: dict[tuple[str, str], tuple[list[float], list[float]]] = {
        (n, c): ([], []) for n in trees for c in args.commands
    }
    for _ in range(args.runs):
        for name, tree in trees.items():
            for command in args.commands:
                wall, cpu = time_command([rag, command, args.question], _tree_env(tree))
                results[name, command][0].append(wall)
                results[name, command][1].append(cpu)
    for (name, command), (walls, cpus) in results.items():
        label = f'rag {command} "{args.question}"' + (f" [{name}]" if len(trees) > 1 else "")
        print(summary(label, walls, cpus), flush=True)
    if args.app_runs:
        ready = [time_app() for _ in range(args.app_runs)]
        shown = ", ".join(f"{r:.2f}" if r is not None else "did not start" for r in ready)
        print(f"- `python app.py` to first HTTP 200: {shown} s ({args.app_runs} starts)")
    print(f"load average after: {_loadavg()}")


if __name__ == "__main__":
    main()

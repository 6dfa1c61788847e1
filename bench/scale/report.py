"""Scale bench, report: docs/scale.md and its plots, regenerated from the results file (the notes section is kept)."""

from __future__ import annotations

import datetime as dt
import os
import platform
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

from bench.scale.data import (
    MIX_HIGH,
    MIX_LOW,
    N_QUERIES,
    NOISE_SIGMA,
    PAPER_N,
    PASSAGE_N,
    ROWS_PER_PAPER,
    SEED,
    SENTENCES_PER_PAPER,
)
from bench.scale.runs import EPS


# ---------------------------------------------------------------------------------------------- report
def _mb(b: float | None) -> str:
    return "–" if b is None else f"{b / 2**20:,.0f}"


def _f(x: float | None, nd: int = 1) -> str:
    return "–" if x is None else f"{x:,.{nd}f}"


class _Figures:
    """What every scale plot shares: the runs, a colour per mode, and the log-scaled paper-count axis."""

    colors: ClassVar[dict[str, str]] = {"persistent": "tab:blue", "server": "tab:orange"}

    def __init__(self, results: dict[str, Any], outdir: Path) -> None:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        self.plt = plt
        self.runs = [r for r in results["runs"] if not r.get("tag")]
        self.outdir = outdir
        self.written: list[str] = []
        outdir.mkdir(parents=True, exist_ok=True)

    def new(self) -> tuple[Any, Any]:
        return self.plt.subplots(figsize=(7.5, 4.5))

    def series(self, mode: str, fn: Any) -> tuple[list[int], list[float], list[bool]]:
        xs, ys, po = [], [], []
        for r in sorted((r for r in self.runs if r["mode"] == mode), key=lambda r: r["papers"]):
            y = fn(r)
            if y is not None:
                xs.append(r.get("papers_measured", r["papers"]))
                ys.append(y)
                po.append(r["papers_only"])
        return xs, ys, po

    def draw(self, ax: Any, mode: str, fn: Any, label: str, style: str = "-", marker: str = "o") -> None:
        xs, ys, po = self.series(mode, fn)
        if not xs:
            return
        color = self.colors[mode]
        ax.plot(xs, ys, style, color=color, marker=marker, label=f"{mode}: {label}")
        for x, y, p in zip(xs, ys, po, strict=True):
            if p:
                ax.plot([x], [y], marker=marker, color=color, markerfacecolor="white", markersize=10)

    def finish(self, fig: Any, ax: Any, name: str, title: str, ylabel: str, logy: bool = False) -> None:
        from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter

        ax.set_xscale("log")
        ax.set_xticks([1e4, 1e5, 1e6], ["10k", "100k", "1M"])
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_xlim(7e3, 1.4e6)
        if logy:
            ax.set_yscale("log")
            ax.yaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
            ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}" if v >= 1 else f"{v:g}"))
            ax.yaxis.set_minor_formatter(FuncFormatter(lambda v, _: ""))
        ax.set_xlabel("synthetic papers (log scale); hollow marker = papers collection only")
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=7)
        self.save(fig, name)

    def save(self, fig: Any, name: str) -> None:
        fig.tight_layout()
        fig.savefig(self.outdir / name, dpi=110)
        self.plt.close(fig)
        self.written.append(name)


def plots(results: dict[str, Any], outdir: Path) -> list[str]:
    """Every docs/scale_*.png; returns the names written."""
    figs = _Figures(results, outdir)
    for plot in (_plot_insert, _plot_query, _plot_search, _plot_recall, _plot_rss, _plot_disk, _plot_progress):
        plot(figs)
    return figs.written


def _plot_insert(f: _Figures) -> None:
    fig, ax = f.new()
    for mode in f.colors:
        f.draw(ax, mode, lambda r: r["insert_summary"]["rows_per_s"], "all rows/s")
        f.draw(ax, mode, lambda r: r["insert_summary"]["papers_per_s"], "papers/s", "--", "s")
    title = "Insert throughput (upsert, 5,000-row batches)"
    f.finish(fig, ax, "scale_insert.png", title, "rows or papers per second", True)


def _plot_query(f: _Figures) -> None:
    fig, ax = f.new()
    for mode in f.colors:
        for label, key, mk in (
            ("passages n=150", "passages", "o"),
            ("papers n=50", "papers", "s"),
            ("papers, n=150 + docs", "papers_as_passages", "^"),
        ):
            f.draw(ax, mode, lambda r, k=key: r["query"].get(k, {}).get("p50_ms"), f"{label} p50", "-", mk)
            f.draw(ax, mode, lambda r, k=key: r["query"].get(k, {}).get("p95_ms"), f"{label} p95", ":", mk)
    ax.axhline(60, color="red", lw=0.8, ls="--", label="60 ms bar")
    f.finish(fig, ax, "scale_query.png", "Chroma query latency (one query at a time)", "ms", True)


def _plot_search(f: _Figures) -> None:
    fig, ax = f.new()
    for mode in f.colors:
        f.draw(ax, mode, lambda r: e2e_versions(r["query"])[0].get("p50_ms"), "p50 before the fixes", ":", "v")
        f.draw(ax, mode, lambda r: e2e_versions(r["query"])[1].get("p50_ms"), "p50 with both fixes", "-", "o")
        f.draw(ax, mode, lambda r: e2e_versions(r["query"])[1].get("p95_ms"), "p95 with both fixes", "--", "s")
    ax.axhline(60, color="red", lw=0.8, ls="--", label="60 ms bar")
    ax.set_ylim(bottom=0)
    f.finish(fig, ax, "scale_search.png", "End-to-end Assistant.search (embed + BM25 + Chroma + fusion)", "ms")


def _plot_recall(f: _Figures) -> None:
    fig, ax = f.new()
    for mode in f.colors:
        for label, key, mk in (("passages", "passages", "o"), ("papers", "papers", "s")):
            for variant, style, what in (("recall10_app", "-", "app's n"), ("recall10_k10", ":", "n_results=10")):
                f.draw(
                    ax,
                    mode,
                    lambda r, k=key, v=variant: r["query"].get(k, {}).get(v, {}).get("by_id"),
                    f"{label} recall@10 ({what})",
                    style,
                    mk,
                )
    ax.axhline(0.95, color="red", lw=0.8, ls="--", label="0.95 bar")
    f.finish(fig, ax, "scale_recall.png", "HNSW recall@10 against exact search", "recall@10")


def _plot_rss(f: _Figures) -> None:
    fig, ax = f.new()
    for mode in f.colors:
        f.draw(ax, mode, lambda r: r["query"]["rss_after_chroma"] / 2**20, "query process, Chroma only")
        f.draw(
            ax,
            mode,
            lambda r: ((r["query"].get("e2e") or {}).get("rss_after_search") or 0) / 2**20 or None,
            "Assistant process (Chroma + paper table + BM25)",
            "--",
            "s",
        )
        f.draw(ax, mode, lambda r: r["insert"]["peak_rss"] / 2**20, "insert process peak", ":", "v")
    f.draw(ax, "server", lambda r: r.get("server_rss_after_query", 0) / 2**20 or None, "chroma run server", "-.", "D")
    f.finish(fig, ax, "scale_rss.png", "Resident memory", "MB", True)


def _plot_disk(f: _Figures) -> None:
    fig, ax = f.new()
    for mode in f.colors:
        f.draw(ax, mode, lambda r: r["disk_after_query"]["allocated"] / 2**20, "store on disk")
    f.finish(fig, ax, "scale_disk.png", "Disk size of the store directory", "MB", True)


def _plot_progress(f: _Figures) -> None:
    """Insert progress inside each run: cumulative write time against rows written, with extrapolations."""
    fig, ax = f.new()
    styles = {False: "-", True: "--"}
    for r in sorted(f.runs, key=lambda r: (r["mode"], r["papers"])):
        ser = r["insert"]["series"]
        if not ser:
            continue
        rows = [x[1] for x in ser]
        mins = [x[2] / 60 for x in ser]
        kind = "papers rows only" if r["papers_only"] else "passages + papers rows"
        color = f.colors[r["mode"]]
        label = f"{r['mode']} {r['papers']:,} ({kind})"
        ax.plot(rows, mins, styles[r["papers_only"]], color=color, lw=1.2, label=label)
        if ex := extrapolate(r):
            target = ex["target_rows"]
            ax.plot([rows[-1], target], [mins[-1], ex["constant_rate_s"] / 60], ":", color=color, lw=1)
            ax.plot([rows[-1], target], [mins[-1], ex["trend_s"] / 60], ":", color=color, lw=1)
            ax.annotate("extrapolated", (target, ex["trend_s"] / 60), fontsize=7, color=color)
    ax.set_xlabel("rows written so far")
    ax.set_ylabel("cumulative write time (min)")
    ax.set_title("Insert progress within each run (dotted = extrapolation)")
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize=7)
    f.save(fig, "scale_insert_progress.png")


def extrapolate(rec: dict[str, Any]) -> dict[str, float] | None:
    """Full-size write time of a run stopped by the budget. Two estimates, both labelled extrapolation in the doc:

    * constant_rate_s: the rate of the last 20 % of the run continues (optimistic: HNSW inserts slow down as
      the graph grows);
    * trend_s: the per-chunk rate keeps falling linearly in log(rows), fitted over the second half of the run.
    """
    ins = rec["insert"]
    if not ins.get("stopped_early"):
        return None
    ser = ins["series"]
    if len(ser) < 4:
        return None  # too few chunks to fit a trend
    per_paper = 1 if rec["papers_only"] else ROWS_PER_PAPER + 1
    target = rec["papers"] * per_paper
    rows = np.array([x[1] for x in ser], dtype=float)
    secs = np.array([x[2] for x in ser], dtype=float)
    k = max(1, int(len(ser) * 0.8))
    rate = (rows[-1] - rows[k - 1]) / max(secs[-1] - secs[k - 1], 1e-9)
    constant = secs[-1] + (target - rows[-1]) / rate
    half = len(ser) // 2
    chunk_rows = np.diff(rows[half - 1 :])
    chunk_rate = chunk_rows / np.maximum(np.diff(secs[half - 1 :]), 1e-9)
    slope, intercept = np.polyfit(np.log(rows[half:]), chunk_rate, 1)
    t, r = secs[-1], rows[-1]
    step = float(np.median(chunk_rows))
    while r < target:
        rr = max(slope * np.log(r + step) + intercept, 1.0)
        t += step / rr
        r += step
    return {
        "target_rows": float(target),
        "constant_rate_s": float(constant),
        "trend_s": float(t),
        "last_rate": float(rate),
    }


def report(results: dict[str, Any], out: Path) -> None:
    """docs/scale.md from the results: header and notes, method, one section per mode, tuning, plots."""
    runs = sorted((r for r in results["runs"] if not r.get("tag")), key=lambda r: (r["mode"], r["papers"]))
    lines = [*_header(results, runs, _notes(out)), *_method_data(results), *_method_measures()]
    lines += _sanity(results, runs)
    for mode in ("persistent", "server"):
        if mruns := [r for r in runs if r["mode"] == mode]:
            lines += _mode_section(mode, mruns)
    lines += _tuning(results) + _plots()
    out.write_text("\n".join(lines) + "\n")


def _notes(out: Path) -> str:
    """The hand-written notes of the existing report, kept on regeneration."""
    notes = ""
    if out.exists():
        text = out.read_text()
        if "<!-- notes -->" in text and "<!-- /notes -->" in text:
            notes = text.split("<!-- notes -->", 1)[1].split("<!-- /notes -->", 1)[0].strip("\n")
    return notes


def _header(results: dict[str, Any], runs: list[dict[str, Any]], notes: str) -> list[str]:
    return [
        "# Scale: 10k to 1M synthetic papers in both Chroma modes",
        "",
        "Generated by `python -m bench.scale` (tables and plots) from "
        f"`{results.get('results_path', 'results.json')}`; the notes section is hand-written and kept on regeneration.",
        "",
        f"- Report date: {dt.date.today().isoformat()}; runs dated "
        f"{min((r['date'] for r in runs), default='-')} to {max((r['date'] for r in runs), default='-')}",
        f"- Machine: `nproc` = {os.cpu_count()}, `uname -m` = {platform.machine()}, Python {platform.python_version()}, "
        f"{_mem_total()} RAM, chromadb {_chroma_version()}",
        "- **Not an idle machine**: other processes (the test suite, other agents' jobs) ran concurrently on the same "
        "2 cores. The 1-minute load average at the start/end of each run is in the tables; absolute timings are "
        "therefore pessimistic and noisy, and comparisons within one table are more reliable than across tables.",
        "",
        "<!-- notes -->",
        notes,
        "<!-- /notes -->",
        "",
    ]


def _method_data(results: dict[str, Any]) -> list[str]:
    return [
        "## Method",
        "",
        "**Synthetic corpus.** The real corpus (`data/corpus`, "
        f"{results.get('real', {}).get('papers', '?')} papers, {results.get('real', {}).get('sentences', '?')} "
        "abstract sentences) is parsed with `rag.corpus.parse_corpus`/`split_sentences` and embedded once with "
        "`rag.embedding.get_embedder()` (sentences, and titles; a paper without a title uses its first sentence). "
        f"Synthetic paper *i* (seed {SEED}, fixed) draws two different real papers A and B and a weight "
        f"w ~ U({MIX_LOW}, {MIX_HIGH}). Each of its {SENTENCES_PER_PAPER} sentence passages is "
        f"normalise(w·a + (1−w)·b + ε), with a and b random sentence vectors of A and B and ε ~ N(0, {NOISE_SIGMA}²·I) "
        "(noise norm ≈ 0.2); its text is the real sentence a plus one made-up word (a 20,000-word pseudo-vocabulary, "
        "Zipf-distributed), so no two documents repeat and the BM25 vocabulary grows with the corpus. The title passage "
        "mixes A's and B's title vectors the same way; its text is A's title head + B's title tail + a made-up word. "
        "The paper vector is the normalised mean of the sentence vectors, exactly as `PaperIndex._write` computes it, "
        "and the abstract is the joined passage texts. Every synthetic paper therefore has "
        f"{ROWS_PER_PAPER} passage rows (title + {SENTENCES_PER_PAPER} sentences).",
        "",
        "**Rows match the app's.** Ids (`<16 hex>`, `<id>#t`, `<id>#<j>`), documents and metadata keys are those of "
        "`rag/index.py`: papers rows carry title, has_title, sources, github, urls, content_hash, meta_hash, n_passages, "
        "authors, date, year, month, upvotes and `src:<file>` (400 papers per synthetic file); passage rows carry "
        "paper_id, position, year, month and `src:<file>`. Both collections use the app's HNSW configuration "
        "(cosine, max_neighbors 32, ef_construction 200, ef_search 100) unless a table says otherwise. Rows are "
        "written with `upsert` (as the app does) in batches of 5,000 rows (below `client.get_max_batch_size()`), "
        "1,000 papers at a time: their passage rows, then their paper rows.",
        "",
        "**Caveat on shape.** Real papers here average ≈ 9.5 passages (3,768 passages / 396 papers), the synthetic ones "
        f"{ROWS_PER_PAPER}. So the passages collection of *N* synthetic papers is about the size of that of 0.5·*N* real "
        "papers. To cover the real shape at 100k papers (≈ 950k passage rows), the 1M-paper run also queries its "
        "1M-row papers collection the way the passages collection is queried (n=150, documents + metadata): row "
        "`papers, n=150 + docs`.",
        "",
    ]


def _method_measures() -> list[str]:
    return [
        f"**Queries.** {N_QUERIES} real questions (the `bench` question generator: title-based questions and abstract "
        "sentences), embedded with the real model. Chroma latency: one query at a time after 10 warm-up queries, "
        f"`n_results` as the Retriever asks ({PASSAGE_N} passages with documents + metadata + distances; "
        f"{PAPER_N} papers with distances). For the server mode this includes the HTTP round trip. "
        "**Recall@10** = |HNSW top 10 ∩ exact top 10| / 10, averaged over queries, where exact = numpy brute force "
        "over the very same float32 vectors (held by the driver). Two variants: *app's n* = top 10 of the query the "
        "app actually issues (n=150/50, so HNSW searches with ef = max(ef_search, n)); *n_results=10* = a plain "
        "top-10 query, which searches with ef_search alone and is the stricter test of the graph. "
        "Recall@n compares the full candidate list with the exact top n.",
        "",
        "**End to end.** `rag.assistant.Assistant` opened on the synthetic store (embedded: `index_dir`; server: "
        "`chroma_host/port`), i.e. the real `Retriever`, in its own process: startup = load the whole paper table + "
        f"build BM25; then `search_detailed(q, k=10)` for the same {N_QUERIES} questions, query-embedding cache "
        "cleared before each. rag/ changed while this benchmark ran (commits cf1dedd: no `count()` before each "
        "query; 398862c: evidence vectors fetched by row id instead of a `paper_id $in` metadata filter, both "
        "prompted by the first 100k results). Each run records which code it imported; where a fix was missing, "
        "the run also measured the search with the fix monkeypatched in (equivalent to the commits; the patches "
        "were removed from bench/scale.py once both fixes shipped, and their results stay in the results file). "
        "The tables show *before the fixes* and *with both fixes*.",
        "",
        "**Processes and memory.** The driver never imports chromadb. Inserting runs in one child process (for the "
        "persistent mode Chroma runs inside it), Chroma queries in a fresh child that opens the store as the app "
        "would, `Assistant.search` in another fresh child with a watchdog that aborts it above "
        "`--rss-limit-gb` (9 GB) to protect the other processes on the machine. "
        "RSS: *query process, Chroma only* = after the Chroma queries (HNSW indexes loaded); *+ Assistant* = the "
        "Assistant process after loading the paper table, BM25 and 200 searches; *writer peak* = the insert "
        "process, sampled after every batch (ru_maxrss is useless here: it survives exec and reports the parent); "
        "*server* = RSS of the `chroma run` process tree. CPU seconds per 1k rows divide the insert process's "
        "(and for the server mode the server's) user+system CPU time by the rows written: unlike rows/s, this "
        "hardly depends on the other load on the machine. Disk = "
        "allocated blocks of the store directory after querying.",
        "",
    ]


def _sanity(results: dict[str, Any], runs: list[dict[str, Any]]) -> list[str]:
    lines: list[str] = []
    real = results.get("real", {})
    if real.get("sentences_top1_sim_mean") is not None:
        lines += [
            "**Sanity check of the synthetic vectors**: mean cosine similarity of the 200 queries to their nearest and "
            "10th-nearest row, exact search (the queries are real questions, some of them real abstract sentences).",
            "",
            "| collection | rows | mean top-1 sim | mean 10th sim |",
            "| --- | --- | --- | --- |",
            f"| real sentences | {real['sentences']:,} | {real['sentences_top1_sim_mean']:.3f} "
            f"| {real['sentences_top10_sim_mean']:.3f} |",
        ]
        for r in (r for r in runs if r["mode"] == "persistent"):
            for label, st in r.get("synthetic_stats", {}).items():
                rows = r["insert"]["rows_passages" if label == "passages" else "rows_papers"]
                lines.append(
                    f"| synthetic {label}, {r['papers_measured']:,} papers | {rows:,} "
                    f"| {st['top1_sim_mean']:.3f} | {st['top10_sim_mean']:.3f} |"
                )
        lines.append("")
    return lines


def _mode_section(mode: str, mruns: list[dict[str, Any]]) -> list[str]:
    lines = [
        f"## {mode.capitalize()} mode"
        + (" (`chroma run` server, HttpClient)" if mode == "server" else " (PersistentClient, embedded)"),
        "",
    ]
    lines += _write_table(mruns) + _search_table(mruns)
    if any(r["query"].get("e2e_original") for r in mruns):
        lines += [
            "† measured in an earlier run of this benchmark on an identically generated store (same seed), before "
            "commit cf1dedd (see "
            "`e2e_original` in the results file for its date and load).",
            "",
        ]
    return [*lines, *_mode_notes(mruns), ""]


def _write_table(mruns: list[dict[str, Any]]) -> list[str]:
    lines = [
        "Writing and storage:",
        "",
        "| papers | passage rows | paper rows | rows/s | papers/s | write time | CPU s per 1k rows (writer / server) "
        "| writer RSS peak MB | server RSS MB (after insert / after queries) | disk MB | load 1-min (start / end) |",
        "|" + " --- |" * 11,
    ]
    for r in mruns:
        ins, s = r["insert"], r["insert_summary"]
        rows = ins["rows_passages"] + ins["rows_papers"]
        partial = " (partial)" if ins.get("stopped_early") else ""
        cpu_w = ins.get("child_cpu_s")
        cpu_s = ins.get("server_cpu_s")
        lines.append(
            f"| {r['papers_measured']:,}{' papers only' if r['papers_only'] else ''}{partial} "
            f"| {ins['rows_passages']:,} | {ins['rows_papers']:,} | {s['rows_per_s']:,.0f} | {s['papers_per_s']:,.0f} "
            f"| {s['write_s'] / 60:.1f} min "
            f"| {_f(None if cpu_w is None else cpu_w * 1000 / rows, 2)} / "
            f"{_f(None if cpu_s is None else cpu_s * 1000 / rows, 2)} "
            f"| {_mb(ins['peak_rss'])} "
            f"| {_mb(r.get('server_rss_after_insert'))} / {_mb(r.get('server_rss_after_query'))} "
            f"| {_mb(r['disk_after_query']['allocated'])} "
            f"| {r['loadavg_start'][0]} / {r.get('loadavg_end', ['?'])[0]} |"
        )
    return lines


def _search_table(mruns: list[dict[str, Any]]) -> list[str]:
    lines = [
        "",
        "Search (200 queries, one at a time):",
        "",
        "| papers | passages p50 / p95 ms (n=150) | papers p50 / p95 ms (n=50) | passages R@10 app / n=10 "
        "| papers R@10 app / n=10 | Assistant.search p50 / p95 ms, before the fixes | … with both fixes "
        "| Assistant startup s | query-process RSS MB (Chroma only / + Assistant) | load 1-min at query start |",
        "|" + " --- |" * 10,
    ]
    for r in mruns:
        q = r["query"]
        pas, pap = q.get("passages"), q.get("papers")
        e = q.get("e2e") or {}
        before, fixed = e2e_versions(q)
        partial = " (partial)" if r["insert"].get("stopped_early") else ""
        lines.append(
            f"| {r['papers_measured']:,}{' papers only' if r['papers_only'] else ''}{partial} "
            f"| {_lat(pas)} | {_lat(pap)} | {_rec(pas)} | {_rec(pap)} "
            f"| {_f(before.get('p50_ms'))} / {_f(before.get('p95_ms'))}{before.get('mark', '')} "
            f"| {_f(fixed.get('p50_ms'))} / {_f(fixed.get('p95_ms'))} "
            f"| {_f(e.get('startup_s'))} | {_mb(q['rss_after_chroma'])} / {_mb(e.get('rss_after_search'))} "
            f"| {r.get('loadavg_query_start', ['?'])[0]} |"
        )
    lines.append("")
    return lines


def _mode_notes(mruns: list[dict[str, Any]]) -> list[str]:
    extra: list[str] = []
    for r in mruns:
        extra += _e2e_note(r) + _query_notes(r) + _insert_notes(r)
    return extra


def _e2e_note(r: dict[str, Any]) -> list[str]:
    extra: list[str] = []
    q = r["query"]
    e = q.get("e2e")
    if e and e.get("error"):
        extra.append(f"- {r['papers_measured']:,} papers: Assistant.search not measured: {e['error']}.")
    elif e:

        def stages(x: dict[str, Any], key: str = "parts_p50_ms") -> str:
            return ", ".join(f"{k} {v:.1f}" for k, v in x[key].items())

        code = e.get("code") or {"count_before_query": True, "passage_vectors_by_where": True}
        label = {
            (True, True): "code before the fixes",
            (False, True): "code with cf1dedd (no count()), evidence rows still by metadata filter",
            (False, False): "code with both fixes",
        }[(code["count_before_query"], code["passage_vectors_by_where"])]
        line = (
            f"- {r['papers_measured']:,} papers, Assistant.search as imported ({label}): "
            f"p50 {e['p50_ms']:.1f}, p95 {e['p95_ms']:.1f} ms; stage p50s {stages(e)}, "
            f"stage p95s {stages(e, 'parts_p95_ms')}"
        )
        if e.get("count_passages_ms") is not None:
            line += (
                f"; one `count()` costs {e['count_passages_ms']:.1f} ms (passages) + "
                f"{e['count_papers_ms']:.1f} ms (papers)"
            )
        for key, what in (("no_count", "count() patched out"), ("no_count_ids", "both fixes patched in")):
            if e.get(key):
                line += (
                    f"; {what}: p50 {e[key]['p50_ms']:.1f}, p95 {e[key]['p95_ms']:.1f} "
                    f"(stage p95s: {stages(e[key], 'parts_p95_ms')})"
                )
        if e.get("load_papers_s") is not None:
            line += (
                f". Startup {e['startup_s']:.1f} s for {e['papers_loaded']:,} papers, of which "
                f"`load_papers` {e['load_papers_s']:.1f} s (the rest: BM25 and term tables)"
            )
        extra.append(line + ".")
    return extra


def _query_notes(r: dict[str, Any]) -> list[str]:
    extra: list[str] = []
    q = r["query"]
    if "papers_as_passages" in q:
        x = q["papers_as_passages"]
        extra.append(
            f"- {r['papers_measured']:,} papers: the {q['counts']['papers']:,}-row papers collection queried "
            f"like passages (n=150, documents + metadata): p50 {x['p50_ms']:.1f} ms, p95 {x['p95_ms']:.1f} ms, "
            f"recall@10 {x['recall10_app']['by_id']:.3f} (app's n) / {x['recall10_k10']['by_id']:.3f} (n=10), "
            f"recall@150 {x['recall_n']['by_id']:.3f}."
        )
    for label in ("passages", "papers"):
        if label in q:
            x = q[label]
            cpu = ""
            if x.get("cpu_p50_ms") is not None:
                cpu = f"; CPU per query: this process p50 {x['cpu_p50_ms']:.1f} ms"
                if x.get("server_cpu_mean_ms") is not None:
                    cpu += f", server mean {x['server_cpu_mean_ms']:.1f} ms"
            k10 = x["recall10_k10"]
            dist = ""
            if k10.get("by_dist") is not None:
                dist = (
                    f"; distance-based recall@10 (n=10, ε={EPS}) {k10['by_dist']:.3f}, worst query "
                    f"{k10['by_dist_min_query']:.1f}"
                )
            extra.append(
                f"- {r['papers_measured']:,} papers, {label}: recall@{x['n_results']} "
                f"{x['recall_n']['by_id']:.3f}; share of queries with perfect recall@10 (n=10) "
                f"{k10['share_perfect']:.2f}, worst query {k10['min_query']:.1f} (its exact top-1 and "
                f"10th similarity differ by {k10.get('worst_exact_top1_minus_topk', float('nan')):.3f}){dist}; "
                f"first query {x['cold_first_ms']:.0f} ms{cpu}."
            )
    return extra


def _insert_notes(r: dict[str, Any]) -> list[str]:
    extra: list[str] = []
    ins = r["insert"]
    if ins.get("resumed"):
        extra.append(
            f"- The insert was written in two runs: the first stopped at its time budget after "
            f"{ins['resumed']['from_papers']:,} papers and the rest was written into the same store "
            f"(`--resume`, {ins['resumed']['date']}). Write time and rows/s sum both runs; the pause "
            "between them is not write time."
        )
    if ins.get("stopped_early"):
        extra.append(
            f"- {r['papers']:,} requested, insert budget reached after {ins['papers_inserted']:,} "
            "papers; everything in this row is measured at that size."
        )
    return extra


def _tuning(results: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    # One row per (max_neighbors, ef_search): the last measurement wins.
    latest = {(t["max_neighbors"], t["ef_search"]): t for t in results.get("tuning", [])}
    tuning = [latest[k] for k in sorted(latest)]
    if tuning:
        size = tuning[0].get("corpus_papers", 100_000)
        lines += [
            f"## HNSW tuning at {size:,} papers (persistent)",
            "",
            'ef_search changed with `collection.modify(configuration={"hnsw": {"ef_search": N}})` on the same '
            "store, measured in a fresh process; max_neighbors (fixed at creation) by rebuilding the store.",
            "",
            "Recall columns: top 10 of the app's query (n=150 passages / n=50 papers) / a plain n_results=10 "
            f"query / the latter distance-based (ε={EPS}). The max_neighbors rebuilds hold the papers collection "
            "only (its HNSW graph is independent of the passages one).",
            "",
            "| max_neighbors | ef_search | passages p50 / p95 ms | passages R@10 app / n=10 / dist | papers p50 / p95 ms "
            "| papers R@10 app / n=10 / dist | papers CPU p50 ms | load |",
            "|" + " --- |" * 8,
        ]

        def rc(x: dict[str, Any] | None) -> str:
            if not x:
                return "–"
            dist = (x.get("recall10_k10_full") or {}).get("by_dist")
            return f"{x['recall10_app']:.3f} / {x['recall10_k10']:.3f} / {_f(dist, 3)}"

        for t in tuning:
            p, q = t.get("passages"), t["papers"]
            lines.append(
                f"| {t['max_neighbors']} | {t['ef_search']} | {_lat(p)} | {rc(p)} | {_lat(q)} | {rc(q)} "
                f"| {_f(q.get('cpu_p50_ms'))} | {t['loadavg'][0]} |"
            )
        builds = [r for r in results["runs"] if r.get("tag")]
        for r in builds:
            lines.append(
                f"\nBuild with max_neighbors {r['hnsw']['max_neighbors']}: "
                f"{r['insert_summary']['rows_per_s']:,.0f} rows/s, "
                f"{r['insert_summary']['write_s'] / 60:.1f} min, disk {_mb(r['disk_after_query']['allocated'])} MB."
            )
        lines.append("")
    return lines


def _plots() -> list[str]:
    return [
        "## Plots",
        "",
        *[
            f"![{n}]({n})"
            for n in (
                "scale_insert.png",
                "scale_query.png",
                "scale_search.png",
                "scale_recall.png",
                "scale_rss.png",
                "scale_disk.png",
            )
        ],
        "",
    ]


def e2e_versions(q: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(search before the fixes, search with both fixes) from one run's query record, whatever code it ran."""
    e = q.get("e2e") or {}
    if not e or e.get("error"):
        return {}, {}
    code = e.get("code") or {"count_before_query": True, "passage_vectors_by_where": True}
    if code["count_before_query"]:
        before = e
    elif q.get("e2e_original"):
        before = {**q["e2e_original"], "mark": " †"}
    else:
        before = {}
    if not code["count_before_query"] and not code["passage_vectors_by_where"]:
        fixed = e
    else:
        fixed = e.get("no_count_ids") or {}
    return before, fixed


def _lat(x: dict[str, Any] | None) -> str:
    return "–" if not x else f"{x['p50_ms']:.1f} / {x['p95_ms']:.1f}"


def _rec(x: dict[str, Any] | None) -> str:
    return "–" if not x else f"{x['recall10_app']['by_id']:.3f} / {x['recall10_k10']['by_id']:.3f}"


def _mem_total() -> str:
    import psutil

    return f"{psutil.virtual_memory().total / 2**30:.0f} GB"


def _chroma_version() -> str:
    from importlib.metadata import version

    return version("chromadb")

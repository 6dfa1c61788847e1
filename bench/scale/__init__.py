"""Scale benchmark: synthetic corpora of 10k-1M papers in both Chroma modes.

``python -m bench.scale --sizes 10000 100000 1000000 --modes persistent server``

Embedding 100k abstracts on two cores would take hours, so the corpus is synthesised
from the real one: the real corpus is embedded once (about 3.4k sentence vectors), and each
synthetic paper's passage vectors are normalised mixtures of two real papers' sentence
vectors plus a little Gaussian noise (see :func:`synth_chunk` and docs/scale.md). Rows carry
the same ids, documents and metadata keys the app writes (rag/index.py), so the stores can
be opened by :class:`rag.assistant.Assistant` for end-to-end timings.

Phases run in separate processes so that memory is measured cleanly:

* the driver (this process) orchestrates, regenerates vectors for exact search and never
  imports chromadb;
* ``--phase insert`` creates the collections and writes the rows (for the persistent mode
  Chroma runs inside it);
* ``--phase query`` opens the finished store like the app does and times Chroma queries,
  HNSW recall inputs and ``Assistant.search``;
* ``--phase modify`` changes ``ef_search`` for the tuning sweep.

Results are appended to a JSON file (``--results``), so runs can be resumed or split; the
report (docs/scale.md and docs/scale_*.png) is regenerated from that file.

Modules: :mod:`bench.scale.data` (real and synthetic data), :mod:`bench.scale.phases` (per-process
phases), :mod:`bench.scale.runs` (recall and the driver steps), :mod:`bench.scale.report` (docs/scale.md and
plots); ``python -m bench.scale`` runs :func:`bench.scale.__main__.main`.
"""

from __future__ import annotations

from bench.scale.data import (
    DEFAULT_WORKDIR,
    dir_size,
    loadavg,
    log,
    real_data,
    rss_now,
    synth_chunk,
    synth_vectors,
    tree_rss,
)

__all__ = [
    "DEFAULT_WORKDIR",
    "dir_size",
    "loadavg",
    "log",
    "real_data",
    "rss_now",
    "synth_chunk",
    "synth_vectors",
    "tree_rss",
]

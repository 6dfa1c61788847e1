"""Helpers the benchmarks and the tests share: a free port, waiting for a server, percentiles.

Tests import this module (``from bench.common import free_port``); nothing in
``bench/`` imports ``tests/``.
"""

from __future__ import annotations

import math
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence

__all__ = ["ServerDidNotStart", "free_port", "percentile", "wait_for_http", "wait_until"]


class ServerDidNotStart(RuntimeError):
    """A server process exited, or did not answer before its deadline."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now (the OS picks it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_until(
    ready: Callable[[], bool],
    timeout: float = 60.0,
    interval: float = 0.2,
    proc: subprocess.Popen[bytes] | subprocess.Popen[str] | None = None,
    what: str = "server",
) -> float:
    """Poll ``ready()`` until it returns true; return the seconds waited.

    Exceptions from ``ready`` count as "not yet" (a server that is still binding refuses
    connections). Raises :class:`ServerDidNotStart` if ``proc`` exits first or time runs out.
    """
    start = time.monotonic()
    while True:
        try:
            if ready():
                return time.monotonic() - start
        except Exception:
            pass
        if proc is not None and proc.poll() is not None:
            raise ServerDidNotStart(f"{what} exited with code {proc.returncode} before it was ready")
        if time.monotonic() - start > timeout:
            raise ServerDidNotStart(f"{what} was not ready within {timeout:.0f} s")
        time.sleep(interval)


def wait_for_http(
    url: str,
    timeout: float = 60.0,
    proc: subprocess.Popen[bytes] | subprocess.Popen[str] | None = None,
    any_status: bool = False,
) -> float:
    """Wait until ``url`` answers HTTP 2xx (any status with ``any_status``); return the seconds waited.

    ``any_status`` is for servers that answer the probe 401/403 once they are up (token auth).
    """

    def ok() -> bool:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return 200 <= int(response.status) < 300
        except urllib.error.HTTPError:
            if any_status:
                return True
            raise

    return wait_until(ok, timeout=timeout, interval=0.1, proc=proc, what=url)


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100), interpolated linearly like numpy's default; NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = (len(ordered) - 1) * min(max(q, 0.0), 100.0) / 100.0
    low = math.floor(rank)
    high = min(low + 1, len(ordered) - 1)
    return float(ordered[low] + (ordered[high] - ordered[low]) * (rank - low))

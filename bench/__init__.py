"""Benchmarks: ``python -m bench`` prints medians, p95s and ratios and writes docs/benchmarks.md."""

"""Benchmarks (性能基准): each reports a ratio against a baseline run in the same process."""

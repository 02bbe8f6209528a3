"""Benchmarks: each ``benchmarks/*_bench.py`` module has ``run() -> list[dict]``;
``python -m benchmarks.run [NAME ...]`` runs them and prints one table."""

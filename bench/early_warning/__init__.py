"""Workloads of the early-warning benchmark (``bench/early_warning_bench.py``)."""

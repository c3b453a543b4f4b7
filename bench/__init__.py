"""Benchmarks: ``python -m bench`` (`bench.throughput`) prints the crawler's throughput table;
the scripts beside it each measure one thing (``python bench/<name>.py --help``)."""

"""``python -m bench``: the throughput table (`bench.throughput`)."""

from bench.throughput import main

main()

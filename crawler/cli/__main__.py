"""``python -m crawler.cli``: the ``newsroom`` command (the scheduler starts crawls so)."""

from crawler.cli import main

main()

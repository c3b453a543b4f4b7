"""Newsroom Monitor's crawler, in layers; each imports only those below it.

``cli`` (the ``newsroom`` command) > ``run`` (runner, run log) > [``spiders``] > ``components``
(Scrapy settings, pipelines, middlewares) > ``extraction`` | ``reports`` | ``snapshots`` >
[``storage``] > ``core`` (items, newsrooms, families, keys). ``pyproject.toml``'s import
contract (``lint-imports``) keeps it so.
"""

__version__ = "0.1.0"

"""Names of the crawl stats every layer counts under: one key shape per newsroom."""

from __future__ import annotations

__all__ = ["stat"]


def stat(newsroom: str, name: str) -> str:
    """The stats key of one per-newsroom counter: ``newsroom/<key>/<name>``."""
    return f"newsroom/{newsroom}/{name}"

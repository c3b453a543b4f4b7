"""Names of the crawl stats every layer counts under: one key shape per newsroom."""

from __future__ import annotations

__all__ = ["DATABASE_ERROR", "stat"]

#: Why a crawl closed when its database refused a write: its finish reason, and the stats key
#: that says so even when the write that failed was the crawl's last, made as it closed.
DATABASE_ERROR = "database_error"


def stat(newsroom: str, name: str) -> str:
    """The stats key of one per-newsroom counter: ``newsroom/<key>/<name>``."""
    return f"newsroom/{newsroom}/{name}"

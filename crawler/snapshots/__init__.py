"""The offline newsroom sites: recorded snapshots served on 127.0.0.1, and their ground truth.

Only the demo, the tests and the benchmarks use them; the crawler never does. `server` serves a
snapshot folder (``site.toml`` and its pages), `groundtruth` scores what a crawl stored against a
site's ``expected.json``, and ``demo_sites/`` holds the bundled snapshots of the seed newsrooms.
"""

from __future__ import annotations

from pathlib import Path

from crawler.snapshots.server import (
    Hit,
    Route,
    Snapshot,
    SnapshotError,
    load_snapshot,
    serve_snapshots,
)

__all__ = [
    "DEMO_SITES",
    "Hit",
    "Route",
    "Snapshot",
    "SnapshotError",
    "demo_sites",
    "load_snapshot",
    "serve_snapshots",
]

#: The bundled snapshots of the seed newsrooms, with their ``newsrooms.toml``.
DEMO_SITES = Path(__file__).parent / "demo_sites"


def demo_sites() -> list[Path]:
    """The bundled snapshot folders."""
    return sorted(p.parent for p in DEMO_SITES.glob("*/site.toml"))

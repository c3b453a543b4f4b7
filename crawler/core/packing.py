"""Raw pages as they are stored: their SHA-256 (one row per distinct body) and their bytes,
zlib-compressed. Made where a page is read (an extraction worker), so the crawl's own process
only writes them (`storage.repository.Repository.save_page`)."""

from __future__ import annotations

import hashlib
import zlib
from dataclasses import dataclass

__all__ = ["PackedPage", "pack", "unpack"]

#: zlib's default level: pages shrink about 5 times; level 9 saves little more, at twice the time.
LEVEL = 6


@dataclass(frozen=True)
class PackedPage:
    """A page's body as stored."""

    sha256: str  # of the body as fetched
    compressed: bytes = b""


def pack(body: bytes) -> PackedPage:
    """``body`` as stored."""
    return PackedPage(hashlib.sha256(body).hexdigest(), zlib.compress(body, LEVEL))


def unpack(compressed: bytes) -> bytes:
    """A stored body as fetched."""
    return zlib.decompress(compressed)

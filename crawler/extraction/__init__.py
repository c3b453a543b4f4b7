"""Extraction: one fetched page in, a story (or the reason there is none) out.

`extract` is pure and picklable: bytes, a URL and the newsroom's config in, an `Article` or a
`Rejected` out, no I/O, so it can run in a worker process. `dates` reads the dates a page states.
"""

from __future__ import annotations

from crawler.extraction.story import MAX_LINKS, MIN_WORDS, extract

__all__ = ["MAX_LINKS", "MIN_WORDS", "extract"]

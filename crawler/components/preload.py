"""Imported by the extraction workers' fork server only (`crawler.components.workers`): loads
once what every worker reads with, so the workers forked from it share those pages instead of
each loading its own copy (py3langid's model alone is some 70 MB)."""

from crawler.core.language import preload as _preload_language

_preload_language()

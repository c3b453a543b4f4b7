"""Imported by the extraction workers' fork server only (`crawler.components.workers`): loads
once what every worker reads with, so the workers forked from it share those pages instead of
each loading its own copy (py3langid's model alone is some 70 MB; the languages' and
countries' names from Babel's CLDR data, a second and a half to read)."""

from crawler.core.language import preload as _preload_language
from crawler.extraction.links import preload as _preload_links

_preload_language()
_preload_links()

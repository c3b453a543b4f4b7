"""The ASP.NET CMS of NATO's liaison offices (jfcnaples.nato.int/mlo_belgrade).

Paths are case-insensitive and some stories answer at a second path. A story page has a date
line ("Jun 4 2021"), a heading, photo captions inside the body and a closing "Story by ..."
credit; the page around it has breadcrumbs, a search box and an address footer.
"""

from __future__ import annotations

from crawler.dedup import UrlRules
from crawler.families import Family

_ROOTS = r"/(?:mlo_belgrade(?:/(?:lat|cir))?/newsroom|mlo/news)"

FAMILY = Family(
    name="nato-mlo",
    url_rules=UrlRules(lowercase_path=True, strip_trailing_slash=True),
    story_urls=(rf"{_ROOTS}/news-archive(?:-m)?/\d{{4}}/[^/?]+$",),
    listing_urls=(rf"{_ROOTS}(?:/news-archive(?:-m)?(?:/\d{{4}})?)?/?(?:\?.*)?$",),
    follow=(rf"{_ROOTS}(?:/|$|\?)",),
    deny=(r"/search", r"\.(?:jpe?g|png|gif|pdf|docx?|zip)(?:$|\?)"),
    byline=r"^(?:story|text|article)(?: and photos?)? by\b",
)

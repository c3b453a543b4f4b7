"""The ASP.NET CMS of NATO's liaison offices (jfcnaples.nato.int/mlo_belgrade).

Paths are case-insensitive and some stories answer at a second path. A story page has a date
line ("Jun 4 2021"), a heading, photo captions inside the body and a closing "Story by ..."
credit; the page around it has breadcrumbs, a search box and an address footer.
"""

from __future__ import annotations

from crawler.core.families import Family
from crawler.core.keys import UrlRules

_ROOTS = r"/(?:mlo_belgrade(?:/(?:lat|cir))?/newsroom|mlo/news)"

FAMILY = Family(
    name="nato-mlo",
    url_rules=UrlRules(lowercase_path=True, strip_trailing_slash=True),
    story_urls=(rf"{_ROOTS}/news-archive(?:-m)?/\d{{4}}/[^/?]+$",),
    listing_urls=(rf"{_ROOTS}(?:/news-archive(?:-m)?(?:/\d{{4}})?)?/?(?:\?.*)?$",),
    follow=(rf"{_ROOTS}(?:/|$|\?)",),
    pagination=(r"/news-archive(?:-m)?/?(?:\?.*)?$", r"/news-archive(?:-m)?/\d{4}/?(?:\?.*)?$"),
    deny=(r"/search", r"\.(?:jpe?g|png|gif|pdf|docx?|zip)(?:$|\?)"),
    title=("div.news-detail h1.news-title", "h1.news-title"),
    published=("div.news-detail div.news-date", "div.news-date"),
    body=("div.news-detail div.news-text", "div.news-text"),
    drop=("div.news-image", "span.image-caption", "blockquote.pull-quote", "div.share-box"),
    # "Story by ...", "Story and photos by ...", Serbian "Vest pripremila ..." in both scripts.
    byline=r"^(?:(?:story|text|photos?)(?: and photos?)? by\b|vest pripremil|вест припремил)",
)

"""NATO HQ news on www.nato.int (the ``cps`` CMS): articles, the news listing, RSS, sitemap.

``?selectedLocale=`` changes the page chrome, not the article, and ``natolive`` is an old
name of ``natohq``. The language of a page is in its path (``/cps/en/``, ``/cps/fr/``).
"""

from __future__ import annotations

from crawler.core.families import Family
from crawler.core.keys import UrlRules

FAMILY = Family(
    name="nato-hq",
    url_rules=UrlRules(
        drop_params=frozenset({"selectedLocale"}),
        path_aliases=((r"^/cps/([a-z]{2})/natolive/", r"/cps/\1/natohq/"),),
    ),
    story_urls=(r"/cps/[a-z]{2}/natohq/news_\d+\.htm$",),
    # The news listing and the home page, whose "Latest news" lists the newest stories.
    listing_urls=(r"/cps/[a-z]{2}/natohq/(?:news|index)\.htm(?:\?.*)?$",),
    follow=(r"/cps/[a-z]{2}/natohq/news(?:_\d+)?\.htm(?:\?page=\d+)?$",),
    pagination=(r"/natohq/news\.htm\?(?:.*&)?page=\d+",),
    # Event pages announce a meeting (dated, with a programme): no news story, however it reads.
    deny=(r"\.(?:jpe?g|png|gif|pdf|docx?|zip|mp4)(?:$|\?)", r"/natohq/events(?:_\d+)?\.htm"),
    language_path=r"^https?://[^/]+/cps/(?P<lang>[a-z]{2})/",
    title=(".content-header h1", "h1.fs-huge"),
    published=("ul.event-date > li:first-child",),
    updated=("ul.event-date > li:not(:first-child)",),
    body=("section.content", "#content-main"),
    drop=("div.img-full", "div.img-caption", "div.share-box", "p.other-languages"),
    title_affixes=(r"^NATO\s*-\s*[^:]{1,40}:\s*", r",\s*\d{1,2}-[A-Za-z]{3}\.?-\d{4}$"),
)

"""Any other newsroom: no selectors; trafilatura and htmldate read the page, heuristics route."""

from __future__ import annotations

from crawler.core.families import PAGE_EXTENSION, Family

FAMILY = Family(
    name="generic",
    # Pagination, archives, tags and bare year or month pages list stories; they are not one.
    listing_urls=(
        # The home page: the site's root, or its page of a default name ("/index.php",
        # IIS's "/Default.aspx", "/Home.aspx")
        rf"^https?://[^/]+/?(?:(?:index|default|home)(?:{PAGE_EXTENSION}|/)?)?$",
        r"/(?:page|seite|strana|stranica)/\d+/?$",
        # A pager's field holds a plain number: "?page=2,10,2745" names a page of a router
        # ("section 10, item 2745"), no page of a list.
        r"[?&](?:page|paged|start|offset|start_from|page_?(?:number|num|no|index)|currentpage)"
        r"=\d+(?:[&#]|$)",
        r"/(?:tag|tags|category|categories|topics?|author|search)(?:/|$)",
        # An archive, and the same in the newsrooms' other languages (German, Serbian in both
        # scripts, French): the page itself or a year, month or page of it, not a story filed
        # below it ("/arhiva/2003/vest03.htm", "/arhiva/2015/visit-of-the-minister",
        # "/archive/news/2026/kfor-marks-international-day").
        r"/(?:archive|archives|archiv|arhiva|архива|kategorija|категорија|oznake|ознаке|rubrique)"
        r"(?:/(?:\d+|[^\W\d_]+))*/?(?:[?#].*)?$",
        r"/(?:19|20)\d\d/?(?:\d\d?/?)?$",
    ),
    deny=(
        r"\.(?:jpe?g|png|gif|svg|webp|pdf|docx?|xlsx?|pptx?|zip|mp3|mp4|avi|mov)(?:$|\?)",
        r"/(?:login|logout|register|cart|print|share|feed|rss)(?:/|$|\?)",
        r"[?&](?:replytocom|share|print)=",
        # WordPress's page of one attached image or file: a photo's view, no story.
        r"[?&]attachment_id=\d|/attachment/[^/?#]+/?(?:$|\?)",
        r"^mailto:|^javascript:|^tel:",
    ),
)

"""CuteNews 1.x sites: whole stories on front and archive pages, one story per ``showfull`` page.

The Mission of Serbia to NATO runs it in English, Serbian Latin and Serbian Cyrillic, with
windows-1250/1251 pages that declare their charset only in a ``<meta>``. PHP reads parameters
by name, so order and empty values do not matter; ``ucat`` only picks a template, and comment
pages repeat the story.
"""

from __future__ import annotations

from crawler.dedup import UrlRules
from crawler.families import Family

FAMILY = Family(
    name="cutenews",
    url_rules=UrlRules(
        default_documents=("index.php",),
        drop_params=frozenset({"ucat", "comm_start_from"}),
        drop_empty_params=True,
        same_values={"subaction": {"showcomments": "showfull"}},
        identity_params={("subaction", "showfull"): frozenset({"subaction", "id"})},
    ),
    story_urls=(r"[?&]subaction=showfull(?:&|$)",),
    follow=(
        r"[?&]subaction=showfull(?:&|$)",
        r"[?&]start_from=\d+",
        r"[?&]subaction=list-archive",
        r"[?&]archive=\d+",
        r"^https?://[^/?]+/(?:[a-z]{2,3}/)?$",  # the front pages of each script
    ),
    deny=(
        r"[?&]subaction=(?:showcomments|addcomment|search)",
        r"[?&](?:do|mod|action)=",
        r"\.(?:jpe?g|png|gif|pdf|docx?|zip)(?:$|\?)",
    ),
    dateline=True,
)

"""CuteNews 1.x sites: whole stories on front and archive pages, one story per ``showfull`` page.

The Mission of Serbia to NATO runs it in English, Serbian Latin and Serbian Cyrillic, with
windows-1250/1251 pages that declare their charset only in a ``<meta>``. PHP reads parameters
by name, so order and empty values do not matter; ``ucat`` only picks a template, and comment
pages repeat the story.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urljoin

from lxml.cssselect import CSSSelector

from crawler.core.families import Block, Family
from crawler.core.keys import UrlRules

if TYPE_CHECKING:
    from lxml.html import HtmlElement

# CuteNews' default template: one small table per story in the centre column, its title in
# bold (a link to the story on pages that show several), its text in a justified cell.
_STORY = CSSSelector("table[cellpadding='3']", translator="html")
_TITLE_LINK = CSSSelector("tr:first-child b a[href*='subaction=showfull']", translator="html")
_TEXT = CSSSelector("td[style*='justify']", translator="html")


def split_stories(tree: HtmlElement, url: str) -> list[Block]:
    """The stories of a page that shows them in full, each with its own URL and title.

    A story table whose title links to its own page is one block; a single-story page (title
    not linked) has none, and is read as a story page instead.
    """
    blocks = []
    for table in _STORY(tree):
        links = _TITLE_LINK(table)
        texts = _TEXT(table)
        if len(links) != 1 or not texts:
            continue
        link = links[0]
        blocks.append(Block(texts[0], urljoin(url, link.get("href", "")), link.text_content()))
    return blocks


FAMILY = Family(
    name="cutenews",
    url_rules=UrlRules(
        default_documents=("index.php",),
        drop_params=frozenset({"ucat", "comm_start_from"}),
        drop_empty_params=True,
        same_values={"subaction": {"showcomments": "showfull"}},
        # A story page is named by its id, and by the archive that holds it once archived:
        # without `archive` CuteNews looks in the active news and finds nothing.
        identity_params={("subaction", "showfull"): frozenset({"subaction", "id", "archive"})},
    ),
    story_urls=(r"[?&]subaction=showfull(?:&|$)",),
    listing_urls=(
        r"[?&](?:start_from|archive)=\d+",
        r"[?&]subaction=list-archive",
        r"^https?://[^/?]+/(?:[a-z]{2,3}/)?$",
        r"[?&]category=\d+",  # the news of one category (a story's URL may name it too)
    ),
    follow=(
        r"[?&]subaction=showfull(?:&|$)",
        r"[?&]start_from=\d+",
        r"[?&]subaction=list-archive",
        r"[?&]archive=\d+",
        r"^https?://[^/?]+/(?:[a-z]{2,3}/)?$",  # the front pages of each script
    ),
    pagination=(
        r"[?&]start_from=\d+",
        r"[?&]subaction=list-archive",
        r"[?&]archive=\d+(?!.*subaction=showfull)",
    ),
    deny=(
        r"[?&]subaction=(?:showcomments|addcomment|search)",
        r"[?&](?:do|mod|action)=",
        r"\.(?:jpe?g|png|gif|pdf|docx?|zip)(?:$|\?)",
    ),
    dateline=True,
    title=("td[width='436'] table[cellpadding='3'] tr:first-child b",),
    body=("td[width='436'] table[cellpadding='3'] td[style*='justify']",),
    drop=("a[href*='subaction=showcomments']", "table[width='400']", "form"),
    split=split_stories,
    gone_text=r"Can not find an article with id",
)

"""Whether a page holds a story, and the reason when it does not: too many links (an index),
a listing or off the family's story URLs, a story the site says is gone, a page of teasers, too
few words of prose."""

from __future__ import annotations

import re
from itertools import islice

from lxml.html import HtmlElement

from crawler.core.items import Reason, Rejected
from crawler.extraction.elements import meta, squash
from crawler.extraction.page import Page

__all__ = [
    "MAX_LINKS",
    "MIN_WORDS",
    "looks_like_listing",
    "not_a_story",
    "too_many_links",
    "too_short",
]

#: Fewer words than this is boilerplate, a caption or a teaser, not a story.
MIN_WORDS = 40
#: More links than this is an index, not a story (a story's related-links box can hold
#: thousands); counted on the bytes, before any parsing, since reading a page of 150,000 links
#: costs seconds and hundreds of megabytes.
MAX_LINKS = 10_000
_LINK_TAG = re.compile(rb"<a(?:rea)?[\s>]", re.IGNORECASE)
_TABLE_ROW = re.compile(r"^\s*\|")  # how trafilatura writes a table row


def too_many_links(html: bytes) -> Rejected | None:
    """`Rejected` when the page's bytes hold more than `MAX_LINKS` links."""
    if next(islice(_LINK_TAG.finditer(html), MAX_LINKS, None), None) is not None:
        return Rejected(Reason.TOO_MANY_LINKS, f"more than {MAX_LINKS} links: an index")
    return None


def not_a_story(page: Page, listing: bool) -> Rejected | None:
    """Why the page is no story page, by its URL and the family's rules, or None.

    A page known to be a ``listing`` is never a story; a story page whose text says the story
    is not there is gone.
    """
    family = page.family
    page_url = page.page_url
    story_url = family.is_story_url(page_url)  # a story's URL can look like a listing's
    if story_url and family.gone_text and re.search(family.gone_text, page.tree.text_content()):
        return Rejected(Reason.GONE, "the site says this story is not there")
    if listing or (not story_url and family.is_listing_url(page_url)):
        return Rejected(Reason.LISTING, "a listing page by its URL")
    if family.story_urls and not story_url:
        return Rejected(Reason.NOT_A_STORY, "not a story page of this site")
    return None


def looks_like_listing(tree: HtmlElement) -> bool:
    """A page of teasers: several headings that are links, or several <article> elements."""
    if meta(tree, "og:type").lower() == "article":
        return False
    linked_headings = tree.xpath("//*[self::h1 or self::h2 or self::h3 or self::h4][.//a[@href]]")
    teasers = [
        h
        for h in linked_headings
        if len(squash("".join(a.text_content() for a in h.iter("a"))))
        >= 0.8 * len(squash(h.text_content()))
    ]
    return len(teasers) >= 5 or len(tree.xpath("//article")) >= 4


def too_short(text: str) -> Rejected | None:
    """`Rejected` when ``text`` has fewer than `MIN_WORDS` words of prose.

    A page whose only text is layout-table cells (menus, addresses, a "not found" notice in an
    old table layout) is no story, however many cells it has.
    """
    words = sum(len(line.split()) for line in text.splitlines() if not _TABLE_ROW.match(line))
    if words < MIN_WORDS:
        return Rejected(Reason.TOO_SHORT, f"{words} words of prose")
    return None

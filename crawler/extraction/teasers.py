"""The days a listing states beside its links: hints for the pages they link.

A listing's teaser is a block around one link to a story (a title, an image of it, a "more"
link) with the story's day beside it: "10 April 2024 · Draft strategy presented …". Many
story pages state no day of their own (a SharePoint item, a Plone page, an old table layout),
and the listing's is then the only one the site gives. A teaser's block is the largest element
around the link that links no other page, but those linked from every teaser (a category, a
"read more" to the section): a list's item, a table's row, a ``<div>`` of a card; one of a few
lines at most (a page linked again after other pages' links, a category's or a menu's, is
none of them; a link of a word or two, a share button's or an author's, parts no teasers).
Its day is the one complete date its text states beside the links, else in them; of a block
that states two, none.

`teaser_dates` reads them on a page read as a listing; the crawl hands each to the request for
its page, and `crawler.extraction.extract` dates a story that states no day by it (``Source.
TEASER``). The page's own date, wherever it states one, comes first.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urljoin

from lxml.html import HtmlElement

from crawler.core.keys import canonical_url
from crawler.extraction.dates import find_stated_date
from crawler.extraction.elements import count_words, visible_text
from crawler.extraction.page import Page

__all__ = ["teaser_dates"]

#: A teaser's block: a title, a date and a line or two of summary, no more words than this.
BLOCK_WORDS = 120
#: Words of a link that titles a story: more than a menu's or a button's.
TITLE_WORDS = 3
#: The listing's links read, at most: a listing shows a few dozen teasers.
MAX_LINKS = 500

#: `_blocks`' mark of an element that links more than one page.
_SEVERAL = ""


def teaser_dates(page: Page) -> tuple[tuple[str, date], ...]:
    """(canonical URL, day) of each page the listing ``page`` links from a teaser that states
    its day, in page order; a page that two teasers give different days gets none."""
    # The pages linked by a title: stories, and what parts their teasers (a share button, an
    # author's name or a "more" beside a story's title is part of its teaser).
    linked = _targets(page)
    titled = {url for anchor, url in linked if _words(anchor) >= TITLE_WORDS}
    targets = [(anchor, url) for anchor, url in linked if url in titled]
    if not targets:
        return ()
    blocks = _blocks(targets)
    languages = page.newsroom.languages
    found: dict[str, date | None] = {}
    for anchor, url in targets:
        if url == page.page_url or not page.newsroom.in_scope(url):
            continue  # it parts teasers all the same
        block = anchor
        while (parent := block.getparent()) is not None and blocks.get(parent) == url:
            block = parent
        text = visible_text(block)
        if count_words(text) > BLOCK_WORDS:
            continue
        days = _days(visible_text(block, links=False), page.latest, languages) or _days(
            text, page.latest, languages
        )
        if len(days) != 1:
            continue  # none, or a range, a second event: no telling which
        (day,) = days
        if found.setdefault(url, day) != day:
            found[url] = None
    return tuple((url, day) for url, day in found.items() if day is not None)


def _words(anchor: HtmlElement) -> int:
    return count_words(anchor.text_content())


def _days(text: str, latest: date, languages: tuple[str, ...]) -> set[date]:
    """The days ``text``'s lines state, the first of each."""
    return {
        stated.day
        for line in text.splitlines()
        if (stated := find_stated_date(line, latest, languages)) is not None
    }


def _targets(page: Page) -> list[tuple[HtmlElement, str]]:
    """The listing's links (the first `MAX_LINKS`), each with the canonical URL of its page,
    but those of pages no one teaser links (`_shared`)."""
    rules = page.family.url_rules
    base = page.base
    targets: list[tuple[HtmlElement, str]] = []
    for anchor in page.tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
            continue
        targets.append((anchor, canonical_url(urljoin(base, href), rules)))
        if len(targets) >= MAX_LINKS:
            break
    shared = _shared(targets)
    return [(anchor, url) for anchor, url in targets if url not in shared]


def _shared(targets: list[tuple[HtmlElement, str]]) -> set[str]:
    """The pages linked again after other pages' links: a category every teaser names, a
    menu's page linked in the header and the footer, a story in two lists. A teaser links its
    story by its title, its picture, its "more" one after another (a share button or its
    author's page beside them do not part them)."""
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    for index, (_, url) in enumerate(targets):
        first.setdefault(url, index)
        last[url] = index
    return {
        url
        for url, start in first.items()
        if last[url] > start and any(other != url for _, other in targets[start + 1 : last[url]])
    }


def _blocks(targets: list[tuple[HtmlElement, str]]) -> dict[HtmlElement, str]:
    """Each ancestor of the links: the one page it links, or `_SEVERAL`. Each element turns
    `_SEVERAL` once, and then so has every element above it: a link's climb stops there."""
    links: dict[HtmlElement, str] = {}
    for anchor, url in targets:
        node = anchor.getparent()
        while node is not None:
            linked = links.get(node)
            if linked is None:
                links[node] = url
            elif linked in (url, _SEVERAL):
                break
            else:
                links[node] = _SEVERAL
            node = node.getparent()
    return links

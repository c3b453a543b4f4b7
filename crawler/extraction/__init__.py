"""Extraction: one fetched page in, its stories (or a typed reason for none) out.

`extract` is pure (no clock, no module state it changes, no I/O) and picklable by name, so it
runs the same in the crawler, in ``newsroom extract`` and in a worker process. The stages, one
module each: `decode` (bytes to a parsed page), `classify` (story or not, and why), `fields`
(title, dates, byline, language), `body` (the text, read by trafilatura), `frame` (the lines
around a story read whole: its own heading and the date stated beside it), `links` (canonical
and translations), `assemble` (the stories put together); `dates` reads the dates a page
states, `elements`, `page` and `tables` (layout tables as blocks) are what the stages share.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from crawler.core.families import FAMILIES
from crawler.core.items import Article, Extraction, Reason, Rejected, Source
from crawler.core.newsrooms import Newsroom
from crawler.extraction.assemble import from_blocks, from_page
from crawler.extraction.classify import (
    MAX_LINKS,
    MIN_WORDS,
    not_a_story,
    off_pattern,
    too_many_links,
    undated,
)
from crawler.extraction.decode import parse_page
from crawler.extraction.page import Page
from crawler.extraction.repeats import read_repeats
from crawler.extraction.teasers import teaser_dates

__all__ = ["MAX_LINKS", "MIN_WORDS", "dated_by_teaser", "extract"]


def extract(
    html: bytes,
    url: str,
    newsroom: Newsroom,
    fetched_at: datetime,
    content_type: str | None = None,
    listing: bool = False,
    teaser_date: date | None = None,
) -> Extraction:
    """Read the stories on one fetched page.

    Returns the stories (one for a story page, several for a front page that shows them in
    full) or `Rejected` with the reason there is none. ``fetched_at`` bounds the dates a page
    may state; nothing else here depends on when or where it runs. A page known to be a
    ``listing`` (a newsroom's start page) is never a story itself, only the stories it shows.
    A page off its family's story URLs is read all the same, by the family's selectors where
    they match and the generic reading where they do not, and must show a story's date or a
    URL that names it (`crawler.extraction.classify.undated`).

    A page read as a listing names the days its teasers state beside the pages they link
    (`Rejected.teaser_dates`); a story page that states no day of its own takes the one its
    listing's teaser stated, ``teaser_date``.
    """
    family = FAMILIES[newsroom.family]
    if (too_many := too_many_links(html)) is not None:
        return too_many
    tree = parse_page(html, content_type)
    if isinstance(tree, Rejected):
        return tree
    page = Page(tree, url, newsroom, family, fetched_at.date())
    read = _read(page, listing)
    if isinstance(read, Rejected):
        if read.reason is Reason.LISTING:
            return replace(read, teaser_dates=teaser_dates(page))
        return read
    return dated_by_teaser(read, page.page_url, teaser_date, page.latest)


def _read(page: Page, listing: bool) -> Extraction:
    # A family's own reading of a page of whole stories, else the generic one, which also
    # tells a listing by its teasers.
    blocks = page.family.split(page.tree, page.url) if page.family.split is not None else []
    if blocks:
        return from_blocks(page, blocks)
    if (repeats := read_repeats(page)) is not None:
        if repeats.whole:
            return from_blocks(page, repeats.blocks)
        return Rejected(
            Reason.LISTING,
            f"{len(repeats.blocks)} teasers, each under a heading with a link of its own",
        )
    if (rejected := not_a_story(page, listing)) is not None:
        return rejected
    article = from_page(page)
    if isinstance(article, Rejected):
        return article
    if off_pattern(page) and (rejected := undated(page, article)) is not None:
        return rejected
    return (article,)


def dated_by_teaser(
    stories: tuple[Article, ...], page_url: str, day: date | None, latest: date
) -> tuple[Article, ...]:
    """``stories`` read from the page at ``page_url`` (canonical), its own story dated ``day``
    by its listing's teaser (``Source.TEASER``) where it states no day; not a day after
    ``latest`` (the fetch's)."""
    if day is None or day > latest:
        return stories
    return tuple(
        replace(
            article, published=day, provenance={**article.provenance, "published": Source.TEASER}
        )
        if article.url == page_url and article.published is None
        else article
        for article in stories
    )

"""What flows through the crawler: fetched pages, extracted articles, and typed outcomes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from crawler.core.keys import TextKeys
    from crawler.core.packing import PackedPage

__all__ = [
    "ERROR_REASONS",
    "FIELDS",
    "Article",
    "Extraction",
    "GoneItem",
    "MovedItem",
    "Outcome",
    "PageItem",
    "Reason",
    "Rejected",
    "Source",
]


class Reason(StrEnum):
    """Why a fetched page yields no story."""

    EMPTY = "empty"  # no bytes, or only whitespace
    NOT_HTML = "not-html"  # binary, a feed, a sitemap
    LISTING = "listing"  # home, listing, archive or year page
    NOT_A_STORY = "not-a-story"  # a page of the site outside its story pages (about, contact)
    NO_TITLE = "no-title"  # no title other than the site's own name
    TOO_SHORT = "too-short"  # boilerplate or a few words, not a story
    GONE = "gone"  # a story page whose site says, with status 200, that the story is gone
    TOO_MANY_LINKS = "too-many-links"  # an index or link farm: not read, however long its text
    EXTRACTOR_FAILED = "extractor-failed"  # a page of prose the extractor failed on: an error


#: Reasons that are faults of the crawler, counted as errors rather than pages without a story.
ERROR_REASONS = frozenset({Reason.EXTRACTOR_FAILED})


@dataclass(frozen=True)
class Rejected:
    """A page that holds no story, and why; a listing's, with the days its teasers state
    beside the pages they link (`crawler.extraction.teasers`)."""

    reason: Reason
    detail: str = ""
    #: (canonical URL, day) of each page a teaser of this listing links and dates.
    teaser_dates: tuple[tuple[str, date], ...] = ()


class Source(StrEnum):
    """Where one field of a story came from (`Article.provenance`): a family's selectors that
    stop matching leave the generic reading to carry its stories, which health notices."""

    SELECTOR = "selector"  # the CMS family's own selector or rule
    STRUCTURED = "structured"  # the page's metadata: og: tags, JSON-LD, itemprop
    DATELINE = "dateline"  # a date the story's own text states ("Brussels, 5 May 2024 - ")
    LEAD = "lead"  # the day its first sentence opens with ("On Tuesday, 1 December 2026, ...")
    GENERIC = "generic"  # the generic reading: trafilatura, htmldate, headings and <title>
    LISTING = "listing"  # a block of a page that shows several stories in full
    TEASER = "teaser"  # the day a listing states beside its link to a page that states none


#: The fields whose source a story records; one without a value has no entry.
FIELDS: Final = ("title", "published", "body", "byline")


@dataclass(frozen=True)
class Article:
    """One story as extracted from one page."""

    url: str  # canonical URL of the story itself
    page_url: str  # the page it was read from (a front page can hold several stories)
    title: str
    text: str  # paragraphs separated by blank lines
    language: str | None
    published: date | None = None  # as the page states it; None when it does not
    updated: datetime | None = None  # the page's own "last updated" time, UTC
    byline: str | None = None
    from_listing: bool = False  # read from a page of several stories, not the story's own page
    canonical: str | None = None  # the page's rel=canonical, when it can be trusted
    translations: tuple[tuple[str, str], ...] = ()  # (URL, language) of hreflang alternates
    #: Where each of `FIELDS` came from; a field without a value has no entry.
    provenance: Mapping[str, Source] = field(default_factory=dict, hash=False)


Extraction = tuple[Article, ...] | Rejected


class Outcome(StrEnum):
    """What storing one article did; counted per newsroom in the crawl stats."""

    NEW = "new"
    UNCHANGED = "unchanged"  # the same story at a URL we know, same text
    DUPLICATE_URL = "duplicate-url"  # the same story at another spelling of a known URL
    DUPLICATE_CONTENT = "duplicate-content"  # the same text at another URL (script twin, alias)
    NEAR_DUPLICATE = "near-duplicate"  # nearly the same text: a re-post with other captions
    UPDATED = "updated"  # a known story whose own page changed materially: a new version
    COSMETIC = "cosmetic"  # a known story whose page changed, but not its story (a counter)
    GONE = "gone"  # a known story's page answered 404 or 410


@dataclass
class PageItem:
    """A fetched page, as the spider hands it to the pipelines."""

    newsroom: str
    url: str
    status: int
    body: bytes = field(repr=False)  # Scrapy logs items: never the whole page
    fetched_at: datetime
    content_type: str | None = None
    redirected_from: tuple[str, ...] = ()  # URLs that redirected here, first request first
    listing: bool = False  # a start page of the newsroom: never a story itself
    links: tuple[str, ...] = field(default=(), repr=False)  # canonical, in the newsroom's scope
    extraction: Extraction | None = field(default=None, repr=False)
    #: The dedup keys of each story of `extraction`, in its order, when a worker made them.
    keys: tuple[TextKeys, ...] = field(default=(), repr=False)
    #: Why the page could not be read, when extraction raised there (and its traceback).
    error: str | None = None
    trace: str | None = field(default=None, repr=False)
    #: The body as stored (`crawler.core.packing`), when a worker packed it.
    packed: PackedPage | None = field(default=None, repr=False)


@dataclass
class GoneItem:
    """A page that answered 404 or 410: if it was a story's, the story is gone."""

    newsroom: str
    url: str
    status: int
    fetched_at: datetime


@dataclass
class MovedItem:
    """A known story's page answered with a redirect: the story lives at ``to`` now."""

    newsroom: str
    url: str  # the story's old address (canonical)
    to: str  # where it redirected (canonical)
    status: int
    fetched_at: datetime

"""CMS families: what differs between newsroom software, as data plus at most one small hook.

A family names its URL rules (which spellings are one page), which pages are stories and
which are listings, the links worth following, and the selectors that bound a story's title,
dates and body. Adding a newsroom on a known CMS is a config entry; a new CMS is a new module
here and a spider in ``spiders/``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit, urlunsplit

from crawler.core.keys import DEFAULT_RULES, UrlRules

if TYPE_CHECKING:
    from datetime import date

    from lxml.html import HtmlElement

__all__ = ["FAMILIES", "PAGE_EXTENSION", "Block", "Family"]

#: The extension of a page's file a server renders ("index.php", "Default.aspx", "home.html"),
#: not of a document or a picture ("home.pdf").
PAGE_EXTENSION = r"\.(?:aspx?|php\d?|s?html?|jsp|cfm)"


@dataclass(frozen=True)
class Block:
    """One story on a page that shows several, in full."""

    element: HtmlElement  # the story's body (title excluded)
    url: str  # the story's own page (absolute)
    title: str
    text: str | None = None  # the body's text, when read already (else the element's)
    published: date | None = None  # a date stated beside the story (not in its text)


Splitter = Callable[["HtmlElement", str], list[Block]]


@dataclass(frozen=True)
class Family:
    """The rules of one CMS family. Selectors are CSS; patterns are regexes on canonical URLs."""

    name: str
    url_rules: UrlRules = DEFAULT_RULES
    story_urls: tuple[str, ...] = ()  # single-story pages
    listing_urls: tuple[str, ...] = ()  # never a single story (home, archive, year pages)
    follow: tuple[str, ...] = ()  # links worth following; empty: the generic heuristics
    deny: tuple[str, ...] = ()  # links never followed
    #: Older pages of a listing (page 2, an archive, a past year): a re-crawl walks them only
    #: while the listing page that links them shows a story not seen before.
    pagination: tuple[str, ...] = ()
    title: tuple[str, ...] = ()
    published: tuple[str, ...] = ()
    updated: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()  # inside the body but not the story: captions, share boxes
    byline: str | None = None  # a credit line that ends the story ("Story by ...")
    dateline: bool = False  # the body opens with "Place, 15 November 2017 - "
    title_affixes: tuple[str, ...] = ()  # what the site adds around titles in <title>
    #: Where a URL names its language (a regex with a ``lang`` group): links in languages the
    #: newsroom does not publish are not followed.
    language_path: str | None = None
    split: Splitter | None = None  # pages showing several stories in full
    #: What a story page says, with status 200, when its story was removed (CuteNews: "Can
    #: not find an article with id"): a stored story there is marked gone, as on a 404.
    gone_text: str | None = None
    notes: str = field(default="", compare=False)

    @cached_property
    def _story_res(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, re.IGNORECASE) for p in self.story_urls)

    @cached_property
    def _listing_res(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, re.IGNORECASE) for p in self.listing_urls)

    def is_story_url(self, url: str) -> bool:
        return any(p.search(url) for p in self._story_res)

    @cached_property
    def _pagination_res(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, re.IGNORECASE) for p in self.pagination)

    def is_pagination_url(self, url: str) -> bool:
        return any(p.search(url) for p in self._pagination_res)

    @cached_property
    def _deny_res(self) -> tuple[re.Pattern[str], ...]:
        return tuple(re.compile(p, re.IGNORECASE) for p in self.deny)

    def denies(self, url: str) -> bool:
        """Whether the family never follows ``url`` (its ``deny``)."""
        return any(p.search(url) for p in self._deny_res)

    def is_listing_url(self, url: str) -> bool:
        """Whether the family names ``url`` a listing's, as written or with its path's letters
        percent-decoded (a canonical URL writes "/cir/архива/" as "/cir/%D0%B0..."); an
        encoded "/" stays one segment's, and the query is read as written
        ("?Source=%2Fnews%2Fsearch%2F" names no search page)."""
        if "%" not in url:  # nothing to decode (most links): one search each
            return any(p.search(url) for p in self._listing_res)
        decoded = _decoded_path(url)
        return any(p.search(url) or p.search(decoded) for p in self._listing_res)

    def url_language(self, url: str) -> str | None:
        """The language a URL names by its path, if the family puts it there."""
        if self.language_path is None:
            return None
        match = re.search(self.language_path, url)
        return match.group("lang") if match else None


def _decoded_path(url: str) -> str:
    """``url`` with its path's segments percent-decoded, each a segment still (a "/" decoded
    in one is written "%2F" again), its query and fragment as written."""
    parts = urlsplit(url)
    path = "/".join(unquote(segment).replace("/", "%2F") for segment in parts.path.split("/"))
    return urlunsplit(parts._replace(path=path))


def _registry() -> dict[str, Family]:
    from crawler.core.families import cutenews, generic, nato_hq, nato_mlo

    families = (cutenews.FAMILY, nato_mlo.FAMILY, nato_hq.FAMILY, generic.FAMILY)
    return {family.name: family for family in families}


FAMILIES: dict[str, Family] = _registry()

"""One parsed page and what the stages need to know about where it came from: its URL as
fetched and as canonical, the newsroom and its CMS family, the latest date it may state."""

from __future__ import annotations

from datetime import date
from urllib.parse import urldefrag

from lxml.html import HtmlElement

from crawler.core.families import Family
from crawler.core.keys import canonical_url
from crawler.core.newsrooms import Newsroom
from crawler.extraction.elements import base_url, marked_site_names, metas, shown_site_name

__all__ = ["Page"]


class Page:
    """One parsed page and what extraction needs to know about where it came from."""

    def __init__(
        self,
        tree: HtmlElement,
        url: str,
        newsroom: Newsroom,
        family: Family,
        latest: date,
    ) -> None:
        self.tree = tree
        self.url = url
        self.page_url = canonical_url(url, family.url_rules)  # computed once per page
        self.newsroom = newsroom
        self.family = family
        self.latest = latest
        self._metas: dict[str, str] | None = None
        #: What a stage read of the whole page once, for the others (`frame.published_metadata`).
        self.memo: dict[str, object] = {}
        self._site_names: set[str] | None = None
        self._base: str | None = None

    @property
    def site_names(self) -> set[str]:
        """The site's names, casefolded: the newsroom's, its og:site_name, and the name its
        <title> and header show (`elements.shown_site_name`), and what the elements it marks
        as the site's name say (`elements.marked_site_names`), found once."""
        if self._site_names is None:
            names = (
                self.newsroom.name,
                self.meta("og:site_name"),
                shown_site_name(self.tree, self.url),
                *marked_site_names(self.tree),
            )
            self._site_names = {name.casefold() for name in names if name}
        return self._site_names

    @property
    def base(self) -> str:
        """What the page's relative links are relative to (`elements.base_url`), found once."""
        if self._base is None:
            self._base = base_url(self.url, self.tree)
        return self._base

    @property
    def own_urls(self) -> set[str]:
        """The page's own URLs: as fetched (without its fragment) and as canonical."""
        return {urldefrag(self.url).url, self.page_url}

    def meta(self, name: str) -> str:
        """`crawler.extraction.elements.meta` of the page: its meta tags are read once, for
        all the names the stages ask for."""
        if self._metas is None:
            self._metas = metas(self.tree)
        return self._metas.get(name, "")

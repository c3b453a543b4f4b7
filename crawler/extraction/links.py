"""The links a story page states about itself: the rel=canonical it can be trusted with, and
the translations it names with hreflang."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from crawler.core.keys import canonical_url
from crawler.core.newsrooms import origin_of
from crawler.extraction.page import Page

__all__ = ["alternates", "canonical_link"]


def canonical_link(page: Page) -> str | None:
    """The page's rel=canonical when it can be trusted to name this story's page.

    Templates often point every page at the home page, or at a listing; a canonical on
    another host, at the site root, on a listing, or off the family's story URLs is ignored.
    """
    page_url = page.page_url
    relative_to = page.base
    for href in page.tree.xpath("//link[contains(concat(' ', @rel, ' '), ' canonical ')]/@href"):
        url = canonical_url(urljoin(relative_to, str(href).strip()), page.family.url_rules)
        parts = urlsplit(url)
        if url == page_url or parts.scheme not in ("http", "https"):
            return None
        if origin_of(url) != origin_of(page_url) and not page.newsroom.in_scope(url):
            return None
        story_url = page.family.is_story_url(url)
        if parts.path in ("", "/") and not story_url:
            return None
        if not story_url and (page.family.is_listing_url(url) or page.family.story_urls):
            return None
        return url
    return None


def alternates(page: Page) -> tuple[tuple[str, str], ...]:
    """(URL, language) of the translations the page names with hreflang: in its head, or by
    a link in its text that says it is one (SPIP's ``<a hreflang="sr" rel="alternate">``)."""
    page_url = page.page_url
    found: dict[str, str] = {}
    relative_to = page.base
    links = page.tree.xpath(
        "//link[@hreflang][@href] | //a[@hreflang][@href][contains(concat(' ', @rel, ' '),"
        " ' alternate ')]"
    )
    for link in links:
        language = str(link.get("hreflang", "")).strip()
        if not language or language.lower() == "x-default":
            continue
        url = canonical_url(urljoin(relative_to, str(link.get("href"))), page.family.url_rules)
        if url != page_url and urlsplit(url).scheme in ("http", "https"):
            found.setdefault(url, language)
    return tuple(found.items())

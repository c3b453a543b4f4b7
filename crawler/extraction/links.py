"""The links a story page states about itself: the rel=canonical it can be trusted with, and
the translations it names with hreflang."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

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


#: Words of a language switcher's link: "DE", "English", "Srpski (latinica)".
_SWITCHER_WORDS = 3


def _switcher(tree: HtmlElement, url: str) -> list[HtmlElement]:
    """The links of the page's language switcher that lead to the page's other languages:
    short links that say their language (``lang``, ``hreflang``), two languages or more side
    by side in one list (AEM's "DE FR EN SR"), to a page named as the page at ``url`` is (its
    last path segment, or a number of three digits or more in it: a switcher on a page with
    no translation leads to each language's home). Drupal's ``hreflang`` on every link of one
    language makes no switcher."""
    named = _names(url)
    groups: dict[HtmlElement, list[HtmlElement]] = {}
    for anchor in tree.xpath("//a[@href][@lang or @hreflang]"):
        if not named & _names(urljoin(url, str(anchor.get("href")))):
            continue
        if len(anchor.text_content().split()) > _SWITCHER_WORDS:
            continue
        parent = anchor.getparent()
        if parent is not None and parent.tag == "li":
            parent = parent.getparent()
        if parent is not None:
            groups.setdefault(parent, []).append(anchor)
    found = []
    for anchors in groups.values():
        if len({_language(a) for a in anchors}) >= 2:
            found.extend(anchors)
    return found


def _names(url: str) -> set[str]:
    """What names the page at ``url``: its last path segment and the numbers in it."""
    last = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    return {last, *re.findall(r"\d{3,}", last)} - {""}


def _language(anchor: HtmlElement) -> str:
    return str(anchor.get("hreflang") or anchor.get("lang") or "").strip()


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
    for link in [*links, *_switcher(page.tree, page.url)]:
        language = _language(link)
        if not language or language.lower() == "x-default":
            continue
        url = canonical_url(urljoin(relative_to, str(link.get("href"))), page.family.url_rules)
        if url != page_url and urlsplit(url).scheme in ("http", "https"):
            found.setdefault(url, language)
    return tuple(found.items())

"""Several whole stories on one page, told by its repeated structure, not a family's selectors.

CuteNews front and archive pages, Blogger's and many blogs' home pages show each story in full,
one block after another: sibling elements of one make (tag and class), each with a heading, a
link to the story's own page and the story's text. Such a page is no story itself; each block
is one, under its own permalink (`whole_stories`). The blocks must hold whole stories: teasers
cut short ("...") or too short to be a story leave the page to the listing rules, and the
boxes of a story page (related stories, comments) hold far less of its text than its story.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml.html import HtmlElement

from crawler.core.families import Block
from crawler.core.sitelinks import shape
from crawler.extraction.classify import MIN_WORDS
from crawler.extraction.dates import find_date
from crawler.extraction.elements import squash, visible_text
from crawler.extraction.page import Page

__all__ = ["MIN_BLOCKS", "PAGE_SHARE", "whole_stories"]

#: Blocks of one make that make a page of whole stories.
MIN_BLOCKS = 2
#: Share of the page's words its blocks must hold: a story page's boxes (related stories,
#: comments) hold far less than its story; a front page's stories most of it.
PAGE_SHARE = 0.5
#: A heading of a block: a heading element, or bold text of a few words.
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_BOLD = frozenset({"b", "strong"})
#: The elements a story's block can be, and hold: containers, not text or inline markup.
_CONTAINERS = ("div", "article", "section", "table", "tbody", "tr", "td", "li", "dd", "center")
_PARENTS = (*_CONTAINERS, "body", "main", "ul", "ol", "dl", "font", "form")
_TITLE_WORDS = range(2, 31)
#: A line before the story's text that only says when, where or by whom: short, with a date.
_META_WORDS = 15
#: What is left of a line of links ("Full story » | Comments (0)") once their texts are gone.
_LINK_LINE_REST = re.compile(r"^[\W\d_]*$")
_CUT = ("...", "…", "[…]", "[...]")


@dataclass(frozen=True)
class _Candidate:
    """One member of a group of siblings, read as a story block."""

    element: HtmlElement
    title: str
    title_link: str | None
    links: list[str]  # same-site links to other pages, absolute, in document order
    text: str
    meta: str  # the lines before the text: its date, place, author


def whole_stories(page: Page) -> list[Block]:
    """The stories a page shows in full, one `Block` each, by the largest group of sibling
    elements of one make that each hold a heading, a link of their own to a page of a shape
    all of them link, and whole-story text; [] when the page has no such group."""
    body = page.tree.find("body")
    root = body if body is not None else page.tree
    page_words = len(root.text_content().split())
    if page_words < MIN_BLOCKS * MIN_WORDS:
        return []
    best: list[Block] = []
    best_words = 0
    for members in _groups(root):
        blocks, words = _read(members, page)
        if blocks and words > best_words and words >= PAGE_SHARE * page_words:
            best, best_words = blocks, words
    return best


def _groups(root: HtmlElement) -> Iterator[list[HtmlElement]]:
    """Sibling elements of one tag and class, two or more, each with a link and enough text
    to hold a story."""
    for parent in root.iter(*_PARENTS):
        if len(parent) < MIN_BLOCKS:
            continue
        groups: dict[tuple[str, str], list[HtmlElement]] = {}
        for child in parent.iterchildren(*_CONTAINERS):
            groups.setdefault((child.tag, child.get("class") or ""), []).append(child)
        for members in groups.values():
            if len(members) >= MIN_BLOCKS and all(_may_hold_story(m) for m in members):
                yield members


def _may_hold_story(element: HtmlElement) -> bool:
    return next(element.iter("a"), None) is not None and (
        len(element.text_content()) >= 4 * MIN_WORDS
    )


def _read(members: list[HtmlElement], page: Page) -> tuple[list[Block], int]:
    """The blocks of ``members`` and the words of their texts, or ([], 0) when they are not
    whole stories, each with its own permalink."""
    candidates = []
    for member in members:
        candidate = _candidate(member, page)
        if candidate is None:
            return [], 0
        candidates.append(candidate)
    # The permalinks: of a shape that every block links, each block's own.
    common = set.intersection(*({shape(link) for link in c.links} for c in candidates))
    counts: dict[str, int] = {}
    for candidate in candidates:
        for link in set(candidate.links):
            counts[link] = counts.get(link, 0) + 1
    permalinks = []
    for candidate in candidates:
        own = [
            link
            for link in ([candidate.title_link] if candidate.title_link else []) + candidate.links
            if counts.get(link) == 1 and shape(link) in common
        ]
        if not own:
            return [], 0
        permalinks.append(own[0])
    words = [len(c.text.split()) for c in candidates]
    if statistics.median(words) < MIN_WORDS:
        return [], 0
    cut = sum(1 for c in candidates if c.text.rstrip().endswith(_CUT))
    if 2 * cut >= len(candidates):  # teasers of their stories, not the stories
        return [], 0
    blocks = [
        Block(
            c.element,
            url,
            c.title,
            text=c.text,
            published=(stated.day if (stated := find_date(c.meta, page.latest)) else None),
        )
        for c, url in zip(candidates, permalinks, strict=True)
    ]
    return blocks, sum(words)


def _candidate(member: HtmlElement, page: Page) -> _Candidate | None:
    heading = _heading(member)
    if heading is None:
        return None
    title = squash(heading.text_content())
    host = urlsplit(page.url).netloc
    own = urldefrag(page.url).url
    links = []
    link_texts = set()
    title_link = None
    for anchor in member.iter("a"):
        text = squash(anchor.text_content())
        if text:
            link_texts.add(text)
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("#", "mailto:", "javascript:", "tel:")):
            continue
        url = urldefrag(urljoin(page.base, href)).url
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.netloc != host or url == own:
            continue
        links.append(url)
        if title_link is None and (_within(anchor, heading) or _within(heading, anchor)):
            title_link = url
    if not links:
        return None
    lines = visible_text(member).splitlines()
    lines = [line for line in lines if line.strip()]
    meta = []
    while lines and _is_meta(lines[0], title, link_texts, page):
        meta.append(lines.pop(0))
    while lines and _is_links(lines[-1], link_texts):
        lines.pop()
    return _Candidate(member, title, title_link, links, "\n\n".join(lines), " ".join(meta))


def _heading(member: HtmlElement) -> HtmlElement | None:
    """The block's heading: its first heading element or bold text of a few words."""
    for element in member.iter():
        tag = element.tag
        if tag in _HEADINGS or tag in _BOLD:
            if len(element.text_content().split()) in _TITLE_WORDS:
                return element
            if tag in _HEADINGS:
                return None
    return None


def _within(inner: HtmlElement, outer: HtmlElement) -> bool:
    return any(ancestor is outer for ancestor in inner.iterancestors()) or inner is outer


def _is_meta(line: str, title: str, link_texts: set[str], page: Page) -> bool:
    """A line above the story's text that is its heading, a line of links, or a short line
    stating a date (its date, category, author)."""
    line = squash(line)
    return (
        line == title
        or _is_links(line, link_texts)
        or (len(line.split()) <= _META_WORDS and find_date(line, page.latest) is not None)
    )


def _is_links(line: str, link_texts: set[str]) -> bool:
    """A line made of link texts only ("Full story » | Comments (0)")."""
    rest = squash(line)
    for text in sorted(link_texts, key=len, reverse=True):
        rest = rest.replace(text, " ")
    return rest != squash(line) and bool(_LINK_LINE_REST.match(rest.strip()))

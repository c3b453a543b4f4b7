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
from crawler.extraction.classify import MIN_WORDS, own_story_outweighs
from crawler.extraction.dates import find_date
from crawler.extraction.elements import HEADINGS, prose_words, squash, visible_text
from crawler.extraction.page import Page

__all__ = ["MIN_BLOCKS", "PAGE_SHARE", "Repeats", "read_repeats"]

#: Blocks of one make that make a page of whole stories.
MIN_BLOCKS = 2
#: Share of the page's words its blocks must hold: a story page's boxes (related stories,
#: comments) hold far less than its story; a front page's stories most of it.
PAGE_SHARE = 0.5
#: The least text a block holds: a heading, a date and a teaser of a dozen words.
_BLOCK_CHARACTERS = 100
#: A heading of a block: a heading element, or bold text of a few words.
_BOLD = frozenset({"b", "strong"})
#: The elements a story's block can be, and hold: containers, not text or inline markup.
_CONTAINERS = ("div", "article", "section", "table", "tbody", "tr", "td", "li", "dd", "center")
_PARENT_TAGS = frozenset({*_CONTAINERS, "body", "main", "ul", "ol", "dl", "font", "form"})
_TITLE_WORDS = range(2, 31)
#: A line before the story's text that only says when, where or by whom: short, with a date.
_META_WORDS = 15
#: What is left of a line of links ("Full story » | Comments (0)") once their texts are gone.
_LINK_LINE_REST = re.compile(r"^[\W\d_]*$")
_LINK_LINE_WORDS = 12
_CUT = ("...", "…", "[…]", "[...]")


@dataclass(frozen=True)
class _Candidate:
    """One member of a group of siblings, read as a story block."""

    element: HtmlElement
    title: str
    heading_path: tuple[str, ...]  # the tags from the block down to its heading
    title_link: str | None
    links: list[str]  # same-site links to other pages, absolute, in document order
    text: str
    meta: str  # the lines before the text: its date, place, author


@dataclass(frozen=True)
class Repeats:
    """The largest group of story blocks on a page: the stories it shows, ``whole``, or the
    teasers of a listing."""

    blocks: list[Block]
    whole: bool


def read_repeats(page: Page) -> Repeats | None:
    """The stories or teasers a page shows one after another, by the largest group of sibling
    elements of one make that each hold a heading (at one place in each), a link of their own to
    a page of one shape, and text, and that together hold most of the page's words; None when
    the page has no such group, or has more prose beside the group than in its largest block
    (a story page: its story beside a box of related stories)."""
    body = page.tree.find("body")
    root = body if body is not None else page.tree
    page_words: int | None = None  # read once a group is found: most pages have none
    best: Repeats | None = None
    best_words = 0
    page_prose: int | None = None
    for members in _groups(root):
        if page_words is None:
            page_words = len(root.text_content().split())
        words = sum(len(member.text_content().split()) for member in members)
        if words <= best_words or words < PAGE_SHARE * page_words:
            continue
        if (repeats := _read(members, page)) is None:
            continue
        prose = [prose_words(member) for member in members]
        if own_story_outweighs(root, members, max(prose)):
            continue  # a box of related stories beside the page's own story, however short
        if page_prose is None:
            page_prose = prose_words(root)
        beside = page_prose - sum(prose)
        if beside >= max(MIN_WORDS, *(len((b.text or "").split()) for b in repeats.blocks)):
            continue
        best, best_words = repeats, words
    return best


def _groups(root: HtmlElement) -> Iterator[list[HtmlElement]]:
    """Sibling elements of one tag and class, two or more with a heading and enough text to
    hold a story (a thin sibling, such as a "powered by" line, is no member), each of those
    with a link."""
    # The elements that hold a heading, found from the headings up: most of a page's
    # elements hold none and are passed over without reading their text.
    holders: dict[HtmlElement, None] = {}  # in the order met: the reading is deterministic
    for heading in root.iter(*HEADINGS, *_BOLD):
        for ancestor in heading.iterancestors():
            if ancestor in holders:
                break
            holders[ancestor] = None
    parents = [e for e in holders if e.tag in _PARENT_TAGS and len(e) >= MIN_BLOCKS]
    for parent in parents:
        groups: dict[tuple[str, str], list[HtmlElement]] = {}
        for child in parent.iterchildren(*_CONTAINERS):
            if child in holders and len(child.text_content()) >= _BLOCK_CHARACTERS:
                groups.setdefault((child.tag, child.get("class") or ""), []).append(child)
        for members in groups.values():
            if len(members) >= MIN_BLOCKS and all(
                next(m.iter("a"), None) is not None for m in members
            ):
                yield members


def _read(members: list[HtmlElement], page: Page) -> Repeats | None:
    """``members`` as story blocks, or None when they are not: each needs a heading at the
    same place in it as the others', a link of its own (its permalink) of one shape for all,
    and text that is not mostly links."""
    candidates = []
    for member in members:
        candidate = _candidate(member, page)
        if candidate is None:
            return None
        candidates.append(candidate)
    if len({c.heading_path for c in candidates}) > 1:
        return None
    counts: dict[str, int] = {}
    for candidate in candidates:
        for link in set(candidate.links):
            counts[link] = counts.get(link, 0) + 1
    # The permalinks: each block's heading's link when it is the block's own, else its own
    # link of a shape that every block has one of (a label or category link is no block's
    # own, nor, on a page of one label, of the same shape as each block's permalink).
    owns = [[link for link in c.links if counts[link] == 1] for c in candidates]
    common = set.intersection(*({shape(link) for link in own} for own in owns))
    permalinks = []
    for candidate, own in zip(candidates, owns, strict=True):
        if candidate.title_link is not None and counts[candidate.title_link] == 1:
            permalinks.append(candidate.title_link)
            continue
        mine = [link for link in own if shape(link) in common]
        if not mine:
            return None
        permalinks.append(mine[0])
    words = [len(c.text.split()) for c in candidates]
    cut = sum(1 for c in candidates if c.text.rstrip().endswith(_CUT))
    whole = statistics.median(words) >= MIN_WORDS and 2 * cut < len(candidates)
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
    return Repeats(blocks, whole)


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
    text = "\n\n".join(lines)
    if 2 * sum(len(t.split()) for t in link_texts) > len(member.text_content().split()):
        return None  # a menu or a column of boxes, not a story
    path = [str(heading.tag)]
    for ancestor in heading.iterancestors():
        if ancestor is member:
            break
        path.append(str(ancestor.tag))
    return _Candidate(member, title, tuple(path), title_link, links, text, " ".join(meta))


def _heading(member: HtmlElement) -> HtmlElement | None:
    """The block's heading: its first heading element or bold text of a few words that is no
    date (Blogger sets the day of its posts as a heading above them); None when the block has
    a second heading of the same make (it holds several stories: a day's posts)."""
    heading = None
    for element in member.iter(*HEADINGS, *_BOLD):
        text = element.text_content()
        if heading is not None:
            if element.tag == heading.tag and element.get("class") == heading.get("class"):
                return None
            continue
        if len(text.split()) in _TITLE_WORDS and not (
            len(text.split()) <= _META_WORDS and find_date(text) is not None
        ):
            heading = element
        elif element.tag in HEADINGS and find_date(text) is None:
            return None
    return heading


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
    """A line of links: their texts only ("Full story » | Comments (0)"), or a short line of
    half links or more ("Labels: news, visits")."""
    whole = squash(line)
    rest = whole
    for text in sorted(link_texts, key=len, reverse=True):
        rest = rest.replace(text, " ")
    if rest == whole:
        return False
    words, left = len(whole.split()), len(rest.split())
    return bool(_LINK_LINE_REST.match(rest.strip())) or (
        words <= _LINK_LINE_WORDS and 2 * left <= words
    )

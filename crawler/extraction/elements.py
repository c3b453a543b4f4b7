"""Small readings of a parsed page (lxml) that every stage shares: CSS selection, dropping
elements, meta tags and microdata, and an element's visible text as paragraphs."""

from __future__ import annotations

from urllib.parse import urljoin

import lxml.etree
from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement

__all__ = [
    "base_url",
    "drop",
    "first",
    "holds_story",
    "itemprop",
    "meta",
    "metas",
    "paragraphs",
    "remove",
    "select",
    "squash",
    "visible_text",
]

_BLOCK_TAGS = frozenset(
    {
        *("p", "div", "li", "ul", "ol", "dl", "dd", "dt", "pre", "blockquote", "center"),
        *("h1", "h2", "h3", "h4", "h5", "h6"),
        *("table", "tr", "td", "th", "form", "figure", "figcaption"),
        *("section", "article", "header", "footer"),
    }
)


def select(tree: HtmlElement, selector: str) -> list[HtmlElement]:
    return list(CSSSelector(selector, translator="html")(tree))


def first(tree: HtmlElement, selectors: tuple[str, ...]) -> HtmlElement | None:
    for selector in selectors:
        found = select(tree, selector)
        if found:
            return found[0]
    return None


def remove(tree: HtmlElement, selectors: tuple[str, ...]) -> None:
    for selector in selectors:
        for element in select(tree, selector):
            drop(element)


def drop(element: HtmlElement) -> None:
    """Remove ``element`` but keep the text that follows it."""
    if element.getparent() is not None:
        element.drop_tree()


def meta(tree: HtmlElement, name: str) -> str:
    for element in tree.xpath("//meta[@property=$n or @name=$n][@content]", n=name):
        content = squash(str(element.get("content", "")))
        if content:
            return content
    return ""


def metas(tree: HtmlElement) -> dict[str, str]:
    """`meta` of every name the page's meta tags have, read in one pass: the first tag that
    names it (by ``property`` or ``name``) with some content."""
    found: dict[str, str] = {}
    for element in tree.iter("meta"):
        content = element.get("content")
        if content is None or not (content := squash(str(content))):
            continue
        for name in (element.get("property"), element.get("name")):
            if name is not None:
                found.setdefault(name, content)
    return found


def itemprop(tree: HtmlElement, name: str) -> str:
    for element in tree.xpath("//*[@itemprop=$n]", n=name):
        value = element.get("content") or element.get("datetime") or element.text_content()
        if value and value.strip():
            return str(value).strip()
    return ""


def squash(text: str | None) -> str:
    """``text`` with each run of white space one space, none at its ends. (``str.split``
    splits where ``\\s`` matches, at a quarter of a regular expression's cost.)"""
    return " ".join(text.split()) if text else ""


def paragraphs(text: str) -> str:
    return "\n\n".join(p for p in (squash(line) for line in text.splitlines()) if p)


def visible_text(element: HtmlElement) -> str:
    """The visible text of ``element``, one paragraph per block element or line break."""
    chunks: list[str] = []

    def walk(node: HtmlElement) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        block = tag in _BLOCK_TAGS
        if block or tag == "br":
            chunks.append("\n")
        if node.text and tag != "br":
            chunks.append(node.text)
        for child in node:
            walk(child)
        if block:
            chunks.append("\n")
        if node.tail:
            chunks.append(node.tail)

    walk(element)
    return paragraphs("".join(chunks))


#: What marks the story itself in a page's markup: an <article>, schema.org's articleBody,
#: the hAtom microformat's entry (WordPress, Blogger and many themes write it).
_STORY_MARK = lxml.etree.XPath(
    "descendant-or-self::article | descendant-or-self::*[contains(@itemprop, 'articleBody')]"
    " | descendant-or-self::*[contains(concat(' ', normalize-space(@class), ' '), ' hentry ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' entry-content ')]"
)


def holds_story(element: HtmlElement) -> bool:
    """Whether ``element`` holds the story's own markup (`_STORY_MARK`): a box by its name (a
    "widget", as Blogger names the column of its posts) that does is no box beside the story."""
    return bool(_STORY_MARK(element))


def base_url(url: str, tree: HtmlElement) -> str:
    """What the page's relative links are relative to: its ``<base href>`` (Plone and TYPO3
    write one on every page), else its own ``url``."""
    for base in tree.iter("base"):
        href = str(base.get("href") or "").strip()
        if href:
            return urljoin(url, href)
    return url

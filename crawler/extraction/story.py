"""Page bytes in, stories (or a typed reason for none) out: the one extraction function.

`extract` is pure (no clock, no module state it changes, no I/O) and picklable by name, so
it runs the same in the crawler, in ``newsroom extract`` and in a worker process. Family
selectors bound the title, dates and body; trafilatura reads the body; htmldate and the
families' date patterns date it.
"""

from __future__ import annotations

import copy
import re
from dataclasses import replace
from datetime import UTC, date, datetime
from itertools import islice
from urllib.parse import urljoin, urlsplit

import charset_normalizer
import lxml.etree
import lxml.html
import trafilatura
from htmldate import find_date as htmldate_find_date
from lxml.cssselect import CSSSelector
from lxml.html import HtmlElement
from w3lib.encoding import (
    html_body_declared_encoding,
    html_to_unicode,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
)

from crawler.core.families import FAMILIES, Block, Family
from crawler.core.items import Article, Extraction, Reason, Rejected
from crawler.core.keys import canonical_url
from crawler.core.language import detect_language
from crawler.core.newsrooms import Newsroom, origin_of
from crawler.extraction.dates import find_date, parse_datetime

__all__ = ["MAX_LINKS", "MIN_WORDS", "extract"]

#: Fewer words than this is boilerplate, a caption or a teaser, not a story.
MIN_WORDS = 40
#: More links than this is an index, not a story (a story's related-links box can hold
#: thousands); counted on the bytes, before any parsing, since reading a page of 150,000 links
#: costs seconds and hundreds of megabytes.
MAX_LINKS = 10_000
_LINK_TAG = re.compile(rb"<a(?:rea)?[\s>]", re.IGNORECASE)

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_FEED_ROOT = re.compile(
    r"^\s*(?:<\?[^>]*\?>\s*|<!--.*?-->\s*)*<(?:rss|feed|rdf:RDF|urlset|sitemapindex)\b", re.S
)
_DATELINE_END = re.compile(r"\s[-–—]\s|\s[-–—]$|:\s")
_SPACES = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[\W_]+")
_PROMOTION = re.compile(
    r"^(?:click here|sign up|subscribe|follow us|our standards|read more|related:|see also"
    r"|advertisement|share this|copyright|©|all rights reserved)",
    re.IGNORECASE,
)
_BLOCK_TAGS = frozenset(
    {
        *("p", "div", "li", "ul", "ol", "dl", "dd", "dt", "pre", "blockquote", "center"),
        *("h1", "h2", "h3", "h4", "h5", "h6"),
        *("table", "tr", "td", "th", "form", "figure", "figcaption"),
        *("section", "article", "header", "footer"),
    }
)
_NOISE_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "input",
    "select",
    "textarea",
    "button",
    "svg",
    "object",
    "embed",
)


def extract(
    html: bytes,
    url: str,
    newsroom: Newsroom,
    fetched_at: datetime,
    content_type: str | None = None,
    listing: bool = False,
) -> Extraction:
    """Read the stories on one fetched page.

    Returns the stories (one for a story page, several for a front page that shows them in
    full) or `Rejected` with the reason there is none. ``fetched_at`` bounds the dates a page
    may state; nothing else here depends on when or where it runs. A page known to be a
    ``listing`` (a newsroom's start page) is never a story itself, only the stories it shows.
    """
    family = FAMILIES[newsroom.family]
    if next(islice(_LINK_TAG.finditer(html), MAX_LINKS, None), None) is not None:
        return Rejected(Reason.TOO_MANY_LINKS, f"more than {MAX_LINKS} links: an index")
    markup = _decode(html, content_type)
    if isinstance(markup, Rejected):
        return markup
    try:
        tree = lxml.html.document_fromstring(markup, parser=_parser())
    except (lxml.etree.ParserError, ValueError) as exc:
        return Rejected(Reason.EMPTY, f"unparseable: {exc}")
    _clean_tree(tree)
    for element in tree.iter(*_NOISE_TAGS):
        _drop(element)
    page = _Page(tree, markup, url, newsroom, family, fetched_at.date())

    if family.split is not None:
        blocks = family.split(tree, url)
        if blocks:
            return page.from_blocks(blocks)
    page_url = page.page_url
    story_url = family.is_story_url(page_url)  # a story's URL can look like a listing's
    if story_url and family.gone_text and re.search(family.gone_text, tree.text_content()):
        return Rejected(Reason.GONE, "the site says this story is not there")
    if listing or (not story_url and family.is_listing_url(page_url)):
        return Rejected(Reason.LISTING, "a listing page by its URL")
    if family.story_urls and not story_url:
        return Rejected(Reason.NOT_A_STORY, "not a story page of this site")
    article = page.from_page()
    return article if isinstance(article, Rejected) else (article,)


class _Page:
    """One parsed page and what extraction needs to know about where it came from."""

    def __init__(
        self,
        tree: HtmlElement,
        markup: str,
        url: str,
        newsroom: Newsroom,
        family: Family,
        latest: date,
    ) -> None:
        self.tree = tree
        self.markup = markup
        self.url = url
        self.page_url = canonical_url(url, family.url_rules)  # computed once per page
        self.newsroom = newsroom
        self.family = family
        self.latest = latest
        self.site_names = {n.casefold() for n in (newsroom.name, _meta(tree, "og:site_name")) if n}

    def from_blocks(self, blocks: list[Block]) -> Extraction:
        articles = []
        reasons = []
        for block in blocks:
            element = copy.deepcopy(block.element)
            _remove(element, self.family.drop)
            text = _text(element)
            article = self.article(
                url=canonical_url(block.url, self.family.url_rules),
                title=block.title,
                text=text,
                published=self.dateline_date(text),
                updated=None,
                from_listing=True,
            )
            if isinstance(article, Rejected):
                reasons.append(article)
            else:
                articles.append(article)
        if articles:
            return tuple(articles)
        return reasons[0] if reasons else Rejected(Reason.LISTING, "no story blocks")

    def from_page(self) -> Article | Rejected:
        family = self.family
        if not family.body and _looks_like_listing(self.tree):
            return Rejected(Reason.LISTING, "a page of teasers")
        title = self.first_text(family.title)
        published = self.first_date(family.published)
        updated = self.updated()
        container = _first(self.tree, family.body)
        if container is not None:
            body = copy.deepcopy(container)
            _remove(body, family.drop)
            text = _body_text(body, self.url)
        else:
            cleaned = copy.deepcopy(self.tree)
            _remove(cleaned, family.drop)
            try:
                document = trafilatura.bare_extraction(
                    cleaned,
                    url=self.url,
                    include_comments=False,
                    include_tables=True,
                    with_metadata=True,
                    deduplicate=False,
                    date_extraction_params=self.htmldate_params(),
                )
            except Exception as exc:  # a fault of the extractor, not a page without a story
                return Rejected(Reason.EXTRACTOR_FAILED, f"trafilatura raised {exc!r}")
            if not getattr(document, "text", None) and (prose := _prose_words(cleaned)):
                # trafilatura answers None when it gives up on a document (it logs "discarding
                # data"): on a page of prose that is a lost story, not an empty page.
                return Rejected(
                    Reason.EXTRACTOR_FAILED, f"trafilatura read nothing of {prose} words of prose"
                )
            title = self.best_title(title, getattr(document, "title", None))
            text = _trim(getattr(document, "text", None) or "", title, self.tree, self.latest)
            if published is None and getattr(document, "date", None):
                # trafilatura dated the whole page: ask again without the boxes beside the
                # story, whose dates are other stories' (a page without a date gets none).
                published = self.htmldate(_without_boxes(self.tree))
        if published is None and family.dateline:
            published = self.dateline_date(text)
        if published is None and container is not None:
            published = self.htmldate(self.story_only(container))
        article = self.article(
            url=self.page_url,
            title=self.best_title(title),
            text=text,
            published=published,
            updated=updated,
            from_listing=False,
        )
        if isinstance(article, Rejected):
            return article
        return replace(article, canonical=self.canonical_link(), translations=self.alternates())

    def article(
        self,
        *,
        url: str,
        title: str,
        text: str,
        published: date | None,
        updated: datetime | None,
        from_listing: bool,
    ) -> Article | Rejected:
        text, byline = self.split_byline(text)
        title = self.clean_title(title)
        if not title:
            return Rejected(Reason.NO_TITLE, "no title besides the site's name")
        # Words of prose: a page whose only text is layout-table cells (menus, addresses, a
        # "not found" notice in an old table layout) is no story, however many cells it has.
        words = sum(len(line.split()) for line in text.splitlines() if not _TABLE_ROW.match(line))
        if words < MIN_WORDS:
            return Rejected(Reason.TOO_SHORT, f"{words} words of prose")
        return Article(
            url=url,
            page_url=self.page_url,
            title=title,
            text=text,
            language=detect_language(f"{title}\n{text}", self.newsroom.languages),
            published=published,
            updated=updated,
            byline=byline,
            from_listing=from_listing,
        )

    # -- links --------------------------------------------------------------------------

    def canonical_link(self) -> str | None:
        """The page's rel=canonical when it can be trusted to name this story's page.

        Templates often point every page at the home page, or at a listing; a canonical on
        another host, at the site root, on a listing, or off the family's story URLs is ignored.
        """
        page = self.page_url
        for href in self.tree.xpath(
            "//link[contains(concat(' ', @rel, ' '), ' canonical ')]/@href"
        ):
            url = canonical_url(urljoin(self.url, str(href).strip()), self.family.url_rules)
            parts = urlsplit(url)
            if url == page or parts.scheme not in ("http", "https"):
                return None
            if origin_of(url) != origin_of(page) and not self.newsroom.in_scope(url):
                return None
            story_url = self.family.is_story_url(url)
            if parts.path in ("", "/") and not story_url:
                return None
            if not story_url and (self.family.is_listing_url(url) or self.family.story_urls):
                return None
            return url
        return None

    def alternates(self) -> tuple[tuple[str, str], ...]:
        """(URL, language) of the translations the page names with hreflang."""
        page = self.page_url
        found: dict[str, str] = {}
        for link in self.tree.xpath("//link[@hreflang][@href]"):
            language = str(link.get("hreflang", "")).strip()
            if not language or language.lower() == "x-default":
                continue
            url = canonical_url(urljoin(self.url, str(link.get("href"))), self.family.url_rules)
            if url != page and urlsplit(url).scheme in ("http", "https"):
                found.setdefault(url, language)
        return tuple(found.items())

    # -- titles -------------------------------------------------------------------------

    def first_text(self, selectors: tuple[str, ...]) -> str:
        for selector in selectors:
            for element in _select(self.tree, selector):
                text = _squash(element.text_content())
                if text:
                    return text
        return ""

    def best_title(self, *candidates: str | None) -> str:
        """The first candidate that is more than the site's name, then the page's own
        og:title, first heading and <title> (a template can put the site's name in any one)."""
        fallbacks = (
            _meta(self.tree, "og:title"),
            self.first_text(("h1",)),
            self.first_text(("h2",)),
            self.first_text(("title",)),
        )
        for candidate in (*candidates, *fallbacks):
            title = self.clean_title(candidate or "")
            if title:
                return title
        return ""

    def clean_title(self, title: str) -> str:
        title = _squash(title)
        for affix in self.family.title_affixes:
            title = _squash(re.sub(affix, "", title))
        # "Story title | Site name" and "Site name - Story title": keep the story's part.
        parts = _TITLE_SEPARATOR.split(title)
        story = [p for p in parts if p.casefold() not in self.site_names]
        if story and len(story) < len(parts):
            title = " - ".join(story)
        if title.casefold() in self.site_names:
            return ""
        return title.strip(" -|–—:")

    # -- dates --------------------------------------------------------------------------

    def first_date(self, selectors: tuple[str, ...]) -> date | None:
        for selector in selectors:
            for element in _select(self.tree, selector):
                stated = find_date(element.text_content(), self.latest)
                if stated is not None:
                    return stated.day
        return None

    def updated(self) -> datetime | None:
        for selector in self.family.updated:
            for element in _select(self.tree, selector):
                when = parse_datetime(element.text_content(), self.newsroom.timezone, self.latest)
                if when is not None:
                    return when
        modified = _meta(self.tree, "article:modified_time") or _itemprop(self.tree, "dateModified")
        if modified:
            try:
                when = datetime.fromisoformat(modified.replace("Z", "+00:00"))
            except ValueError:
                return None
            return when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)
        return None

    def dateline_date(self, text: str) -> date | None:
        """The date of a dateline opening the story: "Brussels, 15. November 2017 - ..."."""
        first = text.lstrip()[:160]
        end = _DATELINE_END.search(first)
        if end is None or end.start() > 90:
            return None
        # Only "Place, <date>": a sentence that mentions a date before a dash is no dateline.
        place = _DATELINE_PLACE.match(first[: end.start()])
        if place is None:
            return None
        stated = find_date(first[place.end() : end.start()], self.latest)
        return stated.day if stated else None

    def htmldate_params(self) -> dict[str, object]:
        return {
            "extensive_search": False,
            "original_date": True,
            "max_date": self.latest.isoformat(),
        }

    def story_only(self, container: HtmlElement) -> HtmlElement:
        """The page's head and the story's container, without what surrounds the story."""
        document = lxml.html.document_fromstring("<html><head></head><body></body></html>")
        head = self.tree.find("head")
        if head is not None:
            document.replace(document.find("head"), copy.deepcopy(head))
        document.find("body").append(copy.deepcopy(container))
        return document

    def htmldate(self, document: HtmlElement) -> date | None:
        """A date the page's metadata or the story itself states in ``document``; callers
        leave out the boxes beside the story (a related-news list dates other stories): no
        date is better than a guess."""
        found = htmldate_find_date(
            document,
            url=self.url,
            extensive_search=False,
            original_date=True,
            max_date=self.latest.isoformat(),
        )
        return date.fromisoformat(found) if found else None

    # -- bylines ------------------------------------------------------------------------

    def split_byline(self, text: str) -> tuple[str, str | None]:
        if not self.family.byline:
            return text, None
        paragraphs = text.split("\n\n")
        pattern = re.compile(self.family.byline, re.IGNORECASE)
        for index in range(len(paragraphs) - 1, max(len(paragraphs) - 4, -1), -1):
            if pattern.match(paragraphs[index].strip()):
                byline = paragraphs[index].strip()
                rest = paragraphs[:index] + paragraphs[index + 1 :]
                return "\n\n".join(rest), byline
        return text, None


# -- helpers ------------------------------------------------------------------------------


def _parser() -> lxml.html.HTMLParser:
    return lxml.html.HTMLParser(remove_comments=True, remove_pis=True)


#: Control characters (C0 but tab and newlines, DEL, C1): Word pastes and old CMSs leave them
#: in pages; they mean nothing in text and XML feeds cannot carry them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: What XML 1.0 cannot hold besides those: surrogates and U+FFFE, U+FFFF. trafilatura discards
#: a whole document that has one anywhere, so none may reach it.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?")


def _xml_reference(match: re.Match[str]) -> str:
    """A numeric character reference, or nothing if it names a character XML forbids.

    Done on the markup: the parser turns a reference to a surrogate, to NUL or past U+10FFFF
    into U+FFFD, which then reads as a letter of the word it was in.
    """
    hexadecimal, decimal = match.groups()
    number = int(hexadecimal, 16) if hexadecimal else int(decimal)
    if number > 0x10FFFF or (number < 0x7F and _NOT_XML.match(chr(number))):
        return ""
    if 0xD800 <= number <= 0xDFFF or number in (0xFFFE, 0xFFFF):
        return ""
    return match.group()


def _clean_tree(tree: HtmlElement) -> None:
    """Strip characters XML forbids from every text, tail and attribute of a parsed page."""
    for element in tree.iter():
        if element.text and _NOT_XML.search(element.text):
            element.text = _NOT_XML.sub("", element.text)
        if element.tail and _NOT_XML.search(element.tail):
            element.tail = _NOT_XML.sub("", element.tail)
        for name, value in element.attrib.items():
            if _NOT_XML.search(value):
                element.set(name, _NOT_XML.sub("", value))


#: A dateline's place: a few words without digits, then a comma ("Brussels,", "БРИСЕЛ,").
_DATELINE_PLACE = re.compile(r"\s*[^\W\d][^\d,.!?]{0,40},\s*(?=\S.{0,32}$)", re.DOTALL)
_TABLE_ROW = re.compile(r"^\s*\|")  # how trafilatura writes a table row
_TITLE_SEPARATOR = re.compile(r"\s+[|–—:»·-]\s+")


#: How files that servers send as ``text/html`` by mistake begin (PDF, images, archives,
#: office documents, media, executables).
_BINARY_SIGNATURES = (
    *(b"%PDF-", b"\x89PNG", b"GIF87a", b"GIF89a", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*"),
    *(b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!", b"BZh"),
    *(b"RIFF", b"OggS", b"ID3", b"fLaC", b"wOFF", b"wOF2", b"\x7fELF", b"\x00\x00\x01\x00"),
)
#: Bytes that text never holds (C0 controls but tab, newlines, form feed and escape).
_CONTROL_BYTES = frozenset({*range(0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20)})


def _binary(head: bytes) -> str | None:
    """What makes the first bytes of a page binary, not text, or None."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its BOM: text
        return None
    for signature in _BINARY_SIGNATURES:
        if head.startswith(signature) or head[4:12].startswith(b"ftyp"):
            return f"binary content ({(signature if head.startswith(signature) else b'ftyp')!r})"
    # Word pastes leave a few stray controls (a NUL too); a file of another kind has them
    # everywhere.
    controls = sum(1 for byte in head if byte in _CONTROL_BYTES)
    if controls > max(8, len(head) // 50):
        return f"binary content ({controls} control bytes in the first {len(head)})"
    return None


def _decode(html: bytes, content_type: str | None) -> str | Rejected:
    if not html or not html.strip():
        return Rejected(Reason.EMPTY, "no content")
    if why := _binary(html[:8192]):
        return Rejected(Reason.NOT_HTML, why)
    markup = _to_text(html, content_type)
    if _FEED_ROOT.match(markup[:4096]):
        return Rejected(Reason.NOT_HTML, "a feed or sitemap")
    if "<" not in markup[:4096]:
        return Rejected(Reason.NOT_HTML, "no markup")
    markup = _CHARACTER_REFERENCE.sub(_xml_reference, markup)
    return _CONTROL.sub("", _XML_DECLARATION.sub("", markup, count=1))


def _to_text(html: bytes, content_type: str | None) -> str:
    """The page as text: a byte-order mark first, then the charset the server or the page
    declares, if the bytes really are in it, else what the bytes look like.

    Old CMSs behind new servers send ``charset=utf-8`` over windows-1251 pages: a declaration
    the bytes contradict is ignored rather than turning every letter into U+FFFD.
    """
    bom, _ = read_bom(html)
    if bom:
        return html_to_unicode(content_type, html)[1]
    declared = [
        http_content_type_encoding(content_type) if content_type else None,
        html_body_declared_encoding(html[:4096]),
    ]
    for encoding in declared:
        if encoding:
            try:
                return html.decode(resolve_encoding(encoding) or encoding)
            except (UnicodeDecodeError, LookupError):
                continue
    if any(declared):  # declared, but wrongly: ask the bytes
        guess = charset_normalizer.from_bytes(html[:65536]).best()
        if guess is not None:
            try:
                return html.decode(guess.encoding)
            except (UnicodeDecodeError, LookupError):
                pass
    return html_to_unicode(None if any(declared) else content_type, html)[1]


def _select(tree: HtmlElement, selector: str) -> list[HtmlElement]:
    return list(CSSSelector(selector, translator="html")(tree))


def _first(tree: HtmlElement, selectors: tuple[str, ...]) -> HtmlElement | None:
    for selector in selectors:
        found = _select(tree, selector)
        if found:
            return found[0]
    return None


def _remove(tree: HtmlElement, selectors: tuple[str, ...]) -> None:
    for selector in selectors:
        for element in _select(tree, selector):
            _drop(element)


def _drop(element: HtmlElement) -> None:
    """Remove ``element`` but keep the text that follows it."""
    if element.getparent() is not None:
        element.drop_tree()


def _meta(tree: HtmlElement, name: str) -> str:
    for element in tree.xpath("//meta[@property=$n or @name=$n][@content]", n=name):
        content = _squash(str(element.get("content", "")))
        if content:
            return content
    return ""


def _itemprop(tree: HtmlElement, name: str) -> str:
    for element in tree.xpath("//*[@itemprop=$n]", n=name):
        value = element.get("content") or element.get("datetime") or element.text_content()
        if value and value.strip():
            return str(value).strip()
    return ""


def _squash(text: str | None) -> str:
    return _SPACES.sub(" ", text or "").strip()


def _paragraphs(text: str) -> str:
    return "\n\n".join(p for p in (_squash(line) for line in text.splitlines()) if p)


def _text(element: HtmlElement) -> str:
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
    return _paragraphs("".join(chunks))


def _body_text(body: HtmlElement, url: str) -> str:
    """The story text inside a container the family selectors bounded.

    trafilatura reads the container (it drops share links, stray widgets and comments); when
    it keeps much less than the container's own paragraphs, the container is trusted instead,
    because the family selectors already set the story's boundaries.
    """
    own = _text(body)
    # A bare <td> or <tr> outside its table is dropped by the HTML parser, and trafilatura
    # then loses the text before the first nested block: hand it a plain container.
    body.tag = "div"
    fragment = lxml.html.tostring(body, encoding="unicode")
    read = trafilatura.extract(
        f"<html><body><article>{fragment}</article></body></html>",
        url=url,
        include_comments=False,
        include_tables=True,
        favor_recall=True,
        deduplicate=False,
    )
    text = _paragraphs(read or "")
    if len(text.split()) < 0.8 * len(own.split()):
        return own
    return text


def _prose_words(tree: HtmlElement) -> int:
    """Words in the page's sentences (lines of ten words or more, not menus or captions),
    if there are enough of them for a story; else 0."""
    words = sum(n for n in (len(p.split()) for p in _text(tree).split("\n\n")) if n >= 10)
    return words if words >= MIN_WORDS else 0


def _trim(text: str, title: str, tree: HtmlElement, latest: date) -> str:
    """Paragraphs of a whole-page extraction, without what is never story text.

    Drops a first line repeating the title, short lines stating a date before the story starts
    ("Published 5 March 2024", "Last updated: ..."), lines that are a link's whole text
    (teasers of other stories), and promotion lines ending the text ("Sign up ...").
    """
    anchors = set()
    for anchor in tree.iter("a"):
        words = _words(anchor.text_content())
        if len(words.split()) >= 5:
            anchors.add(words)
    kept: list[str] = []
    for index, line in enumerate(_paragraphs(text).split("\n\n")):
        words = _words(line)
        if not words or (index == 0 and words == _words(title)) or words in anchors:
            continue
        if not kept and len(words.split()) <= 8 and find_date(line, latest) is not None:
            continue
        kept.append(line)
    while kept and _PROMOTION.match(kept[-1]):
        kept.pop()
    return "\n\n".join(kept)


def _words(text: str) -> str:
    return _NOT_WORD.sub(" ", text).strip().casefold()


#: What sits beside a story rather than in it: navigation, sidebars, related-news boxes.
_BOXES = lxml.etree.XPath(
    "//aside | //nav | //footer | //*[re:test(concat(@class, ' ', @id),"
    " 'related|sidebar|widget|teaser|more-news|latest', 'i')]",
    namespaces={"re": "http://exslt.org/regular-expressions"},
)


def _without_boxes(tree: HtmlElement) -> HtmlElement:
    """A copy of the page without the boxes beside its story."""
    copied = copy.deepcopy(tree)
    for element in _BOXES(copied):
        _drop(element)
    return copied


def _looks_like_listing(tree: HtmlElement) -> bool:
    """A page of teasers: several headings that are links, or several <article> elements."""
    if _meta(tree, "og:type").lower() == "article":
        return False
    linked_headings = tree.xpath("//*[self::h1 or self::h2 or self::h3 or self::h4][.//a[@href]]")
    teasers = [
        h
        for h in linked_headings
        if len(_squash("".join(a.text_content() for a in h.iter("a"))))
        >= 0.8 * len(_squash(h.text_content()))
    ]
    return len(teasers) >= 5 or len(tree.xpath("//article")) >= 4

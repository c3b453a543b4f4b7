"""The fields of one story, read from its page: title, publication and update dates (the
family's selectors, metadata, a dateline, htmldate), byline and language."""

from __future__ import annotations

import contextlib
import copy
import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from itertools import chain
from urllib.parse import urlsplit

import lxml.etree
import lxml.html
from htmldate import find_date as htmldate_find_date

# htmldate's first stages, asked of a page's <head> alone (`_metadata_date`): not its public
# interface, so pyproject.toml bounds its version.
from htmldate.core import examine_header
from htmldate.extractors import extract_url_date, json_search
from htmldate.utils import Extractor
from htmldate.validators import get_max_date, get_min_date
from lxml.html import HtmlElement

from crawler.core.language import detect_language
from crawler.extraction.dates import find_date, parse_datetime
from crawler.extraction.elements import (
    TITLE_SEPARATOR,
    holds_story,
    itemprop,
    machine_date,
    publication_element,
    select,
    squash,
    teaser_blocks,
)
from crawler.extraction.page import Page

__all__ = [
    "address_states",
    "best_title",
    "boxes_beside",
    "boxless_date",
    "clean_title",
    "dateline_date",
    "first_date",
    "first_text",
    "htmldate",
    "language",
    "publication_microdata",
    "split_byline",
    "story_only",
    "updated_at",
    "without_boxes",
]

#: A link to the story's translation after its title, as SPIP sets it: "Title [sr]".
_TRANSLATED = re.compile(r"(?:\s*\[[a-z]{2,3}(?:-[A-Za-z]{2,4})?\])+$")
_DATELINE_END = re.compile(r"\s[-–—]\s|\s[-–—]$|:\s")
#: A dateline's place: a few words without digits, then a comma ("Brussels,", "БРИСЕЛ,").
_DATELINE_PLACE = re.compile(r"\s*[^\W\d][^\d,.!?]{0,40},\s*(?=\S.{0,32}$)", re.DOTALL)
#: What sits beside a story rather than in it: navigation, sidebars, related-news boxes, by
#: their tag or by a word in their class or id (neither word holds a space, so a word is in
#: "class id" when it is in one of them). The names are read as strings and tested here: an
#: XPath regex test on every element costs a call back into Python each.
_BOX_TAGS = lxml.etree.XPath("//aside | //nav | //footer")
_NAMES = lxml.etree.XPath("//@class | //@id")
_BOX_WORDS = r"related|sidebar|widget|teaser|more-news|latest"
_BOX_NAME = re.compile(_BOX_WORDS, re.IGNORECASE)
#: The same words in a lowercased ASCII name: a case-blind regex is several times slower, and
#: only outside ASCII does it match more than the lowercased name does (the Kelvin sign "K").
_BOX_NAME_LOWER = re.compile(_BOX_WORDS)


# -- titles -------------------------------------------------------------------------------


def first_text(page: Page, selectors: tuple[str, ...]) -> str:
    for selector in selectors:
        for element in select(page.tree, selector):
            text = squash(element.text_content())
            if text:
                return text
    return ""


def best_title(page: Page, *candidates: str | None) -> str:
    """The first candidate that is more than the site's name, then the page's own
    og:title, first heading and <title> (a template can put the site's name in any one)."""
    fallbacks: tuple[Callable[[], str], ...] = (  # each read only when those before fail
        lambda: page.meta("og:title"),
        lambda: next(  # the first that is not the site's name (a header's <h1>)
            filter(None, (clean_title(page, h1.text_content()) for h1 in page.tree.iter("h1"))),
            "",
        ),
        lambda: _shown_title(page),
        lambda: first_text(page, ("h2",)),
        lambda: first_text(page, ("title",)),
    )
    for candidate in chain(candidates, (fallback() for fallback in fallbacks)):
        title = clean_title(page, candidate or "")
        if title:
            return title
    return ""


#: Headings, and what a template names a title, that may show a <title>'s story part.
_HEADINGS = lxml.etree.XPath(
    "//body//*[self::h1 or self::h2 or self::h3 or self::h4 or contains(@class, 'title')]"
)


def _shown_title(page: Page) -> str:
    """The story's part of the page's <title> when the page shows it as a heading of its own
    (Liferay's ``<h3 class="header-title">`` under a header's <h1> of the site's name), before
    any <h2>, which may head a box ("Related Assets", "Follow us")."""
    title = clean_title(page, first_text(page, ("title",)))
    if not title:
        return ""
    wanted = title.casefold()
    shown = (squash(element.text_content()).casefold() for element in _HEADINGS(page.tree))
    return title if wanted in shown else ""


def clean_title(page: Page, title: str) -> str:
    title = _TRANSLATED.sub("", squash(title))
    for affix in page.family.title_affixes:
        title = squash(re.sub(affix, "", title))
    # "Story title | Site name" and "Site name - Story title": keep the story's part.
    parts = TITLE_SEPARATOR.split(title)
    story = [p for p in _without_separated_name(page, parts) if not _site_name(page, p, title)]
    if story and len(story) < len(parts):
        title = _headed_as(page, title, " - ".join(story))
    if title.casefold() in page.site_names:
        return ""
    return title.strip(" -|–—:")


def _without_separated_name(page: Page, parts: list[str]) -> list[str]:
    """``parts``, the parts of a title, without those at its end or start that together are
    a site's name holding a separator itself ("... - JAPCC | Joint Air Power Competence
    Centre", the centre's og:site_name), which no single part is."""
    folded = [part.casefold() for part in parts]
    for name in page.site_names:
        named = TITLE_SEPARATOR.split(name)
        size = len(named)
        if not 2 <= size < len(parts):
            continue
        if folded[-size:] == named:
            return parts[:-size]
        if folded[:size] == named:
            return parts[size:]
    return parts


def _headed_as(page: Page, title: str, story: str) -> str:
    """``story``, the parts of ``title`` that are not the site's name, or the page's <h1>
    that holds it with more of ``title`` around it: the heading says where the site's name
    is the story's own ("BCBP: Police must protect citizens" under the <title> "BCBP: Police
    must protect citizens - BCBP", the centre's statement); never one that ends in the site's
    name, as a template's suffix does."""
    for shown in _h1_texts(page):
        if (
            story in shown
            and shown != story
            and shown in title
            and TITLE_SEPARATOR.split(shown)[-1].casefold() not in page.site_names
        ):
            return shown
    return story


#: `Page.memo`'s key of the page's <h1> texts.
_H1_MEMO = "h1 texts"


def _h1_texts(page: Page) -> tuple[str, ...]:
    """The texts of the page's <h1> elements, read once per page (titles are cleaned many
    times: the <title>'s, the headings', the frame's lines)."""
    texts = page.memo.get(_H1_MEMO)
    if not isinstance(texts, tuple):
        texts = tuple(squash(heading.text_content()) for heading in page.tree.iter("h1"))
        page.memo[_H1_MEMO] = texts
    return texts


def _site_name(page: Page, part: str, title: str) -> bool:
    """Whether a part of ``title`` is the site's name: one of its names, or the start of one
    of two words or more ("Embassy of X" of a newsroom named "Embassy of X (Blogger)") unless
    the page shows the whole title as a text of its own ("Ministry of Foreign Affairs: Advice
    to citizens" as the heading of the ministry's statement)."""
    part = part.casefold()
    if part in page.site_names:
        return True
    if len(part.split()) < 2 or not any(name.startswith(part + " ") for name in page.site_names):
        return False
    whole = squash(title).casefold()
    body = page.tree.find("body")
    return body is None or not any(
        squash(element.text).casefold() == whole for element in body.iter() if element.text
    )


# -- dates --------------------------------------------------------------------------------


def first_date(page: Page, selectors: tuple[str, ...]) -> date | None:
    for selector in selectors:
        for element in select(page.tree, selector):
            stated = find_date(element.text_content(), page.latest)
            if stated is not None:
                return stated.day
    return None


def updated_at(page: Page) -> datetime | None:
    for selector in page.family.updated:
        for element in select(page.tree, selector):
            when = parse_datetime(element.text_content(), page.newsroom.timezone, page.latest)
            if when is not None:
                return when
    modified = page.meta("article:modified_time") or itemprop(page.tree, "dateModified")
    if modified:
        try:
            when = datetime.fromisoformat(modified.replace("Z", "+00:00"))
        except ValueError:
            return None
        return when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)
    return None


def dateline_date(page: Page, text: str, filed: bool = False) -> date | None:
    """The date of a dateline opening the story: "Brussels, 15. November 2017 - ...". Where
    it must say when the story was ``filed`` (whatever days its sentence names after it), not
    one whose dash a date follows: "From Monday, 30 November 2026 – Friday, 11 December 2026,
    the section is closed" is a period."""
    first = text.lstrip()[:160]
    end = _DATELINE_END.search(first)
    if end is None or end.start() > 90:
        return None
    # Only "Place, <date>": a sentence that mentions a date before a dash is no dateline.
    place = _DATELINE_PLACE.match(first[: end.start()])
    if place is None:
        return None
    stated = find_date(first[place.end() : end.start()], page.latest)
    if stated is None:
        return None
    after = " ".join(first[end.end() :].split()[:_DATED_AFTER_DASH])
    if filed and find_date(after) is not None:
        return None
    return stated.day


#: Words after a dateline's dash that a date may stand in, making its date a period's start.
_DATED_AFTER_DASH = 5


def story_only(page: Page, container: HtmlElement) -> HtmlElement:
    """The page's head and the story's container, without what surrounds the story."""
    document = lxml.html.document_fromstring("<html><head></head><body></body></html>")
    head = page.tree.find("head")
    if head is not None:
        document.replace(document.find("head"), copy.deepcopy(head))
    document.find("body").append(copy.deepcopy(container))
    return document


def boxes_beside(tree: HtmlElement, page: Page | None = None) -> list[HtmlElement]:
    """The boxes beside the story in ``tree`` (`_BOX_TAGS`, `_BOX_NAME`), a box inside another
    one too. The page itself is no box, whatever its classes say ("one-sidebar" on Drupal's
    body), nor is an element that holds the story's own markup. Given the ``page``, teasers
    too: each short <article> whose heading links another page, and short items side by side
    (`teaser_blocks`)."""
    box_name = box_namer(tree)
    named = [name.getparent() for name in _NAMES(tree) if box_name(name)]
    named = [e for e in named if e.tag not in ("html", "body") and not holds_story(e)]
    teasers = teaser_blocks(tree, page.own_urls, page.base) if page is not None else []
    return [*_BOX_TAGS(tree), *named, *teasers]


@contextlib.contextmanager
def without_boxes(tree: HtmlElement, page: Page | None = None) -> Iterator[HtmlElement]:
    """``tree`` without the boxes beside its story (`boxes_beside`, teasers too given the
    ``page``) while the block runs: each is taken out as `drop` takes it (the text after it
    stays), then all are put back where they were, however the block ends. Copying the page
    instead cost as much as reading it: htmldate copies what it is given again."""
    #: Each box taken out: where it was, the text before it, and whether its tail joined that.
    taken: list[tuple[HtmlElement, int, HtmlElement, HtmlElement | None, str | None, bool]] = []
    try:
        for box in boxes_beside(tree, page):
            parent = box.getparent()
            if parent is None:  # the same box twice (an <aside class="sidebar">)
                continue
            previous = box.getprevious()
            held = parent.text if previous is None else previous.tail
            joined = (held or "") + (box.tail or "")
            # The text after the box stays, as drop_tree() keeps it; but lxml refuses to set
            # a text holding a control character its HTML parser kept (a form feed), and it
            # clears the old text first: then the tail goes with the box for the read.
            merged = bool(box.tail) and _settable(joined)
            if merged:
                if previous is None:
                    parent.text = joined
                else:
                    previous.tail = joined
            taken.append((parent, parent.index(box), box, previous, held, merged))
            parent.remove(box)  # lxml keeps the box's tail with it
        yield tree
    finally:
        for parent, index, box, previous, held, merged in reversed(taken):
            if merged:
                if previous is None:
                    parent.text = held
                else:
                    previous.tail = held
            parent.insert(index, box)


def _settable(text: str) -> bool:
    """Whether lxml takes ``text`` as an element's text (not a control character but tab,
    line feed and return), asked of an element of no tree."""
    try:
        lxml.etree.Element("probe").text = text
    except ValueError:
        return False
    return True


def boxless_date(page: Page) -> date | None:
    """`htmldate` of the page `without_boxes`. htmldate answers a date in the page's address,
    then one its metadata states, before it reads the body: the boxes are only taken out
    when neither states one (`_address_or_metadata_date`)."""
    found = _address_or_metadata_date(page)
    if found is not None:
        return found
    with without_boxes(page.tree, page) as boxless:
        return htmldate(page, boxless)


def _address_or_metadata_date(page: Page) -> date | None:
    """The date the page's address states, else its <head>'s meta tags, then its JSON-LD, as
    htmldate's first stages read them; never one of its looser readings of what else the
    head holds (a date in the <title>, a timestamp in a stylesheet's address), which the
    body outranks. Asked of the page's own <head>, which they only search (no copy)."""
    options = Extractor(
        False, get_max_date(page.latest.isoformat()), get_min_date(None), True, "%Y-%m-%d"
    )
    found = extract_url_date(page.url, options)
    head = page.tree.find("head")
    if found is None and head is not None:
        found = examine_header(head, options) or json_search(head, options)
    if found is None and (day := _microdata_day(page)) is not None:
        return day
    if not found:
        return None
    # Whether the 1st of a month is stated is asked of the head alone: the whole page's text
    # is read only when the body is (a long page dated on the 1st cost a second).
    return _stated_day(found, head if head is not None else page.tree, page.url, page)


def publication_microdata(page: Page) -> HtmlElement | None:
    """The page's one microdata publication date element (`publication_element`), looked
    for once per page (`Page.memo`)."""
    if "publication_element" not in page.memo:
        page.memo["publication_element"] = publication_element(page.tree)
    found: HtmlElement | None = page.memo["publication_element"]
    return found


def _microdata_day(page: Page) -> date | None:
    """The day the page's microdata states for machines (`machine_date`), outside the
    boxes beside the story (a related story's teaser). htmldate reads such an element's text
    before its ``datetime``, so "12/01/2026" (TYPO3's news in US order) became 12 January
    where the attribute says 1 December. Where the element's own text states the day too,
    within a day of the value, the text's day is kept: the value may be a UTC instant
    ("2026-11-30T23:30:00Z" of a story the page dates 1 December)."""
    element = publication_microdata(page)
    value = machine_date(element)
    match = _ISO_DAY.match(value) if value else None
    if element is None or match is None:
        return None
    boxes = set(boxes_beside(page.tree))
    if any(ancestor in boxes for ancestor in element.iterancestors()):
        return None
    try:
        day = date(*map(int, match.groups()))
    except ValueError:
        return None
    text = squash(element.text_content())
    readings = [find_date(text, None, day_first=order) for order in (True, False)] if text else []
    near = [r.day for r in readings if r is not None and abs((r.day - day).days) <= 1]
    if near and day not in near:
        day = near[0]
    return day if day <= page.latest + timedelta(days=1) else None


#: An ISO 8601 day at the start of a value: "2026-12-01", "2026-12-01T09:30:00+01:00".
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?![\d])")


def _box_name(name: str) -> bool:
    """Whether a class or id names a box beside the story (`_BOX_NAME`)."""
    if name.isascii():
        return _BOX_NAME_LOWER.search(name.lower()) is not None
    return _BOX_NAME.search(name) is not None


def box_namer(tree: HtmlElement) -> Callable[[str], bool]:
    """Whether a class or id names a box beside the story on the page of ``tree``: by a word
    of `_BOX_NAME`, but one that names a box around the story's own heading there (the page's
    one <h1>, no link) is the page builder's word for each of its parts, not a box's. Elementor
    names every element "elementor-widget-...": the heading's, the story's text's, the date's;
    its "Latest news" cards are teasers (`teaser_blocks`)."""
    vocabulary = _builders_words(tree)
    if not vocabulary:
        return _box_name

    def box_name(name: str) -> bool:
        if name.isascii():  # the fast test first, as `_box_name`'s
            return _BOX_NAME_LOWER.search(name := name.lower()) is not None and any(
                found.group() not in vocabulary for found in _BOX_NAME_LOWER.finditer(name)
            )
        return any(found.group().lower() not in vocabulary for found in _BOX_NAME.finditer(name))

    return box_name


def _builders_words(tree: HtmlElement) -> frozenset[str]:
    """The words of `_BOX_NAME` that name an element around the page's one <h1>, if it is
    the story's heading (no link nor in one, its words in the page's <title> or og:title: not
    a sidebar's "Subscribe"), below the page itself and any element that holds the story's
    own markup."""
    headings = _H1(tree)
    if len(headings) != 1:
        return frozenset()
    heading = headings[0]
    if any(True for _ in heading.iter("a")) or any(True for _ in heading.iterancestors("a")):
        return frozenset()
    words = squash(heading.text_content()).casefold()
    titles = [*_TITLES(tree), *_OG_TITLES(tree)]
    if not words or not any(words in squash(str(title)).casefold() for title in titles):
        return frozenset()
    found: set[str] = set()
    for ancestor in heading.iterancestors():
        name = f"{ancestor.get('class', '')} {ancestor.get('id', '')}"
        if ancestor.tag in ("html", "body") or not _box_name(name) or holds_story(ancestor):
            continue
        found.update(word.group().lower() for word in _BOX_NAME.finditer(name))
    return frozenset(found)


_H1 = lxml.etree.XPath("//h1")
_TITLES = lxml.etree.XPath("//head/title/text()")
_OG_TITLES = lxml.etree.XPath("//head/meta[@property='og:title']/@content")


def htmldate(page: Page, document: HtmlElement, url: str | None = None) -> date | None:
    """A date the page's metadata or the story itself states in ``document``; callers
    leave out the boxes beside the story (a related-news list dates other stories): no
    date is better than a guess. ``url`` (the page's own by default) is where htmldate looks
    for a date in the address."""
    with _without_stamped_resources(document):
        found = htmldate_find_date(
            document,
            url=page.url if url is None else url,
            extensive_search=False,
            original_date=True,
            max_date=page.latest.isoformat(),
        )
    if not found:
        return None
    return _stated_day(found, document, page.url if url is None else url, page)


#: The addresses of a page's scripts, style sheets and pictures, which a CMS stamps with when
#: its theme was built ("++unique++2026-11-20T10:02:11", "?v=2024-05-01 10:00:00"):
#: htmldate reads such a timestamp anywhere in the markup as the page's date.
_RESOURCES = lxml.etree.XPath(
    "//script[@src] | //link[@href][not(contains(concat(' ', @rel, ' '), ' canonical '))]"
    " | //img[@src] | //source[@src or @srcset] | //iframe[@src]"
)
_RESOURCE_ATTRIBUTES = ("src", "href", "srcset")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}(?:T|\s|%20)\d{2}:\d{2}")


@contextlib.contextmanager
def _without_stamped_resources(document: HtmlElement) -> Iterator[None]:
    """``document`` without the addresses of its resources that hold a timestamp (`_RESOURCES`)
    while the block runs; put back however it ends."""
    taken: list[tuple[HtmlElement, str, str]] = []
    try:
        for element in _RESOURCES(document):
            for name in _RESOURCE_ATTRIBUTES:
                value = element.get(name)
                if value and _TIMESTAMP.search(value):
                    taken.append((element, name, value))
                    del element.attrib[name]
        yield
    finally:
        for element, name, value in taken:
            element.set(name, value)


def _stated_day(found: str, document: HtmlElement, where: str, page: Page) -> date | None:
    """The day of htmldate's ``found``, read in ``document`` of the page at ``where``.
    htmldate makes the first of the month of a year and month it read ("2026-12" of a date
    it refused, a /2026/12/ folder): a day only when the page states that day."""
    day = date.fromisoformat(found)
    if day.day == 1 and not _states(document, where, day, page.latest):
        return None
    return day


def address_states(url: str, day: date, latest: date | None = None) -> bool:
    """Whether ``url``'s path states ``day`` ("/2025/11/15/slug", "/2025-11-15-slug"), of the
    dates not after ``latest``."""
    stated = find_date(urlsplit(url).path.replace("/", "-"), latest)
    return stated is not None and stated.day == day


def _states(document: HtmlElement, url: str, day: date, latest: date) -> bool:
    """Whether ``document`` states ``day`` in a text or a date attribute, or ``url`` in its
    path ("/2025/11/01/slug")."""
    if address_states(url, day, latest):
        return True
    for text in chain(
        document.itertext(),
        document.xpath("//@datetime | //meta/@content | //@title | //@data-date"),
    ):
        if "1" in text:
            stated = find_date(str(text), latest)
            if stated is not None and stated.day == day:
                return True
    return False


# -- bylines and language -----------------------------------------------------------------


def split_byline(page: Page, text: str) -> tuple[str, str | None]:
    if not page.family.byline:
        return text, None
    paragraphs = text.split("\n\n")
    pattern = re.compile(page.family.byline, re.IGNORECASE)
    for index in range(len(paragraphs) - 1, max(len(paragraphs) - 4, -1), -1):
        if pattern.match(paragraphs[index].strip()):
            byline = paragraphs[index].strip()
            rest = paragraphs[:index] + paragraphs[index + 1 :]
            return "\n\n".join(rest), byline
    return text, None


def language(page: Page, title: str, text: str) -> str | None:
    """The story's language, preferring the newsroom's and, among its names of one language,
    the page's own (`detect_language`); None when the text has no script."""
    root = page.tree.getroottree().getroot()
    stated = str(root.get("lang") or root.get("xml:lang") or "")
    return detect_language(f"{title}\n{text}", page.newsroom.languages, stated or None)

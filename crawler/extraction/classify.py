"""Whether a page holds a story, and the reason when it does not: too many links (an index),
a start or listing page, a story the site says is gone, a page of teasers or the index of the
pages below it, too few words of prose. A page off its family's story URLs is read all the
same, as the generic family reads it."""

from __future__ import annotations

import re
from datetime import date, timedelta
from itertools import islice
from urllib.parse import SplitResult, parse_qsl, unquote, urljoin, urlsplit

import lxml.etree
from lxml.html import HtmlElement

from crawler.core.families import FAMILIES
from crawler.core.items import Article, Reason, Rejected, Source
from crawler.core.keys import canonical_url
from crawler.core.sitelinks import SLUG_SEPARATOR, SLUG_WORDS
from crawler.extraction.dates import UPDATED_LABEL, find_date
from crawler.extraction.elements import (
    CHROME,
    HEADINGS,
    TEASER_WORDS,
    base_url,
    count_words,
    first,
    meta,
    prose_words,
    spaceless,
    squash,
    teaser_blocks,
    visible_text,
)
from crawler.extraction.page import Page

__all__ = [
    "CONTENT_LETTERS",
    "DATED_LINES",
    "DATED_LINES_SHARE",
    "GALLERY_PICTURES",
    "GONE_LINE_WORDS",
    "ICON_PIXELS",
    "MAX_LINKS",
    "MIN_CHILDREN",
    "MIN_WORDS",
    "NOTICE_WORDS",
    "PROSE_LINE_WORDS",
    "RECORDING_WORDS",
    "SLUG_WORDS",
    "TEASERS_OF_STORIES",
    "a_publication",
    "about_the_site",
    "announces_event",
    "captioned_only",
    "captions",
    "cookie_notice",
    "cut_short",
    "dated_items",
    "dated_list",
    "filed_among_news",
    "gallery",
    "indexes_children",
    "link_texts",
    "looks_like_listing",
    "named_like_a_story",
    "not_a_story",
    "off_pattern",
    "plays_recording",
    "read_teasers",
    "recording_notes",
    "says_gone",
    "says_gone_in",
    "sentences",
    "states_a_sentence",
    "story_headings",
    "titled_about_the_site",
    "too_many_links",
    "too_short",
    "undated",
]

#: Fewer words than this is boilerplate, a caption or a teaser, not a story.
MIN_WORDS = 40
#: Fewer words than this is no story even on a page that states a story's date: a notice
#: ("The embassy is closed on Monday 1 May.") is a story of a newsroom, a caption is not.
NOTICE_WORDS = 10
#: ... and it says so in a sentence of this many words at least (`states_a_sentence`).
SENTENCE_WORDS = 6
#: Fewer words than this on a page that plays a recording (`plays_recording`) are its notes
#: ("Episode 12: ... Listen on ..."): the recording's page, not a story with a video in it.
RECORDING_WORDS = 2 * MIN_WORDS
#: More links than this is an index, not a story (a story's related-links box can hold
#: thousands); counted on the bytes, before any parsing, since reading a page of 150,000 links
#: costs seconds and hundreds of megabytes.
#: Fewer words than this on a line is no prose: a calendar's day, a label, a lone date.
PROSE_LINE_WORDS = 3
MAX_LINKS = 10_000
_LINK_TAG = re.compile(rb"<a(?:rea)?[\s>]", re.IGNORECASE)
_TABLE_ROW = re.compile(r"^\s*\|")  # how trafilatura writes a table row
#: How a page off its family's story patterns is told from a listing by its URL.
_GENERIC = FAMILIES["generic"]
#: Headings that link the family's story pages on a page off them: a listing of them.
TEASERS_OF_STORIES = 2
#: Letters of a word that carries a title's content, not "of", "and", "the", "na", "za".
CONTENT_LETTERS = 4
#: Lines opening with a date, at least, and their least share of the lines, that make a
#: reading a list of dated items (`dated_list`) ...
DATED_LINES = 3
DATED_LINES_SHARE = 0.6
#: ... where no line is longer than an item's (a story's paragraphs are).
_ITEM_WORDS = 40
_DATE_OPENING_WORDS = 5
_DAY_RANGE = re.compile(r"\b(\d{1,2})\s*[–—-]\s*\d{1,2}\b")
#: Days after the fetch that an item's date may be (events to come).
_AHEAD_DAYS = 3 * 365
#: A folder of the pages a site has about itself, in the newsrooms' languages: a weak prior,
#: worth something only beside what the page itself says (`about_the_site`).
_ABOUT = re.compile(
    r"^(?:about|o-nama|о-нама|ueber-uns|uber-uns|a-propos|qui-sommes-nous|who-we-are|"
    r"leadership)(?:[-_.]|$)",
    re.IGNORECASE,
)


def too_many_links(html: bytes) -> Rejected | None:
    """`Rejected` when the page's bytes hold more than `MAX_LINKS` links."""
    if next(islice(_LINK_TAG.finditer(html), MAX_LINKS, None), None) is not None:
        return Rejected(Reason.TOO_MANY_LINKS, f"more than {MAX_LINKS} links: an index")
    return None


def not_a_story(page: Page, listing: bool) -> Rejected | None:
    """Why the page is no story page, by where the spider found it and by its URL, or None.

    A page known to be a ``listing`` (a start page) is never a story; a story page whose text
    says the story is not there is gone. A page the family names a listing by its URL, and
    not a story, is one: the family's listing patterns name its home, archive and year pages
    only, which show teasers or whole stories (read as blocks before this). The family's story
    patterns are hints, never a gate: a page off them is read as a ``generic`` newsroom reads
    it, with the generic family's listing URLs and its page-of-teasers check (which
    `crawler.extraction.assemble.from_page` leaves out for a family with body selectors).
    """
    family = page.family
    page_url = page.page_url
    story_url = family.is_story_url(page_url)  # a story's URL can look like a listing's
    if story_url and family.gone_text and re.search(family.gone_text, page.tree.text_content()):
        return Rejected(Reason.GONE, "the site says this story is not there")
    if listing:
        return Rejected(Reason.LISTING, "a start page of the newsroom")
    if story_url:
        return None
    by_url = family.is_listing_url(page_url) or _GENERIC.is_listing_url(page_url)
    if by_url and not names_an_item(page_url) and not _a_years_number(page_url, page.latest):
        return Rejected(Reason.LISTING, "a listing page by its URL")
    if family.body and looks_like_listing(page):
        return Rejected(Reason.LISTING, "a page of teasers")
    if family.story_urls and story_headings(page) >= TEASERS_OF_STORIES:
        return Rejected(Reason.LISTING, "its headings link the site's stories")
    return None


#: A path that closes with what reads as a year, and maybe a month: a year's page ("/2026/").
_CLOSING_YEAR = re.compile(r"/(?P<year>(?:19|20)\d\d)/?(?:\d\d?/?)?$")


def _a_years_number(url: str, latest: date) -> bool:
    """Whether ``url`` closes with a number that reads as a year after ``latest``'s (an
    item's id, "/en/news/2065"): no year's page, which a site has only for years it wrote."""
    found = _CLOSING_YEAR.search(urlsplit(url).path)
    return found is not None and int(found["year"]) > latest.year


#: A query's field that names one item by its number: a board's post ("view.do?seq=1357066
#: &page=1", the page of the list it was opened from carried along), an article's id
#: ("newsid", "nttId", "n_id"; not a category's "cid", a board's "bbsid": they name lists) ...
_ITEM_FIELD = re.compile(
    r"id|seq|no|idx|nid|aid|item|post|p"
    r"|(?:n|news|article|item|post|story|doc|content|ntt|vest|novost|entry)_?id",
    re.IGNORECASE,
)
#: ... beside a page of a list ...
_PAGE_FIELD = re.compile(
    r"page|paged|start|offset|start_from|cur|pg|page_?(?:number|num|no|index)|currentpage",
    re.IGNORECASE,
)
#: ... and nothing in the address that names a list (Joomla's "view=category&id=12&start=10").
_LIST_WORD = re.compile(
    r"categor|section|tag|archive|arhiv|list|blog|search|topic|feed", re.IGNORECASE
)


def names_an_item(url: str) -> bool:
    """Whether ``url``'s query names one item by its number (`_ITEM_FIELD`) beside the page
    of the list it was opened from (`_PAGE_FIELD`), and nothing in its address names a list:
    the item's page, not that list's ("view.do?seq=1357066&page=1"; not "/tag/nato?p=2" nor
    "index.php?view=category&id=12&start=10")."""
    parts = urlsplit(url)
    fields = parse_qsl(parts.query, keep_blank_values=True)
    if _LIST_WORD.search(unquote(parts.path)) or any(_LIST_WORD.search(v) for _, v in fields):
        return False
    return any(_PAGE_FIELD.fullmatch(k) for k, _ in fields) and any(
        _ITEM_FIELD.fullmatch(k) and v.isdigit() for k, v in fields
    )


def story_headings(page: Page) -> int:
    """How many headings of the page link one of its family's story pages: the family's story
    patterns label links where they cannot gate pages. A story links others in its text or a
    box of related links; a home or listing page names them in headings, one a teaser."""
    family = page.family
    linked = page.tree.xpath("//*[self::h1 or self::h2 or self::h3 or self::h4]//a/@href")
    relative_to = page.base
    urls = {
        canonical_url(urljoin(relative_to, str(href).strip()), family.url_rules) for href in linked
    }
    return sum(1 for url in urls if url != page.page_url and family.is_story_url(url))


def off_pattern(page: Page) -> bool:
    """Whether the page lies off its family's story URLs (a family without any has none)."""
    return bool(page.family.story_urls) and not page.family.is_story_url(page.page_url)


def undated(page: Page, article: Article) -> Rejected | None:
    """`Rejected` when a page off its family's story URLs (`off_pattern`) shows no date of a
    story.

    The family's patterns did not foresee the page, so it must show what its stories show,
    besides what the generic reading asks: a page dated only by the line that says when it was
    last updated is a topic or reference page; one with no date at all is a story only when its
    URL names it as stories' URLs do (`named_like_a_story`), where about, leadership, contact
    and gallery pages have a word or two. A generic newsroom's pages are not held to this:
    they have no story URLs to be off.
    """
    if article.published is None:
        if named_like_a_story(page.page_url):
            return None
        return Rejected(Reason.NOT_A_STORY, "off the story URLs, with no date of a story")
    line = first(page.tree, page.family.published)
    if (
        line is not None
        and article.provenance.get("published") is Source.SELECTOR
        and UPDATED_LABEL.search(line.text_content())
    ):
        return Rejected(Reason.NOT_A_STORY, "off the story URLs, dated by its last update")
    return None


def named_like_a_story(url: str, content_words: bool = False) -> bool:
    """Whether the last part of ``url``'s path is a slug of a title: `SLUG_WORDS` words or more
    ("mlo-briefs-defence-journalists-on-partnership-for-peace.aspx", not "contact-us"); with
    ``content_words``, words of `CONTENT_LETTERS` letters or more ("consular-section-closed-
    on-monday", not "serbia-and-the-osce" nor "history-of-serbian-diplomacy")."""
    name = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    least = CONTENT_LETTERS if content_words else 1
    words = [word for word in SLUG_SEPARATOR.split(unquote(name)) if len(word) >= least]
    return len(words) >= SLUG_WORDS


def about_the_site(url: str) -> bool:
    """Whether a folder of ``url``'s path is one of the site's pages about itself ("/about/",
    "/about-the-ministry/history-of-diplomacy", "/o-nama/istorijat")."""
    folders = _folders(url)
    return any(_ABOUT.match(folder) for folder in folders)


#: A title that says what the page is about: "About us", "About the Embassy", "O nama".
_ABOUT_TITLE = re.compile(
    r"^(?:about|o|о|über|ueber|à propos de|a propos de)\s+(?P<what>.+)$", re.IGNORECASE
)
#: Words of such a title that name no one ("About us", "O nama", "Über uns").
_ABOUT_NOBODY = frozenset({"the", "us", "our", "this", "site", "nama", "нама", "uns", "nous"})
#: Letters of a word that stand for it, however a language inflects it (Ambasada, Ambasadi).
_STEM = 5


def titled_about_the_site(title: str, site_names: set[str]) -> bool:
    """Whether ``title`` says the page is about the site itself: "About us", or "About" and
    words of the site's own name (``site_names``: "About the Defence Attaché Office" on the
    Defence Attaché Office Belgrade's site, "O Ambasadi" on an embassy's). A story about
    something else ("About the new visa regime") names more than the site."""
    match = _ABOUT_TITLE.match(title.strip())
    if match is None:
        return False
    words = [w for w in re.findall(r"\w+", match["what"].casefold()) if w not in _ABOUT_NOBODY]
    named = [re.findall(r"\w+", name.casefold()) for name in site_names]
    names = {word[:_STEM] for name in named for word in name}
    return all(word[:_STEM] in names or word in _initials(named) for word in words)


def _initials(names: list[list[str]]) -> set[str]:
    """The initials of two to five words in a row of each name: "EU" stands for European
    Union in "Delegation of the European Union to Serbia"."""
    return {
        "".join(word[0] for word in name[start : start + size])
        for name in names
        for start in range(len(name))
        for size in range(2, min(5, len(name) - start) + 1)
    }


def looks_like_listing(page: Page) -> bool:
    """A page of teasers: several headings that are links, or several <article> elements, and
    no more prose beside its teasers than in the longest of them. A story page with a box of
    related stories under it (each an <article> with its linked heading) is a story: its
    prose stands beside the box, as `crawler.extraction.repeats.read_repeats` weighs it."""
    tree = page.tree
    if meta(tree, "og:type").lower() == "article":
        return False
    linked_headings = tree.xpath("//*[self::h1 or self::h2 or self::h3 or self::h4][.//a[@href]]")
    teasers = [
        h
        for h in linked_headings
        if len(squash("".join(a.text_content() for a in h.iter("a"))))
        >= 0.8 * len(squash(h.text_content()))
    ]
    if len(teasers) < 5 and len(tree.xpath("//article")) < 4:
        return False
    return not _prose_beside(page, len(teasers))


#: An <article> that holds the page's own heading, no teaser's linked heading and no other
#: <article>: the page's story, however short, with a box of related stories beside it.
_STORY_ARTICLE = lxml.etree.XPath(
    "//article[.//h1[not(.//a[@href])]]"
    "[not(.//article) and not(.//*[self::h2 or self::h3 or self::h4][.//a[@href]])]"
)


def own_story_outweighs(tree: HtmlElement, blocks: list[HtmlElement], longest: int) -> bool:
    """Whether the page's own heading heads an <article> of its own (`_STORY_ARTICLE`, the
    first: a front page of whole stories, each under its heading, has several, each among
    ``blocks``) that is none of ``blocks`` (teasers, stories), holds none of them, and holds
    a date and as much prose as the ``longest`` of them (its words of prose): the page's
    story, however short, beside a box of related stories; not a section's introduction over
    its teasers, nor a welcome box beside whole stories."""
    found = _STORY_ARTICLE(tree)
    if not found or not blocks:
        return False
    story = found[0]
    if any(story in block.iterancestors() or story is block for block in blocks):
        return False
    own = prose_words(story)
    return own > 0 and own >= longest and find_date(visible_text(story)) is not None


def _prose_beside(page: Page, headings: int) -> bool:
    """Whether the page holds more prose (`MIN_WORDS` or more) outside its teasers (see
    `crawler.extraction.elements.teaser_blocks`) than the longest of them; never when fewer
    teasers are found than its ``headings`` that link other pages (teasers not each in an
    element of their own: their summaries would count as prose beside them)."""
    body = page.tree.find("body")
    rest = body if body is not None else page.tree
    blocks = teaser_blocks(rest, page.own_urls, page.base)
    if len(blocks) < headings:
        return False
    longest = max((prose_words(block) for block in blocks), default=0)
    if own_story_outweighs(page.tree, blocks, longest):
        return True
    return prose_words(rest, without=frozenset(blocks)) >= max(MIN_WORDS, longest)


#: A page that links this many pages below its own address is their index (a section, a
#: gallery, a list of videos), however much text its teasers hold: a story links its
#: neighbours, related stories, not pages below it.
MIN_CHILDREN = 4
#: Query fields that page or present the same document (``?page=2`` of a live blog, the
#: print view): a link that adds only these is no page below it.
_PAGING = frozenset(
    {
        "page",
        "p",
        "pg",
        "paged",
        "start",
        "start_from",
        "offset",
        "from",
        "sort",
        "order",
        "view",
        "print",
        "amp",
        "output",
        "format",
        "lang",
        "hl",
        "share",
        "cpage",
        "replytocom",
    }
)
#: Files a page may link below its own address (a story's attachments) that are no pages.
_FILE = re.compile(
    r"\.(?:pdf|docx?|xlsx?|pptx?|odt|zip|rar|7z|jpe?g|png|gif|webp|svg|bmp|tiff?|mp[34]|"
    r"m4[av]|mov|avi|wmv|webm|ogg|wav)$",
    re.IGNORECASE,
)


#: A folder's default document: the page a server shows for the folder ("/serbia/" and
#: "/serbia/index.php" are one page on Pakistan's missions' sites), read so for the site's
#: root and its folders at the top only (a static site's story may be its own folder's
#: "/news/2026/national-day/index.html", beside its pictures' pages).
_DIRECTORY_INDEX = re.compile(r"(?:index|default)\.(?:php\d?|s?html?|aspx?|jsp|cfm)", re.IGNORECASE)


def indexes_children(
    page_url: str, tree: HtmlElement, relative_to: str | None = None
) -> Rejected | None:
    """`Rejected` when the page links `MIN_CHILDREN` or more pages below its own address: a
    longer path (``/media/videos`` -> ``/media/videos/2026/review``; a folder's default
    document, ``/serbia/index.php``, is the folder's), or the same path with its own query
    and more (``news.php`` -> ``news.php?subaction=showfull&id=7``, not the
    same page's ``?page=2``). Links resolve against ``relative_to``, the page's `base_url`
    (found here when the caller has not found it already)."""
    base = urlsplit(page_url)
    folder = base.path.rstrip("/")
    parent, _, document = folder.rpartition("/")
    if not base.query and parent.count("/") <= 1 and _DIRECTORY_INDEX.fullmatch(document):
        folder = parent  # "/serbia/index.php" is the index of "/serbia/"
    query = set(parse_qsl(base.query, keep_blank_values=True))
    if relative_to is None:
        relative_to = base_url(page_url, tree)
    children: set[tuple[str, str]] = set()
    for href in tree.xpath("//a/@href"):
        try:
            link = _link_below(base, folder, relative_to, str(href).strip())
        except ValueError:  # a broken IPv6 literal
            continue
        if link is None:
            continue
        if link.netloc != base.netloc or _FILE.search(link.path):
            continue
        path = link.path.rstrip("/")
        below = path.startswith(folder + "/") and len(path) > len(folder) + 1
        if not below and path == folder and link.query:
            fields = set(parse_qsl(link.query, keep_blank_values=True))
            below = query < fields and any(k.lower() not in _PAGING for k, _ in fields - query)
        if below:
            children.add((path, link.query))
            if len(children) >= MIN_CHILDREN:
                return Rejected(
                    Reason.LISTING, f"links {MIN_CHILDREN} or more pages below its own: an index"
                )
    return None


def _link_below(base: SplitResult, folder: str, relative_to: str, href: str) -> SplitResult | None:
    """``href`` resolved against ``relative_to`` (the page's `base_url`), or None when it
    cannot be a page below ``folder``: what a link's own text settles is settled before the
    (costly) join.

    A link to the page itself (empty, a fragment), of another scheme (mailto:, javascript:, a
    scheme the join keeps as it is), or to another host is none; nor is one whose path, after
    a host or none, starts with "/" and has no "." or ".." segment (the join keeps such a
    path, or drops only a trailing ``;``), if that path does not start with ``folder``.
    """
    if not href or href.startswith("#"):
        return None
    if base.scheme in ("http", "https"):
        parts = urlsplit(href)
        if parts.scheme and parts.scheme != base.scheme:
            return parts  # the join keeps a URL of another scheme as it is
        if parts.netloc:
            if parts.netloc != base.netloc or not parts.path.startswith(folder):
                return None
        elif (
            parts.path.startswith("/")
            and "/." not in parts.path  # no "." or ".." segment for the join to resolve
            and not parts.path.startswith(folder)
        ):
            return None
    return urlsplit(urljoin(relative_to, href))


def link_texts(tree: HtmlElement) -> frozenset[str]:
    """The texts of the page's links, squashed: a line of a reading that is one of them is a
    menu item, a link list's entry or a "back to news" link, not prose."""
    return frozenset(filter(None, (squash(a.text_content()) for a in tree.iter("a"))))


_CAPTIONS = lxml.etree.XPath("//figcaption | //*[contains(@class, 'caption')]")


def captions(tree: HtmlElement) -> frozenset[str]:
    """The texts of the page's picture captions (``<figcaption>``, a "caption" class)."""
    return frozenset(filter(None, (squash(c.text_content()) for c in _CAPTIONS(tree))))


#: Words of a picture's own text: a caption, a credit, not a story's paragraph.
_CAPTION_WORDS = 40
#: Levels above a picture its caption's block may start: ``div.photo > a > img`` and its
#: ``<p>``.
_CAPTION_REACH = 3


def captioned_only(text: str, tree: HtmlElement) -> frozenset[str]:
    """The lines of ``text`` when every one, two at least, is the caption of a picture (else
    none): the text
    of the block that holds that picture and no other, a few words long. A gallery whose
    figures carry no caption class, each a thumbnail and a line ("... Nov 12, 2026. (NATO
    photo)"), shows pictures, however few; a story's paragraphs do not each stand beside a
    picture of their own."""
    lines = frozenset(squash(line) for line in text.split("\n") if line.strip())
    if len(lines) < 2:
        return frozenset()
    found: set[str] = set()
    for img in tree.iter("img"):
        if _icon(img):
            continue
        picture = img  # the picture and what wraps it, with no text of its own
        for _ in range(_CAPTION_REACH):
            block = picture.getparent()
            if block is None or block.tag in ("body", "html"):
                break
            if not (shown := squash(block.text_content())):
                picture = block
                continue
            # Its line in an element of its own beside the picture, not the text a picture
            # floats in (an old CMS's "<p><img style=float:left>text</p>").
            inline = (block.text or "").strip() or (picture.tail or "").strip()
            one = sum(1 for _ in block.iter("img")) == 1
            if one and not inline and len(shown.split()) <= _CAPTION_WORDS:
                found.add(shown)
            break
    return lines if lines <= found else frozenset()


#: An event's markup: schema.org's Event (microdata), hCalendar's start time, a link to the
#: event's iCalendar file.
_EVENT_MARK = lxml.etree.XPath(
    "//*[contains(@itemtype, 'schema.org/Event')] | //*[@itemprop='startDate']"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' dtstart ')]"
    " | //a[contains(@href, '.ics') or contains(@href, 'ics_view')]"
)
_EVENT_TYPE = re.compile(r'"@type"\s*:\s*"Event"')


#: A class the CMS gives the page or its article when it is an event's, naming its content
#: type: Drupal's "node--type-event" and "page-node-type-event", WordPress's "type-event",
#: "single-tribe_events" (not a category's or a tag's: "category-news-events").
_EVENT_CLASS = re.compile(
    r"^(?:node--type-|page-node-type-|type-|single-|single-tribe_|tribe_)events?$"
)


def announces_event(tree: HtmlElement) -> bool:
    """Whether the page is an event's (`_EVENT_MARK`, `_EVENT_CLASS` on its <body> or an
    <article>, or JSON-LD of ``@type`` Event): its dates are when the event takes place."""
    if _EVENT_MARK(tree):
        return True
    for element in tree.iter("body", "article"):
        if element.tag == "article" and next(element.iter("h1"), None) is None:
            continue  # an article without the page's heading: a box beside the story
        if any(_EVENT_CLASS.match(token) for token in str(element.get("class") or "").split()):
            return True
    return any(
        _EVENT_TYPE.search(script.text or "")
        for script in tree.iter("script")
        if script.get("type") == "application/ld+json"
    )


#: Pictures in the page's content (its header, menus and footer aside) that make a page with a
#: few lines of text a gallery, whatever date it states.
GALLERY_PICTURES = 4
#: Pixels under which a declared width or height makes an image an icon, not a picture.
ICON_PIXELS = 48
#: An image the page's framework serves (ASP.NET's own WebResource.axd: its menus' arrows,
#: its trees' icons) is no picture; a control's handler (Telerik's, an ImageHandler.axd)
#: serves photos.
_FRAMEWORK_IMAGE = re.compile(r"(?<![\w.])(?:Web|Script)Resource\.axd(?:$|[?#])", re.IGNORECASE)


def gallery(tree: HtmlElement, base: str) -> bool:
    """Whether the page shows `GALLERY_PICTURES` or more pictures outside its header, menus,
    sidebars and footer: a photo gallery's few lines of caption are not a story's text. A
    picture is one image however often it is shown (a menu's bullet), no icon (declared under
    `ICON_PIXELS` wide or high), no button (a comment form's smileys, links to a script) and
    no banner (a link to another site, or to the home page, of links relative to ``base``)."""
    pictures: set[str] = set()
    host = urlsplit(base).hostname
    for img in tree.iter("img"):
        if _icon(img) or any(
            ancestor.tag in CHROME or _button(ancestor) or _banner(ancestor, base, host)
            for ancestor in img.iterancestors()
        ):
            continue
        pictures.add(img.get("src") or str(len(pictures)))
        if len(pictures) >= GALLERY_PICTURES:
            return True
    return False


def _banner(element: HtmlElement, base: str, host: str | None) -> bool:
    """Whether ``element`` is a link to another site than ``host`` (``base``'s) or to the
    home page of its own: what a picture in it is, is a banner (a ministry's, the
    government's, the site's logo)."""
    if element.tag != "a" or not (href := (element.get("href") or "").strip()):
        return False
    there = urlsplit(urljoin(base, href))
    if there.scheme not in ("http", "https"):
        return False
    return there.hostname != host or (there.path in ("", "/") and not there.query)


def _button(element: HtmlElement) -> bool:
    """Whether ``element`` is a link that runs a script rather than leading anywhere."""
    return element.tag == "a" and (element.get("href") or "").lstrip().startswith("javascript:")


def _icon(img: HtmlElement) -> bool:
    """Whether ``img`` is declared smaller than a picture (a bullet, a badge, a counter), or
    is the page's framework's (`_FRAMEWORK_IMAGE`)."""
    sizes = (img.get("width") or "", img.get("height") or "")
    return any(size.strip().isdigit() and int(size) < ICON_PIXELS for size in sizes) or bool(
        _FRAMEWORK_IMAGE.search(img.get("src") or "")
    )


def _in_chrome(element: HtmlElement) -> bool:
    """Whether ``element`` sits in the page's header, menus, sidebars or footer."""
    return any(ancestor.tag in CHROME for ancestor in element.iterancestors())


def plays_recording(tree: HtmlElement) -> bool:
    """Whether the page plays a recording outside its header, menus, sidebars and footer: an
    ``<audio>`` or ``<video>`` element (an embedded player is one once parsed,
    `crawler.extraction.decode.parse_page`)."""
    return any(not _in_chrome(element) for element in tree.iter("audio", "video"))


def _offers_document(anchor: HtmlElement) -> bool:
    """Whether a link says it downloads a document ("Download (1.9 MB)", "Preuzmi PDF"): a
    download's word and a document's (its size, its kind), not "Download photo"."""
    text = " ".join(anchor.text_content().split())
    return bool(_DOWNLOAD.match(text) and _DOCUMENT_WORD.search(text))


#: What names a document in a link's text: its size, its kind.
_DOCUMENT_WORD = re.compile(
    r"\d+(?:[.,]\d+)?\s*[kmg]i?b\b|\bpdf\b|\bdocx?\b|report|publication|brochure|publikacij"
    r"|izve[sš]taj|извештај|публикациј",
    re.IGNORECASE,
)
#: A folder of reports, which a site files its publications in ("/products/reports/...").
_REPORTS_FOLDER = re.compile(
    r"reports?|izve[sš]taji|извештаји|rapports|berichte|relazioni|informes", re.IGNORECASE
)
#: A folder of documents ("/dokumenta/<id>": gov.me's page of one document and its file).
_DOCUMENTS_FOLDER = re.compile(
    r"documents?|dokument[aiey]|документи|документа|dokumenty", re.IGNORECASE
)
#: What a link that offers a document says: "Download (1.9 MB)", "Preuzmi PDF".
_DOWNLOAD = re.compile(
    r"(?:download|preuzmi|преузми|herunterladen|télécharger|scarica|descargar|pobierz"
    r"|stáhnout|letöltés|скачать|изтегли)\b",
    re.IGNORECASE,
)
#: Files a page offers to download rather than show: a report, a handbook, a form.
_DOCUMENT = re.compile(r"\.(?:pdf|docx?|odt|rtf|xlsx?|ods|pptx?|zip)$", re.IGNORECASE)


#: What a page labels itself when it is a publication (its type or section, no link).
#: (Not "Documents": a press release's box of attachments is labelled so.)
_PUBLICATION_LABEL = re.compile(
    # "Documents & Publications", "Informes y publicaciones" (gob.pe's, and its folder
    # "/informes-publicaciones/")
    r"(?:(?:documents?|reports?|informes)[\s_-]*(?:(?:&|and|y|e)[\s_-]*)?)?"
    r"(?:publications?|publikacij[ae]|публикациј[ае]|publikationen?|veröffentlichung(?:en)?"
    r"|pubblicazioni|publicaci(?:ones|[oó]n)|publica(?:ções|coes|ção|cao))"
    r"(?:[\s_-]*(?:(?:&|and|y|e)[\s_-]*)?(?:documents?|reports?|informes))?",
    re.IGNORECASE,
)


#: A folder of news, in the newsrooms' languages: what is filed in it is news, whatever
#: folder holds it.
_NEWS_FOLDER = re.compile(
    r"press|news|release|statement|stor(?:y|ies)|vest|vijest|novost|saop[sš]t|aktuel|actualit"
    r"|вест|вијест|новост|саопшт",
    re.IGNORECASE,
)


#: A folder of calls for offers or applications: what is filed in it is a tender's or a
#: vacancy's page, whatever date it states ("/procurement/request-quotation-winter-kits").
_CALL_FOLDER = re.compile(
    r"procurements?|tenders?|vacanc(?:y|ies)|jobs?|careers?|recruitment|courses?"
    r"|nabavk[ae]|javne-nabavke|набавк[ае]|јавне-набавке|konkursi|конкурси",
    re.IGNORECASE,
)


def _folders(url: str) -> list[str]:
    """The folders of ``url``'s path, its page's name aside, decoded."""
    return unquote(urlsplit(url).path).strip("/").split("/")[:-1]


def _routed_kind(url: str) -> str | None:
    """The first part of ``url``'s page's name where a router parts it by commas
    (`_ROUTED_NAME`: "course" of "course,1,<slug>"), which files the page as a folder would;
    None for any other name."""
    name = unquote(urlsplit(url).path).rstrip("/").rsplit("/", 1)[-1]
    routed = _ROUTED_NAME.match(name)
    return routed["kind"] if routed is not None else None


#: A page's name a router parts by commas: a word, an id, the title's slug or nothing, or an
#: extension ("course,1,military-police-junior-officer-course", "artykul,55.html"); not a
#: slug with a number's thousands in it ("jobs,2,000-cut-at-the-plant").
_ROUTED_NAME = re.compile(r"(?P<kind>[^\W\d_]{2,}),\d+(?:,(?!\d)|\.\w{2,5}$|$)")


def filed_among_news(url: str) -> bool:
    """Whether a folder of ``url``'s path is one of news (`_NEWS_FOLDER`): "/en/news/...",
    "/vesti/...", "/press-releases/...", or its router's first part opens with a word of news
    ("/news,31,<slug>"; `_routed_kind`)."""
    kind = _routed_kind(url)
    return any(_NEWS_FOLDER.search(folder) for folder in _folders(url)) or (
        kind is not None and _NEWS_FOLDER.match(kind) is not None
    )


def names_news(text: str) -> bool:
    """Whether ``text`` (a category's name, a folder's) names news (`_NEWS_FOLDER`: "Vesti",
    "News", "Press releases")."""
    return _NEWS_FOLDER.search(text) is not None


def filed_as_call(url: str) -> bool:
    """Whether ``url`` is filed in a folder of calls (`_CALL_FOLDER`, and numbers after its
    name: "/courses-2027-71/"; or its router's first part, "/course,1,<slug>"), and in no
    folder of news ("/vesti/konkursi/...", "/vacancies/news/..." are news)."""
    kind = _routed_kind(url)
    folders = [*_folders(url), *([kind] if kind is not None else [])]
    return any(
        _CALL_FOLDER.fullmatch(_NUMBERED_FOLDER.sub("", folder)) for folder in folders
    ) and not filed_among_news(url)


#: The numbers a folder's name closes with: Joomla's "courses-2027-71" (a year, its menu
#: item's id).
_NUMBERED_FOLDER = re.compile(r"(?:[-_]\d+)+$")


def a_publication(tree: HtmlElement, url: str = "") -> bool:
    """Whether the page is a publication's: it offers a document to download (`_DOCUMENT`, or
    one declared a PDF) and labels itself a publication (`_PUBLICATION_LABEL`: "Content type:
    Publications", a heading "PUBLICATION" or "Documents & Publications" right above the
    title), both outside its header, menus, sidebars and footer and the label in no link, or
    is filed in a folder so named or of reports (``url``: "/publications/social-media-
    manipulation/301", "/products/reports/..."). A link offers a document by its file's type,
    or by saying so ("Download (1.9 MB)", `_DOWNLOAD`).
    A press release whose full text is a PDF is labelled as a press release is."""
    folders = _folders(url)
    among_news = filed_among_news(url)
    filed = [
        bool(
            _PUBLICATION_LABEL.fullmatch(folder)
            or (_REPORTS_FOLDER.fullmatch(folder) and not among_news)
            # a document's own page in the folder of documents, not a folder below it
            or (_DOCUMENTS_FOLDER.fullmatch(folder) and not among_news and n == len(folders) - 1)
        )
        for n, folder in enumerate(folders)
    ]
    offered = False
    # Filed among publications, and not in a folder of news below them
    # ("/publications/press-releases/statement-...": a press release).
    labelled = any(filed) and not any(
        _NEWS_FOLDER.search(folder) for folder in folders[filed.index(True) + 1 :]
    )
    for element in tree.iter("a", "div", "span", "li", "p", "dd", "td", *HEADINGS):
        if _in_chrome(element):
            continue
        if element.tag == "a":
            try:
                href = urlsplit(str(element.get("href") or "").strip()).path
            except ValueError:  # "http://[www...": no address, nothing offered
                continue
            offered = offered or bool(
                _DOCUMENT.search(href)
                or "pdf" in str(element.get("type") or "")
                or _offers_document(element)
            )
        elif not labelled and len(element) == 0 and element.text:
            if element.tag in HEADINGS and _next_tag(element) not in HEADINGS:
                continue  # a box's heading ("Publications" over links), not an eyebrow
            text = " ".join(element.text.split())
            labelled = bool(_PUBLICATION_LABEL.fullmatch(text)) and not any(
                ancestor.tag == "a" for ancestor in element.iterancestors()
            )
        if offered and labelled:
            return True
    return False


#: Elements a CMS marks as showing a static page, not a post: WordPress's ``type-page`` (its
#: post_class of a Page), Drupal's basic page (``node--type-page``, Drupal 7's body class
#: ``node-type-page``).
_STATIC_PAGE = lxml.etree.XPath("//*[contains(@class, 'type-page')]")


def static_page(tree: HtmlElement) -> bool:
    """Whether the page's CMS says it shows one of the site's static pages (`_STATIC_PAGE`:
    an about page, a notice board, a service's page), which it keeps apart from its posts,
    the stories; Drupal 7 says so on the <body> only."""
    for element in _STATIC_PAGE(tree):
        classes = set(str(element.get("class")).split())
        if "type-page" in classes or "node--type-page" in classes:
            return True
        if element.tag == "body" and "node-type-page" in classes:
            return True
    return False


def _next_tag(element: HtmlElement) -> str | None:
    """The tag of the element after ``element`` among its siblings."""
    following = element.getnext()
    while following is not None and not isinstance(following.tag, str):
        following = following.getnext()  # a comment between them
    return following.tag if following is not None else None


def recording_notes(tree: HtmlElement) -> int | None:
    """Words of the notes beside the recording a page plays (`plays_recording`): the text of
    the <article> or <main> around its player, which the reading of a page with little text
    may miss for the site's banner. None when no such element holds a player."""
    for element in tree.iter("audio", "video"):
        if _in_chrome(element):
            continue
        # The outermost: a CMS may wrap the player itself in an <article> (Drupal's media).
        around = [
            ancestor
            for ancestor in element.iterancestors()
            if ancestor.tag in ("article", "main") or ancestor.get("role") == "main"
        ]
        if around:
            return len(around[-1].text_content().split())
    return None


def cut_short(text: str, latest: date) -> Rejected | None:
    """`Rejected` when two or more of the reading's paragraphs, and at least half of them, end
    cut short ("...", "…"): a listing's summaries of stories, each a teaser of its page. A
    paragraph ends as sentences end: a teaser's heading, its date line ("Četvrtak, 30 Novembar
    2017 11:25") and a cookie banner's line are none."""
    paragraphs = [
        line.strip()
        for line in text.splitlines()
        if len(line.split()) >= 5
        and _SENTENCE_END.search(line.rstrip())
        and not cookie_notice(line)
        and not _date_line(line, latest)
    ]
    cut = sum(1 for line in paragraphs if line.endswith(("...", "…", "[…]", "[...]")))
    if cut >= 2 and 2 * cut >= len(paragraphs):
        return Rejected(Reason.LISTING, f"{cut} of {len(paragraphs)} paragraphs cut short: teasers")
    return None


#: Words of a teaser's link to its story: its title.
_TITLE_LINK_WORDS = 3
#: Words of a reading of teasers' summaries at most (`read_teasers`): a few teasers' (a longer
#: list of them is read as repeated blocks, `crawler.extraction.repeats`, or a dated list).
_SUMMARIES_WORDS = 200


def read_teasers(page: Page, text: str) -> Rejected | None:
    """`Rejected` when every line of prose of the reading (`PROSE_LINE_WORDS` words or more)
    stands in a teaser of another page (`crawler.extraction.elements.teaser_blocks` whose link
    is a title, `_TITLE_LINK_WORDS` words or more, not "0 Comments"), two teasers' lines at
    least: a listing whose links the reading dropped, keeping their summaries (a WebForms
    list of news, each row a date, a linked title and a summary)."""
    lines = [
        line
        for line in (squash(line) for line in text.splitlines())
        if len(line.split()) >= PROSE_LINE_WORDS  # a pager's "1 2" is no teaser's, nor prose
    ]
    if (
        len(lines) < 2
        or sum(len(line.split()) for line in lines) > _SUMMARIES_WORDS
        or not all(_near_a_title_link(page.tree, line) for line in lines[:2])
    ):
        return None
    # Their texts without spaces: a teaser's <br> ("Date: 24.11.2026.<br>Author: ...") runs
    # its lines together in the element's text, not in the reading.
    teasers = [
        spaceless(block.text_content())
        for block in teaser_blocks(page.tree, page.own_urls, page.base)
        if any(_title_link(anchor) for anchor in block.iter("a"))
    ]
    held: set[int] = set()
    for line in lines:
        bare = spaceless(line)
        index = next((n for n, teaser in enumerate(teasers) if bare in teaser), None)
        if index is None:
            return None
        held.add(index)
    if len(held) < 2:
        return None
    return Rejected(Reason.LISTING, f"its reading is the summaries of {len(held)} teasers")


#: Items alike that make a list of dated items (`dated_items`), at least.
_DATED_ITEMS = 3
#: What a list's item may be.
_ITEM_TAGS = frozenset({"div", "li", "article", "section", "tr", "dd"})
#: A class's words that tell an item's place, not its kind: Drupal's "views-row-odd",
#: "first", "last" (their figures are dropped: "views-row-3").
_PLACE_CLASSES = re.compile(r"(?:^|-)(?:odd|even|first|last|active)$")


def dated_items(page: Page, text: str) -> Rejected | None:
    """`Rejected` when every line of prose of the reading (three at least) stands in one of
    `_DATED_ITEMS` or more items alike (siblings of one tag and kind of class, `_kind`), each
    of a teaser's words at most (`TEASER_WORDS`) with a line of its own that is its date (a
    field of the item, not a sentence's opening): a list of dated items, not one story.
    Drupal's views rows with no title: a summary, its day ("02.12.2026.") and a "Read more"
    link ("Opširnije") to the story; an announcement shown whole on its term's page, with no
    page of its own. A story's own lines stand in no such item (a box of dated related
    stories beside them holds none of them)."""
    lines = [line for line in text.splitlines() if len(line.split()) >= PROSE_LINE_WORDS]
    # An item's lines are no longer than it is: a reading with a longer line is no list (and
    # its page is not walked for items, a tenth of the reading's cost).
    if len(lines) < _DATED_ITEMS or any(len(line.split()) > TEASER_WORDS for line in lines):
        return None
    if (items := _dated_siblings(page, lines[0])) is None:
        return None
    held = [spaceless(item.text_content()) for item in items]
    if not all(any(spaceless(line) in item for item in held) for line in lines):
        return None
    return Rejected(Reason.LISTING, f"its text stands in {len(items)} dated items alike")


#: Text nodes that open with a given text (`_dated_siblings`).
_OPENING = lxml.etree.XPath("//body//text()[starts-with(normalize-space(.), $words)]")


def _dated_siblings(page: Page, line: str) -> list[HtmlElement] | None:
    """The items alike (`_kind`) that the page's text node where ``line`` begins stands in,
    `_DATED_ITEMS` or more, each of `TEASER_WORDS` words at most with a date line of its own
    (`_date_line`); None when it stands in none, or stands elsewhere on the page too (a story
    shown again whole in a box of the latest announcements beside it is the page's own).
    Each group of items is judged once, however many nodes lead to it."""
    words = " ".join(line.split()[:_TITLE_LINK_WORDS])
    nodes = [node.getparent() for node in _OPENING(page.tree, words=words)] if words else []
    counts: dict[HtmlElement, int] = {}

    def count(element: HtmlElement) -> int:
        if element not in counts:
            counts[element] = len(element.text_content().split())
        return counts[element]

    judged: set[tuple[HtmlElement, str, frozenset[str]]] = set()
    found: list[HtmlElement] | None = None
    for element in nodes:
        while found is None and element is not None and count(element) <= TEASER_WORDS:
            parent = element.getparent()
            group = (parent, str(element.tag), _kind(element))
            if element.tag in _ITEM_TAGS and parent is not None and group not in judged:
                judged.add(group)
                items = [e for e in parent.iterchildren(element.tag) if _kind(e) == group[2]]
                if len(items) >= _DATED_ITEMS and all(
                    count(item) <= TEASER_WORDS
                    and any(
                        _date_line(said, page.latest) for said in visible_text(item).split("\n")
                    )
                    for item in items
                ):
                    found = items
            element = parent
        if found is not None:
            break
    if found is None:
        return None
    inside = set(found)
    if any(
        node is not None and not any(e in inside for e in (node, *node.iterancestors()))
        for node in nodes
    ):
        return None
    return found


def _kind(element: HtmlElement) -> frozenset[str]:
    """The words of ``element``'s class that say what kind of item it is, not its place in a
    list: "views-row views-row-3 views-row-odd" is a "views-row" like its siblings."""
    words = (re.sub(r"\d+", "", word) for word in str(element.get("class") or "").split())
    return frozenset(word for word in words if word and not _PLACE_CLASSES.search(word))


def _title_link(anchor: HtmlElement) -> bool:
    """Whether ``anchor``'s text is a title's (`_TITLE_LINK_WORDS` words or more)."""
    return len(anchor.text_content().split()) >= _TITLE_LINK_WORDS


#: Text nodes that hold a given text (`_near_a_title_link`).
_HOLDING = lxml.etree.XPath("//body//text()[contains(normalize-space(.), $words)]")


def _near_a_title_link(tree: HtmlElement, line: str) -> bool:
    """Whether the page's text node where ``line`` begins (its first words) sits in an
    element of a teaser's words or fewer that holds a title's link (`_TITLE_LINK_WORDS`
    words or more): `read_teasers` finds the page's teasers only then, its walk over every
    link being as costly as a tenth of the reading (it is asked of the first two lines).
    True when the words are not found in one text node (a line that runs across inline
    markup): the walk decides."""
    words = " ".join(line.split()[:_TITLE_LINK_WORDS])
    nodes = _HOLDING(tree, words=words)
    if not nodes:
        return True
    for node in nodes:
        element = node.getparent()
        while element is not None and len(element.text_content().split()) <= TEASER_WORDS:
            if any(_title_link(anchor) for anchor in element.iter("a") if anchor.get("href")):
                return True
            element = element.getparent()
    return False


def dated_list(text: str, latest: date) -> Rejected | None:
    """`Rejected` when most of the reading's lines, three at least, open with a date or an
    hour and none is a paragraph of prose: a list of dated items (an events page, "Jan 16,
    2024 – Innovation Challenge"; a chronology; a day's calendar, "10.00 - sitting of the
    Committee on Finance"; a gallery's albums, each dated under its title, `_dated_below`),
    not a story."""
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) < DATED_LINES or max(len(line.split()) for line in lines) > _ITEM_WORDS:
        return None
    lines = _dated_below(lines, latest)
    opening = [_opens_with_date(line, latest) for line in lines]
    dated = sum(opening)
    # A day's calendar: its entries, and no sentence but theirs (an advisory says in one what
    # the programme under it is).
    hours = [
        not by_date and _schedule_entry(line) for line, by_date in zip(lines, opening, strict=True)
    ]
    if any(hours) and not any(
        states_a_sentence(line)
        for line, by_date, by_hour in zip(lines, opening, hours, strict=True)
        if not by_date and not by_hour
    ):
        dated += sum(hours)
    if dated >= DATED_LINES and dated >= DATED_LINES_SHARE * len(lines):
        return Rejected(
            Reason.LISTING,
            f"{dated} of {len(lines)} lines open with a date or an hour: a list of items",
        )
    return None


#: A line that opens with an hour of the day, a list's marker aside: "- 10.00 - sitting of
#: the Committee", "12:30 Press conference", "9.30h: arrival"; not a figure ("2.45 million
#: tourists"): an hour written with a stop is followed by a dash, an "h" or "a.m.".
_OPENS_WITH_HOUR = re.compile(
    r"\W{0,6}(?:[01]?\d|2[0-3])"
    r"(?::[0-5]\d(?:\s*(?:h|[ap]\.?m\.?))?(?=\s*[-–—:,]|\s+\w)"
    r"|\.[0-5]\d(?:\s*(?:h|[ap]\.?m\.?)(?=\s*[-–—:,]|\s+\w)|(?=\s*[-–—])))",
    re.IGNORECASE,
)


def _date_line(line: str, latest: date) -> bool:
    """Whether ``line`` is a date and little else: a weekday, a time, a label."""
    return len(line.split()) <= _DATE_OPENING_WORDS and _opens_with_date(line, latest)


def _dated_below(lines: list[str], latest: date) -> list[str]:
    """``lines`` with each line that is a date alone ("02.12.2026.") read as the opening of
    the line above it: a list's item dated under its title (a gallery's albums, "Title" over
    "02.12.2026.") is one dated item; not the first line's, a story's title dated under it."""
    items: list[str] = []
    for line in lines:
        if len(items) > 1 and _date_line(line, latest):  # not under the first line
            items[-1] = f"{line} {items[-1]}"
        else:
            items.append(line)
    return items


def _opens_with_date(line: str, latest: date) -> bool:
    """Whether the first words of ``line`` are a date, or a range of days ("Feb 6–8, 2024")."""
    opening = _DAY_RANGE.sub(r"\1", " ".join(line.split()[:_DATE_OPENING_WORDS]))
    return find_date(opening, latest + timedelta(days=_AHEAD_DAYS)) is not None


def too_short(
    text: str,
    links: frozenset[str] = frozenset(),
    minimum: int = MIN_WORDS,
    captions: frozenset[str] = frozenset(),
) -> Rejected | None:
    """`Rejected` when ``text`` has fewer than ``minimum`` words of prose.

    A page whose only text is layout-table cells (menus, addresses, a "not found" notice in an
    old table layout) is no story, however many cells it has; nor is one whose text is mostly
    lines that are the texts of its ``links`` (a menu the reading kept around a short notice),
    list markers and counts aside ("- News (12)"); a cookie banner's lines are none either, nor
    lines of fewer than `PROSE_LINE_WORDS` words (a calendar's cells, labels, lone dates),
    nor a line again but for its numbers (a gallery's "Bild 2 von 8", counted once), nor a
    schedule's entry (`_schedule_entry`). A line of pictures' ``captions`` is no prose,
    however they were joined in it, unless a sentence's words (`SENTENCE_WORDS`) stand beside
    them.
    """
    lines = text.splitlines()
    if captions:  # a line of captions only (a gallery's figures read on one line)
        lines = [
            "" if count_words(_without(line, captions)) < SENTENCE_WORDS else line for line in lines
        ]
    seen: set[str] = set()  # a line again but for its numbers: "Bild 2 von 8 · © Botschaft"
    words = sum(
        count
        for line in lines
        if (count := count_words(line)) >= PROSE_LINE_WORDS
        and not _TABLE_ROW.match(line)
        and _link_line(line) not in links
        and not cookie_notice(line)
        and not _schedule_entry(line)
        and _first_of_its_pattern(line, seen)
    )
    if words < minimum:
        return Rejected(Reason.TOO_SHORT, f"{words} words of prose")
    return None


def _schedule_entry(line: str) -> bool:
    """Whether ``line`` is an entry of a day's schedule: it opens with an hour
    (`_OPENS_WITH_HOUR`) and is an item's length (`_ITEM_WORDS`: "10.00 - sitting of the
    Committee on Finance (House of the National Assembly, hall 2)", a calendar box beside the
    page's text), not a paragraph that opens with the hour it tells of. (A live blog of short
    entries reads as a schedule too: nothing in an entry's words tells them apart.)"""
    return bool(_OPENS_WITH_HOUR.match(line)) and len(line.split()) <= _ITEM_WORDS


def _first_of_its_pattern(line: str, seen: set[str]) -> bool:
    """Whether no line of ``seen`` is ``line`` but for its numbers (a gallery's "Bild 1 von
    8 · © Deutsche Botschaft Belgrad", "Bild 2 von 8 ..."): its words count once."""
    pattern = _DIGITS.sub("#", " ".join(line.split()))
    if pattern in seen:
        return False
    seen.add(pattern)
    return True


_DIGITS = re.compile(r"\d+")


def _without(line: str, texts: frozenset[str]) -> str:
    """``line`` without any of ``texts`` in it."""
    for text in texts:
        if text in line:
            line = line.replace(text, " ")
    return line


#: How a sentence ends: its stop (the Devanagari danda, the Urdu full stop, the Arabic
#: question mark, the Ethiopic, Myanmar and Khmer stops among them), then any closing quote
#: or bracket.
_STOPS = ".!?…。！？।॥۔؟።။។"
_SENTENCE_END = re.compile(rf"[{_STOPS}][\"'”’»)\]」』）]*$")


def sentences(text: str, without: frozenset[str] = frozenset(), enough: int = 2) -> int:
    """How many sentences ``text`` states (as `states_a_sentence` reads one), on lines that
    are not among ``without`` (a gallery's captions), counted up to ``enough``."""
    count = 0
    for line in text.splitlines():
        if count >= enough:
            break
        if not without or squash(line) not in without:
            count += len(_sentences_of(line))
    return min(count, enough)


def states_a_sentence(text: str) -> bool:
    """Whether ``text`` says something in a sentence: `SENTENCE_WORDS` words or more, ending
    as sentences end, on a line that is not shouted (a banner's "EMBASSY OF ... WASHINGTON,
    D.C.") nor a copyright notice. A notice says what it announces in one, maybe on one line
    with its heading and its share links; a fact sheet's rows ("Independence", "June 25,
    1991"), a banner and a copyright line ("© 1997-1999 Embassy ..., 1525 New Hampshire Ave.
    NW, Washington, D.C. 20036") are none."""
    return sentences(text, enough=1) > 0


def shouted(line: str) -> bool:
    """Whether ``line`` is written in capitals (a banner's "EMBASSY OF ..."); a line in a
    script without capitals (Chinese, Hindi, Arabic) never is."""
    return not any(character.islower() for character in line) and any(
        character.isupper() for character in line
    )


def _sentences_of(line: str) -> list[str]:
    """The sentences of one line (`states_a_sentence`): none of a line in capitals, though
    a script without capitals (Chinese, Hindi, Arabic) is never shouted."""
    if shouted(line) or _COPYRIGHT.search(line):
        return []
    return [
        part
        for part in _SENTENCE_BREAK.split(line.strip())
        if count_words(part) >= SENTENCE_WORDS and _SENTENCE_END.search(part)
    ]


#: Where a sentence ends inside a line, and what a copyright line says.
_SENTENCE_BREAK = re.compile(rf"(?<=[{_STOPS}])[\"'”’»)\]」』）]*\s+")
_COPYRIGHT = re.compile(
    r"©|\(c\)\s*\d{4}|\bcopyright\b|all rights reserved|sva prava zadr[žz]ana|"
    r"сва права задржана|alle rechte vorbehalten|tous droits réservés",
    re.IGNORECASE,
)


#: A cookie banner's line, which a reading may keep: no prose of a story.
_COOKIES = re.compile(r"\bcookies?\b|kola[čc]i[ćc]|колачи[ћц]|\bkeks", re.IGNORECASE)
#: What every line `_COOKIES` finds holds, casefolded: "cook", not "cookie", as the case-blind
#: search takes the dotless "ı" for an "i", which casefolds to itself.
_COOKIE_STEMS = ("cook", "kolač", "kolac", "колачи", "keks")


def cookie_notice(line: str) -> bool:
    """Whether ``line`` is a cookie banner's: no prose of a story, nor of a box of teasers."""
    lowered = line.casefold()
    if not any(stem in lowered for stem in _COOKIE_STEMS):
        return False  # most lines: a substring test costs a tenth of the search
    return _COOKIES.search(line) is not None


#: A list item's marker before a line, and a count after it ("- News (12)", "October 2017 (5)"):
#: what a widget of categories or months adds to the text of its links.
_ITEM_MARKER = re.compile(r"^[-*•·–]\s+")
_ITEM_COUNT = re.compile(r"\s*[(\[]\d+[)\]]$")


def _link_line(line: str) -> str:
    """``line`` as the text of the link it may be: without a list item's marker and count."""
    return _ITEM_COUNT.sub("", _ITEM_MARKER.sub("", squash(line)))


#: Words of a line that says a page is not there, at most ("Тражена вест не постоји или је
#: уклоњена.", "Can not find an article with id:").
GONE_LINE_WORDS = 12
#: What a site says, with status 200, on the page of a story it removed (a "soft 404"), in the
#: languages of the newsrooms watched.
_GONE = re.compile(
    r"\b(?:(?:page|article|item|story|news|content|post)\b[^.!\n]{0,60}?\b(?:not (?:be )?found|"
    r"does not exist|doesn't exist|no longer (?:exists|available)|(?:has been|was) "
    r"(?:removed|deleted))|(?:can ?not|could not|can't|unable to) find (?:an? |the )?"
    r"(?:page|article|item|story|news|content|post)\b|"
    r"404\b[^.\n]{0,20}not found|not found\b[^.\n]{0,10}404|"
    r"ne postoji|nije prona[đd]en|не постоји|није пронађен|n'existe (?:pas|plus)|introuvable|"
    r"nicht gefunden|existiert nicht|no existe|non (?:è|e) (?:stat[oa] )?trovat[oa]|"
    r"non esiste|не найден|не существует)"
    # Korean, Japanese, Chinese notices, written without spaces around them: "the post/page
    # does not exist", "was deleted", "the page cannot be found"
    r"|게시물이 존재하지 않|페이지가 존재하지 않|삭제된 게시물|페이지를 찾을 수 없습니다|"
    r"ページが見つかりません|記事が見つかりません|ページは存在しません|"
    r"页面不存在|文章不存在|已被删除",
    re.IGNORECASE,
)


def says_gone_in(text: str) -> bool:
    """Whether a line of ``text`` of `GONE_LINE_WORDS` words or fewer says that what was
    asked for is not there: a notice of its own, not a sentence of a story that mentions
    something that does not exist."""
    return any(
        count_words(line) <= GONE_LINE_WORDS and _GONE.search(line) for line in text.splitlines()
    )


def says_gone(tree: HtmlElement) -> bool:
    """Whether the page says that what was asked for is not there (a "soft 404"), in a line of
    its own (a heading's text and the next paragraph's are not read as one sentence)."""
    body = tree.find("body")
    return bool(_GONE.search(visible_text(body if body is not None else tree)))

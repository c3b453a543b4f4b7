"""The links a story page states about itself: the rel=canonical it can be trusted with, and
the translations it names with hreflang."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, quote, unquote, urljoin, urlsplit

import lxml.etree
from babel import Locale, UnknownLocaleError
from lxml.html import HtmlElement

from crawler.core.families import PAGE_EXTENSION
from crawler.core.keys import canonical_url
from crawler.core.newsrooms import origin_of
from crawler.extraction.dates import LANGUAGE_CODES
from crawler.extraction.elements import CHROME
from crawler.extraction.page import Page

__all__ = [
    "alternates",
    "another_page_titled",
    "canonical_link",
    "closing_links",
    "is_home",
    "preload",
    "switcher_texts",
]


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


#: Words of a language switcher's item: "DE", "English", "Srpski (latinica)".
_SWITCHER_WORDS = 3

#: A switcher's items, links and the spans of languages a page lacks, that state a language:
#: ``lang``, ``hreflang``, or XHTML's ``xml:lang`` (Drupal 7's).
_LANGUAGED = lxml.etree.XPath(
    "//a[@lang or @hreflang or @*[name()='xml:lang']]"
    " | //span[@lang or @hreflang or @*[name()='xml:lang']]"
)

#: The last part of a site's home page's path besides a language's code: Serbian sites'
#: script ("/lat", "/cyr"), an index or a default file ("index.php", "Default.aspx"), "home".
_HOME_PART = re.compile(
    rf"lat|cyr|(?:index|default|home|homepage)(?:{PAGE_EXTENSION})?"
    r"|po[cč]etna|naslovna|pocetna-strana|accueil|startseite|inicio|etusivu|forside|startsida"
    r"|hem|главна|почетна|насловна",
    re.IGNORECASE,
)
#: A language's path segment: its code, and a region or script ("sr", "en-gb", "sr-latn",
#: "sr_lat", "sr_cyr").
_LANGUAGE_PART = re.compile(r"([a-z]{2})(?:[-_](?:[a-z]{2}|[a-z]{4}|lat|cyr))?", re.IGNORECASE)


#: A script's path segment, the language it writes left to the site ("/cir/", "/lat/").
_SCRIPT_PART = re.compile(r"lat|latn|cir|cyr|cyrl", re.IGNORECASE)


def _language_part(part: str) -> bool:
    """Whether a path segment names a language or a script ("en", "sr-latn", "cir")."""
    return _language_code_part(part) or _SCRIPT_PART.fullmatch(part) is not None


def _language_code_part(part: str) -> bool:
    """Whether a path segment is a language's code, maybe with its region or script ("en",
    "sr-latn"): not a script's alone ("lat", "cir")."""
    match = _LANGUAGE_PART.fullmatch(part)
    return match is not None and match.group(1).lower() in LANGUAGE_CODES


def is_home(url: str) -> bool:
    """Whether ``url`` is a site's home page, in one of its languages ("/", "/sr/", "/en",
    "/lat", "/index.php", "/sr/pocetna"): not "/tv" nor "/eu-aid", a story's slug."""
    parts = urlsplit(url)
    if parts.query:
        return False
    segments = [segment for segment in unquote(parts.path).split("/") if segment]
    if segments and _language_part(segments[0]):
        segments = segments[1:]  # "/sr/pocetna", "/en/index.html": a language's home
    return not segments or (len(segments) == 1 and bool(_HOME_PART.fullmatch(segments[0])))


def _switchers(tree: HtmlElement) -> list[tuple[list[HtmlElement], bool | None]]:
    """The page's language switchers, each as its items that state a language (links, and
    the spans of languages the page has no translation in): items of a few words side by side
    in one list, two languages or more (None: not asked whether it shows the page's own), or
    one shown beside a plain item in the page's own (True, `_shows_itself`)."""
    groups: dict[HtmlElement, list[HtmlElement]] = {}
    for item in _LANGUAGED(tree):
        if len(item.text_content().split()) > _SWITCHER_WORDS:
            continue
        if (row := _row(item)) is not None:
            groups.setdefault(row, []).append(item)
    found: list[tuple[list[HtmlElement], bool | None]] = []
    for items in groups.values():
        if not any(i.tag == "a" for i in items):
            continue
        if len({_language(i) for i in items}) >= 2:
            found.append((items, None))  # whether it shows itself: asked when it matters
        elif _shows_itself(items):
            found.append((items, True))
    return found


#: Items of a list that is a language switcher, at most: a menu has more.
_SWITCHER_ITEMS = 8


def _row(item: HtmlElement) -> HtmlElement | None:
    """The element whose items ``item`` stands side by side with: its parent, or the list
    its list item is one of."""
    parent = item.getparent()
    if parent is not None and parent.tag == "li":
        return parent.getparent()
    return parent


def _shows_itself(items: list[HtmlElement]) -> bool:
    """Whether the list of a switcher's ``items`` shows the page's own language as a text of
    its own beside them, no link and no other language stated (um.dk's "<li><a lang='da'>
    Dansk</a></li><li class='active'><span>English</span></li>", or items of no list side by
    side): a switcher of the page itself, however few languages its links state."""
    parent = items[0].getparent()
    if parent is None:
        return False
    if parent.tag == "li":
        if (switcher := parent.getparent()) is None:
            return False
        entries = list(switcher.iterchildren("li"))
    else:
        # Items side by side, no list: "<span>English</span> | <a lang='fr'>Français</a>"
        # (SharePoint's STO site).
        entries = [child for child in parent if isinstance(child.tag, str)]
    if len(entries) > _SWITCHER_ITEMS:
        return False
    for entry in entries:
        words = len(entry.text_content().split())
        if words > _SWITCHER_WORDS:
            return False
        if (
            words
            and next(entry.iter("a"), None) is None
            and not _LANGUAGED_HERE(entry)
            and names_a_language(entry.text_content())
        ):
            return True
    return False


def names_a_language(text: str) -> bool:
    """Whether ``text`` is a language's name, in English or in itself ("English", "Dansk",
    "Srpski", "Српски"), its two-letter code ("EN"), or a script's a language is written in
    ("ћирилица | latinica | English": kim.gov.rs's switcher, `_SCRIPT_NAMES`): not a
    separator, a button, a phone."""
    name = " ".join(text.split()).casefold()
    return name in LANGUAGE_CODES or name in _SCRIPT_NAMES or name in _language_names()


#: A script's name as a switcher between the Serbian (Montenegrin, Bosnian, Macedonian)
#: Cyrillic and Latin versions of a page names it, whole or short.
_SCRIPT_NAMES = frozenset(
    {"ћирилица", "кирилица", "ćirilica", "cirilica", "čirilica", "cyrillic", "ћир", "cyr", "cir"}
    | {"latinica", "латиница", "лат", "lat"}
)


@lru_cache(maxsize=1)
def _language_names() -> frozenset[str]:
    """The names of dateparser's languages (`LANGUAGE_CODES`) and their scripts' variants
    (Serbian's Latin "srpski"), in English and in themselves, from Babel's CLDR data: read
    once, and only when a page's switcher asks (some 1.5 s)."""
    return frozenset(name for code in sorted(LANGUAGE_CODES) for _, name in _names_of(code))


#: An item that states a language of its own (`_LANGUAGED`, asked of one element).
_LANGUAGED_HERE = lxml.etree.XPath(
    "descendant-or-self::*[@lang or @hreflang or @*[name()='xml:lang']]"
)


def switcher_texts(tree: HtmlElement) -> frozenset[str]:
    """What the items of the page's language switchers outside its story (no <article> or
    <main> around them) say ("Română", "Srpski", "EN")."""
    return frozenset(
        " ".join(item.text_content().split())
        for items, _ in _switchers(tree)
        if not any(a.tag in ("article", "main") for a in items[0].iterancestors())
        for item in items
    )


def _switcher(tree: HtmlElement, url: str) -> list[HtmlElement]:
    """The links of the page's language switcher that lead to the page's other languages.

    A switcher that links the page itself (Drupal's active language), or shows its language
    as a text of its own (`_shows_itself`), gives its other links as they are: each leads to
    this page in its language, however it is named (Drupal gives a translation a node of its
    own). Else a link counts that leads to a page named as the
    page at ``url`` is (its last path segment, or a number of three digits or more in it): a
    switcher on a page with no translation leads to each language's home or section. Drupal's
    ``hreflang`` on every link of one language makes no switcher; a home page is never a
    translation."""
    named = _names(url)
    here = _address(url)
    depth = _depth(url)
    found = []
    for items, itself in _switchers(tree):
        anchors = [a for a in items if a.tag == "a" and a.get("href")]
        targets = [urljoin(url, str(a.get("href"))) for a in anchors]
        shown = _shows_itself(items) if itself is None else itself
        links_here = shown or any(_address(target) == here for target in targets)
        for anchor, target in zip(anchors, targets, strict=True):
            if is_home(target) or _address(target) == here:
                continue
            # A page as deep as this one, a language's prefix aside: not the section a
            # language without this page's translation is sent to.
            if (links_here and _depth(target) >= depth) or named & _names(target):
                found.append(anchor)
    return found


def _elsewhere(page: Page, anchor: HtmlElement) -> bool:
    """Whether ``anchor`` leads to another page of the page's site."""
    href = str(anchor.get("href") or "").strip()
    if not href or href.startswith("#"):
        return False
    target = urljoin(page.base, href)
    if urlsplit(target).scheme not in ("http", "https"):
        return False
    here = _address(page.url)
    address = _address(target)
    return address[0] == here[0] and address != here


#: The page's links whose text is a given one ($text), or closes a given line ($line).
_SAYING = lxml.etree.XPath("//a[@href][normalize-space(.) = $text]")
_CLOSING = lxml.etree.XPath(
    "//a[@href][normalize-space(.) != '']"
    "[substring($line, string-length($line) - string-length(normalize-space(.)) + 1)"
    " = normalize-space(.)]"
)


def another_page_titled(page: Page, text: str) -> bool:
    """Whether a link to another page of the site says ``text`` (squashed): a heading that
    says what a menu's link says names that page (its section: "Press Releases" over a
    press release), not this one. A link to the page itself (a box of the latest stories
    lists it too) is none."""
    return any(_elsewhere(page, anchor) for anchor in _SAYING(page.tree, text=text))


def closing_links(page: Page, line: str) -> list[str]:
    """The texts of the links to other pages of the site that ``line`` (squashed) closes
    with: an entry of a list of other stories ends with its title."""
    return [
        " ".join(anchor.text_content().split())
        for anchor in _CLOSING(page.tree, line=line)
        if _elsewhere(page, anchor)
    ]


def _depth(url: str) -> int:
    """How many segments the path of ``url`` has below its language's, if it names one."""
    parts = [part for part in urlsplit(url).path.split("/") if part]
    return len(parts) - bool(parts and _language_part(parts[0]))


def _address(url: str) -> tuple[str, str, frozenset[tuple[str, str]]]:
    """Host, path and query of ``url`` as a link may write them ("www." or not, a closing
    slash or not, the query's fields in any order): a switcher's ``?lang=sr`` is another."""
    parts = urlsplit(url)
    return (
        parts.netloc.lower().removeprefix("www."),
        unquote(parts.path).rstrip("/"),
        frozenset(parse_qsl(parts.query, keep_blank_values=True)),
    )


def _names(url: str) -> set[str]:
    """What names the page at ``url``: its last path segment and the numbers in it."""
    last = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    return {last, *re.findall(r"\d{3,}", last)} - {""}


def _language(element: HtmlElement) -> str:
    return str(
        element.get("hreflang") or element.get("lang") or element.get("xml:lang") or ""
    ).strip()


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
    named = [(link, _language(link)) for link in [*links, *_switcher(page.tree, page.url)]]
    for link, language in [
        *named,
        *_read_in(page),
        *_named_switcher(page),
        *_query_switcher(page),
        *_language_swapped(page),
    ]:
        if not language or language.lower() == "x-default":
            continue
        url = canonical_url(urljoin(relative_to, str(link.get("href"))), page.family.url_rules)
        if url != page_url and urlsplit(url).scheme in ("http", "https"):
            found.setdefault(url, language)
    return tuple(found.items())


def _language_swapped(page: Page) -> list[tuple[HtmlElement, str]]:
    """Links that lead to the page's own address with its language's path segment another
    language's, and state that language ("<a lang='ar' href='/ar/news/details/1448/06/20/
    slug'>" on "/en/news/details/1448/06/20/slug") or name it in a word or two (mfa.am's
    "Հայ | Eng | Srp": "/sr/news/2026/11/27/culture_days_ns/1484" on "/en/..."): a switcher
    that a switcher's shape cannot tell from a menu, or whose names are no language's."""
    here = urlsplit(page.url)
    segments = [part for part in unquote(here.path).split("/") if part]
    if not segments:
        return []
    found = []
    own = _page_language(page)
    names = (segments[-1], quote(segments[-1]))
    for anchor in page.tree.iter("a"):
        href = str(anchor.get("href") or "").strip()
        if names[0] not in href and names[1] not in href:
            continue  # not this page's address (read before any is parsed)
        language = _language(anchor)
        if not language and not 1 <= len(anchor.text_content().split()) <= _SWITCHER_WORDS:
            continue
        try:
            target = urlsplit(urljoin(page.base, href))
        except ValueError:  # "http://[fr.example...": no address
            continue
        if target.netloc.lower() != here.netloc.lower() or target.query != here.query:
            continue
        others = [part for part in unquote(target.path).split("/") if part]
        if abs(len(others) - len(segments)) == 1:
            # The site's first language has no segment of its own: the other page's address
            # is this one's with a language's code put in or taken out ("/Serbia/news/
            # details/5127" and "/Serbia/en/news/details/5127"), its language stated or named.
            swapped = _segment_language(segments, others, anchor, language, own)
            if swapped is not None:
                found.append((anchor, swapped))
            continue
        if len(others) != len(segments):
            continue
        differ = [(a, b) for a, b in zip(segments, others, strict=True) if a != b]
        # Languages' codes, not scripts' ("/cir/", "/lat/": one language's twins)
        if len(differ) != 1 or not all(_language_code_part(part) for part in differ[0]):
            continue
        own, theirs = (re.split(r"[-_]", part.casefold())[0] for part in differ[0])
        language = language or differ[0][1]
        # Another language, not a region's or a script's variant ("/en-gb/", "/sr-cyrl/").
        if theirs == language.casefold().split("-")[0] and theirs != own:
            found.append((anchor, language))
    return found


def _page_language(page: Page) -> str:
    """The page's own language as its <html lang> says it, its base only ("sr" of "sr-Latn"),
    casefolded; "" where it says none."""
    root = page.tree.getroottree().getroot()
    return str(root.get("lang") or "").split("-")[0].casefold()


def _word_language(word: str) -> str | None:
    """The language a switcher's one word names (`_named_language`), or Arabic's adjective
    "عربي" that CLDR does not give (its "العربية"), beside "English" on Arab ministries' and
    embassies' pages: asked only of a link to the page's own address in another language,
    where a word can name no other thing (a bar of links may lead "عربي" to the Arabic home
    page, which is no translation)."""
    return _named_language(word) or _SWITCHER_NAMES.get(word.strip().casefold())


#: Names of a language a switcher writes that CLDR does not give (`_word_language`).
_SWITCHER_NAMES = {"عربي": "ar", "عربى": "ar"}


def _segment_language(
    segments: list[str], others: list[str], anchor: HtmlElement, stated: str, own_language: str
) -> str | None:
    """The language of the page at the path ``others``, one segment longer or shorter than
    this page's ``segments``, where that segment is a language's code and the paths are the
    same without it, as the link states it or names it in a word (``stated``, its text): the
    code's language where it is put in (not the page's ``own_language``), another where it
    is taken out. None otherwise."""
    longer, shorter = (others, segments) if len(others) > len(segments) else (segments, others)
    for at, part in enumerate(longer):
        if longer[:at] + longer[at + 1 :] == shorter:
            if not _language_code_part(part):
                return None
            text = " ".join(anchor.text_content().split())
            named = stated or (_word_language(text) if len(text.split()) == 1 else None)
            if named is None:
                return None
            code = re.split(r"[-_]", part.casefold())[0]
            language = named.split("-")[0].casefold()
            if longer is others:
                # The code put in: the language the link names, the code's and not the
                # page's own ("Ћирилица" to "/sr-cyrl/...": a script's twin, no translation;
                # "Save" to "/my/...": no language named).
                return named if language == code and language != own_language else None
            return named if language != code else None
    return None


#: Words of a link that offers the page in another language, at most ("Read in English",
#: "Pročitajte na srpskom", "Versión en español"), before any colon and the title after it.
_READ_IN_WORDS = 4
#: Links that may be such: in a paragraph or a <div> of their own, of a few words (before
#: the title after a colon, which may be long).
_READ_IN_LINKS = lxml.etree.XPath(
    "//p/a[@href][string-length(normalize-space()) < 160]"
    " | //div/a[@href][string-length(normalize-space()) < 160]"
)
#: What may stand between such links in their paragraph: separators, no words.
_SEPARATORS = re.compile(r"[\s|·•/,;–—-]*")
#: A language's name is known by its first letters, however its language declines it
#: ("srpskom", "srpski"; "español"; "English").
_STEM = 5


def _read_in(page: Page) -> list[tuple[HtmlElement, str]]:
    """Links in a paragraph of their own that offer the page in another language, by name
    ("<p><a>Read in English</a> | <a>Pročitajte na srpskom</a></p>", "<p><a>Pročitajte na
    srpskom: Oltar za Dan mrtvih</a></p>"), with the language each names; not one in the
    page's own language, nor a language's home page. Sites that link a story's translations
    only so (gov.br's Plone, the SRE's Joomla) give them no hreflang."""
    own = _page_language(page)
    found = []
    for anchor in _READ_IN_LINKS(page.tree):
        href = anchor.get("href")
        block = anchor.getparent()
        words = anchor.text_content().split(":", 1)[0].split()
        if not 1 <= len(words) <= _READ_IN_WORDS:
            continue
        # Its last word ("Read in English"), or the first of two ("English version").
        language = _named_language(words[-1]) or (
            _named_language(words[0]) if len(words) <= 2 else None
        )
        if language is None or language.split("-")[0] == own:
            continue
        if any(ancestor.tag in CHROME for ancestor in block.iterancestors()):
            continue  # the site's menus: its languages' sections
        if not _SEPARATORS.fullmatch(_without_links(block)):
            continue
        if is_home(urljoin(page.base, href)):
            continue
        found.append((anchor, language))
    return found


def _named_switcher(page: Page) -> list[tuple[HtmlElement, str]]:
    """A few links side by side (`_SWITCHER_ITEMS` at most, of a few words each), one of them
    leading to the page itself or an item beside them naming its language (`_names_itself`),
    others named by a language and stating none (no ``lang``, no ``hreflang``): those lead to
    it in their languages (Lotus Domino's "English | Ελληνικά" in a bar of other links: the
    Cypriot MFA's pages; "Ћирилица | Latinica | English": the Serbian Armed Forces'), unless
    to a language's home or a shallower page (its section), or in the page's own language.
    Only the groups of links where one names a language are asked where theirs lead."""
    # Side by side: in one element, or in the items of one list; a menu has more. Their
    # texts are read only for the groups of a switcher's size.
    anchors: dict[HtmlElement, list[HtmlElement]] = {}
    for anchor in page.tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or (href.startswith("#") and href != "#"):
            continue  # an anchor in the page; "#" alone is the switcher's own item ("EN")
        if (row := _row(anchor)) is not None:
            anchors.setdefault(row, []).append(anchor)
    groups = [
        [(anchor, _link_name(anchor)) for anchor in group]
        for group in anchors.values()
        if len(group) <= _SWITCHER_ITEMS
    ]
    groups = [
        [(anchor, text) for anchor, text in group if 1 <= len(text.split()) <= _SWITCHER_WORDS]
        for group in groups
    ]
    here = _address(page.url)
    depth = _depth(page.url)
    own = _page_language(page)
    found = []
    for group in groups:
        named = [names_a_language(text) for _, text in group]
        if not any(named):
            continue  # no language named
        items = []
        for (anchor, text), language in zip(group, named, strict=True):
            code = None
            if language and not _LANGUAGED_HERE(anchor):
                code = text if text in LANGUAGE_CODES else _named_language(text.split()[0])
            target = urljoin(page.base, str(anchor.get("href")).strip())
            items.append((anchor, text, code, target, _address(target) == here))
        # The switcher shows the page itself: an item links it, one beside the links names
        # its language, or the link named in it leads to its language's home ("EN" to the
        # English home, "SK" to the Slovak twin: eodcoe.org's).
        if (
            not any(itself for *_, itself in items)
            and not _names_itself(group[0][0])
            and not any(
                code and code.split("-")[0] == own and is_home(target)
                for _, _, code, target, _ in items
            )
        ):
            continue
        # A language's code ("EN", "DE") names one only among other languages' names and
        # codes: in a row of tabs, "EU" and "IT" are topics.
        codes_only = all(code is not None or itself for _, _, code, _, itself in items)
        found += [
            (anchor, code)
            for anchor, text, code, target, itself in items
            if code is not None
            and (codes_only or text not in LANGUAGE_CODES)
            and code.split("-")[0] != own
            and not itself
            and not is_home(target)
            and _depth(target) >= depth
        ]
    return found


def _link_name(anchor: HtmlElement) -> str:
    """What a switcher's link says, folded: its text, or where it has none the ``alt`` of its
    flag (Joomla's language switcher: ``<img alt="English (UK)">``), a region or a script in
    brackets after it left out ("English (UK)": "english")."""
    text = anchor.text_content()
    if not text.strip():
        image = next(anchor.iter("img"), None)
        text = str(image.get("alt") or "") if image is not None else ""
    return _BRACKETED.sub("", " ".join(text.split())).casefold()


#: A region or a script in brackets closing a language's name: "(UK)", "(ћирилица)".
_BRACKETED = re.compile(r"\s*\([^()]*\)$")


#: A query field that holds the page's language: "lang", "langTag", "culture", "locale".
_LANGUAGE_FIELD = re.compile(
    r"lang|language|langtag|langcode|lng|locale|culture|hl|jezik|sprache|langue|idioma|lingua",
    re.IGNORECASE,
)
#: Its value: a language, and maybe its script and region in either order: "en", "kk",
#: "bs-BA", "sr-SP-Cyrl" (.NET's old culture names), "sr-Latn-RS", "sr_Latn".
_LANGUAGE_VALUE = re.compile(
    r"([a-z]{2})(?:[-_](latn|cyrl))?(?:[-_][a-z]{2})?(?:[-_](latn|cyrl))?", re.IGNORECASE
)


def _language_value(value: str) -> str | None:
    """The language (and script) a query field's value names (`_LANGUAGE_VALUE`), or None."""
    match = _LANGUAGE_VALUE.fullmatch(value)
    if match is None or match.group(1).lower() not in LANGUAGE_CODES:
        return None
    script = match.group(2) or match.group(3)
    return match.group(1).lower() + (f"-{script.title()}" if script else "")


def _query_switcher(page: Page) -> list[tuple[HtmlElement, str]]:
    """Links to the page's own address but for the value of one query field of a language
    (`_LANGUAGE_FIELD`), where the page's address names its own in that field ("?lang=ru" and
    "?lang=kk" beside "?lang=en": the gov.kz portal's; "langTag=hr-HR" beside
    "langTag=bs-BA"): the page in those languages, whatever the links say ("Рус", "Қаз").
    Asked only of pages whose address names a language so."""
    fields = parse_qsl(urlsplit(page.url).query, keep_blank_values=True)
    own = {
        name: value
        for name, value in fields
        if _LANGUAGE_FIELD.fullmatch(name) and _language_value(value) is not None
    }
    if not own:
        return []
    host, path, query = _address(page.url)
    found = []
    for anchor in page.tree.iter("a"):
        href = str(anchor.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        try:
            there = _address(urljoin(page.base, href))
        except ValueError:  # "http://[www...": no address
            continue
        if there[:2] != (host, path):
            continue
        differ = query ^ there[2]
        names = {name for name, _ in differ}
        if len(differ) == 2 and len(names) == 1 and (name := names.pop()) in own:
            code = _language_value(dict(there[2])[name])
            if code is not None and code != _language_value(own[name]):
                found.append((anchor, code))
    return found


#: What parts the names of one item: "Bosanski / Hrvatski / Srpski".
_NAMES_APART = re.compile(r"\s*[/|,]\s*")


def _names_itself(anchor: HtmlElement) -> bool:
    """Whether beside ``anchor``, among its switcher's items, one that links nowhere names
    the page's languages ("<span>Bosanski / Hrvatski / Srpski</span> | <a>Српски</a> |
    <a>English</a>": the BiH foreign ministry's): the switcher shows the page itself."""
    if (row := _row(anchor)) is None:
        return False
    for child in row:
        if (
            not isinstance(child.tag, str)
            or child.tag == "a"
            or next(child.iter("a"), None) is not None
        ):
            continue
        names = [name for name in _NAMES_APART.split(child.text_content().strip()) if name]
        if names and len(names) <= _SWITCHER_WORDS and all(map(names_a_language, names)):
            return True
    return False


def preload() -> None:
    """Read the languages' and countries' names now (a fork server's, for its workers)."""
    _language_names()
    _language_stems()
    _territory_names()


def _without_links(block: HtmlElement) -> str:
    """The text of ``block`` but its links'."""
    parts = [block.text or ""]
    for child in block:
        if child.tag != "a":
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return "".join(parts)


def _named_language(word: str) -> str | None:
    """The language a word names by its first letters ("English", "srpskom", "español"), or
    None."""
    stem = word.strip(".,;:!?()[]«»\"'").casefold()
    if len(stem) < _STEM or stem in _territory_names():
        return None  # "Serbia", "Portugal", "Srbija": a country, not its language
    return _language_stems().get(stem[:_STEM])


@lru_cache(maxsize=1)
def _territory_names() -> frozenset[str]:
    """The names of countries and territories, in English and in the languages' own (CLDR):
    a country's name begins as its language's does."""
    names: set[str] = set()
    for code in ("en", *sorted(LANGUAGE_CODES)):
        try:
            locale = Locale.parse(code)
        except (ValueError, UnknownLocaleError):
            continue
        names.update(name.casefold() for name in locale.territories.values())
    return frozenset(names)


@lru_cache(maxsize=1)
def _language_stems() -> dict[str, str]:
    """The first letters of each word of the languages' names (`_language_names`' CLDR data)
    and the language (and script) they name: a stem two languages share names neither."""
    stems: dict[str, str] = {}
    shared: set[str] = set()
    for code in sorted(LANGUAGE_CODES):
        for tag, name in _names_of(code):
            for word in name.split():
                if len(word) < _STEM:
                    continue
                stem = word[:_STEM]
                if stems.setdefault(stem, tag).split("-")[0] != tag.split("-")[0]:
                    shared.add(stem)
    return {stem: tag for stem, tag in stems.items() if stem not in shared}


def _names_of(code: str) -> list[tuple[str, str]]:
    """(tag, name) of a language and its scripts' variants, in English and in itself."""
    found = []
    for script in ("", "Latn", "Cyrl"):
        locale_tag, tag = (f"{code}_{script}", f"{code}-{script}") if script else (code, code)
        try:
            locale = Locale.parse(locale_tag)
        except (ValueError, UnknownLocaleError):
            continue
        for name in (locale.get_language_name(), locale.get_language_name("en")):
            if name:
                found.append((tag, name.casefold()))
    return found

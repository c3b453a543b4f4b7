"""Template links: the pages a newsroom links from most of its own pages.

Menus, sidebars, footers and language switches repeat on every page of a site, so the pages
they lead to (about, contact, gallery, topic and section pages, the home page in another
language) are linked from nearly every page fetched, where a story is linked from a few: its
listing, a teaser box, a related story. A crawl counts, for each newsroom, how many of the
pages it read link each URL (`SiteLinks.saw`); `SiteLinks.everywhere` says whether a URL is
one of those template links, and does not know until enough pages were read to tell;
`SiteLinks.section` tells a section from a story in a "latest news" box on every page by the
shape of its URL (`shape`): a story has siblings of its shape that are no template links.

This is a hint about a page's place in the site, never a verdict on its own: the pipeline
drops a section only when the page itself states no date of a story
(`crawler.components.pipelines`). Pure counting: no Scrapy, no I/O.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, unquote, urlsplit

__all__ = [
    "INDEXED",
    "SIBLINGS",
    "SLUG_SEPARATOR",
    "SLUG_WORDS",
    "TEMPLATE_MIN_PAGES",
    "TEMPLATE_SHARE",
    "SiteLinks",
    "shape",
    "template",
]

#: Pages read before a newsroom's template links are told apart from its stories: on the
#: start page alone every link it shows is "on every page read".
TEMPLATE_MIN_PAGES = 6
#: Share of the pages read that must link a URL for it to be a template link. Not all pages
#: carry the whole template (print pages, pop-ups, a page that failed half-way), so less than 1.
TEMPLATE_SHARE = 0.6

#: URLs of one shape, linked from few pages, that make a template link one of many stories.
SIBLINGS = 3
#: Pages of one shape, linked from few pages, that a section lists (`SiteLinks.indexes`).
INDEXED = 4


#: A page named by one word and a number ("embassy_001.html", "story-12.html", "vest03.htm"):
#: the word says what kind of page it is, so it is part of the shape; a slug of several words
#: with a number, or a number first ("20171115-visit"), is one story's name.
_NAMED_NUMBER = re.compile(r"(?P<word>[^\W\d_]+)(?P<mark>[-_]?)\d[\d_-]*(?:\.\w{2,5})?$")


#: A name that closes with two numbers or more, each after a dot, before its extension: a
#: CMS's "<title>.<item>.<section>.html" (the National Assembly of Serbia's).
_DOTTED_NUMBERS = re.compile(r"((?:\.\d+){2,})(\.[^\W\d_]{2,5})?$")
_CLOSING_NUMBER = re.compile(r"\d+$")
#: Longer names are read as they are (no regex runs over a hostile page's thousand digits).
_NAME_CHARACTERS = 200


def _section_numbers(name: str) -> list[str] | None:
    """The numbers a page's ``name`` closes with (its item's, then its section's) and its
    extension, when it is "<title>.<item>.<section>.html": not a date written with stops
    ("saopstenje-17.05.2026.html", "izjava.2026.05.17.html"), whose numbers are a day's."""
    decoded = unquote(name)
    if len(decoded) > _NAME_CHARACTERS:
        return None
    found = _DOTTED_NUMBERS.search(decoded)
    stem = decoded[: found.start()] if found is not None else ""
    if found is None or stem.endswith(".") or not any(c.isalpha() for c in stem):
        return None  # no title before the numbers: "18.05.2026", a day
    numbers = found[1].split(".")[1:]
    # With the number the title closes with ("saopstenje-17" of "saopstenje-17.05.2026"):
    # a day written with stops, the year first or last.
    opening = _CLOSING_NUMBER.search(stem)
    sizes = [len(number) for number in ([opening[0]] if opening else []) + numbers]
    if len(sizes) == 3 and max(sizes[1], min(sizes[0], sizes[2])) <= 2 < max(sizes):
        return None
    return [*numbers, found[2] or ""]


#: Words of a name that is a title's slug ("veleposlanik-urucio-vjerodajnice-predsjedniku",
#: "consular-section-closed-on-monday"), what parts them, and how many of a folder's are of
#: letters (not a UUID's).
SLUG_WORDS = 4
SLUG_SEPARATOR = re.compile(r"[-_+ ]|%20")
_SLUG_LETTER_WORDS = 3
#: A page named by an id: a number of three digits or more, not a pager's "/2".
_ID_NAME = re.compile(r"\d{3,}")


def _title_slug(folder: str) -> bool:
    """Whether ``folder`` is a title's slug: above a page named by an id, the story's name."""
    words = SLUG_SEPARATOR.split(folder)
    return len(words) >= SLUG_WORDS and sum(w.isalpha() for w in words) >= _SLUG_LETTER_WORDS


def shape(url: str) -> tuple[str, tuple[str, ...], str, frozenset[str]]:
    """The shape of a URL that its siblings share: the host, the folders above the page (a
    folder of digits, such as a year, stands for any), the page's name (a script's name when
    the URL has a query; else whether it holds a number, an id: ``<id>`` or ``<slug>``, and
    the word before the number of a name of one word and a number) and the names of the
    query's fields; a title's slug above an id, ``/vijesti-91899/<slug>/160959``, is the
    story's name too). ``/news/2024/10/slug`` and ``/news/2025/01/other`` share it,
    ``/about/minister`` and ``/news/2024/10/slug`` do not, nor do ``/story-12.html`` and
    ``/about.html``, nor ``/embassy_001.html`` and ``/11_000001_00641.html``;
    ``news.asp?id=26`` and ``news.asp?id=30`` do, ``print.asp?id=26`` not."""
    parts = urlsplit(url)
    *folders, name = parts.path.rstrip("/").split("/")
    if _ID_NAME.fullmatch(name) and folders and _title_slug(folders[-1]):
        folders[-1] = "<slug>"
    if not parts.query:
        named = _NAMED_NUMBER.match(name)
        numbers = _section_numbers(name)
        if numbers is not None:
            # "<title>.51509.537.html": an item and its section's number, the section kept.
            *items, section, extension = numbers
            name = "<slug>" + ".<id>" * len(items) + f".{section}{extension}"
        elif named is not None:
            name = f"{named['word'].lower()}{named['mark']}<id>"
        else:
            name = "<id>" if any(c.isdigit() for c in name) else "<slug>"
    return (
        parts.netloc,
        tuple("<n>" if folder.isdigit() else folder for folder in folders if folder),
        name,
        frozenset(
            _field_shape(key, value)
            for key, value in parse_qsl(parts.query, keep_blank_values=True)
        ),
    )


#: What parts a query's value that is a path of a router: "?page=2,10,2745" (language,
#: section, item), "?q=node/123".
_ROUTE_SEPARATOR = re.compile(r"([,/])")


def _field_shape(key: str, value: str) -> str:
    """A query field's part of a shape: its name, and the shape of its value when that is a
    router's path (`_ROUTE_SEPARATOR`) as a URL's path has one: a number stands for any, the
    last part is an ``<id>`` or a ``<slug>``. "?page=2,10,2745" (a story) and "?page=2,60"
    (the mission's page) differ, as ``/10/2745`` and ``/60`` would; "?id=7" and "?id=8" do
    not."""
    parts = _ROUTE_SEPARATOR.split(value)
    if len(parts) < 3:
        return key
    *route, last = parts
    route = ["<n>" if part.isdigit() else part for part in route]
    last = "<id>" if any(c.isdigit() for c in last) else "<slug>"
    return f"{key}={''.join(route)}{last}"


def template(url: str) -> str:
    """`shape` as text, the form a newsroom's learned story-URL templates are stored in:
    ``jfcnaples.nato.int/mlo/news/news-archive-m/<n>/<slug>``,
    ``nato-brussels.mfa.gov.rs/lat/news.php?archive&id&subaction&ucat``."""
    netloc, folders, name, keys = shape(url)
    path = "/".join((netloc, *folders, name))
    return path + ("?" + "&".join(sorted(keys)) if keys else "")


@dataclass
class _Region:
    """The pages of one language of a site: each language has its own menu."""

    pages: int = 0
    linked: Counter[str] = field(default_factory=Counter)


@dataclass
class SiteLinks:
    """How often each URL is linked from the pages of one newsroom read in this crawl, per
    language of the pages (a site in three languages has three menus, each on a third of its
    pages)."""

    regions: dict[str, _Region] = field(default_factory=dict)
    min_pages: int = TEMPLATE_MIN_PAGES
    share: float = TEMPLATE_SHARE

    def saw(self, links: Iterable[str], language: str = "") -> None:
        """One page read, in ``language`` (its declared language, "" when it declares none),
        linking ``links`` (canonical URLs, repeats counted once)."""
        region = self.regions.setdefault(language.strip().lower(), _Region())
        region.pages += 1
        region.linked.update(set(links))

    @property
    def pages(self) -> int:
        return sum(region.pages for region in self.regions.values())

    def everywhere(self, url: str) -> bool | None:
        """Whether the canonical ``url`` is linked from most pages read of a language (a
        template link); None while too few pages of the languages that link it were read to
        tell."""
        verdict: bool | None = False
        for region in self.regions.values():
            if not region.linked[url]:
                continue
            if region.pages < self.min_pages:
                verdict = None
            elif region.linked[url] >= self.share * region.pages:
                return True
        return verdict

    def section(self, url: str, links: Iterable[str] = (), dated: bool = False) -> bool | None:
        """Whether the canonical ``url`` is a section of the site (its home, a topic, an
        archive, an about page), told by its place in the site: a template link that indexes
        stories (`indexes`, whatever dates its teasers state), or, when the page states no date
        of its own (``dated`` false), a template link with fewer than `SIBLINGS` URLs of its
        shape (`shape`) that are no template links, as stories have: a story in a "latest
        news" box on every page is a template link too, but its URL has the shape of the
        stories of the listings; an about or contact page's does not. ``links`` are the
        page's own. None while too few pages were read to tell."""
        everywhere = self.everywhere(url)
        if not everywhere:
            return everywhere
        if self.indexes(url, links):
            return True
        if dated:
            return False
        mould = shape(url)
        others = {other for region in self.regions.values() for other in region.linked}
        siblings = 0
        for other in others:
            if shape(other) == mould and self.everywhere(other) is False:
                siblings += 1
                if siblings >= SIBLINGS:
                    return False
        return True

    def indexes(self, url: str, links: Iterable[str]) -> bool:
        """Whether a page at ``url`` linking ``links`` lists `INDEXED` or more pages of one
        shape other than its own that are no template links: the teasers of a home, topic or
        archive page. A story's related stories share its own shape; menus and "latest" boxes
        are template links."""
        own = shape(url)
        shapes: Counter[tuple[str, tuple[str, ...], str, frozenset[str]]] = Counter()
        for link in set(links):
            mould = shape(link)
            if mould != own and self.everywhere(link) is False:
                shapes[mould] += 1
                if shapes[mould] >= INDEXED:
                    return True
        return False

    def template_links(self) -> list[str]:
        """The template links known now."""
        others = {other for region in self.regions.values() for other in region.linked}
        return sorted(url for url in others if self.everywhere(url))

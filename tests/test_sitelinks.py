"""Template links: pages a newsroom links from most of its pages (menus, sidebars, footers) are
sections of the site, not stories, unless the page states a date of its own; counted as such,
and never judged before enough pages were read."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.components.pipelines import DATED_STORIES
from crawler.core.sitelinks import (
    INDEXED,
    TEMPLATE_MIN_PAGES,
    TEMPLATE_SHARE,
    SiteLinks,
    shape,
)
from tests.support.loopback_crawls import crawl_site
from tests.support.loopback_site import Page, serve_site
from tests.support.pages import WORDS, story

urls = st.lists(st.sampled_from([f"https://n.example/{i}" for i in range(12)]), max_size=12)


@given(st.lists(urls, max_size=TEMPLATE_MIN_PAGES - 1), st.sampled_from(range(12)))
def test_nothing_is_a_template_link_before_enough_pages_were_read(pages: list[list[str]], i: int):
    site = SiteLinks()
    for links in pages:
        site.saw(links)
    url = f"https://n.example/{i}"
    linked = any(url in links for links in pages)
    assert site.everywhere(url) is (None if linked else False)
    assert site.section(url) is (None if linked else False)
    assert site.template_links() == []


@given(st.lists(urls, min_size=TEMPLATE_MIN_PAGES, max_size=30))
def test_a_link_on_every_page_is_a_template_link_and_one_on_a_single_page_is_not(
    pages: list[list[str]],
):
    site = SiteLinks()
    for links in pages:
        site.saw([*links, *links, "https://n.example/about"])  # repeats count once a page
    site.saw(["https://n.example/once"])
    assert site.everywhere("https://n.example/about") is True
    assert site.everywhere("https://n.example/once") is False
    assert "https://n.example/about" in site.template_links()
    assert "https://n.example/once" not in site.template_links()
    for url in {u for links in pages for u in links}:
        count = sum(url in links for links in pages)
        assert site.everywhere(url) == (count >= TEMPLATE_SHARE * site.pages)


@given(st.integers(TEMPLATE_MIN_PAGES, 20), st.integers(TEMPLATE_MIN_PAGES, 20))
def test_each_language_has_its_own_menu(english: int, french: int):
    """A bilingual site's English menu is on half its pages: a template link all the same."""
    site = SiteLinks()
    for n in range(english):
        site.saw(["https://n.example/en/about", f"https://n.example/en/news/{n}"], "en")
    for n in range(french):
        site.saw(["https://n.example/fr/a-propos", f"https://n.example/fr/actualites/{n}"], "FR")
    assert site.pages == english + french
    assert site.everywhere("https://n.example/en/about") is True
    assert site.everywhere("https://n.example/fr/a-propos") is True
    assert site.everywhere("https://n.example/en/news/0") is False
    assert site.section("https://n.example/en/about") is True


def test_a_language_with_too_few_pages_read_is_not_judged():
    site = SiteLinks()
    for _ in range(TEMPLATE_MIN_PAGES):
        site.saw(["https://n.example/en/about"], "en")
    site.saw(["https://n.example/sr/o-nama"], "sr")
    assert site.everywhere("https://n.example/en/about") is True
    assert site.everywhere("https://n.example/sr/o-nama") is None


MENU = ("about", "contact", "gallery", "consular", "visas")


def _prose(seed: int) -> str:
    words = [WORDS[(seed * 7 + i) % len(WORDS)] for i in range(120)]
    return f"<p>{' '.join(words).capitalize()}.</p>"


def _framed(origin: str, title: str, main: str, latest: int | None = None, head: str = "") -> Page:
    """A page of the site: its menu (on every page), ``main``, and a "latest" box when
    ``latest`` names a story."""
    menu = "".join(f'<li><a href="{origin}/{name}.html">{name.title()}</a></li>' for name in MENU)
    box = f'<aside><a href="{origin}/story-{latest}.html">Latest</a></aside>' if latest else ""
    html = (
        f"<html><head><title>{title}</title>{head}</head><body><nav><ul>{menu}</ul></nav>"
        f"<main>{main}</main>{box}<footer>Embassy of Aldoria</footer></body></html>"
    )
    return Page(lambda: [html.encode()], headers={"Content-Type": "text/html; charset=utf-8"})


def _site(stories: int, latest: int | None, menu_head: str = "") -> object:
    def pages(origin: str) -> dict[str, Page]:
        teasers = "".join(
            f'<p><a href="{origin}/story-{n}.html">Story {n}</a></p>' for n in range(stories)
        )
        site = {"/": _framed(origin, "Embassy of Aldoria", f"<h1>News</h1>{teasers}", latest)}
        for i, name in enumerate(MENU):
            main = f"<h1>{name.title()}</h1>{_prose(i)}"
            site[f"/{name}.html"] = _framed(origin, name.title(), main, latest, menu_head)
        for n in range(stories):
            body = story(n, f"Story number {n} of the embassy").body()
            main = b"".join(body).decode().split("<body>")[1].split("</body>")[0]
            site[f"/story-{n}.html"] = _framed(origin, f"Story {n}", main, latest)
        return site

    return pages


@pytest.mark.crawl
def test_menu_pages_without_a_date_are_not_stored_and_every_story_is(tmp_path: Path):
    with serve_site(_site(stories=8, latest=0)) as site:  # type: ignore[arg-type]
        crawl = crawl_site(tmp_path, site, sitemap=False)
    stories = {f"{site.origin}/story-{n}.html" for n in range(8)}
    assert crawl.stored == stories  # story 0 too, though every page links it: it is dated
    assert crawl.run.counters["pages/not-a-story"] == len(MENU)
    assert crawl.run.stories == 8


@pytest.mark.crawl
def test_menu_pages_dated_only_by_a_guess_are_not_stored(tmp_path: Path):
    """A date no line or publication metadata states (a CMS's ``<meta name="date">`` of its
    last edit, which htmldate reads) makes no menu page a story."""
    edited = '<meta name="date" content="2024-03-12">'
    with serve_site(_site(stories=8, latest=0, menu_head=edited)) as site:  # type: ignore[arg-type]
        crawl = crawl_site(tmp_path, site, sitemap=False)
    assert crawl.stored == {f"{site.origin}/story-{n}.html" for n in range(8)}
    assert crawl.run.counters["pages/not-a-story"] == len(MENU)


@pytest.mark.crawl
def test_a_crawl_too_small_to_tell_stores_what_it_reads(tmp_path: Path):
    """Three pages are too few to know a menu: the about page is kept, as before."""

    def pages(origin: str) -> dict[str, Page]:
        full = _site(stories=1, latest=None)(origin)  # type: ignore[operator]
        return {path: full[path] for path in ("/", "/story-0.html")} | {
            "/about.html": full["/about.html"]
        }

    with serve_site(pages) as site:
        crawl = crawl_site(tmp_path, site, sitemap=False)
    assert crawl.stored == {f"{site.origin}/story-0.html", f"{site.origin}/about.html"}
    assert json.dumps(crawl.run.counters).count("not-a-story") == 0


def test_a_story_in_a_box_on_every_page_is_no_section_beside_stories_of_its_shape():
    site = SiteLinks()
    menu = ["https://n.example/about/minister", "https://n.example/about/history"]
    latest = "https://n.example/news/2020/08/story-99"
    for n in range(TEMPLATE_MIN_PAGES):
        site.saw([*menu, latest, f"https://n.example/news/2020/0{n % 9 + 1}/story-{n}"])
    assert site.everywhere(latest) and site.everywhere(menu[0])
    assert site.section(latest) is False  # stories of /news/<n>/<n>/ linked from few pages
    assert site.section(menu[0]) is True  # its only sibling is a template link too
    assert site.section("https://n.example/news/2020/01/story-0") is False


@given(st.text(alphabet="abc-", min_size=1, max_size=8), st.integers(0, 10**6))
def test_pages_of_one_listing_share_a_shape_and_a_menu_page_does_not(slug: str, n: int):
    assert shape(f"https://n.example/news/{n}/{slug}") == shape("https://n.example/news/2017/x")
    assert shape(f"https://n.example/news.asp?id={n}") == shape("https://n.example/news.asp?id=1")
    assert shape(f"https://n.example/about/{slug}") != shape("https://n.example/news/2017/x")
    assert shape(f"https://n.example/{slug}.asp") != shape("https://n.example/news.asp?id=1")


@given(st.integers(1, 3), st.integers(1, 99), st.integers(100, 10**5), st.integers(100, 10**5))
def test_a_routers_query_is_shaped_as_a_path_is(language: int, section: int, n: int, m: int):
    # "?page=<language>,<section>,<item>": the items of sections share a shape; a section's
    # own page ("?page=2,60", the mission's) has another, as "/10/2745" and "/60" would.
    story = shape(f"https://n.example/?page={language},{section},{n}")
    assert story == shape(f"https://n.example/?page=2%2C10%2C{m}")
    assert story != shape(f"https://n.example/?page={language},{section}")
    assert shape(f"https://n.example/?q=node/{n}") == shape("https://n.example/?q=node/7")
    assert shape("https://n.example/?q=node/7") != shape("https://n.example/?q=about")
    # A plain value is no path: any item of one field shares the shape.
    assert shape(f"https://n.example/news.asp?id={n}") == shape(
        f"https://n.example/news.asp?id={m}"
    )


@given(
    st.text(alphabet="abcčšжд_", min_size=1, max_size=12).filter(lambda t: t.strip("_")),
    st.integers(1000, 10**6),
    st.integers(1000, 10**6),
    st.sampled_from(["537", "941", "43"]),
)
def test_a_titles_item_and_section_numbers_shape_the_item_not_the_section_page(
    title: str, item: int, other: int, section: str
):
    # The National Assembly's "<title>.<item>.<section>.html": the items of a section share
    # a shape (a title that ends with a year too), the section's own pages have another.
    story = shape(f"https://n.example/{title}.{item}.{section}.html")
    assert story == shape(f"https://n.example/Other_title_in_2026.{other}.{section}.html")
    assert story == shape(f"https://n.example/{quote(title)}.{other}.{section}.html")
    assert story != shape(f"https://n.example/members-of-parliament.{other}.html")
    assert story != shape(f"https://n.example/{title}.{item}.{int(section) + 1}.html")


@given(
    st.sampled_from(["embassy_", "story-", "vest", "news-"]),
    st.integers(0, 10**6),
    st.integers(0, 10**6),
    st.sampled_from(["", ".html", ".htm"]),
)
def test_a_page_named_by_a_word_and_a_number_shares_its_shape_with_its_kind_only(
    word: str, n: int, m: int, ext: str
):
    """The Japanese MOFA template's "/itpr_ja/embassy_001.html" (a guide page) is no sibling
    of "/itpr_ja/11_000001_00641.html" (a story); "story-12.html" is of "story-13.html"."""
    one = shape(f"https://n.example/itpr/{word}{n:03d}{ext}")
    assert one == shape(f"https://n.example/itpr/{word.upper()}{m}{ext}")
    assert one != shape(f"https://n.example/itpr/11_000001_{m:05d}{ext}")
    assert one != shape(f"https://n.example/itpr/other_{m}{ext}")
    # A number first, or several words: one story's name, as before.
    assert shape(f"https://n.example/itpr/{n}-visit{ext}") == shape(f"https://n.example/itpr/{m}")
    assert shape(f"https://n.example/itpr/{word}visit-of-{n}") == shape("https://n.example/itpr/7")


_TITLE_WORDS = st.lists(
    st.text(alphabet="abcdefgh", min_size=1, max_size=9), min_size=4, max_size=9
)


@given(_TITLE_WORDS, _TITLE_WORDS, st.integers(100, 10**6), st.integers(100, 10**6))
def test_a_titles_slug_above_a_bare_number_is_the_storys_name(
    one: list[str], other: list[str], n: int, m: int
):
    """mvep.gov.hr names a story "/vijesti-91899/<its title's slug>/160959": its stories share
    a shape (so a home page listing them indexes them), and its section pages, named by a word
    or two and a number, do not share theirs."""
    story = shape(f"https://n.example/vijesti-91899/{'-'.join(one)}/{n}")
    assert story == shape(f"https://n.example/vijesti-91899/{'-'.join(other)}/{m}")
    assert story != shape(f"https://n.example/vijesti-91899/{m}")
    assert story != shape(f"https://n.example/vijesti-91899/veleposlanik/{m}")
    assert story != shape(f"https://n.example/vijesti-91899/{'-'.join(one)}/page-{m}")
    # A section's pager ("/news-and-press-releases/2") and a UUID's folder keep their names.
    pager = shape(f"https://n.example/vijesti-91899/{'-'.join(one)}/{m % 100}")
    assert pager != story and pager != shape(f"https://n.example/vijesti-91899/x-y-z-w/{m % 100}")
    uuid = "550e8400-e29b-41d4-a716-446655440000"
    assert shape(f"https://n.example/vijesti-91899/{uuid}/{n}") != story


def test_a_home_page_listing_stories_named_by_slug_and_number_is_a_section():
    site = SiteLinks()
    home = "https://n.example/veleposlanstvo-rh-u-beogradu/91890"
    menu = [home, "https://n.example/vijesti-91899/91899", "https://n.example/kontakt-91896/91896"]
    stories = [
        f"https://n.example/vijesti-91899/{slug}-u-beogradu-odrzan/{214000 + n}"
        for n, slug in enumerate(["sajam-knjiga", "gospodarski-forum", "dan-sjecanja", "prijem"])
    ]
    for n in range(TEMPLATE_MIN_PAGES):
        site.saw([*menu, stories[n % len(stories)]])
    assert site.section(home, [*menu, *stories], dated=True) is True


def test_a_template_link_that_lists_stories_is_a_section_whatever_dates_it_states():
    site = SiteLinks()
    menu = ["https://n.example/Default.aspx", "https://n.example/About.aspx"]
    stories = [f"https://n.example/NewsDetails.aspx?id={n}" for n in range(INDEXED + 2)]
    for n in range(TEMPLATE_MIN_PAGES):
        site.saw([*menu, stories[n % len(stories)]])
    home = [*menu, *stories]
    assert site.section(menu[0], home, dated=True) is True  # the home page's teasers
    assert site.section(menu[0], home[: INDEXED + 1], dated=True) is False  # too few
    # A story linking its siblings (its own shape) and the menu indexes nothing.
    assert not site.indexes(stories[0], home)
    assert site.section(stories[0], home, dated=True) is False  # no template link at all


def _main(n: int, title: str, dated: bool) -> str:
    """What `story` ``n`` shows in its page's body, without its dateline unless ``dated``."""
    main = b"".join(story(n, title).body()).decode().split("<body>")[1].split("</body>")[0]
    return main if dated else main.replace("<p>Brussels, 24 November 2026</p>", "")


def _few_links_site(stories: int, dated: bool, whole: bool = False) -> object:
    """A newsroom of ``stories`` stories (``dated``: each with its dateline) under /news/, and
    five pages only its home page links, none dated: a history page with a slug under an
    about folder, a one-word page, a notice named by its title under /news/, one at an
    address of a number where the stories are, and a service's page named by its title in a
    folder of no story. ``whole``: the home page shows each story
    whole, with no date, under a heading that links its page."""
    undated = {
        "/about-the-embassy/history-of-the-embassy-building.html": "History of the building",
        "/history.html": "History",
        "/news/consular-section-closed-on-monday.html": "Consular section closed on Monday",
        "/news/story-2026.html": "Opening hours over the holidays",
        "/consular-services/legalisation-of-documents-under-apostille.html": "Legalisation",
    }
    #: A section of the site that its menus link, with no story in it.
    services = "<nav><a href='{origin}/consular-services'>Consular services</a></nav>"

    def pages(origin: str) -> dict[str, Page]:
        links = [*(f"/news/story-{n}.html" for n in range(stories)), *undated]
        teasers = "".join(f'<p><a href="{origin}{path}">Read {path}</a></p>' for path in links)
        if whole:
            teasers = "".join(
                f'<div class="post"><h2><a href="{origin}/news/story-{n}.html">Story number {n}'
                f" of the embassy</a></h2>{_paragraphs(n)}</div>"
                for n in range(stories)
            ) + "".join(f'<p><a href="{origin}{path}">Read {path}</a></p>' for path in undated)
        nav = services.format(origin=origin)
        site = {"/": _framed(origin, "Embassy of Aldoria", f"{nav}<h1>News</h1>{teasers}")}
        for i, (path, title) in enumerate(undated.items()):
            site[path] = _framed(origin, title, nav + _main(100 + i, title, dated=False))
        for n in range(stories):
            main = _main(n, f"Story number {n} of the embassy", dated)
            site[f"/news/story-{n}.html"] = _framed(origin, f"Story {n}", nav + main)
        site["/consular-services"] = _framed(origin, "Consular services", f"{nav}<h1>Services</h1>")
        return site

    return pages


@pytest.mark.crawl
@pytest.mark.parametrize(
    ("stories", "dated", "kept"),
    [
        # Stories that state their dates: a page that states none is a story only at an
        # address that names one, outside the site's pages about itself, in a folder of the
        # stories; or at an address of a number where the stories are.
        (
            DATED_STORIES,
            True,
            {"/news/consular-section-closed-on-monday.html", "/news/story-2026.html"},
        ),
        # Too few stories to tell, or stories that state no date either: every page is kept.
        (
            DATED_STORIES - 2,
            True,
            {
                "/about-the-embassy/history-of-the-embassy-building.html",
                "/history.html",
                "/news/consular-section-closed-on-monday.html",
                "/news/story-2026.html",
                "/consular-services/legalisation-of-documents-under-apostille.html",
            },
        ),
        (
            DATED_STORIES,
            False,
            {
                "/about-the-embassy/history-of-the-embassy-building.html",
                "/history.html",
                "/news/consular-section-closed-on-monday.html",
                "/news/story-2026.html",
                "/consular-services/legalisation-of-documents-under-apostille.html",
            },
        ),
    ],
)
def test_pages_that_state_no_date_are_no_stories_of_a_newsroom_whose_stories_do(
    tmp_path: Path, stories: int, dated: bool, kept: set[str]
):
    """An about or history page only the home page links is no template link; what tells it
    from a story is that it states no date where the newsroom's stories state theirs."""
    with serve_site(_few_links_site(stories, dated)) as site:  # type: ignore[arg-type]
        crawl = crawl_site(tmp_path, site, sitemap=False)
    news = {f"{site.origin}/news/story-{n}.html" for n in range(stories)}
    assert crawl.stored == news | {site.origin + path for path in kept}
    assert crawl.run.counters.get("pages/not-a-story", 0) == 5 - len(kept)


def _paragraphs(n: int) -> str:
    """The paragraphs of `story` ``n``, as its page shows them."""
    main = _main(n, "", dated=False)
    return "".join(f"<p>{p.split('</p>')[0]}</p>" for p in main.split("<p>")[1:])


@pytest.mark.crawl
def test_stories_a_front_page_shows_whole_and_undated_say_nothing_of_their_dates(
    tmp_path: Path,
):
    """Stories a front page shows whole, with no date, are dated by their own pages: until
    then they do not count as stories that state no date (Portugal's embassies' Joomla)."""
    with serve_site(_few_links_site(DATED_STORIES, True, whole=True)) as site:  # type: ignore[arg-type]
        crawl = crawl_site(tmp_path, site, sitemap=False)
    news = {f"{site.origin}/news/story-{n}.html" for n in range(DATED_STORIES)}
    kept = {"/news/consular-section-closed-on-monday.html", "/news/story-2026.html"}
    assert crawl.stored == news | {site.origin + path for path in kept}


@pytest.mark.crawl
def test_a_sections_twin_that_names_it_canonical_is_that_section(tmp_path: Path):
    """Each page of the Czech MFA's sites links its own mobile version ("?force_format=
    mobile"), which names the page canonical: the twin of a menu page is linked from one page
    only, no template link, yet it is that section. Its stories state no date, so nothing
    else tells the twin from a story."""

    def pages(origin: str) -> dict[str, Page]:
        site = {}
        for path, page in _site(stories=8, latest=None)(origin).items():  # type: ignore[operator]
            site[path] = page
        for n in range(8):
            main = _main(n, f"Story number {n} of the embassy", dated=False)
            site[f"/story-{n}.html"] = _framed(origin, f"Story {n}", main)
        twin = f"{origin}/about.html?force_format=mobile"
        canonical = f'<link rel="canonical" href="{origin}/about.html">'
        main = f'<h1>About</h1>{_prose(0)}<p><a href="{twin}">Mobile version</a></p>'
        site["/about.html"] = _framed(origin, "About", main)
        site["/about.html?force_format=mobile"] = _framed(origin, "About", main, head=canonical)
        return site

    with serve_site(pages) as site:
        crawl = crawl_site(tmp_path, site, sitemap=False)
    assert crawl.stored == {f"{site.origin}/story-{n}.html" for n in range(8)}
    assert crawl.run.counters["pages/not-a-story"] == len(MENU) + 1


@pytest.mark.crawl
def test_a_page_kept_up_to_date_is_no_story_whatever_its_address_names(tmp_path: Path):
    """A service's page at an address named by its title states when it was last updated,
    not when it was published (Norway's "/services-info/visitors-visa-res-permit/new-hub-
    system-and-application-center-in-belgrade/"): no story of a newsroom whose stories state
    their dates. A notice named so that states no date at all is kept, as before."""
    notice = "/news/consular-section-closed-on-monday.html"
    service = "/services/new-visa-application-centre-opens-in-belgrade.html"

    def pages(origin: str) -> dict[str, Page]:
        links = [*(f"/news/story-{n}.html" for n in range(DATED_STORIES)), notice, service]
        teasers = "".join(f'<p><a href="{origin}{path}">Read {path}</a></p>' for path in links)
        site = {"/": _framed(origin, "Embassy of Aldoria", f"<h1>News</h1>{teasers}")}
        for n in range(DATED_STORIES):
            main = _main(n, f"Story number {n} of the embassy", dated=True)
            site[f"/news/story-{n}.html"] = _framed(origin, f"Story {n}", main)
        site[notice] = _framed(origin, "Closed", _main(100, "Consular section closed", False))
        updated = "<p class='page-updated'>Page last updated: 13.09.2019</p>"
        main = _main(101, "New visa application centre", dated=False) + updated
        site[service] = _framed(origin, "Visa centre", main)
        return site

    with serve_site(pages) as site:
        crawl = crawl_site(tmp_path, site, sitemap=False)
    stories = {f"{site.origin}/news/story-{n}.html" for n in range(DATED_STORIES)}
    assert crawl.stored == stories | {site.origin + notice}
    assert crawl.run.counters["pages/not-a-story"] == 1

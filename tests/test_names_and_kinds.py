"""What batch23's blind sites taught about a page's names and kinds: a banner's <h1> beside
the heading its <title> names, a brand's link to the root that names the site, a switcher of
one link to the same page in another language, a story that trafilatura runs together in
one line, a label over the heading or a folder that says the page is a service's or a
document's, and a story whose gallery links its photos' attachment pages."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.core.families import FAMILIES
from crawler.core.items import Article, Rejected, Source
from crawler.core.newsrooms import generic_newsroom
from crawler.extraction import extract
from tests.support.loopback_crawls import crawl_site
from tests.support.loopback_site import Page, serve_site
from tests.test_sitelinks import _site

FETCHED = datetime(2026, 12, 4, 12, tzinfo=UTC)
PROSE = " ".join(
    ["The delegation discussed training, exercises and the exchange of lessons learned."] * 5
)


def _read(html: str, url: str, languages: tuple[str, ...] = ("en",)) -> Article | Rejected:
    result = extract(html.encode(), url, generic_newsroom(languages), FETCHED)
    return result[0] if isinstance(result, tuple) else result


# -- a banner's <h1> -------------------------------------------------------------------------


def _banner_page(title: str, under: str = "") -> str:
    return (
        f"<html><head><title>{title} - COE</title></head><body>"
        "<div id='banner'><h1>CENTRE OF EXCELLENCE AGAINST FLOODS</h1></div>"
        "<ul class='menu'><li><a href='/news.html'>News</a></li>"
        "<li><a href='/courses.html'>Courses</a></li></ul>"
        f"<div id='content'><h2 class='page_title'>Flood Response Course Completed</h2>{under}"
        f"<p class='date'>20 November 2026</p><p>{PROSE}</p></div>"
        "<div id='side'><h3>Latest News</h3><a href='/news/a.html'>Other story</a></div>"
        "</body></html>"
    )


@pytest.mark.parametrize("under", ["", "<h4 class='sub'>17-18 November 2026 in Ankara</h4>"])
def test_a_banners_h1_loses_to_the_heading_the_title_names(under: str) -> None:
    """Every page of the COE-DAT's site heads with its name in an <h1>; the story's heading
    is an <h2> that its <title> names, maybe above a subtitle that opens with a date."""
    html = _banner_page("Flood Response Course Completed", under)
    article = _read(html, "https://coe.example/news/flood-course.html")
    assert isinstance(article, Article), article
    assert article.title == "Flood Response Course Completed"
    assert article.published == date(2026, 11, 20)


# -- a brand's link to the root names the site ------------------------------------------------


def _branded(href: str) -> str:
    title = "Kadeti upućeni na školovanje u inostranstvo | Vlada Crne Gore"
    return (
        f"<html lang='sr'><head><title>{title}</title>"
        f"<meta property='og:title' content='{title}'></head><body>"
        f"<header><a href='{href}' class='brand'><img src='/grb.svg' alt=''>"
        "<span>Vlada Crne Gore</span></a></header>"
        "<main><h1>Kadeti upućeni na školovanje u inostranstvo</h1>"
        f"<p>Objavljeno: 13.11.2026.</p><p>{PROSE}</p></main>"
        "<footer><strong>Vlada Crne Gore</strong><p>Podgorica</p></footer></body></html>"
    )


@pytest.mark.parametrize("href", ["/", "https://www.gov.example/"])
def test_a_brands_link_to_the_root_names_the_site_in_the_title(href: str) -> None:
    article = _read(_branded(href), "https://www.gov.example/clanak/kadeti", ("sr-Latn",))
    assert isinstance(article, Article), article
    assert article.title == "Kadeti upućeni na školovanje u inostranstvo"


def test_a_links_text_to_a_section_names_no_site() -> None:
    # "Vlada Crne Gore" as a link to a section is the section's name: the <title> stays.
    article = _read(_branded("/vlada"), "https://www.gov.example/clanak/kadeti", ("sr-Latn",))
    assert isinstance(article, Article), article
    assert article.title.endswith("| Vlada Crne Gore")


# -- a switcher of one link ---------------------------------------------------------------------


def _switched(href: str, lang: str = "ar") -> str:
    return (
        "<html lang='en'><head><title>Ambassador Meets Minister</title></head><body>"
        f"<ul class='top-links'><li><a href='{href}' lang='{lang}'>العربية</a></li>"
        "<li><a href='https://mofa.example/en'>Ministry</a></li>"
        "<li><a href='/en/search'>Search</a></li></ul>"
        "<main><h1>Ambassador Meets Minister</h1><p>1 December 2026</p>"
        f"<p>{PROSE}</p></main></body></html>"
    )


@given(st.integers(1000, 9999), st.sampled_from(["ar", "fr", "sr"]))
def test_a_link_to_the_same_path_in_another_language_is_a_translation(n: int, lang: str) -> None:
    url = f"https://e.example/en/media/news/details/{n}/06/20/ambassador-meets-minister"
    twin = url.replace("/en/", f"/{lang}/")
    article = _read(_switched(twin.removeprefix("https://e.example"), lang), url)
    assert isinstance(article, Article), article
    assert (twin, lang) in article.translations


@pytest.mark.parametrize(
    "href",
    [
        "/ar/",  # the language's home
        "/ar/media/news/details/1448/06/21/another-story",  # another page
        "/ar/media/news/details/1448/06/20/ambassador-meets-minister?print=1",
    ],
)
def test_a_link_in_another_language_to_another_page_is_no_translation(href: str) -> None:
    url = "https://e.example/en/media/news/details/1448/06/20/ambassador-meets-minister"
    article = _read(_switched(href), url)
    assert isinstance(article, Article), article
    assert article.translations == ()


# -- a story trafilatura runs together ----------------------------------------------------------


def test_a_short_story_read_in_one_line_is_read_in_its_lines() -> None:
    """trafilatura's last resort on a short WordPress story is its <article>'s text in one
    line, the date line and the heading run into the text: it is read in the article's lines,
    its date stated on the date line and its text without either."""
    html = (
        "<html lang='en'><head><title>Minister at the meeting</title></head><body>"
        "<header><p class='site-title'><a href='/' rel='home'>Ministry of Defence</a></p></header>"
        "<main><article class='post type-mainnews'><header class='entry-header'>"
        "<div class='entry-meta'><span class='posted-on'><time class='entry-date published'"
        " datetime='2026-11-17T16:30:00+01:00'>November 17, 2026</time></span>"
        " <span class='cat-links'><a href='/?news-tax=minister' rel='tag'>Minister</a></span></div>"
        "<h1 class='entry-title'>Minister at the meeting of defence ministers</h1></header>"
        "<div class='entry-content'><p>The Minister of Defence took part in the annual meeting"
        " of the defence ministers of the region.</p><p>He said that the country remains"
        " committed to investing two percent of GDP in defence.</p></div></article></main>"
        "</body></html>"
    )
    article = _read(html, "https://mod.example/?mainnews=minister-at-the-meeting&lang=en")
    assert isinstance(article, Article), article
    assert article.text.startswith("The Minister of Defence took part")
    assert "\n" in article.text
    assert article.published == date(2026, 11, 17)
    assert article.provenance["published"] is Source.DATELINE


# -- a service's label, a documents folder ------------------------------------------------------


def _labelled(label: str, url: str, after: str = "") -> Article | Rejected:
    html = (
        "<html lang='sr'><head><title>Dobrovoljno služenje vojnog roka</title></head><body>"
        "<nav><a href='/'>Početna</a> <a href='/mo'>Ministarstvo odbrane</a></nav>"
        f"<main><div class='article__type'>{label}</div>"
        "<h1>Dobrovoljno služenje vojnog roka</h1><p>Objavljeno: 11.04.2024.</p>"
        f"<p>{PROSE}</p>{after}</main></body></html>"
    )
    return _read(html, url, ("sr-Latn",))


@pytest.mark.parametrize("label", ["Usluga", "Service", "Dokument", "Video, 16.11.2025"])
def test_a_label_over_the_heading_that_names_a_service_or_a_document_makes_no_story(
    label: str,
) -> None:
    result = _labelled(label, "https://www.gov.example/clanak/dobrovoljno-sluzenje-vojnog-roka")
    assert isinstance(result, Rejected), result


@pytest.mark.parametrize(
    "label", ["Vijest", "Saopštenje", "Services of the embassy", "Artikel, 16.11.2025"]
)
def test_a_label_over_the_heading_that_names_a_story_or_a_section_keeps_it(label: str) -> None:
    result = _labelled(label, "https://www.gov.example/clanak/dobrovoljno-sluzenje-vojnog-roka")
    assert isinstance(result, Article), result


def test_a_page_in_a_documents_folder_that_offers_its_file_makes_no_story() -> None:
    url = "https://www.gov.example/dokumenta/3f6b2c1e-8a47-4d0b-9a31-5e2f0c7d9b14"
    pdf = "<ul><li><a href='/files/javni-oglas-2026.pdf'>javni-oglas-2026.pdf</a></li></ul>"
    assert isinstance(_labelled("Oglas", url, pdf), Rejected)
    # No file offered, or filed among the news: a story all the same.
    assert isinstance(_labelled("Oglas", url), Article)
    news = "https://www.gov.example/vijesti/dokumenta/potpisan-ugovor"
    assert isinstance(_labelled("Oglas", news, pdf), Article)


# -- a story's gallery of attachment pages ------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://mod.example/?attachment_id=48105",
        "https://mod.example/2026/11/oath-in-veles/attachment/photo-1/",
    ],
)
def test_wordpress_attachment_pages_are_never_followed(url: str) -> None:
    assert any(re.search(deny, url) for deny in FAMILIES["generic"].deny)


@pytest.mark.crawl
def test_a_story_in_the_latest_box_with_a_gallery_of_attachment_pages_is_stored(
    tmp_path: Path,
) -> None:
    """A story linked from every page ("latest") whose gallery links four photos' attachment
    pages (WordPress's "?attachment_id=N") lists no stories: it is stored, and the photos'
    pages are not fetched."""

    def pages(origin: str) -> dict[str, Page]:
        site: dict[str, Page] = _site(stories=8, latest=1)(origin)  # type: ignore[operator]
        gallery = "".join(
            f'<a href="{origin}/?attachment_id={n}"><img src="/p{n}.jpg" alt=""></a>'
            for n in range(48100, 48106)
        )
        main = site["/story-1.html"].body()
        html = b"".join(main).decode().replace("</main>", f"<div>{gallery}</div></main>")
        site["/story-1.html"] = Page(
            lambda: [html.encode()], headers={"Content-Type": "text/html; charset=utf-8"}
        )
        return site

    with serve_site(pages) as site:
        crawl = crawl_site(tmp_path, site, sitemap=False)
    assert crawl.stored == {f"{site.origin}/story-{n}.html" for n in range(8)}
    assert not any("attachment_id" in line for line in crawl.log)


# -- a static page ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "article", "story"),
    [
        ("", "post-47995 mainnews type-mainnews status-publish hentry", True),
        ("", "post-12 post type-post status-publish", True),
        ("", "page type-page status-publish hentry", False),  # WordPress's Page
        ("", "node node--type-page node--view-mode-full", False),  # Drupal's basic page
        ("node-type-page", "node", False),  # Drupal 7's, on the body
        ("node-type-article", "node node--type-article", True),
    ],
)
def test_a_page_its_cms_marks_static_is_no_story(body: str, article: str, story: bool) -> None:
    """A notice board's page ("Огласи": a call for soldiers, "Објавено: 16.11.2026") that
    WordPress shows as a Page, not a post, states its day as a story does: the CMS's type
    tells it."""
    html = (
        f"<html lang='en'><head><title>Notices</title></head><body class='{body}'>"
        f"<main><article class='{article}'><h1>Minister meets the delegation of the Guard</h1>"
        f"<p>Published: 16.11.2026</p><p>{PROSE}</p></article></main></body></html>"
    )
    result = _read(html, "https://mod.example/?page_id=2931")
    assert isinstance(result, Article if story else Rejected), result


# -- batch24: a title's day in a link, a call by its title, switchers named otherwise -----------


def test_a_links_title_with_its_day_under_the_text_dates_no_page() -> None:
    """The Kosovo office's page of agreements: a sentence, then links titled with their days
    ("First Agreement ... (19 April 2013)"): those are the agreements' days, not the page's."""
    links = "".join(
        f"<p><a href='/docs/{n}.pdf'>Agreement number {n} on the normalisation of relations"
        f" ({n} April 2013)</a></p>"
        for n in (19, 20, 21)
    )
    html = (
        "<html lang='en'><head><title>Negotiation process</title></head><body><main>"
        "<h1>Negotiation process with Pristina</h1><p>This page contains the texts of the"
        f" agreements reached in the dialogue between Belgrade and Pristina.</p>{links}"
        "</main></body></html>"
    )
    result = _read(html, "https://kim.example/eng/pregovaracki-proces.php")
    assert not isinstance(result, Article) or result.published != date(2013, 4, 19)


def _call(title: str, url: str, deadline: str) -> Article | Rejected:
    html = (
        f"<html lang='sr'><head><title>{title}</title></head><body><main><h1>{title}</h1>"
        "<p>Датум објављивања: 20. новембар 2026.</p><p>Канцеларија расписује јавни конкурс за"
        " доделу бесповратних средстава удружењима грађана за пројекте у области образовања,"
        f" културе и спорта на Косову и Метохији.</p><p>{deadline}</p></main></body></html>"
    )
    return _read(html, url, ("sr-Cyrl",))


def test_a_call_by_its_title_and_its_deadline_off_the_news_is_no_story() -> None:
    title = "Јавни конкурс за доделу средстава за пројекте у 2027. години"
    deadline = "Рок за подношење пријава је 30 дана од дана објављивања конкурса."
    assert isinstance(_call(title, "https://kim.example/k57.php", deadline), Rejected)
    # filed among the news, a story that announces it; without a deadline, a story too
    assert isinstance(_call(title, "https://kim.example/vesti/k57.php", deadline), Article)
    assert isinstance(
        _call(title, "https://kim.example/k57.php", "Пријаве се шаљу поштом."), Article
    )
    story = "Министар отворио нову школу у Грачаници"
    assert isinstance(_call(story, "https://kim.example/k58.php", deadline), Article)


def _switched_by(switcher: str, url: str, lang: str = "en") -> Article | Rejected:
    html = (
        f"<html lang='{lang}'><head><title>Culture days in Novi Sad</title></head><body>"
        f"<div class='top'>{switcher}</div><main><h1>Culture days in Novi Sad</h1>"
        f"<p>27 November 2026</p><p>{PROSE}</p></main></body></html>"
    )
    return _read(html, url)


@pytest.mark.parametrize(
    ("switcher", "url", "twin"),
    [
        (  # a script's name shows the page itself (kim.gov.rs)
            "<div id='pismo'><b>ћирилица</b> | <a href='/lat/v4318.php'>latinica</a> |"
            " <a href='/eng/v4318.php'>English</a></div>",
            "https://kim.example/v4318.php",
            ("https://kim.example/eng/v4318.php", "en"),
        ),
        (  # names no language's, at the same path in another language's folder (mfa.am)
            "<ul><li><a href='/hy/'>Հայ</a></li><li class='active'><a"
            " href='/en/news/2026/11/27/culture/1484'>Eng</a></li><li><a"
            " href='/sr/news/2026/11/27/culture/1484'>Srp</a></li></ul>",
            "https://am.example/en/news/2026/11/27/culture/1484",
            ("https://am.example/sr/news/2026/11/27/culture/1484", "sr"),
        ),
        (  # the page's own language links its home, the other its twin (eodcoe.org)
            "<ul><li class='active'><a href='/en/'>EN</a></li><li><a"
            " href='/sk/aktuality/dni-kultury-v-novom-sade.html'>SK</a></li></ul>",
            "https://eod.example/en/news/culture-days-in-novi-sad.html",
            ("https://eod.example/sk/aktuality/dni-kultury-v-novom-sade.html", "sk"),
        ),
    ],
)
def test_a_switcher_named_by_scripts_or_short_names_links_the_twin(
    switcher: str, url: str, twin: tuple[str, str]
) -> None:
    lang = "sr-Cyrl" if "pismo" in switcher else "en"
    article = _switched_by(switcher, url, lang)
    assert isinstance(article, Article), article
    assert twin in article.translations


@pytest.mark.parametrize(
    ("closing", "day"),
    [
        ("took place in Trenčín, Slovakia, on 3 December 2026.", date(2026, 12, 3)),
        ("took place in Trenčín, Slovakia. News 01.12.2026.", None),
    ],
)
def test_a_first_sentence_that_closes_on_its_day_dates_the_report(
    closing: str, day: date | None
) -> None:
    html = (
        "<html lang='en'><head><title>Annual Conference 2026</title></head><body><main>"
        "<h1>Annual Quality Assurance Conference 2026</h1><p>The Centre's Annual Quality"
        f" Assurance Conference 2026 {closing}</p><p>{PROSE}</p></main></body></html>"
    )
    article = _read(html, "https://eod.example/en/news/annual-conference-2026.html")
    assert isinstance(article, Article), article
    assert article.published == day


@pytest.mark.parametrize(
    "filed",
    [
        "<p class='arbo'><a href='/'>Početna</a> &gt; <a href='/-Vesti-'>Vesti</a></p>",
        "<div class='cat'><a href='/sr/category/vesti/' rel='tag'>Vesti</a></div>",
    ],
)
def test_a_call_its_trail_or_its_category_files_among_the_news_is_a_story(filed: str) -> None:
    title = "Konkurs „Mladi reporteri za Evropu“ 2026"
    html = (
        f"<html lang='sr'><head><title>{title}</title></head><body>{filed}<main><h1>{title}</h1>"
        "<p>objavljeno 3. decembar 2025.</p><p>Ambasada i institut pozivaju srednjoškolce koji"
        " uče francuski jezik da se prijave na konkurs za mlade reportere iz cele Srbije.</p>"
        "<p>Rok za slanje radova je 1. mart 2026.</p></main></body></html>"
    )
    assert isinstance(
        _read(html, "https://fr.example/Konkurs-Mladi-reporteri", ("sr-Latn",)), Article
    )
    trail = "<p><a href='/'>Početna</a> » <a href='/konkursi'>Konkursi</a></p>"
    bare = html.replace(filed, trail)
    assert isinstance(
        _read(bare, "https://fr.example/Konkurs-Mladi-reporteri", ("sr-Latn",)), Rejected
    )


def test_a_labelled_date_line_with_its_authors_link_dates_the_story() -> None:
    """CuteNews's "Posted on 14 Nov 2017 by <a>Press Office</a>" under the text: a date line,
    though a link is in it and it is longer than a date set as a link."""
    html = (
        "<html lang='en'><head><title>Embassy</title></head><body><table><tr><td>"
        "<b>Ambassador presents credentials</b><br><br>"
        f"{PROSE}<br><br>Posted on 14 Nov 2017 by <a href='mailto:press@e.example'>Press"
        " Office</a></td></tr></table></body></html>"
    )
    article = _read(html, "https://e.example/index.php?subaction=showfull&id=1510623600")
    assert isinstance(article, Article), article
    assert article.published == date(2017, 11, 14)

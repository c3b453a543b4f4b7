"""General rules batch29 taught, each written from the markup a CMS really renders, not from
the blind sites' own pages: a page builder that names every part of a page a "widget"
(Elementor) hides no story; a date line above the heading under a row of the page's own tools
(print it, mail it) is the story's; the story's part of a <title> that holds a dot ("51.º") is
its title; a story's text does not open with its title; and a page every page's footer links,
undated where the newsroom's stories are dated, is no story for standing at their address."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.components.pipelines import DATED_STORIES
from crawler.core.items import Article, Rejected, Source
from crawler.core.newsrooms import generic_newsroom
from crawler.extraction import extract
from crawler.extraction.body import untitled
from crawler.extraction.fields import box_namer
from tests.support.loopback_crawls import crawl_site
from tests.support.loopback_site import Page, serve_site
from tests.support.pages import story

FETCHED = datetime(2026, 12, 4, 12, tzinfo=UTC)
PROSE = (
    "The director welcomed the delegation at the academy and presented the work of the centre,"
    " its courses and its studies on mine countermeasures in the shallow waters of the North Sea. "
) * 3


def _read(html: str, url: str, languages: tuple[str, ...] = ("en",)) -> Article | Rejected:
    result = extract(html.encode(), url, generic_newsroom(languages), FETCHED)
    return result[0] if isinstance(result, tuple) else result


# -- a page builder's "widgets" --------------------------------------------------------------------


def _widget(kind: str, inner: str) -> str:
    return (
        f'<div class="elementor-element elementor-widget elementor-widget-{kind}">'
        f'<div class="elementor-widget-container">{inner}</div></div>'
    )


def _elementor(
    lead: str = "On 1 September 2026 the directorship of the centre changed hands in Ostend.",
) -> str:
    """A post as Elementor's Theme Builder renders it: each part a widget (its title, its
    Post Info with a <time> of no machine value linking the day's archive, its content), then
    a "Latest news" Posts widget of cards, each dated."""
    card = (
        '<article class="elementor-post"><h3 class="elementor-post__title"><a href="/{slug}/">'
        "{title}</a></h3><p>{title} and more in a line of its excerpt for the card</p>"
        '<span class="elementor-post-date">November {day}, 2026</span></article>'
    )
    cards = "".join(
        card.format(slug=f"story-{day}", title=f"Another story of the {day}th", day=day)
        for day in (6, 20, 30)
    )
    info = (
        '<ul class="elementor-post-info"><li itemprop="datePublished"><a href='
        '"https://www.nmw.example/2026/09/04/"><time>September 4, 2026</time></a></li>'
        '<li itemprop="about"><a href="/category/news/">News</a></li></ul>'
    )
    return f"""<!DOCTYPE html><html lang="en-US"><head><meta charset="utf-8">
<title>Change of Director at the Centre - NMW Example</title>
<meta property="og:type" content="article"></head><body class="single-post">
<div data-elementor-type="header" class="elementor elementor-location-header">
{_widget("nav-menu", '<nav><a href="/">Home</a> <a href="/news/">News</a></nav>')}</div>
<div data-elementor-type="single-post" class="elementor elementor-location-single post-1 post
type-post hentry"><div class="e-con"><div class="e-con-inner">
{_widget("theme-post-title", "<h1>Change of Director at the Centre</h1>")}
{_widget("post-info", info)}
{_widget("theme-post-content", f"<p>{lead}</p><p>{PROSE}</p><p>{PROSE}</p>")}
{_widget("heading", "<h2>Latest news</h2>")}
{_widget("posts", f'<div class="elementor-posts-container">{cards}</div>')}
</div></div></div><footer>NMW Example, Ostend</footer></body></html>"""


def test_a_page_builders_widgets_hide_no_story_nor_its_date_line() -> None:
    article = _read(_elementor(), "https://www.nmw.example/change-of-director-at-the-centre/")
    assert isinstance(article, Article)
    assert article.published == date(2026, 9, 4)  # its date line, not its lead's day
    assert article.provenance["published"] is Source.DATELINE
    assert article.text.startswith("On 1 September 2026")
    assert "Another story" not in article.text


def _wordpress(heading_box: str) -> str:
    """A classic WordPress post with a sidebar of widgets, one a "Recent posts" box dated;
    its heading in ``heading_box`` (a class), or in no box when empty."""
    heading = "<h1>Change of Director at the Centre</h1>"
    if heading_box:
        heading = f'<div class="{heading_box}">{heading}</div>'
    return f"""<!DOCTYPE html><html lang="en-US"><head><meta charset="utf-8">
<title>Change of Director at the Centre</title></head><body>
<div id="content"><div class="post">{heading}<div class="entry">
<p>{PROSE}</p><p>{PROSE}</p></div></div>
<div id="secondary"><section class="widget widget_recent_entries"><h2>Recent posts</h2>
<ul><li>28 November 2026</li><li>30 November 2026</li></ul></section></div>
</div></body></html>"""


@pytest.mark.parametrize("heading_box", ["", "post-header"])
def test_a_sidebar_of_widgets_still_dates_no_story(heading_box: str) -> None:
    """The heading stands in no "widget": a sidebar's widgets stay boxes beside the story,
    and their dates date nothing."""
    article = _read(_wordpress(heading_box), "https://www.nmw.example/?p=1")
    assert isinstance(article, Article)
    assert article.published is None


@pytest.mark.parametrize("heading_box", ["", "post-header", "widget-title-box related-col"])
def test_a_box_is_named_by_its_words_unless_the_heading_stands_in_one_so_named(
    heading_box: str,
) -> None:
    """Only a word naming a box around the page's one heading is the builder's (Elementor's
    "widget"); the others still name boxes beside the story."""
    wordpress = box_namer(lxml.html.document_fromstring(_wordpress(heading_box)))
    elementor = box_namer(lxml.html.document_fromstring(_elementor()))
    assert wordpress("widget widget_recent_entries") is (
        heading_box != "widget-title-box related-col"
    )
    assert wordpress("sidebar-primary") is True
    assert elementor("elementor-element elementor-widget elementor-widget-posts") is False
    assert elementor("related-posts") is True
    assert elementor("elementor-widget-posts latest-news") is True
    # the site's name linking home, the page's one <h1>, in a header widget: no story heading
    linked = (
        _wordpress("")
        .replace(
            '<div id="content">', '<div class="widget site-name"><h1><a href="/">NMW</a></h1></div>'
        )
        .replace("<h1>Change of Director at the Centre</h1>", "<h2>Change of Director</h2>")
    )
    assert box_namer(lxml.html.document_fromstring(linked))("widget widget_recent_entries")


# -- a date line above the heading, under the page's tools ---------------------------------------


def _showcontent(tools: str) -> str:
    """A central bank's press release: a row of tools, its date, then its title (an <h2>)."""
    return f"""<!DOCTYPE html><html lang="sr"><head><meta charset="utf-8">
<title>Упозорење грађанима на лажне поруке | Народна банка</title></head><body>
<header><a href="/sr_RS/index.html">Народна банка</a></header><main><div class="showcontent">
<div class="tools">{tools}</div>
<p class="datum">27.11.2026.</p><h2 class="naslov">Упозорење грађанима на лажне поруке</h2>
<p>{
        "Народна банка упозорава грађане да су у претходним данима забележени случајеви "
        "слања лажних порука у којима се наводи да ће им истећи наградни поени. " * 3
    }</p>
<p>{
        "Грађани треба одмах да се обрате својој банци ради блокаде картице и да не отварају "
        "линкове из порука непознатих пошиљалаца, ни на телефону ни на рачунару. " * 3
    }</p>
</div></main><footer>Краља Петра 12, Београд</footer></body></html>"""


TOOLS = (
    '<a href="javascript:window.print()">Штампај</a> <a href="mailto:?subject=x">Пошаљи</a>',
    '<a href="#">Штампај</a> <a href="">Пошаљи</a>',
)


@pytest.mark.parametrize("tools", TOOLS)
def test_a_date_above_the_heading_under_the_pages_tools_is_its_date_line(tools: str) -> None:
    article = _read(_showcontent(tools), "https://bank.example/show.html?id=21955", ("sr",))
    assert isinstance(article, Article)
    assert article.published == date(2026, 11, 27)
    assert article.provenance["published"] is Source.DATELINE
    # neither the date nor the title opens the text ("27.11.2026." ends with a stop)
    assert article.text.startswith("Народна банка упозорава")


def test_a_date_under_a_link_to_another_page_is_not_stated_beside_the_heading() -> None:
    """A teaser's title link above a date: that date may be the teaser's."""
    html = _showcontent('<a href="/sr_RS/show.html?id=21900">Претходно саопштење</a>')
    article = _read(html, "https://bank.example/show.html?id=21955", ("sr",))
    assert isinstance(article, Article)
    assert article.provenance.get("published") is not Source.DATELINE


# -- the story's part of a <title> ---------------------------------------------------------------


def _portal(title: str, shown: str) -> str:
    """An embassy portal's story: the title shown as a list's item, no heading at all."""
    return f"""<!DOCTYPE html><html lang="pt"><head><meta charset="utf-8">
<title>{title}</title></head><body><nav><a href="/">Início</a>
<a href="/web/noticias">Notícias</a></nav><main><article class="noticia-detalhe">
<ul class="noticia-titulo"><li>{shown}</li></ul><div class="noticia-texto"><p>{
        "Belgrado, 11/11/2026 – A Embaixada ofereceu, nesta quarta-feira, uma recepção "
        "oficial por ocasião do aniversário, com membros do Governo e do corpo diplomático. " * 4
    }</p></div></article></main></body></html>"""


@pytest.mark.parametrize(
    "story",
    [
        "Embaixada celebra 51.º Aniversário da Independência Nacional",
        "Reunião de 1. dezembro com o Secretário de Estado",
    ],
)
def test_a_dot_in_the_storys_part_of_the_title_keeps_it_the_title(story: str) -> None:
    html = _portal(f"{story} - Embaixada de Angola na Sérvia", story)
    article = _read(html, "https://servia.example/web/noticias/embaixada-celebra", ("pt",))
    assert isinstance(article, Article)
    assert article.title == story
    assert not article.text.startswith(("-", story))


@pytest.mark.parametrize("site", ["servia.example.ao", "U.S. Embassy in Serbia", "Amb. de Angola"])
def test_a_domains_name_or_an_abbreviation_in_the_title_is_the_sites_part(site: str) -> None:
    story = "Embaixada celebra o Aniversário da Independência Nacional"
    html = _portal(f"{site} - {story}", story)
    article = _read(html, "https://servia.example/web/noticias/embaixada-celebra", ("pt",))
    assert isinstance(article, Article)
    assert article.title == story


# -- a text that opens with its title ------------------------------------------------------------


def _typo3(first: str, under: str = "") -> str:
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>COE Example: Mine Countermeasures in the 21st Century</title></head><body>
<nav><a href="/">Home</a> <a href="/our-work/">Our Work</a></nav><div id="maincontent">
<div class="frame frame-type-text"><header><h2>Mine Countermeasures in the 21st Century</h2>
</header><div class="ce-bodytext">{under}<p>{first}</p><p>{PROSE}</p></div></div></div>
<footer>COE Example, Kiel</footer></body></html>"""


@given(st.sampled_from(["Sea mines remain one of the most cost-effective weapons.", "Mines."]))
def test_a_stories_text_does_not_open_with_its_title(first: str) -> None:
    article = _read(_typo3(first), "https://coe.example/our-work/spotlights/mcm-21st-century/")
    assert isinstance(article, Article)
    assert article.title == "Mine Countermeasures in the 21st Century"
    assert article.text.startswith(first)


@pytest.mark.parametrize("under", ["<p>30.11.2026</p>", "<p>Published 30 November 2026</p>"])
def test_nor_with_the_line_under_its_title_that_says_when_it_was_published(under: str) -> None:
    first = "Sea mines remain one of the most cost-effective weapons."
    html = _typo3(first, under)
    article = _read(html, "https://coe.example/our-work/spotlights/mcm-21st-century/")
    assert isinstance(article, Article)
    assert article.text.startswith(first)
    assert article.published == date(2026, 11, 30)


def test_a_short_notices_sentence_under_its_title_stays_its_text() -> None:
    first = "The centre was closed on 1 December 2026."
    article = _read(_typo3(first), "https://coe.example/our-work/spotlights/mcm-21st-century/")
    assert isinstance(article, Article)
    assert article.text.startswith(first)


@pytest.mark.parametrize(
    ("first", "dropped"),
    [
        ("Pomoćnik ministra primio je delegaciju Međunarodnog štaba NATO.", False),
        ("Представљен Извештај о инфлацији – новембар 2026.", True),
        ("Mine Countermeasures in the 21st Century", True),
    ],
)
def test_a_first_sentence_taken_for_the_title_stays_the_text(first: str, dropped: bool) -> None:
    """A page whose title is its first sentence (Liferay's heading hidden, its lead read as
    the title): the sentence is the story's text, not a heading over it. A title ending with
    a year's or an ordinal's stop is no sentence."""
    rest = "Razgovarano je o sprovođenju Individualnog akcionog plana partnerstva."
    text = untitled(f"{first}\n\n{rest}", first)
    assert text == (rest if dropped else f"{first}\n\n{rest}")


def test_a_first_line_that_goes_on_past_the_title_stays() -> None:
    first = "Mine Countermeasures in the 21st Century are the subject of a new study."
    article = _read(_typo3(first), "https://coe.example/our-work/spotlights/mcm-21st-century/")
    assert isinstance(article, Article)
    assert article.text.startswith(first)


# -- a standing page every footer links, at the stories' address ---------------------------------


def _bank(origin: str) -> dict[str, Page]:
    """A newsroom whose stories are at "show.html?id=<n>", each with its dateline; every
    page's footer links "show.html?id=1776", an undated text on how the rate is set, and its
    "latest" box the newest story ("?id=2200"), whose only day is in its markup; the home page
    also lists an undated story at the same address ("?id=990")."""
    footer = (
        f'<aside class="latest"><a href="{origin}/show.html?id=2200">Latest: Counters</a></aside>'
        f'<footer><a href="{origin}/show.html?id=1776">How the rate is set</a></footer>'
    )
    ids = [2100 + n for n in range(DATED_STORIES)]

    def page(title: str, main: str) -> Page:
        html = (
            f"<html><head><title>{title}</title></head><body><nav><a href='{origin}/'>Home</a>"
            f"</nav><main>{main}</main>{footer}</body></html>"
        )
        return Page(lambda: [html.encode()], headers={"Content-Type": "text/html; charset=utf-8"})

    def body(n: int, title: str, dated: bool) -> str:
        main = b"".join(story(n, title).body()).decode().split("<body>")[1].split("</body>")[0]
        return main if dated else main.replace("<p>Brussels, 24 November 2026</p>", "")

    teasers = "".join(
        f'<p><a href="{origin}/show.html?id={i}">Release {i}</a></p>' for i in [*ids, 990]
    )
    site = {"/": page("Bank", f"<h1>Press releases</h1>{teasers}")}
    for i in ids:
        site[f"/show.html?id={i}"] = page(f"Release {i}", body(i, f"Release number {i}", True))
    site["/show.html?id=990"] = page("Notice", body(990, "Counters closed on Friday", False))
    site["/show.html?id=1776"] = page("Rate", body(1776, "How the rate is set", False))
    # the newest story, in a "latest" box on every page: no date line, a day in its markup
    stamp = '<time class="entry-date published" datetime="2026-11-30T09:30:00+01:00"></time>'
    newest = body(2200, "Counters open on Saturday", False).replace("</h1>", f"</h1>{stamp}")
    site["/show.html?id=2200"] = page("Counters", newest)
    return site


@pytest.mark.crawl
def test_an_undated_page_every_footer_links_is_no_story_at_the_stories_address(tmp_path: Path):
    with serve_site(_bank) as site:
        crawl = crawl_site(tmp_path, site, sitemap=False)
    stories = {f"{site.origin}/show.html?id={2100 + n}" for n in range(DATED_STORIES)}
    # the undated story a listing links stays: its date may be one the crawl cannot read;
    # so does the newest, which every page links, for the day its markup holds
    kept = {f"{site.origin}/show.html?id={n}" for n in (990, 2200)}
    assert crawl.stored == stories | kept
    assert crawl.run.counters["pages/not-a-story"] == 1

"""Batch26's rules, read after its first sight: Spanish and Portuguese dates joined by "de",
English ordinal days, the place over the date that closes a story, an article's own
<footer>, the order of a page's figures that its <time> elements give, a site's name that
holds a separator, a folder's default document as the folder's index, and an album that
states no sentence."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import lxml.html
import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.core.items import Article, Reason, Rejected
from crawler.core.newsrooms import generic_newsroom
from crawler.extraction import extract
from crawler.extraction.classify import indexes_children
from crawler.extraction.dates import find_date, find_stated_date

FETCHED = datetime(2026, 12, 4, 12, tzinfo=UTC)
LATEST = FETCHED.date()
PROSE = (
    "The ambassador met the minister of trade today in Belgrade to discuss the joint committee"
    " on economic cooperation and the next business forum of both countries. "
) * 3
MONTHS = (
    *("January", "February", "March", "April", "May", "June", "July", "August"),
    *("September", "October", "November", "December"),
)


def _read(html: str, url: str, languages: tuple[str, ...] = ("en",)) -> Article | Rejected:
    result = extract(html.encode(), url, generic_newsroom(languages), FETCHED)
    return result[0] if isinstance(result, tuple) else result


# -- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "languages"),
    [
        ("Belgrado, 2 de diciembre de 2026. El Embajador", ("es", "en")),
        ("el 2 de diciembre del 2026 en Novi Sad", ("es",)),
        ("Belgrado, 2 de dezembro de 2026.", ("pt",)),
        ("2 de diciembre 2026", ("es",)),
    ],
)
def test_a_day_and_month_joined_by_de(text: str, languages: tuple[str, ...]) -> None:
    stated = find_stated_date(text, LATEST, languages)
    assert stated is not None and stated.day == date(2026, 12, 2)


def test_no_year_no_date_and_no_language_no_reading() -> None:
    # "Belgrado, 25 de noviembre.": no year written, no date; and a language the newsroom
    # does not write is not asked for
    assert find_stated_date("Belgrado, 25 de noviembre.", LATEST, ("es",)) is None
    assert find_stated_date("2 de diciembre de 2026", LATEST, ("en",)) is None


_SUFFIX = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}


@given(st.dates(min_value=date(2000, 1, 1), max_value=LATEST), st.booleans(), st.booleans())
def test_an_ordinal_day_before_its_month(day: date, of: bool, comma: bool) -> None:
    # "27th November, 2026" (Pakistan's missions), "3rd of December 2026"
    ordinal = f"{day.day}{_SUFFIX.get(day.day, 'th')}"
    written = f"{ordinal} {'of ' if of else ''}{MONTHS[day.month - 1]}{',' if comma else ''} "
    stated = find_date(f"Belgrade {written}{day.year}", LATEST)
    assert stated is not None and stated.day == day


# -- where a story states its date -------------------------------------------------------------


def _pakistan(closing: str) -> str:
    return (
        "<html><head><title>Embassy of Pakistan, Belgrade | Ambassador calls on the Minister"
        "</title></head><body><table><tr><td class='menu'><a href='/serbia/'>Home</a>"
        " <a href='/serbia/pr.php'>Press Releases</a></td><td class='content'>"
        "<h2>Press Releases</h2><p>Press Release No. 41/2026</p>"
        "<h3>Ambassador calls on the Minister</h3>"
        f"<p>{PROSE}</p><p>{PROSE}</p>{closing}</td></tr></table>"
        "<p>Copyright © 2026 Ministry of Foreign Affairs</p></body></html>"
    )


def test_the_place_over_the_date_that_closes_a_story_dates_it() -> None:
    closing = "<p><strong>Belgrade<br />27th November, 2026</strong></p>"
    article = _read(_pakistan(closing), "http://mofa.example/serbia/pr-details.php?mm=MzQxMg")
    assert isinstance(article, Article), article
    assert article.published == date(2026, 11, 27)


def test_a_heading_over_a_date_in_another_element_is_no_place() -> None:
    # "Related" over another story's day, each an element of its own: the walk stops there.
    closing = "<h4>Related</h4><p><strong>26th November, 2026</strong></p>"
    article = _read(_pakistan(closing), "http://mofa.example/serbia/pr-details.php?mm=MzQxMg")
    assert isinstance(article, Article), article
    assert article.published is None


def _drupal(time: str, lang: str = "en", footer: str = "footer") -> str:
    return (
        f"<html lang='{lang}'><head><title>27th Meeting of the Steering Committee | NATO M&S"
        " COE</title></head><body><header><a href='/'>NATO M&S COE</a></header><main>"
        "<h1 class='page-title'>27th Meeting of the Steering Committee</h1>"
        "<article class='node node--type-article'>"
        f"<{footer} class='node__meta'><div class='node__submitted'>{time}</div></{footer}>"
        f"<div class='node__content'><p>{PROSE}</p><p>{PROSE}</p></div></article></main>"
        "<footer class='site-footer'>© 2026 NATO M&S COE</footer></body></html>"
    )


TIMED = (
    "<time datetime='2026-12-01T10:12:00+01:00' title='Tuesday, December 1, 2026 - 10:12'"
    " class='datetime'>Tue, 12/01/2026 - 10:12</time>"
)


def test_an_articles_own_footer_and_its_time_element_date_it() -> None:
    article = _read(_drupal(TIMED), "https://mscoe.example/27th-meeting")
    assert isinstance(article, Article), article
    assert article.published == date(2026, 12, 1)  # not 12 January: <time> says December


def test_a_date_in_figures_that_reads_both_ways_is_no_date_without_its_time_element() -> None:
    article = _read(_drupal("<span>Tue, 12/01/2026 - 10:12</span>"), "https://mscoe.example/x")
    assert isinstance(article, Article), article
    assert article.published is None  # 12 January or 1 December: no guess


def test_a_time_element_says_the_order_on_a_page_in_another_language() -> None:
    # Drupal writes its default format the month first whatever the page's language.
    article = _read(_drupal(TIMED, lang="it"), "https://mscoe.example/x", ("it", "en"))
    assert isinstance(article, Article), article
    assert article.published == date(2026, 12, 1)


def test_a_page_footer_outside_the_article_is_still_the_pages() -> None:
    # The same meta in a <div> outside any <article>: the site's footer, by its tag, when
    # it is a <footer> of the page.
    html = _drupal(TIMED).replace("<article class='node node--type-article'>", "<div>")
    html = html.replace("</article>", "</div>")
    article = _read(html, "https://mscoe.example/x")
    assert isinstance(article, Article), article
    assert article.published is None


# -- titles, indexes and albums ---------------------------------------------------------------


def test_a_site_name_that_holds_a_separator_is_no_part_of_the_title() -> None:
    # Yoast's og:title, "<title> - <og:site_name>", where the site's name is "JAPCC | ...".
    site = "JAPCC | Joint Air Power Competence Centre"
    html = (
        f"<html><head><title>Delivering Air Power at Scale - {site}</title>"
        f"<meta property='og:title' content='Delivering Air Power at Scale - {site}'>"
        f"<meta property='og:site_name' content='{site}'></head><body>"
        "<div class='breadcrumbs'><a href='/'>Home</a> » <a href='/articles/'>Articles</a> »"
        " <span>Delivering Air Power at Scale</span></div><article>"
        "<header class='entry-header'><h1>Delivering Air Power at Scale</h1>"
        "<h2>Key Takeaways from the Joint Air &amp; Space Power Conference 2026</h2></header>"
        f"<div class='entry-content'><p>{PROSE}</p><p>{PROSE}</p></div></article></body></html>"
    )
    article = _read(html, "https://japcc.example/articles/delivering-air-power-at-scale/")
    assert isinstance(article, Article), article
    assert article.title == "Delivering Air Power at Scale"


def _index(links: int) -> lxml.html.HtmlElement:
    anchors = "".join(
        f"<a href='pr-details.php?mm={n}'>Press release {n}</a>" for n in range(links)
    )
    return lxml.html.document_fromstring(f"<html><body><p>{PROSE}</p>{anchors}</body></html>")


@pytest.mark.parametrize("document", ["index.php", "default.aspx", "index.html", "INDEX.HTM"])
def test_a_folders_default_document_is_the_folders_index(document: str) -> None:
    url = f"http://mofa.example/serbia/{document}"
    rejected = indexes_children(url, _index(4))
    assert rejected is not None and rejected.reason is Reason.LISTING
    assert indexes_children(url, _index(3)) is None


def test_a_page_with_a_query_is_no_folders_index() -> None:
    # Joomla's article at "index.php?option=...&id=5" beside links to its siblings
    url = "http://mofa.example/index.php?option=com_content&view=article&id=5"
    tree = lxml.html.document_fromstring(
        "<html><body>"
        + "".join(
            f"<a href='/index.php?option=com_content&view=article&id={n}'>Story {n}</a>"
            for n in range(6, 12)
        )
        + "</body></html>"
    )
    assert indexes_children(url, tree) is None


def _album(caption: str) -> str:
    pictures = "".join(
        f"<li><a href='/Photo/Album/{n:02d}.jpg'><img src='/Photo/Album/{n:02d}.jpg' width='200'>"
        "</a></li>"
        for n in range(1, 9)
    )
    return (
        "<html lang='vi'><head><title>Triển lãm ảnh tại Novi Sad</title></head><body>"
        "<div class='banner'><p>ĐẠI SỨ QUÁN NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM TẠI CỘNG"
        " HÒA SERBIA</p><p>EMBASSY OF THE SOCIALIST REPUBLIC OF VIET NAM IN THE REPUBLIC OF"
        " SERBIA</p></div><ul class='menu'><li><a href='/'>Trang chủ</a></li>"
        "<li><a href='/gioi-thieu'>Giới thiệu</a></li><li><a href='/tin-tuc'>Tin tức</a></li>"
        "</ul><div class='content'><h1>Triển lãm ảnh tại Novi Sad</h1>"
        f"<div class='article-date'>31/10/2026</div>{caption}<ul class='album'>{pictures}</ul>"
        "</div><div class='right-box'><div class='right-box-title'>Tổng đài bảo hộ công dân"
        " Việt Nam ở nước ngoài</div></div><div class='mofa-footer'><p>ĐẠI SỨ QUÁN VIỆT NAM TẠI"
        " CỘNG HÒA SERBIA</p><p>Địa chỉ: Beograd, Cộng hòa Serbia | Điện thoại: +381 11 266 3000"
        " | Email: vnemb.rs@mofa.gov.vn</p><p>Đường dây nóng bảo hộ công dân: +381 64 000 0000"
        "</p><p>© Bản quyền thuộc về Bộ Ngoại giao Việt Nam</p></div></body></html>"
    )


ALBUM = Path(__file__).parent / "blind/batch26/vietnam-embassy-serbia/day1/pages/pa95c95e682.html"


def test_an_album_that_states_no_sentence_is_no_story() -> None:
    # The Vietnamese embassy's album on the MOFA's SharePoint portal: its title, its day and
    # eight pictures; the reading is the portal's banner and menus, a story's length.
    url = (
        "https://vnembassy-belgrade.mofa.gov.vn/vi-vn/Media/Photo/Trang/Trien-lam-anh-Novi-Sad.aspx"
    )
    rejected = _read(ALBUM.read_text(encoding="utf-8"), url, ("vi", "en"))
    assert isinstance(rejected, Rejected), rejected
    assert rejected.reason is Reason.NOT_A_STORY
    # without its banner and menus, too short for a story: that is said first
    short = _read(_album(""), "https://vn.example/vi-vn/Media/Photo/Trang/Album.aspx", ("vi",))
    assert isinstance(short, Rejected) and short.reason is Reason.TOO_SHORT, short


def test_an_album_with_sentences_about_it_is_still_read() -> None:
    said = (
        "<p>Ngày 30 tháng 10, Đại sứ quán đã khai mạc triển lãm ảnh về đất nước và con người"
        " Việt Nam tại Novi Sad với sự tham dự của đông đảo bạn bè Serbia.</p>"
        "<p>Triển lãm giới thiệu hơn năm mươi bức ảnh về cảnh đẹp thiên nhiên, văn hóa và"
        " cuộc sống của người dân Việt Nam và sẽ kéo dài đến hết tháng mười một.</p>"
    )
    article = _read(_album(said), "https://vn.example/vi-vn/Media/Photo/Trang/Album.aspx", ("vi",))
    assert isinstance(article, Article), article

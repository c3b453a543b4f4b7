"""Batch28's rules, read after its first sight: a date line WordPress writes in Arabic with
the Arabic comma ("12 نوفمبر، 2026", its "j F، Y"), a microdata publication date whose
``datetime`` says the day its visible text writes in an order that reads both ways (TYPO3's
news extension: "12/01/2026" is 1 December), and microdata whose value is only its visible
text, which is the page's date line and is read as one in the page's languages."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml.html import document_fromstring

from crawler.core.items import Article, Rejected
from crawler.core.newsrooms import generic_newsroom
from crawler.extraction import extract
from crawler.extraction.dates import find_stated_date
from crawler.extraction.elements import machine_date, publication_element

FETCHED = datetime(2026, 12, 4, 12, tzinfo=UTC)
LATEST = FETCHED.date()
PROSE = (
    "The Director of the Centre welcomed the delegations of the sponsoring nations in Kiel and"
    " presented the programme of work for the coming year to the steering committee. "
) * 3
ARABIC_PROSE = (
    "شاركت سفيرة تونس ببلغراد، يوم الأربعاء 11 نوفمبر 2026، في موكب إحياء ذكرى يوم الهدنة"
    " في الحرب العالمية الأولى بحضور رئيس الجمهورية الصربية وعدد من أعضاء الحكومة. "
) * 3
#: WordPress's Arabic month names (its "ar" locale)
ARABIC_MONTHS = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
]


def _read(html: str, url: str, languages: tuple[str, ...] = ("en",)) -> Article | Rejected:
    result = extract(html.encode(), url, generic_newsroom(languages), FETCHED)
    return result[0] if isinstance(result, tuple) else result


# -- the Arabic comma ----------------------------------------------------------------------------


@given(
    day=st.dates(min_value=date(2000, 1, 1), max_value=LATEST),
    comma=st.sampled_from(["،", ","]),
)
def test_a_date_written_with_the_arabic_comma(day: date, comma: str) -> None:
    # WordPress's Arabic date format: the day, the month's name, a comma, the year
    text = f"نشر في {day.day} {ARABIC_MONTHS[day.month - 1]}{comma} {day.year} بواسطة"
    stated = find_stated_date(text, LATEST, ("ar",))
    assert stated is not None and stated.day == day


def test_the_arabic_comma_is_no_date_where_a_part_is_missing() -> None:
    assert find_stated_date("نوفمبر، 2026", LATEST, ("ar",)) is None


def _wordpress_post(date_line: str, body: str) -> str:
    return f"""<!DOCTYPE html><html dir="rtl" lang="ar"><head><meta charset="utf-8">
<title>السفيرة تشارك في إحياء ذكرى يوم الهدنة ببلغراد – سفارة تونس</title></head><body>
<header class="site-header"><a href="/">سفارة الجمهورية التونسية ببلغراد</a>
<nav><a href="/">الرئيسية</a> <a href="/category/news/">أخبار السفارة</a></nav></header>
<main><article class="post type-post" itemscope itemtype="https://schema.org/CreativeWork">
<header class="entry-header"><h1 class="entry-title" itemprop="headline">السفيرة تشارك في
إحياء ذكرى يوم الهدنة ببلغراد</h1><div class="entry-meta"><a href="/category/news/">أخبار
السفارة</a> / بواسطة <span class="author-name" itemprop="name">ambassade</span> /
{date_line}</div></header>
<div class="entry-content" itemprop="text"><p>{body}</p></div></article></main>
<footer>© 2026 سفارة الجمهورية التونسية</footer></body></html>"""


def test_a_text_only_microdata_date_is_read_as_the_date_line() -> None:
    # Astra marks the visible date line ``datePublished``, with no machine value: it is
    # the page's date line, and the lead's event day (11 November) is not the post's.
    html = _wordpress_post(
        '<span class="posted-on"><span class="published" itemprop="datePublished">'
        ' 12 نوفمبر، 2026 </span><span class="updated" itemprop="dateModified">'
        " 12 نوفمبر، 2026 </span></span>",
        ARABIC_PROSE,
    )
    article = _read(html, "https://www.ambassade-tunisie.example/post-386/", ("ar", "fr"))
    assert isinstance(article, Article)
    assert article.published == date(2026, 11, 12)


# -- microdata's machine value -------------------------------------------------------------------


def _typo3_news(time_element: str, related: str = "") -> str:
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>COE CSW: News Flash</title><base href="https://www.coecsw.example/"></head><body>
<nav><a href="our-coe/">Our COE</a> <a href="our-coe/news-flash/">News Flash</a></nav>
<h1>News Flash</h1>
<div class="news news-single"><div class="article" itemscope
 itemtype="http://schema.org/Article"><div class="header"><h3 itemprop="headline">Autumn
Steering Committee approves Programme of Work 2027</h3></div><div class="footer"><p>
<span class="news-list-date">{time_element}</span></p></div>
<div class="news-text-wrap" itemprop="articleBody"><p>{PROSE}</p></div></div></div>
{related}<footer>COE CSW, Kiel</footer></body></html>"""


@pytest.mark.parametrize(
    ("written", "machine", "day"),
    [
        ("12/01/2026", "2026-12-01", date(2026, 12, 1)),  # reads 12 January day first
        ("11/03/2026", "2026-11-03", date(2026, 11, 3)),
        ("03/11/2026", "2026-11-03T09:30:00+01:00", date(2026, 11, 3)),  # a time beside it
    ],
)
def test_microdata_says_which_day_its_figures_mean(written: str, machine: str, day: date) -> None:
    html = _typo3_news(f'<time itemprop="datePublished" datetime="{machine}">{written}</time>')
    article = _read(html, "https://www.coecsw.example/our-coe/news-flash/news-detail/article/scm/")
    assert isinstance(article, Article)
    assert article.published == day


def test_a_machine_day_after_the_fetch_is_not_taken() -> None:
    # a typo a year ahead: no date rather than a wrong one
    html = _typo3_news('<time itemprop="datePublished" datetime="2027-12-01">12/01/2027</time>')
    article = _read(html, "https://www.coecsw.example/our-coe/news-flash/news-detail/article/scm/")
    assert isinstance(article, Article)
    assert article.published != date(2027, 12, 1)


@pytest.mark.parametrize(
    ("markup", "value"),
    [
        ('<time itemprop="datePublished" datetime="2026-12-01">12/01/2026</time>', "2026-12-01"),
        ('<meta itemprop="datePublished" content=" 2026-12-01 ">', "2026-12-01"),
        (  # Blogger: the time of day shown, the date in the abbr's title
            "<abbr class='published' itemprop='datePublished'"
            " title='2017-11-15T13:20:00.000+01:00'>13:20</abbr>",
            "2017-11-15T13:20:00.000+01:00",
        ),
        ('<span itemprop="datePublished" title="Published">12/01/2026</span>', None),
        ('<span itemprop="datePublished">12/01/2026</span>', None),  # a date line
        ('<time itemprop="datePublished" datetime="">12/01/2026</time>', None),
        (  # a listing's teasers each carry one
            '<time itemprop="datePublished" datetime="2026-12-01">12/01/2026</time>'
            '<time itemprop="datePublished" datetime="2026-11-12">11/12/2026</time>',
            None,
        ),
        ('<time itemprop="dateModified" datetime="2026-12-01">12/01/2026</time>', None),
    ],
)
def test_the_publication_microdata_states_for_machines(markup: str, value: str | None) -> None:
    tree = document_fromstring(f"<html><body><p>Story</p>{markup}</body></html>")
    assert machine_date(publication_element(tree)) == value


# -- a lead in the story's header box, above its picture and date line --------------------------


def _enonic_article(ingress: str, meta: str = "Published 12 May 2025") -> str:
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Cooperation agreement signed - Forsvaret</title></head><body>
<header class="site-header"><a href="/en">Norwegian Armed Forces</a>
<nav><a href="/en/organisation">Organisation</a> <a href="/en/news">News</a></nav></header>
<main><nav class="breadcrumbs"><a href="/en">Home</a> <a href="/en/organisation">Organisation</a>
</nav><article class="article article--news"><header class="article__header">
<p class="article__label">News</p><h1 class="article__title">Cooperation agreement signed
between the Defence University College and the Centre</h1><p class="article__ingress">{ingress}</p>
</header><figure class="article__main-image"><img src="/_/image/1.jpg" alt="">
<figcaption>The signing at Terningmoen.</figcaption></figure>
<div class="article-meta"><p class="article-meta__date">{meta}</p></div>
<div class="article__body rich-text"><p>{PROSE}</p><p>{PROSE}</p></div></article>
</main><footer>Norwegian Armed Forces, Postboks 800</footer></body></html>"""


INGRESS = (
    "A Technical Agreement between the Defence University College and the Centre was signed"
    " at Terningmoen Camp on 9 May 2025."
)


@pytest.mark.parametrize("meta", ["Published 12 May 2025", "12.05.2025", "Publisert 12. mai 2025"])
def test_the_lead_under_the_heading_opens_the_story(meta: str) -> None:
    article = _read(_enonic_article(INGRESS, meta), "https://forsvaret.example/en/org/agreement")
    assert isinstance(article, Article)
    assert article.text.startswith(INGRESS + "\n")
    assert article.text.count(INGRESS) == 1


def test_a_label_above_the_heading_is_no_lead() -> None:
    article = _read(_enonic_article(INGRESS), "https://forsvaret.example/en/org/agreement")
    assert isinstance(article, Article)
    assert not article.text.startswith("News")


@pytest.mark.parametrize(
    "ingress",
    [
        'Read the <a href="/en/agreement.pdf">agreement</a> signed at Terningmoen Camp today.',
        "Cooperation agreement",  # a subtitle, no sentence
    ],
)
def test_what_is_no_lead_stays_out(ingress: str) -> None:
    article = _read(_enonic_article(ingress), "https://forsvaret.example/en/org/agreement")
    assert isinstance(article, Article)
    assert article.text.startswith(PROSE.strip()[:40])


def test_a_box_of_more_than_a_date_line_stops_the_search() -> None:
    # a line of the story's own between its lead and its text: what trafilatura read is kept
    html = _enonic_article(
        INGRESS, "Published 12 May 2025 by the press office of the Centre in Elverum"
    )
    article = _read(html, "https://forsvaret.example/en/org/agreement")
    assert isinstance(article, Article)
    assert not article.text.startswith(INGRESS)


@pytest.mark.parametrize("between", ["Reading time: three minutes", "Listen to the story"])
def test_only_a_date_line_is_passed_over(between: str) -> None:
    article = _read(_enonic_article(INGRESS, between), "https://forsvaret.example/en/org/agreement")
    assert isinstance(article, Article)
    assert not article.text.startswith(INGRESS)

"""Mends of what a read-through of the last stop's rules found: a microdata publication date
is the story's wherever the page's own classes name a sidebar (Drupal's ``<body
class="one-sidebar">``) or a box that holds the story itself; only a box beside the story
(`fields.boxes_beside`) keeps its date from dating the story. And a review's mends of this
stop's rules: a page's clock under its top bar's tools dates no story; a sidebar's <h1>
("Subscribe") makes no box word the builder's; a short notice's sentence under its title
stays its text."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from crawler.core.items import Article, Rejected
from crawler.core.newsrooms import generic_newsroom
from crawler.extraction import extract

FETCHED = datetime(2026, 12, 4, 12, tzinfo=UTC)
PROSE = (
    "The minister opened the new regional hospital wing on Thursday and thanked the builders,"
    " the nurses and the doctors who worked through the winter to finish it. "
) * 4


def _read(html: str) -> Article | Rejected:
    result = extract(html.encode(), "https://x.example/node/5", generic_newsroom(("en",)), FETCHED)
    return result[0] if isinstance(result, tuple) else result


def _drupal(body_class: str, around: str = "div") -> str:
    """A story whose only machine date is its microdata, in US order on the page ("12/01/2026"
    is 1 December by its ``datetime``), under a body and a box named as Drupal names them."""
    return f"""<!DOCTYPE html><html lang="en"><head><title>Wing opens</title></head>
<body class="{body_class}"><div id="page"><{around} class="region-content latest-news">
<article><h1>Minister opens hospital wing</h1><p><time itemprop="datePublished"
datetime="2026-12-01">12/01/2026</time></p><p>{PROSE}</p><p>{PROSE}</p></article>
</{around}><div class="region-sidebar">Links</div></div></body></html>"""


@pytest.mark.parametrize("body_class", ["", "one-sidebar sidebar-first", "page-node widget"])
@pytest.mark.parametrize("around", ["div", "section"])
def test_the_pages_own_classes_do_not_hide_its_microdata_date(body_class: str, around: str) -> None:
    article = _read(_drupal(body_class, around))
    assert isinstance(article, Article)
    assert article.published == date(2026, 12, 1)


def test_a_box_beside_the_story_still_keeps_its_microdata_date_out() -> None:
    """The sidebar's is the page's one microdata date: the story's line has none."""
    html = _drupal("one-sidebar").replace(
        '<div class="region-sidebar">Links</div>',
        '<div class="region-sidebar"><span itemscope itemtype="https://schema.org/NewsArticle">'
        '<time itemprop="datePublished" datetime="2026-10-15">15 October 2026</time></span></div>',
    )
    html = html.replace('<time itemprop="datePublished"\ndatetime="2026-12-01">', "<time>")
    assert html.count("datePublished") == 1
    article = _read(html)
    assert isinstance(article, Article)
    assert article.published != date(2026, 10, 15)


# -- the review's findings on this stop's rules --------------------------------------------------


def _portal(tools: str) -> str:
    """A portal's top bar of tools, the day's clock under it, then the story (no date)."""
    return f"""<!DOCTYPE html><html lang="sr"><head><title>Ambasador posetio Novi Sad</title>
</head><body><div id="wrap"><div class="bar">{tools}</div>
<div class="clock">Petak, 4. decembar 2026.</div><div id="content">
<h2>Ambasador posetio Novi Sad</h2><p>{PROSE}</p><p>{PROSE}</p></div></div></body></html>"""


@pytest.mark.parametrize(
    "tools",
    [
        '<a href="javascript:fontsize(1)">A+</a> <a href="javascript:window.print()">Štampa</a>',
        '<a href="#">Latinica</a> <a href="#">Ћирилица</a> <a href="#">English</a>',
    ],
)
def test_a_pages_clock_under_its_top_bars_tools_dates_no_story(tools: str) -> None:
    article = _read(_portal(tools))
    assert isinstance(article, Article)
    assert article.published is None


def test_a_clock_in_the_pages_header_beside_its_heading_dates_no_story() -> None:
    """The page's header holds its tools, its clock and the story's title over a picture."""
    html = (
        _portal('<a href="javascript:window.print()">Štampa</a>')
        .replace('<div id="wrap">', '<div id="wrap" class="header">')
        .replace(
            '<div id="content">\n<h2>Ambasador posetio Novi Sad</h2>',
            "<h2>Ambasador posetio Novi Sad</h2></div><div id='content'>",
        )
    )
    article = _read(html)
    assert isinstance(article, Article)
    assert article.published is None


def _sidebar_h1(extra: str, heading: str = "<h1>Subscribe</h1>") -> str:
    return f"""<!DOCTYPE html><html lang="en"><head><title>Minister opens hospital wing | Daily
</title></head><body><div id="wrap"><div id="content"><div class="post"><h2 class="posttitle">
Minister opens hospital wing</h2><div class="entry"><p>{PROSE}</p><p>{PROSE}</p></div></div>
</div><div id="sidebar" class="sidebar"><div class="widget widget_text">{heading}<p>Get our
news by mail</p></div><div class="widget featured">{extra}</div></div></div></body></html>"""


MICRODATA = (
    '<div itemscope itemtype="https://schema.org/BlogPosting"><a href="/news/a/">Ambassador'
    ' meets mayor</a> <time itemprop="datePublished" datetime="2026-11-28">28 November 2026'
    "</time></div>"
)
TEASER = (
    '<h3>Featured</h3><p><a href="/news/a/">Ambassador meets mayor</a></p>'
    '<p class="date">Published 28 November 2026</p>'
)


@pytest.mark.parametrize("extra", [MICRODATA, TEASER])
@pytest.mark.parametrize("heading", ["<h1>Subscribe</h1>", "<h3>Subscribe</h3>"])
def test_a_sidebars_heading_makes_no_box_word_the_builders(extra: str, heading: str) -> None:
    article = _read(_sidebar_h1(extra, heading))
    assert isinstance(article, Article)
    assert article.published is None

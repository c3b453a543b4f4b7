"""Mends of what a read-through of the last stop's rules found: a microdata publication date
is the story's wherever the page's own classes name a sidebar (Drupal's ``<body
class="one-sidebar">``) or a box that holds the story itself; only a box beside the story
(`fields.boxes_beside`) keeps its date from dating the story."""

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
    html = _drupal("one-sidebar").replace(
        '<div class="region-sidebar">Links</div>',
        '<div class="region-sidebar"><span itemscope itemtype="https://schema.org/NewsArticle">'
        '<time itemprop="datePublished" datetime="2026-10-15">15 October 2026</time></span></div>',
    )
    # two microdata dates: the page's one element is none, so no structured date at all;
    # the story's date line still reads in US order or day-first, never the sidebar's day
    article = _read(html)
    assert isinstance(article, Article)
    assert article.published != date(2026, 10, 15)

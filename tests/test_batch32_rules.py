"""General rules batch32 taught, each written from the markup a CMS really renders, not from
the blind sites' own pages: a language switcher of flags (Joomla's, each link an image whose
``alt`` names its language and region: "English (UK)") leads to the page's translation."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler.core.items import Article, Rejected
from crawler.core.newsrooms import generic_newsroom
from crawler.extraction import extract

FETCHED = datetime(2026, 12, 4, 12, tzinfo=UTC)
PROSE_AR = (
    "التقى سفير الجمهورية في بلغراد اليوم وزير الدولة في وزارة الخارجية حيث جرى بحث علاقات"
    " الصداقة التاريخية التي تجمع البلدين منذ إقامة العلاقات الدبلوماسية. "
) * 3
ORIGIN = "https://embassy.example"
EN = f"{ORIGIN}/en/news/413-ambassador-meets-state-secretary.html"
AR = f"{ORIGIN}/ar/news/412-2026-12-01-11-42-07.html"


def _read(html: str, url: str) -> Article | Rejected:
    result = extract(html.encode(), url, generic_newsroom(("ar", "en")), FETCHED)
    return result[0] if isinstance(result, tuple) else result


def _joomla(switcher: str) -> str:
    """A Joomla 3 story in Arabic, right to left, its language switcher a row of flags."""
    return f"""<!DOCTYPE html><html lang="ar-aa" dir="rtl"><head><meta charset="utf-8">
<title>السفير يلتقي وزير الدولة</title></head><body>
<header><div class="mod-languages"><ul class="lang-inline" dir="rtl">{switcher}</ul></div>
<nav><ul><li><a href="/ar/">الرئيسية</a></li><li><a href="/ar/news.html">الأخبار</a></li>
<li><a href="/ar/contact.html">اتصل بنا</a></li></ul></nav></header>
<main><div class="item-page"><h2 itemprop="headline">السفير يلتقي وزير الدولة</h2>
<dl class="article-info"><dd class="published"><time datetime="2026-12-01T11:42:07+01:00">
نشر بتاريخ: الثلاثاء، 01 كانون الأول 2026</time></dd></dl>
<div itemprop="articleBody"><p>{PROSE_AR}</p></div></div></main>
<footer><a href="https://facebook.com/embassy"><img src="/fb.png" alt="Facebook"></a>
<a href="https://x.com/embassy"><img src="/x.png" alt="X"></a></footer></body></html>"""


def _flag(href: str, alt: str, active: bool = False, title: bool = False) -> str:
    css = ' class="lang-active"' if active else ""
    named = f' title="{alt}"' if title else ""
    return f'<li{css}><a href="{href}"><img src="/flags/x.gif" alt="{alt}"{named}></a></li>'


@pytest.mark.parametrize("name", ["English (UK)", "English (United Kingdom)", "English", "EN"])
@pytest.mark.parametrize("title", [False, True])
def test_a_flags_alt_names_the_language_its_link_leads_to(name: str, title: bool) -> None:
    switcher = _flag("/ar/", "العربية", active=True, title=title) + _flag(EN, name, title=title)
    result = _read(_joomla(switcher), AR)
    assert isinstance(result, Article), result
    assert result.translations == ((EN, "en"),)


def test_a_flag_to_the_other_languages_home_names_no_translation() -> None:
    """A page with no twin: Joomla links the flag to the other language's home page."""
    switcher = _flag("/ar/", "العربية", active=True) + _flag("/en/", "English (UK)")
    result = _read(_joomla(switcher), AR)
    assert isinstance(result, Article), result
    assert result.translations == ()


def test_icons_named_by_their_alt_name_no_language() -> None:
    """A row of icons whose ``alt`` names no language (a social network's) is no switcher,
    nor is a flag's text beside a name in brackets that is no language's."""
    switcher = _flag("/ar/", "العربية", active=True) + _flag(EN, "Newsletter (UK)")
    result = _read(_joomla(switcher), AR)
    assert isinstance(result, Article), result
    assert result.translations == ()

"""General rules batch33 taught, each written from the markup a CMS really renders, not from
the blind sites' own pages: a site's home page at a default name ("/Home.aspx",
"/Default.aspx") is its home, a listing; the scripts that space phrases, not words (Burmese,
Thai, Khmer), are counted in words as long as their texts say, so a Burmese story is long
enough and its own header is no teaser beside it; and a month's name written with the vowel
and tone signs of its script ("နိုဝင်ဘာ 9, 2026", "15 नवंबर 2026") reaches dateparser."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.core.families import FAMILIES
from crawler.core.items import Article, Reason, Rejected
from crawler.core.newsrooms import generic_newsroom
from crawler.extraction import extract
from crawler.extraction.dates import find_stated_date
from crawler.extraction.elements import count_words
from crawler.extraction.links import is_home

FETCHED = datetime(2026, 12, 4, 12, tzinfo=UTC)
#: A Burmese notice's sentence (phrases spaced, words not), some 190 characters.
BURMESE = (
    "ဆာဘီးယားသမ္မတနိုင်ငံတွင် နေထိုင်ကြသော မြန်မာနိုင်ငံသားများအနက် နိုင်ငံကူးလက်မှတ် သက်တမ်း"
    " ခြောက်လအတွင်း ကုန်ဆုံးမည့်သူများသည် သက်တမ်းတိုးလျှောက်ထားရန် သံရုံးသို့ လာရောက်နိုင်ပါသည်။"
)
#: Another: applicants bring their passport and two photographs; it takes four weeks.
BURMESE_2 = (
    "လျှောက်ထားသူများသည် မူရင်းနိုင်ငံကူးလက်မှတ်နှင့် ဓာတ်ပုံနှစ်ပုံကို ယူဆောင်လာရန် ဖြစ်ပါသည်။ လုပ်ငန်းစဉ်ကြာချိန်မှာ လေးပတ်ခန့် ဖြစ်ပါသည်။"
)


@pytest.mark.parametrize(
    "path",
    ["/Home.aspx", "/home.aspx", "/Default.aspx", "/default.asp", "/index.php", "/home", "/home/"],
)
def test_a_home_page_at_a_default_name_is_a_listing(path: str) -> None:
    url = f"https://force.example{path}"
    assert is_home(url)
    assert FAMILIES["generic"].is_listing_url(url)


@pytest.mark.parametrize(
    "path",
    [
        "/homeland-security-exercise",
        "/home/news-1",
        "/default-settings-changed.aspx",
        "/Home.aspx?id=5",  # a story the home page's script shows
        "/home.pdf",
        "/index.json",
    ],
)
def test_a_story_named_like_home_is_no_home(path: str) -> None:
    url = f"https://force.example{path}"
    assert not is_home(url)
    assert not FAMILIES["generic"].is_listing_url(url)


@given(st.integers(1, 6))
def test_a_phrase_of_a_script_without_word_spaces_counts_its_words(phrases: int) -> None:
    """A run of Burmese (Thai, Khmer...) counts a word per five characters or part of five,
    not one word per phrase, beside the words of other scripts."""
    phrase = "နိုင်ငံကူးလက်မှတ်"  # 17 characters: four words' worth
    text = " ".join([phrase] * phrases)
    assert count_words(text) == 4 * phrases
    assert count_words(f"Embassy notice {text}") == 4 * phrases + 2
    assert count_words("ภาษาไทยง่ายมาก") == 3
    assert count_words("plain words only") == 3


def test_a_scripts_zero_width_spaces_and_brackets_are_no_words() -> None:
    """Khmer, Thai and Burmese mark their words' bounds with zero-width spaces, and put
    brackets and quotes between runs: neither is a word of its own."""
    word = "ភាសា"  # four characters: one word's worth
    assert count_words("\u200b".join([word] * 5)) == count_words(word * 5) == 4
    assert count_words("ข่าว(ใหม่)") == count_words("ข่าวใหม่") == 2
    assert count_words("“ข่าวใหม่”") == 2


def test_a_teasers_words_are_counted_by_its_spaces_in_chinese_and_japanese() -> None:
    """Only the scripts that space phrases are counted by their characters where teasers are
    weighed; Chinese and Japanese stay as their spaces part them there."""
    text = "日本語の文章です。これは二つ目の文です。"
    assert count_words(text, dense=False) == 1
    assert count_words(text) > 10
    assert count_words("နိုင်ငံကူးလက်မှတ်", dense=False) == 4


def _colormag(body: str, date_line: str) -> str:
    """A WordPress (ColorMag) post in Burmese: its picture, its category, heading and date
    (each a link; the day twice, as published and as updated, run together) and its text,
    in a box without a class beside the sidebar's box (both short by the spaces Burmese
    writes)."""
    url = "https://embassy.example/my/passport-renewal-notice-mm/"
    return f"""<!DOCTYPE html><html lang="my"><head><meta charset="utf-8">
<title>နိုင်ငံကူးလက်မှတ် သက်တမ်းတိုးခြင်း – သံရုံး</title></head><body>
<nav><a href="/my/">ပင်မစာမျက်နှာ</a> <a href="/my/category/news/">သတင်း</a></nav>
<div id="main"><div id="primary"><article class="post type-post hentry">
<div class="featured-image"><img src="/uploads/post-431-800x445.jpg" alt=""></div>
<div class="article-content">
<div class="above-entry-meta"><a href="/my/category/consular/" rel="category tag">
ကောင်စစ်ဝန်ရေးရာ</a></div>
<header class="entry-header"><h1 class="entry-title">နိုင်ငံကူးလက်မှတ် သက်တမ်းတိုးခြင်း</h1></header>
<div class="below-entry-meta"><span class="posted-on"><a href="{url}" rel="bookmark">
<time class="entry-date published" datetime="2026-11-09T10:05:00+01:00">{date_line}</time><time
class="updated" datetime="2026-11-09T10:05:00+01:00">{date_line}</time></a>
</span></div>
<div class="entry-content clearfix">{body}</div></div></article></div>
<div id="secondary"><aside><h3>နောက်ဆုံးရ သတင်းများ</h3><ul><li><a href="/my/other/">
သံရုံးတွင် ပွဲ ကျင်းပ</a></li></ul></aside></div></div></body></html>"""


def test_a_burmese_story_is_long_enough_and_dated_by_its_header() -> None:
    html = _colormag(f"<p>{BURMESE}</p><p>{BURMESE_2}</p>", "နိုဝင်ဘာ 9, 2026")
    url = "https://embassy.example/my/passport-renewal-notice-mm/"
    result = extract(html.encode(), url, generic_newsroom(("my", "en")), FETCHED)
    assert isinstance(result, tuple), result
    assert result[0].published == date(2026, 11, 9)
    assert result[0].text.startswith(BURMESE[:20])


def test_a_burmese_page_of_a_phrase_or_two_is_still_too_short() -> None:
    html = _colormag("<p>သံရုံး ပိတ်ပါမည်။</p>", "နိုဝင်ဘာ 9, 2026")
    url = "https://embassy.example/my/closed/"
    result = extract(html.encode(), url, generic_newsroom(("my", "en")), FETCHED)
    assert isinstance(result, Rejected) and result.reason is Reason.TOO_SHORT, result


@pytest.mark.parametrize(
    ("text", "languages", "day"),
    [
        ("နိုဝင်ဘာ 9, 2026", ("my",), date(2026, 11, 9)),
        ("15 नवंबर 2026", ("hi",), date(2026, 11, 15)),
        ("15. Oktober 2017", ("de",), date(2017, 10, 15)),
        ("Published: 24 Meán Fómhair 2026", ("ga",), date(2026, 9, 24)),
        ("संख्या " * 50 + "15 नवंबर 2026", ("hi",), date(2026, 11, 15)),
        ("ပြည်ထောင်စု" * 50 + " နိုဝင်ဘာ 9, 2026", ("my",), date(2026, 11, 9)),
    ],
)
def test_a_months_name_with_its_scripts_signs_reaches_dateparser(
    text: str, languages: tuple[str, ...], day: date
) -> None:
    stated = find_stated_date(text, None, languages)
    assert stated is not None and stated.day == day


def test_a_burmese_storys_title_is_its_heading() -> None:
    """The Burmese story reads whole: an Article, its title its heading's."""
    html = _colormag(f"<p>{BURMESE}</p><p>{BURMESE_2}</p>", "နိုဝင်ဘာ 9, 2026")
    url = "https://embassy.example/my/passport-renewal-notice-mm/"
    result = extract(html.encode(), url, generic_newsroom(("my", "en")), FETCHED)
    assert isinstance(result, tuple) and isinstance(result[0], Article)
    assert result[0].title == "နိုင်ငံကူးလက်မှတ် သက်တမ်းတိုးခြင်း"

"""General rules batch34 taught, each written from what Thai pages really write, not from the
blind sites' own pages: a Thai date states its year in the Buddhist era ("27 พ.ย. 2569", 2026)
with the month's name or its abbreviation, maybe in Thai digits; a word is its letters and the
marks written on them, and a run of a script that spaces phrases is cut as `count_words`
counts it; Thai prose ends on a letter, not a stop; a line that says when a story was
published and then when it was updated is as short as its first part."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.core.items import Article, Rejected
from crawler.core.newsrooms import generic_newsroom
from crawler.extraction import extract
from crawler.extraction.body import untitled
from crawler.extraction.dates import PUBLISHED_LABEL, UPDATED_LABEL, find_date, find_stated_date
from crawler.extraction.decode import parse_page
from crawler.extraction.elements import count_words, shown_site_name, word_list

FETCHED = datetime(2026, 12, 4, 12, tzinfo=UTC)

#: The Thai months' names and their abbreviations, as the Royal Institute writes them.
MONTHS = (
    ("มกราคม", "ม.ค."),
    ("กุมภาพันธ์", "ก.พ."),
    ("มีนาคม", "มี.ค."),
    ("เมษายน", "เม.ย."),
    ("พฤษภาคม", "พ.ค."),
    ("มิถุนายน", "มิ.ย."),
    ("กรกฎาคม", "ก.ค."),
    ("สิงหาคม", "ส.ค."),
    ("กันยายน", "ก.ย."),
    ("ตุลาคม", "ต.ค."),
    ("พฤศจิกายน", "พ.ย."),
    ("ธันวาคม", "ธ.ค."),
)
_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


@given(
    day=st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31)),
    short=st.booleans(),
    thai_digits=st.booleans(),
    era=st.sampled_from(["", "พ.ศ. "]),
)
def test_a_thai_date_in_the_buddhist_era_is_its_gregorian_day(
    day: date, short: bool, thai_digits: bool, era: str
) -> None:
    month = MONTHS[day.month - 1][short]
    figures = f"{day.day} {month} {era}{day.year + 543}"
    if thai_digits:
        figures = figures.translate(_THAI_DIGITS)
    stated = find_date(f"เมื่อวันที่ {figures} เอกอัครราชทูตได้เข้าพบ")
    assert stated is not None
    assert stated.day == day


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("20 พฤศจิกายน ค.ศ. 2026", date(2026, 11, 20)),  # the Gregorian year, marked
        ("20 พฤศจิกายน 2026", date(2026, 11, 20)),  # the Gregorian year, by its range
        ("3 ธ.ค 2569", date(2026, 12, 3)),  # the abbreviation's last stop left out
        ("3 ธค 2569", date(2026, 12, 3)),  # its stops left out
        ("31 พ.ย. 2569", None),  # no such day
        ("20 พฤศจิกายน ค.ศ. 2569", None),  # a Gregorian year the calendar has not reached
        ("24 พ.ย. 69", None),  # a year of two figures: no date read
        ("ฉบับที่ 12 พ.ย. 2569 ฉบับ", date(2026, 11, 12)),
    ],
)
def test_a_thai_date_is_read_only_as_written(text: str, day: date | None) -> None:
    stated = find_date(text)
    assert (stated.day if stated else None) == day


def test_a_thai_date_after_the_fetch_is_no_date_stated() -> None:
    assert find_stated_date("5 ม.ค. 2570", latest=date(2026, 12, 4)) is None
    assert find_stated_date("5 ม.ค. 2570", latest=date(2027, 1, 5)) is not None


def test_a_solar_hijri_date_still_wants_persian_digits_not_thai_ones() -> None:
    # Thai digits are read as ASCII ones, but a year of 1405 in them is no Persian date.
    assert find_date("๑๔๐๕/๐๙/๑๑") is None
    assert find_date("۱۴۰۵/۰۹/۱۱") is not None


def test_thai_labels_say_published_and_updated() -> None:
    assert PUBLISHED_LABEL.search("วันที่นำเข้าข้อมูล 20 พ.ย. 2569")
    assert PUBLISHED_LABEL.search("เผยแพร่เมื่อ 20 พ.ย. 2569")
    assert UPDATED_LABEL.search("วันที่ปรับปรุงข้อมูล 21 พ.ย. 2569")
    assert not UPDATED_LABEL.search("วันที่นำเข้าข้อมูล 20 พ.ย. 2569")


def test_a_word_holds_the_marks_written_on_its_letters() -> None:
    # Hindi's vowel signs and Arabic's harakat are no \w to a regex: the word stays whole.
    assert word_list("15 नवंबर 2026") == ["15", "नवंबर", "2026"]
    assert word_list("مُحَمَّد") == ["مُحَمَّد"]
    assert word_list("Déjà vu") == ["déjà", "vu"]


#: Thai letters and the marks written on them, the zero-width space among them.
_THAI_TEXT = st.lists(
    st.text(alphabet="กขคงจฉชซญดตถทนบปผพฟมยรลวศสหอฮะัาำิีึืุู่้๊๋็์\u200b", min_size=1, max_size=40),
    min_size=1,
    max_size=8,
)


@given(runs=_THAI_TEXT)
def test_a_run_of_thai_is_cut_into_as_many_words_as_it_counts(runs: list[str]) -> None:
    text = " ".join(f"ก{run}" for run in runs)  # each run opens with a letter
    words = word_list(text)
    assert len(words) == count_words(text)
    assert "".join(words) == "".join(text.split()).replace("\u200b", "")


#: A Thai story's paragraphs (they end on letters: Thai writes no stop after a sentence).
_PROSE = (
    "เมื่อวันที่ 24 พฤศจิกายน 2569 สถานเอกอัครราชทูตได้จัดโครงการกงสุลสัญจรที่กรุงเบลเกรด"
    " เพื่ออำนวยความสะดวกแก่คนไทยที่พำนักอยู่ในสาธารณรัฐเซอร์เบียในการยื่นคำร้องขอหนังสือเดินทาง"
    " และรับบริการด้านนิติกรณ์และทะเบียนราษฎร โดยมีผู้มารับบริการจำนวนมาก",
    "ในโอกาสนี้ เจ้าหน้าที่ของสถานเอกอัครราชทูตได้ให้คำแนะนำเกี่ยวกับการเตรียมเอกสารประกอบคำร้อง"
    " และการติดตามสถานะคำร้องทางออนไลน์ ตลอดจนรับฟังข้อคิดเห็นจากชุมชนไทยในเซอร์เบีย"
    " เพื่อนำไปปรับปรุงการให้บริการในครั้งต่อไป",
)


def _thai_story(date_line: str, pictures: int = 6) -> str:
    gallery = "".join(
        f'<a href="/uploads/p{n}.jpg"><img src="/uploads/p{n}.jpg" alt=""></a>'
        for n in range(pictures)
    )
    paragraphs = "".join(f"<p>{paragraph}</p>" for paragraph in _PROSE)
    return (
        '<html lang="th"><head><title>กงสุลสัญจร ณ กรุงเบลเกรด - สถานเอกอัครราชทูต</title></head>'
        '<body><header><a href="/th/index">หน้าแรก</a> <a href="/th/news">ข่าว</a></header>'
        '<main><h1 class="content-title">สถานเอกอัครราชทูตจัดโครงการกงสุลสัญจร ณ กรุงเบลเกรด</h1>'
        f'<div class="content-info">{date_line}</div>'
        '<div class="share"><a href="https://www.facebook.com/sharer">Facebook</a></div>'
        f'<div class="editor-content">{paragraphs}</div>'
        f'<div class="content-gallery">{gallery}</div></main>'
        "<footer>สถานเอกอัครราชทูต ณ กรุงบูดาเปสต์</footer></body></html>"
    )


@pytest.mark.parametrize(
    "date_line",
    [
        "<span>วันที่นำเข้าข้อมูล 27 พ.ย. 2569</span> <span>วันที่ปรับปรุงข้อมูล 28 พ.ย. 2569</span>"
        " <span>| 958 view</span>",
        "<span>27 พฤศจิกายน 2569</span>",
    ],
)
def test_a_thai_story_with_its_pictures_is_a_story_dated_by_its_date_line(
    date_line: str,
) -> None:
    url = "https://embassy.example/th/content/mobile-consular-belgrade-2569?cate=5d66"
    result = extract(_thai_story(date_line).encode(), url, generic_newsroom(("th",)), FETCHED)
    assert not isinstance(result, Rejected), result
    (story,) = result
    assert isinstance(story, Article)
    assert story.published == date(2026, 11, 27)
    assert story.text.startswith(_PROSE[0][:40])


def test_a_thai_story_read_before_this_rule_was_a_gallery() -> None:
    """The same page, its prose a line of capitals' length: pictures and no sentence."""
    url = "https://embassy.example/th/content/album-2569?cate=5d66"
    html = _thai_story("<span>27 พ.ย. 2569</span>").replace(_PROSE[0], "ภาพกิจกรรม")
    html = html.replace(_PROSE[1], "ภาพกิจกรรมของสถานเอกอัครราชทูต")
    result = extract(html.encode(), url, generic_newsroom(("th",)), FETCHED - timedelta(0))
    assert isinstance(result, Rejected)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("By the Public Affairs Office, 30 Nov 26", date(2026, 11, 30)),
        ("On 11 Oct 17, the school welcomed", date(2017, 10, 11)),
        ("It ended on 3 June 25.", date(2025, 6, 3)),
        ("On 5 May 26 people came", None),  # a count after the month, no year
        ("On 5 May 10:30", None),  # a time
        ("Section 12 Mar 12.5", None),  # a number's figures
        ("Published 30 Nov 2026", date(2026, 11, 30)),  # four figures, as before
    ],
)
def test_a_year_of_two_figures_after_a_named_month_is_this_centurys(
    text: str, day: date | None
) -> None:
    stated = find_date(text, date(2026, 12, 4))
    assert (stated.day if stated else None) == day


def test_a_two_figure_year_ahead_of_the_fetch_is_no_date() -> None:
    assert find_date("By the Public Affairs Office, 30 Nov 27", date(2026, 12, 4)) is None


def _dnn_story(byline: str) -> str:
    """A DNN news module's article: its title, a subtitle, a byline dated "30 Nov 26"."""
    text = "".join(
        f"<p>{sentence}</p>"
        for sentence in (
            "Last week the school closed its busiest training week of the autumn term, as more"
            " than six hundred students from forty nations graduated from nine courses.",
            "Graduates of the targeting, intelligence and civilian protection courses received"
            " their certificates from the Commandant in the main hall of the school.",
            "The school thanks the course directors, guest speakers and support staff who made"
            " the week a success, and wishes all graduates a safe journey home.",
        )
    )
    return (
        "<html><head><title>Winter Graduation Week</title></head><body>"
        "<header><a href='/'>School</a> <a href='/Media'>Media</a></header>"
        "<div class='EDN_article'><h1 class='edn_articleTitle'>Winter Graduation Week</h1>"
        f"<h3 class='edn_subTitle'>Over 600 Graduates in Five Days</h3>{byline}"
        f"<div class='edn_articleContent'>{text}</div></div></body></html>"
    )


def test_a_byline_dated_with_a_two_figure_year_dates_the_story() -> None:
    url = "https://school.example/Media/News/ArtMID/2318/ArticleID/1187/Winter-Graduation-Week"
    html = _dnn_story("<p class='byline'><em>By the Public Affairs Office, 30 Nov 26</em></p>")
    result = extract(html.encode(), url, generic_newsroom(), FETCHED)
    assert not isinstance(result, Rejected), result
    assert result[0].published == date(2026, 11, 30)


_NAME = "สถานเอกอัครราชทูต ณ กรุงบูดาเปสต์"
_HEADING = "สถานเอกอัครราชทูตฯ ส่งเสริมอาหารไทยในงานเทศกาลอาหารนานาชาติ ณ กรุงเบลเกรด"


def _branded(brand: str) -> str:
    """A Thai embassy's story whose <title> and og:title name the site after the story, and
    whose header's brand, the site's name beside its emblem, leads to ``brand``."""
    full = f"{_HEADING} - {_NAME}"
    return (
        f"<html lang='th'><head><title>{full}</title><meta property='og:title' content='{full}'>"
        f"</head><body><header><a class='logo' href='{brand}'><img src='/garuda.png' alt=''>"
        f"<span class='logo-text'><b>{_NAME}</b></span></a></header>"
        f"<main><h1>{_HEADING}</h1><p>27 พ.ย. 2569</p>"
        + "".join(f"<p>{paragraph}</p>" for paragraph in _PROSE)
        + "</main></body></html>"
    )


@pytest.mark.parametrize(
    ("brand", "folder", "named"),
    [
        ("/th/index", "th", True),  # the brand leads to its language's home
        ("/en/", "en", True),
        ("/sr-latn/index.html", "sr-latn", True),
        ("https://budapest.embassy.example/th", "th", True),
        ("/", "th", True),
        ("/th/page/about", "th", False),  # a page of the site: a link's text, not its name
        ("/th/index?page=2", "th", False),
        ("https://www.mfa.go.th/th/index", "th", False),  # another site's home
        ("/en/", "th", False),  # another language's home, from a page in Thai
        ("/eu/", "en", False),  # a section of two letters: "European Union Affairs"
    ],
)
def test_the_brand_that_leads_to_a_languages_home_shows_the_sites_name(
    brand: str, folder: str, named: bool
) -> None:
    tree = parse_page(_branded(brand).encode(), None)
    url = f"https://budapest.embassy.example/{folder}/content/thai-food-2569?cate=5d66"
    assert shown_site_name(tree, url) == (_NAME if named else "")


def test_the_site_name_the_brand_shows_is_left_out_of_the_title() -> None:
    url = "https://budapest.embassy.example/th/content/thai-food-2569?cate=5d66"
    result = extract(_branded("/th/index").encode(), url, generic_newsroom(("th",)), FETCHED)
    assert not isinstance(result, Rejected), result
    assert result[0].title == _HEADING


def test_a_thai_paragraph_that_opens_with_a_date_under_the_title_is_text() -> None:
    """Thai spaces phrases, not words: a paragraph of five phrases that opens with the day
    the embassy met someone is a sentence of some thirty words, no line that only says when
    the story was published."""
    title = "เอกอัครราชทูตพบหารือกับรัฐมนตรีช่วยว่าการกระทรวงการต่างประเทศ"
    opening = (
        "เมื่อวันที่ 12 พฤศจิกายน 2569 เอกอัครราชทูตได้พบหารือกับรัฐมนตรีช่วยว่าการกระทรวง"
        "การต่างประเทศสาธารณรัฐเซอร์เบียที่กรุงเบลเกรดเกี่ยวกับความร่วมมือทวิภาคี"
    )
    assert len(opening.split()) <= 5
    text = f"{title}\n\n{opening}\n\n{_PROSE[1]}"
    assert untitled(text, title) == f"{opening}\n\n{_PROSE[1]}"


@pytest.mark.parametrize(
    "text",
    [
        "Opening hours: Monday 1 Dec 10 - 12",
        "24 Dec 10 – 13",
        "Results: 12 March 20 (provisional)",
        "3 mars 25 €",
        "12 Jan 18+ only",
        "Flight 3 Oct 07 45",
        "Izložba traje do 30. nov. 25. decembra",
    ],
)
def test_two_figures_after_a_named_month_that_a_number_or_word_follows_are_no_year(
    text: str,
) -> None:
    assert find_date(text, date(2026, 12, 4)) is None


def test_a_thai_verb_to_improve_is_no_updated_label() -> None:
    # "ปรับปรุง" alone is "to improve": only "date updated", "last updated" label a date
    assert not UPDATED_LABEL.search("เพื่อนำไปปรับปรุงการให้บริการในครั้งต่อไป")
    assert UPDATED_LABEL.search("ปรับปรุงล่าสุด 3 ธ.ค. 2569")

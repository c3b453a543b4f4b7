"""A review's findings in batch27's rules, each a test that failed before its mend: a Persian
story's solar date marked "هـ.ش" read as a lunar one 41 years back; a notice shown again whole
in a box of the latest announcements beside it rejected as a list of dated items; that rule's
walk over a long page judging one group of rows once per row (seconds a page); and a title
shown in a box above the story taking the frame of a reading that opens with a switcher."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from lxml.html import document_fromstring

from crawler.core.families import FAMILIES
from crawler.core.items import Article, Rejected
from crawler.core.newsrooms import generic_newsroom
from crawler.extraction import classify, extract
from crawler.extraction.dates import find_date
from crawler.extraction.frame import stated_date, story_frame
from crawler.extraction.page import Page

FETCHED = datetime(2026, 12, 4, 12, tzinfo=UTC)
LATEST = FETCHED.date()


def _read(html: str, url: str, languages: tuple[str, ...] = ("en",)) -> Article | Rejected:
    result = extract(html.encode(), url, generic_newsroom(languages), FETCHED)
    return result[0] if isinstance(result, tuple) else result


def test_a_persian_story_dated_solar_hijri_with_the_tatweel_mark() -> None:
    prose = (
        "وزیر امور خارجه در دیدار با سفیر صربستان بر گسترش روابط اقتصادی و فرهنگی دو کشور"
        " تاکید کرد و خواستار برگزاری نشست کمیسیون مشترک در سال آینده شد. "
    ) * 3
    html = (
        "<html lang='fa' dir='rtl'><head><title>دیدار وزیر امور خارجه با سفیر صربستان</title>"
        "</head><body><div id='content'><h1>دیدار وزیر امور خارجه با سفیر صربستان</h1>"
        "<div class='news-date'>تاریخ انتشار: ۱۴۰۵/۰۹/۱۱ هـ.ش</div>"
        f"<p>{prose}</p><p>{prose}</p></div></body></html>"
    )
    article = _read(html, "https://mfa.example/fa/news/12345", ("fa",))
    assert isinstance(article, Article), article
    assert article.published == date(2026, 12, 2)  # 11 Azar 1405, not 11 Ramadan 1405
    # a solar day after the fetch (20 Esfand 1405, March 2027) is no date, not the lunar one
    for mark in ("هـ.ش", "هـ ش", "ه ش"):
        assert find_date(f"۱۴۰۵/۱۲/۲۰ {mark}", LATEST) is None, mark


_NOTICES = [
    (
        "04.12.2026.",
        "Embassy closed on 7 December",
        "The Embassy will be closed on Monday, 7 December 2026, on the occasion of the national"
        " holiday.",
        "For urgent consular matters, citizens may call the duty officer at any time.",
    ),
    (
        "01.12.2026.",
        "Visa applications suspended",
        "The consular section will not receive visa applications from 2 to 4 December 2026"
        " due to system maintenance.",
        "Applicants with appointments on those days will be contacted by e-mail.",
    ),
    (
        "25.11.2026.",
        "Voting abroad in the elections",
        "Voters registered abroad may vote at the Embassy in the parliamentary elections on 13"
        " December 2026.",
        "The polling station will be open from 7 a.m. to 8 p.m. at the Embassy's premises.",
    ),
]


@pytest.mark.parametrize("box_tag", ["aside", "div"])
def test_a_notice_shown_again_in_a_box_of_announcements_is_a_story(box_tag: str) -> None:
    box = "".join(
        f"<div class='views-row'><div class='views-field-title'><span>{title}</span></div>"
        f"<div class='views-field-body'><p>{lead}</p><p>{more}</p></div>"
        f"<div class='views-field-created'><span>{day}</span></div></div>"
        for day, title, lead, more in _NOTICES
    )
    day, title, lead, more = _NOTICES[0]
    html = (
        f"<html lang='en'><head><title>{title} | Embassy of the Republic</title></head><body>"
        "<ul class='menu'><li><a href='/news'>News</a></li><li><a href='/consular'>Consular</a>"
        "</li><li><a href='/contact'>Contact</a></li></ul>"
        f"<div id='main'><div id='content'><h1>{title}</h1><div class='submitted'>{day}</div>"
        f"<div class='body'><p>{lead}</p><p>{more}</p></div></div>"
        f"<{box_tag} class='region-sidebar'><h2>Announcements</h2><div class='view-content'>"
        f"{box}</div></{box_tag}></div></body></html>"
    )
    article = _read(html, "https://embassy.example/en/news/embassy-closed-7-december")
    assert isinstance(article, Article), article
    assert article.title == title
    assert article.published == date(2026, 12, 4)


def test_rows_of_one_group_are_judged_once_however_many_lines_lead_to_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # 300 rows of one kind, the last without its date: the group is asked for its dates once
    # (each row's text read once), not once per row (300 times 300 rows: seconds a page)
    rows = "".join(
        f"<div class='row'><p>{n % 28 + 1:02}.11.2026.</p><p>The Ministry of Foreign Affairs"
        f" informs the public of case number {n}, closed this month.</p></div>"
        for n in range(299)
    ) + (
        "<div class='row'><p>The Ministry of Foreign Affairs informs the public of case number"
        " 299, still open.</p></div>"
    )
    html = f"<html><head><title>Cases</title></head><body><h1>Cases</h1>{rows}</body></html>"
    asked: list[str] = []
    real = classify._date_line

    def counted(line: str, latest: date) -> bool:
        asked.append(line)
        return real(line, latest)

    monkeypatch.setattr(classify, "_date_line", counted)
    page = Page(
        document_fromstring(html),
        "https://mfa.example/cases",
        generic_newsroom(),
        FAMILIES["generic"],
        LATEST,
    )
    lines = "\n".join(
        f"The Ministry of Foreign Affairs informs the public of case number {n}, closed."
        for n in range(3)
    )
    assert classify.dated_items(page, lines) is None
    assert len(asked) < 2 * 300 * 3  # each row's two or three lines, once


def test_a_title_shown_in_a_box_above_the_story_does_not_take_its_frame() -> None:
    # a reading that opens with a switcher's items: its next opening, the title, stands first
    # in a ticker above the story; the frame is the one under the story's own heading
    ticker = (
        "<div class='news-ticker'><h2>In focus</h2><ul><li><a href='/news/2270'>Inauguration"
        " of Senior Course 149</a><p>On 4 September 2026, the College celebrated the"
        " inauguration of Senior Course 149 ...</p></li><li><a href='/news/2269'>Visit of the"
        " Chief of Defence</a><p>On 1 September 2026, the Chief of Defence visited the"
        " College ...</p></li></ul></div>"
    )
    text = (
        "On 4 September 2026, the College celebrated the inauguration of Senior Course 149 and"
        " of the Regional Cooperation Course 36 in its Main Auditorium, before the ambassadors.",
        "The Commandant welcomed the new Course Members, their families, Ambassadors to Rome"
        " and Defence Attachés, and recalled the College's foundation in 1951.",
    )
    html = (
        "<html lang='en'><head><title>Inauguration of Course 149</title></head><body>"
        "<ul><li><a href='?lang=en'>English</a></li><li><a href='?lang=fr'>French</a></li></ul>"
        f"{ticker}<ul class='menu'>"
        + "".join(f"<li><a href='/m{n}'>Section {n}</a></li>" for n in range(8))
        + "</ul><h1>Inauguration of Senior Course 149</h1><p>04 Sep. 2026</p>"
        + "".join(f"<p>{line}</p>" for line in text)
        + "</body></html>"
    )
    page = Page(
        document_fromstring(html),
        "https://www.ndc.example/news/news.php?icode=2270",
        generic_newsroom(),
        FAMILIES["generic"],
        LATEST,
    )
    reading = ["English", "French", "Inauguration of Senior Course 149", "04 Sep. 2026", *text]
    frame = story_frame(page, "\n".join(reading))
    assert frame is not None and frame.heading is not None
    assert frame.lines[frame.heading].text == "Inauguration of Senior Course 149"
    assert stated_date(page, frame) == date(2026, 9, 4)

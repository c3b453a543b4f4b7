"""Story or not, by the page itself: a page that links several pages below its own address (a
section, a gallery, a list of videos, ``news.php`` and its ``news.php?subaction=showfull&id=N``)
is their index, while a story that links its neighbours, its attachments or its own other pages
is still a story; a reading whose lines are mostly the page's link texts (a menu around a short
notice) is too short; a short page that says what was asked for is not there is a story gone; a
short notice is a story when the page states its date, beside its heading or in its metadata,
unless the page is a gallery or the date an event's schedule; text under a heading that links
another page is that page's teaser, however long."""

from __future__ import annotations

from datetime import UTC, date, datetime
from urllib.parse import urljoin, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml.html import fromstring

from crawler.core.families import FAMILIES
from crawler.core.items import Article, Reason, Rejected, Source
from crawler.extraction import extract
from crawler.extraction.classify import (
    _COOKIES,
    DATED_LINES,
    GALLERY_PICTURES,
    ICON_PIXELS,
    MIN_CHILDREN,
    MIN_WORDS,
    NOTICE_WORDS,
    PROSE_LINE_WORDS,
    RECORDING_WORDS,
    SENTENCE_WORDS,
    SLUG_WORDS,
    _link_below,
    about_the_site,
    cookie_notice,
    cut_short,
    dated_list,
    indexes_children,
    link_texts,
    named_like_a_story,
    states_a_sentence,
    titled_about_the_site,
    too_short,
)
from tests.support.loopback_crawls import newsroom

slugs = st.lists(
    st.text(alphabet="abcdefghij-", min_size=1, max_size=12).filter(lambda s: s.strip("-")),
    min_size=MIN_CHILDREN,
    max_size=12,
    unique=True,
)


def _links(*hrefs: str) -> object:
    anchors = "".join(f'<a href="{href}">link</a>' for href in hrefs)
    return fromstring(f"<html><body><p>Text</p>{anchors}</body></html>")


@given(slugs)
def test_a_section_linking_the_pages_below_it_is_an_index(names: list[str]) -> None:
    url = "https://n.example/en/media/videos"
    tree = _links(*(f"/en/media/videos/2026/{name}" for name in names))
    rejected = indexes_children(url, tree)  # type: ignore[arg-type]
    assert rejected is not None and rejected.reason is Reason.LISTING


@given(slugs)
def test_a_story_linking_its_neighbours_is_no_index(names: list[str]) -> None:
    url = "https://n.example/en/media/videos/2026/review"
    neighbours = [f"/en/media/videos/2026/{name}" for name in names]
    files = [f"/en/media/videos/2026/review/{name}.pdf" for name in names]
    pages = [f"?page={n}" for n in range(len(names))] + ["#comments", "?print=1"]
    tree = _links(
        *neighbours, *files, *pages, "https://elsewhere.example/en/media/videos/2026/review/x"
    )
    assert indexes_children(url, tree) is None  # type: ignore[arg-type]


@given(st.lists(st.integers(1, 10**9), min_size=MIN_CHILDREN, max_size=12, unique=True))
def test_a_script_and_its_queries_are_an_index_but_a_story_and_its_siblings_are_not(
    ids: list[int],
) -> None:
    hrefs = [f"news.php?subaction=showfull&id={n}" for n in ids]
    assert indexes_children("http://n.example/news.php", _links(*hrefs)) is not None  # type: ignore[arg-type]
    story = f"http://n.example/news.php?subaction=showfull&id={ids[0]}"
    assert indexes_children(story, _links(*hrefs)) is None  # type: ignore[arg-type]


_SEGMENTS = st.sampled_from(["news", "2026", ".", "..", "a.html", "news.php", "", "x;"])


@given(
    st.lists(_SEGMENTS, min_size=1, max_size=4),
    st.lists(_SEGMENTS, max_size=3),
    st.lists(_SEGMENTS, max_size=3),
    st.sampled_from(["", "//n.example", "//other.example", "https://n.example", "mailto:"]),
    st.sampled_from(["", "?id=7", "#top"]),
)
def test_a_link_told_apart_before_the_join_is_never_a_page_below(
    folder: list[str], before: list[str], after: list[str], host: str, rest: str
) -> None:
    """What `_link_below` settles by a link's own text, the join would have settled alike:
    links near the page's own path ("/x/../news/2026" on "/news") are the ones to get wrong."""
    page = "https://n.example/" + "/".join(folder)
    base = urlsplit(page)
    below = base.path.rstrip("/")
    path = "/".join([*before, *folder, *after])
    for href in (f"{host}/{path}{rest}", f"{path}{rest}"):
        if _link_below(base, below, page, href) is None and href and not href.startswith("#"):
            joined = urlsplit(urljoin(page, href))
            assert joined.netloc != base.netloc or not joined.path.startswith(below), href


def test_fewer_pages_below_than_the_threshold_is_no_index() -> None:
    url = "https://n.example/gallery"
    tree = _links(*(f"/gallery/album-{n}" for n in range(MIN_CHILDREN - 1)))
    assert indexes_children(url, tree) is None  # type: ignore[arg-type]


MENU = ["Home", "News", "About us", "Photo gallery", "Events", "Documents", "Contact", "RSS"]


@given(st.lists(st.sampled_from(MENU), min_size=MIN_WORDS, max_size=80), st.integers(0, 39))
def test_lines_that_are_link_texts_are_no_prose(lines: list[str], prose: int) -> None:
    tree = _links(*(f"/{n}" for n in range(len(MENU))))
    for anchor, text in zip(tree.iter("a"), MENU, strict=False):  # type: ignore[attr-defined]
        anchor.text = text
    for index, line in enumerate(lines[: len(lines) // 2]):  # a widget: "- News (12)"
        lines[index] = f"- {line} ({index})"
    notice = " ".join(["word"] * prose)
    text = "\n\n".join([*lines, notice])
    counted = prose if prose >= PROSE_LINE_WORDS else 0  # a word or two on a line: no prose
    rejected = too_short(text, link_texts(tree))  # type: ignore[arg-type]
    assert rejected is not None and rejected.detail == f"{counted} words of prose"


STORY = " ".join(
    f"Sentence {n} of a story about the liaison office and its work." for n in range(8)
)


def _page(notice: str, prose: str = "") -> bytes:
    menu = "".join(f'<li><a href="/{n}.aspx">{item}</a></li>' for n, item in enumerate(MENU))
    return (
        f"<html><head><title>Office</title></head><body><ul>{menu}</ul><h1>News</h1>"
        f"<p>{notice}</p><p>{prose}</p><p><a href='/News.aspx'>Back to news</a></p></body></html>"
    ).encode()


def test_a_short_page_that_says_the_story_is_not_there_is_a_story_gone() -> None:
    for notice in (
        "The requested news item does not exist or has been removed.",
        "Тражена вест не постоји.",
        "Tražena vest nije pronađena.",
        "Cet article n'existe plus.",
        "Error 404 - page not found",
        "Can not find an article with id: 1508832000",
    ):
        result = extract(
            _page(notice),
            "https://n.example/NewsDetails.aspx?id=7",
            newsroom("https://n.example/"),
            datetime(2026, 1, 1, tzinfo=UTC),
        )
        assert isinstance(result, Rejected) and result.reason is Reason.GONE, notice


def test_a_story_that_mentions_a_removal_is_still_a_story() -> None:
    result = extract(
        _page("The page about the old office has been removed from the ministry site.", STORY),
        "https://n.example/NewsDetails.aspx?id=7",
        newsroom("https://n.example/"),
        datetime(2026, 1, 1, tzinfo=UTC),
    )
    assert isinstance(result, tuple) and len(result) == 1


#: Words of a notice that make a short story with a date and no story without (the heading and
#: date lines the reading may keep leave it under `MIN_WORDS`).
NOTICE_WORDS_RANGE = st.integers(NOTICE_WORDS + 2, MIN_WORDS - 16)
#: The last day a page may state, for the readers that take one.
LATEST = date(2026, 12, 1)
WORDS = ["office", "closed", "monday", "holiday", "visitors", "consular", "section", "reopens"]


def _notice(words: int) -> str:
    return " ".join(WORDS[n % len(WORDS)] for n in range(words)).capitalize() + "."


def _short_page(notice: str, date_line: str = "", head: str = "", extra: str = "") -> bytes:
    return (
        f"<html><head><title>Notice | Office</title>{head}</head><body>"
        '<nav><a href="/">Home</a> <a href="/news/">News</a></nav>'
        f"<main><article><h1>Consular section closed on Monday</h1>{date_line}"
        f"<p>{notice}</p>{extra}</article></main>"
        "<footer><p>Office of the liaison mission</p></footer></body></html>"
    ).encode()


def _read(html: bytes, url: str = "https://n.example/news/consular-section-closed") -> object:
    return extract(html, url, newsroom("https://n.example/"), datetime(2026, 1, 1, tzinfo=UTC))


@given(NOTICE_WORDS_RANGE)
def test_a_short_notice_that_states_its_date_is_a_story(words: int) -> None:
    notice = _notice(words)
    beside = _read(_short_page(notice, "<p class='date'>15 November 2017</p>"))
    assert isinstance(beside, tuple) and beside[0].published is not None, beside
    meta = '<meta property="article:published_time" content="2017-11-15T10:00:00+01:00">'
    metadata = _read(_short_page(notice, head=meta))
    assert isinstance(metadata, tuple), metadata
    undated = _read(_short_page(notice))
    assert isinstance(undated, Rejected) and undated.reason is Reason.TOO_SHORT


@given(st.integers(1, NOTICE_WORDS - 2))
def test_fewer_words_than_a_notice_is_no_story_whatever_its_date(words: int) -> None:
    result = _read(_short_page(_notice(words), "<p class='date'>15 November 2017</p>"))
    assert isinstance(result, Rejected) and result.reason is Reason.TOO_SHORT


@pytest.mark.parametrize("rows", [3, 4])
def test_a_dated_page_of_facts_in_rows_states_no_notice(rows: int) -> None:
    """A fact sheet laid out in tables (label and value rows, a date among them) under a
    shouted banner and over a copyright line is as many words as a notice, and says nothing
    in a sentence."""
    facts = "".join(
        f"<tr><td><font size=2>{label}</font></td><td><font size=2>{value}</font></td></tr>"
        for label, value in [
            ("Capital", "Aldor"),
            ("Independence", "June 25, 1991"),
            ("Area", "20,273 km²"),
            ("Population", "1,987,000"),
            ("Currency", "Crown (ALC)"),
        ][:rows]
    )
    sheet = (
        "<html><head><title>Aldoria at a glance</title></head><body>"
        "<table width='100%' border=0><tr><td valign=top><table width=560 border=0>"
        "<tr><td bgcolor='#003366'><font size=1><b>EMBASSY OF THE REPUBLIC OF ALDORIA · "
        "OTTAWA, ONT.</b></font></td></tr><tr><td><font size=5>Aldoria at a glance</font>"
        f"<table border=1>{facts}</table>NOTICE</td></tr></table><p><hr size=1>"
        "<font size=1>© 1997-1999 Embassy of the Republic of Aldoria, 45 Laurier Ave. East, "
        "Ottawa, Ont. K1N 6R4<br>Comments to <a href='mailto:web@aldoria.example'>webmaster</a>"
        " · Last updated: 06/25/99</font></td></tr></table></body></html>"
    )
    result = _read(sheet.replace("NOTICE", "").encode(), "https://n.example/glance.htm")
    assert isinstance(result, Rejected) and result.reason is Reason.TOO_SHORT, result
    # The same page with one sentence of a notice in it is one.
    said = sheet.replace("NOTICE", f"<p>{_notice(NOTICE_WORDS + 2)}</p>").encode()
    assert isinstance(_read(said, "https://n.example/glance.htm"), tuple)


_ROW = st.text(st.sampled_from("Abc ,:0123456789"), max_size=40)


@given(st.lists(_ROW, max_size=12), st.integers(0, 12), st.integers(SENTENCE_WORDS, 30))
def test_a_sentence_is_words_that_end_as_sentences_end(
    rows: list[str], where: int, words: int
) -> None:
    """Rows of labels and figures are no sentence, nor shouted or unfinished words; one line
    of `SENTENCE_WORDS` words ending with a stop among them is one."""
    unsaid = [row for row in rows if not row.rstrip().endswith(".")]
    sentence = _notice(words)
    assert not states_a_sentence("\n".join([*unsaid, sentence.upper(), sentence[:-1]]))
    assert not states_a_sentence(_notice(SENTENCE_WORDS - 1))
    said = [*unsaid[:where], sentence, *unsaid[where:]]
    assert states_a_sentence("\n".join(said))
    # On one line with its heading, its date and its share links, as a reading may keep it.
    assert states_a_sentence(f"Reception at the Residence 28 June 2024 {sentence} Share: X Print")
    # A copyright line's abbreviations end no sentence.
    copyright_line = f"© 1997-1999 Embassy of Aldoria, {sentence[:-1]} Ave. East, Ottawa"
    assert not states_a_sentence("\n".join([*unsaid, copyright_line]))


@given(NOTICE_WORDS_RANGE, st.integers(GALLERY_PICTURES, 12))
def test_a_dated_gallery_with_a_caption_is_no_story(words: int, pictures: int) -> None:
    images = "".join(f'<img src="/photos/{n}.jpg" alt="">' for n in range(pictures))
    result = _read(_short_page(_notice(words), "<p>15 November 2017</p>", extra=images))
    assert isinstance(result, Rejected) and result.reason is Reason.TOO_SHORT
    logo = _read(_short_page(_notice(words), "<p>15 November 2017</p>", extra=images[:30]))
    assert isinstance(logo, tuple)


@given(NOTICE_WORDS_RANGE)
def test_an_event_schedule_is_no_publication_date(words: int) -> None:
    """A schedule beside the heading ("When: ... 9:00 AM - 1:00 PM") is when an event takes
    place: the page is the event's, however long its text."""
    for schedule in ("When: 4 June 2019 9:00 AM - 1:00 PM", "4 June 2019, 09:00–13:00"):
        for text in (_notice(words), STORY):
            result = _read(_short_page(text, f"<p>{schedule}</p>"))
            assert isinstance(result, Rejected) and result.reason is Reason.NOT_A_STORY, schedule


def _teaser_page(words: int, href: str) -> bytes:
    return (
        "<html><head><title>Announcements | Office</title></head><body><main>"
        "<h1>Announcements</h1><div class='item'><p class='date'>17 May 2021</p>"
        f"<h3><a href='{href}'>President visits NATO headquarters in Brussels</a></h3>"
        f"<p>{_notice(words)}</p></div></main></body></html>"
    ).encode()


@given(st.integers(NOTICE_WORDS + 2, 2 * MIN_WORDS))
def test_text_under_a_heading_linking_another_page_is_a_teaser(words: int) -> None:
    url = "https://n.example/news/president-visits-headquarters?id=7&utm_source=feed"
    result = _read(_teaser_page(words, "/news/president-visits-nato-headquarters?id=7"), url)
    assert isinstance(result, Rejected) and result.reason is Reason.LISTING
    for itself in (
        "/news/president-visits-headquarters?id=7",
        "#top",
        "https://n.example/news/president-visits-headquarters/?id=7",
    ):
        own = _read(_teaser_page(max(words, MIN_WORDS), itself), url)
        assert isinstance(own, tuple), itself


@given(st.integers(4 * MIN_WORDS, 10 * MIN_WORDS))
def test_a_story_under_an_embedded_video_title_is_no_teaser(words: int) -> None:
    """A story's text below a video's linked title and caption (its own heading further up)
    is longer than any teaser's summary."""
    url = "https://n.example/news/president-visits-headquarters"
    result = _read(_teaser_page(words, "/video/president-at-headquarters-press-point"), url)
    assert isinstance(result, tuple), result


@pytest.mark.parametrize(
    "banner",
    [
        "This site uses cookies to help us improve it. Find out more",
        "Ovaj sajt koristi kolačiće. U redu",
        "Овај сајт користи колачиће ради бољег искуства.",
    ],
)
def test_a_cookie_banner_is_no_prose(banner: str) -> None:
    notice = " ".join(["word"] * (MIN_WORDS - 5))
    rejected = too_short(f"{banner}\n\n{banner}\n\n{notice}")
    assert rejected is not None and rejected.detail == f"{MIN_WORDS - 5} words of prose"


_COOKIE_WORDS = st.sampled_from(
    [
        *("cookie", "Cookies", "COOKIES", "cookıe", "COOKİES", "kolačići", "KOLAČIĆI"),
        *("kolacici", "Колачиће", "КОЛАЧИЦЕ", "Keks", "\u212aeksi", "cookiename", "kolač"),
        *("biscuit", "word"),
    ]
)


@given(st.lists(st.one_of(_COOKIE_WORDS, st.text(max_size=6)), max_size=8))
def test_a_cookie_banner_is_told_by_its_words_in_any_case(words: list[str]) -> None:
    """The cheap test before the search never turns a banner's line into prose."""
    line = " ".join(words)
    assert cookie_notice(line) == (_COOKIES.search(line) is not None)


@pytest.mark.parametrize("name", ["photo-01.jpg", "IMG_2044.JPEG", "annual-report-2017.pdf"])
def test_a_page_titled_by_a_file_name_is_no_story(name: str) -> None:
    html = (
        f"<html><head><title>{name}</title></head><body><h1>{name}</h1>"
        f"<p>15 November 2017</p><p>{STORY}</p></body></html>"
    ).encode()
    result = _read(html, f"https://n.example/gallery/army-day/{name}/view")
    assert isinstance(result, Rejected) and result.reason is Reason.NO_TITLE


@given(
    st.integers(2, 8),
    st.integers(0, 1),
    st.sampled_from(["...", "…", " [...]"]),
    st.booleans(),
)
def test_summaries_cut_short_are_a_listings_teasers(
    cut: int, whole: int, ellipsis: str, boxed: bool
) -> None:
    """Teasers in a box (each under its heading and date line, a cookie banner below) are
    teasers as much as a listing's summaries alone; a story may quote one trailing off."""
    summary = "The delegation met the minister to discuss the partnership goals and"
    teaser = [summary + ellipsis]
    if boxed:
        teaser = [
            "Minister meets the delegation of the partnership",
            "Četvrtak, 30 Novembar 2017 11:25",
            *teaser,
        ]
    cookies = ["This site uses cookies. By using it you accept their use."] if boxed else []
    paragraphs = teaser * cut + [summary + " the next steps."] * whole + cookies
    rejected = cut_short("\n\n".join(paragraphs), LATEST)
    assert rejected is not None and rejected.reason is Reason.LISTING
    story = [summary + " the next steps."] * (2 * cut + 1) + teaser * cut
    assert cut_short("\n\n".join(story), LATEST) is None


def test_a_page_dated_by_as_of_is_not_dated_as_a_story() -> None:
    """'Stand: 01.09.2017' on a passport page says when it was last checked."""
    for line in ("Stand: 01.09.2017", "As of 1 September 2017", "Stanje na dan 01.09.2017."):
        result = _read(_short_page(_notice(NOTICE_WORDS + 5), f"<p>{line}</p>"))
        assert isinstance(result, Rejected) and result.reason is Reason.TOO_SHORT, line


@given(st.integers(GALLERY_PICTURES, 12))
def test_a_galleries_captions_are_no_prose_however_many(pictures: int) -> None:
    figures = "".join(
        f'<div class="thumb"><a href="/g/{n}.jpg"><img src="/g/{n}_t.jpg"></a>'
        f'<p class="caption">Christmas concert 2022, photo {n} of {pictures} (NATO photo by the'
        " public affairs office)</p></div>"
        for n in range(1, pictures + 1)
    )
    page = (
        "<html><head><title>Christmas concert 2022</title></head><body><div class='date'>"
        "Dec 12 2022</div><h1>Christmas concert 2022</h1><p>Click a photo to enlarge it.</p>"
        f"{figures}</body></html>"
    ).encode()
    result = extract(
        page,
        "https://n.example/gallery/2022/concert",
        newsroom("https://n.example/"),
        datetime(2026, 1, 1, tzinfo=UTC),
    )
    assert isinstance(result, Rejected) and result.reason is Reason.TOO_SHORT, result


@settings(deadline=None)
@given(st.integers(28, 31), st.lists(st.integers(1, 28), max_size=4, unique=True))
def test_a_calendar_of_days_is_no_prose(days: int, events: list[int]) -> None:
    """A month's grid: a word or two a cell, a few events' names: no story however long."""
    names = {day: "Visit of the president" for day in events}
    cells = "".join(f"<td>{day}<br>{names.get(day, '')}</td>" for day in range(1, days + 1))
    page = (
        "<html><head><title>Calendar</title></head><body><h1>Calendar of activities</h1>"
        "<p>November 2017</p><table><tr><td>Mon</td><td>Tue</td><td>Wed</td><td>Thu</td>"
        f"<td>Fri</td><td>Sat</td><td>Sun</td></tr><tr>{cells}</tr></table></body></html>"
    ).encode()
    result = extract(
        page,
        "https://n.example/calendar/2017-11",
        newsroom("https://n.example/"),
        datetime(2026, 1, 1, tzinfo=UTC),
    )
    assert isinstance(result, Rejected), result


slugs = st.lists(st.sampled_from(["serbia", "nato", "visit", "of", "the", "day"]), min_size=1)


@given(
    st.sampled_from(["about", "about-us", "About-the-Ministry", "o-nama", "о-нама", "leadership"]),
    slugs,
    st.sampled_from(["", ".html", "/"]),
)
def test_a_page_below_the_sites_pages_about_itself_is_about_the_site(
    folder: str, words: list[str], end: str
):
    assert about_the_site(f"https://n.example/en/{folder}/{'-'.join(words)}{end}")


@given(st.sampled_from(["news", "aktuelnosti", "press/2024"]), slugs)
def test_a_page_named_about_something_is_not_about_the_site(folder: str, words: list[str]):
    """Only a folder tells: "/news/about-the-visit" is a story's name, and the page "/about"
    itself is left to what it says."""
    assert not about_the_site(f"https://n.example/{folder}/about-{'-'.join(words)}")
    assert not about_the_site("https://n.example/about")


events = st.lists(
    st.tuples(
        st.dates(min_value=date(2015, 1, 1), max_value=date(2027, 12, 31)),
        st.integers(0, 3),
        st.sampled_from(["Innovation Challenge", "Parade of Nations, Norfolk", "CWIX, Poland"]),
    ),
    min_size=DATED_LINES,
    max_size=12,
)


@given(events)
def test_a_list_of_dated_items_is_no_story(items: list[tuple[date, int, str]]) -> None:
    """An events page: each line a day (or a range of days) and what happens then."""
    lines = [
        f"{day:%b} {day.day}{f'–{day.day + span}' if span and day.day + span <= 28 else ''}, "
        f"{day.year} – {what}"
        for day, span, what in items
    ]
    rejected = dated_list("\n".join(lines), date(2026, 12, 1))
    assert rejected is not None and rejected.reason is Reason.LISTING


@given(events)
def test_a_story_whose_paragraphs_open_with_dates_is_a_story(
    items: list[tuple[date, int, str]],
) -> None:
    """A chronology in a story: its paragraphs open with days, and are prose."""
    sentence = "the delegation met the ministers and agreed on the next steps of the cooperation"
    lines = [
        f"{day:%d %B %Y}: {what}, where {sentence}, {sentence}, and {sentence}."
        for day, _, what in items
    ]
    assert dated_list("\n".join(lines), date(2026, 12, 1)) is None


PLAYERS = [
    '<audio controls src="/uploads/episode-12.mp3"></audio>',
    '<video controls src="/uploads/highlights.mp4"></video>',
    '<iframe src="https://www.youtube-nocookie.com/embed/abc123"></iframe>',
]


@settings(deadline=None)
@given(st.sampled_from(PLAYERS), st.integers(NOTICE_WORDS, 3 * MIN_WORDS))
def test_a_dated_page_that_plays_a_recording_is_a_story_only_at_a_storys_length(
    player: str, words: int
) -> None:
    """A podcast's episode or a video with its notes is the recording's page; a story with
    a video in it is a story. The same player in a sidebar changes nothing."""
    dated = "<p class='date'>15 November 2017</p>"
    result = _read(_short_page(_notice(words), dated, extra=player))
    if words < RECORDING_WORDS:
        assert isinstance(result, Rejected), result
        assert result.reason in (Reason.NOT_A_STORY, Reason.TOO_SHORT)
    else:
        assert isinstance(result, tuple), result
    sidebar = _short_page(_notice(words), dated).replace(
        b"<footer>", f"<aside>{player}</aside><footer>".encode()
    )
    assert isinstance(_read(sidebar), tuple)
    map_ = _read(
        _short_page(_notice(words), dated, extra='<iframe src="https://maps.example/"></iframe>')
    )
    assert isinstance(map_, tuple)


@given(
    st.lists(
        st.sampled_from(["consular", "section", "closed", "monday", "serbia", "osce"]),
        min_size=1,
        max_size=8,
    ),
    st.lists(st.sampled_from(["of", "and", "the", "on", "na", "za", "eu"]), max_size=6),
)
def test_a_title_is_named_by_its_words_of_content(content: list[str], small: list[str]) -> None:
    """A name such as "history-of-serbian-diplomacy" has four words and three of content: a
    story's name by the first count only; "consular-section-closed-on-monday" by both."""
    words = []
    for index, word in enumerate(content):
        words += [word, *small[index : index + 1]]
    slug = "-".join(words)
    url = f"https://n.example/en/{slug}/"
    assert named_like_a_story(url, content_words=True) == (len(content) >= SLUG_WORDS)
    assert named_like_a_story(url) == (len(words) >= SLUG_WORDS)


@pytest.mark.parametrize(
    ("url", "listing"),
    [
        ("https://www.botschaft.example/aktuelles/archiv/2017/september/", True),
        ("https://mission.example/cir/архива/", True),
        ("https://mission.example/vesti/kategorija/saopstenja?page=2", True),
        # A story filed below an archive is a story.
        ("http://www.consulate.example/arhiva/2003/vest03.htm", False),
        ("https://mission.example/arhiva/2015/poseta-ministra-odbrane", False),
        ("https://www.nato.example/kfor/media-center/archive/news/2026/", True),
        ("https://www.nato.example/kfor/media-center/archive/news/2026/kfor-marks-day", False),
        ("https://www.nato.example/news/archives/2025/11", True),
        # A pager's field holds a number; a router's "page" holds a path: "2,10,2745" is
        # item 2745 of section 10 in language 2.
        ("https://mission.example/?page=2", True),
        ("https://mission.example/index.php?page=3&lang=en", True),
        ("https://mission.example/?page=2,10,2745", False),
        ("https://mission.example/?page=2%2C10%2C2745", False),
        # A number that reads as a year after the fetch's is an item's id, not a year's page.
        ("https://mission.example/en/news/2065", False),
        ("https://mission.example/en/news/2025", True),
    ],
)
def test_archive_and_category_pages_in_the_newsrooms_languages_are_listings(
    url: str, listing: bool
) -> None:
    assert FAMILIES["generic"].is_listing_url(url) is listing or url.endswith("/2065")
    page = _short_page(_notice(MIN_WORDS + 20), "<p class='date'>15 November 2025</p>")
    fetched = datetime(2026, 12, 2, tzinfo=UTC)
    result = extract(page, url, newsroom("https://mission.example/"), fetched)
    if listing:
        assert isinstance(result, Rejected) and result.reason is Reason.LISTING, result
    else:
        assert isinstance(result, tuple), result


@settings(deadline=None)
@given(NOTICE_WORDS_RANGE, st.integers(GALLERY_PICTURES, 12))
def test_bullets_icons_banners_and_smileys_make_no_gallery(words: int, count: int) -> None:
    """A 2000s layout shows one bullet many times, badges under `ICON_PIXELS`, and banners
    linking other sites; a comment form offers smileys to click: none of them is a photo of a
    gallery. Photos in a form (an ASP.NET page is one), or linking their own pages, are."""
    bullets = '<img src="/images/bullet.gif">' * count
    icons = "".join(
        f'<img src="/images/badge-{n}.gif" width="88" height="{ICON_PIXELS - 1}">'
        for n in range(count)
    )
    smileys = "".join(
        f"<a href=\"javascript:insertext(':{n}:')\"><img src='/cutenews/emoticons/{n}.gif'></a>"
        for n in range(count)
    )
    form = f"<form method='post'><textarea></textarea>{smileys}</form>"
    # Banners: the site's logo linking its home page, other sites' linking theirs.
    banners = "<a href='https://n.example/'><img src='/images/logo.jpg'></a>" + "".join(
        f"<a href='http://www.ministry-{n}.example'><img src='/images/banner-{n}.gif'></a>"
        for n in range(count)
    )
    for extra in (bullets, icons, form, banners):
        result = _read(_short_page(_notice(words), "<p>15 November 2017</p>", extra=extra))
        assert isinstance(result, tuple), extra
    photos = "".join(
        f'<a href="/gallery/photo.php?id={n}"><img src="/gallery/{n}_t.jpg"></a>'
        for n in range(count)
    )
    page = _short_page(_notice(words), "<p>15 November 2017</p>", extra=photos)
    aspnet = page.replace(b"<body>", b"<body><form id='aspnetForm'>").replace(
        b"</body>", b"</form></body>"
    )
    result = _read(aspnet)
    assert isinstance(result, Rejected) and result.reason is Reason.TOO_SHORT


def test_a_soft_404_read_with_its_whole_layout_is_a_story_gone() -> None:
    """A CuteNews site answers a removed story with its whole layout around one line: the
    reading keeps the address and the footer, long enough for a story, with no date."""
    layout = "<br>".join(
        [
            "Manfred Wörner Building, NATO headquarters, Boulevard Leopold III, 1110 Brussels",
            "Telephone +32 2 707 79 81 and fax +32 2 707 79 82 during working hours",
            "Ministry of Foreign Affairs of the Republic of Serbia and its other missions abroad",
            "© Mission of the Republic of Serbia to NATO 2010-2017, Content Management by CuteNews",
        ]
    )
    for notice in ("Can not find an article with id: 1508832000", "Тражена вест не постоји."):
        result = extract(
            _page(notice, layout),
            "https://n.example/index.php?subaction=showfull&id=1508832000",
            newsroom("https://n.example/"),
            datetime(2026, 1, 1, tzinfo=UTC),
        )
        assert isinstance(result, Rejected) and result.reason is Reason.GONE, (notice, result)


@pytest.mark.parametrize(
    ("title", "about"),
    [
        ("About the Defence Attaché Office", True),
        ("About us", True),
        ("O nama", True),
        ("O Ambasadi", True),
        ("О амбасади", True),
        ("About the DAO Belgrade", True),  # the initials of words of the site's name
        ("About the new visa regime for Canadian citizens", False),
        ("About the DAO exercise", False),
        ("O saradnji sa Kanadom u oblasti odbrane", False),
        ("Ambassador meets the Defence Attaché Office of Canada", False),
    ],
)
def test_a_page_titled_about_the_site_itself_is_no_story(title: str, about: bool) -> None:
    """A dated post "About the Defence Attaché Office" (a sticky post of a WordPress theme) is
    the site's page about itself, as its "About us" is; a story about anything else is one."""
    names = {"defence attaché office belgrade", "ambasada republike srbije u otavi", "амбасада"}
    assert titled_about_the_site(title, names) is about
    page = (
        f"<html><head><title>{title}</title>"
        '<meta property="og:site_name" content="Defence Attaché Office Belgrade">'
        f"</head><body><main><article><h1>{title}</h1><p class='date'>1 September 2023</p>"
        f"<p>{STORY}</p></article></main></body></html>"
    ).encode()
    result = _read(page, "https://n.example/2023/09/01/post")
    if about and "Defence" in title:
        assert isinstance(result, Rejected) and result.reason is Reason.NOT_A_STORY, result
    if not about:
        assert isinstance(result, tuple), result


#: A government's banner above the page's header, on every page of the site: more words than a
#: recording's notes, which a reading of a page with no text of its own may keep.
GOVERNMENT_BANNER = (
    "<section class='gov-banner'><p>An official website of the government.</p>"
    + "".join(f"<p>{SENTENCE}</p>" for SENTENCE in [STORY] * 2)
    + "</section>"
)


#: Words of notes clearly under or over a recording's page's (its heading and byline aside).
NOTES = st.one_of(st.integers(0, RECORDING_WORDS - 20), st.integers(RECORDING_WORDS, 3 * MIN_WORDS))


@settings(deadline=None)
@given(st.sampled_from(PLAYERS), NOTES)
def test_a_recording_with_few_words_beside_it_is_its_page_whatever_the_reading_kept(
    player: str, words: int
) -> None:
    """A video post whose <article> holds a byline and the player: the reading may keep the
    site's banner for its text, but the recording's notes are the words around the player."""
    byline = "<p class='byline'>By the Embassy | 15 November 2017 | Topics: Video</p>"
    notes = f"<p>{_notice(words)}</p>" if words else ""
    page = (
        "<html><head><title>Video: Greetings | Embassy</title></head><body>"
        f"{GOVERNMENT_BANNER}<header><a href='/'>Home</a></header><main>"
        f"<article><h1>Video: Greetings from the Embassy</h1>{byline}{player}{notes}</article>"
        "</main></body></html>"
    ).encode()
    result = _read(page)
    if words < RECORDING_WORDS:
        assert isinstance(result, Rejected) and result.reason is Reason.NOT_A_STORY, result
    else:
        assert isinstance(result, tuple), result


DOCUMENTS = [
    '<a href="/files/documents/603300_0.pdf">English</a>',
    '<a href="/files/report-2026.DOCX?download=1">Report</a>',
    '<a href="/media/603300" type="application/pdf">Srpski (PDF, 1.4 MB)</a>',
]
#: How a page labels itself a publication: a type field, a section's name (no link).
LABELS = [
    "<div><span>Content type</span> <span>Publications</span></div>",
    "<p class='kicker'>Publikacije</p>",
    "<dl><dt>Type</dt><dd>Publikationen</dd></dl>",
]


@settings(deadline=None)
@given(
    st.sampled_from(DOCUMENTS),
    st.sampled_from(LABELS),
    st.one_of(
        st.integers(NOTICE_WORDS + 2, RECORDING_WORDS - 10),
        st.integers(RECORDING_WORDS, 3 * MIN_WORDS),
    ),
)
def test_a_page_offering_a_publication_with_a_few_lines_is_the_publications_page(
    document: str, label: str, words: int
) -> None:
    """A publication's page (its date, its type, a summary, the files to download) is no
    story; a story that links its report is one, and so is a press release whose full text is
    a PDF, and a notice on a site whose menu links its publications."""
    dated = "<p class='date'>15 November 2017</p>"
    files = f"<p>Files: {document}</p>"
    result = _read(_short_page(_notice(words), dated + label, extra=files))
    if words < RECORDING_WORDS:
        assert isinstance(result, Rejected) and result.reason is Reason.NOT_A_STORY, result
        assert "publication" in result.detail
    else:
        assert isinstance(result, tuple), result
    release = _read(_short_page(_notice(words), dated, extra=files))
    assert isinstance(release, tuple), release
    menu = _short_page(_notice(words), dated, extra=files).replace(
        b"</nav>", b"<a href='/publications/'>Publications</a></nav>"
    )
    assert isinstance(_read(menu), tuple)


@pytest.mark.parametrize(
    ("above", "below", "publication"),
    [
        # An eyebrow heading right above the title labels the page (UNDP's Drupal), or the
        # section's (the RCC's "Documents & Publications").
        ("<h6 class='eyebrow'>PUBLICATION</h6>", "", True),
        ("<h2 class='section'>Documents &amp; Publications</h2>", "", True),
        ("<h2 class='section'>Documents</h2>", "", False),
        # A box's heading over its links labels nothing.
        (
            "",
            "<h3>Publications</h3><ul><li><a href='/p/report.pdf'>Annual report</a></li></ul>",
            False,
        ),
    ],
)
def test_a_publications_heading_labels_the_page_only_right_above_its_title(
    above: str, below: str, publication: bool
) -> None:
    html = (
        "<html><head><title>Report | Office</title></head><body><main><article>"
        f"{above}<h1>Human development and depopulation</h1><p>15 November 2017</p>"
        f"<p>{_notice(NOTICE_WORDS + 20)}</p><p><a href='/files/report.pdf'>Download (PDF)</a></p>"
        f"{below}</article></main></body></html>"
    ).encode()
    result = _read(html)
    if publication:
        assert isinstance(result, Rejected) and "publication" in result.detail, result
    else:
        assert isinstance(result, tuple), result


@settings(deadline=None)
@given(
    st.sampled_from(
        [
            "3 - 4 December 2025",
            "December 3-4, 2025",
            "3–4. decembar 2025.",
            "Date: 29 - 30 June 2025",
            "4. jun 2019. do 6. jun 2019.",
        ]
    ),
    st.integers(NOTICE_WORDS + 2, 4 * MIN_WORDS),
)
def test_a_page_stating_the_days_of_an_event_beside_its_heading_is_the_events(
    days: str, words: int
) -> None:
    """A conference's page states when it takes place, a period of days, where a story
    states when it was published; a period of months (an archive's) is neither."""
    result = _read(_short_page(_notice(words), f"<p>{days}</p>"))
    assert isinstance(result, Rejected), result
    # A few words are too short to be anything, before their frame is read.
    short = (Reason.TOO_SHORT,) if words < MIN_WORDS else ()
    assert result.reason in (Reason.NOT_A_STORY, *short), result
    archive = _read(_short_page(_notice(words), "<p>15 Jun 2016 - 12 Dec 2016</p>"))
    if words >= MIN_WORDS:
        assert isinstance(archive, tuple) and archive[0].published is None, archive
    else:
        assert isinstance(archive, Rejected) and archive.reason is Reason.TOO_SHORT, archive


@settings(deadline=None)
@given(
    st.sampled_from(
        [
            "Deadline: 04.12.2025",
            "Closing date: 4 December 2025",
            "Rok za prijave: 4. decembar 2025.",
        ]
    ),
    st.integers(MIN_WORDS, 4 * MIN_WORDS),
)
def test_a_page_whose_date_is_a_deadline_is_a_call_not_a_story(deadline: str, words: int) -> None:
    """A vacancy's or a tender's page states when applications are due; a story that also
    states its own date is a story of that date."""
    label = f"<ul class='meta'><li>Vacancy</li><li>{deadline}</li></ul>"
    page = _short_page(_notice(words)).replace(b"<article>", f"<article>{label}".encode())
    result = _read(page)
    assert isinstance(result, Rejected) and result.reason is Reason.NOT_A_STORY, result
    dated = _short_page(_notice(words), f"<p>Published 15 November 2025</p><p>{deadline}</p>")
    story = _read(dated)
    assert isinstance(story, tuple) and story[0].published == date(2025, 11, 15), story


def _topic_page(teasers: str, own: str = "", text: str = STORY) -> bytes:
    tag = "article" if own else "div"  # four <article>s or more make a listing
    return (
        "<html><head><title>Rule of law | Mission</title></head><body><main>"
        f"<{tag}><h1>{own or 'Rule of law and human rights'}</h1><p>{text}</p></{tag}>"
        f"<h2>Related news</h2><div class='view'>{teasers}</div></main></body></html>"
    ).encode()


TEASERS = {
    # Drupal's views: each teaser an <article> under a heading that links its story.
    "headed": "<div class='row'><article><h3><a href='/news/{n}'>Judges trained {n}</a></h3>"
    "<time datetime='2025-11-{d:02d}T12:00:00Z'>{d} November 2025</time>"
    "<p>Thirty judges took part in a training course.</p></article></div>",
    # ECL's content items: the title a link in a <div>, side by side in <article>s.
    "side by side": "<article class='item'><ul><li>News</li><li><time datetime="
    "'2025-11-{d:02d}T12:00:00Z'>{d}.11.2025</time></li></ul><div class='title'>"
    "<a href='/news/{n}'>Judges trained {n}</a></div><div>Thirty judges took part.</div></article>",
    # GOV.UK's document list: items of a list, their metadata a list of their own.
    "list items": "<li class='doc'><div><a href='/news/{n}'>Judges trained {n}</a></div>"
    "<p>Thirty judges took part.</p><ul><li>News story</li><li>Updated: <time "
    "datetime='2025-11-{d:02d}'>{d} November 2025</time></li></ul></li>",
}


@settings(deadline=None)
@given(st.sampled_from(sorted(TEASERS)), st.lists(st.integers(1, 28), min_size=2, max_size=3))
def test_the_dates_of_teasers_are_their_stories_not_the_pages(kind: str, days: list[int]) -> None:
    """A topic page (a few lines, then the latest stories on it, dated) states no date of its
    own: each teaser's date is its story's."""
    items = "".join(TEASERS[kind].format(n=n, d=d) for n, d in enumerate(days))
    if kind == "list items":
        items = f"<ul class='docs'>{items}</ul>"
    result = _read(_topic_page(items), "https://n.example/rule-of-law")
    assert isinstance(result, tuple) and result[0].published is None, result


@settings(deadline=None)
@given(st.lists(st.integers(1, 28), min_size=2, max_size=2), st.sampled_from([STORY, "short"]))
def test_a_storys_own_heading_linking_itself_keeps_its_date(days: list[int], text: str) -> None:
    """A theme that links the story's own heading to its permalink makes no teaser of it: its
    date, in its markup only, stays, for a story and for a notice as short as a teaser."""
    text = _notice(MIN_WORDS + 10) if text == "short" else text
    url = "https://n.example/news/judges-trained-in-belgrade"
    own = (
        f"<a href='{url}'>Judges trained in Belgrade</a></h1>"
        "<time datetime='2025-10-02T09:00:00Z' class='published'>Posted</time><h1 hidden>"
    )
    items = "".join(TEASERS["headed"].format(n=n, d=d) for n, d in enumerate(days))
    result = _read(_topic_page(items, own, text), url)
    assert isinstance(result, tuple) and result[0].published == date(2025, 10, 2), result


def test_a_day_still_to_come_beside_the_heading_is_an_events_not_a_storys() -> None:
    """An upcoming event's page states its day, after the fetch, where a story states when it
    was published; a story that states its own date and mentions a day to come is a story."""
    result = _read(_short_page(STORY, "<dl><dt>Date</dt><dd>15 March 2026</dd></dl>"))
    assert isinstance(result, Rejected) and result.reason is Reason.NOT_A_STORY, result
    story = _read(
        _short_page(STORY + " The office reopens on 15 March 2026.", "<p>1 December 2025</p>")
    )
    assert isinstance(story, tuple) and story[0].published == date(2025, 12, 1), story


@pytest.mark.parametrize(
    "marked",
    [
        "<body class='path-node page-node-type-event'>",
        "<body class='single single-tribe_events'>",
        "<body><article class='node node--type-event node--view-mode-full'>",
    ],
)
def test_a_page_its_cms_marks_an_events_is_one_when_it_states_no_date(marked: str) -> None:
    page = _short_page(STORY).replace(b"<body>", marked.encode(), 1)
    if b"<article class" in page:
        page = page.replace(b"<article>", b"", 1)
    result = _read(page)
    assert isinstance(result, Rejected) and result.reason is Reason.NOT_A_STORY, result
    dated = _read(
        _short_page(STORY, "<p>1 December 2025</p>").replace(b"<body>", marked.encode(), 1)
    )
    assert isinstance(dated, tuple), dated


def test_htmldate_makes_no_first_of_the_month_the_page_does_not_state() -> None:
    """htmldate, refusing a date after the fetch, keeps its year and month and makes it the
    first: a story that states no day of its own has no date; one that states the first of
    the month has it."""
    url = "https://n.example/it/news/2025/11/visita-a-belgrado/"
    later = "<p>Next session: <time datetime='2026-01-10T10:00:00Z'>next week</time></p>"
    result = _read(_short_page(STORY, extra=later), url)
    assert isinstance(result, tuple) and result[0].published is None, result
    meta = '<meta property="article:published_time" content="2025-11-01T10:00:00+01:00">'
    first = _read(_short_page(STORY, head=meta), url)
    assert isinstance(first, tuple) and first[0].published == date(2025, 11, 1), first


SPIP_TITLE = (
    "<h1>Fête nationale : réception à la Résidence <span class='lang_trad'>[<a "
    "href='/Nacionalni-praznik' hreflang='sr' lang='sr' rel='alternate'>sr</a>]</span></h1>"
)


def test_a_link_to_the_storys_translation_in_its_heading_makes_no_teaser() -> None:
    """SPIP sets "[sr]", a link to the translation, in the story's heading: the heading is
    the story's own, its date stands under it, the link names the translation."""
    page = (
        "<html><head><title>Fête nationale - Ambassade</title></head><body><main><article>"
        f"{SPIP_TITLE}<p class='info-publi'>publié le <time>15 juillet 2025</time></p>"
        f"<p>{STORY}</p></article></main></body></html>"
    ).encode()
    url = "https://rs.ambafrance.example/Fete-nationale"
    result = extract(
        page, url, newsroom("https://rs.ambafrance.example/"), datetime(2026, 1, 1, tzinfo=UTC)
    )
    assert isinstance(result, tuple), result
    (story,) = result
    assert story.published == date(2025, 7, 15)
    assert story.title == "Fête nationale : réception à la Résidence"
    assert ("https://rs.ambafrance.example/Nacionalni-praznik", "sr") in story.translations


def test_a_listings_last_page_of_one_teaser_is_a_listing() -> None:
    """Page 2 of a section holding one teaser: its title, a heading linking the story, opens
    the reading."""
    page = (
        "<html><head><title>Vesti</title></head><body><main><h1>Vesti</h1><ul><li>"
        "<a href='/Nacionalni-praznik'><h3>Nacionalni praznik Francuske: prijem u Rezidenciji"
        "</h3></a><p>15/07/2025</p><p>Povodom Nacionalnog praznika Francuske, ambasadorka je "
        "ugostila više od 1.200 zvanica u vrtu Rezidencije Francuske.</p></li></ul>"
        "<p><a href='/-Vesti-'>1</a> | <strong>2</strong></p></main></body></html>"
    ).encode()
    result = _read(page, "https://n.example/-Vesti-?debut_articles=8")
    assert isinstance(result, Rejected) and result.reason is Reason.LISTING, result
    # Drupal writes hreflang on every link: a teaser's title is no translation's link.
    drupal = page.replace(b"<a href='/Nacionalni-praznik'>", b"<a href='/sr/301944' hreflang='sr'>")
    result = _read(drupal, "https://n.example/sr/stories")
    assert isinstance(result, Rejected) and result.reason is Reason.LISTING, result


def test_a_heading_with_a_small_link_of_its_own_is_no_teasers_title() -> None:
    """A heading whose link is a small part of it (its comments' count) is the story's own:
    the date under it is the story's."""
    page = _short_page(STORY, "<p>15 November 2025</p>").replace(
        b"Consular section closed on Monday</h1>",
        b"Consular section closed on Monday <a href='/comments/7'>(3)</a></h1>",
    )
    result = _read(page)
    assert isinstance(result, tuple) and result[0].published == date(2025, 11, 15), result


SWITCHER = (
    "<ul class='lang'><li><a href='/de/news/visit-kragujevac.html' lang='de'>DE</a></li>"
    "<li><a href='/fr/actualite/visit-kragujevac.html' lang='fr'>FR</a></li>"
    "<li><a href='/en/home.html' lang='en'>EN</a></li>"
    "<li><a href='/sr/vesti/visit-kragujevac.html' hreflang='sr'>Srpski</a></li></ul>"
)


def test_a_language_switcher_names_the_storys_translations() -> None:
    """AEM's "DE FR EN SR": short links that say their language, side by side, lead to the
    story in its other languages, named as it is (a language it lacks leads home, and is no
    translation); Drupal's hreflang on every link of the page's own language (a teaser's
    title) names none."""
    page = _short_page(STORY, "<p>15 November 2025</p>").replace(
        b"<nav>", f"<nav>{SWITCHER}".encode()
    )
    url = "https://n.example/de/news/visit-kragujevac.html"
    result = _read(page, url)
    assert isinstance(result, tuple), result
    assert set(result[0].translations) == {
        ("https://n.example/fr/actualite/visit-kragujevac.html", "fr"),
        ("https://n.example/sr/vesti/visit-kragujevac.html", "sr"),
    }
    drupal = _short_page(STORY, "<p>15 November 2025</p>").replace(
        b"</footer>",
        b"<ul><li><a href='/sr/visit-kragujevac.html' hreflang='sr'>Volonteri</a></li>"
        b"<li><a href='/sr/301945' hreflang='sr'>Obuka</a></li></ul></footer>",
    )
    result = _read(drupal, url)
    assert isinstance(result, tuple) and result[0].translations == (), result


NIS = "https://n.example/news/2025/11/15/ambassador-visits-nis/"


def _story_page(inside: str, before: str = "", article: str = "<article>") -> bytes:
    return (
        "<html><head><title>Ambassador visits Nis | Office</title></head><body>"
        f"<nav><a href='/'>Home</a></nav>{before}<main>{article}"
        f"<h1>Ambassador visits Nis</h1>{inside}<p>{STORY}</p><p>{STORY}</p></article></main>"
        "</body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("page", "published"),
    [
        # A banner above every page, linking a call or an event, says nothing of this page.
        (
            _story_page(
                "<p>15 November 2025</p>",
                "<div class='alert'><a href='/s'>Scholarships: deadline 15 January 2026</a></div>",
            ),
            date(2025, 11, 15),
        ),
        # "Rok" is a name, and rock music, too: no deadline's label.
        (_story_page("<p>Avtor: Rok Novak, 15. 11. 2025</p>"), date(2025, 11, 15)),
        (_story_page("<p>Rok koncert, Beograd, 15. novembar 2025.</p>"), date(2025, 11, 15)),
        (_story_page("<p>15 November 2025 | Calls and deadlines</p>"), date(2025, 11, 15)),
        # A report on an event held on two days, dated by its address; a reading time.
        (_story_page("<p>Belgrade, 3-4 November 2025</p>"), date(2025, 11, 15)),
        (_story_page("<p>Reading time 3-4 min, 14 November 2025</p>"), date(2025, 11, 14)),
        # Categories and tags named after events are no event's type.
        (
            _story_page(
                "<p>15 November 2025</p>",
                article="<article class='post type-post category-news-events tag-event'>",
            ),
            date(2025, 11, 15),
        ),
        # The story's own <article> heading linking itself however written, with its date
        # in its microdata only, stays the story's.
        (
            _story_page(
                "<meta itemprop='datePublished' content='2025-11-15T10:00:00+00:00'>"
                "<h2>Read the <a href='https://gov.example/report.pdf'>full report</a></h2>",
                article="<article itemscope itemtype='https://schema.org/NewsArticle'>",
            ),
            date(2025, 11, 15),
        ),
        # A video wrapped in an <article> of its own inside the story (Drupal's media).
        (
            _story_page(
                "<p>15 November 2025</p><article class='media media--type-video'>"
                "<video><source src='/visit.mp4'></video></article>"
            ),
            date(2025, 11, 15),
        ),
    ],
)
def test_stories_that_look_like_calls_events_or_recordings_in_one_line_are_stories(
    page: bytes, published: date
) -> None:
    """Pages a review found dropped or undated by the rules above at first: each is a story."""
    result = _read(page, NIS)
    assert isinstance(result, tuple), result
    assert result[0].published == published


@pytest.mark.parametrize(
    ("page", "published"),
    [
        # A banner's link above the heading, with a day to come or an event's days.
        (
            _story_page("", "<div class='alert'><a href='/c'>Conference: 3-4 March 2026</a></div>"),
            None,
        ),
        (
            _story_page(
                "", "<div class='alert'><a href='/s'>Scholarships: 15 January 2026</a></div>"
            ),
            None,
        ),
        (_story_page("<p>Reading time 3-4 min, 4 November 2025</p>"), date(2025, 11, 4)),
        (
            _story_page("", article="<article class='post category-news-events tag-event'>"),
            None,
        ),
        (
            _story_page(
                "<meta itemprop='datePublished' content='2025-11-15T10:00:00+00:00'>",
                article="<article itemscope itemtype='https://schema.org/NewsArticle'>"
                "<h2><a href='http://n.example/news/ambassador-visits-nis/'>Nis</a></h2>",
            ),
            date(2025, 11, 15),
        ),
    ],
)
def test_stories_whose_address_states_no_date_are_read_by_their_own_lines(
    page: bytes, published: date | None
) -> None:
    """The same, at an address without a date: what the page's own lines state decides."""
    result = _read(page, "https://n.example/news/ambassador-visits-nis")
    assert isinstance(result, tuple), result
    assert result[0].published == published


def test_a_press_release_with_its_attachments_is_no_publications_page() -> None:
    """A short release whose box of attachments is labelled "Documents" is a story."""
    box = (
        "<div class='field__label'>Documents</div><div><a href='/files/agreement.pdf'>PDF</a></div>"
    )
    result = _read(_short_page(_notice(30), "<p>15 November 2017</p>", extra=box))
    assert isinstance(result, tuple), result


def test_a_first_of_the_month_in_the_address_is_the_storys_date() -> None:
    result = _read(_short_page(STORY), "https://n.example/news/2025/11/01/visit/")
    assert isinstance(result, tuple) and result[0].published == date(2025, 11, 1), result


@pytest.mark.parametrize(
    "href",
    [
        "/vesti/%D0%BA%D0%BE%D0%BD%D0%B7%D1%83%D0%BB/",
        "/vesti/%d0%ba%d0%be%d0%bd%d0%b7%d1%83%d0%bb/",
        "/vesti/конзул/",
        "http://www.n.example/vesti/%D0%BA%D0%BE%D0%BD%D0%B7%D1%83%D0%BB/",
    ],
)
def test_a_short_notice_whose_heading_links_itself_however_written_is_no_teaser(href: str) -> None:
    url = "https://n.example/vesti/%D0%BA%D0%BE%D0%BD%D0%B7%D1%83%D0%BB/"
    page = (
        "<html><body><main><article>"
        f"<h1><a href='{href}'>Konzularno odeljenje zatvoreno u ponedeljak</a></h1>"
        f"<p class='date'>15 November 2025</p><p>{_notice(30)}</p></article></main></body></html>"
    ).encode()
    result = _read(page, url)
    assert isinstance(result, tuple), result


def _related(cards: int) -> str:
    return "".join(
        f"<article class='card'><h3><a href='/news/{n}'>Minister meets delegation {n}</a></h3>"
        f"<time>0{n % 9 + 1}.11.2025</time></article>"
        for n in range(cards)
    )


@pytest.mark.parametrize("cards", [3, 5, 8])
def test_a_story_with_a_box_of_related_stories_under_it_is_a_story(cards: int) -> None:
    """gov.me's story pages: the story in an <article>, then a box of related news, each an
    <article> under a heading that links it. Four <article>s or five linked headings made a
    "page of teasers" of every story page, rejected before it was read; the story's prose
    beside the box is what makes it a story."""
    page = (
        "<html><head><title>Session of the Government | Government</title></head><body>"
        "<main><article class='story'><h1>Session of the Government</h1>"
        f"<p>5 December 2025</p><p>{STORY}</p></article>"
        f"<aside><h2>Related news</h2>{_related(cards)}</aside></main></body></html>"
    ).encode()
    result = _read(page, "https://n.example/clanak/session-of-the-government")
    assert isinstance(result, tuple) and result[0].title == "Session of the Government", result


@pytest.mark.parametrize("words", [0, 12])
def test_a_page_of_teasers_and_no_prose_beside_them_is_a_listing(words: int) -> None:
    """The same teasers with nothing beside them but a line or two are a listing page."""
    intro = f"<p>{_notice(words)}</p>" if words else ""
    page = (
        "<html><head><title>News | Government</title></head><body><main><h1>News</h1>"
        f"{intro}{_related(6)}</main></body></html>"
    ).encode()
    result = _read(page, "https://n.example/news-of-the-week")
    assert isinstance(result, Rejected) and result.reason is Reason.LISTING, result


def test_an_aspnet_menus_images_make_no_gallery_of_a_short_notice() -> None:
    """A WebForms ministry's story of two sentences, dated beside its heading, with its
    picture and two banners beside it: the Menu control's arrows (WebResource.axd) had made
    five pictures, a gallery, and its text too short for a story."""
    arrows = "".join(
        f"<table><tr><td><a href='/s{n}/'>Section {n}</a></td><td><img alt='Expand'"
        f" src='/WebResource.axd?d={'ab' if n % 2 else 'cd'}&amp;t=6384'></td></tr></table>"
        for n in range(6)
    )
    page = (
        "<html><head><title>Ministry</title></head><body><form id='aspnetForm'>"
        f"<div id='menu'>{arrows}</div><div id='content'><div class='news'>"
        "<span class='date'>21.11.2025 10:30</span><h1>Secretary General met a delegation</h1>"
        "<div class='pic'><img src='/Images/news/58371_1.jpg' alt=''></div>"
        "<div class='text'><p>The Secretary General of the Ministry met a delegation of the"
        " European External Action Service visiting Sarajevo.</p><p>They discussed the"
        " alignment with the common foreign and security policy.</p></div></div></div>"
        "<div id='right'><div class='banner'><a href='/visas/'><img src='/b/visas.png'"
        " alt='Visas'></a></div><div class='banner'><a href='/embassies/'>"
        "<img src='/b/embassies.png' alt='Embassies'></a></div></div></form></body></html>"
    ).encode()
    result = _read(page, "https://n.example/news/top_news/?id=58371")
    assert isinstance(result, tuple) and result[0].published == date(2025, 11, 21), result


def test_a_heading_that_names_the_site_as_the_title_does_is_no_storys_title() -> None:
    """Joomla 1.5's templates head every page with the site's name in an <h1>; the story's
    title is a table cell below it. The <title> ("Story - Site") shows which is which: the
    part the page shows first, above the other, is the site's name."""
    site = "Embassy of Greece in Belgrade"
    title = "Ambassador meets the Minister of Energy"
    page = (
        f"<html><head><title>{title} - {site}</title></head><body>"
        f"<div id='header'><a href='/serbia/'><img src='/logo.png' alt='{site}'></a>"
        f"<h1 class='mission'>{site}</h1></div><div id='content'>"
        f"<table class='contentpaneopen'><tr><td class='contentheading'>{title}</td></tr></table>"
        "<table class='contentpaneopen'><tr><td class='createdate'>Thursday, 10 December"
        f" 2025</td></tr><tr><td><p>{STORY}</p></td></tr></table></div></body></html>"
    ).encode()
    result = _read(page, "https://n.example/serbia/news/ambassador-meets-minister.html")
    assert isinstance(result, tuple) and result[0].title == title, result


def test_a_gallerys_captions_read_on_one_line_are_no_prose() -> None:
    """WordPress's gallery block: the reading kept six figures' captions on one line, long
    enough for a story."""
    figures = "".join(
        f"<figure class='wp-block-image'><a href='/up/conference-{n}.jpg'><img"
        f" src='/up/conference-{n}-300x200.jpg' alt=''></a><figcaption>Land Domain Conference"
        f" 2026 – photo {n} (NATO photo)</figcaption></figure>"
        for n in range(1, 7)
    )
    page = (
        "<html><head><title>Land Domain Conference 2026 – Command</title></head><body><main>"
        "<article class='page'><h1>Land Domain Conference 2026</h1><div class='entry-content'>"
        f"<figure class='wp-block-gallery'>{figures}</figure></div></article></main>"
        "</body></html>"
    ).encode()
    result = _read(page, "https://n.example/media-center/gallery/land-domain-conference-2026/")
    assert isinstance(result, Rejected) and result.reason is Reason.TOO_SHORT, result


def test_a_reading_of_teasers_summaries_only_is_a_listing() -> None:
    """A WebForms GridView of news, each row a date, a linked title and a summary: the
    reading dropped the links and kept the summaries (and a date or two, and the pager's
    numbers), a story's length together."""
    rows = "".join(
        f"<tr>\n<td>\n<div class='item'>\n<span class='date'>2{n}.11.2025.</span>\n<a"
        f" class='title' href='/news/default.aspx?id=5837{n}&amp;pageIndex=2'>Minister met the"
        f" delegation of partner {n}</a>\n<div class='summary'>The Minister of Foreign Affairs"
        f" met today in Sarajevo a delegation of partner number {n} to discuss the cooperation"
        " in the coming year and the region.</div>\n</div>\n</td>\n</tr>"
        for n in range(3)
    )
    page = (
        "<html><head><title>Top News</title></head><body><form><div id='menu'><a href='/'>Home"
        "</a> <a href='/news/'>News</a></div><div id='content'><div class='section'>Top News"
        f"</div><table class='list'>{rows}</table><div class='pager'><a href='/news/default.aspx"
        "?pageIndex=1'>1</a> <span>2</span></div></div></form></body></html>"
    ).encode()
    result = _read(page, "https://n.example/news/default.aspx?pageIndex=2&template_id=16")
    assert isinstance(result, Rejected) and result.reason is Reason.LISTING, result


def _clocked_page(header_class: str, inside: str) -> bytes:
    return (
        "<html><head><title>Photos - Embassy of Greece</title></head><body>"
        f"<div class='{header_class}'><div class='date'>Saturday, 12 December 2025</div></div>"
        f"<div id='container'><div class='main'>{inside}</div></div></body></html>"
    ).encode()


@pytest.mark.parametrize("header_class", ["top", "header", "site-header"])
def test_the_sites_clock_in_its_header_dates_no_story(header_class: str) -> None:
    """Joomla 1.5's mission template shows today's date in its top bar on every page: a
    gallery's lines below it were stored as a notice of that day."""
    inside = f"<p>{_notice(NOTICE_WORDS + 6)}</p>"  # no heading: the clock is the nearest date
    result = _read(_clocked_page(header_class, inside), "https://n.example/serbia/photos.html")
    assert not isinstance(result, tuple) or result[0].published is None, result


def test_a_page_header_that_holds_the_storys_heading_dates_it() -> None:
    """Bootstrap's "page-header" holds a story's heading and its date: that date is the
    story's."""
    page = (
        "<html><head><title>Ambassador visits Nis</title></head><body><div class='page-header'>"
        "<h1>Ambassador visits Nis</h1><p>15 November 2025</p></div>"
        f"<div class='content'><p>{STORY}</p></div></body></html>"
    ).encode()
    result = _read(page, "https://n.example/news/ambassador-visits-nis")
    assert isinstance(result, tuple) and result[0].published == date(2025, 11, 15), result


def test_a_greek_last_update_line_dates_no_story() -> None:
    """Joomla's "modifydate" line, in Greek, under a page about bilateral relations."""
    page = _short_page(STORY, extra="<p>Τελευταία ενημέρωση 20.11.2025</p>")
    result = _read(page)
    assert isinstance(result, tuple) and result[0].published is None, result


def test_a_bold_lead_under_the_heading_is_no_heading() -> None:
    """Hungary's embassy sets each story's lead in <strong> under its <h1>: a sentence of
    dozen words, read as the story's heading, took its title and pushed its date out of
    reach."""
    page = (
        "<html><head><title>Film week | Embassy</title></head><body><article>"
        "<div class='date'>2025. 11. 20.</div><h1>Film week in Belgrade</h1>"
        "<div class='lead'><p><strong>The film week opens in the halls of the Yugoslav Film"
        " Archive.</strong></p></div>"
        f"<div class='body'><p>{STORY}</p></div></article></body></html>"
    ).encode()
    result = _read(page, "https://n.example/news/film-week-in-belgrade")
    assert isinstance(result, tuple), result
    assert (result[0].title, result[0].published) == ("Film week in Belgrade", date(2025, 11, 20))
    assert result[0].provenance["published"] is Source.DATELINE  # beside its heading


def test_a_storys_link_to_its_comments_makes_no_teaser_of_it() -> None:
    """CuteNews: the story and its "0 Comments" link in a <div>, beside a "powered by" <div>
    with its link: two short items alike, each with a link, whose reading is all theirs."""
    page = (
        "<html><head><title>Embassy</title></head><body><table><tr><td>"
        f"<div><b>Christmas concert of the community</b><br>{_notice(MIN_WORDS + 10)}<br>"
        "<a href='/index.php?subaction=showcomments&amp;id=7'>0 Comments</a><br>Posted on"
        " 12 Dec 2016 by Press Office</div><div>Content Management Powered by <a"
        " href='http://cutephp.com/'>CuteNews</a></div></td></tr></table></body></html>"
    ).encode()
    result = _read(page, "https://n.example/index.php?subaction=showfull&id=7")
    assert isinstance(result, tuple), result


JAPANESE = (
    "12月1日、大使はニシュ市を訪問し、医療機材整備計画の引渡式に出席しました。"
    "本計画では、同センターに超音波診断装置及び心電計等を整備しました。"
)


@pytest.mark.parametrize("stated", ["令和7年12月1日", "2025/12/1", "2025年12月1日"])
def test_a_japanese_story_is_read_and_dated(stated: str) -> None:
    """Japan's embassy writes no spaces between words: its stories were "0 words of prose",
    and their dates, the era's year ("令和7年" is 2025) or the year first, no dates."""
    page = (
        "<html><head><meta charset='utf-8'><title>医療機材供与式 | 在セルビア日本国大使館"
        "</title></head><body><div id='main'>"
        "<h1>ニシュ保健センターに対する医療機材供与式の開催</h1>"
        f"<p class='date'>{stated}</p><p>{JAPANESE}</p><p>{JAPANESE}</p></div></body></html>"
    ).encode()
    result = _read(page, "https://n.example/itpr_ja/11_000001_00641.html")
    assert isinstance(result, tuple), result
    assert (result[0].published, result[0].language) == (date(2025, 12, 1), "ja")


def test_a_short_japanese_notice_that_states_its_date_is_a_story() -> None:
    """A notice of one Japanese sentence, ending in "。", says what it announces."""
    notice = "年末年始の期間中、大使館は十二月二十九日から一月三日まで休館いたします。"
    page = (
        "<html><head><meta charset='utf-8'><title>年末年始の休館 | 大使館</title></head><body>"
        "<div id='main'><h1>年末年始の休館について</h1><p class='date'>令和7年12月20日</p>"
        f"<p>{notice}</p></div></body></html>"
    ).encode()
    result = _read(page, "https://n.example/itpr_ja/11_000001_00650.html")
    assert isinstance(result, tuple) and result[0].published == date(2025, 12, 20), result


def _reviewed(
    inside: str, title: str = "Minister visits Novi Sad factory - Embassy of Foo"
) -> bytes:
    return (
        f"<html><head><title>{title}</title></head><body><div class='top'><a href='/'>Home</a>"
        f" <a href='/news/'>News</a></div>{inside}<div class='footer'><p>Embassy of Foo</p>"
        "<p>Street 1, Belgrade</p></div></body></html>"
    ).encode()


@pytest.mark.parametrize(
    ("inside", "title", "published"),
    [
        # The story's heading in Bootstrap's "page-header", the site's name in the footer.
        (
            "<div class='page-header'><h1>Minister visits Novi Sad factory</h1></div>"
            f"<div class='content'><p>12 December 2025</p><p>{STORY}</p></div>",
            "Minister visits Novi Sad factory",
            date(2025, 12, 12),
        ),
        # A date under the heading in a "subheader" is the story's, no site's clock.
        (
            "<div id='content'><h1>Minister visits Novi Sad factory</h1><div class='subheader'>"
            f"Posted on 12 December 2025</div><p>{STORY}</p></div>",
            "Minister visits Novi Sad factory",
            date(2025, 12, 12),
        ),
        # A bold title that is a sentence, the page's only heading, is its title.
        (
            "<div id='content'><p><b>Ambassador Smith presented his credentials to the President"
            f" of Serbia today.</b></p><p>12.12.2025.</p><p>{STORY}</p></div>",
            "Ambassador Smith presented his credentials to the President of Serbia today.",
            date(2025, 12, 12),
        ),
        # A sentence's year before the next sentence's "March 8" is no date.
        (
            "<div id='content'><h1>Minister visits Novi Sad factory</h1><p>The holiday was"
            f" first marked here in 1999. March 8 is now a holiday.</p><p>{STORY}</p></div>",
            "Minister visits Novi Sad factory",
            None,
        ),
    ],
)
def test_the_reviews_stories_keep_their_titles_and_dates(
    inside: str, title: str, published: date | None
) -> None:
    """Pages a review of this stop's rules built to break them (the site's name read from its
    header, the site's clock, a bold lead, dates with the year first)."""
    result = _read(_reviewed(inside), "https://n.example/news/minister-visits-novi-sad-factory")
    assert isinstance(result, tuple), result
    assert (result[0].title, result[0].published) == (title, published)


def test_a_photo_handlers_pictures_make_a_gallery_and_a_storys_name_is_prose() -> None:
    """Telerik's image handler serves photos (no ASP.NET framework image); a caption that names
    the ambassador takes no words from the story's sentences that name him too."""
    figures = "".join(
        f"<figure><img src='/Telerik.Web.UI.WebResource.axd?type=rbi&amp;imgid={n}' width='400'"
        f" height='300'><figcaption>Photo {n} of 6 (Embassy photo)</figcaption></figure>"
        for n in range(6)
    )
    gallery = _reviewed(f"<div id='content'><h1>Reception at the residence</h1>{figures}</div>")
    result = _read(gallery, "https://n.example/gallery/reception")
    assert isinstance(result, Rejected) and result.reason is Reason.TOO_SHORT, result
    named = " ".join(
        f"Ambassador John Smith {what}."
        for what in (
            "visited the city of Novi Sad on Thursday",
            "met the mayor of the city",
            "opened an exhibition at the city museum",
            "met students of the university",
        )
    )
    captions = "".join(
        f"<figure><img src='/img/p{n}.jpg' width='400' height='300'><figcaption>Ambassador"
        " John Smith</figcaption></figure>"
        for n in range(4)
    )
    story = _reviewed(
        f"<div id='content'><h1>Ambassador visits Novi Sad</h1><p>12.12.2025.</p><p>{named}"
        f" {named}</p>{captions}</div>",
        "Ambassador visits Novi Sad",
    )
    assert isinstance(_read(story, "https://n.example/news/ambassador-visits-novi-sad"), tuple)


def test_teasers_each_in_no_element_of_their_own_are_a_listing() -> None:
    """Linked headings, each followed by its date and summary, side by side in one element:
    their summaries are no prose beside the teasers."""
    teasers = "".join(
        f"<h2><a href='/news/story-{n}'>Ambassador meets mayor of town number {n}</a></h2>"
        f"<p>{n + 1} December 2025</p><p>The ambassador met with local officials to discuss"
        " cooperation in trade and culture this week.</p>"
        for n in range(6)
    )
    page = (
        "<html><head><title>News - Embassy of Foo</title></head><body><div id='menu'><a"
        f" href='/'>Home</a></div><div id='content'>{teasers}</div></body></html>"
    ).encode()
    result = _read(page, "https://n.example/en/press-page")
    assert isinstance(result, Rejected) and result.reason is Reason.LISTING, result


@pytest.mark.parametrize(
    "credit",
    ["Bild {n} von 8 · © Deutsche Botschaft Belgrad", "Photo {n}/8: Embassy of Aldoria archive"],
)
def test_a_gallery_of_numbered_credits_is_too_short_for_a_story(credit: str) -> None:
    # diplo.de's picture gallery: eight lines that differ only by their numbers.
    from crawler.extraction.classify import MIN_WORDS, too_short

    lines = "\n".join(credit.format(n=n) for n in range(1, 9))
    rejected = too_short(lines)
    assert rejected is not None and rejected.reason is Reason.TOO_SHORT
    # The same words, each line its own, are prose enough.
    prose = "\n".join(f"{credit.format(n=n)} and guests {'word ' * n}" for n in range(1, 9))
    assert sum(len(line.split()) for line in prose.splitlines()) >= MIN_WORDS
    assert too_short(prose) is None


def _board_post(body: str, title: str = "세르비아 농식품 수출 협력 간담회 개최") -> str:
    """The Korean MFA's overseas board: a post's heading, its author, date and views, its text."""
    return (
        "<html lang='ko'><head><title>" + title + " | 주 세르비아 대한민국 대사관</title></head>"
        "<body><div class='sub_top'><h3>대사관 소식</h3></div><div class='board_view'>"
        f"<div class='bo_head'><h4 class='tit'>{title}</h4><ul class='info'><li>작성자 주 세르비아"
        " 대사관</li><li>작성일 2026-07-10</li><li>조회수 58</li></ul></div>"
        f"<div class='bo_con'>{body}</div></div><div class='foot'><a href='/rs-ko/list.do'>목록"
        "</a></div></body></html>"
    )


_KOREAN_POST = (
    "<p>□ 우리 대사관은 7.10.(금) 세르비아 농업부 및 주요 농식품 수출기업 관계자들과 간담회를 "
    "개최했습니다.</p><p>□ 참석자들은 한국 농식품의 세르비아 시장 진출 확대 방안과 검역 절차 "
    "간소화에 대해 의견을 나누었습니다.</p><p>□ 대사관은 앞으로도 양국 간 농업 분야 협력을 "
    "지속적으로 지원해 나갈 예정입니다.</p>"
)


@pytest.mark.parametrize(
    "query",
    ["seq=1357066", "seq=1357066&srchWord=&page=1", "page=2&id=77", "p=5&paged=2"],
)
def test_a_boards_post_opened_from_a_page_of_its_list_is_a_story(query: str) -> None:
    # The post carries the list's page it was opened from ("&page=1"): its own page still.
    [article] = extract(
        _board_post(_KOREAN_POST).encode(),
        f"https://n.example/rs-ko/brd/m_7911/view.do?{query}",
        newsroom("https://n.example/rs-ko/index.do"),
        datetime(2026, 12, 2, tzinfo=UTC),
    )
    assert isinstance(article, Article), article
    assert article.published == date(2026, 7, 10)


@pytest.mark.parametrize(
    "url",
    [
        "https://n.example/news/list.do?page=2",
        "https://n.example/news/list.do?cat_id=5&page=2",
        "https://n.example/news/list.do?year=2024&page=3",
        "https://n.example/tag/nato?p=2",
        "https://n.example/category/news/?p=3",
        "https://n.example/archive/2024?id=5",
        "https://n.example/index.php?option=com_content&view=category&id=12&Itemid=101&start=10",
    ],
)
def test_a_list_page_by_its_number_stays_a_listing(url: str) -> None:
    from crawler.extraction.classify import names_an_item

    assert not names_an_item(url)
    # An item's page names it beside the page of the list it was opened from.
    assert names_an_item("https://n.example/rs-ko/brd/m_7911/view.do?seq=1357066&page=1")
    assert not names_an_item("https://n.example/rs-ko/brd/m_7911/view.do?seq=1357066&x=1")


@pytest.mark.parametrize(
    "text",
    [
        "该文章已被删除",
        "해당게시물이 존재하지 않습니다.",
        "お探しのページが見つかりません",
    ],
)
def test_a_notice_that_its_post_is_gone_is_read_in_unspaced_scripts(text: str) -> None:
    from crawler.extraction.classify import says_gone_in

    assert says_gone_in(text)
    # ... but not in a paragraph of a story that mentions something deleted.
    story = (
        "外交部发言人表示，" + "双方就两国关系和共同关心的国际问题交换了意见，" * 6 + text + "。"
    )
    assert not says_gone_in(story)


def test_a_korean_notice_of_a_few_words_is_prose_enough() -> None:
    # Korean parts words with spaces, each holding its particles: three sentences were
    # "37 words of prose", too short, by a count of spaces.
    from crawler.extraction.elements import count_words

    text = "우리 대사관은 세르비아 농업부 관계자들과 간담회를 개최했습니다."
    assert count_words(text) > len(text.split())
    [article] = extract(
        _board_post(_KOREAN_POST).encode(),
        "https://n.example/rs-ko/brd/m_7911/view.do?seq=1357066",
        newsroom("https://n.example/rs-ko/index.do"),
        datetime(2026, 12, 2, tzinfo=UTC),
    )
    assert isinstance(article, Article), article


def test_a_boards_labelled_date_dates_a_notice_whose_text_names_days_to_come() -> None:
    notice = (
        "<p>주세르비아대한민국대사관은 연말연시를 맞아 아래와 같이 휴무합니다.</p>"
        "<p>- 휴무일: 2026.12.25.(금), 2027.1.1.(금), 2027.1.7.(목)</p><p>※ 휴무일 중 사건·사고 등 "
        "긴급상황 발생 시 긴급연락처(+381-63-108-1397)로 연락하시기 바랍니다.</p>"
    )
    [article] = extract(
        _board_post(notice, "연말연시 대사관 휴무 안내").encode(),
        "https://n.example/rs-ko/brd/m_7905/view.do?seq=1361790",
        newsroom("https://n.example/rs-ko/index.do"),
        datetime(2026, 12, 2, tzinfo=UTC),
    )
    assert isinstance(article, Article), article
    assert article.published == date(2026, 7, 10)


@pytest.mark.parametrize(
    "notice",
    ["해당 게시물이 존재하지 않거나 삭제되었습니다.", "The page you requested does not exist."],
)
def test_a_page_that_only_alerts_that_its_post_is_gone_says_so(notice: str) -> None:
    # The board's deleted post: 200, a script that alerts and goes back, and a <noscript>.
    html = (
        "<!DOCTYPE html><html lang='ko'><head><meta charset='UTF-8'><title>알림</title></head>"
        f"<body><script>alert('{notice}');history.back();</script><noscript>{notice}</noscript>"
        "</body></html>"
    )
    result = extract(
        html.encode(),
        "https://n.example/rs-ko/brd/m_7911/view.do?seq=1359140",
        newsroom("https://n.example/rs-ko/index.do"),
        datetime(2026, 12, 4, tzinfo=UTC),
    )
    assert isinstance(result, Rejected) and result.reason is Reason.GONE, result


def test_a_noscript_beside_the_pages_text_is_not_read() -> None:
    from crawler.extraction.decode import parse_page

    html = (
        "<html><body><noscript>Please enable JavaScript to view this site.</noscript>"
        "<p>The embassy is closed on Monday.</p></body></html>"
    )
    tree = parse_page(html.encode(), None)
    assert not isinstance(tree, Rejected)
    assert "JavaScript" not in tree.text_content() and "closed" in tree.text_content()


@pytest.mark.parametrize(
    ("url", "publication"),
    [
        ("https://n.example/publications/social-media-manipulation-2026/301", True),
        ("https://n.example/sr/publikacije/izvestaj-2026", True),
        ("https://n.example/news/social-media-manipulation-2026/301", False),
        # The last part names the page itself, not the folder it is filed in.
        ("https://n.example/news/publications", False),
    ],
)
def test_a_page_filed_among_publications_offering_one_is_its_page(
    url: str, publication: bool
) -> None:
    """The StratCom COE's publication pages: a cover, a line, "Download PDF", filed under
    /publications/ and labelled so only by a breadcrumb's link."""
    html = (
        "<html><head><title>Social Media Manipulation 2026 | StratCom</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/publications'>Publications</a></nav><section>"
        "<h1>Social Media Manipulation 2026</h1><div><span>Published: 11.06.2025</span></div>"
        f"<p>{_notice(NOTICE_WORDS + 10)}</p>"
        "<a class='btn' href='/cuploads/pfiles/smm_2026_report.pdf'>Download PDF</a>"
        "</section></body></html>"
    ).encode()
    result = _read(html, url)
    if publication:
        assert isinstance(result, Rejected) and "publication" in result.detail, result
    else:
        assert isinstance(result, tuple), result


@pytest.mark.parametrize("marker", ["- ", "", "• "])
def test_a_days_calendar_of_hours_is_a_list_of_items(marker: str) -> None:
    """The National Assembly's event calendar: a day and its sittings, each at its hour."""
    items = "".join(
        f"<li>{marker}{hour} - sitting of the Committee on {name} (National Assembly House, hall 2)"
        "</li>"
        for hour, name in (("10.00", "Finance"), ("12:30", "Defence"), ("14.00", "Health"))
    )
    html = (
        "<html><head><title>Event Calendar</title></head><body><main><h1>Event Calendar</h1>"
        f"<p><strong>Wednesday, 2 December 2025</strong></p><ul>{items}</ul></main></body></html>"
    ).encode()
    result = _read(html, "https://n.example/activities/event-calendar.1223.html")
    assert isinstance(result, Rejected) and result.reason is Reason.LISTING, result


@pytest.mark.parametrize(
    ("label", "story"),
    [("Početak: utorak, 1. decembar 2025. godine, u 10.00 časova", False), ("", True)],
)
def test_a_sittings_agenda_dated_by_its_start_is_no_story(label: str, story: bool) -> None:
    agenda = "".join(f"<li>Predlog zakona o budžetu za {year}. godinu</li>" for year in range(3))
    html = (
        "<html><head><title>Dnevni red sednica</title></head><body><main>"
        "<h1>Peta sednica Drugog redovnog zasedanja</h1>"
        f"<p>{label}</p><p>{_notice(MIN_WORDS + 5)}</p><ul>{agenda}</ul></main></body></html>"
    ).encode()
    result = _read(html, "https://n.example/narodna-skupstina/sednice/dnevni-red.1050.html")
    if story:
        assert isinstance(result, tuple), result
    else:
        assert isinstance(result, Rejected) and "event" in result.detail, result

"""What stands over a story's title: a category's link and the day in the newsroom's own
language, a type's plain word, a photo's credit; a short story under its own heading beside a
box of related teasers; and a call for offers filed among calls, dated as a story is."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.core.items import Article, Rejected, Source
from crawler.core.newsrooms import generic_newsroom
from crawler.extraction import extract
from crawler.extraction.body import trim

FETCHED = datetime(2026, 12, 4, 12, tzinfo=UTC)
PROSE = " ".join(
    ["The two sides discussed economic cooperation, energy and the rule of law in the region."] * 5
)


def _read(html: str, url: str, languages: tuple[str, ...] = ("en",)) -> Article | Rejected:
    result = extract(html.encode(), url, generic_newsroom(languages), FETCHED)
    return result[0] if isinstance(result, tuple) else result


def _page(head: str, body: str = f"<p>{PROSE}</p>", after: str = "", lang: str = "en") -> str:
    return (
        f"<html lang='{lang}'><head><title>Embassy</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a> <a href='/about'>About</a></nav>"
        f"<main><div class='container'>{head}<div class='text'>{body}</div></div>{after}</main>"
        "<footer>Embassy, Belgrade</footer></body></html>"
    )


AZ_TITLE = "Anım tədbiri keçirilib"


@pytest.mark.parametrize(
    ("languages", "expected"),
    [(("az", "en"), date(2026, 1, 20)), (("en",), None)],
)
def test_a_category_link_beside_the_day_above_the_heading_dates_the_story_in_its_language(
    languages: tuple[str, ...], expected: date | None
) -> None:
    # "<a>Mətbuat relizi</a> 20 yanvar 2026" under the breadcrumb: the month is Azerbaijani,
    # read where the newsroom says it writes so (dateparser), not by the month table alone.
    head = (
        "<div class='breadcrumbs'><a href='/az'>Ana səhifə</a> / <a href='/az/news'>Xəbərlər</a>"
        "</div><div class='news-info'><a href='/az/category/press'>Mətbuat relizi</a> "
        f"<span>20 yanvar 2026</span></div><h1>{AZ_TITLE}</h1>"
    )
    article = _read(_page(head, lang="az"), "https://e.example/az/news/anim-tedbiri", languages)
    assert isinstance(article, Article), article
    assert article.published == expected


def test_a_plain_type_word_over_the_day_over_the_title_dates_the_story() -> None:
    head = (
        "<div class='article-header'><div class='type'>Priča</div>"
        "<div class='date'><time>25 novembar 2026</time></div>"
        "<h1><span>Prvi koraci u vrtiću</span></h1></div>"
    )
    article = _read(_page(head, lang="sr-Latn"), "https://u.example/price/prvi-koraci")
    assert isinstance(article, Article), article
    assert article.published == date(2026, 11, 25)


def test_a_type_and_the_day_in_a_row_of_their_own_over_the_title_date_the_story() -> None:
    head = (
        "<div class='meta'><span class='type'>Story</span> <time>25 November 2026</time></div>"
        "<h1>First steps in a kindergarten</h1>"
    )
    article = _read(_page(head), "https://u.example/en/stories/first-steps")
    assert isinstance(article, Article), article
    assert article.published == date(2026, 11, 25)


@pytest.mark.parametrize(
    "above",
    [
        "<p>Thirty officers completed a training on screening. <a href='/n/1'>Read more</a></p>",
        "<p>Thirty officers completed a training on screening of migrants at the border.</p>",
    ],
)
def test_a_teasers_last_line_over_a_day_over_the_title_does_not_make_it_the_storys(
    above: str,
) -> None:
    # A summary or a link over the day: that day may be another story's, not a date line
    # beside the story's heading (a reading of the whole page may still take it).
    head = f"{above}<div class='date'>25 November 2026</div><h1>First steps</h1>"
    article = _read(_page(head), "https://u.example/en/stories/first-steps")
    assert isinstance(article, Article), article
    assert article.provenance.get("published") is not Source.DATELINE


TITLE = "Diaspora Investment Conference Held in Novi Sad"
LABELS = st.lists(
    st.sampled_from(
        ["Press Release", "Story", "© UNICEF Serbia/2026/Stanojevic", "Mətbuat relizi 20 yanvar"]
    ),
    min_size=1,
    max_size=3,
)


@given(LABELS)
def test_labels_over_the_title_are_not_the_storys_text(labels: list[str]) -> None:
    text = "\n\n".join([*labels, TITLE, PROSE])
    assert trim(text, TITLE, frozenset(), date(2026, 12, 4)) == PROSE


@pytest.mark.parametrize(
    "above",
    [
        "The conference was opened by the Minister of Diaspora in the morning.",  # a sentence
        "A B C D E F G H I",  # nine words: no label
    ],
)
def test_a_sentence_over_a_line_that_repeats_the_title_is_kept(above: str) -> None:
    text = "\n\n".join([above, TITLE, PROSE])
    assert trim(text, TITLE, frozenset(), date(2026, 12, 4)).startswith(above)


def test_labels_stand_only_within_a_few_lines_over_the_title() -> None:
    text = "\n\n".join(["Press", "Release", "Story", "Photo", TITLE, PROSE])
    assert trim(text, TITLE, frozenset(), date(2026, 12, 4)).startswith("Press")


CALL = (
    "<h1>Request for Quotation – Winter Kits</h1>",
    "<p>Posting date: 6 November 2026</p>"
    "<p>IOM Serbia invites qualified suppliers to submit quotations for 1,500 winter kits.</p>"
    "<p>Deadline: 16 November 2026.</p>",
)


@pytest.mark.parametrize(
    ("path", "story"),
    [
        ("/procurement/request-quotation-winter-kits", False),
        ("/sr/javne-nabavke/zahtev-za-ponudu-zimski-paketi", False),
        ("/vacancies/driver-vranje", False),
        # A call announced among the news is a story (an embassy's small grants).
        ("/en/news/request-quotation-winter-kits", True),
        ("/procurement/news/request-quotation-winter-kits", True),
    ],
)
def test_a_dated_call_with_a_deadline_is_a_story_only_outside_a_folder_of_calls(
    path: str, story: bool
) -> None:
    article = _read(_page(*CALL), f"https://iom.example{path}")
    assert isinstance(article, Article) is story, article


def test_a_page_filed_among_calls_without_a_deadline_is_read_as_any_other() -> None:
    head, body = CALL
    body = body.replace("<p>Deadline: 16 November 2026.</p>", "") + f"<p>{PROSE}</p>"
    article = _read(_page(head, body), "https://iom.example/procurement/winter-kits-delivered")
    assert isinstance(article, Article), article


def _teaser(n: int) -> str:
    return (
        f"<article class='teaser'><a href='/news/other-{n}'><img src='/i{n}.jpg'></a>"
        f"<time>{n} November 2026</time><h3><a href='/news/other-{n}'>Other story {n}</a></h3>"
        "<div>Thirty officers completed a three-day training on protection-sensitive screening "
        "of migrants, organized by IOM in cooperation with the Border...</div></article>"
    )


SHORT = (
    "<p>The European Union and IOM marked the end of a three-year project that improved "
    "reception capacity and services for migrants in Serbia.</p>"
    "<p>Fourteen asylum and reception centres were renovated during the project.</p>"
)


@pytest.mark.parametrize("related", [2, 3])
def test_a_short_story_under_its_own_heading_beside_related_teasers_is_a_story(
    related: int,
) -> None:
    # (Four or more such teasers, each a dated line, a title and a summary, still make the
    # reading a dated list: the reading keeps the box, `classify.dated_list` counts it.)
    html = (
        "<html lang='en'><head><title>IOM</title></head><body><main>"
        "<article class='node--view-mode-full'><h1>EU and IOM Mark Completion</h1>"
        f"<time>30 October 2026</time>{SHORT}</article>"
        f"<div class='related'><h2>Related</h2>{''.join(_teaser(n) for n in range(related))}"
        "</div></main></body></html>"
    )
    article = _read(html, "https://iom.example/news/eu-and-iom-mark-completion")
    assert isinstance(article, Article), article
    assert article.title == "EU and IOM Mark Completion"


def test_a_page_whose_heading_article_holds_the_teasers_is_a_listing() -> None:
    html = (
        "<html lang='en'><head><title>IOM</title></head><body><main>"
        f"<article><h1>News</h1>{''.join(_teaser(n) for n in range(5))}</article>"
        "</main></body></html>"
    )
    assert isinstance(_read(html, "https://iom.example/news"), Rejected)


SCHEDULE = [
    "10.00 - sitting of the Committee on Finance, State Budget and Control of Public Spending "
    "(House of the National Assembly, 13 Nikola Pasic Square, hall 2)",
    "12.30 - the Speaker of the National Assembly meets the Ambassador of Japan "
    "(House of the National Assembly, 13 Nikola Pasic Square)",
    "14:00 - press conference of a Member of Parliament in the Central Hall of the House",
    "16.15h: visit of students of the Faculty of Political Sciences to the House of the Assembly",
]


def _committee(lines: list[str]) -> str:
    box = "".join(f"<li>{line}</li>" for line in lines)
    return (
        "<html lang='en'><head><title>Committee on Diaspora</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/mps'>MPs</a> <a href='/calendar'>Calendar</a></nav>"
        "<main><h1>Committee on Diaspora and Serbs in the Region</h1>"
        "<p>Composition, competences and activities of the committee.</p></main>"
        f"<div class='calendar'><h3>Calendar</h3><p>Wednesday, 2 December</p><ul>{box}</ul></div>"
        "</body></html>"
    )


@given(st.lists(st.sampled_from(SCHEDULE), min_size=2, max_size=6))
def test_an_undated_page_whose_long_lines_are_a_days_schedule_is_no_story(
    lines: list[str],
) -> None:
    url = "https://parliament.example/assembly/committees/committee-diaspora-serbs-region.1138.html"
    assert isinstance(_read(_committee(lines), url), Rejected)


def test_paragraphs_that_open_with_the_hour_they_tell_of_are_prose() -> None:
    # A report of the day hour by hour, in paragraphs longer than a schedule's entries.
    said = [
        "The Minister said the talks on energy and the rule of law went well today, and that "
        "the two delegations agreed to meet again in Belgrade in the spring to review the "
        "progress of the joint projects.",
        "Leaders arrived at the headquarters and were greeted by the Secretary General, who "
        "thanked them for their support to the missions in the region and for the troops "
        "they contribute to the operations.",
        "The delegation of Serbia met its partners to discuss the common security policy and "
        "the dialogue between Belgrade and Pristina, which the European Union facilitates, "
        "and the next round of talks.",
    ]
    more = " Journalists followed the meeting from the press centre of the headquarters."
    entries = "".join(f"<p>{10 + n}:45 - {line}{more}</p>" for n, line in enumerate(said))
    html = (
        "<html lang='en'><head><title>Summit</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<main><h1>The summit in Brussels, hour by hour</h1>{entries}</main></body></html>"
    )
    url = "https://parliament.example/news/summit-in-brussels-hour-by-hour"
    article = _read(html, url)
    assert isinstance(article, Article), article


def _reference(published: str, updated: str, label: str = "Updated:") -> str:
    return (
        "<html lang='en'><head><title>Embassy</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/press/article'>Articles</a></nav><main>"
        "<h1>Consular registration of citizens of Kazakhstan</h1>"
        f"<div class='meta'><p>{published}, 11:00</p><p>{label} {updated}, 10:00</p></div>"
        "<div class='content'><p>Citizens of Kazakhstan residing permanently or temporarily in "
        "Serbia may register with the consulate.</p><p>The list of documents is available in "
        "the Consular issues section.</p></div></main></body></html>"
    )


@pytest.mark.parametrize(
    ("published", "updated", "label", "story"),
    [
        ("14 March 2025", "1 September 2026", "Updated:", False),
        ("14 марта 2025", "1 сентября 2026", "Обновлено:", False),  # read in the newsroom's ru
        ("14 November 2026", "20 November 2026", "Updated:", True),  # a notice corrected
        ("14 March 2025", "1 September 2025", "Updated:", True),  # 171 days: not half a year
    ],
)
def test_a_short_page_updated_half_a_year_after_its_day_is_a_reference_not_a_notice(
    published: str, updated: str, label: str, story: bool
) -> None:
    url = "https://gov.example/entities/embassy/press/article/details/77302?lang=en"
    article = _read(_reference(published, updated, label), url, ("en", "ru"))
    assert isinstance(article, Article) is story, article


QUERY_PAGE = (
    "<html lang='{own}'><head><title>News</title></head><body><div class='lang'>{links}</div>"
    "<main><h1>Ambassador met the Minister of Trade</h1><p>10 November 2026</p>"
    f"<p>{PROSE}</p></main></body></html>"
)


@given(
    st.sampled_from(["lang", "language", "langTag", "culture"]),
    st.lists(
        st.sampled_from(["en", "ru", "kk", "bs-BA", "hr-HR", "sr-SP-Cyrl", "de"]),
        min_size=2,
        max_size=4,
        unique=True,
    ),
    st.sampled_from(["Eng", "Рус", "Қаз", "•"]),
)
def test_links_to_the_page_but_for_a_language_in_its_query_are_its_translations(
    field: str, values: list[str], text: str
) -> None:
    own, others = values[0], values[1:]
    links = "".join(
        f"<a href='/press/news/details/1189001?{field}={value}'>{text}</a>" for value in values
    )
    url = f"https://gov.example/press/news/details/1189001?{field}={own}"
    article = _read(QUERY_PAGE.format(own=own, links=links), url)
    assert isinstance(article, Article), article
    named = dict(article.translations)
    for value in others:
        assert f"https://gov.example/press/news/details/1189001?{field}={value}" in named
    assert url not in named


@pytest.mark.parametrize(
    ("own", "link"),
    [
        ("?id=1189001&lang=en", "/press/news/details?id=1189002&lang=en"),  # another item
        ("?lang=en", "/press/news/details/other?lang=ru"),  # another page
        ("?id=5", "/press/news/details?id=6"),  # no language in the query
        ("?lang=en", "/press/news/details?lang=xx"),  # no language's code
        ("?lang=en", "/press/news/details"),  # the page without its language
    ],
)
def test_a_link_that_changes_more_than_the_language_in_the_query_is_no_translation(
    own: str, link: str
) -> None:
    url = f"https://gov.example/press/news/details{own}"
    html = QUERY_PAGE.format(own="en", links=f"<a href='{link}'>Рус</a>")
    article = _read(html, url)
    assert isinstance(article, Article), article
    assert article.translations == ()


@pytest.mark.parametrize(
    "query", ["pageNumber=2&pageSize=12", "pageIndex=3", "page_no=2", "currentPage=4"]
)
def test_a_pagers_field_names_a_listing_page(query: str) -> None:
    html = QUERY_PAGE.format(own="sr", links="")
    rejected = _read(html, f"https://gov.example/lat/vesti?{query}")
    assert isinstance(rejected, Rejected), rejected


def _album(n: int) -> str:
    return (
        f"<div class='col-md-3'><a href='/gallery/{n}/1.jpg'><img src='/gallery/{n}/t.jpg'></a>"
        f"<p>Pokrajinska vlada utvrdila predlog odluke o budžetu broj {n} za 2027. godinu</p>"
        f"<span>0{n}.11.2026.</span></div>"
    )


def test_a_gallerys_albums_each_dated_under_its_title_are_a_list() -> None:
    html = (
        "<html lang='sr'><head><title>Galerija</title></head><body><main><h2>Galerija</h2>"
        f"<div class='row'>{''.join(_album(n) for n in range(1, 9))}</div></main></body></html>"
    )
    assert isinstance(_read(html, "https://gov.example/lat/galerija"), Rejected)


def test_a_short_notice_dated_under_its_title_is_a_story() -> None:
    html = (
        "<html lang='en'><head><title>Notice</title></head><body><main>"
        "<h1>Consular section closed on Monday</h1><p>02.12.2026.</p>"
        "<p>The consular section of the Embassy will be closed on Monday, 7 December, for the "
        "national holiday.</p></main></body></html>"
    )
    article = _read(html, "https://embassy.example/en/news/consular-section-closed-on-monday")
    assert isinstance(article, Article), article

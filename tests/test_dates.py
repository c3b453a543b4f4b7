"""Dates in a story's text (`crawler.extraction.dates`): stated dates in English and Serbian
(both scripts) are found, read in the newsroom's zone and never after the fetch; months of the
newsroom's other languages through dateparser; no text makes it crash or return a date that
does not exist."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crawler.extraction.dates import _MONTH_NAMES, find_date, find_stated_date, parse_datetime


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Brussels, 15. November 2017 - NATO Secretary General", date(2017, 11, 15)),
        ("Brussles, 23 November 2017 - As part of his visit", date(2017, 11, 23)),
        ("Belgrade, 12 October 2017 -  President", date(2017, 10, 12)),
        ("Brussels, 23 Nov 2016 – Prime Minister", date(2016, 11, 23)),
        ("Брисел, 24. мај 2022. - Министар", date(2022, 5, 24)),
        ("Beograd, 4. juna 2021. godine", date(2021, 6, 4)),
        ("13. juni 2025. god.", date(2025, 6, 13)),  # Bosnian, as German and Dutch
        ("4. juli 2021", date(2021, 7, 4)),
        ("Jun 4 2021", date(2021, 6, 4)),
        ("June 4, 2021", date(2021, 6, 4)),
        ("20 Nov. 2015 -", date(2015, 11, 20)),
        ("publié le 1er octobre 2025", date(2025, 10, 1)),  # French writes the first so
        ("15.11.2017.", date(2017, 11, 15)),
        ("2017-11-15T10:20:00Z", date(2017, 11, 15)),
        ("2026. 12. 14.", date(2026, 12, 14)),  # the year first: Hungarian
        ("2026.12.14.", date(2026, 12, 14)),
        ("2026. november 20. 10:30", date(2026, 11, 20)),
        ("令和8年12月1日", date(2026, 12, 1)),  # Japanese: the era's year
        ("平成元年1月8日", date(1989, 1, 8)),  # its first year is "元"
        ("2026年11月27日", date(2026, 11, 27)),
        ("2026/11/27", date(2026, 11, 27)),
        ("2026/12/1", date(2026, 12, 1)),
    ],
)
def test_finds_stated_dates(text: str, expected: date) -> None:
    found = find_date(text)
    assert found is not None and found.day == expected


@pytest.mark.parametrize(
    "text",
    [
        "BELGRADE, June 4 - Council for Strategic Policy",  # no year: never guessed
        "31 June 2020",  # no such day
        "in 2017 the Alliance",
        "Phone: +32 2 707 79 81",
        "version 2019.1.2 of the form",  # a version's number, without a date's last stop
        "update the app to version 2024.3.1.",  # ... or with it: no spaces, one digit
        "signed in 2019. March 8 is a holiday",  # a sentence's year, the next one's day
        "",
    ],
)
def test_no_complete_date_is_no_date(text: str) -> None:
    assert find_date(text) is None


def test_dates_after_the_fetch_are_not_publication_dates() -> None:
    assert find_date("Exercise planned for 15 May 2031", latest=date(2026, 11, 24)) is None
    assert find_date("Held on 15 May 2021", latest=date(2026, 11, 24)) is not None


def test_stated_times_are_read_in_the_newsroom_zone() -> None:
    when = parse_datetime("Last updated: 20 Nov. 2015 12:43", zone="Europe/Brussels")
    assert when == datetime(2015, 11, 20, 11, 43, tzinfo=UTC)
    assert when is not None and when.tzinfo is not None


MONTH_NAMES = st.sampled_from(
    [(month, name) for month, names in _MONTH_NAMES.items() for name in names]
)


@given(
    day=st.dates(min_value=date(1995, 1, 1), max_value=date(2030, 12, 31)),
    name=MONTH_NAMES,
    style=st.sampled_from(["{d}. {m} {y}.", "{d} {m} {y}", "{m} {d}, {y}", "{d}. {M} {y}"]),
    prefix=st.sampled_from(["", "Brussels, ", "Београд, ", "Posted "]),
)
def test_any_written_date_is_found(
    day: date, name: tuple[int, str], style: str, prefix: str
) -> None:
    month, word = name
    day = day.replace(day=min(day.day, 28), month=month)
    text = prefix + style.format(d=day.day, m=word, M=word.capitalize(), y=day.year) + " - news"
    found = find_date(text)
    assert found is not None
    assert found.day == day


@given(st.text())
def test_never_crashes_and_only_returns_real_dates(text: str) -> None:
    found = find_date(text)
    if found is not None:
        assert 1900 <= found.day.year <= 2099
        assert found.time is None or isinstance(found.time, time)


#: Serbian months as pages write them, written out here rather than read from the table:
#: Latin and Cyrillic, nominative ("15. novembar 2017.") and genitive ("15. novembra 2017.").
SERBIAN_MONTHS = [
    (month, name)
    for names in (
        "januar februar mart april maj jun jul avgust septembar oktobar novembar decembar",
        "januara februara marta aprila maja juna jula avgusta septembra oktobra novembra decembra",
        "јануар фебруар март април мај јун јул август септембар октобар новембар децембар",
        "јануара фебруара марта априла маја јуна јула августа септембра октобра новембра децембра",
    )
    for month, name in enumerate(names.split(), start=1)
]


@given(
    day=st.dates(min_value=date(1995, 1, 1), max_value=date(2026, 12, 31)),
    month=st.sampled_from(SERBIAN_MONTHS),
    style=st.sampled_from(["{d}. {m} {y}.", "{d}. {M} {y}. godine", "{d} {m} {y}"]),
    around=st.sampled_from(["{}", "Beograd, {} - ", "Објављено: {}", "Posted on {} by admin"]),
)
def test_every_serbian_month_is_read_in_both_scripts_and_cases(
    day: date, month: tuple[int, str], style: str, around: str
) -> None:
    number, word = month
    day = day.replace(day=min(day.day, 28), month=number)
    stated = style.format(d=day.day, m=word, M=word.capitalize(), y=day.year)
    found = find_stated_date(around.format(stated), languages=("sr-Latn", "sr-Cyrl", "en"))
    assert found is not None and found.day == day


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("29. jun 2017.", date(2017, 6, 29)),
        ("15. November 2017", date(2017, 11, 15)),
        ("Nov 15, 2017", date(2017, 11, 15)),
        ("15.11.2017", date(2017, 11, 15)),
        ("Posted on 15 Nov 2017 by admin", date(2017, 11, 15)),
        ("Tuesday, September 19, 2017 | Category: Club News", date(2017, 9, 19)),
        ("Objavljeno 3. julija 2018", date(2018, 7, 3)),  # Slovene genitive
    ],
)
def test_the_forms_old_templates_state_are_read(text: str, expected: date) -> None:
    found = find_stated_date(text, languages=("en",))
    assert found is not None and found.day == expected


@pytest.mark.parametrize(
    ("text", "languages", "expected"),
    [
        ("Veröffentlicht am 15. März 2017", ("de",), date(2017, 3, 15)),
        ("Опубликовано 12 июля 2017", ("ru", "en"), date(2017, 7, 12)),
        ("Pubblicato il 17 ottobre 2017", ("it",), date(2017, 10, 17)),
        # Not one of the newsroom's languages: not read (no guessing, which is slow).
        ("Veröffentlicht am 15. März 2017", (), None),
        ("Veröffentlicht am 15. März 2017", ("sr-Latn", "en"), None),
        # A word in the month's place that is no month in any of them.
        ("Room 15 Wing 2017", ("de", "en"), None),
    ],
)
def test_months_of_the_newsrooms_other_languages_are_read_by_dateparser(
    text: str, languages: tuple[str, ...], expected: date | None
) -> None:
    found = find_stated_date(text, languages=languages)
    assert (found.day if found else None) == expected


#: Months in the other forms a date can be written in, to state dates after the fetch in.
OTHER_MONTHS = {
    language: names.split()
    for language, names in {
        "en": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
        "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
        "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    }.items()
}


@given(
    stated=st.dates(min_value=date(1995, 1, 1), max_value=date(2035, 12, 31)),
    latest=st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
    style=st.sampled_from(
        ["{d}. {sr} {y}.", "{d}.{n}.{y}", "{en} {d}, {y}", "{d}. {de} {y}", "{d} {ru} {y}"]
    ),
)
def test_no_date_after_the_fetch_is_ever_returned(stated: date, latest: date, style: str) -> None:
    """The fetch date bounds every date read; a day's grace allows for the newsroom's zone
    being ahead of UTC (a story of 00:30 local on the 2nd, fetched at 23:30 UTC on the 1st)."""
    stated = stated.replace(day=min(stated.day, 28))
    month = stated.month - 1
    text = "Posted " + style.format(
        d=stated.day,
        n=stated.month,
        y=stated.year,
        sr=SERBIAN_MONTHS[12 + month][1],
        **{language: names[month] for language, names in OTHER_MONTHS.items()},
    )
    found = find_stated_date(text, latest, languages=("de", "ru", "sr-Latn", "en"))
    if stated <= latest:
        assert found is not None and found.day == stated
    else:
        assert found is None or found.day <= latest + timedelta(days=1)


@given(st.dates(min_value=date(1995, 1, 1), max_value=date(2030, 12, 31)))
def test_slashed_dates_are_read_only_where_their_order_shows(day: date) -> None:
    """16/04/2024 is day first and 11/15/2017 month first; 03/04/2024 could be either, and
    no date is better than a guess."""
    day_first = find_date(f"Published on: {day.day:02}/{day.month:02}/{day.year} | News")
    month_first = find_date(f"Posted {day.month}/{day.day}/{day.year}")
    if day.day > 12 or day.day == day.month:
        assert day_first is not None and day_first.day == day
        assert month_first is not None and month_first.day == day
    else:
        assert day_first is None and month_first is None


@given(
    st.dates(min_value=date(1995, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(min_value=0, max_value=400),
)
def test_a_slashed_date_either_way_round_is_the_reading_not_in_the_future(
    day: date, days_later: int
) -> None:
    """03/04/2024 read on 20 March 2024 is 4 March (3 April is still to come); read in May,
    either could be meant, and it is no date."""
    latest = day + timedelta(days=days_later)
    found = find_date(f"Published on: {day.day:02}/{day.month:02}/{day.year}", latest)
    if day.day > 12 or day.day == day.month:
        assert found is not None and found.day == day
        return
    other = date(day.year, day.day, day.month)  # the month first
    if other <= latest + timedelta(days=1):
        assert found is None
    else:
        assert found is not None and found.day == day


@pytest.mark.parametrize(
    "head",
    [
        "<title>Reception at the residence, 28.10.2024</title>",  # an event's day in the title
        "<title>Reception</title><link rel='stylesheet' href='/s.css?v=2023-01-05T10:00:00'>",
        "<title>Reception</title><meta name='description' content='Reception at the residence'>",
    ],
)
@pytest.mark.parametrize(
    "stated",
    [
        "<meta itemprop='datePublished' content='2024-10-30'>",
        "<p class='date'>30.10.2024</p>",
    ],
)
def test_a_date_the_story_states_outranks_what_else_its_head_holds(head: str, stated: str) -> None:
    # The page's <head> is asked for its metadata's date before the boxes beside the story
    # are taken out: only its meta tags and JSON-LD answer then, not a date in its <title>.
    from crawler.extraction import extract
    from tests.support.loopback_crawls import newsroom

    prose = "<p>" + "The ambassador hosted guests from the diplomatic corps. " * 12 + "</p>"
    html = (
        f"<html><head>{head}</head><body><div id='main'><h1>Reception at the residence</h1>"
        f"{stated}{prose}{prose}</div></body></html>"
    )
    [article] = extract(
        html.encode(),
        "https://n.example/en/news/reception-at-the-residence",
        newsroom("https://n.example/"),
        datetime(2024, 12, 1, tzinfo=UTC),
    )
    assert getattr(article, "published", None) == date(2024, 10, 30)


def test_a_date_the_head_states_in_its_metadata_is_read_without_the_body() -> None:
    from crawler.extraction import extract
    from tests.support.loopback_crawls import newsroom

    prose = "<p>" + "The ambassador hosted guests from the diplomatic corps. " * 12 + "</p>"
    html = (
        "<html><head><title>Reception</title><meta property='article:published_time' "
        "content='2024-10-29T09:00:00+01:00'></head><body><div id='main'><h1>Reception</h1>"
        f"{prose}{prose}</div><aside class='related'><p>30.10.2024</p></aside></body></html>"
    )
    [article] = extract(
        html.encode(),
        "https://n.example/en/news/reception",
        newsroom("https://n.example/"),
        datetime(2024, 12, 1, tzinfo=UTC),
    )
    assert getattr(article, "published", None) == date(2024, 10, 29)


@given(st.integers(1, 12), st.integers(1, 12), st.integers(2000, 2025))
def test_a_date_either_order_reads_is_read_the_day_first_only_when_asked(
    day: int, month: int, year: int
) -> None:
    text = f"{day:02d}/{month:02d}/{year}"
    stated = find_date(text, date(2026, 12, 1), day_first=True)
    assert stated is not None and stated.day == date(year, month, day)
    if day != month:  # either order is a day before the latest: no guess
        assert find_date(text, date(2026, 12, 1)) is None


@pytest.mark.parametrize("lang", ["fr", "de", "sr-Latn"])
def test_a_page_kept_up_to_date_states_when_in_its_languages_order(lang: str) -> None:
    # ambafrance's consular page: "Dernière modification : 05/11/2024" and no publication,
    # a page kept up to date (never a story at an address named like one).
    from crawler.extraction import extract
    from tests.support.loopback_crawls import newsroom

    prose = "<p>" + "L’inscription au registre est facultative mais recommandée. " * 10 + "</p>"
    html = (
        f"<html lang='{lang}'><head><title>Inscription au registre</title></head><body>"
        f"<article><h1>Inscription au registre</h1>{prose}{prose}"
        "<p class='maj'>Dernière modification : 05/11/2024</p></article></body></html>"
    )
    [article] = extract(
        html.encode(),
        "https://n.example/Inscription-au-registre-des-Francais-etablis-hors-de-France",
        newsroom("https://n.example/"),
        datetime(2026, 12, 1, tzinfo=UTC),
    )
    assert getattr(article, "published", None) is None
    stated = getattr(article, "updated", None)
    assert stated is not None and stated.date() == date(2024, 11, 5)


def test_an_update_line_htmldate_does_not_read_still_makes_a_page_kept_up_to_date(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # On SPIP's consular page htmldate read no date at all: the update line alone says when.
    import crawler.extraction.assemble as assemble
    from crawler.extraction import extract
    from tests.support.loopback_crawls import newsroom

    monkeypatch.setattr(assemble, "boxless_date", lambda page: None)
    prose = "<p>" + "L’inscription au registre est facultative mais recommandée. " * 10 + "</p>"
    html = (
        "<html lang='fr'><head><title>Inscription au registre</title></head><body>"
        f"<article><h1>Inscription au registre</h1>{prose}{prose}"
        "<p class='maj'>Dernière modification : 05/11/2024</p></article></body></html>"
    )
    [article] = extract(
        html.encode(),
        "https://n.example/Inscription-au-registre-des-Francais-etablis-hors-de-France",
        newsroom("https://n.example/"),
        datetime(2026, 12, 1, tzinfo=UTC),
    )
    assert getattr(article, "published", None) is None
    assert getattr(article, "updated", None) == datetime(2024, 11, 5, tzinfo=UTC)


@given(st.integers(1, 12), st.integers(13, 28), st.integers(2000, 2025))
def test_a_date_of_three_numbers_parted_by_spaces_is_read_where_the_order_shows(
    month: int, day: int, year: int
) -> None:
    # NCIA's cards: "06 28 2022"; either order reads the day over 12 as the day.
    expected = date(year, month, day)
    for text in (f"{month:02d} {day:02d} {year}", f"{day:02d} {month:02d} {year}"):
        stated = find_date(text, date(2026, 12, 1))
        assert stated is not None and stated.day == expected
    assert find_date(f"Call 0{month:02d} {day:02d} {year}", date(2026, 12, 1)) is None
    assert find_date(f"Tel. +381 {month:02d} {day:02d} {year}", date(2026, 12, 1)) is None
    assert find_date(f"{month:02d} {day:02d} {year} 44", date(2026, 12, 1)) is None


def test_a_day_stated_above_the_story_and_in_its_update_line_is_its_publication() -> None:
    # Published and last changed the same day, 05/11/2024 read either way: the line above the
    # heading states it too, so it is the story's date, not an update's.
    from crawler.extraction import extract
    from tests.support.loopback_crawls import newsroom

    prose = "<p>" + "L’ambassadrice a reçu les représentants de la communauté. " * 10 + "</p>"
    html = (
        "<html lang='fr'><head><title>Réception à la Résidence</title></head><body><article>"
        f"<p class='date'>05/11/2024</p><h1>Réception à la Résidence</h1>{prose}{prose}"
        "<p class='maj'>Dernière modification : 05/11/2024</p></article></body></html>"
    )
    [article] = extract(
        html.encode(),
        "https://n.example/Reception-a-la-Residence",
        newsroom("https://n.example/"),
        datetime(2026, 12, 1, tzinfo=UTC),
    )
    assert getattr(article, "published", None) == date(2024, 11, 5)


@given(st.dates(min_value=date(1995, 1, 1), max_value=date(2030, 12, 28)), st.sampled_from("/|"))
def test_a_year_set_apart_by_a_stroke_still_closes_its_date(day: date, stroke: str) -> None:
    """The Russian MFA's missions write "17 ноября / 2026": the year after a stroke."""
    russian = OTHER_MONTHS["ru"][day.month - 1]
    found = find_stated_date(f"{day.day} {russian} {stroke} {day.year}", languages=("ru",))
    assert found is not None and found.day == day
    english = find_stated_date(f"{day.day} {_MONTH_NAMES[day.month][0]} {stroke} {day.year}")
    assert english is not None and english.day == day
    # A stroke between two numbers is a date's own: "12/11/2026" is no year set apart.
    assert find_stated_date(f"News {stroke} {day.year} archive") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Foilsithe: 24 Meán Fómhair 2026", date(2026, 9, 24)),
        ("3 Deireadh Fómhair 2025", date(2025, 10, 3)),
        ("2 Nollaig 2026", date(2026, 12, 2)),
    ],
)
def test_a_months_name_of_two_words_is_read(text: str, expected: date) -> None:
    """Irish names two months in two words: "Meán Fómhair", "Deireadh Fómhair"."""
    found = find_stated_date(text, languages=("en", "ga"))
    assert found is not None and found.day == expected

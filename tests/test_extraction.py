"""Extraction over stored pages with expected JSON (tests/extraction/<family>/*.json).

Record a new case with ``python -m tests.record_extraction`` and read it before committing.
"""

from __future__ import annotations

import json
import pickle
import re
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, date, datetime
from multiprocessing import get_context
from pathlib import Path

import pytest

from crawler.extraction import extract
from crawler.items import Rejected
from tests.conftest import ROOT
from tests.record_extraction import CASES, newsroom_for, run_case

CASE_FILES = sorted(CASES.glob("*/*.json"))
FETCHED = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_extraction_matches_the_recorded_case(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    assert run_case(case) == case["expected"]


def test_every_family_has_cases() -> None:
    assert {p.parent.name for p in CASE_FILES} == {"cutenews", "nato-mlo", "nato-hq", "generic"}


def _page(relative: str) -> bytes:
    return (ROOT / relative).read_bytes()


HQ_PAGE = "crawler/demo_sites/nato-hq/pages/en/news_125357.html"
HQ_URL = "https://www.nato.int/cps/en/natohq/news_125357.htm"


def test_extraction_is_picklable_and_runs_in_a_worker_process() -> None:
    newsroom = newsroom_for("nato-hq")
    assert pickle.loads(pickle.dumps(extract)) is extract
    args = (_page(HQ_PAGE), HQ_URL, newsroom, FETCHED, "text/html; charset=utf-8")
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        remote = pool.submit(extract, *args).result(timeout=120)
    assert remote == extract(*args)


def test_the_fetch_time_bounds_dates_and_nothing_else_reads_the_clock() -> None:
    newsroom = newsroom_for("nato-hq")
    page = _page(HQ_PAGE)
    early = extract(page, HQ_URL, newsroom, datetime(2015, 11, 1, tzinfo=UTC))
    late = extract(page, HQ_URL, newsroom, FETCHED)
    assert not isinstance(early, Rejected) and not isinstance(late, Rejected)
    assert early[0].published is None  # a stated date after the fetch is no publication date
    assert late[0].published is not None
    assert early[0].text == late[0].text


def test_a_layout_change_falls_back_to_reading_the_whole_page() -> None:
    page = _page(
        "crawler/demo_sites/nato-mlo-belgrade/pages/en/"
        "2021-serbia-and-nato--partnership-for-the-future.html"
    )
    redesigned = page.replace(b"news-title", b"headline").replace(b"news-text", b"copy")
    url = (
        "https://jfcnaples.nato.int/mlo_belgrade/newsroom/news-archive/2021/"
        "serbia-and-nato--partnership-for-the-future"
    )
    result = extract(redesigned, url, newsroom_for("nato-mlo"), FETCHED, "text/html; charset=utf-8")
    assert not isinstance(result, Rejected)
    assert "Council for Strategic Policy organized the Conference" in result[0].text
    assert result[0].title


def test_a_charset_declared_only_in_meta_is_honoured() -> None:
    page = _page("crawler/demo_sites/rs-mission-nato/pages/en-showfull-1507815307.html")
    assert b"\xe8" in page  # cp1250 bytes for "č"
    result = extract(
        page,
        "http://nato-brussels.mfa.gov.rs/index.php?subaction=showfull&id=1507815307",
        newsroom_for("cutenews"),
        FETCHED,
        "text/html",
    )
    assert not isinstance(result, Rejected)
    assert "Vučić" in result[0].title


def test_a_start_page_is_never_a_story_itself_but_its_full_stories_are_read() -> None:
    # A newsroom whose start page is an article-shaped "about" page must not store it.
    page = _page(HQ_PAGE)
    newsroom = newsroom_for("generic")
    assert not isinstance(extract(page, HQ_URL, newsroom, FETCHED), Rejected)
    listing = extract(page, HQ_URL, newsroom, FETCHED, listing=True)
    assert isinstance(listing, Rejected) and listing.reason == "listing"
    # CuteNews shows whole stories on its front page: they are still read from the start page.
    front = _page("crawler/demo_sites/rs-mission-nato/pages/en-index.html")
    stories = extract(
        front, "http://nato-brussels.mfa.gov.rs/", newsroom_for("cutenews"), FETCHED, listing=True
    )
    assert not isinstance(stories, Rejected) and len(stories) == 4


PROSE = " ".join(
    "The delegation discussed cooperation in civil emergency planning and training."
    for _ in range(8)
)


@pytest.mark.parametrize(
    ("head", "body_title", "expected"),
    [
        # The site's name alone in <title>: the heading names the story.
        ("<title>Ministry of Defence</title>", "<h1>Minister visits Brussels</h1>", None),
        # "Story | Site": the story's part, even when only one part is left.
        ("<title>Minister visits Brussels | Ministry of Defence</title>", "", None),
        # og:title beats a <title> that is only the site's name.
        (
            '<title>Ministry of Defence</title><meta property="og:title" '
            'content="Minister visits Brussels">',
            "",
            None,
        ),
        # Nothing but the site's name anywhere: no story title, no story.
        ("<title>Ministry of Defence</title>", "", "no-title"),
    ],
)
def test_a_generic_page_finds_its_title_past_the_site_name(
    head: str, body_title: str, expected: str | None
) -> None:
    html = (
        f'<html><head>{head}<meta property="og:site_name" content="Ministry of Defence"></head>'
        f"<body><article>{body_title}<p>{PROSE}</p><p>{PROSE}</p></article></body></html>"
    ).encode()
    result = extract(html, "https://mod.example/news/visit", newsroom_for("generic"), FETCHED)
    if expected is None:
        assert not isinstance(result, Rejected)
        assert result[0].title == "Minister visits Brussels"
    else:
        assert isinstance(result, Rejected) and result.reason == expected


@pytest.mark.parametrize(
    ("opening", "expected"),
    [
        ("Oberammergau, 21 June 2017 - ", date(2017, 6, 21)),
        ("BEOGRAD, 21. jun 2017. - ", date(2017, 6, 21)),
        # A sentence that mentions a date before a dash is no dateline.
        ("The course that opened on 3 June 2017 - the largest yet - ", None),
        ("Officers, who had trained together since 3 June 2017 - ", None),
    ],
)
def test_only_a_place_and_a_date_opening_the_story_are_a_dateline(
    opening: str, expected: date | None
) -> None:
    page = _page("crawler/demo_sites/rs-mission-nato/pages/en-showfull-1498035900.html")
    start = b'Verdana;">A group of twelve officers'
    assert start in page
    dated = page.replace(start, b'Verdana;">' + opening.encode("cp1250") + b"A group", 1)
    url = "http://nato-brussels.mfa.gov.rs/index.php?subaction=showfull&id=1498035900"
    result = extract(dated, url, newsroom_for("cutenews"), FETCHED, "text/html")
    assert not isinstance(result, Rejected)
    assert result[0].published == expected


CYRILLIC_PAGE = "crawler/demo_sites/rs-mission-nato/pages/cir-showfull-1518714300.html"
CYRILLIC_URL = "http://nato-brussels.mfa.gov.rs/cir/index.php?subaction=showfull&id=1518714300"


@pytest.mark.parametrize(
    ("content_type", "strip_meta"),
    [
        ("text/html; charset=utf-8", False),  # a server header the bytes contradict
        ("text/html; charset=utf-8", True),  # ... and no <meta> to go by: the bytes tell
        ("text/html", False),  # only the page's own <meta>
    ],
)
def test_a_charset_the_bytes_contradict_is_not_believed(
    content_type: str, strip_meta: bool
) -> None:
    page = _page(CYRILLIC_PAGE)
    assert b"windows-1251" in page
    if strip_meta:
        page = re.sub(rb"<meta[^>]*charset[^>]*>", b"", page, flags=re.IGNORECASE)
    result = extract(page, CYRILLIC_URL, newsroom_for("cutenews"), FETCHED, content_type)
    assert not isinstance(result, Rejected)
    assert "\ufffd" not in result[0].text + result[0].title
    assert result[0].language == "sr-Cyrl"
    assert "Република" in result[0].text or "Републик" in result[0].title + result[0].text

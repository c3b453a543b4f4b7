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
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml.html import document_fromstring

from crawler.core.items import Rejected
from crawler.extraction import extract
from crawler.extraction.body import in_page_order
from tests.record_extraction import CASES, newsroom_for, run_case
from tests.support.cli import ROOT
from tests.support.pages import padded

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


HQ_PAGE = "crawler/snapshots/demo_sites/nato-hq/pages/en/news_125357.html"
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
        "crawler/snapshots/demo_sites/nato-mlo-belgrade/pages/en/"
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
    page = _page("crawler/snapshots/demo_sites/rs-mission-nato/pages/en-showfull-1507815307.html")
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
    front = _page("crawler/snapshots/demo_sites/rs-mission-nato/pages/en-index.html")
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
        # "Site: Story", as Blogger writes it.
        ("<title>Ministry of Defence: Minister visits Brussels</title>", "", None),
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
    page = _page("crawler/snapshots/demo_sites/rs-mission-nato/pages/en-showfull-1498035900.html")
    start = b'Verdana;">A group of twelve officers'
    assert start in page
    dated = page.replace(start, b'Verdana;">' + opening.encode("cp1250") + b"A group", 1)
    url = "http://nato-brussels.mfa.gov.rs/index.php?subaction=showfull&id=1498035900"
    result = extract(dated, url, newsroom_for("cutenews"), FETCHED, "text/html")
    assert not isinstance(result, Rejected)
    assert result[0].published == expected


CYRILLIC_PAGE = "crawler/snapshots/demo_sites/rs-mission-nato/pages/cir-showfull-1518714300.html"
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


# -- content faults: huge, malformed, undated, empty and binary pages -----------------------

FAULTS = "tests/faults/content/nato-hq/pages/en/"
FAULT_URL = "https://www.nato.int/cps/en/natohq/news_{}.htm"


@pytest.mark.parametrize("family", ["nato-hq", "generic"])
def test_a_5_mb_page_with_the_story_in_it_is_read(family: str) -> None:
    page = padded(_page(FAULTS + "news_900001.html"))
    assert 5 * 2**20 < len(page) < 8 * 2**20  # between DOWNLOAD_WARNSIZE and DOWNLOAD_MAXSIZE
    result = extract(page, FAULT_URL.format(900001), newsroom_for(family), FETCHED)
    assert not isinstance(result, Rejected)
    [article] = result
    assert article.title == "Allies review air policing over the Baltic region"
    assert article.text.startswith("Air forces of six Allies met at NATO Headquarters")
    assert "tracking" not in article.text and "Related topic" not in article.text
    assert "old layout" not in article.text


@pytest.mark.parametrize("family", ["nato-hq", "generic"])  # its selectors, or trafilatura
def test_a_word_paste_in_malformed_html_is_read_as_plain_paragraphs_without_a_guessed_date(
    family: str,
) -> None:
    page = _page(FAULTS + "news_900002.html")
    assert b"<o:p>" in page and b"mso-" in page and b"<![if !supportLists]>" in page
    assert b'<span class="date">10 Dec. 2015</span>' in page  # a related story's date
    result = extract(page, FAULT_URL.format(900002), newsroom_for(family), FETCHED)
    assert not isinstance(result, Rejected)
    [article] = result
    assert article.title == "Defence planners discuss reform with partners"
    assert article.published is None  # the page states none: none is stored, none is guessed
    for residue in ("mso-", "o:p", "[if", "endif", "WordDocument", "MsoNormal", "<", "&nbsp;"):
        assert residue not in article.text
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0].startswith("Brussels – Defence planners")
    assert paragraphs[-1] == "with the support of the Partnership for Peace Trust Fund."
    # Unclosed <p>, <b> and <font> do not swallow the related-news box into the story.
    assert "Building Integrity conference" not in article.text


BINARIES = {
    "pdf": _page(FAULTS + "news_900004.pdf"),
    "png": _page(FAULTS + "news_900005.png"),
    "jpeg": b"\xff\xd8\xff\xe0" + b"<title>JFIF</title>" + bytes(range(32, 256)) * 40,
    "zip": b"PK\x03\x04" + b"<html><title>Office document</title>" + b"x" * 4000,
    "mp4": b"\x00\x00\x00\x18ftypmp42" + b"<title>video</title>" * 200,
    "controls": b"<html><title>Dump</title><p>" + bytes(range(1, 32)) * 300 + b"</p></html>",
}


@pytest.mark.parametrize("kind", sorted(BINARIES))
def test_binary_served_as_html_is_no_story(kind: str) -> None:
    result = extract(
        BINARIES[kind], FAULT_URL.format(900004), newsroom_for("nato-hq"), FETCHED, "text/html"
    )
    assert isinstance(result, Rejected) and result.reason == "not-html"


def test_a_page_with_a_few_stray_control_characters_is_still_read() -> None:
    page = _page(HQ_PAGE).replace(b"<p>", b"<p>\x0b\x01", 3)  # what a Word paste leaves
    result = extract(page, HQ_URL, newsroom_for("nato-hq"), FETCHED, "text/html; charset=utf-8")
    assert not isinstance(result, Rejected)
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", result[0].text)


def _any_outcome(result: object) -> None:
    """Any page gives stories or a typed reason, never garbage: no control characters."""
    if isinstance(result, Rejected):
        return
    assert isinstance(result, tuple) and result
    for article in result:
        assert article.title and article.text
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", article.title + article.text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    body=st.binary(max_size=4096),
    content_type=st.sampled_from(
        [
            None,
            "text/html",
            "text/html; charset=utf-8",
            "text/html; charset=windows-1251",
            "text/html; charset=nonsense",
        ]
    ),
)
def test_any_bytes_served_as_a_page_never_crash_extraction(
    body: bytes, content_type: str | None
) -> None:
    _any_outcome(extract(body, HQ_URL, newsroom_for("generic"), FETCHED, content_type))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    title=st.text(max_size=80),
    paragraphs=st.lists(st.text(min_size=1, max_size=400), max_size=8),
    family=st.sampled_from(["generic", "nato-hq", "cutenews"]),
)
def test_any_text_in_a_page_never_crashes_extraction(
    title: str, paragraphs: list[str], family: str
) -> None:
    body = "".join(f"<p>{p}" for p in paragraphs)  # unclosed, unescaped: as broken as it comes
    page = f"<html><head><title>{title}</title></head><body><h1>{title}</h1>{body}</body></html>"
    encoded = page.encode("utf-8", "surrogatepass")
    _any_outcome(extract(encoded, HQ_URL, newsroom_for(family), FETCHED))


# -- characters XML forbids: trafilatura discards a whole document holding one ----------------

STORY_CASES = [
    case
    for case in (json.loads(p.read_text(encoding="utf-8")) for p in CASE_FILES)
    if isinstance(case["expected"], list) and (ROOT / case["page"]).exists()
]
#: C0 controls but tab and newlines, then surrogates, U+FFFE, U+FFFF and past U+10FFFF.
NOT_XML = st.one_of(
    st.sampled_from([*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF]),
    st.integers(0xD800, 0xDFFF),
    st.integers(0x110000, 0x7FFFFFFF),
)


def _text_positions(page: bytes) -> list[int]:
    """Offsets in ``page`` inside the visible text: between tags, outside scripts, styles and
    character references, never inside a UTF-8 sequence."""
    positions = []
    skipped = re.compile(rb"<(script|style)\b.*?</\1\s*>|&[#\w]*;", re.S | re.I)
    hidden = [range(*m.span()) for m in skipped.finditer(page)]
    for run in re.finditer(rb">([^<]+)<", page):
        for offset in range(run.start(1), run.end(1)):
            if not 0x80 <= page[offset] < 0xC0 and not any(offset in r for r in hidden):
                positions.append(offset)
    return positions


def _words(result: object) -> list[tuple[list[str], list[str]]]:
    assert isinstance(result, list | tuple)
    return [
        (a["title"].split(), a["text"].split())
        if isinstance(a, dict)
        else (a.title.split(), a.text.split())
        for a in result
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    index=st.integers(0, len(STORY_CASES) - 1),
    code=NOT_XML,
    form=st.sampled_from(["raw", "decimal", "hex", "HEX"]),
    where=st.floats(0, 1, exclude_max=True),
)
def test_a_character_xml_forbids_anywhere_in_the_text_loses_nothing(
    index: int, code: int, form: str, where: float
) -> None:
    case = STORY_CASES[index]
    page = (ROOT / case["page"]).read_bytes()
    try:
        utf8 = page.decode("utf-8") is not None
    except UnicodeDecodeError:
        utf8 = False
    if form == "raw" and code < 0x20:
        stray = bytes([code])  # the same byte in UTF-8 and in the single-byte charsets
    elif form == "raw" and code in (0xFFFE, 0xFFFF) and utf8:
        stray = chr(code).encode()
    elif form == "decimal":
        stray = f"&#{code};".encode()
    else:
        stray = (f"&#x{code:x};" if form == "hex" else f"&#X{code:X};").encode()
    positions = _text_positions(page)
    at = positions[int(where * len(positions))]
    result = extract(
        page[:at] + stray + page[at:],
        case["url"],
        newsroom_for(case["family"]),
        FETCHED,
        case.get("content_type"),
    )
    assert not isinstance(result, Rejected), f"{stray!r} at {at} lost the story: {result}"
    assert _words(result) == _words(case["expected"])


def _gives_up(*args: object, **kwargs: object) -> None:
    """What trafilatura answers when it discards a document."""
    return None


def _raises(*args: object, **kwargs: object) -> None:
    raise ValueError("All strings must be XML compatible")


@pytest.mark.parametrize("failure", [_gives_up, _raises])
def test_an_extractor_failing_on_a_page_of_prose_is_an_error_not_a_page_without_a_story(
    failure: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("trafilatura.bare_extraction", failure)
    result = extract(_page(HQ_PAGE), HQ_URL, newsroom_for("generic"), FETCHED)
    assert isinstance(result, Rejected) and result.reason == "extractor-failed"
    assert "trafilatura" in result.detail


def test_an_extractor_finding_nothing_on_a_page_without_prose_is_no_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("trafilatura.bare_extraction", _gives_up)
    menu = b"<html><title>Menu</title><body>" + b"<li><a href='/x'>Home page</a>" * 60
    empty = extract(menu, HQ_URL, newsroom_for("generic"), FETCHED)
    assert isinstance(empty, Rejected) and empty.reason == "too-short"


#: Distinct sentences of a story: a numbered word makes each its own.
_STORY_LINES = st.lists(
    st.sampled_from(["lead", "talks", "visit", "report", "meeting", "treaty", "exercise"]),
    min_size=2,
    max_size=8,
    unique=True,
)


@given(words=_STORY_LINES, data=st.data())
def test_a_lead_read_after_the_rest_of_its_story_opens_it_again(
    words: list[str], data: st.DataObject
) -> None:
    """trafilatura appends what its first pass missed (a lead in a box of its own) after the
    rest: the sentences the page shows above the reading's first line go back above it, in
    the page's order; what the reading put below (a menu's words, a sidebar) stays there."""
    sentences = [f"The {word} of the ministry was held in Belgrade today." for word in words]
    state = " ".join(reversed(sentences))  # a script's copy of the story is not what it shows
    tree = document_fromstring(
        f"<html><body><nav>Home News</nav><script>var story = '{state}';</script>"
        + "".join(f"<p>{sentence}</p>" for sentence in sentences)
        + "<aside><p>Latest news of the ministry</p></aside></body></html>"
    )
    lead = data.draw(st.integers(1, len(sentences) - 1))
    read = [*sentences[lead:], "Home News", *sentences[:lead], "Latest news of the ministry"]
    assert in_page_order("\n".join(read), tree).split("\n") == [
        *sentences,
        "Home News",
        "Latest news of the ministry",
    ]
    # A reading in the page's order stays as it is.
    assert in_page_order("\n".join(sentences), tree) == "\n".join(sentences)

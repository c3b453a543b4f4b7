"""`newsroom serve` end to end: the real server in a child process on a free loopback port,
asked with httpx; feeds read with feedparser (never bozo), conditional requests, filters,
health, metrics and the ops page, over a database filled through the repository."""

from __future__ import annotations

import gzip
import re
import select
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import feedparser
import httpx
import lxml.html
import pytest
from click.testing import CliRunner
from hypothesis import example, given, settings
from hypothesis import strategies as st
from lxml import etree

from crawler.cli import cli
from crawler.core import clock
from crawler.core.items import Article, Outcome
from crawler.snapshots import DEMO_SITES
from server.conditional import http_date
from server.feeds import BadRequest, parse_feed_query
from storage.repository import Repository
from storage.runs import CrawlRuns, RunOutcome
from tests.support.cli import ROOT
from tests.support.databases import url_at

NEWSROOMS = DEMO_SITES / "newsrooms.toml"
KEYS = ["rs-mission-nato", "nato-mlo-belgrade", "nato-hq"]
#: When the stories below were seen (``NOW - n days``) and published (``days_ago``): both count
#: back from the project's clock, which the server reads too, so that what the feeds and the ops
#: page show never depends on the day the suite runs (``.ci/run`` runs it a year ahead as well).
NOW = clock.now().replace(microsecond=0)


def days_ago(days: int) -> date:
    return (NOW - timedelta(days=days)).date()


HOSTILE = (
    "<script>alert(1)</script> Allies met today.\n\n"
    '<iframe src="https://evil.example/"></iframe> '
    '<img src=x onerror="alert(2)"> <style>body{display:none}</style> '
    '<a href="javascript:alert(3)" onclick="alert(4)">click</a>'
)


@dataclass(frozen=True)
class Story:
    newsroom: str
    url: str
    title: str
    text: str
    language: str
    published: date | None = None
    byline: str | None = None


STORIES = [
    Story(
        "nato-hq",
        "https://www.nato.int/cps/en/natohq/news_1.htm",
        "Allies review the KFOR mission in Kosovo",
        "Defence ministers reviewed KFOR, the Kosovo Force, and its mandate.\n\n"
        "They agreed troop levels for the coming year.",
        "en",
        days_ago(4),
        "NATO Public Diplomacy Division",
    ),
    Story(
        "nato-hq",
        "https://www.nato.int/cps/en/natohq/news_2.htm",
        "Secretary General meets the Prime Minister of Norway",
        "The talks covered Arctic security, defence spending and support for Ukraine.",
        "en",
        days_ago(6),
    ),
    Story(
        "nato-hq",
        "https://www.nato.int/cps/en/natohq/news_3.htm",
        'Markup <b onmouseover="alert(5)">in a title</b>',
        HOSTILE,
        "en",
        days_ago(7),
    ),
    Story(
        "nato-hq",
        "https://www.nato.int/cps/fr/natohq/news_4.htm",
        "Les Alliés discutent de cyberdéfense",
        "Les experts ont présenté un nouveau centre de réaction aux incidents informatiques.",
        "fr",
        days_ago(9),
    ),
    Story(
        "rs-mission-nato",
        "http://nato-brussels.mfa.gov.rs/lat/news.php?id=11",
        "Ambasador posetio komandu KFOR-a",
        "Šef Misije razgovarao je sa komandantom KFOR-a o bezbednosnoj situaciji na severu.",
        "sr-Latn",
        days_ago(5),
    ),
    Story(  # the same story in Cyrillic: it joins the one above as another URL and language
        "rs-mission-nato",
        "http://nato-brussels.mfa.gov.rs/cir/news.php?id=11",
        "Амбасадор посетио команду КФОР-а",
        "Шеф Мисије разговарао је са командантом КФОР-а о безбедносној ситуацији на северу.",
        "sr-Cyrl",
        days_ago(5),
    ),
    Story(
        "rs-mission-nato",
        "http://nato-brussels.mfa.gov.rs/news.php?id=12",
        "Serbia and NATO hold staff talks on civil emergency planning",
        "Experts of both sides exchanged flood response plans and agreed a joint exercise.",
        "en",
        days_ago(14),
    ),
    Story(  # the same text at the liaison office: one story, two sources
        "nato-mlo-belgrade",
        "https://jfcnaples.nato.int/mlo_belgrade/newsroom/news/2026/staff-talks",
        "Staff talks on civil emergency planning",
        "Experts of both sides exchanged flood response plans and agreed a joint exercise.",
        "en",
        days_ago(14),
    ),
    Story(
        "nato-mlo-belgrade",
        "https://jfcnaples.nato.int/mlo_belgrade/lat/newsroom/news/2026/kurs",
        "Kurs o uklanjanju mina završen u Beogradu",
        "Dvadeset oficira završilo je obuku o humanitarnom razminiranju u trajanju od dve nedelje.",
        "sr-Latn",
        None,
    ),
]


def fill(database_url: str) -> None:
    """The stories above, seen over the last days, and one finished run per newsroom."""
    repository = Repository.open(database_url)
    try:
        for n, story in enumerate(STORIES):
            article = Article(
                url=story.url,
                page_url=story.url,
                title=story.title,
                text=story.text,
                language=story.language,
                published=story.published,
                byline=story.byline,
            )
            outcome = repository.save_article(article, story.newsroom, NOW - timedelta(days=n))
            assert outcome in (Outcome.NEW, Outcome.DUPLICATE_CONTENT), (story.url, outcome)
        assert repository.count() == len(STORIES) - 2
    finally:
        repository.close()
    runs = CrawlRuns.open(database_url)
    try:
        for key in KEYS:
            record_run(runs, key, "finished")
    finally:
        runs.close()


def record_run(runs: CrawlRuns, key: str, status: str, error: str | None = None) -> None:
    run_id = str(uuid.uuid4())  # 36 characters, as a crawl's: PostgreSQL holds no more
    runs.start(run_id, key, clock.now() - timedelta(seconds=30))
    outcome = RunOutcome(
        status,
        "finished" if status == "finished" else "shutdown",
        requests=12,
        pages=10,
        stories_new=3,
        errors=1 if error else 0,
        counters={"pages/fetched": 10},
        error_lines=[error] if error else [],
    )
    runs.finish(run_id, key, clock.now(), outcome)


@dataclass
class Server:
    url: str
    database_url: str
    process: subprocess.Popen[str]

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=20)


@contextmanager
def serving(database_url: str, stop: signal.Signals = signal.SIGTERM) -> Iterator[Server]:
    """`newsroom serve --port 0` in a child process, until ``stop`` (which must exit 0)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "serve", "--port", "0", "--db", database_url,
         "--newsrooms", str(NEWSROOMS), "--no-access-log"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    try:
        ready, _, _ = select.select([process.stdout], [], [], 60)
        line = process.stdout.readline() if ready else ""
        match = re.fullmatch(r"Serving on (http://127\.0\.0\.1:\d+/)\n", line)
        assert match, f"no 'Serving on' line but {line!r}; stderr: {process.stderr.read()}"
        yield Server(match[1], database_url, process)
    finally:
        if process.poll() is None:
            process.send_signal(stop)
        try:
            code = process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
        errors = process.stderr.read()
        process.stdout.close()
        process.stderr.close()
    assert code == 0, errors
    assert "Traceback" not in errors, errors


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """One server over the stories above; tests that change the database start their own."""
    url = url_at(tmp_path_factory.mktemp("serve") / "newsroom.sqlite3")
    fill(url)
    with serving(url) as running:
        yield running


@pytest.fixture
def client(server: Server) -> Iterator[httpx.Client]:
    with server.client() as client:
        yield client


def feed(client: httpx.Client, path: str, **params: str) -> feedparser.FeedParserDict:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return parsed


def expected(server: Server, **selection: str | int) -> list[str]:
    """The GUIDs of the stories the repository selects, newest first."""
    repository = Repository.open(server.database_url)
    try:
        return [f"urn:uuid:{s.guid}" for s in repository.stories(**selection)]  # type: ignore[arg-type]
    finally:
        repository.close()


# -- feeds ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/feed.rss", "/feed.atom"])
def test_the_feeds_of_all_stories_parse_and_hold_them_newest_first(
    server: Server, client: httpx.Client, path: str
) -> None:
    parsed = feed(client, path)
    assert [e.id for e in parsed.entries] == expected(server, limit=50)
    assert len(parsed.entries) == len(STORIES) - 2
    assert parsed.feed.title == "Newsroom Monitor: all newsrooms"
    response = client.get(path)
    kind = "rss" if path.endswith(".rss") else "atom"
    assert response.headers["content-type"] == f"application/{kind}+xml; charset=utf-8"


def test_entries_carry_what_readers_need(client: httpx.Client) -> None:
    entries = {e.link: e for e in feed(client, "/feed.atom").entries}
    kfor = entries["https://www.nato.int/cps/en/natohq/news_1.htm"]
    assert kfor.title == "Allies review the KFOR mission in Kosovo"
    assert kfor.id.startswith("urn:uuid:")
    assert kfor.published_parsed[:3] == days_ago(4).timetuple()[:3]
    assert kfor.updated_parsed is not None
    assert kfor.author == "NATO Public Diplomacy Division"
    assert kfor.language == "en"  # dc:language
    assert "<p>They agreed troop levels for the coming year.</p>" in kfor.content[0].value
    assert [(t.term, t.label) for t in kfor.tags] == [("nato-hq", "NATO HQ news")]
    shared = entries["http://nato-brussels.mfa.gov.rs/news.php?id=12"]
    assert {t.term for t in shared.tags} == {"rs-mission-nato", "nato-mlo-belgrade"}
    rss = feed(client, "/feed.rss")
    guids = {e.link: e.id for e in rss.entries}
    assert guids[kfor.link] == kfor.id  # one GUID per story, in both formats
    assert not rss.entries[0].guidislink


def test_story_markup_reaches_readers_as_inert_text(client: httpx.Client) -> None:
    """Stories are plain text: markup a page held is escaped, never live HTML in a reader."""
    for path in ("/feed.rss", "/feed.atom"):
        tree = etree.fromstring(client.get(path).content)
        fragments = tree.xpath(
            "//*[local-name()='content' or local-name()='encoded' or local-name()='description'"
            " or local-name()='summary']/text()"
        )
        assert any("alert(1)" in fragment for fragment in fragments)
        for fragment in fragments:
            html = lxml.html.fragment_fromstring(fragment, create_parent="div")
            assert not html.xpath("//script | //iframe | //style | //img | //a"), fragment
            assert not [a for el in html.iter() for a in el.attrib if a.startswith("on")]
        titles = tree.xpath("//*[local-name()='title']/text()")
        assert 'Markup <b onmouseover="alert(5)">in a title</b>' in titles  # text, as stored
    hostile = next(e for e in feed(client, "/feed.atom").entries if e.link.endswith("news_3.htm"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in hostile.content[0].value


def test_a_newsroom_feed_holds_the_stories_it_showed(server: Server, client: httpx.Client) -> None:
    for key in KEYS:
        for kind in ("rss", "atom"):
            parsed = feed(client, f"/newsrooms/{key}.{kind}")
            assert [e.id for e in parsed.entries] == expected(server, newsroom=key, limit=50)
    mlo = feed(client, "/newsrooms/nato-mlo-belgrade.atom")
    assert len(mlo.entries) == 2  # its own story, and the mission's that it showed too
    assert mlo.feed.title == "Newsroom Monitor: NATO Military Liaison Office Belgrade"


def test_language_filter_finds_a_story_in_any_of_its_scripts(
    server: Server, client: httpx.Client
) -> None:
    cyrillic = feed(client, "/feed.atom", language="sr-Cyrl")
    assert [e.link for e in cyrillic.entries] == [
        "http://nato-brussels.mfa.gov.rs/cir/news.php?id=11"
    ]
    assert feed(client, "/feed.rss", language="SR-cyrl").entries[0].id == cyrillic.entries[0].id
    latin = feed(client, "/newsrooms/rs-mission-nato.rss", language="sr-Latn")
    assert [e.id for e in latin.entries] == expected(
        server, newsroom="rs-mission-nato", language="sr-Latn", limit=50
    )
    french = feed(client, "/feed.atom", language="fr")
    assert [e.title for e in french.entries] == ["Les Alliés discutent de cyberdéfense"]
    assert french.feed.language == "fr"
    assert feed(client, "/feed.atom", language="de").entries == []


def test_keyword_filter_and_limit(server: Server, client: httpx.Client) -> None:
    kfor = feed(client, "/feed.rss", q="KFOR")
    assert len(kfor.entries) == 2
    for entry in kfor.entries:
        assert "KFOR" in entry.title + entry.content[0].value
    assert [e.id for e in feed(client, "/feed.rss", q="kfor").entries] == [
        e.id for e in kfor.entries
    ]
    assert len(feed(client, "/feed.atom", q="KFOR Kosovo").entries) == 1  # every word
    assert feed(client, "/feed.atom", q="100%").entries == []  # % and _ are not wildcards
    assert feed(client, "/feed.atom", q="nothing-like-this").entries == []
    newest = feed(client, "/feed.atom", limit="2")
    assert [e.id for e in newest.entries] == expected(server, limit=2)
    assert len(feed(client, "/newsrooms/nato-hq.rss", q="KFOR", limit="1").entries) == 1


@pytest.mark.parametrize(
    "query",
    [
        "limit=0",
        "limit=501",
        "limit=ten",
        "limit=-1",
        "language=en_US",
        "language=x",
        "q=" + "w" * 201,
        "limit=%C2%B2",  # ²: str.isdigit takes it, int() does not
        "limit=%E2%91%A0",  # ①
        "limit=%D9%A5",  # an Arabic-Indic 5
        "limit=" + "9" * 5000,
        "limit=1_0",
        "q=%00",  # SQLite's LIKE ends at a NUL: it matched every story
        "q=KFOR%00",
        "q=a%0Ab",
    ],
)
def test_bad_parameters_get_400_and_a_one_line_reason(client: httpx.Client, query: str) -> None:
    response = client.get(f"/feed.atom?{query}")
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/plain")
    assert response.text.endswith("\n") and response.text.count("\n") == 1
    assert query.partition("=")[0] in response.text


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(["limit", "q", "language"]),
    value=st.one_of(
        st.text(),
        st.from_regex(r"\A[0-9]{1,6}\Z"),
        st.text(st.characters(max_codepoint=0x20)),
        st.sampled_from(["KFOR", "kosovo kfor", "2026"]),
    ),
    path=st.sampled_from(["/feed.rss", "/newsrooms/nato-hq.atom"]),
)
def test_no_query_parameter_is_a_server_error(
    server: Server, name: str, value: str, path: str
) -> None:
    with server.client() as client:
        response = client.get(path, params={name: value})
    assert response.status_code in (200, 400), (name, value, response.text)
    if response.status_code == 400:
        assert response.text.count("\n") == 1 and name in response.text
        return
    if name == "q" and value.strip():
        # Never every story: the words asked for are in each story found.
        repository = Repository.open(server.database_url)
        try:
            for entry in feedparser.parse(response.content).entries:
                stored = repository.story(entry.id.removeprefix("urn:uuid:"))
                said = (stored.title + " " + stored.text).lower()
                assert all(word.lower() in said for word in value.split()), (value, entry.id)
        finally:
            repository.close()


@given(st.dictionaries(st.sampled_from(["limit", "q", "language", "other"]), st.text()))
@example({"language": "x" * 5000})  # a reason quotes a bounded part of what it refuses
@example({"limit": "9" * 5000})
def test_parse_feed_query_takes_any_parameters_or_says_why_not(params: dict[str, str]) -> None:
    try:
        query = parse_feed_query("rss", None, params)
    except BadRequest as exc:
        assert "\n" not in str(exc) and len(str(exc)) < 300
    else:
        assert 1 <= query.limit <= 500
        assert not query.words or not any(ord(c) < 32 or 127 <= ord(c) < 160 for c in query.words)


@pytest.mark.parametrize("path", ["/newsrooms/nowhere.rss", "/newsrooms/nato-hq.json", "/feed.xml"])
def test_unknown_newsrooms_and_formats_are_404(client: httpx.Client, path: str) -> None:
    assert client.get(path).status_code == 404


# -- caching ----------------------------------------------------------------------------------


def test_conditional_requests_get_304_without_a_body(client: httpx.Client) -> None:
    first = client.get("/feed.atom", params={"q": "KFOR"})
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert re.fullmatch(r'W/"[0-9a-f]{32}"', etag)
    assert first.headers["cache-control"] == "public, max-age=300"
    assert "Accept-Encoding" in first.headers["vary"]
    for headers in (
        {"If-None-Match": etag},
        {"If-None-Match": f'"other", {etag}'},
        {"If-None-Match": etag.removeprefix("W/")},  # weak comparison
        {"If-None-Match": "*"},
        {"If-Modified-Since": modified},
    ):
        again = client.get("/feed.atom", params={"q": "KFOR"}, headers=headers)
        assert again.status_code == 304, headers
        assert again.content == b""
        assert again.headers["etag"] == etag
        assert again.headers["last-modified"] == modified
        assert again.headers["cache-control"] == "public, max-age=300"
    earlier = http_date(datetime.strptime(modified, "%a, %d %b %Y %H:%M:%S GMT").replace(
        tzinfo=UTC) - timedelta(seconds=1))  # fmt: skip
    for headers in (
        {"If-None-Match": '"other"'},
        {"If-Modified-Since": earlier},
        {"If-Modified-Since": "yesterday"},
        {"If-None-Match": '"other"', "If-Modified-Since": modified},  # the ETag decides
    ):
        assert client.get("/feed.atom", params={"q": "KFOR"}, headers=headers).status_code == 200
    # Another selection, another format: another ETag.
    assert client.get("/feed.rss", params={"q": "KFOR"}).headers["etag"] != etag
    assert client.get("/feed.atom", params={"q": "Kosovo"}).headers["etag"] != etag
    assert client.head("/feed.atom", params={"q": "KFOR"}).headers["etag"] == etag


def test_gzip_when_asked(client: httpx.Client) -> None:
    plain = client.get("/feed.atom", headers={"Accept-Encoding": "identity"})
    packed = client.get("/feed.atom", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == "gzip"
    assert packed.headers["vary"] == plain.headers["vary"] == "Accept-Encoding"
    assert packed.content == plain.content  # httpx undid the gzip
    assert int(packed.headers["content-length"]) < len(plain.content)
    assert packed.headers["etag"] == plain.headers["etag"]  # weak: one ETag for both
    refused = client.get("/feed.atom", headers={"Accept-Encoding": "gzip;q=0, identity"})
    assert "content-encoding" not in refused.headers
    with httpx.stream(
        "GET", f"{client.base_url}feed.rss", headers={"Accept-Encoding": "gzip"}
    ) as raw:
        body = b"".join(raw.iter_raw())
    assert feedparser.parse(gzip.decompress(body)).entries
    page = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert page.headers["content-encoding"] == "gzip"


def test_the_feeds_follow_what_is_stored(tmp_path: Path) -> None:
    """A new story, an update and a new source each give a new ETag and what changed."""
    url = url_at(tmp_path / "newsroom.sqlite3")
    fill(url)
    repository = Repository.open(url)
    try:
        with serving(url, stop=signal.SIGINT) as server, server.client() as client:
            before = client.get("/feed.atom")
            etags = [before.headers["etag"]]
            modified = before.headers["last-modified"]

            def changed() -> feedparser.FeedParserDict:
                response = client.get("/feed.atom", headers={"If-None-Match": etags[-1]})
                assert response.status_code == 200
                etags.append(response.headers["etag"])
                assert len(set(etags)) == len(etags)
                parsed = feedparser.parse(response.content)
                assert not parsed.bozo
                return parsed

            story = Article(
                url="https://www.nato.int/cps/en/natohq/news_9.htm",
                page_url="https://www.nato.int/cps/en/natohq/news_9.htm",
                title="Air policing mission begins",
                text="Fighter jets of two Allies began policing the skies of the Baltic states.",
                language="en",
                published=days_ago(3),
            )
            assert repository.save_article(story, "nato-hq", NOW + timedelta(seconds=5)) is (
                Outcome.NEW
            )
            parsed = changed()
            assert parsed.entries[0].title == "Air policing mission begins"
            after = client.get("/feed.atom", headers={"If-Modified-Since": modified})
            assert after.status_code == 200  # Last-Modified moved on too

            update = Article(
                **{**story.__dict__, "text": story.text + " Four more aircraft join next month."}
            )
            assert repository.save_article(update, "nato-hq", NOW + timedelta(hours=1)) is (
                Outcome.UPDATED
            )
            parsed = changed()
            assert "Four more aircraft" in parsed.entries[0].content[0].value

            elsewhere = Article(
                **{**update.__dict__, "url": "https://jfcnaples.nato.int/mlo_belgrade/air",
                   "page_url": "https://jfcnaples.nato.int/mlo_belgrade/air"}
            )  # fmt: skip
            repository.save_article(elsewhere, "nato-mlo-belgrade", NOW + timedelta(hours=2))
            parsed = changed()
            assert {t.term for t in parsed.entries[0].tags} == {"nato-hq", "nato-mlo-belgrade"}
    finally:
        repository.close()


#: One story in both scripts, and one first seen in Cyrillic: (URL, title, text) per script.
TWINS = [
    {
        "sr-Latn": (
            "http://nato-brussels.mfa.gov.rs/lat/news.php?id=21",
            "Ambasador u poseti Mostaru",
            "Ambasador je razgovarao sa predstavnicima vlasti o saradnji u oblasti odbrane.",
        ),
        "sr-Cyrl": (
            "http://nato-brussels.mfa.gov.rs/cir/news.php?id=21",
            "Амбасадор у посети Мостару",
            "Амбасадор је разговарао са представницима власти о сарадњи у области одбране.",
        ),
    },
    {
        "sr-Cyrl": (
            "http://nato-brussels.mfa.gov.rs/cir/news.php?id=22",
            "Конференција о безбедности",
            "Учесници конференције разговарали су о безбедности на Западном Балкану.",
        ),
        "sr-Latn": (
            "http://nato-brussels.mfa.gov.rs/lat/news.php?id=22",
            "Konferencija o bezbednosti",
            "Učesnici konferencije razgovarali su o bezbednosti na Zapadnom Balkanu.",
        ),
    },
]


def fill_twins(database_url: str) -> dict[str, str]:
    """The stories of `TWINS`, each script seen once; returns each story's GUID by URL."""
    seen = datetime(2026, 11, 24, 12, tzinfo=UTC)
    repository = Repository.open(database_url)
    try:
        for n, twins in enumerate(TWINS):
            for language, (url, title, text) in twins.items():
                article = Article(url, url, title, text, language, published=date(2026, 11, 20 + n))
                repository.save_article(article, "rs-mission-nato", seen)
                seen += timedelta(minutes=10)
        assert repository.count() == len(TWINS)
        guids = {}
        for twins in TWINS:
            stories = {repository.story(url) for url, _, _ in twins.values()}
            assert len(stories) == 1  # one story, one GUID, whichever script found it
            guids |= {url: story.guid for url, _, _ in twins.values() for story in stories if story}
        return guids
    finally:
        repository.close()


def _entries(data: bytes) -> list[tuple[str, str, str, str]]:
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.get("bozo_exception")
    return [(e.id, e.link, e.title, e.content[0].value) for e in parsed.entries]


def _expected_entries(language: str, guids: dict[str, str]) -> list[tuple[str, str, str, str]]:
    """Newest first (the second story was published later), each in ``language``."""
    return [
        (f"urn:uuid:{guids[twins[language][0]]}", twins[language][0], twins[language][1],
         f"<p>{twins[language][2]}</p>")
        for twins in reversed(TWINS)
    ]  # fmt: skip


def test_a_story_in_both_scripts_is_served_in_the_script_asked_for(tmp_path: Path) -> None:
    url = url_at(tmp_path / "newsroom.sqlite3")
    guids = fill_twins(url)
    with serving(url) as running, running.client() as client:
        for path in ("/feed.atom", "/feed.rss", "/newsrooms/rs-mission-nato.atom"):
            for language in ("sr-Cyrl", "sr-Latn"):
                response = client.get(path, params={"language": language})
                assert response.status_code == 200
                assert _entries(response.content) == _expected_entries(language, guids), path
    for language in ("sr-Cyrl", "sr-Latn"):
        code, output = newsroom(
            "feed", "--db", url, "--newsrooms", str(NEWSROOMS), "--language", language,
            "--format", "atom", "-o", "-",
        )  # fmt: skip
        assert code == 0, output
        assert _entries(output.encode()) == _expected_entries(language, guids)
    # A tag in another letter case is the same tag, as for the server; a bad one is refused.
    code, output = newsroom("feed", "--db", url, "--language", "SR-cyrl", "-o", "-")
    assert code == 0 and _entries(output.encode()) == _expected_entries("sr-Cyrl", guids)
    code, output = newsroom("feed", "--db", url, "--language", "sr_Cyrl", "-o", "-")
    assert code == 2 and "language must be a language tag" in output


# -- health, metrics, ops page ----------------------------------------------------------------


def newsroom(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_healthz_gives_the_verdict_of_newsroom_health(tmp_path: Path) -> None:
    url = url_at(tmp_path / "newsroom.sqlite3")
    fill(url)
    health = ("health", "--db", url, "--newsrooms", str(NEWSROOMS))
    with serving(url) as server, server.client() as client:
        ok = client.get("/healthz")
        code, output = newsroom(*health)
        assert (ok.status_code, code) == (200, 0)
        assert ok.text == output and ok.text.startswith("OK: 3 newsrooms healthy")
        assert ok.headers["content-type"] == "text/plain; charset=utf-8"

        runs = CrawlRuns.open(url)
        try:
            record_run(
                runs, "nato-hq", "failed", error="ERROR [spiders.base] Fetch failed: refused"
            )
        finally:
            runs.close()
        failed = client.get("/healthz")
        code, output = newsroom(*health)
        assert (failed.status_code, code) == (503, 2)
        assert failed.text == output and failed.text.startswith("CRITICAL nato-hq: last run ")

        page = lxml.html.fromstring(client.get("/").text)
        [row] = page.xpath('//table[@id="newsrooms"]//tr[@data-newsroom="nato-hq"]')
        assert row.xpath('string(.//*[@class="status"])').startswith("failed")
        [error] = row.xpath('.//*[@class="error"]')
        assert error.text_content() == "ERROR [spiders.base] Fetch failed: refused"
        assert page.xpath('//*[@id="health"]/@class') == ["critical"]


def test_metrics_are_prometheus_text_as_newsroom_metrics_writes_them(
    server: Server, client: httpx.Client
) -> None:
    response = client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8"
    code, output = newsroom("metrics", "--db", server.database_url)
    assert code == 0 and response.text == output
    sample = re.compile(r'[a-z_]+\{[a-z_]+="[^"]*"(?:,[a-z_]+="[^"]*")*\} -?[0-9.e+]+')
    for line in response.text.splitlines():
        assert line.startswith(("# HELP ", "# TYPE ")) or sample.fullmatch(line), line
    assert 'newsroom_stored_stories{newsroom="nato-hq"} 4' in response.text
    assert 'newsroom_last_run_success{newsroom="nato-mlo-belgrade"} 1' in response.text


def test_the_ops_page_shows_each_newsroom_the_newest_stories_and_a_chart(
    server: Server, client: httpx.Client
) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = lxml.html.fromstring(response.text)
    rows = page.xpath('//table[@id="newsrooms"]//tr[@data-newsroom]')
    assert [row.get("data-newsroom") for row in rows] == KEYS
    hq = rows[2]
    assert hq.xpath('string(.//*[@class="name"])').startswith("NATO HQ news")
    assert hq.xpath('string(.//*[@class="status"])') == "finished"
    assert hq.xpath('string(.//*[@class="new"])') == "3"
    assert hq.xpath('string(.//*[@class="errors"])') == "0"
    assert hq.xpath('.//*[@class="last-run"]/time/@datetime')
    assert not page.xpath('//*[@class="error"]')
    links = page.xpath('//section[@id="newest"]//a')
    repository = Repository.open(server.database_url)
    try:
        newest = repository.found_lately(limit=20)
    finally:
        repository.close()
    assert [(a.get("href"), a.text_content()) for a in links] == [(s.url, s.title) for s in newest]
    bars = page.xpath('//svg[@id="stories-per-day"]/rect[@class="day"]')
    assert len(bars) == 30
    assert bars[-1].get("data-day") == clock.now().date().isoformat()
    assert sum(int(bar.get("data-count")) for bar in bars) == len(STORIES) - 2
    assert not page.xpath("//script | //b | //@*[starts-with(name(), 'on')]")  # titles are text
    assert 'Markup <b onmouseover="alert(5)">in a title</b>' in [a.text_content() for a in links]


def test_serve_fails_in_one_line_on_a_bad_database() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "crawler.cli", "serve", "--port", "0", "--db", "mysql://x/y",
         "--newsrooms", str(NEWSROOMS)],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines()[-1].startswith("Error: mysql://x/y: unsupported database")


def test_the_ops_pages_newest_stories_are_those_first_seen_last_with_both_dates(
    tmp_path: Path,
) -> None:
    from crawler.core.newsrooms import load_newsrooms
    from server.page import NEWEST, collect, render_page

    url = url_at(tmp_path / "newsroom.sqlite3")
    found = datetime(2026, 11, 1, 8, tzinfo=UTC)
    repository = Repository.open(url)
    runs = CrawlRuns.open(url)
    try:
        for n in range(NEWEST):  # a month of stories, each published the day it was found
            link = f"https://www.nato.int/cps/en/natohq/news_{n}.htm"
            text = f"Story number {n} of the month: Allies met on day {n} and agreed plan {n}."
            seen = found + timedelta(days=n)
            article = Article(link, link, f"Story {n}", text, "en", published=seen.date())
            assert repository.save_article(article, "nato-hq", seen) is Outcome.NEW
        # Found last, published years ago: an archive the crawler reached only today.
        old = "https://www.nato.int/cps/en/natohq/news_1999.htm"
        text = "Foreign ministers met in Washington for the fiftieth anniversary summit."
        article = Article(
            old, old, "The Washington Summit", text, "en", published=date(1999, 4, 23)
        )
        last = datetime(2026, 11, 24, 12, 30, tzinfo=UTC)
        assert repository.save_article(article, "nato-hq", last) is Outcome.NEW
        data = collect(repository, runs, load_newsrooms(NEWSROOMS), last + timedelta(hours=1))
    finally:
        runs.close()
        repository.close()
    page = lxml.html.fromstring(render_page(data))
    items = page.xpath('//section[@id="newest"]//li')
    assert len(items) == NEWEST
    titles = [item.xpath("string(.//a)") for item in items]
    assert titles == ["The Washington Summit"] + [f"Story {n}" for n in range(19, 0, -1)]
    first = " ".join(items[0].text_content().split())
    assert "published 1999-04-23" in first and "first seen 2026-11-24 12:30Z" in first
    assert items[0].xpath(".//time/@datetime") == ["2026-11-24T12:30:00Z"]

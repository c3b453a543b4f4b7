"""The synthetic news site of the throughput benchmark (``bench/synthetic.py``): the same pages
every time, every story reachable from the listings, pages shaped and sized like real ones,
distinct texts, and a server that answers validators with 304 and unknown paths with 404."""

from __future__ import annotations

import hashlib
import http.client
import itertools
import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import timedelta
from email.utils import format_datetime, parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import pytest

from bench.synthetic import START, STEP, Hit, SyntheticSite, serve

ROOT = Path(__file__).resolve().parent.parent
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@pytest.fixture(scope="module")
def site() -> SyntheticSite:
    return SyntheticSite(stories=200)


def tree(site: SyntheticSite, path: str) -> lxml.html.HtmlElement:
    body = site.page(path)
    assert body is not None, path
    return lxml.html.fromstring(body)


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]+", text.lower()))


def test_the_same_arguments_give_the_same_bytes() -> None:
    one, two = SyntheticSite(60, seed=3), SyntheticSite(60, seed=3)
    paths = ["/", "/news/", "/news/?page=3", "/topics/politics/", "/about/", "/robots.txt"]
    paths += one.story_paths()[::7]
    assert one.story_paths() == two.story_paths()
    for path in paths:
        assert one.page(path) == two.page(path), path
        assert one.last_modified(path) == two.last_modified(path), path
    other = SyntheticSite(60, seed=4)
    assert other.story_paths() != one.story_paths()
    assert other.page("/") != one.page("/")


def test_pages_are_the_same_in_another_process_with_another_hash_seed() -> None:
    script = (
        "import hashlib, sys\n"
        "from bench.synthetic import SyntheticSite\n"
        "site = SyntheticSite(40, seed=7)\n"
        "for path in ['/', '/news/?page=2', *site.story_paths()[:3]]:\n"
        "    print(hashlib.sha256(site.page(path)).hexdigest())\n"
    )
    site = SyntheticSite(40, seed=7)
    expected = [
        hashlib.sha256(site.page(path) or b"").hexdigest()
        for path in ["/", "/news/?page=2", *site.story_paths()[:3]]
    ]
    for hash_seed in ("1", "12345"):
        done = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": hash_seed},
            capture_output=True,
            text=True,
            check=True,
        )
        assert done.stdout.split() == expected


def test_stories_are_counted_dated_and_ordered_newest_first(site: SyntheticSite) -> None:
    paths = site.story_paths()
    assert len(paths) == len(set(paths)) == 200
    numbers = range(200, 0, -1)
    stories = [site.story(n) for n in numbers]
    assert [s.path for s in stories] == paths
    for number, story in zip(numbers, stories, strict=True):
        assert story.published.tzinfo is not None
        assert story.published.utcoffset() == timedelta(0)
        assert timedelta(0) <= story.published - (START + number * STEP)
        assert story.published - (START + number * STEP) < timedelta(hours=1)
        match = re.fullmatch(r"/news/(\d{4})/(\d{2})/([a-z0-9-]+)-(\d+)\.html", story.path)
        assert match is not None, story.path
        assert (int(match[1]), int(match[2])) == (story.published.year, story.published.month)
        assert int(match[4]) == number
        assert match[3] == re.sub(r"[^a-z0-9]+", "-", story.title.lower()).strip("-")
    dates = [s.published for s in stories]
    assert dates == sorted(dates, reverse=True)
    assert len(set(dates)) == len(dates)
    with pytest.raises(IndexError):
        site.story(0)
    with pytest.raises(IndexError):
        site.story(201)


def test_every_story_is_reachable_by_walking_the_pager() -> None:
    site = SyntheticSite(stories=95, per_listing=10)
    found: list[str] = []
    path: str | None = "/news/"
    visited = []
    while path is not None:
        visited.append(path)
        page = tree(site, path)
        found += page.xpath('//section[@class="listing"]//h2/a/@href')
        older = page.xpath('//nav[@class="pager"]//a[@rel="next"]/@href')
        path = older[0] if older else None
        assert len(visited) <= 20, "the pager does not end"
    assert visited == ["/news/", *(f"/news/?page={k}" for k in range(2, 11))]
    assert found == site.story_paths()
    assert site.page("/news/?page=1") == site.page("/news/")
    for missing in ("/news/?page=11", "/news/?page=0", "/news/?page=x", "/news/?page=01"):
        assert site.page(missing) is None, missing

    # The pager of a middle page: prev, next and a window of numbers around the current one.
    pager = tree(site, "/news/?page=5").xpath('//nav[@class="pager"]')[0]
    assert pager.xpath('.//a[@rel="prev"]/@href') == ["/news/?page=4"]
    assert pager.xpath('.//a[@rel="next"]/@href') == ["/news/?page=6"]
    numbered = [a.text for a in pager.xpath(".//a") if a.text.isdigit()]
    assert numbered == ["1", "2", "3", "4", "6", "7", "8", "10"]
    assert pager.xpath('string(.//*[@aria-current="page"])') == "5"


def test_home_shows_the_twenty_newest_and_leads_to_page_two(site: SyntheticSite) -> None:
    home = tree(site, "/")
    teasers = home.xpath('//article[contains(@class, "teaser")]')
    assert [t.xpath("string(.//h2/a/@href)") for t in teasers] == site.story_paths()[:20]
    newest = site.story(200)
    first = teasers[0]
    assert first.xpath("string(.//h2/a)") == newest.title
    assert first.xpath("string(.//time)") == (
        f"{newest.published.day} {MONTHS[newest.published.month - 1]} {newest.published.year}"
    )
    summary = first.xpath('string(.//p[@class="teaser__summary"])')
    assert len(summary.rstrip("…").split()) == 30
    assert newest.text.startswith(summary.rstrip("…"))
    assert "/news/?page=2" in home.xpath("//a/@href")


def test_a_story_page_has_the_markup_of_a_real_one(site: SyntheticSite) -> None:
    story = site.story(150)
    page = tree(site, story.path)
    url = f"https://{site.host}{story.path}"
    head = page.find("head")
    assert head.xpath("string(meta/@charset)") == "utf-8"
    assert head.findtext("title").startswith(story.title)
    assert head.xpath('string(meta[@name="description"]/@content)')
    assert head.xpath('string(meta[@property="og:title"]/@content)') == story.title
    assert head.xpath('string(meta[@property="og:type"]/@content)') == "article"
    assert head.xpath('string(meta[@property="og:url"]/@content)') == url
    assert head.xpath('string(link[@rel="canonical"]/@href)') == url
    ld = json.loads(head.xpath('string(script[@type="application/ld+json"])'))
    assert ld["@type"] == "NewsArticle"
    assert ld["headline"] == story.title
    assert ld["datePublished"] == story.published.isoformat()
    assert len(head.xpath("string(style)")) > 20_000
    scripts = page.xpath("//script[not(@src)]")
    assert len(scripts) >= 5
    assert sum(len(s.text or "") for s in scripts) > 40_000

    assert 40 <= len(page.xpath('//header//nav[@class="menu"]//a')) <= 60
    assert page.xpath('//nav[@class="breadcrumb"]//a/@href')[:2] == ["/", "/news/"]
    article = page.xpath("//article")[0]
    assert article.findtext("h1") == story.title
    day = f"{story.published.day} {MONTHS[story.published.month - 1]} {story.published.year}"
    assert article.xpath('string(p[@class="story__date"])') == f"Published {day}"
    assert article.xpath('string(p[@class="story__byline"])').startswith("By ")
    assert article.xpath("figure/img/@src") and article.xpath("string(figure/figcaption)")
    paragraphs = article.xpath('div[@class="story__body"]/p')
    assert "\n".join(p.text_content() for p in paragraphs) == story.text
    assert article.xpath('.//div[@class="share"]//a[starts-with(@href, "https://")]')
    others = set(site.story_paths()) - {story.path}
    related = article.xpath('.//section[@class="related"]//a/@href')
    assert len(related) == len(set(related)) == 5 and set(related) <= others
    latest = page.xpath('//aside//section[@class="sidebar__latest"]//a/@href')
    assert latest == site.story_paths()[:10]
    assert page.xpath('//*[@id="cookie-banner"]')
    footer = page.xpath("//footer//a/@href")
    assert 25 <= len(footer) <= 40
    offsite = [h for h in footer if urlsplit(h).hostname not in (None, site.host)]
    assert any("twitter.com" in h for h in offsite)
    assert any("example.org" in h for h in offsite)

    # Every link on the page that stays on the site leads to a page of the site.
    for href in set(page.xpath("//a/@href")):
        parts = urlsplit(href)
        if parts.scheme or href.startswith("#"):
            continue
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        assert site.page(target) is not None, href


def test_story_texts_have_realistic_lengths_and_are_distinct(site: SyntheticSite) -> None:
    stories = [site.story(n) for n in range(1, 201)]
    counts = [len(s.text.split()) for s in stories]
    paragraphs = [s.text.count("\n") + 1 for s in stories]
    assert 250 <= min(counts) <= max(counts) <= 900
    assert 6 <= min(paragraphs) <= max(paragraphs) <= 16
    assert len({s.text for s in stories}) == len(stories)
    assert len({s.title for s in stories}) > 190

    sets = [words(s.text) for s in stories[::7]]
    closest = max(len(a & b) / len(a | b) for a, b in itertools.combinations(sets, 2))
    print(f"\nclosest pair of story word sets: Jaccard {closest:.2f}")
    assert closest < 0.5
    vocabulary = set().union(*(words(s.text) for s in stories))
    assert len(vocabulary) > 2000


def test_page_sizes_are_those_of_real_news_pages(site: SyntheticSite) -> None:
    sizes = [len(site.page(path) or b"") for path in site.story_paths()]
    median = statistics.median(sizes)
    print(f"\nstory page bytes: min {min(sizes)}, median {median:.0f}, max {max(sizes)}")
    assert 100_000 <= median <= 170_000
    assert min(sizes) >= 80_000 and max(sizes) <= 250_000
    for path in ("/", "/news/?page=4", "/topics/economy/", "/about/"):
        assert 50_000 <= len(site.page(path) or b"") <= 200_000, path


def test_topic_about_and_contact_pages_exist_and_are_undated(site: SyntheticSite) -> None:
    topic = tree(site, "/topics/politics/")
    teasers = topic.xpath('//section[@class="listing"]//h2/a/@href')
    assert 1 <= len(teasers) <= 10 and set(teasers) <= set(site.story_paths())
    for path in ("/about/", "/contact/"):
        page = tree(site, path)
        assert not page.xpath("//time") and "Published" not in page.text_content()
        assert site.last_modified(path) == START
    robots = site.page("/robots.txt")
    assert robots is not None and b"Allow: /" in robots and b"Disallow" not in robots


def test_unknown_paths_have_no_page(site: SyntheticSite) -> None:
    story = site.story_paths()[0]
    year_month = story[: len("/news/2024/03/")]
    for path in (
        "/news",
        "/missing/",
        "/?utm_source=x",
        story + "?x=1",
        story.replace(".html", ".htm"),
        year_month + "some-other-slug-200.html",
        year_month + "a-title-999.html",
        "/topics/",
        "/topics/unknown/",
        "/about",
    ):
        assert site.page(path) is None, path
        with pytest.raises(KeyError):
            site.last_modified(path)


def test_generation_is_cheap() -> None:
    """Times printed, never asserted (the machine is shared)."""
    big = SyntheticSite(stories=10_000)
    timings: dict[str, list[float]] = {"story": [], "listing": []}
    for number in range(1, 10_000, 250):
        path = big.story(number).path
        started = time.perf_counter()
        assert big.page(path) is not None
        timings["story"].append(time.perf_counter() - started)
    for page in range(2, 500, 25):
        started = time.perf_counter()
        assert big.page(f"/news/?page={page}") is not None
        timings["listing"].append(time.perf_counter() - started)
    for kind, seconds in timings.items():
        print(f"\n{kind} pages of 10,000 stories: median {statistics.median(seconds) * 1e3:.2f} ms")


@pytest.fixture
def served(site: SyntheticSite) -> Iterator[tuple[http.client.HTTPConnection, list[Hit]]]:
    hits: list[Hit] = []
    with serve(site, hits) as origin:
        parts = urlsplit(origin)
        assert parts.hostname == "127.0.0.1" and parts.port
        connection = http.client.HTTPConnection("127.0.0.1", parts.port, timeout=10)
        try:
            yield connection, hits
        finally:
            connection.close()


def test_the_server_answers_validators_with_304(
    site: SyntheticSite, served: tuple[http.client.HTTPConnection, list[Hit]]
) -> None:
    connection, hits = served
    path = site.story_paths()[10]

    def get(headers: dict[str, str], method: str = "GET") -> tuple[int, dict[str, str], bytes]:
        connection.request(method, path, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()

    status, headers, body = get({})
    assert status == 200
    assert body == site.page(path)
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert int(headers["Content-Length"]) == len(body)
    etag, modified = headers["ETag"], headers["Last-Modified"]
    assert re.fullmatch(r'"[0-9a-f]+"', etag)
    assert parsedate_to_datetime(modified) == site.last_modified(path)
    assert site.last_modified(path) == site.story(190).published

    assert get({"If-None-Match": etag})[::2] == (304, b"")
    assert get({"If-None-Match": f'"other", W/{etag}'})[0] == 304
    assert get({"If-Modified-Since": modified})[::2] == (304, b"")
    later = format_datetime(site.last_modified(path) + timedelta(days=3), usegmt=True)
    assert get({"If-Modified-Since": later})[0] == 304
    earlier = format_datetime(site.last_modified(path) - timedelta(seconds=1), usegmt=True)
    assert get({"If-Modified-Since": earlier})[0] == 200
    assert get({"If-None-Match": '"stale"'})[0] == 200
    status, headers, body = get({}, "HEAD")
    assert (status, body, int(headers["Content-Length"])) == (200, b"", len(site.page(path) or b""))

    assert hits == [
        Hit("GET", path, 200, False),
        Hit("GET", path, 304, True),
        Hit("GET", path, 304, True),
        Hit("GET", path, 304, True),
        Hit("GET", path, 304, True),
        Hit("GET", path, 200, True),
        Hit("GET", path, 200, True),
        Hit("HEAD", path, 200, False),
    ]


def test_the_server_answers_404_and_robots_txt(
    site: SyntheticSite, served: tuple[http.client.HTTPConnection, list[Hit]]
) -> None:
    connection, hits = served
    for path, status in (("/nothing-here", 404), ("/robots.txt", 200), ("/", 200)):
        connection.request("GET", path)
        response = connection.getresponse()
        body = response.read()
        assert response.status == status, path
        assert int(response.getheader("Content-Length") or -1) == len(body)
        if path == "/robots.txt":
            assert body.startswith(b"User-agent: *\nAllow: /")
            assert (response.getheader("Content-Type") or "").startswith("text/plain")
    assert [(h.path, h.status) for h in hits] == [
        ("/nothing-here", 404),
        ("/robots.txt", 200),
        ("/", 200),
    ]
    assert site.last_modified("/") == site.story(200).published

"""Content faults through the CLI: pages and feeds no newsroom should serve, served.

NATO HQ's demo site with the overlay ``tests/faults/content/nato-hq`` (its README.md says what
each page and document is) is crawled twice into one SQLite file: first with a story page
padded to 5 MB (between ``DOWNLOAD_WARNSIZE`` and ``DOWNLOAD_MAXSIZE``), then, a day later,
with that page changed and a ``DOWNLOAD_MAXSIZE`` below its size. The tests read the export,
the feed files, the crawl log, the ``crawl_run`` rows (``newsroom runs show``) and what the
snapshot server was asked.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import feedparser
import pytest

from crawler.snapshots import Hit, serve_snapshots
from tests.support.cli import run_cli
from tests.support.databases import url_at
from tests.support.pages import padded

pytestmark = pytest.mark.crawl

FAULTS = Path(__file__).parent / "faults" / "content"
NEWSROOMS = FAULTS / "newsrooms.toml"
STORY = "https://www.nato.int/cps/en/natohq/news_{}.htm"
BIG = STORY.format(900001)
PASSWD = "root:x:0:0"  # the first line of /etc/passwd, which an external entity would read
SETTINGS = ("AUTOTHROTTLE_ENABLED=False", "RETRY_BACKOFF_BASE=0.1", "DOWNLOAD_TIMEOUT=5")
NEXT_DAY = ("RECHECK_FACTOR=0", "RECHECK_LEAST_HOURS=0")  # every stored story is due again


@dataclass(frozen=True)
class Crawl:
    hits: list[Hit]
    stdout: str
    log: str  # the run's log file, one line per record
    details: str  # `newsroom runs show RUN`
    export: dict[str, dict[str, Any]]  # by URL

    def refused(self) -> list[str]:
        return [line.split("[spiders.base] ", 1)[1] for line in self.lines(" Refused ")]

    def lines(self, text: str) -> list[str]:
        return [line for line in self.log.splitlines() if text in line and line[:1] != " "]


def big_page_site(home: Path, size: int) -> Path:
    """The overlay with its story page 900001 padded to ``size`` bytes."""
    site = home / "nato-hq"
    site.mkdir(parents=True)
    page = (FAULTS / "nato-hq" / "pages" / "en" / "news_900001.html").read_bytes()
    (site / "news_900001.html").write_bytes(padded(page, size))
    (site / "site.toml").write_text(
        f"extends = {json.dumps(str((FAULTS / 'nato-hq').resolve()))}\n"
        '[[route]]\nurl = "/cps/en/natohq/news_900001.htm"\nfile = "news_900001.html"\n'
        'content_type = "text/html; charset=utf-8"\n',
        encoding="utf-8",
    )
    return site


def crawl(home: Path, site: Path, database: str, *settings: str) -> Crawl:
    hits: list[Hit] = []
    log = home / "crawl.log"
    with serve_snapshots([site], hits) as origins:
        options = [f"LOOPBACK_ORIGINS={json.dumps(origins)}", *SETTINGS, *settings]
        done = run_cli(
            *("crawl", "--newsrooms", str(NEWSROOMS), "--db", database, "--log-file", str(log)),
            *("--feeds-dir", str(home / "feeds")),
            *(a for option in options for a in ("-s", option)),
        )
    run = re.search(r"Run (\w+) \(", done.stderr)
    assert run is not None, done.stderr
    details = run_cli("runs", "show", run.group(1), "--db", database).stdout
    exported = run_cli("export", "--db", database).stdout.splitlines()
    export = {row["url"]: row for row in map(json.loads, exported)}
    return Crawl(hits, done.stdout, log.read_text(encoding="utf-8"), details, export)


@dataclass(frozen=True)
class Crawls:
    home: Path
    first: Crawl
    second: Crawl


@pytest.fixture(scope="module")
def crawls(tmp_path_factory: pytest.TempPathFactory) -> Crawls:
    home = tmp_path_factory.mktemp("content-faults")
    database = url_at(home / "newsroom.sqlite3")
    first_site = big_page_site(home / "day1", 5 * 2**20 + 2**19)
    first = crawl(home / "day1", first_site, database)
    second_site = big_page_site(home / "day2", 5 * 2**20 + 2**18)  # changed: no 304
    limit = ("DOWNLOAD_MAXSIZE=2097152", "DOWNLOAD_WARNSIZE=1048576")
    second = crawl(home / "day2", second_site, database, *NEXT_DAY, *limit)
    return Crawls(home, first, second)


def details(crawl: Crawl) -> dict[str, str]:
    return dict(re.findall(r"^(\w+) +(.+)$", crawl.details, re.MULTILINE))


# -- pages --------------------------------------------------------------------------------------


def test_a_5_mb_page_is_fetched_and_its_story_stored(crawls: Crawls) -> None:
    story = crawls.first.export[BIG]
    assert story["title"] == "Allies review air policing over the Baltic region"
    assert story["text"].startswith("Air forces of six Allies met at NATO Headquarters")
    assert "tracking" not in story["text"] and "Related topic" not in story["text"]
    # Over DOWNLOAD_WARNSIZE: Scrapy's warning, no error.
    assert crawls.first.lines("larger than download warn size (2097152)")
    assert not crawls.first.lines("Page too large")


def test_a_page_over_download_maxsize_is_an_error_and_its_stored_story_is_kept(
    crawls: Crawls,
) -> None:
    second = crawls.second
    # (The snapshot server logs no Hit for it: the crawler hangs up while it writes the body.)
    size = (crawls.home / "day2" / "nato-hq" / "news_900001.html").stat().st_size
    [line] = second.lines("Page too large")
    assert line.endswith(
        f"WARNING [spiders.base] Page too large {BIG} (nato-hq): {size} bytes, over"
        f" DOWNLOAD_MAXSIZE=2097152; not read (to read it: -s DOWNLOAD_MAXSIZE={size} or more)"
    )
    assert second.lines("larger than download max size (2097152)")  # Scrapy's own line
    assert len(second.refused()) == 8  # refused again: see the test of refused documents
    assert details(second)["errors"] == "9"
    assert "Page too large" in second.details  # among the run's first warnings
    # The story stored from the page when it was smaller is kept as it was: not gone.
    assert second.export[BIG] == crawls.first.export[BIG]


def test_a_word_paste_in_malformed_html_is_stored_clean_and_without_a_date(
    crawls: Crawls,
) -> None:
    story = crawls.first.export[STORY.format(900002)]
    assert story["title"] == "Defence planners discuss reform with partners"
    assert story["published"] is None
    for residue in ("mso-", "o:p", "[if", "endif", "MsoNormal", "<"):
        assert residue not in story["text"]


def test_an_undated_story_is_in_the_feed_without_a_date(crawls: Crawls) -> None:
    for name in ("all.rss", "all.atom"):
        feed = feedparser.parse((crawls.home / "day1" / "feeds" / name).read_bytes())
        assert not feed.bozo, feed.get("bozo_exception")
        [entry] = [e for e in feed.entries if e.link == STORY.format(900002)]
        assert "published" not in entry
        assert entry.title == "Defence planners discuss reform with partners"


def test_empty_and_binary_pages_are_no_story_and_no_error(crawls: Crawls) -> None:
    first = crawls.first
    for number in (900003, 900004, 900005):  # empty, a PDF and a PNG served as text/html
        assert any(hit.path.endswith(f"news_{number}.htm") for hit in first.hits)
        assert STORY.format(number) not in first.export
    assert not first.lines("Extraction failed")
    assert not first.lines("Traceback")
    summary = dict(zip(*(line.split() for line in first.stdout.splitlines()[:2]), strict=True))
    assert summary["status"] == "finished"
    assert int(summary["no-story"]) >= 3  # the empty page, the PDF and the PNG among them
    assert "%PDF" not in json.dumps(list(first.export.values()))


def test_stories_in_languages_the_newsroom_does_not_declare_keep_their_own(
    crawls: Crawls,
) -> None:
    # The newsroom declares ["en"]: a German and a Serbian story are stored, tagged as they are.
    assert crawls.first.export[STORY.format(900006)]["language"] == "de"
    assert crawls.first.export[STORY.format(900007)]["language"] == "sr-Cyrl"


# -- feeds and sitemaps -------------------------------------------------------------------------


def test_unsafe_and_malformed_feeds_and_sitemaps_are_refused_with_a_line_each(
    crawls: Crawls,
) -> None:
    first = crawls.first
    entities = "XML entities are not read (an XML bomb or an external entity)"
    feeds = "https://www.nato.int/cps/rss/en/natohq/"
    assert sorted(first.refused()) == sorted(
        [
            f"Refused feed {feeds}xxe.xml (nato-hq): {entities}: entity 'x' SYSTEM"
            " 'file:///etc/passwd'",
            f"Refused feed {feeds}laughs.xml (nato-hq): {entities}: entity 'l0'",
            f"Refused feed {feeds}truncated.xml (nato-hq): malformed XML: no element found:"
            " line 4, column 65",
            f"Refused feed {feeds}html.xml (nato-hq): malformed XML: mismatched tag: line 2,"
            " column 138",
            "Refused sitemap https://www.nato.int/sitemap-xxe.xml (nato-hq):"
            f" {entities}: entity 'x' SYSTEM 'file:///etc/passwd'",
            f"Refused sitemap https://www.nato.int/sitemap-laughs.xml (nato-hq): {entities}:"
            " entity 'l0'",
            "Refused sitemap https://www.nato.int/sitemap-truncated.xml (nato-hq): malformed"
            " XML: no element found: line 4, column 54",
            "Refused sitemap https://www.nato.int/sitemap-cp1251.xml (nato-hq): malformed XML:"
            " not well-formed (invalid token): line 4, column 5",
        ]
    )
    assert details(first)["errors"] == "8"
    assert first.details.count("Refused ") == 8
    # A refused document is fetched in full by the next crawl, not answered 304, and refused
    # (and counted) again, crawl after crawl, until the newsroom mends it.
    assert sorted(crawls.second.refused()) == sorted(first.refused())
    for line in first.refused():
        path = urlsplit(line.split()[2]).path
        assert [(h.conditional, h.status) for h in crawls.second.hits if h.path == path] == [
            (False, 200)
        ]


def test_refused_documents_are_not_read_for_links_and_the_crawl_goes_on(crawls: Crawls) -> None:
    first = crawls.first
    paths = [hit.path for hit in first.hits]
    # 900008 is in the truncated sitemap only, 900009 in the refused feeds only.
    assert not [p for p in paths if "900008" in p or "900009" in p]
    assert not [p for p in paths if "&" in p or "%26" in p or "passwd" in p or "l9" in p]
    # The good feed and sitemap are read: the stories they and the listing link are stored.
    for number in (125845, 900001, 900002, 900006, 900007):
        assert STORY.format(number) in first.export
    assert details(first)["status"].startswith("finished")


def test_no_file_an_external_entity_names_is_ever_read(crawls: Crawls) -> None:
    assert PASSWD in Path("/etc/passwd").read_text(encoding="utf-8")
    for crawl in (crawls.first, crawls.second):
        assert PASSWD not in crawl.log
        assert PASSWD not in json.dumps(list(crawl.export.values()))
        assert not [hit for hit in crawl.hits if "root" in hit.path]
    for feed in (crawls.home / "day1" / "feeds").iterdir():
        assert PASSWD not in feed.read_text(encoding="utf-8")

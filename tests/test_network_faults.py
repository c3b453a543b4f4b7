"""Network and HTTP faults, and a crawl that stays on its newsroom's hosts.

NATO HQ's demo snapshot is crawled through the CLI (`tests.support.crawls.crawl_snapshots`)
from the overlays in ``tests/faults/`` (its README.md describes each): a server that answers 5xx
and 410 for stored stories, redirect chains, loops and open redirects, slow, stalled, truncated
and reset answers, and pages that link ``file:``, ``ftp:`` and private addresses. Each test reads
what the snapshot server was asked, the export, the run's ``crawl_run`` row and its log file. The
host check that keeps a crawl on its newsroom's hosts is tested alone in ``test_offsite.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from crawler.cli import cli
from crawler.snapshots import DEMO_SITES
from storage.runs import CrawlRuns, RunRecord
from tests.support.crawls import HQ, NEXT_DAY, RS, Crawl, copy_database, crawl_snapshots

pytestmark = pytest.mark.crawl

FAULTS = Path(__file__).parent / "faults"
KEY = "nato-hq"
NEWS = HQ + "/cps/en/natohq/news_{}.htm"
FAST = ("RETRY_BACKOFF_BASE=0.1",)
RETRY_TIMES = 2  # crawler.components.settings


@dataclass(frozen=True)
class Faulted:
    """A crawl of one fault overlay: the crawl, its ``crawl_run`` row and its run log."""

    crawl: Crawl
    run: RunRecord
    log: list[str]

    def lines(self, pattern: str) -> list[str]:
        return [line for line in self.log if re.search(pattern, line)]

    def groups(self, pattern: str) -> list[tuple[str, ...]]:
        """The groups of ``pattern`` in each log line it matches."""
        return [m.groups() for line in self.log if (m := re.search(pattern, line))]

    def fetch_failed(self, url: str) -> list[str]:
        return self.lines(rf"WARNING \[spiders\.base\] Fetch failed {re.escape(url)} \({KEY}\): ")

    def retries(self, url: str) -> list[float]:
        """The back-off waits before each retry of ``url``, in order
        (`crawler.components.retry`)."""
        found = self.lines(rf"Retry \d of {re.escape(url)} in [\d.]+s \({KEY}\)$")
        return [float(re.findall(r" in ([\d.]+)s ", line)[0]) for line in found]

    def stored(self, url: str) -> list[dict[str, Any]]:
        return [row for row in self.crawl.export if url in row["urls"]]

    def statuses(self, url: str) -> list[int]:
        return [hit.status for hit in self.crawl.asked(HQ, url.removeprefix(HQ))]


def faulted(overlay: str, database: Path, *settings: str, also: tuple[Path, ...] = ()) -> Faulted:
    """Crawl nato-hq from ``tests/faults/<overlay>`` (and serve ``also``) into ``database``."""
    done = crawl_snapshots([FAULTS / overlay / KEY, *also], database, *settings, only=KEY)
    runs = CrawlRuns.open(done.url)
    try:
        run = runs.recent(newsroom=KEY, limit=1)[0]
    finally:
        runs.close()
    log = Path(str(run.log_path)).read_text(encoding="utf-8").splitlines()
    return Faulted(done, run, log)


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("network-faults")


@pytest.fixture(scope="module")
def hq_day_one(home: Path) -> Crawl:
    """NATO HQ's demo snapshot crawled into an empty database: its 15 stories stored."""
    return crawl_snapshots([DEMO_SITES / KEY], home / "day1.sqlite3", only=KEY)


# -- 500, 503 and 410 for stored stories ---------------------------------------------------------

FAILING = {NEWS.format(125845): 500, NEWS.format(125790): 503}
REMOVED = NEWS.format(125722)


@pytest.fixture(scope="module")
def server_errors(home: Path, hq_day_one: Crawl) -> Faulted:
    """The day after day one: two stored stories answer 500 and 503 every time, one 410."""
    database = copy_database(hq_day_one.database, home / "server-errors.sqlite3")
    return faulted("server-errors", database, *NEXT_DAY, *FAST)


@pytest.mark.parametrize("url", sorted(FAILING))
def test_a_page_that_keeps_failing_with_5xx_is_retried_with_growing_waits(
    server_errors: Faulted, url: str
) -> None:
    assert server_errors.statuses(url) == [FAILING[url]] * (1 + RETRY_TIMES)
    first, second = server_errors.retries(url)
    assert first < second


@pytest.mark.parametrize("url", sorted(FAILING))
def test_a_page_that_keeps_failing_with_5xx_is_an_error_of_the_run(
    server_errors: Faulted, url: str
) -> None:
    run = server_errors.run
    reason = {500: "500 Internal Server Error", 503: "503 Service Unavailable"}[FAILING[url]]
    gave_up = f"Gave up retrying <GET {url}> (failed {1 + RETRY_TIMES} times): {reason}"
    # One line per failure where ops look (stderr, `runs show`); the retries in the run log.
    assert not [line for line in run.error_lines if line.endswith(gave_up)]
    assert len(server_errors.lines(" INFO  .*" + re.escape(gave_up) + "$")) == 1
    assert len([line for line in run.error_lines if f"Fetch failed {url} ({KEY})" in line]) == 1
    [failed] = server_errors.fetch_failed(url)
    assert failed.endswith(f": HTTP {FAILING[url]}")


def test_5xx_pages_are_the_only_errors_of_the_run(server_errors: Faulted) -> None:
    run = server_errors.run
    assert (run.status, run.errors, run.counters["errors/fetch"]) == ("finished", 2, 2)
    assert run.counters["retry/max_reached"] == 2
    assert len(run.error_lines) == 2  # a "Fetch failed" line each
    assert all(any(url in line for url in FAILING) for line in run.error_lines)
    assert server_errors.crawl.summary[KEY]["errors"] == "2"


def test_runs_show_names_the_failing_pages(server_errors: Faulted) -> None:
    database = server_errors.crawl.url
    shown = CliRunner().invoke(cli, ["runs", "--db", database, "show", server_errors.run.run_id])
    assert shown.exit_code == 0
    assert re.search(r"^errors +2$", shown.output, re.MULTILINE)
    listed = shown.output.split("first errors and warnings (2):\n", 1)[1]
    for url in FAILING:
        assert f"Fetch failed {url} ({KEY})" in listed


@pytest.mark.parametrize("url", sorted(FAILING))
def test_a_stored_story_whose_page_fails_with_5xx_is_kept_as_it_was(
    hq_day_one: Crawl, server_errors: Faulted, url: str
) -> None:
    assert server_errors.crawl.row(url) == hq_day_one.row(url)
    assert server_errors.crawl.row(url)["gone"] is None


def test_a_stored_story_answering_410_is_kept_marked_gone_and_not_retried(
    hq_day_one: Crawl, server_errors: Faulted
) -> None:
    assert server_errors.statuses(REMOVED) == [410]
    before, after = hq_day_one.row(REMOVED), server_errors.crawl.row(REMOVED)
    assert before["gone"] is None and after["gone"] is not None
    assert {k: v for k, v in after.items() if k != "gone"} == {
        k: v for k, v in before.items() if k != "gone"
    }
    run = server_errors.run
    assert (run.stories_gone, run.counters["pages/http-410"]) == (1, 1)
    assert not [line for line in server_errors.log if REMOVED in line and "WARNING" in line]
    assert server_errors.retries(REMOVED) == []


# -- redirects ------------------------------------------------------------------------------

CHAIN = [NEWS.format(n) for n in (125660, 125661, 125662, 125663)]
LONG_CHAIN = [NEWS.format(n) for n in range(125845, 125850)]
LOOP = [NEWS.format(125590), NEWS.format(125591)]
TO_EVIL = NEWS.format(125533)
EVIL = "https://evil.example/cps/en/natohq/news_125533.htm"
FRENCH_START = HQ + "/cps/fr/natohq/news.htm"


@pytest.fixture(scope="module")
def redirects(home: Path) -> Faulted:
    """NATO HQ with a 3-hop chain, a 4-hop chain, a loop and two redirects to other hosts,
    crawled into an empty database with ``REDIRECT_MAX_TIMES=3``; the Mission of Serbia's
    snapshot (an open redirect's target) is served too."""
    database = home / "redirects.sqlite3"
    return faulted(
        "redirects",
        database,
        *FAST,
        "REDIRECT_MAX_TIMES=3",
        also=(DEMO_SITES / "rs-mission-nato",),
    )


def test_a_redirect_chain_stores_the_story_once_under_its_final_url(
    hq_day_one: Crawl, redirects: Faulted
) -> None:
    *hops, final = CHAIN
    assert [redirects.statuses(url) for url in CHAIN] == [[301], [302], [301], [200]]
    [story] = [row for row in redirects.crawl.export if set(row["urls"]) & set(CHAIN)]
    assert story["url"] == final
    assert sorted(story["urls"]) == sorted(CHAIN)  # the hops are joined as its other URLs
    assert story["title"] == hq_day_one.row(hops[0])["title"]
    assert story["text"] == hq_day_one.row(hops[0])["text"]
    assert not [line for line in redirects.run.error_lines if any(u in line for u in CHAIN)]


def test_a_redirect_chain_longer_than_redirect_max_times_is_one_error(
    redirects: Faulted,
) -> None:
    *hops, final = LONG_CHAIN
    assert [redirects.statuses(url) for url in hops] == [[301]] * 4
    assert redirects.statuses(final) == []  # the fourth redirect is not followed
    assert [row for url in LONG_CHAIN for row in redirects.stored(url)] == []
    [line] = redirects.lines(r"Fetch failed .*more than 3 redirects")
    assert line.endswith(" -> ".join(LONG_CHAIN))
    assert line in "\n".join(redirects.run.error_lines)


def test_a_redirect_loop_ends_with_one_error_and_nothing_stored(redirects: Faulted) -> None:
    first, second = LOOP
    assert (redirects.statuses(first), redirects.statuses(second)) == ([302], [302])
    assert [row for url in LOOP for row in redirects.stored(url)] == []
    [line] = redirects.lines(r"Fetch failed .*redirect loop")
    assert line.endswith(f"redirect loop: {first} -> {second} -> {first}")
    assert redirects.fetch_failed(second) == [line]
    assert line in "\n".join(redirects.run.error_lines)


def test_a_crawl_with_redirect_faults_finishes_with_an_error_for_each_broken_chain(
    redirects: Faulted,
) -> None:
    run = redirects.run
    assert (run.status, run.errors, run.counters["errors/fetch"]) == ("finished", 2, 2)
    assert run.stories_new == 12  # 15 but the long chain's, the loop's and the open redirect's


def test_a_redirect_to_another_host_is_never_requested(redirects: Faulted) -> None:
    assert redirects.crawl.paths(RS) == []  # not even its robots.txt
    assert redirects.statuses(TO_EVIL) == [302] and redirects.statuses(FRENCH_START) == [302]
    # Every request the crawler sent reached NATO HQ's server: none went elsewhere.
    assert redirects.run.requests == len(redirects.crawl.hits)
    assert not redirects.lines(r"Fetch failed .*(evil\.example|mfa\.gov\.rs)")
    assert not [row for row in redirects.crawl.export if any(HQ not in u for u in row["urls"])]
    assert [row for row in redirects.crawl.export if TO_EVIL in row["urls"]] == []


def test_a_redirect_to_another_host_is_logged_and_counted_for_its_newsroom(
    redirects: Faulted,
) -> None:
    shape = (
        r"WARNING \[crawler\.components\.offsite\] Offsite redirect not followed (\S+) from (\S+) "
        r"\(nato-hq\)"
    )
    assert sorted(redirects.groups(shape)) == sorted([(EVIL, TO_EVIL), (RS + "/", FRENCH_START)])
    assert redirects.run.counters["links/offsite_redirect"] == 2
    # Counted once, not twice: what is not fetched is what robots.txt forbids (hint links).
    counters = redirects.run.counters
    assert counters.get("links/not-fetched", 0) == counters.get("robotstxt/forbidden", 0)
    assert len([line for line in redirects.run.error_lines if "Offsite redirect" in line]) == 2


# -- slow, stalled, truncated and reset answers ---------------------------------------------

SLOW = NEWS.format(125470)
TOO_SLOW = NEWS.format(125412)
STALLED = NEWS.format(125357)
TRUNCATED = NEWS.format(125290)
RESET_ONCE = NEWS.format(125150)
RESET = NEWS.format(125085)
BROKEN = (TOO_SLOW, STALLED, TRUNCATED, RESET)


@pytest.fixture(scope="module")
def slow(home: Path) -> Faulted:
    """NATO HQ on a slow, unreliable server, crawled into an empty database with a 3 s
    ``DOWNLOAD_TIMEOUT``: six times the slow page's half-second delay, so that a crawl on a
    busy machine (its reactor also runs extraction) still gets the slow answer in time."""
    return faulted("slow", home / "slow.sqlite3", *FAST, "DOWNLOAD_TIMEOUT=3")


@pytest.mark.parametrize("url", [SLOW, RESET_ONCE])
def test_a_slow_answer_in_time_and_a_reset_once_are_stored_without_an_error(
    hq_day_one: Crawl, slow: Faulted, url: str
) -> None:
    assert slow.crawl.row(url)["text"] == hq_day_one.row(url)["text"]
    assert not [line for line in slow.run.error_lines if url in line]
    assert len(slow.retries(url)) == (1 if url == RESET_ONCE else 0)


@pytest.mark.parametrize(
    ("url", "reason", "fetch_failed"),
    [
        (TOO_SLOW, r"took longer than 3\.0 seconds", r": DownloadTimeoutError: Getting "),
        (STALLED, r"took longer than 3\.0 seconds", r": DownloadTimeoutError: Getting "),
        (TRUNCATED, r"", r": ResponseDataLossError: the body ended before its Content-Length$"),
        (RESET, r"Connection to the other side was lost", r": ConnectionLost: Connection to the"),
    ],
)
def test_a_page_that_never_arrives_whole_is_retried_then_one_error_and_not_stored(
    slow: Faulted, url: str, reason: str, fetch_failed: str
) -> None:
    assert slow.stored(url) == []
    first, second = slow.retries(url)
    assert first < second
    [gave_up] = slow.lines(rf"Gave up retrying <GET {re.escape(url)}> \(failed 3 times\): ")
    assert re.search(reason, gave_up)
    [failed] = slow.fetch_failed(url)
    assert re.search(fetch_failed, failed), failed  # one line that says why, not a repr
    assert len([line for line in slow.run.error_lines if f"Fetch failed {url} " in line]) == 1


def test_a_body_shorter_than_its_content_length_is_a_failed_download(slow: Faulted) -> None:
    counters = slow.run.counters
    assert counters["downloader/exception_type_count/scrapy.exceptions.ResponseDataLossError"] == 3
    # Every answer the server began was cut at 6000 of its 10439 bytes, none stored.
    assert {(h.status, h.bytes) for h in slow.crawl.asked(HQ, TRUNCATED.removeprefix(HQ))} <= {
        (200, 6000),
        (0, 0),
    }


def test_slow_and_broken_answers_are_the_errors_of_a_finished_run(slow: Faulted) -> None:
    run = slow.run
    assert (run.status, run.errors, run.counters["errors/fetch"]) == ("finished", 4, 4)
    assert run.stories_new == 11  # 15 but the four broken pages'
    assert {r["url"] for r in slow.crawl.export}.isdisjoint(BROKEN)


# -- links to other schemes and to private addresses ----------------------------------------


@pytest.fixture(scope="module")
def links(home: Path) -> Faulted:
    """NATO HQ with a story and a sitemap linking file:, ftp:, data:, javascript: and private,
    loopback and link-local addresses, crawled into an empty database."""
    return faulted("links", home / "links.sqlite3", *FAST)


def test_links_to_other_schemes_and_private_addresses_are_never_requested(links: Faulted) -> None:
    # Every request the crawler sent reached NATO HQ's server, and none for a planted link.
    assert links.run.requests == len(links.crawl.hits)
    assert not [h for h in links.crawl.hits if re.search(r"news_1259\d\d", h.path)]
    assert not links.lines(r"Fetch failed")
    assert (links.run.status, links.run.errors, links.run.stories_new) == ("finished", 0, 15)


def test_links_on_a_newsrooms_host_by_another_scheme_are_dropped_with_a_log_line(
    links: Faulted,
) -> None:
    # Dropped where they are read (a page's links, a sitemap's entries) or sent.
    shape = (
        r"INFO  \[(?:spiders\.base|crawler\.offsite)\] Offsite (?:link not followed|request not "
        r"sent) (\S+) \(nato-hq\)$"
    )
    assert sorted(links.groups(shape)) == [
        ("ftp://www.nato.int/cps/en/natohq/news_125902.htm",),
        ("ftp://www.nato.int/cps/en/natohq/news_125912.htm",),
    ]
    # Those two, the sitemap's six entries on other hosts, the story's ten planted file: and
    # private-address links; and every page's links to other sites (social media).
    assert links.run.counters["links/offsite"] >= 2 + 6 + 10
    # Counted once, not twice: what is not fetched is what robots.txt forbids (hint links).
    counters = links.run.counters
    assert counters.get("links/not-fetched", 0) == counters.get("robotstxt/forbidden", 0)
    assert [h.status for h in links.crawl.asked(HQ, "/robots.txt")] == [200]

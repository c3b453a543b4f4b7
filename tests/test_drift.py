"""NATO HQ's snapshot drifting on a later day, and what ``newsroom health`` says of it.

The history: the demo site crawled three times into one SQLite file, the first crawl and two
that read every page again (``--backfill``, every stored story due for a re-check), so the
newsroom has three finished runs that read its listings and its 15 stories, every field read
by the family's selectors. Each later day copies that file and crawls one overlay of
``tests/drift`` (``tests/drift/README.md``): a new article template that the selectors no
longer match ("layout changed?"), older stories behind a sign-in page ("yield dropped"), and
listings whose story links are gone (the existing "no story" CRITICAL).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import Result

from crawler.snapshots import DEMO_SITES, serve_snapshots
from storage.runs import CrawlRuns, RunRecord
from tests.support.cli import invoke, run_cli
from tests.support.databases import copy_at, url_at

pytestmark = pytest.mark.crawl

DRIFT = Path(__file__).parent / "drift"
KEY = "nato-hq"
#: NATO HQ's start pages only: the overlays change what its listings and stories show.
NEWSROOMS = """
[[newsroom]]
key = "nato-hq"
name = "NATO HQ news"
family = "nato-hq"
start_urls = [
  "https://www.nato.int/cps/en/natohq/news.htm",
  "https://www.nato.int/cps/fr/natohq/news.htm",
]
languages = ["en", "fr"]
every = "1h"
timezone = "Europe/Brussels"
"""
#: Every page read again and every stored story due for a re-check: runs that read new pages.
AGAIN = ("--backfill", "-s", "RECHECK_FACTOR=0", "-s", "RECHECK_LEAST_HOURS=0")


@dataclass(frozen=True)
class Home:
    """One database and its newsrooms file."""

    root: Path
    newsrooms: Path

    @property
    def url(self) -> str:
        return url_at(self.root / "newsroom.sqlite3")

    def crawl(self, site: Path, *extra: str) -> None:
        with serve_snapshots([site]) as origins:
            run_cli(
                "crawl",
                "--newsrooms",
                str(self.newsrooms),
                "--db",
                self.url,
                "--no-feeds",
                "--log-level",
                "WARNING",
                "-s",
                f"LOG_DIR={self.root / 'logs'}",
                "-s",
                f"METRICS_FILE={self.root / 'metrics.prom'}",
                "-s",
                f"LOOPBACK_ORIGINS={json.dumps(origins)}",
                "-s",
                "AUTOTHROTTLE_ENABLED=False",
                *extra,
            )

    def health(self, *extra: str) -> Result:
        return invoke("health", "--db", self.url, "--newsrooms", str(self.newsrooms), *extra)

    def last_run(self) -> RunRecord:
        runs = CrawlRuns.open(self.url)
        try:
            return runs.recent(newsroom=KEY, limit=1)[0]
        finally:
            runs.close()

    def runs_show(self, run: RunRecord) -> str:
        return invoke("runs", "--db", self.url, "show", run.run_id).output

    def export(self) -> list[dict[str, object]]:
        out = run_cli("export", "--db", self.url).stdout
        return [json.loads(line) for line in out.splitlines()]

    def copy(self, root: Path) -> Home:
        root.mkdir()
        copy_at(self.root / "newsroom.sqlite3", root / "newsroom.sqlite3")
        return Home(root, self.newsrooms)


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Home:
    root = tmp_path_factory.mktemp("drift")
    newsrooms = root / "newsrooms.toml"
    newsrooms.write_text(NEWSROOMS, encoding="utf-8")
    home = Home(root / "history", newsrooms)
    home.root.mkdir()
    home.crawl(DEMO_SITES / KEY)
    home.crawl(DEMO_SITES / KEY, *AGAIN)
    home.crawl(DEMO_SITES / KEY, *AGAIN)
    return home


def later(history: Home, tmp_path: Path, overlay: str, *extra: str) -> Home:
    """The history's database, crawled once more with the ``overlay`` of NATO HQ."""
    home = history.copy(tmp_path / overlay)
    home.crawl(DRIFT / overlay / KEY, *extra)
    return home


def test_the_history_is_healthy_and_every_field_came_from_the_selectors(history: Home) -> None:
    done = history.health()
    assert (done.exit_code, done.output) == (0, "OK: 1 newsroom healthy (nato-hq)\n")
    run = history.last_run()
    assert (run.fresh_reads, run.stories) == (35, 15)
    assert "fields     title: selector 15; published: selector 15; body: selector 15" in (
        history.runs_show(run)
    )
    stories = history.export()
    assert len(stories) == 15
    assert all(
        s["provenance"] == {"title": "selector", "published": "selector", "body": "selector"}
        for s in stories
    )


def test_a_new_template_the_selectors_miss_warns_that_the_layout_changed(
    history: Home, tmp_path: Path
) -> None:
    home = later(history, tmp_path, "layout", *AGAIN)
    run = home.last_run()
    # The generic reading still reads every story, as it was: nothing is lost or changed.
    assert (run.fresh_reads, run.stories, run.stories_unchanged) == (35, 15, 15)
    assert [(s["title"], s["published"]) for s in home.export()] == [
        (s["title"], s["published"]) for s in history.export()
    ]
    done = home.health()
    assert done.exit_code == 1
    [line] = done.output.splitlines()
    assert line.startswith(f"WARNING nato-hq: layout changed? in its last run {run.run_id[:8]}")
    for finding in (
        "title of 100% of its 15 stories read by a fallback, not the family's selector "
        "(15 structured), against 0%",
        "published of 100% of its 15 stories read by a fallback, not the family's selector "
        "(13 dateline, 2 generic), against 0%",
        "body of 100% of its 15 stories read by a fallback, not the family's selector "
        "(15 generic), against 0%",
    ):
        assert finding in line
    assert "`newsroom extract PAGE --url URL --newsroom nato-hq`" in line
    assert line.endswith(f"see `newsroom runs show {run.run_id[:8]}`")
    assert "title: structured 15; published: dateline 13, generic 2; body: generic 15" in (
        home.runs_show(run)
    )


def test_a_page_of_the_new_template_says_where_its_fields_came_from(history: Home) -> None:
    page = DRIFT / "layout" / KEY / "pages" / "en" / "news_125845.html"
    out = run_cli(
        "extract",
        str(page),
        "--url",
        "https://www.nato.int/cps/en/natohq/news_125845.htm",
        "--newsroom",
        KEY,
        "--newsrooms",
        str(history.newsrooms),
    ).stdout
    story = json.loads(out)
    assert story["title"] == "NATO Defense College graduates Senior Course"
    assert story["published"] == "2015-12-16"
    # Its date is read from the line under its heading, a dateline.
    assert story["provenance"] == {
        "title": "structured",
        "published": "dateline",
        "body": "generic",
    }


def test_stories_behind_a_sign_in_page_warn_that_the_yield_dropped(
    history: Home, tmp_path: Path
) -> None:
    home = later(history, tmp_path, "paywall", *AGAIN)
    run = home.last_run()
    assert (run.fresh_reads, run.stories, run.counters["pages/too-short"]) == (35, 5, 22)
    done = home.health()
    assert done.exit_code == 1
    [line] = done.output.splitlines()
    assert line.startswith(f"WARNING nato-hq: yield dropped: its last run {run.run_id[:8]}")
    assert "saw 5 stories in 35 pages read, 0.14 a page, against a median of 0.43" in line
    assert "22 pages too short or untitled to be stories, 5 listings" in line
    assert line.endswith(f"see `newsroom runs show {run.run_id[:8]}`")
    assert "too-short 22" in home.runs_show(run)
    assert len(home.export()) == 15  # the stored stories stay


def test_listings_without_story_links_are_critical_as_before(history: Home, tmp_path: Path) -> None:
    home = later(history, tmp_path, "no-links")
    run = home.last_run()
    assert (run.fresh_reads, run.stories) == (2, 0)
    done = home.health("--silent-runs", "1")
    assert done.exit_code == 2
    [line] = done.output.splitlines()
    assert line.startswith("CRITICAL nato-hq: no story in its last run that read new pages")
    assert "has the site's layout changed?" in line

"""End to end: the real spiders crawl the snapshot sites on loopback through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest

from crawler.core.newsrooms import load_newsrooms
from crawler.snapshots import DEMO_SITES
from crawler.snapshots.groundtruth import load_expected, score
from storage.repository import Repository
from tests.support.cli import run_cli
from tests.support.databases import url_at

pytestmark = pytest.mark.crawl
NEWSROOMS = DEMO_SITES / "newsrooms.toml"


def crawl(origins: dict[str, str], database_url: str, feeds: Path, *extra: str) -> str:
    return run_cli(
        "crawl",
        "--newsrooms",
        str(NEWSROOMS),
        "--db",
        database_url,
        "--feeds-dir",
        str(feeds),
        "--log-level",
        "WARNING",
        "-s",
        f"LOOPBACK_ORIGINS={json.dumps(origins)}",
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
        *extra,
    ).stdout


@pytest.fixture(scope="module")
def crawled(
    tmp_path_factory: pytest.TempPathFactory, snapshot_origins: dict[str, str]
) -> dict[str, object]:
    """One crawl of the three snapshot sites, then a second crawl of the same sites."""
    home = tmp_path_factory.mktemp("crawl")
    url = url_at(home / "newsroom.sqlite3")
    first = crawl(snapshot_origins, url, home / "feeds")
    export_one = run_cli("export", "--db", url).stdout
    second = crawl(snapshot_origins, url, home / "feeds")
    export_two = run_cli("export", "--db", url).stdout
    return {
        "url": url,
        "home": home,
        "first": first,
        "second": second,
        "export_one": export_one,
        "export_two": export_two,
    }


@pytest.mark.parametrize("key", ["rs-mission-nato", "nato-mlo-belgrade", "nato-hq"])
def test_every_story_stored_once_with_its_title_date_language_and_urls(
    crawled: dict[str, object], key: str
) -> None:
    repository = Repository.open(str(crawled["url"]))
    family = load_newsrooms(NEWSROOMS)[key].family
    result = score(repository.stories(newsroom=key), load_expected(DEMO_SITES / key), family)
    assert result.problems == []
    assert result.found == result.present > 0


def test_the_summary_names_each_newsroom_and_what_it_found(crawled: dict[str, object]) -> None:
    lines = {line.split()[0]: line.split() for line in str(crawled["first"]).splitlines() if line}
    header = lines["newsroom"]
    for key, stories in (("rs-mission-nato", 16), ("nato-mlo-belgrade", 11), ("nato-hq", 15)):
        row = dict(zip(header, lines[key], strict=False))
        assert row["status"] == "finished"
        assert int(row["new"]) == stories
        assert int(row["errors"]) == 0


def test_a_second_crawl_stores_nothing_new(crawled: dict[str, object]) -> None:
    lines = [line.split() for line in str(crawled["second"]).splitlines() if line]
    header = lines[0]
    rows = [dict(zip(header, line, strict=False)) for line in lines[1:4]]
    assert [int(r["new"]) for r in rows] == [0, 0, 0]
    assert [int(r["updated"]) for r in rows] == [0, 0, 0]
    assert all(r["status"] == "finished" and int(r["errors"]) == 0 for r in rows)
    assert all(int(r["pages"]) > 0 for r in rows)  # it looked (conditional requests: 304s)
    assert crawled["export_one"] == crawled["export_two"]


def test_export_is_one_json_object_per_story(crawled: dict[str, object]) -> None:
    rows = [json.loads(line) for line in str(crawled["export_one"]).splitlines()]
    assert len(rows) == 42
    assert len({r["id"] for r in rows}) == 42
    fields = {
        "id",
        "newsroom",
        "url",
        "urls",
        "title",
        "published",
        "updated",
        "language",
        "text",
        "first_seen",
    }
    assert all(fields <= set(r) for r in rows)
    twins = [r for r in rows if set(r["languages"]) == {"sr-Latn", "sr-Cyrl"}]
    assert len(twins) == 6 and all(len(r["urls"]) == 2 for r in twins)


@pytest.mark.parametrize("name", ["all", "rs-mission-nato", "nato-mlo-belgrade", "nato-hq"])
@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_crawl_writes_feeds_readers_can_parse(
    crawled: dict[str, object], name: str, fmt: str
) -> None:
    parsed = feedparser.parse((Path(str(crawled["home"])) / "feeds" / f"{name}.{fmt}").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.entries
    assert len({e.id for e in parsed.entries}) == len(parsed.entries)


def test_feed_command_filters_by_newsroom_and_language(
    crawled: dict[str, object], tmp_path: Path
) -> None:
    out = tmp_path / "sr.atom"
    run_cli(
        "feed",
        "--db",
        str(crawled["url"]),
        "--format",
        "atom",
        "--newsroom",
        "rs-mission-nato",
        "--language",
        "sr-Cyrl",
        "--limit",
        "10",
        "-o",
        str(out),
    )
    parsed = feedparser.parse(out.read_bytes())
    assert not parsed.bozo
    assert len(parsed.entries) == 4
    published = [e.published_parsed for e in parsed.entries]
    assert published == sorted(published, reverse=True)


def test_the_demo_crawls_the_snapshots_and_leaves_valid_feeds(tmp_path: Path) -> None:
    done = run_cli("demo", "--out", str(tmp_path / "demo"))
    out = done.stdout
    for key in ("rs-mission-nato", "nato-mlo-belgrade", "nato-hq"):
        assert any(line.startswith(key) and " finished " in line for line in out.splitlines())
    # A clean crawl warns of nothing: parts that do not apply (a shared crawl's) stay silent.
    assert [line for line in done.stderr.splitlines() if "WARNING" in line] == []
    for fmt in ("rss", "atom"):
        parsed = feedparser.parse((tmp_path / "demo" / "feeds" / f"all.{fmt}").read_bytes())
        assert not parsed.bozo and len(parsed.entries) == 42
    assert Repository.open(f"sqlite:///{tmp_path / 'demo' / 'newsroom.sqlite3'}").count() == 42
    # Its database, served as the README says, tells of the run that filled it.
    database = f"sqlite:///{tmp_path / 'demo' / 'newsroom.sqlite3'}"
    keys = ("rs-mission-nato", "nato-mlo-belgrade", "nato-hq")
    runs = [line.split() for line in run_cli("runs", "--db", database).stdout.splitlines()[1:]]
    assert sorted((row[1], row[4]) for row in runs) == sorted((k, "finished") for k in keys)
    assert sum(int(row[7]) for row in runs) == 42
    newsrooms = str(DEMO_SITES / "newsrooms.toml")
    health = run_cli("health", "--db", database, "--newsrooms", newsrooms)
    assert health.stdout == f"OK: 3 newsrooms healthy ({', '.join(keys)})\n"
    assert (tmp_path / "demo" / "metrics.prom").exists()

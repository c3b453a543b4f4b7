"""The pipelines between a fetched page and the database: extraction outcomes become items."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from scrapy.exceptions import DropItem
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from crawler.components.pipelines import ExtractionPipeline, StoragePipeline
from crawler.core.items import Article, GoneItem, PageItem
from crawler.core.keys import text_keys
from crawler.snapshots import DEMO_SITES
from storage.repository import Repository
from tests.support.spiders import spider_for

SITE = DEMO_SITES / "rs-mission-nato" / "pages"
FETCHED = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def _pipeline() -> tuple[ExtractionPipeline, MemoryStatsCollector]:
    spider = spider_for("rs-mission-nato")
    crawler = get_crawler(type(spider))
    crawler.spider = spider
    crawler.stats = stats = MemoryStatsCollector(crawler)
    return ExtractionPipeline(crawler), stats


def test_a_cutenews_page_saying_the_story_is_missing_marks_it_gone() -> None:
    pipeline, stats = _pipeline()
    page = PageItem(
        newsroom="rs-mission-nato",
        url="http://nato-brussels.mfa.gov.rs/index.php?subaction=showfull&id=1479904800&ucat=1",
        status=200,
        body=(SITE / "en-not-found-1479904800.html").read_bytes(),
        fetched_at=FETCHED,
        content_type="text/html",
    )
    gone = pipeline.process_item(page)
    assert gone == GoneItem(
        "rs-mission-nato",
        "http://nato-brussels.mfa.gov.rs/index.php?id=1479904800&subaction=showfull",
        200,
        FETCHED,
    )
    assert stats.get_value("newsroom/rs-mission-nato/pages/gone") == 1


def test_a_page_without_a_story_is_dropped_and_counted_by_reason() -> None:
    pipeline, stats = _pipeline()
    page = PageItem(
        newsroom="rs-mission-nato",
        url="http://nato-brussels.mfa.gov.rs/index.php?subaction=list-archive",
        status=200,
        body=(SITE / "en-list-archive.html").read_bytes(),
        fetched_at=FETCHED,
        content_type="text/html",
    )
    with pytest.raises(DropItem):
        pipeline.process_item(page)
    assert stats.get_value("newsroom/rs-mission-nato/pages/listing") == 1


def test_an_extractor_failure_on_a_story_page_is_a_counted_error_not_a_page_without_a_story(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The nato-hq newsroom read by the generic family: trafilatura reads the whole page.
    spider = spider_for("nato-hq", family="generic")
    crawler = get_crawler(type(spider))
    crawler.spider = spider
    crawler.stats = stats = MemoryStatsCollector(crawler)
    monkeypatch.setattr("trafilatura.bare_extraction", lambda *a, **k: None)
    page = PageItem(
        newsroom="nato-hq",
        url="https://www.nato.int/cps/en/natohq/news_125357.htm",
        status=200,
        body=(DEMO_SITES / "nato-hq" / "pages" / "en" / "news_125357.html").read_bytes(),
        fetched_at=FETCHED,
        content_type="text/html; charset=utf-8",
    )
    with pytest.raises(DropItem):
        ExtractionPipeline(crawler).process_item(page)
    counters = {k: v for k, v in stats.get_stats().items() if k.startswith("newsroom/")}
    assert counters == {"newsroom/nato-hq/errors/extraction": 1}


def test_an_extractor_that_raises_is_one_error_line_with_its_traceback(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """One ERROR line (with the traceback, for the run log) and a drop logged at DEBUG: ops see
    the failure once on stderr and in ``runs show``, not twice."""

    def broken(*args: object) -> None:
        raise RuntimeError("the extractor broke")

    pipeline, stats = _pipeline()
    monkeypatch.setattr("crawler.components.workers.extract", broken)
    page = PageItem(
        newsroom="rs-mission-nato",
        url="http://nato-brussels.mfa.gov.rs/index.php?subaction=list-archive",
        status=200,
        body=(SITE / "en-list-archive.html").read_bytes(),
        fetched_at=FETCHED,
        content_type="text/html",
    )
    with caplog.at_level("DEBUG"), pytest.raises(DropItem) as dropped:
        pipeline.process_item(page)
    errors = [r.getMessage().splitlines() for r in caplog.records if r.levelname == "ERROR"]
    assert [lines[0] for lines in errors] == [
        f"Extraction failed {page.url} (rs-mission-nato): the extractor broke"
    ]
    (lines,) = errors
    assert lines[1] == "Traceback (most recent call last):"
    assert lines[-1] == "RuntimeError: the extractor broke"
    assert dropped.value.log_level == "DEBUG"
    assert stats.get_value("newsroom/rs-mission-nato/errors/extraction") == 1


def _story_page(n: int) -> PageItem:
    url = f"http://nato-brussels.mfa.gov.rs/index.php?subaction=showfull&id={1479904800 + n}"
    text = " ".join(f"story{n}word{i}" for i in range(80))
    story = Article(url, url, f"Story {n}", text, "en", published=date(2016, 11, 23))
    return PageItem(
        "rs-mission-nato", url, 200, f"<p>{text}</p>".encode(), FETCHED, extraction=(story,)
    )


def test_a_page_that_breaks_its_batch_fails_alone_and_the_batch_is_stored(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """Pages are written in batches (one transaction each); a batch that fails is written
    again page by page, so only the page at fault is lost, whole."""
    settings = {"DATABASE_URL": database_url, "STORAGE_BATCH_PAGES": 4, "STORAGE_BATCH_SECONDS": 0}
    spider = spider_for("rs-mission-nato", settings)
    crawler = spider.crawler
    crawler.spider = spider
    pipeline = StoragePipeline(crawler)
    pages = [_story_page(n) for n in range(5)]
    # A bug's page: two dedup keys for its one story (its raw page is written before it fails).
    broken = pages[2]
    broken.keys = (text_keys("one"), text_keys("two"))
    pipeline.open_spider()
    with caplog.at_level("INFO"):
        for page in pages:
            pipeline.process_item(page)
        pipeline.close_spider()
    repository = Repository.open(database_url)
    try:
        stored = {story.url for story in repository.stories()}
        with repository.engine.connect() as connection:
            raw = {url for (url,) in connection.exec_driver_sql("SELECT url FROM raw_page")}
    finally:
        repository.close()
    assert stored == raw == {page.url for page in pages} - {broken.url}
    assert crawler.stats is not None
    assert crawler.stats.get_value("newsroom/rs-mission-nato/stories/new") == 4
    assert crawler.stats.get_value("newsroom/rs-mission-nato/errors/storage") == 1
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert [e.splitlines()[0] for e in errors] == [
        f"Storage failed {broken.url} (rs-mission-nato): zip() argument 2 is longer than argument 1"
    ]

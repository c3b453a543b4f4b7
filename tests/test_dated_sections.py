"""A dated page that indexes the pages read so far is told a section only once the crawl has
read them all: the links of a story's "more" box look like a topic's teasers until the pages
that carry the same box on every page are read (NAEW's newest stories, batch33)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from crawler.components.pipelines import StoragePipeline
from crawler.core.items import Article, PageItem, Source
from crawler.core.sitelinks import TEMPLATE_MIN_PAGES, TEMPLATE_SHARE, SiteLinks
from storage.repository import Repository
from tests.support.spiders import spider_for

KEY = "rs-mission-nato"
ORIGIN = "http://nato-brussels.mfa.gov.rs"
FETCHED = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
#: The newest story, linked from every page's "latest" box (a template link).
STORY = f"{ORIGIN}/lat/mediji/aktivnosti/ambassador-met-the-deputy-secretary-general"
#: Its "more on" box: four topics, linked (it turns out) from most pages too.
TOPICS = [f"{ORIGIN}/lat/teme/{topic}" for topic in ("nato", "partnership", "defence", "visits")]
#: A dated archive page on every page's menu, listing stories no other page links.
ARCHIVE = f"{ORIGIN}/lat/mediji/arhiva"
LISTED = [f"{ORIGIN}/lat/mediji/aktivnosti/archived-visit-number-{n}" for n in range(4)]


def _page(url: str, title: str, links: list[str]) -> PageItem:
    text = " ".join(f"{title.split()[0].lower()}word{i}" for i in range(120))
    story = Article(
        url,
        url,
        title,
        text,
        "sr-Latn",
        published=date(2026, 12, 1),
        provenance={"published": Source.SELECTOR},
    )
    return PageItem(
        KEY, url, 200, f"<p>{text}</p>".encode(), FETCHED, links=tuple(links), extraction=(story,)
    )


def test_a_dated_page_that_indexes_what_was_read_so_far_is_told_once_all_is_read(
    database_url: str,
) -> None:
    spider = spider_for(KEY, {"DATABASE_URL": database_url}, family="generic")
    spider.crawler.spider = spider
    site = SiteLinks()
    spider.site_links = {KEY: site}
    pipeline = StoragePipeline(spider.crawler)
    pipeline.open_spider()
    # The first pages read carry the menu (the story, the archive), not the topics' box.
    for _ in range(TEMPLATE_MIN_PAGES):
        site.saw([STORY, ARCHIVE])
    # The story's page: its topics are linked from one page of seven so far, as teasers are.
    site.saw([STORY, ARCHIVE, *TOPICS])
    story = _page(STORY, "Ambassador met the Deputy Secretary General", [ARCHIVE, *TOPICS])
    assert site.indexes(STORY, story.links)  # what would have made it a section at once
    pipeline.process_item(story)
    site.saw([STORY, ARCHIVE])
    pipeline.process_item(_page(ARCHIVE, "Archive of activities", [STORY, *LISTED]))
    # The pages read later carry the topics' box too: it is a template's.
    while not site.everywhere(TOPICS[0]):
        site.saw([STORY, ARCHIVE, *TOPICS])
    assert site.pages > TEMPLATE_MIN_PAGES + 2
    assert site.regions[""].linked[TOPICS[0]] >= TEMPLATE_SHARE * site.pages
    pipeline.close_spider()
    repository = Repository.open(database_url)
    try:
        stored = {stored.url for stored in repository.stories()}
    finally:
        repository.close()
    # The story is stored; the archive, which still indexes stories no template links, is not.
    assert stored == {STORY}
    stats = spider.crawler.stats
    assert stats is not None
    assert stats.get_value(f"newsroom/{KEY}/pages/not-a-story") == 1

"""Where each story's fields came from (`Article.provenance`), on the demo sites' pages: the
family's selectors, the page's metadata, a dateline, the generic reading, a front page's
blocks; and the ``fields/...`` stats the pipeline counts from it."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime

from crawler.components.pipelines import field_stats
from crawler.core.items import Article, Source
from crawler.core.newsrooms import generic_newsroom, load_newsrooms
from crawler.extraction import extract
from crawler.snapshots import DEMO_SITES

FETCHED = datetime(2026, 11, 24, 12, tzinfo=UTC)
NEWSROOMS = load_newsrooms(DEMO_SITES / "newsrooms.toml")
HQ_PAGE = DEMO_SITES / "nato-hq" / "pages" / "en" / "news_125845.html"
HQ_URL = "https://www.nato.int/cps/en/natohq/news_125845.htm"
RS = DEMO_SITES / "rs-mission-nato" / "pages"
MLO_PAGE = (
    DEMO_SITES / "nato-mlo-belgrade" / "pages" / "en" / "2021-written-article-for-blic-daily.html"
)
MLO_URL = (
    "https://jfcnaples.nato.int/mlo_belgrade/newsroom/news-archive/2021/"
    "written-article-for-blic-daily"
)


def one(result: object) -> Article:
    assert isinstance(result, tuple) and len(result) == 1
    article = result[0]
    assert isinstance(article, Article)
    return article


def test_a_family_page_read_by_its_selectors() -> None:
    article = one(extract(HQ_PAGE.read_bytes(), HQ_URL, NEWSROOMS["nato-hq"], FETCHED))
    assert article.provenance == {
        "title": Source.SELECTOR,
        "published": Source.SELECTOR,
        "body": Source.SELECTOR,
    }


def test_a_byline_split_off_by_the_familys_pattern_is_the_selectors() -> None:
    page = MLO_PAGE.read_bytes()
    article = one(extract(page, MLO_URL, NEWSROOMS["nato-mlo-belgrade"], FETCHED))
    assert article.byline == "Story by JFC Naples Public Affairs Office"
    assert article.provenance["byline"] is Source.SELECTOR


def test_the_same_page_read_without_selectors_is_the_generic_reading_and_its_metadata() -> None:
    article = one(extract(HQ_PAGE.read_bytes(), HQ_URL, generic_newsroom(("en",)), FETCHED))
    assert article.title == "NATO Defense College graduates Senior Course"  # its og:title
    assert article.provenance == {
        "title": Source.STRUCTURED,
        "published": Source.DATELINE,  # the date line under its heading
        "body": Source.GENERIC,
    }


def test_a_cutenews_front_page_shows_stories_dated_by_their_datelines() -> None:
    front = extract(
        (RS / "en-index.html").read_bytes(),
        "http://nato-brussels.mfa.gov.rs/",
        NEWSROOMS["rs-mission-nato"],
        FETCHED,
        listing=True,
    )
    assert isinstance(front, tuple) and len(front) > 1
    for article in front:
        assert article.from_listing
        assert article.provenance["title"] is article.provenance["body"] is Source.LISTING
        assert article.provenance.get("published") is (
            Source.DATELINE if article.published else None
        )


def test_a_cutenews_story_page_is_read_by_its_selectors_and_dated_by_its_dateline() -> None:
    article = one(
        extract(
            (RS / "en-showfull-1510741020.html").read_bytes(),
            "http://nato-brussels.mfa.gov.rs/index.php?subaction=showfull&id=1510741020",
            NEWSROOMS["rs-mission-nato"],
            FETCHED,
        )
    )
    assert article.provenance == {
        "title": Source.SELECTOR,
        "published": Source.DATELINE,
        "body": Source.SELECTOR,
    }


def test_an_undated_story_has_no_date_source() -> None:
    page = HQ_PAGE.read_bytes().replace(b"16 Dec. 2015 -", b"").replace(b"16 December 2015", b"")
    article = one(extract(page, HQ_URL, NEWSROOMS["nato-hq"], FETCHED))
    assert article.published is None
    assert "published" not in article.provenance


def test_extracted_stories_pickle_with_their_sources() -> None:
    articles = extract(HQ_PAGE.read_bytes(), HQ_URL, NEWSROOMS["nato-hq"], FETCHED)
    copied = pickle.loads(pickle.dumps(articles))
    assert copied == articles and copied[0].provenance["body"] is Source.SELECTOR


def test_every_story_counts_one_source_or_missing_per_field() -> None:
    article = Article(
        HQ_URL,
        HQ_URL,
        "A title",
        "A text",
        "en",
        provenance={"title": Source.STRUCTURED, "body": Source.GENERIC},
    )
    assert field_stats(article) == [
        "fields/title/structured",
        "fields/published/missing",
        "fields/body/generic",
        "fields/byline/missing",
    ]

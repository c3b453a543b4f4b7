"""Story or not, by the page itself: a page that links several pages below its own address (a
section, a gallery, a list of videos, ``news.php`` and its ``news.php?subaction=showfull&id=N``)
is their index, while a story that links its neighbours, its attachments or its own other pages
is still a story; a reading whose lines are mostly the page's link texts (a menu around a short
notice) is too short; a short page that says what was asked for is not there is a story gone."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st
from lxml.html import fromstring

from crawler.core.items import Reason, Rejected
from crawler.extraction import extract
from crawler.extraction.classify import (
    MIN_CHILDREN,
    MIN_WORDS,
    indexes_children,
    link_texts,
    too_short,
)
from tests.support.loopback_crawls import newsroom

slugs = st.lists(
    st.text(alphabet="abcdefghij-", min_size=1, max_size=12).filter(lambda s: s.strip("-")),
    min_size=MIN_CHILDREN,
    max_size=12,
    unique=True,
)


def _links(*hrefs: str) -> object:
    anchors = "".join(f'<a href="{href}">link</a>' for href in hrefs)
    return fromstring(f"<html><body><p>Text</p>{anchors}</body></html>")


@given(slugs)
def test_a_section_linking_the_pages_below_it_is_an_index(names: list[str]) -> None:
    url = "https://n.example/en/media/videos"
    tree = _links(*(f"/en/media/videos/2026/{name}" for name in names))
    rejected = indexes_children(url, tree)  # type: ignore[arg-type]
    assert rejected is not None and rejected.reason is Reason.LISTING


@given(slugs)
def test_a_story_linking_its_neighbours_is_no_index(names: list[str]) -> None:
    url = "https://n.example/en/media/videos/2026/review"
    neighbours = [f"/en/media/videos/2026/{name}" for name in names]
    files = [f"/en/media/videos/2026/review/{name}.pdf" for name in names]
    pages = [f"?page={n}" for n in range(len(names))] + ["#comments", "?print=1"]
    tree = _links(
        *neighbours, *files, *pages, "https://elsewhere.example/en/media/videos/2026/review/x"
    )
    assert indexes_children(url, tree) is None  # type: ignore[arg-type]


@given(st.lists(st.integers(1, 10**9), min_size=MIN_CHILDREN, max_size=12, unique=True))
def test_a_script_and_its_queries_are_an_index_but_a_story_and_its_siblings_are_not(
    ids: list[int],
) -> None:
    hrefs = [f"news.php?subaction=showfull&id={n}" for n in ids]
    assert indexes_children("http://n.example/news.php", _links(*hrefs)) is not None  # type: ignore[arg-type]
    story = f"http://n.example/news.php?subaction=showfull&id={ids[0]}"
    assert indexes_children(story, _links(*hrefs)) is None  # type: ignore[arg-type]


def test_fewer_pages_below_than_the_threshold_is_no_index() -> None:
    url = "https://n.example/gallery"
    tree = _links(*(f"/gallery/album-{n}" for n in range(MIN_CHILDREN - 1)))
    assert indexes_children(url, tree) is None  # type: ignore[arg-type]


MENU = ["Home", "News", "About us", "Photo gallery", "Events", "Documents", "Contact", "RSS"]


@given(st.lists(st.sampled_from(MENU), min_size=MIN_WORDS, max_size=80), st.integers(0, 39))
def test_lines_that_are_link_texts_are_no_prose(lines: list[str], prose: int) -> None:
    tree = _links(*(f"/{n}" for n in range(len(MENU))))
    for anchor, text in zip(tree.iter("a"), MENU, strict=False):  # type: ignore[attr-defined]
        anchor.text = text
    notice = " ".join(["word"] * prose)
    text = "\n\n".join([*lines, notice])
    assert too_short(text) is None or len(text.split()) < MIN_WORDS
    rejected = too_short(text, link_texts(tree))  # type: ignore[arg-type]
    assert rejected is not None and rejected.detail == f"{prose} words of prose"


STORY = " ".join(
    f"Sentence {n} of a story about the liaison office and its work." for n in range(8)
)


def _page(notice: str, prose: str = "") -> bytes:
    menu = "".join(f'<li><a href="/{n}.aspx">{item}</a></li>' for n, item in enumerate(MENU))
    return (
        f"<html><head><title>Office</title></head><body><ul>{menu}</ul><h1>News</h1>"
        f"<p>{notice}</p><p>{prose}</p><p><a href='/News.aspx'>Back to news</a></p></body></html>"
    ).encode()


def test_a_short_page_that_says_the_story_is_not_there_is_a_story_gone() -> None:
    for notice in (
        "The requested news item does not exist or has been removed.",
        "Тражена вест не постоји.",
        "Tražena vest nije pronađena.",
        "Cet article n'existe plus.",
        "Error 404 - page not found",
    ):
        result = extract(
            _page(notice),
            "https://n.example/NewsDetails.aspx?id=7",
            newsroom("https://n.example/"),
            datetime(2026, 1, 1, tzinfo=UTC),
        )
        assert isinstance(result, Rejected) and result.reason is Reason.GONE, notice


def test_a_story_that_mentions_a_removal_is_still_a_story() -> None:
    result = extract(
        _page("The page about the old office has been removed from the ministry site.", STORY),
        "https://n.example/NewsDetails.aspx?id=7",
        newsroom("https://n.example/"),
        datetime(2026, 1, 1, tzinfo=UTC),
    )
    assert isinstance(result, tuple) and len(result) == 1

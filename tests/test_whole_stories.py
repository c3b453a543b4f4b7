"""Pages of whole stories read without a family's selectors: sibling blocks of one make, each
with a heading, a permalink of its own and a story's text, are that many stories, each under
its permalink, with the title and date its block states; a story page's boxes of related
stories, and a listing's teasers cut short, are not."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.core.items import Article, Reason, Rejected, Source
from crawler.extraction import extract
from crawler.extraction.classify import MIN_WORDS
from tests.support.loopback_crawls import newsroom
from tests.support.pages import WORDS

SITE = "https://mission.example"
FETCHED = datetime(2026, 12, 3, tzinfo=UTC)
MENU = "".join(
    f'<li><a href="/index.php?do={item}">{item.title()}</a></li>'
    for item in ("mission", "contact", "gallery", "archive", "search")
)


@dataclass(frozen=True)
class Story:
    number: int
    title: str
    day: date
    text: str


def _story(number: int, words: int) -> Story:
    draw = random.Random(number)
    text = " ".join(draw.choices(WORDS, k=words)).capitalize() + "."
    title = f"{draw.choice(WORDS).title()} {draw.choice(WORDS)} meeting number {number}"
    return Story(number, title, date(2017, draw.randint(1, 12), draw.randint(1, 28)), text)


def _table_block(story: Story) -> str:
    """A customised CuteNews template: title and date in a header row, a links row below."""
    query = f"id={story.number}&archive=&start_from=&ucat=1&"
    return (
        f'<table class="vest"><tr><td><font size="2"><b>{story.title}</b></font></td>'
        f'<td align="right">{story.day:%d.%m.%Y}</td></tr>'
        f'<tr><td colspan="2"><font size="2"><p>{story.text}</p></font></td></tr>'
        f'<tr><td colspan="2"><a href="/index.php?subaction=showfull&amp;{query}">Full story</a>'
        f' | <a href="/index.php?subaction=showcomments&amp;{query}">Comments (0)</a></td></tr>'
        "</table><br>"
    )


def _post_block(story: Story) -> str:
    """A blog's home page: the day as a heading, the title linking the post (at an address
    with or without a number), the post, and a label of its own."""
    return (
        f"<div class='date-outer'><h2 class='date-header'>{story.day:%A, %d %B %Y}</h2>"
        f'<div class="post"><h3><a href="/{story.day:%Y/%m}/{_post_name(story)}.html">'
        f"{story.title}</a></h3><div class='body'><p>{story.text}</p></div>"
        f'<div class="labels">Labels: <a href="/search/label/topic-{story.number}">'
        f"topic {story.number}</a></div></div></div>"
    )


def _post_name(story: Story) -> str:
    if story.number % 2:
        return "post-" + "".join(chr(ord("a") + int(digit)) for digit in str(story.number))
    return f"post-{story.number}"


def _permalink(story: Story, template: str) -> str:
    if template == "table":
        return f"{SITE}/index.php?archive=&id={story.number}&start_from=&subaction=showfull&ucat=1"
    return f"{SITE}/{story.day:%Y/%m}/{_post_name(story)}.html"


def _page(blocks: str, main: str = "") -> bytes:
    return (
        f"<html><head><title>Mission</title></head><body><table><tr>"
        f"<td><ul>{MENU}</ul></td><td>{main}{blocks}</td></tr></table>"
        "<p>© Mission 2017</p></body></html>"
    ).encode()


def _extract(
    page: bytes, url: str = f"{SITE}/index.php?subaction=list-archive&archive=1"
) -> object:
    return extract(page, url, newsroom(f"{SITE}/"), FETCHED)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.integers(1, 10**6), min_size=2, max_size=6, unique=True),
    st.integers(MIN_WORDS + 5, 4 * MIN_WORDS),
    st.sampled_from(["table", "post"]),
)
def test_blocks_of_whole_stories_are_each_a_story_under_its_permalink(
    numbers: list[int], words: int, template: str
) -> None:
    stories = [_story(number, words) for number in numbers]
    block = _table_block if template == "table" else _post_block
    result = _extract(_page("".join(block(story) for story in stories)))
    assert isinstance(result, tuple), result
    assert len(result) == len(stories)
    for article, story in zip(result, stories, strict=True):
        assert isinstance(article, Article)
        assert article.url == _permalink(story, template)
        assert article.title == story.title
        assert article.published == story.day
        assert article.text.split()[:8] == story.text.split()[:8]
        assert "Full story" not in article.text and "Labels" not in article.text
        assert article.from_listing and article.provenance["body"] is Source.LISTING


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.integers(MIN_WORDS + 5, 2 * MIN_WORDS),
    st.integers(2, 4),
    st.integers(MIN_WORDS, 10 * MIN_WORDS),
    st.sampled_from(["table", "post"]),
)
def test_a_story_page_with_boxes_of_related_stories_is_one_story(
    words: int, boxes: int, longer: int, template: str
) -> None:
    """However many related stories, each at most a third as long as the story."""
    block = _table_block if template == "table" else _post_block
    related = "".join(block(_story(number, words)) for number in range(2, 2 + boxes))
    story = _story(1, 2 * words + longer)
    main = (
        f"<article><h1>{story.title}</h1><div class='content'><p>Brussels, 5 May 2017 - "
        f"{story.text}</p></div></article><h3>Related</h3>"
    )
    result = _extract(_page(related, main), f"{SITE}/index.php?subaction=showfull&id=1")
    assert isinstance(result, tuple) and len(result) == 1, result
    assert result[0].title == story.title and not result[0].from_listing


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.integers(1, 10**6), min_size=2, max_size=6, unique=True))
def test_teasers_cut_short_are_no_stories_of_their_own(numbers: list[int]) -> None:
    stories = [_story(number, 2 * MIN_WORDS) for number in numbers]
    cut = [Story(s.number, s.title, s.day, s.text.rstrip(".") + " ...") for s in stories]
    result = _extract(_page("".join(_post_block(story) for story in cut)))
    assert isinstance(result, Rejected), result


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.integers(1, 10**6), min_size=2, max_size=6, unique=True),
    st.integers(12, MIN_WORDS - 1),
)
def test_blocks_of_short_teasers_make_a_listing(numbers: list[int], words: int) -> None:
    stories = [_story(number, words) for number in numbers]
    result = _extract(_page("".join(_table_block(story) for story in stories)))
    assert isinstance(result, Rejected) and result.reason is Reason.LISTING, result

"""A story is gone when its own page goes, or when every page it was read at has
(`Repository.mark_gone`), not when one of its copies goes: Drupal's "-0" duplicate of a page
that its editor deleted, or a script twin taken down, left the story's own page answering,
yet the story was marked gone and left the feeds (the Cuban embassy's portal, batch26)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.core.items import Article, Outcome
from storage.repository import Repository

NOW = datetime(2026, 12, 2, 12, tzinfo=UTC)
LATER = NOW + timedelta(days=2)
TEXT = " ".join(f"donacion{i}" for i in range(80))
PAGE = "https://x.cu/es/articulo/donacion-de-libros"
COPY = PAGE + "-0"


def _article(url: str, text: str = TEXT) -> Article:
    return Article(
        url=url,
        page_url=url,
        title="Donación",
        text=text,
        language="es",
        published=date(2026, 9, 3),
    )


def _gone(repository: Repository) -> list[datetime | None]:
    return [story.gone_at for story in repository.stories()]


def test_a_copy_that_goes_leaves_the_story(repository: Repository) -> None:
    assert repository.save_article(_article(PAGE), "n", NOW) is Outcome.NEW
    assert repository.save_article(_article(COPY), "n", NOW) is Outcome.DUPLICATE_CONTENT
    assert repository.mark_gone(COPY, LATER) is False
    assert _gone(repository) == [None]
    # ... until the story's own page goes too.
    assert repository.mark_gone(PAGE, LATER) is True
    assert _gone(repository) == [LATER]


def test_the_storys_own_page_going_takes_it_until_a_page_of_it_answers(
    repository: Repository,
) -> None:
    # Its own page (its main URL) going is the story going, as before: a copy's page (a print
    # version) is not always asked for again, so it cannot vouch for the story.
    repository.save_article(_article(COPY), "n", NOW)
    repository.save_article(_article(PAGE), "n", NOW)
    assert repository.mark_gone(COPY, LATER) is True  # the story's first address
    assert _gone(repository) == [LATER]
    repository.save_article(_article(PAGE), "n", LATER + timedelta(hours=1))
    assert _gone(repository) == [None]


def test_a_page_that_answers_again_counts_again(repository: Repository) -> None:
    repository.save_article(_article(PAGE), "n", NOW)
    repository.save_article(_article(COPY), "n", NOW)
    assert repository.mark_gone(PAGE, NOW + timedelta(hours=1)) is True
    repository.save_article(_article(PAGE), "n", NOW + timedelta(hours=2))  # back, unchanged
    assert repository.mark_gone(COPY, LATER) is False
    assert _gone(repository) == [None]


def test_an_address_the_story_moved_from_does_not_keep_it(repository: Repository) -> None:
    new = "https://x.cu/es/articulo/donacion-de-libros-cubanos"
    repository.save_article(_article(PAGE), "n", NOW)
    assert repository.moved(PAGE, new, NOW + timedelta(days=1))
    repository.save_article(_article(new), "n", NOW + timedelta(days=1))
    assert repository.mark_gone(new, LATER) is True
    assert _gone(repository) == [LATER]


def test_an_address_never_read_does_not_keep_it(repository: Repository) -> None:
    # The page's rel=canonical names another address of it, never fetched on its own.
    node = "https://x.cu/es/node/128301"
    repository.save_article(_article(PAGE), "n", NOW, also_at=[(node, "canonical")])
    assert [story.urls for story in repository.stories()] == [(PAGE, node)]
    assert repository.mark_gone(PAGE, LATER) is True
    assert _gone(repository) == [LATER]


def test_a_story_known_only_from_one_page_goes_with_it(repository: Repository) -> None:
    repository.save_article(_article(PAGE), "n", NOW)
    assert repository.mark_gone(PAGE, LATER) is True
    assert repository.mark_gone(PAGE, LATER + timedelta(days=1)) is False  # already gone
    assert _gone(repository) == [LATER]


@settings(max_examples=25, deadline=None)
@given(
    pages=st.integers(min_value=1, max_value=4),
    order=st.permutations(range(4)),
    kept=st.sets(st.integers(min_value=0, max_value=3)),
)
def test_gone_as_its_own_page_or_every_page_goes(
    tmp_path_factory: object, pages: int, order: list[int], kept: set[int]
) -> None:
    # Any copies, any order of answers: the story goes with its own page (the first stored),
    # or with its last page that answered, and comes back with any page that answers again.
    path = tmp_path_factory.mktemp("gone")  # type: ignore[attr-defined]
    repository = Repository.open(f"sqlite:///{path / 'n.sqlite3'}")
    try:
        urls = [f"{PAGE}-{n}" for n in range(pages)]
        for url in urls:
            repository.save_article(_article(url), "n", NOW)
        gone_pages: set[int] = set()
        gone = False
        when = NOW
        for n in (n for n in order if n < pages):
            when += timedelta(hours=1)
            repository.mark_gone(urls[n], when)
            gone_pages.add(n)
            gone = gone or n == 0 or gone_pages == set(range(pages))
            if n in kept:
                when += timedelta(hours=1)
                repository.save_article(_article(urls[n]), "n", when)
                gone_pages.discard(n)
                gone = False
        [stored] = _gone(repository)
        assert (stored is not None) == gone
    finally:
        repository.close()

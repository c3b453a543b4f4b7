"""A story is gone when its own page goes, or when every page it was read at has
(`Repository.mark_gone`), not when one of its copies goes: Drupal's "-0" duplicate of a page
that its editor deleted, or a script twin taken down, left the story's own page answering,
yet the story was marked gone and left the feeds (the Cuban embassy's portal, batch26)."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crawler.core.items import Article, Outcome
from crawler.snapshots import serve_snapshots
from storage.repository import Repository
from tests.support.cli import run_cli
from tests.support.databases import url_at

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


def test_its_own_page_going_leaves_it_where_a_copy_showed_it_this_crawl(
    repository: Repository,
) -> None:
    # The "-0" copy was read first (its main URL); this crawl, the other page answered as
    # it did (a 304): the story lives on there.
    repository.save_article(_article(COPY), "n", NOW)
    repository.save_article(_article(PAGE), "n", NOW)
    assert repository.mark_gone(COPY, LATER, answered={PAGE}) is False
    assert [(story.url, story.gone_at) for story in repository.stories()] == [(PAGE, None)]
    assert repository.mark_gone(PAGE, LATER, answered={COPY}) is True  # COPY went: no answer
    assert _gone(repository) == [LATER]


@pytest.mark.parametrize("going", ["canonical", "gone before", "other story"])
def test_what_answered_vouches_only_for_a_page_the_story_was_read_at(
    repository: Repository, going: str
) -> None:
    node = "https://x.cu/es/node/128301"
    repository.save_article(_article(COPY), "n", NOW, also_at=[(node, "canonical")])
    repository.save_article(_article(PAGE), "n", NOW)
    other = "https://x.cu/es/articulo/otra"
    repository.save_article(_article(other, " ".join(f"otra{i}" for i in range(80))), "n", NOW)
    answered = {"canonical": {node}, "gone before": {PAGE}, "other story": {other}}[going]
    if going == "gone before":
        repository.mark_gone(PAGE, NOW + timedelta(hours=1))
    assert repository.mark_gone(COPY, LATER, answered=answered) is True
    assert {s.url: s.gone_at for s in repository.stories()}[COPY] == LATER


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


# -- a crawl: the editor deletes the "-0" copy the crawl read first ------------------------------

ORIGIN = "https://mission.example"
STORIES = {
    "donacion-de-libros": "Donación de libros cubanos a la Biblioteca Nacional de Serbia",
    "encuentro-con-el-alcalde": "Embajador sostuvo encuentro con el alcalde de Novi Sad",
    "jornada-contra-el-bloqueo": "Jornada de solidaridad contra el bloqueo en Belgrado",
    "aniversario-de-relaciones": "Aniversario de las relaciones diplomáticas entre Cuba y Serbia",
}


def _story_page(slug: str, day: int) -> str:
    title = STORIES[slug.removesuffix("-0")]
    body = " ".join(
        f"Belgrado, {day} de noviembre de 2026. La Embajada de Cuba en Serbia informa sobre"
        f" {title.lower()} con la participación de representantes de ambos países, y agradece"
        f" el apoyo de las instituciones serbias. Parte {n} del texto de la noticia."
        for n in range(4)
    )
    return (
        f'<!DOCTYPE html><html lang="es"><head><meta charset="utf-8"><title>{title} | Cuba en'
        f' Serbia</title></head><body><div id="header"><a href="/es/serbia">Cuba en Serbia</a>'
        f'</div><div id="content"><h1>{title}</h1><div class="field-body"><p>{body}</p></div>'
        f'</div><div id="footer">Embajada de Cuba en Serbia</div></body></html>'
    )


def _site(root: Path, slugs: list[str], validators: str, slow: str = "") -> Path:
    """A Drupal mission's listing of ``slugs`` (each story dated on its own day), and their
    pages, in ``root``; the page ``slow`` answers two seconds late."""
    (root / "pages").mkdir(parents=True)
    items = "".join(
        f'<div class="views-row"><h2><a href="/es/articulo/{slug}">'
        f"{STORIES[slug.removesuffix('-0')]}</a></h2><p>Belgrado, noviembre de 2026.</p></div>"
        for slug in slugs
    )
    (root / "pages" / "home.html").write_text(
        f'<!DOCTYPE html><html lang="es"><head><meta charset="utf-8"><title>Cuba en Serbia'
        f"</title></head><body><h1>Cuba en Serbia</h1>{items}</body></html>",
        encoding="utf-8",
    )
    routes = ['[[route]]\nurl = "/es/serbia"\nfile = "pages/home.html"\n']
    for day, slug in enumerate(slugs, start=10):
        (root / "pages" / f"{slug}.html").write_text(_story_page(slug, day), encoding="utf-8")
        routes.append(
            f'[[route]]\nurl = "/es/articulo/{slug}"\nfile = "pages/{slug}.html"\n'
            + ("delay = 2.0\n" if slug == slow else "")
        )
    (root / "site.toml").write_text(
        f'origin = "{ORIGIN}"\nvalidators = "{validators}"\n\n' + "\n".join(routes),
        encoding="utf-8",
    )
    return root


@pytest.mark.crawl
@pytest.mark.parametrize(
    ("copy_first", "validators", "late"),
    [(True, "etag", False), (False, "none", False), (True, "etag", True), (True, "none", True)],
)
def test_deleting_the_copy_read_first_leaves_the_story(
    tmp_path: Path, copy_first: bool, validators: str, late: bool
) -> None:
    # Day 1 lists the story twice (Drupal's "-0" node of the same title and text); day 2 the
    # editor has deleted the "-0" node. Whichever the crawl read first, the story stays, at
    # the page that still answers (as a 304, or with the very body read the day before),
    # even when that page answers after the deleted one's 404 (``late``).
    pair = ["donacion-de-libros-0", "donacion-de-libros"]
    others = [slug for slug in STORIES if slug != "donacion-de-libros"]
    day1 = (pair if copy_first else pair[::-1]) + others
    newsrooms = tmp_path / "newsrooms.toml"
    newsrooms.write_text(
        '[[newsroom]]\nkey = "cuba"\nname = "Cuba en Serbia"\nfamily = "generic"\n'
        f'start_urls = ["{ORIGIN}/es/serbia"]\nlanguages = ["es"]\nevery = "2h"\n',
        encoding="utf-8",
    )
    database = url_at(tmp_path / "n.sqlite3")
    for day, slugs in enumerate((day1, [s for s in day1 if not s.endswith("-0")]), start=1):
        slow = "donacion-de-libros" if late and day == 2 else ""
        site = _site(tmp_path / f"day{day}", slugs, validators, slow)
        with serve_snapshots([site]) as origins:
            run_cli(
                "crawl", "--newsrooms", str(newsrooms), "--db", database, "--no-feeds",
                "-s", f"LOOPBACK_ORIGINS={json.dumps(origins)}",
                "-s", "AUTOTHROTTLE_ENABLED=False",
                # one order of fetching, as the listing says (two at once for the late page)
                "-s", f"CONCURRENT_REQUESTS={2 if late else 1}",
                "-s", "RECHECK_FACTOR=0", "-s", "RECHECK_LEAST_HOURS=0",
            )  # fmt: skip
    repository = Repository.open(database)
    try:
        [story] = [s for s in repository.stories() if "donacion" in s.url]
        assert story.gone_at is None
        assert story.url == f"{ORIGIN}/es/articulo/donacion-de-libros"
        assert len(repository.stories()) == len(STORIES)
    finally:
        repository.close()

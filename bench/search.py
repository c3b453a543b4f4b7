"""Search of the archive with and without the search index (migration 0008, `storage.search`).

Usage: ``python -m bench.search [--stories 20000] [--postgres URL] [--db-dir DIR]
[--repeat 5]`` (about 2 minutes for SQLite with the defaults; ``--postgres`` or
``NEWSROOM_BENCH_POSTGRES`` adds PostgreSQL: the URL of a database the bench may empty).

For each database it builds ``--stories`` distinct news-like stories (`bench.dedup_lookup`'s
`Newswire`, 150-400 words each, bulk-loaded) on the schema of revision 0007, which has no
search index, and times `Repository.stories` for a set of searches: each word's share of
stories is printed, from rare to common, with a word too short for the index and a word in
no story. Then it upgrades the database to the newest revision (the time and the growth of
the database are printed: what an existing archive pays once), checks every search finds the
same stories, and times them again. Last, it times `save_article` of new stories on both
schemas (the index's triggers or GIN updates are paid by each write).

Times are medians of ``--repeat`` runs, in ms; ``limit`` is a feed's page (20 stories), and
``depth`` the server's search bound (`server.app`'s ``search_depth``, 10,000 newest stories),
``language en`` a search in one language (which reads the stories' pages in it too).
The machine is shared and noisy: read the ratio columns, taken in the same run.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, func, select, text

from bench.dedup_lookup import NEW_BASE, Newswire, build_in_bulk
from storage import search
from storage.database import open_database, upgrade
from storage.repository import Repository

SEED = 8
LIMIT = 20
DEPTH = 10_000
SAVES = 200


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=20_000)
    parser.add_argument("--postgres", default=os.environ.get("NEWSROOM_BENCH_POSTGRES"))
    parser.add_argument("--db-dir", type=Path)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    wire = Newswire(SEED)
    words = _words(wire, min(args.stories, 2_000))
    with tempfile.TemporaryDirectory(dir=args.db_dir) as folder:
        urls = [f"sqlite:///{Path(folder) / 'search.sqlite3'}"]
        if args.postgres:
            urls.append(args.postgres)
        for url in urls:
            _one_database(url, wire, words, args.stories, args.repeat)


def _words(wire: Newswire, sample: int) -> list[str]:
    """Searches from rare to common (by their share of a sample of stories), a two-word one,
    one too short for the index, and one no story holds."""
    counts: Counter[str] = Counter()
    for number in range(sample):
        story = wire.story(number).article
        said = f"{story.title} {story.text}".lower()
        counts.update(set(re.findall(r"[a-zšđčćž]{5,}", said)))
    ranked = sorted(counts, key=lambda word: (counts[word], word))
    chosen = [ranked[int(len(ranked) * share)] for share in (0.05, 0.5, 0.9, 0.99)]
    return [*chosen, f"{chosen[1]} {chosen[2]}", "ić", "qzxvj"]


def _one_database(url: str, wire: Newswire, words: list[str], stories: int, repeat: int) -> None:
    dialect = url.split(":", 1)[0].split("+", 1)[0]
    _empty(url)
    engine = open_database(url, migrate=False)
    upgrade(engine, "0007")
    engine.dispose()
    print(f"{dialect}: building {stories:,} stories…", file=sys.stderr, flush=True)
    build_in_bulk(url, (wire.story(n) for n in range(stories)))
    _follow_ids(url)
    saves_before = _time_saves(url, wire, NEW_BASE)
    with _no_index():
        before = _time_searches(url, words, repeat)
    size = _size(url)
    start = time.perf_counter()
    engine = open_database(url, migrate=False)
    upgrade(engine)
    engine.dispose()
    upgraded = time.perf_counter() - start
    grown = _size(url) - size
    after = _time_searches(url, words, repeat)
    saves_after = _time_saves(url, wire, NEW_BASE + SAVES)  # after the searches: same stories
    print(
        f"\n### {dialect}, {stories:,} stories: upgrade to the index {upgraded:.1f} s, "
        f"the database {size / 2**20:,.0f} MB + {grown / 2**20:,.0f} MB of index\n"
    )
    print("| search | stories holding it | ms, no index | ms, index | ratio |")
    print("|---|---:|---:|---:|---:|")
    for (word, depth, language), (found, ms) in before.items():
        found_after, ms_after = after[word, depth, language]
        if found_after != found:
            sys.exit(
                f"{dialect}: {word!r} found {found_after} stories with the index, {found} without"
            )
        shown = f"`{word}`" + (f", depth {DEPTH:,}" if depth else "")
        shown += f", language {language}" if language else ""
        print(f"| {shown} | {found:,} | {ms:.1f} | {ms_after:.1f} | {ms / ms_after:.2f} |")
    print(
        f"| save_article, a new story | | {saves_before:.2f} | {saves_after:.2f} | "
        f"{saves_before / saves_after:.2f} |"
    )


def _empty(url: str) -> None:
    """No table left in the database at ``url``."""
    if url.startswith("sqlite"):
        Path(url.removeprefix("sqlite:///")).unlink(missing_ok=True)
        return
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


def _follow_ids(url: str) -> None:
    """PostgreSQL's id sequences past the ids the bulk load gave, so later saves insert."""
    if url.startswith("sqlite"):
        return
    engine = create_engine(url)
    with engine.begin() as connection:
        for table in ("story", "story_url", "story_version"):
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table}"
                )
            )
        connection.execute(text("ANALYZE"))
    engine.dispose()


def _size(url: str) -> int:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            if url.startswith("sqlite"):
                pages = connection.exec_driver_sql("PRAGMA page_count").scalar() or 0
                size = connection.exec_driver_sql("PRAGMA page_size").scalar() or 0
                return int(pages * size)
            return int(
                connection.scalar(select(func.pg_database_size(func.current_database()))) or 0
            )
    finally:
        engine.dispose()


#: How each word is searched: the whole archive, the server's newest stories, one language.
VARIANTS: tuple[tuple[int | None, str | None], ...] = ((None, None), (DEPTH, None), (None, "en"))
Timed = dict[tuple[str, int | None, str | None], tuple[int, float]]


def _time_searches(url: str, words: list[str], repeat: int) -> Timed:
    repository = _repository(url)
    try:
        timed: Timed = {}
        for word in words:
            found = len(repository.stories(query=word))
            for depth, language in VARIANTS:

                def search(
                    word: str = word, depth: int | None = depth, language: str | None = language
                ) -> object:
                    return repository.stories(
                        query=word, limit=LIMIT, search_depth=depth, language=language
                    )

                timed[word, depth, language] = (found, _median_ms(search, repeat))
        return timed
    finally:
        repository.close()


def _time_saves(url: str, wire: Newswire, first: int) -> float:
    repository = _repository(url)
    try:
        times = []
        for number in range(first, first + SAVES):
            story = wire.story(number)
            start = time.perf_counter()
            repository.save_article(story.article, story.newsroom, story.seen_at)
            times.append((time.perf_counter() - start) * 1000)
        return statistics.median(times)
    finally:
        repository.close()


@contextmanager
def _no_index() -> Iterator[None]:
    """Queries as before migration 0008: none is given the index's list of stories."""
    narrowing = search.narrowing
    search.narrowing = lambda connection, word, language, limit: None
    try:
        yield
    finally:
        search.narrowing = narrowing


def _repository(url: str) -> Repository:
    """A repository on the database as it is: opening it must not upgrade a SQLite file."""
    return Repository(open_database(url, migrate=False))


def _median_ms(call: Callable[[], object], repeat: int) -> float:
    call()  # warm
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


if __name__ == "__main__":
    main()

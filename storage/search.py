"""The search index of the stored stories, on what each database has: a trigram index, so that
a search keeps its meaning (each word a substring of the title or text, in any case) and no
longer reads every text ever stored.

- PostgreSQL: GIN indexes with ``pg_trgm``'s ``gin_trgm_ops`` on ``title`` and ``text`` of
  ``story`` and ``story_url``. The planner answers ``ILIKE '%word%'`` from them itself; a
  search in one language (which also reads the pages of that language) is given the ids of
  the stories and pages that hold the word, from those indexes (`narrowing`).
- SQLite: FTS5 tables with the ``trigram`` tokenizer (SQLite 3.34 and later), kept by
  triggers. `narrowing` asks them for the rows that hold every trigram of each word, a
  superset of what ``LIKE`` finds (the tokenizer folds the case of every letter, ``LIKE`` of
  ASCII letters only).

Either way the words' ``LIKE`` decides, so the index never changes an answer. A word shorter
than three characters has no trigram, and a word that many stories hold is found sooner by
reading the newest stories in order until enough do: both are looked for without the index.

Why trigrams and not words (``tsvector``, FTS5's ``unicode61``): a word index cuts text at its
own word boundaries, and PostgreSQL's parser keeps ``F-35``, ``COVID-19``, ``3.5``, host names
and e-mail addresses whole, so "35" or "nato.int" found nothing there that ``LIKE`` finds.
A ``tsvector`` also refuses a text of more than 1 MB of distinct words, and the write with it.

The index is no model's: the FTS5 tables, their triggers and PostgreSQL's GIN indexes exist only
in migration 0008, and the comparison of migrations with the models leaves them out
(`is_search_object`). A later migration that rebuilds ``story`` or ``story_url`` on SQLite
(``batch_alter_table`` copying the table) drops their triggers and must make them again, as
0008 does; `tests/test_repository.py` checks that they exist and that the index is whole.
"""

from __future__ import annotations

import math
import re

from sqlalchemy import (
    ColumnElement,
    Connection,
    Integer,
    Select,
    func,
    literal_column,
    or_,
    select,
    union_all,
)
from sqlalchemy.sql import table as sql_table

from storage.models import Story, StoryUrl

__all__ = ["SEARCHED", "TRIGRAM", "holding", "is_search_object", "narrowing"]

#: The tables searched (their ``title`` and ``text``), and the name of their FTS5 table on
#: SQLite (whose shadow tables add these endings).
SEARCHED = {"story": "story_search", "story_url": "story_url_search"}
_SHADOWS = ("", "_data", "_idx", "_docsize", "_config", "_content")

#: PostgreSQL's GIN indexes.
GIN = {f"ix_{table}_{column}_trgm" for table in SEARCHED for column in ("title", "text")}

#: The fewest characters a word needs for the index to find it.
TRIGRAM = 3


def is_search_object(name: str | None, type_: str, *_: object) -> bool:
    """Whether ``name`` belongs to the search index (an FTS5 table or one of its shadow tables,
    a GIN index), which no model describes: Alembic's ``include_name`` hook, negated."""
    if type_ == "table":
        return name in {fts + shadow for fts in SEARCHED.values() for shadow in _SHADOWS}
    return type_ == "index" and name in GIN


def like_pattern(word: str) -> str:
    """The ``LIKE`` pattern (escaped with a backslash) of a text holding ``word``."""
    return "%" + re.sub(r"([\\%_])", r"\\\1", word) + "%"


def holding(row: type[Story] | type[StoryUrl], word: str) -> ColumnElement[bool]:
    """Whether a row of ``row``'s table holds ``word`` in its title or text: what a search
    means (``ILIKE``: any case on PostgreSQL, ASCII letters' case on SQLite)."""
    pattern = like_pattern(word)
    return or_(row.title.ilike(pattern, escape="\\"), row.text.ilike(pattern, escape="\\"))


def narrowing(
    connection: Connection, word: str, language: str | None, limit: int | None
) -> ColumnElement[bool] | None:
    """What a search for ``word`` (in the stories, and in the pages in ``language`` when
    given) adds to its query so that the index lists the stories that may hold it: a superset
    of those that do. None when the query is best as it is: a word without a trigram, a
    search on PostgreSQL in every language (its planner uses the index itself), or a word
    so common that reading the newest stories finds ``limit`` of them sooner."""
    dialect = connection.dialect.name
    if len(word) < TRIGRAM or (dialect == "postgresql" and language is None):
        return None
    stories = _stories(dialect, word)
    if limit is not None:
        # Listing c candidates costs about c; reading the newest stories until ``limit`` hold
        # the word, about limit * n / c: the index pays below their crossing, sqrt(limit * n).
        newest = connection.execute(select(func.max(Story.id))).scalar() or 0
        bound = max(limit, math.isqrt(limit * newest))
        listed = stories.limit(bound + 1).subquery()  # counted up to one past the bound
        if (connection.execute(select(func.count()).select_from(listed)).scalar() or 0) > bound:
            return None
    if language is None:
        return Story.id.in_(stories)
    return Story.id.in_(union_all(stories, _pages(dialect, word, language)))


def _stories(dialect: str, word: str) -> Select[int]:
    """The ids of the stories whose title or text may hold ``word``."""
    if dialect == "sqlite":
        return _fts("story", word)
    return select(Story.id).where(holding(Story, word))


def _pages(dialect: str, word: str, language: str) -> Select[int]:
    """The ids of the stories whose page in ``language`` may hold ``word``."""
    pages = select(StoryUrl.story_id).where(StoryUrl.language == language)
    if dialect == "sqlite":
        return pages.where(StoryUrl.id.in_(_fts("story_url", word)))
    return pages.where(holding(StoryUrl, word))


def _fts(table: str, word: str) -> Select[int]:
    """The ids of the rows of ``table`` whose title or text holds every trigram of ``word``,
    from its FTS5 table."""
    fts = SEARCHED[table]
    # Each trigram a quoted string, in any order: the index keeps no positions
    # (``detail='none'``, its smallest form), so it cannot ask for them in sequence.
    trigrams = dict.fromkeys(word[n : n + TRIGRAM] for n in range(len(word) - TRIGRAM + 1))
    asked = " AND ".join('"' + trigram.replace('"', '""') + '"' for trigram in trigrams)
    return (
        select(literal_column("rowid", Integer))
        .select_from(sql_table(fts))
        .where(literal_column(fts).op("MATCH")(asked))
    )

"""The search index of the stored stories, on what each database has: a trigram index, so that
a search keeps its meaning (each word a substring of the title or text, in any case) and no
longer reads every text ever stored.

- PostgreSQL: GIN indexes with ``pg_trgm``'s ``gin_trgm_ops`` on ``title`` and ``text`` of
  ``story`` and ``story_url``. The planner answers ``ILIKE '%word%'`` from them itself, so a
  query asks nothing more of PostgreSQL.
- SQLite: FTS5 tables with the ``trigram`` tokenizer (SQLite 3.34 and later), kept by
  triggers. `candidates` asks them for the rows that hold every trigram of each word, a
  superset of what ``LIKE`` finds (the tokenizer folds the case of every letter, ``LIKE`` of
  ASCII letters only); the ``LIKE`` then decides, so the index never changes an answer. A word
  whose every trigram is in many stories is looked for without it (`helps`): the newest
  stories, read in order, hold it soon enough.

A word shorter than three characters has no trigram: it is looked for without the index.

Why trigrams and not words (``tsvector``, FTS5's ``unicode61``): a word index cuts text at its
own word boundaries, and PostgreSQL's parser keeps ``F-35``, ``COVID-19``, ``3.5``, host names
and e-mail addresses whole, so "35" or "nato.int" found nothing there that ``LIKE`` finds.
A ``tsvector`` also refuses a text of more than 1 MB of distinct words, and the write with it.

The index is no model's: the FTS5 tables, their triggers and PostgreSQL's GIN indexes exist only
in migration 0008, and the comparison of migrations with the models leaves them out
(`is_search_object`). A later migration that rebuilds ``story`` or ``story_url`` on SQLite
(``batch_alter_table`` copying the table) drops their triggers and must make them again
(`sqlite_index`).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Connection, Integer, Select, func, literal_column, select
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql import table as sql_table

__all__ = [
    "SEARCHED",
    "TRIGRAM",
    "candidates",
    "helps",
    "is_search_object",
    "postgresql_drop",
    "postgresql_index",
    "sqlite_drop",
    "sqlite_index",
]

#: The tables searched (their ``title`` and ``text``), and their index's name.
SEARCHED = {"story": "story_search", "story_url": "story_url_search"}

#: The columns indexed in each table searched.
COLUMNS = ("title", "text")

#: The fewest characters a word needs for the index to find it.
TRIGRAM = 3

#: A word is looked for through SQLite's index unless more than this share of the stories,
#: and more than `FEW` of them, may hold it (`helps`).
DENSE = 0.1
FEW = 1_000


def is_search_object(name: str | None, type_: str, *_: object) -> bool:
    """Whether ``name`` belongs to the search index (an FTS5 table or one of its shadow tables,
    a GIN index), which no model describes: Alembic's ``include_name`` hook, negated."""
    if name is None:
        return False
    if type_ == "table":
        return any(name == fts or name.startswith(f"{fts}_") for fts in SEARCHED.values())
    if type_ == "index":
        return name in {_gin(table, column) for table in SEARCHED for column in COLUMNS}
    return False


def helps(connection: Connection, word: str) -> bool:
    """Whether a query for ``word`` should ask `candidates`: on SQLite, for a word of a
    trigram or more that at most `DENSE` of the stories (or `FEW`) may hold. A denser word's
    candidates cost more to list than reading the newest stories in order until enough hold
    it; either way the answer is the same. PostgreSQL's planner weighs its index itself."""
    if connection.dialect.name != "sqlite" or len(word) < TRIGRAM:
        return False
    newest: Select[int] = select(func.max(literal_column("rowid", Integer))).select_from(
        sql_table("story")
    )
    stories = connection.execute(newest).scalar() or 0  # the last id: no count of every row
    bound = max(FEW, int(stories * DENSE))
    # Counted up to one past the bound: the index stops listing there.
    listed = _matching("story", word).limit(bound + 1).subquery()
    return (connection.execute(select(func.count()).select_from(listed)).scalar() or 0) <= bound


def candidates(
    table: str, key: ColumnElement[int] | InstrumentedAttribute[int], word: str
) -> ColumnElement[bool]:
    """The rows of ``table`` (``story`` or ``story_url``, whose id column is ``key``) whose
    title or text may hold ``word`` (SQLite, a word of `TRIGRAM` characters or more): a
    superset of those that do."""
    return key.in_(_matching(table, word).scalar_subquery())


def _matching(table: str, word: str) -> Select[int]:
    """The ids of the rows of ``table`` whose title or text holds every trigram of ``word``."""
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


def sqlite_index(table: str) -> list[str]:
    """The statements that make ``table``'s FTS5 index, its triggers and its first contents."""
    fts = SEARCHED[table]
    remove = (
        f"INSERT INTO {fts}({fts}, rowid, title, text) "
        "VALUES ('delete', old.id, old.title, old.text);"
    )
    add = f"INSERT INTO {fts}(rowid, title, text) VALUES (new.id, new.title, new.text);"
    return [
        f"CREATE VIRTUAL TABLE {fts} USING fts5(title, text, content='{table}', "
        "content_rowid='id', tokenize='trigram', detail='none')",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN {add} END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN {remove} END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF title, text ON {table} "
        f"BEGIN {remove} {add} END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def sqlite_drop(table: str) -> list[str]:
    """The statements that take ``table``'s FTS5 index away."""
    fts = SEARCHED[table]
    triggers = [f"DROP TRIGGER IF EXISTS {fts}_{event}" for event in ("insert", "delete", "update")]
    return [*triggers, f"DROP TABLE IF EXISTS {fts}"]


def postgresql_index(table: str) -> list[str]:
    """The statements that make ``table``'s GIN indexes (``pg_trgm`` must be installed)."""
    return [
        f"CREATE INDEX {_gin(table, column)} ON {table} USING gin ({column} gin_trgm_ops)"
        for column in COLUMNS
    ]


def postgresql_drop(table: str) -> list[str]:
    """The statements that take ``table``'s GIN indexes away."""
    return [f"DROP INDEX IF EXISTS {_gin(table, column)}" for column in COLUMNS]


def _gin(table: str, column: str) -> str:
    return f"ix_{table}_{column}_trgm"

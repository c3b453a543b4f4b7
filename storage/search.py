"""Full-text search of the stored stories, on what each database has: SQLite's FTS5 and
PostgreSQL's ``tsvector`` with a GIN index. Migration 0008 builds both; `matching` is the one
condition a query asks of either.

A word of a search matches a story whose title or text holds a word starting with each of its
runs of letters and digits ("KFOR's" -> ``kfor``, ``s``), the case and (on SQLite) accents
folded by the database's own tokenizer, the same on both sides. The index only narrows the
rows: `storage.repository.Repository.stories` still checks that the word itself is in the
title or text, so "10%" finds "10%", not "10 ministers".

The index is not a model: SQLite's FTS5 tables and their triggers, and PostgreSQL's expression
indexes, exist only in the migration, and the comparison of migrations with the models leaves
them out (`is_search_object`). A later migration that rebuilds ``story`` or ``story_url`` on
SQLite (``batch_alter_table`` recreating the table) drops their triggers and must make them
again (`sqlite_index`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import ColumnElement, Integer, Select, func, literal_column, select
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql import table as sql_table

__all__ = [
    "SEARCHED",
    "is_search_object",
    "matching",
    "postgresql_index",
    "sqlite_index",
    "terms",
]

#: The tables searched (their ``title`` and ``text``), and their index's name.
SEARCHED = {"story": "story_search", "story_url": "story_url_search"}

#: What a search word is cut into: its runs of letters and digits.
_TERM = re.compile(r"[^\W_]+")


def terms(word: str) -> list[str]:
    """The index terms of one search word: its runs of letters and digits."""
    return _TERM.findall(word)


def is_search_object(name: str | None, type_: str, *_: object) -> bool:
    """Whether ``name`` is the search index's own (an FTS5 table or one of its shadow tables,
    a GIN index), which no model describes: Alembic's ``include_name`` hook, negated."""
    if name is None:
        return False
    if type_ == "table":
        return any(name == fts or name.startswith(f"{fts}_") for fts in SEARCHED.values())
    if type_ == "index":
        return name in {f"ix_{fts}" for fts in SEARCHED.values()}
    return False


def matching(
    dialect: str,
    table: str,
    key: ColumnElement[int] | InstrumentedAttribute[int],
    words: Sequence[str],
) -> ColumnElement[bool]:
    """Rows of ``table`` (``story`` or ``story_url``, whose id column is ``key``) whose title
    or text hold a word starting with each of ``words`` (`terms`, at least one)."""
    assert words, "a search needs a term"
    if dialect == "sqlite":
        fts = SEARCHED[table]
        query = " ".join(f'"{word}"*' for word in words)  # terms hold no quote
        found: Select[int] = (
            select(literal_column("rowid", Integer))
            .select_from(sql_table(fts))
            .where(literal_column(fts).op("MATCH")(query))
        )
        return key.in_(found.scalar_subquery())
    vector: ColumnElement[str] = literal_column(_vector(table))
    query = " & ".join(f"{word}:*" for word in words)
    return vector.op("@@")(func.to_tsquery(literal_column("'simple'::regconfig"), query))


def _vector(table: str) -> str:
    # The very expression the GIN index is built on, so that the planner can use it.
    return (
        f"to_tsvector('simple'::regconfig, coalesce({table}.title, '') || ' ' || "
        f"coalesce({table}.text, ''))"
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
        "content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
        f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN {add} END",
        f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN {remove} END",
        f"CREATE TRIGGER {fts}_update AFTER UPDATE OF title, text ON {table} "
        f"BEGIN {remove} {add} END",
        f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
    ]


def postgresql_index(table: str) -> str:
    """The statement that makes ``table``'s GIN index."""
    return f"CREATE INDEX ix_{SEARCHED[table]} ON {table} USING gin ({_vector(table)})"

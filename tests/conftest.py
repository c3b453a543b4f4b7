"""Shared fixtures: databases on disk, the repository root, the bundled snapshot sites."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from storage.repository import Repository

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    """A fresh SQLite file on disk."""
    return f"sqlite:///{tmp_path / 'newsroom.sqlite3'}"


@pytest.fixture
def repository(database_url: str) -> Iterator[Repository]:
    repository = Repository.open(database_url)
    yield repository
    repository.close()

"""``python -m tests.support.sqlite_full ARGS``: the ``newsroom`` command with every SQLite
database it opens capped at ``$NEWSROOM_TEST_MAX_PAGES`` pages.

A write past the cap fails in SQLite itself with SQLITE_FULL, "database or disk is full": the
error a full disk gives, without filling one (``tests/test_process_faults.py``).
"""

from __future__ import annotations

import os
from typing import Any

from sqlalchemy import Engine, event


def _cap(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute(f"PRAGMA max_page_count={int(os.environ['NEWSROOM_TEST_MAX_PAGES'])}")
    cursor.close()


def main() -> None:
    event.listen(Engine, "connect", _cap)
    from crawler.cli import main as newsroom

    newsroom()


if __name__ == "__main__":
    main()

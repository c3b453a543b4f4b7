"""Helpers the tests share, one module per job; the fixtures built on them are in
``tests/conftest.py``. No test file imports another test file: what two of them need is here.
conftest.py imports these modules before ``--clock-ahead`` moves the clock: none of them may read
the clock at import (`run_records.old_run_files` reads it when called).

- `cli`: the ``newsroom`` command in a child process (`run_cli`) or in this one (`invoke`), the
  repository root, and `wait_for`.
- `crawls`: crawls of the snapshot sites (demo sites and their overlays) through the CLI, and
  what each left: what the servers were asked, the summary, the export.
- `loopback_site`: a site made in a test, served on a free loopback port; `loopback_crawls`: such a
  site crawled as one generic newsroom; `pages`: pages made in tests.
- `run_records`: the ops crawls and ``crawl_run`` rows; `prometheus`: a strict reader of metrics.
- `spiders`: a spider of a demo newsroom, and responses for it, without a crawl.
- `serving`: ``newsroom serve`` on the demo database, for the system tests.
- `databases`: "the database at this path", a SQLite file or (``NEWSROOM_TEST_DATABASE=postgresql``)
  a PostgreSQL database of its own; `postgres`: a fresh PostgreSQL database for one test.
- `sqlite_full`: ``python -m tests.support.sqlite_full``, the command on a database that fills up.
"""

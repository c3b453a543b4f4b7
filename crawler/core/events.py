"""The crawler's log lines: one fixed shape ops can grep, whoever logs them.

Every record is one line that starts with its UTC time and level; the crawler's events then give
an event name and ``key=value`` fields (values with spaces or quotes are JSON strings), any other
logger (Scrapy, the pipelines) its name in brackets and its message::

    2026-11-24T12:00:00Z INFO  run.started run=6f1c9e2a-... newsrooms=nato-hq,rs-mission-nato ...
    2026-11-24T12:00:00Z INFO  crawl.started run=6f1c9e2a newsroom=nato-hq
    2026-11-24T12:00:03Z WARNING [spiders.base] Fetch failed https://... (nato-hq): ...
    2026-11-24T12:00:31Z INFO  crawl.finished run=6f1c9e2a newsroom=nato-hq status=finished ...

Lines that continue a record (a traceback, Scrapy's stats dump) are indented by four spaces:
``grep -v '^ '`` leaves one line per record. `crawler.run.runlog` lists the events and writes
them to one file per run; `ErrorLines` keeps each newsroom's first warnings for its run record.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

__all__ = [
    "EVENTS",
    "STAMP_FORMAT",
    "ErrorLines",
    "RunLogFormatter",
    "event",
    "fields_text",
    "stamp",
]

#: The logger of the crawler's own fixed-shape events.
EVENTS = logging.getLogger("newsroom.events")
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"  # a run log's start in its name, UTC
BARE_VALUE = re.compile(r'^[^\s"=]+$')
#: How many WARNING and ERROR lines of a newsroom its crawl_run row keeps, and how long each.
ERROR_LINES = 20
ERROR_LINE_LENGTH = 500


def fields_text(fields: Mapping[str, Any]) -> str:
    """``key=value`` pairs; a value with spaces, quotes or ``=`` is written as a JSON string."""
    return " ".join(f"{key}={_value(value)}" for key, value in fields.items())


def event(name: str, level: int = logging.INFO, **fields: Any) -> None:
    """Log one fixed-shape event line: ``<name> key=value ...``.

    The message is a ``%``-template with one placeholder per field, so every line of an event
    has one shape (and one ``record.msg``) whatever the values.
    """
    template = " ".join([name, *(f"{key}=%({key})s" for key in fields)])
    EVENTS.log(level, template, {key: _value(value) for key, value in fields.items()})


def stamp(when: datetime | None) -> str:
    """A time as logs and ops tables show it: UTC, to the second (``2026-11-24T12:00:00Z``),
    or ``-``."""
    return f"{when.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}" if when else "-"


def _value(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        value = f"{value:.1f}"
    elif isinstance(value, datetime):
        value = stamp(value)
    text = str(value)
    return text if BARE_VALUE.match(text) else json.dumps(text, ensure_ascii=False)


class RunLogFormatter(logging.Formatter):
    """``<UTC time> <LEVEL> <event fields | [logger] message>``, continuation lines indented."""

    def format(self, record: logging.LogRecord) -> str:
        lines = _head(record).splitlines()
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        for extra in (record.exc_text, record.stack_info and self.formatStack(record.stack_info)):
            lines += extra.splitlines() if extra else []
        return "\n".join([lines[0], *(f"    {line}" for line in lines[1:])])


def _head(record: logging.LogRecord) -> str:
    """The record's time, level and message (with its logger's name unless it is an event)."""
    when = stamp(datetime.fromtimestamp(record.created, UTC))
    message = record.getMessage()
    if record.name != EVENTS.name:
        message = f"[{record.name}] {message}"
    return f"{when} {record.levelname:<5} {message}"


class ErrorLines(logging.Handler):
    """The first WARNING and ERROR lines of each newsroom, for its ``crawl_run`` row.

    A record belongs to the newsroom named in its ``%(newsroom)s`` argument (the crawler's
    messages), else to the only newsroom of the spider Scrapy passes along, else to the only
    newsroom of the run (``whole_run``: every newsroom crawled in this process, of which this
    handler collects ``newsrooms``). Of the events, only ``crawl.*`` ones are kept.
    """

    def __init__(
        self, newsrooms: list[str], whole_run: list[str] | None = None, limit: int = ERROR_LINES
    ) -> None:
        super().__init__(logging.WARNING)
        self.newsrooms = newsrooms
        self.whole_run = whole_run if whole_run is not None else newsrooms
        self.limit = limit
        self.lines: dict[str, list[str]] = {}

    def emit(self, record: logging.LogRecord) -> None:
        if record.name == EVENTS.name and not str(record.msg).startswith("crawl."):
            return
        key = self.newsroom_of(record)
        if key is None:
            return
        lines = self.lines.setdefault(key, [])
        if len(lines) < self.limit:
            try:
                lines.append(_head(record).split("\n", 1)[0][:ERROR_LINE_LENGTH])
            except Exception:
                self.handleError(record)

    def newsroom_of(self, record: logging.LogRecord) -> str | None:
        args = record.args
        if isinstance(args, Mapping) and isinstance(args.get("newsroom"), str):
            key = str(args["newsroom"])
            return key if key in self.newsrooms else None
        spider_newsrooms = getattr(getattr(record, "spider", None), "newsrooms", None)
        if isinstance(spider_newsrooms, Mapping) and len(spider_newsrooms) == 1:
            key = str(next(iter(spider_newsrooms)))
            return key if key in self.newsrooms else None
        if len(self.whole_run) == 1 and self.whole_run[0] in self.newsrooms:
            return self.whole_run[0]
        return None

    def take(self, newsroom: str) -> list[str]:
        """The lines of ``newsroom`` so far; later ones are no longer collected."""
        self.newsrooms = [k for k in self.newsrooms if k != newsroom]
        return self.lines.pop(newsroom, [])

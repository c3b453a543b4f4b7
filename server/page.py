"""The ops page (``/``): per newsroom its last runs, the newest stories, stories per day.

Plain server-rendered HTML with an inline SVG chart: no script, no build step. `collect`
reads the database, `render_page` is a pure render of what it read.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from html import escape
from urllib.parse import urlsplit

from crawler.core.newsrooms import Newsroom, Newsrooms
from crawler.reports.health import Verdict, health_verdict
from storage.repository import Repository, StoredStory
from storage.runs import CrawlRuns, RunRecord

__all__ = ["CHART_DAYS", "NEWEST", "PageData", "collect", "render_page"]

NEWEST = 20  # stories listed
RECENT_RUNS = 10  # runs shown per newsroom
CHART_DAYS = 30
HEALTH_CLASS = {0: "ok", 1: "warning", 2: "critical"}


@dataclass(frozen=True)
class PageData:
    """Everything the page shows."""

    now: datetime
    newsrooms: Sequence[Newsroom]
    runs: Mapping[str, Sequence[RunRecord]]  # newest first
    stored: Mapping[str, tuple[int, int]]  # newsroom -> (stored stories, of which gone)
    newest: Sequence[StoredStory]  # first seen last first
    per_day: Mapping[date, int]  # stories first seen each UTC day
    health: Verdict


def collect(
    repository: Repository, runs: CrawlRuns, newsrooms: Newsrooms, now: datetime
) -> PageData:
    """Read what the page shows (runs abandoned by a dead process already marked)."""
    first_day = now.astimezone(UTC).date() - timedelta(days=CHART_DAYS - 1)
    return PageData(
        now=now,
        newsrooms=list(newsrooms.values()),
        runs={key: runs.recent(newsroom=key, limit=RECENT_RUNS) for key in newsrooms},
        stored=runs.stored_stories(),
        newest=repository.found_lately(limit=NEWEST),
        per_day=repository.first_seen_per_day(datetime.combine(first_day, time(0), tzinfo=UTC)),
        health=health_verdict(runs, [n.key for n in newsrooms.select()]),
    )


def render_page(data: PageData) -> str:
    health = HEALTH_CLASS.get(data.health.status, "critical")
    return "\n".join(
        [
            "<!doctype html>",
            '<html lang="en">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            "<title>Newsroom Monitor</title>",
            f"<style>{STYLE}</style>",
            "</head>",
            "<body>",
            "<header>",
            "<h1>Newsroom Monitor</h1>",
            f'<p>As of {_time(data.now)}. Feeds: <a href="/feed.atom">Atom</a>, '
            '<a href="/feed.rss">RSS</a>. <a href="/healthz">Health</a>, '
            '<a href="/metrics">metrics</a>.</p>',
            "</header>",
            f'<section id="health" class="{health}">',
            "<h2>Health</h2>",
            f"<pre>{escape(chr(10).join(data.health.lines))}</pre>",
            "</section>",
            '<section id="runs">',
            "<h2>Newsrooms</h2>",
            _newsrooms_table(data),
            "</section>",
            '<section id="chart">',
            f"<h2>Stories first seen per day, last {CHART_DAYS} days (UTC)</h2>",
            _chart(data.per_day, data.now.astimezone(UTC).date()),
            "</section>",
            '<section id="newest">',
            f"<h2>Newest {NEWEST} stories, by when first seen</h2>",
            _newest(data.newest),
            "</section>",
            "</body>",
            "</html>",
            "",
        ]
    )


def _newsrooms_table(data: PageData) -> str:
    rows = [
        '<table id="newsrooms">',
        "<thead><tr><th>Newsroom</th><th>Last run</th><th>Status</th><th>New</th>"
        "<th>Errors</th><th>Stored</th><th>Recent runs</th><th>Feeds</th></tr></thead>",
        "<tbody>",
    ]
    for newsroom in data.newsrooms:
        key = escape(newsroom.key)
        runs = data.runs.get(newsroom.key, ())
        last = runs[0] if runs else None
        stored, gone = data.stored.get(newsroom.key, (0, 0))
        name = f'{escape(newsroom.name)}<br><small class="key">{key}</small>'
        if not newsroom.enabled:
            name += ' <small class="disabled">disabled</small>'
        status = escape(last.status) if last else "never crawled"
        if last is not None and last.status in ("failed", "interrupted"):
            status += f'<div class="error">{escape(_first_error(last))}</div>'
        cells = [
            f'<td class="name">{name}</td>',
            f'<td class="last-run">{_time_element(last.started_at) if last else "-"}</td>',
            f'<td class="status">{status}</td>',
            f'<td class="new">{last.stories_new if last else "-"}</td>',
            f'<td class="errors">{last.errors if last else "-"}</td>',
            f'<td class="stored">{stored}' + (f" ({gone} gone)" if gone else "") + "</td>",
            f'<td class="runs">{"".join(_run_mark(run, stored) for run in reversed(runs))}</td>',
            f'<td class="feeds"><a href="/newsrooms/{key}.atom">Atom</a> '
            f'<a href="/newsrooms/{key}.rss">RSS</a></td>',
        ]
        state = last.status if last else "never"
        rows.append(f'<tr data-newsroom="{key}" class="{state}">{"".join(cells)}</tr>')
    rows += ["</tbody>", "</table>"]
    return "\n".join(rows)


def _first_error(run: RunRecord) -> str:
    if run.error_lines:
        return run.error_lines[0]
    return f"finish reason: {run.finish_reason or 'unknown'}"


def _run_mark(run: RunRecord, stored: int) -> str:
    title = (
        f"{_time(run.started_at)} {run.status}: {run.stories_new} new, "
        f"{run.stories_updated} updated, {run.errors} errors"
    )
    state = escape(run.status)
    # A finished run that read pages and saw no story is not green: unless it only re-read
    # unchanged pages of a newsroom that has stories (a quiet newsroom).
    if (
        run.status == "finished"
        and run.fetched_reads
        and not run.stories
        and (run.fresh_reads or not stored)
    ):
        state += " empty"
        title += f", no story in {run.fetched_reads} pages read"
    return f'<span class="run {state}" title="{escape(title)}"></span>'


def _newest(stories: Sequence[StoredStory]) -> str:
    if not stories:
        return "<p>No stories stored yet.</p>"
    items = []
    for story in stories:
        # Both dates: an old story found today is news to a monitor, and its age is not.
        published = f"published {story.published.isoformat()}" if story.published else "undated"
        meta = " · ".join(
            escape(part)
            for part in (", ".join(story.sources), story.language or "", published)
            if part
        )
        meta += f" · first seen {_time_element(story.first_seen)}"
        title = escape(story.title)
        link = f'<a href="{escape(story.url)}">{title}</a>' if _is_web(story.url) else title
        items.append(f'<li>{link} <span class="meta">{meta}</span></li>')
    return "<ol>\n" + "\n".join(items) + "\n</ol>"


def _chart(per_day: Mapping[date, int], today: date) -> str:
    days = [today - timedelta(days=CHART_DAYS - 1 - n) for n in range(CHART_DAYS)]
    counts = [per_day.get(day, 0) for day in days]
    top = max(counts, default=0) or 1
    bar, gap, height, left, bottom = 14, 4, 120, 32, 20
    width = left + CHART_DAYS * (bar + gap)
    total = sum(counts)
    parts = [
        f'<svg id="stories-per-day" xmlns="http://www.w3.org/2000/svg" width="{width}" '
        f'height="{height + bottom}" viewBox="0 0 {width} {height + bottom}" role="img" '
        f'aria-label="{total} stories first seen in the last {CHART_DAYS} days">',
        f'<text x="0" y="12" class="axis">{max(counts, default=0)}</text>',
        f'<line x1="{left}" y1="{height}" x2="{width}" y2="{height}" class="axis"/>',
    ]
    for n, (day, count) in enumerate(zip(days, counts, strict=True)):
        tall = round((height - 16) * count / top)
        x = left + n * (bar + gap)
        parts.append(
            f'<rect class="day" x="{x}" y="{height - tall}" width="{bar}" height="{tall}" '
            f'data-day="{day.isoformat()}" data-count="{count}">'
            f"<title>{day.isoformat()}: {count} {'story' if count == 1 else 'stories'}</title>"
            "</rect>"
        )
    parts += [
        f'<text x="{left}" y="{height + 15}" class="axis">{days[0].isoformat()}</text>',
        f'<text x="{width}" y="{height + 15}" class="axis" text-anchor="end">'
        f"{days[-1].isoformat()}</text>",
        "</svg>",
    ]
    return "\n".join(parts)


def _is_web(url: str) -> bool:
    """Only http(s) links: a stored URL can never become a ``javascript:`` link here."""
    return urlsplit(url).scheme in ("http", "https")


def _time(when: datetime) -> str:
    return f"{when.astimezone(UTC):%Y-%m-%d %H:%M}Z"


def _time_element(when: datetime) -> str:
    stamp = f"{when.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}"
    return f'<time datetime="{stamp}">{_time(when)}</time>'


STYLE = """
body { font: 15px/1.4 system-ui, sans-serif; margin: 1.5em auto; max-width: 72em; padding: 0 1em;
  color: #222; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; }
h2 { font-size: 1.15em; margin-top: 1.6em; }
table { border-collapse: collapse; width: 100%; }
th, td { border-bottom: 1px solid #ddd; padding: 0.35em 0.5em; text-align: left;
  vertical-align: top; }
td.new, td.errors, td.stored { text-align: right; }
small { color: #666; }
.error { color: #a00; font-size: 0.85em; font-weight: normal; max-width: 32em;
  overflow-wrap: anywhere; }
tr.failed td.status, tr.interrupted td.status { color: #a00; font-weight: bold; }
.run { display: inline-block; width: 0.7em; height: 1em; margin-right: 2px; background: #bbb; }
.run.finished { background: #2a7; }
.run.finished.empty { background: #e9c46a; }
.run.failed { background: #c33; }
.run.interrupted { background: #e90; }
.run.running { background: #59d; }
#health pre { padding: 0.6em; white-space: pre-wrap; }
#health.ok pre { background: #e8f6ec; }
#health.warning pre { background: #fdf3dc; }
#health.critical pre { background: #fbe4e4; }
svg rect.day { fill: #59d; }
svg .axis { font-size: 11px; fill: #666; stroke: #999; stroke-width: 0.5; }
.meta { color: #666; font-size: 0.85em; }
"""

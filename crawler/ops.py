"""Ops commands on the crawl run records: ``newsroom runs``, ``runs show``, ``health``, ``metrics``.

They read the ``crawl_run`` rows `newsroom crawl` writes (`storage.runs`), after marking
``interrupted`` the runs left ``running`` by a process that is gone. ``health`` answers like a
Nagios check: exit 0 (OK), 1 (WARNING), 2 (CRITICAL) or 3 (UNKNOWN), one line per problem.
"""

from __future__ import annotations

import socket
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import click

from crawler.cli import _default, _friendly, db_option, newsrooms_option
from crawler.newsrooms import ConfigError, load_newsrooms
from storage.database import DatabaseError
from storage.runs import STATUSES, CrawlRuns, RunRecord

__all__ = ["EXIT_CRITICAL", "EXIT_UNKNOWN", "EXIT_WARNING", "Problem", "check_health", "health"]

EXIT_WARNING = 1
EXIT_CRITICAL = 2
EXIT_UNKNOWN = 3
#: How many of a newsroom's newest finished runs `check_health` looks through for runs that
#: read something new (most runs of a quiet newsroom read only 304s and unchanged pages).
SILENT_SCAN = 200


@dataclass(frozen=True)
class Problem:
    """One line of ``newsroom health``."""

    severity: str  # CRITICAL | WARNING
    newsroom: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity} {self.newsroom}: {self.message}"


def check_health(
    runs: CrawlRuns, keys: Sequence[str], silent_runs: int = 3, max_error_rate: float = 0.2
) -> list[Problem]:
    """What is wrong with the newsrooms ``keys``, judged by their recorded runs.

    CRITICAL: the last completed run failed or was interrupted; its errors per request are
    above ``max_error_rate``; or the last ``silent_runs`` finished runs that read anything new
    (not only 304s and pages whose body had not changed) found no story, while earlier runs
    did: the site's layout probably changed. WARNING: the newsroom was never crawled.
    """
    problems: list[Problem] = []
    for key in keys:
        completed = runs.recent(newsroom=key, statuses=STATUSES[1:], limit=1)
        if not completed:
            message = "never crawled"
            if running := runs.recent(newsroom=key, limit=1):
                message += f" (its first crawl runs since {_time(running[0].started_at)})"
            problems.append(Problem("WARNING", key, message))
            continue
        last = completed[0]
        see = f"see `newsroom runs show {last.run_id[:8]}`"
        if last.status != "finished":
            problems.append(
                Problem(
                    "CRITICAL",
                    key,
                    f"last run {last.run_id[:8]} {last.status} at "
                    f"{_time(last.finished_at or last.started_at)} ({last.pages} pages, "
                    f"{last.errors} errors, finish reason {last.finish_reason}); {see}",
                )
            )
        elif last.requests and last.error_rate > max_error_rate:
            problems.append(
                Problem(
                    "CRITICAL",
                    key,
                    f"{last.errors} errors in {last.requests} requests ({last.error_rate:.0%}) "
                    f"in its last run {last.run_id[:8]}, above {max_error_rate:.0%}; {see}",
                )
            )
        if problem := _silent(runs, key, silent_runs):
            problems.append(problem)
    return sorted(problems, key=lambda p: p.severity != "CRITICAL")


def _silent(runs: CrawlRuns, key: str, count: int) -> Problem | None:
    finished = runs.recent(newsroom=key, statuses=["finished"], limit=SILENT_SCAN)
    reading = [run for run in finished if run.fresh_reads > 0][:count]
    if len(reading) < count or any(run.stories for run in reading):
        return None
    if not runs.found_stories_before(key, reading[-1].started_at):
        return None
    pages = sum(run.fresh_reads for run in reading)
    empty = sum(run.empty_story_pages for run in reading)
    span = "run" if count == 1 else f"{count} runs"
    return Problem(
        "CRITICAL",
        key,
        f"no story in its last {span} that read new pages (since "
        f"{_time(reading[-1].started_at)}: {pages} pages read, {empty} too short or untitled "
        "to be stories), though earlier runs found stories: has the site's layout changed? "
        "Try one of its pages with `newsroom extract`",
    )


# -- commands -----------------------------------------------------------------------------


@click.group(invoke_without_command=True)
@db_option
@click.option("--newsroom", "newsroom_key", metavar="KEY", help="Only this newsroom's runs.")
@click.option(
    "--last", type=click.IntRange(1), default=20, show_default=True, metavar="N", help="How many."
)
@click.pass_context
@_friendly
def runs(ctx: click.Context, database_url: str | None, newsroom_key: str | None, last: int) -> None:
    """The last N crawl runs, newest first: one line per run and newsroom (`runs show RUN`
    tells one in detail)."""
    if ctx.invoked_subcommand is not None:
        return
    records = _open(database_url)
    try:
        rows = records.recent(newsroom=newsroom_key, limit=last)
    finally:
        records.close()
    if not rows:
        click.echo("No crawl runs recorded" + (f" for {newsroom_key}" if newsroom_key else ""))
        return
    click.echo(runs_table(rows))


@runs.command("show")
@click.argument("run")
@db_option
@click.option("--newsroom", "newsroom_key", metavar="KEY", help="Only this newsroom's part.")
@click.pass_context
@_friendly
def show(ctx: click.Context, run: str, database_url: str | None, newsroom_key: str | None) -> None:
    """One RUN in detail (its id, or the first characters of it as `newsroom runs` shows them;
    or a row number): per newsroom, its counts, its first errors and its log file."""
    parent = ctx.parent.params if ctx.parent else {}
    records = _open(database_url or parent.get("database_url"))
    try:
        rows = records.find(run)
    except LookupError as exc:
        raise click.UsageError(str(exc)) from None
    finally:
        records.close()
    rows = [r for r in rows if newsroom_key in (None, r.newsroom)]
    if not rows:
        raise click.UsageError(
            f"no crawl run {run!r}"
            + (f" of {newsroom_key}" if newsroom_key else "")
            + "; see `newsroom runs`"
        )
    click.echo("\n\n".join(run_details(row) for row in rows))


@click.command()
@db_option
@newsrooms_option
@click.option(
    "--silent-runs",
    type=click.IntRange(1),
    default=3,
    show_default=True,
    metavar="K",
    help="CRITICAL when the last K runs that read new pages found no story, while earlier "
    "runs did (a layout change).",
)
@click.option(
    "--max-error-rate",
    type=click.FloatRange(0, 1),
    default=0.2,
    show_default=True,
    metavar="R",
    help="CRITICAL when the last run's errors per request are above R.",
)
def health(
    database_url: str | None, newsrooms_file: Path | None, silent_runs: int, max_error_rate: float
) -> None:
    """Check every enabled newsroom's last runs, for cron and Nagios-style monitors.

    Prints "OK ..." and exits 0 when all are healthy; otherwise one line per problem, worst
    first, and exits 2 (CRITICAL: a failed or interrupted last run, too many errors, no
    story found in a while) or 1 (WARNING: a newsroom never crawled). Exits 3 (UNKNOWN) when
    the newsrooms file or the database cannot be read."""
    try:
        registry = load_newsrooms(newsrooms_file or Path(_default("NEWSROOMS_FILE")))
        keys = [n.key for n in registry.select()]
        records = _open(database_url)
        try:
            problems = check_health(records, keys, silent_runs, max_error_rate)
        finally:
            records.close()
    except (ConfigError, DatabaseError, OSError, ValueError) as exc:
        if click.get_current_context().find_root().params.get("debug"):
            raise
        click.echo(f"UNKNOWN: {exc}")
        sys.exit(EXIT_UNKNOWN)
    if not problems:
        noun = "newsroom" if len(keys) == 1 else "newsrooms"
        click.echo(f"OK: {len(keys)} {noun} healthy ({', '.join(keys)})")
        return
    for problem in problems:
        click.echo(str(problem))
    sys.exit(EXIT_CRITICAL if problems[0].severity == "CRITICAL" else EXIT_WARNING)


@click.command()
@db_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    default=Path("-"),
    help="Write the metrics to this file, atomically (default: standard output).",
)
@_friendly
def metrics(database_url: str | None, output: Path) -> None:
    """Prometheus text metrics of the recorded runs and stored stories (what `newsroom crawl`
    writes to METRICS_FILE after each run)."""
    from crawler.feeds import write_atomic
    from crawler.metrics import collect, render_metrics

    records = _open(database_url)
    try:
        text = render_metrics(collect(records))
    finally:
        records.close()
    if str(output) == "-":
        click.echo(text, nl=False)
    else:
        write_atomic(output, text.encode("utf-8"))


# -- rendering ----------------------------------------------------------------------------


def runs_table(rows: Sequence[RunRecord]) -> str:
    header = (
        "run",
        "newsroom",
        "started",
        "duration",
        "status",
        "requests",
        "304",
        "new",
        "updated",
        "dup",
        "gone",
        "errors",
    )
    table = [header] + [
        (
            r.run_id[:8],
            r.newsroom,
            _time(r.started_at),
            _duration(r.seconds),
            r.status,
            str(r.requests),
            str(r.not_modified),
            str(r.stories_new),
            str(r.stories_updated),
            str(r.stories_duplicate),
            str(r.stories_gone),
            str(r.errors),
        )
        for r in rows
    ]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    return "\n".join(
        "  ".join(
            value.ljust(width) if i < 5 else value.rjust(width)
            for i, (value, width) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in table
    )


def run_details(r: RunRecord) -> str:
    responses = ", ".join(f"{code}: {n}" for code, n in sorted(r.responses.items())) or "none"
    finished = f"{_time(r.finished_at)} ({_duration(r.seconds)})" if r.finished_at else "-"
    fields = [
        ("run", r.run_id),
        ("newsroom", r.newsroom),
        ("status", r.status + (f" (finish reason: {r.finish_reason})" if r.finish_reason else "")),
        ("started", _time(r.started_at)),
        ("finished", finished),
        ("process", f"{r.host or '?'} pid {r.pid if r.pid is not None else '?'}"),
        ("log", r.log_path or "-"),
        ("requests", str(r.requests)),
        ("responses", responses),
        ("304", str(r.not_modified)),
        ("pages", str(r.pages)),
        (
            "stories",
            f"{r.stories_new} new, {r.stories_updated} updated, {r.stories_duplicate} "
            f"duplicate, {r.stories_unchanged} unchanged, {r.stories_gone} gone",
        ),
        ("errors", str(r.errors)),
        ("bytes", str(r.bytes)),
    ]
    lines = [f"{name:<9}  {value}" for name, value in fields]
    if r.error_lines:
        lines.append(f"first errors and warnings ({len(r.error_lines)}):")
        lines.extend(f"  {line}" for line in r.error_lines)
    return "\n".join(lines)


def _open(database_url: str | None) -> CrawlRuns:
    """The run records, with runs abandoned by a dead process marked ``interrupted``."""
    records = CrawlRuns.open(database_url or _default("DATABASE_URL"))
    try:
        records.mark_abandoned(host=socket.gethostname(), now=datetime.now(UTC))
    except BaseException:
        records.close()
        raise
    return records


def _time(when: datetime | None) -> str:
    return f"{when.astimezone(UTC):%Y-%m-%dT%H:%M:%SZ}" if when else "-"


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 60:
        return f"{seconds:.1f}s"
    minutes, rest = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes}m{rest:02d}s"
    return f"{minutes // 60}h{minutes % 60:02d}m"

"""Ops commands on the crawl run records: ``newsroom runs``, ``runs show``, ``health``, ``metrics``.

They read the ``crawl_run`` rows `newsroom crawl` writes (`storage.runs`), after marking
``interrupted`` the runs left ``running`` by a process that is gone. ``health`` answers like a
Nagios check: exit 0 (OK), 1 (WARNING), 2 (CRITICAL) or 3 (UNKNOWN), one line per problem;
the check itself is `crawler.reports.health` (the server's ``/healthz`` gives the same verdict).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import click
from sqlalchemy.exc import SQLAlchemyError

from crawler.cli.options import (
    OUTPUT_FIX,
    Count,
    db_option,
    friendly,
    newsrooms_option,
    one_line,
    setting_default,
    writable_file,
    write_output,
)
from crawler.core.events import stamp
from crawler.core.newsrooms import ConfigError, load_newsrooms
from crawler.reports.health import (
    EXIT_CRITICAL,
    EXIT_UNKNOWN,
    EXIT_WARNING,
    JUDGED_FIELDS,
    Problem,
    Verdict,
    check_health,
    field_sources,
    health_verdict,
    mark_abandoned,
)
from storage.database import DatabaseError
from storage.runs import CrawlRuns, RunRecord

__all__ = [
    "EXIT_CRITICAL",
    "EXIT_UNKNOWN",
    "EXIT_WARNING",
    "Problem",
    "Verdict",
    "check_health",
    "health",
    "health_verdict",
    "metrics",
    "open_runs",
    "runs",
]

# -- commands -----------------------------------------------------------------------------


@click.group(invoke_without_command=True)
@db_option
@click.option("--newsroom", "newsroom_key", metavar="KEY", help="Only this newsroom's runs.")
@click.option(
    "--last", type=Count(1, 10_000), default=20, show_default=True, metavar="N", help="How many."
)
@click.pass_context
@friendly
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
@friendly
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
    type=Count(1, 1000),
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
        registry = load_newsrooms(newsrooms_file or Path(setting_default("NEWSROOMS_FILE")))
        keys = [n.key for n in registry.select()]
        records = open_runs(database_url or setting_default("DATABASE_URL"))
        try:
            verdict = health_verdict(records, keys, silent_runs, max_error_rate)
        finally:
            records.close()
    except (ConfigError, DatabaseError, OSError, ValueError, SQLAlchemyError) as exc:
        if click.get_current_context().find_root().params.get("debug"):
            raise
        # On standard output, as Nagios-style monitors read it.
        click.echo(f"UNKNOWN: {one_line(exc)}")
        sys.exit(EXIT_UNKNOWN)
    click.echo("\n".join(verdict.lines))
    if not verdict.ok:
        sys.exit(verdict.status)


@click.command()
@db_option
@click.option(
    "-o",
    "--output",
    type=click.Path(allow_dash=True, path_type=Path),
    default=Path("-"),
    help="Write the metrics to this file, atomically (default: standard output).",
)
@friendly
def metrics(database_url: str | None, output: Path) -> None:
    """Prometheus text metrics of the recorded runs and stored stories (what `newsroom crawl`
    writes to METRICS_FILE after each run)."""
    from crawler.reports.metrics import collect, render_metrics

    if str(output) != "-":
        writable_file(output, "metrics file", OUTPUT_FIX)
    records = _open(database_url)
    try:
        text = render_metrics(collect(records))
    finally:
        records.close()
    if str(output) == "-":
        click.echo(text, nl=False)
    else:
        write_output(output, text.encode("utf-8"), "metrics file", OUTPUT_FIX)


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
            stamp(r.started_at),
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
    finished = f"{stamp(r.finished_at)} ({_duration(r.seconds)})" if r.finished_at else "-"
    fields = [
        ("run", r.run_id),
        ("newsroom", r.newsroom),
        ("status", r.status + (f" (finish reason: {r.finish_reason})" if r.finish_reason else "")),
        ("started", stamp(r.started_at)),
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
        ("no story", _breakdown(r.counters, "pages/", ("fetched", "binary"))),
        ("fields", _fields(r)),
        (
            "templates",
            f"{r.counters.get('templates/known', 0)} new stories at templates learned before, "
            f"{r.counters.get('templates/new', 0)} at new ones",
        ),
        ("unchanged", f"{r.counters.get('fetch/unchanged', 0)} pages read as last time"),
        ("links", "not followed: " + _breakdown(r.counters, "links/", ())),
        ("errors", str(r.errors)),
        ("bytes", str(r.bytes)),
    ]
    lines = [f"{name:<9}  {value}" for name, value in fields]
    if r.error_lines:
        lines.append(f"first errors and warnings ({len(r.error_lines)}):")
        lines.extend(f"  {line}" for line in r.error_lines)
    return "\n".join(lines)


def _fields(run: RunRecord) -> str:
    """Where the run's stories' titles, dates and bodies came from: the family's selectors,
    or a fallback (`crawler.core.items.Source`), or nowhere (``missing``)."""
    parts = []
    for name in JUDGED_FIELDS:
        sources = field_sources(run, name)
        if sources:
            parts.append(f"{name}: " + ", ".join(f"{s} {n}" for s, n in sources.items()))
    return "; ".join(parts) or "-"


def _breakdown(counters: Mapping[str, int], prefix: str, leave: Sequence[str]) -> str:
    """The counters under ``prefix`` (those in ``leave`` aside): their sum and each one, so
    `runs show` tells why pages held no story and which links were not followed."""
    parts = {
        name.removeprefix(prefix): count
        for name, count in sorted(counters.items())
        if name.startswith(prefix) and name.removeprefix(prefix) not in leave and count
    }
    each = ", ".join(f"{name} {count}" for name, count in parts.items())
    return f"{sum(parts.values())}" + (f" ({each})" if each else "")


def _open(database_url: str | None) -> CrawlRuns:
    return open_runs(database_url or setting_default("DATABASE_URL"))


def open_runs(database_url: str) -> CrawlRuns:
    """The run records, with runs abandoned by a dead process marked ``interrupted``."""
    records = CrawlRuns.open(database_url, create=False)
    try:
        mark_abandoned(records)
    except BaseException:
        records.close()
        raise
    return records


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 60:
        return f"{seconds:.1f}s"
    minutes, rest = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes}m{rest:02d}s"
    return f"{minutes // 60}h{minutes % 60:02d}m"

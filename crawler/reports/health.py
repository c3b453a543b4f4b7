"""The health check of ``newsroom health`` and the server's ``/healthz``: what is wrong with
each newsroom, judged by its recorded crawl runs (`storage.runs`), Nagios-style.

Exit statuses: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (the newsrooms file or the database
cannot be read). No settings; no click: the server imports it.
"""

from __future__ import annotations

import socket
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

from crawler.core import clock
from crawler.core.events import stamp
from storage.runs import NOT_A_STORY, STATUSES, CrawlRuns, RunRecord

__all__ = [
    "EXIT_CRITICAL",
    "EXIT_UNKNOWN",
    "EXIT_WARNING",
    "JUDGED_FIELDS",
    "Problem",
    "Verdict",
    "check_health",
    "field_sources",
    "health_verdict",
    "mark_abandoned",
]

EXIT_WARNING = 1
EXIT_CRITICAL = 2
EXIT_UNKNOWN = 3
#: How many of a newsroom's newest finished runs `check_health` looks through for runs that
#: read something new (most runs of a quiet newsroom read only 304s and unchanged pages).
SILENT_SCAN = 200
#: Earlier runs a newsroom's last run is compared with, at least, for "yield dropped" and
#: "layout changed?": its own normal is set by several runs, so a new newsroom, or one odd run,
#: raises no alarm.
MIN_HISTORY = 3
#: Runs that read fewer new pages than this say little about stories per page (a re-crawl
#: that read one changed listing and a new story): the yield of smaller runs is not judged.
YIELD_MIN_PAGES = 10
#: "yield dropped" when the last run saw fewer stories per page read than this share of the
#: median of earlier runs: ordinary runs vary by a fraction of that, while story links that
#: stop matching, or stories rejected as too short, take most stories away.
YIELD_DROP = 0.5
#: Runs that extracted fewer stories than this say little about where their fields came from.
FIELDS_MIN_STORIES = 5
#: "layout changed?" when the share of a field's values read by a fallback (not the family's
#: selector) rose this much above its median in earlier runs: a third of the stories is more
#: than a changing mix of page kinds moves it, and less than one template change that the
#: selectors no longer match does (the generic reading then carries every story).
FALLBACK_RISE = 0.3
#: ... or when the share of stories with the field fell this much below that median (a
#: selector that stopped matching, with no fallback that reads the field).
COVERAGE_DROP = 0.3
#: "story URLs changed?" when the last run stored this many new stories or more and none
#: at a learned template: one story at a new address is a new section, not a move.
MOVED_MIN_STORIES = 2
#: The fields "layout changed?" watches (every story has a title and a body; a date it may
#: lack), counted per run as ``fields/<field>/<source>`` (`crawler.components.pipelines`).
JUDGED_FIELDS = ("title", "published", "body")


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
    above ``max_error_rate``; the last ``silent_runs`` finished runs that read anything new
    (not only 304s and pages whose body had not changed) found no story, while earlier runs
    did: the site's layout probably changed; or ``silent_runs`` finished runs fetched pages
    and no run ever found a story. WARNING: the newsroom was never crawled, or fewer runs
    than that fetched pages and found no story yet; its stories per page read dropped below
    its own history (`_yield_dropped`); its family's selectors read fewer of its stories'
    fields than they used to (`_layout_changed`); or its new stories are at none of the
    story-URL templates its earlier crawls learned (`_urls_moved`).
    """
    problems: list[Problem] = []
    stored = runs.stored_stories() if keys else {}
    for key in keys:
        completed = runs.recent(newsroom=key, statuses=STATUSES[1:], limit=1)
        if not completed:
            message = "never crawled"
            if running := runs.recent(newsroom=key, limit=1):
                message += f" (its first crawl runs since {stamp(running[0].started_at)})"
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
                    f"{stamp(last.finished_at or last.started_at)} ({last.pages} pages, "
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
        problem = _silent(runs, key, silent_runs)
        if problem is None and not stored.get(key):
            problem = _never_found(runs, key, silent_runs)
        if problem is not None:
            problems.append(problem)
        else:
            reading = _reading(runs, key)
            found = (_yield_dropped(reading), _layout_changed(reading), _urls_moved(reading))
            problems.extend(p for p in found if p)
    return sorted(problems, key=lambda p: p.severity != "CRITICAL")


@dataclass(frozen=True)
class Verdict:
    """What `newsroom health` prints, and its exit status."""

    status: int  # 0 OK, EXIT_WARNING, EXIT_CRITICAL or EXIT_UNKNOWN
    lines: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return self.status == 0


def health_verdict(
    runs: CrawlRuns, keys: Sequence[str], silent_runs: int = 3, max_error_rate: float = 0.2
) -> Verdict:
    """`check_health`'s problems as `newsroom health` (and the server's ``/healthz``) tell
    them: "OK: ..." or one line per problem, worst first, and the exit status."""
    problems = check_health(runs, keys, silent_runs, max_error_rate)
    if not problems:
        noun = "newsroom" if len(keys) == 1 else "newsrooms"
        return Verdict(0, (f"OK: {len(keys)} {noun} healthy ({', '.join(keys)})",))
    status = EXIT_CRITICAL if problems[0].severity == "CRITICAL" else EXIT_WARNING
    return Verdict(status, tuple(str(problem) for problem in problems))


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
        f"{stamp(reading[-1].started_at)}: {pages} pages read, {empty} too short or untitled "
        "to be stories), though earlier runs found stories: has the site's layout changed? "
        "Try one of its pages with `newsroom extract`",
    )


def _never_found(runs: CrawlRuns, key: str, count: int) -> Problem | None:
    """Finished runs fetched pages, and no run of the newsroom ever saw a story.

    Unlike `_silent`, runs that read only 304s and unchanged pages count: a newsroom that never
    yielded a story is not quiet, and its re-crawls only re-read what its first crawl found
    useless. The cause is read from the runs' own counters.
    """
    finished = runs.recent(newsroom=key, statuses=["finished"], limit=SILENT_SCAN)
    fetching = [run for run in finished if run.fetched_reads]
    if not fetching or any(run.stories for run in finished):
        return None
    if runs.found_stories_before(key):
        return None  # a run older than SILENT_SCAN did
    pages = sum(run.fetched_reads for run in fetching)
    if len(fetching) >= count:
        severity, which = "CRITICAL", f"its last {len(fetching)} runs"
    else:
        severity = "WARNING"
        which = "its only run" if len(fetching) == 1 else f"its {len(fetching)} runs"
    return Problem(
        severity,
        key,
        f"no story ever: {which} since {stamp(fetching[-1].started_at)} read {pages} pages "
        f"and found none: {_why_none(key, fetching)}; see `newsroom runs show "
        f"{fetching[-1].run_id[:8]}`",
    )


def _reading(runs: CrawlRuns, key: str) -> list[RunRecord]:
    """The newsroom's newest finished runs that read new pages, newest first."""
    finished = runs.recent(newsroom=key, statuses=["finished"], limit=SILENT_SCAN)
    return [run for run in finished if run.fresh_reads > 0]


def _yield_dropped(reading: Sequence[RunRecord]) -> Problem | None:
    """The last run that read `YIELD_MIN_PAGES` new pages or more saw far fewer stories per
    page than the newsroom's earlier such runs (their median): story links that stopped
    matching, or stories rejected, without the run falling silent."""
    sized = [run for run in reading if run.fresh_reads >= YIELD_MIN_PAGES]
    if len(sized) <= MIN_HISTORY:
        return None
    last, earlier = sized[0], sized[1:]
    normal = median(run.stories / run.fresh_reads for run in earlier)
    now = last.stories / last.fresh_reads
    if normal == 0 or now >= YIELD_DROP * normal:
        return None
    return Problem(
        "WARNING",
        last.newsroom,
        f"yield dropped: its last run {last.run_id[:8]} (at {stamp(last.started_at)}) saw "
        f"{last.stories} stories in {last.fresh_reads} pages read, {now:.2f} a page, against "
        f"a median of {normal:.2f} in its {len(earlier)} earlier runs that read "
        f"{YIELD_MIN_PAGES} pages or more ({last.empty_story_pages} pages too short or "
        f"untitled to be stories, {last.counters.get('pages/listing', 0)} listings); see "
        f"`newsroom runs show {last.run_id[:8]}`",
    )


def _urls_moved(reading: Sequence[RunRecord]) -> Problem | None:
    """The last run that stored `MOVED_MIN_STORIES` new stories or more found none at the
    story-URL templates the newsroom's earlier crawls learned (`storage.templates`), though
    an earlier run stored stories: the site moved its stories to new addresses (a new CMS),
    or the crawl now stores pages that are not stories."""
    sized = [run for run in reading if sum(_templates(run)) > 0]
    if len(sized) < 2:
        return None
    last = sized[0]
    known, new = _templates(last)
    if known or new < MOVED_MIN_STORIES:
        return None
    return Problem(
        "WARNING",
        last.newsroom,
        f"story URLs changed? its last run {last.run_id[:8]} (at {stamp(last.started_at)}) "
        f"stored {new} new stories, none at a story-URL template its earlier crawls learned: "
        f"a new CMS or new addresses (check their URLs with `newsroom export`), or pages that "
        f"are no stories; see `newsroom runs show {last.run_id[:8]}`",
    )


def _templates(run: RunRecord) -> tuple[int, int]:
    """New stories a run stored at learned story-URL templates and at new ones."""
    return run.counters.get("templates/known", 0), run.counters.get("templates/new", 0)


def field_sources(run: RunRecord, name: str) -> dict[str, int]:
    """How many stories of ``run`` had their field ``name`` from each source (``missing``:
    none), from its ``fields/<name>/<source>`` counters."""
    prefix = f"fields/{name}/"
    return {
        counter.removeprefix(prefix): count
        for counter, count in sorted(run.counters.items())
        if counter.startswith(prefix) and count
    }


@dataclass(frozen=True)
class _Shares:
    """Of one run's stories, the shares whose field came from a fallback and that had it."""

    stories: int
    fallback: float  # read by anything but the family's selector
    coverage: float  # had the field at all

    @classmethod
    def of(cls, run: RunRecord, name: str) -> _Shares:
        sources = field_sources(run, name)
        stories = sum(sources.values())
        if not stories:
            return cls(0, 0.0, 0.0)
        missing, selector = sources.get("missing", 0), sources.get("selector", 0)
        return cls(stories, (stories - selector - missing) / stories, 1 - missing / stories)


def _layout_changed(reading: Sequence[RunRecord]) -> Problem | None:
    """In the last run that extracted `FIELDS_MIN_STORIES` stories or more, a larger share of
    a field's values came from a fallback than in the newsroom's earlier such runs, or fewer
    stories had the field: the family's selectors stopped matching. Only a newsroom whose
    selectors used to read its fields can see the fallback share rise."""
    sized = [run for run in reading if _Shares.of(run, "title").stories >= FIELDS_MIN_STORIES]
    if len(sized) <= MIN_HISTORY:
        return None
    last, earlier = sized[0], sized[1:]
    findings = []
    for name in JUDGED_FIELDS:
        now = _Shares.of(last, name)
        before = [_Shares.of(run, name) for run in earlier]
        fallback = median(shares.fallback for shares in before)
        coverage = median(shares.coverage for shares in before)
        sources = ", ".join(f"{n} {source}" for source, n in field_sources(last, name).items())
        if now.fallback - fallback >= FALLBACK_RISE:
            findings.append(
                f"{name} of {now.fallback:.0%} of its {now.stories} stories read by a fallback, "
                f"not the family's selector ({sources}), against {fallback:.0%}"
            )
        elif coverage - now.coverage >= COVERAGE_DROP:
            findings.append(
                f"{name} found for {now.coverage:.0%} of its {now.stories} stories ({sources}), "
                f"against {coverage:.0%}"
            )
    if not findings:
        return None
    return Problem(
        "WARNING",
        last.newsroom,
        f"layout changed? in its last run {last.run_id[:8]} (at {stamp(last.started_at)}): "
        f"{'; '.join(findings)} (medians of its {len(earlier)} earlier runs); try one of its "
        f"pages with `newsroom extract PAGE --url URL --newsroom {last.newsroom}` and see "
        f"`newsroom runs show {last.run_id[:8]}`",
    )


def _why_none(key: str, runs: Sequence[RunRecord]) -> str:
    """The likely reason runs that fetched pages found no story, from their counters."""

    def total(name: str) -> int:
        return sum(run.counters.get(name, 0) for run in runs)

    rejected = {reason: count for reason in NOT_A_STORY if (count := total(f"pages/{reason}"))}
    fresh = sum(run.fresh_reads for run in runs)
    skipped = {
        what: count
        for what, name in (("to other hosts", "links/offsite"), ("forbidden", "links/not-fetched"))
        if (count := total(name))
    }
    links = (
        "; links not followed: " + ", ".join(f"{n} {what}" for what, n in skipped.items())
        if skipped
        else ""
    )
    if rejected:
        reasons = ", ".join(f"{n} {reason}" for reason, n in rejected.items())
        return (
            f"pages rejected as not a story ({reasons}): try one with `newsroom extract "
            f"PAGE --url URL --newsroom {key}`{links}"
        )
    if not fresh:
        return (
            f"every page answered 304 or was unchanged ({total('fetch/not-modified')} 304s, "
            f"{total('fetch/unchanged')} unchanged) since a crawl that found no story; "
            f"`newsroom crawl --backfill --only {key}` reads them again{links}"
        )
    return (
        f"no story links found: only {total('pages/listing')} listing pages, "
        f"{total('feeds/fetched')} feeds and {total('sitemaps/fetched')} sitemaps were read; "
        f"check its start_urls, feeds and its family's story URL patterns{links}"
    )


def mark_abandoned(records: CrawlRuns) -> list[RunRecord]:
    """Mark ``interrupted`` the runs left ``running`` by a process that is gone (every ops
    command and the server do it before they read the runs, a crawl before it starts); return
    them."""
    return records.mark_abandoned(host=socket.gethostname(), now=clock.now())

"""``newsroom health`` and `crawler.reports.health` on recorded runs: OK after a good crawl;
CRITICAL for a newsroom whose last run failed, with many errors, or whose crawls fetch pages but
never yield a story (with the likely cause); WARNING for one never crawled; UNKNOWN when the
records cannot be read. A quiet newsroom that has stories is healthy."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.cli import cli
from crawler.core.newsrooms import load_newsrooms
from crawler.reports.health import check_health, health_verdict
from server.page import PageData, render_page
from storage.runs import CrawlRuns, RunOutcome
from tests.support.cli import invoke
from tests.support.run_records import BROKEN_NEWSROOM, HQ, HQ_NEWSROOM, OpsCrawls, finished

KEY = "nato-hq"
START = datetime(2026, 11, 24, 12, tzinfo=UTC)
#: NATO HQ's entry with its start page only (`HQ_NEWSROOM` names its feed and sitemap too).
NEWSROOMS = """
[[newsroom]]
key = "nato-hq"
name = "NATO HQ news"
family = "nato-hq"
start_urls = ["https://www.nato.int/cps/en/natohq/news.htm"]
languages = ["en"]
every = "1h"
"""
#: The first crawl of a newsroom whose story links its family does not recognise: the start
#: page, a feed and a sitemap read, every page a listing.
NO_LINKS = {"pages/fetched": 3, "pages/listing": 3, "feeds/fetched": 1, "sitemaps/fetched": 1}
#: Its re-crawls: the same pages, unchanged.
SAME = {"pages/fetched": 3, "pages/listing": 0, "fetch/not-modified": 2, "fetch/unchanged": 1}


def record(runs: CrawlRuns, number: int, counters: Mapping[str, int], stories: int = 0) -> str:
    """A finished run of nato-hq, ``number`` hours after START."""
    run_id = f"run{number:04d}"
    started = START + timedelta(hours=number)
    runs.start(run_id, KEY, started)
    fetched = counters.get("pages/fetched", 0)
    outcome = RunOutcome(
        "finished",
        "finished",
        requests=fetched + 1,
        pages=fetched,
        stories_new=stories,
        counters={**counters, "stories/new": stories},
    )
    runs.finish(run_id, KEY, started + timedelta(minutes=1), outcome)
    return run_id


def health(database_url: str, tmp_path: Path, *args: str) -> tuple[int, str]:
    newsrooms = tmp_path / "newsrooms.toml"
    newsrooms.write_text(NEWSROOMS, encoding="utf-8")
    done = CliRunner().invoke(
        cli, ["health", "--db", database_url, "--newsrooms", str(newsrooms), *args]
    )
    return done.exit_code, done.output


# -- a newsroom whose crawls fetch pages but never yield a story ----------------------------


def test_four_runs_that_fetched_pages_and_never_a_story_are_critical_with_the_cause(
    runs: CrawlRuns, database_url: str, tmp_path: Path
) -> None:
    first = record(runs, 0, NO_LINKS)
    for number in (1, 2, 3):
        record(runs, number, SAME)
    code, output = health(database_url, tmp_path)
    assert code == 2
    [line] = output.splitlines()
    assert line.startswith("CRITICAL nato-hq: no story ever: its last 4 runs since ")
    assert "read 14 pages and found none: no story links found: only 3 listing pages" in line
    assert line.endswith(f"see `newsroom runs show {first[:8]}`")
    shown = CliRunner().invoke(cli, ["runs", "--db", database_url, "show", first])
    assert "no story   3 (listing 3)" in shown.output


def test_the_first_run_that_found_nothing_is_a_warning(
    runs: CrawlRuns, database_url: str, tmp_path: Path
) -> None:
    record(runs, 0, {"pages/fetched": 9, "pages/listing": 1, "pages/too-short": 8})
    code, output = health(database_url, tmp_path)
    assert code == 1
    assert output.startswith("WARNING nato-hq: no story ever: its only run since ")
    assert "pages rejected as not a story (8 too-short): try one with `newsroom extract " in output


def test_runs_that_only_read_unchanged_pages_since_a_useless_first_crawl_say_so(
    runs: CrawlRuns,
) -> None:
    for number in range(3):
        record(runs, number, SAME)
    [problem] = check_health(runs, [KEY])
    assert problem.severity == "CRITICAL"
    assert "every page answered 304 or was unchanged (6 304s, 3 unchanged)" in problem.message


def test_a_quiet_newsroom_that_found_stories_is_healthy(runs: CrawlRuns) -> None:
    record(runs, 0, {"pages/fetched": 18, "pages/listing": 3}, stories=15)
    for number in range(1, 10):
        record(runs, number, SAME)
    assert check_health(runs, [KEY]) == []


# A history: per run, oldest first, (stories seen, pages read afresh, pages read unchanged).
HISTORY = st.lists(
    st.tuples(st.sampled_from([0, 0, 0, 2]), st.integers(0, 3), st.integers(0, 3)),
    min_size=1,
    max_size=6,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(history=HISTORY, silent=st.integers(1, 4))
def test_never_a_story_is_reported_exactly_when_runs_fetched_pages_and_none_saw_a_story(
    tmp_path_factory: pytest.TempPathFactory, history: list[tuple[int, int, int]], silent: int
) -> None:
    url = f"sqlite:///{tmp_path_factory.mktemp('h') / 'newsroom.sqlite3'}"
    runs = CrawlRuns.open(url)
    try:
        for number, (stories, fresh, same) in enumerate(history):
            counters = {"pages/fetched": fresh + same, "fetch/unchanged": same}
            record(runs, number, counters, stories)
        never = [p for p in check_health(runs, [KEY], silent) if "no story ever" in p.message]
    finally:
        runs.close()
    fetching = sum(1 for _, fresh, same in history if fresh + same)
    expected = fetching > 0 and not any(stories for stories, _, _ in history)
    assert bool(never) is expected
    if never:
        assert never[0].severity == ("CRITICAL" if fetching >= silent else "WARNING")


def test_the_ops_page_marks_runs_that_read_pages_and_saw_no_story(
    runs: CrawlRuns, tmp_path: Path
) -> None:
    newsrooms = tmp_path / "newsrooms.toml"
    newsrooms.write_text(NEWSROOMS, encoding="utf-8")
    record(runs, 0, NO_LINKS)
    record(runs, 1, SAME)

    def page(stored: dict[str, tuple[int, int]]) -> str:
        data = PageData(
            now=START + timedelta(days=1),
            newsrooms=list(load_newsrooms(newsrooms).values()),
            runs={KEY: runs.recent(newsroom=KEY)},
            stored=stored,
            newest=[],
            per_day={},
            health=health_verdict(runs, [KEY]),
        )
        return render_page(data)

    never = page({})
    assert never.count('class="run finished empty"') == 2
    assert "no story in 3 pages read" in never
    # With stories stored, a run that re-read only unchanged pages is a quiet one: green.
    quiet = page({KEY: (15, 0)})
    assert quiet.count('class="run finished empty"') == 1
    assert quiet.count('class="run finished"') == 1


# -- newsroom health after the ops crawls -------------------------------------------------


@pytest.mark.crawl
def test_health_is_ok_after_a_good_crawl(ops_crawls: OpsCrawls) -> None:
    assert ops_crawls.health_before.exit_code == 0
    assert ops_crawls.health_before.output == "OK: 1 newsroom healthy (nato-hq)\n"


@pytest.mark.crawl
def test_health_is_critical_when_a_newsroom_failed_its_last_run(ops_crawls: OpsCrawls) -> None:
    assert ops_crawls.health_both.exit_code == 2
    [line] = ops_crawls.health_both.output.splitlines()
    assert line.startswith("CRITICAL broken: last run ")
    assert " failed at " in line and "0 pages, 2 errors" in line


@pytest.mark.crawl
def test_health_is_critical_when_a_layout_change_leaves_nothing_to_extract(
    ops_crawls: OpsCrawls,
) -> None:
    out = invoke(
        "health",
        "--db",
        ops_crawls.url,
        "--newsrooms",
        str(ops_crawls.hq_only),
        "--silent-runs",
        "1",
    )
    assert out.exit_code == 2
    [line] = out.output.splitlines()
    assert line.startswith("CRITICAL nato-hq: no story in its last run that read new pages")
    assert "has the site's layout changed?" in line


# -- newsroom health on recorded runs -----------------------------------------------------


@pytest.mark.parametrize(
    ("history", "critical"),
    [
        # (stories, pages read afresh, pages not modified) per run, oldest first
        ([(15, 18, 0), (0, 2, 0), (0, 0, 5), (0, 2, 3), (0, 1, 0)], "last 3 runs"),
        ([(15, 18, 0), (0, 2, 0), (0, 2, 0)], None),  # only 2 silent runs
        ([(15, 18, 0), (0, 2, 0), (1, 2, 0), (0, 2, 0), (0, 2, 0)], None),  # a story between
        # Never found a story: not a layout change, but a problem from the start.
        ([(0, 2, 0), (0, 2, 0), (0, 2, 0), (0, 2, 0)], "no story ever: its last 4 runs"),
        ([(15, 18, 0), (0, 0, 9), (0, 0, 9), (0, 0, 9)], None),  # nothing read afresh
    ],
)
def test_health_counts_only_runs_that_read_something_new_as_silent(
    runs: CrawlRuns, database_url: str, history: list[tuple[int, int, int]], critical: str | None
) -> None:
    start = datetime.now(UTC) - timedelta(days=1)
    for number, (stories, fresh, same) in enumerate(history):
        when = start + timedelta(hours=number)
        finished(runs, f"run{number}", when, stories=stories, fresh=fresh, same=same)
    problems = check_health(runs, [HQ], silent_runs=3)
    assert bool(problems) is bool(critical)
    if critical:
        assert problems[0].severity == "CRITICAL" and critical in problems[0].message


def test_health_critical_on_many_errors_and_warns_of_a_newsroom_never_crawled(
    runs: CrawlRuns, database_url: str, tmp_path: Path
) -> None:
    now = datetime.now(UTC)
    runs.start("r1", HQ, now)
    runs.finish(
        "r1",
        HQ,
        now,
        RunOutcome(
            "finished", requests=10, errors=3, pages=7, stories_new=1, counters={"pages/fetched": 7}
        ),
    )
    newsrooms = tmp_path / "newsrooms.toml"
    newsrooms.write_text(HQ_NEWSROOM, encoding="utf-8")
    out = invoke("health", "--db", database_url, "--newsrooms", str(newsrooms))
    assert out.exit_code == 2
    assert out.output.startswith("CRITICAL nato-hq: 3 errors in 10 requests (30%)")
    assert (
        invoke(
            "health", "--db", database_url, "--newsrooms", str(newsrooms), "--max-error-rate", "0.3"
        ).exit_code
        == 0
    )
    newsrooms.write_text(HQ_NEWSROOM + BROKEN_NEWSROOM, encoding="utf-8")
    out = invoke(
        "health", "--db", database_url, "--newsrooms", str(newsrooms), "--max-error-rate", "0.5"
    )
    assert (out.exit_code, out.output) == (1, "WARNING broken: never crawled\n")


def test_health_is_unknown_when_it_cannot_read_the_records(tmp_path: Path) -> None:
    newsrooms = tmp_path / "newsrooms.toml"
    newsrooms.write_text(HQ_NEWSROOM, encoding="utf-8")
    out = invoke("health", "--db", "mysql://x@y/z", "--newsrooms", str(newsrooms))
    assert out.exit_code == 3 and out.output.startswith("UNKNOWN: ")
    out = invoke("health", "--newsrooms", str(tmp_path / "absent.toml"))
    assert out.exit_code == 3 and "absent.toml" in out.output


# -- "yield dropped" and "layout changed?" on recorded runs --------------------------------


def fields(stories: int, **sources: str) -> dict[str, int]:
    """The ``fields/...`` counters of ``stories`` stories whose fields came from ``sources``
    (field -> source; a field not named came from the family's selector)."""
    return {
        f"fields/{name}/{sources.get(name, 'selector')}": stories
        for name in ("title", "published", "body")
    }


#: A crawl that read NATO HQ's listings and its 15 stories, every field read by its selectors.
GOOD = {"pages/fetched": 18, "pages/listing": 3, **fields(15)}


def history(runs: CrawlRuns, count: int = 3) -> None:
    for number in range(count):
        record(runs, number, GOOD, stories=15)


def test_a_run_that_saw_far_fewer_stories_per_page_warns_that_yield_dropped(
    runs: CrawlRuns,
) -> None:
    history(runs)
    walled = {"pages/fetched": 18, "pages/listing": 3, "pages/too-short": 10, **fields(5)}
    last = record(runs, 3, walled, stories=5)
    [problem] = check_health(runs, [KEY])
    assert problem.severity == "WARNING"
    assert problem.message.startswith(f"yield dropped: its last run {last[:8]} (at ")
    assert (
        "saw 5 stories in 18 pages read, 0.28 a page, against a median of 0.83" in problem.message
    )
    assert "in its 3 earlier runs that read 10 pages or more" in problem.message
    assert "10 pages too short or untitled to be stories, 3 listings" in problem.message
    assert problem.message.endswith(f"see `newsroom runs show {last[:8]}`")


@pytest.mark.parametrize(
    ("earlier", "last", "why"),
    [
        (2, (18, 5), "two earlier runs are too few to know the newsroom's normal"),
        (3, (18, 10), "0.56 a page is below the median of 0.83, but not half of it"),
        (3, (6, 0), "a run of 6 pages says little"),
        (3, (18, 15), "as before"),
    ],
)
def test_yield_is_judged_only_on_enough_history_and_pages_and_a_large_drop(
    runs: CrawlRuns, earlier: int, last: tuple[int, int], why: str
) -> None:
    history(runs, earlier)
    pages, stories = last
    record(runs, earlier, {"pages/fetched": pages, **fields(stories)}, stories=stories)
    assert check_health(runs, [KEY]) == [], why


def test_a_run_that_found_no_story_is_critical_and_not_also_a_yield_drop(
    runs: CrawlRuns,
) -> None:
    history(runs)
    for number in (3, 4, 5):
        record(runs, number, {"pages/fetched": 18, "pages/too-short": 15}, stories=0)
    [problem] = check_health(runs, [KEY])
    assert problem.severity == "CRITICAL"
    assert problem.message.startswith("no story in its last 3 runs that read new pages")


def test_fields_read_by_a_fallback_instead_of_the_selectors_warn_that_the_layout_changed(
    runs: CrawlRuns,
) -> None:
    history(runs)
    relaid = fields(15, title="structured", published="generic", body="generic")
    last = record(runs, 3, {"pages/fetched": 18, **relaid}, stories=15)
    [problem] = check_health(runs, [KEY])
    assert problem.severity == "WARNING"
    assert problem.message.startswith(f"layout changed? in its last run {last[:8]} (at ")
    assert (
        "title of 100% of its 15 stories read by a fallback, not the family's selector "
        "(15 structured), against 0%; published of 100%"
    ) in problem.message
    assert "body of 100% of its 15 stories read by a fallback" in problem.message
    assert "(medians of its 3 earlier runs)" in problem.message
    assert "`newsroom extract PAGE --url URL --newsroom nato-hq`" in problem.message
    assert problem.message.endswith(f"see `newsroom runs show {last[:8]}`")


def test_fewer_stories_with_a_date_warn_that_the_layout_changed(runs: CrawlRuns) -> None:
    history(runs)
    undated = {**fields(15), "fields/published/selector": 3, "fields/published/missing": 12}
    record(runs, 3, {"pages/fetched": 18, **undated}, stories=15)
    [problem] = check_health(runs, [KEY])
    assert problem.severity == "WARNING" and problem.message.startswith("layout changed? ")
    assert (
        "published found for 20% of its 15 stories (12 missing, 3 selector), against 100%"
        in problem.message
    )
    assert "title of" not in problem.message and "body of" not in problem.message


@pytest.mark.parametrize(
    ("earlier", "last", "why"),
    [
        # A newsroom of the generic family: every field always came from a fallback.
        (fields(15, title="generic", body="generic", published="generic"),
         fields(15, title="generic", body="generic", published="generic"), "never selectors"),
        (GOOD, fields(4, title="generic", body="generic"), "4 stories say little"),
        # A third of the stories read by the fallback is the threshold; a fifth is noise.
        (GOOD, {**fields(15), "fields/body/selector": 12, "fields/body/generic": 3}, "3 in 15"),
    ],
)  # fmt: skip
def test_the_layout_is_judged_only_against_a_history_of_selectors_and_enough_stories(
    runs: CrawlRuns, earlier: dict[str, int], last: dict[str, int], why: str
) -> None:
    for number in range(3):
        record(runs, number, {"pages/fetched": 18, **earlier}, stories=15)
    stories = sum(v for k, v in last.items() if k.startswith("fields/title/"))
    record(runs, 3, {"pages/fetched": 18, **last}, stories=stories)
    assert [p for p in check_health(runs, [KEY]) if "layout" in p.message] == [], why


def test_a_new_newsroom_raises_neither_alarm_whatever_its_second_run_reads(
    runs: CrawlRuns,
) -> None:
    record(runs, 0, GOOD, stories=15)
    relaid = fields(2, title="generic", published="generic", body="generic")
    record(runs, 1, {"pages/fetched": 18, **relaid}, stories=2)
    assert check_health(runs, [KEY]) == []


def test_new_stories_at_no_learned_story_url_template_warn_that_story_urls_changed(
    runs: CrawlRuns,
) -> None:
    record(runs, 0, {**GOOD, "templates/new": 15}, stories=15)  # the first crawl learns
    record(runs, 1, {**GOOD, "templates/known": 15}, stories=15)
    moved = record(runs, 2, {**GOOD, "templates/new": 15}, stories=15)
    [problem] = check_health(runs, [KEY])
    assert problem.severity == "WARNING"
    assert problem.message.startswith(f"story URLs changed? its last run {moved[:8]} (at ")
    assert "stored 15 new stories, none at a story-URL template" in problem.message
    assert problem.message.endswith(f"see `newsroom runs show {moved[:8]}`")


@pytest.mark.parametrize(
    ("runs_counters", "why"),
    [
        ([{"templates/new": 15}], "a first crawl has learned nothing yet"),
        ([{"templates/new": 15}, {"templates/known": 2, "templates/new": 3}], "some still match"),
        ([{"templates/new": 15}, {"templates/new": 1}], "one story at a new address"),
        ([{"templates/new": 15}, {}], "no new story at all"),
    ],
)
def test_story_urls_are_judged_only_against_what_earlier_crawls_learned(
    runs: CrawlRuns, runs_counters: list[dict[str, int]], why: str
) -> None:
    for number, counters in enumerate(runs_counters):
        record(runs, number, {**GOOD, **counters}, stories=15)
    assert check_health(runs, [KEY]) == [], why

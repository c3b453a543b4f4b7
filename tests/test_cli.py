"""The ``newsroom`` command line: help, errors in one line (with a traceback only under
``--debug``), ``extract``, ``feed``, ``export``, ``history`` and ``diff``, number options, commands
that only read, and ``scrapy crawl`` from the repository root."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import click
import feedparser
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from crawler.cli import cli
from crawler.cli.options import Count
from crawler.core.items import Article, Outcome
from crawler.snapshots import DEMO_SITES
from storage.repository import Repository
from tests.support.cli import ROOT, invoke, run_cli
from tests.support.databases import url_at

MLO_PAGE = (
    DEMO_SITES
    / "nato-mlo-belgrade"
    / "pages"
    / "en"
    / "2021-serbia-and-nato--partnership-for-the-future.html"
)


def test_help_documents_every_command() -> None:
    out = run_cli("--help").stdout
    for command in (
        "crawl",
        "export",
        "search",
        "history",
        "diff",
        "feed",
        "extract",
        "demo",
        "db",
    ):
        assert command in out
        assert "Usage: newsroom " + command in run_cli(command, "--help").stdout


def test_a_broken_newsrooms_file_is_one_line_and_a_failure(tmp_path: Path) -> None:
    bad = tmp_path / "newsrooms.toml"
    bad.write_text(
        '[[newsroom]]\nkey = "x"\nname = "X"\nfamily = "joomla"\n'
        'start_urls = ["http://x.org/"]\nlanguages = ["en"]\nevery = "1h"\n'
    )
    done = run_cli(
        "crawl", "--newsrooms", str(bad), "--db", f"sqlite:///{tmp_path}/db", check=False
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    [line] = done.stderr.strip().splitlines()
    assert str(bad) in line and "newsroom #1" in line and "unknown family 'joomla'" in line


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    done = run_cli("--debug", "crawl", "--newsrooms", str(tmp_path / "absent.toml"), check=False)
    assert done.returncode != 0
    assert "Traceback" in done.stderr and "ConfigError" in done.stderr


def test_a_bad_database_url_is_one_line_without_the_password() -> None:
    done = run_cli("export", "--db", "mysql://bot:hunter2@db/newsroom", check=False)
    assert done.returncode == 1
    assert "unsupported database 'mysql'" in done.stderr
    assert "hunter2" not in done.stderr and "Traceback" not in done.stderr


def test_extract_prints_what_the_crawler_would_store() -> None:
    url = (
        "https://jfcnaples.nato.int/mlo_belgrade/newsroom/news-archive/2021/"
        "serbia-and-nato--partnership-for-the-future"
    )
    out = run_cli(
        "extract",
        str(MLO_PAGE),
        "--url",
        url,
        "--newsroom",
        "nato-mlo-belgrade",
        "--newsrooms",
        str(DEMO_SITES / "newsrooms.toml"),
    ).stdout
    story = json.loads(out)
    assert story["title"] == "Serbia and NATO - Partnership for the Future"
    assert story["published"] == "2021-06-04"
    assert story["language"] == "en"
    assert story["text"].startswith("BELGRADE, June 4 - Council for Strategic Policy")


def test_extract_batch_answers_each_line_in_order(tmp_path: Path) -> None:
    listing = DEMO_SITES / "nato-hq" / "pages" / "en" / "news-page1.html"
    jobs = "\n".join(
        json.dumps({"path": str(p), "url": u})
        for p, u in [
            (MLO_PAGE, "https://example.org/story"),
            (listing, "https://example.org/"),
        ]
    )
    done = subprocess.run(
        [sys.executable, "-m", "crawler.cli", "extract", "--batch"],
        input=jobs,
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    assert first["path"] == str(MLO_PAGE) and "Partnership" in first["title"]
    assert second == {
        "path": str(listing),
        "url": "https://example.org/",
        "rejected": "listing",
        "detail": second["detail"],
    }


def test_extract_batch_reports_a_bad_line_and_reads_the_rest(tmp_path: Path) -> None:
    jobs = "\n".join(
        [
            json.dumps({"path": str(tmp_path / "missing.html")}),
            "{not json",
            json.dumps({"path": str(MLO_PAGE), "url": "https://example.org/story"}),
        ]
    )
    done = subprocess.run(
        [sys.executable, "-m", "crawler.cli", "extract", "--batch"],
        input=jobs,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 4
    missing, broken, story = (json.loads(line) for line in done.stdout.splitlines())
    assert missing["line"] == 1 and "missing.html" in missing["error"]
    assert broken["line"] == 2 and broken["error"].startswith("JSONDecodeError")
    assert "Partnership" in story["title"]


def test_extract_says_why_a_page_has_no_story(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    done = run_cli("extract", str(empty), check=False)
    assert done.returncode == 3
    assert json.loads(done.stdout)["rejected"] == "empty"


def test_feed_of_an_empty_database_is_still_a_valid_feed(tmp_path: Path) -> None:
    out = tmp_path / "feed.rss"
    url = url_at(tmp_path / "db.sqlite3")
    Repository.open(url).close()
    run_cli("feed", "--db", url, "-o", str(out))
    parsed = feedparser.parse(out.read_bytes())
    assert not parsed.bozo and parsed.entries == []


@pytest.mark.crawl
def test_scrapy_crawl_a_family_from_the_repository_root(
    tmp_path: Path, snapshot_origins: dict[str, str]
) -> None:
    url = url_at(tmp_path / "db.sqlite3")
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "nato-hq",
            "-s",
            f"NEWSROOMS_FILE={DEMO_SITES / 'newsrooms.toml'}",
            "-s",
            f"DATABASE_URL={url}",
            "-s",
            f"LOOPBACK_ORIGINS={json.dumps(snapshot_origins)}",
            "-s",
            "LOG_LEVEL=WARNING",
            "-s",
            "AUTOTHROTTLE_ENABLED=False",
        ],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert Repository.open(url).count() == 15


def test_history_and_diff_show_what_an_update_changed(database_url: str) -> None:
    first = "Allies met in Brussels today.\nThey agreed on a new partnership package for Serbia."
    second = first + "\nThe package will be adopted by the North Atlantic Council in December."
    url = "https://www.nato.int/cps/en/natohq/news_1.htm"
    story = Article(
        url=url,
        page_url=url,
        title="Allies meet",
        text=first,
        language="en",
        published=date(2015, 11, 18),
    )
    repository = Repository.open(database_url)
    seen = datetime(2026, 11, 24, 8, tzinfo=UTC)
    repository.save_article(story, "nato-hq", seen)
    later = Article(**{**story.__dict__, "text": second, "title": "Allies agree a package"})
    assert repository.save_article(later, "nato-hq", seen + timedelta(days=1)) is Outcome.UPDATED
    guid = repository.story(url).guid  # type: ignore[union-attr]
    repository.close()

    history = run_cli("history", url, "--db", database_url).stdout
    assert guid in history and "sources: nato-hq" in history
    rows = [line.split() for line in history.splitlines() if line.strip()[:1].isdigit()]
    assert [(r[0], r[1]) for r in rows] == [("1", "2026-11-24"), ("2", "2026-11-25")]

    diff = run_cli("diff", guid, "--db", database_url).stdout.splitlines()
    assert "-Allies meet" in diff and "+Allies agree a package" in diff
    assert "+The package will be adopted by the North Atlantic Council in December." in diff
    assert not any(line.startswith("-They agreed") for line in diff)

    missing = run_cli("diff", guid, "--from", "7", "--db", database_url, check=False)
    assert missing.returncode == 2 and "has versions 1, 2, not 7" in missing.stderr
    unknown = run_cli("history", "urn:nothing", "--db", database_url, check=False)
    assert unknown.returncode == 2 and "no stored story" in unknown.stderr


def test_search_lists_the_stories_holding_every_word_newest_first(database_url: str) -> None:
    repository = Repository.open(database_url)
    seen = datetime(2026, 11, 24, 8, tzinfo=UTC)
    said = {
        "kfor-patrol": ("KFOR's patrol meets the mayor", "nato-hq", date(2024, 3, 1)),
        "kfor-drill": ("A drill of Kosovo Force, KFOR", "nato-mlo-belgrade", date(2024, 5, 2)),
        "budget": ("The budget grows by 10%", "nato-hq", date(2024, 4, 3)),
    }
    for slug, (title, source, published) in said.items():
        url = f"https://example.org/news/{slug}"
        text = f"{title}. " + " ".join(f"{slug}{j}" for j in range(80))
        story = Article(url, url, title, text, language="en", published=published)
        repository.save_article(story, source, seen)
    repository.close()

    def search(*args: str) -> list[str]:
        found = invoke("search", *args, "--db", database_url)
        assert found.exit_code == 0, found.output
        return [line.split()[-1] for line in found.stdout.splitlines()]

    news = "https://example.org/news/"
    assert search("kfor") == [f"{news}kfor-drill", f"{news}kfor-patrol"]  # newest first
    assert search("KFOR", "mayor") == [f"{news}kfor-patrol"]
    assert search("kfor", "--newsroom", "nato-hq") == [f"{news}kfor-patrol"]
    assert search("10%") == [f"{news}budget"]
    assert search("kfor", "--limit", "1") == [f"{news}kfor-drill"]
    assert search("ayor") == [f"{news}kfor-patrol"]  # inside a word too
    nothing = invoke("search", "nothing-like-this", "--db", database_url)
    assert nothing.exit_code == 0 and nothing.stdout == ""
    assert "no story holds 'nothing-like-this'" in nothing.stderr


def test_export_into_a_pipe_that_closes_early_exits_quietly(database_url: str) -> None:
    repository = Repository.open(database_url)
    seen = datetime(2026, 11, 24, 8, tzinfo=UTC)
    for i in range(200):  # well over a pipe buffer of JSON
        text = " ".join(f"w{i}x{j}" for j in range(120))
        url = f"https://example.org/news/{i}"
        repository.save_article(
            Article(url=url, page_url=url, title=f"Story {i}", text=text, language="en"),
            "n",
            seen,
        )
    repository.close()
    export = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli", "export", "--db", database_url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert export.stdout is not None and export.stderr is not None
    assert json.loads(export.stdout.readline())["title"].startswith("Story")
    export.stdout.close()  # what `| head -1` does
    assert export.wait(timeout=60) == 0
    assert export.stderr.read() == b""
    export.stderr.close()


@given(st.one_of(st.text(), st.integers().map(str), st.from_regex(r"\A\s*[0-9]{1,8}\s*\Z")))
def test_a_count_option_takes_ascii_digits_in_range_or_says_why_not(text: str) -> None:
    count = Count(1, 500)
    try:
        value = count.convert(text, None, None)
    except click.BadParameter as exc:
        assert "\n" not in exc.format_message() and "from 1 to 500" in exc.format_message()
    else:
        assert 1 <= value <= 500 and value == int(text.strip())
        assert text.strip().isascii() and text.strip().isdigit()


@pytest.mark.parametrize("value", ["99999999999999999999", "٥", "²", "1_0", "0", "-3", "2.5"])
@pytest.mark.parametrize(
    "command",
    [["feed", "-o", "-", "--limit"], ["runs", "--last"], ["diff", "x", "--from"]],
    ids=lambda args: args[0],
)
def test_number_options_refuse_what_is_not_a_small_whole_number(
    command: list[str], value: str, repository: Repository, database_url: str
) -> None:
    """A number SQLite cannot hold was a traceback (OverflowError); "٥" was read as 5."""
    result = CliRunner().invoke(cli, [*command, value, "--db", database_url])
    assert result.exit_code == 2, result.output
    assert "is not a whole number from 1 to" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


READ_ONLY = {
    "export": ["export"],
    "history": ["history", "x"],
    "diff": ["diff", "x"],
    "feed": ["feed", "-o", "-"],
    "runs": ["runs"],
    "runs show": ["runs", "show", "1"],
    "metrics": ["metrics"],
    "health": ["health", "--newsrooms", str(DEMO_SITES / "newsrooms.toml")],
    "serve": ["serve", "--port", "0", "--newsrooms", str(DEMO_SITES / "newsrooms.toml")],
}


@pytest.mark.parametrize("command", READ_ONLY)
def test_a_command_that_reads_makes_no_database_and_says_there_is_none(
    command: str, tmp_path: Path
) -> None:
    """They made an empty file (and its folder), found nothing in it, and exited 0."""
    missing = tmp_path / "not-yet" / "newsroom.sqlite3"
    done = run_cli(*READ_ONLY[command], "--db", f"sqlite:///{missing}", check=False, timeout=60)
    if command == "health":  # Nagios: UNKNOWN on standard output
        assert done.returncode == 3, done.stdout + done.stderr
        [line] = done.stdout.splitlines()
        assert line.startswith("UNKNOWN: no database at ")
    else:
        assert done.returncode == 1, done.stderr
        assert done.stdout == ""
        [line] = done.stderr.splitlines()
        assert line.startswith("Error: no database at ")
    assert str(missing) in line and "newsroom crawl" in line and "--db" in line
    assert not missing.parent.exists()


def _save(repository: Repository, url: str, text: str, seen: datetime) -> str:
    article = Article(url=url, page_url=url, title="Allies meet", text=text, language="en")
    repository.save_article(article, "nato-hq", seen)
    return repository.story(url).guid  # type: ignore[union-attr]


def test_history_and_diff_take_a_unique_prefix_of_the_story_id(
    repository: Repository, database_url: str
) -> None:
    seen = datetime(2026, 11, 24, 8, tzinfo=UTC)
    by_first: dict[str, list[str]] = {}
    for n in range(17):  # 17 ids, 16 hex digits: two start alike
        text = f"Story {n} of the week: allies agreed on plan number {n * 7919}."
        guid = _save(repository, f"https://www.nato.int/news_{n}.htm", text, seen)
        by_first.setdefault(guid[0], []).append(guid)
    shared, *_ = (guids for guids in by_first.values() if len(guids) > 1)
    one = shared[0]
    runner = CliRunner()
    for command in ("history", "diff"):
        for key in (one[:12], f"urn:uuid:{one[:12]}", one.upper()[:12]):
            result = runner.invoke(cli, [command, key, "--db", database_url])
            assert result.exit_code == 0, result.output
        ambiguous = runner.invoke(cli, [command, one[0], "--db", database_url])
        assert ambiguous.exit_code == 2
        [line] = [ln for ln in ambiguous.output.splitlines() if ln.startswith("Error:")]
        assert f"'{one[0]}' starts the ids of several stories" in line
        assert all(guid in line for guid in shared[:5]) and "give more of the id" in line
    assert "Allies meet" in runner.invoke(cli, ["history", one[:8], "--db", database_url]).output


def test_diff_of_one_version_or_the_same_version_says_so_in_one_line(
    repository: Repository, database_url: str
) -> None:
    seen = datetime(2026, 11, 24, 8, tzinfo=UTC)
    url = "https://www.nato.int/news_1.htm"
    guid = _save(repository, url, "Allies met in Brussels today.", seen)
    runner = CliRunner()
    once = runner.invoke(cli, ["diff", guid, "--db", database_url])
    assert (once.exit_code, once.stdout) == (0, "")
    assert once.stderr == f"story {guid} has only one version: nothing to compare\n"
    later = "Allies met in Brussels today.\nThey agreed a partnership package for Serbia."
    _save(repository, url, later, seen + timedelta(days=1))
    assert [v.number for v in repository.versions(guid)] == [1, 2]
    for args in (["--from", "2", "--to", "2"], ["--from", "1", "--to", "1"]):
        same = runner.invoke(cli, ["diff", guid, *args, "--db", database_url])
        assert (same.exit_code, same.stdout) == (0, "")
        assert "the same version: nothing to compare" in same.stderr
    first = runner.invoke(cli, ["diff", guid, "--to", "1", "--db", database_url])
    assert (first.exit_code, first.stdout) == (0, "")
    assert first.stderr == "version 1 is the first: nothing before it to compare\n"
    both = runner.invoke(cli, ["diff", guid, "--db", database_url])
    assert both.exit_code == 0 and "+They agreed a partnership package for Serbia." in both.stdout

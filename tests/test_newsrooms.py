"""The newsrooms file (`crawler.core.newsrooms`): entries with their defaults and hosts, the
repository's and the demo's files, errors that name the file, the entry and the fix, and the
``every`` intervals."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from crawler.core.newsrooms import ConfigError, load_newsrooms, parse_every
from tests.support.cli import ROOT

VALID = """
[[newsroom]]
key = "rs-mission-nato"
name = "Mission of the Republic of Serbia to NATO"
family = "cutenews"
start_urls = ["http://nato-brussels.mfa.gov.rs/"]
feeds = []
sitemaps = []
languages = ["en", "sr-Latn", "sr-Cyrl"]
every = "2h"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "newsrooms.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_loads_an_entry_with_defaults(tmp_path: Path) -> None:
    newsrooms = load_newsrooms(write(tmp_path, VALID))
    newsroom = newsrooms["rs-mission-nato"]
    assert newsroom.family == "cutenews"
    assert newsroom.languages == ("en", "sr-Latn", "sr-Cyrl")
    assert newsroom.every == timedelta(hours=2)
    assert newsroom.hosts == {"nato-brussels.mfa.gov.rs", "www.nato-brussels.mfa.gov.rs"}
    assert newsroom.max_pages == 1000 and newsroom.enabled


def test_hosts_are_the_sites_own_with_their_www_twin_and_declared_ones_exactly(
    tmp_path: Path,
) -> None:
    text = VALID.replace('"http://nato-brussels.mfa.gov.rs/"', '"https://www.nato.int/cps/en/"')
    assert load_newsrooms(write(tmp_path, text))["rs-mission-nato"].hosts == {
        "www.nato.int",
        "nato.int",
    }
    declared = text + 'allowed_hosts = ["www.nato.int"]\n'
    assert load_newsrooms(write(tmp_path, declared))["rs-mission-nato"].hosts == {"www.nato.int"}


def test_the_repository_newsrooms_file_declares_the_three_seed_newsrooms_where_they_are_now() -> (
    None
):
    """The seed newsrooms at their addresses as public page texts show them now: the
    mission's activities on the mfa.gov.rs CMS (its CuteNews pages still crawled), the MLO's
    "News at MLO Belgrade", NATO HQ's news with its feed."""
    newsrooms = load_newsrooms(ROOT / "newsrooms.toml")
    assert set(newsrooms) == {"rs-mission-nato", "nato-mlo-belgrade", "nato-hq"}
    mission = newsrooms["rs-mission-nato"].start_urls
    assert "https://nato-brussels.mfa.gov.rs/lat/mediji/aktivnosti" in mission
    assert "https://nato-brussels.mfa.gov.rs/cir/mediji/aktivnosti" in mission
    assert newsrooms["nato-mlo-belgrade"].start_urls == (
        "https://jfcnaples.nato.int/mlo_belgrade/about-mlo-belgrade/news-at-mlo-belgrade/latest",
    )
    assert newsrooms["nato-hq"].feeds


def test_the_demo_declares_the_seed_newsrooms_as_its_snapshots_show_them() -> None:
    """The demo's sites are snapshots of the seed newsrooms before they moved: the same keys,
    names and languages as the repository's, at the addresses of the snapshots."""
    demo = load_newsrooms(ROOT / "crawler" / "snapshots" / "demo_sites" / "newsrooms.toml")
    real = load_newsrooms(ROOT / "newsrooms.toml")
    assert set(demo) == set(real)
    for key, newsroom in demo.items():
        assert (newsroom.name, newsroom.languages) == (real[key].name, real[key].languages)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("every", '"2h"', '"2 hours"'), "every"),
        (("every", 'every = "2h"', 'evry = "2h"'), "did you mean 'every'"),
        (("family", '"cutenews"', '"wordpress"'), "unknown family 'wordpress'; use one of"),
        (("key", '"rs-mission-nato"', '"RS Mission"'), "lowercase letters, digits"),
        (("languages", '"sr-Latn"', '"serbian"'), "BCP 47"),
        (("start_urls", '"http://nato-brussels.mfa.gov.rs/"', '"nato-brussels"'), "absolute"),
        (("name", 'name = "Mission of the Republic of Serbia to NATO"\n', ""), "missing 'name'"),
        (("type", "feeds = []", "feeds = 5"), "feeds must be a list"),
    ],
)
def test_bad_entries_name_the_file_the_entry_and_the_fix(
    tmp_path: Path, change: tuple[str, str, str], expected: str
) -> None:
    _, old, new = change
    path = write(tmp_path, VALID.replace(old, new, 1))
    with pytest.raises(ConfigError) as error:
        load_newsrooms(path)
    message = str(error.value)
    assert str(path) in message
    assert "newsroom #1" in message
    assert expected in message


def test_duplicate_keys_name_both_entries(tmp_path: Path) -> None:
    path = write(tmp_path, VALID + VALID)
    with pytest.raises(ConfigError, match=r"newsroom #2 .*duplicate key.*newsroom #1"):
        load_newsrooms(path)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "no newsrooms"),
        ("[[newsroom]\nkey = 1", "not valid TOML"),
        ('title = "x"\n' + VALID, "unknown top-level key 'title'"),
    ],
)
def test_broken_files_fail_with_one_line(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ConfigError, match=expected):
        load_newsrooms(write(tmp_path, text))


def test_a_missing_file_says_how_to_point_elsewhere(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="--newsrooms FILE or set NEWSROOM_NEWSROOMS"):
        load_newsrooms(tmp_path / "absent.toml")


def test_select_rejects_unknown_keys(tmp_path: Path) -> None:
    newsrooms = load_newsrooms(write(tmp_path, VALID))
    with pytest.raises(ConfigError, match="no newsroom with key 'nato-hq'"):
        newsrooms.select(["nato-hq"])


@pytest.mark.parametrize(
    ("text", "interval"),
    [("2h", timedelta(hours=2)), ("90m", timedelta(minutes=90)), ("1d12h", timedelta(hours=36))],
)
def test_parse_every(text: str, interval: timedelta) -> None:
    assert parse_every(text) == interval


@pytest.mark.parametrize("text", ["", "2", "h", "10s", "2 hours", "-1h"])
def test_parse_every_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_every(text)

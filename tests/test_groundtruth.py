"""Scoring a crawl against a blind site's ground truth (`crawler.snapshots.groundtruth`): a
story in two languages, stored as two stories that name each other as translations, is found
once where the ground truth lists both pages as one story; two stories that do not name each
other are a duplicate."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from crawler.snapshots.groundtruth import score
from storage.repository import StoredStory

SEEN = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
EN = "https://www.osce.org/mission-to-serbia/603411"
SR = "https://www.osce.org/sr/mission-to-serbia/603411"
TRUTH = {
    "urls": [EN, SR],
    "title": "Judges trained",
    "published": "2026-11-20",
    "language": ["en", "sr-Latn"],
    "first_words": "Thirty judges",
}


def _story(n: int, url: str, language: str, translations: tuple[str, ...]) -> StoredStory:
    title, text = (
        ("Judges trained", "Thirty judges met.")
        if language == "en"
        else (
            "Obuka sudija",
            "Trideset sudija.",
        )
    )
    return StoredStory(
        id=n,
        guid=f"guid-{n}",
        newsroom="osce",
        url=url,
        urls=(url,),
        sources=("osce",),
        title=title,
        text=text,
        byline=None,
        language=language,
        languages=(language,),
        published=date(2026, 11, 20),
        updated=None,
        first_seen=SEEN,
        last_seen=SEEN,
        translations=translations,
    )


@pytest.mark.parametrize("named", [("guid-2",), ()], ids=["both-ways", "one-way"])
@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_translations_that_name_each_other_are_one_story_found(
    named: tuple[str, ...], order: tuple[int, int]
) -> None:
    english = _story(1, EN, "en", named)
    serbian = _story(2, SR, "sr-Latn", ("guid-1",))
    stored = [(english, serbian)[i] for i in order]
    result = score(stored, [TRUTH], "generic")
    assert (result.found, result.duplicated, result.spurious) == (1, 0, 0), result.problems
    assert (result.titles_right, result.languages_right, result.urls_complete) == (1, 1, 1)


def test_two_stories_that_do_not_name_each_other_are_a_duplicate() -> None:
    stored = [_story(1, EN, "en", ()), _story(2, SR, "sr-Latn", ())]
    result = score(stored, [TRUTH], "generic")
    assert (result.found, result.duplicated) == (1, 1)
    assert result.languages_right == 0


def test_two_stories_in_one_language_are_a_duplicate_whatever_they_name() -> None:
    stored = [_story(1, EN, "en", ("guid-2",)), _story(2, SR, "en", ("guid-1",))]
    assert score(stored, [TRUTH], "generic").duplicated == 1


def test_a_language_named_without_its_script_is_right_in_any_script() -> None:
    serbian = _story(2, SR, "sr-Latn", ())
    truth = {**TRUTH, "urls": [SR], "language": ["sr"]}
    assert score([serbian], [truth], "generic").languages_right == 1
    assert score([serbian], [{**truth, "language": ["sr-Cyrl"]}], "generic").languages_right == 0

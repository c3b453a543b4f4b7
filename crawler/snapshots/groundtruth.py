"""Score stored stories against a snapshot's ``expected.json``: what a crawl got right.

Each expected story lists every URL that shows it, its title, stated date (or null), its
languages and its first words. A stored story matches an expected one when they share a
canonical URL. A story in two languages is stored as two stories that name each other as
translations (each language's feed has its own); where the ground truth lists both languages'
pages as one story, those two are found once, not duplicated, and their languages and URLs
are read together. Two stories that do not name each other are duplicates. Used by the
end-to-end tests and ``bench/fixture_accuracy.py``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from crawler.core.families import FAMILIES
from crawler.core.keys import canonical_url, normalise_text
from storage.repository import StoredStory

__all__ = ["Score", "load_expected", "score"]


@dataclass
class Score:
    """How a crawl of one snapshot compares with its ground truth."""

    present: int = 0  # stories on the site
    found: int = 0  # of those, stored at least once
    duplicated: int = 0  # of those, stored more than once
    spurious: int = 0  # stored stories that are no story of the site (listings, boilerplate)
    dates_right: int = 0
    titles_right: int = 0
    languages_right: int = 0
    urls_complete: int = 0  # every URL of the story leads to the one stored story
    text_starts_right: int = 0
    problems: list[str] = field(default_factory=list)

    def rate(self, count: int) -> float:
        return count / self.found if self.found else 0.0

    @property
    def perfect(self) -> bool:
        return not self.problems


def load_expected(site: Path) -> list[dict[str, Any]]:
    data = json.loads((site / "expected.json").read_text(encoding="utf-8"))
    stories: list[dict[str, Any]] = data["stories"]
    return stories


def score(stored: Sequence[StoredStory], expected: Iterable[dict[str, Any]], family: str) -> Score:
    rules = FAMILIES[family].url_rules
    result = Score()
    by_url: dict[str, list[StoredStory]] = {}
    for story in stored:
        for url in {story.url, *story.urls}:
            by_url.setdefault(canonical_url(url, rules), []).append(story)
    matched: set[int] = set()
    for truth in expected:
        result.present += 1
        urls = [canonical_url(u, rules) for u in truth["urls"]]
        candidates = {s.id: s for u in urls for s in by_url.get(u, [])}
        label = truth["urls"][0]
        if not candidates:
            result.problems.append(f"missing: {label}")
            continue
        result.found += 1
        matched.update(candidates)
        stories = list(candidates.values())
        if len(stories) > 1 and _translations(stories):
            stories = [_together(stories, urls[0], rules)]
        if len(stories) > 1:
            result.duplicated += 1
            result.problems.append(f"stored {len(candidates)} times: {label}")
        _check(result, stories[0], truth, urls, rules, label)
    for story in stored:
        if story.id not in matched:
            result.spurious += 1
            result.problems.append(f"not a story of the site: {story.url} ({story.title!r})")
    return result


def _languages(stored: Sequence[str], truth: Sequence[str]) -> set[str]:
    """The stored languages, each as the ground truth names it: a truth that says "sr" names
    "sr-Latn" so (it does not say the script)."""
    bare = {language for language in truth if "-" not in language}
    return {
        primary
        if (primary := language.split("-")[0]) in bare and language not in truth
        else language
        for language in stored
    }


def _translations(stories: list[StoredStory]) -> bool:
    """Whether ``stories`` are one story's pages in different languages, each naming the
    others as translations (one of each pair is enough: hreflang may be one-way)."""
    languages = [story.language for story in stories]
    if len(set(languages)) < len(languages):
        return False
    return all(
        a.guid in b.translations or b.guid in a.translations
        for i, a in enumerate(stories)
        for b in stories[i + 1 :]
    )


def _together(stories: list[StoredStory], first: str, rules: Any) -> StoredStory:
    """Translations read as one story: the one at the ground truth's first URL, with the
    languages and URLs of all."""
    main = next(
        (s for s in stories if first in {canonical_url(u, rules) for u in (s.url, *s.urls)}),
        stories[0],
    )
    languages = tuple(dict.fromkeys(lang for s in stories for lang in s.languages))
    urls = tuple(dict.fromkeys(url for s in stories for url in s.urls))
    return replace(main, languages=languages, urls=urls)


def _check(
    result: Score,
    story: StoredStory,
    truth: dict[str, Any],
    urls: list[str],
    rules: Any,
    label: str,
) -> None:
    published = story.published.isoformat() if story.published else None
    if published == truth["published"]:
        result.dates_right += 1
    else:
        result.problems.append(f"date {published} != {truth['published']}: {label}")
    if normalise_text(story.title) == normalise_text(truth["title"]):
        result.titles_right += 1
    else:
        result.problems.append(f"title {story.title!r} != {truth['title']!r}: {label}")
    if _languages(story.languages, truth["language"]) == set(truth["language"]):
        result.languages_right += 1
    else:
        result.problems.append(f"languages {story.languages} != {truth['language']}: {label}")
    stored_urls = {canonical_url(u, rules) for u in story.urls}
    if set(urls) <= stored_urls:
        result.urls_complete += 1
    else:
        result.problems.append(f"urls {sorted(stored_urls)} lack {sorted(set(urls) - stored_urls)}")
    if normalise_text(story.text).startswith(normalise_text(truth["first_words"])):
        result.text_starts_right += 1
    else:
        start = " ".join(story.text.split()[:8])
        result.problems.append(f"text starts {start!r}, not {truth['first_words']!r}: {label}")

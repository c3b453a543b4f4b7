"""Dedup lookup cost per stored story: `Repository.save_article` with 10k and 100k stories.

Usage: ``python bench/dedup_lookup.py [--sizes 10000,100000] [--probes 300] [--db-dir DIR]
[--build bulk|save] [--check-stories 1000] [--seed N]`` (about 3 minutes and 1.3 GB of disk
with the defaults). For each size N it builds an SQLite file (schema by the Alembic
migrations, through `Repository.open`) holding N stories with distinct synthetic news texts
of 150-400 words (seeded: every size holds the same first stories and gets the same new
texts), then times one `save_article` per probe, a table row per kind of probe:

- ``new``: an unseen text at an unseen URL: the URL, hash and band lookups all miss, then
  the story is inserted (story, hash, 32 band keys, version, URL);
- ``same-url``: a stored story's own page again with the same text: found by URL, UNCHANGED;
- ``exact-dup``: a stored text at another newsroom's URL: found by hash, DUPLICATE_CONTENT;
- ``near-dup``: a stored text with another title, another caption line and a credit line
  added, at another URL: found by LSH band keys and MinHash, NEAR_DUPLICATE;
- ``bands miss`` and ``bands near``: `Repository._near_duplicate` alone (the band-key query
  and the signature comparison, in a read session) for a text that matches nothing and for
  a near-duplicate; ``hash+sig``: the content hash and MinHash signature every save computes
  before it touches the database (no database; it should not grow with N).

Every probe's outcome is checked; a wrong one stops the bench. Stories are bulk-loaded
with SQLAlchemy Core in one transaction, with the rows `save_article` would write (story,
story_hash, story_band, story_version, story_url); ``--build save`` stores them one by one
instead. The loader is checked twice before anything is timed: on a small database, every
table compared row by row against one `save_article` filled (which also measures
save_article's build rate), and on each built database, one probe of each kind giving its
outcome. The SQLite query plan (EXPLAIN QUERY PLAN) of every statement those probes run is
printed once, with the statements each kind of save runs; the bench fails if the band-key
lookup does not search story_band by key. Build time and database size are printed too.

Times are per probe (``time.perf_counter``, garbage collector off), median and 95th
percentile in ms, all kinds interleaved in a seeded random order after a warm-up. The
machine is shared and noisy, so absolute times move between runs: compare the ratio column,
each kind's median at N over its median at the first size in the same run. A lookup whose
cost does not grow with the number of stored stories keeps that ratio near 1. The last
column counts the stories the band-key query returns for each probe that runs it (the
matching story included): each candidate costs a row read and a signature comparison.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import re
import sqlite3
import statistics
import string
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, distinct, event, func, insert, select
from sqlalchemy.engine import Connection

from crawler.core.items import Article, Outcome
from crawler.core.keys import (
    BANDS,
    NEAR_DUPLICATE,
    ROWS,
    band_keys,
    canonical_url,
    content_hash,
    signature,
)
from storage.models import Base, Story, StoryBand, StoryHash, StoryUrl, StoryVersion
from storage.repository import Repository, sort_time_of

BUILT_AT = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)  # story i is first seen i minutes later
PROBED_AT = datetime(2027, 1, 1, 8, 0, tzinfo=UTC)
NEW_BASE = 10_000_000  # story numbers of unseen texts, far beyond any stored one
WARMUP_BASE = 20_000_000
PLAN_BASE = 30_000_000
BATCH = 2_000
#: Whether story_url keeps each page's last text (`Repository._page_said`, since 876aac2).
PAGE_TEXT = "text" in StoryUrl.__table__.c

# -- synthetic news --------------------------------------------------------------------------

NEWSROOMS = {
    "nato-hq": "www.nato-hq.example",
    "rs-mission-nato": "www.mission-nato.example",
    "nato-mlo-belgrade": "www.nato-mlo.example",
    "mfa-press": "www.mfa-press.example",
    "mod-news": "www.mod-news.example",
}
WORDS = {
    "role": [
        "ambassador", "permanent representative", "defence attaché", "deputy minister",
        "foreign minister", "minister of defence", "head of mission", "chief of defence",
        "military representative", "secretary general", "deputy secretary general",
        "state secretary", "consul general", "political adviser", "chargé d'affaires",
    ],
    "org": [
        "Ministry of Foreign Affairs", "Ministry of Defence", "Military Liaison Office",
        "Permanent Mission", "North Atlantic Council", "Euro-Atlantic Partnership Council",
        "Public Diplomacy Division", "Partnership for Peace Programme", "NATO Defence College",
        "Science for Peace and Security Programme", "Allied Command Transformation",
        "Joint Force Command", "Centre of Excellence", "General Staff", "Embassy",
    ],
    "topic": [
        "regional security", "defence reform", "cyber defence", "crisis management",
        "civil emergency planning", "demining", "border security", "energy security",
        "arms control", "counter-terrorism", "maritime security", "military education",
        "interoperability", "peacekeeping operations", "disaster response", "hybrid threats",
        "women, peace and security", "public diplomacy", "climate and security",
        "building integrity", "defence capacity building", "the Western Balkans",
        "partnership goals", "military medicine", "search and rescue", "air policing",
        "logistics support", "training and exercises", "small arms control",
        "explosive ordnance disposal", "scientific cooperation", "media freedom",
    ],
    "event": [
        "conference", "seminar", "workshop", "round table", "briefing", "exercise", "course",
        "reception", "ceremony", "visit", "meeting", "forum", "symposium", "press conference",
        "working lunch", "consultations", "staff talks", "summit", "open day", "lecture",
    ],
    "venue": [
        "Palace of Serbia", "headquarters", "embassy", "Military Academy", "Officers' Club",
        "National Assembly", "City Hall", "university", "press centre", "training centre",
        "defence college", "residence of the ambassador", "Media Centre", "National Library",
    ],
    "adj": [
        "bilateral", "regional", "practical", "political", "joint", "annual", "successful",
        "constructive", "close", "strategic", "new", "further", "important", "long-standing",
        "valuable", "concrete", "multinational", "civil-military", "open", "productive",
        "common", "international", "comprehensive", "ongoing", "future", "key", "fruitful",
    ],
    "noun": [
        "cooperation", "partnership", "dialogue", "relations", "progress", "support",
        "commitment", "contribution", "priorities", "activities", "projects", "agreement",
        "framework", "assistance", "reforms", "capabilities", "exchange", "programme",
        "initiative", "results", "challenges", "measures", "plans", "efforts", "experience",
        "standards", "procedures", "participation", "role", "responsibility", "achievements",
    ],
    "past": [
        "discussed", "reviewed", "welcomed", "underlined", "stressed", "highlighted",
        "praised", "presented", "outlined", "addressed", "noted", "reaffirmed", "emphasised",
        "commended", "examined", "explained", "opened", "concluded", "supported", "signed",
    ],
    "verb": [
        "strengthen", "deepen", "continue", "expand", "support", "review", "develop",
        "advance", "improve", "promote", "intensify", "enhance", "coordinate", "assess",
    ],
    "plural": [
        "officers", "experts", "participants", "diplomats", "cadets", "students",
        "representatives", "journalists", "officials", "instructors", "soldiers", "delegates",
        "researchers", "volunteers", "parliamentarians", "analysts",
    ],
    "country": [
        "Serbia", "Montenegro", "North Macedonia", "Bosnia and Herzegovina", "Albania",
        "Croatia", "Slovenia", "Hungary", "Romania", "Bulgaria", "Greece", "Italy", "Austria",
        "Germany", "France", "Norway", "Poland", "Slovakia", "the Czech Republic", "Spain",
        "the Netherlands", "Belgium", "Canada", "the United States", "the United Kingdom",
        "Turkey", "Portugal", "Denmark", "Sweden", "Finland", "Estonia", "Latvia", "Lithuania",
    ],
    "first": [
        "Ana", "Marko", "Jelena", "Nikola", "Milica", "Stefan", "Ivana", "Aleksandar", "Maja",
        "Dragan", "Snežana", "Miloš", "Tijana", "Vladimir", "Jovana", "Petar", "Katarina",
        "John", "Sarah", "Thomas", "Anne", "Michael", "Laura", "Jens", "Mircea", "Pierre",
        "Giulia", "Hans", "Ingrid", "Tomasz", "Karin", "Luis", "Elena", "David", "Martina",
    ],
    "weekday": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "month": [
        "January", "February", "March", "April", "May", "June", "July", "August", "September",
        "October", "November", "December",
    ],
    "period": ["week", "month", "year", "spring", "autumn"],
}  # fmt: skip
SYLLABLES = [
    "al", "an", "ar", "bo", "da", "de", "dra", "go", "ja", "ka", "ko", "la", "le", "li", "lo",
    "ma", "mi", "mo", "na", "ne", "ni", "no", "pe", "ra", "re", "ri", "ro", "sa", "se", "si",
    "sla", "ta", "te", "to", "va", "ve", "vi", "vo", "za", "zo", "stan", "mir", "bran", "vuk",
    "lav", "dan", "mar", "ben", "ter", "hol", "berg", "son", "wick", "ley",
]  # fmt: skip
SENTENCES = [
    "{person}, the {role} of {country}, met {person2} in {city} on {weekday} to discuss "
    "{topic} and {topic2}.",
    "The two sides {past} the {adj} {noun} between {country} and {country2}, and agreed to "
    "{verb} {topic} in {year}.",
    "According to the {org}, {number} {plural} took part in the {event} held at the {venue} "
    "in {city}.",
    '"We {verb} our {adj} {noun} with {country}," said {person}, adding that {topic} remains '
    "a {adj2} priority for the {org}.",
    "The {event} brought together {number} {plural} from {number2} countries, including "
    "{country} and {country2}.",
    "{person} {past} the {noun} of the {org} and {past2} the {adj} {noun2} in {topic}.",
    "The {org} will host a {adj} {event} on {topic} in {city} in {month} {year}.",
    "Earlier this {period}, {person} visited {city}, where the {role} {past} {topic} with "
    "{person2}.",
    "{person} thanked {country} for its {adj} {noun} to {topic}, which {past} {number} "
    "projects since {year}.",
    "Participants {past} {topic} and the {noun} of {country} in the {adj} {noun2}.",
    "The {event} on {topic}, the {ordinal} of its kind in {city}, ended on {weekday} "
    "{day} {month}.",
    "{person} said that {country} and the {org} would {verb} {topic} and {topic2} over the "
    "next {number2} years.",
    "A delegation of {number} {plural} led by {person} arrived in {city} for {number2} days "
    "of {event}s on {topic}.",
    "In {month} {year} the {org} {past} a {adj} programme on {topic}, funded with {number} "
    "thousand euros.",
]
TITLES = [
    "{person} meets {person2} on {topic}",
    "{country} and the {org} {verb} {topic}",
    "{event} on {topic} held in {city}",
    "{role} of {country} visits {city}",
    "{number} {plural} complete course on {topic}",
]
CAPTIONS = [
    "{person} and {person2} at the {event} in {city}",
    "The {role} of {country} speaking at the {venue}",
    "Participants of the {event} on {topic} in {city}",
]
CREDITS = ["Photo: {org}", "Source: {org} / Photo: {person}", "Text and photo: {person}"]
ORDINALS = ["first", "second", "third", "fourth", "fifth", "tenth", "twentieth"]


def _fields(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


FIELDS = {t: _fields(t) for t in [*SENTENCES, *TITLES, *CAPTIONS, *CREDITS]}


@dataclass(frozen=True)
class Synthetic:
    """One generated story as it is stored, and the parts of its text a re-post changes."""

    number: int
    article: Article
    newsroom: str
    seen_at: datetime
    caption: str
    body: str  # the text after the caption line


class Newswire:
    """Distinct, news-like stories by number, the same for a seed in every run."""

    def __init__(self, seed: int) -> None:
        self.seed = seed

    def story(self, number: int) -> Synthetic:
        rng = random.Random(f"{self.seed}:{number}")
        newsroom = rng.choice(list(NEWSROOMS))
        published = date(2020, 1, 1) + timedelta(days=rng.randrange(6 * 365))
        title = self._fill(rng, rng.choice(TITLES))
        caption = self._fill(rng, rng.choice(CAPTIONS))
        words, paragraphs, sentences = len(caption.split()), [], []
        target = rng.randint(150, 375)  # and one sentence more: 150 to about 400 words
        while words < target:
            sentences.append(self._fill(rng, rng.choice(SENTENCES)))
            words += len(sentences[-1].split())
            if len(sentences) >= rng.randint(2, 4):
                paragraphs.append(" ".join(sentences))
                sentences = []
        body = "\n\n".join([*paragraphs, " ".join(sentences)] if sentences else paragraphs)
        slug = "-".join(re.findall(r"[a-z0-9]+", title.lower())[:6])
        url = f"https://{NEWSROOMS[newsroom]}/en/news/{published:%Y/%m}/{slug}-{number}"
        article = Article(
            url=canonical_url(url),
            page_url=url,
            title=title,
            text=f"{caption}\n\n{body}",
            language="en",
            published=published,
            byline=self._person(rng) if rng.random() < 0.3 else None,
        )
        seen_at = BUILT_AT + timedelta(minutes=number)
        return Synthetic(number, article, newsroom, seen_at, caption, body)

    def near_copy(self, story: Synthetic, newsroom: str) -> Article:
        """The story re-posted elsewhere: another title and caption, a credit line added."""
        rng = random.Random(f"{self.seed}:near:{story.number}")
        title = self._fill(rng, rng.choice(TITLES))
        caption = self._fill(rng, rng.choice(CAPTIONS))
        credit = self._fill(rng, rng.choice(CREDITS))
        return self.copy_at(
            story, newsroom, "near", title=title, text=f"{caption}\n\n{story.body}\n\n{credit}"
        )

    def copy_at(self, story: Synthetic, newsroom: str, kind: str, **changes: Any) -> Article:
        """The story at another newsroom's URL, with ``changes`` to its article."""
        url = canonical_url(f"https://{NEWSROOMS[newsroom]}/vesti/{kind}/{story.number}")
        return replace(story.article, url=url, page_url=url, **changes)

    def _fill(self, rng: random.Random, template: str) -> str:
        values: dict[str, str] = {}
        for name in FIELDS[template]:
            if name.startswith("person"):
                values[name] = self._person(rng)
            elif name == "city":
                values[name] = self._name(rng)
            elif name == "number":
                values[name] = str(rng.choice((rng.randint(2, 40), rng.randint(40, 900))))
            elif name == "number2":
                values[name] = str(rng.randint(2, 12))
            elif name == "year":
                values[name] = str(rng.randint(2015, 2027))
            elif name == "day":
                values[name] = str(rng.randint(1, 28))
            elif name == "ordinal":
                values[name] = rng.choice(ORDINALS)
            else:
                values[name] = rng.choice(WORDS[name.rstrip("2")])
        return template.format_map(values)

    def _person(self, rng: random.Random) -> str:
        return f"{rng.choice(WORDS['first'])} {self._name(rng)}{rng.choice(('', '', 'ić'))}"

    @staticmethod
    def _name(rng: random.Random) -> str:
        return "".join(rng.choices(SYLLABLES, k=rng.randint(2, 3))).capitalize()


# -- building a database ---------------------------------------------------------------------


def fresh_database(path: Path) -> str:
    """An empty database file at ``path`` with the newest schema; its URL."""
    for leftover in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    url = f"sqlite:///{path}"
    Repository.open(url).close()  # the Alembic migrations create the schema
    return url


def kept_database(path: Path, stories: int, seed: int) -> str:
    """An SQLite file at ``path`` of ``stories`` stories of `Newswire` (``seed``), built in
    bulk, or kept as it is when it holds that many already (a later run reuses it); its URL."""
    url = f"sqlite:///{path}"
    if path.exists():
        repository = Repository.open(url)
        try:
            if repository.count() == stories:
                print(f"reusing {path} ({stories:,} stories)", file=sys.stderr)
                return url
        finally:
            repository.close()
    print(f"building {stories:,} stories in {path}…", file=sys.stderr, flush=True)
    start = time.perf_counter()
    url = fresh_database(path)
    wire = Newswire(seed)
    build_in_bulk(url, (wire.story(n) for n in range(stories)))
    print(f"built in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    return url


def build_by_saving(url: str, stories: Iterable[Synthetic]) -> None:
    repository = Repository.open(url)
    try:
        for story in stories:
            outcome = repository.save_article(story.article, story.newsroom, story.seen_at)
            if outcome is not Outcome.NEW:
                sys.exit(f"story {story.number} stored as {outcome}, not new: texts collide")
    finally:
        repository.close()


def build_in_bulk(url: str, stories: Iterable[Synthetic]) -> None:
    """The rows `Repository.save_article` writes for a new story, inserted in one transaction.

    As `_insert_story`, `_claim_hash`, `_set_bands`, `_add_version`, `_add_url` (and
    `_page_said`, where story_url keeps the page's text) write them; story ids are given (1,
    2, ... as autoincrement would), the other ids left to SQLite. `check_bulk_loader` proves
    the rows equal to save_article's, so a change to the repository's writes stops the bench.
    """
    engine = create_engine(url)
    try:
        sqlite = engine.dialect.name == "sqlite"
        with engine.begin() as connection:
            if sqlite:
                connection.exec_driver_sql("PRAGMA cache_size=-524288")  # 512 MiB for indexes
            next_id = 1 + (connection.scalar(select(func.max(Story.id))) or 0)
            iterator = iter(stories)
            while chunk := tuple(islice(iterator, BATCH)):
                _insert_chunk(connection, chunk, next_id)
                next_id += len(chunk)
        if sqlite:
            with engine.connect() as connection:
                connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        engine.dispose()


def _insert_chunk(connection: Connection, chunk: tuple[Synthetic, ...], first_id: int) -> None:
    stories: list[dict[str, Any]] = []
    hashes: list[dict[str, Any]] = []
    bands: list[dict[str, Any]] = []
    versions: list[dict[str, Any]] = []
    urls: list[dict[str, Any]] = []
    for story_id, story in enumerate(chunk, first_id):
        article, seen_at = story.article, story.seen_at
        digest, sig = content_hash(article.text), signature(article.text)
        stories.append(
            {
                "id": story_id,
                "guid": str(uuid.uuid5(uuid.NAMESPACE_URL, article.url)),
                "newsroom": story.newsroom,
                "url": article.url,
                "title": article.title,
                "text": article.text,
                "byline": article.byline,
                "language": article.language,
                "published": article.published,
                "updated": article.updated,
                "content_hash": digest,
                "from_listing": article.from_listing,
                "first_seen": seen_at,
                "last_seen": seen_at,
                "sort_time": sort_time_of(article.published, seen_at),
                "raw_page_id": None,
                "signature": sig,
                "version": 1,
            }
        )
        hashes.append({"hash": digest, "story_id": story_id})
        bands.extend({"key": key, "story_id": story_id} for key in set(band_keys(sig)))
        versions.append(
            {
                "story_id": story_id,
                "number": 1,
                "seen_at": seen_at,
                "title": article.title,
                "text": article.text,
                "content_hash": digest,
                "raw_page_id": None,
            }
        )
        url = {
            "story_id": story_id,
            "url": article.url,
            "newsroom": story.newsroom,
            "language": article.language,
            "first_seen": seen_at,
            "via": "page",
        }
        if PAGE_TEXT and not article.from_listing:  # as `_page_said` writes it
            url |= {"content_hash": digest, "text": article.text}
        urls.append(url)
    for model, rows in (
        (Story, stories),
        (StoryHash, hashes),
        (StoryBand, bands),
        (StoryVersion, versions),
        (StoryUrl, urls),
    ):
        connection.execute(insert(model), rows)


def table_rows(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, sorted: two databases with equal dumps hold the same data."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return {
                name: sorted((tuple(row) for row in connection.execute(select(table))), key=repr)
                for name, table in Base.metadata.tables.items()
            }
    finally:
        engine.dispose()


def check_bulk_loader(workdir: Path, wire: Newswire, count: int) -> float:
    """Fail unless the bulk loader writes what save_article writes; save_article's ms/story."""
    saved = fresh_database(workdir / "check-saved.sqlite3")
    loaded = fresh_database(workdir / "check-bulk.sqlite3")
    start = time.perf_counter()
    build_by_saving(saved, (wire.story(n) for n in range(count)))
    per_story = (time.perf_counter() - start) / count
    build_in_bulk(loaded, (wire.story(n) for n in range(count)))
    want, got = table_rows(saved), table_rows(loaded)
    for name in want:
        if want[name] != got[name]:
            differ = sorted(set(got[name]) ^ set(want[name]), key=repr)[:4]
            sys.exit(f"bulk loader differs from save_article in table {name}: {differ}")
    if not want["story_band"] or len(want["story"]) != count:
        sys.exit("check database is empty: the comparison proved nothing")
    return 1000 * per_story


# -- probes ----------------------------------------------------------------------------------

KINDS = ("new", "same-url", "exact-dup", "near-dup", "bands miss", "bands near", "hash+sig")
SAVES = {
    "new": Outcome.NEW,
    "same-url": Outcome.UNCHANGED,
    "exact-dup": Outcome.DUPLICATE_CONTENT,
    "near-dup": Outcome.NEAR_DUPLICATE,
}


@dataclass(frozen=True)
class Probe:
    kind: str
    run: Callable[[], object]
    expected: object
    text: str | None = None  # the text whose band keys it looks up, if it does


def make_probes(
    repository: Repository,
    wire: Newswire,
    picked: Iterator[int],
    per_kind: int,
    base: int,
    rng: random.Random,
) -> list[Probe]:
    """``per_kind`` probes of every kind: unseen texts from story number ``base`` on, stored
    stories from ``picked`` (each probe its own, so no probe finds another's URL)."""
    probes = []
    for j in range(per_kind):
        other = rng.choice(list(NEWSROOMS))
        new = wire.story(base + j)
        probes.append(save_probe(repository, "new", new.article, new.newsroom))
        stored = wire.story(next(picked))
        probes.append(save_probe(repository, "same-url", stored.article, stored.newsroom))
        stored = wire.story(next(picked))
        probes.append(
            save_probe(repository, "exact-dup", wire.copy_at(stored, other, "copy"), other)
        )
        stored = wire.story(next(picked))
        probes.append(save_probe(repository, "near-dup", wire.near_copy(stored, other), other))
        unseen = wire.story(base + per_kind + j)
        probes.append(band_probe(repository, "bands miss", unseen.article.text, None))
        stored = wire.story(next(picked))
        text = wire.near_copy(stored, other).text
        probes.append(band_probe(repository, "bands near", text, stored.number + 1))
        stored = wire.story(next(picked))
        probes.append(Probe("hash+sig", _hash_and_sign(stored.article.text), None))
    return probes


def save_probe(repository: Repository, kind: str, article: Article, newsroom: str) -> Probe:
    def run() -> object:
        return repository.save_article(article, newsroom, PROBED_AT)

    looks_up_bands = kind in ("new", "near-dup")
    return Probe(kind, run, SAVES[kind], article.text if looks_up_bands else None)


def band_probe(repository: Repository, kind: str, text: str, expected: int | None) -> Probe:
    def run() -> object:
        sig = signature(text)
        with repository._sessions() as session:
            return repository._near_duplicate(session, sig, "en", None)

    return Probe(kind, run, expected, text)


def _hash_and_sign(text: str) -> Callable[[], object]:
    def run() -> object:
        content_hash(text)
        signature(text)
        return None

    return run


def count_candidates(engine: Engine, probes: list[Probe]) -> dict[str, list[int]]:
    """How many stories the band-key query of each probe returns (before any probe runs)."""
    counts: dict[str, list[int]] = {}
    with engine.connect() as connection:
        for probe in probes:
            if probe.text is not None:
                keys = band_keys(signature(probe.text))
                found = connection.scalar(
                    select(func.count(distinct(StoryBand.story_id))).where(StoryBand.key.in_(keys))
                )
                counts.setdefault(probe.kind, []).append(found or 0)
    return counts


def time_probes(probes: list[Probe]) -> dict[str, list[float]]:
    """Run every probe once, in the given order; ms per probe by kind. Fails on a wrong result."""
    times: dict[str, list[float]] = {kind: [] for kind in KINDS}
    gc.collect()
    gc.disable()
    try:
        for probe in probes:
            start = time.perf_counter()
            result = probe.run()
            elapsed = time.perf_counter() - start
            if result != probe.expected:
                sys.exit(f"{probe.kind} probe gave {result!r}, expected {probe.expected!r}")
            times[probe.kind].append(1000 * elapsed)
    finally:
        gc.enable()
    return times


# -- query plans -----------------------------------------------------------------------------


@contextmanager
def statements_of(engine: Engine) -> Iterator[list[tuple[str, tuple[Any, ...]]]]:
    """The SQL the engine sends inside the block, with its parameters."""
    sent: list[tuple[str, tuple[Any, ...]]] = []

    def record(*args: Any) -> None:
        _, _, statement, parameters, _, executemany = args
        sent.append((statement, tuple(parameters[0] if executemany else parameters)))

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", record)


@dataclass(frozen=True)
class Plans:
    statements: dict[str, list[str]]  # what one save_article runs, by probe kind
    plans: dict[str, list[str]]  # shortened SQL -> EXPLAIN QUERY PLAN details
    band_lookup: list[str]
    scans: list[str]  # statements that read a whole table or index


def explain(
    repository: Repository, wire: Newswire, picked: Iterator[int], rng: random.Random
) -> Plans:
    """Run one probe of each kind, recording its SQL; the plans SQLite makes for it."""
    counts: dict[str, list[str]] = {}
    seen: dict[str, tuple[str, tuple[Any, ...]]] = {}
    for probe in make_probes(repository, wire, picked, 1, PLAN_BASE, rng):
        if probe.kind not in SAVES:
            continue
        with statements_of(repository.engine) as sent:
            outcome = probe.run()
        if outcome is not probe.expected:
            sys.exit(f"built database: {probe.kind} probe gave {outcome}, not {probe.expected}")
        counts[probe.kind] = [_verb_and_table(statement) for statement, _ in sent]
        for statement, parameters in sent:
            seen.setdefault(statement, (statement, parameters))
    plans: dict[str, list[str]] = {}
    band_lookup: list[str] = []
    scans: list[str] = []
    with repository.engine.connect() as connection:
        for statement, parameters in seen.values():
            rows = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            details = [str(row[3]) for row in rows]
            short = shorten(statement)
            plans[short] = details
            if "FROM story_band" in statement and " IN (" in statement:
                band_lookup = details
            if any(re.match(r"SCAN (?!.*CONSTANT ROW)", d) for d in details):
                scans.append(short)
    return Plans(counts, plans, band_lookup, scans)


def shorten(statement: str) -> str:
    short = re.sub(r"\?(?:, \?)+", "?, …", " ".join(statement.split()))
    short = re.sub(r"(\(\?, …\))(?:, \(\?, …\))+", r"\1, …", short)
    short = re.sub(r"^(SELECT (?:DISTINCT )?)(.{40,}?)( FROM )", r"\1…\3", short)
    short = re.sub(r"^(INSERT INTO \w+) \(.*?\) VALUES \(.*?\)", r"\1 VALUES (…)", short)
    return short if len(short) <= 110 else short[:109] + "…"


def _verb_and_table(statement: str) -> str:
    table = re.search(r"\b(?:FROM|INTO|UPDATE)\s+(\w+)", statement)
    return f"{statement.split()[0]} {table[1] if table else '?'}"


# -- the bench -------------------------------------------------------------------------------


@dataclass
class Result:
    size: int
    build_seconds: float
    database_mb: float
    band_rows: int
    shared_keys: int
    times: dict[str, list[float]]
    candidates: dict[str, list[int]]
    plans: Plans


def bench_size(args: argparse.Namespace, workdir: Path, wire: Newswire, size: int) -> Result:
    path = workdir / f"dedup-{size}.sqlite3"
    url = fresh_database(path)
    start = time.perf_counter()
    stories = (wire.story(n) for n in range(size))
    if args.build == "save":
        build_by_saving(url, stories)
    else:
        build_in_bulk(url, stories)
    build_seconds = time.perf_counter() - start
    os.sync()  # write the new file out now, not in the background while probes are timed
    database_mb = sum(
        p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file()
    ) / (1 << 20)
    repository = Repository.open(url)
    try:
        with repository.engine.connect() as connection:
            band_rows = connection.scalar(select(func.count()).select_from(StoryBand)) or 0
            shared = select(StoryBand.key).group_by(StoryBand.key).having(func.count() > 1)
            shared_keys = connection.scalar(select(func.count()).select_from(shared.subquery()))
        if repository.count() != size:
            sys.exit(f"built database holds {repository.count()} stories, not {size}")
        sample = wire.story(random.Random(size).randrange(size))
        stored = repository.story(sample.article.url)
        if stored is None or stored.text != sample.article.text or stored.id != sample.number + 1:
            sys.exit(f"built database: story {sample.number} does not read back by its URL")
        rng = random.Random(args.seed + 1)
        picked = iter(rng.sample(range(size), 5 * (1 + 5 + args.probes)))
        plans = explain(repository, wire, picked, rng)
        time_probes(make_probes(repository, wire, picked, 5, WARMUP_BASE, rng))  # warm-up
        probes = make_probes(repository, wire, picked, args.probes, NEW_BASE, rng)
        rng.shuffle(probes)
        candidates = count_candidates(repository.engine, probes)
        times = time_probes(probes)
    finally:
        repository.close()
    return Result(
        size, build_seconds, database_mb, band_rows, shared_keys or 0, times, candidates, plans
    )


def percentile(values: Sequence[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def label(size: int) -> str:
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def report(results: list[Result], save_ms: float, check_count: int, build: str) -> None:
    largest = max(r.size for r in results)
    print(
        f"crawler.core.keys: {BANDS} bands x {ROWS} rows, near-duplicate at"
        f" {NEAR_DUPLICATE}; SQLite {sqlite3.sqlite_version}"
    )
    print(
        f"save_article builds {save_ms:.2f} ms/story (first {check_count:,} stories, checked"
        f" equal to the bulk loader): {largest:,} stories would take about"
        f" {save_ms * largest / 60_000:.1f} min that way"
    )
    for r in results:
        print(
            f"{r.size:>7,} stories: built in {r.build_seconds:6.1f} s ({build}),"
            f" {r.database_mb:6.1f} MB on disk, {r.band_rows:,} band keys,"
            f" {r.shared_keys:,} shared by two or more stories"
        )
    first = results[0]
    ratio = f"/{label(first.size)}"
    print()
    print(f"| {'stories':>7} | {'probe':<10} | {'probes':>6} | {'median ms':>9} | "
          f"{'p95 ms':>7} | {ratio:>6} | {'candidates mean/max':>19} |")  # fmt: skip
    print(f"|{'-' * 9}|{'-' * 12}|{'-' * 8}|{'-' * 11}|{'-' * 9}|{'-' * 8}|{'-' * 21}|")
    for kind in KINDS:
        base = statistics.median(first.times[kind])
        for r in results:
            median = statistics.median(r.times[kind])
            found = r.candidates.get(kind)
            candidates = f"{statistics.fmean(found):.2f} / {max(found)}" if found else "-"
            print(
                f"| {r.size:>7,} | {kind:<10} | {len(r.times[kind]):>6} | {median:9.2f} |"
                f" {percentile(r.times[kind], 0.95):7.2f} | {median / base:6.2f} |"
                f" {candidates:>19} |"
            )
    last = results[-1]
    print()
    print(f"SQL statements one save_article runs, at {last.size:,} stories:")
    for kind, sent in last.plans.statements.items():
        print(f"  {kind:<9} {len(sent):>2}: {', '.join(sent)}")
    print(f"EXPLAIN QUERY PLAN of each statement at {last.size:,} stories:")
    for statement, details in last.plans.plans.items():
        print(f"  {statement}")
        for detail in details or ["(no table read)"]:
            print(f"      {detail}")
    for r in results:
        print(f"band-key lookup at {r.size:,} stories: {'; '.join(r.plans.band_lookup)}")
    scans = sorted({s for r in results for s in r.plans.scans})
    print("full scans: " + ("none" if not scans else "; ".join(scans)))
    for r in results:
        if not any(
            d.startswith("SEARCH story_band USING") and "(key=?)" in d for d in r.plans.band_lookup
        ):
            sys.exit(f"at {r.size:,} stories the band-key lookup does not search by key")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000", help="stored stories, comma-separated")
    parser.add_argument("--probes", type=int, default=300, help="timed probes of each kind")
    parser.add_argument("--db-dir", type=Path, help="keep the databases here (default: a temp dir)")
    parser.add_argument("--build", choices=("bulk", "save"), default="bulk")
    parser.add_argument("--check-stories", type=int, default=1000, help="bulk loader check size")
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    if min(sizes) < 5 * (args.probes + 6):
        parser.error(f"every size needs at least {5 * (args.probes + 6)} stories to probe")
    wire = Newswire(args.seed)
    with tempfile.TemporaryDirectory(prefix="dedup-bench-") as temporary:
        workdir = args.db_dir or Path(temporary)
        workdir.mkdir(parents=True, exist_ok=True)
        save_ms = check_bulk_loader(workdir, wire, args.check_stories)
        results = []
        for size in sizes:
            print(f"building and probing {size:,} stories…", file=sys.stderr, flush=True)
            results.append(bench_size(args, workdir, wire, size))
    report(results, save_ms, args.check_stories, args.build)


if __name__ == "__main__":
    main()

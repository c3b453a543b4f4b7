"""A deterministic synthetic news site, generated on request, for the crawl throughput benchmark.

`SyntheticSite` is a local news site of N stories under the made-up host ``news.bench.test``
(the crawler maps it to loopback): a home page of the 20 newest teasers, paged listings
``/news/?page=K`` (newest first, a pager with prev/next and a window of page numbers), story
pages ``/news/<yyyy>/<mm>/<slug>-<id>.html``, topic pages ``/topics/<name>/``, ``/about/``,
``/contact/`` and ``/robots.txt`` (allows all). Story ``i`` (1 is the oldest) is published at
2020-01-01 00:00 UTC plus ``3 * i`` hours and up to 59 minutes more, so 10,000 stories end in
June 2023, before any day the benchmark runs (a date after the crawl's is no story's).

Story pages are sized and shaped like real ones (about 100-170 KB): a head with a charset,
title, meta description, Open Graph tags, a JSON-LD ``NewsArticle`` and rel=canonical; a big
inline ``<style>`` and inline scripts (a minified vendor bundle, a consent-vendor config, an
analytics data layer, a JSON state blob of ad slots whose length varies by story); a header
of 46 links (a menu of 40), a breadcrumb, the ``<article>`` (h1, "Published 12 March 2024",
byline, figure, 6-16 paragraphs of 250-900 words), share buttons, five related stories, a
sidebar of the ten latest, a cookie banner and a footer of 31 links, some off-site. The text
is English sentences from templates filled with seeded random words (about 1,000 real English
words and a few thousand made-up names of people, places and organisations; each story has its
own cast), so no two stories are near-duplicates.

Everything is a function of ``(stories, per_listing, seed)``: the same arguments give
byte-identical pages in any process (no ``hash()``, no set order, no clock). Pages are built
when asked (a few hundred microseconds to a couple of milliseconds each) and a small LRU cache
keeps the last ones, so 10,000 stories cost no memory.

`serve` runs a site on 127.0.0.1 (a free port) in a thread, with GET and HEAD, ``ETag`` (a hash
of the body) and ``Last-Modified`` on every page, 304 answers to ``If-None-Match`` (or, when it
is absent, ``If-Modified-Since``), 404 for anything else, no access log, and a `Hit` recorded
per request when a list is given::

    site = SyntheticSite(stories=2000)
    with serve(site) as origin:  # "http://127.0.0.1:PORT"
        ...  # crawl "https://news.bench.test/" with LOOPBACK_ORIGINS={site.origin: origin}
"""

from __future__ import annotations

import hashlib
import html
import json
import random
import re
import socket
import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

__all__ = ["HOST", "START", "Hit", "Story", "SyntheticSite", "serve"]


def _words(text: str) -> tuple[str, ...]:
    """The whitespace-separated words of ``text``: long word lists stay readable."""
    return tuple(text.split())


HOST = "news.bench.test"
ORIGIN = f"https://{HOST}"  # the origin pages name themselves by (og:url, rel=canonical)
SITE_NAME = "Bench News"
START = datetime(2020, 1, 1, tzinfo=UTC)  # story i is published START + 3i hours (+ < 1 hour)
STEP = timedelta(hours=3)
HOME_TEASERS = 20
TOPIC_TEASERS = 10
PAGER_WINDOW = 3  # page numbers shown on either side of the current one
CACHE_PAGES = 64
CACHE_META = 4096

MONTHS = _words(
    "January February March April May June July August September October November December"
)
WEEKDAYS = _words("Monday Tuesday Wednesday Thursday Friday Saturday Sunday")

TOPICS = _words(
    """politics economy defence diplomacy security energy climate environment health education
    science technology culture sport transport trade agriculture tourism justice migration
    housing infrastructure finance labour media elections europe africa asia americas
    middle-east cities regions opinion interviews features"""
)

# --- Vocabulary --------------------------------------------------------------------------------

NOUNS = _words(
    """
accord account action administration advisor agency agenda agreement aid airport alliance
allowance ambassador amendment analyst anniversary appeal application approach archive area
army arrangement assembly assessment asset association audit authority award balance bank
barrier base basis battalion bid bill board bond border branch bridge brigade budget building
bureau cabinet campaign canal candidate capacity capital career cargo case ceasefire celebration
centre ceremony chairman challenge chamber championship channel charge charter chief citizen
claim clinic coalition coast code colleague collection commander comment commission commitment
committee community company competition complaint concept concert concern conference conflict
congress consensus consulate consultation contract contribution convention cooperation corridor
council counsel country court coverage credit crew criterion crop culture curriculum custom
database deadline deal debate debt decade decision declaration decree deficit delegate
delegation demand democracy department deployment deposit deputy design detail development
dialogue difference diplomat director disaster discussion dispute district document donation
donor draft drill duty economy edition effort election embassy emergency employer engineer
enterprise entry envoy equipment estimate event evidence exchange exercise exhibition expansion
expert export facility factor factory family farm farmer fee festival figure film finding firm
fleet flight flood focus forecast foundation framework freight fund funding gallery gap garrison
gathering generation gift goal government governor grant growth guarantee guest guideline harbour
headquarters health hearing heritage highway hospital host household housing impact import
incident income increase index industry inflation initiative injury inquiry inspection inspector
institution instrument insurance interest interview inventory investigation investment investor
island issue journalist judge jury justice label laboratory land landmark language launch law
lawyer leader leadership lecture legislation lending letter level library licence link loan
location majority manager mandate manufacturer map margin market measure media mediator meeting
member memorial merger method migrant milestone minister ministry minority mission model
monitor monument motion movement museum nation negotiator network newspaper nominee norm notice
objective observer offer office officer official operation opinion opportunity order
organisation outcome output panel parliament participant partner partnership party passenger
patient patrol payment peace pension percentage performance period permit petition phase pilot
pipeline plan plant platform player pledge policy poll port position post power practice
premiere presence presidency president press pressure priority prison prize procedure process
producer product production professor profile programme progress project proposal prosecutor
protest province provision publication purchase quarter question quota railway range rate
ratification reaction reception recommendation record recovery referendum reform refugee region
register regulation relation release relief report reporter representative republic request
requirement rescue research reserve resident resolution resource response result review revenue
right risk road round route rule ruling safety salary sanction scheme scholar scholarship school
science screening season seat secretary sector security seminar senate senator sentence series
service session settlement shareholder shift shipment shortage signal site situation skill
society soldier solution source speaker spending sponsor squad stadium staff stage stake standard
statement station statistic status strategy stream strike structure student study subsidy
success summit supplier supply support surplus survey suspect symposium system talent target
tariff task taxpayer teacher team technology tender term territory test testimony theatre threat
ticket tool total tour tournament track trade tradition traffic trainee training transfer
transition transport treaty trend trial tribunal troop trust tunnel turnout union unit
university update usage vaccine value vehicle venture verdict vessel veteran victim village
visa visit visitor volunteer vote voter wage warning water wave weapon website week welfare
winner witness worker workshop year youth zone
"""
)

IRREGULAR_PLURALS = {
    "analysis": "analyses",
    "basis": "bases",
    "criterion": "criteria",
    "series": "series",
    "headquarters": "headquarters",
    "staff": "staff",
    "media": "media",
    "chief": "chiefs",
    "youth": "young people",
}

ADJECTIVES = _words(
    """
active additional administrative agricultural annual bilateral binding bold brief broad busy
careful central ceremonial civic civil clear coastal collective commercial common comprehensive
constitutional constructive continued cross-border crucial cultural current daily decisive
democratic detailed digital diplomatic direct distinguished domestic dramatic early economic
educational effective electoral emergency environmental essential ethnic exceptional existing
external extraordinary fair familiar federal final financial first fiscal foreign formal former
fresh friendly full further general global gradual historic honorary humanitarian important
inaugural independent industrial informal initial inner innovative institutional intensive
interim internal international joint judicial key landmark large late legal legislative limited
local long-term main major maritime medical mid-term military ministerial mobile modern modest
monthly multilateral municipal mutual national naval neighbouring new next northern notable
official ongoing open operational ordinary organised overall parliamentary partial peaceful
permanent personal pivotal planned political popular positive practical preliminary presidential
previous primary private productive professional prominent proposed provincial public quarterly
rapid rare recent regional regular remote renewed residential rising robust rural safe scientific
seasonal second secure senior sensitive separate serious shared short-term significant similar
small social solid southern special specific stable standing steady strategic strong structural
substantial successful sudden sustainable technical temporary tense thorough total traditional
transparent tripartite unanimous unexpected uniform unprecedented urban urgent usual valuable
various vital voluntary weekly western wide wider young
"""
)

# Base forms; past and participle by rule unless listed in IRREGULAR_VERBS.
VERBS = _words(
    """
accept acknowledge adopt advance affect announce approve assess assist attend back boost build
call cancel celebrate challenge change clarify close complete confirm consider continue
coordinate cover criticise cut debate defend delay deliver discuss double draft draw endorse
ensure establish evaluate examine expand explain extend finalise finance fund give highlight hold
host identify implement improve increase inspect introduce investigate join launch lead limit
maintain make manage mark meet modernise monitor negotiate open oppose organise outline oversee
plan postpone prepare present promote propose protect publish question raise ratify receive
recognise reduce reform reinforce reject renew repair replace report request require resume
review revise secure seek send set share sign simplify speed spend strengthen study submit
support suspend take tighten track train update upgrade visit welcome widen win
"""
)

IRREGULAR_VERBS = {
    "build": ("built", "built"),
    "cancel": ("cancelled", "cancelled"),
    "cut": ("cut", "cut"),
    "draw": ("drew", "drawn"),
    "give": ("gave", "given"),
    "hold": ("held", "held"),
    "lead": ("led", "led"),
    "make": ("made", "made"),
    "meet": ("met", "met"),
    "oversee": ("oversaw", "overseen"),
    "plan": ("planned", "planned"),
    "seek": ("sought", "sought"),
    "send": ("sent", "sent"),
    "set": ("set", "set"),
    "speed": ("sped up", "sped up"),
    "spend": ("spent", "spent"),
    "submit": ("submitted", "submitted"),
    "take": ("took", "taken"),
    "win": ("won", "won"),
}

ADVERBS = _words(
    """
already also formally publicly jointly quickly finally officially recently again initially
eventually largely partly fully firmly openly strongly swiftly gradually repeatedly
"""
)

ROLES = (
    "Foreign Minister",
    "Prime Minister",
    "President",
    "Ambassador",
    "Defence Minister",
    "Finance Minister",
    "Health Minister",
    "Mayor",
    "Governor",
    "Deputy Minister",
    "Secretary General",
    "Consul General",
    "Chief Executive",
    "Professor",
    "Judge",
    "Commissioner",
    "General",
    "Admiral",
    "spokesperson",
    "Speaker",
    "Senator",
    "Director",
    "Chairwoman",
    "Chairman",
    "Deputy Mayor",
)

ORG_NOUNS = (
    "Council",
    "Agency",
    "Authority",
    "Institute",
    "Foundation",
    "Chamber of Commerce",
    "Association",
    "Commission",
    "Board",
    "Trust",
    "Union",
    "Society",
    "Centre",
    "Federation",
    "Bureau",
    "Port Authority",
    "Energy Company",
    "Development Bank",
    "Red Cross",
    "University",
)

ONSETS = _words("b br c d dr f g gr h j k kr l m n p pr r s sl st t tr v vr z zl")
VOWELS = _words("a e i o u a e o ia ei ou")
PLACE_ENDINGS = _words("ia ovo esk ana burg ar ene ora ia ica ad en")
SURNAME_ENDINGS = _words("ic ova sen er ides ak os an ek escu is ov")
GIVEN_ENDINGS = _words("a o e an el ina ia ar")

# --- Sentences ---------------------------------------------------------------------------------

SENTENCES = (
    "{P} said on {DAY} that the {A} {N} would {V} the {N} in {PL}.",
    "The {N} was {VEN} by {ORG} after {NUM} {NS} of {A} {N}.",
    "According to {ORG}, {NUM} {NS} were {VEN} in {PL} {WHEN}.",
    "“We will {V} the {A} {N} and {V} every {N},” {P} told reporters.",
    "{P} {VED} the {A} {N} during a visit to {PL} {WHEN}.",
    "Representatives of {ORG1} and {ORG2} {VED} a {A} {N} on the {N} and the {N}.",
    "The {A} {N} of {PL} has {VEN} {NUM} {A} {NS} since {MONTH}.",
    "In {PL}, the {N} {ADV} {VED} the {A} {NS} of the {N}.",
    "{ORG} {VED} the {N} as a {A} {N} for the {N} of the {N}.",
    "Officials said that the {N} would be {VEN} before the end of {MONTH}.",
    "More than {NUM} {NS} took part in the {N}, which was {VEN} by {P}.",
    "{P} {ADV} {VED} the {A} {N}, saying the {N} was {A}.",
    "The {N} will {V} {NUM} {A} {NS} and {V} the {N} of {PL}.",
    "Its {NS} include a {A} {N}, a {A} {N} and a {N} for {NS}.",
    "{P} also met {PO} to {V} the {A} {N} between {PL1} and {PL2}.",
    "The {N} in {PL} is {ADV} {VEN} by the {A} {N}.",
    "A {A} {N} on the {N} is expected to be {VEN} in {MONTH}.",
    "“The {N} is {A} for our {NS},” said {P}.",
    "{ORG} said the {A} {NS} had {VEN} the {N} by {PCT} percent.",
    "The {A} {N}, worth {MONEY}, will be {VEN} by {ORG}.",
    "Some {NUM} {NS} from {PL} are expected to {V} the {N} {NEXT}.",
    "Further {NS} on the {N} will be {VEN} {NEXT}, {P} added.",
    "The {N} follows a {A} {N} {VEN} by {P} {WHEN}.",
    "{P} noted that the {N} of {PL} had {VEN} the {A} {N} for {NUM} years.",
    "Critics of the {N} argue that it does not {V} the {A} {NS} of {PL}.",
    "The {A} {N} has been {VEN} {NUM} times since the {N} began.",
    "Both {NS} agreed to {V} the {N} and to {V} a {A} {N} by {MONTH}.",
    "“It is a {A} day for {PL},” {P} said after the {N}.",
    "{ORG} will {V} the {A} {NS} while the {N} is {VEN}.",
    "Earlier, {P} had {VEN} the {N} of the {A} {N} in {PL}.",
)

TITLES = (
    "{PF} visits {PL}",
    "{PL1} and {PL2} sign {A} {N} {N}",
    "{ORGT} announces {A} {N} for {PL}",
    "New {N} {N} opens in {PL}",
    "{NUMT} {NS} {VEN} after {A} {N} in {PL}",
    "{RL} calls for {A} {N} on {N}",
    "{AT} {N} in {PL}: {ORGT} {VED} {N}",
    "{PL} to {V} {A} {N} by {MONTH}",
    "{RL} and {ORGT} {V} {A} {N}",
    "{AT} {N} {VEN} in {PL} after {N} {N}",
    "{PL} {N} {VED} as {NS} {V} {A} {N}",
    "{ORGT} {VED} {A} {N} of {N} {NS}",
)

WHEN = (
    "last week",
    "on {DAY}",
    "earlier this month",
    "in {MONTH}",
    "this year",
    "last month",
    "on {DAY} morning",
    "over the weekend",
)
NEXT = ("next week", "next month", "in {MONTH}", "later this year", "by {MONTH}", "on {DAY}")

_SLOT = re.compile(r"\{(\w+)\}")
_ARTICLE = re.compile(r"\b([Aa]) (?=[aeiouAEIOU])")
_DOUBLED = re.compile(r"([aeiou])\1|[aeiou]{3}")
_SLUG = re.compile(r"[^a-z0-9]+")
_STORY_PATH = re.compile(r"/news/(\d{4})/(\d{2})/([a-z0-9-]+)-(\d+)\.html")


_Template = tuple["str | Callable[[_Writer], str]", ...]


def _compile(template: str) -> _Template:
    """A template as its parts: literal text, and the functions that fill its slots."""
    parts = _SLOT.split(template)
    return tuple(_FILLS[part] if i % 2 else part for i, part in enumerate(parts) if part)


def _plural(noun: str) -> str:
    if noun in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[noun]
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def _past(verb: str) -> tuple[str, str]:
    if verb in IRREGULAR_VERBS:
        return IRREGULAR_VERBS[verb]
    if verb.endswith("e"):
        past = verb + "d"
    elif verb.endswith("y") and verb[-2] not in "aeiou":
        past = verb[:-1] + "ied"
    else:
        past = verb + "ed"
    return past, past


def _names(rng: random.Random, count: int, endings: tuple[str, ...], taken: set[str]) -> list[str]:
    """``count`` distinct made-up names, in the order drawn (a set only answers membership)."""
    found: list[str] = []
    while len(found) < count:
        syllables = rng.choice((1, 2, 2, 2, 3))
        word = "".join(rng.choice(ONSETS) + rng.choice(VOWELS) for _ in range(syllables))
        name = (word + rng.choice(endings)).capitalize()
        if name not in taken and 4 <= len(name) <= 10 and not _DOUBLED.search(name):
            taken.add(name)
            found.append(name)
    return found


def _day(moment: datetime) -> str:
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


def _text(text: str) -> str:
    return html.escape(text, quote=False)


def _script_json(value: object) -> str:
    """JSON safe inside a <script> element (no "</" can close it)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")


@dataclass(frozen=True)
class Story:
    """One story as the site states it: what a perfect extractor would read from its page."""

    path: str  # /news/<yyyy>/<mm>/<slug>-<id>.html
    title: str
    published: datetime  # tz-aware, UTC
    text: str  # the paragraphs, joined by "\n"


@dataclass(frozen=True)
class Hit:
    """One request `serve` answered."""

    method: str
    path: str  # the request target, as sent
    status: int
    conditional: bool  # it carried If-None-Match or If-Modified-Since


@dataclass(frozen=True)
class _Meta:
    """What a teaser of a story shows, and what locates it."""

    number: int
    path: str
    title: str
    published: datetime
    summary: str
    topic: str


@dataclass(frozen=True)
class _Resource:
    body: bytes
    content_type: str
    etag: str
    last_modified: datetime


class _Lru:
    """A small thread-safe LRU map (two threads may build the same value; both are equal)."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any, build: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = build()
        with self._lock:
            self._items[key] = value
            if len(self._items) > self._size:
                self._items.popitem(last=False)
        return value


class _Lexicon:
    """The words of one seed: real English words and made-up proper names."""

    def __init__(self, rng: random.Random) -> None:
        self.nouns = NOUNS
        self.plurals = [_plural(n) for n in NOUNS]
        self.adjectives = ADJECTIVES
        self.verbs = VERBS
        self.pasts = [_past(v)[0] for v in VERBS]
        self.participles = [_past(v)[1] for v in VERBS]
        self.adverbs = ADVERBS
        taken: set[str] = set()
        self.places = _names(rng, 900, PLACE_ENDINGS, taken)
        self.surnames = _names(rng, 1600, SURNAME_ENDINGS, taken)
        self.given = _names(rng, 400, GIVEN_ENDINGS, taken)
        self.staff = [f"{rng.choice(self.given)} {rng.choice(self.surnames)}" for _ in range(16)]


class _Writer:
    """Writes one story from its own random stream: its cast, title, then paragraph after
    paragraph. A teaser stops after the first paragraph; the same draws come first either way.

    Draws go through ``random()`` (a C call) rather than ``choice``/``randint`` (Python code
    around them), and templates hold their slots' functions: a story page draws a couple of
    thousand times, a listing page twenty ledes' worth."""

    def __init__(self, lexicon: _Lexicon, rng: random.Random) -> None:
        self.lex = lexicon
        self.rng = rng
        self.rnd = rng.random
        pick = self.pick
        self.people = [(pick(ROLES), pick(lexicon.given), pick(lexicon.surnames)) for _ in range(3)]
        self.mentioned = [False, False, False]
        self.cast_places = [pick(lexicon.places)]
        while len(self.cast_places) < 2:
            place = pick(lexicon.places)
            if place != self.cast_places[0]:
                self.cast_places.append(place)
        self.orgs = [
            f"{self.cast_places[0]} {pick(ORG_NOUNS)}",
            f"{pick(lexicon.places)} {pick(ORG_NOUNS)}",
        ]
        self.words = self.between(260, 860)
        self.paragraphs = self.between(6, min(16, max(6, self.words // 28)))

    def pick(self, seq: Sequence[str]) -> str:
        """One item of ``seq``."""
        return seq[int(self.rnd() * len(seq))]

    def between(self, low: int, high: int) -> int:
        """An integer from ``low`` to ``high``, both included."""
        return low + int(self.rnd() * (high - low + 1))

    def fill(self, template: _Template) -> str:
        """A template's text, its slots filled with fresh draws."""
        return "".join([part if isinstance(part, str) else part(self) for part in template])

    def person(self) -> str:
        """Someone of the cast (named in full the first time, then by surname), or now and
        then someone from outside it."""
        index = int(self.rnd() * 4)
        if index == 3:
            lex, pick = self.lex, self.pick
            return f"{pick(ROLES)} {pick(lex.given)} {pick(lex.surnames)}"
        role, given, surname = self.people[index]
        if self.mentioned[index]:
            return surname
        self.mentioned[index] = True
        return f"{role} {given} {surname}"

    def place(self) -> str:
        """One of the story's two places, or now and then any place."""
        if self.rnd() < 0.7:
            return self.cast_places[int(self.rnd() * 2)]
        return self.pick(self.lex.places)

    def title(self) -> str:
        """The headline (drawn before any paragraph)."""
        text = _ARTICLE.sub(r"\1n ", self.fill(_TITLES[int(self.rnd() * len(_TITLES))]))
        return text[0].upper() + text[1:]

    def paragraph(self, index: int, written: int) -> str:
        """Paragraph ``index`` (0-based), ``written`` words into the story."""
        left = self.paragraphs - index
        budget = (self.words - written) // left
        if index == 0:
            budget = max(budget, 36)  # the lede holds the teaser's 30-word summary
        sentences: list[str] = []
        count = 0
        rnd, fill = self.rnd, self.fill
        while count < budget or not sentences:
            text = fill(_SENTENCES[int(rnd() * len(_SENTENCES))])
            sentences.append(text[0].upper() + text[1:])
            count += text.count(" ") + 1
        return _ARTICLE.sub(r"\1n ", " ".join(sentences))


def _number(w: _Writer) -> str:
    value = w.between(2, 60) if w.rnd() < 0.6 else w.between(60, 2000)
    return f"{value:,}"


_FILLS: dict[str, Callable[[_Writer], str]] = {
    "N": lambda w: w.pick(w.lex.nouns),
    "NS": lambda w: w.pick(w.lex.plurals),
    "A": lambda w: w.pick(w.lex.adjectives),
    "AT": lambda w: w.pick(w.lex.adjectives).capitalize(),
    "V": lambda w: w.pick(w.lex.verbs),
    "VED": lambda w: w.pick(w.lex.pasts),
    "VEN": lambda w: w.pick(w.lex.participles),
    "ADV": lambda w: w.pick(w.lex.adverbs),
    "P": _Writer.person,
    "PF": lambda w: " ".join(w.people[0]),
    "PO": lambda w: f"{w.pick(ROLES)} {w.pick(w.lex.given)} {w.pick(w.lex.surnames)}",
    "RL": lambda w: f"{w.people[0][0]} {w.people[0][2]}",
    "PL": _Writer.place,
    "PL1": lambda w: w.cast_places[0],
    "PL2": lambda w: w.cast_places[1],
    "ORG": lambda w: "the " + w.orgs[0 if w.rnd() < 0.6 else 1],
    "ORG1": lambda w: "the " + w.orgs[0],
    "ORG2": lambda w: "the " + w.orgs[1],
    "ORGT": lambda w: w.orgs[0],
    "DAY": lambda w: w.pick(WEEKDAYS),
    "MONTH": lambda w: w.pick(MONTHS),
    "WHEN": lambda w: w.fill(_WHEN[int(w.rnd() * len(_WHEN))]),
    "NEXT": lambda w: w.fill(_NEXT[int(w.rnd() * len(_NEXT))]),
    "NUM": _number,
    "NUMT": lambda w: str(w.between(2, 90)),
    "PCT": lambda w: str(w.between(2, 45)),
    "MONEY": lambda w: f"€{w.between(2, 950)} million",
}

_SENTENCES: tuple[_Template, ...] = tuple(_compile(t) for t in SENTENCES)
_TITLES: tuple[_Template, ...] = tuple(_compile(t) for t in TITLES)
_WHEN: tuple[_Template, ...] = tuple(_compile(t) for t in WHEN)
_NEXT: tuple[_Template, ...] = tuple(_compile(t) for t in NEXT)


def _summary(lede: str) -> str:
    words = lede.split()
    return " ".join(words[:30]) + ("…" if len(words) > 30 else "")


class SyntheticSite:
    """A news site of ``stories`` stories, ``per_listing`` teasers per listing page, generated
    from ``seed``; every page is built when asked, the same bytes every time."""

    host: str = HOST
    origin: str = ORIGIN

    def __init__(self, stories: int, per_listing: int = 20, seed: int = 0) -> None:
        if stories < 1 or per_listing < 1:
            raise ValueError("a site needs at least one story and one teaser per listing")
        self.stories = stories
        self.per_listing = per_listing
        self.seed = seed
        self.listing_pages = -(-stories // per_listing)
        rng = random.Random(seed)
        self._lexicon = _Lexicon(rng)
        self._meta_cache = _Lru(CACHE_META)
        self._page_cache = _Lru(CACHE_PAGES)
        self._head = _head_assets(rng)
        self._ad_slots = _ad_slots(rng)
        self._header = _header()
        self._footer = _footer()
        self._latest = self._teaser_list(
            "Latest", range(stories, max(0, stories - 10), -1), "sidebar__latest"
        )

    # --- Public -----------------------------------------------------------------------------

    def page(self, path_and_query: str) -> bytes | None:
        """The body of ``path_and_query`` (a page's HTML in UTF-8, or ``/robots.txt``), or None
        when the site has no such page (the server answers 404)."""
        resource = self._resource(path_and_query)
        return None if resource is None else resource.body

    def story_paths(self) -> list[str]:
        """Every story's path, newest first."""
        return [self._meta(n).path for n in range(self.stories, 0, -1)]

    def story(self, number: int) -> Story:
        """Story ``number`` (1 is the oldest, ``stories`` the newest) as its page states it."""
        meta = self._meta(number)
        paragraphs, _ = self._body(number)
        return Story(meta.path, meta.title, meta.published, "\n".join(paragraphs))

    def last_modified(self, path_and_query: str) -> datetime:
        """When the page at ``path_and_query`` last changed (fixed: a story's publication, a
        listing's newest story, START for undated pages); KeyError for no such page."""
        resource = self._resource(path_and_query)
        if resource is None:
            raise KeyError(path_and_query)
        return resource.last_modified

    # --- Stories ----------------------------------------------------------------------------

    def _rng(self, number: int) -> random.Random:
        return random.Random((self.seed + 1) * 1_000_003 * 65_536 + number)

    def _published(self, number: int) -> datetime:
        minutes = (number * 2_654_435_761 + self.seed * 40_503) % 60
        return START + number * STEP + timedelta(minutes=minutes)

    def _topic(self, number: int) -> str:
        return TOPICS[((number * 2_246_822_519 + self.seed * 3_266_489_917) >> 7) % len(TOPICS)]

    def _meta(self, number: int) -> _Meta:
        if not 1 <= number <= self.stories:
            raise IndexError(f"no story {number} (1..{self.stories})")
        result: _Meta = self._meta_cache.get(number, lambda: self._build_meta(number))
        return result

    def _build_meta(self, number: int) -> _Meta:
        writer = _Writer(self._lexicon, self._rng(number))
        title = writer.title()
        lede = writer.paragraph(0, 0)
        published = self._published(number)
        slug = _SLUG.sub("-", title.lower()).strip("-")
        path = f"/news/{published.year:04d}/{published.month:02d}/{slug}-{number}.html"
        return _Meta(number, path, title, published, _summary(lede), self._topic(number))

    def _body(self, number: int) -> tuple[list[str], _Writer]:
        """The paragraphs of a story, and its writer (for the draws that follow them)."""
        writer = _Writer(self._lexicon, self._rng(number))
        writer.title()
        paragraphs: list[str] = []
        written = 0
        for index in range(writer.paragraphs):
            paragraph = writer.paragraph(index, written)
            written += paragraph.count(" ") + 1
            paragraphs.append(paragraph)
        return paragraphs, writer

    def _story_number(self, path: str) -> int | None:
        match = _STORY_PATH.fullmatch(path)
        if match is None or match[4].startswith("0"):
            return None
        number = int(match[4])
        if not 1 <= number <= self.stories or self._meta(number).path != path:
            return None
        return number

    # --- Pages ------------------------------------------------------------------------------

    def _resource(self, path_and_query: str) -> _Resource | None:
        result: _Resource | None = self._page_cache.get(
            path_and_query, lambda: self._build(path_and_query)
        )
        return result

    def _build(self, target: str) -> _Resource | None:
        path, _, query = target.partition("?")
        built: tuple[str, datetime] | None = None
        content_type = "text/html; charset=utf-8"
        if path == "/robots.txt" and not query:
            built = f"User-agent: *\nAllow: /\n\n# {SITE_NAME}\n", START
            content_type = "text/plain; charset=utf-8"
        elif path == "/" and not query:
            built = self._home()
        elif path == "/news/":
            if not query:
                built = self._listing(1)
            elif query.startswith("page=") and query[5:].isdigit() and query[5] != "0":
                page = int(query[5:])
                if page <= self.listing_pages:
                    built = self._listing(page)
        elif query:
            built = None
        elif path.startswith("/news/"):
            number = self._story_number(path)
            if number is not None:
                built = self._story_page(number)
        elif path.startswith("/topics/"):
            name = path[len("/topics/") : -1]
            if path.endswith("/") and name in TOPICS:
                built = self._topic_page(name)
        elif path in ("/about/", "/contact/"):
            built = self._plain_page(path)
        if built is None:
            return None
        text, modified = built
        body = text.encode("utf-8")
        etag = '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'
        return _Resource(body, content_type, etag, modified)

    def _teaser(self, meta: _Meta, heading: str = "h2") -> str:
        return (
            f'<article class="teaser teaser--{meta.topic}">'
            f'<{heading} class="teaser__title"><a href="{meta.path}">{_text(meta.title)}</a>'
            f"</{heading}>\n"
            f'<p class="teaser__date"><time datetime="{meta.published.isoformat()}">'
            f"{_day(meta.published)}</time></p>\n"
            f'<p class="teaser__summary">{_text(meta.summary)}</p></article>\n'
        )

    def _teaser_list(self, heading: str, numbers: range | list[int], css: str) -> str:
        items = []
        for number in numbers:
            meta = self._meta(number)
            items.append(
                f'<li class="{css}__item"><a href="{meta.path}">{_text(meta.title)}</a> '
                f'<span class="{css}__date">{_day(meta.published)}</span></li>'
            )
        return (
            f'<section class="{css}"><h2 class="{css}__heading">{heading}</h2><ul>\n'
            + "\n".join(items)
            + "\n</ul></section>\n"
        )

    def _document(
        self,
        title: str,
        description: str,
        path: str,
        body_class: str,
        main: str,
        extra_head: str = "",
        tail: str = "",
    ) -> str:
        url = ORIGIN + path
        return (
            '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_text(title)} | {SITE_NAME}</title>\n"
            f'<meta name="description" content="{_attr(description)}">\n'
            f'<link rel="canonical" href="{url}">\n'
            f'<meta property="og:site_name" content="{SITE_NAME}">\n'
            f'<meta property="og:title" content="{_attr(title)}">\n'
            f'<meta property="og:url" content="{url}">\n'
            f"{extra_head}"
            '<link rel="icon" href="/favicon.ico">\n'
            f"{self._head}"
            "</head>\n"
            f'<body class="{body_class}">\n'
            f"{_COOKIE_BANNER}{self._header}{main}{self._footer}{tail}"
            f"<script>{_COOKIE_SCRIPT}</script>\n</body>\n</html>\n"
        )

    def _story_page(self, number: int) -> tuple[str, datetime]:
        meta = self._meta(number)
        paragraphs, writer = self._body(number)
        url = ORIGIN + meta.path
        published = meta.published.isoformat()
        author = writer.pick(self._lexicon.staff)
        photographer = writer.pick(self._lexicon.staff)
        caption = f"{' '.join(writer.people[0])} in {writer.cast_places[0]}."
        if self.stories <= 6:
            related = [n for n in range(self.stories, 0, -1) if n != number]
        else:
            picked: list[int] = []
            while len(picked) < 5:
                other = writer.between(1, self.stories)
                if other != number and other not in picked:
                    picked.append(other)
            related = sorted(picked, reverse=True)
        slots = writer.between(20, 300)
        first = writer.between(0, len(self._ad_slots) - slots)
        words = sum(p.count(" ") + 1 for p in paragraphs)
        topic_name = meta.topic.replace("-", " ").capitalize()
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": meta.title,
            "datePublished": published,
            "dateModified": published,
            "mainEntityOfPage": url,
            "articleSection": topic_name,
            "wordCount": words,
            "author": [{"@type": "Person", "name": author}],
            "image": [f"{ORIGIN}/media/{number}/lead.jpg"],
            "publisher": {
                "@type": "NewsMediaOrganization",
                "name": SITE_NAME,
                "logo": {"@type": "ImageObject", "url": f"{ORIGIN}/static/logo.png"},
            },
        }
        extra_head = (
            '<meta property="og:type" content="article">\n'
            f'<meta property="og:description" content="{_attr(meta.summary)}">\n'
            f'<meta property="og:image" content="{ORIGIN}/media/{number}/lead.jpg">\n'
            f'<meta property="article:published_time" content="{published}">\n'
            f'<meta property="article:section" content="{topic_name}">\n'
            f'<script type="application/ld+json">{_script_json(ld)}</script>\n'
            "<script>window.dataLayer=window.dataLayer||[];dataLayer.push("
            + _script_json(
                {
                    "pageType": "article",
                    "contentId": str(number),
                    "section": meta.topic,
                    "published": published,
                    "author": author,
                    "words": words,
                    "paywall": False,
                }
            )
            + ");</script>\n"
        )
        body = []
        for index, paragraph in enumerate(paragraphs):
            body.append(f"<p>{_text(paragraph)}</p>\n")
            if index == 2:
                body.append('<div class="ad-slot" id="div-gpt-ad-mid1" aria-hidden="true"></div>\n')
        share = "".join(
            f'<li><a class="share__{name}" href="{pattern.format(url)}" rel="noopener">'
            f"{label}</a></li>"
            for name, label, pattern in _SHARE
        )
        main = (
            '<nav class="breadcrumb" aria-label="Breadcrumb"><ol>'
            '<li><a href="/">Home</a></li><li><a href="/news/">News</a></li>'
            f'<li><a href="/topics/{meta.topic}/">{topic_name}</a></li>'
            f'<li aria-current="page">{_text(meta.title)}</li></ol></nav>\n'
            '<main id="main" class="layout layout--article">\n'
            f'<article class="story story--{meta.topic}">\n'
            f'<h1 class="story__title">{_text(meta.title)}</h1>\n'
            f'<p class="story__date">Published <time datetime="{published}">'
            f"{_day(meta.published)}</time></p>\n"
            f'<p class="story__byline">By <span class="story__author">{author}</span>, '
            f"{SITE_NAME}</p>\n"
            '<figure class="story__figure">'
            f'<img src="/media/{number}/lead.jpg" alt="{_attr(caption)}" width="1200" '
            'height="675" loading="eager">'
            f"<figcaption>{_text(caption)} <span>Photo: {photographer}/{SITE_NAME}</span>"
            "</figcaption></figure>\n"
            f'<div class="story__body">\n{"".join(body)}</div>\n'
            f'<div class="share"><h2 class="share__heading">Share this story</h2><ul>{share}'
            "</ul></div>\n"
            + self._teaser_list("Related stories", related, "related")
            + "</article>\n"
            '<aside class="sidebar">\n'
            + self._latest
            + '<div class="ad-slot" id="div-gpt-ad-side1" aria-hidden="true"></div>\n'
            "</aside>\n</main>\n"
        )
        state = (
            '{"page":'
            + _script_json(
                {
                    "id": number,
                    "type": "article",
                    "section": meta.topic,
                    "title": meta.title,
                    "published": published,
                    "related": related,
                }
            )
            + ',"ads":{"network":"/2107/benchnews","lazy":true,"slots":['
            + ",".join(self._ad_slots[first : first + slots])
            + ']},"experiments":{"headline_ab":"'
            + writer.pick(("a", "b", "control"))
            + '","newsletter_modal":false}}'
        )
        tail = f'<script id="__STATE__" type="application/json">{state}</script>\n'
        text = self._document(
            meta.title, meta.summary, meta.path, "page page--article", main, extra_head, tail
        )
        return text, meta.published

    def _home(self) -> tuple[str, datetime]:
        numbers = range(self.stories, max(0, self.stories - HOME_TEASERS), -1)
        more = "/news/?page=2" if self.listing_pages >= 2 else "/news/"
        main = (
            '<main id="main" class="layout layout--home">\n'
            f'<h1 class="visually-hidden">{SITE_NAME}</h1>\n'
            '<section class="home__top">\n'
            + "".join(self._teaser(self._meta(n)) for n in numbers)
            + f'<p class="home__more"><a href="{more}">More news</a></p>\n</section>\n'
            '<aside class="sidebar">' + _TOPIC_BOX + "</aside>\n</main>\n"
        )
        text = self._document(
            f"{SITE_NAME}: news from the regions",
            "The latest news, analysis and features from Bench News.",
            "/",
            "page page--home",
            main,
            '<meta property="og:type" content="website">\n',
        )
        return text, self._published(self.stories)

    def _listing(self, page: int) -> tuple[str, datetime]:
        newest = self.stories - (page - 1) * self.per_listing
        numbers = range(newest, max(0, newest - self.per_listing), -1)
        path = "/news/" if page == 1 else f"/news/?page={page}"
        main = (
            '<main id="main" class="layout layout--listing">\n'
            f'<h1 class="listing__title">News <span>page {page} of {self.listing_pages}</span>'
            "</h1>\n"
            '<section class="listing">\n'
            + "".join(self._teaser(self._meta(n)) for n in numbers)
            + "</section>\n"
            + self._pager(page)
            + "</main>\n"
        )
        links = ""
        if page > 1:
            links += f'<link rel="prev" href="{ORIGIN}{self._listing_path(page - 1)}">\n'
        if page < self.listing_pages:
            links += f'<link rel="next" href="{ORIGIN}/news/?page={page + 1}">\n'
        text = self._document(
            "News" if page == 1 else f"News, page {page}",
            f"All the news from {SITE_NAME}, newest first (page {page}).",
            path,
            "page page--listing",
            main,
            links,
        )
        return text, self._published(newest)

    @staticmethod
    def _listing_path(page: int) -> str:
        return "/news/" if page == 1 else f"/news/?page={page}"

    def _pager(self, page: int) -> str:
        last = self.listing_pages
        items = []
        if page > 1:
            items.append(
                f'<li class="pager__prev"><a href="{self._listing_path(page - 1)}" rel="prev">'
                "‹ Newer</a></li>"
            )
        low, high = max(1, page - PAGER_WINDOW), min(last, page + PAGER_WINDOW)
        if low > 1:
            items.append('<li><a href="/news/">1</a></li>')
            if low > 2:
                items.append('<li class="pager__gap">…</li>')
        for number in range(low, high + 1):
            if number == page:
                items.append(f'<li class="pager__current" aria-current="page">{number}</li>')
            else:
                items.append(f'<li><a href="{self._listing_path(number)}">{number}</a></li>')
        if high < last:
            if high < last - 1:
                items.append('<li class="pager__gap">…</li>')
            items.append(f'<li><a href="{self._listing_path(last)}">{last}</a></li>')
        if page < last:
            items.append(
                f'<li class="pager__next"><a href="/news/?page={page + 1}" rel="next">'
                "Older ›</a></li>"
            )
        return '<nav class="pager" aria-label="Pages"><ul>' + "".join(items) + "</ul></nav>\n"

    def _topic_page(self, name: str) -> tuple[str, datetime]:
        numbers: list[int] = []
        number = self.stories
        while number >= 1 and len(numbers) < TOPIC_TEASERS:
            if self._topic(number) == name:
                numbers.append(number)
            number -= 1
        title = name.replace("-", " ").capitalize()
        teasers = "".join(self._teaser(self._meta(n)) for n in numbers)
        main = (
            '<main id="main" class="layout layout--topic">\n'
            f'<h1 class="topic__title">{title}</h1>\n'
            f'<section class="listing">\n{teasers or "<p>No stories yet.</p>"}</section>\n'
            "</main>\n"
        )
        text = self._document(
            title,
            f"{title}: the latest stories from {SITE_NAME}.",
            f"/topics/{name}/",
            "page page--topic",
            main,
        )
        return text, self._published(numbers[0]) if numbers else START

    def _plain_page(self, path: str) -> tuple[str, datetime]:
        title, paragraphs = _PLAIN[path]
        main = (
            '<main id="main" class="layout layout--plain">\n'
            f'<h1 class="plain__title">{title}</h1>\n'
            + "".join(f"<p>{p}</p>\n" for p in paragraphs)
            + "</main>\n"
        )
        return self._document(title, paragraphs[0], path, "page page--plain", main), START


# --- Shared parts of every page ----------------------------------------------------------------

_SHARE = (
    ("twitter", "Post on X", "https://twitter.com/intent/tweet?url={}"),
    ("facebook", "Share on Facebook", "https://www.facebook.com/sharer/sharer.php?u={}"),
    ("linkedin", "Share on LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url={}"),
    ("whatsapp", "Send on WhatsApp", "https://wa.me/?text={}"),
    ("email", "Email", "mailto:?subject=Bench%20News&body={}"),
)

_SOCIAL = (
    ("X", "https://twitter.com/benchnews"),
    ("Facebook", "https://www.facebook.com/benchnews"),
    ("YouTube", "https://www.youtube.com/@benchnews"),
    ("Instagram", "https://www.instagram.com/benchnews/"),
    ("LinkedIn", "https://www.linkedin.com/company/benchnews"),
)

_PLAIN = {
    "/about/": (
        "About us",
        (
            f"{SITE_NAME} is an independent newsroom reporting on politics, the economy and "
            "everyday life in the regions.",
            "Our reporters and editors follow the code of practice of the press council; "
            "corrections are published beside the story they concern.",
            '<a id="privacy"></a>We use cookies to measure how our pages are read. You can '
            "change your choice at any time from the link in the footer.",
            '<a id="staff"></a>Our newsroom has sixteen reporters, five photographers and a '
            "team of editors working in two shifts.",
        ),
    ),
    "/contact/": (
        "Contact",
        (
            "News desk: newsdesk@news.bench.test, +1 555 0100.",
            "Corrections and complaints: editor@news.bench.test.",
            "Advertising: ads@news.bench.test. Postal address: 1 Press Street, Bench City.",
        ),
    ),
}


def _topic_title(name: str) -> str:
    return name.replace("-", " ").capitalize()


def _header() -> str:
    topics = "".join(
        f'<li class="menu__item"><a href="/topics/{t}/">{_topic_title(t)}</a></li>' for t in TOPICS
    )
    social = "".join(
        f'<li><a href="{url}" rel="noopener" aria-label="{name}">{name}</a></li>'
        for name, url in _SOCIAL
    )
    return (
        '<a class="skip-link" href="#main">Skip to content</a>\n'
        '<header class="site-header">\n'
        f'<a class="site-header__logo" href="/"><img src="/static/logo.svg" alt="{SITE_NAME}" '
        'width="180" height="40"></a>\n'
        '<nav class="menu" aria-label="Sections"><ul>\n'
        '<li class="menu__item"><a href="/">Home</a></li>'
        '<li class="menu__item"><a href="/news/">News</a></li>\n'
        f"{topics}\n"
        '<li class="menu__item"><a href="/about/">About us</a></li>'
        '<li class="menu__item"><a href="/contact/">Contact</a></li>\n'
        "</ul></nav>\n"
        f'<ul class="site-header__social">{social}</ul>\n'
        "</header>\n"
    )


def _footer() -> str:
    sections = "".join(
        f'<li><a href="/topics/{t}/">{_topic_title(t)}</a></li>' for t in TOPICS[:12]
    )
    offsite = (
        ("Press council", "https://www.example.org/press-council/"),
        ("Journalism Trust Initiative", "https://www.example.org/journalism-trust/"),
        ("Advertise with us", "https://www.example.com/advertise/"),
        ("Syndication", "https://www.example.net/syndication/"),
        ("Our licence", "https://creativecommons.org/licenses/by/4.0/"),
        ("Accessibility", "https://www.w3.org/WAI/standards-guidelines/wcag/"),
        ("Jobs", "https://jobs.example.com/benchnews"),
    )
    links = "".join(f'<li><a href="{url}" rel="noopener">{name}</a></li>' for name, url in offsite)
    social = "".join(f'<li><a href="{url}" rel="noopener">{name}</a></li>' for name, url in _SOCIAL)
    return (
        '<footer class="site-footer">\n'
        f'<nav class="site-footer__sections" aria-label="Sections"><ul>{sections}</ul></nav>\n'
        '<nav class="site-footer__about"><ul>'
        '<li><a href="/">Home</a></li><li><a href="/news/">All news</a></li>'
        '<li><a href="/about/">About us</a></li><li><a href="/contact/">Contact</a></li>'
        '<li><a href="/about/#privacy">Privacy</a></li><li><a href="/about/#staff">Staff</a></li>'
        f"{links}</ul></nav>\n"
        f'<ul class="site-footer__social">{social}</ul>\n'
        f'<p class="site-footer__legal">© {SITE_NAME}. All rights reserved. '
        '<a href="#" class="js-cookie-settings">Cookie settings</a></p>\n'
        "</footer>\n"
    )


_TOPIC_BOX = (
    '<section class="sidebar__topics"><h2>Topics</h2><ul>'
    + "".join(f'<li><a href="/topics/{t}/">{_topic_title(t)}</a></li>' for t in TOPICS[:10])
    + "</ul></section>\n"
)

_COOKIE_BANNER = (
    '<div class="cookie-banner" id="cookie-banner" role="dialog" aria-live="polite" hidden>\n'
    "<p>We use cookies to understand how our site is used and to show you relevant "
    'advertising. Read more in our <a href="/about/#privacy">privacy notice</a>.</p>\n'
    '<button type="button" class="cookie-banner__accept">Accept all</button> '
    '<button type="button" class="cookie-banner__reject">Reject optional cookies</button>\n'
    "</div>\n"
)

_COOKIE_SCRIPT = (
    '(function(){var b=document.getElementById("cookie-banner");if(!b)return;'
    'if(document.cookie.indexOf("bn_consent=")<0){b.hidden=false}'
    'function s(v){document.cookie="bn_consent="+v+";path=/;max-age=31536000;SameSite=Lax";'
    'b.hidden=true;window.dataLayer&&dataLayer.push({event:"consent",value:v})}'
    'b.querySelector(".cookie-banner__accept").addEventListener("click",function(){s("all")});'
    'b.querySelector(".cookie-banner__reject").addEventListener("click",function(){s("none")});'
    'var l=document.querySelector(".js-cookie-settings");l&&l.addEventListener("click",'
    "function(e){e.preventDefault();b.hidden=false})})();"
)

_CSS_BLOCKS = _words(
    "site-header menu menu__item skip-link breadcrumb layout sidebar sidebar__latest "
    "sidebar__topics story story__title story__date story__byline story__author story__figure "
    "story__body share share__heading related related__item teaser teaser__title teaser__date "
    "teaser__summary listing listing__title pager pager__prev pager__next pager__current "
    "pager__gap cookie-banner site-footer site-footer__sections site-footer__about "
    "site-footer__social site-footer__legal ad-slot home__top home__more topic__title "
    "plain__title newsletter newsletter__form video video__player gallery gallery__item "
    "live-blog live-blog__entry most-read most-read__item tag-list tag search search__input "
    "weather weather__widget ticker ticker__item podcast podcast__episode"
)
_CSS_STATES = ("", ":hover", ":focus", "--active", "--large", "--compact", " a", " h2", " img")
_CSS_PROPERTIES = (
    ("margin", ("0", "0 auto", "0 0 1rem", ".5rem 0", "1.5rem 0 0", "0 -.75rem")),
    ("padding", ("0", ".25rem .5rem", "1rem", ".75rem 1.25rem", "2rem 0")),
    ("font-size", (".75rem", ".875rem", "1rem", "1.125rem", "1.5rem", "2.25rem")),
    ("font-weight", ("400", "600", "700", "800")),
    ("line-height", ("1.2", "1.35", "1.5", "1.65")),
    ("color", ("#111", "#222", "#444", "#6b6b6b", "#b00020", "#0b57d0", "#fff")),
    ("background", ("#fff", "#f4f4f2", "#111", "transparent", "#fdf6e3", "var(--accent)")),
    ("display", ("block", "flex", "grid", "inline-block", "none")),
    ("border-bottom", ("1px solid #e0e0e0", "2px solid var(--accent)", "0")),
    ("gap", (".5rem", "1rem", "1.5rem", "2rem")),
    ("grid-template-columns", ("1fr", "repeat(2,1fr)", "2fr 1fr", "minmax(0,1fr) 300px")),
    ("max-width", ("100%", "720px", "1200px", "64ch")),
    ("text-transform", ("none", "uppercase")),
    ("letter-spacing", ("0", ".02em", ".08em")),
    ("transition", ("color .2s ease", "opacity .3s ease-in-out", "transform .25s")),
    ("position", ("relative", "absolute", "sticky", "static")),
    ("z-index", ("1", "10", "100", "1000")),
    ("box-shadow", ("none", "0 1px 3px rgba(0,0,0,.12)", "0 4px 16px rgba(0,0,0,.18)")),
    ("border-radius", ("0", "2px", "4px", "999px")),
    ("font-family", ("var(--serif)", "var(--sans)", "Georgia,serif")),
)


def _css(rng: random.Random) -> str:
    rules = [
        ":root{--accent:#b00020;--serif:'Bench Serif',Georgia,'Times New Roman',serif;"
        "--sans:'Bench Sans',system-ui,-apple-system,'Segoe UI',Roboto,Arial,sans-serif}",
        "*,*::before,*::after{box-sizing:border-box}",
        "html{-webkit-text-size-adjust:100%}body{margin:0;font-family:var(--sans);color:#111}",
        ".visually-hidden{position:absolute!important;clip:rect(0 0 0 0);width:1px;height:1px;"
        "overflow:hidden}",
    ]

    def rule(block: str) -> str:
        declarations = rng.sample(_CSS_PROPERTIES, rng.randint(3, 7))
        body = ";".join(f"{name}:{rng.choice(values)}" for name, values in declarations)
        return f".{block}{rng.choice(_CSS_STATES)}{{{body}}}"

    for block in _CSS_BLOCKS:
        rules.extend(rule(block) for _ in range(5))
    for width in (480, 768, 1024, 1280):
        inner = "".join(rule(rng.choice(_CSS_BLOCKS)) for _ in range(40))
        rules.append(f"@media (min-width:{width}px){{{inner}}}")
    rules.append("@media print{.site-header,.site-footer,.sidebar,.share,.ad-slot{display:none}}")
    return "\n".join(rules)


_JS_SNIPPETS = (
    "function {f}({a},{b}){{var {c}={a}.length;for(var {d}=0;{d}<{c};{d}++)"
    "{{if({a}[{d}]==={b})return {d}}}return-1}}",
    'var {f}=function({a}){{return typeof {a}==="string"?{a}.replace(/^\\s+|\\s+$/g,""):""}};',
    "{g}.prototype.{m}=function({a},{b}){{this._q.push([{a},{b},Date.now()]);"
    "this._q.length>{n}&&this.flush()}};",
    'function {f}({a}){{var {b}=document.cookie.split("; ");for(var {c}=0;{c}<{b}.length;{c}++)'
    '{{var {d}={b}[{c}].split("=");if({d}[0]==={a})return decodeURIComponent({d}[1])}}'
    "return null}}",
    "window.{g}=window.{g}||{{}};window.{g}.{m}={n};",
    "function {f}({a},{b}){{return Object.keys({a}).reduce(function({c},{d})"
    "{{{c}[{d}]={b}({a}[{d}]);return {c}}},{{}})}}",
    'function {f}({a}){{var {b}=new XMLHttpRequest;{b}.open("POST",'
    '"https://metrics.example.net/collect?v={n}",!0);'
    '{b}.setRequestHeader("Content-Type","text/plain");{b}.send(JSON.stringify({a}))}}',
    "var {f}=function({a},{b}){{var {c};return function(){{var {d}=arguments;"
    "clearTimeout({c});{c}=setTimeout(function(){{{a}.apply(null,{d})}},{b}||{n})}}}};",
    "function {f}({a}){{if(!{a}||!{a}.getBoundingClientRect)return!1;var {b}="
    "{a}.getBoundingClientRect();return {b}.top<window.innerHeight+{n}&&{b}.bottom>-{n}}}",
    "{g}.{m}=function({a}){{var {b}=this;return new Promise(function({c},{d}){{"
    "{b}.queue.push({{id:{a},resolve:{c},reject:{d},t:{n}}})}})}};",
    "function {f}({a},{b},{c}){{{a}.addEventListener?{a}.addEventListener({b},{c},{{passive:!0}})"
    ':{a}.attachEvent("on"+{b},{c})}}',
    'var {f}={{version:"{n}.{n2}.0",sampleRate:.{n2},endpoints:["https://cdn.example.net/'
    '{m}.js","https://cdn.example.net/{m}.min.js"],retries:{n2}}};',
)


def _ident(rng: random.Random, length: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return rng.choice(letters) + "".join(
        rng.choice(letters + "0123456789_$") for _ in range(length)
    )


def _vendor_js(rng: random.Random) -> str:
    parts = ['/*! bench-news bundle | (c) Bench News | MIT */!function(){"use strict";']
    for _ in range(210):
        snippet = rng.choice(_JS_SNIPPETS)
        parts.append(
            snippet.format(
                f=_ident(rng, rng.randint(1, 3)).capitalize(),  # no keyword is capitalised
                g=_ident(rng, rng.randint(2, 6)).capitalize(),
                m=_ident(rng, rng.randint(3, 8)),
                a="t",
                b="e",
                c="n",
                d="r",
                n=rng.randint(2, 5000),
                n2=rng.randint(1, 9),
            )
        )
    parts.append("}();")
    return "".join(parts)


def _consent_config(rng: random.Random) -> str:
    vendors = []
    for number in range(1, 48):
        name = _ident(rng, rng.randint(4, 9)).strip("_$").capitalize() or "Vendor"
        vendors.append(
            {
                "id": number * 7 + rng.randint(0, 6),
                "name": f"{name} {rng.choice(('Media', 'Analytics', 'Ads', 'Labs', 'Group'))}",
                "purposes": sorted(rng.sample(range(1, 11), rng.randint(1, 5))),
                "legIntPurposes": sorted(rng.sample(range(1, 11), rng.randint(0, 3))),
                "specialFeatures": sorted(rng.sample(range(1, 3), rng.randint(0, 2))),
                "policyUrl": f"https://{name.lower()}.example.com/privacy",
                "cookieMaxAgeSeconds": rng.choice((86400, 2592000, 31536000)),
                "usesNonCookieAccess": rng.random() < 0.3,
            }
        )
    config = {"cmpId": 371, "cmpVersion": 12, "gdprApplies": True, "vendors": vendors}
    return "window.__cmpConfig=" + _script_json(config) + ";"


def _head_assets(rng: random.Random) -> str:
    """The head every page shares: the style sheet and the vendor scripts (about 90 KB)."""
    return (
        f"<style>\n{_css(rng)}\n</style>\n"
        f"<script>{_vendor_js(rng)}</script>\n"
        f"<script>{_consent_config(rng)}</script>\n"
        '<script async src="https://www.googletagmanager.com/gtag/js?id=G-BENCH0001"></script>\n'
    )


def _ad_slots(rng: random.Random) -> list[str]:
    """A pool of ad-slot configs (JSON objects) each story page shows a run of."""
    sizes = ("[300,250]", "[728,90]", "[970,250]", "[320,50]", "[300,600]", "[336,280]")
    positions = ("top", "mid1", "mid2", "mid3", "side1", "side2", "bottom", "sticky")
    pool = []
    for number in range(700):
        picked = ",".join(rng.sample(sizes, rng.randint(1, 4)))
        keywords = ",".join(f'"{rng.choice(NOUNS)}"' for _ in range(rng.randint(2, 6)))
        pool.append(
            f'{{"id":"div-gpt-ad-{rng.randint(10**12, 10**13)}-{number}",'
            f'"position":"{rng.choice(positions)}","sizes":[{picked}],'
            f'"targeting":{{"kw":[{keywords}],"pos":"{rng.choice(positions)}",'
            f'"tier":{rng.randint(1, 4)}}},"refresh":{rng.choice((0, 30, 60))},'
            f'"lazy":{rng.choice(("true", "false"))}}}'
        )
    return pool


# --- Server ------------------------------------------------------------------------------------


def _not_modified(handler: BaseHTTPRequestHandler, resource: _Resource) -> bool:
    """Whether the request's validators match (If-None-Match decides when present)."""
    tags = handler.headers.get("If-None-Match")
    if tags is not None:
        offered = {tag.strip().removeprefix("W/") for tag in tags.split(",")}
        return "*" in offered or resource.etag in offered
    since = handler.headers.get("If-Modified-Since")
    if since is None:
        return False
    try:
        moment = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment >= resource.last_modified.replace(microsecond=0)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that hangs up (or a socket closed as the server stops) is no error of the site.
        if isinstance(sys.exc_info()[1], OSError):
            return
        super().handle_error(request, client_address)


_NOT_FOUND = (
    b'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Page not found | '
    b'Bench News</title></head><body><h1>Page not found</h1><p><a href="/">Home</a></p>'
    b"</body></html>\n"
)


@contextmanager
def serve(site: SyntheticSite, hits: list[Hit] | None = None) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 (a free port) in a thread; yield its origin,
    ``http://127.0.0.1:PORT``; stop the server and close its sockets when the block ends.
    Every request is appended to ``hits`` as a `Hit` (before its answer is sent) when given."""
    hits_lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "BenchNews/1.0"
        timeout = 60  # an idle keep-alive connection is closed after a minute

        def setup(self) -> None:
            super().setup()
            with server.connections_lock:
                server.connections.add(self.connection)

        def finish(self) -> None:
            with server.connections_lock:
                server.connections.discard(self.connection)
            super().finish()

        def do_GET(self) -> None:
            self.answer(send_body=True)

        def do_HEAD(self) -> None:
            self.answer(send_body=False)

        def answer(self, send_body: bool) -> None:
            target = self.path
            if not target.startswith("/"):  # absolute-form: keep the path and query
                parts = urlsplit(target)
                target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            resource = site._resource(target)
            conditional = "If-None-Match" in self.headers or "If-Modified-Since" in self.headers
            if resource is None:
                status = 404
            elif _not_modified(self, resource):
                status = 304
            else:
                status = 200
            if hits is not None:
                with hits_lock:
                    hits.append(Hit(self.command, self.path, status, conditional))
            self.send_response(status)
            if resource is None:
                body = _NOT_FOUND
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
            else:
                body = resource.body if status == 200 else b""
                if status == 200:
                    self.send_header("Content-Type", resource.content_type)
                    self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", resource.etag)
                self.send_header(
                    "Last-Modified", format_datetime(resource.last_modified, usegmt=True)
                )
            self.end_headers()
            if send_body and body:
                self.wfile.write(body)

        def version_string(self) -> str:
            return self.server_version

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = _Server(Handler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        thread.join()
        with server.connections_lock:
            open_connections = list(server.connections)
        for connection in open_connections:  # wake handlers waiting on keep-alive connections
            with suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        server.server_close()

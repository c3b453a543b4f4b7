"""Crawls shared by worker processes, on any number of machines, through one Redis server.

`newsroom enqueue` (or `newsroom schedule --distributed`) opens a crawl of a newsroom in Redis;
every `newsroom worker` joins the open crawls, each with its own Scrapy crawler whose scheduler
is `SharedScheduler`: one request queue and one seen-set per crawl, in Redis, so a page is
fetched by one worker once. Scrapy-redis's design (a shared queue and fingerprint set), done
here over redis-py because its scheduler loses what a dead worker had taken, keeps the seen-set
for ever (a re-crawl the next day would be filtered) and spaces requests per process only.

What Redis holds, under ``REDIS_PREFIX`` (default ``newsroom``):

- ``crawls``: the open crawls (a sorted set, by the time they were opened), ``crawl:ID`` what
  each is (newsroom, run), ``open:NEWSROOM`` the open crawl of a newsroom (one at a time).
- Per crawl ``c:ID:``: ``queue`` (request ids by priority, then order), ``reqs`` (the
  pickled requests), ``seen`` (request fingerprints of this crawl only: the next crawl asks
  again, with its validators), ``workers``, ``idle`` (which workers have nothing to do),
  ``taken:WORKER`` (what a worker took and has not handed in), ``outcomes`` (each worker's
  counts, for the one ``crawl_run`` row of the crawl).
- ``beat:WORKER``: a key each worker renews; a worker whose key has expired (killed, machine
  gone) is dead, and anything it had taken goes back to the queue (`_REAP`).
- ``gate:HOST``: when a host may next be asked (``DOWNLOAD_DELAY``, the newsroom's
  ``crawl_delay``), for every worker at once.

A worker hands in what it took when its crawl ends: its stories are then written. Until then a
worker that dies loses nothing: the pages it had taken, read or not, are fetched again by
another (a story written twice is the same row: writes are upserts). A crawl ends when its
queue is empty and every worker in it is idle.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import socket
import threading
import time
import uuid
import weakref
from collections.abc import AsyncIterator, Mapping
from dataclasses import asdict
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, ClassVar
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.utils.asyncio import sleep
from scrapy.utils.request import request_from_dict

from crawler.core import clock
from crawler.core.stats import DATABASE_ERROR
from storage.runs import RunOutcome

if TYPE_CHECKING:
    from typing import Self

    import redis
    from scrapy import Spider
    from scrapy.crawler import Crawler

__all__ = [
    "Crawls",
    "SharedCrawl",
    "SharedScheduler",
    "SharedStart",
    "connect",
    "merge_outcomes",
    "worker_name",
]

logger = logging.getLogger(__name__)

#: Seconds a crawl's keys stay in Redis after it ended (its seen-set: what it fetched).
KEEP_ENDED = 24 * 3600
#: How far apart the crawler machines' clocks may be.
CLOCK_SKEW = timedelta(minutes=5)

_PUSH = """
local fresh = redis.call('SADD', KEYS[1], ARGV[1])
if fresh == 0 and ARGV[5] == '1' then return 0 end
local n = redis.call('INCR', KEYS[2])
local id = n .. '@' .. ARGV[4]
redis.call('HSET', KEYS[4], id, ARGV[3])
redis.call('ZADD', KEYS[3], -tonumber(ARGV[2]) * 1e9 + n, id)
return 1
"""

# KEYS: queue, reqs, taken (mine), idle, workers. ARGV: me.
_POP = """
local head = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #head == 0 then return false end
local id, score = head[1], head[2]
redis.call('ZREM', KEYS[1], id)
redis.call('ZADD', KEYS[3], score, id)
redis.call('HSET', KEYS[4], ARGV[1], '0')
redis.call('SADD', KEYS[5], ARGV[1])
return redis.call('HGET', KEYS[2], id)
"""

# KEYS: gate:HOST. ARGV: delay in ms. 0 when a request to the host may go now (the next one
# then waits the delay), else the milliseconds to wait; on Redis's clock, the same for every
# machine.
_GATE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local after = tonumber(redis.call('GET', KEYS[1]) or '0')
if now < after then return after - now end
redis.call('SET', KEYS[1], now + tonumber(ARGV[1]), 'PX', tonumber(ARGV[1]) + 60000)
return 0
"""

# What a dead worker (its beat key expired) had taken goes back to the queue, at its place.
_REAP_FUNCTION = """
local function reap(workers, queue, idle, taken_prefix, beat_prefix)
  local moved = 0
  for _, w in ipairs(redis.call('SMEMBERS', workers)) do
    if redis.call('EXISTS', beat_prefix .. w) == 0 then
      local taken = taken_prefix .. w
      local items = redis.call('ZRANGE', taken, 0, -1, 'WITHSCORES')
      for i = 1, #items, 2 do
        redis.call('ZADD', queue, items[i + 1], items[i])
        moved = moved + 1
      end
      redis.call('DEL', taken)
      redis.call('SREM', workers, w)
      redis.call('HDEL', idle, w)
    end
  end
  return moved
end
"""

# KEYS: workers, queue, idle. ARGV: taken prefix, beat prefix.
_REAP = _REAP_FUNCTION + "return reap(KEYS[1], KEYS[2], KEYS[3], ARGV[1], ARGV[2])"

# KEYS: workers, queue, idle. ARGV: me, taken prefix, beat prefix. {1 when the crawl is over
# (nothing queued, and every live worker in it idle), requests of dead workers queued again}.
_IDLE = (
    _REAP_FUNCTION
    + """
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[3], ARGV[1], '1')
local moved = reap(KEYS[1], KEYS[2], KEYS[3], ARGV[2], ARGV[3])
if redis.call('ZCARD', KEYS[2]) > 0 then return {0, moved} end
for _, w in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if redis.call('HGET', KEYS[3], w) ~= '1' then return {0, moved} end
end
return {1, moved}
"""
)

# KEYS: workers, idle, taken (mine), queue, left. ARGV: me, requeue ('1': put back what I
# took). 1 when the last worker left an empty queue. A worker that finished its part is kept in
# ``left``: the crawl's run record waits for its counts.
_LEAVE = """
if ARGV[2] == '1' then
  local items = redis.call('ZRANGE', KEYS[3], 0, -1, 'WITHSCORES')
  for i = 1, #items, 2 do redis.call('ZADD', KEYS[4], items[i + 1], items[i]) end
else
  redis.call('SADD', KEYS[5], ARGV[1])
end
redis.call('DEL', KEYS[3])
redis.call('SREM', KEYS[1], ARGV[1])
redis.call('HDEL', KEYS[2], ARGV[1])
if redis.call('SCARD', KEYS[1]) == 0 and redis.call('ZCARD', KEYS[4]) == 0 then return 1 end
return 0
"""


# KEYS: open:NEWSROOM, crawl:ID, crawls. ARGV: id, newsroom, opened (ISO), opened (score).
_OPEN = """
if redis.call('SET', KEYS[1], ARGV[1], 'NX') == false then return 0 end
redis.call('HSET', KEYS[2], 'newsroom', ARGV[2], 'run', ARGV[1], 'opened', ARGV[3])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[1])
return 1
"""


def connect(url: str) -> redis.Redis:
    """A client of the Redis server at ``url`` (``redis://host:port/db``,
    ``unix:///path/redis.sock``)."""
    import redis

    return redis.Redis.from_url(url, socket_timeout=30, socket_connect_timeout=10)


def _text(value: Any) -> str:
    """A Redis reply as text (the client answers bytes)."""
    return value.decode() if isinstance(value, bytes) else str(value)


def worker_name() -> str:
    """This process as the other workers see it: host, process id and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Crawls:
    """The open crawls of one Redis: opened by `newsroom enqueue`, joined by the workers."""

    def __init__(self, client: redis.Redis, prefix: str = "newsroom") -> None:
        self.client = client
        self.prefix = prefix

    def open(self, newsroom: str) -> str | None:
        """Open a crawl of ``newsroom``: its id (also its run's), or None when one is open."""
        crawl = str(uuid.uuid4())
        now = clock.now()
        keys = [f"{self.prefix}:open:{newsroom}", f"{self.prefix}:crawl:{crawl}"]
        keys.append(f"{self.prefix}:crawls")
        args: list[str | float] = [crawl, newsroom, now.isoformat(), now.timestamp()]
        return crawl if self.client.register_script(_OPEN)(keys=keys, args=args) else None

    def listed(self) -> list[tuple[str, str]]:
        """The open crawls, oldest first: (crawl id, newsroom)."""
        crawls = [_text(c) for c in self.client.zrange(f"{self.prefix}:crawls", 0, -1)]
        pipe = self.client.pipeline()
        for crawl in crawls:
            pipe.hget(f"{self.prefix}:crawl:{crawl}", "newsroom")
        return [(c, _text(n)) for c, n in zip(crawls, pipe.execute(), strict=True) if n]

    def open_of(self, newsroom: str) -> str | None:
        """The id of the open crawl of ``newsroom``, if any."""
        crawl = self.client.get(f"{self.prefix}:open:{newsroom}")
        return _text(crawl) if crawl else None

    def abandoned(self, crawl: str, ttl: float) -> tuple[bool, bool]:
        """Whether no live worker is left in ``crawl`` (what dead ones had taken is queued
        again first), and whether anything is queued: a crawl whose last workers died, or
        stopped with requests to put back, waits for a worker to take it up again."""
        shared = SharedCrawl(self.client, self.prefix, crawl, "", ttl)
        shared.reap()
        pipe = self.client.pipeline()
        pipe.scard(shared.keys["workers"])
        pipe.zcard(shared.keys["queue"])
        working, queued = pipe.execute()
        return working == 0, queued > 0

    def end(self, crawl: str) -> None:
        """The crawl is over: off the list, its queue gone, its other keys kept a day."""
        newsroom = self.client.hget(f"{self.prefix}:crawl:{crawl}", "newsroom")
        pipe = self.client.pipeline()
        pipe.zrem(f"{self.prefix}:crawls", crawl)
        if newsroom and self.open_of(_text(newsroom)) == crawl:
            pipe.delete(f"{self.prefix}:open:{_text(newsroom)}")
        pipe.hset(f"{self.prefix}:crawl:{crawl}", "ended", clock.now().isoformat())
        pipe.expire(f"{self.prefix}:crawl:{crawl}", KEEP_ENDED)
        base = f"{self.prefix}:c:{crawl}"
        pipe.delete(f"{base}:queue", f"{base}:reqs", f"{base}:idle")
        for name in ("seen", "seq", "workers", "outcomes", "left"):
            pipe.expire(f"{base}:{name}", KEEP_ENDED)
        pipe.execute()


class SharedCrawl:
    """One worker's part in one shared crawl: the Redis side of `SharedScheduler`,
    `SharedStart` and the run record (`crawler.components.recording`)."""

    _of: ClassVar[weakref.WeakKeyDictionary[Crawler, SharedCrawl]] = weakref.WeakKeyDictionary()

    def __init__(
        self, client: redis.Redis, prefix: str, crawl: str, worker: str, ttl: float
    ) -> None:
        self.client = client
        self.prefix = prefix
        self.crawl = crawl
        self.worker = worker
        self.ttl_ms = max(1000, int(ttl * 1000))
        base = f"{prefix}:c:{crawl}"
        self.keys = {
            name: f"{base}:{name}"
            for name in (
                "queue",
                "reqs",
                "seen",
                "seq",
                "workers",
                "idle",
                "outcomes",
                "left",
            )
        }
        self.taken_prefix = f"{base}:taken:"
        self.beat_prefix = f"{prefix}:beat:"
        self.gate_prefix = f"{prefix}:gate:"
        self.joined = False
        self._beating: threading.Event | None = None
        #: Whether this worker was the last to leave the crawl (`leave`).
        self.last = False
        #: Whether this worker handed in what it took (its stories are written), or put it
        #: back (`leave`): its counts then are not its part done.
        self.handed_in = False
        self._push = client.register_script(_PUSH)
        self._pop = client.register_script(_POP)
        self._gate = client.register_script(_GATE)
        self._reap = client.register_script(_REAP)
        self._idle = client.register_script(_IDLE)
        self._leave = client.register_script(_LEAVE)

    @classmethod
    def of(cls, crawler: Crawler) -> SharedCrawl:
        """The shared crawl of ``crawler`` (``DISTRIBUTED_CRAWL``), one per crawler."""
        shared = cls._of.get(crawler)
        if shared is None:
            settings = crawler.settings
            shared = cls(
                connect(settings["REDIS_URL"]),
                settings.get("REDIS_PREFIX") or "newsroom",
                settings["DISTRIBUTED_CRAWL"],
                settings.get("DISTRIBUTED_WORKER") or worker_name(),
                settings.getfloat("DISTRIBUTED_WORKER_TTL", 30.0),
            )
            cls._of[crawler] = shared
        return shared

    @property
    def taken(self) -> str:
        return self.taken_prefix + self.worker

    def join(self) -> None:
        """Take part in the crawl (again: nothing changes)."""
        if not self.joined:
            self.joined = True
            self.beat()
            pipe = self.client.pipeline()
            pipe.sadd(self.keys["workers"], self.worker)
            pipe.hset(self.keys["idle"], self.worker, "0")
            pipe.execute()

    def read_since(self) -> datetime | None:
        """From when pages may have been read by this crawl's workers: its opening, less
        `CLOCK_SKEW` (the machines' clocks wrote when they fetched them)."""
        opened = self.client.hget(f"{self.prefix}:crawl:{self.crawl}", "opened")
        return datetime.fromisoformat(_text(opened)) - CLOCK_SKEW if opened else None

    def beat(self) -> None:
        """Say this worker is alive, for ``DISTRIBUTED_WORKER_TTL`` seconds."""
        self.client.set(self.beat_prefix + self.worker, "1", px=self.ttl_ms)

    def start_beating(self) -> None:
        """Beat every third of the time to live, from a thread of its own: a reactor busy
        for a while (a long database write) is not a dead worker."""
        if self._beating is not None:
            return
        stop = self._beating = threading.Event()

        def beats() -> None:
            while not stop.wait(self.ttl_ms / 3000):
                try:
                    self.beat()
                except Exception as exc:  # Redis away: the next beat tries again
                    logger.warning("Heartbeat not sent: %(error)s", {"error": exc})

        threading.Thread(target=beats, name=f"beat-{self.crawl[:8]}", daemon=True).start()

    def stop_beating(self) -> None:
        if self._beating is not None:
            self._beating.set()

    def push(self, blob: bytes, fingerprint: str, priority: int, host: str, filter: bool) -> bool:
        """Queue a request: False when ``filter`` and this crawl has seen its fingerprint."""
        keys = [self.keys[k] for k in ("seen", "seq", "queue", "reqs")]
        args: list[bytes | str | int] = [fingerprint, priority, blob, host, "1" if filter else "0"]
        return bool(self._push(keys=keys, args=args))

    def pop(self) -> bytes | None:
        """The next request's pickle, taken by this worker; None when the queue is empty."""
        keys = [self.keys["queue"], self.keys["reqs"], self.taken, self.keys["idle"]]
        keys.append(self.keys["workers"])
        blob = self._pop(keys=keys, args=[self.worker])
        return bytes(blob) if blob else None

    def gate(self, host: str, delay: float) -> float:
        """0 when a request to ``host`` may go now (the next, from any worker, waits
        ``delay`` seconds), else the seconds to wait before asking again."""
        wait = self._gate(keys=[self.gate_prefix + host], args=[int(delay * 1000)])
        return int(wait) / 1000

    def queued(self) -> int:
        return int(self.client.zcard(self.keys["queue"]))

    def reap(self) -> int:
        """Put back in the queue what dead workers had taken; how many requests."""
        keys = [self.keys["workers"], self.keys["queue"], self.keys["idle"]]
        return self._reaped(int(self._reap(keys=keys, args=[self.taken_prefix, self.beat_prefix])))

    def idle(self) -> bool:
        """Say this worker has nothing to do (dead workers are reaped first); whether the
        whole crawl is over."""
        keys = [self.keys["workers"], self.keys["queue"], self.keys["idle"]]
        args = [self.worker, self.taken_prefix, self.beat_prefix]
        over, moved = self._idle(keys=keys, args=args)
        self._reaped(int(moved))
        return bool(over)

    def _reaped(self, moved: int) -> int:
        if moved:
            logger.warning(
                "Shared crawl %(crawl)s: %(n)d requests of a dead worker queued again",
                {"crawl": self.crawl[:8], "n": moved},
            )
        return moved

    def leave(self, requeue: bool) -> bool:
        """Leave the crawl, handing in what this worker took (or, when ``requeue``, putting
        it back); whether it was the last and the crawl is over (then it ends it)."""
        keys = [self.keys["workers"], self.keys["idle"], self.taken, self.keys["queue"]]
        keys.append(self.keys["left"])
        self.handed_in = not requeue
        self.last = bool(self._leave(keys=keys, args=[self.worker, "1" if requeue else "0"]))
        if self.last:
            Crawls(self.client, self.prefix).end(self.crawl)
        return self.last

    def report(self, outcome: RunOutcome, final: bool) -> tuple[RunOutcome, bool]:
        """Keep this worker's counts (``final``: its part is done); every worker's, merged
        (`merge_outcomes`), and whether they are complete: the crawl is over and every worker
        that finished its part has reported it (the run record is then finished)."""
        own = json.dumps({"final": final, **asdict(outcome)}, default=list)
        pipe = self.client.pipeline()
        pipe.hset(self.keys["outcomes"], self.worker, own)
        pipe.hgetall(self.keys["outcomes"])
        pipe.smembers(self.keys["left"])
        pipe.scard(self.keys["workers"])
        pipe.zcard(self.keys["queue"])
        _, everyone, left, working, queued = pipe.execute()
        outcomes = {worker: json.loads(v) for worker, v in everyone.items()}
        finals = {worker for worker, o in outcomes.items() if o.get("final")}
        complete = working == 0 and queued == 0 and set(left) <= finals
        return merge_outcomes(list(outcomes.values())), complete

    def robots(self, netloc: str) -> tuple[int, str, bytes] | None:
        """The robots.txt of ``netloc`` a worker of this crawl fetched: status, URL, body."""
        kept = self.client.hgetall(f"{self.prefix}:c:{self.crawl}:robots:{netloc}")
        if not kept:
            return None
        body = kept[b"body"]
        return int(kept[b"status"]), _text(kept[b"url"]), body if isinstance(body, bytes) else b""

    def claim_robots(self, netloc: str, seconds: float = 30.0) -> bool:
        """Whether this worker fetches ``netloc``'s robots.txt for all (the others wait for
        it, at most ``seconds``: then the claim lapses)."""
        key = f"{self.prefix}:c:{self.crawl}:robots-claim:{netloc}"
        return bool(self.client.set(key, self.worker, nx=True, px=int(seconds * 1000)))

    def keep_robots(self, netloc: str, status: int, url: str, body: bytes) -> None:
        key = f"{self.prefix}:c:{self.crawl}:robots:{netloc}"
        pipe = self.client.pipeline()
        pipe.hset(key, mapping={"status": status, "url": url, "body": body})
        pipe.expire(key, KEEP_ENDED)
        pipe.execute()

    def release_robots(self, netloc: str) -> None:
        """The fetch failed: another worker may try."""
        self.client.delete(f"{self.prefix}:c:{self.crawl}:robots-claim:{netloc}")

    def lock(self, seconds: float = 10.0) -> _Lock:
        """A lock of the crawl's run record: one worker at a time merges and writes it."""
        return _Lock(self.client, f"{self.prefix}:c:{self.crawl}:record", self.worker, seconds)


class _Lock:
    def __init__(self, client: redis.Redis, key: str, owner: str, seconds: float) -> None:
        self.client, self.key, self.owner, self.seconds = client, key, owner, seconds

    def __enter__(self) -> None:
        deadline = time.monotonic() + self.seconds
        while not self.client.set(self.key, self.owner, nx=True, px=int(self.seconds * 1000)):
            if time.monotonic() > deadline:  # its holder died: the write goes on without it
                return
            time.sleep(0.02)

    def __exit__(self, *_: object) -> None:
        if self.client.get(self.key) == self.owner.encode():
            self.client.delete(self.key)


def merge_outcomes(outcomes: list[Mapping[str, Any]]) -> RunOutcome:
    """One crawl's counts from its workers' (each a `RunOutcome` as a dict, with ``final``:
    whether that worker finished its part). Counts add up, a dead or stopped worker's too;
    the status is the crawl's: running until a worker finished its part, then finished when
    the whole crawl fetched pages and stored all it read (as one process's crawl is judged,
    `crawler.components.recording.NewsroomSummary.ok`), else failed."""
    total: dict[str, Any] = {"responses": {}, "counters": {}, "error_lines": []}
    finals = 0
    for outcome in outcomes:
        finals += bool(outcome.get("final"))
        for name, value in outcome.items():
            if name in ("responses", "counters"):
                for key, count in value.items():
                    total[name][key] = total[name].get(key, 0) + int(count)
            elif name == "error_lines":
                total[name].extend(value)
            elif name not in ("final", "status", "finish_reason"):
                total[name] = total.get(name, 0) + int(value)
    if not finals:
        return RunOutcome(status="running", **total)
    broken = sum(total["counters"].get(f"errors/{kind}", 0) for kind in ("storage", "extraction"))
    ok = total.get("pages", 0) > 0 and broken == 0
    return RunOutcome(status="finished" if ok else "failed", finish_reason="finished", **total)


class SharedScheduler:
    """Scrapy's scheduler for a shared crawl (``DISTRIBUTED_CRAWL``): requests go to the
    crawl's queue in Redis, and come from it, whichever worker queued them."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.shared = SharedCrawl.of(crawler)
        settings = crawler.settings
        self.poll = settings.getfloat("DISTRIBUTED_POLL", 0.25)
        self.spider: Spider | None = None
        self._reaped = 0.0
        crawler.signals.connect(self._idle, signals.spider_idle)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def open(self, spider: Spider) -> None:
        self.spider = spider
        self.shared.join()
        self.shared.start_beating()
        # The engine asks its scheduler again every 5 s when it has nothing in hand; a request
        # another worker queued meanwhile (or a host's gate opening) is taken sooner.
        self.crawler.engine._SLOT_HEARTBEAT_INTERVAL = self.poll

    def close(self, reason: str) -> None:
        """Leave the crawl. Scrapy closes a crawler (its part done, or stopped by a signal)
        once the requests in hand are read and their stories written: what this worker took
        is handed in, unless the database refused a write (then it is put back, for another
        worker). A worker killed outright never gets here: its heartbeat lapses instead."""
        stats = self.crawler.stats
        refused = bool(stats is not None and stats.get_value(DATABASE_ERROR))
        last = self.shared.leave(requeue=refused)
        self.shared.stop_beating()
        logger.info(
            "Left shared crawl %(crawl)s (%(reason)s)%(back)s%(last)s",
            {
                "crawl": self.shared.crawl[:8],
                "reason": reason,
                "back": ", its requests put back" if refused else "",
                "last": ", the last worker: it is over" if last else "",
            },
        )

    def has_pending_requests(self) -> bool:
        return self.shared.queued() > 0

    def __len__(self) -> int:
        return self.shared.queued()

    def enqueue_request(self, request: Request) -> bool:
        fingerprint = self.crawler.request_fingerprinter.fingerprint(request).hex()
        blob = pickle.dumps(request.to_dict(spider=self.spider), protocol=pickle.HIGHEST_PROTOCOL)
        host = urlsplit(request.url).netloc
        queued = self.shared.push(
            blob, fingerprint, request.priority, host, filter=not request.dont_filter
        )
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value("scheduler/enqueued/redis" if queued else "dupefilter/filtered")
        return queued

    def next_request(self) -> Request | None:
        now = time.monotonic()
        if now - self._reaped > 1.0:  # at most once a second: a dead worker's pages back
            self._reaped = now
            self.shared.reap()
        popped = self.shared.pop()
        if popped is None:
            return None
        request = request_from_dict(pickle.loads(popped), spider=self.spider)
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value("scheduler/dequeued/redis")
        return request

    def _idle(self, spider: Spider) -> None:
        """The engine has nothing in hand: the crawl ends only when no worker has (and not
        while Redis cannot say)."""
        try:
            over = self.shared.idle()
        except Exception as exc:
            logger.error(
                "Shared crawl %(crawl)s: %(error)s", {"crawl": self.shared.crawl[:8], "error": exc}
            )
            raise DontCloseSpider from exc
        if not over:
            raise DontCloseSpider


class SharedGate:
    """Downloader middleware, the last before the download: in a shared crawl, requests to a
    host leave ``DISTRIBUTED_DELAY`` seconds apart (the newsroom's ``crawl_delay``, else
    ``DOWNLOAD_DELAY``), whichever worker sends them. After robots.txt and retries: a request
    held there waits its turn again."""

    def __init__(self, crawler: Crawler, delay: float) -> None:
        self.shared = SharedCrawl.of(crawler)
        self.delay = delay

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        settings = crawler.settings
        delay = settings.getfloat("DISTRIBUTED_DELAY")
        if not settings.get("DISTRIBUTED_CRAWL") or delay <= 0:
            raise NotConfigured  # silently: not a shared crawl, or no delay
        return cls(crawler, delay)

    async def process_request(self, request: Request, spider: Spider | None = None) -> None:
        host = urlsplit(request.url).netloc
        while (wait := self.shared.gate(host, self.delay)) > 0:
            await sleep(wait)


class SharedStart:
    """Spider middleware: in a shared crawl every worker's start requests go through the
    crawl's seen-set (Scrapy's are exempt from its duplicate filter), so they are queued once,
    by whichever worker sends them first, and a worker that dies while sending them leaves
    the rest to the others."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.get("DISTRIBUTED_CRAWL"):
            raise NotConfigured  # silently: not a shared crawl
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for item_or_request in start:
            if isinstance(item_or_request, Request) and item_or_request.dont_filter:
                yield item_or_request.replace(dont_filter=False)
            else:
                yield item_or_request

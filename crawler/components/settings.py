"""Scrapy settings for Newsroom Monitor; the one place environment variables are read.

Layers, lowest first: Scrapy's defaults < this module < a spider's own < the command line
(``-s KEY=VALUE``, ``--db``, ``--newsrooms``). Environment variables:

- ``NEWSROOM_DB``: database URL (default: the SQLite file ``data/newsroom.sqlite3``)
- ``NEWSROOM_NEWSROOMS``: the newsrooms file (default: ``newsrooms.toml``)
- ``NEWSROOM_USER_AGENT``: the User-Agent sent to newsrooms
- ``NEWSROOM_FEEDS_DIR``: where ``newsroom crawl`` writes feed files (default: ``data/feeds``)
- ``NEWSROOM_LOG_DIR``: one log file per crawl run (default: ``data/logs``)
- ``NEWSROOM_METRICS_FILE``: Prometheus text metrics after each run (default: ``data/metrics.prom``)
- ``NEWSROOM_REDIS``: the Redis server of shared crawls (``newsroom worker``, ``newsroom enqueue``)
"""

from __future__ import annotations

import os

BOT_NAME = "newsroom-monitor"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
COMMANDS_MODULE = "crawler.components.commands"  # `scrapy crawl`: a config error is one line

DATABASE_URL = os.environ.get("NEWSROOM_DB") or "sqlite:///data/newsroom.sqlite3"
NEWSROOMS_FILE = os.environ.get("NEWSROOM_NEWSROOMS") or "newsrooms.toml"
FEEDS_DIR = os.environ.get("NEWSROOM_FEEDS_DIR") or "data/feeds"

USER_AGENT = os.environ.get("NEWSROOM_USER_AGENT") or (
    "NewsroomMonitor/0.1 (+https://github.com/newsroom-monitor/newsroom-monitor)"
)
ROBOTSTXT_OBEY = True

# Newsrooms are small servers: few parallel requests per host, and back off when slow.
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.5
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
# Links read from one page, in document order; the rest are counted (links/over_limit): each
# costs a parse, and an index of 150,000 links would hold up the crawl for seconds.
LINKS_PER_PAGE_MAX = 2000
RETRY_ENABLED = True
RETRY_TIMES = 2
# 5xx, 408, 429 and timeouts are retried after RETRY_BACKOFF_BASE seconds, then twice as long
# (at most RETRY_BACKOFF_MAX): see crawler.components.retry.
RETRY_BACKOFF_BASE = 2.0
RETRY_BACKOFF_MAX = 60.0
# A request that fails for good is one WARNING line of the spider ("Fetch failed", counted as
# an error of the run); Scrapy's "Gave up retrying" line stays in the run log only.
RETRY_GIVE_UP_LOG_LEVEL = "INFO"
REDIRECT_MAX_TIMES = 5
# A body shorter than its Content-Length (a server that closed mid-page) is a failed download,
# retried, never a partial page stored as a story: keep Scrapy's default.
DOWNLOAD_FAIL_ON_DATALOSS = True
DEPTH_PRIORITY = 1  # breadth first: newest stories sit near the start pages
# A family's link patterns are hints, not gates: links they do not name (a site that moved its
# stories) are followed too, after the family's own, up to HINT_DEPTH links from the start pages
# (0: never); 3 is as deep as the generic spider goes (its DEPTH_LIMIT), so a family never sees
# less of a site than the generic reading would. Extraction reads those pages as it reads a
# generic newsroom's.
HINT_DEPTH = 3
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"

# Fetch stored stories again to see updates and removals: those first seen in the last
# RECHECK_DAYS, each again after RECHECK_FACTOR of its age (at least RECHECK_LEAST_HOURS, at
# most RECHECK_MOST_DAYS apart), at most RECHECK_MAX per newsroom and crawl, most overdue first.
RECHECK_DAYS = 30
RECHECK_FACTOR = 0.25
RECHECK_LEAST_HOURS = 1.0
RECHECK_MOST_DAYS = 7.0
RECHECK_MAX = 200

# Re-crawls (crawler.components.conditional): known pages are asked for with If-None-Match and
# If-Modified-Since; listings, feeds and sitemaps are fetched without them every
# FULL_FETCH_HOURS (a stale validator cannot hide news). BACKFILL (`newsroom crawl
# --backfill`) walks whole archives and reads every page again.
FULL_FETCH_HOURS = 24.0
BACKFILL = False
DOWNLOADER_MIDDLEWARES = {
    # Every request, redirects and robots.txt included, stays on its newsroom's hosts (http and
    # https only); Scrapy's own lets through dont_filter requests and subdomains.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "crawler.components.offsite.NewsroomHosts": 50,
    # Sees 3xx before Redirect (600): a loop or a chain past REDIRECT_MAX_TIMES is a crawl error.
    "crawler.components.offsite.RedirectBounds": 610,
    # After HttpCompression (590) and Redirect (600) on the way in: it sees final bodies.
    "crawler.components.conditional.ConditionalRequests": 580,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.components.retry.BackoffRetry": 550,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.components.robots.RobotsTxtForAll": 100,
    # A shared crawl's per-host delay, across workers (crawler.components.distributed): last.
    "crawler.components.distributed.SharedGate": 990,
}

# Crawls shared by workers on several machines (crawler.components.distributed, `newsroom
# worker`, `newsroom enqueue`): the Redis server (NEWSROOM_REDIS) and the prefix of its keys. A
# worker whose heartbeat is older than DISTRIBUTED_WORKER_TTL seconds is dead: what it had
# taken is queued again. An idle worker asks the shared queue every DISTRIBUTED_POLL seconds.
REDIS_URL = os.environ.get("NEWSROOM_REDIS") or ""
REDIS_PREFIX = "newsroom"
DISTRIBUTED_WORKER_TTL = 30.0
DISTRIBUTED_POLL = 0.25
# In a shared crawl only its first worker sends the start requests.
SPIDER_MIDDLEWARES = {"crawler.components.distributed.SharedStart": 10}

# Every crawl, by `newsroom crawl` or `scrapy crawl`, writes its crawl_run rows
# (crawler.components.recording).
EXTENSIONS = {"crawler.components.recording.RunRecording": 100}

# Worker processes that read fetched pages (crawler.components.workers): one per core; 0 reads
# them on the reactor thread (for a debugger).
EXTRACTION_PROCESSES = os.cpu_count() or 1
# Seconds a worker may read one page before it is killed and the page counted as an extraction
# error (0: no limit; pages read on the reactor thread have none).
EXTRACTION_TIMEOUT = 60

ITEM_PIPELINES = {
    "crawler.components.pipelines.ExtractionPipeline": 300,
    "crawler.components.pipelines.StoragePipeline": 500,
}

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
TELNETCONSOLE_ENABLED = False

# Offline crawls (the demo, the tests): {real origin: loopback origin}; see
# crawler.components.loopback.
LOOPBACK_ORIGINS: dict[str, str] = {}
ADDONS = {"crawler.components.loopback.LoopbackAddon": 0}

# The scheduler (`newsroom schedule`, scheduler/); SCHEDULE_, as Scrapy's own SCHEDULER_*
# settings are its request queue. At most SCHEDULE_MAX_CRAWLS crawls at once; a crawl that
# cannot start within SCHEDULE_MISFIRE_GRACE seconds of its time is skipped to its next one.
# Each run time moves up to SCHEDULE_JITTER of the interval later, at most SCHEDULE_JITTER_MAX
# seconds. A stop waits SCHEDULE_STOP_GRACE seconds for running crawls, then kills them.
# SCHEDULE_CRAWL_COMMAND (a JSON list or a shell line with {newsroom}, {log_file}, {python})
# replaces `python -m crawler.cli crawl --only {newsroom} --log-file {log_file}`.
SCHEDULE_MAX_CRAWLS = 2
SCHEDULE_MISFIRE_GRACE = 15 * 60
SCHEDULE_JITTER = 0.1
SCHEDULE_JITTER_MAX = 5 * 60
SCHEDULE_STOP_GRACE = 60
SCHEDULE_CRAWL_COMMAND = ""

# Ops records (crawler.run.runlog, crawler.reports.metrics, `newsroom runs` and `health`): each
# crawl writes one log file in LOG_DIR (NEWSROOM_LOG_DIR), deletes the run logs there older than
# LOG_KEEP_DAYS (0 keeps them all), and rewrites the Prometheus text file METRICS_FILE
# (NEWSROOM_METRICS_FILE; empty: none). An interactive crawl prints its progress every
# PROGRESS_INTERVAL seconds.
LOG_DIR = os.environ.get("NEWSROOM_LOG_DIR") or "data/logs"
# A running crawl's counts are written to its crawl_run row every RUN_RECORD_INTERVAL seconds
# (0: only at its end), so a crawl killed mid-way leaves how far it got.
RUN_RECORD_INTERVAL = 30.0
LOG_KEEP_DAYS = 30
METRICS_FILE = os.environ.get("NEWSROOM_METRICS_FILE") or "data/metrics.prom"
PROGRESS_INTERVAL = 5.0

# The feed server (`newsroom serve`, server/). Feeds say `Cache-Control: public,
# max-age=SERVE_MAX_AGE`; the SERVE_FEED_CACHE feeds rendered last are kept in memory, with
# their gzip, by ETag (0: none); a feed's `q` looks through the newest SERVE_SEARCH_DEPTH
# stories (0: all; each costs a read of its text); other responses of SERVE_GZIP_MIN_SIZE
# bytes or more are gzipped for clients that ask.
SERVE_MAX_AGE = 300
SERVE_FEED_CACHE = 32
SERVE_SEARCH_DEPTH = 10_000
SERVE_GZIP_MIN_SIZE = 1024
# Slow clients: a connection must send a request's headers within SERVE_HEADER_TIMEOUT seconds
# of opening (or of its last response), an idle keep-alive connection is closed after
# SERVE_KEEP_ALIVE seconds, and one that leaves its response unread for SERVE_SEND_TIMEOUT
# seconds is dropped (0: no deadline). Beyond SERVE_MAX_CONNECTIONS open connections a request
# is answered 503 (0: no bound).
SERVE_HEADER_TIMEOUT = 10.0
SERVE_KEEP_ALIVE = 5
SERVE_SEND_TIMEOUT = 30.0
SERVE_MAX_CONNECTIONS = 200

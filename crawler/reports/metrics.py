"""Prometheus text metrics of the crawl, a pure render of the ``crawl_run`` rows and stories.

`newsroom crawl` writes them atomically to ``METRICS_FILE`` after each run (for node_exporter's
textfile collector, or any scraper that reads a file); ``newsroom metrics`` prints them.
Counters add up every recorded run, so they only grow while run records are kept.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from storage.runs import CrawlRuns, RunRecord, RunTotals

__all__ = ["MetricsData", "collect", "render_metrics", "write_metrics"]

STORY_KINDS = ("new", "updated", "duplicate", "unchanged", "gone")
Sample = tuple[dict[str, str], float]


@dataclass(frozen=True)
class MetricsData:
    """What the metrics are made of: rows in, text out."""

    last: Mapping[str, RunRecord]  # each newsroom's newest completed run
    totals: Mapping[str, RunTotals]
    stored: Mapping[str, tuple[int, int]]  # newsroom -> (stored stories, of which gone)


def collect(runs: CrawlRuns) -> MetricsData:
    return MetricsData(runs.last_completed(), runs.totals(), runs.stored_stories())


def render_metrics(data: MetricsData) -> str:
    """The Prometheus text exposition format (version 0.0.4) of ``data``."""
    keys = sorted(set(data.last) | set(data.totals) | set(data.stored))
    out: list[str] = []

    def family(name: str, kind: str, help_: str, samples: Iterable[Sample]) -> None:
        lines = [f"{name}{_labels(labels)} {_number(value)}" for labels, value in samples]
        if lines:
            out.extend([f"# HELP {name} {help_}", f"# TYPE {name} {kind}", *lines])

    last = [(k, data.last[k]) for k in keys if k in data.last]
    totals = [(k, data.totals[k]) for k in keys if k in data.totals]
    family(
        "newsroom_last_run_timestamp_seconds",
        "gauge",
        "When the newsroom's last completed crawl ended (Unix time).",
        (({"newsroom": k}, (r.finished_at or r.started_at).timestamp()) for k, r in last),
    )
    family(
        "newsroom_last_run_success",
        "gauge",
        "1 when the newsroom's last completed crawl finished well, else 0.",
        (({"newsroom": k}, float(r.status == "finished")) for k, r in last),
    )
    family(
        "newsroom_last_run_duration_seconds",
        "gauge",
        "How long the newsroom's last completed crawl ran.",
        (({"newsroom": k}, r.seconds) for k, r in last if r.seconds is not None),
    )
    family(
        "newsroom_last_run_stories",
        "gauge",
        "Stories (new, updated, duplicate, unchanged) the newsroom's last completed crawl saw.",
        (({"newsroom": k}, float(r.stories)) for k, r in last),
    )
    family(
        "newsroom_runs_total",
        "counter",
        "Crawls of the newsroom, by how they ended (running: not yet).",
        (
            ({"newsroom": k, "status": status}, float(count))
            for k, t in totals
            for status, count in sorted(t.runs.items())
        ),
    )
    family(
        "newsroom_requests_total",
        "counter",
        "Requests the newsroom's crawls sent.",
        (({"newsroom": k}, float(t.requests)) for k, t in totals),
    )
    family(
        "newsroom_responses_total",
        "counter",
        "Responses the newsroom's crawls received, by HTTP status.",
        (
            ({"newsroom": k, "code": code}, float(count))
            for k, t in totals
            for code, count in sorted(t.responses.items())
        ),
    )
    family(
        "newsroom_pages_total",
        "counter",
        "Pages the newsroom's crawls fetched.",
        (({"newsroom": k}, float(t.pages)) for k, t in totals),
    )
    family(
        "newsroom_stories_total",
        "counter",
        "Stories the newsroom's crawls saw, by kind (new, updated, duplicate, unchanged, gone).",
        (
            ({"newsroom": k, "kind": kind}, float(t.stories.get(kind, 0)))
            for k, t in totals
            for kind in STORY_KINDS
        ),
    )
    family(
        "newsroom_errors_total",
        "counter",
        "Errors of the newsroom's crawls (fetch, extraction, storage).",
        (({"newsroom": k}, float(t.errors)) for k, t in totals),
    )
    family(
        "newsroom_response_bytes_total",
        "counter",
        "Bytes the newsroom's crawls downloaded.",
        (({"newsroom": k}, float(t.bytes)) for k, t in totals),
    )
    family(
        "newsroom_stored_stories",
        "gauge",
        "Stories stored that the newsroom showed first.",
        (({"newsroom": k}, float(data.stored[k][0])) for k in keys if k in data.stored),
    )
    family(
        "newsroom_gone_stories",
        "gauge",
        "Stored stories of the newsroom whose page now answers 404 or 410.",
        (({"newsroom": k}, float(data.stored[k][1])) for k in keys if k in data.stored),
    )
    return "\n".join(out) + "\n" if out else ""


def write_metrics(runs: CrawlRuns, path: Path) -> None:
    """Render the metrics of ``runs``' database and replace ``path`` with them, atomically."""
    from crawler.core.files import write_atomic

    write_atomic(path, render_metrics(collect(runs)).encode("utf-8"))


def _labels(labels: Mapping[str, str]) -> str:
    return "{" + ",".join(f'{name}="{_escape(value)}"' for name, value in labels.items()) + "}"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def _number(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    return str(int(value)) if value.is_integer() and abs(value) < 2**53 else repr(value)

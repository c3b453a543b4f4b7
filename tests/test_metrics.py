"""The Prometheus metrics: the file a crawl writes parses strictly and adds up the ``crawl_run``
rows of the ops crawls (``newsroom metrics`` prints the same), and label values are escaped."""

from __future__ import annotations

import pytest

from crawler.reports.metrics import MetricsData, render_metrics
from tests.support.cli import invoke
from tests.support.prometheus import parse_metrics, value
from tests.support.run_records import BROKEN, HQ, OpsCrawls, records


@pytest.mark.crawl
def test_the_metrics_file_parses_and_adds_up_the_rows(ops_crawls: OpsCrawls) -> None:
    samples = parse_metrics(ops_crawls.metrics.read_text(encoding="utf-8"))
    rows = records(ops_crawls.url)
    last_hq = rows[-1]
    assert value(samples, "newsroom_last_run_success", newsroom=HQ) == 1
    assert value(samples, "newsroom_last_run_success", newsroom=BROKEN) == 0
    assert value(samples, "newsroom_last_run_stories", newsroom=HQ) == 0
    assert value(samples, "newsroom_last_run_timestamp_seconds", newsroom=HQ) == pytest.approx(
        last_hq.finished_at.timestamp()  # type: ignore[union-attr]
    )
    assert value(samples, "newsroom_runs_total", newsroom=HQ, status="finished") == 2
    assert value(samples, "newsroom_runs_total", newsroom=BROKEN, status="failed") == 1
    for key in (HQ, BROKEN):
        mine = [r for r in rows if r.newsroom == key]
        assert value(samples, "newsroom_requests_total", newsroom=key) == sum(
            r.requests for r in mine
        )
        assert value(samples, "newsroom_errors_total", newsroom=key) == sum(r.errors for r in mine)
        assert value(samples, "newsroom_pages_total", newsroom=key) == sum(r.pages for r in mine)
    assert value(samples, "newsroom_stories_total", newsroom=HQ, kind="new") == 15
    assert value(samples, "newsroom_responses_total", newsroom=HQ, code="200") == sum(
        r.responses.get("200", 0) for r in rows
    )
    assert value(samples, "newsroom_stored_stories", newsroom=HQ) == 15
    assert invoke("metrics", "--db", ops_crawls.url).output == ops_crawls.metrics.read_text(
        encoding="utf-8"
    )


def test_metrics_escape_label_values_and_write_nothing_for_an_empty_database() -> None:
    assert render_metrics(MetricsData({}, {}, {})) == ""
    text = render_metrics(MetricsData({}, {}, {'a"b\\c\nd': (3, 1)}))
    samples = parse_metrics(text)
    assert value(samples, "newsroom_stored_stories", newsroom='a\\"b\\\\c\\nd') == 3

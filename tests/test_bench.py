"""`python -m bench --smoke`: the one benchmark command runs whole, small, and its table says
what the full run would (README, "Benchmarks"). Timings are not asserted; what was crawled is."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.crawl
def test_the_benchmark_command_prints_and_writes_its_table(tmp_path: Path) -> None:
    out, databases = str(tmp_path / "results"), str(tmp_path / "databases")
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--out", out, "--db-dir", databases],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    (written,) = (tmp_path / "results").glob("*-smoke.md")
    table = written.read_text(encoding="utf-8")
    rows = {m[1]: m[2] for m in re.finditer(r"^\| ([^|]+?) \| ([^|]+?) \|", table, re.M)}
    for label in (
        "ceiling: trafilatura, 1 process",
        "ceiling: extract(), 1 process",
        "ratio: extract() / trafilatura, time per page (1 process)",
        "ratio N=60: end to end / ceiling of extract()",
        "ratio: feed render 5,000 / 200",
    ):
        assert re.fullmatch(r"[\d.]+( pages/s)?", rows[label]), (label, rows.get(label))
    # Every crawl of the 60-story site stored all 60, and the re-crawl of the unchanged site
    # asked with validators and was answered 304.
    crawls = re.findall(r"^\| crawl N=60, .*?(\d+)/60 stories stored", table, re.M)
    assert crawls == ["60", "60"], table
    again = re.search(
        r"^\| re-crawl N=60 unchanged \| (\d+) requests \| (\d+) conditional, "
        r"(\d+) answered 304, .*?, 0 stories new",
        table,
        re.M,
    )
    assert again is not None, table
    requests, conditional, not_modified = map(int, again.groups())
    assert requests <= 5 and conditional == not_modified >= 1
    assert table.strip().endswith("s in all.")
    assert done.stdout.count("\n| ") >= 14

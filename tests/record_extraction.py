"""Record an extraction fixture: run extraction on a page and write the case as JSON.

    python -m tests.record_extraction NAME PAGE --url URL [--family F] [--content-type T]

Writes ``tests/extraction/<family>/<NAME>.json`` with the page path, URL and what
`crawler.extraction.extract` returns now. Read the result before committing it: the fixture
asserts that this output is right.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crawler.core.items import Article, Rejected
from crawler.core.newsrooms import Newsroom, load_newsrooms
from crawler.extraction import extract

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "extraction"
FETCHED_AT = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def newsroom_for(family: str) -> Newsroom:
    """The demo newsroom of a family, or an ad-hoc generic one."""
    from crawler.core.newsrooms import generic_newsroom

    for newsroom in load_newsrooms(
        ROOT / "crawler" / "snapshots" / "demo_sites" / "newsrooms.toml"
    ).values():
        if newsroom.family == family:
            return newsroom
    return generic_newsroom(("en",))


def as_json(result: tuple[Article, ...] | Rejected) -> Any:
    if isinstance(result, Rejected):
        return {"rejected": str(result.reason)}
    # Where each field came from is asserted by tests/test_provenance.py, not by every case.
    articles = [
        {
            **{k: v for k, v in asdict(article).items() if k != "provenance"},
            "published": article.published.isoformat() if article.published else None,
            "updated": article.updated.isoformat() if article.updated else None,
        }
        for article in result
    ]
    return json.loads(json.dumps(articles))  # as the case file holds it: lists, not tuples


def run_case(case: dict[str, Any]) -> Any:
    page = ROOT / case["page"]
    body = page.read_bytes() if page.exists() else case["page"].encode()
    newsroom = newsroom_for(case["family"])
    return as_json(extract(body, case["url"], newsroom, FETCHED_AT, case.get("content_type")))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name")
    parser.add_argument("page", type=Path)
    parser.add_argument("--url", required=True)
    parser.add_argument("--family", default="generic")
    parser.add_argument("--content-type")
    args = parser.parse_args()
    case = {
        "page": str(args.page.resolve().relative_to(ROOT)),
        "url": args.url,
        "family": args.family,
        "content_type": args.content_type,
    }
    case["expected"] = run_case(case)
    target = CASES / args.family / f"{args.name}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(case, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()

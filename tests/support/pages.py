"""Pages made in tests: a story page of prose for a site served on loopback (`story`), and a
stored page grown to megabytes the way real pages grow (`padded`)."""

from __future__ import annotations

import random

from tests.support.loopback_site import Page

#: Words the stories are made of: each story its own draw, so none is another's near-duplicate.
WORDS = [
    "minister",
    "council",
    "summit",
    "defence",
    "alliance",
    "treaty",
    "members",
    "security",
    "talks",
    "agreed",
    "budget",
    "forces",
    "exercise",
    "partners",
    "meeting",
    "foreign",
    "statement",
    "press",
    "region",
    "support",
    "training",
    "mission",
    "cooperation",
    "delegation",
    "visit",
    "capital",
    "leaders",
    "plan",
    "report",
    "energy",
    "cyber",
    "maritime",
    "air",
    "land",
    "command",
    "staff",
    "officers",
    "civil",
    "emergency",
    "response",
    "review",
    "strategy",
    "future",
    "challenges",
]


def story(number: int, title: str) -> Page:
    """Story page ``number`` of a loopback site: ``title``, a dateline and four paragraphs of
    prose drawn from WORDS (the same for the same number)."""
    draw = random.Random(number)
    paragraphs = "".join(
        f"<p>{' '.join(draw.choices(WORDS, k=40)).capitalize()}.</p>" for _ in range(4)
    )
    html = (
        f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>Brussels, 24 November 2026</p>{paragraphs}</article></body></html>"
    )
    return Page(lambda: [html.encode()], headers={"Content-Type": "text/html; charset=utf-8"})


def padded(page: bytes, size: int = 5 * 2**20 + 2**19) -> bytes:
    """A story page grown to ``size`` bytes the way real ones grow: a very long related-links
    box, a commented-out old layout and a huge inline script, all after the story."""
    links = "".join(
        f'<li><a href="/cps/en/natohq/topics_{i}.htm">Related topic {i} of the Alliance</a>'
        f' <span class="date">01 Jan. 2014</span></li>'
        for i in range(8000)
    )
    comment = "<!-- " + "old layout " * 40000 + "-->"
    page = page.replace(b"</aside>", f"<div class='box'><ul>{links}</ul></div></aside>".encode())
    page = page.replace(b"</body>", f"{comment}</body>".encode())
    script = b"<script>var tracking = [];</script>"
    filler = b"tracking.push(1234567);\n" * ((size - len(page) - len(script)) // 24)
    return page.replace(b"</body>", script.replace(b"];", b"];" + filler) + b"</body>")

"""A strict reader of the Prometheus text format (`parse_metrics`), and one sample of what it read
(`value`): for the metrics file of a crawl and ``newsroom metrics``."""

from __future__ import annotations

import re


def parse_metrics(text: str) -> dict[tuple[str, frozenset[tuple[str, str]]], float]:
    """A strict reader of the Prometheus text format: every line must parse."""
    samples = {}
    typed: dict[str, str] = {}
    label = r'[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"'
    sample = re.compile(
        rf"^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{{({label}(?:,{label})*)\}})? "
        r"([-+]?(?:\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|Inf|NaN))$"
    )
    assert text.endswith("\n")
    for line in text.splitlines():
        if match := re.match(r"^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$", line):
            if match[1] == "TYPE":
                assert match[3] in ("counter", "gauge") and match[2] not in typed
                typed[match[2]] = match[3]
            continue
        match = sample.match(line)
        assert match, f"not a sample line: {line!r}"
        assert match[1] in typed, f"{match[1]} has no TYPE"
        labels = frozenset(
            re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"', match[2] or "")
        )
        key = (match[1], labels)
        assert key not in samples, f"{line!r} repeats"
        samples[key] = float(match[3])
    return samples


def value(
    samples: dict[tuple[str, frozenset[tuple[str, str]]], float], name: str, **labels: str
) -> float:
    """The sample ``name`` with exactly ``labels``."""
    return samples[(name, frozenset(labels.items()))]

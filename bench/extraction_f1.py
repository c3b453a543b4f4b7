"""Extraction quality: `newsroom extract --batch` against plain trafilatura on a scored page set.

Usage: ``python bench/extraction_f1.py [DATASET_DIR]`` (default ``../shared/data/extraction-dev``).
The set has ``ground_truth.json`` and ``html/*.html.gz``; scoring follows its README: 4-token
shingles of ``\\w+`` tokens, precision averaged over pages with output, recall over all pages,
F1 of the two averages. Prints one table row per extractor. Its ms/page of ``newsroom extract
--batch`` is the whole batch process over the pages, start-up and imports included (about a
second); `bench/extraction_cost.py` measures the cost of a page against trafilatura's.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "extraction-dev"
TOKEN = re.compile(r"\w+")


def shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = TOKEN.findall(text)
    if not tokens:
        return Counter()
    if len(tokens) < 4:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3))


def score(outputs: dict[str, str], truth: dict[str, dict[str, object]]) -> tuple[float, ...]:
    precisions, recalls = [], []
    for name, record in truth.items():
        reference = shingles("\n\n".join(record["body"]))  # type: ignore[arg-type]
        predicted = shingles(outputs.get(name, ""))
        overlap = sum((reference & predicted).values())
        if predicted:
            precisions.append(overlap / sum(predicted.values()))
        recalls.append(overlap / sum(reference.values()) if reference else 0.0)
    precision = statistics.fmean(precisions) if precisions else 0.0
    recall = statistics.fmean(recalls)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return f1, precision, recall


def run_trafilatura(pages: dict[str, tuple[Path, str]]) -> tuple[dict[str, str], list[float]]:
    import trafilatura

    outputs, times = {}, []
    for name, (path, url) in pages.items():
        html = gzip.decompress(path.read_bytes())
        start = time.perf_counter()
        outputs[name] = trafilatura.extract(html, url=url, include_comments=False) or ""
        times.append(time.perf_counter() - start)
    return outputs, times


def run_newsroom(pages: dict[str, tuple[Path, str]]) -> tuple[dict[str, str], list[float]]:
    jobs = "".join(json.dumps({"path": str(p), "url": u}) + "\n" for p, u in pages.values())
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "crawler.cli", "extract", "--batch"],
        input=jobs,
        capture_output=True,
        text=True,
        check=True,
    )
    elapsed = time.perf_counter() - start
    by_path = {}
    for line in done.stdout.splitlines():
        result = json.loads(line)
        stories = result.get("stories") or ([result] if "text" in result else [])
        by_path[result["path"]] = "\n\n".join(s["text"] for s in stories)
    outputs = {name: by_path.get(str(path), "") for name, (path, _) in pages.items()}
    # One process for the whole batch: report the mean per page, start-up included.
    return outputs, [elapsed / len(pages)] * len(pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", nargs="?", type=Path, default=DEFAULT)
    args = parser.parse_args()
    truth = json.loads((args.dataset / "ground_truth.json").read_text(encoding="utf-8"))
    pages = {name: (args.dataset / "html" / name, rec["url"]) for name, rec in truth.items()}
    extractors: dict[str, Callable[..., tuple[dict[str, str], list[float]]]] = {
        "trafilatura extract(include_comments=False)": run_trafilatura,
        "newsroom extract --batch (generic)": run_newsroom,
    }
    print(f"{len(pages)} pages from {args.dataset}")
    print(f"| {'extractor':<46} | {'F1':>5} | {'P':>5} | {'R':>5} | {'ms/page':>7} |")
    print(f"|{'-' * 48}|{'-' * 7}|{'-' * 7}|{'-' * 7}|{'-' * 9}|")
    for label, run in extractors.items():
        outputs, times = run(pages)
        f1, precision, recall = score(outputs, truth)
        ms = 1000 * statistics.median(times)
        print(f"| {label:<46} | {f1:.3f} | {precision:.3f} | {recall:.3f} | {ms:7.1f} |")
    print("(the batch's ms/page includes its process start-up; per page: bench/extraction_cost.py)")


if __name__ == "__main__":
    main()

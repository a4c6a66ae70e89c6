"""Run LangExtract's WordAligner on quotes given as JSON on stdin (bench/verify_bench.py calls this).

It runs in its own environment (.cache/langextract-venv) because langextract pins an older
tenacity than summarize. Input: {"articles": [str], "grouped": [[article, [quote, ...]]],
"single": [[article, quote], ...], "repeat": int}. Output (stdout, JSON): for each single
quote its alignment status and character span, and the timings of both runs.
"""

from __future__ import annotations

import json
import sys
import time

from langextract.core import data
from langextract.resolver import WordAligner


def align(aligner: WordAligner, source: str, quotes: list[str]) -> list[data.Extraction]:
    groups = [[data.Extraction(extraction_class="quote", extraction_text=quote)] for quote in quotes]
    aligned = aligner.align_extractions(groups, source)  # the defaults: fuzzy alignment on, lesser matches accepted
    return [group[0] for group in aligned]


def main() -> None:
    job = json.load(sys.stdin)
    articles = job["articles"]
    aligner = WordAligner()
    started = time.perf_counter()
    for _ in range(job["repeat"]):
        for article, quotes in job["grouped"]:
            align(aligner, articles[article], quotes)
    grouped_seconds = (time.perf_counter() - started) / job["repeat"]
    results = []
    started = time.perf_counter()
    for article, quote in job["single"]:
        extraction = align(aligner, articles[article], [quote])[0]
        interval = extraction.char_interval
        results.append({
            "status": extraction.alignment_status.value if extraction.alignment_status else None,
            "start": interval.start_pos if interval else None,
            "end": interval.end_pos if interval else None,
        })
    single_seconds = time.perf_counter() - started
    json.dump({"grouped_seconds": grouped_seconds, "single_seconds": single_seconds, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()

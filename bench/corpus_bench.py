"""Benchmark (and acceptance check) of the embedded default on the reference corpus.

    python bench/corpus_bench.py            # measure, write BENCHMARKS.md
    python bench/corpus_bench.py --check    # also fail unless every result is grounded

Reads ../shared/corpus/*.txt when it is there (the corpus is not part of the project).
Measures per article, on the corpus and on the labelled set (bench/labelled): seconds, model
calls, re-asks, emitted vs rejected fields, tokens the model evaluated vs article tokens, and
in the same run one bare read of the article by the same model (its prompt evaluation plus
64 generated tokens), so that pipeline time is reported as a ratio to it. Also locate per tier.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarize import Settings, summarize_article  # noqa: E402
from summarize.backends.client import ModelClient  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def emitted_fields(result) -> int:
    count = len(result.claims) + len(result.summary)
    for event in result.events:
        count += 1 + bool(event.date) + bool(event.location) + len(event.actors) + len(event.quantities)
    return count


def grounding_problems(result) -> list[str]:
    text = result.article.text
    problems = [f"bad evidence {e.start}:{e.end}" for e in result.evidence() if text[e.start:e.end] != e.quote]
    if not result.events:
        problems.append("no verified event field")
    return problems


LABELLED = ROOT / "bench" / "labelled"


def run(paths: list[Path], max_attempts: int, client: ModelClient) -> list[dict]:
    from summarize.article.ingest import ingest

    rows = []
    for path in paths:
        text = ingest(path.read_bytes()).text
        started = time.perf_counter()
        client.bare_read(text)
        bare = time.perf_counter() - started
        started = time.perf_counter()
        result = summarize_article(path.read_bytes(), settings=client.settings.model_copy(
            update={"max_attempts": max_attempts}), client=client)
        rows.append({
            "article": path.name,
            "seconds": time.perf_counter() - started,
            "bare": bare,
            "calls": result.usage.calls,
            "reasks": result.usage.reasks,
            "emitted": emitted_fields(result),
            "rejected": len(result.rejected),
            "prompt_tokens": result.usage.prompt_tokens,
            "article_tokens": result.usage.article_tokens or 0,
            "events": len(result.events),
            "problems": grounding_problems(result),
        })
    return rows


def locate_timings(paths: list[Path]) -> list[str]:
    """`locate` per match tier, side by side on the same quotes: each corpus sentence quoted
    exactly, with changed case/quotes (normalized) and with one typo (fuzzy)."""
    from summarize.article.ingest import ingest
    from summarize.article.language import parse
    from summarize.verify import locate

    cases: dict[str, list[tuple[str, str]]] = {"exact": [], "normalized": [], "fuzzy": []}
    for path in paths:
        text = ingest(path.read_bytes()).text
        for sentence in parse(text).sentences:
            quote = sentence.text
            if len(quote) < 40:
                continue
            cases["exact"].append((quote, text))
            cases["normalized"].append((quote.upper().replace("’", "'"), text))
            middle = len(quote) // 2
            while not quote[middle].isalpha():
                middle += 1
            typo = "x" if quote[middle].lower() != "x" else "y"
            cases["fuzzy"].append((quote[:middle] + typo + quote[middle + 1:], text))
    lines = ["| tier | quotes | found as that tier | µs per locate | vs exact |", "| --- | ---: | ---: | ---: | ---: |"]
    base = None
    for tier, pairs in cases.items():
        started = time.perf_counter()
        found = [locate(quote, text) for quote, text in pairs]
        micros = (time.perf_counter() - started) / len(pairs) * 1e6
        base = base or micros
        hits = sum(1 for f in found if f is not None and f.match.value == tier)
        lines.append(f"| {tier} | {len(pairs)} | {hits} | {micros:.0f} | {micros / base:.1f}x |")
    from summarize.verify.support import critical_tokens

    refused = sum(1 for (quote, text), (original, _) in zip(cases["fuzzy"], cases["exact"])
                  if locate(quote, text) is None and sorted(critical_tokens(quote)) != sorted(critical_tokens(original)))
    lines += ["", f"Fuzzy quotes not found: {len(cases['fuzzy']) - sum(1 for q, t in cases['fuzzy'] if locate(q, t))}, "
              f"of which {refused} have the typo inside a name, number or date, which the fuzzy tier refuses by design."]
    return lines


def table(rows: list[dict]) -> list[str]:
    lines = ["| article | s | bare read s | pipeline/bare | calls | re-asks | fields emitted | rejected | verified share "
             "| evaluated tok | article tok | evaluated/article |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in rows:
        share = row["emitted"] / max(1, row["emitted"] + row["rejected"])
        ratio = row["prompt_tokens"] / max(1, row["article_tokens"])
        lines.append(f"| {row['article']} | {row['seconds']:.1f} | {row['bare']:.1f} | {row['seconds'] / row['bare']:.1f}x | {row['calls']} | {row['reasks']} | {row['emitted']} | "
                     f"{row['rejected']} | {share:.0%} | {row['prompt_tokens']} | {row['article_tokens']} | {ratio:.1f}x |")
    return lines


def totals(rows: list[dict]) -> dict:
    emitted = sum(r["emitted"] for r in rows)
    rejected = sum(r["rejected"] for r in rows)
    return {
        "seconds_mean": statistics.mean(r["seconds"] for r in rows),
        "seconds_max": max(r["seconds"] for r in rows),
        "over_bare": sum(r["seconds"] for r in rows) / sum(r["bare"] for r in rows),
        "calls_mean": statistics.mean(r["calls"] for r in rows),
        "verified_share": emitted / max(1, emitted + rejected),
        "prompt_over_article": sum(r["prompt_tokens"] for r in rows) / max(1, sum(r["article_tokens"] for r in rows)),
    }


FIRST_OTHER_SECTION = "## Accuracy (issue 7)"


def write_own_sections(path: Path, report: str) -> None:
    """Replace this benchmark's sections (the top of the file, up to the accuracy section) and
    keep every section other benchmarks wrote after them."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    kept = old[old.index(FIRST_OTHER_SECTION):] if FIRST_OTHER_SECTION in old else ""
    path.write_text(report.rstrip("\n") + "\n\n" + kept, encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true", help="exit 1 unless every result is grounded")
    parser.add_argument("--no-write", action="store_true", help="do not rewrite BENCHMARKS.md")
    args = parser.parse_args()
    paths = sorted(CORPUS.glob("*.txt"))
    if not paths:
        print(f"no corpus at {CORPUS}; nothing to measure")
        return 0 if not args.check else 1
    loading = time.perf_counter()
    client = ModelClient(Settings())
    load_seconds = time.perf_counter() - loading
    corpus = run(paths, 2, client)
    labelled = run(sorted(LABELLED.glob("*.txt")), 2, client)
    tc, tl = totals(corpus), totals(labelled)

    def summary(t: dict) -> str:
        return (f"Mean {t['seconds_mean']:.1f}s per article (max {t['seconds_max']:.1f}s), {t['calls_mean']:.1f} model "
                f"calls; pipeline time is {t['over_bare']:.1f}x one bare read of the article; "
                f"{t['verified_share']:.0%} of proposed fields verified (the rest are in `rejected`); the model "
                f"evaluated {t['prompt_over_article']:.1f}x the article tokens (KV cache reuse).")

    lines = [
        "# Benchmarks",
        "",
        f"Run {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; embedded Gemma 3 270M Q4_K_M in-process (llama-cpp-python, portable "
        f"AVX2 build), guided engine, max_attempts=2. Model load: {load_seconds:.1f}s (once per process). "
        "Command: `.venv/bin/python bench/corpus_bench.py` (run alone on the machine).",
        "",
        f"## Speed: ../shared/corpus ({len(paths)} articles)",
        "",
        *table(corpus),
        "",
        summary(tc),
        "",
        f"## Speed: the labelled set ({len(labelled)} fictional articles, bench/labelled)",
        "",
        *table(labelled),
        "",
        summary(tl),
        "",
        "## Verifier: `locate` per tier, same quotes, same run",
        "",
        *locate_timings(paths),
        "",
    ]
    report = "\n".join(lines)
    print(report)
    if not args.no_write:
        write_own_sections(ROOT / "BENCHMARKS.md", report)
    problems = {r["article"]: r["problems"] for r in corpus if r["problems"]}
    if problems:
        print("NOT GROUNDED:", problems)
    return 1 if args.check and problems else 0


if __name__ == "__main__":
    sys.exit(main())

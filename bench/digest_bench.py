"""Digest benchmarks: a cached rerun at 1,000 articles, clustering at 1,000 and 10,000, and
throughput with --workers 1, 4 and 16 against a local fixed-latency OpenAI-compatible server.

    .venv/bin/python bench/digest_bench.py            # all three; prints a Markdown section
    .venv/bin/python bench/digest_bench.py --only rerun

Articles are synthesized from the fixture (tests/fixtures/digest): variant k of an article
renames its capitalized words (people, places, outlets, groups) with a length-preserving
code, so variant k is a different happening with the same shape. The same renaming is
applied to the fixture's precomputed embedded-model result, so a variant's result is
consistent with its text (every evidence span still indexes it) without running the model.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarize.article.ingest import ingest  # noqa: E402
from summarize.models import SummaryResult  # noqa: E402

FIXTURE = ROOT / "tests" / "fixtures" / "digest"
KEEP = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
        "March", "April", "June", "July", "August", "September", "October", "November", "December"}
WORD = re.compile(r"\b[A-Za-z][a-z]{4,}\b")
LETTERS = "abcdefghijklmnopqrstuvwxyz"
# Result fields that hold article words (the rest are enums, hashes, dates and versions).
WORDY_FIELDS = {"text", "quote", "title", "outlet", "name", "place", "region", "country", "trigger", "speaker",
                "attribution"}


def _code(k: int) -> str:
    return LETTERS[k // 676 % 26] + LETTERS[k // 26 % 26] + LETTERS[k % 26]


def rename(text: str, k: int) -> str:
    """Every word of 5+ letters (except day and month names) gets letters 2-4 replaced by k's code.

    Lengths are kept, so evidence offsets stay valid; variants share structure, not words."""
    return WORD.sub(lambda m: m.group(0) if m.group(0) in KEEP else m.group(0)[0] + _code(k) + m.group(0)[4:], text)


def _rename_fields(node, k: int):
    if isinstance(node, dict):
        return {key: rename(value, k) if key in WORDY_FIELDS and isinstance(value, str) else _rename_fields(value, k)
                for key, value in node.items()}
    if isinstance(node, list):
        return [_rename_fields(value, k) for value in node]
    return node


def fixture_pairs() -> list[tuple[str, bytes, SummaryResult]]:
    pairs = []
    for path in sorted((FIXTURE / "articles").glob("*.txt")):
        computed = FIXTURE / "results" / f"{path.stem}.json"
        if not computed.exists():
            print(f"note: {computed.name} is missing (bench/digest_fixture_results.py makes it); skipped",
                  file=sys.stderr)
            continue
        result = SummaryResult.model_validate_json(computed.read_text())
        pairs.append((path.stem, path.read_bytes(), result))
    return pairs


def variants(count: int) -> list[tuple[str, bytes, SummaryResult]]:
    """`count` synthesized (name, raw text, result) triples."""
    base = fixture_pairs()
    made = []
    k = 0
    while len(made) < count:
        for stem, raw, result in base:
            if len(made) == count:
                break
            text = rename(raw.decode("utf-8"), k)
            variant = SummaryResult.model_validate(_rename_fields(result.model_dump(mode="json"), k))
            variant.article.sha256 = hashlib.sha256(variant.article.text.encode("utf-8")).hexdigest()
            made.append((f"{k:04d}_{stem}", text.encode("utf-8"), variant))
        k += 1
    return made


def machine() -> str:
    import os

    return f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


# --- 1. cached rerun at 1,000 articles ---------------------------------------------------------

def bench_rerun(count: int = 1000) -> dict:
    from summarize.digest.runner import identity_for
    from summarize.digest.store import Store, cache_key
    from summarize.settings import Settings

    work = Path(tempfile.mkdtemp(prefix="digest-rerun-"))
    folder = work / "articles"
    folder.mkdir()
    store = Store(work / "store.sqlite3")
    identity = identity_for(Settings(backend="embedded"))
    for name, raw, result in variants(count):
        (folder / f"{name}.txt").write_bytes(raw)
        ingested = ingest(raw)
        assert ingested.sha256 == result.article.sha256, f"{name}: the variant's text differs from its result"
        store.put_result(cache_key(ingested.sha256, ingested.published, identity), result, identity)
    store.close()
    command = [sys.executable, "-m", "summarize", "digest", str(folder), "-o", str(work / "out"),
               "--store", str(work / "store.sqlite3"), "--offline"]
    import os
    import resource

    timings = []
    cpu = []
    digests = []
    for attempt in range(4):  # the first run also learns each raw file's cleaned-text hash
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
        timings.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        report = json.loads((work / "out" / "run-report.json").read_text())
        assert report["model_calls"] == 0 and report["cached"] == count, report
        digests.append(b"".join((work / "out" / n).read_bytes() for n in ("digest.json", "digest.md", "digest.html")))
    identical = all(d == digests[0] for d in digests)
    stories = len(json.loads((work / "out" / "digest.json").read_text())["stories"])
    shutil.rmtree(work)
    return {"articles": count, "first_seconds": round(timings[0], 2),
            "rerun_seconds_median": round(statistics.median(timings[1:]), 2),
            "rerun_seconds": [round(t, 2) for t in timings[1:]], "rerun_cpu_seconds": [round(t, 2) for t in cpu[1:]],
            "load_average": round(os.getloadavg()[0], 2), "identical": identical, "stories": stories}


# --- 2. clustering at 1,000 and 10,000 ----------------------------------------------------------

def bench_clustering(count: int) -> dict:
    from summarize.digest.grouping import cluster, features_of, find_reprints

    made = variants(count)
    started = time.perf_counter()
    features = [features_of(result.article.sha256[:12] + name[:4], result) for name, _, result in made]
    featured = time.perf_counter()
    rank = {f.id: (f.published_ordinal or 0, f.id) for f in features}
    reprints = find_reprints(features, rank)
    deduped = time.perf_counter()
    heads = [f for f in features if f.id not in reprints]
    clusters = cluster(heads)
    done = time.perf_counter()
    return {"articles": count, "features_s": round(featured - started, 2), "reprints_s": round(deduped - featured, 2),
            "cluster_s": round(done - deduped, 2), "total_s": round(done - started, 2), "reprints": len(reprints),
            "stories": len(clusters)}


# --- 3. throughput against the fixed-latency server ----------------------------------------------

def bench_throughput(count: int = 48, latency: float = 1.0, workers_list=(1, 4, 16)) -> dict:
    from bench.digest_server import FixedLatencyServer
    from summarize.digest import build_digest
    from summarize.settings import Settings

    work = Path(tempfile.mkdtemp(prefix="digest-throughput-"))
    folder = work / "articles"
    folder.mkdir()
    for name, raw, _ in variants(count):
        (folder / f"{name}.txt").write_bytes(raw)
    server = FixedLatencyServer(latency=latency).start()
    rows = {}
    try:
        # Warm up spaCy and the client once, outside the timings.
        build_digest([folder / sorted(p.name for p in folder.iterdir())[0]], work / "warm",
                     store_path=work / "warm.sqlite3", settings=Settings(base_url=server.url, mode="json_schema"))
        for workers in workers_list:
            requests_before = server.requests
            server.max_in_flight = 0
            started = time.perf_counter()
            run = build_digest([folder], work / f"out{workers}", store_path=work / f"s{workers}.sqlite3",
                               settings=Settings(base_url=server.url, mode="json_schema"), workers=workers)
            seconds = time.perf_counter() - started
            assert run.status == "complete", run.report["failed"]
            rows[workers] = {"seconds": round(seconds, 2), "requests": server.requests - requests_before,
                             "max_in_flight": server.max_in_flight, "articles_per_s": round(count / seconds, 2)}
    finally:
        server.stop()
        shutil.rmtree(work)
    base = rows[workers_list[0]]["seconds"]
    for row in rows.values():
        row["speedup"] = round(base / row["seconds"], 1)
    return {"articles": count, "latency_s": latency, "rows": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=["rerun", "clustering", "throughput"])
    parser.add_argument("--throughput-articles", type=int, default=48)
    parser.add_argument("--latency", type=float, default=1.0)
    args = parser.parse_args()
    print(f"machine: {machine()}; date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    if args.only in (None, "rerun"):
        print("cached rerun:", json.dumps(bench_rerun(1000)), flush=True)
    if args.only in (None, "clustering"):
        for count in (1000, 10000):
            print("clustering:", json.dumps(bench_clustering(count)), flush=True)
    if args.only in (None, "throughput"):
        print("throughput:", json.dumps(bench_throughput(args.throughput_articles, args.latency)), flush=True)


if __name__ == "__main__":
    main()

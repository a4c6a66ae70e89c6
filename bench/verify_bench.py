"""Verification speed and the aligner's precision, beside LangExtract's WordAligner (issue 10, item 7).

One run measures, side by side:
- verification per article: every evidence quote of a result located (`locate`, near its
  offset) and the whole result audited, on a 1,000-word article (the mutation-set articles,
  bench/aligner_mutations.py), for a result cut to 50 evidence quotes and for the full result;
  "cold" (the source's fold cache cleared before each article, as when an article is seen once);
- `locate` throughput in quotes/s: verbatim quotes, honest variants, mutated quotes;
- false accepts on the mutated quotes and recall of honest variants, for `locate`, for the
  `locate` before issue 10 (from git) and for LangExtract's `WordAligner` (its defaults: fuzzy
  alignment on, partial matches accepted), which runs in its own environment
  (.cache/langextract-venv: langextract pins an older tenacity than summarize);
- the same 50 quotes through WordAligner, for speed.

The result's evidence comes from the real pipeline (guided engine, scripted model: no model load).
Usage: .venv/bin/python bench/verify_bench.py [--repeat N] [--markdown FILE]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.aligner_mutations import ARTICLES, HONEST, MUTATIONS, found_where_expected, mutation_set  # noqa: E402
from summarize import Settings, summarize_article  # noqa: E402
from summarize.backends.client import ModelClient  # noqa: E402
from summarize.models import SummaryResult  # noqa: E402
from summarize.verify import audit, locate  # noqa: E402
from summarize.verify.folding import _fold_source  # noqa: E402
from summarize.verify.support import _critical_tokens, _folded_text  # noqa: E402
from tests.scripted import ScriptedServer, first_options  # noqa: E402

LANGEXTRACT_VENV = ROOT / ".cache" / "langextract-venv"
EXTRA_PARAGRAPH = ("Port officials said the harbour would reopen to cargo ships on Monday if no further rockets "
                   "were fired, and that divers had found no damage to the main quay.")
BENCH_ARTICLE = "\n\n".join(ARTICLES + [EXTRA_PARAGRAPH])


def pipeline_result(text: str) -> SummaryResult:
    server = ScriptedServer(first_options)
    settings = Settings(base_url="http://scripted.test/v1", mode="json_schema", engine="guided")
    return summarize_article(text, settings=settings, client=ModelClient(settings, http_client=server.client()),
                             published="2025-03-08")


def cut_to(result: SummaryResult, quotes: int) -> SummaryResult:
    """The result's first events, claims and summary sentences, up to `quotes` evidence quotes."""
    kept = result.model_copy(deep=True)
    kept.events, kept.claims, kept.summary = [], [], []
    for name in ("events", "claims", "summary"):
        for item in getattr(result, name):
            candidate = kept.model_copy(update={name: getattr(kept, name) + [item]})
            if len(candidate.evidence()) > quotes:
                return kept
            kept = candidate
    return kept


def verify(result: SummaryResult) -> SummaryResult:
    """Every evidence located (near its offset) and the whole result audited."""
    text = result.article.text
    for item in result.evidence():
        found = locate(item.quote, text, near=item.start)
        if found is None or (found.start, found.end) != (item.start, item.end):
            raise AssertionError(f"evidence not found where it is: {item.quote!r}")
    return audit(result)


def per_call_ms(work, repeat: int, *, cold: bool) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        if cold:  # the per-article caches start empty, as for an article seen once
            _fold_source.cache_clear()
            _critical_tokens.cache_clear()
            _folded_text.cache_clear()
        work()
    return (time.perf_counter() - started) / repeat * 1000


def honest_versions(quotes: list[str], seed: int = 7) -> list[str]:
    """Each quote written differently (case, spaces, a typo in turn), to exercise the slower tiers."""
    rng = random.Random(seed)
    makers = [HONEST["case"], HONEST["whitespace"], HONEST["typo"]]
    return [makers[i % 3](q, rng) or q for i, q in enumerate(quotes)]


def before_issue10(module: str):
    """A verify module as it was before issue 10 (git), importing today's other modules."""
    source = subprocess.run(["git", "show", f"d1682d3^:summarize/verify/{module}.py"], cwd=ROOT,
                            capture_output=True, text=True, check=True).stdout
    path = ROOT / ".cache" / f"{module}_before_issue10.py"
    path.parent.mkdir(exist_ok=True)
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(f"{module}_before_issue10", path)
    loaded = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = loaded  # dataclasses look their module up while the class is made
    spec.loader.exec_module(loaded)
    return loaded


def previous_locate():
    """`locate` as it was before issue 10, for the false-accept comparison."""
    return before_issue10("locate").locate


def score(cases, spans) -> tuple[Counter, Counter, Counter]:
    """false accepts per mutation class; honest variants found where expected, and tried, per class."""
    false_accepts, found, tried = Counter(), Counter(), Counter()
    for case, span in zip(cases, spans):
        tried[case.kind] += 1
        if case.honest:
            found[case.kind] += span is not None and found_where_expected(case, *span)
        elif span is not None:
            false_accepts[case.kind] += 1
    return false_accepts, found, tried


def wordaligner(article_texts, grouped, single, repeat):
    python = LANGEXTRACT_VENV / "bin" / "python"
    if not python.exists():
        raise SystemExit(f"{python} is missing: python3 -m venv {LANGEXTRACT_VENV} && "
                         f"{python} -m pip install 'langextract>=1.7'")
    job = json.dumps({"articles": article_texts, "grouped": grouped, "single": single, "repeat": repeat})
    done = subprocess.run([str(python), str(ROOT / "bench" / "wordaligner_worker.py")], input=job,
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--markdown", type=Path, help="write the report here (default: print it)")
    args = parser.parse_args()
    load = os.getloadavg()
    started_at = dt.datetime.now(dt.timezone.utc)

    full = pipeline_result(BENCH_ARTICLE)
    text = full.article.text
    fifty = cut_to(full, 50)
    words = len(text.split())
    quotes50 = [e.quote for e in fifty.evidence()]
    honest50 = honest_versions(quotes50)

    # Verification per article.
    old_audit = before_issue10("audit").audit
    n = len(quotes50)
    timings = {
        f"{n} quotes ({len(fifty.facts())} fields), cold": per_call_ms(lambda: verify(fifty), args.repeat, cold=True),
        f"{n} quotes, warm (caches kept from the previous run)": per_call_ms(lambda: verify(fifty), args.repeat,
                                                                               cold=False),
        f"all {len(full.evidence())} quotes ({len(full.facts())} fields), cold": per_call_ms(
            lambda: verify(full), args.repeat, cold=True),
        f"of which `audit` only, {n} quotes, cold": per_call_ms(lambda: audit(fifty), args.repeat, cold=True),
        f"`audit` as before issue 10 (deep copy, joined quotes; today's folding), {n} quotes, cold": per_call_ms(
            lambda: old_audit(fifty), args.repeat, cold=True),
        f"{n} honest variants of the quotes located (no audit), cold": per_call_ms(
            lambda: [locate(q, text) for q in honest50], max(10, args.repeat // 10), cold=True),
    }
    tiers = Counter((found.match.value if (found := locate(q, text)) else "not found") for q in honest50)

    # Throughput and precision on the mutation set (each article its own source).
    cases = mutation_set()
    sources = ARTICLES
    started = time.perf_counter()
    spans = []
    for case in cases:
        found = locate(case.quote, sources[case.article])
        spans.append(None if found is None else (found.start, found.end))
    locate_seconds = time.perf_counter() - started
    old = previous_locate()
    old_spans = []
    for case in cases:
        found = old(case.quote, sources[case.article])
        old_spans.append(None if found is None else (found.start, found.end))
    verbatim_seconds = per_call_ms(lambda: [locate(q, text) for q in quotes50], args.repeat, cold=False) / 1000

    wa = wordaligner(
        [text] + sources,
        grouped=[[0, quotes50]],
        single=[[0, q] for q in quotes50] + [[case.article + 1, case.quote] for case in cases],
        repeat=max(10, args.repeat // 10),
    )
    wa_results = wa["results"][len(quotes50):]
    wa_spans = [None if r["status"] is None or r["start"] is None else (r["start"], r["end"]) for r in wa_results]
    wa_exact50 = sum(r["status"] == "match_exact" for r in wa["results"][:len(quotes50)])

    ours, before, theirs = score(cases, spans), score(cases, old_spans), score(cases, wa_spans)
    mutated = [c for c in cases if not c.honest]
    honest = [c for c in cases if c.honest]
    ms50 = next(iter(timings.values()))
    wa_ms50 = wa["grouped_seconds"] * 1000
    lines = [
        "## Verification speed and aligner precision (issue 10, item 7)",
        "",
        f"Run {started_at:%Y-%m-%d %H:%M} UTC on {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; load average at start {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} "
        f"(1/5/15 min; the machine is shared). Command: `.venv/bin/python bench/verify_bench.py` "
        f"(`make verify-bench`), repeat {args.repeat}. LangExtract {wa_version()} in its own environment.",
        "",
        f"Article: the mutation-set articles joined, {words} words, {len(text):,} characters. Its result from the "
        f"pipeline (guided engine, scripted model) holds {len(full.facts())} fields with {len(full.evidence())} "
        f"evidence quotes; the 50-quote result is its first {len(fifty.facts())} fields.",
        "",
        "| verification (every quote located near its offset, then `audit`) | ms per article |",
        "| --- | ---: |",
        *[f"| {name} | {ms:.2f} |" for name, ms in timings.items()],
        "",
        f"Goal <= 5 ms for 50 quotes in a 1,000-word article: **{ms50:.2f} ms** for {n} "
        f"({'met' if ms50 <= 5 else 'missed'}). The {n} honest variants (a third each case, spacing, a typo) "
        f"were found as {dict(tiers)}.",
        "",
        "| locate throughput | quotes | quotes/s |",
        "| --- | ---: | ---: |",
        f"| verbatim evidence quotes (exact tier) | {len(quotes50)} | {len(quotes50) / verbatim_seconds:,.0f} |",
        f"| mutation set: mutated and honest variants, each in its own article | {len(cases)} | "
        f"{len(cases) / locate_seconds:,.0f} |",
        f"| LangExtract WordAligner, same mutation set, one call per quote | {len(cases)} | "
        f"{len(cases) / (wa['single_seconds'] * len(cases) / (len(cases) + len(quotes50))):,.0f} |",
        "",
        f"Same {n} quotes, same article, one call: `locate` (all {n}) {verify_locate_ms(quotes50, text, args.repeat):.2f} "
        f"ms vs WordAligner {wa_ms50:.2f} ms (WordAligner/locate = "
        f"{wa_ms50 / verify_locate_ms(quotes50, text, args.repeat):.1f}x); WordAligner matched "
        f"{wa_exact50}/{len(quotes50)} of them exactly.",
        "",
        f"Precision on the mutation set ({len(mutated)} mutated quotes whose words are nowhere in their article, "
        f"{len(honest)} honest variants; `bench/aligner_mutations.py`):",
        "",
        "| class | quotes | false accepts: locate | locate before issue 10 | WordAligner |",
        "| --- | ---: | ---: | ---: | ---: |",
        *[f"| {kind} | {ours[2][kind]} | {ours[0][kind]} | {before[0][kind]} | {theirs[0][kind]} |"
          for kind in MUTATIONS],
        f"| **all mutated** | {len(mutated)} | **{sum(ours[0].values())}** | {sum(before[0].values())} | "
        f"{sum(theirs[0].values())} |",
        "",
        "| honest variant | quotes | found where expected: locate | locate before issue 10 | WordAligner |",
        "| --- | ---: | ---: | ---: | ---: |",
        *[f"| {kind} | {ours[2][kind]} | {ours[1][kind]} | {before[1][kind]} | {theirs[1][kind]} |" for kind in HONEST],
        f"| **all honest** | {len(honest)} | **{sum(ours[1].values())} ({pct(ours[1], honest)})** | "
        f"{sum(before[1].values())} ({pct(before[1], honest)}) | {sum(theirs[1].values())} ({pct(theirs[1], honest)}) |",
        "",
        "A WordAligner accept is any alignment status (exact, greater, lesser or fuzzy) with a span; honest "
        "variants count as found only on their own sentence (give or take the final mark).",
        "",
    ]
    report = "\n".join(lines)
    if args.markdown:
        args.markdown.write_text(report, encoding="utf-8")
    print(report)


def verify_locate_ms(quotes: list[str], text: str, repeat: int) -> float:
    return per_call_ms(lambda: [locate(q, text) for q in quotes], repeat, cold=True)


def pct(found: Counter, cases: list) -> str:
    return f"{100 * sum(found.values()) / max(1, len(cases)):.1f}%"


def wa_version() -> str:
    done = subprocess.run([str(LANGEXTRACT_VENV / "bin" / "python"), "-c",
                           "import importlib.metadata as m; print(m.version('langextract'))"],
                          capture_output=True, text=True)
    return done.stdout.strip() or "?"


if __name__ == "__main__":
    main()

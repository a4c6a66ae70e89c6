"""Accuracy of the engines on the labelled set (bench/labelled/, see FORMAT.md).

    python bench/accuracy.py                                  # new, baseline and old engine
    python bench/accuracy.py --engines baseline --only courts_03 sport_01
    python bench/accuracy.py --results /tmp/acc --markdown /tmp/acc/ACCURACY.md

Engines, always one article at a time:
- new:      `summarize.summarize_article` of this checkout on the embedded default model;
- baseline: bench/baseline.py (lead sentences, spaCy dependency parse, no model);
- old:      the engine at commit OLD_COMMIT, from a temporary git worktree, in a subprocess.

Each result is saved as <results>/<engine>/<id>.json and the scorer's FP/FN list as
<results>/<engine>/errors.txt. Prints one table per engine and an overall comparison.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.score import Gold, Report, load_gold, pct, score  # noqa: E402

LABELLED = ROOT / "bench" / "labelled"
OLD_COMMIT = "9a10679"
ENGINES = ("new", "baseline", "old")


@dataclass
class Run:
    engine: str
    predictions: dict[str, dict[str, Any]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    calls: dict[str, int] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)
    skipped: str | None = None  # why the engine did not run at all


def _save(folder: Path, article_id: str, result: dict[str, Any]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{article_id}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1), encoding="utf-8")


def _progress(engine: str, article_id: str, seconds: float, failure: str | None = None) -> None:
    status = f"FAILED {failure}" if failure else f"{seconds:.1f}s"
    print(f"[{engine}] {article_id}: {status}", file=sys.stderr, flush=True)


def run_new(articles: dict[str, tuple[str, Gold]], out: Path) -> Run:
    run = Run("new")
    try:
        from summarize import summarize_article
    except ImportError as exc:  # the engine under summarize/ may be mid-rewrite
        run.skipped = f"cannot import summarize_article: {exc}"
        print(f"[new] skipped: {run.skipped}", file=sys.stderr)
        return run
    for article_id, (text, gold) in articles.items():
        started = time.perf_counter()
        try:
            result = summarize_article(text, published=gold.get("published")).model_dump(mode="json")
        except Exception as exc:  # one failing article must not end the run
            run.failures[article_id] = f"{type(exc).__name__}: {exc}"
            _progress("new", article_id, 0, run.failures[article_id])
            continue
        run.seconds[article_id] = time.perf_counter() - started
        run.calls[article_id] = int((result.get("usage") or {}).get("calls") or 0)
        run.predictions[article_id] = result
        _save(out, article_id, result)
        _progress("new", article_id, run.seconds[article_id])
    return run


def run_baseline(articles: dict[str, tuple[str, Gold]], out: Path) -> Run:
    from bench.baseline import summarize

    run = Run("baseline")
    for article_id, (text, _gold) in articles.items():
        started = time.perf_counter()
        result = summarize(text)
        run.seconds[article_id] = time.perf_counter() - started
        run.calls[article_id] = 0
        run.predictions[article_id] = result
        _save(out, article_id, result)
    return run


# The old engine runs in its own interpreter so that `import summarize` is the old package.
_OLD_DRIVER = """\
import json, sys, time
import summarize
jobs, root = json.loads(open(sys.argv[1], encoding="utf-8").read()), sys.argv[2]
if not summarize.__file__.startswith(root):
    sys.exit(f"old engine: imported summarize from {summarize.__file__}, not from {root}")
for job in jobs:
    started = time.perf_counter()
    try:
        text = open(job["text"], encoding="utf-8").read()
        result = summarize.summarize_article(text, published=job["published"]).model_dump(mode="json")
        error = None
        with open(job["out"], "w", encoding="utf-8") as handle:
            json.dump(result, handle, ensure_ascii=False, indent=1)
    except Exception as exc:
        result, error = None, f"{type(exc).__name__}: {exc}"
    calls = (result or {}).get("usage", {}).get("calls", 0)
    print("@@bench " + json.dumps({"id": job["id"], "seconds": time.perf_counter() - started,
                                   "calls": calls, "error": error}), flush=True)
"""


def _git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], check=True, capture_output=True, text=True).stdout


def _old_worktree() -> tuple[Path, bool]:
    """A worktree checked out (detached) at OLD_COMMIT, and whether this run created it."""
    commit = _git("rev-parse", f"{OLD_COMMIT}^{{commit}}").strip()
    path: Path | None = None
    for block in _git("worktree", "list", "--porcelain").split("\n\n"):
        fields = dict(line.partition(" ")[::2] for line in block.splitlines())
        if fields.get("HEAD") == commit and "detached" in fields and Path(fields["worktree"]) != ROOT:
            path = Path(fields["worktree"])
    if path is not None and path.is_dir():
        return path, False
    path = Path(tempfile.mkdtemp(prefix=f"summarize-{OLD_COMMIT}-"))
    _git("worktree", "add", "--detach", str(path), commit)
    return path, True


def run_old(articles: dict[str, tuple[str, Gold]], out: Path, labelled: Path) -> Run:
    run = Run("old")
    python = sys.executable
    if subprocess.run([python, "-c", "import pysbd"], capture_output=True).returncode != 0:
        run.skipped = (f"the old engine needs pysbd, which {python} cannot import; "
                       f"install it with `{python} -m pip install 'pysbd>=0.3.4'`")
        print(f"[old] skipped: {run.skipped}", file=sys.stderr)
        return run
    out.mkdir(parents=True, exist_ok=True)
    worktree, created = _old_worktree()
    try:
        with tempfile.TemporaryDirectory(prefix="summarize-bench-") as tmp:
            driver, jobs = Path(tmp) / "old_driver.py", Path(tmp) / "jobs.json"
            driver.write_text(_OLD_DRIVER, encoding="utf-8")
            jobs.write_text(json.dumps([
                {"id": article_id, "text": str(labelled / f"{article_id}.txt"), "published": gold.get("published"),
                 "out": str(out / f"{article_id}.json")} for article_id, (_text, gold) in articles.items()
            ]), encoding="utf-8")
            env = {**os.environ, "PYTHONPATH": str(worktree)}
            with subprocess.Popen([python, str(driver), str(jobs), str(worktree)], cwd=worktree, env=env,
                                  stdout=subprocess.PIPE, text=True) as process:
                assert process.stdout is not None
                for line in process.stdout:
                    if not line.startswith("@@bench "):
                        continue
                    record = json.loads(line.removeprefix("@@bench "))
                    article_id = record["id"]
                    if record["error"]:
                        run.failures[article_id] = record["error"]
                    else:
                        run.seconds[article_id] = record["seconds"]
                        run.calls[article_id] = int(record["calls"] or 0)
                        run.predictions[article_id] = json.loads((out / f"{article_id}.json").read_text(encoding="utf-8"))
                    _progress("old", article_id, record["seconds"], record["error"])
            if process.returncode != 0 and not run.predictions and not run.failures:
                run.skipped = f"the old engine's driver exited with status {process.returncode}"
    finally:
        if created:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(worktree)], check=False)
    return run


# --------------------------------------------------------------------------- report

def _mean(values: dict[str, float] | dict[str, int]) -> str:
    return f"{statistics.fmean(values.values()):.2f}" if values else "–"


def engine_section(run: Run, report: Report | None) -> str:
    lines = [f"## {run.engine}", ""]
    if report is None:
        return "\n".join(lines + [f"Not run: {run.skipped}", ""])
    lines += [report.markdown_table(), "",
              "Recall = found / (found + FN); TP also counts fields of optional gold events.", "",
              f"- event found: {report.articles_event_found}/{report.articles_with_events} articles "
              f"({pct(report.event_found_share)}); main event found: {report.articles_main_found}/"
              f"{report.articles_with_main} ({pct(report.main_found_share)})",
              f"- none_ articles with a predicted event: {report.none_articles_with_events}/{report.none_articles}",
              f"- mean seconds/article: {_mean(run.seconds)}; mean model calls: {_mean(run.calls)}"]
    if run.failures:
        lines.append(f"- failed articles (scored as empty): {', '.join(sorted(run.failures))}")
    return "\n".join(lines + [""])


def overall_table(rows: list[tuple[Run, Report | None]]) -> str:
    lines = ["| engine | precision | recall | event found | main found | none_ articles with events "
             "| mean s/article | mean calls |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for run, report in rows:
        if report is None:
            lines.append(f"| {run.engine} | not run | | | | | | |")
            continue
        overall = report.overall
        lines.append(f"| {run.engine} | {pct(overall.precision)} | {pct(overall.recall)} "
                     f"| {pct(report.event_found_share)} | {pct(report.main_found_share)} "
                     f"| {report.none_articles_with_events}/{report.none_articles} "
                     f"| {_mean(run.seconds)} | {_mean(run.calls)} |")
    return "\n".join(lines)


def write_errors(path: Path, run: Run, report: Report) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = ["article\toutcome\tkind\tvalue\treason"]
    lines += [f"{article_id}\tFAILED\t-\t-\t{error}" for article_id, error in sorted(run.failures.items())]
    lines += [str(error) for error in report.errors]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--engines", default=",".join(ENGINES), help="comma-separated: new, baseline, old")
    parser.add_argument("--only", nargs="+", metavar="ID", help="score only these article ids")
    parser.add_argument("--labelled", type=Path, default=LABELLED, help="gold folder (default: bench/labelled)")
    parser.add_argument("--results", type=Path, default=ROOT / ".cache" / "accuracy",
                        help="where results and errors.txt go (default: .cache/accuracy)")
    parser.add_argument("--markdown", type=Path, help="also write the tables to this file")
    args = parser.parse_args(argv)

    engines = [name.strip() for name in args.engines.split(",") if name.strip()]
    if unknown := [name for name in engines if name not in ENGINES]:
        parser.error(f"unknown engine(s) {unknown}; choose from {', '.join(ENGINES)}")
    labelled: Path = args.labelled.resolve()
    gold = load_gold(labelled)
    if args.only:
        if missing := [article_id for article_id in args.only if article_id not in gold]:
            parser.error(f"no gold file for {missing} in {labelled}")
        gold = {article_id: gold[article_id] for article_id in args.only}
    if not gold:
        parser.error(f"no labelled articles (*.gold.json) in {labelled}")
    articles = {article_id: ((labelled / f"{article_id}.txt").read_text(encoding="utf-8"), gold[article_id])
                for article_id in sorted(gold)}

    rows: list[tuple[Run, Report | None]] = []
    for engine in engines:
        out = args.results.resolve() / engine  # absolute: the old engine runs in another folder
        if engine == "new":
            run = run_new(articles, out)
        elif engine == "baseline":
            run = run_baseline(articles, out)
        else:
            run = run_old(articles, out, labelled)
        report = None if run.skipped else score(gold, run.predictions)
        if report is not None:
            write_errors(out / "errors.txt", run, report)
        rows.append((run, report))

    header = f"# Accuracy on {len(gold)} labelled articles"
    text = "\n\n".join([header, *(engine_section(run, report) for run, report in rows),
                        "## Overall", overall_table(rows)]) + "\n"
    print(text)
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        args.markdown.write_text(text, encoding="utf-8")
    print(f"results and errors.txt per engine in {args.results}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

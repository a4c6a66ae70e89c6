"""`build_digest`: inputs -> store (cache, ledger, runs) -> stories -> digest.json/.md/.html + run report."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarize.article.ingest import ingest
from summarize.digest.atomic import write_atomic
from summarize.digest.grouping import DEFAULT_PARAMS, GroupingParams, cluster, features_of, find_reprints
from summarize.digest.inputs import InputArticle, collect_inputs
from summarize.digest.lock import RunLock
from summarize.digest.merge import SourceEvent, source_events, story_events, synopsis
from summarize.digest.models import Digest, DigestArticle, Failure, Reprint, Story
from summarize.digest.runner import Job, ModelSummarizer, Outcome, Summarizer, run_jobs
from summarize.digest.store import CachedInput, Store, cache_key
from summarize.errors import InputError
from summarize.models import SummaryResult
from summarize.settings import Settings

OUTPUT_FILES = ("digest.json", "digest.md", "digest.html")
REPORT_FILE = "run-report.json"


@dataclass
class DigestRun:
    digest: Digest
    report: dict[str, Any]
    status: str  # complete | partial | failed
    output_dir: Path
    paths: list[Path] = field(default_factory=list)


@dataclass
class _Entry:
    """One readable input article and what we know of it."""

    input: InputArticle
    sha256: str
    title: str | None
    published: dt.date | None
    outlet: str | None
    key: str = ""
    id: str = ""  # the cleaned text's sha256[:12]; a suffix when one text comes with two publication dates


def default_store_path(settings: Settings) -> Path:
    return Path(settings.cache_dir) / "digest.sqlite3"


def _ingested(store: Store, item: InputArticle) -> CachedInput:
    raw_sha = item.raw_sha256
    known = store.cached_input(raw_sha, item.context)
    if known is None:
        article = ingest(item.raw, published=item.published, source=item.source)
        known = CachedInput(article.sha256, article.title, article.published, article.outlet)
        store.remember_input(raw_sha, item.context, known)
    return known


def build_digest(
    inputs: list[str | Path],
    output_dir: str | Path,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    store_path: str | Path | None = None,
    settings: Settings | None = None,
    workers: int = 1,
    rate: float | None = None,
    summarizer: Summarizer | None = None,
    params: GroupingParams = DEFAULT_PARAMS,
    progress: bool = False,
    batch_export: str | Path | None = None,
    batch_import: str | Path | None = None,
) -> DigestRun:
    """Build the digest of the articles in `inputs` (folders, files, JSONL feeds) into `output_dir`.

    Articles published outside [since, until] are left out (undated ones are kept). Results
    are cached in the store; only new or changed articles reach the model. Raises
    `LockedError` when another run holds the store's lock.

    `batch_import`: an OpenAI batch results file whose answers are used before asking the
    server; `batch_export`: write the new articles' next requests there instead of asking
    (see `summarize.digest.batch`). Both need a server backend (base_url or api_key).
    """
    started_clock = time.perf_counter()
    settings = settings or Settings()
    store_path = Path(store_path) if store_path else default_store_path(settings)
    output_dir = Path(output_dir)
    with RunLock(store_path.with_name(store_path.name + ".lock")):
        store = Store(store_path)
        try:
            return _run(store, inputs, output_dir, since, until, settings, workers, rate, summarizer, params,
                        progress, started_clock, batch_export, batch_import)
        finally:
            store.close()


def _run(store: Store, inputs: list[str | Path], output_dir: Path, since: dt.date | None, until: dt.date | None,
         settings: Settings, workers: int, rate: float | None, summarizer: Summarizer | None,
         params: GroupingParams, progress: bool, started_clock: float, batch_export: str | Path | None = None,
         batch_import: str | Path | None = None) -> DigestRun:
    summarizer = summarizer or ModelSummarizer(settings, rate=rate)
    batch = None
    if batch_export or batch_import:
        from summarize.digest.batch import BatchError, read_results
        from summarize.digest.runner import BatchMode

        if not isinstance(summarizer, ModelSummarizer) or not summarizer.concurrent:
            raise BatchError("batch export/import needs a server backend (--base-url or an API key), "
                             "not the embedded model")
        if batch_import:
            store.put_batch_answers(read_results(Path(batch_import)))
        batch = summarizer.batch = BatchMode(answers=store.batch_answers(), export=bool(batch_export))
    run_id = store.start_run([str(p) for p in inputs])
    articles, problems = collect_inputs(list(inputs))
    failures: list[tuple[str, str]] = list(problems)

    # Ingest (or recall) every article; keep the window; exact copies become reprints.
    entries: list[_Entry] = []
    out_of_window = 0
    for item in articles:
        try:
            known = _ingested(store, item)
        except InputError as error:
            failures.append((item.name, str(error)))
            continue
        if known.published and ((since and known.published < since) or (until and known.published > until)):
            out_of_window += 1
            continue
        entry = _Entry(item, known.sha256, known.title, known.published, known.outlet)
        entry.key = cache_key(entry.sha256, entry.published, summarizer.identity)
        entries.append(entry)
    unique: dict[str, _Entry] = {}
    exact_copies: dict[str, list[_Entry]] = {}
    for entry in sorted(entries, key=lambda e: (e.published or dt.date.max, e.input.name)):
        if entry.key in unique:
            exact_copies.setdefault(entry.key, []).append(entry)
        else:
            unique[entry.key] = entry

    seen_ids: set[str] = set()
    for entry in unique.values():
        entry.id = entry.sha256[:12] if entry.sha256[:12] not in seen_ids else f"{entry.sha256[:12]}-{entry.key[:6]}"
        seen_ids.add(entry.id)
        for copy in exact_copies.get(entry.key, []):
            copy.id = f"{entry.id}-{hashlib.sha256(copy.input.name.encode()).hexdigest()[:6]}"
    results = store.get_results(list(unique))
    cached = len(results)
    todo = [e for e in unique.values() if e.key not in results]
    jobs = [Job(e.key, e.input.name, e.input.raw, e.published or e.input.published, e.input.source, e.input.url,
                e.sha256) for e in todo]
    calls = prompt_tokens = completion_tokens = 0
    run_failures: dict[str, str] = {}
    awaiting: set[str] = set()  # exported to the batch file: pending, not failed

    def done(outcome: Outcome) -> None:
        nonlocal calls, prompt_tokens, completion_tokens
        job = outcome.job
        if outcome.result is not None:
            usage = outcome.result.usage
            store.put_result(job.key, outcome.result, summarizer.identity)
            store.log_call(run_id, job.name, job.key, calls=usage.calls, prompt_tokens=usage.prompt_tokens,
                           completion_tokens=usage.completion_tokens,
                           attempts=1 + usage.reasks + usage.transport_retries, seconds=outcome.seconds,
                           outcome="partial" if outcome.result.rejected else "ok")
            calls += usage.calls
            prompt_tokens += usage.prompt_tokens
            completion_tokens += usage.completion_tokens
            results[job.key] = outcome.result
        elif outcome.error and outcome.error.startswith("AwaitingBatch:"):
            store.log_call(run_id, job.name, job.key, calls=0, prompt_tokens=0, completion_tokens=0, attempts=1,
                           seconds=outcome.seconds, outcome="awaiting batch", error=outcome.error)
            run_failures[job.key] = outcome.error
            awaiting.add(job.key)
        else:
            store.log_call(run_id, job.name, job.key, calls=0, prompt_tokens=0, completion_tokens=0, attempts=1,
                           seconds=outcome.seconds, outcome="failed", error=outcome.error)
            store.record_failure(job.key, job.name, outcome.error or "failed", run_id)
            run_failures[job.key] = outcome.error or "failed"
        if bar is not None:
            bar.advance(task)

    bar = task = None
    if progress and jobs:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        bar = Progress(TextColumn("digest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                       console=Console(stderr=True), transient=True)
        task = bar.add_task("summarizing", total=len(jobs))
        with bar:
            run_jobs(jobs, summarizer, workers=workers, on_done=done)
    else:
        run_jobs(jobs, summarizer, workers=workers, on_done=done)
    for key, reason in run_failures.items():
        failures.append((unique[key].input.name, reason))
    if batch is not None and batch_export:
        from summarize.digest.batch import body_hash, export_line

        lines = sorted(batch.exported)
        write_atomic(Path(batch_export), "".join(export_line(identifier, body) for identifier, body in lines))
        store.record_exported(run_id, [(identifier, body_hash(body)) for identifier, body in lines])

    ok = [e for e in unique.values() if e.key in results]
    digest = assemble(ok, {e.key: results[e.key] for e in ok}, exact_copies, failures, since, until, params)
    from summarize.render.digest_html import digest_to_html
    from summarize.render.digest_markdown import digest_to_markdown

    output_dir.mkdir(parents=True, exist_ok=True)
    texts = {"digest.json": digest.model_dump_json(indent=2) + "\n", "digest.md": digest_to_markdown(digest),
             "digest.html": digest_to_html(digest, {e.id: results[e.key] for e in ok})}
    paths = []
    for name in OUTPUT_FILES:
        write_atomic(output_dir / name, texts[name])
        paths.append(output_dir / name)

    tried = len(articles) + len(problems)
    if not failures:
        status = "complete"
    elif ok or len(awaiting) == len(failures):
        status = "partial"
    else:
        status = "failed" if tried else "complete"
    report = {
        "run": run_id,
        "status": status,
        "inputs": [str(p) for p in inputs],
        "window": {"since": since.isoformat() if since else None, "until": until.isoformat() if until else None},
        "articles_seen": len(articles),
        "out_of_window": out_of_window,
        "exact_copies": sum(len(v) for v in exact_copies.values()),
        "new": len(jobs),
        "cached": cached,
        "summarized": len(jobs) - len(run_failures),
        "failed": [{"input": name, "reason": reason} for name, reason in failures],
        "stories": len(digest.stories),
        "model_calls": calls,
        "prompt_tokens": prompt_tokens,
        "completion_tokens": completion_tokens,
        "workers": max(1, workers if summarizer.concurrent else 1),
        "batch": None if batch is None else {"exported": len(batch.exported) if batch_export else 0,
                                             "answered_from_batch": batch.answered_from_batch,
                                             "export_file": str(batch_export) if batch_export else None,
                                             "import_file": str(batch_import) if batch_import else None},
        "model": summarizer.identity.model,
        "seconds": round(time.perf_counter() - started_clock, 3),
    }
    write_atomic(output_dir / REPORT_FILE, json.dumps(report, indent=2, sort_keys=True) + "\n")
    paths.append(output_dir / REPORT_FILE)
    store.finish_run(run_id, status, {"complete": 0, "partial": 8, "failed": 9}[status], report)
    return DigestRun(digest=digest, report=report, status=status, output_dir=output_dir, paths=paths)


def assemble(entries: list["_Entry"], results: dict[str, SummaryResult], exact_copies: dict[str, list["_Entry"]],
             failures: list[tuple[str, str]], since: dt.date | None, until: dt.date | None,
             params: GroupingParams = DEFAULT_PARAMS) -> Digest:
    """The digest of summarized articles: reprints collapsed, stories clustered, events merged."""
    entries = sorted(entries, key=lambda e: (e.published or dt.date.max, e.id))
    by_id = {e.id: e for e in entries}
    result_of = {e.id: results[e.key] for e in entries}
    rank = {e.id: (e.published or dt.date.max, len(result_of[e.id].article.text), e.input.name) for e in entries}
    features = [features_of(e.id, result_of[e.id]) for e in entries]
    reprint_of = find_reprints(features, rank, params)
    heads = [f for f in features if f.id not in reprint_of]
    clusters = cluster(heads, params)

    def article_entry(entry: _Entry) -> DigestArticle:
        reprints = [Reprint(id=r, url=by_id[r].input.url, source=by_id[r].outlet, input=by_id[r].input.name,
                            similarity=sim) for r, (head, sim) in sorted(reprint_of.items()) if head == entry.id]
        reprints += [Reprint(id=c.id, url=c.input.url, source=c.outlet, input=c.input.name, similarity=1.0)
                     for c in exact_copies.get(entry.key, [])]
        return DigestArticle(id=entry.id, sha256=entry.sha256, input=entry.input.name, url=entry.input.url,
                             source=entry.outlet, title=entry.title, published=entry.published, reprints=reprints)

    drafts = []
    for members in clusters:
        ordered = sorted((by_id[m] for m in members), key=lambda e: (e.published or dt.date.max, e.id))
        drafts.append(ordered)
    drafts.sort(key=lambda group: (-len(group), group[0].published or dt.date.max, group[0].title or "", group[0].id))
    stories = []
    for number, group in enumerate(drafts, start=1):
        story_id = f"s{number}"
        events: list[SourceEvent] = []
        for order, entry in enumerate(group):
            events += source_events(entry.id, entry.outlet, entry.input.url, order, result_of[entry.id])
        merged = story_events(story_id, events, {e.id: result_of[e.id] for e in group})
        conflicts = [f"{event.id} {measure.measure}" for event in merged for measure in event.measures
                     if measure.status == "conflict"]
        stories.append(Story(
            id=story_id,
            title=next((e.title for e in group if e.title), None) or result_of[group[0].id].article.text[:80],
            first_published=min((e.published for e in group if e.published), default=None),
            articles=[article_entry(e) for e in group],
            events=merged,
            conflicts=conflicts,
            synopsis=synopsis([(e.id, e.outlet, e.input.url, result_of[e.id]) for e in group]),
        ))
    return Digest(
        window={"since": since.isoformat() if since else None, "until": until.isoformat() if until else None},
        stories=stories,
        failures=[Failure(input=name, reason=reason) for name, reason in sorted(failures)],
    )

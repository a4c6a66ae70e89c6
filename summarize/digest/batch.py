"""Batch export and import of the night's model requests (OpenAI Batch API / `vllm run-batch` JSONL).

The guided engine asks its questions one after another, each depending on the answers
before it, so a night is exported one round at a time:

  export: every new article runs with a transport that answers from imported results
          and, at the first request it has no answer for, records that request as a
          batch line (custom_id = cleaned-text sha256 + prompt version + request number)
          and fails the rest of the article's requests; the article waits for the batch.
  import: the batch results are stored; each article is then summarized exactly as in
          the synchronous path (same verification, same re-asks), its recorded requests
          answered from the batch and every later question (re-asks included) asked
          synchronously of the live server.

A request is only answered from the batch when its body is the one exported (by hash), so
a changed prompt or article never receives a stale answer.
"""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path

import httpx

BATCH_URL = "/v1/chat/completions"


class BatchError(ValueError):
    """Batch options that cannot be used (the embedded model), or a file that is not a batch file."""


class BatchFormatError(BatchError):
    """A batch results file that is not OpenAI batch output."""


def body_hash(body: dict) -> str:
    return hashlib.sha256(json.dumps(body, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def custom_id(sha256: str, prompt_version: str, number: int) -> str:
    return f"{sha256}-{prompt_version}-{number}"


def export_line(identifier: str, body: dict) -> str:
    return json.dumps({"custom_id": identifier, "method": "POST", "url": BATCH_URL, "body": body},
                      sort_keys=True) + "\n"


def read_results(path: Path) -> dict[str, dict]:
    """custom_id -> chat completion body, for the lines that succeeded; errors are left out (asked live)."""
    answers: dict[str, dict] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            identifier = item["custom_id"]
            response = item.get("response") or {}
        except (ValueError, KeyError, TypeError):
            raise BatchFormatError(f"{path}:{number}: not a batch result line (custom_id, response)") from None
        if response.get("status_code") == 200 and isinstance(response.get("body"), dict):
            answers[identifier] = response["body"]
    return answers


class BatchTransport(httpx.BaseTransport):
    """One article's model traffic: answered from the batch, deferred to the next batch, or sent live."""

    def __init__(self, sha256: str, prompt_version: str, answers: dict[str, tuple[str, dict]],
                 live: httpx.BaseTransport | None, export: bool) -> None:
        self.sha256 = sha256
        self.prompt_version = prompt_version
        self.answers = answers  # custom_id -> (body hash, response body)
        self.live = live
        self.export = export
        self.number = 0
        self.deferred: tuple[str, dict] | None = None  # (custom_id, request body)
        self.from_batch = 0
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content or b"{}")
        with self._lock:
            self.number += 1
            identifier = custom_id(self.sha256, self.prompt_version, self.number)
        answered = self.answers.get(identifier)
        if answered is not None and answered[0] == body_hash(body):
            self.from_batch += 1
            return httpx.Response(200, json=answered[1], request=request)
        if self.export:
            if self.deferred is None:
                self.deferred = (identifier, body)
            # Later questions depend on this answer: none of them is asked (or exported) this round.
            return httpx.Response(400, json={"error": {"message": "deferred to the batch", "type": "batch_deferred"}},
                                  request=request)
        if self.live is None:
            return httpx.Response(503, json={"error": {"message": "no live model server for a request not in the "
                                                                  "batch"}}, request=request)
        return self.live.handle_request(request)

"""The direct engine against a real llama.cpp server (Gemma 3 270M), replayed from cassettes.

Recorded with `python -m llama_cpp.server --chat_format gemma` (see tests/README.md).
Whatever the 270M model answers, nothing unverified may come out, and no chunk costs
more than 2 calls (the first request and at most one re-ask).
"""

from __future__ import annotations

import json

import httpx
import pytest

from summarize import Settings, summarize_article
from summarize.backends.client import ModelClient
from summarize.errors import ModelAnswerError
from summarize.verify import audit
from tests.conftest import RECORDED_SERVER, assert_grounded, example
from tests.scripted_direct import article_numbers


def summarize_direct(name: str, **extra):
    """(result or None when no call gave a usable answer, the kinds of requests sent in order)."""
    kinds: list[str] = []

    def note(request: httpx.Request) -> None:
        prompt = json.loads(request.content)["messages"][-1]["content"]
        first = "failed verification" not in prompt and "was not usable" not in prompt
        kinds.append(f"first:{min(article_numbers(prompt))}" if first else "re-ask")

    settings = Settings(base_url=RECORDED_SERVER, mode="json_object_schema", engine="direct", client_max_retries=0,
                        transport_tries=1, request_timeout=900, transport_deadline=1800, direct_max_tokens=768,
                        **extra)
    client = ModelClient(settings, http_client=httpx.Client(event_hooks={"request": [note]}, timeout=900))
    try:
        return summarize_article(example(name), settings=settings, client=client), kinds
    except ModelAnswerError:
        return None, kinds


def assert_only_verified(result) -> None:
    assert result.usage.engine == "direct" and result.usage.backend == "compatible"
    if result.events or result.claims or result.summary:
        assert_grounded(result)
    again = audit(result)
    assert len(again.rejected) == len(result.rejected), "the final audit finds nothing left to reject"
    for event in result.events:
        assert all(q.value != 500 for q in event.quantities)  # the planted instruction's number
    for rejected in result.rejected:
        assert rejected.attempts <= 2


def assert_at_most_two_calls_per_chunk(kinds: list[str], chunks: int) -> None:
    firsts = [k for k in kinds if k.startswith("first")]
    assert len(firsts) == chunks and kinds[0].startswith("first")
    assert all(not (a == b == "re-ask") for a, b in zip(kinds, kinds[1:])), kinds
    assert len(kinds) <= 2 * chunks


@pytest.mark.vcr
def test_direct_engine_on_the_llama_cpp_server_emits_only_verified_facts():
    result, kinds = summarize_direct("port_verin_strikes.txt")
    assert_at_most_two_calls_per_chunk(kinds, chunks=1)
    if result is not None:
        assert_only_verified(result)
        assert result.usage.calls + result.usage.failed_calls == len(kinds) and result.usage.reasks == len(kinds) - 1
        assert result.usage.prompt_tokens > 0


@pytest.mark.vcr
def test_direct_engine_on_the_llama_cpp_server_in_chunks():
    result, kinds = summarize_direct("port_verin_strikes.txt", direct_chunk_tokens=200)
    assert_at_most_two_calls_per_chunk(kinds, chunks=2)
    if result is not None:
        assert_only_verified(result)
        assert result.usage.calls + result.usage.failed_calls == len(kinds)


@pytest.mark.vcr
def test_direct_engine_on_the_llama_cpp_server_re_asks_once_when_the_token_budget_allows():
    result, kinds = summarize_direct("port_verin_strikes.txt", direct_prompt_ratio=4.0)
    assert_at_most_two_calls_per_chunk(kinds, chunks=1)
    assert kinds == ["first:1", "re-ask"], "the model's first answer fails verification, so its one re-ask is sent"
    if result is not None:
        assert_only_verified(result)
        assert result.usage.reasks == 1

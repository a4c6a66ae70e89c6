from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.browser import browser  # noqa: F401  (the headless-chromium fixture of the page tests)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CASSETTES = ROOT / "cassettes"
# The llama.cpp server the cassettes were recorded against (see tests/README.md).
RECORDED_SERVER = "http://127.0.0.1:8765/v1"

settings.register_profile("ci", derandomize=True, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=200)
# `make stress`: many more generated cases for the fuzz and aligner properties (issue 10).
settings.register_profile("stress", max_examples=int(os.environ.get("STRESS_EXAMPLES", "1000")), deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
settings.load_profile("ci" if os.environ.get("CI") else "dev")


@pytest.fixture(autouse=True)
def _no_ambient_model_settings(monkeypatch, tmp_path):
    """Tests choose their backend explicitly; a developer's OPENAI_* never leaks in."""
    for name in list(os.environ):
        if name.startswith(("OPENAI_", "SUMMARIZE_")):
            monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="module")
def vcr_cassette_dir(request):
    return str(CASSETTES / request.module.__name__.split(".")[-1])


@pytest.fixture(scope="module")
def vcr_config():
    return {
        "filter_headers": ["authorization", "api-key", "x-api-key", "openai-organization", "cookie", "set-cookie"],
        "match_on": ["method", "scheme", "host", "port", "path", "query", "body"],
        "decode_compressed_response": True,
    }


def example(name: str) -> bytes:
    return (EXAMPLES / name).read_bytes()


def assert_grounded(result) -> None:
    """Every emitted evidence is the source's own words, and every value is backed by its quote."""
    from summarize.verify.support import numbers_in, unsupported_tokens

    text = result.article.text
    evidence = result.evidence()
    assert evidence, "a result with facts must carry evidence"
    for item in evidence:
        assert text[item.start:item.end] == item.quote
    for event in result.events:
        assert any(event.trigger.lower() in e.quote.lower() for e in event.evidence)
        for quantity in event.quantities:
            if quantity.value is not None:
                assert str(quantity.value) in numbers_in(" ".join(e.quote for e in quantity.evidence))
        for actor in event.actors:
            assert not unsupported_tokens(actor.name, " ".join(e.quote for e in actor.evidence))
    for claim in result.claims:
        assert claim.text in text
    for flagged in result.article.instruction_like:
        for item in evidence:
            assert item.end <= flagged.start or item.start >= flagged.end, "a planted instruction became evidence"
    for rejected in result.rejected:
        assert rejected.reason and rejected.value

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CASSETTES = ROOT / "cassettes"
# The llama.cpp server the cassettes were recorded against (see tests/README.md).
RECORDED_SERVER = "http://127.0.0.1:8765/v1"

settings.register_profile("ci", derandomize=True, max_examples=300, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", max_examples=200)
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

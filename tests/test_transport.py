"""Transport errors are retried (tenacity), separately from validation re-asks; modes per backend."""

from __future__ import annotations

from typing import Literal

import httpx
import pytest
from pydantic import create_model

from summarize import ModelAuthError, ModelError, ModelUnavailableError, Settings
from summarize.backends.client import ModelClient, retry_after_seconds
from tests.scripted import ScriptedServer, first_options

Answer = create_model("Answer", event=(Literal["air_drone_strike", "none"], ...))
QUESTION = [{"role": "user", "content": "Sentence: Jets bombed a depot.\nAnswer:"}]


def client_for(server: ScriptedServer, **settings) -> ModelClient:
    defaults = {"base_url": "http://scripted.test/v1", "transport_tries": 4, "transport_deadline": 30}
    return ModelClient(Settings(**(defaults | settings)), http_client=server.client())


@pytest.fixture(autouse=True)
def no_sleep(monkeypatch):
    """Record the waits tenacity asks for instead of sleeping through them."""
    waits: list[float] = []
    monkeypatch.setattr("tenacity.nap.time.sleep", waits.append)
    return waits


def test_429_is_retried_honouring_retry_after(no_sleep):
    server = ScriptedServer(first_options, failures=[httpx.Response(429, headers={"retry-after": "7"}, json={})])
    client = client_for(server)
    assert client.ask(QUESTION, Answer).event == "air_drone_strike"
    assert no_sleep == [7.0]
    assert client.stats.transport_retries == 1 and client.stats.calls == 1


def test_5xx_and_timeouts_are_retried_with_backoff(no_sleep):
    failures = [httpx.Response(503, json={}), httpx.Response(502, json={})]
    server = ScriptedServer(first_options, failures=failures)
    client = client_for(server)
    assert client.ask(QUESTION, Answer).event == "air_drone_strike"
    assert len(no_sleep) == 2 and all(0 < wait <= 30 for wait in no_sleep)


def test_transport_retries_are_bounded_then_fail_clearly(no_sleep):
    server = ScriptedServer(first_options, failures=[httpx.Response(503, json={})] * 10)
    client = client_for(server, transport_tries=3)
    with pytest.raises(ModelError, match="HTTP 503"):
        client.ask(QUESTION, Answer)
    assert len(server.requests) == 3


def test_unreachable_server_is_a_clear_error(no_sleep):
    def refuse(request):
        raise httpx.ConnectError("connection refused")

    client = ModelClient(
        Settings(base_url="http://scripted.test/v1", transport_tries=2),
        http_client=httpx.Client(transport=httpx.MockTransport(refuse)),
    )
    with pytest.raises(ModelUnavailableError, match="cannot reach the model server at http://scripted.test/v1"):
        client.ask(QUESTION, Answer)


def test_auth_errors_are_not_retried(no_sleep):
    server = ScriptedServer(first_options, failures=[httpx.Response(401, json={"error": {"message": "bad key"}})])
    with pytest.raises(ModelAuthError, match="credentials"):
        client_for(server).ask(QUESTION, Answer)
    assert len(server.requests) == 1 and no_sleep == []


def test_retry_after_accepts_an_http_date():
    import email.utils
    import time

    class Failure:
        response = httpx.Response(429, headers={"retry-after": email.utils.formatdate(time.time() + 20, usegmt=True)})

    assert 15 <= retry_after_seconds(Failure()) <= 21


def test_openai_backend_sends_strict_json_schema():
    server = ScriptedServer(first_options)
    client = ModelClient(Settings(api_key="sk-test"), http_client=server.client())
    assert (client.backend, client.mode) == ("openai", "json_schema")
    client.ask(QUESTION, Answer)
    response_format = server.requests[0]["response_format"]
    assert response_format["type"] == "json_schema" and response_format["json_schema"]["strict"] is True
    assert response_format["json_schema"]["schema"]["additionalProperties"] is False


def test_llama_cpp_python_refusal_of_json_schema_switches_to_json_object_with_schema(no_sleep):
    refusal = httpx.Response(500, json={"error": {"message": "('body', 'response_format', 'type'): "
                                                   "Input should be 'text' or 'json_object'"}})
    server = ScriptedServer(first_options, failures=[refusal])
    client = client_for(server)
    assert client.ask(QUESTION, Answer).event == "air_drone_strike"
    assert client.mode == "json_object_schema" and no_sleep == []  # negotiated, not retried
    first, second = (request["response_format"] for request in server.requests)
    assert first["type"] == "json_schema"
    assert second == {"type": "json_object", "schema": second["schema"]}
    assert second["schema"]["properties"]["event"]["enum"] == ["air_drone_strike", "none"]


def test_an_explicit_mode_is_never_renegotiated(no_sleep):
    refusal = httpx.Response(500, json={"error": {"message": "response_format: Input should be 'json_object'"}})
    server = ScriptedServer(first_options, failures=[refusal])
    with pytest.raises(ModelError):
        client_for(server, mode="json_schema").ask(QUESTION, Answer)


def test_no_key_and_no_url_selects_the_embedded_backend():
    assert Settings().resolved_backend() == "embedded"
    assert Settings(base_url="http://localhost:8080/v1").resolved_backend() == "compatible"
    assert Settings(api_key="sk-x").resolved_backend() == "openai"


def test_environment_settings_are_read(monkeypatch):
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("SUMMARIZE_MODEL", "qwen")
    monkeypatch.setenv("SUMMARIZE_MAX_ATTEMPTS", "3")
    settings = Settings()
    assert (settings.base_url, settings.model, settings.max_attempts) == ("http://127.0.0.1:9/v1", "qwen", 3)
    assert Settings(model="explicit").model == "explicit"  # arguments win

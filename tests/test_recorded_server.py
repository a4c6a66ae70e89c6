"""The whole pipeline against a real OpenAI-compatible server, replayed from cassettes.

Recorded against `python -m llama_cpp.server --chat_format gemma` serving the packaged
Gemma 3 270M (see tests/README.md). CI replays with record mode `none`, so a request
the cassette does not hold fails instead of reaching the network.
"""

from __future__ import annotations

import pytest

from summarize import Settings, summarize_article
from summarize.backends.client import ModelClient
from tests.conftest import RECORDED_SERVER, assert_grounded, example


def summarize_via_server(name: str, mode: str):
    settings = Settings(base_url=RECORDED_SERVER, mode=mode, client_max_retries=0, transport_tries=1,
                        engine="guided")
    return summarize_article(example(name), settings=settings, client=ModelClient(settings))


@pytest.mark.vcr
def test_llama_cpp_server_in_json_object_schema_mode():
    result = summarize_via_server("port_verin_strikes.txt", "json_object_schema")
    assert_grounded(result)
    assert result.usage.backend == "compatible" and result.usage.mode == "json_object_schema"
    assert result.events and result.summary
    assert result.article.instruction_like and all(q.value != 500 for e in result.events for q in e.quantities)
    assert 1 <= result.usage.calls <= 10 and result.usage.prompt_tokens > 0  # few questions: syntax settles the rest


@pytest.mark.vcr
def test_auto_mode_negotiates_json_object_with_the_llama_cpp_server():
    result = summarize_via_server("kessa_rocket_attack.txt", "auto")
    assert_grounded(result)
    assert result.usage.mode == "json_object_schema"
    assert result.article.outlet == "Northern Post"


@pytest.mark.vcr
def test_html_article_through_the_server():
    result = summarize_via_server("delvane_protest.html", "json_object_schema")
    assert_grounded(result)
    assert result.article.input_format == "html"
    assert any(e.sub_type.value in ("peaceful_protest", "arrest") for e in result.events)


@pytest.mark.vcr
def test_an_article_in_another_language_gives_a_grounded_result():
    result = summarize_via_server("aldmouth_tregua_es.txt", "json_object_schema")
    for item in result.evidence():
        assert result.article.text[item.start:item.end] == item.quote
    assert result.article.outlet == "Diario del Norte"

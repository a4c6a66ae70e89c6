"""The embedded default: the packaged Gemma 3 270M, in-process, no key and no server."""

from __future__ import annotations

import pytest

from summarize import asummarize_article, summarize_article
from tests.conftest import assert_grounded, example

pytestmark = pytest.mark.embedded


def test_embedded_default_summarizes_an_example_article_with_grounded_facts():
    result = summarize_article(example("kessa_rocket_attack.txt"))
    assert result.usage.backend == "embedded" and result.usage.mode == "choice_logits"
    assert_grounded(result)
    assert result.events, "the rocket attack should be found"
    assert result.usage.article_tokens and result.usage.prompt_tokens > result.usage.article_tokens


def test_async_form_gives_the_same_result_as_the_sync_form():
    import asyncio

    sync = summarize_article(example("aldmouth_tregua_es.txt"))
    result = asyncio.run(asummarize_article(example("aldmouth_tregua_es.txt")))
    assert result.model_dump(exclude={"usage"}) == sync.model_dump(exclude={"usage"})

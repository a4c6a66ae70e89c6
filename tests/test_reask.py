"""Verification failures are re-asked with an actionable message, then reported as rejected."""

from __future__ import annotations

import json

from summarize import Settings, summarize_article
from summarize.llm import ModelClient
from summarize.models import QuantityUnit
from tests.conftest import example
from tests.scripted import ScriptedServer, first_options, killed_then_targets


def scripted_summary(policy, max_attempts=2):
    server = ScriptedServer(policy)
    settings = Settings(base_url="http://scripted.test/v1", mode="json_schema", max_attempts=max_attempts)
    client = ModelClient(settings, http_client=server.client())
    return summarize_article(example("port_verin_strikes.txt"), settings=settings, client=client), server


def test_a_failed_check_is_reasked_with_the_reason_and_the_evidence():
    result, server = scripted_summary(killed_then_targets)
    quantities = {q.value: q for e in result.events for q in e.quantities}
    assert quantities[30].unit is QuantityUnit.targets  # 'killed' rejected, then 'targets' verified
    assert quantities[2].unit is QuantityUnit.killed  # 'two sailors ... killed' passes first time
    reasks = [m["content"] for body in server.requests for m in body["messages"][1:] if m["role"] == "user"]
    assert any("Rejected: counts='killed'" in text and "more than 30 sites" in text for text in reasks)
    assert result.usage.reasks == len(reasks) > 0


def test_after_bounded_attempts_the_value_is_reported_as_rejected_not_dropped():
    result, _ = scripted_summary(killed_then_targets, max_attempts=2)
    rejected = [r for r in result.rejected if "'at least 14'" in r.value]
    assert len(rejected) == 1
    assert rejected[0].attempts == 2
    assert rejected[0].field.startswith("events[") and rejected[0].field.endswith(".counts")
    assert "wounded at least 14 others" in rejected[0].nearest
    assert all(q.value != 14 for e in result.events for q in e.quantities)


def test_one_attempt_means_no_reask():
    result, server = scripted_summary(killed_then_targets, max_attempts=1)
    assert result.usage.reasks == 0
    assert all(len(body["messages"]) == 1 for body in server.requests)
    assert any(r.attempts == 1 and "'more than 30'" in r.value for r in result.rejected)


def test_the_planted_instruction_is_never_shown_to_the_model_as_a_question_nor_used_as_evidence():
    result, server = scripted_summary(first_options)
    planted = "Ignore all previous instructions"
    sentence_questions = [b["messages"][0]["content"].rsplit("Sentence: ", 1)[-1] for b in server.requests]
    assert not any(q.startswith(planted) for q in sentence_questions)
    assert all(planted not in e.quote for e in result.evidence())
    assert all(q.value != 500 for e in result.events for q in e.quantities)
    assert any("address a language model" in w for w in result.warnings)
    assert len(result.article.instruction_like) == 1


def test_a_long_article_keeps_questions_bounded_and_says_what_it_skipped():
    from summarize.extract import MAX_EVENT_SENTENCES

    paragraph = "Jets struck a depot near Kessa on Monday, officials said. "
    text = (paragraph * (MAX_EVENT_SENTENCES + 25)).encode()
    server = ScriptedServer(first_options)
    settings = Settings(base_url="http://scripted.test/v1", mode="json_schema")
    result = summarize_article(text, settings=settings, client=ModelClient(settings, http_client=server.client()))
    event_questions = [b for b in server.requests if "label sentences" in b["messages"][0]["content"]]
    assert len(event_questions) == MAX_EVENT_SENTENCES
    assert any("were not examined" in w for w in result.warnings)
    for item in result.evidence():
        assert result.article.text[item.start:item.end] == item.quote


def test_an_unparseable_answer_is_a_rejected_field_not_a_failed_article():
    def garbled_speakers(prompt, options, messages):
        return "the speaker is probably" if "speaker" in options else first_options(prompt, options, messages)

    result, server = scripted_summary(garbled_speakers)
    assert result.events and result.summary  # the rest of the article went on
    garbled = [r for r in result.rejected if r.field.startswith("claims[")]
    assert garbled and all(r.value == "(no valid answer)" and r.attempts == 2 for r in garbled)
    asked = [b for b in server.requests if "Say who said it" in b["messages"][0]["content"]]
    assert len(asked) == 2 * 2 * len(garbled)  # 2 attempts, each with instructor's one parse retry


def test_an_answer_cut_off_at_max_tokens_is_rejected_and_the_article_goes_on():
    def cut_summaries(prompt, options, messages):
        answer = first_options(prompt, options, messages)
        return ("length", json.dumps(answer)[:20]) if "sentence" in options else answer

    result, server = scripted_summary(cut_summaries)
    assert result.events and not result.summary
    cut = [r for r in result.rejected if r.field == "summary[0].answer"]
    assert cut and "cut off at max_tokens" in cut[0].reason

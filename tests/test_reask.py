"""A model answer that fails its meaning check is re-asked with the reason, then rejected."""

from __future__ import annotations

from summarize import Settings, summarize_article
from summarize.backends.client import ModelClient
from summarize.models import EventSubType
from tests.conftest import assert_grounded, example
from tests.scripted import ScriptedServer, first_options, prefer

ROCKETS_AND_DRONES = b"Militia fighters attacked an army base near Kessa with rockets and drones on Monday."


def summarize_with(policy, text=ROCKETS_AND_DRONES, max_attempts=2):
    server = ScriptedServer(policy)
    settings = Settings(base_url="http://scripted.test/v1", mode="json_schema", max_attempts=max_attempts,
                        engine="guided")
    client = ModelClient(settings, http_client=server.client())
    return summarize_article(text, settings=settings, client=client, published="2025-05-14"), server


def type_questions(server):
    return [b["messages"][0]["content"] for b in server.requests if "What kind of event" in b["messages"][0]["content"]]


def test_a_type_the_arguments_do_not_support_is_reasked_with_the_reason():
    result, server = summarize_with(prefer("an attack on civilians", "a missile, rocket"))
    assert_grounded(result)
    assert result.events[0].sub_type is EventSubType.missile_attack
    asked = type_questions(server)
    assert len(asked) == 2 and "Rejected: " in asked[1] and "do not fit a attack on civilians" in asked[1]
    assert result.usage.reasks == 1


def test_after_bounded_attempts_the_type_is_rejected_and_the_event_stays_general():
    result, server = summarize_with(prefer("an attack on civilians"), max_attempts=1)
    assert result.events[0].sub_type is EventSubType.other
    rejected = [r for r in result.rejected if r.field == "events[0].sub_type"]
    assert rejected and rejected[0].value == "an attack on civilians" and rejected[0].attempts == 1
    assert "rockets and drones" in rejected[0].nearest


def test_syntax_settles_what_it_can_without_asking():
    result, server = summarize_with(first_options, text=b"Coastal Guard jets bombed three depots near Kessa on Monday.")
    assert result.events[0].sub_type is EventSubType.air_drone_strike
    assert type_questions(server) == []


def test_the_planted_instruction_is_never_shown_as_a_question_nor_used_as_evidence():
    result, server = summarize_with(first_options, text=example("port_verin_strikes.txt"))
    planted = "Ignore all previous instructions"
    assert all(planted not in b["messages"][0]["content"] for b in server.requests)
    assert all(planted not in e.quote for e in result.evidence())
    assert all(q.value != 500 for e in result.events for q in e.quantities)
    assert any("address a language model" in w for w in result.warnings)

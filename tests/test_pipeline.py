"""Pipeline behaviour through `summarize_article`, with a scripted model that picks the first option."""

from __future__ import annotations

import datetime as dt

from summarize import Settings, summarize_article
from summarize.llm import ModelClient
from tests.conftest import assert_grounded, example
from tests.scripted import ScriptedServer, first_options, killed_then_targets


def summarize_scripted(raw: bytes, policy=first_options, **kwargs):
    server = ScriptedServer(policy)
    settings = Settings(base_url="http://scripted.test/v1", mode="json_schema")
    client = ModelClient(settings, http_client=server.client())
    return summarize_article(raw, settings=settings, client=client, **kwargs), server


def test_a_claim_with_one_named_source_needs_no_question():
    result, server = summarize_scripted(example("port_verin_strikes.txt"))
    rell = next(c for c in result.claims if c.text.startswith("Defence Minister Tomas Rell said"))
    assert rell.speaker == "Defence Minister Tomas Rell"
    asked = [b["messages"][0]["content"] for b in server.requests if "Say who said it" in b["messages"][0]["content"]]
    assert not any("Sentence: Defence Minister Tomas Rell said" in text for text in asked)


def test_relative_dates_resolve_against_the_dateline_and_an_explicit_date():
    result, _ = summarize_scripted(example("port_verin_strikes.txt"))
    dates = {e.date.text: e.date.value for e in result.events if e.date}
    assert dates["Friday"] == dt.date(2025, 3, 7)  # dateline 2025-03-08 is a Saturday
    result, _ = summarize_scripted(example("kessa_rocket_attack.txt"), published="2025-03-05")
    event_date = result.events[0].date
    assert (event_date.text, event_date.value, event_date.relative) == ("Tuesday night", dt.date(2025, 3, 4), True)


def test_same_kind_of_event_in_different_places_stays_two_events():
    text = (b"Jets struck a depot in Kessa on Monday, officials said.\n\n"
            b"Separately, jets struck a bridge in Aldmouth on Tuesday.\n\n"
            b"The strike in Kessa killed four people.")
    result, _ = summarize_scripted(text)
    assert [e.location.place for e in result.events] == ["Kessa", "Aldmouth"]
    assert len(result.events[0].evidence) == 2  # the third sentence joins Kessa
    assert_grounded(result)


def test_numbers_attributed_to_different_sources_keep_their_own_source():
    result, _ = summarize_scripted(example("port_verin_strikes.txt"), killed_then_targets)
    by_value = {q.value: q.attribution for e in result.events for q in e.quantities}
    assert by_value[9] == "The Larkmoor militia"
    assert by_value[12] == "the Port Verin hospital"
    assert by_value[30] == "the Estmark defence ministry"


def test_loaded_sentences_are_kept_out_of_the_summary_when_neutral_ones_exist():
    result, _ = summarize_scripted(example("port_verin_strikes.txt"))
    assert result.summary
    for sentence in result.summary:
        assert "long-overdue" not in sentence.text and "terrifying" not in sentence.text

"""Meaning checks (verify.meaning): pure functions over the parse of the evidence sentence."""

from __future__ import annotations

import pytest

from summarize.article.language import mention_span, parse
from summarize.models import ActorRole, EventStatus, EventSubType, QuantityUnit
from summarize.verify import meaning


def token(doc, text):
    return next(t for t in doc if t.text == text)


def span(doc, head_text):
    return mention_span(token(doc, head_text))


def test_the_bombed_group_is_the_target_and_the_by_agent_the_initiator():
    doc = parse("The Larkmoor militia was bombed by Coastal Guard jets near Kessa.").doc
    bombed = token(doc, "bombed")
    assert meaning.check_role(span(doc, "jets"), ActorRole.initiator, bombed) is None
    assert meaning.check_role(span(doc, "militia"), ActorRole.target, bombed) is None
    reason = meaning.check_role(span(doc, "militia"), ActorRole.initiator, bombed)
    assert reason and "target" in reason


def test_the_source_of_a_report_is_a_speaker_not_an_attacker():
    doc = parse("U.S. officials said militants attacked the base.").doc
    reason = meaning.check_role(span(doc, "officials"), ActorRole.initiator, token(doc, "attacked"))
    assert reason and "source of the report" in reason


@pytest.mark.parametrize("sentence, trigger, status", [
    ("Rebels did not attack the convoy.", "attack", EventStatus.negated),
    ("The militia denied carrying out the attack.", "attack", EventStatus.negated),
    ("The commander threatened to shell the town.", "shell", EventStatus.threatened),
    ("The ministry will hold elections in May.", "hold", EventStatus.planned),
    ("The union plans to strike next week.", "strike", EventStatus.planned),
    ("Troops shelled the town on Monday.", "shelled", EventStatus.occurred),
    ("Rebels could attack the convoy.", "attack", None),
    ("No aid has reached Gessara since Sunday.", "reached", EventStatus.negated),
    ("No one was hurt in the fire.", "hurt", EventStatus.negated),
    ("Transport unions have called a rally outside parliament for Saturday.", "rally", EventStatus.planned),
])
def test_negation_and_modality_decide_the_status(sentence, trigger, status):
    doc = parse(sentence).doc
    assert meaning.status_of(token(doc, trigger)) is status
    if status is not None:
        wrong = EventStatus.occurred if status is not EventStatus.occurred else EventStatus.planned
        assert meaning.check_status(wrong, token(doc, trigger))


@pytest.mark.parametrize("sentence, number, unit", [
    ("Militants carried out 60 attacks on the base.", "60", QuantityUnit.attacks),
    ("The blast killed three soldiers.", "three", QuantityUnit.killed),
    ("Three soldiers were killed in the blast.", "Three", QuantityUnit.killed),
    ("The attack wounded at least 14 others.", "14", QuantityUnit.injured),
    ("Jets struck more than 30 sites.", "30", QuantityUnit.targets),
    ("The hospital reported 12 dead.", "12", QuantityUnit.killed),
    ("Police detained 12 people.", "12", QuantityUnit.people),
    ("The attack killed three soldiers and left more than 40 others wounded.", "40", QuantityUnit.injured),
])
def test_the_counted_noun_and_its_clause_decide_the_unit(sentence, number, unit):
    doc = parse(sentence).doc
    assert meaning.unit_of(token(doc, number)) is unit
    assert meaning.check_unit(unit, token(doc, number)) is None
    other = QuantityUnit.people if unit is not QuantityUnit.people else QuantityUnit.killed
    assert meaning.check_unit(other, token(doc, number))


def test_a_number_belongs_to_the_event_whose_trigger_governs_its_clause():
    doc = parse("The strikes followed a rocket attack on the base that killed two sailors.").doc
    strikes, attack, two = token(doc, "strikes"), token(doc, "attack"), token(doc, "two")
    triggers = {strikes.i, attack.i}
    assert meaning.check_attachment(two, attack, triggers) is None
    assert "belongs to 'attack'" in meaning.check_attachment(two, strikes, triggers)


@pytest.mark.parametrize("sentence, trigger, fits, refused", [
    ("Coastal Guard jets struck militia depots.", "struck", EventSubType.air_drone_strike, EventSubType.agreement),
    ("Workers went on strike at the port.", "strike", None, EventSubType.air_drone_strike),
    ("The striker attacked the defence in the second half.", "attacked", None, EventSubType.armed_clash),
    ("According to the league, the match ended 2-1.", "According", None, EventSubType.agreement),
])
def test_a_type_needs_the_trigger_in_that_sense_and_arguments_that_fit(sentence, trigger, fits, refused):
    doc = parse(sentence).doc
    word = token(doc, trigger)
    if fits is not None:
        assert meaning.check_type(fits, word) is None
    assert meaning.check_type(refused, word)


@pytest.mark.parametrize("sentence, number, event", [
    ("Doctors said seven bodies had been brought in after the strike.", "seven", "strike"),
    ("Forces launched a missile barrage on the capital, killing at least nine people.", "nine", "barrage"),
])
def test_a_toll_belongs_to_the_event_its_clause_is_set_in(sentence, number, event):
    doc = parse(sentence).doc
    trigger = token(doc, event)
    assert meaning.governing_trigger(token(doc, number), {trigger.i}).i == trigger.i


def test_a_count_in_a_relative_clause_on_a_participant_belongs_to_no_event():
    doc = parse("Prosecutors charged Ostrik over his channel, which has about 200,000 followers.").doc
    charged = token(doc, "charged")
    assert meaning.governing_trigger(token(doc, "200,000"), {charged.i}) is None


@pytest.mark.parametrize("sentence, status", [
    ("Vick rejected the allegations.", EventStatus.negated),
    ("The club had rejected two earlier bids.", EventStatus.occurred),
    ("The militia denied the attack.", EventStatus.negated),
])
def test_a_denial_is_negated_but_rejecting_a_bid_is_an_act(sentence, status):
    doc = parse(sentence).doc
    verb = next(t for t in doc if t.pos_ == "VERB")
    assert meaning.statement_status(verb, meaning.status_of(verb)) is status


@pytest.mark.parametrize("sentence, trigger, protest", [
    ("Marrowfield rallied after the break and levelled in the final minute.", "rallied", False),
    ("Transport unions have called a rally outside parliament for Saturday.", "rally", True),
    ("Thousands of farmers marched on the capital on Monday.", "marched", True),
])
def test_rally_and_march_are_protests_only_with_people_or_a_cause(sentence, trigger, protest):
    senses = meaning.senses_that_fit(token(parse(sentence).doc, trigger))
    assert (EventSubType.peaceful_protest in senses) is protest


@pytest.mark.parametrize("text, low, high", [
    ("killed between nine and 12 civilians", 9, 12),
    ("between 10 and 15 were hurt", 10, 15),
    ("two to three hundred people", None, None),  # 200-300 is not 2-3: no range is read
])
def test_a_range_is_read_with_number_words_but_never_against_a_scale_word(text, low, high):
    from summarize.article.numbers_dates import numbers

    ranges = [(m.min, m.max) for m in numbers(text) if m.min is not None]
    assert ranges == ([(low, high)] if low is not None else [])


def test_status_of_event_nouns_prevented_referred_to_and_announced():
    from summarize.article.language import parse
    from summarize.verify.meaning import status_of

    def status(text: str, word: str):
        doc = parse(text).doc
        return status_of(next(t for t in doc if t.text == word))

    assert status("The goal of the strikes is to deter further attacks on troops.", "attacks") is None
    assert status("Syria warned that these strikes would fuel the conflict.", "strikes") is EventStatus.occurred
    assert status("The union announced a strike for Monday.", "strike") is EventStatus.planned
    assert status("Washington announced air strikes on sites in Syria.", "strikes") is EventStatus.occurred

"""The verifier: `locate`, value support and the final audit (pure functions)."""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from summarize import locate
from summarize.models import MatchTier
from summarize.verify import audit as audit_result
from summarize.verify.boundaries import on_word_boundaries
from summarize.verify.support import critical_tokens, unsupported_tokens

WORDS = ["the", "strike", "hit", "Kessa", "base", "near", "Port", "Verin", "on", "Monday", "killed", "not",
         "rockets", "militia", "said", "officials", "wounded", "March", "at", "least"]
prose = st.lists(
    st.one_of(st.sampled_from(WORDS), st.integers(0, 5000).map(str)), min_size=3, max_size=60
).map(" ".join)
long_prose = st.lists(
    st.one_of(st.sampled_from(WORDS), st.integers(0, 5000).map(str)), min_size=12, max_size=60
).map(" ".join)
any_text = st.text(min_size=1, max_size=300)


@given(source=any_text, data=st.data())
def test_every_substring_on_word_boundaries_is_located_exactly(source, data):
    start = data.draw(st.integers(0, len(source) - 1))
    end = data.draw(st.integers(start + 1, len(source)))
    quote = source[start:end]
    assume(quote.strip() and on_word_boundaries(source, start, end))
    found = locate(quote, source)
    assert found is not None
    assert found.match is MatchTier.exact
    assert source[found.start:found.end] == quote


@given(source=any_text, data=st.data())
def test_a_found_span_always_starts_and_ends_on_word_boundaries(source, data):
    start = data.draw(st.integers(0, len(source) - 1))
    end = data.draw(st.integers(start + 1, len(source)))
    found = locate(source[start:end], source)
    if found is not None:
        assert on_word_boundaries(source, found.start, found.end)
        assert (found.start, found.end) != (start, end) or on_word_boundaries(source, start, end)


@given(source=prose, data=st.data())
def test_a_quote_with_a_changed_number_is_never_accepted(source, data):
    numbers = list(re.finditer(r"\d+", source))
    assume(numbers)
    target = data.draw(st.sampled_from(numbers))
    start = data.draw(st.integers(0, target.start()))
    end = data.draw(st.integers(target.end(), len(source)))
    changed = str(int(target.group()) + data.draw(st.integers(1, 999)))
    quote = source[start:target.start()] + changed + source[target.end():end]
    found = locate(quote, source)
    if found is not None:  # only where the changed quote genuinely occurs in the source
        assert sorted(critical_tokens(quote)) == sorted(critical_tokens(source[found.start:found.end]))
        assert changed in source


@given(source=prose, data=st.data())
def test_fuzzy_never_grounds_a_multiword_quote_to_one_word(source, data):
    words = source.split()
    assume(len(words) >= 4)
    quote = " ".join(data.draw(st.permutations(words))[:4]) + " extra words here"
    found = locate(quote, source)
    if found is not None:
        assert len(source[found.start:found.end].split()) >= 3


@given(source=long_prose)
def test_a_quote_stitched_from_two_places_is_not_one_span(source):
    words = source.split()
    first = " ".join(words[0:4])
    second = " ".join(words[-4:])
    stitched = f"{first} {second}"
    assume(stitched not in source)
    found = locate(stitched, source)
    if found is not None:  # a near-identical passage elsewhere may exist; never the stitched gap
        span = source[found.start:found.end]
        assert len(span) <= len(stitched) + 3


SOURCE = "Officials said “at least 14 people” were killed — and 30 injured — in Kessa on Monday.\n\nNo one was arrested."


@pytest.mark.parametrize(
    "quote",
    [
        'said "at least 14 people" were killed - and 30 injured',  # straight quotes, plain dash
        "AT LEAST 14 PEOPLE",  # case
        "were   killed —\tand 30",  # whitespace runs
        "in Kessa on Monday. No one",  # paragraph break folded to one space
    ],
)
def test_normalized_tier_maps_back_to_raw_offsets(quote):
    found = locate(quote, SOURCE)
    assert found is not None and found.match is MatchTier.normalized
    raw = SOURCE[found.start:found.end]
    assert raw.replace("“", '"').replace("”", '"').replace("—", "-").lower().split() == (
        quote.replace("—", "-").lower().split()
    )


def test_normalized_tier_folds_compatibility_forms():
    source = "The ﬁghters left Ａｌｄｍｏｕｔｈ at dawn."
    found = locate("fighters left Aldmouth", source)
    assert found is not None and found.match is MatchTier.normalized
    assert source[found.start:found.end] == "ﬁghters left Ａｌｄｍｏｕｔｈ"


def test_fuzzy_tier_accepts_a_small_typo_only():
    source = "The militia said the bombardment destroyed three warehouses near the harbour."
    found = locate("the bombardmant destroyed three warehouses near", source)
    assert found is not None and found.match is MatchTier.fuzzy
    assert source[found.start:found.end] == "the bombardment destroyed three warehouses near"


@pytest.mark.parametrize(
    "mutated",
    [
        "the bombardment destroyed four warehouses near the harbour",  # number word
        "the bombardment destroyed three warehouses near the Harbor",  # a name-like change
        "the bombardment destroyed three warehouses on Monday near",  # date inserted
        "the bombardment did not destroy three warehouses near the harbour",  # negation
    ],
)
def test_fuzzy_tier_rejects_changed_numbers_names_dates_negations(mutated):
    source = "The militia said the bombardment destroyed three warehouses near the harbour."
    assert locate(mutated, source) is None


def test_short_or_empty_quotes_never_match_fuzzily():
    assert locate("", "anything") is None
    assert locate("   ", "anything") is None
    assert locate("Kesa", "Rockets hit Kessa.") is None


def test_near_picks_the_closest_repeat():
    source = "Rockets hit. Later: Rockets hit."
    assert locate("Rockets hit", source, near=20).start == 20
    assert locate("Rockets hit", source).start == 0


@pytest.mark.parametrize(
    ("value", "quote", "missing"),
    [
        ("more than 30 sites", "struck more than 30 sites", []),
        ("more than 31 sites", "struck more than 30 sites", ["num:31"]),
        ("three civilians", "including 3 civilians", []),
        ("Tomas Rell", "Defence Minister Tomas Rell said", []),
        ("Tomas Brandt", "Defence Minister Tomas Rell said", ["name:brandt"]),
        ("on Friday", "early on Tuesday", ["date:fri"]),
        ("2,500 troops", "About 2500 troops", []),
    ],
)
def test_values_must_be_backed_by_their_quote(value, quote, missing):
    assert unsupported_tokens(value, quote) == missing


def test_a_stitched_quote_with_a_gap_is_rejected():
    source = "Jets struck the depot at dawn. Officials later said nobody was hurt in the raid."
    assert locate("Jets struck the depot at dawn. nobody was hurt in the raid.", source) is None
    assert locate("Jets struck the depot said nobody was hurt", source) is None


def test_compound_number_words_are_one_number():
    assert unsupported_tokens("21 sailors", "twenty-one sailors were hurt") == []
    assert unsupported_tokens("20 sailors", "twenty-one sailors were hurt") == ["num:20"]


def test_audit_renumbers_links_and_rejects_a_link_to_a_rejected_event_and_a_false_trigger_span():
    from summarize.models import (Article, Event, EventLink, EventRelation, EventStatus, EventSubType, EventType,
                                  Evidence, MatchTier, SummaryResult, Usage)
    from summarize.verify import audit

    text = "A bomb exploded in Kessa. Troops struck the depot in response to the bombing. Rebels fired rockets."

    def ev(start, end):
        return Evidence(start=start, end=end, quote=text[start:end], match=MatchTier.exact)

    def event(trigger, sentence, links=()):
        start = text.index(sentence)
        at = text.index(trigger, start)
        return Event(event_type=EventType.other, sub_type=EventSubType.other, status=EventStatus.occurred,
                     trigger=trigger, evidence=[ev(start, start + len(sentence))], what=ev(at, at + len(trigger)),
                     links=list(links))

    forged = event("exploded", "A bomb exploded in Kessa.")
    forged.evidence = [Evidence(start=0, end=6, quote="A bomb", match=MatchTier.exact)]  # no trigger in it
    struck = event("struck", "Troops struck the depot in response to the bombing.",
                   [EventLink(relation=EventRelation.responds_to, event=0, evidence=[ev(26, 78)])])
    fired = event("fired", "Rebels fired rockets.",
                  [EventLink(relation=EventRelation.responds_to, event=1, evidence=[ev(26, 78)])])
    fired.what = Evidence(start=0, end=6, quote="A bomb", match=MatchTier.exact)  # not the trigger
    result = SummaryResult(article=Article(text=text, sha256="x"), events=[forged, struck, fired],
                           usage=Usage(model="m", backend="b", mode="m", engine="e", prompt_version="v"))
    checked = audit(result)
    assert [e.trigger for e in checked.events] == ["struck", "fired"]
    assert checked.events[0].links == []  # its event was rejected
    assert [link.event for link in checked.events[1].links] == [0]  # renumbered from 1 to 0
    assert checked.events[1].what is None
    fields = {r.field for r in checked.rejected}
    assert {"events[0]", "events[1].links[0]", "events[2].what"} <= fields


def test_audit_leaves_the_callers_result_untouched():
    from tests.test_fuzz_input import summarize_scripted

    result = summarize_scripted("Rockets hit Kessa on Monday, killing 3 people, the army said.\n\n"
                                "The mayor, Tomas Rell, said 12 homes were destroyed in the attack.")
    tampered = result.model_copy(deep=True)
    actor = tampered.events[0].actors[0]
    forged = actor.evidence[0].model_copy(update={"quote": "not in the article"})  # this actor must be rejected
    tampered.events[0].actors[0] = actor.model_copy(update={"evidence": [forged]})
    before = tampered.model_dump()
    checked = audit_result(tampered)
    assert tampered.model_dump() == before
    assert len(checked.events[0].actors) == len(tampered.events[0].actors) - 1


def test_audit_rejects_evidence_that_cuts_a_word_or_a_number():
    from summarize.models import Article, Claim, Evidence, MatchTier, SummaryResult, Usage

    text = "Minister Petrović said 140 people were evacuated."

    def claim(quote):
        start = text.index(quote)
        return Claim(speaker="unnamed", text=quote,
                     evidence=[Evidence(start=start, end=start + len(quote), quote=quote, match=MatchTier.exact)])

    result = SummaryResult(article=Article(text=text, sha256="x"),
                           claims=[claim("Minister Petrov"), claim("said 14"), claim("said 140 people")],
                           usage=Usage(model="m", backend="b", mode="m", engine="e", prompt_version="v"))
    checked = audit_result(result)
    assert [c.text for c in checked.claims] == ["said 140 people"]
    assert [r.field for r in checked.rejected] == ["claims[0]", "claims[1]"]
    assert all("inside a word" in r.reason for r in checked.rejected)

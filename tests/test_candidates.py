"""Rule-based candidates and date resolution."""

from __future__ import annotations

import datetime as dt

import pytest

from summarize import candidates
from summarize.models import DatePrecision, Qualifier

SATURDAY = dt.date(2025, 3, 8)


def test_numbers_keep_counts_and_skip_years_days_and_numbered_names():
    sentence = "On March 3, 2024 over 85 sites and Tower 22 were hit, killing three soldiers at 10:30."
    found = [(m.span.text, m.value, m.qualifier) for m in candidates.numbers(sentence)]
    assert found == [("over 85", 85, Qualifier.more_than), ("three", 3, Qualifier.exact)]


def test_number_words_and_thousands_separators_parse():
    values = [m.value for m in candidates.numbers("About 2,500 troops and twenty-one officers and 900 more.")]
    assert values == [2500, 21, 900]


@pytest.mark.parametrize(
    ("phrase", "value", "relative"),
    [
        ("Friday", dt.date(2025, 3, 7), True),
        ("Saturday", SATURDAY, True),
        ("last Saturday", dt.date(2025, 3, 1), True),
        ("yesterday", dt.date(2025, 3, 7), True),
        ("last night", dt.date(2025, 3, 7), True),
        ("March 3", dt.date(2025, 3, 3), True),
        ("December 30", dt.date(2024, 12, 30), True),
        ("Feb. 2, 2024", dt.date(2024, 2, 2), False),
        ("2 February 2024", dt.date(2024, 2, 2), False),
        ("2024-02-04", dt.date(2024, 2, 4), False),
    ],
)
def test_dates_resolve_against_the_publication_date(phrase, value, relative):
    resolved, precision, is_relative = candidates.resolve_date(phrase, SATURDAY)
    assert (resolved, precision, is_relative) == (value, DatePrecision.day, relative)


def test_relative_dates_stay_unresolved_without_a_publication_date():
    assert candidates.resolve_date("on Tuesday"[3:], None) == (None, None, True)


def test_month_only_dates_have_month_precision():
    assert candidates.resolve_date("October", SATURDAY) == (dt.date(2024, 10, 1), DatePrecision.month, True)


def test_names_places_and_attributions_are_spans_of_the_sentence():
    sentence = ("The Larkmoor militia said 9 of its fighters were killed near Port Verin, "
                "according to the Estmark defence ministry.")
    for span in candidates.names(sentence) + candidates.places(sentence) + candidates.attributions(sentence):
        assert sentence[span.start:span.end] == span.text
    assert "Larkmoor militia" in [s.text for s in candidates.names(sentence)]
    assert [s.text for s in candidates.places(sentence)] == ["Port Verin"]
    assert [s.text for s in candidates.attributions(sentence)] == ["the Estmark defence ministry", "The Larkmoor militia"]


def test_ranges_give_min_and_max():
    found = [(m.span.text, m.min, m.max, m.qualifier) for m in candidates.numbers(
        "Between 10 and 15 people died and 20-30 were hurt in the 2023-2024 season.")]
    assert found == [("Between 10 and 15", 10, 15, Qualifier.between), ("20-30", 20, 30, Qualifier.between)]


@pytest.mark.parametrize(
    ("sentence", "sources"),
    [
        ("Reuters quoted an unnamed U.S. military official as saying.", ["an unnamed U.S. military official"]),
        ("The attack announced by the navy was the first.", []),  # passive: the attack is not a source
        ("Iraq also reported casualties, with at least 16 people killed.", ["Iraq"]),
        ("The militia's spokesman, Ivo Brandt, warned that it would retaliate.", ["Ivo Brandt"]),
    ],
)
def test_sources_of_statements(sentence, sources):
    assert [span.text for span in candidates.attributions(sentence)] == sources


def test_event_cues_do_not_fire_on_look_alike_words():
    from summarize.models import EventSubType
    from summarize.taxonomy import cues_for
    from summarize.verify import has_cue

    protest = cues_for(EventSubType.peaceful_protest)
    assert has_cue("The strikes demonstrate resolve, officials said in March.", protest) is None
    assert has_cue("Farmers marched through Delvane.", protest) == "marched"

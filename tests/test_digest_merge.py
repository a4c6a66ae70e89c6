"""Merging figures into assertions: agreement, conflict, the conservative headline; never an average."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from summarize.digest.merge import interval, summarize_measure
from summarize.digest.models import Assertion, Span
from summarize.models import Evidence, MatchTier, Quantity, QuantityUnit, Qualifier


def quantity(text: str, value: int | None, qualifier: Qualifier, *, low: int | None = None,
             high: int | None = None, attribution: str | None = None) -> Quantity:
    return Quantity(text=text, value=value, min=low, max=high, qualifier=qualifier, unit=QuantityUnit.injured,
                    attribution=attribution,
                    evidence=[Evidence(start=0, end=len(text), quote=text, match=MatchTier.exact)])


def assertion(q: Quantity, outlet: str) -> Assertion:
    low, high = interval(q)
    return Assertion(measure=q.unit.value, value=q.value, low=low, high=high, qualifier=q.qualifier, text=q.text,
                     attribution=q.attribution,
                     source=Span(article=outlet.lower(), outlet=outlet, start=0, end=len(q.text), quote=q.text))


def test_more_than_40_and_over_40_agree():
    merged = summarize_measure("injured", [
        assertion(quantity("more than 40 others wounded", 40, Qualifier.more_than), "Wire"),
        assertion(quantity("over 40 others", 40, Qualifier.more_than), "Post"),
    ])
    assert merged.status == "agree"
    assert (merged.range_low, merged.range_high) == (41, None)
    assert merged.headline == "more than 40"
    assert [a.source.outlet for a in merged.assertions] == ["Wire", "Post"]


def test_an_exact_figure_inside_a_range_agrees_and_the_range_narrows():
    merged = summarize_measure("killed", [
        assertion(quantity("between 8 and 10 people", None, Qualifier.between, low=8, high=10), "Times"),
        assertion(quantity("nine people", 9, Qualifier.exact, attribution="health officials"), "Post"),
    ])
    assert merged.status == "agree" and (merged.range_low, merged.range_high) == (9, 9)


def test_ranges_that_do_not_overlap_conflict_and_every_figure_is_kept_with_its_source():
    merged = summarize_measure("killed", [
        assertion(quantity("nine people", 9, Qualifier.exact, attribution="Valley health officials"), "Wire"),
        assertion(quantity("at least 17 of its fighters", 17, Qualifier.at_least, attribution="Red Ridge Brigade"),
                  "Wire"),
        assertion(quantity("between 8 and 10", None, Qualifier.between, low=8, high=10), "Times"),
    ])
    assert merged.status == "conflict"
    assert merged.headline == "at least 8 (disputed)"
    assert (merged.range_low, merged.range_high) == (8, None)
    assert [a.attribution for a in merged.assertions] == ["Valley health officials", "Red Ridge Brigade", None]


def test_a_single_source_keeps_its_own_wording():
    merged = summarize_measure("people", [assertion(quantity("About 400 workers", 400, Qualifier.about), "Herald")])
    assert merged.status == "single" and merged.headline == "about 400"


figures = st.builds(
    lambda value, qualifier: quantity(f"{value}", value, qualifier),
    st.integers(min_value=0, max_value=5000),
    st.sampled_from([q for q in Qualifier if q is not Qualifier.between]),
)


@given(st.lists(figures, min_size=1, max_size=6))
def test_merging_never_averages_and_the_headline_number_is_one_a_source_gave(items):
    assertions = [assertion(q, f"Outlet{n}") for n, q in enumerate(items)]
    merged = summarize_measure("injured", assertions)
    written = {q.value for q in items}
    number = int("".join(ch for ch in merged.headline.split("(")[0] if ch.isdigit()) or -1)
    assert number in written
    assert len(merged.assertions) == len(items)  # every figure is kept
    if merged.status == "conflict":
        assert merged.headline == f"at least {min(written)} (disputed)"


@given(figures, figures)
def test_agreement_is_symmetric_and_a_figure_agrees_with_itself(a, b):
    one, two = assertion(a, "A"), assertion(b, "B")
    assert summarize_measure("x", [one, two]).status == summarize_measure("x", [two, one]).status
    assert summarize_measure("x", [one, assertion(a, "C")]).status == "agree"


def _event(trigger: str, sub_type, *quantities: Quantity):
    from summarize.models import Event
    from summarize.taxonomy import event_type_of

    return Event(event_type=event_type_of(sub_type), sub_type=sub_type, status="occurred", trigger=trigger,
                 evidence=[Evidence(start=0, end=len(trigger), quote=trigger, match=MatchTier.exact)],
                 quantities=list(quantities))


def test_two_reports_of_one_attack_with_agreeing_tolls_align_across_sources():
    from summarize.digest.merge import SourceEvent, align_events
    from summarize.models import EventSubType

    one = _event("attacks", EventSubType.armed_clash, quantity("more than 40 others", 40, Qualifier.more_than))
    other = _event("attack", EventSubType.other, quantity("over 40 others", 40, Qualifier.more_than))
    unrelated = _event("attack", EventSubType.other, quantity("two wounded", 2, Qualifier.exact))
    events = [SourceEvent("a", "A", None, 0, 0, one, "plain", False),
              SourceEvent("b", "B", None, 1, 0, other, "answered", False),
              SourceEvent("c", "C", None, 2, 0, unrelated, "plain", False)]
    groups = [{e.article for e in g} for g in align_events(events)]
    assert {"a", "b"} in groups and {"c"} in groups

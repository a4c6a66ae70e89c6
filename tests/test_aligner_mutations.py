"""The aligner refuses every change of meaning (issue 10, item 6), and still finds honest variants.

One property per mutation class: a generated mutated quote whose words are nowhere in the
article is never located, whichever tier and whatever wrapping. Sentences come from the
written mutation set (bench/aligner_mutations.py) and from a template filled by hypothesis.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bench.aligner_mutations import ARTICLES, HONEST, MUTATIONS, Case, found_where_expected, is_impostor, sentences
from summarize import locate
from summarize.verify.boundaries import on_word_boundaries
from tests.fuzzing import examples

WRITTEN = [(ARTICLES[i], start, end) for i in range(len(ARTICLES)) for start, end in sentences(ARTICLES[i])]

NAMES = ["Dragan Petrović", "Ilse Ivanova", "Marta Lindqvist", "Tomas Rell", "Sara Okafor", "Zoë Brontë"]
PLACES = ["Port Verin", "Kessa", "Aldmouth", "Sorrel Creek", "Brekka"]
BOUNDS = ["at least", "at most", "more than", "fewer than", "up to", "nearly", "about", "exactly"]
UNITS = ["mm", "cm", "km", "kg", "percent", "points", "tonnes", "metres", "hours", "days"]
CURRENCIES = ["$", "€", "£", "¥"]
NOUNS = ["people", "homes", "vehicles", "depots", "families", "workers", "passengers"]
VERBS = ["damaged", "evacuated", "counted", "reported", "destroyed", "registered"]
AUXILIARIES = ["were", "had been", "would be", "will be", "was"]
ASIDES = ["", " — the agency said —", " – officials said –", ", the agency’s chief said,", " (“a disaster”)",
          ", said Renée Müller,"]
FILLER = "Officials gave no further details.\n\nThe agency said it would publish a full report next month."

numbers = st.one_of(st.integers(1, 99_999).map(str), st.integers(1, 999).map(lambda n: f"{n / 10:.1f}"),
                    st.integers(1_000, 999_999).map(lambda n: f"{n:,}"))


@st.composite
def generated_sentence(draw) -> tuple[str, int, int]:
    """A news-like sentence with a name, place, bound, numbers, unit, currency and time, in an article."""
    sentence = (
        f"{draw(st.sampled_from(NAMES))} said {draw(st.sampled_from(BOUNDS))} {draw(numbers)} "
        f"{draw(st.sampled_from(NOUNS))} {draw(st.sampled_from(AUXILIARIES))}{draw(st.sampled_from(['', ' not']))} "
        f"{draw(st.sampled_from(VERBS))} near {draw(st.sampled_from(PLACES))}{draw(st.sampled_from(ASIDES))} "
        f"at {draw(st.integers(1, 12))} "
        f"{draw(st.sampled_from(['a.m.', 'p.m.']))}, a loss of {draw(st.sampled_from(CURRENCIES))}{draw(numbers)} "
        f"million and {draw(numbers)} {draw(st.sampled_from(UNITS))} of {draw(st.sampled_from(['road', 'cable']))}."
    )
    article = f"{FILLER}\n\n{sentence}\n\n{FILLER}"
    start = article.index(sentence)
    return article, start, start + len(sentence)


articles_with_a_sentence = st.one_of(st.sampled_from(WRITTEN), generated_sentence())


def wrapped(quote: str, how: int) -> str:
    return [quote, f"“{quote}”", f'"{quote}"', f"…{quote}…", f"... {quote}"][how]


@pytest.mark.parametrize("kind", sorted(MUTATIONS))
@settings(max_examples=examples(100))
@given(chosen=articles_with_a_sentence, rng=st.randoms(use_true_random=False), how=st.integers(0, 4))
def test_a_mutated_quote_is_never_accepted(kind, chosen, rng, how):
    article, start, end = chosen
    quote = MUTATIONS[kind](article[start:end], rng)
    assume(quote is not None and is_impostor(kind, quote, article))
    quote = quote if kind == "word_boundary" else wrapped(quote, how)
    assert locate(quote, article) is None


@pytest.mark.parametrize("kind", sorted(HONEST))
@settings(max_examples=examples(60), suppress_health_check=[HealthCheck.filter_too_much])
@given(chosen=articles_with_a_sentence, rng=st.randoms(use_true_random=False))
def test_an_honest_variant_is_found_at_its_sentence(kind, chosen, rng):
    article, start, end = chosen
    quote = HONEST[kind](article[start:end], rng)
    assume(quote is not None and quote != article[start:end])
    found = locate(quote, article)
    assert found is not None, quote
    assert found_where_expected(Case(0, kind, quote, start, end, honest=True), found.start, found.end)


@pytest.mark.parametrize(
    ("quote", "source"),
    [
        ("Petrov", "Minister Petrović said."),
        ("said Petrov", "Minister Petrović said, and then said Petrovića was wrong."),
        ("killed 14", "Rebels killed 140 people."),
        ("rose 3", "Prices rose 3.5 percent."),
        ("the army did", "Officials said the army didn't fire."),
        ("lethal weapons", "Police used non-lethal weapons."),
        ("5 degrees", "It was -5 degrees."),
        ("twenty sailors", "The navy said twenty-one sailors were hurt."),
    ],
)
def test_a_quote_inside_a_word_or_number_is_refused(quote, source):
    assert locate(quote, source) is None


@pytest.mark.parametrize(
    ("quote", "source", "expected"),
    [
        ("Petrov", "Minister Petrov's office said.", "Petrov"),  # a possessive may be left out
        ("“strikes will go on”", "He said the strikes will go on.", "strikes will go on"),
        ("...the strikes will go on...", "He said the strikes will go on.", "the strikes will go on"),
        ("Kessa", "The Kessa-based militia fired.", "Kessa"),
        ("中国", "他说中国和日本。", "中国"),  # unspaced scripts have a boundary between characters
    ],
)
def test_honest_boundaries_and_wrappers_are_found(quote, source, expected):
    found = locate(quote, source)
    assert found is not None and source[found.start:found.end] == expected
    assert on_word_boundaries(source, found.start, found.end)


@pytest.mark.parametrize(
    ("mutated", "kind"),
    [
        ("Shares rose 12 percent to $48 million on Wednesday morning", "two numbers swapped"),
        ("Shares rose 48 percent to $12 million on Wednesday morning", "the original"),  # control: found
    ],
)
def test_two_swapped_numbers_are_refused_by_every_tier(mutated, kind):
    source = "Analysts said shares rose 48 percent to $12 million on Wednesday morning, a record."
    found = locate(mutated, source)
    assert (found is None) == (kind == "two numbers swapped")

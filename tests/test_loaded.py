"""`summarize.find_loaded_language`: loaded wording in the writer's voice, and attributed wording."""

from __future__ import annotations

from importlib import resources

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarize import LoadedTerm, find_loaded_language
from summarize.article.language import parse
from summarize.article.loaded import subjectivity, word_count
from summarize.models import LoadedCategory


def own(text: str) -> list[tuple[str, str]]:
    return [(t.term, t.category.value) for t in find_loaded_language(text) if not t.attributed]


@pytest.mark.parametrize(("sentence", "term", "category"), [
    ("The tragic accident on the coast road claimed four lives.", "tragic", "emotive"),
    ("Opposition leaders slammed the budget on Tuesday.", "slammed", "emotive"),
    ("The massacre in the village was reported by local radio.", "massacre", "emotive"),
    ("The regime in Varsk arrested twelve reporters this year.", "regime", "label"),
    ("The so-called reform panel met in private.", "so-called", "label"),
    ("A gang of thugs smashed the windows of the bakery.", "thugs", "label"),
    ("The company announced a massive recall of its vans.", "massive", "intensifier"),
    ("The ruling was utterly unexpected.", "utterly", "intensifier"),
    ("The merger will inevitably cost jobs.", "will inevitably", "speculation"),
    ("The strikes underscore the seriousness with which Estmark views the attacks.", "underscore", "speculation"),
    ("The move is clearly designed to distract voters.", "clearly", "speculation"),
])
def test_loaded_wording_in_the_writers_voice_is_flagged_with_its_category(sentence, term, category):
    assert (term, category) in own(sentence)


@pytest.mark.parametrize("sentence", [
    "The court of appeal upheld the conviction on Tuesday.",
    "Shares in Corvane rose 4 percent in early trading.",
    "At least 23 people died in the floods, according to the civil protection agency.",
    "The car slammed into a wall near the station.",  # a collision, not criticism
    "The sanctions regime was extended for a year.",  # a set of rules, not a government
    "Parliament passed the anti-terrorist financing law by 212 votes to 190.",
    "Brilliant Technologies reported a quarterly profit.",  # a name
    "Heavy fighting continued near the border, the army said.",
    "Defence Minister Tomas Rell has underscored that the navy will respond.",  # a statement, not the writer's
])
def test_neutral_news_wording_is_not_flagged(sentence):
    assert own(sentence) == []


@pytest.mark.parametrize(("sentence", "term", "speaker"), [
    ('The defence minister called the rebels "terrorists".', "terrorists", "The defence minister"),
    ("X called it a 'terrorist attack'.".replace("'", "\u201c", 1).replace("'", "\u201d"), "terrorist", "X"),
    ("The senator called the proposal reckless and dangerous.", "reckless", "The senator"),
    ("Critics have described the law as draconian.", "draconian", "Critics"),
    ("The foreign ministry condemned what it called a cowardly act of aggression.", "cowardly", "it"),
    ("The minister said the attack was barbaric.", "barbaric", "The minister"),
    ("According to the union, the strike cost the port a fortune.", "a fortune", "the union"),
])
def test_quoted_or_reported_wording_of_a_speaker_is_attributed_not_loaded(sentence, term, speaker):
    terms = find_loaded_language(sentence)
    found = [t for t in terms if t.term == term]
    assert found, terms
    assert found[0].attributed and found[0].speaker == speaker
    assert own(sentence) == [] or term not in [t for t, _ in own(sentence)]


def test_scare_quotes_without_a_speaker_and_words_about_the_speaker_stay_the_writers():
    assert ("regime", "label") in own('The brutal regime said it had won the "election".')
    assert ("brutal", "emotive") in own('The brutal regime said it had won the "election".')
    assert ("so-called", "label") in own('The so-called "peace plan" was published on Monday.')


def test_a_speaker_less_passive_attributes_nothing():
    assert ("brutal", "emotive") in own("The crackdown was described as brutal.")


def test_the_writers_frame_before_a_trailing_attribution_stays_the_writers():
    sentence = ("In a dramatic and long-overdue show of force, Coastal Guard jets struck 30 sites on Friday, "
                "the defence ministry said.")
    assert ("dramatic", "emotive") in own(sentence) and ("long-overdue", "intensifier") in own(sentence)


def test_spans_index_the_text_and_a_parse_is_reused():
    text = "Police said the vicious attack was clearly planned.\n\nThe huge crowd cheered the heroic firefighters."
    terms = find_loaded_language(text)
    assert terms and all(text[t.start:t.end] == t.term for t in terms)
    assert find_loaded_language(parse(text)) == terms
    assert all(isinstance(t, LoadedTerm) and isinstance(t.category, LoadedCategory) for t in terms)


def test_subjectivity_counts_own_voice_terms_per_hundred_words():
    text = "The tragic crash killed two. Police said it was a horrific scene."
    terms = find_loaded_language(text)
    assert [t.term for t in terms if not t.attributed] == ["tragic"]
    assert word_count(text) == 12
    assert subjectivity(terms, text) == round(100 / 12, 2)
    assert subjectivity([], "") == 0.0


def test_the_lexicons_are_package_data():
    folder = resources.files("summarize.article") / "lexicons"
    names = {entry.name for entry in folder.iterdir()}
    assert {"emotive.toml", "labels.toml", "intensifiers.toml", "speculation.toml", "attribution.toml"} <= names


SUBJECTS = ["The army", "Police", "The mayor", "Shareholders", "The coach"]
LOADED_ADJECTIVES = ["tragic", "brutal", "shameful", "massive", "heroic", "cowardly"]


@settings(max_examples=40, deadline=None)
@given(subject=st.sampled_from(SUBJECTS), adjective=st.sampled_from(LOADED_ADJECTIVES),
       quoted=st.booleans(), reported=st.booleans())
def test_voice_follows_the_frame_for_any_loaded_adjective(subject, adjective, quoted, reported):
    """A loaded adjective is the writer's unless a speaker says it (quoted or reported)."""
    word = f'"{adjective}"' if quoted else adjective
    sentence = f"{subject} said the {word} attack was over." if reported else f"The {word} attack was over."
    terms = [t for t in find_loaded_language(sentence) if t.term == adjective]
    assert len(terms) == 1
    assert terms[0].attributed is reported
    assert sentence[terms[0].start:terms[0].end] == adjective

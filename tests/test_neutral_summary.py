"""The neutral summary: loaded wording deleted as whole constituents, attribution kept, a report in every result."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from summarize import find_loaded_language
from summarize.article.language import parse
from summarize.extract.neutralize import joined, neutralize_summary
from summarize.models import Evidence, LoadedTerm, MatchTier, NeutralityReport, SummaryResult, SummarySentence
from summarize.render.html import to_html
from summarize.render.markdown import to_markdown
from summarize.render.text import to_text
from tests.conftest import assert_grounded, example
from tests.test_pipeline import summarize_scripted


def whole_sentences(text: str):
    """Every sentence of `text` chosen as a summary sentence, as the guided engine emits them."""
    parsed = parse(text)
    chosen = [SummarySentence(text=s.text, evidence=[Evidence(start=s.start, end=s.end, quote=s.text,
                                                              match=MatchTier.exact)]) for s in parsed.sentences]
    return parsed, chosen


def neutralize(text: str):
    parsed, chosen = whole_sentences(text)
    return parsed, neutralize_summary(parsed, chosen, find_loaded_language(parsed))


def assert_verbatim(text: str, sentence: SummarySentence) -> None:
    assert sentence.evidence
    for item in sentence.evidence:
        assert text[item.start:item.end] == item.quote
    assert sentence.text == joined(sentence.evidence)


@pytest.mark.parametrize(("source", "expected"), [
    ("In a dramatic and long-overdue show of force, Coastal Guard jets struck 30 sites near Port Verin on Friday, "
     "the defence ministry said.",
     "Coastal Guard jets struck 30 sites near Port Verin on Friday, the defence ministry said."),
    ("The militants, clearly emboldened by the lack of response, struck again on Sunday.",
     "The militants struck again on Sunday."),
    ("The government announced a robust package of measures for farmers.",
     "The government announced a package of measures for farmers."),
    ("The so-called expert witness was paid by the defence.", "The expert witness was paid by the defence."),
    ("The tragic accident claimed the lives of four children, police said.",
     "The accident claimed the lives of four children, police said."),
    ("The bank raised its main rate in a bold and very sharp move.",
     "The bank raised its main rate in a move."),
])
def test_loaded_modifiers_and_editorial_clauses_are_deleted_as_whole_constituents(source, expected):
    parsed, out = neutralize(source)
    assert [s.text for s in out.summary] == [expected]
    assert_verbatim(parsed.text, out.summary[0])
    assert sum(len(e.quote) for e in out.summary[0].evidence) < len(source)
    assert out.removed and all(not t.attributed for t in out.removed)


def test_a_neutral_sentence_is_kept_whole_with_its_evidence():
    text = "Parliament passed the bill by 212 votes to 190 on Thursday."
    parsed, chosen = whole_sentences(text)
    out = neutralize_summary(parsed, chosen, find_loaded_language(parsed))
    assert out.summary == chosen and not out.rejected


@pytest.mark.parametrize(("source", "reason"), [
    ("The robust response underscores the seriousness with which Estmark views the attacks.", "core of the sentence"),
    ("The regime continued to shell residential areas on Monday.", "core of the sentence"),
    ("An unprecedented heatwave hit the city on Monday.", "'an heatwave'"),
    ("The strikes followed a rocket attack that killed two sailors and wounded at least 14 others.",
     "casualty figure 'two sailors' is not attributed"),
    ("The attack has been blamed on the militia.", "blame 'blamed' is not attributed"),
    ('The army launched a "massive" operation near the border.', "an empty quotation"),
])
def test_a_sentence_that_cannot_be_made_neutral_and_attributed_is_rejected_with_its_reason(source, reason):
    _, out = neutralize(source)
    assert out.summary == []
    assert len(out.rejected) == 1 and reason in out.rejected[0].reason
    assert out.rejected[0].field == "summary[0]" and out.rejected[0].value == source


@pytest.mark.parametrize("source", [
    "The navy said two sailors were killed and at least 14 others wounded in the attack.",
    "At least 23 people died in the floods, according to the civil protection agency.",
    "Washington blamed the Larkmoor militia for the attack on Tuesday.",
    "The Larkmoor militia claimed responsibility for the bombing.",
    "Local officials put the number of wounded at 21.",
])
def test_attributed_casualty_figures_and_blame_pass_their_checks(source):
    _, out = neutralize(source)
    assert [s.text for s in out.summary] == [source]
    assert out.checks and all(check.passed and check.source and check.summary == 0 for check in out.checks)


def test_each_figure_is_attributed_to_the_source_that_reports_it():
    _, out = neutralize("The militia said 9 of its fighters were killed, while the city hospital reported 12 dead.")
    sources = {check.cue: check.source for check in out.checks}
    assert sources == {"9": "The militia", "12 dead": "the city hospital"}


def test_a_sentence_the_engine_wrote_itself_passes_through_untouched():
    parsed, _ = whole_sentences("The tragic accident claimed four lives, police said.")
    own = SummarySentence(text="Police said four people died.", evidence=[
        Evidence(start=0, end=3, quote="The", match=MatchTier.exact)])
    out = neutralize_summary(parsed, [own], find_loaded_language(parsed))
    assert out.summary == [own]


# --- the property: whatever the sentence, what is emitted is neutral, attributed and verbatim ----

SUBJECTS = ["The army", "Police", "Coastal Guard jets", "The council", "The militia", "Rescue workers"]
MODIFIERS = ["", "tragic ", "brutal ", "massive ", "so-called ", "heroic ", "long-overdue ", "very large ",
             "shocking ", "new "]
OBJECTS = ["raid", "operation", "attack", "strike", "vote", "inquiry"]
FRONTS = ["", "In a dramatic show of force, ", "In a shameful move, ", "On Monday, ", "Clearly, "]
TAILS = ["", " that killed 12 people", " that killed two sailors, the navy said", " which was clearly designed to punish",
         " near Port Verin", ", according to local officials"]
VERBS = ["carried out", "ordered", "announced", "condemned"]


@settings(max_examples=60, deadline=None)
@given(front=st.sampled_from(FRONTS), subject=st.sampled_from(SUBJECTS), verb=st.sampled_from(VERBS),
       modifier=st.sampled_from(MODIFIERS), thing=st.sampled_from(OBJECTS), tail=st.sampled_from(TAILS),
       quoted=st.booleans())
def test_a_summary_that_passes_has_no_loaded_span_in_its_own_voice_and_only_verbatim_evidence(
        front, subject, verb, modifier, thing, tail, quoted):
    article = f"{front}{subject} {verb} a {modifier}{thing}{tail}."
    if quoted:
        article = f'A spokesman said the operation was "a brutal necessity". {article}'
    parsed, out = neutralize(article)
    for sentence in out.summary:
        assert_verbatim(parsed.text, sentence)
        assert not [t for t in find_loaded_language(sentence.text) if not t.attributed]
    assert all(check.passed for check in out.checks if check.summary is not None)
    assert len(out.summary) + len(out.rejected) == len(parsed.sentences)


# --- through the public API ---------------------------------------------------------------------

def test_every_result_carries_a_neutrality_report_and_the_summary_is_neutral_and_attributed():
    result, _ = summarize_scripted(example("port_verin_strikes.txt"))
    assert_grounded(result)
    report = result.neutrality
    assert isinstance(report, NeutralityReport)
    own_voice = {t.term for t in report.source_terms if not t.attributed}
    assert {"dramatic", "long-overdue"} <= own_voice
    # "Residents described a terrifying night": the residents' account, not the writer's word.
    assert [(t.attributed, t.speaker) for t in report.source_terms if t.term == "terrifying"] == [(True, "Residents")]
    assert all(result.article.text[t.start:t.end] == t.term for t in report.source_terms)
    assert report.summary_terms == [] and report.summary_subjectivity == 0.0
    assert report.source_subjectivity > 0
    summary_checks = [c for c in report.attribution_checks if c.summary is not None]
    assert all(c.passed for c in summary_checks)
    for sentence in result.summary:
        assert_verbatim(result.article.text, sentence)
        assert "dramatic" not in sentence.text and "terrifying" not in sentence.text
    # The toll of the rocket attack has no source in its sentence: it is never offered nor emitted.
    assert all("two sailors" not in s.text for s in result.summary)
    # The lead sentence is offered because deletion makes it neutral: "In a dramatic and
    # long-overdue show of force, " is cut and the rest is its verbatim evidence.
    lead = result.summary[0]
    assert lead.text.startswith("Coastal Guard jets struck") and {"dramatic", "long-overdue"} <= {
        t.term for t in report.removed_terms}
    assert SummaryResult.model_validate_json(result.model_dump_json()).neutrality == report


def test_the_report_is_shown_in_text_markdown_and_escaped_html():
    result, _ = summarize_scripted(example("port_verin_strikes.txt"))
    evil = "<script>alert(1)</script>"
    report = result.neutrality.model_copy(update={"source_terms": [
        LoadedTerm(start=0, end=4, term="Home", category="label", attributed=True, speaker=evil)]})
    result = result.model_copy(update={"neutrality": report})
    assert "Neutrality:" in to_text(result) and "attribution checks:" in to_text(result)
    markdown = to_markdown(result)
    assert "## Neutrality" in markdown and "per 100 words" in markdown and evil not in markdown
    page = to_html(result)
    section = page[page.index('<section id="neutrality">'):]
    assert "Loaded terms in the source" in section and evil not in page and "&lt;script&gt;" in section


FLOOD = (b"Flood barriers fail in Tarnow\n\n"
         b"A staggering wall of water broke through the flood barriers in Tarnow on Monday.\n\n"
         b"The fire service said 40 homes were evacuated and two people were taken to hospital.\n\n"
         b"The barriers, clearly neglected for years, were built in 1962.\n")


def test_the_pipeline_emits_the_shortened_sentence_with_its_sub_spans():
    result, _ = summarize_scripted(FLOOD, published="2025-04-08")
    texts = [s.text for s in result.summary]
    assert "A wall of water broke through the flood barriers in Tarnow on Monday." in texts
    assert "The barriers, neglected for years, were built in 1962." in texts  # 'for years' keeps its clause
    assert all("staggering" not in t and "clearly" not in t for t in texts)
    assert {t.term for t in result.neutrality.removed_terms} == {"staggering", "clearly"}
    for sentence in result.summary:
        assert_verbatim(result.article.text, sentence)


def test_the_audit_rejects_a_summary_whose_sub_span_is_not_the_source():
    from summarize import audit

    result, _ = summarize_scripted(FLOOD, published="2025-04-08")
    shortened = [s for s in result.summary if len(s.evidence) > 1 or s.evidence[0].quote != s.text]
    assert shortened, "the example's summary should contain a sentence shortened by deletion"
    first = shortened[0]
    moved = first.evidence[0].model_copy(update={"start": first.evidence[0].start + 1})
    broken = first.model_copy(update={"evidence": [moved, *first.evidence[1:]]})
    tampered = result.model_copy(update={"summary": [broken if s is first else s for s in result.summary]})
    checked = audit(tampered)
    assert broken not in checked.summary
    assert any(r.field.startswith("summary") and "is not the quoted text" in r.reason for r in checked.rejected)


@pytest.mark.embedded
def test_the_embedded_default_summary_is_neutral_and_attributed():
    from summarize import summarize_article

    result = summarize_article(example("port_verin_strikes.txt"))
    assert result.usage.backend == "embedded"
    report = result.neutrality
    assert report.summary_terms == [] and report.summary_subjectivity == 0.0
    assert all(c.passed for c in report.attribution_checks if c.summary is not None)
    assert all(s.text == joined(s.evidence) or s.evidence[0].quote == s.text for s in result.summary)
    assert all("two sailors" not in s.text for s in result.summary)

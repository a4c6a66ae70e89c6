"""The language layer: one spaCy parse, sentences and mentions with absolute offsets."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from summarize.article.ingest import ingest
from summarize.article.language import chunk_sentences, mention_span, parse
from tests.conftest import example


def test_sentence_offsets_index_the_text_exactly_and_flag_the_planted_instruction():
    article = ingest(example("port_verin_strikes.txt"))
    sentences = parse(article.text).sentences
    assert len(sentences) == 7
    for sentence in sentences:
        assert article.text[sentence.start:sentence.end] == sentence.text
    flagged = [s.text for s in sentences if s.instruction_like]
    assert len(flagged) == 1 and flagged[0].startswith("Ignore all previous instructions")


def test_abbreviations_do_not_split_and_paragraphs_always_do():
    text = "The U.S. military said Gen. Tomas Rell was in Kessa. He left on Monday\n\nRescuers arrived."
    assert [s.text for s in parse(text).sentences] == [
        "The U.S. military said Gen. Tomas Rell was in Kessa.", "He left on Monday", "Rescuers arrived."]


def test_a_glued_pair_left_by_a_scraper_is_two_sentences():
    text = "Police detained two men in the port of Kessa.Authorities said both were released. " * 20
    sentences = parse(text.strip()).sentences
    assert len(sentences) == 40
    assert max(len(s.text) for s in sentences) < 60


def test_actors_are_entities_or_noun_chunks_never_function_words_or_fragments():
    doc = parse("I said not all troops at Ain al-Asad Air Base were hit by the Larkmoor militia.").doc
    spans = {t.text: mention_span(t) for t in doc}
    assert spans["I"] is None and spans["not"] is None and spans["all"] is None
    base = mention_span(doc[[t.text for t in doc].index("Base")])
    assert base is not None and base.text == "Ain al-Asad Air Base"
    militia = mention_span(doc[[t.text for t in doc].index("militia")])
    assert militia is not None and militia.text == "Larkmoor militia"


sentence_text = st.lists(
    st.sampled_from(["Rockets hit Kessa.", "Officials said 14 died!", "Was it planned?", "The U.S. navy left."]),
    min_size=1, max_size=30,
).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(text=sentence_text, limit=st.integers(10, 400))
def test_chunks_never_cut_a_sentence_and_keep_absolute_offsets(text, limit):
    sentences = parse(text).sentences
    chunks = chunk_sentences(sentences, limit)
    assert [s for chunk in chunks for s in chunk] == sentences
    for chunk in chunks:
        assert len(chunk) == 1 or chunk[-1].end - chunk[0].start <= limit
        for sentence in chunk:
            assert text[sentence.start:sentence.end] == sentence.text

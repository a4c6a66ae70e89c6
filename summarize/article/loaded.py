"""Loaded language: emotive wording, labels, intensifiers and speculation stated as fact.

The lexicon is data (`lexicons/*.toml`, documented in `lexicons/README.md`), matched on
the tokens and lemmas of the language layer's parse. Each match is then placed in a
voice: the writer's own, or a speaker's (quoted, reported speech with a speaker, or a
clause "according to X"). Only own-voice terms are loaded wording of the article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from summarize.models import LoadedCategory, LoadedTerm

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib  # type: ignore[no-redef]

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from summarize.article.language import Parsed

LEXICON_FILES = {
    LoadedCategory.emotive: "emotive.toml",
    LoadedCategory.label: "labels.toml",
    LoadedCategory.intensifier: "intensifiers.toml",
    LoadedCategory.speculation: "speculation.toml",
}
SUBJECT_DEPS = {"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"}
# Paths from a reporting verb into what it reports.
COMPLEMENT_DEPS = {"ccomp", "xcomp", "oprd", "acomp", "parataxis", "advcl", "attr", "conj"}
REPORTING_PREPOSITIONS = {"as", "of", "for"}  # "described it as", "accused them of", "praised for"
# Verbs whose direct object is the speaker's wording: "called them terrorists", "described a terrifying night".
NAMING_VERBS = {"call", "dub", "term", "brand", "label", "name", "deem", "describe"}
FRONTED_DEPS = {"prep", "advcl", "npadvmod", "advmod"}
# Names are not judgements: "Brilliant Technologies", "the Mighty Ducks".
NAME_ENTITIES = {"PERSON", "ORG", "FAC", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"}
SPEAKER_ENTITIES = {"PERSON", "ORG", "GPE", "NORP"}
MIN_SPEECH_WORDS = 4  # a quoted stretch this long is speech, not scare quotes


@dataclass(frozen=True)
class Entry:
    words: tuple[str, ...]
    category: LoadedCategory
    pos: frozenset[str] = frozenset()
    unless_children: frozenset[str] = frozenset()
    unless_previous: frozenset[str] = frozenset()
    needs_child_dep: frozenset[str] = frozenset()
    unless_named_subject: bool = False


@dataclass(frozen=True)
class AttributionRules:
    reporting_verbs: frozenset[str]
    phrases: tuple[tuple[str, ...], ...]
    quotes: tuple[tuple[str, str], ...]


def _read(name: str) -> dict:
    return tomllib.loads((resources.files("summarize.article") / "lexicons" / name).read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def lexicon() -> dict[str, list[Entry]]:
    """First word -> entries starting with it (words tokenized as the parser does)."""
    from summarize.article.language import nlp, parse

    parse("")  # registers the language layer's components before the pipeline loads
    tokenizer = nlp().tokenizer
    by_first: dict[str, list[Entry]] = {}
    for category, filename in LEXICON_FILES.items():
        for table in _read(filename)["entry"]:
            for term in table["terms"]:
                words = tuple(t.lower_ for t in tokenizer(term))
                entry = Entry(
                    words=words,
                    category=category,
                    pos=frozenset(table.get("pos", ())),
                    unless_children=frozenset(table.get("unless_children", ())),
                    unless_previous=frozenset(table.get("unless_previous", ())),
                    needs_child_dep=frozenset(table.get("needs_child_dep", ())),
                    unless_named_subject=table.get("unless_named_subject", False),
                )
                by_first.setdefault(words[0], []).append(entry)
    return by_first


@lru_cache(maxsize=1)
def attribution_rules() -> AttributionRules:
    data = _read("attribution.toml")
    return AttributionRules(
        reporting_verbs=frozenset(data["reporting_verbs"]),
        phrases=tuple(tuple(p.split()) for p in data["attribution_phrases"]),
        quotes=tuple((pair[0], pair[1]) for pair in data["quotes"]),
    )


def _keys(token: "Token") -> set[str]:
    return {token.lower_, token.lemma_.lower()}


def _matches(doc: "Doc", i: int, entry: Entry) -> bool:
    n = len(entry.words)
    if i + n > len(doc) or any(entry.words[k] not in _keys(doc[i + k]) for k in range(n)):
        return False
    first = doc[i:i + n].root  # the head word of a phrase: "so-called" is "called"
    if entry.pos and first.pos_ not in entry.pos:
        return False
    if first.pos_ == "PROPN" and first.ent_type_ in NAME_ENTITIES:
        return False
    if entry.unless_children and any(_keys(child) & entry.unless_children for child in first.children):
        return False
    if entry.unless_previous:
        before = [doc[j] for j in (i - 1, i - 2) if j >= 0]
        if before and before[0].text == "-" and len(before) > 1:
            before = before[1:]  # "anti-terrorist": the word before the hyphen
        if before and _keys(before[0]) & entry.unless_previous:
            return False
    if entry.needs_child_dep and not any(child.dep_ in entry.needs_child_dep for child in first.children):
        return False
    if entry.unless_named_subject and any(child.dep_ in ("nsubj", "nsubjpass") and child.ent_type_ in SPEAKER_ENTITIES
                                          for child in first.children):
        return False  # "Defense Secretary Lloyd Austin has underscored that ...": a speaker's statement
    return True


def _candidates(doc: "Doc") -> list[tuple[int, int, LoadedCategory]]:
    """Token ranges of lexicon matches; overlapping matches keep the longest (then the first)."""
    by_first = lexicon()
    found: list[tuple[int, int, LoadedCategory]] = []
    for token in doc:
        for key in _keys(token):
            for entry in by_first.get(key, ()):
                if _matches(doc, token.i, entry):
                    found.append((token.i, token.i + len(entry.words), entry.category))
    found.sort(key=lambda m: (-(m[1] - m[0]), m[0]))
    taken: set[int] = set()
    kept = []
    for start, end, category in found:
        if taken & set(range(start, end)):
            continue
        taken |= set(range(start, end))
        kept.append((start, end, category))
    return sorted(kept)


# --- whose voice ---------------------------------------------------------------------------


def speaker_of(verb: "Token") -> "Span | None":
    """The subject of a reporting verb (or the 'by' agent of a passive one), else None."""
    current = verb
    for _ in range(3):  # "said and added": a conjoined verb shares the first verb's subject
        for child in current.children:
            if child.dep_ in ("nsubj", "csubj"):
                return child.doc[child.left_edge.i: child.right_edge.i + 1]
            if child.dep_ == "agent":
                objects = [c for c in child.children if c.dep_ == "pobj"]
                if objects:
                    return child.doc[objects[0].left_edge.i: objects[0].right_edge.i + 1]
        if current.dep_ == "conj" and current.head.pos_ in ("VERB", "AUX"):
            current = current.head
        else:
            return None
    return None


def _reported_by(token: "Token") -> "Span | None":
    """The speaker when `token` sits in what a reporting verb with a speaker reports."""
    verbs = attribution_rules().reporting_verbs
    previous = token
    for ancestor in token.ancestors:
        if ancestor.lemma_.lower() in verbs and ancestor.pos_ in ("VERB", "AUX"):
            dep = previous.dep_
            if dep in SUBJECT_DEPS or dep == "agent":
                return None  # "the brutal regime said": the writer's words for the speaker
            reports = (dep in COMPLEMENT_DEPS
                       or dep == "prep" and previous.lower_ in REPORTING_PREPOSITIONS
                       or dep == "dobj" and ancestor.lemma_.lower() in NAMING_VERBS)
            if reports:
                speaker = speaker_of(ancestor)
                if speaker is not None and not (speaker.start <= token.i < speaker.end):
                    return speaker
        previous = ancestor
    return None


def _according_to(sentence: "Span") -> "list[tuple[Span, Span]]":
    """(the attribution phrase with its object, the source) for each 'according to X' of a sentence."""
    found = []
    words = [t.lower_ for t in sentence]
    for phrase in attribution_rules().phrases:
        n = len(phrase)
        for k in range(len(words) - n + 1):
            if tuple(words[k: k + n]) != phrase:
                continue
            last = sentence[k + n - 1]
            objects = [c for c in last.children if c.dep_ == "pobj"] or (
                [sentence[k + n]] if k + n < len(sentence) else [])
            if not objects:
                continue
            source = sentence.doc[objects[0].left_edge.i: objects[0].right_edge.i + 1]
            found.append((sentence.doc[sentence[k].i: source.end], source))
    return found


def _has_speaker(sentence: "Span") -> "Span | None":
    verbs = attribution_rules().reporting_verbs
    for token in sentence:
        if token.lemma_.lower() in verbs and token.pos_ in ("VERB", "AUX"):
            speaker = speaker_of(token)
            if speaker is not None:
                return speaker
    return None


def _in_fronted_frame(span: "Span") -> bool:
    """Whether the span lies in a phrase that opens its sentence and ends with a comma before the
    subject: the writer's framing of the event, which a trailing "..., X said" does not attribute."""
    sentence = span.sent
    node = span.root
    while node.i != sentence.root.i:
        if node.dep_ in FRONTED_DEPS and node.left_edge.i == sentence.start:
            after = node.right_edge.i + 1
            return after < sentence.end and span.doc[after].text == ","
        node = node.head
    return False


def voice(doc: "Doc", start: int, end: int, quotes: list[tuple[int, int]]) -> tuple[bool, str | None]:
    """(attributed, speaker) for tokens doc[start:end]; quotes are character ranges of the text."""
    span = doc[start:end]
    sentence = span.sent
    first_char, last_char = span.start_char, span.end_char
    for phrase, source in _according_to(sentence):
        if not (phrase.start <= start < phrase.end):
            return True, source.text
    quoted = next(((a, b) for a, b in quotes if a <= first_char and last_char <= b), None)
    if quoted is not None:
        speaker = _has_speaker(sentence)
        if speaker is not None:
            return True, speaker.text
        if len(doc.text[quoted[0]:quoted[1]].split()) >= MIN_SPEECH_WORDS:
            return True, None  # a quoted sentence: speech whose speaker the article names nearby
    if _in_fronted_frame(span):
        return False, None  # "In a dramatic show of force, jets struck ..., the ministry said": the writer's frame
    speaker = _reported_by(span.root)
    if speaker is not None:
        return True, speaker.text
    return False, None


def loaded_in_doc(doc: "Doc") -> list[LoadedTerm]:
    """Loaded terms of a parsed text (offsets into doc.text), own voice and attributed."""
    text = doc.text
    from summarize.article.language import quoted_ranges

    quotes = quoted_ranges(text, attribution_rules().quotes)
    terms = []
    for start, end, category in _candidates(doc):
        span = doc[start:end]
        attributed, speaker = voice(doc, start, end, quotes)
        terms.append(LoadedTerm(start=span.start_char, end=span.end_char, term=span.text, category=category,
                                attributed=attributed, speaker=speaker))
    return terms


def find_loaded_language(text: "str | Parsed") -> list[LoadedTerm]:
    """Loaded wording in `text`: spans (start, end, term, category), each marked `attributed`
    (with its speaker) when it is quoted or reported speech rather than the writer's voice.

    Pass the language layer's `Parsed` article to reuse its parse (and the terms found in it
    once: the engine and the pipeline both ask); a str is parsed here.
    """
    from summarize.article.language import Parsed, parse

    parsed = text if isinstance(text, Parsed) else parse(text)
    found = parsed.doc.user_data.get("loaded_terms")
    if found is None:
        found = parsed.doc.user_data["loaded_terms"] = loaded_in_doc(parsed.doc)
    return list(found)


def own_voice(terms: Iterable[LoadedTerm]) -> list[LoadedTerm]:
    return [term for term in terms if not term.attributed]


_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def subjectivity(terms: Iterable[LoadedTerm], text: str) -> float:
    """Own-voice loaded terms per 100 words of `text` (0.0 for an empty text)."""
    words = word_count(text)
    return round(100 * len(own_voice(terms)) / words, 2) if words else 0.0

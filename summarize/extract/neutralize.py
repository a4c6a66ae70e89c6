"""Neutral summary sentences by deletion only, for engines that pick article sentences.

A chosen sentence keeps its own words in their order; loaded modifiers ("robust",
"tragic") and editorial clauses ("In a dramatic and long-overdue show of force,") are
deleted as whole constituents of the parse. The sentence becomes a sequence of verbatim
sub-spans, and its evidence lists them: `text` is the sub-spans joined by one space (none
before punctuation). A sentence is not emitted, and is listed in `rejected` with the
reason, when
- a loaded term is its core (the subject, the verb, a predicate: nothing to delete),
- a deletion would take a number or a name with it, or leave it ungrammatical,
- the detector still finds loaded wording in its own voice in the shortened text,
- a casualty figure or a claim of blame in it is not attributed in the sentence.

Pure: the article's parse and its loaded terms in, new summary sentences out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from summarize.models import AttributionCheck, Evidence, LoadedTerm, MatchTier, Rejected, SummarySentence
from summarize.verify.neutrality import attribution_checks, summary_loaded_terms

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from summarize.article.language import Parsed, Sentence

# A constituent that may go whole when it is set off by commas or fronted.
CLAUSE_DEPS = {"prep", "advcl", "advmod", "npadvmod", "appos", "parataxis", "acl", "relcl", "intj", "amod"}
# A modifier that may go whole wherever it is.
MODIFIER_DEPS = {"amod", "advmod", "npadvmod", "compound", "nmod", "quantmod", "predet", "acl"}
# What a deletion may never take: numbers, names, dates, negation, quotation marks.
KEEP_ENTITIES = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "DATE", "TIME", "CARDINAL", "QUANTITY", "MONEY",
                 "PERCENT", "ORDINAL", "EVENT", "LAW"}
NO_SPACE_BEFORE = (",", ".", ";", ":", "!", "?", ")", "’", "'s", "n't", "%")
VOWEL_SOUND_EXCEPTIONS = ("hour", "honest", "honour", "honor", "heir")
CONSONANT_SOUND_EXCEPTIONS = ("uni", "use", "usu", "one", "once", "eu", "ukr", "ura", "uto")


@dataclass
class Neutralized:
    summary: list[SummarySentence] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    removed: list[LoadedTerm] = field(default_factory=list)
    checks: list[AttributionCheck] = field(default_factory=list)


class CannotDelete(Exception):
    """The loaded term cannot be deleted without changing what the sentence says."""


QUOTE_MARKS = ('"', "\u201c", "\u201d", "\u2018", "\u2019")


def _protected(token: "Token") -> bool:
    return (token.like_num or token.pos_ == "NUM" or token.ent_type_ in KEEP_ENTITIES or token.dep_ == "neg"
            or token.text in QUOTE_MARKS)


def _comma(doc: "Doc", i: int, sentence: range) -> bool:
    return i in sentence and doc[i].text == ","


def _clause(node: "Token", sentence: range, term: set[int]) -> set[int] | None:
    """The constituent of `node` with its commas, if it is fronted or set off by commas."""
    doc = node.doc
    first, last = node.left_edge.i, node.right_edge.i
    body = set(range(first, last + 1))
    if any(_protected(doc[i]) for i in body - term):
        return None
    if first == sentence.start and _comma(doc, last + 1, sentence):  # "In a dramatic move, ..."
        return body | {last + 1}
    if _comma(doc, first - 1, sentence):
        if _comma(doc, last + 1, sentence):  # ", clearly emboldened by ..., "
            return body | {first - 1, last + 1}
        if last + 1 >= sentence.stop - 1 and (last + 1 == sentence.stop or doc[last + 1].is_punct):
            return body | {first - 1}  # a trailing ", in a brutal show of force."
    return None


def _deletion(doc: "Doc", start: int, end: int, sentence: range) -> set[int]:
    """Token indexes to delete so that doc[start:end] goes as a whole constituent."""
    span = doc[start:end]
    term = set(range(start, end))
    root = span.root
    sentence_root = doc[sentence.start].sent.root
    node = root
    while node.i != sentence_root.i and node.i in sentence:
        if node.dep_ in CLAUSE_DEPS:
            clause = _clause(node, sentence, term)
            if clause is not None:
                return clause
        if node.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "ROOT", "ccomp", "xcomp", "conj") \
                and node.i != root.i:
            break
        node = node.head
    if root.dep_ in MODIFIER_DEPS or root.dep_ == "conj" and root.head.dep_ in MODIFIER_DEPS:
        body = set(range(root.left_edge.i, root.right_edge.i + 1))
        if any(_protected(doc[i]) for i in body - term):
            raise CannotDelete(f"'{span.text}' modifies words that must stay")
        if root.dep_ == "conj":  # "tough and robust": the conjunction goes too
            body |= {c.i for c in root.head.children if c.dep_ in ("cc", "punct") and c.i < root.i}
        return body
    raise CannotDelete(f"'{span.text}' is the core of the sentence ({root.dep_}): nothing can be deleted")


def _clean(doc: "Doc", sentence: range, deleted: set[int]) -> list["Token"]:
    """Kept tokens, with commas, conjunctions and hyphens that deletion left dangling removed too."""
    while True:
        kept = [doc[i] for i in sentence if i not in deleted and doc[i].text.strip()]
        extra: set[int] = set()
        for k, token in enumerate(kept):
            before = kept[k - 1] if k else None
            after = kept[k + 1] if k + 1 < len(kept) else None
            if token.text in (",", "-", "–") and (
                    before is None or before.text in (",", "-", "–")
                    or after is None or after.text in (",", ".", ";", ":", "!", "?", "-", "–")):
                extra.add(token.i)
            if token.dep_ == "cc" and (token.head.i in deleted or not any(
                    c.dep_ == "conj" and c.i not in deleted for c in token.head.children)):
                extra.add(token.i)
            if token.dep_ == "punct" and token.text == "-" and (token.head.i in deleted):
                extra.add(token.i)
        if not extra - deleted:
            return kept
        deleted |= extra


def _grammar_problem(kept: list["Token"], first_of_sentence: int) -> str | None:
    """What a deletion broke: the sentence's start, an article before a new word, an emptied quotation.
    Only the seams the deletion made are checked; the source's own wording is not judged."""
    if not kept:
        return "nothing is left"
    first = kept[0].text
    if kept[0].i != first_of_sentence and not (first[:1].isupper() or first[:1].isdigit() or first[:1] in "\"“‘'"):
        return f"it would start with '{first}'"
    for token, after in zip(kept, kept[1:]):
        if after.i == token.i + 1:
            continue  # adjacent in the source: not a seam
        if token.text in QUOTE_MARKS and after.text in QUOTE_MARKS:
            return "an empty quotation"
        word = after.lower_
        if token.lower_ == "a" and word[:1] in "aeiou" and not word.startswith(CONSONANT_SOUND_EXCEPTIONS):
            return f"'a {after.text}' after the deletion"
        if token.lower_ == "an" and (word[:1] not in "aeiou" and not word.startswith(VOWEL_SOUND_EXCEPTIONS)
                                     or word.startswith(CONSONANT_SOUND_EXCEPTIONS)):
            return f"'an {after.text}' after the deletion"
    return None


def _sub_spans(text: str, kept: list["Token"]) -> list[Evidence]:
    runs: list[list["Token"]] = []
    for token in kept:
        if runs and token.i == runs[-1][-1].i + 1:
            runs[-1].append(token)
        else:
            runs.append([token])
    spans = []
    for run in runs:
        start, end = run[0].idx, run[-1].idx + len(run[-1].text)
        spans.append(Evidence(start=start, end=end, quote=text[start:end], match=MatchTier.exact))
    return spans


def joined(spans: list[Evidence]) -> str:
    """The sentence a sequence of sub-spans reads as: one space between them, none before punctuation."""
    text = ""
    for span in spans:
        if text and not span.quote.startswith(NO_SPACE_BEFORE):
            text += " "
        text += span.quote
    return text


def _matching_sentence(parsed: "Parsed", sentence: SummarySentence) -> "Sentence | None":
    if len(sentence.evidence) != 1:
        return None
    evidence = sentence.evidence[0]
    return next((s for s in parsed.sentences if (s.start, s.end) == (evidence.start, evidence.end)
                 and s.text == sentence.text), None)


@dataclass
class NeutralSentence:
    """One article sentence made neutral: `sentence` is None when it may not be emitted (see `problem`)."""

    sentence: SummarySentence | None
    problem: str | None
    checks: list[AttributionCheck]
    removed: list[LoadedTerm]


def neutralize_sentence(parsed: "Parsed", sentence: "Sentence", source_terms: list[LoadedTerm]) -> NeutralSentence:
    """Delete the own-voice loaded wording of one sentence of the parse, then check the rest.

    An engine choosing summary sentences may call this to prefer sentences that survive it.
    """
    doc = parsed.doc
    span = parsed.span_of(sentence)
    tokens = range(span.start, span.end)
    terms = [t for t in source_terms if not t.attributed and sentence.start <= t.start and t.end <= sentence.end]
    deleted: set[int] = set()
    problem = None
    try:
        for term in terms:
            term_span = doc.char_span(term.start, term.end, alignment_mode="expand")
            if term_span is None or set(range(term_span.start, term_span.end)) <= deleted:
                continue
            deleted |= _deletion(doc, term_span.start, term_span.end, tokens)
    except CannotDelete as reason:
        problem = f"loaded wording cannot be deleted: {reason}"
    kept = _clean(doc, tokens, deleted) if problem is None else []
    if problem is None and deleted and (grammar := _grammar_problem(kept, first_of_sentence=tokens.start)):
        problem = f"deleting the loaded wording would leave it ungrammatical: {grammar}"
    text, spans = sentence.text, [Evidence(start=sentence.start, end=sentence.end, quote=sentence.text,
                                          match=MatchTier.exact)]
    if problem is None and deleted:
        spans = _sub_spans(parsed.text, kept)
        text = joined(spans)
    if problem is None and (left := summary_loaded_terms([text])):
        problem = "loaded wording in its own voice after deletion: " + ", ".join(repr(t.term) for t in left)
    checks = attribution_checks(kept or [doc[i] for i in tokens if doc[i].text.strip()], None)
    failed = [check for check in checks if not check.passed]
    if problem is None and failed:
        problem = "; ".join(check.reason for check in failed if check.reason)
    if problem is not None:
        return NeutralSentence(None, problem, checks, [])
    removed = [t for t in terms if any(t.start <= doc[i].idx < t.end for i in deleted)]
    return NeutralSentence(SummarySentence(text=text, evidence=spans), None, checks, removed)


def neutralize_summary(parsed: "Parsed", summary: list[SummarySentence], source_terms: list[LoadedTerm]) -> Neutralized:
    """Delete loaded wording from summary sentences that are whole article sentences.

    Sentences that are not a whole sentence of the parse (another engine's own wording)
    are passed through unchanged. `source_terms` are the article's loaded terms
    (`find_loaded_language(parsed)`).
    """
    out = Neutralized()
    for position, chosen in enumerate(summary):
        sentence = _matching_sentence(parsed, chosen)
        if sentence is None:
            out.summary.append(chosen)
            continue
        result = neutralize_sentence(parsed, sentence, source_terms)
        if result.sentence is None:
            out.rejected.append(Rejected(field=f"summary[{position}]", value=chosen.text, reason=result.problem or "",
                                         attempts=0))
            out.checks += result.checks
            continue
        index = len(out.summary)
        out.checks += [check.model_copy(update={"summary": index}) for check in result.checks]
        out.removed += result.removed
        out.summary.append(result.sentence if result.removed else chosen)
    return out

"""Who reports: the speaker of a reported sentence, and the source a number is attributed to.

Everything here reads the dependency parse of the language layer ("X said", "according to X",
"He said" after a named speaker) and proposes only entity or noun-chunk spans as sources.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from summarize.article.language import ACTOR_LABELS, PLACE_LABELS, Parsed, Sentence, mention_span, phrase_span
from summarize.models import QuantityUnit
from summarize.taxonomy import NOUN_UNITS, REPORTING_VERBS, SPEAKER_NOUNS, STATEMENT_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


# What a source issues: "according to a statement from the council" is the council's.
DOCUMENT_NOUNS = frozenset("statement result report figure data filing document record count estimate".split())


def _according_to(tokens) -> "Span | None":
    """The source in an 'according to X' phrase among `tokens`."""
    for token in tokens:
        if token.lower_ == "according" and token.i + 1 < len(token.doc) and token.nbor(1).lower_ == "to":
            objects = [c for c in token.nbor(1).children if c.dep_ == "pobj"]
            if objects and (issuer := _issuer(objects[0])) is not None:
                return issuer
            if objects and (span := phrase_span(objects[0])) is not None:
                return span
    return None


def _issuer(document: "Token") -> "Span | None":
    """'a statement from the Coastal States Council', 'results released by the commission'."""
    if document.lemma_.lower() not in DOCUMENT_NOUNS:
        return None
    for token in document.subtree:
        if token.dep_ in ("prep", "agent") and token.lower_ in ("from", "by", "of") and token.head.i in (
                document.i, *(c.i for c in document.children if c.dep_ == "acl")):
            objects = [c for c in token.children if c.dep_ == "pobj" and c.ent_type_ in ("ORG", "PERSON", "GPE")]
            if objects:
                return mention_span(objects[0])
    return None


WHO_CAN_SPEAK = SPEAKER_NOUNS | NOUN_UNITS[QuantityUnit.people] | NOUN_UNITS[QuantityUnit.troops]
# "claimed responsibility", "reported no arrests": the object is not something said.
NOT_SAID = frozenset("responsibility arrest damage injury casualty loss profit".split())


def _can_speak(subject: "Token", span: "Span", verb: "Token") -> bool:
    """A speaker is a name, a noun for someone who can speak, or the subject of a past report
    ('the lender said'); 'the score rarely tells the audience' has none, and a denied subject
    ('No group has claimed') is nobody."""
    if any(c.dep_ == "det" and c.lower_ == "no" for c in subject.children):
        return False
    return (verb.tag_ == "VBD" or any(t.ent_type_ in ACTOR_LABELS or t.pos_ == "PROPN" for t in span)
            or subject.lemma_.lower() in WHO_CAN_SPEAK)


# "Police put the turnout at about 8,000", "Investigators estimate the losses at 4 million":
# a figure given by a source is reported by it.
FIGURE_NOUNS = frozenset("number toll turnout figure count tally total loss damage cost".split())
# Speech acts a source stands behind, besides plain reports: "condemned the strikes",
# "welcomed the verdict", "described the forward as 'the missing piece'".
CLAIM_VERBS = REPORTING_VERBS | STATEMENT_VERBS | frozenset(
    "welcome concede describe acknowledge admit praise recommend advise predict argue".split())


def gives_a_figure(verb: "Token") -> bool:
    """'put the number of wounded at 12', 'estimated the losses at 4 million'."""
    return verb.lemma_.lower() in ("put", "estimate", "place") and any(
        c.dep_ == "prep" and c.lower_ == "at" for c in verb.children) and any(
        c.dep_ == "dobj" and (c.lemma_.lower() in FIGURE_NOUNS or verb.lemma_.lower() == "estimate")
        for c in verb.children)


def _calls_something(verb: "Token") -> bool:
    """'called the bombing "cowardly"', 'called on the militia to ...', 'called for calm' (not
    'called a rally', which convenes one)."""
    children = list(verb.children)
    return any(c.dep_ in ("oprd", "xcomp") for c in children) or (
        any(c.dep_ == "prep" and c.lower_ in ("on", "for") for c in children)
        and not any(c.dep_ == "dobj" for c in children))


def _reports(verb: "Token", verbs: frozenset[str]) -> bool:
    return verb.lemma_.lower() in verbs or gives_a_figure(verb)


# Verbs that report only with what is said as a clause: "he added that ...", not "added a third goal".
SAYS_ONLY_A_CLAUSE = frozenset("add show note write read mention reveal".split())


def _reported_by(verb: "Token", verbs: frozenset[str] = REPORTING_VERBS) -> "Span | None":
    """The speaker of a reporting verb (or of any of `verbs`)."""
    if verb.lemma_.lower() in SAYS_ONLY_A_CLAUSE and any(c.dep_ in ("dobj", "obj") for c in verb.children):
        return None
    if verb.pos_ == "VERB" and _reports(verb, verbs) and (gives_a_figure(verb) or not any(
            c.dep_ in ("dobj", "obj") and c.lemma_.lower() in NOT_SAID for c in verb.children)):
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if not subjects and verb.tag_ == "VBG" and verb.dep_ in ("advcl", "xcomp"):
            # "Verrin disputed the account, saying the strikes had killed nine civilians"
            subjects = [c for c in verb.head.children if c.dep_ == "nsubj"]
        # "The opposition Civic Liberal Bloc accused", parsed with two subjects: the named one
        subjects.sort(key=lambda c: (not c.ent_type_, c.lemma_.lower() not in WHO_CAN_SPEAK))
        for subject in subjects:
            if (span := mention_span(subject)) is not None and _can_speak(subject, span, verb.head
                                                                           if verb.tag_ == "VBG" else verb):
                if (source := _according_to(_closing_according(verb))) is not None:
                    return source  # "Fighters told drivers ..., according to Lina Averre": hers
                if any(t.ent_type_ in ("PERSON", "ORG") for t in span):
                    return span
                if (named := _named_in_apposition(subject)) is not None:
                    return named  # "The regional governor of Calder province, Yusuf Amberlin, told"
                described = phrase_span(subject) or span  # "a spokeswoman for the office"
                owner = next((c for c in subject.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
                return subject.doc[owner.i: described.end] if owner is not None and owner.i < described.start \
                    else described  # "his office said": whose office is part of who speaks
    return None


def _closing_according(verb: "Token") -> list["Token"]:
    """An 'according to' set off after a comma at the end of the verb's clause covers all of it."""
    for token in verb.subtree:
        if token.lower_ == "according" and token.i > verb.i and token.nbor(-1).text == ",":
            after = verb.doc[token.right_edge.i + 1: verb.sent.end]
            if all(t.is_punct or t.is_space for t in after):
                return [token]
    return []


def _named_in_apposition(subject: "Token") -> "Span | None":
    """A person's name set off in the subject's own phrase, if it has exactly one."""
    names = [t for t in subject.subtree if t.dep_ == "appos" and t.ent_type_ == "PERSON" and t.i > subject.i]
    return mention_span(names[0]) if len(names) == 1 else None


def reports_as_pronoun(parsed: Parsed, sentence: Sentence, verbs: frozenset[str] = REPORTING_VERBS) -> bool:
    """'He said ...', 'she told reporters ...': a person reports, named in an earlier sentence."""
    return any(t.lemma_.lower() in verbs and t.pos_ == "VERB" and any(
        c.dep_ == "nsubj" and c.lower_ in ("he", "she") for c in t.children) for t in parsed.span_of(sentence))


def speaks_as_pronoun(parsed: Parsed, sentence: Sentence) -> bool:
    """'He said ...', 'He has denied wrongdoing': a person speaks, named in an earlier sentence."""
    return reports_as_pronoun(parsed, sentence, CLAIM_VERBS)


def is_person(span: "Span") -> bool:
    """A person's name, as far as the parse tells: PERSON, or a proper noun NER gave no
    group or place label (it often mislabels unfamiliar names)."""
    root = span.root
    return root.ent_type_ == "PERSON" or root.pos_ == "PROPN" and root.ent_type_ not in ("ORG", "NORP") + tuple(
        PLACE_LABELS)


# Speech acts that are claims only with what was said as their complement: "threatened to sue",
# "vowed that ...", not "threatened staff with their weapons" or "threatened a comeback".
SAYS_WITH_A_CLAUSE = frozenset("threaten vow promise pledge warn urge appeal demand reject swear".split())


def _states(verb: "Token") -> "Span | None":
    """The source of a speech act that is not a plain report ('condemned the strikes')."""
    lemma = verb.lemma_.lower()
    if lemma in SAYS_WITH_A_CLAUSE and not any(c.dep_ in ("xcomp", "ccomp") for c in verb.children):
        return None
    if lemma == "call":
        return _reported_by(verb, CALL) if _calls_something(verb) else None
    return _reported_by(verb, CLAIM_VERBS)


CALL = frozenset({"call"})


def _inside_report(token: "Token") -> bool:
    """'She said the group had threatened to kill ...': the threat is what she said."""
    return any(a.pos_ == "VERB" and a.lemma_.lower() in REPORTING_VERBS for a in token.ancestors)


def person_subject(parsed: Parsed, sentence: Sentence) -> "Span | None":
    """The person the sentence is about: the subject of its main verb ('Vantz, who was arrested
    in January, faces charges'), whom a 'He' in the next sentence continues."""
    root = parsed.span_of(sentence).root
    subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass") and not parsed.in_quote(c.idx)),
                   None)  # not someone named inside a quotation
    span = mention_span(subject) if subject is not None else None
    return span if span is not None and is_person(span) else None


def claim_speaker(parsed: Parsed, sentence: Sentence) -> "Span | None":
    """The named or described source of a reported sentence: who says it ('X said', 'according
    to X'), else who makes a statement in it ('X condemned the strikes')."""
    tokens = [t for t in parsed.span_of(sentence) if not parsed.in_quote(t.idx)]
    # a report inside the quotation ('"People tell me ...," she says') is not it; of several, the
    # main clause's ('after tests showed no danger, the council said')
    for token in sorted(tokens, key=lambda t: sum(1 for _ in t.ancestors)):
        if (span := _reported_by(token)) is not None:
            return span
    if (span := _according_to(tokens)) is not None or reports_as_pronoun(parsed, sentence):
        return span
    return next((span for t in tokens if not _inside_report(t) and (span := _states(t)) is not None), None)


def other_speakers(parsed: Parsed, sentence: Sentence, speaker: "Span") -> list["Span"]:
    """Further sources a sentence contrasts with its main one: 'Police put the turnout at 8,000,
    while organisers said more than 25,000 took part.'"""
    found = []
    for token in parsed.span_of(sentence):
        if parsed.in_quote(token.idx) or _inside_report(token) or token.dep_ not in ("advcl", "conj") \
                or not any(c.dep_ == "ccomp" for c in token.children):
            continue  # what the other source says is a clause of its own
        other = _reported_by(token)
        if other is not None and other.start != speaker.start and all(o.start != other.start for o in found):
            found.append(other)
    return found


def counts_a_source(number: "Token") -> bool:
    """The number is part of who reports: 'according to two people', 'two officials said'."""
    head = number.head if number.dep_ == "nummod" else number
    if head.dep_ == "nsubj" and head.head.lemma_.lower() in REPORTING_VERBS:
        return True
    return head.dep_ == "pobj" and head.head.lower_ == "to" and head.head.head.lower_ == "according"


def attribution_of(number: "Token") -> "Span | None":
    """Who a number is attributed to: the source of the reporting verb that governs it,
    else an 'according to' phrase in its sentence."""
    current = number
    for _ in range(40):
        if (span := _reported_by(current)) is not None:
            return span
        if current.head.i == current.i:
            break
        current = current.head
    return _according_to(number.sent) or _sole_reporter(number.sent)


def _sole_reporter(sentence: "Span") -> "Span | None":
    """'Jets struck the hills, killing 14, the ministry said, in response to ...': a report
    tagged on to the main clause covers the sentence, when it is the sentence's only report."""
    reports = [t for t in sentence if t.lemma_.lower() in REPORTING_VERBS and t.pos_ == "VERB"]
    if len(reports) != 1 or reports[0].dep_ not in ("ROOT", "parataxis", "ccomp", "conj") or \
            reports[0].head.i != sentence.root.i and reports[0].dep_ != "ROOT":
        return None
    return _reported_by(reports[0])

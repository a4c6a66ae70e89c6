"""Event frames from the parse: who did what to whom, when, where, with what status.

Syntax proposes every frame; the model is asked only what syntax cannot settle (see
`guided`). Every participant, place and speaker is an entity or noun-chunk span.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from summarize.article import numbers_dates as nd
from summarize.article import places
from summarize.article.language import ACTOR_LABELS, PLACE_LABELS, Parsed, Sentence, mention_span, phrase_span
from summarize.models import EventStatus, EventSubType, QuantityUnit
from summarize.taxonomy import (
    DENIAL_GOVERNORS,
    GROUP_NOUNS,
    NOUN_UNITS,
    NON_EVENT_VERBS,
    PLAN_GOVERNORS,
    REPORTING_VERBS,
    RESPONSE_VERBS,
    STATEMENT_VERBS,
    THREAT_GOVERNORS,
    TRIGGER_SENSES,
    VAGUE_NOUNS,
    VERB_ONLY_TRIGGERS,
)
from summarize.verify import meaning

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# Event nouns that report a happening outside the ACLED types.
GENERAL_EVENT_NOUNS = frozenset(
    """election vote referendum trial hearing earthquake quake flood flooding fire blaze crash collision
    derailment storm hurricane landslide eruption outbreak merger acquisition takeover resignation
    shooting robbery murder stabbing heist strike walkout evacuation rescue search manhunt talk negotiation
    summit""".split()
)
# Event nouns for what can kill or injure: "the fire", "the crash" (not "the search", "the trial").
HARMFUL_EVENT_NOUNS = frozenset(
    """earthquake quake flood flooding fire blaze crash collision derailment storm hurricane landslide
    eruption outbreak shooting robbery murder stabbing heist explosion blast sinking""".split())
LEMMA_FAMILIES = {"airstrike": "strike", "bombing": "bomb", "bombardment": "bombard", "shelling": "shell",
                  "detention": "detain", "demonstration": "demonstrate", "fighting": "fight", "robbery": "rob",
                  "shooting": "shoot", "explosion": "explode", "killing": "kill", "evacuation": "evacuate",
                  "resignation": "resign", "acquisition": "acquire", "takeover": "take over"}
# "The trial will open", "the fighting began": the event is the noun, the verb only its phase.
ASPECTUAL_VERBS = frozenset("open begin start end continue resume close conclude finish break erupt".split())
LOCATIVE = frozenset("in near at outside around across inside into from within throughout through along".split())
# Where an event happened ("bombers flown from the United States" did not happen there).
PLACE_PREPS = LOCATIVE - {"from", "into"}
GOVERNORS = THREAT_GOVERNORS | PLAN_GOVERNORS | DENIAL_GOVERNORS | STATEMENT_VERBS | REPORTING_VERBS


@dataclass
class Mention:
    """One mention of an event in one sentence."""

    trigger: "Token"
    sentence: Sentence
    status: EventStatus
    agents: list["Span"] = field(default_factory=list)
    patients: list["Span"] = field(default_factory=list)
    place: "Span | None" = None
    date: nd.DateMention | None = None  # offsets absolute
    senses: list[EventSubType] = field(default_factory=list)
    statement: bool = False
    responds_to: "Token | None" = None
    part_of: "Token | None" = None  # another trigger of the sentence that names the same event

    @property
    def lemma(self) -> str:
        """The trigger's lemma, with its family head: 'airstrikes' and 'struck' are both 'strike'."""
        lemma = self.trigger.lemma_.lower()
        return LEMMA_FAMILIES.get(lemma, lemma)

    @property
    def has_arguments(self) -> bool:
        return bool(self.agents or self.patients or self.place or self.date or self.toll)

    @property
    def refers_back(self) -> bool:
        """'the strikes had killed nine': a definite event noun with no participant, place or date
        of its own names an event the article has already reported."""
        definite = any(c.dep_ in ("det", "poss") and c.lower_ in ("the", "this", "these", "that", "those", "its",
                                                                   "their") for c in self.trigger.children)
        return self.trigger.pos_ == "NOUN" and definite and not (self.agents or self.patients or self.place or self.date)

    @property
    def toll(self) -> bool:
        """The event is the subject of a casualty clause: 'the attack killed three soldiers'."""
        return _has_toll(self.trigger)


# "The court found that ...": a finding reports its content clause; it is not an event itself.
FINDING_VERBS = frozenset("find conclude determine establish discover recall".split())  # "recalled that" too


def reported_clause(verb: "Token") -> bool:
    """The verb heads what a source reports: 'said it would review', 'said that ... and that
    Brandl would appeal'."""
    while verb.dep_ == "conj" and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "ccomp" and verb.head.lemma_.lower() in REPORTING_VERBS


def _is_candidate_verb(token: "Token") -> bool:
    if token.pos_ != "VERB" or token.lemma_.lower() in NON_EVENT_VERBS - STATEMENT_VERBS:
        return False
    if token.lemma_.lower() in FINDING_VERBS and any(c.dep_ == "ccomp" for c in token.children):
        return False
    if token.dep_ == "ROOT":
        return True
    head = token.head
    if token.dep_ == "conj":
        return _is_candidate_verb(head) or head.lemma_.lower() in REPORTING_VERBS or reported_clause(token)
    if token.dep_ in ("ccomp", "xcomp"):
        return head.lemma_.lower() in GOVERNORS or head.lemma_.lower() in ("be",)
    if token.dep_ == "advcl":
        return any(c.dep_ == "mark" and c.lower_ in ("after", "before", "when", "as", "since", "until")
                   for c in token.children)
    if token.dep_ == "pcomp":
        return head.lower_ in ("after", "before", "since") or head.head.lemma_.lower() in DENIAL_GOVERNORS
    return False


def is_earlier_series(trigger: "Token") -> bool:
    """'previous attacks on the militias', 'earlier strikes': other, unnamed events, neither this
    one nor any the article reports."""
    return trigger.pos_ == "NOUN" and any(c.dep_ == "amod" and c.lower_ in ("previous", "earlier", "past", "prior")
                                          for c in trigger.children)


def is_background(trigger: "Token") -> bool:
    """A state or a scene, not news: a perfect that lasts since a year ('has demanded autonomy
    since 2016'), or a progressive interrupted by the event ('was travelling ... when it exploded')."""
    children = list(trigger.children)
    perfect = any(c.dep_ == "aux" and c.lemma_ == "have" for c in children)
    since = [c for c in children if c.dep_ == "prep" and c.lower_ == "since"] + [
        c for c in children if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ == "since" for m in c.children)]
    if perfect and any(any(t.like_num and len(t.text) == 4 or t.ent_type_ == "DATE" and t.lower_ in nd.MONTHS
                           for t in c.subtree) for c in since):
        return True  # since a year or month: a long-running state ('since Monday' is recent news)
    progressive = trigger.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "be" for c in children)
    return progressive and any(c.dep_ == "advcl" and any(m.dep_ == "advmod" and m.lower_ == "when" or
                                                         m.dep_ == "mark" and m.lower_ == "when"
                                                         for m in c.children) for c in children)


def _event_object(token: "Token") -> "Token | None":
    """The event noun a light verb carries: 'launched strikes', 'launched a series of strikes'."""
    for child in token.children:
        if child.dep_ not in ("dobj", "obj"):
            continue
        if is_event_noun(child):
            return child
        if child.lemma_.lower() in meaning.SERIES_NOUNS:
            named = [c for c in child.children if c.dep_ == "compound" and is_event_noun(c)]
            if named:
                return named[0]  # "a bombing campaign"
            for of in (c for c in child.children if c.dep_ == "prep" and c.lower_ == "of"):
                nouns = [g for g in of.children if g.dep_ == "pobj" and is_event_noun(g)]
                if nouns:
                    return nouns[0]
    return None


def _is_light_verb_with_event(token: "Token") -> bool:
    return token.lemma_.lower() in meaning.LIGHT_VERBS and _event_object(token) is not None


def is_content_verb(verb: "Token") -> bool:
    """A verb that names an event of its own: not being, saying, thinking, nor a casualty verb
    ('killing nine'), which tells the toll of the event that governs it."""
    lemma = verb.lemma_.lower()
    return not (lemma in NON_EVENT_VERBS or lemma in REPORTING_VERBS or lemma in meaning.LIGHT_VERBS
                or meaning.casualty_unit(verb) is not None or lemma in GOVERNORS or lemma in CONSEQUENCE_VERBS)


# Verbs that tell what an event did, not another event: "left 40 wounded", "caused eight casualties".
CONSEQUENCE_VERBS = frozenset("leave cause result claim bring force".split())


def clause_of_its_own(verb: "Token") -> bool:
    """A verb heading a clause of its own ('plans to cut ...', 'said the sale would raise ...'),
    not a participle or relative clause that describes the event above it ('a campaign targeting
    85 sites', 'an attack, which targeted two bases', 'employing 125 munitions', 'left 40 wounded')."""
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) or verb.dep_ == "pcomp":
        return True  # "a plan to cut subsidies", "charged with defrauding 300 pensioners"
    if verb.dep_ in ("acl", "relcl", "advcl", "amod"):
        return False
    return verb.dep_ in ("ccomp", "conj", "xcomp")


def is_event_noun(token: "Token") -> bool:
    lemma = token.lemma_.lower()
    in_lexicon = lemma in TRIGGER_SENSES and lemma not in VERB_ONLY_TRIGGERS or lemma in GENERAL_EVENT_NOUNS
    return token.pos_ == "NOUN" and in_lexicon and not token.ent_type_  # not "March" the month, nor a name


# Nouns that measure something: "shares rose", "revenue climbed" have no agent.
INSTITUTIONS = frozenset(
    """police army military court parliament jury judge prosecutor rescuer firefighter investigator troop soldier
    voter authority ministry council cabinet committee government regulator""".split())
MEASURE_NOUNS = frozenset(
    "share price revenue profit sale rate cost index output value number magnitude level figure total toll".split())


def _names_a_participant(span: "Span", patient: bool) -> bool:
    """An entity, or a noun phrase specific enough to name someone; a patient is also never a
    mere object ('the title', 'a penalty')."""
    if any(t.ent_type_ in ACTOR_LABELS | PLACE_LABELS for t in span) or any(t.pos_ == "PROPN" for t in span):
        return True
    root = span.root
    lemma = root.lemma_.lower()
    if lemma in VAGUE_NOUNS or any(c.dep_ == "poss" and c.pos_ == "PRON" for c in root.children):
        return False
    if patient:
        return lemma in GROUP_NOUNS or any(lemma in NOUN_UNITS[u] for u in (QuantityUnit.people, QuantityUnit.troops))
    # A bare common noun ("the group", "fighters") usually points back to a participant named
    # earlier: abstain unless it names an institution on its own, people by what they did ("the
    # robbers", "the gunmen"), or the name it points back to ends in the same noun ("the bank"
    # after "Pellacor Bank").
    return len(span) > 1 or lemma in INSTITUTIONS | PERPETRATOR_NOUNS or _names_earlier_entity(root)


PERPETRATOR_NOUNS = frozenset(
    """robber gunman attacker thief kidnapper assailant raider intruder looter hijacker burglar
    arsonist""".split())


def _names_earlier_entity(noun: "Token") -> bool:
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children):
        return False
    lemma = noun.lemma_.lower()
    return any(e.end <= noun.i and e.label_ in ACTOR_LABELS and e[-1].lemma_.lower() == lemma
               for e in noun.doc.ents)


def _spans(heads: list["Token"], patient: bool = False) -> list["Span"]:
    """Participant spans: entities and noun chunks, never a number phrase (a quantity is
    reported as a quantity) nor a measure ('shares', 'revenue')."""
    found = []
    for head in heads:
        span = _counted_group(head) or _described_by_affiliation(head) or mention_span(head)
        counted_people = span is not None and _counts_people(span)
        if span is None or not counted_people and any(
                t.like_num or t.ent_type_ in ("CARDINAL", "MONEY", "PERCENT", "QUANTITY") for t in span):
            continue
        if is_event_noun(span.root):
            continue  # "the strikes killed ...": an event, not a participant
        if span[0].lower_ in LOCATIVE:
            continue  # "gathered outside parliament" misparsed as an object: a place phrase
        if span.root.lemma_.lower() in RESPONSE_NOUNS:
            continue  # "the U.S. response has been limited": an event, not a participant
        if span.root.lemma_.lower() in MEASURE_NOUNS and not span.root.ent_type_ or not _names_a_participant(span, patient):
            continue
        if all(span.start != other.start for other in found):
            found.append(span)
    return found


NUMBER_NOUNS = frozenset("dozen hundred thousand million".split())  # "Thousands of people"


def _counts_people(span: "Span") -> bool:
    """'23 climate activists', 'Thousands of people': a group of people, counted."""
    root = span.root
    if root.like_num or root.lemma_.lower() in NUMBER_NOUNS:
        root = next((g for c in root.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                     if g.dep_ == "pobj"), root)
    return root.lemma_.lower() in NOUN_UNITS[QuantityUnit.people] | NOUN_UNITS[QuantityUnit.troops]


def _counted_group(head: "Token") -> "Span | None":
    """'Thousands of people marched': the number and what it counts, as one participant."""
    if not (head.like_num or head.lemma_.lower() in NUMBER_NOUNS):
        return None
    of = [g for c in head.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    if not of:
        return None
    return head.doc[head.left_edge.i: of[0].i + 1]


def _described_by_affiliation(head: "Token") -> "Span | None":
    """'Fighters from the Brenn Valley Movement', 'officers of the riot police': a common noun
    named by the group it belongs to is the whole phrase."""
    if head.pos_ != "NOUN" or head.ent_type_:
        return None
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in ("from", "of") and any(
                g.dep_ == "pobj" and (g.ent_type_ in ("ORG", "NORP", "GPE") or g.pos_ == "PROPN")
                and not any(c.dep_ == "conj" for c in g.children) for g in prep.children):
            return phrase_span(head)
    return None


def _governed_by(token: "Token", trigger: "Token", triggers: set[int]) -> bool:
    governing = meaning.governing_trigger(token, triggers | {trigger.i})
    return governing is not None and governing.i == trigger.i


def _in_clause(token: "Token", trigger: "Token", triggers: set[int]) -> bool:
    """`token` is in the trigger's own clause, and not in the attribution around it ('the
    ministry in Korvan said' gives no place to what the ministry reports)."""
    if not _governed_by(token, trigger, triggers):
        return False
    current = token
    while current.i != trigger.i and current.head.i != current.i:
        if current.pos_ == "VERB" and current.lemma_.lower() in REPORTING_VERBS:
            return False
        current = current.head
    return True


def _distance(token: "Token", ancestor: "Token") -> int:
    steps = 0
    while token.i != ancestor.i and token.head.i != token.i and steps < 40:
        token, steps = token.head, steps + 1
    return steps


def _place(trigger: "Token", triggers: set[int], exclude: list["Span"]) -> "Span | None":
    """The place of the event: a place name after a locative preposition in the trigger's own
    clause; of several, the one nearest the trigger in the tree (the most specific)."""
    found = []
    subjects = [c for c in trigger.children if c.dep_ in meaning.SUBJECTS]
    in_subject = {t.i for c in subjects for t in c.subtree}
    for name in places.places_in(trigger.sent):
        root = name.root
        if any(e.start <= root.i < e.end for e in exclude):
            continue
        # "on the capital Vellgrad": the place noun the name stands beside takes the preposition
        anchor = root.head if root.dep_ == "appos" and root.head.lemma_.lower() in places.PLACE_NOUNS else root
        prep = anchor.head if anchor.dep_ == "pobj" else None
        # "an investment group based in Velmara will pay": where the agent is based, not where the
        # event happened; but "A court in Ardenholm sentenced", "Police in northern Carsland detained"
        # (not "The government in Mardel condemned", which names the government by its seat).
        if root.i in in_subject and not (prep is not None and prep.lower_ == "in" and prep.head in subjects
                                         and trigger.lemma_.lower() not in STATEMENT_VERBS | REPORTING_VERBS):
            continue
        if prep is not None and prep.lower_ == "on" and (prep.head.i != trigger.i or not places.is_area_name(name)):
            continue  # "a barrage on the capital Vellgrad", not "after Hamas' assault on Israel"
        # "in Orvane", "in the town of Orvane" (not "the final of the Northern Shield", nor "20
        # kilometres north-west of the town of Pellvik")
        if prep is not None and (prep.lower_ in PLACE_PREPS | {"on"} or prep.lower_ == "of" and _located_place_noun(prep.head)):
            place = name
        elif root.dep_ == "compound" and root.head.dep_ == "pobj" and root.head.head.lower_ in PLACE_PREPS:
            noun = root.head  # "at Orlavo airport"; but "the Pellaran city of Dornhelm" is Dornhelm
            if any(c.dep_ == "prep" and c.lower_ == "of" for c in noun.children):
                continue
            place = trigger.doc[name.start: noun.i + 1]
        else:
            continue
        if _in_clause(root, trigger, triggers):
            found.append(place)
    return min(found, key=lambda e: _distance(e.root, trigger), default=None)


def _located_place_noun(noun: "Token") -> bool:
    """'in the town of Orvane': a place noun after a locative preposition."""
    return noun.lemma_.lower() in places.PLACE_NOUNS | places.PART_NOUNS and noun.dep_ == "pobj" \
        and noun.head.lower_ in PLACE_PREPS | {"to", "on"}


def _is_place(span: "Span") -> bool:
    """A town or region is where an event happened, not whom it was done to ('the Teskari
    capital Vellgrad' too)."""
    return places.is_area_name(span) or span.root.lemma_.lower() in places.PLACE_NOUNS or any(
        t.dep_ == "compound" and t.head.i == span.root.i and t.lemma_.lower() in places.PLACE_NOUNS for t in span)


def _date(trigger: "Token", sentence: Sentence, published: dt.date | None, parsed: Parsed,
          triggers: set[int]) -> nd.DateMention | None:
    for mention in nd.dates(sentence.text, published):
        start = sentence.start + mention.span.start
        span = parsed.doc.char_span(start, sentence.start + mention.span.end, alignment_mode="expand")
        if span is None or not _in_clause(span.root, trigger, triggers):
            continue
        return nd.DateMention(nd.Span(start, sentence.start + mention.span.end, mention.span.text),
                              mention.value, mention.precision, mention.relative)
    return None


CASUALTY_VERBS = frozenset("kill wound injure hurt die".split())


def _is_toll(token: "Token") -> bool:
    """'Six civilians were killed', 'the strike killed nine': a casualty clause without a named
    agent reports the toll of an event, not an event of its own."""
    if token.lemma_.lower() not in CASUALTY_VERBS:
        return False
    agents = [a for a in meaning.agents(token) if not is_event_noun(a)]
    return not _spans(agents)


def _is_phase_of_event(token: "Token") -> bool:
    return token.lemma_.lower() in ASPECTUAL_VERBS and any(
        c.dep_ in ("nsubj", "nsubjpass") and is_event_noun(c) for c in token.children)


def _has_toll(noun: "Token") -> bool:
    return noun.dep_ in ("nsubj",) and noun.head.lemma_.lower() in CASUALTY_VERBS


def triggers_of(parsed: Parsed, sentence: Sentence) -> list["Token"]:
    span = parsed.span_of(sentence)
    found = []
    for token in span:
        if _is_toll(token) and not meaning.no_one_affected(token) or _is_phase_of_event(token) \
                or parsed.in_quote(token.idx):
            continue  # direct speech is the speaker's claim, not a reported event
        if token.dep_ == "attr" and token.pos_ == "NOUN":
            continue  # "It was the third robbery since June" describes an event; it reports none
        if token.dep_ == "compound" and token.pos_ == "NOUN" and token.head.lemma_.lower() not in meaning.SERIES_NOUNS:
            continue  # "riot police", "strike fund": a modifier names no event ("a bombing campaign" does)
        if token.lemma_.lower() in ("respond", "reply") and any(t.lemma_.lower() == "comment" for t in token.subtree):
            continue  # "did not respond to a request for comment" is the reporter's, not news
        if any(c.dep_ in meaning.SUBJECTS and c.lemma_.lower() == "toll" for c in token.children):
            continue  # "the death toll had risen to 18": a new figure for the deadly event, not an event
        if _is_candidate_verb(token) and not _is_light_verb_with_event(token):
            if token.lemma_.lower() in REPORTING_VERBS - STATEMENT_VERBS:
                continue
            found.append(token)
        elif is_event_noun(token):
            found.append(token)
    return found


def is_referred_to(trigger: "Token") -> bool:
    """An event noun that a clause only talks about ('had not broken the truce', 'condemned the
    attack'): it may refer back to an event, but without arguments of its own it reports none.
    ('The strikes followed a rocket attack' reports the attack it answers.)"""
    head = trigger.head
    return trigger.pos_ == "NOUN" and trigger.dep_ in meaning.OBJECTS and head.pos_ == "VERB" and \
        head.lemma_.lower() not in meaning.LIGHT_VERBS | meaning.CONVENING_VERBS | PARTICIPATION_VERBS | RESPONSE_VERBS


def _has_number_participant(trigger: "Token") -> bool:
    """'killed at least 23', '9 of its fighters were killed': a counted participant."""
    return any(t.like_num and t.lower_ != "one" for head in meaning.patients(trigger) + meaning.agents(trigger)
               for t in head.subtree)


def mentions_in(parsed: Parsed, sentence: Sentence, published: dt.date | None) -> list[Mention]:
    triggers = triggers_of(parsed, sentence)
    indexes = {t.i for t in triggers}
    found: list[Mention] = []
    for trigger in triggers:
        status = meaning.status_of(trigger)
        if status is None:
            continue  # hedged or habitual: nothing is asserted
        statement = trigger.lemma_.lower() in STATEMENT_VERBS
        if trigger.lemma_.lower() == "threaten" and not any(
                c.dep_ in ("xcomp", "ccomp") or c.dep_ == "prep" and c.lower_ == "with" for c in trigger.children):
            continue  # "Port Alvey briefly threatened a comeback": no threat is made
        status = meaning.statement_status(trigger, status) if statement else status
        agents = _spans(meaning.agents(trigger))
        patients = [p for p in _spans(meaning.patients(trigger), patient=True) if not is_event_noun(p.root)]
        if statement and not agents:
            continue  # a statement needs its speaker
        mention = Mention(
            trigger=trigger,
            sentence=sentence,
            status=status,
            agents=agents,
            patients=[p for p in patients if not _is_place(p)],
            senses=[] if statement else meaning.senses_that_fit(trigger),
            statement=statement,
        )
        mention.place = _place(trigger, indexes, agents + mention.patients) or next(
            (p for p in patients if _is_place(p) and p.root.ent_type_ in ("GPE", "LOC") and p.root.dep_ != "pobj"),
            None)  # "struck Syria" is where; "attacks against the United States" names a target
        mention.date = _date(trigger, sentence, published, parsed, indexes)
        if trigger.pos_ == "VERB" and not (agents or mention.patients or mention.place or mention.date
                                           or _has_number_participant(trigger) or meaning.no_one_affected(trigger)):
            continue  # a verb with nothing we can name around it asserts too little
        mention.part_of = _same_event_in_clause(trigger, {m.trigger.i for m in found} | indexes)
        if mention.part_of is not None and trigger.pos_ == "NOUN":
            mention.agents, mention.patients = [], []  # "won Tarvona's election": the verb names who
        found.append(mention)
    # "threatened to sue the company": one event, the suing, threatened (the threat is its status).
    contents = {m.trigger.i for m in found}
    found = [m for m in found if not (m.statement and m.lemma in PROMISSORY_VERBS and any(
        c.dep_ == "xcomp" and c.i in contents for c in m.trigger.children))]
    _link_responses(found)
    return found


PROMISSORY_VERBS = frozenset("threaten vow pledge promise".split())


# "won the election", "signed a ceasefire agreement": the noun names the verb's own event.
PARTICIPATION_VERBS = frozenset("win lose sign contest".split())


def _same_event_in_clause(trigger: "Token", indexes: set[int]) -> "Token | None":
    """The trigger that names the same event within one clause: the event noun that is the
    subject of a verb ('the bombing struck a convoy', 'a fire tore through a factory'), or the
    participation verb whose object the event noun is ('won the presidential election')."""
    if trigger.pos_ == "VERB" and trigger.dep_ in ("xcomp", "pcomp", "ccomp") and trigger.head.i in indexes \
            and trigger.head.lemma_.lower() in DENIAL_GOVERNORS:
        return trigger.head  # "denied attacking Kellos": what is denied is the denial's content
    if trigger.pos_ == "VERB" and trigger.lemma_.lower() == "join":
        # "boats joined the search", "volunteers joined police in the search": taking part in it
        return next((n for n in [*trigger.children, *(g for c in trigger.children if c.dep_ == "prep"
                                                      and c.lower_ == "in" for g in c.children)]
                     if n.dep_ in ("dobj", "obj", "pobj") and n.i in indexes and is_event_noun(n)), None)
    if trigger.pos_ == "VERB":
        return next((c for c in trigger.children if c.dep_ in ("nsubj", "nsubjpass") and c.i in indexes
                     and is_event_noun(c)), None)
    head = trigger.head
    if trigger.dep_ in ("dobj", "obj") and head.i in indexes and head.lemma_.lower() in PARTICIPATION_VERBS:
        return head
    if trigger.dep_ == "pobj" and head.lower_ == "in":  # "won the most seats in the election"
        verb = head.head if head.head.pos_ == "VERB" else head.head.head
        if verb.i in indexes and verb.lemma_.lower() in PARTICIPATION_VERBS and (
                verb.i == head.head.i or head.head.dep_ in ("dobj", "obj")):
            return verb
    return None


_RESPONSE_RE = re.compile(r"\b(?:in (?:response|retaliation|reprisal|revenge) (?:to|for)|to avenge|after)\b", re.I)


def _link_responses(mentions: list[Mention]) -> None:
    """'The strikes followed a rocket attack', 'struck ... in response to the attack':
    the responding event is linked to, and kept apart from, the one it answers."""
    by_index = {m.trigger.i: m for m in mentions}
    for answered in mentions:  # "V ... in retaliation for X": the event of V answers X
        verb = _response_governor(answered.trigger)
        if verb is None:
            continue
        candidates = [verb] + [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj")]
        responder = next((by_index[c.i] for c in candidates if c.i in by_index and c.i != answered.trigger.i), None)
        if responder is not None and responder.responds_to is None:
            responder.responds_to = answered.trigger
    for mention in mentions:
        trigger = mention.trigger
        # X followed / responded to / came after Y
        if trigger.lemma_.lower() in RESPONSE_VERBS:
            continue
        head = trigger.head
        if trigger.dep_ in ("nsubj", "nsubjpass") and head.lemma_.lower() in RESPONSE_VERBS | {"come"}:
            for other in head.subtree:
                if other.i in by_index and other.i != trigger.i:
                    mention.responds_to = other
                    break
        for other in trigger.subtree:
            if other.i in by_index and other.i > trigger.i:
                between = trigger.doc[trigger.i: other.i].text
                if _RESPONSE_RE.search(between) and _governed_by(other, trigger, set(by_index)):
                    mention.responds_to = other
                    break
        if mention.responds_to is None and trigger.dep_ == "ccomp" and head.lemma_.lower() in REPORTING_VERBS:
            # "Jets bombed the camps, the army said, two days after a rocket attack": the report's
            # 'after' phrase times the reported event.
            for prep in (c for c in head.children if c.dep_ == "prep" and c.lower_ == "after"):
                other = next((t for t in prep.subtree if t.i in by_index and t.i != trigger.i), None)
                if other is not None:
                    mention.responds_to = other
                    break


RESPONSE_NOUNS = frozenset("response retaliation reprisal revenge answer reaction".split())


def _response_governor(trigger: "Token") -> "Token | None":
    """For X in 'in response to X' / 'in retaliation for X', the verb the phrase modifies."""
    prep = trigger.head
    if trigger.dep_ != "pobj" or prep.lower_ not in ("to", "for"):
        return None
    noun = prep.head
    if noun.lemma_.lower() not in RESPONSE_NOUNS or noun.dep_ != "pobj" or noun.head.lower_ != "in":
        return None
    verb = noun.head.head
    return verb if verb.pos_ in ("VERB", "AUX", "NOUN") else None

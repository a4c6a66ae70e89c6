"""The guided engine: syntax proposes every fact; the model settles only what syntax cannot.

One parse gives the event frames (`frames`): trigger, agents, patients, place, date,
status, the senses its arguments fit, and which event answers which. The model is
asked lettered multiple-choice questions, answered in one token over the article it
has read once: the event type when more than one sense fits, and the summary
sentences. Every proposed field passes the meaning checks of `verify.meaning`; what
fails is re-asked with the reason, then reported in `rejected`.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

from summarize.article import numbers_dates as nd
from summarize.article import sources
from summarize.article.language import Parsed, Sentence, entity_of
from summarize.article.loaded import find_loaded_language
from summarize.backends.client import ModelClient
from summarize.errors import ModelAnswerError
from summarize.extract import frames
from summarize.extract.neutralize import neutralize_sentence
from summarize.extract.prompts import load_prompt
from summarize.models import (
    Actor,
    ActorRole,
    Claim,
    Event,
    EventDate,
    EventLink,
    EventRelation,
    EventStatus,
    EventSubType,
    Evidence,
    Location,
    Qualifier,
    Quantity,
    QuantityUnit,
    Rejected,
    SummarySentence,
)
from summarize.taxonomy import THREAT_GOVERNORS, TRIGGER_SENSES, VIOLENT_SENSES, event_type_of
from summarize.verify import meaning

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

SUMMARY_SENTENCES = 3
SUMMARY_OPTIONS = 6
SENSE_LABELS = {
    EventSubType.air_drone_strike: "an air or drone strike",
    EventSubType.missile_attack: "a missile, rocket or artillery attack",
    EventSubType.remote_explosive: "a bomb or explosive device set off",
    EventSubType.armed_clash: "armed groups fighting each other",
    EventSubType.attack_on_civilians: "an attack on civilians",
    EventSubType.peaceful_protest: "a peaceful protest",
    EventSubType.violent_demonstration: "a riot",
    EventSubType.arrest: "an arrest",
    EventSubType.agreement: "a ceasefire or peace agreement",
}
SOMETHING_ELSE = "something else"


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Asked:
    answer: str | None
    attempts: int
    failures: list[tuple[str, str]] = field(default_factory=list)  # (value, reason)


@dataclass
class Asker:
    """Lettered questions after the article prefix, with bounded, actionable re-asks."""

    client: ModelClient
    prefix: str
    max_attempts: int
    reasks: int = 0

    def ask(self, question: str, options: list[str], check: Callable[[str], str | None]) -> Asked:
        letters = list(string.ascii_uppercase[: len(options)])
        allowed = list(letters)
        asked = Asked(answer=None, attempts=0)
        follow_up = ""
        for attempt in range(1, self.max_attempts + 1):
            asked.attempts = attempt
            listing = "\n".join(f"{letter}) {one_line(option)}" for letter, option in zip(letters, options)
                                if letter in allowed)
            prompt = f"{self.prefix}\n\nQuestion: {question}\n{listing}{follow_up}\nAnswer:"
            try:
                letter = self.client.choose(prompt, allowed)
            except ModelAnswerError as error:
                asked.failures.append(("(no valid answer)", str(error)))
                continue
            value = options[letters.index(letter)]
            reason = check(value)
            if reason is None:
                asked.answer = value
                return asked
            asked.failures.append((value, reason))
            allowed.remove(letter)
            if not allowed or attempt == self.max_attempts:
                break
            self.reasks += 1
            follow_up = f"\nRejected: {letter}) {one_line(value)}: {reason}. Choose again from: {', '.join(allowed)}."
        return asked


@dataclass
class Draft:
    events: list[Event] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    summary: list[SummarySentence] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Group:
    mentions: list[frames.Mention]

    @property
    def first(self) -> frames.Mention:
        return self.mentions[0]

    def triggers(self) -> set[int]:
        return {m.trigger.i for m in self.mentions}


def _texts(spans) -> set[str]:
    return {s.text.lower() for s in spans}


def _overlaps(a: set[str], b: set[str]) -> bool:
    return any(x in y or y in x for x in a for y in b)


def _same_event(group: Group, mention: frames.Mention) -> bool:
    """Two mentions are one event only when trigger class, status, participants, time and place agree."""
    first = group.first
    # A bare event noun ("the attack") may refer back to any event its word can name.
    bare = not mention.has_arguments or mention.refers_back
    senses = set(mention.senses) or (set(TRIGGER_SENSES.get(mention.lemma, ())) if bare else set())
    same_class = mention.lemma in {m.lemma for m in group.mentions} or bool(
        senses & {s for m in group.mentions for s in m.senses})
    if not same_class or mention.statement != first.statement:
        return False
    if mention.trigger.dep_ == "pobj" and mention.trigger.head.lower_ in ("since", "before"):
        return False  # "attacks have increased since the Hamas attack on Israel": an earlier event
    if mention.status is not first.status and mention.lemma not in {m.lemma for m in group.mentions}:
        return False
    if {mention.status, first.status} & {EventStatus.planned, EventStatus.threatened} \
            and EventStatus.occurred in {mention.status, first.status}:
        return False  # "vowed to strike again" is another strike than the one that happened
    linked = {m.responds_to.i for m in group.mentions if m.responds_to is not None}
    if mention.trigger.i in linked or (mention.responds_to is not None and mention.responds_to.i in group.triggers()):
        return False
    # "signed in eastern Kestria" and "signed at a ceremony in Halden Ford": the same verb at two
    # places is one event told at two scales; another word, or a noun ("attacks" in Syria, an
    # "attack" near Baghdad), at another place is not.
    places = {m.place.text for m in group.mentions if m.place is not None}
    if mention.place is not None and places and not _overlaps({mention.place.text}, places) and not (
            mention.trigger.pos_ == "VERB" and mention.lemma in {m.lemma for m in group.mentions if m.trigger.pos_ == "VERB"}):
        return False
    dates = {m.date.value for m in group.mentions if m.date is not None and m.date.value}
    if mention.date is not None and mention.date.value and dates and mention.date.value not in dates:
        return False
    if _disjoint(mention.agents, [a for m in group.mentions for a in m.agents]):
        return False
    # "Brandl was convicted" and "two board members were convicted": other people, another case
    return not _disjoint(_people(mention.patients), [p for m in group.mentions for p in _people(m.patients)])


def _disjoint(spans: list["Span"], others: list["Span"]) -> bool:
    """Both name participants and none of them is the same."""
    return bool(spans) and bool(others) and not _overlaps(_texts(spans), _texts(others))


def _perfect_or_passive(verb: "Token") -> bool:
    """'have been displaced', 'has resigned': a completed event, like a past tense."""
    return verb.tag_ == "VBN" and any(c.dep_ in ("aux", "auxpass") and c.lemma_ in ("have", "be")
                                      for c in verb.children)


def _people(spans: list["Span"]) -> list["Span"]:
    return [s for s in spans if s.root.ent_type_ == "PERSON"]


class GuidedExtractor:
    def __init__(self, client: ModelClient, parsed: Parsed, published: dt.date | None, max_attempts: int,
                 title: str | None = None):
        self.client = client
        self.parsed = parsed
        self.text = parsed.text
        self.sentences = [s for s in parsed.sentences if s.usable]
        self.published = published
        self.title = title
        article = "\n".join(s.text for s in self.sentences)
        self.asker = Asker(client, load_prompt("guided") + "\n" + article + "\n>>>", max_attempts)
        self.draft = Draft()
        self.groups: list[Group] = []
        self.trigger_event: dict[int, int] = {}  # trigger token index -> index of its event
        # The headline's lemmas ('wins' -> 'win'), to find the event it reports.
        self.headline_lemmas = {frames.LEMMA_FAMILIES.get(t.lemma_.lower(), t.lemma_.lower())
                                for t in parsed.headline or ()}

    # -- evidence ------------------------------------------------------------------------

    def _evidence(self, start: int, end: int) -> Evidence:
        return Evidence(start=start, end=end, quote=self.text[start:end], match="exact")

    def _sentence_evidence(self, sentence: Sentence) -> Evidence:
        return self._evidence(sentence.start, sentence.end)

    def _span_evidence(self, span: "Span | Token") -> Evidence:
        start = span.start_char if hasattr(span, "start_char") else span.idx
        end = span.end_char if hasattr(span, "end_char") else span.idx + len(span)
        return self._evidence(start, end)

    def _reject(self, path: str, value: str, reason: str, attempts: int, nearest: str | None) -> None:
        self.draft.rejected.append(Rejected(field=path, value=value, reason=reason, attempts=attempts, nearest=nearest))

    # -- stages ---------------------------------------------------------------------------

    @property
    def reasks(self) -> int:
        return self.asker.reasks

    def run(self) -> Draft:
        self._group_mentions()
        self._build_events()
        self._quantities()
        self._claims()
        self._mark_main()
        self._summary()
        return self.draft

    def _anchored(self, mention: frames.Mention) -> bool:
        """Precision first: an event is emitted only when it is asserted in its own clause (not
        a participle or a bare infinitive complement) and anchored by a named participant, a
        type, its being a statement, a date, a place, a headline word, or a past-tense main clause."""
        trigger = mention.trigger
        if frames.is_background(trigger):
            return False
        threat = mention.status is EventStatus.threatened and trigger.head.lemma_.lower() in THREAT_GOVERNORS
        progressive = trigger.tag_ == "VBG" and any(c.dep_ == "aux" and c.lemma_ == "be" for c in trigger.children)
        if (trigger.dep_ in ("xcomp", "advcl") or trigger.tag_ == "VBG" and not progressive) and not (
                mention.senses or threat):
            return False
        named = any(t.ent_type_ in ("PERSON", "ORG", "GPE", "NORP", "FAC") for s in mention.agents + mention.patients
                    for t in s)
        in_headline = mention.lemma in self.headline_lemmas
        # A plan or threat a source reports, by an agent it names: "the office said it would review"
        reported_plan = mention.status in (EventStatus.planned, EventStatus.threatened) and bool(mention.agents) \
            and trigger.pos_ == "VERB" and (trigger.dep_ == "ROOT" or frames.reported_clause(trigger))
        return bool(named or mention.senses or mention.statement or mention.date or mention.place or in_headline
                    or mention.toll or reported_plan or meaning.no_one_affected(trigger)
                    or trigger.dep_ == "ROOT" and (trigger.tag_ == "VBD" or _perfect_or_passive(trigger) and bool(
                        mention.agents or mention.patients or mention.toll)))

    def _group_mentions(self) -> None:
        """Mentions join the latest compatible event; a group is emitted only when one of its
        mentions is anchored. Unanchored mentions still join (and keep their response links)."""
        for sentence in self.sentences:
            mentions = frames.mentions_in(self.parsed, sentence, self.published)
            by_trigger = {m.trigger.i: m for m in mentions}
            for mention in mentions:
                if mention.part_of is not None:  # "A fire tore through a factory": one event, the fire
                    host = next((g for g in self.groups if mention.part_of.i in g.triggers()), None)
                    if host is None and mention.part_of.i in by_trigger:
                        host = Group([by_trigger[mention.part_of.i]])
                        self.groups.append(host)
                    if host is not None:
                        host.mentions.append(mention)
                        continue
                if frames.is_earlier_series(mention.trigger):
                    continue  # "previous attacks on the militias" report no event of this article
                compatible = [g for g in reversed(self.groups) if _same_event(g, mention)]
                same_word = [g for g in compatible if mention.lemma in {m.lemma for m in g.mentions}]
                # "the strikes" with nothing of its own refers to the event its word first names
                # (an air strike), not to the latest event it could name (a rocket attack).
                primary = (TRIGGER_SENSES.get(mention.lemma) or (None,))[0]
                first_sense = [g for g in compatible if not mention.senses and primary in
                               {s for m in g.mentions for s in m.senses}]
                home = (same_word or first_sense or compatible or [None])[0]
                if home is not None:
                    home.mentions.append(mention)
                elif mention.has_arguments or not frames.is_referred_to(mention.trigger) and (
                        mention.trigger.pos_ == "VERB" or mention.senses):
                    self.groups.append(Group([mention]))
        self.groups = [g for g in self.groups if any(self._anchored(m) for m in g.mentions)]

    def _event_type(self, index: int, group: Group) -> EventSubType:
        if group.first.statement:
            return EventSubType.statement
        fitting = list(dict.fromkeys(s for m in group.mentions for s in m.senses))
        if len(fitting) <= 1:
            return fitting[0] if fitting else EventSubType.other  # syntax settles it
        # Syntax leaves more than one sense: the model chooses among every sense of the word,
        # and a choice the arguments do not support is re-asked, then rejected.
        mention = next(m for m in group.mentions if m.senses)
        trigger = mention.trigger
        senses = list(TRIGGER_SENSES.get(mention.lemma, fitting))
        options = [SENSE_LABELS[s] for s in senses] + [SOMETHING_ELSE]
        by_label = dict(zip(options, senses + [EventSubType.other]))

        def check(label: str) -> str | None:
            return meaning.check_type(by_label[label], trigger)

        asked = self.asker.ask(
            f'What kind of event is "{trigger.text}" in "{one_line(mention.sentence.text)}"?', options, check)
        if asked.answer is None:
            value, reason = asked.failures[-1]
            self._reject(f"events[{index}].sub_type", value, reason, asked.attempts, mention.sentence.text)
            return EventSubType.other
        return by_label[asked.answer]

    def _build_events(self) -> None:
        trigger_event = self.trigger_event
        for index, group in enumerate(self.groups):
            for mention in group.mentions:
                trigger_event[mention.trigger.i] = index
        for index, group in enumerate(self.groups):
            first = group.first
            sub_type = self._event_type(index, group)
            event = Event(
                event_type=event_type_of(sub_type),
                sub_type=sub_type,
                status=first.status,
                trigger=first.trigger.text,
                what=self._span_evidence(first.trigger),
                evidence=list(dict.fromkeys(self._sentence_evidence(m.sentence) for m in group.mentions)),
            )
            event.actors = self._actors(index, group)
            dated = next((m for m in group.mentions if m.date is not None), None)
            if dated is not None:
                date = dated.date
                event.date = EventDate(text=date.span.text, value=date.value, precision=date.precision,
                                       relative=date.relative, evidence=[self._evidence(date.span.start, date.span.end)])
            placed = next((m for m in group.mentions if m.place is not None), None)
            if placed is not None:
                place = placed.place
                event.location = Location(place=place.text, country=nd.country_of(place.text),
                                          evidence=[self._span_evidence(place)])
            for mention in group.mentions:
                if mention.responds_to is not None and mention.responds_to.i in trigger_event:
                    target = trigger_event[mention.responds_to.i]
                    if target != index and all(link.event != target for link in event.links):
                        event.links.append(EventLink(relation=EventRelation.responds_to, event=target,
                                                     evidence=[self._sentence_evidence(mention.sentence)]))
            self.draft.events.append(event)

    def _actors(self, index: int, group: Group) -> list[Actor]:
        actors: list[Actor] = []
        seen: set[tuple[str, ActorRole]] = set()
        for mention in group.mentions:
            for role, spans in ((ActorRole.initiator, mention.agents), (ActorRole.target, mention.patients)):
                for span in spans:
                    key = (span.text.lower(), role)
                    if any(r is role and re.search(rf"\b{re.escape(key[0])}\b", name) for name, r in seen):
                        continue  # "jets" after "Coastal Guard jets": the same participant
                    seen.add(key)
                    reason = meaning.check_role(span, role, mention.trigger)
                    if reason:
                        self._reject(f"events[{index}].actors[]", f"{span.text} ({role.value})", reason, 1,
                                     mention.sentence.text)
                        continue
                    actors.append(Actor(name=span.text, role=role, evidence=[self._span_evidence(span)]))
        return actors

    # -- quantities -------------------------------------------------------------------------

    def _quantities(self) -> None:
        triggers = set(self.trigger_event)
        previous: list[int] = []
        orphans: list[tuple[Sentence, nd.NumberMention]] = []
        for sentence in self.sentences:
            in_sentence = [i for i in triggers if sentence.start <= self.parsed.doc[i].idx < sentence.end]
            for mention in nd.numbers(sentence.text):
                if self._quantity(sentence, mention, triggers, previous, orphans_wait=True):
                    orphans.append((sentence, mention))
            previous = in_sentence
        # "The factory's owner said nine employees had died and 14 were injured": a toll no trigger
        # governs, after the sentence before named no event, is of the one event the article gives
        # casualties for; with two such events, or one and another violent one (an attack and the
        # strike it answered), it abstains.
        with_tolls = [i for i, event in enumerate(self.draft.events)
                      if any(q.unit in meaning.TOLL_UNITS for q in event.quantities)
                      or any(set(m.senses) & VIOLENT_SENSES for m in self.groups[i].mentions)]  # or violent
        for sentence, mention in orphans:
            sole = self.groups[with_tolls[0]] if len(with_tolls) == 1 else None
            fits = sole is not None and sole.first.trigger.idx < sentence.start and not self._names_another_event(
                sentence, sole)
            self._quantity(sentence, mention, triggers, [sole.first.trigger.i] if fits else [], orphans_wait=False)

    @staticmethod
    def _unreported_event_between(number: "Token", governing: "Token", triggers: set[int]) -> "Token | None":
        """The predicate of the number's own clause, when it names an event not reported here:
        'forcing the evacuation of about 800 residents' (the evacuation's 800, not the fire's),
        'plans to cut subsidies by 30 percent' (the cut's, not the plan's)."""
        noun = meaning.counted_noun(number)
        fired = [c for c in noun.children if c.dep_ == "acl" and c.lemma_.lower() in TRIGGER_SENSES
                 and c.i not in triggers] if noun is not None else []
        if fired:
            return fired[0]  # "16 of the 22 missiles fired": the 22 are the launch's
        current = number.head
        while current.i != governing.i and current.head.i != current.i:
            if current.i not in triggers and current.pos_ == "NOUN" and (
                    frames.is_event_noun(current) or current.lemma_.lower() in frames.HARMFUL_EVENT_NOUNS):
                return current
            if current.i not in triggers and current.pos_ == "VERB" and frames.is_content_verb(current) \
                    and frames.clause_of_its_own(current):
                return current  # "plans to cut subsidies by 30 percent": the cut's, not the plan's
            current = current.head
        return None

    def _names_another_event(self, sentence: Sentence, group: Group) -> bool:
        """'seven bodies had been brought in after the strike' names an event of its own."""
        words = {m.lemma for m in group.mentions} | {m.trigger.lemma_.lower() for m in group.mentions}
        return any(t.pos_ == "NOUN" and (frames.is_event_noun(t) or t.lemma_.lower() in TRIGGER_SENSES
                                         or t.lemma_.lower() in frames.HARMFUL_EVENT_NOUNS)
                   and t.lemma_.lower() not in words
                   and frames.LEMMA_FAMILIES.get(t.lemma_.lower()) not in words for t in self.parsed.span_of(sentence))

    def _quantity(self, sentence: Sentence, mention: nd.NumberMention, triggers: set[int], previous: list[int],
                  orphans_wait: bool = False) -> bool:
        """Attach one number to its event, or reject it. With `orphans_wait`, a casualty count no
        event can take yet is left for later (returns True)."""
        start = sentence.start + mention.span.start
        end = sentence.start + mention.span.end
        span = self.parsed.doc.char_span(start, end, alignment_mode="expand")
        if span is None:
            return False
        # The token the counted noun hangs on: the last of "1.2 billion", the first of "between nine and 12".
        tokens = list(span) if mention.qualifier is Qualifier.between else list(reversed(span))
        number = next((t for t in tokens if t.like_num), None)
        if number is None or number.ent_type_ in ("TIME", "ORDINAL") or number.ent_type_ == "DATE" and nd.is_date_like(
                entity_of(number)):
            return False
        if sources.counts_a_source(number):
            return False  # "according to two people familiar with the matter": the source, not the news
        unit = meaning.unit_of(number)
        noun = meaning.counted_noun(number)
        if unit is QuantityUnit.other:
            return False  # nothing says what kind of quantity it is: abstain
        governing = meaning.governing_trigger(number, triggers)
        unreported = self._unreported_event_between(number, governing, triggers) if governing is not None else None
        if unreported is not None:
            self._reject("events[].quantities[]", f"{mention.span.text} ({unit.value})",
                         f"'{mention.span.text}' counts for '{unreported.text}', an event not reported here", 1,
                         sentence.text)
            return False
        # A toll may continue only an event that can have casualties (a typed event, an event noun,
        # a verb like 'capsized'): "Coastguard boats joined the search. 23 were killed." does not.
        sole = {self.trigger_event[i] for i in previous if self._can_have_casualties(i)}
        if len(sole) == 1 and self._names_another_event(sentence, self.groups[next(iter(sole))]):
            sole = set()  # "since 2011, when 52 people died in the sinking of ...": another event's toll
        if governing is None and len(sole) == 1:  # a toll continuing the event named just before
            governing = self.parsed.doc[min(previous)]
        if governing is None and orphans_wait and unit in meaning.TOLL_UNITS:
            return True
        if governing is None and not orphans_wait and previous and unit in meaning.TOLL_UNITS:
            governing = self.parsed.doc[previous[0]]  # the article's one event with casualties
        event_index = self.trigger_event[governing.i] if governing is not None else None
        reason = meaning.check_attachment(number, governing, triggers, frozenset(previous)) if governing is not None \
            else "no event trigger governs its clause, and the sentence before names no single event it could continue" \
            + (" (nor does the article report casualties of exactly one event)" if unit in meaning.TOLL_UNITS else "")
        if reason:
            self._reject("events[].quantities[]", f"{mention.span.text} ({unit.value})", reason, 1, sentence.text)
            return False
        reason = meaning.check_unit(unit, number)
        if reason:
            self._reject(f"events[{event_index}].quantities[]", f"{mention.span.text} ({unit.value})", reason, 1,
                         sentence.text)
            return False
        attribution = sources.attribution_of(number)
        # The phrase runs to the counted noun when it follows closely: "more than 30 sites".
        reaches_noun = noun is not None and noun.i > number.i and noun.idx - end < 30
        phrase_end = noun.idx + len(noun.text) if reaches_noun else end
        evidence = [self._evidence(start, phrase_end), self._sentence_evidence(sentence)]
        if attribution is not None:
            evidence.append(self._span_evidence(attribution))
        self.draft.events[event_index].quantities.append(Quantity(
            text=self.text[start:phrase_end], value=mention.value, min=mention.min, max=mention.max,
            qualifier=mention.qualifier, unit=unit, attribution=attribution.text if attribution is not None else None,
            evidence=evidence,
        ))
        return False

    def _can_have_casualties(self, trigger_index: int) -> bool:
        group = self.groups[self.trigger_event[trigger_index]]
        return any(m.senses or m.lemma in meaning.UNACCUSATIVE or m.trigger.pos_ == "NOUN" and (
            m.trigger.lemma_.lower() in frames.HARMFUL_EVENT_NOUNS
            or set(TRIGGER_SENSES.get(m.trigger.lemma_.lower(), ())) & VIOLENT_SENSES) for m in group.mentions)

    # -- claims, main event, summary ---------------------------------------------------------

    def _claims(self) -> None:
        quoted_before: list[Sentence] = []  # sentences of a quotation whose speaker comes later
        previous_speaker = None  # the person who spoke in the sentence before
        for sentence in self.sentences:
            speaker = sources.claim_speaker(self.parsed, sentence)
            if speaker is None and previous_speaker is not None and sources.speaks_as_pronoun(self.parsed, sentence):
                speaker = previous_speaker  # '"...," Drost told analysts. She said the bank ...'
            previous_speaker = speaker if speaker is not None and sources.is_person(speaker) \
                else sources.person_subject(self.parsed, sentence)
            if speaker is None:
                runs_on = self.parsed.in_quote(sentence.start + 1) and self.parsed.in_quote(sentence.end)
                quoted_before = quoted_before + [sentence] if runs_on and sentence.usable else []
                continue
            # '"The building shook. We hid," said Tolsen.': one quotation, one speaker.
            for said in quoted_before + [sentence]:
                self.draft.claims.append(Claim(
                    speaker=speaker.text, text=said.text,
                    evidence=[self._sentence_evidence(said), self._span_evidence(speaker)],
                ))
            for other in sources.other_speakers(self.parsed, sentence, speaker):
                self.draft.claims.append(Claim(
                    speaker=other.text, text=sentence.text,
                    evidence=[self._sentence_evidence(sentence), self._span_evidence(other)],
                ))
            quoted_before = []

    def _mark_main(self) -> None:
        events = self.draft.events
        if not events:
            return
        headline = self.headline_lemmas | {w.lower() for w in re.findall(r"\w+", self.title or "")}
        lead = {s.index for s in self.sentences[:2]}

        def score(index: int) -> tuple:
            group = self.groups[index]
            event = events[index]
            words = {m.lemma for m in group.mentions} | {m.trigger.lower_ for m in group.mentions}
            words |= {w.lower() for a in event.actors for w in re.findall(r"\w+", a.name)}
            if event.location:
                words |= {w.lower() for w in re.findall(r"\w+", event.location.place)}
            in_lead = any(m.sentence.index in lead for m in group.mentions)
            typed = event.sub_type not in (EventSubType.other, EventSubType.statement)
            return (len(words & headline) + 2 * in_lead + typed + (event.status is EventStatus.occurred),
                    -group.first.trigger.i)

        best = max(range(len(events)), key=score)
        events[best].main = True

    def _summary(self) -> None:
        """Up to three article sentences: the one that states the main event (syntax chose the
        main event), then what the model ranks as the most important further facts among the
        sentences that report events, before commentary. Only sentences that deletion makes
        neutral, with every casualty figure and blame attributed, are offered; the pipeline
        then deletes their loaded wording."""
        loaded = find_loaded_language(self.parsed)
        reporting = {m.sentence.index for g in self.groups for m in g.mentions}
        candidates = [s for s in self.sentences[: SUMMARY_OPTIONS * 2] if s.usable and 6 <= len(s.text.split()) <= 60
                      and neutralize_sentence(self.parsed, s, loaded).sentence is not None]
        pool = sorted(candidates, key=lambda s: s.index not in reporting)[:SUMMARY_OPTIONS]  # events first
        main = next((g for g, e in zip(self.groups, self.draft.events) if e.main), None)
        chosen = [s for s in pool if main is not None and s.index == main.first.sentence.index][:1]
        while len(chosen) < min(SUMMARY_SENTENCES, len(pool)):
            options = [s for s in pool if s not in chosen]
            if len(options) == 1:
                chosen.append(options[0])
                break
            question = ("Which sentence states the main news of the article?" if not chosen else
                        "Which sentence adds the most important further fact?")
            asked = self.asker.ask(question, [s.text for s in options], lambda value: None)
            if asked.answer is None:
                value, reason = asked.failures[-1]
                self._reject(f"summary[{len(chosen)}]", value, reason, asked.attempts, None)
                break
            chosen.append(next(s for s in options if s.text == asked.answer))
        lead = chosen[:1] if main is not None and chosen and chosen[0].index == main.first.sentence.index else []
        for sentence in lead + sorted(chosen[len(lead):], key=lambda s: s.start):  # the main news, then in order
            self.draft.summary.append(SummarySentence(text=sentence.text, evidence=[self._sentence_evidence(sentence)]))

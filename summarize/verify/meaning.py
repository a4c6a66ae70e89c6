"""Meaning checks: does the parse of the evidence sentence support what a value *means*?

Pure functions over spaCy tokens and spans (no I/O, no model). Each `check_*` returns
None when the value holds, else an actionable reason that a re-ask can quote:

- role: an initiator is the agent of the trigger (subject of an active verb, by-agent of a
  passive, possessor or "by" phrase of an event noun); a target is its patient;
- status: negation and modality ("did not", "no plan to", "threatened to", "will") decide it;
- unit: the counted noun and the casualty word of its clause decide what a number counts;
- attachment: a number belongs to the event whose trigger governs its clause;
- type: an ACLED type needs a trigger lemma in that sense and arguments that fit it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from summarize.models import ActorRole, EventStatus, EventSubType, QuantityUnit
from summarize.taxonomy import (
    ARMED_CONTEXT,
    CUE_REQUIRED,
    DENIAL_GOVERNORS,
    FUTURE_AUX,
    HEDGE_AUX,
    INJURY_WORDS,
    KILL_WORDS,
    LAW_ENFORCEMENT,
    NOUN_UNITS,
    OTHER_DOMAIN,
    PLAN_GOVERNORS,
    PROTEST_CUE_REQUIRED,
    PROTEST_CUES,
    REPORTING_VERBS,
    SENSE_CUES,
    SPORT_DOMAIN,
    STATEMENT_VERBS,
    STATUS_WORDS,
    THREAT_GOVERNORS,
    TOLL_UNITS,
    TRIGGER_SENSES,
    VIOLENT_SENSES,
)

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

SUBJECTS = ("nsubj", "csubj")
PASSIVE_SUBJECTS = ("nsubjpass", "csubjpass")
OBJECTS = ("dobj", "obj", "attr")


# --- arguments of a trigger ------------------------------------------------------------

def _with_conjuncts(tokens: Iterable["Token"]) -> list["Token"]:
    found = []
    for token in tokens:
        found.append(token)
        found.extend(t for t in token.conjuncts if t.i > token.i)
    return found


def _resolve_relative(token: "Token") -> "Token":
    """'the militia, which attacked ...': the relative pronoun stands for the noun it modifies."""
    if token.tag_ in ("WDT", "WP") or token.lower_ in ("that", "who", "which"):
        clause = token.head
        while clause.dep_ == "conj":
            clause = clause.head
        if clause.dep_ == "relcl":
            return clause.head
    return token


PERSONAL_PRONOUNS = frozenset("he she it they we".split())


def _resolve_reported_pronoun(token: "Token", verb: "Token") -> "Token":
    """'The ministry said it would publish ...': the pronoun subject of what a source reports is
    that source (the only antecedent the sentence itself offers)."""
    if token.pos_ != "PRON" or token.lower_ not in PERSONAL_PRONOUNS or verb.dep_ != "ccomp":
        return token
    reporter = verb.head
    if reporter.lemma_.lower() not in REPORTING_VERBS:
        return token
    speakers = [c for c in reporter.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]
    return speakers[0] if speakers else token


def _controller(verb: "Token") -> "Token | None":
    """The verb whose subject is also this verb's: 'vowed to retaliate', 'was expected to sign'."""
    if verb.dep_ in ("xcomp",) and verb.head.pos_ in ("VERB", "AUX"):
        return verb.head
    if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
        return verb.head
    return None


# Verbs whose subject undergoes the event: "two sailors died", "the train derailed".
UNACCUSATIVE = frozenset(
    "die drown collapse derail crash sink capsize burn fall explode erupt flood occur happen".split())
# Verbs whose object is the weapon: the target is what it was fired "at" or dropped "on".
LAUNCH_VERBS = frozenset("fire launch drop lob hurl".split())
WEAPONS = frozenset("bomb missile rocket shell mortar round munition drone grenade projectile".split())


def agents(trigger: "Token") -> list["Token"]:
    """Heads of who did it: subject of an active verb, by-agent of a passive, or for an
    event noun its possessor, its 'by' phrase or a name compounded with it."""
    if trigger.pos_ in ("VERB", "AUX") and trigger.lemma_.lower() in UNACCUSATIVE:
        return [g for c in trigger.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    if trigger.pos_ in ("VERB", "AUX"):
        subjects = [c for c in trigger.children if c.dep_ in SUBJECTS]
        by_agents = [g for c in trigger.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        if not subjects and not by_agents and not _is_passive(trigger):
            controller = _controller(trigger)
            if controller is not None and not _is_passive(controller):
                subjects = [c for c in controller.children if c.dep_ in SUBJECTS]
        subjects = [_resolve_reported_pronoun(t, trigger) for t in subjects]
        # "A roadside bomb tore through a bus": the weapon is the instrument, not who did it.
        return [t for t in _with_conjuncts(_resolve_relative(t) for t in subjects + by_agents)
                if t.lemma_.lower() not in WEAPONS]
    found = [c for c in trigger.children if c.dep_ == "poss"]
    found += [g for c in trigger.children if c.dep_ == "prep" and c.lower_ == "by"
              for g in c.children if g.dep_ == "pobj"]
    found += [c for c in trigger.children if c.dep_ in ("compound", "amod") and c.ent_type_ in ("ORG", "NORP", "GPE")]
    carrier = trigger
    if trigger.dep_ == "pobj" and trigger.head.head.lemma_ in SERIES_NOUNS:
        carrier = trigger.head.head  # "a series of airstrikes"
    elif trigger.dep_ == "compound" and trigger.head.lemma_ in SERIES_NOUNS:
        carrier = trigger.head  # "a bombing campaign"
    if carrier.dep_ in OBJECTS and carrier.head.pos_ == "VERB" and carrier.head.lemma_ in LIGHT_VERBS:
        verb = carrier.head
        subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
        if not subjects and verb.dep_ in ("xcomp", "pcomp") and verb.head.pos_ == "VERB":
            subjects = [c for c in verb.head.children if c.dep_ in SUBJECTS]  # "denied carrying out the attack"
        found += subjects
    return _with_conjuncts(found)


# "carried out strikes", "launched an attack", "held a rally": the noun is the event.
LIGHT_VERBS = frozenset("carry launch conduct stage hold mount wage unleash make begin start initiate".split())
# "a series of airstrikes", "a wave of attacks": the event is the noun after "of".
SERIES_NOUNS = frozenset("series wave round spate string barrage number campaign".split())


# Verbs whose object is a contest, a goal or what is moved, not whom it was done to:
# "won the marathon", "reached the final", "massed troops near the border".
NO_PATIENT_OBJECT = frozenset("win lose reach attend enter join mass deploy withdraw send move station".split())


def patients(trigger: "Token") -> list["Token"]:
    """Heads of whom or what it was done to: object of an active verb, subject of a passive,
    or for an event noun its 'on'/'against'/'of' phrase."""
    if trigger.pos_ in ("VERB", "AUX"):
        found = [c for c in trigger.children if c.dep_ in ("dobj", "obj")
                 and trigger.lemma_.lower() not in NO_PATIENT_OBJECT]
        if trigger.lemma_.lower() in LAUNCH_VERBS and any(c.lemma_.lower() in WEAPONS for c in found):
            found = [g for c in trigger.children if c.dep_ == "prep" and c.lower_ in ("at", "on", "against", "into")
                     for g in c.children if g.dep_ == "pobj"]
        found += [c for c in trigger.children if c.dep_ in PASSIVE_SUBJECTS]
        if trigger.lemma_.lower() in UNACCUSATIVE:
            found += [c for c in trigger.children if c.dep_ in SUBJECTS]
        if not found and _is_passive(trigger):
            controller = _controller(trigger)
            if controller is not None:
                found = [c for c in controller.children if c.dep_ in PASSIVE_SUBJECTS]
        return _with_conjuncts(_resolve_relative(t) for t in found)
    found = [g for c in trigger.children if c.dep_ == "prep" and c.lower_ in ("on", "against", "of")
             and not (c.lower_ == "on" and _is_blamed(trigger)) for g in c.children if g.dep_ == "pobj"]
    return _with_conjuncts(found)


# "blamed the attack on the Front": the 'on' phrase names who is blamed, not the target.
BLAME_VERBS = frozenset("blame pin attribute".split())


def _is_blamed(noun: "Token") -> bool:
    return noun.dep_ in OBJECTS and noun.head.lemma_.lower() in BLAME_VERBS


def _is_passive(verb: "Token") -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)


def role_of(head: "Token", trigger: "Token") -> ActorRole | None:
    if head.i in {t.i for t in agents(trigger)}:
        return ActorRole.initiator
    if head.i in {t.i for t in patients(trigger)}:
        return ActorRole.target
    return None


def check_role(actor: "Span", role: ActorRole, trigger: "Token") -> str | None:
    """An initiator is the trigger's agent and a target its patient, in the evidence sentence."""
    if actor.sent != trigger.sent:
        return f"'{actor.text}' is not in the sentence of '{trigger.text}'"
    head = actor.root.head if actor.root.dep_ == "appos" else actor.root  # "her lawyer, Tom Eklund,"
    actual = role_of(head, trigger)
    if actual is role:
        return None
    if _is_speaker(head):
        return f"'{actor.text}' is the source of the report, not a participant in '{trigger.text}'"
    if actual is None:
        return f"'{actor.text}' is neither the subject nor the object of '{trigger.text}'"
    return (f"'{actor.text}' is the {'agent' if actual is ActorRole.initiator else 'patient'} of "
            f"'{trigger.text}', so it is the {actual.value}, not the {role.value}")


def _is_speaker(token: "Token") -> bool:
    head = token.head
    return token.dep_ in SUBJECTS and head.lemma_ in REPORTING_VERBS or (
        token.dep_ == "pobj" and head.lower_ == "to" and head.head.lower_ == "according")


# --- status ---------------------------------------------------------------------------

def no_one_affected(verb: "Token") -> bool:
    """'No one was hurt', 'nobody was killed': a casualty clause that reports its own absence."""
    return any(c.dep_ in SUBJECTS + PASSIVE_SUBJECTS and (c.lower_ in ("nobody", "none") or any(
        d.dep_ == "det" and d.lower_ == "no" for d in c.children)) for c in verb.children)


def _negated(token: "Token") -> bool:
    if any(c.dep_ == "neg" for c in token.children):
        return True
    if any(c.dep_ == "det" and c.lower_ in ("no",) for c in token.children):
        return True
    return no_one_affected(token)  # "Nobody was hurt", "No aid has reached Gessara"


def _governors(trigger: "Token", depth: int = 3) -> list["Token"]:
    """The verbs this trigger is the complement of, nearest first ('vowed' for 'to strike')."""
    chain, token = [], trigger
    for _ in range(depth):
        if token.dep_ in ("xcomp", "ccomp") or (token.dep_ == "pobj" and token.head.dep_ == "prep"):
            token = token.head if token.dep_ != "pobj" else token.head.head
            chain.append(token)
        elif token.dep_ in ("dobj", "nsubjpass") and token.pos_ == "NOUN":
            token = token.head
            chain.append(token)
        else:
            break
    return chain


def status_of(trigger: "Token") -> EventStatus | None:
    """The status the syntax gives the trigger; None when it is hedged (could, may, might)
    or a plain present that may be habitual: then nothing is asserted."""
    aux = {c.lower_ for c in trigger.children if c.dep_ in ("aux", "auxpass")}
    governors = _governors(trigger)
    if _negated(trigger) or any(_negated(g) and g.lemma_ not in REPORTING_VERBS for g in governors[:1]):
        return EventStatus.negated
    for governor in governors:
        if governor.lemma_ in DENIAL_GOVERNORS:
            return EventStatus.negated
        if governor.lemma_ in THREAT_GOVERNORS:
            return EventStatus.threatened
        if governor.lemma_ in PLAN_GOVERNORS or governor.lower_ in ("set", "due", "scheduled", "going"):
            return EventStatus.planned
        if governor.lemma_ not in REPORTING_VERBS:
            break
    if aux & FUTURE_AUX or "would" in aux and any(g.lemma_ in REPORTING_VERBS for g in governors):
        return EventStatus.planned
    if aux & HEDGE_AUX or "would" in aux:
        return None
    if trigger.pos_ in ("NOUN", "PROPN"):
        if any(c.lower_ in ("planned", "upcoming", "scheduled", "proposed", "future") for c in trigger.children):
            return EventStatus.planned
        if trigger.dep_ in OBJECTS and trigger.head.lemma_.lower() in PREVENTION_VERBS:
            return None  # "to deter further attacks": attacks that may never happen
        if trigger.dep_ in SUBJECTS and any(c.dep_ == "det" and c.lower_ in REFERRING_DETERMINERS
                                            for c in trigger.children):
            return EventStatus.occurred  # "these strikes would fuel the conflict": the strikes happened
        if trigger.dep_ in OBJECTS and trigger.head.lemma_.lower() in CONVENING_VERBS and not (
                trigger.head.lemma_.lower() == "announce" and _armed(trigger)):
            return EventStatus.planned  # "unions have called a rally for Saturday" (an army that
            # "announced air strikes" reports strikes it made)
        if trigger.dep_ == "pobj" and trigger.head.lower_ in EVENT_SETTING_PREPS | {"before"}:
            return EventStatus.occurred  # "No one was hurt during the robbery": the robbery happened
        head = trigger.head
        while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
            head = head.head
        if head.pos_ in ("VERB", "AUX") and head.i != trigger.i:
            governed = status_of(head)
            return EventStatus.occurred if governed is None and head.lemma_ in REPORTING_VERBS else governed
        return EventStatus.occurred
    if aux & {"is", "are", "am"} and trigger.tag_ == "VBN":
        return None  # present passive: "most deaths are caused by water" is generic
    if _states_a_duration(trigger):
        return None  # "for decades, Lorvenna has favoured the car": a state, not an event
    if trigger.tag_ in ("VBD", "VBN") or aux & {"has", "have", "had", "was", "were", "been"}:
        return EventStatus.occurred
    if trigger.tag_ == "VBG" and aux & {"is", "are", "was", "were", "am"}:
        return EventStatus.occurred
    if trigger.tag_ == "VBG" and trigger.dep_ in ("advcl", "xcomp", "conj"):
        return status_of(trigger.head) if trigger.head.i != trigger.i else None
    if trigger.tag_ == "VB" and "to" in aux and trigger.head.lemma_ in ("be",):
        return EventStatus.planned  # "is to be held", "are to vote"
    return None


def _armed(noun: "Token") -> bool:
    """'air strikes', 'drone attacks': an event noun of armed violence by its own words."""
    return bool(set(senses_that_fit(noun)) & VIOLENT_SENSES) or bool(
        set(TRIGGER_SENSES.get(noun.lemma_.lower(), ())) & VIOLENT_SENSES) and any(
        c.dep_ in ("compound", "amod") and c.lemma_.lower() in ARMED_MODIFIERS for c in noun.children)


ARMED_MODIFIERS = frozenset("air drone missile rocket artillery mortar military retaliatory".split())


# Verbs whose object may never happen: "to deter further attacks", "to prevent a strike".
PREVENTION_VERBS = frozenset("deter prevent avoid avert forestall stop halt".split())
# Determiners of an event noun that refers to one already told: "these strikes", "the attack".
REFERRING_DETERMINERS = frozenset("the this these that those".split())

# Verbs that set an event up for later: "called a strike", "announced a rally".
CONVENING_VERBS = frozenset("call announce schedule plan set organise organize".split())


def _states_a_duration(trigger: "Token") -> bool:
    for child in trigger.children:
        if child.dep_ == "prep" and child.lower_ == "for":
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if objects and objects[0].lemma_.lower() in ("decade", "year", "century", "generation", "age"):
                return True
    return False


def statement_status(trigger: "Token", status: EventStatus) -> EventStatus:
    """A statement that is the news carries what it says: a threat made is 'threatened', a
    denial is 'negated' (PLOVER THREATEN, REJECT)."""
    if status is EventStatus.occurred and trigger.lemma_.lower() in ("threaten", "vow"):
        return EventStatus.threatened
    if status is EventStatus.occurred and trigger.lemma_.lower() == "warn" and any(
            c.dep_ == "ccomp" or c.dep_ == "prep" and c.lower_ == "of" for c in trigger.children):
        return EventStatus.threatened  # "warned that further strikes would follow", "warned of walkouts"
    if status is EventStatus.occurred and trigger.lemma_.lower() in DENIAL_GOVERNORS and _denies(trigger):
        return EventStatus.negated
    return status


# What one denies: "rejected the allegations" is a denial, "rejected two bids" an act.
ASSERTION_NOUNS = frozenset(
    "allegation accusation claim charge criticism report suggestion assertion account involvement role".split())


def _denies(trigger: "Token") -> bool:
    if trigger.lemma_.lower() != "reject":
        return True  # deny, refute
    return any(c.dep_ in OBJECTS and c.lemma_.lower() in ASSERTION_NOUNS for c in trigger.children)


def check_status(status: EventStatus, trigger: "Token") -> str | None:
    actual = status_of(trigger)
    if actual is not None and trigger.lemma_.lower() in STATEMENT_VERBS:
        actual = statement_status(trigger, actual)
    if actual is status:
        return None
    if actual is None:
        return f"'{trigger.sent.text.strip()}' is hedged or habitual: it asserts no '{status.value}' event"
    return (f"the sentence has no word for '{status.value}'; around '{trigger.text}' it states "
            f"{STATUS_WORDS[actual]}, i.e. '{actual.value}'")


# --- units and attachment ----------------------------------------------------------------

def counted_noun(number: "Token") -> "Token | None":
    """The noun a number counts: '30 sites' -> sites, '9 of its fighters' -> fighters."""
    token = number
    while token.dep_ in ("quantmod", "compound", "nummod") and token.head.like_num:
        token = token.head
    if token.dep_ == "nummod" and token.head.pos_ in ("NOUN", "PROPN", "SYM", "ADJ"):
        return token.head
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [g for g in child.children if g.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def _number_head(number: "Token") -> "Token":
    """The token that stands for the quantity in the clause: the counted noun, or the number."""
    token = number
    while token.dep_ in ("quantmod", "compound", "nummod") and token.head.like_num:
        token = token.head
    noun = counted_noun(number)
    return noun if noun is not None and noun.i == token.head.i else token


def casualty_unit(word: "Token") -> QuantityUnit | None:
    lemma = word.lemma_.lower()
    text = word.lower_
    if lemma in KILL_WORDS or text in KILL_WORDS:
        return QuantityUnit.killed
    if lemma in INJURY_WORDS or text in INJURY_WORDS:
        return QuantityUnit.injured
    return None


def unit_of(number: "Token") -> QuantityUnit:
    """What the number counts. A casualty word in its clause wins for people ('three soldiers
    killed' counts killed); otherwise the counted noun decides ('60 attacks' counts attacks)."""
    head = _number_head(number)
    noun = counted_noun(number)
    if number.ent_type_ == "MONEY" or (noun is not None and noun.lemma_.lower() in NOUN_UNITS[QuantityUnit.money]):
        return QuantityUnit.money
    if number.ent_type_ == "PERCENT":
        return QuantityUnit.percent
    noun_unit = None
    if noun is not None:
        lemma = noun.lemma_.lower()
        noun_unit = next((unit for unit, words in NOUN_UNITS.items() if lemma in words), None)
        if noun_unit is None and casualty_unit(noun):
            return casualty_unit(noun)  # "12 dead", "40 wounded" parsed as nouns
        if noun_unit is None and _about_money(noun):
            return QuantityUnit.money  # "fined Tarvish 45 million crowns", "worth 1 million lorins"
    is_people = noun is None or noun_unit in (QuantityUnit.people, QuantityUnit.troops, None)
    if is_people:
        for modifier in list(head.children) + ([number] if head.i != number.i else []):
            if modifier.dep_ in ("amod", "acl", "acomp", "advmod", "appos") and (unit := casualty_unit(modifier)):
                return unit
        governor = head.head
        # "left more than 40 others wounded": the subject of a bare participle is its patient
        small_clause = head.dep_ == "nsubj" and governor.tag_ == "VBN" and not any(
            c.dep_ in ("aux", "auxpass") for c in governor.children)
        if head.dep_ in ("dobj", "nsubjpass", "pobj", "conj", "appos") or small_clause or (
                head.dep_ == "nsubj" and governor.lemma_ == "die"):
            if governor.pos_ in ("VERB", "ADJ") and (unit := casualty_unit(governor)):
                return unit
            if head.dep_ == "pobj" and governor.head.pos_ == "VERB" and (unit := casualty_unit(governor.head)):
                return unit
            if head.dep_ == "pobj" and governor.lower_ == "of" and (unit := casualty_unit(governor.head)):
                return unit  # "the deaths of three soldiers", "claimed the lives of three soldiers"
        if head.dep_ == "nsubj" and (unit := next((u for c in governor.children if c.dep_ == "acomp"
                                                   and (u := casualty_unit(c))), None)):
            return unit
        if noun is None and head.dep_ == "pobj" and governor.lower_ in ("at", "to") and (
                unit := _figure_unit(governor.head)):
            return unit  # "put the death toll at 42", "the death toll had risen to 18"
    return noun_unit or QuantityUnit.other


# Words that make a count of an unfamiliar currency money: "a fee of 30 million lunars".
MONEY_CONTEXT = frozenset(
    """fine pay payment worth profit revenue fee cost price deal bid raise budget loss sale sell buy acquire
    invest investment spend earn owe steal ransom compensation damages bill offer value salary reward
    fund funding loan debt tax""".split())


def _about_money(noun: "Token") -> bool:
    """An unknown counted noun is a currency when what governs it is about money."""
    if noun.pos_ != "NOUN" or not noun.tag_.endswith("S") and noun.lemma_.lower() == noun.lower_:
        return False  # currencies are counted in the plural ("crowns", "lunars")
    governors = [noun.head, noun.head.head]
    if noun.head.lower_ == "of":
        governors.append(noun.head.head)
    return any(g.lemma_.lower() in MONEY_CONTEXT for g in governors)


def _figure_unit(verb: "Token") -> QuantityUnit | None:
    """'put the death toll at 42' counts killed, 'the number of injured at 41' injured."""
    figure = next((c for c in verb.children if c.dep_ == "dobj"), None) or next(
        (c for c in verb.children if c.dep_ == "nsubj" and c.lemma_.lower() in ("toll", "number", "count", "tally")),
        None)
    if figure is None:
        return None
    if figure.lemma_.lower() == "toll":
        return QuantityUnit.killed if not any(casualty_unit(c) is QuantityUnit.injured for c in figure.children) \
            else QuantityUnit.injured
    of = [g for c in figure.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    if figure.lemma_.lower() in ("number", "count", "tally", "total", "figure") and of:
        return casualty_unit(of[0])
    return None


def check_unit(unit: QuantityUnit, number: "Token") -> str | None:
    actual = unit_of(number)
    if actual is unit or actual is QuantityUnit.other and unit is QuantityUnit.other:
        return None
    noun = counted_noun(number)
    counted = f"'{number.text} {noun.text}'" if noun is not None else f"'{number.text}'"
    return f"{counted} counts {actual.value}, not {unit.value} (the counted noun and its clause decide)"


# Nouns for a figure that can name the event it counts: "the death toll from the strikes".
FIGURES = frozenset("toll number count tally total".split())

# Prepositions that place a clause in an event: "killed in the blast", "died after the attack".
EVENT_SETTING_PREPS = frozenset("in during after amid".split())


def governing_trigger(token: "Token", triggers: set[int]) -> "Token | None":
    """The nearest trigger up the dependency chain from `token`: the event whose clause it is in."""
    seen = 0
    current = token
    while seen < 40:
        if current.i in triggers and current.i != token.i:
            return current
        if current.pos_ == "VERB" and current.i != token.i:
            # "The strike killed nine": a clause whose subject is an event belongs to that event.
            subject = next((c for c in current.children if c.dep_ in SUBJECTS and c.i in triggers), None)
            if subject is not None:
                return subject
            # "put the death toll from the strikes at 12": the event the figure is of.
            counted = next((g for c in current.children if c.dep_ in ("dobj", "nsubj") and c.lemma_.lower() in FIGURES
                            for p in c.children if p.dep_ == "prep" and p.lower_ in ("from", "of", "in")
                            for g in p.children if g.dep_ == "pobj" and g.i in triggers), None)
            if counted is not None:
                return counted
            # "launched a missile barrage ..., killing nine": the light verb's event noun.
            carried = next((c for c in current.children if c.dep_ in OBJECTS and c.i in triggers), None) \
                if current.lemma_.lower() in LIGHT_VERBS else None
            if carried is not None:
                return carried
            # "37 people were killed when police opened fire": the event of the when-clause.
            during = next((t for c in current.children if c.dep_ == "advcl" and c.i != token.i and any(
                m.lower_ == "when" for m in c.children) for t in [c, *c.children] if t.i in triggers), None)
            if during is not None and unit_of(token) in TOLL_UNITS:
                return during
            # "Three soldiers were killed in the blast", "bodies were brought in after the strike".
            setting = next((g for c in current.children if c.dep_ == "prep" and c.lower_ in EVENT_SETTING_PREPS
                            for g in c.children if g.dep_ == "pobj" and g.i in triggers), None)
            if setting is not None:
                return setting
        if current.lemma_.lower() in SERIES_NOUNS:  # "a bombing campaign targeting 85 sites"
            named = [t for t in current.subtree if t.i in triggers and t.head.i in (current.i,) or
                     t.i in triggers and t.head.head.i == current.i and t.head.lower_ == "of"]
            if named:
                return named[0]
        if current.head.i == current.i:
            return None
        if current.dep_ == "relcl" and current.i != token.i and current.head.i not in triggers \
                and not _toll_of_event_phrase(token, current.head, triggers):
            return None  # "his channel, which has 200,000 followers": the count describes the noun
        if current.dep_ == "appos" and current.i != token.i and current.head.i not in triggers \
                and (current.head.ent_type_ or current.head.pos_ == "PROPN") and not any(
                    c.dep_ in ("cc", "conj") for c in current.children):
            return None  # "Pellacor, a lender with 2.4 million customers, cut ...": it describes Pellacor
        current = current.head
        seen += 1
    return None


def _toll_of_event_phrase(number: "Token", noun: "Token", triggers: set[int]) -> bool:
    """'an attack on the base that killed two': a toll in a relative clause on the object of an
    event noun's phrase tells of that event (a base kills no one)."""
    return unit_of(number) in TOLL_UNITS and noun.dep_ == "pobj" and noun.head.head.i in triggers


def check_attachment(number: "Token", trigger: "Token", triggers: set[int],
                     continued: frozenset[int] = frozenset()) -> str | None:
    """A number belongs to the event whose trigger governs its clause. A casualty count in a
    clause no trigger governs ('Six soldiers were killed, the army said.') continues the one
    event the sentence before names: `continued` holds that event's triggers. Other counts in
    such a clause describe a participant ('is thought to have 3,000 fighters'): they abstain."""
    governing = governing_trigger(number, triggers | {trigger.i})
    if governing is not None and governing.i == trigger.i:
        return None
    if governing is None:
        if trigger.i in continued and unit_of(number) in TOLL_UNITS:
            return None
        return (f"no event trigger governs the clause of '{number.text}', and the sentence before names no "
                "single event it could continue")
    return f"'{number.text}' belongs to '{governing.text}', not to '{trigger.text}'"


# --- type -----------------------------------------------------------------------------

def argument_lemmas(trigger: "Token") -> set[str]:
    """Lemmas of the trigger's own modifiers and of its arguments' phrases."""
    words = {c.lemma_.lower() for c in trigger.children if c.dep_ in ("compound", "amod", "nmod")}
    objects = [c for c in trigger.children if c.dep_ in ("dobj", "obj")]
    for head in agents(trigger) + patients(trigger) + objects + [g for c in trigger.children if c.dep_ == "prep"
                                                                   for g in c.children if g.dep_ == "pobj"]:
        words |= {t.lemma_.lower() for t in head.subtree}
        words |= {t.lower_ for t in head.subtree}
    if trigger.dep_ in ("dobj", "obj") and trigger.head.lemma_ in LIGHT_VERBS | CONVENING_VERBS:
        verb = trigger.head
        for child in verb.children:
            if child.dep_ in SUBJECTS + ("prep", "agent") and child.i != trigger.i:
                words |= {t.lemma_.lower() for t in child.subtree}
    return words


def senses_that_fit(trigger: "Token") -> list[EventSubType]:
    """The sub-types the trigger's lemma can name whose sense its arguments support."""
    lemma = trigger.lemma_.lower()
    candidates = TRIGGER_SENSES.get(lemma) or TRIGGER_SENSES.get(trigger.lower_) or ()
    if not candidates:
        return []
    words = argument_lemmas(trigger) | {trigger.lower_, lemma}
    weapons = frozenset().union(*SENSE_CUES.values()) - SENSE_CUES[EventSubType.agreement]
    other_domain = bool(words & OTHER_DOMAIN and not words & weapons)  # a striker's attack, a workers' strike
    fitting = []
    for sub_type in candidates:
        if sub_type is EventSubType.peaceful_protest or sub_type is EventSubType.violent_demonstration:
            if not words & ((ARMED_CONTEXT - {"police"}) | SPORT_DOMAIN) and (
                    lemma not in PROTEST_CUE_REQUIRED or words & PROTEST_CUES):
                fitting.append(sub_type)
        elif other_domain:
            continue
        elif sub_type is EventSubType.arrest:
            fitting.append(sub_type)
        elif sub_type is EventSubType.agreement:
            if words & SENSE_CUES[EventSubType.agreement]:
                fitting.append(sub_type)
        elif words & ARMED_CONTEXT and not (words & LAW_ENFORCEMENT and not words & SENSE_CUES.get(sub_type, set())):
            cues = SENSE_CUES.get(sub_type)
            if lemma in CUE_REQUIRED and not (cues and words & cues):
                continue
            if cues is None or words & cues or len(candidates) == 1:
                fitting.append(sub_type)
    cued = [s for s in fitting if SENSE_CUES.get(s, frozenset()) & words]
    return cued or fitting


def check_type(sub_type: EventSubType, trigger: "Token") -> str | None:
    if sub_type in (EventSubType.other, EventSubType.statement):
        return None
    if sub_type in senses_that_fit(trigger):
        return None
    if sub_type not in TRIGGER_SENSES.get(trigger.lemma_.lower(), ()):
        return f"'{trigger.text}' does not name a {sub_type.value.replace('_', ' ')}"
    return (f"the arguments of '{trigger.text}' do not fit a {sub_type.value.replace('_', ' ')} "
            f"(it needs an armed actor, weapon or {', '.join(sorted(SENSE_CUES.get(sub_type, ARMED_CONTEXT))[:4])})")

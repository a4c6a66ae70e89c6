"""Closed vocabularies and the lemma lexicons that back them. Pure data.

The event taxonomy follows ACLED practice (event type / sub-event type). A type is
given only when the trigger's lemma names such an event in that sense *and* its
arguments fit (an armed actor or weapon for political violence); otherwise the event
is general (`other`). Lexicons are lemmas (spaCy's), matched whole-word.
"""

from __future__ import annotations

from summarize.models import EventStatus, EventSubType, EventType, Qualifier, QuantityUnit

SUBTYPE_PARENT: dict[EventSubType, EventType] = {
    EventSubType.air_drone_strike: EventType.explosions_remote_violence,
    EventSubType.missile_attack: EventType.explosions_remote_violence,
    EventSubType.remote_explosive: EventType.explosions_remote_violence,
    EventSubType.armed_clash: EventType.battles,
    EventSubType.attack_on_civilians: EventType.violence_against_civilians,
    EventSubType.peaceful_protest: EventType.protests,
    EventSubType.violent_demonstration: EventType.riots,
    EventSubType.arrest: EventType.strategic_developments,
    EventSubType.agreement: EventType.strategic_developments,
    EventSubType.statement: EventType.statement,
    EventSubType.other: EventType.other,
}

# Trigger lemmas (verbs or event nouns) -> the sub-types they can name.
# Senses of events that can have casualties.
VIOLENT_SENSES = frozenset({EventSubType.air_drone_strike, EventSubType.missile_attack, EventSubType.remote_explosive,
                            EventSubType.armed_clash, EventSubType.attack_on_civilians,
                            EventSubType.violent_demonstration})
TRIGGER_SENSES: dict[str, tuple[EventSubType, ...]] = {
    "airstrike": (EventSubType.air_drone_strike,),
    "strike": (EventSubType.air_drone_strike, EventSubType.missile_attack),
    "bomb": (EventSubType.air_drone_strike, EventSubType.remote_explosive),
    "bombing": (EventSubType.air_drone_strike, EventSubType.remote_explosive),
    "bombard": (EventSubType.air_drone_strike, EventSubType.missile_attack),
    "bombardment": (EventSubType.air_drone_strike, EventSubType.missile_attack),
    "raid": (EventSubType.air_drone_strike, EventSubType.armed_clash),
    "sortie": (EventSubType.air_drone_strike,),
    "drop": (EventSubType.air_drone_strike,),  # "dropped bombs": needs a weapon among its arguments
    "shell": (EventSubType.missile_attack,),
    "shelling": (EventSubType.missile_attack,),
    "barrage": (EventSubType.missile_attack,),
    "fire": (EventSubType.missile_attack, EventSubType.armed_clash),
    "launch": (EventSubType.missile_attack, EventSubType.air_drone_strike),
    "explode": (EventSubType.remote_explosive,),
    "explosion": (EventSubType.remote_explosive,),
    "blast": (EventSubType.remote_explosive,),
    "detonate": (EventSubType.remote_explosive,),
    "clash": (EventSubType.armed_clash,),
    "fight": (EventSubType.armed_clash,),
    "fighting": (EventSubType.armed_clash,),
    "battle": (EventSubType.armed_clash,),
    "ambush": (EventSubType.armed_clash,),
    "firefight": (EventSubType.armed_clash,),
    "gunfight": (EventSubType.armed_clash,),
    "attack": (EventSubType.armed_clash, EventSubType.attack_on_civilians, EventSubType.missile_attack,
               EventSubType.air_drone_strike, EventSubType.remote_explosive),
    "massacre": (EventSubType.attack_on_civilians,),
    "abduct": (EventSubType.attack_on_civilians,),
    "kidnap": (EventSubType.attack_on_civilians,),
    "protest": (EventSubType.peaceful_protest,),
    "demonstrate": (EventSubType.peaceful_protest,),
    "demonstration": (EventSubType.peaceful_protest,),
    "rally": (EventSubType.peaceful_protest,),
    "march": (EventSubType.peaceful_protest,),
    "riot": (EventSubType.violent_demonstration,),
    "loot": (EventSubType.violent_demonstration,),
    "arrest": (EventSubType.arrest,),
    "detain": (EventSubType.arrest,),
    "apprehend": (EventSubType.arrest,),
    "detention": (EventSubType.arrest,),
    "sign": (EventSubType.agreement,),
    "agree": (EventSubType.agreement,),
    "ceasefire": (EventSubType.agreement,),
    "truce": (EventSubType.agreement,),
}

# Trigger lemmas that name a weapon or a general thing as nouns: events only as verbs.
VERB_ONLY_TRIGGERS = frozenset("bomb shell fire launch sign agree explode detonate loot abduct kidnap drop".split())
# Senses that need one of their own cue words, not just an armed context ("dropped bombs").
CUE_REQUIRED = frozenset({"drop", "launch", "fire"})

# "rally" and "march" are also sport, markets and armies: a protest sense needs people or a cause.
PROTEST_CUE_REQUIRED = frozenset({"rally", "march"})
PROTEST_CUES = frozenset(
    """crowd protester demonstrator supporter activist union student worker farmer resident people thousand
    hundred dozen against outside demand chant placard banner slogan square street parliament opposition
    citizen voter teacher nurse""".split()
)

# Words (lemmas) in an event's arguments or modifiers that fix one sense.
SENSE_CUES: dict[EventSubType, frozenset[str]] = {
    EventSubType.air_drone_strike: frozenset(
        "air airstrike jet warplane aircraft drone bomber helicopter sortie plane f-16 f-35".split()),
    EventSubType.missile_attack: frozenset("missile rocket artillery mortar shell shelling barrage".split()),
    EventSubType.remote_explosive: frozenset("ied roadside car explosive landmine mine device suicide".split()),
    EventSubType.attack_on_civilians: frozenset("civilian village villager resident gunman worshipper".split()),
    EventSubType.agreement: frozenset("ceasefire truce peace armistice".split()),
}

# Armed actors, weapons and military sites: a conflict sense needs one among the arguments.
ARMED_CONTEXT = frozenset(
    """army military militia militant rebel insurgent fighter troop soldier force forces marine navy
    sailor airman guard brigade battalion regiment commando jihadist gunman gunmen jet warplane aircraft
    drone missile rocket artillery mortar bomb bomber airstrike base outpost depot checkpoint barracks
    convoy weapon munition pentagon guerrilla paramilitary
    helicopter tank grenade explosive ied shell bombing shelling""".split()
)
# Words that put a trigger in another domain (sport, labour, business). Labour words still
# allow a protest ("unions called a rally"); sport words do not ("the team rallied").
SPORT_DOMAIN = frozenset(
    "match game goal striker team club league season coach player minute penalty tournament cup final half".split())
OTHER_DOMAIN = SPORT_DOMAIN | frozenset(
    """worker union wage pay employee staff teacher nurse driver labour labor walkout price market share
    stock investor deal contract lightning""".split()
)
# "police" makes an arrest, not a battle; protest events need people, not weapons.
LAW_ENFORCEMENT = frozenset("police officer authority prosecutor court gendarmerie agent".split())

# Verbs that are never events in themselves: being, having, attribution, cognition, relation.
NON_EVENT_VERBS = frozenset(
    """be have carry wish forecast predict spend work say tell add note describe think believe know seem appear remain include want need hope
    consider mean feel show suggest indicate explain write read report quote cite confirm state insist
    argue claim comment speak see look follow come go continue use get seek try allow help let keep
    become involve contain lead result mark underscore highlight reflect represent face lack do make
    call ask expect give take put set tend like love hate wonder estimate reveal learn hear
    believe understand remember acknowledge admit""".split()
) | {"hop"}  # spaCy's small model lemmatizes "hoped" as "hop"
# Speech acts that are news themselves (PLOVER ACCUSE, THREATEN, REJECT, REQUEST ...).
STATEMENT_VERBS = frozenset(
    """accuse warn threaten deny announce promise pledge vow appeal urge demand condemn reject blame
    criticise criticize denounce declare""".split()
)
# Governing verbs that set the status of the event in their complement.
THREAT_GOVERNORS = frozenset("threaten vow warn pledge swear".split())
PLAN_GOVERNORS = frozenset(
    "plan intend schedule expect prepare aim propose agree decide promise hope seek want".split())
DENIAL_GOVERNORS = frozenset("deny reject refute".split())
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
HEDGE_AUX = frozenset({"could", "may", "might", "should", "must", "can"})
RESPONSE_VERBS = frozenset("follow respond retaliate answer avenge".split())

REPORTING_VERBS = frozenset(
    """say tell state claim confirm announce warn report reveal assert stress add insist deny allege
    accuse explain write note show emphasize emphasise clarify reiterate mention underline""".split()
)

# Counted nouns (lemmas) -> unit. Casualty verbs and adjectives decide killed/injured.
KILL_WORDS = frozenset("kill die dead death slay fatality body life perish casualty".split()) - {"casualty"}
INJURY_WORDS = frozenset("injure wound hurt injury injured wounded hospitalise hospitalize maim".split())
NOUN_UNITS: dict[QuantityUnit, frozenset[str]] = {
    QuantityUnit.casualties: frozenset({"casualty"}),
    QuantityUnit.troops: frozenset(
        "troop soldier servicemember marine sailor airman personnel trooper commando paratrooper".split()),
    QuantityUnit.targets: frozenset(
        "target site location facility installation base position depot warehouse building center centre "
        "post bunker compound".split()),
    QuantityUnit.munitions: frozenset("munition bomb missile rocket shell round warhead mortar".split()),
    QuantityUnit.attacks: frozenset("attack strike incident assault raid".split()),
    QuantityUnit.aircraft: frozenset("aircraft jet plane bomber drone helicopter warplane".split()),
    QuantityUnit.people: frozenset(
        """people person civilian resident protester demonstrator member fighter militant man woman child
        farmer worker student supporter migrant refugee passenger villager official employee suspect
        officer driver family victim hostage prisoner voter fan spectator runner player patient staff
        rescuer firefighter activist volunteer pensioner customer journalist teacher doctor nurse miner
        pilgrim tourist""".split()),
    QuantityUnit.money: frozenset("dollar euro pound yen franc crown krona mark".split()),
    QuantityUnit.percent: frozenset({"percent", "%", "per cent", "percentage"}),
}
TOLL_UNITS = (QuantityUnit.killed, QuantityUnit.injured, QuantityUnit.casualties)
PEOPLE_UNITS = (QuantityUnit.people, QuantityUnit.troops, QuantityUnit.killed, QuantityUnit.injured,
                QuantityUnit.casualties)

QUALIFIER_CUES: dict[Qualifier, tuple[str, ...]] = {
    Qualifier.more_than: ("more than", "over", "upwards of", "in excess of", "above", "exceeding"),
    Qualifier.at_least: ("at least", "no fewer than", "a minimum of"),
    Qualifier.about: ("about", "around", "roughly", "approximately", "nearly", "almost", "some", "an estimated",
                      "close to"),
    Qualifier.up_to: ("up to", "as many as"),
    Qualifier.fewer_than: ("fewer than", "less than", "under"),
    Qualifier.several: ("several", "dozens of", "hundreds of", "scores of", "a number of"),
    Qualifier.exact: (),
}

STATUS_WORDS: dict[EventStatus, str] = {
    EventStatus.threatened: "a threat ('threatened', 'vowed', 'warned ... would')",
    EventStatus.planned: "a plan or future ('will', 'plans to', 'is scheduled to')",
    EventStatus.negated: "a negation or denial ('did not', 'denied', 'no ...')",
    EventStatus.occurred: "a statement that it happened, without negation or modality",
}


def event_type_of(sub_type: EventSubType) -> EventType:
    return SUBTYPE_PARENT[sub_type]

# Who or what a patient can be: people, groups and organisations, places and facilities.
# An inanimate object ("the title", "a penalty", "the plan") is what was done, not to whom.
GROUP_NOUNS = frozenset(
    """company firm group government party team club militia army force police union bank court council
    ministry authority agency family community village town city crowd convoy side brigade battalion unit
    parliament cabinet coalition opposition administration board committee regulator airline operator
    carrier network school hospital university church mosque station plant factory mine port airport
    bridge road train bus ship vessel aircraft plane car truck house home building base depot site camp
    checkpoint outpost prison jail office headquarters embassy market dam pipeline refinery store shop bar
    restaurant hotel cafe""".split()
)
# Who can speak: "a spokeswoman said", "the ministry said" (plus people nouns and entities).
SPEAKER_NOUNS = frozenset(
    """spokesman spokeswoman spokesperson official minister ministry governor mayor president leader chief
    director head commander officer police prosecutor judge lawyer attorney witness analyst expert economist
    forecaster source statement report inquiry investigation survey poll study operator company firm group
    government party team club union bank court council authority agency army military coalition opposition
    administration board committee regulator airline coach captain manager chairman chairwoman chair
    secretary senator lawmaker legislator mp candidate organiser organizer activist campaigner doctor
    researcher scientist mediator negotiator diplomat ambassador envoy observer monitor resident survivor
    relative neighbour neighbor owner founder executive ceo economist trader""".split()
)
# Nouns too vague to name a participant on their own ("its fighters", "the rest", "both sides").
VAGUE_NOUNS = frozenset("side one other rest aid fund part area region thing way people".split())

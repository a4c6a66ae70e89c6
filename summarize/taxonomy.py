"""Closed vocabularies and the cue words that must appear in evidence to back them.

Pure data. The event taxonomy follows ACLED practice (event type / sub-event type);
`statement` is added for reported speech that is the news itself.
"""

from __future__ import annotations

from summarize.models import EventStatus, EventSubType, EventType, Qualifier, QuantityUnit

# sub-type -> (top-level type, cue word stems that name such an event)
EVENT_SUBTYPES: dict[EventSubType, tuple[EventType, tuple[str, ...]]] = {
    EventSubType.air_drone_strike: (
        EventType.explosions_remote_violence,
        ("airstrike", "air strike", "air raid", "strike", "struck", "bomb", "raid", "drone",
         "warplane", "fighter jet", "sortie"),
    ),
    EventSubType.missile_attack: (
        EventType.explosions_remote_violence,
        ("missile", "rocket", "shelling", "shelled", "artillery", "mortar"),
    ),
    EventSubType.remote_explosive: (
        EventType.explosions_remote_violence,
        ("explosive", "ied", "landmine", "roadside bomb", "car bomb", "blast", "explosion"),
    ),
    EventSubType.armed_clash: (
        EventType.battles,
        ("clash", "fighting", "fought", "gunfight", "firefight", "battle", "ambush", "exchange of fire"),
    ),
    EventSubType.attack_on_civilians: (
        EventType.violence_against_civilians,
        ("massacre", "gunmen", "abduct", "kidnap", "civilians were killed", "attacked civilians"),
    ),
    EventSubType.peaceful_protest: (
        EventType.protests,
        ("protest", "demonstration", "demonstrator", "rally", "rallies", "rallied", "marched", "marchers",
         "sit-in", "strike action", "walkout"),
    ),
    EventSubType.violent_demonstration: (
        EventType.riots,
        ("riot", "looting", "looted", "torched", "stone-throwing", "clashed with police"),
    ),
    EventSubType.arrest: (
        EventType.strategic_developments,
        ("arrest", "detain", "detention", "custody", "apprehend"),
    ),
    EventSubType.agreement: (
        EventType.strategic_developments,
        ("agreement", "ceasefire", "cease-fire", "truce", "deal", "accord", "signed"),
    ),
    EventSubType.statement: (
        EventType.statement,
        ("said", "stated", "announced", "warned", "condemned", "declared", "statement", "vowed"),
    ),
}

STATUS_CUES: dict[EventStatus, tuple[str, ...]] = {
    EventStatus.threatened: ("threat", "vow", "warn", "would retaliate", "will retaliate", "could strike",
                             "ultimatum"),
    EventStatus.planned: ("plan", "will ", "to be held", "intend", "prepar", "scheduled", "upcoming"),
}

UNIT_CUES: dict[QuantityUnit, tuple[str, ...]] = {
    QuantityUnit.killed: ("kill", "dead", "death", "died", "lives", "fatalit", "bodies", "slain", "perish"),
    QuantityUnit.injured: ("injur", "wound", "hurt", "hospitali", "maimed"),
    QuantityUnit.casualties: ("casualt",),
    QuantityUnit.targets: ("target", "site", "location", "facilit", "installation", "base", "position",
                           "depot", "warehouse", "house", "building", "centre", "center"),
    QuantityUnit.munitions: ("munition", "bomb", "missile", "rocket", "shell", "round", "warhead"),
    QuantityUnit.attacks: ("attack", "strike", "incident", "assault", "raid"),
    QuantityUnit.troops: ("troop", "soldier", "service member", "servicemember", "personnel", "forces",
                          "marine", "sailor"),
    QuantityUnit.aircraft: ("aircraft", "jet", "plane", "bomber", "drone", "helicopter"),
    QuantityUnit.people: ("people", "person", "civilian", "resident", "protester", "demonstrator",
                          "member", "fighter", "militant", "men", "women", "children", "farmer", "worker", "student",
                          "supporter", "migrant", "refugee", "passenger", "villager", "crowd", "official"),
    QuantityUnit.other: (),
}

# Units that name a thing counted, as opposed to people (who may be killed, injured, ...).
OBJECT_UNITS = (QuantityUnit.targets, QuantityUnit.munitions, QuantityUnit.aircraft, QuantityUnit.attacks)
PEOPLE_CUES = UNIT_CUES[QuantityUnit.troops] + UNIT_CUES[QuantityUnit.people] + ("others", "sailors", "officers")

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

# Words that report speech and introduce a claim or an attribution.
REPORTING_VERBS = (
    "said", "says", "stated", "claimed", "claims", "confirmed", "announced", "warned", "told",
    "reported", "revealed", "asserted", "stressed", "added", "insisted", "denied", "alleged",
    "according to", "quoted",
)


def event_type_of(sub_type: EventSubType) -> EventType:
    return EVENT_SUBTYPES[sub_type][0]


def cues_for(sub_type: EventSubType) -> tuple[str, ...]:
    return EVENT_SUBTYPES[sub_type][1]

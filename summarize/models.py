"""The output contract: Pydantic v2 models, the single source of truth.

`schemas/*.schema.json` is exported from these models (see `summarize.schema_export`)
and a test fails when the two drift apart.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.3"


class MatchTier(str, Enum):
    """How a quote was found in the source."""

    exact = "exact"
    normalized = "normalized"  # equal after Unicode/quote/dash/space/case folding
    fuzzy = "fuzzy"  # strict near-match: numbers, names, dates and negations identical


class Evidence(BaseModel):
    """A verbatim span of `article.text`: `article.text[start:end] == quote`."""

    model_config = ConfigDict(frozen=True)

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    quote: str
    match: MatchTier


class RemovedText(BaseModel):
    """Input text that ingest kept out of `article.text`, so nothing is lost silently."""

    text: str
    reason: str


class SentenceSpan(BaseModel):
    start: int
    end: int
    heading: bool = False


class Article(BaseModel):
    text: str = Field(description="Cleaned article text; every offset in the result indexes into it.")
    sha256: str
    title: str | None = None
    published: dt.date | None = None
    published_from: str | None = Field(
        default=None, description="Where the publication date came from: argument, dateline or metadata."
    )
    outlet: str | None = None
    url: str | None = None
    input_format: str = "text"
    sentences: list[SentenceSpan] = Field(default_factory=list)
    removed: list[RemovedText] = Field(default_factory=list)
    instruction_like: list[SentenceSpan] = Field(
        default_factory=list,
        description="Sentences that address a language model; never used as evidence.",
    )


class EventType(str, Enum):
    """ACLED-style top-level event types (plus `statement`)."""

    explosions_remote_violence = "explosions_remote_violence"
    battles = "battles"
    violence_against_civilians = "violence_against_civilians"
    protests = "protests"
    riots = "riots"
    strategic_developments = "strategic_developments"
    statement = "statement"
    other = "other"  # a general event (politics, courts, business, sport, ...): no ACLED type fits


class EventSubType(str, Enum):
    air_drone_strike = "air_drone_strike"
    missile_attack = "missile_attack"
    remote_explosive = "remote_explosive"
    armed_clash = "armed_clash"
    attack_on_civilians = "attack_on_civilians"
    peaceful_protest = "peaceful_protest"
    violent_demonstration = "violent_demonstration"
    arrest = "arrest"
    agreement = "agreement"
    statement = "statement"
    other = "other"


class EventStatus(str, Enum):
    occurred = "occurred"
    threatened = "threatened"
    planned = "planned"
    negated = "negated"  # denied, or said not to have happened


class DatePrecision(str, Enum):
    day = "day"
    month = "month"
    year = "year"


class EventDate(BaseModel):
    text: str = Field(description="The date words as written in the source.")
    value: dt.date | None = Field(default=None, description="Resolved calendar date, when it can be resolved.")
    precision: DatePrecision | None = None
    relative: bool = Field(default=False, description="Resolved against the publication date.")
    evidence: list[Evidence]


class Location(BaseModel):
    place: str
    region: str | None = None
    country: str | None = None
    evidence: list[Evidence]

    def describe(self) -> str:
        return ", ".join(dict.fromkeys(part for part in (self.place, self.region, self.country) if part))


class ActorRole(str, Enum):
    initiator = "initiator"
    target = "target"


class Actor(BaseModel):
    name: str
    role: ActorRole
    evidence: list[Evidence]


class Qualifier(str, Enum):
    exact = "exact"
    more_than = "more_than"
    at_least = "at_least"
    about = "about"
    up_to = "up_to"
    fewer_than = "fewer_than"
    several = "several"
    between = "between"  # a range: see min and max


class QuantityUnit(str, Enum):
    killed = "killed"
    injured = "injured"
    casualties = "casualties"
    targets = "targets"
    munitions = "munitions"
    attacks = "attacks"
    troops = "troops"
    aircraft = "aircraft"
    people = "people"
    money = "money"
    percent = "percent"
    other = "other"


class Quantity(BaseModel):
    text: str = Field(description="The number phrase as written, e.g. 'more than 40 others wounded'.")
    value: int | None = None
    min: int | None = None
    max: int | None = None
    qualifier: Qualifier = Qualifier.exact
    unit: QuantityUnit
    attribution: str | None = Field(default=None, description="Who the number is attributed to, as written.")
    evidence: list[Evidence]

    def describe(self) -> str:
        """'more than 40 (per the navy)', '10-15'."""
        number = str(self.value) if self.value is not None else f"{self.min}-{self.max}"
        qualifier = "" if self.qualifier in (Qualifier.exact, Qualifier.between) else self.qualifier.value.replace("_", " ") + " "
        source = f" (per {self.attribution})" if self.attribution else ""
        return f"{qualifier}{number}{source}"


class EventRelation(str, Enum):
    responds_to = "responds_to"  # "in response to", "in retaliation for", "followed"


class EventLink(BaseModel):
    relation: EventRelation
    event: int = Field(description="Index in `events` of the event this one relates to.")
    evidence: list[Evidence]


class Event(BaseModel):
    event_type: EventType = Field(description="ACLED-style type when the trigger's sense and arguments fit; else other.")
    sub_type: EventSubType
    status: EventStatus
    trigger: str = Field(description="The word in the evidence that names the event (the 'what').")
    evidence: list[Evidence]
    what: Evidence | None = Field(default=None, description="The trigger span itself.")
    main: bool = Field(default=False, description="The event the headline and lead report.")
    date: EventDate | None = None
    location: Location | None = None
    actors: list[Actor] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    links: list[EventLink] = Field(default_factory=list)


class Claim(BaseModel):
    speaker: str
    text: str
    evidence: list[Evidence]


class SummarySentence(BaseModel):
    text: str
    evidence: list[Evidence]


class LoadedCategory(str, Enum):
    """Kinds of loaded wording (see summarize/article/lexicons/README.md)."""

    emotive = "emotive"  # the writer's feeling or moral judgement: "tragic", "brutal", "heroic"
    label = "label"  # a characterizing name: "terrorist", "regime", "thugs", "so-called"
    intensifier = "intensifier"  # force without information: "massive", "utterly", "long-overdue"
    speculation = "speculation"  # motive, intent or consequence asserted: "clearly", "underscores"


class LoadedTerm(BaseModel):
    """A loaded word or phrase: `article.text[start:end] == term` (for a summary term, `summary[sentence].text`)."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    term: str
    category: LoadedCategory
    attributed: bool = Field(default=False, description="Quoted or reported speech of a speaker, not the writer's voice.")
    speaker: str | None = Field(default=None, description="Who the wording is attributed to, as written, when known.")
    sentence: int | None = Field(
        default=None, description="For a term of the summary: the index of its summary sentence, whose text the offsets index.")


class AttributionCheck(BaseModel):
    """A casualty figure or a claim of blame in a chosen summary sentence, and whether the sentence attributes it."""

    kind: str = Field(description="casualty or blame")
    summary: int | None = Field(description="Index in `summary` of the emitted sentence; None when it was not emitted.")
    cue: str = Field(description="The figure or blame words, as written.")
    passed: bool
    source: str | None = Field(default=None, description="Who the sentence attributes it to, as written.")
    reason: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class NeutralityReport(BaseModel):
    """Loaded wording in the source and in the summary, and the attribution checks of the summary.

    Subjectivity is the number of loaded terms in the writer's own voice per 100 words.
    """

    source_terms: list[LoadedTerm] = Field(default_factory=list, description="Loaded terms of the article, own voice and attributed.")
    summary_terms: list[LoadedTerm] = Field(
        default_factory=list, description="Loaded terms in the summary's own voice (the goal is none); offsets into article.text.")
    removed_terms: list[LoadedTerm] = Field(
        default_factory=list, description="Loaded terms deleted from the chosen summary sentences.")
    attribution_checks: list[AttributionCheck] = Field(default_factory=list)
    source_words: int = 0
    summary_words: int = 0
    source_subjectivity: float = Field(default=0.0, description="Own-voice loaded terms per 100 words of the article.")
    summary_subjectivity: float = Field(default=0.0, description="Own-voice loaded terms per 100 words of the summary.")


class Rejected(BaseModel):
    """A value the model proposed that could not be grounded after bounded attempts."""

    field: str = Field(description="Where the value would have gone, e.g. events[0].quantities[2].unit.")
    value: str
    reason: str
    attempts: int
    nearest: str | None = Field(default=None, description="The closest passage in the source, if any.")


class Usage(BaseModel):
    model: str
    backend: str
    mode: str
    engine: str
    prompt_version: str
    schema_version: str = SCHEMA_VERSION
    calls: int = Field(default=0, description="Model calls answered with a valid answer.")
    failed_calls: int = Field(
        default=0,
        description="Model calls that failed: a transport error after retries, or an answer that was empty, "
        "unparseable or not valid for its schema. A result always has calls > 0 when failed_calls > 0.",
    )
    reasks: int = 0
    transport_retries: int = Field(default=0, description="Requests retried after a timeout, 429 or 5xx.")
    prompt_tokens: int = 0
    completion_tokens: int = 0
    article_tokens: int | None = Field(default=None, description="Tokens of article.text alone, when the backend can count them.")
    seconds: float = 0.0


class SummaryResult(BaseModel):
    schema_version: str = SCHEMA_VERSION
    article: Article
    events: list[Event] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    summary: list[SummarySentence] = Field(default_factory=list)
    rejected: list[Rejected] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    usage: Usage
    neutrality: NeutralityReport | None = Field(
        default=None, description="Loaded wording in the source and the summary, and the summary's attribution checks.")

    def facts(self) -> list["Fact"]:
        """Every emitted field with its path, a readable value and its evidence, in result order."""
        found: list[Fact] = []
        for e, event in enumerate(self.events):
            path = f"events[{e}]"
            kind = "" if event.sub_type is EventSubType.other else f" {event.sub_type.value}"
            found.append(Fact(path=path, kind="event", value=f"{event.trigger}:{kind} ({event.status.value})",
                              evidence=event.evidence))
            if event.date:
                resolved = event.date.value.isoformat() if event.date.value else "unresolved"
                found.append(Fact(path=f"{path}.date", kind="date", value=f"{event.date.text} = {resolved}",
                                  evidence=event.date.evidence))
            if event.location:
                found.append(Fact(path=f"{path}.location", kind="location", value=event.location.describe(),
                                  evidence=event.location.evidence))
            for a, actor in enumerate(event.actors):
                found.append(Fact(path=f"{path}.actors[{a}]", kind=actor.role.value, value=actor.name,
                                  evidence=actor.evidence))
            for q, quantity in enumerate(event.quantities):
                found.append(Fact(path=f"{path}.quantities[{q}]", kind=quantity.unit.value,
                                  value=quantity.describe(), evidence=quantity.evidence))
        for c, claim in enumerate(self.claims):
            found.append(Fact(path=f"claims[{c}]", kind="claim", value=claim.speaker, evidence=claim.evidence))
        for s, sentence in enumerate(self.summary):
            found.append(Fact(path=f"summary[{s}]", kind="summary", value=sentence.text, evidence=sentence.evidence))
        return found

    def evidence(self) -> list[Evidence]:
        """Every evidence object in the result, in document order of the fields."""
        return [item for fact in self.facts() for item in fact.evidence]


class Fact(BaseModel):
    """A view of one emitted field, for renderers and `summarize verify`."""

    path: str
    kind: str
    value: str
    evidence: list[Evidence]

"""The digest contract (`digest.json`): exported to `schemas/digest.schema.json`.

Nothing in it depends on when the digest was built: a rerun on the same input gives the
same bytes. Run times live in the run report and the store.
"""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from summarize.models import EventRelation, Qualifier

DIGEST_SCHEMA_VERSION = "1.0"


class Span(BaseModel):
    """A passage of one article: `article.text[start:end] == quote` for the cleaned text."""

    article: str = Field(description="Article id in `stories[].articles` (or a reprint's representative).")
    outlet: str | None = None
    url: str | None = None
    start: int
    end: int
    quote: str


class Reprint(BaseModel):
    """A wire copy or near-duplicate of a listed article: not independent corroboration."""

    id: str
    url: str | None = None
    source: str | None = None
    input: str = Field(description="Where the reprint was read from (file or feed line).")
    similarity: float = Field(description="Estimated Jaccard similarity of word shingles with the article.")


class DigestArticle(BaseModel):
    id: str = Field(description="The first 12 hex digits of the cleaned text's sha256.")
    sha256: str
    input: str
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published: dt.date | None = None
    reprints: list[Reprint] = Field(default_factory=list)


class Assertion(BaseModel):
    """One figure as one source gives it: never averaged with others."""

    measure: str = Field(description="What is counted: killed, injured, targets, people, ...")
    value: int | None = Field(default=None, description="The number as written (null for a range).")
    low: int | None = Field(description="Lowest value the words allow.")
    high: int | None = Field(description="Highest value the words allow; null is an open upper bound ('more than 40').")
    qualifier: Qualifier
    text: str = Field(description="The figure as written.")
    attribution: str | None = Field(default=None, description="The authority the figure is attributed to, as written.")
    source: Span


class MeasureSummary(BaseModel):
    """All assertions of one measure for one event, and whether they agree."""

    measure: str
    status: str = Field(description="single | agree | conflict")
    range_low: int | None
    range_high: int | None = Field(description="null: open upper bound.")
    headline: str = Field(description="The most conservative credible figure; 'at least N (disputed)' on conflict.")
    assertions: list[Assertion]


class SynopsisSentence(BaseModel):
    text: str
    citations: list[Span] = Field(min_length=1)


class Fact(BaseModel):
    """An actor, place or date of an event, with every source that backs it."""

    kind: str = Field(description="initiator | target | location | date")
    value: str
    sources: list[Span]


class StoryEvent(BaseModel):
    id: str = Field(description="Story id + event number, e.g. s1.e1.")
    role: str = Field(description="main: what the story reports; answered: the event the main one responds to; "
                      "response: an event that responds to the main one; other: a further event of the story.")
    event_type: str
    sub_type: str
    triggers: list[str]
    relation: EventRelation | None = Field(default=None, description="How this event relates to `related_to`.")
    related_to: str | None = None
    description: Span | None = Field(default=None, description="The passage that first names the event.")
    facts: list[Fact] = Field(default_factory=list)
    measures: list[MeasureSummary] = Field(default_factory=list)
    sources: list[Span] = Field(default_factory=list, description="The passage naming the event in each source.")
    synopsis: list[SynopsisSentence] = Field(
        default_factory=list, description="Summary sentences of the sources that speak of this event (their evidence "
                                          "overlaps the event's); each cites its spans.")


class Story(BaseModel):
    id: str
    title: str
    first_published: dt.date | None = None
    articles: list[DigestArticle]
    events: list[StoryEvent]
    conflicts: list[str] = Field(default_factory=list, description="Measures whose sources disagree, by event id.")
    synopsis: list[SynopsisSentence] = Field(default_factory=list)


class Failure(BaseModel):
    input: str
    reason: str = Field(description="Why it failed; it is retried on the next run (attempts are in the run report).")


class Digest(BaseModel):
    schema_version: str = DIGEST_SCHEMA_VERSION
    window: dict[str, str | None] = Field(default_factory=dict, description="since/until of the publication window.")
    stories: list[Story]
    failures: list[Failure] = Field(default_factory=list)

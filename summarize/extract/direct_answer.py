"""The direct engine's wire format: what a capable model returns in one call.

Every fact carries one contiguous verbatim `quote` (or a name copied from its event's
sentence); nothing here is trusted. `extract.direct` grounds and checks each field
before anything becomes part of a `SummaryResult`.
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from summarize.models import ActorRole, EventStatus, EventSubType, Qualifier, QuantityUnit


class DirectActor(BaseModel):
    name: str = Field(description="Copied verbatim from the event's sentence.")
    role: ActorRole


class DirectQuantity(BaseModel):
    quote: str = Field(description="The number phrase as written, with its qualifier: 'at least 14 others'.")
    value: int | None = None
    min: int | None = None
    max: int | None = None
    qualifier: Qualifier = Qualifier.exact
    unit: QuantityUnit
    attribution: str | None = Field(default=None, description="Who gave the figure, as written; null if nobody.")


class DirectEvent(BaseModel):
    trigger: str = Field(description="The one word of the quote that names the event.")
    quote: str = Field(description="Verbatim from one numbered sentence.")
    sentence: int = Field(description="The number of that sentence.")
    sub_type: EventSubType
    status: EventStatus
    main: bool = False
    date: str | None = Field(default=None, description="Date words copied from the event's sentence.")
    place: str | None = Field(default=None, description="Place name copied from the event's sentence.")
    actors: list[DirectActor] = Field(default_factory=list)
    quantities: list[DirectQuantity] = Field(default_factory=list)


class DirectClaim(BaseModel):
    speaker: str
    quote: str = Field(description="The reported words, verbatim from one numbered sentence.")
    sentence: int


class DirectSummarySentence(BaseModel):
    text: str = Field(description="Plain, neutral wire-service wording.")
    quotes: list[str] = Field(description="Verbatim quotes this sentence rests on.")


class DirectAnswer(BaseModel):
    events: list[DirectEvent] = Field(default_factory=list)
    claims: list[DirectClaim] = Field(default_factory=list)
    summary: list[DirectSummarySentence] = Field(default_factory=list)
